#pragma once
// The environment's fault injector (DESIGN.md sections 4 and 7): a middleware on the SUT's port,
// the same for every attachment, as smoltcp's FaultInjector wraps any device. The lab arms a
// fault; the injector applies it to the next matching frame toward the SUT (or rewrites the
// environment peer's frames for a peer behaviour) and hands back the frames it re-delivers later
// (duplicated, delayed, reordered, a Protocol-Reject it answers with) for the lab to inject through
// the attachment. Observations from the SUT pass unchanged: the lab never edits what the SUT said.
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/port.hpp"
#include "ppp/wire/port_terms.hpp"

namespace ppp::adapters {

class FaultInjector {
public:
    using Millis = wire::Millis;

    // What happens to the next B-channel frame toward the SUT.
    enum class FrameFault : std::uint8_t {
        BadFcs,     // FR-04: a receiver drops it silently
        Truncated,  // LCP-02: Length past the end of the frame
        BadLength,  // LCP-02: Length field larger than the packet
        ForeignControl,  // FR-02: Control 0x13 (UI, Poll bit set), FCS recomputed: silently discarded
        Drop,       // lost
        Duplicate,  // delivered twice, 1 ms apart
        Delay,      // delivered `delay` later
        Reorder,    // delivered after the frame that follows it
    };
    void arm(FrameFault fault, Millis delay = Millis{0});

    // Peer behaviours, as rewrites of the environment peer's next frames.
    void nak_callback(std::uint8_t op) { nak_callback_op_ = op; }       // its Ack of option 13 becomes a Nak
    // Its next Ack of an Authentication-Protocol CHAP becomes a Nak for PAP.
    void nak_chap() { nak_auth_ = NakAuth{wire::AuthProtocol{wire::proto::kPap, {}}, false}; }
    // LCP-15: its next Ack of a Request with any Authentication-Protocol becomes a Nak asking for
    // `wanted` instead (RFC 1661 section 5.3: only the offending option, with the value wanted).
    void nak_auth(wire::AuthProtocol wanted) { nak_auth_ = NakAuth{std::move(wanted), true}; }
    // LCP-16: its next Configure-Request carries Magic-Number 0, illegal (RFC 1661 section 6.4).
    void request_magic_zero() { magic_zero_ = true; }
    // RFC 1661 section 5.4: its next Ack of a Request carrying option `type` becomes a Configure-
    // Reject of that option alone (the peer does not negotiate it).
    void reject_sut_option(std::uint8_t type) { reject_option_ = type; }
    void propose_callback(std::uint8_t op) { propose_op_ = op; }        // its next Configure-Request asks for op
    // LCP-16: its next `count` CRs carry the SUT's magic, as a line looped back that long (FSM-03:
    // the SUT Naks each until Max-Failure, then rejects the option).
    void loop_magic(int count = 1) { loops_left_ = count; }
    // LCP-07: its next `count` CRs carry option 0xE7 (the peer ignores the SUT's Reject of an
    // option it never sent, so it retransmits the same Request: one Reject per Request).
    void add_unknown_option(int count = 1) { unknown_options_ = count; }
    void refuse_cbcp() { cbcp_ = CbcpFault::Refuse; }                   // from now on the SUT's CBCP is Protocol-Rejected
    void garble_cbcp() { cbcp_ = CbcpFault::Garble; }                   // CBCP-03: its next CBCP is malformed
    // CBCP-03/CBCP-06: its next CBCP Response chooses "no callback", when the SUT's latest
    // Callback-Request offered it (a caller picks one of the offered types); otherwise untouched.
    void choose_no_callback() { choose_no_callback_ = true; }
    // CBCP-03/CBCP-04/CBCP-06: its next CBCP Response answers what `answer` says, whatever the
    // SUT offered (the answerer must tell a valid answer from one it has to ask again for).
    enum class CbcpAnswer : std::uint8_t {
        NoCallback = 1,   // type 1, `01 02`
        EmptyNumber,      // type 2 whose number is empty, `02 05 00 01 00` (CBCP-03: a number is owed)
        AdminNumber,      // type 3 with the Delay it was offered, or 0 (`03 03 dd`)
        TwoOptions,       // its own answer and "no callback" (CBCP-03: one option)
        LongDelay,        // its own answer with a Delay of 20 s (CBCP-06: the answerer waits it)
    };
    void answer_cbcp(CbcpAnswer answer) { cbcp_answer_ = answer; }
    // FSM-02: from now on the peer's LCP Terminate-Acks are lost, as if it ignored the SUT's
    // Terminate-Requests; the SUT's restart timer and Max-Terminate end the link.
    void ignore_terminate() { ignore_terminate_ = true; }
    // FSM-01/FSM-02: the peer's next `count` LCP Configure-Acks are lost on the line; the SUT's
    // restart timer retransmits its Request (RFC 1661 TO+) and a renegotiation stalls in Ack-Sent.
    void lose_configure_acks(int count) { lost_acks_ = count; }
    // CB-03 / AMB-01: the peer's next LCP Terminate-Request is lost on the line: a side that owes
    // its own Terminate-Request (terminate_initiator both) does not wait for the peer's.
    void lose_terminate_request() { lose_terminate_request_ = true; }
    // From now until the SUT's current call is cleared (DISCONNECT, RELEASE or RELEASE COMPLETE
    // either way), nothing more reaches the SUT on its B-channels: a peer gone silent in whatever
    // phase the link is in (restart timers, Max-Configure, authentication retries, idle timeout).
    void go_silent() { silent_ = true; }
    // IP-07: its next IPCP Configure-Request carries IP-Address 0.0.0.0, asking the SUT to provide
    // the peer's address (RFC 1332 section 3.3); its later Requests are its own again.
    void ask_address() { ask_address_ = true; }
    // IP-08: its next IPCP Configure-Ack toward the SUT acknowledges another IP-Address than the
    // SUT's Request carried (the last octet changed), an invalid Ack the SUT must discard.
    void alter_ipcp_ack() { alter_ipcp_ack_ = true; }
    // CHAP-04: its next CHAP Success or Failure carries an Identifier one past the Response's.
    void misnumber_chap_result() { misnumber_chap_result_ = true; }
    // CHAP-04 / PAP-03: its next CHAP Success or PAP Authenticate-Ack to the SUT becomes a Failure
    // or an Authenticate-Nak (same Identifier): the peer refuses the SUT's credentials.
    void refuse_sut() { refuse_sut_ = true; }
    // CHAP-05 / PAP-03: the peer's next CHAP Response or PAP Authenticate-Request reaches the SUT
    // a second time 1 ms after the first (a duplicating line): the SUT has answered the first by
    // then, and answers the repeat with the same code while it stays in the Network phase.
    void repeat_auth() { repeat_auth_ = true; }
    // CHAP-05, a near-miss: as repeat_auth, but the repeated CHAP Response has the last octet of
    // its Value changed (same Identifier): the SUT answers it with the code it gave the first.
    void repeat_response_altered() { repeat_auth_ = repeat_altered_ = true; }
    // PAP-02: the peer's next CHAP Success/Failure or PAP Authenticate-Ack/Nak to the SUT is lost
    // (a PAP authenticatee repeats its Request, RFC 1334 section 2.2.1: until a reply comes), or
    // its next CHAP Response or PAP Authenticate-Request (the SUT waits for the peer's repeat).
    void lose_verdict() { lose_auth_ = LoseAuth::Verdict; }
    void lose_auth_request() { lose_auth_ = LoseAuth::Request; }
    // CHAP-02 / PAP-02: every one of them lost from now on, so the SUT's retry counter runs out
    // (RFC 1994 section 4.1, RFC 1334 section 2.2.1: "or an optional retry counter expires").
    void lose_every_verdict() { lose_auth_ = LoseAuth::EveryVerdict; }
    void lose_every_auth_request() { lose_auth_ = LoseAuth::EveryRequest; }
    // CHAP-04: the peer skips its Challenge: its next CHAP Challenge to the SUT becomes a Success
    // (or a Failure) with the same Identifier, a verdict on no Response (RFC 1994 section 4.2).
    void skip_challenge(bool success) { skip_challenge_ = success ? 3 : 4; }
    // CHAP-04 / AMB-22: the peer's next CHAP Challenge to the SUT that follows one of its CHAP
    // Successes on the same call (a re-authentication, or the new Authenticate phase of a
    // renegotiation, FSM-08) is preceded by that Success again, unchanged: it answers a Response of
    // the exchange before, none of the new one (RFC 1994 section 4.2). The Challenge follows 100 ms
    // on: past the PIXIT's default crossing window, so `check` of the recording sees the order too.
    void replay_chap_success() { replay_success_ = true; }
    // The network never answers the SUT's next DISCONNECT: its RELEASE messages toward the SUT are
    // lost until the SUT sends a RELEASE of its own (T305 expiry, ISDN-10) or RELEASE COMPLETE.
    void lose_network_release() { release_fault_ = ReleaseFault::Lose; }
    // The network's RELEASE reaches the SUT only after the SUT's own RELEASE (T305 expiry), 1 ms
    // behind it: the two RELEASE messages cross, a clear collision (Q.931 section 5.3.5, ISDN-11).
    void cross_network_release() { release_fault_ = ReleaseFault::Cross; }
    // Whose role the SUT plays decides what a proposed callback looks like (a server SUT sees op
    // 13 changed in the client's Request, a client SUT sees it added with the peer's number).
    void set_sut_is_client(bool client, wire::Bytes peer_number) {
        sut_is_client_ = client;
        peer_number_ = std::move(peer_number);
    }

    // The port tap: a frame toward the SUT may be rewritten in place, dropped or held; a frame
    // from the SUT is only read (and a refused CBCP packet kept from the peer).
    wire::TapDecision on_port(wire::PortMessage& message);

    // Frames to re-deliver toward the SUT: when the next is due, and delivery of those due at or
    // before `now` through `inject` (the attachment's), in the order they were made. They pass
    // the tap unfaulted when they come back through it.
    std::optional<Millis> next_due() const;
    void deliver_due(Millis now, const std::function<void(const wire::PortMessage&)>& inject);

    // For forged frames: an Identifier of the environment's own range, the peer's latest Magic.
    std::uint8_t next_forged_id() { return forged_id_++; }
    std::uint32_t peer_magic() const { return peer_magic_; }
    // The SUT's latest Configure-Request on a B-channel: its Identifier and Magic-Number (0: none).
    struct SutRequest {
        std::uint8_t identifier = 0;
        std::uint32_t magic = 0;
    };
    std::optional<SutRequest> sut_request() const { return sut_request_; }

private:
    enum class CbcpFault : std::uint8_t { None, Refuse, Garble };
    enum class ReleaseFault : std::uint8_t { None, Lose, Cross };

    wire::TapDecision apply_frame_fault(wire::PortMessage& message);
    void rewrite_peer_lcp(wire::PortMessage& message);
    void garble(wire::PortMessage& message);
    void misnumber(wire::PortMessage& message);
    void ask_for_address(wire::PortMessage& message);
    void alter_ack(wire::PortMessage& message);
    void refuse(wire::PortMessage& message);
    void alter_response_value(wire::PortMessage& message);
    void verdict_for_challenge(wire::PortMessage& message);
    void replay_success_before(wire::PortMessage& challenge);
    void note_cbcp_offer(const wire::PortMessage& message);
    void answer_no_callback(wire::PortMessage& message);
    void answer_cbcp(wire::PortMessage& message);
    void note_sut_request(const wire::PortMessage& message);
    void answer_with_protocol_reject(const wire::PortMessage& rejected);
    wire::TapDecision apply_release_fault(wire::PortMessage& message);
    void schedule(Millis at, wire::PortMessage message);

    std::deque<std::pair<FrameFault, Millis>> frame_faults_;
    std::optional<wire::PortMessage> held_for_reorder_;
    std::optional<std::uint8_t> nak_callback_op_;
    std::optional<std::uint8_t> propose_op_;
    struct NakAuth {
        wire::AuthProtocol wanted;
        bool of_any = false;  // false: only an Ack of CHAP becomes the Nak
    };
    std::optional<NakAuth> nak_auth_;
    bool magic_zero_ = false;
    std::optional<std::uint8_t> reject_option_;
    int loops_left_ = 0;
    int unknown_options_ = 0;
    bool misnumber_chap_result_ = false;
    bool ask_address_ = false;
    bool alter_ipcp_ack_ = false;
    bool refuse_sut_ = false;
    bool repeat_auth_ = false;
    bool repeat_altered_ = false;
    enum class LoseAuth : std::uint8_t { None, Verdict, Request, EveryVerdict, EveryRequest };
    LoseAuth lose_auth_ = LoseAuth::None;
    std::uint8_t skip_challenge_ = 0;  // the CHAP code its next Challenge becomes (0: none)
    bool replay_success_ = false;
    std::optional<wire::Bytes> last_chap_success_;  // the peer's latest CHAP Success on this call
    int lost_acks_ = 0;
    bool lose_terminate_request_ = false;
    bool ignore_terminate_ = false;
    bool silent_ = false;
    CbcpFault cbcp_ = CbcpFault::None;
    bool choose_no_callback_ = false;
    std::optional<wire::CbcpOption> offered_no_callback_;  // from the SUT's latest Callback-Request
    std::optional<wire::CbcpOption> offered_admin_;        // likewise
    std::optional<CbcpAnswer> cbcp_answer_;
    ReleaseFault release_fault_ = ReleaseFault::None;
    std::optional<wire::PortMessage> held_release_;  // the network's latest RELEASE, for Cross
    bool sut_is_client_ = true;
    wire::Bytes peer_number_;
    std::uint32_t sut_magic_ = 0;   // from the SUT's latest Configure-Request
    std::optional<SutRequest> sut_request_;
    std::uint32_t peer_magic_ = 0;  // from the peer's latest Configure-Request
    std::uint8_t forged_id_ = 0xA0;
    std::vector<std::pair<Millis, wire::PortMessage>> scheduled_;
    // Frames re-delivered by the injector itself: no fault applies twice.
    std::vector<wire::Bytes> bypass_;
};

}  // namespace ppp::adapters
