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

void Coverage::merge(const Coverage& other) {
    auto merge_list = [](std::vector<CoverageItem>& into, const std::vector<CoverageItem>& from) {
        for (const CoverageItem& item : from) {
            bool found = false;
            for (CoverageItem& mine : into) {
                if (mine.machine == item.machine && mine.name == item.name) {
                    mine.hits += item.hits;
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
