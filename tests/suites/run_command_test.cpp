// `ppp-conform run` as a user runs it: a failing case's pcap evidence decodes, a missing merge
// input is named. Secrets, sharding, SIGINT and the rendered report: campaign_outputs_test.cpp.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "ppp/adapters/capture_file.hpp"

namespace {

#ifdef PPP_CONFORM_BIN
int run(const std::string& arguments) {
    // The test process's own sharding variables must not split the campaign.
    const std::string command = std::string("env -u GTEST_SHARD_INDEX -u GTEST_TOTAL_SHARDS '") + PPP_CONFORM_BIN +
                                "' " + arguments + " > /dev/null 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class SuitesRunCommand : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/ppp-conform-run-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
    std::string dir_;
};

TEST_F(SuitesRunCommand, FailingCaseLeavesPcapEvidenceBothChannels) {
    ASSERT_EQ(run("run --seed 3 --tp TP-CB-SRV-009 --fault callback-option-on-return-call --junit '" + dir_ +
                  "/j.xml' --report-dir '" + dir_ + "'"),
              1);
    std::string error;
    auto b = ppp::adapters::PcapReader::open(dir_ + "/TP-CB-SRV-009-b.pcap", error);
    ASSERT_TRUE(b) << error;
    EXPECT_EQ(b->linktype(), 204);
    std::size_t frames = 0, sent_by_sut = 0;
    while (auto p = b->next()) {
        ++frames;
        ASSERT_GE(p->data.size(), 5U);
        if (p->data[0] == 1) ++sent_by_sut;
        EXPECT_EQ(p->data[1], 0xFF);  // Address, then Control 03 (LCP is never compressed here)
    }
    EXPECT_GT(frames, 10U);
    EXPECT_GT(sent_by_sut, 0U);
    auto d = ppp::adapters::PcapReader::open(dir_ + "/TP-CB-SRV-009-d.pcap", error);
    ASSERT_TRUE(d) << error;
    EXPECT_EQ(d->linktype(), 203);
    std::size_t messages = 0;
    while (auto p = d->next()) {
        ++messages;
        ASSERT_GT(p->data.size(), 4U);
        EXPECT_EQ(p->data[4], 0x08);  // Q.931 protocol discriminator after the LAPD header
    }
    EXPECT_GT(messages, 4U);
    EXPECT_NE(slurp(dir_ + "/j.xml").find("TP-CB-SRV-009-b.pcap"), std::string::npos);

    // An independent decoder reads the evidence (PEERS.md section 3).
    if (std::system("command -v tshark > /dev/null 2>&1") != 0) {
        if (std::getenv("PPP_REQUIRE_TOOLS") != nullptr) FAIL() << "tshark is required (PPP_REQUIRE_TOOLS=1)";
        GTEST_SKIP() << "tshark not installed";
    }
    const std::string out = dir_ + "/tshark.txt";
    ASSERT_EQ(std::system(("tshark -r '" + dir_ + "/TP-CB-SRV-009-b.pcap' -Y 'lcp.opt.type == 13' -T fields -e ppp.direction > '" +
                           out + "' 2>/dev/null").c_str()),
              0);
    EXPECT_FALSE(slurp(out).empty()) << "tshark found no Callback option in the evidence";
    ASSERT_EQ(std::system(("tshark -r '" + dir_ + "/TP-CB-SRV-009-d.pcap' -Y 'q931.message_type == 0x05' -T fields -e q931.called_party_number.digits > '" +
                           out + "' 2>/dev/null").c_str()),
              0);
    EXPECT_NE(slurp(out).find("5558888"), std::string::npos) << slurp(out);
}

TEST_F(SuitesRunCommand, MergeOfAMissingFileNamesIt) {
    EXPECT_EQ(run("merge '" + dir_ + "/out.xml' '" + dir_ + "/missing.xml'"), 2);
}
#endif

}  // namespace
