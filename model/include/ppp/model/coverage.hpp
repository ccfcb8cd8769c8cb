#pragma once
// State, transition and requirement coverage of the oracle (DESIGN.md section 5). Names come from
// the machines' own tables (MSM state/event types and per-row descriptors), never a hand list.
#include <cstddef>
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
    // Why no black-box tester can make the oracle take this row (or visit this state), as marked
    // beside its table (UnreachableMark); empty = reachable, counted in the coverage figure.
    std::string unreachable_reason = {};
    // The reason above says the row is taken only when the SUT itself chooses so (an
    // administrative Open or Close, an answer sequence, a link kept after tlf): reported apart
    // from the figure like an unreachable row, but taking it is no sign of a wrong mark.
    bool sut_choice = false;
    bool reachable() const { return unreachable_reason.empty(); }
};

// A row or state of a machine's table that no sequence of stimuli at the port (frames, Q.931
// messages, datagrams offered to the LAN side, the passage of time) can make the oracle take, as
// the RouterSpec drives the machine (DESIGN.md section 5). Written beside the table it marks.
struct UnreachableMark {
    const char* name;    // the row's (or state's) coverage name, exactly
    const char* reason;  // one line, checkable against the oracle's source
    bool sut_choice = false;  // CoverageItem::sut_choice
};

// One machine's figures: reachable rows taken / reachable rows, apart from the unreachable ones.
struct MachineFigures {
    std::string machine;
    std::size_t states = 0, states_visited = 0;  // reachable states
    std::size_t rows = 0, rows_taken = 0;        // reachable rows (transitions)
    std::vector<std::string> unvisited_states;   // reachable, never visited
    std::vector<std::string> untaken_rows;       // reachable, never taken
    std::vector<CoverageItem> unreachable;       // marked states and rows, with their reasons
};

struct Coverage {
    std::vector<CoverageItem> states;
    std::vector<CoverageItem> transitions;

    // Requirement ID -> times exercised (0 = known to the model but never exercised).
    std::map<std::string, std::uint64_t> requirements() const;
    std::vector<std::string> unvisited_states() const;       // "lcp:Stopping"
    std::vector<std::string> unfired_transitions() const;    // "lcp:Stopping --RTA--> Stopped"
    std::vector<std::string> unexercised_requirements() const;
    // Per machine, in first-seen order over states then transitions.
    std::vector<MachineFigures> figures() const;
    // Sets unreachable_reason on the items of `machine` that `marks` name; returns the marks
    // that name none of them (a mark must name a row of its own table).
    std::vector<UnreachableMark> mark_unreachable(const std::string& machine, const std::vector<UnreachableMark>& marks);
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
