// `ppp-conform run` as a user runs it: the outputs a lab keeps (JUnit, HTML, Markdown) never
// contain a configuration password (DESIGN.md section 9), and shards merged give the verdicts of
// one unsharded run.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

#ifdef PPP_CONFORM_BIN
int run(const std::string& arguments) {
    const std::string command = std::string("'") + PPP_CONFORM_BIN + "' " + arguments + " > /dev/null 2>&1";
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

TEST_F(SuitesRunCommand, NoOutputContainsTheChapSecret) {
    // A failing campaign puts traces, configurations' effects and reproduce lines in every output.
    ASSERT_EQ(run("run --seed 3 --plans 20 --fault chap-wrong-hash-order --junit '" + dir_ + "/j.xml' --report-dir '" +
                  dir_ + "'"),
              1);
    for (const char* file : {"/j.xml", "/report.html", "/summary.md"}) {
        const std::string text = slurp(dir_ + file);
        ASSERT_FALSE(text.empty()) << file;
        EXPECT_EQ(text.find("CCIE"), std::string::npos) << file << " shows the CHAP secret";
        EXPECT_EQ(text.find("WRONG-SECRET"), std::string::npos) << file;
    }
}

TEST_F(SuitesRunCommand, MergedShardsEqualOneRun) {
    ASSERT_EQ(run("run --seed 5 --plans 10 --suite lcp --junit '" + dir_ + "/all.xml'"), 0);
    ASSERT_EQ(run("run --seed 5 --plans 10 --suite lcp --shard 0/2 --junit '" + dir_ + "/s0.xml'"), 0);
    ASSERT_EQ(run("run --seed 5 --plans 10 --suite lcp --shard 1/2 --junit '" + dir_ + "/s1.xml'"), 0);
    ASSERT_EQ(run("merge '" + dir_ + "/merged.xml' '" + dir_ + "/s0.xml' '" + dir_ + "/s1.xml'"), 0);
    const std::string all = slurp(dir_ + "/all.xml"), merged = slurp(dir_ + "/merged.xml");
    // Every testcase of the single run, with its verdict, is in the merged file.
    std::size_t cases = 0;
    for (std::size_t at = all.find("<testcase "); at != std::string::npos; at = all.find("<testcase ", at + 1)) {
        const std::size_t name = all.find("name=\"", at) + 6;
        const std::string id = all.substr(name, all.find(' ', name) - name);
        EXPECT_NE(merged.find("name=\"" + id + " "), std::string::npos) << id;
        ++cases;
    }
    EXPECT_GT(cases, 10U);
    EXPECT_EQ(std::count(merged.begin(), merged.end(), '<') > 0, true);
    EXPECT_NE(merged.find("tests=\"" + std::to_string(cases) + "\""), std::string::npos) << merged.substr(0, 400);
}

TEST_F(SuitesRunCommand, MergeOfAMissingFileNamesIt) {
    EXPECT_EQ(run("merge '" + dir_ + "/out.xml' '" + dir_ + "/missing.xml'"), 2);
}
#endif

}  // namespace
