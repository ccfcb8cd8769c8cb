// `ppp-conform check`: a recording judged by the oracle of `run` (check.hpp).
#include "ppp/suites/check.hpp"

#include "check_calls.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "ppp/adapters/capture_file.hpp"
#include "ppp/model/crossing_window.hpp"
#include "ppp/reports/redact.hpp"
#include "ppp/spec/catalog.hpp"
#include "ppp/suites/decode.hpp"
#include "ppp/wire/framing.hpp"

namespace ppp::suites {
namespace rec = adapters::recording;
using model::Millis;

namespace {

// Without stamps nothing bounds a timer: the tolerances become a day, so no delay and no deadline
// is judged, and the requirements that set a delay are reported inconc instead.
constexpr Millis kUntimed{86'400'000};

std::string seconds_text(Millis at) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(at.count()) / 1000.0);
    return text;
}

// The requirement families whose rules read the fields of a protocol's packets: a finding citing
// one of them cannot be trusted after a packet of that protocol was printed in part.
std::vector<std::string> families_of(const wire::PortMessage& message) {
    // The dialer and Cisco callback rules read the numbers of the call's messages.
    if (message.d_channel()) return {"ISDN", "DDR", "CCB"};
    switch (message.decoded().protocol()) {
        case wire::proto::kLcp: return {"LCP", "FSM", "CB"};
        case wire::proto::kPap: return {"PAP", "AUTH"};
        case wire::proto::kChap: return {"CHAP", "AUTH"};
        case wire::proto::kCbcp: return {"CBCP"};
        case wire::proto::kIpcp: return {"IP"};  // the catalog's IP-nn rows
        default: return {};
    }
}

std::string family_of(const std::string& requirement) { return requirement.substr(0, requirement.find('-')); }

bool is_lcp_configure_request(const wire::PortMessage& message) {
    const auto* lcp = message.decoded().packet<wire::LcpPacket>();
    return lcp != nullptr && lcp->code == static_cast<std::uint8_t>(wire::LcpCode::ConfReq);
}

bool is_setup(const wire::PortMessage& message) {
    const auto& q931 = message.decoded().q931;
    return q931 && *q931 && q931->value().type == static_cast<std::uint8_t>(wire::Q931Type::Setup);
}

std::size_t catalog_position(const std::string& id) {
    const auto& rows = spec::catalog();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].id == id) return i;
    return rows.size();
}

}  // namespace

const char* verdict_name(RequirementVerdict verdict) {
    switch (verdict) {
        case RequirementVerdict::Pass: return "pass";
        case RequirementVerdict::Fail: return "fail";
        case RequirementVerdict::Inconc: return "inconc";
    }
    return "?";
}

bool CheckResult::failed() const { return count(RequirementVerdict::Fail) > 0; }

std::size_t CheckResult::count(RequirementVerdict verdict) const {
    return static_cast<std::size_t>(std::count_if(requirements.begin(), requirements.end(),
                                                  [&](const RequirementResult& r) { return r.verdict == verdict; }));
}

namespace {
// Rows and states taken in `after` and not yet in `before` (counts only grow).
model::CoverageCounts difference(model::CoverageCounts after, const model::CoverageCounts& before) {
    for (std::size_t i = 0; i < after.states.size() && i < before.states.size(); ++i) after.states[i] -= before.states[i];
    for (std::size_t i = 0; i < after.transitions.size() && i < before.transitions.size(); ++i)
        after.transitions[i] -= before.transitions[i];
    return after;
}

// The requirements of the states and rows taken between `before` and `after`. The names are put
// to the positions once (coverage_of), not on every message: naming all of them per message
// took most of check's time on a text log.
std::set<std::string> fired_requirements(const model::CoverageCounts& after, const model::CoverageCounts& before) {
    static const model::Coverage names = model::RouterSpec::coverage_of(model::CoverageCounts{});
    std::set<std::string> fired;
    const auto collect = [&](const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b,
                             const std::vector<model::CoverageItem>& items) {
        for (std::size_t i = 0; i < a.size() && i < items.size(); ++i)
            if (a[i] > (i < b.size() ? b[i] : 0)) fired.insert(items[i].requirements.begin(), items[i].requirements.end());
    };
    collect(after.states, before.states, names.states);
    collect(after.transitions, before.transitions, names.transitions);
    return fired;
}
}  // namespace

struct RecordingJudge::Impl {
    struct Taint {
        int channel = 0;  // 0: the D-channel
        std::string reason;
    };

    CheckSetup setup;
    model::Pixit pixit;
    model::RouterSpec oracle;
    model::CrossingWindow crossing;
    CheckResult result;
    std::map<std::string, Taint> taints;  // requirement family -> why its findings are inconc
    std::set<std::string> delayed;        // requirements of obligations with a "not before"
    // The last CHAP Challenge fed per B-channel and direction (true: to the SUT), as fed.
    std::map<std::pair<int, bool>, wire::ChapPacket> challenges;
    model::CoverageCounts before;  // rows the oracle took before any message (a line up at start)
    // Requirements whose rows fired on a message printed in part, or in a family that was no
    // longer trusted: a pass there would rest on placeholders, so they are inconc at best.
    std::map<std::string, std::string> unproven;

    static model::Pixit oracle_view(const CheckSetup& setup) {
        model::Pixit p = model::oracle_pixit(setup.parameters, setup.role, setup.profile);
        p.line_up_at_start = !setup.call_control;
        model::Tolerance& t = p.tolerance;
        if (setup.stamp_resolution) {
            // A stamp says the event happened somewhere in [stamp, stamp + resolution).
            t.early += *setup.stamp_resolution;
            t.late += *setup.stamp_resolution;
            t.reply += *setup.stamp_resolution;
        } else {
            t.early = t.late = t.reply = kUntimed;
        }
        return p;
    }

    explicit Impl(CheckSetup s)
        : setup(std::move(s)),
          pixit(oracle_view(setup)),
          oracle(setup.role, setup.profile, pixit),
          crossing(setup.crossing),
          before(oracle.coverage_counts()) {}

    // See RecordedMessage::accepted: a Response or Authenticate-Request the authenticator accepted
    // gets the hash of the challenge as fed, or the password, for the PIXIT's secret; one it refused
    // keeps its placeholder, which no secret matches.
    void complete_authentication(RecordedMessage& recorded) {
        wire::PortMessage& message = recorded.message;
        const wire::PortDecoding& d = message.decoded();
        const auto* chap = d.packet<wire::ChapPacket>();
        if (chap != nullptr && chap->code == static_cast<std::uint8_t>(wire::ChapCode::Challenge))
            challenges[{message.channel, message.to_sut()}] = *chap;
        if (recorded.accepted != true) return;
        if (const auto* pap = d.packet<wire::PapPacket>()) {
            const auto secret = pixit.secrets.find(std::string(pap->peer_id.begin(), pap->peer_id.end()));
            if (secret == pixit.secrets.end()) return;
            wire::PapPacket completed = *pap;
            completed.password.assign(secret->second.begin(), secret->second.end());
            message.set_bytes(wire::sync_encode(wire::encode_ppp(wire::proto::kPap, wire::encode_pap(completed))));
            return;
        }
        if (chap == nullptr || chap->code != static_cast<std::uint8_t>(wire::ChapCode::Response)) return;
        const auto challenge = challenges.find({message.channel, !message.to_sut()});
        if (challenge == challenges.end()) return;
        // The SUT answers with its secret for the challenger's name; the peer's answer is checked
        // with the secret for the name it gives (router_spec_auth.cpp reads the same PIXIT).
        const auto& named = message.to_sut() ? chap->name : challenge->second.name;
        const auto secret = pixit.secrets.find(std::string(named.begin(), named.end()));
        if (secret == pixit.secrets.end()) return;
        wire::ChapPacket completed = *chap;
        const auto hash = wire::chap_md5_response(completed.identifier, secret->second, challenge->second.value);
        completed.value.assign(hash.begin(), hash.end());
        message.set_bytes(wire::sync_encode(wire::encode_ppp(wire::proto::kChap, wire::encode_chap(completed))));
    }

    // Taints are kept by requirement family ("LCP") or by one requirement ("DDR-01").
    std::string tainted(const std::vector<std::string>& requirements) const {
        for (const auto& id : requirements) {
            if (auto it = taints.find(id); it != taints.end()) return it->second.reason;
            if (auto it = taints.find(family_of(id)); it != taints.end()) return it->second.reason;
        }
        return "";
    }

    void forget_taints(int channel) {
        for (auto it = taints.begin(); it != taints.end();) it = it->second.channel == channel ? taints.erase(it) : std::next(it);
    }

    void taint(const wire::PortMessage& message, const std::string& reason) {
        for (const auto& family : families_of(message)) taints.emplace(family, Taint{message.channel, reason});
    }

    // A hash the oracle cannot compute is not a wrong hash: without the secret for the name a
    // CHAP Response or PAP Authenticate-Request carries, authentication findings are inconc.
    void check_secret(const RecordedMessage& recorded) {
        const wire::PortDecoding& d = recorded.message.decoded();
        std::string name;
        if (const auto* chap = d.packet<wire::ChapPacket>(); chap && chap->code == static_cast<std::uint8_t>(wire::ChapCode::Response))
            name.assign(chap->name.begin(), chap->name.end());
        else if (const auto* pap = d.packet<wire::PapPacket>(); pap && pap->code == 1)
            name.assign(pap->peer_id.begin(), pap->peer_id.end());
        else
            return;
        const auto it = pixit.secrets.find(name);
        if (it == pixit.secrets.end() || it->second.empty())
            taint(recorded.message, "the PIXIT gives no secret for " + name + " (" + recorded.where + ")");
    }

    std::size_t add_entry(TimelineEntry entry) {
        result.timeline.push_back(std::move(entry));
        return result.timeline.size() - 1;
    }

    // Findings of one judgement: those judged on `incomplete` input or tainted are inconc.
    void record(const model::Judgement& judgement, std::optional<std::size_t> entry, const std::string& where,
                Millis at, const std::string& incomplete) {
        for (const model::Violation& v : judgement.violations) {
            CheckFinding f;
            f.requirements = v.requirements;
            f.explanation = v.explanation;
            f.at = v.at;
            f.entry = entry;
            const bool on_this = v.at >= at;
            f.where = on_this ? where : "by " + seconds_text(v.at) + ", seen at " + where;
            if (on_this && !incomplete.empty())
                f.inconclusive = where + " is printed in part (" + incomplete + ")";
            else
                f.inconclusive = tainted(v.requirements);
            result.findings.push_back(std::move(f));
            if (entry) result.timeline[*entry].findings.push_back(result.findings.size() - 1);
        }
    }

    void note_unproven(const model::CoverageCounts& rows_before, const RecordedMessage& recorded) {
        const auto families = families_of(recorded.message);
        for (const std::string& id : fired_requirements(oracle.coverage_counts(), rows_before)) {
            const bool read_unknown = !recorded.incomplete.empty() &&
                                      std::find(families.begin(), families.end(), family_of(id)) != families.end();
            std::string why = read_unknown ? "judged on " + recorded.where + ", printed in part (" + recorded.incomplete + ")"
                                           : tainted({id});
            if (!why.empty()) unproven.emplace(id, std::move(why));
        }
    }

    void note_delays(Millis now) {
        for (const model::Obligation& o : oracle.owed())
            if (o.not_before > now) delayed.insert(o.requirements.begin(), o.requirements.end());
    }
};

RecordingJudge::RecordingJudge(CheckSetup setup) : impl_(std::make_unique<Impl>(std::move(setup))) {}
RecordingJudge::~RecordingJudge() = default;

void RecordingJudge::judge(RecordedMessage recorded) {
    Impl& m = *impl_;
    m.complete_authentication(recorded);
    const wire::PortMessage& message = recorded.message;
    const bool to_sut = message.to_sut();
    const char* other = message.d_channel() ? "network" : "peer";
    TimelineEntry entry;
    entry.where = recorded.where;
    entry.stamp = recorded.stamp;
    entry.at = message.at;
    entry.arrow = to_sut ? std::string(other) + " -> SUT" : std::string("SUT -> ") + other;
    if (message.kind() == wire::PortKind::Call) entry.arrow = to_sut ? "by the far end" : "by the SUT";
    entry.text = recorded.text;
    const std::size_t index = m.add_entry(std::move(entry));
    ++m.result.messages;
    if (!recorded.incomplete.empty()) ++m.result.incomplete;

    // A new link on the channel (or a new call) starts from packets the recording shows whole.
    if (message.b_frame() && is_lcp_configure_request(message)) {
        const std::string phase = m.oracle.phase(message.channel);
        if (phase == "Dead" || phase == "Establish") m.forget_taints(message.channel);
    }
    if (is_setup(message) && recorded.incomplete.empty()) m.forget_taints(0);
    m.check_secret(recorded);

    const bool doubtful = !recorded.incomplete.empty() || !m.taints.empty();
    model::CoverageCounts rows_before;
    if (doubtful) rows_before = m.oracle.coverage_counts();
    const model::Judgement judgement = m.crossing.on_event(m.oracle, message);
    m.record(judgement, index, recorded.where, message.at, recorded.incomplete);
    // What the oracle made of a call line it could not fully judge (a number not shown, a user
    // taken from the PIXIT) belongs beside the verdicts.
    if (message.kind() == wire::PortKind::Call)
        for (const auto& note : judgement.notes) m.result.notes.push_back(recorded.where + ": " + note);
    if (doubtful) m.note_unproven(rows_before, recorded);
    if (!recorded.incomplete.empty())
        m.taint(message, "judged after " + recorded.where + ", printed in part (" + recorded.incomplete + ")");
    m.note_delays(message.at);
}

void RecordingJudge::show(TimelineEntry entry) {
    impl_->add_entry(std::move(entry));
    ++impl_->result.unjudged;
}

void RecordingJudge::note(std::string text) { impl_->result.notes.push_back(std::move(text)); }

void RecordingJudge::distrust(const std::string& family, std::string reason) {
    impl_->taints.emplace(family, Impl::Taint{-1, std::move(reason)});
}

void RecordingJudge::distrust_unshown(const std::set<std::uint16_t>& protocols, bool q931, bool lan) {
    // A call is placed for interesting traffic (DDR-01), the idle timers run on it (DDR-03/04) and
    // it is held while dialling (DDR-07): only the LAN side shows that traffic. The number dialled
    // (DDR-02) and the enable-timeout (DDR-06) need the calls alone.
    if (!lan)
        for (const char* id : {"DDR-01", "DDR-03", "DDR-04", "DDR-07"})
            distrust(id, "the recording shows no datagram at the SUT's LAN side, where the dialer's causes arrive");
    struct Logged {
        const char* what;
        std::vector<std::uint16_t> protocols;
        bool q931;
        std::vector<const char*> families;  // and single requirements of other families
    };
    static const Logged kLogged[] = {
        // The Callback option itself (CB-01/02/04/05/06/08, CCB-01/02/08, AMB-05), the teardown's
        // LCP part (AMB-02), no NCP on the first call (SEQ-01): call lines say that callback was
        // agreed, not how. That the call is then dropped (CB-03) they show.
        {"LCP or IPCP packet (debug ppp negotiation)", {wire::proto::kLcp, wire::proto::kIpcp}, false,
         {"LCP", "FSM", "PH", "IPCP", "CB-01", "CB-02", "CB-04", "CB-05", "CB-06", "CB-08", "SEQ-01", "CCB-01",
          "CCB-02", "CCB-08", "AMB-02", "AMB-05"}},
        {"PAP or CHAP packet (debug ppp authentication)", {wire::proto::kPap, wire::proto::kChap}, false, {"PAP", "CHAP", "AUTH"}},
        {"CBCP packet (debug ppp cbcp)", {wire::proto::kCbcp}, false, {"CBCP"}},
        {"Q.931 message (debug isdn q931)", {}, true, {"ISDN"}},
    };
    for (const Logged& kind : kLogged) {
        const bool shown = (kind.q931 && q931) || std::any_of(kind.protocols.begin(), kind.protocols.end(),
                                                               [&](std::uint16_t p) { return protocols.count(p) > 0; });
        if (shown) continue;
        for (const char* family : kind.families)
            distrust(family, std::string("the recording shows no ") + kind.what + ": there the SUT's silence is no evidence");
    }
}

CheckResult RecordingJudge::finish(Millis end) {
    Impl& m = *impl_;
    m.record(m.crossing.advance_to(m.oracle, end), std::nullopt, "end of recording", end, "");
    for (const model::Obligation& o : m.oracle.owed()) {
        CheckFinding f;
        f.requirements = o.requirements;
        f.explanation = "the SUT owed " + o.what + " by " + seconds_text(o.deadline);
        f.where = "end of recording";
        f.at = end;
        f.inconclusive = "the recording ends at " + seconds_text(end) + ", before it was due";
        m.result.findings.push_back(std::move(f));
    }
    if (!m.setup.stamp_resolution) {
        for (const auto& id : m.delayed) {
            CheckFinding f;
            f.requirements = {id};
            f.explanation = "a delay the SUT must keep";
            f.where = "whole recording";
            f.at = end;
            f.inconclusive = "the recording has no time stamps: delays and deadlines are not judged";
            m.result.findings.push_back(std::move(f));
        }
    }

    std::map<std::string, RequirementResult> by_id;
    // Rows taken before the first message (a line taken as up) are no evidence of the recording's.
    for (const auto& [id, hits] : model::RouterSpec::coverage_of(difference(m.oracle.coverage_counts(), m.before)).requirements()) {
        if (hits == 0) continue;
        RequirementResult& r = by_id[id];
        r.id = id;
        r.exercised = hits;
    }
    for (std::size_t i = 0; i < m.result.findings.size(); ++i) {
        const CheckFinding& f = m.result.findings[i];
        for (const auto& id : f.requirements) {
            RequirementResult& r = by_id[id];
            r.id = id;
            r.findings.push_back(i);
            const RequirementVerdict verdict = f.inconclusive.empty() ? RequirementVerdict::Fail : RequirementVerdict::Inconc;
            if (verdict == RequirementVerdict::Fail && r.verdict != RequirementVerdict::Fail) {
                r.verdict = verdict;
                r.reason = f.where + ": " + f.explanation;
            } else if (verdict == RequirementVerdict::Inconc && r.verdict == RequirementVerdict::Pass) {
                r.verdict = verdict;
                r.reason = f.inconclusive;
            }
        }
    }
    for (const auto& [id, why] : m.unproven) {
        RequirementResult& r = by_id[id];
        r.id = id;
        if (r.verdict == RequirementVerdict::Pass) {
            r.verdict = RequirementVerdict::Inconc;
            r.reason = why;
        }
    }
    for (auto& [id, r] : by_id) m.result.requirements.push_back(std::move(r));
    std::stable_sort(m.result.requirements.begin(), m.result.requirements.end(),
                     [](const RequirementResult& a, const RequirementResult& b) {
                         return catalog_position(a.id) < catalog_position(b.id);
                     });

    if (m.result.unjudged > 0)
        m.result.notes.push_back("lines that carry no packet, Q.931 message or call event (dial causes, callback records, "
                                 "line protocol, `show dialer` blocks, whose timers are compared with the profile's) are "
                                 "shown on the timeline, not judged");
    if (!m.setup.call_control)
        m.result.notes.push_back("no Q.931 and no call lines in the recording: B1 is judged as a line that is up from the start");
    if (!m.setup.stamp_resolution)
        m.result.notes.push_back("no time stamps: timers are not judged");
    else if (*m.setup.stamp_resolution >= Millis{1000})
        m.result.notes.push_back("stamps of " + seconds_text(*m.setup.stamp_resolution) +
                                 ": every timer tolerance is widened by as much");
    for (const auto& note : m.crossing.notes()) m.result.notes.push_back(note);
    return std::move(m.result);
}

namespace {

std::optional<model::Role> role_of_packet(const wire::PppPayload& payload, bool sut_sent) {
    const model::Role sender_client = sut_sent ? model::Role::Client : model::Role::Server;
    const model::Role sender_server = sut_sent ? model::Role::Server : model::Role::Client;
    if (const auto* lcp = std::get_if<wire::LcpPacket>(&payload)) {
        // RFC 1570 section 2.3: the Callback option is sent by the peer that wants to be called back.
        // Not op 6 alone: Windows clients and RRAS servers both send it to say they can run CBCP
        // (SPEC section 17 on CB-02); the CBCP exchange that follows tells the roles.
        if (lcp->code != static_cast<std::uint8_t>(wire::LcpCode::ConfReq)) return std::nullopt;
        for (const auto& option : lcp->options)
            if (const auto* cb = std::get_if<wire::Callback>(&option);
                cb && cb->operation != static_cast<std::uint8_t>(wire::CallbackOp::Cbcp))
                return sender_client;
    } else if (const auto* cbcp = std::get_if<wire::CbcpPacket>(&payload)) {
        // MS-CBCP section 2.3: the server sends the Callback Request, the client the Response.
        if (cbcp->code == static_cast<std::uint8_t>(wire::CbcpCode::Request)) return sender_server;
        if (cbcp->code == static_cast<std::uint8_t>(wire::CbcpCode::Response)) return sender_client;
    }
    return std::nullopt;
}

std::optional<model::Role> role_of_event(const rec::CallEvent& event, bool sut_recorded) {
    const model::Role recorder_client = sut_recorded ? model::Role::Client : model::Role::Server;
    const model::Role recorder_server = sut_recorded ? model::Role::Server : model::Role::Client;
    switch (event.kind) {
        case rec::CallEventKind::DialAttempt:
        case rec::CallEventKind::CallbackNegotiated:
        case rec::CallEventKind::CallbackClientCreated:
        case rec::CallEventKind::CallbackPending: return recorder_client;
        case rec::CallEventKind::CallbackStarting:
        case rec::CallEventKind::CallbackNotConfigured: return recorder_server;
        default: return std::nullopt;
    }
}

}  // namespace

std::optional<RoleEvidence> infer_role(const std::vector<rec::Record>& records, SutSide sut) {
    const bool sut_recorded = sut == SutSide::Recorder;
    for (const rec::Record& r : records) {
        const std::string where = r.source.file + " line " + std::to_string(r.source.line);
        const bool sut_sent = (r.side == rec::Side::Recorder) == sut_recorded;
        std::optional<model::Role> role;
        std::string what;
        if (const auto* packet = std::get_if<rec::RebuiltPacket>(&r.body); packet && r.side != rec::Side::None) {
            if (const auto payload = rec::decode_complete(*packet)) role = role_of_packet(*payload, sut_sent);
            what = std::string(sut_sent ? "the SUT sends " : "the SUT receives ") +
                   (packet->protocol == wire::proto::kCbcp ? "a CBCP packet" : "the Callback option");
        } else if (const auto* q931 = std::get_if<rec::Q931Record>(&r.body); q931 && r.side != rec::Side::None) {
            if (q931->message.type == static_cast<std::uint8_t>(wire::Q931Type::Setup)) {
                role = sut_sent ? model::Role::Client : model::Role::Server;
                what = sut_sent ? "the SUT places the first call" : "the SUT receives the first call";
            }
        } else if (const auto* event = std::get_if<rec::CallEvent>(&r.body)) {
            role = role_of_event(*event, sut_recorded);
            what = std::string(sut_recorded ? "the SUT logs " : "the SUT's peer logs ") + rec::call_event_name(event->kind);
        }
        if (role) return RoleEvidence{*role, where + ": " + what};
    }
    return std::nullopt;
}

std::optional<RoleEvidence> infer_role(const std::vector<RecordedMessage>& messages) {
    for (const RecordedMessage& m : messages) {
        const bool sut_sent = !m.message.to_sut();
        const wire::PortDecoding& d = m.message.decoded();
        if (is_setup(m.message))
            return RoleEvidence{sut_sent ? model::Role::Client : model::Role::Server,
                                m.where + (sut_sent ? ": the SUT places the first call" : ": the SUT receives the first call")};
        if (d.intact && d.payload && *d.payload)
            if (const auto role = role_of_packet(d.payload->value(), sut_sent))
                return RoleEvidence{*role, m.where + (sut_sent ? ": the SUT sends " : ": the SUT receives ") +
                                               (d.protocol() == wire::proto::kCbcp ? "a CBCP packet" : "the Callback option")};
    }
    return std::nullopt;
}

std::optional<Millis> coarsest_stamp(const std::vector<rec::Record>& records) {
    std::optional<Millis> coarsest;
    for (const rec::Record& r : records)
        if (r.time) coarsest = std::max(coarsest.value_or(Millis{0}), Millis{r.time->resolution_ms});
    return coarsest;
}

namespace {
bool shows_q931(const std::vector<rec::Record>& records) {
    return std::any_of(records.begin(), records.end(),
                       [](const rec::Record& r) { return std::holds_alternative<rec::Q931Record>(r.body); });
}
}  // namespace

bool has_call_control(const std::vector<rec::Record>& records) {
    return shows_q931(records) || !recorded_calls(records, SutSide::Recorder).empty();
}

namespace {

// The authentication packet of a message whose answer decides what its unknown part was: a CHAP
// Response printed without its Value, a PAP Authenticate-Request whose password a capture redacted.
// Returns the protocol and the codes of its accepting and refusing answers.
struct Awaited {
    std::uint16_t protocol = 0;
    std::uint8_t identifier = 0;
    std::uint8_t accept = 0, refuse = 0;
};
std::optional<Awaited> awaiting_answer(RecordedMessage& m) {
    const wire::PortDecoding& d = m.message.decoded();
    if (const auto* chap = d.packet<wire::ChapPacket>();
        chap != nullptr && chap->code == static_cast<std::uint8_t>(wire::ChapCode::Response) && !m.incomplete.empty())
        return Awaited{wire::proto::kChap, chap->identifier, static_cast<std::uint8_t>(wire::ChapCode::Success),
                       static_cast<std::uint8_t>(wire::ChapCode::Failure)};
    if (const auto* pap = d.packet<wire::PapPacket>();
        pap != nullptr && pap->code == static_cast<std::uint8_t>(wire::PapCode::AuthReq) &&
        std::string(pap->password.begin(), pap->password.end()) == reports::kRedacted) {
        if (m.incomplete.empty()) m.incomplete = "the password is redacted";
        return Awaited{wire::proto::kPap, pap->identifier, static_cast<std::uint8_t>(wire::PapCode::AuthAck),
                       static_cast<std::uint8_t>(wire::PapCode::AuthNak)};
    }
    return std::nullopt;
}

}  // namespace

void resolve_answers(std::vector<RecordedMessage>& messages) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto awaited = awaiting_answer(messages[i]);
        if (!awaited) continue;
        const wire::PortMessage& asked = messages[i].message;
        for (std::size_t j = i + 1; j < messages.size(); ++j) {
            const wire::PortMessage& m = messages[j].message;
            if (!m.b_frame() || m.channel != asked.channel || m.direction == asked.direction) continue;
            const wire::PortDecoding& d = m.decoded();
            if (!d.intact || !d.payload || !*d.payload || d.protocol() != awaited->protocol) continue;
            const auto& octets = d.ppp->value().information;  // Code, Identifier: RFC 1994 / 1334 headers
            if (octets.size() < 2 || octets[1] != awaited->identifier) continue;
            if (octets[0] == awaited->accept || octets[0] == awaited->refuse) {
                messages[i].accepted = octets[0] == awaited->accept;
                break;
            }
        }
    }
}

namespace {

// `show dialer` (OBS-08) prints the dialer timers a router runs with. The timer rules (DDR-03..06)
// are judged with the profile's values: where the SUT's own block shows another value, that
// rule's findings cannot be trusted, for the whole recording (a configuration holds throughout).
// A block is the SUT's when the prompt before it names the SUT (`R1#show dialer`), or names no
// router and the SUT wrote the file. Its dial-string counters count since the router started:
// they say nothing about this recording and are only shown.
void observe_dialer_shows(const std::vector<rec::Record>& records, const CheckSetup& setup, SutSide sut, RecordingJudge& judge) {
    if (!setup.profile.dialer.enabled) return;
    const std::string& sut_name = setup.role == model::Role::Client ? setup.parameters.client.name : setup.parameters.server.name;
    std::string owner;  // the router the last prompt named
    for (const rec::Record& r : records) {
        if (const auto* note = std::get_if<rec::Note>(&r.body)) {
            const std::size_t mark = note->message.find_first_of("#>");
            if (mark != std::string::npos) owner = note->message.substr(0, mark);
            continue;
        }
        const auto* show = std::get_if<rec::DialerShow>(&r.body);
        if (show == nullptr) continue;
        const bool timers = show->idle_timer_s || show->fast_idle_s || show->wait_for_carrier_s || show->re_enable_s;
        if (!timers) continue;
        const std::string where = r.source.file + " line " + std::to_string(r.source.line);
        const bool sut_owned = owner.empty() ? sut == SutSide::Recorder : owner == sut_name;
        if (!sut_owned) {
            judge.note(where + ": `show dialer` of " + (owner.empty() ? std::string("the SUT's peer") : owner) +
                       ", not the SUT (" + sut_name + "): its timers are shown only");
            continue;
        }
        struct Timer {
            const std::optional<std::int64_t>& shown;
            Millis claimed;
            const char* label;
            const char* requirement;
        };
        const model::Profile::Dialer& d = setup.profile.dialer;
        std::string agreed;
        for (const Timer& t : {Timer{show->idle_timer_s, d.idle_timeout, "idle timer", "DDR-03"},
                               Timer{show->fast_idle_s, d.fast_idle, "fast idle timer", "DDR-04"},
                               Timer{show->wait_for_carrier_s, d.wait_for_carrier, "wait for carrier", "DDR-05"},
                               Timer{show->re_enable_s, d.enable_timeout, "re-enable", "DDR-06"}}) {
            if (!t.shown) continue;
            const std::string value = std::to_string(*t.shown) + " s";
            if (Millis{*t.shown * 1000} == t.claimed) {
                agreed += (agreed.empty() ? "" : ", ") + std::string(t.label) + " " + value;
                continue;
            }
            const std::string why = "the SUT's `show dialer` (" + where + ") gives " + t.label + " " + value + ", the profile " +
                                    setup.profile.name + " claims " + std::to_string(t.claimed.count() / 1000) +
                                    " s: judged with the profile's value";
            judge.distrust(t.requirement, why);
            judge.note(why + ", " + t.requirement + " is inconc (a profile with the SUT's value judges it)");
        }
        if (!agreed.empty())
            judge.note(where + ": the SUT's `show dialer` agrees with the profile " + setup.profile.name + " on " + agreed);
    }
}

}  // namespace

CheckResult check_records(const std::vector<rec::Record>& records, const CheckSetup& setup, SutSide sut) {
    RecordingJudge judge(setup);
    judge.distrust("FR", "a text recording shows packets, not their frames (no FCS, no Address and Control)");
    observe_dialer_shows(records, setup, sut, judge);
    std::set<std::uint16_t> protocols;
    for (const rec::Record& r : records)
        if (const auto* packet = std::get_if<rec::RebuiltPacket>(&r.body)) protocols.insert(packet->protocol);
    const bool q931 = shows_q931(records);
    judge.distrust_unshown(protocols, q931, false);
    // Without Q.931 the call lines are the call control; with it, they would count each call twice.
    std::vector<RecordedCall> calls;
    if (!q931) calls = recorded_calls(records, sut);
    std::size_t next_call = 0;
    const bool unnumbered_dial = std::any_of(calls.begin(), calls.end(), [](const RecordedCall& c) {
        return c.event.kind == wire::CallEventKind::Offered && c.direction == wire::Direction::FromSut && c.event.number.empty();
    });
    if (unnumbered_dial)  // the number the SUT dialled (DDR-02, the return call's: CCB-03)
        for (const char* id : {"DDR-02", "CCB-03"})
            judge.distrust(id, "the recording does not show the number the SUT dialled (its peer's log)");
    FrameDecoder decoder(DecodeOptions{});
    std::vector<FrameLine> lines;
    std::optional<std::int64_t> zero;  // the first stamp
    Millis at{0};
    // Messages to judge and lines to show, in the recording's order (answers are looked up ahead).
    std::vector<RecordedMessage> messages;
    std::vector<TimelineEntry> shown;
    std::vector<std::pair<bool, std::size_t>> order;  // (a message?, index)
    for (const rec::Record& r : records) {
        if (r.time) {
            if (!zero) zero = r.time->ms;
            at = std::max(at, Millis{r.time->ms - *zero});  // merged files never step back
        }
        lines.clear();
        decoder.decode_record(r, lines);
        std::string text;
        for (const FrameLine& line : lines) text += (text.empty() ? "" : "; ") + (line.error.empty() ? line.description : line.error);
        const std::string where = r.source.file + " line " + std::to_string(r.source.line);
        const std::string stamp = r.time ? stamp_text(*r.time) : "";
        const auto* packet = std::get_if<rec::RebuiltPacket>(&r.body);
        const auto* q931_record = std::get_if<rec::Q931Record>(&r.body);
        const std::size_t index = static_cast<std::size_t>(&r - records.data());
        if (next_call < calls.size() && calls[next_call].record == index) {
            for (; next_call < calls.size() && calls[next_call].record == index; ++next_call) {
                const RecordedCall& call = calls[next_call];
                const auto encoded = wire::encode_call_event(call.event);
                if (!encoded) continue;  // bounded by the readers' own limits: never reached
                RecordedMessage recorded;
                recorded.where = where;
                recorded.stamp = stamp;
                recorded.text = text + " = " + wire::describe(call.event);
                recorded.message = wire::PortMessage::call(at, call.direction, call.channel, encoded.value());
                order.emplace_back(true, messages.size());
                messages.push_back(std::move(recorded));
            }
            continue;
        }
        if ((packet == nullptr && q931_record == nullptr) || r.side == rec::Side::None) {
            TimelineEntry entry;
            entry.where = where;
            entry.stamp = stamp;
            entry.at = at;
            entry.text = text;
            order.emplace_back(false, shown.size());
            shown.push_back(std::move(entry));
            continue;
        }
        const auto direction =
            (r.side == rec::Side::Recorder) == (sut == SutSide::Recorder) ? wire::Direction::FromSut : wire::Direction::ToSut;
        RecordedMessage recorded;
        recorded.where = where;
        recorded.stamp = stamp;
        recorded.text = text;
        if (packet != nullptr) {
            const int channel = r.channel == 0 ? 1 : r.channel;
            recorded.message = wire::PortMessage::b_frame(at, direction, channel,
                                                          wire::sync_encode(wire::encode_ppp(packet->protocol, packet->octets)));
            recorded.incomplete = missing_part(*packet);
        } else {
            recorded.message = wire::PortMessage::q931(at, direction, q931_record->octets);
            if (!q931_record->complete())
                recorded.incomplete = std::to_string(q931_record->unrebuilt.size()) + " IE line(s) not rebuilt";
        }
        order.emplace_back(true, messages.size());
        messages.push_back(std::move(recorded));
    }
    resolve_answers(messages);
    for (const auto& [is_message, index] : order) {
        if (is_message) {
            judge.judge(std::move(messages[index]));
        } else {
            judge.show(std::move(shown[index]));
        }
    }
    return judge.finish(at);
}

std::optional<RecordedMessage> captured_message(int linktype, const wire::Bytes& data, Millis at, SutSide sut,
                                                std::string& skipped, std::optional<bool> recorder_sent, int channel) {
    namespace lt = adapters::linktype;
    RecordedMessage recorded;
    const auto direction_of = [&](bool by_recorder) {
        return by_recorder == (sut == SutSide::Recorder) ? wire::Direction::FromSut : wire::Direction::ToSut;
    };
    const bool ppp = linktype == lt::kPpp || linktype == lt::kPppSerial;
    const bool ipv4 = linktype == lt::kIpv4 || linktype == lt::kRaw;
    if ((ppp || ipv4) && !recorder_sent) {
        skipped = "link type " + std::to_string(linktype) + " carries no direction";
        return std::nullopt;
    }
    switch (linktype) {
        case lt::kPpp:  // no FCS in the capture: judged as sent with a good one
            recorded.message = wire::PortMessage::b_frame(at, direction_of(*recorder_sent), channel, wire::sync_encode(data));
            break;
        case lt::kPppSerial:
            recorded.message = wire::PortMessage::b_frame(at, direction_of(*recorder_sent), channel, data);
            break;
        case lt::kIpv4:
        case lt::kRaw:
            // The LAN side is the SUT's own: the recorder there is the SUT, whichever end --sut names.
            recorded.message = wire::PortMessage::ipv4(at, *recorder_sent ? wire::Direction::FromSut : wire::Direction::ToSut, data);
            break;
        case lt::kPppWithDir: {
            if (data.size() < 2) {
                skipped = "shorter than its direction octet and a header";
                return std::nullopt;
            }
            // PEERS.md section 3: 1 = sent by the capturing side (the recorder), 0 = received.
            // The capture holds no FCS: the frame is judged as sent with a good one.
            recorded.message = wire::PortMessage::b_frame(at, direction_of(data[0] != 0), channel,
                                                          wire::sync_encode(wire::Bytes(data.begin() + 1, data.end())));
            break;
        }
        case lt::kLapd:
        case lt::kLinuxLapd: {
            const std::size_t start = linktype == lt::kLinuxLapd ? 16 : 0;  // the sll-style pseudo header
            if (data.size() < start + 3) {
                skipped = "shorter than a LAPD header";
                return std::nullopt;
            }
            const std::uint8_t address = data[start];
            const std::uint8_t control = data[start + 2];
            // Q.921 section 3.4: an I frame has a two-octet control field with bit 1 = 0; UI is 0x03.
            std::size_t header = 0;
            if ((control & 0x01) == 0) header = 4;
            else if ((control & 0xEF) == 0x03) header = 3;
            if (header == 0 || data.size() <= start + header) {
                skipped = "a LAPD frame without a layer 3 message";
                return std::nullopt;
            }
            // Q.921 section 3.3.2: C/R = 0 on commands from the user side (the SUT's TE).
            const bool from_user = (address & 0x02) == 0;
            recorded.message = wire::PortMessage::q931(at, from_user ? wire::Direction::FromSut : wire::Direction::ToSut,
                                                       wire::Bytes(data.begin() + static_cast<std::ptrdiff_t>(start + header), data.end()));
            break;
        }
        default:
            skipped = "link type " + std::to_string(linktype) + " carries no direction";
            return std::nullopt;
    }
    const wire::PortMessage& m = recorded.message;
    if (m.kind() == wire::PortKind::Ipv4) {
        const auto& packet = m.decoded().ipv4;
        if (packet && *packet) recorded.text = "LAN: " + wire::describe(packet->value());
        else recorded.text = "LAN: IPv4, malformed" + (packet ? ": " + packet->error().to_string() : std::string());
    } else if (m.d_channel()) {
        const auto& q931 = m.decoded().q931;
        if (q931 && *q931) recorded.text = wire::describe(q931->value());
        else recorded.text = "Q.931, malformed" + (q931 ? ": " + q931->error().to_string() : std::string());
    } else {
        const auto frame = m.decoded().frame();
        recorded.text = frame ? wire::describe(frame.value()) : "malformed frame: " + frame.error().to_string();
    }
    return recorded;
}

namespace {
// "FAIL CHAP-03: expected ..." or "inconc CHAP-03: expected ... (why)", one line.
std::string finding_text(const CheckFinding& f) {
    std::string ids;
    for (const auto& id : f.requirements) ids += (ids.empty() ? "" : ",") + id;
    std::string out = std::string(f.inconclusive.empty() ? "FAIL " : "inconc ") + ids + ": " + f.explanation;
    if (!f.inconclusive.empty()) out += " (" + f.inconclusive + ")";
    return out + '\n';
}
}  // namespace

std::string render_check(const CheckResult& result) {
    std::string out = "Timeline:\n";
    for (const TimelineEntry& e : result.timeline) {
        char head[64];
        std::snprintf(head, sizeof head, "  %10s  ", seconds_text(e.at).c_str());
        // The recording's own time beside the time from its start, as the file printed it.
        out += head + (e.stamp.empty() ? std::string() : "[" + e.stamp + "]  ") + e.where + "  " + (e.arrow.empty() ? std::string() : e.arrow + "  ") + e.text + '\n';
        for (const std::size_t i : e.findings) out += "      " + finding_text(result.findings[i]);
    }
    bool heading = false;
    for (const CheckFinding& f : result.findings) {
        if (f.entry) continue;
        if (!heading) out += "At the end of the recording:\n";
        heading = true;
        out += "  " + finding_text(f);
    }
    out += "Requirements:\n";
    for (const RequirementResult& r : result.requirements) {
        char head[32];
        std::snprintf(head, sizeof head, "  %-6s  %-8s", verdict_name(r.verdict), r.id.c_str());
        out += head;
        if (!r.reason.empty()) out += "  " + r.reason;
        out += '\n';
    }
    for (const auto& note : result.notes) out += "note: " + note + '\n';
    return out;
}

}  // namespace ppp::suites
