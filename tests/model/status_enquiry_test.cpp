// Q.931 section 5.8.10 (ISDN-09): the SUT answers STATUS ENQUIRY with STATUS, cause #30 and its
// call state; the call goes on unaffected.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

using T = wire::Q931Type;

// STATUS from the SUT (R2, which placed call reference 1) with the given cause and call state.
Bytes status(int cause, std::optional<std::uint8_t> state) {
    wire::Q931Message m;
    m.call_reference = 1;
    m.from_destination = false;
    m.type = static_cast<std::uint8_t>(T::Status);
    m.cause = wire::CauseIe{0, 0, static_cast<std::uint8_t>(cause), {}};
    if (state) m.others.push_back({wire::q931_ie::kCallState, {*state}});
    return wire::encode_q931(m);
}

// The anchor's first call, active (U10) since the CONNECT ACK, asked for its state.
Trace enquired(std::optional<Bytes> answer) {
    Trace t = client_trace();
    t.insert_after("connack1", "enquiry", to_sut(112ms, DChannel{q931(T::StatusEnquiry, 1, true)}));
    if (answer) t.insert_after("enquiry", "status", from_sut(114ms, DChannel{*answer}));
    return t;
}

TEST(ModelStatusEnquiry, StatusWithCause30AndTheActiveStateConforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, enquired(status(30, 0x0A)), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelStatusEnquiry, SilenceViolatesIsdn09) {
    RouterSpec spec = client();
    Trace t = enquired(std::nullopt);
    t.cut_after("enquiry");  // the call stays up past the reply tolerance: the answer was owed
    const Judgement j = run(spec, t, 3000ms);
    EXPECT_TRUE(j.violates("ISDN-09")) << j.explanation;
}

TEST(ModelStatusEnquiry, AnotherCauseViolatesIsdn09) {
    RouterSpec spec = client();
    const Judgement j = run(spec, enquired(status(16, 0x0A)), 17000ms);
    EXPECT_TRUE(j.violates("ISDN-09")) << j.explanation;
    EXPECT_NE(j.explanation.find("observed #16"), std::string::npos) << j.explanation;
}

TEST(ModelStatusEnquiry, MissingOrWrongCallStateViolatesIsdn09) {
    for (const std::optional<std::uint8_t> state : {std::optional<std::uint8_t>{}, std::optional<std::uint8_t>{0x03}}) {
        RouterSpec spec = client();
        const Judgement j = run(spec, enquired(status(30, state)), 17000ms);
        EXPECT_TRUE(j.violates("ISDN-09")) << j.explanation;
    }
}

// ISDN-13, Q.931 section 5.8.10: a STATUS ENQUIRY about call reference 9, which relates to no
// call, is answered with STATUS #30 in the Null state; section 5.8.3.2 a) excepts it from the
// RELEASE COMPLETE #81 that other messages for an unknown reference get.
Trace enquired_about_no_call(std::optional<Bytes> answer) {
    Trace t = client_trace();
    t.insert_after("connack1", "enquiry", to_sut(112ms, DChannel{q931(T::StatusEnquiry, 9, true)}));
    if (answer) t.insert_after("enquiry", "status", from_sut(114ms, DChannel{*answer}));
    return t;
}

Bytes about_call_9(Bytes message) {
    message[2] = 9;  // the call reference value, flag 0: a reference of the SUT's side, as the enquiry's flag 1 says
    return message;
}

TEST(ModelStatusEnquiry, AnEnquiryForNoCallAnsweredInTheNullStateConforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, enquired_about_no_call(about_call_9(status(30, 0x00))), 17000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelStatusEnquiry, AnEnquiryForNoCallLeftUnansweredViolatesIsdn13) {
    RouterSpec spec = client();
    Trace t = enquired_about_no_call(std::nullopt);
    t.cut_after("enquiry");
    const Judgement j = run(spec, t, 3000ms);
    EXPECT_TRUE(j.violates("ISDN-13")) << j.explanation;
}

TEST(ModelStatusEnquiry, AnEnquiryForNoCallAnsweredWithReleaseCompleteViolatesIsdn13) {
    RouterSpec spec = client();
    const Judgement j =
        run(spec, enquired_about_no_call(q931(T::ReleaseComplete, 9, false, -1, true, "", "", 81)), 17000ms);
    EXPECT_TRUE(j.violates("ISDN-13")) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
