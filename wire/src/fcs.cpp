#include "ppp/wire/fcs.hpp"

#include <array>

namespace ppp::wire {

namespace {
// RFC 1662 Appendix C: lookup tables for the reflected polynomials, built at compile time.
// FCS-16 runs on every frame a lab step sends or receives, so it uses eight tables and consumes
// eight octets per round ("slicing by 8"); table 0 is the RFC's fcstab.
using Fcs16Tables = std::array<std::array<std::uint16_t, 256>, 8>;
constexpr Fcs16Tables make_fcs16_tables() {
    Fcs16Tables t{};
    for (unsigned b = 0; b < 256; ++b) {
        unsigned v = b;
        for (int i = 0; i < 8; ++i) v = (v & 1U) ? (v >> 1) ^ 0x8408U : v >> 1;  // FR-04
        t[0][b] = static_cast<std::uint16_t>(v);
    }
    for (std::size_t k = 1; k < 8; ++k) {
        for (unsigned b = 0; b < 256; ++b) {
            const std::uint16_t prev = t[k - 1][b];
            t[k][b] = static_cast<std::uint16_t>((prev >> 8) ^ t[0][prev & 0xFFU]);
        }
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
constexpr Fcs16Tables kFcs16Tables = make_fcs16_tables();
constexpr auto kFcs32Table = make_fcs32_table();
static_assert(kFcs16Tables[0][1] == 0x1189, "RFC 1662 C.2 fcstab[1]");
static_assert(kFcs32Table[1] == 0x77073096, "RFC 1662 C.3 fcstab_32[1]");
}  // namespace

std::uint16_t fcs16_update(std::uint16_t fcs, const std::uint8_t* data, std::size_t size) {
    const auto& t = kFcs16Tables;
    unsigned crc = fcs;
    while (size >= 8) {
        crc ^= static_cast<unsigned>(data[0]) | static_cast<unsigned>(data[1]) << 8;
        crc = static_cast<unsigned>(t[7][crc & 0xFFU] ^ t[6][crc >> 8] ^ t[5][data[2]] ^ t[4][data[3]] ^
                                    t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]]);
        data += 8;
        size -= 8;
    }
    while (size-- > 0) crc = (crc >> 8) ^ t[0][(crc ^ *data++) & 0xFFU];
    return static_cast<std::uint16_t>(crc);
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
