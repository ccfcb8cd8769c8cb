// Reference router: dialer, callback roles and the glue between Q.931 and the PPP links.
#include <algorithm>
#include <cstdio>

#include "ppp/sut/router.hpp"

#include "ppp/sut/mutation.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::sut {

namespace {
constexpr std::size_t kMaxHold = 100;  // DDR-07 upper bound
}

Router::Router(RouterConfig config, RouterOptions options)
    : config_(std::move(config)), options_(std::move(options)), rng_(options_.seed),
      log_(options_.log, out_), q931_(log_, out_, options_.q931, &options_.faults) {
    const mutation::Scope scope(options_.mutant);
    for (int i = 0; i < 2; ++i) {
        links_[static_cast<std::size_t>(i)] = std::make_unique<PppLink>(
            i + 1, config_, options_.faults, options_.ppp, log_, out_, rng_);
    }
}

std::optional<Action> Router::poll_action() {
    const mutation::Scope scope(options_.mutant);
    if (out_.empty()) return std::nullopt;
    Action a = std::move(out_.front());
    out_.pop_front();
    return a;
}

bool Router::channel_connected(int channel) const {
    return channels_[static_cast<std::size_t>(channel - 1)].connected;
}

DialReason Router::dial_reason(int channel) const {
    return channels_[static_cast<std::size_t>(channel - 1)].reason;
}

void Router::log_dialer(Millis now, const std::string& text) { log_.line(now, text); }
void Router::log_syslog(Millis now, const std::string& text) { log_.line(now, text); }

std::string Router::peer_label(const Channel& c) const {
    return c.name.empty() ? c.number : c.number + " " + c.name;
}

// ---- inputs -------------------------------------------------------------------------------

void Router::on_q931(Millis now, const Bytes& message) {
    const mutation::Scope scope(options_.mutant);
    q931_.on_message(now, message);
    pump(now);
}

void Router::on_frame(Millis now, int channel, const Bytes& frame) {
    const mutation::Scope scope(options_.mutant);
    if (channel < 1 || channel > 2) return;
    const auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    if (!c.connected || !c.link_started) return;  // nothing listens on an idle B-channel
    links_[static_cast<std::size_t>(channel - 1)]->on_frame(now, frame);
    pump(now);
}

void Router::on_traffic(Millis now, const Bytes& datagram) {
    const mutation::Scope scope(options_.mutant);
    auto ip = wire::decode_ipv4(datagram);
    if (!ip) {
        ++counters_.packets_dropped;
        return;
    }
    route(now, datagram, ip.value().source, ip.value().destination, interesting(datagram));
    pump(now);
}

void Router::on_timer(Millis now) {
    const mutation::Scope scope(options_.mutant);
    q931_.on_timer(now);
    for (auto& l : links_) l->on_timer(now);
    pump(now);
    // DDR-05: wait-for-carrier.
    for (auto& d : dials_) {
        if (d.call >= 0 && d.deadline <= now) {
            if (log_.dialer()) log_dialer(now, "BR0 DDR: wait for carrier timeout, call to " + d.number + " failed");
            d.deadline = now + Millis{3600000};  // fires once; the Down event removes the dial
            q931_.disconnect(now, d.call, wire::cause::kRecoveryOnTimer);
        }
    }
    pump(now);
    // DDR-03/04: idle timers, reset only by interesting traffic.
    for (int i = 0; i < 2; ++i) {
        auto& c = channels_[static_cast<std::size_t>(i)];
        if (!c.connected || !c.link_started || c.drop_for_callback) continue;
        const FsmState st = links_[static_cast<std::size_t>(i)]->lcp_state();
        if (st == FsmState::Closing || st == FsmState::Stopping) continue;  // already terminating
        if (idle_deadline(c) <= now) {
            if (log_.dialer()) {
                log_dialer(now, "BR0:" + std::to_string(i + 1) + " DDR: idle timeout");
                log_dialer(now, "BR0:" + std::to_string(i + 1) + " DDR: disconnecting call");
            }
            c.drop_for_callback = true;  // no further idle checks on this call
            links_[static_cast<std::size_t>(i)]->close(now);
            if (links_[static_cast<std::size_t>(i)]->lcp_state() != FsmState::Closing) {
                hang_up(now, i + 1, wire::cause::kNormalClearing);
            }
        }
    }
    // CCB-04: return calls after the enable-timeout.
    for (std::size_t i = 0; i < return_calls_.size();) {
        if (return_calls_[i].at > now) {
            ++i;
            continue;
        }
        const ReturnCall rc = return_calls_[i];
        return_calls_.erase(return_calls_.begin() + static_cast<std::ptrdiff_t>(i));
        if (log_.dialer()) {
            log_dialer(now, "DDR: Callback timer expired");
            log_dialer(now, "BR0 DDR: beginning callback to " + rc.name + " " + rc.number);
        }
        if (!place_call(now, rc.number, rc.name, DialReason::CallbackReturn, "Callback return call",
                        true, rc.retries_left)) {
            if (log_.dialer()) log_dialer(now, "BR0 DDR: no free B-channel for callback to " + rc.name);
            auto& st = dial_stats_[rc.number];
            ++st.failures;
            st.last_call = now;
            st.last_ok = false;
        }
    }
    if (pending_callback_ && pending_callback_->expires <= now) {
        if (log_.dialer()) {
            log_dialer(now, "DDR: Freeing callback to " + pending_callback_->name + " " + pending_callback_->number);
        }
        pending_callback_.reset();
    }
    // DDR-07: hold-queue timeout.
    if (config_.bri.hold_queue_timeout) {
        while (!hold_.empty() && hold_.front().queued + *config_.bri.hold_queue_timeout <= now) {
            hold_.pop_front();
            ++counters_.packets_dropped;
        }
    }
    pump(now);
}

Millis Router::idle_deadline(const Channel& c) const {
    // DDR-03; fault idle-timer-not-reset counts from the connect, as if no traffic had flowed.
    const Millis from = options_.faults.has(Fault::IdleTimerNotReset) ? c.connected_at : c.last_activity;
    return from + (contention_ ? config_.bri.fast_idle : config_.bri.idle_timeout);
}

std::optional<Millis> Router::next_deadline() const {
    const mutation::Scope scope(options_.mutant);
    std::optional<Millis> d = q931_.next_deadline();
    auto take = [&d](std::optional<Millis> x) {
        if (x && (!d || *x < *d)) d = x;
    };
    for (const auto& l : links_) take(l->next_deadline());
    for (const auto& dl : dials_) {
        if (dl.call >= 0) take(dl.deadline);
    }
    for (const auto& c : channels_) {
        if (c.connected && c.link_started && !c.drop_for_callback) {
            const FsmState st = links_[static_cast<std::size_t>(&c - channels_.data())]->lcp_state();
            if (st != FsmState::Closing && st != FsmState::Stopping) take(idle_deadline(c));
        }
    }
    for (const auto& r : return_calls_) take(r.at);
    if (pending_callback_) take(pending_callback_->expires);
    if (config_.bri.hold_queue_timeout && !hold_.empty()) {
        take(hold_.front().queued + *config_.bri.hold_queue_timeout);
    }
    return d;
}

// ---- event pump ---------------------------------------------------------------------------

void Router::pump(Millis now) {
    for (int guard = 0; guard < 1000; ++guard) {
        bool any = false;
        while (auto e = q931_.poll_event()) {
            any = true;
            on_call_event(now, *e);
        }
        for (int i = 0; i < 2; ++i) {
            while (auto e = links_[static_cast<std::size_t>(i)]->poll_event()) {
                any = true;
                on_link_event(now, i + 1, *e);
            }
        }
        if (!any) return;
    }
}

// ---- calls --------------------------------------------------------------------------------

bool Router::place_call(Millis now, const std::string& number, const std::string& name,
                        DialReason reason, const std::string& reason_text, bool callback_return,
                        int retries) {
    if (q931_.active_calls() >= 2) return false;  // DDR-08: both B-channels of the rotary in use
    if (log_.dialer()) log_dialer(now, "BR0 DDR: Attempting to dial " + number);
    // DDR-02: the dialer map's number as configured; fault dial-prefix-added puts a 9 in front.
    const int call = q931_.place_call(now, options_.faults.has(Fault::DialPrefixAdded) ? "9" + number : number,
                                      options_.directory_number);
    if (call < 0) return false;
    Dial d;
    d.call = call;
    d.number = number;
    d.name = name;
    d.reason = reason;
    d.reason_text = reason_text;
    d.deadline = now + config_.bri.wait_for_carrier;
    d.callback_return = callback_return;
    d.retries_left = retries;
    dials_.push_back(d);
    ++counters_.calls_placed;
    if (callback_return) ++counters_.return_calls_placed;
    return true;
}

void Router::hang_up(Millis now, int channel, std::uint8_t cause) {
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    if (c.call >= 0) q931_.disconnect(now, c.call, cause);
}

void Router::dial_failed(Millis now, Dial& d, std::uint8_t cause) {
    auto& st = dial_stats_[d.number];
    ++st.failures;
    st.last_call = now;
    st.last_ok = false;
    dial_enabled_at_ = now + config_.bri.enable_timeout;  // DDR-06: also after a failure
    if (log_.dialer()) {
        log_dialer(now, "BR0 DDR: call to " + d.number + " failed, cause " + std::to_string(cause) + " (" +
                            wire::cause_name(cause) + ")");
    }
    if (d.callback_return) {
        // CCB-06: Cisco does not retry a busy or unanswered return call; the fault does.
        const bool retry = d.retries_left > 0 ||
                           (options_.faults.has(Fault::RetryBusyReturnCall) && d.retries_left >= 0);
        if (retry) {
            ReturnCall rc;
            rc.at = now + options_.callback_delay.value_or(config_.bri.enable_timeout);
            rc.name = d.name;
            rc.number = d.number;
            rc.retries_left = d.retries_left - 1;
            return_calls_.push_back(rc);
        }
    } else if (!pending_callback_) {
        // Packets held for this number cannot be sent any more.
        const DialerMap* m = config_.map_for_number(d.number);
        if (m) {
            const auto before = hold_.size();
            hold_.erase(std::remove_if(hold_.begin(), hold_.end(),
                                       [m](const Held& h) { return h.next_hop == m->next_hop; }),
                        hold_.end());
            counters_.packets_dropped += static_cast<int>(before - hold_.size());
        }
    }
}

void Router::on_call_event(Millis now, const Q931Event& e) {
    using K = Q931Event::Kind;
    switch (e.kind) {
        case K::Incoming: {
            const int ch = e.channel;
            if (ch < 1 || ch > 2 || channels_[static_cast<std::size_t>(ch - 1)].call >= 0 ||
                !config_.bri.encapsulation_ppp) {
                ++counters_.calls_rejected;
                q931_.reject(now, e.call, ch < 1 || ch > 2 ? wire::cause::kChannelUnavailable
                                                           : wire::cause::kUserBusy);
                return;
            }
            auto& c = channels_[static_cast<std::size_t>(ch - 1)];
            c = Channel{};
            c.call = e.call;
            c.outgoing = false;
            c.number = e.calling;
            c.called = e.called;
            ++counters_.calls_answered;
            q931_.accept(now, e.call);
            return;
        }
        case K::Proceeding: return;
        case K::Connected: {
            const int ch = e.channel;
            if (ch < 1 || ch > 2) {
                q931_.disconnect(now, e.call, wire::cause::kChannelUnavailable);
                return;
            }
            auto& c = channels_[static_cast<std::size_t>(ch - 1)];
            const auto it = std::find_if(dials_.begin(), dials_.end(), [&e](const Dial& d) { return d.call == e.call; });
            if (it != dials_.end()) {
                c = Channel{};
                c.call = e.call;
                c.outgoing = true;
                c.number = it->number;
                c.name = it->name;
                c.reason = it->reason;
                c.reason_text = it->reason_text;
                c.callback_return = it->callback_return;
                auto& st = dial_stats_[it->number];
                ++st.successes;
                st.last_call = now;
                st.last_ok = true;
                dials_.erase(it);
            } else if (c.call != e.call) {
                return;
            }
            c.connected = true;
            c.connected_at = now;
            c.last_activity = now;
            if (log_.syslog()) {
                log_syslog(now, "%LINK-3-UPDOWN: Interface BRI0:" + std::to_string(ch) + ", changed state to up");
            }
            start_link(now, ch);
            return;
        }
        case K::Down: {
            const auto it = std::find_if(dials_.begin(), dials_.end(), [&e](const Dial& d) { return d.call == e.call; });
            if (it != dials_.end()) {
                Dial d = *it;
                dials_.erase(it);
                dial_failed(now, d, e.cause);
                return;
            }
            for (int i = 0; i < 2; ++i) {
                if (channels_[static_cast<std::size_t>(i)].call == e.call &&
                    channels_[static_cast<std::size_t>(i)].connected) {
                    call_down(now, i + 1, e.cause);
                }
            }
            return;
        }
        case K::Released: {
            for (auto& c : channels_) {
                if (c.call == e.call) c = Channel{};
            }
            return;
        }
    }
}

void Router::call_down(Millis now, int channel, std::uint8_t) {
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    auto& link = *links_[static_cast<std::size_t>(channel - 1)];
    const std::string ch = std::to_string(channel);
    if (log_.syslog()) {
        const long long secs = (now - c.connected_at).count() / 1000;
        log_syslog(now, "%ISDN-6-DISCONNECT: Interface BRI0:" + ch + " disconnected from " + peer_label(c) +
                            ", call lasted " + std::to_string(secs) + " seconds");
        log_syslog(now, "%LINK-3-UPDOWN: Interface BRI0:" + ch + ", changed state to down");
        if (c.protocol_up) {
            log_syslog(now, "%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:" + ch + ", changed state to down");
        }
    }
    link.lower_down(now);
    c.connected = false;
    c.protocol_up = false;
    c.link_started = false;
    dial_enabled_at_ = now + config_.bri.enable_timeout;  // DDR-06
    contention_ = false;
    if (c.call_back) {
        // CCB-04/DDR-06: the return call waits for the enable-timeout (AMB-09 knob).
        ReturnCall rc;
        Millis delay = options_.callback_delay.value_or(config_.bri.enable_timeout);
        if (c.callback_delay && *c.callback_delay > delay) delay = *c.callback_delay;
        if (options_.faults.has(Fault::EarlyReturnCall)) delay = Millis{0};
        rc.at = now + delay;
        rc.name = c.call_back->first;
        rc.number = c.call_back->second;
        rc.retries_left = options_.return_retries;
        if (!options_.faults.has(Fault::EarlyReturnCall) || return_calls_.empty()) {
            return_calls_.push_back(rc);
        }
        c.call_back.reset();
    }
}

// ---- PPP links ----------------------------------------------------------------------------

void Router::start_link(Millis now, int channel) {
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    const auto& b = config_.bri;
    LinkSetup s;
    s.hostname = options_.hostname;
    s.outgoing = c.outgoing;
    // CCB-01/AMB-07: the client asks for callback on outgoing calls only, never on a return call.
    s.request_callback = b.callback_request && c.outgoing && !c.callback_return;
    if (b.callback_request && options_.faults.has(Fault::ClientCallbackOnReturnCall)) {
        s.request_callback = true;  // fault: asks on every call, the return call too (SEQ-02)
    }
    s.callback_op = options_.callback_request_op;
    if (s.callback_op == 1 || s.callback_op == 3) {  // RFC 1570 dial string / E.164: our number
        const std::string& number = options_.callback_number.empty() ? options_.directory_number : options_.callback_number;
        s.callback_message.assign(number.begin(), number.end());
    }
    if (c.callback_return && options_.faults.has(Fault::CallbackOptionOnReturnCall)) {
        s.request_callback = true;  // fault: option 13 on the return call (breaks SEQ-02)
        s.callback_op = 0;
    }
    // CCB-02: the server accepts on incoming calls; the return call negotiates none (CB-04).
    s.accept_callback = b.callback_accept && !c.outgoing;
    if (!(b.auth_callin && c.outgoing)) s.authenticate_peer = b.authentication;
    const DialerMap* m = c.name.empty() ? config_.map_for_number(c.number) : config_.map_for_name(c.name);
    if (m && !m->name.empty()) {
        if (auto sec = config_.secret(m->name)) s.pap_password = *sec;
    }
    if (s.pap_password.empty() && !config_.usernames.empty()) {
        s.pap_password = config_.usernames.begin()->second;
    }
    s.local_ip = b.ip_address;
    s.peer_ip_hint = m ? m->next_hop : 0;
    s.own_number = options_.directory_number;
    c.link_started = true;
    links_[static_cast<std::size_t>(channel - 1)]->start(now, s);
}

void Router::on_link_event(Millis now, int channel, const LinkEvent& e) {
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    auto& link = *links_[static_cast<std::size_t>(channel - 1)];
    using K = LinkEvent::Kind;
    if (e.kind == K::Datagram) {  // the hot path: no strings
        deliver_from_link(now, e.datagram);
        return;
    }
    const std::string ch = "BR0:" + std::to_string(channel);
    switch (e.kind) {
        case K::LcpOpened: return;
        case K::AuthDone: on_auth_done(now, channel); return;
        case K::AuthFailed:
            if (log_.dialer()) log_dialer(now, ch + " DDR: authentication failed, disconnecting call");
            c.drop_for_callback = true;
            return;
        case K::Finished:
            // PH-04: after the Terminate exchange (or its counter) the physical layer goes.
            hang_up(now, channel, wire::cause::kNormalClearing);
            return;
        case K::NetworkUp:
            c.protocol_up = true;
            c.last_activity = now;
            if (log_.dialer()) log_dialer(now, ch + " DDR: dialer protocol up");
            if (log_.syslog()) {
                log_syslog(now, "%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:" + std::to_string(channel) +
                                    ", changed state to up");
            }
            flush_hold(now, channel);
            return;
        case K::NetworkDown:
            if (c.protocol_up && log_.syslog()) {
                log_syslog(now, "%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:" + std::to_string(channel) +
                                    ", changed state to down");
            }
            c.protocol_up = false;
            return;
        case K::CbcpAgreed: {
            c.drop_for_callback = true;  // CBCP-06: types 2/3 terminate the session
            if (c.outgoing) {
                Pending p;
                p.name = c.name;
                p.number = c.number;
                p.expires = now + options_.callback_wait;
                pending_callback_ = p;
                if (log_.dialer()) log_dialer(now, "DDR: Callback client for " + c.name + " " + c.number + " created");
            } else {
                std::string number = e.number;
                if (number.empty()) {
                    if (const DialerMap* m = config_.map_for_name(c.name)) number = m->number;
                }
                if (number.empty()) {
                    ++counters_.rejected_for_callback;
                } else {
                    c.call_back = std::make_pair(c.name, number);
                    c.callback_delay = e.delay;
                    if (log_.dialer()) log_dialer(now, ch + " DDR: PPP callback Callback server starting to " + c.name + " " + number);
                }
            }
            // AMB-12: the answerer terminates (Windows, Cisco) unless told to leave it to the
            // caller; the caller disconnects to wait for the return call (CBCP-06).
            if (c.outgoing || options_.cbcp_answerer_terminates) link.close(now);
            return;
        }
        case K::CbcpNone:
            link.start_network(now);
            return;
        case K::Datagram:
            deliver_from_link(now, e.datagram);
            return;
    }
}

void Router::on_auth_done(Millis now, int channel) {
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    auto& link = *links_[static_cast<std::size_t>(channel - 1)];
    const std::string ch = "BR0:" + std::to_string(channel);
    if (!link.peer_name().empty()) c.name = link.peer_name();
    // A caller whose number was withheld (CLIR) is found by the name it authenticated with
    // (`dialer map ip A name N`): its next hop is the address IPCP offers it (IP-07, DDR-02).
    if (const DialerMap* m = c.name.empty() ? nullptr : config_.map_for_name(c.name)) link.learn_peer_ip_hint(m->next_hop);
    const auto& b = config_.bri;
    const bool syslog = log_.syslog();
    auto connected_line = [&]() {
        if (syslog) log_syslog(now, "%ISDN-6-CONNECT: Interface BRI0:" + std::to_string(channel) +
                                        " is now connected to " + peer_label(c));
    };

    // Client role (CCB-01, CB-03): the call we placed had Callback agreed.
    if (c.outgoing && link.callback_agreed_as_client()) {
        c.drop_for_callback = true;
        if (options_.callback_request_op == 6) {
            connected_line();
            link.await_cbcp_request(now);  // AMB-41: not forever
            return;  // CB-08: CBCP runs first; the server's Request drives it
        }
        if (log_.dialer()) log_dialer(now, ch + " DDR: Callback negotiated - Disconnecting now");
        connected_line();
        Pending p;
        p.name = c.name;
        p.number = c.number;
        p.expires = now + options_.callback_wait;
        pending_callback_ = p;
        if (log_.dialer()) log_dialer(now, "DDR: Callback client for " + c.name + " " + c.number + " created");
        if (options_.faults.has(Fault::IpcpOnFirstCall)) link.start_network(now);  // breaks SEQ-01
        if (options_.terminate_initiator != TerminateInitiator::Server) link.close(now);
        return;
    }

    // Server role (CCB-02..05): we acked the caller's Callback option.
    if (!c.outgoing && link.callback_agreed_as_server()) {
        const std::uint8_t op = link.agreed_callback_op();
        const DialerMap* m = config_.map_for_name(c.name);
        const MapClass* mc = m && !m->map_class.empty() ? config_.find_class(m->map_class) : nullptr;
        const bool configured = mc && mc->callback_server != CallbackServerMode::None;
        connected_line();
        if (op == 6) {  // CB-08: CBCP decides the number
            c.drop_for_callback = true;
            if (!configured && b.callback_secure && !options_.faults.has(Fault::CallbackIgnoresSecure)) {
                ++counters_.rejected_for_callback;
                if (log_.dialer()) log_dialer(now, ch + " DDR: Callback client " + c.name + " not configured, disconnecting");
                link.close(now);
                return;
            }
            if (options_.cbcp_answerer_silent) return;  // the caller waits (AMB-41)
            if (!options_.cbcp_offer.empty()) link.start_cbcp_server(now, options_.cbcp_offer);
            else link.start_cbcp_server(now, configured && !m->number.empty(), !b.callback_secure);
            return;
        }
        std::string number;
        if (configured) {
            number = m->number;
            const Bytes& msg = link.agreed_callback_message();
            // Fault callback-server-uses-dialstring takes it under `username` too.
            const bool dialstring = mc->callback_server == CallbackServerMode::Dialstring ||
                                    options_.faults.has(Fault::CallbackServerUsesDialstring);
            if (dialstring && (op == 1 || op == 3) && !msg.empty()) {
                number.assign(msg.begin(), msg.end());  // CCB-03: number from the negotiation
            }
            if (options_.faults.has(Fault::CallbackToCalledNumber) && !c.called.empty()) {
                number = c.called;  // fault: the number the first call dialled, i.e. our own
            }
        } else if (options_.faults.has(Fault::CallbackIgnoresSecure) && b.callback_secure) {
            // Fault: call back anyway, at whatever number can be found.
            const Bytes& msg = link.agreed_callback_message();
            if (m) number = m->number;
            else if ((op == 1 || op == 3) && !msg.empty()) number.assign(msg.begin(), msg.end());
            else number = c.number;
        }
        if (number.empty()) {
            if (b.callback_secure) {
                // CCB-05: callback-secure drops an unconfigured user and places no return call.
                ++counters_.rejected_for_callback;
                c.drop_for_callback = true;
                if (log_.dialer()) log_dialer(now, ch + " DDR: Callback client " + c.name + " not configured, disconnecting");
                link.close(now);
                return;
            }
            link.start_network(now);  // CCB-05: without it the first call is kept
            return;
        }
        if (options_.faults.has(Fault::KeepFirstCall)) {
            link.start_network(now);  // fault: first call kept, NCP runs (breaks CB-03/SEQ-01)
            return;
        }
        c.drop_for_callback = true;
        c.call_back = std::make_pair(c.name, number);
        if (log_.dialer()) {
            log_dialer(now, ch + " DDR: PPP callback Callback server starting to " + c.name + " " + number);
            log_dialer(now, ch + " DDR: disconnecting call");
        }
        if (options_.faults.has(Fault::EarlyReturnCall)) {
            ReturnCall rc;
            rc.at = now;
            rc.name = c.name;
            rc.number = number;
            return_calls_.push_back(rc);
        }
        if (options_.terminate_initiator != TerminateInitiator::Client) link.close(now);
        return;
    }

    // A return call we answer (client side, CCB-04): it frees our pending record.
    if (!c.outgoing && pending_callback_ && pending_callback_->name == c.name) {
        if (log_.dialer()) {
            log_dialer(now, ch + " DDR: Callback received from " + pending_callback_->name + " " + pending_callback_->number);
            log_dialer(now, "DDR: Freeing callback to " + pending_callback_->name + " " + pending_callback_->number);
        }
        if (c.number.empty()) c.number = pending_callback_->number;
        pending_callback_.reset();
    }
    connected_line();
    link.start_network(now);
}

// ---- IP -----------------------------------------------------------------------------------

bool Router::interesting(const Bytes&) const {
    // DDR-01: dialer-group N bound to dialer-list N protocol ip permit.
    if (!config_.bri.dialer_group) return false;
    const auto it = config_.dialer_lists.find(*config_.bri.dialer_group);
    return it != config_.dialer_lists.end() && it->second.ip_permit;
}

int Router::channel_for(std::uint32_t next_hop, const DialerMap* map) const {
    for (int i = 0; i < 2; ++i) {
        const auto& c = channels_[static_cast<std::size_t>(i)];
        if (!c.protocol_up) continue;
        const auto& l = *links_[static_cast<std::size_t>(i)];
        if (l.peer_ip() == next_hop) return i + 1;
        if (map && !map->name.empty() && map->name == c.name) return i + 1;
    }
    return 0;
}

void Router::route(Millis now, const Bytes& datagram, std::uint32_t src, std::uint32_t dst, bool is_interesting) {
    const DialerMap* m = config_.map_for_next_hop(dst);
    const int ch = channel_for(dst, m);
    if (ch > 0) {
        auto& c = channels_[static_cast<std::size_t>(ch - 1)];
        if (is_interesting) c.last_activity = now;  // DDR-01: only interesting traffic resets idle
        links_[static_cast<std::size_t>(ch - 1)]->send_ip(now, datagram);
        return;
    }
    if (!m || !is_interesting) {  // DDR-01: other traffic only over an up link
        ++counters_.packets_dropped;
        return;
    }
    auto hold = [&]() {
        if (config_.bri.hold_queue > 0 && hold_.size() < static_cast<std::size_t>(config_.bri.hold_queue) &&
            hold_.size() < kMaxHold) {
            hold_.push_back(Held{datagram, dst, now});
            ++counters_.packets_held;
        } else {
            ++counters_.packets_dropped;
        }
    };
    const bool dialing = std::any_of(dials_.begin(), dials_.end(), [m](const Dial& d) { return d.number == m->number; });
    const bool connecting = std::any_of(channels_.begin(), channels_.end(), [m](const Channel& c) {
        return c.connected && (c.number == m->number || (!m->name.empty() && c.name == m->name));
    });
    const bool awaiting_return = pending_callback_ && pending_callback_->name == m->name &&
                                 !options_.faults.has(Fault::ClientDialsWhileCallbackPending);
    if (dialing || connecting || awaiting_return) {
        hold();  // DDR-07: queue while dialling / while waiting for the return call
        return;
    }
    if (now < dial_enabled_at_ && !options_.faults.has(Fault::EnableTimeoutIgnored)) {  // DDR-06
        ++counters_.packets_dropped;
        return;
    }
    if (q931_.active_calls() >= 2) {
        contention_ = true;  // DDR-04: another destination waits, fast-idle applies
        ++counters_.packets_dropped;
        return;
    }
    if (log_.dialer()) {
        log_dialer(now, "BR0 DDR: Dialing cause ip (s=" + format_ipv4(src) + ", d=" + format_ipv4(dst) + ")");
    }
    const std::string reason = "ip (s=" + format_ipv4(src) + ", d=" + format_ipv4(dst) + ")";
    if (place_call(now, m->number, m->name, DialReason::Traffic, reason, false, 0)) {
        hold();
    } else {
        ++counters_.packets_dropped;
    }
}

void Router::flush_hold(Millis now, int channel) {
    auto& link = *links_[static_cast<std::size_t>(channel - 1)];
    auto& c = channels_[static_cast<std::size_t>(channel - 1)];
    for (auto it = hold_.begin(); it != hold_.end();) {
        const DialerMap* m = config_.map_for_next_hop(it->next_hop);
        if (link.peer_ip() == it->next_hop || (m && !m->name.empty() && m->name == c.name)) {
            link.send_ip(now, it->datagram);
            c.last_activity = now;
            it = hold_.erase(it);
        } else {
            ++it;
        }
    }
}

namespace {

std::uint16_t be16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v & 0xFFU);
}

// The router's Echo server (RFC 792, RFC 1812 section 4.3.3.6), answering in place: a valid IPv4
// (RFC 791 checksum, lengths) ICMP Echo-Request for `self`, whole, becomes the Echo-Reply
// (addresses swapped, TTL 255, checksums recomputed). The TOS octet stays: "An ICMP reply message
// MUST have its IP Precedence field set to the same value as the IP Precedence field in the ICMP
// request" (RFC 1812 section 4.3.2.5, SPEC IP-05). The Request's TTL is not checked (section
// 4.2.2.9, IP-06). Returns false for anything else, which is never answered.
bool echo_reply_in_place(Bytes& d, std::uint32_t self) {
    if (d.size() < 28 || (d[0] >> 4) != 4) return false;
    const std::size_t ihl = static_cast<std::size_t>(d[0] & 0x0FU) * 4;
    const std::size_t total = be16(d, 2);
    if (ihl < 20 || total < ihl + 8 || total > d.size() || d[9] != wire::kIpProtoIcmp) return false;
    if ((be16(d, 6) & 0x3FFFU) != 0) return false;  // a fragment: IP-04
    const std::uint32_t dst = static_cast<std::uint32_t>(d[16]) << 24 | static_cast<std::uint32_t>(d[17]) << 16 |
                              static_cast<std::uint32_t>(d[18]) << 8 | d[19];
    if (dst != self || d[ihl] != wire::kIcmpEchoRequest || d[ihl + 1] != 0) return false;
    if (wire::internet_checksum(d.data(), ihl) != 0) return false;
    if (wire::internet_checksum(d.data() + ihl, total - ihl) != 0) return false;
    d.resize(total);
    for (std::size_t i = 0; i < 4; ++i) std::swap(d[12 + i], d[16 + i]);
    d[8] = 255;
    put16(d, 10, 0);
    put16(d, 10, wire::internet_checksum(d.data(), ihl));
    d[ihl] = wire::kIcmpEchoReply;
    put16(d, ihl + 2, 0);
    put16(d, ihl + 2, wire::internet_checksum(d.data() + ihl, total - ihl));
    return true;
}

}  // namespace

void Router::deliver_from_link(Millis now, const Bytes& datagram) {
    {
        Bytes reply = datagram;
        if (echo_reply_in_place(reply, config_.bri.ip_address)) {
            const std::uint32_t to = static_cast<std::uint32_t>(reply[16]) << 24 |
                                     static_cast<std::uint32_t>(reply[17]) << 16 |
                                     static_cast<std::uint32_t>(reply[18]) << 8 | reply[19];
            route(now, reply, config_.bri.ip_address, to, interesting(reply));
            return;
        }
    }
    auto ip = wire::decode_ipv4(datagram);
    if (!ip) {
        ++counters_.packets_dropped;
        return;
    }
    if (ip.value().destination != config_.bri.ip_address) {
        ++counters_.packets_dropped;  // one interface: nothing to forward to
        return;
    }
    // Every Echo-Request the router answers was answered in place above. What is left goes to
    // its own stack, a fragment of an Echo-Request included: RFC 1812 section 4.3.3.6 (SPEC IP-04)
    // answers it once reassembled, never fragment by fragment, and the reference does not
    // reassemble (its links carry whole datagrams: MRU 1500).
    out_.emplace_back(DeliverLocal{datagram});
}

// ---- show dialer --------------------------------------------------------------------------

std::string Router::show_dialer(Millis now) const {
    const mutation::Scope scope(options_.mutant);
    const auto& b = config_.bri;
    std::string s = "BRI0 - dialer type = ISDN\n\n";
    s += "Dial String      Successes   Failures    Last DNIS   Last status\n";
    char buf[160];
    for (const auto& [number, st] : dial_stats_) {
        const std::string since = st.last_call ? format_hms(now - *st.last_call) : "never";
        std::snprintf(buf, sizeof buf, "%-16s %9d %10d %11s %13s\n", number.c_str(), st.successes, st.failures,
                      since.c_str(), st.last_call ? (st.last_ok ? "successful" : "failed") : "-");
        s += buf;
    }
    s += std::to_string(counters_.incoming_screened) + " incoming call(s) have been screened.\n";
    s += std::to_string(counters_.rejected_for_callback) + " incoming call(s) rejected for callback.\n";
    for (int i = 0; i < 2; ++i) {
        const auto& c = channels_[static_cast<std::size_t>(i)];
        s += "\nBRI0:" + std::to_string(i + 1) + " - dialer type = ISDN\n";
        std::snprintf(buf, sizeof buf, "Idle timer (%lld secs), Fast idle timer (%lld secs)\n",
                      static_cast<long long>(b.idle_timeout.count() / 1000),
                      static_cast<long long>(b.fast_idle.count() / 1000));
        s += buf;
        std::snprintf(buf, sizeof buf, "Wait for carrier (%lld secs), Re-enable (%lld secs)\n",
                      static_cast<long long>(b.wait_for_carrier.count() / 1000),
                      static_cast<long long>(b.enable_timeout.count() / 1000));
        s += buf;
        const bool dialing = std::any_of(dials_.begin(), dials_.end(), [&](const Dial& d) {
            return q931_.channel(d.call) == i + 1;
        });
        if (c.connected) {
            s += c.protocol_up ? "Dialer state is data link layer up\n" : "Dialer state is physical layer up\n";
            if (c.outgoing && !c.reason_text.empty()) s += "Dial reason: " + c.reason_text + "\n";
            if (c.link_started && !c.drop_for_callback) {
                const auto left = idle_deadline(c) - now;
                std::snprintf(buf, sizeof buf, "Time until disconnect %lld secs\n",
                              static_cast<long long>(left.count() < 0 ? 0 : left.count() / 1000));
                s += buf;
            }
            // IOS prints a caller whose number it was not given as `<unknown phone number>`.
            s += "Connected to " + (c.number.empty() ? std::string("<unknown phone number>") : c.number) +
                 (c.name.empty() ? "" : " (" + c.name + ")") + "\n";
        } else if (dialing) {
            s += "Dialer state is dialing\n";
        } else {
            s += "Dialer state is idle\n";
        }
    }
    return s;
}

}  // namespace ppp::sut
