#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/q931.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

Q931Message message(std::uint8_t callref, bool from_destination, Q931Type type) {
    Q931Message m;
    m.call_reference = callref;
    m.from_destination = from_destination;
    m.type = static_cast<std::uint8_t>(type);
    return m;
}

Q931Message decoded(const Bytes& b) {
    auto m = decode_q931(b);
    EXPECT_TRUE(m) << m.error().to_string();
    return m ? m.value() : Q931Message{};
}

TEST(WireQ931, SetupMatchesTv11) {
    auto m = message(5, false, Q931Type::Setup);
    m.bearer = BearerCapability{hex("88 90")};
    m.channel = ChannelId{3, false, {}};
    m.called = PartyNumber{0x80, std::nullopt, "5551234"};
    const Bytes tv = hex("08 01 05 05 04 02 88 90 18 01 83 70 08 80 35 35 35 31 32 33 34");
    EXPECT_EQ(encode_q931(m), tv);
    const auto back = decoded(tv);
    EXPECT_EQ(back, m);
    ASSERT_TRUE(back.bearer && back.channel && back.called);
    EXPECT_EQ(back.bearer->octets, hex("88 90"));
    EXPECT_EQ(back.channel->channel, 3);
    EXPECT_FALSE(back.channel->exclusive);
    EXPECT_EQ(back.called->type_plan, 0x80);
    EXPECT_EQ(back.called->digits, "5551234");
    EXPECT_FALSE(back.from_destination);
    EXPECT_EQ(back.kind(), Q931Type::Setup);
    EXPECT_EQ(describe(back), "Q.931 SETUP callref=0x05 <Bearer 88 90> <Channel any> <Called \"5551234\">");
}

TEST(WireQ931, CallProceedingMatchesTv11) {
    auto m = message(5, true, Q931Type::CallProceeding);
    m.channel = ChannelId{1, true, {}};
    const Bytes tv = hex("08 01 85 02 18 01 89");
    EXPECT_EQ(encode_q931(m), tv);
    const auto back = decoded(tv);
    EXPECT_TRUE(back.from_destination);
    EXPECT_EQ(back.call_reference, 5);
    ASSERT_TRUE(back.channel);
    EXPECT_EQ(back.channel->channel, 1);
    EXPECT_TRUE(back.channel->exclusive);
    EXPECT_EQ(describe(back), "Q.931 CALL_PROC callref=0x85 <Channel B1 excl>");
}

TEST(WireQ931, ConnectReleaseFamilyMatchesTv11) {
    EXPECT_EQ(encode_q931(message(5, true, Q931Type::Connect)), hex("08 01 85 07"));
    EXPECT_EQ(encode_q931(message(5, false, Q931Type::ConnectAck)), hex("08 01 05 0F"));
    EXPECT_EQ(encode_q931(message(5, true, Q931Type::Release)), hex("08 01 85 4D"));
    EXPECT_EQ(encode_q931(message(5, false, Q931Type::ReleaseComplete)), hex("08 01 05 5A"));
    EXPECT_EQ(decoded(hex("08 01 85 07")).kind(), Q931Type::Connect);
    EXPECT_EQ(decoded(hex("08 01 05 0F")).kind(), Q931Type::ConnectAck);
    EXPECT_EQ(decoded(hex("08 01 85 4D")).kind(), Q931Type::Release);
    EXPECT_EQ(describe(decoded(hex("08 01 05 5A"))), "Q.931 RELEASE_COMP callref=0x05");
}

TEST(WireQ931, DisconnectNormalClearingMatchesTv11) {
    auto m = message(5, false, Q931Type::Disconnect);
    m.cause = CauseIe{0, 0, cause::kNormalClearing, {}};
    const Bytes tv = hex("08 01 05 45 08 02 80 90");
    EXPECT_EQ(encode_q931(m), tv);
    const auto back = decoded(tv);
    ASSERT_TRUE(back.cause);
    EXPECT_EQ(back.cause->value, 16);
    EXPECT_EQ(back.cause->location, 0);
    EXPECT_EQ(back.cause->coding_standard, 0);
    EXPECT_EQ(describe(back), "Q.931 DISCONNECT callref=0x05 <Cause #16 \"Normal call clearing\" loc=user>");
}

TEST(WireQ931, CauseWithLocationAndDiagnostics) {
    const Bytes in = hex("08 01 85 5A 08 03 82 A2 05");  // public local, #34, diagnostic 05
    const auto m = decoded(in);
    ASSERT_TRUE(m.cause);
    EXPECT_EQ(m.cause->location, 2);
    EXPECT_EQ(m.cause->value, cause::kNoChannel);
    EXPECT_EQ(m.cause->diagnostics, hex("05"));
    EXPECT_EQ(encode_q931(m), in);
    EXPECT_EQ(std::string(cause_name(cause::kNoChannel)), "No circuit/channel available");
}

TEST(WireQ931, CallingNumberWithPresentationOctet) {
    const Bytes in = hex("08 01 05 05 6C 06 21 80 35 35 35 31");
    const auto m = decoded(in);
    ASSERT_TRUE(m.calling);
    EXPECT_EQ(m.calling->type_plan, 0x21);
    EXPECT_EQ(m.calling->presentation, std::optional<std::uint8_t>{0x80});
    EXPECT_EQ(m.calling->digits, "5551");
    EXPECT_EQ(encode_q931(m), in);
    EXPECT_EQ(describe(m), "Q.931 SETUP callref=0x05 <Calling \"5551\" ton/npi=0x21 pi=0x80>");
}

TEST(WireQ931, SingleOctetAndUnknownIesKeptInOrder) {
    // Sending complete (A1) first, then Display, an unknown IE 0x7E, Bearer out of the usual order.
    const Bytes in = hex("08 01 05 05 A1 28 02 52 31 7E 01 FF 04 02 88 90");
    const auto m = decoded(in);
    ASSERT_TRUE(m.display && m.bearer);
    EXPECT_EQ(*m.display, "R1");
    ASSERT_EQ(m.others.size(), 2U);
    EXPECT_EQ(m.others[0].id, q931_ie::kSendingComplete);
    EXPECT_TRUE(m.others[0].contents.empty());
    EXPECT_EQ(m.others[1].id, 0x7E);
    EXPECT_EQ(m.ie_order, (std::vector<std::uint8_t>{0xA1, 0x28, 0x7E, 0x04}));
    EXPECT_EQ(encode_q931(m), in);
    EXPECT_EQ(describe(m), "Q.931 SETUP callref=0x05 <Sending-Complete> <Display \"R1\"> <IE 0x7e ff> <Bearer 88 90>");
}

TEST(WireQ931, RepeatedAndMisshapenIesStayRaw) {
    // Two Cause IEs (the second kept raw), a Channel id of PRI shape (0xA9), a codeset-5 shift.
    const Bytes in = hex("08 01 05 45 08 02 80 90 08 02 82 91 18 03 A9 83 81 95 08 01 00");
    const auto m = decoded(in);
    ASSERT_TRUE(m.cause);
    EXPECT_EQ(m.cause->value, 16);
    EXPECT_FALSE(m.channel);
    ASSERT_EQ(m.others.size(), 4U);
    EXPECT_EQ(m.others[3].id, q931_ie::kCause);  // codeset 5: not a Cause
    EXPECT_EQ(encode_q931(m), in);
}

TEST(WireQ931, DummyCallReference) {
    const Bytes in = hex("08 00 7D 14 01 00");
    const auto m = decoded(in);
    EXPECT_TRUE(m.dummy_call_reference);
    EXPECT_EQ(encode_q931(m), in);
    EXPECT_EQ(describe(m), "Q.931 STATUS callref=dummy <Call-State 00>");
}

TEST(WireQ931, BadDiscriminatorIsIsdn02) {
    auto e = decode_q931(hex("09 01 05 05"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 0U);
    EXPECT_EQ(e.error().clause, "ISDN-02");
    EXPECT_NE(e.error().what.find("0x09"), std::string::npos);
}

TEST(WireQ931, MalformedHeadersAreIsdn02) {
    EXPECT_EQ(decode_q931(Bytes{}).error().offset, 0U);
    EXPECT_EQ(decode_q931(hex("08")).error().offset, 1U);
    EXPECT_EQ(decode_q931(hex("08 02 00 05 05")).error().offset, 1U);  // 2-octet call reference (PRI)
    EXPECT_EQ(decode_q931(hex("08 11 05 05")).error().offset, 1U);     // spare bits
    EXPECT_EQ(decode_q931(hex("08 01")).error().offset, 2U);
    EXPECT_EQ(decode_q931(hex("08 01 05")).error().offset, 3U);  // no message type
    const auto e = decode_q931(hex("08 01 05 05"));
    EXPECT_TRUE(e);
}

TEST(WireQ931, IePastEndIsIsdn02) {
    auto e = decode_q931(hex("08 01 05 05 04 03 88 90"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 5U);
    EXPECT_EQ(e.error().clause, "ISDN-02");
    e = decode_q931(hex("08 01 05 05 04"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 4U);
}

TEST(WireQ931, LapdWrapAddsSapiTeiAndControl) {
    EXPECT_EQ(lapd_wrap(hex("08 01 05 0F"), false, 64, 1, 2), hex("00 81 02 04 08 01 05 0F"));
    EXPECT_EQ(lapd_wrap(hex("08 01 85 07"), true), hex("02 81 00 00 08 01 85 07"));
}

// ------------------------------------------------------------------------------- properties

RC_GTEST_PROP(WireQ931, DecodeEncodeRoundtrip, ()) {
    const auto m = *gen::q931_message();
    const Bytes b = encode_q931(m);
    const auto back = decode_q931(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == m);
    RC_ASSERT(encode_q931(back.value()) == b);
    // Typed IEs come back typed with the same fields.
    const auto& d = back.value();
    RC_ASSERT(d.bearer.has_value() == m.bearer.has_value());
    RC_ASSERT(d.cause.has_value() == m.cause.has_value());
    RC_ASSERT(d.channel.has_value() == m.channel.has_value());
    RC_ASSERT(d.calling.has_value() == m.calling.has_value());
    RC_ASSERT(d.called.has_value() == m.called.has_value());
    RC_ASSERT(d.display == m.display);
    if (m.cause) {
        RC_ASSERT(d.cause->value == m.cause->value);
        RC_ASSERT(d.cause->location == m.cause->location);
        RC_ASSERT(d.cause->coding_standard == m.cause->coding_standard);
        RC_ASSERT(d.cause->diagnostics == m.cause->diagnostics);
    }
    if (m.channel) {
        RC_ASSERT(d.channel->channel == m.channel->channel);
        RC_ASSERT(d.channel->exclusive == m.channel->exclusive);
        RC_ASSERT(d.channel->extra == m.channel->extra);
    }
    if (m.calling) {
        RC_ASSERT(d.calling->digits == m.calling->digits);
        RC_ASSERT(d.calling->presentation == m.calling->presentation);
        RC_ASSERT(d.calling->type_plan == m.calling->type_plan);
    }
    if (m.called) RC_ASSERT(d.called->digits == m.called->digits);
    RC_ASSERT(d.others.size() == m.others.size());
    RC_ASSERT(d.type == m.type);
    RC_ASSERT(d.dummy_call_reference == m.dummy_call_reference);
    if (!m.dummy_call_reference) {
        RC_ASSERT(d.call_reference == m.call_reference);
        RC_ASSERT(d.from_destination == m.from_destination);
    }
}

RC_GTEST_PROP(WireQ931, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(40);
    if (b.size() >= 2 && *rc::gen::arbitrary<bool>()) {  // often a plausible header
        b[0] = kQ931Discriminator;
        b[1] = *rc::gen::inRange<std::uint8_t>(0, 2);
    }
    const auto m = decode_q931(b);
    if (m) {
        RC_ASSERT(encode_q931(m.value()) == b);
        RC_ASSERT(!describe(m.value()).empty());
    } else {
        RC_ASSERT(m.error().clause == "ISDN-02");
        RC_ASSERT(m.error().offset <= b.size());
    }
}

}  // namespace
}  // namespace ppp::wire
