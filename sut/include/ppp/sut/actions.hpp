#pragma once
// What a router asks its driver to do (sans-IO outputs, STYLE.md section 1).
#include <deque>
#include <string>
#include <variant>

#include "ppp/sut/common.hpp"

namespace ppp::sut {

struct SendQ931 {   // D-channel message toward the network (user side)
    Bytes message;
};
struct SendFrame {  // synchronous HDLC frame (body + FCS-16) on B-channel 1 or 2
    int channel = 1;
    Bytes frame;
};
struct DeliverLocal {  // an IP datagram addressed to this router (e.g. an echo reply for a ping)
    Bytes datagram;
};
struct LogLine {  // one IOS-style console line (OBS-03..07)
    Millis at{0};
    std::string text;
};

using Action = std::variant<SendQ931, SendFrame, DeliverLocal, LogLine>;

// Which console output a router produces (`debug dialer`, `debug isdn q931`,
// `debug ppp negotiation` / `authentication`, syslog). Nothing is formatted when off.
struct LogOptions {
    bool syslog = false;
    bool dialer = false;
    bool isdn = false;
    bool ppp = false;
    static LogOptions all() { return LogOptions{true, true, true, true}; }
    bool any() const { return syslog || dialer || isdn || ppp; }
};

// Appends LogLines to a router's action queue; callers test the category before formatting.
class Logger {
public:
    Logger(LogOptions options, std::deque<Action>& out) : options_(options), out_(&out) {}
    const LogOptions& options() const { return options_; }
    bool syslog() const { return options_.syslog; }
    bool dialer() const { return options_.dialer; }
    bool isdn() const { return options_.isdn; }
    bool ppp() const { return options_.ppp; }
    void line(Millis at, std::string text) { out_->emplace_back(LogLine{at, std::move(text)}); }

private:
    LogOptions options_;
    std::deque<Action>* out_;
};

}  // namespace ppp::sut
