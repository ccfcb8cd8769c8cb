#pragma once
// Private helpers shared by the codecs: big-endian access, error construction and the small
// formatting pieces of describe(). Formatting helpers are for describe() and errors only.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire::detail {

inline std::uint16_t get16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t get32(const Bytes& b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}
inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 24));
    b.push_back(static_cast<std::uint8_t>(v >> 16));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline void set16(Bytes& b, std::size_t at, std::size_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }

// Builds an error; only reached on bad input, so the string work stays off the good path.
inline DecodeError error(std::size_t offset, std::string what, const char* clause) {
    return DecodeError{offset, std::move(what), clause};
}

// Shared header `Code Id Length` (RFC 1661 section 5) used by LCP, IPCP, PAP, CHAP and CBCP:
// checks Length (>= 4, within the buffer) and returns it; padding = octets past Length.
struct Header {
    std::uint8_t code = 0;
    std::uint8_t identifier = 0;
    std::size_t length = 0;
};
inline outcome::result<Header, DecodeError, outcome::policy::terminate> decode_header(
    const Bytes& b, const char* what, const char* clause) {
    if (b.size() < 4) {
        return error(b.size(), std::string(what) + " truncated: " + std::to_string(b.size()) +
                                   " octets, header needs 4", clause);
    }
    const std::size_t length = get16(b, 2);
    if (length < 4) {
        return error(2, std::string(what) + " Length " + std::to_string(length) + " below 4", clause);
    }
    if (length > b.size()) {
        return error(2, std::string(what) + " Length " + std::to_string(length) + " past the end of " +
                            std::to_string(b.size()) + " octets", clause);
    }
    return Header{b[0], b[1], length};
}

// Writes `Code Id Length` with Length 0; finish_header fills it in (clamped by
// truncating the body so that the result stays well formed, RFC 1661 Length is 16 bits).
inline Bytes start_header(std::uint8_t code, std::uint8_t id, std::size_t reserve) {
    Bytes b;
    b.reserve(4 + reserve);
    b.push_back(code);
    b.push_back(id);
    b.push_back(0);
    b.push_back(0);
    return b;
}
inline void finish_header(Bytes& b, const Bytes& padding) {
    if (b.size() > 0xFFFF) b.resize(0xFFFF);
    set16(b, 2, b.size());
    append(b, padding);
}

std::string hex8(std::uint8_t v);    // "0x0d"
std::string hex16(std::uint16_t v);  // "0xc021"
std::string hex32(std::uint32_t v);  // "0x12345678"
// Text in double quotes with non-printables as \xNN; used for names and messages.
std::string quoted(const std::uint8_t* data, std::size_t size);
inline std::string quoted(const Bytes& b) { return quoted(b.data(), b.size()); }
inline std::string quoted(const std::string& s) {
    return quoted(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
// Mostly printable -> quoted text, else compact hex ("0a0b0c").
std::string text_or_hex(const Bytes& b);
std::string compact_hex(const Bytes& b);
// " pad=N" when octets follow Length.
std::string padding_note(const Bytes& padding);

}  // namespace ppp::wire::detail
