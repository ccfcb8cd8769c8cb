// Q.931 section 5.3.3 (ISDN-10): a DISCONNECT the network never answers ends, at T305 expiry, in a
// RELEASE carrying the DISCONNECT's cause; section 5.3.5 (ISDN-11): RELEASEs that cross.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

using T = wire::Q931Type;

// The anchor's first call, cleared by the SUT with #16 and never answered: T305 (30 s) runs out.
Trace unanswered_disconnect(int release_cause) {
    Trace t = client_trace();
    t.cut_after("disc1");
    t.add("rel1", from_sut(30210ms, DChannel{q931(T::Release, 1, false, -1, true, "", "", release_cause)}));
    t.add("relc1", to_sut(30220ms, DChannel{q931(T::ReleaseComplete, 1, true)}));
    return t;
}

TEST(ModelQ931Clearing, ReleaseAtT305RepeatingTheDisconnectCauseConforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, unanswered_disconnect(16), 30300ms);
    EXPECT_FALSE(j.violates("ISDN-10")) << j.explanation;
    EXPECT_FALSE(j.violates("ISDN-05")) << j.explanation;
}

TEST(ModelQ931Clearing, ReleaseAtT305WithAnotherCauseViolatesIsdn10) {
    RouterSpec spec = client();
    const Judgement j = run(spec, unanswered_disconnect(102), 30300ms);
    EXPECT_TRUE(j.violates("ISDN-10")) << j.explanation;
    EXPECT_NE(j.explanation.find("expected RELEASE with cause #16"), std::string::npos) << j.explanation;
}

// Q.931 section 5.3.4.1 and Table 9-2 (ISDN-05): RELEASE is repeated at T308's expiry (4 s), not
// sooner; the network answers neither.
Trace release_repeated_at(Millis again) {
    Trace t = unanswered_disconnect(16);
    t.remove("relc1");
    t.add("rel1again", from_sut(again, DChannel{q931(T::Release, 1, false, -1, true, "", "", 16)}));
    return t;
}

TEST(ModelQ931Clearing, ReleaseRepeatedAtT308Conforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, release_repeated_at(30210ms + 4000ms), 34300ms);
    EXPECT_FALSE(j.violates("ISDN-05")) << j.explanation;
}

TEST(ModelQ931Clearing, ReleaseRepeatedBeforeT308ViolatesIsdn05) {
    RouterSpec spec = client();
    const Judgement j = run(spec, release_repeated_at(30210ms + 500ms), 30800ms);
    EXPECT_TRUE(j.violates("ISDN-05")) << j.explanation;
}

// Q.931 section 5.1.1 (ISDN-02): SETUP is repeated at T303's expiry (4 s), not sooner.
Trace setup_repeated_at(Millis again) {
    Trace t;
    t.add("ping", offered(0ms, ping(kR2Ip, kR1Ip, 8, 1)));
    t.add("setup1", from_sut(10ms, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    t.add("setup1again", from_sut(again, DChannel{q931(T::Setup, 1, false, 3, false, "5557777")}));
    return t;
}

TEST(ModelQ931Clearing, SetupRepeatedAtT303Conforms) {
    RouterSpec spec = client();
    const Judgement j = run(spec, setup_repeated_at(4010ms), 4100ms);
    EXPECT_FALSE(j.violates("ISDN-02")) << j.explanation;
}

TEST(ModelQ931Clearing, SetupRepeatedBeforeT303ViolatesIsdn02) {
    RouterSpec spec = client();
    const Judgement j = run(spec, setup_repeated_at(1010ms), 1100ms);
    EXPECT_TRUE(j.violates("ISDN-02")) << j.explanation;
}

TEST(ModelQ931Clearing, ReleaseAnsweringTheNetworksDisconnectIsNotJudgedByIsdn10) {
    // The network cleared first: the SUT's RELEASE answers it, whatever cause it carries.
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r1ta");
    t.add("netdisc", to_sut(210ms, DChannel{q931(T::Disconnect, 1, true, -1, true, "", "", 16)}));
    t.add("rel", from_sut(220ms, DChannel{q931(T::Release, 1, false)}));
    t.add("relc", to_sut(230ms, DChannel{q931(T::ReleaseComplete, 1, true)}));
    const Judgement j = run(spec, t, 1000ms);
    EXPECT_FALSE(j.violates("ISDN-10")) << j.explanation;
}

// AMB-17, Q.850 section 2.2.4: the cause of the SUT's own DISCONNECT carries the location where it
// was generated, the profile's (cisco-ios: 0, user).
Judgement own_disconnect_with_location(std::uint8_t location) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("r1ta");
    wire::Q931Message m = wire::decode_q931(q931(T::Disconnect, 1, false, -1, true, "", "", 16)).value();
    m.cause->location = location;
    t.add("disc1", from_sut(210ms, DChannel{wire::encode_q931(m)}));
    return run(spec, t, 300ms);
}

TEST(ModelQ931Clearing, OwnCauseFromTheUserConforms) {
    const Judgement j = own_disconnect_with_location(0);
    EXPECT_FALSE(j.violates("AMB-17")) << j.explanation;
}

TEST(ModelQ931Clearing, OwnCauseFromAnotherLocationViolatesAmb17) {
    const Judgement j = own_disconnect_with_location(2);  // "public network serving the local user"
    EXPECT_TRUE(j.violates("AMB-17")) << j.explanation;
}

TEST(ModelQ931Clearing, CauseLocationIsNotJudgedWithoutTheKnob) {
    Profile profile = cisco();
    profile.isdn.user_cause_location = -1;
    RouterSpec spec(Role::Client, profile, r2_pixit());
    Trace t = client_trace();
    t.cut_after("r1ta");
    wire::Q931Message m = wire::decode_q931(q931(T::Disconnect, 1, false, -1, true, "", "", 16)).value();
    m.cause->location = 2;
    t.add("disc1", from_sut(210ms, DChannel{wire::encode_q931(m)}));
    EXPECT_FALSE(run(spec, t, 300ms).violates("AMB-17"));
}

// Q.931 section 5.3.5 (ISDN-11): the network's RELEASE crosses the SUT's own, sent at T305 expiry.
Trace crossed_releases() {
    Trace t = client_trace();
    t.cut_after("disc1");
    t.add("rel1", from_sut(30210ms, DChannel{q931(T::Release, 1, false, -1, true, "", "", 16)}));
    t.add("netrel", to_sut(30215ms, DChannel{q931(T::Release, 1, true, -1, true, "", "", 16)}));
    return t;
}

TEST(ModelQ931Clearing, CrossedReleasesFreeTheCallWithoutReleaseComplete) {
    RouterSpec spec = client();
    const Judgement j = run(spec, crossed_releases(), 40000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelQ931Clearing, ReleaseCompleteAfterCrossedReleasesViolatesIsdn11) {
    RouterSpec spec = client();
    Trace t = crossed_releases();
    t.add("relc", from_sut(30216ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    const Judgement j = run(spec, t, 31000ms);
    EXPECT_TRUE(j.violates("ISDN-11")) << j.explanation;
}

TEST(ModelQ931Clearing, ReleaseRepeatedByTheNetworkAfterTheCollisionMayBeAnswered) {
    // Q.931 section 5.8.3.2: a RELEASE for a reference no longer in use gets RELEASE COMPLETE.
    RouterSpec spec = client();
    Trace t = crossed_releases();
    t.add("netrel2", to_sut(34215ms, DChannel{q931(T::Release, 1, true, -1, true, "", "", 16)}));
    t.add("relc", from_sut(34220ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    const Judgement j = run(spec, t, 35000ms);
    EXPECT_FALSE(j.violates("ISDN-11")) << j.explanation;
}

// Q.931 section 5.1.8: the calling user acknowledges CONNECT (Cisco does: profile AMB-17);
// clearing the call at once instead leaves the CONNECT ACK unsent.
TEST(ModelQ931Clearing, DisconnectInsteadOfConnectAckViolatesIsdn02) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("connack1");
    t.replace("connack1", from_sut(110ms, DChannel{q931(T::Disconnect, 1, false, -1, true, "", "", 44)}));
    t.add("rel1", to_sut(120ms, DChannel{q931(T::Release, 1, true)}));
    t.add("relc1", from_sut(130ms, DChannel{q931(T::ReleaseComplete, 1, false)}));
    const Judgement j = run(spec, t, 1000ms);
    EXPECT_TRUE(j.violates("ISDN-02")) << j.explanation;
    EXPECT_NE(j.explanation.find("expected CONNECT ACK for the CONNECT, observed DISCONNECT #44 instead"), std::string::npos) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
