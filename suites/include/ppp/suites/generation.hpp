#pragma once
// Generation from the model's state (issue #15 item 3; eqc_statem's next command from the model
// state, TorXakis's inputs chosen on the fly): each intent names the oracle events its stimulus
// can feed the oracle; in the oracle's current state the enabled rows (RouterSpec::enabled_rows)
// say which intents can apply now and which rows each may lead to, and intents that may take a
// row the purpose has not taken yet are favoured. Weights depend only on the purpose's prior, the
// oracle's state and the rows taken earlier in the same purpose, so plans stay reproducible.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ppp/model/coverage.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/suites/intent.hpp"

namespace ppp::suites {

// What an intent's stimulus is, in the oracle's vocabulary.
struct IntentReach {
    // The oracle must be in a state where the stimulus means something: Link = some B-channel's
    // LCP is live (an enabled LCP row), Call = a call exists (a Q.931 row leaving a state other
    // than U0), None = always (time, traffic, faults armed for a later frame or call).
    enum class Needs : std::uint8_t { None, Link, Call };
    Needs needs = Needs::None;
    // Events whose rows the stimulus may lead to, as "machine|event" with the machine and event
    // names of the rows (RouterSpec::row_shapes); a rule row's event is its SPEC ID.
    std::vector<std::pair<std::string_view, std::string_view>> events;
};
const IntentReach& intent_reach(IntentKind kind);

// The rows of the model a purpose has taken so far, as a bit per row of
// RouterSpec::coverage_counts().transitions.
class RowsTaken {
public:
    RowsTaken();
    void add(const model::CoverageCounts& counts);  // rows with hits become taken
    void mark(std::size_t row) {
        if (row < bits_.size()) bits_[row] = any_ = true;
    }
    bool taken(std::size_t row) const { return row < bits_.size() && bits_[row]; }
    bool empty() const { return !any_; }
    void clear() {  // keeps the storage
        if (any_) std::fill(bits_.begin(), bits_.end(), false);
        any_ = false;
    }
    std::size_t count() const;

private:
    std::vector<bool> bits_;
    bool any_ = false;
};

// How much more likely an intent that may take an untaken row is drawn than its prior says.
inline constexpr int kUntakenFavour = 4;

struct WeightedIntent {
    IntentKind kind;
    int weight = 0;        // 0: its precondition does not hold in this state
    std::vector<std::size_t> untaken;  // enabled rows it may lead to, untaken in the purpose and the plan so far
};
// The prior weights of a purpose's swarm subset, weighed in the oracle's current state: intents
// whose precondition fails get 0, those that may lead to an untaken row (not in `taken` nor in
// `claimed`, not yet fired by `oracle`) kUntakenFavour times their prior. `claimed`: rows an intent
// drawn since the oracle last moved may already lead to (a second ping in the same instant takes
// nothing the first did not). Configuration variants are not weighed here (drawn before the run).
std::vector<WeightedIntent> weigh_intents(const std::vector<std::pair<int, IntentKind>>& prior,
                                          const model::RouterSpec& oracle, const RowsTaken& taken,
                                          const RowsTaken& claimed = RowsTaken{});
// The same from the oracle's enabled rows, into `out` (its storage reused: this runs at every step
// of a model-drawn plan); `fired` reads the rows fired, called only when an enabled row is still a
// candidate (the read sums every machine's counts).
void weigh_intents(const std::vector<std::pair<int, IntentKind>>& prior, const std::vector<std::size_t>& enabled,
                   const std::function<const model::CoverageCounts&()>& fired, const RowsTaken& taken,
                   const RowsTaken& claimed, std::vector<WeightedIntent>& out);

// Every (machine, event) an intent names that no row of the model carries: the map above must
// follow the tables (a test keeps it empty).
std::vector<std::string> unknown_reach_events();

}  // namespace ppp::suites
