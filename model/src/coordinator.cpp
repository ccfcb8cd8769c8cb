// The callback coordinator and the DDR dialer as Boost.MSM functor front-end tables (DESIGN.md
// section 5): the tables are the spec; each row names the SPEC requirements it embodies.
// The only translation unit that includes MSM for these two machines.
#include "coordinator.hpp"

#include "msm_table.hpp"

namespace ppp::model::detail {
namespace {

using namespace table;

PPP_MSM_REQ(Amb01, "AMB-01");
PPP_MSM_REQ(Amb05, "AMB-05");
PPP_MSM_REQ(Amb09, "AMB-09");
PPP_MSM_REQ(Amb10, "AMB-10");
PPP_MSM_REQ(Amb12, "AMB-12");
PPP_MSM_REQ(Cb02, "CB-02");
PPP_MSM_REQ(Cb03, "CB-03");
PPP_MSM_REQ(Cb04, "CB-04");
PPP_MSM_REQ(Cb06, "CB-06");
PPP_MSM_REQ(Cb08, "CB-08");
PPP_MSM_REQ(Cbcp01, "CBCP-01");
PPP_MSM_REQ(Cbcp06, "CBCP-06");
PPP_MSM_REQ(Ccb01, "CCB-01");
PPP_MSM_REQ(Ccb02, "CCB-02");
PPP_MSM_REQ(Ccb03, "CCB-03");
PPP_MSM_REQ(Ccb04, "CCB-04");
PPP_MSM_REQ(Ccb05, "CCB-05");
PPP_MSM_REQ(Ccb06, "CCB-06");
PPP_MSM_REQ(Ccb08, "CCB-08");
PPP_MSM_REQ(Chap04, "CHAP-04");
PPP_MSM_REQ(Chap05, "CHAP-05");
PPP_MSM_REQ(Ddr01, "DDR-01");
PPP_MSM_REQ(Ddr02, "DDR-02");
PPP_MSM_REQ(Ddr03, "DDR-03");
PPP_MSM_REQ(Ddr04, "DDR-04");
PPP_MSM_REQ(Ddr05, "DDR-05");
PPP_MSM_REQ(Ddr06, "DDR-06");
PPP_MSM_REQ(Ddr07, "DDR-07");
PPP_MSM_REQ(Ddr08, "DDR-08");
PPP_MSM_REQ(Fsm08, "FSM-08");
PPP_MSM_REQ(Isdn02, "ISDN-02");
PPP_MSM_REQ(Isdn03, "ISDN-03");
PPP_MSM_REQ(Isdn05, "ISDN-05");
PPP_MSM_REQ(Isdn07, "ISDN-07");
PPP_MSM_REQ(Pap03, "PAP-03");
PPP_MSM_REQ(Ph03, "PH-03");
PPP_MSM_REQ(Seq01, "SEQ-01");

// ----- callback coordinator -------------------------------------------------------------------
namespace cb {
PPP_MSM_STATE(Idle, Cb::Idle, "Idle");
PPP_MSM_STATE(FirstCall, Cb::FirstCall, "FirstCall");
PPP_MSM_STATE(Agreed, Cb::Agreed, "Agreed");
PPP_MSM_STATE(Cbcp, Cb::Cbcp, "Cbcp");
PPP_MSM_STATE(Dropping, Cb::Dropping, "Dropping");
PPP_MSM_STATE(AwaitReturn, Cb::AwaitReturn, "AwaitReturn");
PPP_MSM_STATE(Pending, Cb::Pending, "Pending");
PPP_MSM_STATE(CallingBack, Cb::CallingBack, "CallingBack");
PPP_MSM_STATE(ReturnCall, Cb::ReturnCall, "ReturnCall");
PPP_MSM_STATE(Connected, Cb::Connected, "Connected");
PPP_MSM_STATE(NoCallback, Cb::NoCallback, "NoCallback");
PPP_MSM_STATE(Refused, Cb::Refused, "Refused");

PPP_MSM_EVENT(IncomingAnswered, CbEvent::IncomingAnswered, "incoming call answered");
PPP_MSM_EVENT(OutgoingConnected, CbEvent::OutgoingConnected, "outgoing call connected");
PPP_MSM_EVENT(CallbackAgreed, CbEvent::CallbackAgreed, "callback agreed");
PPP_MSM_EVENT(CallbackRefused, CbEvent::CallbackRefused, "callback refused");
PPP_MSM_EVENT(Authenticated, CbEvent::Authenticated, "authenticated");
PPP_MSM_EVENT(AuthenticatedOp6, CbEvent::AuthenticatedOp6, "authenticated op 6");
PPP_MSM_EVENT(AuthenticatedUnconfigured, CbEvent::AuthenticatedUnconfigured, "authenticated unconfigured");
PPP_MSM_EVENT(AuthenticatedUnconfiguredNotSecure, CbEvent::AuthenticatedUnconfiguredNotSecure,
              "authenticated unconfigured, not secure");
PPP_MSM_EVENT(AuthenticationFailed, CbEvent::AuthenticationFailed, "authentication failed");
PPP_MSM_EVENT(CbcpNoCallback, CbEvent::CbcpNoCallback, "CBCP no callback");
PPP_MSM_EVENT(CbcpAcked, CbEvent::CbcpAcked, "CBCP acked");
PPP_MSM_EVENT(ClearedClient, CbEvent::ClearedClient, "call cleared (client)");
PPP_MSM_EVENT(ClearedServer, CbEvent::ClearedServer, "call cleared (server)");
PPP_MSM_EVENT(ClearedNoReturn, CbEvent::ClearedNoReturn, "call cleared (no return)");
PPP_MSM_EVENT(CallCleared, CbEvent::CallCleared, "call cleared");
PPP_MSM_EVENT(ReturnDialled, CbEvent::ReturnDialled, "return call dialled");
PPP_MSM_EVENT(CallbackExpired, CbEvent::CallbackExpired, "callback expired");
PPP_MSM_EVENT(ReturnConnected, CbEvent::ReturnConnected, "return call connected");
PPP_MSM_EVENT(ReturnFailed, CbEvent::ReturnFailed, "return call failed");
PPP_MSM_EVENT(ReturnFailedRetry, CbEvent::ReturnFailedRetry, "return call failed, retry");
PPP_MSM_EVENT(ReturnAnswered, CbEvent::ReturnAnswered, "return call answered");
PPP_MSM_EVENT(HoldExpired, CbEvent::HoldExpired, "hold expired");
PPP_MSM_EVENT(NetworkUp, CbEvent::NetworkUp, "network up");
PPP_MSM_EVENT(RenegotiatedWithoutCallback, CbEvent::RenegotiatedWithoutCallback, "renegotiated without callback");
PPP_MSM_EVENT(RenegotiatedWithCallback, CbEvent::RenegotiatedWithCallback, "renegotiated with callback");

struct CoordinatorDef : TableDef<CoordinatorDef> {
    using initial_state = Idle;
    // clang-format off
    struct transition_table : mpl::vector<
    //  Source       Event                               Target       Requirements
    Go< Idle,        IncomingAnswered,                   FirstCall,   Reqs<Isdn03>                 >,
    Go< Idle,        OutgoingConnected,                  FirstCall,   Reqs<Isdn02, Isdn07>         >,
    Go< Idle,        CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    Go< FirstCall,   CallbackAgreed,                     Agreed,      Reqs<Cb02, Ccb01, Ccb02>     >,
    Go< FirstCall,   CallbackRefused,                    NoCallback,  Reqs<Ccb08, Amb05>           >,
    Go< FirstCall,   Authenticated,                      NoCallback,  Reqs<Ph03>                   >,
    Go< FirstCall,   CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    Go< Agreed,      Authenticated,                      Dropping,    Reqs<Cb03, Ccb04, Seq01>     >,
    Go< Agreed,      AuthenticatedOp6,                   Cbcp,        Reqs<Cb08, Cbcp01>           >,
    Go< Agreed,      AuthenticatedUnconfigured,          Refused,     Reqs<Ccb05>                  >,
    Go< Agreed,      AuthenticatedUnconfiguredNotSecure, NoCallback,  Reqs<Ccb05>                  >,
    Go< Agreed,      AuthenticationFailed,               Idle,        Reqs<Ph03, Chap04, Pap03>    >,
    Go< Agreed,      CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    Go< Agreed,      RenegotiatedWithoutCallback,        FirstCall,   Reqs<Fsm08>                  >,
    Go< NoCallback,  RenegotiatedWithCallback,           Agreed,      Reqs<Fsm08, Cb02>            >,
    Go< Cbcp,        CbcpNoCallback,                     NoCallback,  Reqs<Cbcp06>                 >,
    Go< Cbcp,        CbcpAcked,                          Dropping,    Reqs<Cbcp06, Amb12>          >,
    Go< Cbcp,        Authenticated,                      Cbcp,        Reqs<Cbcp01>                 >,
    Go< Cbcp,        CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    Go< Dropping,    ClearedClient,                      AwaitReturn, Reqs<Ccb04, Amb01>           >,
    Go< Dropping,    ClearedServer,                      Pending,     Reqs<Ccb04, Ddr06, Amb09>    >,
    Go< Dropping,    ClearedNoReturn,                    Idle,        Reqs<Ccb04>                  >,
    Go< Refused,     CallCleared,                        Idle,        Reqs<Ccb05>                  >,
    Go< Pending,     ReturnDialled,                      CallingBack, Reqs<Ccb03, Ddr06, Cb04>     >,
    Go< Pending,     CallbackExpired,                    Idle,        Reqs<Ccb04, Ddr06>           >,
    Go< Pending,     CallCleared,                        Pending,     Reqs<Isdn05>                 >,
    Go< CallingBack, ReturnConnected,                    ReturnCall,  Reqs<Cb04, Isdn02>           >,
    Go< CallingBack, ReturnFailed,                       Idle,        Reqs<Ccb06, Amb10>           >,
    Go< CallingBack, ReturnFailedRetry,                  Pending,     Reqs<Amb10>                  >,
    Go< AwaitReturn, ReturnAnswered,                     ReturnCall,  Reqs<Cb04, Ccb04, Isdn03>    >,
    Go< AwaitReturn, HoldExpired,                        Idle,        Reqs<Ddr07, Amb10>           >,
    Go< AwaitReturn, CallCleared,                        AwaitReturn, Reqs<Isdn05>                 >,
    Go< ReturnCall,  Authenticated,                      Connected,   Reqs<Cb04, Cb06>             >,
    Go< ReturnCall,  CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    // client: the return call failed before authentication; the server may try again (AMB-10)
    // until the client's hold time ends (DDR-07)
    Go< ReturnCall,  ReturnFailed,                       AwaitReturn, Reqs<Ccb06, Amb10, Ddr07>    >,
    Go< NoCallback,  NetworkUp,                          Connected,   Reqs<Ph03>                   >,
    Go< NoCallback,  Authenticated,                      NoCallback,  Reqs<Ph03>                   >,
    Go< NoCallback,  CallCleared,                        Idle,        Reqs<Isdn05>                 >,
    Go< Connected,   Authenticated,                      Connected,   Reqs<Chap05>                 >,
    Go< Connected,   CallCleared,                        Idle,        Reqs<Isdn05>                 >
    > {};
    // clang-format on

    // DESIGN.md section 5: rows no black-box tester can make the oracle take.
    static std::vector<UnreachableMark> unreachable() {
        return {{"FirstCall --authenticated--> NoCallback",
                 "this_layer_up leaves FirstCall on a first call's tlu (Callback agreed or refused) and a link "
                 "authenticates only after its tlu; a return call's link meets the coordinator in AwaitReturn or "
                 "CallingBack, never in FirstCall"}};
    }
};
using Runner = TableRunner<CoordinatorDef, IncomingAnswered, OutgoingConnected, CallbackAgreed, CallbackRefused,
                           Authenticated, AuthenticatedOp6, AuthenticatedUnconfigured,
                           AuthenticatedUnconfiguredNotSecure, AuthenticationFailed, CbcpNoCallback, CbcpAcked,
                           ClearedClient, ClearedServer, ClearedNoReturn, CallCleared, ReturnDialled,
                           CallbackExpired, ReturnConnected, ReturnFailed, ReturnFailedRetry, ReturnAnswered,
                           HoldExpired, NetworkUp, RenegotiatedWithoutCallback, RenegotiatedWithCallback>;
}  // namespace cb

// ----- DDR dialer -----------------------------------------------------------------------------
namespace ddr {
PPP_MSM_STATE(Idle, Ddr::Idle, "Idle");
PPP_MSM_STATE(Dialing, Ddr::Dialing, "Dialing");
PPP_MSM_STATE(Up, Ddr::Up, "Up");
PPP_MSM_STATE(Contended, Ddr::Contended, "Contended");
PPP_MSM_STATE(Disabled, Ddr::Disabled, "Disabled");

PPP_MSM_EVENT(Interesting, DdrEvent::Interesting, "interesting traffic");
PPP_MSM_EVENT(Dialled, DdrEvent::Dialled, "SETUP sent");
PPP_MSM_EVENT(Connected, DdrEvent::Connected, "call connected");
PPP_MSM_EVENT(Failed, DdrEvent::Failed, "call failed");
PPP_MSM_EVENT(Contention, DdrEvent::Contention, "another destination waits");
PPP_MSM_EVENT(CallCleared, DdrEvent::CallCleared, "call cleared");
PPP_MSM_FACT(AnotherCallUp, LastCall, kAnotherCallUp, "another call up", "last call");
PPP_MSM_EVENT(EnableExpired, DdrEvent::EnableExpired, "enable-timeout expired");

struct DialerDef : TableDef<DialerDef> {
    using initial_state = Idle;
    // clang-format off
    struct transition_table : mpl::vector<
    //  Source     Event           Target     Requirements                    (Cell: action, guard)
    Go< Idle,      Interesting,    Idle,      Reqs<Ddr01>                >,  // a SETUP is owed
    Go< Idle,      Dialled,        Dialing,   Reqs<Ddr01, Ddr02>         >,
    Go< Idle,      Connected,      Up,        Reqs<Isdn03, Ddr08>        >,
    Go< Dialing,   Interesting,    Dialing,   Reqs<Ddr07>                >,  // held while dialling
    Go< Dialing,   Dialled,        Dialing,   Reqs<Isdn02>               >,
    Go< Dialing,   Connected,      Up,        Reqs<Ddr05, Isdn02>        >,
    Go< Dialing,   Failed,         Disabled,  Reqs<Ddr05, Ddr06>         >,
    Go< Up,        Interesting,    Up,        Reqs<Ddr01, Ddr03>         >,  // restarts the idle timer
    Go< Up,        Dialled,        Up,        Reqs<Ddr08>                >,  // the other B-channel
    Go< Up,        Connected,      Up,        Reqs<Ddr08>                >,
    Go< Up,        Failed,         Up,        Reqs<Ddr05>                >,
    Go< Up,        Contention,     Contended, Reqs<Ddr04>                >,  // fast-idle applies
    // DDR-06: the enable-timeout follows the disconnect that leaves the BRI without a call; while
    // the other B-channel's call stays up the interface is still up (DDR-08).
    Cell< Up,      CallCleared,    Up,        nop, AnotherCallUp, Reqs<Ddr08>         >,
    Cell< Up,      CallCleared,    Disabled,  nop, LastCall,      Reqs<Ddr03, Ddr06>  >,
    Go< Contended, Interesting,    Contended, Reqs<Ddr04>                >,  // restarts the fast-idle timer
    Go< Contended, Contention,     Contended, Reqs<Ddr04>                >,
    Go< Contended, Failed,         Contended, Reqs<Ddr05>                >,
    Cell< Contended, CallCleared,  Up,        nop, AnotherCallUp, Reqs<Ddr04, Ddr08>  >,  // the waiting call may dial
    Cell< Contended, CallCleared,  Disabled,  nop, LastCall,      Reqs<Ddr04, Ddr06>  >,
    Go< Disabled,  Interesting,    Disabled,  Reqs<Ddr06, Ddr07>         >,  // dropped or held
    Go< Disabled,  Dialled,        Dialing,   Reqs<Ddr06>                >,  // too early: judged by RouterSpec
    Go< Disabled,  Connected,      Up,        Reqs<Isdn03>               >,
    Go< Disabled,  EnableExpired,  Idle,      Reqs<Ddr06>                >
    > {};
    // clang-format on
};
using Runner = TableRunner<DialerDef, Interesting, Dialled, Connected, Failed, Contention, CallCleared, EnableExpired>;
}  // namespace ddr

}  // namespace

Coordinator make_coordinator() { return Coordinator(std::make_unique<cb::Runner>("callback")); }
Dialer make_dialer() { return Dialer(std::make_unique<ddr::Runner>("dialer")); }

}  // namespace ppp::model::detail
