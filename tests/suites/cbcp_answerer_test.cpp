// The SUT as CBCP answerer (SPEC section 7, MS-CBCP sections 2.2 and 3.2) against Responses the
// environment's caller would not choose itself (peer-answers-cbcp): the answerer acks a valid one
// and asks again with a new Request otherwise (CBCP-04), holds the return call back for a long
// Delay (CBCP-06), keeps its retransmission timer (CBCP-05), never offers "no callback" under
// callback-secure (CCB-05) and never ends the link before its first Request (CB-08). Each rule is
// shown failing on the reference under a profile or PIXIT that claims otherwise.
#include <gtest/gtest.h>

#include "lab_fixtures.hpp"

namespace {

using ppp::suites::LabSetup;
using ppp::suites::PlanOutcome;
using ppp::suites_test::plan_of;
using ppp::suites_test::setup_for;
using ppp::suites_test::violates;
using Role = ppp::model::Role;

PlanOutcome run(const LabSetup& setup, const std::string& plan) { return ppp::suites_test::run_on_reference(setup, plan); }
std::string explain(const PlanOutcome& o) { return ppp::suites_test::explain(o, 200); }

// Every violation's explanation, one per line.
std::string explanations(const PlanOutcome& o) {
    std::string all;
    for (const auto& v : o.violations) all += v.explanation + "\n";
    return all;
}

// How many Callback-Requests the SUT sent, read from the trace.
std::size_t cbcp_requests(const PlanOutcome& o) {
    const std::string trace = ppp::suites::render_trace(o, 400);
    std::size_t n = 0;
    for (std::size_t at = trace.find("CBCP Request"); at != std::string::npos; at = trace.find("CBCP Request", at + 1)) ++n;
    return n;
}

TEST(SuitesCbcpAnswerer, EveryAnswerThePeerCanGiveIsTakenOrAskedAgainAndTheCallbackFollows) {
    for (const char* answer : {"1", "2", "3", "4", "5"}) {
        const PlanOutcome o = run(setup_for(Role::Server), std::string("client-requests-cbcp; peer-answers-cbcp ") + answer +
                                                               "; ping 1; wait 40s");
        EXPECT_TRUE(o.conforming) << answer << "\n" << explain(o);
        EXPECT_GE(o.calls.size(), 2U) << answer << ": the first call and the return call\n" << explain(o);
    }
}

// MS-CBCP section 3.2.5.3: an answer the answerer cannot take is followed by a new Request.
TEST(SuitesCbcpAnswerer, AnUnusableResponseGetsANewRequestNotAnAck) {
    const PlanOutcome plain = run(setup_for(Role::Server), "client-requests-cbcp; ping 1; wait 40s");
    for (const char* answer : {"1", "2", "4"}) {
        const PlanOutcome o = run(setup_for(Role::Server), std::string("client-requests-cbcp; peer-answers-cbcp ") + answer +
                                                               "; ping 1; wait 40s");
        EXPECT_EQ(cbcp_requests(o), cbcp_requests(plain) + 1) << answer << "\n" << explain(o);
    }
}

// CBCP-05: a garbled Response is dropped, so the Request is retransmitted; a profile claiming a
// 5 s retransmission timer makes the reference's 2 s one early.
TEST(SuitesCbcpAnswerer, ARetransmissionBeforeTheProfilesTimerViolatesCbcp05) {
    LabSetup setup = setup_for(Role::Server);
    const PlanOutcome fine = run(setup, "client-requests-cbcp; peer-garbles-cbcp; ping 1; wait 30s");
    EXPECT_TRUE(fine.conforming) << explain(fine);
    setup.profile.callback.cbcp_retransmit = std::chrono::milliseconds(5000);
    const PlanOutcome o = run(setup, "client-requests-cbcp; peer-garbles-cbcp; ping 1; wait 30s");
    EXPECT_TRUE(violates(o, "CBCP-05")) << explain(o);
    EXPECT_NE(explanations(o).find("retransmission timer is 5000 ms"), std::string::npos) << explain(o);
}

// CCB-05: the PIXIT configures the server without callback-secure, so it offers "no callback";
// a profile that claims callback-secure forbids that offer.
TEST(SuitesCbcpAnswerer, OfferingNoCallbackUnderCallbackSecureViolatesCcb05) {
    LabSetup setup = setup_for(Role::Server);
    setup.parameters.server.callback_secure = false;
    ppp::suites::apply_parameters(setup);
    setup.profile.callback.secure = false;
    EXPECT_TRUE(run(setup, "client-requests-cbcp; ping 1; wait 40s").conforming);
    setup.profile.callback.secure = true;
    const PlanOutcome o = run(setup, "client-requests-cbcp; ping 1; wait 40s");
    EXPECT_TRUE(violates(o, "CCB-05")) << explain(o);
    EXPECT_NE(explanations(o).find("offers \"no callback\" under callback-secure"), std::string::npos) << explain(o);
}

// CB-08: a caller that is no callback user is dropped before CBCP only under callback-secure.
TEST(SuitesCbcpAnswerer, EndingTheLinkBeforeTheFirstRequestViolatesCb08UnlessCallbackSecureDropsTheCaller) {
    LabSetup setup = setup_for(Role::Server);
    setup.parameters.server.callback_users.clear();
    ppp::suites::apply_parameters(setup);
    const PlanOutcome secure = run(setup, "client-requests-cbcp; ping 1; wait 20s");
    EXPECT_TRUE(secure.conforming) << explain(secure);
    setup.profile.callback.secure = false;  // the profile claims no callback-secure; the SUT still drops the caller
    const PlanOutcome o = run(setup, "client-requests-cbcp; ping 1; wait 20s");
    EXPECT_TRUE(violates(o, "CB-08")) << explain(o);
    EXPECT_NE(explanations(o).find("before any CBCP Callback-Request"), std::string::npos) << explain(o);
}

}  // namespace
