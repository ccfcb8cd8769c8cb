#include "ppp/suites/campaign.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>

#include <rapidcheck.h>
#include <rapidcheck/detail/TestListener.h>

#include "bundled_purposes.hpp"
#include "case_run_json.hpp"
#include "process_pool.hpp"
#include "ppp/reports/redact.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/input_text.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

// Part of librapidcheck but not of its installed headers: the one-line reproduce string.
namespace rc::detail {
std::string reproduceMapToString(const std::unordered_map<std::string, Reproduce>& reproduceMap);
std::unordered_map<std::string, Reproduce> stringToReproduceMap(const std::string& str);
}  // namespace rc::detail

namespace ppp::suites {
namespace {

using reports::Verdict;

// Thrown out of RapidCheck by StopListener when the campaign is asked to stop: RapidCheck turns
// whatever a property throws into a failure and shrinks it, but lets its listener's throws through.
struct Interrupted {};

class StopListener final : public rc::detail::TestListener {
public:
    explicit StopListener(const std::function<bool()>& stop) : stop_(stop) {}
    void onTestCaseFinished(const rc::detail::CaseDescription&) override { check(); }
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override { check(); }
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}

private:
    void check() const {
        if (stop_ && stop_()) throw Interrupted{};
    }
    const std::function<bool()>& stop_;
};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Durations drawn around the timer values so boundaries are hit (FSM-03, DDR-03..06, CBCP-05).
constexpr std::int64_t kTimerEdges[] = {1900, 2000, 2100, 2900, 3000, 3100, 14900, 15000, 15100, 19900,
                                        20000, 20100, 29900, 30000, 30100, 119000, 120000, 121000};

rc::Gen<std::int64_t> gen_argument(const IntentInfo& info, std::optional<std::int64_t> max_wait) {
    const std::int64_t max = max_wait ? std::min(info.max, *max_wait) : info.max;
    switch (info.arg) {
        case IntentArg::None: return rc::gen::just<std::int64_t>(0);
        // 1..5 within the intent's own range (ping and non-interesting: 1..5; peer-offers-cbcp: 1..3).
        case IntentArg::Count:
            return rc::gen::inRange<std::int64_t>(std::max<std::int64_t>(info.min, 1), std::min<std::int64_t>(info.max, 5) + 1);
        case IntentArg::CallbackOp: return rc::gen::inRange<std::int64_t>(0, 7);
        case IntentArg::Phase: return rc::gen::inRange<std::int64_t>(0, 4);
        case IntentArg::OnOff: return rc::gen::inRange<std::int64_t>(0, 2);
        // The edges of RFC 1661 section 5.6's classes: the last core code (7), the four the
        // profile decides (8-11, AMB-21), the first permitted ones and a code LCP never sends.
        case IntentArg::LcpCode: return rc::gen::elementOf(std::vector<std::int64_t>{1, 7, 8, 9, 10, 11, 12, 13, 14, 255});
        case IntentArg::Variant: return rc::gen::inRange<std::int64_t>(info.min, info.max + 1);
        // RFC 1661 section 2's shapes at their edges: valid numbers nobody runs here (0x0023 OSI,
        // 0x8023 its NCP, 0xC025 LQR never negotiated), an even low octet (0x0000, the lowest;
        // 0x0020, IP's number one bit off; 0x0022, 0x8020) and an odd high octet (0x0121), each
        // invalid (FR-11).
        case IntentArg::Protocol:
            return rc::gen::elementOf(std::vector<std::int64_t>{0x0023, 0x0000, 0x0020, 0x0022, 0x0121, 0x8023, 0x8020, 0xC025});
        case IntentArg::Millis:
        {
            const std::int64_t low = std::max<std::int64_t>(info.min, 1);
            // Without a cap the draws are those of every earlier campaign (same plans per seed).
            const std::int64_t high = max_wait ? std::max<std::int64_t>(std::min<std::int64_t>(3000, max), low + 1) : 3000;
            return rc::gen::oneOf(rc::gen::inRange<std::int64_t>(low, high),
                                  rc::gen::map(rc::gen::inRange<std::size_t>(0, std::size(kTimerEdges)),
                                               [max](std::size_t i) { return std::min(kTimerEdges[i], max); }));
        }
    }
    return rc::gen::just<std::int64_t>(0);
}

// RapidCheck scales inRange by the size, which here bounds the plan's length: choices of
// intents and arguments are drawn at the nominal size so every value stays reachable.
constexpr int kNominalSize = 100;

// A draw of 0..n-1 at the nominal size, built once per n: a generator is immutable, and building
// one allocates (the generators below are drawn at every step of every plan). One cache per
// thread, like RapidCheck's own state.
const rc::Gen<int>& below(int n) {
    thread_local std::unordered_map<int, rc::Gen<int>> gens;
    auto it = gens.find(n);
    if (it == gens.end()) it = gens.emplace(n, rc::gen::resize(kNominalSize, rc::gen::inRange(0, n))).first;
    return it->second;
}

// The draw of an intent's argument at the nominal size, built once per intent and cap.
const rc::Gen<std::int64_t>& argument_draw(IntentKind kind, std::optional<std::int64_t> max_wait) {
    thread_local std::map<std::pair<IntentKind, std::int64_t>, rc::Gen<std::int64_t>> gens;
    const auto key = std::make_pair(kind, max_wait.value_or(-1));
    auto it = gens.find(key);
    if (it == gens.end())
        it = gens.emplace(key, rc::gen::resize(kNominalSize, gen_argument(intent_info(kind), max_wait))).first;
    return it->second;
}

// The swarm subset of a purpose's intents for one plan: each intent is in it with odds 3 in 4.
std::vector<std::pair<int, IntentKind>> draw_subset(const GeneratorSpec& spec) {
    std::vector<std::pair<int, IntentKind>> enabled;
    for (const auto& [kind, weight] : spec.weights) {
        if (*below(4) != 0) enabled.emplace_back(weight, kind);
    }
    if (enabled.empty()) {
        for (const auto& [kind, weight] : spec.weights) enabled.emplace_back(weight, kind);
    }
    return enabled;
}

// Swarm testing: each plan draws from a random subset of the purpose's intents, so long runs of
// one intent happen; the container shrinks by removing intents anywhere in the plan.
rc::Gen<std::vector<Intent>> gen_plan(const GeneratorSpec& spec) {
    return rc::gen::exec([spec] {
        const std::vector<std::pair<int, IntentKind>> enabled = draw_subset(spec);
        int total = 0;
        for (const auto& e : enabled) total += e.first;
        const auto one = rc::gen::mapcat(rc::gen::inRange(0, total), [enabled, max_wait = spec.max_wait_ms](int pick) {
            IntentKind kind = enabled.back().second;
            for (const auto& [weight, k] : enabled) {
                if (pick < weight) {
                    kind = k;
                    break;
                }
                pick -= weight;
            }
            return rc::gen::map(gen_argument(intent_info(kind), max_wait), [kind](std::int64_t arg) { return Intent{kind, arg}; });
        });
        return *rc::gen::resize(static_cast<int>(spec.max_length),
                                rc::gen::container<std::vector<Intent>>(rc::gen::resize(kNominalSize, one)));
    });
}

// A plan drawn from the model's state as it runs (CampaignOptions::Generation::Model): the swarm
// subset, the configuration variants (each in the subset with odds 1 in 3), the plan's length and
// a salt for its bench seed are drawn first; then each step draws from the subset weighed in the
// oracle's state (weigh_intents). Every value is drawn with *gen inside the property, so shrinking
// re-runs the recorded choices: a smaller choice at a step is a smaller plan, and a step drawn as
// 0 is left out (the failing plan is then made 1-minimal as recorded: without_spare_intents).
// Must be made and run inside a RapidCheck property.
class ModelDrawnPlan {
public:
    // `wall_clock`: the SUT runs in real time, where every step costs seconds: plans keep the
    // swarm plan's length there.
    ModelDrawnPlan(const GeneratorSpec& spec, const RowsTaken& taken, bool wall_clock) : spec_(spec), taken_(taken) {
        int heaviest = 1;
        for (const auto& [weight, kind] : draw_subset(spec)) {
            if (!is_configuration_variant(kind)) {
                dynamic_.emplace_back(weight, kind);
                heaviest = std::max(heaviest, weight);
            } else if (*below(3) == 2) {
                configuration_.push_back({kind, *argument_draw(kind, spec.max_wait_ms)});
            }
        }
        // Intents take no time of their own here (property_setup): time passes through wait and
        // wait-sut, the latter ending at the SUT's next frame, so that the next draw sees the
        // state it left (a stimulus in the middle of a negotiation, RFC 1661 section 4.1's rows).
        dynamic_.emplace_back(heaviest, IntentKind::WaitSut);
        // Up to twice the case's size (a stimulus and the time after it are two steps here, one
        // in a swarm plan): early plans are short, like the swarm plan's container.
        const int factor = wall_clock ? 1 : 2;
        length_ = static_cast<std::size_t>(*rc::gen::withSize([max = static_cast<int>(spec.max_length), factor](int size) {
            return rc::gen::resize(kNominalSize, rc::gen::inRange<int>(0, factor * std::min(size, max) + 1));
        }));
        salt_ = *rc::gen::noShrink(rc::gen::resize(kNominalSize, rc::gen::inRange<std::uint32_t>(0, 0xFFFFFFFFU)));
    }
    const std::vector<Intent>& configuration() const { return configuration_; }
    std::uint32_t salt() const { return salt_; }
    // The plan as it ran: its configuration, then the intents drawn (Lab::run(setup, plan) again).
    std::vector<Intent> recorded() const {
        std::vector<Intent> plan = configuration_;
        plan.insert(plan.end(), drawn_.begin(), drawn_.end());
        return plan;
    }

    std::optional<Intent> next(const model::RouterSpec& oracle) {
        // The configuration first, as Lab::run(setup, recorded()) meets it.
        if (prefix_at_ < configuration_.size()) return configuration_[prefix_at_++];
        while (step_ < length_) {
            ++step_;
            if (*below(8) == 0) continue;  // shrinks to "left out"
            // The oracle's rows fired so far, read only when a draw needs them (a read sums every
            // machine's counts: the generator's largest cost per step), into storage kept across steps.
            bool fired = false;
            const auto read_fired = [&]() -> const model::CoverageCounts& {
                if (!std::exchange(fired, true)) oracle.coverage_counts(fired_);
                return fired_;
            };
            const auto moved = [&] {
                std::uint64_t sum = 0;
                for (const std::uint64_t hits : read_fired().transitions) sum += hits;
                return sum;
            };
            // Rows claimed by intents drawn since the oracle last moved are not favoured twice
            // (moved_ is recorded at every draw that claims rows, the only draws it is read after).
            if (!claimed_.empty() && moved() != moved_) claimed_.clear();
            oracle.enabled_rows(enabled_);
            weigh_intents(dynamic_, enabled_, read_fired, taken_, claimed_, weighed_);
            std::vector<WeightedIntent>& weighed = weighed_;
            int total = 0;
            for (const auto& w : weighed) total += w.weight;
            if (total == 0) {  // no precondition holds: the prior decides, and the lab records a skip
                for (auto& w : weighed) total += (w.weight = 1);
            }
            if (total == 0) return std::nullopt;  // the subset holds configuration variants only
            int pick = *below(total);
            const WeightedIntent* chosen = &weighed.back();
            for (const auto& w : weighed) {
                if (pick < w.weight) {
                    chosen = &w;
                    break;
                }
                pick -= w.weight;
            }
            const IntentKind kind = chosen->kind;
            if (!chosen->untaken.empty()) moved_ = moved();
            for (const std::size_t row : chosen->untaken) claimed_.mark(row);
            const Intent intent{kind, *argument_draw(kind, spec_.max_wait_ms)};
            drawn_.push_back(intent);
            return intent;
        }
        return std::nullopt;
    }

private:
    const GeneratorSpec& spec_;
    const RowsTaken& taken_;
    std::vector<std::pair<int, IntentKind>> dynamic_;
    std::vector<Intent> configuration_;
    std::vector<Intent> drawn_;
    // Storage reused at every step (the generator allocates nothing per draw once warm).
    model::CoverageCounts fired_;
    std::vector<std::size_t> enabled_;
    std::vector<WeightedIntent> weighed_;
    RowsTaken claimed_;       // rows the intents drawn since the oracle last moved may lead to
    std::uint64_t moved_ = 0;  // the oracle's rows fired, summed, at the previous draw
    std::size_t prefix_at_ = 0, length_ = 0, step_ = 0;
    std::uint32_t salt_ = 0;
};

// What the SUT and the peer looked like on the B-channels, for goals.
struct LinkFacts {
    bool sut_acked = false, peer_acked = false, callback_acked = false, auth_ok = false, cbcp = false;
    bool callback_rejected = false;
};

LinkFacts link_facts(const PlanOutcome& outcome) {
    LinkFacts f;
    for (const auto& m : outcome.port_log) {
        if (!m.b_frame()) continue;
        const wire::PortDecoding& decoded = m.decoded();
        if (!decoded.intact || !decoded.payload || !*decoded.payload) continue;
        const auto& payload = decoded.payload->value();
        if (const auto* lcp = std::get_if<wire::LcpPacket>(&payload)) {
            if (lcp->kind() == wire::LcpCode::ConfAck) {
                (m.to_sut() ? f.peer_acked : f.sut_acked) = true;
                for (const auto& o : lcp->options) f.callback_acked |= std::holds_alternative<wire::Callback>(o);
            }
            if (lcp->kind() == wire::LcpCode::ConfRej || lcp->kind() == wire::LcpCode::ConfNak) {
                for (const auto& o : lcp->options) f.callback_rejected |= std::holds_alternative<wire::Callback>(o);
            }
        } else if (const auto* chap = std::get_if<wire::ChapPacket>(&payload)) {
            f.auth_ok |= chap->code == static_cast<std::uint8_t>(wire::ChapCode::Success);
        } else if (const auto* pap = std::get_if<wire::PapPacket>(&payload)) {
            f.auth_ok |= pap->code == static_cast<std::uint8_t>(wire::PapCode::AuthAck);
        } else if (std::holds_alternative<wire::CbcpPacket>(payload)) {
            f.cbcp = true;
        }
    }
    return f;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint64_t plan_seed(std::uint64_t seed, const std::vector<Intent>& plan) {
    std::uint64_t h = seed ^ 0xCBF29CE484222325ULL;  // FNV-1a over the intents
    for (const auto& intent : plan) {
        for (const std::uint64_t v : {static_cast<std::uint64_t>(intent.kind), static_cast<std::uint64_t>(intent.arg)}) {
            h ^= v;
            h *= 0x100000001B3ULL;
        }
    }
    return h;
}

// A purpose's case before it runs: its suite, ID, title and requirements.
CaseRun case_of(const TestPurpose& tp) {
    CaseRun run;
    run.result.suite = tp.suite;
    run.result.id = tp.id;
    run.result.title = tp.title;
    run.result.requirements = tp.requirements;
    run.sut_role = tp.sut_role;
    return run;
}

// A model-drawn plan's bench seed: from its salt and its configuration, both known before it runs;
// the same for the plan re-run as recorded, and for that plan with other intents left out.
std::uint64_t drawn_plan_seed(std::uint64_t seed, std::uint32_t salt, const std::vector<Intent>& plan) {
    std::vector<Intent> configuration;
    for (const Intent& intent : plan)
        if (is_configuration_variant(intent.kind)) configuration.push_back(intent);
    return plan_seed(seed ^ salt, configuration);
}

// The failing run as lanes for the report's sequence diagram: B-channel frames between SUT and
// peer, Q.931 between SUT and network, violations on the SUT's lane.
std::vector<reports::TraceEvent> sequence_events(const PlanOutcome& outcome) {
    constexpr std::size_t kMaxEvents = 300;
    std::vector<reports::TraceEvent> events;
    for (const auto& m : outcome.port_log) {
        if (events.size() >= kMaxEvents) break;
        reports::TraceEvent e;
        e.at_seconds = static_cast<double>(m.at.count()) / 1000.0;
        const char* far = m.d_channel() ? reports::lane::network : reports::lane::peer;
        e.from = m.to_sut() ? far : reports::lane::sut;
        e.to = m.to_sut() ? reports::lane::sut : far;
        const wire::PortDecoding& decoded = m.decoded();
        if (m.d_channel()) {
            const auto& q = *decoded.q931;
            e.label = q ? wire::describe(q.value()) : "malformed Q.931";
        } else {
            const auto f = decoded.intact ? decoded.frame()
                                          : wire::Decoded<wire::DecodedFrame>(wire::DecodeError{0, "bad FCS", "FR-04"});
            e.label = "B" + std::to_string(m.channel) + " " + (f ? wire::describe(f.value()) : f.error().to_string());
        }
        events.push_back(std::move(e));
    }
    for (const auto& v : outcome.violations) {
        reports::TraceEvent e;
        e.at_seconds = static_cast<double>(v.at.count()) / 1000.0;
        e.from = reports::lane::sut;
        e.to = reports::lane::peer;
        e.label = "[" + join(v.requirements, " ") + "] " + v.explanation;
        e.violation = true;
        events.push_back(std::move(e));
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const reports::TraceEvent& a, const reports::TraceEvent& b) { return a.at_seconds < b.at_seconds; });
    return events;
}

// The frame body with a PAP Authenticate-Request's password replaced by "<redacted>" (PAP-02
// carries it in clear text); any other body unchanged.
wire::Bytes without_pap_password(const wire::PortDecoding& frame) {
    const auto* pap = frame.packet<wire::PapPacket>();
    if (pap == nullptr || pap->code != static_cast<std::uint8_t>(wire::PapCode::AuthReq)) return frame.body;
    const std::string redacted_password = reports::kRedacted;
    wire::PapPacket redacted_pap = *pap;
    redacted_pap.password.assign(redacted_password.begin(), redacted_password.end());
    wire::PppFrame redacted = frame.ppp->value();
    redacted.information = wire::encode_pap(redacted_pap);
    return wire::encode_ppp(redacted);
}

// Virtual time counts milliseconds; messages of one millisecond keep their order across the B- and
// D-channel files by a microsecond each (a reader merging the files by time sees the port's order).
std::vector<std::uint64_t> evidence_stamps_us(const std::vector<wire::PortMessage>& messages) {
    std::vector<std::uint64_t> stamps(messages.size());
    std::uint64_t same_ms = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        same_ms = i > 0 && messages[i - 1].at == messages[i].at ? std::min<std::uint64_t>(same_ms + 1, 999) : 0;
        stamps[i] = static_cast<std::uint64_t>(messages[i].at.count()) * 1000U + same_ms;
    }
    return stamps;
}

}  // namespace

std::vector<reports::PcapRecord> evidence_records(const std::vector<wire::PortMessage>& messages, bool d_channel) {
    std::vector<reports::PcapRecord> records;
    const std::vector<std::uint64_t> stamps = evidence_stamps_us(messages);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        // LAN datagrams have their own file; abstract call events have no link type at all.
        if (m.kind() == wire::PortKind::Ipv4 || m.kind() == wire::PortKind::Call || m.d_channel() != d_channel) continue;
        reports::PcapRecord r;
        r.timestamp_us = stamps[i];
        if (d_channel) {
            r.bytes = wire::lapd_wrap(m.bytes(), m.to_sut());
        } else {
            const wire::PortDecoding& decoded = m.decoded();
            r.bytes.push_back(m.to_sut() ? 0 : 1);  // DLT 204: 1 = sent by the capturing side (the SUT)
            const wire::Bytes body = decoded.intact ? without_pap_password(decoded) : m.bytes();
            r.bytes.insert(r.bytes.end(), body.begin(), body.end());
        }
        records.push_back(std::move(r));
    }
    return records;
}

namespace {
// The port's messages and the LAN side's datagrams in the one order they happened.
std::vector<wire::PortMessage> port_evidence(const PlanOutcome& outcome) {
    std::vector<wire::PortMessage> all;
    all.reserve(outcome.port_log.size() + outcome.traffic.size());
    std::size_t port = 0;
    for (std::size_t i = 0; i < outcome.traffic.size(); ++i) {
        const std::size_t before = i < outcome.traffic_after.size() ? outcome.traffic_after[i] : outcome.port_log.size();
        for (; port < before && port < outcome.port_log.size(); ++port) all.push_back(outcome.port_log[port]);
        all.push_back(outcome.traffic[i]);
    }
    for (; port < outcome.port_log.size(); ++port) all.push_back(outcome.port_log[port]);
    return all;
}
}  // namespace

namespace {
constexpr std::string_view kEvidenceMark = "ppp-conform evidence; ";
constexpr std::string_view kPlanMark = "; plan: ";
}  // namespace

std::string evidence_comment(const std::string& purpose, const std::string& profile, model::Role role, bool call_control,
                             const std::string& plan) {
    return std::string(kEvidenceMark) + "purpose " + purpose + "; profile " + profile + "; role " +
           (role == model::Role::Client ? "client" : "server") + "; call control " + (call_control ? "yes" : "none") +
           std::string(kPlanMark) + plan;
}

std::optional<EvidenceFacts> evidence_facts_of(const std::string& comment) {
    if (comment.rfind(kEvidenceMark, 0) != 0) return std::nullopt;
    const auto at = comment.find(kPlanMark);
    if (at == std::string::npos) return std::nullopt;
    EvidenceFacts facts;
    facts.plan = comment.substr(at + kPlanMark.size());
    const std::string head = comment.substr(0, at) + ";";  // the fields before the plan, which may hold anything
    if (head.find("; role client;") != std::string::npos) facts.role = model::Role::Client;
    if (head.find("; role server;") != std::string::npos) facts.role = model::Role::Server;
    if (head.find("; call control yes;") != std::string::npos) facts.call_control = true;
    if (head.find("; call control none;") != std::string::npos) facts.call_control = false;
    return facts;
}

std::vector<reports::PcapngInterface> evidence_interfaces() {
    return {{kPcapngPppHdlc, "B1"}, {kPcapngPppHdlc, "B2"}, {static_cast<std::uint16_t>(kPcapLapd), "D"}, {kPcapngIpv4, "LAN"}};
}

std::vector<reports::PcapngRecord> evidence_pcapng(const std::vector<wire::PortMessage>& messages) {
    std::vector<reports::PcapngRecord> records;
    const std::vector<std::uint64_t> stamps = evidence_stamps_us(messages);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        reports::PcapngRecord r;
        r.timestamp_us = stamps[i];
        r.direction = m.to_sut() ? reports::PacketDirection::Inbound : reports::PacketDirection::Outbound;
        switch (m.kind()) {
            case wire::PortKind::BFrame: {
                if (m.channel != 1 && m.channel != 2) continue;
                r.interface = static_cast<std::uint32_t>(m.channel - 1);
                const wire::PortDecoding& decoded = m.decoded();
                r.crc_error = !decoded.intact;
                const wire::Bytes frame = decoded.intact ? wire::sync_encode(without_pap_password(decoded)) : m.bytes();
                r.bytes.assign(frame.begin(), frame.end());
                break;
            }
            case wire::PortKind::Q931:
                r.interface = 2;
                r.bytes = wire::lapd_wrap(m.bytes(), m.to_sut());
                break;
            case wire::PortKind::Ipv4:
                r.interface = 3;
                r.bytes.assign(m.bytes().begin(), m.bytes().end());
                break;
            case wire::PortKind::Call: continue;  // no link type carries an abstract call event
        }
        records.push_back(std::move(r));
    }
    return records;
}

bool goal_reached(Goal goal, const PlanOutcome& outcome, const LabSetup& setup) {
    const bool sut_client = setup.bench.sut_role == wire::CallbackRole::Client;
    const std::string& client = sut_client ? setup.bench.sut_number : setup.bench.peer_number;
    const std::string& server = sut_client ? setup.bench.peer_number : setup.bench.sut_number;
    auto any_call = [&](auto&& predicate) {
        return std::any_of(outcome.calls.begin(), outcome.calls.end(), predicate);
    };
    switch (goal) {
        case Goal::Any: return true;
        case Goal::CallConnected: return any_call([](const adapters::CallView& c) { return c.connected_at.has_value(); });
        case Goal::ReturnCall:
            return any_call([&](const adapters::CallView& c) {
                return c.connected_at && c.caller == server && c.callee == client;
            });
        case Goal::FirstCallDropped:
            return any_call([&](const adapters::CallView& c) {
                return c.connected_at && c.disconnected_at && c.caller == client && c.callee == server;
            });
        case Goal::CallFailed:
            return any_call([](const adapters::CallView& c) { return !c.connected_at.has_value(); });
        case Goal::PingThrough:
            return std::any_of(outcome.ping_outcomes.begin(), outcome.ping_outcomes.end(),
                               [](const adapters::PingOutcome& p) { return p.received > 0; });
        case Goal::LcpOpened: {
            const auto f = link_facts(outcome);
            return f.sut_acked && f.peer_acked;
        }
        case Goal::Authenticated: return link_facts(outcome).auth_ok;
        case Goal::CallbackAgreed: return link_facts(outcome).callback_acked;
        case Goal::CbcpExchanged: return link_facts(outcome).cbcp;
        case Goal::CallbackRefused: return link_facts(outcome).callback_rejected;
    }
    return false;
}

Campaign::Campaign(Catalog catalog, CampaignOptions options, BenchFactory factory)
    : catalog_(std::move(catalog)), options_(std::move(options)), factory_(std::move(factory)),
      lab_(std::make_unique<Lab>(factory_())) {
    for (const model::Role role : {model::Role::Client, model::Role::Server}) {
        LabSetup& setup = base_setups_[role == model::Role::Client ? 0 : 1];
        setup.parameters = options_.pixit;
        setup.bench.sut_role = role;
        setup.bench.faults = options_.faults;
        setup.bench.mutant = options_.mutant;
        setup.profile = options_.profile;
        // A pty is up from the start, with no call control and no dialer map (PEERS.md section 2);
        // a real bench waits out the settle time, so it gives its own.
        const adapters::Bench& bench = lab_->bench();
        if (bench.line_up_at_start()) {
            setup.pixit.line_up_at_start = true;
            setup.pixit.dialer_map_to_peer = false;
        }
        apply_parameters(setup);
        if (!bench.virtual_time()) {
            setup.settle = bench.settle();
            setup.max_duration = options_.plan_time_limit;
        }
    }
}

std::string Campaign::purpose_binding(const std::string& sut) {
    return sut == "reference" ? std::string() : std::string("pppd");
}

std::vector<const TestPurpose*> Campaign::matching() const {
    std::vector<const TestPurpose*> out;
    for (const auto& tp : catalog_.purposes) {
        if (!options_.suites.empty() &&
            std::find(options_.suites.begin(), options_.suites.end(), tp.suite) == options_.suites.end()) {
            continue;
        }
        if (!glob_match(options_.tp_glob, tp.id)) continue;
        if (tp.sut != purpose_binding(options_.sut)) continue;
        if (options_.role && *options_.role != tp.sut_role) continue;
        if (options_.properties_only && !tp.property) continue;
        if (std::find(options_.exclude.begin(), options_.exclude.end(), tp.id) != options_.exclude.end()) continue;
        out.push_back(&tp);
    }
    return out;
}

std::vector<const TestPurpose*> Campaign::selected() const {
    std::vector<const TestPurpose*> out;
    const auto all = matching();
    // Deterministic split: purpose k goes to shard k mod N (DESIGN.md section 9).
    for (std::size_t k = options_.shard_index; k < all.size(); k += options_.shard_count) out.push_back(all[k]);
    return out;
}

adapters::Capabilities Campaign::attachment() const { return lab_->bench().capabilities(); }

std::string Campaign::check_setup() const {
    if (catalog_.purposes.empty()) return "the catalog holds no test purpose";
    auto bench = factory_();
    adapters::BenchSetup setup = lab_setup(catalog_.purposes.front(), options_.seed).bench;
    setup.case_label = "set-up-check";  // its evidence is no purpose's
    const std::string problem = bench->reset(setup);
    bench->release();
    return problem;
}

LabSetup Campaign::lab_setup(const TestPurpose& tp, std::uint64_t seed) const {
    LabSetup setup = base_setups_[tp.sut_role == model::Role::Client ? 0 : 1];
    setup.bench.seed = seed;
    setup.bench.case_label = tp.id;
    if (tp.step) setup.step = *tp.step;
    return setup;
}

LabSetup Campaign::property_setup(const TestPurpose& tp, std::uint64_t seed) const {
    LabSetup setup = lab_setup(tp, seed);
    // Model generation: an intent takes no time of its own; the draw chooses when time passes.
    if (options_.generation == CampaignOptions::Generation::Model) setup.step = Millis{0};
    return setup;
}

std::string Campaign::command_prefix(const TestPurpose& tp, const char* subcommand) const {
    // An ad-hoc plan is reproduced by running it again in the purpose's role.
    std::string cmd = options_.adhoc_plan.empty() ? std::string("ppp-conform ") + subcommand + " --tp " + tp.id
                                                  : std::string("ppp-conform run --plan ") + wire::shell_word(options_.adhoc_plan) +
                                                        " --role " + (tp.sut_role == model::Role::Client ? "client" : "server");
    cmd += " --seed " + std::to_string(options_.seed) + " --profile " + wire::shell_word(options_.profile_name);
    if (!options_.pixit_path.empty()) cmd += " --pixit " + wire::shell_word(options_.pixit_path);
    if (options_.sut != "reference") cmd += " --sut " + options_.sut + options_.attachment_args;
    for (const auto& f : options_.faults) cmd += " --fault " + f;
    cmd += options_.generation == CampaignOptions::Generation::Model ? " --generation model" : " --generation swarm";
    return cmd;
}

CaseRun Campaign::finish(const TestPurpose&, const PlanOutcome& outcome, const std::vector<Intent>& plan,
                         CaseRun run) const {
    run.plan_text = to_text(plan);
    auto& r = run.result;
    if (!outcome.error.empty() && !outcome.livelock) {
        r.verdict = Verdict::Error;
        r.message = outcome.error;
    } else if (!outcome.conforming) {
        r.verdict = Verdict::Fail;
        std::set<std::string> ids;
        for (const auto& v : outcome.violations) ids.insert(v.requirements.begin(), v.requirements.end());
        r.requirements.assign(ids.begin(), ids.end());
        if (outcome.livelock) {
            r.message = outcome.error;
        } else {
            const auto& first = outcome.violations.front();
            r.message = "[" + join(first.requirements, " ") + "] " + first.explanation;
        }
        r.detail = "plan: " + run.plan_text + "\n" + render_trace(outcome) + "reproduce: " + run.reproduce + "\n";
        r.trace = sequence_events(outcome);
        run.evidence = port_evidence(outcome);
        run.evidence_plan = run.plan_text;
        run.evidence_end = outcome.end;
    } else if (options_.evidence_all) {
        run.evidence = port_evidence(outcome);
        run.evidence_plan = run.plan_text;
        run.evidence_end = outcome.end;
    }
    // An ad-hoc plan is run to be looked at: its trace (skipped intents with their reasons) always.
    if (!options_.adhoc_plan.empty() && r.detail.empty()) {
        r.detail = "plan: " + run.plan_text + "\n" + render_trace(outcome) + "reproduce: " + run.reproduce + "\n";
        r.trace = sequence_events(outcome);
    }
    // Profile deviations and the SUT's exit are findings, not failures: every verdict says them.
    if (!outcome.notes.empty()) {
        const std::string notes = join(outcome.notes, "; ");
        if (r.verdict == Verdict::Pass) r.message = "conforming; " + notes;
        else r.detail += "notes: " + notes + "\n";
        r.properties.push_back({"notes", notes});
    }
    return run;
}

CaseRun Campaign::run_purpose(const TestPurpose& tp) {
    const auto start = std::chrono::steady_clock::now();
    CaseRun run = case_of(tp);
    const std::string role_item = tp.sut_role == model::Role::Client ? "role:client" : "role:server";
    std::vector<std::string> missing;
    if (!profile_claims(options_.profile, role_item)) missing.push_back(role_item);
    for (const auto& need : tp.needs) {
        if (!profile_claims(options_.profile, need)) missing.push_back(need);
    }
    if (!missing.empty()) {
        run.result.verdict = Verdict::None;
        run.result.message = "profile " + options_.profile.name + " does not claim " + join(missing, ", ");
        return run;
    }
    if (tp.plan) {
        const LabSetup setup = lab_setup(tp, options_.seed);
        const PlanOutcome outcome = run_plan(setup, *tp.plan);
        run.plans_run = 1;
        run.reproduce = command_prefix(tp, "run");
        run.goal_reached = goal_reached(tp.goal, outcome, setup) ? 1 : 0;
        run = finish(tp, outcome, *tp.plan, std::move(run));
        if (run.result.verdict == Verdict::Pass && run.goal_reached == 0) {
            run.result.verdict = Verdict::Inconc;
            run.result.message = std::string("the purpose's goal '") + goal_name(tp.goal) + "' was not reached";
        }
        for (const auto& record : outcome.intents) {
            if (run.result.verdict != Verdict::Pass || !record.sut_not_reconfigured) continue;
            run.result.verdict = Verdict::Inconc;
            run.result.message = "the plan needs the SUT configured with '" + to_text(record.intent) +
                                 "', which the attachment cannot do (set the equipment up so and run the purpose alone)";
        }
    } else {
        run = check_property(tp, nullptr);
    }
    run.result.seconds = seconds_since(start);
    run.result.properties.push_back({"seed", std::to_string(options_.seed)});
    run.result.properties.push_back({"plans", std::to_string(run.plans_run)});
    run.result.properties.push_back({"reproduce", run.reproduce});
    run.result.properties.push_back({"profile", options_.profile_name});
    return run;
}

CaseRun Campaign::check_property(const TestPurpose& tp, const std::string* reproduce) {
    CaseRun run = case_of(tp);
    const GeneratorSpec spec = *tp.property;
    std::vector<Intent> last_failing;
    std::uint64_t last_failing_seed = options_.seed;
    std::optional<PlanOutcome> last_failing_outcome;  // its run, should a re-run alone pass
    std::vector<adapters::PortMessage> last_port_log;  // evidence of a passing purpose (evidence_all)
    std::string last_plan;                             // and its plan
    Millis last_end{0};                                // and when its run ended
    std::size_t plans = 0, reached = 0;
    std::size_t generated = 0;  // plans generated so far, for options_.plan_gate
    // Shrinking re-runs candidates against the SUT; a wall-clock SUT gets a budget, after which
    // the remaining candidates count as passing and the smallest failure so far is reported.
    const bool wall_clock = !lab_->bench().virtual_time();
    std::optional<std::chrono::steady_clock::time_point> first_failure_at;
    bool shrinking_cut = false;
    std::vector<std::string> last_notes;  // of the last plan run (a daemon's exit status, deviations)
    // Model generation: the rows this purpose's plans have taken so far weigh the next draws; they
    // stop changing at the first failure, so shrinking draws alike.
    const bool model_drawn = options_.generation == CampaignOptions::Generation::Model;
    RowsTaken taken;
    std::uint32_t last_failing_salt = 0;
    const auto property = rc::detail::toProperty([&] {
        std::vector<Intent> plan;
        std::optional<ModelDrawnPlan> drawn;
        if (model_drawn) {
            drawn.emplace(spec, taken, wall_clock);
        } else {
            plan = *gen_plan(spec);
            // Generated even when skipped: the next plans stay the ones an ungated run generates.
            if (options_.plan_gate && !options_.plan_gate(generated++)) return;
        }
        if (wall_clock && first_failure_at &&
            std::chrono::steady_clock::now() - *first_failure_at > options_.shrink_time_limit) {
            shrinking_cut = true;
            return;
        }
        // The run's seed follows from the plan (a drawn plan: from its configuration and salt, known
        // before it runs), so a replayed or shrunk plan runs identically.
        const LabSetup setup =
            property_setup(tp, drawn ? drawn_plan_seed(options_.seed, drawn->salt(), drawn->configuration())
                                     : plan_seed(options_.seed, plan));
        PlanOutcome outcome = drawn ? run_plan(setup, drawn->configuration(),
                                               [&drawn](const model::RouterSpec& oracle) { return drawn->next(oracle); })
                                    : run_plan(setup, plan);
        if (drawn) plan = drawn->recorded();
        if (drawn && !first_failure_at && outcome.conforming && outcome.error.empty()) taken.add(outcome.coverage);
        ++plans;
        // Evidence of a passing property: the last plan that exchanged anything at the port.
        if (options_.evidence_all && !outcome.port_log.empty()) {
            last_port_log = port_evidence(outcome);
            last_plan = to_text(plan);
            last_end = outcome.end;
        }
        if (goal_reached(tp.goal, outcome, setup)) ++reached;
        if (!outcome.conforming || !outcome.error.empty()) {
            if (!first_failure_at) first_failure_at = std::chrono::steady_clock::now();
            last_failing = plan;
            last_failing_seed = setup.bench.seed;
            if (drawn) last_failing_salt = drawn->salt();
            const std::string why = outcome.error.empty() ? outcome.violations.front().explanation : outcome.error;
            last_failing_outcome = std::move(outcome);
            RC_FAIL(why);
        }
        last_notes = std::move(outcome.notes);  // moved, not copied: this runs for every plan
    });
    rc::detail::TestMetadata metadata{tp.id, tp.title};
    rc::detail::TestParams params;
    params.seed = options_.seed;
    params.maxSuccess = options_.plans;
    params.maxSize = static_cast<int>(spec.max_length);
    params.disableShrinking = !options_.shrink;
    StopListener listener(stop_);
    std::unordered_map<std::string, rc::detail::Reproduce> reproduce_map;
    if (reproduce != nullptr) reproduce_map = rc::detail::stringToReproduceMap(trimmed(*reproduce));
    std::optional<rc::detail::TestResult> checked;
    try {
        checked.emplace(rc::detail::checkProperty(property, metadata, params, listener, reproduce_map));
    } catch (const Interrupted&) {
        run.plans_run = plans;
        run.goal_reached = reached;
        run.result.verdict = Verdict::Error;
        run.result.message = "interrupted after " + std::to_string(plans) + " of " + std::to_string(options_.plans) +
                             " plans";
        run.reproduce = command_prefix(tp, "replay");
        return run;
    }
    const rc::detail::TestResult& result = *checked;
    run.plans_run = plans;
    run.goal_reached = reached;

    rc::detail::FailureResult failure;
    rc::detail::GaveUpResult gave_up;
    rc::detail::Error error;
    if (result.match(failure)) {
        const std::unordered_map<std::string, rc::detail::Reproduce> map{{tp.id, failure.reproduce}};
        run.reproduce = command_prefix(tp, "replay") + " --reproduce " + wire::shell_word(rc::detail::reproduceMapToString(map));
        if (model_drawn) {
            // A choice read against the state the plan reached shrinks less than a swarm plan's
            // container: the plan, run as it was recorded, loses every intent it can spare.
            if (!wall_clock) last_failing = without_spare_intents(tp, std::move(last_failing), last_failing_salt, last_failing_seed);
            run.reproduce = drawn_reproduce(tp, last_failing, last_failing_salt);
        }
        // The last failing evaluation is the minimal one: shrinking accepts every failing step.
        const LabSetup setup = property_setup(tp, last_failing_seed);
        const PlanOutcome outcome = lab_->run(setup, last_failing);
        const bool reproduced = !outcome.conforming || !outcome.error.empty();
        // A shrunk plan that passes when re-run alone (a wall-clock SUT's timing, state carried
        // between plans) keeps the failure it had: its own run's message, trace and evidence.
        run = finish(tp, reproduced || !last_failing_outcome ? outcome : *last_failing_outcome, last_failing, std::move(run));
        if (!reproduced) {
            run.result.verdict = Verdict::Fail;
            if (run.result.message.empty()) run.result.message = failure.description;
            run.result.detail += "note: the shrunk plan passed when re-run alone; the trace is of its failing run\n";
            run.result.properties.push_back({"reproduced_alone", "no"});
        }
        run.result.properties.push_back({"shrunk_plan_length", std::to_string(last_failing.size())});
        if (shrinking_cut) {
            const std::string note = "shrinking stopped after its wall-clock budget of " +
                                     std::to_string(options_.shrink_time_limit.count() / 1000) +
                                     " s: the plan may not be minimal (--shrink-time-limit)";
            run.result.properties.push_back({"shrinking", note});
            run.result.detail += note + "\n";
        }
    } else if (result.match(gave_up)) {
        run.result.verdict = Verdict::Error;
        run.result.message = "RapidCheck gave up: " + gave_up.description;
    } else if (result.match(error)) {
        run.result.verdict = Verdict::Error;
        run.result.message = "RapidCheck error: " + error.description;
    } else if (reached == 0) {
        run.result.verdict = Verdict::Inconc;
        run.result.message = std::string("no generated plan reached the goal '") + goal_name(tp.goal) + "'";
    }
    if (!result.match(failure) && !last_notes.empty()) {
        run.result.properties.push_back({"notes", "last plan: " + join(last_notes, "; ")});
    }
    if (run.evidence.empty()) {
        run.evidence = std::move(last_port_log);
        run.evidence_plan = std::move(last_plan);
        run.evidence_end = last_end;
    }
    if (run.reproduce.empty()) run.reproduce = command_prefix(tp, "replay");
    return run;
}

std::string Campaign::check_reproduce(const TestPurpose& tp, const std::string& reproduce) {
    const std::string value = trimmed(reproduce);
    const std::string shown = wire::quote_value(value);
    if (!tp.property) {
        return "--reproduce: " + tp.id + " is a fixed plan, not a property (accepted: no --reproduce; run it with `run --tp " +
               tp.id + "`)";
    }
    const std::string accepted = " (accepted: the --reproduce value of a `reproduce:` line that `run` printed for " + tp.id + ")";
    if (value.empty()) return "--reproduce is empty" + accepted;
    std::unordered_map<std::string, rc::detail::Reproduce> map;
    try {
        map = rc::detail::stringToReproduceMap(value);
    } catch (const std::exception&) {
        return "--reproduce " + shown + " is not a RapidCheck reproduce string" + accepted;
    }
    if (map.size() != 1 || map.begin()->first != tp.id) {
        const std::string owner = map.size() == 1 ? " belongs to " + wire::quote_value(map.begin()->first) + ", not " + tp.id
                                                  : " is not a reproduce string of one purpose";
        return "--reproduce " + shown + owner + accepted;
    }
    // RapidCheck's decoder stops where its data ends: junk after a valid value would be ignored.
    if (rc::detail::reproduceMapToString(map) != value) {
        return "--reproduce " + shown + " has characters after the reproduce string" + accepted;
    }
    return "";
}

std::vector<Intent> Campaign::without_spare_intents(const TestPurpose& tp, std::vector<Intent> plan, std::uint32_t salt,
                                                   std::uint64_t& bench_seed) {
    // Greedy, one intent at a time, until no single intent can go (a 1-minimal plan).
    for (bool smaller = true; smaller;) {
        smaller = false;
        for (std::size_t i = 0; i < plan.size(); ++i) {
            if (stop_ && stop_()) return plan;
            std::vector<Intent> candidate = plan;
            candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(i));
            const LabSetup setup = property_setup(tp, drawn_plan_seed(options_.seed, salt, candidate));
            const PlanOutcome outcome = lab_->run(setup, candidate);
            if (outcome.conforming && outcome.error.empty()) continue;
            plan = std::move(candidate);
            bench_seed = setup.bench.seed;
            smaller = true;
            --i;
        }
    }
    return plan;
}

std::string Campaign::drawn_reproduce(const TestPurpose& tp, const std::vector<Intent>& plan, std::uint32_t salt) const {
    return command_prefix(tp, "replay") + " --salt " + std::to_string(salt) + " --plan " + wire::shell_word(to_text(plan));
}

CaseRun Campaign::replay_drawn(const TestPurpose& tp, const std::vector<Intent>& plan, std::uint32_t salt) {
    const auto start = std::chrono::steady_clock::now();
    CaseRun run = case_of(tp);
    const LabSetup setup = property_setup(tp, drawn_plan_seed(options_.seed, salt, plan));
    run.reproduce = drawn_reproduce(tp, plan, salt);  // before finish(), which quotes it in the detail
    run = finish(tp, lab_->run(setup, plan), plan, std::move(run));
    run.result.seconds = seconds_since(start);
    return run;
}

CaseRun Campaign::replay(const TestPurpose& tp, const std::string& reproduce) {
    if (!tp.property) return run_purpose(tp);
    const auto start = std::chrono::steady_clock::now();
    CaseRun run = check_property(tp, &reproduce);
    run.result.seconds = seconds_since(start);
    return run;
}

void Campaign::run(const std::function<void(const CaseRun&)>& on_case, const std::function<bool()>& stop) {
    stop_ = stop;
    const auto purposes = selected();
    if (options_.jobs > 1 && purposes.size() > 1) {
        detail::PoolWork work;
        work.item = [&](std::size_t i) { return detail::encode_case_run(run_purpose(*purposes[i])); };
        work.closing = [&] { return detail::encode_coverage(coverage_); };
        work.stop = stop;
        auto lost_case = [&](std::size_t i, const std::string& reason) {
            CaseRun run = case_of(*purposes[i]);
            run.result.verdict = Verdict::Error;
            run.result.message = reason;
            on_case(run);
        };
        detail::PoolDelivery deliver;
        deliver.item = [&](std::size_t i, std::string text) {
            CaseRun run;
            std::string error;
            if (detail::decode_case_run(text, run, error)) on_case(run);
            else lost_case(i, "result from the worker process unreadable: " + error);
        };
        deliver.lost = lost_case;
        deliver.closing = [&](std::string text) {
            model::CoverageCounts worker;
            std::string error;
            if (!text.empty() && detail::decode_coverage(text, worker, error)) coverage_.add(worker);
        };
        const std::string problem = detail::run_in_processes(purposes.size(), options_.jobs, work, deliver);
        if (problem.empty()) return;
        std::cerr << "ppp-conform: --jobs " << options_.jobs << ": " << problem << "; running in one process\n";
    }
    for (const TestPurpose* tp : purposes) {
        if (stop && stop()) return;
        on_case(run_purpose(*tp));
    }
}

PlanOutcome Campaign::run_plan(const LabSetup& setup, const std::vector<Intent>& plan) {
    PlanOutcome outcome = lab_->run(setup, plan);
    coverage_.add(outcome.coverage);
    return outcome;
}

PlanOutcome Campaign::run_plan(const LabSetup& setup, const std::vector<Intent>& configuration, const Lab::NextIntent& next) {
    PlanOutcome outcome = lab_->run(setup, configuration, next);
    coverage_.add(outcome.coverage);
    return outcome;
}

model::Coverage Campaign::coverage() const {
    model::Coverage coverage = model::RouterSpec::coverage_of(coverage_);
    std::map<std::string, std::vector<model::UnreachableMark>> by_machine;
    std::vector<model::CoverageItem> apart = model::RouterSpec::out_of_profile(options_.profile);
    for (model::CoverageItem& item : model::RouterSpec::sut_choice(options_.profile)) apart.push_back(std::move(item));
    for (const model::CoverageItem& item : apart)
        by_machine[item.machine].push_back({item.name.c_str(), item.unreachable_reason.c_str(), item.sut_choice});
    for (const auto& [machine, marks] : by_machine) coverage.mark_unreachable(machine, marks);
    return coverage;
}

std::vector<std::string> Campaign::secrets() const {
    // The PIXIT's secrets, plus the wrong secret the peer-wrong-secret intent configures.
    std::vector<std::string> out{kWrongSecret};
    for (const std::string& s : options_.pixit.secret_values())
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return out;
}

}  // namespace ppp::suites
