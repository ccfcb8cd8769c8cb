// Every requirement the harness cites is a row of its catalog (spec/requirements.md): the purposes,
// the named faults of the reference, and every rule of the oracle (issue #13 item 4, issue #15
// item 2: a rule without a catalog row is a rule taken from nowhere).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ppp/adapters/bench.hpp"
#include "ppp/spec/catalog.hpp"
#include "ppp/suites/purpose.hpp"
#include "tools/subprocess.hpp"

namespace {

std::string missing_from_catalog(const std::set<std::string>& ids) {
    std::string missing;
    for (const auto& id : ids) {
        if (ppp::spec::find(id) == nullptr) missing += (missing.empty() ? "" : " ") + id;
    }
    return missing;
}

TEST(SuitesRequirementsCatalog, EveryRequirementAPurposeCitesIsInTheCatalog) {
    const auto bundled = ppp::suites::bundled_catalog();
    ASSERT_TRUE(bundled.catalog) << bundled.error;
    std::set<std::string> cited;
    for (const auto& tp : bundled.catalog->purposes) cited.insert(tp.requirements.begin(), tp.requirements.end());
    EXPECT_GT(cited.size(), 50U);
    EXPECT_EQ(missing_from_catalog(cited), "");
}

TEST(SuitesRequirementsCatalog, EveryRequirementANamedFaultBreaksIsInTheCatalog) {
    std::set<std::string> cited;
    for (const auto& fault : ppp::adapters::reference_faults()) cited.insert(fault.requirements.begin(), fault.requirements.end());
    EXPECT_EQ(missing_from_catalog(cited), "");
}

// The oracle's rules cite their rows as string literals ("LCP-05"): each must resolve.
TEST(SuitesRequirementsCatalog, EveryRequirementTheOracleCitesIsInTheCatalog) {
    const std::regex literal("\"([A-Z]{2,5}-[0-9]{2})\"");
    std::set<std::string> cited;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PPP_SOURCE_DIR) + "/model/src")) {
        const auto extension = entry.path().extension();
        if (extension != ".cpp" && extension != ".hpp") continue;
        std::ifstream in(entry.path());
        ASSERT_TRUE(in) << entry.path();
        std::stringstream text;
        text << in.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it) cited.insert((*it)[1]);
    }
    EXPECT_GT(cited.size(), 80U);
    EXPECT_EQ(missing_from_catalog(cited), "");
}

#ifdef PPP_CONFORM_BIN
// `list --requirements`: every row with its clause, who cites it, and who was shown to fail when a
// named fault broke it (ack-wrong-identifier breaks LCP-05; selftest catches it by a purpose).
TEST(SuitesRequirementsCatalog, ListRequirementsShowsClausesCitationsAndDemonstrations) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    const auto r = ppp::test_tools::run_process({PPP_CONFORM_BIN, "list", "--requirements", "--format", "json"}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["requirements"].size(), ppp::spec::catalog().size());
    const auto row = [&doc](const std::string& id) {
        for (const auto& item : doc["requirements"]) {
            if (item["id"] == id) return item;
        }
        return nlohmann::json();
    };
    EXPECT_EQ(row("FR-04")["clause"], "RFC 1662 App C.2");
    const auto lcp05 = row("LCP-05");
    EXPECT_FALSE(lcp05["cited_by"].empty());
    bool caught = false;
    for (const auto& shown : lcp05["demonstrated_by"]) caught = caught || shown.get<std::string>().find("(fault ack-wrong-identifier)") != std::string::npos;
    EXPECT_TRUE(caught) << lcp05.dump();
    EXPECT_NE(doc["summary"].get<std::string>().find("mandatory rows shown to fail a purpose when broken"), std::string::npos);

    const auto both = ppp::test_tools::run_process({PPP_CONFORM_BIN, "list", "--requirements", "--faults"}, dir);
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_NE(both.err.find("--faults excludes --requirements"), std::string::npos) << both.err;
}
#endif

}  // namespace
