#pragma once
// An ISDN terminal adapter with an asynchronous PPP port: what puts a SUT that speaks PPP on a
// line (a daemon on a pty, equipment on a serial port) onto the environment's ISDN network, so
// that its peer is the same reference router every attachment meets (DESIGN.md sections 4, 7).
// It does what async-to-sync PPP terminal adapters do (RFC 1662 section 4.5 names the case):
// it dials one stored number when its line comes up ("dial on DTR"), relays PPP frames between
// the line and the B-channel once the call is through-connected (frames the SUT sends before
// that are held, a bounded few), answers a call while its line is up and idle (a callback's
// return call), refuses one otherwise (user busy, Q.850 #17), and hangs its line up when the
// network or the far end clears the call. The line's framing is the attachment's business: the
// adapter sees frames in the synchronous shape (Address .. FCS). Sans-IO like the router.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "ppp/sut/actions.hpp"
#include "ppp/sut/common.hpp"
#include "ppp/sut/q931_user.hpp"

namespace ppp::sut {

struct TerminalAdapterOptions {
    std::string name = "TA";        // in logs
    std::string directory_number;   // its own: the calling party of its calls
    std::string dial_number;        // dialled when the line comes up; empty: it only answers
    std::size_t max_held_frames = 16;  // what the SUT sends before the call connects
    Q931Timers q931;
    LogOptions log;  // isdn: its Q.931 as `debug isdn q931`; dialer: what it does with calls
};

class TerminalAdapter {
public:
    explicit TerminalAdapter(TerminalAdapterOptions options);
    TerminalAdapter(const TerminalAdapter&) = delete;
    TerminalAdapter& operator=(const TerminalAdapter&) = delete;

    // The line side.
    void on_line_up(Millis now);    // places the call to dial_number (ISDN-02)
    void on_line_down(Millis now);  // clears the call, normal clearing (#16)
    void on_line_frame(Millis now, const Bytes& frame);

    // The network side.
    void on_q931(Millis now, const Bytes& message);
    void on_frame(Millis now, int channel, const Bytes& frame);
    void on_timer(Millis now);

    // Outputs: SendQ931 and SendFrame toward the network, LogLine; frames toward the line.
    std::optional<Action> poll_action();
    std::optional<Bytes> poll_line_frame();
    std::optional<Millis> next_deadline() const { return q931_.next_deadline(); }
    // True once after the call under an up line was cleared from the network side: the
    // attachment hangs its line up where it can (a daemon stopped, DTR dropped).
    bool take_hang_up();

    const std::string& name() const { return options_.name; }
    bool line_up() const { return line_up_; }
    bool connected() const { return call_ >= 0 && channel_ > 0; }
    std::size_t frames_dropped() const { return frames_dropped_; }  // held ones past the bound

private:
    void pump(Millis now);
    void log(Millis now, const std::string& text);

    TerminalAdapterOptions options_;
    std::deque<Action> out_;
    Logger log_;
    Q931User q931_;
    std::deque<Bytes> held_;
    std::deque<Bytes> to_line_;
    int call_ = -1;     // the one call it carries
    int channel_ = 0;   // its B-channel once through-connected
    bool line_up_ = false;
    bool hang_up_ = false;
    std::size_t frames_dropped_ = 0;
};

}  // namespace ppp::sut
