// Dialer behaviour of the reference router (SPEC DDR-01..08) without callback.
#include <gtest/gtest.h>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/framing.hpp"
#include "sut/router_options.hpp"

namespace ppp::sut {
namespace {

using namespace std::chrono_literals;

std::string r1_text(const std::string& extra = "", const std::string& auth = "chap") {
    return "username R2 password CCIE\ninterface BRI0\n ip address 192.0.2.1 255.255.255.0\n encapsulation ppp\n"
           " dialer map ip 192.0.2.2 name R2 broadcast 5558888\n dialer-group 1\n ppp authentication " + auth + "\n" +
           extra + "dialer-list 1 protocol ip permit\n";
}

std::string r2_text(const std::string& extra = "", const std::string& list = "permit",
                    const std::string& auth = "chap") {
    return "username R1 password CCIE\ninterface BRI0\n ip address 192.0.2.2 255.255.255.0\n encapsulation ppp\n"
           " dialer map ip 192.0.2.1 name R1 broadcast 5557777\n dialer-group 1\n ppp authentication " + auth + "\n" +
           extra + "dialer-list 1 protocol ip " + list + "\n";
}

struct Pair {
    Testbed tb;
    std::size_t r1 = 0, r2 = 0;
    Pair(const std::string& c1, const std::string& c2) {
        auto p1 = parse_config(c1);
        auto p2 = parse_config(c2);
        EXPECT_TRUE(p1.ok()) << (p1.error ? p1.error->to_string() : "");
        EXPECT_TRUE(p2.ok()) << (p2.error ? p2.error->to_string() : "");
        RouterOptions o1 = test::r1_options();
        RouterOptions o2 = test::r2_options();
        o2.seed = 2;
        r1 = tb.add_router(p1.config.value_or(RouterConfig{}), o1);
        r2 = tb.add_router(p2.config.value_or(RouterConfig{}), o2);
    }
};

constexpr std::uint32_t kR1 = 0xC0000201;

TEST(SutDialer, HoldQueueCarriesFirstPacketOverNewCall) {
    Pair p(r1_text(), r2_text(" dialer hold-queue 10\n"));
    const auto id = p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(15s);
    EXPECT_EQ(p.tb.ping(id).received, 5);  // DDR-07: the dialling packet waited in the queue
    EXPECT_EQ(p.tb.router(p.r2).counters().packets_held, 1);
}

TEST(SutDialer, WithoutHoldQueueFirstPacketIsLost) {
    Pair p(r1_text(), r2_text());
    const auto id = p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(15s);
    EXPECT_EQ(p.tb.ping(id).marks, ".!!!!");
}

TEST(SutDialer, UninterestingTrafficDoesNotDial) {
    Pair p(r1_text(), r2_text("", "deny"));
    const auto id = p.tb.offer_ping(p.r2, kR1, 2);
    p.tb.run_until(10s);
    EXPECT_EQ(p.tb.ping(id).received, 0);
    EXPECT_TRUE(p.tb.network().records().empty());  // DDR-01
}

TEST(SutDialer, IdleTimeoutHangsUp) {
    Pair p(r1_text(), r2_text(" dialer idle-timeout 30\n"));
    p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(200s);
    const auto& recs = p.tb.network().records();
    ASSERT_EQ(recs.size(), 1U);
    ASSERT_TRUE(recs[0].disconnected_at);
    // DDR-03: the pings end at about 2 s (first lost, four answered at once); 30 s later.
    EXPECT_GT(*recs[0].disconnected_at, 32s);
    EXPECT_LT(*recs[0].disconnected_at, 33s);
}

TEST(SutDialer, WaitForCarrierClearsSlowCall) {
    Pair p(r1_text(), r2_text(" dialer wait-for-carrier-time 10\n"));
    p.tb.network().set_connect_delay("5557777", 20s);
    p.tb.offer_ping(p.r2, kR1, 1);
    p.tb.run_until(40s);
    const auto& st = p.tb.router(p.r2).dial_stats().at("5557777");
    EXPECT_EQ(st.failures, 1);  // DDR-05
    EXPECT_EQ(st.successes, 0);
    ASSERT_GE(p.tb.network().records().size(), 1U);
    EXPECT_EQ(p.tb.network().records()[0].cause, wire::cause::kRecoveryOnTimer);
}

TEST(SutDialer, EnableTimeoutBlocksRedialAfterFailure) {
    Pair p(r1_text(), r2_text());
    p.tb.network().fail_next_call("5557777", CallFault::Busy);
    p.tb.offer_ping(p.r2, kR1, 5);  // 10 s of pings, all inside the 15 s re-enable window
    p.tb.run_until(11s);
    EXPECT_EQ(p.tb.network().records().size(), 1U);  // DDR-06
    p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(30s);
    EXPECT_EQ(p.tb.network().records().size(), 2U);
}

TEST(SutDialer, PapBothWaysBringsNetworkUp) {
    Pair p(r1_text("", "pap"), r2_text("", "permit", "pap"));
    const auto id = p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(15s);
    EXPECT_EQ(p.tb.ping(id).received, 4);
    EXPECT_EQ(p.tb.router(p.r1).link(1).peer_name(), "R2");
}

TEST(SutDialer, CallinDoesNotChallengeOnOutgoingCalls) {
    Pair p(r1_text(), r2_text("", "permit", "chap callin"));
    std::size_t r2_challenges = 0;
    p.tb.set_tap(p.r2, [&](PortMessage& ev) {
        if (!ev.d_channel() && !ev.to_sut()) {
            const auto* chap = ev.decoded().packet<wire::ChapPacket>();
            if (chap != nullptr && chap->code == static_cast<std::uint8_t>(wire::ChapCode::Challenge)) ++r2_challenges;
        }
        return TapDecision::pass();
    });
    const auto id = p.tb.offer_ping(p.r2, kR1, 3);
    p.tb.run_until(10s);
    EXPECT_EQ(r2_challenges, 0U);  // AUTH-01: callin = challenge on incoming calls only
    EXPECT_EQ(p.tb.ping(id).received, 2);
}

TEST(SutDialer, WrongSecretFailsAuthenticationAndHangsUp) {
    std::string c1 = r1_text();
    c1.replace(c1.find("CCIE"), 4, "OTHER");
    Pair p(c1, r2_text());
    const auto id = p.tb.offer_ping(p.r2, kR1, 2);
    p.tb.run_until(10s);
    EXPECT_EQ(p.tb.ping(id).received, 0);
    ASSERT_GE(p.tb.network().records().size(), 1U);
    EXPECT_TRUE(p.tb.network().records()[0].disconnected_at);  // CHAP-04, PH-03
    EXPECT_FALSE(p.tb.router(p.r2).channel_connected(1));
}

TEST(SutDialer, DroppedLineBringsLinkDown) {
    Pair p(r1_text(), r2_text());
    p.tb.offer_ping(p.r2, kR1, 2);
    p.tb.run_until(3s);
    ASSERT_TRUE(p.tb.router(p.r1).channel_connected(1));
    p.tb.network().drop_line(p.tb.now(), "5557777");
    p.tb.run_until(4s);
    EXPECT_FALSE(p.tb.router(p.r1).channel_connected(1));
    EXPECT_FALSE(p.tb.router(p.r2).channel_connected(1));
    EXPECT_EQ(p.tb.network().records()[0].cause, wire::cause::kTemporaryFailure);
}

TEST(SutDialer, ShowDialerOfIdleRouter) {
    Pair p(r1_text(), r2_text());
    const std::string s = p.tb.router(p.r1).show_dialer(Millis{0});
    EXPECT_NE(s.find("BRI0:1 - dialer type = ISDN\nIdle timer (120 secs), Fast idle timer (20 secs)\n"
                     "Wait for carrier (30 secs), Re-enable (15 secs)\nDialer state is idle\n"),
              std::string::npos) << s;
}

TEST(SutDialer, TapCanDropAndDelayFrames) {
    Pair p(r1_text(), r2_text());
    int dropped = 0;
    p.tb.set_tap(p.r2, [&](PortMessage& ev) {
        if (!ev.d_channel() && ev.to_sut() && dropped < 1) {
            ++dropped;
            return TapDecision::drop();  // lose R1's first Configure-Request: R1 retransmits (FSM-02)
        }
        if (ev.d_channel() && ev.to_sut()) return TapDecision::later(100ms);
        return TapDecision::pass();
    });
    const auto id = p.tb.offer_ping(p.r2, kR1, 5);
    p.tb.run_until(20s);
    EXPECT_EQ(dropped, 1);
    EXPECT_GE(p.tb.ping(id).received, 1);
}

}  // namespace
}  // namespace ppp::sut

namespace ppp::sut {
namespace {

// DESIGN.md section 9: bad input anywhere is dropped or answered, never a crash (run under asan).
TEST(SutRobustness, ArbitraryBytesOnEveryInputNeverCrash) {
    Pair p(r1_text(), r2_text());
    p.tb.offer_ping(p.r2, kR1, 2);
    p.tb.run_until(3s);
    ASSERT_TRUE(p.tb.router(p.r1).channel_connected(1));
    Rng rng(1234);
    Router& r = p.tb.router(p.r1);
    Millis now = p.tb.now();
    for (int i = 0; i < 3000; ++i) {
        Bytes b(rng.next8() % 64);
        for (auto& x : b) x = rng.next8();
        if (i % 3 == 0 && b.size() > 4) {  // valid FCS so the PPP decoders see the garbage
            b = wire::sync_encode(b);
        }
        if (i % 5 == 0 && b.size() >= 2) {  // a plausible LCP/CHAP/IPCP/CBCP header
            static const std::uint16_t protos[] = {0xC021, 0xC223, 0xC023, 0x8021, 0xC029, 0x0021};
            b = wire::sync_encode(wire::encode_ppp(protos[rng.next8() % 6], b));
        }
        r.on_frame(now, 1 + (i % 2), b);
        r.on_q931(now, b);
        r.on_traffic(now, b);
        now += 1ms;
        r.on_timer(now);
        while (r.poll_action()) {
        }
    }
    SUCCEED();
}

}  // namespace
}  // namespace ppp::sut

namespace ppp::sut {
namespace {

std::string peer_text(const std::string& ip) {
    return "username R2 password CCIE\ninterface BRI0\n ip address " + ip + " 255.255.255.0\n encapsulation ppp\n"
           " dialer map ip 192.0.2.2 name R2 5558888\n dialer-group 1\n ppp authentication chap\n"
           "dialer-list 1 protocol ip permit\n";
}

TEST(SutDialer, FastIdleUnderContention) {
    Testbed tb;
    const std::string r2cfg =
        "username R1 password CCIE\nusername R3 password CCIE\nusername R4 password CCIE\ninterface BRI0\n"
        " ip address 192.0.2.2 255.255.255.0\n encapsulation ppp\n"
        " dialer map ip 192.0.2.1 name R1 5557777\n dialer map ip 192.0.2.3 name R3 5553333\n"
        " dialer map ip 192.0.2.4 name R4 5554444\n dialer-group 1\n ppp authentication chap\n"
        "dialer-list 1 protocol ip permit\n";
    auto add = [&tb](const std::string& cfg, const char* name, const char* number) {
        RouterOptions o;
        o.hostname = name;
        o.directory_number = number;
        return tb.add_router(*parse_config(cfg).config, o);
    };
    const auto r2 = add(r2cfg, "R2", "5558888");
    add(peer_text("192.0.2.1"), "R1", "5557777");
    add(peer_text("192.0.2.3"), "R3", "5553333");
    add(peer_text("192.0.2.4"), "R4", "5554444");
    tb.offer_ping(r2, 0xC0000201, 5);
    tb.run_until(3s);
    tb.offer_ping(r2, 0xC0000203, 5);
    tb.run_until(10s);
    ASSERT_TRUE(tb.router(r2).channel_connected(1) && tb.router(r2).channel_connected(2));
    tb.offer_ping(r2, 0xC0000204, 1);  // a third destination waits: DDR-04 fast idle (20 s)
    tb.run_until(21s);
    EXPECT_TRUE(tb.router(r2).channel_connected(1));
    tb.run_until(26s);
    EXPECT_FALSE(tb.router(r2).channel_connected(1) && tb.router(r2).channel_connected(2));
    EXPECT_LT(*tb.network().records().at(0).disconnected_at, 26s);
}

// The bench's third party: a number with no router behind it calls R1, which answers on a free
// B-channel (Q.931 section 5.2); its hang-up (DISCONNECT #16) clears the call (section 5.3).
TEST(SutBench, AnUnattendedNumberCallsAndHangsUp) {
    Pair p(r1_text(), r2_text());
    p.tb.network().add_port("5559999");
    EXPECT_FALSE(p.tb.call_from_unattended("5558888", "5557777"));  // R2's number: a router's port
    EXPECT_FALSE(p.tb.call_from_unattended("5550000", "5557777"));  // no such port
    EXPECT_FALSE(p.tb.hang_up_unattended("5559999"));               // no call to hang up
    ASSERT_TRUE(p.tb.call_from_unattended("5559999", "5557777"));
    EXPECT_FALSE(p.tb.call_from_unattended("5559999", "5557777"));  // one call at a time
    p.tb.run_until(1s);
    EXPECT_TRUE(p.tb.router(p.r1).channel_connected(1));
    ASSERT_EQ(p.tb.network().records().size(), 1U);
    EXPECT_EQ(p.tb.network().records().at(0).caller, "5559999");
    EXPECT_TRUE(p.tb.network().records().at(0).connected_at.has_value());
    ASSERT_TRUE(p.tb.hang_up_unattended("5559999"));
    p.tb.run_until(2s);
    EXPECT_FALSE(p.tb.router(p.r1).channel_connected(1));
    EXPECT_TRUE(p.tb.network().records().at(0).disconnected_at.has_value());
    EXPECT_FALSE(p.tb.hang_up_unattended("5559999"));  // that call is over
}

}  // namespace
}  // namespace ppp::sut
