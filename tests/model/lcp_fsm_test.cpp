// The RFC 1661 section 4.1 table, cell by cell, from a copy of SPEC section 3 kept here on purpose:
// the test must not share its table with the model it checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <string>
#include <vector>

#include "ppp/model/lcp_fsm.hpp"

namespace ppp::model {
namespace {

// SPEC section 3, verbatim (columns = states 0..9).
const std::array<std::pair<const char*, std::array<const char*, 10>>, 16> kTable{{
    {"Up", {"2", "irc,scr/6", "-", "-", "-", "-", "-", "-", "-", "-"}},
    {"Down", {"-", "-", "0", "tls/1", "0", "1", "1", "1", "1", "tld/1"}},
    {"Open", {"tls/1", "1", "irc,scr/6", "3r", "5r", "5r", "6", "7", "8", "9r"}},
    {"Close", {"0", "tlf/0", "2", "2", "4", "4", "irc,str/4", "irc,str/4", "irc,str/4", "tld,irc,str/4"}},
    {"TO+", {"-", "-", "-", "-", "str/4", "str/5", "scr/6", "scr/6", "scr/8", "-"}},
    {"TO-", {"-", "-", "-", "-", "tlf/2", "tlf/3", "tlf/3p", "tlf/3p", "tlf/3p", "-"}},
    {"RCR+", {"-", "-", "sta/2", "irc,scr,sca/8", "4", "5", "sca/8", "sca,tlu/9", "sca/8", "tld,scr,sca/8"}},
    {"RCR-", {"-", "-", "sta/2", "irc,scr,scn/6", "4", "5", "scn/6", "scn/7", "scn/6", "tld,scr,scn/6"}},
    {"RCA", {"-", "-", "sta/2", "sta/3", "4", "5", "irc/7", "scr/6x", "irc,tlu/9", "tld,scr/6x"}},
    {"RCN", {"-", "-", "sta/2", "sta/3", "4", "5", "irc,scr/6", "scr/6x", "irc,scr/8", "tld,scr/6x"}},
    {"RTR", {"-", "-", "sta/2", "sta/3", "sta/4", "sta/5", "sta/6", "sta/6", "sta/6", "tld,zrc,sta/5"}},
    {"RTA", {"-", "-", "2", "3", "tlf/2", "tlf/3", "6", "6", "8", "tld,scr/6"}},
    {"RUC", {"-", "-", "scj/2", "scj/3", "scj/4", "scj/5", "scj/6", "scj/7", "scj/8", "scj/9"}},
    {"RXJ+", {"-", "-", "2", "3", "4", "5", "6", "6", "8", "9"}},
    {"RXJ-", {"-", "-", "tlf/2", "tlf/3", "tlf/2", "tlf/3", "tlf/3", "tlf/3", "tlf/3", "tld,irc,str/5"}},
    {"RXR", {"-", "-", "2", "3", "4", "5", "6", "7", "8", "ser/9"}},
}};

// Event order of the table rows = LcpEvent order.
const std::array<LcpEvent, 16> kEvents{
    LcpEvent::Up, LcpEvent::Down, LcpEvent::Open, LcpEvent::Close, LcpEvent::TimeoutPlus,
    LcpEvent::TimeoutMinus, LcpEvent::RcrGood, LcpEvent::RcrBad, LcpEvent::Rca, LcpEvent::Rcn,
    LcpEvent::Rtr, LcpEvent::Rta, LcpEvent::Ruc, LcpEvent::RxjGood, LcpEvent::RxjBad, LcpEvent::Rxr};

struct Expected {
    bool legal = true;
    std::vector<std::string> actions;
    int next = 0;
};

// "irc,scr/6", "3r", "scr/6x", "-"; the footnote letters change nothing with default options.
Expected parse_cell(const std::string& cell, int state) {
    Expected e;
    if (cell == "-") {
        e.legal = false;
        e.next = state;
        return e;
    }
    std::string target = cell;
    const auto slash = cell.find('/');
    if (slash != std::string::npos) {
        std::stringstream acts(cell.substr(0, slash));
        for (std::string a; std::getline(acts, a, ',');) e.actions.push_back(a);
        target = cell.substr(slash + 1);
    }
    e.next = target[0] - '0';
    return e;
}

struct CellCase {
    int event_row;
    int state;
};

std::string case_name(const CellCase& c) {
    std::string name = lcp_state_name(static_cast<LcpState>(c.state));
    name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
    for (char ch : std::string(kTable[static_cast<std::size_t>(c.event_row)].first))
        name += ch == '+' ? std::string("Good") : ch == '-' ? std::string("Bad") : std::string(1, ch);
    return name;
}

class ModelLcpTable : public ::testing::TestWithParam<CellCase> {};

TEST_P(ModelLcpTable, CellMatchesRfc1661) {
    const CellCase c = GetParam();
    const std::string text = kTable[static_cast<std::size_t>(c.event_row)].second[static_cast<std::size_t>(c.state)];
    const Expected want = parse_cell(text, c.state);
    LcpFsm fsm;
    fsm.reset_to(static_cast<LcpState>(c.state), 3);
    const LcpStep step = fsm.fire(kEvents[static_cast<std::size_t>(c.event_row)]);
    std::vector<std::string> got;
    for (LcpAction a : step.actions) got.emplace_back(lcp_action_name(a));
    SCOPED_TRACE(std::string("cell ") + kTable[static_cast<std::size_t>(c.event_row)].first + " " +
                 std::to_string(c.state) + ": " + text + ", model cell " + step.cell);
    EXPECT_EQ(step.legal, want.legal);
    EXPECT_EQ(got, want.actions);
    EXPECT_EQ(static_cast<int>(step.to), want.next);
    EXPECT_EQ(static_cast<int>(fsm.state()), want.next);
    EXPECT_EQ(step.crossed, text.find('x') != std::string::npos);
}

std::vector<CellCase> all_cells() {
    std::vector<CellCase> out;
    for (int e = 0; e < 16; ++e)
        for (int s = 0; s < 10; ++s) out.push_back({e, s});
    return out;
}

INSTANTIATE_TEST_SUITE_P(ModelLcpRfc1661, ModelLcpTable, ::testing::ValuesIn(all_cells()),
                         [](const ::testing::TestParamInfo<CellCase>& p) { return case_name(p.param); });

TEST(ModelLcp, TableHasOneHundredSixtyCellsAndAllLegalOnesAreRows) {
    EXPECT_EQ(all_cells().size(), 160U);
    int legal = 0;
    for (const auto& row : kTable)
        for (const char* cell : row.second) legal += std::string(cell) != "-";
    // Rows in the model = legal cells + the [p] and [r] variants (3 + 4).
    const Coverage cov = LcpFsm{}.coverage();
    EXPECT_EQ(static_cast<int>(cov.transitions.size()), legal + 7);
    EXPECT_EQ(cov.states.size(), 10U);
}

TEST(ModelLcp, ReqSentRcaGoesAckRcvd) {
    LcpFsm fsm;
    fsm.reset_to(LcpState::ReqSent, 5);
    const LcpStep step = fsm.fire(LcpEvent::Rca);
    EXPECT_EQ(step.to, LcpState::AckRcvd);
    EXPECT_EQ(step.cell, "RCA 6: irc/7");
    EXPECT_EQ(fsm.restart_counter(), 10);  // irc reloads Max-Configure
}

TEST(ModelLcp, IllegalEventIsFindingWithoutTransition) {
    LcpFsm fsm;
    fsm.reset_to(LcpState::Opened, 0);
    const LcpStep step = fsm.fire(LcpEvent::TimeoutPlus);
    EXPECT_FALSE(step.legal);
    EXPECT_EQ(fsm.state(), LcpState::Opened);
    EXPECT_TRUE(step.actions.empty());
}

TEST(ModelLcp, PassiveOptionSkipsTlfOnTimeoutMinus) {
    LcpFsmOptions o;
    o.passive = true;
    LcpFsm fsm(o);
    fsm.reset_to(LcpState::AckSent, 0);
    const LcpStep step = fsm.fire(LcpEvent::TimeoutMinus);
    EXPECT_EQ(step.to, LcpState::Stopped);
    EXPECT_TRUE(step.actions.empty());
}

TEST(ModelLcp, RestartOptionOpenInOpenedRenegotiates) {
    LcpFsmOptions o;
    o.restart = true;
    LcpFsm fsm(o);
    fsm.reset_to(LcpState::Opened, 10);
    const LcpStep step = fsm.fire(LcpEvent::Open);
    EXPECT_EQ(step.to, LcpState::ReqSent);
    std::vector<LcpAction> want{LcpAction::tld, LcpAction::irc, LcpAction::scr};
    EXPECT_EQ(step.actions, want);
}

// FSM-02: irc loads Max-Configure, each CR decrements; the 10th CR leaves 0, so the next
// expiry is TO- (no 11th CR).
TEST(ModelLcp, TenthConfigureRequestIsTheLast) {
    LcpFsm fsm;
    fsm.fire(LcpEvent::Open);
    fsm.fire(LcpEvent::Up);  // 1st CR
    int crs = 1;
    for (int i = 0; i < 20; ++i) {
        const LcpStep step = fsm.timeout();
        if (step.event == LcpEvent::TimeoutMinus) {
            EXPECT_EQ(step.to, LcpState::Stopped);
            EXPECT_EQ(step.actions, std::vector<LcpAction>{LcpAction::tlf});
            break;
        }
        EXPECT_EQ(step.actions, std::vector<LcpAction>{LcpAction::scr});
        ++crs;
    }
    EXPECT_EQ(crs, 10);
    EXPECT_FALSE(fsm.timer_running());
}

// FSM-03: Max-Failure counts "Configure-Nak packets sent" (RFC 1661 section 4.6); the table's scn
// may equally send a Reject, which does not count, and an sca starts the count again.
TEST(ModelLcp, MaxFailureCountsNaksNotRejects) {
    LcpFsm fsm;
    fsm.fire(LcpEvent::Open);
    fsm.fire(LcpEvent::Up);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(fsm.fire_rcr_bad(false).actions, std::vector<LcpAction>{LcpAction::scn});
    EXPECT_EQ(fsm.naks_without_ack(), 0);
    fsm.fire_rcr_bad(true);
    fsm.fire_rcr_bad(true);
    fsm.fire_rcr_bad(false);
    EXPECT_EQ(fsm.naks_without_ack(), 2);
    EXPECT_EQ(fsm.state(), LcpState::ReqSent);
    fsm.fire(LcpEvent::RcrGood);
    EXPECT_EQ(fsm.naks_without_ack(), 0);
    fsm.fire(LcpEvent::RcrBad);  // plain fire: the scn is a Nak
    EXPECT_EQ(fsm.naks_without_ack(), 1);
}

// Max-Terminate 2: two TRs, then TO- and tlf/2 from Closing.
TEST(ModelLcp, SecondTerminateRequestIsTheLast) {
    LcpFsm fsm;
    fsm.reset_to(LcpState::Opened, 10);
    LcpStep step = fsm.fire(LcpEvent::Close);
    EXPECT_EQ(fsm.restart_counter(), 1);
    EXPECT_TRUE(fsm.timer_running());
    step = fsm.timeout();
    EXPECT_EQ(step.event, LcpEvent::TimeoutPlus);
    EXPECT_EQ(step.actions, std::vector<LcpAction>{LcpAction::str});
    step = fsm.timeout();
    EXPECT_EQ(step.event, LcpEvent::TimeoutMinus);
    EXPECT_EQ(step.to, LcpState::Closed);
    EXPECT_FALSE(fsm.timer_running());
}

// FSM-04: RTR in Opened zeroes the counter; the pause timer then ends in TO-, tlf/3.
TEST(ModelLcp, OpenedRtrZeroesCounterThenPauseEndsStopped) {
    LcpFsm fsm;
    fsm.reset_to(LcpState::Opened, 10);
    fsm.fire(LcpEvent::Rtr);
    EXPECT_EQ(fsm.state(), LcpState::Stopping);
    EXPECT_EQ(fsm.restart_counter(), 0);
    EXPECT_TRUE(fsm.timer_running());
    const LcpStep step = fsm.timeout();
    EXPECT_EQ(step.event, LcpEvent::TimeoutMinus);
    EXPECT_EQ(step.to, LcpState::Stopped);
}

TEST(ModelLcp, CoverageCountsFiredRowsAndListsTheRest) {
    LcpFsm fsm;
    fsm.fire(LcpEvent::Open);
    fsm.fire(LcpEvent::Up);
    const Coverage cov = fsm.coverage();
    std::uint64_t fired = 0;
    for (const CoverageItem& t : cov.transitions) fired += t.hits;
    EXPECT_EQ(fired, 2U);
    EXPECT_EQ(cov.unfired_transitions().size(), cov.transitions.size() - 2);
    EXPECT_GT(cov.requirements().at("PH-01"), 0U);
    EXPECT_FALSE(cov.unexercised_requirements().empty());
}

TEST(ModelLcp, CopyKeepsStateAndIsIndependent) {
    LcpFsm a;
    a.fire(LcpEvent::Open);
    LcpFsm b = a;
    b.fire(LcpEvent::Up);
    EXPECT_EQ(a.state(), LcpState::Starting);
    EXPECT_EQ(b.state(), LcpState::ReqSent);
}

}  // namespace
}  // namespace ppp::model
