// Authentication per direction as Boost.MSM functor front-end tables (DESIGN.md section 5, SPEC
// section 6): PAP and CHAP-MD5, retries, Success/Failure and the Authenticate phase they end
// (PH-03). Values (Identifiers, challenges, hashes) are judged by RouterSpec by relation; these
// tables say which packet may come when. The only translation unit with MSM for authentication.
#include "auth_machine.hpp"

#include "msm_table.hpp"

namespace ppp::model::detail {
namespace {

using namespace table;

PPP_MSM_REQ(Ph03, "PH-03");
PPP_MSM_REQ(Pap01, "PAP-01");
PPP_MSM_REQ(Pap02, "PAP-02");
PPP_MSM_REQ(Pap03, "PAP-03");
PPP_MSM_REQ(Chap01, "CHAP-01");
PPP_MSM_REQ(Chap02, "CHAP-02");
PPP_MSM_REQ(Chap03, "CHAP-03");
PPP_MSM_REQ(Chap04, "CHAP-04");
PPP_MSM_REQ(Chap05, "CHAP-05");

// ----- the SUT authenticates the peer ---------------------------------------------------------
namespace authr {
PPP_MSM_STATE(Idle, Authr::Idle, "Idle");
PPP_MSM_STATE(ChallengeOwed, Authr::ChallengeOwed, "Challenge owed");
PPP_MSM_STATE(ChallengeSent, Authr::ChallengeSent, "Challenge sent");
PPP_MSM_STATE(VerdictOwed, Authr::VerdictOwed, "Success/Failure owed");
PPP_MSM_STATE(AwaitRequest, Authr::AwaitRequest, "awaiting Authenticate-Request");
PPP_MSM_STATE(AckOwed, Authr::AckOwed, "Ack/Nak owed");
PPP_MSM_STATE(Passed, Authr::Passed, "peer authenticated");
PPP_MSM_STATE(Refused, Authr::Refused, "peer refused");

PPP_MSM_EVENT(StartChap, AuthrEvent::StartChap, "tlu, CHAP agreed");
PPP_MSM_EVENT(StartPap, AuthrEvent::StartPap, "tlu, PAP agreed");
PPP_MSM_EVENT(ChallengeSentEv, AuthrEvent::ChallengeSent, "Challenge sent");
PPP_MSM_EVENT(ResponseRcvd, AuthrEvent::ResponseRcvd, "Response received");
PPP_MSM_EVENT(SuccessSent, AuthrEvent::SuccessSent, "Success sent");
PPP_MSM_EVENT(FailureSent, AuthrEvent::FailureSent, "Failure sent");
PPP_MSM_EVENT(RequestRcvd, AuthrEvent::RequestRcvd, "Authenticate-Request received");
PPP_MSM_EVENT(AckSent, AuthrEvent::AckSent, "Authenticate-Ack sent");
PPP_MSM_EVENT(NakSent, AuthrEvent::NakSent, "Authenticate-Nak sent");
PPP_MSM_EVENT(Down, AuthrEvent::Down, "tld");

struct AuthenticatorDef : TableDef<AuthenticatorDef> {
    using initial_state = Idle;
    // clang-format off
    struct transition_table : mpl::vector<
    //  Source         Event            Target         Requirements
    Go< Idle,          StartChap,       ChallengeOwed, Reqs<Ph03, Chap01, Chap02> >,
    Go< Idle,          StartPap,        AwaitRequest,  Reqs<Ph03, Pap01>          >,
    Go< ChallengeOwed, ChallengeSentEv, ChallengeSent, Reqs<Chap02>               >,
    Go< ChallengeSent, ChallengeSentEv, ChallengeSent, Reqs<Chap02>               >,  // resent until a valid Response
    Go< ChallengeSent, ResponseRcvd,    VerdictOwed,   Reqs<Chap03>               >,
    Go< VerdictOwed,   ResponseRcvd,    VerdictOwed,   Reqs<Chap05>               >,
    Go< VerdictOwed,   ChallengeSentEv, ChallengeSent, Reqs<Chap02>               >,
    Go< VerdictOwed,   SuccessSent,     Passed,        Reqs<Chap04, Ph03>         >,
    Go< VerdictOwed,   FailureSent,     Refused,       Reqs<Chap04, Ph03>         >,
    Go< Passed,        ResponseRcvd,    Passed,        Reqs<Chap05>               >,  // the same code again
    Go< Passed,        SuccessSent,     Passed,        Reqs<Chap05>               >,
    Go< Passed,        ChallengeSentEv, ChallengeSent, Reqs<Chap05>               >,  // re-challenge (Network)
    Go< Refused,       ResponseRcvd,    Refused,       Reqs<Chap05>               >,
    Go< Refused,       FailureSent,     Refused,       Reqs<Chap05>               >,
    Go< AwaitRequest,  RequestRcvd,     AckOwed,       Reqs<Pap02, Pap03>         >,
    Go< AckOwed,       RequestRcvd,     AckOwed,       Reqs<Pap02>                >,  // retransmitted Request
    Go< AckOwed,       AckSent,         Passed,        Reqs<Pap03, Ph03>          >,
    Go< AckOwed,       NakSent,         Refused,       Reqs<Pap03, Ph03>          >,
    Go< Passed,        RequestRcvd,     Passed,        Reqs<Pap03>                >,  // repeats get the same code
    Go< Passed,        AckSent,         Passed,        Reqs<Pap03>                >,
    Go< Refused,       RequestRcvd,     Refused,       Reqs<Pap03>                >,
    Go< Refused,       NakSent,         Refused,       Reqs<Pap03>                >,
    Go< Idle,          Down,            Idle,          Reqs<Ph03>                 >,  // tld: back to Establish
    Go< ChallengeOwed, Down,            Idle,          Reqs<Ph03>                 >,
    Go< ChallengeSent, Down,            Idle,          Reqs<Ph03>                 >,
    Go< VerdictOwed,   Down,            Idle,          Reqs<Ph03>                 >,
    Go< AwaitRequest,  Down,            Idle,          Reqs<Ph03>                 >,
    Go< AckOwed,       Down,            Idle,          Reqs<Ph03>                 >,
    Go< Passed,        Down,            Idle,          Reqs<Ph03>                 >,
    Go< Refused,       Down,            Idle,          Reqs<Ph03>                 >
    > {};
    // clang-format on
};
using Runner = TableRunner<AuthenticatorDef, StartChap, StartPap, ChallengeSentEv, ResponseRcvd, SuccessSent,
                           FailureSent, RequestRcvd, AckSent, NakSent, Down>;
}  // namespace authr

// ----- the peer authenticates the SUT ---------------------------------------------------------
namespace authee {
PPP_MSM_STATE(Idle, Authee::Idle, "Idle");
PPP_MSM_STATE(AwaitChallenge, Authee::AwaitChallenge, "awaiting Challenge");
PPP_MSM_STATE(ResponseOwed, Authee::ResponseOwed, "Response owed");
PPP_MSM_STATE(ResponseSentSt, Authee::ResponseSent, "Response sent");
PPP_MSM_STATE(RequestOwed, Authee::RequestOwed, "Authenticate-Request owed");
PPP_MSM_STATE(RequestSentSt, Authee::RequestSent, "Authenticate-Request sent");
PPP_MSM_STATE(Passed, Authee::Passed, "SUT authenticated");
PPP_MSM_STATE(Refused, Authee::Refused, "SUT refused");

PPP_MSM_EVENT(StartChap, AutheeEvent::StartChap, "tlu, CHAP agreed");
PPP_MSM_EVENT(StartPap, AutheeEvent::StartPap, "tlu, PAP agreed");
PPP_MSM_EVENT(ChallengeRcvd, AutheeEvent::ChallengeRcvd, "Challenge received");
PPP_MSM_EVENT(ResponseSent, AutheeEvent::ResponseSent, "Response sent");
PPP_MSM_EVENT(SuccessRcvd, AutheeEvent::SuccessRcvd, "Success received");
PPP_MSM_EVENT(FailureRcvd, AutheeEvent::FailureRcvd, "Failure received");
PPP_MSM_EVENT(RequestSent, AutheeEvent::RequestSent, "Authenticate-Request sent");
PPP_MSM_EVENT(AckRcvd, AutheeEvent::AckRcvd, "Authenticate-Ack received");
PPP_MSM_EVENT(NakRcvd, AutheeEvent::NakRcvd, "Authenticate-Nak received");
PPP_MSM_EVENT(Down, AutheeEvent::Down, "tld");

struct AuthenticateeDef : TableDef<AuthenticateeDef> {
    using initial_state = Idle;
    // clang-format off
    struct transition_table : mpl::vector<
    //  Source          Event          Target          Requirements
    Go< Idle,           StartChap,     AwaitChallenge, Reqs<Ph03, Chap01>         >,
    Go< Idle,           StartPap,      RequestOwed,    Reqs<Ph03, Pap02>          >,
    Go< AwaitChallenge, ChallengeRcvd, ResponseOwed,   Reqs<Chap02, Chap03>       >,
    Go< ResponseOwed,   ChallengeRcvd, ResponseOwed,   Reqs<Chap02>               >,  // a new Challenge replaces it
    Go< ResponseOwed,   ResponseSent,  ResponseSentSt, Reqs<Chap03>               >,
    Go< ResponseSentSt, ResponseSent,  ResponseSentSt, Reqs<Chap03>               >,
    Go< ResponseSentSt, ChallengeRcvd, ResponseOwed,   Reqs<Chap02>               >,  // retransmitted Challenge
    Go< ResponseSentSt, SuccessRcvd,   Passed,         Reqs<Chap04, Ph03>         >,
    Go< ResponseSentSt, FailureRcvd,   Refused,        Reqs<Chap04, Ph03>         >,
    Go< AwaitChallenge, SuccessRcvd,   Passed,         Reqs<Chap04, Ph03>         >,  // the peer's choice to skip
    Go< ResponseOwed,   SuccessRcvd,   Passed,         Reqs<Chap04, Ph03>         >,
    Go< AwaitChallenge, FailureRcvd,   Refused,        Reqs<Chap04, Ph03>         >,
    Go< ResponseOwed,   FailureRcvd,   Refused,        Reqs<Chap04, Ph03>         >,
    Go< Passed,         ChallengeRcvd, ResponseOwed,   Reqs<Chap05>               >,  // re-challenge (Network)
    Go< Passed,         SuccessRcvd,   Passed,         Reqs<Chap05>               >,
    Go< RequestOwed,    RequestSent,   RequestSentSt,  Reqs<Pap02>                >,
    Go< RequestSentSt,  RequestSent,   RequestSentSt,  Reqs<Pap02>                >,  // repeated until a reply
    Go< RequestSentSt,  AckRcvd,       Passed,         Reqs<Pap03, Ph03>          >,
    Go< RequestSentSt,  NakRcvd,       Refused,        Reqs<Pap03, Ph03>          >,
    Go< RequestOwed,    AckRcvd,       Passed,         Reqs<Pap03, Ph03>          >,
    Go< RequestOwed,    NakRcvd,       Refused,        Reqs<Pap03, Ph03>          >,
    Go< Passed,         AckRcvd,       Passed,         Reqs<Pap03>                >,
    Go< Idle,           Down,          Idle,           Reqs<Ph03>                 >,  // tld: back to Establish
    Go< AwaitChallenge, Down,          Idle,           Reqs<Ph03>                 >,
    Go< ResponseOwed,   Down,          Idle,           Reqs<Ph03>                 >,
    Go< ResponseSentSt, Down,          Idle,           Reqs<Ph03>                 >,
    Go< RequestOwed,    Down,          Idle,           Reqs<Ph03>                 >,
    Go< RequestSentSt,  Down,          Idle,           Reqs<Ph03>                 >,
    Go< Passed,         Down,          Idle,           Reqs<Ph03>                 >,
    Go< Refused,        Down,          Idle,           Reqs<Ph03>                 >
    > {};
    // clang-format on

    // DESIGN.md section 5: rows no black-box tester can make the oracle take. RouterSpec feeds
    // the peer's verdicts to this table only while the SUT's authentication is pending.
    static std::vector<UnreachableMark> unreachable() {
        return {{"SUT authenticated --Success received--> SUT authenticated",
                 "stimulus_chap fires 'Success received' only while detail::pending(authee): never in SUT authenticated"},
                {"SUT authenticated --Authenticate-Ack received--> SUT authenticated",
                 "stimulus_pap fires 'Authenticate-Ack received' only while detail::pending(authee): never in SUT "
                 "authenticated"}};
    }
};
using Runner = TableRunner<AuthenticateeDef, StartChap, StartPap, ChallengeRcvd, ResponseSent, SuccessRcvd,
                           FailureRcvd, RequestSent, AckRcvd, NakRcvd, Down>;
}  // namespace authee

}  // namespace

Authenticator make_authenticator() { return Authenticator(std::make_unique<authr::Runner>("auth (SUT authenticates)")); }
Authenticatee make_authenticatee() { return Authenticatee(std::make_unique<authee::Runner>("auth (SUT authenticated)")); }

}  // namespace ppp::model::detail
