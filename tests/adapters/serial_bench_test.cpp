// The serial attachment on one side of a pty pair standing in for a serial device (issue #14
// item 4): exclusive open, the device's settings restored, a SUT that never speaks is an error
// naming the device, and the modem-control layer (replaced here, since a pty has no DTR or DCD):
// DTR drops on net-drop-line and at the end of a case, a carrier loss ends the SUT's session
// without being an error.
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ppp/adapters/serial_bench.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "line_setup.hpp"
#include "tools/subprocess.hpp"

namespace ppp::adapters {
namespace {

using test_setup::client_setup;

// The far end of the "serial line": the pty master, as equipment would hold the other end.
class PtyPair {
public:
    PtyPair() {
        int slave = -1;
        if (::openpty(&master_, &slave, nullptr, nullptr, nullptr) == 0) {
            name_ = ::ttyname(slave);
            ::close(slave);
            ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
        }
    }
    ~PtyPair() {
        if (master_ >= 0) ::close(master_);
    }
    bool ok() const { return master_ >= 0 && !name_.empty(); }
    const std::string& device() const { return name_; }
    // An LCP Configure-Request from the "equipment", octet-stuffed as on the line, once the
    // bench has opened the device and drained what was there before (a thread, since the
    // bench waits for it inside run_until).
    std::thread speak_soon() const {
        return std::thread([this] {
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
            send_configure_request();
        });
    }
    void send_configure_request() const {
        wire::LcpPacket p;
        p.code = static_cast<std::uint8_t>(wire::LcpCode::ConfReq);
        p.identifier = 1;
        p.options.push_back(wire::MagicNumber{0x12345678});
        const wire::Bytes body = wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(p));
        const wire::Bytes octets = wire::async_encode(body);
        EXPECT_EQ(::write(master_, octets.data(), octets.size()), static_cast<ssize_t>(octets.size()));
    }
    std::size_t drain() const {
        std::uint8_t buffer[4096];
        std::size_t total = 0;
        ssize_t n = 0;
        while ((n = ::read(master_, buffer, sizeof buffer)) > 0) total += static_cast<std::size_t>(n);
        return total;
    }

private:
    int master_ = -1;
    std::string name_;
};

// Modem lines the test controls: DTR changes recorded, DCD as the test sets it.
struct FakeLines {
    std::vector<bool> dtr;
    std::atomic<bool> carrier{true};
};
class FakeModemLines final : public ModemLines {
public:
    explicit FakeModemLines(FakeLines& lines) : lines_(lines) {}
    bool has_dtr() const override { return true; }
    bool has_dcd() const override { return true; }
    void set_dtr(bool on) override { lines_.dtr.push_back(on); }
    bool carrier() const override { return lines_.carrier; }

private:
    FakeLines& lines_;
};

SerialOptions options_for(const std::string& device, const std::string& work_dir) {
    SerialOptions o;
    o.device = device;
    o.speed = 38400;
    o.first_octet_timeout = Millis{600};
    o.hang_up = Millis{50};
    o.quiet = Millis{50};
    o.settle = Millis{100};
    o.work_dir = work_dir;
    return o;
}

TEST(AdaptersSerialBench, TheDeviceIsOpenedExclusivelyAndRestoredAsFound) {
    PtyPair pair;
    ASSERT_TRUE(pair.ok());
    test_tools::TempDir dir;
    const int probe = ::open(pair.device().c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(probe, 0);
    termios before{};
    ASSERT_EQ(::tcgetattr(probe, &before), 0);
    ::close(probe);

    auto first = test_setup::Attached(make_serial_bench(options_for(pair.device(), dir.path())));
    auto second = test_setup::Attached(make_serial_bench(options_for(pair.device(), dir.path())));
    ASSERT_EQ(first->reset(client_setup()), "");
    ASSERT_EQ(second->reset(client_setup()), "");
    std::thread equipment = pair.speak_soon();
    EXPECT_TRUE(first->run_until(Millis{100}));
    equipment.join();
    EXPECT_EQ(first->failure(), "");
    EXPECT_GT(pair.drain(), 0U) << "the peer answered on the line";
    // The device is held: a second opener is refused with the reason, verdict error.
    EXPECT_TRUE(second->run_until(Millis{100}));
    EXPECT_NE(second->failure().find("is in use by another process"), std::string::npos) << second->failure();
    EXPECT_NE(second->failure().find(pair.device()), std::string::npos) << second->failure();
    // Raw at 38400 bit/s while held; as found once released.
    first->release();
    const int after_fd = ::open(pair.device().c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(after_fd, 0);
    termios after{};
    ASSERT_EQ(::tcgetattr(after_fd, &after), 0);
    ::close(after_fd);
    EXPECT_EQ(after.c_lflag, before.c_lflag);
    EXPECT_EQ(after.c_iflag, before.c_iflag);
    EXPECT_EQ(after.c_cflag, before.c_cflag);
    EXPECT_EQ(::cfgetospeed(&after), ::cfgetospeed(&before));
}

TEST(AdaptersSerialBench, ASilentSutIsAnErrorNamingTheDevice) {
    PtyPair pair;
    ASSERT_TRUE(pair.ok());
    test_tools::TempDir dir;
    auto bench = test_setup::Attached(make_serial_bench(options_for(pair.device(), dir.path())));
    ASSERT_EQ(bench->reset(client_setup()), "");
    EXPECT_TRUE(bench->run_until(Millis{100}));
    EXPECT_NE(bench->failure().find("no octet from the equipment on " + pair.device() + " within 600 ms"),
              std::string::npos)
        << bench->failure();
    EXPECT_NE(bench->failure().find("--line-start harness"), std::string::npos) << bench->failure();
}

TEST(AdaptersSerialBench, WhatIsNotATerminalOrIsMissingIsNamed) {
    test_tools::TempDir dir;
    auto null_bench = test_setup::Attached(make_serial_bench(options_for("/dev/null", dir.path())));
    ASSERT_EQ(null_bench->reset(client_setup()), "");
    null_bench->run_until(Millis{10});
    EXPECT_EQ(null_bench->failure(), "the serial device /dev/null is not a terminal device");
    auto missing = test_setup::Attached(make_serial_bench(options_for(dir.file("ttyNOPE"), dir.path())));
    ASSERT_EQ(missing->reset(client_setup()), "");
    missing->run_until(Millis{10});
    EXPECT_NE(missing->failure().find("cannot open the serial device"), std::string::npos) << missing->failure();
}

TEST(AdaptersSerialBench, APtyHasNoModemLinesSoTheLineCannotBeDropped) {
    PtyPair pair;
    ASSERT_TRUE(pair.ok());
    test_tools::TempDir dir;
    auto bench = test_setup::Attached(make_serial_bench(options_for(pair.device(), dir.path())));
    ASSERT_EQ(bench->reset(client_setup()), "");
    std::thread equipment = pair.speak_soon();
    bench->run_until(Millis{50});
    equipment.join();
    EXPECT_FALSE(bench->capabilities().line_drop);
    EXPECT_EQ(bench->capabilities().call_control, ppp::adapters::Capabilities::CallControl::None);
    EXPECT_EQ(bench->capabilities().time, ppp::adapters::Capabilities::Time::WallClock);
    EXPECT_FALSE(bench->capabilities().lan_traffic);
}

TEST(AdaptersSerialBench, DtrHangsUpAndCarrierLossEndsTheSessionWithoutAnError) {
    PtyPair pair;
    ASSERT_TRUE(pair.ok());
    test_tools::TempDir dir;
    FakeLines lines;
    SerialOptions o = options_for(pair.device(), dir.path());
    o.modem_lines = [&lines](int) { return std::make_unique<FakeModemLines>(lines); };
    auto bench = test_setup::Attached(make_serial_bench(o));
    ASSERT_EQ(bench->reset(client_setup()), "");
    std::thread equipment = pair.speak_soon();
    ASSERT_TRUE(bench->run_until(Millis{100}));
    equipment.join();
    EXPECT_TRUE(bench->capabilities().line_drop);
    ASSERT_EQ(lines.dtr, std::vector<bool>{true}) << "DTR up brings the line up";
    bench->drop_line();
    EXPECT_EQ(lines.dtr.back(), false) << "net-drop-line drops DTR";
    // The equipment hangs up: carrier goes, time still runs, and it is not an error.
    lines.carrier = false;
    ASSERT_TRUE(bench->run_until(Millis{400}));
    EXPECT_EQ(bench->failure(), "");
    EXPECT_GE(bench->now(), Millis{400});
    EXPECT_EQ(bench->summary(), "the equipment dropped carrier (DCD) during the plan");
    // The evidence keeps the raw byte stream both ways.
    bench->release();
    EXPECT_FALSE(test_tools::read_file(dir.file("case-1/line-from-sut.bin")).empty());
    EXPECT_FALSE(test_tools::read_file(dir.file("case-1/line-to-sut.bin")).empty());
}

TEST(AdaptersSerialBench, NoCarrierAtTheStartIsAnError) {
    PtyPair pair;
    ASSERT_TRUE(pair.ok());
    test_tools::TempDir dir;
    FakeLines lines;
    lines.carrier = false;
    SerialOptions o = options_for(pair.device(), dir.path());
    o.modem_lines = [&lines](int) { return std::make_unique<FakeModemLines>(lines); };
    auto bench = test_setup::Attached(make_serial_bench(o));
    ASSERT_EQ(bench->reset(client_setup()), "");
    bench->run_until(Millis{10});
    EXPECT_NE(bench->failure().find("no carrier (DCD) on " + pair.device()), std::string::npos) << bench->failure();
}

}  // namespace
}  // namespace ppp::adapters
