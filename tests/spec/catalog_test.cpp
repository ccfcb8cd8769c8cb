// The requirements catalog as data (spec/requirements.md, issue #13 item 4): rows, levels, clauses.
#include <gtest/gtest.h>

#include <set>

#include "ppp/spec/catalog.hpp"

namespace {

using ppp::spec::catalog;
using ppp::spec::find;
using ppp::spec::parse_catalog;

TEST(SpecCatalog, EveryIdRowOfTheEmbeddedFileIsARequirementOnce) {
    const auto& rows = catalog();
    // The digest the project started from has 131 (section 17's evidence rows cite IDs, they are
    // not requirements).
    EXPECT_GE(rows.size(), 131U);
    std::set<std::string> ids;
    for (const auto& r : rows) EXPECT_TRUE(ids.insert(r.id).second) << r.id << " appears twice";
    for (const auto& r : rows) {
        EXPECT_FALSE(r.text.empty()) << r.id;
        EXPECT_TRUE(r.level == "M" || r.level == "S" || r.level == "O" || r.level == "I") << r.id << " " << r.level;
    }
}

TEST(SpecCatalog, RowsCarryLevelTextAndTheClauseOfTheirSource) {
    const auto* fr04 = find("FR-04");
    ASSERT_NE(fr04, nullptr);
    EXPECT_EQ(fr04->level, "M");
    EXPECT_EQ(fr04->clause, "RFC 1662 App C.2");
    EXPECT_EQ(fr04->confidence, "V");
    EXPECT_NE(fr04->text.find("0xF0B8"), std::string::npos);
    EXPECT_EQ(fr04->section, "1. Framing (FR) — B-channel carries PPP in HDLC-like frames");
    const auto* fsm07 = find("FSM-07");
    ASSERT_NE(fsm07, nullptr);
    EXPECT_NE(fsm07->text.find("crossed connection"), std::string::npos);
    EXPECT_EQ(fsm07->clause, "RFC 1661 §4.3");
}

TEST(SpecCatalog, AmbiguitiesNameTheirProfileKnob) {
    const auto* amb01 = find("AMB-01");
    ASSERT_NE(amb01, nullptr);
    EXPECT_EQ(amb01->level, "O");
    EXPECT_EQ(amb01->knob, "terminate_initiator");
    EXPECT_EQ(amb01->clause, "profile knob terminate_initiator");
}

TEST(SpecCatalog, EscapedPipesStayInsideTheirCell) {
    const auto* obs08 = find("OBS-08");
    ASSERT_NE(obs08, nullptr);
    EXPECT_EQ(obs08->level, "I");
    EXPECT_NE(obs08->text.find("Dialer state is idle|data link layer up"), std::string::npos) << obs08->text;
}

TEST(SpecCatalog, UnknownIdsAndNonRowsAreNotFound) {
    EXPECT_EQ(find("LCP-99"), nullptr);
    EXPECT_EQ(find("ID"), nullptr);
    EXPECT_EQ(find(""), nullptr);
}

TEST(SpecCatalog, ParserReadsEachTableByItsHeaderAndSkipsOtherLines) {
    const auto rows = parse_catalog(
        "## 1. Demo (D)\n"
        "| ID | Lvl | Requirement | Src |\n"
        "|---|---|---|---|\n"
        "| D-01 | M | Do it. | [1661 §5] [CBCP §2.1] [S] |\n"
        "| Code | Name |\n"
        "| D-02 | S | under a table that is not of requirements (its header is not `| ID |`) | |\n"
        "\n"
        "| D-03 | M | a row with no header above it | |\n"
        "## 2. Traps\n"
        "| ID | Trap | Profile knob |\n"
        "| T-01 | One or the other. | `knob` |\n"
        "| T-02 | short row |\n");
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[0].id, "D-01");
    EXPECT_EQ(rows[0].clause, "RFC 1661 §5; MS-CBCP §2.1");
    EXPECT_EQ(rows[0].confidence, "S");
    EXPECT_EQ(rows[1].id, "T-01");
    EXPECT_EQ(rows[1].knob, "knob");
    EXPECT_EQ(rows[1].section, "2. Traps");
    EXPECT_EQ(rows[2].id, "T-02");  // a short row is padded, never read past its end
    EXPECT_EQ(rows[2].knob, "");
}

TEST(SpecCatalog, ClausesNameRfcsItuAndCiscoSources) {
    EXPECT_EQ(ppp::spec::clause_of("[1570 §2.3] [V]"), "RFC 1570 §2.3");
    EXPECT_EQ(ppp::spec::clause_of("[Q931 §5.3.5] [Q850]"), "ITU-T Q.931 §5.3.5; ITU-T Q.850");
    EXPECT_EQ(ppp::spec::clause_of("[C-9575] [U]"), "Cisco document 9575");
    EXPECT_EQ(ppp::spec::clause_of("no brackets"), "");
    EXPECT_EQ(ppp::spec::clause_of("[unterminated"), "");
}

}  // namespace
