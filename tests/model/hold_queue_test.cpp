// The hold queue (SPEC DDR-07, `dialer hold-queue N [timeout S]`): packets offered while the SUT
// dials wait for the call, at most N of them and each at most S; a packet the dialer dropped
// (beyond N, past S, or held for a dial that failed: AMB-48) is never sent afterwards.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

wire::Ipv4Packet echo(std::uint16_t seq) { return ping(kR2Ip, kR1Ip, 8, seq); }
wire::PortMessage sent(Millis at, std::uint16_t seq) { return from_sut(at, BFrame{1, ip(echo(seq))}); }

RouterSpec client_holding(int packets, Millis timeout = Millis{0}, bool failed_dial_keeps = false) {
    Profile p = cisco();
    p.dialer.hold_queue = packets;
    p.dialer.hold_queue_timeout = timeout;
    p.dialer.failed_dial_keeps_hold_queue = failed_dial_keeps;
    return RouterSpec(Role::Client, p, r2_pixit());
}

bool names(const Judgement& j, const std::string& id) {
    return std::find(j.requirements.begin(), j.requirements.end(), id) != j.requirements.end();
}

// A DDR-07 violation whose explanation says why.
void expect_ddr07(const Judgement& j, const std::string& why) {
    EXPECT_TRUE(names(j, "DDR-07")) << j.explanation;
    EXPECT_NE(j.explanation.find(why), std::string::npos) << j.explanation;
}

// The anchor trace up to the return call's IPCP Opened (15.36 s), the packet `extra` offered at
// `at` after step `after`, and the packet `out` sent once the Network phase is up.
Trace return_call_with(const std::string& after, Millis at, std::uint16_t extra, std::uint16_t out) {
    Trace t = client_trace();
    t.cut_after("r2ipcpack");
    t.insert_after(after, "ping" + std::to_string(extra), offered(at, echo(extra)));
    t.add("held" + std::to_string(out), sent(15365ms, out));
    return t;
}

// The packet at 0 ms held for the return call, and a second one offered 5 ms later.
Trace two_offered_while_dialling() { return return_call_with("ping", 5ms, 3, 1); }

TEST(ModelHoldQueue, TheHeldPacketGoesOutOnTheReturnCall) {
    RouterSpec spec = client_holding(1);
    const Judgement j = run(spec, two_offered_while_dialling(), 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelHoldQueue, AHeldPacketNeverSentIsAViolation) {
    RouterSpec spec = client_holding(1);
    Trace t = two_offered_while_dialling();
    t.remove("held1");
    const Judgement j = run(spec, t, 40000ms);
    EXPECT_TRUE(names(j, "DDR-07")) << j.explanation;
}

TEST(ModelHoldQueue, APacketBeyondTheQueueIsDroppedForGood) {
    RouterSpec spec = client_holding(1);
    Trace t = two_offered_while_dialling();
    t.insert_after("held1", "dropped3", sent(15370ms, 3));
    expect_ddr07(run(spec, t, 40000ms), "offered with the hold queue full (1 packets)");
    // With room for both, both go out.
    RouterSpec roomy = client_holding(2);
    EXPECT_TRUE(run(roomy, t, 40000ms).conforming);
}

// `timeout 10`: the packet held since 0 ms has timed out when the return call is up at 15.3 s;
// the one offered at 12 s has not, and is owed before it would time out.
Trace held_across_the_timeout() { return return_call_with("relc1", 12000ms, 12, 12); }

TEST(ModelHoldQueue, APacketHeldPastTheTimeoutIsNeverSent) {
    RouterSpec spec = client_holding(10, 10000ms);
    const Judgement j = run(spec, held_across_the_timeout(), 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;

    RouterSpec late = client_holding(10, 10000ms);
    Trace t = held_across_the_timeout();
    t.insert_after("held12", "expired1", sent(15370ms, 1));
    expect_ddr07(run(late, t, 40000ms), "past the hold-queue timeout");

    // Without a timeout both packets wait for the call, and both are owed.
    RouterSpec unbounded = client_holding(10);
    EXPECT_TRUE(run(unbounded, t, 40000ms).conforming);
    RouterSpec unbounded_missing = client_holding(10);
    EXPECT_TRUE(names(run(unbounded_missing, held_across_the_timeout(), 40000ms), "DDR-07"));
}

TEST(ModelHoldQueue, APacketStillWithinItsTimeoutIsOwed) {
    RouterSpec spec = client_holding(10, 10000ms);
    Trace t = held_across_the_timeout();
    t.remove("held12");
    const Judgement j = run(spec, t, 40000ms);
    EXPECT_TRUE(names(j, "DDR-07")) << j.explanation;
}

// The packet at 0 ms is held for a call that is never answered (given up at 30 s, DDR-05); the
// next call, for a packet offered at 46 s, then brings the return call.
Trace held_for_a_failed_dial(bool old_packet_sent) {
    Trace t = client_call_given_up_at_wait_for_carrier();
    const Millis later{46000};
    Trace next = client_trace();
    next.cut_after("r2ipcpack");
    next.replace("ping", offered(0ms, echo(5)));
    for (Step step : next.steps) {
        step.event.at += later;
        t.add("next " + step.label, std::move(step.event));
    }
    t.add("held5", sent(later + 15365ms, 5));
    if (old_packet_sent) t.add("held1", sent(later + 15370ms, 1));
    return t;
}

TEST(ModelHoldQueue, PacketsHeldForAFailedDialAreDroppedWithItAmb48) {
    RouterSpec spec = client_holding(5);
    const Judgement dropped = run(spec, held_for_a_failed_dial(false), 90000ms);
    EXPECT_TRUE(dropped.conforming) << dropped.explanation;

    RouterSpec resent = client_holding(5);
    const Judgement j = run(resent, held_for_a_failed_dial(true), 90000ms);
    EXPECT_TRUE(names(j, "AMB-48")) << j.explanation;
    expect_ddr07(j, "held for the call to 5557777, which failed");
}

TEST(ModelHoldQueue, AProfileThatKeepsThemOwesThemOnTheNextCallAmb48) {
    RouterSpec spec = client_holding(5, Millis{0}, true);
    EXPECT_TRUE(run(spec, held_for_a_failed_dial(true), 90000ms).conforming);
    RouterSpec missing = client_holding(5, Millis{0}, true);
    EXPECT_TRUE(names(run(missing, held_for_a_failed_dial(false), 90000ms), "DDR-07"));
}

}  // namespace
}  // namespace ppp::model::test
