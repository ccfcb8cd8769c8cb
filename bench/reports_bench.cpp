// Results streamed to disk (DESIGN.md section 9): time per case of the JUnit stream and of the
// conformance report's spools, and how much the process's memory grows over N cases. Memory is
// flat when rss_growth_kib stays near 0 as N grows tenfold (the spools are files, not vectors).
//   build/ci/bench/ppp_bench --benchmark_filter='Reports'
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "ppp/reports/case_result.hpp"
#include "ppp/reports/conformance_report.hpp"
#include "ppp/reports/junit_stream.hpp"
#include "ppp/reports/report_stream.hpp"

namespace {

// VmRSS or VmHWM of this process in KiB, from /proc/self/status (0 where there is none).
long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) == 0) return std::atol(line.c_str() + prefix.size());
    }
    return 0;
}

// A case as a campaign produces it: a failure with detail, properties and a trace, so each
// record is a few KiB of text.
ppp::reports::CaseResult typical_case(std::size_t i) {
    ppp::reports::CaseResult c;
    c.suite = i % 2 == 0 ? "callback-server" : "lcp";
    c.id = "TP-BENCH-" + std::to_string(i);
    c.title = "The return call negotiates no Callback option";
    c.verdict = i % 10 == 0 ? ppp::reports::Verdict::Fail : ppp::reports::Verdict::Pass;
    c.seconds = 0.003;
    c.message = "[SEQ-02 CB-04] expected no Callback option (13) on the return call";
    c.detail = std::string(2000, 'x');
    c.requirements = {"AMB-07", "CB-04", "SEQ-02"};
    c.properties = {{"seed", "3"}, {"reproduce", "ppp-conform run --tp " + c.id + " --seed 3"}};
    for (int k = 0; k < 20; ++k) c.trace.push_back({0.01 * k, "peer", "SUT", "B1 LCP ConfReq id=1 <Auth CHAP MD5>"});
    return c;
}

class TempDir {
public:
    TempDir() {
        char pattern[] = "/tmp/ppp-bench-XXXXXX";
        if (::mkdtemp(pattern) != nullptr) path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// N cases through `add`, timed per case; counters: memory growth over the N cases.
template <typename Add>
void measure_cases(benchmark::State& state, Add&& add) {
    const auto cases = static_cast<std::size_t>(state.range(0));
    long rss_growth = 0, peak_growth = 0;
    for (auto _ : state) {
        const long rss_before = status_kib("VmRSS"), peak_before = status_kib("VmHWM");
        for (std::size_t i = 0; i < cases; ++i) {
            if (!add(typical_case(i), i)) {
                state.SkipWithError("write failed");
                return;
            }
        }
        rss_growth = status_kib("VmRSS") - rss_before;
        peak_growth = status_kib("VmHWM") - peak_before;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
    state.counters["rss_growth_kib"] = static_cast<double>(rss_growth);
    state.counters["peak_rss_growth_kib"] = static_cast<double>(peak_growth);
}

// JUnit streamed with the command's flush policy (a rewrite at most every 0.5 s), cases taking
// 1 ms of campaign time each.
void BM_ReportsJunitStreamPerCase(benchmark::State& state) {
    TempDir dir;
    ppp::reports::JUnitStream junit;
    if (!junit.open(dir.path() + "/junit.xml", {})) {
        state.SkipWithError(junit.error().c_str());
        return;
    }
    measure_cases(state, [&junit](const ppp::reports::CaseResult& c, std::size_t i) {
        return junit.add(c, 0.001 * static_cast<double>(i));
    });
    junit.close();
}
BENCHMARK(BM_ReportsJunitStreamPerCase)->Arg(1000)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

// The conformance report's spools (HTML, Markdown, summary lines) fed case by case, then both
// documents written.
void BM_ReportsReportStreamPerCase(benchmark::State& state) {
    TempDir dir;
    ppp::reports::ReportStream report;
    if (!report.open()) {
        state.SkipWithError(report.error().c_str());
        return;
    }
    measure_cases(state, [&report](const ppp::reports::CaseResult& c, std::size_t) { return report.add(c); });
    ppp::reports::ReportInput input;
    input.requirements = {{"AMB-07", ""}, {"CB-04", ""}, {"SEQ-02", ""}};
    if (!report.write_html(dir.path() + "/report.html", input) ||
        !report.write_markdown(dir.path() + "/summary.md", input)) {
        state.SkipWithError(report.error().c_str());
    }
}
BENCHMARK(BM_ReportsReportStreamPerCase)->Arg(1000)->Arg(10000)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
