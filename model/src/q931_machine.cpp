// Q.931 user-side call control for one call reference (Q.931 section 5, SPEC ISDN-01..07):
// a Boost.MSM table behind the Q931Call pimpl. Only this file includes MSM for Q.931.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "msm_table.hpp"
#include "ppp/model/q931_call.hpp"

namespace ppp::model {
namespace {

using namespace detail::table;

struct Q931Context : Tally {  // Tally: the fired row's position, the illegal flag
    std::vector<Q931Effect> effects;
    Q931Timer timer = Q931Timer::None;
    int t303_expiries = 0;
    int t308_expiries = 0;
};

#define PPP_U(Type, Num, Text)                                                 \
    struct Type : msmf::state<> {                                              \
        static constexpr Q931State id = Q931State::Type;                       \
        static constexpr const char* name = Text;                              \
    }
PPP_U(U0, 0, "U0 Null");
PPP_U(U1, 1, "U1 Call initiated");
PPP_U(U3, 3, "U3 Outgoing call proceeding");
PPP_U(U4, 4, "U4 Call delivered");
PPP_U(U6, 6, "U6 Call present");
PPP_U(U7, 7, "U7 Call received");
PPP_U(U8, 8, "U8 Connect request");
PPP_U(U9, 9, "U9 Incoming call proceeding");
PPP_U(U10, 10, "U10 Active");
PPP_U(U11, 11, "U11 Disconnect request");
PPP_U(U12, 12, "U12 Disconnect indication");
PPP_U(U19, 19, "U19 Release request");
#undef PPP_U

#define PPP_E(Type, Text)                                                      \
    struct Type {                                                              \
        static constexpr Q931Event id = Q931Event::Type;                       \
        static constexpr const char* name = Text;                              \
    }
PPP_E(SetupOut, "SETUP out");
PPP_E(SetupIn, "SETUP in");
PPP_E(CallProcIn, "CALL PROC in");
PPP_E(AlertingIn, "ALERTING in");
PPP_E(ProgressIn, "PROGRESS in");
PPP_E(ConnectIn, "CONNECT in");
PPP_E(ConnectAckOut, "CONNECT ACK out");
PPP_E(CallProcOut, "CALL PROC out");
PPP_E(AlertingOut, "ALERTING out");
PPP_E(ConnectOut, "CONNECT out");
PPP_E(ConnectAckIn, "CONNECT ACK in");
PPP_E(DisconnectOut, "DISCONNECT out");
PPP_E(DisconnectIn, "DISCONNECT in");
PPP_E(ReleaseOut, "RELEASE out");
PPP_E(ReleaseIn, "RELEASE in");
PPP_E(RelCompOut, "RELEASE COMPLETE out");
PPP_E(RelCompIn, "RELEASE COMPLETE in");
PPP_E(T303, "T303 expiry");
PPP_E(T305, "T305 expiry");
PPP_E(T308, "T308 expiry");
PPP_E(T310, "T310 expiry");
PPP_E(T313, "T313 expiry");
#undef PPP_E

PPP_MSM_REQ(Isdn02, "ISDN-02");
PPP_MSM_REQ(Isdn03, "ISDN-03");
PPP_MSM_REQ(Isdn04, "ISDN-04");
PPP_MSM_REQ(Isdn05, "ISDN-05");
PPP_MSM_REQ(Isdn06, "ISDN-06");
PPP_MSM_REQ(Isdn07, "ISDN-07");
PPP_MSM_REQ(Isdn11, "ISDN-11");
PPP_MSM_REQ(Amb17, "AMB-17");

// Actions: effects appended to the context, never performed.
template <Q931Effect... E>
struct fx {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const { (m.ctx->effects.push_back(E), ...); }
};
template <Q931Timer T>
struct start {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        m.ctx->effects.push_back(Q931Effect::StartTimer);
        m.ctx->timer = T;
    }
};
using stop = fx<Q931Effect::StopTimer>;
using none_fx = fx<>;
template <class... A>
using seq = msmf::ActionSequence_<mpl::vector<A...>>;
// Guards named "" keep the row names "U1 --T303 expiry--> U1" (the target tells them apart).
#define PPP_Q931_GUARD(Type, Expr)                                          \
    struct Type {                                                           \
        static constexpr const char* name = "";                             \
        template <class Ev, class Fsm, class Src, class Tgt>                \
        bool operator()(const Ev&, Fsm& m, Src&, Tgt&) const { return Expr; } \
    }
PPP_Q931_GUARD(first_t303, m.ctx->t303_expiries == 0);
PPP_Q931_GUARD(second_t303, m.ctx->t303_expiries > 0);
PPP_Q931_GUARD(first_t308, m.ctx->t308_expiries == 0);
PPP_Q931_GUARD(second_t308, m.ctx->t308_expiries > 0);
#undef PPP_Q931_GUARD
using always = msmf::none;

struct count_expiry {
    template <class Ev, class Fsm, class Src, class Tgt>
    void operator()(const Ev&, Fsm& m, Src&, Tgt&) const {
        if constexpr (std::is_same_v<Ev, T303>) ++m.ctx->t303_expiries;
        if constexpr (std::is_same_v<Ev, T308>) ++m.ctx->t308_expiries;
    }
};


using Up = fx<Q931Effect::StopTimer, Q931Effect::ChannelUp>;
using Gone = fx<Q931Effect::StopTimer, Q931Effect::ChannelDown, Q931Effect::CallGone>;

struct CallDef : TableDef<CallDef, Q931Context> {
    using initial_state = U0;
    // clang-format off
    struct transition_table : mpl::vector<
    //    Source Event          Target Action                                                  Guard        Requirements
    Cell< U0,  SetupOut,      U1,  start<Q931Timer::T303>,                                   always,      Reqs<Isdn02>        >,
    Cell< U0,  SetupIn,       U6,  none_fx,                                                  always,      Reqs<Isdn03>        >,
    Cell< U0,  RelCompOut,    U0,  none_fx,                                                  always,      Reqs<Isdn05>        >,
    Cell< U1,  CallProcIn,    U3,  start<Q931Timer::T310>,                                   always,      Reqs<Isdn02>        >,
    Cell< U1,  AlertingIn,    U4,  stop,                                                     always,      Reqs<Isdn02>        >,
    Cell< U1,  ConnectIn,     U10, seq<Up, fx<Q931Effect::OweConnectAck>>,                   always,      Reqs<Isdn02, Isdn07>>,
    Cell< U1,  T303,          U1,  seq<count_expiry, fx<Q931Effect::OweSetup>>,              first_t303,  Reqs<Isdn02>        >,
    Cell< U1,  T303,          U0,  seq<count_expiry, Gone>,                                  second_t303, Reqs<Isdn02, Isdn06>>,
    Cell< U1,  SetupOut,      U1,  start<Q931Timer::T303>,                                   always,      Reqs<Isdn02>        >,
    Cell< U1,  RelCompIn,     U0,  Gone,                                                     always,      Reqs<Isdn06>        >,
    Cell< U1,  DisconnectIn,  U12, seq<stop, fx<Q931Effect::OweRelease>>,                    always,      Reqs<Isdn05, Isdn06>>,
    // Q.931 Table 9-2, T310: normal stop "ALERT, CONN, DISC ... received" (U4 runs no timer).
    Cell< U3,  AlertingIn,    U4,  stop,                                                     always,      Reqs<Isdn02>        >,
    Cell< U3,  ProgressIn,    U3,  none_fx,                                                  always,      Reqs<Isdn02>        >,
    Cell< U3,  ConnectIn,     U10, seq<Up, fx<Q931Effect::OweConnectAck>>,                   always,      Reqs<Isdn02, Isdn07>>,
    Cell< U3,  T310,          U3,  fx<Q931Effect::OweDisconnect>,                            always,      Reqs<Isdn06>        >,
    Cell< U3,  DisconnectIn,  U12, seq<stop, fx<Q931Effect::OweRelease>>,                    always,      Reqs<Isdn05, Isdn06>>,
    Cell< U3,  DisconnectOut, U11, start<Q931Timer::T305>,                                   always,      Reqs<Isdn05, Isdn06>>,
    Cell< U3,  RelCompIn,     U0,  Gone,                                                     always,      Reqs<Isdn06>        >,
    Cell< U4,  ConnectIn,     U10, seq<Up, fx<Q931Effect::OweConnectAck>>,                   always,      Reqs<Isdn02, Isdn07>>,
    Cell< U4,  DisconnectIn,  U12, fx<Q931Effect::OweRelease>,                               always,      Reqs<Isdn05, Isdn06>>,
    Cell< U4,  DisconnectOut, U11, start<Q931Timer::T305>,                                   always,      Reqs<Isdn05, Isdn06>>,
    Cell< U6,  CallProcOut,   U9,  none_fx,                                                  always,      Reqs<Isdn03>        >,
    Cell< U6,  AlertingOut,   U7,  none_fx,                                                  always,      Reqs<Isdn03>        >,
    Cell< U6,  ConnectOut,    U8,  start<Q931Timer::T313>,                                   always,      Reqs<Isdn03>        >,
    Cell< U6,  RelCompOut,    U0,  fx<Q931Effect::CallGone>,                                 always,      Reqs<Isdn04>        >,
    Cell< U6,  ReleaseIn,     U0,  fx<Q931Effect::OweRelComp, Q931Effect::CallGone>,         always,      Reqs<Isdn03>        >,
    Cell< U7,  ConnectOut,    U8,  start<Q931Timer::T313>,                                   always,      Reqs<Isdn03>        >,
    Cell< U7,  DisconnectIn,  U12, fx<Q931Effect::OweRelease>,                               always,      Reqs<Isdn05>        >,
    Cell< U9,  AlertingOut,   U7,  none_fx,                                                  always,      Reqs<Isdn03>        >,
    Cell< U9,  ConnectOut,    U8,  start<Q931Timer::T313>,                                   always,      Reqs<Isdn03>        >,
    Cell< U9,  DisconnectIn,  U12, fx<Q931Effect::OweRelease>,                               always,      Reqs<Isdn05>        >,
    Cell< U8,  ConnectAckIn,  U10, Up,                                                       always,      Reqs<Isdn03, Isdn07>>,
    Cell< U8,  T313,          U8,  fx<Q931Effect::OweDisconnect>,                            always,      Reqs<Isdn03>        >,
    Cell< U8,  DisconnectIn,  U12, seq<stop, fx<Q931Effect::OweRelease>>,                    always,      Reqs<Isdn05>        >,
    Cell< U8,  DisconnectOut, U11, start<Q931Timer::T305>,                                   always,      Reqs<Isdn05>        >,
    Cell< U8,  ReleaseIn,     U0,  seq<Gone, fx<Q931Effect::OweRelComp>>,                    always,      Reqs<Isdn03>        >,
    Cell< U10, ConnectAckOut, U10, none_fx,                                                  always,      Reqs<Amb17>         >,
    Cell< U10, DisconnectOut, U11, seq<fx<Q931Effect::ChannelDown>, start<Q931Timer::T305>>, always,      Reqs<Isdn05, Isdn07>>,
    Cell< U10, DisconnectIn,  U12, fx<Q931Effect::ChannelDown, Q931Effect::OweRelease>,      always,      Reqs<Isdn05, Isdn07>>,
    Cell< U11, ReleaseIn,     U0,  seq<Gone, fx<Q931Effect::OweRelComp>>,                   always,      Reqs<Isdn05>        >,
    Cell< U11, T305,          U11, fx<Q931Effect::OweRelease>,                               always,      Reqs<Isdn05>        >,
    Cell< U11, ReleaseOut,    U19, start<Q931Timer::T308>,                                   always,      Reqs<Isdn05>        >,
    Cell< U11, DisconnectIn,  U19, fx<Q931Effect::OweRelease>,                               always,      Reqs<Isdn05>        >,
    Cell< U12, ReleaseOut,    U19, start<Q931Timer::T308>,                                   always,      Reqs<Isdn05>        >,
    Cell< U12, ReleaseIn,     U0,  seq<Gone, fx<Q931Effect::OweRelComp>>,                   always,      Reqs<Isdn05>        >,
    Cell< U19, RelCompIn,     U0,  Gone,                                                     always,      Reqs<Isdn05>        >,
    // Q.931 section 5.3.5: "The entity receiving such a RELEASE message whilst within the Release
    // Request state shall: stop timer T308; release the call reference and B-channel; and enter
    // the Null state (without sending or receiving a RELEASE COMPLETE message)."
    Cell< U19, ReleaseIn,     U0,  Gone,                                                     always,      Reqs<Isdn11>        >,
    // Q.931 Table 9-2, T308: cause for start "REL sent"; at the first expiry "retransmit REL and
    // restart T308" (a RELEASE owed in U19 starts it too: the clear collision of section 5.3.5).
    Cell< U19, ReleaseOut,    U19, start<Q931Timer::T308>,                                   always,      Reqs<Isdn05>        >,
    Cell< U19, T308,          U19, seq<count_expiry, fx<Q931Effect::OweRelease>>,            first_t308,  Reqs<Isdn05>        >,
    Cell< U19, T308,          U0,  seq<count_expiry, Gone>,                                  second_t308, Reqs<Isdn05>        >
    > {};
    // clang-format on

    // DESIGN.md section 5: rows no black-box tester can make the oracle take.
    static std::vector<UnreachableMark> unreachable() {
        return {{"U0 Null --RELEASE COMPLETE out--> U0 Null",
                 "a call exists only from its SETUP (fired at once: U0 -> U1/U6) until a row into U0 frees it "
                 "(CallGone); a RELEASE COMPLETE for no call is judged before the table (on_q931)"}};
    }
};

using CallMachine = msm::back::state_machine<CallDef>;
using CallTable = CallDef::transition_table;
constexpr std::size_t kCallRows = mpl::size<CallTable>::value;

// Row name and requirement IDs by table position, built once.
struct RowRef {
    const std::string* name = nullptr;
    const std::vector<std::string>* requirements = nullptr;
};
const std::array<RowRef, kCallRows>& call_rows() {
    static const std::array<RowRef, kCallRows> rows = [] {
        std::array<RowRef, kCallRows> out{};
        std::size_t i = 0;
        mpl::for_each<CallTable, boost::add_pointer<mpl::placeholders::_1>>([&](auto* row) {
            using Row = std::remove_pointer_t<decltype(row)>;
            out[i++] = {&Row::name_text(), &Row::requirement_list()};
        });
        return out;
    }();
    return rows;
}

}  // namespace

const char* q931_state_name(Q931State s) {
    switch (s) {
        case Q931State::U0: return U0::name;
        case Q931State::U1: return U1::name;
        case Q931State::U3: return U3::name;
        case Q931State::U4: return U4::name;
        case Q931State::U6: return U6::name;
        case Q931State::U7: return U7::name;
        case Q931State::U8: return U8::name;
        case Q931State::U9: return U9::name;
        case Q931State::U10: return U10::name;
        case Q931State::U11: return U11::name;
        case Q931State::U12: return U12::name;
        case Q931State::U19: return U19::name;
    }
    return "U?";
}

const char* q931_event_name(Q931Event e) {
    static constexpr std::array<const char*, 22> names{
        SetupOut::name, SetupIn::name, CallProcIn::name, AlertingIn::name, ProgressIn::name,
        ConnectIn::name, ConnectAckOut::name, CallProcOut::name, AlertingOut::name,
        ConnectOut::name, ConnectAckIn::name, DisconnectOut::name, DisconnectIn::name,
        ReleaseOut::name, ReleaseIn::name, RelCompOut::name, RelCompIn::name, T303::name,
        T305::name, T308::name, T310::name, T313::name};
    return names[static_cast<std::size_t>(e)];
}

struct Q931Call::Impl {
    Q931Context ctx;
    CallMachine machine;
    std::array<Q931State, 64> by_id{};
    std::array<std::uint64_t, kCallRows> hits{};  // per row
    std::array<std::uint64_t, 20> visits{};       // per state (Q931State value)

    Impl() { init(); }
    Impl(const Impl& o) : ctx(o.ctx), machine(o.machine), by_id(o.by_id), hits(o.hits), visits(o.visits) {
        machine.ctx = &ctx;
    }
    void init() {
        machine.ctx = &ctx;
        machine.start();
        fill<U0>(); fill<U1>(); fill<U3>(); fill<U4>(); fill<U6>(); fill<U7>(); fill<U8>();
        fill<U9>(); fill<U10>(); fill<U11>(); fill<U12>(); fill<U19>();
        ++visits[static_cast<std::size_t>(Q931State::U0)];
    }
    template <class S>
    void fill() {
        by_id[static_cast<std::size_t>(msm::back::get_state_id<CallMachine::stt, S>::type::value)] = S::id;
    }
    Q931State state() const { return by_id[static_cast<std::size_t>(machine.current_state()[0])]; }
    void process(Q931Event e) {
        switch (e) {
            case Q931Event::SetupOut: machine.process_event(SetupOut{}); break;
            case Q931Event::SetupIn: machine.process_event(SetupIn{}); break;
            case Q931Event::CallProcIn: machine.process_event(CallProcIn{}); break;
            case Q931Event::AlertingIn: machine.process_event(AlertingIn{}); break;
            case Q931Event::ProgressIn: machine.process_event(ProgressIn{}); break;
            case Q931Event::ConnectIn: machine.process_event(ConnectIn{}); break;
            case Q931Event::ConnectAckOut: machine.process_event(ConnectAckOut{}); break;
            case Q931Event::CallProcOut: machine.process_event(CallProcOut{}); break;
            case Q931Event::AlertingOut: machine.process_event(AlertingOut{}); break;
            case Q931Event::ConnectOut: machine.process_event(ConnectOut{}); break;
            case Q931Event::ConnectAckIn: machine.process_event(ConnectAckIn{}); break;
            case Q931Event::DisconnectOut: machine.process_event(DisconnectOut{}); break;
            case Q931Event::DisconnectIn: machine.process_event(DisconnectIn{}); break;
            case Q931Event::ReleaseOut: machine.process_event(ReleaseOut{}); break;
            case Q931Event::ReleaseIn: machine.process_event(ReleaseIn{}); break;
            case Q931Event::RelCompOut: machine.process_event(RelCompOut{}); break;
            case Q931Event::RelCompIn: machine.process_event(RelCompIn{}); break;
            case Q931Event::T303: machine.process_event(T303{}); break;
            case Q931Event::T305: machine.process_event(T305{}); break;
            case Q931Event::T308: machine.process_event(T308{}); break;
            case Q931Event::T310: machine.process_event(T310{}); break;
            case Q931Event::T313: machine.process_event(T313{}); break;
        }
    }
};

Q931Call::Q931Call() : impl_(std::make_unique<Impl>()) {}
Q931Call::~Q931Call() = default;
Q931Call::Q931Call(const Q931Call& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Q931Call& Q931Call::operator=(const Q931Call& other) {
    if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}
Q931Call::Q931Call(Q931Call&&) noexcept = default;
Q931Call& Q931Call::operator=(Q931Call&&) noexcept = default;

Q931Step Q931Call::fire(Q931Event event) {
    Impl& m = *impl_;
    m.ctx.effects.clear();
    m.ctx.illegal = false;
    m.ctx.row = -1;
    m.ctx.timer = Q931Timer::None;
    Q931Step step;
    step.from = m.state();
    m.process(event);
    step.legal = !m.ctx.illegal && m.ctx.row >= 0;
    step.to = m.state();
    step.effects = m.ctx.effects;
    step.timer = m.ctx.timer;
    if (step.legal) {
        const auto row = static_cast<std::size_t>(m.ctx.row);
        step.row = call_rows()[row].name;
        step.requirements = call_rows()[row].requirements;
        ++m.hits[row];
        ++m.visits[static_cast<std::size_t>(step.to)];
    }
    if (step.to == Q931State::U0) m.ctx.t303_expiries = m.ctx.t308_expiries = 0;
    return step;
}

Q931State Q931Call::state() const { return impl_->state(); }

namespace {
// The states coverage lists, in its order (the enum has gaps: Q.931's own numbering).
constexpr Q931State kCoveredStates[] = {Q931State::U0, Q931State::U1, Q931State::U3, Q931State::U4,
                                        Q931State::U6, Q931State::U7, Q931State::U8, Q931State::U9,
                                        Q931State::U10, Q931State::U11, Q931State::U12, Q931State::U19};
}  // namespace

Coverage Q931Call::coverage() const {
    Coverage c;
    for (Q931State s : kCoveredStates)
        c.states.push_back({"q931", q931_state_name(s), {}, impl_->visits[static_cast<std::size_t>(s)]});
    for (std::size_t i = 0; i < kCallRows; ++i)
        c.transitions.push_back({"q931", *call_rows()[i].name, *call_rows()[i].requirements, impl_->hits[i]});
    c.mark_unreachable("q931", unreachable());
    return c;
}

std::vector<UnreachableMark> Q931Call::unreachable() const { return CallDef::unreachable(); }

void Q931Call::add_hits(std::uint64_t* states, std::uint64_t* rows) const {
    for (Q931State s : kCoveredStates) *states++ += impl_->visits[static_cast<std::size_t>(s)];
    for (std::size_t i = 0; i < kCallRows; ++i) rows[i] += impl_->hits[i];
}

}  // namespace ppp::model
