#include "ppp/suites/purpose.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "bundled_purposes.hpp"

namespace ppp::suites {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxStepMs = 60'000;

const char* const kGoalNames[] = {"any", "call-connected", "lcp-opened", "authenticated", "callback-agreed",
                                  "first-call-dropped", "return-call", "ping-through", "cbcp-exchanged",
                                  "call-failed", "callback-refused"};

const char* const kProfileItems[] = {"role:client", "role:server", "callback:client", "callback:server",
                                     "cbcp:client", "cbcp:server", "auth:chap", "auth:pap", "dialer"};

const char* const kSuites[] = {"lcp", "auth", "callback-client", "callback-server", "cbcp", "ddr", "isdn",
                               "robustness", "pppd"};
const char* const kSuts[] = {"pppd"};  // SUTs a purpose may be bound to (besides the reference)

std::string path_error(std::string_view source, const std::string& path, const std::string& what) {
    return std::string(source) + ": " + path + ": " + what;
}

bool contains(const std::vector<std::uint8_t>& ops, std::uint8_t op) {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

}  // namespace

const char* goal_name(Goal goal) { return kGoalNames[static_cast<std::size_t>(goal)]; }

bool parse_goal(std::string_view text, Goal& goal) {
    for (std::size_t i = 0; i < std::size(kGoalNames); ++i) {
        if (text == kGoalNames[i]) {
            goal = static_cast<Goal>(i);
            return true;
        }
    }
    return false;
}

Catalog adhoc_catalog(const std::vector<Intent>& plan, const std::vector<model::Role>& roles, const std::string& sut) {
    Catalog c;
    for (const model::Role role : roles) {
        TestPurpose tp;
        const bool client = role == model::Role::Client;
        tp.id = client ? "PLAN-CLIENT" : "PLAN-SERVER";
        tp.title = std::string("The plan given with --plan, the SUT as ") + (client ? "client" : "server");
        tp.suite = "plan";
        tp.sut_role = role;
        tp.plan = plan;
        tp.sut = sut;
        c.purposes.push_back(std::move(tp));
    }
    return c;
}

const TestPurpose* Catalog::find(std::string_view id) const {
    for (const auto& p : purposes) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

std::vector<std::string> Catalog::suites() const {
    std::vector<std::string> out;
    for (const auto& p : purposes) {
        if (std::find(out.begin(), out.end(), p.suite) == out.end()) out.push_back(p.suite);
    }
    return out;
}

bool known_profile_item(std::string_view item) {
    return std::find(std::begin(kProfileItems), std::end(kProfileItems), item) != std::end(kProfileItems);
}

bool profile_claims(const model::Profile& profile, std::string_view item) {
    const auto& cb = profile.callback;
    if (item == "role:client") return profile.supports(model::Role::Client);
    if (item == "role:server") return profile.supports(model::Role::Server);
    if (item == "callback:client") return profile.supports(model::Role::Client) && !cb.client_ops.empty();
    if (item == "callback:server") return profile.supports(model::Role::Server) && cb.server_accepts;
    if (item == "cbcp:client") return profile.supports(model::Role::Client) && contains(cb.client_ops, 6);
    if (item == "cbcp:server") return profile.supports(model::Role::Server) && cb.server_accepts && contains(cb.server_ops, 6);
    const auto& auth = profile.auth.protocols;
    if (item == "auth:chap") return std::find(auth.begin(), auth.end(), model::AuthProto::Chap) != auth.end();
    if (item == "auth:pap") return std::find(auth.begin(), auth.end(), model::AuthProto::Pap) != auth.end();
    if (item == "dialer") return profile.dialer.enabled;
    return false;
}

bool glob_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::string load_purposes(std::string_view text, std::string_view source, Catalog& into) {
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return std::string(source) + ": not valid JSON";
    if (!doc.is_array()) return path_error(source, "/", "expected an array of test purposes");
    static const std::set<std::string> kKeys = {"id", "title", "suite", "requirements", "sut_role", "needs",
                                                "plan", "property", "goal", "sut", "step_ms"};
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const json& item = doc[i];
        const std::string at = "/" + std::to_string(i);
        if (!item.is_object()) return path_error(source, at, "expected an object");
        for (const auto& [key, value] : item.items()) {
            if (kKeys.count(key) == 0) {
                return path_error(source, at + "/" + key,
                                  "unknown key (accepted: id, title, suite, requirements, sut_role, needs, plan, "
                                  "property, goal, sut, step_ms)");
            }
        }
        TestPurpose tp;
        auto string_field = [&](const char* key, std::string& out) -> std::string {
            if (!item.contains(key) || !item[key].is_string() || item[key].get<std::string>().empty()) {
                return path_error(source, at + "/" + key, "expected a non-empty string");
            }
            out = item[key].get<std::string>();
            return "";
        };
        if (auto e = string_field("id", tp.id); !e.empty()) return e;
        if (auto e = string_field("title", tp.title); !e.empty()) return e;
        if (auto e = string_field("suite", tp.suite); !e.empty()) return e;
        if (std::find(std::begin(kSuites), std::end(kSuites), tp.suite) == std::end(kSuites)) {
            return path_error(source, at + "/suite",
                              "'" + tp.suite + "' is not a suite (lcp, auth, callback-client, callback-server, "
                              "cbcp, ddr, isdn, robustness, pppd)");
        }
        if (item.contains("sut")) {
            if (!item["sut"].is_string() ||
                std::find(std::begin(kSuts), std::end(kSuts), item["sut"].get<std::string>()) == std::end(kSuts)) {
                return path_error(source, at + "/sut", "expected a SUT name (pppd)");
            }
            tp.sut = item["sut"].get<std::string>();
        }
        if (!item.contains("requirements") || !item["requirements"].is_array() || item["requirements"].empty()) {
            return path_error(source, at + "/requirements", "expected a non-empty array of SPEC IDs");
        }
        for (const auto& r : item["requirements"]) {
            if (!r.is_string()) return path_error(source, at + "/requirements", "expected strings");
            tp.requirements.push_back(r.get<std::string>());
        }
        std::string role = "client";
        if (item.contains("sut_role")) {
            if (!item["sut_role"].is_string()) return path_error(source, at + "/sut_role", "expected client or server");
            role = item["sut_role"].get<std::string>();
        }
        if (role != "client" && role != "server") {
            return path_error(source, at + "/sut_role", "'" + role + "' is not accepted (client or server)");
        }
        tp.sut_role = role == "client" ? model::Role::Client : model::Role::Server;
        if (item.contains("needs")) {
            if (!item["needs"].is_array()) return path_error(source, at + "/needs", "expected an array");
            for (std::size_t k = 0; k < item["needs"].size(); ++k) {
                const auto& n = item["needs"][k];
                if (!n.is_string() || !known_profile_item(n.get<std::string>())) {
                    return path_error(source, at + "/needs/" + std::to_string(k),
                                      "not a profile item (role:client, role:server, callback:client, "
                                      "callback:server, cbcp:client, cbcp:server, auth:chap, auth:pap, dialer)");
                }
                tp.needs.push_back(n.get<std::string>());
            }
        }
        if (item.contains("goal")) {
            if (!item["goal"].is_string() || !parse_goal(item["goal"].get<std::string>(), tp.goal)) {
                std::string names;
                for (const char* g : kGoalNames) names += std::string(names.empty() ? "" : ", ") + g;
                return path_error(source, at + "/goal", "not a goal (" + names + ")");
            }
        }
        const bool has_plan = item.contains("plan"), has_property = item.contains("property");
        if (has_plan == has_property) return path_error(source, at, "needs exactly one of plan or property");
        if (has_plan) {
            if (!item["plan"].is_string()) return path_error(source, at + "/plan", "expected a plan as text");
            auto parsed = parse_plan(item["plan"].get<std::string>());
            if (!parsed.ok) return path_error(source, at + "/plan", parsed.error);
            tp.plan = std::move(parsed.plan);
            if (item.contains("step_ms")) {
                // 0: a stimulus lands in the middle of an exchange (time passes only through wait and
                // wait-sut), as a model-drawn plan's does.
                const json& step = item["step_ms"];
                if (!step.is_number_integer() || step.get<std::int64_t>() < 0 || step.get<std::int64_t>() > kMaxStepMs) {
                    return path_error(source, at + "/step_ms",
                                      "expected the time each intent but wait and wait-sut takes, in ms (0.." +
                                          std::to_string(kMaxStepMs) + ")");
                }
                tp.step = model::Millis{step.get<std::int64_t>()};
            }
        } else {
            if (item.contains("step_ms")) return path_error(source, at + "/step_ms", "only a fixed plan has a step");
            const json& prop = item["property"];
            if (!prop.is_object() || !prop.contains("weights") || !prop["weights"].is_object() ||
                prop["weights"].empty()) {
                return path_error(source, at + "/property", "expected {\"weights\": {intent: weight, ...}}");
            }
            GeneratorSpec spec;
            for (const auto& [name, weight] : prop["weights"].items()) {
                const IntentInfo* info = nullptr;
                for (const auto& candidate : all_intents()) {
                    if (name == candidate.name) info = &candidate;
                }
                if (info == nullptr) {
                    return path_error(source, at + "/property/weights/" + name, "unknown intent");
                }
                if (!weight.is_number_integer() || weight.get<int>() < 1 || weight.get<int>() > 1000) {
                    return path_error(source, at + "/property/weights/" + name, "expected a weight 1..1000");
                }
                spec.weights.emplace_back(info->kind, weight.get<int>());
            }
            if (prop.contains("max_length")) {
                if (!prop["max_length"].is_number_integer() || prop["max_length"].get<int>() < 1 ||
                    prop["max_length"].get<int>() > 64) {
                    return path_error(source, at + "/property/max_length", "expected an integer 1..64");
                }
                spec.max_length = prop["max_length"].get<std::size_t>();
            }
            if (prop.contains("max_wait_ms")) {
                if (!prop["max_wait_ms"].is_number_integer() || prop["max_wait_ms"].get<std::int64_t>() < 1 ||
                    prop["max_wait_ms"].get<std::int64_t>() > 3'600'000) {
                    return path_error(source, at + "/property/max_wait_ms", "expected an integer 1..3600000");
                }
                spec.max_wait_ms = prop["max_wait_ms"].get<std::int64_t>();
            }
            for (const auto& [key, value] : prop.items()) {
                if (key != "weights" && key != "max_length" && key != "max_wait_ms") {
                    return path_error(source, at + "/property/" + key,
                                      "unknown key (accepted: weights, max_length, max_wait_ms)");
                }
            }
            tp.property = std::move(spec);
        }
        if (into.find(tp.id) != nullptr) return path_error(source, at + "/id", "duplicate test purpose " + tp.id);
        into.purposes.push_back(std::move(tp));
    }
    return "";
}

CatalogLoad bundled_catalog() {
    CatalogLoad load;
    Catalog catalog;
    for (const auto& file : detail::bundled_purpose_files()) {
        if (auto error = load_purposes(file.text, file.name, catalog); !error.empty()) {
            load.error = error;
            return load;
        }
    }
    load.catalog = std::move(catalog);
    return load;
}

}  // namespace ppp::suites
