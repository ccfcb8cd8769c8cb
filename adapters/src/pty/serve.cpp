// The reference as a PPP daemon on a tty (see serve.hpp).
#include "ppp/adapters/serve.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "line_link.hpp"
#include "ppp/adapters/ios_config.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/wire/input_text.hpp"
#include "ppp/wire/packet.hpp"

namespace ppp::adapters {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kExitOk = 0;
constexpr int kExitLine = 3;

std::string describe_frame(const wire::Bytes& frame) {
    const auto raw = wire::sync_decode(frame);
    if (!raw.fcs_ok) return "frame with a bad FCS (" + std::to_string(frame.size()) + " octets)";
    auto decoded = wire::decode_frame_body(raw.body(wire::FcsKind::Fcs16));
    if (!decoded) return "undecodable frame (" + std::to_string(frame.size()) + " octets)";
    return wire::describe(decoded.value());
}

// The tty, raw, restored as found when serve lets go of it.
class Line {
public:
    ~Line() { close(); }

    // "" or why not; `usage` when the value given is wrong (not a terminal, not open): exit 2.
    std::string open(const ServeOptions& o, bool& usage) {
        usage = false;
        if (!o.tty.empty()) {
            fd_ = ::open(o.tty.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
            if (fd_ < 0) return "cannot open --tty " + o.tty.string() + ": " + std::strerror(errno);
            owned_ = true;
        } else {
            fd_ = o.tty_fd;
            if (::fcntl(fd_, F_GETFD) < 0) {
                usage = true;
                return "--tty-fd " + std::to_string(fd_) + " is not an open descriptor";
            }
            ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
        }
        // A pty master's far end (the slave) comes and goes: that is the line going up and down.
        pty_master_ = ::ptsname(fd_) != nullptr;
        if (::isatty(fd_) != 0 && ::tcgetattr(fd_, &saved_) == 0) {
            termios raw = saved_;
            ::cfmakeraw(&raw);
            raw.c_cflag |= CREAD | CLOCAL;
            raw.c_cc[VMIN] = 1;  // with O_NONBLOCK: EAGAIN when empty, 0 only at hang-up
            raw.c_cc[VTIME] = 0;
            restore_ = ::tcsetattr(fd_, TCSANOW, &raw) == 0;
        } else if (::isatty(fd_) == 0) {
            usage = true;
            return (o.tty.empty() ? "--tty-fd " + std::to_string(fd_) : "--tty " + o.tty.string()) +
                   " is not a terminal device";
        }
        return "";
    }
    int fd() const { return fd_; }
    // A pty master without a slave reports POLLHUP: no far end yet (or any more).
    bool far_end_present() const {
        if (!pty_master_) return true;
        pollfd p{fd_, POLLIN, 0};
        return !(::poll(&p, 1, 0) > 0 && (p.revents & POLLHUP) != 0);
    }
    bool pty_master() const { return pty_master_; }
    void close() {
        if (fd_ < 0) return;
        if (restore_) ::tcsetattr(fd_, TCSANOW, &saved_);
        if (owned_) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
    bool owned_ = false;
    bool pty_master_ = false;
    bool restore_ = false;
    termios saved_{};
};

enum class SessionEnd : std::uint8_t { Terminated, HungUp, Stopped, LineError };

class Server {
public:
    Server(const ServeOptions& options, sut::RouterConfig config, LineLinkSetup setup, Line& line)
        : o_(options), config_(std::move(config)), setup_(std::move(setup)), line_(line) {}

    SessionEnd session(std::uint64_t seed, std::string& error) {
        setup_.seed = seed;  // a fresh Magic-Number per session (LCP-16)
        LineLink link(config_, setup_);
        AsyncLineCodec codec;
        const auto origin = Clock::now();
        auto now = [&] { return std::chrono::duration_cast<Millis>(Clock::now() - origin); };
        auto flush = [&]() -> bool {
            while (auto frame = link.next_frame()) {
                if (o_.trace) *o_.trace << now().count() << " ms sent " << describe_frame(*frame) << '\n';
                if (!write_all(codec.encode(*frame), error)) return false;
            }
            return true;
        };
        link.start(now());
        if (!flush()) return SessionEnd::LineError;
        std::uint8_t buffer[4096];
        while (!link.finished()) {
            if (o_.stop && o_.stop()) return SessionEnd::Stopped;
            Millis wait{100};
            if (const auto due = link.next_deadline()) wait = std::min(wait, std::max(Millis{0}, *due - now()));
            pollfd p{line_.fd(), POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
            if (ready > 0) {
                const ssize_t n = ::read(line_.fd(), buffer, sizeof buffer);
                if (n > 0) {
                    codec.feed(buffer, static_cast<std::size_t>(n));
                    while (auto frame = codec.next_frame()) {
                        if (o_.trace) *o_.trace << now().count() << " ms rcvd " << describe_frame(*frame) << '\n';
                        link.on_frame(now(), *frame);
                    }
                } else if (n == 0 || (n < 0 && errno == EIO) || (p.revents & POLLHUP) != 0) {
                    return SessionEnd::HungUp;  // the far end went (pty slave closed, carrier)
                } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    error = std::string("reading the line: ") + std::strerror(errno);
                    return SessionEnd::LineError;
                }
            } else if (ready < 0 && errno != EINTR) {
                error = std::string("waiting on the line: ") + std::strerror(errno);
                return SessionEnd::LineError;
            }
            if (const auto due = link.next_deadline(); due && *due <= now()) link.on_timer(now());
            if (!flush()) return SessionEnd::LineError;
        }
        if (o_.trace) *o_.trace << now().count() << " ms session over (" << link.phase() << ")\n";
        return SessionEnd::Terminated;
    }

private:
    bool write_all(const wire::Bytes& octets, std::string& error) {
        std::size_t done = 0;
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (done < octets.size()) {
            const ssize_t n = ::write(line_.fd(), octets.data() + done, octets.size() - done);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EIO) return true;  // the far end is gone: the read side will say so
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                error = std::string("writing the line: ") + std::strerror(errno);
                return false;
            }
            if (Clock::now() >= deadline) return true;  // nobody reads: the frame is lost, as on a wire
            pollfd p{line_.fd(), POLLOUT, 0};
            ::poll(&p, 1, 20);
        }
        return true;
    }

    const ServeOptions& o_;
    sut::RouterConfig config_;
    LineLinkSetup setup_;
    Line& line_;
};

void leave_exit_status(const ServeOptions& o, int status) {
    if (o.exit_file.empty()) return;
    std::ofstream(o.exit_file, std::ios::trunc) << status << '\n';
}

// Waits until the line's far end is there; false when stopped first.
bool wait_for_far_end(const ServeOptions& o, const Line& line) {
    while (!line.far_end_present()) {
        if (o.stop && o.stop()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

// Waits until the far end has gone, reading and dropping what it still sends; false when stopped.
bool wait_for_hang_up(const ServeOptions& o, const Line& line) {
    std::uint8_t buffer[1024];
    while (line.far_end_present()) {
        if (o.stop && o.stop()) return false;
        pollfd p{line.fd(), POLLIN, 0};
        if (::poll(&p, 1, 50) > 0 && (p.revents & POLLIN) != 0) (void)::read(line.fd(), buffer, sizeof buffer);
    }
    return true;
}

bool pause(const ServeOptions& o, Millis span) {
    const auto until = Clock::now() + span;
    while (Clock::now() < until) {
        if (o.stop && o.stop()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

std::vector<std::string> serve_fault_names() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < sut::kFaultCount; ++i) {
        const auto fault = static_cast<sut::Fault>(i);
        if (sut::fault_acts_on_link(fault)) names.emplace_back(sut::fault_name(fault));
    }
    return names;
}

std::string check_serve_options(const ServeOptions& o) {
    if (o.callback_op != 0 && o.callback_op != 6) {
        return "--callback-op " + std::to_string(o.callback_op) + " is not accepted (0: RFC 1570 op 0, as Cisco; 6: CBCP, as pppd)";
    }
    for (const auto& name : o.faults) {
        sut::Faults parsed;
        std::string error;
        if (!sut::Faults::parse(name, parsed, error)) return "--fault " + wire::quote_value(name) + " is not a fault of the reference";
        for (std::size_t i = 0; i < sut::kFaultCount; ++i) {
            const auto fault = static_cast<sut::Fault>(i);
            if (parsed.has(fault) && !sut::fault_acts_on_link(fault)) {
                std::string accepted;
                for (const auto& n : serve_fault_names()) accepted += (accepted.empty() ? "" : ", ") + n;
                return "--fault " + wire::quote_value(name) +
                       " acts on the router's dialer or ISDN side, which a line does not have (accepted: " + accepted + ")";
            }
        }
    }
    return "";
}

int serve_line(const ServeOptions& o, std::string& error) {
    error = check_serve_options(o);
    if (!error.empty()) return 2;
    const std::string text = render_ios_config(o.parameters, o.client ? wire::CallbackRole::Client : wire::CallbackRole::Server);
    auto parsed = sut::parse_config(text);
    if (!parsed.ok()) {
        error = "the PIXIT renders a configuration the reference refuses: " + parsed.error->to_string();
        return 2;
    }
    LineLinkSetup setup;
    const pixit::Side& own = o.client ? static_cast<const pixit::Side&>(o.parameters.client) : o.parameters.server;
    const pixit::Side& peer = o.client ? static_cast<const pixit::Side&>(o.parameters.server) : o.parameters.client;
    setup.client = o.client;
    setup.own_name = own.name;
    setup.peer_name = peer.name;
    setup.own_number = own.number;
    setup.callback_op = o.callback_op;
    setup.challenge_peer = !o.one_way_auth;
    for (const auto& name : o.faults) {
        std::string ignored;
        sut::Faults::parse(name, setup.faults, ignored);
    }
    Line line;
    bool usage = false;
    if (std::string problem = line.open(o, usage); !problem.empty()) {
        error = problem;
        leave_exit_status(o, usage ? 2 : kExitLine);
        return usage ? 2 : kExitLine;
    }
    Server server(o, std::move(*parsed.config), setup, line);
    std::uint64_t sessions = 0;
    const std::uint64_t seed = std::random_device{}();
    while (true) {
        // A line that was down settles once it is up; one up from the start begins at once.
        const bool was_down = !line.far_end_present();
        if (!wait_for_far_end(o, line)) break;
        if ((was_down || sessions > 0) && !pause(o, o.settle)) break;
        ++sessions;
        const SessionEnd end = server.session(seed + sessions, error);
        if (end == SessionEnd::LineError) {
            leave_exit_status(o, kExitLine);
            return kExitLine;
        }
        if (end == SessionEnd::Stopped || o.once) break;
        // A hang-up on a line that cannot come back (a tty opened by path whose far end closed)
        // ends serve; a pty master waits for its next far end. A session that terminated on a
        // pty master waits for the hang-up first: one session per call, as on a modem line (a
        // line opened by path has no hang-up to wait for: LCP starts again, as on a dedicated
        // async line).
        if (end == SessionEnd::HungUp && !line.pty_master()) break;
        if (end == SessionEnd::Terminated && line.pty_master() && !wait_for_hang_up(o, line)) break;
    }
    leave_exit_status(o, kExitOk);
    return kExitOk;
}

}  // namespace ppp::adapters
