#include "ppp/adapters/scenario_file.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "ppp/sut/scenario.hpp"

namespace ppp::adapters {
namespace {

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

}  // namespace

SimulationOutput simulate_scenario_file(const std::string& path) {
    SimulationOutput out;
    const auto text = read_text(path);
    if (!text) {
        out.error = "cannot read scenario " + path;
        return out;
    }
    const std::string base = directory_of(path);
    const sut::FileLoader loader = [&base](const std::string& name) -> std::optional<std::string> {
        return read_text(!name.empty() && name[0] == '/' ? name : base + "/" + name);
    };
    sut::ScenarioRun run = sut::run_scenario_text(*text, loader);
    out.ok = run.ok;
    if (run.ok) out.text = std::move(run.output);
    else out.error = path + ": " + (run.error.empty() ? run.output : run.error);
    return out;
}

}  // namespace ppp::adapters
