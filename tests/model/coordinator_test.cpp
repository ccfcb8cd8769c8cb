// The callback coordinator and the DDR dialer (model/src/coordinator.cpp): their MSM tables seen
// through RouterSpec coverage, and DDR-04 fast-idle under contention for the BRI.
#include <set>

#include <gtest/gtest.h>

#include "callback_scenario.hpp"
#include "ppp/model/router_spec.hpp"

namespace ppp::model::test {
namespace {

const std::uint32_t kOtherIp = 0xC0000209;  // 192.0.2.9: another `dialer map` next hop

const CoverageItem* find_row(const Coverage& c, const std::string& machine, const std::string& name) {
    for (const CoverageItem& t : c.transitions)
        if (t.machine == machine && t.name == name) return &t;
    return nullptr;
}

TEST(ModelCoordinator, TablesNameEveryRowWithItsRequirements) {
    const Coverage cov = client().coverage();
    std::set<std::string> machines;
    for (const CoverageItem& t : cov.transitions) {
        machines.insert(t.machine);
        if (t.machine == "rules" || t.machine == "lcp" || t.machine == "q931") continue;
        EXPECT_FALSE(t.requirements.empty()) << t.machine << ": " << t.name;
        EXPECT_EQ(t.hits, 0U) << t.machine << ": " << t.name;
    }
    for (const char* m : {"callback", "dialer", "auth (SUT authenticates)", "auth (SUT authenticated)", "lcp", "q931"})
        EXPECT_TRUE(machines.count(m)) << m;
    const CoverageItem* row = find_row(cov, "dialer", "Up --another destination waits--> Contended");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->requirements, std::vector<std::string>{"DDR-04"});
    row = find_row(cov, "callback", "Agreed --authenticated--> Dropping");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->requirements, (std::vector<std::string>{"CB-03", "CCB-04", "SEQ-01"}));
}

TEST(ModelCoordinator, ScenarioFiresCoordinatorAndDialerRows) {
    RouterSpec spec = client();
    ASSERT_TRUE(run(spec, client_trace(), 17000ms).conforming);
    const Coverage cov = spec.coverage();
    for (const char* name : {"Idle --outgoing call connected--> FirstCall", "FirstCall --callback agreed--> Agreed",
                             "Agreed --authenticated--> Dropping", "Dropping --call cleared (client)--> AwaitReturn",
                             "AwaitReturn --return call answered--> ReturnCall", "ReturnCall --authenticated--> Connected"}) {
        const CoverageItem* row = find_row(cov, "callback", name);
        ASSERT_NE(row, nullptr) << name;
        EXPECT_EQ(row->hits, 1U) << name;
    }
    // The return call comes after the enable-timeout (DDR-06): the dialer is Idle again by then.
    for (const char* name : {"Idle --SETUP sent--> Dialing", "Dialing --call connected--> Up", "Up --call cleared[last call]--> Disabled",
                             "Disabled --enable-timeout expired--> Idle", "Idle --call connected--> Up"}) {
        const CoverageItem* row = find_row(cov, "dialer", name);
        ASSERT_NE(row, nullptr) << name;
        EXPECT_EQ(row->hits, 1U) << name;
    }
    const auto never = cov.unfired_transitions();
    EXPECT_NE(std::find(never.begin(), never.end(), "dialer:Up --another destination waits--> Contended"), never.end());
}

// R2 dials R1 for a ping, no callback (the Cisco client without `ppp callback request`); the
// network phase is up at 220 ms. The BRI has one B-channel, so traffic for another mapped
// destination finds none free: contention (DDR-04).
Profile one_channel() {
    Profile p = cisco();
    p.isdn.channels = 1;
    return p;
}
Pixit plain_client() {
    Pixit p = r2_pixit();
    p.callback_request = false;
    p.other_dialer_maps = {{kOtherIp, "5559999"}};
    return p;
}
Trace connected_client() {
    const std::vector<wire::LcpOption> r2{wire::MagicNumber{0x11111111}};
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup1", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc1", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    t.add("connect1", to_sut(100ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", from_sut(110ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("r2cr", from_sut(120ms, BFrame{1, lcp(CR, 1, r2)}));
    t.add("r1cr", to_sut(130ms, BFrame{1, lcp(CR, 1, r1_cr(0x22222222))}));
    t.add("r1ca", to_sut(140ms, BFrame{1, lcp(CA, 1, r2)}));
    t.add("r2ca", from_sut(150ms, BFrame{1, lcp(CA, 1, r1_cr(0x22222222))}));
    t.add("chal", to_sut(160ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("resp", from_sut(170ms, BFrame{1, chap(kResponse, 1, md5(1, "CCIE", kChal1), "R2")}));
    t.add("succ", to_sut(180ms, BFrame{1, chap(kSuccess, 1, {}, "", "Welcome")}));
    t.add("r2ipcp", from_sut(190ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    t.add("r1ipcp", to_sut(200ms, BFrame{1, ipcp(CR, 1, kR1Ip)}));
    t.add("r1ipcpack", to_sut(210ms, BFrame{1, ipcp(CA, 1, kR2Ip)}));
    t.add("r2ipcpack", from_sut(220ms, BFrame{1, ipcp(CA, 1, kR1Ip)}));
    return t;
}
void add_contention(Trace& t, Millis at) {
    t.add("other", offered(at, ping(kR2Ip, kOtherIp, 8, 9)));
}
void add_hangup(Trace& t, Millis at) {
    t.add("disc", from_sut(at, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    t.add("rel", to_sut(at + 10ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc", from_sut(at + 20ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
}

TEST(ModelDialerFastIdle, HangupAtFastIdleUnderContentionConforms) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_contention(t, 5000ms);
    add_hangup(t, 20500ms);  // idle since 220 ms: fast-idle (20 s) ends at 20220 ms
    const Judgement j = run(spec, t, 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    const Coverage cov = spec.coverage();
    EXPECT_GT(cov.requirements().at("DDR-04"), 0U);
    const CoverageItem* row = find_row(cov, "dialer", "Up --another destination waits--> Contended");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->hits, 1U);
    row = find_row(cov, "dialer", "Contended --call cleared[last call]--> Disabled");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->hits, 1U);
}

TEST(ModelDialerFastIdle, CallKeptPastFastIdleUnderContentionViolatesDdr04) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_contention(t, 5000ms);
    EXPECT_TRUE(run(spec, t).conforming);
    const auto owed = spec.owed();
    const bool fast = std::any_of(owed.begin(), owed.end(), [](const Obligation& o) {
        return o.kind == OutputKind::Disconnect && o.requirements == std::vector<std::string>{"DDR-04"} && o.deadline == 20220ms + 1000ms;
    });
    EXPECT_TRUE(fast);
    EXPECT_TRUE(spec.advance_to(21000ms).conforming);
    const Judgement j = spec.advance_to(22000ms);
    EXPECT_TRUE(j.violates("DDR-04")) << j.explanation;
    EXPECT_FALSE(j.violates("DDR-03"));
}

TEST(ModelDialerFastIdle, HangupBeforeFastIdleViolatesDdr04) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_contention(t, 5000ms);
    add_hangup(t, 10000ms);
    EXPECT_TRUE(run(spec, t).violates("DDR-04"));
}

TEST(ModelDialerFastIdle, ContentionAfterLongIdleDropsAtOnce) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_contention(t, 60000ms);  // idle for almost a minute already: fast-idle has run out
    EXPECT_TRUE(run(spec, t).conforming);
    const Judgement j = spec.advance_to(60000ms + 2000ms + 1000ms + 1ms);  // reply + late tolerance
    EXPECT_TRUE(j.violates("DDR-04")) << j.explanation;
}

TEST(ModelDialerFastIdle, WithoutContentionFastIdleHangupViolatesDdr03) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_hangup(t, 20500ms);  // no other destination waits: the idle-timeout (120 s) applies
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("DDR-03")) << j.explanation;
    EXPECT_FALSE(j.violates("DDR-04"));
}

TEST(ModelDialerFastIdle, FreeChannelForOtherDestinationIsNoContention) {
    RouterSpec spec(Role::Client, cisco(), plain_client());  // two B-channels, one busy
    Trace t = connected_client();
    add_contention(t, 5000ms);
    EXPECT_TRUE(run(spec, t, 60000ms).conforming);
    const auto owed = spec.owed();
    EXPECT_TRUE(std::any_of(owed.begin(), owed.end(), [](const Obligation& o) {
        return o.kind == OutputKind::Disconnect && o.requirements == std::vector<std::string>{"DDR-03"};
    }));
}

// DDR-06 with DDR-08: the enable-timeout follows the disconnect that leaves the BRI without a call.
// The dialer's guard decides it from the fact the router gives with the event (another call up),
// not from an event named after the guard.
TEST(ModelDialerFastIdle, ClearingOneOfTwoCallsKeepsTheDialerUpAndTheLastStartsTheEnableTimeout) {
    RouterSpec spec(Role::Client, cisco(), plain_client());  // two B-channels
    Trace t = connected_client();
    add_contention(t, 5000ms);
    t.add("setup2", from_sut(5010ms, DChannel{q931(T::Setup, 2, false, 3, false, "5559999")}));
    t.add("callproc2", to_sut(5020ms, DChannel{q931(T::CallProceeding, 2, true, 2)}));
    t.add("connect2", to_sut(5100ms, DChannel{q931(T::Connect, 2, true)}));
    t.add("connack2", from_sut(5110ms, DChannel{q931(T::ConnectAck, 2, false)}));
    add_hangup(t, 121000ms);  // the first call, after its idle-timeout (DDR-03)
    run(spec, t, 121100ms);
    Coverage cov = spec.coverage();
    const CoverageItem* stays_up = find_row(cov, "dialer", "Up --call cleared[another call up]--> Up");
    ASSERT_NE(stays_up, nullptr);
    EXPECT_EQ(stays_up->hits, 1U);
    const CoverageItem* disabled = find_row(cov, "dialer", "Up --call cleared[last call]--> Disabled");
    ASSERT_NE(disabled, nullptr);
    EXPECT_EQ(disabled->hits, 0U);
}

// DDR-04: traffic for another destination while the only B-channel's call is still being
// dialled finds no channel free; contention begins when that call connects, and fast-idle then
// applies to it (the dialer's table has no Contended state before a call is up).
TEST(ModelDialerFastIdle, ContentionWhileDialingStartsWhenTheCallConnects) {
    RouterSpec spec(Role::Client, one_channel(), plain_client());
    Trace t = connected_client();
    add_contention(t, 15ms);
    add_hangup(t, 20500ms);  // fast-idle from the connect at 100 ms and the last packet: 20 s
    const Judgement j = run(spec, t, 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    const auto notes = spec.notes();
    EXPECT_FALSE(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("no row") != std::string::npos; }));
    const Coverage cov = spec.coverage();  // find_row points into it
    const CoverageItem* row = find_row(cov, "dialer", "Up --another destination waits--> Contended");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->hits, 1U);
}

// The only call's DISCONNECT (DDR-03's idle timeout), then traffic for another destination before
// the network's RELEASE: how often the dialer went into contention (a conforming run either way).
std::uint64_t contention_while_clearing(const Profile& profile) {
    RouterSpec spec(Role::Client, profile, plain_client());
    Trace t = connected_client();
    t.add("disc", from_sut(120500ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    add_contention(t, 120505ms);
    t.add("rel", to_sut(120510ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc", from_sut(120520ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    const Judgement j = run(spec, t, 130000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    const Coverage cov = spec.coverage();  // find_row points into it
    const CoverageItem* row = find_row(cov, "dialer", "Up --another destination waits--> Contended");
    EXPECT_NE(row, nullptr);
    return row == nullptr ? 0 : row->hits;
}

// AMB-23: that traffic finds the channel free unless the profile says a clearing call still
// holds it; then that is contention, where the profile lets traffic wait during the
// enable-timeout the DISCONNECT started (AMB-47, AMB-24).
TEST(ModelDialerFastIdle, AClearingCallHoldsItsChannelOnlyIfTheProfileSaysSo) {
    for (const bool holds : {false, true}) {
        Profile profile = one_channel();
        profile.dialer.clearing_call_holds_channel = holds;
        profile.dialer.contention_during_enable_timeout = true;
        EXPECT_EQ(contention_while_clearing(profile), holds ? 1U : 0U) << holds;
    }
}

// AMB-47: with the clearing call holding the only channel, a profile whose dialer drops traffic
// during the enable-timeout (DDR-06 before DDR-04) has nothing waiting, no contention.
TEST(ModelDialerFastIdle, TrafficDuringTheEnableTimeoutWaitsOnlyIfTheProfileSaysSo) {
    for (const bool waits : {false, true}) {
        Profile profile = one_channel();
        profile.dialer.clearing_call_holds_channel = true;
        profile.dialer.contention_during_enable_timeout = waits;
        EXPECT_EQ(contention_while_clearing(profile), waits ? 1U : 0U) << waits;
    }
}

}  // namespace
}  // namespace ppp::model::test

namespace ppp::model::test {
namespace {

// DDR-02: a datagram goes out on the link of a call to its own dialer map's number; one for another
// map's next hop (R3, 5559999) on the call with R1 is misrouted. The trace: R2's call to R1 up, a
// ping to `destination` offered at 5 s and sent on B1.
Judgement datagram_on_the_peers_link(std::uint32_t destination) {
    RouterSpec spec(Role::Client, cisco(), plain_client());
    Trace t = connected_client();
    t.add("offered", offered(5000ms, ping(kR2Ip, destination, 8, 9)));
    t.add("on-b1", from_sut(5010ms, BFrame{1, ip(ping(kR2Ip, destination, 8, 9))}));
    return run(spec, t);
}

TEST(ModelDialerRouting, ADatagramForAnotherMapsNextHopOnThePeersLinkBreaksDdr02) {
    const Judgement j = datagram_on_the_peers_link(kOtherIp);
    EXPECT_TRUE(j.violates("DDR-02")) << j.explanation;
    EXPECT_NE(j.explanation.find("whose dialer map dials 5559999"), std::string::npos) << j.explanation;
}

TEST(ModelDialerRouting, ADatagramForThePeerOnItsLinkIsRoutedByItsMap) {
    const Judgement j = datagram_on_the_peers_link(kR1Ip);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
