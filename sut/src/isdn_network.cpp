// Network side of Q.931 for the simulated BRI ports (SPEC ISDN-01..06, TV-11).
#include <algorithm>
#include <cstdio>
#include <utility>

#include "ppp/sut/isdn_network.hpp"

namespace ppp::sut {

using wire::Q931Message;
using wire::Q931Type;

namespace {
constexpr std::uint8_t kInvalidCallRef = 81;
constexpr std::uint8_t kLocationPublicLocal = 2;
// Progress indicator (Q.931 section 4.5.23): coding standard CCITT, location public network serving
// the local user; description #1 "call is not end-to-end ISDN; further call progress information
// may be available in-band" (the interworking of section 5.1.6).
const wire::Bytes kProgressNotEndToEndIsdn{0x82, 0x81};

bool answers_with_alerting(CallScript s) {
    return s == CallScript::AnswerAlerting || s == CallScript::AnswerProceedingAlerting ||
           s == CallScript::AnswerProgress || s == CallScript::ClearAfterAlerting || s == CallScript::AlertingOnly;
}
}  // namespace

long long CallRecord::billed_seconds() const {
    if (!connected_at || !disconnected_at) return 0;
    const long long ms = (*disconnected_at - *connected_at).count();
    return ms <= 0 ? 0 : (ms + 999) / 1000;
}

IsdnNetwork::IsdnNetwork(NetworkOptions options) : options_(options) {}

std::size_t IsdnNetwork::add_port(std::string number) {
    Port p;
    p.number = std::move(number);
    ports_.push_back(std::move(p));
    return ports_.size() - 1;
}

std::optional<std::size_t> IsdnNetwork::port_of(const std::string& number) const {
    for (std::size_t i = 0; i < ports_.size(); ++i) {
        if (ports_[i].number == number) return i;
    }
    return std::nullopt;
}

std::optional<NetOut> IsdnNetwork::poll() {
    if (out_.empty()) return std::nullopt;
    NetOut o = std::move(out_.front());
    out_.pop_front();
    return o;
}

int IsdnNetwork::channels_in_use(std::size_t port) const {
    return (ports_[port].busy[0] ? 1 : 0) + (ports_[port].busy[1] ? 1 : 0);
}

int IsdnNetwork::alloc_channel(std::size_t port) {
    Port& p = ports_[port];
    const int assigned = std::exchange(p.next_channel, 0);
    if ((assigned == 1 || assigned == 2) && !p.busy[static_cast<std::size_t>(assigned - 1)]) {
        p.busy[static_cast<std::size_t>(assigned - 1)] = true;
        return assigned;
    }
    for (int i = 0; i < 2; ++i) {
        if (!ports_[port].busy[static_cast<std::size_t>(i)]) {
            ports_[port].busy[static_cast<std::size_t>(i)] = true;
            return i + 1;
        }
    }
    return 0;
}

void IsdnNetwork::send(std::size_t port, std::uint8_t cr, bool to_originator, Q931Type type,
                       std::optional<std::uint8_t> cause, int channel) {
    Q931Message m;
    m.call_reference = cr;
    m.from_destination = to_originator;  // flag 1 toward the side that allocated the reference
    m.type = static_cast<std::uint8_t>(type);
    if (cause) {
        wire::CauseIe ie;
        ie.location = kLocationPublicLocal;
        ie.value = *cause;
        m.cause = ie;
    }
    if (channel != 0) {
        wire::ChannelId ch;
        ch.channel = static_cast<std::uint8_t>(channel);
        ch.exclusive = true;
        m.channel = ch;
    }
    out_.push_back(NetOut{port, wire::encode_q931(m)});
}

void IsdnNetwork::free_leg(Call& c, bool a) {
    if (a) {
        if (c.a_channel != 0) ports_[c.a_port].busy[static_cast<std::size_t>(c.a_channel - 1)] = false;
        c.a_channel = 0;
        c.a = Leg::Gone;
    } else {
        if (c.b_channel != 0) ports_[c.b_port].busy[static_cast<std::size_t>(c.b_channel - 1)] = false;
        c.b_channel = 0;
        c.b = Leg::Gone;
    }
}

void IsdnNetwork::end_record(Millis now, Call& c, std::uint8_t cause) {
    c.through = false;
    c.no_answer_at.reset();
    c.connect_at.reset();
    if (c.record < 0) return;
    auto& r = records_[static_cast<std::size_t>(c.record)];
    if (!r.disconnected_at) {
        r.disconnected_at = now;
        r.cause = cause;
    }
}

void IsdnNetwork::on_setup(Millis now, std::size_t port, const Q931Message& m) {
    CallRecord rec;
    rec.id = static_cast<int>(records_.size()) + 1;
    rec.caller = ports_[port].number;
    rec.callee = m.called ? m.called->digits : std::string{};
    rec.setup_at = now;
    records_.push_back(rec);
    const int record = static_cast<int>(records_.size()) - 1;
    auto reject = [&](std::uint8_t cause) {  // rejection via RELEASE COMPLETE
        send(port, m.call_reference, true, Q931Type::ReleaseComplete, cause);
        records_[static_cast<std::size_t>(record)].disconnected_at = now;
        records_[static_cast<std::size_t>(record)].cause = cause;
    };
    const auto callee = port_of(rec.callee);
    if (!callee) {
        reject(wire::cause::kUnallocated);
        return;
    }
    auto& cp = ports_[*callee];
    const std::optional<CallScript> script = std::exchange(ports_[port].caller_script, std::nullopt);
    const auto is = [&script](CallScript s) { return script == s; };
    if (cp.next_fault == CallFault::NoResponse) {  // lost: no answer at all, no call record
        cp.next_fault.reset();
        records_.pop_back();
        return;
    }
    if (cp.next_fault == CallFault::NoChannel) {
        cp.next_fault.reset();
        reject(wire::cause::kNoChannel);
        return;
    }
    Call c;
    c.record = record;
    c.a_port = port;
    c.a_cr = m.call_reference;
    c.a = Leg::Offered;
    c.b_port = *callee;
    if (is(CallScript::ClearDisconnect)) {
        // Section 5.1.5.2: a requested service the network cannot offer now is cleared (5.3) with
        // #58; the DISCONNECT is the first answer, no B-channel is given.
        clear_from(now, c, false, wire::cause::kBearerUnavailable);
        calls_.push_back(c);
        return;
    }
    const int a_channel = alloc_channel(port);
    if (a_channel == 0) {
        reject(wire::cause::kNoChannel);  // ISDN-01: a third call on the caller's BRI
        return;
    }
    c.a_channel = a_channel;
    records_[static_cast<std::size_t>(record)].caller_channel = a_channel;
    // Section 5.1.2: the B-channel goes in the first answer, whichever message that is.
    const bool proceeding = !is(CallScript::AnswerAlerting) && !is(CallScript::AnswerConnect);
    if (proceeding) send(port, c.a_cr, true, Q931Type::CallProceeding, {}, a_channel);
    c.connect_names_channel = !is(CallScript::AnswerProceedingBare);
    if (is(CallScript::ClearReleaseComplete)) {
        // RELEASE COMPLETE as the first clearing message (error handling, Table 3-11 note 2); the
        // user releases the call on it in any state (section 5.8.4).
        send(port, c.a_cr, true, Q931Type::ReleaseComplete, wire::cause::kTemporaryFailure);
        free_leg(c, true);
        end_record(now, c, wire::cause::kTemporaryFailure);
        return;
    }
    if (is(CallScript::AnswerProgress)) {
        Q931Message progress;
        progress.call_reference = c.a_cr;
        progress.from_destination = true;
        progress.type = static_cast<std::uint8_t>(Q931Type::Progress);
        progress.others.push_back({wire::q931_ie::kProgress, kProgressNotEndToEndIsdn});
        out_.push_back(NetOut{port, wire::encode_q931(progress)});
    }
    if (script && answers_with_alerting(*script)) send(port, c.a_cr, true, Q931Type::Alerting, {}, proceeding ? 0 : a_channel);
    if (is(CallScript::ClearAfterAlerting) || is(CallScript::ProceedingOnly) || is(CallScript::AlertingOnly)) {
        // The callee is never reached: alerting supervision (section 5.2.5.4: T301 "or a
        // corresponding internal alerting supervision timing function") clears with #19; with
        // no answer at all the network waits past the user's T310 (Table 9-2) before #18.
        c.no_answer_at = now + (is(CallScript::ClearAfterAlerting) ? options_.no_answer_fault_delay : options_.no_answer);
        if (is(CallScript::ClearAfterAlerting)) c.pending_cause = wire::cause::kNoAnswer;
        calls_.push_back(c);
        return;
    }
    if (cp.next_fault == CallFault::Busy) {
        cp.next_fault.reset();
        c.pending_cause = wire::cause::kUserBusy;
        clear_from(now, c, false, wire::cause::kUserBusy);
        calls_.push_back(c);
        return;
    }
    if (cp.next_fault == CallFault::NoAnswer) {
        cp.next_fault.reset();
        c.no_answer_at = now + options_.no_answer_fault_delay;  // #19, SETUP never delivered
        calls_.push_back(c);
        return;
    }
    const int b_channel = *callee == port ? 0 : alloc_channel(*callee);
    if (b_channel == 0) {
        // ISDN-01/AMB-18: the called BRI has no free B-channel.
        clear_from(now, c, false, options_.bri_busy_cause);
        calls_.push_back(c);
        return;
    }
    c.b_channel = b_channel;
    c.b_cr = cp.next_cr;
    cp.next_cr = static_cast<std::uint8_t>(cp.next_cr % 127 + 1);
    c.b = Leg::Offered;
    c.no_answer_at = now + options_.no_answer;
    records_[static_cast<std::size_t>(record)].callee_channel = b_channel;
    Q931Message setup;
    setup.call_reference = c.b_cr;
    setup.from_destination = false;
    setup.type = static_cast<std::uint8_t>(Q931Type::Setup);
    setup.bearer = m.bearer ? m.bearer : wire::BearerCapability{Bytes{0x88, 0x90}};
    setup.channel = wire::ChannelId{static_cast<std::uint8_t>(b_channel), true, {}};
    wire::PartyNumber calling;
    calling.type_plan = 0x00;
    calling.presentation = 0x83;  // network provided
    calling.digits = ports_[port].number;
    if (std::exchange(ports_[port].withhold_calling, false)) {
        calling.presentation = 0xA3;  // octet 3a: presentation restricted (01), network provided
        calling.digits.clear();
    }
    setup.calling = calling;
    setup.called = m.called;
    out_.push_back(NetOut{*callee, wire::encode_q931(setup)});
    c.callee_script = std::exchange(cp.callee_script, std::nullopt);
    if (c.callee_script == CallScript::WithdrawRelease) withdraw(now, c);
    calls_.push_back(c);
}

// The network withdraws the call offered to the b leg (#41 both ways): with RELEASE while it has
// no answer to its SETUP (Call Present, as for the non-selected users of section 5.2.8), else
// with DISCONNECT (section 5.3.4).
void IsdnNetwork::withdraw(Millis now, Call& c) {
    c.callee_script.reset();
    c.no_answer_at.reset();
    if (!c.b_answered) {
        send(c.b_port, c.b_cr, false, Q931Type::Release, wire::cause::kTemporaryFailure);
        c.b = Leg::Releasing;
    }
    clear_from(now, c, true, wire::cause::kTemporaryFailure);
    clear_from(now, c, false, wire::cause::kTemporaryFailure);
}

void IsdnNetwork::connect_caller(Millis now, Call& c) {
    c.connect_at.reset();
    if (c.a != Leg::Offered) return;
    send(c.a_port, c.a_cr, true, Q931Type::Connect, {}, c.connect_names_channel ? c.a_channel : 0);
    c.a = Leg::Connected;
    c.through = true;
    if (c.record >= 0) records_[static_cast<std::size_t>(c.record)].connected_at = now;
}

// One side cleared (or the network clears toward both): ISDN-05 on each leg.
void IsdnNetwork::clear_from(Millis now, Call& c, bool from_a, std::uint8_t cause) {
    end_record(now, c, cause);
    disconnect_leg(c, !from_a, cause);
}

// DISCONNECT toward a leg still offered or connected (section 5.3.4); ReleaseAfterDisconnect sends
// the RELEASE right behind it, as if the network's T305 had already run out.
void IsdnNetwork::disconnect_leg(Call& c, bool a, std::uint8_t cause) {
    Leg& leg = a ? c.a : c.b;
    if (leg != Leg::Offered && leg != Leg::Connected) return;
    const std::size_t port = a ? c.a_port : c.b_port;
    const std::uint8_t cr = a ? c.a_cr : c.b_cr;
    send(port, cr, a, Q931Type::Disconnect, cause);
    leg = Leg::Disconnecting;
    if (std::exchange(ports_[port].release_after_disconnect, false)) {
        send(port, cr, a, Q931Type::Release, cause);
        leg = Leg::Releasing;
    }
}

void IsdnNetwork::on_q931(Millis now, std::size_t port, const Bytes& octets) {
    if (port >= ports_.size()) return;
    auto decoded = wire::decode_q931(octets);
    if (!decoded) {
        ++malformed_;
        return;
    }
    const Q931Message& m = decoded.value();
    if (m.dummy_call_reference) return;
    const auto type = m.kind();
    const bool lose = lost(port, m);
    if (type == Q931Type::Setup && !m.from_destination) {
        if (lose) return;
        for (const auto& c : calls_) {
            if (c.a_port == port && c.a_cr == m.call_reference && c.a != Leg::Gone) return;  // T303 resend
        }
        on_setup(now, port, m);
        return;
    }
    // Locate the call and which leg spoke: the caller's messages carry flag 0 (its reference),
    // the callee answers our reference with flag 1.
    Call* call = nullptr;
    bool from_a = false;
    for (auto& c : calls_) {
        if (!m.from_destination && c.a_port == port && c.a_cr == m.call_reference && c.a != Leg::Gone) {
            call = &c;
            from_a = true;
            break;
        }
        if (m.from_destination && c.b_port == port && c.b_cr == m.call_reference && c.b != Leg::Gone &&
            c.b != Leg::None) {
            call = &c;
            break;
        }
    }
    if (!call && answer_to_busy_offer(port, m)) return;
    if (!call) {
        if (type != Q931Type::ReleaseComplete && !lose) {
            send(port, m.call_reference, !m.from_destination, Q931Type::ReleaseComplete, kInvalidCallRef);
        }
        return;
    }
    Call& c = *call;
    const std::uint8_t cause = m.cause ? m.cause->value : wire::cause::kNormalClearing;
    if (!from_a && c.b == Leg::Offered &&
        (type == Q931Type::CallProceeding || type == Q931Type::Alerting || type == Q931Type::Connect)) {
        c.b_answered = true;
        if (c.callee_script == CallScript::WithdrawDisconnect) {
            withdraw(now, c);
            return;
        }
        // NoConnectAck: the callee's CONNECT is lost, the network still waits for an answer.
        if (type == Q931Type::Connect && c.callee_script == CallScript::NoConnectAck) return;
    }
    switch (type) {
        case Q931Type::CallProceeding:
            break;
        case Q931Type::Alerting:
            if (!from_a && c.a == Leg::Offered) send(c.a_port, c.a_cr, true, Q931Type::Alerting);
            break;
        case Q931Type::Connect:
            if (!from_a && c.b == Leg::Offered) {
                send(c.b_port, c.b_cr, false, Q931Type::ConnectAck);
                c.b = Leg::Connected;
                c.no_answer_at.reset();
                const Millis delay = ports_[c.b_port].connect_delay;
                if (delay.count() > 0) c.connect_at = now + delay; else connect_caller(now, c);
            }
            break;
        case Q931Type::ConnectAck:
            break;
        case Q931Type::Disconnect: {
            Leg& leg = from_a ? c.a : c.b;
            if (leg == Leg::Offered || leg == Leg::Connected || leg == Leg::Disconnecting) {
                send(port, m.call_reference, from_a, Q931Type::Release);
                leg = Leg::Releasing;
            }
            clear_from(now, c, from_a, cause);
            break;
        }
        case Q931Type::Release:
            // Section 5.3.5: a RELEASE met in Release Request is a clear collision, answered by no
            // RELEASE COMPLETE; a lost one (LoseReleases) is never answered either.
            if ((from_a ? c.a : c.b) != Leg::Releasing && !lose) send(port, m.call_reference, from_a, Q931Type::ReleaseComplete);
            free_leg(c, from_a);
            clear_from(now, c, from_a, cause);
            break;
        case Q931Type::ReleaseComplete:
            free_leg(c, from_a);
            clear_from(now, c, from_a, cause);  // ISDN-04: a rejection reaches the caller
            break;
        default:
            break;
    }
    calls_.erase(std::remove_if(calls_.begin(), calls_.end(),
                                [](const Call& x) { return x.a == Leg::Gone && (x.b == Leg::Gone || x.b == Leg::None); }),
                 calls_.end());
}

void IsdnNetwork::on_timer(Millis now) {
    for (auto& c : calls_) {
        if (c.no_answer_at && *c.no_answer_at <= now) {
            c.no_answer_at.reset();
            // ISDN-06: no answer; the unanswered leg is cleared too.
            const std::uint8_t cause = c.pending_cause != 0 ? c.pending_cause
                                       : c.b == Leg::Offered ? wire::cause::kNoAnswer : wire::cause::kNoUserResponding;
            clear_from(now, c, false, cause);
            disconnect_leg(c, false, wire::cause::kNoAnswer);
        }
        if (c.connect_at && *c.connect_at <= now) connect_caller(now, c);
    }
}

std::optional<Millis> IsdnNetwork::next_deadline() const {
    std::optional<Millis> d;
    for (const auto& c : calls_) {
        for (const auto& x : {c.no_answer_at, c.connect_at}) {
            if (x && (!d || *x < *d)) d = x;
        }
    }
    return d;
}

std::optional<BEnd> IsdnNetwork::b_peer(std::size_t port, int channel) const {
    for (const auto& c : calls_) {
        if (!c.through) continue;
        if (c.a_port == port && c.a_channel == channel) return BEnd{c.b_port, c.b_channel};
        if (c.b_port == port && c.b_channel == channel) return BEnd{c.a_port, c.a_channel};
    }
    return std::nullopt;
}

void IsdnNetwork::fail_next_call(const std::string& number, CallFault fault) {
    if (auto p = port_of(number)) ports_[*p].next_fault = fault;
}

void IsdnNetwork::set_connect_delay(const std::string& number, Millis delay) {
    if (auto p = port_of(number)) ports_[*p].connect_delay = delay;
}

void IsdnNetwork::assign_next_channel(const std::string& number, int channel) {
    if (auto p = port_of(number)) ports_[*p].next_channel = channel;
}

void IsdnNetwork::withhold_next_calling_number(const std::string& number) {
    if (auto p = port_of(number)) ports_[*p].withhold_calling = true;
}

void IsdnNetwork::arm_script(const std::string& number, CallScript script) {
    const auto p = port_of(number);
    if (!p) return;
    Port& port = ports_[*p];
    switch (script) {
        case CallScript::WithdrawRelease:
        case CallScript::WithdrawDisconnect:
        case CallScript::NoConnectAck: port.callee_script = script; break;
        // The user repeats an unanswered SETUP once at T303 and RELEASE once at T308 (Table 9-2).
        case CallScript::LoseSetups: port.lose_setups = {2, std::nullopt}; break;
        case CallScript::LoseReleases: port.lose_releases = {2, std::nullopt}; break;
        case CallScript::ReleaseAfterDisconnect: port.release_after_disconnect = true; break;
        case CallScript::AnswerAlerting:
        case CallScript::AnswerProceedingAlerting:
        case CallScript::AnswerProgress:
        case CallScript::AnswerConnect:
        case CallScript::AnswerProceedingBare:
        case CallScript::ClearDisconnect:
        case CallScript::ClearReleaseComplete:
        case CallScript::ClearAfterAlerting:
        case CallScript::ProceedingOnly:
        case CallScript::AlertingOnly: port.caller_script = script; break;
    }
}

bool IsdnNetwork::offer_busy_channel(const std::string& number) {
    const auto p = port_of(number);
    if (!p) return false;
    int channel = 0;
    for (const auto& c : calls_) {
        if (c.a_port == *p && c.a == Leg::Connected) channel = c.a_channel;
        if (c.b_port == *p && c.b == Leg::Connected) channel = c.b_channel;
    }
    if (channel == 0) return false;
    Port& port = ports_[*p];
    const std::uint8_t cr = port.next_cr;
    port.next_cr = static_cast<std::uint8_t>(port.next_cr % 127 + 1);
    busy_offers_.emplace_back(*p, cr);
    Q931Message setup;
    setup.call_reference = cr;
    setup.from_destination = false;
    setup.type = static_cast<std::uint8_t>(Q931Type::Setup);
    setup.bearer = wire::BearerCapability{Bytes{0x88, 0x90}};
    setup.channel = wire::ChannelId{static_cast<std::uint8_t>(channel), true, {}};
    out_.push_back(NetOut{*p, wire::encode_q931(setup)});
    return true;
}

// The user's answer to a busy-channel offer: RELEASE COMPLETE ends it; a RELEASE is completed; a
// user that accepts the channel anyway is told it is unavailable (#44) and the offer ends.
bool IsdnNetwork::answer_to_busy_offer(std::size_t port, const Q931Message& m) {
    const auto it = std::find(busy_offers_.begin(), busy_offers_.end(), std::make_pair(port, m.call_reference));
    if (it == busy_offers_.end() || !m.from_destination) return false;
    busy_offers_.erase(it);
    const auto type = m.kind();
    if (type == Q931Type::Release) send(port, m.call_reference, false, Q931Type::ReleaseComplete);
    else if (type != Q931Type::ReleaseComplete) send(port, m.call_reference, false, Q931Type::ReleaseComplete, wire::cause::kChannelUnavailable);
    return true;
}

// LoseSetups / LoseReleases: the port's next SETUP or RELEASE, and its repetitions with the same call
// reference, never reach the network's call control. A message of another call reference ends it.
bool IsdnNetwork::lost(std::size_t port, const Q931Message& m) {
    const auto type = m.kind();
    if (type != Q931Type::Setup && type != Q931Type::Release) return false;
    Losing& losing = type == Q931Type::Setup ? ports_[port].lose_setups : ports_[port].lose_releases;
    if (losing.left == 0) return false;
    if (losing.cr && *losing.cr != m.call_reference) {
        losing = {};
        return false;
    }
    losing.cr = m.call_reference;
    if (--losing.left == 0) losing = {};
    return true;
}

void IsdnNetwork::drop_line(Millis now, const std::string& number) {
    const auto p = port_of(number);
    if (!p) return;
    for (auto& c : calls_) {
        const bool a = c.a_port == *p && (c.a == Leg::Offered || c.a == Leg::Connected);
        const bool b = c.b_port == *p && (c.b == Leg::Offered || c.b == Leg::Connected);
        if (!a && !b) continue;
        end_record(now, c, wire::cause::kTemporaryFailure);
        disconnect_leg(c, true, a ? wire::cause::kTemporaryFailure : wire::cause::kOutOfOrder);
        disconnect_leg(c, false, b ? wire::cause::kTemporaryFailure : wire::cause::kOutOfOrder);
    }
}

long long IsdnNetwork::billed_seconds(const std::string& number) const {
    long long total = 0;
    for (const auto& r : records_) {
        if (r.caller == number) total += r.billed_seconds();
    }
    return total;
}

std::string IsdnNetwork::billing_summary() const {
    std::string s = "Call history (billed to the caller for the connected time):\n";
    char buf[256];
    std::map<std::string, long long> totals;
    for (const auto& r : records_) {
        const std::string conn = r.connected_at ? format_time(*r.connected_at) : "never";
        const std::string disc = r.disconnected_at ? format_time(*r.disconnected_at) : "active";
        std::snprintf(buf, sizeof buf, "  call %d: %s -> %s B%d/B%d setup %s connected %s cleared %s cause %u (%s) billed %lld s to %s\n",
                      r.id, r.caller.c_str(), r.callee.c_str(), r.caller_channel, r.callee_channel,
                      format_time(r.setup_at).c_str(), conn.c_str(), disc.c_str(), r.cause,
                      r.cause ? wire::cause_name(r.cause) : "-", r.billed_seconds(), r.caller.c_str());
        s += buf;
        totals[r.caller] += r.billed_seconds();
    }
    for (const auto& p : ports_) {
        std::snprintf(buf, sizeof buf, "  total %s: %lld s\n", p.number.c_str(), totals[p.number]);
        s += buf;
    }
    return s;
}

}  // namespace ppp::sut
