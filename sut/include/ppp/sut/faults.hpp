#pragma once
// Named deviations the reference router can be switched into, so the harness can prove that it
// catches them (DESIGN.md section 6, `ppp-conform selftest`). Each is a small, realistic bug tied
// to the SPEC requirement IDs it breaks; the one table in faults.cpp gives name, description and
// those IDs to `--fault`, `list --faults` and `selftest`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ppp::sut {

enum class Fault : std::uint8_t {
    // callback (SPEC CB, CCB, SEQ)
    CallbackIgnoresSecure,      // server calls back an unconfigured user (breaks CCB-05)
    IpcpOnFirstCall,            // IPCP Configure-Request after callback was agreed (SEQ-01)
    CallbackOptionOnReturnCall, // server requests option 13 on its return call (SEQ-02, CB-04)
    KeepFirstCall,              // server keeps the first call up and goes to NCP (CB-03, CCB-04)
    EarlyReturnCall,            // return call placed at once, not after enable-timeout (DDR-06)
    RetryBusyReturnCall,        // a busy/unanswered return call is retried (CCB-06)
    NoTerminateAck,             // Terminate-Request never acknowledged (LCP-09)
    AckReordersOptions,         // Configure-Ack lists the options in reverse order (LCP-05)
    ChapWrongHashOrder,         // CHAP value = MD5(secret || Id || challenge) (CHAP-03)
    // framing (SPEC FR)
    FcsOverWrongSpan,           // FCS computed from the Protocol field on, skipping FF 03 (FR-03)
    FcsMsbFirst,                // FCS-16 sent most significant octet first (FR-04)
    AddressControlOmitted,      // FF 03 dropped once LCP is Opened, ACFC never agreed (LCP-01)
    // LCP (SPEC LCP, FSM)
    AckWrongIdentifier,         // Configure-Ack carries the Request's Identifier + 1 (LCP-05)
    NakUnofferedOption,         // a good Request answered by a Nak of an MRU never offered (LCP-06)
    RestartTimerShort,          // restart timer a third of the configured value (FSM-01)
    NoCodeReject,               // unknown LCP code silently ignored (LCP-10)
    EchoReplyZeroMagic,         // Echo-Reply Magic-Number field 0 after Magic was agreed (LCP-12)
    TerminateAckNewId,          // Terminate-Ack with a fresh Identifier, not the Request's (LCP-09)
    RenegotiationWithoutRequest,// Request in Opened acked without sending our own (FSM-08)
    SuccessBeforeResponse,      // CHAP Success sent right after the Challenge (CHAP-04)
    ChapResponseWrongId,        // CHAP Response Identifier = Challenge's + 1 (CHAP-03)
    ChapSameChallenge,          // retransmitted Challenge repeats Identifier and Value (CHAP-02)
    ChapAcceptsAnyResponse,     // CHAP Success whatever the hash (CHAP-03)
    PapRetriedForever,          // PAP Request retransmitted after the Ack, without limit (PAP-02)
    // callback (SPEC CB, CCB)
    ClientCallbackOnReturnCall, // client requests option 13 on the return call too (SEQ-02, AMB-07)
    CallbackToCalledNumber,     // return call to the first call's called number (CCB-03)
    ClientDialsWhileCallbackPending,  // client dials out while waiting for its return call (CCB-04)
    // CBCP (SPEC CBCP)
    CbcpAckWrongId,             // answerer's Callback-Ack Id = Response's + 1 (CBCP-04)
    CbcpRequestSameId,          // retransmitted Callback-Request keeps its Identifier (CBCP-02)
    // DDR (SPEC DDR)
    IdleTimerNotReset,          // idle timer runs from connect, traffic never resets it (DDR-03)
    DialPrefixAdded,            // dialer map number dialled with an outside-line 9 (DDR-02)
    EnableTimeoutIgnored,       // redial at once after a failed call (DDR-06)
    // ISDN (SPEC ISDN)
    NoReleaseComplete,          // RELEASE never answered with RELEASE COMPLETE (ISDN-05)
    NoConnectAck,               // CONNECT not acknowledged with CONNECT ACK (ISDN-02, AMB-17)
    DisconnectAnsweredWithReleaseComplete,  // DISCONNECT answered by RELEASE COMPLETE (ISDN-05)
    DisconnectWithoutCause,     // DISCONNECT without its mandatory Cause IE (ISDN-05)
    MagicLoopNotDetected,       // peer Magic equal to ours acked: loop unnoticed (LCP-16)
    T303NotHonoured,            // SETUP not repeated when T303 expires (ISDN-02)
    CallbackServerUsesDialstring,  // number from the option despite `username` (CCB-03)
    // IPCP and call control found wrong in the reference by issue #13 (SPEC IP-07, IP-08, ISDN-13)
    IpcpAckAnyOptions,          // an IPCP Configure-Ack taken whatever options it lists (IP-08)
    IpcpZeroAddressAcked,       // a peer's IPCP request for an address (0.0.0.0) acknowledged (IP-07)
    StatusEnquiryReleased,      // STATUS ENQUIRY about no call answered with RELEASE COMPLETE #81 (ISDN-13)
    StaleChapSuccessTaken,      // a renegotiation keeps the last Response's Id: its old Success is taken (CHAP-04, AMB-22)
};
inline constexpr std::size_t kFaultCount = static_cast<std::size_t>(Fault::StaleChapSuccessTaken) + 1;

// One row of the fault table.
struct FaultInfo {
    Fault fault;
    const char* name;          // "callback-ignores-secure"
    const char* description;   // one line: what the router does wrong
    const char* requirements;  // SPEC IDs it breaks, blank separated; a catch names one of them
};
const FaultInfo& fault_info(Fault fault);
const FaultInfo* fault_table();  // kFaultCount rows, in enum order
const char* fault_name(Fault fault);
// Whether the fault lives in a PPP link (LCP, authentication, CBCP, framing) rather than in the
// router's dialer or ISDN side: the faults a PPP link alone, on a line, can show.
bool fault_acts_on_link(Fault fault);

class Faults {
public:
    Faults() = default;
    bool has(Fault f) const { return (bits_ >> static_cast<unsigned>(f)) & 1U; }
    void add(Fault f) { bits_ |= std::uint64_t{1} << static_cast<unsigned>(f); }
    bool empty() const { return bits_ == 0; }
    std::vector<std::string> names() const;

    // "a,b c": names separated by commas or blanks. On an unknown name returns false and sets
    // `error` to one line naming it and listing the accepted names.
    static bool parse(std::string_view text, Faults& out, std::string& error);

private:
    static_assert(kFaultCount <= 64, "one bit per fault");
    std::uint64_t bits_ = 0;
};

}  // namespace ppp::sut
