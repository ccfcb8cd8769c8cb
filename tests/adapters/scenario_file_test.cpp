// `ppp-conform simulate`'s file layer: the scenario and the configurations it names are read with
// the limits of every user file (DESIGN.md section 9), and its one-line errors keep secrets out.
#include <gtest/gtest.h>

#include <string>

#include "ppp/adapters/scenario_file.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::adapters::simulate_scenario_file;
using ppp::test_tools::TempDir;
using ppp::test_tools::write_file;

const char* const kConfig =
    "username R2 password CCIE\n"
    "interface BRI0\n"
    " ip address 192.0.2.1 255.255.255.0\n"
    " encapsulation ppp\n"
    " dialer map ip 192.0.2.2 name R2 broadcast 5558888\n"
    " dialer-group 1\n"
    " ppp authentication chap\n"
    "dialer-list 1 protocol ip permit\n";

// Text as a Windows editor saves it: a byte-order mark and CRLF line ends.
std::string windows(const std::string& text) {
    std::string out = "\xEF\xBB\xBF";
    for (const char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

TEST(AdaptersScenarioFile, CrlfAndByteOrderMarkFilesRun) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ASSERT_TRUE(write_file(dir.file("r1.cfg"), windows(kConfig)));
    ASSERT_TRUE(write_file(dir.file("s.scn"), windows("router R1 number 5557777 config r1.cfg\n"
                                                      "at 1 show dialer R1\n"
                                                      "run until 2\n")));
    const auto out = simulate_scenario_file(dir.file("s.scn"));
    ASSERT_TRUE(out.ok) << out.error;
    EXPECT_NE(out.text.find("show dialer"), std::string::npos) << out.text;
}

TEST(AdaptersScenarioFile, ConfigurationDirectoryIsRefused) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ASSERT_TRUE(write_file(dir.file("s.scn"), "router R1 number 5557777 config .\nrun until 2\n"));
    const auto out = simulate_scenario_file(dir.file("s.scn"));
    ASSERT_FALSE(out.ok);
    EXPECT_NE(out.error.find("line 1: configuration " + dir.file(".") + " is a directory"), std::string::npos)
        << out.error;
}

TEST(AdaptersScenarioFile, ScenarioDeviceStopsAtTheSizeCap) {
    const auto out = simulate_scenario_file("/dev/zero");
    ASSERT_FALSE(out.ok);
    EXPECT_EQ(out.error.rfind("scenario /dev/zero is larger than 1024 KiB", 0), 0U) << out.error;
}

TEST(AdaptersScenarioFile, ConfigurationDeviceStopsAtTheSizeCap) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ASSERT_TRUE(write_file(dir.file("s.scn"), "router R1 number 5557777 config /dev/zero\nrun until 2\n"));
    const auto out = simulate_scenario_file(dir.file("s.scn"));
    ASSERT_FALSE(out.ok);
    EXPECT_NE(out.error.find("line 1: configuration /dev/zero is larger than 1024 KiB"), std::string::npos) << out.error;
}

TEST(AdaptersScenarioFile, FileThatIsNoConfigurationIsNotShown) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    ASSERT_TRUE(write_file(dir.file("passwd"), "root:x:0:0:root:/root:/bin/bash\n"));
    ASSERT_TRUE(write_file(dir.file("s.scn"), "router R1 number 5557777 config passwd\nrun until 2\n"));
    const auto out = simulate_scenario_file(dir.file("s.scn"));
    ASSERT_FALSE(out.ok);
    EXPECT_EQ(out.error.find("root:x"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("line 1: configuration 'passwd': line 1: "), std::string::npos) << out.error;
}

}  // namespace
