// One PPP link driven frame by frame: LCP options (SPEC LCP, FR-09, CB), PAP/CHAP, IPCP, faults.
#include <gtest/gtest.h>

#include "ppp/sut/ppp_link.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"

namespace ppp::sut {
namespace {

using wire::LcpCode;
using wire::LcpPacket;
namespace proto = wire::proto;

Bytes frame(std::uint16_t protocol, const Bytes& info) { return wire::sync_encode(wire::encode_ppp(protocol, info)); }
Bytes lcp(const LcpPacket& p) { return frame(proto::kLcp, wire::encode_lcp(p)); }

struct Rig {
    RouterConfig config;
    Faults faults;
    PppKnobs knobs;
    std::deque<Action> out;
    Logger log{LogOptions{}, out};
    Rng rng{7};
    PppLink link{1, config, faults, knobs, log, out, rng};
    Millis now{0};

    Rig() { config.usernames["peer"] = "secret"; }

    struct Out {
        std::uint16_t protocol;
        Bytes info;
    };
    std::vector<Out> sent() {
        std::vector<Out> v;
        for (auto& a : out) {
            if (auto* f = std::get_if<SendFrame>(&a)) {
                const auto raw = wire::sync_decode(f->frame);
                EXPECT_TRUE(raw.fcs_ok);
                auto p = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
                EXPECT_TRUE(p);
                if (p) v.push_back({p.value().protocol, p.value().information});
            }
        }
        out.clear();
        return v;
    }
    std::vector<LcpPacket> sent_lcp() {
        std::vector<LcpPacket> v;
        for (const auto& o : sent()) {
            if (o.protocol == proto::kLcp) v.push_back(wire::decode_lcp(o.info).value());
        }
        return v;
    }
    void feed(const Bytes& f) { link.on_frame(now, f); }

    LinkSetup setup_basic() {
        LinkSetup s;
        s.hostname = "me";
        return s;
    }
    // Start and bring LCP to Opened with a peer asking for nothing but a magic number.
    LcpPacket open(LinkSetup s, std::vector<wire::LcpOption> peer_opts = {wire::MagicNumber{0x11112222}}) {
        link.start(now, s);
        auto cr = sent_lcp();
        EXPECT_EQ(cr.size(), 1U);
        feed(lcp(wire::make_conf(LcpCode::ConfReq, 0x40, peer_opts)));
        auto reply = sent_lcp();
        LcpPacket ack = cr.at(0);
        ack.code = static_cast<std::uint8_t>(LcpCode::ConfAck);
        feed(lcp(ack));
        return reply.empty() ? LcpPacket{} : reply[0];
    }
};

TEST(SutLcp, StartSendsConfReqWithAuthAndMagic) {
    Rig r;
    auto s = r.setup_basic();
    s.authenticate_peer = {AuthKind::Chap};
    s.request_callback = true;
    r.link.start(r.now, s);
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 1);
    ASSERT_EQ(p[0].options.size(), 3U);
    const auto& auth = std::get<wire::AuthProtocol>(p[0].options[0]);
    EXPECT_EQ(auth.protocol, proto::kChap);
    EXPECT_EQ(auth.data, Bytes{5});  // CHAP-01: `03 05 C2 23 05`
    EXPECT_NE(std::get<wire::MagicNumber>(p[0].options[1]).value, 0U);
    EXPECT_EQ(std::get<wire::Callback>(p[0].options[2]).operation, 0);  // CCB-01
    EXPECT_EQ(r.link.lcp_state(), FsmState::ReqSent);
}

TEST(SutLcp, AccmIsAckedWithoutMappingByteForByte) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    const auto req = wire::make_conf(LcpCode::ConfReq, 9, {wire::Accm{0xFFFFFFFF}, wire::MagicNumber{0x01020304}, wire::Pfc{}, wire::Acfc{}});
    Bytes info = wire::encode_lcp(req);
    info.push_back(0xEE);  // padding after Length is not echoed (LCP-02)
    r.feed(frame(proto::kLcp, info));
    const auto out = r.sent();
    ASSERT_EQ(out.size(), 1U);
    Bytes expect = wire::encode_lcp(req);
    expect[0] = 2;
    EXPECT_EQ(out[0].info, expect);  // FR-09, LCP-05
    EXPECT_EQ(r.link.lcp_state(), FsmState::AckSent);
}

TEST(SutLcp, RejectBeatsNakAndListsOnlyUnknownOptions) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(lcp(wire::make_conf(LcpCode::ConfReq, 3, {wire::MagicNumber{0}, wire::RawOption{99, {1, 2}}, wire::QualityProtocol{proto::kLqr, {0, 0, 0, 10}}})));
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 4);  // LCP-07
    EXPECT_EQ(p[0].identifier, 3);
    ASSERT_EQ(p[0].options.size(), 2U);
    EXPECT_EQ(wire::option_type(p[0].options[0]), 99);
    EXPECT_EQ(wire::option_type(p[0].options[1]), wire::lcp_opt::kQualityProtocol);
}

TEST(SutLcp, OwnMagicNumberIsNakedAsLoop) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(lcp(wire::make_conf(LcpCode::ConfReq, 4, {wire::MagicNumber{r.link.magic()}})));
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 3);  // LCP-16
    const auto v = std::get<wire::MagicNumber>(p[0].options.at(0)).value;
    EXPECT_NE(v, r.link.magic());
    EXPECT_NE(v, 0U);
}

TEST(SutLcp, BadLengthOptionNakedWithCorrectSize) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(frame(proto::kLcp, Bytes{1, 5, 0, 7, 1, 3, 0}));  // MRU option of length 3
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 3);  // LCP-08
    EXPECT_EQ(std::get<wire::Mru>(p[0].options.at(0)).value, 1500);
}

TEST(SutLcp, CallbackRejectedUnlessServer) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(lcp(wire::make_conf(LcpCode::ConfReq, 5, {wire::Callback{0, {}}})));
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 4);  // CCB-08 (and CB-04 on a return call)
}

TEST(SutLcp, ServerAcceptsOps013AndRejectsOthers) {
    for (std::uint8_t op = 0; op <= 5; ++op) {
        Rig r;
        auto s = r.setup_basic();
        s.accept_callback = true;
        s.authenticate_peer = {AuthKind::Chap};
        r.link.start(r.now, s);
        r.sent();
        r.feed(lcp(wire::make_conf(LcpCode::ConfReq, 5, {wire::Callback{op, op == 3 ? Bytes{'5', '5'} : Bytes{}}})));
        const auto p = r.sent_lcp();
        ASSERT_EQ(p.size(), 1U);
        const bool accept = op == 0 || op == 1 || op == 3;  // CCB-02; AMB-04 default CJ
        EXPECT_EQ(p[0].code, accept ? 2 : 4) << int(op);
    }
}

TEST(SutLcp, AckWithWrongIdOrOptionsIsDropped) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    auto cr = r.sent_lcp().at(0);
    LcpPacket bad = cr;
    bad.code = 2;
    bad.identifier = static_cast<std::uint8_t>(cr.identifier + 1);
    r.feed(lcp(bad));  // LCP-03
    EXPECT_EQ(r.link.lcp_state(), FsmState::ReqSent);
    bad = cr;
    bad.code = 2;
    bad.options = {wire::MagicNumber{12345}};
    r.feed(lcp(bad));  // LCP-05
    EXPECT_EQ(r.link.lcp_state(), FsmState::ReqSent);
    cr.code = 2;
    r.feed(lcp(cr));
    EXPECT_EQ(r.link.lcp_state(), FsmState::AckRcvd);
}

TEST(SutLcp, OpenedAnswersEchoAndRejectsUnknownCodeAndProtocol) {
    Rig r;
    r.open(r.setup_basic());
    ASSERT_EQ(r.link.lcp_state(), FsmState::Opened);
    r.sent();
    LcpPacket echo;
    echo.code = 9;
    echo.identifier = 77;
    echo.magic = 0x11112222;
    echo.data = {1, 2, 3};
    r.feed(lcp(echo));
    auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 10);  // LCP-12
    EXPECT_EQ(p[0].identifier, 77);
    EXPECT_EQ(p[0].magic, r.link.magic());
    EXPECT_EQ(p[0].data, (Bytes{1, 2, 3}));

    r.feed(frame(proto::kLcp, Bytes{42, 1, 0, 5, 9}));  // unknown code 42
    p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 7);  // LCP-10 Code-Reject carries the packet
    EXPECT_EQ(p[0].data, (Bytes{42, 1, 0, 5, 9}));

    r.feed(frame(0x8057, Bytes{1, 2, 3}));  // IPv6CP: unknown here
    p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 8);  // LCP-11
    EXPECT_EQ(p[0].rejected_protocol, 0x8057);

    // FR-11: numbers of the wrong shape are unrecognized protocols, Protocol-Rejected like 0x8057.
    for (const std::uint16_t invalid : {std::uint16_t{0x8020}, std::uint16_t{0x00FF}}) {
        r.feed(frame(invalid, Bytes{1, 1, 0, 4}));
        p = r.sent_lcp();
        ASSERT_EQ(p.size(), 1U) << invalid;
        EXPECT_EQ(p[0].code, 8);
        EXPECT_EQ(p[0].rejected_protocol, invalid);
        EXPECT_EQ(p[0].data, (Bytes{1, 1, 0, 4}));
    }
}

TEST(SutLcp, NonLcpDiscardedBeforeOpenedAndBadFcsCounted) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(frame(0x8057, Bytes{1, 2, 3}));
    EXPECT_TRUE(r.sent().empty());  // LCP-17
    Bytes f = lcp(wire::make_conf(LcpCode::ConfReq, 1, {}));
    f[3] ^= 0xFF;
    r.feed(f);
    EXPECT_TRUE(r.sent().empty());
    EXPECT_EQ(r.link.counters().fcs_errors, 1U);
    r.feed(frame(proto::kLcp, Bytes{1, 1, 0, 40}));  // Length past the end: LCP-02
    EXPECT_TRUE(r.sent().empty());
    EXPECT_EQ(r.link.counters().malformed, 1U);
}

TEST(SutLcp, TerminateRequestAckedUnlessFault) {
    Rig r;
    r.open(r.setup_basic());
    r.sent();
    r.feed(lcp(wire::make_term(LcpCode::TermReq, 33)));
    auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 6);  // LCP-09
    EXPECT_EQ(p[0].identifier, 33);

    Rig f;
    f.faults.add(Fault::NoTerminateAck);
    f.open(f.setup_basic());
    f.sent();
    f.feed(lcp(wire::make_term(LcpCode::TermReq, 33)));
    EXPECT_TRUE(f.sent_lcp().empty());
}

TEST(SutLcp, FaultAckReordersOptions) {
    Rig r;
    r.faults.add(Fault::AckReordersOptions);
    r.link.start(r.now, r.setup_basic());
    r.sent();
    r.feed(lcp(wire::make_conf(LcpCode::ConfReq, 2, {wire::MagicNumber{5}, wire::Pfc{}})));
    const auto p = r.sent_lcp();
    ASSERT_EQ(p.size(), 1U);
    EXPECT_EQ(p[0].code, 2);
    EXPECT_TRUE(std::holds_alternative<wire::Pfc>(p[0].options.at(0)));  // breaks LCP-05
}

TEST(SutLcp, CallbackRejectedByPeerContinuesWithoutIt) {
    Rig r;
    auto s = r.setup_basic();
    s.request_callback = true;
    r.link.start(r.now, s);
    auto cr = r.sent_lcp().at(0);
    r.feed(lcp(wire::make_conf(LcpCode::ConfRej, cr.identifier, {wire::Callback{0, {}}})));
    auto next = r.sent_lcp();
    ASSERT_EQ(next.size(), 1U);
    EXPECT_EQ(next[0].code, 1);  // AMB-05: new CR without option 13
    EXPECT_NE(next[0].identifier, cr.identifier);  // LCP-04
    for (const auto& o : next[0].options) EXPECT_FALSE(std::holds_alternative<wire::Callback>(o));
}

TEST(SutChap, ResponseIsMd5OfIdSecretChallenge) {
    for (const bool fault : {false, true}) {
        Rig r;
        if (fault) r.faults.add(Fault::ChapWrongHashOrder);
        r.open(r.setup_basic(), {wire::AuthProtocol{proto::kChap, Bytes{5}}});
        ASSERT_EQ(r.link.phase(), LinkPhase::Authenticate);
        r.sent();
        wire::ChapPacket c;
        c.code = 1;
        c.identifier = 1;
        for (std::uint8_t i = 0; i < 16; ++i) c.value.push_back(i);
        c.name = {'p', 'e', 'e', 'r'};
        r.feed(frame(proto::kChap, wire::encode_chap(c)));
        const auto out = r.sent();
        ASSERT_EQ(out.size(), 1U);
        const auto resp = wire::decode_chap(out[0].info).value();
        EXPECT_EQ(resp.code, 2);
        EXPECT_EQ(resp.identifier, 1);  // CHAP-03
        const auto h = wire::chap_md5_response(1, "secret", c.value);
        EXPECT_EQ(resp.value == Bytes(h.begin(), h.end()), !fault);
        EXPECT_EQ(resp.name, (Bytes{'m', 'e'}));
    }
}

TEST(SutChap, WrongResponseGetsFailureAndTerminate) {
    Rig r;
    auto s = r.setup_basic();
    s.authenticate_peer = {AuthKind::Chap};
    r.open(s);
    const auto out = r.sent();
    ASSERT_EQ(out.size(), 1U);
    const auto ch = wire::decode_chap(out[0].info).value();
    EXPECT_EQ(ch.code, 1);
    EXPECT_EQ(ch.value.size(), 16U);
    wire::ChapPacket resp;
    resp.code = 2;
    resp.identifier = ch.identifier;
    resp.value.assign(16, 0);
    resp.name = {'p', 'e', 'e', 'r'};
    r.feed(frame(proto::kChap, wire::encode_chap(resp)));
    const auto o2 = r.sent();
    ASSERT_EQ(o2.size(), 2U);
    EXPECT_EQ(wire::decode_chap(o2[0].info).value().code, 4);  // CHAP-04 Failure
    EXPECT_EQ(wire::decode_lcp(o2[1].info).value().code, 5);   // then Terminate-Request
    bool failed = false;
    while (auto e = r.link.poll_event()) failed = failed || e->kind == LinkEvent::Kind::AuthFailed;
    EXPECT_TRUE(failed);
}

TEST(SutChap, CorrectResponseSucceedsAndNamesPeer) {
    Rig r;
    auto s = r.setup_basic();
    s.authenticate_peer = {AuthKind::Chap};
    r.open(s);
    const auto ch = wire::decode_chap(r.sent().at(0).info).value();
    wire::ChapPacket resp;
    resp.code = 2;
    resp.identifier = ch.identifier;
    const auto h = wire::chap_md5_response(ch.identifier, "secret", ch.value);
    resp.value.assign(h.begin(), h.end());
    resp.name = {'p', 'e', 'e', 'r'};
    r.feed(frame(proto::kChap, wire::encode_chap(resp)));
    EXPECT_EQ(wire::decode_chap(r.sent().at(0).info).value().code, 3);
    EXPECT_EQ(r.link.peer_name(), "peer");
    // CHAP-05: a repeated Response gets the same code.
    r.feed(frame(proto::kChap, wire::encode_chap(resp)));
    EXPECT_EQ(wire::decode_chap(r.sent().at(0).info).value().code, 3);
}

TEST(SutChap, ChallengeRetransmittedUntilLimitThenTerminate) {
    Rig r;
    auto s = r.setup_basic();
    s.authenticate_peer = {AuthKind::Chap};
    r.open(s);
    r.sent();
    int challenges = 1;
    for (int i = 1; i <= 10; ++i) {
        r.now = Millis{3000 * i};
        r.link.on_timer(r.now);
        for (const auto& o : r.sent()) challenges += o.protocol == proto::kChap ? 1 : 0;
    }
    EXPECT_EQ(challenges, 10);  // CHAP-02, AUTH-01
    EXPECT_EQ(r.link.lcp_state(), FsmState::Closing);
}

TEST(SutPap, RequestCheckedAgainstUsernames) {
    for (const bool good : {true, false}) {
        Rig r;
        auto s = r.setup_basic();
        s.authenticate_peer = {AuthKind::Pap};
        r.open(s);
        r.sent();
        wire::PapPacket p;
        p.code = 1;
        p.identifier = 4;
        p.peer_id = {'p', 'e', 'e', 'r'};
        const std::string pw = good ? "secret" : "guess";
        p.password.assign(pw.begin(), pw.end());
        r.feed(frame(proto::kPap, wire::encode_pap(p)));
        const auto out = r.sent();
        ASSERT_GE(out.size(), 1U);
        EXPECT_EQ(wire::decode_pap(out[0].info).value().code, good ? 2 : 3);  // PAP-03
        EXPECT_EQ(out.size(), good ? 1U : 2U);  // a Nak terminates
    }
}

TEST(SutIpcp, NetworkPhaseNegotiatesAddresses) {
    Rig r;
    auto s = r.setup_basic();
    s.local_ip = 0xC0000202;
    s.peer_ip_hint = 0xC0000201;
    r.open(s);
    while (r.link.poll_event()) {
    }
    r.sent();
    r.link.start_network(r.now);
    auto out = r.sent();
    ASSERT_EQ(out.size(), 1U);
    auto cr = wire::decode_ipcp(out[0].info).value();
    EXPECT_EQ(std::get<wire::IpAddressOption>(cr.options.at(0)).address, 0xC0000202U);
    wire::IpcpPacket peer;
    peer.code = 1;
    peer.identifier = 1;
    peer.options = {wire::IpAddressOption{0}};
    r.feed(frame(proto::kIpcp, wire::encode_ipcp(peer)));
    out = r.sent();
    ASSERT_EQ(out.size(), 1U);
    auto nak = wire::decode_ipcp(out[0].info).value();
    EXPECT_EQ(nak.code, 3);
    EXPECT_EQ(std::get<wire::IpAddressOption>(nak.options.at(0)).address, 0xC0000201U);
    peer.identifier = 2;
    peer.options = {wire::IpAddressOption{0xC0000201}};
    r.feed(frame(proto::kIpcp, wire::encode_ipcp(peer)));
    cr.code = 2;
    r.feed(frame(proto::kIpcp, wire::encode_ipcp(cr)));
    EXPECT_TRUE(r.link.network_up());
    EXPECT_EQ(r.link.peer_ip(), 0xC0000201U);
    EXPECT_TRUE(r.link.send_ip(r.now, Bytes{0x45}));
}

TEST(SutIpcp, IpcpDroppedDuringCallbackPhase) {
    Rig r;
    auto s = r.setup_basic();
    s.accept_callback = true;
    r.knobs.reject_op0_without_auth = false;
    r.open(s, {wire::Callback{0, {}}});
    ASSERT_TRUE(r.link.callback_agreed_as_server());
    EXPECT_EQ(r.link.phase(), LinkPhase::Callback);
    r.sent();
    wire::IpcpPacket peer;
    peer.code = 1;
    peer.identifier = 1;
    peer.options = {wire::IpAddressOption{0xC0000201}};
    r.feed(frame(proto::kIpcp, wire::encode_ipcp(peer)));
    EXPECT_TRUE(r.sent().empty());  // SEQ-01, PH-03
}

}  // namespace
}  // namespace ppp::sut

namespace ppp::sut {
namespace {

// Feeds `count` peer Configure-Requests carrying `option` (Identifiers from `first_id`) and
// returns the codes of the replies (the SUT's own Requests left out).
std::vector<std::uint8_t> reply_codes(Rig& r, std::uint8_t first_id, int count, const wire::LcpOption& option) {
    std::vector<std::uint8_t> codes;
    for (int i = 0; i < count; ++i) {
        r.feed(lcp(wire::make_conf(LcpCode::ConfReq, static_cast<std::uint8_t>(first_id + i), {option})));
        for (const auto& p : r.sent_lcp()) {
            if (p.code != 1) codes.push_back(p.code);
        }
    }
    return codes;
}

TEST(SutLcp, NaksTurnIntoRejectsAfterMaxFailure) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    // FSM-03: Max-Failure 5 Naks without an Ack, then Rejects.
    EXPECT_EQ(reply_codes(r, 1, 7, wire::MagicNumber{0}), (std::vector<std::uint8_t>{3, 3, 3, 3, 3, 4, 4}));
}

// RFC 1661 section 4.6: Max-Failure counts Configure-Naks sent without a Configure-Ack; Rejects
// (here of an unknown option) do not count, so a Nak-worthy Request after five of them is Nak'd.
TEST(SutLcp, RejectsDoNotCountTowardMaxFailure) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    r.sent();
    auto codes = reply_codes(r, 1, 6, wire::RawOption{0xE7, {1, 2}});
    const auto naks = reply_codes(r, 7, 6, wire::MagicNumber{0});
    codes.insert(codes.end(), naks.begin(), naks.end());
    // FSM-03: six Rejects, then five Naks, and only then the Nak becomes a Reject.
    EXPECT_EQ(codes, (std::vector<std::uint8_t>{4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 4}));
}

TEST(SutLcp, NakOfMagicPicksNewNumber) {
    Rig r;
    r.link.start(r.now, r.setup_basic());
    const auto cr = r.sent_lcp().at(0);
    const std::uint32_t old = r.link.magic();
    r.feed(lcp(wire::make_conf(LcpCode::ConfNak, cr.identifier, {wire::MagicNumber{old}})));
    const auto next = r.sent_lcp();
    ASSERT_EQ(next.size(), 1U);
    EXPECT_NE(std::get<wire::MagicNumber>(next[0].options.at(0)).value, old);  // LCP-16
}

}  // namespace
}  // namespace ppp::sut
