// User-supplied text: escaping for one-line messages, line-end normalisation.
#include "ppp/wire/input_text.hpp"

#include <cstdint>
#include <cstdio>

namespace ppp::wire {
namespace {

// Length of the valid UTF-8 sequence starting at `at`, or 0 when the bytes there are not one
// (overlong forms, surrogates and values past U+10FFFF are refused, RFC 3629 section 4).
std::size_t utf8_sequence(std::string_view s, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
    const std::uint8_t lead = byte(at);
    std::size_t length = 0;
    std::uint32_t min = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, min = 0x80, code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, min = 0x800, code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, min = 0x10000, code = lead & 0x07u;
    } else {
        return 0;
    }
    if (at + length > s.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0u) != 0x80u) return 0;
        code = (code << 6) | (byte(at + i) & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

}  // namespace

std::string quote_value(std::string_view value, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    std::size_t at = 0;
    while (at < value.size() && chars < max_chars) {
        const auto c = static_cast<std::uint8_t>(value[at]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
            ++at;
        } else if (c == '\n') {
            out += "\\n", ++at;
        } else if (c == '\r') {
            out += "\\r", ++at;
        } else if (c == '\t') {
            out += "\\t", ++at;
        } else if (const std::size_t n = c >= 0x80 ? utf8_sequence(value, at) : 0; n > 0) {
            out.append(value.substr(at, n));
            at += n;
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
            ++at;
        }
        ++chars;
    }
    if (at < value.size()) out += "... (" + std::to_string(value.size()) + " bytes)";
    return out;
}

std::string normalize_line_ends(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string shell_word(std::string_view value) {
    std::string out = "'";
    for (const char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace ppp::wire
