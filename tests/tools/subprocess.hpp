#pragma once
// Running the independent decoders (tshark, scapy) from tests: posix_spawn with an argv vector
// (never a shell, so paths need no quoting), stdin/stdout/stderr redirected to files in a
// private mkdtemp directory that is removed afterwards.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

extern char** environ;

namespace ppp::test_tools {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                              "/ppp-conform-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
    }
    ~TempDir() {
        if (path_.empty()) return;
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !path_.empty(); }
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

struct RunResult {
    bool spawned = false;
    std::string spawn_error;  // why posix_spawn failed
    int exit_code = -1;       // -1 when killed by a signal
    std::string out;
    std::string err;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    return static_cast<bool>(out);
}

// A started child: wait for it with finish_process().
struct Started {
    pid_t pid = -1;
    std::string spawn_error;  // why posix_spawn failed (pid stays -1)
};

// Starts argv[0] (an absolute path) with argv; stdin from `stdin_path` (or /dev/null), stdout and
// stderr to files in `dir`. `env` edits the inherited environment: "NAME=VALUE" sets, "NAME"
// removes.
inline Started start_process(const std::vector<std::string>& argv, const TempDir& dir,
                             const std::string& stdin_path = "", const std::vector<std::string>& env = {}) {
    Started started;
    if (argv.empty()) {
        started.spawn_error = "empty argv";
        return started;
    }
    const std::string out_path = dir.file("stdout.txt");
    const std::string err_path = dir.file("stderr.txt");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(),
                                     O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    auto c_strings = [](const std::vector<std::string>& strings, std::vector<std::vector<char>>& storage) {
        storage.reserve(strings.size());
        std::vector<char*> out;
        for (const std::string& text : strings) {
            storage.emplace_back(text.begin(), text.end());
            storage.back().push_back('\0');
            out.push_back(storage.back().data());
        }
        out.push_back(nullptr);
        return out;
    };
    std::vector<std::string> environment;
    auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        bool edited = false;
        for (const std::string& change : env) edited = edited || name_of(change) == name_of(entry);
        if (!edited) environment.push_back(entry);
    }
    for (const std::string& change : env) {
        if (change.find('=') != std::string::npos) environment.push_back(change);
    }
    std::vector<std::vector<char>> arg_storage, env_storage;
    std::vector<char*> args = c_strings(argv, arg_storage);
    std::vector<char*> envp = c_strings(environment, env_storage);

    const int rc = posix_spawn(&started.pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        started.pid = -1;
        started.spawn_error = std::string("posix_spawn ") + argv[0] + ": " + std::strerror(rc);
    }
    return started;
}

// Waits for a child of start_process() and collects its exit code and output.
inline RunResult finish_process(const Started& started, const TempDir& dir) {
    RunResult result;
    if (started.pid < 0) {
        result.spawn_error = started.spawn_error;
        return result;
    }
    result.spawned = true;
    int status = 0;
    while (waitpid(started.pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.spawn_error = std::string("waitpid: ") + std::strerror(errno);
            return result;
        }
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(dir.file("stdout.txt"));
    result.err = read_file(dir.file("stderr.txt"));
    return result;
}

// Runs argv to completion (see start_process).
inline RunResult run_process(const std::vector<std::string>& argv, const TempDir& dir,
                             const std::string& stdin_path = "", const std::vector<std::string>& env = {}) {
    return finish_process(start_process(argv, dir, stdin_path, env), dir);
}

// First executable `name` on $PATH.
inline std::optional<std::string> find_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        const std::string candidate = dir + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

// CI sets PPP_REQUIRE_TOOLS=1: a missing decoder is then a failure, not a skip.
inline bool tools_required() {
    const char* value = std::getenv("PPP_REQUIRE_TOOLS");
    return value != nullptr && std::string(value) == "1";
}

}  // namespace ppp::test_tools

// Skips the test when an external tool is missing, or fails it under PPP_REQUIRE_TOOLS=1.
#define PPP_REQUIRE_TOOL(available, reason)                                               \
    do {                                                                                  \
        if (!(available)) {                                                               \
            if (::ppp::test_tools::tools_required()) {                                    \
                FAIL() << (reason) << " (PPP_REQUIRE_TOOLS=1 makes this a failure)";      \
            } else {                                                                      \
                GTEST_SKIP() << (reason);                                                 \
            }                                                                             \
        }                                                                                 \
    } while (false)
