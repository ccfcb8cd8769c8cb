// AMB knobs enforced per profile (SPEC section 13): each trace conforms under one setting and is
// judged non-conforming, with the knob's ID, under the other.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"
#include "ppp/model/crossing_window.hpp"
#include "ppp/model/router_spec.hpp"

namespace ppp::model::test {
namespace {

Judgement judge(Role role, const Profile& profile, const Pixit& pixit, const Trace& t, std::optional<Millis> end = std::nullopt) {
    RouterSpec spec(role, profile, pixit);
    return run(spec, t, end);
}

// ----- AMB-02: LCP TR/TA then DISCONNECT, or DISCONNECT only; the wait after the SUT's TA ------
Trace client_without_tr() {
    Trace t = client_trace();
    t.remove("r2tr");
    t.remove("r1ta");
    return t;
}

TEST(ModelProfileKnobs, DisconnectOnlyViolatesAmb02WhenProfileSendsTr) {
    Profile p = cisco();
    ASSERT_TRUE(p.callback.send_lcp_tr);
    const Judgement j = judge(Role::Client, p, r2_pixit(), client_without_tr(), 17000ms);
    EXPECT_TRUE(j.violates("AMB-02")) << j.explanation;
}

TEST(ModelProfileKnobs, DisconnectOnlyConformsWhenProfileSendsNoTr) {
    Profile p = cisco();
    p.callback.send_lcp_tr = false;
    const Judgement j = judge(Role::Client, p, r2_pixit(), client_without_tr(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelProfileKnobs, TerminateRequestViolatesAmb02WhenProfileSendsNoTr) {
    Profile p = cisco();
    p.callback.send_lcp_tr = false;
    EXPECT_TRUE(judge(Role::Client, p, r2_pixit(), client_trace(), 17000ms).violates("AMB-02"));
    EXPECT_TRUE(judge(Role::Client, cisco(), r2_pixit(), client_trace(), 17000ms).conforming);
}

// R1 terminates; R2 (the SUT) answers with its TA and hangs up 10 ms later.
Trace client_hangs_up_after_ta() {
    Trace t = client_trace();
    t.replace("r2tr", to_sut(190ms, BFrame{1, lcp_term(TR, 7)}));
    t.replace("r1ta", from_sut(200ms, BFrame{1, lcp_term(TA, 7)}));
    return t;
}

TEST(ModelProfileKnobs, ImmediateHangupAfterTaConformsWhenProfileSaysSo) {
    ASSERT_EQ(cisco().callback.hangup_after_ta, Millis{0});
    const Judgement j = judge(Role::Client, cisco(), r2_pixit(), client_hangs_up_after_ta(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelProfileKnobs, ImmediateHangupAfterTaViolatesAmb02WhenProfileWaits) {
    Profile p = cisco();
    p.callback.hangup_after_ta = Millis{3000};  // RFC 1661 section 3.7: one Restart interval
    const Judgement j = judge(Role::Client, p, r2_pixit(), client_hangs_up_after_ta(), 17000ms);
    EXPECT_TRUE(j.violates("AMB-02")) << j.explanation;
    EXPECT_TRUE(j.violates("PH-04"));
}

// ----- AMB-03: the server's answer to op 0 when it asks for no authentication -------------------
Trace server_op0_without_auth(const wire::PortMessage& reply) {
    const std::vector<wire::LcpOption> r1{wire::MagicNumber{0x22222222}};  // no Authentication-Protocol
    Trace t;
    t.add("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 1, true, "5557777", "5558888")}));
    t.add("connect1", from_sut(10ms, DChannel{q931(T::Connect, 1, true)}));
    t.add("connack1", to_sut(20ms, DChannel{q931(T::ConnectAck, 1, false)}));
    t.add("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    t.add("r1cr", from_sut(40ms, BFrame{1, lcp(CR, 1, r1)}));
    t.add("r1reply", reply);
    return t;
}
const wire::PortMessage kRejectOp0 = from_sut(50ms, BFrame{1, lcp(CJ, 1, {wire::Callback{0, {}}})});
const wire::PortMessage kAckOp0 = from_sut(50ms, BFrame{1, lcp(CA, 1, r2_first_cr())});

TEST(ModelProfileKnobs, RejectOfOp0WithoutAuthConformsUnderRejectViolatesUnderNak) {
    Profile p = cisco();
    ASSERT_EQ(p.callback.op0_without_auth, OptionReply::Reject);
    Judgement j = judge(Role::Server, p, r1_pixit(), server_op0_without_auth(kRejectOp0));
    EXPECT_TRUE(j.conforming) << j.explanation;
    p.callback.op0_without_auth = OptionReply::Nak;  // FreeBSD sends `0D 02`
    j = judge(Role::Server, p, r1_pixit(), server_op0_without_auth(kRejectOp0));
    EXPECT_TRUE(j.violates("AMB-03")) << j.explanation;
}

TEST(ModelProfileKnobs, AckOfOp0WithoutAuthConformsUnderAckViolatesUnderReject) {
    Profile p = cisco();
    p.callback.op0_without_auth = OptionReply::Ack;
    Judgement j = judge(Role::Server, p, r1_pixit(), server_op0_without_auth(kAckOp0));
    EXPECT_TRUE(j.conforming) << j.explanation;
    j = judge(Role::Server, cisco(), r1_pixit(), server_op0_without_auth(kAckOp0));
    EXPECT_TRUE(j.violates("AMB-03")) << j.explanation;
}

// ----- AMB-04: the server's answer to an operation it does not accept ---------------------------
// R2 asks for op 2 (a location identifier), which the Cisco server does not accept (server_ops 0, 1, 3).
Trace server_unsupported_op(const wire::PortMessage& reply) {
    Trace t = server_op0_without_auth(reply);
    t.replace("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x11111111}, wire::Callback{2, {'H', 'Q'}}})}));
    return t;
}
const wire::PortMessage kRejectOp2 = from_sut(50ms, BFrame{1, lcp(CJ, 1, {wire::Callback{2, {'H', 'Q'}}})});
wire::PortMessage nak_op2_with(std::uint8_t op) { return from_sut(50ms, BFrame{1, lcp(CN, 1, {wire::Callback{op, {}}})}); }

TEST(ModelProfileKnobs, RejectOfUnsupportedOpConformsUnderRejectViolatesUnderNak) {
    Profile p = cisco();
    ASSERT_EQ(p.callback.unsupported_op_reply, OptionReply::Reject);
    Judgement j = judge(Role::Server, p, r1_pixit(), server_unsupported_op(kRejectOp2));
    EXPECT_TRUE(j.conforming) << j.explanation;
    p.callback.unsupported_op_reply = OptionReply::Nak;  // FreeBSD
    j = judge(Role::Server, p, r1_pixit(), server_unsupported_op(kRejectOp2));
    EXPECT_TRUE(j.violates("AMB-04")) << j.explanation;
}

TEST(ModelProfileKnobs, NakOfUnsupportedOpConformsUnderNakViolatesUnderReject) {
    Profile p = cisco();
    p.callback.unsupported_op_reply = OptionReply::Nak;
    Judgement j = judge(Role::Server, p, r1_pixit(), server_unsupported_op(nak_op2_with(0)));
    EXPECT_TRUE(j.conforming) << j.explanation;
    j = judge(Role::Server, cisco(), r1_pixit(), server_unsupported_op(nak_op2_with(0)));
    EXPECT_TRUE(j.violates("AMB-04")) << j.explanation;
}

TEST(ModelProfileKnobs, NakSuggestingAnotherUnsupportedOpViolatesAmb04) {
    Profile p = cisco();
    p.callback.unsupported_op_reply = OptionReply::Nak;
    const Judgement j = judge(Role::Server, p, r1_pixit(), server_unsupported_op(nak_op2_with(4)));
    EXPECT_TRUE(j.violates("AMB-04")) << j.explanation;
    EXPECT_TRUE(j.violates("LCP-06"));
}

TEST(ModelProfileKnobs, AnOpTheServerAcceptsIsNoMatterForAmb04) {
    // Op 1 is in server_ops: its Reject is judged by CCB-02 (here: the SUT asks no
    // authentication, so it may refuse), never against unsupported_op_reply.
    Profile p = cisco();
    p.callback.unsupported_op_reply = OptionReply::Nak;
    Trace t = server_op0_without_auth(from_sut(50ms, BFrame{1, lcp(CJ, 1, {wire::Callback{1, {'H'}}})}));
    t.replace("r2cr", to_sut(30ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x11111111}, wire::Callback{1, {'H'}}})}));
    const Judgement j = judge(Role::Server, p, r1_pixit(), t);
    EXPECT_FALSE(j.violates("AMB-04")) << j.explanation;
}

// ----- AMB-05 on_reject: the client's next move once the server rejects its Callback option ----
Trace client_callback_rejected(const wire::PortMessage& next) {
    Trace t = client_trace();
    t.cut_after("r2cr");
    t.add("r1cj", to_sut(130ms, BFrame{1, lcp(CJ, 1, {wire::Callback{0, {}}})}));
    t.add("next", next);
    return t;
}
const wire::PortMessage kCrWithoutCallback = from_sut(200ms, BFrame{1, lcp(CR, 2, {wire::MagicNumber{0x11111111}})});
const wire::PortMessage kTrAfterReject = from_sut(200ms, BFrame{1, lcp_term(TR, 2)});

TEST(ModelProfileKnobs, NewRequestAfterCallbackRejectConformsUnderContinueViolatesUnderClose) {
    Profile p = cisco();
    ASSERT_EQ(p.callback.on_reject, OnCallbackReject::Continue);
    Judgement j = judge(Role::Client, p, r2_pixit(), client_callback_rejected(kCrWithoutCallback));
    EXPECT_FALSE(j.violates("AMB-05")) << j.explanation;
    p.callback.on_reject = OnCallbackReject::Close;  // FreeBSD: callback required
    j = judge(Role::Client, p, r2_pixit(), client_callback_rejected(kCrWithoutCallback));
    EXPECT_TRUE(j.violates("AMB-05")) << j.explanation;
}

TEST(ModelProfileKnobs, TerminateAfterCallbackRejectConformsUnderCloseViolatesUnderContinue) {
    Profile p = cisco();
    Judgement j = judge(Role::Client, p, r2_pixit(), client_callback_rejected(kTrAfterReject));
    EXPECT_TRUE(j.violates("AMB-05")) << j.explanation;
    p.callback.on_reject = OnCallbackReject::Close;
    j = judge(Role::Client, p, r2_pixit(), client_callback_rejected(kTrAfterReject));
    EXPECT_FALSE(j.violates("AMB-05")) << j.explanation;
}

TEST(ModelProfileKnobs, ARequestStillCarryingTheRejectedCallbackIsNoAnswer) {
    // A retransmission sent before the Reject arrived answers nothing: the Request after it does.
    Profile p = cisco();
    p.callback.on_reject = OnCallbackReject::Close;
    Trace t = client_callback_rejected(from_sut(135ms, BFrame{1, lcp(CR, 1, r2_first_cr())}));
    Judgement j = judge(Role::Client, p, r2_pixit(), t);
    EXPECT_FALSE(j.violates("AMB-05")) << j.explanation;
    t.add("answer", kCrWithoutCallback);
    j = judge(Role::Client, p, r2_pixit(), t);
    EXPECT_TRUE(j.violates("AMB-05")) << j.explanation;
}

TEST(ModelProfileKnobs, ATerminateRequestCrossingTheCallbackRejectAtAWallClockPortIsNoAnswer) {
    // 5 ms after the Reject, within a wall-clock port's crossing window (20 ms): the SUT may have
    // sent it before the Reject reached it, and in that order it answers nothing.
    const Trace t = client_callback_rejected(from_sut(135ms, BFrame{1, lcp_term(TR, 2)}));
    RouterSpec spec(Role::Client, cisco(), r2_pixit());
    CrossingWindow window(20ms);
    for (const Step& s : t.steps) {
        const Judgement j = window.on_event(spec, s.event);
        EXPECT_FALSE(j.violates("AMB-05")) << j.explanation;
    }
    EXPECT_TRUE(judge(Role::Client, cisco(), r2_pixit(), t).violates("AMB-05"));  // virtual time: nothing crosses
}

// ----- AMB-06: the client's Callback Message encoding ------------------------------------------
Trace client_requests_e164(const std::string& message) {
    Trace t = client_trace();
    t.cut_after("r2cr");
    t.replace("r2cr", from_sut(120ms, BFrame{1, lcp(CR, 1, {wire::MagicNumber{0x11111111},
                                                             wire::Callback{3, Bytes(message.begin(), message.end())}})}));
    return t;
}
Profile e164_client(MsgEncoding encoding) {
    Profile p = cisco();
    p.callback.client_ops = {3};
    p.callback.msg_encoding = encoding;
    return p;
}

TEST(ModelProfileKnobs, PlainDigitsConformUnderDigitsViolateUnderNulTerminated) {
    const Trace t = client_requests_e164("5558888");
    Judgement j = judge(Role::Client, e164_client(MsgEncoding::Digits), r2_pixit(), t);
    EXPECT_TRUE(j.conforming) << j.explanation;
    j = judge(Role::Client, e164_client(MsgEncoding::NulTerminated), r2_pixit(), t);
    EXPECT_TRUE(j.violates("AMB-06")) << j.explanation;
}

TEST(ModelProfileKnobs, NulTerminatedConformsUnderNulTerminatedViolatesUnderDigits) {
    const Trace t = client_requests_e164(std::string("5558888") + '\0');
    Judgement j = judge(Role::Client, e164_client(MsgEncoding::NulTerminated), r2_pixit(), t);
    EXPECT_TRUE(j.conforming) << j.explanation;
    j = judge(Role::Client, e164_client(MsgEncoding::Digits), r2_pixit(), t);
    EXPECT_TRUE(j.violates("AMB-06")) << j.explanation;
}

TEST(ModelProfileKnobs, SeparatorsInE164MessageViolateAmb06) {
    EXPECT_TRUE(judge(Role::Client, e164_client(MsgEncoding::Digits), r2_pixit(), client_requests_e164("+1-555-8888"))
                    .violates("AMB-06"));
}

// ----- AMB-16: on which calls the SUT asks to authenticate its peer ----------------------------
TEST(ModelProfileKnobs, ClientNotAuthenticatingConformsOneWayViolatesMutual) {
    Profile p = cisco();
    ASSERT_EQ(p.auth.mode, AuthMode::OneWay);
    Judgement j = judge(Role::Client, p, r2_pixit(), client_trace(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    p.auth.mode = AuthMode::Mutual;
    j = judge(Role::Client, p, r2_pixit(), client_trace(), 17000ms);
    EXPECT_TRUE(j.violates("AMB-16")) << j.explanation;
}

TEST(ModelProfileKnobs, ServerAuthenticatingItsReturnCallConformsOneWayViolatesCallin) {
    Profile p = cisco();
    Judgement j = judge(Role::Server, p, r1_pixit(), server_trace(), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
    p.auth.mode = AuthMode::Callin;  // `ppp authentication chap callin`: only on calls it answers
    j = judge(Role::Server, p, r1_pixit(), server_trace(), 17000ms);
    EXPECT_TRUE(j.violates("AMB-16")) << j.explanation;
    // The first call (answered) may carry CHAP under callin: only the return call breaks it.
    Trace first = server_trace();
    first.cut_after("r1ca");
    EXPECT_TRUE(judge(Role::Server, p, r1_pixit(), first).conforming);
}

TEST(ModelProfileKnobs, AuthenticationAskedUnderModeNoneViolatesAmb16) {
    Profile p = cisco();
    p.auth.mode = AuthMode::None;
    Trace first = server_trace();
    first.cut_after("r1cr");
    EXPECT_TRUE(judge(Role::Server, p, r1_pixit(), first).violates("AMB-16"));
}

// ----- AMB-49: the client's op 0 Callback option with or without a Message --------------------
Trace client_op0_with_message() {
    Trace t = client_trace();
    const Bytes message{'5', '5', '5', '8', '8', '8', '8'};
    const std::vector<wire::LcpOption> cr{wire::MagicNumber{0x11111111}, wire::Callback{0, message}};
    t.replace("r2cr", from_sut(120ms, BFrame{1, lcp(CR, 1, cr)}));
    t.replace("r1ca", to_sut(140ms, BFrame{1, lcp(CA, 1, cr)}));
    return t;
}

TEST(ModelProfileKnobs, Op0WithAMessageViolatesAmb49WhenTheProfileSendsNone) {
    Profile p = cisco();
    ASSERT_TRUE(p.callback.op0_message_empty);  // the bundled cisco-ios claims `0D 03 00`
    const Judgement j = judge(Role::Client, p, r2_pixit(), client_op0_with_message());
    EXPECT_TRUE(j.violates("AMB-49") && j.violates("CCB-01")) << j.explanation;
    EXPECT_TRUE(judge(Role::Client, p, r2_pixit(), client_trace()).conforming);
    p.callback.op0_message_empty = false;  // RFC 1570 leaves it to the operation: not judged
    const Judgement free = judge(Role::Client, p, r2_pixit(), client_op0_with_message());
    EXPECT_TRUE(free.conforming) << free.explanation;
}

}  // namespace
}  // namespace ppp::model::test
