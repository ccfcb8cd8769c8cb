// IOS-style configuration parser (DESIGN.md section 6). Context (global, interface, map-class)
// follows the last `interface` / `map-class` line, so indentation is optional as in IOS.
#include <cctype>
#include <set>
#include <utility>

#include "ppp/sut/config.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::sut {

const MapClass* RouterConfig::find_class(const std::string& name) const {
    const auto it = map_classes.find(name);
    return it == map_classes.end() ? nullptr : &it->second;
}

const DialerMap* RouterConfig::map_for_name(const std::string& name) const {
    for (const auto& m : bri.dialer_maps) {
        if (!m.name.empty() && m.name == name) return &m;
    }
    return nullptr;
}

const DialerMap* RouterConfig::map_for_next_hop(std::uint32_t address) const {
    for (const auto& m : bri.dialer_maps) {
        if (m.next_hop == address) return &m;
    }
    return nullptr;
}

const DialerMap* RouterConfig::map_for_number(const std::string& number) const {
    for (const auto& m : bri.dialer_maps) {
        if (m.number == number) return &m;
    }
    return nullptr;
}

std::optional<std::string> RouterConfig::secret(const std::string& user) const {
    const auto it = usernames.find(user);
    if (it == usernames.end()) return std::nullopt;
    return it->second;
}

std::string ConfigError::to_string() const {
    std::string out = line > 0 ? "line " + std::to_string(line) + ": " : std::string();
    if (!text.empty()) out += "'" + wire::quote_value(text) + "': ";
    else if (line > 0) out += "no command of the reference router's configuration (line not shown); ";
    return out + "expected " + expected;
}

std::string redact_secrets(std::string_view line) {
    std::string lower(line);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t first = std::string::npos;  // where the first keyword starts
    std::size_t cut = 0;                     // and ends
    for (const std::string_view keyword : {std::string_view("password"), std::string_view("secret")}) {
        const std::size_t at = lower.find(keyword);
        if (at < first) {
            first = at;
            cut = at + keyword.size();
        }
    }
    if (first == std::string::npos) return std::string(line);
    // On the safe side: the rest of a word holding the keyword goes too (`passwordCCIE`).
    const bool more = line.find_first_not_of(" \t", cut) != std::string_view::npos;
    return std::string(line.substr(0, cut)) + (more ? " <redacted>" : "");
}

namespace {

enum class Context { Global, Interface, MapClass };

std::vector<std::string> split(std::string_view line) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        std::size_t j = i;
        while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
        if (j > i) words.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return words;
}

bool parse_uint(const std::string& s, long long max, long long& out) {
    if (s.empty() || s.size() > 10) return false;
    long long v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

bool is_dial_string(const std::string& s) {
    if (s.empty() || s.size() > 32) return false;
    for (const char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '*' && c != '#' && c != '+' &&
            c != ',') {
            return false;
        }
    }
    return true;
}

bool iequals(const std::string& a, const char* b) {
    std::size_t i = 0;
    for (; i < a.size() && b[i] != '\0'; ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return i == a.size() && b[i] == '\0';
}

class Parser {
public:
    ConfigResult run(const std::string& text) {
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view line = std::string_view(text).substr(pos, end - pos);
            ++line_no_hint_;
            if (!line_one(line)) {
                ConfigResult r;
                r.error = ConfigError{line_no_hint_, shown_line(line), expected_};
                return r;
            }
            if (end == text.size()) break;
            pos = end + 1;
        }
        for (std::size_t i = 0; i < config_.bri.dialer_maps.size(); ++i) {
            const auto& m = config_.bri.dialer_maps[i];
            if (!m.map_class.empty() && config_.map_classes.count(m.map_class) == 0) {
                ConfigResult r;
                r.error = ConfigError{map_lines_[i], map_texts_[i],
                                      "a map-class dialer " + wire::quote_value(m.map_class) + " defined somewhere"};
                return r;
            }
        }
        if (!seen_interface_) {
            // Without it the router has no port: every call would be cleared as user busy.
            ConfigResult r;
            r.error = ConfigError{0, "", "an 'interface BRI0' section: it is required (the reference router's "
                                         "only interface; without it every call is refused as user busy)"};
            return r;
        }
        ConfigResult r;
        r.config = config_;
        return r;
    }

private:
    static std::string trimmed(std::string_view s) {
        std::size_t b = 0;
        while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
        std::size_t e = s.size();
        while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
        return std::string(s.substr(b, e - b));
    }

    // The words a line of this subset starts with, in any context.
    static bool is_command_word(const std::string& word) {
        static const char* kCommands[] = {"username",      "interface", "map-class", "dialer-list",
                                          "end",           "ip",        "encapsulation", "dialer-group",
                                          "isdn",          "ppp",       "dialer"};
        for (const char* c : kCommands) {
            if (word == c) return true;
        }
        return false;
    }

    // DESIGN.md section 9: a failing line is shown only when it starts with a command of this
    // subset (else it may be a line of /etc/passwd or a key file), and never with its secret.
    static std::string shown_line(std::string_view line) {
        const auto w = split(line);
        if (w.empty() || !is_command_word(w[0])) return "";
        return redact_secrets(trimmed(line));
    }

    bool fail(std::string expected) {
        expected_ = std::move(expected);
        return false;
    }

    bool line_one(std::string_view line) {
        const std::string t = trimmed(line);
        if (t.empty() || t[0] == '!') return true;
        current_text_ = t;
        const auto w = split(t);
        const std::string& cmd = w[0];
        if (cmd == "username") return username(w);
        if (cmd == "interface") return interface(w);
        if (cmd == "map-class") return map_class(w);
        if (cmd == "dialer-list") return dialer_list(w);
        if (cmd == "end") return true;
        if (ctx_ == Context::Interface) return interface_command(w);
        if (ctx_ == Context::MapClass) return map_class_command(w);
        return fail("a global command: username, interface, map-class dialer, dialer-list");
    }

    bool username(const std::vector<std::string>& w) {
        ctx_ = Context::Global;
        const std::string shape = "username NAME password [0] SECRET";
        if (w.size() >= 3 && w[2] == "secret") {
            return fail(shape + " ('secret' keeps only a one-way hash, which cannot answer CHAP)");
        }
        if (w.size() == 5 && w[2] == "password" && w[3] == "7") {
            return fail(shape + " (type 7 is not supported: give the secret in plain text)");
        }
        // IOS writes `password 0 SECRET` for a secret kept in plain text: the same as without 0.
        if (w.size() == 4 && w[2] == "password") {
            config_.usernames[w[1]] = w[3];
            return true;
        }
        if (w.size() == 5 && w[2] == "password" && w[3] == "0") {
            config_.usernames[w[1]] = w[4];
            return true;
        }
        return fail(shape);
    }

    bool interface(const std::vector<std::string>& w) {
        if (w.size() == 2 && iequals(w[1], "BRI0")) {
            if (seen_interface_) return fail("a single interface BRI0 section");
            seen_interface_ = true;
            ctx_ = Context::Interface;
            return true;
        }
        if (w.size() == 3 && iequals(w[1], "BRI") && w[2] == "0") {
            if (seen_interface_) return fail("a single interface BRI0 section");
            seen_interface_ = true;
            ctx_ = Context::Interface;
            return true;
        }
        return fail("interface BRI0 (the only interface of the reference router)");
    }

    bool map_class(const std::vector<std::string>& w) {
        if (w.size() != 3 || w[1] != "dialer") return fail("map-class dialer NAME");
        ctx_ = Context::MapClass;
        current_class_ = w[2];
        config_.map_classes[w[2]].name = w[2];
        return true;
    }

    bool dialer_list(const std::vector<std::string>& w) {
        ctx_ = Context::Global;
        long long n = 0;
        if (w.size() != 5 || !parse_uint(w[1], 10, n) || n < 1 || w[2] != "protocol" ||
            w[3] != "ip" || (w[4] != "permit" && w[4] != "deny")) {
            return fail("dialer-list N protocol ip permit|deny (N 1..10)");
        }
        config_.dialer_lists[static_cast<int>(n)].ip_permit = w[4] == "permit";
        return true;
    }

    bool seconds(const std::string& s, Millis& out) {
        long long v = 0;
        if (!parse_uint(s, 2147483, v) || v < 1) return false;
        out = Millis{v * 1000};
        return true;
    }

    bool interface_command(const std::vector<std::string>& w) {
        auto& b = config_.bri;
        const std::string& cmd = w[0];
        if (cmd == "ip") {
            std::uint32_t a = 0, m = 0;
            if (w.size() != 4 || w[1] != "address" || !parse_ipv4(w[2], a) ||
                !parse_ipv4(w[3], m)) {
                return fail("ip address A.B.C.D MASK");
            }
            b.ip_address = a;
            b.ip_mask = m;
            return true;
        }
        if (cmd == "encapsulation") {
            if (w.size() != 2 || w[1] != "ppp") return fail("encapsulation ppp");
            b.encapsulation_ppp = true;
            return true;
        }
        if (cmd == "dialer-group") {
            long long n = 0;
            if (w.size() != 2 || !parse_uint(w[1], 10, n) || n < 1) return fail("dialer-group N (1..10)");
            b.dialer_group = static_cast<int>(n);
            return true;
        }
        if (cmd == "isdn") {
            static const char* kSwitches[] = {"basic-ni", "basic-5ess", "basic-dms100",
                                              "basic-net3", "basic-1tr6", "basic-ts013",
                                              "ntt", "vn3", "basic-qsig"};
            if (w.size() == 3 && w[1] == "switch-type") {
                for (const char* s : kSwitches) {
                    if (w[2] == s) {
                        b.isdn_switch_type = w[2];
                        return true;
                    }
                }
            }
            return fail("isdn switch-type basic-ni|basic-5ess|basic-dms100|basic-net3|basic-1tr6|basic-ts013|ntt|vn3|basic-qsig");
        }
        if (cmd == "ppp") return ppp_command(w);
        if (cmd == "dialer") return dialer_command(w);
        return fail("an interface command: ip address, encapsulation ppp, dialer ..., dialer-group, "
                    "isdn switch-type, ppp callback ..., ppp authentication ...");
    }

    bool ppp_command(const std::vector<std::string>& w) {
        auto& b = config_.bri;
        if (w.size() == 3 && w[1] == "callback") {
            if (w[2] == "request") {
                b.callback_request = true;
                return true;
            }
            if (w[2] == "accept") {
                b.callback_accept = true;
                return true;
            }
            return fail("ppp callback request|accept");
        }
        if (w.size() >= 3 && w[1] == "authentication") {
            std::vector<AuthKind> kinds;
            bool callin = false;
            for (std::size_t i = 2; i < w.size(); ++i) {
                if (w[i] == "chap" || w[i] == "pap") {
                    const AuthKind k = w[i] == "chap" ? AuthKind::Chap : AuthKind::Pap;
                    for (const auto e : kinds) {
                        if (e == k) return fail("ppp authentication chap|pap [chap|pap] [callin], each method once");
                    }
                    if (callin) return fail("ppp authentication chap|pap [chap|pap] [callin], callin last");
                    kinds.push_back(k);
                } else if (w[i] == "callin" && !kinds.empty() && !callin) {
                    callin = true;
                } else {
                    return fail("ppp authentication chap|pap [chap|pap] [callin]");
                }
            }
            b.authentication = kinds;
            b.auth_callin = callin;
            return true;
        }
        return fail("ppp callback request|accept or ppp authentication chap|pap [callin]");
    }

    bool dialer_command(const std::vector<std::string>& w) {
        auto& b = config_.bri;
        if (w.size() < 2) return fail("dialer map|callback-secure|idle-timeout|fast-idle|wait-for-carrier-time|enable-timeout|hold-queue");
        const std::string& sub = w[1];
        if (sub == "map") return dialer_map(w);
        if (sub == "callback-secure") {
            if (w.size() != 2) return fail("dialer callback-secure");
            b.callback_secure = true;
            return true;
        }
        if (sub == "idle-timeout" || sub == "fast-idle" || sub == "wait-for-carrier-time" ||
            sub == "enable-timeout") {
            Millis v{};
            if (w.size() != 3 || !seconds(w[2], v)) return fail("dialer " + sub + " SECONDS (1..2147483)");
            if (sub == "idle-timeout") b.idle_timeout = v;
            else if (sub == "fast-idle") b.fast_idle = v;
            else if (sub == "wait-for-carrier-time") b.wait_for_carrier = v;
            else b.enable_timeout = v;
            return true;
        }
        if (sub == "hold-queue") {
            long long n = 0;
            Millis t{};
            if ((w.size() == 3 || w.size() == 5) && parse_uint(w[2], 100, n) && n >= 1 &&
                (w.size() == 3 || (w[3] == "timeout" && seconds(w[4], t)))) {
                b.hold_queue = static_cast<int>(n);
                if (w.size() == 5) b.hold_queue_timeout = t;
                return true;
            }
            return fail("dialer hold-queue PACKETS (1..100) [timeout SECONDS]");
        }
        return fail("dialer map|callback-secure|idle-timeout|fast-idle|wait-for-carrier-time|enable-timeout|hold-queue");
    }

    bool dialer_map(const std::vector<std::string>& w) {
        static const char* kShape = "dialer map ip A.B.C.D [name HOST] [class CLASS] [broadcast] NUMBER";
        DialerMap m;
        if (w.size() < 5 || w[2] != "ip" || !parse_ipv4(w[3], m.next_hop)) return fail(kShape);
        std::size_t i = 4;
        bool have_number = false;
        while (i < w.size()) {
            if (w[i] == "name" && i + 1 < w.size() && m.name.empty()) {
                m.name = w[i + 1];
                i += 2;
            } else if (w[i] == "class" && i + 1 < w.size() && m.map_class.empty()) {
                m.map_class = w[i + 1];
                i += 2;
            } else if (w[i] == "broadcast" && !m.broadcast) {
                m.broadcast = true;
                ++i;
            } else if (i + 1 == w.size() && is_dial_string(w[i])) {
                m.number = w[i];
                have_number = true;
                ++i;
            } else {
                return fail(kShape);
            }
        }
        if (!have_number) return fail(kShape);
        // A set, not a scan: a 1 MiB file holds some 40 000 map lines.
        if (!map_keys_.emplace(m.next_hop, m.number).second) return fail("one dialer map per next hop and number");
        config_.bri.dialer_maps.push_back(m);
        map_lines_.push_back(line_number());
        map_texts_.push_back(redact_secrets(current_text_));
        return true;
    }

    bool map_class_command(const std::vector<std::string>& w) {
        auto& mc = config_.map_classes[current_class_];
        if (w.size() >= 2 && w[0] == "dialer" && w[1] == "callback-server") {
            if (w.size() == 2 || (w.size() == 3 && w[2] == "username")) {
                mc.callback_server = CallbackServerMode::Username;
                return true;
            }
            if (w.size() == 3 && w[2] == "dialstring") {
                mc.callback_server = CallbackServerMode::Dialstring;
                return true;
            }
        }
        return fail("a map-class command: dialer callback-server [username|dialstring]");
    }

    int line_number() const { return line_no_hint_; }

public:
    int line_no_hint_ = 0;

private:
    RouterConfig config_;
    Context ctx_ = Context::Global;
    bool seen_interface_ = false;
    std::string current_class_;
    std::string current_text_;
    std::string expected_;
    std::vector<int> map_lines_;
    std::vector<std::string> map_texts_;
    std::set<std::pair<std::uint32_t, std::string>> map_keys_;  // next hop, number
};

}  // namespace

ConfigResult parse_config(std::string_view text) {
    Parser p;
    return p.run(wire::normalize_line_ends(text));
}

}  // namespace ppp::sut
