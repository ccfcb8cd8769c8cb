// The terminal adapter (see terminal_adapter.hpp).
#include "ppp/sut/terminal_adapter.hpp"

namespace ppp::sut {

namespace {
constexpr std::uint8_t kCauseNormalClearing = 16;  // Q.850 #16
constexpr std::uint8_t kCauseUserBusy = 17;        // Q.850 #17
}  // namespace

TerminalAdapter::TerminalAdapter(TerminalAdapterOptions options)
    : options_(std::move(options)), log_(options_.log, out_), q931_(log_, out_, options_.q931) {}

void TerminalAdapter::log(Millis now, const std::string& text) {
    if (log_.dialer()) log_.line(now, options_.name + ": " + text);
}

void TerminalAdapter::on_line_up(Millis now) {
    if (line_up_) return;
    line_up_ = true;
    hang_up_ = false;
    held_.clear();
    if (call_ < 0 && !options_.dial_number.empty()) {
        call_ = q931_.place_call(now, options_.dial_number, options_.directory_number);
        log(now, "line up, dialling " + options_.dial_number);
    }
    pump(now);
}

void TerminalAdapter::on_line_down(Millis now) {
    if (!line_up_) return;
    line_up_ = false;
    held_.clear();
    if (call_ >= 0 && q931_.state(call_) != UState::Null) {
        log(now, "line down, clearing the call");
        q931_.disconnect(now, call_, kCauseNormalClearing);
    }
    pump(now);
}

void TerminalAdapter::on_line_frame(Millis now, const Bytes& frame) {
    if (!line_up_) return;
    if (connected()) {
        out_.emplace_back(SendFrame{channel_, frame});
        return;
    }
    // Before the call is through-connected nothing can carry the frame: hold a few (the SUT's
    // first Configure-Requests), as a real adapter buffers while it dials.
    if (held_.size() >= options_.max_held_frames) {
        held_.pop_front();
        ++frames_dropped_;
    }
    held_.push_back(frame);
    (void)now;
}

void TerminalAdapter::on_q931(Millis now, const Bytes& message) {
    q931_.on_message(now, message);
    pump(now);
}

void TerminalAdapter::on_frame(Millis, int channel, const Bytes& frame) {
    if (connected() && channel == channel_ && line_up_) to_line_.push_back(frame);
}

void TerminalAdapter::on_timer(Millis now) {
    q931_.on_timer(now);
    pump(now);
}

void TerminalAdapter::pump(Millis now) {
    while (auto e = q931_.poll_event()) {
        using K = Q931Event::Kind;
        switch (e->kind) {
            case K::Incoming:
                if (line_up_ && call_ < 0) {
                    call_ = e->call;
                    log(now, "answering a call from " + e->calling);
                    q931_.accept(now, e->call);
                } else {
                    log(now, "refusing a call from " + e->calling + (line_up_ ? " (busy)" : " (line down)"));
                    q931_.reject(now, e->call, kCauseUserBusy);
                }
                break;
            case K::Proceeding: break;
            case K::Connected:
                if (e->call != call_) break;
                channel_ = e->channel;
                log(now, "connected on B" + std::to_string(channel_));
                while (!held_.empty()) {
                    out_.emplace_back(SendFrame{channel_, std::move(held_.front())});
                    held_.pop_front();
                }
                break;
            case K::Down:
                if (e->call != call_) break;
                channel_ = 0;
                if (line_up_) {
                    log(now, "call cleared (cause " + std::to_string(e->cause) + "), hanging the line up");
                    hang_up_ = true;
                }
                break;
            case K::Released:
                if (e->call == call_) {
                    call_ = -1;
                    channel_ = 0;
                }
                break;
        }
    }
}

std::optional<Action> TerminalAdapter::poll_action() {
    if (out_.empty()) return std::nullopt;
    Action a = std::move(out_.front());
    out_.pop_front();
    return a;
}

std::optional<Bytes> TerminalAdapter::poll_line_frame() {
    if (to_line_.empty()) return std::nullopt;
    Bytes f = std::move(to_line_.front());
    to_line_.pop_front();
    return f;
}

bool TerminalAdapter::take_hang_up() {
    const bool h = hang_up_;
    hang_up_ = false;
    return h;
}

}  // namespace ppp::sut
