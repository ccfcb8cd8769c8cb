#include <cstdio>

#include "ppp/sut/common.hpp"

namespace ppp::sut {

bool parse_ipv4(const std::string& text, std::uint32_t& out) {
    std::uint32_t value = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
        std::uint32_t octet = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            octet = octet * 10 + static_cast<std::uint32_t>(text[i] - '0');
            ++i;
            if (++digits > 3 || octet > 255) return false;
        }
        value = (value << 8) | octet;
        ++parts;
        if (parts < 4) {
            if (i >= text.size() || text[i] != '.') return false;
            ++i;
        }
    }
    if (i != text.size()) return false;
    out = value;
    return true;
}

std::string format_ipv4(std::uint32_t a) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (a >> 24) & 0xFFU, (a >> 16) & 0xFFU,
                  (a >> 8) & 0xFFU, a & 0xFFU);
    return buf;
}

std::string format_time(Millis t) {
    const auto ms = static_cast<unsigned long long>(t.count() < 0 ? 0 : t.count());
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu.%03llu", ms / 3600000ULL,
                  (ms / 60000ULL) % 60ULL, (ms / 1000ULL) % 60ULL, ms % 1000ULL);
    return buf;
}

std::string format_hms(Millis t) {
    const auto s = static_cast<unsigned long long>(t.count() < 0 ? 0 : t.count() / 1000);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", s / 3600ULL, (s / 60ULL) % 60ULL,
                  s % 60ULL);
    return buf;
}

}  // namespace ppp::sut
