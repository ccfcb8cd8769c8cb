#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/ipcp.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

TEST(WireIpcp, ConfReqWithIpAddress) {
    IpcpPacket p;
    p.code = 1;
    p.identifier = 1;
    p.options.push_back(IpAddressOption{0xC0000201});
    const Bytes b = encode_ipcp(p);
    EXPECT_EQ(b, hex("01 01 00 0A 03 06 C0 00 02 01"));
    const auto back = decode_ipcp(b);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), p);
    EXPECT_EQ(describe(p), "IPCP ConfReq id=1 <IP-Address 192.0.2.1>");
}

TEST(WireIpcp, OtherOptionsStayRaw) {
    const Bytes in = hex("04 02 00 15 02 06 00 2D 0F 01 03 05 C0 00 02 81 06 00 00 00 00");
    const auto p = decode_ipcp(in);
    ASSERT_TRUE(p);
    ASSERT_EQ(p.value().options.size(), 3U);
    EXPECT_TRUE(std::holds_alternative<IpcpRawOption>(p.value().options[0]));
    EXPECT_TRUE(std::holds_alternative<IpcpRawOption>(p.value().options[1]));  // IP-Address, len 5
    EXPECT_EQ(encode_ipcp(p.value()), in);
    EXPECT_EQ(describe(p.value()),
              "IPCP ConfRej id=2 <IP-Compression len=6 0x002d0f01> <IP-Address len=5 0xc00002> <Primary-DNS 0.0.0.0>");
}

TEST(WireIpcp, TermAndCodeRejKeepData) {
    const Bytes in = hex("07 03 00 06 0E 01");
    const auto p = decode_ipcp(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(p.value().data, hex("0E 01"));
    EXPECT_EQ(encode_ipcp(p.value()), in);
    EXPECT_EQ(describe(p.value()), "IPCP CodeRej id=3 rejected=0x0e01");
}

TEST(WireIpcp, OptionPastEndIsLcp02) {
    auto e = decode_ipcp(hex("01 01 00 08 03 06 C0 00"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 5U);
    EXPECT_EQ(decode_ipcp(hex("01 01 00 05 03")).error().offset, 4U);
    EXPECT_EQ(decode_ipcp(hex("01 01 00 09 03")).error().offset, 2U);
}

TEST(WireIpcp, Ipv4ToString) { EXPECT_EQ(ipv4_to_string(0xC0000201), "192.0.2.1"); }

RC_GTEST_PROP(WireIpcp, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::ipcp_packet();
    const Bytes b = encode_ipcp(p);
    const auto back = decode_ipcp(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
    RC_ASSERT(encode_ipcp(back.value()) == b);
}

RC_GTEST_PROP(WireIpcp, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(32);
    if (b.size() >= 4) {
        b[2] = 0;
        b[3] = static_cast<std::uint8_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
    }
    const auto p = decode_ipcp(b);
    if (p) RC_ASSERT(encode_ipcp(p.value()) == b);
}

}  // namespace
}  // namespace ppp::wire
