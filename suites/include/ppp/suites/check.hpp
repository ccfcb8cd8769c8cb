#pragma once
// `ppp-conform check` (issue #16, DESIGN.md section 4): the oracle that judges `run`, fed a
// recording instead of a live port. A recording is port messages with times and directions; the
// oracle judges them without driving anything, and each requirement the recording exercised gets
// a verdict: pass, fail, or inconc when the recording lacks what the rule needs.
//
// What the recording cannot say is never guessed:
// - a packet the text prints in part (pppd cuts data after 32 octets, IOS prints no CHAP value)
//   is fed with its unknown octets as placeholders only to keep the automata in step; a finding
//   judged on it, or on a later packet of the same protocol on that link, is inconc, naming the line;
// - stamps of whole seconds widen every timer tolerance by a second (a stamp's grain); without
//   stamps timers are not judged at all and each requirement that sets a delay is inconc;
// - what the SUT still owed when the recording ends is inconc, not a failure;
// - a recording without call control (a pppd log on a pty) is judged as a line that is up.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ppp/adapters/recording.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/wire/port.hpp"

namespace ppp::suites {

// Which end of the recording is the system under test: the daemon or router that wrote the file
// (pppd's `sent`, IOS `O`), or the one it talked to.
enum class SutSide : std::uint8_t { Recorder, Peer };

// The SUT's callback role as the recording shows it, and the line that shows it.
struct RoleEvidence {
    model::Role role = model::Role::Client;
    std::string why;  // "seed.txt line 5: the SUT dials first (Attempting to dial <number>)"
};
// The first record that tells the role: the first call placed (SETUP, `Attempting to dial`), an
// LCP Configure-Request with the Callback option (RFC 1570: the caller asks to be called back),
// a CBCP Request (server) or Response (client), the IOS callback client/server lines.
std::optional<RoleEvidence> infer_role(const std::vector<adapters::recording::Record>& records, SutSide sut);

struct CheckSetup {
    model::Role role = model::Role::Client;
    model::Profile profile;
    pixit::Pixit parameters;
    // The coarsest stamp of the recording (Stamp::resolution_ms); nullopt: no stamps at all.
    std::optional<model::Millis> stamp_resolution = model::Millis{1};
    // False: no Q.931 in the recording; B1 is taken as a line that is up from the start.
    bool call_control = true;
    // A capture taken on the line sees stimulus and answer cross (model::CrossingWindow); a log
    // written by the SUT is in the SUT's own order, window 0.
    model::Millis crossing{0};
};

// A recorded message with where it came from.
struct RecordedMessage {
    wire::PortMessage message;
    std::string where;       // "seed.txt line 12", "cap.pcapng frame 7"
    std::string stamp;       // the time as the recording prints it, "" without one
    std::string text;        // the message in RFC vocabulary (decode's description)
    std::string incomplete;  // why the message is not whole ("CHAP value not printed"), "" when it is
    // A CHAP Response printed without its Value, a PAP Authenticate-Request whose password a
    // capture redacted: whether the authenticator's later answer accepted it (resolve_answers). The
    // unknown part is then completed as the answer implies (the right hash or password for the
    // PIXIT's secret, or none), so that the automata follow what the recording shows happened;
    // findings on that protocol stay inconc all the same.
    std::optional<bool> accepted;
};

// Sets `accepted` on each message that awaits an answer (see RecordedMessage::accepted), from the
// next Success/Failure (CHAP) or Ack/Nak (PAP) with its Identifier on its channel; marks a redacted
// PAP password incomplete.
void resolve_answers(std::vector<RecordedMessage>& messages);

struct CheckFinding {
    std::vector<std::string> requirements;
    std::string explanation;            // "expected ..., observed ..."
    std::string where;                  // the record it was judged on, or "end of recording"
    model::Millis at{0};
    std::string inconclusive;           // why the finding cannot be trusted; "" for a failure
    std::optional<std::size_t> entry;   // the timeline entry it was judged on
};

struct TimelineEntry {
    std::string where;
    std::string stamp;
    model::Millis at{0};
    std::string arrow;  // "peer -> SUT", "SUT -> peer", "network -> SUT", "SUT -> network", ""
    std::string text;
    std::vector<std::size_t> findings;  // indexes into CheckResult::findings
};

enum class RequirementVerdict : std::uint8_t { Pass, Fail, Inconc };
const char* verdict_name(RequirementVerdict verdict);  // "pass", "fail", "inconc"

struct RequirementResult {
    std::string id;
    RequirementVerdict verdict = RequirementVerdict::Pass;
    std::uint64_t exercised = 0;           // the model's count of rows citing it that fired
    std::vector<std::size_t> findings;     // indexes into CheckResult::findings
    std::string reason;                    // one line: the first finding, or why inconc
};

struct CheckResult {
    std::vector<TimelineEntry> timeline;
    std::vector<CheckFinding> findings;
    std::vector<RequirementResult> requirements;  // catalog order
    std::vector<std::string> notes;               // what the judge assumed or could not do
    std::size_t messages = 0;    // port messages judged
    std::size_t incomplete = 0;  // of them, printed in part
    std::size_t unjudged = 0;    // records shown but not judged (call, DDR and state lines)

    bool failed() const;
    std::size_t count(RequirementVerdict verdict) const;
};

// Judges one recording, message by message (sans-IO: the caller reads files).
class RecordingJudge {
public:
    explicit RecordingJudge(CheckSetup setup);
    ~RecordingJudge();
    RecordingJudge(const RecordingJudge&) = delete;
    RecordingJudge& operator=(const RecordingJudge&) = delete;

    // A message of a capture, or of a text record (see judge_record).
    void judge(RecordedMessage recorded);
    // A line shown on the timeline and not judged (dial causes, states, `show dialer`, notes).
    void show(TimelineEntry entry);
    // A line for the summary's notes (what an observation told about the recording).
    void note(std::string text);
    // From now on, findings citing a requirement of `family` ("LCP"), or the requirement itself
    // ("DDR-01"), are inconc for `reason`: the recording tells of an input the oracle cannot be fed
    // (IOS says why it dialled, not the datagram).
    void distrust(const std::string& family, std::string reason);
    // A recording shows what its debug switches logged: the rules of a kind of packet the recording
    // never shows (no LCP line: `debug ppp negotiation` was off) are distrusted, since there the
    // SUT's silence is no evidence. `protocols`: the PPP protocols of its packets; `q931`: any
    // Q.931; `lan`: any datagram at the SUT's LAN side (without, the dialer's causes are unseen).
    void distrust_unshown(const std::set<std::uint16_t>& protocols, bool q931, bool lan);
    // Ends the recording at `end` (the last record's time): deadlines up to it are judged, what is
    // still owed after it is inconc.
    CheckResult finish(model::Millis end);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A whole text recording (records of one or several files, merged by time): times counted from
// the first stamp, each packet or Q.931 record judged, the rest shown.
CheckResult check_records(const std::vector<adapters::recording::Record>& records, const CheckSetup& setup, SutSide sut);

// The same over a capture's messages (directions already the SUT's).
std::optional<RoleEvidence> infer_role(const std::vector<RecordedMessage>& messages);

// The coarsest stamp among `records`; nullopt when none has a stamp.
std::optional<model::Millis> coarsest_stamp(const std::vector<adapters::recording::Record>& records);
// Whether any record is a Q.931 message.
bool has_call_control(const std::vector<adapters::recording::Record>& records);

// One packet of a capture as a port message. PPP: DLT 204 carries its direction in its first octet
// (1: sent by the capturing side, the recorder), 9 (no FCS) and 50 (with the FCS as sent, so a bad
// one stays bad) need `recorder_sent` from the file (pcapng epb_flags). Q.931 in LAPD I and UI
// frames (203, and 177 after its pseudo header): the direction is the Q.921 C/R bit, 0 on commands
// from the user side (Q.921 section 3.3.2), and the SUT is the user side of its BRI. IPv4 at the
// SUT's LAN side (228, 101) needs `recorder_sent` (the recorder is the SUT's port: sent = delivered
// by the SUT). nullopt, with `skipped` saying why, for a frame that carries no message (LAPD
// supervisory and unnumbered frames) or whose direction is not known.
std::optional<RecordedMessage> captured_message(int linktype, const wire::Bytes& data, model::Millis at, SutSide sut,
                                                std::string& skipped, std::optional<bool> recorder_sent = std::nullopt,
                                                int channel = 1);

// What the user tells about a capture that records no direction (PPP in DLT 9 or 50).
struct SideClues {
    std::optional<bool> first_is_sut;       // --first-sender: who sent the first frame
    std::optional<std::uint32_t> sut_magic;  // --sut-magic: the SUT's LCP Magic-Number
};

// Tells which end sent each PPP frame of such a capture, frame by frame in the capture's order,
// from the clues and what earlier frames taught (sans-IO): an end's Magic-Number (RFC 1661 section
// 6.4) in its Configure-Requests, Echo and Discard packets; the end an answer goes back to (its
// request's Identifier; when both ends asked with one Identifier, the options decide, RFC 1661
// sections 5.2-5.4); a retransmission; the roles the LCP options set (Authentication-Protocol:
// the authenticator, RFC 1661 section 6.2; Callback: the callback client, RFC 1570 section 2).
// nullopt, with `why`, when nothing tells: such a frame is not judged, and since the PPP automata
// then miss a step, the caller distrusts every rule but the call control's (RecordingJudge::distrust).
class FrameSides {
public:
    explicit FrameSides(SideClues clues);
    ~FrameSides();
    FrameSides(const FrameSides&) = delete;
    FrameSides& operator=(const FrameSides&) = delete;
    // `message`: the frame as a B-channel port message (its direction is not read).
    std::optional<bool> from_sut(const wire::PortMessage& message, std::string& why);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The timeline, the findings at the end and the requirements, as text.
std::string render_check(const CheckResult& result);

}  // namespace ppp::suites
