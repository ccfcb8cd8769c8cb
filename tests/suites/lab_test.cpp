// The lab end to end on the reference bench: the anchor scenario (DESIGN.md section 1) is judged
// conforming in both roles; planted faults are caught with the right requirement; frame faults
// and configuration variants do what their intents say.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "delegating_bench.hpp"
#include "lab_fixtures.hpp"
#include "ppp/adapters/bench.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/lab.hpp"

namespace {

using ppp::suites::Goal;
using ppp::suites::Intent;
using ppp::suites::IntentKind;
using ppp::suites::Lab;
using ppp::suites::LabSetup;
using ppp::suites::PlanOutcome;
using ppp::suites_test::plan_of;
using ppp::suites_test::setup_for;
using ppp::suites_test::violates;

std::string explain(const PlanOutcome& o) { return ppp::suites_test::explain(o, 120); }

TEST(SuitesLab, AnchorScenarioConformsWithSutAsClient) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto setup = setup_for(ppp::model::Role::Client);
    const auto outcome = lab.run(setup, plan_of("ping 5; wait 20s; ping 5"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::FirstCallDropped, outcome, setup)) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::ReturnCall, outcome, setup)) << explain(outcome);
    ASSERT_EQ(outcome.ping_outcomes.size(), 2U);
    EXPECT_EQ(outcome.ping_outcomes[0].received, 0);  // the first call is dropped for callback
    EXPECT_GT(outcome.ping_outcomes[1].received, 0);  // the return call carries traffic
}

TEST(SuitesLab, AnchorScenarioConformsWithSutAsServer) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto setup = setup_for(ppp::model::Role::Server);
    const auto outcome = lab.run(setup, plan_of("ping 5; wait 20s; ping 5"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::ReturnCall, outcome, setup)) << explain(outcome);
}

TEST(SuitesLab, IpcpOnFirstCallIsCaughtAsSeq01) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client, {"ipcp-on-first-call"}),
                                 plan_of("ping 5; wait 20s"));
    EXPECT_FALSE(outcome.conforming);
    EXPECT_TRUE(violates(outcome, "SEQ-01")) << explain(outcome);
}

TEST(SuitesLab, CallbackOptionOnReturnCallIsCaughtAsSeq02) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server, {"callback-option-on-return-call"}),
                                 plan_of("ping 5; wait 20s"));
    EXPECT_FALSE(outcome.conforming);
    EXPECT_TRUE(violates(outcome, "SEQ-02")) << explain(outcome);
}

TEST(SuitesLab, UnknownFaultNameIsABenchError) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client, {"no-such-fault"}), plan_of("ping 1"));
    EXPECT_NE(outcome.error.find("no-such-fault"), std::string::npos) << outcome.error;
}

TEST(SuitesLab, ConfigurationIntentsEditTheIosText) {
    LabSetup setup = setup_for(ppp::model::Role::Client);
    std::vector<ppp::suites::IntentRecord> records;
    ppp::suites::apply_configuration_intents(
        setup, plan_of("peer-rejects-callback; callback-secure off; peer-wrong-secret"), records);
    EXPECT_EQ(setup.bench.peer_config.find("ppp callback accept"), std::string::npos);
    EXPECT_EQ(setup.bench.peer_config.find("dialer callback-secure"), std::string::npos);
    EXPECT_NE(setup.bench.peer_config.find("username R2 password WRONG-SECRET"), std::string::npos);
    ASSERT_EQ(records.size(), 3U);
    for (const auto& r : records) EXPECT_TRUE(r.applied) << r.note;
}

// DDR-07: `dialer hold-queue N timeout S`; the profile's hold-queue timeout follows. A timeout
// with no hold queue before it has nothing to time: not applied, and nothing rendered.
TEST(SuitesLab, HoldQueueTimeoutIsRenderedWithTheQueue) {
    LabSetup setup = setup_for(ppp::model::Role::Client);
    std::vector<ppp::suites::IntentRecord> records;
    ppp::suites::apply_configuration_intents(setup, plan_of("sut-hold-queue 10; sut-hold-queue-timeout 9500ms"), records);
    ASSERT_EQ(records.size(), 2U);
    for (const auto& r : records) EXPECT_TRUE(r.applied) << r.note;
    EXPECT_NE(setup.bench.sut_config.find(" dialer hold-queue 10 timeout 10\n"), std::string::npos) << setup.bench.sut_config;
    EXPECT_EQ(setup.profile.dialer.hold_queue_timeout, ppp::model::Millis{10000});

    LabSetup alone = setup_for(ppp::model::Role::Client);
    std::vector<ppp::suites::IntentRecord> unapplied;
    ppp::suites::apply_configuration_intents(alone, plan_of("sut-hold-queue-timeout 10s"), unapplied);
    ASSERT_EQ(unapplied.size(), 1U);
    EXPECT_FALSE(unapplied[0].applied);
    EXPECT_NE(unapplied[0].note.find("no hold queue configured before it"), std::string::npos) << unapplied[0].note;
    EXPECT_EQ(alone.bench.sut_config.find("hold-queue"), std::string::npos) << alone.bench.sut_config;
    EXPECT_EQ(alone.profile.dialer.hold_queue_timeout, ppp::model::Millis{0});
}

TEST(SuitesLab, PeerRejectsCallbackIsSkippedWhenThePeerIsTheClient) {
    LabSetup setup = setup_for(ppp::model::Role::Server);
    std::vector<ppp::suites::IntentRecord> records;
    ppp::suites::apply_configuration_intents(setup, plan_of("peer-rejects-callback"), records);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_FALSE(records[0].applied);
}

TEST(SuitesLab, LostFrameIsRecoveredByRetransmission) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto setup = setup_for(ppp::model::Role::Client);
    const auto outcome = lab.run(setup, plan_of("ping 1; drop-next; wait 10s"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::LcpOpened, outcome, setup)) << explain(outcome);
}

TEST(SuitesLab, RunIsDeterministicForASeed) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto setup = setup_for(ppp::model::Role::Client);
    const auto a = lab.run(setup, plan_of("ping 2; bad-fcs; wait 20s; send-echo-request"));
    const auto b = lab.run(setup, plan_of("ping 2; bad-fcs; wait 20s; send-echo-request"));
    ASSERT_EQ(a.port_log.size(), b.port_log.size());
    for (std::size_t i = 0; i < a.port_log.size(); ++i) {
        EXPECT_EQ(a.port_log[i].bytes(), b.port_log[i].bytes()) << i;
        EXPECT_EQ(a.port_log[i].at, b.port_log[i].at) << i;
    }
}

}  // namespace

namespace {

TEST(SuitesLab, CbcpClientMakesTheServerRunCbcp) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto setup = setup_for(ppp::model::Role::Server);
    const auto outcome = lab.run(setup, plan_of("client-requests-cbcp; ping 5; wait 30s"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::CbcpExchanged, outcome, setup)) << explain(outcome);
    EXPECT_TRUE(ppp::suites::goal_reached(Goal::ReturnCall, outcome, setup)) << explain(outcome);
}

TEST(SuitesLab, UnconfiguredUserLosesItsCallbackClass) {
    LabSetup setup = setup_for(ppp::model::Role::Server);
    std::vector<ppp::suites::IntentRecord> records;
    ppp::suites::apply_configuration_intents(setup, plan_of("client-not-callback-user"), records);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_TRUE(records[0].applied) << records[0].note;
    EXPECT_NE(setup.bench.sut_config.find("dialer map ip 192.0.2.2 name R2 broadcast 5558888"), std::string::npos)
        << setup.bench.sut_config;
    EXPECT_EQ(setup.pixit.callback_numbers.count("R2"), 0U);
}

// Plans that long campaigns (--plans 2000..5000) shrank to false failures of the oracle; each is
// legal behaviour of the reference and must stay judged conforming.
TEST(SuitesLab, ClientDialsAgainAfterAFailedReturnCallOnceItsHoldTimeEnded) {
    // The return call connects late on the server's side, LCP gives up (Max-Configure) before
    // authentication; past the client's hold time (120 s, DDR-07) a new ping may dial (CCB-06).
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client), plan_of("ping 1; net-slow-connect 29900ms; wait 119s; ping 1"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    // First call, the failed return call, the new call at 121 s and its return call.
    EXPECT_EQ(outcome.calls.size(), 4U) << explain(outcome);
}

TEST(SuitesLab, PacketAtTheEndOfTheEnableTimeoutMayDial) {
    // The busy call's enable-timeout (DDR-06) ends while the fourth echo is offered: within the
    // tolerance the SUT may carry it or drop it.
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client),
                                 plan_of("net-busy; ping 1; wait 2010ms; bad-fcs; bad-fcs; wait 2s; bad-fcs; bad-fcs; ping 4"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_GE(outcome.calls.size(), 2U) << explain(outcome);
}

// AMB-09: a Cisco server's delay before the return call is its enable-timeout, so configuring
// `dialer enable-timeout` moves the return call (DDR-06); the oracle owes it then, not at 15 s.
TEST(SuitesLab, ServerReturnCallWaitsTheEnableTimeoutItIsConfiguredWith) {
    Lab lab(ppp::adapters::make_reference_bench());
    for (const char* timeout : {"5s", "25s"}) {
        const auto outcome = lab.run(setup_for(ppp::model::Role::Server),
                                     plan_of(std::string("sut-enable-timeout ") + timeout + "; ping 1; wait 40s"));
        EXPECT_TRUE(outcome.conforming) << timeout << ": " << explain(outcome);
        ASSERT_EQ(outcome.calls.size(), 2U) << timeout << ": " << explain(outcome);
        ASSERT_TRUE(outcome.calls[0].disconnected_at && outcome.calls[1].connected_at) << explain(outcome);
        const auto wait = *outcome.calls[1].connected_at - *outcome.calls[0].disconnected_at;
        EXPECT_GE(wait, std::chrono::milliseconds{std::string(timeout) == "5s" ? 5000 : 25000}) << explain(outcome);
        EXPECT_LT(wait, std::chrono::milliseconds{std::string(timeout) == "5s" ? 6000 : 26000}) << explain(outcome);
    }
}

TEST(SuitesLab, AProfileWhoseDelayIsNotTheEnableTimeoutOwesTheReturnCallAtItsOwnDelay) {
    Lab lab(ppp::adapters::make_reference_bench());
    auto setup = setup_for(ppp::model::Role::Server);
    setup.profile.callback.delay_is_enable_timeout = false;  // the profile claims 15 s whatever is configured
    const auto outcome = lab.run(setup, plan_of("sut-enable-timeout 25s; ping 1; wait 40s"));
    EXPECT_FALSE(outcome.conforming);
    EXPECT_TRUE(violates(outcome, "CCB-04")) << explain(outcome);  // the return call owed by about 18 s
}

// AMB-47 (cisco-ios: DDR-06 before DDR-04): traffic for a third destination while both B-channels are busy and the
// enable-timeout of the first call's disconnect still runs is dropped; nothing waits for the BRI,
// so the call up keeps its idle-timeout instead of dropping at fast-idle.
TEST(SuitesLab, TrafficForAnotherDestinationDuringTheEnableTimeoutMakesNoContention) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client),
                                 plan_of("sut-enable-timeout 20s; ping-other 1; ping 1; wait 17s; ping-other 2; wait 30s"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    bool idled_out = false;  // at its idle-timeout (120 s), not at fast-idle (20 s) after the last packet
    for (const auto& c : outcome.calls)
        idled_out |= c.caller == "5557777" && c.connected_at && c.disconnected_at &&
                     *c.disconnected_at - *c.connected_at >= std::chrono::seconds{115};
    EXPECT_TRUE(idled_out) << explain(outcome);
}

// AMB-47's other reading: a profile claiming that the traffic waits for the BRI owes fast-idle,
// which the reference (dropping it) does not give.
TEST(SuitesLab, AProfileWhereTrafficWaitsDuringTheEnableTimeoutOwesFastIdle) {
    Lab lab(ppp::adapters::make_reference_bench());
    auto setup = setup_for(ppp::model::Role::Client);
    setup.profile.dialer.contention_during_enable_timeout = true;
    const auto outcome =
        lab.run(setup, plan_of("sut-enable-timeout 20s; ping-other 1; ping 1; wait 17s; ping-other 2; wait 30s"));
    EXPECT_FALSE(outcome.conforming);
    EXPECT_TRUE(violates(outcome, "DDR-04")) << explain(outcome);
}

// Issue #12, D23: plans the soak at 10^6 plans shrank to false failures of the oracle. Both
// authenticate each other; the peer's Challenge is duplicated and the copy arrives after the
// Success for it: the SUT answers it again (CHAP-05 lets a re-challenge come in the Network phase),
// and its authentication, done once, stays done (PH-03).
TEST(SuitesLab, DuplicatedChallengeAfterSuccessLetsIpcpStartOnTheReturnCall) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client),
                                 plan_of("ping 1; delay-next 2900ms; duplicate-next; wait 14900ms; reorder-next; "
                                         "reorder-next; duplicate-next; duplicate-next"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_EQ(outcome.calls.size(), 2U) << explain(outcome);  // first call and the return call
}

// A frame the injector re-delivers goes out when it is due, not at the end of the lab's step:
// the copy of a duplicated frame follows the original within milliseconds although the plan waits 10 s.
TEST(SuitesLab, DuplicateArrivesOneMillisecondAfterTheOriginal) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client), plan_of("ping 1; duplicate-next; wait 10s"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    const ppp::wire::PortMessage* first = nullptr;
    for (const auto& m : outcome.port_log) {
        if (!m.to_sut() || m.d_channel() || m.at < std::chrono::milliseconds{1000}) continue;  // after the intent
        if (first == nullptr) {
            first = &m;
        } else if (m.bytes() == first->bytes()) {
            // 1 ms, then the channel's own transit from where the injector hands it in
            EXPECT_LE(m.at - first->at, std::chrono::milliseconds{10}) << explain(outcome);
            return;
        }
    }
    ADD_FAILURE() << "no duplicated frame toward the SUT: " << explain(outcome);
}

TEST(SuitesLab, DuplicatedChallengeAfterSuccessStillOwesTheReturnCall) {
    // The same with the SUT as server: the copy of the peer's Challenge arrives after the peer's
    // Success; the server's own Success then ends authentication, so the return call that follows
    // is owed (CB-03, CCB-04), not a call without interesting traffic (DDR-01).
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server),
                                 plan_of("bad-fcs; ping 1; net-busy; delay-next 1977ms; net-busy; duplicate-next; reorder-next"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_EQ(outcome.calls.size(), 2U) << explain(outcome);
}

TEST(SuitesLab, LateIpcpAckDoesNotRestartTheIdleTimer) {
    // The soak at 10^6 plans (seed 1): on the return call the peer's first IPCP Configure-Ack is
    // held back 14.9 s and arrives after IPCP opened with later Identifiers. RFC 1661 section 5.2
    // has the SUT discard it; it is not interesting traffic, so the idle timer that started when
    // the network came up still ends 120 s later (DDR-03).
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client),
                                 plan_of("ping 1; reorder-next; wait 14900ms; reorder-next; reorder-next; delay-next 14900ms"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_EQ(outcome.calls.size(), 2U) << explain(outcome);  // first call and the return call
}

TEST(SuitesLab, IpcpRenegotiationRestartsTheIdleTimer) {
    // The soak at 10^6 plans (TP-LCP-P01 seeds 1-3, TP-ROB-P03 seed 3, after the test above): a
    // delayed or duplicated IPCP Configure-Request reaches the SUT in Opened; it renegotiates (RFC 1661: tld, scr), and its
    // idle timer starts again when IPCP is Opened once more (DDR-03), not at the first opening.
    Lab lab(ppp::adapters::make_reference_bench());
    const std::pair<ppp::model::Role, const char*> plans[] = {
        {ppp::model::Role::Client, "ping 1; delay-next 1ms; wait 14900ms; delay-next 1900ms; delay-next 1ms; duplicate-next; delay-next 3s"},
        {ppp::model::Role::Client, "ping 1; bad-fcs; delay-next 14900ms; wait 14900ms; reorder-next; reorder-next; bad-fcs; delay-next 14900ms"},
        {ppp::model::Role::Client, "ping 1; delay-next 1ms; wait 14900ms; reorder-next; reorder-next; delay-next 14900ms; reorder-next"},
        {ppp::model::Role::Server, "ping 1; delay-next 1ms; wait 14900ms; reorder-next; reorder-next; duplicate-next; bad-length"},
    };
    for (const auto& [role, plan] : plans) {
        const auto outcome = lab.run(setup_for(role), plan_of(plan));
        EXPECT_TRUE(outcome.conforming) << plan << "\n" << explain(outcome);
        EXPECT_EQ(outcome.calls.size(), 2U) << plan << "\n" << explain(outcome);
    }
}

// DESIGN.md section 7: an attachment declares what it can carry; what it cannot is skipped with
// the reason, never faked (the pty adapter once recorded a ping as done that was never sent).
class LineOnlyBench : public ppp::test::DelegatingBench {
public:
    ppp::adapters::Capabilities capabilities() const override {
        ppp::adapters::Capabilities c;
        c.lan_traffic = false;
        c.call_control = ppp::adapters::Capabilities::CallControl::None;
        return c;
    }
    ppp::adapters::SutIdentity identify() const override { return {"line-only", "1"}; }
};

TEST(SuitesLab, IntentsTheAttachmentCannotCarryAreSkippedWithTheReason) {
    Lab lab(std::make_unique<LineOnlyBench>());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client), plan_of("ping 5; net-busy; wait 5s"));
    // Neither reached the environment: no ping was offered, no call placed or refused busy.
    EXPECT_TRUE(outcome.pings.empty());
    EXPECT_TRUE(outcome.calls.empty());
    ASSERT_EQ(outcome.intents.size(), 3U);
    EXPECT_FALSE(outcome.intents[0].applied);
    EXPECT_EQ(outcome.intents[0].note, "the attachment (line-only) has no LAN side to offer traffic at");
    EXPECT_FALSE(outcome.intents[1].applied);
    EXPECT_NE(outcome.intents[1].note.find("the attachment (line-only) has no call control"), std::string::npos);
    EXPECT_TRUE(outcome.intents[2].applied);
    EXPECT_TRUE(outcome.ping_outcomes.empty());
    const std::string trace = ppp::suites::render_trace(outcome);
    EXPECT_NE(trace.find("has no LAN side to offer traffic at"), std::string::npos) << trace;
}

// An attachment that passes only what the environment's peer sends, with its FCS (a controller
// that computes the FCS itself, say): bad-fcs and forged frames are skipped; loss still applies.
class GenuineFramesOnlyBench : public ppp::test::DelegatingBench {
public:
    ppp::adapters::Capabilities capabilities() const override {
        ppp::adapters::Capabilities c;
        c.bad_fcs = false;
        c.forged_frames = false;
        return c;
    }
    ppp::adapters::SutIdentity identify() const override { return {"genuine-only", "1"}; }
    void inject(const ppp::wire::PortMessage& stimulus) override {
        ++injected;
        DelegatingBench::inject(stimulus);
    }
    int injected = 0;
};

// OBS-08, AMB-46: the seed article ends on R1's `show dialer` during the return call.
TEST(SuitesLab, ShowDialerOfTheServerReadsTheReturnCallAsTheSeedArticleDoes) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server), plan_of("ping 1; wait 20s; show-dialer"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    ASSERT_EQ(outcome.intents.size(), 3U);
    EXPECT_TRUE(outcome.intents[2].applied);
    EXPECT_NE(outcome.intents[2].observed.find("1 successes, 0 failures, last successful"), std::string::npos)
        << outcome.intents[2].observed;
    EXPECT_NE(outcome.intents[2].observed.find("(R2), dial reason Callback return call, "), std::string::npos)
        << outcome.intents[2].observed;
}

// A console whose `show dialer` says a call is up where the port carried none fails AMB-46.
class MisreportingDialerBench : public ppp::test::DelegatingBench {
public:
    std::optional<std::string> show_dialer() override {
        return std::string("BRI0 - dialer type = ISDN\n\nBRI0:2 - dialer type = ISDN\nDialer state is data link layer up\n"
                           "Connected to 5550000 (R9)\n");
    }
};

TEST(SuitesLab, ShowDialerThatContradictsThePortFailsAmb46) {
    Lab lab(std::make_unique<MisreportingDialerBench>());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client), plan_of("wait 1s; show-dialer"));
    EXPECT_FALSE(outcome.conforming);
    ASSERT_FALSE(outcome.violations.empty());
    for (const auto& v : outcome.violations) EXPECT_EQ(v.requirements, std::vector<std::string>{"AMB-46"}) << v.explanation;
    const std::string all = explain(outcome);
    EXPECT_NE(all.find("BRI0:2 reads connected to 5550000 while no call is up"), std::string::npos) << all;
    EXPECT_NE(all.find("no section for BRI0:1"), std::string::npos) << all;
}

// CCB-05: callback-secure refuses a user not set up for callback; `show dialer` counts it.
TEST(SuitesLab, ShowDialerCountsACallbackRefusedUnderCallbackSecure) {
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server), plan_of("client-not-callback-user; ping 1; wait 20s; show-dialer"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    ASSERT_EQ(outcome.intents.size(), 4U);
    EXPECT_TRUE(outcome.intents[3].applied) << outcome.intents[3].note;
    EXPECT_NE(outcome.intents[3].observed.find("1 rejected for callback"), std::string::npos) << outcome.intents[3].observed;
}

TEST(SuitesLab, ShowDialerIsSkippedWhereTheAttachmentCannotReadIt) {
    Lab lab(std::make_unique<LineOnlyBench>());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Client), plan_of("show-dialer; wait 1s"));
    ASSERT_EQ(outcome.intents.size(), 2U);
    EXPECT_FALSE(outcome.intents[0].applied);
    EXPECT_EQ(outcome.intents[0].note, "the attachment (line-only) cannot read the SUT's show dialer");
}

TEST(SuitesLab, BadFcsAndForgedFramesAreSkippedWhereTheAttachmentCannotDeliverThem) {
    auto bench = std::make_unique<GenuineFramesOnlyBench>();
    GenuineFramesOnlyBench& genuine = *bench;
    Lab lab(std::move(bench));
    const auto outcome =
        lab.run(setup_for(ppp::model::Role::Client), plan_of("ping 1; wait 3s; bad-fcs; send-echo-request; unknown-option; drop-next"));
    EXPECT_EQ(genuine.injected, 0);  // nothing forged reached the attachment
    ASSERT_EQ(outcome.intents.size(), 6U);
    EXPECT_TRUE(outcome.intents[0].applied);
    EXPECT_FALSE(outcome.intents[2].applied);
    EXPECT_EQ(outcome.intents[2].note, "the attachment (genuine-only) cannot deliver a frame with a bad FCS");
    for (const std::size_t forged : {3U, 4U}) {
        EXPECT_FALSE(outcome.intents[forged].applied);
        EXPECT_NE(outcome.intents[forged].note.find("no forged or rewritten frame"), std::string::npos)
            << outcome.intents[forged].note;
    }
    EXPECT_TRUE(outcome.intents[5].applied);  // a loss needs nothing the peer did not send
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
}

TEST(SuitesLab, RenegotiationWithoutTheCallbackOptionMakesAnOrdinaryCall) {
    // FSM-08: the forged renegotiation drops Callback and authentication from the client's
    // options; the server then owes no return call and may start IPCP on this call.
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server),
                                 plan_of("duplicate-next; delay-next 980ms; ping 1; net-busy; renegotiate"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_NE(outcome.callback_state, "Pending") << explain(outcome);
}

TEST(SuitesLab, RenegotiationThatBringsTheCallbackOptionBackRestoresTheCallback) {
    // FSM-08 twice: the forged renegotiation drops Callback, the client's delayed Configure-Request
    // brings it back before authentication: the server then owes the return call again (CB-02).
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup_for(ppp::model::Role::Server),
                                 plan_of("drop-next; ping 1; duplicate-next; delay-next 1ms; delay-next 1ms; "
                                         "delay-next 1900ms; renegotiate"));
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    EXPECT_EQ(outcome.calls.size(), 2U) << explain(outcome);  // first call and the return call
}

// Issue #12, D22: every range of the profile schema at its maximum loads and is held without
// overflow or sentinel clash: the anchor plan then conforms. Where the reference has the knob, its
// configuration gets the same value (the profile describes the SUT); where it has none and the
// value changes what the SUT owes, the run must show exactly that honest difference, with the
// value intact in the explanation.
struct RangeEdge {
    const char* patch;     // merged into model/profiles/cisco-ios.json
    const char* ios_line;  // the same value in the SUT's `interface BRI0`, or ""
    bool client = true;    // roles the edge is run in
    bool server = true;
    const char* expected = nullptr;  // a requirement the reference truly differs on, and its text
    const char* expected_text = nullptr;
};

ppp::model::Profile cisco_with(const char* patch) {
    std::ifstream in(std::string(PPP_SOURCE_DIR) + "/model/profiles/cisco-ios.json");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str());
    doc.merge_patch(nlohmann::json::parse(patch));
    auto loaded = ppp::model::load_profile(doc.dump(), "cisco-ios+edge.json");
    EXPECT_TRUE(loaded.has_value()) << patch << ": " << (loaded.has_value() ? "" : loaded.error().message);
    return loaded.has_value() ? loaded.value() : ppp::model::load_bundled_profile("cisco-ios").value();
}

TEST(SuitesLab, ProfileAtTheMaximumOfEachRangeRunsTheAnchorPlan) {
    const RangeEdge edges[] = {
        {R"({"timers": {"restart_ms": 60000}})", ""},
        {R"({"timers": {"max_configure": 255, "max_terminate": 255, "max_failure": 255}})", ""},
        {R"({"auth": {"retry_ms": 60000, "max_tries": 255}})", ""},
        // AMB-02: the reference hangs up at the Terminate-Ack; it has no knob to wait 60 s.
        {R"({"callback": {"hangup_after_ta_ms": 60000}})", "", true, true, "AMB-02", "the profile waits 60000 ms"},
        {R"({"callback": {"delay_ms": 600000}, "dialer": {"enable_timeout_s": 600}})", " dialer enable-timeout 600"},
        {R"({"callback": {"return_retries": 10}})", ""},
        {R"({"callback": {"hold_timeout_ms": 3600000}})", ""},
        {R"({"callback": {"cbcp": {"delay_s": 255, "retransmit_ms": 60000}}})", ""},
        {R"({"dialer": {"idle_timeout_s": 2147483}})", " dialer idle-timeout 2147483"},
        {R"({"dialer": {"fast_idle_s": 2147483}})", " dialer fast-idle 2147483"},
        {R"({"dialer": {"wait_for_carrier_s": 2147483}})", " dialer wait-for-carrier-time 2147483"},
        // The server's return-call delay is callback.delay_ms (AMB-09), at most 600 s: a server
        // with this enable-timeout is run by the delay_ms row above; the client here (D22).
        {R"({"dialer": {"enable_timeout_s": 2147483}})", " dialer enable-timeout 2147483", true, false},
        {R"({"dialer": {"hold_queue": 100, "hold_queue_timeout_s": 2147483}})", " dialer hold-queue 100 timeout 2147483"},
        {R"({"isdn": {"t303_ms": 600000, "t305_ms": 600000, "t308_ms": 600000, "t310_ms": 600000, "t313_ms": 600000}})", ""},
        {R"({"tolerance": {"early_ms": 60000, "late_ms": 60000, "reply_ms": 60000}})", ""},
    };
    for (const RangeEdge& edge : edges) {
        for (const auto role : {ppp::model::Role::Client, ppp::model::Role::Server}) {
            if (!(role == ppp::model::Role::Client ? edge.client : edge.server)) continue;
            LabSetup setup = setup_for(role);
            setup.profile = cisco_with(edge.patch);
            if (*edge.ios_line) {
                const std::string interface = "interface BRI0\n";
                const std::size_t at = setup.bench.sut_config.find(interface);
                ASSERT_NE(at, std::string::npos);
                setup.bench.sut_config.insert(at + interface.size(), std::string(edge.ios_line) + "\n");
            }
            Lab lab(ppp::adapters::make_reference_bench());
            const auto outcome = lab.run(setup, plan_of("ping 5; wait 20s; ping 5"));
            EXPECT_TRUE(outcome.error.empty()) << edge.patch << ": " << outcome.error;
            const char* role_name = role == ppp::model::Role::Client ? " client" : " server";
            if (!edge.expected) {
                EXPECT_TRUE(outcome.conforming) << edge.patch << role_name << ": " << explain(outcome);
                continue;
            }
            EXPECT_FALSE(outcome.conforming) << edge.patch << role_name;
            for (const auto& v : outcome.violations) {
                EXPECT_NE(std::find(v.requirements.begin(), v.requirements.end(), edge.expected), v.requirements.end())
                    << edge.patch << role_name << ": " << v.explanation;
                EXPECT_NE(v.explanation.find(edge.expected_text), std::string::npos) << v.explanation;
            }
        }
    }
}

}  // namespace

namespace {

// AMB-41: a CBCP caller whose answerer agrees op 6 and never sends a Request ends the call after
// its wait (the reference: 30 s, the bundled cisco-ios profile's request_wait_ms) instead of
// holding the first call up until its idle timer runs out. The reference's op 6 client runs under
// a profile that claims it (client_ops with 6).
TEST(SuitesLab, ACbcpCallerWhoseAnswererStaysSilentEndsTheCallAfterItsWait) {
    LabSetup setup = setup_for(ppp::model::Role::Client);
    setup.profile = cisco_with(R"({"callback": {"client_ops": [0, 6]}})");
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup, plan_of("client-requests-cbcp; peer-skips-cbcp; ping 1; wait 45s"));
    EXPECT_TRUE(outcome.error.empty()) << outcome.error;
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
    ASSERT_FALSE(outcome.calls.empty());
    const auto& first = outcome.calls.front();
    ASSERT_TRUE(first.connected_at && first.disconnected_at) << explain(outcome);
    const auto held = *first.disconnected_at - *first.connected_at;
    EXPECT_GE(held, ppp::adapters::Millis{30000});
    EXPECT_LE(held, ppp::adapters::Millis{32000});
}

// The same plan judged against a profile that claims a shorter wait: the reference's 30 s is too
// long, and the verdict names the knob's row.
TEST(SuitesLab, ACbcpCallerHeldPastTheProfilesWaitViolatesAmb41) {
    LabSetup setup = setup_for(ppp::model::Role::Client);
    setup.profile = cisco_with(R"({"callback": {"client_ops": [0, 6], "cbcp": {"request_wait_ms": 10000}}})");
    Lab lab(ppp::adapters::make_reference_bench());
    const auto outcome = lab.run(setup, plan_of("client-requests-cbcp; peer-skips-cbcp; ping 1; wait 45s"));
    EXPECT_FALSE(outcome.conforming);
    bool cited = false;
    for (const auto& v : outcome.violations) {
        cited = cited || std::find(v.requirements.begin(), v.requirements.end(), "AMB-41") != v.requirements.end();
    }
    EXPECT_TRUE(cited) << explain(outcome);
}

}  // namespace

namespace {

// AMB-42: a CBCP answerer whose caller never answers. Under cisco-ios (max_requests 10) the
// reference's ten Requests and its giving up conform; a profile that claims no limit owes the
// Requests on (CBCP-05), and one that claims fewer sees the surplus Request.
ppp::suites::PlanOutcome silent_cbcp_caller(const char* patch) {
    LabSetup setup = setup_for(ppp::model::Role::Server);
    setup.profile = cisco_with(patch);
    Lab lab(ppp::adapters::make_reference_bench());
    return lab.run(setup, plan_of("peer-garbles-cbcp; ping 1; client-requests-cbcp; peer-goes-silent; wait 30s"));
}

TEST(SuitesLab, ACbcpAnswererGivesUpAfterTheProfilesRequests) {
    const auto outcome = silent_cbcp_caller("{}");
    EXPECT_TRUE(outcome.error.empty()) << outcome.error;
    EXPECT_TRUE(outcome.conforming) << explain(outcome);
}

TEST(SuitesLab, ACbcpAnswererThatGivesUpBreaksAProfileWithoutALimit) {
    const auto outcome = silent_cbcp_caller(R"({"callback": {"cbcp": {"max_requests": 0}}})");
    ASSERT_FALSE(outcome.conforming);
    EXPECT_EQ(outcome.violations.front().requirements, std::vector<std::string>{"CBCP-05"}) << explain(outcome);
}

TEST(SuitesLab, ACbcpAnswererPastTheProfilesLimitViolatesAmb42) {
    const auto outcome = silent_cbcp_caller(R"({"callback": {"cbcp": {"max_requests": 4}}})");
    ASSERT_FALSE(outcome.conforming);
    const auto& r = outcome.violations.front().requirements;
    EXPECT_NE(std::find(r.begin(), r.end(), "AMB-42"), r.end()) << explain(outcome);
}

}  // namespace
