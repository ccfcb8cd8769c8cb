#include "ppp/sut/faults.hpp"

namespace ppp::sut {

namespace {
constexpr const char* kNames[kFaultCount] = {
    "callback-ignores-secure", "ipcp-on-first-call",  "callback-option-on-return-call",
    "keep-first-call",         "early-return-call",   "retry-busy-return-call",
    "no-terminate-ack",        "ack-reorders-options", "chap-wrong-hash-order",
};
}  // namespace

const char* fault_name(Fault fault) { return kNames[static_cast<std::size_t>(fault)]; }

std::vector<std::string> Faults::names() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kFaultCount; ++i) {
        if (has(static_cast<Fault>(i))) out.emplace_back(kNames[i]);
    }
    return out;
}

bool Faults::parse(std::string_view text, Faults& out, std::string& error) {
    Faults result = out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == ',' || c == ' ' || c == '\t') {
            ++pos;
            continue;
        }
        std::size_t end = pos;
        while (end < text.size() && text[end] != ',' && text[end] != ' ' && text[end] != '\t') ++end;
        const std::string_view name = text.substr(pos, end - pos);
        bool found = false;
        for (std::size_t i = 0; i < kFaultCount; ++i) {
            if (name == kNames[i]) {
                result.add(static_cast<Fault>(i));
                found = true;
            }
        }
        if (!found) {
            error = "unknown fault '" + std::string(name) + "' (accepted:";
            for (const char* n : kNames) error += std::string(" ") + n;
            error += ")";
            return false;
        }
        pos = end;
    }
    out = result;
    return true;
}

}  // namespace ppp::sut
