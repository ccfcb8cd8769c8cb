// RouterSpec's rows as generation reads them (issue #15): each row's machine, source state and
// event, the rows leaving the live machines' current states, and the rows a profile cannot reach.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "router_spec_impl.hpp"

namespace ppp::model {

using detail::coverage_layout;
using detail::CoverageLayout;

const std::vector<RouterSpec::RowShape>& RouterSpec::row_shapes() {
    static const std::vector<RowShape> shapes = [] {
        std::vector<RowShape> out;
        for (const CoverageItem& item : coverage_layout().names.transitions) {
            RowShape shape{item.machine, "", ""};
            const auto arrow = item.name.find(" --");
            const auto head = item.name.find("--> ", arrow == std::string::npos ? 0 : arrow);
            if (item.machine == "rules" || arrow == std::string::npos || head == std::string::npos) {
                shape.event = item.requirements.empty() ? item.name : item.requirements.front();
            } else {
                shape.source = item.name.substr(0, arrow);
                std::string event = item.name.substr(arrow + 3, head - arrow - 3);
                if (const auto guard = event.find('['); guard != std::string::npos) event.resize(guard);
                shape.event = std::move(event);
            }
            out.push_back(std::move(shape));
        }
        return out;
    }();
    return shapes;
}

std::vector<CoverageItem> RouterSpec::out_of_profile(const Profile& profile) {
    static const std::string kAutheeName = detail::make_authenticatee().machine();
    std::vector<CoverageItem> out;
    const auto& names = coverage_layout().names.transitions;
    const auto& shapes = row_shapes();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const CoverageItem& row = names[i];
        if (!row.reachable()) continue;
        const std::string& name = row.name;
        const bool guard_r = row.machine == "lcp" && name.find("[r]--> ") != std::string::npos;
        const bool guard_p = row.machine == "lcp" && name.find("[p]--> ") != std::string::npos;
        const char* reason = nullptr;
        if (guard_r && !profile.lcp.restart_option) {
            reason = "needs a profile with the LCP restart option [r] (lcp.restart_option), which this profile leaves off";
        } else if (guard_p && !profile.lcp.passive) {
            reason = "needs a profile with the LCP passive option [p] (lcp.passive), which this profile leaves off";
        } else if (row.machine == "callback" && shapes[i].event == "return call failed, retry" &&
                   profile.callback.return_retries == 0) {
            reason = "needs a profile whose server retries a failed return call (callback.return_retries > 0); "
                     "this profile's is 0";
        } else if (row.machine == "rules" && shapes[i].event == "AMB-16" && profile.auth.mode == AuthMode::OneWay) {
            reason = "needs a profile that states on which calls the SUT authenticates its peer (auth.mode none, "
                     "mutual or callin); one-way leaves it to the configuration: nothing to judge";
        } else if (row.machine == kAutheeName && !profile.auth.verdict_before_response &&
                   (shapes[i].source == "awaiting Challenge" || shapes[i].source == "Response owed") &&
                   (shapes[i].event == "Success received" || shapes[i].event == "Failure received")) {
            reason = "needs a profile whose authenticatee takes a CHAP verdict before its Response "
                     "(auth.verdict_before_response, AMB-22); this profile's discards it (RFC 1994 section 4.2)";
        } else if (row.machine == "rules" && shapes[i].event == "CBCP-03" &&
                   std::find(profile.callback.client_ops.begin(), profile.callback.client_ops.end(), 6) ==
                       profile.callback.client_ops.end()) {
            reason = "needs a profile whose client requests op 6 (callback.client_ops): only a CBCP caller sends the "
                     "Callback-Response this rule judges";
        } else if (row.machine == "rules" && shapes[i].event == "AMB-06" &&
                   std::none_of(profile.callback.client_ops.begin(), profile.callback.client_ops.end(),
                                [](std::uint8_t op) { return op >= 1 && op <= 4; })) {
            reason = "needs a profile whose client requests an operation with a Callback Message (1-4, "
                     "callback.client_ops); this profile's client requests none";
        }
        if (reason != nullptr) out.push_back({row.machine, row.name, row.requirements, 0, reason});
    }
    return out;
}

std::vector<CoverageItem> RouterSpec::sut_choice(const Profile& profile) {
    // RFC 1661 section 4.4: tlf "signals the lower layer that the link is no longer needed";
    // section 3.7 and SPEC PH-04: the physical layer is then disconnected. Closed, and Stopped
    // without the passive option [p], are entered only through tlf.
    static const std::string kAfterTlf =
        "a frame reaches the SUT in this state only if it keeps the link after This-Layer-Finished "
        "(RFC 1661 section 4.4); a SUT that disconnects then (PH-04) never meets it";
    static const std::string kOpenAgain = "the SUT's own Open after it closed the link: an administrative Open, no stimulus forces it";
    static const std::string kAnswer =
        "the SUT's choice of answer to an incoming SETUP (ALERTING, or CONNECT without CALL PROCEEDING, Q.931 "
        "section 5.2.5): no stimulus forces it";
    static const std::string kAnswersAtOnce =
        "the network's message meets the SUT in this state only if the SUT lingers in it; one that answers a "
        "SETUP, or a DISCONNECT, at once has left it before any network message can arrive";
    static const std::string kReChallenge = "a new Challenge instead of a verdict, or a periodic re-Challenge (RFC 1994 section 2): the SUT's choice";
    static const std::string kUnprompted = "a Response the SUT repeats without a Challenge to answer: the SUT's choice";
    // SPEC section 13's note on CHAP-05: IOS ignores re-sent Responses while its AAA decision is
    // pending; a SUT that answers within the instant the frame arrives never lingers there.
    static const std::string kLingers =
        "a frame or a tld meets the SUT in this state only if it lingers before it answers (IOS while AAA decides); "
        "one that answers within the instant the frame that owes the answer arrives has left it";
    static const std::string kKeepsRefused =
        "a repeat meets the SUT here only if it keeps the link in the Network phase after refusing the peer (a Windows "
        "RRAS authenticator, SPEC section 13 on PH-03); one that terminates at once discards it (RFC 1994 section 4.1)";
    static const std::set<std::string_view> kAuthrOwed = {"Challenge owed", "Success/Failure owed", "Ack/Nak owed"};
    static const std::set<std::string_view> kAutheeOwed = {"Response owed", "Authenticate-Request owed"};
    static const std::string kMissedReturn =
        "taken only when a callback server does not place its return call in time: the row records the CCB-04/DDR-06 "
        "failure; a conforming server never takes it";
    static const std::string kNoNumber =
        "taken only when a server SUT agreed to call back and has no number to call: its CBCP Request offered the "
        "administrator's number (type 3) to a user it has none for, an offer it cannot honour; no stimulus forces it";
    static const std::string kTimeRemaining = "counted when the SUT sends LCP Time-Remaining (RFC 1570 section 2): the SUT's choice";
    static const std::set<std::string_view> kPeerEvents = {"RCR+", "RCR-", "RCA", "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR"};
    static const std::string authr_name = detail::make_authenticator().machine();
    static const std::string authee_name = detail::make_authenticatee().machine();
    const std::string u7 = q931_state_name(Q931State::U7);
    std::vector<CoverageItem> out;
    auto mark = [&out](const CoverageItem& item, const std::string& reason) {
        out.push_back({item.machine, item.name, item.requirements, 0, reason, true});
    };
    const auto& names = coverage_layout().names;
    const auto& shapes = row_shapes();
    for (std::size_t i = 0; i < names.transitions.size(); ++i) {
        const CoverageItem& row = names.transitions[i];
        if (!row.reachable()) continue;
        const RowShape& shape = shapes[i];
        if (row.machine == "lcp") {
            const bool after_tlf = shape.source == "Closed" || (shape.source == "Stopped" && !profile.lcp.passive);
            if (after_tlf && kPeerEvents.count(shape.event) != 0) mark(row, kAfterTlf);
            else if (shape.source == "Closed" && shape.event == "Open") mark(row, kOpenAgain);
        } else if (row.machine == "q931") {
            const std::string u6 = q931_state_name(Q931State::U6), u9 = q931_state_name(Q931State::U9);
            const bool answer = (shape.source == u6 && (shape.event == "ALERTING out" || shape.event == "CONNECT out")) ||
                                (shape.source == u9 && shape.event == "ALERTING out") || shape.source == u7;
            const bool lingers = (shape.source == u6 && shape.event == "RELEASE in") ||
                                 (shape.source == u9 && shape.event == "DISCONNECT in") ||
                                 (shape.source == q931_state_name(Q931State::U12) && shape.event == "RELEASE in");
            if (answer) mark(row, kAnswer);
            else if (lingers) mark(row, kAnswersAtOnce);
        } else if (row.machine == authr_name) {
            if (shape.event == "Challenge sent" && (shape.source == "Success/Failure owed" || shape.source == "peer authenticated"))
                mark(row, kReChallenge);
            else if (kAuthrOwed.count(shape.source) != 0 && shape.event != "Challenge sent" && shape.event != "Success sent" &&
                     shape.event != "Failure sent" && shape.event != "Authenticate-Ack sent" && shape.event != "Authenticate-Nak sent")
                mark(row, kLingers);
            else if (shape.source == "peer refused" && shape.event != "tld")
                mark(row, kKeepsRefused);
        } else if (row.machine == authee_name) {
            const bool early_verdict = shape.event == "Success received" || shape.event == "Failure received";
            if (shape.event == "Response sent" && shape.source == "Response sent") mark(row, kUnprompted);
            else if (kAutheeOwed.count(shape.source) != 0 && shape.event != "Response sent" &&
                     shape.event != "Authenticate-Request sent" && (!early_verdict || profile.auth.verdict_before_response))
                mark(row, kLingers);
        } else if (row.machine == "callback") {
            if (shape.source == "Pending" && shape.event == "callback expired") mark(row, kMissedReturn);
            else if (shape.source == "Dropping" && shape.event == "call cleared (no return)") mark(row, kNoNumber);
        } else if (row.machine == "rules" && shape.event == "LCP-13") {
            mark(row, kTimeRemaining);
        }
    }
    for (const CoverageItem& state : names.states)
        if (state.machine == "q931" && state.name == u7) mark(state, kAnswer);
    return out;
}

namespace {

// The rows leaving each state, by (first row of the machine's segment, state name), built once:
// enabled_rows() runs at every step of a model-drawn plan.
const std::map<std::pair<std::size_t, std::string_view>, std::vector<std::size_t>>& rows_by_source() {
    static const auto table = [] {
        std::map<std::pair<std::size_t, std::string_view>, std::vector<std::size_t>> out;
        const CoverageLayout& at = coverage_layout();
        const auto& shapes = RouterSpec::row_shapes();
        const std::size_t firsts[] = {at.lcp_rows, at.q931_rows, at.callback_rows, at.dialer_rows, at.authr_rows, at.authee_rows};
        for (std::size_t i = 0; i < at.rule_rows; ++i) {
            std::size_t first = 0;
            for (const std::size_t f : firsts)
                if (f <= i && f >= first) first = f;
            out[{first, shapes[i].source}].push_back(i);
        }
        return out;
    }();
    return table;
}

}  // namespace

std::vector<std::size_t> RouterSpec::enabled_rows() const {
    std::vector<std::size_t> out;
    enabled_rows(out);
    return out;
}

void RouterSpec::enabled_rows(std::vector<std::size_t>& out) const {
    const Impl& m = *impl_;
    const CoverageLayout& at = coverage_layout();
    const std::size_t row_count = row_shapes().size();
    out.clear();
    // Rows of the machine laid out from `first` leaving `state` (two links or calls in one state
    // list them once; the list is a few dozen rows, searched rather than marked in a table).
    auto leaving = [&](std::size_t first, const char* state) {
        const auto it = rows_by_source().find({first, std::string_view(state)});
        if (it == rows_by_source().end()) return;
        const std::size_t before = out.size();
        for (const std::size_t row : it->second)
            if (std::find(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(before), row) == out.begin() + static_cast<std::ptrdiff_t>(before))
                out.push_back(row);
    };
    for (const auto& [ch, link] : m.links) {
        leaving(at.lcp_rows, lcp_state_name(link.fsm.state()));
        leaving(at.authr_rows, link.authr.name(link.authr.state()));
        leaving(at.authee_rows, link.authee.name(link.authee.state()));
    }
    leaving(at.q931_rows, q931_state_name(Q931State::U0));
    for (const auto& [k, call] : m.calls)
        if (!call.abstract) leaving(at.q931_rows, q931_state_name(call.q.state()));
    leaving(at.callback_rows, m.coord.name(m.coord.state()));
    leaving(at.dialer_rows, m.dialer.name(m.dialer.state()));
    for (std::size_t i = at.rule_rows; i < row_count; ++i) out.push_back(i);
}

}  // namespace ppp::model
