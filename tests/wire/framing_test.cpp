#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "ppp/wire/framing.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

// SPEC section 11.
const Bytes kTv02Body = hex("FF 03 C0 21 01 01 00 0D 05 06 12 34 56 78 0D 03 00");
const Bytes kTv06 = hex("7E FF 7D 23 C0 21 7D 21 7D 21 7D 20 7D 2D 7D 25 7D 26 7D 32 34 56 78 7D 2D "
                        "7D 23 7D 20 E8 CB 7E");

std::vector<RawFrame> drain(AsyncDeframer& d) {
    std::vector<RawFrame> frames;
    while (auto f = d.next()) frames.push_back(std::move(*f));
    return frames;
}

TEST(WireFraming, Tv02FcsOctets) {
    EXPECT_EQ(sync_encode(kTv02Body), test::concat(kTv02Body, hex("E8 CB")));
    EXPECT_EQ(sync_encode(kTv02Body, FcsKind::Fcs32), test::concat(kTv02Body, hex("2F 89 38 46")));
}

TEST(WireFraming, AsyncEncodeMatchesTv06) { EXPECT_EQ(async_encode(kTv02Body), kTv06); }

TEST(WireFraming, AsyncDeframerTurnsTv06IntoTv02) {
    AsyncDeframer d;
    d.feed(kTv06);
    ASSERT_EQ(d.pending(), 1U);
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
    EXPECT_FALSE(f->aborted);
    EXPECT_FALSE(f->too_short);
    EXPECT_EQ(f->body(FcsKind::Fcs16), kTv02Body);
    EXPECT_EQ(f->octets, test::concat(kTv02Body, hex("E8 CB")));
    EXPECT_FALSE(d.next());
}

TEST(WireFraming, AsyncDeframerTv06OneOctetAtATime) {
    AsyncDeframer d;
    for (const auto c : kTv06) d.feed(&c, 1);
    auto frames = drain(d);
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_TRUE(frames[0].fcs_ok);
    EXPECT_EQ(frames[0].body(FcsKind::Fcs16), kTv02Body);
}

TEST(WireFraming, AsyncEncodeWithZeroAccmEscapesOnlyFlagAndEscape) {
    const Bytes body{0x01, 0x7E, 0x7D, 0x11};
    const Bytes framed = async_encode(body, 0, FcsKind::None);
    EXPECT_EQ(framed, hex("7E 01 7D 5E 7D 5D 11 7E"));
    const Bytes no_open = async_encode(body, 0, FcsKind::None, false);
    EXPECT_EQ(no_open, hex("01 7D 5E 7D 5D 11 7E"));
}

TEST(WireFraming, SharedFlagClosesAndOpens) {
    Bytes stream = async_encode(kTv02Body);
    const Bytes second = async_encode(kTv02Body, kDefaultAsyncAccm, FcsKind::Fcs16, false);
    stream.insert(stream.end(), second.begin(), second.end());
    AsyncDeframer d;
    d.feed(stream);
    auto frames = drain(d);
    ASSERT_EQ(frames.size(), 2U);
    EXPECT_TRUE(frames[0].fcs_ok);
    EXPECT_TRUE(frames[1].fcs_ok);
}

TEST(WireFraming, AdjacentFlagsAndNoiseAreDropped) {
    AsyncDeframer d;
    d.feed(hex("41 42 7E 7E 7E"));  // noise before the first flag, then empty frames (FR-01)
    EXPECT_EQ(d.pending(), 0U);
    d.feed(kTv06);
    EXPECT_EQ(d.pending(), 1U);
}

TEST(WireFraming, EscapeThenFlagAbortsTheFrame) {
    AsyncDeframer d;
    d.feed(hex("7E FF 7D 23 C0 21 7D 7E"));  // FR-08: 7D 7E aborts
    d.feed(kTv06);
    auto frames = drain(d);
    ASSERT_EQ(frames.size(), 2U);
    EXPECT_TRUE(frames[0].aborted);
    EXPECT_FALSE(frames[0].fcs_ok);
    EXPECT_EQ(frames[0].octets, hex("FF 03 C0 21"));
    EXPECT_TRUE(frames[1].fcs_ok);  // the abort does not spill into the next frame
}

TEST(WireFraming, BadFcsIsReportedNotDropped) {
    Bytes stream = kTv06;
    stream[stream.size() - 2] ^= 0x01;  // last FCS octet
    AsyncDeframer d;
    d.feed(stream);
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->fcs_ok);
    EXPECT_FALSE(f->aborted);
}

TEST(WireFraming, FlaggedControlOctetsAreDropped) {
    // FR-08: octets < 0x20 flagged in the receive ACCM were inserted by the link (XON/XOFF).
    Bytes stream = kTv06;
    stream.insert(stream.begin() + 5, 0x11);
    stream.insert(stream.begin() + 9, 0x13);
    AsyncDeframer d;
    d.feed(stream);
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
    EXPECT_EQ(f->body(FcsKind::Fcs16), kTv02Body);
}

TEST(WireFraming, UnflaggedControlOctetsAreData) {
    const Bytes body{0xFF, 0x03, 0x00, 0x21, 0x11, 0x13};
    AsyncDeframer d(FcsKind::Fcs16, 0);
    d.feed(async_encode(body, 0));
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
    EXPECT_EQ(f->body(FcsKind::Fcs16), body);
}

TEST(WireFraming, OversizeFrameIsDroppedAndCounted) {
    AsyncDeframer d(FcsKind::Fcs16, kDefaultAsyncAccm, 8);
    d.feed(kTv06);
    EXPECT_EQ(d.pending(), 0U);
    EXPECT_EQ(d.oversize_dropped(), 1U);
    d.feed(async_encode(hex("FF 03 00 21")));
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
}

TEST(WireFraming, ShortFrameIsFlaggedTooShort) {
    AsyncDeframer d;
    d.feed(hex("7E 41 42 43 7E"));
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->too_short);
    EXPECT_FALSE(f->fcs_ok);
    EXPECT_TRUE(f->body(FcsKind::Fcs16).size() == 1U);
}

TEST(WireFraming, Fcs32Deframing) {
    AsyncDeframer d(FcsKind::Fcs32);
    d.feed(async_encode(kTv02Body, kDefaultAsyncAccm, FcsKind::Fcs32));
    auto f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
    EXPECT_EQ(f->body(FcsKind::Fcs32), kTv02Body);
    d.set_fcs(FcsKind::Fcs16);  // FR-12: back to the default
    d.feed(kTv06);
    f = d.next();
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->fcs_ok);
}

TEST(WireFraming, SyncDecodeVerdicts) {
    EXPECT_TRUE(sync_decode(sync_encode(kTv02Body)).fcs_ok);
    Bytes bad = sync_encode(kTv02Body);
    bad[3] ^= 0x80;
    EXPECT_FALSE(sync_decode(bad).fcs_ok);
    const RawFrame tiny = sync_decode(hex("FF 03 00"));
    EXPECT_TRUE(tiny.too_short);
    EXPECT_FALSE(tiny.fcs_ok);
}

TEST(WireFraming, BitStuffInsertsZeroAfterFiveOnes) {
    // 0xFF: eight ones LSB first -> 11111 0 111; flags around.
    const auto bits = bit_stuff(Bytes{0xFF});
    const std::vector<std::uint8_t> expected{0, 1, 1, 1, 1, 1, 1, 0,  1, 1, 1, 1, 1, 0, 1, 1, 1,
                                             0, 1, 1, 1, 1, 1, 1, 0};
    EXPECT_EQ(bits, expected);
}

TEST(WireFraming, BitUnstuffRecoversTv02) {
    const Bytes frame = sync_encode(kTv02Body);
    const auto frames = bit_unstuff(bit_stuff(frame));
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_TRUE(frames[0].fcs_ok);
    EXPECT_EQ(frames[0].octets, frame);
}

TEST(WireFraming, BitUnstuffSevenOnesAborts) {
    auto bits = bit_stuff(sync_encode(kTv02Body));
    bits.resize(bits.size() - 20);  // cut inside the frame ...
    bits.insert(bits.end(), 7, 1);  // ... and abort (FR-07)
    const auto frames = bit_unstuff(bits);
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_TRUE(frames[0].aborted);
    EXPECT_FALSE(frames[0].fcs_ok);
}

TEST(WireFraming, BitUnstuffDropsShortFramesAndMarkIdle) {
    std::vector<std::uint8_t> bits = bit_stuff(Bytes{0x01, 0x02, 0x03});  // 3 octets < 4 (FR-07)
    bits.insert(bits.end(), 20, 1);                                       // mark idle (FR-06)
    EXPECT_TRUE(bit_unstuff(bits).empty());
}

TEST(WireFraming, PppHeaderLcpNeverCompressed) {
    const Bytes info{0x01, 0x01, 0x00, 0x04};
    EXPECT_EQ(encode_ppp(proto::kLcp, info, {true, true}), test::concat(hex("FF 03 C0 21"), info));
    EXPECT_EQ(encode_ppp(proto::kIp, info, {true, true}), test::concat(hex("21"), info));
    EXPECT_EQ(encode_ppp(proto::kIpcp, info, {true, true}), test::concat(hex("80 21"), info));
    EXPECT_EQ(encode_ppp(proto::kIp, info, {false, true}), test::concat(hex("FF 03 21"), info));
}

TEST(WireFraming, DecodePppAcfcAndPfc) {
    auto f = decode_ppp(hex("21 45 00"));
    ASSERT_TRUE(f);
    EXPECT_EQ(f.value().protocol, proto::kIp);
    EXPECT_FALSE(f.value().address_control);
    EXPECT_TRUE(f.value().protocol_compressed);
    EXPECT_EQ(f.value().information, hex("45 00"));
    EXPECT_EQ(encode_ppp(f.value()), hex("21 45 00"));

    f = decode_ppp(hex("C0 29 01 01 00 04"));  // TV-09 is written without FF 03
    ASSERT_TRUE(f);
    EXPECT_EQ(f.value().protocol, proto::kCbcp);
    EXPECT_FALSE(f.value().address_control);
}

TEST(WireFraming, DecodePppRejectsBadControl) {
    auto f = decode_ppp(hex("FF 13 C0 21"));
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().clause, "FR-02");
    EXPECT_EQ(f.error().offset, 1U);
    EXPECT_EQ(decode_ppp(hex("FF")).error().clause, "FR-02");
    EXPECT_EQ(decode_ppp(Bytes{}).error().clause, "FR-02");
}

// FR-11: a missing or cut Protocol field is undecodable; a number of the wrong shape decodes and is
// an unrecognized protocol (RFC 1661 section 2), to be Protocol-Rejected, not dropped.
TEST(WireFraming, DecodePppProtocolShapeIsFr11) {
    EXPECT_EQ(decode_ppp(hex("FF 03")).error().clause, "FR-11");     // protocol missing
    EXPECT_EQ(decode_ppp(hex("FF 03 C0")).error().clause, "FR-11");  // truncated
    const auto even_low = decode_ppp(hex("FF 03 C0 20 01"));
    ASSERT_TRUE(even_low);
    EXPECT_EQ(even_low.value().protocol, 0xC020);
    EXPECT_EQ(even_low.value().information, hex("01"));
    EXPECT_FALSE(protocol_number_valid(0xC020));  // low octet even
    EXPECT_FALSE(protocol_number_valid(0x0121));  // high octet odd
    EXPECT_FALSE(protocol_number_valid(0x00FF));  // reserved
    ASSERT_TRUE(decode_ppp(hex("FF 03 00 FF")));
    EXPECT_TRUE(protocol_number_valid(0xC021));
    EXPECT_TRUE(protocol_number_valid(0x0021));
    EXPECT_TRUE(protocol_number_valid(0x8021));
}

// ------------------------------------------------------------------------------- properties

RC_GTEST_PROP(WireFraming, AsyncDeframerSameFramesForAnySplit, ()) {
    const auto accm = *rc::gen::element<std::uint32_t>(0U, kDefaultAsyncAccm, 0x000A0000U);
    const auto fcs = *rc::gen::element(FcsKind::Fcs16, FcsKind::Fcs32);
    const auto bodies = *rc::gen::container<std::vector<Bytes>>(
        *rc::gen::inRange<std::size_t>(0, 5),
        rc::gen::exec([] { return test::concat(Bytes{0xFF, 0x03}, *gen::bytes(40)); }));
    Bytes stream = *gen::bytes(6);  // line noise before the first flag
    stream.erase(std::remove(stream.begin(), stream.end(), kFlag), stream.end());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        // The first frame needs its opening flag (octets before it are noise); later ones may
        // share the previous closing flag (FR-01).
        const Bytes framed = async_encode(bodies[i], accm, fcs, i == 0 || *rc::gen::arbitrary<bool>());
        stream.insert(stream.end(), framed.begin(), framed.end());
        if (*rc::gen::arbitrary<bool>()) stream.push_back(kFlag);  // extra idle flag
    }
    // Control octets flagged in the ACCM may be inserted anywhere by the link (FR-08).
    if (accm != 0 && *rc::gen::arbitrary<bool>()) {
        const auto at = *rc::gen::inRange<std::size_t>(0, stream.size() + 1);
        stream.insert(stream.begin() + static_cast<std::ptrdiff_t>(at), std::uint8_t{0x11});
    }

    AsyncDeframer whole(fcs, accm);
    whole.feed(stream);
    std::vector<RawFrame> expected;
    while (auto f = whole.next()) expected.push_back(std::move(*f));

    AsyncDeframer split(fcs, accm);
    std::vector<RawFrame> got;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        const auto n = *rc::gen::inRange<std::size_t>(1, stream.size() - pos + 1);
        split.feed(stream.data() + pos, n);
        pos += n;
        if (*rc::gen::arbitrary<bool>()) {
            while (auto f = split.next()) got.push_back(std::move(*f));
        }
    }
    while (auto f = split.next()) got.push_back(std::move(*f));

    RC_ASSERT(got.size() == bodies.size());
    RC_ASSERT(expected.size() == bodies.size());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        RC_ASSERT(got[i].fcs_ok);
        RC_ASSERT(got[i].body(fcs) == bodies[i]);
        RC_ASSERT(got[i].octets == expected[i].octets);
    }
}

RC_GTEST_PROP(WireFraming, AsyncDeframerNeverCrashesOnArbitraryBytes, ()) {
    AsyncDeframer d(FcsKind::Fcs16, *rc::gen::arbitrary<std::uint32_t>(), 64);
    const auto stream = *gen::bytes(300);
    d.feed(stream);
    while (auto f = d.next()) RC_ASSERT(f->octets.size() <= 64U);
}

RC_GTEST_PROP(WireFraming, BitStuffRoundtrip, ()) {
    const auto fcs = *rc::gen::element(FcsKind::Fcs16, FcsKind::Fcs32);
    const auto bodies = *rc::gen::container<std::vector<Bytes>>(
        *rc::gen::inRange<std::size_t>(0, 4),
        rc::gen::exec([] { return test::concat(Bytes{0xFF, 0x03}, *gen::bytes(30)); }));
    std::vector<std::uint8_t> bits(*rc::gen::inRange<std::size_t>(0, 20), 1);  // mark idle first
    for (const auto& body : bodies) {
        const auto stuffed = bit_stuff(sync_encode(body, fcs));
        // No six ones in a row between the flags (FR-06).
        int run = 0;
        for (std::size_t i = 8; i + 8 < stuffed.size(); ++i) {
            run = stuffed[i] != 0 ? run + 1 : 0;
            RC_ASSERT(run <= 5);
        }
        bits.insert(bits.end(), stuffed.begin(), stuffed.end());
    }
    const auto frames = bit_unstuff(bits, fcs);
    RC_ASSERT(frames.size() == bodies.size());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        RC_ASSERT(frames[i].fcs_ok);
        RC_ASSERT(frames[i].body(fcs) == bodies[i]);
    }
}

RC_GTEST_PROP(WireFraming, BitUnstuffNeverCrashesOnArbitraryBits, ()) {
    const auto bits = *rc::gen::container<std::vector<std::uint8_t>>(rc::gen::inRange<std::uint8_t>(0, 2));
    const auto frames = bit_unstuff(bits);
    for (const auto& f : frames) RC_ASSERT(f.aborted || f.octets.size() >= 4U);
}

RC_GTEST_PROP(WireFraming, PppHeaderRoundtrip, ()) {
    const auto payload = *gen::ppp_payload();
    HeaderCompression hc{*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>()};
    const auto protocol = payload_protocol(payload);
    const Bytes body = encode_ppp(protocol, encode_payload(payload), hc);
    const auto f = decode_ppp(body);
    RC_ASSERT(f.has_value());
    RC_ASSERT(f.value().protocol == protocol);
    RC_ASSERT(encode_ppp(f.value()) == body);
}

RC_GTEST_PROP(WireFraming, DecodePppArbitraryBytes, ()) {
    const auto body = *gen::bytes(12);
    const auto f = decode_ppp(body);
    if (f) RC_ASSERT(encode_ppp(f.value()) == body);
}

}  // namespace
}  // namespace ppp::wire
