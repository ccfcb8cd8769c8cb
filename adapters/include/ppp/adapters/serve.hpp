#pragma once
// The reference as a PPP daemon on a tty (`ppp-conform serve`, issue #14 item 4): the reference
// router's PPP side, configured from the PIXIT for one role, speaking RFC 1662 async with ACCM on
// a terminal device, in wall-clock time. A known-good SUT for the pty and serial attachments (CI
// tests them in seconds, without UML), and a known-good peer for a user's own equipment.
//
// The line: a tty opened by path (a pty slave, a serial device) or an inherited descriptor (a pty
// master, whose far end comes and goes). A session starts when the line is up (at once, or, for a
// line that came up later, after `settle`), runs LCP and what follows, and ends when the link
// terminates (RFC 1661 tlf) or the line hangs up; then the next session, or the end with --once.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"
#include "ppp/pixit/pixit.hpp"

namespace ppp::adapters {

struct ServeOptions {
    std::filesystem::path tty;  // opened by path; empty: `tty_fd`
    int tty_fd = -1;
    bool client = true;                   // the callback client (it calls) or the server
    pixit::Pixit parameters;              // names, numbers, addresses, the secret of this side
    std::uint8_t callback_op = 0;         // client: 0 Cisco (RFC 1570), 6 CBCP (pppd style)
    // Authenticates itself only and never challenges the peer (pppd's `noauth`; IOS `ppp
    // authentication chap callin` on a caller).
    bool one_way_auth = false;
    std::vector<std::string> faults;      // named faults that act on a PPP link
    bool once = false;                    // one session, then exit
    std::filesystem::path exit_file;      // where the exit status is left (pty --command convention)
    Millis settle{1000};                  // a line that came up settles before LCP starts
    std::function<bool()> stop;           // asked between waits: a stop signal
    std::ostream* trace = nullptr;        // one line per frame each way, when given
};

// "" when the options hold, else one line naming the bad value and what is accepted (exit 2):
// a fault that does not act on a link, a callback operation other than 0 or 6.
std::string check_serve_options(const ServeOptions& options);

// Runs sessions until stopped (or one with `once`). 0 when every session ended as a session
// ends (terminate, hang-up), 3 with `error` set when the line failed (cannot open, read error).
int serve_line(const ServeOptions& options, std::string& error);

// The named faults serve accepts: those that act on a PPP link.
std::vector<std::string> serve_fault_names();

}  // namespace ppp::adapters
