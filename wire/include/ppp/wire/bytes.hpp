#pragma once
// Plain values that cross every border of the project (STYLE.md section 2).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/outcome.hpp>

namespace ppp::wire {

using Bytes = std::vector<std::uint8_t>;

// Why a decoder refused some bytes: where (offset from the start of what it was given), what,
// and the SPEC requirement the bytes break. Decoders return this; they never throw on input.
struct DecodeError {
    std::size_t offset = 0;
    std::string what;
    std::string clause;  // SPEC ID, e.g. "LCP-02"

    std::string to_string() const;  // "offset 5: Callback Length 2 (CB-01)"
    friend bool operator==(const DecodeError& a, const DecodeError& b) {
        return a.offset == b.offset && a.what == b.what && a.clause == b.clause;
    }
};

namespace outcome = boost::outcome_v2;
// std::expected stand-in for C++17 (STYLE.md section 7).
template <class T>
using Decoded = outcome::result<T, DecodeError, outcome::policy::terminate>;

// Lower-case hex with a space between octets: "c0 21 01".
std::string to_hex(const Bytes& bytes);
std::string to_hex(const std::uint8_t* data, std::size_t size);
// Accepts "c0 21", "c021", "C0:21", "0xc0 0x21"; an error names the offending character.
Decoded<Bytes> from_hex(const std::string& text);

}  // namespace ppp::wire
