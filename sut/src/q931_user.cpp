// Q.931 user side (SPEC ISDN-02..07). Call reference flag: 0 = sent by the side that allocated
// the reference, so our own calls go out with flag 0 and network calls are answered with flag 1.
#include <cstdio>

#include "ppp/sut/q931_user.hpp"

namespace ppp::sut {

using wire::Q931Message;
using wire::Q931Type;

namespace {
constexpr std::uint8_t kCauseInvalidCallRef = 81;
}

Q931Message user_setup(std::uint8_t call_reference, const std::string& calling, const std::string& called) {
    Q931Message m;
    m.call_reference = call_reference;
    m.type = static_cast<std::uint8_t>(Q931Type::Setup);
    m.bearer = wire::BearerCapability{Bytes{0x88, 0x90}};  // 64 kbit/s unrestricted digital
    m.channel = wire::ChannelId{3, false, {}};             // any B-channel (0x83)
    if (!calling.empty()) {
        wire::PartyNumber p;
        p.type_plan = 0x00;
        p.presentation = 0x80;
        p.digits = calling;
        m.calling = p;
    }
    wire::PartyNumber dn;
    dn.type_plan = 0x80;
    dn.digits = called;
    m.called = dn;
    return m;
}

Q931User::Q931User(Logger& log, std::deque<Action>& out, Q931Timers timers, const Faults* faults)
    : log_(log), out_(out), timers_(timers), faults_(faults) {}

void Q931User::reset() {
    calls_ = {};
    events_.clear();
}

int Q931User::active_calls() const {
    int n = 0;
    for (const auto& c : calls_) n += c.state != UState::Null ? 1 : 0;
    return n;
}

int Q931User::find(std::uint8_t cr, bool ours) const {
    for (int i = 0; i < kMaxCalls; ++i) {
        const auto& c = calls_[static_cast<std::size_t>(i)];
        if (c.state != UState::Null && c.cr == cr && c.originated == ours) return i;
    }
    return -1;
}

void Q931User::log_message(Millis now, bool tx, const Q931Message& m) {
    char buf[96];
    const unsigned cr = static_cast<unsigned>(m.call_reference) | (m.from_destination ? 0x80U : 0U);
    std::snprintf(buf, sizeof buf, "ISDN BR0: %s  %s pd = 8  callref = 0x%02X", tx ? "TX ->" : "RX <-",
                  wire::q931_type_name(m.type), cr);
    log_.line(now, buf);
    if (m.bearer) {
        std::string s = "        Bearer Capability i = 0x";
        for (const auto b : m.bearer->octets) {
            std::snprintf(buf, sizeof buf, "%02X", b);
            s += buf;
        }
        log_.line(now, s);
    }
    if (m.channel) {
        const unsigned v = 0x80U | (m.channel->exclusive ? 0x08U : 0U) | m.channel->channel;
        std::snprintf(buf, sizeof buf, "        Channel ID i = 0x%02X", v);
        log_.line(now, buf);
    }
    if (m.cause) {  // OBS-04: location octet, cause octet, then the cause's name
        const unsigned o1 = 0x80U | static_cast<unsigned>(m.cause->coding_standard << 5) | m.cause->location;
        std::snprintf(buf, sizeof buf, "        Cause i = 0x%02X%02X - ", o1, 0x80U | m.cause->value);
        log_.line(now, std::string(buf) + wire::cause_name(m.cause->value));
    }
    if (m.calling) {
        std::snprintf(buf, sizeof buf, "        Calling Party Number i = 0x%02X, '", m.calling->type_plan);
        log_.line(now, std::string(buf) + m.calling->digits + "'");
    }
    if (m.called) {
        std::snprintf(buf, sizeof buf, "        Called Party Number i = 0x%02X, '", m.called->type_plan);
        log_.line(now, std::string(buf) + m.called->digits + "'");
    }
}

void Q931User::send_raw(Millis now, const Q931Message& m) {
    if (log_.isdn()) log_message(now, true, m);
    out_.emplace_back(SendQ931{wire::encode_q931(m)});
}

void Q931User::send(Millis now, Call& c, Q931Type type, std::optional<std::uint8_t> cause,
                    bool with_channel) {
    Q931Message m;
    m.call_reference = c.cr;
    m.from_destination = !c.originated;
    m.type = static_cast<std::uint8_t>(type);
    // Fault disconnect-without-cause: the mandatory Cause IE left out of DISCONNECT (ISDN-05).
    if (type == Q931Type::Disconnect) c.disconnect_cause = cause;
    if (cause && !(type == Q931Type::Disconnect && has(Fault::DisconnectWithoutCause))) {
        wire::CauseIe ie;
        ie.location = 0;  // user (AMB-17: Cisco 0x80)
        ie.value = *cause;
        m.cause = ie;
    }
    if (with_channel && c.channel != 0) {
        wire::ChannelId ch;
        ch.channel = static_cast<std::uint8_t>(c.channel);
        ch.exclusive = true;
        m.channel = ch;
    }
    send_raw(now, m);
}

int Q931User::place_call(Millis now, const std::string& called, const std::string& calling) {
    int slot = -1;
    for (int i = 0; i < kMaxCalls; ++i) {
        if (calls_[static_cast<std::size_t>(i)].state == UState::Null) {
            slot = i;
            break;
        }
    }
    if (slot < 0) return -1;
    // A call reference value not in use by one of our own calls.
    for (int tries = 0; tries < 127; ++tries) {
        if (find(next_cr_, true) < 0) break;
        next_cr_ = static_cast<std::uint8_t>(next_cr_ % 127 + 1);
    }
    Call& c = calls_[static_cast<std::size_t>(slot)];
    c = Call{};
    c.state = UState::CallInitiated;
    c.cr = next_cr_;
    next_cr_ = static_cast<std::uint8_t>(next_cr_ % 127 + 1);
    c.originated = true;
    const Q931Message m = user_setup(c.cr, calling, called);
    c.setup = m;
    c.deadline = now + timers_.t303;
    send_raw(now, m);
    return slot;
}

void Q931User::accept(Millis now, int call) {
    if (call < 0 || call >= kMaxCalls) return;
    Call& c = calls_[static_cast<std::size_t>(call)];
    if (c.state != UState::CallPresent) return;
    send(now, c, Q931Type::CallProceeding, {}, true);
    send(now, c, Q931Type::Connect, {}, true);
    c.state = UState::ConnectRequest;
    c.expiries = 0;
    c.deadline = now + timers_.t313;
}

void Q931User::reject(Millis now, int call, std::uint8_t cause) {
    if (call < 0 || call >= kMaxCalls) return;
    Call& c = calls_[static_cast<std::size_t>(call)];
    if (c.state != UState::CallPresent) return;
    send(now, c, Q931Type::ReleaseComplete, cause);
    to_null(now, call, cause, false);
}

void Q931User::disconnect(Millis now, int call, std::uint8_t cause) {
    if (call < 0 || call >= kMaxCalls) return;
    Call& c = calls_[static_cast<std::size_t>(call)];
    switch (c.state) {
        case UState::Null: case UState::DisconnectRequest: case UState::ReleaseRequest: return;
        case UState::CallPresent: reject(now, call, cause); return;
        case UState::DisconnectIndication:  // network already disconnected: release
            send(now, c, Q931Type::Release);
            c.state = UState::ReleaseRequest;
            c.expiries = 0;
            c.deadline = now + timers_.t308;
            return;
        default: break;
    }
    send(now, c, Q931Type::Disconnect, cause);
    c.state = UState::DisconnectRequest;
    c.expiries = 0;
    c.deadline = now + timers_.t305;
    report_down(call, cause, false);
}

// U10 Active (ISDN-02/03): the B-channel is through-connected, which brings LCP up (ISDN-07).
void Q931User::enter_active(int slot, Call& c) {
    c.state = UState::Active;
    c.deadline.reset();
    Q931Event e;
    e.kind = Q931Event::Kind::Connected;
    e.call = slot;
    e.channel = c.channel;
    events_.push_back(e);
}

// ISDN-09, Q.931 section 5.8.10: STATUS with cause #30 and the current call state.
void Q931User::answer_status_enquiry(Millis now, const Call& c) {
    Q931Message status;
    status.call_reference = c.cr;
    status.from_destination = !c.originated;
    status.type = static_cast<std::uint8_t>(Q931Type::Status);
    wire::CauseIe ie;
    ie.value = wire::cause::kResponseToStatusEnquiry;
    status.cause = ie;
    status.others.push_back({wire::q931_ie::kCallState, {static_cast<std::uint8_t>(c.state)}});
    send_raw(now, status);
}

void Q931User::report_down(int slot, std::uint8_t cause, bool from_network) {
    Call& c = calls_[static_cast<std::size_t>(slot)];
    if (c.down_reported) return;
    c.down_reported = true;
    Q931Event e;
    e.kind = Q931Event::Kind::Down;
    e.call = slot;
    e.channel = c.channel;
    e.cause = cause;
    e.cause_from_network = from_network;
    events_.push_back(e);
}

void Q931User::to_null(Millis, int slot, std::uint8_t cause, bool from_network) {
    report_down(slot, cause, from_network);
    Call& c = calls_[static_cast<std::size_t>(slot)];
    Q931Event e;
    e.kind = Q931Event::Kind::Released;
    e.call = slot;
    e.channel = c.channel;
    e.cause = cause;
    e.cause_from_network = from_network;
    c.state = UState::Null;
    c.deadline.reset();
    events_.push_back(e);
}

void Q931User::on_message(Millis now, const Bytes& octets) {
    auto decoded = wire::decode_q931(octets);
    if (!decoded) {
        ++malformed_;  // bad input is dropped and counted, never fatal (DESIGN.md section 9)
        return;
    }
    const Q931Message& m = decoded.value();
    if (log_.isdn()) log_message(now, false, m);
    if (m.dummy_call_reference) return;
    const auto type = m.kind();
    if (type == Q931Type::Setup) {
        if (m.from_destination) return;  // a SETUP is always sent by the allocating side
        if (find(m.call_reference, false) >= 0) return;  // retransmitted SETUP
        int slot = -1;
        for (int i = 0; i < kMaxCalls; ++i) {
            if (calls_[static_cast<std::size_t>(i)].state == UState::Null) {
                slot = i;
                break;
            }
        }
        Call tmp;
        tmp.cr = m.call_reference;
        tmp.originated = false;
        if (slot < 0) {
            send(now, tmp, Q931Type::ReleaseComplete, wire::cause::kUserBusy);
            return;
        }
        Call& c = calls_[static_cast<std::size_t>(slot)];
        c = tmp;
        c.state = UState::CallPresent;
        c.channel = (m.channel && (m.channel->channel == 1 || m.channel->channel == 2))
                        ? m.channel->channel : 0;
        Q931Event e;
        e.kind = Q931Event::Kind::Incoming;
        e.call = slot;
        e.channel = c.channel;
        if (m.calling) e.calling = m.calling->digits;
        if (m.called) e.called = m.called->digits;
        events_.push_back(e);
        return;
    }
    const int slot = find(m.call_reference, m.from_destination);
    if (slot < 0) {
        if (type == Q931Type::ReleaseComplete) return;
        Call tmp;
        tmp.cr = m.call_reference;
        tmp.originated = m.from_destination;
        // Q.931 section 5.8.3.2 a) leaves STATUS ENQUIRY out of the RELEASE COMPLETE #81 rule;
        // section 5.8.10 answers it with "the Null state if the call reference does not relate to
        // an active call or to a call in progress" (ISDN-13).
        if (type == Q931Type::StatusEnquiry && !has(Fault::StatusEnquiryReleased)) answer_status_enquiry(now, tmp);
        else send(now, tmp, Q931Type::ReleaseComplete, kCauseInvalidCallRef);
        return;
    }
    Call& c = calls_[static_cast<std::size_t>(slot)];
    const std::uint8_t cause = m.cause ? m.cause->value : wire::cause::kNormalClearing;
    switch (type) {
        case Q931Type::CallProceeding:
        case Q931Type::Alerting:
        case Q931Type::Progress:
            if (c.state == UState::CallInitiated || c.state == UState::OutgoingProceeding) {
                if (m.channel && (m.channel->channel == 1 || m.channel->channel == 2)) {
                    c.channel = m.channel->channel;
                }
                if (type == Q931Type::CallProceeding || c.state == UState::CallInitiated) {
                    c.state = type == Q931Type::Alerting ? UState::CallDelivered
                                                         : UState::OutgoingProceeding;
                    c.expiries = 0;
                    c.deadline = type == Q931Type::Alerting ? std::optional<Millis>{}
                                                            : std::optional<Millis>{now + timers_.t310};
                    Q931Event e;
                    e.kind = Q931Event::Kind::Proceeding;
                    e.call = slot;
                    e.channel = c.channel;
                    events_.push_back(e);
                } else if (type == Q931Type::Alerting) {
                    c.state = UState::CallDelivered;
                    c.deadline.reset();
                }
            }
            break;
        case Q931Type::Connect:
            if (c.originated && (c.state == UState::CallInitiated ||
                                 c.state == UState::OutgoingProceeding ||
                                 c.state == UState::CallDelivered)) {
                if (m.channel && (m.channel->channel == 1 || m.channel->channel == 2)) {
                    c.channel = m.channel->channel;
                }
                // AMB-17: Cisco sends CONNECT ACK (not with fault no-connect-ack).
                if (!has(Fault::NoConnectAck)) send(now, c, Q931Type::ConnectAck);
                enter_active(slot, c);
            }
            break;
        case Q931Type::ConnectAck:
            if (!c.originated && c.state == UState::ConnectRequest) enter_active(slot, c);
            break;
        case Q931Type::Disconnect:
            if (c.state == UState::ReleaseRequest) break;
            report_down(slot, cause, true);
            if (has(Fault::DisconnectAnsweredWithReleaseComplete)) {
                send(now, c, Q931Type::ReleaseComplete);  // fault: skips RELEASE (ISDN-05)
                to_null(now, slot, cause, true);
                break;
            }
            // ISDN-05: answer a DISCONNECT with RELEASE and wait for RELEASE COMPLETE (T308).
            send(now, c, Q931Type::Release);
            c.state = UState::ReleaseRequest;
            c.expiries = 0;
            c.deadline = now + timers_.t308;
            break;
        case Q931Type::Release:
            // ISDN-11, Q.931 section 5.3.5: a RELEASE received in Release Request is a clear
            // collision; the call reference is freed "without sending or receiving a RELEASE
            // COMPLETE message". In any other state it is answered (ISDN-05).
            if (c.state != UState::ReleaseRequest && !has(Fault::NoReleaseComplete)) send(now, c, Q931Type::ReleaseComplete);
            to_null(now, slot, cause, true);
            break;
        case Q931Type::ReleaseComplete:
            to_null(now, slot, cause, true);
            break;
        case Q931Type::StatusEnquiry: answer_status_enquiry(now, c); break;
        default:
            break;  // STATUS, INFORMATION, ...: nothing to do for the lab's switch
    }
}

void Q931User::on_timer(Millis now) {
    for (int i = 0; i < kMaxCalls; ++i) {
        Call& c = calls_[static_cast<std::size_t>(i)];
        if (c.state == UState::Null || !c.deadline || *c.deadline > now) continue;
        c.deadline.reset();
        ++c.expiries;
        switch (c.state) {
            case UState::CallInitiated:  // T303: resend SETUP once, then clear
                if (has(Fault::T303NotHonoured)) break;  // fault: waits on (ISDN-02)
                if (c.expiries == 1) {
                    send_raw(now, c.setup);
                    c.deadline = now + timers_.t303;
                } else {
                    send(now, c, Q931Type::ReleaseComplete, wire::cause::kRecoveryOnTimer);
                    to_null(now, i, wire::cause::kRecoveryOnTimer, false);
                }
                break;
            case UState::OutgoingProceeding:  // T310
            case UState::ConnectRequest:      // T313
                send(now, c, Q931Type::Disconnect, wire::cause::kRecoveryOnTimer);
                report_down(i, wire::cause::kRecoveryOnTimer, false);
                c.state = UState::DisconnectRequest;
                c.expiries = 0;
                c.deadline = now + timers_.t305;
                break;
            case UState::DisconnectRequest:  // T305: RELEASE with the DISCONNECT's cause (ISDN-10, Q.931 5.3.3)
                send(now, c, Q931Type::Release, c.disconnect_cause.value_or(wire::cause::kRecoveryOnTimer));
                c.state = UState::ReleaseRequest;
                c.expiries = 0;
                c.deadline = now + timers_.t308;
                break;
            case UState::ReleaseRequest:  // T308: resend once, then free the reference
                if (c.expiries == 1) {
                    // The same RELEASE again: after a DISCONNECT of ours it carries that cause.
                    send(now, c, Q931Type::Release, c.disconnect_cause.value_or(wire::cause::kRecoveryOnTimer));
                    c.deadline = now + timers_.t308;
                } else {
                    to_null(now, i, wire::cause::kRecoveryOnTimer, false);
                }
                break;
            default:
                break;
        }
    }
}

std::optional<Millis> Q931User::next_deadline() const {
    std::optional<Millis> d;
    for (const auto& c : calls_) {
        if (c.state != UState::Null && c.deadline && (!d || *c.deadline < *d)) d = c.deadline;
    }
    return d;
}

std::optional<Q931Event> Q931User::poll_event() {
    if (events_.empty()) return std::nullopt;
    Q931Event e = std::move(events_.front());
    events_.pop_front();
    return e;
}

}  // namespace ppp::sut
