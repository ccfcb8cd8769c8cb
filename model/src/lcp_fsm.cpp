// LcpFsm: the three MSM group tables behind one small value type (no MSM header here).
#include "ppp/model/lcp_fsm.hpp"

#include <array>
#include <utility>

#include "lcp_context.hpp"

namespace ppp::model {

const char* lcp_state_name(LcpState s) {
    static constexpr std::array<const char*, kLcpStateCount> names{
        "Initial", "Starting", "Closed", "Stopped", "Closing",
        "Stopping", "Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened"};
    return names[static_cast<std::size_t>(s)];
}

const char* lcp_event_name(LcpEvent e) {
    static constexpr std::array<const char*, kLcpEventCount> names{
        "Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-",
        "RCA", "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR"};
    return names[static_cast<std::size_t>(e)];
}

const char* lcp_action_name(LcpAction a) {
    static constexpr std::array<const char*, 13> names{"tlu", "tld", "tls", "tlf", "irc", "zrc", "scr",
                                                      "sca", "scn", "str", "sta", "scj", "ser"};
    return names[static_cast<std::size_t>(a)];
}

bool lcp_timer_state(LcpState s) { return s >= LcpState::Closing && s <= LcpState::AckSent; }

struct LcpFsm::Impl {
    detail::LcpContext ctx;
    LcpState state = LcpState::Initial;
    std::array<std::unique_ptr<detail::LcpGroup>, 3> groups{
        detail::make_lcp_admin_group(), detail::make_lcp_configure_group(),
        detail::make_lcp_terminate_group()};
    std::array<std::uint64_t, kLcpStateCount> visited{};  // per state

    Impl() = default;
    Impl(const Impl& o) : ctx(o.ctx), state(o.state), visited(o.visited) {
        for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = o.groups[i]->clone();
    }

    detail::LcpGroup& group_for(LcpEvent e) {
        for (auto& g : groups)
            if (g->handles(e)) return *g;
        return *groups[0];  // every event belongs to exactly one group
    }
};

LcpFsm::LcpFsm(LcpFsmOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->ctx.options = options;
    ++impl_->visited[static_cast<std::size_t>(impl_->state)];
}
LcpFsm::~LcpFsm() = default;
LcpFsm::LcpFsm(const LcpFsm& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
LcpFsm& LcpFsm::operator=(const LcpFsm& other) {
    if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}
LcpFsm::LcpFsm(LcpFsm&&) noexcept = default;
LcpFsm& LcpFsm::operator=(LcpFsm&&) noexcept = default;

LcpStep LcpFsm::fire(LcpEvent event) {
    Impl& m = *impl_;
    m.ctx.outbox.clear();
    m.ctx.illegal = false;
    m.ctx.crossed = false;
    m.ctx.timer_started = false;
    m.ctx.cell = nullptr;
    LcpStep step;
    step.from = m.state;
    step.event = event;
    const LcpState next = m.group_for(event).dispatch(event, m.state, m.ctx);
    step.legal = !m.ctx.illegal;
    step.to = step.legal ? next : m.state;  // FSM-05: no transition
    step.actions = m.ctx.outbox;
    step.crossed = m.ctx.crossed;
    step.timer_started = m.ctx.timer_started;
    step.cell = step.legal && m.ctx.cell ? *m.ctx.cell
                                         : std::string(lcp_event_name(event)) + " " +
                                 std::to_string(static_cast<int>(m.state)) + ": -";
    m.state = step.to;
    // FSM-01: scr/str/zrc (re)start the timer; a state without a timer stops it.
    if (step.timer_started) m.ctx.timer_running = true;
    if (!lcp_timer_state(m.state)) m.ctx.timer_running = false;
    if (step.legal) ++m.visited[static_cast<std::size_t>(m.state)];
    return step;
}

LcpStep LcpFsm::fire_rcr_bad(bool answered_with_nak) {
    impl_->ctx.scn_is_nak = answered_with_nak;
    LcpStep step = fire(LcpEvent::RcrBad);
    impl_->ctx.scn_is_nak = true;
    return step;
}

LcpStep LcpFsm::timeout() {
    return fire(impl_->ctx.restart_counter > 0 ? LcpEvent::TimeoutPlus : LcpEvent::TimeoutMinus);
}

LcpState LcpFsm::state() const { return impl_->state; }
int LcpFsm::restart_counter() const { return impl_->ctx.restart_counter; }
bool LcpFsm::timer_running() const { return impl_->ctx.timer_running; }
int LcpFsm::naks_without_ack() const { return impl_->ctx.naks; }
const LcpFsmOptions& LcpFsm::options() const { return impl_->ctx.options; }

void LcpFsm::reset_to(LcpState state, int restart_counter) {
    impl_->state = state;
    impl_->ctx.restart_counter = restart_counter;
    impl_->ctx.timer_running = lcp_timer_state(state);
}

Coverage LcpFsm::coverage() const {
    Coverage c;
    for (int s = 0; s < kLcpStateCount; ++s) {
        const char* name = lcp_state_name(static_cast<LcpState>(s));
        c.states.push_back({"lcp", name, {}, impl_->visited[static_cast<std::size_t>(s)]});
    }
    for (const auto& g : impl_->groups) {
        for (const detail::LcpRowInfo& row : g->rows())
            c.transitions.push_back({"lcp", row.key() + "  (" + row.cell + ")", row.requirements, row.hits});
    }
    c.mark_unreachable("lcp", unreachable());
    return c;
}

std::vector<UnreachableMark> LcpFsm::unreachable() const {
    std::vector<UnreachableMark> out;
    for (const auto& g : impl_->groups)
        for (const UnreachableMark& mark : g->unreachable()) out.push_back(mark);
    return out;
}

void LcpFsm::add_hits(std::uint64_t* states, std::uint64_t* rows) const {
    for (std::size_t s = 0; s < impl_->visited.size(); ++s) states[s] += impl_->visited[s];
    for (const auto& g : impl_->groups) rows += g->add_hits(rows);
}

}  // namespace ppp::model
