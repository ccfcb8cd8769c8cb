#pragma once
// What the HTML and Markdown reports both show, computed once.
#include <cstddef>
#include <string>
#include <vector>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports::report_tables {

// Worst first (fail 5 .. none 1): one failing purpose makes a requirement fail.
int severity(Verdict v);

// The figure counts reachable states and transitions only; the ones marked unreachable (with
// their reason) are counted apart.
struct MachineCoverage {
    std::string machine;
    std::size_t states = 0, states_hit = 0, transitions = 0, transitions_hit = 0;
    std::size_t unreachable = 0;  // states and transitions marked unreachable
    std::size_t sut_choice = 0, sut_choice_hit = 0;  // marked as taken only by the SUT's choice (apart too)
};
// Machines in first-seen order over states then transitions.
std::vector<MachineCoverage> machine_coverage(const ReportInput& input);
// One sentence under the figures: whether every reachable transition of every machine was taken,
// or how many of them were and how many are left.
std::string coverage_statement(const std::vector<MachineCoverage>& machines);

// What the report lists under the figures, in input order: reachable transitions never taken,
// reachable states never visited, and everything marked unreachable (transitions, then states).
struct CoverageLists {
    std::vector<const CoverageRow*> untaken, unvisited, unreachable, sut_choice;
};
CoverageLists coverage_lists(const ReportInput& input);
// After an unreachable row's reason: "" or, when the run took it all the same, why that matters.
std::string unreachable_taken_note(const CoverageRow& row);

// Lanes of a trace: peer, SUT, network, then any other names in first-seen order.
std::vector<std::string> lanes(const std::vector<TraceEvent>& trace);
// The trace in time order (stable for equal times; a NaN time sorts last).
std::vector<TraceEvent> in_time_order(const std::vector<TraceEvent>& trace);

const std::string* property(const CaseResult& c, const char* name);
bool is_problem(Verdict v);  // fail or error: shown with diagram and reproduce command
// Rounded to a whole percent, never up to 100% while a part is missing.
std::string percent(std::size_t part, std::size_t whole);
std::string seconds_text(double seconds);  // "1.250"

}  // namespace ppp::reports::report_tables
