#pragma once
// `ppp-conform decode`: frames in (hex text or a capture), one line per frame in RFC vocabulary
// out. Pure: the command reads files and streams through main.cpp / adapters.
#include <cstdint>
#include <string>
#include <vector>

#include "ppp/adapters/recording.hpp"
#include "ppp/wire/bytes.hpp"

namespace ppp::suites {

// How hex input is framed.
//   auto:  7E anywhere -> async (octet-stuffed, flags); else a leading 08 that decodes as
//          Q.931 -> Q.931; else sync if the FCS-16 residue is good; else a frame body
//          (Address .. Information, no FCS).
//   async: RFC 1662 octet-stuffed with flags (ACCM 0xFFFFFFFF on receive; any chunking).
//   sync:  Address .. FCS-16, as a simulated B-channel carries it.
//   body:  Address .. Information, no FCS.
//   q931:  a Q.931 message (D-channel).
enum class InputFraming { Auto, Async, Sync, Body, Q931 };

struct DecodeOptions {
    InputFraming framing = InputFraming::Auto;
    bool json = false;
};

// One frame's result, rendered by render().
struct FrameLine {
    std::size_t index = 0;      // 1-based over the whole run
    std::string source;         // "arg 1", "stdin line 3", "capture packet 7"
    std::string channel;        // "ppp" or "q931"
    std::string fcs;            // "ok", "bad", "aborted", "" (no FCS in the input)
    std::string direction;      // "sent", "received", "" (DLT 204 only)
    std::string description;    // RFC vocabulary, empty when the frame did not decode
    std::string error;          // DecodeError text, empty when it decoded
    std::string hex;            // the frame's octets (Address .. Information / Q.931)
    std::string time;           // a recording's stamp ("00:01:02.123"), "" otherwise
    std::string line_ref;       // a recording's line ("line 34"), shown in text; "" otherwise
    bool problem() const { return !error.empty() || fcs == "bad" || fcs == "aborted"; }
};

class FrameDecoder {
public:
    explicit FrameDecoder(DecodeOptions options) : options_(options) {}

    // Hex text (one frame, or an async stream of several). Returns false and sets `error` when
    // the text is not hex; the error names `source` and the offending character.
    bool decode_hex(const std::string& text, const std::string& source, std::vector<FrameLine>& out,
                    std::string& error);
    // "" when captures of this pcap link type can be decoded, else one line saying which can.
    static std::string check_linktype(int linktype, const std::string& source);
    // One packet of a capture with the given pcap link type. Unsupported link types -> false.
    // `direction` ("sent", "received" or "") is what the capture says apart from the packet
    // (pcapng epb_flags); DLT 204's own direction octet wins over it.
    bool decode_captured(int linktype, const wire::Bytes& data, const std::string& source,
                         std::vector<FrameLine>& out, std::string& error, const std::string& direction = "");

    // One record of a text recording (a pppd debug log, a Cisco IOS debug transcript; issue #16).
    // A packet or Q.931 message the text gives whole decodes as a captured one would; one the
    // text gives in part is shown with what is missing, never completed (channel "ppp",
    // description only); call, DDR, state and `show dialer` lines are shown as they read
    // (channel "event").
    void decode_record(const adapters::recording::Record& record, std::vector<FrameLine>& out);

    std::string render(const FrameLine& line) const;  // text or one JSON object

private:
    bool decode_link(int linktype, const wire::Bytes& data, const std::string& source, std::vector<FrameLine>& out,
                     std::string& error);
    void decode_body(const wire::Bytes& body, const std::string& source, const std::string& fcs,
                     const std::string& direction, std::vector<FrameLine>& out);
    void decode_q931(const wire::Bytes& octets, const std::string& source,
                     std::vector<FrameLine>& out);
    DecodeOptions options_;
    std::size_t count_ = 0;
};

bool parse_input_framing(const std::string& text, InputFraming& framing);

// A recording's stamp as read: "02:45:42", "00:01:02.123", "+1d 02:00:00" past the first day.
std::string stamp_text(const adapters::recording::Stamp& stamp);
// What the text does not give of a packet, in one clause ("16 octets not in the text, cut after
// 36 octets of 60"); "" when the packet is complete.
std::string missing_part(const adapters::recording::RebuiltPacket& packet);

}  // namespace ppp::suites
