#include <gtest/gtest.h>

#include "ppp/wire/port.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using namespace std::chrono_literals;
using test::hex;

// SPEC section 11 TV-02: an LCP Configure-Request (MRU, Magic-Number, Callback op 0).
const Bytes kTv02Body = hex("FF 03 C0 21 01 01 00 0D 05 06 12 34 56 78 0D 03 00");

TEST(WirePort, BFrameDecodesEveryStage) {
    const PortMessage m = PortMessage::b_frame(10ms, Direction::FromSut, 1, sync_encode(kTv02Body));
    const PortDecoding& d = m.decoded();
    EXPECT_TRUE(d.intact);
    EXPECT_EQ(d.body, kTv02Body);
    EXPECT_EQ(d.protocol(), proto::kLcp);
    const auto* lcp = d.packet<LcpPacket>();
    ASSERT_NE(lcp, nullptr);
    EXPECT_EQ(lcp->kind(), LcpCode::ConfReq);
    EXPECT_EQ(d.packet<ChapPacket>(), nullptr);
    EXPECT_FALSE(d.q931.has_value());
}

TEST(WirePort, DecodedOnceAndSharedByCopies) {
    const PortMessage m = PortMessage::b_frame(0ms, Direction::ToSut, 2, sync_encode(kTv02Body));
    const PortDecoding* first = &m.decoded();
    EXPECT_EQ(&m.decoded(), first);
    const PortMessage copy = m;  // the port log's copy
    EXPECT_EQ(&copy.decoded(), first);
}

TEST(WirePort, RewriteRedoesTheDecoding) {
    PortMessage m = PortMessage::b_frame(0ms, Direction::ToSut, 1, sync_encode(kTv02Body));
    ASSERT_TRUE(m.decoded().intact);
    Bytes bad = m.take_bytes();
    bad.back() ^= 0x5A;  // FR-04: the FCS no longer checks
    m.set_bytes(std::move(bad));
    EXPECT_FALSE(m.decoded().intact);
    EXPECT_EQ(m.decoded().packet<LcpPacket>(), nullptr);
    EXPECT_EQ(m.decoded().protocol(), proto::kLcp);  // the header still reads
}

TEST(WirePort, PayloadErrorsPointIntoInformationAndTheFrameIntoTheBody) {
    // Configure-Request whose Length (0x0020) runs past the packet (LCP-02).
    const Bytes body = hex("FF 03 C0 21 01 01 00 20 01 04 05 DC");
    const PortMessage m = PortMessage::b_frame(0ms, Direction::FromSut, 1, sync_encode(body));
    const PortDecoding& d = m.decoded();
    ASSERT_TRUE(d.intact && d.payload);
    ASSERT_FALSE(*d.payload);
    const auto whole = d.frame();
    ASSERT_FALSE(whole);
    EXPECT_EQ(whole.error().offset, d.payload->error().offset + 4);  // FF 03 C0 21 before Information
    EXPECT_EQ(whole.error(), decode_frame_body(body).error());
}

TEST(WirePort, Q931AndIpv4DecodeAsTheirKind) {
    const PortMessage q = PortMessage::q931(0ms, Direction::FromSut, hex("08 01 01 05"));  // SETUP, callref 1
    ASSERT_TRUE(q.decoded().q931.has_value());
    EXPECT_TRUE(q.d_channel());
    EXPECT_FALSE(q.decoded().ppp.has_value());

    Ipv4Packet p;
    p.source = 0xC0000202;
    p.destination = 0xC0000201;
    p.payload = encode_icmp_echo(IcmpEcho{kIcmpEchoRequest, 1, 1, Bytes(8, 0xAB)});
    const PortMessage ip = PortMessage::ipv4(0ms, Direction::ToSut, encode_ipv4(p));
    ASSERT_TRUE(ip.decoded().ipv4.has_value() && *ip.decoded().ipv4);
    EXPECT_EQ(ip.decoded().ipv4->value(), p);
}

}  // namespace
}  // namespace ppp::wire
