// PAP and CHAP per direction (model/src/auth_machine.cpp) through RouterSpec: the Authenticate
// phase and its end (PH-03), Success/Failure, and the rows the tables count.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"
#include "ppp/model/router_spec.hpp"

namespace ppp::model::test {
namespace {

const std::string kAuthr = "auth (SUT authenticates)";
const std::string kAuthee = "auth (SUT authenticated)";

std::uint64_t hits(const Coverage& c, const std::string& machine, const std::string& name) {
    for (const CoverageItem& t : c.transitions)
        if (t.machine == machine && t.name == name) return t.hits;
    ADD_FAILURE() << "no row " << machine << ": " << name;
    return 0;
}

TEST(ModelAuthMachine, ServerChallengesOnBothCallsAndCountsRows) {
    RouterSpec spec = server();
    ASSERT_TRUE(run(spec, server_trace(), 17000ms).conforming);
    const Coverage cov = spec.coverage();
    EXPECT_EQ(hits(cov, kAuthr, "Idle --tlu, CHAP agreed--> Challenge owed"), 2U);
    EXPECT_EQ(hits(cov, kAuthr, "Challenge owed --Challenge sent--> Challenge sent"), 2U);
    EXPECT_EQ(hits(cov, kAuthr, "Challenge sent --Response received--> Success/Failure owed"), 2U);
    EXPECT_EQ(hits(cov, kAuthr, "Success/Failure owed --Success sent--> peer authenticated"), 2U);
    EXPECT_EQ(hits(cov, kAuthr, "awaiting Authenticate-Request --Authenticate-Request received--> Ack/Nak owed"), 0U);
    const auto never = cov.unexercised_requirements();
    EXPECT_EQ(std::find(never.begin(), never.end(), "CHAP-04"), never.end());
    const auto unfired = cov.unfired_transitions();
    EXPECT_NE(std::find(unfired.begin(), unfired.end(), kAuthr + ":Ack/Nak owed --Authenticate-Nak sent--> peer refused"), unfired.end());
}

TEST(ModelAuthMachine, ClientAnswersChallengeAndPhaseFollows) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("resp");
    ASSERT_TRUE(run(spec, t).conforming);
    EXPECT_EQ(spec.phase(1), "Authenticate");  // PH-03: Response sent, no verdict yet
    ASSERT_TRUE(spec.on_event(to_sut(180ms, BFrame{1, chap(kSuccess, 1, {}, "", "Welcome")})).conforming);
    EXPECT_EQ(spec.phase(1), "Callback");  // callback agreed: no NCP on this call (SEQ-01)
    const Coverage cov = spec.coverage();
    EXPECT_EQ(hits(cov, kAuthee, "awaiting Challenge --Challenge received--> Response owed"), 1U);
    EXPECT_EQ(hits(cov, kAuthee, "Response owed --Response sent--> Response sent"), 1U);
    EXPECT_EQ(hits(cov, kAuthee, "Response sent --Success received--> SUT authenticated"), 1U);
}

TEST(ModelAuthMachine, WrongHashGetsFailureAndTheCallIsDropped) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.cut_after("r2ca");
    t.add("chal", from_sut(70ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "WRONG", kChal1), "R2")}));
    t.add("fail", from_sut(90ms, BFrame{1, chap(kFailure, 1, {}, "", "Go away")}));
    ASSERT_TRUE(run(spec, t).conforming);
    EXPECT_EQ(spec.callback_state(), "Idle");  // PH-03: authentication failed, no callback
    const auto owed = spec.owed();
    EXPECT_TRUE(std::any_of(owed.begin(), owed.end(), [](const Obligation& o) { return o.kind == OutputKind::DropCall; }));
    EXPECT_EQ(hits(spec.coverage(), kAuthr, "Success/Failure owed --Failure sent--> peer refused"), 1U);
    EXPECT_TRUE(spec.advance_to(5000ms).violates("CHAP-04"));  // the refusing side must terminate
}

TEST(ModelAuthMachine, SuccessForWrongHashViolatesChap03AndModelFollowsTheHash) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "WRONG", kChal1), "R2")}));
    t.cut_after("succ");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CHAP-03")) << j.explanation;
    EXPECT_EQ(hits(spec.coverage(), kAuthr, "Success/Failure owed --Failure sent--> peer refused"), 1U);
}

TEST(ModelAuthMachine, RenegotiationRestartsAuthentication) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.cut_after("succ2");
    ASSERT_TRUE(run(spec, t).conforming);
    const std::uint64_t before = hits(spec.coverage(), kAuthr, "peer authenticated --tld--> Idle");  // the first call's end
    // The peer renegotiates in Opened: tld ends the Authenticate phase in both directions (PH-03).
    ASSERT_TRUE(spec.on_event(to_sut(16000ms, BFrame{1, lcp(CR, 2, {wire::MagicNumber{0x55555555}})})).conforming);
    const Judgement j = spec.on_event(from_sut(16010ms, BFrame{1, lcp(CA, 2, {wire::MagicNumber{0x55555555}})}));
    ASSERT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(hits(spec.coverage(), kAuthr, "peer authenticated --tld--> Idle"), before + 1);
    EXPECT_EQ(spec.phase(1), "Establish");
}

}  // namespace
}  // namespace ppp::model::test
