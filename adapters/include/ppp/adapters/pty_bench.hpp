#pragma once
// A real PPP daemon on a pseudo-terminal (DESIGN.md section 4, issue 7). The harness holds the
// pty master; the daemon's runner (e.g. User-Mode Linux with pppd on ttyS1) inherits the slave.
// RFC 1662 octet-stuffed framing with ACCM both ways (wire::async_encode, wire::AsyncDeframer);
// the lab still sees synchronous frames on B1, so the lab and the oracle are unchanged. The
// environment's side is a reference PPP link of the server role (CHAP authenticator, CBCP
// answerer) built from the peer's IOS-style configuration, plus the lab's forged stimuli.
// Wall clock: time 0 is the daemon's first octet (the line comes up when the daemon opens it).
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"

namespace ppp::adapters {

// Writes the daemon's configuration for one case into `case_dir` (created, empty). Returns ""
// or one line naming the bad value (a usage error).
using PtyPrepare = std::function<std::string(const BenchSetup& setup, const std::filesystem::path& case_dir)>;

struct PtyBenchOptions {
    SutIdentity identity{"pty", ""};
    // argv of the daemon's runner, started in a process group of its own. "{tty_fd}" becomes the
    // inherited pty slave descriptor, "{case_dir}" the case directory. stdout and stderr go to
    // `console.log` in the case directory.
    std::vector<std::string> command;
    PtyPrepare prepare;
    // Checked before each start: "" or why the runner cannot work here (verdict error).
    std::function<std::string()> preflight;
    // Case directories (options, logs, pppd's record file) go under it and stay; "" = a fresh
    // temp dir, removed with the bench.
    std::filesystem::path work_dir;
    Millis first_octet_timeout{25000};    // boot, PEERS.md section 1 (2.6-3.2 s typical)
    Millis stop_timeout{8000};            // after a stop request, before SIGTERM to the group
    Millis settle{4000};                  // after a plan (the line stays up in real time)
    // The daemon's exit status, as the runner leaves it in `<case_dir>/<exit_file>`: a status
    // listed in `setup_errors` means the daemon never ran the protocol (options, kernel
    // support): verdict error with `describe_exit(status)` and the last line of `log_file`.
    std::string exit_file = "pppd-exit";
    std::string log_file = "pppd.log";
    std::vector<int> setup_errors;
    std::function<std::string(int status)> describe_exit;
    // Files of the case directory that hold secrets: removed when the session ends, so the
    // evidence a lab keeps never shows a password (DESIGN.md section 9).
    std::vector<std::string> secret_files;
};

std::unique_ptr<Bench> make_pty_bench(PtyBenchOptions options);

// pppd 2.4.9 in User-Mode Linux (PEERS.md sections 1, 2). The SUT's IOS-style configuration is
// translated: `username <peer> password P` -> `user <sut> password P`, `ip address A M` ->
// `A:`, `ppp callback request` -> `callback <sut number>` (pppd asks for CBCP, op 6). pppd
// authenticates itself only (`noauth`, profile pppd-2.4.9: one-way).
struct PppdOptions {
    std::filesystem::path uml_dir;        // init.sh lives here; "" = the repository's adapters/src/pty/uml
    std::string linux_uml = "linux.uml";
    std::vector<std::string> extra;       // --pppd-option: lines appended to the options file
    std::vector<std::string> without;     // --pppd-without: generated options left out, by name
    std::filesystem::path work_dir;
    std::filesystem::path modules_dir = "/usr/lib/uml/modules";
};

std::unique_ptr<Bench> make_pppd_bench(const PppdOptions& options);
PtyBenchOptions pppd_bench_options(const PppdOptions& options);
// The names of the options pppd_options_file generates, which --pppd-without may leave out.
const std::vector<std::string>& pppd_generated_option_names();
// pppd's options file for a case; "" in `error` or one line naming the bad configuration line.
std::string pppd_options_file(const BenchSetup& setup, const std::filesystem::path& case_dir,
                              const PppdOptions& options, std::string& error);
// "" when User-Mode Linux can run pppd here, else what is missing (for skips and `error`).
std::string pppd_uml_unavailable(const PppdOptions& options);
// pppd's exit statuses (pppd(8) EXIT STATUS) in words.
std::string pppd_exit_text(int status);

}  // namespace ppp::adapters
