#pragma once
// What an implementation claims (PICS) as the oracle's knobs: roles, callback operations, timers,
// the AMB-xx choices of SPEC section 13, time tolerances. Loaded from JSON with validation.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/port_terms.hpp"

namespace ppp::model {

using Millis = std::chrono::milliseconds;

using Role = wire::CallbackRole;  // the port's vocabulary: the SUT's callback role
enum class AuthProto : std::uint8_t { Chap, Pap };
enum class AuthMode : std::uint8_t { None, OneWay, Mutual, Callin };          // AMB-16
enum class TerminateInitiator : std::uint8_t { Client, Server, Both, Either };  // AMB-01
enum class OptionReply : std::uint8_t { Ack, Nak, Reject };                     // AMB-03/04
enum class OnCallbackReject : std::uint8_t { Continue, Close };                 // AMB-05
enum class OnCallbackNak : std::uint8_t { NextOp, AdoptPeer, Drop };            // AMB-05
enum class MsgEncoding : std::uint8_t { Digits, NulTerminated };                // AMB-06
enum class ReturnCallBinding : std::uint8_t { Username, CallingNumber, DialString };  // AMB-08, CCB-03
enum class CbcpTerminator : std::uint8_t { Caller, Answerer };                  // AMB-12

struct Profile {
    std::string name;
    std::vector<Role> roles{Role::Client, Role::Server};

    struct Lcp {  // FSM-03, AMB-14, AMB-15
        Millis restart{3000};
        // AMB-30: the longest interval between retransmissions when it varies (Windows: 2-5 s);
        // 0 (or anything below `restart`): a constant timer of `restart`.
        Millis restart_max{0};
        Millis latest_restart() const { return std::max(restart, restart_max); }
        int max_configure = 10;
        int max_terminate = 2;
        int max_failure = 5;
        bool passive = false;  // [p]
        bool restart_option = false;  // [r]
        bool magic_number = true;     // SUT sends Magic-Number
        // A timeout retransmission in Ack-Rcvd keeps the Identifier the peer already acked
        // (pppd fsm.c): RFC 1661 section 5.1 asks for a new one; a profile deviation, not a failure.
        bool retransmit_keeps_acked_id = false;
        // AMB-44: a second Configure-Ack for one Configure-Request (a duplicated or late copy) may
        // be discarded (pppd fsm.c `seen_ack`) as well as taken as RCA (RFC 1661's state table).
        bool second_ack_ignored = false;
        // AMB-21 (LCP-10): a Code-Reject of Protocol-Reject, Echo-Request, Echo-Reply or
        // Discard-Request (codes 8-11) is permitted (RXJ+) or catastrophic (RXJ-).
        bool code_reject_8_11_permitted = true;
    } lcp;

    struct Auth {  // PAP/CHAP, AMB-16
        std::vector<AuthProto> protocols{AuthProto::Chap};  // preference order (PAP-04)
        AuthMode mode = AuthMode::OneWay;
        Millis retry{3000};
        int max_tries = 10;
        // AMB-22: a CHAP Success or Failure that reaches the authenticatee before it sent a Response
        // to the Challenge in hand answers no Response (RFC 1994 section 4.2: its Identifier is the
        // Response's): discarded (false), or taken as the verdict (pppd 2.4.9 chap_handle_status).
        bool verdict_before_response = false;
    } auth;

    struct Callback {
        std::vector<std::uint8_t> client_ops{0};        // CCB-01: ops the client requests, in order
        std::vector<std::uint8_t> server_ops{0, 1, 3};  // CCB-02: ops the server accepts
        bool server_accepts = true;                     // CCB-08: `ppp callback accept`
        bool secure = true;                             // CCB-05: `dialer callback-secure`
        TerminateInitiator terminate_initiator = TerminateInitiator::Both;  // AMB-01
        bool send_lcp_tr = true;                        // AMB-02
        Millis hangup_after_ta{0};                      // AMB-02
        OptionReply op0_without_auth = OptionReply::Reject;    // AMB-03
        OptionReply unsupported_op_reply = OptionReply::Reject;  // AMB-04
        OnCallbackReject on_reject = OnCallbackReject::Continue;  // AMB-05
        OnCallbackNak on_nak = OnCallbackNak::Drop;               // AMB-05
        MsgEncoding msg_encoding = MsgEncoding::Digits;           // AMB-06
        // AMB-49: the client's op 0 Callback option carries no Message (Cisco `0D 03 00`, OBS-05), vs
        // any octets (RFC 1570 section 2.3 leaves the Message to the operation; op 0 defines none).
        bool op0_message_empty = false;
        bool request_on_incoming = false;               // AMB-07
        ReturnCallBinding return_call_binding = ReturnCallBinding::Username;  // AMB-08
        Millis delay{15000};                            // AMB-09
        // AMB-09: the delay is the dialer's enable-timeout (Cisco: "the time the interface stays
        // down after a call has completed"), so it follows `dialer enable-timeout`; `delay` unused.
        bool delay_is_enable_timeout = false;
        int return_retries = 0;                         // AMB-10, CCB-06
        bool cbcp_no_callback_len3 = false;             // AMB-11
        bool cbcp_constant_request_id = false;          // AMB-11
        bool cbcp_accept_wrong_ack_id = false;          // AMB-11
        bool cbcp_network_on_response = false;          // AMB-40: NCP after Response "no callback"
        Millis cbcp_request_wait{0};                    // AMB-41: caller's wait for a Request, 0 none
        CbcpTerminator cbcp_terminator = CbcpTerminator::Caller;  // AMB-12
        int cbcp_delay_s = 5;                           // PEERS.md 2: pppd answers delay 5
        Millis cbcp_retransmit{2000};                   // CBCP-05
        int cbcp_max_requests = 0;                      // AMB-42: Requests before the answerer gives up, 0 none
        // AMB-43: a DDR server's return call after a CBCP Delay also waits out the enable-timeout
        // (the later of the two), or the Delay alone.
        bool cbcp_delay_waits_enable_timeout = true;
        Millis hold_timeout{0};                         // client: how long the pending record lives
        // AMB-31: op 6 in a Configure-Request says "I can run CBCP" (Windows), not "call me back":
        // a server's own Request and a return call's may carry it, and it tells no role.
        bool op6_capability = false;
    } callback;

    struct Dialer {  // DDR-03..07 (Cisco defaults)
        Millis idle_timeout{120000};
        Millis fast_idle{20000};
        Millis wait_for_carrier{30000};
        Millis enable_timeout{15000};
        int hold_queue = 0;
        Millis hold_queue_timeout{0};
        bool enabled = true;  // DDR present at all (pppd: no)
        // AMB-23: a call being cleared (DISCONNECT sent or received, no RELEASE COMPLETE yet) still
        // holds its B-channel when the dialer looks for a free one (DDR-04 contention), vs frees it
        // with the link (ISDN-07: LCP Down on DISCONNECT).
        bool clearing_call_holds_channel = false;
        // AMB-47: traffic while no B-channel is free and the enable-timeout runs (no hold queue)
        // is dropped, nothing waits (false), vs waits for the BRI: contention, fast-idle (true).
        bool contention_during_enable_timeout = false;
        // AMB-48: packets held (DDR-07) for a dial that fails, no return call awaited, are
        // dropped with it (false), vs kept for the destination's next call (true).
        bool failed_dial_keeps_hold_queue = false;
        // AMB-24: the enable-timeout (DDR-06) and a server's delay before the return call (AMB-09)
        // run from the disconnect (the link goes down at DISCONNECT sent or received, ISDN-07), vs
        // from the release of the call reference (Q.931 section 5.3; seconds later when a RELEASE
        // is lost and T308 runs out).
        enum class EnableTimeoutFrom { Disconnect, Release };
        EnableTimeoutFrom enable_timeout_from = EnableTimeoutFrom::Disconnect;
    } dialer;

    struct Isdn {  // SPEC section 9 timers, AMB-17/18
        Millis t303{4000}, t305{30000}, t308{4000}, t310{30000}, t313{4000};
        std::uint8_t bri_busy_cause = 34;
        bool connect_ack = true;
        int channels = 2;
        // AMB-17: the location a cause the SUT generates carries (Q.850 section 2.2.4: 0 user,
        // 1 private network serving the local user, ...); -1: not judged.
        int user_cause_location = -1;
    } isdn;

    // Tolerances moved to the PIXIT (issue #14); a profile that still carries them is accepted and
    // its values are used where the PIXIT gives none (model::resolve_tolerance).
    struct LegacyTolerance {
        std::optional<Millis> early, late, reply;
    };
    std::optional<LegacyTolerance> legacy_tolerance;

    bool supports(Role r) const;
};

struct ProfileError {
    std::string message;  // one line: "profile x.json: /timers/restart_ms: -5 is not accepted (...)"
};
using ProfileResult = wire::outcome::result<Profile, ProfileError, wire::outcome::policy::terminate>;

// Pure: parses and validates `json`; `source` names it in errors ("cisco-ios.json").
ProfileResult load_profile(std::string_view json, std::string_view source);
// The profiles in model/profiles/, embedded at build time: "rfc-strict", "cisco-ios",
// "pppd-2.4.9", "freebsd-ppp", "windows-ras".
ProfileResult load_bundled_profile(std::string_view name);
std::vector<std::string> bundled_profile_names();

}  // namespace ppp::model
