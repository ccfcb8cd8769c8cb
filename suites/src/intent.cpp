#include "ppp/suites/intent.hpp"

#include <cctype>
#include <charconv>

namespace ppp::suites {
namespace {

constexpr std::int64_t kMaxWaitMs = 3'600'000;  // one virtual hour: enough for any DDR timer

const std::vector<IntentInfo>& table() {
    static const std::vector<IntentInfo> intents = {
        {IntentKind::PeerRejectsCallback, "peer-rejects-callback", IntentArg::None, 0, 0,
         "the peer Configure-Rejects the Callback option"},
        {IntentKind::PeerNaksCallback, "peer-naks-callback", IntentArg::CallbackOp, 0, 6,
         "the peer Configure-Naks the Callback option, hinting operation N"},
        {IntentKind::PeerProposesOp, "peer-proposes-op", IntentArg::CallbackOp, 0, 6,
         "the peer (as client) requests callback operation N"},
        {IntentKind::PeerWrongSecret, "peer-wrong-secret", IntentArg::None, 0, 0,
         "the peer authenticates with a wrong secret"},
        {IntentKind::PeerUsesPap, "peer-uses-pap", IntentArg::None, 0, 0, "the peer asks for PAP instead of CHAP"},
        {IntentKind::PeerNoAuth, "peer-no-auth", IntentArg::None, 0, 0, "the peer negotiates no authentication"},
        {IntentKind::PeerRefusesCbcp, "peer-refuses-cbcp", IntentArg::None, 0, 0,
         "the peer Protocol-Rejects CBCP"},
        {IntentKind::PeerGarblesCbcp, "peer-garbles-cbcp", IntentArg::None, 0, 0,
         "the peer's next CBCP packet is malformed"},
        {IntentKind::PeerTerminates, "peer-terminates", IntentArg::Phase, 0, 3,
         "the peer sends Terminate-Request in phase establish|auth|callback|network"},
        {IntentKind::SendCodeReject, "send-code-reject", IntentArg::None, 0, 0,
         "the peer sends an LCP Code-Reject"},
        {IntentKind::SendProtocolReject, "send-protocol-reject", IntentArg::None, 0, 0,
         "the peer sends an LCP Protocol-Reject"},
        {IntentKind::SendEchoRequest, "send-echo-request", IntentArg::None, 0, 0,
         "the peer sends an LCP Echo-Request"},
        {IntentKind::Renegotiate, "renegotiate", IntentArg::None, 0, 0,
         "the peer sends a Configure-Request in Opened"},
        {IntentKind::PeerLoopsMagic, "peer-loops-magic", IntentArg::None, 0, 0,
         "the peer's next Configure-Request carries the SUT's own Magic-Number (a looped-back line)"},
        {IntentKind::BadFcs, "bad-fcs", IntentArg::None, 0, 0, "the next frame to the SUT has a bad FCS"},
        {IntentKind::Truncated, "truncated", IntentArg::None, 0, 0, "the next frame to the SUT is cut short"},
        {IntentKind::BadLength, "bad-length", IntentArg::None, 0, 0,
         "the next LCP packet to the SUT has a wrong Length"},
        {IntentKind::UnknownCode, "unknown-code", IntentArg::None, 0, 0, "the peer sends an unknown LCP code"},
        {IntentKind::UnknownOption, "unknown-option", IntentArg::None, 0, 0,
         "the peer's next Configure-Request carries an unknown option"},
        {IntentKind::DropNext, "drop-next", IntentArg::None, 0, 0, "the next frame to the SUT is lost"},
        {IntentKind::DuplicateNext, "duplicate-next", IntentArg::None, 0, 0,
         "the next frame to the SUT arrives twice"},
        {IntentKind::DelayNext, "delay-next", IntentArg::Millis, 1, 60'000,
         "the next frame to the SUT arrives late by the given time"},
        {IntentKind::ReorderNext, "reorder-next", IntentArg::None, 0, 0,
         "the next two frames to the SUT swap places"},
        {IntentKind::NetBusy, "net-busy", IntentArg::None, 0, 0, "the network answers the next call user busy (#17)"},
        {IntentKind::NetNoAnswer, "net-no-answer", IntentArg::None, 0, 0,
         "the next call is not answered (#18/#19)"},
        {IntentKind::NetNoChannel, "net-no-channel", IntentArg::None, 0, 0,
         "the network has no channel for the next call (#34)"},
        {IntentKind::NetDropLine, "net-drop-line", IntentArg::None, 0, 0, "the network clears the active call"},
        {IntentKind::NetSlowConnect, "net-slow-connect", IntentArg::Millis, 1, 120'000,
         "the next call connects after the given time"},
        {IntentKind::NetNoResponse, "net-no-response", IntentArg::None, 0, 0,
         "the network ignores the next SETUP (lost on the D-channel): T303 must repeat it"},
        {IntentKind::Ping, "ping", IntentArg::Count, 1, 100, "N pings toward the peer (interesting traffic)"},
        {IntentKind::NonInterestingTraffic, "non-interesting", IntentArg::Count, 1, 100,
         "N packets the dialer-list does not permit"},
        {IntentKind::Wait, "wait", IntentArg::Millis, 0, kMaxWaitMs, "let virtual time pass"},
        {IntentKind::CallbackSecure, "callback-secure", IntentArg::OnOff, 0, 1,
         "server configured with or without dialer callback-secure"},
        {IntentKind::CallbackServerDialstring, "callback-server-dialstring", IntentArg::OnOff, 0, 1,
         "server uses dialer callback-server dialstring instead of username"},
        {IntentKind::ClientNotCallbackUser, "client-not-callback-user", IntentArg::None, 0, 0,
         "the server's dialer map for the client has no callback class (an unconfigured user)"},
        {IntentKind::ClientRequestsCbcp, "client-requests-cbcp", IntentArg::None, 0, 0,
         "the callback client asks for operation 6 and negotiates the return call by CBCP"},
        {IntentKind::ClientProposesNumber, "client-proposes-number", IntentArg::None, 0, 0,
         "the callback client asks for operation 3 with another number of its own (a roaming user)"},
        {IntentKind::PeerOffersCbcp, "peer-offers-cbcp", IntentArg::Count, 1, 3,
         "the peer's CBCP Request offers type N (1 no callback, 2 user number, 3 admin number); repeat to offer several"},
        {IntentKind::SendCbcpRequest, "send-cbcp-request", IntentArg::None, 0, 0,
         "the peer sends a CBCP Request whatever was negotiated"},
        {IntentKind::ClientNoCallback, "client-no-callback", IntentArg::None, 0, 0,
         "the callback client is configured without `ppp callback request` (pppd: no `callback`)"},
        {IntentKind::UnknownProtocol, "unknown-protocol", IntentArg::None, 0, 0,
         "the peer sends a packet of an unassigned protocol (0x2A2B): Protocol-Rejected in the Network phase, "
         "discarded while authenticating"},
        {IntentKind::NetStatusEnquiry, "net-status-enquiry", IntentArg::None, 0, 0,
         "the network sends STATUS ENQUIRY on the latest call: the SUT answers STATUS #30 with its call state"},
        {IntentKind::NetIgnoresDisconnect, "net-ignores-disconnect", IntentArg::None, 0, 0,
         "the network never answers the SUT's next DISCONNECT (its RELEASE is lost): the SUT's T305 runs out"},
        {IntentKind::PeerMisnumbersChapResult, "peer-misnumbers-chap-result", IntentArg::None, 0, 0,
         "the peer's next CHAP Success or Failure carries an Identifier one past the SUT's Response: the SUT "
         "discards it"},
        {IntentKind::PeerSkipsCbcp, "peer-skips-cbcp", IntentArg::None, 0, 0,
         "the peer (the CBCP answerer) agrees op 6 and never sends a Callback-Request: the caller gives up "
         "after its wait (AMB-41)"},
        {IntentKind::PeerRepeatsUnknownOption, "peer-repeats-unknown-option", IntentArg::Count, 1, 10,
         "the peer's next N Configure-Requests (retransmissions included) carry an unknown option"},
        {IntentKind::NetCrossesRelease, "net-crosses-release", IntentArg::None, 0, 0,
         "the network's RELEASE after the SUT's next DISCONNECT reaches the SUT only just after the SUT's own "
         "RELEASE (T305 expiry): the two cross, a clear collision"},
        {IntentKind::InvalidProtocol, "invalid-protocol", IntentArg::None, 0, 0,
         "the peer sends a packet of protocol 0x8020 (IPCP's number with the low bit cleared, an invalid shape): "
         "Protocol-Rejected as unrecognized in the Network phase"},
        {IntentKind::PeerIgnoresTerminate, "peer-ignores-terminate", IntentArg::None, 0, 0,
         "from now on the peer never answers the SUT's LCP Terminate-Requests (its Terminate-Acks are lost)"},
        {IntentKind::PeerGoesSilent, "peer-goes-silent", IntentArg::None, 0, 0,
         "nothing more reaches the SUT on its B-channels until its current call is cleared"},
        {IntentKind::PeerPingsSut, "peer-pings-sut", IntentArg::Variant, 0, 11,
         "the peer sends an ICMP Echo-Request to the SUT's own address: 0 valid (answered), 1 a wrong header "
         "checksum, 2 version 6, 3 IHL 4, 4 Total Length below the header, 5 shorter than a header (each silently "
         "discarded), 6 a first fragment whose rest never comes, 11 a last fragment whose first part never came (each "
         "not answered), 7 precedence 5 with Don't Fragment and no data, 8 precedence 5 and IP options, 9 TTL 0, 10 "
         "padding after the datagram (each answered, the Reply keeping the precedence)"},
        {IntentKind::NetAssignsB2, "net-assigns-b2", IntentArg::None, 0, 0,
         "the network gives the SUT's next call, incoming or outgoing, B-channel 2 (Q.931 section 5.1.2: the network "
         "chooses), not the lowest free one"},
        {IntentKind::WaitSut, "wait-sut", IntentArg::Millis, 1, kMaxWaitMs,
         "let virtual time pass until the SUT sends its next frame or message, at most this long"},
        {IntentKind::SendTerminateAck, "send-terminate-ack", IntentArg::None, 0, 0,
         "the peer sends an LCP Terminate-Ack no Terminate-Request asked for (RFC 1661 RTA: ignored, or a "
         "restart in Opened)"},
        {IntentKind::SendFatalCodeReject, "send-code-reject-fatal", IntentArg::None, 0, 0,
         "the peer Code-Rejects Configure-Request (RFC 1661 RXJ-: the SUT must end the link)"},
        {IntentKind::NetAnswersCall, "net-answers-call", IntentArg::Count, 1, 5,
         "the network answers the SUT's next SETUP (Q.931 sections 5.1.5-5.1.8) with 1 ALERTING, 2 CALL PROCEEDING "
         "and ALERTING, 3 CALL PROCEEDING, PROGRESS #1 (interworking) and ALERTING, each then CONNECT, 4 CONNECT "
         "alone, or 5 CALL PROCEEDING and a CONNECT without Channel identification (section 5.1.2: the first answer "
         "names the B-channel)"},
        {IntentKind::NetClearsCall, "net-clears-call", IntentArg::Count, 1, 5,
         "the network clears the SUT's next call before it is answered: one the SUT places with 1 DISCONNECT #58 "
         "(section 5.1.5.2), 2 CALL PROCEEDING then RELEASE COMPLETE (5.8.4), 3 ALERTING then DISCONNECT #19 "
         "(alerting supervision); one offered to the SUT, withdrawn with 4 RELEASE before any answer, 5 DISCONNECT "
         "on its first answer (5.3.4)"},
        {IntentKind::NetNeverAnswers, "net-never-answers", IntentArg::Count, 1, 5,
         "the network never answers the SUT's next 1 SETUP nor its repetition (T303 twice), 2 SETUP past CALL "
         "PROCEEDING (T310), 3 CONNECT (T313), 4 RELEASE nor its repetition (T308 twice): Q.931 Table 9-2; 5 SETUP "
         "past CALL PROCEEDING and ALERTING (the callee rings on: the SUT's wait-for-carrier, DDR-05)"},
        {IntentKind::NetReleasesAtOnce, "net-releases-at-once", IntentArg::None, 0, 0,
         "the network follows its next DISCONNECT to the SUT at once with RELEASE, not waiting for the SUT's "
         "(Q.931 section 5.3.4): RELEASE in Disconnect Indication, or a clear collision (5.3.5)"},
        {IntentKind::SendConfigureNak, "send-configure-nak", IntentArg::None, 0, 0,
         "the peer Configure-Naks the SUT's latest Configure-Request (its Identifier), asking for another "
         "Magic-Number (RFC 1661 RCN: a new Request from Req-Sent, Ack-Rcvd, Ack-Sent and Opened, none while "
         "closing)"},
        {IntentKind::SutAllowsPap, "sut-allows-pap", IntentArg::None, 0, 0,
         "the SUT configured with `ppp authentication chap pap`: it asks for CHAP and authenticates the peer with PAP "
         "when the peer Naks CHAP (RFC 1334 section 2)"},
        {IntentKind::PeerNaksChap, "peer-naks-chap", IntentArg::None, 0, 0,
         "the peer's next Configure-Ack of a Request with Authentication-Protocol CHAP becomes a Configure-Nak asking "
         "for PAP (RFC 1661 section 5.3)"},
        {IntentKind::PeerRefusesSut, "peer-refuses-sut", IntentArg::None, 0, 0,
         "the peer's next CHAP Success or PAP Authenticate-Ack to the SUT becomes a Failure or an Authenticate-Nak "
         "with the same Identifier: the peer refuses the SUT (RFC 1994 section 4.2, RFC 1334 section 2.2.2)"},
        {IntentKind::NetOffersBusyChannel, "net-offers-busy-channel", IntentArg::None, 0, 0,
         "the network offers the SUT a second call on the B-channel its current call holds, indicated exclusive "
         "(Q.931 section 5.2.3.1 c): with that channel unacceptable the SUT refuses it with RELEASE COMPLETE "
         "(ISDN-04)"},
        {IntentKind::PeerAcksLost, "peer-acks-lost", IntentArg::Count, 1, 10,
         "the peer's next N LCP Configure-Acks toward the SUT are lost on the line: the SUT's restart timer "
         "retransmits its Request (RFC 1661 TO+), and a renegotiation the peer starts stalls in Ack-Sent"},
        {IntentKind::PeerRepeatsAuth, "peer-repeats-auth", IntentArg::None, 0, 0,
         "the peer's next CHAP Response or PAP Authenticate-Request reaches the SUT twice, 1 ms apart: the SUT "
         "answers the repeat with the code it gave the first (RFC 1994 section 4.1, RFC 1334 section 2.2.1)"},
        {IntentKind::SutNoAuth, "sut-no-auth", IntentArg::None, 0, 0,
         "the SUT configured without `ppp authentication` (pppd: noauth): it asks for no Authentication-Protocol and "
         "authenticates no peer; a callback server then meets op 0 with nothing to name the user (AMB-03)"},
        {IntentKind::PeerSkipsChallenge, "peer-skips-challenge", IntentArg::Count, 1, 2,
         "the peer's next CHAP Challenge to the SUT becomes 1 a Success, 2 a Failure, with its Identifier: a verdict "
         "before any Challenge (RFC 1994 section 4.2; pppd takes it as the end of the exchange)"},
        {IntentKind::PeerChoosesNoCallback, "peer-chooses-no-callback", IntentArg::None, 0, 0,
         "the peer's next CBCP Response chooses \"no callback\" when the SUT's Callback-Request offered it: the call "
         "goes on to the Network phase, no return call (CBCP-06)"},
        {IntentKind::PeerAuthLost, "peer-auth-lost", IntentArg::Count, 1, 4,
         "lost on the line: 1 the peer's next CHAP Success or Failure, or PAP Authenticate-Ack or -Nak, to the SUT (a PAP "
         "authenticatee repeats its Request, RFC 1334 section 2.2.1); 2 its next CHAP Response or PAP "
         "Authenticate-Request (the SUT waits for the repeat); 3 every verdict, 4 every Response or Authenticate-Request, "
         "from now on (the SUT's retry counter runs out)"},
        {IntentKind::PingOther, "ping-other", IntentArg::Count, 1, 4,
         "a ping from the SUT's LAN to the PIXIT's other destination N (another dialer map): the SUT dials it on a free "
         "B-channel (DDR-08), or with none free the calls up drop at fast-idle (DDR-04); its number rings unanswered"},
        {IntentKind::OtherCalls, "other-calls", IntentArg::Count, 1, 4,
         "the PIXIT's other destination N calls the SUT (a third party; nothing speaks PPP behind it): the SUT may "
         "answer on a free B-channel or refuse (Q.931 section 5.2)"},
        {IntentKind::OtherHangsUp, "other-hangs-up", IntentArg::Count, 1, 4,
         "the PIXIT's other destination N hangs up the call it placed (DISCONNECT #16, Q.931 section 5.3)"},
        {IntentKind::PeerIdleTimeout, "peer-idle-timeout", IntentArg::Millis, 1000, kMaxWaitMs,
         "the peer (the environment's router) configured with `dialer idle-timeout` of this time in whole seconds, "
         "rounded up: a peer that outlasts the SUT's idle timer still negotiates while the SUT closes (RFC 1661 "
         "Closing)"},
        {IntentKind::SendCodeRejectOf, "send-code-reject-of", IntentArg::LcpCode, 1, 255,
         "the peer Code-Rejects a packet of LCP code N (RFC 1661 section 5.6: 1-7 RXJ-, the SUT ends the link; "
         "8-11 per the profile, AMB-21; 12 and above RXJ+)"},
        {IntentKind::PeerAnswersCbcp, "peer-answers-cbcp", IntentArg::Variant, 1, 5,
         "the peer's next CBCP Response, whatever the SUT offered: 1 \"no callback\" (type 1), 2 a user number that "
         "is empty, 3 the administrator's number (type 3), 4 two options, 5 its own answer with a Delay of 20 s; an "
         "answerer acks a valid one and asks again with a new Request otherwise (CBCP-04)"},
        {IntentKind::SutIdleTimeout, "sut-idle-timeout", IntentArg::Millis, 1000, kMaxWaitMs,
         "the SUT configured with `dialer idle-timeout` of this time in whole seconds, rounded up; the profile's "
         "idle timeout follows (DDR-03)"},
        {IntentKind::SutEnableTimeout, "sut-enable-timeout", IntentArg::Millis, 1000, kMaxWaitMs,
         "the SUT configured with `dialer enable-timeout` of this time in whole seconds, rounded up; the profile's "
         "enable-timeout follows (DDR-06)"},
        {IntentKind::SutAuthCallin, "sut-auth-callin", IntentArg::None, 0, 0,
         "the SUT configured with `ppp authentication ... callin`: it authenticates its peer on the calls it answers, "
         "never on those it places (the profile's auth mode becomes callin, AMB-16)"},
        {IntentKind::SutHoldQueue, "sut-hold-queue", IntentArg::Count, 1, 100,
         "the SUT configured with `dialer hold-queue N`: up to N packets offered while it dials are held and sent once "
         "the call is up, not dropped (the profile's hold queue follows, DDR-07)"},
        {IntentKind::SutFastIdle, "sut-fast-idle", IntentArg::Millis, 1000, kMaxWaitMs,
         "the SUT configured with `dialer fast-idle` of this time in whole seconds, rounded up; the profile's "
         "fast-idle follows (DDR-04)"},
        {IntentKind::SutWaitForCarrier, "sut-wait-for-carrier", IntentArg::Millis, 1000, kMaxWaitMs,
         "the SUT configured with `dialer wait-for-carrier-time` of this time in whole seconds, rounded up; the "
         "profile's wait-for-carrier follows (DDR-05)"},
        {IntentKind::SendProtocol, "send-protocol", IntentArg::Protocol, 0, 0xFFFF,
         "the peer sends a packet of protocol number N (RFC 1661 section 2): in the Network phase one the SUT does "
         "not run, or of an invalid shape (FR-11), is Protocol-Rejected (LCP-11); while authenticating it is "
         "discarded (PH-03)"},
        {IntentKind::BadControl, "bad-control", IntentArg::None, 0, 0,
         "the next frame to the SUT carries Control 0x13 (UI with the Poll bit set) in place of 0x03, its FCS "
         "recomputed: RFC 1662 section 3.1 has it silently discarded (FR-02), an IP datagram in it never delivered"},
        {IntentKind::PeerStaysLooped, "peer-stays-looped", IntentArg::Count, 1, 10,
         "the peer's next N Configure-Requests carry the SUT's own Magic-Number (a line looped back that long): each "
         "is Nak'd with another value until Max-Failure Naks went unacknowledged, then the option is "
         "Configure-Rejected (RFC 1661 sections 4.6 and 6.4; LCP-16, FSM-03)"},
        {IntentKind::PeerAsksAddress, "peer-asks-address", IntentArg::None, 0, 0,
         "the peer's next IPCP Configure-Request carries IP-Address 0.0.0.0, asking the SUT to provide its address "
         "(RFC 1332 section 3.3): the SUT Naks it with the address it routes the peer's traffic to, rejects it only "
         "when it has none, never acknowledges it (IP-07)"},
        {IntentKind::PeerAltersIpcpAck, "peer-alters-ipcp-ack", IntentArg::None, 0, 0,
         "the peer's next IPCP Configure-Ack acknowledges another IP-Address than the SUT's Request carried: invalid "
         "(RFC 1661 section 5.2), the SUT discards it, retransmits its Request and sends no datagram until a "
         "matching Ack (IP-08)"},
        {IntentKind::ShowDialer, "show-dialer", IntentArg::None, 0, 0,
         "the SUT's `show dialer` is read from its console now and judged against the calls the port carried since the "
         "reset (OBS-08, AMB-46): each dial string's successes, failures and last status, the callbacks refused under "
         "callback-secure, each B-channel's timers and dialer state, `Connected to` the number and authenticated name of "
         "each call up with its time until the idle disconnect, and the dial reason of each call it placed (`Callback "
         "return call` for a server's return call); skipped where the attachment cannot read it"},
        {IntentKind::PeerReplaysChapSuccess, "peer-replays-chap-success", IntentArg::None, 0, 0,
         "the peer's next CHAP Challenge to the SUT that follows one of its Successes on the call (a re-authentication, or "
         "a renegotiation's new Authenticate phase) comes 100 ms behind that Success again: the old Success answers no "
         "Response of the new exchange, and a profile whose authenticatee takes no verdict before its Response has the SUT "
         "discard it (RFC 1994 section 4.2; CHAP-04, AMB-22)"},
        {IntentKind::SutHoldQueueTimeout, "sut-hold-queue-timeout", IntentArg::Millis, 1000, kMaxWaitMs,
         "the SUT's hold queue (sut-hold-queue before it) configured with a timeout of this time in whole seconds, "
         "rounded up (`dialer hold-queue N timeout S`): a packet held longer is dropped, never sent (the profile's "
         "hold-queue timeout follows, DDR-07)"},
        {IntentKind::PeerNaksAuth, "peer-naks-auth", IntentArg::Variant, 1, 4,
         "the peer's next Configure-Ack of a Request with an Authentication-Protocol becomes a Configure-Nak asking for "
         "1 PAP, 2 CHAP-MD5, 3 CHAP with algorithm 0x80 (MS-CHAP) or 4 EAP (RFC 1661 section 5.3): a SUT configured "
         "with another method after the one Nak'd proposes that one next, or the one asked for if configured (LCP-15)"},
        {IntentKind::PeerRequestsMagicZero, "peer-requests-magic-zero", IntentArg::None, 0, 0,
         "the peer's next Configure-Request carries Magic-Number 0, which RFC 1661 section 6.4 makes illegal: the SUT "
         "Naks or rejects it, never acknowledges it (LCP-16)"},
        {IntentKind::PeerRepeatsResponseAltered, "peer-repeats-response-altered", IntentArg::None, 0, 0,
         "the peer's next CHAP Response reaches the SUT again 1 ms after the first, its Identifier kept and one bit of its "
         "Value changed: a repeated Response with the current Identifier gets the code the first got (CHAP-05)"},
        {IntentKind::SendIpcp, "send-ipcp", IntentArg::Variant, 1, 3,
         "the peer sends an IPCP packet: 1 a Terminate-Request, which the SUT answers with a Terminate-Ack of the same "
         "Identifier, 2 a packet of the unknown code 14, which the SUT Code-Rejects with a copy of it, 3 a Code-Reject "
         "of an IPCP Configure-Request, a code IPCP cannot do without, on which the SUT terminates IPCP with an IPCP "
         "Terminate-Request (RFC 1332 section 2, RFC 1661 sections 4.3 RXJ-, 5.5 and 5.6; IP-09)"},
        {IntentKind::PeerRejectsSutOption, "peer-rejects-sut-option", IntentArg::Variant, 1, 2,
         "the peer's next Configure-Ack of a Request with 1 Magic-Number or 2 Authentication-Protocol becomes a "
         "Configure-Reject of that option (RFC 1661 section 5.4): the SUT's next Request leaves it out; with no "
         "Magic-Number agreed its Echo-Replies carry 0 (LCP-12)"},
        {IntentKind::PeerTerminateLost, "peer-terminate-lost", IntentArg::None, 0, 0,
         "the peer's next LCP Terminate-Request is lost on the line: where the profile has both sides end the first "
         "call of a callback (AMB-01 both), the SUT sends its own Terminate-Request without waiting for the peer's "
         "retransmission (CB-03, CCB-04)"},
        {IntentKind::NetWithholdsCallingNumber, "net-withholds-calling-number", IntentArg::None, 0, 0,
         "the network offers the peer's next call to the SUT with the caller's number withheld (CLIR: Calling party "
         "number with presentation restricted and no digits, Q.931 section 4.5.10): the SUT answers it and finds the "
         "peer's dialer map by the name it authenticates (ISDN-03, DDR-02)"},
    };
    return intents;
}

const char* const kPhaseNames[] = {"establish", "auth", "callback", "network"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool parse_int(std::string_view text, std::int64_t& out) {
    if (text.empty()) return false;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

bool parse_hex(std::string_view text, std::int64_t& out) {
    if (text.empty() || text.size() > 8) return false;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out, 16);
    return ec == std::errc() && ptr == end;
}

// "250ms", "15s", "2m", "1500" (milliseconds).
bool parse_millis(std::string_view text, std::int64_t& out) {
    std::int64_t scale = 1;
    if (text.size() > 2 && text.substr(text.size() - 2) == "ms") text.remove_suffix(2);
    else if (text.size() > 1 && text.back() == 's') { scale = 1000; text.remove_suffix(1); }
    else if (text.size() > 1 && text.back() == 'm') { scale = 60'000; text.remove_suffix(1); }
    std::int64_t value = 0;
    if (!parse_int(text, value) || value < 0 || value > kMaxWaitMs) return false;
    out = value * scale;
    return true;
}

std::string accepted(const IntentInfo& info) {
    switch (info.arg) {
        case IntentArg::None: return "no argument";
        case IntentArg::Count: return "a count " + std::to_string(info.min) + ".." + std::to_string(info.max);
        case IntentArg::Millis:
            return "a duration " + std::to_string(info.min) + ".." + std::to_string(info.max) +
                   " ms (e.g. 250ms, 15s, 2m)";
        case IntentArg::CallbackOp: return "a callback operation 0..6";
        case IntentArg::Phase: return "a phase: establish, auth, callback or network";
        case IntentArg::OnOff: return "on or off";
        case IntentArg::LcpCode: return "an LCP code " + std::to_string(info.min) + ".." + std::to_string(info.max);
        case IntentArg::Variant: return "a variant " + std::to_string(info.min) + ".." + std::to_string(info.max);
        case IntentArg::Protocol:
            return "a protocol number " + std::to_string(info.min) + ".." + std::to_string(info.max) + " (decimal or 0x hex)";
    }
    return "";
}

std::string format_millis(std::int64_t ms) {
    if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
    if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

}  // namespace

const std::vector<IntentInfo>& all_intents() { return table(); }

const IntentInfo& intent_info(IntentKind kind) { return table()[static_cast<std::size_t>(kind)]; }

bool is_configuration_variant(IntentKind kind) {
    switch (kind) {
        case IntentKind::PeerRejectsCallback:
        case IntentKind::PeerWrongSecret:
        case IntentKind::PeerUsesPap:
        case IntentKind::PeerNoAuth:
        case IntentKind::SutAllowsPap:
        case IntentKind::SutNoAuth:
        case IntentKind::CallbackSecure:
        case IntentKind::CallbackServerDialstring:
        case IntentKind::ClientNotCallbackUser:
        case IntentKind::ClientRequestsCbcp:
        case IntentKind::ClientProposesNumber:
        case IntentKind::PeerOffersCbcp:
        case IntentKind::PeerSkipsCbcp:
        case IntentKind::PeerIdleTimeout:
        case IntentKind::SutIdleTimeout:
        case IntentKind::SutEnableTimeout:
        case IntentKind::SutAuthCallin:
        case IntentKind::SutHoldQueue:
        case IntentKind::SutHoldQueueTimeout:
        case IntentKind::SutFastIdle:
        case IntentKind::SutWaitForCarrier:
        case IntentKind::ClientNoCallback: return true;
        default: return false;
    }
}

std::string to_text(const Intent& intent) {
    const IntentInfo& info = intent_info(intent.kind);
    std::string text = info.name;
    switch (info.arg) {
        case IntentArg::None: break;
        case IntentArg::Count:
        case IntentArg::LcpCode:
        case IntentArg::Variant:
        case IntentArg::CallbackOp: text += ' ' + std::to_string(intent.arg); break;
        case IntentArg::Protocol: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%04llX", static_cast<unsigned long long>(intent.arg & 0xFFFF));
            text += ' ';
            text += hex;
            break;
        }
        case IntentArg::Millis: text += ' ' + format_millis(intent.arg); break;
        case IntentArg::Phase:
            text += ' ';
            text += intent.arg >= 0 && intent.arg <= 3 ? kPhaseNames[intent.arg] : "?";
            break;
        case IntentArg::OnOff: text += intent.arg != 0 ? " on" : " off"; break;
    }
    return text;
}

std::string to_text(const std::vector<Intent>& plan) {
    std::string text;
    for (const auto& intent : plan) {
        if (!text.empty()) text += "; ";
        text += to_text(intent);
    }
    return text;
}

IntentParse parse_plan(std::string_view text) {
    IntentParse result;
    std::size_t item_number = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find_first_of(";\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view item = text.substr(pos, end - pos);
        pos = end + 1;
        if (const auto hash = item.find('#'); hash != std::string_view::npos) item = item.substr(0, hash);
        item = trim(item);
        if (item.empty()) continue;
        ++item_number;
        const auto space = item.find_first_of(" \t=");
        const std::string_view name = item.substr(0, space);
        const std::string_view argument = space == std::string_view::npos ? std::string_view{} : trim(item.substr(space + 1));
        const IntentInfo* info = nullptr;
        for (const auto& candidate : table()) {
            if (name == candidate.name) info = &candidate;
        }
        const std::string where = "plan item " + std::to_string(item_number) + " '" + std::string(item) + "'";
        if (info == nullptr) {
            result.error = where + ": unknown intent '" + std::string(name) + "' (see `ppp-conform list --intents`)";
            return result;
        }
        Intent intent{info->kind, 0};
        bool good = true;
        switch (info->arg) {
            case IntentArg::None: good = argument.empty(); break;
            case IntentArg::Count:
            case IntentArg::LcpCode:
            case IntentArg::Variant:
            case IntentArg::CallbackOp: good = parse_int(argument, intent.arg); break;
            case IntentArg::Protocol:
                good = argument.size() > 2 && (argument.compare(0, 2, "0x") == 0 || argument.compare(0, 2, "0X") == 0)
                           ? parse_hex(argument.substr(2), intent.arg)
                           : parse_int(argument, intent.arg);
                break;
            case IntentArg::Millis: good = parse_millis(argument, intent.arg); break;
            case IntentArg::Phase:
                good = false;
                for (std::int64_t p = 0; p < 4; ++p) {
                    if (argument == kPhaseNames[p]) {
                        intent.arg = p;
                        good = true;
                    }
                }
                break;
            case IntentArg::OnOff:
                good = argument == "on" || argument == "off";
                intent.arg = argument == "on" ? 1 : 0;
                break;
        }
        if (good && info->arg != IntentArg::None && info->arg != IntentArg::Phase && info->arg != IntentArg::OnOff) {
            good = intent.arg >= info->min && intent.arg <= info->max;
        }
        if (!good) {
            result.error = where + ": " + info->name + " takes " + accepted(*info);
            return result;
        }
        result.plan.push_back(intent);
    }
    result.ok = true;
    return result;
}

}  // namespace ppp::suites
