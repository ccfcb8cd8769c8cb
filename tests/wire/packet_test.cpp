#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/packet.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

TEST(WirePacket, Tv06ThroughTheWholeStack) {
    AsyncDeframer d;
    d.feed(hex("7E FF 7D 23 C0 21 7D 21 7D 21 7D 20 7D 2D 7D 25 7D 26 7D 32 34 56 78 7D 2D 7D 23 7D 20 E8 CB 7E"));
    const auto raw = d.next();
    ASSERT_TRUE(raw);
    ASSERT_TRUE(raw->fcs_ok);
    const auto frame = decode_frame_body(raw->body(FcsKind::Fcs16));
    ASSERT_TRUE(frame) << frame.error().to_string();
    ASSERT_TRUE(std::holds_alternative<LcpPacket>(frame.value().payload));
    EXPECT_EQ(describe(frame.value()), "LCP ConfReq id=1 <Magic 0x12345678> <Callback op=0 (auth)>");
    EXPECT_EQ(payload_protocol(frame.value().payload), proto::kLcp);
}

TEST(WirePacket, Tv09CbcpWithoutAddressControl) {
    const auto frame = decode_frame_body(hex("C0 29 01 01 00 09 02 05 00 01 00"));
    ASSERT_TRUE(frame);
    EXPECT_EQ(describe(frame.value()), "CBCP Request id=1 <user-number delay=0 addr=\"\"> [acfc]");
    EXPECT_EQ(encode_ppp(frame.value().frame), hex("C0 29 01 01 00 09 02 05 00 01 00"));
}

TEST(WirePacket, CompressedIpMarksPfc) {
    Ipv4Packet ip;
    ip.source = 0xC0000202;
    ip.destination = 0xC0000201;
    ip.payload = encode_icmp_echo(IcmpEcho{kIcmpEchoRequest, 1, 2, {}});
    const Bytes body = encode_ppp(proto::kIp, encode_ipv4(ip), {true, true});
    const auto frame = decode_frame_body(body);
    ASSERT_TRUE(frame);
    EXPECT_EQ(describe(frame.value()), "IP 192.0.2.2 > 192.0.2.1 ICMP echo request id=1 seq=2 len=0 [acfc] [pfc]");
}

TEST(WirePacket, UnknownProtocolKept) {
    const auto frame = decode_frame_body(hex("FF 03 80 FD 01 01 00 04"));
    ASSERT_TRUE(frame);
    const auto* unknown = std::get_if<UnknownProtocol>(&frame.value().payload);
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->protocol, proto::kCcp);
    EXPECT_EQ(encode_payload(frame.value().payload), hex("01 01 00 04"));
    EXPECT_EQ(describe(frame.value()), "PPP proto=0x80fd len=4");
}

TEST(WirePacket, InvalidProtocolNumberIsAnUnknownProtocol) {  // FR-11, RFC 1661 section 2
    const auto frame = decode_frame_body(hex("FF 03 80 20 01 01 00 04"));
    ASSERT_TRUE(frame);
    const auto* unknown = std::get_if<UnknownProtocol>(&frame.value().payload);
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->protocol, 0x8020);
    EXPECT_EQ(describe(frame.value()), "PPP proto=0x8020 len=4 (invalid protocol number, FR-11)");
}

TEST(WirePacket, ErrorOffsetsPointIntoTheBody) {
    const auto e = decode_frame_body(hex("FF 03 C0 21 01 01 00 08 05 06 12 34"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 9U);  // the option's Length octet
    EXPECT_EQ(decode_frame_body(hex("FF 03 C0")).error().clause, "FR-11");
    EXPECT_EQ(decode_frame_body(hex("FF 03 C2 23 02 01 00 05 10")).error().clause, "CHAP-02");
    EXPECT_EQ(decode_frame_body(hex("FF 03 C0 23 01 01 00 05 09")).error().clause, "PAP-02");
}

TEST(WirePacket, EveryProtocolDispatches) {
    EXPECT_TRUE(std::holds_alternative<PapPacket>(decode_payload(proto::kPap, hex("02 01 00 05 00")).value()));
    EXPECT_TRUE(std::holds_alternative<ChapPacket>(decode_payload(proto::kChap, hex("03 01 00 04")).value()));
    EXPECT_TRUE(std::holds_alternative<CbcpPacket>(decode_payload(proto::kCbcp, hex("03 01 00 04")).value()));
    EXPECT_TRUE(std::holds_alternative<IpcpPacket>(decode_payload(proto::kIpcp, hex("05 01 00 04")).value()));
    EXPECT_TRUE(std::holds_alternative<LcpPacket>(decode_payload(proto::kLcp, hex("05 01 00 04")).value()));
}

RC_GTEST_PROP(WirePacket, DecodeEncodeRoundtripAnyPayload, ()) {
    const auto payload = *gen::ppp_payload();
    const HeaderCompression hc{*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>()};
    const Bytes body = encode_ppp(payload_protocol(payload), encode_payload(payload), hc);
    const auto frame = decode_frame_body(body);
    RC_ASSERT(frame.has_value());
    RC_ASSERT(frame.value().payload == payload);
    RC_ASSERT(encode_ppp(frame.value().frame) == body);
    RC_ASSERT(!describe(frame.value()).empty());
}

RC_GTEST_PROP(WirePacket, ArbitraryBodyValueOrError, ()) {
    Bytes body = *gen::bytes(40);
    if (body.size() >= 4 && *rc::gen::arbitrary<bool>()) {
        const auto protocol = *gen::pick16({proto::kLcp, proto::kPap, proto::kChap, proto::kCbcp, proto::kIpcp, proto::kIp});
        body[0] = 0xFF;
        body[1] = 0x03;
        body[2] = static_cast<std::uint8_t>(protocol >> 8);
        body[3] = static_cast<std::uint8_t>(protocol);
    }
    const auto frame = decode_frame_body(body);
    if (frame) {
        RC_ASSERT(!describe(frame.value()).empty());
    } else {
        RC_ASSERT(!frame.error().clause.empty());
        RC_ASSERT(frame.error().offset <= body.size());
    }
}

}  // namespace
}  // namespace ppp::wire
