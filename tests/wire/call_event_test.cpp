// Abstract call events (wire/call_event.hpp, DESIGN.md section 7): the port's call control without
// Q.931. Their encoding is bounded and refuses what it cannot carry; decoding arbitrary octets gives
// an event or an error naming the offset, and an accepted event re-encodes to the same octets.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/call_event.hpp"
#include "ppp/wire/port.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using namespace std::chrono_literals;
using test::hex;

TEST(WireCallEvent, EachKindRoundTripsThroughItsOctets) {
    const CallEvent offered{CallEventKind::Offered, "5550100", "", std::nullopt};
    const auto octets = encode_call_event(offered);
    ASSERT_TRUE(octets);
    // kind 1, no cause, cause octet 0, 7 digits, no name
    EXPECT_EQ(octets.value(), hex("01 00 00 07 35 35 35 30 31 30 30 00"));
    for (const CallEvent& event : {offered, CallEvent{CallEventKind::Connected, "", "", std::nullopt},
                                   CallEvent{CallEventKind::Cleared, "", "", std::uint8_t{16}},
                                   CallEvent{CallEventKind::CallbackAgreed, "", "R1", std::nullopt}}) {
        const auto encoded = encode_call_event(event);
        ASSERT_TRUE(encoded) << describe(event);
        const auto decoded = decode_call_event(encoded.value());
        ASSERT_TRUE(decoded) << decoded.error().to_string();
        EXPECT_EQ(decoded.value(), event) << describe(event);
    }
}

TEST(WireCallEvent, DescribesWhatHappenedWithItsNumberNameAndCause) {
    EXPECT_EQ(describe(CallEvent{CallEventKind::Offered, "5550100", "", std::nullopt}), "call offered 5550100");
    EXPECT_EQ(describe(CallEvent{CallEventKind::Cleared, "", "", std::uint8_t{16}}), "call cleared cause #16");
    EXPECT_EQ(describe(CallEvent{CallEventKind::CallbackAgreed, "", "R1", std::nullopt}), "callback agreed (R1)");
}

TEST(WireCallEvent, EncodingRefusesWhatItCannotCarry) {
    // An E.164 number has at most 15 digits; a Called party number IE at most 32 (the bound).
    EXPECT_TRUE(encode_call_event(CallEvent{CallEventKind::Offered, std::string(32, '5'), "", std::nullopt}));
    const auto long_number = encode_call_event(CallEvent{CallEventKind::Offered, std::string(33, '5'), "", std::nullopt});
    ASSERT_FALSE(long_number);
    EXPECT_NE(long_number.error().what.find("33 digits (at most 32)"), std::string::npos);
    EXPECT_FALSE(encode_call_event(CallEvent{CallEventKind::CallbackAgreed, "", std::string(256, 'n'), std::nullopt}));
    // Q.850 section 2.2.5: cause values have 7 bits.
    EXPECT_FALSE(encode_call_event(CallEvent{CallEventKind::Cleared, "", "", std::uint8_t{128}}));
}

TEST(WireCallEvent, MalformedOctetsAreRefusedWithTheirOffset) {
    struct Case {
        const char* octets;
        std::size_t offset;
    };
    for (const Case& c : {Case{"", 0}, Case{"01 00 00 00", 4},   // shorter than the header
                          Case{"00 00 00 00 00", 0},                 // kind 0
                          Case{"05 00 00 00 00", 0},                 // kind 5
                          Case{"03 02 00 00 00", 1},                 // an unknown flag
                          Case{"03 01 80 00 00", 2},                 // a cause of 8 bits
                          Case{"03 00 10 00 00", 2},                 // a cause octet without its flag
                          Case{"01 00 00 21 00", 3},                 // a number longer than the bound
                          Case{"01 00 00 03 35 35", 4},              // a number past the end
                          Case{"04 00 00 00 02 52", 5},              // a name past the end
                          Case{"04 00 00 00 01 52 31", 5}}) {        // octets after the name
        const auto decoded = decode_call_event(hex(c.octets));
        ASSERT_FALSE(decoded) << c.octets;
        EXPECT_EQ(decoded.error().offset, c.offset) << c.octets << ": " << decoded.error().to_string();
    }
}

TEST(WireCallEvent, APortMessageCarriesItOnItsBChannel) {
    const auto octets = encode_call_event(CallEvent{CallEventKind::Connected, "", "", std::nullopt});
    ASSERT_TRUE(octets);
    const PortMessage m = PortMessage::call(5ms, Direction::ToSut, 2, octets.value());
    EXPECT_EQ(m.kind(), PortKind::Call);
    EXPECT_EQ(m.channel, 2);
    EXPECT_FALSE(m.b_frame());
    EXPECT_FALSE(m.d_channel());
    ASSERT_TRUE(m.decoded().call.has_value());
    ASSERT_TRUE(*m.decoded().call);
    EXPECT_EQ(m.decoded().call->value().kind, CallEventKind::Connected);
    EXPECT_FALSE(m.decoded().q931.has_value());
    EXPECT_EQ(m.decoded().protocol(), 0);
}

RC_GTEST_PROP(WireCallEvent, ArbitraryOctetsDecodeToAnEventThatReencodesOrAnError, (const std::vector<std::uint8_t>& octets)) {
    const Bytes input(octets.begin(), octets.end());
    const auto decoded = decode_call_event(input);
    if (!decoded) {
        RC_ASSERT(decoded.error().offset <= input.size());
        RC_ASSERT(!decoded.error().what.empty());
        return;
    }
    const auto again = encode_call_event(decoded.value());
    RC_ASSERT(again.has_value());
    RC_ASSERT(again.value() == input);
}

}  // namespace
}  // namespace ppp::wire
