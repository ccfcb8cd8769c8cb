// Profile loading: JSON -> Profile with one-line errors naming the JSON path (DESIGN.md section 9).
// Hostile text (issue #12) gives one of those lines too: no exception, recursion or echo is unbounded.
#include "ppp/model/profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bundled_profiles.hpp"
#include "ppp/pixit/json_reader.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::model {
namespace {

using pixit::Failure;
using pixit::Obj;

// Callback operations (RFC 1570 and CBCP's op 6): an array of 0..4 or 6.
std::optional<Failure> read_ops(const Obj& o, const char* key, std::vector<std::uint8_t>& out) {
    if (!o.has(key)) return std::nullopt;
    const nlohmann::json& v = o.node().at(key);
    if (!v.is_array()) return o.bad(key, v, "an array of callback operations 0..6");
    std::vector<std::uint8_t> result;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const bool op = v[i].is_number_integer() && v[i].get<long long>() >= 0 && v[i].get<long long>() <= 6 &&
                        v[i].get<long long>() != 5;
        if (!op) return o.bad(std::string(key) + "/" + std::to_string(i), v[i], "a callback operation 0-4 or 6 (CB table)");
        result.push_back(static_cast<std::uint8_t>(v[i].get<int>()));
    }
    out = result;
    return std::nullopt;
}

std::optional<Failure> read_profile(const Obj& root, Profile& p) {
    PPP_TRY(root.check_keys({"name", "description", "roles", "timers", "fsm_options", "auth",
                             "callback", "dialer", "isdn", "tolerance"}));
    PPP_TRY(root.text("name", p.name));
    std::string description;
    PPP_TRY(root.text("description", description));
    PPP_TRY(root.choices<Role>("roles", {{"client", Role::Client}, {"server", Role::Server}}, p.roles));

    std::optional<Obj> o;
    PPP_TRY(root.child("timers", o));
    if (o) {
        PPP_TRY(o->check_keys({"restart_ms", "restart_max_ms", "max_configure", "max_terminate", "max_failure"}));
        PPP_TRY(o->millis("restart_ms", 100, 60000, p.lcp.restart));
        PPP_TRY(o->millis("restart_max_ms", 100, 60000, p.lcp.restart_max));  // AMB-30
        if (o->has("restart_max_ms") && p.lcp.restart_max < p.lcp.restart)
            return o->bad("restart_max_ms", o->node()["restart_max_ms"],
                          "milliseconds no fewer than restart_ms, " + std::to_string(p.lcp.restart.count()));
        PPP_TRY(o->integer("max_configure", 1, 255, p.lcp.max_configure));
        PPP_TRY(o->integer("max_terminate", 1, 255, p.lcp.max_terminate));
        PPP_TRY(o->integer("max_failure", 1, 255, p.lcp.max_failure));
    }
    o.reset();
    PPP_TRY(root.child("fsm_options", o));
    if (o) {
        PPP_TRY(o->check_keys({"passive", "restart", "magic_number", "retransmit_keeps_acked_id", "second_ack_ignored",
                               "code_reject_8_11_permitted"}));
        PPP_TRY(o->boolean("retransmit_keeps_acked_id", p.lcp.retransmit_keeps_acked_id));
        PPP_TRY(o->boolean("second_ack_ignored", p.lcp.second_ack_ignored));  // AMB-44
        PPP_TRY(o->boolean("code_reject_8_11_permitted", p.lcp.code_reject_8_11_permitted));  // AMB-21
        PPP_TRY(o->boolean("passive", p.lcp.passive));
        PPP_TRY(o->boolean("restart", p.lcp.restart_option));
        PPP_TRY(o->boolean("magic_number", p.lcp.magic_number));
    }
    o.reset();
    PPP_TRY(root.child("auth", o));
    if (o) {
        PPP_TRY(o->check_keys({"protocols", "mode", "retry_ms", "max_tries", "verdict_before_response"}));
        PPP_TRY(o->choices<AuthProto>("protocols", {{"chap", AuthProto::Chap}, {"pap", AuthProto::Pap}}, p.auth.protocols));
        PPP_TRY(o->choice<AuthMode>("mode", {{"none", AuthMode::None}, {"one-way", AuthMode::OneWay},
                                              {"mutual", AuthMode::Mutual}, {"callin", AuthMode::Callin}},
                                    p.auth.mode));
        PPP_TRY(o->millis("retry_ms", 100, 60000, p.auth.retry));
        PPP_TRY(o->integer("max_tries", 1, 255, p.auth.max_tries));
        PPP_TRY(o->boolean("verdict_before_response", p.auth.verdict_before_response));  // AMB-22
    }
    o.reset();
    PPP_TRY(root.child("callback", o));
    if (o) {
        const Obj& c = *o;
        PPP_TRY(c.check_keys({"client_ops", "server_ops", "server_accepts", "secure", "terminate_initiator",
                              "send_lcp_tr", "hangup_after_ta_ms", "op0_without_auth", "unsupported_op_reply",
                              "on_reject", "on_nak", "msg_encoding", "request_on_incoming", "return_call_binding",
                              "delay_ms", "delay_is_enable_timeout", "return_retries", "cbcp", "hold_timeout_ms",
                              "op6_capability", "op0_message_empty"}));
        auto& cb = p.callback;
        PPP_TRY(read_ops(c, "client_ops", cb.client_ops));
        PPP_TRY(read_ops(c, "server_ops", cb.server_ops));
        PPP_TRY(c.boolean("server_accepts", cb.server_accepts));
        PPP_TRY(c.boolean("op0_message_empty", cb.op0_message_empty));  // AMB-49
        PPP_TRY(c.boolean("secure", cb.secure));
        PPP_TRY(c.choice<TerminateInitiator>("terminate_initiator",
                                             {{"client", TerminateInitiator::Client}, {"server", TerminateInitiator::Server},
                                              {"both", TerminateInitiator::Both}, {"either", TerminateInitiator::Either}},
                                             cb.terminate_initiator));
        PPP_TRY(c.boolean("send_lcp_tr", cb.send_lcp_tr));
        PPP_TRY(c.millis("hangup_after_ta_ms", 0, 60000, cb.hangup_after_ta));
        const std::initializer_list<std::pair<const char*, OptionReply>> replies{
            {"ack", OptionReply::Ack}, {"nak", OptionReply::Nak}, {"reject", OptionReply::Reject}};
        PPP_TRY(c.choice<OptionReply>("op0_without_auth", replies, cb.op0_without_auth));
        PPP_TRY(c.choice<OptionReply>("unsupported_op_reply", replies, cb.unsupported_op_reply));
        PPP_TRY(c.choice<OnCallbackReject>("on_reject", {{"continue", OnCallbackReject::Continue}, {"close", OnCallbackReject::Close}},
                                           cb.on_reject));
        PPP_TRY(c.choice<OnCallbackNak>("on_nak", {{"next-op", OnCallbackNak::NextOp}, {"adopt-peer", OnCallbackNak::AdoptPeer},
                                                   {"drop", OnCallbackNak::Drop}},
                                        cb.on_nak));
        PPP_TRY(c.choice<MsgEncoding>("msg_encoding", {{"digits", MsgEncoding::Digits}, {"nul-terminated", MsgEncoding::NulTerminated}},
                                      cb.msg_encoding));
        PPP_TRY(c.boolean("request_on_incoming", cb.request_on_incoming));
        PPP_TRY(c.choice<ReturnCallBinding>("return_call_binding",
                                            {{"username", ReturnCallBinding::Username},
                                             {"calling-number", ReturnCallBinding::CallingNumber},
                                             {"dialstring", ReturnCallBinding::DialString}},
                                            cb.return_call_binding));
        PPP_TRY(c.millis("delay_ms", 0, 600000, cb.delay));
        PPP_TRY(c.boolean("delay_is_enable_timeout", cb.delay_is_enable_timeout));  // AMB-09
        PPP_TRY(c.integer("return_retries", 0, 10, cb.return_retries));
        PPP_TRY(c.millis("hold_timeout_ms", 0, 3600000, cb.hold_timeout));
        PPP_TRY(c.boolean("op6_capability", cb.op6_capability));  // AMB-31
        std::optional<Obj> q;
        PPP_TRY(c.child("cbcp", q));
        if (q) {
            PPP_TRY(q->check_keys({"no_callback_len3", "constant_request_id", "accept_wrong_ack_id", "terminator",
                                   "delay_s", "retransmit_ms", "network_on_response", "request_wait_ms",
                                   "max_requests", "delay_waits_enable_timeout"}));
            PPP_TRY(q->boolean("no_callback_len3", cb.cbcp_no_callback_len3));
            PPP_TRY(q->boolean("constant_request_id", cb.cbcp_constant_request_id));
            PPP_TRY(q->boolean("accept_wrong_ack_id", cb.cbcp_accept_wrong_ack_id));
            PPP_TRY(q->boolean("network_on_response", cb.cbcp_network_on_response));
            PPP_TRY(q->millis("request_wait_ms", 0, 600000, cb.cbcp_request_wait));
            PPP_TRY(q->choice<CbcpTerminator>("terminator", {{"caller", CbcpTerminator::Caller}, {"answerer", CbcpTerminator::Answerer}},
                                              cb.cbcp_terminator));
            PPP_TRY(q->integer("delay_s", 0, 255, cb.cbcp_delay_s));
            PPP_TRY(q->millis("retransmit_ms", 100, 60000, cb.cbcp_retransmit));
            PPP_TRY(q->integer("max_requests", 0, 255, cb.cbcp_max_requests));  // AMB-42
            PPP_TRY(q->boolean("delay_waits_enable_timeout", cb.cbcp_delay_waits_enable_timeout));  // AMB-43
        }
    }
    o.reset();
    PPP_TRY(root.child("dialer", o));
    if (o) {
        PPP_TRY(o->check_keys({"enabled", "idle_timeout_s", "fast_idle_s", "wait_for_carrier_s", "enable_timeout_s",
                               "hold_queue", "hold_queue_timeout_s", "clearing_call_holds_channel", "enable_timeout_from",
                               "contention_during_enable_timeout", "failed_dial_keeps_hold_queue"}));
        PPP_TRY(o->boolean("enabled", p.dialer.enabled));
        PPP_TRY(o->millis("idle_timeout_s", 1, 2147483, p.dialer.idle_timeout, 1000));
        PPP_TRY(o->millis("fast_idle_s", 1, 2147483, p.dialer.fast_idle, 1000));
        PPP_TRY(o->millis("wait_for_carrier_s", 1, 2147483, p.dialer.wait_for_carrier, 1000));
        PPP_TRY(o->millis("enable_timeout_s", 1, 2147483, p.dialer.enable_timeout, 1000));
        PPP_TRY(o->integer("hold_queue", 0, 100, p.dialer.hold_queue));
        PPP_TRY(o->millis("hold_queue_timeout_s", 0, 2147483, p.dialer.hold_queue_timeout, 1000));
        PPP_TRY(o->boolean("clearing_call_holds_channel", p.dialer.clearing_call_holds_channel));  // AMB-23
        PPP_TRY(o->boolean("contention_during_enable_timeout", p.dialer.contention_during_enable_timeout));  // AMB-47
        PPP_TRY(o->boolean("failed_dial_keeps_hold_queue", p.dialer.failed_dial_keeps_hold_queue));  // AMB-48
        using From = Profile::Dialer::EnableTimeoutFrom;
        PPP_TRY(o->choice<From>("enable_timeout_from", {{"disconnect", From::Disconnect}, {"release", From::Release}},
                                p.dialer.enable_timeout_from));  // AMB-24
    }
    o.reset();
    PPP_TRY(root.child("isdn", o));
    if (o) {
        PPP_TRY(o->check_keys({"t303_ms", "t305_ms", "t308_ms", "t310_ms", "t313_ms", "bri_busy_cause", "connect_ack",
                               "channels", "user_cause_location"}));
        PPP_TRY(o->millis("t303_ms", 100, 600000, p.isdn.t303));
        PPP_TRY(o->millis("t305_ms", 100, 600000, p.isdn.t305));
        PPP_TRY(o->millis("t308_ms", 100, 600000, p.isdn.t308));
        PPP_TRY(o->millis("t310_ms", 100, 600000, p.isdn.t310));
        PPP_TRY(o->millis("t313_ms", 100, 600000, p.isdn.t313));
        int cause = p.isdn.bri_busy_cause;
        PPP_TRY(o->integer_in("bri_busy_cause", {17, 34}, cause));  // AMB-18
        p.isdn.bri_busy_cause = static_cast<std::uint8_t>(cause);
        PPP_TRY(o->boolean("connect_ack", p.isdn.connect_ack));
        PPP_TRY(o->integer("channels", 1, 2, p.isdn.channels));
        PPP_TRY(o->integer("user_cause_location", -1, 15, p.isdn.user_cause_location));  // AMB-17
    }
    o.reset();
    PPP_TRY(root.child("tolerance", o));
    if (o) {
        // Moved to the PIXIT (issue #14): still read, used where the PIXIT gives none.
        PPP_TRY(o->check_keys({"early_ms", "late_ms", "reply_ms"}));
        Profile::LegacyTolerance t;
        PPP_TRY(o->millis("early_ms", 0, 60000, t.early));
        PPP_TRY(o->millis("late_ms", 0, 60000, t.late));
        PPP_TRY(o->millis("reply_ms", 1, 60000, t.reply));
        p.legacy_tolerance = t;
    }
    return std::nullopt;
}

}  // namespace

bool Profile::supports(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

ProfileResult load_profile(std::string_view raw_text, std::string_view source) {
    pixit::JsonDocument document("profile", source);
    if (auto f = document.parse(raw_text)) return ProfileError{f->message};
    const std::string head = document.head();
    Profile p;
    p.name = std::string(source);
    if (auto f = read_profile(document.root(), p)) return ProfileError{f->message};
    if (auto f = document.finish()) return ProfileError{f->message};
    if (p.roles.empty()) return ProfileError{head + "/roles: [] is not accepted (at least one of \"client\", \"server\")"};
    if (p.auth.protocols.empty() && p.auth.mode != AuthMode::None)
        return ProfileError{head + "/auth/protocols: [] is not accepted (at least one protocol unless mode is \"none\")"};
    return p;
}

ProfileResult load_bundled_profile(std::string_view name) {
    for (const detail::BundledProfile& b : detail::bundled_profiles())
        if (name == b.name) return load_profile(b.json, std::string(b.name) + ".json");
    std::string known;
    for (const std::string& n : bundled_profile_names()) known += (known.empty() ? "" : ", ") + n;
    return ProfileError{"profile " + wire::quote_value(name) + ": no such bundled profile (accepted: " + known + ")"};
}

std::vector<std::string> bundled_profile_names() {
    std::vector<std::string> out;
    for (const detail::BundledProfile& b : detail::bundled_profiles()) out.emplace_back(b.name);
    return out;
}

}  // namespace ppp::model
