#include "ppp/reports/text.hpp"

#include <cstdio>

namespace ppp::reports {

void Tally::add(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass: ++pass; break;
        case Verdict::Fail: ++fail; break;
        case Verdict::Inconc: ++inconc; break;
        case Verdict::Error: ++error; break;
        case Verdict::None: ++none; break;
    }
}

Tally tally(const std::vector<CaseResult>& cases) {
    Tally t;
    for (const auto& c : cases) t.add(c.verdict);
    return t;
}

std::string closing_line(const Tally& t) {
    // The plain closing line CI reads: "N passed, N failed", then ", N skipped".
    std::string line = std::to_string(t.pass) + " passed, " + std::to_string(t.fail + t.error) + " failed";
    const std::size_t skipped = t.inconc + t.none;
    if (skipped > 0) line += ", " + std::to_string(skipped) + " skipped";
    return line;
}

std::string summary_line(const CaseResult& c) {
    char verdict[8];
    std::snprintf(verdict, sizeof verdict, "%-6s", verdict_name(c.verdict));
    std::string out = verdict;
    out += ' ' + c.id + "  " + c.title;
    if (!c.requirements.empty()) {
        out += "  [";
        for (std::size_t i = 0; i < c.requirements.size(); ++i) {
            if (i > 0) out += ' ';
            out += c.requirements[i];
        }
        out += ']';
    }
    if (!c.message.empty()) out += "  " + c.message;  // a pass may carry notes (deviations)
    return out + '\n';
}

std::string summary_end(const Tally& t) {
    std::string out;
    if (t.inconc + t.error + t.none > 0) {
        out += std::to_string(t.inconc) + " inconclusive, " + std::to_string(t.error) + " error, " +
               std::to_string(t.none) + " not applicable\n";
    }
    return out + closing_line(t) + '\n';  // alone on its line, last
}

std::string render_text_summary(const std::vector<CaseResult>& cases) {
    std::string out;
    for (const auto& c : cases) out += summary_line(c);
    return out + summary_end(tally(cases));
}

}  // namespace ppp::reports
