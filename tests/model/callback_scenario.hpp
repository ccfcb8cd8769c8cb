#pragma once
// The callback scenario of DESIGN.md section 1 written out frame by frame and call by call for
// both routers (R2 = callback client, R1 = callback server), shared by the model tests.
#include "scenario_helpers.hpp"

namespace ppp::model::test {

using T = wire::Q931Type;
inline constexpr std::uint8_t CR = 1, CA = 2, CN = 3, CJ = 4, TR = 5, TA = 6;
inline constexpr std::uint8_t kChallenge = 1, kResponse = 2, kSuccess = 3, kFailure = 4;
inline const std::uint32_t kR1Ip = 0xC0000201, kR2Ip = 0xC0000202;
inline const Bytes kChal1{0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87, 0x98, 0xA9, 0xBA, 0xCB, 0xDC, 0xED, 0xFE, 0x0F};
inline const Bytes kChal2{0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78, 0x89, 0x9A, 0xAB, 0xBC, 0xCD, 0xDE, 0xEF, 0xF0};

inline std::vector<wire::LcpOption> r2_first_cr() { return {wire::MagicNumber{0x11111111}, wire::Callback{0, {}}}; }  // `0D 03 00`
inline std::vector<wire::LcpOption> r1_cr(std::uint32_t magic) {
    return {wire::AuthProtocol{wire::proto::kChap, Bytes{wire::kChapMd5}}, wire::MagicNumber{magic}};
}

inline Profile cisco() { return load_bundled_profile("cisco-ios").value(); }

inline Pixit r2_pixit() {  // R2's side of DESIGN.md section 1
    Pixit p;
    p.own_number = "5558888";
    p.peer_number = "5557777";
    p.own_name = "R2";
    p.peer_name = "R1";
    p.own_address = kR2Ip;
    p.peer_address = kR1Ip;
    p.callback_numbers = {{"R2", "5558888"}};
    p.secrets = {{"R1", "CCIE"}, {"R2", "CCIE"}};
    return p;
}
inline Pixit r1_pixit() {  // R1's side: R2's mirrored, plus a third user for PAP tests
    Pixit p = r2_pixit();
    std::swap(p.own_number, p.peer_number);
    std::swap(p.own_name, p.peer_name);
    std::swap(p.own_address, p.peer_address);
    p.callback_request = false;
    p.secrets["R3"] = "OTHER";
    return p;
}

// R2 (callback client) is the SUT; the tester plays R1 and the ISDN network.
inline Trace client_trace() {
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup1", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc1", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    t.add("connect1", to_sut(100ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", from_sut(110ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("r2cr", from_sut(120ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    t.add("r1cr", to_sut(130ms, BFrame{1, lcp(CR, 1, r1_cr(0x22222222))}));
    t.add("r1ca", to_sut(140ms, BFrame{1, lcp(CA, 1, r2_first_cr())}));
    t.add("r2ca", from_sut(150ms, BFrame{1, lcp(CA, 1, r1_cr(0x22222222))}));
    t.add("chal", to_sut(160ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("resp", from_sut(170ms, BFrame{1, chap(kResponse, 1, md5(1, "CCIE", kChal1), "R2")}));
    t.add("succ", to_sut(180ms, BFrame{1, chap(kSuccess, 1, {}, "", "Welcome")}));
    t.add("r2tr", from_sut(190ms, BFrame{1, lcp_term(TR, 2)}));
    t.add("r1ta", to_sut(200ms, BFrame{1, lcp_term(TA, 2)}));
    t.add("disc1", from_sut(210ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    t.add("rel1", to_sut(220ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc1", from_sut(230ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    // R1 calls back after its enable-timeout (15 s); the return call negotiates no callback.
    t.add("setup2", to_sut(15230ms, DChannel{q931(T::Setup, 5, false, 1, true, "5558888", "5557777")}));
    t.add("connect2", from_sut(15240ms, DChannel{q931(T::Connect, 5, true)}));
    t.add("connack2", to_sut(15250ms, DChannel{q931(T::ConnectAck, 5, false)}));
    t.add("r2cr2", from_sut(15260ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x33333333}})}));
    t.add("r1cr2", to_sut(15270ms, BFrame{1, lcp(CR, 1, r1_cr(0x44444444))}));
    t.add("r1ca2", to_sut(15280ms, BFrame{1, lcp(CA, 1, {wire::MagicNumber{0x33333333}})}));
    t.add("r2ca2", from_sut(15290ms, BFrame{1, lcp(CA, 1, r1_cr(0x44444444))}));
    t.add("chal2", to_sut(15300ms, BFrame{1, chap(kChallenge, 2, kChal2, "R1")}));
    t.add("resp2", from_sut(15310ms, BFrame{1, chap(kResponse, 2, md5(2, "CCIE", kChal2), "R2")}));
    t.add("succ2", to_sut(15320ms, BFrame{1, chap(kSuccess, 2, {}, "", "Welcome")}));
    t.add("r2ipcp", from_sut(15330ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    t.add("r1ipcp", to_sut(15340ms, BFrame{1, ipcp(CR, 1, kR1Ip)}));
    t.add("r1ipcpack", to_sut(15350ms, BFrame{1, ipcp(CA, 1, kR2Ip)}));
    t.add("r2ipcpack", from_sut(15360ms, BFrame{1, ipcp(CA, 1, kR1Ip)}));
    t.add("ping2", offered(16000ms, ping(kR2Ip, kR1Ip, 8, 2)));
    t.add("ping2out", from_sut(16010ms, BFrame{1, ip(ping(kR2Ip, kR1Ip, 8, 2))}));
    t.add("reply2", to_sut(16020ms, BFrame{1, ip(ping(kR1Ip, kR2Ip, 0, 2))}));
    t.add("reply2lan", delivered(16030ms, ping(kR1Ip, kR2Ip, 0, 2)));
    return t;
}

// R1 (callback server) is the SUT; the tester plays R2 and the ISDN network.
inline Trace server_trace() {
    Trace t;
    t.add("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 1, true, "5557777", "5558888")}));
    t.add("connect1", from_sut(10ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", to_sut(20ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    t.add("r1cr", from_sut(40ms, BFrame{1, lcp(CR, 1, r1_cr(0x22222222))}));
    t.add("r1ca", from_sut(50ms, BFrame{1, lcp(CA, 1, r2_first_cr())}));
    t.add("r2ca", to_sut(60ms, BFrame{1, lcp(CA, 1, r1_cr(0x22222222))}));
    t.add("chal", from_sut(70ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "CCIE", kChal1), "R2")}));
    t.add("succ", from_sut(90ms, BFrame{1, chap(kSuccess, 1, {}, "", "Welcome")}));
    t.add("r1tr", from_sut(100ms, BFrame{1, lcp_term(TR, 2)}));
    t.add("r2ta", to_sut(110ms, BFrame{1, lcp_term(TA, 2)}));
    t.add("disc1", to_sut(120ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 16)}));
    t.add("rel1", from_sut(130ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc1", to_sut(140ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    t.add("setup2", from_sut(15150ms, DChannel{q931(T::Setup, 2, false, 3, false, "5558888")}));
    t.add("callproc2", to_sut(15160ms, DChannel{q931(T::CallProceeding, 2, true, 1)}));
    t.add("connect2", to_sut(15200ms, DChannel{q931(T::Connect, 2, true)}));
    t.add("connack2", from_sut(15210ms, DChannel{q931(T::ConnectAck, 2, false)}));
    t.add("r1cr2", from_sut(15220ms, BFrame{1, lcp(CR, 1, r1_cr(0x33333333))}));
    t.add("r2cr2", to_sut(15230ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x44444444}})}));
    t.add("r1ca2", from_sut(15240ms, BFrame{1, lcp(CA, 1, {wire::MagicNumber{0x44444444}})}));
    t.add("r2ca2", to_sut(15250ms, BFrame{1, lcp(CA, 1, r1_cr(0x33333333))}));
    t.add("chal2", from_sut(15260ms, BFrame{1, chap(kChallenge, 2, kChal2, "R1")}));
    t.add("resp2", to_sut(15270ms, BFrame{1, chap(kResponse, 2, md5(2, "CCIE", kChal2), "R2")}));
    t.add("succ2", from_sut(15280ms, BFrame{1, chap(kSuccess, 2, {}, "", "Welcome")}));
    t.add("r1ipcp", from_sut(15290ms, BFrame{1, ipcp(CR, 1, kR1Ip)}));
    t.add("r2ipcp", to_sut(15300ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    t.add("r2ipcpack", to_sut(15310ms, BFrame{1, ipcp(CA, 1, kR1Ip)}));
    t.add("r1ipcpack", from_sut(15320ms, BFrame{1, ipcp(CA, 1, kR2Ip)}));
    t.add("ping", to_sut(16000ms, BFrame{1, ip(ping(kR2Ip, kR1Ip, 8, 2))}));
    t.add("pinglan", delivered(16010ms, ping(kR2Ip, kR1Ip, 8, 2)));
    t.add("reply", offered(16020ms, ping(kR1Ip, kR2Ip, 0, 2)));
    t.add("replyout", from_sut(16030ms, BFrame{1, ip(ping(kR1Ip, kR2Ip, 0, 2))}));
    return t;
}

// R2 dials R1 for a ping; the network proceeds on B1 and nobody answers: R2 gives up at
// wait-for-carrier (30 s, DDR-05) with DISCONNECT #102 and the call is cleared.
inline Trace client_call_given_up_at_wait_for_carrier() {
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    t.add("disc", from_sut(30100ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 102)}));
    t.add("rel", to_sut(30110ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc", from_sut(30120ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    return t;
}

inline RouterSpec client() { return RouterSpec(Role::Client, cisco(), r2_pixit()); }
inline RouterSpec server() { return RouterSpec(Role::Server, cisco(), r1_pixit()); }

}  // namespace ppp::model::test
