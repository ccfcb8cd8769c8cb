// `ppp-conform simulate FILE`: a scenario on the reference implementation in virtual time.
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "ppp/adapters/scenario_file.hpp"

namespace ppp::cli {

void add_simulate_command(CLI::App& app, int& exit_code) {
    auto scenario_path = std::make_shared<std::string>();
    auto* simulate = app.add_subcommand(
        "simulate", "Run a scenario on the reference implementation (routers + ISDN network) in "
                    "virtual time; print the timeline, show output and billing");
    simulate->add_option("scenario", *scenario_path, "Scenario file (format: sut/README-scenario.md)")
        ->required();
    simulate->callback([scenario_path, &exit_code] {
        const auto result = adapters::simulate_scenario_file(*scenario_path);
        if (!result.ok) {
            std::cerr << "ppp-conform simulate: " << result.error << '\n';
            exit_code = kExitUsage;
            return;
        }
        std::cout << result.text;
        exit_code = kExitPass;
    });
}

}  // namespace ppp::cli
