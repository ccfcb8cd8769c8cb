// RouterSpec, LCP per B-channel: the RFC 1661 automaton's actions and layer events, the Configure
// exchange by relation (LCP-04..07, LCP-15, LCP-16), Terminate, Code-Reject and Protocol-Reject
// copies (LCP-18), Echo (LCP-12), and the LCP stimuli.
#include "router_spec_impl.hpp"

namespace ppp::model {

// ----- LCP actions -> obligations ------------------------------------------------------------
// `consumed`: the observed output that caused this step (it is not owed again).
void RouterSpec::Impl::apply(Link& link, const LcpStep& step, int consumed_action, int reply_id) {
    if (!step.legal) {
        note("FSM-05: " + std::string(lcp_event_name(step.event)) + " is illegal in " + lcp_state_name(step.from) +
             " on " + bname(link.channel) + " (no transition)");
        return;
    }
    if (step.crossed) note("FSM-07: crossed connection on " + bname(link.channel) + " (" + step.cell + ")");
    bool consumed_done = false;
    for (LcpAction a : step.actions) {
        const bool is_consumed = !consumed_done && static_cast<int>(a) == consumed_action;
        if (is_consumed) consumed_done = true;
        switch (a) {
            case LcpAction::scr:
                if (is_consumed || (link.early_scr && (link.early_scr = false, true))) {
                    link.timer_start = now;
                } else {
                    link.timer_start = now;
                    // FSM-08: a Request in Opened restarts our own negotiation too.
                    owe(OutputKind::LcpConfReq, link.channel, -1, reply_by(),
                        step.from == LcpState::Opened ? ReqIds{"FSM-08", "FSM-02"} : ReqIds{"FSM-02"},
                        "Configure-Request on " + bname(link.channel) + " (" + step.cell + ")");
                }
                break;
            case LcpAction::str:
                link.timer_start = now;
                if (!is_consumed)
                    owe(OutputKind::LcpTermReq, link.channel, -1, reply_by(), {"FSM-02"},
                        "Terminate-Request on " + bname(link.channel) + " (" + step.cell + ")");
                break;
            case LcpAction::zrc: link.timer_start = now; break;
            case LcpAction::sta:
                if (!is_consumed) {
                    owe(OutputKind::LcpTermAck, link.channel, reply_id, reply_by(), {"LCP-09"},
                        "Terminate-Ack id=" + std::to_string(reply_id) + " on " + bname(link.channel) + " (" + step.cell + ")");
                    if (answer_after_tlf_is_optional(link, step)) owed.back().optional = true;
                }
                break;
            case LcpAction::scj:
                owe(OutputKind::LcpCodeRej, link.channel, -1, reply_by(), {"LCP-10"},
                    "Code-Reject on " + bname(link.channel) + " (" + step.cell + ")");
                owed.back().rejected = link.stimulus_lcp_info;
                if (answer_after_tlf_is_optional(link, step)) owed.back().optional = true;
                break;
            case LcpAction::ser:
                owe(OutputKind::LcpEchoReply, link.channel, reply_id, reply_by(), {"LCP-12"},
                    "Echo-Reply id=" + std::to_string(reply_id) + " on " + bname(link.channel));
                break;
            case LcpAction::tlu: this_layer_up(link); break;
            case LcpAction::tld: this_layer_down(link); break;
            case LcpAction::tlf: this_layer_finished(link); break;
            default: break;
        }
    }
}

void RouterSpec::Impl::this_layer_up(Link& link) {
    // PH-02 -> Authenticate (PH-03): who authenticates whom follows from the agreed options.
    link.finished = false;
    link.auth_complete = link.authr_passed = link.authee_passed = false;
    // CHAP-02, PAP-02: the retry limit counts the tries of one Authenticate phase (RFC 1994
    // section 4.1, RFC 1334 section 2.2): a renegotiation (FSM-08) starts a new one.
    link.challenges = link.pap_requests = 0;
    if (!link.authr.in(Authr::Idle) || !link.authee.in(Authee::Idle)) auth_down(link);
    link.sut_auth_proto = link.peer_auth_proto = 0;  // a renegotiation may drop authentication
    if (const auto* a = detail::find_auth(link.sut_agreed)) {
        fire(link.authr, a->protocol == wire::proto::kChap ? AuthrEvent::StartChap : AuthrEvent::StartPap, "authenticator");
        link.sut_auth_proto = a->protocol;
        if (a->protocol == wire::proto::kChap)
            owe(OutputKind::ChapChallenge, link.channel, -1, reply_by(), {"CHAP-02", "PH-03"},
                "CHAP Challenge on " + bname(link.channel));
    }
    if (const auto* a = detail::find_auth(link.peer_agreed)) {
        fire(link.authee, a->protocol == wire::proto::kChap ? AutheeEvent::StartChap : AutheeEvent::StartPap, "authenticatee");
        link.peer_auth_proto = a->protocol;
        if (a->protocol == wire::proto::kPap)
            owe(OutputKind::PapRequest, link.channel, -1, reply_by(), {"PAP-02", "PH-03"},
                "PAP Authenticate-Request on " + bname(link.channel));
    }
    // Callback agreement: client = peer acked our option; server = we acked the peer's.
    const wire::Callback* cb = role == Role::Client ? detail::find_callback(link.sut_agreed) : detail::find_callback(link.peer_agreed);
    if (cb && !link.return_call) {
        link.callback = *cb;
        link.no_ncp = true;
        if (coord.state() == Cb::FirstCall) coordinate(CbEvent::CallbackAgreed);
        // FSM-08: a renegotiation brought the Callback option back before authentication.
        else if (coord.state() == Cb::NoCallback && !callback_forbidden) coordinate(CbEvent::RenegotiatedWithCallback);
    } else if (!link.return_call) {
        if (coord.state() == Cb::Agreed && link.callback) {
            // FSM-08: a renegotiation in Opened dropped the Callback option: an ordinary call now.
            coordinate(CbEvent::RenegotiatedWithoutCallback);
            link.callback.reset();
            link.no_ncp = false;
        }
        if (coord.state() == Cb::FirstCall) coordinate(CbEvent::CallbackRefused);
    }
    check_auth_complete(link);
}

void RouterSpec::Impl::this_layer_down(Link& link) {
    link_down_on_unanswered_verdict = role == Role::Server && coord.state() == Cb::Agreed && link.authr_passed &&
                                      !link.authee_passed && link.misnumbered_result_rcvd;
    link.auth_complete = link.authr_passed = link.authee_passed = false;
    auth_down(link);
    link.ipcp_sut_acked = link.ipcp_peer_acked = false;
    drop_owed(OutputKind::ChapChallenge, link.channel);
    drop_owed(OutputKind::PapRequest, link.channel);
    drop_owed(OutputKind::IpDatagram, link.channel);
    drop_owed(OutputKind::Ipcp, link.channel);
}

void RouterSpec::Impl::this_layer_finished(Link& link) {
    // PH-04 (S): after TR/TA or counter expiry the physical layer is disconnected.
    link.finished = true;
    note("tlf on " + bname(link.channel) + ": the lower layer may now be disconnected (PH-04)");
}

// RFC 1661 section 4.4, tlf: "the lower layer is no longer needed" and may be taken down (a
// daemon exits, PH-04). On a line the harness cannot see that happen, so an answer in Closed
// after tlf (a Terminate-Ack, a Code-Reject) is allowed, not required.
bool RouterSpec::Impl::answer_after_tlf_is_optional(const Link& link, const LcpStep& step) const {
    return link.finished && step.from == LcpState::Closed && pixit.line_up_at_start;
}

// LCP-18, RFC 1661 section 5.6: "The Rejected-Packet MUST be truncated to comply with the peer's
// established MRU"; short of that it is a copy. `whole` is what a full copy must hold at least
// (an LCP packet's Length: trailing padding may be left out).
void RouterSpec::Impl::check_rejected_copy(const Link& link, const char* what, const wire::Bytes& rejected,
                                           const wire::Bytes& carried, std::size_t whole, const char* requirement) {
    const std::size_t room = link.peer_mru > 4 ? link.peer_mru - 4U : 0U;  // after Code, Id, Length
    const bool prefix = carried.size() <= rejected.size() && std::equal(carried.begin(), carried.end(), rejected.begin());
    if (prefix && carried.size() >= std::min(whole, room)) return;
    violate({requirement}, std::string("expected ") + what + " to copy the rejected " + std::to_string(rejected.size()) +
                            " octets (" + wire::to_hex(rejected) + "), truncated only to the peer's MRU " +
                            std::to_string(link.peer_mru) + "; observed " + std::to_string(carried.size()) + " octets (" +
                            wire::to_hex(carried) + ")");
}

// LCP-15, "on CN try the next" (RFC 1661 section 6.2: the Nak's option names the protocol the
// peer wants; section 5.3: the next Request "MAY" take the values a Nak asks for): the Request
// that answers a Nak of the SUT's Authentication-Protocol proposes the method its configuration
// (the PIXIT's `authentication`) lists after the refused one, or the method the Nak asked for
// when that is configured too. With no method configured after it, what comes next (the same
// one again, the one asked for, or giving up) is the SUT's choice: nothing is judged.
void RouterSpec::Impl::check_auth_after_nak(Link& link, const wire::LcpPacket& p) {
    if (!link.auth_nak || p.identifier == link.auth_nak->request_id) return;  // a retransmission crossed the Nak
    const Link::AuthNak nak = *link.auth_nak;
    link.auth_nak.reset();
    const auto& methods = pixit.auth_methods;
    const auto refused = std::find(methods.begin(), methods.end(), nak.refused);
    if (refused == methods.end() || refused + 1 == methods.end()) return;
    exercise({"LCP-15"});
    // A configured CHAP is CHAP-MD5 (CHAP-01): CHAP with another algorithm is not configured.
    const bool wanted_configured = std::find(methods.begin(), methods.end(), nak.wanted.protocol) != methods.end() &&
                                   (nak.wanted.protocol != wire::proto::kChap || nak.wanted.data == wire::Bytes{wire::kChapMd5});
    const auto* proposed = detail::find_auth(p.options);
    const std::uint16_t next = *(refused + 1);
    if (proposed != nullptr &&
        (proposed->protocol == next || (wanted_configured && nak.wanted.protocol != nak.refused && proposed->protocol == nak.wanted.protocol)))
        return;
    violate({"LCP-15"}, "the peer Nak'd the Authentication-Protocol " + detail::auth_name(nak.refused) + " asking for " +
                            detail::auth_name(nak.wanted.protocol) + "; on Configure-Nak the SUT tries the next method it is "
                            "configured with, " + detail::auth_name(next) +
                            (wanted_configured && nak.wanted.protocol != nak.refused ? " (or the one asked for)" : "") +
                            ", observed " + detail::describe_options(p.options));
}

std::size_t RouterSpec::Impl::lcp_length(const wire::Bytes& packet) {
    if (packet.size() < 4) return packet.size();
    return std::min<std::size_t>(packet.size(), static_cast<std::size_t>(packet[2]) << 8 | packet[3]);
}

// AMB-44, a profile that lets the SUT discard a second Configure-Ack of one Request: the SUT's
// next frame on the link says which it did. A new Configure-Request is the scr of RCA (RFC 1661
// section 4.1: Ack-Rcvd and Opened both send one), taken late; anything else, the Ack discarded.
void RouterSpec::Impl::settle_second_ack(Link& link, bool configure_request) {
    if (!link.second_ack) return;
    const std::uint8_t id = *link.second_ack;
    link.second_ack.reset();
    const LcpState st = link.fsm.state();
    if (configure_request && (st == LcpState::AckRcvd || st == LcpState::Opened)) {
        link.reply_since_cr = link.acked_since_cr = true;
        apply(link, link.fsm.fire(LcpEvent::Rca), -1, id);
        return;
    }
    note("deviation: a second Configure-Ack id=" + std::to_string(id) + " of one Request on " + bname(link.channel) +
         " was discarded, not taken as RCA (AMB-44, profile)");
}

// ----- LCP: observations -------------------------------------------------------------------
void RouterSpec::Impl::observe_lcp(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p) {
    exercise({"LCP-01"});
    link.sut_sent_lcp = true;
    if (p.code >= 1 && p.code <= 7 && (!frame.address_control || frame.protocol_compressed))
        violate({"LCP-01"}, std::string("LCP ") + wire::code_name(p.kind()) + " sent with " +
                                (frame.address_control ? "a compressed protocol field" : "the FF 03 header omitted"));
    else if (!frame.address_control || frame.protocol_compressed)
        note("deviation: LCP code " + std::to_string(p.code) + " sent without FF 03 (RFC 1661 section 6.6 discourages it)");
    const LcpState st = link.fsm.state();
    switch (p.kind()) {
        case wire::LcpCode::ConfReq: observe_cr(link, p); break;
        case wire::LcpCode::ConfAck: observe_reply(link, p); break;
        case wire::LcpCode::ConfNak:
        case wire::LcpCode::ConfRej: observe_reply(link, p); break;
        case wire::LcpCode::TermReq: observe_tr(link, p); break;
        case wire::LcpCode::TermAck: {
            auto o = take(OutputKind::LcpTermAck, link.channel);
            exercise({"LCP-09"});
            if (!o) {
                violate({"LCP-09"}, "Terminate-Ack id=" + std::to_string(p.identifier) + " with no Terminate-Request to answer in " +
                                        lcp_state_name(st));
            } else if (o->id >= 0 && o->id != p.identifier) {
                violate({"LCP-09"}, "expected Terminate-Ack id=" + std::to_string(o->id) + " (copied from the Terminate-Request), observed id=" +
                                        std::to_string(p.identifier));
            }
            if (o) link.sut_ta_at = now;  // AMB-02, PH-04: the hang-up may follow only after a wait
            break;
        }

        case wire::LcpCode::CodeRej: {
            exercise({"LCP-10", "LCP-18"});
            const auto owed_reject = take(OutputKind::LcpCodeRej, link.channel);
            if (!owed_reject)
                violate({"LCP-10"}, "Code-Reject without an unknown code to reject in " + std::string(lcp_state_name(st)));
            else
                check_rejected_copy(link, "Code-Reject", owed_reject->rejected, p.data, lcp_length(owed_reject->rejected));
            if (link.last_code_rej_id == p.identifier)
                violate({"LCP-10"}, "Code-Reject reused Identifier " + std::to_string(p.identifier) + "; a new one is required each time");
            link.last_code_rej_id = p.identifier;
            break;
        }
        case wire::LcpCode::ProtoRej: {
            exercise({"LCP-11", "LCP-18"});
            if (st != LcpState::Opened)
                violate({"LCP-11"}, "Protocol-Reject sent in " + std::string(lcp_state_name(st)) + "; only allowed in Opened");
            const auto owed_reject = take(OutputKind::LcpProtoRej, link.channel);
            // A SUT that runs no IPCP rejects the protocol instead of answering (LCP-11).
            if (p.rejected_protocol == wire::proto::kIpcp) drop_owed(OutputKind::Ipcp, link.channel);
            if (!owed_reject && link.discarded_while_authenticating.count(p.rejected_protocol))
                violate({"PH-03"}, "Protocol-Reject of 0x" + hex16(p.rejected_protocol) +
                                       ", a packet received while authenticating: it must be silently discarded (RFC 1661 section 3.5)");
            if (owed_reject) {
                // Sized once: GCC 12 warns falsely (-Warray-bounds) on an insert that grows a 2-octet vector.
                wire::Bytes carried(2 + p.data.size());
                carried[0] = static_cast<std::uint8_t>(p.rejected_protocol >> 8);
                carried[1] = static_cast<std::uint8_t>(p.rejected_protocol & 0xFF);
                std::copy(p.data.begin(), p.data.end(), carried.begin() + 2);
                check_rejected_copy(link, "Protocol-Reject", owed_reject->rejected, carried, owed_reject->rejected.size());
            }
            // RFC 1661 section 5.7: "The Identifier field MUST be changed for each Protocol-Reject sent."
            if (link.last_proto_rej_id == p.identifier)
                violate({"LCP-11"}, "Protocol-Reject reused Identifier " + std::to_string(p.identifier) + "; a new one is required each time");
            link.last_proto_rej_id = p.identifier;
            break;
        }
        case wire::LcpCode::EchoReq:
        case wire::LcpCode::DiscardReq:
            if (st != LcpState::Opened)
                violate({"LCP-12"}, std::string(wire::code_name(p.kind())) + " sent in " + lcp_state_name(st) + "; only allowed in Opened");
            check_magic_field(link, p);
            break;
        case wire::LcpCode::EchoReply: {
            auto o = take(OutputKind::LcpEchoReply, link.channel);
            exercise({"LCP-12"});
            if (!o) violate({"LCP-12"}, "Echo-Reply without an Echo-Request in Opened");
            else if (o->id != p.identifier)
                violate({"LCP-12"}, "expected Echo-Reply id=" + std::to_string(o->id) + ", observed id=" + std::to_string(p.identifier));
            check_magic_field(link, p);
            break;
        }
        case wire::LcpCode::Identification: break;  // LCP-13: any state, no reply
        case wire::LcpCode::TimeRemaining:
            exercise({"LCP-13"});
            if (st != LcpState::Opened) violate({"LCP-13"}, "Time-Remaining sent in " + std::string(lcp_state_name(st)) + "; only in Opened");
            break;
        default: note("SUT sent LCP code " + std::to_string(p.code) + ", which LCP does not define"); break;
    }
}

void RouterSpec::Impl::check_magic_field(Link& link, const wire::LcpPacket& p) {
    // LCP-12: Magic 0 until negotiated, then the SUT's own agreed Magic-Number.
    const auto own = detail::find_magic(link.sut_agreed);
    const std::uint32_t want = own ? *own : 0;
    if (p.magic != want)
        violate({"LCP-12"}, "expected Magic-Number field " + std::to_string(want) + " in " + wire::code_name(p.kind()) +
                                ", observed " + std::to_string(p.magic));
}

void RouterSpec::Impl::observe_cr(Link& link, const wire::LcpPacket& p) {
    exercise({"LCP-04", "LCP-07", "LCP-15", "LCP-16", "FSM-01", "FSM-02"});
    if (link.return_call) exercise({"SEQ-02"});
    if (role == Role::Server) exercise({"CB-02"});
    if (role == Role::Client && link.first_call) exercise({"CCB-01", "PAP-04"});
    check_callback_after_reject(link, p);
    const bool same_as_acked = link.sut_cr && link.reply_since_cr && link.fsm.state() == LcpState::AckRcvd &&
                               p.identifier == link.sut_cr->identifier &&
                               wire::encode_options(p.options) == wire::encode_options(link.sut_cr->options);
    for (const RuleBreach& b : detail::check_own_request(p, link.sut_cr ? &*link.sut_cr : nullptr, link.reply_since_cr, link.rejected_types)) {
        if (same_as_acked && profile.lcp.retransmit_keeps_acked_id && b.requirements == std::vector<std::string>{"LCP-04"})
            note("deviation: Configure-Request retransmitted in Ack-Rcvd with the Identifier already acknowledged (RFC 1661 section 5.1 asks for a new one)");
        else
            violate(b.requirements, b.text);
    }
    const wire::Callback* cb = detail::find_callback(p.options);
    // AMB-31: where op 6 only says the sender can run CBCP, it requests nothing but on the first
    // call a client places (SPEC section 17 on CB-02).
    const bool op6 = cb && cb->operation == static_cast<std::uint8_t>(wire::CallbackOp::Cbcp);
    if (op6 && profile.callback.op6_capability && !(role == Role::Client && link.first_call))
        cb = nullptr;
    if (cb && link.return_call)
        violate({"SEQ-02", "CB-04", "AMB-07"}, "expected no Callback option (13) on the return call, observed " +
                                                   detail::describe_options(p.options));
    if (cb && role == Role::Client && !link.return_call && !link.first_call)
        violate({"AMB-07", "CCB-01"}, "the client requested the Callback option on a call it did not place, observed " +
                                          detail::describe_options(p.options));
    if (cb && role == Role::Server && !link.return_call)
        violate({"CB-02"}, "the callback server requested the Callback option itself");
    if (role == Role::Client && !link.return_call && link.first_call && link.callback_nak_op) {
        check_callback_after_nak(link, cb);
    } else if (role == Role::Client && !link.return_call && link.first_call && pixit.callback_request &&
               !profile.callback.client_ops.empty() && !link.rejected_types.count(wire::lcp_opt::kCallback)) {
        if (!cb)
            violate({"CCB-01", "CB-02"}, "expected the client's Configure-Request to carry the Callback option (op " +
                                             std::to_string(profile.callback.client_ops.front()) + "), observed " +
                                             detail::describe_options(p.options));
        else if (std::find(profile.callback.client_ops.begin(), profile.callback.client_ops.end(), cb->operation) ==
                 profile.callback.client_ops.end())
            violate({"CCB-01"}, "Callback op " + std::to_string(cb->operation) + " is not one the profile's client requests");
    }
    if (cb && role == Role::Client && !link.return_call) check_callback_message(*cb);
    check_auth_direction(link, p);
    check_auth_after_nak(link, p);
    // AMB-15 (fsm_options.magic_number): a SUT that uses Magic-Number offers it in every Request of
    // a link until the peer Configure-Rejects it there (RFC 1661 section 6.4: loop-back detection
    // needs it negotiated); a Reject on an earlier call does not carry over to this one.
    if (profile.lcp.magic_number && !detail::find_magic(p.options) && !link.rejected_types.count(wire::lcp_opt::kMagicNumber))
        violate({"AMB-15", "LCP-16"}, "the profile's SUT negotiates a Magic-Number (fsm_options.magic_number), but its "
                                      "Configure-Request id=" + std::to_string(p.identifier) + " on " + bname(link.channel) +
                                      " carries none and the peer has not rejected it on this call: " +
                                      detail::describe_options(p.options));
    if (const auto* a = detail::find_auth(p.options); a && a->protocol == wire::proto::kPap &&
                                                      !profile.auth.protocols.empty() &&
                                                      profile.auth.protocols.front() == AuthProto::Chap &&
                                                      !link.refused_auth.count(wire::proto::kChap))
        violate({"PAP-04"}, "PAP offered before CHAP although the implementation claims CHAP");

    const LcpState st = link.fsm.state();
    if (take(OutputKind::LcpConfReq, link.channel)) {
        link.timer_start = now;
    } else if (link.peer_cr && (st == LcpState::Stopped || st == LcpState::Opened)) {
        link.early_scr = true;  // both RCR+ and RCR- send scr here
    } else if ((st == LcpState::ReqSent || st == LcpState::AckRcvd || st == LcpState::AckSent) && link.fsm.timer_running()) {
        const Millis expiry = link.timer_start + profile.lcp.restart;
        if (link.fsm.restart_counter() == 0) {
            violate({"FSM-02"}, "Configure-Request beyond Max-Configure (" + std::to_string(profile.lcp.max_configure) + ") on " +
                                    bname(link.channel));
        } else {
            if (now < expiry - pixit.tolerance.early)
                violate({"FSM-01"}, "Configure-Request retransmitted " + ms(now - link.timer_start) + " after the previous one; the restart timer is " +
                                        restart_text());
            link.measured_restart = now - link.timer_start;
            apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), static_cast<int>(LcpAction::scr));
        }
    } else if (st == LcpState::Closed) {
        apply(link, link.fsm.fire(LcpEvent::Open), static_cast<int>(LcpAction::scr));  // administrative Open
    } else if ((st == LcpState::Stopped || st == LcpState::Opened) && profile.lcp.restart_option) {
        apply(link, link.fsm.fire(LcpEvent::Open), static_cast<int>(LcpAction::scr));  // [r] FSM-07
    } else if (st == LcpState::Stopped && link.fsm.restart_counter() == 0) {
        violate({"FSM-02"}, "Configure-Request after the restart counter expired (Max-Configure " +
                                std::to_string(profile.lcp.max_configure) + ") on " + bname(link.channel));
    } else {
        violate({"FSM-01"}, std::string("Configure-Request in ") + lcp_state_name(st) + " where no RFC 1661 cell sends scr");
    }
    link.sut_cr = p;
    link.reply_since_cr = link.acked_since_cr = false;
}

void RouterSpec::Impl::observe_reply(Link& link, const wire::LcpPacket& p) {
    if (!link.peer_cr) {
        violate({p.kind() == wire::LcpCode::ConfAck ? "LCP-05" : "LCP-06"},
                std::string(wire::code_name(p.kind())) + " id=" + std::to_string(p.identifier) + " with no Configure-Request to answer");
        return;
    }
    const wire::LcpPacket req = *link.peer_cr;
    const auto magic = detail::find_magic(req.options);
    const auto own = link.sut_cr ? detail::find_magic(link.sut_cr->options) : std::nullopt;
    const bool looped = magic.has_value() && own.has_value() && magic.value() == own.value();
    const wire::Callback* cb = detail::find_callback(req.options);
    if (cb) {
        check_op0_without_auth(link, *cb, p);
        check_unsupported_op(link, *cb, p);
    }
    if (p.kind() == wire::LcpCode::ConfAck) {
        exercise({"LCP-05", "LCP-16"});
        if (cb) exercise({"CCB-02", "CCB-08"});
        breach(detail::check_ack(req, p));
        if (magic && *magic == 0) violate({"LCP-16"}, "Magic-Number 0 acknowledged; it must be Nak'd or rejected");
        if (looped)
            violate({"LCP-16"}, "peer Magic-Number equal to the SUT's own acknowledged: a looped-back link must be Nak'd with another value");
        if (cb) {
            const bool op_ok = std::find(profile.callback.server_ops.begin(), profile.callback.server_ops.end(), cb->operation) !=
                               profile.callback.server_ops.end();
            if (link.return_call)
                note("Callback option on the return call acknowledged by the SUT");
            else if (role == Role::Client || !profile.callback.server_accepts)
                violate({"CCB-08"}, "Callback option acknowledged although the SUT does not accept callback (`ppp callback accept` absent)");
            else if (!op_ok)
                violate({"CCB-02", "AMB-04"}, "Callback op " + std::to_string(cb->operation) + " acknowledged; the profile accepts only other operations");
        }
        link.peer_agreed = req.options;
        if (auto mru = detail::find_mru(req.options)) link.peer_mru = *mru;
        link.peer_cr.reset();
        drop_owed(OutputKind::LcpConfAck, link.channel);
        apply(link, link.fsm.fire(LcpEvent::RcrGood), static_cast<int>(LcpAction::sca));
    } else {
        if (p.kind() == wire::LcpCode::ConfNak) {
            exercise({"LCP-06", "FSM-03"});
            breach(detail::check_nak(req, p, link.fsm.naks_without_ack() < profile.lcp.max_failure));
            if (link.fsm.naks_without_ack() >= profile.lcp.max_failure)
                violate({"FSM-03"}, "Configure-Nak after Max-Failure (" + std::to_string(profile.lcp.max_failure) +
                                        ") Naks without an Ack; Configure-Reject is required");
        } else {
            breach(detail::check_reject(req, p));
            exercise({"LCP-07"});
            for (const auto& o : p.options) link.types_sut_rejected.insert(wire::option_type(o));
            // RFC 1661 section 6.4: "If the two Magic-Numbers are equal ... a Configure-Nak MUST
            // be sent specifying a different Magic-Number value." Only after Max-Failure Naks
            // may it become a Reject (section 4.6; Rejects sent do not count, FSM-03).
            if (looped && detail::find_magic(p.options) &&
                link.fsm.naks_without_ack() < profile.lcp.max_failure)
                violate({"LCP-16", "FSM-03"},
                        "looped-back Magic-Number Configure-Rejected after " + std::to_string(link.fsm.naks_without_ack()) +
                            " Nak(s) without an Ack; a Configure-Nak with another value is required until Max-Failure (" +
                            std::to_string(profile.lcp.max_failure) + ") Naks");
        }
        if (cb && role == Role::Server && !link.return_call && profile.callback.server_accepts &&
            detail::find_callback(p.options)) {
            const bool op_ok = std::find(profile.callback.server_ops.begin(), profile.callback.server_ops.end(), cb->operation) !=
                               profile.callback.server_ops.end();
            if (op_ok && detail::find_auth(link.sut_cr ? link.sut_cr->options : std::vector<wire::LcpOption>{}))
                violate({"CCB-02"}, "Callback op " + std::to_string(cb->operation) + " refused although the server accepts it");
        }
        link.peer_cr.reset();
        drop_owed(OutputKind::LcpConfAck, link.channel);
        apply(link, link.fsm.fire_rcr_bad(p.kind() == wire::LcpCode::ConfNak), static_cast<int>(LcpAction::scn));
    }
}

void RouterSpec::Impl::observe_tr(Link& link, const wire::LcpPacket& p) {
    const LcpState st = link.fsm.state();
    const bool drop_owed = std::any_of(owed.begin(), owed.end(), [&](const Owed& o) {
        return o.kind == OutputKind::DropCall && (o.channel == link.channel || o.channel == 0);
    });
    if (!drop_owed) idle_close_check(link, "Terminate-Request");
    if (drop_owed) link.callback_rejected = false;  // the call must end anyway
    check_callback_after_reject(link, p);
    link.sut_tr_id = p.identifier;
    if (drop_owed_on(link.channel)) {
        exercise({"AMB-02"});  // the SUT ends a call it must drop with LCP first
        if (!profile.callback.send_lcp_tr)
            violate({"AMB-02"}, "expected DISCONNECT only when dropping the call (profile: no LCP Terminate-Request), observed Terminate-Request id=" +
                                    std::to_string(p.identifier) + " on " + bname(link.channel));
    }
    satisfy_drop(link.channel);
    if (take(OutputKind::LcpTermReq, link.channel)) {
        link.timer_start = now;
        return;
    }
    if (st == LcpState::Opened && !drop_owed) {
        check_auth_retries_not_cut_short(link);
        check_cbcp_started(link);
    }
    if (st == LcpState::ReqSent || st == LcpState::AckRcvd || st == LcpState::AckSent || st == LcpState::Opened) {
        apply(link, link.fsm.fire(LcpEvent::Close), static_cast<int>(LcpAction::str));  // administrative Close
        return;
    }
    if ((st == LcpState::Closing || st == LcpState::Stopping) && link.fsm.timer_running()) {
        if (link.fsm.restart_counter() == 0) {
            violate({"FSM-02"}, "Terminate-Request beyond Max-Terminate (" + std::to_string(profile.lcp.max_terminate) + ")");
            return;
        }
        if (now < link.timer_start + profile.lcp.restart - pixit.tolerance.early)
            violate({"FSM-01"}, "Terminate-Request retransmitted " + ms(now - link.timer_start) + " after the previous one; the restart timer is " +
                                    restart_text());
        link.measured_restart = now - link.timer_start;
        apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), static_cast<int>(LcpAction::str));
        return;
    }
    violate({"FSM-02"}, std::string("Terminate-Request in ") + lcp_state_name(st) + " where no RFC 1661 cell sends str");
}

// ----- LCP: stimuli ------------------------------------------------------------------------
void RouterSpec::Impl::stimulus_lcp(Link& link, const wire::LcpPacket& p) {
    const LcpState st = link.fsm.state();
    switch (p.kind()) {
        case wire::LcpCode::ConfReq: {
            // RFC 1661 section 5.1: "Upon reception of a Configure-Request, an appropriate reply
            // MUST be transmitted." An answer to the new Request serves for both, but no later than
            // the one still owed was due: a retransmission does not excuse a Request left unanswered.
            std::optional<Millis> still_due;
            for (const Owed& o : owed)
                if (o.kind == OutputKind::LcpConfAck && o.channel == link.channel) still_due = std::min(still_due.value_or(o.deadline), o.deadline);
            drop_owed(OutputKind::LcpConfAck, link.channel);
            link.peer_cr = p;
            link.early_scr = false;
            if (st == LcpState::Closed || st == LcpState::Closing || st == LcpState::Stopping || st == LcpState::Initial ||
                st == LcpState::Starting) {
                // Same outputs either way, so no answer tells RCR+ from RCR-. RCR- when the Request
                // carries the SUT's own Magic-Number (RFC 1661 section 6.4: "a Configure-Nak MUST be
                // sent", LCP-16) or an option type the SUT has Configure-Rejected on this link (LCP-07).
                const auto magic = detail::find_magic(p.options);
                const auto own = link.sut_cr ? detail::find_magic(link.sut_cr->options) : std::nullopt;
                const bool refused = (magic && own && *magic == *own) ||
                                     std::any_of(p.options.begin(), p.options.end(), [&](const wire::LcpOption& o) {
                                         return link.types_sut_rejected.count(wire::option_type(o)) != 0;
                                     });
                const bool answerable = st != LcpState::Initial && st != LcpState::Starting;
                link.peer_cr.reset();
                apply(link, link.fsm.fire(refused && answerable ? LcpEvent::RcrBad : LcpEvent::RcrGood), -1, p.identifier);
            } else {
                owe(OutputKind::LcpConfAck, link.channel, p.identifier, std::min(reply_by(), still_due.value_or(reply_by())), {"LCP-05", "LCP-06", "LCP-07"},
                    "Configure-Ack, -Nak or -Reject id=" + std::to_string(p.identifier) + " on " + bname(link.channel) +
                        " (RCR in " + lcp_state_name(st) + ")");
            }
            break;
        }
        case wire::LcpCode::ConfAck: {
            const bool match = link.sut_cr && p.identifier == link.sut_cr->identifier &&
                               wire::encode_options(p.options) == wire::encode_options(link.sut_cr->options);
            if (!match) {
                note("Configure-Ack that does not match the last Request: the SUT must discard it (LCP-03/05)");
                return;
            }
            // AMB-44: RFC 1661's state table takes a second Ack of the same Request as RCA
            // (Ack-Rcvd: scr, crossed connection; Opened: tld, scr); pppd keeps one Ack per
            // Request (fsm.c seen_ack) and discards the rest, which a profile may claim.
            if (link.acked_since_cr) {
                exercise({"AMB-44"});
                if (profile.lcp.second_ack_ignored) {
                    link.second_ack = p.identifier;  // decided by the SUT's next frame (settle_second_ack)
                    return;
                }
            }
            link.reply_since_cr = link.acked_since_cr = true;
            link.sut_agreed = link.sut_cr->options;
            apply(link, link.fsm.fire(LcpEvent::Rca), -1, p.identifier);
            break;
        }
        case wire::LcpCode::ConfNak:
        case wire::LcpCode::ConfRej: {
            if (!link.sut_cr || p.identifier != link.sut_cr->identifier) {
                note("Configure-Nak/Reject with a stale Identifier: the SUT must discard it (LCP-03)");
                return;
            }
            link.reply_since_cr = true;
            for (const auto& o : p.options) {
                if (p.kind() == wire::LcpCode::ConfRej) link.rejected_types.insert(wire::option_type(o));
                // A Reject names the protocol refused; a Nak the one wanted instead (RFC 1661 section
                // 5.3: "the value changed to an acceptable value"): then the Request's is refused.
                if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) {
                    const auto* asked = detail::find_auth(link.sut_cr->options);
                    const bool nak = p.kind() == wire::LcpCode::ConfNak;
                    link.refused_auth.insert(nak && asked != nullptr ? asked->protocol : a->protocol);
                    if (nak && asked != nullptr) link.auth_nak = Link::AuthNak{p.identifier, asked->protocol, *a};
                }
                if (const auto* cb = std::get_if<wire::Callback>(&o); cb && p.kind() == wire::LcpCode::ConfNak)
                    link.callback_nak_op = cb->operation;
                if (std::holds_alternative<wire::Callback>(o) && p.kind() == wire::LcpCode::ConfRej && role == Role::Client &&
                    !link.return_call && link.first_call)
                    link.callback_rejected = true;
            }
            apply(link, link.fsm.fire(LcpEvent::Rcn), -1, p.identifier);
            break;
        }
        case wire::LcpCode::TermReq:
            apply(link, link.fsm.fire(LcpEvent::Rtr), -1, p.identifier);
            satisfy_drop(link.channel);
            break;
        case wire::LcpCode::TermAck: apply(link, link.fsm.fire(LcpEvent::Rta), -1, p.identifier); break;
        case wire::LcpCode::CodeRej: {
            // LCP-10: a rejected core code (1-7) is catastrophic, 12/13 permitted, 8-11 profile (AMB-21).
            // RFC 1661 section 5.6: "Upon reception of a Code-Reject, the implementation SHOULD
            // report the problem"; RXJ- only for a code "required" for LCP's operation.
            const int rejected = p.data.empty() ? 0 : p.data[0];
            const bool optional_code = rejected >= 8 && rejected <= 11;
            const bool bad = (rejected >= 1 && rejected <= 7) || (optional_code && !profile.lcp.code_reject_8_11_permitted);
            apply(link, link.fsm.fire(bad ? LcpEvent::RxjBad : LcpEvent::RxjGood), -1, p.identifier);
            break;
        }
        case wire::LcpCode::ProtoRej: {
            const bool bad = p.rejected_protocol == wire::proto::kLcp;
            if (st != LcpState::Opened) {
                note("Protocol-Reject outside Opened: the SUT should ignore it (LCP-11)");
                return;
            }
            link.proto_rejected.insert(p.rejected_protocol);
            if (p.rejected_protocol == wire::proto::kCbcp && link.cbcp_active) {
                link.cbcp_active = false;
                drop_owed(OutputKind::CbcpRequest, link.channel);
            }
            apply(link, link.fsm.fire(bad ? LcpEvent::RxjBad : LcpEvent::RxjGood), -1, p.identifier);
            break;
        }
        case wire::LcpCode::EchoReq: apply(link, link.fsm.fire(LcpEvent::Rxr), -1, p.identifier); break;
        case wire::LcpCode::EchoReply:
        case wire::LcpCode::DiscardReq: {
            LcpStep s = link.fsm.fire(LcpEvent::Rxr);
            s.actions.erase(std::remove(s.actions.begin(), s.actions.end(), LcpAction::ser), s.actions.end());
            apply(link, s, -1, p.identifier);  // only an Echo-Request is answered
            break;
        }
        case wire::LcpCode::Identification:
        case wire::LcpCode::TimeRemaining: break;  // LCP-13: no reply
        default: apply(link, link.fsm.fire(LcpEvent::Ruc), -1, p.identifier); break;
    }
}

}  // namespace ppp::model
