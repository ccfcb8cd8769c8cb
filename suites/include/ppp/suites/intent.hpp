#pragma once
// Intents: what a test plan asks of the environment around the SUT (DESIGN.md section 4). A plan
// is a list of intents; one that cannot apply when it comes up is recorded as skipped, so any plan
// runs against any SUT. Text form, one intent per item: "ping 5", "wait 20s",
// "peer-naks-callback 3", "net-busy" (plans freeze to and load from this form).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ppp::suites {

enum class IntentKind : std::uint8_t {
    // the peer's LCP callback behaviour (SPEC CB, AMB-03..05)
    PeerRejectsCallback, PeerNaksCallback, PeerProposesOp,
    // authentication (SPEC PAP, CHAP, AMB-16)
    PeerWrongSecret, PeerUsesPap, PeerNoAuth,
    // CBCP (SPEC CBCP)
    PeerRefusesCbcp, PeerGarblesCbcp,
    // LCP from the peer (SPEC LCP, FSM)
    PeerTerminates, SendCodeReject, SendProtocolReject, SendEchoRequest, Renegotiate, PeerLoopsMagic,
    // malformed frames toward the SUT (SPEC FR, LCP-02)
    BadFcs, Truncated, BadLength, UnknownCode, UnknownOption,
    // the next frame toward the SUT
    DropNext, DuplicateNext, DelayNext, ReorderNext,
    // the ISDN network (SPEC ISDN, CCB-06)
    NetBusy, NetNoAnswer, NetNoChannel, NetDropLine, NetSlowConnect, NetNoResponse,
    // traffic at the client's LAN side (SPEC DDR-01)
    Ping, NonInterestingTraffic,
    // time (STYLE.md section 6: valid in every state, shrinks away)
    Wait,
    // configuration variants, applied when the plan starts (SPEC CCB-03, CCB-05)
    CallbackSecure, CallbackServerDialstring, ClientNotCallbackUser, ClientRequestsCbcp, ClientProposesNumber,
    // the environment's CBCP offer (a configuration variant) and a forged CBCP Request (SPEC
    // CBCP-02, LCP-11), and a client that asks for no callback (CCB-01)
    PeerOffersCbcp, SendCbcpRequest, ClientNoCallback,
    // a packet of a protocol nobody runs (SPEC LCP-11 in the Network phase, PH-03 while authenticating)
    UnknownProtocol,
    // the network asks the SUT for its call state (SPEC ISDN-09)
    NetStatusEnquiry,
    // the network never answers the SUT's next DISCONNECT (SPEC ISDN-10: T305)
    NetIgnoresDisconnect,
    // the peer's next CHAP Success or Failure answers no Response of the SUT's (SPEC CHAP-04)
    PeerMisnumbersChapResult,
    // the peer agrees op 6 and then never sends a CBCP Request (SPEC AMB-41, a configuration variant)
    PeerSkipsCbcp,
    // the peer's next N Configure-Requests carry an unknown option (SPEC LCP-07; FSM-03 counts Naks only)
    PeerRepeatsUnknownOption,
    // the network's RELEASE crosses the SUT's own after T305 (SPEC ISDN-11: clear collision)
    NetCrossesRelease,
    // a packet whose protocol number has the wrong shape (SPEC FR-11: an unrecognized protocol)
    InvalidProtocol,
    // the peer stops answering: its Terminate-Acks are lost (SPEC FSM-02), or everything until the
    // call is cleared (FSM-02, CHAP-02, DDR-03: whatever phase the link is in)
    PeerIgnoresTerminate, PeerGoesSilent,
    // the peer pings the SUT's own address, with a valid datagram or one whose IP header is broken
    // (SPEC IP-01 echo server, IP-02 header validation)
    PeerPingsSut,
    // the network gives the SUT's next call B2, not the lowest free channel (SPEC ISDN-02, DDR-08)
    NetAssignsB2,
    // time until the SUT's next frame or message, at most the argument: a plan drawn from the
    // model's state acts on what the SUT just did (a stimulus in the middle of a negotiation)
    WaitSut,
    // LCP events the peer's own automaton never makes (RFC 1661 section 4.1): a Terminate-Ack no
    // Terminate-Request asked for (RTA), a Code-Reject of Configure-Request (RXJ-, catastrophic)
    SendTerminateAck, SendFatalCodeReject,
    // the network's other legitimate ways with the SUT's calls (SPEC ISDN-02..06, ISDN-11; Q.931
    // sections 5.1-5.3 and the timers of Table 9-2): how it answers the SUT's next SETUP, clears
    // the SUT's next call before it is answered, leaves a message of the SUT's unanswered, follows
    // its DISCONNECT at once by RELEASE
    NetAnswersCall, NetClearsCall, NetNeverAnswers, NetReleasesAtOnce,
    // a Configure-Nak of the SUT's latest Configure-Request wherever the link is (RFC 1661 RCN in
    // every state: Ack-Rcvd and Opened restart the negotiation, Closing and Stopping ignore it)
    SendConfigureNak,
    // PAP where CHAP comes first (RFC 1334 section 2): the SUT configured `ppp authentication chap
    // pap`; the peer's next Configure-Ack of an Authentication-Protocol CHAP becomes a Nak for PAP
    SutAllowsPap, PeerNaksChap,
    // the peer refuses the SUT's credentials: its next CHAP Success or PAP Authenticate-Ack to
    // the SUT becomes a Failure or an Authenticate-Nak (the SUT's own check of the peer passes)
    PeerRefusesSut,
    // the network offers the SUT a call on the B-channel its current call holds (ISDN-04)
    NetOffersBusyChannel,
    // the peer's next N Configure-Acks are lost (the SUT's Requests go unanswered: TO+, a
    // renegotiation stalled in Ack-Sent); its next CHAP Response or PAP Request arrives twice
    PeerAcksLost, PeerRepeatsAuth,
    // the SUT configured without `ppp authentication`: it authenticates no peer
    SutNoAuth,
    // the peer's next CHAP Challenge becomes a Success (1) or a Failure (2): a verdict on no Response
    PeerSkipsChallenge,
    // the peer's next CBCP Response chooses "no callback" when the SUT offered it
    PeerChoosesNoCallback,
    // the peer's next verdict on the SUT's authentication (Success/Failure, Ack/Nak), or its next
    // Response or Authenticate-Request, is lost
    PeerAuthLost,
    // a ping from the SUT's LAN to the PIXIT's other destination N (DDR-04, DDR-08)
    PingOther,
    // the PIXIT's other destination N calls the SUT (nothing speaks PPP behind it), or hangs up
    OtherCalls, OtherHangsUp,
    // the environment's router configured with its own `dialer idle-timeout` (a configuration
    // variant): a peer that outlasts the SUT's idle timer keeps negotiating while the SUT closes
    PeerIdleTimeout,
    // the peer Code-Rejects a packet of LCP code N (SPEC LCP-10, RFC 1661 section 5.6): 1-7 are
    // codes LCP cannot do without (RXJ-, the SUT ends the link), 8-11 per the profile (AMB-21),
    // 12 and above permitted (RXJ+); drawn at those boundaries
    SendCodeRejectOf,
    // the peer's next CBCP Response answers type 1 or 3 whether offered or not, type 2 without a
    // number, two options, or its own answer with a Delay of 20 s (SPEC CBCP-03, CBCP-04, CBCP-06)
    PeerAnswersCbcp,
    // the SUT configured with its own idle-timeout or enable-timeout, or to authenticate its peer
    // only on the calls it answers (configuration variants; SPEC DDR-03, DDR-06, AMB-16)
    SutIdleTimeout, SutEnableTimeout, SutAuthCallin,
    // the SUT configured to hold N packets while it dials (a configuration variant; SPEC DDR-07)
    SutHoldQueue,
    // the SUT configured with its own fast-idle or wait-for-carrier time (configuration variants;
    // SPEC DDR-04, DDR-05)
    SutFastIdle, SutWaitForCarrier,
    // the peer sends a packet of protocol number N (SPEC FR-11, LCP-11, PH-03)
    SendProtocol,
    // the next frame toward the SUT with a Control field other than UI (SPEC FR-02)
    BadControl,
    // the peer's next N Configure-Requests carry the SUT's own Magic-Number (SPEC LCP-16, FSM-03)
    PeerStaysLooped,
    // the peer's next IPCP Configure-Request asks the SUT for its address, 0.0.0.0 (SPEC IP-07)
    PeerAsksAddress,
    // the peer's next IPCP Configure-Ack alters what the SUT's Request carried (SPEC IP-08)
    PeerAltersIpcpAck,
    // the SUT's `show dialer` read now and judged against the port (SPEC OBS-08, AMB-46)
    ShowDialer,
    // the peer's CHAP Success comes again ahead of its next Challenge on the call (SPEC CHAP-04, AMB-22)
    PeerReplaysChapSuccess,
    // the SUT's hold queue configured with a timeout: a packet held longer is dropped (a
    // configuration variant; SPEC DDR-07)
    SutHoldQueueTimeout,
    // field-level stimuli (issue #13 item 2): the peer Naks the SUT's Authentication-Protocol
    // asking for PAP, CHAP-MD5, CHAP with another algorithm or EAP (SPEC LCP-15); its next
    // Configure-Request carries Magic-Number 0 (SPEC LCP-16); its CHAP Response repeated with one
    // bit of the Value changed (SPEC CHAP-05); an IPCP Terminate-Request or an IPCP packet of an
    // unknown code (SPEC IP-09); it Configure-Rejects the SUT's Magic-Number or
    // Authentication-Protocol (SPEC LCP-12, AMB-16)
    PeerNaksAuth, PeerRequestsMagicZero, PeerRepeatsResponseAltered, SendIpcp, PeerRejectsSutOption,
    // the peer's next LCP Terminate-Request is lost (SPEC CB-03, AMB-01: a side that owes its own
    // Terminate-Request sends it without waiting for the peer's)
    PeerTerminateLost,
    // the network offers the peer's next call with its number withheld (CLIR: SPEC ISDN-03, DDR-02)
    NetWithholdsCallingNumber,
};
inline constexpr std::size_t kIntentKindCount = static_cast<std::size_t>(IntentKind::NetWithholdsCallingNumber) + 1;

// What the single argument of an intent means.
// Count: how many (drawn 1..5); Variant: which of the intent's numbered forms (drawn over its
// whole range); Protocol: a PPP protocol number (drawn at the edges of RFC 1661 section 2's shapes).
enum class IntentArg : std::uint8_t { None, Count, Millis, CallbackOp, Phase, OnOff, LcpCode, Variant, Protocol };

struct IntentInfo {
    IntentKind kind;
    const char* name;     // text form
    IntentArg arg;
    std::int64_t min, max;  // accepted argument range (inclusive)
    const char* meaning;    // one line, for `ppp-conform list --intents` and errors
};
const IntentInfo& intent_info(IntentKind kind);
const std::vector<IntentInfo>& all_intents();
// A configuration variant edits the PIXIT (and the profile's knobs the SUT then claims) before
// the run starts, wherever it stands in a plan (apply_configuration_intents()).
bool is_configuration_variant(IntentKind kind);

// PeerTerminates: in which phase the peer sends Terminate-Request (RFC 1661 section 3).
enum class Phase : std::uint8_t { Establish = 0, Authenticate = 1, Callback = 2, Network = 3 };

struct Intent {
    IntentKind kind = IntentKind::Wait;
    std::int64_t arg = 0;  // per IntentArg: count, milliseconds, operation, phase, 0/1

    friend bool operator==(const Intent& a, const Intent& b) { return a.kind == b.kind && a.arg == b.arg; }
};

std::string to_text(const Intent& intent);  // "wait 15s", "ping 5", "peer-terminates auth"
std::string to_text(const std::vector<Intent>& plan);  // items joined by "; "

struct IntentParse {
    bool ok = false;
    std::vector<Intent> plan;
    std::string error;  // one line naming the item, its position and what is accepted
};
// "ping 5; wait 20s; net-busy" (';' or newlines separate items; '#' starts a comment).
IntentParse parse_plan(std::string_view text);

}  // namespace ppp::suites
