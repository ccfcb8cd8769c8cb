// ppp-conform: the command line. A thin main: each subcommand lives in its own file and hands
// plain values to the suites library (cli.hpp). Exit codes (DESIGN.md section 9): 0 all pass,
// 1 some fail, 2 usage or configuration error, 3 harness or adapter error.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "ppp/wire/input_text.hpp"

namespace {

// The subcommand a parse error belongs to, for the message's prefix.
std::string command_of(const CLI::App& app) {
    for (const auto* sub : app.get_subcommands()) return "ppp-conform " + sub->get_name();
    return "ppp-conform";
}

// CLI11's messages on one line, values escaped (a terminal escape in an argument stays inert).
std::string one_line(const std::string& text) {
    // Values inside are already cut to 80 characters by the validators; this bounds the rest.
    std::string out = ppp::wire::quote_value(text, 300);
    // CLI11 writes "--sut: VALUE ..."; the house form is "--sut VALUE ...".
    if (out.rfind("--", 0) == 0) {
        const auto colon = out.find(": ");
        if (colon != std::string::npos && out.find(' ') > colon) out.erase(colon, 1);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    // A file-size limit (ulimit -f) makes writes fail with EFBIG, reported like a full disk,
    // instead of killing the process.
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App app{"ppp-conform: conformance harness for PPP Callback (RFC 1570, MS-CBCP) and "
                 "Cisco dial-on-demand routing over ISDN BRI"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("ppp-conform ") + ppp::cli::kHarnessVersion);
    int exit_code = ppp::cli::kExitPass;
    ppp::cli::add_decode_command(app, exit_code);
    ppp::cli::add_check_command(app, exit_code);
    ppp::cli::add_simulate_command(app, exit_code);
    ppp::cli::add_run_commands(app, exit_code);
    ppp::cli::add_merge_command(app, exit_code);
    ppp::cli::add_selftest_command(app, exit_code);
    ppp::cli::add_list_command(app, exit_code);
    ppp::cli::add_serve_command(app, exit_code);
    std::string commands;
    for (const auto* sub : app.get_subcommands({})) commands += (commands.empty() ? "" : ", ") + sub->get_name();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const std::string first = argc > 1 ? argv[1] : "";
        if (app.get_subcommands().empty() && !first.empty() && first[0] != '-') {
            std::cerr << "ppp-conform: " << ppp::cli::shown(first) << " is not a command (accepted: " << commands << ")\n";
        } else if (app.get_subcommands().empty() && first.empty()) {
            std::cerr << "ppp-conform: a command is required (accepted: " << commands << "; --help for more)\n";
        } else {
            std::cerr << command_of(app) << ": " << one_line(e.what()) << " (--help for more)\n";
        }
        return ppp::cli::kExitUsage;
    } catch (const std::bad_alloc&) {
        std::cerr << "ppp-conform: out of memory\n";
        return ppp::cli::kExitError;
    } catch (const std::exception& e) {
        std::cerr << "ppp-conform: internal error: " << one_line(e.what()) << '\n';
        return ppp::cli::kExitError;
    }
    // Output that never reached its file is an error even when every case passed (`list > /dev/full`).
    std::cout.flush();
    if (!std::cout) {
        if (!ppp::cli::TerminalOutput::failure_said()) std::cerr << command_of(app) << ": standard output cannot be written (" << std::strerror(errno) << ")\n";
        return exit_code == ppp::cli::kExitPass || exit_code == ppp::cli::kExitFail ? ppp::cli::kExitError : exit_code;
    }
    return exit_code;
}
