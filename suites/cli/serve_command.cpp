// `ppp-conform serve`: the reference's PPP side as a daemon on a tty (adapters/serve.hpp), a
// known-good SUT for the pty and serial attachments and a known-good peer for a user's equipment.
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "ppp/adapters/serve.hpp"

namespace ppp::cli {
namespace {

struct ServeArgs {
    std::string tty;
    int tty_fd = -1;
    std::string role = "client";
    std::string pixit;
    int callback_op = 0;
    bool one_way_auth = false;
    std::vector<std::string> faults;
    bool once = false;
    std::string exit_file;
    int settle_ms = 1000;
    bool trace = false;
};

int run_serve(const ServeArgs& args) {
    const std::string prefix = "ppp-conform serve: ";
    if (args.tty.empty() == (args.tty_fd < 0)) {
        std::cerr << prefix << "give one of --tty PATH or --tty-fd N (the line to serve on)\n";
        return kExitUsage;
    }
    adapters::ServeOptions o;
    o.tty = args.tty;
    o.tty_fd = args.tty_fd;
    o.client = args.role == "client";
    std::string error;
    if (!load_pixit_arg(args.pixit, "default", o.parameters, error)) {
        std::cerr << prefix << error << '\n';
        return kExitUsage;
    }
    o.callback_op = static_cast<std::uint8_t>(args.callback_op);
    o.one_way_auth = args.one_way_auth;
    o.faults = args.faults;
    o.once = args.once;
    o.exit_file = args.exit_file;
    o.settle = adapters::Millis{args.settle_ms};
    o.stop = [] { return g_interrupted != 0; };
    if (args.trace) o.trace = &std::cerr;
    if (const std::string problem = adapters::check_serve_options(o); !problem.empty()) {
        std::cerr << prefix << problem << '\n';
        return kExitUsage;
    }
    install_stop_signals();
    const int status = adapters::serve_line(o, error);
    if (!error.empty()) std::cerr << prefix << error << '\n';
    return status;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand(
        "serve", "Run the reference's PPP side as a daemon on a tty (RFC 1662 async): a known-good SUT or peer");
    auto* tty = cmd->add_option("--tty", args->tty, "The line: a terminal device path (a pty slave, a serial device)")
                    ->check(CLI::ExistingPath);
    cmd->add_option("--tty-fd", args->tty_fd, "The line: an inherited descriptor (e.g. a pty master)")
        ->check(CLI::Range(0, 1023))
        ->excludes(tty);
    cmd->add_option("--role", args->role, "Callback client (calls, asks for callback) or server")
        ->check(one_of({"client", "server"}))
        ->capture_default_str();
    cmd->add_option("--pixit", args->pixit,
                    "Names, numbers, addresses and this side's secret: a bundled PIXIT (default, pppd-uml) or a "
                    "JSON file");
    cmd->add_option("--callback-op", args->callback_op, "Client: callback operation asked for, 0 (Cisco) or 6 (CBCP)")
        ->check(one_of({"0", "6"}))
        ->capture_default_str();
    cmd->add_option("--fault", args->faults, "Switch a named fault on (repeatable; those that act on a PPP link)")
        ->check(one_of(adapters::serve_fault_names()));
    cmd->add_flag("--one-way-auth", args->one_way_auth,
                  "Authenticate to the peer only, never challenge it (pppd's noauth; IOS `callin` on a caller)");
    cmd->add_flag("--once", args->once, "Serve one session, then exit");
    cmd->add_option("--exit-file", args->exit_file, "Leave the exit status in this file when leaving");
    cmd->add_option("--settle", args->settle_ms, "Milliseconds a line that came up waits before LCP starts")
        ->check(CLI::Range(0, 60000))
        ->capture_default_str();
    cmd->add_flag("--trace", args->trace, "One line per frame each way on standard error");
    cmd->callback([args, &exit_code] { exit_code = run_serve(*args); });
}

}  // namespace ppp::cli
