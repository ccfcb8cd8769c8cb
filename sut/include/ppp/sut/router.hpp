#pragma once
// The reference router: one BRI (Q.931 user side on D, a PPP link per B-channel) with a Cisco
// style dialer (SPEC DDR, CCB) and callback client/server roles (SPEC CB, CBCP). Sans-IO:
// events and virtual time in, actions out (STYLE.md section 1).
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ppp/sut/actions.hpp"
#include "ppp/sut/common.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/ppp_link.hpp"
#include "ppp/sut/q931_user.hpp"

namespace ppp::sut {

// AMB-01: who tears the first call down once callback is agreed (Cisco: both routers drop).
enum class TerminateInitiator : std::uint8_t { Client, Server, Both };

struct RouterOptions {
    std::string hostname;          // CHAP/PAP name, e.g. "R1"
    std::string directory_number;  // our own number (calling party, CBCP user number)
    std::uint64_t seed = 1;
    Faults faults;
    // Mutation analysis (ppp/sut/mutation.hpp): the mutant this instance runs; 0 = none. Only the
    // mutation build's sources hold mutants; elsewhere any value runs the unmutated router.
    int mutant = 0;
    PppKnobs ppp;
    Q931Timers q931;
    LogOptions log;
    TerminateInitiator terminate_initiator = TerminateInitiator::Both;  // AMB-01
    std::optional<Millis> callback_delay;  // AMB-09: default = dialer enable-timeout (Cisco)
    int return_retries = 0;                // AMB-10: Cisco places no retry (CCB-06)
    // CCB-01: 0 (Cisco). 1/3 = dial string / E.164 carrying our number (FreeBSD style, AMB-08),
    // 6 = ask for CBCP like pppd (IMPL-01).
    std::uint8_t callback_request_op = 0;
    std::string callback_number;   // op 1/3 message; empty: directory_number
    Millis callback_wait{120000};  // how long a client waits for the return call (cisco-ios hold_timeout)
    // CBCP answerer (CBCP-02): the types offered (1 no callback, 2 user number, 3 admin number,
    // in this order); empty: what the configuration implies. A harness peer offers them as the
    // plan asks (PEERS.md section 2).
    std::vector<std::uint8_t> cbcp_offer;
    // AMB-12: the CBCP answerer terminates the link after its Ack (Windows, Cisco); false leaves
    // it to the caller, as pppd's answerer does.
    bool cbcp_answerer_terminates = true;
    // A harness peer silent in the callback phase: op 6 agreed, it never sends a Request (AMB-41).
    bool cbcp_answerer_silent = false;
};

enum class DialReason : std::uint8_t { None, Traffic, CallbackReturn };

struct DialStat {  // one row of show dialer's dial-string table (OBS-08)
    int successes = 0;
    int failures = 0;
    std::optional<Millis> last_call;
    bool last_ok = false;
};

struct RouterCounters {
    int incoming_screened = 0;
    int rejected_for_callback = 0;   // CCB-05
    int return_calls_placed = 0;
    int calls_placed = 0;
    int calls_answered = 0;
    int calls_rejected = 0;
    int packets_dropped = 0;
    int packets_held = 0;
};

class Router {
public:
    Router(RouterConfig config, RouterOptions options);
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Inputs. `now` never goes backwards.
    void on_q931(Millis now, const Bytes& message);
    void on_frame(Millis now, int channel, const Bytes& frame);  // channel 1 or 2
    void on_traffic(Millis now, const Bytes& datagram);          // locally originated IPv4
    void on_timer(Millis now);

    // Outputs: drain after every input, then read next_deadline().
    std::optional<Action> poll_action();
    std::optional<Millis> next_deadline() const;

    // What a person sees.
    std::string show_dialer(Millis now) const;  // OBS-08, DESIGN.md section 1

    // Observation helpers for tests and adapters.
    const std::string& hostname() const { return options_.hostname; }
    const RouterConfig& config() const { return config_; }
    const RouterOptions& options() const { return options_; }
    const RouterCounters& counters() const { return counters_; }
    const std::map<std::string, DialStat>& dial_stats() const { return dial_stats_; }
    const PppLink& link(int channel) const { return *links_[static_cast<std::size_t>(channel - 1)]; }
    bool channel_connected(int channel) const;
    DialReason dial_reason(int channel) const;
    bool callback_pending() const { return pending_callback_.has_value(); }
    std::size_t scheduled_return_calls() const { return return_calls_.size(); }

private:
    struct Channel {
        int call = -1;
        bool connected = false;
        bool outgoing = false;
        std::string number;
        std::string called;  // incoming: the number the caller dialled
        std::string name;
        DialReason reason = DialReason::None;
        std::string reason_text;
        Millis connected_at{0};
        Millis last_activity{0};
        bool protocol_up = false;
        bool link_started = false;
        bool callback_return = false;      // we placed this call as a callback return call
        bool drop_for_callback = false;    // first call of a callback: no NCP (SEQ-01)
        std::optional<std::pair<std::string, std::string>> call_back;  // server: name, number
        std::optional<Millis> callback_delay;
    };
    struct Dial {
        int call = -1;
        std::string number;
        std::string name;
        DialReason reason = DialReason::Traffic;
        std::string reason_text;
        Millis deadline{0};  // wait-for-carrier (DDR-05)
        bool callback_return = false;
        int retries_left = 0;
    };
    struct ReturnCall {
        Millis at{0};
        std::string name;
        std::string number;
        int retries_left = 0;
    };
    struct Pending {  // callback client record ("Callback client for R1 5557777 created")
        std::string name;
        std::string number;
        Millis expires{0};
    };
    struct Held {
        Bytes datagram;
        std::uint32_t next_hop = 0;
        Millis queued{0};
    };

    void pump(Millis now);
    void on_call_event(Millis now, const Q931Event& e);
    void on_link_event(Millis now, int channel, const LinkEvent& e);
    void on_auth_done(Millis now, int channel);
    void start_link(Millis now, int channel);
    void hang_up(Millis now, int channel, std::uint8_t cause);
    void call_down(Millis now, int channel, std::uint8_t cause);
    void dial_failed(Millis now, Dial& d, std::uint8_t cause);
    bool place_call(Millis now, const std::string& number, const std::string& name, DialReason reason,
                    const std::string& reason_text, bool callback_return, int retries);
    void route(Millis now, const Bytes& datagram, std::uint32_t src, std::uint32_t dst, bool interesting);
    void deliver_from_link(Millis now, const Bytes& datagram);
    void flush_hold(Millis now, int channel);
    bool interesting(const Bytes& datagram) const;
    int channel_for(std::uint32_t next_hop, const DialerMap* map) const;
    Millis idle_deadline(const Channel& c) const;
    void log_dialer(Millis now, const std::string& text);
    void log_syslog(Millis now, const std::string& text);
    std::string peer_label(const Channel& c) const;

    RouterConfig config_;
    RouterOptions options_;
    Rng rng_;
    std::deque<Action> out_;
    Logger log_;
    Q931User q931_;
    std::array<std::unique_ptr<PppLink>, 2> links_;
    std::array<Channel, 2> channels_{};
    std::vector<Dial> dials_;
    std::vector<ReturnCall> return_calls_;
    std::optional<Pending> pending_callback_;
    std::deque<Held> hold_;
    std::map<std::string, DialStat> dial_stats_;
    RouterCounters counters_;
    Millis dial_enabled_at_{0};  // DDR-06 enable-timeout
    bool contention_ = false;    // DDR-04 fast-idle applies
};

}  // namespace ppp::sut
