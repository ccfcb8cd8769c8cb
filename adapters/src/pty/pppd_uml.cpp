// pppd 2.4.9 in User-Mode Linux on the pty bench (PEERS.md sections 1, 2): the command that
// boots linux.uml with the init script of adapters/src/pty/uml/, and the options file translated
// from the SUT's IOS-style configuration.
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "ppp/adapters/pty_bench.hpp"
#include "ppp/sut/common.hpp"
#include "ppp/sut/config.hpp"

#ifndef PPP_UML_DIR
#define PPP_UML_DIR ""
#endif

namespace ppp::adapters {
namespace {

namespace fs = std::filesystem;

fs::path uml_dir(const PppdOptions& options) {
    if (!options.uml_dir.empty()) return options.uml_dir;
    if (const char* env = std::getenv("PPP_UML_DIR"); env != nullptr && *env != '\0') return env;
    return PPP_UML_DIR;
}

// An executable named `name` on PATH (or `name` itself when it holds a slash).
bool on_path(const std::string& name) {
    if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0;
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
    }
    return false;
}

std::string first_word(const std::string& line) {
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) return "";
    return line.substr(start, line.find_first_of(" \t", start) - start);
}

bool write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

}  // namespace

std::string pppd_exit_text(int status) {
    // pppd(8), EXIT STATUS.
    static const char* const kText[] = {
        "normal", "fatal error", "option error", "not run as root", "no kernel support for PPP",
        "terminated by a signal", "serial port lock failed", "serial port open failed",
        "connect script failed", "pty command failed", "LCP negotiation failed",
        "peer failed to authenticate", "idle timeout", "connect time limit", "callback negotiated",
        "peer not responding to echo requests", "hangup", "loopback detected", "init script failed",
        "failed to authenticate to the peer", "traffic limit", "CNID authentication failed"};
    if (status >= 0 && static_cast<std::size_t>(status) < std::size(kText)) return kText[status];
    return "unknown status";
}

const std::vector<std::string>& pppd_generated_option_names() {
    static const std::vector<std::string> names{"nodetach", "debug",  "logfd", "local",      "nocrtscts",
                                                "nolock",   "noauth", "noipv6", "noccp",     "user",
                                                "remotename", "file", "callback", "record"};
    return names;
}

std::string pppd_options_file(const BenchSetup& setup, const fs::path& case_dir, const PppdOptions& options,
                              std::string& error) {
    error.clear();
    auto parsed = sut::parse_config(setup.sut_config);
    if (!parsed.ok()) {
        error = "SUT configuration " + parsed.error->to_string();
        return "";
    }
    const sut::RouterConfig& config = *parsed.config;
    // PEERS.md section 1: the line is the guest's ttyS1, a pty with no modem lines.
    std::vector<std::string> lines = {"/dev/ttyS1", "nodetach", "debug", "logfd 2", "local", "nocrtscts",
                                      "nolock", "noauth", "noipv6", "noccp", "user " + setup.sut_name,
                                      "remotename " + setup.peer_name};
    // Cisco's `username <peer> password P` is the shared CHAP secret with that peer; it goes in
    // a file of its own, removed after the session (PtyBenchOptions::secret_files).
    if (config.secret(setup.peer_name)) lines.push_back("file " + (case_dir / "secret-options").string());
    if (config.bri.callback_request) lines.push_back("callback " + setup.sut_number);  // CB-08: op 6, CBCP
    if (config.bri.ip_address != 0) lines.push_back(sut::format_ipv4(config.bri.ip_address) + ":");
    lines.push_back("record " + (case_dir / "pppd.record").string());  // pppdump format, for tshark
    std::string text;
    for (const auto& line : lines) {
        const std::string word = first_word(line);
        if (std::find(options.without.begin(), options.without.end(), word) != options.without.end()) continue;
        text += line + '\n';
    }
    for (const auto& line : options.extra) {
        if (line.find('\n') != std::string::npos) {
            error = "--pppd-option '" + line + "': one option per value (no newline)";
            return "";
        }
        text += line + '\n';
    }
    return text;
}

std::string pppd_uml_unavailable(const PppdOptions& options) {
    if (!on_path(options.linux_uml)) {
        return options.linux_uml + " not found on PATH (apt-get install user-mode-linux)";
    }
    if (!on_path("pppd") && ::access("/usr/sbin/pppd", X_OK) != 0) return "pppd not found (apt-get install ppp)";
    if (::access("/usr/sbin/insmod", X_OK) != 0 && !on_path("insmod")) return "insmod not found (apt-get install kmod)";
    std::error_code ec;
    bool modules = false;
    for (const auto& entry : fs::directory_iterator(options.modules_dir, ec)) {
        modules = modules || fs::exists(entry.path() / "kernel/drivers/net/ppp/ppp_async.ko");
    }
    if (!modules) return "no ppp_async module under " + options.modules_dir.string() + " (apt-get install user-mode-linux)";
    const fs::path init = uml_dir(options) / "init.sh";
    if (::access(init.c_str(), X_OK) != 0) return init.string() + " is missing or not executable";
    return "";
}

PtyBenchOptions pppd_bench_options(const PppdOptions& options) {
    PtyBenchOptions o;
    o.identity = {"pppd", "pppd 2.4.9 in User-Mode Linux"};
    // PEERS.md section 1: the guest's root is the host's / read-only; words NAME=value reach the
    // init script as its environment; `timeout` bounds a guest that never powers off.
    o.command = {"timeout", "--kill-after=5", "600", options.linux_uml, "mem=128M", "rootfstype=hostfs",
                 "rootflags=/", "ro", "init=" + (uml_dir(options) / "init.sh").string(), "con0=fd:0,fd:1",
                 "con=null", "ssl=null", "ssl1=fd:{tty_fd}", "quiet", "PPP_CASE_DIR={case_dir}"};
    o.work_dir = options.work_dir;
    o.exit_file = "pppd-exit";
    o.log_file = "pppd.log";
    o.setup_errors = {1, 2, 3, 4, 6, 7, 8, 9, 18};  // the daemon never ran the protocol
    o.describe_exit = pppd_exit_text;
    o.secret_files = {"secret-options"};
    // Without the init script linux.uml would fall back to the host's /sbin/init.
    o.preflight = [options] { return pppd_uml_unavailable(options); };
    o.prepare = [options](const BenchSetup& setup, const fs::path& case_dir) -> std::string {
        std::string error;
        const std::string text = pppd_options_file(setup, case_dir, options, error);
        if (!error.empty()) return error;
        std::error_code ec;
        fs::create_directories(case_dir / "etc-ppp", ec);
        // Overlaid on the guest's /etc/ppp: Debian's options (auth, crtscts, lock, modem) stay out.
        const auto config = sut::parse_config(setup.sut_config);  // valid: pppd_options_file parsed it
        const auto secret = config.ok() ? config.config->secret(setup.peer_name) : std::nullopt;
        if (secret && !write_text(case_dir / "secret-options", "password " + *secret + "\n")) {
            return "pty bench: cannot write pppd's files in " + case_dir.string();
        }
        if (ec || !write_text(case_dir / "etc-ppp" / "options", "") ||
            !write_text(case_dir / "etc-ppp" / "chap-secrets", "") || !write_text(case_dir / "options", text)) {
            return "pty bench: cannot write pppd's files in " + case_dir.string();
        }
        return "";
    };
    return o;
}

std::unique_ptr<Bench> make_pppd_bench(const PppdOptions& options) {
    return make_pty_bench(pppd_bench_options(options));
}

}  // namespace ppp::adapters
