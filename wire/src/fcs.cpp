#include "ppp/wire/fcs.hpp"

#include <array>

namespace ppp::wire {

namespace {
// RFC 1662 Appendix C: byte-wise lookup tables for the reflected polynomials, built at compile
// time so the hot path is one table read per octet.
constexpr std::array<std::uint16_t, 256> make_fcs16_table() {
    std::array<std::uint16_t, 256> t{};
    for (unsigned b = 0; b < 256; ++b) {
        unsigned v = b;
        for (int i = 0; i < 8; ++i) v = (v & 1U) ? (v >> 1) ^ 0x8408U : v >> 1;  // FR-04
        t[b] = static_cast<std::uint16_t>(v);
    }
    return t;
}
constexpr std::array<std::uint32_t, 256> make_fcs32_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t b = 0; b < 256; ++b) {
        std::uint32_t v = b;
        for (int i = 0; i < 8; ++i) v = (v & 1U) ? (v >> 1) ^ 0xEDB88320U : v >> 1;  // FR-05
        t[b] = v;
    }
    return t;
}
constexpr auto kFcs16Table = make_fcs16_table();
constexpr auto kFcs32Table = make_fcs32_table();
static_assert(kFcs16Table[1] == 0x1189, "RFC 1662 C.2 fcstab[1]");
static_assert(kFcs32Table[1] == 0x77073096, "RFC 1662 C.3 fcstab_32[1]");
}  // namespace

std::uint16_t fcs16_update(std::uint16_t fcs, const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        fcs = static_cast<std::uint16_t>((fcs >> 8) ^ kFcs16Table[(fcs ^ data[i]) & 0xFF]);
    }
    return fcs;
}

std::uint32_t fcs32_update(std::uint32_t fcs, const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) fcs = (fcs >> 8) ^ kFcs32Table[(fcs ^ data[i]) & 0xFF];
    return fcs;
}

std::uint16_t fcs16(const std::uint8_t* data, std::size_t size) {
    return static_cast<std::uint16_t>(~fcs16_update(kFcs16Init, data, size));
}

std::uint32_t fcs32(const std::uint8_t* data, std::size_t size) {
    return ~fcs32_update(kFcs32Init, data, size);
}

}  // namespace ppp::wire
