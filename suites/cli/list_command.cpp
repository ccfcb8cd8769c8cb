// `ppp-conform list`: the test purposes, the intents plans are made of, or the named faults.
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/intent.hpp"

namespace ppp::cli {
namespace {

struct ListArgs {
    std::string suite;
    std::string format = "text";
    bool intents = false;
    bool faults = false;
};

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
    list->add_flag("--intents", args->intents, "List the intents plans are made of");
    list->add_flag("--faults", args->faults, "List the named faults of the reference SUT (`--fault`, `selftest`)");
    list->callback([args, &exit_code] { exit_code = run_list(*args); });
}

}  // namespace ppp::cli
