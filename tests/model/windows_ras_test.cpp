// The windows-ras profile (issue #16 item 4, SPEC section 17): what published logs show Windows
// RAS peers doing. The legal parts (a new Identifier per retransmission, binary Terminate-Request
// data, LCP Identification during authentication, dropping op 6 after a Configure-Reject) pass
// under every profile; the profile claims (a restart timer that varies between 2 and 5 s, AMB-30;
// op 6 as "I can run CBCP", AMB-31) fail under profiles claiming otherwise, with their rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

Pixit line_pixit(bool client) {
    Pixit p = client ? r2_pixit() : r1_pixit();
    p.tolerance = {200ms, 1000ms, 2000ms, 0ms};
    p.line_up_at_start = true;  // a line up from the start (no Q.931), as pppd's tests judge it
    p.dialer_map_to_peer = false;
    return p;
}

Judgement judge(Role role, const std::string& profile, const Trace& trace, Millis end) {
    RouterSpec spec(role, load_bundled_profile(profile).value(), line_pixit(role == Role::Client));
    return run(spec, trace, end);
}

Bytes lcp_packet(std::uint8_t code, std::uint8_t id, Bytes data, std::uint32_t magic = 0) {
    wire::LcpPacket p;
    p.code = code;
    p.identifier = id;
    p.magic = magic;
    p.data = std::move(data);
    return frame(wire::proto::kLcp, wire::encode_lcp(p));
}

std::vector<wire::LcpOption> windows_cr(bool with_op6) {
    std::vector<wire::LcpOption> o{wire::MagicNumber{0x0A0B0C0D}};
    if (with_op6) o.push_back(wire::Callback{6, {}});
    return o;
}

// A Windows client on a line to a server that refuses callback: five Requests with op 6, each
// with a new Identifier, 2, 3, 4 and 5 s apart; the server's Configure-Reject of op 6; the
// Request without it; CHAP with two Identification packets (code 12) while authenticating; the
// client ends the session with a Terminate-Request holding its Magic-Number and RAS error 778.
Trace windows_client() {
    Trace t;
    Millis at{0};
    const Millis gaps[] = {0ms, 2000ms, 3000ms, 4000ms, 5000ms};
    std::uint8_t id = 1;
    for (const Millis gap : gaps) {
        at += gap;
        t.add("cr" + std::to_string(id), from_sut(at, BFrame{1, lcp(CR, id, windows_cr(true))}));
        ++id;
    }
    t.add("cj", to_sut(at + 10ms, BFrame{1, lcp(CJ, 5, {wire::Callback{6, {}}})}));
    t.add("cr6", from_sut(at + 20ms, BFrame{1, lcp(CR, 6, windows_cr(false))}));
    t.add("srvcr", to_sut(at + 30ms, BFrame{1, lcp(CR, 1, r1_cr(0x22222222))}));
    t.add("ca", from_sut(at + 40ms, BFrame{1, lcp(CA, 1, r1_cr(0x22222222))}));
    t.add("srvca", to_sut(at + 50ms, BFrame{1, lcp(CA, 6, windows_cr(false))}));
    t.add("ident1", from_sut(at + 60ms, BFrame{1, lcp_packet(12, 7, Bytes{'M', 'S', 'R', 'A', 'S', '-', '0'}, 0x0A0B0C0D)}));
    t.add("chal", to_sut(at + 70ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("ident2", from_sut(at + 80ms, BFrame{1, lcp_packet(12, 8, Bytes{'M', 'S', 'R', 'A', 'S', '-', '1'}, 0x0A0B0C0D)}));
    t.add("resp", from_sut(at + 90ms, BFrame{1, chap(kResponse, 1, md5(1, "CCIE", kChal1), "R2")}));
    t.add("succ", to_sut(at + 100ms, BFrame{1, chap(kSuccess, 1, {}, "", "Welcome")}));
    // 12 binary octets: Magic-Number, 00 3C CD 74, RAS error 778 (0x0000030A).
    const Bytes term_data{0x0A, 0x0B, 0x0C, 0x0D, 0x00, 0x3C, 0xCD, 0x74, 0x00, 0x00, 0x03, 0x0A};
    t.add("tr", from_sut(at + 2000ms, BFrame{1, lcp_packet(TR, 9, term_data)}));
    t.add("ta", to_sut(at + 2010ms, BFrame{1, lcp_term(TA, 9)}));
    return t;
}

TEST(ModelWindowsRas, AWindowsClientConformsUnderItsProfile) {
    const Judgement j = judge(Role::Client, "windows-ras", windows_client(), 30000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

// pppd-2.4.9 claims a constant 3 s restart timer: the 2 s interval is early (FSM-01), the 5 s one
// late, a retransmission missed (FSM-01, FSM-02); nothing else fails (op 6 is its client's too).
TEST(ModelWindowsRas, AConstantRestartTimerProfileFailsOnlyTheIntervals) {
    const Judgement j = judge(Role::Client, "pppd-2.4.9", windows_client(), 30000ms);
    EXPECT_FALSE(j.conforming);
    std::vector<std::string> got = j.requirements;
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"FSM-01", "FSM-02"})) << j.explanation;
    EXPECT_NE(j.explanation.find("retransmitted 2000 ms after the previous one; the restart timer is 3000 ms"), std::string::npos)
        << j.explanation;
}

// rfc-strict: the same intervals, and its client requests op 0, not op 6 (CCB-01).
TEST(ModelWindowsRas, RfcStrictFailsTheIntervalsAndTheOperation) {
    const Judgement j = judge(Role::Client, "rfc-strict", windows_client(), 30000ms);
    EXPECT_FALSE(j.conforming);
    std::vector<std::string> got = j.requirements;
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"CCB-01", "FSM-01", "FSM-02"})) << j.explanation;
}

// AMB-30: windows-ras allows 2 to 5 s, not more: a 6 s interval is late.
TEST(ModelWindowsRas, ARetransmissionPastTheLongestIntervalIsLate) {
    Trace t;
    t.add("cr1", from_sut(0ms, BFrame{1, lcp(CR, 1, windows_cr(true))}));
    t.add("cr2", from_sut(7000ms, BFrame{1, lcp(CR, 2, windows_cr(true))}));
    const Judgement j = judge(Role::Client, "windows-ras", t, 7100ms);
    EXPECT_TRUE(j.violates("FSM-01")) << j.explanation;
    EXPECT_NE(j.explanation.find("restart timer 2000-5000 ms"), std::string::npos) << j.explanation;
}

// A Windows RRAS server puts op 6 in its own Request, a call that is no callback at all: a
// capability under windows-ras (AMB-31), the server requesting a call back under cisco-ios (CB-02).
Trace windows_server() {
    Trace t;
    std::vector<wire::LcpOption> own{wire::AuthProtocol{wire::proto::kChap, Bytes{wire::kChapMd5}}, wire::MagicNumber{0x22222222},
                                     wire::Callback{6, {}}};
    t.add("srvcr", from_sut(0ms, BFrame{1, lcp(CR, 1, own)}));
    t.add("clicr", to_sut(10ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x11111111}})}));
    t.add("ca", from_sut(20ms, BFrame{1, lcp(CA, 1, {wire::MagicNumber{0x11111111}})}));
    t.add("cj", to_sut(30ms, BFrame{1, lcp(CJ, 1, {wire::Callback{6, {}}})}));
    return t;
}

TEST(ModelWindowsRas, AServersOwnOp6IsACapabilityOnlyUnderItsProfile) {
    EXPECT_FALSE(judge(Role::Server, "windows-ras", windows_server(), 100ms).violates("CB-02"));
    const Judgement cisco = judge(Role::Server, "cisco-ios", windows_server(), 100ms);
    EXPECT_TRUE(cisco.violates("CB-02")) << cisco.explanation;
}

}  // namespace
}  // namespace ppp::model::test
