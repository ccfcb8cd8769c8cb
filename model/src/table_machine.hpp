#pragma once
// The MSM-free face of the oracle's table machines (callback coordinator, DDR dialer, PAP/CHAP):
// fire an event, read the state, read coverage. The Boost.MSM tables themselves live in a few
// translation units (msm_table.hpp); the router_spec*.cpp files see only this header (compile time).
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "ppp/model/coverage.hpp"

namespace ppp::model::detail {

struct TableStep {
    bool legal = false;  // false: no row for the event in that state (a finding, never an assert)
    int from = 0;        // state enum values
    int to = 0;
    int row = -1;        // position of the fired row in its transition table
};

// Type-erased Boost.MSM back-end (msm_table.hpp: TableRunner).
class TableMachine {
public:
    virtual ~TableMachine() = default;
    // Allocation-free; `facts` are the machine's own fact bits, read by the guards of its rows.
    virtual TableStep fire(int event, std::uint32_t facts) = 0;
    virtual int state() const = 0;
    virtual const char* state_name(int state) const = 0;
    virtual const char* event_name(int event) const = 0;
    // States and rows with their names, requirement IDs and hit counts, read from the table.
    virtual Coverage coverage() const = 0;
    virtual const char* machine() const = 0;                        // its coverage name
    virtual std::vector<UnreachableMark> unreachable() const = 0;  // as marked beside its table
    // The hits of coverage(), in its order, added to `states` and `rows` (CoverageCounts).
    virtual void add_hits(std::uint64_t* states, std::uint64_t* rows) const = 0;
    virtual std::unique_ptr<TableMachine> clone() const = 0;
};

// A value type over one table machine, typed by the machine's own state and event enums.
template <class State, class Event>
class Machine {
public:
    explicit Machine(std::unique_ptr<TableMachine> m) : m_(std::move(m)) {}
    Machine(const Machine& o) : m_(o.m_->clone()) {}
    Machine& operator=(const Machine& o) {
        if (this != &o) m_ = o.m_->clone();
        return *this;
    }
    Machine(Machine&&) noexcept = default;
    Machine& operator=(Machine&&) noexcept = default;
    ~Machine() = default;

    TableStep fire(Event e, std::uint32_t facts = 0) { return m_->fire(static_cast<int>(e), facts); }
    State state() const { return static_cast<State>(m_->state()); }
    bool in(State s) const { return state() == s; }
    const char* name(State s) const { return m_->state_name(static_cast<int>(s)); }
    const char* name(Event e) const { return m_->event_name(static_cast<int>(e)); }
    Coverage coverage() const { return m_->coverage(); }
    const char* machine() const { return m_->machine(); }
    std::vector<UnreachableMark> unreachable() const { return m_->unreachable(); }
    void add_hits(std::uint64_t* states, std::uint64_t* rows) const { m_->add_hits(states, rows); }

private:
    std::unique_ptr<TableMachine> m_;
};

}  // namespace ppp::model::detail
