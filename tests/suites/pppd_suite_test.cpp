// The pppd suite against pppd 2.4.9 in User-Mode Linux (issue 7, PEERS.md sections 1-3), run as
// a user runs it: every purpose passes with its verdict explained; a wrong CHAP secret or a
// missing `callback` fails the purposes one expects; what pppd sent (its `record` file, pppdump
// format) is cross-checked with tshark. Without User-Mode Linux the tests are skipped with the
// reason (failed under PPP_REQUIRE_TOOLS=1), and the harness gives verdict error, never pass.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include "ppp/adapters/pty_bench.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/suites/lab.hpp"
#include "tools/subprocess.hpp"

namespace {

#ifdef PPP_CONFORM_BIN
using ppp::test_tools::read_file;
using ppp::test_tools::RunResult;
using ppp::test_tools::TempDir;

RunResult conform(const TempDir& dir, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), PPP_CONFORM_BIN);
    return ppp::test_tools::run_process(arguments, dir);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// tshark reads every packet of pppd's record; it exits 2 when the file ends inside pppd's last
// record (pppd stops writing when the session ends), which is not a decoding failure.
bool decoded(const RunResult& r) {
    return r.exit_code == 0 || (r.exit_code == 2 && r.err.find("cut short") != std::string::npos);
}

// User-Mode Linux tests run in the ci preset only: they test pppd and the attachment's wall-clock
// path, which the reference daemon's tests (line_attachment_test.cpp) run under the sanitizers.
#if defined(__SANITIZE_ADDRESS__)
#define PPP_REQUIRE_UML() GTEST_SKIP() << "User-Mode Linux tests run in the ci preset, not under the sanitizers"
#else
#define PPP_REQUIRE_UML()                                                                           \
    do {                                                                                            \
        const std::string missing = ppp::adapters::pppd_uml_unavailable(ppp::adapters::PppdOptions{}); \
        PPP_REQUIRE_TOOL(missing.empty(), "User-Mode Linux cannot run pppd here: " + missing);      \
    } while (false)
#endif

// `check` judges the captures a run left in `dir`, and pppd's own logs beside them, as the run
// judged them (#16 item 2): a passing case's fail nothing, a failing case's fail a requirement the
// run names or show it inconc (scripts/check_cross.py --report).
void expect_check_agrees(const TempDir& dir, const std::string& report) {
    const RunResult cross = ppp::test_tools::run_process(
        {"/usr/bin/python3", std::string(PPP_SOURCE_DIR) + "/scripts/check_cross.py", PPP_CONFORM_BIN, "--report", report,
         "--check-args", "--pixit pppd-uml"},
        dir);
    EXPECT_EQ(cross.exit_code, 0) << cross.out << cross.err;
    EXPECT_EQ(cross.out.find("DISAGREE"), std::string::npos) << cross.out;
}

// The whole suite: one pass per purpose, each explained (the message says what pppd did), pppd's
// record files decoded by tshark agree with what the harness saw, and `check` judges each
// purpose's capture as the run did.
TEST(SuitesPppd, WholeSuitePassesAndTsharkAgreesWithPppdRecord) {
    PPP_REQUIRE_UML();
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = conform(dir, {"run", "--sut", "pppd", "--profile", "pppd-2.4.9", "--seed", "1", "--junit",
                                      dir.file("j.xml"), "--report-dir", dir.path()});
    ASSERT_TRUE(r.spawned) << r.spawn_error;
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string junit = read_file(dir.file("j.xml"));
    const std::size_t cases = count(junit, "<testcase ");
    EXPECT_GE(cases, 16U) << junit.substr(0, 600);
    EXPECT_EQ(count(junit, "<failure"), 0U) << r.out;
    EXPECT_EQ(count(junit, "<error"), 0U) << r.out;
    // Every verdict is explained: each case carries its notes (exit status, deviations).
    EXPECT_EQ(count(junit, "name=\"notes\""), cases) << junit.substr(0, 2000);
    EXPECT_NE(junit.find("pppd exited with status 14 (callback negotiated)"), std::string::npos);
    // The evidence a lab keeps shows no CHAP secret (DESIGN.md section 9).
    const RunResult grep = ppp::test_tools::run_process({"/bin/grep", "-rl", "CCIE", dir.path()}, dir);
    EXPECT_EQ(grep.out, "") << "files holding the CHAP secret";
    // The report's case directories hold no stray runner (every guest powered off).
    const RunResult pgrep = ppp::test_tools::run_process({"/usr/bin/pgrep", "-f", "PPP_CASE_DIR=" + dir.path()}, dir);
    EXPECT_EQ(pgrep.out, "") << "a linux.uml of this run is still alive";
    expect_check_agrees(dir, dir.path());

    // tshark reads pppd's own record of the first purpose (PEERS.md section 1: pppdump format).
    const auto tshark = ppp::test_tools::find_in_path("tshark");
    PPP_REQUIRE_TOOL(tshark.has_value(), "tshark is not installed");
    const std::string record = dir.path() + "/pppd/TP-PPPD-001-1/pppd.record";
    ASSERT_TRUE(std::filesystem::exists(record) && std::filesystem::file_size(record) > 0) << record;
    TempDir work;
    const RunResult lcp = ppp::test_tools::run_process(
        {*tshark, "-r", record, "-Y", "lcp && ppp.code == 1 && ppp.direction == 0", "-T", "fields", "-e",
         "lcp.opt.type", "-e", "lcp.opt.operation"},
        work);
    ASSERT_TRUE(decoded(lcp)) << lcp.err;
    // pppd's own Configure-Request (direction 0: sent by pppd) carries Callback op 6 (0d 03 06).
    EXPECT_NE(lcp.out.find("13"), std::string::npos) << lcp.out;
    EXPECT_NE(lcp.out.find("\t6"), std::string::npos) << lcp.out;
    const RunResult cbcp = ppp::test_tools::run_process(
        {*tshark, "-r", record, "-Y", "cbcp && ppp.direction == 0", "-T", "fields", "-e", "ppp.code", "-e",
         "cbcp.callback_delay", "-e", "cbcp.address"},
        work);
    ASSERT_TRUE(decoded(cbcp)) << cbcp.err;
    // The Response (code 2): delay 5, the number of `callback 5558888`.
    EXPECT_NE(cbcp.out.find("2\t5\t5558888"), std::string::npos) << cbcp.out;
    const RunResult chap = ppp::test_tools::run_process(
        {*tshark, "-r", record, "-Y", "chap.code == 2", "-T", "fields", "-e", "chap.name"}, work);
    EXPECT_NE(chap.out.find("R2"), std::string::npos) << chap.out << chap.err;
}

// A deliberately wrong pppd: the purposes that need its secret or its callback fail, and say why.
TEST(SuitesPppd, WrongSecretAndMissingCallbackFail) {
    PPP_REQUIRE_UML();
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    RunResult r = conform(dir, {"run", "--sut", "pppd", "--profile", "pppd-2.4.9", "--seed", "1", "--tp",
                                "TP-PPPD-001", "--pppd-option", "password WRONG-SECRET", "--junit", dir.file("a.xml"),
                                "--report-dir", dir.file("a")});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("CHAP"), std::string::npos) << r.out;
    expect_check_agrees(dir, dir.file("a"));
    r = conform(dir, {"run", "--sut", "pppd", "--profile", "pppd-2.4.9", "--seed", "1", "--tp", "TP-PPPD-001",
                      "--pppd-without", "callback", "--junit", dir.file("b.xml"), "--report-dir", dir.file("b")});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("CCB-01"), std::string::npos) << r.out;
    expect_check_agrees(dir, dir.file("b"));
}

// Issue #12 D11: a relative --report-dir (the guest mounts the case directory, so the harness
// must hand it an absolute path) gives a pass and leaves pppd's evidence under it.
TEST(SuitesPppd, RelativeReportDirKeepsTheEvidence) {
    PPP_REQUIRE_UML();
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = ppp::test_tools::run_process(
        {"/bin/sh", "-c", "cd \"$0\" && exec \"$1\" run --sut pppd --profile pppd-2.4.9 --seed 1 --tp TP-PPPD-001 "
                          "--report-dir rep",
         dir.path(), PPP_CONFORM_BIN},
        dir);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.find("cannot mount"), std::string::npos) << r.out;
    // The case's folder is named after its purpose, the set-up check's apart.
    EXPECT_TRUE(std::filesystem::exists(dir.file("rep/pppd/TP-PPPD-001-1/pppd.log"))) << "no pppd.log under " << dir.file("rep/pppd");
    EXPECT_TRUE(std::filesystem::exists(dir.file("rep/pppd/set-up-check-1"))) << dir.file("rep/pppd");
}

// Issue #14: the generic attachment `--sut pty --command TEMPLATE` runs pppd in User-Mode Linux
// as the preset does (examples/pty-command-pppd-uml.txt: the preset written as a command) and
// gets the same verdicts: every purpose passes, as WholeSuitePassesAndTsharkAgreesWithPppdRecord
// asserts for the preset. The secret file the bench writes is gone after each case.
TEST(SuitesPppd, GenericPtyCommandGetsThePresetsVerdicts) {
    PPP_REQUIRE_UML();
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::ifstream in(std::string(PPP_SOURCE_DIR) + "/examples/pty-command-pppd-uml.txt");
    std::string command;
    std::getline(in, command);
    ASSERT_FALSE(command.empty());
    const std::string init = std::string(PPP_SOURCE_DIR) + "/adapters/src/pty/uml/init.sh";
    ASSERT_EQ(::setenv("PPP_UML_INIT", init.c_str(), 1), 0);
    const RunResult r = conform(dir, {"run", "--sut", "pty", "--command", command, "--profile", "pppd-2.4.9", "--pixit",
                                      "pppd-uml", "--seed", "1", "--tp", "TP-PPPD-01*", "--report-dir", dir.file("rep")});
    ::unsetenv("PPP_UML_INIT");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("7 passed, 0 failed"), std::string::npos) << r.out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("rep"))) {
        EXPECT_NE(entry.path().filename(), "sut-secret") << entry.path();
        EXPECT_NE(entry.path().filename(), "secret-options") << entry.path();
    }
}

// DESIGN.md section 7: pppd on a pty has no LAN side and no call control. An ad-hoc plan asking
// for a ping and a busy network shows both as skipped with the reason, and nothing is invented.
TEST(SuitesPppd, IntentsThePtyCannotCarryAreSkippedWithTheReason) {
    PPP_REQUIRE_UML();
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = conform(dir, {"run", "--sut", "pppd", "--profile", "pppd-2.4.9", "--seed", "1", "--plan",
                                      "ping 5; net-busy; wait 5s"});
    EXPECT_NE(r.out.find("== pass: PLAN-CLIENT"), std::string::npos) << r.out << r.err;
    EXPECT_NE(r.out.find("has no LAN side to offer traffic at"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("has no call control"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("reproduce: ppp-conform run --plan 'ping 5; net-busy; wait 5s' --role client --seed 1 "
                         "--profile 'pppd-2.4.9' --sut pppd"),
              std::string::npos)
        << r.out;
}
#endif

// Issue #14: `--sut serial --device` on one side of a pty pair standing in for a serial device,
// pppd 2.4.9 in User-Mode Linux as the equipment on the other side (sessions one after another,
// PPP_SESSIONS=many, its options from the pppd-uml PIXIT as the preset writes them). Same
// verdicts as the preset: every purpose of the line suite passes.
TEST(SuitesPppd, SerialDeviceWithPppdAsTheEquipmentGetsThePresetsVerdicts) {
    PPP_REQUIRE_UML();
    TempDir dir, guest_dir;
    ASSERT_TRUE(dir.ok() && guest_dir.ok());
    ppp::suites::LabSetup setup;
    setup.parameters = *ppp::pixit::bundled_pixit("pppd-uml");
    setup.bench.sut_role = ppp::wire::CallbackRole::Client;
    ppp::suites::apply_parameters(setup);
    const std::filesystem::path equipment = guest_dir.file("equipment");
    std::filesystem::create_directories(equipment);
    const ppp::adapters::PtyBenchOptions preset = ppp::adapters::pppd_bench_options(ppp::adapters::PppdOptions{});
    ASSERT_EQ(preset.prepare(setup.bench, equipment), "");

    int master = -1, slave = -1;
    ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    const std::string device = ::ttyname(slave);
    // A serial line does not echo: the pty standing in for one is raw, also while the harness
    // has it closed between cases (it restores the settings it found).
    termios raw{};
    ASSERT_EQ(::tcgetattr(slave, &raw), 0);
    ::cfmakeraw(&raw);
    ASSERT_EQ(::tcsetattr(slave, TCSANOW, &raw), 0);
    ::close(slave);
    std::vector<std::string> argv;
    for (std::string word : preset.command) {
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"{tty_fd}", std::to_string(master)},
                                       {"{case_dir}", equipment.string()}}) {
            if (const auto at = word.find(from); at != std::string::npos) word.replace(at, from.size(), to);
        }
        argv.push_back(word);
    }
    argv.front() = "/usr/bin/timeout";
    argv.push_back("PPP_SESSIONS=many");
    const auto guest = ppp::test_tools::start_process(argv, guest_dir);  // inherits the master
    ::close(master);
    ASSERT_GT(guest.pid, 0) << guest.spawn_error;

    // The fixed plans: properties run plan after plan on one line, and a line that shows no
    // hang-up cannot guarantee the equipment starts each plan afresh (README, --sut serial).
    const RunResult r = conform(dir, {"run", "--sut", "serial", "--device", device, "--profile", "pppd-2.4.9",
                                      "--pixit", "pppd-uml", "--seed", "1", "--tp", "TP-PPPD-0*", "--junit",
                                      dir.file("j.xml")});
    std::ofstream(equipment / "stop").put('\n');
    const RunResult guest_end = ppp::test_tools::finish_process(guest, guest_dir);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err << read_file((equipment / "pppd.log").string());
    const std::string junit = read_file(dir.file("j.xml"));
    EXPECT_EQ(count(junit, "<testcase "), 16U) << junit.substr(0, 600);
    EXPECT_EQ(count(junit, "<failure"), 0U) << r.out;
    EXPECT_EQ(count(junit, "<error"), 0U) << r.out;
    // The equipment keeps its configuration: the purposes that reconfigure pppd
    // (client-no-callback) say so and are not passed; every other purpose passes, as with the
    // preset.
    EXPECT_NE(r.out.find("13 passed"), std::string::npos) << r.out;
    EXPECT_EQ(count(r.out, "\ninconc "), 3U) << r.out;
    // pppd ran one session per case, and the ones that negotiated callback ended with status 14.
    const std::string sessions = read_file((equipment / "pppd-sessions").string());
    EXPECT_NE(sessions.find(" 14\n"), std::string::npos) << sessions;
    EXPECT_EQ(guest_end.exit_code, 0) << guest_end.err;
}

// Where User-Mode Linux cannot start, the harness gives verdict error (exit 3), never pass.
TEST(SuitesPppd, NoUmlIsAnErrorVerdictNotAPass) {
#ifndef PPP_CONFORM_BIN
    GTEST_SKIP() << "ppp-conform is not built";
#else
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ASSERT_EQ(::setenv("PPP_UML_DIR", dir.file("no-such-runner").c_str(), 1), 0);
    const RunResult r = conform(dir, {"run", "--sut", "pppd", "--profile", "pppd-2.4.9", "--seed", "1", "--tp",
                                      "TP-PPPD-001", "--junit", dir.file("j.xml")});
    ::unsetenv("PPP_UML_DIR");
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    const std::string junit = read_file(dir.file("j.xml"));
    EXPECT_NE(junit.find("<error"), std::string::npos) << junit;
    EXPECT_EQ(junit.find("<failure"), std::string::npos) << junit;
#endif
}

}  // namespace
