// The order of events at a wall-clock port (PIXIT tolerance.crossing_ms): a Configure-Request the
// SUT retransmits as its Ack arrives crosses the Ack on the line (RFC 1661 section 4.3, FSM-07
// "[x] crossed connection"); the oracle takes that order only within the port's latency.
#include <gtest/gtest.h>

#include "ppp/model/crossing_window.hpp"
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

// pppd 2.4.9 as the callback client on a pty (restart timer 3 s, PEERS.md), its line up at start.
RouterSpec pppd_client() {
    Pixit p = r2_pixit();
    p.tolerance = {500ms, 2000ms, 5000ms, 50ms};
    p.line_up_at_start = true;
    p.dialer_map_to_peer = false;
    return RouterSpec(Role::Client, load_bundled_profile("pppd-2.4.9").value(), p);
}

std::vector<wire::LcpOption> client_cr(std::uint32_t magic = 0x5a5a5a5a) {
    return {wire::Callback{6, {}}, wire::MagicNumber{magic}};
}
std::vector<wire::LcpOption> server_cr() {
    return {wire::AuthProtocol{wire::proto::kChap, Bytes{wire::kChapMd5}}, wire::MagicNumber{0x01020304}};
}

// Feeds `trace` through the window and lets time pass to `end`; the judgements are joined.
Judgement run_through(CrossingWindow& window, RouterSpec& spec, const Trace& trace, Millis end) {
    Judgement all;
    auto join = [&all](const Judgement& j) {
        if (j.conforming) return;
        all.conforming = false;
        all.requirements.insert(all.requirements.end(), j.requirements.begin(), j.requirements.end());
        all.explanation += j.explanation + "\n";
    };
    for (const Step& s : trace.steps) join(window.on_event(spec, s.event));
    join(window.advance_to(spec, end));
    return all;
}

// The SUT's first Request goes unanswered, its retransmission 3 s later is acked at 6 s: the
// retransmission the SUT sends at 6 s + `after` keeps the Identifier the Ack carried.
Trace retransmission_crossing_the_ack(Millis after, std::uint32_t magic = 0x5a5a5a5a) {
    Trace t;
    t.add("cr1", from_sut(0ms, BFrame{1, lcp(CR, 1, client_cr())}));
    t.add("srvcr", to_sut(10ms, BFrame{1, lcp(CR, 1, server_cr())}));
    t.add("ca", from_sut(20ms, BFrame{1, lcp(CA, 1, server_cr())}));
    t.add("cr2", from_sut(3000ms, BFrame{1, lcp(CR, 2, client_cr())}));
    t.add("srvca", to_sut(6000ms, BFrame{1, lcp(CA, 2, client_cr())}));
    t.add("cr2again", from_sut(6000ms + after, BFrame{1, lcp(CR, 2, client_cr(magic))}));
    return t;
}

TEST(ModelCrossingWindow, InVirtualTimeTheArrivalOrderIsTheOrder) {
    RouterSpec spec = pppd_client();
    CrossingWindow window(0ms);
    const Judgement j = run_through(window, spec, retransmission_crossing_the_ack(5ms), 6100ms);
    EXPECT_NE(std::find(j.requirements.begin(), j.requirements.end(), "LCP-04"), j.requirements.end()) << j.explanation;
    EXPECT_TRUE(window.notes().empty());
}

TEST(ModelCrossingWindow, RetransmissionWithinTheLatencyIsJudgedAsSentBeforeTheAck) {
    RouterSpec spec = pppd_client();
    CrossingWindow window(50ms);
    const Judgement j = run_through(window, spec, retransmission_crossing_the_ack(5ms), 6100ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    ASSERT_EQ(window.notes().size(), 1u);
    EXPECT_NE(window.notes()[0].find("crossing: B1 LCP ConfReq id=2"), std::string::npos) << window.notes()[0];
    EXPECT_NE(window.notes()[0].find("judged as sent before the stimulus at 6000 ms"), std::string::npos);
    // In the crossed order the Ack answers the retransmission: the link is up.
    EXPECT_EQ(spec.lcp_state(1), LcpState::Opened);
}

TEST(ModelCrossingWindow, RetransmissionPastTheLatencyIsAViolation) {
    RouterSpec spec = pppd_client();
    CrossingWindow window(50ms);
    const Judgement j = run_through(window, spec, retransmission_crossing_the_ack(80ms), 6100ms);
    EXPECT_NE(std::find(j.requirements.begin(), j.requirements.end(), "LCP-04"), j.requirements.end()) << j.explanation;
    EXPECT_TRUE(window.notes().empty());
}

TEST(ModelCrossingWindow, ABreachInEveryOrderStaysAViolation) {
    RouterSpec spec = pppd_client();
    CrossingWindow window(50ms);
    // Magic-Number 0 is illegal whatever crossed it (LCP-16).
    const Judgement j = run_through(window, spec, retransmission_crossing_the_ack(5ms, 0), 6100ms);
    EXPECT_FALSE(j.conforming);
    EXPECT_NE(std::find(j.requirements.begin(), j.requirements.end(), "LCP-16"), j.requirements.end()) << j.explanation;
    EXPECT_TRUE(window.notes().empty());
}

TEST(ModelCrossingWindow, RepliesInOrderNeedNoCrossing) {
    RouterSpec spec = pppd_client();
    CrossingWindow window(50ms);
    Trace t = retransmission_crossing_the_ack(5ms);
    t.remove("cr2again");
    const Judgement j = run_through(window, spec, t, 6100ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_TRUE(window.notes().empty());
    EXPECT_EQ(spec.lcp_state(1), LcpState::Opened);
}

// The server SUT closes the first call (its Terminate-Request at 100 ms) while the tester's
// Echo-Request is on its way in: read in Closing, the Request is owed no Reply (RFC 1661 section
// 4.3: RXR in Closing is "4", no action). The arrival order conforms when the Terminate-Request is
// seen, and breaks a rule only later, when the owed Reply is late.
Trace echo_before_the_terminate(Millis at, const std::string& after) {
    Trace t = server_trace();
    wire::LcpPacket echo;
    echo.code = 9;
    echo.identifier = 7;
    echo.magic = 0x11111111;  // the tester's, from r2_first_cr
    // The call stays up past the Reply's deadline (PIXIT tolerance.reply), as pppd's does.
    t.cut_after("r2ta");
    t.insert_after(after, "echo", to_sut(at, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(echo))}));
    return t;
}

TEST(ModelCrossingWindow, AnAnswerOwedInOneOrderOnlyIsNotOwed) {
    RouterSpec spec = server();
    CrossingWindow window(20ms);
    const Judgement j = run_through(window, spec, echo_before_the_terminate(98ms, "succ"), 5000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    ASSERT_EQ(window.notes().size(), 1u);
    EXPECT_NE(window.notes()[0].find("crossing: B1 LCP TermReq id=2"), std::string::npos) << window.notes()[0];
    EXPECT_NE(window.notes()[0].find("judged as sent before the stimulus at 98 ms"), std::string::npos) << window.notes()[0];
}

TEST(ModelCrossingWindow, TheAnswerGivenKeepsTheArrivalOrder) {
    RouterSpec spec = server();
    CrossingWindow window(20ms);
    Trace t = echo_before_the_terminate(98ms, "succ");
    wire::LcpPacket reply;
    reply.code = 10;
    reply.identifier = 7;
    reply.magic = 0x22222222;  // the SUT's, from r1_cr
    t.insert_after("r1tr", "reply", from_sut(101ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(reply))}));
    const Judgement j = run_through(window, spec, t, 5000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_TRUE(window.notes().empty());
}

TEST(ModelCrossingWindow, AnAnswerOwedPastTheLatencyStaysOwed) {
    RouterSpec spec = server();
    CrossingWindow window(20ms);
    // Read 35 ms before the Terminate-Request, in Opened: a Reply is owed in every order.
    const Judgement j = run_through(window, spec, echo_before_the_terminate(65ms, "r2ca"), 5000ms);
    EXPECT_FALSE(j.conforming);
    EXPECT_TRUE(window.notes().empty());
}


// The tester renegotiates LCP with the server SUT's link up (16 s); the SUT Acks at once, then sends
// an IPCP Configure-Request 5 ms after the tester's Request. The SUT's frames on one B-channel
// leave in the order it sent them: the Ack answers the tester's Request, so the IPCP Request after
// it was sent after the Request arrived too, and cannot have crossed it (RFC 1661 section 3.7: the
// link is back in Link Establishment, no network-layer packet; PH-03).
TEST(ModelCrossingWindow, AFrameAfterTheSutsOwnAnswerOnItsLinkCannotCrossTheStimulus) {
    RouterSpec spec = server();
    CrossingWindow window(20ms);
    Trace t = server_trace();
    t.cut_after("r1ipcpack");
    t.add("r2cr3", to_sut(16000ms, BFrame{1, lcp(CR, 3, {wire::MagicNumber{0x55555555}})}));
    t.add("r1cr3", from_sut(16001ms, BFrame{1, lcp(CR, 3, r1_cr(0x66666666))}));
    t.add("r1ca3", from_sut(16001ms, BFrame{1, lcp(CA, 3, {wire::MagicNumber{0x55555555}})}));
    t.add("r1ipcp3", from_sut(16005ms, BFrame{1, ipcp(CR, 2, kR1Ip)}));
    const Judgement j = run_through(window, spec, t, 16010ms);
    EXPECT_FALSE(j.conforming);
    EXPECT_TRUE(window.notes().empty()) << window.notes()[0];

    // Without the Ack before it, nothing shows the tester's Request had reached the SUT.
    RouterSpec alone = server();
    CrossingWindow alone_window(20ms);
    t.remove("r1cr3");
    t.remove("r1ca3");
    const Judgement unanswered = run_through(alone_window, alone, t, 16010ms);
    EXPECT_TRUE(unanswered.conforming) << unanswered.explanation;
}

}  // namespace
}  // namespace ppp::model::test
