// Reference SUT in virtual time (DESIGN.md section 8): the callback scenario's simulated minute
// in CPU time, and steps per second (a step = one delivered message or one timer round).
#include <benchmark/benchmark.h>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/lcp.hpp"

namespace {

using namespace std::chrono_literals;
using ppp::sut::Millis;

constexpr const char* kR1 = R"(username R2 password CCIE
interface BRI0
 ip address 192.0.2.1 255.255.255.0
 encapsulation ppp
 dialer callback-secure
 dialer map ip 192.0.2.2 name R2 class CALL_R2_BACK broadcast 5558888
 dialer-group 1
 isdn switch-type basic-ni
 ppp callback accept
 ppp authentication chap
map-class dialer CALL_R2_BACK
 dialer callback-server username
dialer-list 1 protocol ip permit
)";

constexpr const char* kR2 = R"(username R1 password CCIE
interface BRI0
 ip address 192.0.2.2 255.255.255.0
 encapsulation ppp
 dialer map ip 192.0.2.1 name R1 broadcast 5557777
 dialer-group 1
 isdn switch-type basic-ni
 ppp callback request
 ppp authentication chap
dialer-list 1 protocol ip permit
)";

struct Lab {
    ppp::sut::Testbed tb;
    std::size_t r2 = 0;
    explicit Lab(bool logging) {
        ppp::sut::RouterOptions o1;
        o1.hostname = "R1";
        o1.directory_number = "5557777";
        ppp::sut::RouterOptions o2;
        o2.hostname = "R2";
        o2.directory_number = "5558888";
        if (logging) o1.log = o2.log = ppp::sut::LogOptions::all();
        tb.record_timeline = logging;
        tb.add_router(*ppp::sut::parse_config(kR1).config, o1);
        r2 = tb.add_router(*ppp::sut::parse_config(kR2).config, o2);
    }
};

// DESIGN.md section 1 end to end: 5 failed pings, callback, 5 good pings, one simulated minute.
void run_minute(benchmark::State& state, bool logging) {
    std::size_t steps = 0;
    for (auto _ : state) {
        Lab lab(logging);
        lab.tb.offer_ping(lab.r2, 0xC0000201, 5);
        lab.tb.run_until(20s);
        lab.tb.offer_ping(lab.r2, 0xC0000201, 5);
        lab.tb.run_until(60s);
        steps += lab.tb.steps();
        benchmark::DoNotOptimize(lab.tb.network().records().size());
    }
    state.counters["steps"] = benchmark::Counter(static_cast<double>(steps) / static_cast<double>(state.iterations()));
    state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

void BM_CallbackScenarioMinute(benchmark::State& state) { run_minute(state, false); }
void BM_CallbackScenarioMinuteLogged(benchmark::State& state) { run_minute(state, true); }

// Steady state over the return call: one echo request and its reply per iteration.
void BM_PingOverReturnCall(benchmark::State& state) {
    Lab lab(false);
    lab.tb.offer_ping(lab.r2, 0xC0000201, 1);
    lab.tb.run_until(20s);
    Millis t = lab.tb.now();
    const std::size_t before = lab.tb.steps();
    for (auto _ : state) {
        lab.tb.offer_ping(lab.r2, 0xC0000201, 1);
        t += 100ms;  // stays well inside the idle-timeout
        lab.tb.run_until(t);
    }
    const auto steps = static_cast<double>(lab.tb.steps() - before);
    state.counters["steps/s"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
    state.counters["ns/step"] = benchmark::Counter(steps, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(BM_CallbackScenarioMinute)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CallbackScenarioMinuteLogged)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PingOverReturnCall)->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {

// One router input and its outputs, nothing else: the "router step" of DESIGN.md section 8.
// R1 in the Opened return call answers an LCP Echo-Request (ser) or an ICMP echo over IPCP.
void router_step(benchmark::State& state, bool icmp) {
    Lab lab(false);
    lab.tb.offer_ping(lab.r2, 0xC0000201, 1);
    lab.tb.run_until(20s);
    ppp::sut::Router& r1 = lab.tb.router(0);
    const int ch = r1.channel_connected(1) ? 1 : 2;
    ppp::wire::Bytes frame;
    if (icmp) {
        ppp::wire::IcmpEcho echo;
        echo.identifier = 1;
        echo.data.assign(72, 0xAB);
        ppp::wire::Ipv4Packet ip;
        ip.source = 0xC0000202;
        ip.destination = 0xC0000201;
        ip.payload = ppp::wire::encode_icmp_echo(echo);
        frame = ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kIp, ppp::wire::encode_ipv4(ip)));
    } else {
        ppp::wire::LcpPacket p;
        p.code = 9;
        p.identifier = 1;
        p.magic = 0x01020304;
        frame = ppp::wire::sync_encode(ppp::wire::encode_ppp(ppp::wire::proto::kLcp, ppp::wire::encode_lcp(p)));
    }
    const Millis now = lab.tb.now();
    std::size_t out = 0;
    for (auto _ : state) {
        r1.on_frame(now, ch, frame);
        while (auto a = r1.poll_action()) ++out;
    }
    if (out != static_cast<std::size_t>(state.iterations())) state.SkipWithError("router did not answer");
}

void BM_RouterStepLcpEcho(benchmark::State& state) { router_step(state, false); }
void BM_RouterStepIcmpEcho(benchmark::State& state) { router_step(state, true); }

BENCHMARK(BM_RouterStepLcpEcho);
BENCHMARK(BM_RouterStepIcmpEcho);

}  // namespace
