// The environment's fault injector as a middleware on the SUT's port (issue #14 item 1): what each
// armed fault does to the next frame toward the SUT, what it re-delivers, and that observations
// pass unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "ppp/adapters/fault_injector.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace {

using namespace std::chrono_literals;
using ppp::adapters::FaultInjector;
using ppp::wire::Bytes;
using ppp::wire::Direction;
using ppp::wire::PortMessage;
using ppp::wire::TapDecision;
using FrameFault = FaultInjector::FrameFault;

PortMessage lcp_frame(std::chrono::milliseconds at, Direction direction, ppp::wire::LcpCode code, std::uint8_t id,
                      std::vector<ppp::wire::LcpOption> options = {}) {
    const Bytes lcp = ppp::wire::encode_lcp(ppp::wire::make_conf(code, id, std::move(options)));
    return PortMessage::b_frame(at, direction, 1, ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kLcp, lcp)));
}
PortMessage peer_cr(std::chrono::milliseconds at, std::uint8_t id = 1) {
    return lcp_frame(at, Direction::ToSut, ppp::wire::LcpCode::ConfReq, id, {ppp::wire::MagicNumber{0x01020304}});
}
PortMessage sut_cr(std::chrono::milliseconds at) {
    return lcp_frame(at, Direction::FromSut, ppp::wire::LcpCode::ConfReq, 7, {ppp::wire::MagicNumber{0x0A0B0C0D}});
}

PortMessage q931(std::chrono::milliseconds at, Direction direction, ppp::wire::Q931Type type) {
    ppp::wire::Q931Message m;
    m.call_reference = 1;
    m.from_destination = direction == Direction::ToSut;
    m.type = static_cast<std::uint8_t>(type);
    return PortMessage::q931(at, direction, ppp::wire::encode_q931(m));
}

std::vector<PortMessage> deliver(FaultInjector& injector, std::chrono::milliseconds now) {
    std::vector<PortMessage> out;
    injector.deliver_due(now, [&out](const PortMessage& m) { out.push_back(m); });
    return out;
}

TEST(AdaptersFaultInjector, UnarmedPassesEveryFrameUnchanged) {
    FaultInjector injector;
    PortMessage m = peer_cr(0ms);
    const Bytes before = m.bytes();
    EXPECT_EQ(injector.on_port(m).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(m.bytes(), before);
    EXPECT_FALSE(injector.next_due());
    EXPECT_EQ(injector.peer_magic(), 0x01020304u);  // read from the peer's Request, for forged Echoes
}

TEST(AdaptersFaultInjector, BadFcsSpoilsOnlyTheNextFrameTowardTheSut) {
    FaultInjector injector;
    injector.arm(FrameFault::BadFcs);
    PortMessage observed = sut_cr(0ms);
    const Bytes observed_bytes = observed.bytes();
    EXPECT_EQ(injector.on_port(observed).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(observed.bytes(), observed_bytes);  // observations are never faulted
    PortMessage first = peer_cr(1ms);
    injector.on_port(first);
    EXPECT_FALSE(first.decoded().intact);  // FR-04: the FCS no longer checks
    PortMessage second = peer_cr(2ms, 2);
    injector.on_port(second);
    EXPECT_TRUE(second.decoded().intact);
}

TEST(AdaptersFaultInjector, DropLosesTheFrame) {
    FaultInjector injector;
    injector.arm(FrameFault::Drop);
    PortMessage m = peer_cr(0ms);
    EXPECT_EQ(injector.on_port(m).kind, TapDecision::Kind::Drop);
    EXPECT_FALSE(injector.next_due());
}

TEST(AdaptersFaultInjector, DelayRedeliversTheFrameLaterAndOnlyOnce) {
    FaultInjector injector;
    injector.arm(FrameFault::Delay, 1500ms);
    injector.arm(FrameFault::Drop);  // armed for the frame after: the re-delivery must not take it
    PortMessage m = peer_cr(100ms);
    const Bytes original = m.bytes();
    EXPECT_EQ(injector.on_port(m).kind, TapDecision::Kind::Drop);
    ASSERT_EQ(injector.next_due(), 1600ms);
    EXPECT_TRUE(deliver(injector, 1599ms).empty());
    std::vector<PortMessage> due = deliver(injector, 1600ms);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].bytes(), original);
    EXPECT_EQ(due[0].at, 1600ms);
    EXPECT_EQ(injector.on_port(due[0]).kind, TapDecision::Kind::Pass);  // bypasses the armed Drop
    PortMessage next = peer_cr(1700ms, 2);
    EXPECT_EQ(injector.on_port(next).kind, TapDecision::Kind::Drop);
}

// Each delay-next keeps its own delay, however many are armed before a frame passes (the lab once
// kept one delay for all: `delay-next 500ms; delay-next 9s` delayed both frames by 9 s).
TEST(AdaptersFaultInjector, EachArmedDelayKeepsItsOwnDuration) {
    FaultInjector injector;
    injector.arm(FrameFault::Delay, 500ms);
    injector.arm(FrameFault::Delay, 9000ms);
    PortMessage first = peer_cr(1000ms, 1);
    PortMessage second = peer_cr(2000ms, 2);
    EXPECT_EQ(injector.on_port(first).kind, TapDecision::Kind::Drop);
    EXPECT_EQ(injector.on_port(second).kind, TapDecision::Kind::Drop);
    EXPECT_EQ(injector.next_due(), 1500ms);
    const std::vector<PortMessage> early = deliver(injector, 1500ms);
    ASSERT_EQ(early.size(), 1u);
    EXPECT_EQ(early[0].bytes(), first.bytes());
    EXPECT_EQ(injector.next_due(), 11000ms);
}

TEST(AdaptersFaultInjector, DuplicatePassesTheFrameAndSendsItAgain) {
    FaultInjector injector;
    injector.arm(FrameFault::Duplicate);
    PortMessage m = peer_cr(10ms);
    EXPECT_EQ(injector.on_port(m).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(injector.next_due(), 11ms);
    const std::vector<PortMessage> due = deliver(injector, 11ms);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].bytes(), m.bytes());
}

TEST(AdaptersFaultInjector, ReorderHoldsTheFrameUntilTheNextOneHasPassed) {
    FaultInjector injector;
    injector.arm(FrameFault::Reorder);
    PortMessage first = peer_cr(10ms, 1);
    EXPECT_EQ(injector.on_port(first).kind, TapDecision::Kind::Drop);
    EXPECT_FALSE(injector.next_due());
    PortMessage second = peer_cr(20ms, 2);
    EXPECT_EQ(injector.on_port(second).kind, TapDecision::Kind::Pass);
    const std::vector<PortMessage> due = deliver(injector, 21ms);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].bytes(), first.bytes());
}

TEST(AdaptersFaultInjector, TruncatedAndBadLengthBreakTheLcpLengthRule) {
    for (const FrameFault fault : {FrameFault::Truncated, FrameFault::BadLength}) {
        FaultInjector injector;
        injector.arm(fault);
        PortMessage m = peer_cr(0ms);
        injector.on_port(m);
        EXPECT_TRUE(m.decoded().intact);  // a good FCS over a bad packet (LCP-02)
        EXPECT_EQ(m.decoded().packet<ppp::wire::LcpPacket>(), nullptr) << static_cast<int>(fault);
    }
}

TEST(AdaptersFaultInjector, ForeignControlSetsThePollBitUnderAGoodFcsOnTheNextFrameOnly) {
    FaultInjector injector;
    injector.arm(FrameFault::ForeignControl);
    PortMessage m = peer_cr(0ms);
    const Bytes body_before = m.decoded().body;
    injector.on_port(m);
    ASSERT_TRUE(m.decoded().intact);  // the FCS is recomputed: only the header is wrong
    const Bytes& body = m.decoded().body;
    ASSERT_EQ(body.size(), body_before.size());
    EXPECT_EQ(body[0], 0xFF);
    EXPECT_EQ(body[1], 0x13);  // UI with the Poll bit (RFC 1662 section 3.1, FR-02)
    EXPECT_TRUE(std::equal(body.begin() + 2, body.end(), body_before.begin() + 2));
    ASSERT_FALSE(*m.decoded().ppp);
    EXPECT_EQ(m.decoded().ppp->error().clause, "FR-02");
    PortMessage next = peer_cr(1ms, 2);
    injector.on_port(next);
    EXPECT_TRUE(*next.decoded().ppp);  // one frame only
}

PortMessage peer_ipcp(std::chrono::milliseconds at, std::uint8_t code, std::uint8_t id, std::vector<ppp::wire::IpcpOption> options) {
    ppp::wire::IpcpPacket p;
    p.code = code;
    p.identifier = id;
    p.options = std::move(options);
    return PortMessage::b_frame(at, Direction::ToSut, 1,
                                ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kIpcp, ppp::wire::encode_ipcp(p))));
}

std::uint32_t asked_address(const PortMessage& m) {
    const auto* ipcp = m.decoded().packet<ppp::wire::IpcpPacket>();
    if (ipcp == nullptr || ipcp->options.empty()) return 0xFFFFFFFFu;
    return std::get<ppp::wire::IpAddressOption>(ipcp->options.front()).address;
}

// IP-07, RFC 1332 section 3.3: the peer's next IPCP Configure-Request asks for its address (0.0.0.0);
// an Ack passes untouched, and the Request after the asking one is the peer's own again.
TEST(AdaptersFaultInjector, ThePeerAsksForItsAddressInItsNextIpcpRequestOnly) {
    FaultInjector injector;
    injector.ask_address();
    PortMessage ack = peer_ipcp(0ms, 2, 1, {ppp::wire::IpAddressOption{0xC0000202}});
    injector.on_port(ack);
    EXPECT_EQ(asked_address(ack), 0xC0000202u);
    PortMessage first = peer_ipcp(1ms, 1, 1, {ppp::wire::IpAddressOption{0xC0000201}});
    injector.on_port(first);
    EXPECT_EQ(asked_address(first), 0u);
    PortMessage second = peer_ipcp(2ms, 1, 2, {ppp::wire::IpAddressOption{0xC0000201}});
    injector.on_port(second);
    EXPECT_EQ(asked_address(second), 0xC0000201u);
}

TEST(AdaptersFaultInjector, APeerRequestWithoutAnAddressGetsOneAskingForIt) {
    FaultInjector injector;
    injector.ask_address();
    PortMessage request = peer_ipcp(0ms, 1, 1, {});
    injector.on_port(request);
    EXPECT_EQ(asked_address(request), 0u);
}

// IP-08, RFC 1661 section 5.2: the peer's next IPCP Configure-Ack acknowledges another address
// than the SUT asked for; a Request passes untouched, and the Ack after the altered one is intact.
TEST(AdaptersFaultInjector, ThePeersNextIpcpAckAltersTheAcknowledgedAddressOnly) {
    FaultInjector injector;
    injector.alter_ipcp_ack();
    PortMessage request = peer_ipcp(0ms, 1, 1, {ppp::wire::IpAddressOption{0xC0000201}});
    injector.on_port(request);
    EXPECT_EQ(asked_address(request), 0xC0000201u);
    PortMessage first = peer_ipcp(1ms, 2, 1, {ppp::wire::IpAddressOption{0xC0000202}});
    injector.on_port(first);
    EXPECT_EQ(asked_address(first), 0xC0000203u);
    PortMessage second = peer_ipcp(2ms, 2, 2, {ppp::wire::IpAddressOption{0xC0000202}});
    injector.on_port(second);
    EXPECT_EQ(asked_address(second), 0xC0000202u);
}

TEST(AdaptersFaultInjector, LoopedMagicCopiesTheSutsMagicIntoThePeersNextRequest) {
    FaultInjector injector;
    injector.loop_magic();
    PortMessage from_sut = sut_cr(0ms);
    injector.on_port(from_sut);
    PortMessage m = peer_cr(5ms);
    injector.on_port(m);
    const auto* lcp = m.decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(lcp, nullptr);
    ASSERT_EQ(lcp->options.size(), 1u);
    EXPECT_EQ(std::get<ppp::wire::MagicNumber>(lcp->options[0]).value, 0x0A0B0C0Du);  // LCP-16
}

TEST(AdaptersFaultInjector, ALineLoopedForThreeRequestsCopiesTheSutsMagicIntoThreeAndNoMore) {  // LCP-16, FSM-03
    FaultInjector injector;
    injector.loop_magic(3);
    PortMessage from_sut = sut_cr(0ms);
    injector.on_port(from_sut);
    for (std::uint8_t id = 1; id <= 4; ++id) {
        PortMessage m = peer_cr(std::chrono::milliseconds(5 * id), id);
        injector.on_port(m);
        const auto* lcp = m.decoded().packet<ppp::wire::LcpPacket>();
        ASSERT_NE(lcp, nullptr);
        EXPECT_EQ(std::get<ppp::wire::MagicNumber>(lcp->options[0]).value, id <= 3 ? 0x0A0B0C0Du : 0x01020304u) << int{id};
    }
}

TEST(AdaptersFaultInjector, UnknownOptionGoesIntoTheNextNRequestsOnly) {  // LCP-07, FSM-03
    FaultInjector injector;
    injector.add_unknown_option(2);
    for (std::uint8_t id = 1; id <= 3; ++id) {
        PortMessage m = peer_cr(std::chrono::milliseconds{id * 100}, id);
        injector.on_port(m);
        const auto* lcp = m.decoded().packet<ppp::wire::LcpPacket>();
        ASSERT_NE(lcp, nullptr);
        ASSERT_EQ(lcp->options.size(), id <= 2 ? 2u : 1u) << "Request " << int{id};
        if (id <= 2) {
            EXPECT_EQ(ppp::wire::option_type(lcp->options[1]), 0xE7);
        }
    }
}

TEST(AdaptersFaultInjector, IgnoredTerminateLosesOnlyThePeersTerminateAcks) {  // FSM-02
    FaultInjector injector;
    injector.ignore_terminate();
    PortMessage ack = lcp_frame(0ms, Direction::ToSut, ppp::wire::LcpCode::TermAck, 3);
    EXPECT_EQ(injector.on_port(ack).kind, TapDecision::Kind::Drop);
    PortMessage request = lcp_frame(1ms, Direction::ToSut, ppp::wire::LcpCode::TermReq, 4);
    EXPECT_EQ(injector.on_port(request).kind, TapDecision::Kind::Pass);
    PortMessage again = lcp_frame(3000ms, Direction::ToSut, ppp::wire::LcpCode::TermAck, 5);
    EXPECT_EQ(injector.on_port(again).kind, TapDecision::Kind::Drop);  // from now on, not once
}

TEST(AdaptersFaultInjector, SilenceLastsUntilTheCallIsCleared) {
    FaultInjector injector;
    injector.go_silent();
    PortMessage cr = peer_cr(0ms);
    EXPECT_EQ(injector.on_port(cr).kind, TapDecision::Kind::Drop);
    PortMessage own = sut_cr(1ms);
    EXPECT_EQ(injector.on_port(own).kind, TapDecision::Kind::Pass);  // the SUT still speaks
    PortMessage d = q931(30000ms, Direction::FromSut, ppp::wire::Q931Type::Disconnect);
    EXPECT_EQ(injector.on_port(d).kind, TapDecision::Kind::Pass);
    PortMessage next_call = peer_cr(45000ms);
    EXPECT_EQ(injector.on_port(next_call).kind, TapDecision::Kind::Pass);
}

TEST(AdaptersFaultInjector, ProposedCallbackIsAddedForAClientSut) {
    FaultInjector injector;
    injector.set_sut_is_client(true, Bytes{'5', '5', '5'});
    injector.propose_callback(1);
    PortMessage m = peer_cr(0ms);
    injector.on_port(m);
    const auto* lcp = m.decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(lcp, nullptr);
    ASSERT_EQ(lcp->options.size(), 2u);
    const auto& callback = std::get<ppp::wire::Callback>(lcp->options[1]);
    EXPECT_EQ(callback.operation, 1);
    EXPECT_EQ(callback.message, (Bytes{'5', '5', '5'}));
}

TEST(AdaptersFaultInjector, RefusedCbcpIsKeptFromThePeerAndProtocolRejected) {
    FaultInjector injector;
    injector.refuse_cbcp();
    ppp::wire::CbcpPacket response;
    response.code = static_cast<std::uint8_t>(ppp::wire::CbcpCode::Response);
    response.identifier = 3;
    const Bytes information = ppp::wire::encode_cbcp(response);
    PortMessage cbcp = PortMessage::b_frame(
        40ms, Direction::FromSut, 2, ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kCbcp, information)));
    EXPECT_EQ(injector.on_port(cbcp).kind, TapDecision::Kind::Drop);
    const std::vector<PortMessage> due = deliver(injector, 41ms);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].channel, 2);
    const auto* reject = due[0].decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(reject, nullptr);
    EXPECT_EQ(reject->kind(), ppp::wire::LcpCode::ProtoRej);  // LCP-11
    EXPECT_EQ(reject->rejected_protocol, ppp::wire::proto::kCbcp);
    EXPECT_EQ(reject->data, information);
    PortMessage again = cbcp;  // a peer without CBCP refuses every packet of it, not only the first
    EXPECT_EQ(injector.on_port(again).kind, TapDecision::Kind::Drop);
    EXPECT_EQ(deliver(injector, 42ms).size(), 1U);
}

// ISDN-10's condition: the network's RELEASE never reaches the SUT until the SUT releases itself.
TEST(AdaptersFaultInjector, LostNetworkReleaseEndsWithTheSutsOwnRelease) {
    FaultInjector injector;
    injector.lose_network_release();
    PortMessage disconnect = q931(0ms, Direction::FromSut, ppp::wire::Q931Type::Disconnect);
    EXPECT_EQ(injector.on_port(disconnect).kind, TapDecision::Kind::Pass);
    for (const auto at : {10ms, 4010ms}) {  // the network's RELEASE and its T308 repetition
        PortMessage release = q931(at, Direction::ToSut, ppp::wire::Q931Type::Release);
        EXPECT_EQ(injector.on_port(release).kind, TapDecision::Kind::Drop);
    }
    PortMessage own = q931(30000ms, Direction::FromSut, ppp::wire::Q931Type::Release);
    EXPECT_EQ(injector.on_port(own).kind, TapDecision::Kind::Pass);
    PortMessage later = q931(31000ms, Direction::ToSut, ppp::wire::Q931Type::Release);
    EXPECT_EQ(injector.on_port(later).kind, TapDecision::Kind::Pass);  // armed once
}

// ISDN-11's condition: the network's RELEASE is held until the SUT's own, then crosses it.
TEST(AdaptersFaultInjector, CrossedNetworkReleaseArrivesJustAfterTheSutsOwn) {
    FaultInjector injector;
    injector.cross_network_release();
    PortMessage release = q931(10ms, Direction::ToSut, ppp::wire::Q931Type::Release);
    EXPECT_EQ(injector.on_port(release).kind, TapDecision::Kind::Drop);
    EXPECT_FALSE(injector.next_due());
    PortMessage own = q931(30000ms, Direction::FromSut, ppp::wire::Q931Type::Release);
    EXPECT_EQ(injector.on_port(own).kind, TapDecision::Kind::Pass);
    ASSERT_TRUE(injector.next_due());
    EXPECT_EQ(*injector.next_due(), 30001ms);
    const std::vector<PortMessage> due = deliver(injector, 30001ms);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].decoded().q931->value().kind(), ppp::wire::Q931Type::Release);
    PortMessage again = due[0];  // the re-delivery passes the tap; the fault was armed once
    EXPECT_EQ(injector.on_port(again).kind, TapDecision::Kind::Pass);
}

}  // namespace

namespace {

PortMessage chap_frame(std::chrono::milliseconds at, Direction direction, std::uint8_t code, std::uint8_t id) {
    ppp::wire::ChapPacket p;
    p.code = code;
    p.identifier = id;
    if (code == 2) {
        p.value = Bytes(16, 0x11);
        p.name = {'R', '2'};
    }
    return PortMessage::b_frame(at, direction, 1,
                                ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kChap, ppp::wire::encode_chap(p))));
}

TEST(AdaptersFaultInjector, MisnumbersOnlyThePeersNextChapSuccessOrFailure) {  // CHAP-04
    FaultInjector injector;
    injector.misnumber_chap_result();
    PortMessage response = chap_frame(0ms, Direction::FromSut, 2, 0x21);
    const Bytes response_bytes = response.bytes();
    injector.on_port(response);
    EXPECT_EQ(response.bytes(), response_bytes);  // the SUT's Response is never touched
    PortMessage challenge = chap_frame(1ms, Direction::ToSut, 1, 0x22);
    const Bytes challenge_bytes = challenge.bytes();
    injector.on_port(challenge);
    EXPECT_EQ(challenge.bytes(), challenge_bytes);  // a Challenge is no result
    PortMessage success = chap_frame(2ms, Direction::ToSut, 3, 0x21);
    EXPECT_EQ(injector.on_port(success).kind, TapDecision::Kind::Pass);
    const auto* misnumbered = success.decoded().packet<ppp::wire::ChapPacket>();
    ASSERT_NE(misnumbered, nullptr);
    EXPECT_EQ(misnumbered->code, 3);
    EXPECT_EQ(misnumbered->identifier, 0x22);
    EXPECT_TRUE(success.decoded().intact);  // a well-formed frame, FCS and all
    PortMessage again = chap_frame(3ms, Direction::ToSut, 3, 0x21);
    injector.on_port(again);
    EXPECT_EQ(again.decoded().packet<ppp::wire::ChapPacket>()->identifier, 0x21);  // once only
}

TEST(AdaptersFaultInjector, LosesOnlyThePeersNextConfigureAcks) {  // FSM-01: the SUT's Requests go unanswered
    FaultInjector injector;
    injector.lose_configure_acks(2);
    PortMessage sut_ack = lcp_frame(0ms, Direction::FromSut, ppp::wire::LcpCode::ConfAck, 1);
    EXPECT_EQ(injector.on_port(sut_ack).kind, TapDecision::Kind::Pass);  // the SUT's own Ack is an observation
    PortMessage request = peer_cr(1ms);
    EXPECT_EQ(injector.on_port(request).kind, TapDecision::Kind::Pass);  // only Acks are lost
    for (std::uint8_t id = 2; id <= 3; ++id) {
        PortMessage ack = lcp_frame(2ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, id);
        EXPECT_EQ(injector.on_port(ack).kind, TapDecision::Kind::Drop) << int(id);
    }
    PortMessage third = lcp_frame(3ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 4);
    EXPECT_EQ(injector.on_port(third).kind, TapDecision::Kind::Pass);
    EXPECT_FALSE(injector.next_due());  // lost, not held
}

TEST(AdaptersFaultInjector, RepeatsThePeersNextResponseOnceAMillisecondLater) {  // CHAP-05, PAP-03
    FaultInjector injector;
    injector.repeat_auth();
    PortMessage challenge = chap_frame(0ms, Direction::ToSut, 1, 0x30);
    injector.on_port(challenge);
    EXPECT_FALSE(injector.next_due());  // a Challenge asks, it is no Response
    PortMessage own = chap_frame(1ms, Direction::FromSut, 2, 0x30);
    injector.on_port(own);
    EXPECT_FALSE(injector.next_due());  // the SUT's Response is only read
    PortMessage response = chap_frame(5ms, Direction::ToSut, 2, 0x31);
    EXPECT_EQ(injector.on_port(response).kind, TapDecision::Kind::Pass);  // the first copy goes through
    ASSERT_TRUE(injector.next_due());
    EXPECT_EQ(*injector.next_due(), 6ms);
    const auto repeats = deliver(injector, 6ms);
    ASSERT_EQ(repeats.size(), 1U);
    EXPECT_EQ(repeats[0].bytes(), response.bytes());
    PortMessage back = repeats[0];
    EXPECT_EQ(injector.on_port(back).kind, TapDecision::Kind::Pass);  // re-delivered unfaulted, not repeated again
    PortMessage later = chap_frame(9ms, Direction::ToSut, 2, 0x32);
    injector.on_port(later);
    EXPECT_FALSE(injector.next_due());  // once only
}

TEST(AdaptersFaultInjector, TurnsThePeersNextChallengeIntoAVerdict) {  // AMB-22
    for (const bool success : {true, false}) {
        FaultInjector injector;
        injector.skip_challenge(success);
        PortMessage response = chap_frame(0ms, Direction::ToSut, 2, 0x40);
        const Bytes response_bytes = response.bytes();
        injector.on_port(response);
        EXPECT_EQ(response.bytes(), response_bytes);  // only a Challenge becomes a verdict
        PortMessage challenge = chap_frame(1ms, Direction::ToSut, 1, 0x41);
        EXPECT_EQ(injector.on_port(challenge).kind, TapDecision::Kind::Pass);
        const auto* verdict = challenge.decoded().packet<ppp::wire::ChapPacket>();
        ASSERT_NE(verdict, nullptr);
        EXPECT_EQ(verdict->code, success ? 3 : 4);
        EXPECT_EQ(verdict->identifier, 0x41);
        EXPECT_TRUE(challenge.decoded().intact);
        PortMessage next = chap_frame(2ms, Direction::ToSut, 1, 0x42);
        injector.on_port(next);
        EXPECT_EQ(next.decoded().packet<ppp::wire::ChapPacket>()->code, 1);  // once only
    }
}

PortMessage cbcp_frame(std::chrono::milliseconds at, Direction direction, ppp::wire::CbcpCode code,
                       std::vector<ppp::wire::CbcpOption> options) {
    ppp::wire::CbcpPacket p;
    p.code = static_cast<std::uint8_t>(code);
    p.identifier = 5;
    p.options = std::move(options);
    return PortMessage::b_frame(at, direction, 1,
                                ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kCbcp, ppp::wire::encode_cbcp(p))));
}

ppp::wire::CbcpOption cbcp_option(ppp::wire::CbcpType type) {
    ppp::wire::CbcpOption o;
    o.type = static_cast<std::uint8_t>(type);
    o.has_delay = type != ppp::wire::CbcpType::NoCallback;
    if (type == ppp::wire::CbcpType::UserNumber) o.addresses = {{ppp::wire::kCbcpAddressPstn, "5558888"}};
    return o;
}

// CBCP-06: the caller picks one of the offered types; "no callback" only when it was offered.
TEST(AdaptersFaultInjector, ChoosesNoCallbackOnlyWhenTheSutOfferedIt) {
    using ppp::wire::CbcpCode;
    using ppp::wire::CbcpType;
    FaultInjector injector;
    injector.choose_no_callback();
    PortMessage offer = cbcp_frame(0ms, Direction::FromSut, CbcpCode::Request, {cbcp_option(CbcpType::UserNumber)});
    injector.on_port(offer);
    PortMessage response = cbcp_frame(1ms, Direction::ToSut, CbcpCode::Response, {cbcp_option(CbcpType::UserNumber)});
    const Bytes untouched = response.bytes();
    injector.on_port(response);
    EXPECT_EQ(response.bytes(), untouched);  // not offered: the peer's own choice stands
    PortMessage offers_none = cbcp_frame(2ms, Direction::FromSut, CbcpCode::Request,
                                         {cbcp_option(CbcpType::UserNumber), cbcp_option(CbcpType::NoCallback)});
    injector.on_port(offers_none);
    PortMessage chosen = cbcp_frame(3ms, Direction::ToSut, CbcpCode::Response, {cbcp_option(CbcpType::UserNumber)});
    EXPECT_EQ(injector.on_port(chosen).kind, TapDecision::Kind::Pass);
    const auto* cbcp = chosen.decoded().packet<ppp::wire::CbcpPacket>();
    ASSERT_NE(cbcp, nullptr);
    ASSERT_EQ(cbcp->options.size(), 1U);
    EXPECT_EQ(cbcp->options[0], cbcp_option(CbcpType::NoCallback));
    EXPECT_EQ(cbcp->identifier, 5);
    PortMessage later = cbcp_frame(4ms, Direction::ToSut, CbcpCode::Response, {cbcp_option(CbcpType::UserNumber)});
    const Bytes later_bytes = later.bytes();
    injector.on_port(later);
    EXPECT_EQ(later.bytes(), later_bytes);  // once only
}

// CBCP-03/04/06: the peer's next Response answers what the plan says, whatever was offered.
TEST(AdaptersFaultInjector, AnswersCbcpAsArmedOnceAndOnlyTheResponse) {
    using ppp::wire::CbcpCode;
    using ppp::wire::CbcpType;
    using Answer = FaultInjector::CbcpAnswer;
    // The options the peer's next Response carries when armed with `answer`.
    auto answered = [](Answer answer) {
        FaultInjector injector;
        ppp::wire::CbcpOption admin = cbcp_option(CbcpType::AdminNumber);
        admin.delay = 7;
        PortMessage offer = cbcp_frame(0ms, Direction::FromSut, CbcpCode::Request, {cbcp_option(CbcpType::UserNumber), admin});
        injector.on_port(offer);
        injector.answer_cbcp(answer);
        PortMessage ack = cbcp_frame(1ms, Direction::ToSut, CbcpCode::Ack, {cbcp_option(CbcpType::UserNumber)});
        const Bytes ack_bytes = ack.bytes();
        injector.on_port(ack);
        EXPECT_EQ(ack.bytes(), ack_bytes);  // only a Response is rewritten
        PortMessage response = cbcp_frame(2ms, Direction::ToSut, CbcpCode::Response, {cbcp_option(CbcpType::UserNumber)});
        injector.on_port(response);
        PortMessage later = cbcp_frame(3ms, Direction::ToSut, CbcpCode::Response, {cbcp_option(CbcpType::UserNumber)});
        const Bytes later_bytes = later.bytes();
        injector.on_port(later);
        EXPECT_EQ(later.bytes(), later_bytes);  // once only
        const auto* cbcp = response.decoded().packet<ppp::wire::CbcpPacket>();
        EXPECT_NE(cbcp, nullptr);
        return cbcp ? cbcp->options : std::vector<ppp::wire::CbcpOption>{};
    };
    EXPECT_EQ(answered(Answer::NoCallback), std::vector<ppp::wire::CbcpOption>{cbcp_option(CbcpType::NoCallback)});
    auto empty = cbcp_option(CbcpType::UserNumber);
    empty.addresses[0].number.clear();
    EXPECT_EQ(answered(Answer::EmptyNumber), std::vector<ppp::wire::CbcpOption>{empty});
    auto admin = cbcp_option(CbcpType::AdminNumber);
    admin.delay = 7;  // the Delay it was offered
    EXPECT_EQ(answered(Answer::AdminNumber), std::vector<ppp::wire::CbcpOption>{admin});
    EXPECT_EQ(answered(Answer::TwoOptions),
              (std::vector<ppp::wire::CbcpOption>{cbcp_option(CbcpType::UserNumber), cbcp_option(CbcpType::NoCallback)}));
    auto late = cbcp_option(CbcpType::UserNumber);
    late.delay = 20;
    EXPECT_EQ(answered(Answer::LongDelay), std::vector<ppp::wire::CbcpOption>{late});
}

TEST(AdaptersFaultInjector, ReplaysThePeersLastSuccessAheadOfItsNextChallenge) {  // CHAP-04, AMB-22
    FaultInjector injector;
    injector.replay_chap_success();
    PortMessage first = chap_frame(0ms, Direction::ToSut, 1, 0x50);  // no Success yet: nothing to replay
    const Bytes first_bytes = first.bytes();
    EXPECT_EQ(injector.on_port(first).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(first.bytes(), first_bytes);
    EXPECT_FALSE(injector.next_due());
    PortMessage success = chap_frame(1ms, Direction::ToSut, 3, 0x50);
    const Bytes success_bytes = success.bytes();
    injector.on_port(success);
    EXPECT_EQ(success.bytes(), success_bytes);  // the Success itself passes as it is
    PortMessage challenge = chap_frame(7000ms, Direction::ToSut, 1, 0x51);  // a renegotiation's Challenge
    const Bytes challenge_bytes = challenge.bytes();
    EXPECT_EQ(injector.on_port(challenge).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(challenge.bytes(), success_bytes);  // the old Success, unchanged, goes first
    EXPECT_FALSE(deliver(injector, 7099ms).size());
    const std::vector<PortMessage> due = deliver(injector, 7100ms);
    ASSERT_EQ(due.size(), 1U);
    EXPECT_EQ(due[0].bytes(), challenge_bytes);  // the Challenge 100 ms behind it
    PortMessage back = due[0];
    EXPECT_EQ(injector.on_port(back).kind, TapDecision::Kind::Pass);
    EXPECT_EQ(back.bytes(), challenge_bytes);  // re-delivered unfaulted
    PortMessage next = chap_frame(9000ms, Direction::ToSut, 1, 0x52);
    const Bytes next_bytes = next.bytes();
    injector.on_port(next);
    EXPECT_EQ(next.bytes(), next_bytes);  // once only
}

TEST(AdaptersFaultInjector, AReplayedSuccessBelongsToItsCall) {  // a cleared call forgets the peer's Success
    FaultInjector injector;
    injector.replay_chap_success();
    PortMessage success = chap_frame(0ms, Direction::ToSut, 3, 0x60);
    injector.on_port(success);
    PortMessage release = q931(10ms, Direction::ToSut, ppp::wire::Q931Type::Release);
    injector.on_port(release);
    PortMessage challenge = chap_frame(20000ms, Direction::ToSut, 1, 0x61);  // the next call's Challenge
    const Bytes challenge_bytes = challenge.bytes();
    injector.on_port(challenge);
    EXPECT_EQ(challenge.bytes(), challenge_bytes);
    EXPECT_FALSE(injector.next_due());
}

TEST(AdaptersFaultInjector, LosesOnlyThePeersNextVerdict) {  // PAP-02: the SUT's Request goes unanswered
    FaultInjector injector;
    injector.lose_verdict();
    PortMessage challenge = chap_frame(0ms, Direction::ToSut, 1, 0x50);
    EXPECT_EQ(injector.on_port(challenge).kind, TapDecision::Kind::Pass);
    PortMessage own = chap_frame(1ms, Direction::FromSut, 3, 0x51);
    EXPECT_EQ(injector.on_port(own).kind, TapDecision::Kind::Pass);  // the SUT's own verdict is only read
    PortMessage success = chap_frame(2ms, Direction::ToSut, 3, 0x50);
    EXPECT_EQ(injector.on_port(success).kind, TapDecision::Kind::Drop);
    PortMessage again = chap_frame(3ms, Direction::ToSut, 4, 0x52);
    EXPECT_EQ(injector.on_port(again).kind, TapDecision::Kind::Pass);  // once only
}

}  // namespace

// ----- field-level rewrites of the peer's LCP and CHAP (issue #13 item 2) --------------------------
const ppp::wire::AuthProtocol kChapMd5Option{ppp::wire::proto::kChap, Bytes{ppp::wire::kChapMd5}};
const ppp::wire::AuthProtocol kPapOption{ppp::wire::proto::kPap, {}};

TEST(AdaptersFaultInjector, NaksThePeersNextAckOfAnyAuthenticationProtocolAskingForTheArmedOne) {  // LCP-15
    FaultInjector injector;
    injector.nak_auth({0xC227, {}});
    PortMessage plain = lcp_frame(0ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 1, {ppp::wire::MagicNumber{1}});
    injector.on_port(plain);  // an Ack without the option passes untouched
    EXPECT_EQ(plain.decoded().packet<ppp::wire::LcpPacket>()->kind(), ppp::wire::LcpCode::ConfAck);
    PortMessage ack = lcp_frame(5ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 2, {kPapOption, ppp::wire::MagicNumber{1}});
    injector.on_port(ack);
    const auto* nak = ack.decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(nak, nullptr);
    EXPECT_EQ(nak->kind(), ppp::wire::LcpCode::ConfNak);
    EXPECT_EQ(nak->identifier, 2);
    ASSERT_EQ(nak->options.size(), 1U);  // LCP-06: only the offending option
    EXPECT_EQ(std::get<ppp::wire::AuthProtocol>(nak->options[0]).protocol, 0xC227);
    PortMessage next = lcp_frame(9ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 3, {kChapMd5Option});
    injector.on_port(next);
    EXPECT_EQ(next.decoded().packet<ppp::wire::LcpPacket>()->kind(), ppp::wire::LcpCode::ConfAck);  // once only
}

TEST(AdaptersFaultInjector, NakChapLeavesAnAckOfPapAlone) {  // peer-naks-chap: only CHAP is Nak'd, asking for PAP
    FaultInjector injector;
    injector.nak_chap();
    PortMessage pap = lcp_frame(0ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 1, {kPapOption});
    injector.on_port(pap);
    EXPECT_EQ(pap.decoded().packet<ppp::wire::LcpPacket>()->kind(), ppp::wire::LcpCode::ConfAck);
    PortMessage chap = lcp_frame(5ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 2, {kChapMd5Option});
    injector.on_port(chap);
    const auto* nak = chap.decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(nak, nullptr);
    EXPECT_EQ(nak->kind(), ppp::wire::LcpCode::ConfNak);
    EXPECT_EQ(std::get<ppp::wire::AuthProtocol>(nak->options.at(0)).protocol, ppp::wire::proto::kPap);
}

TEST(AdaptersFaultInjector, ThePeersNextRequestCarriesMagicNumberZeroOnce) {  // LCP-16
    FaultInjector injector;
    injector.request_magic_zero();
    PortMessage first = peer_cr(0ms);
    injector.on_port(first);
    EXPECT_EQ(std::get<ppp::wire::MagicNumber>(first.decoded().packet<ppp::wire::LcpPacket>()->options.at(0)).value, 0U);
    PortMessage second = peer_cr(5ms, 2);
    injector.on_port(second);
    EXPECT_EQ(std::get<ppp::wire::MagicNumber>(second.decoded().packet<ppp::wire::LcpPacket>()->options.at(0)).value, 0x01020304U);
}

TEST(AdaptersFaultInjector, RejectsTheArmedOptionOfTheSutsRequestInsteadOfAckingIt) {  // RFC 1661 section 5.4
    FaultInjector injector;
    injector.reject_sut_option(ppp::wire::lcp_opt::kMagicNumber);
    PortMessage ack = lcp_frame(0ms, Direction::ToSut, ppp::wire::LcpCode::ConfAck, 4, {kChapMd5Option, ppp::wire::MagicNumber{7}});
    injector.on_port(ack);
    const auto* reject = ack.decoded().packet<ppp::wire::LcpPacket>();
    ASSERT_NE(reject, nullptr);
    EXPECT_EQ(reject->kind(), ppp::wire::LcpCode::ConfRej);
    EXPECT_EQ(reject->identifier, 4);
    ASSERT_EQ(reject->options.size(), 1U);
    EXPECT_EQ(std::get<ppp::wire::MagicNumber>(reject->options[0]).value, 7U);  // unmodified
}

TEST(AdaptersFaultInjector, RepeatsThePeersNextResponseWithOneBitOfItsValueChanged) {  // CHAP-05
    FaultInjector injector;
    injector.repeat_response_altered();
    PortMessage response = chap_frame(5ms, Direction::ToSut, 2, 0x31);
    EXPECT_EQ(injector.on_port(response).kind, TapDecision::Kind::Pass);  // the first copy unchanged
    const auto repeats = deliver(injector, 6ms);
    ASSERT_EQ(repeats.size(), 1U);
    const auto* original = response.decoded().packet<ppp::wire::ChapPacket>();
    const auto* repeat = repeats[0].decoded().packet<ppp::wire::ChapPacket>();
    ASSERT_NE(repeat, nullptr);
    EXPECT_EQ(repeat->identifier, original->identifier);
    EXPECT_EQ(repeat->name, original->name);
    ASSERT_EQ(repeat->value.size(), original->value.size());
    EXPECT_EQ(repeat->value.back(), original->value.back() ^ 0x01);
    EXPECT_TRUE(std::equal(repeat->value.begin(), repeat->value.end() - 1, original->value.begin()));
}
