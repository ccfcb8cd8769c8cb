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

// How the ISDN network handles a side's next call beyond refusing it (Q.931 sections 5.1-5.3): the
// messages it answers the side's SETUP with, how it withdraws a call offered to the side, which of
// the side's messages it leaves unanswered, how it clears toward the side.
enum class CallScript : std::uint8_t {
    // the side's next SETUP, answered with ... and CONNECT once the callee answers (5.1.5-5.1.8)
    AnswerAlerting,            // ALERTING (first answer: it carries the B-channel)
    AnswerProceedingAlerting,  // CALL PROCEEDING, ALERTING
    AnswerProgress,            // CALL PROCEEDING, PROGRESS #1 (interworking, 5.1.6), ALERTING
    AnswerConnect,             // CONNECT alone
    AnswerProceedingBare,      // CALL PROCEEDING with the B-channel, then CONNECT without Channel
                               // identification (section 5.1.2: the first answer carries it)
    // the side's next SETUP, cleared before it is answered (5.1.5.2, 5.3.4, 5.8.4)
    ClearDisconnect,           // DISCONNECT #58 as the first answer
    ClearReleaseComplete,      // CALL PROCEEDING, then RELEASE COMPLETE #41
    ClearAfterAlerting,        // CALL PROCEEDING, ALERTING, DISCONNECT #19 (alerting supervision)
    // the next call offered to the side, withdrawn before it is answered (#41 both ways)
    WithdrawRelease,           // RELEASE right after the SETUP, no answer of the side's awaited
    WithdrawDisconnect,        // DISCONNECT on the side's first answer to the SETUP
    // the network never answers the side's next ...
    LoseSetups,                // SETUP, nor its repetition (T303 twice)
    ProceedingOnly,            // SETUP past CALL PROCEEDING (T310)
    AlertingOnly,              // SETUP past ALERTING: the callee rings on (the SUT's wait-for-carrier, DDR-05)
    NoConnectAck,              // CONNECT (T313)
    LoseReleases,              // RELEASE, nor its repetition (T308 twice)
    // the network's next DISCONNECT to the side is followed at once by its RELEASE
    ReleaseAfterDisconnect,
};

// What the lab does with a message at the port before it travels on.
struct TapDecision {
    enum class Kind : std::uint8_t { Pass, Drop, Delay } kind = Kind::Pass;
    Millis delay{0};
    static TapDecision pass() { return {}; }
    static TapDecision drop() { return {Kind::Drop, Millis{0}}; }
    static TapDecision later(Millis d) { return {Kind::Delay, d}; }
};

}  // namespace ppp::wire
