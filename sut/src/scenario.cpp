// Scenario text parser and runner (format: sut/README-scenario.md).
#include <algorithm>
#include <cctype>

#include "ppp/sut/faults.hpp"
#include "ppp/sut/scenario.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::sut {

namespace {

std::vector<std::string> words_of(std::string_view line) {
    std::vector<std::string> w;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        std::size_t j = i;
        while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
        if (j > i) w.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return w;
}

// "15", "2.5", "1500ms" -> milliseconds, at most kMaxScenarioSeconds whatever the digits: the
// bound is checked while reading, so no number of digits overflows.
bool parse_time(const std::string& s, Millis& out) {
    constexpr long long kMaxMillis = kMaxScenarioSeconds * 1000;
    std::string_view t = s;
    long long scale = 1000;
    if (t.size() > 2 && t.substr(t.size() - 2) == "ms") {
        t.remove_suffix(2);
        scale = 1;
    } else if (!t.empty() && t.back() == 's') {
        t.remove_suffix(1);
    }
    long long whole = 0, frac = 0, frac_scale = 1;
    bool dot = false, digit = false;
    for (const char c : t) {
        if (c == '.' && !dot && scale == 1000) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return false;
        digit = true;
        if (dot) {
            if (frac_scale >= 1000) return false;  // millisecond resolution
            frac = frac * 10 + (c - '0');
            frac_scale *= 10;
        } else {
            whole = whole * 10 + (c - '0');
            if (whole > kMaxMillis) return false;
        }
    }
    if (!digit) return false;
    const long long ms = whole * scale + frac * scale / frac_scale;
    if (ms > kMaxMillis) return false;
    out = Millis{ms};
    return true;
}

std::string time_shape() { return "(0.." + std::to_string(kMaxScenarioSeconds) + " s, e.g. 15, 2.5, 1500ms)"; }

bool parse_count(const std::string& s, int& out) {
    if (s.empty() || s.size() > 5) return false;
    int v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v < 1 || v > 10000) return false;
    out = v;
    return true;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// The first name in `option R fault A,B` that is no row of the fault table (faults.cpp), if any.
std::optional<std::string> unknown_fault(const std::string& list) {
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t end = list.find(',', pos);
        if (end == std::string::npos) end = list.size();
        const std::string name = list.substr(pos, end - pos);
        bool known = name.empty();
        for (std::size_t i = 0; i < kFaultCount && !known; ++i) known = name == fault_table()[i].name;
        if (!known) return name;
        pos = end + 1;
    }
    return std::nullopt;
}

// "unknown fault 'x' (accepted: a, b, ... 39 names, `ppp-conform list --faults`)": the whole
// table would not fit the one line of at most 400 characters (DESIGN.md section 9).
std::string unknown_fault_message(const std::string& name) {
    std::string accepted;
    std::size_t listed = 0;
    while (listed < kFaultCount && accepted.size() < 90) {
        accepted += std::string(fault_table()[listed].name) + ", ";
        ++listed;
    }
    return "unknown fault '" + wire::quote_value(name) + "' (accepted: " + accepted + "... " +
           std::to_string(kFaultCount) + " names in all, listed by `ppp-conform list --faults`)";
}

// A scenario line as it may appear in a message (DESIGN.md section 9): only one that starts with
// a keyword of the format (else the file may be no scenario at all: `simulate /etc/shadow`),
// secrets redacted, escaped and cut.
std::string shown(const std::string& line) {
    const auto w = words_of(line);
    if (w.empty() || (w[0] != "router" && w[0] != "option" && w[0] != "at" && w[0] != "run")) return "";
    return wire::quote_value(redact_secrets(line));
}

class ScenarioParser {
public:
    ScenarioParser(std::string_view text, const FileLoader& loader) : loader_(loader) {
        const std::string normal = wire::normalize_line_ends(text);
        std::size_t pos = 0;
        while (pos <= normal.size()) {
            std::size_t end = normal.find('\n', pos);
            if (end == std::string::npos) end = normal.size();
            lines_.push_back(normal.substr(pos, end - pos));
            if (end == normal.size()) break;
            pos = end + 1;
        }
    }

    ScenarioParse run() {
        for (i_ = 0; i_ < lines_.size(); ++i_) {
            line_no_ = static_cast<int>(i_) + 1;
            const std::string t = trim(lines_[i_]);
            if (t.empty() || t[0] == '#') continue;
            const auto w = words_of(t);
            bool ok = false;
            if (w[0] == "router") ok = router(t, w);
            else if (w[0] == "option") ok = option(t, w);
            else if (w[0] == "at") ok = step(t, w);
            else if (w[0] == "run") ok = run_until(t, w);
            else ok = expected(t, "router, option, at, run until, or a # comment");
            if (!ok) return std::move(result_);
        }
        if (sc_.routers.empty()) return whole("at least one router line");
        if (!until_line_) return whole("a final 'run until SECONDS' line");
        for (const auto& s : sc_.steps) {
            if (s.at > sc_.until) {
                line_no_ = s.line;
                expected(trim(lines_[static_cast<std::size_t>(s.line - 1)]),
                         "a time not after 'run until' (line " + std::to_string(until_line_) + ")");
                return std::move(result_);
            }
        }
        std::stable_sort(sc_.steps.begin(), sc_.steps.end(),
                         [](const ScenarioStep& a, const ScenarioStep& b) { return a.at < b.at; });
        result_.scenario = std::move(sc_);
        return std::move(result_);
    }

private:
    // "line N: 'TEXT': MESSAGE", the text left out when it must not be shown.
    bool refuse(const std::string& text, const std::string& message) {
        const std::string excerpt = shown(text);
        result_.error = "line " + std::to_string(line_no_) + ": " + (excerpt.empty() ? "" : "'" + excerpt + "': ") + message;
        return false;
    }
    bool expected(const std::string& text, const std::string& what) { return refuse(text, "expected " + what); }
    ScenarioParse whole(const std::string& what) {
        result_.error = "end of scenario (line " + std::to_string(line_no_) + "): expected " + what;
        return std::move(result_);
    }

    ScenarioRouter* find_router(const std::string& name) {
        for (auto& r : sc_.routers) {
            if (r.name == name) return &r;
        }
        return nullptr;
    }

    // router NAME number DIGITS config FILE | config {   ... }
    bool router(const std::string& t, const std::vector<std::string>& w) {
        if (w.size() != 6 || w[2] != "number" || w[4] != "config" || w[3].empty() ||
            !std::all_of(w[3].begin(), w[3].end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
            return expected(t, "router NAME number DIGITS config FILE|{");
        }
        if (find_router(w[1])) return expected(t, "a router name not used before");
        for (const auto& r : sc_.routers) {
            if (r.number == w[3]) return expected(t, "a directory number not used before");
        }
        // Each router is a whole IOS configuration and state machine: the bound keeps a 1 MiB
        // file of router lines from building thousands of them.
        if (sc_.routers.size() == kMaxScenarioRouters) {
            return expected(t, "at most " + std::to_string(kMaxScenarioRouters) + " routers");
        }
        const int router_line = line_no_;
        ConfigResult parsed;
        if (w[5] == "{") {
            std::string cfg;
            bool closed = false;
            const std::size_t open = i_;
            for (++i_; i_ < lines_.size(); ++i_) {
                if (trim(lines_[i_]) == "}") {
                    closed = true;
                    break;
                }
                cfg += lines_[i_];
                cfg += '\n';
            }
            if (!closed) return expected(t, "a line '}' closing the inline configuration");
            parsed = parse_config(cfg);
            if (!parsed.ok()) {
                // The inline configuration is the scenario's own text: its lines are shown (secrets
                // redacted) and counted from the scenario's first line.
                const ConfigError& e = *parsed.error;
                const std::string where = " (inline configuration of " + wire::quote_value(w[1]) + ")";
                if (e.line == 0) return expected(t, e.expected + where);
                line_no_ = router_line + e.line;
                const std::size_t at = open + static_cast<std::size_t>(e.line);
                const std::string bad = at < lines_.size() ? trim(lines_[at]) : std::string();
                result_.error = "line " + std::to_string(line_no_) + ": '" + wire::quote_value(redact_secrets(bad)) +
                                "': expected " + e.expected + where;
                return false;
            }
        } else {
            const LoadedFile loaded = loader_ ? loader_(w[5]) : LoadedFile{std::nullopt, "no file loader"};
            if (!loaded.text) {
                result_.error = "line " + std::to_string(line_no_) + ": " + loaded.error;
                return false;
            }
            parsed = parse_config(*loaded.text);
            if (!parsed.ok()) {
                // Never the scenario's line here: the message is about the file.
                result_.error = "line " + std::to_string(line_no_) + ": configuration '" + wire::quote_value(w[5]) +
                                "': " + parsed.error->to_string();
                return false;
            }
        }
        ScenarioRouter r;
        r.name = w[1];
        r.number = w[3];
        r.config = std::move(*parsed.config);
        r.options.hostname = w[1];
        r.options.directory_number = w[3];
        r.options.seed = 0x5EED0000ULL + sc_.routers.size();
        r.options.log = LogOptions::all();
        r.line = line_no_;
        sc_.routers.push_back(std::move(r));
        return true;
    }

    // option ROUTER fault NAME[,NAME] | callback-op 0|6 | terminate-initiator client|server|both
    //        | callback-delay SECONDS | return-retries N | seed N | log none|all|dialer,isdn,ppp,syslog
    bool option(const std::string& t, const std::vector<std::string>& w) {
        if (w.size() != 4) return expected(t, "option ROUTER KEY VALUE");
        ScenarioRouter* r = find_router(w[1]);
        if (!r) return expected(t, "a router declared above");
        auto& o = r->options;
        const std::string& key = w[2];
        const std::string& v = w[3];
        if (key == "fault") {
            std::string err;
            if (const auto name = unknown_fault(v)) return refuse(t, unknown_fault_message(*name));
            if (!Faults::parse(v, o.faults, err)) return refuse(t, err);
        } else if (key == "callback-op") {
            if (v != "0" && v != "1" && v != "3" && v != "6") return expected(t, "callback-op 0|1|3|6");
            o.callback_request_op = static_cast<std::uint8_t>(v[0] - '0');
        } else if (key == "terminate-initiator") {
            if (v == "client") o.terminate_initiator = TerminateInitiator::Client;
            else if (v == "server") o.terminate_initiator = TerminateInitiator::Server;
            else if (v == "both") o.terminate_initiator = TerminateInitiator::Both;
            else return expected(t, "terminate-initiator client|server|both");
        } else if (key == "callback-delay") {
            Millis d{};
            if (!parse_time(v, d)) return expected(t, "callback-delay SECONDS " + time_shape());
            o.callback_delay = d;
        } else if (key == "return-retries") {
            int n = 0;
            if (v == "0") n = 0;
            else if (!parse_count(v, n) || n > 10) return expected(t, "return-retries 0..10");
            o.return_retries = n;
        } else if (key == "seed") {
            int n = 0;
            if (!parse_count(v, n)) return expected(t, "seed 1..10000");
            o.seed = static_cast<std::uint64_t>(n);
        } else if (key == "log") {
            LogOptions lo;
            if (v == "all") {
                lo = LogOptions::all();
            } else if (v != "none") {
                std::string list = v;
                std::replace(list.begin(), list.end(), ',', ' ');
                for (const auto& part : words_of(list)) {
                    if (part == "dialer") lo.dialer = true;
                    else if (part == "isdn") lo.isdn = true;
                    else if (part == "ppp") lo.ppp = true;
                    else if (part == "syslog") lo.syslog = true;
                    else return expected(t, "log none|all|LIST of dialer,isdn,ppp,syslog");
                }
            }
            o.log = lo;
        } else {
            return expected(t, "option key fault|callback-op|terminate-initiator|callback-delay|return-retries|seed|log");
        }
        return true;
    }

    bool step(const std::string& t, const std::vector<std::string>& w) {
        ScenarioStep s;
        s.line = line_no_;
        if (w.size() < 3 || !parse_time(w[1], s.at)) return expected(t, "at SECONDS COMMAND " + time_shape());
        if (sc_.steps.size() == kMaxScenarioCommands) {
            return expected(t, "at most " + std::to_string(kMaxScenarioCommands) + " 'at' lines");
        }
        const std::string& cmd = w[2];
        if (cmd == "ping") {
            // at T ping ROUTER A.B.C.D [COUNT]
            if ((w.size() != 5 && w.size() != 6) || !find_router(w[3]) || !parse_ipv4(w[4], s.address) ||
                (w.size() == 6 && !parse_count(w[5], s.count))) {
                return expected(t, "at T ping ROUTER A.B.C.D [COUNT 1..10000] with a declared router");
            }
            if (pings_ == kMaxScenarioPings || echoes_ + s.count > kMaxScenarioEchoes) {
                return expected(t, "at most " + std::to_string(kMaxScenarioPings) + " ping lines and " +
                                       std::to_string(kMaxScenarioEchoes) + " echoes in all (" +
                                       std::to_string(echoes_) + " so far)");
            }
            ++pings_;
            echoes_ += s.count;
            s.kind = ScenarioStep::Kind::Ping;
            s.router = w[3];
        } else if (cmd == "show") {
            if (w.size() == 5 && w[3] == "dialer" && find_router(w[4])) {
                s.kind = ScenarioStep::Kind::ShowDialer;
                s.router = w[4];
            } else if (w.size() == 4 && w[3] == "calls") {
                s.kind = ScenarioStep::Kind::ShowCalls;
            } else {
                return expected(t, "at T show dialer ROUTER | at T show calls");
            }
        } else if (cmd == "network") {
            // at T network busy|noanswer|nochannel|drop NUMBER | slow NUMBER SECONDS
            bool ok = w.size() >= 5;
            if (ok) {
                s.number = w[4];
                const std::string& what = w[3];
                if (what == "busy" && w.size() == 5) s.kind = ScenarioStep::Kind::NetBusy;
                else if (what == "noanswer" && w.size() == 5) s.kind = ScenarioStep::Kind::NetNoAnswer;
                else if (what == "nochannel" && w.size() == 5) s.kind = ScenarioStep::Kind::NetNoChannel;
                else if (what == "drop" && w.size() == 5) s.kind = ScenarioStep::Kind::NetDrop;
                else if (what == "slow" && w.size() == 6 && parse_time(w[5], s.delay)) s.kind = ScenarioStep::Kind::NetSlow;
                else ok = false;
            }
            if (!ok) return expected(t, "at T network busy|noanswer|nochannel|drop NUMBER | at T network slow NUMBER SECONDS");
        } else {
            return expected(t, "at T ping|show|network ...");
        }
        sc_.steps.push_back(s);
        return true;
    }

    bool run_until(const std::string& t, const std::vector<std::string>& w) {
        if (w.size() != 3 || w[1] != "until" || !parse_time(w[2], sc_.until)) {
            return expected(t, "run until SECONDS " + time_shape());
        }
        if (until_line_) return expected(t, "a single 'run until' line (one is on line " + std::to_string(until_line_) + ")");
        until_line_ = line_no_;
        return true;
    }

    const FileLoader& loader_;
    std::vector<std::string> lines_;
    std::size_t i_ = 0;  // the line being read; an inline configuration moves it on
    int line_no_ = 0;
    int until_line_ = 0;
    std::size_t pings_ = 0;
    long long echoes_ = 0;
    Scenario sc_;
    ScenarioParse result_;
};

}  // namespace

ScenarioParse parse_scenario(std::string_view text, const FileLoader& loader) {
    return ScenarioParser(text, loader).run();
}

namespace {
std::string step_limit_message(Millis at) {
    return "step limit of " + std::to_string(kMaxScenarioSteps) + " reached before " + format_time(at) +
           " (accepted: a scenario whose routers and pings settle within it)";
}
}  // namespace

ScenarioRun run_scenario(const Scenario& sc) {
    ScenarioRun run;
    TestbedOptions options;
    options.max_steps = kMaxScenarioSteps;
    run.testbed = std::make_unique<Testbed>(options);
    Testbed& tb = *run.testbed;
    for (const auto& r : sc.routers) tb.add_router(r.config, r.options);
    for (const auto& s : sc.steps) {
        // One budget for the whole run: each `at` line must not bring a fresh one.
        const auto res = tb.run_until(s.at);
        if (res.step_limit_hit || tb.steps() >= kMaxScenarioSteps) {
            run.error = step_limit_message(s.at);
            break;
        }
        const std::size_t idx = s.router.empty() ? 0 : tb.find_router(s.router).value_or(0);
        switch (s.kind) {
            case ScenarioStep::Kind::Ping:
                run.ping_ids.push_back(tb.offer_ping(idx, s.address, s.count));
                break;
            case ScenarioStep::Kind::ShowDialer:
                tb.note(s.router, s.router + "# show dialer\n" + tb.router(idx).show_dialer(tb.now()));
                break;
            case ScenarioStep::Kind::ShowCalls:
                tb.note("net", tb.network().billing_summary());
                break;
            case ScenarioStep::Kind::NetBusy: tb.network().fail_next_call(s.number, CallFault::Busy); break;
            case ScenarioStep::Kind::NetNoAnswer: tb.network().fail_next_call(s.number, CallFault::NoAnswer); break;
            case ScenarioStep::Kind::NetNoChannel: tb.network().fail_next_call(s.number, CallFault::NoChannel); break;
            case ScenarioStep::Kind::NetDrop: tb.network().drop_line(tb.now(), s.number); break;
            case ScenarioStep::Kind::NetSlow: tb.network().set_connect_delay(s.number, s.delay); break;
        }
    }
    if (run.error.empty()) {
        const auto res = tb.run_until(sc.until);
        if (res.step_limit_hit || tb.steps() >= kMaxScenarioSteps) run.error = step_limit_message(sc.until);
    }
    std::string out;
    for (const auto& e : tb.timeline()) {
        std::string text = e.text;
        std::size_t start = 0;
        bool first = true;
        while (start <= text.size()) {
            std::size_t nl = text.find('\n', start);
            if (nl == std::string::npos) nl = text.size();
            const std::string piece = text.substr(start, nl - start);
            if (first) out += e.source + " " + format_time(e.at) + ": " + piece + "\n";
            else out += "    " + piece + "\n";
            first = false;
            if (nl == text.size()) break;
            start = nl + 1;
        }
    }
    out += "\n" + tb.network().billing_summary();
    run.output = out;
    run.ok = run.error.empty();
    if (!run.ok) run.output += "error: " + run.error + "\n";
    return run;
}

ScenarioRun run_scenario_text(std::string_view text, const FileLoader& loader) {
    const ScenarioParse parsed = parse_scenario(text, loader);
    if (!parsed.scenario) {
        ScenarioRun run;
        run.error = parsed.error;
        run.output = "error: " + parsed.error + "\n";
        return run;
    }
    return run_scenario(*parsed.scenario);
}

}  // namespace ppp::sut
