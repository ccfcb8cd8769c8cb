// RouterSpec, abstract call events (wire/call_event.hpp, DESIGN.md section 7): calls seen without
// their Q.931 messages (a router's `debug dialer` and `%LINK` lines, a CAPI controller) judged by
// the dialer and callback rules the Q.931 path shares (judge_dial, channel_up, call_gone). No
// Q.931 row is counted for such a call, and nothing about its messages is judged.
#include "router_spec_impl.hpp"

namespace ppp::model {

void RouterSpec::Impl::on_call_event(const wire::PortMessage& m, bool obs) {
    const auto& decoded = *m.decoded().call;
    // A call event is written by an attachment or read from a recording, not sent by the SUT: a
    // malformed one is the evidence's fault, never the SUT's.
    if (!decoded) return note("malformed call event: " + decoded.error().to_string());
    const wire::CallEvent& e = decoded.value();
    switch (e.kind) {
        case wire::CallEventKind::Offered: call_offered(e, obs); break;
        case wire::CallEventKind::Connected: call_connected(m.channel); break;
        case wire::CallEventKind::Cleared: call_cleared(m.channel, e, obs); break;
        case wire::CallEventKind::CallbackAgreed: callback_reported(m.channel, e, obs); break;
    }
}

int RouterSpec::Impl::abstract_call_on(int channel) const {
    int found = -1;
    for (const auto& [key, call] : calls)
        if (call.abstract && (call.channel == channel || channel == 0)) found = key;
    return found;
}

void RouterSpec::Impl::call_offered(const wire::CallEvent& e, bool obs) {
    if (obs) judge_dial(e.number, !e.number.empty());
    Call call;
    call.abstract = true;
    call.sut_allocated = obs;
    call.started = now;
    call.number = e.number;
    // As a SETUP would (consume_q931, incoming_setup): the server's call while it calls back is
    // the return call; so is a call to a client that waits for one.
    if (obs && role == Role::Server && coord.state() == Cb::CallingBack) call.return_call = true;
    if (!obs && role == Role::Client && pending_return) call.return_call = true;
    // Keys above every Q.931 call key (call_key_of: at most 0x1FF), one per call of the run.
    const int key = 0x10000 + next_abstract_call++;
    calls.emplace(key, std::move(call));
}

void RouterSpec::Impl::call_connected(int channel) {
    int key = -1;
    for (const auto& [k, call] : calls)
        if (call.abstract && !was_connected(k)) key = k;  // the latest call still coming up
    if (key < 0) return note("a call connected on " + bname(channel) + " with no call offered before it: not judged");
    Call& call = calls.at(key);
    if (channel == 1 || channel == 2) call.channel = channel;
    take(OutputKind::Connect, 0, key);
    channel_up(call, key);
}

void RouterSpec::Impl::call_cleared(int channel, const wire::CallEvent& e, bool obs) {
    const int key = abstract_call_on(channel);
    if (key < 0) return;  // already cleared: a router logs its hang-up and the link going down
    Call& call = calls.at(key);
    if (obs) {
        take(OutputKind::Disconnect, 0, key);
        check_hangup(call);
        satisfy_drop(call.channel);
        satisfy_drop(0);
    }
    // A call the SUT placed that ends unconnected failed (DDR-05/06 run from now), as in on_q931.
    const bool failed = call.sut_allocated && !was_connected(key);
    if (failed) tally_dial(call, false);
    call.failure_counted = true;
    const std::string number = call.number;
    const bool return_call = call.return_call;
    call_gone(key);
    if (failed) call_failed(e.cause.value_or(0), number, return_call);
}

// RFC 1570 section 2.3 (CB-03): "the [callback] is performed after Authentication ... the link is
// disconnected". A router reports the agreement once authentication passed (Cisco: `Callback
// negotiated - Disconnecting now`); without the LCP and authentication packets this report is the
// evidence of both. The report names no operation: it is taken as one of 0-4 (op 0, the one a
// Cisco client requests, CCB-01), never CBCP, whose exchange a router reports otherwise.
void RouterSpec::Impl::callback_reported(int channel, const wire::CallEvent& e, bool obs) {
    const auto lit = links.find(channel);
    if (lit == links.end())
        return note(std::string(obs ? "the SUT" : "the peer") + " reports callback agreed on " + bname(channel) +
                    ", where no call is up: not judged");
    Link& link = lit->second;
    if (link.return_call) {
        // RFC 1570 section 2.3 (CB-04, SEQ-02): "the callee then re-establishes the link, which
        // does not negotiate Callback". Cited as SEQ-02 alone: the sequence is what the report shows.
        exercise({"SEQ-02"});
        return violate({"SEQ-02"}, std::string("expected no Callback agreement on the return call (CB-04), observed ") +
                                       (obs ? "the SUT" : "its peer") + " report callback agreed on " + bname(channel));
    }
    if (link.callback) return;  // the LCP packets already showed it
    if (!e.name.empty() && link.authenticated_name.empty()) link.authenticated_name = e.name;
    if (role == Role::Server && link.authenticated_name.empty()) {
        // The client's own log does not name the user it authenticated as; the PIXIT does.
        link.authenticated_name = pixit.peer_name;
        note("callback agreed on " + bname(channel) + " as reported, naming no authenticated user: taken as the PIXIT's peer " +
             pixit.peer_name);
    }
    link.callback = wire::Callback{0, {}};
    link.no_ncp = true;
    if (coord.state() != Cb::FirstCall)
        return note("callback agreed on " + bname(channel) + " as reported, in callback state " +
                    coord.name(coord.state()) + ": not judged");
    coordinate(CbEvent::CallbackAgreed);
    if (link.auth_complete) return;
    link.auth_complete = true;
    on_authenticated(link);
}

}  // namespace ppp::model
