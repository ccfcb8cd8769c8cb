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

// A configuration file the scenario names, as the loader read it.
struct LoadedFile {
    std::optional<std::string> text;
    std::string error;  // when !text: one line naming the file and what is accepted
};
// Reads a file named relative to the scenario (adapters: ppp::adapters::read_text_file's limits).
using FileLoader = std::function<LoadedFile(const std::string& path)>;

// Limits of the format (README-scenario.md), so a hostile file cannot make a run endless: the
// testbed's work per step grows with the routers and the pings in flight.
inline constexpr long long kMaxScenarioSeconds = 2147483;  // any time; IOS's largest dialer timer
inline constexpr std::size_t kMaxScenarioRouters = 32;
inline constexpr std::size_t kMaxScenarioCommands = 1000;  // `at` lines
inline constexpr std::size_t kMaxScenarioPings = 100;      // `at T ping` lines
inline constexpr long long kMaxScenarioEchoes = 100000;    // their COUNTs added up
inline constexpr std::size_t kMaxScenarioSteps = 2'000'000;  // testbed steps over the whole run

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
    std::string error;  // "line 4: 'at x ping R2': expected at SECONDS COMMAND", one line
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
