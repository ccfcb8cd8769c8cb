// The in-process reference bench: SUT and peer are reference routers on one simulated ISDN
// network (sut::Testbed), in virtual time. The lab's port tap sits on the SUT router's port.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ppp/adapters/bench.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/mutation.hpp"
#include "ppp/sut/testbed.hpp"

namespace ppp::adapters {
namespace {

class ReferenceBench final : public Bench {
public:
    SutIdentity identify() const override { return {"reference", "ppp-conform reference routers 0.1"}; }

    std::string reset(const BenchSetup& setup) override {
        setup_ = setup;
        if (parsed_configs_.size() + 2 > kMaxParsedConfigs) parsed_configs_.clear();  // bounded memory
        // A mutant may live in the configuration parser: the SUT's configuration is then parsed
        // under its mutant and not cached (the peer's is parsed unmutated).
        std::optional<sut::ConfigResult> mutated_config;
        if (setup.mutant != 0) {
            const sut::mutation::Scope scope(setup.mutant);
            mutated_config = sut::parse_config(setup.sut_config);
        }
        const sut::ConfigResult& sut_config = mutated_config ? *mutated_config : parsed(setup.sut_config);
        if (!sut_config.ok()) return "SUT configuration " + sut_config.error->to_string();
        const sut::ConfigResult& peer_config = parsed(setup.peer_config);
        if (!peer_config.ok()) return "peer configuration " + peer_config.error->to_string();
        sut::Faults faults;
        std::string names;
        for (const auto& f : setup.faults) names += f + ",";
        std::string error;
        if (!sut::Faults::parse(names, faults, error)) return error;

        testbed_ = std::make_unique<sut::Testbed>();
        testbed_->record_timeline = setup.logs;
        sut::RouterOptions sut_options;
        sut_options.hostname = setup.sut_name;
        sut_options.directory_number = setup.sut_number;
        sut_options.seed = setup.seed;
        sut_options.faults = faults;
        sut_options.mutant = setup.mutant;
        if (setup.logs) sut_options.log = sut::LogOptions::all();
        sut::RouterOptions peer_options;
        peer_options.hostname = setup.peer_name;
        peer_options.directory_number = setup.peer_number;
        peer_options.seed = setup.seed ^ 0x5DEECE66DULL;
        if (setup.logs) peer_options.log = sut::LogOptions::all();
        const bool sut_client = setup.sut_role == CallbackRole::Client;
        (sut_client ? sut_options : peer_options).callback_request_op = setup.client_callback_op;
        (sut_client ? sut_options : peer_options).callback_number = setup.client_callback_number;
        sut_ = testbed_->add_router(*sut_config.config, sut_options);
        peer_ = testbed_->add_router(*peer_config.config, peer_options);
        install_taps();
        return "";
    }

    void set_port_tap(PortTap tap) override {
        port_tap_ = std::move(tap);
        install_taps();
    }
    void set_traffic_tap(TrafficTap tap) override {
        traffic_tap_ = std::move(tap);
        install_taps();
    }

    std::size_t ping(Side from, int count) override {
        const std::size_t router = index(from);
        const std::size_t other = index(from == Side::Sut ? Side::Peer : Side::Sut);
        return testbed_->offer_ping(router, testbed_->router(other).config().bri.ip_address, count);
    }
    PingOutcome ping_outcome(std::size_t id) const override {
        const auto& p = testbed_->ping(id);
        return {p.count, p.sent, p.received, p.done};
    }
    bool send_non_interesting(Side, int) override {
        // The reference routers speak IPv4 only and the lab's configurations permit all of it
        // (`dialer-list 1 protocol ip permit`): there is no non-interesting packet to offer.
        return false;
    }
    void fail_next_call(Side callee, CallFault fault) override {
        testbed_->network().fail_next_call(number(callee), fault);
    }
    void slow_connect(Side callee, Millis delay) override {
        testbed_->network().set_connect_delay(number(callee), delay);
    }
    void drop_line(Side side) override { testbed_->drop_line(number(side)); }
    void inject(const PortMessage& stimulus) override {
        testbed_->inject(sut_, stimulus);
    }

    Millis now() const override { return testbed_->now(); }
    std::optional<Millis> next_event() const override { return testbed_->next_event(); }
    bool run_until(Millis until) override { return !testbed_->run_until(until).step_limit_hit; }

    std::vector<LogLine> logs() const override {
        std::vector<LogLine> out;
        for (const auto& e : testbed_->timeline()) out.push_back({e.at, e.source, e.text});
        return out;
    }
    std::vector<CallView> calls() const override {
        std::vector<CallView> out;
        for (const auto& r : testbed_->network().records()) {
            out.push_back({r.caller, r.callee, r.connected_at, r.disconnected_at, r.cause, r.billed_seconds()});
        }
        return out;
    }
    std::string show_dialer(Side side) const override {
        return testbed_->router(index(side)).show_dialer(testbed_->now());
    }
    void release() override { testbed_.reset(); }

private:
    std::size_t index(Side side) const { return side == Side::Sut ? sut_ : peer_; }
    const std::string& number(Side side) const {
        return side == Side::Sut ? setup_.sut_number : setup_.peer_number;
    }

    // A campaign resets the bench once per plan with a handful of distinct configurations: each
    // text is parsed once (DESIGN.md section 8 budget); routers get a copy of the parsed result.
    const sut::ConfigResult& parsed(const std::string& text) {
        auto it = parsed_configs_.find(text);
        if (it == parsed_configs_.end()) it = parsed_configs_.emplace(text, sut::parse_config(text)).first;
        return it->second;
    }

    void install_taps() {
        if (!testbed_) return;
        if (port_tap_) {
            testbed_->set_tap(sut_, port_tap_);
        }
        if (traffic_tap_) {
            testbed_->set_traffic_tap(sut_, traffic_tap_);
        }
    }

    static constexpr std::size_t kMaxParsedConfigs = 64;
    std::map<std::string, sut::ConfigResult, std::less<>> parsed_configs_;
    BenchSetup setup_;
    std::unique_ptr<sut::Testbed> testbed_;
    std::size_t sut_ = 0;
    std::size_t peer_ = 1;
    PortTap port_tap_;
    TrafficTap traffic_tap_;
};

}  // namespace

std::unique_ptr<Bench> make_reference_bench() { return std::make_unique<ReferenceBench>(); }

std::vector<FaultDescription> reference_faults() {
    std::vector<FaultDescription> out;
    const sut::FaultInfo* table = sut::fault_table();
    for (std::size_t i = 0; i < sut::kFaultCount; ++i) {
        FaultDescription d{table[i].name, table[i].description, {}};
        std::string_view ids = table[i].requirements;
        while (!ids.empty()) {
            const std::size_t blank = ids.find(' ');
            if (blank != 0) d.requirements.emplace_back(ids.substr(0, blank));
            if (blank == std::string_view::npos) break;
            ids.remove_prefix(blank + 1);
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace ppp::adapters
