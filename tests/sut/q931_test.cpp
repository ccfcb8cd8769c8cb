// Q.931 user side (SPEC ISDN-02..07, timers T303/T305/T308/T310/T313) and the simulated
// network side (ISDN-01, ISDN-04..06, billing).
#include <gtest/gtest.h>

#include <utility>

#include "ppp/sut/isdn_network.hpp"
#include "ppp/sut/q931_user.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::sut {
namespace {

using wire::Q931Message;
using wire::Q931Type;

struct User {
    std::deque<Action> out;
    Logger log{LogOptions{}, out};
    Q931User q{log, out};
    std::vector<Q931Message> sent() {
        std::vector<Q931Message> v;
        for (auto& a : out) {
            if (auto* s = std::get_if<SendQ931>(&a)) {
                auto m = wire::decode_q931(s->message);
                EXPECT_TRUE(m);
                if (m) v.push_back(m.value());
            }
        }
        out.clear();
        return v;
    }
    std::vector<Q931Event> events() {
        std::vector<Q931Event> v;
        while (auto e = q.poll_event()) v.push_back(*e);
        return v;
    }
};

Bytes net_msg(std::uint8_t cr, bool to_originator, Q931Type type, int channel = 0, std::uint8_t cause = 0) {
    Q931Message m;
    m.call_reference = cr;
    m.from_destination = to_originator;
    m.type = static_cast<std::uint8_t>(type);
    if (channel) m.channel = wire::ChannelId{static_cast<std::uint8_t>(channel), true, {}};
    if (cause) {
        wire::CauseIe c;
        c.location = 2;
        c.value = cause;
        m.cause = c;
    }
    return wire::encode_q931(m);
}

TEST(SutQ931, PlaceCallSendsSetupWithBearerChannelAndNumbers) {
    User u;
    const int call = u.q.place_call(Millis{0}, "5551234", "5558888");
    ASSERT_GE(call, 0);
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Setup);
    EXPECT_FALSE(s[0].from_destination);  // we allocated the reference
    ASSERT_TRUE(s[0].bearer);
    EXPECT_EQ(s[0].bearer->octets, (Bytes{0x88, 0x90}));  // TV-11
    ASSERT_TRUE(s[0].channel);
    EXPECT_EQ(s[0].channel->channel, 3);  // any B-channel (0x83)
    EXPECT_EQ(s[0].called->digits, "5551234");
    EXPECT_EQ(u.q.state(call), UState::CallInitiated);
}

TEST(SutQ931, T303ResendsSetupOnceThenClears) {
    User u;
    const int call = u.q.place_call(Millis{0}, "5551234", "");
    u.sent();
    EXPECT_EQ(u.q.next_deadline(), Millis{4000});
    u.q.on_timer(Millis{4000});
    auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Setup);
    u.q.on_timer(Millis{8000});
    s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::ReleaseComplete);
    EXPECT_EQ(u.q.state(call), UState::Null);
    const auto ev = u.events();
    ASSERT_EQ(ev.size(), 2U);
    EXPECT_EQ(ev[0].kind, Q931Event::Kind::Down);
    EXPECT_EQ(ev[1].kind, Q931Event::Kind::Released);
    EXPECT_EQ(ev[1].cause, wire::cause::kRecoveryOnTimer);
}

TEST(SutQ931, OutgoingCallConnectsAndAcknowledges) {
    User u;
    const int call = u.q.place_call(Millis{0}, "5551234", "");
    const std::uint8_t cr = u.sent()[0].call_reference;
    u.q.on_message(Millis{10}, net_msg(cr, true, Q931Type::CallProceeding, 2));
    EXPECT_EQ(u.q.state(call), UState::OutgoingProceeding);
    EXPECT_EQ(u.q.next_deadline(), Millis{10 + 30000});  // T310
    u.q.on_message(Millis{20}, net_msg(cr, true, Q931Type::Connect));
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::ConnectAck);  // AMB-17: Cisco sends it
    EXPECT_EQ(u.q.state(call), UState::Active);
    const auto ev = u.events();
    ASSERT_EQ(ev.size(), 2U);
    EXPECT_EQ(ev[1].kind, Q931Event::Kind::Connected);
    EXPECT_EQ(ev[1].channel, 2);
}

TEST(SutQ931, T310ExpiryDisconnects) {
    User u;
    const int call = u.q.place_call(Millis{0}, "5551234", "");
    const std::uint8_t cr = u.sent()[0].call_reference;
    u.q.on_message(Millis{10}, net_msg(cr, true, Q931Type::CallProceeding, 1));
    u.q.on_timer(Millis{30010});
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Disconnect);
    EXPECT_EQ(s[0].cause->value, wire::cause::kRecoveryOnTimer);
    EXPECT_EQ(u.q.state(call), UState::DisconnectRequest);
}

TEST(SutQ931, IncomingCallAcceptedWithCallProcAndConnect) {
    User u;
    Q931Message setup;
    setup.call_reference = 5;
    setup.type = static_cast<std::uint8_t>(Q931Type::Setup);
    setup.channel = wire::ChannelId{1, true, {}};
    setup.calling = wire::PartyNumber{0x00, 0x83, "5557777"};
    u.q.on_message(Millis{0}, wire::encode_q931(setup));
    auto ev = u.events();
    ASSERT_EQ(ev.size(), 1U);
    EXPECT_EQ(ev[0].kind, Q931Event::Kind::Incoming);
    EXPECT_EQ(ev[0].calling, "5557777");
    EXPECT_EQ(ev[0].channel, 1);
    u.q.accept(Millis{1}, ev[0].call);
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 2U);
    EXPECT_EQ(s[0].kind(), Q931Type::CallProceeding);
    EXPECT_TRUE(s[0].from_destination);  // flag 1 toward the allocating side
    EXPECT_EQ(s[1].kind(), Q931Type::Connect);
    EXPECT_EQ(u.q.next_deadline(), Millis{4001});  // T313
    u.q.on_message(Millis{10}, net_msg(5, false, Q931Type::ConnectAck));
    ev = u.events();
    ASSERT_EQ(ev.size(), 1U);
    EXPECT_EQ(ev[0].kind, Q931Event::Kind::Connected);  // ISDN-07: callee at U10
}

TEST(SutQ931, IncomingRejectSendsReleaseCompleteWithCause) {
    User u;
    u.q.on_message(Millis{0}, net_msg(9, false, Q931Type::Setup, 1));
    const auto ev = u.events();
    u.q.reject(Millis{1}, ev[0].call, wire::cause::kCallRejected);
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::ReleaseComplete);  // ISDN-04
    EXPECT_EQ(s[0].cause->value, wire::cause::kCallRejected);
}

TEST(SutQ931, NetworkDisconnectAnsweredWithReleaseThenT308) {
    User u;
    const int call = u.q.place_call(Millis{0}, "1", "");
    const std::uint8_t cr = u.sent()[0].call_reference;
    u.q.on_message(Millis{1}, net_msg(cr, true, Q931Type::Connect, 1));
    u.sent();
    u.events();
    u.q.on_message(Millis{2}, net_msg(cr, true, Q931Type::Disconnect, 0, 16));
    auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Release);  // ISDN-05
    auto ev = u.events();
    ASSERT_EQ(ev.size(), 1U);
    EXPECT_EQ(ev[0].kind, Q931Event::Kind::Down);
    u.q.on_timer(Millis{4002});  // T308: resend once
    s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Release);
    u.q.on_timer(Millis{8002});
    EXPECT_EQ(u.q.state(call), UState::Null);
}

// An outgoing call the network has connected at 1 ms, its own messages taken.
std::pair<int, std::uint8_t> connected_call(User& u) {
    const int call = u.q.place_call(Millis{0}, "1", "");
    const std::uint8_t cr = u.sent()[0].call_reference;
    u.q.on_message(Millis{1}, net_msg(cr, true, Q931Type::Connect, 1));
    u.sent();
    return {call, cr};
}

TEST(SutQ931, OwnDisconnectT305SendsRelease) {
    User u;
    const auto [call, cr] = connected_call(u);
    u.q.disconnect(Millis{5}, call, wire::cause::kNormalClearing);
    auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Disconnect);
    u.q.on_timer(Millis{30005});  // T305
    s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::Release);
    u.q.on_message(Millis{30010}, net_msg(cr, true, Q931Type::ReleaseComplete));
    EXPECT_EQ(u.q.state(call), UState::Null);
}

// Q.931 section 5.3.5 (ISDN-11): both sides sent RELEASE; the one received in Release Request
// frees the call reference without a RELEASE COMPLETE, and T308 stops.
TEST(SutQ931, ReleaseCrossingOwnReleaseFreesTheCallSilently) {
    User u;
    const auto [call, cr] = connected_call(u);
    u.q.disconnect(Millis{5}, call, wire::cause::kNormalClearing);
    u.sent();
    u.q.on_timer(Millis{30005});  // T305: RELEASE, Release Request
    ASSERT_EQ(u.sent().size(), 1U);
    EXPECT_EQ(u.q.state(call), UState::ReleaseRequest);
    u.q.on_message(Millis{30006}, net_msg(cr, true, Q931Type::Release, 0, wire::cause::kNormalClearing));
    EXPECT_TRUE(u.sent().empty());
    EXPECT_EQ(u.q.state(call), UState::Null);
    u.q.on_timer(Millis{34006});  // T308 would have repeated the RELEASE
    EXPECT_TRUE(u.sent().empty());
}

TEST(SutQ931, MalformedAndUnknownReferencesAreHandled) {
    User u;
    u.q.on_message(Millis{0}, Bytes{0x08, 0x01});
    u.q.on_message(Millis{0}, Bytes{});
    EXPECT_EQ(u.q.malformed(), 2U);
    u.q.on_message(Millis{0}, net_msg(44, true, Q931Type::Connect));
    const auto s = u.sent();
    ASSERT_EQ(s.size(), 1U);
    EXPECT_EQ(s[0].kind(), Q931Type::ReleaseComplete);
}

// ---- network side ----

struct Net {
    IsdnNetwork n;
    std::size_t a = n.add_port("5558888");
    std::size_t b = n.add_port("5557777");
    std::vector<std::pair<std::size_t, Q931Message>> drain() {
        std::vector<std::pair<std::size_t, Q931Message>> v;
        while (auto o = n.poll()) {
            auto m = wire::decode_q931(o->message);
            EXPECT_TRUE(m);
            if (m) v.emplace_back(o->port, m.value());
        }
        return v;
    }
    void setup(Millis now, std::size_t port, std::uint8_t cr, const std::string& called) {
        Q931Message m;
        m.call_reference = cr;
        m.type = static_cast<std::uint8_t>(Q931Type::Setup);
        m.bearer = wire::BearerCapability{Bytes{0x88, 0x90}};
        m.channel = wire::ChannelId{3, false, {}};
        m.called = wire::PartyNumber{0x80, std::nullopt, called};
        n.on_q931(now, port, wire::encode_q931(m));
    }
};

TEST(SutIsdnNetwork, UnallocatedNumberRejectedWithReleaseComplete) {
    Net t;
    t.setup(Millis{0}, t.a, 1, "5550000");
    const auto out = t.drain();
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].second.kind(), Q931Type::ReleaseComplete);
    EXPECT_EQ(out[0].second.cause->value, wire::cause::kUnallocated);
}

TEST(SutIsdnNetwork, CallSetupConnectAndBilling) {
    Net t;
    t.setup(Millis{0}, t.a, 1, "5557777");
    auto out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].first, t.a);
    EXPECT_EQ(out[0].second.kind(), Q931Type::CallProceeding);
    EXPECT_EQ(out[1].first, t.b);
    EXPECT_EQ(out[1].second.kind(), Q931Type::Setup);
    EXPECT_EQ(out[1].second.calling->digits, "5558888");
    const std::uint8_t bcr = out[1].second.call_reference;
    t.n.on_q931(Millis{100}, t.b, net_msg(bcr, true, Q931Type::Connect));
    out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].second.kind(), Q931Type::ConnectAck);
    EXPECT_EQ(out[1].second.kind(), Q931Type::Connect);
    ASSERT_TRUE(t.n.b_peer(t.a, 1));
    EXPECT_EQ(t.n.b_peer(t.a, 1)->port, t.b);
    // Callee clears after 2.5 s: caller billed 3 s (rounded up).
    t.n.on_q931(Millis{2600}, t.b, net_msg(bcr, true, Q931Type::Disconnect, 0, 16));
    out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].second.kind(), Q931Type::Release);
    EXPECT_EQ(out[1].second.kind(), Q931Type::Disconnect);
    EXPECT_FALSE(t.n.b_peer(t.a, 1));
    EXPECT_EQ(t.n.billed_seconds("5558888"), 3);
    EXPECT_EQ(t.n.billed_seconds("5557777"), 0);
    EXPECT_NE(t.n.billing_summary().find("billed 3 s to 5558888"), std::string::npos);
}

TEST(SutIsdnNetwork, BothChannelsBusyGivesUserBusy) {
    Net t;
    t.setup(Millis{0}, t.a, 1, "5557777");
    t.setup(Millis{0}, t.a, 2, "5557777");
    t.drain();
    EXPECT_EQ(t.n.channels_in_use(t.b), 2);
    IsdnNetwork& n = t.n;
    const auto c = n.add_port("5559999");
    t.setup(Millis{1}, c, 1, "5557777");
    const auto out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[1].second.kind(), Q931Type::Disconnect);
    EXPECT_EQ(out[1].second.cause->value, wire::cause::kUserBusy);  // ISDN-01, AMB-18
}

// Q.931 section 5.1.2: the network chooses the B-channel; assigned B2 is used once, when free.
TEST(SutIsdnNetwork, AnAssignedChannelIsUsedOnceWhenFree) {
    Net t;
    t.n.assign_next_channel("5557777", 2);
    t.n.assign_next_channel("5558888", 2);
    t.setup(Millis{0}, t.a, 1, "5557777");
    auto out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].second.channel->channel, 2);  // CALL PROCEEDING to the caller
    EXPECT_EQ(out[1].second.channel->channel, 2);  // SETUP to the callee
    t.setup(Millis{1}, t.a, 2, "5557777");           // the next call: the lowest free again
    out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].second.channel->channel, 1);
    EXPECT_EQ(out[1].second.channel->channel, 1);
}

TEST(SutIsdnNetwork, AnAssignedChannelInUseGivesTheLowestFree) {
    Net t;
    t.setup(Millis{0}, t.a, 1, "5557777");
    t.drain();
    t.n.assign_next_channel("5558888", 1);  // B1 carries the first call
    t.n.add_port("5559999");
    t.setup(Millis{1}, t.a, 2, "5559999");
    const auto out = t.drain();
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0].second.channel->channel, 2);
}

TEST(SutIsdnNetwork, KnobsBusyNoAnswerNoChannel) {
    Net t;
    t.n.fail_next_call("5557777", CallFault::NoChannel);
    t.setup(Millis{0}, t.a, 1, "5557777");
    auto out = t.drain();
    EXPECT_EQ(out.back().second.cause->value, wire::cause::kNoChannel);
    t.n.fail_next_call("5557777", CallFault::NoAnswer);
    t.setup(Millis{0}, t.a, 2, "5557777");
    out = t.drain();
    ASSERT_EQ(out.size(), 1U);  // CALL PROC only: the callee never sees the SETUP
    t.n.on_timer(*t.n.next_deadline());
    out = t.drain();
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].second.cause->value, wire::cause::kNoUserResponding);
}

TEST(SutIsdnNetwork, DropLineClearsBothSides) {
    Net t;
    t.setup(Millis{0}, t.a, 1, "5557777");
    auto out = t.drain();
    t.n.on_q931(Millis{10}, t.b, net_msg(out[1].second.call_reference, true, Q931Type::Connect));
    t.drain();
    t.n.drop_line(Millis{50}, "5557777");
    out = t.drain();
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].second.kind(), Q931Type::Disconnect);
    EXPECT_EQ(out[1].second.kind(), Q931Type::Disconnect);
    EXPECT_FALSE(t.n.b_peer(t.a, 1));
}

}  // namespace
}  // namespace ppp::sut
