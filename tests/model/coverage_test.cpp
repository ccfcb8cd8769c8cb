// Coverage as numbers (CoverageCounts): the counts of several oracles add up position by position to
// what merging their named coverages item by item gives, so a campaign can count rows on every plan
// and put names to them once. Rows marked unreachable carry their reason and stay out of the
// per-machine figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

#include "callback_scenario.hpp"
#include "ppp/model/lcp_fsm.hpp"
#include "ppp/model/q931_call.hpp"
#include "ppp/model/router_spec.hpp"

namespace ppp::model::test {
namespace {

TEST(ModelCoverage, EveryItemOfTheLayoutIsNamedOnce) {
    const Coverage names = RouterSpec::coverage_of({});
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto* list : {&names.states, &names.transitions})
        for (const CoverageItem& item : *list) {
            EXPECT_TRUE(seen.insert({item.machine, item.name}).second) << item.machine << ":" << item.name;
            EXPECT_EQ(item.hits, 0U);
        }
    std::set<std::string> machines;
    for (const CoverageItem& item : names.transitions) machines.insert(item.machine);
    EXPECT_EQ(machines, (std::set<std::string>{"lcp", "q931", "callback", "dialer", "auth (SUT authenticates)",
                                               "auth (SUT authenticated)", "rules"}));
}

// The seed scenario (DESIGN.md section 1) as both sides' oracles judge it: client, then server.
std::pair<RouterSpec, RouterSpec> seed_scenario() {
    RouterSpec client_spec = client();
    run(client_spec, client_trace(), 17000ms);
    RouterSpec server_spec = server();
    run(server_spec, server_trace(), 17000ms);
    return {std::move(client_spec), std::move(server_spec)};
}

TEST(ModelCoverage, CountsOfTwoOraclesAddUpToTheirMergedCoverage) {
    const auto [client_spec, server_spec] = seed_scenario();
    CoverageCounts sum = client_spec.coverage_counts();
    sum.add(server_spec.coverage_counts());
    Coverage merged = client_spec.coverage();
    merged.merge(server_spec.coverage());

    const Coverage named = RouterSpec::coverage_of(sum);
    ASSERT_EQ(named.states.size(), merged.states.size());
    ASSERT_EQ(named.transitions.size(), merged.transitions.size());
    std::uint64_t taken = 0;
    for (std::size_t i = 0; i < named.transitions.size(); ++i) {
        EXPECT_EQ(named.transitions[i].name, merged.transitions[i].name);
        EXPECT_EQ(named.transitions[i].hits, merged.transitions[i].hits) << named.transitions[i].name;
        taken += named.transitions[i].hits;
    }
    for (std::size_t i = 0; i < named.states.size(); ++i)
        EXPECT_EQ(named.states[i].hits, merged.states[i].hits) << named.states[i].machine << ":" << named.states[i].name;
    EXPECT_GT(taken, 0U);
    EXPECT_EQ(named.requirements(), merged.requirements());
}

TEST(ModelCoverage, ACallbackTakesTheCoordinatorRowsOfBothRoles) {
    RouterSpec client_spec = client();
    run(client_spec, client_trace(), 17000ms);
    const Coverage cov = RouterSpec::coverage_of(client_spec.coverage_counts());
    auto hits = [&](const std::string& machine, const std::string& name) {
        for (const CoverageItem& t : cov.transitions)
            if (t.machine == machine && t.name == name) return t.hits;
        ADD_FAILURE() << "no row " << machine << ":" << name;
        return std::uint64_t{0};
    };
    // The seed scenario, client side: the first call, callback agreed, then the return call.
    EXPECT_GT(hits("callback", "Idle --outgoing call connected--> FirstCall"), 0U);
    EXPECT_GT(hits("callback", "FirstCall --callback agreed--> Agreed"), 0U);
    EXPECT_EQ(hits("callback", "Pending --return call dialled--> CallingBack"), 0U);  // a server's row
}

TEST(ModelCoverage, CountsAddPositionByPositionWhateverTheirSize) {
    CoverageCounts a{{1, 2}, {5}};
    a.add({{1, 2, 3}, {}});
    EXPECT_EQ(a.states, (std::vector<std::uint64_t>{2, 4, 3}));
    EXPECT_EQ(a.transitions, (std::vector<std::uint64_t>{5}));
    CoverageCounts empty;
    empty.add(a);
    EXPECT_EQ(empty, a);
}

TEST(ModelCoverage, CountsShorterThanTheLayoutLeaveTheRestUntaken) {
    const Coverage cov = RouterSpec::coverage_of({{7}, {3}});
    ASSERT_FALSE(cov.states.empty());
    EXPECT_EQ(cov.states[0].hits, 7U);
    EXPECT_EQ(cov.transitions[0].hits, 3U);
    EXPECT_EQ(cov.transitions[1].hits, 0U);
    EXPECT_EQ(cov.states[1].hits, 0U);
}

// DESIGN.md section 5: rows no black-box tester can reach are marked beside their tables, each
// with its reason; a mark that names no row would silently hide nothing.
TEST(ModelCoverage, EveryUnreachableMarkNamesARowAndGivesAReason) {
    const std::vector<CoverageItem> marks = RouterSpec::unreachable_marks();
    ASSERT_FALSE(marks.empty());
    const Coverage names = RouterSpec::coverage_of({});
    std::set<std::pair<std::string, std::string>> seen;
    for (const CoverageItem& mark : marks) {
        EXPECT_FALSE(mark.unreachable_reason.empty()) << mark.machine << ":" << mark.name;
        EXPECT_EQ(mark.unreachable_reason.find('\n'), std::string::npos) << "one line: " << mark.name;
        EXPECT_TRUE(seen.insert({mark.machine, mark.name}).second) << "marked twice: " << mark.name;
        const CoverageItem* named = nullptr;
        for (const auto* list : {&names.states, &names.transitions})
            for (const CoverageItem& item : *list)
                if (item.machine == mark.machine && item.name == mark.name) named = &item;
        ASSERT_NE(named, nullptr) << "no such row or state: " << mark.machine << ":" << mark.name;
        EXPECT_EQ(named->unreachable_reason, mark.unreachable_reason) << mark.name;
    }
    std::size_t marked = 0;
    for (const auto* list : {&names.states, &names.transitions})
        for (const CoverageItem& item : *list) marked += item.reachable() ? 0U : 1U;
    EXPECT_EQ(marked, marks.size());
}

TEST(ModelCoverage, TheMachinesOwnCoverageCarriesTheirMarks) {
    for (Coverage cov : {LcpFsm{}.coverage(), Q931Call{}.coverage()}) {
        const std::string machine = cov.transitions.front().machine;
        const std::vector<UnreachableMark> marks = machine == "lcp" ? LcpFsm{}.unreachable() : Q931Call{}.unreachable();
        EXPECT_TRUE(cov.mark_unreachable(machine, marks).empty()) << machine;
        std::size_t marked = 0;
        for (const CoverageItem& t : cov.transitions) marked += t.reachable() ? 0U : 1U;
        EXPECT_EQ(marked, marks.size()) << machine;
    }
    EXPECT_EQ(LcpFsm{}.unreachable().size(), 19U);  // model/REACHABILITY.md
    EXPECT_EQ(Q931Call{}.unreachable().size(), 1U);
}

TEST(ModelCoverage, AMarkNamingNoRowIsReturned) {
    Coverage cov{{}, {{"lcp", "Opened --RTR--> Stopping", {}, 0}}};
    const auto unknown = cov.mark_unreachable("lcp", {{"Opened --RTR--> Stopping", "why"}, {"no such row", "why not"}});
    ASSERT_EQ(unknown.size(), 1U);
    EXPECT_STREQ(unknown.front().name, "no such row");
    EXPECT_EQ(cov.transitions.front().unreachable_reason, "why");
    EXPECT_TRUE(cov.mark_unreachable("q931", {{"Opened --RTR--> Stopping", "other machine"}}).size() == 1U);
}

TEST(ModelCoverage, FiguresCountReachableRowsAndListTheRestApart) {
    Coverage cov;
    cov.states = {{"lcp", "Initial", {}, 1}, {"lcp", "Stopping", {}, 0}, {"q931", "U0 Null", {}, 2},
                  {"q931", "U4 Call delivered", {}, 0, "never entered"}};
    cov.transitions = {{"lcp", "a", {"FSM-01"}, 3},          {"lcp", "b", {}, 0},
                       {"lcp", "c", {}, 0, "Close is never inferred here"},
                       {"lcp", "d", {}, 0},                   {"q931", "e", {}, 1},
                       {"q931", "f", {}, 4, "wrongly marked"}};
    const std::vector<MachineFigures> figures = cov.figures();
    ASSERT_EQ(figures.size(), 2U);
    const MachineFigures& lcp = figures[0];
    EXPECT_EQ(lcp.machine, "lcp");
    EXPECT_EQ(lcp.rows, 3U);
    EXPECT_EQ(lcp.rows_taken, 1U);
    EXPECT_EQ(lcp.untaken_rows, (std::vector<std::string>{"b", "d"}));
    EXPECT_EQ(lcp.states, 2U);
    EXPECT_EQ(lcp.states_visited, 1U);
    EXPECT_EQ(lcp.unvisited_states, std::vector<std::string>{"Stopping"});
    ASSERT_EQ(lcp.unreachable.size(), 1U);
    EXPECT_EQ(lcp.unreachable[0].name, "c");
    EXPECT_EQ(lcp.unreachable[0].unreachable_reason, "Close is never inferred here");
    const MachineFigures& q931 = figures[1];
    EXPECT_EQ(q931.rows, 1U);  // a marked row stays out of the figure, taken or not
    EXPECT_EQ(q931.rows_taken, 1U);
    EXPECT_TRUE(q931.untaken_rows.empty());
    EXPECT_EQ(q931.states, 1U);
    EXPECT_EQ(q931.states_visited, 1U);
    ASSERT_EQ(q931.unreachable.size(), 2U);  // states first, then rows
    EXPECT_EQ(q931.unreachable[0].name, "U4 Call delivered");
    EXPECT_EQ(q931.unreachable[1].name, "f");
}

TEST(ModelCoverage, MergeKeepsTheReasons) {
    Coverage a{{}, {{"lcp", "a", {}, 1}}};
    a.merge(Coverage{{}, {{"lcp", "a", {}, 2, "reason"}, {"lcp", "b", {}, 0, "other"}}});
    ASSERT_EQ(a.transitions.size(), 2U);
    EXPECT_EQ(a.transitions[0].hits, 3U);
    EXPECT_EQ(a.transitions[0].unreachable_reason, "reason");
    EXPECT_EQ(a.transitions[1].unreachable_reason, "other");
}

// The seed scenario on both sides takes no row marked unreachable, and the names coverage_of()
// gives carry the marks whatever the counts.
TEST(ModelCoverage, TheSeedScenarioTakesNoRowMarkedUnreachable) {
    const auto [client_spec, server_spec] = seed_scenario();
    CoverageCounts sum = client_spec.coverage_counts();
    sum.add(server_spec.coverage_counts());
    const Coverage cov = RouterSpec::coverage_of(sum);
    std::size_t marked = 0;
    for (const auto* list : {&cov.states, &cov.transitions})
        for (const CoverageItem& item : *list)
            if (!item.reachable()) {
                ++marked;
                EXPECT_EQ(item.hits, 0U) << item.machine << ":" << item.name;
            }
    EXPECT_EQ(marked, RouterSpec::unreachable_marks().size());
    for (const MachineFigures& f : cov.figures()) {
        EXPECT_EQ(f.rows_taken + f.untaken_rows.size(), f.rows) << f.machine;
        EXPECT_EQ(f.states_visited + f.unvisited_states.size(), f.states) << f.machine;
    }
}

}  // namespace
}  // namespace ppp::model::test

namespace {

using ppp::model::CoverageItem;
using ppp::model::RouterSpec;

// Issue #15: a campaign's figure counts the rows its profile can reach. cisco-ios leaves the LCP
// restart [r] and passive [p] options off, retries no failed return call, leaves the direction of
// authentication to the configuration and has its client request op 0 only: the rows that need
// those knobs are out of its reach, each with the knob named; a profile that sets them reaches all.
TEST(ModelCoverage, RowsAProfileCannotReachNameTheKnobTheyNeed) {
    auto profile = ppp::model::load_bundled_profile("cisco-ios").value();
    const auto out = RouterSpec::out_of_profile(profile);
    const auto rows = RouterSpec::coverage_of({}).transitions;
    std::size_t restart = 0, passive = 0, retry = 0, verdict = 0;
    for (const CoverageItem& item : out) {
        EXPECT_NE(std::find_if(rows.begin(), rows.end(),
                               [&](const CoverageItem& row) { return row.name == item.name && row.reachable(); }),
                  rows.end())
            << item.name;
        if (item.unreachable_reason.find("restart option") != std::string::npos) ++restart;
        if (item.unreachable_reason.find("passive option") != std::string::npos) ++passive;
        if (item.unreachable_reason.find("return_retries") != std::string::npos) ++retry;
        if (item.unreachable_reason.find("verdict_before_response") != std::string::npos) ++verdict;
    }
    EXPECT_EQ(restart, 2U);  // Stopped and Opened --Open[r]--> Req-Sent (the rest are unreachable)
    EXPECT_EQ(passive, 2U);  // Req-Sent and Ack-Sent --TO-[p]--> Stopped
    EXPECT_EQ(retry, 1U);
    // AMB-22: Success and Failure in "awaiting Challenge" and "Response owed" (RFC 1994 section 4.2)
    EXPECT_EQ(verdict, 4U);
    const auto rule = [&out](const char* id) {
        return std::count_if(out.begin(), out.end(), [id](const CoverageItem& i) {
            return i.machine == "rules" && !i.requirements.empty() && i.requirements.front() == id;
        });
    };
    EXPECT_EQ(rule("AMB-16"), 1);  // auth.mode one-way: the direction is the configuration's
    EXPECT_EQ(rule("AMB-06"), 1);  // the client requests op 0 only: no Callback Message
    EXPECT_EQ(rule("CBCP-03"), 1);  // nor op 6: the SUT is never the CBCP caller
    EXPECT_EQ(out.size(), restart + passive + retry + verdict + 3);

    profile.lcp.restart_option = true;
    profile.lcp.passive = true;
    profile.callback.return_retries = 2;
    profile.auth.mode = ppp::model::AuthMode::Callin;
    profile.callback.client_ops = {3, 6, 0};
    profile.auth.verdict_before_response = true;
    EXPECT_TRUE(RouterSpec::out_of_profile(profile).empty());
}

// Issue #15: rows no stimulus forces, taken only when the SUT chooses so, are marked with the
// reason, each naming a reachable row (or state) of the model. Closed is entered only through tlf;
// Stopped too unless the passive option [p] lets TO- end there without tlf, so the peer's
// events in Stopped are the SUT's choice only without [p].
TEST(ModelCoverage, RowsOnlyTheSutsChoiceTakesNameTheirReason) {
    auto profile = ppp::model::load_bundled_profile("cisco-ios").value();
    const auto coverage = RouterSpec::coverage_of({});
    auto count = [](const std::vector<CoverageItem>& items, const std::string& machine, const std::string& prefix) {
        return std::count_if(items.begin(), items.end(), [&](const CoverageItem& i) {
            return i.machine == machine && i.name.rfind(prefix, 0) == 0;
        });
    };
    const auto chosen = RouterSpec::sut_choice(profile);
    for (const CoverageItem& item : chosen) {
        EXPECT_TRUE(item.sut_choice) << item.name;
        EXPECT_FALSE(item.unreachable_reason.empty()) << item.name;
        const auto names_it = [&](const std::vector<CoverageItem>& list) {
            return std::any_of(list.begin(), list.end(), [&](const CoverageItem& row) {
                return row.machine == item.machine && row.name == item.name && row.reachable();
            });
        };
        EXPECT_TRUE(names_it(coverage.transitions) || names_it(coverage.states)) << item.machine << ": " << item.name;
    }
    EXPECT_EQ(count(chosen, "lcp", "Closed --RXR-->"), 1);
    EXPECT_EQ(count(chosen, "lcp", "Closed --Open-->"), 1);
    EXPECT_EQ(count(chosen, "lcp", "Stopped --RCR+-->"), 1);
    EXPECT_EQ(count(chosen, "lcp", "Opened --"), 0);
    EXPECT_EQ(count(chosen, "q931", "U7 Call received"), 3);  // the state and its two rows
    EXPECT_EQ(count(chosen, "q931", "U9 Incoming call proceeding --CONNECT out-->"), 0);  // the answer every SUT gives
    // A SUT that answers at once never lingers where an answer is owed; the rows that leave by
    // the answer itself stay reachable, and an early verdict is the profile's (AMB-22), not lingering.
    const std::string authr = "auth (SUT authenticates)", authee = "auth (SUT authenticated)";
    EXPECT_EQ(count(chosen, authr, "Success/Failure owed --Response received-->"), 1);
    EXPECT_EQ(count(chosen, authr, "Challenge owed --tld-->"), 1);
    EXPECT_EQ(count(chosen, authr, "Success/Failure owed --Success sent-->"), 0);
    EXPECT_EQ(count(chosen, authr, "peer refused --Failure sent-->"), 1);
    EXPECT_EQ(count(chosen, authr, "peer refused --tld-->"), 0);
    EXPECT_EQ(count(chosen, authr, "peer authenticated --Response received-->"), 0);  // peer-repeats-auth
    EXPECT_EQ(count(chosen, authee, "Response owed --Challenge received-->"), 1);
    EXPECT_EQ(count(chosen, authee, "Response owed --Success received-->"), 0);
    EXPECT_EQ(count(chosen, authee, "Response owed --Response sent-->"), 0);
    EXPECT_EQ(count(chosen, authee, "Authenticate-Request owed --Authenticate-Ack received-->"), 1);
    // Callback: a return call not placed in time is a failure the row records; no number to call
    // back is an offer the SUT could not honour.
    EXPECT_EQ(count(chosen, "callback", "Pending --callback expired-->"), 1);
    EXPECT_EQ(count(chosen, "callback", "Dropping --call cleared (no return)-->"), 1);
    EXPECT_EQ(count(chosen, "callback", "Dropping --call cleared (server)-->"), 0);
    profile.auth.verdict_before_response = true;
    EXPECT_EQ(count(RouterSpec::sut_choice(profile), authee, "Response owed --Success received-->"), 1);
    profile.auth.verdict_before_response = false;

    profile.lcp.passive = true;
    const auto passive = RouterSpec::sut_choice(profile);
    EXPECT_EQ(count(passive, "lcp", "Stopped --RCR+-->"), 0);
    EXPECT_EQ(count(passive, "lcp", "Closed --RXR-->"), 1);
}

}  // namespace
