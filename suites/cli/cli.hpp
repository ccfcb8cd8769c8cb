#pragma once
// The `ppp-conform` command line: one file per subcommand (decode, check, simulate, run and replay,
// merge, selftest, list, serve), each registering itself on the CLI11 app. Helpers they share are here.
// Exit codes (DESIGN.md section 9): 0 all pass, 1 some fail, 2 usage or configuration error,
// 3 harness or adapter error.
#include <csignal>
#include <fstream>
#include <istream>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ppp/model/coverage.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/reports/case_result.hpp"
#include "ppp/reports/text.hpp"

namespace ppp::suites {
struct CaseRun;
}

namespace ppp::cli {

// Written into every JUnit file and report (`merge` refuses shards of different versions).
constexpr const char* kHarnessVersion = PPP_CONFORM_VERSION;

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;
constexpr int kExitError = 3;

// Each adds its subcommand to `app`; its callback stores the command's exit code in `exit_code`.
void add_decode_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_simulate_command(CLI::App& app, int& exit_code);
void add_run_commands(CLI::App& app, int& exit_code);  // run and replay
void add_merge_command(CLI::App& app, int& exit_code);
void add_selftest_command(CLI::App& app, int& exit_code);
void add_list_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);

// Set by SIGINT, SIGTERM or SIGHUP during a campaign: the campaign stops between plans. A second
// signal ends the process at once (exit 3; the JUnit file on disk is always whole, since it is
// replaced by rename, and workers die with their parent: PR_SET_PDEATHSIG).
extern volatile std::sig_atomic_t g_interrupted;
// Those handlers, and SIGPIPE ignored so a closed pipe on stdout is a write error, not a death.
void install_stop_signals();

// Standard output that may fail (a full disk, `| head -1`): after the first failed write nothing
// more is printed there, one line says so on stderr, and ok() turns false (exit 3), while JUnit
// and the report are still completed.
class TerminalOutput {
public:
    explicit TerminalOutput(std::string command) : command_(std::move(command)) {}
    void line(const std::string& text);
    template <class Print>
    void print(Print&& print) {
        if (!ok_) return;
        print();
        check();
    }
    bool ok() const { return ok_; }
    // Whether some TerminalOutput has already said that standard output failed.
    static bool failure_said();

private:
    void check();
    std::string command_;
    bool ok_ = true;
};

// Writes `text` through reports::OutputFile: a unique temporary beside a regular `path`, renamed
// into place (a reader never sees half a file, DESIGN.md section 9); a device or FIFO in place.
bool write_atomically(const std::string& path, const std::string& text, std::string& error);
// NAME of a bundled profile, or a JSON file.
bool load_profile_arg(const std::string& arg, model::Profile& profile, std::string& error);
// --pixit: NAME of a bundled PIXIT ("default", "pppd-uml") or a JSON file; empty: `fallback`, a
// bundled name. Relative secret_file paths are taken from the file's folder.
bool load_pixit_arg(const std::string& arg, const std::string& fallback, pixit::Pixit& pixit, std::string& error);
// --seed: decimal, or empty for a random one. On a bad value prints one line and returns false.
bool parse_seed_arg(const std::string& text, std::uint64_t& seed, const char* command);
std::string utc_timestamp();

// Output paths, checked before anything runs (exit 2 with one line naming the option):
// a file to write is "" (fine), or why not (reports::output_file_problem): empty, a folder, in a
// folder that does not exist or cannot be written. A device or FIFO is fine (written in place), as
// is a symlink to either or to a regular file.
std::string check_output_file(const std::string& option, const std::string& path);
// A folder to write into: created when missing (with its parents); "" or why it cannot be used
// (a file, not writable: probed by creating a file in it, which also holds for root).
std::string prepare_output_dir(const std::string& option, const std::string& path);

// A file, or standard input for "-", with its first `bytes` octets already read to tell its format.
struct SniffedInput {
    std::string name;  // "standard input", or the path as shown()
    std::ifstream file;
    std::istream* in = nullptr;
    std::string head;
};
// False when the file cannot be opened (input.name is set either way).
bool open_sniffed(const std::string& path, std::size_t bytes, SniffedInput& input);

// A value from the user for a one-line message: escaped, at most 80 characters.
std::string shown(const std::string& value);

// CLI11 validators whose failure is one line naming the value and what is accepted.
CLI::Validator one_of(std::vector<std::string> accepted);
// --seed: a decimal 0..2^64-1, digits only.
CLI::Validator decimal_seed();
// A value that must be one non-empty line (`what` says what is accepted).
CLI::Validator one_line(const std::string& what);

int exit_code_for(const reports::Tally& t);
// A failing or erroneous case: heading, message, trace and the reproduce line.
// A failing or erring case's message and trace; with `every_verdict`, any case that has a trace.
void print_case_detail(const suites::CaseRun& run, bool every_verdict = false);

// The oracle's coverage as the report's plain rows (reports/ knows nothing of the model), and back
// for joining shards' reports with model::Coverage::merge.
std::vector<reports::CoverageRow> coverage_rows(const std::vector<model::CoverageItem>& items);
std::vector<model::CoverageItem> coverage_items(const std::vector<reports::CoverageRow>& rows);

}  // namespace ppp::cli
