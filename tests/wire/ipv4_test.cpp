#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/ipv4.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

Ipv4Packet ping(std::uint16_t seq) {
    IcmpEcho e;
    e.type = kIcmpEchoRequest;
    e.identifier = 1;
    e.sequence = seq;
    e.data = Bytes(100, 0xAB);
    Ipv4Packet p;
    p.ttl = 64;
    p.source = 0xC0000202;
    p.destination = 0xC0000201;
    p.payload = encode_icmp_echo(e);
    return p;
}

TEST(WireIpv4, HeaderLayoutAndChecksum) {
    Ipv4Packet p;
    p.identification = 0x1C46;
    p.ttl = 64;
    p.protocol = 6;
    p.source = 0xAC100A63;
    p.destination = 0xAC100A0C;
    p.payload = Bytes(40, 0);
    const Bytes b = encode_ipv4(p);
    // The classic example header has DF set and checksum 0xB1E6; with DF clear it is 0xF1E6.
    const Bytes classic = hex("45 00 00 3C 1C 46 40 00 40 06 00 00 AC 10 0A 63 AC 10 0A 0C");
    EXPECT_EQ(internet_checksum(classic.data(), classic.size()), 0xB1E6);
    EXPECT_EQ(Bytes(b.begin(), b.begin() + 20), hex("45 00 00 3C 1C 46 00 00 40 06 F1 E6 AC 10 0A 63 AC 10 0A 0C"));
    EXPECT_EQ(internet_checksum(b.data(), 20), 0);
}

TEST(WireIpv4, EchoRequestRoundtripAndDescribe) {
    const auto p = ping(0);
    const auto back = decode_ipv4(encode_ipv4(p));
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), p);
    const auto echo = decode_icmp_echo(back.value().payload);
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo.value().sequence, 0);
    EXPECT_EQ(describe(p), "IP 192.0.2.2 > 192.0.2.1 ICMP echo request id=1 seq=0 len=100");
}

TEST(WireIpv4, BadHeaderChecksumIsRejected) {
    Bytes b = encode_ipv4(ping(1));
    b[8] ^= 0x01;  // TTL changed, checksum not
    const auto e = decode_ipv4(b);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 10U);
    EXPECT_EQ(e.error().clause, "IP-03");
}

TEST(WireIpv4, BadVersionLengthsAreRejected) {
    Bytes b = encode_ipv4(ping(1));
    Bytes v6 = b;
    v6[0] = 0x65;
    EXPECT_EQ(decode_ipv4(v6).error().offset, 0U);
    Bytes ihl = b;
    ihl[0] = 0x44;
    EXPECT_FALSE(decode_ipv4(ihl));
    Bytes longer = b;
    longer[2] = 0xFF;
    EXPECT_EQ(decode_ipv4(longer).error().offset, 2U);
    EXPECT_FALSE(decode_ipv4(Bytes(b.begin(), b.begin() + 19)));
}

TEST(WireIpv4, IcmpChecksumAndTypeChecked) {
    Bytes m = encode_icmp_echo(IcmpEcho{kIcmpEchoReply, 7, 9, hex("01 02 03")});
    EXPECT_EQ(internet_checksum(m.data(), m.size()), 0);
    Bytes bad = m;
    bad.back() ^= 0xFF;
    EXPECT_EQ(decode_icmp_echo(bad).error().offset, 2U);
    Bytes unreachable = m;
    unreachable[0] = 3;
    EXPECT_EQ(decode_icmp_echo(unreachable).error().offset, 0U);
    EXPECT_FALSE(decode_icmp_echo(hex("08 00 F7 FF")));
}

RC_GTEST_PROP(WireIpv4, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::ipv4_icmp_packet();
    const Bytes b = encode_ipv4(p);
    const auto back = decode_ipv4(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
    RC_ASSERT(encode_ipv4(back.value()) == b);
    const auto echo = decode_icmp_echo(back.value().payload);
    RC_ASSERT(echo.has_value());
    RC_ASSERT(encode_icmp_echo(echo.value()) == p.payload);
}

RC_GTEST_PROP(WireIpv4, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(48);
    if (b.size() >= 20 && *rc::gen::arbitrary<bool>()) {
        b[0] = 0x45;
        b[2] = 0;
        b[3] = static_cast<std::uint8_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
        b[10] = 0;
        b[11] = 0;
        const auto sum = internet_checksum(b.data(), 20);
        b[10] = static_cast<std::uint8_t>(sum >> 8);
        b[11] = static_cast<std::uint8_t>(sum);
    }
    const auto p = decode_ipv4(b);
    if (p) {
        RC_ASSERT(p.value().payload.size() + 20 <= b.size());
        RC_ASSERT(!describe(p.value()).empty());
    }
    const auto e = decode_icmp_echo(b);
    if (e) RC_ASSERT(encode_icmp_echo(e.value()) == b);
}

}  // namespace
}  // namespace ppp::wire
