#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/wire/fcs.hpp"
#include "ppp/wire/framing.hpp"
#include "wire/generators.hpp"
#include "wire/hex_literal.hpp"

namespace ppp::wire {
namespace {

using test::hex;

const Bytes kCheckString{'1', '2', '3', '4', '5', '6', '7', '8', '9'};

TEST(WireFcs, Fcs16OfCheckStringMatchesTv01) {
    EXPECT_EQ(fcs16(kCheckString.data(), kCheckString.size()), 0x906E);
    EXPECT_EQ(sync_encode(kCheckString), test::concat(kCheckString, hex("6E 90")));  // LS octet first
}

TEST(WireFcs, Fcs32OfCheckStringMatchesTv01) {
    EXPECT_EQ(fcs32(kCheckString.data(), kCheckString.size()), 0xCBF43926U);
    EXPECT_EQ(sync_encode(kCheckString, FcsKind::Fcs32), test::concat(kCheckString, hex("26 39 F4 CB")));
}

TEST(WireFcs, ResidueOverFrameWithFcsIsGood) {
    const Bytes f16 = sync_encode(kCheckString, FcsKind::Fcs16);
    EXPECT_EQ(fcs16_update(kFcs16Init, f16.data(), f16.size()), kFcs16Good);
    const Bytes f32 = sync_encode(kCheckString, FcsKind::Fcs32);
    EXPECT_EQ(fcs32_update(kFcs32Init, f32.data(), f32.size()), kFcs32Good);
}

TEST(WireFcs, UpdateIsIncremental) {
    const std::uint16_t part = fcs16_update(kFcs16Init, kCheckString.data(), 4);
    EXPECT_EQ(fcs16_update(part, kCheckString.data() + 4, 5),
              fcs16_update(kFcs16Init, kCheckString.data(), kCheckString.size()));
}

RC_GTEST_PROP(WireFcs, ResidueIsConstantForAnyData, ()) {
    const auto data = *gen::bytes(200);
    const Bytes f16 = sync_encode(data, FcsKind::Fcs16);
    RC_ASSERT(fcs16_update(kFcs16Init, f16.data(), f16.size()) == kFcs16Good);
    const Bytes f32 = sync_encode(data, FcsKind::Fcs32);
    RC_ASSERT(fcs32_update(kFcs32Init, f32.data(), f32.size()) == kFcs32Good);
}

// The table-driven FCS-16 (eight octets per round) against the polynomial bit by bit, as
// RFC 1662 Appendix C.2 defines it, for every length and starting value.
RC_GTEST_PROP(WireFcs, Fcs16MatchesBitwisePolynomial, ()) {
    const auto data = *gen::bytes(64);
    const auto start = *rc::gen::arbitrary<std::uint16_t>();
    unsigned expected = start;
    for (const std::uint8_t octet : data) {
        expected ^= octet;
        for (int bit = 0; bit < 8; ++bit) expected = (expected & 1U) ? (expected >> 1) ^ 0x8408U : expected >> 1;
    }
    RC_ASSERT(fcs16_update(start, data.data(), data.size()) == static_cast<std::uint16_t>(expected));
}

RC_GTEST_PROP(WireFcs, SingleBitErrorIsDetected, ()) {
    const auto data = *gen::bytes(100);
    Bytes frame = sync_encode(data);
    const auto bit = *rc::gen::inRange<std::size_t>(0, frame.size() * 8);
    frame[bit / 8] = static_cast<std::uint8_t>(frame[bit / 8] ^ (1U << (bit % 8)));
    RC_ASSERT(!sync_decode(frame).fcs_ok);
}

}  // namespace
}  // namespace ppp::wire
