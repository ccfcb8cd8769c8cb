// Virtual-time lab driver: routes Q.931 and B-channel frames through taps, jumps to deadlines.
#include <algorithm>
#include <cstdio>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/ipv4.hpp"

namespace ppp::sut {

std::string PingResult::summary() const {
    const int pct = sent == 0 ? 0 : received * 100 / count;
    std::string s = "Success rate is " + std::to_string(pct) + " percent (" + std::to_string(received) + "/" +
                    std::to_string(count) + ")";
    if (received > 0 && !rtts.empty()) {
        long long mn = rtts[0].count(), mx = rtts[0].count(), sum = 0;
        for (const auto r : rtts) {
            mn = std::min<long long>(mn, r.count());
            mx = std::max<long long>(mx, r.count());
            sum += r.count();
        }
        s += ", round-trip min/avg/max = " + std::to_string(mn) + "/" +
             std::to_string(sum / static_cast<long long>(rtts.size())) + "/" + std::to_string(mx) + " ms";
    }
    return s;
}

std::string PingResult::transcript() const {
    return "Type escape sequence to abort.\nSending " + std::to_string(count) + ", 100-byte ICMP Echos to " +
           format_ipv4(destination) + ", timeout is 2 seconds:\n" + marks + "\n" + summary();
}

Testbed::Testbed(TestbedOptions options) : options_(options), network_(options.network) {}

std::size_t Testbed::add_router(RouterConfig config, RouterOptions options) {
    Slot s;
    s.port = network_.add_port(options.directory_number);
    s.router = std::make_unique<Router>(std::move(config), std::move(options));
    routers_.push_back(std::move(s));
    return routers_.size() - 1;
}

std::size_t Testbed::add_terminal_adapter(TerminalAdapterOptions options, LineHooks hooks) {
    Slot s;
    s.port = network_.add_port(options.directory_number);
    s.adapter = std::make_unique<TerminalAdapter>(std::move(options));
    s.line = std::move(hooks);
    routers_.push_back(std::move(s));
    return routers_.size() - 1;
}

void Testbed::line_up(std::size_t adapter) {
    routers_[adapter].adapter->on_line_up(now_);
    drain_router(adapter);
}

void Testbed::line_down(std::size_t adapter) {
    routers_[adapter].adapter->on_line_down(now_);
    drain_router(adapter);
}

void Testbed::line_frame(std::size_t adapter, const Bytes& frame) {
    routers_[adapter].adapter->on_line_frame(now_, frame);
    drain_router(adapter);
}

void Testbed::drain_line(Slot& slot) {
    while (auto frame = slot.adapter->poll_line_frame()) {
        if (slot.line.to_line) slot.line.to_line(*frame);
    }
    if (slot.adapter->take_hang_up() && slot.line.hang_up) slot.line.hang_up();
}

std::optional<std::size_t> Testbed::find_router(const std::string& name) const {
    for (std::size_t i = 0; i < routers_.size(); ++i) {
        if (routers_[i].router && routers_[i].router->hostname() == name) return i;
    }
    return std::nullopt;
}

void Testbed::set_tap(std::size_t router, TapHook hook) { routers_[router].tap = std::move(hook); }

void Testbed::set_traffic_tap(std::size_t router, TrafficHook hook) {
    routers_[router].traffic = std::move(hook);
}

void Testbed::inject(std::size_t router, const PortMessage& stimulus) {
    // Delivered like a message from the network, through the router's tap, so the harness's
    // oracle sees a forged stimulus exactly when the router does.
    Delivery d;
    d.at = now_ + (stimulus.d_channel() ? options_.q931_latency : options_.frame_latency);
    d.router = router;
    d.d_channel = stimulus.d_channel();
    d.channel = stimulus.channel;
    d.bytes = stimulus.bytes();
    enqueue(std::move(d));
}

void Testbed::offer_traffic(std::size_t router, const Bytes& datagram) {
    if (routers_[router].traffic) routers_[router].traffic(PortMessage::ipv4(now_, wire::Direction::ToSut, datagram));
    routers_[router].router->on_traffic(now_, datagram);
    drain_router(router);
}

bool Testbed::offer_busy_channel(const std::string& number) { return network_.offer_busy_channel(number); }

namespace {
// The call reference an unattended port uses for its one call (its own side's value).
constexpr std::uint8_t kUnattendedCallReference = 0x31;

wire::Q931Message unattended_message(wire::Q931Type type) {
    wire::Q931Message m;
    m.call_reference = kUnattendedCallReference;
    m.from_destination = false;
    m.type = static_cast<std::uint8_t>(type);
    return m;
}
}  // namespace

std::optional<std::size_t> Testbed::unattended_port(const std::string& number) const {
    const auto port = network_.port_of(number);
    if (!port || std::any_of(routers_.begin(), routers_.end(), [&](const Slot& s) { return s.port == *port; })) return std::nullopt;
    return port;
}

// A call the number placed that the network has not ended (its record has no disconnect time).
bool Testbed::unattended_call_up(const std::string& number) const {
    const auto& records = network_.records();
    return std::any_of(records.begin(), records.end(), [&](const CallRecord& r) { return r.caller == number && !r.disconnected_at; });
}

bool Testbed::call_from_unattended(const std::string& caller, const std::string& callee) {
    const auto port = unattended_port(caller);
    if (!port || unattended_call_up(caller)) return false;  // one call at a time, on one call reference
    network_.on_q931(now_, *port, wire::encode_q931(user_setup(kUnattendedCallReference, caller, callee)));
    drain_network();
    return true;
}

bool Testbed::hang_up_unattended(const std::string& caller) {
    const auto port = unattended_port(caller);
    if (!port || !unattended_call_up(caller)) return false;
    wire::Q931Message disconnect = unattended_message(wire::Q931Type::Disconnect);
    wire::CauseIe cause;
    cause.value = wire::cause::kNormalClearing;  // location 0: the user hung up
    disconnect.cause = cause;
    network_.on_q931(now_, *port, wire::encode_q931(disconnect));
    network_.on_q931(now_, *port, wire::encode_q931(unattended_message(wire::Q931Type::ReleaseComplete)));
    drain_network();
    return true;
}

void Testbed::drop_line(const std::string& number) {
    network_.drop_line(now_, number);
    drain_network();
}

void Testbed::note(const std::string& source, const std::string& text) {
    if (record_timeline) timeline_.push_back(TimelineEntry{now_, source, text});
}

void Testbed::enqueue(Delivery d) {
    d.seq = seq_++;
    queue_.push(std::move(d));
}

void Testbed::drain_router(std::size_t r) {
    Slot& slot = routers_[r];
    if (slot.adapter) drain_line(slot);
    while (auto a = slot.router ? slot.router->poll_action() : slot.adapter->poll_action()) {
        if (auto* q = std::get_if<SendQ931>(&*a)) {
            PortMessage ev = PortMessage::q931(now_, wire::Direction::FromSut, std::move(q->message));
            const TapDecision v = slot.tap ? slot.tap(ev) : TapDecision::pass();
            if (v.kind == TapDecision::Kind::Drop) continue;
            Delivery d;
            d.at = now_ + options_.q931_latency + v.delay;
            d.to_network = true;
            d.router = r;
            d.d_channel = true;
            d.bytes = ev.take_bytes();
            enqueue(std::move(d));
        } else if (auto* f = std::get_if<SendFrame>(&*a)) {
            PortMessage ev = PortMessage::b_frame(now_, wire::Direction::FromSut, f->channel, std::move(f->frame));
            const TapDecision v = slot.tap ? slot.tap(ev) : TapDecision::pass();
            if (v.kind == TapDecision::Kind::Drop) continue;
            const auto peer = network_.b_peer(slot.port, f->channel);
            if (!peer) continue;  // B-channel not through-connected: the bits go nowhere
            std::size_t target = routers_.size();
            for (std::size_t i = 0; i < routers_.size(); ++i) {
                if (routers_[i].port == peer->port) target = i;
            }
            if (target == routers_.size()) continue;
            Delivery d;
            d.at = now_ + options_.frame_latency + v.delay;
            d.router = target;
            d.channel = peer->channel;
            d.bytes = ev.take_bytes();
            enqueue(std::move(d));
        } else if (auto* l = std::get_if<DeliverLocal>(&*a)) {
            if (slot.traffic) slot.traffic(PortMessage::ipv4(now_, wire::Direction::FromSut, l->datagram));
            on_local(r, l->datagram);
        } else if (auto* g = std::get_if<LogLine>(&*a)) {
            if (record_timeline) timeline_.push_back(TimelineEntry{g->at, slot.name(), std::move(g->text)});
        }
    }
}

void Testbed::drain_network() {
    while (auto o = network_.poll()) {
        for (std::size_t i = 0; i < routers_.size(); ++i) {
            if (routers_[i].port != o->port) continue;
            Delivery d;
            d.at = now_ + options_.q931_latency;
            d.router = i;
            d.d_channel = true;
            d.bytes = std::move(o->message);
            enqueue(std::move(d));
        }
    }
}

void Testbed::deliver(Delivery d) {
    if (d.to_network) {
        network_.on_q931(now_, routers_[d.router].port, d.bytes);
        drain_network();
        return;
    }
    Slot& slot = routers_[d.router];
    if (!d.tapped && slot.tap) {
        PortMessage ev(now_, wire::Direction::ToSut, d.d_channel ? wire::PortKind::Q931 : wire::PortKind::BFrame,
                       d.channel, std::move(d.bytes));
        const TapDecision v = slot.tap(ev);
        if (v.kind == TapDecision::Kind::Drop) return;
        d.bytes = ev.take_bytes();
        if (v.kind == TapDecision::Kind::Delay && v.delay.count() > 0) {
            d.at = now_ + v.delay;
            d.tapped = true;
            enqueue(std::move(d));
            return;
        }
    }
    if (slot.adapter) {
        if (d.d_channel) slot.adapter->on_q931(now_, d.bytes);
        else slot.adapter->on_frame(now_, d.channel, d.bytes);
    } else if (d.d_channel) {
        slot.router->on_q931(now_, d.bytes);
    } else {
        slot.router->on_frame(now_, d.channel, d.bytes);
    }
    drain_router(d.router);
}

std::size_t Testbed::offer_ping(std::size_t router, std::uint32_t destination, int count, PingOptions options) {
    Ping p;
    p.result.router = router;
    p.result.destination = destination;
    p.result.count = count;
    p.result.started = now_;
    p.options = options;
    p.ident = static_cast<std::uint16_t>(pings_.size() + 1);
    p.pending_send = count > 0;
    p.result.done = count <= 0;
    pings_.push_back(std::move(p));
    const std::size_t id = pings_.size() - 1;
    if (count > 0) active_pings_.push_back(id);
    note(routers_[router].router->hostname(), "ping " + format_ipv4(destination) + " repeat " + std::to_string(count));
    return id;
}

void Testbed::send_echo(std::size_t id) {
    Ping& p = pings_[id];
    p.pending_send = false;
    Router& r = *routers_[p.result.router].router;
    wire::IcmpEcho echo;
    echo.type = wire::kIcmpEchoRequest;
    echo.identifier = p.ident;
    echo.sequence = static_cast<std::uint16_t>(p.result.sent);
    const std::size_t data = p.options.size > 28 ? p.options.size - 28 : 0;  // IP 20 + ICMP 8
    echo.data.resize(data);
    for (std::size_t i = 0; i < data; ++i) echo.data[i] = static_cast<std::uint8_t>(0xAB + i);
    wire::Ipv4Packet ip;
    ip.identification = static_cast<std::uint16_t>(p.ident * 256U + static_cast<unsigned>(p.result.sent));
    ip.source = r.config().bri.ip_address;
    ip.destination = p.result.destination;
    ip.payload = wire::encode_icmp_echo(echo);
    ++p.result.sent;
    p.deadline = now_ + p.options.timeout;
    const Bytes datagram = wire::encode_ipv4(ip);
    if (routers_[p.result.router].traffic) {
        routers_[p.result.router].traffic(PortMessage::ipv4(now_, wire::Direction::ToSut, datagram));
    }
    r.on_traffic(now_, datagram);
    drain_router(p.result.router);
}

void Testbed::on_local(std::size_t router, const Bytes& datagram) {
    auto ip = wire::decode_ipv4(datagram);
    if (!ip || ip.value().protocol != wire::kIpProtoIcmp) return;
    auto echo = wire::decode_icmp_echo(ip.value().payload);
    if (!echo || echo.value().type != wire::kIcmpEchoReply) return;
    for (const std::size_t id : active_pings_) {
        Ping& p = pings_[id];
        if (p.result.router != router || p.ident != echo.value().identifier || !p.deadline) continue;
        if (echo.value().sequence != static_cast<std::uint16_t>(p.result.sent - 1)) continue;
        ++p.result.received;
        p.result.marks += '!';
        p.result.rtts.push_back(now_ - (*p.deadline - p.options.timeout));
        p.deadline.reset();
        if (p.result.sent < p.result.count) {
            p.pending_send = true;
        } else {
            p.result.done = true;
            note(routers_[router].router->hostname(), p.result.marks);
            note(routers_[router].router->hostname(), p.result.summary());
        }
    }
}

std::optional<Millis> Testbed::next_time() const {
    std::optional<Millis> t;
    auto take = [&t](std::optional<Millis> x) {
        if (x && (!t || *x < *t)) t = x;
    };
    if (!queue_.empty()) take(queue_.top().at);
    for (const auto& s : routers_) take(s.next_deadline());
    take(network_.next_deadline());
    for (const std::size_t id : active_pings_) {
        const Ping& p = pings_[id];
        if (p.pending_send) take(now_);
        take(p.deadline);
    }
    return t;
}

RunResult Testbed::run_until(Millis until) {
    RunResult res;
    const std::size_t start = steps_;
    // Knobs used between runs (drop_line, a router poked directly) may have left output queued.
    drain_network();
    for (std::size_t i = 0; i < routers_.size(); ++i) drain_router(i);
    stop_soon_ = false;
    while (true) {
        if (steps_ - start >= options_.max_steps) {
            res.step_limit_hit = true;
            break;
        }
        if (stop_soon_) {
            stop_soon_ = false;
            res.stopped_early = true;
            res.steps = steps_ - start;
            return res;
        }
        const auto t = next_time();
        if (!t || *t > until) break;
        if (*t > now_) now_ = *t;
        ++steps_;
        if (!queue_.empty() && queue_.top().at <= now_) {
            // Moving out of the top is safe: pop() orders by `at` and `seq`, which a move leaves
            // as they are; the bytes are not copied (DESIGN.md section 8 budget).
            Delivery d = std::move(const_cast<Delivery&>(queue_.top()));
            queue_.pop();
            deliver(std::move(d));
            continue;
        }
        bool did = false;
        for (std::size_t i = 0; i < routers_.size(); ++i) {
            const auto d = routers_[i].next_deadline();
            if (d && *d <= now_) {
                if (routers_[i].adapter) routers_[i].adapter->on_timer(now_);
                else routers_[i].router->on_timer(now_);
                drain_router(i);
                did = true;
            }
        }
        const auto nd = network_.next_deadline();
        if (nd && *nd <= now_) {
            network_.on_timer(now_);
            drain_network();
            did = true;
        }
        for (std::size_t k = 0; k < active_pings_.size(); ++k) {
            const std::size_t id = active_pings_[k];
            Ping& p = pings_[id];
            if (p.deadline && *p.deadline <= now_) {
                p.deadline.reset();
                p.result.marks += '.';
                if (p.result.sent < p.result.count) {
                    p.pending_send = true;
                } else {
                    p.result.done = true;
                    note(routers_[p.result.router].router->hostname(), p.result.marks);
                    note(routers_[p.result.router].router->hostname(), p.result.summary());
                }
                did = true;
            }
            if (p.pending_send) {
                send_echo(id);
                did = true;
            }
        }
        active_pings_.erase(std::remove_if(active_pings_.begin(), active_pings_.end(),
                                           [this](std::size_t id) { return pings_[id].result.done; }),
                            active_pings_.end());
        if (!did) break;  // nothing was due after all: avoid spinning
    }
    if (until > now_) now_ = until;
    res.steps = steps_ - start;
    return res;
}

}  // namespace ppp::sut
