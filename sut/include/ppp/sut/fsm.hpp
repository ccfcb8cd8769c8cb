#pragma once
// RFC 1661 section 4 option negotiation automaton (SPEC section 3), shared by LCP and IPCP.
// The owner supplies the actions (send packets, layer up/down); this class keeps the state, the
// restart counter and the restart timer (FSM-01..04).
#include <cstdint>
#include <optional>

#include "ppp/sut/common.hpp"

namespace ppp::sut {

enum class FsmState : std::uint8_t {
    Initial, Starting, Closed, Stopped, Closing, Stopping, ReqSent, AckRcvd, AckSent, Opened,
};
const char* fsm_state_name(FsmState s);  // RFC names: "Req-Sent"
const char* ios_state_label(FsmState s); // debug ppp negotiation labels: "REQsent" (OBS-05)

class FsmActions {
public:
    virtual ~FsmActions() = default;
    virtual void tlu(Millis now) = 0;
    virtual void tld(Millis now) = 0;
    virtual void tls(Millis now) = 0;
    virtual void tlf(Millis now) = 0;
    virtual void scr(Millis now) = 0;
    virtual void sca(Millis now) = 0;
    virtual void scn(Millis now) = 0;  // Configure-Nak or -Reject, prepared by the owner
    virtual void str(Millis now) = 0;
    virtual void sta(Millis now) = 0;
    virtual void scj(Millis now) = 0;
    virtual void ser(Millis now) = 0;
    virtual void illegal_event(const char* event) = 0;  // FSM-05: log, no transition
};

struct FsmTimers {  // FSM-03 defaults
    Millis restart{3000};
    int max_configure = 10;
    int max_terminate = 2;
};

class Fsm {
public:
    Fsm(FsmActions& actions, FsmTimers timers) : actions_(actions), timers_(timers) {}

    void up(Millis now);
    void down(Millis now);
    void open(Millis now);
    void close(Millis now);
    void rcr(Millis now, bool good);
    void rca(Millis now);
    void rcn(Millis now);
    void rtr(Millis now);
    void rta(Millis now);
    void ruc(Millis now);
    void rxj(Millis now, bool permitted);
    void rxr(Millis now);
    void on_timer(Millis now);  // TO+ / TO- when the restart timer is due

    FsmState state() const { return state_; }
    std::optional<Millis> deadline() const { return deadline_; }
    int restart_counter() const { return counter_; }
    void reset() {  // back to Initial without actions (a new call on the channel)
        state_ = FsmState::Initial;
        deadline_.reset();
        counter_ = 0;
    }

private:
    void go(FsmState s);
    void irc_configure() { counter_ = timers_.max_configure; }
    void irc_terminate() { counter_ = timers_.max_terminate; }
    void do_scr(Millis now);
    void do_str(Millis now);
    void zrc(Millis now);

    FsmActions& actions_;
    FsmTimers timers_;
    FsmState state_ = FsmState::Initial;
    int counter_ = 0;
    std::optional<Millis> deadline_;
};

}  // namespace ppp::sut
