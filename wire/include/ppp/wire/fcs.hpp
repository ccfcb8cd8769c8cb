#pragma once
// RFC 1662 Appendix C frame check sequences (SPEC FR-03..05).
#include <cstddef>
#include <cstdint>

namespace ppp::wire {

inline constexpr std::uint16_t kFcs16Init = 0xFFFF;
inline constexpr std::uint16_t kFcs16Good = 0xF0B8;      // residue over data + FCS (FR-04)
inline constexpr std::uint32_t kFcs32Init = 0xFFFFFFFF;
inline constexpr std::uint32_t kFcs32Good = 0xDEBB20E3;  // FR-05

// Running FCS (no final complement): start from kFcs16Init / kFcs32Init.
std::uint16_t fcs16_update(std::uint16_t fcs, const std::uint8_t* data, std::size_t size);
std::uint32_t fcs32_update(std::uint32_t fcs, const std::uint8_t* data, std::size_t size);

// The value to transmit (ones complement), sent least significant octet first.
std::uint16_t fcs16(const std::uint8_t* data, std::size_t size);
std::uint32_t fcs32(const std::uint8_t* data, std::size_t size);

enum class FcsKind : std::uint8_t { None = 0, Fcs16 = 2, Fcs32 = 4 };  // bytes on the wire
inline constexpr std::size_t fcs_size(FcsKind k) { return static_cast<std::size_t>(k); }

}  // namespace ppp::wire
