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
#include "ppp/wire/input_text.hpp"

namespace ppp::model {
namespace {

using nlohmann::json;

struct Failure {
    std::string message;
};

// A profile holds three levels of objects; anything nested deeper than this is refused while
// parsing, so neither the document nor a message about it recurses without bound (issue #12, D3).
constexpr std::size_t kMaxNesting = 64;

// What every message about one document shares: the source as it may be echoed, and the token of a
// number beyond the range of a double (D2), which the document holds as NaN (JSON has no NaN).
struct Context {
    std::string source;          // escaped and cut (wire::quote_value)
    std::string overflow_token;  // as written, e.g. "1e400"
};

bool is_overflow_marker(const json& v) { return v.is_number_float() && std::isnan(v.get<double>()); }

// Appends `v` in JSON notation until `out` holds `budget` characters; false when cut there. Strings
// are escaped by wire::quote_value, never dumped raw (D20); nesting is bounded by kMaxNesting. A
// string inside a container that does not fit is left out whole rather than cut in the middle.
bool render(const json& v, const Context& context, std::size_t budget, bool nested, std::string& out) {
    if (out.size() >= budget) return false;
    if (is_overflow_marker(v)) {
        out += wire::quote_value(context.overflow_token, budget - out.size());
    } else if (v.is_string()) {
        const std::string& text = v.get_ref<const std::string&>();
        if (nested && text.size() + 2 > budget - out.size()) return false;
        out += '"' + wire::quote_value(text, budget - out.size()) + '"';
    } else if (v.is_array() || v.is_object()) {
        out += v.is_array() ? '[' : '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first) out += ", ";
            first = false;
            if (v.is_object()) out += '"' + wire::quote_value(it.key(), budget) + "\": ";
            if (!render(*it, context, budget, true, out) || out.size() >= budget) return false;
        }
        out += v.is_array() ? ']' : '}';
    } else {
        out += v.dump();  // null, true, false or a number: short
    }
    return out.size() <= budget;
}

// The value as it appears in a one-line message: at most about kMaxEchoedChars characters, with the
// size of a container that had to be cut.
std::string echo(const json& v, const Context& context) {
    std::string out;
    if (render(v, context, wire::kMaxEchoedChars, false, out)) return out;
    const std::size_t n = v.size();
    if (v.is_array()) return out + "... (an array of " + std::to_string(n) + (n == 1 ? " element)" : " elements)");
    if (v.is_object()) return out + "... (an object of " + std::to_string(n) + (n == 1 ? " key)" : " keys)");
    return out;
}

// An integer within lo..hi, whether the parser stored it signed or unsigned (D2: 2^64-1 must not
// wrap to -1).
bool integer_between(const json& v, long long lo, long long hi) {
    if (v.is_number_unsigned()) {
        const std::uint64_t u = v.get<std::uint64_t>();
        return u <= static_cast<std::uint64_t>(std::numeric_limits<long long>::max()) &&
               static_cast<long long>(u) >= lo && static_cast<long long>(u) <= hi;
    }
    return v.is_number_integer() && v.get<long long>() >= lo && v.get<long long>() <= hi;
}

// Builds the document from the parser's events (nlohmann's SAX interface) rather than letting
// json::parse throw: nesting stops at kMaxNesting (D3) and an error knows its JSON path. A number
// beyond the range of a double (nlohmann error 406, D2) is kept as NaN at its place, so the
// schema judges it with the key's own range.
class BoundedDocument final : public nlohmann::json_sax<json> {
public:
    explicit BoundedDocument(json& root) : root_(root) {}

    bool null() override { return place(nullptr) != nullptr; }
    bool boolean(bool value) override { return place(value) != nullptr; }
    bool number_integer(number_integer_t value) override { return place(value) != nullptr; }
    bool number_unsigned(number_unsigned_t value) override { return place(value) != nullptr; }
    bool number_float(number_float_t value, const string_t&) override { return place(value) != nullptr; }
    bool string(string_t& value) override { return place(std::move(value)) != nullptr; }
    bool binary(binary_t&) override { return false; }  // never produced from JSON text
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& name) override {
        open_.back().key = name;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& last_token, const json::exception& error) override {
        if (error.id == 406) {  // "number overflow parsing '1e400'"
            overflow_token = last_token;
            place(std::numeric_limits<double>::quiet_NaN());
        } else {
            syntax_error_at = position;
            syntax_token = last_token;
        }
        return false;
    }

    std::optional<std::string> too_deep_at;  // JSON path of the container past kMaxNesting
    std::optional<std::size_t> syntax_error_at;  // byte, 1-based, as nlohmann counts
    std::string syntax_token;
    std::string overflow_token;

private:
    struct Open {
        json* value;
        std::string key;  // objects: the key whose value comes next
    };
    json* place(json value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *open_.back().value;
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[open_.back().key];
        slot = std::move(value);
        return &slot;
    }
    bool open(json empty) {
        if (open_.size() >= kMaxNesting) {
            too_deep_at = path();
            return false;
        }
        open_.push_back({place(std::move(empty)), {}});
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }
    // Where the next value goes. An open array already holds the open container inside it as its
    // last element; the innermost one is about to get a new element.
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i < open_.size(); ++i) {
            const json& v = *open_[i].value;
            const bool holds_next_open = i + 1 < open_.size();
            out += "/" + (v.is_array() ? std::to_string(v.size() - (holds_next_open ? 1 : 0)) : open_[i].key);
        }
        return out.empty() ? "/" : out;
    }

    json& root_;
    std::vector<Open> open_;
};

// Walks one JSON object; every read names its path, every unread key is an error.
class Obj {
public:
    Obj(const json& j, std::string path, const Context& context) : j_(j), path_(std::move(path)), context_(context) {}

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
        if (!integer_between(v, lo, hi)) return bad(key, v, "an integer " + std::to_string(lo) + ".." + std::to_string(hi));
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
            if (integer_between(v, a, a)) {
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
            if (!integer_between(v[i], 0, 6) || integer_between(v[i], 5, 5))
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
        out.emplace(v, path_ + "/" + key, context_);
        return std::nullopt;
    }

private:
    // `key` is the user's text when it is an unknown key: escaped and cut like any value (D20).
    Failure fail(const std::string& key, const std::string& what) const {
        return {"profile " + context_.source + ": " + path_ + "/" + wire::quote_value(key) + ": " + what};
    }
    Failure bad(const std::string& key, const json& v, const std::string& accepted) const {
        return fail(key, echo(v, context_) + " is not accepted (" + accepted + ")");
    }
    const json& j_;
    std::string path_;
    const Context& context_;
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

ProfileResult load_profile(std::string_view raw_text, std::string_view source) {
    Context context{wire::quote_value(source), {}};
    const std::string head = "profile " + context.source + ": ";
    // README limits: a profile is a text file of at most 1 MiB (D20).
    if (raw_text.size() > wire::kMaxTextFileBytes)
        return ProfileError{head + std::to_string(raw_text.size()) + " bytes is not accepted (at most " +
                            std::to_string(wire::kMaxTextFileBytes) + " bytes)"};
    // A byte-order mark and CRLF or CR line ends, as editors leave them: line numbers count them.
    const std::string text = wire::normalize_line_ends(raw_text);
    if (text.find_first_not_of(" \t\n") == std::string::npos) return ProfileError{head + "empty (a JSON object is accepted)"};

    json j;
    BoundedDocument document(j);
    const bool parsed = json::sax_parse(text.begin(), text.end(), &document);
    if (document.too_deep_at)
        return ProfileError{head + wire::quote_value(*document.too_deep_at) + ": nested deeper than " +
                            std::to_string(kMaxNesting) + " levels is not accepted (at most " +
                            std::to_string(kMaxNesting) + " levels of objects and arrays)"};
    if (document.syntax_error_at) {
        const std::size_t byte = *document.syntax_error_at;
        std::size_t line = 1;
        for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) line += text[i] == '\n';
        return ProfileError{head + "not valid JSON at line " + std::to_string(line) + " (byte " + std::to_string(byte) +
                            ", at " + wire::quote_value(document.syntax_token, 20) + ")"};
    }
    context.overflow_token = document.overflow_token;
    if (!parsed && context.overflow_token.empty()) return ProfileError{head + "not valid JSON"};  // every stop is named above

    // With an overflowing number the document holds what came before it, the number as NaN: the
    // schema judges the first bad value in reading order, which the NaN always is at the latest.
    if (!j.is_object()) return ProfileError{head + "/: " + echo(j, context) + " is not accepted (an object)"};
    Profile p;
    p.name = std::string(source);
    if (auto f = read_profile(Obj(j, "", context), p)) return ProfileError{f->message};
    if (!parsed)
        return ProfileError{head + wire::quote_value(context.overflow_token) +
                            " is not accepted (a number within the range of a double)"};
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
