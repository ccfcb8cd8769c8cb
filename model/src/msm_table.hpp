#pragma once
// Boost.MSM scaffolding shared by the oracle's table machines (STYLE.md section 5): rows that
// carry their SPEC requirement IDs, the overridden MSM defaults (an illegal event is a finding,
// never an assert), and a generic back-end wrapper that counts fired rows and visited states by
// index (no allocation per event) and builds coverage from the table itself.
// Include only from the few machine translation units: MSM is expensive to compile.
#include <array>
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/mpl/find.hpp>
#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/type_traits/add_pointer.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/back/tools.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "table_machine.hpp"

namespace ppp::model::detail::table {

namespace msm = boost::msm;
namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

// A requirement tag: PPP_MSM_REQ(Ph03, "PH-03"); a row lists its tags in Reqs<...>.
#define PPP_MSM_REQ(Type, Text) \
    struct Type {               \
        static constexpr const char* id = Text; \
    }
template <class... R>
struct Reqs {
    static std::vector<std::string> list() { return {R::id...}; }
};

// A state or event type: PPP_MSM_STATE(Idle, Cb::Idle, "Idle").
#define PPP_MSM_STATE(Type, Enum, Text)                 \
    struct Type : boost::msm::front::state<> {          \
        static constexpr int id = static_cast<int>(Enum); \
        static constexpr const char* name = Text;       \
    }
#define PPP_MSM_EVENT(Type, Enum, Text)                 \
    struct Type {                                       \
        static constexpr int id = static_cast<int>(Enum); \
        static constexpr const char* name = Text;       \
    }

// What the rows write while an event is processed (a machine's own context may extend it).
struct Tally {
    int row = -1;              // table position of the row that fired
    bool illegal = false;      // no_transition or exception_caught
    std::uint32_t facts = 0;   // what the caller knows with the event, read by the rows' guards
};

// A guard on one fact bit: PPP_MSM_FACT(AnotherCallUp, kAnotherCallUp, "another call up") and
// its negation, so that a row shows the condition it decides on ("Up --call cleared[last call]-->").
#define PPP_MSM_FACT(Type, NotType, Bit, Text, NotText)                                  \
    struct Type {                                                                         \
        static constexpr const char* name = Text;                                         \
        template <class Ev, class Fsm, class Src, class Tgt>                              \
        bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return (m.ctx->facts & (Bit)) != 0; } \
    };                                                                                    \
    struct NotType {                                                                      \
        static constexpr const char* name = NotText;                                      \
        template <class Ev, class Fsm, class Src, class Tgt>                              \
        bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return (m.ctx->facts & (Bit)) == 0; } \
    }

// Appended to every row's action: records the row's position in the table.
template <class Row>
struct fired {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        m.ctx->row = mpl::find<typename Fsm::transition_table, Row>::type::pos::value;
    }
};
struct nop {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm&, Src&, Tgt&) const {}
};

template <class G>
std::string guard_text() {
    if constexpr (std::is_same_v<G, msmf::none>) return "";
    else return *G::name == 0 ? std::string() : std::string("[") + G::name + "]";
}

// One row = one rule of the spec: source, event, target, action, guard, requirement IDs.
template <class S, class E, class T, class A, class G, class R>
struct Cell : msmf::Row<S, E, T, msmf::ActionSequence_<mpl::vector<A, fired<Cell<S, E, T, A, G, R>>>>, G> {
    using requirements = R;
    static std::string name() { return std::string(S::name) + " --" + E::name + guard_text<G>() + "--> " + T::name; }
    // Built once per row, for steps that cite the row without allocating.
    static const std::string& name_text() {
        static const std::string text = name();
        return text;
    }
    static const std::vector<std::string>& requirement_list() {
        static const std::vector<std::string> list = R::list();
        return list;
    }
};
// Most rows need no action and no guard.
template <class S, class E, class T, class R>
using Go = Cell<S, E, T, nop, msmf::none, R>;

// Front-end base: the context pointer and both MSM defaults overridden (they assert).
template <class Derived, class Ctx = Tally>
struct TableDef : msmf::state_machine_def<Derived> {
    Ctx* ctx = nullptr;
    template <class Fsm, class Ev>
    void no_transition(const Ev&, Fsm&, int) { ctx->illegal = true; }
    template <class Fsm, class Ev>
    void exception_caught(const Ev&, Fsm&, std::exception&) { ctx->illegal = true; }
    // Rows (or states) of the table no black-box tester can reach, by coverage name, each with its
    // reason (DESIGN.md section 5): a table that has some hides this with its own list beside it.
    static std::vector<UnreachableMark> unreachable() { return {}; }
};

// The back-end behind TableMachine. Events... are the machine's event types, each with an `id`
// equal to its enum value; state types carry their enum value in `id` too.
template <class Def, class... Events>
class TableRunner final : public TableMachine {
public:
    using Fsm = msm::back::state_machine<Def, msm::back::no_fsm_check>;
    using Table = typename Def::transition_table;
    using States = typename msm::back::generate_state_set<typename Fsm::stt>::type;
    static constexpr std::size_t kRows = mpl::size<Table>::value;
    static constexpr std::size_t kStates = mpl::size<States>::value;

    explicit TableRunner(const char* machine) : machine_(machine) {
        fsm_.ctx = &tally_;
        fsm_.start();
        mpl::for_each<States, boost::add_pointer<mpl::placeholders::_1>>([&](auto* tag) {
            using S = std::remove_pointer_t<decltype(tag)>;
            const auto msm_id = static_cast<std::size_t>(msm::back::get_state_id<typename Fsm::stt, S>::type::value);
            enum_of_[msm_id] = S::id;
            name_of_[static_cast<std::size_t>(S::id)] = S::name;
        });
        ++visits_[static_cast<std::size_t>(state())];
    }
    TableRunner(const TableRunner& o)
        : TableMachine(), machine_(o.machine_), fsm_(o.fsm_), enum_of_(o.enum_of_), name_of_(o.name_of_),
          rows_(o.rows_), visits_(o.visits_) {
        fsm_.ctx = &tally_;
    }
    TableRunner& operator=(const TableRunner&) = delete;

    TableStep fire(int event, std::uint32_t facts) override {
        TableStep step;
        step.from = state();
        tally_ = Tally{};
        tally_.facts = facts;
        const bool known = ((Events::id == event ? (fsm_.process_event(Events{}), true) : false) || ...);
        step.to = state();
        step.legal = known && !tally_.illegal && tally_.row >= 0;
        if (step.legal) {
            step.row = tally_.row;
            ++rows_[static_cast<std::size_t>(step.row)];
            ++visits_[static_cast<std::size_t>(step.to)];
        }
        return step;
    }
    int state() const override { return enum_of_[static_cast<std::size_t>(fsm_.current_state()[0])]; }
    const char* state_name(int s) const override {
        return s >= 0 && static_cast<std::size_t>(s) < kStates ? name_of_[static_cast<std::size_t>(s)] : "?";
    }
    const char* event_name(int e) const override {
        const char* out = "?";
        ((Events::id == e ? (out = Events::name, true) : false) || ...);
        return out;
    }
    Coverage coverage() const override {
        Coverage c;
        for (std::size_t s = 0; s < kStates; ++s) c.states.push_back({machine_, name_of_[s], {}, visits_[s]});
        std::size_t i = 0;
        mpl::for_each<Table, boost::add_pointer<mpl::placeholders::_1>>([&](auto* tag) {
            using Row = std::remove_pointer_t<decltype(tag)>;
            c.transitions.push_back({machine_, Row::name(), Row::requirements::list(), rows_[i++]});
        });
        c.mark_unreachable(machine_, Def::unreachable());
        return c;
    }
    const char* machine() const override { return machine_; }
    std::vector<UnreachableMark> unreachable() const override { return Def::unreachable(); }
    void add_hits(std::uint64_t* states, std::uint64_t* rows) const override {
        for (std::size_t s = 0; s < kStates; ++s) states[s] += visits_[s];
        for (std::size_t i = 0; i < kRows; ++i) rows[i] += rows_[i];
    }
    std::unique_ptr<TableMachine> clone() const override { return std::make_unique<TableRunner>(*this); }

private:
    const char* machine_;
    Tally tally_;
    Fsm fsm_;
    std::array<int, kStates> enum_of_{};            // MSM state id -> enum value
    std::array<const char*, kStates> name_of_{};    // enum value -> name
    std::array<std::uint64_t, kRows> rows_{};       // hits per row
    std::array<std::uint64_t, kStates> visits_{};   // visits per state (enum value)
};

}  // namespace ppp::model::detail::table
