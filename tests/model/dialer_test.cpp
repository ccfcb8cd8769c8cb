// DDR timers (DDR-03/05/07) and the restart counter boundary through the composed RouterSpec.
#include <gtest/gtest.h>

#include "ppp/model/router_spec.hpp"
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

using T = wire::Q931Type;

TEST(ModelDialer, UnansweredCallMustBeClearedAfterWaitForCarrier) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    EXPECT_TRUE(run(spec, t, 30000ms).conforming);
    const Judgement j = spec.advance_to(20ms + 30000ms + 1001ms);
    EXPECT_TRUE(j.violates("DDR-05")) << j.explanation;
    EXPECT_TRUE(j.violates("ISDN-06"));
}

TEST(ModelDialer, DisconnectAtWaitForCarrierConforms) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, client_call_given_up_at_wait_for_carrier(), 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelDialer, InterestingTrafficOwesSetupToMapNumber) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    spec.on_event(offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    const auto owed = spec.owed();
    ASSERT_EQ(owed.size(), 1U);
    EXPECT_EQ(owed[0].kind, OutputKind::Setup);
    const Judgement j = spec.on_event(from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5550000")}));
    EXPECT_TRUE(j.violates("DDR-02")) << j.explanation;
}

TEST(ModelDialer, SilenceInsteadOfDialingViolatesDdr01) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    spec.on_event(offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    EXPECT_TRUE(spec.advance_to(5000ms).violates("DDR-01"));
}

// AMB-45: the peer (5557777) calls the client R2 while it has no callback pending; a packet for
// the peer comes while that call is still being set up. DDR-02 binds the call to the peer's dialer
// map only once it has authenticated, so the SUT may dial a call of its own for the packet.
Trace peer_calls_in_while_traffic_comes(Millis packet_at, Millis setup_at) {
    Trace t;
    t.add("setup_in", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 1, true, "5558888", "5557777")}));
    t.add("connect_in", from_sut(5ms, DChannel{q931(T::Connect, 1, true, 1)}));
    if (packet_at >= 0ms) t.add("ping", offered(packet_at, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup_out", from_sut(setup_at, DChannel{q931(T::Setup, 2, false, 2, true, "5557777")}));
    return t;
}

TEST(ModelDialer, ACallOfItsOwnForTrafficWhileThePeersCallComesInUnauthenticatedConforms) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, peer_calls_in_while_traffic_comes(5ms, 6ms), 7ms);
    EXPECT_FALSE(j.violates("DDR-01")) << j.explanation;
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelDialer, HoldingTrafficForThePeersIncomingCallOwesNoCall) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    Trace t = peer_calls_in_while_traffic_comes(5ms, 6ms);
    t.remove("setup_out");
    const Judgement j = run(spec, t, 5000ms);
    EXPECT_FALSE(j.violates("DDR-01")) << j.explanation;
}

TEST(ModelDialer, ACallBesideThePeersIncomingCallWithoutTrafficViolatesDdr01) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, peer_calls_in_while_traffic_comes(-1ms, 6ms), 7ms);
    EXPECT_TRUE(j.violates("DDR-01")) << j.explanation;
}

TEST(ModelDialer, ACallLongAfterTheTrafficItWasAllowedForViolatesDdr01) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, peer_calls_in_while_traffic_comes(5ms, 5ms + 2100ms), 5ms + 2200ms);
    EXPECT_TRUE(j.violates("DDR-01")) << j.explanation;
}

// DDR-06: the enable-timeout follows a disconnect; before any call has cleared there is none, at
// any profile value (issue #12, D22: a sentinel "last clear" 1,000,000 s before the start made
// every first call fail once enable_timeout_s exceeded 1,000,000).
TEST(ModelDialer, FirstCallIsOutsideAnyEnableTimeoutUpToTheSchemaMaximum) {
    for (const long long seconds : {15LL, 1000001LL, 2147483LL}) {
        Profile profile = load_bundled_profile("cisco-ios").value();
        profile.dialer.enable_timeout = Millis{seconds * 1000};
        RouterSpec spec(Role::Client, profile, r2_pixit());
        spec.on_event(offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
        ASSERT_EQ(spec.owed().size(), 1U) << "enable-timeout " << seconds << " s";
        EXPECT_EQ(spec.owed()[0].kind, OutputKind::Setup);
        const Judgement j = spec.on_event(from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
        EXPECT_TRUE(j.conforming) << "enable-timeout " << seconds << " s: " << j.explanation;
    }
}

// FSM-02 at the boundary: Max-Configure 10 allows exactly ten Configure-Requests.
Pixit line() {  // with rfc-strict's former tolerances, which the boundaries below are written for
    Pixit p = r2_pixit();
    p.tolerance = {100ms, 500ms, 1000ms};
    p.line_up_at_start = true;
    p.callback_request = false;
    p.dialer_map_to_peer = false;
    return p;
}

TEST(ModelDialer, TenthConfigureRequestConformsEleventhViolatesFsm02) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    for (int i = 0; i < 10; ++i) {
        const Judgement j = spec.on_event(from_sut(Millis{3000 * i}, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
        EXPECT_TRUE(j.conforming) << "CR " << i + 1 << ": " << j.explanation;
    }
    const Judgement j = spec.on_event(from_sut(30000ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    EXPECT_TRUE(j.violates("FSM-02")) << j.explanation;
    EXPECT_EQ(spec.lcp_state(1), LcpState::Stopped);
}

// FSM-02, RFC 1661 section 4.6: a peer that never answers the SUT's Configure-Requests. The SUT
// retransmits at its Restart interval (cisco-ios: 2 s) until Max-Configure (10) Requests went out;
// hanging up sooner assumes the peer unable to respond too early.
Trace silent_peer_after(int requests, Millis hang_up_at) {
    Trace t = client_trace();
    t.cut_after("r2cr");
    for (int i = 1; i < requests; ++i)
        t.add("r2cr" + std::to_string(i), from_sut(120ms + Millis{2000 * i}, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    t.add("disc", from_sut(hang_up_at, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    return t;
}

TEST(ModelDialer, HangingUpWhileConfigureRequestsAreLeftViolatesFsm02) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, silent_peer_after(1, 2120ms), 2200ms);
    EXPECT_TRUE(j.violates("FSM-02")) << j.explanation;
}

TEST(ModelDialer, HangingUpOnceMaxConfigureRequestsWentUnansweredConforms) {
    RouterSpec spec(Role::Client, load_bundled_profile("cisco-ios").value(), r2_pixit());
    const Judgement j = run(spec, silent_peer_after(10, 120ms + 20000ms), 20200ms);
    EXPECT_FALSE(j.violates("FSM-02")) << j.explanation;
}

// FSM-01: the SUT's restart timer may run late within the tolerance. When its counter is out, the
// last expiry (TO-) shows no output; the oracle places it one measured interval after the last
// Request, so an Ack arriving before that is an RCA in Req-Sent (irc), not a stimulus in Stopped.
TEST(ModelDialer, LastExpiryFollowsTheSutsMeasuredRestartTimer) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    for (int i = 0; i < 10; ++i) {
        const Judgement j = spec.on_event(from_sut(Millis{3400 * i}, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
        ASSERT_TRUE(j.conforming) << "CR " << i + 1 << ": " << j.explanation;
    }
    // 3.2 s after the tenth Request: before the SUT's own interval (3.4 s) has passed.
    Judgement j = spec.on_event(to_sut(Millis{3400 * 9 + 3200}, BFrame{1, lcp(2, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    ASSERT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.lcp_state(1), LcpState::AckRcvd);
    j = spec.on_event(from_sut(Millis{3400 * 10}, BFrame{1, lcp(1, 2, {wire::MagicNumber{0x0BADCAFE}})}));
    EXPECT_TRUE(j.conforming) << j.explanation;  // TO+ in Ack-Rcvd: the counter was re-initialised
}

TEST(ModelDialer, SecondTerminateRequestConformsThirdViolatesFsm02) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("pcr", to_sut(10ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x12345678}})}));
    t.add("pca", to_sut(20ms, BFrame{1, lcp(2, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("ca", from_sut(30ms, BFrame{1, lcp(2, 1, {wire::MagicNumber{0x12345678}})}));
    t.add("tr1", from_sut(100ms, BFrame{1, lcp_term(5, 2)}));
    t.add("tr2", from_sut(3100ms, BFrame{1, lcp_term(5, 3)}));
    EXPECT_TRUE(run(spec, t).conforming);
    const Judgement j = spec.on_event(from_sut(6100ms, BFrame{1, lcp_term(5, 4)}));
    EXPECT_TRUE(j.violates("FSM-02")) << j.explanation;
}

TEST(ModelDialer, LoopedBackMagicAckedViolatesLcp16) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("pcr", to_sut(10ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("ca", from_sut(30ms, BFrame{1, lcp(2, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    EXPECT_TRUE(run(spec, t).violates("LCP-16"));
}

// RFC 1661 sections 4.6 and 6.4: a looped-back Magic-Number must be Nak'd until Max-Failure Naks
// were sent without an Ack; Configure-Rejects sent before do not count toward it.
Trace rejects_then_looped_magic(std::uint8_t first_code) {
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    for (std::uint8_t id = 1; id <= 5; ++id) {
        const Millis at{100 * id};
        if (first_code == 4) {
            t.add("pcr", to_sut(at, BFrame{1, lcp(1, id, {wire::RawOption{0xE7, {1, 2}}})}));
            t.add("cj", from_sut(at + 5ms, BFrame{1, lcp(4, id, {wire::RawOption{0xE7, {1, 2}}})}));
        } else {
            t.add("pcr", to_sut(at, BFrame{1, lcp(1, id, {wire::MagicNumber{0}})}));
            t.add("cn", from_sut(at + 5ms, BFrame{1, lcp(3, id, {wire::MagicNumber{0x600D}})}));
        }
    }
    t.add("loop", to_sut(1000ms, BFrame{1, lcp(1, 9, {wire::MagicNumber{0x0BADCAFE}})}));
    return t;
}

TEST(ModelDialer, LoopedMagicRejectedAfterFiveRejectsViolatesLcp16) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    Trace t = rejects_then_looped_magic(4);
    EXPECT_TRUE(run(spec, t).conforming);
    const Judgement j = spec.on_event(from_sut(1005ms, BFrame{1, lcp(4, 9, {wire::MagicNumber{0x0BADCAFE}})}));
    EXPECT_TRUE(j.violates("LCP-16")) << j.explanation;
    EXPECT_TRUE(j.violates("FSM-03")) << j.explanation;
}

TEST(ModelDialer, LoopedMagicRejectedAfterMaxFailureNaksConforms) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    Trace t = rejects_then_looped_magic(3);
    t.add("cj", from_sut(1005ms, BFrame{1, lcp(4, 9, {wire::MagicNumber{0x0BADCAFE}})}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

// LCP-18, RFC 1661 section 5.6: the Code-Reject carries a copy of the rejected packet.
Judgement code_reject_of_unknown_code(const Bytes& carried) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    wire::LcpPacket odd;
    odd.code = 42;
    odd.identifier = 7;
    odd.data = {1, 2, 3};
    wire::LcpPacket reject;
    reject.code = static_cast<std::uint8_t>(wire::LcpCode::CodeRej);
    reject.identifier = 2;
    reject.data = carried;
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("odd", to_sut(10ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(odd))}));
    t.add("cj", from_sut(20ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(reject))}));
    return run(spec, t);
}

TEST(ModelDialer, CodeRejectCopyingThePacketConforms) {
    wire::LcpPacket odd;
    odd.code = 42;
    odd.identifier = 7;
    odd.data = {1, 2, 3};
    const Judgement j = code_reject_of_unknown_code(wire::encode_lcp(odd));
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelDialer, CodeRejectWithoutOrWithAlteredCopyViolatesLcp18) {
    EXPECT_TRUE(code_reject_of_unknown_code(Bytes{42}).violates("LCP-18"));  // cut short, MRU allows all
    EXPECT_TRUE(code_reject_of_unknown_code(Bytes{42, 7, 0, 7, 1, 2, 4}).violates("LCP-18"));  // an octet changed
    EXPECT_TRUE(code_reject_of_unknown_code(Bytes{42, 7, 0, 7, 1, 2, 3, 0}).violates("LCP-18"));  // one too many
}

TEST(ModelDialer, FrameWithInvalidProtocolNumberFromTheSutViolatesFr11) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    const Judgement j = spec.on_event(from_sut(0ms, BFrame{1, frame(0x8020, Bytes{1, 1, 0, 4})}));
    EXPECT_TRUE(j.violates("FR-11")) << j.explanation;
}

TEST(ModelDialer, UnknownCodeOwesCodeReject) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    wire::LcpPacket odd;
    odd.code = 42;
    odd.identifier = 7;
    odd.data = {1, 2, 3};
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("odd", to_sut(10ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(odd))}));
    EXPECT_TRUE(run(spec, t).conforming);
    const Judgement j = spec.advance_to(10ms + 1001ms);
    EXPECT_TRUE(j.violates("LCP-10")) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test

namespace ppp::model::test {
namespace {

Bytes pap_request(std::uint8_t id, const std::string& user, const std::string& password) {
    wire::PapPacket p;
    p.code = 1;
    p.identifier = id;
    p.peer_id = Bytes(user.begin(), user.end());
    p.password = Bytes(password.begin(), password.end());
    return frame(wire::proto::kPap, wire::encode_pap(p));
}
Bytes pap_ack(std::uint8_t id) {
    wire::PapPacket p;
    p.code = 2;
    p.identifier = id;
    return frame(wire::proto::kPap, wire::encode_pap(p));
}

Trace pap_trace(const std::string& password) {
    const std::vector<wire::LcpOption> peer{wire::AuthProtocol{wire::proto::kPap, {}}, wire::MagicNumber{0x12345678}};
    Trace t;
    t.add("cr", from_sut(0ms, BFrame{1, lcp(1, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("pcr", to_sut(10ms, BFrame{1, lcp(1, 1, peer)}));
    t.add("pca", to_sut(20ms, BFrame{1, lcp(2, 1, {wire::MagicNumber{0x0BADCAFE}})}));
    t.add("ca", from_sut(30ms, BFrame{1, lcp(2, 1, peer)}));
    t.add("req", from_sut(40ms, BFrame{1, pap_request(1, "R2", password)}));
    t.add("ack", to_sut(50ms, BFrame{1, pap_ack(1)}));
    return t;
}

TEST(ModelAuth, PapAuthenticateeConforms) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    const Judgement j = run(spec, pap_trace("CCIE"), 1000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.phase(1), "Network");
}

TEST(ModelAuth, PapRequestWithWrongPasswordViolatesPap02) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    EXPECT_TRUE(run(spec, pap_trace("guess")).violates("PAP-02"));
}

TEST(ModelAuth, MissingPapRequestViolatesPap02) {
    RouterSpec spec(Role::Client, load_bundled_profile("rfc-strict").value(), line());
    Trace t = pap_trace("CCIE");
    t.cut_after("ca");
    EXPECT_TRUE(run(spec, t, 2000ms).violates("PAP-02"));
}

}  // namespace
}  // namespace ppp::model::test
