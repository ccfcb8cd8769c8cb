// Strict JSON reading shared by the profile and PIXIT loaders (see json_reader.hpp).
#include "ppp/pixit/json_reader.hpp"

#include <cmath>
#include <limits>

#include "ppp/wire/input_text.hpp"

namespace ppp::pixit {
namespace {

using nlohmann::json;

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
// beyond the range of a double (nlohmann error 406, D2) is kept as NaN at its place.
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

    std::optional<std::string> too_deep_at;      // JSON path of the container past kMaxNesting
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

}  // namespace

std::string echo(const json& v, const Context& context) {
    std::string out;
    if (render(v, context, wire::kMaxEchoedChars, false, out)) return out;
    const std::size_t n = v.size();
    if (v.is_array()) return out + "... (an array of " + std::to_string(n) + (n == 1 ? " element)" : " elements)");
    if (v.is_object()) return out + "... (an object of " + std::to_string(n) + (n == 1 ? " key)" : " keys)");
    return out;
}

Obj::Obj(const json& j, std::string path, const Context& context) : j_(j), path_(std::move(path)), context_(context) {}

std::string Obj::one_of(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
}

std::optional<Failure> Obj::check_keys(std::initializer_list<const char*> keys) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }) == keys.end()) {
            std::string accepted;
            for (const char* k : keys) accepted += (accepted.empty() ? "" : ", ") + std::string(k);
            return fail(it.key(), "unknown key (accepted: " + accepted + ")");
        }
    }
    return std::nullopt;
}

std::optional<Failure> Obj::integer(const char* key, long long lo, long long hi, long long& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const json& v = j_.at(key);
    if (!integer_between(v, lo, hi)) return bad(key, v, "an integer " + std::to_string(lo) + ".." + std::to_string(hi));
    out = v.get<long long>();
    return std::nullopt;
}

std::optional<Failure> Obj::integer(const char* key, long long lo, long long hi, int& out) const {
    long long v = out;
    auto f = integer(key, lo, hi, v);
    out = static_cast<int>(v);
    return f;
}

std::optional<Failure> Obj::millis(const char* key, long long lo, long long hi, Millis& out, long long scale) const {
    long long v = out.count() / scale;
    auto f = integer(key, lo, hi, v);
    out = Millis{v * scale};
    return f;
}

std::optional<Failure> Obj::millis(const char* key, long long lo, long long hi, std::optional<Millis>& out) const {
    if (!j_.contains(key)) return std::nullopt;
    Millis v{0};
    PPP_TRY(millis(key, lo, hi, v));
    out = v;
    return std::nullopt;
}

std::optional<Failure> Obj::integer_in(const char* key, std::initializer_list<int> allowed, int& out) const {
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

std::optional<Failure> Obj::boolean(const char* key, bool& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const json& v = j_.at(key);
    if (!v.is_boolean()) return bad(key, v, "true or false");
    out = v.get<bool>();
    return std::nullopt;
}

std::optional<Failure> Obj::text(const char* key, std::string& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const json& v = j_.at(key);
    if (!v.is_string()) return bad(key, v, "a string");
    out = v.get<std::string>();
    return std::nullopt;
}

std::optional<Failure> Obj::child(const char* key, std::optional<Obj>& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const json& v = j_.at(key);
    if (!v.is_object()) return bad(key, v, "an object");
    out.emplace(v, path_ + "/" + key, context_);
    return std::nullopt;
}

std::optional<Failure> Obj::children(const char* key, std::size_t max, std::vector<Obj>& out) const {
    if (!j_.contains(key)) return std::nullopt;
    const json& v = j_.at(key);
    if (!v.is_array() || v.size() > max) return bad(key, v, "an array of at most " + std::to_string(max) + " objects");
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_object()) return bad(std::string(key) + "/" + std::to_string(i), v[i], "an object");
        out.emplace_back(v[i], path_ + "/" + key + "/" + std::to_string(i), context_);
    }
    return std::nullopt;
}

Failure Obj::fail(const std::string& key, const std::string& what) const {
    return {context_.head() + path_ + "/" + wire::quote_value(key) + ": " + what};
}

Failure Obj::bad(const std::string& key, const json& v, const std::string& accepted) const {
    return fail(key, echo(v, context_) + " is not accepted (" + accepted + ")");
}

JsonDocument::JsonDocument(std::string kind, std::string_view source)
    : context_{std::move(kind), wire::quote_value(source), {}} {}

std::optional<Failure> JsonDocument::parse(std::string_view raw_text) {
    const std::string head = context_.head();
    // README limits: a profile or PIXIT is a text file of at most 1 MiB (D20).
    if (raw_text.size() > wire::kMaxTextFileBytes)
        return Failure{head + std::to_string(raw_text.size()) + " bytes is not accepted (at most " +
                       std::to_string(wire::kMaxTextFileBytes) + " bytes)"};
    // A byte-order mark and CRLF or CR line ends, as editors leave them: line numbers count them.
    const std::string text = wire::normalize_line_ends(raw_text);
    if (text.find_first_not_of(" \t\n") == std::string::npos) return Failure{head + "empty (a JSON object is accepted)"};

    BoundedDocument document(root_);
    const bool parsed = json::sax_parse(text.begin(), text.end(), &document);
    if (document.too_deep_at)
        return Failure{head + wire::quote_value(*document.too_deep_at) + ": nested deeper than " +
                       std::to_string(kMaxNesting) + " levels is not accepted (at most " + std::to_string(kMaxNesting) +
                       " levels of objects and arrays)"};
    if (document.syntax_error_at) {
        const std::size_t byte = *document.syntax_error_at;
        std::size_t line = 1;
        for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) line += text[i] == '\n';
        return Failure{head + "not valid JSON at line " + std::to_string(line) + " (byte " + std::to_string(byte) +
                       ", at " + wire::quote_value(document.syntax_token, 20) + ")"};
    }
    context_.overflow_token = document.overflow_token;
    if (!parsed && context_.overflow_token.empty()) return Failure{head + "not valid JSON"};  // every stop is named above
    // With an overflowing number the document holds what came before it, the number as NaN: the
    // schema judges the first bad value in reading order, which the NaN always is at the latest.
    if (!root_.is_object()) return Failure{head + "/: " + echo(root_, context_) + " is not accepted (an object)"};
    return std::nullopt;
}

std::optional<Failure> JsonDocument::finish() const {
    if (context_.overflow_token.empty()) return std::nullopt;
    return Failure{context_.head() + wire::quote_value(context_.overflow_token) +
                   " is not accepted (a number within the range of a double)"};
}

}  // namespace ppp::pixit
