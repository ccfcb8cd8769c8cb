// RouterSpec: the composed oracle of one router port (DESIGN.md sections 2, 5).
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

bool Judgement::violates(const std::string& requirement) const {
    return std::find(requirements.begin(), requirements.end(), requirement) != requirements.end();
}

const char* output_kind_name(OutputKind kind) {
    static constexpr const char* names[] = {
        "LCP Configure-Request", "LCP Configure-Ack", "LCP Configure-Nak/Reject", "LCP Terminate-Request",
        "LCP Terminate-Ack", "LCP Code-Reject", "LCP Protocol-Reject", "LCP Echo-Reply", "PAP Authenticate-Request",
        "PAP Ack/Nak", "CHAP Challenge", "CHAP Response", "CHAP Success/Failure", "CBCP Callback-Request",
        "CBCP Callback-Response", "CBCP Callback-Ack", "IPCP packet", "IP datagram", "Q.931 SETUP",
        "Q.931 CALL PROC", "Q.931 ALERTING", "Q.931 CONNECT", "Q.931 CONNECT ACK", "Q.931 DISCONNECT",
        "Q.931 RELEASE", "Q.931 RELEASE COMPLETE", "LAN delivery", "call teardown (LCP TR or DISCONNECT)",
        "Q.931 STATUS", "ICMP Echo-Reply"};
    return names[static_cast<std::size_t>(kind)];
}

namespace {

std::string ms(Millis t) { return std::to_string(t.count()) + " ms"; }
std::string bname(int channel) { return "B" + std::to_string(channel); }

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
    LcpFsm fsm;
    Millis timer_start{0};
    // The SUT's restart timer as measured from its latest retransmission (FSM-01 lets it lie in the
    // tolerance around the profile's value): when the last one (TO-) fires, no output shows it, so
    // this is the best estimate of when the SUT's counter ran out.
    std::optional<Millis> measured_restart;
    // Configure exchange (relations, not values)
    std::optional<wire::LcpPacket> sut_cr;
    bool reply_since_cr = false;
    std::optional<wire::LcpPacket> peer_cr;  // awaiting the SUT's CA/CN/CJ
    bool early_scr = false;                  // SUT sent its CR before deciding RCR+/RCR-
    std::vector<wire::LcpOption> sut_agreed;   // SUT's options the peer acked
    std::vector<wire::LcpOption> peer_agreed;  // peer's options the SUT acked
    std::set<std::uint8_t> rejected_types;     // LCP-07
    std::optional<std::uint8_t> callback_nak_op;  // AMB-05: the peer Nak'd option 13, hinting this op
    std::size_t callback_ops_tried = 1;        // AMB-05 next-op: how many of client_ops were offered
    std::set<std::uint16_t> refused_auth;      // PAP-04: auth protocols the peer refused
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
    std::uint16_t peer_mru = 1500;
    int sut_tr_id = -1;
    std::optional<Millis> sut_ta_at;  // the SUT's last Terminate-Ack (AMB-02, PH-04)
    // Authentication, per direction (PH-03): the MSM tables of auth_machine.cpp
    detail::Authenticator authr = detail::make_authenticator();   // SUT is the authenticator
    detail::Authenticatee authee = detail::make_authenticatee();  // SUT is authenticated by the peer
    std::uint16_t sut_auth_proto = 0, peer_auth_proto = 0;
    std::optional<wire::ChapPacket> challenge_sent, challenge_rcvd, response_rcvd;
    bool misnumbered_result_rcvd = false;  // a CHAP Success/Failure that answered no Response of the SUT's
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
    Millis cbcp_last_request{0};
    // Network phase
    bool ipcp_sut_acked = false, ipcp_peer_acked = false;
    std::optional<wire::IpcpPacket> sut_ipcp_cr;
    bool idle_reported = false;
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
};

int call_key_of(std::uint8_t cref, bool sut_allocated) { return (sut_allocated ? 0x100 : 0) | cref; }

// Packet and sequence rules checked outside the state tables: their coverage rows.
struct RuleRow {
    const char* id;
    const char* check;
};
// clang-format off
constexpr RuleRow kRules[] = {
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
    {"AMB-06", "Callback Message encoding: digits or NUL-terminated (profile)"},
    {"AMB-16", "authentication direction: none, mutual or callin (profile)"},
    {"AMB-17", "location of the causes the SUT generates (profile)"},
    {"CBCP-01", "CBCP only after authentication with op 6 agreed"},
    {"CBCP-02", "answerer's Request: at least one option, new Identifier"},
    {"CBCP-03", "caller answers one offered option with the Request's Id"},
    {"CBCP-04", "Callback-Ack echoes the Response"},
    {"DDR-01", "dial and deliver only for interesting traffic"},
    {"DDR-02", "dial the dialer map number"},
    {"DDR-03", "idle disconnect not before idle-timeout"},
    {"DDR-04", "fast-idle disconnect under contention for the BRI"},
    {"DDR-06", "no call before enable-timeout after a disconnect"},
    {"ISDN-01", "at most two calls on a BRI"},
    {"ISDN-07", "PPP only on a through-connected B-channel"},
    {"ISDN-09", "STATUS ENQUIRY answered with STATUS #30 and the call state"},
    {"ISDN-10", "RELEASE at T305 expiry repeats the DISCONNECT's cause"},
    {"ISDN-11", "clear collision: RELEASE in Release Request gets no RELEASE COMPLETE"},
};
// clang-format on

constexpr std::size_t kRuleCount = std::size(kRules);

// Position of a requirement ID in kRules (kRuleCount if none): a binary search over the IDs sorted
// once, so counting a rule on the per-event path allocates nothing.
// exercise() is called with string literals only: a small per-thread memo by address skips the search.
std::size_t rule_index(const char* id) {
    thread_local std::array<std::pair<const char*, std::size_t>, 64> memo{};
    auto& slot = memo[(reinterpret_cast<std::uintptr_t>(id) >> 3) & 63U];
    if (slot.first == id) return slot.second;
    static const std::array<std::size_t, kRuleCount> sorted = [] {
        std::array<std::size_t, kRuleCount> out{};
        std::iota(out.begin(), out.end(), std::size_t{0});
        std::sort(out.begin(), out.end(), [](std::size_t a, std::size_t b) { return std::strcmp(kRules[a].id, kRules[b].id) < 0; });
        return out;
    }();
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                                     [](std::size_t i, const char* v) { return std::strcmp(kRules[i].id, v) < 0; });
    slot = {id, it != sorted.end() && std::strcmp(kRules[*it].id, id) == 0 ? *it : kRuleCount};
    return slot.second;
}

bool is_ncp_or_data(std::uint16_t protocol) {
    return protocol < 0xC000 && protocol != wire::proto::kLcp;  // NCPs 0x8xxx, network 0x0xxx (RFC 1661 section 2)
}

}  // namespace

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
    std::vector<wire::Ipv4Packet> hold_queue;
    Millis last_interesting{0};
    // DDR-06: the enable-timeout follows a disconnect or failure; before the first one there is none,
    // whatever the profile's value (issue #12, D22: no sentinel time that a large value reaches).
    std::optional<Millis> last_clear;
    // Traffic offered within the tolerance of the enable-timeout's end: the SUT's clock may already
    // have run out, so it may dial for it until this time, and need not (DDR-06).
    std::optional<Millis> may_dial_until;
    std::string callback_user;
    std::string callback_number;      // server: where the return call must go
    Millis callback_from{0};          // server: earliest SETUP time (before tolerance)
    Millis callback_deadline{0};
    bool callback_forbidden = false;  // CCB-05: no return call at all
    int return_attempts = 0;
    bool pending_return = false;      // client: waiting for the return call
    Millis pending_until{0};
    std::vector<wire::Ipv4Packet> peer_packets;  // received over PPP, owed to the LAN
    std::array<std::uint64_t, kRuleCount> rule_hits{};  // kRules coverage, by position
    std::optional<Millis> negotiated_delay;           // CBCP Delay, replaces the profile's
    Millis contention_at{0};                          // DDR-04: since when another destination waits
    std::set<std::string> other_dials;                // DDR-04: other destinations the SUT may dial

    Impl(Role r, Profile p, Pixit x) : role(r), profile(std::move(p)), pixit(std::move(x)) {}

    // ----- verdict plumbing -------------------------------------------------------------------
    void violate(std::vector<std::string> reqs, std::string text) {
        Violation v{now, std::move(reqs), std::move(text)};
        all_violations.push_back(v);
        if (cur) {
            cur->conforming = false;
            for (const auto& r : v.requirements)
                if (!cur->violates(r)) cur->requirements.push_back(r);
            cur->explanation += (cur->explanation.empty() ? "" : "\n") + std::string("[") +
                                [&] {
                                    std::string ids;
                                    for (const auto& r : v.requirements) ids += (ids.empty() ? "" : ",") + r;
                                    return ids;
                                }() +
                                "] at " + ms(now) + ": " + v.explanation;
            cur->violations.push_back(v);
        }
    }
    void exercise(std::initializer_list<const char*> ids) {
        for (const char* id : ids)
            if (const std::size_t i = rule_index(id); i < kRuleCount) ++rule_hits[i];
    }
    void note(std::string text) {
        all_notes.push_back(text);
        if (cur) cur->notes.push_back(std::move(text));
    }
    void breach(const std::optional<RuleBreach>& b) {
        if (b) violate(b->requirements, b->text);
    }
    // Fires one event of a table machine; an event its table has no row for is a finding (note).
    template <class M, class E>
    void fire(M& machine, E event, const char* which) {
        const auto from = machine.state();
        if (!machine.fire(event).legal)
            note(std::string(which) + ": no row for \"" + machine.name(event) + "\" in " + machine.name(from));
    }
    void coordinate(CbEvent event) { fire(coord, event, "callback coordinator"); }
    // DDR-06: the enable-timeout ends by itself; the dialer leaves Disabled before its next event.
    void dial(DdrEvent event) {
        if (dialer.in(Ddr::Disabled) && event != DdrEvent::EnableExpired && !enable_timeout_runs(Millis{0}))
            fire(dialer, DdrEvent::EnableExpired, "dialer");
        fire(dialer, event, "dialer");
    }
    // DDR-06: when the line becomes usable again after the last disconnect; none before the first.
    std::optional<Millis> enable_timeout_end() const {
        if (!last_clear) return std::nullopt;
        return *last_clear + profile.dialer.enable_timeout;
    }
    // Whether the enable-timeout still runs `slack` before its end (the tolerance a real SUT gets).
    bool enable_timeout_runs(Millis slack) const {
        const std::optional<Millis> end = enable_timeout_end();
        return end && now < *end - slack;
    }
    std::string since_last_clear() const { return last_clear ? ms(now - *last_clear) : std::string("no disconnect"); }

    Millis reply_by() const { return now + pixit.tolerance.reply; }
    void owe(OutputKind kind, int channel, int id, Millis deadline, ReqIds reqs, std::string what,
             int call_key = -1, Millis not_before = Millis{0}) {
        owed.push_back({kind, channel, id, not_before, deadline, reqs, std::move(what), call_key, std::nullopt, false, {}});
    }
    // Removes and returns the first obligation of that kind on that channel.
    std::optional<Owed> take(OutputKind kind, int channel, int call_key = -1) {
        for (auto it = owed.begin(); it != owed.end(); ++it) {
            if (it->kind == kind && it->channel == channel && (call_key < 0 || it->call_key < 0 || it->call_key == call_key)) {
                Owed o = std::move(*it);
                owed.erase(it);
                return o;
            }
        }
        return std::nullopt;
    }
    void drop_owed(OutputKind kind, int channel) {
        owed.erase(std::remove_if(owed.begin(), owed.end(), [&](const Owed& o) { return o.kind == kind && o.channel == channel; }),
                   owed.end());
    }
    // AMB-41: the answerer's first Request ends the caller's wait for it.
    void drop_request_wait(const Link& link) {
        owed.erase(std::remove_if(owed.begin(), owed.end(),
                                  [&](const Owed& o) {
                                      if (o.kind != OutputKind::DropCall || o.channel != link.channel) return false;
                                      const auto ids = o.reqs.list();
                                      return std::find(ids.begin(), ids.end(), "AMB-41") != ids.end();
                                  }),
                   owed.end());
    }
    void drop_channel(int channel) {
        owed.erase(std::remove_if(owed.begin(), owed.end(),
                                  [&](const Owed& o) { return o.channel == channel && o.kind != OutputKind::DropCall; }),
                   owed.end());
    }

    // ----- time --------------------------------------------------------------------------------
    // Lets time pass up to `t`, handling every due item in time order: restart timers (FSM-01/02),
    // the SUT's Q.931 timers, obligations past their deadline, callback and idle timers.
    void expire(Millis t) {
        enum class Due { None, LinkTimer, CallTimer, Obligation, ReturnCall, Hold, Idle };
        for (int guard = 0; guard < 100000; ++guard) {
            Due kind = Due::None;
            Millis best{0};
            int which = -1;
            auto consider = [&](bool fires, Millis at, Due k, int w) {
                if (fires && (kind == Due::None || at < best)) {
                    kind = k;
                    best = at;
                    which = w;
                }
            };
            for (const auto& [ch, link] : links) {
                if (!link.fsm.timer_running()) continue;
                const Millis expiry = link.timer_start + profile.lcp.restart;
                if (link.fsm.restart_counter() == 0) {
                    const Millis last = link.timer_start + link.measured_restart.value_or(profile.lcp.restart);
                    consider(last <= t, last, Due::LinkTimer, ch);
                }
                else consider(expiry + pixit.tolerance.late < t, expiry + pixit.tolerance.late, Due::LinkTimer, ch);
            }
            for (const auto& [key, call] : calls)
                if (call.timer != Q931Timer::None) {
                    const Millis at = call.timer_start + timer_length(call.timer);
                    consider(at <= t, at, Due::CallTimer, key);
                }
            for (std::size_t i = 0; i < owed.size(); ++i)
                consider(owed[i].deadline < t, owed[i].deadline, Due::Obligation, static_cast<int>(i));
            if (coord.state() == Cb::Pending && !callback_forbidden && callback_deadline.count() > 0)
                consider(callback_deadline < t, callback_deadline, Due::ReturnCall, 0);
            if (coord.state() == Cb::AwaitReturn && profile.callback.hold_timeout.count() > 0)
                consider(pending_until < t, pending_until, Due::Hold, 0);
            if (profile.dialer.enabled)
                for (const auto& [ch, link] : links)
                    if (link.ipcp_sut_acked && link.ipcp_peer_acked && !link.idle_reported) {
                        const Millis due = idle_deadline() + pixit.tolerance.late;
                        consider(due < t, due, Due::Idle, ch);
                    }
            if (kind == Due::None) return;
            const Millis saved = now;
            now = std::max(best, saved);
            handle_due(static_cast<int>(kind), which);
            now = std::max(now, saved);
        }
    }

    void handle_due(int kind, int which) {
        switch (kind) {
            case 1: {  // restart timer of the link on B-channel `which`
                Link& link = links.at(which);
                if (link.fsm.restart_counter() == 0) {
                    apply(link, link.fsm.fire(LcpEvent::TimeoutMinus), -1);
                    break;
                }
                const Millis expiry = link.timer_start + profile.lcp.restart;
                const LcpState st = link.fsm.state();
                const bool terminating = st == LcpState::Closing || st == LcpState::Stopping;
                exercise({"FSM-01"});
                violate({"FSM-01", "FSM-02"},
                        std::string("expected a ") + (terminating ? "Terminate" : "Configure") + "-Request retransmission on " +
                            bname(which) + " by " + ms(expiry + pixit.tolerance.late) + " (restart timer " +
                            ms(profile.lcp.restart) + " from " + ms(link.timer_start) + ", " +
                            std::to_string(link.fsm.restart_counter()) + " transmissions left), observed silence");
                apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), -1);
                // The missed retransmission is not owed twice; the timer restarts from its expiry.
                drop_owed(terminating ? OutputKind::LcpTermReq : OutputKind::LcpConfReq, which);
                link.timer_start = expiry;
                break;
            }
            case 2: {  // a Q.931 timer of the SUT: its expiry makes the SUT owe a message
                Call& call = calls.at(which);
                const Q931Timer timer = call.timer;
                call.timer = Q931Timer::None;
                q931_apply(which, call.q.fire(timer_event(timer)), -1);
                break;
            }
            case 3: {
                const Owed o = owed[static_cast<std::size_t>(which)];
                owed.erase(owed.begin() + which);
                if (o.optional) {
                    note("no " + o.text() + " by " + ms(o.deadline) + ": allowed, the SUT may have taken its line down");
                    break;
                }
                violate(o.reqs.list(), "expected " + o.text() + " by " + ms(o.deadline) + ", observed silence");
                after_missed(o);
                break;
            }
            case 4:
                violate({"CCB-04", "DDR-06"}, "expected the return call (SETUP to " + callback_number + ") by " + ms(callback_deadline) +
                                                 " (delay " + ms(profile.callback.delay) + " after the first call cleared), observed silence");
                coordinate(CbEvent::CallbackExpired);
                break;
            case 5:
                pending_return = false;
                coordinate(CbEvent::HoldExpired);
                hold_queue.clear();
                break;
            case 6: {
                Link& link = links.at(which);
                if (contended())
                    violate({"DDR-04"}, "expected DISCONNECT on " + bname(which) + " by " + ms(now) + " (fast-idle " +
                                            ms(profile.dialer.fast_idle) + ": another destination waits since " + ms(contention_at) +
                                            ", the last interesting packet was at " + ms(last_interesting) + "), observed the call kept");
                else
                    violate({"DDR-03"}, "expected DISCONNECT on " + bname(which) + " by " + ms(now) + " (idle-timeout " +
                                        ms(profile.dialer.idle_timeout) + " since the last interesting packet at " +
                                        ms(last_interesting) + "), observed the call kept");
                link.idle_reported = true;
                break;
            }
            default: break;
        }
    }

    void after_missed(const Owed& o) {
        // Keep the model going as if the owed output had been seen where that is harmless.
        if (o.kind == OutputKind::LcpConfNakOrRej || o.kind == OutputKind::LcpConfAck) {
            if (auto it = links.find(o.channel); it != links.end()) it->second.peer_cr.reset();
        }
    }

    Millis timer_length(Q931Timer t) const {
        switch (t) {
            case Q931Timer::T303: return profile.isdn.t303;
            case Q931Timer::T305: return profile.isdn.t305;
            case Q931Timer::T308: return profile.isdn.t308;
            case Q931Timer::T310: return std::min(profile.isdn.t310, profile.dialer.wait_for_carrier);
            case Q931Timer::T313: return profile.isdn.t313;
            case Q931Timer::None: break;
        }
        return Millis{0};
    }
    static Q931Event timer_event(Q931Timer t) {
        switch (t) {
            case Q931Timer::T303: return Q931Event::T303;
            case Q931Timer::T305: return Q931Event::T305;
            case Q931Timer::T308: return Q931Event::T308;
            case Q931Timer::T310: return Q931Event::T310;
            default: return Q931Event::T313;
        }
    }

    // ----- LCP actions -> obligations ------------------------------------------------------------
    // `consumed`: the observed output that caused this step (it is not owed again).
    void apply(Link& link, const LcpStep& step, int consumed_action, int reply_id = -1) {
        if (!step.legal) {
            note("FSM-05: " + std::string(lcp_event_name(step.event)) + " is illegal in " + lcp_state_name(step.from) +
                 " on " + bname(link.channel) + " (no transition)");
            return;
        }
        if (step.crossed) note("FSM-07: crossed connection on " + bname(link.channel) + " (" + step.cell + ")");
        bool consumed_done = false;
        for (LcpAction a : step.actions) {
            const bool is_consumed = !consumed_done && static_cast<int>(a) == consumed_action;
            if (is_consumed) consumed_done = true;
            switch (a) {
                case LcpAction::scr:
                    if (is_consumed || (link.early_scr && (link.early_scr = false, true))) {
                        link.timer_start = now;
                    } else {
                        link.timer_start = now;
                        // FSM-08: a Request in Opened restarts our own negotiation too.
                        owe(OutputKind::LcpConfReq, link.channel, -1, reply_by(),
                            step.from == LcpState::Opened ? ReqIds{"FSM-08", "FSM-02"} : ReqIds{"FSM-02"},
                            "Configure-Request on " + bname(link.channel) + " (" + step.cell + ")");
                    }
                    break;
                case LcpAction::str:
                    link.timer_start = now;
                    if (!is_consumed)
                        owe(OutputKind::LcpTermReq, link.channel, -1, reply_by(), {"FSM-02"},
                            "Terminate-Request on " + bname(link.channel) + " (" + step.cell + ")");
                    break;
                case LcpAction::zrc: link.timer_start = now; break;
                case LcpAction::sta:
                    if (!is_consumed) {
                        owe(OutputKind::LcpTermAck, link.channel, reply_id, reply_by(), {"LCP-09"},
                            "Terminate-Ack id=" + std::to_string(reply_id) + " on " + bname(link.channel) + " (" + step.cell + ")");
                        if (answer_after_tlf_is_optional(link, step)) owed.back().optional = true;
                    }
                    break;
                case LcpAction::scj:
                    owe(OutputKind::LcpCodeRej, link.channel, -1, reply_by(), {"LCP-10"},
                        "Code-Reject on " + bname(link.channel) + " (" + step.cell + ")");
                    owed.back().rejected = link.stimulus_lcp_info;
                    if (answer_after_tlf_is_optional(link, step)) owed.back().optional = true;
                    break;
                case LcpAction::ser:
                    owe(OutputKind::LcpEchoReply, link.channel, reply_id, reply_by(), {"LCP-12"},
                        "Echo-Reply id=" + std::to_string(reply_id) + " on " + bname(link.channel));
                    break;
                case LcpAction::tlu: this_layer_up(link); break;
                case LcpAction::tld: this_layer_down(link); break;
                case LcpAction::tlf: this_layer_finished(link); break;
                default: break;
            }
        }
    }

    void this_layer_up(Link& link) {
        // PH-02 -> Authenticate (PH-03): who authenticates whom follows from the agreed options.
        link.finished = false;
        link.auth_complete = link.authr_passed = link.authee_passed = false;
        if (!link.authr.in(Authr::Idle) || !link.authee.in(Authee::Idle)) auth_down(link);
        link.sut_auth_proto = link.peer_auth_proto = 0;  // a renegotiation may drop authentication
        if (const auto* a = detail::find_auth(link.sut_agreed)) {
            fire(link.authr, a->protocol == wire::proto::kChap ? AuthrEvent::StartChap : AuthrEvent::StartPap, "authenticator");
            link.sut_auth_proto = a->protocol;
            if (a->protocol == wire::proto::kChap)
                owe(OutputKind::ChapChallenge, link.channel, -1, reply_by(), {"CHAP-02", "PH-03"},
                    "CHAP Challenge on " + bname(link.channel));
        }
        if (const auto* a = detail::find_auth(link.peer_agreed)) {
            fire(link.authee, a->protocol == wire::proto::kChap ? AutheeEvent::StartChap : AutheeEvent::StartPap, "authenticatee");
            link.peer_auth_proto = a->protocol;
            if (a->protocol == wire::proto::kPap)
                owe(OutputKind::PapRequest, link.channel, -1, reply_by(), {"PAP-02", "PH-03"},
                    "PAP Authenticate-Request on " + bname(link.channel));
        }
        // Callback agreement: client = peer acked our option; server = we acked the peer's.
        const wire::Callback* cb = role == Role::Client ? detail::find_callback(link.sut_agreed) : detail::find_callback(link.peer_agreed);
        if (cb && !link.return_call) {
            link.callback = *cb;
            link.no_ncp = true;
            if (coord.state() == Cb::FirstCall) coordinate(CbEvent::CallbackAgreed);
            // FSM-08: a renegotiation brought the Callback option back before authentication.
            else if (coord.state() == Cb::NoCallback && !callback_forbidden) coordinate(CbEvent::RenegotiatedWithCallback);
        } else if (!link.return_call) {
            if (coord.state() == Cb::Agreed && link.callback) {
                // FSM-08: a renegotiation in Opened dropped the Callback option: an ordinary call now.
                coordinate(CbEvent::RenegotiatedWithoutCallback);
                link.callback.reset();
                link.no_ncp = false;
            }
            if (coord.state() == Cb::FirstCall) coordinate(CbEvent::CallbackRefused);
        }
        check_auth_complete(link);
    }

    void this_layer_down(Link& link) {
        link.auth_complete = link.authr_passed = link.authee_passed = false;
        auth_down(link);
        link.ipcp_sut_acked = link.ipcp_peer_acked = false;
        drop_owed(OutputKind::ChapChallenge, link.channel);
        drop_owed(OutputKind::PapRequest, link.channel);
        drop_owed(OutputKind::IpDatagram, link.channel);
    }

    // PH-03: tld ends the Authenticate phase in both directions.
    void auth_down(Link& link) {
        fire(link.authr, AuthrEvent::Down, "authenticator");
        fire(link.authee, AutheeEvent::Down, "authenticatee");
    }

    void this_layer_finished(Link& link) {
        // PH-04 (S): after TR/TA or counter expiry the physical layer is disconnected.
        link.finished = true;
        note("tlf on " + bname(link.channel) + ": the lower layer may now be disconnected (PH-04)");
    }

    // ----- authentication outcome -> callback decisions -------------------------------------------
    void check_auth_complete(Link& link) {
        if (link.authr.in(Authr::Passed)) link.authr_passed = true;
        if (link.authee.in(Authee::Passed)) link.authee_passed = true;
        if (link.auth_complete) return;
        // Each direction: passed once, or never pending (not agreed). Issue #12, D23: a duplicated
        // Challenge after the Success took the SUT back to "Response owed" and its NCPs were
        // judged as sent before authentication.
        if ((!link.authr_passed && detail::pending(link.authr.state())) ||
            (!link.authee_passed && detail::pending(link.authee.state())))
            return;
        if (link.authr.in(Authr::Refused) || link.authee.in(Authee::Refused)) return;
        link.auth_complete = true;
        on_authenticated(link);
    }

    void on_authenticated(Link& link) {
        if (link.return_call && role == Role::Client) pending_return = false;
        const Cb st = coord.state();
        if (st == Cb::Agreed && link.callback) {
            if (link.callback->operation == static_cast<std::uint8_t>(wire::CallbackOp::Cbcp)) {
                coordinate(CbEvent::AuthenticatedOp6);
                link.cbcp_active = true;
                if (role == Role::Server)
                    owe(OutputKind::CbcpRequest, link.channel, -1, reply_by(), {"CBCP-02", "CB-08"},
                        "CBCP Callback-Request on " + bname(link.channel));
                else if (profile.callback.cbcp_request_wait.count() > 0)
                    owe(OutputKind::DropCall, link.channel, -1, now + profile.callback.cbcp_request_wait + pixit.tolerance.late,
                        {"AMB-41", "CB-08"},
                        "the call ended: no CBCP Callback-Request came within " +
                            std::to_string(profile.callback.cbcp_request_wait.count()) + " ms of authentication",
                        link.call_key);
                return;
            }
            if (role == Role::Server) {
                callback_user = link.authenticated_name;
                const auto it = pixit.callback_numbers.find(callback_user);
                if (it == pixit.callback_numbers.end()) {
                    if (profile.callback.secure) {
                        coordinate(CbEvent::AuthenticatedUnconfigured);
                        callback_forbidden = true;
                        owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CCB-05"},
                            "the first call dropped (callback-secure, user " + callback_user + " not configured for callback)",
                            link.call_key);
                    } else {
                        coordinate(CbEvent::AuthenticatedUnconfiguredNotSecure);
                        callback_forbidden = true;
                        link.no_ncp = false;  // CCB-05: an unconfigured user keeps the first call
                    }
                    return;
                }
                coordinate(CbEvent::Authenticated);
                callback_forbidden = false;
                switch (profile.callback.return_call_binding) {
                    case ReturnCallBinding::Username: callback_number = it->second; break;
                    case ReturnCallBinding::DialString:
                        callback_number = link.callback->message.empty()
                                              ? it->second
                                              : std::string(link.callback->message.begin(), link.callback->message.end());
                        break;
                    case ReturnCallBinding::CallingNumber:
                        callback_number = calls.count(link.call_key) ? calls.at(link.call_key).number : it->second;
                        break;
                }
                if (!callback_number.empty() && callback_number.back() == '\0') callback_number.pop_back();
                if (profile.callback.terminate_initiator == TerminateInitiator::Server ||
                    profile.callback.terminate_initiator == TerminateInitiator::Both)
                    owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CB-03", "CCB-04"},
                        "the first call dropped after authentication (callback agreed)", link.call_key);
            } else {
                coordinate(CbEvent::Authenticated);
                pending_return = true;
                if (profile.callback.terminate_initiator == TerminateInitiator::Client ||
                    profile.callback.terminate_initiator == TerminateInitiator::Both)
                    owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CB-03", "CCB-04"},
                        "the first call dropped after authentication (callback agreed, client keeps no first call)",
                        link.call_key);
            }
            return;
        }
        if (st == Cb::ReturnCall) coordinate(CbEvent::Authenticated);
        else if (st == Cb::FirstCall) coordinate(CbEvent::Authenticated);
        else if (st == Cb::NoCallback || st == Cb::Connected || st == Cb::Cbcp) coordinate(CbEvent::Authenticated);
        network_phase(link);
    }

    void network_phase(Link& link) {
        link.no_ncp = false;
        // DDR-07: packets held while dialling go out once the network phase is up.
        for (const auto& p : hold_queue)
            owe(OutputKind::IpDatagram, link.channel, -1, now + pixit.tolerance.reply * 5, {"DDR-07"},
                "held packet " + wire::describe(p) + " on " + bname(link.channel));
        hold_queue.clear();
    }

    // ----- B-channel frames --------------------------------------------------------------------
    void on_frame(const wire::PortMessage& f, bool obs) {
        if (obs) exercise({"FR-04", "FR-11", "LCP-02", "ISDN-07"});
        const wire::PortDecoding& decoded = f.decoded();
        if (!decoded.intact) {
            if (obs) violate({"FR-04"}, "frame on " + bname(f.channel) + " with a bad FCS or too short: " + wire::to_hex(f.bytes()));
            else note("stimulus with bad FCS on " + bname(f.channel) + ": the SUT must drop it (FR-04)");
            return;
        }
        const auto& ppp = *decoded.ppp;
        if (!ppp) {
            if (obs) violate({ppp.error().clause.empty() ? "FR-02" : ppp.error().clause}, "undecodable frame: " + ppp.error().to_string());
            else note("undecodable stimulus (" + ppp.error().to_string() + "): the SUT must drop it");
            return;
        }
        if (obs && !wire::protocol_number_valid(ppp.value().protocol)) {
            violate({"FR-11"}, "frame on " + bname(f.channel) + " with protocol number 0x" + hex16(ppp.value().protocol) +
                                   ": RFC 1661 section 2 wants the low octet odd and the high octet even");
            return;
        }
        auto it = links.find(f.channel);
        if (it == links.end()) {
            if (obs) violate({"ISDN-07"}, "PPP frame on " + bname(f.channel) + " which is not through-connected");
            else note("frame on " + bname(f.channel) + " with no call: ignored");
            return;
        }
        Link& link = it->second;
        const wire::PppFrame& frame = ppp.value();
        const auto& payload = *decoded.payload;
        if (!payload) {
            if (obs) violate({payload.error().clause.empty() ? "LCP-02" : payload.error().clause},
                             "undecodable packet on " + bname(f.channel) + ": " + payload.error().to_string());
            else {
                if (frame.protocol == wire::proto::kIp) remember_unanswered_echo(link, frame.information, "IP-02");
                note("malformed stimulus on " + bname(f.channel) + " (" + payload.error().to_string() + "): the SUT must drop it, no event");
            }
            return;
        }
        if (obs && frame.information.size() > link.peer_mru)
            violate({"LCP-02", "LCP-14"}, "information field of " + std::to_string(frame.information.size()) +
                                              " octets exceeds the peer's MRU " + std::to_string(link.peer_mru));
        std::visit([&](const auto& p) { packet(link, frame, p, obs); }, payload.value());
    }

    // Non-LCP packets outside the phases that allow them (LCP-17, PH-03, SEQ-01).
    bool phase_allows(Link& link, std::uint16_t protocol, bool obs) {
        if (obs) exercise({"LCP-17", "PH-03"});
        if (obs && link.no_ncp) exercise({"SEQ-01"});
        if (obs && protocol == wire::proto::kCbcp) exercise({"CBCP-01"});
        const bool opened = link.fsm.state() == LcpState::Opened;
        const bool auth_proto = protocol == wire::proto::kPap || protocol == wire::proto::kChap;
        if (!opened) {
            if (obs) violate({"LCP-17"}, "non-LCP packet (protocol 0x" + hex16(protocol) + ") sent in LCP state " +
                                             lcp_state_name(link.fsm.state()) + " on " + bname(link.channel));
            else note("non-LCP stimulus before Opened: the SUT must discard it (LCP-17)");
            return false;
        }
        if (auth_proto) return true;
        if (protocol == wire::proto::kCbcp) {
            if (obs && link.proto_rejected.count(protocol)) {
                // RFC 1661 section 5.7: "Upon reception of a Protocol-Reject, the implementation MUST
                // stop sending packets of the indicated protocol at the earliest opportunity."
                violate({"LCP-11", "CBCP-01"}, "CBCP sent again after the peer's Protocol-Reject of it on " + bname(link.channel));
                return false;
            }
            if (!link.auth_complete || !link.cbcp_active) {
                if (obs) violate({"CBCP-01"}, "CBCP sent without an agreed op 6 after authentication on " + bname(link.channel));
                return false;
            }
            return true;
        }
        if (is_ncp_or_data(protocol)) {
            if (obs && link.proto_rejected.count(protocol))
                violate({"LCP-11"}, "protocol 0x" + hex16(protocol) + " sent again after the peer's Protocol-Reject");
            if (!link.auth_complete) {
                if (obs) {
                    std::vector<std::string> ids{"PH-03"};
                    if (link.no_ncp) ids.push_back("SEQ-01");
                    if (link.misnumbered_result_rcvd) ids.push_back("CHAP-04");
                    violate(ids, "NCP/network packet (protocol 0x" + hex16(protocol) + ") before authentication completed on " +
                                     bname(link.channel) +
                                     (link.misnumbered_result_rcvd ? " (the only CHAP Success answered no Response of the SUT's)" : ""));
                } else {
                    note("NCP stimulus before authentication: the SUT must drop it (PH-03)");
                }
                return false;
            }
            if (obs && link.cbcp_active && network_on_response(link)) {
                note("deviation: NCP/network packet after the CBCP Response 'no callback', before the answerer's Ack "
                     "(MS-CBCP section 3.1.5.3 waits for it; AMB-40)");
                cbcp_done(link, static_cast<std::uint8_t>(wire::CbcpType::NoCallback), *link.cbcp_response);
            }
            if (link.no_ncp || link.cbcp_active) {
                if (obs) violate(link.cbcp_active ? std::vector<std::string>{"SEQ-01", "CBCP-01"} : std::vector<std::string>{"SEQ-01"},
                                 "NCP/network packet (protocol 0x" + hex16(protocol) + ") on the first call after callback was agreed");
                else note("NCP stimulus on the first call after callback agreement: the SUT must drop it (SEQ-01)");
                return false;
            }
        }
        return true;
    }
    // AMB-40: a caller that answered "no callback" may start its network phase without waiting
    // for the answerer's Ack (pppd).
    bool network_on_response(const Link& link) const {
        return role == Role::Client && profile.callback.cbcp_network_on_response && link.cbcp_response &&
               link.cbcp_response->options.size() == 1 &&
               link.cbcp_response->options.front().type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
    }

    static std::string hex16(std::uint16_t v) {
        static const char* d = "0123456789abcdef";
        std::string s;
        for (int shift = 12; shift >= 0; shift -= 4) s += d[(v >> shift) & 0xF];
        return s;
    }

    void packet(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p, bool obs) {
        if (obs) {
            observe_lcp(link, frame, p);
            return;
        }
        link.stimulus_lcp_info = frame.information;
        stimulus_lcp(link, p);
    }
    void packet(Link& link, const wire::PppFrame&, const wire::ChapPacket& p, bool obs) {
        if (!phase_allows(link, wire::proto::kChap, obs)) return;
        if (obs) observe_chap(link, p);
        else stimulus_chap(link, p);
    }
    void packet(Link& link, const wire::PppFrame&, const wire::PapPacket& p, bool obs) {
        if (!phase_allows(link, wire::proto::kPap, obs)) return;
        if (obs) observe_pap(link, p);
        else stimulus_pap(link, p);
    }
    void packet(Link& link, const wire::PppFrame&, const wire::CbcpPacket& p, bool obs) {
        if (!phase_allows(link, wire::proto::kCbcp, obs)) return;
        if (obs) observe_cbcp(link, p);
        else stimulus_cbcp(link, p);
    }
    void packet(Link& link, const wire::PppFrame&, const wire::IpcpPacket& p, bool obs) {
        if (!phase_allows(link, wire::proto::kIpcp, obs)) return;
        if (obs) observe_ipcp(link, p);
        else stimulus_ipcp(link, p);
    }
    void packet(Link& link, const wire::PppFrame& frame, const wire::Ipv4Packet& p, bool obs) {
        if (!phase_allows(link, wire::proto::kIp, obs)) return;
        const bool up = link.ipcp_sut_acked && link.ipcp_peer_acked;
        if (obs) {
            if (!up) {
                violate({"PH-03"}, "IP datagram sent before IPCP reached Opened on " + bname(link.channel));
                return;
            }
            // RFC 1122 section 3.2.1.7: "A host MUST NOT send a datagram with a Time-to-Live (TTL) value of zero."
            if (p.ttl == 0) violate({"IP-03"}, "datagram sent with TTL 0: " + wire::describe(p));
            if (!judge_echo_reply(link, p) && !take(OutputKind::IpDatagram, link.channel))
                note("IP datagram sent without a matching offered packet: " + wire::describe(p));
            last_interesting = now;
        } else {
            if (!up) {
                note("IP stimulus before IPCP Opened: the SUT must drop it");
                return;
            }
            peer_packets.push_back(p);
            if (p.destination == pixit.own_address) {
                // For the router itself: an Echo-Request is answered (IP-01), anything else goes to
                // its own stack. Delivery on the LAN is allowed, not owed.
                owe_echo_reply(link, p, frame.information);
                note("IP datagram for the SUT's own address: delivery allowed, not owed");
                return;
            }
            owe(OutputKind::Delivery, 0, -1, reply_by(), {"DDR-01"}, std::string());
            owed.back().delivery = p;
        }
    }
    void packet(Link& link, const wire::PppFrame& frame, const wire::UnknownProtocol& p, bool obs) {
        if (obs) {
            phase_allows(link, p.protocol, obs);
            return;
        }
        if (link.fsm.state() != LcpState::Opened) return;  // LCP-11: nothing is rejected outside Opened
        if (!link.auth_complete) {
            // RFC 1661 section 3.5: "Only Link Control Protocol, authentication protocol, and link
            // quality monitoring packets are allowed during this phase. All other packets received
            // during this phase MUST be silently discarded." (PH-03)
            link.discarded_while_authenticating.insert(p.protocol);
            note("packet of protocol 0x" + hex16(p.protocol) + " while authenticating: the SUT must discard it (PH-03)");
            return;
        }
        // RFC 1661 section 5.7: an unknown protocol in Opened gets a Protocol-Reject (LCP-11).
        owe(OutputKind::LcpProtoRej, link.channel, -1, reply_by(), {"LCP-11"},
            "Protocol-Reject of 0x" + hex16(p.protocol) + " on " + bname(link.channel));
        owed.back().rejected = {static_cast<std::uint8_t>(p.protocol >> 8), static_cast<std::uint8_t>(p.protocol & 0xFF)};
        owed.back().rejected.insert(owed.back().rejected.end(), frame.information.begin(), frame.information.end());
    }

    // ----- the router's own IP (IP-01, IP-02, IP-03) ------------------------------------------
    // RFC 1812 section 4.3.3.6: "A router MUST implement an ICMP Echo server function"; the Reply
    // goes from the Request's destination to its source with its Identifier, Sequence Number and
    // data ("Data received in an ICMP Echo Request MUST be entirely included").
    void owe_echo_reply(Link& link, const wire::Ipv4Packet& request, const wire::Bytes& datagram) {
        if (request.protocol != wire::kIpProtoIcmp) return;
        // RFC 1812 section 4.3.3.6: "receive, reassemble and echo": a fragment (More Fragments set
        // or an offset, RFC 791 section 3.1) is answered only as part of the whole datagram (IP-04).
        if ((static_cast<unsigned>(datagram[6] << 8 | datagram[7]) & 0x3FFFU) != 0) {
            remember_unanswered_echo(link, datagram, "IP-04");
            return;
        }
        const auto echo = wire::decode_icmp_echo(request.payload);
        if (!echo || echo.value().type != wire::kIcmpEchoRequest) return;
        exercise({"IP-01"});
        wire::IcmpEcho reply = echo.value();
        reply.type = wire::kIcmpEchoReply;
        wire::Ipv4Packet expected;
        expected.protocol = wire::kIpProtoIcmp;
        expected.source = request.destination;
        expected.destination = request.source;
        expected.payload = wire::encode_icmp_echo(reply);
        owe(OutputKind::IcmpEchoReply, link.channel, -1, reply_by(), {"IP-01"},
            "ICMP Echo-Reply id=" + std::to_string(reply.identifier) + " seq=" + std::to_string(reply.sequence) + " to " +
                wire::ipv4_to_string(request.source) + " on " + bname(link.channel));
        owed.back().delivery = std::move(expected);
    }

    // An Echo-Request that must get no Reply (`requirement`: IP-02 a header that fails RFC 1812
    // section 5.2.2's checks, IP-04 a fragment), remembered by the Identifier and Sequence Number
    // it carries after a 20-octet header (as a careless parser reads them).
    void remember_unanswered_echo(Link& link, const wire::Bytes& datagram, const char* requirement) {
        exercise({requirement});
        constexpr std::size_t kIcmp = 20;
        if (datagram.size() < kIcmp + 8 || datagram[kIcmp] != wire::kIcmpEchoRequest) return;
        auto be16 = [&datagram](std::size_t at) { return static_cast<std::uint16_t>(datagram[at] << 8 | datagram[at + 1]); };
        if (link.unanswered_echoes.size() == 8) link.unanswered_echoes.pop_front();
        link.unanswered_echoes.push_back({be16(kIcmp + 4), be16(kIcmp + 6), requirement});
    }

    // An ICMP Echo-Reply the SUT sends from its own address: the answer owed to an Echo-Request
    // (IP-01, its fields checked; IP-03 its checksum), or one to a Request it had to discard
    // (IP-02). False for any other datagram.
    bool judge_echo_reply(Link& link, const wire::Ipv4Packet& p) {
        if (p.protocol != wire::kIpProtoIcmp || p.payload.size() < 8 || p.payload[0] != wire::kIcmpEchoReply) return false;
        const std::uint16_t id = static_cast<std::uint16_t>(p.payload[4] << 8 | p.payload[5]);
        const std::uint16_t seq = static_cast<std::uint16_t>(p.payload[6] << 8 | p.payload[7]);
        for (auto it = owed.begin(); it != owed.end(); ++it) {
            if (it->kind != OutputKind::IcmpEchoReply || !it->delivery) continue;
            const wire::Ipv4Packet& expected = *it->delivery;
            if (expected.destination != p.destination || expected.payload[4] != p.payload[4] || expected.payload[5] != p.payload[5] ||
                expected.payload[6] != p.payload[6] || expected.payload[7] != p.payload[7])
                continue;
            const wire::Ipv4Packet want = expected;
            owed.erase(it);
            if (p.source != want.source)
                violate({"IP-01"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + " sent from " +
                                       wire::ipv4_to_string(p.source) + ", not from the address the Request was sent to (" +
                                       wire::ipv4_to_string(want.source) + ")");
            const auto echo = wire::decode_icmp_echo(p.payload);
            if (!echo) violate({"IP-03"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + ": " + echo.error().to_string());
            else if (p.payload != want.payload)
                violate({"IP-01"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + " does not carry the Request's " +
                                       std::to_string(want.payload.size() - 8) + " data octets unchanged: expected " +
                                       wire::to_hex(want.payload) + ", observed " + wire::to_hex(p.payload));
            return true;
        }
        if (p.source != pixit.own_address || link.unanswered_echoes.empty()) return false;
        const auto it = std::find(link.unanswered_echoes.begin(), link.unanswered_echoes.end(), Link::UnansweredEcho{id, seq});
        const std::string reply = "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq);
        if (it == link.unanswered_echoes.end())
            violate({link.unanswered_echoes.back().requirement},
                    reply + " answers no Echo-Request the SUT could answer, after Requests it must not answer (a broken IP header, IP-02, or a lone fragment, IP-04)");
        else if (std::string(it->requirement) == "IP-04")
            violate({"IP-04"}, reply + " answers a lone fragment of an Echo-Request: RFC 1812 section 4.3.3.6 wants the datagram reassembled first");
        else
            violate({"IP-02"}, reply + " answers an Echo-Request whose IP header is invalid: RFC 1812 section 5.2.2 wants it silently discarded");
        return true;
    }

    // RFC 1661 section 4.4, tlf: "the lower layer is no longer needed" and may be taken down (a
    // daemon exits, PH-04). On a line the harness cannot see that happen, so an answer in Closed
    // after tlf (a Terminate-Ack, a Code-Reject) is allowed, not required.
    bool answer_after_tlf_is_optional(const Link& link, const LcpStep& step) const {
        return link.finished && step.from == LcpState::Closed && pixit.line_up_at_start;
    }

    // LCP-18, RFC 1661 section 5.6: "The Rejected-Packet MUST be truncated to comply with the peer's
    // established MRU"; short of that it is a copy. `whole` is what a full copy must hold at least
    // (an LCP packet's Length: trailing padding may be left out).
    void check_rejected_copy(const Link& link, const char* what, const wire::Bytes& rejected, const wire::Bytes& carried,
                             std::size_t whole) {
        const std::size_t room = link.peer_mru > 4 ? link.peer_mru - 4U : 0U;  // after Code, Id, Length
        const bool prefix = carried.size() <= rejected.size() && std::equal(carried.begin(), carried.end(), rejected.begin());
        if (prefix && carried.size() >= std::min(whole, room)) return;
        violate({"LCP-18"}, std::string("expected ") + what + " to copy the rejected " + std::to_string(rejected.size()) +
                                " octets (" + wire::to_hex(rejected) + "), truncated only to the peer's MRU " +
                                std::to_string(link.peer_mru) + "; observed " + std::to_string(carried.size()) + " octets (" +
                                wire::to_hex(carried) + ")");
    }
    static std::size_t lcp_length(const wire::Bytes& packet) {
        if (packet.size() < 4) return packet.size();
        return std::min<std::size_t>(packet.size(), static_cast<std::size_t>(packet[2]) << 8 | packet[3]);
    }

    // ----- LCP: observations -------------------------------------------------------------------
    void observe_lcp(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p) {
        exercise({"LCP-01"});
        if (p.code >= 1 && p.code <= 7 && (!frame.address_control || frame.protocol_compressed))
            violate({"LCP-01"}, std::string("LCP ") + wire::code_name(p.kind()) + " sent with " +
                                    (frame.address_control ? "a compressed protocol field" : "the FF 03 header omitted"));
        else if (!frame.address_control || frame.protocol_compressed)
            note("deviation: LCP code " + std::to_string(p.code) + " sent without FF 03 (RFC 1661 section 6.6 discourages it)");
        const LcpState st = link.fsm.state();
        switch (p.kind()) {
            case wire::LcpCode::ConfReq: observe_cr(link, p); break;
            case wire::LcpCode::ConfAck: observe_reply(link, p); break;
            case wire::LcpCode::ConfNak:
            case wire::LcpCode::ConfRej: observe_reply(link, p); break;
            case wire::LcpCode::TermReq: observe_tr(link, p); break;
            case wire::LcpCode::TermAck: {
                auto o = take(OutputKind::LcpTermAck, link.channel);
                exercise({"LCP-09"});
                if (!o) {
                    violate({"LCP-09"}, "Terminate-Ack id=" + std::to_string(p.identifier) + " with no Terminate-Request to answer in " +
                                            lcp_state_name(st));
                } else if (o->id >= 0 && o->id != p.identifier) {
                    violate({"LCP-09"}, "expected Terminate-Ack id=" + std::to_string(o->id) + " (copied from the Terminate-Request), observed id=" +
                                            std::to_string(p.identifier));
                }
                if (o) link.sut_ta_at = now;  // AMB-02, PH-04: the hang-up may follow only after a wait
                break;
            }

            case wire::LcpCode::CodeRej: {
                exercise({"LCP-10", "LCP-18"});
                const auto owed_reject = take(OutputKind::LcpCodeRej, link.channel);
                if (!owed_reject)
                    violate({"LCP-10"}, "Code-Reject without an unknown code to reject in " + std::string(lcp_state_name(st)));
                else
                    check_rejected_copy(link, "Code-Reject", owed_reject->rejected, p.data, lcp_length(owed_reject->rejected));
                if (link.last_code_rej_id == p.identifier)
                    violate({"LCP-10"}, "Code-Reject reused Identifier " + std::to_string(p.identifier) + "; a new one is required each time");
                link.last_code_rej_id = p.identifier;
                break;
            }
            case wire::LcpCode::ProtoRej: {
                exercise({"LCP-11", "LCP-18"});
                if (st != LcpState::Opened)
                    violate({"LCP-11"}, "Protocol-Reject sent in " + std::string(lcp_state_name(st)) + "; only allowed in Opened");
                const auto owed_reject = take(OutputKind::LcpProtoRej, link.channel);
                if (!owed_reject && link.discarded_while_authenticating.count(p.rejected_protocol))
                    violate({"PH-03"}, "Protocol-Reject of 0x" + hex16(p.rejected_protocol) +
                                           ", a packet received while authenticating: it must be silently discarded (RFC 1661 section 3.5)");
                if (owed_reject) {
                    wire::Bytes carried{static_cast<std::uint8_t>(p.rejected_protocol >> 8),
                                        static_cast<std::uint8_t>(p.rejected_protocol & 0xFF)};
                    carried.insert(carried.end(), p.data.begin(), p.data.end());
                    check_rejected_copy(link, "Protocol-Reject", owed_reject->rejected, carried, owed_reject->rejected.size());
                }
                break;
            }
            case wire::LcpCode::EchoReq:
            case wire::LcpCode::DiscardReq:
                if (st != LcpState::Opened)
                    violate({"LCP-12"}, std::string(wire::code_name(p.kind())) + " sent in " + lcp_state_name(st) + "; only allowed in Opened");
                check_magic_field(link, p);
                break;
            case wire::LcpCode::EchoReply: {
                auto o = take(OutputKind::LcpEchoReply, link.channel);
                exercise({"LCP-12"});
                if (!o) violate({"LCP-12"}, "Echo-Reply without an Echo-Request in Opened");
                else if (o->id != p.identifier)
                    violate({"LCP-12"}, "expected Echo-Reply id=" + std::to_string(o->id) + ", observed id=" + std::to_string(p.identifier));
                check_magic_field(link, p);
                break;
            }
            case wire::LcpCode::Identification: break;  // LCP-13: any state, no reply
            case wire::LcpCode::TimeRemaining:
                if (st != LcpState::Opened) violate({"LCP-13"}, "Time-Remaining sent in " + std::string(lcp_state_name(st)) + "; only in Opened");
                break;
            default: note("SUT sent LCP code " + std::to_string(p.code) + ", which LCP does not define"); break;
        }
    }

    void check_magic_field(Link& link, const wire::LcpPacket& p) {
        // LCP-12: Magic 0 until negotiated, then the SUT's own agreed Magic-Number.
        const auto own = detail::find_magic(link.sut_agreed);
        const std::uint32_t want = own ? *own : 0;
        if (p.magic != want)
            violate({"LCP-12"}, "expected Magic-Number field " + std::to_string(want) + " in " + wire::code_name(p.kind()) +
                                    ", observed " + std::to_string(p.magic));
    }

    // AMB-06: how the client encodes its Callback Message (ops 1-4): plain digits, or with a
    // terminating NUL; an E.164 number (op 3) carries digits only.
    void check_callback_message(const wire::Callback& cb) {
        if (cb.operation < 1 || cb.operation > 4 || cb.message.empty()) return;
        exercise({"AMB-06"});
        const bool nul_terminated = profile.callback.msg_encoding == MsgEncoding::NulTerminated;
        const bool ends_nul = cb.message.back() == 0;
        const auto body_end = cb.message.end() - (ends_nul ? 1 : 0);
        const std::string op = "Callback op " + std::to_string(cb.operation);
        if (ends_nul != nul_terminated) {
            violate({"AMB-06"}, op + " Message " + (ends_nul ? "ends with a NUL" : "has no terminating NUL") + "; the profile encodes it " +
                                    (nul_terminated ? "NUL-terminated" : "as plain digits") + ": " + wire::to_hex(cb.message));
        } else if (std::find(cb.message.begin(), body_end, 0) != body_end ||
                   (cb.operation == 3 && !std::all_of(cb.message.begin(), body_end, [](std::uint8_t c) { return c >= '0' && c <= '9'; }))) {
            violate({"AMB-06"}, op + " Message carries octets other than " + (cb.operation == 3 ? "E.164 digits" : "its text") +
                                    (nul_terminated ? " before its NUL" : "") + ": " + wire::to_hex(cb.message));
        }
    }

    // AMB-16: on which calls the SUT asks to authenticate its peer: never (none), on every call
    // (mutual), only on the calls it answered (Cisco `ppp authentication ... callin`). One-way
    // leaves the direction to the configuration: nothing to judge.
    void check_auth_direction(const Link& link, const wire::LcpPacket& p) {
        const AuthMode mode = profile.auth.mode;
        if (mode == AuthMode::OneWay) return;
        exercise({"AMB-16"});
        const bool asks = detail::find_auth(p.options) != nullptr;
        const bool refused = !link.refused_auth.empty() || link.rejected_types.count(wire::lcp_opt::kAuthProtocol) > 0;
        const char* call = link.outgoing ? "a call it placed" : "a call it answered";
        if (asks && (mode == AuthMode::None || (mode == AuthMode::Callin && link.outgoing)))
            violate({"AMB-16"}, std::string("the SUT asks to authenticate its peer on ") + call + " (auth mode " +
                                    (mode == AuthMode::None ? "none" : "callin") + "), observed " + detail::describe_options(p.options));
        else if (!asks && !refused && (mode == AuthMode::Mutual || (mode == AuthMode::Callin && !link.outgoing)))
            violate({"AMB-16"}, std::string("expected an Authentication-Protocol option on ") + call + " (auth mode " +
                                    (mode == AuthMode::Mutual ? "mutual" : "callin") + "), observed " + detail::describe_options(p.options));
    }

    // AMB-03: the server's answer to op 0 when it asks for no authentication (op 0 finds the
    // number from the authenticated name, so without authentication it locates nobody).
    void check_op0_without_auth(const Link& link, const wire::Callback& cb, const wire::LcpPacket& reply) {
        if (role != Role::Server || link.return_call || !profile.callback.server_accepts || cb.operation != 0) return;
        if (!link.sut_cr || detail::find_auth(link.sut_cr->options)) return;
        std::optional<OptionReply> seen;
        if (reply.kind() == wire::LcpCode::ConfAck) seen = OptionReply::Ack;
        else if (detail::find_callback(reply.options)) seen = reply.kind() == wire::LcpCode::ConfNak ? OptionReply::Nak : OptionReply::Reject;
        if (!seen) return;
        exercise({"AMB-03"});
        static constexpr const char* kReply[] = {"Configure-Ack", "Configure-Nak", "Configure-Reject"};
        const OptionReply want = profile.callback.op0_without_auth;
        if (*seen != want)
            violate({"AMB-03"}, std::string("Callback op 0 with no authentication asked: the profile's server answers with ") +
                                    kReply[static_cast<int>(want)] + ", observed " + kReply[static_cast<int>(*seen)]);
    }

    // AMB-05: what a client's next Configure-Request may carry once the peer Nak'd its Callback
    // option: nothing (drop, pppd), the next operation it supports (FreeBSD), or the peer's hint
    // when it supports that operation (ipppd).
    void check_callback_after_nak(Link& link, const wire::Callback* cb) {
        const auto& ops = profile.callback.client_ops;
        const std::uint8_t hint = *link.callback_nak_op;
        std::optional<std::uint8_t> allowed;
        switch (profile.callback.on_nak) {
            case OnCallbackNak::Drop: break;
            case OnCallbackNak::NextOp:
                if (link.callback_ops_tried < ops.size()) allowed = ops[link.callback_ops_tried];
                break;
            case OnCallbackNak::AdoptPeer:
                if (std::find(ops.begin(), ops.end(), hint) != ops.end()) allowed = hint;
                break;
        }
        exercise({"AMB-05"});
        if (cb && (!allowed || cb->operation != *allowed)) {
            violate({"AMB-05", "LCP-06"}, "after a Nak of the Callback option the profile's client (on_nak " +
                                              std::string(allowed ? "allows op " + std::to_string(*allowed) : "drops callback") +
                                              ") requested op " + std::to_string(cb->operation));
        }
        if (cb && allowed) ++link.callback_ops_tried;
        link.callback_nak_op.reset();
        if (!cb) link.rejected_types.insert(wire::lcp_opt::kCallback);  // callback given up for this call
    }

    void observe_cr(Link& link, const wire::LcpPacket& p) {
        exercise({"LCP-04", "LCP-07", "LCP-15", "LCP-16", "FSM-01", "FSM-02"});
        if (link.return_call) exercise({"SEQ-02"});
        if (role == Role::Server) exercise({"CB-02"});
        if (role == Role::Client && link.first_call) exercise({"CCB-01", "PAP-04"});
        const bool same_as_acked = link.sut_cr && link.reply_since_cr && link.fsm.state() == LcpState::AckRcvd &&
                                   p.identifier == link.sut_cr->identifier &&
                                   wire::encode_options(p.options) == wire::encode_options(link.sut_cr->options);
        for (const RuleBreach& b : detail::check_own_request(p, link.sut_cr ? &*link.sut_cr : nullptr, link.reply_since_cr, link.rejected_types)) {
            if (same_as_acked && profile.lcp.retransmit_keeps_acked_id && b.requirements == std::vector<std::string>{"LCP-04"})
                note("deviation: Configure-Request retransmitted in Ack-Rcvd with the Identifier already acknowledged (RFC 1661 section 5.1 asks for a new one)");
            else
                violate(b.requirements, b.text);
        }
        const wire::Callback* cb = detail::find_callback(p.options);
        if (cb && link.return_call)
            violate({"SEQ-02", "CB-04", "AMB-07"}, "expected no Callback option (13) on the return call, observed " +
                                                       detail::describe_options(p.options));
        if (cb && role == Role::Client && !link.return_call && !link.first_call)
            violate({"AMB-07", "CCB-01"}, "the client requested the Callback option on a call it did not place, observed " +
                                              detail::describe_options(p.options));
        if (cb && role == Role::Server && !link.return_call)
            violate({"CB-02"}, "the callback server requested the Callback option itself");
        if (role == Role::Client && !link.return_call && link.first_call && link.callback_nak_op) {
            check_callback_after_nak(link, cb);
        } else if (role == Role::Client && !link.return_call && link.first_call && pixit.callback_request &&
                   !profile.callback.client_ops.empty() && !link.rejected_types.count(wire::lcp_opt::kCallback)) {
            if (!cb)
                violate({"CCB-01", "CB-02"}, "expected the client's Configure-Request to carry the Callback option (op " +
                                                 std::to_string(profile.callback.client_ops.front()) + "), observed " +
                                                 detail::describe_options(p.options));
            else if (std::find(profile.callback.client_ops.begin(), profile.callback.client_ops.end(), cb->operation) ==
                     profile.callback.client_ops.end())
                violate({"CCB-01"}, "Callback op " + std::to_string(cb->operation) + " is not one the profile's client requests");
        }
        if (cb && role == Role::Client && !link.return_call) check_callback_message(*cb);
        check_auth_direction(link, p);
        if (const auto* a = detail::find_auth(p.options); a && a->protocol == wire::proto::kPap &&
                                                          !profile.auth.protocols.empty() &&
                                                          profile.auth.protocols.front() == AuthProto::Chap &&
                                                          !link.refused_auth.count(wire::proto::kChap))
            violate({"PAP-04"}, "PAP offered before CHAP although the implementation claims CHAP");

        const LcpState st = link.fsm.state();
        if (take(OutputKind::LcpConfReq, link.channel)) {
            link.timer_start = now;
        } else if (link.peer_cr && (st == LcpState::Stopped || st == LcpState::Opened)) {
            link.early_scr = true;  // both RCR+ and RCR- send scr here
        } else if ((st == LcpState::ReqSent || st == LcpState::AckRcvd || st == LcpState::AckSent) && link.fsm.timer_running()) {
            const Millis expiry = link.timer_start + profile.lcp.restart;
            if (link.fsm.restart_counter() == 0) {
                violate({"FSM-02"}, "Configure-Request beyond Max-Configure (" + std::to_string(profile.lcp.max_configure) + ") on " +
                                        bname(link.channel));
            } else {
                if (now < expiry - pixit.tolerance.early)
                    violate({"FSM-01"}, "Configure-Request retransmitted " + ms(now - link.timer_start) + " after the previous one; the restart timer is " +
                                            ms(profile.lcp.restart));
                link.measured_restart = now - link.timer_start;
                apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), static_cast<int>(LcpAction::scr));
            }
        } else if (st == LcpState::Closed) {
            apply(link, link.fsm.fire(LcpEvent::Open), static_cast<int>(LcpAction::scr));  // administrative Open
        } else if ((st == LcpState::Stopped || st == LcpState::Opened) && profile.lcp.restart_option) {
            apply(link, link.fsm.fire(LcpEvent::Open), static_cast<int>(LcpAction::scr));  // [r] FSM-07
        } else if (st == LcpState::Stopped && link.fsm.restart_counter() == 0) {
            violate({"FSM-02"}, "Configure-Request after the restart counter expired (Max-Configure " +
                                    std::to_string(profile.lcp.max_configure) + ") on " + bname(link.channel));
        } else {
            violate({"FSM-01"}, std::string("Configure-Request in ") + lcp_state_name(st) + " where no RFC 1661 cell sends scr");
        }
        link.sut_cr = p;
        link.reply_since_cr = false;
    }

    void observe_reply(Link& link, const wire::LcpPacket& p) {
        if (!link.peer_cr) {
            violate({p.kind() == wire::LcpCode::ConfAck ? "LCP-05" : "LCP-06"},
                    std::string(wire::code_name(p.kind())) + " id=" + std::to_string(p.identifier) + " with no Configure-Request to answer");
            return;
        }
        const wire::LcpPacket req = *link.peer_cr;
        const auto magic = detail::find_magic(req.options);
        const auto own = link.sut_cr ? detail::find_magic(link.sut_cr->options) : std::nullopt;
        const bool looped = magic.has_value() && own.has_value() && magic.value() == own.value();
        const wire::Callback* cb = detail::find_callback(req.options);
        if (cb) check_op0_without_auth(link, *cb, p);
        if (p.kind() == wire::LcpCode::ConfAck) {
            exercise({"LCP-05", "LCP-16"});
            if (cb) exercise({"CCB-02", "CCB-08"});
            breach(detail::check_ack(req, p));
            if (magic && *magic == 0) violate({"LCP-16"}, "Magic-Number 0 acknowledged; it must be Nak'd or rejected");
            if (looped)
                violate({"LCP-16"}, "peer Magic-Number equal to the SUT's own acknowledged: a looped-back link must be Nak'd with another value");
            if (cb) {
                const bool op_ok = std::find(profile.callback.server_ops.begin(), profile.callback.server_ops.end(), cb->operation) !=
                                   profile.callback.server_ops.end();
                if (link.return_call)
                    note("Callback option on the return call acknowledged by the SUT");
                else if (role == Role::Client || !profile.callback.server_accepts)
                    violate({"CCB-08"}, "Callback option acknowledged although the SUT does not accept callback (`ppp callback accept` absent)");
                else if (!op_ok)
                    violate({"CCB-02", "AMB-04"}, "Callback op " + std::to_string(cb->operation) + " acknowledged; the profile accepts only other operations");
            }
            link.peer_agreed = req.options;
            if (auto mru = detail::find_mru(req.options)) link.peer_mru = *mru;
            link.peer_cr.reset();
            drop_owed(OutputKind::LcpConfAck, link.channel);
            apply(link, link.fsm.fire(LcpEvent::RcrGood), static_cast<int>(LcpAction::sca));
        } else {
            if (p.kind() == wire::LcpCode::ConfNak) {
                exercise({"LCP-06", "FSM-03"});
                breach(detail::check_nak(req, p, link.fsm.naks_without_ack() < profile.lcp.max_failure));
                if (link.fsm.naks_without_ack() >= profile.lcp.max_failure)
                    violate({"FSM-03"}, "Configure-Nak after Max-Failure (" + std::to_string(profile.lcp.max_failure) +
                                            ") Naks without an Ack; Configure-Reject is required");
            } else {
                breach(detail::check_reject(req, p));
                exercise({"LCP-07"});
                // RFC 1661 section 6.4: "If the two Magic-Numbers are equal ... a Configure-Nak MUST
                // be sent specifying a different Magic-Number value." Only after Max-Failure Naks
                // may it become a Reject (section 4.6; Rejects sent do not count, FSM-03).
                if (looped && detail::find_magic(p.options) &&
                    link.fsm.naks_without_ack() < profile.lcp.max_failure)
                    violate({"LCP-16", "FSM-03"},
                            "looped-back Magic-Number Configure-Rejected after " + std::to_string(link.fsm.naks_without_ack()) +
                                " Nak(s) without an Ack; a Configure-Nak with another value is required until Max-Failure (" +
                                std::to_string(profile.lcp.max_failure) + ") Naks");
            }
            if (cb && role == Role::Server && !link.return_call && profile.callback.server_accepts &&
                detail::find_callback(p.options)) {
                const bool op_ok = std::find(profile.callback.server_ops.begin(), profile.callback.server_ops.end(), cb->operation) !=
                                   profile.callback.server_ops.end();
                if (op_ok && detail::find_auth(link.sut_cr ? link.sut_cr->options : std::vector<wire::LcpOption>{}))
                    violate({"CCB-02"}, "Callback op " + std::to_string(cb->operation) + " refused although the server accepts it");
            }
            link.peer_cr.reset();
            drop_owed(OutputKind::LcpConfAck, link.channel);
            apply(link, link.fsm.fire_rcr_bad(p.kind() == wire::LcpCode::ConfNak), static_cast<int>(LcpAction::scn));
        }
    }

    void observe_tr(Link& link, const wire::LcpPacket& p) {
        const LcpState st = link.fsm.state();
        const bool drop_owed = std::any_of(owed.begin(), owed.end(), [&](const Owed& o) {
            return o.kind == OutputKind::DropCall && (o.channel == link.channel || o.channel == 0);
        });
        if (!drop_owed) idle_close_check(link, "Terminate-Request");
        link.sut_tr_id = p.identifier;
        if (!profile.callback.send_lcp_tr && drop_owed_on(link.channel)) {
            exercise({"AMB-02"});
            violate({"AMB-02"}, "expected DISCONNECT only when dropping the call (profile: no LCP Terminate-Request), observed Terminate-Request id=" +
                                    std::to_string(p.identifier) + " on " + bname(link.channel));
        }
        satisfy_drop(link.channel);
        if (take(OutputKind::LcpTermReq, link.channel)) {
            link.timer_start = now;
            return;
        }
        if (st == LcpState::ReqSent || st == LcpState::AckRcvd || st == LcpState::AckSent || st == LcpState::Opened) {
            apply(link, link.fsm.fire(LcpEvent::Close), static_cast<int>(LcpAction::str));  // administrative Close
            return;
        }
        if ((st == LcpState::Closing || st == LcpState::Stopping) && link.fsm.timer_running()) {
            if (link.fsm.restart_counter() == 0) {
                violate({"FSM-02"}, "Terminate-Request beyond Max-Terminate (" + std::to_string(profile.lcp.max_terminate) + ")");
                return;
            }
            if (now < link.timer_start + profile.lcp.restart - pixit.tolerance.early)
                violate({"FSM-01"}, "Terminate-Request retransmitted " + ms(now - link.timer_start) + " after the previous one; the restart timer is " +
                                        ms(profile.lcp.restart));
            link.measured_restart = now - link.timer_start;
            apply(link, link.fsm.fire(LcpEvent::TimeoutPlus), static_cast<int>(LcpAction::str));
            return;
        }
        violate({"FSM-02"}, std::string("Terminate-Request in ") + lcp_state_name(st) + " where no RFC 1661 cell sends str");
    }

    // ----- LCP: stimuli ------------------------------------------------------------------------
    void stimulus_lcp(Link& link, const wire::LcpPacket& p) {
        const LcpState st = link.fsm.state();
        switch (p.kind()) {
            case wire::LcpCode::ConfReq: {
                drop_owed(OutputKind::LcpConfAck, link.channel);
                link.peer_cr = p;
                link.early_scr = false;
                if (st == LcpState::Closed || st == LcpState::Closing || st == LcpState::Stopping || st == LcpState::Initial ||
                    st == LcpState::Starting) {
                    link.peer_cr.reset();  // same outputs either way
                    apply(link, link.fsm.fire(LcpEvent::RcrGood), -1, p.identifier);
                } else {
                    owe(OutputKind::LcpConfAck, link.channel, p.identifier, reply_by(), {"LCP-05", "LCP-06", "LCP-07"},
                        "Configure-Ack, -Nak or -Reject id=" + std::to_string(p.identifier) + " on " + bname(link.channel) +
                            " (RCR in " + lcp_state_name(st) + ")");
                }
                break;
            }
            case wire::LcpCode::ConfAck: {
                const bool match = link.sut_cr && p.identifier == link.sut_cr->identifier &&
                                   wire::encode_options(p.options) == wire::encode_options(link.sut_cr->options);
                if (!match) {
                    note("Configure-Ack that does not match the last Request: the SUT must discard it (LCP-03/05)");
                    return;
                }
                link.reply_since_cr = true;
                link.sut_agreed = link.sut_cr->options;
                apply(link, link.fsm.fire(LcpEvent::Rca), -1, p.identifier);
                break;
            }
            case wire::LcpCode::ConfNak:
            case wire::LcpCode::ConfRej: {
                if (!link.sut_cr || p.identifier != link.sut_cr->identifier) {
                    note("Configure-Nak/Reject with a stale Identifier: the SUT must discard it (LCP-03)");
                    return;
                }
                link.reply_since_cr = true;
                for (const auto& o : p.options) {
                    if (p.kind() == wire::LcpCode::ConfRej) link.rejected_types.insert(wire::option_type(o));
                    if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) link.refused_auth.insert(a->protocol);
                    if (const auto* cb = std::get_if<wire::Callback>(&o); cb && p.kind() == wire::LcpCode::ConfNak)
                        link.callback_nak_op = cb->operation;
                }
                apply(link, link.fsm.fire(LcpEvent::Rcn), -1, p.identifier);
                break;
            }
            case wire::LcpCode::TermReq:
                apply(link, link.fsm.fire(LcpEvent::Rtr), -1, p.identifier);
                satisfy_drop(link.channel);
                break;
            case wire::LcpCode::TermAck: apply(link, link.fsm.fire(LcpEvent::Rta), -1, p.identifier); break;
            case wire::LcpCode::CodeRej: {
                // LCP-10: a rejected core code (1-7) is catastrophic, 12/13 permitted, 8-11 profile (AMB-21).
                const int rejected = p.data.empty() ? 0 : p.data[0];
                const bool bad = rejected >= 1 && rejected <= 7;
                apply(link, link.fsm.fire(bad ? LcpEvent::RxjBad : LcpEvent::RxjGood), -1, p.identifier);
                break;
            }
            case wire::LcpCode::ProtoRej: {
                const bool bad = p.rejected_protocol == wire::proto::kLcp;
                if (st != LcpState::Opened) {
                    note("Protocol-Reject outside Opened: the SUT should ignore it (LCP-11)");
                    return;
                }
                link.proto_rejected.insert(p.rejected_protocol);
                if (p.rejected_protocol == wire::proto::kCbcp && link.cbcp_active) {
                    link.cbcp_active = false;
                    drop_owed(OutputKind::CbcpRequest, link.channel);
                }
                apply(link, link.fsm.fire(bad ? LcpEvent::RxjBad : LcpEvent::RxjGood), -1, p.identifier);
                break;
            }
            case wire::LcpCode::EchoReq: apply(link, link.fsm.fire(LcpEvent::Rxr), -1, p.identifier); break;
            case wire::LcpCode::EchoReply:
            case wire::LcpCode::DiscardReq: {
                LcpStep s = link.fsm.fire(LcpEvent::Rxr);
                s.actions.erase(std::remove(s.actions.begin(), s.actions.end(), LcpAction::ser), s.actions.end());
                apply(link, s, -1, p.identifier);  // only an Echo-Request is answered
                break;
            }
            case wire::LcpCode::Identification:
            case wire::LcpCode::TimeRemaining: break;  // LCP-13: no reply
            default: apply(link, link.fsm.fire(LcpEvent::Ruc), -1, p.identifier); break;
        }
    }

    // ----- CHAP / PAP -----------------------------------------------------------------------------
    std::string secret_for(const std::string& name) const {
        auto it = pixit.secrets.find(name);
        return it == pixit.secrets.end() ? std::string() : it->second;
    }

    void observe_chap(Link& link, const wire::ChapPacket& p) {
        exercise({p.code == 1 ? "CHAP-02" : p.code == 2 ? "CHAP-03" : "CHAP-04"});
        if (p.code == 3 || p.code == 4) exercise({"CHAP-03", "CHAP-05"});
        switch (static_cast<wire::ChapCode>(p.code)) {
            case wire::ChapCode::Challenge: {
                if (link.sut_auth_proto != wire::proto::kChap) {
                    violate({"CHAP-01", "LCP-15"}, "CHAP Challenge although CHAP was not agreed for the SUT to authenticate the peer");
                    return;
                }
                take(OutputKind::ChapChallenge, link.channel);
                if (link.challenge_sent && detail::pending(link.authr.state()) &&
                    (link.challenge_sent->identifier == p.identifier || link.challenge_sent->value == p.value))
                    violate({"CHAP-02"}, "a new Challenge must carry a new Identifier and a new Value");
                if (p.value.empty()) violate({"CHAP-02"}, "Challenge with an empty Value");
                if (++link.challenges > profile.auth.max_tries)
                    violate({"CHAP-02"}, "more than " + std::to_string(profile.auth.max_tries) + " Challenges");
                link.challenge_sent = p;
                fire(link.authr, AuthrEvent::ChallengeSent, "authenticator");
                break;
            }
            case wire::ChapCode::Response: {
                auto o = take(OutputKind::ChapResponse, link.channel);
                if (!link.challenge_rcvd) {
                    violate({"CHAP-03"}, "CHAP Response without a Challenge");
                    return;
                }
                const wire::ChapPacket& ch = *link.challenge_rcvd;
                if (p.identifier != ch.identifier)
                    violate({"CHAP-03"}, "expected Response id=" + std::to_string(ch.identifier) + " (the Challenge's), observed id=" +
                                             std::to_string(p.identifier));
                const std::string peer(ch.name.begin(), ch.name.end());
                const auto want = wire::chap_md5_response(ch.identifier, secret_for(peer), ch.value);
                if (p.value != Bytes(want.begin(), want.end()))
                    violate({"CHAP-03"}, "expected Response Value = MD5(Id " + std::to_string(ch.identifier) + ", secret for " + peer +
                                             ", challenge) = " + wire::to_hex(Bytes(want.begin(), want.end())) + ", observed " +
                                             wire::to_hex(p.value));
                fire(link.authee, AutheeEvent::ResponseSent, "authenticatee");
                (void)o;
                break;
            }
            case wire::ChapCode::Success:
            case wire::ChapCode::Failure: {
                auto o = take(OutputKind::ChapSuccessOrFailure, link.channel);
                if (!link.response_rcvd) {
                    violate({"CHAP-04"}, "CHAP Success/Failure without a Response");
                    return;
                }
                const wire::ChapPacket& r = *link.response_rcvd;
                if (p.identifier != r.identifier)
                    violate({"CHAP-04"}, "expected id=" + std::to_string(r.identifier) + " (the Response's), observed id=" + std::to_string(p.identifier));
                const bool good = response_good(link, r);
                const bool success = p.code == static_cast<std::uint8_t>(wire::ChapCode::Success);
                if (link.result_code && *link.result_code != p.code)
                    violate({"CHAP-05"}, "a repeated Response must get the same code as before");
                else if (success != good)
                    violate({"CHAP-03"}, std::string("expected ") + (good ? "Success" : "Failure") + " for a Response whose hash is " +
                                             (good ? "right" : "wrong") + ", observed " + (success ? "Success" : "Failure"));
                link.result_code = p.code;
                const bool was_pending = detail::pending(link.authr.state());
                // The model follows the verdict the hash calls for; a wrong one was reported above.
                fire(link.authr, good ? AuthrEvent::SuccessSent : AuthrEvent::FailureSent, "authenticator");
                if (was_pending) {
                    link.authenticated_name = std::string(r.name.begin(), r.name.end());
                    if (!good) auth_failed(link, "CHAP-04");
                    else check_auth_complete(link);
                }
                (void)o;
                break;
            }
            default: note("SUT sent CHAP code " + std::to_string(p.code)); break;
        }
    }

    bool response_good(const Link& link, const wire::ChapPacket& r) const {
        if (!link.challenge_sent || r.identifier != link.challenge_sent->identifier) return false;
        const std::string name(r.name.begin(), r.name.end());
        const std::string secret = secret_for(name);
        if (secret.empty()) return false;
        const auto want = wire::chap_md5_response(r.identifier, secret, link.challenge_sent->value);
        return r.value == Bytes(want.begin(), want.end());
    }

    void auth_failed(Link& link, const char* req) {
        // CHAP-04 / PAP-03 (S): the refusing side terminates (PH-03).
        owe(OutputKind::DropCall, link.channel, -1, reply_by(), {req, "PH-03"},
            "Terminate-Request (or DISCONNECT) after the authentication failure on " + bname(link.channel), link.call_key);
        if (coord.state() == Cb::Agreed) coordinate(CbEvent::AuthenticationFailed);
    }

    void stimulus_chap(Link& link, const wire::ChapPacket& p) {
        switch (static_cast<wire::ChapCode>(p.code)) {
            case wire::ChapCode::Challenge:
                if (link.peer_auth_proto != wire::proto::kChap) {
                    note("CHAP Challenge although CHAP was not agreed: the SUT may ignore it");
                    return;
                }
                link.challenge_rcvd = p;
                fire(link.authee, AutheeEvent::ChallengeRcvd, "authenticatee");
                drop_owed(OutputKind::ChapResponse, link.channel);
                owe(OutputKind::ChapResponse, link.channel, p.identifier, reply_by(), {"CHAP-03"},
                    "CHAP Response id=" + std::to_string(p.identifier) + " on " + bname(link.channel));
                break;
            case wire::ChapCode::Response:
                if (!link.challenge_sent) {
                    note("CHAP Response with no Challenge outstanding: dropped");
                    return;
                }
                if (p.identifier != link.challenge_sent->identifier) {
                    note("CHAP Response with a stale Identifier: dropped (CHAP-05)");
                    return;
                }
                link.response_rcvd = p;
                fire(link.authr, AuthrEvent::ResponseRcvd, "authenticator");
                owe(OutputKind::ChapSuccessOrFailure, link.channel, p.identifier, reply_by(), {"CHAP-04", "CHAP-05"},
                    "CHAP Success or Failure id=" + std::to_string(p.identifier) + " on " + bname(link.channel));
                break;
            case wire::ChapCode::Success:
            case wire::ChapCode::Failure:
                // RFC 1994 section 4.2: Success and Failure copy the Identifier of the Response they
                // answer; one that answers no Response of the SUT's is no verdict on it (CHAP-04).
                if (detail::pending(link.authee.state()) && link.challenge_rcvd && p.identifier != link.challenge_rcvd->identifier) {
                    note("CHAP " + std::string(p.code == 3 ? "Success" : "Failure") + " id=" + std::to_string(p.identifier) +
                         " answers no Response of the SUT's (id=" + std::to_string(link.challenge_rcvd->identifier) +
                         "): the SUT must discard it (CHAP-04)");
                    link.misnumbered_result_rcvd = true;
                    return;
                }
                if (p.code == 4) {
                    if (detail::pending(link.authee.state())) {
                        fire(link.authee, AutheeEvent::FailureRcvd, "authenticatee");
                        if (coord.state() == Cb::Agreed) coordinate(CbEvent::AuthenticationFailed);
                    }
                    break;
                }
                if (detail::pending(link.authee.state())) {
                    fire(link.authee, AutheeEvent::SuccessRcvd, "authenticatee");
                    check_auth_complete(link);
                }
                break;
            default: break;
        }
    }

    void observe_pap(Link& link, const wire::PapPacket& p) {
        exercise({p.code == 1 ? "PAP-02" : "PAP-03"});
        switch (static_cast<wire::PapCode>(p.code)) {
            case wire::PapCode::AuthReq: {
                if (link.peer_auth_proto != wire::proto::kPap) {
                    violate({"PAP-01"}, "PAP Authenticate-Request although PAP was not agreed");
                    return;
                }
                take(OutputKind::PapRequest, link.channel);
                if (link.pap_sent && link.pap_sent->identifier == p.identifier)
                    violate({"PAP-02"}, "PAP Authenticate-Request reused Identifier " + std::to_string(p.identifier));
                // PAP-02: Requests repeat only until a valid reply or the retry limit.
                if (link.authee.in(Authee::Passed))
                    violate({"PAP-02"}, "PAP Authenticate-Request after the peer's Ack had ended the exchange");
                else if (link.pap_requests >= profile.auth.max_tries)
                    violate({"PAP-02"}, "more than " + std::to_string(profile.auth.max_tries) + " PAP Authenticate-Requests");
                const std::string id(p.peer_id.begin(), p.peer_id.end()), pw(p.password.begin(), p.password.end());
                if (id != pixit.own_name || pw != secret_for(pixit.own_name))
                    violate({"PAP-02"}, "PAP Authenticate-Request carries Peer-ID \"" + id + "\" and a password that are not the SUT's (PIXIT)");
                ++link.pap_requests;
                link.pap_sent = p;
                fire(link.authee, AutheeEvent::RequestSent, "authenticatee");
                break;
            }
            case wire::PapCode::AuthAck:
            case wire::PapCode::AuthNak: {
                auto o = take(OutputKind::PapAckOrNak, link.channel);
                if (!o) {
                    violate({"PAP-03"}, "PAP Ack/Nak without an Authenticate-Request");
                    return;
                }
                if (o->id != p.identifier)
                    violate({"PAP-03"}, "expected id=" + std::to_string(o->id) + ", observed id=" + std::to_string(p.identifier));
                const bool ack = p.code == static_cast<std::uint8_t>(wire::PapCode::AuthAck);
                const bool good = link.pap_credentials_valid;
                if (ack != good)
                    violate({"PAP-03"}, std::string("expected ") + (good ? "Ack" : "Nak") + " for those credentials, observed " + (ack ? "Ack" : "Nak"));
                const bool was_pending = detail::pending(link.authr.state());
                fire(link.authr, good ? AuthrEvent::AckSent : AuthrEvent::NakSent, "authenticator");  // as the credentials call for
                if (was_pending) {
                    if (!good) auth_failed(link, "PAP-03");
                    else check_auth_complete(link);
                }
                break;
            }
            default: break;
        }
    }

    void stimulus_pap(Link& link, const wire::PapPacket& p) {
        switch (static_cast<wire::PapCode>(p.code)) {
            case wire::PapCode::AuthReq: {
                if (link.sut_auth_proto != wire::proto::kPap) {
                    note("PAP request although PAP was not agreed: dropped");
                    return;
                }
                const std::string id(p.peer_id.begin(), p.peer_id.end()), pw(p.password.begin(), p.password.end());
                const bool valid = !secret_for(id).empty() && secret_for(id) == pw;
                link.authenticated_name = valid ? id : std::string();
                link.pap_credentials_valid = valid;
                fire(link.authr, AuthrEvent::RequestRcvd, "authenticator");
                owe(OutputKind::PapAckOrNak, link.channel, p.identifier, reply_by(), {"PAP-03"},
                    std::string("PAP ") + (valid ? "Ack (valid credentials)" : "Nak (invalid credentials)") + " id=" +
                        std::to_string(p.identifier));
                break;
            }
            case wire::PapCode::AuthAck:
                if (detail::pending(link.authee.state())) {
                    fire(link.authee, AutheeEvent::AckRcvd, "authenticatee");
                    check_auth_complete(link);
                }
                break;
            case wire::PapCode::AuthNak:
                if (detail::pending(link.authee.state())) fire(link.authee, AutheeEvent::NakRcvd, "authenticatee");
                break;
            default: break;
        }
    }

    // ----- CBCP (SPEC section 7) -------------------------------------------------------------------
    void observe_cbcp(Link& link, const wire::CbcpPacket& p) {
        exercise({p.code == 1 ? "CBCP-02" : p.code == 2 ? "CBCP-03" : "CBCP-04"});
        switch (static_cast<wire::CbcpCode>(p.code)) {
            case wire::CbcpCode::Request:
                if (role != Role::Server) {
                    violate({"CBCP-02"}, "the caller (client) sent a Callback-Request; only the answerer does");
                    return;
                }
                take(OutputKind::CbcpRequest, link.channel);
                if (p.options.empty()) violate({"CBCP-02"}, "Callback-Request with no option");
                if (link.cbcp_request_sent && link.cbcp_request_sent->identifier == p.identifier && !profile.callback.cbcp_constant_request_id)
                    violate({"CBCP-02", "AMB-11"}, "Callback-Request Identifier must change on every Request");
                link.cbcp_request_sent = p;
                link.cbcp_last_request = now;
                ++link.cbcp_requests;
                // AMB-42: after the profile's number of Requests the answerer may give up (and end
                // the link); until then, and without a limit, CBCP-05 owes the next one.
                if (profile.callback.cbcp_max_requests == 0 || link.cbcp_requests < profile.callback.cbcp_max_requests)
                    owe(OutputKind::CbcpRequest, link.channel, -1, now + profile.callback.cbcp_retransmit + pixit.tolerance.late,
                        {"CBCP-05"}, "Callback-Request retransmission (no Response yet)");
                else if (link.cbcp_requests > profile.callback.cbcp_max_requests)
                    violate({"AMB-42", "CBCP-05"}, "Callback-Request number " + std::to_string(link.cbcp_requests) +
                                                       ": the profile gives up after " +
                                                       std::to_string(profile.callback.cbcp_max_requests));
                break;
            case wire::CbcpCode::Response: {
                auto o = take(OutputKind::CbcpResponse, link.channel);
                if (!link.cbcp_request_rcvd) {
                    violate({"CBCP-03"}, "Callback-Response without a Request");
                    return;
                }
                if (p.identifier != link.cbcp_request_rcvd->identifier)
                    violate({"CBCP-03"}, "expected Response id=" + std::to_string(link.cbcp_request_rcvd->identifier) + ", observed id=" +
                                             std::to_string(p.identifier));
                if (p.options.size() != 1) {
                    violate({"CBCP-03"}, "the caller answers exactly one option");
                    return;
                }
                const wire::CbcpOption& opt = p.options.front();
                const bool offered = std::any_of(link.cbcp_request_rcvd->options.begin(), link.cbcp_request_rcvd->options.end(),
                                                 [&](const wire::CbcpOption& q) { return q.type == opt.type; });
                if (!offered) violate({"CBCP-03"}, "answered option type " + std::to_string(opt.type) + " was not offered");
                if (opt.type == static_cast<std::uint8_t>(wire::CbcpType::UserNumber) &&
                    (opt.addresses.empty() || opt.addresses.front().number != pixit.own_number))
                    violate({"CBCP-03"}, "user-specified number must be the SUT's own number " + pixit.own_number);
                link.cbcp_response = p;
                (void)o;
                break;
            }
            case wire::CbcpCode::Ack: {
                auto o = take(OutputKind::CbcpAck, link.channel);
                if (!o || !link.cbcp_response) {
                    violate({"CBCP-04"}, "Callback-Ack without a valid Response");
                    return;
                }
                wire::CbcpPacket want = *link.cbcp_response;
                want.code = static_cast<std::uint8_t>(wire::CbcpCode::Ack);
                if (p.identifier != want.identifier || p.options != want.options)
                    violate({"CBCP-04"}, "expected the Ack to echo the Response (" + wire::describe(want) + "), observed " + wire::describe(p));
                cbcp_done(link, want.options.empty() ? 1 : want.options.front().type, want);
                break;
            }
            default: break;
        }
    }

    void stimulus_cbcp(Link& link, const wire::CbcpPacket& p) {
        switch (static_cast<wire::CbcpCode>(p.code)) {
            case wire::CbcpCode::Request:
                if (role != Role::Client) return;
                if (!link.cbcp_request_rcvd) drop_request_wait(link);
                link.cbcp_request_rcvd = p;
                drop_owed(OutputKind::CbcpResponse, link.channel);
                owe(OutputKind::CbcpResponse, link.channel, p.identifier, reply_by(), {"CBCP-03"},
                    "CBCP Callback-Response id=" + std::to_string(p.identifier));
                break;
            case wire::CbcpCode::Response: {
                if (role != Role::Server || !link.cbcp_request_sent) return;
                if (p.identifier != link.cbcp_request_sent->identifier) {
                    note("CBCP Response with a wrong Identifier: the answerer drops it (CBCP-04)");
                    return;
                }
                drop_owed(OutputKind::CbcpRequest, link.channel);
                link.cbcp_response = p;
                owe(OutputKind::CbcpAck, link.channel, p.identifier, reply_by(), {"CBCP-04"}, "CBCP Callback-Ack echoing the Response");
                break;
            }
            case wire::CbcpCode::Ack:
                // Done already when the caller went on without the Ack (AMB-40).
                if (role != Role::Client || !link.cbcp_response || !link.cbcp_active) return;
                if (p.identifier != link.cbcp_response->identifier && !profile.callback.cbcp_accept_wrong_ack_id) return;
                cbcp_done(link, link.cbcp_response->options.empty() ? 1 : link.cbcp_response->options.front().type, *link.cbcp_response);
                break;
            default: break;
        }
    }

    void cbcp_done(Link& link, std::uint8_t type, const wire::CbcpPacket& response) {
        link.cbcp_active = false;
        if (type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)) {
            coordinate(CbEvent::CbcpNoCallback);
            network_phase(link);
            return;
        }
        coordinate(CbEvent::CbcpAcked);
        const bool sut_terminates = (role == Role::Client) == (profile.callback.cbcp_terminator == CbcpTerminator::Caller);
        if (sut_terminates)
            owe(OutputKind::DropCall, link.channel, -1, reply_by(), {"CBCP-06", "AMB-12"}, "the call terminated after the CBCP Ack",
                link.call_key);
        if (role == Role::Server) {
            const wire::CbcpOption& o = response.options.front();
            callback_user = link.authenticated_name;
            callback_number = !o.addresses.empty() ? o.addresses.front().number
                                                   : (pixit.callback_numbers.count(callback_user) ? pixit.callback_numbers.at(callback_user) : "");
            callback_forbidden = false;
            negotiated_delay = Millis{1000 * o.delay};  // CBCP-06: the answerer waits the agreed Delay
        } else {
            pending_return = true;
        }
    }

    // ----- IPCP (RFC 1332, only as far as the network phase needs) ----------------------------------
    void observe_ipcp(Link& link, const wire::IpcpPacket& p) {
        bool was_up = network_up(link);
        // RFC 1661 section 4.1: in Opened a Configure-Request is sent only after This-Layer-Down
        // (RCR, RCA, RCN in Opened: "tld,scr"); the network is down until both directions are
        // acknowledged again.
        if (p.code == 1 && was_up) {
            link.ipcp_sut_acked = link.ipcp_peer_acked = false;
            was_up = false;
        }
        if (p.code == 1) link.sut_ipcp_cr = p;
        if (p.code == 2) link.ipcp_peer_acked = true;
        if (!was_up) maybe_network_up(link);
    }
    void stimulus_ipcp(Link& link, const wire::IpcpPacket& p) {
        const bool was_up = network_up(link);
        if (p.code == 2 && link.sut_ipcp_cr && p.identifier == link.sut_ipcp_cr->identifier) link.ipcp_sut_acked = true;
        if (!was_up) maybe_network_up(link);
    }
    static bool network_up(const Link& link) { return link.ipcp_sut_acked && link.ipcp_peer_acked; }
    // DDR-03: the idle timer starts when the network comes up (again, after IPCP renegotiated);
    // other IPCP packets (a late or duplicated Configure-Ack, which RFC 1661 section 5.2 has the
    // SUT discard) are not interesting traffic and do not restart it.
    void maybe_network_up(Link& link) {
        if (network_up(link)) {
            if (coord.state() == Cb::NoCallback) coordinate(CbEvent::NetworkUp);
            last_interesting = now;
        }
    }

    // ----- call teardown obligations ------------------------------------------------------------
    bool drop_owed_on(int channel) const {
        return std::any_of(owed.begin(), owed.end(), [&](const Owed& o) {
            return o.kind == OutputKind::DropCall && (o.channel == channel || o.channel == 0);
        });
    }

    // AMB-02: how the SUT ends a call it must drop: LCP Terminate-Request/-Ack then DISCONNECT
    // (send_lcp_tr) or DISCONNECT only; and, having answered the peer's Terminate-Request, no
    // hang-up sooner than hangup_after_ta (RFC 1661 section 3.7, PH-04: one Restart interval) unless
    // the profile claims an immediate hang-up (0).
    void check_hangup(const Call& call) {
        auto lit = links.find(call.channel);
        if (lit == links.end()) return;
        const Link& link = lit->second;
        if (profile.callback.send_lcp_tr && drop_owed_on(call.channel)) {
            exercise({"AMB-02"});
            if (link.fsm.state() == LcpState::Opened)
                violate({"AMB-02"}, "expected an LCP Terminate-Request on " + bname(call.channel) +
                                        " before DISCONNECT when dropping the call (profile: send_lcp_tr), observed DISCONNECT with LCP Opened");
        }
        const Millis wait = profile.callback.hangup_after_ta;
        if (link.sut_ta_at && wait.count() > 0) {
            exercise({"AMB-02", "PH-04"});
            if (now < *link.sut_ta_at + wait - pixit.tolerance.early)
                violate({"AMB-02", "PH-04"}, "DISCONNECT " + ms(now - *link.sut_ta_at) + " after the SUT's Terminate-Ack on " +
                                                 bname(call.channel) + "; the profile waits " + ms(wait) +
                                                 " (RFC 1661 section 3.7: at least one Restart interval)");
        }
    }

    void satisfy_drop(int channel) {
        for (auto it = owed.begin(); it != owed.end();) {
            if (it->kind == OutputKind::DropCall && (it->channel == channel || channel == 0)) it = owed.erase(it);
            else ++it;
        }
    }

    // ----- D-channel -----------------------------------------------------------------------------
    void on_q931(const wire::PortMessage& d, bool obs) {
        const auto& m = *d.decoded().q931;
        if (!m) {
            if (obs) violate({m.error().clause.empty() ? "ISDN-02" : m.error().clause}, "undecodable Q.931 message: " + m.error().to_string());
            else note("undecodable Q.931 stimulus: " + m.error().to_string());
            return;
        }
        const wire::Q931Message& msg = m.value();
        const bool sut_allocated = obs != msg.from_destination;
        const int key = call_key_of(msg.call_reference, sut_allocated);
        if (msg.kind() == wire::Q931Type::StatusEnquiry || msg.kind() == wire::Q931Type::Status) {
            status_procedure(msg, key, obs);
            return;
        }
        const auto ev = q931_event(msg.kind(), obs);
        if (!ev) {
            if (obs) note(std::string("SUT sent ") + wire::q931_type_name(msg.type));
            return;
        }
        if (*ev == Q931Event::SetupOut) {
            if (!observe_setup(msg)) return;
        }
        auto it = calls.find(key);
        const bool collided = collided_calls.erase(key) > 0;
        if (it == calls.end()) {
            if (*ev != Q931Event::SetupOut && *ev != Q931Event::SetupIn) {
                if (obs && *ev == Q931Event::RelCompOut && collided) {
                    violate({"ISDN-11"}, "RELEASE COMPLETE for call reference " + std::to_string(msg.call_reference) +
                                             ", freed by a clear collision (RELEASE received in Release Request): Q.931 "
                                             "section 5.3.5 frees it without sending a RELEASE COMPLETE");
                    return;
                }
                if (obs && *ev == Q931Event::RelCompOut && take(OutputKind::ReleaseComplete, 0, key)) return;
                if (obs && *ev != Q931Event::RelCompOut)
                    violate({"ISDN-05"}, std::string(wire::q931_type_name(msg.type)) + " for unknown call reference " + std::to_string(msg.call_reference));
                else note(std::string(wire::q931_type_name(msg.type)) + " for an unknown call reference");
                return;
            }
            Call c;
            c.cref = msg.call_reference;
            c.sut_allocated = sut_allocated;
            c.started = now;
            c.number = msg.called ? msg.called->digits : "";
            if (*ev == Q931Event::SetupIn) c.number = msg.calling ? msg.calling->digits : "";
            it = calls.emplace(key, std::move(c)).first;
            if (*ev == Q931Event::SetupIn) incoming_setup(it->second, key, msg);
        }
        Call& call = it->second;
        if (msg.channel && (msg.channel->channel == 1 || msg.channel->channel == 2)) call.channel = msg.channel->channel;
        const Q931Step step = call.q.fire(*ev);
        if (!step.legal) {
            if (obs) violate({"ISDN-02", "ISDN-03", "ISDN-05"}, std::string("SUT sent ") + wire::q931_type_name(msg.type) + " in " +
                                                                    q931_state_name(step.from) + " where Q.931 allows no such message");
            else note("FSM-05: " + std::string(q931_event_name(*ev)) + " is illegal in " + q931_state_name(step.from));
            return;
        }
        if (!obs && (*ev == Q931Event::DisconnectIn || *ev == Q931Event::ReleaseIn)) call.network_cleared = true;
        if (!obs && *ev == Q931Event::ReleaseIn && step.from == Q931State::U19) {
            exercise({"ISDN-11"});
            collided_calls.insert(key);
        }
        // Consume what the SUT owed on this call.
        if (obs) consume_q931(call, key, *ev, msg);
        // A call the SUT placed ends before it connected: refused by the network, or given up by
        // the SUT itself (wait-for-carrier DDR-05, T310): either way DDR-06 applies from now.
        const bool failed = call.sut_allocated && !was_connected(key) &&
                            (obs ? *ev == Q931Event::DisconnectOut
                                 : (*ev == Q931Event::RelCompIn || *ev == Q931Event::DisconnectIn));
        q931_apply(key, step, obs ? static_cast<int>(*ev) : -1);
        if (failed) call_failed(msg.cause ? msg.cause->value : 0);
    }

    // Q.931 section 5.8.10 (ISDN-09): "Upon receipt of a STATUS ENQUIRY message, the receiver
    // shall respond with a STATUS message, reporting the current call state ... and cause
    // No. 30 'response to STATUS ENQUIRY'." Neither message moves the call's state.
    void status_procedure(const wire::Q931Message& msg, int key, bool obs) {
        const auto it = calls.find(key);
        if (!obs) {
            if (msg.kind() != wire::Q931Type::StatusEnquiry) return note("STATUS from the network: no answer owed");
            if (it == calls.end() || it->second.q.state() == Q931State::U0)
                return note("STATUS ENQUIRY for a call reference with no call: no STATUS owed");
            owe(OutputKind::Status, 0, -1, reply_by(), {"ISDN-09"}, "STATUS (cause #30) answering the STATUS ENQUIRY", key);
            return;
        }
        if (msg.kind() != wire::Q931Type::Status) return note("SUT sent STATUS ENQUIRY");
        exercise({"ISDN-09"});
        if (!take(OutputKind::Status, 0, key)) return note("STATUS with no STATUS ENQUIRY to answer (Q.931 section 5.8: error reporting)");
        const std::uint8_t cause = msg.cause ? msg.cause->value : 0;
        if (cause != wire::cause::kResponseToStatusEnquiry)
            violate({"ISDN-09"}, "expected STATUS with cause #30 (response to STATUS ENQUIRY), observed " +
                                     (msg.cause ? "#" + std::to_string(cause) : std::string("no cause")));
        const auto state_ie = std::find_if(msg.others.begin(), msg.others.end(),
                                           [](const wire::RawIe& ie) { return ie.id == wire::q931_ie::kCallState; });
        const int expected = it == calls.end() ? 0 : static_cast<int>(it->second.q.state());
        if (state_ie == msg.others.end() || state_ie->contents.size() != 1)
            violate({"ISDN-09"}, "expected STATUS with a Call state IE (one octet), observed none");
        else if ((state_ie->contents[0] & 0x3F) != expected)
            violate({"ISDN-09"}, "expected STATUS reporting call state U" + std::to_string(expected) + ", observed U" +
                                     std::to_string(state_ie->contents[0] & 0x3F));
    }

    static std::optional<Q931Event> q931_event(wire::Q931Type t, bool obs) {
        using T = wire::Q931Type;
        switch (t) {
            case T::Setup: return obs ? Q931Event::SetupOut : Q931Event::SetupIn;
            case T::CallProceeding: return obs ? Q931Event::CallProcOut : Q931Event::CallProcIn;
            case T::Alerting: return obs ? Q931Event::AlertingOut : Q931Event::AlertingIn;
            case T::Progress: return obs ? std::nullopt : std::optional<Q931Event>(Q931Event::ProgressIn);
            case T::Connect: return obs ? Q931Event::ConnectOut : Q931Event::ConnectIn;
            case T::ConnectAck: return obs ? Q931Event::ConnectAckOut : Q931Event::ConnectAckIn;
            case T::Disconnect: return obs ? Q931Event::DisconnectOut : Q931Event::DisconnectIn;
            case T::Release: return obs ? Q931Event::ReleaseOut : Q931Event::ReleaseIn;
            case T::ReleaseComplete: return obs ? Q931Event::RelCompOut : Q931Event::RelCompIn;
            default: return std::nullopt;
        }
    }

    int busy_calls() const {
        int n = 0;
        for (const auto& [k, c] : calls) n += c.q.state() != Q931State::U0;
        return n;
    }

    // The SUT dials: is it allowed now, to that number? (ISDN-01, DDR-01/02/06, CCB-03/05/06)
    bool observe_setup(const wire::Q931Message& msg) {
        exercise({"ISDN-01", "DDR-01", "DDR-02", "DDR-06"});
        if (role == Role::Server) exercise({"CCB-03", "CCB-05", "CCB-06"});
        const std::string called = msg.called ? msg.called->digits : "";
        dial(DdrEvent::Dialled);
        if (busy_calls() >= profile.isdn.channels)
            violate({"ISDN-01"}, "a third call (SETUP to " + called + ") while both B-channels of the BRI are busy");
        const Cb st = coord.state();
        if (role == Role::Server && (st == Cb::Pending || st == Cb::Refused || st == Cb::Idle || st == Cb::CallingBack) &&
            (callback_forbidden || !callback_number.empty() || return_attempts > 0)) {
            if (callback_forbidden) {
                violate({"CCB-05"}, "return call to " + called + " for user " + callback_user + ", who is not configured for callback (callback-secure)");
                return true;
            }
            if (st == Cb::Idle && return_attempts > profile.callback.return_retries) {
                violate({"CCB-06", "AMB-10"}, "return call retried (attempt " + std::to_string(return_attempts + 1) +
                                                  ") after it failed; the profile allows " + std::to_string(profile.callback.return_retries) + " retries");
                return true;
            }
            if (st == Cb::Pending) {
                if (called != callback_number)
                    violate({"CCB-03", "AMB-08"}, "expected the return call to " + callback_number + " (dialer map for the authenticated user " +
                                                      callback_user + "), observed SETUP to " + called);
                if (now < callback_from - pixit.tolerance.early)
                    violate({"DDR-06", "AMB-09"}, "return call " + ms(now - (callback_from - profile.callback.delay)) +
                                                      " after the first call cleared; the enable-timeout is " + ms(profile.callback.delay));
                ++return_attempts;
                coordinate(CbEvent::ReturnDialled);
                return true;
            }
        }
        if (other_dials.erase(called)) return true;  // DDR-04: another destination, a B-channel was free
        // Dial-on-demand (client, or server without a pending callback).
        if (take(OutputKind::Setup, 0) || (may_dial_until && now <= *may_dial_until)) {
            may_dial_until.reset();
            if (pixit.dialer_map_to_peer && called != pixit.peer_number)
                violate({"DDR-02"}, "expected SETUP to the dialer map number " + pixit.peer_number + ", observed " + called);
            if (enable_timeout_runs(pixit.tolerance.early))
                violate({"DDR-06"}, "dialled " + since_last_clear() + " after the last disconnect; enable-timeout is " + ms(profile.dialer.enable_timeout));
            return true;
        }
        if (pending_return) {
            violate({"CCB-04"}, "the callback client dialled " + called + " while a return call is pending");
            return true;
        }
        if (profile.dialer.enabled && enable_timeout_runs(pixit.tolerance.early)) {
            violate({"DDR-06"}, "dialled " + called + " " + since_last_clear() + " after the last call cleared; the line is unusable for the enable-timeout " +
                                    ms(profile.dialer.enable_timeout));
            return true;
        }
        violate({"DDR-01"}, "SETUP to " + called + " without interesting traffic to carry");
        return true;
    }

    void incoming_setup(Call& call, int key, const wire::Q931Message& msg) {
        if (role == Role::Client && pending_return) {
            call.return_call = true;
            owe(OutputKind::Connect, 0, -1, reply_by(), {"CCB-04", "ISDN-03"}, "the return call answered (CONNECT)", key);
            return;
        }
        // CCB-04 "Call in -> LCP": an idle callback server answers the client's call, on whichever
        // B-channel the network chose (Q.931 section 5.2.3.1: the channel indicated "exclusive" is
        // the one to use); nothing of its own being busy, refusing it (#17) is no answer (ISDN-03).
        const bool on_a_b_channel = msg.channel && (msg.channel->channel == 1 || msg.channel->channel == 2);
        const bool from_the_client = msg.calling && msg.calling->digits == pixit.peer_number;  // screening aside
        if (role == Role::Server && on_a_b_channel && from_the_client && busy_calls() == 0 && links.empty() &&
            coord.state() == Cb::Idle) {
            exercise({"CCB-04", "ISDN-03"});
            owe(OutputKind::Connect, 0, -1, reply_by(), {"CCB-04", "ISDN-03"},
                "the client's call answered on B" + std::to_string(msg.channel->channel) + " (CONNECT)", key);
        }
    }

    // Q.850 section 2.2.4: the location field "indicates where the cause was generated"; a cause
    // the SUT generates itself (its DISCONNECT, the RELEASE repeating it, a RELEASE COMPLETE
    // refusing a SETUP) carries the profile's location (AMB-17: Cisco 0x80, user).
    void check_own_cause_location(const wire::Q931Message& msg) {
        if (profile.isdn.user_cause_location < 0 || !msg.cause) return;
        exercise({"AMB-17"});
        if (msg.cause->location != profile.isdn.user_cause_location)
            violate({"AMB-17", "ISDN-05"}, std::string("expected the cause of the SUT's own ") + wire::q931_type_name(msg.type) +
                                                " to carry location " + std::to_string(profile.isdn.user_cause_location) +
                                                " (where it was generated, Q.850 section 2.2.4), observed location " +
                                                std::to_string(msg.cause->location));
    }

    void consume_q931(Call& call, int key, Q931Event ev, const wire::Q931Message& msg) {
        switch (ev) {
            case Q931Event::ConnectOut: take(OutputKind::Connect, 0, key); break;
            case Q931Event::ConnectAckOut: take(OutputKind::ConnectAck, 0, key); break;
            case Q931Event::DisconnectOut:
                exercise({"ISDN-05"});
                // Q.931 section 5.1.8: on CONNECT the calling user sends CONNECT ACKNOWLEDGE (the
                // profile says whether it does, AMB-17); clearing the call instead leaves it unsent.
                if (auto o = take(OutputKind::ConnectAck, 0, key))
                    violate(o->reqs.list(), "expected " + o->what + " for the CONNECT, observed DISCONNECT" +
                                                (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) + " instead");
                if (!msg.cause)  // Q.931 section 3.1.5: Cause is mandatory in DISCONNECT
                    violate({"ISDN-05"}, "DISCONNECT without its mandatory Cause information element");
                if (!call.network_cleared) check_own_cause_location(msg);
                take(OutputKind::Disconnect, 0, key);
                if (msg.cause) call.disconnect_cause = msg.cause->value;
                check_hangup(call);
                satisfy_drop(call.channel);
                satisfy_drop(0);
                idle_check(call, msg);
                break;
            case Q931Event::ReleaseOut:
                take(OutputKind::Release, 0, key);
                if (call.disconnect_cause && !call.network_cleared) {
                    check_own_cause_location(msg);
                    // Q.931 section 5.3.3: at T305 expiry "the user shall send a RELEASE message to
                    // the network with the cause number originally contained in the DISCONNECT".
                    exercise({"ISDN-10"});
                    if (!msg.cause || msg.cause->value != *call.disconnect_cause)
                        violate({"ISDN-10"}, "expected RELEASE with cause #" + std::to_string(*call.disconnect_cause) +
                                                 " (its DISCONNECT's, the network never answered), observed " +
                                                 (msg.cause ? "#" + std::to_string(msg.cause->value) : std::string("no cause")));
                }
                break;
            case Q931Event::RelCompOut:
                take(OutputKind::ReleaseComplete, 0, key);
                if (!call.network_cleared) check_own_cause_location(msg);
                // A call the SUT owed an answer (the client's return call, the server's call in:
                // CCB-04, ISDN-03) refused instead.
                if (auto o = take(OutputKind::Connect, 0, key))
                    violate(o->reqs.list(), "expected " + o->what + ", observed RELEASE COMPLETE" +
                                                (msg.cause ? " #" + std::to_string(msg.cause->value) : std::string()) + " refusing it");
                break;
            case Q931Event::SetupOut:
                if (role == Role::Server && coord.state() == Cb::CallingBack) call.return_call = true;
                break;
            default: break;
        }
    }

    // DDR-03/04: when the SUT must hang up an idle call: idle-timeout after the last interesting
    // packet; while another destination waits for the BRI (contention), fast-idle instead, and at
    // once when the line has already been idle that long.
    bool contended() const { return dialer.in(Ddr::Contended); }
    Millis idle_deadline() const {
        if (contended()) return std::max(last_interesting + profile.dialer.fast_idle, contention_at + pixit.tolerance.reply);
        return last_interesting + profile.dialer.idle_timeout;
    }

    // DDR-03/04: an idle disconnect must not come before the idle timer ran out.
    void idle_check(const Call& call, const wire::Q931Message&) {
        exercise({"DDR-03"});
        if (contended()) exercise({"DDR-04"});
        auto lit = links.find(call.channel);
        if (lit == links.end()) return;
        idle_close_check(lit->second, "disconnected");
    }
    // DDR-03: an up link in the network phase is closed (Terminate-Request or DISCONNECT) for
    // idleness only once the idle-timeout has run out; other reasons owe a DropCall.
    void idle_close_check(const Link& link, const char* what) {
        if (!(link.ipcp_sut_acked && link.ipcp_peer_acked)) return;
        if (link.fsm.state() != LcpState::Opened) return;
        const bool fast = contended();
        const Millis idle = fast ? profile.dialer.fast_idle : profile.dialer.idle_timeout;
        if (profile.dialer.enabled && now < last_interesting + idle - pixit.tolerance.early)
            violate({fast ? "DDR-04" : "DDR-03"}, std::string(what) + " " + ms(now - last_interesting) +
                                                     " after the last interesting packet; " +
                                                     (fast ? "fast-idle" : "idle-timeout") + " is " + ms(idle));
    }

    // A call the SUT placed was refused or not answered (ISDN-06): CCB-06 / AMB-10 for return calls.
    void call_failed(int cause) {
        if (coord.state() == Cb::CallingBack) {
            note("return call failed with cause #" + std::to_string(cause));
            if (return_attempts <= profile.callback.return_retries) {
                coordinate(CbEvent::ReturnFailedRetry);
                callback_from = now;
                callback_deadline = now + pixit.tolerance.late + pixit.tolerance.reply;
            } else {
                coordinate(CbEvent::ReturnFailed);
                callback_number.clear();
            }
        }
        last_clear = now;
        dial(DdrEvent::Failed);
    }
    std::set<int> connected_calls;
    bool was_connected(int key) const { return connected_calls.count(key) > 0; }

    void q931_apply(int key, const Q931Step& step, int /*consumed*/) {
        auto it = calls.find(key);
        if (it == calls.end()) return;
        Call& call = it->second;
        bool gone = false;
        for (Q931Effect e : step.effects) {
            switch (e) {
                case Q931Effect::StartTimer:
                    call.timer = step.timer;
                    call.timer_start = now;
                    break;
                case Q931Effect::StopTimer: call.timer = Q931Timer::None; break;
                case Q931Effect::OweSetup:
                    owe(OutputKind::Setup, 0, -1, now + pixit.tolerance.late, {"ISDN-02"}, "SETUP retransmission after T303", key);
                    break;
                case Q931Effect::OweConnectAck:
                    if (profile.isdn.connect_ack)
                        owe(OutputKind::ConnectAck, 0, -1, reply_by(), {"ISDN-02", "AMB-17"}, "CONNECT ACK", key);
                    break;
                case Q931Effect::OweDisconnect:
                    owe(OutputKind::Disconnect, 0, -1, now + pixit.tolerance.late, {"ISDN-06", "DDR-05"},
                        "DISCONNECT after the call failed to connect (T310/T313/wait-for-carrier)", key);
                    break;
                case Q931Effect::OweRelease:
                    owe(OutputKind::Release, 0, -1, reply_by(), {"ISDN-05"}, "RELEASE", key);
                    break;
                case Q931Effect::OweRelComp:
                    owe(OutputKind::ReleaseComplete, 0, -1, reply_by(), {"ISDN-05"}, "RELEASE COMPLETE", key);
                    break;
                case Q931Effect::ChannelUp: channel_up(call, key); break;
                case Q931Effect::ChannelDown: channel_down(call); break;
                case Q931Effect::CallGone: gone = true; break;  // after the other effects
            }
        }
        if (gone) call_gone(key);
    }

    void channel_up(Call& call, int key) {
        connected_calls.insert(key);
        int ch = call.channel;
        if (ch == 0)
            for (int c = 1; c <= profile.isdn.channels; ++c)
                if (!links.count(c)) {
                    ch = c;
                    break;
                }
        call.channel = ch;
        const Cb st = coord.state();
        if (call.return_call && st == Cb::CallingBack) coordinate(CbEvent::ReturnConnected);
        else if (call.return_call && st == Cb::AwaitReturn) {
            // The client frees its callback record once the return call authenticates the
            // server ("Callback received from R1", then "Freeing callback": DESIGN.md section 1);
            // a return call lost before that leaves the record, and the client still waits.
            coordinate(CbEvent::ReturnAnswered);
        } else if (st == Cb::Idle) coordinate(call.sut_allocated ? CbEvent::OutgoingConnected : CbEvent::IncomingAnswered);
        dial(DdrEvent::Connected);
        open_link(ch, key, call.return_call, call.sut_allocated);
    }

    // ISDN-07 / PH-01: the B-channel is through-connected -> LCP Open + Up.
    void open_link(int ch, int key, bool return_call, bool outgoing) {
        if (links.count(ch)) retire_link(ch);
        Link link;
        link.channel = ch;
        link.call_key = key;
        link.return_call = return_call;
        link.outgoing = outgoing;
        // AMB-07: a client asks for callback on the calls it places (Cisco), or on any call when
        // the profile says so; never on a return call (CB-04).
        link.first_call = !return_call && (role == Role::Server || outgoing || profile.callback.request_on_incoming);
        link.fsm = LcpFsm(LcpFsmOptions{profile.lcp.passive, profile.lcp.restart_option, profile.lcp.max_configure,
                                        profile.lcp.max_terminate, profile.lcp.max_failure});
        Link& l = links.emplace(ch, std::move(link)).first->second;
        apply(l, l.fsm.fire(LcpEvent::Open), -1);
        apply(l, l.fsm.fire(LcpEvent::Up), -1);
        last_interesting = now;
    }

    void channel_down(Call& call) {
        auto lit = links.find(call.channel);
        if (lit == links.end()) return;
        Link& link = lit->second;
        apply(link, link.fsm.fire(LcpEvent::Down), -1);
        retire_link(call.channel);
    }

    void retire_link(int ch) {
        auto lit = links.find(ch);
        if (lit == links.end()) return;
        drop_channel(ch);
        retired_lcp.push_back(std::move(lit->second.fsm));
        retired_auth.emplace_back(std::move(lit->second.authr), std::move(lit->second.authee));
        links.erase(lit);
    }

    void call_gone(int key) {
        auto it = calls.find(key);
        if (it == calls.end()) return;
        retired_calls.push_back(it->second.q);
        if (links.count(it->second.channel) && links.at(it->second.channel).call_key == key) {
            Link& link = links.at(it->second.channel);
            apply(link, link.fsm.fire(LcpEvent::Down), -1);
            retire_link(it->second.channel);
        }
        const bool was_up = connected_calls.count(key) > 0;
        owed.erase(std::remove_if(owed.begin(), owed.end(), [&](const Owed& o) { return o.call_key == key && o.kind != OutputKind::ReleaseComplete; }),
                   owed.end());
        calls.erase(it);
        connected_calls.erase(key);
        if (!was_up) return;
        last_clear = now;
        dial(connected_calls.empty() ? DdrEvent::Cleared : DdrEvent::ChannelCleared);
        satisfy_drop(0);
        const Cb st = coord.state();
        if (st == Cb::ReturnCall && role == Role::Client && pending_return) {
            // The return call failed before authentication: the client keeps waiting for another
            // attempt (the server may retry, AMB-10) until its hold time ends (DDR-07).
            const bool waiting = profile.callback.hold_timeout.count() == 0 || now < pending_until;
            if (waiting) {
                coordinate(CbEvent::ReturnFailed);
                return;
            }
            pending_return = false;
        }
        if (st == Cb::Dropping) {
            if (role == Role::Client) {
                coordinate(CbEvent::ClearedClient);
                pending_until = now + profile.callback.hold_timeout;
            } else if (!callback_number.empty()) {
                coordinate(CbEvent::ClearedServer);
                // CBCP-06: the answerer waits the agreed Delay; a DDR server cannot dial before its
                // enable-timeout ends either (DDR-06), so the later of the two applies (AMB-09).
                Millis delay = negotiated_delay.value_or(profile.callback.delay);
                if (negotiated_delay && profile.dialer.enabled) delay = std::max(delay, profile.dialer.enable_timeout);
                callback_from = now + delay;
                negotiated_delay.reset();
                callback_deadline = callback_from + pixit.tolerance.late + pixit.tolerance.reply;
                return_attempts = 0;
            } else {
                coordinate(CbEvent::ClearedNoReturn);
            }
        } else if (st == Cb::FirstCall || st == Cb::Agreed || st == Cb::Cbcp || st == Cb::Refused || st == Cb::NoCallback ||
                   st == Cb::ReturnCall || st == Cb::Connected || st == Cb::Idle || st == Cb::AwaitReturn || st == Cb::Pending) {
            coordinate(CbEvent::CallCleared);
        }
    }

    // ----- LAN side ----------------------------------------------------------------------------
    void on_offered(const wire::Ipv4Packet& packet) {
        const bool to_peer = packet.destination == pixit.peer_address;
        if (const auto other = pixit.other_dialer_maps.find(packet.destination); !to_peer && other != pixit.other_dialer_maps.end()) {
            other_destination(other->second);
            return;
        }
        if (!to_peer) {
            note("offered packet not routed over the dialer (destination " + wire::ipv4_to_string(packet.destination) + ")");
            return;
        }
        for (auto& [ch, link] : links) {
            if (link.ipcp_sut_acked && link.ipcp_peer_acked && link.fsm.state() == LcpState::Opened) {
                owe(OutputKind::IpDatagram, ch, -1, reply_by(), {"DDR-01"}, "the offered packet sent on " + bname(ch));
                last_interesting = now;
                dial(DdrEvent::Interesting);
                return;
            }
        }
        if (!profile.dialer.enabled || !pixit.dialer_map_to_peer) return;
        dial(DdrEvent::Interesting);
        const std::optional<Millis> enable_end = enable_timeout_end();
        if (profile.dialer.hold_queue == 0 && enable_end && now < *enable_end) {
            // DDR-06: the line is unusable until the enable-timeout ends; with no hold queue
            // (DDR-07) the packet is dropped and nothing is left to dial for.
            exercise({"DDR-06"});
            if (now >= *enable_end - pixit.tolerance.early) {
                may_dial_until = *enable_end + pixit.tolerance.reply;
                note("interesting packet at the end of the enable-timeout: a call is allowed, not owed");
                return;
            }
            note("interesting packet during the enable-timeout: dropped, no call owed");
            return;
        }
        if (profile.dialer.hold_queue > 0 && static_cast<int>(hold_queue.size()) < profile.dialer.hold_queue) hold_queue.push_back(packet);
        if (!links.empty() || busy_calls() > 0) return;  // a call is already coming up
        if (pending_return) return;                       // the client waits for its return call
        for (const Owed& o : owed)
            if (o.kind == OutputKind::Setup) return;
        const Millis earliest = std::max(now, enable_timeout_end().value_or(now));
        owe(OutputKind::Setup, 0, -1, earliest + pixit.tolerance.reply, {"DDR-01"},
            "SETUP to " + pixit.peer_number + " for interesting traffic", -1, earliest - pixit.tolerance.early);
    }

    // DDR-04: interesting traffic for another mapped destination. With a B-channel free the SUT may
    // dial it; with none free the calls up are under contention and drop at fast-idle.
    void other_destination(const std::string& number) {
        exercise({"DDR-04"});
        if (!profile.dialer.enabled) return;
        if (busy_calls() < profile.isdn.channels) {
            other_dials.insert(number);
            note("interesting traffic for " + number + " with a B-channel free: a SETUP to it is allowed, not owed");
            return;
        }
        if (!contended()) contention_at = now;
        dial(DdrEvent::Contention);
    }

    void on_delivered(const wire::Ipv4Packet& packet) {
        auto it = std::find(peer_packets.begin(), peer_packets.end(), packet);
        if (it == peer_packets.end()) {
            violate({"DDR-01"}, "delivered " + wire::describe(packet) + ", which no peer sent over an up link");
            return;
        }
        peer_packets.erase(it);
        take(OutputKind::Delivery, 0);
    }
};

RouterSpec::RouterSpec(Role role, Profile profile, Pixit pixit)
    : impl_(std::make_unique<Impl>(role, std::move(profile), std::move(pixit))) {
    if (impl_->pixit.line_up_at_start) {  // pty or leased line: no call control (PEERS.md section 2)
        impl_->coordinate(CbEvent::OutgoingConnected);
        impl_->dial(DdrEvent::Connected);
        impl_->open_link(1, -1, false, true);
    }
}
RouterSpec::~RouterSpec() = default;
RouterSpec::RouterSpec(const RouterSpec& other) : impl_(std::make_unique<Impl>(*other.impl_)) { impl_->cur = nullptr; }
RouterSpec& RouterSpec::operator=(const RouterSpec& other) {
    if (this != &other) {
        impl_ = std::make_unique<Impl>(*other.impl_);
        impl_->cur = nullptr;
    }
    return *this;
}
RouterSpec::RouterSpec(RouterSpec&&) noexcept = default;
RouterSpec& RouterSpec::operator=(RouterSpec&&) noexcept = default;

Judgement RouterSpec::on_event(const wire::PortMessage& message) {
    Judgement j;
    Impl& m = *impl_;
    m.cur = &j;
    const Millis at = std::max(message.at, m.now);
    m.expire(at);
    m.now = at;
    const bool obs = message.direction == Direction::FromSut;
    switch (message.kind()) {
        case wire::PortKind::BFrame: m.on_frame(message, obs); break;
        case wire::PortKind::Q931: m.on_q931(message, obs); break;
        case wire::PortKind::Ipv4: {
            const auto& packet = *message.decoded().ipv4;
            if (!packet) m.note("malformed IPv4 at the LAN side: " + packet.error().to_string());
            else if (obs) m.on_delivered(packet.value());
            else m.on_offered(packet.value());
            break;
        }
    }
    m.cur = nullptr;
    return j;
}

Judgement RouterSpec::advance_to(Millis now) {
    Judgement j;
    Impl& m = *impl_;
    m.cur = &j;
    const Millis at = std::max(now, m.now);
    m.expire(at);  // a deadline equal to `now` is still met
    m.now = at;
    m.cur = nullptr;
    return j;
}

std::vector<Obligation> RouterSpec::owed() const {
    const Impl& m = *impl_;
    std::vector<Obligation> out;
    for (const Owed& o : m.owed) out.push_back({o.kind, o.channel, o.text(), o.not_before, o.deadline, o.reqs.list()});
    for (const auto& [ch, link] : m.links) {
        if (!link.fsm.timer_running() || link.fsm.restart_counter() == 0) continue;
        const LcpState st = link.fsm.state();
        const bool term = st == LcpState::Closing || st == LcpState::Stopping;
        const Millis expiry = link.timer_start + m.profile.lcp.restart;
        out.push_back({term ? OutputKind::LcpTermReq : OutputKind::LcpConfReq, ch,
                       std::string(term ? "Terminate" : "Configure") + "-Request retransmission on " + bname(ch) +
                           " unless the peer answers (TO+)",
                       expiry - m.pixit.tolerance.early, expiry + m.pixit.tolerance.late, {"FSM-01", "FSM-02"}});
    }
    if (m.profile.dialer.enabled)
        for (const auto& [ch, link] : m.links)
            if (link.ipcp_sut_acked && link.ipcp_peer_acked && !link.idle_reported)
                out.push_back({OutputKind::Disconnect, ch,
                               m.contended() ? "DISCONNECT at fast-idle (another destination waits) unless interesting traffic flows"
                                             : "DISCONNECT at idle-timeout unless interesting traffic flows",
                               m.idle_deadline() - m.pixit.tolerance.early, m.idle_deadline() + m.pixit.tolerance.late,
                               {m.contended() ? "DDR-04" : "DDR-03"}});
    if (m.coord.state() == Cb::Pending && !m.callback_forbidden)
        out.push_back({OutputKind::Setup, 0, "the return call to " + m.callback_number, m.callback_from - m.pixit.tolerance.early,
                       m.callback_deadline, {"CCB-04", "DDR-06"}});
    std::sort(out.begin(), out.end(), [](const Obligation& a, const Obligation& b) { return a.deadline < b.deadline; });
    return out;
}

std::optional<Millis> RouterSpec::next_deadline() const {
    const Impl& m = *impl_;
    std::optional<Millis> best;
    auto consider = [&](Millis t) {
        if (!best || t < *best) best = t;
    };
    for (const Obligation& o : owed()) consider(o.deadline);
    for (const auto& [ch, link] : m.links)
        if (link.fsm.timer_running()) consider(link.timer_start + m.profile.lcp.restart);
    for (const auto& [k, c] : m.calls)
        if (c.timer != Q931Timer::None) consider(c.timer_start + m.timer_length(c.timer));
    return best;
}

std::vector<OutputKind> RouterSpec::allowed_next() const {
    const Impl& m = *impl_;
    std::set<OutputKind> out;
    for (const Owed& o : m.owed) {
        if (o.kind == OutputKind::DropCall) {
            out.insert(OutputKind::LcpTermReq);
            out.insert(OutputKind::Disconnect);
        } else {
            out.insert(o.kind);
        }
    }
    for (const auto& [ch, link] : m.links) {
        const LcpState st = link.fsm.state();
        if (link.fsm.timer_running()) out.insert(st == LcpState::Closing || st == LcpState::Stopping ? OutputKind::LcpTermReq : OutputKind::LcpConfReq);
        if (st >= LcpState::ReqSent) out.insert(OutputKind::LcpTermReq);  // administrative Close
        if (st == LcpState::Opened) {
            out.insert(OutputKind::LcpProtoRej);
            if (link.auth_complete && !link.no_ncp && !link.cbcp_active) out.insert(OutputKind::Ipcp);
            if (link.ipcp_sut_acked && link.ipcp_peer_acked) out.insert(OutputKind::IpDatagram);
        }
    }
    if (!m.calls.empty()) out.insert(OutputKind::Disconnect);
    return {out.begin(), out.end()};
}

Coverage RouterSpec::coverage() const {
    const Impl& m = *impl_;
    Coverage c = LcpFsm{}.coverage();
    for (auto& t : c.transitions) t.hits = 0;
    for (auto& s : c.states) s.hits = 0;
    Coverage q = Q931Call{}.coverage();
    for (auto& t : q.transitions) t.hits = 0;
    for (auto& s : q.states) s.hits = 0;
    c.merge(q);
    for (const LcpFsm& fsm : m.retired_lcp) c.merge(fsm.coverage());
    for (const Q931Call& call : m.retired_calls) c.merge(call.coverage());
    for (const auto& [ch, link] : m.links) c.merge(link.fsm.coverage());
    for (const auto& [k, call] : m.calls) c.merge(call.q.coverage());
    c.merge(m.coord.coverage());
    c.merge(m.dialer.coverage());
    auto fresh = [](Coverage z) {  // the tables' names with no hits, so never-fired rows are listed
        for (auto& t : z.transitions) t.hits = 0;
        for (auto& s : z.states) s.hits = 0;
        return z;
    };
    c.merge(fresh(detail::make_authenticator().coverage()));
    c.merge(fresh(detail::make_authenticatee().coverage()));
    for (const auto& [authr, authee] : m.retired_auth) {
        c.merge(authr.coverage());
        c.merge(authee.coverage());
    }
    for (const auto& [ch, link] : m.links) {
        c.merge(link.authr.coverage());
        c.merge(link.authee.coverage());
    }
    for (const RuleRow& r : kRules) {
        c.transitions.push_back({"rules", r.check, {r.id}, m.rule_hits[rule_index(r.id)]});
    }
    return c;
}

std::vector<Violation> RouterSpec::violations() const { return impl_->all_violations; }
std::vector<std::string> RouterSpec::notes() const { return impl_->all_notes; }

std::optional<LcpState> RouterSpec::lcp_state(int channel) const {
    auto it = impl_->links.find(channel);
    if (it == impl_->links.end()) return std::nullopt;
    return it->second.fsm.state();
}

std::string RouterSpec::phase(int channel) const {
    auto it = impl_->links.find(channel);
    if (it == impl_->links.end()) return "Dead";
    const Link& l = it->second;
    const LcpState st = l.fsm.state();
    if (st == LcpState::Closing || st == LcpState::Stopping) return "Terminate";
    if (st != LcpState::Opened) return "Establish";
    if (!l.auth_complete) return "Authenticate";
    if (l.cbcp_active || l.no_ncp) return "Callback";
    return "Network";
}

std::string RouterSpec::callback_state() const { return impl_->coord.name(impl_->coord.state()); }
Role RouterSpec::role() const { return impl_->role; }
const Profile& RouterSpec::profile() const { return impl_->profile; }

}  // namespace ppp::model
