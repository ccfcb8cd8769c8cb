#include "ppp/model/coverage.hpp"

namespace ppp::model {

std::map<std::string, std::uint64_t> Coverage::requirements() const {
    std::map<std::string, std::uint64_t> out;
    for (const auto* list : {&states, &transitions})
        for (const CoverageItem& item : *list)
            for (const std::string& r : item.requirements) out[r] += item.hits;
    return out;
}

std::vector<std::string> Coverage::unvisited_states() const {
    std::vector<std::string> out;
    for (const CoverageItem& s : states)
        if (s.hits == 0) out.push_back(s.machine + ":" + s.name);
    return out;
}

std::vector<std::string> Coverage::unfired_transitions() const {
    std::vector<std::string> out;
    for (const CoverageItem& t : transitions)
        if (t.hits == 0) out.push_back(t.machine + ":" + t.name);
    return out;
}

std::vector<std::string> Coverage::unexercised_requirements() const {
    std::vector<std::string> out;
    for (const auto& [id, hits] : requirements())
        if (hits == 0) out.push_back(id);
    return out;
}

std::vector<MachineFigures> Coverage::figures() const {
    std::vector<MachineFigures> out;
    auto of = [&out](const std::string& machine) -> MachineFigures& {
        for (MachineFigures& f : out)
            if (f.machine == machine) return f;
        out.push_back({machine, 0, 0, 0, 0, {}, {}, {}});
        return out.back();
    };
    using F = MachineFigures;
    auto count = [&of](const std::vector<CoverageItem>& items, std::size_t F::*total, std::size_t F::*hit,
                       std::vector<std::string> F::*never) {
        for (const CoverageItem& item : items) {
            F& f = of(item.machine);
            if (!item.reachable()) {
                f.unreachable.push_back(item);
                continue;
            }
            ++(f.*total);
            if (item.hits > 0) ++(f.*hit);
            else (f.*never).push_back(item.name);
        }
    };
    count(states, &F::states, &F::states_visited, &F::unvisited_states);
    count(transitions, &F::rows, &F::rows_taken, &F::untaken_rows);
    return out;
}

std::vector<UnreachableMark> Coverage::mark_unreachable(const std::string& machine,
                                                        const std::vector<UnreachableMark>& marks) {
    std::vector<UnreachableMark> unknown;
    for (const UnreachableMark& mark : marks) {
        bool found = false;
        for (auto* list : {&states, &transitions})
            for (CoverageItem& item : *list)
                if (item.machine == machine && item.name == mark.name) {
                    item.unreachable_reason = mark.reason;
                    item.sut_choice = mark.sut_choice;
                    found = true;
                }
        if (!found) unknown.push_back(mark);
    }
    return unknown;
}

void Coverage::merge(const Coverage& other) {
    auto merge_list = [](std::vector<CoverageItem>& into, const std::vector<CoverageItem>& from) {
        for (const CoverageItem& item : from) {
            bool found = false;
            for (CoverageItem& mine : into) {
                if (mine.machine == item.machine && mine.name == item.name) {
                    mine.hits += item.hits;
                    if (mine.unreachable_reason.empty()) {
                        mine.unreachable_reason = item.unreachable_reason;
                        mine.sut_choice = item.sut_choice;
                    }
                    found = true;
                    break;
                }
            }
            if (!found) into.push_back(item);
        }
    };
    merge_list(states, other.states);
    merge_list(transitions, other.transitions);
}

void CoverageCounts::add(const CoverageCounts& other) {
    auto add_list = [](std::vector<std::uint64_t>& into, const std::vector<std::uint64_t>& from) {
        if (into.size() < from.size()) into.resize(from.size());
        for (std::size_t i = 0; i < from.size(); ++i) into[i] += from[i];
    };
    add_list(states, other.states);
    add_list(transitions, other.transitions);
}

}  // namespace ppp::model
