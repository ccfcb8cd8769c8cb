// ISDN-12: the information elements of the Q.931 messages the SUT sends, coded as Q.931 section
// 4.5 lays them out (Called and Calling party number, section 4.5.8 and 4.5.10; Cause, Q.850
// section 2.2), judged on the client scenario's SETUP and on a DISCONNECT of the SUT's.
#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

using T = wire::Q931Type;

// The client scenario with the SUT's SETUP carrying `called` and, when given, `calling`.
Judgement judge_setup(const wire::PartyNumber& called, std::optional<wire::PartyNumber> calling = std::nullopt) {
    wire::Q931Message m;
    m.call_reference = 1;
    m.type = static_cast<std::uint8_t>(T::Setup);
    m.bearer = wire::BearerCapability{Bytes{0x88, 0x90}};
    m.channel = wire::ChannelId{3, false, {}};
    m.called = called;
    m.calling = std::move(calling);
    Trace t = client_trace();
    t.replace("setup1", from_sut(10ms, DChannel{wire::encode_q931(m)}));
    RouterSpec spec = client();
    return run(spec, t);
}

TEST(ModelIeCoding, TheScenariosNumbersConform) {
    EXPECT_TRUE(judge_setup({0x80, std::nullopt, "5557777"}).conforming);
    // A Calling party number with octet 3a (presentation allowed, user-provided: 0x80) and an
    // E.164 Called party number (0x81) are as good.
    const Judgement j = judge_setup({0x81, std::nullopt, "5557777"}, wire::PartyNumber{0x00, 0x80, "5558888"});
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelIeCoding, AReservedTypeOfNumberOrNumberingPlanViolatesIsdn12) {
    Judgement j = judge_setup({0xF0, std::nullopt, "5557777"});
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("Called party number type of number 7 is reserved"), std::string::npos) << j.explanation;
    j = judge_setup({0x8F, std::nullopt, "5557777"});
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("numbering plan 15 is reserved"), std::string::npos) << j.explanation;
}

TEST(ModelIeCoding, AnOctet3aThatDoesNotEndItsGroupOrAReservedPresentationViolatesIsdn12) {
    Judgement j = judge_setup({0x80, std::nullopt, "5557777"}, wire::PartyNumber{0x00, 0x00, "5558888"});
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("does not end its group"), std::string::npos) << j.explanation;
    j = judge_setup({0x80, std::nullopt, "5557777"}, wire::PartyNumber{0x00, 0xE0, "5558888"});
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("presentation indicator 3 is reserved"), std::string::npos) << j.explanation;
}

TEST(ModelIeCoding, DigitsOtherThanIa5DigitsViolateIsdn12) {
    const Judgement j = judge_setup({0x80, std::nullopt, "555+777"});
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
}

// The client scenario's first call cleared by the SUT with a DISCONNECT of `cause` at `location`.
Judgement judge_disconnect(std::uint8_t cause, std::uint8_t location) {
    wire::Q931Message m;
    m.call_reference = 1;
    m.type = static_cast<std::uint8_t>(T::Disconnect);
    m.cause = wire::CauseIe{0, location, cause, {}};
    Trace t = client_trace();
    t.cut_after("r1ta");
    t.add("disc", from_sut(210ms, DChannel{wire::encode_q931(m)}));
    RouterSpec spec = client();
    return run(spec, t);
}

TEST(ModelIeCoding, ACauseZeroOrAReservedLocationViolatesIsdn12) {
    EXPECT_FALSE(judge_disconnect(16, 0).violates("ISDN-12")) << judge_disconnect(16, 0).explanation;
    Judgement j = judge_disconnect(0, 0);
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("Cause #0"), std::string::npos) << j.explanation;
    j = judge_disconnect(16, 6);
    EXPECT_TRUE(j.violates("ISDN-12")) << j.explanation;
    EXPECT_NE(j.explanation.find("location 6 is reserved"), std::string::npos) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
