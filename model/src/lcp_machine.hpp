#pragma once
// Boost.MSM vocabulary of the RFC 1661 automaton, shared by the three group tables
// (lcp_admin.cpp, lcp_configure.cpp, lcp_terminate.cpp). Included only by those files.
#include <array>
#include <string>
#include <type_traits>

#include <boost/mpl/find.hpp>
#include <boost/mpl/for_each.hpp>
#include <boost/mpl/size.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/back/tools.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "lcp_context.hpp"
#include "msm_table.hpp"

namespace ppp::model::detail::lcp {

namespace msm = boost::msm;
namespace msmf = boost::msm::front;
namespace mpl = boost::mpl;

// States: RFC 1661 section 4.2 (numbers as in SPEC section 3).
#define PPP_LCP_STATE(Type, Num, Text)                                     \
    struct Type : msmf::state<> {                                          \
        static constexpr LcpState id = static_cast<LcpState>(Num);         \
        static constexpr const char* name = Text;                          \
    }
PPP_LCP_STATE(Initial, 0, "Initial");
PPP_LCP_STATE(Starting, 1, "Starting");
PPP_LCP_STATE(Closed, 2, "Closed");
PPP_LCP_STATE(Stopped, 3, "Stopped");
PPP_LCP_STATE(Closing, 4, "Closing");
PPP_LCP_STATE(Stopping, 5, "Stopping");
PPP_LCP_STATE(ReqSent, 6, "Req-Sent");
PPP_LCP_STATE(AckRcvd, 7, "Ack-Rcvd");
PPP_LCP_STATE(AckSent, 8, "Ack-Sent");
PPP_LCP_STATE(Opened, 9, "Opened");
#undef PPP_LCP_STATE

// Events: RFC 1661 section 4.3, the RFC's code in rfc_name.
#define PPP_LCP_EVENT(Type, Enum, Text)                                    \
    struct Type {                                                          \
        static constexpr LcpEvent id = LcpEvent::Enum;                     \
        static constexpr const char* rfc_name = Text;                      \
    }
PPP_LCP_EVENT(Up, Up, "Up");
PPP_LCP_EVENT(Down, Down, "Down");
PPP_LCP_EVENT(Open, Open, "Open");
PPP_LCP_EVENT(Close, Close, "Close");
PPP_LCP_EVENT(ToPlus, TimeoutPlus, "TO+");
PPP_LCP_EVENT(ToMinus, TimeoutMinus, "TO-");
PPP_LCP_EVENT(RcrGood, RcrGood, "RCR+");
PPP_LCP_EVENT(RcrBad, RcrBad, "RCR-");
PPP_LCP_EVENT(Rca, Rca, "RCA");
PPP_LCP_EVENT(Rcn, Rcn, "RCN");
PPP_LCP_EVENT(Rtr, Rtr, "RTR");
PPP_LCP_EVENT(Rta, Rta, "RTA");
PPP_LCP_EVENT(Ruc, Ruc, "RUC");
PPP_LCP_EVENT(RxjGood, RxjGood, "RXJ+");
PPP_LCP_EVENT(RxjBad, RxjBad, "RXJ-");
PPP_LCP_EVENT(Rxr, Rxr, "RXR");
#undef PPP_LCP_EVENT

// Requirement tags carried by the rows (msm_table.hpp).
#define PPP_REQ PPP_MSM_REQ
using table::Reqs;
PPP_REQ(Fsm01, "FSM-01");
PPP_REQ(Fsm02, "FSM-02");
PPP_REQ(Fsm04, "FSM-04");
PPP_REQ(Fsm06, "FSM-06");
PPP_REQ(Fsm07, "FSM-07");
PPP_REQ(Fsm08, "FSM-08");
PPP_REQ(Ph01, "PH-01");
PPP_REQ(Ph02, "PH-02");
PPP_REQ(Ph04, "PH-04");
PPP_REQ(Lcp03, "LCP-03");
PPP_REQ(Lcp05, "LCP-05");
PPP_REQ(Lcp06, "LCP-06");
PPP_REQ(Lcp09, "LCP-09");
PPP_REQ(Lcp10, "LCP-10");
PPP_REQ(Lcp11, "LCP-11");
PPP_REQ(Lcp12, "LCP-12");
#undef PPP_REQ

// Actions: RFC 1661 section 4.4 verbs. They only append to the outbox.
template <LcpAction A>
struct emit {
    static std::string names() { return lcp_action_name(A); }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const { m.ctx->outbox.push_back(A); }
};
using tlu = emit<LcpAction::tlu>;
using tld = emit<LcpAction::tld>;
using tls = emit<LcpAction::tls>;
using tlf = emit<LcpAction::tlf>;
using sta = emit<LcpAction::sta>;
using scj = emit<LcpAction::scj>;
using ser = emit<LcpAction::ser>;
struct irc {  // Max-Terminate when heading to Closing/Stopping, else Max-Configure (FSM-02)
    static std::string names() { return "irc"; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        constexpr bool terminating = std::is_same_v<Tgt, Closing> || std::is_same_v<Tgt, Stopping>;
        m.ctx->restart_counter = terminating ? m.ctx->options.max_terminate : m.ctx->options.max_configure;
        m.ctx->outbox.push_back(LcpAction::irc);
    }
};
struct zrc {  // FSM-04: zero the counter, the timer still runs as a pause before tlf
    static std::string names() { return "zrc"; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        m.ctx->restart_counter = 0;
        m.ctx->timer_started = true;
        m.ctx->outbox.push_back(LcpAction::zrc);
    }
};
template <LcpAction A>
struct send_with_timer {  // scr/str: each transmission decrements and (re)starts (FSM-01/02)
    static std::string names() { return lcp_action_name(A); }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        if (m.ctx->restart_counter > 0) --m.ctx->restart_counter;
        m.ctx->timer_started = true;
        m.ctx->outbox.push_back(A);
    }
};
using scr = send_with_timer<LcpAction::scr>;
using str = send_with_timer<LcpAction::str>;
struct sca {
    static std::string names() { return "sca"; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        m.ctx->naks = 0;  // Max-Failure counts CNs without a CA sent (FSM-03)
        m.ctx->outbox.push_back(LcpAction::sca);
    }
};
struct scn {
    static std::string names() { return "scn"; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        if (m.ctx->scn_is_nak) ++m.ctx->naks;  // FSM-03: Rejects do not count
        m.ctx->outbox.push_back(LcpAction::scn);
    }
};
struct xlog {  // [x] crossed connection: SHOULD be logged (FSM-07)
    static std::string names() { return "x"; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const { m.ctx->crossed = true; }
};
struct nop {
    static std::string names() { return ""; }
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm&, Src&, Tgt&) const {}
};
template <class... A>
struct seq : msmf::ActionSequence_<mpl::vector<A...>> {
    static std::string names() {
        std::string out;
        for (const std::string& n : {A::names()...}) {
            if (n.empty() || n == "x") continue;
            out += (out.empty() ? "" : ",") + n;
        }
        return out;
    }
};
template <class A>
struct crossed_of : std::false_type {};
template <>
struct crossed_of<xlog> : std::true_type {};
template <class... A>
struct crossed_of<seq<A...>> : std::bool_constant<(crossed_of<A>::value || ...)> {};

// Guards for the profile options.
struct passive {
    static constexpr const char* name = "p";
    template <class Ev, class Fsm, class Src, class Tgt>
    bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return m.ctx->options.passive; }
};
struct not_passive {
    static constexpr const char* name = "!p";
    template <class Ev, class Fsm, class Src, class Tgt>
    bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return !m.ctx->options.passive; }
};
struct restart_opt {
    static constexpr const char* name = "r";
    template <class Ev, class Fsm, class Src, class Tgt>
    bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return m.ctx->options.restart; }
};
struct no_restart_opt {
    static constexpr const char* name = "!r";
    template <class Ev, class Fsm, class Src, class Tgt>
    bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return !m.ctx->options.restart; }
};
struct always {
    static constexpr const char* name = "";
    template <class Ev, class Fsm, class Src, class Tgt>
    bool operator()(const Ev&, Fsm&, Src&, Tgt&) const { return true; }
};

// The cell text ("RCA 7: scr/6x") is generated from the row itself.
template <class S, class E, class T, class A, class G>
std::string cell_text() {
    const std::string acts = seq<A>::names();
    std::string cell = std::string(E::rfc_name) + " " + std::to_string(static_cast<int>(S::id)) +
                       ": " + (acts.empty() ? "" : acts + "/") +
                       std::to_string(static_cast<int>(T::id)) + (crossed_of<A>::value ? "x" : "");
    if (*G::name != 0) cell += std::string(" [") + G::name + "]";
    return cell;
}

// Records the fired row after the row's own actions: its table position (the group counts hits
// by index) and its cell text, built once per row. Nothing is allocated per event.
template <class Row>
struct fired {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        m.ctx->row = mpl::find<typename Fsm::transition_table, Row>::type::pos::value;
        m.ctx->cell = &Row::cell();
    }
};

// One table row = one RFC cell: the usual functor Row plus its requirement IDs.
template <class S, class E, class T, class A, class G, class R>
struct Cell : msmf::Row<S, E, T, seq<A, fired<Cell<S, E, T, A, G, R>>>, G> {
    using requirements = R;
    static const std::string& cell() {
        static const std::string text = cell_text<S, E, T, A, G>();
        return text;
    }
    static LcpRowInfo info() { return {S::name, E::rfc_name, T::name, G::name, cell(), R::list()}; }
};

// Common front-end: the context pointer and the overridden defaults (STYLE.md section 5); an
// illegal event is FSM-05: logged, no transition, no reset.
template <class Derived>
using GroupDef = table::TableDef<Derived, LcpContext>;

// The back-end wrapper every group uses: maps LcpState <-> MSM state ids and dispatches.
template <class Def>
class Group final : public LcpGroup {
public:
    using Machine = msm::back::state_machine<Def, msm::back::no_fsm_check>;
    Group() {
        machine_.ctx = &scratch_;
        machine_.start();
        fill<Initial>(); fill<Starting>(); fill<Closed>(); fill<Stopped>(); fill<Closing>();
        fill<Stopping>(); fill<ReqSent>(); fill<AckRcvd>(); fill<AckSent>(); fill<Opened>();
    }
    Group(const Group& other)
        : LcpGroup(), machine_(other.machine_), ids_(other.ids_), back_(other.back_), hits_(other.hits_) {
        machine_.ctx = &scratch_;
    }
    Group& operator=(const Group&) = delete;

    bool handles(LcpEvent event) const override { return Def::handles(event); }

    LcpState dispatch(LcpEvent event, LcpState state, LcpContext& ctx) override {
        machine_.ctx = &ctx;
        ctx.row = -1;
        // current_state() exposes the back-end's own array; the machine object is not const.
        const_cast<int*>(machine_.current_state())[0] = ids_[static_cast<std::size_t>(state)];
        Def::process(machine_, event);
        if (ctx.row >= 0 && !ctx.illegal) ++hits_[static_cast<std::size_t>(ctx.row)];
        machine_.ctx = &scratch_;
        return back_[static_cast<std::size_t>(machine_.current_state()[0])];
    }

    std::vector<LcpRowInfo> rows() const override {
        std::vector<LcpRowInfo> out;
        std::size_t i = 0;
        mpl::for_each<typename Def::transition_table, boost::add_pointer<mpl::placeholders::_1>>(
            [&](auto* row) {
                using Row = std::remove_pointer_t<decltype(row)>;
                out.push_back(Row::info());
                out.back().hits = hits_[i++];
            });
        return out;
    }
    std::size_t add_hits(std::uint64_t* rows) const override {
        for (std::size_t i = 0; i < hits_.size(); ++i) rows[i] += hits_[i];
        return hits_.size();
    }
    std::vector<UnreachableMark> unreachable() const override { return Def::unreachable(); }
    std::unique_ptr<LcpGroup> clone() const override { return std::make_unique<Group>(*this); }

private:
    template <class S>
    void fill() {
        const int id = msm::back::get_state_id<typename Machine::stt, S>::type::value;
        ids_[static_cast<std::size_t>(S::id)] = id;
        back_[static_cast<std::size_t>(id)] = S::id;
    }
    LcpContext scratch_;
    Machine machine_;
    std::array<int, kLcpStateCount> ids_{};
    std::array<LcpState, kLcpStateCount> back_{};
    std::array<std::uint64_t, mpl::size<typename Def::transition_table>::value> hits_{};  // per row
};

}  // namespace ppp::model::detail::lcp
