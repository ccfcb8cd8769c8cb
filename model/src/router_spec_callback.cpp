// RouterSpec, callback: the Callback option's rules (RFC 1570; CB, CCB, SEQ and the AMB knobs),
// CBCP (CBCP-01..04), the call teardown callback asks for (AMB-02), and the network phase (IPCP).
#include "router_spec_impl.hpp"

namespace ppp::model {

void RouterSpec::Impl::on_authenticated(Link& link) {
    link.cbcp_requests = 0;  // CBCP starts afresh after each authentication (CBCP-01): no retransmission yet
    if (link.return_call && role == Role::Client) pending_return = false;
    const Cb st = coord.state();
    if (st == Cb::Agreed && link.callback) {
        if (link.callback->operation == static_cast<std::uint8_t>(wire::CallbackOp::Cbcp)) {
            coordinate(CbEvent::AuthenticatedOp6);
            link.cbcp_active = true;
            if (role == Role::Server)
                owe(OutputKind::CbcpRequest, link.channel, -1, reply_by(), {"CBCP-02", "CB-08"},
                    "CBCP Callback-Request on " + bname(link.channel));
            else if (profile.callback.cbcp_request_wait.count() > 0)
                owe(OutputKind::DropCall, link.channel, -1, now + profile.callback.cbcp_request_wait + pixit.tolerance.late,
                    {"AMB-41", "CB-08"},
                    "the call ended: no CBCP Callback-Request came within " +
                        std::to_string(profile.callback.cbcp_request_wait.count()) + " ms of authentication",
                    link.call_key);
            return;
        }
        if (role == Role::Server) {
            callback_user = link.authenticated_name;
            const auto it = pixit.callback_numbers.find(callback_user);
            if (it == pixit.callback_numbers.end()) {
                if (profile.callback.secure) {
                    coordinate(CbEvent::AuthenticatedUnconfigured);
                    callback_forbidden = true;
                    ++refused_callbacks;  // `show dialer`: "incoming call(s) rejected for callback"
                    owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CCB-05"},
                        "the first call dropped (callback-secure, user " + callback_user + " not configured for callback)",
                        link.call_key);
                } else {
                    coordinate(CbEvent::AuthenticatedUnconfiguredNotSecure);
                    callback_forbidden = true;
                    link.no_ncp = false;  // CCB-05: an unconfigured user keeps the first call
                }
                return;
            }
            coordinate(CbEvent::Authenticated);
            callback_forbidden = false;
            switch (profile.callback.return_call_binding) {
                case ReturnCallBinding::Username: callback_number = it->second; break;
                case ReturnCallBinding::DialString:
                    callback_number = link.callback->message.empty()
                                          ? it->second
                                          : std::string(link.callback->message.begin(), link.callback->message.end());
                    break;
                case ReturnCallBinding::CallingNumber:
                    callback_number = calls.count(link.call_key) ? calls.at(link.call_key).number : it->second;
                    break;
            }
            if (!callback_number.empty() && callback_number.back() == '\0') callback_number.pop_back();
            if (profile.callback.terminate_initiator == TerminateInitiator::Server ||
                profile.callback.terminate_initiator == TerminateInitiator::Both)
                owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CB-03", "CCB-04"},
                    "the first call dropped after authentication (callback agreed)", link.call_key);
        } else {
            coordinate(CbEvent::Authenticated);
            pending_return = true;
            if (profile.callback.terminate_initiator == TerminateInitiator::Client ||
                profile.callback.terminate_initiator == TerminateInitiator::Both)
                owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CB-03", "CCB-04"},
                    "the first call dropped after authentication (callback agreed, client keeps no first call)",
                    link.call_key);
        }
        return;
    }
    if (st == Cb::ReturnCall) coordinate(CbEvent::Authenticated);
    else if (st == Cb::FirstCall) coordinate(CbEvent::Authenticated);
    else if (st == Cb::NoCallback || st == Cb::Connected || st == Cb::Cbcp) coordinate(CbEvent::Authenticated);
    network_phase(link);
}

void RouterSpec::Impl::network_phase(Link& link) {
    link.no_ncp = false;
    // DDR-07: packets held while dialling go out once the network phase is up, each before the
    // hold queue's timeout drops it.
    expire_held();
    const Millis timeout = profile.dialer.hold_queue_timeout;
    for (const Held& h : hold_queue) {
        Millis deadline = now + pixit.tolerance.reply * 5;
        if (timeout.count() > 0) {
            const Millis expiry = h.at + timeout - pixit.tolerance.early;
            if (expiry <= now + pixit.tolerance.reply) {
                note("held packet " + wire::describe(h.packet) + " times out as the network phase comes up: sending it is allowed, not owed");
                continue;
            }
            deadline = std::min(deadline, expiry);
        }
        owe(OutputKind::IpDatagram, link.channel, -1, deadline, {"DDR-07"}, "held packet " + wire::describe(h.packet) + " on " + bname(link.channel));
    }
    hold_queue.clear();
}

// AMB-06: how the client encodes its Callback Message (ops 1-4): plain digits, or with a
// terminating NUL; an E.164 number (op 3) carries digits only.
void RouterSpec::Impl::check_callback_message(const wire::Callback& cb) {
    // RFC 1570 section 2.3: "0 Location is determined by user authentication"; the Message's
    // "general contents are determined by the Operation field", and op 0 defines none (AMB-49).
    if (cb.operation == 0 && profile.callback.op0_message_empty) {
        exercise({"AMB-49"});
        if (!cb.message.empty())
            violate({"CCB-01", "AMB-49"}, "Callback op 0 with a Message of " + std::to_string(cb.message.size()) +
                                              " octets (" + wire::to_hex(cb.message) + "); the profile's client sends op 0 without one (0D 03 00)");
        return;
    }
    if (cb.operation < 1 || cb.operation > 4 || cb.message.empty()) return;
    exercise({"AMB-06"});
    const bool nul_terminated = profile.callback.msg_encoding == MsgEncoding::NulTerminated;
    const bool ends_nul = cb.message.back() == 0;
    const auto body_end = cb.message.end() - (ends_nul ? 1 : 0);
    const std::string op = "Callback op " + std::to_string(cb.operation);
    if (ends_nul != nul_terminated) {
        violate({"AMB-06"}, op + " Message " + (ends_nul ? "ends with a NUL" : "has no terminating NUL") + "; the profile encodes it " +
                                (nul_terminated ? "NUL-terminated" : "as plain digits") + ": " + wire::to_hex(cb.message));
    } else if (std::find(cb.message.begin(), body_end, 0) != body_end ||
               (cb.operation == 3 && !std::all_of(cb.message.begin(), body_end, [](std::uint8_t c) { return c >= '0' && c <= '9'; }))) {
        violate({"AMB-06"}, op + " Message carries octets other than " + (cb.operation == 3 ? "E.164 digits" : "its text") +
                                (nul_terminated ? " before its NUL" : "") + ": " + wire::to_hex(cb.message));
    }
}

// AMB-16: on which calls the SUT asks to authenticate its peer: never (none), on every call
// (mutual), only on the calls it answered (Cisco `ppp authentication ... callin`). One-way
// leaves the direction to the configuration: nothing to judge.
void RouterSpec::Impl::check_auth_direction(const Link& link, const wire::LcpPacket& p) {
    const AuthMode mode = profile.auth.mode;
    if (mode == AuthMode::OneWay) return;
    exercise({"AMB-16"});
    const bool asks = detail::find_auth(p.options) != nullptr;
    const bool refused = !link.refused_auth.empty() || link.rejected_types.count(wire::lcp_opt::kAuthProtocol) > 0;
    const char* call = link.outgoing ? "a call it placed" : "a call it answered";
    if (asks && (mode == AuthMode::None || (mode == AuthMode::Callin && link.outgoing)))
        violate({"AMB-16"}, std::string("the SUT asks to authenticate its peer on ") + call + " (auth mode " +
                                (mode == AuthMode::None ? "none" : "callin") + "), observed " + detail::describe_options(p.options));
    else if (!asks && !refused && (mode == AuthMode::Mutual || (mode == AuthMode::Callin && !link.outgoing)))
        violate({"AMB-16"}, std::string("expected an Authentication-Protocol option on ") + call + " (auth mode " +
                                (mode == AuthMode::Mutual ? "mutual" : "callin") + "), observed " + detail::describe_options(p.options));
}

// AMB-03: the server's answer to op 0 when it asks for no authentication (op 0 finds the
// number from the authenticated name, so without authentication it locates nobody).
void RouterSpec::Impl::check_op0_without_auth(const Link& link, const wire::Callback& cb, const wire::LcpPacket& reply) {
    if (role != Role::Server || link.return_call || !profile.callback.server_accepts || cb.operation != 0) return;
    if (!link.sut_cr || detail::find_auth(link.sut_cr->options)) return;
    // A server configured to authenticate (the PIXIT) whose peer Configure-Rejected the request is
    // no server "that does not authenticate": it ends the link without authentication (PH-03).
    if (!pixit.auth_methods.empty() && link.rejected_types.count(wire::lcp_opt::kAuthProtocol)) return;
    std::optional<OptionReply> seen;
    if (reply.kind() == wire::LcpCode::ConfAck) seen = OptionReply::Ack;
    else if (detail::find_callback(reply.options)) seen = reply.kind() == wire::LcpCode::ConfNak ? OptionReply::Nak : OptionReply::Reject;
    if (!seen) return;
    exercise({"AMB-03"});
    static constexpr const char* kReply[] = {"Configure-Ack", "Configure-Nak", "Configure-Reject"};
    const OptionReply want = profile.callback.op0_without_auth;
    if (*seen != want)
        violate({"AMB-03"}, std::string("Callback op 0 with no authentication asked: the profile's server answers with ") +
                                kReply[static_cast<int>(want)] + ", observed " + kReply[static_cast<int>(*seen)]);
}

// AMB-04: the server's answer to a Callback operation it does not accept (profile server_ops):
// a Configure-Nak with an operation it does accept (FreeBSD) or a Configure-Reject (pppd,
// unconfigured Cisco). RFC 1661 section 5.3: a Nak carries "an acceptable value".
void RouterSpec::Impl::check_unsupported_op(const Link& link, const wire::Callback& cb, const wire::LcpPacket& reply) {
    if (role != Role::Server || link.return_call || !profile.callback.server_accepts) return;
    const auto& ops = profile.callback.server_ops;
    if (std::find(ops.begin(), ops.end(), cb.operation) != ops.end()) return;
    const wire::Callback* answered = detail::find_callback(reply.options);
    if (reply.kind() == wire::LcpCode::ConfAck || !answered) return;  // an Ack is CCB-02's; no answer is LCP-06/07's
    exercise({"AMB-04"});
    const bool nak = reply.kind() == wire::LcpCode::ConfNak;
    const OptionReply want = profile.callback.unsupported_op_reply;
    if ((want == OptionReply::Nak) != nak)
        violate({"AMB-04"}, "Callback op " + std::to_string(cb.operation) + ", which the profile's server does not accept: expected " +
                                (want == OptionReply::Nak ? "a Configure-Nak with an accepted op" : "a Configure-Reject") +
                                ", observed " + wire::code_name(reply.kind()) + " " + detail::describe_options(reply.options));
    else if (nak && std::find(ops.begin(), ops.end(), answered->operation) == ops.end())
        violate({"AMB-04", "LCP-06"}, "Configure-Nak of Callback op " + std::to_string(cb.operation) + " suggests op " +
                                          std::to_string(answered->operation) + ", which the profile's server does not accept either");
}

// AMB-05 on_reject: once the peer Configure-Rejects its Callback option, the profile's client
// either goes on without callback (a new Configure-Request without it, RFC 1661 section 4.1 RCN)
// or, where callback is required, closes the link (a Terminate-Request). Judged on the SUT's next
// Configure- or Terminate-Request; a Request still carrying the option was sent before the Reject
// arrived and answers nothing. (At a wall-clock port, a Terminate-Request that crossed the Reject
// is judged in its crossed order by model::CrossingWindow.)
void RouterSpec::Impl::check_callback_after_reject(Link& link, const wire::LcpPacket& sent) {
    if (!link.callback_rejected) return;
    const bool request = sent.kind() == wire::LcpCode::ConfReq;
    if (request && detail::find_callback(sent.options)) return;
    link.callback_rejected = false;
    exercise({"AMB-05"});
    const bool close = profile.callback.on_reject == OnCallbackReject::Close;
    if (close && request)
        violate({"AMB-05"}, "the peer rejected the Callback option and the profile's client closes the link (on_reject close), "
                            "observed a new Configure-Request id=" + std::to_string(sent.identifier) + " " +
                                detail::describe_options(sent.options));
    else if (!close && !request)
        violate({"AMB-05"}, "the peer rejected the Callback option and the profile's client goes on without callback "
                            "(on_reject continue), observed a Terminate-Request id=" + std::to_string(sent.identifier));
}

// AMB-05: what a client's next Configure-Request may carry once the peer Nak'd its Callback
// option: nothing (drop, pppd), the next operation it supports (FreeBSD), or the peer's hint
// when it supports that operation (ipppd).
void RouterSpec::Impl::check_callback_after_nak(Link& link, const wire::Callback* cb) {
    const auto& ops = profile.callback.client_ops;
    const std::uint8_t hint = *link.callback_nak_op;
    std::optional<std::uint8_t> allowed;
    switch (profile.callback.on_nak) {
        case OnCallbackNak::Drop: break;
        case OnCallbackNak::NextOp:
            if (link.callback_ops_tried < ops.size()) allowed = ops[link.callback_ops_tried];
            break;
        case OnCallbackNak::AdoptPeer:
            if (std::find(ops.begin(), ops.end(), hint) != ops.end()) allowed = hint;
            break;
    }
    exercise({"AMB-05"});
    if (cb && (!allowed || cb->operation != *allowed)) {
        violate({"AMB-05", "LCP-06"}, "after a Nak of the Callback option the profile's client (on_nak " +
                                          std::string(allowed ? "allows op " + std::to_string(*allowed) : "drops callback") +
                                          ") requested op " + std::to_string(cb->operation));
    }
    if (cb && allowed) ++link.callback_ops_tried;
    link.callback_nak_op.reset();
    if (!cb) link.rejected_types.insert(wire::lcp_opt::kCallback);  // callback given up for this call
}

// ----- CBCP (SPEC section 7) -------------------------------------------------------------------
namespace {

// What an option's layout lacks, by its type (CBCP-02, CBCP-03; MS-CBCP section 2.2.3): types 2,
// 3 and 4 carry the Callback delay; 2 and 4 an address after it (a Request offers type 2 as
// `02 05 00 01 00`, its number empty), 3 none. Type 1 carries nothing; a Delay octet after it is
// not judged (pppd 2.4.9 answers "no callback" as `01 03 00`). Empty when the layout is right.
std::string cbcp_layout_fault(const wire::CbcpOption& o) {
    const auto type = static_cast<wire::CbcpType>(o.type);
    if (type == wire::CbcpType::NoCallback) return o.addresses.empty() ? "" : "\"no callback\" (type 1) carries an address";
    if (type != wire::CbcpType::UserNumber && type != wire::CbcpType::AdminNumber && type != wire::CbcpType::List)
        return "option type " + std::to_string(o.type) + " is none of CBCP's (1 to 4)";
    const std::string name = "option type " + std::to_string(o.type);
    if (!o.has_delay) return name + " lacks its Callback delay octet";
    if (type == wire::CbcpType::AdminNumber && !o.addresses.empty()) return name + " (the administrator's number) carries an address";
    if (type != wire::CbcpType::AdminNumber && o.addresses.empty()) return name + " lacks its address";
    return "";
}

}  // namespace

void RouterSpec::Impl::observe_cbcp(Link& link, const wire::CbcpPacket& p) {
    exercise({p.code == 1 ? "CBCP-02" : p.code == 2 ? "CBCP-03" : "CBCP-04"});
    switch (static_cast<wire::CbcpCode>(p.code)) {
        case wire::CbcpCode::Request: {
            if (role != Role::Server) {
                violate({"CBCP-02"}, "the caller (client) sent a Callback-Request; only the answerer does");
                return;
            }
            const auto owed_request = take(OutputKind::CbcpRequest, link.channel);
            // CBCP-05: a retransmission waits for the timer; a Request that asks again after an
            // unusable Response (CBCP-04) or starts CBCP after authentication (CB-08) is none.
            const auto reqs = owed_request ? owed_request->reqs.list() : std::vector<std::string>{};
            const bool retransmission = std::find(reqs.begin(), reqs.end(), "CBCP-04") == reqs.end() &&
                                        std::find(reqs.begin(), reqs.end(), "CB-08") == reqs.end();
            if (retransmission && link.cbcp_requests > 0 &&
                now < link.cbcp_last_request + profile.callback.cbcp_retransmit - pixit.tolerance.early)
                violate({"CBCP-05"}, "Callback-Request retransmitted " + ms(now - link.cbcp_last_request) +
                                         " after the previous one; the retransmission timer is " +
                                         ms(profile.callback.cbcp_retransmit));
            // MS-CBCP section 3.2.5.3: a valid Response is acknowledged; a new Request answers only
            // a Response that was not (one that crossed a retransmission in flight excepted).
            if (link.cbcp_response && now > link.cbcp_response_at + pixit.tolerance.crossing &&
                std::any_of(owed.begin(), owed.end(), [&](const Owed& o) { return o.kind == OutputKind::CbcpAck && o.channel == link.channel; }))
                violate({"CBCP-04"}, "a new Callback-Request answers the valid Response " + wire::describe(*link.cbcp_response) +
                                         ", which is owed a Callback-Ack");
            if (p.options.empty()) violate({"CBCP-02"}, "Callback-Request with no option");
            for (const wire::CbcpOption& o : p.options)
                if (const std::string fault = cbcp_layout_fault(o); !fault.empty()) violate({"CBCP-02"}, "Callback-Request: " + fault);
            // CCB-05: under callback-secure the first call is always dropped, so "no callback" is
            // never on offer.
            if (profile.callback.secure &&
                std::any_of(p.options.begin(), p.options.end(), [](const wire::CbcpOption& o) {
                    return o.type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
                }))
                violate({"CCB-05"}, "Callback-Request offers \"no callback\" under callback-secure, which lets the caller keep its first call");
            if (link.cbcp_request_sent && link.cbcp_request_sent->identifier == p.identifier && !profile.callback.cbcp_constant_request_id)
                violate({"CBCP-02", "AMB-11"}, "Callback-Request Identifier must change on every Request");
            link.cbcp_request_sent = p;
            link.cbcp_last_request = now;
            ++link.cbcp_requests;
            // AMB-42: after the profile's number of Requests the answerer may give up (and end
            // the link); until then, and without a limit, CBCP-05 owes the next one.
            if (profile.callback.cbcp_max_requests == 0 || link.cbcp_requests < profile.callback.cbcp_max_requests)
                owe(OutputKind::CbcpRequest, link.channel, -1, now + profile.callback.cbcp_retransmit + pixit.tolerance.late,
                    {"CBCP-05"}, "Callback-Request retransmission (no Response yet)");
            else if (link.cbcp_requests > profile.callback.cbcp_max_requests)
                violate({"AMB-42", "CBCP-05"}, "Callback-Request number " + std::to_string(link.cbcp_requests) +
                                                   ": the profile gives up after " +
                                                   std::to_string(profile.callback.cbcp_max_requests));
            break;
        }
        case wire::CbcpCode::Response: {
            auto o = take(OutputKind::CbcpResponse, link.channel);
            if (!link.cbcp_request_rcvd) {
                violate({"CBCP-03"}, "Callback-Response without a Request");
                return;
            }
            if (p.identifier != link.cbcp_request_rcvd->identifier)
                violate({"CBCP-03"}, "expected Response id=" + std::to_string(link.cbcp_request_rcvd->identifier) + ", observed id=" +
                                         std::to_string(p.identifier));
            if (p.options.size() != 1) {
                violate({"CBCP-03"}, "the caller answers exactly one option");
                return;
            }
            const wire::CbcpOption& opt = p.options.front();
            if (const std::string fault = cbcp_layout_fault(opt); !fault.empty()) violate({"CBCP-03"}, "Callback-Response: " + fault);
            const bool offered = std::any_of(link.cbcp_request_rcvd->options.begin(), link.cbcp_request_rcvd->options.end(),
                                             [&](const wire::CbcpOption& q) { return q.type == opt.type; });
            if (!offered) violate({"CBCP-03"}, "answered option type " + std::to_string(opt.type) + " was not offered");
            if (opt.type == static_cast<std::uint8_t>(wire::CbcpType::UserNumber) &&
                (opt.addresses.empty() || opt.addresses.front().number != pixit.own_number))
                violate({"CBCP-03"}, "user-specified number must be the SUT's own number " + pixit.own_number);
            link.cbcp_response = p;
            (void)o;
            break;
        }
        case wire::CbcpCode::Ack: {
            auto o = take(OutputKind::CbcpAck, link.channel);
            if (!o || !link.cbcp_response) {
                violate({"CBCP-04"}, "Callback-Ack without a valid Response");
                return;
            }
            wire::CbcpPacket want = *link.cbcp_response;
            want.code = static_cast<std::uint8_t>(wire::CbcpCode::Ack);
            if (p.identifier != want.identifier || p.options != want.options)
                violate({"CBCP-04"}, "expected the Ack to echo the Response (" + wire::describe(want) + "), observed " + wire::describe(p));
            cbcp_done(link, want.options.empty() ? 1 : want.options.front().type, want);
            break;
        }
        default: break;
    }
}

// CB-08: with op 6 agreed and the caller authenticated, CBCP decides the return call; an answerer
// that ends the link before its first Callback-Request never offered one. Only an unconfigured
// user under callback-secure is dropped without CBCP (CCB-05).
void RouterSpec::Impl::check_cbcp_started(const Link& link) {
    if (role != Role::Server || !link.cbcp_active || link.cbcp_requests > 0) return;
    if (profile.callback.secure && pixit.callback_numbers.count(link.authenticated_name) == 0) return;
    violate({"CB-08", "CBCP-02"}, "Terminate-Request on " + bname(link.channel) + " after op 6 was agreed and " +
                                      link.authenticated_name + " authenticated, before any CBCP Callback-Request");
}

void RouterSpec::Impl::stimulus_cbcp(Link& link, const wire::CbcpPacket& p) {
    switch (static_cast<wire::CbcpCode>(p.code)) {
        case wire::CbcpCode::Request:
            if (role != Role::Client) return;
            if (!link.cbcp_request_rcvd) drop_request_wait(link);
            link.cbcp_request_rcvd = p;
            drop_owed(OutputKind::CbcpResponse, link.channel);
            owe(OutputKind::CbcpResponse, link.channel, p.identifier, reply_by(), {"CBCP-03"},
                "CBCP Callback-Response id=" + std::to_string(p.identifier));
            break;
        case wire::CbcpCode::Response: {
            if (role != Role::Server || !link.cbcp_request_sent) return;
            if (p.identifier != link.cbcp_request_sent->identifier) {
                note("CBCP Response with a wrong Identifier: the answerer drops it (CBCP-04)");
                return;
            }
            drop_owed(OutputKind::CbcpRequest, link.channel);
            // CBCP-04 (MS-CBCP section 3.2.5.3): one option, of a type the Request offered, laid
            // out as its type says and, for a user number, with a number: then the Ack; otherwise
            // the answerer asks again with a new Request.
            const auto& offer = link.cbcp_request_sent->options;
            const bool valid = p.options.size() == 1 && cbcp_layout_fault(p.options.front()).empty() &&
                               std::any_of(offer.begin(), offer.end(), [&](const wire::CbcpOption& q) { return q.type == p.options.front().type; }) &&
                               (p.options.front().type != static_cast<std::uint8_t>(wire::CbcpType::UserNumber) ||
                                !p.options.front().addresses.front().number.empty());
            if (!valid) {
                link.cbcp_response.reset();
                owe(OutputKind::CbcpRequest, link.channel, -1, reply_by(), {"CBCP-04"},
                    "a new Callback-Request for the Response " + wire::describe(p) + ", which is not one of the offered options");
                break;
            }
            link.cbcp_response = p;
            link.cbcp_response_at = now;
            owe(OutputKind::CbcpAck, link.channel, p.identifier, reply_by(), {"CBCP-04"}, "CBCP Callback-Ack echoing the Response");
            break;
        }
        case wire::CbcpCode::Ack:
            // Done already when the caller went on without the Ack (AMB-40).
            if (role != Role::Client || !link.cbcp_response || !link.cbcp_active) return;
            if (p.identifier != link.cbcp_response->identifier && !profile.callback.cbcp_accept_wrong_ack_id) return;
            cbcp_done(link, link.cbcp_response->options.empty() ? 1 : link.cbcp_response->options.front().type, *link.cbcp_response);
            break;
        default: break;
    }
}

void RouterSpec::Impl::cbcp_done(Link& link, std::uint8_t type, const wire::CbcpPacket& response) {
    link.cbcp_active = false;
    if (type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)) {
        coordinate(CbEvent::CbcpNoCallback);
        network_phase(link);
        return;
    }
    coordinate(CbEvent::CbcpAcked);
    const bool sut_terminates = (role == Role::Client) == (profile.callback.cbcp_terminator == CbcpTerminator::Caller);
    if (sut_terminates)
        owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CBCP-06", "AMB-12"}, "the call terminated after the CBCP Ack",
            link.call_key);
    if (role == Role::Server) {
        const wire::CbcpOption& o = response.options.front();
        callback_user = link.authenticated_name;
        callback_number = !o.addresses.empty() ? o.addresses.front().number
                                               : (pixit.callback_numbers.count(callback_user) ? pixit.callback_numbers.at(callback_user) : "");
        callback_forbidden = false;
        negotiated_delay = Millis{1000 * o.delay};  // CBCP-06: the answerer waits the agreed Delay
    } else {
        pending_return = true;
    }
}

// ----- IPCP (RFC 1332, only as far as the network phase needs) ----------------------------------
namespace {

// The packet as `code` with its options, padding left out: two packets of the exchange list the
// same options in the same order when these agree octet for octet (RFC 1661 section 5.2).
wire::Bytes options_as(wire::IpcpPacket p, std::uint8_t code) {
    p.code = code;
    p.padding.clear();
    return wire::encode_ipcp(p);
}

}  // namespace

namespace {
// IP-09: an owed IPCP Terminate-Request carries an Identifier of the SUT's choosing; this mark,
// which no octet can equal, keeps it apart from the answers owed by Identifier.
constexpr int kIpcpTerminateRequest = 0x100;
}  // namespace

// The IPCP output owed on the link under `id` (an Identifier, or a mark): the SUT sent it.
void RouterSpec::Impl::settle_ipcp(const Link& link, int id) {
    const auto answered = std::find_if(owed.begin(), owed.end(), [&](const Owed& o) {
        return o.kind == OutputKind::Ipcp && o.channel == link.channel && o.id == id;
    });
    if (answered != owed.end()) owed.erase(answered);
}

void RouterSpec::Impl::observe_ipcp(Link& link, const wire::IpcpPacket& p) {
    bool was_up = network_up(link);
    // RFC 1661 section 4.1: in Opened a Configure-Request is sent only after This-Layer-Down
    // (RCR, RCA, RCN in Opened: "tld,scr"); the network is down until both directions are
    // acknowledged again.
    if (p.code == 1 && was_up) {
        link.ipcp_sut_acked = link.ipcp_peer_acked = false;
        was_up = false;
    }
    if (p.code == 1) {
        // IP-08, RFC 1661 section 5.1: "The Identifier field MUST be changed whenever the contents
        // of the Options field changes, and whenever a valid reply has been received for a
        // previous request." A retransmission keeps it.
        if (link.sut_ipcp_cr && p.identifier == link.sut_ipcp_cr->identifier) {
            exercise({"IP-08"});
            // A reply that reached the SUT as its restart timer fired crossed the retransmission.
            const bool answered = link.sut_ipcp_cr_answered_at && now - *link.sut_ipcp_cr_answered_at > pixit.tolerance.early;
            if (answered || options_as(*link.sut_ipcp_cr, 1) != options_as(p, 1))
                violate({"IP-08"}, "IPCP Configure-Request reuses Identifier " + std::to_string(p.identifier) + " after " +
                                       (answered ? "the peer replied to the Request that carried it" : "its options changed") +
                                       " (RFC 1661 section 5.1)");
        }
        link.sut_ipcp_cr = p;
        link.sut_ipcp_cr_answered_at.reset();
        link.invalid_ipcp_ack_rcvd = false;
    }
    if (p.code >= 2 && p.code <= 4) {
        judge_ipcp_reply(link, p);
        settle_ipcp(link, p.identifier);
    }
    if (p.code == 2) link.ipcp_peer_acked = true;
    if (p.code == static_cast<std::uint8_t>(wire::LcpCode::TermReq)) {
        settle_ipcp(link, kIpcpTerminateRequest);
    }
    if (p.code == static_cast<std::uint8_t>(wire::LcpCode::TermAck) && link.ipcp_term_rcvd) {
        // IP-09, RFC 1661 section 5.5: the Terminate-Ack's Identifier "is a copy of the Identifier
        // field of the Terminate-Request".
        if (p.identifier != *link.ipcp_term_rcvd)
            violate({"IP-09"}, "IPCP Terminate-Ack id=" + std::to_string(p.identifier) +
                                   " does not copy the Identifier of the peer's Terminate-Request id=" + std::to_string(*link.ipcp_term_rcvd));
        settle_ipcp(link, *link.ipcp_term_rcvd);
        link.ipcp_term_rcvd.reset();
        link.ipcp_sut_acked = link.ipcp_peer_acked = false;  // RTR in Opened: tld
        link.ipcp_stopping_until = now + profile.lcp.latest_restart() + pixit.tolerance.late;
    }
    if (p.code == static_cast<std::uint8_t>(wire::LcpCode::CodeRej) && link.ipcp_unknown_rcvd) {
        settle_ipcp(link, -1);
        check_rejected_copy(link, "the IPCP Code-Reject", *link.ipcp_unknown_rcvd, p.data, lcp_length(*link.ipcp_unknown_rcvd),
                            "IP-09");
        // As LCP-10 for LCP's: each Code-Reject a new Identifier (RFC 1661 section 5.6).
        if (link.last_ipcp_code_rej_id == p.identifier)
            violate({"IP-09"}, "IPCP Code-Reject id=" + std::to_string(p.identifier) + " repeats the Identifier of the SUT's previous one");
        link.last_ipcp_code_rej_id = p.identifier;
        link.ipcp_unknown_rcvd.reset();
    }
    if (link.address_asked && p.identifier == *link.address_asked && (p.code < 1 || p.code > 4)) {
        // RFC 1332 section 2: IPCP uses LCP's codes 1 through 7; an answer to a Configure-Request is
        // an Ack, a Nak or a Reject (RFC 1661 section 5).
        violate({"IP-07"}, "answered the peer's IPCP request for an address with IPCP code " + std::to_string(p.code) +
                               ", not a Configure-Nak or Configure-Reject");
        link.address_asked.reset();
    }
    if (link.address_asked && p.identifier == *link.address_asked && p.code >= 2 && p.code <= 4) {
        link.address_asked.reset();
        judge_address_given(p);
    }
    if (!was_up) maybe_network_up(link);
}

void RouterSpec::Impl::stimulus_ipcp(Link& link, const wire::IpcpPacket& p) {
    const bool was_up = network_up(link);
    if (p.code == 1) {
        // IP-08: "IPCP uses the same packet exchange mechanism as the Link Control Protocol" (RFC
        // 1332 section 2): in the Network phase the NCP is past Starting, and RFC 1661 section 4.3
        // answers RCR in Req-Sent, Ack-Rcvd, Ack-Sent and Opened with sca or scn. A later Request
        // replaces the answer owed; a Protocol-Reject of IPCP or the link's end frees it.
        drop_owed(OutputKind::Ipcp, link.channel);
        const bool stopping = link.ipcp_stopping_until && now < *link.ipcp_stopping_until;
        if (in_network_phase(link) && !stopping)
            owe(OutputKind::Ipcp, link.channel, p.identifier, reply_by(), {"IP-08"},
                "IPCP Configure-Ack, -Nak or -Reject of the peer's Configure-Request id=" + std::to_string(p.identifier) + " on " +
                    bname(link.channel));
        link.earlier_peer_ipcp_cr = link.peer_ipcp_cr;
        link.peer_ipcp_cr = p;
        link.peer_ipcp_cr_at = now;
        link.address_asked.reset();
        for (const auto& o : p.options)
            if (const auto* a = std::get_if<wire::IpAddressOption>(&o); a != nullptr && a->address == 0) link.address_asked = p.identifier;
    }
    // IP-09: "IPCP uses the same packet exchange mechanism as the Link Control Protocol" (RFC 1332
    // section 2), codes 1 through 7. RFC 1661 section 5.5: "Upon reception of a Terminate-Request, a
    // Terminate-Ack MUST be transmitted" (section 4.3: sta in every state past Starting); section
    // 5.6: a packet of an unknown code is answered with a Code-Reject carrying a copy of it.
    if (p.code == static_cast<std::uint8_t>(wire::LcpCode::TermReq) && in_network_phase(link)) {
        exercise({"IP-09"});
        link.ipcp_term_rcvd = p.identifier;
        owe(OutputKind::Ipcp, link.channel, p.identifier, reply_by(), {"IP-09"},
            "IPCP Terminate-Ack id=" + std::to_string(p.identifier) + " of the peer's Terminate-Request on " + bname(link.channel));
    }
    // RFC 1661 section 5.6: a Code-Reject of a code the protocol needs (1-7) is RXJ-; in Opened
    // (section 4.3: tld, irc, str) IPCP goes down and the SUT sends an IPCP Terminate-Request.
    if (p.code == static_cast<std::uint8_t>(wire::LcpCode::CodeRej) && !p.data.empty() && p.data[0] >= 1 && p.data[0] <= 7 &&
        in_network_phase(link) && was_up) {
        exercise({"IP-09"});
        link.ipcp_sut_acked = link.ipcp_peer_acked = false;
        owe(OutputKind::Ipcp, link.channel, kIpcpTerminateRequest, reply_by(), {"IP-09"},
            "IPCP Terminate-Request after the peer's Code-Reject of IPCP code " + std::to_string(p.data[0]) + " on " + bname(link.channel));
    }
    if ((p.code == 0 || p.code > static_cast<std::uint8_t>(wire::LcpCode::CodeRej)) && in_network_phase(link)) {
        exercise({"IP-09"});
        link.ipcp_unknown_rcvd = wire::encode_ipcp(p);
        owe(OutputKind::Ipcp, link.channel, -1, reply_by(), {"IP-09"},
            "IPCP Code-Reject of the peer's IPCP packet of unknown code " + std::to_string(p.code) + " on " + bname(link.channel));
    }
    const bool for_its_request = link.sut_ipcp_cr && p.identifier == link.sut_ipcp_cr->identifier;
    if (p.code == 2 && for_its_request) {
        // IP-08, RFC 1661 section 5.2: "If the Identifier field or the Configuration Options in the
        // Configure-Ack do not match those of the last transmitted Configure-Request, the packet
        // is invalid and MUST be silently discarded."
        exercise({"IP-08"});
        if (options_as(*link.sut_ipcp_cr, 2) != options_as(p, 2)) {
            note("IPCP Configure-Ack id=" + std::to_string(p.identifier) + " does not list the SUT's Request's options as sent: " +
                 "invalid, the SUT must discard it and send no datagram on it (IP-08)");
            link.invalid_ipcp_ack_rcvd = true;
            return;
        }
        link.ipcp_sut_acked = true;
    }
    if (p.code >= 2 && p.code <= 4 && for_its_request && !link.sut_ipcp_cr_answered_at) link.sut_ipcp_cr_answered_at = now;
    if (!was_up) maybe_network_up(link);
}

// IP-07, RFC 1332 section 3.3: IP-Address 0.0.0.0 "indicates a request that the peer provide the
// IP-Address information"; "The peer can provide this information by NAKing the option, and
// returning a valid IP-address", one "acceptable as the remote IP-address": where a dialer map
// names the peer, its next hop (DDR-02). An Ack of 0.0.0.0 agrees on none. A Reject is for an
// option "not acceptable for negotiation" (RFC 1661 section 5.4): only a SUT with no address for
// the peer has nothing to negotiate with.
void RouterSpec::Impl::judge_address_given(const wire::IpcpPacket& reply) {
    exercise({"IP-07"});
    std::optional<std::uint32_t> given;
    for (const auto& o : reply.options)
        if (const auto* a = std::get_if<wire::IpAddressOption>(&o)) given = a->address;
    const auto code = static_cast<wire::LcpCode>(reply.code);
    if (code == wire::LcpCode::ConfRej) {
        if (pixit.dialer_map_to_peer)
            violate({"IP-07", "DDR-02"}, "IPCP Configure-Reject of the peer's request for an address, though the SUT's dialer map holds "
                                         "the peer's next hop " + wire::ipv4_to_string(pixit.peer_address) + " to give it");
        else
            note("IPCP Configure-Reject of the peer's request for an address: no dialer map names the peer, so the SUT may have none (IP-07)");
    } else if (code == wire::LcpCode::ConfAck) {
        if (given && *given == 0)
            violate({"IP-07"}, "IPCP Configure-Ack of IP-Address 0.0.0.0: the peer asked to be given an address (RFC 1332 section 3.3), "
                               "the Ack gives none");
    } else if (!given) {
        violate({"IP-07"}, "IPCP Configure-Nak of the peer's request for an address without an IP-Address option: it provides none");
    } else if (*given == 0) {
        violate({"IP-07"}, "IPCP Configure-Nak suggesting IP-Address 0.0.0.0: not a valid address for the peer (RFC 1332 section 3.3)");
    } else if (pixit.dialer_map_to_peer && *given != pixit.peer_address) {
        violate({"IP-07", "DDR-02"}, "IPCP Configure-Nak gives the peer IP-Address " + wire::ipv4_to_string(*given) +
                                         "; its dialer map's next hop, where the SUT routes the peer's traffic, is " +
                                         wire::ipv4_to_string(pixit.peer_address));
    }
}

// IP-08: "IPCP uses the same packet exchange mechanism as the Link Control Protocol" (RFC 1332
// section 2). RFC 1661 section 5.2: a Configure-Ack's Identifier "is a copy of the Identifier field
// of the Configure-Request which caused this Configure-Ack", and "The acknowledged Configuration
// Options MUST NOT be reordered or modified in any way"; sections 5.3 and 5.4 copy the Identifier
// into a Configure-Nak or Configure-Reject too.
void RouterSpec::Impl::judge_ipcp_reply(const Link& link, const wire::IpcpPacket& reply) {
    exercise({"IP-08"});
    const char* name = reply.code == 2 ? "Configure-Ack" : reply.code == 3 ? "Configure-Nak" : "Configure-Reject";
    if (!link.peer_ipcp_cr) {
        violate({"IP-08"}, std::string("IPCP ") + name + " id=" + std::to_string(reply.identifier) + " with no IPCP Configure-Request of the peer's to answer");
        return;
    }
    // A reply to the Request before the latest, sent as the latest was still on its way to the SUT.
    const bool crossed = link.earlier_peer_ipcp_cr && reply.identifier == link.earlier_peer_ipcp_cr->identifier &&
                         reply.identifier != link.peer_ipcp_cr->identifier && now - link.peer_ipcp_cr_at <= pixit.tolerance.early;
    const wire::IpcpPacket& request = crossed ? *link.earlier_peer_ipcp_cr : *link.peer_ipcp_cr;
    if (reply.identifier != request.identifier) {
        violate({"IP-08"}, std::string("IPCP ") + name + " id=" + std::to_string(reply.identifier) +
                               " does not copy the Identifier of the peer's Configure-Request id=" + std::to_string(request.identifier));
        return;
    }
    if (reply.code != 2) return;
    if (options_as(reply, 2) != options_as(request, 2))
        violate({"IP-08"}, "IPCP Configure-Ack id=" + std::to_string(reply.identifier) + " lists " + wire::describe(reply) +
                               "; the peer's Configure-Request was " + wire::describe(request) + " (RFC 1661 section 5.2: exactly its options, in order)");
}

// DDR-03: the idle timer starts when the network comes up (again, after IPCP renegotiated);
// other IPCP packets (a late or duplicated Configure-Ack, which RFC 1661 section 5.2 has the
// SUT discard) are not interesting traffic and do not restart it.
void RouterSpec::Impl::maybe_network_up(Link& link) {
    if (network_up(link)) {
        if (coord.state() == Cb::NoCallback) coordinate(CbEvent::NetworkUp);
        link.last_interesting = now;
    }
}

// ----- call teardown obligations ------------------------------------------------------------
bool RouterSpec::Impl::drop_owed_on(int channel) const {
    return std::any_of(owed.begin(), owed.end(), [&](const Owed& o) {
        return o.kind == OutputKind::DropCall && (o.channel == channel || o.channel == 0);
    });
}

// AMB-02: how the SUT ends a call it must drop: LCP Terminate-Request/-Ack then DISCONNECT
// (send_lcp_tr) or DISCONNECT only; and, having answered the peer's Terminate-Request, no
// hang-up sooner than hangup_after_ta (RFC 1661 section 3.7, PH-04: one Restart interval) unless
// the profile claims an immediate hang-up (0).
void RouterSpec::Impl::check_hangup(const Call& call) {
    auto lit = links.find(call.channel);
    if (lit == links.end()) return;
    const Link& link = lit->second;
    if (drop_owed_on(call.channel)) {
        exercise({"AMB-02"});  // the SUT ends a call it must drop with DISCONNECT, LCP first or not
        if (profile.callback.send_lcp_tr && link.fsm.state() == LcpState::Opened)
            violate({"AMB-02"}, "expected an LCP Terminate-Request on " + bname(call.channel) +
                                    " before DISCONNECT when dropping the call (profile: send_lcp_tr), observed DISCONNECT with LCP Opened");
    }
    const Millis wait = profile.callback.hangup_after_ta;
    if (link.sut_ta_at && wait.count() > 0) {
        exercise({"AMB-02", "PH-04"});
        if (now < *link.sut_ta_at + wait - pixit.tolerance.early)
            violate({"AMB-02", "PH-04"}, "DISCONNECT " + ms(now - *link.sut_ta_at) + " after the SUT's Terminate-Ack on " +
                                             bname(call.channel) + "; the profile waits " + ms(wait) +
                                             " (RFC 1661 section 3.7: at least one Restart interval)");
    }
}

void RouterSpec::Impl::satisfy_drop(int channel) {
    for (auto it = owed.begin(); it != owed.end();) {
        if (it->kind == OutputKind::DropCall && (it->channel == channel || channel == 0)) it = owed.erase(it);
        else ++it;
    }
}

}  // namespace ppp::model
