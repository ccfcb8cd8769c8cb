#pragma once
// The callback coordinator and dialer as a table-driven machine: every transition is a constexpr
// row carrying its requirement IDs, and coverage is read from the same rows.
#include <array>
#include <cstdint>
#include <string>

#include "ppp/model/coverage.hpp"

namespace ppp::model::detail {

enum class Cb : std::uint8_t {
    Idle,          // no call, nothing pending
    Dialing,       // client: SETUP for interesting traffic (DDR-01)
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
inline constexpr std::size_t kCbStates = 13;
const char* cb_name(Cb s);

struct CoordRow {
    Cb from;
    const char* event;
    Cb to;
    const char* requirements;  // comma separated
};

// clang-format off
inline constexpr std::array<CoordRow, 45> kCoordRows{{
    // client and server alike
    {Cb::Idle,        "interesting traffic",        Cb::Dialing,     "DDR-01,DDR-02"},
    {Cb::Idle,        "incoming call answered",     Cb::FirstCall,   "ISDN-03"},
    {Cb::Dialing,     "call connected",             Cb::FirstCall,   "ISDN-02,ISDN-07"},
    {Cb::Dialing,     "call failed",                Cb::Idle,        "DDR-05,ISDN-06"},
    {Cb::Idle,        "outgoing call connected",    Cb::FirstCall,   "ISDN-02"},
    {Cb::FirstCall,   "callback agreed",            Cb::Agreed,      "CB-02,CCB-01,CCB-02"},
    {Cb::FirstCall,   "callback refused",           Cb::NoCallback,  "CCB-08,AMB-05"},
    {Cb::FirstCall,   "authenticated",              Cb::NoCallback,  "PH-03"},
    {Cb::FirstCall,   "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::Agreed,      "authenticated",              Cb::Dropping,    "CB-03,CCB-04,SEQ-01"},
    {Cb::Agreed,      "authenticated op 6",         Cb::Cbcp,        "CB-08,CBCP-01"},
    {Cb::Agreed,      "authenticated unconfigured", Cb::Refused,     "CCB-05"},
    {Cb::Agreed,      "authenticated unconfigured, not secure", Cb::NoCallback, "CCB-05"},
    {Cb::Agreed,      "authentication failed",      Cb::Idle,        "PH-03,CHAP-04,PAP-03"},
    {Cb::Agreed,      "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::Agreed,      "renegotiated without callback", Cb::FirstCall, "FSM-08"},
    {Cb::NoCallback,  "renegotiated with callback", Cb::Agreed,      "FSM-08,CB-02"},
    {Cb::Cbcp,        "CBCP no callback",           Cb::NoCallback,  "CBCP-06"},
    {Cb::Cbcp,        "CBCP acked",                 Cb::Dropping,    "CBCP-06,AMB-12"},
    {Cb::Cbcp,        "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::Dropping,    "call cleared (client)",      Cb::AwaitReturn, "CCB-04,AMB-01"},
    {Cb::Dropping,    "call cleared (server)",      Cb::Pending,     "CCB-04,DDR-06,AMB-09"},
    {Cb::Refused,     "call cleared",               Cb::Idle,        "CCB-05"},
    {Cb::Pending,     "return call dialled",        Cb::CallingBack, "CCB-03,DDR-06,CB-04"},
    {Cb::Pending,     "callback expired",           Cb::Idle,        "CCB-04,DDR-06"},
    {Cb::CallingBack, "return call connected",      Cb::ReturnCall,  "CB-04,ISDN-02"},
    {Cb::CallingBack, "return call failed",         Cb::Idle,        "CCB-06,AMB-10"},
    {Cb::CallingBack, "return call failed, retry",  Cb::Pending,     "AMB-10"},
    {Cb::AwaitReturn, "return call answered",       Cb::ReturnCall,  "CB-04,CCB-04,ISDN-03"},
    {Cb::AwaitReturn, "hold expired",               Cb::Idle,        "DDR-07,AMB-10"},
    {Cb::ReturnCall,  "authenticated",              Cb::Connected,   "CB-04,CB-06"},
    {Cb::ReturnCall,  "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::ReturnCall,  "return call failed",         Cb::AwaitReturn, "CCB-06,AMB-10,DDR-07"},
    {Cb::NoCallback,  "network up",                 Cb::Connected,   "PH-03"},
    {Cb::NoCallback,  "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::Connected,   "idle timeout",               Cb::Idle,        "DDR-03"},
    {Cb::Connected,   "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::Connected,   "renegotiated",               Cb::Connected,   "FSM-08"},
    {Cb::NoCallback,  "authenticated",              Cb::NoCallback,  "PH-03"},
    {Cb::Connected,   "authenticated",              Cb::Connected,   "CHAP-05"},
    {Cb::Dropping,    "call cleared (no return)",   Cb::Idle,        "CCB-04"},
    {Cb::Cbcp,        "authenticated",              Cb::Cbcp,        "CBCP-01"},
    {Cb::Idle,        "call cleared",               Cb::Idle,        "ISDN-05"},
    {Cb::AwaitReturn, "call cleared",               Cb::AwaitReturn, "ISDN-05"},
    {Cb::Pending,     "call cleared",               Cb::Pending,     "ISDN-05"},
}};
// clang-format on

class Coordinator {
public:
    Cb state() const { return state_; }
    // Takes the row (state, event) -> to; false when the table has no such row (model bug).
    bool go(const char* event, Cb to);
    void reset(Cb to) { state_ = to; }
    Coverage coverage() const;

private:
    Cb state_ = Cb::Idle;
    std::array<std::uint64_t, kCoordRows.size()> hits_{};
    std::array<std::uint64_t, kCbStates> visits_{1};
};

}  // namespace ppp::model::detail
