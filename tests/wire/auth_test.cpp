#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/auth.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::ascii;
using test::hex;

Bytes challenge_00_to_0f() {
    Bytes c;
    for (std::uint8_t i = 0; i < 16; ++i) c.push_back(i);
    return c;
}

TEST(WireChap, Md5ResponseMatchesTv10) {
    const auto digest = chap_md5_response(0x01, "secret", challenge_00_to_0f());
    EXPECT_EQ(to_hex(digest.data(), digest.size()), "74 0e 86 46 3b da 3a 4d 70 17 d6 e0 fb a0 69 9d");
}

TEST(WireChap, ResponseLayoutAndDescribe) {
    const auto digest = chap_md5_response(0x01, "secret", challenge_00_to_0f());
    ChapPacket r;
    r.code = static_cast<std::uint8_t>(ChapCode::Response);
    r.identifier = 1;
    r.value.assign(digest.begin(), digest.end());
    r.name = ascii("R2");
    const Bytes b = encode_chap(r);
    EXPECT_EQ(b, test::concat(test::concat(hex("02 01 00 17 10"), r.value), ascii("R2")));
    const auto back = decode_chap(b);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), r);
    EXPECT_EQ(describe(r), "CHAP Response id=1 name=\"R2\" value=740e8646...");
}

TEST(WireChap, ChallengeSuccessFailure) {
    const Bytes ch = test::concat(test::concat(hex("01 01 00 17 10"), challenge_00_to_0f()), ascii("R1"));
    const auto c = decode_chap(ch);
    ASSERT_TRUE(c);
    EXPECT_EQ(c.value().value, challenge_00_to_0f());
    EXPECT_EQ(c.value().name, ascii("R1"));
    EXPECT_EQ(describe(c.value()), "CHAP Challenge id=1 name=\"R1\" value=00010203...");
    const auto s = decode_chap(test::concat(hex("03 01 00 0B"), ascii("Welcome")));
    ASSERT_TRUE(s);
    EXPECT_EQ(s.value().message, ascii("Welcome"));
    EXPECT_EQ(describe(s.value()), "CHAP Success id=1 msg=\"Welcome\"");
    const auto f = decode_chap(hex("04 01 00 04"));
    ASSERT_TRUE(f);
    EXPECT_EQ(describe(f.value()), "CHAP Failure id=1");
}

TEST(WireChap, ValueSizePastLengthIsChap02) {
    auto e = decode_chap(hex("01 01 00 08 10 00 01 02"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CHAP-02");
    EXPECT_EQ(e.error().offset, 4U);
    e = decode_chap(hex("02 01 00 04"));  // no Value-Size at all
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CHAP-02");
}

TEST(WireChap, BadLengthIsChap01) {
    auto e = decode_chap(hex("01 01 00 20 10"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "CHAP-01");
    EXPECT_EQ(decode_chap(hex("01")).error().clause, "CHAP-01");
}

TEST(WirePap, AuthReqLayoutAndRedactedPassword) {
    PapPacket p;
    p.code = static_cast<std::uint8_t>(PapCode::AuthReq);
    p.identifier = 1;
    p.peer_id = ascii("R2");
    p.password = ascii("secret");
    const Bytes b = encode_pap(p);
    EXPECT_EQ(b, hex("01 01 00 0E 02 52 32 06 73 65 63 72 65 74"));
    const auto back = decode_pap(b);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), p);
    const std::string text = describe(p);
    EXPECT_EQ(text, "PAP AuthReq id=1 peer=\"R2\" password=<redacted>");
    EXPECT_EQ(text.find("secret"), std::string::npos);
}

TEST(WirePap, AckAndNakCarryMessage) {
    const auto ack = decode_pap(hex("02 01 00 07 02 4F 4B"));
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack.value().message, ascii("OK"));
    EXPECT_EQ(describe(ack.value()), "PAP AuthAck id=1 msg=\"OK\"");
    const auto nak = decode_pap(hex("03 01 00 05 00"));
    ASSERT_TRUE(nak);
    EXPECT_EQ(describe(nak.value()), "PAP AuthNak id=1");
}

TEST(WirePap, PeerIdPastLengthIsPap02) {
    auto e = decode_pap(hex("01 01 00 07 05 52 32"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "PAP-02");
    EXPECT_EQ(e.error().offset, 4U);
    e = decode_pap(hex("01 01 00 07 02 52 32"));  // no Passwd-Length
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "PAP-02");
    EXPECT_EQ(e.error().offset, 7U);
    e = decode_pap(hex("01 01 00 09 02 52 32 04 73"));  // password past Length
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().offset, 7U);
}

TEST(WirePap, AckWithoutMsgLengthIsPap03) {
    auto e = decode_pap(hex("02 01 00 04"));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().clause, "PAP-03");
    EXPECT_EQ(decode_pap(hex("03 01 00 06 09 41")).error().clause, "PAP-03");
}

TEST(WirePap, OctetsAfterFieldsAndPaddingAreKept) {
    const Bytes in = hex("02 01 00 07 01 41 FF 00 00");  // one octet after Message, two of padding
    const auto p = decode_pap(in);
    ASSERT_TRUE(p);
    EXPECT_EQ(p.value().data, hex("FF"));
    EXPECT_EQ(p.value().padding, hex("00 00"));
    EXPECT_EQ(encode_pap(p.value()), in);
}

// ------------------------------------------------------------------------------- properties

RC_GTEST_PROP(WirePap, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::pap_packet();
    const auto back = decode_pap(encode_pap(p));
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
}

RC_GTEST_PROP(WirePap, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(32);
    if (b.size() >= 4) b[3] = static_cast<std::uint8_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
    if (b.size() >= 3) b[2] = 0;
    const auto p = decode_pap(b);
    if (p) {
        RC_ASSERT(encode_pap(p.value()) == b);
        RC_ASSERT(describe(p.value()).find("password=") == std::string::npos || p.value().code == 1);
    }
}

RC_GTEST_PROP(WireChap, DecodeEncodeRoundtrip, ()) {
    const auto p = *gen::chap_packet();
    const auto back = decode_chap(encode_chap(p));
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == p);
}

RC_GTEST_PROP(WireChap, ArbitraryBytesValueOrError, ()) {
    Bytes b = *gen::bytes(32);
    if (b.size() >= 4) b[3] = static_cast<std::uint8_t>(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
    if (b.size() >= 3) b[2] = 0;
    const auto p = decode_chap(b);
    if (p) RC_ASSERT(encode_chap(p.value()) == b);
}

RC_GTEST_PROP(WireChap, Md5ResponseDependsOnEveryInput, ()) {
    const auto id = *rc::gen::arbitrary<std::uint8_t>();
    const auto challenge = *gen::bytes(32);
    const auto a = chap_md5_response(id, "secret", challenge);
    RC_ASSERT(a == chap_md5_response(id, "secret", challenge));
    RC_ASSERT(a != chap_md5_response(static_cast<std::uint8_t>(id + 1), "secret", challenge));
    RC_ASSERT(a != chap_md5_response(id, "secreT", challenge));
}

}  // namespace
}  // namespace ppp::wire
