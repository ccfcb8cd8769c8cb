#pragma once
// PAP (RFC 1334) and CHAP-MD5 (RFC 1994) per direction, as Boost.MSM tables (auth_machine.cpp)
// behind the MSM-free Machine wrapper: the authenticator (the SUT checks the peer) and the
// authenticatee (the peer checks the SUT). The rows carry PH-03, PAP-01..04 and CHAP-01..05.
#include <cstdint>

#include "table_machine.hpp"

namespace ppp::model::detail {

// The SUT authenticates the peer.
enum class Authr : std::uint8_t {
    Idle,           // Establish phase, or no Authentication-Protocol agreed for this direction
    ChallengeOwed,  // CHAP agreed: the SUT owes a Challenge (CHAP-02)
    ChallengeSent,  // waiting for the Response
    VerdictOwed,    // Response received: Success or Failure owed (CHAP-04)
    AwaitRequest,   // PAP agreed: waiting for the peer's Authenticate-Request (PAP-02)
    AckOwed,        // Request received: Ack or Nak owed (PAP-03)
    Passed,         // Success / Ack sent
    Refused,        // Failure / Nak sent: the SUT terminates (PH-03)
};
enum class AuthrEvent : std::uint8_t {
    StartChap, StartPap, ChallengeSent, ResponseRcvd, SuccessSent, FailureSent, RequestRcvd, AckSent, NakSent, Down,
};
using Authenticator = Machine<Authr, AuthrEvent>;
Authenticator make_authenticator();
inline bool pending(Authr s) { return s != Authr::Idle && s != Authr::Passed && s != Authr::Refused; }

// The peer authenticates the SUT.
enum class Authee : std::uint8_t {
    Idle,
    AwaitChallenge,  // CHAP agreed: waiting for the peer's Challenge
    ResponseOwed,    // Challenge received: Response owed (CHAP-03)
    ResponseSent,    // waiting for Success/Failure
    RequestOwed,     // PAP agreed: the SUT owes its Authenticate-Request (PAP-02)
    RequestSent,     // waiting for Ack/Nak, retransmitting
    Passed,
    Refused,
};
enum class AutheeEvent : std::uint8_t {
    StartChap, StartPap, ChallengeRcvd, ResponseSent, SuccessRcvd, FailureRcvd, RequestSent, AckRcvd, NakRcvd, Down,
};
using Authenticatee = Machine<Authee, AutheeEvent>;
Authenticatee make_authenticatee();
inline bool pending(Authee s) { return s != Authee::Idle && s != Authee::Passed && s != Authee::Refused; }

}  // namespace ppp::model::detail
