#include "report_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace ppp::reports::report_tables {

int severity(Verdict v) {
    switch (v) {
        case Verdict::Fail: return 5;
        case Verdict::Error: return 4;
        case Verdict::Inconc: return 3;
        case Verdict::Pass: return 2;
        case Verdict::None: return 1;
    }
    return 0;
}

namespace {

// NaN would break the strict weak order std::stable_sort needs.
double time_key(const TraceEvent& e) { return std::isnan(e.at_seconds) ? HUGE_VAL : e.at_seconds; }

}  // namespace

std::vector<MachineCoverage> machine_coverage(const ReportInput& input) {
    std::vector<MachineCoverage> out;
    std::unordered_map<std::string, std::size_t> index;
    auto row_for = [&](const std::string& machine) -> MachineCoverage& {
        auto [it, inserted] = index.emplace(machine, out.size());
        if (inserted) out.push_back({machine});
        return out[it->second];
    };
    auto count = [&row_for](const std::vector<CoverageRow>& rows, std::size_t MachineCoverage::*all,
                            std::size_t MachineCoverage::*hit) {
        for (const CoverageRow& r : rows) {
            MachineCoverage& m = row_for(r.machine);
            if (r.sut_choice) {
                ++m.sut_choice;
                if (r.hits > 0) ++m.sut_choice_hit;
                continue;
            }
            if (!r.unreachable_reason.empty()) {
                ++m.unreachable;
                continue;
            }
            ++(m.*all);
            if (r.hits > 0) ++(m.*hit);
        }
    };
    count(input.states, &MachineCoverage::states, &MachineCoverage::states_hit);
    count(input.transitions, &MachineCoverage::transitions, &MachineCoverage::transitions_hit);
    return out;
}

CoverageLists coverage_lists(const ReportInput& input) {
    CoverageLists out;
    for (const CoverageRow& t : input.transitions) {
        if (t.sut_choice) out.sut_choice.push_back(&t);
        else if (!t.unreachable_reason.empty()) out.unreachable.push_back(&t);
        else if (t.hits == 0) out.untaken.push_back(&t);
    }
    for (const CoverageRow& s : input.states) {
        if (s.sut_choice) out.sut_choice.push_back(&s);
        else if (!s.unreachable_reason.empty()) out.unreachable.push_back(&s);
        else if (s.hits == 0) out.unvisited.push_back(&s);
    }
    return out;
}

std::string unreachable_taken_note(const CoverageRow& row) {
    if (row.unreachable_reason.empty() || row.hits == 0) return "";
    if (row.sut_choice) return " (taken: the SUT chose it, " + std::to_string(row.hits) + " hits)";
    return " (taken all the same, " + std::to_string(row.hits) + " hits: the mark is wrong)";
}

std::vector<std::string> lanes(const std::vector<TraceEvent>& trace) {
    // SUT in the middle: peer and network arrows both stay one lane long.
    std::vector<std::string> out = {lane::peer, lane::sut, lane::network};
    for (const TraceEvent& e : trace) {
        for (const std::string* name : {&e.from, &e.to}) {
            if (std::find(out.begin(), out.end(), *name) == out.end()) out.push_back(*name);
        }
    }
    return out;
}

std::vector<TraceEvent> in_time_order(const std::vector<TraceEvent>& trace) {
    std::vector<TraceEvent> out = trace;
    std::stable_sort(out.begin(), out.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return time_key(a) < time_key(b); });
    return out;
}

const std::string* property(const CaseResult& c, const char* name) {
    for (const Property& p : c.properties) {
        if (p.name == name) return &p.value;
    }
    return nullptr;
}

bool is_problem(Verdict v) { return v == Verdict::Fail || v == Verdict::Error; }

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "-";
    double value = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    if (part < whole) value = std::min(value, 99.0);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", value);
    return buffer;
}

std::string coverage_statement(const std::vector<MachineCoverage>& machines) {
    std::size_t taken = 0, reachable = 0;
    for (const MachineCoverage& m : machines) {
        taken += m.transitions_hit;
        reachable += m.transitions;
    }
    if (taken == reachable)
        return "Every reachable transition of every machine was taken: " + std::to_string(taken) + " of " +
               std::to_string(reachable) + ".";
    return std::to_string(taken) + " of " + std::to_string(reachable) + " reachable transitions were taken (" +
           percent(taken, reachable) + "); " +
           (reachable - taken == 1 ? std::string("the one left is listed below.")
                                   : "the " + std::to_string(reachable - taken) + " left are listed below.");
}

std::string seconds_text(double seconds) {
    if (!std::isfinite(seconds)) seconds = 0.0;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
    return buffer;
}

}  // namespace ppp::reports::report_tables
