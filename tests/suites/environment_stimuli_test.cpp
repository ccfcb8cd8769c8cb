// Stimuli of the environment that take rows of the model no other stimulus reaches (issue #15):
// the network's other legitimate ways with the SUT's calls (net-answers-call, net-clears-call,
// net-never-answers, net-releases-at-once; Q.931 sections 5.1-5.3 and Table 9-2), the peer's
// Configure-Nak of the SUT's latest Request (send-configure-nak, RFC 1661 RCN) and PAP after a Nak
// of CHAP (sut-allows-pap, peer-naks-chap; RFC 1334 section 2). Each plan is
// judged conforming against the reference and makes the oracle take the rows it is for; planted
// defects on those paths are caught.
#include <gtest/gtest.h>

#include "lab_fixtures.hpp"
#include "ppp/model/router_spec.hpp"

namespace {

using ppp::suites::Lab;
using ppp::suites::PlanOutcome;
using ppp::suites_test::plan_of;
using ppp::suites_test::setup_for;
using ppp::suites_test::violates;
using Role = ppp::model::Role;

using ppp::suites_test::explain;
PlanOutcome run(const ppp::suites::LabSetup& setup, const std::string& plan) { return ppp::suites_test::run_on_reference(setup, plan); }
PlanOutcome run(Role role, const std::string& plan, std::vector<std::string> faults = {}) {
    return run(setup_for(role, std::move(faults)), plan);
}

// Hits of the row of `machine` whose name starts "FROM --EVENT--> TO" (state names as the table
// spells them; LCP rows go on with their RFC 1661 action text).
std::uint64_t hits_of(const PlanOutcome& o, const std::string& machine, const std::string& row) {
    for (const auto& t : ppp::model::RouterSpec::coverage_of(o.coverage).transitions)
        if (t.machine == machine && t.name.rfind(row, 0) == 0) return t.hits;
    ADD_FAILURE() << "the " << machine << " table has no row " << row;
    return 0;
}
std::uint64_t q931_hits(const PlanOutcome& o, const std::string& row) { return hits_of(o, "q931", row); }

// The plan conforms and takes each of `rows` of `machine`.
void expect_conforming_taking(const PlanOutcome& o, const std::string& machine, const std::vector<std::string>& rows) {
    EXPECT_TRUE(o.conforming) << explain(o);
    for (const auto& row : rows) EXPECT_GT(hits_of(o, machine, row), 0U) << row << "\n" << explain(o);
}


void expect_conforming_with_rows(Role role, const std::string& plan, const std::vector<std::string>& rows) {
    const PlanOutcome o = run(role, plan);
    EXPECT_TRUE(o.conforming) << plan << "\n" << explain(o);
    for (const auto& row : rows) EXPECT_GT(q931_hits(o, row), 0U) << plan << ": " << row << "\n" << explain(o);
}

constexpr const char* kU1 = "U1 Call initiated";
constexpr const char* kU3 = "U3 Outgoing call proceeding";
constexpr const char* kU4 = "U4 Call delivered";
constexpr const char* kU6 = "U6 Call present";
constexpr const char* kU8 = "U8 Connect request";
constexpr const char* kU10 = "U10 Active";
constexpr const char* kU12 = "U12 Disconnect indication";
constexpr const char* kU19 = "U19 Release request";
constexpr const char* kU0 = "U0 Null";

std::string row(const char* from, const char* event, const char* to) {
    return std::string(from) + " --" + event + "--> " + to;
}

TEST(SuitesNetworkBehaviour, AlertingAsTheFirstAnswerThenConnect) {
    expect_conforming_with_rows(Role::Client, "net-answers-call 1; ping 1; wait 10s",
                                {row(kU1, "ALERTING in", kU4), row(kU4, "CONNECT in", kU10)});
}

TEST(SuitesNetworkBehaviour, CallProceedingThenAlertingThenConnect) {
    expect_conforming_with_rows(Role::Client, "net-answers-call 2; ping 1; wait 10s",
                                {row(kU1, "CALL PROC in", kU3), row(kU3, "ALERTING in", kU4), row(kU4, "CONNECT in", kU10)});
}

TEST(SuitesNetworkBehaviour, ProgressWhileTheCallProceeds) {
    expect_conforming_with_rows(Role::Client, "net-answers-call 3; ping 1; wait 10s",
                                {row(kU3, "PROGRESS in", kU3), row(kU3, "ALERTING in", kU4)});
}

TEST(SuitesNetworkBehaviour, ConnectAsTheFirstAnswer) {
    expect_conforming_with_rows(Role::Client, "net-answers-call 4; ping 1; wait 10s", {row(kU1, "CONNECT in", kU10)});
}

// Q.931 section 5.1.2: the B-channel goes in the network's first answer; a CONNECT without
// Channel identification leaves it as CALL PROCEEDING named it, B1 or B2 (ISDN-02, ISDN-07).
TEST(SuitesNetworkBehaviour, ConnectWithoutChannelIdentificationKeepsTheChannelOfTheFirstAnswer) {
    expect_conforming_with_rows(Role::Client, "net-answers-call 5; ping 1; wait 10s",
                                {row(kU1, "CALL PROC in", kU3), row(kU3, "CONNECT in", kU10)});
    const PlanOutcome b2 = run(Role::Client, "net-assigns-b2; net-answers-call 5; ping 1; wait 10s");
    EXPECT_TRUE(b2.conforming) << explain(b2);
    EXPECT_NE(explain(b2).find("<- SUT B2  LCP ConfReq"), std::string::npos) << explain(b2);
}

TEST(SuitesNetworkBehaviour, TheSutsReturnCallTooIsAnsweredAsArmed) {
    // A server SUT places the return call: the script applies to it.
    expect_conforming_with_rows(Role::Server, "net-answers-call 1; ping 1; wait 30s", {row(kU1, "ALERTING in", kU4)});
}

TEST(SuitesNetworkBehaviour, DisconnectAnsweringTheSetup) {
    expect_conforming_with_rows(Role::Client, "net-clears-call 1; ping 1; wait 5s",
                                {row(kU1, "DISCONNECT in", kU12), row(kU12, "RELEASE out", kU19)});
}

TEST(SuitesNetworkBehaviour, ReleaseCompleteAfterCallProceeding) {
    expect_conforming_with_rows(Role::Client, "net-clears-call 2; ping 1; wait 5s", {row(kU3, "RELEASE COMPLETE in", kU0)});
}

TEST(SuitesNetworkBehaviour, AlertedAndNeverAnswered) {
    expect_conforming_with_rows(Role::Client, "net-clears-call 3; ping 1; wait 20s", {row(kU4, "DISCONNECT in", kU12)});
}

TEST(SuitesNetworkBehaviour, IncomingCallWithdrawnWithRelease) {
    // The reference answers a SETUP at once (CALL PROCEEDING, CONNECT): the network's RELEASE,
    // sent before it saw that answer, reaches the SUT in U8 (a SUT still in U6 takes U6's row).
    expect_conforming_with_rows(Role::Server, "net-clears-call 4; ping 1; wait 5s", {row(kU8, "RELEASE in", kU0)});
}

TEST(SuitesNetworkBehaviour, IncomingCallWithdrawnWithDisconnectOnTheFirstAnswer) {
    expect_conforming_with_rows(Role::Server, "net-clears-call 5; ping 1; wait 5s", {row(kU8, "DISCONNECT in", kU12)});
}

TEST(SuitesNetworkBehaviour, SetupAndItsRepetitionUnansweredEndTheAttemptAtT303) {
    expect_conforming_with_rows(Role::Client, "net-never-answers 1; ping 1; wait 25s; ping 1; wait 10s",
                                {row(kU1, "T303 expiry", kU1), row(kU1, "T303 expiry", kU0), row(kU1, "CALL PROC in", kU3)});
}

TEST(SuitesNetworkBehaviour, ACallGivenUpAtT303StartsTheEnableTimeout) {
    // DDR-06: the line is unusable after a failure, and a SETUP left unanswered twice is one (the
    // SUT clears it with its own RELEASE COMPLETE, Q.931 section 5.1.1): traffic in the next
    // 15 s owes no call. Model generation found the oracle owing one (TP-ISDN-P02, seed 1).
    const PlanOutcome o = run(Role::Client, "net-never-answers 1; ping 5");
    EXPECT_TRUE(o.conforming) << explain(o);
}

TEST(SuitesNetworkBehaviour, NothingAfterCallProceedingRunsOutT310) {
    expect_conforming_with_rows(Role::Client, "net-never-answers 2; ping 1; wait 40s", {row(kU3, "T310 expiry", kU3)});
}

TEST(SuitesNetworkBehaviour, ConnectNeverAcknowledgedRunsOutT313) {
    expect_conforming_with_rows(Role::Server, "net-never-answers 3; ping 1; wait 10s", {row(kU8, "T313 expiry", kU8)});
}

TEST(SuitesNetworkBehaviour, ReleaseNeverAnsweredIsRepeatedOnceAtT308) {
    expect_conforming_with_rows(Role::Server, "ping 1; wait 20s; net-never-answers 4; net-drop-line; wait 15s",
                                {row(kU19, "T308 expiry", kU19), row(kU19, "T308 expiry", kU0)});
}

TEST(SuitesNetworkBehaviour, ReleaseRightBehindTheDisconnectCollidesWithTheSutsOwn) {
    // The reference answers the DISCONNECT at once; the network's RELEASE meets it in U19 (a SUT
    // still in U12 takes U12's row).
    expect_conforming_with_rows(Role::Client, "ping 1; wait 20s; net-releases-at-once; net-drop-line; wait 10s",
                                {row(kU19, "RELEASE in", kU0)});
}

TEST(SuitesNetworkBehaviour, AnArgumentOutOfRangeIsSkippedNotApplied) {
    const PlanOutcome o = run(Role::Client, "ping 1; wait 1s");
    Lab lab(ppp::adapters::make_reference_bench());
    const PlanOutcome bad = lab.run(setup_for(Role::Client), {{ppp::suites::IntentKind::NetClearsCall, 9},
                                                             {ppp::suites::IntentKind::Ping, 1}});
    ASSERT_FALSE(bad.intents.empty());
    EXPECT_FALSE(bad.intents[0].applied);
    EXPECT_NE(bad.intents[0].note.find("1..5"), std::string::npos) << bad.intents[0].note;
    EXPECT_TRUE(bad.conforming) << explain(bad);
    EXPECT_EQ(q931_hits(bad, row(kU1, "CALL PROC in", kU3)), q931_hits(o, row(kU1, "CALL PROC in", kU3)));
}

// Planted defects of the reference on these paths.
TEST(SuitesNetworkBehaviour, ASetupNotRepeatedAtT303IsCaught) {
    const PlanOutcome o = run(Role::Client, "net-never-answers 1; ping 1; wait 10s", {"t303-not-honoured"});
    EXPECT_FALSE(o.conforming);
    EXPECT_TRUE(violates(o, "ISDN-02")) << explain(o);
}

TEST(SuitesNetworkBehaviour, AConnectAfterAlertingLeftUnacknowledgedIsCaught) {
    const PlanOutcome o = run(Role::Client, "net-answers-call 1; ping 1; wait 10s", {"no-connect-ack"});
    EXPECT_FALSE(o.conforming);
    EXPECT_TRUE(violates(o, "ISDN-02")) << explain(o);
}

TEST(SuitesNetworkBehaviour, ADisconnectAfterAlertingAnsweredWithReleaseCompleteIsCaught) {
    const PlanOutcome o = run(Role::Client, "net-clears-call 3; ping 1; wait 20s", {"disconnect-answered-with-release-complete"});
    EXPECT_FALSE(o.conforming);
    EXPECT_TRUE(violates(o, "ISDN-05")) << explain(o);
}

TEST(SuitesNetworkBehaviour, AWithdrawingReleaseLeftUnansweredIsCaught) {
    const PlanOutcome o = run(Role::Server, "net-clears-call 4; ping 1; wait 5s", {"no-release-complete"});
    EXPECT_FALSE(o.conforming);
    EXPECT_TRUE(violates(o, "ISDN-05")) << explain(o);
}

TEST(SuitesNetworkBehaviour, ADisconnectAtT310WithoutItsCauseIsCaught) {
    const PlanOutcome o = run(Role::Client, "net-never-answers 2; ping 1; wait 40s", {"disconnect-without-cause"});
    EXPECT_FALSE(o.conforming);
    EXPECT_TRUE(violates(o, "ISDN-05")) << explain(o);
}

// RFC 1661 section 4.1, RCN in Opened: "tld, scr/6" (the link renegotiates), then back to Opened
// and traffic flows; the Nak names the SUT's latest Request by its Identifier (section 5.3).
TEST(SuitesPeerStimuli, AConfigureNakInOpenedRenegotiatesTheLink) {
    const PlanOutcome o = run(Role::Client, "ping 1; wait 20s; send-configure-nak; wait 5s; ping 2; wait 5s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(hits_of(o, "lcp", "Opened --RCN--> Req-Sent"), 0U) << explain(o);
    bool nak_sent = false;
    for (const auto& m : o.port_log) {
        const auto* lcp = m.decoded().packet<ppp::wire::LcpPacket>();
        nak_sent = nak_sent || (m.to_sut() && lcp != nullptr && lcp->kind() == ppp::wire::LcpCode::ConfNak);
    }
    EXPECT_TRUE(nak_sent) << explain(o);
}

TEST(SuitesPeerStimuli, AConfigureNakWithoutALinkIsSkippedWithTheReason) {
    const PlanOutcome o = run(Role::Client, "send-configure-nak; wait 1s");
    ASSERT_FALSE(o.intents.empty());
    EXPECT_FALSE(o.intents[0].applied);
    EXPECT_EQ(o.intents[0].note, "no LCP link is up");
}

// RFC 1334 section 2: CHAP first; PAP once the peer's Configure-Nak asks for it (RFC 1661
// section 5.3: the Nak carries the value wanted). The oracle took the Nak's PAP for the refused
// protocol and called the SUT's next Request a PAP-04 violation; the refused one is the CHAP asked.
TEST(SuitesPeerStimuli, PapAfterTheNakOfChapAuthenticatesThePeer) {
    for (const Role role : {Role::Server, Role::Client}) {
        const PlanOutcome o = run(role, "sut-allows-pap; peer-naks-chap; ping 1; wait 30s");
        EXPECT_TRUE(o.conforming) << explain(o);
        EXPECT_GT(hits_of(o, "auth (SUT authenticates)", "Idle --tlu, PAP agreed--> awaiting Authenticate-Request"), 0U) << explain(o);
        EXPECT_GT(hits_of(o, "auth (SUT authenticates)", "Ack/Nak owed --Authenticate-Ack sent--> peer authenticated"), 0U)
            << explain(o);
    }
}

TEST(SuitesPeerStimuli, AWrongPapPasswordIsNakedAndTheLinkEnds) {
    const PlanOutcome o = run(Role::Server, "sut-allows-pap; peer-naks-chap; peer-wrong-secret; ping 1; wait 30s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(hits_of(o, "auth (SUT authenticates)", "Ack/Nak owed --Authenticate-Nak sent--> peer refused"), 0U) << explain(o);
}

// A SUT configured for CHAP alone never offers PAP: the Nak leaves it asking CHAP again.
TEST(SuitesPeerStimuli, WithoutPapConfiguredTheNakOfChapGetsChapAgain) {
    const PlanOutcome o = run(Role::Server, "peer-naks-chap; ping 1; wait 30s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_EQ(hits_of(o, "auth (SUT authenticates)", "Idle --tlu, PAP agreed--> awaiting Authenticate-Request"), 0U);
    EXPECT_GT(hits_of(o, "auth (SUT authenticates)", "Idle --tlu, CHAP agreed--> Challenge owed"), 0U);
}

// RFC 1994 section 4.2 / RFC 1334 section 2.2.2: the peer refuses the SUT; its own check of the
// peer passes, so the SUT meets the refusal itself (state "SUT refused", then the link ends).
TEST(SuitesPeerStimuli, ThePeerRefusingTheSutWithChapOrPapEndsInSutRefused) {
    for (const char* plan : {"peer-refuses-sut; ping 1; wait 30s", "peer-uses-pap; peer-refuses-sut; ping 1; wait 30s"}) {
        const PlanOutcome o = run(Role::Server, plan);
        EXPECT_TRUE(o.conforming) << plan << "\n" << explain(o);
        const char* row = std::string(plan).find("pap") != std::string::npos
                              ? "Authenticate-Request sent --Authenticate-Nak received--> SUT refused"
                              : "Response sent --Failure received--> SUT refused";
        EXPECT_GT(hits_of(o, "auth (SUT authenticated)", row), 0U) << plan << "\n" << explain(o);
        EXPECT_GT(hits_of(o, "auth (SUT authenticated)", "SUT refused --tld--> Idle"), 0U) << plan << "\n" << explain(o);
    }
}

// RFC 1994 section 4.1 / RFC 1334 section 2.2.1: a Response (Request) repeated after the verdict
// gets the same code again; the SUT answered the first copy before the repeat arrived.
TEST(SuitesPeerStimuli, AResponseOrRequestRepeatedAfterTheVerdictGetsItAgain) {
    const std::string authr = "auth (SUT authenticates)";
    const PlanOutcome chap = run(Role::Server, "ping 1; peer-repeats-auth; wait 20s; ping 2; wait 2s");
    EXPECT_TRUE(chap.conforming) << explain(chap);
    EXPECT_GT(hits_of(chap, authr, "peer authenticated --Response received--> peer authenticated"), 0U) << explain(chap);
    EXPECT_GT(hits_of(chap, authr, "peer authenticated --Success sent--> peer authenticated"), 0U) << explain(chap);
    const PlanOutcome pap = run(Role::Server, "sut-allows-pap; ping 1; peer-naks-chap; peer-repeats-auth; wait 20s; ping 2; wait 2s");
    EXPECT_TRUE(pap.conforming) << explain(pap);
    EXPECT_GT(hits_of(pap, authr, "peer authenticated --Authenticate-Request received--> peer authenticated"), 0U) << explain(pap);
    EXPECT_GT(hits_of(pap, authr, "peer authenticated --Authenticate-Ack sent--> peer authenticated"), 0U) << explain(pap);
}

// AMB-22: a Success that comes before any Challenge answers no Response (RFC 1994 section 4.2).
// Under cisco-ios the SUT discards it and authenticates when the Challenge comes; a profile whose
// authenticatee takes it (pppd) holds the SUT authenticated there, so the reference, which waits,
// owes the first call's drop too early for that profile.
TEST(SuitesPeerStimuli, AVerdictBeforeAnyChallengeIsDiscardedOrTakenAsTheProfileSays) {
    const std::string plan = "peer-skips-challenge 1; ping 1; wait 20s";
    const PlanOutcome discarded = run(Role::Server, plan);
    EXPECT_TRUE(discarded.conforming) << explain(discarded);
    EXPECT_GT(hits_of(discarded, "rules", "a CHAP verdict before the SUT's Response"), 0U);
    EXPECT_EQ(hits_of(discarded, "auth (SUT authenticated)", "awaiting Challenge --Success received--> SUT authenticated"), 0U);

    auto setup = setup_for(Role::Server);
    setup.profile.auth.verdict_before_response = true;
    const PlanOutcome taken = run(setup, plan);
    EXPECT_FALSE(taken.conforming);
    EXPECT_GT(hits_of(taken, "auth (SUT authenticated)", "awaiting Challenge --Success received--> SUT authenticated"), 0U);
}

// RFC 1661 Close 8: the idle timeout (DDR-03) meets a renegotiation stalled in Ack-Sent because
// the peer's Configure-Acks are lost: irc, str, Closing.
TEST(SuitesPeerStimuli, LostConfigureAcksStallARenegotiationInAckSentUntilTheIdleTimeout) {
    const PlanOutcome o =
        run(Role::Client, "ping 1; wait 20s; wait 85s; peer-acks-lost 10; peer-ignores-terminate; renegotiate; wait 40s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(hits_of(o, "lcp", "Ack-Sent --TO+--> Ack-Sent"), 0U) << explain(o);
    EXPECT_GT(hits_of(o, "lcp", "Ack-Sent --Close--> Closing"), 0U) << explain(o);
}

// In Stopping the SUT answers no Configure-Request; one carrying an option type it has
// Configure-Rejected on this link is RCR- (LCP-07), not RCR+.
TEST(SuitesPeerStimuli, ARequestWithAnOptionTheSutRejectedIsRcrMinusInStopping) {
    const PlanOutcome o = run(Role::Server, "ping 1; wait 20s; unknown-option; renegotiate; wait 5s; unknown-option; "
                                            "peer-terminates network; wait 10s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(hits_of(o, "lcp", "Stopping --RCR---> Stopping"), 0U) << explain(o);
    EXPECT_EQ(hits_of(o, "lcp", "Stopping --RCR+--> Stopping"), 0U) << explain(o);
}

// RFC 1661 Closing: a Configure-Request gets no answer. The SUT's idle timeout (DDR-03) closes a
// renegotiation the peer still pursues (its own idle timer set longer, its Terminate-Acks lost):
// the peer's retransmitted Request carries the option the SUT rejected on this link (LCP-07), RCR-.
TEST(SuitesPeerStimuli, ARequestWithAnOptionTheSutRejectedIsRcrMinusInClosing) {
    const std::string plan = "peer-idle-timeout 600s; ping 1; wait 20s; wait 90s; peer-ignores-terminate; "
                             "peer-repeats-unknown-option 10; renegotiate; wait 40s";
    expect_conforming_taking(run(Role::Client, plan), "lcp", {"Closing --RCR---> Closing"});
    // Without the peer's longer idle timer both sides close within a millisecond: no Request
    // reaches the SUT while it closes.
    const PlanOutcome same_timer = run(Role::Client, plan.substr(plan.find(';') + 2));
    EXPECT_EQ(hits_of(same_timer, "lcp", "Closing --RCR---> Closing"), 0U) << explain(same_timer);
}

// FSM-08 before authentication ends: the peer's Request with a Callback operation the server
// acks (op 1) leaves its own Request unacknowledged; a renegotiation without the option in that
// window makes the call an ordinary one, and the peer's retransmitted Request (op 0) agrees
// callback again: the server calls back as last agreed (CB-02, CB-03).
TEST(SuitesPeerStimuli, ARenegotiationBeforeAuthenticationDropsTheCallbackAndTheNextBringsItBack) {
    expect_conforming_taking(run(Role::Server, "peer-proposes-op 1; ping 1; renegotiate; wait 20s"), "callback",
                             {"Agreed --renegotiated without callback--> FirstCall", "NoCallback --renegotiated with callback--> Agreed",
                              "CallingBack --return call connected--> ReturnCall"});
}

// RFC 1661 RCA in Stopping (5): ignored. With no time per intent, the peer's Terminate-Request
// lands between its Configure-Ack and that Ack's duplicate.
TEST(SuitesPeerStimuli, AConfigureAckInStoppingIsIgnored) {
    auto setup = setup_for(Role::Server);
    setup.step = std::chrono::milliseconds{0};
    expect_conforming_taking(
        run(setup, "ping 1; wait-sut 5s; wait-sut 5s; wait-sut 5s; duplicate-next; wait-sut 5s; peer-terminates auth; wait 10s"), "lcp",
        {"Opened --RTR--> Stopping", "Stopping --RCA--> Stopping"});
}

// RFC 1661 RXJ- in Closing (4): tlf, Closed. The idle timeout closes the link; the peer's
// Terminate-Acks are lost, and its Code-Reject of Configure-Request arrives while the SUT closes.
TEST(SuitesPeerStimuli, ACodeRejectOfConfigureRequestInClosingEndsTheLink) {
    const std::string closing = "peer-ignores-terminate; ping 1; wait 20s; wait-sut 150s; ";
    expect_conforming_taking(run(Role::Client, closing + "send-code-reject-fatal; wait 10s"), "lcp", {"Closing --RXJ---> Closed"});
    // RCN in Closing (4): ignored, the SUT goes on closing.
    expect_conforming_taking(run(Role::Client, closing + "send-configure-nak; wait 10s"), "lcp", {"Closing --RCN--> Closing"});
}

// RFC 1661 section 5.6 in Opened (LCP-10): a Code-Reject of a code LCP cannot do without (1-7)
// is RXJ- (tld, irc, str: Stopping); of Echo, Discard or Protocol-Reject (8-11) what the profile
// claims (AMB-21: cisco-ios, permitted); of 12 and beyond RXJ+ (the link stays Opened).
TEST(SuitesPeerStimuli, ACodeRejectIsTakenByTheClassOfTheRejectedCode) {
    const std::string opened = "ping 1; wait 20s; send-code-reject-of ";
    expect_conforming_taking(run(Role::Server, opened + "7; wait 10s"), "lcp", {"Opened --RXJ---> Stopping"});
    for (const char* permitted : {"8", "11", "12", "14", "255"})
        expect_conforming_taking(run(Role::Server, opened + permitted + "; wait 10s"), "lcp", {"Opened --RXJ+--> Opened"});
    // A profile that claims 8-11 catastrophic owes the Terminate-Request the reference never sends.
    ppp::suites::LabSetup strict = setup_for(Role::Server, {});
    strict.profile.lcp.code_reject_8_11_permitted = false;
    const PlanOutcome o = run(strict, opened + "9; wait 10s");
    EXPECT_FALSE(o.conforming) << explain(o);
    EXPECT_TRUE(violates(o, "FSM-02")) << explain(o);
}

// RFC 1994 section 4.1 (CHAP-02): "Additional Challenge packets MUST be sent until a valid
// Response packet is received, or an optional retry counter expires"; RFC 1334 section 2.2.1
// (PAP-02) likewise for the Authenticate-Request. The profile claims the retry time and count:
// the reference (3 s, 10 tries) conforms to cisco-ios (2 s within the tolerance, 10), and a
// profile that claims otherwise shows each way of missing the claim.
TEST(SuitesPeerStimuli, AnUnansweredChallengeOrRequestIsRepeatedAsTheProfileClaims) {
    const std::string chap = "peer-auth-lost 4; ping 1; wait 60s";
    const PlanOutcome o = run(Role::Server, chap);
    EXPECT_TRUE(o.conforming) << explain(o);
    // The reference's first Challenge and its 9 repeats on the first call, then its Terminate-Request.
    const std::string trace = explain(o);
    std::size_t challenges = 0;
    for (auto at = trace.find("<- SUT B1  CHAP Challenge"); at != std::string::npos && at < trace.find("LCP TermReq");
         at = trace.find("<- SUT B1  CHAP Challenge", at + 1))
        ++challenges;
    EXPECT_EQ(challenges, 10U) << trace;
    const PlanOutcome pap = run(Role::Client, "peer-uses-pap; peer-auth-lost 3; ping 1; wait 60s");
    EXPECT_TRUE(pap.conforming) << explain(pap);

    auto with_auth = [](Role role, int retry_ms, int max_tries) {
        ppp::suites::LabSetup s = setup_for(role, {});
        s.profile.auth.retry = std::chrono::milliseconds{retry_ms};
        s.profile.auth.max_tries = max_tries;
        return s;
    };
    // More tries claimed than the SUT makes: it gave up early.
    PlanOutcome early_end = run(with_auth(Role::Server, 3000, 12), chap);
    EXPECT_TRUE(violates(early_end, "CHAP-02")) << explain(early_end);
    EXPECT_NE(explain(early_end).find("Terminate-Request after 10 unanswered Challenges, before try 11 of the 12"), std::string::npos)
        << explain(early_end);
    // A longer retry time claimed: each repeat comes early.
    PlanOutcome early = run(with_auth(Role::Server, 6000, 10), chap);
    EXPECT_NE(explain(early).find("CHAP Challenge repeated 3000 ms after the last one; the retry time is 6000 ms"), std::string::npos)
        << explain(early);
    // A shorter one: the repeat is late (owed by 500 ms + the 2 s tolerance).
    PlanOutcome late = run(with_auth(Role::Client, 500, 10), "peer-uses-pap; peer-auth-lost 3; ping 1; wait 60s");
    EXPECT_TRUE(violates(late, "PAP-02")) << explain(late);
    EXPECT_NE(explain(late).find("PAP Authenticate-Request again on B1 (try 2 of 10"), std::string::npos) << explain(late);
}

// A SUT that authenticates no one: the client's authenticator stays Idle through the link's
// tld; a callback server answers op 0 as its profile says (AMB-03).
TEST(SuitesPeerStimuli, ASutWithoutAuthenticationAsksForNone) {
    const PlanOutcome client = run(Role::Client, "sut-no-auth; ping 1; wait 20s; renegotiate; wait 5s");
    EXPECT_TRUE(client.conforming) << explain(client);
    EXPECT_GT(hits_of(client, "auth (SUT authenticates)", "Idle --tld--> Idle"), 0U) << explain(client);
    const PlanOutcome server = run(Role::Server, "sut-no-auth; ping 1; wait 20s");
    EXPECT_TRUE(server.conforming) << explain(server);
    EXPECT_GT(hits_of(server, "rules", "server's answer to op 0 without authentication"), 0U) << explain(server);
}

// RFC 1334 section 2.2.1: the Authenticate-Request is repeated until a reply comes, each with a
// new Identifier (PAP-02); the lost Ack leaves the SUT in "Authenticate-Request sent".
TEST(SuitesPeerStimuli, APapAckLostOnTheLineGetsTheRequestRepeated) {
    // The peer's Request lost instead: the SUT still waits for one when the link is renegotiated.
    const PlanOutcome waiting = run(Role::Server, "sut-allows-pap; peer-naks-chap; peer-auth-lost 2; ping 1; renegotiate; wait 20s");
    EXPECT_TRUE(waiting.conforming) << explain(waiting);
    EXPECT_GT(hits_of(waiting, "auth (SUT authenticates)", "awaiting Authenticate-Request --tld--> Idle"), 0U) << explain(waiting);

    const PlanOutcome o = run(Role::Client, "peer-uses-pap; ping 1; peer-auth-lost 1; wait 20s; ping 2; wait 2s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(hits_of(o, "auth (SUT authenticated)",
                      "Authenticate-Request sent --Authenticate-Request sent--> Authenticate-Request sent"),
              0U)
        << explain(o);
}

// CBCP-06: the caller's "no callback", chosen from the answerer's offer, is acked and the first
// call carries the traffic; a re-authentication while CBCP waits leaves CBCP to finish (CBCP-01).
TEST(SuitesPeerStimuli, ACbcpCallerChoosingNoCallbackAndAReauthenticationDuringCbcp) {
    const PlanOutcome none = run(Role::Server, "client-requests-cbcp; client-not-callback-user; callback-secure off; "
                                               "peer-chooses-no-callback; ping 1; wait 30s");
    EXPECT_TRUE(none.conforming) << explain(none);
    EXPECT_GT(hits_of(none, "callback", "Cbcp --CBCP no callback--> NoCallback"), 0U) << explain(none);
    const PlanOutcome again = run(Role::Server, "client-requests-cbcp; peer-garbles-cbcp; ping 1; renegotiate; wait 30s");
    EXPECT_TRUE(again.conforming) << explain(again);
    EXPECT_GT(hits_of(again, "callback", "Cbcp --authenticated--> Cbcp"), 0U) << explain(again);
    EXPECT_GT(hits_of(again, "callback", "CallingBack --return call connected--> ReturnCall"), 0U) << explain(again);
}

// AMB-02: a SUT that drops the first call after agreeing callback does so as its profile says:
// cisco-ios sends LCP Terminate-Request first; a profile claiming DISCONNECT only fails it.
TEST(SuitesCallbackTeardown, TheFirstCallIsDroppedAsTheProfileSays) {
    const PlanOutcome lcp_first = run(Role::Server, "ping 1; wait 20s");
    EXPECT_TRUE(lcp_first.conforming) << explain(lcp_first);
    EXPECT_GT(hits_of(lcp_first, "rules", "callback teardown"), 0U);
    auto setup = setup_for(Role::Server);
    setup.profile.callback.send_lcp_tr = false;
    const PlanOutcome disconnect_only = run(setup, "ping 1; wait 20s");
    EXPECT_FALSE(disconnect_only.conforming);
    EXPECT_TRUE(violates(disconnect_only, "AMB-02")) << explain(disconnect_only);
}

// DDR-08 / DDR-04: traffic for the PIXIT's other destinations (numbers that ring unanswered).
// With a B-channel free the SUT dials it beside the peer's call; with both taken and a third
// destination waiting the calls up are under contention and drop at fast-idle.
TEST(SuitesDialer, AnotherDestinationGetsTheFreeChannelOrContendsForTheBri) {
    const PlanOutcome free = run(Role::Client, "ping 1; wait 20s; ping-other 1; ping 1; wait 10s; ping 1; wait 10s; ping 1; wait 40s");
    EXPECT_TRUE(free.conforming) << explain(free);
    EXPECT_GT(hits_of(free, "dialer", "Up --SETUP sent--> Up"), 0U) << explain(free);
    EXPECT_GT(hits_of(free, "dialer", "Up --call failed--> Up"), 0U) << explain(free);
    const PlanOutcome busy = run(Role::Client, "ping 1; wait 20s; ping-other 1; ping-other 2; ping 1; wait 10s; ping 1; "
                                               "wait 10s; ping 1; wait 10s; ping 1; wait 40s");
    EXPECT_TRUE(busy.conforming) << explain(busy);
    for (const char* row : {"Up --another destination waits--> Contended", "Contended --interesting traffic--> Contended",
                            "Contended --call failed--> Contended", "Contended --call cleared[last call]--> Disabled"})
        EXPECT_GT(hits_of(busy, "dialer", row), 0U) << row << "\n" << explain(busy);
    EXPECT_GT(hits_of(busy, "rules", "fast-idle disconnect under contention"), 0U);
}

// A third party (an other destination, nothing behind it) calls the SUT: a call cleared while the
// server waits to call back leaves the return call due (ISDN-05); one that holds the second
// B-channel while another destination waits ends the contention when it hangs up (DDR-04).
TEST(SuitesDialer, AThirdPartysCallIsClearedAroundTheCallbackAndTheContention) {
    const PlanOutcome pending = run(Role::Server, "ping 1; other-calls 1; wait 5s; other-hangs-up 1; wait 20s; ping 1; wait 2s");
    EXPECT_TRUE(pending.conforming) << explain(pending);
    EXPECT_GT(hits_of(pending, "callback", "Pending --call cleared--> Pending"), 0U) << explain(pending);
    EXPECT_GT(hits_of(pending, "callback", "CallingBack --return call connected--> ReturnCall"), 0U) << explain(pending);
    const PlanOutcome contended =
        run(Role::Client, "ping 1; wait 20s; other-calls 1; ping-other 2; ping 1; wait 5s; other-hangs-up 1; wait 30s");
    EXPECT_TRUE(contended.conforming) << explain(contended);
    EXPECT_GT(hits_of(contended, "dialer", "Contended --call cleared[another call up]--> Up"), 0U) << explain(contended);
}

TEST(SuitesDialer, AnOtherDestinationThePixitLacksIsSkippedWithTheReason) {
    auto setup = setup_for(Role::Client);
    setup.parameters.other_destinations.resize(1);
    ppp::suites::apply_parameters(setup);
    const PlanOutcome o = run(setup, "ping 1; ping-other 2; wait 1s");
    ASSERT_GE(o.intents.size(), 2U);
    EXPECT_FALSE(o.intents[1].applied);
    EXPECT_EQ(o.intents[1].note, "the PIXIT names 1 other destination(s), not 2");
}

// Q.931 section 5.2.3.1 c) / ISDN-04: a SETUP indicating, exclusive, the B-channel the call in
// progress holds is refused with RELEASE COMPLETE; the call in progress carries traffic on.
TEST(SuitesNetworkBehaviour, ACallOfferedOnTheBusyChannelIsRefusedAndTheCallGoesOn) {
    const PlanOutcome o = run(Role::Client, "ping 1; wait 20s; net-offers-busy-channel; wait 5s; ping 2; wait 5s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(q931_hits(o, row(kU6, "RELEASE COMPLETE out", kU0)), 0U) << explain(o);
    ASSERT_EQ(o.ping_outcomes.size(), 2U);
    EXPECT_GT(o.ping_outcomes[1].received, 0) << explain(o);
    const PlanOutcome idle = run(Role::Client, "net-offers-busy-channel; wait 1s");
    ASSERT_FALSE(idle.intents.empty());
    EXPECT_FALSE(idle.intents[0].applied);
}

// DDR-05: the dialled call rings on (ALERTING, no CONNECT): the SUT gives it up at wait-for-carrier
// with DISCONNECT from Call Delivered.
TEST(SuitesNetworkBehaviour, ACallAlertedAndNeverAnsweredIsGivenUpAtWaitForCarrier) {
    const PlanOutcome o = run(Role::Client, "net-never-answers 5; ping 1; wait 40s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(q931_hits(o, row(kU4, "DISCONNECT out", "U11 Disconnect request")), 0U) << explain(o);
}

// Found by model generation (TP-ISDN-P02, seeds 2 and 3): the client awaiting its return call
// was owed a CONNECT for any SETUP, even one on the B-channel its first call still held; Q.931
// section 5.2.3.1 c) makes that channel unacceptable, so refusing it is the answer.
TEST(SuitesNetworkBehaviour, ASetupOnTheHeldChannelIsNoReturnCallToAnswer) {
    auto setup = setup_for(Role::Client);
    setup.step = std::chrono::milliseconds{0};  // as model-drawn plans: the offer lands mid-call
    const PlanOutcome o = run(setup, "ping 1; wait 20ms; wait-sut 1900ms; net-offers-busy-channel; wait 30s");
    EXPECT_TRUE(o.conforming) << explain(o);
    EXPECT_GT(q931_hits(o, row(kU6, "RELEASE COMPLETE out", kU0)), 0U) << explain(o);
}

}  // namespace


namespace {

// The campaign's TP-LCP-P01 failure of 2026-12-06 (a70744f, seed 8778996453056224625), shrunk: the
// peer's Success of an earlier Challenge answers no Response the SUT has in hand (CHAP-04), so the
// client's first call ends unauthenticated and no return call is pending at the SUT; the server
// calls back anyway, in the millisecond the SUT's enable-timeout ends and the second ping comes.
// The SUT answers that call and dials one of its own for the ping (AMB-45: the incoming call is no
// call of the peer's until it authenticates, DDR-02); the second call to the peer idles out on its
// own timer (DDR-03), not on the first's.
TEST(EnvironmentStimuli, TrafficMeetingTheReturnCallOfAnUnfinishedFirstCallConforms) {
    const PlanOutcome o = run(Role::Client,
                              "bad-fcs; bad-fcs; delay-next 1ms; bad-fcs; ping 1; reorder-next; wait 14900ms; "
                              "wait-sut 14900ms; ping 1");
    EXPECT_TRUE(o.conforming) << explain(o, 400);
}

}  // namespace
