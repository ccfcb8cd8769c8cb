// The in-process reference attachment: the SUT is a reference router plugged into the lab's
// environment (one simulated ISDN network with the peer router), in virtual time. The lab's port
// tap sits on the SUT router's port to the network.
#include <memory>
#include <string>
#include <string_view>

#include "ppp/adapters/bench.hpp"
#include "ppp/adapters/environment.hpp"
#include "ppp/sut/faults.hpp"

namespace ppp::adapters {
namespace {

class ReferenceBench final : public Bench {
public:
    SutIdentity identify() const override { return {"reference", "ppp-conform reference routers 0.1"}; }

    std::string reset(const BenchSetup& setup) override {
        if (std::string error = environment().reset(setup); !error.empty()) return error;
        return environment().plug_reference_router();
    }

    void set_port_tap(PortTap tap) override { environment().set_port_tap(std::move(tap)); }
    void set_traffic_tap(TrafficTap tap) override { environment().set_traffic_tap(std::move(tap)); }
    void inject(const PortMessage& stimulus) override { environment().inject(stimulus); }
    void drop_line() override { environment().drop_line(Side::Sut); }

    Millis now() const override { return environment().now(); }
    std::optional<Millis> next_event() const override { return environment().next_event(); }
    bool run_until(Millis until) override { return environment().run_until(until); }

    // The reference router's console lines are in the environment's timeline.
    std::vector<LogLine> logs() const override { return {}; }
    std::optional<std::string> show_dialer() override { return environment().show_dialer(Side::Sut); }
    Capabilities capabilities() const override {
        Capabilities c;
        c.show_dialer = true;
        return c;
    }
    void release() override { environment().release(); }
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
