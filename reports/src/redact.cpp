#include "ppp/reports/redact.hpp"

namespace ppp::reports {

std::string redact(std::string_view text, const std::vector<std::string>& secrets) {
    // Mark every byte covered by some occurrence, then emit each covered run once: replacing
    // secrets one after another would leave the tail of a secret that overlaps another one.
    std::vector<bool> covered;
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = text.find(secret); at != std::string_view::npos; at = text.find(secret, at + 1)) {
            if (covered.empty()) covered.assign(text.size(), false);
            for (std::size_t k = at; k < at + secret.size(); ++k) covered[k] = true;
        }
    }
    if (covered.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (!covered[i]) {
            out += text[i++];
            continue;
        }
        out += "<redacted>";
        while (i < text.size() && covered[i]) ++i;
    }
    return out;
}

}  // namespace ppp::reports
