#pragma once
// `ppp-conform simulate FILE`: a scenario file (sut/README-scenario.md) run on the in-process
// reference implementation. This layer reads the files; the reference runs them in virtual time.
#include <string>

namespace ppp::adapters {

struct SimulationOutput {
    bool ok = false;
    std::string text;   // timeline, ping output, show output, billing summary
    std::string error;  // one line naming the file and the line, when !ok
};

// Configurations named in the scenario are read relative to the scenario's own directory.
SimulationOutput simulate_scenario_file(const std::string& path);

}  // namespace ppp::adapters
