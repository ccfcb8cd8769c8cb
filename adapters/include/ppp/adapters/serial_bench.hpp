#pragma once
// Real equipment on an asynchronous serial line (`--sut serial --device DEV`, DESIGN.md section 7):
// a router's AUX or async port with PPP, a terminal adapter's PPP. The equipment runs already and
// its configuration is the user's business (the PIXIT says what it claims); the harness opens the
// device exclusively, sets it raw at the given speed (termios), and speaks RFC 1662 with ACCM both
// ways through the environment's reference PPP link, in wall-clock time.
//
// Modem control, where the device has the lines: DTR up brings the line up for a case, DTR down
// hangs up (the lab's net-drop-line, and the end of every case), DCD is carrier (its loss ends
// the SUT's session). A device without them (a pty, a 3-wire cable) says so: net-drop-line is
// skipped with the reason, and a case ends with an orderly LCP Terminate from the peer. The
// device's settings are restored when the bench lets go of it, on SIGINT/SIGTERM too.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"

namespace ppp::adapters {

// The modem-control lines of a serial device: a small layer that tests replace (a pty has none).
class ModemLines {
public:
    virtual ~ModemLines() = default;
    virtual bool has_dtr() const = 0;
    virtual bool has_dcd() const = 0;
    virtual void set_dtr(bool on) = 0;
    virtual bool carrier() const = 0;  // DCD; true when the device has no DCD
};
// Through TIOCMGET / TIOCMBIS / TIOCMBIC; a device that refuses TIOCMGET has neither line.
std::unique_ptr<ModemLines> make_tty_modem_lines(int fd);

enum class FlowControl : std::uint8_t { None, RtsCts };

struct SerialOptions {
    std::filesystem::path device;
    int speed = 115200;                     // one of serial_speeds()
    FlowControl flow = FlowControl::None;
    // Time 0: the SUT's first octet (equipment that starts LCP when its line comes up), or the
    // moment the line is up (a passive SUT waits for the peer's Configure-Request).
    bool wait_for_first_octet = true;
    Millis first_octet_timeout{30000};
    Millis hang_up{1000};                   // DTR held down
    Millis quiet{500};                      // before a case: the previous session's octets drain
    std::filesystem::path work_dir;         // case directories (evidence); "" = a temp dir, removed
    Millis settle{4000};
    // Replaces the modem-control layer (tests); empty: make_tty_modem_lines.
    std::function<std::unique_ptr<ModemLines>(int fd)> modem_lines;
};

std::unique_ptr<Bench> make_serial_bench(SerialOptions options);

// The line speeds termios offers here, in bits per second.
const std::vector<int>& serial_speeds();

// Puts back the settings of every serial device this process holds, as it found them. Safe in a
// signal handler (tcsetattr only): the CLI calls it before it leaves at a second signal.
void restore_serial_lines_now();

}  // namespace ppp::adapters
