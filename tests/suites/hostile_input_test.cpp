// Hostile inputs through the real `ppp-conform` binary (DESIGN.md section 9): every row of
// tests/hostile/*.json is one case: arguments, files, standard input and environment, then the
// exit code, a pattern for the message and what must never appear. Later work adds rows, not code.
//
// A row:
//   {"id": "D1-reproduce-empty", "args": ["replay", "--reproduce", ""],
//    "files": {"p.json": "text {dir}", "sub/f": "made with its folder", "big": {"repeat": "[", "times": 100000}, "d": {"dir": true},
//              "l": {"symlink": "{dir}/target"}, "bin": {"hex": "00ff"}},
//    "stdin": <content> | {"path": "/dev/zero"}, "env": ["NAME=VALUE", "NAME"],
//    "exit": 2, "stderr": "regex", "stdout": "regex", "absent": ["CCIE"],
//    "after": {"name": "absent" | "regular" | "directory" | "symlink" | "nonempty"},
//    "files_raw": [{"name": {"hex": "ff"}, "content": ...}], "stdout_to": "/dev/full",
//    "stderr_lines": 1, "no_temp_files": true, "address_space_mb": 400, "file_size_kb": 40,
//    "timeout_s": 60}
// Strings in args, env and contents may name {dir} (the case's own directory) and {src} (the
// source tree). Content objects also serve as one argument ({"repeat": "A", "times": 130000}).
// Every row with exit 2 must print exactly one line on stderr, at most 400 characters, with no raw
// control character (the README's limits: values echoed at most 80 characters, escaped).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ppp/wire/bytes.hpp"
#include "tools/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ppp::test_tools::TempDir;

struct Row {
    std::string file;
    json spec;
};

// How gtest names a row in its listings (instead of the struct's bytes).
void PrintTo(const Row& row, std::ostream* os) { *os << row.file << ": " << row.spec.at("id").get<std::string>(); }

std::vector<Row> load_rows() {
    std::vector<Row> rows;
    const fs::path dir = fs::path(PPP_SOURCE_DIR) / "tests" / "hostile";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path);
        const json doc = json::parse(in);  // a broken data file is our own bug: let it throw
        for (const auto& spec : doc.at("rows")) rows.push_back({path.filename().string(), spec});
    }
    return rows;
}

std::string substitute(std::string text, const std::string& dir) {
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"{dir}", dir}, {"{src}", PPP_SOURCE_DIR}}) {
        for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
            text.replace(at, key.size(), value);
        }
    }
    return text;
}

// A content value: a string (placeholders substituted), {"repeat","times","prefix","suffix"}, {"hex"}.
std::string content_of(const json& value, const std::string& dir) {
    if (value.is_string()) return substitute(value.get<std::string>(), dir);
    if (value.contains("hex")) {
        const auto bytes = ppp::wire::from_hex(value.at("hex").get<std::string>());
        return substitute(value.value("prefix", ""), dir) + std::string(bytes.value().begin(), bytes.value().end()) +
               substitute(value.value("suffix", ""), dir);
    }
    std::string out = substitute(value.value("prefix", ""), dir);
    const std::string unit = value.at("repeat").get<std::string>();
    const auto times = value.at("times").get<std::size_t>();
    out.reserve(out.size() + unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out + substitute(value.value("suffix", ""), dir);
}

void make_file(const std::string& path, const json& value, const std::string& dir) {
    fs::create_directories(fs::path(path).parent_path());  // "r0/report-data.jsonl" makes r0
    if (value.is_object() && value.value("dir", false)) {
        fs::create_directories(path);
    } else if (value.is_object() && value.contains("symlink")) {
        fs::create_symlink(substitute(value.at("symlink").get<std::string>(), dir), path);
    } else if (value.is_object() && value.value("fifo", false)) {
        ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    } else {
        ASSERT_TRUE(ppp::test_tools::write_file(path, content_of(value, dir)));
        if (value.is_object() && value.value("read_only", false)) ::chmod(path.c_str(), 0400);
    }
}

bool has_raw_control(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\n') || u == 0x7F;
    });
}

std::vector<std::string> temp_files_in(const std::string& dir) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        // OutputFile's temporaries are `.NAME.XXXXXX`, spools `.ppp-conform-spool.XXXXXX`.
        if (name.find(".tmp") != std::string::npos || name.find(".spool") != std::string::npos ||
            (name.size() > 1 && name[0] == '.')) {
            found.push_back(name);
        }
    }
    return found;
}

class HostileInput : public ::testing::TestWithParam<Row> {};

TEST_P(HostileInput, GetsItsExitCodeAndOneClearLine) {
#ifndef PPP_CONFORM_BIN
    GTEST_SKIP() << "ppp-conform is not built in this configuration";
#else
    const json& spec = GetParam().spec;
    const std::string id = spec.at("id").get<std::string>();
    SCOPED_TRACE(GetParam().file + ": " + id);
#if defined(__SANITIZE_ADDRESS__)
    if (spec.contains("address_space_mb")) GTEST_SKIP() << "an address-space limit and ASan's shadow memory exclude each other";
#endif
    TempDir tmp;
    ASSERT_TRUE(tmp.ok());
    const std::string dir = tmp.file("case");
    fs::create_directories(dir);
    // Named, not temporary: items() refers to the object, which must outlive the loop.
    const json files = spec.value("files", json::object());
    for (const auto& [name, value] : files.items()) {
        make_file(dir + "/" + name, value, dir);
    }
    // Files whose names are not UTF-8 (JSON keys must be): {"name": <content>, "content": <content>}.
    const json files_raw = spec.value("files_raw", json::array());
    for (const auto& raw : files_raw) {
        make_file(dir + "/" + content_of(raw.at("name"), dir), raw.at("content"), dir);
    }
    std::vector<std::string> argv{PPP_CONFORM_BIN};
    for (const auto& arg : spec.at("args")) argv.push_back(content_of(arg, dir));
    if (spec.contains("stdout_to")) {
        // Standard output to a device such as /dev/full, where every write fails.
        argv.insert(argv.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" > " + spec.at("stdout_to").get<std::string>()});
    }
    if (spec.contains("address_space_mb")) {
        // ulimit -v in a shell that then becomes ppp-conform: bad_alloc must give exit 3, not abort.
        argv.insert(argv.begin(), {"/bin/sh", "-c",
                                   "ulimit -v " + std::to_string(spec.at("address_space_mb").get<int>() * 1024) +
                                       " && exec \"$0\" \"$@\""});
    }
    if (spec.contains("file_size_kb")) {
        // ulimit -f: a write past the limit fails (EFBIG), as on a full disk, without filling one.
        argv.insert(argv.begin(), {"/bin/sh", "-c",
                                   "ulimit -f " + std::to_string(spec.at("file_size_kb").get<int>()) +
                                       " && exec \"$0\" \"$@\""});
    }
    std::string stdin_path;
    if (spec.contains("stdin")) {
        const json& in = spec.at("stdin");
        if (in.is_object() && in.contains("path")) {
            stdin_path = substitute(in.at("path").get<std::string>(), dir);
        } else {
            stdin_path = tmp.file("stdin");
            ASSERT_TRUE(ppp::test_tools::write_file(stdin_path, content_of(in, dir)));
        }
    }
    std::vector<std::string> env{"GTEST_SHARD_INDEX", "GTEST_TOTAL_SHARDS"};
    const json env_changes = spec.value("env", json::array());
    for (const auto& e : env_changes) env.push_back(substitute(e.get<std::string>(), dir));

    const auto started = ppp::test_tools::start_process(argv, tmp, stdin_path, env);
    ASSERT_GT(started.pid, 0) << started.spawn_error;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(spec.value("timeout_s", 60));
    int status = 0;
    while (::waitpid(started.pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(started.pid, SIGKILL);
            ::waitpid(started.pid, &status, 0);
            FAIL() << "still running after " << spec.value("timeout_s", 60) << " s";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status) << "\nstderr: "
                                   << ppp::test_tools::read_file(tmp.file("stderr.txt"));
    const std::string out = ppp::test_tools::read_file(tmp.file("stdout.txt"));
    const std::string err = ppp::test_tools::read_file(tmp.file("stderr.txt"));
    const int expected = spec.at("exit").get<int>();
    EXPECT_EQ(WEXITSTATUS(status), expected) << "stderr: " << err.substr(0, 2000) << "\nstdout: " << out.substr(0, 2000);

    if (spec.contains("stderr")) {
        EXPECT_TRUE(std::regex_search(err, std::regex(spec.at("stderr").get<std::string>())))
            << "stderr does not match /" << spec.at("stderr").get<std::string>() << "/: " << err.substr(0, 2000);
    }
    if (spec.contains("stdout")) {
        EXPECT_TRUE(std::regex_search(out, std::regex(spec.at("stdout").get<std::string>())))
            << "stdout does not match /" << spec.at("stdout").get<std::string>() << "/: " << out.substr(0, 2000);
    }
    if (spec.contains("stderr_lines")) {
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), spec.at("stderr_lines").get<long>()) << err.substr(0, 2000);
    }
    if (expected == 2) {
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "not one line: " << err.substr(0, 2000);
        EXPECT_LE(err.size(), 400U) << err.substr(0, 2000);
        EXPECT_FALSE(has_raw_control(err)) << err.substr(0, 2000);
    }
    const json absent = spec.value("absent", json::array());
    for (const auto& secret : absent) {
        const std::string s = secret.get<std::string>();
        EXPECT_EQ(out.find(s), std::string::npos) << "stdout shows " << s;
        EXPECT_EQ(err.find(s), std::string::npos) << "stderr shows " << s;
    }
    const json after = spec.value("after", json::object());
    for (const auto& [name, what] : after.items()) {
        const std::string path = dir + "/" + name;
        const std::string want = what.get<std::string>();
        struct stat st {};
        const bool exists = ::lstat(path.c_str(), &st) == 0;
        if (want == "absent") EXPECT_FALSE(exists) << name;
        else if (want == "regular") EXPECT_TRUE(exists && S_ISREG(st.st_mode)) << name;
        else if (want == "nonempty") EXPECT_TRUE(exists && S_ISREG(st.st_mode) && st.st_size > 0) << name;
        else if (want == "directory") EXPECT_TRUE(exists && S_ISDIR(st.st_mode)) << name;
        else if (want == "symlink") EXPECT_TRUE(exists && S_ISLNK(st.st_mode)) << name;
        else ADD_FAILURE() << "unknown 'after' check " << want;
    }
    if (spec.value("no_temp_files", true)) {
        const auto left = temp_files_in(dir);
        EXPECT_TRUE(left.empty()) << "temporary file left: " << left.front();
    }
#endif
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
    std::string name = info.param.spec.at("id").get<std::string>();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Rows, HostileInput, ::testing::ValuesIn(load_rows()), row_name);

}  // namespace
