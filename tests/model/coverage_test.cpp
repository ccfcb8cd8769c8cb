// Coverage as numbers (CoverageCounts): the counts of several oracles add up position by position to
// what merging their named coverages item by item gives, so a campaign can count rows on every plan
// and put names to them once.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "ppp/model/router_spec.hpp"
#include "callback_scenario.hpp"

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

TEST(ModelCoverage, CountsOfTwoOraclesAddUpToTheirMergedCoverage) {
    RouterSpec client_spec = client();
    run(client_spec, client_trace(), 17000ms);
    RouterSpec server_spec = server();
    run(server_spec, server_trace(), 17000ms);

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

}  // namespace
}  // namespace ppp::model::test
