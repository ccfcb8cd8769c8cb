#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

// Information field of a frame body `FF 03 C0 21 ...`.
Bytes lcp_info(const Bytes& body) { return Bytes(body.begin() + 4, body.end()); }

LcpPacket decoded(const Bytes& information) {
    auto p = decode_lcp(information);
    EXPECT_TRUE(p) << p.error().to_string();
    return p ? p.value() : LcpPacket{};
}

const Bytes kTv02 = hex("FF 03 C0 21 01 01 00 0D 05 06 12 34 56 78 0D 03 00");

TEST(WireLcp, ConfReqWithCallbackMatchesTv02) {
    const auto p = make_conf(LcpCode::ConfReq, 1, {MagicNumber{0x12345678}, Callback{0, {}}});
    const Bytes body = encode_ppp(proto::kLcp, encode_lcp(p));
    EXPECT_EQ(body, kTv02);
    EXPECT_EQ(sync_encode(body), test::concat(kTv02, hex("E8 CB")));
    EXPECT_EQ(sync_encode(body, FcsKind::Fcs32), test::concat(kTv02, hex("2F 89 38 46")));
    const auto back = decoded(lcp_info(kTv02));
    EXPECT_EQ(back, p);
    ASSERT_EQ(back.options.size(), 2U);
    EXPECT_EQ(std::get<MagicNumber>(back.options[0]).value, 0x12345678U);
    EXPECT_EQ(std::get<Callback>(back.options[1]).operation, 0);
    EXPECT_EQ(describe(back), "LCP ConfReq id=1 <Magic 0x12345678> <Callback op=0 (auth)>");
}

TEST(WireLcp, ConfAckMatchesTv03) {
    const auto p = make_conf(LcpCode::ConfAck, 1, {MagicNumber{0x12345678}, Callback{0, {}}});
    const Bytes frame = sync_encode(encode_ppp(proto::kLcp, encode_lcp(p)));
    EXPECT_EQ(frame, hex("FF 03 C0 21 02 01 00 0D 05 06 12 34 56 78 0D 03 00 1F C5"));
}

TEST(WireLcp, ConfRejOfCallbackMatchesTv04) {
    const auto p = make_conf(LcpCode::ConfRej, 1, {Callback{0, {}}});
    const Bytes frame = sync_encode(encode_ppp(proto::kLcp, encode_lcp(p)));
    EXPECT_EQ(frame, hex("FF 03 C0 21 04 01 00 07 0D 03 00 B0 57"));
    EXPECT_EQ(describe(p), "LCP ConfRej id=1 <Callback op=0 (auth)>");
}

TEST(WireLcp, TermReqAndTermAckMatchTv05) {
    EXPECT_EQ(sync_encode(encode_ppp(proto::kLcp, encode_lcp(make_term(LcpCode::TermReq, 2)))),
              hex("FF 03 C0 21 05 02 00 04 59 28"));
    EXPECT_EQ(sync_encode(encode_ppp(proto::kLcp, encode_lcp(make_term(LcpCode::TermAck, 2)))),
              hex("FF 03 C0 21 06 02 00 04 94 0D"));
    EXPECT_EQ(describe(make_term(LcpCode::TermReq, 2)), "LCP TermReq id=2");
}

TEST(WireLcp, CallbackE164MatchesTv07) {
    const Callback cb{3, test::ascii("5551234")};
    const Bytes expected = hex("0D 0A 03 35 35 35 31 32 33 34");
    EXPECT_EQ(encode_option(cb), expected);
    auto back = decode_callback(expected, 0);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value().operation, 3);
    EXPECT_EQ(back.value().message, test::ascii("5551234"));
    EXPECT_EQ(describe(LcpOption{cb}), "<Callback op=3 (E.164) \"5551234\">");
}

TEST(WireLcp, MsCbcpSampleMatchesTv08) {
    const Bytes body = hex("FF 03 C0 21 01 00 00 17 02 06 FF FF FF FF 05 06 11 33 51 5B 07 02 08 02 0D 03 06");
    EXPECT_EQ(sync_encode(body), test::concat(body, hex("CA 64")));
    const auto p = decoded(lcp_info(body));
    ASSERT_EQ(p.options.size(), 5U);
    EXPECT_EQ(std::get<Accm>(p.options[0]).map, 0xFFFFFFFFU);
    EXPECT_EQ(std::get<MagicNumber>(p.options[1]).value, 0x1133515BU);
    EXPECT_TRUE(std::holds_alternative<Pfc>(p.options[2]));
    EXPECT_TRUE(std::holds_alternative<Acfc>(p.options[3]));
    EXPECT_EQ(std::get<Callback>(p.options[4]).operation, static_cast<std::uint8_t>(CallbackOp::Cbcp));
    EXPECT_EQ(encode_lcp(p), lcp_info(body));
    EXPECT_EQ(describe(p),
              "LCP ConfReq id=0 <ACCM 0xffffffff> <Magic 0x1133515b> <PFC> <ACFC> <Callback op=6 (cbcp)>");
}

TEST(WireLcp, EveryOptionLayoutOfSpecSection2) {
    EXPECT_EQ(encode_option(Mru{1500}), hex("01 04 05 DC"));
    EXPECT_EQ(encode_option(Accm{0}), hex("02 06 00 00 00 00"));
    EXPECT_EQ(encode_option(AuthProtocol{proto::kPap, {}}), hex("03 04 C0 23"));
    EXPECT_EQ(encode_option(AuthProtocol{proto::kChap, {kChapMd5}}), hex("03 05 C2 23 05"));
    EXPECT_EQ(encode_option(QualityProtocol{proto::kLqr, hex("00 00 03 E8")}), hex("04 08 C0 25 00 00 03 E8"));
    EXPECT_EQ(encode_option(MagicNumber{1}), hex("05 06 00 00 00 01"));
    EXPECT_EQ(encode_option(Pfc{}), hex("07 02"));
    EXPECT_EQ(encode_option(Acfc{}), hex("08 02"));
    EXPECT_EQ(encode_option(FcsAlternatives{4}), hex("09 03 04"));
    EXPECT_EQ(encode_option(SelfDescribingPadding{8}), hex("0A 03 08"));
    EXPECT_EQ(encode_option(Callback{0, {}}), hex("0D 03 00"));
    EXPECT_EQ(encode_option(CompoundFrames{}), hex("0F 02"));
    EXPECT_EQ(encode_option(RawOption{0x11, hex("05 DC")}), hex("11 04 05 DC"));
    auto opts = decode_options(hex("01 04 05 DC 02 06 00 00 00 00 03 04 C0 23 03 05 C2 23 05 04 08 C0 25 00 00 03 E8 "
                                   "05 06 00 00 00 01 07 02 08 02 09 03 04 0A 03 08 0D 03 00 0F 02 11 04 05 DC"));
    ASSERT_TRUE(opts);
    const std::vector<std::uint8_t> types{1, 2, 3, 3, 4, 5, 7, 8, 9, 10, 13, 15, 0x11};
    ASSERT_EQ(opts.value().size(), types.size());
    for (std::size_t i = 0; i < types.size(); ++i) EXPECT_EQ(option_type(opts.value()[i]), types[i]) << i;
    EXPECT_TRUE(std::holds_alternative<RawOption>(opts.value().back()));
    EXPECT_EQ(describe(opts.value()[3]), "<Auth CHAP MD5>");
    EXPECT_EQ(describe(opts.value()[4]), "<Quality LQR period=1000>");
}

TEST(WireLcp, MisfitLengthBecomesRawOption) {
    auto opts = decode_options(hex("01 03 05 0D 02 05 05 01 02 03"));  // MRU len 3, `0D 02`, Magic len 5
    ASSERT_TRUE(opts);
    ASSERT_EQ(opts.value().size(), 3U);
    for (const auto& o : opts.value()) EXPECT_TRUE(std::holds_alternative<RawOption>(o));
    EXPECT_EQ(option_type(opts.value()[1]), lcp_opt::kCallback);
    EXPECT_EQ(encode_options(opts.value()), hex("01 03 05 0D 02 05 05 01 02 03"));
}

TEST(WireLcp, OptionEqualityIsByEncoding) {
    const LcpOption raw = RawOption{1, hex("05 DC")};
    EXPECT_EQ(raw, LcpOption{Mru{1500}});
    EXPECT_NE(LcpOption{Mru{1500}}, LcpOption{Mru{1501}});
}

TEST(WireLcp, CallbackShorterThanThreeIsCb01) {
    auto e = decode_callback(hex("0D 02"), 0);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CB-01");
    e = decode_callback(hex("00 0D 02 00"), 1);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 2U);
    EXPECT_EQ(e.error().clause, "CB-01");
    EXPECT_EQ(decode_callback(hex("0D 09 03 35"), 0).error().clause, "CB-01");  // Length past end
}

TEST(WireLcp, TruncatedPacketIsLcp02) {
    auto e = decode_lcp(hex("01 01 00"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 3U);
}

TEST(WireLcp, LengthBelowFourIsLcp02) {
    auto e = decode_lcp(hex("05 01 00 03"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 2U);
}

TEST(WireLcp, LengthPastEndIsLcp02) {
    auto e = decode_lcp(hex("05 01 00 08 00 00"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 2U);
}

TEST(WireLcp, OptionPastEndIsLcp02) {
    auto e = decode_lcp(hex("01 01 00 08 05 06 12 34"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 5U);
    // Within the buffer but past Length: padding does not count (LCP-02).
    e = decode_lcp(hex("01 01 00 08 05 06 12 34 56 78"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 5U);
}

TEST(WireLcp, OptionLengthBelowTwoIsLcp02) {
    auto e = decode_lcp(hex("01 01 00 06 07 01"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
    EXPECT_EQ(e.error().offset, 5U);
    e = decode_lcp(hex("01 01 00 05 07"));  // one octet left: no room for Length
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 4U);
}

TEST(WireLcp, PaddingPastLengthIsKept) {
    const Bytes in = hex("06 02 00 04 00 00 00");
    const auto p = decoded(in);
    EXPECT_EQ(p.kind(), LcpCode::TermAck);
    EXPECT_TRUE(p.data.empty());
    EXPECT_EQ(p.padding, hex("00 00 00"));
    EXPECT_EQ(encode_lcp(p), in);
    EXPECT_EQ(describe(p), "LCP TermAck id=2 pad=3");
}

TEST(WireLcp, CodeRejAndProtoRejCarryTheRejected) {
    const auto cr = decoded(hex("07 03 00 08 0E 01 00 04"));
    EXPECT_EQ(cr.kind(), LcpCode::CodeRej);
    EXPECT_EQ(cr.data, hex("0E 01 00 04"));
    EXPECT_EQ(describe(cr), "LCP CodeRej id=3 rejected=0x0e010004");
    const auto pr = decoded(hex("08 04 00 0A C0 29 01 01 00 04"));
    EXPECT_EQ(pr.rejected_protocol, proto::kCbcp);
    EXPECT_EQ(pr.data, hex("01 01 00 04"));
    EXPECT_EQ(describe(pr), "LCP ProtoRej id=4 proto=0xc029 data=0x01010004");
    auto e = decode_lcp(hex("08 04 00 05 C0"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
}

TEST(WireLcp, EchoAndDiscardCarryMagic) {
    const auto echo = decoded(hex("09 07 00 0A 12 34 56 78 AB CD"));
    EXPECT_EQ(echo.magic, 0x12345678U);
    EXPECT_EQ(echo.data, hex("AB CD"));
    EXPECT_EQ(describe(echo), "LCP EchoReq id=7 magic=0x12345678 data=0xabcd");
    EXPECT_EQ(decoded(hex("0A 07 00 08 00 00 00 00")).kind(), LcpCode::EchoReply);
    EXPECT_EQ(decoded(hex("0B 07 00 08 00 00 00 01")).magic, 1U);
    auto e = decode_lcp(hex("09 07 00 06 12 34"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
}

TEST(WireLcp, IdentificationAndTimeRemainingOfRfc1570) {
    LcpPacket id;
    id.code = static_cast<std::uint8_t>(LcpCode::Identification);
    id.identifier = 1;
    id.magic = 0xCAFEBABE;
    id.data = test::ascii("R1 IOS");
    const Bytes idb = encode_lcp(id);
    EXPECT_EQ(idb, test::concat(hex("0C 01 00 0E CA FE BA BE"), test::ascii("R1 IOS")));
    EXPECT_EQ(decoded(idb), id);
    EXPECT_EQ(describe(id), "LCP Identification id=1 magic=0xcafebabe msg=\"R1 IOS\"");

    // AMB-20: LCP *code* 13 is Time-Remaining, unrelated to option type 13.
    const Bytes tr = hex("0D 02 00 10 00 00 00 00 00 00 0E 10 62 79 65 21");
    const auto p = decoded(tr);
    EXPECT_EQ(p.kind(), LcpCode::TimeRemaining);
    EXPECT_EQ(p.seconds_remaining, 3600U);
    EXPECT_EQ(p.data, test::ascii("bye!"));
    EXPECT_TRUE(p.options.empty());
    EXPECT_EQ(encode_lcp(p), tr);
    EXPECT_EQ(describe(p), "LCP TimeRemaining id=2 magic=0x00000000 seconds=3600 msg=\"bye!\"");
    auto e = decode_lcp(hex("0D 02 00 0B 00 00 00 00 00 00 0E"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "LCP-02");
}

TEST(WireLcp, UnknownCodeKeepsData) {
    const Bytes in = hex("0E 05 00 06 01 02");
    const auto p = decoded(in);
    EXPECT_EQ(p.code, 14);
    EXPECT_EQ(p.data, hex("01 02"));
    EXPECT_EQ(encode_lcp(p), in);
    EXPECT_EQ(describe(p), "LCP Code-14 id=5 data=0x0102");
}

TEST(WireLcp, EqualityIgnoresFieldsTheCodeDoesNotCarry) {
    auto a = make_term(LcpCode::TermReq, 2);
    auto b = a;
    b.magic = 7;
    b.options.push_back(Pfc{});
    EXPECT_EQ(a, b);
    b.data = {1};
    EXPECT_NE(a, b);
}

// ------------------------------------------------------------------------------- properties

RC_GTEST_PROP(WireLcp, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::lcp_packet();
    const Bytes b = encode_lcp(p);
    const auto back = decode_lcp(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
    RC_ASSERT(encode_lcp(back.value()) == b);
}

RC_GTEST_PROP(WireLcp, OptionRoundtrip, ()) {
    const auto o = *gen::lcp_option();
    const Bytes b = encode_option(o);
    const auto back = decode_options(b);
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value().size() == 1U);
    RC_ASSERT(back.value()[0] == o);
    RC_ASSERT(back.value()[0].index() == o.index());  // typed stays typed, raw stays raw
}

// Well-formed bytes with arbitrary option TLVs (any type, any length): kept byte for byte.
RC_GTEST_PROP(WireLcp, WellFormedBytesRoundtrip, ()) {
    Bytes b{*rc::gen::inRange<std::uint8_t>(1, 5), *rc::gen::arbitrary<std::uint8_t>(), 0, 0};
    const auto count = *rc::gen::inRange(0, 6);
    for (int i = 0; i < count; ++i) {
        const Bytes data = *gen::bytes(8);
        b.push_back(*rc::gen::arbitrary<std::uint8_t>());
        b.push_back(static_cast<std::uint8_t>(data.size() + 2));
        b.insert(b.end(), data.begin(), data.end());
    }
    b[2] = static_cast<std::uint8_t>(b.size() >> 8);
    b[3] = static_cast<std::uint8_t>(b.size());
    const Bytes padding = *gen::bytes(3);
    b.insert(b.end(), padding.begin(), padding.end());
    const auto p = decode_lcp(b);
    RC_ASSERT(p.has_value());
    RC_ASSERT(encode_lcp(p.value()) == b);
}

// Arbitrary bytes give a value or an error; a value always re-encodes to the same bytes.
RC_GTEST_PROP(WireLcp, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(40);
    if (b.size() >= 4 && *rc::gen::arbitrary<bool>()) {  // often a plausible Length
        const auto len = *rc::gen::inRange<std::size_t>(0, b.size() + 1);
        b[2] = static_cast<std::uint8_t>(len >> 8);
        b[3] = static_cast<std::uint8_t>(len);
    }
    const auto p = decode_lcp(b);
    if (p) {
        RC_ASSERT(encode_lcp(p.value()) == b);
    } else {
        RC_ASSERT(p.error().clause == "LCP-02");
        RC_ASSERT(p.error().offset <= b.size());
    }
}

}  // namespace
}  // namespace ppp::wire
