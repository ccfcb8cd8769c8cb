// Helpers shared by the subcommands of `ppp-conform`.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "cli.hpp"
#include "ppp/adapters/serial_bench.hpp"
#include "ppp/adapters/text_file.hpp"
#include "ppp/reports/output_file.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::cli {

volatile std::sig_atomic_t g_interrupted = 0;

namespace {
extern "C" void on_stop_signal(int) {
    if (g_interrupted != 0) {  // the second signal: at once, leaving no temporary behind
        reports::remove_pending_temporaries();
        adapters::restore_serial_lines_now();  // a serial device is left as it was found
        _exit(kExitError);
    }
    g_interrupted = 1;
}
}  // namespace

void install_stop_signals() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

void TerminalOutput::line(const std::string& text) {
    print([&] { std::cout << text << '\n'; });
}

namespace {
bool g_stdout_failure_said = false;
}  // namespace

bool TerminalOutput::failure_said() { return g_stdout_failure_said; }

void TerminalOutput::check() {
    std::cout.flush();
    if (std::cout) return;
    ok_ = false;
    if (g_stdout_failure_said) return;
    g_stdout_failure_said = true;
    std::cerr << "ppp-conform " << command_ << ": standard output cannot be written (" << std::strerror(errno)
              << "); terminal output stopped, result files are still written\n";
}

bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
    reports::OutputFile out;
    if (out.open(path) && out.write(text) && out.commit()) return true;
    error = out.error();
    return false;
}

bool load_profile_arg(const std::string& arg, model::Profile& profile, std::string& error) {
    for (const auto& name : model::bundled_profile_names()) {
        if (name == arg) {
            auto loaded = model::load_bundled_profile(arg);
            if (!loaded) {
                error = loaded.error().message;
                return false;
            }
            profile = loaded.value();
            return true;
        }
    }
    struct stat st {};
    if (::stat(arg.c_str(), &st) != 0) {
        std::string names;
        for (const auto& name : model::bundled_profile_names()) names += (names.empty() ? "" : ", ") + name;
        error = "--profile " + shown(arg) + ": neither a bundled profile (" + names + ") nor a readable file";
        return false;
    }
    const auto file = adapters::read_text_file(arg, "--profile");
    if (!file.ok) {
        error = file.error;
        return false;
    }
    auto loaded = model::load_profile(file.text, arg);
    if (!loaded) {
        error = loaded.error().message;
        return false;
    }
    profile = loaded.value();
    return true;
}

bool load_pixit_arg(const std::string& arg, const std::string& fallback, pixit::Pixit& parameters, std::string& error) {
    const std::string name = arg.empty() ? fallback : arg;
    for (const auto& bundled : pixit::bundled_pixit_names()) {
        if (bundled != name) continue;
        parameters = *pixit::bundled_pixit(name);
        return true;
    }
    struct stat st {};
    if (::stat(arg.c_str(), &st) != 0) {
        std::string names;
        for (const auto& n : pixit::bundled_pixit_names()) names += (names.empty() ? "" : ", ") + n;
        error = "--pixit " + shown(arg) + ": neither a bundled PIXIT (" + names + ") nor a readable file";
        return false;
    }
    const auto file = adapters::read_text_file(arg, "--pixit");
    if (!file.ok) {
        error = file.error;
        return false;
    }
    pixit::SecretLookup lookup;
    lookup.folder = std::filesystem::path(arg).parent_path().string();
    auto loaded = pixit::load_pixit(file.text, arg, lookup);
    if (!loaded) {
        error = loaded.error().message;
        return false;
    }
    parameters = loaded.value();
    return true;
}

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

bool parse_seed_arg(const std::string& text, std::uint64_t& seed, const char* command) {
    if (text.empty()) {
        seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
        return true;
    }
    std::string value = text;
    if (const std::string problem = decimal_seed()(value); !problem.empty()) {  // checked by CLI11 already
        std::cerr << "ppp-conform " << command << ": --seed " << problem << '\n';
        return false;
    }
    seed = std::stoull(text, nullptr, 10);
    return true;
}

std::string shown(const std::string& value) { return wire::quote_value(value); }

CLI::Validator decimal_seed() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            // Digits only: stoull would take " -1" as 2^64-1.
            const bool digits = !value.empty() && value.size() <= 20 && value.find_first_not_of("0123456789") == std::string::npos;
            if (digits && (value.size() < 20 || value <= "18446744073709551615")) return "";
            return shown(value) + " is not accepted (a decimal number 0..18446744073709551615)";
        },
        "SEED");
}

CLI::Validator one_line(const std::string& what) {
    return CLI::Validator(
        [what](std::string& value) -> std::string {
            if (!value.empty() && value.find_first_of("\n\r") == std::string::npos) return "";
            return shown(value) + " is not accepted (" + what + ")";
        },
        "LINE");
}

CLI::Validator one_of(std::vector<std::string> accepted) {
    std::string list;
    for (const auto& a : accepted) list += (list.empty() ? "" : ", ") + a;
    return CLI::Validator(
        [accepted, list](std::string& value) -> std::string {
            for (const auto& a : accepted) {
                if (a == value) return "";
            }
            return shown(value) + " is not accepted (" + list + ")";
        },
        "{" + list + "}");
}

std::string check_output_file(const std::string& option, const std::string& path) {
    const std::string problem = reports::output_file_problem(path);
    if (problem.empty()) return "";
    return option + (path.empty() ? std::string() : " " + shown(path)) + " " + problem +
           " (accepted: a file in an existing, writable folder, a device or a FIFO)";
}

std::string prepare_output_dir(const std::string& option, const std::string& path) {
    if (path.empty()) return option + " is empty (accepted: a folder to write the report into)";
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return option + " " + shown(path) + " is not a folder and cannot be created" +
               (ec ? " (" + ec.message() + ")" : std::string()) + " (accepted: a writable folder, created when missing)";
    }
    if (const std::string why = reports::folder_write_problem(path); !why.empty()) {
        return option + " " + shown(path) + " is not writable (" + why + ") (accepted: a writable folder)";
    }
    return "";
}

int exit_code_for(const reports::Tally& t) {
    if (t.fail > 0) return kExitFail;
    if (t.error > 0) return kExitError;
    return kExitPass;
}

void print_case_detail(const suites::CaseRun& run, bool every_verdict) {
    const auto& r = run.result;
    const bool failed = r.verdict == reports::Verdict::Fail || r.verdict == reports::Verdict::Error;
    if (!failed && !(every_verdict && !r.detail.empty())) return;
    std::cout << "\n== " << reports::verdict_name(r.verdict) << ": " << r.id << " " << r.title << "\n"
              << "   " << (r.message.empty() ? std::string("conforming") : r.message) << "\n";
    if (!r.detail.empty()) std::cout << r.detail;
    else if (!run.reproduce.empty()) std::cout << "reproduce: " << run.reproduce << "\n";
}

std::vector<reports::CoverageRow> coverage_rows(const std::vector<model::CoverageItem>& items) {
    std::vector<reports::CoverageRow> rows;
    for (const auto& i : items) rows.push_back({i.machine, i.name, i.requirements, i.hits, i.unreachable_reason, i.sut_choice});
    return rows;
}
std::vector<model::CoverageItem> coverage_items(const std::vector<reports::CoverageRow>& rows) {
    std::vector<model::CoverageItem> items;
    for (const auto& r : rows) items.push_back({r.machine, r.name, r.requirements, r.hits, r.unreachable_reason, r.sut_choice});
    return items;
}

bool open_sniffed(const std::string& path, std::size_t bytes, SniffedInput& input) {
    const bool from_stdin = path == "-";
    input.name = from_stdin ? std::string("standard input") : shown(path);
    if (!from_stdin) {
        input.file.open(path, std::ios::binary);
        if (!input.file) return false;
    }
    input.in = from_stdin ? &std::cin : &input.file;
    input.head.assign(bytes, '\0');
    input.in->read(input.head.data(), static_cast<std::streamsize>(input.head.size()));
    input.head.resize(static_cast<std::size_t>(input.in->gcount()));
    return true;
}

}  // namespace ppp::cli
