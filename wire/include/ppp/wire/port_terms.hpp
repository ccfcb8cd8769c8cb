#pragma once
// The small terms every side of the SUT's port names the same way (sut/, adapters/, model/,
// suites/): which way a message goes, the callback roles, the network's call faults and what the
// lab's tap decides. Apart from port.hpp so that the oracle's machines include no codec.
#include <chrono>
#include <cstdint>

namespace ppp::wire {

using Millis = std::chrono::milliseconds;  // virtual or wall-clock time since the run started

enum class Direction : std::uint8_t { ToSut, FromSut };     // stimulus / observation
enum class CallbackRole : std::uint8_t { Client, Server };  // callback client (R2) or server (R1)

// How the ISDN network refuses the next call to a number: user busy (#17), no answer (#18/#19), no
// channel (#34), or no response at all (the SETUP is lost).
enum class CallFault : std::uint8_t { Busy, NoAnswer, NoChannel, NoResponse };

// What the lab does with a message at the port before it travels on.
struct TapDecision {
    enum class Kind : std::uint8_t { Pass, Drop, Delay } kind = Kind::Pass;
    Millis delay{0};
    static TapDecision pass() { return {}; }
    static TapDecision drop() { return {Kind::Drop, Millis{0}}; }
    static TapDecision later(Millis d) { return {Kind::Delay, d}; }
};

}  // namespace ppp::wire
