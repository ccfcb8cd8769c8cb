// Plans as text: every intent prints and parses back; bad items name their place and what is
// accepted (DESIGN.md section 9).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "ppp/suites/intent.hpp"

namespace {

using ppp::suites::Intent;
using ppp::suites::IntentArg;
using ppp::suites::IntentKind;

rc::Gen<Intent> any_intent() {
    return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, ppp::suites::kIntentKindCount), [](std::size_t k) {
        const auto& info = ppp::suites::all_intents()[k];
        return rc::gen::map(rc::gen::inRange<std::int64_t>(info.min, info.max + 1),
                            [kind = info.kind](std::int64_t arg) { return Intent{kind, arg}; });
    });
}

TEST(SuitesIntent, TableIsIndexedByKind) {
    ASSERT_EQ(ppp::suites::all_intents().size(), ppp::suites::kIntentKindCount);
    for (std::size_t k = 0; k < ppp::suites::kIntentKindCount; ++k) {
        EXPECT_EQ(static_cast<std::size_t>(ppp::suites::all_intents()[k].kind), k);
    }
}

RC_GTEST_PROP(SuitesIntent, PlanTextRoundTrips, ()) {
    const auto plan = *rc::gen::container<std::vector<Intent>>(any_intent());
    const auto parsed = ppp::suites::parse_plan(ppp::suites::to_text(plan));
    RC_ASSERT(parsed.ok);
    RC_ASSERT(parsed.plan == plan);
}

TEST(SuitesIntent, ParsesDurationsCountsAndPhases) {
    const auto parsed = ppp::suites::parse_plan("ping 5; wait 15s\nwait 250ms # comment\npeer-terminates auth; "
                                                "peer-naks-callback=3; callback-secure off; wait 2m");
    ASSERT_TRUE(parsed.ok) << parsed.error;
    ASSERT_EQ(parsed.plan.size(), 7U);
    EXPECT_EQ(parsed.plan[0], (Intent{IntentKind::Ping, 5}));
    EXPECT_EQ(parsed.plan[1], (Intent{IntentKind::Wait, 15000}));
    EXPECT_EQ(parsed.plan[2], (Intent{IntentKind::Wait, 250}));
    EXPECT_EQ(parsed.plan[3], (Intent{IntentKind::PeerTerminates, 1}));
    EXPECT_EQ(parsed.plan[4], (Intent{IntentKind::PeerNaksCallback, 3}));
    EXPECT_EQ(parsed.plan[5], (Intent{IntentKind::CallbackSecure, 0}));
    EXPECT_EQ(parsed.plan[6], (Intent{IntentKind::Wait, 120000}));
}

TEST(SuitesIntent, UnknownIntentNamesItemAndPosition) {
    const auto parsed = ppp::suites::parse_plan("ping 5; frobnicate 3");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("plan item 2 'frobnicate 3'"), std::string::npos) << parsed.error;
}

TEST(SuitesIntent, OutOfRangeArgumentSaysWhatIsAccepted) {
    auto parsed = ppp::suites::parse_plan("ping 0");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("a count 1..100"), std::string::npos) << parsed.error;
    parsed = ppp::suites::parse_plan("peer-naks-callback 9");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("operation 0..6"), std::string::npos) << parsed.error;
    parsed = ppp::suites::parse_plan("wait soon");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("duration"), std::string::npos) << parsed.error;
    parsed = ppp::suites::parse_plan("send-code-reject-of 256");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("an LCP code 1..255"), std::string::npos) << parsed.error;
    parsed = ppp::suites::parse_plan("send-code-reject-of 9");
    ASSERT_TRUE(parsed.ok) << parsed.error;
    EXPECT_EQ(ppp::suites::to_text(parsed.plan), "send-code-reject-of 9");
    // A protocol number in hex or decimal, printed back in hex (RFC 1661 section 2's notation).
    parsed = ppp::suites::parse_plan("send-protocol 0x8023; send-protocol 35; send-protocol 0; peer-pings-sut 11");
    ASSERT_TRUE(parsed.ok) << parsed.error;
    EXPECT_EQ(parsed.plan[0].arg, 0x8023);
    EXPECT_EQ(ppp::suites::to_text(parsed.plan), "send-protocol 0x8023; send-protocol 0x0023; send-protocol 0x0000; peer-pings-sut 11");
    for (const char* bad : {"send-protocol 0x10000", "send-protocol -1", "send-protocol 0xZZ", "send-protocol 0x"}) {
        parsed = ppp::suites::parse_plan(bad);
        EXPECT_FALSE(parsed.ok) << bad;
        EXPECT_NE(parsed.error.find("a protocol number 0..65535 (decimal or 0x hex)"), std::string::npos) << parsed.error;
    }
    parsed = ppp::suites::parse_plan("peer-pings-sut 12");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("a variant 0..11"), std::string::npos) << parsed.error;
    parsed = ppp::suites::parse_plan("net-busy now");
    EXPECT_FALSE(parsed.ok);
    EXPECT_NE(parsed.error.find("no argument"), std::string::npos) << parsed.error;
}

}  // namespace
