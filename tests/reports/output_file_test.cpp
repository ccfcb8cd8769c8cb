// Result files (issue #12 D8, D9): a regular file is replaced whole through a unique temporary, a
// symlink stays a link, a device or FIFO is written in place, a folder is refused, and nothing is
// left behind when a file is abandoned.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "ppp/reports/junit_stream.hpp"
#include "ppp/reports/output_file.hpp"
#include "reports/sample_results.hpp"
#include "tools/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ppp::reports::OutputFile;
using ppp::reports::output_file_problem;
using ppp::test_tools::read_file;
using ppp::test_tools::TempDir;
using ppp::test_tools::write_file;

std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(ReportsOutputFile, ARegularFileIsReplacedWholeAndKeepsItsMode) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("junit.xml");
    ASSERT_TRUE(write_file(path, "old"));
    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    OutputFile out;
    ASSERT_TRUE(out.open(path)) << out.error();
    EXPECT_FALSE(out.in_place());
    ASSERT_TRUE(out.write("new "));
    EXPECT_EQ(read_file(path), "old");  // a reader sees the old file until commit
    EXPECT_EQ(names_in(dir.path()).size(), 2U);  // and the temporary beside it
    ASSERT_TRUE(out.write("content"));
    ASSERT_TRUE(out.commit()) << out.error();
    EXPECT_EQ(read_file(path), "new content");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"junit.xml"});
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640U);
}

TEST(ReportsOutputFile, ASymlinkStaysALinkAndItsTargetIsReplaced) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    fs::create_directory(dir.file("real"));
    const std::string target = dir.file("real/junit.xml");
    ASSERT_TRUE(write_file(target, "old"));
    const std::string link = dir.file("latest.xml");
    fs::create_symlink("real/junit.xml", link);  // relative, as users make them
    OutputFile out;
    ASSERT_TRUE(out.open(link)) << out.error();
    ASSERT_TRUE(out.write("new"));
    ASSERT_TRUE(out.commit()) << out.error();
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(read_file(target), "new");
    EXPECT_EQ(names_in(dir.file("real")), std::vector<std::string>{"junit.xml"});

    // A dangling link: the file it names is created, the link kept.
    const std::string dangling = dir.file("next.xml");
    fs::create_symlink("real/next.xml", dangling);
    OutputFile second;
    ASSERT_TRUE(second.open(dangling)) << second.error();
    ASSERT_TRUE(second.write("x") && second.commit()) << second.error();
    EXPECT_TRUE(fs::is_symlink(dangling));
    EXPECT_EQ(read_file(dir.file("real/next.xml")), "x");
}

TEST(ReportsOutputFile, ADeviceIsWrittenInPlaceAndStaysADevice) {
    OutputFile out;
    ASSERT_TRUE(out.open("/dev/null")) << out.error();
    EXPECT_TRUE(out.in_place());
    ASSERT_TRUE(out.write("discarded"));
    ASSERT_TRUE(out.commit()) << out.error();
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));

    // A full device: the failure is the commit's, naming the path.
    OutputFile full;
    ASSERT_TRUE(full.open("/dev/full")) << full.error();
    full.write(std::string(1 << 16, 'x'));
    EXPECT_FALSE(full.commit());
    EXPECT_EQ(full.error().rfind("/dev/full: write: No space left on device", 0), 0U) << full.error();
}

TEST(ReportsOutputFile, AFifoIsStreamedToItsReader) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string fifo = dir.file("collector");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] {
        std::ifstream in(fifo, std::ios::binary);
        received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    });
    OutputFile out;
    const bool opened = out.open(fifo);
    const bool written = opened && out.write("<testsuites/>") && out.commit();
    reader.join();
    ASSERT_TRUE(written) << out.error();
    EXPECT_EQ(received, "<testsuites/>");
    EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
}

TEST(ReportsOutputFile, AFolderOrAMissingFolderIsRefused) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ(output_file_problem(dir.path()), "is a folder");
    EXPECT_EQ(output_file_problem(dir.file("missing/junit.xml")), "is in a folder that does not exist");
    EXPECT_EQ(output_file_problem(""), "is empty");
    EXPECT_EQ(output_file_problem(dir.file("junit.xml")), "");
    EXPECT_EQ(output_file_problem("/dev/null"), "");
    OutputFile out;
    EXPECT_FALSE(out.open(dir.path()));
    EXPECT_NE(out.error().find("Is a directory"), std::string::npos) << out.error();
    fs::create_symlink("loop", dir.file("loop"));
    EXPECT_EQ(output_file_problem(dir.file("loop")), "cannot be resolved (Too many levels of symbolic links)");
}

TEST(ReportsOutputFile, AnAbandonedFileLeavesTheTargetAndNoTemporary) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("report.html");
    ASSERT_TRUE(write_file(path, "previous run"));
    {
        OutputFile out;
        ASSERT_TRUE(out.open(path));
        ASSERT_TRUE(out.write("half of a report"));
    }  // destroyed before commit: an error path
    EXPECT_EQ(read_file(path), "previous run");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"report.html"});

    OutputFile pending;
    ASSERT_TRUE(pending.open(dir.file("junit.xml")));
    EXPECT_EQ(names_in(dir.path()).size(), 2U);
    ppp::reports::remove_pending_temporaries();  // what the second signal's handler does
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"report.html"});
}

TEST(ReportsOutputFile, TwoWritersOfOnePathNeverShareATemporary) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("junit.xml");
    OutputFile first, second;
    ASSERT_TRUE(first.open(path));
    ASSERT_TRUE(second.open(path));
    ASSERT_TRUE(first.write("first run"));
    ASSERT_TRUE(second.write("second run"));
    ASSERT_TRUE(first.commit()) << first.error();
    EXPECT_EQ(read_file(path), "first run");
    ASSERT_TRUE(second.commit()) << second.error();
    EXPECT_EQ(read_file(path), "second run");  // whole, never interleaved
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"junit.xml"});
}

TEST(ReportsOutputFile, JUnitToADeviceIsWrittenOnceAtClose) {
    ppp::reports::JUnitStream stream(ppp::reports::FlushPolicy{0.0});
    ASSERT_TRUE(stream.open("/dev/null", {})) << stream.error();
    for (const auto& c : ppp::reports_test::sample()) ASSERT_TRUE(stream.add(c, 0.0)) << stream.error();
    ASSERT_TRUE(stream.close()) << stream.error();
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));

    ppp::reports::JUnitStream full;
    ASSERT_TRUE(full.open("/dev/full", {})) << full.error();
    for (const auto& c : ppp::reports_test::sample()) ASSERT_TRUE(full.add(c, 0.0));
    EXPECT_FALSE(full.close());
    EXPECT_NE(full.error().find("/dev/full"), std::string::npos) << full.error();
}

}  // namespace
