#include "ppp/reports/text.hpp"

#include <cstdio>

namespace ppp::reports {

Tally tally(const std::vector<CaseResult>& cases) {
    Tally t;
    for (const auto& c : cases) {
        switch (c.verdict) {
            case Verdict::Pass: ++t.pass; break;
            case Verdict::Fail: ++t.fail; break;
            case Verdict::Inconc: ++t.inconc; break;
            case Verdict::Error: ++t.error; break;
            case Verdict::None: ++t.none; break;
        }
    }
    return t;
}

std::string closing_line(const Tally& t) {
    // The plain closing line CI reads: "N passed, N failed", then ", N skipped".
    std::string line = std::to_string(t.pass) + " passed, " + std::to_string(t.fail + t.error) + " failed";
    const std::size_t skipped = t.inconc + t.none;
    if (skipped > 0) line += ", " + std::to_string(skipped) + " skipped";
    return line;
}

std::string render_text_summary(const std::vector<CaseResult>& cases) {
    std::string out;
    for (const auto& c : cases) {
        char verdict[8];
        std::snprintf(verdict, sizeof verdict, "%-6s", verdict_name(c.verdict));
        out += verdict;
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
        out += '\n';
    }
    const Tally t = tally(cases);
    if (t.inconc + t.error + t.none > 0) {
        out += std::to_string(t.inconc) + " inconclusive, " + std::to_string(t.error) + " error, " +
               std::to_string(t.none) + " not applicable\n";
    }
    out += closing_line(t) + '\n';  // alone on its line, last
    return out;
}

}  // namespace ppp::reports
