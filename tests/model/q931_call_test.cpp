#include <gtest/gtest.h>

#include <algorithm>

#include "ppp/model/q931_call.hpp"

namespace ppp::model {
namespace {

bool has(const Q931Step& s, Q931Effect e) { return std::find(s.effects.begin(), s.effects.end(), e) != s.effects.end(); }

TEST(ModelQ931, OutgoingCallReachesActiveAndChannelUp) {
    Q931Call c;
    EXPECT_EQ(c.fire(Q931Event::SetupOut).timer, Q931Timer::T303);
    EXPECT_EQ(c.fire(Q931Event::CallProcIn).timer, Q931Timer::T310);
    const Q931Step s = c.fire(Q931Event::ConnectIn);
    EXPECT_EQ(s.to, Q931State::U10);
    EXPECT_TRUE(has(s, Q931Effect::ChannelUp));
    EXPECT_TRUE(has(s, Q931Effect::OweConnectAck));
}

TEST(ModelQ931, T303FirstExpiryResendsSecondClears) {
    Q931Call c;
    c.fire(Q931Event::SetupOut);
    Q931Step s = c.fire(Q931Event::T303);
    EXPECT_TRUE(has(s, Q931Effect::OweSetup));
    EXPECT_EQ(s.to, Q931State::U1);
    s = c.fire(Q931Event::T303);
    EXPECT_EQ(s.to, Q931State::U0);
    EXPECT_TRUE(has(s, Q931Effect::CallGone));
}

TEST(ModelQ931, NetworkDisconnectOwesReleaseThenT308) {
    Q931Call c;
    c.fire(Q931Event::SetupIn);
    c.fire(Q931Event::ConnectOut);
    c.fire(Q931Event::ConnectAckIn);
    Q931Step s = c.fire(Q931Event::DisconnectIn);
    EXPECT_EQ(s.to, Q931State::U12);
    EXPECT_TRUE(has(s, Q931Effect::OweRelease));
    EXPECT_TRUE(has(s, Q931Effect::ChannelDown));
    s = c.fire(Q931Event::ReleaseOut);
    EXPECT_EQ(s.timer, Q931Timer::T308);
    s = c.fire(Q931Event::RelCompIn);
    EXPECT_EQ(s.to, Q931State::U0);
}

TEST(ModelQ931, IllegalMessageIsRecordedNotAsserted) {
    Q931Call c;
    const Q931Step s = c.fire(Q931Event::ConnectAckOut);
    EXPECT_FALSE(s.legal);
    EXPECT_EQ(c.state(), Q931State::U0);
}

TEST(ModelQ931, IncomingRejectedWithReleaseComplete) {
    Q931Call c;
    c.fire(Q931Event::SetupIn);
    const Q931Step s = c.fire(Q931Event::RelCompOut);
    EXPECT_EQ(s.to, Q931State::U0);
    ASSERT_NE(s.requirements, nullptr);
    EXPECT_EQ(*s.requirements, std::vector<std::string>{"ISDN-04"});
}

TEST(ModelQ931, CoverageListsEveryRow) {
    Q931Call c;
    c.fire(Q931Event::SetupIn);
    const Coverage cov = c.coverage();
    EXPECT_EQ(cov.states.size(), 12U);
    EXPECT_EQ(cov.transitions.size(), 50U);
    EXPECT_EQ(cov.unfired_transitions().size(), 49U);
}

}  // namespace
}  // namespace ppp::model
