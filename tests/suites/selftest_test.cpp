// `ppp-conform selftest`: planted faults are killed by the default campaign with the fault's own
// requirement, the JSON form parses, and bad selections are usage errors (DESIGN.md sections 6, 9).
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "ppp/adapters/bench.hpp"
#include "ppp/suites/selftest.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::suites::SelftestOptions;

SelftestOptions options_for(const std::string& glob) {
    SelftestOptions o;
    o.faults_glob = glob;
    o.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    o.seed = 7;
    o.plans = 20;
    return o;
}

ppp::suites::SelftestReport run(const std::string& glob) {
    const auto catalog = ppp::suites::bundled_catalog();
    EXPECT_TRUE(catalog.catalog) << catalog.error;
    return ppp::suites::run_selftest(*catalog.catalog, options_for(glob),
                                     [] { return ppp::adapters::make_reference_bench(); });
}

TEST(SuitesSelftest, SelectsFaultsByGlob) {
    EXPECT_EQ(ppp::suites::select_faults("*").size(), ppp::adapters::reference_faults().size());
    const auto chap = ppp::suites::select_faults("chap-*");
    ASSERT_GE(chap.size(), 3U);
    for (const auto& f : chap) EXPECT_EQ(f.name.rfind("chap-", 0), 0U) << f.name;
    EXPECT_TRUE(ppp::suites::select_faults("no-such-fault*").empty());
}

TEST(SuitesSelftest, HuntsPurposesCitingTheFaultsRequirementsFirst) {
    const auto catalog = ppp::suites::bundled_catalog();
    ASSERT_TRUE(catalog.catalog);
    const auto faults = ppp::suites::select_faults("no-code-reject");
    ASSERT_EQ(faults.size(), 1U);
    const auto order = ppp::suites::hunting_order(*catalog.catalog, faults.front());
    ASSERT_EQ(order.size(), catalog.catalog->purposes.size());
    const auto& first = order.front()->requirements;
    EXPECT_NE(std::find(first.begin(), first.end(), "LCP-10"), first.end());
    EXPECT_TRUE(order.front()->plan.has_value());  // fixed plans before properties
}

TEST(SuitesSelftest, KillsTwoPlantedFaultsNamingTheirRequirements) {
    const auto report = run("ack-wrong-identifier");
    const auto more = run("no-connect-ack");
    ASSERT_EQ(report.faults.size(), 1U);
    ASSERT_EQ(more.faults.size(), 1U);
    for (const auto& f : {report.faults.front(), more.faults.front()}) {
        EXPECT_TRUE(f.killed) << f.fault.name << ": " << f.message;
        EXPECT_TRUE(f.named_expected) << f.fault.name << " named " << f.named.size() << " requirements";
        EXPECT_FALSE(f.purpose.empty());
        EXPECT_GE(f.plans, 1U);
        EXPECT_GE(f.shrunk_length, 1U);
        EXPECT_NE(f.reproduce.find("--fault " + f.fault.name), std::string::npos) << f.reproduce;
    }
    EXPECT_EQ(report.kill_rate(), 1.0);
    const std::string text = ppp::suites::render_selftest_text(report);
    EXPECT_NE(text.find("ack-wrong-identifier"), std::string::npos) << text;
    EXPECT_NE(text.find("killed"), std::string::npos) << text;
    EXPECT_NE(text.find("kill rate 1/1"), std::string::npos) << text;
}

TEST(SuitesSelftest, JsonFormParses) {
    const auto report = run("fcs-msb-first");
    const auto doc = nlohmann::json::parse(ppp::suites::render_selftest_json(report, options_for("fcs-msb-first")));
    ASSERT_EQ(doc.at("faults").size(), 1U);
    const auto& row = doc.at("faults").at(0);
    EXPECT_EQ(row.at("fault"), "fcs-msb-first");
    EXPECT_EQ(row.at("killed"), true);
    EXPECT_EQ(row.at("requirements").at(0), "FR-04");
    EXPECT_TRUE(row.contains("purpose"));
    EXPECT_TRUE(row.contains("shrunk_length"));
    EXPECT_EQ(doc.at("kill_rate"), 1.0);
    EXPECT_EQ(doc.at("total"), 1);
}

TEST(SuitesSelftest, MedianOfKilledFaults) {
    ppp::suites::SelftestReport r;
    for (double s : {3.0, 1.0, 2.0}) {
        ppp::suites::FaultOutcome f;
        f.killed = true;
        f.seconds = s;
        f.shrunk_length = static_cast<std::size_t>(s);
        r.faults.push_back(f);
    }
    ppp::suites::FaultOutcome survivor;
    survivor.seconds = 100.0;
    r.faults.push_back(survivor);
    EXPECT_DOUBLE_EQ(r.median_seconds(), 2.0);
    EXPECT_DOUBLE_EQ(r.median_shrunk_length(), 2.0);
    EXPECT_DOUBLE_EQ(r.kill_rate(), 0.75);
}

#ifdef PPP_CONFORM_BIN
TEST(SuitesSelftestCommand, BadSelectionsAreUsageErrors) {
    ppp::test_tools::TempDir dir;
    const auto nothing = ppp::test_tools::run_process({PPP_CONFORM_BIN, "selftest", "--faults", "nothing-like-this*"}, dir);
    ASSERT_TRUE(nothing.spawned) << nothing.spawn_error;
    EXPECT_EQ(nothing.exit_code, 2);
    EXPECT_NE(nothing.err.find("nothing-like-this*"), std::string::npos) << nothing.err;
    EXPECT_EQ(std::count(nothing.err.begin(), nothing.err.end(), '\n'), 1) << nothing.err;

    const auto budget = ppp::test_tools::run_process({PPP_CONFORM_BIN, "selftest", "--budget", "-3"}, dir);
    EXPECT_EQ(budget.exit_code, 2);
    EXPECT_NE(budget.err.find("--budget -3"), std::string::npos) << budget.err;

    const auto format = ppp::test_tools::run_process({PPP_CONFORM_BIN, "selftest", "--format", "xml"}, dir);
    EXPECT_EQ(format.exit_code, 2);
}

TEST(SuitesSelftestCommand, OneFaultKilledExitsZero) {
    ppp::test_tools::TempDir dir;
    const auto r = ppp::test_tools::run_process(
        {PPP_CONFORM_BIN, "selftest", "--faults", "no-code-reject", "--format", "json", "--plans", "10"}, dir);
    ASSERT_TRUE(r.spawned) << r.spawn_error;
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("faults").at(0).at("purpose"), "TP-LCP-005");
}
#endif

}  // namespace
