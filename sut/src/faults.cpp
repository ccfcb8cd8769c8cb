#include "ppp/sut/faults.hpp"

namespace ppp::sut {

namespace {
// The one fault table (DESIGN.md section 6). A purpose that catches a fault must name one of its
// requirement IDs (tests/suites SuitesFaultDetection, `selftest`).
// clang-format off
constexpr FaultInfo kTable[kFaultCount] = {
    {Fault::CallbackIgnoresSecure, "callback-ignores-secure",
     "server calls back a user not configured for callback despite dialer callback-secure", "CCB-05"},
    {Fault::IpcpOnFirstCall, "ipcp-on-first-call",
     "client starts IPCP on the first call after callback was agreed", "SEQ-01 CB-03"},
    {Fault::CallbackOptionOnReturnCall, "callback-option-on-return-call",
     "server requests the Callback option (13) on its own return call", "SEQ-02 CB-04"},
    {Fault::KeepFirstCall, "keep-first-call",
     "server keeps the first call and runs NCP instead of dropping it for the callback", "SEQ-01 CB-03 CCB-04"},
    {Fault::EarlyReturnCall, "early-return-call",
     "server places the return call at once, not after the enable-timeout", "DDR-06 CCB-04"},
    {Fault::RetryBusyReturnCall, "retry-busy-return-call",
     "server retries a return call that was busy or unanswered", "CCB-06 AMB-10"},
    {Fault::NoTerminateAck, "no-terminate-ack",
     "a Terminate-Request is never answered with a Terminate-Ack", "LCP-09"},
    {Fault::AckReordersOptions, "ack-reorders-options",
     "Configure-Ack lists the acknowledged options in reverse order", "LCP-05"},
    {Fault::ChapWrongHashOrder, "chap-wrong-hash-order",
     "CHAP Response value is MD5(secret, Identifier, challenge) instead of MD5(Identifier, secret, challenge)", "CHAP-03"},
    {Fault::FcsOverWrongSpan, "fcs-over-wrong-span",
     "FCS-16 computed from the Protocol field on, leaving Address and Control out", "FR-04 FR-03"},
    {Fault::FcsMsbFirst, "fcs-msb-first",
     "FCS-16 transmitted most significant octet first", "FR-04"},
    {Fault::AddressControlOmitted, "address-control-omitted",
     "FF 03 left out of every frame once LCP is Opened, LCP included, though ACFC was never agreed", "LCP-01 FR-10"},
    {Fault::AckWrongIdentifier, "ack-wrong-identifier",
     "Configure-Ack carries the Request's Identifier plus one", "LCP-05"},
    {Fault::NakUnofferedOption, "nak-unoffered-option",
     "an acceptable first Configure-Request is answered by a Nak of an MRU the peer never offered", "LCP-06"},
    {Fault::RestartTimerShort, "restart-timer-short",
     "restart timer runs a third of the configured interval (units confused)", "FSM-01 FSM-03"},
    {Fault::NoCodeReject, "no-code-reject",
     "an LCP packet with an unknown Code is dropped without a Code-Reject", "LCP-10"},
    {Fault::EchoReplyZeroMagic, "echo-reply-zero-magic",
     "Echo-Reply carries Magic-Number 0 although a Magic-Number was agreed", "LCP-12"},
    {Fault::TerminateAckNewId, "terminate-ack-new-id",
     "Terminate-Ack takes a fresh Identifier instead of copying the Request's", "LCP-09"},
    {Fault::RenegotiationWithoutRequest, "renegotiation-without-request",
     "a Configure-Request in Opened is acked, but no Configure-Request of our own is sent", "FSM-08 FSM-02"},
    {Fault::SuccessBeforeResponse, "success-before-response",
     "CHAP Success sent right after the Challenge, before any Response", "CHAP-04"},
    {Fault::ChapResponseWrongId, "chap-response-wrong-id",
     "CHAP Response carries the Challenge's Identifier plus one", "CHAP-03"},
    {Fault::ChapSameChallenge, "chap-same-challenge",
     "a retransmitted CHAP Challenge repeats the Identifier and the Value", "CHAP-02"},
    {Fault::ChapAcceptsAnyResponse, "chap-accepts-any-response",
     "CHAP Success for any Response, whatever its hash", "CHAP-03"},
    {Fault::PapRetriedForever, "pap-retried-forever",
     "PAP Authenticate-Request retransmitted after the Ack, with no retry limit", "PAP-02"},
    {Fault::ClientCallbackOnReturnCall, "client-callback-on-return-call",
     "client requests the Callback option on the return call it answers", "SEQ-02 AMB-07 CB-04"},
    {Fault::CallbackToCalledNumber, "callback-to-called-number",
     "server places the return call to the number the first call dialled (its own)", "CCB-03 DDR-02"},
    {Fault::ClientDialsWhileCallbackPending, "client-dials-while-callback-pending",
     "client dials the server for new traffic while it waits for the return call", "CCB-04"},
    {Fault::CbcpAckWrongId, "cbcp-ack-wrong-id",
     "CBCP Callback-Ack carries the Response's Identifier plus one", "CBCP-04"},
    {Fault::CbcpRequestSameId, "cbcp-request-same-id",
     "a retransmitted CBCP Callback-Request keeps its Identifier", "CBCP-02"},
    {Fault::IdleTimerNotReset, "idle-timer-not-reset",
     "idle-timeout counted from the connect; interesting traffic never resets it", "DDR-03 DDR-01"},
    {Fault::DialPrefixAdded, "dial-prefix-added",
     "the dialer map number is dialled with an outside-line prefix 9 it does not carry (return call too)", "DDR-02 CCB-03 AMB-06"},
    {Fault::EnableTimeoutIgnored, "enable-timeout-ignored",
     "a failed call is redialled at once, not after the enable-timeout", "DDR-06"},
    {Fault::NoReleaseComplete, "no-release-complete",
     "a RELEASE from the network is never answered with RELEASE COMPLETE", "ISDN-05"},
    {Fault::NoConnectAck, "no-connect-ack",
     "the network's CONNECT is not acknowledged with CONNECT ACK", "ISDN-02 AMB-17"},
    {Fault::DisconnectAnsweredWithReleaseComplete, "disconnect-answered-with-release-complete",
     "a DISCONNECT from the network is answered by RELEASE COMPLETE instead of RELEASE", "ISDN-05"},
    {Fault::DisconnectWithoutCause, "disconnect-without-cause",
     "DISCONNECT sent without its mandatory Cause information element", "ISDN-05"},
    {Fault::MagicLoopNotDetected, "magic-loop-not-detected",
     "a peer Magic-Number equal to our own is acked: a looped-back line goes unnoticed", "LCP-16"},
    {Fault::T303NotHonoured, "t303-not-honoured",
     "a SETUP the network never answered is not repeated when T303 expires", "ISDN-02"},
    {Fault::CallbackServerUsesDialstring, "callback-server-uses-dialstring",
     "server calls the number in the Callback option despite dialer callback-server username", "CCB-03 AMB-08"},
    {Fault::IpcpAckAnyOptions, "ipcp-ack-any-options",
     "an IPCP Configure-Ack is taken when its Identifier matches, whatever options it lists", "IP-08"},
    {Fault::IpcpZeroAddressAcked, "ipcp-zero-address-acked",
     "a peer's IPCP Configure-Request for an address (IP-Address 0.0.0.0) is acknowledged", "IP-07"},
    {Fault::StatusEnquiryReleased, "status-enquiry-released",
     "a STATUS ENQUIRY about a call reference with no call is answered with RELEASE COMPLETE #81", "ISDN-13"},
    {Fault::StaleChapSuccessTaken, "stale-chap-success-taken",
     "after a renegotiation a CHAP Success answering the Response of the Authenticate phase before is taken as the new verdict",
     "CHAP-04 AMB-22"},
};
// clang-format on

constexpr bool table_in_enum_order() {
    for (std::size_t i = 0; i < kFaultCount; ++i) {
        if (static_cast<std::size_t>(kTable[i].fault) != i) return false;
    }
    return true;
}
static_assert(table_in_enum_order(), "fault table rows follow the enum");
}  // namespace

const FaultInfo& fault_info(Fault fault) { return kTable[static_cast<std::size_t>(fault)]; }
const FaultInfo* fault_table() { return kTable; }
const char* fault_name(Fault fault) { return fault_info(fault).name; }

bool fault_acts_on_link(Fault fault) {
    switch (fault) {
        case Fault::NoTerminateAck:
        case Fault::AckReordersOptions:
        case Fault::ChapWrongHashOrder:
        case Fault::FcsOverWrongSpan:
        case Fault::FcsMsbFirst:
        case Fault::AddressControlOmitted:
        case Fault::AckWrongIdentifier:
        case Fault::NakUnofferedOption:
        case Fault::NoCodeReject:
        case Fault::EchoReplyZeroMagic:
        case Fault::TerminateAckNewId:
        case Fault::RenegotiationWithoutRequest:
        case Fault::SuccessBeforeResponse:
        case Fault::StaleChapSuccessTaken:
        case Fault::ChapResponseWrongId:
        case Fault::ChapSameChallenge:
        case Fault::ChapAcceptsAnyResponse:
        case Fault::PapRetriedForever:
        case Fault::CbcpAckWrongId:
        case Fault::CbcpRequestSameId:
        case Fault::MagicLoopNotDetected:
        case Fault::RestartTimerShort:
        case Fault::IpcpAckAnyOptions:
        case Fault::IpcpZeroAddressAcked:
            return true;
        default:
            return false;
    }
}

std::vector<std::string> Faults::names() const {
    std::vector<std::string> out;
    for (const auto& row : kTable) {
        if (has(row.fault)) out.emplace_back(row.name);
    }
    return out;
}

bool Faults::parse(std::string_view text, Faults& out, std::string& error) {
    Faults result = out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == ',' || c == ' ' || c == '\t') {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size() && text[end] != ',' && text[end] != ' ' && text[end] != '\t') ++end;
        const std::string_view name = text.substr(pos, end - pos);
        bool found = false;
        for (const auto& row : kTable) {
            if (name == row.name) {
                result.add(row.fault);
                found = true;
            }
        }
        if (!found) {
            error = "unknown fault '" + std::string(name) + "' (accepted:";
            for (const auto& row : kTable) error += std::string(" ") + row.name;
            error += ")";
            return false;
        }
        pos = end;
    }
    out = result;
    return true;
}

}  // namespace ppp::sut
