// `show dialer` judged against the port (AMB-46, OBS-08): the seed scenario's server and a failed
// call, each read with what a conforming router prints and with one figure wrong.
#include <optional>
#include <gtest/gtest.h>

#include "ppp/model/router_spec.hpp"
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

using Channel = DialerReport::Channel;

// A B-channel's section as a cisco-ios router prints it with no call: idle, Cisco's timers.
Channel idle_channel(int n) {
    Channel c;
    c.channel = n;
    c.state = "idle";
    c.idle_s = 120;
    c.fast_idle_s = 20;
    c.wait_for_carrier_s = 30;
    c.re_enable_s = 15;
    return c;
}

// A row of the dial-string table; `since`: its Last DNIS column in seconds (absent: not printed).
DialerReport::DialString dial(const char* number, std::int64_t successes, std::int64_t failures, const char* status,
                              std::optional<std::int64_t> since = std::nullopt) {
    DialerReport::DialString d;
    d.number = number;
    d.successes = successes;
    d.failures = failures;
    d.last_status = status;
    d.since_last_call_s = since;
    return d;
}

// The whole printout: the interface's section with its counters, then both B-channels idle.
DialerReport idle_report() {
    DialerReport r;
    r.interface_section = true;
    r.screened_calls = 0;
    r.rejected_for_callback = 0;
    r.channels = {idle_channel(1), idle_channel(2)};
    return r;
}

// R1 (server) after the seed scenario: its return call to R2 is up on B1.
DialerReport server_during_return_call() {
    DialerReport r = idle_report();
    r.dial_strings.push_back(dial("5558888", 1, 0, "successful"));
    Channel& b1 = r.channels[0];
    b1.state = "data link layer up";
    b1.connected = true;
    b1.number = "5558888";
    b1.name = "R2";
    b1.dial_reason = "Callback return call";
    b1.time_until_disconnect_s = 118;  // the peer's ping at 16 s, read at 17.5 s: 118.5 s left
    return r;
}

struct ServerAfterReturnCall : ::testing::Test {
    RouterSpec spec = server();
    void SetUp() override { ASSERT_TRUE(run(spec, server_trace()).conforming); }
    Judgement read(const DialerReport& r) { return spec.on_dialer_report(17500ms, r); }
};

TEST_F(ServerAfterReturnCall, WhatTheSeedArticleShowsConforms) {
    const Judgement j = read(server_during_return_call());
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST_F(ServerAfterReturnCall, AnotherDialReasonForTheReturnCallViolates) {
    DialerReport r = server_during_return_call();
    r.channels[0].dial_reason = "ip (s=192.0.2.1, d=192.0.2.2)";
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r.channels[0].dial_reason.reset();
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

TEST_F(ServerAfterReturnCall, TheCallUpMustBeShownWithItsNumberAndAuthenticatedName) {
    DialerReport r = server_during_return_call();
    r.channels[0].number = "5557777";
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[0].name.clear();
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[0] = idle_channel(1);
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[1].connected = true;  // B2 carries no call
    r.channels[1].number = "5558888";
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[1].state = "dialing";  // nor is anything dialled on it
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels.pop_back();  // B2's section missing
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

// DDR-03: the return call's idle timer runs from the peer's last ping (16 s): 120 s after it.
TEST_F(ServerAfterReturnCall, TimeUntilDisconnectFollowsTheIdleTimer) {
    DialerReport r = server_during_return_call();
    r.channels[0].time_until_disconnect_s = 60;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r.channels[0].time_until_disconnect_s.reset();
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

// CCB-05: callback-secure refuses nobody in the seed scenario; the counter says so.
TEST_F(ServerAfterReturnCall, TheInterfacesCountersArePrintedAndRight) {
    DialerReport r = server_during_return_call();
    r.rejected_for_callback = 1;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r.rejected_for_callback.reset();
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.screened_calls.reset();
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

TEST_F(ServerAfterReturnCall, CountsOtherThanThePortsViolate) {
    DialerReport r = server_during_return_call();
    r.dial_strings[0].successes = 2;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.dial_strings.clear();
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.dial_strings.push_back(dial("5550000", 0, 1, "failed"));  // never dialled
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.dial_strings.push_back(dial("5550000", 0, 0, "-"));  // a map never dialled: a row of zeros is fine
    EXPECT_TRUE(read(r).conforming);
    r = server_during_return_call();
    r.dial_strings[0].last_status = "failed";
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

// Last DNIS: the time since the return call (placed and connected at about 15 s), read at 17.5 s.
TEST_F(ServerAfterReturnCall, LastDnisMustBeTheTimeSinceTheLastCall) {
    DialerReport r = server_during_return_call();
    r.dial_strings[0].since_last_call_s = 2;
    EXPECT_TRUE(read(r).conforming) << read(r).explanation;
    r.dial_strings[0].since_last_call_s = 17;  // as if it had kept the first call's time
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r.dial_strings[0].since_last_call_s = 60;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r.dial_strings[0].since_last_call_s.reset();
    r.dial_strings[0].never_called = true;
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

TEST_F(ServerAfterReturnCall, PrintedTimersMustBeTheOnesTheRouterRunsWith) {
    DialerReport r = server_during_return_call();
    r.channels[1].idle_s = 119;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[0].re_enable_s = 0;
    EXPECT_TRUE(read(r).violates("AMB-46"));
    r = server_during_return_call();
    r.channels[1].wait_for_carrier_s.reset();
    EXPECT_TRUE(read(r).violates("AMB-46"));
}

// A call that came up within the reply tolerance may read either way.
TEST(ModelDialerReport, ACallJustConnectedMayStillReadIdle) {
    RouterSpec spec = client();
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    t.add("connect", to_sut(100ms, DChannel{q931(T::Connect, 1, true)}));
    ASSERT_TRUE(run(spec, t).conforming);
    DialerReport idle = idle_report();
    idle.dial_strings.push_back(dial("5557777", 1, 0, "successful"));
    EXPECT_TRUE(spec.on_dialer_report(100ms, idle).conforming);
    EXPECT_TRUE(spec.on_dialer_report(5000ms, idle).violates("AMB-46"));
}

// DDR-05: a call given up at wait-for-carrier counts as a failed attempt, last status failed.
TEST(ModelDialerReport, AFailedCallCountsAsAFailure) {
    RouterSpec spec = client();
    ASSERT_TRUE(run(spec, client_call_given_up_at_wait_for_carrier()).conforming);
    DialerReport r = idle_report();
    r.dial_strings.push_back(dial("5557777", 0, 1, "failed"));
    EXPECT_TRUE(spec.on_dialer_report(31000ms, r).conforming);
    r.dial_strings[0] = dial("5557777", 1, 0, "successful");
    EXPECT_TRUE(spec.on_dialer_report(31000ms, r).violates("AMB-46"));
    r.dial_strings[0] = dial("5557777", 0, 0, "-");  // an attempt left out
    EXPECT_TRUE(spec.on_dialer_report(31000ms, r).violates("AMB-46"));
}

}  // namespace
}  // namespace ppp::model::test
