#pragma once
// Scenario runner: a small text format (sut/README-scenario.md) naming routers, their IOS
// configurations (inline or by relative file), directory numbers, options and a timed script.
// Pure: text in, structured result / printed timeline out; files come through a loader.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/sut/router.hpp"
#include "ppp/sut/testbed.hpp"

namespace ppp::sut {

// Returns the text of a file named relative to the scenario, or nullopt if it cannot be read.
using FileLoader = std::function<std::optional<std::string>(const std::string& path)>;

struct ScenarioRouter {
    std::string name;
    std::string number;
    RouterConfig config;
    RouterOptions options;
    int line = 0;
};

struct ScenarioStep {
    enum class Kind : std::uint8_t {
        Ping, ShowDialer, ShowCalls, NetBusy, NetNoAnswer, NetNoChannel, NetDrop, NetSlow,
    };
    Millis at{0};
    Kind kind = Kind::Ping;
    std::string router;
    std::uint32_t address = 0;
    int count = 5;
    std::string number;
    Millis delay{0};
    int line = 0;
};

struct Scenario {
    std::vector<ScenarioRouter> routers;
    std::vector<ScenarioStep> steps;  // in time order (stable for equal times)
    Millis until{0};
};

struct ScenarioParse {
    std::optional<Scenario> scenario;
    std::string error;  // "line 4: 'at x ping R2': expected a time in seconds"
};

ScenarioParse parse_scenario(std::string_view text, const FileLoader& loader);

struct ScenarioRun {
    bool ok = false;
    std::string error;
    std::string output;                 // timeline, ping output, show output, billing summary
    std::vector<std::size_t> ping_ids;  // per Ping step, in script order
    std::unique_ptr<Testbed> testbed;   // for inspection after the run
};

ScenarioRun run_scenario(const Scenario& scenario);
// Parse + run; on error returns "error: <one line>" (ok == false).
ScenarioRun run_scenario_text(std::string_view text, const FileLoader& loader);

}  // namespace ppp::sut
