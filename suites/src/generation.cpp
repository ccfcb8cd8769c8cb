// Generation from the model's state (issue #15 item 3): what each intent's stimulus is in the
// oracle's vocabulary, and the weights of a purpose's intents in the oracle's current state.
#include "ppp/suites/generation.hpp"

#include <algorithm>
#include <set>

namespace ppp::suites {
namespace {

using Needs = IntentReach::Needs;

// The machines' coverage names (RouterSpec::row_shapes).
constexpr std::string_view kLcp = "lcp";
constexpr std::string_view kQ931 = "q931";
constexpr std::string_view kCallback = "callback";
constexpr std::string_view kDialer = "dialer";
constexpr std::string_view kAuthr = "auth (SUT authenticates)";
constexpr std::string_view kAuthee = "auth (SUT authenticated)";
constexpr std::string_view kRules = "rules";

// The stimulus of each intent (DESIGN.md section 4's intents; RFC 1661 section 4.1's events for
// LCP, Q.931's messages and timers, the coordinator's and dialer's events, rule rows by SPEC ID).
// An intent armed for a later frame or call names the events that frame or call may bring.
IntentReach reach_of(IntentKind kind) {
    using K = IntentKind;
    switch (kind) {
        // Armed: the peer's next negotiation (RFC 1570: option 13 Nak'd, proposed; a looped magic).
        case K::PeerNaksCallback: return {Needs::None, {{kLcp, "RCN"}, {kRules, "CB-02"}, {kRules, "AMB-03"}}};
        case K::PeerRefusesSut:
            return {Needs::None, {{kAuthee, "Failure received"}, {kAuthee, "Authenticate-Nak received"}, {kRules, "CHAP-04"}, {kRules, "PAP-03"}}};
        case K::PeerNaksChap: return {Needs::None, {{kLcp, "RCN"}, {kAuthr, "tlu, PAP agreed"}, {kRules, "PAP-04"}}};
        case K::PeerNaksAuth: return {Needs::None, {{kLcp, "RCN"}, {kAuthr, "tlu, PAP agreed"}, {kRules, "LCP-15"}}};
        case K::PeerRejectsSutOption: return {Needs::None, {{kLcp, "RCN"}, {kRules, "LCP-12"}, {kRules, "AMB-16"}}};
        case K::PeerRequestsMagicZero: return {Needs::None, {{kLcp, "RCR-"}, {kRules, "LCP-16"}}};
        case K::PeerProposesOp: return {Needs::None, {{kLcp, "RCR+"}, {kLcp, "RCR-"}, {kRules, "CCB-08"}}};
        case K::PeerLoopsMagic: return {Needs::None, {{kLcp, "RCR-"}, {kRules, "LCP-09"}}};
        case K::PeerStaysLooped: return {Needs::None, {{kLcp, "RCR-"}, {kRules, "LCP-16"}, {kRules, "FSM-03"}}};
        case K::PeerAsksAddress: return {Needs::None, {{kRules, "IP-07"}}};
        case K::PeerAltersIpcpAck: return {Needs::None, {{kRules, "IP-08"}}};
        case K::ShowDialer: return {Needs::None, {{kRules, "AMB-46"}}};
        case K::UnknownOption: return {Needs::None, {{kLcp, "RCR-"}, {kRules, "LCP-07"}}};
        case K::PeerRepeatsUnknownOption:
            return {Needs::None, {{kLcp, "RCR-"}, {kRules, "LCP-07"}, {kRules, "FSM-03"}}};
        case K::PeerRefusesCbcp:
        case K::PeerGarblesCbcp:
            return {Needs::None, {{kCallback, "CBCP no callback"}, {kRules, "CBCP-01"}, {kRules, "CBCP-03"},
                                  {kRules, "CBCP-04"}}};
        case K::PeerMisnumbersChapResult:
            return {Needs::None, {{kAuthee, "Success received"}, {kAuthee, "Failure received"}, {kRules, "CHAP-04"}}};
        // Immediate: a frame forged toward the SUT now.
        case K::PeerTerminates: return {Needs::Link, {{kLcp, "RTR"}}};
        case K::SendCodeReject:
        case K::SendProtocolReject: return {Needs::Link, {{kLcp, "RXJ+"}, {kRules, "LCP-11"}}};
        case K::SendFatalCodeReject: return {Needs::Link, {{kLcp, "RXJ-"}, {kRules, "LCP-10"}}};
        case K::SendCodeRejectOf: return {Needs::Link, {{kLcp, "RXJ+"}, {kLcp, "RXJ-"}, {kRules, "LCP-10"}}};
        case K::SendTerminateAck: return {Needs::Link, {{kLcp, "RTA"}, {kRules, "LCP-09"}}};
        case K::SendConfigureNak: return {Needs::Link, {{kLcp, "RCN"}}};
        case K::SendEchoRequest: return {Needs::Link, {{kLcp, "RXR"}, {kRules, "LCP-12"}}};
        case K::UnknownCode: return {Needs::Link, {{kLcp, "RUC"}, {kRules, "LCP-10"}}};
        case K::Renegotiate:
            return {Needs::Link, {{kLcp, "RCR+"}, {kLcp, "RCR-"}, {kCallback, "renegotiated without callback"},
                                  {kCallback, "renegotiated with callback"}}};
        case K::SendCbcpRequest: return {Needs::Link, {{kRules, "CBCP-02"}}};
        case K::UnknownProtocol: return {Needs::Link, {{kRules, "LCP-11"}, {kRules, "PH-03"}}};
        case K::InvalidProtocol: return {Needs::Link, {{kRules, "FR-11"}}};
        case K::SendIpcp: return {Needs::Link, {{kRules, "IP-09"}}};
        case K::SendProtocol: return {Needs::Link, {{kRules, "LCP-11"}, {kRules, "PH-03"}, {kRules, "FR-11"}}};
        case K::PeerPingsSut: return {Needs::Link, {}};
        // Faults on the next frame toward the SUT: the SUT's restart timer (RFC 1661 section 4.6),
        // or a frame arriving in a later state (a duplicate, a late or reordered one).
        case K::BadFcs:
        case K::BadControl:
        case K::Truncated:
        case K::BadLength: return {Needs::None, {{kLcp, "TO+"}, {kRules, "FR-04"}, {kRules, "LCP-02"}}};
        case K::DropNext: return {Needs::None, {{kLcp, "TO+"}, {kLcp, "TO-"}}};
        case K::DuplicateNext:
        case K::DelayNext:
        case K::ReorderNext:
            return {Needs::None, {{kLcp, "TO+"}, {kLcp, "RCA"}, {kLcp, "RCN"}, {kLcp, "RCR+"}, {kLcp, "RCR-"}, {kLcp, "RTA"},
                                  {kRules, "SEQ-01"}, {kRules, "SEQ-02"}}};
        // The network: the next call fails, is slow or gets B2; the line drops now; a STATUS ENQUIRY.
        case K::NetBusy:
        case K::NetNoAnswer:
        case K::NetNoChannel:
            return {Needs::None, {{kQ931, "DISCONNECT in"}, {kQ931, "RELEASE in"}, {kQ931, "RELEASE COMPLETE in"},
                                  {kDialer, "call failed"}, {kCallback, "return call failed"},
                                  {kCallback, "return call failed, retry"}, {kRules, "CCB-06"}}};
        case K::NetNoResponse:
            return {Needs::None, {{kQ931, "T303 expiry"}, {kDialer, "call failed"}, {kCallback, "return call failed"},
                                  {kCallback, "return call failed, retry"}}};
        case K::NetSlowConnect: return {Needs::None, {{kQ931, "T310 expiry"}, {kQ931, "CONNECT in"}, {kCallback, "callback expired"}}};
        case K::NetWithholdsCallingNumber: return {Needs::None, {{kQ931, "SETUP in"}, {kCallback, "incoming call answered"}}};
        case K::NetAssignsB2: return {Needs::None, {{kRules, "ISDN-01"}}};
        case K::NetDropLine:
            return {Needs::Call, {{kQ931, "DISCONNECT in"}, {kLcp, "Down"}, {kDialer, "call cleared"},
                                  {kCallback, "call cleared"}, {kCallback, "call cleared (client)"},
                                  {kCallback, "call cleared (server)"}, {kCallback, "call cleared (no return)"},
                                  {kAuthr, "tld"}, {kAuthee, "tld"}}};
        case K::NetStatusEnquiry: return {Needs::Call, {{kRules, "ISDN-09"}}};
        case K::NetOffersBusyChannel: return {Needs::Call, {{kQ931, "SETUP in"}, {kQ931, "RELEASE COMPLETE out"}}};
        case K::NetIgnoresDisconnect: return {Needs::None, {{kQ931, "T305 expiry"}, {kQ931, "T308 expiry"}, {kRules, "ISDN-10"}}};
        case K::NetCrossesRelease: return {Needs::None, {{kQ931, "RELEASE in"}, {kRules, "ISDN-11"}}};
        // Armed for the SUT's next call: the network's answers to its SETUP (Q.931 sections 5.1.5-5.1.8),
        // its clearing before the call is answered (5.1.5.2, 5.3.4, 5.8.4), the SUT's timers when it
        // answers nothing (Table 9-2), its RELEASE right behind its DISCONNECT (5.3.4, 5.3.5).
        case K::NetAnswersCall:
            return {Needs::None, {{kQ931, "CALL PROC in"}, {kQ931, "ALERTING in"}, {kQ931, "PROGRESS in"},
                                  {kQ931, "CONNECT in"}, {kDialer, "call connected"}}};
        case K::NetClearsCall:
            return {Needs::None, {{kQ931, "ALERTING in"}, {kQ931, "DISCONNECT in"}, {kQ931, "RELEASE in"},
                                  {kQ931, "RELEASE COMPLETE in"}, {kDialer, "call failed"}, {kCallback, "return call failed"},
                                  {kCallback, "return call failed, retry"}, {kRules, "CCB-06"}}};
        case K::NetNeverAnswers:
            return {Needs::None, {{kQ931, "T303 expiry"}, {kQ931, "T310 expiry"}, {kQ931, "T313 expiry"},
                                  {kQ931, "T308 expiry"}, {kDialer, "call failed"}, {kCallback, "return call failed"}}};
        case K::NetReleasesAtOnce: return {Needs::None, {{kQ931, "RELEASE in"}, {kRules, "ISDN-11"}}};
        // The peer stops answering: the SUT's timers run out (RFC 1661 section 4.6, RFC 1994 section 4.1).
        case K::PeerTerminateLost:
            return {Needs::None, {{kLcp, "TO+"}, {kCallback, "call cleared (client)"}, {kCallback, "call cleared (server)"}}};
        case K::PeerAcksLost: return {Needs::None, {{kLcp, "TO+"}, {kLcp, "TO-"}, {kLcp, "Close"}, {kRules, "FSM-01"}}};
        case K::PeerRepeatsAuth:
            return {Needs::None, {{kAuthr, "Response received"}, {kAuthr, "Authenticate-Request received"},
                                  {kAuthr, "Success sent"}, {kAuthr, "Authenticate-Ack sent"}, {kRules, "CHAP-05"}, {kRules, "PAP-03"}}};
        case K::PeerRepeatsResponseAltered:
            return {Needs::None, {{kAuthr, "Response received"}, {kAuthr, "Success sent"}, {kRules, "CHAP-05"}}};
        case K::PeerChoosesNoCallback: return {Needs::None, {{kCallback, "CBCP no callback"}, {kRules, "CBCP-03"}}};
        case K::PeerAnswersCbcp:
            return {Needs::None, {{kCallback, "CBCP no callback"}, {kRules, "CBCP-03"}, {kRules, "CBCP-04"}}};
        case K::OtherCalls:
            return {Needs::None, {{kQ931, "SETUP in"}, {kDialer, "call connected"}, {kCallback, "incoming call answered"}}};
        case K::OtherHangsUp:
            return {Needs::None, {{kQ931, "DISCONNECT in"}, {kDialer, "call cleared"}, {kCallback, "call cleared"}}};
        case K::PingOther:
            return {Needs::None, {{kDialer, "SETUP sent"}, {kDialer, "call failed"}, {kDialer, "another destination waits"},
                                  {kQ931, "SETUP out"}, {kRules, "DDR-04"}}};
        case K::PeerAuthLost:
            return {Needs::None, {{kAuthee, "Authenticate-Request sent"}, {kAuthr, "Challenge sent"}, {kRules, "PAP-02"}}};
        case K::PeerSkipsChallenge:
            return {Needs::None, {{kAuthee, "Success received"}, {kAuthee, "Failure received"}, {kRules, "CHAP-04"}}};
        case K::PeerReplaysChapSuccess: return {Needs::None, {{kAuthee, "Success received"}, {kRules, "CHAP-04"}, {kRules, "AMB-22"}}};
        case K::PeerIgnoresTerminate: return {Needs::None, {{kLcp, "TO+"}, {kLcp, "TO-"}, {kRules, "FSM-02"}}};
        case K::PeerGoesSilent:
            return {Needs::Link, {{kLcp, "TO+"}, {kLcp, "TO-"}, {kRules, "FSM-02"}, {kRules, "CHAP-02"}, {kRules, "DDR-03"}}};
        // Traffic at the client's LAN side (DDR: interesting traffic brings a call up).
        case K::Ping: return {Needs::None, {{kDialer, "interesting traffic"}, {kRules, "DDR-01"}, {kRules, "DDR-02"}}};
        case K::NonInterestingTraffic: return {Needs::None, {{kRules, "DDR-01"}}};
        // Time: every timer of every machine (restart timer, Q.931 timers, DDR and callback timers).
        case K::Wait:
            return {Needs::None, {{kLcp, "TO+"}, {kLcp, "TO-"}, {kQ931, "T303 expiry"}, {kQ931, "T305 expiry"},
                                  {kQ931, "T308 expiry"}, {kQ931, "T310 expiry"}, {kQ931, "T313 expiry"},
                                  {kDialer, "enable-timeout expired"}, {kCallback, "callback expired"},
                                  {kCallback, "hold expired"}, {kRules, "DDR-03"}, {kRules, "DDR-06"}}};
        // Until the SUT's next frame or message: whatever the SUT chooses to do, weighed by its prior.
        case K::WaitSut: return {};
        default: return {};  // a configuration variant: drawn before the run, not weighed
    }
}

const std::vector<IntentReach>& reach_table() {
    static const std::vector<IntentReach> table = [] {
        std::vector<IntentReach> out;
        for (std::size_t i = 0; i < kIntentKindCount; ++i) out.push_back(reach_of(static_cast<IntentKind>(i)));
        return out;
    }();
    return table;
}

// Per intent, a flag per row of the model: the row carries one of the intent's events. Built once:
// weigh_intents() runs at every step of a model-drawn plan and compares no strings there.
const std::vector<std::vector<char>>& rows_reached() {
    static const std::vector<std::vector<char>> table = [] {
        const auto& shapes = model::RouterSpec::row_shapes();
        std::vector<std::vector<char>> out(kIntentKindCount, std::vector<char>(shapes.size(), 0));
        for (std::size_t k = 0; k < kIntentKindCount; ++k) {
            const IntentReach& reach = reach_table()[k];
            for (std::size_t row = 0; row < shapes.size(); ++row)
                for (const auto& [machine, event] : reach.events)
                    if (machine == shapes[row].machine && event == shapes[row].event) out[k][row] = 1;
        }
        return out;
    }();
    return table;
}

// Per row: an LCP row (a live link), a Q.931 row leaving a state other than U0 (a live call).
struct RowKinds {
    std::vector<char> lcp, call;
};
const RowKinds& row_kinds() {
    static const RowKinds kinds = [] {
        const auto& shapes = model::RouterSpec::row_shapes();
        RowKinds out{std::vector<char>(shapes.size(), 0), std::vector<char>(shapes.size(), 0)};
        const std::string u0 = model::q931_state_name(model::Q931State::U0);
        for (std::size_t row = 0; row < shapes.size(); ++row) {
            out.lcp[row] = shapes[row].machine == kLcp;
            out.call[row] = shapes[row].machine == kQ931 && shapes[row].source != u0;
        }
        return out;
    }();
    return kinds;
}

}  // namespace

const IntentReach& intent_reach(IntentKind kind) { return reach_table()[static_cast<std::size_t>(kind)]; }

RowsTaken::RowsTaken() : bits_(model::RouterSpec::row_shapes().size(), false) {}

void RowsTaken::add(const model::CoverageCounts& counts) {
    for (std::size_t i = 0; i < counts.transitions.size() && i < bits_.size(); ++i)
        if (counts.transitions[i] != 0) bits_[i] = any_ = true;
}

std::size_t RowsTaken::count() const { return static_cast<std::size_t>(std::count(bits_.begin(), bits_.end(), true)); }

std::vector<WeightedIntent> weigh_intents(const std::vector<std::pair<int, IntentKind>>& prior,
                                          const model::RouterSpec& oracle, const RowsTaken& taken,
                                          const RowsTaken& claimed) {
    std::optional<model::CoverageCounts> counts;
    const auto fired = [&]() -> const model::CoverageCounts& {
        if (!counts) counts = oracle.coverage_counts();
        return *counts;
    };
    std::vector<WeightedIntent> out;
    weigh_intents(prior, oracle.enabled_rows(), fired, taken, claimed, out);
    return out;
}

void weigh_intents(const std::vector<std::pair<int, IntentKind>>& prior, const std::vector<std::size_t>& enabled,
                   const std::function<const model::CoverageCounts&()>& fired, const RowsTaken& taken,
                   const RowsTaken& claimed, std::vector<WeightedIntent>& out) {
    const RowKinds& kinds = row_kinds();
    bool link = false, call = false;
    for (const std::size_t row : enabled) {
        link = link || kinds.lcp[row];
        call = call || kinds.call[row];
    }
    // The enabled rows neither taken by the purpose nor claimed: usually few, so each intent is
    // checked against these only (this runs at every step of a model-drawn plan, into storage
    // kept across calls).
    thread_local std::vector<std::size_t> open;
    open.clear();
    for (const std::size_t row : enabled)
        if (!taken.taken(row) && !claimed.taken(row)) open.push_back(row);
    const std::vector<std::uint64_t>* hits = nullptr;  // the oracle's counts, read once if needed
    std::size_t n = 0;  // entries of `out` in use; the rest keep their storage for the next step
    for (const auto& [weight, kind] : prior) {
        if (is_configuration_variant(kind)) continue;
        const IntentReach& reach = intent_reach(kind);
        const std::vector<char>& reached = rows_reached()[static_cast<std::size_t>(kind)];
        if (n == out.size()) out.emplace_back();
        WeightedIntent& w = out[n++];
        w.kind = kind;
        w.weight = weight;
        w.untaken.clear();
        if ((reach.needs == Needs::Link && !link) || (reach.needs == Needs::Call && !call)) w.weight = 0;
        for (const std::size_t row : open) {
            if (!reached[row]) continue;
            if (!hits) hits = &fired().transitions;
            if (row < hits->size() && (*hits)[row] != 0) continue;
            w.untaken.push_back(row);
        }
        if (!w.untaken.empty()) w.weight *= kUntakenFavour;
    }
    out.resize(n);
}

std::vector<std::string> unknown_reach_events() {
    std::set<std::pair<std::string, std::string>> known;
    for (const auto& shape : model::RouterSpec::row_shapes()) known.insert({shape.machine, shape.event});
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kIntentKindCount; ++i) {
        const auto kind = static_cast<IntentKind>(i);
        for (const auto& [machine, event] : intent_reach(kind).events) {
            if (known.count({std::string(machine), std::string(event)}) == 0) {
                out.push_back(std::string(intent_info(kind).name) + ": " + std::string(machine) + "|" + std::string(event));
            }
        }
    }
    return out;
}

}  // namespace ppp::suites
