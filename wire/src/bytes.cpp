#include "ppp/wire/bytes.hpp"

#include <cctype>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',' || c == '-';
}
}  // namespace

std::string DecodeError::to_string() const {
    std::string s = "offset " + std::to_string(offset) + ": " + what;
    if (!clause.empty()) s += " (" + clause + ")";
    return s;
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
    std::string s;
    if (size == 0) return s;
    s.reserve(size * 3 - 1);
    for (std::size_t i = 0; i < size; ++i) {
        if (i != 0) s.push_back(' ');
        s.push_back(kHexDigits[data[i] >> 4]);
        s.push_back(kHexDigits[data[i] & 0x0F]);
    }
    return s;
}

std::string to_hex(const Bytes& bytes) { return to_hex(bytes.data(), bytes.size()); }

Decoded<Bytes> from_hex(const std::string& text) {
    Bytes out;
    out.reserve(text.size() / 2);
    std::size_t i = 0;
    while (i < text.size()) {
        if (is_separator(text[i])) {
            ++i;
            continue;
        }
        // One token: optional 0x prefix, then hex digit pairs ("c021" is two octets).
        std::size_t start = i;
        if (text[i] == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            i += 2;
            start = i;
        }
        while (i < text.size() && !is_separator(text[i])) {
            if (hex_value(text[i]) < 0) {
                return DecodeError{i, std::string("not a hex digit: '") + text[i] + "'", ""};
            }
            ++i;
        }
        const std::size_t digits = i - start;
        if (digits == 0) return DecodeError{start, "0x without hex digits", ""};
        std::size_t j = start;
        if (digits % 2 == 1) {
            if (digits != 1) {
                return DecodeError{start, "odd number of hex digits in '" + text.substr(start, digits) + "'", ""};
            }
            out.push_back(static_cast<std::uint8_t>(hex_value(text[j])));  // "0x5" -> 05
            continue;
        }
        for (; j < i; j += 2) {
            out.push_back(static_cast<std::uint8_t>(hex_value(text[j]) * 16 + hex_value(text[j + 1])));
        }
    }
    return out;
}

namespace detail {

std::string hex8(std::uint8_t v) {
    return std::string{'0', 'x', kHexDigits[v >> 4], kHexDigits[v & 0x0F]};
}
std::string hex16(std::uint16_t v) {
    return std::string{'0', 'x', kHexDigits[(v >> 12) & 0xF], kHexDigits[(v >> 8) & 0xF],
                       kHexDigits[(v >> 4) & 0xF], kHexDigits[v & 0xF]};
}
std::string hex32(std::uint32_t v) {
    std::string s = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) s.push_back(kHexDigits[(v >> shift) & 0xF]);
    return s;
}

std::string quoted(const std::uint8_t* data, std::size_t size) {
    std::string s = "\"";
    for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t c = data[i];
        if (c == '"' || c == '\\') {
            s.push_back('\\');
            s.push_back(static_cast<char>(c));
        } else if (c >= 0x20 && c < 0x7F) {
            s.push_back(static_cast<char>(c));
        } else {
            s += "\\x";
            s.push_back(kHexDigits[c >> 4]);
            s.push_back(kHexDigits[c & 0x0F]);
        }
    }
    s.push_back('"');
    return s;
}

std::string compact_hex(const Bytes& b) {
    std::string s;
    s.reserve(b.size() * 2);
    for (const auto c : b) {
        s.push_back(kHexDigits[c >> 4]);
        s.push_back(kHexDigits[c & 0x0F]);
    }
    return s;
}

std::string text_or_hex(const Bytes& b) {
    std::size_t printable = 0;
    for (const auto c : b) {
        if (c >= 0x20 && c < 0x7F) ++printable;
    }
    if (printable * 4 >= b.size() * 3) return quoted(b);  // empty -> ""
    return "0x" + compact_hex(b);
}

std::string padding_note(const Bytes& padding) {
    if (padding.empty()) return {};
    return " pad=" + std::to_string(padding.size());
}

}  // namespace detail
}  // namespace ppp::wire
