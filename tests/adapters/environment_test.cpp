// The environment every attachment meets (ppp/adapters/environment.hpp): the network, the peer
// router of the opposite role and the SUT's access, an in-process router or a terminal adapter.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "line_setup.hpp"
#include "ppp/adapters/environment.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"

namespace ppp::adapters {
namespace {

using namespace std::chrono_literals;
using test_setup::client_setup;

// The client and server of the seed scenario with dialer maps, so that the client dials on a ping.
BenchSetup dialling_setup() {
    BenchSetup s = client_setup();
    s.sut_config += " dialer map ip 192.0.2.1 name R1 broadcast 5557777\n dialer-group 1\ndialer-list 1 protocol ip permit\n";
    s.peer_config += " dialer map ip 192.0.2.2 name R2 broadcast 5558888\n dialer-group 1\ndialer-list 1 protocol ip permit\n";
    return s;
}

TEST(AdaptersEnvironment, BadConfigurationsAndFaultsAreNamedUsageErrors) {
    Environment e;
    BenchSetup s = client_setup();
    s.peer_config = "interface BRI0\n ip address nonsense\n";
    EXPECT_EQ(e.reset(s).rfind("peer configuration", 0), 0U) << e.reset(s);
    s = client_setup();
    s.sut_config = "interface BRI0\n ip address nonsense\n";
    ASSERT_EQ(e.reset(s), "");
    EXPECT_EQ(e.plug_reference_router().rfind("SUT configuration", 0), 0U);
    s = client_setup();
    s.faults = {"no-such-fault"};
    ASSERT_EQ(e.reset(s), "");
    EXPECT_NE(e.plug_reference_router().find("no-such-fault"), std::string::npos);
}

TEST(AdaptersEnvironment, AReferenceSutDialsThePeerAndTheNetworkBillsIt) {
    Environment e;
    ASSERT_EQ(e.reset(dialling_setup()), "");
    ASSERT_EQ(e.plug_reference_router(), "");
    std::vector<PortMessage> port;
    e.set_port_tap([&port](PortMessage& m) {
        port.push_back(m);
        return TapDecision{};
    });
    const std::size_t ping = e.ping(Side::Sut, 3);
    ASSERT_TRUE(e.run_until(Millis{20000}));
    // Sent, and unanswered: callback is agreed and both drop the first call (CCB-04).
    const PingOutcome outcome = e.ping_outcome(ping);
    EXPECT_TRUE(outcome.done);
    EXPECT_EQ(outcome.sent, 3);
    const auto calls = e.calls();
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls[0].caller, "5558888");
    EXPECT_EQ(calls[0].callee, "5557777");
    // The lab's tap sat on the SUT's port: it saw the SUT's SETUP and frames both ways.
    bool setup = false, to_sut = false;
    for (const auto& m : port) {
        setup = setup || (m.d_channel() && !m.to_sut());
        to_sut = to_sut || (!m.d_channel() && m.to_sut());
    }
    EXPECT_TRUE(setup);
    EXPECT_TRUE(to_sut);
    EXPECT_NE(e.show_dialer(Side::Sut).find("BRI0"), std::string::npos) << e.show_dialer(Side::Sut);
}

wire::LcpPacket lcp_packet(wire::LcpCode code, std::uint8_t identifier) {
    wire::LcpPacket p;
    p.code = static_cast<std::uint8_t>(code);
    p.identifier = identifier;
    return p;
}
wire::Bytes lcp_frame(const wire::LcpPacket& p) {
    return wire::sync_encode(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(p)));
}
std::optional<wire::LcpPacket> lcp_of(const wire::Bytes& frame) {
    const auto raw = wire::sync_decode(frame);
    auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
    if (!raw.fcs_ok || !ppp || ppp.value().protocol != wire::proto::kLcp) return std::nullopt;
    auto lcp = wire::decode_lcp(ppp.value().information);
    if (!lcp) return std::nullopt;
    return lcp.value();
}

TEST(AdaptersEnvironment, ALineAccessDialsThePeerAndNothingIsInventedForIt) {
    Environment e;
    ASSERT_EQ(e.reset(client_setup()), "");
    std::vector<wire::Bytes> to_line;
    int hang_ups = 0;
    Environment::LineHooks hooks;
    hooks.to_line = [&to_line](const wire::Bytes& f) { to_line.push_back(f); };
    hooks.hang_up = [&hang_ups] { ++hang_ups; };
    e.plug_line(hooks);
    // A SUT on a line has no router here: a ping from its side is not sent, and says so.
    const std::size_t ping = e.ping(Side::Sut, 5);
    EXPECT_FALSE(e.ping_outcome(ping).done);
    EXPECT_EQ(e.ping_outcome(ping).sent, 0);
    EXPECT_NE(e.show_dialer(Side::Sut).find("no dialer"), std::string::npos);
    EXPECT_FALSE(e.line_connected());
    e.line_up();
    ASSERT_TRUE(e.run_until(Millis{500}));
    EXPECT_TRUE(e.line_connected());
    ASSERT_EQ(e.calls().size(), 1U);
    EXPECT_EQ(e.calls()[0].caller, "5558888");
    ASSERT_FALSE(to_line.empty());
    const auto peer_request = lcp_of(to_line.front());
    ASSERT_TRUE(peer_request.has_value());
    ASSERT_EQ(peer_request->code, static_cast<std::uint8_t>(wire::LcpCode::ConfReq));
    // The SUT acks the peer's request and sends its own (no options): LCP opens both ways.
    wire::LcpPacket ack = *peer_request;
    ack.code = static_cast<std::uint8_t>(wire::LcpCode::ConfAck);
    e.line_frame(lcp_frame(ack));
    e.line_frame(lcp_frame(lcp_packet(wire::LcpCode::ConfReq, 1)));
    ASSERT_TRUE(e.run_until(Millis{600}));
    EXPECT_FALSE(e.peer_link_terminating());
    // The SUT ends its session: the peer acks and its LCP stops (RFC 1661 section 3.7, RTR in
    // Opened: Stopping).
    e.line_frame(lcp_frame(lcp_packet(wire::LcpCode::TermReq, 9)));
    ASSERT_TRUE(e.run_until(Millis{650}));
    EXPECT_TRUE(e.peer_link_terminating());
    const auto last = lcp_of(to_line.back());
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->code, static_cast<std::uint8_t>(wire::LcpCode::TermAck));
    // The network clears the call under the line: the line is to be hung up.
    e.drop_line(Side::Sut);
    ASSERT_TRUE(e.run_until(Millis{700}));
    EXPECT_EQ(hang_ups, 1);
    EXPECT_FALSE(e.line_connected());
}

TEST(AdaptersEnvironment, AnAttachmentUsedWithoutALabGetsAnEnvironmentOfItsOwn) {
    auto bench = make_reference_bench();
    EXPECT_EQ(bench->reset(client_setup()), "");
    EXPECT_EQ(bench->now(), Millis{0});
    bench->release();
}

}  // namespace
}  // namespace ppp::adapters
