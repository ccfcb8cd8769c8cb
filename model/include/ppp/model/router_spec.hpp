#pragma once
// The oracle for one router port (DESIGN.md section 5): fed every stimulus and observation at the
// SUT's port, it judges each observation, says what the SUT still owes and by when, and counts
// coverage. Composes the LCP automaton (per B-channel), packet rules, PAP/CHAP, callback (RFC 1570
// and CBCP, client or server role), the DDR dialer and Q.931 call states.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ppp/model/coverage.hpp"
#include "ppp/model/lcp_fsm.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/model/q931_call.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/port.hpp"

namespace ppp::model {

// The port's vocabulary (ppp/wire/port.hpp): the oracle is fed wire::PortMessage and reads its
// decoding, made once per message for every consumer.
using wire::Direction;

struct Violation {
    Millis at{0};
    std::vector<std::string> requirements;  // SPEC IDs
    std::string explanation;                // "expected ..., observed ..."
};

struct Judgement {
    bool conforming = true;
    std::vector<std::string> requirements;  // union over `violations`
    std::string explanation;                // all violations, one per line
    std::vector<Violation> violations;
    std::vector<std::string> notes;         // findings that are not failures (FSM-05 on stimuli,
                                            // tolerated deviations, ignored stimuli)
    explicit operator bool() const { return conforming; }
    bool violates(const std::string& requirement) const;
};

// Coarse kinds of output, for generators and for `owed()`.
enum class OutputKind : std::uint8_t {
    LcpConfReq, LcpConfAck, LcpConfNakOrRej, LcpTermReq, LcpTermAck, LcpCodeRej, LcpProtoRej,
    LcpEchoReply, PapRequest, PapAckOrNak, ChapChallenge, ChapResponse, ChapSuccessOrFailure,
    CbcpRequest, CbcpResponse, CbcpAck, Ipcp, IpDatagram, Setup, CallProceeding, Alerting, Connect,
    ConnectAck, Disconnect, Release, ReleaseComplete, Delivery, DropCall, Status, IcmpEchoReply,
};
const char* output_kind_name(OutputKind kind);

struct Obligation {
    OutputKind kind = OutputKind::LcpConfReq;
    int channel = 0;            // B-channel, 0 = D-channel or LAN side
    std::string what;           // "Terminate-Ack id=2 on B1"
    Millis not_before{0};       // already adjusted by the tolerance
    Millis deadline{0};         // already adjusted by the tolerance
    std::vector<std::string> requirements;
};

// Wall-clock jitter a real SUT is allowed (DESIGN.md section 4), resolved from the PIXIT; the
// defaults are those of the bundled default PIXIT.
struct Tolerance {
    Millis early{200};   // "not before" constraints may be met this much early
    Millis late{1000};   // deadlines may be missed by this much
    Millis reply{2000};  // how fast an immediate answer must come
    // Port latency of a wall-clock attachment (model::CrossingWindow); virtual time has none.
    Millis crossing{20};
};

// The test parameters as the oracle of one role sees them: built from the PIXIT (oracle_pixit()),
// the one source of names, numbers, secrets, addresses and tolerances (DESIGN.md section 7a).
struct Pixit {
    std::string own_number;
    std::string peer_number;
    std::string own_name;
    std::string peer_name;
    std::map<std::string, std::string> secrets;  // name -> secret
    // Server: `dialer map ... name <user> class <callback class> <number>`, users set up for callback.
    std::map<std::string, std::string> callback_numbers;
    bool callback_request = true;  // client: `ppp callback request` (or pppd `callback`)
    // LCP-15: the methods the SUT is configured to authenticate its peer with, in its order of
    // preference (`ppp authentication chap pap`: CHAP-MD5, then PAP); empty: it authenticates no one.
    std::vector<std::uint16_t> auth_methods;
    std::string callback_message;  // client: message for ops 1-4
    std::uint32_t own_address = 0;
    std::uint32_t peer_address = 0;
    bool dialer_map_to_peer = true;           // `dialer map ip <peer> ... <peer_number>`
    // DDR-04: further `dialer map` next hops (address -> number) sharing the BRI. Traffic for one of
    // them while no B-channel is free puts the calls up under contention (fast-idle).
    std::map<std::uint32_t, std::string> other_dialer_maps;
    // A pty or leased line (the pppd adapter): B1 is up from time 0 and there is no Q.931.
    bool line_up_at_start = false;
    Tolerance tolerance;
};

// The tolerances: the PIXIT's, else a profile's that still carries them (`notice` then says so in
// one line), else the defaults above.
Tolerance resolve_tolerance(const pixit::Pixit& parameters, const Profile& profile, std::string* notice = nullptr);
// The oracle's view of `parameters` when the SUT plays `role`.
Pixit oracle_pixit(const pixit::Pixit& parameters, Role role, const Profile& profile);

// What the SUT's `show dialer` printed (OBS-08), as an attachment read it from the SUT's console:
// the figures AMB-46 judges against the calls the port carried. Absent figures are not judged.
struct DialerReport {
    struct DialString {  // a row of the dial-string table
        std::string number;
        std::int64_t successes = 0, failures = 0;
        std::string last_status;  // `successful`, `failed`, `-`
        bool never_called = false;  // `Last DNIS` reads `never`
        std::optional<std::int64_t> since_last_call_s;  // `Last DNIS` as hh:mm:ss, in seconds
    };
    struct Channel {  // a B-channel's section (`BRI0:1 - dialer type = ISDN`)
        int channel = 0;
        bool connected = false;  // a `Connected to` line
        std::string number, name;  // `Connected to <number> (<name>)`
        std::string state;         // `Dialer state is <state>`; empty: no such line
        std::optional<std::string> dial_reason;
        std::optional<std::int64_t> idle_s, fast_idle_s, wait_for_carrier_s, re_enable_s;
        std::optional<std::int64_t> time_until_disconnect_s;
    };
    bool interface_section = false;  // `BRI0 - dialer type = ISDN`, with the counters below
    std::optional<std::int64_t> screened_calls, rejected_for_callback;
    std::vector<DialString> dial_strings;
    std::vector<Channel> channels;
};

class RouterSpec {
public:
    RouterSpec(Role role, Profile profile, Pixit pixit);
    ~RouterSpec();
    RouterSpec(const RouterSpec& other);
    RouterSpec& operator=(const RouterSpec& other);
    RouterSpec(RouterSpec&&) noexcept;
    RouterSpec& operator=(RouterSpec&&) noexcept;

    // Time never goes backwards; a message first lets time pass up to `message.at`. B-channel
    // frames, Q.931 messages, and IPv4 offered to (ToSut) or delivered by (FromSut) the SUT.
    Judgement on_event(const wire::PortMessage& message);
    // Quiescence: obligations whose deadline passed unmet are violations (silence can fail).
    Judgement advance_to(Millis now);
    // The SUT's `show dialer` read at `now` (AMB-46): its figures against the calls so far.
    Judgement on_dialer_report(Millis now, const DialerReport& report);

    std::vector<Obligation> owed() const;
    std::optional<Millis> next_deadline() const;
    std::vector<OutputKind> allowed_next() const;

    Coverage coverage() const;                  // LCP, Q.931 and coordinator tables
    // coverage() as numbers only, in one fixed layout: cheap enough for every plan; counts of
    // several oracles add up (CoverageCounts::add) and take their names once, from coverage_of().
    CoverageCounts coverage_counts() const;
    void coverage_counts(CoverageCounts& out) const;  // into `out`, reusing its storage
    static Coverage coverage_of(const CoverageCounts& counts);
    // Every row (or state) marked unreachable beside its table, as an item: machine, name and
    // unreachable_reason. coverage_of() carries the same reasons on the items they name.
    static std::vector<CoverageItem> unreachable_marks();
    // Rows a SUT claiming `profile` cannot make the oracle take, each with the knob it needs
    // (model/REACHABILITY.md): the LCP rows guarded [r] (restart option) or [p] (passive), the
    // return call's retry (return_retries > 0), the rule rows of AMB-16 (auth.mode one-way) and
    // AMB-06 (a client requesting no op 1-4). A campaign reports them apart from its figure, as
    // it does the unreachable rows: the figure counts what the campaign's profile can reach.
    static std::vector<CoverageItem> out_of_profile(const Profile& profile);
    // Rows (and states) reachable only when the SUT itself chooses to take them, under `profile`
    // (CoverageItem::sut_choice, model/REACHABILITY.md): an administrative Open or Close of its
    // own LCP, a link kept after This-Layer-Finished, an answer to an incoming SETUP other than
    // CALL PROCEEDING then CONNECT at once, a re-Challenge, an unprompted Response or
    // Time-Remaining. No stimulus forces them; a campaign reports them apart from its figure.
    static std::vector<CoverageItem> sut_choice(const Profile& profile);

    // What the next stimulus can make the oracle take (issue #15, generation from the model's
    // state): the rows, as positions in coverage_counts().transitions, that leave a current state
    // of a live machine: each B-channel's LCP and authentication, each call's Q.931 state (and a
    // new call's U0), the coordinator, the dialer. Rule rows have no state and are always listed.
    std::vector<std::size_t> enabled_rows() const;
    void enabled_rows(std::vector<std::size_t>& out) const;  // into `out`, reusing its storage
    // Each row's machine, source state and event, read once from its coverage name
    // ("Req-Sent --RCR+--> Ack-Sent  (...)"); a rule row's event is its requirement ID.
    struct RowShape {
        std::string machine, source, event;
    };
    static const std::vector<RowShape>& row_shapes();
    std::vector<Violation> violations() const;  // everything judged so far
    std::vector<std::string> notes() const;

    // Introspection for tests and reports.
    std::optional<LcpState> lcp_state(int channel) const;
    std::string phase(int channel) const;  // "Dead", "Establish", "Authenticate", "Callback", "Network", "Terminate"
    std::string callback_state() const;    // coordinator state name
    Role role() const;
    const Profile& profile() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::model
