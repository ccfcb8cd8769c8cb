// The environment (see environment.hpp).
#include "ppp/adapters/environment.hpp"

#include <map>
#include <vector>

#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/mutation.hpp"
#include "ppp/sut/testbed.hpp"

namespace ppp::adapters {

struct Environment::State {
    static constexpr std::size_t kMaxParsedConfigs = 64;
    // A campaign resets the environment once per plan with a handful of distinct
    // configurations: each text is parsed once (DESIGN.md section 8 budget); routers get a copy.
    std::map<std::string, sut::ConfigResult, std::less<>> parsed_configs;
    BenchSetup setup;
    std::unique_ptr<sut::Testbed> testbed;
    std::size_t peer = 0;  // the peer router's slot
    std::optional<std::size_t> sut_router;
    std::optional<std::size_t> sut_line;
    std::vector<int> unsent_pings;  // counts asked from a side with no router: never sent
    PortTap port_tap;
    TrafficTap traffic_tap;

    const sut::ConfigResult& parsed(const std::string& text) {
        auto it = parsed_configs.find(text);
        if (it == parsed_configs.end()) it = parsed_configs.emplace(text, sut::parse_config(text)).first;
        return it->second;
    }
    std::optional<std::size_t> slot(Side side) const {
        if (side == Side::Peer) return peer;
        return sut_router;
    }
    const std::string& number(Side side) const { return side == Side::Sut ? setup.sut_number : setup.peer_number; }
};

Environment::Environment() : state_(std::make_unique<State>()) {}
Environment::~Environment() = default;

Millis Environment::now() const { return state_->testbed ? state_->testbed->now() : Millis{0}; }
std::optional<Millis> Environment::next_event() const {
    return state_->testbed ? state_->testbed->next_event() : std::nullopt;
}
void Environment::release() { state_->testbed.reset(); }

std::string Environment::reset(const BenchSetup& setup) {
    state_->setup = setup;
    if (state_->parsed_configs.size() + 2 > State::kMaxParsedConfigs) state_->parsed_configs.clear();  // bounded memory
    const sut::ConfigResult& peer_config = state_->parsed(setup.peer_config);
    if (!peer_config.ok()) return "peer configuration " + peer_config.error->to_string();
    state_->testbed = std::make_unique<sut::Testbed>();
    state_->testbed->record_timeline = setup.logs;
    state_->sut_router.reset();
    state_->sut_line.reset();
    state_->unsent_pings.clear();
    return "";
}

namespace {

sut::RouterOptions router_options(const BenchSetup& setup, bool sut) {
    sut::RouterOptions o;
    o.hostname = sut ? setup.sut_name : setup.peer_name;
    o.directory_number = sut ? setup.sut_number : setup.peer_number;
    // Each router draws its own random numbers (magic numbers, CHAP challenges).
    o.seed = sut ? setup.seed : setup.seed ^ 0x5DEECE66DULL;
    if (setup.logs) o.log = sut::LogOptions::all();
    const bool client = (setup.sut_role == CallbackRole::Client) == sut;
    if (client) {
        o.callback_request_op = setup.client_callback_op;
        o.callback_number = setup.client_callback_number;
    }
    if (!sut) {
        // What the plan asks of the peer's CBCP answer (PEERS.md section 2) and who ends the
        // session after it (AMB-12).
        o.cbcp_offer = setup.peer_cbcp_offer;
        o.cbcp_answerer_terminates = setup.peer_cbcp_answerer_terminates;
        o.cbcp_answerer_silent = setup.peer_cbcp_silent;
    }
    return o;
}

}  // namespace

// The SUT's access comes first on the network, the peer after it: the order the network serves
// simultaneous events in, kept from the bench this replaced so verdicts stay what they were.
std::string Environment::plug_reference_router() {
    // A mutant may live in the configuration parser: the SUT's configuration is then parsed
    // under its mutant and not cached (the peer's is parsed unmutated).
    std::optional<sut::ConfigResult> mutated_config;
    if (state_->setup.mutant != 0) {
        const sut::mutation::Scope scope(state_->setup.mutant);
        mutated_config = sut::parse_config(state_->setup.sut_config);
    }
    const sut::ConfigResult& sut_config = mutated_config ? *mutated_config : state_->parsed(state_->setup.sut_config);
    if (!sut_config.ok()) return "SUT configuration " + sut_config.error->to_string();
    sut::Faults faults;
    std::string names;
    for (const auto& f : state_->setup.faults) names += f + ",";
    std::string error;
    if (!sut::Faults::parse(names, faults, error)) return error;
    sut::RouterOptions options = router_options(state_->setup, true);
    options.faults = faults;
    options.mutant = state_->setup.mutant;
    state_->sut_router = state_->testbed->add_router(*sut_config.config, options);
    state_->peer = state_->testbed->add_router(*state_->parsed(state_->setup.peer_config).config, router_options(state_->setup, false));
    add_other_destinations();
    if (state_->port_tap) state_->testbed->set_tap(*state_->sut_router, state_->port_tap);
    if (state_->traffic_tap) state_->testbed->set_traffic_tap(*state_->sut_router, state_->traffic_tap);
    return "";
}

void Environment::plug_line(LineHooks hooks) {
    sut::TerminalAdapterOptions ta;
    ta.name = state_->setup.sut_name + "-TA";
    ta.directory_number = state_->setup.sut_number;
    // The SUT on a line is the callback client, the caller: its adapter dials the server.
    if (state_->setup.sut_role == CallbackRole::Client) ta.dial_number = state_->setup.peer_number;
    if (state_->setup.logs) ta.log = sut::LogOptions::all();
    state_->sut_line = state_->testbed->add_terminal_adapter(std::move(ta), sut::Testbed::LineHooks{std::move(hooks.to_line), std::move(hooks.hang_up)});
    state_->peer = state_->testbed->add_router(*state_->parsed(state_->setup.peer_config).config, router_options(state_->setup, false));
    add_other_destinations();
}

// The PIXIT's other destinations (DDR-04) are numbers on the network with nothing behind them:
// a call to one rings unanswered (its B-channel held, CALL PROCEEDING, no CONNECT).
void Environment::add_other_destinations() {
    for (const pixit::OtherDestination& d : state_->setup.parameters.other_destinations) state_->testbed->network().add_port(d.number);
}

void Environment::line_up() {
    if (state_->sut_line) state_->testbed->line_up(*state_->sut_line);
}
void Environment::line_down() {
    if (state_->sut_line) state_->testbed->line_down(*state_->sut_line);
}
void Environment::line_frame(const wire::Bytes& frame) {
    if (state_->sut_line) state_->testbed->line_frame(*state_->sut_line, frame);
}
bool Environment::line_connected() const {
    return state_->sut_line && state_->testbed->terminal_adapter(*state_->sut_line).connected();
}

bool Environment::peer_link_terminating() const {
    if (!state_->testbed || !state_->sut_line) return false;
    const sut::Router& peer = state_->testbed->router(state_->peer);
    for (int channel = 1; channel <= 2; ++channel) {
        if (!peer.channel_connected(channel)) continue;
        using S = sut::FsmState;
        const S state = peer.link(channel).lcp_state();
        if (state == S::Closing || state == S::Stopping || state == S::Closed || state == S::Stopped) return true;
    }
    return false;
}

void Environment::set_port_tap(PortTap tap) {
    state_->port_tap = std::move(tap);
    if (state_->testbed && state_->sut_router) state_->testbed->set_tap(*state_->sut_router, state_->port_tap);
}
void Environment::set_traffic_tap(TrafficTap tap) {
    state_->traffic_tap = std::move(tap);
    if (state_->testbed && state_->sut_router) state_->testbed->set_traffic_tap(*state_->sut_router, state_->traffic_tap);
}
void Environment::inject(const PortMessage& stimulus) {
    if (state_->sut_router) state_->testbed->inject(*state_->sut_router, stimulus);
}

// Ids of pings never sent (asked from a side with no router) carry this bit; the rest are the
// network's own ping ids.
constexpr std::size_t kUnsentPing = std::size_t{1} << (sizeof(std::size_t) * 8 - 1);

std::size_t Environment::ping(Side from, int count) {
    const auto other = state_->slot(from == Side::Sut ? Side::Peer : Side::Sut);
    const std::uint32_t destination = other ? state_->testbed->router(*other).config().bri.ip_address : 0;
    return ping_to(from, destination, count);
}
std::size_t Environment::ping_to(Side from, std::uint32_t destination, int count) {
    const auto router = state_->slot(from);
    if (!router) {
        // A SUT on a line has no router here: nothing is sent and nothing is written to the
        // network's log; the outcome says not done.
        state_->unsent_pings.push_back(count);
        return kUnsentPing | (state_->unsent_pings.size() - 1);
    }
    return state_->testbed->offer_ping(*router, destination, count);
}
PingOutcome Environment::ping_outcome(std::size_t id) const {
    if ((id & kUnsentPing) != 0) {
        const std::size_t index = id & ~kUnsentPing;
        return {index < state_->unsent_pings.size() ? state_->unsent_pings[index] : 0, 0, 0, false};
    }
    const auto& p = state_->testbed->ping(id);
    return {p.count, p.sent, p.received, p.done};
}
bool Environment::send_non_interesting(Side, int) {
    // The reference routers speak IPv4 only and the lab's configurations permit all of it
    // (`dialer-list 1 protocol ip permit`): there is no non-interesting packet to offer.
    return false;
}
void Environment::fail_next_call(Side callee, CallFault fault) { state_->testbed->network().fail_next_call(state_->number(callee), fault); }
void Environment::slow_connect(Side callee, Millis delay) { state_->testbed->network().set_connect_delay(state_->number(callee), delay); }
void Environment::assign_next_channel(Side side, int channel) {
    state_->testbed->network().assign_next_channel(state_->number(side), channel);
}
void Environment::withhold_calling_number(Side caller) {
    state_->testbed->network().withhold_next_calling_number(state_->number(caller));
}
void Environment::drop_line(Side side) { state_->testbed->drop_line(state_->number(side)); }
bool Environment::offer_busy_channel(Side side) { return state_->testbed->offer_busy_channel(state_->number(side)); }
bool Environment::call_from_other(std::size_t index, Side callee) {
    const auto& others = state_->setup.parameters.other_destinations;
    return index < others.size() && state_->testbed->call_from_unattended(others[index].number, state_->number(callee));
}
bool Environment::other_hangs_up(std::size_t index) {
    const auto& others = state_->setup.parameters.other_destinations;
    return index < others.size() && state_->testbed->hang_up_unattended(others[index].number);
}
void Environment::arm_script(Side side, CallScript script) {
    state_->testbed->network().arm_script(state_->number(side), script);
}

bool Environment::run_until(Millis until) { return !state_->testbed || !state_->testbed->run_until(until).step_limit_hit; }
void Environment::stop_soon() {
    if (state_->testbed) state_->testbed->stop_soon();
}

std::vector<CallView> Environment::calls() const {
    std::vector<CallView> out;
    if (!state_->testbed) return out;
    for (const auto& r : state_->testbed->network().records()) {
        out.push_back({r.caller, r.callee, r.connected_at, r.disconnected_at, r.cause, r.billed_seconds()});
    }
    return out;
}
std::string Environment::show_dialer(Side side) const {
    const auto router = state_->slot(side);
    if (!state_->testbed || !router) return state_->setup.sut_name + " on a line: no dialer here\n";
    return state_->testbed->router(*router).show_dialer(state_->testbed->now());
}
std::vector<LogLine> Environment::logs() const {
    std::vector<LogLine> out;
    if (!state_->testbed) return out;
    for (const auto& e : state_->testbed->timeline()) out.push_back({e.at, e.source, e.text});
    return out;
}

}  // namespace ppp::adapters
