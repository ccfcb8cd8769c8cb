// A PPP daemon given as a shell command on a pty (see command_bench.hpp).
#include "ppp/adapters/command_bench.hpp"

#include <fstream>
#include <utility>
#include <vector>

#include "ppp/sut/config.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::adapters {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecretFile = "sut-secret";
constexpr const char* kExitFile = "exit-status";
constexpr const char* kScript = "run.sh";  // the template expanded for the case

// The expanded script; the pty bench passes {tty}, {tty_fd} and {case_dir} as $1, $2 and $3, so
// any path is one word.
std::string expand(const std::string& t, const pixit::Pixit& parameters, std::string& error) {
    const auto rows = pixit::report_rows(parameters);
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '{') {
            out += t[i];
            continue;
        }
        const std::size_t close = t.find('}', i);
        if (close == std::string::npos) {
            out += t.substr(i);
            break;
        }
        const std::string name = t.substr(i + 1, close - i - 1);
        if (name == "tty") out += "\"$1\"";
        else if (name == "tty_fd") out += "\"$2\"";
        else if (name == "case_dir") out += "\"$3\"";
        else if (name == "secret_file") out += std::string("\"$3/") + kSecretFile + "\"";
        else if (name == "exit_file") out += std::string("\"$3/") + kExitFile + "\"";
        else if (name.rfind("pixit:", 0) == 0) {
            const std::string key = name.substr(6);
            if (key.size() >= 7 && key.compare(key.size() - 7, 7, ".secret") == 0) {
                error = "--command: {" + wire::quote_value(name) +
                        "} is not accepted (a secret never goes on a command line: read {secret_file})";
                return "";
            }
            bool found = false;
            for (const auto& [k, v] : rows) {
                if (k == key && k != "source" && k != "description") {
                    out += wire::shell_word(v);
                    found = true;
                    break;
                }
            }
            if (!found) {
                error = "--command: {" + wire::quote_value(name) +
                        "} is not accepted (a PIXIT key as the report names it: client.name, client.number, "
                        "client.address, server.name, server.number, server.address, netmask, ...)";
                return "";
            }
        } else if (name.empty() || name.find_first_of(" \t\n;$'\"") != std::string::npos) {
            out += '{';  // not a placeholder: shell braces, `${VAR}`, `{ a; }`
            continue;
        } else {
            error = "--command: {" + wire::quote_value(name) +
                    "} is not accepted (placeholders: {tty}, {tty_fd}, {case_dir}, {secret_file}, {exit_file}, "
                    "{pixit:KEY})";
            return "";
        }
        i = close;
    }
    return out;
}

bool write_private(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return false;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    out << text;
    return static_cast<bool>(out.flush());
}

}  // namespace

PtyBenchOptions command_bench_options(const CommandOptions& options, std::string& error) {
    error.clear();
    PtyBenchOptions o;
    if (options.command.find_first_not_of(" \t") == std::string::npos) {
        error = "--command is empty (accepted: the shell command that runs the daemon on {tty} or {tty_fd})";
        return o;
    }
    expand(options.command, options.parameters, error);  // every placeholder checked before anything runs
    if (!error.empty()) return o;
    o.identity = {"pty", options.command};
    // Expanded per case from that plan's PIXIT (configuration intents edit it), into run.sh.
    o.command = {"/bin/sh", "{case_dir}/" + std::string(kScript), "{tty}", "{tty_fd}", "{case_dir}"};
    o.work_dir = options.work_dir;
    o.exit_file = kExitFile;
    o.log_file = "console.log";  // the command's standard output and error
    o.secret_files = {kSecretFile};
    o.prepare = [template_text = options.command](const BenchSetup& setup, const fs::path& case_dir) -> std::string {
        std::string problem;
        const std::string script = expand(template_text, setup.parameters, problem);
        if (!problem.empty()) return problem;
        if (!write_private(case_dir / kScript, script + "\n"))
            return "pty bench: cannot write " + (case_dir / kScript).string();
        // The SUT's secret as its configuration (rendered from the PIXIT) holds it for its peer.
        const auto config = sut::parse_config(setup.sut_config);
        if (!config.ok()) return "SUT configuration " + config.error->to_string();
        const auto secret = config.config->secret(setup.peer_name);
        if (!write_private(case_dir / kSecretFile, secret.value_or("") + "\n"))
            return "pty bench: cannot write " + (case_dir / kSecretFile).string();
        return "";
    };
    return o;
}

}  // namespace ppp::adapters
