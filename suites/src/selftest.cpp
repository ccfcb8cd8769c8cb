#include "ppp/suites/selftest.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace ppp::suites {
namespace {

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

bool cites_any(const TestPurpose& tp, const std::vector<std::string>& requirements) {
    return std::any_of(requirements.begin(), requirements.end(), [&tp](const std::string& id) {
        return std::find(tp.requirements.begin(), tp.requirements.end(), id) != tp.requirements.end();
    });
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

}  // namespace

std::size_t SelftestReport::killed() const {
    return static_cast<std::size_t>(std::count_if(faults.begin(), faults.end(), [](const FaultOutcome& f) { return f.killed; }));
}

double SelftestReport::kill_rate() const {
    return faults.empty() ? 0.0 : static_cast<double>(killed()) / static_cast<double>(faults.size());
}

double SelftestReport::median_seconds() const {
    std::vector<double> values;
    for (const auto& f : faults) {
        if (f.killed) values.push_back(f.seconds);
    }
    return median(std::move(values));
}

double SelftestReport::median_shrunk_length() const {
    std::vector<double> values;
    for (const auto& f : faults) {
        if (f.killed) values.push_back(static_cast<double>(f.shrunk_length));
    }
    return median(std::move(values));
}

std::vector<adapters::FaultDescription> select_faults(const std::string& glob) {
    std::vector<adapters::FaultDescription> out;
    for (auto& fault : adapters::reference_faults()) {
        if (glob_match(glob, fault.name)) out.push_back(std::move(fault));
    }
    return out;
}

std::vector<const TestPurpose*> hunting_order(const Catalog& catalog, const adapters::FaultDescription& fault) {
    std::vector<const TestPurpose*> out;
    // Rank 0: cites a requirement of the fault, fixed plan; 1: same, property; 2, 3: the others.
    for (int rank = 0; rank < 4; ++rank) {
        for (const auto& tp : catalog.purposes) {
            const bool relevant = cites_any(tp, fault.requirements);
            const bool fixed = tp.plan.has_value();
            if (relevant == (rank < 2) && fixed == (rank % 2 == 0)) out.push_back(&tp);
        }
    }
    return out;
}

FaultOutcome run_fault(const Catalog& catalog, const SelftestOptions& options, const adapters::FaultDescription& fault,
                       const BenchFactory& factory) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto elapsed = [&start] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    FaultOutcome out;
    out.fault = fault;
    CampaignOptions campaign_options;
    campaign_options.profile = options.profile;
    campaign_options.profile_name = options.profile_name;
    campaign_options.faults = {fault.name};
    campaign_options.seed = options.seed;
    campaign_options.plans = options.plans;
    campaign_options.generation = options.generation;
    Campaign campaign(catalog, campaign_options, factory);
    for (const TestPurpose* tp : hunting_order(catalog, fault)) {
        if (elapsed() > options.budget_seconds) {
            out.message = "budget of " + std::to_string(static_cast<int>(options.budget_seconds)) + " s spent";
            break;
        }
        const CaseRun run = campaign.run_purpose(*tp);
        ++out.purposes;
        out.plans += run.plans_run;
        if (run.result.verdict != reports::Verdict::Fail) continue;
        out.killed = true;
        out.purpose = tp->id;
        // The violated requirements, not the purpose's own list (finish() put them there).
        out.named = run.result.requirements;
        out.named_expected = std::any_of(fault.requirements.begin(), fault.requirements.end(), [&out](const std::string& id) {
            return std::find(out.named.begin(), out.named.end(), id) != out.named.end();
        });
        out.message = run.result.message;
        out.reproduce = run.reproduce;
        const auto parsed = parse_plan(run.plan_text);
        out.shrunk_length = parsed.ok ? parsed.plan.size() : 0;
        break;
    }
    if (!out.killed && out.message.empty()) out.message = "no purpose of the default campaign failed";
    out.seconds = elapsed();
    return out;
}

SelftestReport run_selftest(const Catalog& catalog, const SelftestOptions& options, const BenchFactory& factory,
                            const std::function<void(const FaultOutcome&)>& on_fault) {
    SelftestReport report;
    for (const auto& fault : select_faults(options.faults_glob)) {
        report.faults.push_back(run_fault(catalog, options, fault, factory));
        if (on_fault) on_fault(report.faults.back());
    }
    return report;
}

std::string render_selftest_text(const SelftestReport& report) {
    // A kill whose violations name none of the fault's own requirements is marked with '*'.
    auto named = [](const FaultOutcome& f) { return f.killed ? join(f.named, ",") + (f.named_expected ? "" : " *") : "-"; };
    std::size_t width = 5, req_width = 12;
    for (const auto& f : report.faults) {
        width = std::max(width, f.fault.name.size());
        req_width = std::max(req_width, named(f).size());
    }
    char line[512];
    std::string out;
    std::snprintf(line, sizeof line, "%-*s  %-8s  %-14s  %-*s  %6s  %8s  %6s\n", static_cast<int>(width), "FAULT",
                  "RESULT", "DETECTED BY", static_cast<int>(req_width), "REQUIREMENTS", "PLANS", "SECONDS", "SHRUNK");
    out += line;
    for (const auto& f : report.faults) {
        std::snprintf(line, sizeof line, "%-*s  %-8s  %-14s  %-*s  %6zu  %8.4f  %6s\n", static_cast<int>(width),
                      f.fault.name.c_str(), f.killed ? "killed" : "SURVIVED", f.killed ? f.purpose.c_str() : "-",
                      static_cast<int>(req_width), named(f).c_str(), f.plans, f.seconds,
                      f.killed ? std::to_string(f.shrunk_length).c_str() : "-");
        out += line;
    }
    std::snprintf(line, sizeof line,
                  "\nkill rate %zu/%zu (%.0f%%), median time to detection %.4f s, median shrunk plan length %.1f\n",
                  report.killed(), report.faults.size(), 100.0 * report.kill_rate(), report.median_seconds(),
                  report.median_shrunk_length());
    out += line;
    for (const auto& f : report.faults) {
        if (!f.killed) out += "survived: " + f.fault.name + " (" + f.message + ")\n";
    }
    return out;
}

std::string render_selftest_json(const SelftestReport& report, const SelftestOptions& options) {
    nlohmann::json faults = nlohmann::json::array();
    for (const auto& f : report.faults) {
        nlohmann::json row{{"fault", f.fault.name},
                           {"description", f.fault.description},
                           {"requirements", f.fault.requirements},
                           {"killed", f.killed},
                           {"plans", f.plans},
                           {"purposes", f.purposes},
                           {"seconds", f.seconds},
                           {"message", f.message}};
        if (f.killed) {
            row["purpose"] = f.purpose;
            row["named"] = f.named;
            row["named_expected"] = f.named_expected;
            row["shrunk_length"] = f.shrunk_length;
            row["reproduce"] = f.reproduce;
        }
        faults.push_back(std::move(row));
    }
    const nlohmann::json doc{{"seed", options.seed},
                             {"budget_seconds", options.budget_seconds},
                             {"profile", options.profile_name},
                             {"faults", std::move(faults)},
                             {"killed", report.killed()},
                             {"total", report.faults.size()},
                             {"kill_rate", report.kill_rate()},
                             {"median_seconds", report.median_seconds()},
                             {"median_shrunk_length", report.median_shrunk_length()}};
    return doc.dump(2) + "\n";
}

}  // namespace ppp::suites
