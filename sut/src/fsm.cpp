// One function per RFC 1661 section 4.1 event row; each case is the table cell (SPEC section 3).
#include "ppp/sut/fsm.hpp"

namespace ppp::sut {

using S = FsmState;

const char* fsm_state_name(FsmState s) {
    static const char* kNames[] = {"Initial", "Starting", "Closed",  "Stopped",  "Closing",
                                   "Stopping", "Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened"};
    return kNames[static_cast<int>(s)];
}

const char* ios_state_label(FsmState s) {
    static const char* kLabels[] = {"Closed",   "Closed",  "Closed",  "Listen",  "TERMsent",
                                    "TERMsent", "REQsent", "ACKrcvd", "ACKsent", "Open"};
    return kLabels[static_cast<int>(s)];
}

void Fsm::go(FsmState s) {
    state_ = s;
    // FSM-01: the restart timer runs only in Closing..Ack-Sent.
    if (s != S::Closing && s != S::Stopping && s != S::ReqSent && s != S::AckRcvd &&
        s != S::AckSent) {
        deadline_.reset();
    }
}

void Fsm::do_scr(Millis now) {
    --counter_;  // FSM-02: every transmission, the first included
    deadline_ = now + timers_.restart;
    actions_.scr(now);
}

void Fsm::do_str(Millis now) {
    --counter_;
    deadline_ = now + timers_.restart;
    actions_.str(now);
}

void Fsm::zrc(Millis now) {  // FSM-04: pause one restart interval before tlf
    counter_ = 0;
    deadline_ = now + timers_.restart;
}

void Fsm::up(Millis now) {
    switch (state_) {
        case S::Initial: go(S::Closed); break;
        // scr before the state change so the debug line reads "O CONFREQ [Closed]" (OBS-05).
        case S::Starting: irc_configure(); do_scr(now); go(S::ReqSent); break;
        default: actions_.illegal_event("Up");
    }
}

void Fsm::down(Millis now) {
    switch (state_) {
        case S::Closed: go(S::Initial); break;
        case S::Stopped: go(S::Starting); actions_.tls(now); break;
        case S::Closing: go(S::Initial); break;
        case S::Stopping: case S::ReqSent: case S::AckRcvd: case S::AckSent: go(S::Starting); break;
        case S::Opened: go(S::Starting); actions_.tld(now); break;
        default: actions_.illegal_event("Down");
    }
}

void Fsm::open(Millis now) {
    switch (state_) {
        case S::Initial: go(S::Starting); actions_.tls(now); break;
        case S::Closed: irc_configure(); do_scr(now); go(S::ReqSent); break;
        case S::Closing: go(S::Stopping); break;
        default: break;  // 1, 3, 5-9 stay (no restart option, FSM-07)
    }
}

void Fsm::close(Millis now) {
    switch (state_) {
        case S::Starting: go(S::Initial); actions_.tlf(now); break;
        case S::Stopped: go(S::Closed); break;
        case S::Stopping: go(S::Closing); break;
        case S::ReqSent: case S::AckRcvd: case S::AckSent:
            irc_terminate(); go(S::Closing); do_str(now); break;
        case S::Opened:
            actions_.tld(now); irc_terminate(); go(S::Closing); do_str(now); break;
        default: break;  // 0, 2, 4 stay
    }
}

void Fsm::on_timer(Millis now) {
    if (!deadline_ || *deadline_ > now) return;
    deadline_.reset();
    const bool plus = counter_ > 0;
    switch (state_) {
        case S::Closing:
            if (plus) do_str(now); else { go(S::Closed); actions_.tlf(now); }
            break;
        case S::Stopping:
            if (plus) do_str(now); else { go(S::Stopped); actions_.tlf(now); }
            break;
        case S::ReqSent: case S::AckRcvd: case S::AckSent:
            if (plus) {
                if (state_ == S::AckRcvd) go(S::ReqSent);
                do_scr(now);
            } else {
                go(S::Stopped);
                actions_.tlf(now);
            }
            break;
        default: break;
    }
}

void Fsm::rcr(Millis now, bool good) {
    switch (state_) {
        case S::Closed: actions_.sta(now); break;
        case S::Stopped:
            irc_configure(); go(good ? S::AckSent : S::ReqSent); do_scr(now);
            if (good) actions_.sca(now); else actions_.scn(now);
            break;
        case S::Closing: case S::Stopping: break;
        case S::ReqSent:
            if (good) { go(S::AckSent); actions_.sca(now); } else actions_.scn(now);
            break;
        case S::AckRcvd:
            if (good) { go(S::Opened); actions_.sca(now); actions_.tlu(now); }
            else actions_.scn(now);
            break;
        case S::AckSent:
            if (good) actions_.sca(now); else { go(S::ReqSent); actions_.scn(now); }
            break;
        case S::Opened:
            actions_.tld(now); go(good ? S::AckSent : S::ReqSent); do_scr(now);
            if (good) actions_.sca(now); else actions_.scn(now);
            break;
        default: actions_.illegal_event(good ? "RCR+" : "RCR-");
    }
}

void Fsm::rca(Millis now) {
    switch (state_) {
        case S::Closed: case S::Stopped: actions_.sta(now); break;
        case S::Closing: case S::Stopping: break;
        case S::ReqSent: irc_configure(); go(S::AckRcvd); break;
        case S::AckRcvd: go(S::ReqSent); do_scr(now); break;  // crossed connection (FSM-07)
        case S::AckSent: irc_configure(); go(S::Opened); actions_.tlu(now); break;
        case S::Opened: actions_.tld(now); go(S::ReqSent); do_scr(now); break;
        default: actions_.illegal_event("RCA");
    }
}

void Fsm::rcn(Millis now) {
    switch (state_) {
        case S::Closed: case S::Stopped: actions_.sta(now); break;
        case S::Closing: case S::Stopping: break;
        case S::ReqSent: irc_configure(); do_scr(now); break;
        case S::AckRcvd: go(S::ReqSent); do_scr(now); break;
        case S::AckSent: irc_configure(); do_scr(now); break;
        case S::Opened: actions_.tld(now); go(S::ReqSent); do_scr(now); break;
        default: actions_.illegal_event("RCN");
    }
}

void Fsm::rtr(Millis now) {
    switch (state_) {
        case S::Closed: case S::Stopped: case S::Closing: case S::Stopping: case S::ReqSent:
            actions_.sta(now); break;
        case S::AckRcvd: case S::AckSent: go(S::ReqSent); actions_.sta(now); break;
        case S::Opened: actions_.tld(now); go(S::Stopping); zrc(now); actions_.sta(now); break;
        default: actions_.illegal_event("RTR");
    }
}

void Fsm::rta(Millis now) {
    switch (state_) {
        case S::Closed: case S::Stopped: case S::ReqSent: case S::AckSent: break;
        case S::Closing: go(S::Closed); actions_.tlf(now); break;
        case S::Stopping: go(S::Stopped); actions_.tlf(now); break;
        case S::AckRcvd: go(S::ReqSent); break;
        case S::Opened: actions_.tld(now); go(S::ReqSent); do_scr(now); break;
        default: actions_.illegal_event("RTA");
    }
}

void Fsm::ruc(Millis now) {
    if (state_ == S::Initial || state_ == S::Starting) {
        actions_.illegal_event("RUC");
        return;
    }
    actions_.scj(now);
}

void Fsm::rxj(Millis now, bool permitted) {
    if (state_ == S::Initial || state_ == S::Starting) {
        actions_.illegal_event(permitted ? "RXJ+" : "RXJ-");
        return;
    }
    if (permitted) {
        if (state_ == S::AckRcvd) go(S::ReqSent);
        return;
    }
    switch (state_) {
        case S::Closed: actions_.tlf(now); break;
        case S::Stopped: actions_.tlf(now); break;
        case S::Closing: go(S::Closed); actions_.tlf(now); break;
        case S::Stopping: case S::ReqSent: case S::AckRcvd: case S::AckSent:
            go(S::Stopped); actions_.tlf(now); break;
        case S::Opened:
            actions_.tld(now); irc_terminate(); go(S::Stopping); do_str(now); break;
        default: break;
    }
}

void Fsm::rxr(Millis now) {
    if (state_ == S::Initial || state_ == S::Starting) {
        actions_.illegal_event("RXR");
        return;
    }
    if (state_ == S::Opened) actions_.ser(now);
}

}  // namespace ppp::sut
