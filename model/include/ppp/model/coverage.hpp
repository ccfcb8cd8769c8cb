#pragma once
// State, transition and requirement coverage of the oracle (DESIGN.md section 5). Names come from
// the machines' own tables (MSM state/event types and per-row descriptors), never a hand list.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ppp::model {

struct CoverageItem {
    std::string machine;                    // "lcp", "q931", "callback", ...
    std::string name;                       // "ReqSent" or "ReqSent --RCA--> AckRcvd"
    std::vector<std::string> requirements;  // SPEC IDs the item embodies
    std::uint64_t hits = 0;
};

struct Coverage {
    std::vector<CoverageItem> states;
    std::vector<CoverageItem> transitions;

    // Requirement ID -> times exercised (0 = known to the model but never exercised).
    std::map<std::string, std::uint64_t> requirements() const;
    std::vector<std::string> unvisited_states() const;       // "lcp:Stopping"
    std::vector<std::string> unfired_transitions() const;    // "lcp:Stopping --RTA--> Stopped"
    std::vector<std::string> unexercised_requirements() const;
    // Adds hits of `other` item by item (same machine and name), appending unknown items.
    void merge(const Coverage& other);
};

// Hit counts only, in a fixed layout of states and rows that names nothing
// (RouterSpec::coverage_counts): counting costs an addition per row, so it is on in every run,
// and names are put to the numbers once, for a report (RouterSpec::coverage_of).
struct CoverageCounts {
    std::vector<std::uint64_t> states;
    std::vector<std::uint64_t> transitions;

    // Adds `other` position by position; an empty side takes the other's size.
    void add(const CoverageCounts& other);
    bool operator==(const CoverageCounts& other) const {
        return states == other.states && transitions == other.transitions;
    }
};

}  // namespace ppp::model
