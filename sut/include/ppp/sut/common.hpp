#pragma once
// Plain values shared by the reference implementation (STYLE.md section 1).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "ppp/wire/bytes.hpp"

namespace ppp::sut {

using Millis = std::chrono::milliseconds;  // virtual time since run start
using Bytes = wire::Bytes;

// Deterministic generator for Magic-Numbers, CHAP challenges and identifiers (splitmix64):
// randomness only from a seed, never from a clock (STYLE.md section 1).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }
    std::uint8_t next8() { return static_cast<std::uint8_t>(next() >> 56); }

private:
    std::uint64_t state_;
};

// "192.0.2.1" -> host-order address; false on anything else.
bool parse_ipv4(const std::string& text, std::uint32_t& out);
std::string format_ipv4(std::uint32_t address);
// Virtual time as IOS prints a timestamp: "00:00:15.042".
std::string format_time(Millis t);
// "00:00:08" (hh:mm:ss) as in show dialer.
std::string format_hms(Millis t);

}  // namespace ppp::sut
