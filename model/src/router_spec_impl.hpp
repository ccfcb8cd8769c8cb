#pragma once
// The state and rules of RouterSpec (router_spec.hpp), shared by the translation units that hold
// its rules, one per concern: router_spec.cpp (verdict plumbing, time, the public face),
// router_spec_frames.cpp (frames and phases), router_spec_lcp.cpp, router_spec_auth.cpp,
// router_spec_callback.cpp (callback, CBCP, the network phase), router_spec_q931.cpp and
// router_spec_traffic.cpp (DDR and the router's own IP). Private to model/.
#include "ppp/model/router_spec.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <numeric>
#include <optional>
#include <set>
#include <utility>
#include "auth_machine.hpp"
#include "coordinator.hpp"
#include "lcp_rules.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::model {

using detail::Authee;
using detail::AutheeEvent;
using detail::Authr;
using detail::AuthrEvent;
using detail::Cb;
using detail::CbEvent;
using detail::Ddr;
using detail::DdrEvent;
using detail::RuleBreach;
using wire::Bytes;

namespace detail {

inline std::string ms(Millis t) { return std::to_string(t.count()) + " ms"; }
inline std::string bname(int channel) { return "B" + std::to_string(channel); }

// Requirement IDs of an obligation: string literals, kept without allocating; made strings only
// when the obligation is violated or reported.
struct ReqIds {
    std::array<const char*, 4> ids{};
    std::size_t count = 0;
    ReqIds(std::initializer_list<const char*> list) {
        for (const char* id : list)
            if (count < ids.size()) ids[count++] = id;
    }
    std::vector<std::string> list() const {
        return {ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(count)};
    }
};

struct Owed {
    OutputKind kind;
    int channel = 0;
    int id = -1;  // Identifier the output must carry, -1 = any
    Millis not_before{0};
    Millis deadline{0};
    ReqIds reqs;
    std::string what;
    int call_key = -1;  // Q.931 obligations: the call they belong to
    // The packet owed: a DDR-01 delivery on the LAN side, described only when the obligation is
    // reported, so the per-event path formats nothing (DESIGN.md section 8); or an IP-01 Echo-Reply.
    std::optional<wire::Ipv4Packet> delivery;
    // Allowed and expected but not required: silence past the deadline is no violation (an answer
    // the SUT may skip because it may have taken its line down).
    bool optional = false;
    // Code-Reject and Protocol-Reject: the octets the reject must copy (LCP-18): the rejected LCP
    // packet, or the rejected frame's Protocol and Information.
    wire::Bytes rejected;
    std::string text() const {
        return kind == OutputKind::Delivery && delivery ? "delivery of " + wire::describe(*delivery) + " to the LAN side" : what;
    }
};

struct Link {
    int channel = 1;
    int call_key = -1;
    bool return_call = false;
    bool first_call = true;  // a call on which the client may request callback
    bool outgoing = true;    // the SUT placed this call
    bool sut_sent_lcp = false;  // any LCP packet of the SUT's on this link (ISDN-07: LCP Up on connect)
    LcpFsm fsm;
    Millis timer_start{0};
    // The SUT's restart timer as measured from its latest retransmission (FSM-01 lets it lie in the
    // tolerance around the profile's value): when the last one (TO-) fires, no output shows it, so
    // this is the best estimate of when the SUT's counter ran out.
    std::optional<Millis> measured_restart;
    std::optional<Millis> max_configure_ran_out_at;  // FSM-02: the restart counter's last TO-
    // Configure exchange (relations, not values)
    std::optional<wire::LcpPacket> sut_cr;
    bool reply_since_cr = false;
    bool acked_since_cr = false;  // AMB-44: the peer's Configure-Ack of sut_cr already came
    // AMB-44 under a profile that lets the SUT discard a second Ack: taken as RCA only if the SUT's
    // next frame on the link is a new Configure-Request (the scr RCA owes), else discarded.
    std::optional<std::uint8_t> second_ack;
    std::optional<wire::LcpPacket> peer_cr;  // awaiting the SUT's CA/CN/CJ
    bool early_scr = false;                  // SUT sent its CR before deciding RCR+/RCR-
    std::vector<wire::LcpOption> sut_agreed;   // SUT's options the peer acked
    std::vector<wire::LcpOption> peer_agreed;  // peer's options the SUT acked
    std::set<std::uint8_t> rejected_types;     // LCP-07
    std::set<std::uint8_t> types_sut_rejected;  // option types the SUT Configure-Rejected (LCP-07)
    std::optional<std::uint8_t> callback_nak_op;  // AMB-05: the peer Nak'd option 13, hinting this op
    bool callback_rejected = false;  // AMB-05 on_reject: the peer Configure-Rejected option 13, unanswered yet
    std::size_t callback_ops_tried = 1;        // AMB-05 next-op: how many of client_ops were offered
    std::set<std::uint16_t> refused_auth;      // PAP-04: auth protocols the peer refused
    // LCP-15: the peer Nak'd the Authentication-Protocol of the SUT's Request `request_id`,
    // asking for `wanted`; the SUT's next Request answers it.
    struct AuthNak {
        std::uint8_t request_id = 0;
        std::uint16_t refused = 0;
        wire::AuthProtocol wanted;
    };
    std::optional<AuthNak> auth_nak;
    std::set<std::uint16_t> proto_rejected;    // LCP-11
    std::set<std::uint16_t> discarded_while_authenticating;  // PH-03: never Protocol-Rejected
    // Echo-Requests to the SUT that must get no Reply: a broken IP header (IP-02), or a fragment
    // (IP-04), by the Identifier and Sequence Number they carry.
    struct UnansweredEcho {
        std::uint16_t identifier = 0;
        std::uint16_t sequence = 0;
        const char* requirement = "IP-02";
        bool operator==(const UnansweredEcho& o) const { return identifier == o.identifier && sequence == o.sequence; }
    };
    std::deque<UnansweredEcho> unanswered_echoes;
    wire::Bytes stimulus_lcp_info;  // the latest LCP stimulus's Information field (LCP-18)
    int last_code_rej_id = -1;
    int last_proto_rej_id = -1;
    std::uint16_t peer_mru = 1500;
    int sut_tr_id = -1;
    std::optional<Millis> sut_ta_at;  // the SUT's last Terminate-Ack (AMB-02, PH-04)
    // Authentication, per direction (PH-03): the MSM tables of auth_machine.cpp
    detail::Authenticator authr = detail::make_authenticator();   // SUT is the authenticator
    detail::Authenticatee authee = detail::make_authenticatee();  // SUT is authenticated by the peer
    std::uint16_t sut_auth_proto = 0, peer_auth_proto = 0;
    std::optional<wire::ChapPacket> challenge_sent, challenge_rcvd, response_rcvd;
    bool misnumbered_result_rcvd = false;  // a CHAP Success/Failure that answered no Response of the SUT's
    bool verdict_before_response_rcvd = false;  // ... one that came before the SUT's Response (AMB-22)
    bool finished = false;  // tlf happened: the SUT may take the lower layer down (RFC 1661 section 4.4)
    int challenges = 0;
    std::optional<std::uint8_t> result_code;  // code of the SUT's last Success/Failure (CHAP-05)
    std::optional<wire::PapPacket> pap_sent;
    int pap_requests = 0;
    std::string authenticated_name;
    bool auth_complete = false;
    // PH-03 with CHAP-05 (RFC 1994 section 4.1): a direction that has succeeded once stays done for
    // this Authenticate phase. A later Challenge (a duplicate from the network, or a re-challenge)
    // belongs to the Network phase: it owes a Response but does not hold the NCPs back.
    bool authr_passed = false;
    bool authee_passed = false;
    // Callback on this call
    std::optional<wire::Callback> callback;  // agreed option (client: ours acked; server: peer's acked)
    bool no_ncp = false;                      // SEQ-01 region
    bool cbcp_active = false;
    std::optional<wire::CbcpPacket> cbcp_request_sent, cbcp_request_rcvd, cbcp_response;
    int cbcp_requests = 0;  // Callback-Requests the SUT sent on this link (AMB-42)
    Millis cbcp_response_at{0};  // when the latest valid Response reached the answerer (CBCP-04)
    Millis cbcp_last_request{0};
    // Network phase
    bool ipcp_sut_acked = false, ipcp_peer_acked = false;
    std::optional<wire::IpcpPacket> sut_ipcp_cr;
    std::optional<std::uint8_t> address_asked;  // IP-07: the peer's IPCP Request asking for its address
    // IP-08: the peer's latest IPCP Configure-Request, and the one before it with the time the latest
    // came: a reply to the earlier one may cross the latest on the line (a wall-clock SUT).
    std::optional<wire::IpcpPacket> peer_ipcp_cr, earlier_peer_ipcp_cr;
    Millis peer_ipcp_cr_at{0};
    std::optional<Millis> sut_ipcp_cr_answered_at;  // IP-08: when the peer replied to sut_ipcp_cr
    bool invalid_ipcp_ack_rcvd = false;            // IP-08: an Ack of sut_ipcp_cr that alters it came
    // IP-09: the peer's IPCP packet of an unknown code, owed the SUT's Code-Reject (as sent).
    std::optional<wire::Bytes> ipcp_unknown_rcvd;
    std::optional<std::uint8_t> ipcp_term_rcvd;  // IP-09: the peer's IPCP Terminate-Request, owed a Terminate-Ack
    int last_ipcp_code_rej_id = -1;              // IP-09: each IPCP Code-Reject a new Identifier
    // IP-09, RFC 1661 section 4.3: after its Terminate-Ack in Opened (RTR: tld, zrc, sta) IPCP stays
    // in Stopping for one restart interval, where a Configure-Request gets no answer.
    std::optional<Millis> ipcp_stopping_until;
    bool idle_reported = false;
    // DDR-03: each call has its own idle timer (two calls to the peer idle out apart): the last
    // interesting packet this link carried, or the time its network came up.
    Millis last_interesting{0};
    bool pap_credentials_valid = false;
};

struct Call {
    std::uint8_t cref = 0;
    bool sut_allocated = false;
    Q931Call q;
    int channel = 0;
    std::string number;  // called (outgoing) / calling (incoming)
    bool return_call = false;
    Q931Timer timer = Q931Timer::None;
    Millis timer_start{0};
    Millis started{0};
    int attempt = 0;
    std::optional<std::uint8_t> disconnect_cause;  // the SUT's DISCONNECT: its RELEASE repeats it (ISDN-10)
    bool network_cleared = false;                  // the network sent DISCONNECT or RELEASE on this call
    bool failure_counted = false;                  // a call the SUT placed, ended unconnected: DDR-06 runs
    bool tallied = false;                          // counted in dial_tally (AMB-46)
    std::optional<Millis> down_at;                 // its link went down (DISCONNECT sent or received, ISDN-07)
    // Seen as abstract call events (wire/call_event.hpp), not Q.931: `q` stays in U0 and counts no
    // row; the call is in progress from its offer until it is cleared (then erased).
    bool abstract = false;
    bool in_progress() const { return abstract || q.state() != Q931State::U0; }
    // Q.931 section 5.3: DISCONNECT or RELEASE sent or received (U11, U12, U19); its link is down
    // (ISDN-07) and it carries no traffic any more.
    bool clearing() const {
        const Q931State s = q.state();
        return !abstract && (s == Q931State::U11 || s == Q931State::U12 || s == Q931State::U19);
    }
};

inline int call_key_of(std::uint8_t cref, bool sut_allocated) { return (sut_allocated ? 0x100 : 0) | cref; }

// Packet and sequence rules checked outside the state tables: their coverage rows.
struct RuleRow {
    const char* id;
    const char* check;
    // Why no black-box tester can make the oracle count this rule (DESIGN.md section 5); nullptr:
    // reachable. None is marked: every rule row is counted where its check runs.
    const char* unreachable = nullptr;
};
// clang-format off
inline constexpr RuleRow kRules[] = {
    {"FR-04", "FCS of every observed frame"},
    {"FR-11", "protocol number shape of every observed frame; a stimulus of the wrong shape is an unknown protocol"},
    {"LCP-01", "LCP codes 1-7 sent with FF 03 and a 2-octet protocol"},
    {"LCP-02", "observed packets decode, Length within the peer's MRU"},
    {"LCP-18", "Code-Reject and Protocol-Reject copy what they reject"},
    {"LCP-04", "new Request Identifier when options change or a reply arrived"},
    {"LCP-05", "Configure-Ack echoes the Request byte for byte, in order"},
    {"LCP-06", "Configure-Nak: offered options in order, no boolean, hints appended"},
    {"LCP-07", "Configure-Reject: offered options unmodified in order; omitted next time"},
    {"LCP-09", "Terminate-Ack copies the Request's Identifier"},
    {"LCP-10", "Code-Reject only for an unknown code, new Identifier each time"},
    {"LCP-11", "Protocol-Reject only in Opened; a rejected protocol is not sent again"},
    {"LCP-12", "Echo/Discard only in Opened, Echo-Reply copies the Id, Magic field"},
    {"LCP-13", "Time-Remaining only in Opened"},
    {"LCP-15", "one Authentication-Protocol option per Request"},
    {"LCP-16", "Magic-Number 0 refused, looped-back magic Nak'd"},
    {"LCP-17", "no non-LCP packet before LCP Opened"},
    {"FSM-01", "restart timer spacing of retransmissions"},
    {"FSM-02", "Max-Configure and Max-Terminate"},
    {"FSM-03", "Max-Failure: Naks become Rejects"},
    {"PH-03", "no NCP before authentication completes"},
    {"PAP-02", "PAP Request: own credentials, new Identifier"},
    {"PAP-03", "PAP Ack/Nak copies the Id and matches the credentials"},
    {"PAP-04", "CHAP offered before PAP"},
    {"CHAP-02", "new Identifier and Value per Challenge, retry limit"},
    {"CHAP-03", "Response = MD5(Id, secret, challenge); verdict matches the hash"},
    {"CHAP-04", "Success/Failure copies the Response's Identifier"},
    {"CHAP-05", "a repeated Response gets the same code"},
    {"CB-02", "only the client requests the Callback option"},
    {"SEQ-01", "no NCP on the first call once callback was agreed"},
    {"SEQ-02", "no Callback option on the return call"},
    {"CCB-01", "client requests its configured callback operation"},
    {"CCB-02", "server accepts ops 0, 1 and 3"},
    {"CCB-03", "return call to the number bound by callback-server username/dialstring"},
    {"CCB-05", "callback-secure: no return call for an unconfigured user"},
    {"CCB-06", "no retry of a failed return call"},
    {"CCB-08", "no Callback agreement without `ppp callback accept`"},
    {"AMB-02", "callback teardown: LCP TR/TA or DISCONNECT only, wait after TA (profile)"},
    {"AMB-03", "server's answer to op 0 without authentication (profile)"},
    {"AMB-04", "server's answer to a Callback operation it does not accept (profile)"},
    {"AMB-05", "client's next Request after its Callback option was Nak'd or rejected (profile)"},
    {"AMB-06", "Callback Message encoding: digits or NUL-terminated (profile)"},
    {"AMB-16", "authentication direction: none, mutual or callin (profile)"},
    {"AMB-17", "location of the causes the SUT generates (profile)"},
    {"AMB-22", "a CHAP verdict before the SUT's Response: discarded or taken (profile)"},
    {"AMB-43", "return call after a CBCP Delay on a DDR server: also after the enable-timeout (profile)"},
    {"AMB-44", "a second Configure-Ack for one Request: RCA or discarded (profile)"},
    {"AMB-45", "traffic while a call from the peer comes in unauthenticated: held for it or a call of its own"},
    {"AMB-46", "show dialer's call counts, connected calls, dial reasons and timers match the port"},
    {"CBCP-01", "CBCP only after authentication with op 6 agreed"},
    {"CBCP-02", "answerer's Request: at least one option, new Identifier"},
    {"CBCP-03", "caller answers one offered option with the Request's Id"},
    {"CBCP-04", "Callback-Ack echoes the Response"},
    {"DDR-01", "dial and deliver only for interesting traffic"},
    {"DDR-02", "dial the dialer map number"},
    {"DDR-03", "idle disconnect not before idle-timeout"},
    {"DDR-04", "fast-idle disconnect under contention for the BRI"},
    {"DDR-06", "no call before enable-timeout after a disconnect"},
    {"IP-07", "a peer asking IPCP for its address gets a usable one or a Reject"},
    {"IP-08", "IPCP replies copy the Request's Identifier, an Ack its options; new Request Identifiers"},
    {"IP-09", "an IPCP Terminate-Request gets its Terminate-Ack, an unknown IPCP code a Code-Reject copying it"},
    {"ISDN-01", "at most two calls on a BRI"},
    {"ISDN-07", "PPP only on a through-connected B-channel"},
    {"ISDN-09", "STATUS ENQUIRY answered with STATUS #30 and the call state"},
    {"ISDN-10", "RELEASE at T305 expiry repeats the DISCONNECT's cause"},
    {"ISDN-11", "clear collision: RELEASE in Release Request gets no RELEASE COMPLETE"},
    {"ISDN-13", "STATUS ENQUIRY for no call answered with STATUS in the Null state"},
    {"ISDN-14", "no Channel identification in the clearing messages or CONNECT ACKNOWLEDGE the SUT sends"},
};
// clang-format on

inline constexpr std::size_t kRuleCount = std::size(kRules);

// Position of a requirement ID in kRules (kRuleCount if none): a binary search over the IDs sorted
// once, so counting a rule on the per-event path allocates nothing.
// exercise() is called with string literals only: a small per-thread memo by address skips the search.
std::size_t rule_index(const char* id);

// Where each machine's states and rows sit in CoverageCounts, and their names: every machine of
// one kind has the same table, so counts of any number of them add up position by position.
struct CoverageLayout {
    Coverage names;  // every item with 0 hits
    std::size_t lcp_states = 0, q931_states = 0, callback_states = 0, dialer_states = 0, authr_states = 0,
                authee_states = 0;
    std::size_t lcp_rows = 0, q931_rows = 0, callback_rows = 0, dialer_rows = 0, authr_rows = 0, authee_rows = 0,
                rule_rows = 0;
};
const CoverageLayout& coverage_layout();  // router_spec.cpp

inline bool is_ncp_or_data(std::uint16_t protocol) {
    return protocol < 0xC000 && protocol != wire::proto::kLcp;  // NCPs 0x8xxx, network 0x0xxx (RFC 1661 section 2)
}

}  // namespace detail

using detail::bname;
using detail::Call;
using detail::call_key_of;
using detail::is_ncp_or_data;
using detail::kRuleCount;
using detail::kRules;
using detail::Link;
using detail::ms;
using detail::Owed;
using detail::ReqIds;
using detail::rule_index;
using detail::RuleRow;

struct RouterSpec::Impl {
    Role role;
    Profile profile;
    Pixit pixit;
    Millis now{0};
    std::map<int, Link> links;    // by B-channel
    std::map<int, Call> calls;    // by call key
    std::vector<Owed> owed;
    std::vector<Violation> all_violations;
    std::vector<std::string> all_notes;
    Judgement* cur = nullptr;
    detail::Coordinator coord = detail::make_coordinator();
    detail::Dialer dialer = detail::make_dialer();
    // Machines of links and calls already gone, kept as they are: their coverage tables are built
    // only when coverage() is asked for, never on the per-event path.
    std::vector<LcpFsm> retired_lcp;
    std::vector<std::pair<detail::Authenticator, detail::Authenticatee>> retired_auth;
    std::vector<Q931Call> retired_calls;
    // Call keys freed by a clear collision (ISDN-11): no RELEASE COMPLETE may follow for them
    // until the network sends something else on the reference.
    std::set<int> collided_calls;
    // Dialer and callback bookkeeping
    struct Held {  // DDR-07: a packet the dialer holds, since `at`
        wire::Ipv4Packet packet;
        Millis at{0};
    };
    std::vector<Held> hold_queue;
    // DDR-07: packets the dialer has certainly dropped (beyond the hold queue, past its timeout,
    // held for a dial that failed: AMB-48), the latest ones: one of them sent later breaks the rule.
    struct Dropped {
        wire::Ipv4Packet packet;
        std::vector<std::string> requirements;
        std::string why;
    };
    std::deque<Dropped> dropped_packets;
    static constexpr std::size_t kMaxDropped = 64;
    // DDR-06: the enable-timeout follows a disconnect or failure; before the first one there is none,
    // whatever the profile's value (issue #12, D22: no sentinel time that a large value reaches).
    std::optional<Millis> last_clear;
    // Traffic offered within the tolerance of the enable-timeout's end: the SUT's clock may already
    // have run out, so it may dial for it until this time, and need not (DDR-06).
    std::optional<Millis> may_dial_until;
    std::string callback_user;
    std::string callback_number;      // server: where the return call must go
    Millis callback_from{0};          // server: earliest SETUP time (before tolerance)
    // CCB-06: since when both B-channels are in use (ISDN-01), and whether they were while the
    // return call was due: then the server has no free interface for it and gives it up.
    std::optional<Millis> bri_full_since;
    bool return_call_blocked = false;
    void track_bri(Millis at);
    Millis callback_wait{0};          // server: the wait callback_from ends, and its rule
    ReqIds callback_wait_rule{"DDR-06", "AMB-09"};
    Millis callback_deadline{0};
    bool callback_forbidden = false;  // CCB-05: no return call at all
    int return_attempts = 0;
    // The first call's link, callback agreed, went down after the SUT authenticated its peer while
    // its own authentication waited, the only verdict it had answering no Response of its (CHAP-04,
    // AMB-22): a return call after it is the SUT having taken that verdict.
    bool link_down_on_unanswered_verdict = false;
    bool pending_return = false;      // client: waiting for the return call
    Millis pending_until{0};
    std::vector<wire::Ipv4Packet> peer_packets;  // received over PPP, owed to the LAN
    std::array<std::uint64_t, kRuleCount> rule_hits{};  // kRules coverage, by position
    std::optional<Millis> negotiated_delay;           // CBCP Delay, replaces the profile's
    Millis contention_at{0};                          // DDR-04: since when another destination waits
    bool contention_waiting = false;                  // DDR-04: it waits while no call is up yet
    std::set<std::string> other_dials;                // DDR-04: other destinations the SUT may dial
    std::set<int> connected_calls;                    // call keys that reached Active
    // AMB-46: the calls the SUT placed, by dial string, as `show dialer` counts them.
    struct DialTally {
        std::int64_t successes = 0, failures = 0;
        bool last_ok = false;
        Millis last_placed{0}, last_ended{0};  // the latest counted call: its SETUP, its outcome
    };
    std::map<std::string, DialTally> dial_tally;
    std::map<int, Millis> channel_changed;  // B-channel -> when a call came, went or changed state on it
    std::int64_t refused_callbacks = 0;     // AMB-46: users dropped under callback-secure (CCB-05)

    Impl(Role r, Profile p, Pixit x) : role(r), profile(std::move(p)), pixit(std::move(x)) {}

    // ----- router_spec.cpp: verdict plumbing, obligations and time
    void violate(std::vector<std::string> reqs, std::string text);
    void exercise(std::initializer_list<const char*> ids);
    void note(std::string text);
    void breach(const std::optional<RuleBreach>& b);
    // Fires one event of a table machine; an event its table has no row for is a finding (note).
    template <class M, class E>
    void fire(M& machine, E event, const char* which, std::uint32_t facts = 0) {
        const auto from = machine.state();
        if (!machine.fire(event, facts).legal)
            note(std::string(which) + ": no row for \"" + machine.name(event) + "\" in " + machine.name(from));
    }
    void coordinate(CbEvent event) { fire(coord, event, "callback coordinator"); }
    void dial(DdrEvent event, std::uint32_t facts = 0);
    std::optional<Millis> enable_timeout_end() const;
    bool enable_timeout_runs(Millis slack) const;
    bool drops_in_enable_timeout();
    void hold(const wire::Ipv4Packet& packet);  // DDR-07
    // DDR-07: the held packets whose hold-queue timeout has certainly run out are dropped.
    void expire_held();
    // DDR-07: the hold queue's timeout runs out for a packet held since `at` within the tolerance
    // of `by`, so whether the dialer still holds it then cannot be told.
    bool expiry_uncertain(Millis at, Millis by) const;
    void drop_for_good(const wire::Ipv4Packet& packet, std::vector<std::string> requirements, std::string why);
    // A packet the SUT sends that it had dropped for good: the violation, or false.
    bool sent_after_drop(const Link& link, const wire::Ipv4Packet& packet);
    std::string since_last_clear() const { return last_clear ? ms(now - *last_clear) : std::string("no disconnect"); }
    Millis reply_by() const { return now + pixit.tolerance.reply; }
    void owe(OutputKind kind, int channel, int id, Millis deadline, ReqIds reqs, std::string what,
             int call_key = -1, Millis not_before = Millis{0});
    std::optional<Owed> take(OutputKind kind, int channel, int call_key = -1);
    void drop_owed(OutputKind kind, int channel);
    void drop_request_wait(const Link& link);
    void drop_channel(int channel);
    void expire(Millis t);
    void handle_due(int kind, int which);
    void after_missed(const Owed& o);
    Millis call_timer_due(const Call& call) const;  // when the call's running timer expires
    static Q931Event timer_event(Q931Timer t);
    // ----- router_spec_frames.cpp: frames, phases, dispatch
    void on_frame(const wire::PortMessage& f, bool obs);
    bool phase_allows(Link& link, std::uint16_t protocol, bool obs);
    bool network_on_response(const Link& link) const;
    static std::string hex16(std::uint16_t v);
    void packet(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p, bool obs);
    void packet(Link& link, const wire::PppFrame&, const wire::ChapPacket& p, bool obs);
    void packet(Link& link, const wire::PppFrame&, const wire::PapPacket& p, bool obs);
    void packet(Link& link, const wire::PppFrame&, const wire::CbcpPacket& p, bool obs);
    void packet(Link& link, const wire::PppFrame&, const wire::IpcpPacket& p, bool obs);
    void packet(Link& link, const wire::PppFrame& frame, const wire::UnknownProtocol& p, bool obs);
    // ----- router_spec_lcp.cpp: LCP per B-channel
    void apply(Link& link, const LcpStep& step, int consumed_action, int reply_id = -1);
    void this_layer_up(Link& link);
    void this_layer_down(Link& link);
    void this_layer_finished(Link& link);
    bool answer_after_tlf_is_optional(const Link& link, const LcpStep& step) const;
    void check_rejected_copy(const Link& link, const char* what, const wire::Bytes& rejected, const wire::Bytes& carried,
                             std::size_t whole, const char* requirement = "LCP-18");
    void check_auth_after_nak(Link& link, const wire::LcpPacket& p);
    static std::size_t lcp_length(const wire::Bytes& packet);
    void settle_second_ack(Link& link, bool configure_request);
    void observe_lcp(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p);
    void check_magic_field(Link& link, const wire::LcpPacket& p);
    void observe_cr(Link& link, const wire::LcpPacket& p);
    void observe_reply(Link& link, const wire::LcpPacket& p);
    void observe_tr(Link& link, const wire::LcpPacket& p);
    void stimulus_lcp(Link& link, const wire::LcpPacket& p);
    // ----- router_spec_auth.cpp: PAP and CHAP
    void auth_down(Link& link);
    void check_auth_complete(Link& link);
    std::string secret_for(const std::string& name) const;
    void observe_chap(Link& link, const wire::ChapPacket& p);
    bool response_good(const Link& link, const wire::ChapPacket& r) const;
    void owe_retransmission(Link& link, OutputKind kind, int sent, const char* req, const std::string& what);
    void check_retransmission_time(const std::optional<Owed>& owed_try, const char* req, const std::string& what);
    void check_cbcp_started(const Link& link);
    void check_ie_coding(const wire::Q931Message& msg);
    void check_auth_retries_not_cut_short(const Link& link);
    void auth_failed(Link& link, const char* req);
    void stimulus_chap(Link& link, const wire::ChapPacket& p);
    void observe_pap(Link& link, const wire::PapPacket& p);
    void stimulus_pap(Link& link, const wire::PapPacket& p);
    // ----- router_spec_callback.cpp: callback, CBCP, the network phase
    void on_authenticated(Link& link);
    void network_phase(Link& link);
    void check_callback_message(const wire::Callback& cb);
    void check_auth_direction(const Link& link, const wire::LcpPacket& p);
    void check_op0_without_auth(const Link& link, const wire::Callback& cb, const wire::LcpPacket& reply);
    void check_callback_after_nak(Link& link, const wire::Callback* cb);
    void check_unsupported_op(const Link& link, const wire::Callback& cb, const wire::LcpPacket& reply);
    void check_callback_after_reject(Link& link, const wire::LcpPacket& sent);
    void observe_cbcp(Link& link, const wire::CbcpPacket& p);
    void stimulus_cbcp(Link& link, const wire::CbcpPacket& p);
    void cbcp_done(Link& link, std::uint8_t type, const wire::CbcpPacket& response);
    void observe_ipcp(Link& link, const wire::IpcpPacket& p);
    void stimulus_ipcp(Link& link, const wire::IpcpPacket& p);
    static bool network_up(const Link& link) { return link.ipcp_sut_acked && link.ipcp_peer_acked; }
    // PH-03: the SUT is configured (PIXIT) to authenticate its peer on this call (AMB-16), the peer
    // Configure-Rejected the Authentication-Protocol and no authentication of it passed since.
    bool required_auth_refused(const Link& link) const {
        const bool asks_here = profile.auth.mode != AuthMode::None && (profile.auth.mode != AuthMode::Callin || !link.outgoing);
        return !pixit.auth_methods.empty() && asks_here && !link.authr_passed &&
               link.rejected_types.count(wire::lcp_opt::kAuthProtocol) > 0;
    }
    // The Network phase (RFC 1661 section 3.6): LCP Opened, authentication done, no CBCP exchange.
    static bool in_network_phase(const Link& link) {
        return link.fsm.state() == LcpState::Opened && link.auth_complete && !link.no_ncp && !link.cbcp_active;
    }
    void maybe_network_up(Link& link);
    bool sent_on_another_destinations_link(const Link& link, const wire::Ipv4Packet& p);
    void settle_ipcp(const Link& link, int id);
    bool drop_owed_on(int channel) const;
    void check_hangup(const Call& call);
    void satisfy_drop(int channel);
    // ----- router_spec_q931.cpp: call control
    void on_q931(const wire::PortMessage& d, bool obs);
    void status_procedure(const wire::Q931Message& msg, int key, bool obs);
    static std::optional<Q931Event> q931_event(wire::Q931Type t, bool obs);
    int busy_calls() const;
    int channels_in_use() const;  // DDR-04: B-channels a destination waiting would find taken (AMB-23)
    bool peer_call_in_progress() const;
    bool unbound_incoming_call() const;
    bool owes_status(int key) const;
    void judge_address_given(const wire::IpcpPacket& reply);
    void judge_ipcp_reply(const Link& link, const wire::IpcpPacket& reply);
    bool is_other_destination(const std::string& number) const;  // a number of another dialer map (DDR-04)
    bool observe_setup(const wire::Q931Message& msg);
    // The SUT dials `called` (empty and !number_shown: the evidence does not show the number).
    void judge_dial(const std::string& called, bool number_shown);
    void incoming_setup(Call& call, int key, const wire::Q931Message& msg);
    void check_own_cause_location(const wire::Q931Message& msg);
    void consume_q931(Call& call, int key, Q931Event ev, const wire::Q931Message& msg);
    // `number` the one it called; `return_call` whether it was a return call.
    void call_failed(int cause, const std::string& number, bool return_call);
    void tally_dial(Call& call, bool connected);  // AMB-46
    void judge_dialer_report(const DialerReport& report);
    bool was_connected(int key) const { return connected_calls.count(key) > 0; }
    void q931_apply(int key, const Q931Step& step, int /*consumed*/);
    void channel_up(Call& call, int key);
    void open_link(int ch, int key, bool return_call, bool outgoing);
    void check_lcp_started(const Call& call, int key, const wire::Q931Message& msg);
    void check_negotiation_not_cut_short(const Call& call, int key, const wire::Q931Message& msg);
    void channel_down(Call& call, int key);
    void retire_link(int ch);
    void call_gone(int key);
    // ----- router_spec_calls.cpp: abstract call events (no Q.931 seen)
    void on_call_event(const wire::PortMessage& m, bool obs);
    void call_offered(const wire::CallEvent& e, bool obs);
    void call_connected(int channel);
    void call_cleared(int channel, const wire::CallEvent& e, bool obs);
    void callback_reported(int channel, const wire::CallEvent& e, bool obs);
    int abstract_call_on(int channel) const;  // its key, or -1
    int next_abstract_call = 0;
    // ----- router_spec_traffic.cpp: DDR and the router's own IP
    void packet(Link& link, const wire::PppFrame& frame, const wire::Ipv4Packet& p, bool obs);
    void owe_echo_reply(Link& link, const wire::Ipv4Packet& request, const wire::Bytes& datagram);
    void remember_unanswered_echo(Link& link, const wire::Bytes& datagram, const char* requirement);
    bool judge_echo_reply(Link& link, const wire::Ipv4Packet& p);
    // DDR-04: another destination waits for the BRI.
    bool contended() const { return dialer.in(Ddr::Contended); }
    // The restart timer as the profile gives it: "3000 ms", or a range (AMB-30) "2000-5000 ms".
    std::string restart_text() const {
        const Millis latest = profile.lcp.latest_restart();
        return latest == profile.lcp.restart ? ms(latest) : std::to_string(profile.lcp.restart.count()) + "-" + ms(latest);
    }
    Millis idle_deadline(const Link& link) const;
    void idle_check(const Call& call, const wire::Q931Message&);
    void idle_close_check(const Link& link, const char* what);
    void on_offered(const wire::Ipv4Packet& packet);
    void other_destination(const std::string& number);
    void wait_for_channel();
    void on_delivered(const wire::Ipv4Packet& packet);
};

}  // namespace ppp::model
