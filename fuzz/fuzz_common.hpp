#pragma once
// Shared by the libFuzzer targets: a property failure prints the input and aborts, so libFuzzer
// records the input as a crash (the sanitizers do the same for memory errors).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::fuzz {

[[noreturn]] inline void fail(const char* property, const std::string& detail, const wire::Bytes& input) {
    std::fprintf(stderr, "property violated: %s\n  %s\n  input: %s\n", property, detail.c_str(),
                 wire::to_hex(input).c_str());
    std::abort();
}

inline void check(bool ok, const char* property, const wire::Bytes& input, const std::string& detail = "") {
    if (!ok) fail(property, detail, input);
}

// Every error must explain itself (STYLE.md section 7): offset within the input, a text.
inline void check_error(const wire::DecodeError& error, const wire::Bytes& input) {
    const std::string text = error.to_string();
    check(!text.empty() && !error.what.empty(), "decode error carries a message", input, text);
    check(error.offset <= input.size(), "decode error offset inside the input", input, text);
}

}  // namespace ppp::fuzz
