#pragma once
// An attachment: how the lab reaches one system under test (DESIGN.md sections 4, 7). It moves
// what crosses the SUT's port (D-channel and two B-channels, or one async line), declares what it
// can carry, and keeps time. The environment the SUT meets (the ISDN network, the reference router
// of the opposite role, billing) is one component for every attachment: environment.hpp. One
// interface for every kind of SUT: the in-process reference (virtual time), a PPP daemon on a pty,
// equipment on a serial line, remote equipment.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ppp/adapters/ios_config.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/port.hpp"

namespace ppp::adapters {

using Millis = std::chrono::milliseconds;

// The port's vocabulary (ppp/wire/port.hpp): one message type for stimuli, observations and LAN
// traffic, and the tap's decision. A stimulus may be rewritten in place by the tap (fault
// injection); observations are never changed by the lab.
using wire::CallbackRole;
using wire::CallFault;
using wire::CallScript;
using wire::PortMessage;
using wire::TapDecision;

enum class Side : std::uint8_t { Sut, Peer };

using PortTap = std::function<TapDecision(PortMessage&)>;
// IPv4 at the SUT's LAN side (PortKind::Ipv4): offered to the SUT (ToSut) or delivered by it.
using TrafficTap = std::function<void(const PortMessage&)>;

struct BenchSetup {
    CallbackRole sut_role = CallbackRole::Client;
    // The PIXIT of this plan, configuration intents applied (what sut_config and peer_config are
    // rendered from): an attachment that configures the SUT itself reads it.
    pixit::Pixit parameters;
    std::string sut_config;   // IOS-style configuration (reference SUT), rendered from the PIXIT
    std::string peer_config;  // the environment's router, opposite role, rendered from the PIXIT
    // From the PIXIT (suites::apply_parameters): the SUT's and the environment router's names and
    // directory numbers.
    std::string sut_name;
    std::string peer_name;
    std::string sut_number;
    std::string peer_number;
    std::vector<std::string> faults;  // named faults of the reference SUT (`--fault`)
    int mutant = 0;  // mutation analysis: the reference SUT's mutant (mutation/), never the peer's
    // What the callback client asks for: 0 = RFC 1570 op 0 (Cisco, CCB-01), 6 = CBCP (pppd, IMPL-01).
    std::uint8_t client_callback_op = 0;
    // The number a client asking for op 1 or 3 puts in the option; empty: its directory number.
    std::string client_callback_number;
    // CBCP types the environment's answerer offers (1, 2, 3, in order); empty: what its
    // configuration implies.
    std::vector<std::uint8_t> peer_cbcp_offer;
    // The environment's CBCP answerer: whether it terminates after its Ack (AMB-12, the SUT's
    // profile says which side it expects to) and whether it never sends a Request at all (a
    // peer silent in the callback phase: AMB-41).
    bool peer_cbcp_answerer_terminates = true;
    bool peer_cbcp_silent = false;
    // The environment's router's `dialer idle-timeout` (rendered into peer_config); none: the
    // configuration's default, the same as the SUT's.
    std::optional<Millis> peer_idle_timeout;
    // The SUT's own configuration lines beyond the PIXIT (rendered into sut_config).
    RouterSettings sut_settings;
    std::uint64_t seed = 1;
    bool logs = false;                // keep IOS-style log lines (costly; for evidence)
    // The purpose the plan belongs to: an attachment that keeps evidence per case (a line bench's
    // folder DIR/<label>-N, N counting that purpose's plans) names it after the purpose, so the
    // daemon's own log can be found beside the run's capture. Empty: `case-N`.
    std::string case_label;
};

struct SutIdentity {
    std::string name;     // "reference", "pppd"
    std::string version;
};

struct PingOutcome {
    int count = 0;
    int sent = 0;
    int received = 0;
    bool done = false;
};

struct LogLine {
    Millis at{0};
    std::string source;  // router name or "net"
    std::string text;
};

struct CallView {  // one call of the network's call history (billing)
    std::string caller;
    std::string callee;
    std::optional<Millis> connected_at;
    std::optional<Millis> disconnected_at;
    std::uint8_t cause = 0;
    long long billed_seconds = 0;
};

// What an attachment can carry (DESIGN.md section 7), declared before anything runs. An intent
// that needs what it lacks is recorded as skipped with the reason, never faked.
struct Capabilities {
    // Two B-channels with synchronous frames (HDLC, FCS-16), or one asynchronous line (RFC 1662).
    enum class Channels : std::uint8_t { TwoBChannels, AsyncLine };
    // How calls cross the port: raw Q.931 on the D-channel, abstract call events (offer, answer,
    // clear with a cause), or none (a line up from the start; carrier up/down is the call).
    enum class CallControl : std::uint8_t { Q931, CallEvents, None };
    // Virtual time (the lab jumps) or the wall clock (the lab waits; the oracle allows the
    // PIXIT's tolerances).
    enum class Time : std::uint8_t { Virtual, WallClock };

    Channels channels = Channels::TwoBChannels;
    CallControl call_control = CallControl::Q931;
    Time time = Time::Virtual;
    // A frame whose FCS does not check can be delivered (bad-fcs, FR-04).
    bool bad_fcs = true;
    // Frames the environment's peer did not send can be delivered: forged packets and rewrites of
    // the peer's (send-echo-request, unknown-option, truncated, peer-naks-callback, ...).
    bool forged_frames = true;
    // IPv4 offered at the SUT's LAN side and seen delivered there (ping, non-interesting traffic).
    bool lan_traffic = true;
    // The line or call can be dropped under the SUT (net-drop-line): a call cleared by the
    // network, a daemon's session ended, a DTR drop on a serial line with modem control.
    bool line_drop = true;
    // The SUT's configuration follows each plan's PIXIT (configuration intents): the reference,
    // a daemon started per case. Equipment on a serial line keeps the configuration its user gave.
    bool configures_sut = true;
    // The SUT's console is relayed and kept as evidence.
    bool console = false;
    // The SUT's `show dialer` can be read at any point of a plan (show-dialer, AMB-46): the
    // reference; equipment whose console the attachment can type at.
    bool show_dialer = false;
};
// One line for reports: "two B-channels, Q.931, virtual time, bad FCS, forged frames, ...".
std::string describe(const Capabilities& capabilities);

class Environment;

// An attachment (DESIGN.md section 7): the transport between the lab and one SUT. It moves what
// crosses the SUT's port and declares what it can carry; the environment the SUT meets (the
// network, the peer router, billing: environment.hpp) belongs to the lab, which binds it to the
// attachment once, before the first reset. The attachment plugs the SUT's access into it (an
// in-process router, a terminal adapter for a line) and, for wall-clock time, runs it.
class Bench {
public:
    Bench();
    virtual ~Bench();
    Bench(const Bench&) = delete;
    Bench& operator=(const Bench&) = delete;

    virtual SutIdentity identify() const = 0;
    // Binds the lab's environment; it outlives the attachment's use of it. An attachment used
    // before any is bound (a set-up check) gets one of its own.
    virtual void attach(Environment& environment) { environment_ = &environment; }
    Environment& environment() const;
    // Resets SUT and environment to `setup`. Returns "" when ready, else one line naming the bad
    // value (configuration line, fault name): a usage error, exit 2.
    virtual std::string reset(const BenchSetup& setup) = 0;
    virtual void set_port_tap(PortTap tap) = 0;
    virtual void set_traffic_tap(TrafficTap tap) = 0;

    // A forged stimulus toward the SUT, delivered through the port tap like any other.
    virtual void inject(const PortMessage& stimulus) = 0;
    // The lab's net-drop-line: the network clears the SUT's call; a line without call control is
    // hung up by the attachment where it can (capabilities().line_drop).
    virtual void drop_line() = 0;

    // Time: virtual benches jump, real ones wait (capabilities().time).
    bool virtual_time() const { return capabilities().time == Capabilities::Time::Virtual; }
    virtual Millis now() const = 0;
    virtual std::optional<Millis> next_event() const = 0;
    // Processes everything due up to `until`; false when the step bound was hit (livelock).
    virtual bool run_until(Millis until) = 0;
    // Asked from the port tap while run_until runs: return after the current step, before
    // `until`, so the lab can deliver a frame it made due sooner (a duplicate 1 ms later).
    virtual void stop_soon();

    // Evidence: the SUT's own log lines (a daemon's log, a console), beside the environment's.
    virtual std::vector<LogLine> logs() const = 0;
    // What the SUT's `show dialer` prints now (OBS-08); nullopt where the attachment cannot ask
    // (capabilities().show_dialer is false).
    virtual std::optional<std::string> show_dialer() { return std::nullopt; }

    virtual void release() = 0;

    virtual Capabilities capabilities() const { return {}; }
    // A line without call control (a pty, a leased line) is up from the start and has no Q.931
    // (model::Pixit::line_up_at_start).
    bool line_up_at_start() const { return capabilities().call_control == Capabilities::CallControl::None; }
    // Time given to timers after a plan: virtual benches jump over it, real ones wait.
    virtual Millis settle() const { return Millis{200000}; }
    // A bench or SUT failure since reset that ends the run (the daemon died, hung at start, the
    // line closed under it): one line with the reason, "" when none. Verdict error.
    virtual std::string failure() const { return ""; }
    // One line on how the SUT's session ended (a daemon's exit status), "" when nothing to say.
    virtual std::string summary() const { return ""; }

private:
    mutable Environment* environment_ = nullptr;
    mutable std::unique_ptr<Environment> own_environment_;
};

// The bundled reference implementation, in process, virtual time (the default SUT).
std::unique_ptr<Bench> make_reference_bench();

// The reference SUT's named faults, from its one fault table (DESIGN.md section 6): what
// `--fault` accepts, `list --faults` prints and `selftest` runs. The harness, catching a fault,
// must name one of its requirements.
struct FaultDescription {
    std::string name;
    std::string description;
    std::vector<std::string> requirements;
};
std::vector<FaultDescription> reference_faults();
// A real PPP daemon on a pseudo-terminal: see ppp/adapters/pty_bench.hpp.

}  // namespace ppp::adapters
