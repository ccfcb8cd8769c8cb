// ppp-conform: the command line. A thin main: each subcommand lives in its own file and hands
// plain values to the suites library (cli.hpp). Exit codes (DESIGN.md section 9): 0 all pass,
// 1 some fail, 2 usage or configuration error, 3 harness or adapter error.
#include <CLI/CLI.hpp>

#include "cli.hpp"

int main(int argc, char** argv) {
    CLI::App app{"ppp-conform: conformance harness for PPP Callback (RFC 1570, MS-CBCP) and "
                 "Cisco dial-on-demand routing over ISDN BRI"};
    app.require_subcommand(1);
    int exit_code = ppp::cli::kExitPass;
    ppp::cli::add_decode_command(app, exit_code);
    ppp::cli::add_simulate_command(app, exit_code);
    ppp::cli::add_run_commands(app, exit_code);
    ppp::cli::add_merge_command(app, exit_code);
    ppp::cli::add_selftest_command(app, exit_code);
    ppp::cli::add_list_command(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);  // prints the one-line reason and the usage
        return ppp::cli::kExitUsage;
    }
    return exit_code;
}
