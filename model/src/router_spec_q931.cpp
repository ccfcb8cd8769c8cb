// RouterSpec, Q.931 user side (ISDN-01..11): call states and timers per call, SETUP and its
// numbers, causes, STATUS ENQUIRY, clear collision; the B-channel links calls put up and take down.
#include "router_spec_impl.hpp"

namespace ppp::model {

// ----- D-channel -----------------------------------------------------------------------------
void RouterSpec::Impl::on_q931(const wire::PortMessage& d, bool obs) {
    const auto& m = *d.decoded().q931;
    if (!m) {
        if (obs) violate({m.error().clause.empty() ? "ISDN-02" : m.error().clause}, "undecodable Q.931 message: " + m.error().to_string());
        else note("undecodable Q.931 stimulus: " + m.error().to_string());
        return;
    }
    const wire::Q931Message& msg = m.value();
    if (obs) check_ie_coding(msg);
    const bool sut_allocated = obs != msg.from_destination;
    const int key = call_key_of(msg.call_reference, sut_allocated);
    if (msg.kind() == wire::Q931Type::StatusEnquiry || msg.kind() == wire::Q931Type::Status) {
        status_procedure(msg, key, obs);
        return;
    }
    const auto ev = q931_event(msg.kind(), obs);
    if (!ev) {
        if (obs) note(std::string("SUT sent ") + wire::q931_type_name(msg.type));
        return;
    }
    if (*ev == Q931Event::SetupOut) {
        // Q.931 section 5.1.1: a SETUP on a call reference still in Call Initiated is that call's
        // repetition at T303 expiry (judged by ISDN-02 below), not a new dial.
        const auto existing = calls.find(key);
        const bool repeat = existing != calls.end() && !existing->second.abstract && existing->second.q.state() == Q931State::U1;
        if (repeat) take(OutputKind::Setup, 0, key);  // the retransmission owed at T303 expiry
        else if (!observe_setup(msg)) return;
    }
    auto it = calls.find(key);
    const bool collided = collided_calls.erase(key) > 0;
    if (it == calls.end()) {
        if (*ev != Q931Event::SetupOut && *ev != Q931Event::SetupIn) {
            if (obs && *ev == Q931Event::RelCompOut && collided) {
                violate({"ISDN-11"}, "RELEASE COMPLETE for call reference " + std::to_string(msg.call_reference) +
                                         ", freed by a clear collision (RELEASE received in Release Request): Q.931 "
                                         "section 5.3.5 frees it without sending a RELEASE COMPLETE");
                return;
            }
            if (obs && *ev == Q931Event::RelCompOut && take(OutputKind::ReleaseComplete, 0, key)) return;
            if (obs && *ev == Q931Event::RelCompOut && owes_status(key)) {
                violate({"ISDN-13"}, "RELEASE COMPLETE for call reference " + std::to_string(msg.call_reference) +
                                         " in answer to a STATUS ENQUIRY: Q.931 section 5.8.10 answers it with STATUS "
                                         "reporting the Null state, section 5.8.3.2 a) excepts it from cause #81");
                return;
            }
            if (obs && *ev != Q931Event::RelCompOut)
                violate({"ISDN-05"}, std::string(wire::q931_type_name(msg.type)) + " for unknown call reference " + std::to_string(msg.call_reference));
            else note(std::string(wire::q931_type_name(msg.type)) + " for an unknown call reference");
            return;
        }
        Call c;
        c.cref = msg.call_reference;
        c.sut_allocated = sut_allocated;
        c.started = now;
        c.number = msg.called ? msg.called->digits : "";
        if (*ev == Q931Event::SetupIn) c.number = msg.calling ? msg.calling->digits : "";
        it = calls.emplace(key, std::move(c)).first;
        if (*ev == Q931Event::SetupIn) incoming_setup(it->second, key, msg);
    }
    Call& call = it->second;
    if (msg.channel && (msg.channel->channel == 1 || msg.channel->channel == 2) && call.channel != msg.channel->channel) {
        call.channel = msg.channel->channel;
        channel_changed[call.channel] = now;
    }
    const Q931Step step = call.q.fire(*ev);
    if (!step.legal) {
        if (obs) violate({"ISDN-02", "ISDN-03", "ISDN-05"}, std::string("SUT sent ") + wire::q931_type_name(msg.type) + " in " +
                                                                q931_state_name(step.from) + " where Q.931 allows no such message");
        else note("FSM-05: " + std::string(q931_event_name(*ev)) + " is illegal in " + q931_state_name(step.from));
        return;
    }
    if (!obs && (*ev == Q931Event::DisconnectIn || *ev == Q931Event::ReleaseIn)) call.network_cleared = true;
    if (!obs && *ev == Q931Event::ReleaseIn && step.from == Q931State::U19) {
        exercise({"ISDN-11"});
        collided_calls.insert(key);
    }
    // Consume what the SUT owed on this call.
    if (obs) consume_q931(call, key, *ev, msg);
    // A call the SUT placed ends before it connected: refused by the network, or given up by
    // the SUT itself (wait-for-carrier DDR-05, T310): either way DDR-06 applies from now.
    const bool failed = call.sut_allocated && !was_connected(key) && !call.failure_counted &&
                        (obs ? *ev == Q931Event::DisconnectOut
                             : (*ev == Q931Event::RelCompIn || *ev == Q931Event::DisconnectIn || *ev == Q931Event::ReleaseIn));
    if (failed) {
        call.failure_counted = true;
        tally_dial(call, false);
    }
    const std::uint8_t cause = msg.cause ? msg.cause->value : 0;
    const std::string number = call.number;
    const bool return_call = call.return_call;
    q931_apply(key, step, obs ? static_cast<int>(*ev) : -1);
    if (failed) call_failed(cause, number, return_call);
}

// Q.931 section 5.8.10 (ISDN-09): "Upon receipt of a STATUS ENQUIRY message, the receiver
// shall respond with a STATUS message, reporting the current call state ... and cause
// No. 30 'response to STATUS ENQUIRY'." Neither message moves the call's state.
void RouterSpec::Impl::status_procedure(const wire::Q931Message& msg, int key, bool obs) {
    const auto it = calls.find(key);
    if (!obs) {
        if (msg.kind() != wire::Q931Type::StatusEnquiry) return note("STATUS from the network: no answer owed");
        if (it == calls.end() || it->second.q.state() == Q931State::U0) {
            // ISDN-13: "or the Null state if the call reference does not relate to an active call
            // or to a call in progress"; section 5.8.3.2 a) keeps RELEASE COMPLETE #81 for others.
            exercise({"ISDN-13"});
            owe(OutputKind::Status, 0, -1, reply_by(), {"ISDN-13", "ISDN-09"},
                "STATUS (cause #30, Null state) answering the STATUS ENQUIRY for a call reference with no call", key);
            return;
        }
        owe(OutputKind::Status, 0, -1, reply_by(), {"ISDN-09"}, "STATUS (cause #30) answering the STATUS ENQUIRY", key);
        return;
    }
    if (msg.kind() != wire::Q931Type::Status) return note("SUT sent STATUS ENQUIRY");
    exercise({"ISDN-09"});
    if (!take(OutputKind::Status, 0, key)) return note("STATUS with no STATUS ENQUIRY to answer (Q.931 section 5.8: error reporting)");
    const std::uint8_t cause = msg.cause ? msg.cause->value : 0;
    if (cause != wire::cause::kResponseToStatusEnquiry)
        violate({"ISDN-09"}, "expected STATUS with cause #30 (response to STATUS ENQUIRY), observed " +
                                 (msg.cause ? "#" + std::to_string(cause) : std::string("no cause")));
    const auto state_ie = std::find_if(msg.others.begin(), msg.others.end(),
                                       [](const wire::RawIe& ie) { return ie.id == wire::q931_ie::kCallState; });
    const int expected = it == calls.end() ? 0 : static_cast<int>(it->second.q.state());
    if (state_ie == msg.others.end() || state_ie->contents.size() != 1)
        violate({"ISDN-09"}, "expected STATUS with a Call state IE (one octet), observed none");
    else if ((state_ie->contents[0] & 0x3F) != expected)
        violate({"ISDN-09"}, "expected STATUS reporting call state U" + std::to_string(expected) + ", observed U" +
                                 std::to_string(state_ie->contents[0] & 0x3F));
}

std::optional<Q931Event> RouterSpec::Impl::q931_event(wire::Q931Type t, bool obs) {
    using T = wire::Q931Type;
    switch (t) {
        case T::Setup: return obs ? Q931Event::SetupOut : Q931Event::SetupIn;
        case T::CallProceeding: return obs ? Q931Event::CallProcOut : Q931Event::CallProcIn;
        case T::Alerting: return obs ? Q931Event::AlertingOut : Q931Event::AlertingIn;
        case T::Progress: return obs ? std::nullopt : std::optional<Q931Event>(Q931Event::ProgressIn);
        case T::Connect: return obs ? Q931Event::ConnectOut : Q931Event::ConnectIn;
        case T::ConnectAck: return obs ? Q931Event::ConnectAckOut : Q931Event::ConnectAckIn;
        case T::Disconnect: return obs ? Q931Event::DisconnectOut : Q931Event::DisconnectIn;
        case T::Release: return obs ? Q931Event::ReleaseOut : Q931Event::ReleaseIn;
        case T::ReleaseComplete: return obs ? Q931Event::RelCompOut : Q931Event::RelCompIn;
        default: return std::nullopt;
    }
}

int RouterSpec::Impl::busy_calls() const {
    int n = 0;
    for (const auto& [k, c] : calls) n += c.in_progress();
    return n;
}

int RouterSpec::Impl::channels_in_use() const {
    int n = 0;
    for (const auto& [k, c] : calls) {
        n += c.in_progress() && (!c.clearing() || profile.dialer.clearing_call_holds_channel);
    }
    return n;
}

// DDR-08: calls to other destinations take the rotary's other B-channel; only a call with the peer
// (or one whose number is not known) carries the peer's traffic.
bool RouterSpec::Impl::peer_call_in_progress() const {
    const bool call = std::any_of(calls.begin(), calls.end(), [&](const auto& kc) {
        const Call& c = kc.second;
        // A call being cleared is no call of the peer's any more: traffic needs a new one (DDR-01).
        return c.in_progress() && !c.clearing() && !is_other_destination(c.number);
    });
    // A link without a call (a line up from the start) is the peer's.
    return call || std::any_of(links.begin(), links.end(), [&](const auto& cl) {
               const auto it = calls.find(cl.second.call_key);
               return it == calls.end() || !is_other_destination(it->second.number);
           });
}

bool RouterSpec::Impl::owes_status(int key) const {
    return std::any_of(owed.begin(), owed.end(), [&](const Owed& o) { return o.kind == OutputKind::Status && o.call_key == key; });
}

// AMB-45: a call the peer placed that is still coming in: no return call the client waits for,
// and its link (if up yet) not authenticated, so no dialer map holds it yet (DDR-02).
bool RouterSpec::Impl::unbound_incoming_call() const {
    return std::any_of(calls.begin(), calls.end(), [&](const auto& kc) {
        const Call& c = kc.second;
        if (c.sut_allocated || !c.in_progress() || c.return_call || is_other_destination(c.number)) return false;
        return std::none_of(links.begin(), links.end(),
                            [&](const auto& cl) { return cl.second.call_key == kc.first && cl.second.auth_complete; });
    });
}

bool RouterSpec::Impl::is_other_destination(const std::string& number) const {
    return std::any_of(pixit.other_dialer_maps.begin(), pixit.other_dialer_maps.end(),
                       [&](const auto& m) { return m.second == number; });
}

// The SUT dials: is it allowed now, to that number? (ISDN-01, DDR-01/02/06, CCB-03/05/06)
bool RouterSpec::Impl::observe_setup(const wire::Q931Message& msg) {
    judge_dial(msg.called ? msg.called->digits : "", true);
    return true;
}

void RouterSpec::Impl::judge_dial(const std::string& called, bool number_shown) {
    exercise({"ISDN-01", "DDR-01", "DDR-02", "DDR-06"});
    if (role == Role::Server) exercise({"CCB-03", "CCB-05", "CCB-06"});
    dial(DdrEvent::Dialled);
    if (busy_calls() >= profile.isdn.channels)
        violate({"ISDN-01"}, "a third call (SETUP to " + called + ") while both B-channels of the BRI are busy");
    const Cb st = coord.state();
    if (role == Role::Server && (st == Cb::Pending || st == Cb::Refused || st == Cb::Idle || st == Cb::CallingBack) &&
        (callback_forbidden || !callback_number.empty() || return_attempts > 0)) {
        if (callback_forbidden) {
            violate({"CCB-05"}, "return call to " + called + " for user " + callback_user + ", who is not configured for callback (callback-secure)");
            return;
        }
        if (st == Cb::Idle && return_attempts > profile.callback.return_retries) {
            violate({"CCB-06", "AMB-10"}, "return call retried (attempt " + std::to_string(return_attempts + 1) +
                                              ") after it failed; the profile allows " + std::to_string(profile.callback.return_retries) + " retries");
            return;
        }
        if (st == Cb::Pending) {
            if (!number_shown) note("the return call's number is not shown: CCB-03 is not judged");
            else if (called != callback_number)
                violate({"CCB-03", "AMB-08"}, "expected the return call to " + callback_number + " (dialer map for the authenticated user " +
                                                  callback_user + "), observed a call to " + called);
            if (now < callback_from - pixit.tolerance.early)
                violate(callback_wait_rule.list(), "return call " + ms(now - (callback_from - callback_wait)) +
                                                       " after the first call cleared; the server waits " + ms(callback_wait));
            ++return_attempts;
            coordinate(CbEvent::ReturnDialled);
            return;
        }
    }
    if (other_dials.erase(called)) return;  // DDR-04: another destination, a B-channel was free
    // Dial-on-demand (client, or server without a pending callback).
    if (take(OutputKind::Setup, 0) || (may_dial_until && now <= *may_dial_until)) {
        may_dial_until.reset();
        if (pixit.dialer_map_to_peer && number_shown && called != pixit.peer_number)
            violate({"DDR-02"}, "expected a call to the dialer map number " + pixit.peer_number + ", observed one to " + called);
        if (enable_timeout_runs(pixit.tolerance.early))
            violate({"DDR-06"}, "dialled " + since_last_clear() + " after the last disconnect; enable-timeout is " + ms(profile.dialer.enable_timeout));
        return;
    }
    if (pending_return) {
        violate({"CCB-04"}, "the callback client dialled " + called + " while a return call is pending");
        return;
    }
    if (profile.dialer.enabled && enable_timeout_runs(pixit.tolerance.early)) {
        violate({"DDR-06"}, "dialled " + called + " " + since_last_clear() + " after the last call cleared; the line is unusable for the enable-timeout " +
                                ms(profile.dialer.enable_timeout));
        return;
    }
    // DDR-02: whatever made it dial, a call goes to a number a dialer map holds.
    if (pixit.dialer_map_to_peer && number_shown && called != pixit.peer_number && !is_other_destination(called))
        violate({"DDR-02"}, "a call to " + called + ", which no dialer map holds (the peer's number is " + pixit.peer_number + ")");
    if (link_down_on_unanswered_verdict) {
        violate({"DDR-01", "CHAP-04", "AMB-22"},
                "a call to " + called + " without interesting traffic to carry: a return call, although the first call ended "
                "before the SUT's own authentication completed (the only CHAP Success it had answered no Response of its)");
        return;
    }
    violate({"DDR-01"}, "a call to " + called + " without interesting traffic to carry");
}

void RouterSpec::Impl::incoming_setup(Call& call, int key, const wire::Q931Message& msg) {
    const bool on_a_b_channel = msg.channel && (msg.channel->channel == 1 || msg.channel->channel == 2);
    // Q.931 section 5.2.3.1 c): a B-channel indicated exclusive that a call in progress holds
    // cannot be accepted; refusing the SETUP (ISDN-04) is then the answer, whatever waits. A call
    // being cleared holds its channel too: DISCONNECT only disconnects it, RELEASE releases it
    // (sections 5.3.3, 5.3.4).
    const auto holds = [&](const std::pair<const int, Call>& other) {
        return other.first != key && other.second.channel == msg.channel->channel && other.second.in_progress();
    };
    const bool held = on_a_b_channel && msg.channel->exclusive &&
                      (links.count(msg.channel->channel) > 0 || std::any_of(calls.begin(), calls.end(), holds));
    if (held) {
        exercise({"ISDN-04"});
        owe(OutputKind::ReleaseComplete, 0, -1, reply_by(), {"ISDN-04"},
            "RELEASE COMPLETE refusing the SETUP on B" + std::to_string(msg.channel->channel) + ", held by the call in progress", key);
        return;
    }
    if (role == Role::Client && pending_return) {
        call.return_call = true;
        owe(OutputKind::Connect, 0, -1, reply_by(), {"CCB-04", "ISDN-03"}, "the return call answered (CONNECT)", key);
        return;
    }
    // CCB-04 "Call in -> LCP": an idle callback server answers the client's call, on whichever
    // B-channel the network chose (Q.931 section 5.2.3.1: the channel indicated "exclusive" is
    // the one to use); nothing of its own being busy, refusing it (#17) is no answer (ISDN-03).
    const bool from_the_client = msg.calling && msg.calling->digits == pixit.peer_number;  // screening aside
    if (role == Role::Server && on_a_b_channel && from_the_client && busy_calls() == 0 && links.empty() &&
        coord.state() == Cb::Idle) {
        exercise({"CCB-04", "ISDN-03"});
        owe(OutputKind::Connect, 0, -1, reply_by(), {"CCB-04", "ISDN-03"},
            "the client's call answered on B" + std::to_string(msg.channel->channel) + " (CONNECT)", key);
    }
}

// ISDN-07, PH-01: a B-channel through-connected is LCP Up, and an LCP that is not passive answers
// Up with its Configure-Request (RFC 1661 section 4.1, Starting: irc, scr). The SUT that clears a
// connected call of its own on which it never sent one took no notice of the connection.
void RouterSpec::Impl::check_lcp_started(const Call& call, int key, const wire::Q931Message& msg) {
    if (profile.lcp.passive || !call.sut_allocated || !connected_calls.count(key) || call.network_cleared) return;
    const auto link = links.find(call.channel);
    if (link == links.end() || link->second.call_key != key || link->second.sut_sent_lcp) return;
    violate({"ISDN-07", "PH-01"}, "DISCONNECT" + (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) +
                                      " of its connected call on " + bname(call.channel) +
                                      " before any LCP Configure-Request: the B-channel is through-connected, LCP is Up");
}

// FSM-02, RFC 1661 section 4.6: Max-Configure is the number of Configure-Requests "sent without
// receiving a valid Configure-Ack, Configure-Nak or Configure-Reject before assuming that the peer
// is unable to respond"; TO+ (counter above 0) sends the next one. A SUT that hangs up while its
// negotiation still owes a Request assumed it too soon, unless a call drop was owed or its dialer
// timer (DDR-03/04) ran out meanwhile.
void RouterSpec::Impl::check_negotiation_not_cut_short(const Call& call, int key, const wire::Q931Message& msg) {
    if (call.network_cleared) return;
    const auto it = links.find(call.channel);
    if (it == links.end() || it->second.call_key != key) return;
    const Link& link = it->second;
    const LcpState st = link.fsm.state();
    if (st != LcpState::ReqSent && st != LcpState::AckRcvd && st != LcpState::AckSent) return;
    if (link.fsm.restart_counter() <= 0 || drop_owed_on(call.channel)) return;
    // The SUT's counter ran out (TO-) in the instant a peer Request came: the oracle took the timer
    // first (Stopped: irc, scr, sca), the SUT may have taken the Request first and then its TO-.
    if (link.max_configure_ran_out_at && now - *link.max_configure_ran_out_at <= pixit.tolerance.late) return;
    if (profile.dialer.enabled && now >= idle_deadline(link) - pixit.tolerance.early) return;
    const int sent = profile.lcp.max_configure - link.fsm.restart_counter();
    violate({"FSM-02"}, "DISCONNECT" + (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) + " on " +
                            bname(call.channel) + " while LCP negotiates, having sent " + std::to_string(sent) + " of the " +
                            std::to_string(profile.lcp.max_configure) +
                            " Configure-Requests Max-Configure allows (RFC 1661 section 4.6: TO+ sends the next)");
}

// ISDN-12: the information elements of a message the SUT sends, coded as Q.931 section 4.5 lays
// them out (the fields a decoder would otherwise take on trust).
namespace {

bool ia5_digits(const std::string& digits) {
    return std::all_of(digits.begin(), digits.end(), [](char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#'; });
}

// Q.931 Table 4-9: type of number 0-4 and 6 (7 is reserved for extension); numbering plan 0, 1,
// 3, 4, 8 and 9 (15 is reserved for extension, the rest reserved).
std::string party_number_fault(const char* name, const wire::PartyNumber& n) {
    const unsigned type = (n.type_plan >> 4) & 0x07U;
    const unsigned plan = n.type_plan & 0x0FU;
    if (type == 5 || type == 7)
        return std::string(name) + " type of number " + std::to_string(type) + " is reserved (Q.931 section 4.5.8)";
    if (plan != 0 && plan != 1 && plan != 3 && plan != 4 && plan != 8 && plan != 9)
        return std::string(name) + " numbering plan " + std::to_string(plan) + " is reserved (Q.931 section 4.5.8)";
    if (n.presentation) {
        // Octet 3a closes the group (extension bit 1); presentation indicator 3 is reserved.
        if ((*n.presentation & 0x80U) == 0)
            return std::string(name) + " octet 3a " + std::to_string(*n.presentation) + " does not end its group (extension bit 0)";
        if (((*n.presentation >> 5) & 0x03U) == 3)
            return std::string(name) + " presentation indicator 3 is reserved (Q.931 section 4.5.10)";
    }
    if (!ia5_digits(n.digits)) return std::string(name) + " digits '" + n.digits + "' are not IA5 0-9, * or #";
    return "";
}

}  // namespace

void RouterSpec::Impl::check_ie_coding(const wire::Q931Message& msg) {
    exercise({"ISDN-12"});
    std::string fault;
    if (msg.called) fault = party_number_fault("Called party number", *msg.called);
    if (fault.empty() && msg.calling) fault = party_number_fault("Calling party number", *msg.calling);
    // Q.850 Table 1 assigns no cause #0; Table 3's locations are 0-5, 7 and 10.
    if (fault.empty() && msg.cause && msg.cause->value == 0) fault = "Cause #0, which Q.850 does not define";
    if (fault.empty() && msg.cause) {
        const unsigned loc = msg.cause->location;
        if (loc == 6 || loc == 8 || loc == 9 || loc > 10)
            fault = "Cause location " + std::to_string(loc) + " is reserved (Q.850 Table 3)";
    }
    if (!fault.empty()) violate({"ISDN-12"}, std::string(wire::q931_type_name(msg.type)) + ": " + fault);
    // ISDN-14, Q.931 sections 3.1.5, 3.1.8, 3.1.14 and 3.1.15: DISCONNECT, CONNECT ACKNOWLEDGE,
    // RELEASE and RELEASE COMPLETE carry no Channel identification; the channel is the call's.
    using T = wire::Q931Type;
    const auto type = static_cast<T>(msg.type);
    if (type == T::Disconnect || type == T::ConnectAck || type == T::Release || type == T::ReleaseComplete) {
        exercise({"ISDN-14"});
        if (msg.channel)
            violate({"ISDN-14"}, std::string(wire::q931_type_name(msg.type)) +
                                     " carries a Channel identification, an information element Q.931 section 3.1 does not "
                                     "give that message");
    }
}

// Q.850 section 2.2.4: the location field "indicates where the cause was generated"; a cause
// the SUT generates itself (its DISCONNECT, the RELEASE repeating it, a RELEASE COMPLETE
// refusing a SETUP) carries the profile's location (AMB-17: Cisco 0x80, user).
void RouterSpec::Impl::check_own_cause_location(const wire::Q931Message& msg) {
    if (profile.isdn.user_cause_location < 0 || !msg.cause) return;
    exercise({"AMB-17"});
    if (msg.cause->location != profile.isdn.user_cause_location)
        violate({"AMB-17", "ISDN-05"}, std::string("expected the cause of the SUT's own ") + wire::q931_type_name(msg.type) +
                                            " to carry location " + std::to_string(profile.isdn.user_cause_location) +
                                            " (where it was generated, Q.850 section 2.2.4), observed location " +
                                            std::to_string(msg.cause->location));
}

void RouterSpec::Impl::consume_q931(Call& call, int key, Q931Event ev, const wire::Q931Message& msg) {
    switch (ev) {
        case Q931Event::ConnectOut: take(OutputKind::Connect, 0, key); break;
        case Q931Event::ConnectAckOut: take(OutputKind::ConnectAck, 0, key); break;
        case Q931Event::DisconnectOut:
            exercise({"ISDN-05"});
            // Q.931 section 5.1.8: on CONNECT the calling user sends CONNECT ACKNOWLEDGE (the
            // profile says whether it does, AMB-17); clearing the call instead leaves it unsent.
            if (auto o = take(OutputKind::ConnectAck, 0, key))
                violate(o->reqs.list(), "expected " + o->what + " for the CONNECT, observed DISCONNECT" +
                                            (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) + " instead");
            if (!msg.cause)  // Q.931 section 3.1.5: Cause is mandatory in DISCONNECT
                violate({"ISDN-05"}, "DISCONNECT without its mandatory Cause information element");
            check_lcp_started(call, key, msg);
            check_negotiation_not_cut_short(call, key, msg);
            if (!call.network_cleared) check_own_cause_location(msg);
            take(OutputKind::Disconnect, 0, key);
            if (msg.cause) call.disconnect_cause = msg.cause->value;
            check_hangup(call);
            satisfy_drop(call.channel);
            satisfy_drop(0);
            idle_check(call, msg);
            break;
        case Q931Event::ReleaseOut:
            // Q.931 section 5.3.4.1 (ISDN-05): RELEASE is repeated when T308 expires, not before.
            if (call.timer == Q931Timer::T308 && now < call.timer_start + profile.isdn.t308 - pixit.tolerance.early)
                violate({"ISDN-05"}, "RELEASE repeated " + ms(now - call.timer_start) + " after the last one, before T308 (" +
                                         ms(profile.isdn.t308) + ") expired");
            take(OutputKind::Release, 0, key);
            if (call.disconnect_cause && !call.network_cleared) {
                check_own_cause_location(msg);
                // Q.931 section 5.3.3: after its DISCONNECT the user waits in Disconnect Request
                // for the network's DISCONNECT or RELEASE; its own RELEASE comes at T305's expiry.
                if (call.timer == Q931Timer::T305 && now < call.timer_start + profile.isdn.t305 - pixit.tolerance.early)
                    violate({"ISDN-10", "ISDN-05"}, "RELEASE " + ms(now - call.timer_start) +
                                                        " after its own DISCONNECT, with no answer from the network: T305 is " +
                                                        ms(profile.isdn.t305));
                // Q.931 section 5.3.3: at T305 expiry "the user shall send a RELEASE message to
                // the network with the cause number originally contained in the DISCONNECT".
                exercise({"ISDN-10"});
                if (!msg.cause || msg.cause->value != *call.disconnect_cause)
                    violate({"ISDN-10"}, "expected RELEASE with cause #" + std::to_string(*call.disconnect_cause) +
                                             " (its DISCONNECT's, the network never answered), observed " +
                                             (msg.cause ? "#" + std::to_string(msg.cause->value) : std::string("no cause")));
            }
            break;
        case Q931Event::RelCompOut:
            take(OutputKind::ReleaseComplete, 0, key);
            if (!call.network_cleared) check_own_cause_location(msg);
            // A call the SUT owed an answer (the client's return call, the server's call in:
            // CCB-04, ISDN-03) refused instead.
            if (auto o = take(OutputKind::Connect, 0, key))
                violate(o->reqs.list(), "expected " + o->what + ", observed RELEASE COMPLETE" +
                                            (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) + " refusing it");
            break;
        case Q931Event::SetupOut:
            // Q.931 section 5.1.1 (ISDN-02): SETUP is repeated when T303 expires, not before.
            if (call.timer == Q931Timer::T303 && now < call.timer_start + profile.isdn.t303 - pixit.tolerance.early)
                violate({"ISDN-02"}, "SETUP repeated " + ms(now - call.timer_start) + " after the first, before T303 (" +
                                         ms(profile.isdn.t303) + ") expired");
            if (role == Role::Server && coord.state() == Cb::CallingBack) call.return_call = true;
            break;
        default: break;
    }
}

// A call the SUT placed was refused or not answered (ISDN-06): CCB-06 / AMB-10 for return calls.
void RouterSpec::Impl::call_failed(int cause, const std::string& number, bool return_call) {
    // AMB-48: the packets held for a dial to the peer that failed, no return call awaited.
    if (!return_call && !pending_return && number == pixit.peer_number && !hold_queue.empty()) {
        exercise({"AMB-48"});
        if (profile.dialer.failed_dial_keeps_hold_queue) {
            note("AMB-48: the dial to " + number + " failed; its held packets wait for the next call (profile)");
        } else {
            for (const Held& h : hold_queue)
                drop_for_good(h.packet, {"DDR-07", "AMB-48"}, "held for the call to " + number + ", which failed");
            hold_queue.clear();
        }
    }
    if (coord.state() == Cb::CallingBack) {
        note("return call failed with cause #" + std::to_string(cause));
        if (return_attempts <= profile.callback.return_retries) {
            coordinate(CbEvent::ReturnFailedRetry);
            callback_from = now;  // AMB-10: a retry may follow at once
            callback_wait = Millis{0};
            callback_deadline = now + pixit.tolerance.late + pixit.tolerance.reply;
            return_call_blocked = false;
        } else {
            coordinate(CbEvent::ReturnFailed);
            callback_number.clear();
        }
    }
    last_clear = now;
    dial(DdrEvent::Failed);
}

void RouterSpec::Impl::q931_apply(int key, const Q931Step& step, int /*consumed*/) {
    auto it = calls.find(key);
    if (it == calls.end()) return;
    Call& call = it->second;
    bool gone = false;
    for (Q931Effect e : step.effects) {
        switch (e) {
            case Q931Effect::StartTimer:
                call.timer = step.timer;
                call.timer_start = now;
                break;
            case Q931Effect::StopTimer: call.timer = Q931Timer::None; break;
            case Q931Effect::OweSetup:
                owe(OutputKind::Setup, 0, -1, now + pixit.tolerance.late, {"ISDN-02"}, "SETUP retransmission after T303", key);
                break;
            case Q931Effect::OweConnectAck:
                if (profile.isdn.connect_ack)
                    owe(OutputKind::ConnectAck, 0, -1, reply_by(), {"ISDN-02", "AMB-17"}, "CONNECT ACK", key);
                break;
            case Q931Effect::OweDisconnect:
                owe(OutputKind::Disconnect, 0, -1, now + pixit.tolerance.late, {"ISDN-06", "DDR-05"},
                    "DISCONNECT after the call failed to connect (T310/T313/wait-for-carrier)", key);
                break;
            case Q931Effect::OweRelease:
                owe(OutputKind::Release, 0, -1, reply_by(), {"ISDN-05"}, "RELEASE", key);
                break;
            case Q931Effect::OweRelComp:
                owe(OutputKind::ReleaseComplete, 0, -1, reply_by(), {"ISDN-05"}, "RELEASE COMPLETE", key);
                break;
            case Q931Effect::ChannelUp: channel_up(call, key); break;
            case Q931Effect::ChannelDown: channel_down(call, key); break;
            case Q931Effect::CallGone: gone = true; break;  // after the other effects
        }
    }
    if (gone) call_gone(key);
}

void RouterSpec::Impl::channel_up(Call& call, int key) {
    connected_calls.insert(key);
    int ch = call.channel;
    if (ch == 0)
        for (int c = 1; c <= profile.isdn.channels; ++c)
            if (!links.count(c)) {
                ch = c;
                break;
            }
    call.channel = ch;
    channel_changed[ch] = now;
    if (call.sut_allocated) tally_dial(call, true);
    const Cb st = coord.state();
    if (call.return_call && st == Cb::CallingBack) coordinate(CbEvent::ReturnConnected);
    else if (call.return_call && st == Cb::AwaitReturn) {
        // The client frees its callback record once the return call authenticates the
        // server ("Callback received from R1", then "Freeing callback": DESIGN.md section 1);
        // a return call lost before that leaves the record, and the client still waits.
        coordinate(CbEvent::ReturnAnswered);
    } else if (st == Cb::Idle) coordinate(call.sut_allocated ? CbEvent::OutgoingConnected : CbEvent::IncomingAnswered);
    dial(DdrEvent::Connected);
    // DDR-04: a destination that began waiting while the calls were still coming up.
    if (std::exchange(contention_waiting, false) && channels_in_use() >= profile.isdn.channels) wait_for_channel();
    open_link(ch, key, call.return_call, call.sut_allocated);
}

// ISDN-07 / PH-01: the B-channel is through-connected -> LCP Open + Up.
void RouterSpec::Impl::open_link(int ch, int key, bool return_call, bool outgoing) {
    if (links.count(ch)) retire_link(ch);
    Link link;
    link.channel = ch;
    link.call_key = key;
    link.return_call = return_call;
    link.outgoing = outgoing;
    // AMB-07: a client asks for callback on the calls it places (Cisco), or on any call when
    // the profile says so; never on a return call (CB-04).
    link.first_call = !return_call && (role == Role::Server || outgoing || profile.callback.request_on_incoming);
    link.fsm = LcpFsm(LcpFsmOptions{profile.lcp.passive, profile.lcp.restart_option, profile.lcp.max_configure,
                                    profile.lcp.max_terminate, profile.lcp.max_failure});
    Link& l = links.emplace(ch, std::move(link)).first->second;
    apply(l, l.fsm.fire(LcpEvent::Open), -1);
    apply(l, l.fsm.fire(LcpEvent::Up), -1);
    l.last_interesting = now;
}

void RouterSpec::Impl::channel_down(Call& call, int key) {
    if (!call.down_at && connected_calls.count(key)) {
        call.down_at = now;
        // AMB-24: the line counts as disconnected from here, unless the profile says release.
        if (profile.dialer.enable_timeout_from == Profile::Dialer::EnableTimeoutFrom::Disconnect) last_clear = now;
    }
    auto lit = links.find(call.channel);
    if (lit == links.end()) return;
    channel_changed[call.channel] = now;
    Link& link = lit->second;
    apply(link, link.fsm.fire(LcpEvent::Down), -1);
    retire_link(call.channel);
}

void RouterSpec::Impl::retire_link(int ch) {
    auto lit = links.find(ch);
    if (lit == links.end()) return;
    drop_channel(ch);
    retired_lcp.push_back(std::move(lit->second.fsm));
    retired_auth.emplace_back(std::move(lit->second.authr), std::move(lit->second.authee));
    links.erase(lit);
}

void RouterSpec::Impl::call_gone(int key) {
    auto it = calls.find(key);
    if (it == calls.end()) return;
    if (!it->second.abstract) retired_calls.push_back(it->second.q);
    if (links.count(it->second.channel) && links.at(it->second.channel).call_key == key) {
        Link& link = links.at(it->second.channel);
        apply(link, link.fsm.fire(LcpEvent::Down), -1);
        retire_link(it->second.channel);
    }
    const bool was_up = connected_calls.count(key) > 0;
    if (it->second.channel != 0) channel_changed[it->second.channel] = now;
    owed.erase(std::remove_if(owed.begin(), owed.end(), [&](const Owed& o) { return o.call_key == key && o.kind != OutputKind::ReleaseComplete; }),
               owed.end());
    // A call the SUT placed that ends unconnected in a way not seen above (its own RELEASE
    // COMPLETE at T303's second expiry, Q.931 section 5.1.1) failed too: DDR-06 runs from now.
    const bool failed_quietly = !was_up && it->second.sut_allocated && !it->second.failure_counted;
    if (failed_quietly) tally_dial(it->second, false);
    // AMB-24: the disconnect the enable-timeout and the return call's delay run from.
    const Millis disconnected =
        profile.dialer.enable_timeout_from == Profile::Dialer::EnableTimeoutFrom::Disconnect ? it->second.down_at.value_or(now) : now;
    if (profile.dialer.enabled && it->second.down_at && now - *it->second.down_at >= Millis{1000})
        note("AMB-24: call released " + ms(now - *it->second.down_at) + " after its disconnect; the enable-timeout runs from the " +
             (disconnected == now ? "release" : "disconnect") + " (profile)");
    const std::string number = it->second.number;
    const bool return_call = it->second.return_call;
    calls.erase(it);
    if (channels_in_use() < profile.isdn.channels) contention_waiting = false;
    connected_calls.erase(key);
    if (failed_quietly) call_failed(wire::cause::kRecoveryOnTimer, number, return_call);
    if (!was_up) return;
    last_clear = std::max(last_clear.value_or(disconnected), disconnected);
    dial(DdrEvent::CallCleared, connected_calls.empty() ? 0U : detail::kAnotherCallUp);
    satisfy_drop(0);
    const Cb st = coord.state();
    if (st == Cb::ReturnCall && role == Role::Client && pending_return) {
        // The return call failed before authentication: the client keeps waiting for another
        // attempt (the server may retry, AMB-10) until its hold time ends (DDR-07).
        const bool waiting = profile.callback.hold_timeout.count() == 0 || now < pending_until;
        if (waiting) {
            coordinate(CbEvent::ReturnFailed);
            return;
        }
        pending_return = false;
    }
    if (st == Cb::Dropping) {
        if (role == Role::Client) {
            coordinate(CbEvent::ClearedClient);
            pending_until = now + profile.callback.hold_timeout;
        } else if (!callback_number.empty()) {
            coordinate(CbEvent::ClearedServer);
            // AMB-09: the server's own delay before the return call (Cisco: the enable-timeout,
            // DDR-06). CBCP-06: an agreed Delay replaces it; whether a DDR server's enable-timeout
            // still holds after it is the profile's claim (AMB-43).
            callback_wait = profile.callback.delay_is_enable_timeout && profile.dialer.enabled ? profile.dialer.enable_timeout
                                                                                               : profile.callback.delay;
            callback_wait_rule = {"DDR-06", "AMB-09"};
            if (negotiated_delay) {
                callback_wait = *negotiated_delay;
                callback_wait_rule = {"CBCP-06"};
                if (profile.dialer.enabled) exercise({"AMB-43"});
                if (profile.dialer.enabled && profile.callback.cbcp_delay_waits_enable_timeout &&
                    profile.dialer.enable_timeout > callback_wait) {
                    callback_wait = profile.dialer.enable_timeout;
                    callback_wait_rule = {"DDR-06", "AMB-43"};
                }
            }
            callback_from = disconnected + callback_wait;
            negotiated_delay.reset();
            callback_deadline = callback_from + pixit.tolerance.late + pixit.tolerance.reply;
            return_call_blocked = false;
            return_attempts = 0;
        } else {
            coordinate(CbEvent::ClearedNoReturn);
        }
    } else if (st == Cb::FirstCall || st == Cb::Agreed || st == Cb::Cbcp || st == Cb::Refused || st == Cb::NoCallback ||
               st == Cb::ReturnCall || st == Cb::Connected || st == Cb::Idle || st == Cb::AwaitReturn || st == Cb::Pending) {
        coordinate(CbEvent::CallCleared);
    }
}

}  // namespace ppp::model
