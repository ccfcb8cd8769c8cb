// Calls the SUT must answer (SPEC CCB-04, ISDN-03): the callback server the client's call in, on
// whichever B-channel the network chose (Q.931 section 5.2.3.1), and the client its return call.
#include <gtest/gtest.h>

#include "callback_scenario.hpp"

namespace ppp::model::test {
namespace {

// The server scenario's first call put on B2 by the network, up to the SUT's answer.
Trace call_in_on_b2() {
    Trace t = server_trace();
    t.cut_after("connect1");
    t.replace("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 2, true, "5557777", "5558888")}));
    return t;
}

TEST(ModelIncomingCall, AnIdleServerAnsweringOnB2Conforms) {
    RouterSpec spec = server();
    const Judgement j = run(spec, call_in_on_b2(), 5000ms);
    EXPECT_TRUE(j.conforming) << j.explanation;
}

TEST(ModelIncomingCall, AnIdleServerRefusingTheCallAsBusyViolatesCcb04) {
    RouterSpec spec = server();
    Trace t = call_in_on_b2();
    t.replace("connect1", from_sut(10ms, DChannel{q931(T::ReleaseComplete, 1, true, -1, true, "", "", 17)}));
    const Judgement j = run(spec, t, 5000ms);
    EXPECT_TRUE(j.violates("CCB-04")) << j.explanation;
    EXPECT_NE(j.explanation.find("the client's call answered on B2"), std::string::npos) << j.explanation;
}

TEST(ModelIncomingCall, ACallFromAnotherNumberMayBeRefused) {
    RouterSpec spec = server();
    Trace t = call_in_on_b2();
    t.replace("setup1", to_sut(0ms, DChannel{q931(T::Setup, 1, false, 2, true, "5557777", "5550000")}));
    t.replace("connect1", from_sut(10ms, DChannel{q931(T::ReleaseComplete, 1, true, -1, true, "", "", 21)}));
    const Judgement j = run(spec, t, 5000ms);
    EXPECT_FALSE(j.violates("CCB-04")) << j.explanation;
    EXPECT_FALSE(j.violates("ISDN-03")) << j.explanation;
}

TEST(ModelIncomingCall, AnIdleServerIgnoringTheCallViolatesIsdn03) {
    RouterSpec spec = server();
    Trace t = call_in_on_b2();
    t.remove("connect1");
    const Judgement j = run(spec, t, 5000ms);
    EXPECT_TRUE(j.violates("ISDN-03")) << j.explanation;
}

// RFC 1570 section 2.3 / CCB-04: the client that asked to be called back answers the return call.
TEST(ModelIncomingCall, AClientRefusingItsReturnCallViolatesCcb04) {
    RouterSpec spec = client();
    Trace t = client_trace();
    t.cut_after("connect2");
    t.replace("connect2", from_sut(15240ms, DChannel{q931(T::ReleaseComplete, 5, true, -1, true, "", "", 17)}));
    const Judgement j = run(spec, t, 20000ms);
    EXPECT_TRUE(j.violates("CCB-04")) << j.explanation;
    EXPECT_NE(j.explanation.find("the return call answered (CONNECT), observed RELEASE COMPLETE #17"), std::string::npos) << j.explanation;
}

}  // namespace
}  // namespace ppp::model::test
