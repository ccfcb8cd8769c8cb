// RouterSpec, authentication per direction (PH-03): CHAP-MD5 (RFC 1994, CHAP-02..05) and PAP
// (RFC 1334, PAP-02..04), observed and as stimuli.
#include "router_spec_impl.hpp"

namespace ppp::model {

// PH-03: tld ends the Authenticate phase in both directions.
void RouterSpec::Impl::auth_down(Link& link) {
    fire(link.authr, AuthrEvent::Down, "authenticator");
    fire(link.authee, AutheeEvent::Down, "authenticatee");
}

// ----- authentication outcome -> callback decisions -------------------------------------------
void RouterSpec::Impl::check_auth_complete(Link& link) {
    if (link.authr.in(Authr::Passed)) link.authr_passed = true;
    if (link.authee.in(Authee::Passed)) link.authee_passed = true;
    if (link.auth_complete) return;
    // Each direction: passed once, or never pending (not agreed). Issue #12, D23: a duplicated
    // Challenge after the Success took the SUT back to "Response owed" and its NCPs were
    // judged as sent before authentication.
    if ((!link.authr_passed && detail::pending(link.authr.state())) ||
        (!link.authee_passed && detail::pending(link.authee.state())))
        return;
    if (link.authr.in(Authr::Refused) || link.authee.in(Authee::Refused)) return;
    link.auth_complete = true;
    on_authenticated(link);
}

// ----- CHAP / PAP -----------------------------------------------------------------------------
std::string RouterSpec::Impl::secret_for(const std::string& name) const {
    auto it = pixit.secrets.find(name);
    return it == pixit.secrets.end() ? std::string() : it->second;
}

void RouterSpec::Impl::observe_chap(Link& link, const wire::ChapPacket& p) {
    exercise({p.code == 1 ? "CHAP-02" : p.code == 2 ? "CHAP-03" : "CHAP-04"});
    if (p.code == 3 || p.code == 4) exercise({"CHAP-03", "CHAP-05"});
    switch (static_cast<wire::ChapCode>(p.code)) {
        case wire::ChapCode::Challenge: {
            if (link.sut_auth_proto != wire::proto::kChap) {
                violate({"CHAP-01", "LCP-15"}, "CHAP Challenge although CHAP was not agreed for the SUT to authenticate the peer");
                return;
            }
            check_retransmission_time(take(OutputKind::ChapChallenge, link.channel), "CHAP-02", "CHAP Challenge");
            if (link.challenge_sent && detail::pending(link.authr.state()) &&
                (link.challenge_sent->identifier == p.identifier || link.challenge_sent->value == p.value))
                violate({"CHAP-02"}, "a new Challenge must carry a new Identifier and a new Value");
            if (p.value.empty()) violate({"CHAP-02"}, "Challenge with an empty Value");
            if (++link.challenges > profile.auth.max_tries)
                violate({"CHAP-02"}, "more than " + std::to_string(profile.auth.max_tries) + " Challenges");
            link.challenge_sent = p;
            link.result_code.reset();  // CHAP-05's "same code" holds within one Challenge's exchange
            fire(link.authr, AuthrEvent::ChallengeSent, "authenticator");
            // CHAP-02, RFC 1994 section 4.1: "Additional Challenge packets MUST be sent until a
            // valid Response packet is received, or an optional retry counter expires" (the
            // profile's retry time and count).
            owe_retransmission(link, OutputKind::ChapChallenge, link.challenges, "CHAP-02", "CHAP Challenge");
            break;
        }
        case wire::ChapCode::Response: {
            auto o = take(OutputKind::ChapResponse, link.channel);
            if (!link.challenge_rcvd) {
                violate({"CHAP-03"}, "CHAP Response without a Challenge");
                return;
            }
            const wire::ChapPacket& ch = *link.challenge_rcvd;
            if (p.identifier != ch.identifier)
                violate({"CHAP-03"}, "expected Response id=" + std::to_string(ch.identifier) + " (the Challenge's), observed id=" +
                                         std::to_string(p.identifier));
            const std::string peer(ch.name.begin(), ch.name.end());
            const auto want = wire::chap_md5_response(ch.identifier, secret_for(peer), ch.value);
            if (p.value != Bytes(want.begin(), want.end()))
                violate({"CHAP-03"}, "expected Response Value = MD5(Id " + std::to_string(ch.identifier) + ", secret for " + peer +
                                         ", challenge) = " + wire::to_hex(Bytes(want.begin(), want.end())) + ", observed " +
                                         wire::to_hex(p.value));
            fire(link.authee, AutheeEvent::ResponseSent, "authenticatee");
            (void)o;
            break;
        }
        case wire::ChapCode::Success:
        case wire::ChapCode::Failure: {
            auto o = take(OutputKind::ChapSuccessOrFailure, link.channel);
            if (!link.response_rcvd) {
                violate({"CHAP-04"}, "CHAP Success/Failure without a Response");
                return;
            }
            const wire::ChapPacket& r = *link.response_rcvd;
            if (p.identifier != r.identifier)
                violate({"CHAP-04"}, "expected id=" + std::to_string(r.identifier) + " (the Response's), observed id=" + std::to_string(p.identifier));
            const bool success = p.code == static_cast<std::uint8_t>(wire::ChapCode::Success);
            // CHAP-05: a Response repeated with the current Identifier gets the code the first got,
            // whatever its Value (RFC 1994 section 4.2: the Success may have been lost): the verdict
            // of the exchange stands, it is not computed again.
            const bool good = link.result_code ? *link.result_code == static_cast<std::uint8_t>(wire::ChapCode::Success)
                                               : response_good(link, r);
            if (link.result_code && *link.result_code != p.code)
                violate({"CHAP-05"}, "a repeated Response must get the same code as before");
            else if (success != good)
                violate({"CHAP-03"}, std::string("expected ") + (good ? "Success" : "Failure") + " for a Response whose hash is " +
                                         (good ? "right" : "wrong") + ", observed " + (success ? "Success" : "Failure"));
            link.result_code = p.code;
            const bool was_pending = detail::pending(link.authr.state());
            // The model follows the verdict the hash calls for; a wrong one was reported above.
            fire(link.authr, good ? AuthrEvent::SuccessSent : AuthrEvent::FailureSent, "authenticator");
            if (was_pending) {
                link.authenticated_name = std::string(r.name.begin(), r.name.end());
                if (!good) auth_failed(link, "CHAP-04");
                else check_auth_complete(link);
            }
            (void)o;
            break;
        }
        default: note("SUT sent CHAP code " + std::to_string(p.code)); break;
    }
}

bool RouterSpec::Impl::response_good(const Link& link, const wire::ChapPacket& r) const {
    if (!link.challenge_sent || r.identifier != link.challenge_sent->identifier) return false;
    const std::string name(r.name.begin(), r.name.end());
    const std::string secret = secret_for(name);
    if (secret.empty()) return false;
    const auto want = wire::chap_md5_response(r.identifier, secret, link.challenge_sent->value);
    return r.value == Bytes(want.begin(), want.end());
}

// The next try of an authentication packet that is not answered within the profile's retry time,
// while the profile's count allows one more; `sent` tries so far.
void RouterSpec::Impl::owe_retransmission(Link& link, OutputKind kind, int sent, const char* req, const std::string& what) {
    drop_owed(kind, link.channel);
    if (sent >= profile.auth.max_tries) return;
    owe(kind, link.channel, -1, now + profile.auth.retry + pixit.tolerance.late, {req},
        what + " again on " + bname(link.channel) + " (try " + std::to_string(sent + 1) + " of " +
            std::to_string(profile.auth.max_tries) + ": no valid reply within " + ms(profile.auth.retry) + ")",
        link.call_key, now + profile.auth.retry - pixit.tolerance.early);
}

// CHAP-02, PAP-02: the SUT ends the link while it still owes another try of its Challenge or
// Authenticate-Request: it gave up before the retry count its profile claims (RFC 1994 section
// 4.1, RFC 1334 section 2.2.1: repeated "until a valid Response ... or an optional retry counter
// expires").
void RouterSpec::Impl::check_auth_retries_not_cut_short(const Link& link) {
    const auto owes = [&](OutputKind kind) {
        return std::any_of(owed.begin(), owed.end(), [&](const Owed& o) { return o.kind == kind && o.channel == link.channel; });
    };
    // Either direction refused (CHAP-04, PAP-03: a Failure or Nak ends the link) is reason enough.
    if (link.authr.in(Authr::Refused) || link.authee.in(Authee::Refused)) return;
    // So is the dialer's idle timer (DDR-03/04) running out during a renegotiation's Authenticate phase.
    if (profile.dialer.enabled && now >= idle_deadline(link) - pixit.tolerance.early) return;
    const auto gave_up = [&](int tries, const char* what) {
        return "Terminate-Request after " + std::to_string(tries) + " unanswered " + what + ", before try " +
               std::to_string(tries + 1) + " of the " + std::to_string(profile.auth.max_tries) + " the profile claims";
    };
    if (link.challenges > 0 && detail::pending(link.authr.state()) && owes(OutputKind::ChapChallenge))
        violate({"CHAP-02"}, gave_up(link.challenges, "Challenges"));
    if (link.pap_requests > 0 && detail::pending(link.authee.state()) && owes(OutputKind::PapRequest))
        violate({"PAP-02"}, gave_up(link.pap_requests, "Authenticate-Requests"));
}

// A retransmission before the profile's retry time (less the tolerance) is early.
void RouterSpec::Impl::check_retransmission_time(const std::optional<Owed>& owed_try, const char* req, const std::string& what) {
    if (!owed_try || now >= owed_try->not_before) return;
    // owe_retransmission set not_before = the last try + retry - early.
    const Millis since = now - (owed_try->not_before + pixit.tolerance.early - profile.auth.retry);
    violate({req}, what + " repeated " + ms(since) + " after the last one; the retry time is " + ms(profile.auth.retry));
}

void RouterSpec::Impl::auth_failed(Link& link, const char* req) {
    // CHAP-04 / PAP-03 (S): the refusing side terminates (PH-03).
    owe(OutputKind::DropCall, link.channel, -1, reply_by(), {req, "PH-03"},
        "Terminate-Request (or DISCONNECT) after the authentication failure on " + bname(link.channel), link.call_key);
    if (coord.state() == Cb::Agreed) coordinate(CbEvent::AuthenticationFailed);
}

void RouterSpec::Impl::stimulus_chap(Link& link, const wire::ChapPacket& p) {
    switch (static_cast<wire::ChapCode>(p.code)) {
        case wire::ChapCode::Challenge:
            if (link.peer_auth_proto != wire::proto::kChap) {
                note("CHAP Challenge although CHAP was not agreed: the SUT may ignore it");
                return;
            }
            link.challenge_rcvd = p;
            fire(link.authee, AutheeEvent::ChallengeRcvd, "authenticatee");
            drop_owed(OutputKind::ChapResponse, link.channel);
            owe(OutputKind::ChapResponse, link.channel, p.identifier, reply_by(), {"CHAP-03"},
                "CHAP Response id=" + std::to_string(p.identifier) + " on " + bname(link.channel));
            break;
        case wire::ChapCode::Response:
            if (!link.challenge_sent) {
                note("CHAP Response with no Challenge outstanding: dropped");
                return;
            }
            if (p.identifier != link.challenge_sent->identifier) {
                note("CHAP Response with a stale Identifier: dropped (CHAP-05)");
                return;
            }
            link.response_rcvd = p;
            drop_owed(OutputKind::ChapChallenge, link.channel);  // a Response to the Challenge in hand
            fire(link.authr, AuthrEvent::ResponseRcvd, "authenticator");
            owe(OutputKind::ChapSuccessOrFailure, link.channel, p.identifier, reply_by(), {"CHAP-04", "CHAP-05"},
                "CHAP Success or Failure id=" + std::to_string(p.identifier) + " on " + bname(link.channel));
            break;
        case wire::ChapCode::Success:
        case wire::ChapCode::Failure: {
            // RFC 1994 section 4.2: Success and Failure copy the Identifier of the Response they
            // answer; one that answers no Response of the SUT's is no verdict on it (CHAP-04).
            // AMB-22: before the SUT has sent a Response to the Challenge in hand, a verdict answers
            // no Response of its either: discarded unless the profile's authenticatee takes it.
            const bool before_response = link.authee.in(Authee::AwaitChallenge) || link.authee.in(Authee::ResponseOwed);
            if (before_response) exercise({"AMB-22"});
            if (before_response && !profile.auth.verdict_before_response) {
                note("CHAP " + std::string(p.code == 3 ? "Success" : "Failure") + " id=" + std::to_string(p.identifier) +
                     " before the SUT's Response: it answers no Response, the SUT must discard it (AMB-22, CHAP-04)");
                link.misnumbered_result_rcvd = link.verdict_before_response_rcvd = true;
                return;
            }
            if (detail::pending(link.authee.state()) && link.challenge_rcvd && p.identifier != link.challenge_rcvd->identifier) {
                note("CHAP " + std::string(p.code == 3 ? "Success" : "Failure") + " id=" + std::to_string(p.identifier) +
                     " answers no Response of the SUT's (id=" + std::to_string(link.challenge_rcvd->identifier) +
                     "): the SUT must discard it (CHAP-04)");
                link.misnumbered_result_rcvd = true;
                return;
            }
            if (p.code == 4) {
                if (detail::pending(link.authee.state())) {
                    fire(link.authee, AutheeEvent::FailureRcvd, "authenticatee");
                    if (coord.state() == Cb::Agreed) coordinate(CbEvent::AuthenticationFailed);
                }
                break;
            }
            if (detail::pending(link.authee.state())) {
                fire(link.authee, AutheeEvent::SuccessRcvd, "authenticatee");
                check_auth_complete(link);
            }
            break;
        }
        default: break;
    }
}

void RouterSpec::Impl::observe_pap(Link& link, const wire::PapPacket& p) {
    exercise({p.code == 1 ? "PAP-02" : "PAP-03"});
    switch (static_cast<wire::PapCode>(p.code)) {
        case wire::PapCode::AuthReq: {
            if (link.peer_auth_proto != wire::proto::kPap) {
                violate({"PAP-01"}, "PAP Authenticate-Request although PAP was not agreed");
                return;
            }
            check_retransmission_time(take(OutputKind::PapRequest, link.channel), "PAP-02", "PAP Authenticate-Request");
            if (link.pap_sent && link.pap_sent->identifier == p.identifier)
                violate({"PAP-02"}, "PAP Authenticate-Request reused Identifier " + std::to_string(p.identifier));
            // PAP-02: Requests repeat only until a valid reply or the retry limit.
            if (link.authee.in(Authee::Passed))
                violate({"PAP-02"}, "PAP Authenticate-Request after the peer's Ack had ended the exchange");
            else if (link.pap_requests >= profile.auth.max_tries)
                violate({"PAP-02"}, "more than " + std::to_string(profile.auth.max_tries) + " PAP Authenticate-Requests");
            const std::string id(p.peer_id.begin(), p.peer_id.end()), pw(p.password.begin(), p.password.end());
            if (id != pixit.own_name || pw != secret_for(pixit.own_name))
                violate({"PAP-02"}, "PAP Authenticate-Request carries Peer-ID \"" + id + "\" and a password that are not the SUT's (PIXIT)");
            ++link.pap_requests;
            link.pap_sent = p;
            fire(link.authee, AutheeEvent::RequestSent, "authenticatee");
            // PAP-02, RFC 1334 section 2.2.1: "The Authenticate-Request packet MUST be repeated
            // until a valid reply packet is received, or an optional retry counter expires."
            if (!link.authee.in(Authee::Passed))
                owe_retransmission(link, OutputKind::PapRequest, link.pap_requests, "PAP-02", "PAP Authenticate-Request");
            break;
        }
        case wire::PapCode::AuthAck:
        case wire::PapCode::AuthNak: {
            auto o = take(OutputKind::PapAckOrNak, link.channel);
            if (!o) {
                violate({"PAP-03"}, "PAP Ack/Nak without an Authenticate-Request");
                return;
            }
            if (o->id != p.identifier)
                violate({"PAP-03"}, "expected id=" + std::to_string(o->id) + ", observed id=" + std::to_string(p.identifier));
            const bool ack = p.code == static_cast<std::uint8_t>(wire::PapCode::AuthAck);
            const bool good = link.pap_credentials_valid;
            if (ack != good)
                violate({"PAP-03"}, std::string("expected ") + (good ? "Ack" : "Nak") + " for those credentials, observed " + (ack ? "Ack" : "Nak"));
            const bool was_pending = detail::pending(link.authr.state());
            fire(link.authr, good ? AuthrEvent::AckSent : AuthrEvent::NakSent, "authenticator");  // as the credentials call for
            if (was_pending) {
                if (!good) auth_failed(link, "PAP-03");
                else check_auth_complete(link);
            }
            break;
        }
        default: break;
    }
}

void RouterSpec::Impl::stimulus_pap(Link& link, const wire::PapPacket& p) {
    switch (static_cast<wire::PapCode>(p.code)) {
        case wire::PapCode::AuthReq: {
            if (link.sut_auth_proto != wire::proto::kPap) {
                note("PAP request although PAP was not agreed: dropped");
                return;
            }
            const std::string id(p.peer_id.begin(), p.peer_id.end()), pw(p.password.begin(), p.password.end());
            const bool valid = !secret_for(id).empty() && secret_for(id) == pw;
            link.authenticated_name = valid ? id : std::string();
            link.pap_credentials_valid = valid;
            fire(link.authr, AuthrEvent::RequestRcvd, "authenticator");
            owe(OutputKind::PapAckOrNak, link.channel, p.identifier, reply_by(), {"PAP-03"},
                std::string("PAP ") + (valid ? "Ack (valid credentials)" : "Nak (invalid credentials)") + " id=" +
                    std::to_string(p.identifier));
            break;
        }
        case wire::PapCode::AuthAck:
        case wire::PapCode::AuthNak:
            // RFC 1334 section 2.2.2: the Ack/Nak's Identifier "MUST be copied from the Identifier
            // field of the Authenticate-Request which caused" it: one that copies none of the
            // SUT's latest Request (a duplicate of an earlier answer) answers nothing now.
            if (!detail::pending(link.authee.state())) break;
            if (link.pap_sent && p.identifier != link.pap_sent->identifier) {
                note("PAP Authenticate-" + std::string(p.code == 2 ? "Ack" : "Nak") + " id=" + std::to_string(p.identifier) +
                     " answers no Authenticate-Request of the SUT's latest (id=" + std::to_string(link.pap_sent->identifier) +
                     "): not an answer");
                break;
            }
            drop_owed(OutputKind::PapRequest, link.channel);  // the reply to the SUT's latest Request
            if (p.code == static_cast<std::uint8_t>(wire::PapCode::AuthAck)) {
                fire(link.authee, AutheeEvent::AckRcvd, "authenticatee");
                check_auth_complete(link);
            } else {
                fire(link.authee, AutheeEvent::NakRcvd, "authenticatee");
            }
            break;
        default: break;
    }
}

}  // namespace ppp::model
