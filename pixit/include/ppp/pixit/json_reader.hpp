#pragma once
// Strict reading of the JSON documents a user writes (profiles, the PIXIT): every error is one line
// naming the document, the JSON path, the value (escaped and cut) and what is accepted; unknown
// keys are errors; nesting, size and numbers beyond a double are bounded (DESIGN.md section 9,
// issue #12 D2 D3 D20).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ppp::pixit {

using Millis = std::chrono::milliseconds;

struct Failure {
    std::string message;  // one line: "profile x.json: /timers/restart_ms: -5 is not accepted (...)"
};

// A document holds a few levels of objects; anything nested deeper is refused while parsing, so
// neither the document nor a message about it recurses without bound (D3).
inline constexpr std::size_t kMaxNesting = 64;

// What every message about one document shares.
struct Context {
    std::string kind;            // "profile", "PIXIT"
    std::string source;          // escaped and cut (wire::quote_value)
    std::string overflow_token;  // a number beyond a double, as written ("1e400")
    std::string head() const { return kind + " " + source + ": "; }
};

// One JSON object of the document; every read names its path, every unread key is an error.
// Reads leave `out` alone when the key is absent.
class Obj {
public:
    Obj(const nlohmann::json& j, std::string path, const Context& context);

    std::optional<Failure> check_keys(std::initializer_list<const char*> keys) const;
    std::optional<Failure> integer(const char* key, long long lo, long long hi, long long& out) const;
    std::optional<Failure> integer(const char* key, long long lo, long long hi, int& out) const;
    // Milliseconds written as an integer in units of `scale` ms ("_s" keys: 1000).
    std::optional<Failure> millis(const char* key, long long lo, long long hi, Millis& out, long long scale = 1) const;
    std::optional<Failure> millis(const char* key, long long lo, long long hi, std::optional<Millis>& out) const;
    std::optional<Failure> integer_in(const char* key, std::initializer_list<int> allowed, int& out) const;
    std::optional<Failure> boolean(const char* key, bool& out) const;
    std::optional<Failure> text(const char* key, std::string& out) const;
    template <class E>
    std::optional<Failure> choice(const char* key, std::initializer_list<std::pair<const char*, E>> names, E& out) const;
    template <class E>
    std::optional<Failure> choices(const char* key, std::initializer_list<std::pair<const char*, E>> names,
                                   std::vector<E>& out) const;
    // A nested object; `out` stays empty when the key is absent.
    std::optional<Failure> child(const char* key, std::optional<Obj>& out) const;
    // An array of at most `max` objects ("key/0", "key/1", ...); `out` stays empty when absent.
    std::optional<Failure> children(const char* key, std::size_t max, std::vector<Obj>& out) const;

    bool has(const char* key) const { return j_.contains(key); }
    const nlohmann::json& node() const { return j_; }
    const std::string& path() const { return path_; }
    // "<kind> <source>: <path>/<key>: <what>"; `key` is escaped and cut like any value (D20).
    Failure fail(const std::string& key, const std::string& what) const;
    // "... <value> is not accepted (<accepted>)".
    Failure bad(const std::string& key, const nlohmann::json& v, const std::string& accepted) const;

private:
    static std::string one_of(const std::vector<std::string>& names);
    const nlohmann::json& j_;
    std::string path_;
    const Context& context_;
};

// A document being read: parse() it, read root() with the schema, then finish().
class JsonDocument {
public:
    JsonDocument(std::string kind, std::string_view source);
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;

    // Size (wire::kMaxTextFileBytes), byte-order mark and CRLF, emptiness, nesting, syntax (with
    // the line) and an object at the root; a number beyond a double is kept as NaN at its place so
    // the schema judges it with the key's own range (D2).
    std::optional<Failure> parse(std::string_view raw_text);
    Obj root() const { return Obj(root_, "", context_); }
    // After the schema read everything: a number beyond a double that no key's range judged.
    std::optional<Failure> finish() const;
    const Context& context() const { return context_; }
    std::string head() const { return context_.head(); }

private:
    nlohmann::json root_;
    Context context_;
};

// The value as it appears in a one-line message: about wire::kMaxEchoedChars characters, strings
// escaped, with the size of a container that had to be cut.
std::string echo(const nlohmann::json& v, const Context& context);

#define PPP_TRY(expr)                    \
    do {                                 \
        if (auto f_ = (expr)) return f_; \
    } while (0)

template <class E>
std::optional<Failure> Obj::choice(const char* key, std::initializer_list<std::pair<const char*, E>> names, E& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const nlohmann::json& v = j_.at(key);
    std::vector<std::string> accepted;
    for (const auto& [n, e] : names) {
        if (v.is_string() && v.get_ref<const std::string&>() == n) {
            out = e;
            return std::nullopt;
        }
        accepted.emplace_back(n);
    }
    return bad(key, v, "one of " + one_of(accepted));
}

template <class E>
std::optional<Failure> Obj::choices(const char* key, std::initializer_list<std::pair<const char*, E>> names,
                                    std::vector<E>& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const nlohmann::json& v = j_.at(key);
    std::vector<std::string> accepted;
    for (const auto& [n, e] : names) accepted.emplace_back(n);
    if (!v.is_array()) return bad(key, v, "an array of " + one_of(accepted));
    std::vector<E> result;
    for (std::size_t i = 0; i < v.size(); ++i) {
        bool found = false;
        for (const auto& [n, e] : names) {
            if (v[i].is_string() && v[i].template get_ref<const std::string&>() == n) {
                if (std::find(result.begin(), result.end(), e) == result.end()) result.push_back(e);
                found = true;
            }
        }
        if (!found) return bad(std::string(key) + "/" + std::to_string(i), v[i], "one of " + one_of(accepted));
    }
    out = result;
    return std::nullopt;
}

}  // namespace ppp::pixit
