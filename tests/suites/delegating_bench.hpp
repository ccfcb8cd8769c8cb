#pragma once
// A bench that forwards everything to another (the reference by default); tests derive from it
// and override the one behaviour they change.
#include <memory>
#include <utility>

#include "ppp/adapters/bench.hpp"

namespace ppp::test {

class DelegatingBench : public ppp::adapters::Bench {
public:
    explicit DelegatingBench(std::unique_ptr<ppp::adapters::Bench> inner = ppp::adapters::make_reference_bench())
        : inner_(std::move(inner)) {}
    ppp::adapters::SutIdentity identify() const override { return inner_->identify(); }
    std::string reset(const ppp::adapters::BenchSetup& setup) override { return inner_->reset(setup); }
    void set_port_tap(ppp::adapters::PortTap tap) override { inner_->set_port_tap(std::move(tap)); }
    void set_traffic_tap(ppp::adapters::TrafficTap tap) override { inner_->set_traffic_tap(std::move(tap)); }
    std::size_t ping(ppp::adapters::Side from, int count) override { return inner_->ping(from, count); }
    ppp::adapters::PingOutcome ping_outcome(std::size_t id) const override { return inner_->ping_outcome(id); }
    bool send_non_interesting(ppp::adapters::Side from, int count) override { return inner_->send_non_interesting(from, count); }
    void fail_next_call(ppp::adapters::Side callee, ppp::wire::CallFault fault) override { inner_->fail_next_call(callee, fault); }
    void slow_connect(ppp::adapters::Side callee, ppp::adapters::Millis delay) override { inner_->slow_connect(callee, delay); }
    void drop_line(ppp::adapters::Side side) override { inner_->drop_line(side); }
    void inject(const ppp::wire::PortMessage& stimulus) override { inner_->inject(stimulus); }
    bool virtual_time() const override { return inner_->virtual_time(); }
    ppp::adapters::Millis now() const override { return inner_->now(); }
    std::optional<ppp::adapters::Millis> next_event() const override { return inner_->next_event(); }
    bool run_until(ppp::adapters::Millis until) override { return inner_->run_until(until); }
    std::vector<ppp::adapters::LogLine> logs() const override { return inner_->logs(); }
    std::vector<ppp::adapters::CallView> calls() const override { return inner_->calls(); }
    std::string show_dialer(ppp::adapters::Side side) const override { return inner_->show_dialer(side); }
    void release() override { inner_->release(); }
    ppp::adapters::Capabilities capabilities() const override { return inner_->capabilities(); }
    bool line_up_at_start() const override { return inner_->line_up_at_start(); }
    ppp::adapters::Millis settle() const override { return inner_->settle(); }
    std::string failure() const override { return inner_->failure(); }
    std::string summary() const override { return inner_->summary(); }

private:
    std::unique_ptr<ppp::adapters::Bench> inner_;
};

}  // namespace ppp::test
