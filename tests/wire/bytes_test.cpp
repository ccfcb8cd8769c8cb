#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/bytes.hpp"
#include "wire/generators.hpp"

namespace ppp::wire {
namespace {

TEST(WireBytes, ToHexSpacesLowerCase) {
    EXPECT_EQ(to_hex(Bytes{0xC0, 0x21, 0x01}), "c0 21 01");
    EXPECT_EQ(to_hex(Bytes{}), "");
}

TEST(WireBytes, FromHexAcceptsTheUsualSpellings) {
    const Bytes expected{0xC0, 0x21};
    for (const char* text : {"c0 21", "c021", "C0:21", "0xc0 0x21", "C0-21\n"}) {
        auto b = from_hex(text);
        ASSERT_TRUE(b) << text;
        EXPECT_EQ(b.value(), expected) << text;
    }
}

TEST(WireBytes, FromHexNamesTheOffendingCharacter) {
    auto b = from_hex("c0 2g");
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().offset, 4U);
    EXPECT_NE(b.error().what.find("'g'"), std::string::npos);
    EXPECT_FALSE(from_hex("c02"));
}

TEST(WireBytes, DecodeErrorToStringNamesOffsetAndClause) {
    const DecodeError e{5, "Callback Length 2", "CB-01"};
    EXPECT_EQ(e.to_string(), "offset 5: Callback Length 2 (CB-01)");
}

RC_GTEST_PROP(WireBytes, HexRoundtrip, ()) {
    const auto bytes = *gen::bytes(64);
    const auto back = from_hex(to_hex(bytes));
    RC_ASSERT(back.has_value());
    RC_ASSERT(back.value() == bytes);
}

}  // namespace
}  // namespace ppp::wire
