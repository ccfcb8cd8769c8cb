// RouterSpec: the composed oracle of one router port (DESIGN.md sections 2, 5): verdict plumbing,
// time (restart timers, Q.931 timers, deadlines) and the public face. The rules of each concern are
// in the router_spec_*.cpp files beside it (router_spec_impl.hpp).
#include <algorithm>

#include "router_spec_impl.hpp"

namespace ppp::model {

using detail::coverage_layout;
using detail::CoverageLayout;

bool Judgement::violates(const std::string& requirement) const {
    return std::find(requirements.begin(), requirements.end(), requirement) != requirements.end();
}

const char* output_kind_name(OutputKind kind) {
    static constexpr const char* names[] = {
        "LCP Configure-Request", "LCP Configure-Ack", "LCP Configure-Nak/Reject", "LCP Terminate-Request",
        "LCP Terminate-Ack", "LCP Code-Reject", "LCP Protocol-Reject", "LCP Echo-Reply", "PAP Authenticate-Request",
        "PAP Ack/Nak", "CHAP Challenge", "CHAP Response", "CHAP Success/Failure", "CBCP Callback-Request",
        "CBCP Callback-Response", "CBCP Callback-Ack", "IPCP packet", "IP datagram", "Q.931 SETUP",
        "Q.931 CALL PROC", "Q.931 ALERTING", "Q.931 CONNECT", "Q.931 CONNECT ACK", "Q.931 DISCONNECT",
        "Q.931 RELEASE", "Q.931 RELEASE COMPLETE", "LAN delivery", "call teardown (LCP TR or DISCONNECT)",
        "Q.931 STATUS", "ICMP Echo-Reply"};
    return names[static_cast<std::size_t>(kind)];
}

namespace detail {

std::size_t rule_index(const char* id) {
    thread_local std::array<std::pair<const char*, std::size_t>, 64> memo{};
    auto& slot = memo[(reinterpret_cast<std::uintptr_t>(id) >> 3) & 63U];
    if (slot.first == id) return slot.second;
    static const std::array<std::size_t, kRuleCount> sorted = [] {
        std::array<std::size_t, kRuleCount> out{};
        std::iota(out.begin(), out.end(), std::size_t{0});
        std::sort(out.begin(), out.end(), [](std::size_t a, std::size_t b) { return std::strcmp(kRules[a].id, kRules[b].id) < 0; });
        return out;
    }();
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                                     [](std::size_t i, const char* v) { return std::strcmp(kRules[i].id, v) < 0; });
    slot = {id, it != sorted.end() && std::strcmp(kRules[*it].id, id) == 0 ? *it : kRuleCount};
    return slot.second;
}

}  // namespace detail

// ----- verdict plumbing -------------------------------------------------------------------
void RouterSpec::Impl::violate(std::vector<std::string> reqs, std::string text) {
    Violation v{now, std::move(reqs), std::move(text)};
    all_violations.push_back(v);
    if (cur) {
        cur->conforming = false;
        for (const auto& r : v.requirements)
            if (!cur->violates(r)) cur->requirements.push_back(r);
        cur->explanation += (cur->explanation.empty() ? "" : "\n") + std::string("[") +
                            [&] {
                                std::string ids;
                                for (const auto& r : v.requirements) ids += (ids.empty() ? "" : ",") + r;
                                return ids;
                            }() +
                            "] at " + ms(now) + ": " + v.explanation;
        cur->violations.push_back(v);
    }
}

void RouterSpec::Impl::exercise(std::initializer_list<const char*> ids) {
    for (const char* id : ids)
        if (const std::size_t i = rule_index(id); i < kRuleCount) ++rule_hits[i];
}

void RouterSpec::Impl::note(std::string text) {
    all_notes.push_back(text);
    if (cur) cur->notes.push_back(std::move(text));
}

void RouterSpec::Impl::breach(const std::optional<RuleBreach>& b) {
    if (b) violate(b->requirements, b->text);
}

// DDR-06: the enable-timeout ends by itself; the dialer leaves Disabled before its next event.
void RouterSpec::Impl::dial(DdrEvent event, std::uint32_t facts) {
    if (dialer.in(Ddr::Disabled) && event != DdrEvent::EnableExpired && !enable_timeout_runs(Millis{0}))
        fire(dialer, DdrEvent::EnableExpired, "dialer");
    fire(dialer, event, "dialer", facts);
}

// DDR-06: when the line becomes usable again after the last disconnect; none before the first.
std::optional<Millis> RouterSpec::Impl::enable_timeout_end() const {
    if (!last_clear) return std::nullopt;
    return *last_clear + profile.dialer.enable_timeout;
}

// Whether the enable-timeout still runs `slack` before its end (the tolerance a real SUT gets).
bool RouterSpec::Impl::enable_timeout_runs(Millis slack) const {
    const std::optional<Millis> end = enable_timeout_end();
    return end && now < *end - slack;
}

void RouterSpec::Impl::owe(OutputKind kind, int channel, int id, Millis deadline, ReqIds reqs, std::string what,
                           int call_key, Millis not_before) {
    owed.push_back({kind, channel, id, not_before, deadline, reqs, std::move(what), call_key, std::nullopt, false, {}});
}

// Removes and returns the first obligation of that kind on that channel.
std::optional<Owed> RouterSpec::Impl::take(OutputKind kind, int channel, int call_key) {
    for (auto it = owed.begin(); it != owed.end(); ++it) {
        if (it->kind == kind && it->channel == channel && (call_key < 0 || it->call_key < 0 || it->call_key == call_key)) {
            Owed o = std::move(*it);
            owed.erase(it);
            return o;
        }
    }
    return std::nullopt;
}

void RouterSpec::Impl::drop_owed(OutputKind kind, int channel) {
    owed.erase(std::remove_if(owed.begin(), owed.end(), [&](const Owed& o) { return o.kind == kind && o.channel == channel; }),
               owed.end());
}

// AMB-41: the answerer's first Request ends the caller's wait for it.
void RouterSpec::Impl::drop_request_wait(const Link& link) {
    owed.erase(std::remove_if(owed.begin(), owed.end(),
                              [&](const Owed& o) {
                                  if (o.kind != OutputKind::DropCall || o.channel != link.channel) return false;
                                  const auto ids = o.reqs.list();
                                  return std::find(ids.begin(), ids.end(), "AMB-41") != ids.end();
                              }),
               owed.end());
}

void RouterSpec::Impl::drop_channel(int channel) {
    owed.erase(std::remove_if(owed.begin(), owed.end(),
                              [&](const Owed& o) { return o.channel == channel && o.kind != OutputKind::DropCall; }),
               owed.end());
}

// ----- time --------------------------------------------------------------------------------
// Lets time pass up to `t`, handling every due item in time order: restart timers (FSM-01/02),
// the SUT's Q.931 timers, obligations past their deadline, callback and idle timers.
void RouterSpec::Impl::expire(Millis t) {
    enum class Due { None, LinkTimer, CallTimer, Obligation, ReturnCall, Hold, Idle };
    for (int guard = 0; guard < 100000; ++guard) {
        Due kind = Due::None;
        Millis best{0};
        int which = -1;
        auto consider = [&](bool fires, Millis at, Due k, int w) {
            if (fires && (kind == Due::None || at < best)) {
                kind = k;
                best = at;
                which = w;
            }
        };
        for (const auto& [ch, link] : links) {
            if (!link.fsm.timer_running()) continue;
            // AMB-30: late only past the longest interval the profile allows.
            const Millis expiry = link.timer_start + profile.lcp.latest_restart();
            if (link.fsm.restart_counter() == 0) {
                const Millis last = link.timer_start + link.measured_restart.value_or(profile.lcp.restart);
                consider(last <= t, last, Due::LinkTimer, ch);
            }
            else consider(expiry + pixit.tolerance.late < t, expiry + pixit.tolerance.late, Due::LinkTimer, ch);
        }
        for (const auto& [key, call] : calls)
            if (call.timer != Q931Timer::None) {
                const Millis at = call_timer_due(call);
                consider(at <= t, at, Due::CallTimer, key);
            }
        for (std::size_t i = 0; i < owed.size(); ++i)
            consider(owed[i].deadline < t, owed[i].deadline, Due::Obligation, static_cast<int>(i));
        if (coord.state() == Cb::Pending && !callback_forbidden && callback_deadline.count() > 0)
            consider(callback_deadline < t, callback_deadline, Due::ReturnCall, 0);
        if (coord.state() == Cb::AwaitReturn && profile.callback.hold_timeout.count() > 0)
            consider(pending_until < t, pending_until, Due::Hold, 0);
        if (profile.dialer.enabled)
            for (const auto& [ch, link] : links)
                if (link.ipcp_sut_acked && link.ipcp_peer_acked && !link.idle_reported) {
                    const Millis due = idle_deadline(link) + pixit.tolerance.late;
                    consider(due < t, due, Due::Idle, ch);
                }
        if (kind == Due::None) return;
        const Millis saved = now;
        now = std::max(best, saved);
        handle_due(static_cast<int>(kind), which);
        now = std::max(now, saved);
    }
}

void RouterSpec::Impl::handle_due(int kind, int which) {
    switch (kind) {
        case 1: {  // restart timer of the link on B-channel `which`
            Link& link = links.at(which);
            if (link.fsm.restart_counter() == 0) {
                link.max_configure_ran_out_at = now;
                apply(link, link.fsm.fire(LcpEvent::TimeoutMinus), -1);
                break;
            }
            const Millis expiry = link.timer_start + profile.lcp.latest_restart();
            const LcpState st = link.fsm.state();
            const bool terminating = st == LcpState::Closing || st == LcpState::Stopping;
            exercise({"FSM-01"});
            violate({"FSM-01", "FSM-02"},
                    std::string("expected a ") + (terminating ? "Terminate" : "Configure") + "-Request retransmission on " +
                        bname(which) + " by " + ms(expiry + pixit.tolerance.late) + " (restart timer " +
                        restart_text() + " from " + ms(link.timer_start) + ", " +
                        std::to_string(link.fsm.restart_counter()) + " transmissions left), observed silence");
            apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), -1);
            // The missed retransmission is not owed twice; the timer restarts from its expiry.
            drop_owed(terminating ? OutputKind::LcpTermReq : OutputKind::LcpConfReq, which);
            link.timer_start = expiry;
            break;
        }
        case 2: {  // a Q.931 timer of the SUT: its expiry makes the SUT owe a message
            Call& call = calls.at(which);
            const Q931Timer timer = call.timer;
            call.timer = Q931Timer::None;
            q931_apply(which, call.q.fire(timer_event(timer)), -1);
            break;
        }
        case 3: {
            const Owed o = owed[static_cast<std::size_t>(which)];
            owed.erase(owed.begin() + which);
            if (o.optional) {
                note("no " + o.text() + " by " + ms(o.deadline) + ": allowed, the SUT may have taken its line down");
                break;
            }
            violate(o.reqs.list(), "expected " + o.text() + " by " + ms(o.deadline) + ", observed silence");
            after_missed(o);
            break;
        }
        case 4:
            if (return_call_blocked || bri_full_since) {
                note("CCB-06: no B-channel was free while the return call was due (ISDN-01: two calls at most): no return call, "
                     "no retry");
                coordinate(CbEvent::CallbackExpired);
                break;
            }
            if (return_attempts > 0)  // AMB-10: the retry the profile claims after a failed return call
                violate({"AMB-10"}, "expected the return call's retry " + std::to_string(return_attempts) + " of " +
                                        std::to_string(profile.callback.return_retries) + " (SETUP to " +
                                        callback_number + ") by " + ms(callback_deadline) + ", observed silence");
            else
                violate({"CCB-04", "DDR-06"}, "expected the return call (SETUP to " + callback_number + ") by " +
                                                 ms(callback_deadline) + " (delay " + ms(callback_wait) +
                                                 " after the first call cleared), observed silence");
            coordinate(CbEvent::CallbackExpired);
            break;
        case 5:
            pending_return = false;
            coordinate(CbEvent::HoldExpired);
            hold_queue.clear();
            break;
        case 6: {
            Link& link = links.at(which);
            if (contended())
                violate({"DDR-04"}, "expected DISCONNECT on " + bname(which) + " by " + ms(now) + " (fast-idle " +
                                        ms(profile.dialer.fast_idle) + ": another destination waits since " + ms(contention_at) +
                                        ", the last interesting packet was at " + ms(link.last_interesting) + "), observed the call kept");
            else
                violate({"DDR-03"}, "expected DISCONNECT on " + bname(which) + " by " + ms(now) + " (idle-timeout " +
                                    ms(profile.dialer.idle_timeout) + " since the last interesting packet at " +
                                    ms(link.last_interesting) + "), observed the call kept");
            link.idle_reported = true;
            break;
        }
        default: break;
    }
}

void RouterSpec::Impl::after_missed(const Owed& o) {
    // Keep the model going as if the owed output had been seen where that is harmless.
    if (o.kind == OutputKind::LcpConfNakOrRej || o.kind == OutputKind::LcpConfAck) {
        if (auto it = links.find(o.channel); it != links.end()) it->second.peer_cr.reset();
    }
}

Millis RouterSpec::Impl::call_timer_due(const Call& call) const {
    const Millis start = call.timer_start;
    switch (call.timer) {
        case Q931Timer::T303: return start + profile.isdn.t303;
        case Q931Timer::T305: return start + profile.isdn.t305;
        case Q931Timer::T308: return start + profile.isdn.t308;
        // Q.931's T310 runs from CALL PROCEEDING; the dialer's wait-for-carrier from the dial
        // itself (DDR-05: "max time for a dialled call to connect"): whichever ends first.
        case Q931Timer::T310: return std::min(start + profile.isdn.t310, call.started + profile.dialer.wait_for_carrier);
        case Q931Timer::T313: return start + profile.isdn.t313;
        case Q931Timer::None: break;
    }
    return start;
}

Q931Event RouterSpec::Impl::timer_event(Q931Timer t) {
    switch (t) {
        case Q931Timer::T303: return Q931Event::T303;
        case Q931Timer::T305: return Q931Event::T305;
        case Q931Timer::T308: return Q931Event::T308;
        case Q931Timer::T310: return Q931Event::T310;
        default: return Q931Event::T313;
    }
}

RouterSpec::RouterSpec(Role role, Profile profile, Pixit pixit)
    : impl_(std::make_unique<Impl>(role, std::move(profile), std::move(pixit))) {
    if (impl_->pixit.line_up_at_start) {  // pty or leased line: no call control (PEERS.md section 2)
        impl_->coordinate(CbEvent::OutgoingConnected);
        impl_->dial(DdrEvent::Connected);
        impl_->open_link(1, -1, false, true);
    }
}
RouterSpec::~RouterSpec() = default;
RouterSpec::RouterSpec(const RouterSpec& other) : impl_(std::make_unique<Impl>(*other.impl_)) { impl_->cur = nullptr; }
RouterSpec& RouterSpec::operator=(const RouterSpec& other) {
    if (this != &other) {
        impl_ = std::make_unique<Impl>(*other.impl_);
        impl_->cur = nullptr;
    }
    return *this;
}
RouterSpec::RouterSpec(RouterSpec&&) noexcept = default;
RouterSpec& RouterSpec::operator=(RouterSpec&&) noexcept = default;

Judgement RouterSpec::on_event(const wire::PortMessage& message) {
    Judgement j;
    Impl& m = *impl_;
    m.cur = &j;
    const Millis at = std::max(message.at, m.now);
    m.expire(at);
    m.now = at;
    m.track_bri(at);
    const bool obs = message.direction == Direction::FromSut;
    switch (message.kind()) {
        case wire::PortKind::BFrame: m.on_frame(message, obs); break;
        case wire::PortKind::Q931: m.on_q931(message, obs); break;
        case wire::PortKind::Call: m.on_call_event(message, obs); break;
        case wire::PortKind::Ipv4: {
            const auto& packet = *message.decoded().ipv4;
            if (!packet) m.note("malformed IPv4 at the LAN side: " + packet.error().to_string());
            else if (obs) m.on_delivered(packet.value());
            else m.on_offered(packet.value());
            break;
        }
    }
    m.track_bri(at);
    m.cur = nullptr;
    return j;
}

// CCB-06: both B-channels in use while the return call is due leave the server no interface for it.
void RouterSpec::Impl::track_bri(Millis at) {
    if (bri_full_since && coord.state() == Cb::Pending && at >= callback_from - pixit.tolerance.early) return_call_blocked = true;
    const bool full = channels_in_use() >= profile.isdn.channels;
    if (!full) bri_full_since.reset();
    else if (!bri_full_since) bri_full_since = at;
}

Judgement RouterSpec::advance_to(Millis now) {
    Judgement j;
    Impl& m = *impl_;
    m.cur = &j;
    const Millis at = std::max(now, m.now);
    m.expire(at);  // a deadline equal to `now` is still met
    m.now = at;
    m.cur = nullptr;
    return j;
}

std::vector<Obligation> RouterSpec::owed() const {
    const Impl& m = *impl_;
    std::vector<Obligation> out;
    for (const Owed& o : m.owed) out.push_back({o.kind, o.channel, o.text(), o.not_before, o.deadline, o.reqs.list()});
    for (const auto& [ch, link] : m.links) {
        if (!link.fsm.timer_running() || link.fsm.restart_counter() == 0) continue;
        const LcpState st = link.fsm.state();
        const bool term = st == LcpState::Closing || st == LcpState::Stopping;
        out.push_back({term ? OutputKind::LcpTermReq : OutputKind::LcpConfReq, ch,
                       std::string(term ? "Terminate" : "Configure") + "-Request retransmission on " + bname(ch) +
                           " unless the peer answers (TO+)",
                       link.timer_start + m.profile.lcp.restart - m.pixit.tolerance.early,
                       link.timer_start + m.profile.lcp.latest_restart() + m.pixit.tolerance.late, {"FSM-01", "FSM-02"}});
    }
    if (m.profile.dialer.enabled)
        for (const auto& [ch, link] : m.links)
            if (link.ipcp_sut_acked && link.ipcp_peer_acked && !link.idle_reported)
                out.push_back({OutputKind::Disconnect, ch,
                               m.contended() ? "DISCONNECT at fast-idle (another destination waits) unless interesting traffic flows"
                                             : "DISCONNECT at idle-timeout unless interesting traffic flows",
                               m.idle_deadline(link) - m.pixit.tolerance.early, m.idle_deadline(link) + m.pixit.tolerance.late,
                               {m.contended() ? "DDR-04" : "DDR-03"}});
    if (m.coord.state() == Cb::Pending && !m.callback_forbidden)
        out.push_back({OutputKind::Setup, 0, "the return call to " + m.callback_number, m.callback_from - m.pixit.tolerance.early,
                       m.callback_deadline, {"CCB-04", "DDR-06"}});
    std::sort(out.begin(), out.end(), [](const Obligation& a, const Obligation& b) { return a.deadline < b.deadline; });
    return out;
}

std::optional<Millis> RouterSpec::next_deadline() const {
    const Impl& m = *impl_;
    std::optional<Millis> best;
    auto consider = [&](Millis t) {
        if (!best || t < *best) best = t;
    };
    for (const Obligation& o : owed()) consider(o.deadline);
    for (const auto& [ch, link] : m.links)
        if (link.fsm.timer_running()) consider(link.timer_start + m.profile.lcp.restart);
    for (const auto& [k, c] : m.calls)
        if (c.timer != Q931Timer::None) consider(m.call_timer_due(c));
    return best;
}

std::vector<OutputKind> RouterSpec::allowed_next() const {
    const Impl& m = *impl_;
    std::set<OutputKind> out;
    for (const Owed& o : m.owed) {
        if (o.kind == OutputKind::DropCall) {
            out.insert(OutputKind::LcpTermReq);
            out.insert(OutputKind::Disconnect);
        } else {
            out.insert(o.kind);
        }
    }
    for (const auto& [ch, link] : m.links) {
        const LcpState st = link.fsm.state();
        if (link.fsm.timer_running()) out.insert(st == LcpState::Closing || st == LcpState::Stopping ? OutputKind::LcpTermReq : OutputKind::LcpConfReq);
        if (st >= LcpState::ReqSent) out.insert(OutputKind::LcpTermReq);  // administrative Close
        if (st == LcpState::Opened) {
            out.insert(OutputKind::LcpProtoRej);
            if (link.auth_complete && !link.no_ncp && !link.cbcp_active) out.insert(OutputKind::Ipcp);
            if (link.ipcp_sut_acked && link.ipcp_peer_acked) out.insert(OutputKind::IpDatagram);
        }
    }
    if (!m.calls.empty()) out.insert(OutputKind::Disconnect);
    return {out.begin(), out.end()};
}

namespace detail {

const CoverageLayout& coverage_layout() {
    static const CoverageLayout layout = [] {
        CoverageLayout out;
        auto append = [&](Coverage machine, std::size_t& states_at, std::size_t& rows_at) {
            states_at = out.names.states.size();
            rows_at = out.names.transitions.size();
            for (auto& item : machine.states) out.names.states.push_back(std::move(item));
            for (auto& item : machine.transitions) out.names.transitions.push_back(std::move(item));
        };
        append(LcpFsm{}.coverage(), out.lcp_states, out.lcp_rows);
        append(Q931Call{}.coverage(), out.q931_states, out.q931_rows);
        append(detail::make_coordinator().coverage(), out.callback_states, out.callback_rows);
        append(detail::make_dialer().coverage(), out.dialer_states, out.dialer_rows);
        append(detail::make_authenticator().coverage(), out.authr_states, out.authr_rows);
        append(detail::make_authenticatee().coverage(), out.authee_states, out.authee_rows);
        out.rule_rows = out.names.transitions.size();
        for (const RuleRow& r : kRules)
            out.names.transitions.push_back({"rules", r.check, {r.id}, 0, r.unreachable ? r.unreachable : ""});
        for (auto& item : out.names.states) item.hits = 0;
        for (auto& item : out.names.transitions) item.hits = 0;
        return out;
    }();
    return layout;
}

}  // namespace detail

Coverage RouterSpec::coverage() const { return coverage_of(coverage_counts()); }

std::vector<CoverageItem> RouterSpec::unreachable_marks() {
    std::vector<CoverageItem> out;
    auto add = [&out](const std::string& machine, const std::vector<UnreachableMark>& marks) {
        for (const UnreachableMark& m : marks) out.push_back({machine, m.name, {}, 0, m.reason});
    };
    add("lcp", LcpFsm{}.unreachable());
    add("q931", Q931Call{}.unreachable());
    const auto coord = detail::make_coordinator();
    const auto dialer = detail::make_dialer();
    const auto authr = detail::make_authenticator();
    const auto authee = detail::make_authenticatee();
    add(coord.machine(), coord.unreachable());
    add(dialer.machine(), dialer.unreachable());
    add(authr.machine(), authr.unreachable());
    add(authee.machine(), authee.unreachable());
    for (const RuleRow& r : kRules)
        if (r.unreachable) out.push_back({"rules", r.check, {r.id}, 0, r.unreachable});
    return out;
}

CoverageCounts RouterSpec::coverage_counts() const {
    CoverageCounts counts;
    coverage_counts(counts);
    return counts;
}

void RouterSpec::coverage_counts(CoverageCounts& counts) const {
    const Impl& m = *impl_;
    const CoverageLayout& at = coverage_layout();
    counts.states.assign(at.names.states.size(), 0);
    counts.transitions.assign(at.names.transitions.size(), 0);
    std::uint64_t* const states = counts.states.data();
    std::uint64_t* const rows = counts.transitions.data();
    for (const LcpFsm& fsm : m.retired_lcp) fsm.add_hits(states + at.lcp_states, rows + at.lcp_rows);
    for (const auto& [ch, link] : m.links) link.fsm.add_hits(states + at.lcp_states, rows + at.lcp_rows);
    for (const Q931Call& call : m.retired_calls) call.add_hits(states + at.q931_states, rows + at.q931_rows);
    for (const auto& [k, call] : m.calls)
        if (!call.abstract) call.q.add_hits(states + at.q931_states, rows + at.q931_rows);
    m.coord.add_hits(states + at.callback_states, rows + at.callback_rows);
    m.dialer.add_hits(states + at.dialer_states, rows + at.dialer_rows);
    auto add_auth = [&](const detail::Authenticator& authr, const detail::Authenticatee& authee) {
        authr.add_hits(states + at.authr_states, rows + at.authr_rows);
        authee.add_hits(states + at.authee_states, rows + at.authee_rows);
    };
    for (const auto& [authr, authee] : m.retired_auth) add_auth(authr, authee);
    for (const auto& [ch, link] : m.links) add_auth(link.authr, link.authee);
    // Rows that share a SPEC ID share its hits (exercise() counts by ID): each row's slot, once.
    static const std::array<std::size_t, kRuleCount> slot_of_row = [] {
        std::array<std::size_t, kRuleCount> out{};
        for (std::size_t i = 0; i < kRuleCount; ++i) out[i] = rule_index(kRules[i].id);
        return out;
    }();
    for (std::size_t i = 0; i < kRuleCount; ++i) rows[at.rule_rows + i] += m.rule_hits[slot_of_row[i]];
}

Coverage RouterSpec::coverage_of(const CoverageCounts& counts) {
    Coverage c = coverage_layout().names;
    for (std::size_t i = 0; i < c.states.size() && i < counts.states.size(); ++i) c.states[i].hits = counts.states[i];
    for (std::size_t i = 0; i < c.transitions.size() && i < counts.transitions.size(); ++i)
        c.transitions[i].hits = counts.transitions[i];
    return c;
}

std::vector<Violation> RouterSpec::violations() const { return impl_->all_violations; }
std::vector<std::string> RouterSpec::notes() const { return impl_->all_notes; }

std::optional<LcpState> RouterSpec::lcp_state(int channel) const {
    auto it = impl_->links.find(channel);
    if (it == impl_->links.end()) return std::nullopt;
    return it->second.fsm.state();
}

std::string RouterSpec::phase(int channel) const {
    auto it = impl_->links.find(channel);
    if (it == impl_->links.end()) return "Dead";
    const Link& l = it->second;
    const LcpState st = l.fsm.state();
    if (st == LcpState::Closing || st == LcpState::Stopping) return "Terminate";
    if (st != LcpState::Opened) return "Establish";
    if (!l.auth_complete) return "Authenticate";
    if (l.cbcp_active || l.no_ncp) return "Callback";
    return "Network";
}

std::string RouterSpec::callback_state() const { return impl_->coord.name(impl_->coord.state()); }
Role RouterSpec::role() const { return impl_->role; }
const Profile& RouterSpec::profile() const { return impl_->profile; }

}  // namespace ppp::model
