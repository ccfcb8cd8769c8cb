#include "ppp/adapters/scenario_file.hpp"

#include "ppp/adapters/text_file.hpp"
#include "ppp/sut/scenario.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::adapters {
namespace {

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

}  // namespace

SimulationOutput simulate_scenario_file(const std::string& path) {
    SimulationOutput out;
    // The same limits as every user file (DESIGN.md section 9): `simulate /dev/zero` stops at the
    // size cap instead of reading until memory runs out, and a directory is refused.
    const TextFile scenario = read_text_file(path, "scenario");
    if (!scenario.ok) {
        out.error = scenario.error;
        return out;
    }
    const std::string base = directory_of(path);
    const sut::FileLoader loader = [&base](const std::string& name) {
        const TextFile config = read_text_file(!name.empty() && name[0] == '/' ? name : base + "/" + name, "configuration");
        sut::LoadedFile loaded;
        if (config.ok) loaded.text = config.text;
        else loaded.error = config.error;
        return loaded;
    };
    sut::ScenarioRun run = sut::run_scenario_text(scenario.text, loader);
    out.ok = run.ok;
    if (run.ok) out.text = std::move(run.output);
    else out.error = "scenario '" + wire::quote_value(path) + "': " + (run.error.empty() ? run.output : run.error);
    return out;
}

}  // namespace ppp::adapters
