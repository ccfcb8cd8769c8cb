// `ppp-conform selftest`: every named fault of the reference SUT against the default campaign.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/selftest.hpp"

namespace ppp::cli {
namespace {

struct SelftestArgs {
    std::string faults = "*";
    std::string budget = "60";
    std::string format = "text";
    std::string seed = "1";
    int plans = suites::kDefaultCampaignPlans;
    std::string generation = "model";
};

// `ppp-conform selftest`: every named fault of the reference SUT against the default campaign.
int run_selftest_command(const SelftestArgs& args) {
    suites::SelftestOptions options;
    options.faults_glob = args.faults;
    options.plans = args.plans;
    options.generation = args.generation == "model" ? suites::CampaignOptions::Generation::Model
                                                    : suites::CampaignOptions::Generation::Swarm;
    {
        std::size_t used = 0;
        double budget = 0.0;
        try {
            budget = std::stod(args.budget, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != args.budget.size() || !(budget > 0.0) || budget > 86400.0) {
            std::cerr << "ppp-conform selftest: --budget " << shown(args.budget)
                      << " is not accepted (seconds per fault, a number above 0 and at most 86400)\n";
            return kExitUsage;
        }
        options.budget_seconds = budget;
    }
    if (!parse_seed_arg(args.seed, options.seed, "selftest")) return kExitUsage;
    const auto faults = suites::select_faults(args.faults);
    if (faults.empty()) {
        std::cerr << "ppp-conform selftest: --faults " << shown(args.faults)
                  << " matches no fault (accepted: a glob over the names `ppp-conform list --faults` prints)\n";
        return kExitUsage;
    }
    std::string error;
    if (!load_profile_arg(options.profile_name, options.profile, error)) {
        std::cerr << "ppp-conform selftest: " << error << '\n';
        return kExitError;
    }
    auto catalog = suites::bundled_catalog();
    if (!catalog.catalog) {
        std::cerr << "ppp-conform selftest: bundled catalog: " << catalog.error << '\n';
        return kExitError;
    }
    const bool text = args.format == "text";
    if (text) {
        std::cout << "ppp-conform selftest: " << faults.size() << " faults, profile " << options.profile_name << ", seed "
                  << options.seed << ", budget " << args.budget << " s per fault" << std::endl;
    }
    const bool terminal = isatty(STDERR_FILENO) != 0;
    std::size_t done = 0;
    const auto report = suites::run_selftest(
        *catalog.catalog, options, [] { return adapters::make_reference_bench(); },
        [&](const suites::FaultOutcome& f) {
            ++done;
            if (terminal) {
                std::cerr << "\r[" << done << "/" << faults.size() << "] " << f.fault.name
                          << (f.killed ? " killed   " : " survived ") << std::flush;
            }
        });
    if (terminal) std::cerr << "\n";
    std::cout << (text ? suites::render_selftest_text(report) : suites::render_selftest_json(report, options));
    return report.killed() == report.faults.size() ? kExitPass : kExitFail;
}

}  // namespace

void add_selftest_command(CLI::App& app, int& exit_code) {
    auto selftest_args = std::make_shared<SelftestArgs>();
    auto* selftest = app.add_subcommand(
        "selftest", "Switch each named fault of the reference SUT on in turn and run the default campaign "
                    "until a purpose fails: which purpose caught it, naming which requirement, after how "
                    "many plans and seconds. Exit 1 if a fault survives");
    selftest->add_option("--faults", selftest_args->faults, "Only the faults whose names match this glob")
        ->capture_default_str();
    selftest->add_option("--budget", selftest_args->budget, "Wall-clock seconds per fault before it counts as surviving")
        ->capture_default_str();
    selftest->add_option("--format", selftest_args->format, "text or json")
        ->check(one_of({"text", "json"}))
        ->capture_default_str();
    selftest->add_option("--seed", selftest_args->seed, "Seed of the generated plans")
        ->check(decimal_seed())
        ->capture_default_str();
    selftest->add_option("--plans", selftest_args->plans, "Generated plans per property purpose")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    selftest->add_option("--generation", selftest_args->generation,
                         "How property purposes draw plans, as `run --generation`: swarm or model")
        ->check(one_of({"swarm", "model"}))
        ->capture_default_str();
    selftest->callback([selftest_args, &exit_code] { exit_code = run_selftest_command(*selftest_args); });
}

}  // namespace ppp::cli
