// The reference router's CBCP knobs. As answerer, what a harness peer needs (RouterOptions): the
// types it offers (CBCP-02, PEERS.md section 2), who terminates after the CBCP Ack (AMB-12: the
// answerer, as Windows and Cisco do, or the caller, as pppd's answerer leaves it), silence. As
// caller, how long it waits for a Request that never comes (AMB-41, PppKnobs).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "sut/router_options.hpp"

namespace ppp::sut {
namespace {

using namespace std::chrono_literals;

RouterConfig scenario_config(const std::string& name) {
    std::ifstream f(std::string(PPP_SOURCE_DIR) + "/suites/scenarios/callback/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    auto r = parse_config(ss.str());
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
    return r.config.value_or(RouterConfig{});
}

// R1 answers CBCP for R2, which asks for it (op 6) when a ping dials; R1's port is watched.
struct CbcpBed {
    Testbed tb;
    std::size_t r1 = 0, r2 = 0;
    struct Packet {
        bool from_r1;
        std::uint16_t protocol;
        Bytes information;
    };
    std::vector<Packet> packets;  // the first call's B-channel packets, in order

    explicit CbcpBed(const RouterOptions& server, RouterOptions client = test::r2_options(), Millis run = 5s) {
        client.callback_request_op = 6;
        r1 = tb.add_router(scenario_config("r1.cfg"), server);
        r2 = tb.add_router(scenario_config("r2.cfg"), client);
        tb.set_tap(r1, [this](PortMessage& m) {
            if (!m.d_channel()) {
                const auto raw = wire::sync_decode(m.bytes());
                auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
                if (raw.fcs_ok && ppp) packets.push_back({!m.to_sut(), ppp.value().protocol, ppp.value().information});
            }
            return TapDecision::pass();
        });
        tb.offer_ping(r2, 0xC0000201, 1);
        tb.run_until(run);
    }
    std::vector<wire::CbcpPacket> cbcp_from_r1() const {
        std::vector<wire::CbcpPacket> out;
        for (const auto& p : packets) {
            if (!p.from_r1 || p.protocol != wire::proto::kCbcp) continue;
            if (auto c = wire::decode_cbcp(p.information)) out.push_back(c.value());
        }
        return out;
    }
    // Who sent the first LCP Terminate-Request after CBCP: "R1", "R2" or "".
    std::string first_terminate() const {
        for (const auto& p : packets) {
            if (p.protocol != wire::proto::kLcp) continue;
            auto lcp = wire::decode_lcp(p.information);
            if (lcp && lcp.value().code == static_cast<std::uint8_t>(wire::LcpCode::TermReq)) return p.from_r1 ? "R1" : "R2";
        }
        return "";
    }
};

TEST(SutCbcpAnswerer, OffersWhatItsConfigurationImpliesByDefault) {
    CbcpBed bed(test::r1_options());
    const auto cbcp = bed.cbcp_from_r1();
    ASSERT_FALSE(cbcp.empty());
    ASSERT_EQ(cbcp[0].code, 1);  // Callback-Request
    // callback-secure with a callback-server class for R2: user and admin numbers, no "none".
    std::vector<std::uint8_t> types;
    for (const auto& o : cbcp[0].options) types.push_back(o.type);
    EXPECT_EQ(types, (std::vector<std::uint8_t>{2, 3}));
}

TEST(SutCbcpAnswerer, OffersTheTypesItIsToldTo) {
    RouterOptions server = test::r1_options();
    server.cbcp_offer = {1};
    CbcpBed bed(server);
    const auto cbcp = bed.cbcp_from_r1();
    ASSERT_FALSE(cbcp.empty());
    std::vector<std::uint8_t> types;
    for (const auto& o : cbcp[0].options) types.push_back(o.type);
    EXPECT_EQ(types, (std::vector<std::uint8_t>{1}));
}

TEST(SutCbcpAnswerer, TheAnswererTerminatesAfterItsAckByDefault) {  // AMB-12: Windows, Cisco
    CbcpBed bed(test::r1_options());
    EXPECT_EQ(bed.first_terminate(), "R1");
}

TEST(SutCbcpAnswerer, TheCallerTerminatesWhenTheAnswererLeavesItToIt) {  // AMB-12: pppd
    RouterOptions server = test::r1_options();
    server.cbcp_answerer_terminates = false;
    CbcpBed bed(server);
    EXPECT_EQ(bed.first_terminate(), "R2");
}

// The first call's span in the network's records.
Millis first_call_held(const CbcpBed& bed) {
    const auto& records = bed.tb.network().records();
    if (records.empty() || !records[0].connected_at || !records[0].disconnected_at) return Millis{-1};
    return *records[0].disconnected_at - *records[0].connected_at;
}

TEST(SutCbcpCaller, ASilentAnswererIsGivenUpAfterTheWait) {  // AMB-41
    RouterOptions server = test::r1_options();
    server.cbcp_answerer_silent = true;
    CbcpBed bed(server, test::r2_options(), 45s);
    EXPECT_TRUE(bed.cbcp_from_r1().empty());
    EXPECT_EQ(bed.first_terminate(), "R2");
    EXPECT_GE(first_call_held(bed), 30s);
    EXPECT_LE(first_call_held(bed), 31s);
}

TEST(SutCbcpCaller, WithNoWaitItHoldsTheCallUntilSomethingElseEndsIt) {  // AMB-41: pppd's way
    RouterOptions server = test::r1_options();
    server.cbcp_answerer_silent = true;
    RouterOptions client = test::r2_options();
    client.ppp.cbcp_request_wait = Millis{0};
    CbcpBed bed(server, client, 45s);
    EXPECT_EQ(bed.first_terminate(), "");
    EXPECT_EQ(first_call_held(bed), Millis{-1});  // still up
}

TEST(SutCbcpCaller, ARequestThatComesEndsTheWait) {
    CbcpBed bed(test::r1_options(), test::r2_options(), 45s);
    ASSERT_FALSE(bed.cbcp_from_r1().empty());
    // The answerer terminates after its Ack (AMB-12), long before the caller's wait would.
    EXPECT_EQ(bed.first_terminate(), "R1");
    EXPECT_LT(first_call_held(bed), 5s);
}

}  // namespace
}  // namespace ppp::sut
