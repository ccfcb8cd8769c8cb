#pragma once
// Test helper: octets from the hex text used in SPEC section 11 ("FF 03 C0 21 ...").
#include <string>

#include <gtest/gtest.h>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire::test {

inline Bytes hex(const std::string& text) {
    auto bytes = from_hex(text);
    if (!bytes) {
        ADD_FAILURE() << "bad hex literal: " << bytes.error().to_string();
        return {};
    }
    return bytes.value();
}

inline Bytes concat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

inline Bytes ascii(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace ppp::wire::test
