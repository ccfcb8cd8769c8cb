#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::ascii;
using test::hex;

// SPEC TV-09, written as Protocol + Information.
const Bytes kTv09Request = hex("C0 29 01 01 00 09 02 05 00 01 00");
const Bytes kTv09Response = test::concat(test::concat(hex("C0 29 02 01 00 10 02 0C 05 01"), ascii("5551234")), hex("00"));

CbcpPacket user_number_packet(CbcpCode code, std::uint8_t delay, const std::string& number) {
    CbcpOption o;
    o.type = static_cast<std::uint8_t>(CbcpType::UserNumber);
    o.has_delay = true;
    o.delay = delay;
    o.addresses.push_back({kCbcpAddressPstn, number});
    CbcpPacket p;
    p.code = static_cast<std::uint8_t>(code);
    p.identifier = 1;
    p.options.push_back(o);
    return p;
}

TEST(WireCbcp, RequestMatchesTv09) {
    const auto p = user_number_packet(CbcpCode::Request, 0, "");
    EXPECT_EQ(encode_ppp(proto::kCbcp, encode_cbcp(p), {true, false}), kTv09Request);
    const auto frame = decode_ppp(kTv09Request);
    ASSERT_TRUE(frame);
    const auto back = decode_cbcp(frame.value().information);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), p);
    EXPECT_EQ(describe(back.value()), "CBCP Request id=1 <user-number delay=0 addr=\"\">");
}

TEST(WireCbcp, ResponseAndAckMatchTv09) {
    const auto response = user_number_packet(CbcpCode::Response, 5, "5551234");
    EXPECT_EQ(encode_ppp(proto::kCbcp, encode_cbcp(response), {true, false}), kTv09Response);
    const auto back = decode_cbcp(Bytes(kTv09Response.begin() + 2, kTv09Response.end()));
    ASSERT_TRUE(back);
    ASSERT_EQ(back.value().options.size(), 1U);
    const auto& o = back.value().options[0];
    EXPECT_EQ(o.type, 2);
    EXPECT_TRUE(o.has_delay);
    EXPECT_EQ(o.delay, 5);
    ASSERT_EQ(o.addresses.size(), 1U);
    EXPECT_EQ(o.addresses[0].type, kCbcpAddressPstn);
    EXPECT_EQ(o.addresses[0].number, "5551234");
    EXPECT_TRUE(o.trailing.empty());
    EXPECT_EQ(describe(back.value()), "CBCP Response id=1 <user-number delay=5 addr=\"5551234\">");

    Bytes ack = kTv09Response;
    ack[2] = 0x03;
    EXPECT_EQ(encode_ppp(proto::kCbcp, encode_cbcp(user_number_packet(CbcpCode::Ack, 5, "5551234")), {true, false}), ack);
}

TEST(WireCbcp, NoCallbackAndAdminForms) {
    // `01 02` (MS-CBCP) and `01 03 00` (pppd 1999, AMB-11); admin number `03 03 dd`.
    const Bytes in = hex("02 02 00 0C 01 02 01 03 00 03 03 0F");
    const auto p = decode_cbcp(in);
    ASSERT_TRUE(p);
    ASSERT_EQ(p.value().options.size(), 3U);
    EXPECT_FALSE(p.value().options[0].has_delay);
    EXPECT_TRUE(p.value().options[1].has_delay);
    EXPECT_EQ(p.value().options[2].delay, 15);
    EXPECT_EQ(encode_cbcp(p.value()), in);
    EXPECT_EQ(describe(p.value()), "CBCP Response id=2 <no-callback> <no-callback delay=0> <admin-number delay=15>");
}

TEST(WireCbcp, ListOfAddressesAndTrailingOctets) {
    const Bytes in = test::concat(test::concat(hex("01 07 00 10 04 0C 00 01"), ascii("12")),
                                  hex("00 01 33 00 01 34"));  // last address lacks its NUL
    const auto p = decode_cbcp(in);
    ASSERT_TRUE(p);
    const auto& o = p.value().options.at(0);
    ASSERT_EQ(o.addresses.size(), 2U);
    EXPECT_EQ(o.addresses[0].number, "12");
    EXPECT_EQ(o.addresses[1].number, "3");
    EXPECT_EQ(o.trailing, hex("01 34"));
    EXPECT_EQ(encode_cbcp(p.value()), in);
    EXPECT_EQ(describe(p.value()), "CBCP Request id=7 <list delay=0 addr=\"12\" addr=\"3\" trailing=0x0134>");
}

TEST(WireCbcp, OptionPastEndIsCbcp03) {
    auto e = decode_cbcp(hex("02 01 00 08 02 0C 05 01"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CBCP-03");
    EXPECT_EQ(e.error().offset, 5U);
    e = decode_cbcp(hex("02 01 00 06 02 01"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CBCP-03");
    e = decode_cbcp(hex("02 01 00 05 02"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 4U);
}

TEST(WireCbcp, BadLengthIsCbcp03) {
    EXPECT_EQ(decode_cbcp(hex("01 01 00 0A 02 05")).error().clause, "CBCP-03");
    EXPECT_EQ(decode_cbcp(hex("01 01 00 02")).error().clause, "CBCP-03");
    EXPECT_EQ(decode_cbcp(hex("01 01")).error().clause, "CBCP-03");
}

RC_GTEST_PROP(WireCbcp, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::cbcp_packet();
    const Bytes b = encode_cbcp(p);
    const auto back = decode_cbcp(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
    RC_ASSERT(encode_cbcp(back.value()) == b);
}

RC_GTEST_PROP(WireCbcp, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(32);
    if (b.size() >= 4) {
        b[2] = 0;
        b[3] = static_cast<std::uint8_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
    }
    const auto p = decode_cbcp(b);
    if (p) {
        RC_ASSERT(encode_cbcp(p.value()) == b);
    } else {
        RC_ASSERT(p.error().clause == "CBCP-03");
    }
}

}  // namespace
}  // namespace ppp::wire
