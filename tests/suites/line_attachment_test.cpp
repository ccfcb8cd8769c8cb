// The generic line attachments against the reference daemon (`ppp-conform serve`), as a user runs
// them, without User-Mode Linux (issue #14 item 4): `--sut pty --command` starts it per case on a
// pty; `--sut serial --device` talks to it on one side of a pty pair standing in for a serial
// device. The line suite's purposes pass against it; a named fault switched on in it is caught;
// intents a line cannot carry are skipped with the reason.
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/subprocess.hpp"

namespace {

#ifdef PPP_CONFORM_BIN
using ppp::test_tools::RunResult;
using ppp::test_tools::TempDir;

RunResult conform(const TempDir& dir, std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), PPP_CONFORM_BIN);
    return ppp::test_tools::run_process(arguments, dir);
}

// The reference client as a daemon, one session per case, asking for CBCP as pppd does. Runs use
// the pppd-uml PIXIT: the seed's names and secrets with a wall-clock SUT's wider tolerances (a CI
// machine runs other tests beside these).
std::string serve_template(const std::string& extra = "") {
    return std::string(PPP_CONFORM_BIN) + " serve --tty {tty} --callback-op 6 --one-way-auth --once --exit-file {exit_file}" + extra;
}

TEST(SuitesLineAttachment, ReferenceDaemonOnAPtyPassesTheLineSuite) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = conform(dir, {"run", "--sut", "pty", "--command", serve_template(), "--profile", "pppd-2.4.9",
                                      "--pixit", "pppd-uml",
                                      "--seed", "1", "--tp", "TP-PPPD-00?", "--junit", dir.file("j.xml")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("9 passed, 0 failed"), std::string::npos) << r.out;
}

TEST(SuitesLineAttachment, AFaultInTheDaemonIsCaughtThroughThePty) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = conform(dir, {"run", "--sut", "pty", "--command", serve_template(" --fault ack-wrong-identifier"),
                                      "--profile", "pppd-2.4.9", "--pixit", "pppd-uml", "--seed", "1", "--tp", "TP-PPPD-001"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("[LCP-05] expected Configure-Ack id=1 (the Request's Identifier), observed id=2"),
              std::string::npos)
        << r.out;
}

// Issue #14 item 5: property purposes against a wall-clock SUT: ten plans each by default, all
// passing against a conforming daemon. Seed 2 delays a Configure-Ack until the daemon retransmits
// its Request: the two cross on the line, and only the PIXIT's crossing window (crossing_ms) keeps
// that from being judged as LCP-04 in arrival order (ModelCrossingWindow holds the exact case).
TEST(SuitesLineAttachment, PropertiesRunTenPlansAgainstTheDaemonAndPass) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r = conform(dir, {"run", "--sut", "pty", "--command", serve_template(), "--profile", "pppd-2.4.9",
                                      "--pixit", "pppd-uml",
                                      "--seed", "2", "--tp", "TP-PPPD-P*", "--junit", dir.file("j.xml")});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("3 passed, 0 failed"), std::string::npos) << r.out;
    const std::string junit = ppp::test_tools::read_file(dir.file("j.xml"));
    EXPECT_NE(junit.find("name=\"plans\" value=\"10\""), std::string::npos) << junit.substr(0, 2000);
}

// A failure found against a wall-clock SUT is shrunk within a budget; past it the smallest
// failing plan so far is reported, and the report says it may not be minimal.
TEST(SuitesLineAttachment, ShrinkingAgainstAWallClockSutStopsAtItsBudget) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const RunResult r =
        conform(dir, {"run", "--sut", "pty", "--command", serve_template(" --fault ack-wrong-identifier"), "--profile",
                      "pppd-2.4.9", "--pixit", "pppd-uml", "--seed", "1", "--tp", "TP-PPPD-P01", "--plans", "3",
                      "--shrink-time-limit", "0"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("[LCP-05]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("shrinking stopped after its wall-clock budget of 0 s: the plan may not be minimal"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("reproduce: ppp-conform replay --tp TP-PPPD-P01 --seed 1 --profile 'pppd-2.4.9' --pixit "
                         "'pppd-uml' --sut pty --command '"),
              std::string::npos)
        << r.out;
}

// The daemon holds the pty master (the "equipment"); the harness opens the slave as its device.
class ServedPtyPair {
public:
    ServedPtyPair(const TempDir& dir, const std::vector<std::string>& serve_args) : dir_(dir) {
        int slave = -1;
        if (::openpty(&master_, &slave, nullptr, nullptr, nullptr) != 0) return;
        device_ = ::ttyname(slave);
        termios raw{};  // a serial line does not echo
        ::tcgetattr(slave, &raw);
        ::cfmakeraw(&raw);
        ::tcsetattr(slave, TCSANOW, &raw);
        ::close(slave);
        std::vector<std::string> argv{PPP_CONFORM_BIN, "serve", "--tty-fd", std::to_string(master_)};
        argv.insert(argv.end(), serve_args.begin(), serve_args.end());
        started_ = ppp::test_tools::start_process(argv, dir);  // inherits the master
        ::close(master_);
        master_ = -1;
    }
    ~ServedPtyPair() { stop(); }
    RunResult stop() {
        if (started_.pid <= 0 || stopped_) return {};
        stopped_ = true;
        ::kill(started_.pid, SIGTERM);
        return ppp::test_tools::finish_process(started_, dir_);
    }
    bool ok() const { return started_.pid > 0 && !device_.empty(); }
    const std::string& device() const { return device_; }

private:
    int master_ = -1;
    std::string device_;
    ppp::test_tools::Started started_;
    const TempDir& dir_;
    bool stopped_ = false;
};

// `run --sut serial` against the reference daemon (the CBCP client, as pppd) on a pty pair.
RunResult run_on_served_line(const TempDir& dir, std::vector<std::string> arguments, RunResult& served) {
    TempDir serve_dir;
    ServedPtyPair line(serve_dir, {"--callback-op", "6", "--one-way-auth"});
    if (!line.ok()) return {};
    arguments.insert(arguments.begin(), {"run", "--sut", "serial", "--device", line.device(), "--profile", "pppd-2.4.9",
                                         "--pixit", "pppd-uml",
                                         "--seed", "1"});
    const RunResult r = conform(dir, arguments);
    served = line.stop();
    return r;
}

TEST(SuitesLineAttachment, ReferenceDaemonOnASerialLinePassesTheLineSuite) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    RunResult served;
    const RunResult r = run_on_served_line(dir, {"--speed", "38400", "--tp", "TP-PPPD-001", "--report-dir", dir.file("rep")}, served);
    ASSERT_TRUE(r.spawned);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("1 passed, 0 failed"), std::string::npos) << r.out;
    // Evidence per case: the raw byte stream both ways, beside the pcap.
    std::size_t from_sut = 0, to_sut = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("rep/serial"))) {
        const std::string name = entry.path().filename().string();
        if (name == "line-from-sut.bin") from_sut += ppp::test_tools::read_file(entry.path().string()).size();
        if (name == "line-to-sut.bin") to_sut += ppp::test_tools::read_file(entry.path().string()).size();
    }
    EXPECT_GT(from_sut, 0U);
    EXPECT_GT(to_sut, 0U);
    EXPECT_FALSE(ppp::test_tools::read_file(dir.file("rep/TP-PPPD-001-b.pcap")).empty());
    EXPECT_EQ(served.exit_code, 0) << served.err;  // a stop signal ends serve cleanly
}

TEST(SuitesLineAttachment, IntentsASerialLineCannotCarryAreSkippedWithTheReason) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    RunResult served;
    const RunResult r = run_on_served_line(dir, {"--plan", "ping 5; net-busy; net-drop-line; show-dialer; wait 2s"}, served);
    EXPECT_NE(r.out.find("== pass: PLAN-CLIENT"), std::string::npos) << r.out << r.err;
    EXPECT_NE(r.out.find("has no LAN side to offer traffic at"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("has no call control"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cannot drop the line"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cannot read the SUT's show dialer"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--sut serial --device '/dev/pts/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("' --speed 115200 --flow none --line-start sut"), std::string::npos) << r.out;
}
#endif

}  // namespace
