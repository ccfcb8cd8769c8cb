// pppd 2.4.9 as a CBCP callback client on a pty (PEERS.md section 2), judged byte by byte.
#include <gtest/gtest.h>

#include "ppp/model/router_spec.hpp"
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

const Bytes kChal{0x5e, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

Pixit pppd_pixit() {  // with the pppd-uml PIXIT's tolerances
    Pixit p = r2_pixit();
    p.tolerance = {500ms, 2000ms, 5000ms};
    p.line_up_at_start = true;
    p.own_number = "5551234";
    p.own_name = "pppuser";
    p.peer_name = "server";
    p.secrets = {{"server", "s3cret"}, {"pppuser", "s3cret"}};
    p.dialer_map_to_peer = false;
    return p;
}

std::vector<wire::LcpOption> pppd_cr() {  // ACCM, Callback (op 6), Magic, PFC, ACFC
    return {wire::Accm{0}, wire::Callback{6, {}}, wire::MagicNumber{0x5a5a5a5a}, wire::Pfc{}, wire::Acfc{}};
}
std::vector<wire::LcpOption> server_cr() {
    return {wire::AuthProtocol{wire::proto::kChap, Bytes{wire::kChapMd5}}, wire::MagicNumber{0x01020304}};
}

Bytes cbcp(std::uint8_t code, std::uint8_t id, std::uint8_t type, std::uint8_t delay, const std::string& number) {
    wire::CbcpPacket p;
    p.code = code;
    p.identifier = id;
    wire::CbcpOption o;
    o.type = type;
    o.has_delay = true;
    o.delay = delay;
    o.addresses.push_back({wire::kCbcpAddressPstn, number});
    p.options.push_back(o);
    return frame(wire::proto::kCbcp, wire::encode_cbcp(p));
}

Trace pppd_trace() {
    Trace t;
    t.add("cr", from_sut(2800ms, BFrame{1, lcp(1, 1, pppd_cr())}));
    t.add("srvcr", to_sut(2810ms, BFrame{1, lcp(1, 1, server_cr())}));
    t.add("srvca", to_sut(2820ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("ca", from_sut(2830ms, BFrame{1, lcp(2, 1, server_cr())}));
    t.add("chal", to_sut(2840ms, BFrame{1, chap(1, 0x21, kChal, "server")}));
    t.add("resp", from_sut(2850ms, BFrame{1, chap(2, 0x21, md5(0x21, "s3cret", kChal), "pppuser")}));
    t.add("succ", to_sut(2860ms, BFrame{1, chap(3, 0x21, {}, "", "ok")}));
    t.add("req", to_sut(2870ms, BFrame{1, cbcp(1, 0x21, 2, 12, "")}));
    t.add("rsp", from_sut(2880ms, BFrame{1, cbcp(2, 0x21, 2, 5, "5551234")}));
    t.add("ack", to_sut(2890ms, BFrame{1, cbcp(3, 0x21, 2, 5, "5551234")}));
    t.add("tr", from_sut(2900ms, BFrame{1, lcp_term(5, 2)}));
    t.add("ta", to_sut(2910ms, BFrame{1, lcp_term(6, 2)}));
    return t;
}

RouterSpec pppd() { return RouterSpec(Role::Client, load_bundled_profile("pppd-2.4.9").value(), pppd_pixit()); }

TEST(ModelPppd, CbcpCallbackClientConforms) {
    RouterSpec spec = pppd();
    const Judgement j = run(spec, pppd_trace(), 10000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "Dropping");
}

TEST(ModelPppd, CbcpResponseWithWrongIdViolatesCbcp03) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.replace("rsp", from_sut(2880ms, BFrame{1, cbcp(2, 0x22, 2, 5, "5551234")}));
    t.cut_after("rsp");
    EXPECT_TRUE(run(spec, t).violates("CBCP-03"));
}

TEST(ModelPppd, IpcpBeforeCbcpEndsViolatesSeq01) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.cut_after("succ");
    t.add("ipcp", from_sut(2865ms, BFrame{1, ipcp(1, 1, 0x0A000001)}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("SEQ-01")) << j.explanation;
}

TEST(ModelPppd, SilentCbcpClientViolatesCbcp03) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.cut_after("req");
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.violates("CBCP-03")) << j.explanation;
}

TEST(ModelPppd, StayingUpAfterCbcpAckViolatesCbcp06) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.cut_after("ack");
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.violates("CBCP-06")) << j.explanation;
}

// pppd's cbcp.c starts the network phase as soon as it has sent its Response "no callback", without
// waiting for the answerer's Ack (AMB-40): seen once the harness's Ack crossed a network.
Bytes cbcp_no_callback(std::uint8_t code, std::uint8_t id) {
    wire::CbcpPacket p;
    p.code = code;
    p.identifier = id;
    wire::CbcpOption o;
    o.type = static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
    p.options.push_back(o);
    return frame(wire::proto::kCbcp, wire::encode_cbcp(p));
}
Trace no_callback_with_early_ipcp() {
    Trace t = pppd_trace();
    t.cut_after("succ");
    t.add("req1", to_sut(2870ms, BFrame{1, cbcp_no_callback(1, 0x21)}));
    t.add("rsp1", from_sut(2880ms, BFrame{1, cbcp_no_callback(2, 0x21)}));
    t.add("ipcp", from_sut(2881ms, BFrame{1, ipcp(1, 1, 0x0A000001)}));
    t.add("ack1", to_sut(2890ms, BFrame{1, cbcp_no_callback(3, 0x21)}));
    return t;
}

TEST(ModelPppd, NetworkPhaseBeforeTheNoCallbackAckIsADeviationNote) {
    RouterSpec spec = pppd();
    const Judgement j = run(spec, no_callback_with_early_ipcp());
    EXPECT_TRUE(j.conforming) << j.explanation;
    bool noted = false;
    for (const auto& n : spec.notes()) noted = noted || n.find("AMB-40") != std::string::npos;
    EXPECT_TRUE(noted);
}

TEST(ModelPppd, NetworkPhaseBeforeTheNoCallbackAckViolatesSeq01WithoutTheKnob) {
    Profile strict = load_bundled_profile("pppd-2.4.9").value();
    strict.callback.cbcp_network_on_response = false;
    RouterSpec spec(Role::Client, strict, pppd_pixit());
    const Judgement j = run(spec, no_callback_with_early_ipcp());
    EXPECT_TRUE(j.violates("SEQ-01")) << j.explanation;
}

TEST(ModelPppd, TheKnobDoesNotExcuseNcpAfterAResponseAskingForCallback) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.cut_after("rsp");  // type 2: callback to the user's number
    t.add("ipcp", from_sut(2885ms, BFrame{1, ipcp(1, 1, 0x0A000001)}));
    EXPECT_TRUE(run(spec, t).violates("SEQ-01"));
}

// RFC 1994 section 4.2: a Success copies the Response's Identifier; one that does not is no
// verdict on the SUT's Response, which must go on waiting (CHAP-04).
TEST(ModelPppd, NetworkPhaseOnAMisnumberedChapSuccessViolatesChap04) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.replace("succ", to_sut(2860ms, BFrame{1, chap(3, 0x22, {}, "", "ok")}));
    t.cut_after("succ");
    t.add("ipcp", from_sut(2870ms, BFrame{1, ipcp(1, 1, 0x0A000001)}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CHAP-04")) << j.explanation;
    EXPECT_TRUE(j.violates("PH-03")) << j.explanation;
}

TEST(ModelPppd, AMisnumberedChapSuccessIsIgnoredAndTheRightOneCounts) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.insert_after("resp", "wrong", to_sut(2855ms, BFrame{1, chap(3, 0x20, {}, "", "ok")}));
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "Dropping");
}

// After its Terminate for callback pppd's LCP finished (tlf) and the daemon exits: a frame that
// reaches it meanwhile (a duplicate the network delivered late) is not owed a Terminate-Ack on a
// line, where the harness cannot see the lower layer go (RFC 1661 section 4.4). Seen with pppd
// 2.4.9 in UML, seed 2 of TP-PPPD-P01.
TEST(ModelPppd, AfterTlfOnALineAConfigureRequestIsNotOwedAnAnswer) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.add("late", to_sut(3910ms, BFrame{1, lcp(1, 1, server_cr())}));
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelPppd, AfterTlfOnALineAnAnswerIsStillAccepted) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.add("late", to_sut(3910ms, BFrame{1, lcp(1, 1, server_cr())}));
    t.add("lateta", from_sut(3920ms, BFrame{1, lcp_term(6, 1)}));
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

// The same for an unknown code (seen with pppd 2.4.9 in UML under load, TP-PPPD-P02
// `send-echo-request; unknown-code`): the Code-Reject of RUC in Closed is allowed, not owed.
TEST(ModelPppd, AfterTlfOnALineAnUnknownCodeIsNotOwedACodeReject) {
    RouterSpec spec = pppd();
    Trace t = pppd_trace();
    t.add("odd", to_sut(3910ms, BFrame{1, frame(wire::proto::kLcp, Bytes{42, 0xA0, 0, 6, 0xDE, 0xAD})}));
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

// pppd's fsm.c re-sends its Configure-Request in Ack-Rcvd with the acked Identifier when the
// peer's own Request never arrives (seen on a pty when a harness frame had a bad FCS).
Trace ackrcvd_retransmission() {
    Trace t;
    t.add("cr", from_sut(2800ms, BFrame{1, lcp(1, 1, pppd_cr())}));
    t.add("srvca", to_sut(2810ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("cr2", from_sut(5800ms, BFrame{1, lcp(1, 1, pppd_cr())}));
    return t;
}

TEST(ModelPppd, AckRcvdRetransmissionKeepingTheIdIsADeviationNote) {
    RouterSpec spec = pppd();
    const Judgement j = run(spec, ackrcvd_retransmission());
    EXPECT_TRUE(j.conforming) << j.explanation;
    bool noted = false;
    for (const auto& n : spec.notes()) noted = noted || n.rfind("deviation: Configure-Request retransmitted in Ack-Rcvd", 0) == 0;
    EXPECT_TRUE(noted);
}

TEST(ModelPppd, AckRcvdRetransmissionKeepingTheIdViolatesLcp04WithoutTheKnob) {
    Profile strict = load_bundled_profile("pppd-2.4.9").value();
    strict.lcp.retransmit_keeps_acked_id = false;
    RouterSpec spec(Role::Client, strict, pppd_pixit());
    EXPECT_TRUE(run(spec, ackrcvd_retransmission()).violates("LCP-04"));
}

// AMB-44: the server's Configure-Ack arrives twice (a duplicated frame), then its own Request.
// Found by model generation against pppd in UML (TP-PPPD-P01, seed 1: `delay-next 1900ms;
// duplicate-next`): pppd keeps one Ack per Request (fsm.c seen_ack) and goes on to Opened.
Trace duplicated_ack() {
    Trace t;
    t.add("cr", from_sut(2800ms, BFrame{1, lcp(1, 1, pppd_cr())}));
    t.add("srvca", to_sut(2810ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("srvca2", to_sut(2811ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("srvcr", to_sut(4700ms, BFrame{1, lcp(1, 1, server_cr())}));
    t.add("ca", from_sut(4702ms, BFrame{1, lcp(2, 1, server_cr())}));
    t.add("resp", from_sut(4710ms, BFrame{1, chap(2, 0x21, md5(0x21, "s3cret", kChal), "pppuser")}));
    return t;
}

TEST(ModelPppd, ASecondAckOfOneRequestIsDiscardedUnderThePppdProfile) {
    RouterSpec spec = pppd();
    Trace t = duplicated_ack();
    t.cut_after("ca");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.lcp_state(1), LcpState::Opened);
    bool noted = false;
    for (const auto& n : spec.notes()) noted = noted || n.rfind("deviation: a second Configure-Ack id=1", 0) == 0;
    EXPECT_TRUE(noted);
}

// The knob lets the SUT discard the second Ack; it does not forbid RFC 1661's reading: a SUT that
// takes it as RCA and sends a new Configure-Request at once conforms too, with no deviation noted.
TEST(ModelPppd, ASecondAckTakenAsRcaStillConformsUnderThePppdProfile) {
    RouterSpec spec = pppd();
    Trace t;
    t.add("cr", from_sut(2800ms, BFrame{1, lcp(1, 1, pppd_cr())}));
    t.add("srvca", to_sut(2810ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("srvca2", to_sut(2811ms, BFrame{1, lcp(2, 1, pppd_cr())}));
    t.add("cr2", from_sut(2812ms, BFrame{1, lcp(1, 2, pppd_cr())}));
    t.add("srvca3", to_sut(2820ms, BFrame{1, lcp(2, 2, pppd_cr())}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.lcp_state(1), LcpState::AckRcvd);
    for (const auto& n : spec.notes()) EXPECT_EQ(n.find("second Configure-Ack"), std::string::npos) << n;
}

// RFC 1661 section 4.1, RCA in Ack-Rcvd: "scr/6" (the crossed-connection row). Without the knob
// the second Ack sends the automaton back to Req-Sent, so the SUT owes a new Configure-Request
// and the CHAP Response it sends instead is a non-LCP packet before LCP is Opened (LCP-17).
TEST(ModelPppd, ASecondAckOfOneRequestIsRcaWithoutTheKnob) {
    Profile strict = load_bundled_profile("pppd-2.4.9").value();
    strict.lcp.second_ack_ignored = false;
    RouterSpec spec(Role::Client, strict, pppd_pixit());
    const Judgement j = run(spec, duplicated_ack());
    EXPECT_TRUE(j.violates("LCP-17")) << j.explanation;
    EXPECT_NE(spec.lcp_state(1), LcpState::Opened);
}

}  // namespace
}  // namespace ppp::model::test

namespace ppp::model::test {
namespace {

using T = wire::Q931Type;

// FreeBSD ppp as the CBCP answerer (SPEC IMPL-02): it asks, acks, waits for the caller's TR, then
// calls back after the Delay agreed in CBCP (CBCP-06), not its own redial delay.
Trace freebsd_server_trace() {
    const std::vector<wire::LcpOption> caller{wire::Callback{6, {}}, wire::MagicNumber{0x5a5a5a5a}};
    const std::vector<wire::LcpOption> answerer{wire::AuthProtocol{wire::proto::kChap, Bytes{wire::kChapMd5}},
                                                wire::MagicNumber{0x01020304}};
    Trace t;
    t.add("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 1, true, "5557777", "5551234")}));
    t.add("connect1", from_sut(10ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", to_sut(20ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("ccr", to_sut(30ms, BFrame{1, lcp(1, 1, caller)}));
    t.add("acr", from_sut(40ms, BFrame{1, lcp(1, 1, answerer)}));
    t.add("aca", from_sut(50ms, BFrame{1, lcp(2, 1, caller)}));
    t.add("cca", to_sut(60ms, BFrame{1, lcp(2, 1, answerer)}));
    t.add("chal", from_sut(70ms, BFrame{1, chap(1, 1, kChal, "R1")}));
    t.add("resp", to_sut(80ms, BFrame{1, chap(2, 1, md5(1, "CCIE", kChal), "R2")}));
    t.add("succ", from_sut(90ms, BFrame{1, chap(3, 1, {}, "", "ok")}));
    t.add("req", from_sut(100ms, BFrame{1, cbcp(1, 1, 2, 0, "")}));
    t.add("rsp", to_sut(110ms, BFrame{1, cbcp(2, 1, 2, 5, "5551234")}));
    t.add("ack", from_sut(120ms, BFrame{1, cbcp(3, 1, 2, 5, "5551234")}));
    t.add("ctr", to_sut(130ms, BFrame{1, lcp_term(5, 2)}));
    t.add("ata", from_sut(140ms, BFrame{1, lcp_term(6, 2)}));
    t.add("disc", to_sut(150ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    t.add("rel", from_sut(160ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc", to_sut(170ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    t.add("setup2", from_sut(5170ms, DChannel{q931(T::Setup, 2, false, 3, false, "5551234")}));
    return t;
}

Pixit freebsd_pixit() {  // with freebsd-ppp's former tolerances
    Pixit p = r2_pixit();
    p.tolerance = {500ms, 2000ms, 3000ms};
    p.own_number = "5557777";
    p.own_name = "R1";
    p.peer_name = "R2";
    p.peer_number = "5551234";
    p.callback_request = false;
    return p;
}

TEST(ModelCbcp, FreeBsdAnswererConforms) {
    RouterSpec spec(Role::Server, load_bundled_profile("freebsd-ppp").value(), freebsd_pixit());
    const Judgement j = run(spec, freebsd_server_trace(), 6000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "CallingBack");
}

TEST(ModelCbcp, ReturnCallBeforeCbcpDelayViolatesCbcp06) {
    RouterSpec spec(Role::Server, load_bundled_profile("freebsd-ppp").value(), freebsd_pixit());
    Trace t = freebsd_server_trace();
    t.replace("setup2", from_sut(1170ms, DChannel{q931(T::Setup, 2, false, 3, false, "5551234")}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CBCP-06")) << j.explanation;
    EXPECT_FALSE(j.violates("DDR-06"));  // freebsd-ppp claims no dialer
    EXPECT_NE(j.explanation.find("return call 1020 ms after the first call cleared; the server waits 5000 ms"),
              std::string::npos)
        << j.explanation;
}

// AMB-43: the same answerer as a DDR server (enable-timeout 15 s) with the CBCP Delay of 5 s.
// Both waits run from the DISCONNECT at 150 ms, not the RELEASE COMPLETE at 170 ms (AMB-24).
Profile freebsd_with_dialer(bool delay_waits_enable_timeout) {
    Profile p = load_bundled_profile("freebsd-ppp").value();
    p.dialer.enabled = true;
    p.dialer.enable_timeout = 15000ms;
    p.callback.cbcp_delay_waits_enable_timeout = delay_waits_enable_timeout;
    return p;
}

TEST(ModelCbcp, ReturnCallAfterTheDelayButInTheEnableTimeoutViolatesAmb43WhereClaimed) {
    RouterSpec spec(Role::Server, freebsd_with_dialer(true), freebsd_pixit());
    const Judgement j = run(spec, freebsd_server_trace(), 6000ms);
    EXPECT_TRUE(j.violates("AMB-43")) << j.explanation;
    EXPECT_TRUE(j.violates("DDR-06"));
    EXPECT_NE(j.explanation.find("return call 5020 ms after the first call cleared; the server waits 15000 ms"),
              std::string::npos)
        << j.explanation;
}

TEST(ModelCbcp, ReturnCallAfterTheDelayConformsWhereTheDelayAloneGoverns) {
    RouterSpec spec(Role::Server, freebsd_with_dialer(false), freebsd_pixit());
    const Judgement j = run(spec, freebsd_server_trace(), 6000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "CallingBack");
}

TEST(ModelCbcp, AReturnCallAtTheEnableTimeoutConformsWhereClaimedAndIsLateWhereTheDelayAloneGoverns) {
    Trace t = freebsd_server_trace();
    t.replace("setup2", from_sut(15170ms, DChannel{q931(T::Setup, 2, false, 3, false, "5551234")}));
    RouterSpec waits(Role::Server, freebsd_with_dialer(true), freebsd_pixit());
    const Judgement in_time = run(waits, t, 16000ms);
    EXPECT_TRUE(in_time.conforming) << in_time.explanation;
    // The Delay alone: owed by 5 s after the clearing plus the tolerances (late 2 s, reply 3 s).
    RouterSpec delay_alone(Role::Server, freebsd_with_dialer(false), freebsd_pixit());
    const Judgement late = run(delay_alone, t, 16000ms);
    EXPECT_TRUE(late.violates("CCB-04")) << late.explanation;
    EXPECT_NE(late.explanation.find("by 10150 ms (delay 5000 ms after the first call cleared)"), std::string::npos)
        << late.explanation;
}

TEST(ModelCbcp, TheReturnCallOwedAfterACbcpDelayIsDueAtTheLaterOfDelayAndEnableTimeout) {
    RouterSpec spec(Role::Server, freebsd_with_dialer(true), freebsd_pixit());
    Trace t = freebsd_server_trace();
    t.cut_after("relc");
    EXPECT_TRUE(run(spec, t).conforming);
    bool owed = false;
    for (const Obligation& o : spec.owed())
        if (o.kind == OutputKind::Setup) {
            owed = true;
            EXPECT_EQ(o.not_before.count(), 150 + 15000 - 500);  // tolerance.early of freebsd_pixit()
        }
    EXPECT_TRUE(owed);
}

TEST(ModelCbcp, AckNotEchoingResponseViolatesCbcp04) {
    RouterSpec spec(Role::Server, load_bundled_profile("freebsd-ppp").value(), freebsd_pixit());
    Trace t = freebsd_server_trace();
    t.replace("ack", from_sut(120ms, BFrame{1, cbcp(3, 1, 2, 5, "5550000")}));
    t.cut_after("ack");
    EXPECT_TRUE(run(spec, t).violates("CBCP-04"));
}

TEST(ModelCbcp, UnansweredRequestMustBeRetransmitted) {
    RouterSpec spec(Role::Server, load_bundled_profile("freebsd-ppp").value(), freebsd_pixit());
    Trace t = freebsd_server_trace();
    t.cut_after("req");
    EXPECT_TRUE(run(spec, t, 3000ms).conforming);
    EXPECT_TRUE(spec.advance_to(100ms + 3000ms + 2001ms).violates("CBCP-05"));
}

}  // namespace
}  // namespace ppp::model::test
