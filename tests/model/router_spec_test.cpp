// DESIGN.md section 1, frame by frame and call by call, judged for both routers; then altered
// traces, each judged non-conforming with the requirement it breaks.
#include <gtest/gtest.h>

#include "ppp/model/router_spec.hpp"
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

TEST(ModelScenario, CallbackClientR2Conforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, client_trace(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "Connected");
    EXPECT_EQ(spec.phase(1), "Network");
    EXPECT_EQ(spec.lcp_state(1), LcpState::Opened);
}

TEST(ModelScenario, CallbackServerR1Conforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, server_trace(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    EXPECT_EQ(spec.callback_state(), "Connected");
    EXPECT_EQ(spec.phase(1), "Network");
}

TEST(ModelScenario, ClientOwesTeardownAfterAuthentication) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("succ");
    EXPECT_TRUE(run(spec, t).conforming);
    bool drop = false;
    for (const Obligation& o : spec.owed()) drop |= o.kind == OutputKind::DropCall;
    EXPECT_TRUE(drop);
    EXPECT_EQ(spec.phase(1), "Callback");
}

TEST(ModelScenario, ServerOwesReturnCallAfterEnableTimeout) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.cut_after("relc1");
    EXPECT_TRUE(run(spec, t).conforming);
    bool setup = false;
    for (const Obligation& o : spec.owed())
        if (o.kind == OutputKind::Setup) {
            setup = true;
            // AMB-24 (cisco-ios: from the disconnect): the wait runs from the DISCONNECT at
            // 120 ms, not from the RELEASE COMPLETE at 140 ms.
            EXPECT_EQ(o.deadline.count(), 120 + 15000 + 1000 + 2000);
            EXPECT_EQ(o.not_before.count(), 120 + 15000 - 200);
        }
    EXPECT_TRUE(setup);
    EXPECT_EQ(spec.callback_state(), "Pending");
}

TEST(ModelScenario, CoverageNamesCoordinatorRowsAndCountsThem) {
    RouterSpec spec = server();
    run(spec, server_trace(), 17000ms);
    const Coverage cov = spec.coverage();
    EXPECT_GT(cov.requirements().at("CCB-04"), 0U);
    EXPECT_GT(cov.requirements().at("ISDN-05"), 0U);
    bool found = false;
    for (const CoverageItem& t : cov.transitions)
        if (t.machine == "callback" && t.name == "Pending --return call dialled--> CallingBack") found = t.hits == 1;
    EXPECT_TRUE(found);
    EXPECT_FALSE(cov.unfired_transitions().empty());
    EXPECT_FALSE(cov.unexercised_requirements().empty());
}

// ----- altered traces ---------------------------------------------------------------------------

// ISDN-07, PH-01: a connected call the SUT clears before any LCP Configure-Request (a SUT that
// took the CONNECT for no B-channel and cleared with #44) took no notice of the connection; a
// passive profile ([p], RFC 1661 section 4.1) waits for the peer's Request and may do so.
TEST(ModelScenario, ClearingAConnectedCallBeforeAnyLcpViolatesIsdn07) {
    Trace t = client_trace();
    t.cut_after("connack1");
    t.add("disc", from_sut(115ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 44)}));
    RouterSpec spec = client();
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("ISDN-07")) << j.explanation;
    EXPECT_NE(j.explanation.find("DISCONNECT #44 of its connected call on B1 before any LCP Configure-Request"), std::string::npos)
        << j.explanation;
    Profile passive = load_bundled_profile("cisco-ios").value();
    passive.lcp.passive = true;
    RouterSpec waits(Role::Client, passive, r2_pixit());
    EXPECT_FALSE(run(waits, t).violates("ISDN-07"));
}

// Q.931 section 5.3.3 (ISDN-10): after its own DISCONNECT the user waits for the network's
// answer; a RELEASE of its own before T305 (30 s) has run out is early.
TEST(ModelScenario, ReleaseBeforeT305ViolatesIsdn10) {
    Trace t = client_trace();
    t.cut_after("disc1");
    t.add("rel", from_sut(5210ms, DChannel{q931(T::Release, 1, false, -1, true, "", "", 16)}));
    RouterSpec spec = client();
    const Judgement early = run(spec, t);
    EXPECT_TRUE(early.violates("ISDN-10")) << early.explanation;
    EXPECT_NE(early.explanation.find("RELEASE 5000 ms after its own DISCONNECT"), std::string::npos) << early.explanation;
    Trace in_time = client_trace();
    in_time.cut_after("disc1");
    in_time.add("rel", from_sut(30210ms, DChannel{q931(T::Release, 1, false, -1, true, "", "", 16)}));
    RouterSpec again = client();
    EXPECT_FALSE(run(again, in_time).violates("ISDN-10"));
}

TEST(ModelScenario, IpcpOnFirstCallViolatesSeq01) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.insert_after("succ", "ipcp", from_sut(185ms, BFrame{1, ipcp(CR, 1, kR2Ip)}));
    t.cut_after("ipcp");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("SEQ-01")) << j.explanation;
}

TEST(ModelScenario, CallbackOptionOnReturnCallViolatesSeq02) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.replace("r2cr2", from_sut(15260ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x33333333}, wire::Callback{0, {}}})}));
    t.cut_after("r2cr2");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("SEQ-02")) << j.explanation;
}

TEST(ModelScenario, ClientKeepingFirstCallViolatesCcb04) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("succ");
    const Judgement j = run(spec, t, 10000ms);
    EXPECT_TRUE(j.violates("CCB-04")) << j.explanation;
    EXPECT_TRUE(j.violates("CB-03"));
}

TEST(ModelScenario, ServerCallingBackUnconfiguredUserViolatesCcb05) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "OTHER", kChal1), "R3")}));
    t.cut_after("relc1");
    EXPECT_TRUE(run(spec, t).conforming);  // dropping the call is right under callback-secure
    EXPECT_EQ(spec.callback_state(), "Idle");
    const Judgement j = spec.on_event(from_sut(15150ms, DChannel{q931(T::Setup, 2, false, 3, false, "5558888")}));
    EXPECT_TRUE(j.violates("CCB-05")) << j.explanation;
}

TEST(ModelScenario, ServerKeepingFirstCallOfUnconfiguredUserViolatesCcb05) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "OTHER", kChal1), "R3")}));
    t.cut_after("succ");
    const Judgement j = run(spec, t, 5000ms);
    EXPECT_TRUE(j.violates("CCB-05")) << j.explanation;
}

TEST(ModelScenario, ServerDialingOptionNumberUnderUsernameViolatesCcb03) {
    RouterSpec spec = server();
    Trace t = server_trace();
    const std::vector<wire::LcpOption> op1{wire::MagicNumber{0x11111111}, wire::Callback{1, Bytes{'5', '5', '5', '9', '9', '9', '9'}}};
    t.replace("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, op1)}));
    t.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CA, 1, op1)}));
    t.replace("setup2", from_sut(15150ms, DChannel{q931(T::Setup, 2, false, 3, false, "5559999")}));
    t.cut_after("setup2");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CCB-03")) << j.explanation;
}

TEST(ModelScenario, ReturnCallBeforeEnableTimeoutViolatesDdr06) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("setup2", from_sut(5000ms, DChannel{q931(T::Setup, 2, false, 3, false, "5558888")}));
    t.cut_after("setup2");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("DDR-06")) << j.explanation;
}

TEST(ModelScenario, NoReturnCallViolatesCcb04) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.cut_after("relc1");
    const Judgement j = run(spec, t, 20000ms);
    EXPECT_TRUE(j.violates("CCB-04")) << j.explanation;
}

TEST(ModelScenario, AckReorderingOptionsViolatesLcp05) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CA, 1, {wire::Callback{0, {}}, wire::MagicNumber{0x11111111}})}));
    t.cut_after("r1ca");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-05")) << j.explanation;
}

TEST(ModelScenario, NakOfOptionNeverOfferedViolatesLcp06) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CN, 1, {wire::Mru{1500}})}));
    t.cut_after("r1ca");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-06")) << j.explanation;
}

// RFC 1661 section 5.3: a Nak'd option's Value "is modified to a value acceptable to the
// Configure-Nak sender"; a Nak that repeats the Request's value names nothing unacceptable.
TEST(ModelScenario, NakRepeatingTheRequestsValueViolatesLcp06) {
    Trace same = server_trace();
    same.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CN, 1, {wire::MagicNumber{0x11111111}})}));
    same.cut_after("r1ca");
    RouterSpec spec = server();
    const Judgement j = run(spec, same);
    EXPECT_TRUE(j.violates("LCP-06")) << j.explanation;
    EXPECT_NE(j.explanation.find("with the very value the Request carried"), std::string::npos) << j.explanation;
    Trace other = server_trace();
    other.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CN, 1, {wire::MagicNumber{0x12345678}})}));
    other.cut_after("r1ca");
    RouterSpec again = server();
    EXPECT_FALSE(run(again, other).violates("LCP-06"));
}

TEST(ModelScenario, RejectOfModifiedOptionViolatesLcp07) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("r1ca", from_sut(50ms, BFrame{1, lcp(CJ, 1, {wire::Callback{3, {}}})}));
    t.cut_after("r1ca");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-07")) << j.explanation;
}

TEST(ModelScenario, ChapResponseWithWrongHashViolatesChap03) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.replace("resp", from_sut(170ms, BFrame{1, chap(kResponse, 1, md5(1, "WRONG", kChal1), "R2")}));
    t.cut_after("resp");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CHAP-03")) << j.explanation;
}

TEST(ModelScenario, ServerSuccessForWrongHashViolatesChap03) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "WRONG", kChal1), "R2")}));
    t.cut_after("succ");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CHAP-03")) << j.explanation;
}

TEST(ModelScenario, ServerFailureThenTerminateConforms) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("resp", to_sut(80ms, BFrame{1, chap(kResponse, 1, md5(1, "WRONG", kChal1), "R2")}));
    t.replace("succ", from_sut(90ms, BFrame{1, chap(kFailure, 1, {}, "", "Bad")}));
    t.cut_after("r1tr");
    const Judgement j = run(spec, t, 95ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelScenario, RetryOfBusyReturnCallViolatesCcb06) {
    RouterSpec spec = server();
    Trace t = server_trace();
    t.replace("callproc2", to_sut(15160ms, DChannel{q931(T::ReleaseComplete, 2, true, -1, true, "", "", 17)}));
    t.cut_after("callproc2");
    t.add("setup3", from_sut(15200ms, DChannel{q931(T::Setup, 3, false, 3, false, "5558888")}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CCB-06")) << j.explanation;
}

// AMB-10: a server whose profile claims a retry of a failed return call owes it at once; leaving
// it out breaks that claim, not the first return call's enable-timeout (CCB-04, DDR-06).
TEST(ModelScenario, RetryClaimedButNotMadeViolatesAmb10) {
    Profile retrying = cisco();
    retrying.callback.return_retries = 1;
    Trace t = server_trace();
    t.replace("callproc2", to_sut(15160ms, DChannel{q931(T::ReleaseComplete, 2, true, -1, true, "", "", 17)}));
    t.cut_after("callproc2");
    RouterSpec silent(Role::Server, retrying, r1_pixit());
    const Judgement j = run(silent, t, 30000ms);
    EXPECT_TRUE(j.violates("AMB-10")) << j.explanation;
    EXPECT_FALSE(j.violates("CCB-04")) << j.explanation;
    EXPECT_NE(j.explanation.find("expected the return call's retry 1 of 1 (SETUP to 5558888)"), std::string::npos)
        << j.explanation;
    // The retry made in time conforms.
    t.add("setup3", from_sut(15200ms, DChannel{q931(T::Setup, 3, false, 3, false, "5558888")}));
    RouterSpec retried(Role::Server, retrying, r1_pixit());
    const Judgement ok = run(retried, t);
    EXPECT_FALSE(ok.violates("AMB-10")) << ok.explanation;
    EXPECT_FALSE(ok.violates("CCB-06")) << ok.explanation;
    EXPECT_EQ(retried.callback_state(), "CallingBack");
}

TEST(ModelScenario, MissingTerminateAckViolatesLcp09) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r2ca");
    t.add("r1tr", to_sut(155ms, BFrame{1, lcp_term(TR, 9)}));
    const Judgement j = run(spec, t, 3000ms);
    EXPECT_TRUE(j.violates("LCP-09")) << j.explanation;
}

TEST(ModelScenario, TerminateAckWithWrongIdViolatesLcp09) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r2ca");
    t.add("r1tr", to_sut(155ms, BFrame{1, lcp_term(TR, 9)}));
    t.add("r2ta", from_sut(158ms, BFrame{1, lcp_term(TA, 8)}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-09")) << j.explanation;
}

TEST(ModelScenario, ThirdCallOnBriViolatesIsdn01) {
    RouterSpec spec = client();
    Trace t;
    t.add("setupA", to_sut(0ms, DChannel{q931(T::Setup, 7, false, 1, true, "5558888", "5550001")}));
    t.add("connectA", from_sut(10ms, DChannel{q931(T::Connect, 7, true)}));
    t.add("connackA", to_sut(20ms, DChannel{q931(T::ConnectAck, 7, false)}));
    t.add("setupB", to_sut(30ms, DChannel{q931(T::Setup, 8, false, 2, true, "5558888", "5550002")}));
    t.add("connectB", from_sut(40ms, DChannel{q931(T::Connect, 8, true)}));
    t.add("connackB", to_sut(50ms, DChannel{q931(T::ConnectAck, 8, false)}));
    t.add("setup3", from_sut(60ms, DChannel{q931(T::Setup, 9, false, 3, false, "5557777")}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("ISDN-01")) << j.explanation;
}

TEST(ModelScenario, SilenceWhereConfigureRequestRetransmissionOwedViolatesFsm01) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r2cr");
    EXPECT_TRUE(run(spec, t, 120ms + 2000ms + 1000ms).conforming);  // within restart + tolerance
    const Judgement j = spec.advance_to(120ms + 2000ms + 1001ms);
    EXPECT_TRUE(j.violates("FSM-01")) << j.explanation;
    EXPECT_TRUE(j.violates("FSM-02"));
}

TEST(ModelScenario, EarlyConfigureRequestRetransmissionViolatesFsm01) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r2cr");
    t.add("again", from_sut(500ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("FSM-01")) << j.explanation;
}

TEST(ModelScenario, ClientWithoutCallbackOptionViolatesCcb01) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.replace("r2cr", from_sut(120ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x11111111}})}));
    t.cut_after("r2cr");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("CCB-01")) << j.explanation;
}

TEST(ModelScenario, ClientNotAnsweringReturnCallViolatesCcb04) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("setup2");
    const Judgement j = run(spec, t, 20000ms);
    EXPECT_TRUE(j.violates("CCB-04")) << j.explanation;
}

TEST(ModelScenario, DialingWithoutTrafficViolatesDdr01) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.remove("ping");
    t.cut_after("setup1");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("DDR-01")) << j.explanation;
}

TEST(ModelScenario, PppFrameBeforeThroughConnectViolatesIsdn07) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("callproc1");
    t.add("early", from_sut(50ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("ISDN-07")) << j.explanation;
}

TEST(ModelScenario, ChapBeforeLcpOpenedViolatesLcp17) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r1cr");
    t.add("early", from_sut(135ms, BFrame{1, chap(kResponse, 1, md5(1, "CCIE", kChal1), "R2")}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-17")) << j.explanation;
}

TEST(ModelScenario, BadFcsFromSutViolatesFr04) {
    RouterSpec spec = client();
    Trace t = client_trace();
    Bytes bad = lcp(CR, 1, r2_first_cr());
    bad.back() ^= 0xFF;
    t.replace("r2cr", from_sut(120ms, BFrame{1, bad}));
    t.cut_after("r2cr");
    EXPECT_TRUE(run(spec, t).violates("FR-04"));
}

// RFC 1661 section 5.1: "Upon reception of a Configure-Request, an appropriate reply MUST be
// transmitted." R1's Request goes unanswered; its retransmission comes exactly when the answer
// was due (R1's Restart timer 2 s = the reply tolerance): it does not start the wait anew.
Trace request_answered_only_after_its_retransmission(Millis answer_at) {
    Trace t = client_trace();
    t.cut_after("r1ca");
    t.remove("r1ca");
    t.add("r1cr-again", to_sut(2130ms, BFrame{1, lcp(CR, 2, r1_cr(0x22222222))}));
    t.add("r2ca", from_sut(answer_at, BFrame{1, lcp(CA, 2, r1_cr(0x22222222))}));
    return t;
}

TEST(ModelScenario, ARetransmittedRequestDoesNotExcuseTheUnansweredOne) {
    RouterSpec spec = client();
    const Judgement late = run(spec, request_answered_only_after_its_retransmission(2200ms), 2300ms);
    EXPECT_FALSE(late.conforming);
    EXPECT_TRUE(late.violates("LCP-05")) << late.explanation;
    RouterSpec again = client();
    const Judgement prompt = run(again, request_answered_only_after_its_retransmission(2130ms), 2300ms);
    EXPECT_FALSE(prompt.violates("LCP-05")) << prompt.explanation;
}

// RFC 1662 section 3.1: "Frames with other Control field values SHOULD be silently discarded."
// The peer's Echo-Reply goes out with Control 0x13 (the Poll bit set) under a good FCS.
Trace reply_with_control(std::uint8_t control) {
    Trace t = client_trace();
    Bytes body = wire::encode_ppp(wire::proto::kIp, wire::encode_ipv4(ping(kR1Ip, kR2Ip, 0, 2)));
    body[1] = control;
    t.replace("reply2", to_sut(16020ms, BFrame{1, wire::sync_encode(body, wire::FcsKind::Fcs16)}));
    return t;
}

TEST(ModelScenario, ADatagramInAFrameWithAForeignControlFieldDeliveredViolatesDdr01) {
    RouterSpec spec = client();
    const Judgement j = run(spec, reply_with_control(0x13), 17000ms);
    EXPECT_TRUE(j.violates("DDR-01")) << j.explanation;  // delivered what no peer sent over the link
}

TEST(ModelScenario, AFrameWithAForeignControlFieldDiscardedConforms) {
    RouterSpec spec = client();
    Trace t = reply_with_control(0x13);
    t.remove("reply2lan");
    const Judgement j = run(spec, t, 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelScenario, TruncatedLcpFromSutIsFindingNotCrash) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.replace("r2cr", from_sut(120ms, BFrame{1, frame(wire::proto::kLcp, Bytes{1, 1, 0, 40, 5, 6})}));
    t.cut_after("r2cr");
    const Judgement j = run(spec, t);
    EXPECT_FALSE(j.conforming);
    EXPECT_TRUE(j.violates("LCP-02")) << j.explanation;
}

TEST(ModelScenario, IdleLinkKeptPastIdleTimeoutViolatesDdr03) {
    RouterSpec spec = client();
    Trace t = client_trace();
    EXPECT_TRUE(run(spec, t, 16030ms + 120000ms).conforming);
    const Judgement j = spec.advance_to(16030ms + 122000ms);
    EXPECT_TRUE(j.violates("DDR-03")) << j.explanation;
}

TEST(ModelScenario, EchoReplyWithWrongIdViolatesLcp12) {
    RouterSpec spec = client();
    Trace t = client_trace();
    wire::LcpPacket echo;
    echo.code = 9;
    echo.identifier = 40;
    echo.magic = 0x44444444;
    t.add("echo", to_sut(16100ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(echo))}));
    wire::LcpPacket reply = echo;
    reply.code = 10;
    reply.identifier = 41;
    reply.magic = 0x33333333;
    t.add("reply", from_sut(16110ms, BFrame{1, frame(wire::proto::kLcp, wire::encode_lcp(reply))}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("LCP-12")) << j.explanation;
}

TEST(ModelScenario, DisconnectWithoutCauseViolatesIsdn05) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.replace("disc1", from_sut(210ms, DChannel{q931(T::Disconnect, 1, false)}));
    t.cut_after("relc1");
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("ISDN-05")) << j.explanation;
}

TEST(ModelScenario, RenegotiationWithoutOwnRequestViolatesFsm08) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r2ipcpack");
    t.add("r1renego", to_sut(15400ms, BFrame{1, lcp(CR, 7, {wire::MagicNumber{0x55555555}})}));
    t.add("r2ackonly", from_sut(15410ms, BFrame{1, lcp(CA, 7, {wire::MagicNumber{0x55555555}})}));
    const Judgement j = run(spec, t, 18000ms);
    EXPECT_TRUE(j.violates("FSM-08")) << j.explanation;
}

TEST(ModelScenario, PapRequestAfterTheAckViolatesPap02) {
    // R1 is the SUT; R2 asks it to authenticate with PAP, acks, and R1 keeps requesting.
    RouterSpec spec = server();
    const std::vector<wire::LcpOption> r2_cr{wire::AuthProtocol{wire::proto::kPap, {}}, wire::MagicNumber{0x11111111},
                                             wire::Callback{0, {}}};
    auto pap = [](std::uint8_t code, std::uint8_t id) {
        wire::PapPacket p;
        p.code = code;
        p.identifier = id;
        if (code == 1) {
            p.peer_id = Bytes{'R', '1'};
            p.password = Bytes{'C', 'C', 'I', 'E'};
        }
        return frame(wire::proto::kPap, wire::encode_pap(p));
    };
    Trace t;
    t.add("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 1, true, "5557777", "5558888")}));
    t.add("connect1", from_sut(10ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", to_sut(20ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, r2_cr)}));
    t.add("r1cr", from_sut(40ms, BFrame{1, lcp(CR, 1, r1_cr(0x22222222))}));
    t.add("r1ca", from_sut(50ms, BFrame{1, lcp(CA, 1, r2_cr)}));
    t.add("r2ca", to_sut(60ms, BFrame{1, lcp(CA, 1, r1_cr(0x22222222))}));
    t.add("chal", from_sut(70ms, BFrame{1, chap(kChallenge, 1, kChal1, "R1")}));
    t.add("papreq", from_sut(75ms, BFrame{1, pap(1, 1)}));
    t.add("papack", to_sut(78ms, BFrame{1, pap(2, 1)}));
    t.add("papagain", from_sut(3075ms, BFrame{1, pap(1, 2)}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("PAP-02")) << j.explanation;
}

TEST(ModelScenario, DialingDuringEnableTimeoutViolatesDdr06) {
    // The first call is refused (user busy); a packet 5 s later must not dial (enable-timeout 15 s).
    RouterSpec spec = client();
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup1", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("callproc1", to_sut(20ms, DChannel{q931(T::CallProceeding, 1, true, 1)}));
    t.add("busy", to_sut(30ms, DChannel{q931(T::Disconnect, 1, true, -1, true, "", "", 17)}));
    t.add("rel1", from_sut(40ms, DChannel{q931(T::Release, 1, false)}));
    t.add("relc1", to_sut(50ms, DChannel{q931(T::ReleaseComplete, 1, true)}));
    t.add("ping2", offered(5000ms, ping(kR2Ip, kR1Ip, 8, 2)));
    t.add("setup2", from_sut(5010ms, DChannel{q931(T::Setup, 2, false, 3, false, "5557777")}));
    const Judgement j = run(spec, t);
    EXPECT_TRUE(j.violates("DDR-06")) << j.explanation;
    EXPECT_FALSE(j.violates("DDR-01")) << j.explanation;
}

TEST(ModelScenario, OwedAndAllowedNextDescribeTheNextOutput) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r1cr");
    run(spec, t);
    const auto allowed = spec.allowed_next();
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), OutputKind::LcpConfAck), allowed.end());
    ASSERT_TRUE(spec.next_deadline().has_value());
    EXPECT_LE(spec.next_deadline()->count(), 130 + 2000);
}

}  // namespace
}  // namespace ppp::model::test
