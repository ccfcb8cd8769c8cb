// The pty bench without User-Mode Linux: pppd's options from the IOS-style configuration, and
// a runner that hangs, dies or sends garbage gives a failure with the reason and leaves no
// process behind (PEERS.md section 1, issue 7).
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "ppp/adapters/pty_bench.hpp"
#include "line_setup.hpp"
#include "tools/subprocess.hpp"

namespace ppp::adapters {
namespace {

using test_setup::client_setup;

TEST(AdaptersPppdOptions, TranslatesTheClientConfiguration) {
    std::string error;
    const std::string text = pppd_options_file(client_setup(), "/cases/1", PppdOptions{}, error);
    ASSERT_TRUE(error.empty()) << error;
    for (const char* line : {"/dev/ttyS1\n", "noauth\n", "user R2\n", "remotename R1\n",
                             "file /cases/1/secret-options\n", "callback 5558888\n", "192.0.2.2:\n",
                             "record /cases/1/pppd.record\n"}) {
        EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
    }
}

TEST(AdaptersPppdOptions, WithoutAndExtraOptionsChangeTheFile) {
    PppdOptions options;
    options.without = {"callback"};
    options.extra = {"password WRONG"};
    std::string error;
    const std::string text = pppd_options_file(client_setup(), "/c", options, error);
    ASSERT_TRUE(error.empty()) << error;
    EXPECT_EQ(text.find("callback"), std::string::npos);
    // pppd reads options in order: the later password wins over the secret file's.
    EXPECT_GT(text.find("password WRONG"), text.find("file /c/secret-options"));
    EXPECT_EQ(text.find("CCIE"), std::string::npos) << "the secret stays out of the options file";
}

TEST(AdaptersPppdOptions, BadConfigurationOrOptionIsNamed) {
    std::string error;
    BenchSetup bad = client_setup();
    bad.sut_config = "interface BRI0\n ip address 999.1.1.1 255.255.255.0\n";
    pppd_options_file(bad, "/c", PppdOptions{}, error);
    EXPECT_NE(error.find("SUT configuration"), std::string::npos) << error;
    PppdOptions options;
    options.extra = {"debug\nnodetach"};
    pppd_options_file(client_setup(), "/c", options, error);
    EXPECT_NE(error.find("--pppd-option"), std::string::npos) << error;
}

TEST(AdaptersPppdOptions, ExitStatusesInWords) {
    EXPECT_EQ(pppd_exit_text(14), "callback negotiated");
    EXPECT_EQ(pppd_exit_text(4), "no kernel support for PPP");
    EXPECT_EQ(pppd_exit_text(99), "unknown status");
}

// A bench whose "daemon" is a shell script; case directories under a test temp dir.
class AdaptersPtyBench : public ::testing::Test {
protected:
    test_setup::Attached bench(const std::string& script, Millis first_octet = Millis{1500}) {
        PtyBenchOptions o;
        o.identity = {"script", "test"};
        o.command = {"/bin/sh", "-c", script};
        o.work_dir = dir_.path();
        o.first_octet_timeout = first_octet;
        o.stop_timeout = Millis{300};
        o.setup_errors = {2};
        o.describe_exit = pppd_exit_text;
        return test_setup::Attached(make_pty_bench(o));
    }
    std::string case_file(const std::string& name) const {
        return test_tools::read_file(dir_.path() + "/case-1/" + name);
    }
    static bool alive(const std::string& pid_text) {
        const int pid = std::atoi(pid_text.c_str());
        return pid > 0 && ::kill(pid, 0) == 0;
    }
    test_tools::TempDir dir_;
};

TEST_F(AdaptersPtyBench, SilentDaemonIsAFailureAndLeavesNoProcess) {
    ASSERT_TRUE(dir_.ok());
    // The script and a child of it both hang; neither may survive release().
    auto b = bench("sleep 300 & echo $! > {case_dir}/child; echo $$ > {case_dir}/pid; sleep 300", Millis{700});
    ASSERT_EQ(b->reset(client_setup()), "");
    EXPECT_TRUE(b->run_until(Millis{1000}));
    EXPECT_NE(b->failure().find("no octet from the daemon within 700 ms"), std::string::npos) << b->failure();
    const std::string pid = case_file("pid"), child = case_file("child");
    EXPECT_TRUE(alive(pid));
    b->release();
    EXPECT_FALSE(alive(pid)) << "runner " << pid << " survived release()";
    EXPECT_FALSE(alive(child)) << "the runner's child " << child << " was orphaned";
}

TEST_F(AdaptersPtyBench, RunnerThatDiesAtOnceGivesItsStatus) {
    ASSERT_TRUE(dir_.ok());
    auto b = bench("echo 2 > {case_dir}/pppd-exit; echo 'bad option' > {case_dir}/pppd.log; exit 3");
    ASSERT_EQ(b->reset(client_setup()), "");
    b->run_until(Millis{1000});
    const std::string f = b->failure();
    EXPECT_NE(f.find("exited with status 3 before the daemon sent anything"), std::string::npos) << f;
    EXPECT_NE(f.find("status 2 (option error)"), std::string::npos) << f;
    EXPECT_NE(f.find("bad option"), std::string::npos) << f;
}

TEST_F(AdaptersPtyBench, GarbageReachesTheTapAsBadFramesWithoutCrash) {
    ASSERT_TRUE(dir_.ok());
    // Noise, a frame with a bad FCS, an aborted frame, then the daemon leaves with status 16.
    auto b = bench("printf 'noise\\176ABCDEF\\176\\175\\176' > /proc/self/fd/{tty_fd}; "
                   "sleep 0.3; echo 16 > {case_dir}/pppd-exit");
    ASSERT_EQ(b->reset(client_setup()), "");
    std::vector<PortMessage> seen;
    b->set_port_tap([&seen](PortMessage& m) {
        seen.push_back(m);
        return TapDecision{};
    });
    EXPECT_TRUE(b->run_until(Millis{2000}));
    EXPECT_EQ(b->failure(), "");
    std::size_t from_sut = 0;
    for (const auto& m : seen) from_sut += m.to_sut() ? 0U : 1U;
    EXPECT_EQ(from_sut, 1U);  // the bad-FCS frame; the aborted one is no frame (FR-08)
    // The line's terminal adapter called the environment's peer router, which answered and spoke
    // (its Configure-Request), octet-stuffed onto the line.
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](const PortMessage& m) { return m.to_sut(); }));
    // The one call in the network's history is that real one: from the SUT's number to the
    // peer's, connected (DESIGN.md section 7: the environment is the same for every attachment).
    const auto calls = b.environment->calls();
    ASSERT_EQ(calls.size(), 1U);
    EXPECT_EQ(calls[0].caller, "5558888");
    EXPECT_EQ(calls[0].callee, "5557777");
    EXPECT_TRUE(calls[0].connected_at.has_value());
    // The port carries neither call control nor LAN traffic.
    EXPECT_EQ(b->capabilities().call_control, ppp::adapters::Capabilities::CallControl::None);
    EXPECT_EQ(b->capabilities().channels, ppp::adapters::Capabilities::Channels::AsyncLine);
    EXPECT_FALSE(b->capabilities().lan_traffic);
    EXPECT_EQ(b->summary(), "script exited with status 16 (hangup)");
    b->release();
}

TEST_F(AdaptersPtyBench, BadPeerConfigurationIsAUsageError) {
    ASSERT_TRUE(dir_.ok());
    auto b = bench("exit 0");
    BenchSetup s = client_setup();
    s.peer_config = "interface BRI0\n ip address nonsense\n";
    EXPECT_NE(b->reset(s).find("peer configuration"), std::string::npos);
}

}  // namespace
}  // namespace ppp::adapters
