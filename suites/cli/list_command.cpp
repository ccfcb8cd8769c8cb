// `ppp-conform list`: the test purposes, the intents plans are made of, the named faults, or the
// requirements catalog.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/spec/catalog.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/intent.hpp"
#include "ppp/suites/selftest.hpp"

namespace ppp::cli {
namespace {

struct ListArgs {
    std::string suite;
    std::string format = "text";
    bool intents = false;
    bool faults = false;
    bool requirements = false;
};

// `list --requirements`: each row of the catalog with its level and clause, the purposes that cite
// it, and those shown to fail when the SUT breaks it: a named fault of the reference was caught by
// the purpose with a violation of the row (selftest's hunt, seed 1, run here: 0.3 s measured).
int list_requirements(const ListArgs& args, const suites::Catalog& catalog) {
    std::map<std::string, std::vector<std::string>> cited_by;
    for (const auto& tp : catalog.purposes) {
        for (const auto& id : tp.requirements) cited_by[id].push_back(tp.id);
    }
    std::map<std::string, std::vector<std::string>> demonstrated;
    suites::SelftestOptions options;
    options.budget_seconds = 10.0;
    std::string error;
    if (!load_profile_arg(options.profile_name, options.profile, error)) {
        std::cerr << "ppp-conform list: " << error << '\n';
        return kExitError;
    }
    const auto selftest = suites::run_selftest(catalog, options, [] { return adapters::make_reference_bench(); });
    for (const auto& f : selftest.faults) {
        if (!f.killed) continue;
        for (const auto& id : f.named) demonstrated[id].push_back(f.purpose + " (fault " + f.fault.name + ")");
    }
    const auto joined = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
        return out;
    };
    nlohmann::json rows = nlohmann::json::array();
    std::size_t mandatory = 0;
    std::size_t mandatory_demonstrated = 0;
    for (const auto& row : spec::catalog()) {
        const auto& cites = cited_by[row.id];
        const auto& shown = demonstrated[row.id];
        if (row.level == "M") {
            ++mandatory;
            if (!shown.empty()) ++mandatory_demonstrated;
        }
        if (args.format == "json") {
            rows.push_back({{"id", row.id}, {"level", row.level}, {"clause", row.clause}, {"text", row.text},
                            {"section", row.section}, {"knob", row.knob}, {"cited_by", cites}, {"demonstrated_by", shown}});
        } else if (args.format == "tsv") {
            std::cout << row.id << '\t' << row.level << '\t' << row.clause << '\t' << joined(cites) << '\t' << joined(shown)
                      << '\t' << row.text << '\n';
        } else {
            std::cout << row.id << "  " << row.level << "  " << (row.clause.empty() ? "-" : row.clause) << "\n    "
                      << row.text << "\n    cited by: " << (cites.empty() ? "-" : joined(cites))
                      << "\n    shown to fail it: " << (shown.empty() ? "-" : joined(shown)) << "\n";
        }
    }
    const std::string summary = std::to_string(mandatory_demonstrated) + " of " + std::to_string(mandatory) +
                                " mandatory rows shown to fail a purpose when broken (by a named fault)";
    if (args.format == "json") {
        std::cout << nlohmann::json{{"requirements", rows}, {"summary", summary}}.dump(2) << '\n';
    } else if (args.format == "text") {
        std::cout << summary << '\n';
    }
    return kExitPass;
}

int run_list(const ListArgs& args) {
    if (args.faults) {
        nlohmann::json faults = nlohmann::json::array();
        for (const auto& f : adapters::reference_faults()) {
            std::string reqs;
            for (const auto& r : f.requirements) reqs += (reqs.empty() ? "" : " ") + r;
            if (args.format == "json") {
                faults.push_back({{"name", f.name}, {"description", f.description}, {"requirements", f.requirements}});
            } else if (args.format == "tsv") {
                std::cout << f.name << '\t' << reqs << '\t' << f.description << '\n';
            } else {
                std::cout << f.name << "  (" << reqs << ")  " << f.description << '\n';
            }
        }
        if (args.format == "json") std::cout << faults.dump(2) << '\n';
        return kExitPass;
    }
    if (args.intents) {
        for (const auto& info : suites::all_intents()) {
            std::cout << info.name << (args.format == "tsv" ? "\t" : "  ") << info.meaning << "\n";
        }
        return kExitPass;
    }
    auto catalog = suites::bundled_catalog();
    if (!catalog.catalog) {
        std::cerr << "ppp-conform list: bundled catalog: " << catalog.error << '\n';
        return kExitError;
    }
    if (args.requirements) return list_requirements(args, *catalog.catalog);
    nlohmann::json array = nlohmann::json::array();
    for (const auto& tp : catalog.catalog->purposes) {
        if (!args.suite.empty() && tp.suite != args.suite) continue;
        std::string reqs;
        for (const auto& r : tp.requirements) reqs += (reqs.empty() ? "" : " ") + r;
        const std::string kind = tp.plan ? "plan" : "property";
        const std::string role = tp.sut_role == model::Role::Client ? "client" : "server";
        if (args.format == "json") {
            array.push_back({{"id", tp.id}, {"title", tp.title}, {"suite", tp.suite}, {"role", role},
                             {"requirements", tp.requirements}, {"kind", kind}, {"goal", suites::goal_name(tp.goal)},
                             {"plan", tp.plan ? suites::to_text(*tp.plan) : ""}});
        } else if (args.format == "tsv") {
            std::cout << tp.id << '\t' << tp.suite << '\t' << role << '\t' << kind << '\t' << reqs << '\t'
                      << tp.title << '\n';
        } else {
            std::cout << tp.id << "  [" << tp.suite << ", SUT " << role << ", " << kind << "]  " << tp.title
                      << "  (" << reqs << ")\n";
        }
    }
    if (args.format == "json") std::cout << array.dump(2) << '\n';
    return kExitPass;
}

}  // namespace

void add_list_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ListArgs>();
    auto* list = app.add_subcommand("list", "List the test purposes (or the plan intents, or the named faults)");
    std::vector<std::string> suite_names;
    if (auto catalog = suites::bundled_catalog(); catalog.catalog) suite_names = catalog.catalog->suites();
    list->add_option("--suite", args->suite, "Only this suite")->check(one_of(suite_names));
    list->add_option("--format", args->format, "text, tsv or json")->check(one_of({"text", "tsv", "json"}))->capture_default_str();
    auto* intents = list->add_flag("--intents", args->intents, "List the intents plans are made of");
    auto* faults = list->add_flag("--faults", args->faults, "List the named faults of the reference SUT (`--fault`, `selftest`)");
    list->add_flag("--requirements", args->requirements,
                   "List the requirements catalog: each row's level and clause, the purposes citing it, and those "
                   "shown to fail when a named fault breaks it")
        ->excludes(intents)
        ->excludes(faults);
    list->callback([args, &exit_code] { exit_code = run_list(*args); });
}

}  // namespace ppp::cli
