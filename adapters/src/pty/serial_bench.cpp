// Equipment on a serial line as the far end of a line bench (see serial_bench.hpp).
#include "ppp/adapters/serial_bench.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>
#include <utility>

#include "line_bench.hpp"

namespace ppp::adapters {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The devices this process holds and their settings as found, for restore_serial_lines_now()
// from a signal handler: a fixed table, no allocation, written before a slot is marked used.
struct HeldLine {
    volatile std::sig_atomic_t used = 0;
    int fd = -1;
    termios saved{};
};
HeldLine g_held_lines[8];

HeldLine* hold_line(int fd, const termios& saved) {
    for (auto& slot : g_held_lines) {
        if (slot.used == 0) {
            slot.fd = fd;
            slot.saved = saved;
            slot.used = 1;
            return &slot;
        }
    }
    return nullptr;  // more than eight devices at once: restored on normal exit only
}

struct Speed {
    int bps;
    speed_t code;
};
constexpr Speed kSpeeds[] = {
    {1200, B1200},     {2400, B2400},     {4800, B4800},     {9600, B9600},     {19200, B19200},
    {38400, B38400},   {57600, B57600},   {115200, B115200}, {230400, B230400}, {460800, B460800},
    {921600, B921600},
};

class TtyModemLines final : public ModemLines {
public:
    explicit TtyModemLines(int fd) : fd_(fd) {
        int bits = 0;
        lines_ = ::ioctl(fd_, TIOCMGET, &bits) == 0;  // a pty answers ENOTTY/EINVAL: no lines
    }
    bool has_dtr() const override { return lines_; }
    bool has_dcd() const override { return lines_; }
    void set_dtr(bool on) override {
        if (!lines_) return;
        int bit = TIOCM_DTR;
        ::ioctl(fd_, on ? TIOCMBIS : TIOCMBIC, &bit);
    }
    bool carrier() const override {
        int bits = 0;
        if (!lines_ || ::ioctl(fd_, TIOCMGET, &bits) != 0) return true;
        return (bits & TIOCM_CAR) != 0;
    }

private:
    int fd_;
    bool lines_ = false;
};

class SerialEndpoint final : public LineEndpoint {
public:
    explicit SerialEndpoint(SerialOptions options) : options_(std::move(options)) {}
    ~SerialEndpoint() override { close(false); }

    std::string prepare(const BenchSetup&, const fs::path& case_dir) override {
        case_dir_ = case_dir;
        return "";
    }

    std::string open() override {
        close(false);
        carrier_lost_ = false;
        const std::string dev = options_.device.string();
        const int fd = ::open(dev.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) return "cannot open the serial device " + dev + ": " + std::strerror(errno);
        if (::isatty(fd) == 0) {
            ::close(fd);
            return "the serial device " + dev + " is not a terminal device";
        }
        // Exclusive: TIOCEXCL keeps other openers out (root excepted), the lock tells another
        // harness or a modem tool that also locks.
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd);
            return "the serial device " + dev + " is in use by another process (locked)";
        }
        ::ioctl(fd, TIOCEXCL);
        termios saved{};
        if (::tcgetattr(fd, &saved) != 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return "cannot read the settings of " + dev + ": " + why;
        }
        termios raw = saved;
        ::cfmakeraw(&raw);
        speed_t code = B115200;
        for (const auto& s : kSpeeds) {
            if (s.bps == options_.speed) code = s.code;
        }
        ::cfsetispeed(&raw, code);
        ::cfsetospeed(&raw, code);
        // CLOCAL: the harness watches DCD itself (ModemLines); HUPCL: the last close drops DTR.
        raw.c_cflag |= CREAD | CLOCAL | HUPCL;
        if (options_.flow == FlowControl::RtsCts) raw.c_cflag |= CRTSCTS;
        else raw.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS);
        raw.c_cc[VMIN] = 1;  // with O_NONBLOCK: EAGAIN when empty, 0 only at hang-up
        raw.c_cc[VTIME] = 0;
        held_ = hold_line(fd, saved);
        saved_ = saved;
        fd_ = fd;
        if (::tcsetattr(fd, TCSANOW, &raw) != 0) {
            const std::string why = std::strerror(errno);
            close(false);
            return "cannot set " + dev + " raw at " + std::to_string(options_.speed) + " bit/s: " + why;
        }
        modem_ = options_.modem_lines ? options_.modem_lines(fd) : make_tty_modem_lines(fd);
        modem_->set_dtr(true);  // the line comes up
        ::tcflush(fd, TCIOFLUSH);
        drain_quiet();
        if (modem_->has_dcd()) {
            const auto deadline = Clock::now() + options_.first_octet_timeout;
            while (!modem_->carrier()) {
                if (Clock::now() >= deadline) {
                    return "no carrier (DCD) on " + dev + " within " + std::to_string(options_.first_octet_timeout.count()) +
                           " ms of raising DTR";
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        return "";
    }

    int fd() const override { return fd_; }
    bool wait_for_first_octet() const override { return options_.wait_for_first_octet; }
    Millis first_octet_timeout() const override { return options_.first_octet_timeout; }

    std::string gone() override {
        if (fd_ >= 0 && modem_ && modem_->has_dcd() && !modem_->carrier()) {
            carrier_lost_ = true;
            return "carrier lost (DCD dropped) on " + options_.device.string();
        }
        return "";
    }
    // The SUT dropping carrier is how equipment ends a session; a device that gives end of
    // file or EIO has gone away under the harness (unplugged, the far end of a pty closed).
    std::string failure_on_close(const std::string& why) override {
        if (carrier_lost_) return "";
        return why + ": the serial device " + options_.device.string() + " went away" + evidence();
    }

    bool shows_hang_up() const override { return modem_ ? modem_->has_dcd() : false; }
    bool configures_sut() const override { return false; }  // the equipment is set up by its user
    bool can_hang_up() const override { return modem_ ? modem_->has_dtr() : false; }
    void hang_up() override {
        if (modem_) modem_->set_dtr(false);  // stays down: the call is over until the next case
    }

    void close(bool in_session) override {
        if (fd_ < 0) return;
        if (in_session && modem_ && modem_->has_dtr()) modem_->set_dtr(false);
        ::tcflush(fd_, TCIOFLUSH);
        ::tcsetattr(fd_, TCSANOW, &saved_);  // as found
        if (held_ != nullptr) held_->used = 0;
        held_ = nullptr;
        modem_.reset();
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
        fd_ = -1;
        // The line stays down a while (DTR low, HUPCL; on a pty the closed slave is the far
        // end's hang-up), so the far end sees the call end before the next case opens it again.
        if (in_session) std::this_thread::sleep_for(options_.hang_up);
    }

    std::string evidence() const override {
        std::string out = "; " + options_.device.string() + " at " + std::to_string(options_.speed) + " bit/s, flow " +
                          (options_.flow == FlowControl::RtsCts ? "rtscts" : "none");
        if (modem_) out += std::string(", modem lines ") + (modem_->has_dtr() ? "DTR/DCD" : "none");
        return out + (case_dir_.empty() ? "" : " (" + case_dir_.string() + ")");
    }
    std::string summary(bool) const override {
        return carrier_lost_ ? "the equipment dropped carrier (DCD) during the plan" : "";
    }
    std::vector<LogLine> logs(Millis) const override { return {}; }  // no console relay
    std::string describe() const override { return "the equipment on " + options_.device.string(); }
    std::string no_first_octet(Millis waited) const override {
        return "no octet from the equipment on " + options_.device.string() + " within " +
               std::to_string(waited.count()) +
               " ms of the line coming up (a SUT that waits for its peer: --line-start harness)";
    }

private:
    // Octets of a previous session still arriving (retransmitted Configure-Requests) are not
    // this case's: read and drop them until the line is quiet (bounded).
    void drain_quiet() {
        const auto limit = Clock::now() + std::chrono::seconds(10);
        auto quiet_since = Clock::now();
        std::uint8_t buffer[1024];
        while (Clock::now() < limit && Clock::now() - quiet_since < options_.quiet) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0 && ::read(fd_, buffer, sizeof buffer) > 0) quiet_since = Clock::now();
        }
    }

    SerialOptions options_;
    fs::path case_dir_;
    int fd_ = -1;
    termios saved_{};
    HeldLine* held_ = nullptr;
    std::unique_ptr<ModemLines> modem_;
    bool carrier_lost_ = false;
};

}  // namespace

std::unique_ptr<ModemLines> make_tty_modem_lines(int fd) { return std::make_unique<TtyModemLines>(fd); }

const std::vector<int>& serial_speeds() {
    static const std::vector<int> speeds = [] {
        std::vector<int> out;
        for (const auto& s : kSpeeds) out.push_back(s.bps);
        return out;
    }();
    return speeds;
}

void restore_serial_lines_now() {
    for (auto& slot : g_held_lines) {
        if (slot.used != 0) ::tcsetattr(slot.fd, TCSANOW, &slot.saved);
    }
}

std::unique_ptr<Bench> make_serial_bench(SerialOptions options) {
    LineBenchOptions line{{"serial", options.device.string()}, options.work_dir, options.settle};
    return make_line_bench(line, std::make_unique<SerialEndpoint>(std::move(options)));
}

}  // namespace ppp::adapters
