#pragma once
// A SUT on an asynchronous line (RFC 1662), wall-clock time: the bench both the pty attachments
// (a daemon started per case on a pseudo-terminal) and the serial attachment (equipment on a
// device) are. What differs is the line's far end, a LineEndpoint; the rest (the environment's
// reference PPP link, the lab's port tap, octet stuffing with ACCM, the pacing of stimuli, the
// evidence of the raw byte stream) is this one bench.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ppp/adapters/bench.hpp"

namespace ppp::adapters {

// The far end of the line, as the bench drives it through one case.
class LineEndpoint {
public:
    virtual ~LineEndpoint() = default;
    // Writes what the case needs into `case_dir` (created, empty). "" or one line naming the
    // bad value: a usage error.
    virtual std::string prepare(const BenchSetup& setup, const std::filesystem::path& case_dir) = 0;
    // Brings the line up (starts the daemon, opens the device): "" or why not (verdict error).
    virtual std::string open() = 0;
    // The line's descriptor while it is up, else -1 (non-blocking, close-on-exec).
    virtual int fd() const = 0;
    // Whether time 0 waits for the SUT's first octet (a daemon booting, equipment that speaks
    // first) or is the moment the line came up (a passive SUT waits for the peer).
    virtual bool wait_for_first_octet() const = 0;
    virtual Millis first_octet_timeout() const = 0;
    // Checked while the line is up: "" while the far end is there, else why it went.
    virtual std::string gone() = 0;
    // Why the line coming down ends the run with verdict error (a daemon that never ran the
    // protocol, a device that vanished), or "" when it is how the SUT ended its session.
    virtual std::string failure_on_close(const std::string& why) = 0;
    // Whether the far end going away shows on the line (a daemon's exit closes the pty, DCD
    // drops). Where it does not, the case's session ends when its LCP terminates (tlf): what the
    // SUT sends after that opens its next session, left to the next case.
    virtual bool shows_hang_up() const = 0;
    // Whether each case's configuration reaches the SUT (a daemon started per case from it).
    virtual bool configures_sut() const = 0;
    // The lab's net-drop-line: hangs the line up (a stop request, a DTR drop).
    virtual bool can_hang_up() const = 0;
    virtual void hang_up() = 0;
    // Ends the case: the far end released, the line restored. `in_session` after the first octet.
    virtual void close(bool in_session) = 0;
    // Evidence for a reason text: "; what the far end said last (case dir)".
    virtual std::string evidence() const = 0;
    virtual std::string summary(bool started) const = 0;
    virtual std::vector<LogLine> logs(Millis now) const = 0;
    // Who speaks at the far end, for messages: "the daemon", "the equipment on /dev/ttyS0".
    virtual std::string describe() const = 0;
    // Why no first octet came: "no octet from the daemon within 700 ms of starting `cmd`".
    virtual std::string no_first_octet(Millis waited) const = 0;
};

struct LineBenchOptions {
    SutIdentity identity{"pty", ""};
    // Case directories go under it and stay; "" = a fresh temp dir, removed with the bench.
    std::filesystem::path work_dir;
    Millis settle{4000};  // after a plan (the line stays up in real time)
};

std::unique_ptr<Bench> make_line_bench(LineBenchOptions options, std::unique_ptr<LineEndpoint> endpoint);

}  // namespace ppp::adapters
