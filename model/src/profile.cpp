// Profile loading: JSON -> Profile with one-line errors naming the JSON path (DESIGN.md section 9).
#include "ppp/model/profile.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "bundled_profiles.hpp"

namespace ppp::model {
namespace {

using nlohmann::json;

struct Failure {
    std::string message;
};

// Walks one JSON object; every read names its path, every unread key is an error.
class Obj {
public:
    Obj(const json& j, std::string path, std::string source) : j_(j), path_(std::move(path)), source_(std::move(source)) {}

    std::optional<Failure> check_keys(std::initializer_list<const char*> keys) const {
        for (auto it = j_.begin(); it != j_.end(); ++it) {
            if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }) == keys.end()) {
                std::string accepted;
                for (const char* k : keys) accepted += (accepted.empty() ? "" : ", ") + std::string(k);
                return fail(it.key(), "unknown key (accepted: " + accepted + ")");
            }
        }
        return std::nullopt;
    }

    std::optional<Failure> integer(const char* key, long long lo, long long hi, long long& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
            return bad(key, v, "an integer " + std::to_string(lo) + ".." + std::to_string(hi));
        out = v.get<long long>();
        return std::nullopt;
    }
    std::optional<Failure> integer(const char* key, long long lo, long long hi, int& out) const {
        long long v = out;
        auto f = integer(key, lo, hi, v);
        out = static_cast<int>(v);
        return f;
    }
    std::optional<Failure> millis(const char* key, long long lo, long long hi, Millis& out, long long scale = 1) const {
        long long v = out.count() / scale;
        auto f = integer(key, lo, hi, v);
        out = Millis{v * scale};
        return f;
    }
    std::optional<Failure> integer_in(const char* key, std::initializer_list<int> allowed, int& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        std::string accepted;
        for (int a : allowed) {
            if (v.is_number_integer() && v.get<long long>() == a) {
                out = a;
                return std::nullopt;
            }
            accepted += (accepted.empty() ? "one of " : ", ") + std::to_string(a);
        }
        return bad(key, v, accepted);
    }
    std::optional<Failure> boolean(const char* key, bool& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        if (!v.is_boolean()) return bad(key, v, "true or false");
        out = v.get<bool>();
        return std::nullopt;
    }
    std::optional<Failure> text(const char* key, std::string& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        if (!v.is_string()) return bad(key, v, "a string");
        out = v.get<std::string>();
        return std::nullopt;
    }
    template <class E>
    std::optional<Failure> choice(const char* key, std::initializer_list<std::pair<const char*, E>> names, E& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        std::string accepted;
        for (const auto& [n, e] : names) {
            if (v.is_string() && v.get<std::string>() == n) {
                out = e;
                return std::nullopt;
            }
            accepted += (accepted.empty() ? "one of " : ", ") + std::string("\"") + n + "\"";
        }
        return bad(key, v, accepted);
    }
    template <class E>
    std::optional<Failure> choices(const char* key, std::initializer_list<std::pair<const char*, E>> names,
                                   std::vector<E>& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        std::string accepted;
        for (const auto& [n, e] : names) accepted += (accepted.empty() ? "" : ", ") + std::string("\"") + n + "\"";
        if (!v.is_array()) return bad(key, v, "an array of " + accepted);
        std::vector<E> result;
        for (std::size_t i = 0; i < v.size(); ++i) {
            bool found = false;
            for (const auto& [n, e] : names) {
                if (v[i].is_string() && v[i].get<std::string>() == n) {
                    if (std::find(result.begin(), result.end(), e) == result.end()) result.push_back(e);
                    found = true;
                }
            }
            if (!found) return bad(std::string(key) + "/" + std::to_string(i), v[i], "one of " + accepted);
        }
        out = result;
        return std::nullopt;
    }
    std::optional<Failure> ops(const char* key, std::vector<std::uint8_t>& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        if (!v.is_array()) return bad(key, v, "an array of callback operations 0..6");
        std::vector<std::uint8_t> result;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_number_integer() || v[i].get<long long>() < 0 || v[i].get<long long>() > 6 ||
                v[i].get<long long>() == 5)
                return bad(std::string(key) + "/" + std::to_string(i), v[i], "a callback operation 0-4 or 6 (CB table)");
            result.push_back(static_cast<std::uint8_t>(v[i].get<int>()));
        }
        out = result;
        return std::nullopt;
    }
    // A nested object; `missing` when absent.
    std::optional<Failure> child(const char* key, std::optional<Obj>& out) const {
        if (!j_.contains(key)) return std::nullopt;
        const json& v = j_.at(key);
        if (!v.is_object()) return bad(key, v, "an object");
        out.emplace(v, path_ + "/" + key, source_);
        return std::nullopt;
    }

private:
    Failure fail(const std::string& key, const std::string& what) const {
        return {"profile " + source_ + ": " + path_ + "/" + key + ": " + what};
    }
    Failure bad(const std::string& key, const json& v, const std::string& accepted) const {
        return fail(key, v.dump() + " is not accepted (" + accepted + ")");
    }
    const json& j_;
    std::string path_;
    std::string source_;
};

#define PPP_TRY(expr)                    \
    do {                                 \
        if (auto f_ = (expr)) return f_; \
    } while (0)

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
        PPP_TRY(o->check_keys({"restart_ms", "max_configure", "max_terminate", "max_failure"}));
        PPP_TRY(o->millis("restart_ms", 100, 60000, p.lcp.restart));
        PPP_TRY(o->integer("max_configure", 1, 255, p.lcp.max_configure));
        PPP_TRY(o->integer("max_terminate", 1, 255, p.lcp.max_terminate));
        PPP_TRY(o->integer("max_failure", 1, 255, p.lcp.max_failure));
    }
    o.reset();
    PPP_TRY(root.child("fsm_options", o));
    if (o) {
        PPP_TRY(o->check_keys({"passive", "restart", "magic_number", "retransmit_keeps_acked_id"}));
        PPP_TRY(o->boolean("retransmit_keeps_acked_id", p.lcp.retransmit_keeps_acked_id));
        PPP_TRY(o->boolean("passive", p.lcp.passive));
        PPP_TRY(o->boolean("restart", p.lcp.restart_option));
        PPP_TRY(o->boolean("magic_number", p.lcp.magic_number));
    }
    o.reset();
    PPP_TRY(root.child("auth", o));
    if (o) {
        PPP_TRY(o->check_keys({"protocols", "mode", "retry_ms", "max_tries"}));
        PPP_TRY(o->choices<AuthProto>("protocols", {{"chap", AuthProto::Chap}, {"pap", AuthProto::Pap}}, p.auth.protocols));
        PPP_TRY(o->choice<AuthMode>("mode", {{"none", AuthMode::None}, {"one-way", AuthMode::OneWay},
                                              {"mutual", AuthMode::Mutual}, {"callin", AuthMode::Callin}},
                                    p.auth.mode));
        PPP_TRY(o->millis("retry_ms", 100, 60000, p.auth.retry));
        PPP_TRY(o->integer("max_tries", 1, 255, p.auth.max_tries));
    }
    o.reset();
    PPP_TRY(root.child("callback", o));
    if (o) {
        const Obj& c = *o;
        PPP_TRY(c.check_keys({"client_ops", "server_ops", "server_accepts", "secure", "terminate_initiator",
                              "send_lcp_tr", "hangup_after_ta_ms", "op0_without_auth", "unsupported_op_reply",
                              "on_reject", "on_nak", "msg_encoding", "request_on_incoming", "return_call_binding",
                              "delay_ms", "return_retries", "cbcp", "hold_timeout_ms"}));
        auto& cb = p.callback;
        PPP_TRY(c.ops("client_ops", cb.client_ops));
        PPP_TRY(c.ops("server_ops", cb.server_ops));
        PPP_TRY(c.boolean("server_accepts", cb.server_accepts));
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
        PPP_TRY(c.integer("return_retries", 0, 10, cb.return_retries));
        PPP_TRY(c.millis("hold_timeout_ms", 0, 3600000, cb.hold_timeout));
        std::optional<Obj> q;
        PPP_TRY(c.child("cbcp", q));
        if (q) {
            PPP_TRY(q->check_keys({"no_callback_len3", "constant_request_id", "accept_wrong_ack_id", "terminator",
                                   "delay_s", "retransmit_ms"}));
            PPP_TRY(q->boolean("no_callback_len3", cb.cbcp_no_callback_len3));
            PPP_TRY(q->boolean("constant_request_id", cb.cbcp_constant_request_id));
            PPP_TRY(q->boolean("accept_wrong_ack_id", cb.cbcp_accept_wrong_ack_id));
            PPP_TRY(q->choice<CbcpTerminator>("terminator", {{"caller", CbcpTerminator::Caller}, {"answerer", CbcpTerminator::Answerer}},
                                              cb.cbcp_terminator));
            PPP_TRY(q->integer("delay_s", 0, 255, cb.cbcp_delay_s));
            PPP_TRY(q->millis("retransmit_ms", 100, 60000, cb.cbcp_retransmit));
        }
    }
    o.reset();
    PPP_TRY(root.child("dialer", o));
    if (o) {
        PPP_TRY(o->check_keys({"enabled", "idle_timeout_s", "fast_idle_s", "wait_for_carrier_s", "enable_timeout_s",
                               "hold_queue", "hold_queue_timeout_s"}));
        PPP_TRY(o->boolean("enabled", p.dialer.enabled));
        PPP_TRY(o->millis("idle_timeout_s", 1, 2147483, p.dialer.idle_timeout, 1000));
        PPP_TRY(o->millis("fast_idle_s", 1, 2147483, p.dialer.fast_idle, 1000));
        PPP_TRY(o->millis("wait_for_carrier_s", 1, 2147483, p.dialer.wait_for_carrier, 1000));
        PPP_TRY(o->millis("enable_timeout_s", 1, 2147483, p.dialer.enable_timeout, 1000));
        PPP_TRY(o->integer("hold_queue", 0, 100, p.dialer.hold_queue));
        PPP_TRY(o->millis("hold_queue_timeout_s", 0, 2147483, p.dialer.hold_queue_timeout, 1000));
    }
    o.reset();
    PPP_TRY(root.child("isdn", o));
    if (o) {
        PPP_TRY(o->check_keys({"t303_ms", "t305_ms", "t308_ms", "t310_ms", "t313_ms", "bri_busy_cause", "connect_ack",
                               "channels"}));
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
    }
    o.reset();
    PPP_TRY(root.child("tolerance", o));
    if (o) {
        PPP_TRY(o->check_keys({"early_ms", "late_ms", "reply_ms"}));
        PPP_TRY(o->millis("early_ms", 0, 60000, p.tolerance.early));
        PPP_TRY(o->millis("late_ms", 0, 60000, p.tolerance.late));
        PPP_TRY(o->millis("reply_ms", 1, 60000, p.tolerance.reply));
    }
    return std::nullopt;
}
#undef PPP_TRY

}  // namespace

bool Profile::supports(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

ProfileResult load_profile(std::string_view text, std::string_view source) {
    const std::string src(source);
    json j;
    try {  // the parser reports where it failed only through its exception; it stays in here
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        std::size_t line = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) line += text[i] == '\n';
        return ProfileError{"profile " + src + ": not valid JSON at line " + std::to_string(line) + " (byte " +
                            std::to_string(e.byte) + ")"};
    }
    if (!j.is_object()) return ProfileError{"profile " + src + ": /: " + j.dump() + " is not accepted (an object)"};
    Profile p;
    p.name = src;
    if (auto f = read_profile(Obj(j, "", src), p)) return ProfileError{f->message};
    if (p.roles.empty()) return ProfileError{"profile " + src + ": /roles: [] is not accepted (at least one of \"client\", \"server\")"};
    if (p.auth.protocols.empty() && p.auth.mode != AuthMode::None)
        return ProfileError{"profile " + src + ": /auth/protocols: [] is not accepted (at least one protocol unless mode is \"none\")"};
    return p;
}

ProfileResult load_bundled_profile(std::string_view name) {
    for (const detail::BundledProfile& b : detail::bundled_profiles())
        if (name == b.name) return load_profile(b.json, std::string(b.name) + ".json");
    std::string known;
    for (const std::string& n : bundled_profile_names()) known += (known.empty() ? "" : ", ") + n;
    return ProfileError{"profile " + std::string(name) + ": no such bundled profile (accepted: " + known + ")"};
}

std::vector<std::string> bundled_profile_names() {
    std::vector<std::string> out;
    for (const detail::BundledProfile& b : detail::bundled_profiles()) out.emplace_back(b.name);
    return out;
}

}  // namespace ppp::model
