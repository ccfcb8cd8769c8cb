#pragma once
// The callback coordinator and the DDR dialer: Boost.MSM tables (coordinator.cpp) behind the
// MSM-free Machine wrapper. Every row carries its requirement IDs; coverage is read from the rows.
#include <cstdint>

#include "table_machine.hpp"

namespace ppp::model::detail {

// Callback coordinator, client and server roles (SPEC CB, CBCP, CCB, SEQ).
enum class Cb : std::uint8_t {
    Idle,          // no call, nothing pending
    FirstCall,     // first call up, LCP negotiating
    Agreed,        // LCP Callback option agreed (CB-02)
    Cbcp,          // op 6: CBCP running (CB-08)
    Dropping,      // auth done: both drop the call (CB-03, CCB-04)
    AwaitReturn,   // client: pending record, waiting for the return call
    Pending,       // server: enable-timeout before the return call (DDR-06)
    CallingBack,   // server: return call dialled
    ReturnCall,    // return call up, no Callback option (CB-04, SEQ-02)
    Connected,     // network phase, traffic flows
    NoCallback,    // callback refused or not configured: ordinary call (CCB-05, CCB-08)
    Refused,       // callback-secure, user not configured: call dropped, no return call (CCB-05)
};
enum class CbEvent : std::uint8_t {
    IncomingAnswered, OutgoingConnected, CallbackAgreed, CallbackRefused, Authenticated, AuthenticatedOp6,
    AuthenticatedUnconfigured, AuthenticatedUnconfiguredNotSecure, AuthenticationFailed, CbcpNoCallback,
    CbcpAcked, ClearedClient, ClearedServer, ClearedNoReturn, CallCleared, ReturnDialled, CallbackExpired,
    ReturnConnected, ReturnFailed, ReturnFailedRetry, ReturnAnswered, HoldExpired, NetworkUp,
    RenegotiatedWithoutCallback, RenegotiatedWithCallback,
};
using Coordinator = Machine<Cb, CbEvent>;
Coordinator make_coordinator();

// The DDR dialer of the BRI interface (SPEC DDR-01..08): one rotary of two B-channels.
enum class Ddr : std::uint8_t {
    Idle,       // no call; interesting traffic makes the SUT dial (DDR-01)
    Dialing,    // SETUP sent, waiting for carrier (DDR-05)
    Up,         // at least one call up; idle-timeout (DDR-03)
    Contended,  // calls up and another destination waits: fast-idle (DDR-04)
    Disabled,   // enable-timeout after a disconnect or failure (DDR-06)
};
enum class DdrEvent : std::uint8_t {
    Interesting, Dialled, Connected, Failed, Contention, CallCleared, EnableExpired,
};
// Facts the dialer's guards decide on, given with an event (Dialer::fire's second argument).
inline constexpr std::uint32_t kAnotherCallUp = 1U << 0;  // CallCleared: the BRI's other call stays up
using Dialer = Machine<Ddr, DdrEvent>;
Dialer make_dialer();

}  // namespace ppp::model::detail
