#pragma once
// Text recordings for `ppp-conform check` (DESIGN.md sections 4 and 7, issue #16): the typed,
// timestamped records that the pppd log reader (pppd_log.hpp) and the Cisco IOS debug reader
// (ios_debug.hpp) make of a text file, what both readers share (line counts, time stamps,
// secret redaction), the format sniffer and the merge of several files by time.
//
// A record says only what its line says. A PPP packet is rebuilt from the printed fields with the
// wire codecs; octets the text does not give are listed as unknown and never guessed (pppd cuts
// data after 32 octets, IOS prints `len N` and no challenge value), so a rule that needs them can
// be judged inconclusive instead of on invented bytes.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::adapters::recording {

// Where a record came from: the file as the caller named it, 1-based lines. A record made of
// several lines (IOS option lines, Q.931 IE lines, a `show dialer` block) spans first..last.
struct Source {
    std::string file;
    std::size_t line = 0;
    std::size_t last_line = 0;
};

// What the stamp's clock is, so a caller knows which files share a time scale.
enum class ClockKind : std::uint8_t {
    Calendar,  // a date and a time of day (syslog `Dec  3 21:04:05`, RFC 3339, IOS `*Mar  1 ...`)
    DayTime,   // `02:45:42` alone: IOS uptime under a day or time of day, one counts as the other
    Uptime,    // IOS uptime past a day: `1d02h`, `2w3d`
};

// A line's time on the file's own clock. `ms` counts from midnight of the first stamped day
// (Calendar; later days add 86,400,000 each) or from the clock's zero (DayTime, Uptime: the
// router's boot for an uptime). `resolution_ms` is the stamp's grain: 1 for `.123`, 1,000 for
// whole seconds, 3,600,000 for `1d02h`, 86,400,000 for `2w3d`. The event happened in
// [ms, ms + resolution_ms); timer rules widen their tolerance by it (issue #16).
struct Stamp {
    std::int64_t ms = 0;
    std::int64_t resolution_ms = 1000;
    ClockKind clock = ClockKind::Calendar;
    friend bool operator==(const Stamp& a, const Stamp& b) {
        return a.ms == b.ms && a.resolution_ms == b.resolution_ms && a.clock == b.clock;
    }
};

// Who sent what the line shows. The recorder is the daemon or router that wrote the file
// (pppd `sent`, IOS `O` and `TX ->`); its peer is the other end (`rcvd`, `I`, `RX <-`).
enum class Side : std::uint8_t { None, Recorder, Peer };
const char* side_name(Side side);  // "none", "recorder", "peer"

struct OctetRange {
    std::size_t offset = 0;
    std::size_t size = 0;
    friend bool operator==(const OctetRange& a, const OctetRange& b) {
        return a.offset == b.offset && a.size == b.size;
    }
};

// A PPP packet (Code .. end of Information, no Address/Control/Protocol/FCS) rebuilt from text.
// Octets inside `unknown` hold 0 and stand for values the text does not give (a CHAP value IOS
// does not print, the Length field pppd does not print when the data was cut, a CBCP address
// type); `truncated` says the packet goes on past `octets` (pppd's " ...", IOS `len N` longer
// than the option lines gave). `length` is the packet's length when the text tells it.
struct RebuiltPacket {
    std::uint16_t protocol = 0;
    wire::Bytes octets;
    std::vector<OctetRange> unknown;
    bool truncated = false;
    std::optional<std::size_t> length;
    // IOS prints the recorder's automaton state beside a packet (`[REQsent]`, OBS-05): kept as
    // printed, empty when the line has none (pppd never prints one).
    std::string fsm_state;

    bool complete() const { return !truncated && unknown.empty(); }
    // True when every octet of [offset, offset + size) is in `octets` and not unknown.
    bool known(std::size_t offset, std::size_t size) const;
    std::optional<std::uint8_t> code() const;        // octet 0 when known
    std::optional<std::uint8_t> identifier() const;  // octet 1 when known
};

// The packet decoded by the wire codecs, only when it is complete (nothing unknown, nothing cut).
// A rule that needs only known fields may still decode `octets` itself (wire::decode_payload) and
// check with known() that the fields it reads are not placeholders: a pppd CBCP Response is
// incomplete only by its unprinted Address-Type, its delay and number are known.
std::optional<wire::PppPayload> decode_complete(const RebuiltPacket& packet);

// A Q.931 message rebuilt from `debug isdn q931` (OBS-04): the header line and its IE lines.
// `octets` is encode_q931(message); IE lines that could not be rebuilt are kept (as printed,
// redacted) in `unrebuilt` and make the message incomplete, as does a protocol discriminator
// other than 8 or a call reference longer than BRI's one octet.
struct Q931Record {
    wire::Q931Message message;
    wire::Bytes octets;
    std::vector<std::string> unrebuilt;
    bool complete() const { return unrebuilt.empty(); }
};

// Call and dial-on-demand events from `debug dialer` and IOS syslog (OBS-03, OBS-07), and the
// pppd lines that say the same about its line.
enum class CallEventKind : std::uint8_t {
    DialCause,               // `Dialing cause ip (s=192.0.2.2, d=192.0.2.1)`: protocol, addresses
    DialAttempt,             // `Attempting to dial <number>`
    DialFailed,              // `call to N failed, cause ...`, `wait for carrier timeout, call to N failed`
    Connected,               // `%ISDN-6-CONNECT: Interface BRI0:1 is now connected to N NAME`
    Disconnected,            // `%ISDN-6-DISCONNECT: ... disconnected from N NAME, call lasted S seconds`
    LinkUp,                  // `%LINK-3-UPDOWN: Interface BRI0:1, changed state to up`; pppd `Connect:`
    LinkDown,                // `... changed state to down`; pppd `Modem hangup`, `Connection terminated.`
    LineProtocolUp,          // `%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:1, changed state to up`
    LineProtocolDown,
    Layer2Up,                // `%ISDN-6-LAYER2UP: Layer 2 for Interface BR0, TEI 64 changed to up`
    Layer2Down,
    CallbackNegotiated,      // `Callback negotiated - Disconnecting now` (client, CCB)
    CallbackClientCreated,   // `Callback client for R1 <number> created`
    CallbackReceived,        // `Callback received from R1 <number>`
    CallbackFreed,           // `Freeing callback to R1 <number>`
    CallbackTimerExpired,    // `Callback timer expired`
    CallbackStarting,        // `beginning callback to R2 <number>`, `Callback server starting to R2 N`
    CallbackNotConfigured,   // `Callback client R2 not configured, disconnecting`
    CallbackPending,         // pppd `peer will call: <number>` (CBCP, OBS-10)
    Disconnecting,           // `disconnecting call`
    IdleTimeout,             // `idle timeout`
    DialerProtocolUp,        // `dialer protocol up`
    AuthenticationFailed,    // `authentication failed, disconnecting call`; pppd `CHAP authentication failed`
    AuthenticationSucceeded, // pppd `CHAP authentication succeeded`
};
const char* call_event_name(CallEventKind kind);  // "dial-cause", "dial-attempt", ...

struct CallEvent {
    CallEventKind kind = CallEventKind::DialAttempt;
    std::string number;       // directory number, when the line gives one
    std::string name;         // the peer's name (`R1`), when the line gives one
    std::string protocol;     // DialCause: `ip`
    std::string source_address, destination_address;  // DialCause; empty when cut out (`s=, d=`)
    std::optional<std::uint8_t> cause;  // Q.850 value when the line gives one (DialFailed)
    std::string reason;       // the rest of the line where it says why (`Authentication failure`)
    std::optional<std::int64_t> call_seconds;  // Disconnected: `call lasted N seconds`
};

// One `show dialer` section (OBS-08): `BRI0 - dialer type = ISDN` (dial strings, screening
// counters) or `BRI0:1 - dialer type = ISDN` (timers, state, reason, connection).
struct DialStringStats {
    std::string number;
    std::int64_t successes = 0;
    std::int64_t failures = 0;
    std::string last_called;  // `Last DNIS` column as printed: time since the last call, `never`
    std::optional<std::int64_t> last_called_s;  // that time when printed as hh:mm:ss
    std::string last_status;
};
struct DialerShow {
    std::string interface;
    std::string dialer_type;
    std::vector<DialStringStats> dial_strings;
    std::optional<std::int64_t> screened_calls, rejected_for_callback;
    std::optional<std::int64_t> idle_timer_s, fast_idle_s, wait_for_carrier_s, re_enable_s;
    std::string dialer_state;   // `data link layer up`, `idle`
    std::string dial_reason;    // `Callback return call`
    std::optional<std::int64_t> time_until_disconnect_s;
    std::string connected_number, connected_name;
};
// The sections of a `show dialer` printout, in order: what the lab reads from a SUT's console
// (show-dialer). Lines before the first section header, or of no section, are left out.
std::vector<DialerShow> parse_show_dialer(std::string_view text);

// Automaton and phase lines (OBS-05): `LCP: State is Open` (to = Open), `PPP: Phase is
// AUTHENTICATING, by both` (to = AUTHENTICATING, detail = by both), IOS-XE `Event[Receive
// ConfReq+] State[Stopped to ACKsent]`. Names as printed.
struct StateChange {
    enum class Kind : std::uint8_t { State, Phase, Transition } kind = Kind::State;
    std::string protocol;  // LCP, IPCP, PPP, CHAP, ...
    std::string event, from, to, detail;
};

// A line of the format that says something the other bodies do not carry (pppd's `Using
// interface ppp0`, an IOS `%SYS-5-CONFIG_I`, a router prompt with a command): kept so that a
// timeline can show it and so that the line counts as recognised.
struct Note {
    std::string message;  // redacted
};

using RecordBody = std::variant<RebuiltPacket, Q931Record, CallEvent, DialerShow, StateChange, Note>;

struct Record {
    Source source;
    // The router or host that wrote the line when the line names it (`R2 00:00:00.020: ...` as
    // the reference's `simulate` prints several routers in one file; a syslog line's host);
    // empty otherwise.
    std::string recorder;
    std::optional<Stamp> time;  // absent when the line had no stamp
    Side side = Side::None;
    std::string interface;      // as printed: `BR0:1`, `BRI0:1`, `Se0/0`; empty for pppd's tty
    std::uint8_t channel = 0;   // B-channel named by the interface (`BR0:2` -> 2), else 0
    std::string text;           // the line(s), secrets redacted, line ends removed
    RecordBody body;
};

// Every line read is either recognised (it belongs to the format: it made or continued a record)
// or skipped: lines == recognised + skipped. Blank lines and lines longer than the bound are
// skipped and also counted apart. A file with recognised == 0 is not of the reader's format.
struct ReadStats {
    std::size_t lines = 0;
    std::size_t recognised = 0;
    std::size_t skipped = 0;
    std::size_t blank = 0;
    std::size_t too_long = 0;
    std::size_t records = 0;
};

// A reader streams records out of one text file line by line: memory is bounded by one pending
// record, never by the file (lines over kMaxRecordingLineBytes are counted, not held).
inline constexpr std::size_t kMaxRecordingLineBytes = 64 * 1024;

class RecordReader {
public:
    virtual ~RecordReader() = default;
    // The next record, or nullopt when the input is exhausted.
    virtual std::optional<Record> next() = 0;
    virtual const ReadStats& stats() const = 0;
};

enum class RecordingFormat : std::uint8_t { Unknown, PppdLog, IosDebug };
const char* format_name(RecordingFormat format);  // "unknown", "pppd-log", "ios-debug"

// Which text format the start of a file is (the caller passes its first few KiB; a last line cut
// by that limit is at worst not recognised): the reader that recognises more of its lines,
// Unknown when neither recognises any. pcap magic numbers are the capture reader's business.
RecordingFormat sniff_format(std::string_view head);

// A reader of `format` over `in` (not owned; it must outlive the reader); nullptr for Unknown.
std::unique_ptr<RecordReader> make_reader(RecordingFormat format, std::istream& in, std::string file);

// Reads every record (for tests and small files; `check` streams with next()).
std::vector<Record> read_all(RecordReader& reader);

// The text with every secret replaced by `<redacted>` (DESIGN.md section 9): the value after
// `password` or `secret` (an IOS encryption type digit before it is kept: `password 7
// <redacted>`), and pppd's PAP `password="..."` (pppd's own `<hidden>` stays).
std::string redact_secrets(std::string_view text);

// Several files of one session on one time line (issue #16: "merged by time"). `offsets_ms[i]`
// is added to file i's stamps (files[i] shorter than offsets: 0) to put the recorders' clocks on
// one scale. Records keep their order within a file; a record without a stamp stays right after
// the record before it in its file. Between files, earlier times come first, and on equal times
// the file given first.
std::vector<Record> merge_by_time(std::vector<std::vector<Record>> files,
                                  const std::vector<std::int64_t>& offsets_ms = {});

// The first packet `b` logs that `a` logs too from the other end: what one end sent and the other
// received, octet for octet (complete packets only; Identifiers and Magic-Numbers make such a
// match one of a kind). Its existence shows the files are two ends' logs of one session, and the
// two records are where their clocks meet. Indexes into `a` and `b`.
struct SharedPacket {
    std::size_t a = 0;
    std::size_t b = 0;
};
std::optional<SharedPacket> first_shared_packet(const std::vector<Record>& a, const std::vector<Record>& b);

}  // namespace ppp::adapters::recording
