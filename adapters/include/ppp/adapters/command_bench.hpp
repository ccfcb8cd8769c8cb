#pragma once
// Any PPP daemon or stack on a pseudo-terminal (`--sut pty --command 'TEXT'`, DESIGN.md section 7):
// TEXT is run by /bin/sh in a process group of its own, with the pty's slave end open, once per
// case. It is expanded first; every placeholder becomes one shell word, quoted:
//   {tty}          the slave's path (/dev/pts/N), for a daemon that opens its line by name
//   {tty_fd}       the slave's descriptor number, inherited open
//   {case_dir}     the case's own directory (evidence stays there with --report-dir)
//   {secret_file}  a file in it holding the SUT's secret on one line, removed after the case
//   {exit_file}    where the command leaves the daemon's exit status (`pppd ...; echo $? > {exit_file}`)
//   {pixit:KEY}    a PIXIT value by its report key (client.name, client.callback, server.number, ...),
//                  from the plan's PIXIT: configuration intents edit it (client-no-callback sets
//                  client.callback to none), so a template that reads the key follows them
// The expanded script is the case directory's run.sh (evidence: what ran).
// A secret is never put on a command line: {pixit:client.secret} is refused, {secret_file} is
// what a daemon reads. The SUT's configuration is the user's business: the PIXIT says what it
// claims. The pppd preset (pty_bench.hpp) is one such command with its files prepared.
#include <filesystem>
#include <memory>
#include <string>

#include "ppp/adapters/pty_bench.hpp"
#include "ppp/pixit/pixit.hpp"

namespace ppp::adapters {

struct CommandOptions {
    std::string command;              // the template, as given on the command line
    pixit::Pixit parameters;          // for {pixit:KEY}
    std::filesystem::path work_dir;   // case directories; "" = a fresh temp dir
};

// The bench's options, or "" in `error` and one line naming the bad placeholder.
PtyBenchOptions command_bench_options(const CommandOptions& options, std::string& error);

}  // namespace ppp::adapters
