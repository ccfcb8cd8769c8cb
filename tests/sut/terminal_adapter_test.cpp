// The terminal adapter that puts a SUT on an asynchronous line onto the simulated ISDN network
// (ppp/sut/terminal_adapter.hpp): it dials on line up (ISDN-02), relays frames once the call is
// through-connected (ISDN-07), answers or refuses calls (ISDN-03, ISDN-04), hangs its line up
// when the call is cleared (ISDN-05).
#include <gtest/gtest.h>

#include <vector>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "sut/router_options.hpp"

namespace ppp::sut {
namespace {

using namespace std::chrono_literals;

const char* const kServer =
    "username R2 password CCIE\ninterface BRI0\n ip address 192.0.2.1 255.255.255.0\n encapsulation ppp\n"
    " dialer map ip 192.0.2.2 name R2 broadcast 5558888\n dialer-group 1\n ppp authentication chap\n"
    "dialer-list 1 protocol ip permit\n";

// A line with a terminal adapter (5558888, dialling 5557777) and the server router.
struct Line {
    Testbed tb;
    std::size_t ta = 0, router = 0;
    std::vector<Bytes> to_line;
    int hang_ups = 0;
    explicit Line(const std::string& dial = "5557777", std::size_t max_held = 16) {
        TerminalAdapterOptions o;
        o.directory_number = "5558888";
        o.dial_number = dial;
        o.max_held_frames = max_held;
        Testbed::LineHooks hooks;
        hooks.to_line = [this](const Bytes& f) { to_line.push_back(f); };
        hooks.hang_up = [this] { ++hang_ups; };
        ta = tb.add_terminal_adapter(o, hooks);
        auto config = parse_config(kServer);
        EXPECT_TRUE(config.ok());
        router = tb.add_router(config.config.value_or(RouterConfig{}), test::r1_options());
    }
    // LCP codes of what reached the line.
    std::vector<std::uint8_t> lcp_codes() const {
        std::vector<std::uint8_t> out;
        for (const auto& f : to_line) {
            const auto raw = wire::sync_decode(f);
            if (!raw.fcs_ok) continue;
            auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
            if (!ppp || ppp.value().protocol != wire::proto::kLcp) continue;
            auto lcp = wire::decode_lcp(ppp.value().information);
            if (lcp) out.push_back(lcp.value().code);
        }
        return out;
    }
};

Bytes conf_req(std::uint8_t id) {
    wire::LcpPacket p;
    p.code = static_cast<std::uint8_t>(wire::LcpCode::ConfReq);
    p.identifier = id;
    return wire::sync_encode(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(p)));
}

TEST(SutTerminalAdapter, LineUpDialsTheStoredNumberAndThePeerSpeaksOnceConnected) {
    Line l;
    l.tb.line_up(l.ta);
    EXPECT_TRUE(l.to_line.empty());  // nothing before the call is through
    l.tb.run_until(1s);
    ASSERT_EQ(l.tb.network().records().size(), 1U);
    const auto& call = l.tb.network().records()[0];
    EXPECT_EQ(call.caller, "5558888");
    EXPECT_EQ(call.callee, "5557777");
    EXPECT_TRUE(call.connected_at.has_value());
    EXPECT_TRUE(l.tb.terminal_adapter(l.ta).connected());
    // ISDN-07: the answering router's LCP came up with the B-channel; its request reached the line.
    const auto codes = l.lcp_codes();
    ASSERT_FALSE(codes.empty());
    EXPECT_EQ(codes.front(), static_cast<std::uint8_t>(wire::LcpCode::ConfReq));
    EXPECT_EQ(l.hang_ups, 0);
}

TEST(SutTerminalAdapter, FramesSentBeforeTheCallConnectsAreHeldThenRelayedInOrder) {
    Line l("5557777", 2);
    l.tb.line_up(l.ta);
    l.tb.line_frame(l.ta, conf_req(1));
    l.tb.line_frame(l.ta, conf_req(2));
    l.tb.line_frame(l.ta, conf_req(3));  // past the bound of 2: the oldest goes
    EXPECT_EQ(l.tb.terminal_adapter(l.ta).frames_dropped(), 1U);
    l.tb.run_until(1s);
    // The router answered the requests it received (ids 2 and 3) with its own Ack or Nak/Reject,
    // never the dropped id 1.
    int answered_2 = 0, answered_1 = 0;
    for (const auto& f : l.to_line) {
        const auto raw = wire::sync_decode(f);
        auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
        if (!ppp || ppp.value().protocol != wire::proto::kLcp) continue;
        auto lcp = wire::decode_lcp(ppp.value().information);
        if (!lcp || lcp.value().code == static_cast<std::uint8_t>(wire::LcpCode::ConfReq)) continue;
        answered_1 += lcp.value().identifier == 1 ? 1 : 0;
        answered_2 += lcp.value().identifier == 2 ? 1 : 0;
    }
    EXPECT_EQ(answered_1, 0);
    EXPECT_EQ(answered_2, 1);
}

TEST(SutTerminalAdapter, ARefusedCallHangsTheLineUpAndRelaysNothing) {
    Line l;
    l.tb.network().fail_next_call("5557777", wire::CallFault::Busy);
    l.tb.line_up(l.ta);
    l.tb.line_frame(l.ta, conf_req(1));
    l.tb.run_until(5s);
    ASSERT_EQ(l.tb.network().records().size(), 1U);
    EXPECT_FALSE(l.tb.network().records()[0].connected_at.has_value());
    EXPECT_EQ(l.tb.network().records()[0].cause, 17);
    EXPECT_EQ(l.hang_ups, 1);
    EXPECT_TRUE(l.to_line.empty());
}

TEST(SutTerminalAdapter, LineDownClearsTheCallNormally) {
    Line l;
    l.tb.line_up(l.ta);
    l.tb.run_until(1s);
    l.tb.line_down(l.ta);
    l.tb.run_until(2s);
    ASSERT_EQ(l.tb.network().records().size(), 1U);
    EXPECT_TRUE(l.tb.network().records()[0].disconnected_at.has_value());
    EXPECT_EQ(l.tb.network().records()[0].cause, 16);
    EXPECT_FALSE(l.tb.terminal_adapter(l.ta).connected());
    EXPECT_EQ(l.hang_ups, 0);  // its own line went: nothing to hang up
}

TEST(SutTerminalAdapter, TheNetworkDroppingTheCallHangsTheLineUp) {
    Line l;
    l.tb.line_up(l.ta);
    l.tb.run_until(1s);
    l.tb.drop_line("5558888");
    l.tb.run_until(2s);
    EXPECT_EQ(l.hang_ups, 1);
    EXPECT_FALSE(l.tb.terminal_adapter(l.ta).connected());
}

TEST(SutTerminalAdapter, ACallToADownLineIsRefusedUserBusy) {
    Line l("");  // answers only; its line is down
    Testbed& tb = l.tb;
    // The router calls the adapter's number (a return call, say): ping over its dialer map.
    const auto id = tb.offer_ping(l.router, 0xC0000202, 1);
    tb.run_until(5s);
    EXPECT_EQ(tb.ping(id).received, 0);
    ASSERT_FALSE(tb.network().records().empty());
    EXPECT_EQ(tb.network().records()[0].callee, "5558888");
    EXPECT_FALSE(tb.network().records()[0].connected_at.has_value());
    EXPECT_EQ(tb.network().records()[0].cause, 17);  // ISDN-04: RELEASE COMPLETE, user busy
}

TEST(SutTerminalAdapter, ACallToAnUpIdleLineIsAnswered) {
    Line l("");
    l.tb.line_up(l.ta);  // no stored number: it waits
    l.tb.offer_ping(l.router, 0xC0000202, 1);
    l.tb.run_until(5s);
    ASSERT_FALSE(l.tb.network().records().empty());
    EXPECT_TRUE(l.tb.network().records()[0].connected_at.has_value());
    EXPECT_TRUE(l.tb.terminal_adapter(l.ta).connected());
    EXPECT_FALSE(l.lcp_codes().empty());  // the caller's LCP reached the line
}

}  // namespace
}  // namespace ppp::sut
