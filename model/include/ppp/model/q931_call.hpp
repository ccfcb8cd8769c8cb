#pragma once
// Q.931 user-side call states of the SUT for one call reference (SPEC section 9, ISDN-01..07),
// with T303/T305/T308/T310/T313. The Boost.MSM table is in model/src/q931_machine.cpp.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ppp/model/coverage.hpp"

namespace ppp::model {

enum class Q931State : std::uint8_t {
    U0 = 0, U1 = 1, U3 = 3, U4 = 4, U6 = 6, U7 = 7, U8 = 8, U9 = 9, U10 = 10, U11 = 11, U12 = 12,
    U19 = 19,
};
// "Out" = sent by the SUT (observation), "In" = sent by the network (stimulus); Txxx = expiry of
// the SUT's own timer.
enum class Q931Event : std::uint8_t {
    SetupOut, SetupIn, CallProcIn, AlertingIn, ProgressIn, ConnectIn, ConnectAckOut, CallProcOut,
    AlertingOut, ConnectOut, ConnectAckIn, DisconnectOut, DisconnectIn, ReleaseOut, ReleaseIn,
    RelCompOut, RelCompIn, T303, T305, T308, T310, T313,
};
enum class Q931Timer : std::uint8_t { None, T303, T305, T308, T310, T313 };

// What the SUT owes or what happens to the B-channel after a transition.
enum class Q931Effect : std::uint8_t {
    StartTimer,       // `timer` below
    StopTimer,
    OweSetup,         // T303 first expiry: SETUP again
    OweConnectAck,    // AMB-17: only if the profile says the variant sends it
    OweDisconnect,    // T310 / T313 expiry
    OweRelease,       // DISCONNECT received, or T305 expiry, or T308 first expiry
    OweRelComp,       // RELEASE received
    ChannelUp,        // ISDN-07: B-channel through-connected (LCP Up)
    ChannelDown,      // ISDN-07: DISCONNECT/RELEASE either way (LCP Down)
    CallGone,         // call reference freed
};

struct Q931Step {
    Q931State from = Q931State::U0;
    Q931State to = Q931State::U0;
    bool legal = true;
    std::vector<Q931Effect> effects;
    Q931Timer timer = Q931Timer::None;  // for StartTimer
    // The fired row, named once per table row (null when the event was illegal): no allocation.
    const std::vector<std::string>* requirements = nullptr;
    const std::string* row = nullptr;  // "U1 Call initiated --CALL PROC in--> U3 Outgoing call proceeding"
};

const char* q931_state_name(Q931State s);  // "U10 Active"
const char* q931_event_name(Q931Event e);  // "CONNECT in"

class Q931Call {
public:
    Q931Call();
    ~Q931Call();
    Q931Call(const Q931Call& other);
    Q931Call& operator=(const Q931Call& other);
    Q931Call(Q931Call&&) noexcept;
    Q931Call& operator=(Q931Call&&) noexcept;

    Q931Step fire(Q931Event event);
    Q931State state() const;
    Coverage coverage() const;
    // Rows the RouterSpec never makes the call take, as marked beside the table.
    std::vector<UnreachableMark> unreachable() const;
    // The hits of coverage(), in its order, added to `states` and `rows` (CoverageCounts).
    void add_hits(std::uint64_t* states, std::uint64_t* rows) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::model
