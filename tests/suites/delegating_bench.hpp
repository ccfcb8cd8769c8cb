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
    void attach(ppp::adapters::Environment& environment) override {
        Bench::attach(environment);
        inner_->attach(environment);
    }
    std::string reset(const ppp::adapters::BenchSetup& setup) override { return inner_->reset(setup); }
    void set_port_tap(ppp::adapters::PortTap tap) override { inner_->set_port_tap(std::move(tap)); }
    void set_traffic_tap(ppp::adapters::TrafficTap tap) override { inner_->set_traffic_tap(std::move(tap)); }
    void drop_line() override { inner_->drop_line(); }
    void inject(const ppp::wire::PortMessage& stimulus) override { inner_->inject(stimulus); }
    ppp::adapters::Millis now() const override { return inner_->now(); }
    std::optional<ppp::adapters::Millis> next_event() const override { return inner_->next_event(); }
    bool run_until(ppp::adapters::Millis until) override { return inner_->run_until(until); }
    void stop_soon() override { inner_->stop_soon(); }
    std::vector<ppp::adapters::LogLine> logs() const override { return inner_->logs(); }
    std::optional<std::string> show_dialer() override { return inner_->show_dialer(); }
    void release() override { inner_->release(); }
    ppp::adapters::Capabilities capabilities() const override { return inner_->capabilities(); }
    ppp::adapters::Millis settle() const override { return inner_->settle(); }
    std::string failure() const override { return inner_->failure(); }
    std::string summary() const override { return inner_->summary(); }

private:
    std::unique_ptr<ppp::adapters::Bench> inner_;
};

}  // namespace ppp::test
