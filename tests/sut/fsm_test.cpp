// RFC 1661 section 4.1 automaton (SPEC section 3, FSM-01..05).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ppp/sut/fsm.hpp"

namespace ppp::sut {
namespace {

struct Recorder : FsmActions {
    std::vector<std::string> log;
    void tlu(Millis) override { log.push_back("tlu"); }
    void tld(Millis) override { log.push_back("tld"); }
    void tls(Millis) override { log.push_back("tls"); }
    void tlf(Millis) override { log.push_back("tlf"); }
    void scr(Millis) override { log.push_back("scr"); }
    void sca(Millis) override { log.push_back("sca"); }
    void scn(Millis) override { log.push_back("scn"); }
    void str(Millis) override { log.push_back("str"); }
    void sta(Millis) override { log.push_back("sta"); }
    void scj(Millis) override { log.push_back("scj"); }
    void ser(Millis) override { log.push_back("ser"); }
    void illegal_event(const char* e) override { log.push_back(std::string("illegal ") + e); }
    std::string take() {
        std::string s;
        for (const auto& x : log) s += (s.empty() ? "" : ",") + x;
        log.clear();
        return s;
    }
};

Millis at(long long ms) { return Millis{ms}; }

struct Opened {
    Recorder r;
    Fsm f{r, FsmTimers{}};
    Opened() {
        f.open(at(0));
        f.up(at(0));
        f.rcr(at(1), true);
        f.rca(at(2));
        r.take();
    }
};

TEST(SutFsm, InitialOpenThenUpSendsRequest) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    EXPECT_EQ(f.state(), FsmState::Starting);
    EXPECT_EQ(r.take(), "tls");
    f.up(at(0));
    EXPECT_EQ(f.state(), FsmState::ReqSent);
    EXPECT_EQ(r.take(), "scr");
    EXPECT_EQ(f.deadline(), at(3000));  // FSM-03: 3 s restart
}

TEST(SutFsm, InitialUpGoesClosed) {
    Recorder r;
    Fsm f(r, {});
    f.up(at(0));
    EXPECT_EQ(f.state(), FsmState::Closed);
    EXPECT_FALSE(f.deadline());
}

TEST(SutFsm, ReqSentRcaGoesAckRcvd) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    r.take();
    f.rca(at(5));
    EXPECT_EQ(f.state(), FsmState::AckRcvd);
    EXPECT_EQ(r.take(), "");
    f.rcr(at(6), true);
    EXPECT_EQ(f.state(), FsmState::Opened);
    EXPECT_EQ(r.take(), "sca,tlu");
    EXPECT_FALSE(f.deadline());  // FSM-01: no timer in Opened
}

TEST(SutFsm, ReqSentRcrBadSendsNakAndStays) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    r.take();
    f.rcr(at(1), false);
    EXPECT_EQ(f.state(), FsmState::ReqSent);
    EXPECT_EQ(r.take(), "scn");
}

TEST(SutFsm, ReqSentTimeoutsStopAfterMaxConfigure) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    int scr = 1;
    long long t = 0;
    r.take();
    while (f.state() == FsmState::ReqSent && t < 100000) {
        t = f.deadline()->count();
        f.on_timer(at(t));
        const auto s = r.take();
        if (s == "scr") ++scr;
    }
    EXPECT_EQ(scr, 10);  // FSM-02/03: Max-Configure 10 transmissions
    EXPECT_EQ(f.state(), FsmState::Stopped);
    EXPECT_EQ(t, 30000);
}

TEST(SutFsm, OpenedCloseSendsTwoTerminateRequests) {
    Opened o;
    o.f.close(at(10));
    EXPECT_EQ(o.r.take(), "tld,str");
    EXPECT_EQ(o.f.state(), FsmState::Closing);
    o.f.on_timer(at(3010));
    EXPECT_EQ(o.r.take(), "str");  // Max-Terminate 2
    o.f.on_timer(at(6010));
    EXPECT_EQ(o.r.take(), "tlf");
    EXPECT_EQ(o.f.state(), FsmState::Closed);
}

TEST(SutFsm, OpenedRtrZeroesCounterAndWaitsOneRestart) {
    Opened o;
    o.f.rtr(at(100));
    EXPECT_EQ(o.r.take(), "tld,sta");
    EXPECT_EQ(o.f.state(), FsmState::Stopping);
    EXPECT_EQ(o.f.restart_counter(), 0);
    o.f.on_timer(at(3099));
    EXPECT_EQ(o.r.take(), "");  // PH-04: not before one restart interval after the TA
    o.f.on_timer(at(3100));
    EXPECT_EQ(o.r.take(), "tlf");
    EXPECT_EQ(o.f.state(), FsmState::Stopped);
}

TEST(SutFsm, CrossedTerminateRequestsFinish) {
    Opened o;
    o.f.close(at(10));
    o.r.take();
    o.f.rtr(at(11));  // AMB-01: RTR in Closing -> sta/4
    EXPECT_EQ(o.r.take(), "sta");
    EXPECT_EQ(o.f.state(), FsmState::Closing);
    o.f.rta(at(12));
    EXPECT_EQ(o.r.take(), "tlf");
    EXPECT_EQ(o.f.state(), FsmState::Closed);
}

TEST(SutFsm, OpenedRcrRenegotiates) {
    Opened o;
    o.f.rcr(at(5), true);
    EXPECT_EQ(o.r.take(), "tld,scr,sca");  // FSM-08
    EXPECT_EQ(o.f.state(), FsmState::AckSent);
}

TEST(SutFsm, OpenedRxjMinusTerminates) {
    Opened o;
    o.f.rxj(at(5), false);
    EXPECT_EQ(o.r.take(), "tld,str");
    EXPECT_EQ(o.f.state(), FsmState::Stopping);
}

TEST(SutFsm, AckRcvdRxjPlusGoesReqSent) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    f.rca(at(1));
    r.take();
    f.rxj(at(2), true);
    EXPECT_EQ(f.state(), FsmState::ReqSent);
}

TEST(SutFsm, EchoOnlyAnsweredInOpened) {
    Opened o;
    o.f.rxr(at(5));
    EXPECT_EQ(o.r.take(), "ser");
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    r.take();
    f.rxr(at(1));
    EXPECT_EQ(r.take(), "");  // LCP-12
}

TEST(SutFsm, IllegalEventLeavesStateAlone) {
    Recorder r;
    Fsm f(r, {});
    f.rca(at(0));  // FSM-05: "-" cell
    EXPECT_EQ(f.state(), FsmState::Initial);
    EXPECT_EQ(r.take(), "illegal RCA");
}

TEST(SutFsm, UnknownCodeRejectedInEveryActiveState) {
    Opened o;
    o.f.ruc(at(1));
    EXPECT_EQ(o.r.take(), "scj");
    EXPECT_EQ(o.f.state(), FsmState::Opened);
}

TEST(SutFsm, StoppedRcrRestartsNegotiation) {
    Recorder r;
    Fsm f(r, {});
    f.open(at(0));
    f.up(at(0));
    for (long long t = 3000; f.state() != FsmState::Stopped; t += 3000) f.on_timer(at(t));
    r.take();
    f.rcr(at(40000), true);
    EXPECT_EQ(r.take(), "scr,sca");
    EXPECT_EQ(f.state(), FsmState::AckSent);
}

}  // namespace
}  // namespace ppp::sut
