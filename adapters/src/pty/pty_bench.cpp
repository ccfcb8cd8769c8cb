// The pty bench: a PPP daemon's runner in its own process group on a pseudo-terminal, as the far
// end of a line bench (line_bench.hpp).
// Start-up and clean-up follow PEERS.md section 1: the master is opened and read before the
// runner starts, the runner gets the slave by descriptor, a stop file ends the session, SIGTERM
// then SIGKILL go to the whole process group (never to one process: no orphans), and the master
// is closed last.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>

#include "line_bench.hpp"
#include "ppp/adapters/pty_bench.hpp"

extern char** environ;

namespace ppp::adapters {
namespace {

using Clock = std::chrono::steady_clock;
// How long a daemon whose line closed gets to leave its exit status (the verdict depends on it).
constexpr Millis kExitAfterLineClosed{1000};
namespace fs = std::filesystem;

std::string last_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line, last;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    }
    return last;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// The daemon's runner: posix_spawn in a new process group, the pty slave inherited.
class Runner {
public:
    ~Runner() { stop(Millis{0}); }

    // Opens the pty and starts `argv`; "" or why not.
    std::string start(const std::vector<std::string>& argv_template, const fs::path& case_dir) {
        int master = -1, slave = -1;
        if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
            return std::string("openpty failed: ") + std::strerror(errno);
        }
        termios raw{};
        if (::tcgetattr(slave, &raw) == 0) {
            ::cfmakeraw(&raw);
            ::tcsetattr(slave, TCSANOW, &raw);
        }
        exited_ = false;
        status_ = 0;
        ::fcntl(master, F_SETFD, FD_CLOEXEC);
        ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
        master_ = master;
        const char* slave_name = ::ptsname(master);
        std::vector<std::string> args;
        for (const auto& a : argv_template) {
            std::string arg = replace_all(replace_all(a, "{tty_fd}", std::to_string(slave)), "{case_dir}", case_dir.string());
            args.push_back(replace_all(arg, "{tty}", slave_name != nullptr ? slave_name : ""));
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        const std::string console = (case_dir / "console.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, console.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        posix_spawnattr_init(&attr);
        posix_spawnattr_setpgroup(&attr, 0);  // its own group: one signal reaches every helper
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGTERM);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
        pid_t pid = -1;
        const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        ::close(slave);  // the runner holds it now; the master sees EIO once every holder is gone
        if (rc != 0) {
            close_master();
            return "cannot start `" + args.front() + "`: " + std::strerror(rc);
        }
        pid_ = pid;
        return "";
    }

    int master() const { return master_; }
    bool running() const { return pid_ > 0 && !exited_; }
    bool started() const { return pid_ > 0; }
    std::optional<int> runner_status() const { return exited_ ? std::optional<int>(status_) : std::nullopt; }

    // Reaps the runner if it has exited (never blocks).
    void poll_exit() {
        if (pid_ <= 0 || exited_) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
    }

    // Ends the runner: waits `grace` for it to leave by itself (after a stop request), then
    // SIGTERM to the group (timeout and linux.uml power the guest off), then SIGKILL to the
    // group; waits until no member of the group is left; closes the master last.
    void stop(Millis grace) {
        if (pid_ > 0) {
            wait_exit(grace);
            if (!exited_) {
                ::kill(-pid_, SIGTERM);
                wait_exit(Millis{3000});
            }
            if (!exited_) {
                ::kill(-pid_, SIGKILL);
                wait_exit(Millis{3000});
            }
            // Helpers of the runner (UML's) may outlive it for a moment: the group must empty.
            const auto deadline = Clock::now() + std::chrono::seconds(3);
            while (::kill(-pid_, 0) == 0 && Clock::now() < deadline) {
                ::kill(-pid_, SIGKILL);
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            pid_ = -1;
        }
        close_master();
    }

    // Reaps the runner once it exits, waiting at most `limit`.
    void wait_exit(Millis limit) {
        const auto deadline = Clock::now() + limit;
        while (true) {
            poll_exit();
            if (exited_ || Clock::now() >= deadline) return;
            drain();  // a writer blocked on a full pty would never exit
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

private:
    void drain() {
        if (master_ < 0) return;
        std::uint8_t buffer[4096];
        while (::read(master_, buffer, sizeof buffer) > 0) {
        }
    }
    void close_master() {
        if (master_ >= 0) ::close(master_);
        master_ = -1;
    }

    pid_t pid_ = -1;
    int master_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

// The far end of a pty: the daemon's runner, started per case with the slave inherited.
class SpawnedEndpoint final : public LineEndpoint {
public:
    explicit SpawnedEndpoint(PtyBenchOptions options) : options_(std::move(options)) {}

    std::string prepare(const BenchSetup& setup, const fs::path& case_dir) override {
        case_dir_ = case_dir;
        if (options_.command.empty()) return "pty bench: the daemon's command is empty";
        if (options_.prepare) return options_.prepare(setup, case_dir);
        return "";
    }
    std::string open() override {
        if (options_.preflight) {
            if (auto missing = options_.preflight(); !missing.empty()) {
                return options_.identity.name + " cannot run here: " + missing;
            }
        }
        return runner_.start(options_.command, case_dir_);
    }
    int fd() const override { return runner_.master(); }
    bool wait_for_first_octet() const override { return true; }
    Millis first_octet_timeout() const override { return options_.first_octet_timeout; }
    std::string gone() override {
        runner_.poll_exit();
        if (runner_.running()) return "";
        if (const auto status = runner_.runner_status()) {
            return "the daemon's runner `" + options_.command.front() + "` exited with status " + std::to_string(*status);
        }
        return "the daemon's runner exited";
    }
    std::string failure_on_close(const std::string& why) override {
        // A daemon whose line closed is on its way out: the last holder of the tty can close it a
        // moment before the process ends, so its exit status is waited for, briefly.
        runner_.wait_exit(kExitAfterLineClosed);
        const auto status = exit_status();
        if (status && std::find(options_.setup_errors.begin(), options_.setup_errors.end(), *status) !=
                          options_.setup_errors.end()) {
            return why + evidence();
        }
        if (!status && !runner_.running() && !stop_requested()) {
            return why + " and the daemon left no exit status" + evidence();
        }
        return "";
    }
    bool shows_hang_up() const override { return true; }  // the runner's exit closes the pty
    bool configures_sut() const override { return true; }  // prepared per case from its PIXIT
    // Call clear: the daemon's session ends (the runner signals it inside its machine).
    bool can_hang_up() const override { return true; }
    void hang_up() override { std::ofstream(case_dir_ / "stop").put('\n'); }
    void close(bool in_session) override {
        // A daemon in session gets the stop request and a grace period; one still booting (or
        // already gone) does not need it.
        in_session = in_session && runner_.running();
        if (in_session) hang_up();
        runner_.stop(in_session ? options_.stop_timeout : Millis{0});
        for (const auto& name : options_.secret_files) {
            std::error_code ignored;
            if (!case_dir_.empty()) fs::remove(case_dir_ / name, ignored);
        }
    }
    // The last words of the daemon and its runner, for the verdict's reason.
    std::string evidence() const override {
        std::string out;
        if (const auto status = exit_status()) {
            out += "; " + options_.identity.name + " exited with status " + std::to_string(*status);
            if (options_.describe_exit) out += " (" + options_.describe_exit(*status) + ")";
        }
        for (const char* file : {"pppd.log", "guest.log", "console.log"}) {
            const std::string line = last_line(case_dir_ / (file == std::string("pppd.log") ? options_.log_file : file));
            if (!line.empty()) out += "; " + std::string(file) + ": " + line;
        }
        return out + " (" + case_dir_.string() + ")";
    }
    std::string summary(bool started) const override {
        if (const auto status = exit_status()) {
            return options_.identity.name + " exited with status " + std::to_string(*status) +
                   (options_.describe_exit ? " (" + options_.describe_exit(*status) + ")" : "");
        }
        return started ? options_.identity.name + " was still running at the end of the plan" : "";
    }
    std::vector<LogLine> logs(Millis now) const override {
        std::vector<LogLine> out;
        std::ifstream in(case_dir_ / options_.log_file);
        for (std::string line; std::getline(in, line);) out.push_back({now, options_.identity.name, line});
        return out;
    }
    std::string describe() const override { return "the daemon"; }
    std::string no_first_octet(Millis waited) const override {
        return "no octet from the daemon within " + std::to_string(waited.count()) + " ms of starting `" +
               options_.command.front() + "`";
    }

private:
    std::optional<int> exit_status() const {
        std::ifstream in(case_dir_ / options_.exit_file);
        int status = -1;
        if (in >> status) return status;
        return std::nullopt;
    }
    bool stop_requested() const { return fs::exists(case_dir_ / "stop"); }

    PtyBenchOptions options_;
    fs::path case_dir_;
    Runner runner_;
};

}  // namespace

std::unique_ptr<Bench> make_pty_bench(PtyBenchOptions options) {
    LineBenchOptions line{options.identity, options.work_dir, options.settle};
    return make_line_bench(line, std::make_unique<SpawnedEndpoint>(std::move(options)));
}

}  // namespace ppp::adapters
