// Scenario text parser and runner (format: sut/README-scenario.md).
#include <algorithm>
#include <cctype>

#include "ppp/sut/scenario.hpp"

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

// "15", "2.5", "1500ms" -> milliseconds.
bool parse_time(const std::string& s, Millis& out) {
    if (s.empty() || s.size() > 12) return false;
    std::string t = s;
    long long scale = 1000;
    if (t.size() > 2 && t.compare(t.size() - 2, 2, "ms") == 0) {
        t.resize(t.size() - 2);
        scale = 1;
    } else if (t.back() == 's') {
        t.pop_back();
    }
    long long whole = 0, frac = 0, frac_scale = 1;
    bool dot = false;
    if (t.empty()) return false;
    for (const char c : t) {
        if (c == '.' && !dot && scale == 1000) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return false;
        if (dot) {
            if (frac_scale >= 1000) return false;
            frac = frac * 10 + (c - '0');
            frac_scale *= 10;
        } else {
            whole = whole * 10 + (c - '0');
        }
    }
    out = Millis{whole * scale + frac * scale / frac_scale};
    return true;
}

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

}  // namespace

ScenarioParse parse_scenario(std::string_view text, const FileLoader& loader) {
    ScenarioParse result;
    Scenario sc;
    bool have_until = false;
    int line_no = 0;
    std::size_t pos = 0;
    std::vector<std::string> lines;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(pos, end - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        lines.emplace_back(l);
        if (end == text.size()) break;
        pos = end + 1;
    }
    auto fail = [&](int n, const std::string& what, const std::string& expected) {
        result.error = "line " + std::to_string(n) + ": '" + what + "': expected " + expected;
        return result;
    };
    auto find_router = [&sc](const std::string& name) -> ScenarioRouter* {
        for (auto& r : sc.routers) {
            if (r.name == name) return &r;
        }
        return nullptr;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        line_no = static_cast<int>(i) + 1;
        const std::string t = trim(lines[i]);
        if (t.empty() || t[0] == '#') continue;
        const auto w = words_of(t);
        if (w[0] == "router") {
            // router NAME number DIGITS config FILE | config {   ... }
            if (w.size() != 6 || w[2] != "number" || w[4] != "config" || w[3].empty() ||
                !std::all_of(w[3].begin(), w[3].end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
                return fail(line_no, t, "router NAME number DIGITS config FILE|{");
            }
            if (find_router(w[1])) return fail(line_no, t, "a router name not used before");
            for (const auto& r : sc.routers) {
                if (r.number == w[3]) return fail(line_no, t, "a directory number not used before");
            }
            std::string cfg;
            std::string origin;
            int first_line = 0;
            if (w[5] == "{") {
                const int open_line = line_no;
                bool closed = false;
                first_line = line_no;
                for (++i; i < lines.size(); ++i) {
                    if (trim(lines[i]) == "}") {
                        closed = true;
                        break;
                    }
                    cfg += lines[i];
                    cfg += '\n';
                }
                line_no = static_cast<int>(i) + 1;
                if (!closed) return fail(open_line, t, "a line '}' closing the inline configuration");
                origin = "inline configuration of " + w[1];
            } else {
                const auto loaded = loader ? loader(w[5]) : std::nullopt;
                if (!loaded) return fail(line_no, t, "a readable configuration file '" + w[5] + "'");
                cfg = *loaded;
                origin = w[5];
            }
            const ConfigResult parsed = parse_config(cfg);
            if (!parsed.ok()) {
                ConfigError e = *parsed.error;
                e.line += first_line;  // inline: count from the scenario's own lines
                result.error = (first_line ? "scenario " : origin + " ") + e.to_string() +
                               (first_line ? " (" + origin + ")" : "");
                return result;
            }
            ScenarioRouter r;
            r.name = w[1];
            r.number = w[3];
            r.config = *parsed.config;
            r.options.hostname = w[1];
            r.options.directory_number = w[3];
            r.options.seed = 0x5EED0000ULL + sc.routers.size();
            r.options.log = LogOptions::all();
            r.line = line_no;
            sc.routers.push_back(std::move(r));
            continue;
        }
        if (w[0] == "option") {
            // option ROUTER fault NAME[,NAME] | callback-op 0|6 | terminate-initiator client|server|both
            //        | callback-delay SECONDS | return-retries N | seed N | log none|all|dialer,isdn,ppp,syslog
            ScenarioRouter* r = w.size() >= 4 ? find_router(w[1]) : nullptr;
            if (w.size() != 4) return fail(line_no, t, "option ROUTER KEY VALUE");
            if (!r) return fail(line_no, t, "a router declared above");
            auto& o = r->options;
            const std::string& key = w[2];
            const std::string& v = w[3];
            if (key == "fault") {
                std::string err;
                if (!Faults::parse(v, o.faults, err)) return fail(line_no, t, err);
            } else if (key == "callback-op") {
                if (v != "0" && v != "1" && v != "3" && v != "6") return fail(line_no, t, "callback-op 0|1|3|6");
                o.callback_request_op = static_cast<std::uint8_t>(v[0] - '0');
            } else if (key == "terminate-initiator") {
                if (v == "client") o.terminate_initiator = TerminateInitiator::Client;
                else if (v == "server") o.terminate_initiator = TerminateInitiator::Server;
                else if (v == "both") o.terminate_initiator = TerminateInitiator::Both;
                else return fail(line_no, t, "terminate-initiator client|server|both");
            } else if (key == "callback-delay") {
                Millis d{};
                if (!parse_time(v, d)) return fail(line_no, t, "callback-delay SECONDS");
                o.callback_delay = d;
            } else if (key == "return-retries") {
                int n = 0;
                if (v == "0") n = 0;
                else if (!parse_count(v, n) || n > 10) return fail(line_no, t, "return-retries 0..10");
                o.return_retries = n;
            } else if (key == "seed") {
                int n = 0;
                if (!parse_count(v, n)) return fail(line_no, t, "seed 1..10000");
                o.seed = static_cast<std::uint64_t>(n);
            } else if (key == "log") {
                LogOptions lo;
                if (v == "all") {
                    lo = LogOptions::all();
                } else if (v != "none") {
                    for (const auto& part : words_of([&] { std::string x = v; std::replace(x.begin(), x.end(), ',', ' '); return x; }())) {
                        if (part == "dialer") lo.dialer = true;
                        else if (part == "isdn") lo.isdn = true;
                        else if (part == "ppp") lo.ppp = true;
                        else if (part == "syslog") lo.syslog = true;
                        else return fail(line_no, t, "log none|all|LIST of dialer,isdn,ppp,syslog");
                    }
                }
                o.log = lo;
            } else {
                return fail(line_no, t, "option key fault|callback-op|terminate-initiator|callback-delay|return-retries|seed|log");
            }
            continue;
        }
        if (w[0] == "at") {
            ScenarioStep s;
            s.line = line_no;
            if (w.size() < 3 || !parse_time(w[1], s.at)) return fail(line_no, t, "at SECONDS COMMAND");
            const std::string& cmd = w[2];
            if (cmd == "ping") {
                // at T ping ROUTER A.B.C.D [COUNT]
                if ((w.size() != 5 && w.size() != 6) || !find_router(w[3]) || !parse_ipv4(w[4], s.address) ||
                    (w.size() == 6 && !parse_count(w[5], s.count))) {
                    return fail(line_no, t, "at T ping ROUTER A.B.C.D [COUNT 1..10000] with a declared router");
                }
                s.kind = ScenarioStep::Kind::Ping;
                s.router = w[3];
            } else if (cmd == "show") {
                if (w.size() == 5 && w[3] == "dialer" && find_router(w[4])) {
                    s.kind = ScenarioStep::Kind::ShowDialer;
                    s.router = w[4];
                } else if (w.size() == 4 && w[3] == "calls") {
                    s.kind = ScenarioStep::Kind::ShowCalls;
                } else {
                    return fail(line_no, t, "at T show dialer ROUTER | at T show calls");
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
                if (!ok) return fail(line_no, t, "at T network busy|noanswer|nochannel|drop NUMBER | at T network slow NUMBER SECONDS");
            } else {
                return fail(line_no, t, "at T ping|show|network ...");
            }
            sc.steps.push_back(s);
            continue;
        }
        if (w[0] == "run") {
            if (w.size() != 3 || w[1] != "until" || !parse_time(w[2], sc.until)) return fail(line_no, t, "run until SECONDS");
            have_until = true;
            continue;
        }
        return fail(line_no, t, "router, option, at, run until, or a # comment");
    }
    if (sc.routers.empty()) return fail(line_no, "", "at least one router line");
    if (!have_until) return fail(line_no, "", "a final 'run until SECONDS' line");
    for (const auto& s : sc.steps) {
        if (s.at > sc.until) return fail(s.line, lines[static_cast<std::size_t>(s.line - 1)], "a time not after 'run until'");
    }
    std::stable_sort(sc.steps.begin(), sc.steps.end(), [](const ScenarioStep& a, const ScenarioStep& b) { return a.at < b.at; });
    result.scenario = std::move(sc);
    return result;
}

ScenarioRun run_scenario(const Scenario& sc) {
    ScenarioRun run;
    run.testbed = std::make_unique<Testbed>();
    Testbed& tb = *run.testbed;
    for (const auto& r : sc.routers) tb.add_router(r.config, r.options);
    for (const auto& s : sc.steps) {
        const auto res = tb.run_until(s.at);
        if (res.step_limit_hit) {
            run.error = "step limit reached before " + format_time(s.at);
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
        if (res.step_limit_hit) run.error = "step limit reached before " + format_time(sc.until);
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
