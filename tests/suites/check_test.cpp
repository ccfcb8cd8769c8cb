// `ppp-conform check` (issue #16): recordings judged by the oracle of `run`. The verdicts are
// asserted against the SPEC rows the recording breaks, and against what the recording cannot
// show (inconc, never a failure and never a pass).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command_helpers.hpp"
#include "ppp/adapters/recording.hpp"
#include "ppp/suites/campaign.hpp"
#include "ppp/suites/check.hpp"

namespace {
namespace rec = ppp::adapters::recording;
using ppp::suites::CheckResult;
using ppp::suites::CheckSetup;
using ppp::suites::RequirementVerdict;
using ppp::suites::SutSide;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string recording(const std::string& name) { return read_file(std::string(PPP_TEST_DATA_DIR) + "/recordings/" + name); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

std::vector<rec::Record> records_of(const std::string& text, rec::RecordingFormat format) {
    std::istringstream in(text);
    auto reader = rec::make_reader(format, in, "test.log");
    return rec::read_all(*reader);
}

// A pppd log judged as pppd 2.4.9 on the pty of the UML set-up (its PIXIT holds the secrets).
CheckSetup pppd_setup(const std::vector<rec::Record>& records) {
    CheckSetup setup;
    setup.profile = ppp::model::load_bundled_profile("pppd-2.4.9").value();
    setup.parameters = *ppp::pixit::bundled_pixit("pppd-uml");
    setup.role = ppp::model::Role::Client;
    setup.stamp_resolution = ppp::suites::coarsest_stamp(records);
    setup.call_control = ppp::suites::has_call_control(records);
    return setup;
}

CheckResult check_pppd(const std::string& text, CheckSetup* adjusted = nullptr) {
    const auto records = records_of(text, rec::RecordingFormat::PppdLog);
    CheckSetup setup = adjusted != nullptr ? *adjusted : pppd_setup(records);
    return ppp::suites::check_records(records, setup, SutSide::Recorder);
}

const ppp::suites::RequirementResult* verdict_of(const CheckResult& result, const std::string& id) {
    const auto it = std::find_if(result.requirements.begin(), result.requirements.end(),
                                 [&](const auto& r) { return r.id == id; });
    return it == result.requirements.end() ? nullptr : &*it;
}

std::string dump(const CheckResult& result) { return ppp::suites::render_check(result); }

TEST(SuitesCheck, ARealPppdCbcpClientLogBreaksNoRequirement) {
    const CheckResult result = check_pppd(recording("pppd-2.4.9-cbcp-client.log"));
    EXPECT_FALSE(result.failed()) << dump(result);
    // CHAP-03: the Response's hash is printed whole and right for the PIXIT's secret.
    ASSERT_NE(verdict_of(result, "CHAP-03"), nullptr) << dump(result);
    EXPECT_EQ(verdict_of(result, "CHAP-03")->verdict, RequirementVerdict::Pass) << dump(result);
    // A text recording shows no frame: the FCS rule is never claimed as passed.
    ASSERT_NE(verdict_of(result, "FR-04"), nullptr);
    EXPECT_EQ(verdict_of(result, "FR-04")->verdict, RequirementVerdict::Inconc);
    EXPECT_GT(result.messages, 10U);
    EXPECT_EQ(result.incomplete, 3U) << "pppd prints no CBCP Address-Type";
}

// SPEC section 17 on CB-02: op 6 alone tells no role (Windows clients and RRAS servers both send
// it to say they can run CBCP); pppd's op 6 in line 4 is passed over for what follows it.
TEST(SuitesCheck, TheRoleIsNotToldByOp6AloneButByWhatFollows) {
    const auto records = records_of(recording("pppd-2.4.9-cbcp-client.log"), rec::RecordingFormat::PppdLog);
    const auto evidence = ppp::suites::infer_role(records, SutSide::Recorder);
    ASSERT_TRUE(evidence);
    EXPECT_EQ(evidence->role, ppp::model::Role::Client);
    EXPECT_EQ(evidence->why.find("test.log line 4:"), std::string::npos) << evidence->why;
    EXPECT_NE(evidence->why.find("test.log line 24: the SUT logs callback-pending"), std::string::npos) << evidence->why;
    // Judging the other end: the peer received the option, so it is the server.
    const auto peer = ppp::suites::infer_role(records, SutSide::Peer);
    ASSERT_TRUE(peer);
    EXPECT_EQ(peer->role, ppp::model::Role::Server);
}

// CHAP-03 (RFC 1994 section 4.1): the Response's Identifier is copied from the Challenge.
TEST(SuitesCheck, AResponseWithTheWrongIdentifierFailsChap03AtItsLine) {
    const std::string text = replaced(recording("pppd-2.4.9-cbcp-client.log"), "sent [CHAP Response id=0x41",
                                      "sent [CHAP Response id=0x42");
    const CheckResult result = check_pppd(text);
    ASSERT_TRUE(result.failed()) << dump(result);
    const auto* chap = verdict_of(result, "CHAP-03");
    ASSERT_NE(chap, nullptr);
    EXPECT_EQ(chap->verdict, RequirementVerdict::Fail);
    EXPECT_NE(chap->reason.find("test.log line 11"), std::string::npos) << chap->reason;
    EXPECT_NE(chap->reason.find("observed id=66"), std::string::npos) << chap->reason;
}

// RFC 1661 section 5.2: a Configure-Ack's Identifier matches the Configure-Request's.
TEST(SuitesCheck, AnAckOfTheWrongRequestFails) {
    const std::string text = replaced(recording("pppd-2.4.9-cbcp-client.log"),
                                      "sent [LCP ConfAck id=0x1 <auth chap MD5>", "sent [LCP ConfAck id=0x7 <auth chap MD5>");
    const CheckResult result = check_pppd(text);
    ASSERT_TRUE(result.failed()) << dump(result);
    bool at_line = false;
    for (const auto& f : result.findings) at_line = at_line || (f.inconclusive.empty() && f.where == "test.log line 6");
    EXPECT_TRUE(at_line) << dump(result);
}

TEST(SuitesCheck, WithoutTheSecretTheHashIsInconclusiveNotWrong) {
    const std::string text = recording("pppd-2.4.9-cbcp-client.log");
    const auto records = records_of(text, rec::RecordingFormat::PppdLog);
    CheckSetup setup = pppd_setup(records);
    setup.parameters.client.secret.value.clear();
    const CheckResult result = check_pppd(text, &setup);
    EXPECT_FALSE(result.failed()) << dump(result);
    const auto* chap = verdict_of(result, "CHAP-03");
    ASSERT_NE(chap, nullptr);
    EXPECT_EQ(chap->verdict, RequirementVerdict::Inconc);
    EXPECT_NE(chap->reason.find("no secret for R2"), std::string::npos) << chap->reason;
}

// An answer 10 s late breaks the reply deadline whatever the grain of the stamps; the same log
// without stamps judges no timer at all.
TEST(SuitesCheck, ALateAnswerFailsWithStampsAndIsNotJudgedWithout) {
    const std::string untimed =
        "rcvd [LCP ConfReq id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n"
        "sent [LCP ConfAck id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n";
    const std::string timed =
        "Dec  3 21:04:05 gw pppd[812]: rcvd [LCP ConfReq id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n"
        "Dec  3 21:04:15 gw pppd[812]: sent [LCP ConfAck id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n";
    // RFC 1661 section 4.1 (LCP-05): a Configure-Request is answered; 10 s is past the restart timer.
    const CheckResult late = check_pppd(timed);
    ASSERT_NE(verdict_of(late, "LCP-05"), nullptr) << dump(late);
    EXPECT_EQ(verdict_of(late, "LCP-05")->verdict, RequirementVerdict::Fail) << dump(late);
    EXPECT_NE(verdict_of(late, "LCP-05")->reason.find("observed silence"), std::string::npos) << dump(late);
    const CheckResult no_time = check_pppd(untimed);
    EXPECT_FALSE(no_time.failed()) << dump(no_time);
    EXPECT_NE(dump(no_time).find("no time stamps"), std::string::npos) << dump(no_time);
    // One second later is within the reply tolerance widened by the stamps' grain.
    const CheckResult prompt = check_pppd(replaced(timed, "21:04:15", "21:04:06"));
    EXPECT_FALSE(prompt.failed()) << dump(prompt);
}

TEST(SuitesCheck, WhatTheSutStillOwesWhenTheRecordingEndsIsInconclusive) {
    const CheckResult result = check_pppd("Dec  3 21:04:05 gw pppd[812]: rcvd [LCP ConfReq id=0x1 <magic 0xbdfb4c33>]\n");
    EXPECT_FALSE(result.failed()) << dump(result);
    EXPECT_GT(result.count(RequirementVerdict::Inconc), 0U) << dump(result);
    bool ends = false;
    for (const auto& f : result.findings) ends = ends || f.inconclusive.find("the recording ends") != std::string::npos;
    EXPECT_TRUE(ends) << dump(result);
}

// IOS prints no CHAP Value. The oracle follows the authenticator's answer instead of a hash it
// cannot compute: CHAP is inconc, and nothing after it fails for a failure that never happened.
TEST(SuitesCheck, IosChapWithoutValuesIsInconclusiveAndLeavesTheRestJudged) {
    const std::string text =
        "R2 00:00:00.020: BR0:1 LCP: O CONFREQ [Closed] id 1 len 10\n"
        "R2 00:00:00.020: BR0:1 LCP:    MagicNumber 0x03317BB4 (0x050603317BB4)\n"
        "R2 00:00:00.021: BR0:1 LCP: I CONFREQ [REQsent] id 1 len 15\n"
        "R2 00:00:00.021: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
        "R2 00:00:00.021: BR0:1 LCP:    MagicNumber 0x1CC152E4 (0x05061CC152E4)\n"
        "R2 00:00:00.021: BR0:1 LCP: O CONFACK [ACKsent] id 1 len 15\n"
        "R2 00:00:00.021: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
        "R2 00:00:00.021: BR0:1 LCP:    MagicNumber 0x1CC152E4 (0x05061CC152E4)\n"
        "R2 00:00:00.022: BR0:1 LCP: I CONFACK [ACKsent] id 1 len 10\n"
        "R2 00:00:00.022: BR0:1 LCP:    MagicNumber 0x03317BB4 (0x050603317BB4)\n"
        "R2 00:00:00.023: BR0:1 CHAP: I CHALLENGE id 128 len 23 from \"R1\"\n"
        "R2 00:00:00.023: BR0:1 CHAP: O RESPONSE id 128 len 23 from \"R2\"\n"
        "R2 00:00:00.024: BR0:1 CHAP: I SUCCESS id 128 len 4\n"
        "R2 00:00:00.030: BR0:1 IPCP: O CONFREQ [Closed] id 1 len 10\n"
        "R2 00:00:00.030: BR0:1 IPCP:    Address 192.0.2.2 (0x0306C0000202)\n";
    const auto records = records_of(text, rec::RecordingFormat::IosDebug);
    CheckSetup setup;
    setup.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    setup.parameters = ppp::pixit::default_pixit();
    setup.parameters.client.callback_request = false;  // the snippet's R2 asks for no callback (CCB-01)
    setup.role = ppp::model::Role::Client;
    setup.stamp_resolution = ppp::suites::coarsest_stamp(records);
    setup.call_control = false;
    const CheckResult result = ppp::suites::check_records(records, setup, SutSide::Recorder);
    EXPECT_FALSE(result.failed()) << dump(result);
    const auto* chap = verdict_of(result, "CHAP-03");
    ASSERT_NE(chap, nullptr) << dump(result);
    EXPECT_EQ(chap->verdict, RequirementVerdict::Inconc);
    EXPECT_NE(chap->reason.find("printed in part"), std::string::npos) << chap->reason;
    const auto* phases = verdict_of(result, "PH-03");
    ASSERT_NE(phases, nullptr) << dump(result);
    EXPECT_EQ(phases->verdict, RequirementVerdict::Pass) << dump(result);
}

// The seed article's transcript (R2, the callback client) judged by its call lines (#16 item 3):
// dial, callback agreed, the client's hang-up, the return call. `sut` picks which end is judged.
CheckResult check_seed(const std::string& text, SutSide sut = SutSide::Recorder) {
    const auto records = records_of(text, rec::RecordingFormat::IosDebug);
    CheckSetup setup;
    setup.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    setup.parameters = ppp::pixit::default_pixit();
    setup.role = sut == SutSide::Recorder ? ppp::model::Role::Client : ppp::model::Role::Server;
    setup.stamp_resolution = ppp::suites::coarsest_stamp(records);
    setup.call_control = ppp::suites::has_call_control(records);
    return ppp::suites::check_records(records, setup, sut);
}

RequirementVerdict verdict_or_missing(const CheckResult& result, const std::string& id) {
    const auto* r = verdict_of(result, id);
    EXPECT_NE(r, nullptr) << id << " not exercised:\n" << dump(result);
    return r == nullptr ? RequirementVerdict::Inconc : r->verdict;
}

const std::string kSeedReturnCall = "02:45:57: %LINK-3-UPDOWN: Interface BRI0:1, changed state to up\n";

TEST(SuitesCheckCalls, TheSeedsCallbackSequenceConformsWhereItsLinesShowIt) {
    const CheckResult result = check_seed(recording("seed-r2-callback-ios.txt"));
    EXPECT_FALSE(result.failed()) << dump(result);
    // The call to the dialer map's number (DDR-02) on a usable line (DDR-06); the client drops the
    // first call once callback is agreed (CB-03) and answers the return call (CCB-04).
    for (const char* id : {"DDR-02", "DDR-06", "CB-03", "CCB-04"})
        EXPECT_EQ(verdict_or_missing(result, id), RequirementVerdict::Pass) << id << "\n" << dump(result);
    // What the lines cannot show: the datagram that made it dial, the Callback option's operation.
    for (const char* id : {"DDR-01", "CCB-01"})
        EXPECT_EQ(verdict_or_missing(result, id), RequirementVerdict::Inconc) << id << "\n" << dump(result);
    const std::string out = dump(result);
    EXPECT_NE(out.find("by the SUT  BRI0:1 link-down = call cleared"), std::string::npos) << out;
    EXPECT_NE(out.find("by the far end  BRI0:1 link-up = call offered 5557777"), std::string::npos) << out;
}

TEST(SuitesCheckCalls, AClientThatKeepsTheFirstCallAfterAgreeingToCallbackFailsCb03) {
    std::string text = recording("seed-r2-callback-ios.txt");
    text = replaced(text, "02:45:42: BR0:1 DDR: disconnecting call\n", "");
    text = replaced(text, "02:45:42: %LINK-3-UPDOWN: Interface BRI0:1, changed state to down",
                    "02:45:52: %LINK-3-UPDOWN: Interface BRI0:1, changed state to down");
    const CheckResult result = check_seed(text);
    EXPECT_TRUE(result.failed()) << dump(result);
    EXPECT_EQ(verdict_or_missing(result, "CB-03"), RequirementVerdict::Fail);
    EXPECT_EQ(verdict_or_missing(result, "CCB-04"), RequirementVerdict::Fail);
    EXPECT_NE(dump(result).find("the first call dropped after authentication"), std::string::npos) << dump(result);
}

TEST(SuitesCheckCalls, AReturnCallTakenForANewCallbackRequestFailsSeq02) {
    const std::string text = replaced(recording("seed-r2-callback-ios.txt"), kSeedReturnCall,
                                      kSeedReturnCall + "02:45:57: BR0:1 DDR: Callback negotiated - Disconnecting now\n");
    const CheckResult result = check_seed(text);
    EXPECT_EQ(verdict_or_missing(result, "SEQ-02"), RequirementVerdict::Fail) << dump(result);
    EXPECT_NE(dump(result).find("expected no Callback agreement on the return call (CB-04)"), std::string::npos);
}

TEST(SuitesCheckCalls, AClientThatRedialsWhileItAwaitsTheReturnCallFailsCcb04) {
    const std::string text = replaced(recording("seed-r2-callback-ios.txt"), "Success rate is 0 percent",
                                      "02:45:47: BR0 DDR: Attempting to dial 5557777\nSuccess rate is 0 percent");
    const CheckResult result = check_seed(text);
    EXPECT_EQ(verdict_or_missing(result, "CCB-04"), RequirementVerdict::Fail) << dump(result);
    EXPECT_NE(dump(result).find("the callback client dialled 5557777 while a return call is pending"), std::string::npos);
}

TEST(SuitesCheckCalls, ACallToANumberNoDialerMapHoldsFailsDdr02) {
    const std::string text = replaced(recording("seed-r2-callback-ios.txt"), "Attempting to dial 5557777",
                                      "Attempting to dial 5551234");
    const CheckResult result = check_seed(text);
    EXPECT_EQ(verdict_or_missing(result, "DDR-02"), RequirementVerdict::Fail) << dump(result);
}

// The server judged from the client's log (`--sut peer`): the return call comes the enable-timeout
// (15 s, DDR-06 / AMB-09) after the first call cleared; earlier, or never, fails.
TEST(SuitesCheckCalls, TheServersReturnCallIsJudgedFromTheClientsLog) {
    const CheckResult seed = check_seed(recording("seed-r2-callback-ios.txt"), SutSide::Peer);
    EXPECT_FALSE(seed.failed()) << dump(seed);
    for (const char* id : {"DDR-06", "AMB-09", "CCB-04"})
        EXPECT_EQ(verdict_or_missing(seed, id), RequirementVerdict::Pass) << id << "\n" << dump(seed);
    // The number it dialled is the client's own, which the client's log does not print.
    EXPECT_EQ(verdict_or_missing(seed, "CCB-03"), RequirementVerdict::Inconc) << dump(seed);
    const std::string seed_out = dump(seed);
    EXPECT_NE(seed_out.find("taken as the PIXIT's peer R2"), std::string::npos) << seed_out;

    const CheckResult early = check_seed(
        replaced(recording("seed-r2-callback-ios.txt"), kSeedReturnCall,
                 "02:45:50: %LINK-3-UPDOWN: Interface BRI0:1, changed state to up\n"),
        SutSide::Peer);
    EXPECT_EQ(verdict_or_missing(early, "DDR-06"), RequirementVerdict::Fail) << dump(early);
    EXPECT_EQ(verdict_or_missing(early, "AMB-09"), RequirementVerdict::Fail) << dump(early);

    const CheckResult never = check_seed(
        replaced(recording("seed-r2-callback-ios.txt"), kSeedReturnCall,
                 "02:46:42: %ISDN-6-LAYER2DOWN: Layer 2 for Interface BR0, TEI 64 changed to down\n"),
        SutSide::Peer);
    EXPECT_EQ(verdict_or_missing(never, "CCB-04"), RequirementVerdict::Fail) << dump(never);
    EXPECT_NE(dump(never).find("expected the return call"), std::string::npos) << dump(never);
}

// `show dialer` (OBS-08) prints the timers the router runs with: the seed's block is R1's (its
// prompt says so), the SUT's only with `--sut peer`. Timers that agree with the profile are noted;
// one that does not makes its rule inconc, since the oracle judged with the profile's value.
TEST(SuitesCheckCalls, ShowDialerTimersAreComparedWithTheProfileForTheSutsOwnBlock) {
    const std::string seed = recording("seed-r2-callback-ios.txt");
    const CheckResult client = check_seed(seed);
    EXPECT_NE(dump(client).find("`show dialer` of R1, not the SUT (R2): its timers are shown only"), std::string::npos)
        << dump(client);
    const CheckResult server = check_seed(seed, SutSide::Peer);
    EXPECT_NE(dump(server).find("agrees with the profile cisco-ios on idle timer 120 s, fast idle timer 20 s, wait for "
                                "carrier 30 s, re-enable 15 s"),
              std::string::npos)
        << dump(server);
    // Re-enable 20 s on R1, and its return call 8 s after the first call: judged with the profile's
    // 15 s that is early, but the router runs with another value, so DDR-06 cannot fail.
    const std::string other = replaced(replaced(seed, "Re-enable (15 secs)", "Re-enable (20 secs)"), kSeedReturnCall,
                                       "02:45:50: %LINK-3-UPDOWN: Interface BRI0:1, changed state to up\n");
    const CheckResult early = check_seed(other, SutSide::Peer);
    EXPECT_FALSE(early.failed()) << dump(early);
    const auto* ddr06 = verdict_of(early, "DDR-06");
    ASSERT_NE(ddr06, nullptr) << dump(early);
    EXPECT_EQ(ddr06->verdict, RequirementVerdict::Inconc);
    EXPECT_NE(ddr06->reason.find("gives re-enable 20 s, the profile cisco-ios claims 15 s"), std::string::npos) << ddr06->reason;
}

// A transcript with `debug isdn q931` judges calls by their Q.931 messages: its call lines would
// count each call twice, so they are shown only.
TEST(SuitesCheckCalls, CallLinesBesideQ931AreShownNotJudgedTwice) {
    const std::string text = "02:45:42: BR0 DDR: Attempting to dial 5557777\n"
                             "02:45:42: ISDN BR0: TX ->  SETUP pd = 8  callref = 0x01\n"
                             "02:45:42:         Bearer Capability i = 0x8890\n"
                             "02:45:42:         Called Party Number i = 0x80, '5557777'\n";
    const auto records = records_of(text, rec::RecordingFormat::IosDebug);
    ASSERT_TRUE(ppp::suites::has_call_control(records));
    const CheckResult result = check_seed(text);
    EXPECT_EQ(result.messages, 1U) << dump(result);
    EXPECT_EQ(dump(result).find("= call offered"), std::string::npos) << dump(result);
}

// `run`'s capture comment carries what `check` needs to judge the capture as the run did: the
// plan, the SUT's role, whether the attachment had call control (a pty has none, though the file
// declares its D interface). A plan's own text never passes for those fields.
TEST(SuitesCheck, RunsEvidenceCommentGivesThePlanTheRoleAndTheCallControl) {
    const std::string comment = ppp::suites::evidence_comment("TP-PPPD-001", "pppd-2.4.9", ppp::model::Role::Client, false,
                                                              "peer-offers-cbcp 2");
    EXPECT_EQ(comment, "ppp-conform evidence; purpose TP-PPPD-001; profile pppd-2.4.9; role client; call control none; "
                       "plan: peer-offers-cbcp 2");
    const auto facts = ppp::suites::evidence_facts_of(comment);
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->plan, "peer-offers-cbcp 2");
    EXPECT_EQ(facts->role, ppp::model::Role::Client);
    EXPECT_EQ(facts->call_control, false);
    // A file of an earlier version: the plan only.
    const auto earlier = ppp::suites::evidence_facts_of("ppp-conform evidence; purpose TP-CB-001; profile cisco-ios; plan: ping 1");
    ASSERT_TRUE(earlier);
    EXPECT_EQ(earlier->plan, "ping 1");
    EXPECT_FALSE(earlier->role);
    EXPECT_FALSE(earlier->call_control);
    const auto tricky = ppp::suites::evidence_facts_of(ppp::suites::evidence_comment(
        "TP-X", "cisco-ios", ppp::model::Role::Server, true, "wait 1s; role client; call control none;"));
    ASSERT_TRUE(tricky);
    EXPECT_EQ(tricky->role, ppp::model::Role::Server);
    EXPECT_EQ(tricky->call_control, true);
    EXPECT_FALSE(ppp::suites::evidence_facts_of("captured by dumpcap"));
}

// DDR-01: the SUT dials only for interesting traffic, which arrives at its LAN side. A recording
// that shows the LAN side judges the rule; one that does not (every text recording: IOS says why
// it dialled, not the datagram) leaves it inconc.
TEST(SuitesCheck, TheDialerRulesAreJudgedOnlyWhereTheLanSideIsShown) {
    // SAPI 0, C/R 0 (from the user side), TEI 64, I frame; SETUP with bearer and called number.
    const ppp::wire::Bytes setup_frame = {0x00, 0x81, 0x00, 0x00, 0x08, 0x01, 0x01, 0x05, 0x04, 0x02, 0x88, 0x90,
                                          0x70, 0x08, 0x80, '5', '5', '5', '7', '7', '7', '7'};
    const auto judge = [&](bool lan) {
        CheckSetup setup;
        setup.profile = ppp::model::load_bundled_profile("cisco-ios").value();
        setup.parameters = ppp::pixit::default_pixit();
        setup.role = ppp::model::Role::Client;
        ppp::suites::RecordingJudge j(setup);
        j.distrust_unshown({}, true, lan);
        std::string skipped;
        auto setup_message = ppp::suites::captured_message(203, setup_frame, ppp::model::Millis{0}, SutSide::Recorder, skipped);
        EXPECT_TRUE(setup_message) << skipped;
        if (setup_message) j.judge(std::move(*setup_message));
        return j.finish(ppp::model::Millis{10});
    };
    const CheckResult shown = judge(true);
    ASSERT_NE(verdict_of(shown, "DDR-01"), nullptr) << dump(shown);
    EXPECT_EQ(verdict_of(shown, "DDR-01")->verdict, RequirementVerdict::Fail) << dump(shown);
    const CheckResult unshown = judge(false);
    ASSERT_NE(verdict_of(unshown, "DDR-01"), nullptr) << dump(unshown);
    EXPECT_EQ(verdict_of(unshown, "DDR-01")->verdict, RequirementVerdict::Inconc) << dump(unshown);
    EXPECT_NE(verdict_of(unshown, "DDR-01")->reason.find("LAN side"), std::string::npos) << dump(unshown);
}

TEST(SuitesCheck, LapdDirectionIsTheCommandResponseBitOfTheUserSide) {
    // SAPI 0, C/R 0 (a command from the user side), TEI 64; I frame; Q.931 SETUP, call ref 1.
    const ppp::wire::Bytes from_user = {0x00, 0x81, 0x00, 0x00, 0x08, 0x01, 0x01, 0x05};
    std::string skipped;
    const auto sent = ppp::suites::captured_message(203, from_user, ppp::model::Millis{5}, SutSide::Recorder, skipped);
    ASSERT_TRUE(sent) << skipped;
    EXPECT_FALSE(sent->message.to_sut());
    EXPECT_TRUE(sent->message.d_channel());
    EXPECT_EQ(sent->message.bytes(), (ppp::wire::Bytes{0x08, 0x01, 0x01, 0x05}));
    ppp::wire::Bytes from_network = from_user;
    from_network[0] = 0x02;  // C/R 1: a command from the network side
    const auto received = ppp::suites::captured_message(203, from_network, ppp::model::Millis{5}, SutSide::Recorder, skipped);
    ASSERT_TRUE(received);
    EXPECT_TRUE(received->message.to_sut());
    // An RR frame (supervisory) carries no layer 3 message.
    EXPECT_FALSE(ppp::suites::captured_message(203, {0x00, 0x81, 0x01, 0x02}, ppp::model::Millis{5}, SutSide::Recorder, skipped));
    EXPECT_NE(skipped.find("without a layer 3"), std::string::npos) << skipped;
    // PPP without direction (DLT 9) is not guessed.
    EXPECT_FALSE(ppp::suites::captured_message(9, {0xff, 0x03, 0xc0, 0x21}, ppp::model::Millis{5}, SutSide::Recorder, skipped));
    EXPECT_NE(skipped.find("no direction"), std::string::npos) << skipped;
}

TEST(SuitesCheck, PppWithDirectionTakesTheCapturingSideAsTheRecorder) {
    std::string skipped;
    const ppp::wire::Bytes sent = {0x01, 0xff, 0x03, 0xc0, 0x21, 0x09, 0x01, 0x00, 0x08, 0x11, 0x22, 0x33, 0x44};
    const auto by_recorder = ppp::suites::captured_message(204, sent, ppp::model::Millis{1}, SutSide::Recorder, skipped);
    ASSERT_TRUE(by_recorder) << skipped;
    EXPECT_FALSE(by_recorder->message.to_sut());
    EXPECT_TRUE(by_recorder->message.decoded().intact) << "the capture has no FCS: one is added";
    const auto judged_peer = ppp::suites::captured_message(204, sent, ppp::model::Millis{1}, SutSide::Peer, skipped);
    ASSERT_TRUE(judged_peer);
    EXPECT_TRUE(judged_peer->message.to_sut());
}

// Bad input never crashes anything: octets changed anywhere in a real log, including into line
// ends, brackets and digits, are judged like any recording (whatever the verdicts).
RC_GTEST_PROP(SuitesCheck, ALogWithAnyOctetsChangedIsJudgedWithoutCrashing, ()) {
    static const std::string base = recording("pppd-2.4.9-cbcp-client.log") + recording("pppd-2.4.9-ipcp-coderej.log");
    std::string text = base;
    const auto changes = *rc::gen::inRange(1, 40);
    for (int i = 0; i < changes; ++i)
        text[*rc::gen::inRange<std::size_t>(0, text.size())] = *rc::gen::arbitrary<char>();
    const CheckResult result = check_pppd(text);
    RC_ASSERT(result.messages <= result.timeline.size());
    for (const auto& finding : result.findings)
        if (finding.entry) RC_ASSERT(*finding.entry < result.timeline.size());
}

// Call lines in any order, on any channel, judged for either end in either role: the call events
// they become never crash the oracle, and every finding points at a line of the timeline.
RC_GTEST_PROP(SuitesCheck, CallLinesInAnyOrderAreJudgedWithoutCrashing, ()) {
    static const std::vector<std::string> lines = {
        "BR0 DDR: Attempting to dial 5557777",
        "BR0 DDR: Attempting to dial 5551234",
        "%LINK-3-UPDOWN: Interface BRI0:C, changed state to up",
        "%LINK-3-UPDOWN: Interface BRI0:C, changed state to down",
        "BR0:C DDR: disconnecting call",
        "BR0:C DDR: Callback negotiated - Disconnecting now",
        "%ISDN-6-CONNECT: Interface BRI0:C is now connected to 5557777 R1",
        "%ISDN-6-DISCONNECT: Interface BRI0:C disconnected from 5557777 R1, call lasted 3 seconds",
        "BR0 DDR: call to 5557777 failed, cause 17 (User busy)",
        "BR0:C DDR: Callback received from R1 5557777",
    };
    std::string text;
    int second = 0;
    const auto count = *rc::gen::inRange(1, 40);
    for (int i = 0; i < count; ++i) {
        second += *rc::gen::inRange(0, 20);
        std::string line = lines[*rc::gen::inRange<std::size_t>(0, lines.size())];
        const auto c = line.find(":C");
        if (c != std::string::npos) line[c + 1] = static_cast<char>('0' + *rc::gen::inRange(1, 4));
        char stamp[16];
        std::snprintf(stamp, sizeof stamp, "02:%02d:%02d: ", second / 60 % 60, second % 60);
        text += stamp + line + "\n";
    }
    const auto records = records_of(text, rec::RecordingFormat::IosDebug);
    CheckSetup setup;
    setup.profile = ppp::model::load_bundled_profile("cisco-ios").value();
    setup.parameters = ppp::pixit::default_pixit();
    setup.role = *rc::gen::arbitrary<bool>() ? ppp::model::Role::Client : ppp::model::Role::Server;
    setup.stamp_resolution = ppp::suites::coarsest_stamp(records);
    setup.call_control = ppp::suites::has_call_control(records);
    const SutSide sut = *rc::gen::arbitrary<bool>() ? SutSide::Recorder : SutSide::Peer;
    const CheckResult result = ppp::suites::check_records(records, setup, sut);
    RC_ASSERT(result.messages <= result.timeline.size());
    for (const auto& finding : result.findings)
        if (finding.entry) RC_ASSERT(*finding.entry < result.timeline.size());
}

#ifdef PPP_CONFORM_BIN
using ppp::test::run_command;

std::string temp_file(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST(SuitesCheckCommand, APppdLogPassesAndPrintsTheCounts) {
    std::string out;
    EXPECT_EQ(run_command(std::string("check --profile pppd-2.4.9 --pixit pppd-uml '") + PPP_TEST_DATA_DIR +
                              "/recordings/pppd-2.4.9-cbcp-client.log'",
                          out),
              0)
        << out;
    EXPECT_NE(out.find("role client (pppd-2.4.9-cbcp-client.log line 24: the SUT logs callback-pending)"), std::string::npos)
        << out;
    EXPECT_NE(out.find(" 0 failed, "), std::string::npos) << out;
    EXPECT_NE(out.find("pass    CHAP-03"), std::string::npos) << out;
}

TEST(SuitesCheckCommand, AFailureExitsOneAndGoesToJUnit) {
    const std::string log = temp_file("check-fail.log", replaced(recording("pppd-2.4.9-cbcp-client.log"),
                                                                 "sent [CHAP Response id=0x41", "sent [CHAP Response id=0x42"));
    const std::string junit = ::testing::TempDir() + "check-fail.xml";
    std::string out;
    EXPECT_EQ(run_command("check --profile pppd-2.4.9 --pixit pppd-uml --junit '" + junit + "' '" + log + "'", out), 1) << out;
    const std::string xml = read_file(junit);
    EXPECT_NE(xml.find("name=\"CHAP-03 "), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<skipped message=\"inconc"), std::string::npos) << xml;  // FR-04
}

// `--report-dir`: the conformance report as `run` writes it (a case per requirement, its finding
// and clause) and the annotated timeline, no secret in any of them; a folder that cannot be made
// is refused before anything is read.
TEST(SuitesCheckCommand, AReportDirGetsTheReportAndTheTimeline) {
    const std::string log = temp_file("check-report.log", replaced(recording("pppd-2.4.9-cbcp-client.log"),
                                                                   "sent [CHAP Response id=0x41", "sent [CHAP Response id=0x42"));
    const std::string dir = ::testing::TempDir() + "check-report-dir";
    std::string out;
    EXPECT_EQ(run_command("check --profile pppd-2.4.9 --pixit pppd-uml --report-dir '" + dir + "' '" + log + "'", out), 1) << out;
    const std::string summary = read_file(dir + "/summary.md");
    EXPECT_NE(summary.find("| CHAP-03 |"), std::string::npos) << summary;
    EXPECT_NE(summary.find("| fail |"), std::string::npos) << summary;
    EXPECT_NE(read_file(dir + "/report.html").find("CHAP-03"), std::string::npos);
    const std::string timeline = read_file(dir + "/timeline.txt");
    EXPECT_NE(timeline.find("Timeline:"), std::string::npos) << timeline;
    EXPECT_NE(timeline.find("FAIL CHAP-03"), std::string::npos) << timeline;
    for (const char* file : {"/summary.md", "/report.html", "/timeline.txt"})
        EXPECT_EQ(read_file(dir + file).find("CCIE"), std::string::npos) << file << " holds the CHAP secret";
    const std::string blocked = temp_file("check-report-blocker", "a file, not a folder");
    EXPECT_EQ(run_command("check --report-dir '" + blocked + "/sub' '" + log + "'", out), 2) << out;
    EXPECT_NE(out.find("--report-dir"), std::string::npos) << out;
}

TEST(SuitesCheckCommand, StrictMakesInconclusiveExitOne) {
    std::string out;
    const std::string file = std::string(PPP_TEST_DATA_DIR) + "/recordings/pppd-2.4.9-cbcp-client.log";
    EXPECT_EQ(run_command("check --quiet --strict --profile pppd-2.4.9 --pixit pppd-uml '" + file + "'", out), 1) << out;
    EXPECT_EQ(out.find("Timeline:"), std::string::npos) << out;
}

// The reference's own `simulate` transcript (IOS-style lines of R1 and R2 in one file), each router
// judged as the SUT: the reference breaks nothing the transcript can show.
TEST(SuitesCheckCommand, TheReferencesSimulateTranscriptPassesForEitherRouter) {
    std::string transcript;
    ASSERT_EQ(run_command(std::string("simulate '") + PPP_SOURCE_DIR + "/suites/scenarios/callback/callback.scn'", transcript), 0)
        << transcript;
    const std::string path = temp_file("check-simulate.txt", transcript);
    std::string out;
    EXPECT_EQ(run_command("check '" + path + "'", out), 2) << out;
    EXPECT_NE(out.find("give --recorder NAME"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --recorder R2 '" + path + "'", out), 0) << out;
    EXPECT_NE(out.find("role client"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --recorder R1 '" + path + "'", out), 0) << out;
    EXPECT_NE(out.find("role server"), std::string::npos) << out;
    EXPECT_NE(out.find("pass    LCP-"), std::string::npos) << out;
}

// Every bundled scenario's `simulate` transcript, each router judged as the SUT with the scenario's
// configuration, with its `debug isdn q931` lines and without them (then its call lines are the
// call control, #16 item 3): the reference breaks nothing either way.
TEST(SuitesCheckCommand, EveryScenariosTranscriptPassesWithOrWithoutItsQ931Lines) {
    struct Scenario {
        const char* name;
        const char* configure;  // the intents the scenario's configuration amounts to
        const char* routers;    // which routers the bundled profile fits (cbcp: R2 asks for op 6)
    };
    for (const Scenario& s : {Scenario{"callback", "", "R1 R2"}, Scenario{"callback-secure", "client-not-callback-user", "R1 R2"},
                              Scenario{"cbcp", "client-requests-cbcp", "R1"}, Scenario{"busy-return", "", "R1 R2"},
                              Scenario{"idle", "client-no-callback", "R1 R2"}}) {
        std::string transcript;
        ASSERT_EQ(run_command(std::string("simulate '") + PPP_SOURCE_DIR + "/suites/scenarios/" + s.name + "/" + s.name + ".scn'",
                              transcript), 0)
            << transcript;
        std::string without_q931;
        std::istringstream lines(transcript);
        for (std::string line; std::getline(lines, line);) {
            const bool q931 = line.find("ISDN BR0: TX") != std::string::npos || line.find("ISDN BR0: RX") != std::string::npos ||
                              line.find(" i = 0x") != std::string::npos;
            if (!q931) without_q931 += line + "\n";
        }
        ASSERT_LT(without_q931.size(), transcript.size()) << s.name;
        for (const std::string& text : {transcript, without_q931}) {
            const bool calls = text.size() < transcript.size();
            const std::string path = temp_file(std::string("check-") + s.name + (calls ? "-calls.txt" : ".txt"), text);
            for (const std::string router : {"R1", "R2"}) {
                if (std::string(s.routers).find(router) == std::string::npos) continue;
                const std::string role = router == "R1" ? "server" : "client";
                const std::string configure = *s.configure ? std::string(" --configure '") + s.configure + "'" : "";
                std::string out;
                EXPECT_EQ(run_command("check --recorder " + router + " --role " + role + configure + " '" + path + "'", out), 0)
                    << s.name << " " << router << (calls ? " (call lines)" : " (Q.931)") << "\n" << out;
                EXPECT_EQ(out.find("= call ") != std::string::npos, calls) << s.name << " " << router << "\n" << out;
            }
        }
    }
}

// Two routers' logs of one session, each in its own file with no router named on its lines, are
// told apart by a packet one sent and the other received; judged as one recorder they would
// double every packet (found failing CHAP and LCP rows before this was told).
TEST(SuitesCheckCommand, TwoEndsLogsAreToldApartAndOnesClockSetByTheOther) {
    std::string transcript;
    ASSERT_EQ(run_command(std::string("simulate '") + PPP_SOURCE_DIR + "/suites/scenarios/callback/callback.scn'", transcript), 0)
        << transcript;
    std::string r1, r2;
    std::istringstream lines(transcript);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("R1 ", 0) == 0) r1 += line.substr(3) + "\n";
        if (line.rfind("R2 ", 0) == 0) r2 += line.substr(3) + "\n";
    }
    const std::string p1 = temp_file("check-r1.txt", r1);
    const std::string p2 = temp_file("check-r2.txt", r2);
    std::string out;
    EXPECT_EQ(run_command("check '" + p1 + "' '" + p2 + "'", out), 2) << out;
    EXPECT_NE(out.find("the recording holds the lines of 2 routers"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --recorder check-r2.txt '" + p1 + "' '" + p2 + "'", out), 0) << out;
    EXPECT_NE(out.find("check-r2.txt: the other end's log (check-r2.txt line "), std::string::npos) << out;
    EXPECT_NE(out.find("role client"), std::string::npos) << out;
    EXPECT_NE(out.find(" 0 failed, "), std::string::npos) << out;
    // An --offset given for the file is kept: the packet does not set that clock.
    EXPECT_EQ(run_command("check --recorder check-r1.txt --offset 0 --offset 0 '" + p1 + "' '" + p2 + "'", out), 0) << out;
    EXPECT_EQ(out.find("its clock set"), std::string::npos) << out;
    EXPECT_NE(out.find("role server"), std::string::npos) << out;
}

// The seed article's transcript logs dialer lines only (no `debug ppp negotiation`): its call lines
// are judged by the dialer and callback rules; the SUT's silence on LCP there is no evidence, and
// the lines that carry no call event are shown, not judged.
TEST(SuitesCheckCommand, TheSeedTranscriptIsJudgedByItsCallLines) {
    std::string out;
    EXPECT_EQ(run_command(std::string("check '") + PPP_TEST_DATA_DIR + "/recordings/seed-r2-callback-ios.txt'", out), 0) << out;
    EXPECT_NE(out.find("role client (seed-r2-callback-ios.txt line 7: the SUT logs dial-attempt)"), std::string::npos) << out;
    EXPECT_NE(out.find("pass    CB-03"), std::string::npos) << out;
    EXPECT_NE(out.find("pass    CCB-04"), std::string::npos) << out;
    EXPECT_NE(out.find("inconc  PH-01     the recording shows no LCP or IPCP packet"), std::string::npos) << out;
    EXPECT_NE(out.find(" 0 failed, "), std::string::npos) << out;
    EXPECT_NE(out.find("lines that carry no packet, Q.931 message or call event"), std::string::npos) << out;
}

// `run`'s pcapng evidence names its plan: check judges it with the plan's configuration (here the
// client is no callback user and callback-secure is off, so the server keeps the first call, CCB-05),
// which the default PIXIT alone would take for a violation of SEQ-01.
TEST(SuitesCheckCommand, RunsEvidenceIsJudgedWithTheConfigurationItsPlanNames) {
    const std::string dir = ::testing::TempDir() + "check-evidence";
    std::string out;
    ASSERT_EQ(run_command("run --seed 1 --tp TP-CB-SRV-011 --evidence all --report-dir '" + dir + "'", out), 0) << out;
    const std::string capture = dir + "/TP-CB-SRV-011.pcapng";
    EXPECT_EQ(run_command("check '" + capture + "'", out), 0) << out;
    EXPECT_NE(out.find("configuration from the capture's plan: client-not-callback-user; callback-secure off"),
              std::string::npos) << out;
    EXPECT_NE(out.find("pass    CCB-05"), std::string::npos) << out;
    // The same packets with the default configuration stated instead: the server should have hung up.
    EXPECT_EQ(run_command("check --configure 'callback-secure on' '" + capture + "'", out), 1) << out;
    EXPECT_NE(out.find("fail    SEQ-01"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --configure 'ping 5' '" + capture + "'", out), 2) << out;
    EXPECT_NE(out.find("is not a configuration intent (accepted: "), std::string::npos) << out;
}

// A recording's stamps cannot show which of two frames within tolerance.crossing_ms the SUT saw
// first, but one link delivers the SUT's frames in the order it sent them. Here (a renegotiation
// during CBCP, the SUT repeating its old CHAP Challenge: CHAP-02) the SUT's own LCP answers to the
// renegotiation precede the Challenge on B1, so the Challenge was sent after the renegotiation
// reached the SUT and is judged in the order observed: check fails CHAP-02, as the run did.
TEST(SuitesCheckCommand, AFrameAfterTheSutsOwnAnswerIsJudgedInTheOrderObserved) {
    const std::string dir = ::testing::TempDir() + "check-crossing";
    std::string out;
    ASSERT_EQ(run_command("run --seed 1 --tp TP-CBCP-008 --fault chap-same-challenge --evidence all --report-dir '" + dir + "'", out), 1)
        << out;
    EXPECT_NE(out.find("[CHAP-02]"), std::string::npos) << out;
    EXPECT_EQ(run_command("check '" + dir + "/TP-CBCP-008.pcapng'", out), 1) << out;
    EXPECT_NE(out.find("fail    CHAP-02"), std::string::npos) << out;
    EXPECT_EQ(out.find("fail    CBCP-01"), std::string::npos) << out;
    EXPECT_EQ(out.find("note: crossing"), std::string::npos) << out;
}

TEST(SuitesCheckCommand, BadInputsExitTwoWithOneLine) {
    std::string out;
    const std::string junk = temp_file("check-junk.txt", "hello\nworld\n");
    EXPECT_EQ(run_command("check '" + junk + "'", out), 2) << out;
    EXPECT_NE(out.find("no line of its first 8 KiB is of a known format"), std::string::npos) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_EQ(run_command("check /nonexistent/x.log", out), 2) << out;
    EXPECT_NE(out.find("/nonexistent/x.log cannot be read"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --format xml '" + junk + "'", out), 2) << out;
    EXPECT_EQ(run_command("check --recorder R9 --role client '" + junk + "'", out), 2) << out;
    // A log that tells no role needs --role.
    const std::string quiet = temp_file("check-norole.log", "rcvd [LCP EchoReq id=0x1 magic=0x11223344]\n");
    EXPECT_EQ(run_command("check '" + quiet + "'", out), 2) << out;
    EXPECT_NE(out.find("give --role client or --role server"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --role server --profile pppd-2.4.9 '" + quiet + "'", out), 2) << out;
}
#endif

}  // namespace
