#include "ppp/suites/lab.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <iterator>
#include <optional>

#include "ppp/adapters/environment.hpp"
#include "ppp/adapters/fault_injector.hpp"
#include "ppp/adapters/ios_config.hpp"
#include "ppp/adapters/recording.hpp"
#include "ppp/model/crossing_window.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::suites {
namespace {

using adapters::Side;
using wire::CallbackRole;
using wire::Direction;
using wire::PortMessage;
using wire::TapDecision;


wire::Bytes reframe(const wire::Bytes& body) { return wire::sync_encode(body); }

constexpr std::uint16_t kUnassignedProtocol = 0x2A2B;
// TOS octet with IP Precedence 5 (CRITIC/ECP, RFC 791 section 3.1) and the other bits clear.
constexpr std::uint8_t kPrecedenceCritical = 0xA0;
// FR-11: IPCP's number with the low bit cleared; the receiver treats it as unrecognized (RFC 1661
// section 2), never as IPCP.
constexpr std::uint16_t kInvalidProtocol = 0x8020;
// RFC 3748 section 7.2: EAP's Authentication-Protocol value, a method the SUT is not configured with.
constexpr std::uint16_t kEapProtocol = 0xC227;
// RFC 1332 section 2: IPCP uses LCP's codes 1-7 only; 14 is no code of either.
constexpr std::uint8_t kUnknownIpcpCode = 14;

bool contains_op(const std::vector<std::uint8_t>& ops, std::uint8_t op) {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
}

}  // namespace

void apply_parameters(LabSetup& setup) {
    const CallbackRole sut_role = setup.bench.sut_role;
    const bool sut_client = sut_role == CallbackRole::Client;
    const pixit::Pixit& p = setup.parameters;
    setup.bench.parameters = p;
    setup.bench.sut_config = adapters::render_ios_config(p, sut_role, true, setup.bench.sut_settings);
    adapters::RouterSettings peer;
    peer.idle_timeout = setup.bench.peer_idle_timeout;
    setup.bench.peer_config = adapters::render_ios_config(p, sut_client ? CallbackRole::Server : CallbackRole::Client,
                                                         false, peer);
    setup.bench.sut_name = sut_client ? p.client.name : p.server.name;
    setup.bench.peer_name = sut_client ? p.server.name : p.client.name;
    setup.bench.sut_number = sut_client ? p.client.number : p.server.number;
    setup.bench.peer_number = sut_client ? p.server.number : p.client.number;
    const bool line_up_at_start = setup.pixit.line_up_at_start;
    const bool dialer_map_to_peer = setup.pixit.dialer_map_to_peer;
    setup.pixit = model::oracle_pixit(p, sut_role, setup.profile);
    setup.pixit.line_up_at_start = line_up_at_start;
    setup.pixit.dialer_map_to_peer = dialer_map_to_peer;
}

// The configuration intents that edit the SUT's own side of the PIXIT (the rest edit the peer's).
bool edits_the_sut(IntentKind kind, bool sut_is_server) {
    switch (kind) {
        case IntentKind::ClientNoCallback:
        case IntentKind::ClientRequestsCbcp:
        case IntentKind::ClientProposesNumber: return !sut_is_server;
        case IntentKind::CallbackSecure:
        case IntentKind::CallbackServerDialstring:
        case IntentKind::ClientNotCallbackUser: return sut_is_server;
        case IntentKind::SutAllowsPap:
        case IntentKind::SutNoAuth:
        case IntentKind::SutIdleTimeout:
        case IntentKind::SutEnableTimeout:
        case IntentKind::SutAuthCallin:
        case IntentKind::SutHoldQueue:
        case IntentKind::SutHoldQueueTimeout:
        case IntentKind::SutFastIdle:
        case IntentKind::SutWaitForCarrier: return true;
        default: return false;
    }
}

namespace {

// A dialer timer a configuration intent sets: its configuration line, the SUT's setting and the
// profile's claim.
struct DialerTimer {
    const char* line;
    std::optional<Millis>& configured;
    Millis& claimed;
};
DialerTimer dialer_timer(IntentKind kind, LabSetup& setup) {
    auto& s = setup.bench.sut_settings;
    auto& d = setup.profile.dialer;
    switch (kind) {
        case IntentKind::SutEnableTimeout: return {"enable-timeout", s.enable_timeout, d.enable_timeout};
        case IntentKind::SutFastIdle: return {"fast-idle", s.fast_idle, d.fast_idle};
        case IntentKind::SutWaitForCarrier: return {"wait-for-carrier-time", s.wait_for_carrier, d.wait_for_carrier};
        case IntentKind::SutHoldQueueTimeout: return {"hold-queue timeout", s.hold_queue_timeout, d.hold_queue_timeout};
        default: return {"idle-timeout", s.idle_timeout, d.idle_timeout};
    }
}

}  // namespace

void apply_configuration_intents(LabSetup& setup, const std::vector<Intent>& plan,
                                 std::vector<IntentRecord>& records, bool sut_configurable) {
    const bool sut_is_server = setup.bench.sut_role == CallbackRole::Server;
    pixit::Pixit& p = setup.parameters;
    pixit::Side& peer = sut_is_server ? static_cast<pixit::Side&>(p.client) : p.server;
    bool edited = false;
    for (const Intent& intent : plan) {
        IntentRecord record{intent, Millis{0}, true, ""};
        if (!sut_configurable && edits_the_sut(intent.kind, sut_is_server)) {
            // DESIGN.md section 7: never faked. The oracle keeps the PIXIT the SUT was set up with.
            record.applied = false;
            record.sut_not_reconfigured = true;
            record.note = "the attachment cannot reconfigure the SUT (its configuration is its user's; the PIXIT "
                          "says what it claims)";
            records.push_back(std::move(record));
            continue;
        }
        switch (intent.kind) {
            case IntentKind::PeerRejectsCallback:
                if (sut_is_server) {
                    record.applied = false;
                    record.note = "the peer is the callback client: it has no Callback option to reject";
                } else {
                    p.server.callback_accept = false;  // CCB-08: CJ of 13
                    record.note = "peer configured without `ppp callback accept`";
                }
                break;
            case IntentKind::PeerWrongSecret:
                peer.secret = {kWrongSecret, "edited by the plan"};
                record.note = "peer's secret for " + setup.bench.sut_name + " changed";
                break;
            case IntentKind::PeerUsesPap:
                peer.authentication = pixit::Authentication::Pap;
                record.note = "peer configured with `ppp authentication pap`";
                break;
            case IntentKind::PeerNoAuth:
                peer.authentication = pixit::Authentication::None;
                record.note = "peer configured without authentication";
                break;
            case IntentKind::SutAllowsPap:
                (sut_is_server ? static_cast<pixit::Side&>(p.server) : p.client).authentication = pixit::Authentication::ChapPap;
                record.note = "SUT configured with `ppp authentication chap pap`";
                break;
            case IntentKind::SutNoAuth:
                (sut_is_server ? static_cast<pixit::Side&>(p.server) : p.client).authentication = pixit::Authentication::None;
                record.note = "SUT configured without `ppp authentication`";
                break;
            case IntentKind::CallbackSecure:
                p.server.callback_secure = intent.arg != 0;
                if (sut_is_server) setup.profile.callback.secure = intent.arg != 0;
                record.note = intent.arg != 0 ? "server with dialer callback-secure" : "server without callback-secure";
                break;
            case IntentKind::CallbackServerDialstring:
                p.server.callback_server = intent.arg != 0 ? pixit::CallbackServerMode::Dialstring : pixit::CallbackServerMode::Username;
                if (sut_is_server) {
                    setup.profile.callback.return_call_binding =
                        intent.arg != 0 ? model::ReturnCallBinding::DialString : model::ReturnCallBinding::Username;
                }
                record.note = intent.arg != 0 ? "callback-server dialstring" : "callback-server username";
                break;
            case IntentKind::ClientNotCallbackUser:
                if (p.server.callback_users.erase(p.client.name) == 0) {
                    record.applied = false;
                    record.note = "no dialer map with a callback class binds " + p.client.name;
                    break;
                }
                record.note = p.client.name + " is no longer a callback user of the server";
                break;
            case IntentKind::ClientRequestsCbcp:
                if (!sut_is_server && !contains_op(setup.profile.callback.client_ops, 6)) {
                    record.applied = false;
                    record.note = "the profile's client does not request CBCP";
                    break;
                }
                setup.bench.client_callback_op = 6;  // CB-08: op 6, then CBCP after authentication
                record.note = "the client requests callback operation 6 (CBCP)";
                break;
            case IntentKind::ClientProposesNumber:
                if (!sut_is_server && !contains_op(setup.profile.callback.client_ops, 3)) {
                    record.applied = false;
                    record.note = "the profile's client does not request operation 3";
                    break;
                }
                if (p.client.roaming_number.empty()) {
                    record.applied = false;
                    record.note = "the PIXIT gives the client no roaming_number to propose";
                    break;
                }
                // CCB-03/AMB-08: a number the server's dialer map does not bind to the client.
                setup.bench.client_callback_op = 3;
                setup.bench.client_callback_number = p.client.roaming_number;
                record.note = "the client requests operation 3 with number " + p.client.roaming_number;
                break;
            case IntentKind::PeerOffersCbcp: {
                if (sut_is_server) {
                    record.applied = false;
                    record.note = "the peer is the CBCP caller: it offers nothing";
                    break;
                }
                auto& offer = setup.bench.peer_cbcp_offer;
                const auto type = static_cast<std::uint8_t>(intent.arg);
                if (std::find(offer.begin(), offer.end(), type) == offer.end()) offer.push_back(type);
                record.note = "the peer's CBCP Request offers type " + std::to_string(intent.arg);
                break;
            }
            case IntentKind::PeerSkipsCbcp:
                if (sut_is_server) {
                    record.applied = false;
                    record.note = "the peer is the CBCP caller: it has no Request to withhold";
                    break;
                }
                setup.bench.peer_cbcp_silent = true;
                record.note = "the peer agrees op 6 but never sends a CBCP Request";
                break;
            case IntentKind::PeerIdleTimeout:
                setup.bench.peer_idle_timeout = Millis{intent.arg};
                record.note = "the peer configured with dialer idle-timeout " + std::to_string((intent.arg + 999) / 1000);
                break;
            case IntentKind::SutIdleTimeout:     // DDR-03
            case IntentKind::SutEnableTimeout:   // DDR-06
            case IntentKind::SutFastIdle:        // DDR-04
            case IntentKind::SutWaitForCarrier:  // DDR-05
            case IntentKind::SutHoldQueueTimeout: {  // DDR-07
                if (intent.kind == IntentKind::SutHoldQueueTimeout && setup.bench.sut_settings.hold_queue == 0) {
                    record.applied = false;
                    record.note = "no hold queue configured before it (sut-hold-queue N): the timeout has nothing to time";
                    break;
                }
                // The SUT's configuration and what the profile claims for it change together.
                const Millis whole{(intent.arg + 999) / 1000 * 1000};
                const auto [line, configured, claimed] = dialer_timer(intent.kind, setup);
                configured = whole;
                claimed = whole;
                record.note = std::string("SUT configured with dialer ") + line + " " + std::to_string(whole.count() / 1000);
                break;
            }
            case IntentKind::SutAuthCallin:
                if ((sut_is_server ? p.server.authentication : p.client.authentication) == pixit::Authentication::None) {
                    record.applied = false;
                    record.note = "the SUT authenticates nobody: callin has nothing to restrict";
                    break;
                }
                setup.bench.sut_settings.auth_callin = true;
                setup.profile.auth.mode = model::AuthMode::Callin;  // AMB-16: on answered calls only
                record.note = "SUT configured with `ppp authentication ... callin`";
                break;
            case IntentKind::SutHoldQueue:
                setup.bench.sut_settings.hold_queue = static_cast<int>(intent.arg);  // DDR-07
                setup.profile.dialer.hold_queue = static_cast<int>(intent.arg);
                record.note = "SUT configured with dialer hold-queue " + std::to_string(intent.arg);
                break;
            case IntentKind::ClientNoCallback:
                p.client.callback_request = false;  // CCB-01: no option 13 at all
                record.note = "the client is configured without `ppp callback request`";
                break;
            default: continue;  // not a configuration intent
        }
        edited = edited || record.applied;
        records.push_back(std::move(record));
    }
    // Configurations and the oracle's view follow the edited PIXIT; a plan without configuration
    // intents keeps the set-up as given.
    if (edited) apply_parameters(setup);
}

namespace {

// The oracle's view of `show dialer`'s sections (AMB-46): the interface's own section (`BRI0`)
// holds the dial strings, `BRI0:N` B-channel N.
model::DialerReport dialer_report(const std::vector<adapters::recording::DialerShow>& sections) {
    model::DialerReport out;
    for (const auto& s : sections) {
        const auto colon = s.interface.rfind(':');
        if (colon == std::string::npos) {
            out.interface_section = true;
            out.screened_calls = s.screened_calls;
            out.rejected_for_callback = s.rejected_for_callback;
            for (const auto& d : s.dial_strings)
                out.dial_strings.push_back({d.number, d.successes, d.failures, d.last_status, d.last_called == "never", d.last_called_s});
            continue;
        }
        const std::string digits = s.interface.substr(colon + 1);
        if (digits.empty() || digits.size() > 2 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        model::DialerReport::Channel ch;
        ch.channel = std::stoi(digits);
        ch.connected = !s.connected_number.empty() || !s.connected_name.empty();
        ch.number = s.connected_number;
        ch.name = s.connected_name;
        ch.state = s.dialer_state;
        if (!s.dial_reason.empty()) ch.dial_reason = s.dial_reason;
        ch.idle_s = s.idle_timer_s;
        ch.fast_idle_s = s.fast_idle_s;
        ch.wait_for_carrier_s = s.wait_for_carrier_s;
        ch.re_enable_s = s.re_enable_s;
        ch.time_until_disconnect_s = s.time_until_disconnect_s;
        out.channels.push_back(std::move(ch));
    }
    return out;
}

// One line for the trace: what `show dialer` said, as the oracle read it.
std::string dialer_report_summary(const model::DialerReport& report) {
    std::string out;
    for (const auto& d : report.dial_strings)
        out += (out.empty() ? "" : "; ") + d.number + " " + std::to_string(d.successes) + " successes, " +
               std::to_string(d.failures) + " failures" + (d.last_status.empty() ? "" : ", last " + d.last_status);
    if (report.rejected_for_callback)
        out += (out.empty() ? "" : "; ") + std::to_string(*report.rejected_for_callback) + " rejected for callback";
    for (const auto& ch : report.channels) {
        out += (out.empty() ? "" : "; ") + std::string("B") + std::to_string(ch.channel) + " ";
        out += ch.connected ? "connected to " + ch.number + (ch.name.empty() ? "" : " (" + ch.name + ")") : std::string("no call");
        if (ch.dial_reason) out += ", dial reason " + *ch.dial_reason;
        if (ch.time_until_disconnect_s) out += ", " + std::to_string(*ch.time_until_disconnect_s) + " s to disconnect";
    }
    return out.empty() ? "show dialer printed nothing the oracle reads" : "show dialer: " + out;
}

// Intents that deliver a frame the environment's peer did not send, or rewrite one it did.
bool forges_frames(IntentKind kind) {
    switch (kind) {
        case IntentKind::Truncated:
        case IntentKind::BadLength:
        case IntentKind::PeerNaksCallback:
        case IntentKind::PeerNaksChap:
        case IntentKind::PeerNaksAuth:
        case IntentKind::PeerRequestsMagicZero:
        case IntentKind::PeerRepeatsResponseAltered:
        case IntentKind::SendIpcp:
        case IntentKind::PeerRejectsSutOption:
        case IntentKind::PeerRefusesSut:
        case IntentKind::PeerProposesOp:
        case IntentKind::PeerLoopsMagic:
        case IntentKind::PeerStaysLooped:
        case IntentKind::PeerAsksAddress:
        case IntentKind::PeerAltersIpcpAck:
        case IntentKind::UnknownOption:
        case IntentKind::PeerRepeatsUnknownOption:
        case IntentKind::PeerRefusesCbcp:
        case IntentKind::PeerGarblesCbcp:
        case IntentKind::PeerMisnumbersChapResult:
        case IntentKind::PeerSkipsChallenge:
        case IntentKind::PeerReplaysChapSuccess:
        case IntentKind::PeerChoosesNoCallback:
        case IntentKind::PeerAnswersCbcp:
        case IntentKind::SendEchoRequest:
        case IntentKind::SendCodeReject:
        case IntentKind::SendFatalCodeReject:
        case IntentKind::SendCodeRejectOf:
        case IntentKind::SendTerminateAck:
        case IntentKind::SendConfigureNak:
        case IntentKind::SendProtocolReject:
        case IntentKind::SendCbcpRequest:
        case IntentKind::UnknownCode:
        case IntentKind::Renegotiate:
        case IntentKind::PeerTerminates:
        case IntentKind::UnknownProtocol:
        case IntentKind::InvalidProtocol:
        case IntentKind::SendProtocol:
        case IntentKind::BadControl:
        case IntentKind::PeerPingsSut:
        case IntentKind::NetStatusEnquiry: return true;
        default: return false;
    }
}

// An ICMP Echo-Request from the peer to the SUT's own address, valid (variant 0: IP-01 owes the
// Reply), or with one field of its IP header broken so that RFC 1812 section 5.2.2's checks fail
// (1-5: IP-02, silently discarded), or a lone first fragment (6: IP-04, answered only once whole),
// or valid at the edges of what a router must take (7-10, each answered: IP-01): precedence 5
// (IP-05: the Reply keeps it) with Don't Fragment and no data, an IP header with options, TTL 0
// (IP-06: received all the same), padding after the datagram; or a last fragment whose first part
// never comes (11: IP-04). The header checksum is kept right unless it is the field broken.
wire::Bytes echo_request_to_sut(const model::Pixit& pixit, int variant, std::uint16_t sequence) {
    wire::Ipv4Packet p;
    p.identification = sequence;
    p.protocol = wire::kIpProtoIcmp;
    p.source = pixit.peer_address;
    p.destination = pixit.own_address;
    p.tos = variant == 7 || variant == 8 ? kPrecedenceCritical : 0;
    p.ttl = variant == 9 ? 0 : p.ttl;
    const std::size_t data = variant == 7 ? 0 : 24;  // variant 7: the shortest Echo-Request, 28 octets
    p.payload = wire::encode_icmp_echo(wire::IcmpEcho{wire::kIcmpEchoRequest, 0x7070, sequence, wire::Bytes(data, 0x5A)});
    wire::Bytes d = wire::encode_ipv4(p);
    auto reseal = [&d] {
        const std::size_t header = static_cast<std::size_t>(d[0] & 0x0FU) * 4;
        d[10] = d[11] = 0;
        const std::uint16_t sum = wire::internet_checksum(d.data(), std::min(header, d.size()));
        d[10] = static_cast<std::uint8_t>(sum >> 8);
        d[11] = static_cast<std::uint8_t>(sum & 0xFFU);
    };
    switch (variant) {
        case 1: d[11] ^= 0x01; break;                  // the header checksum, one bit off
        case 2: d[0] = 0x65; reseal(); break;          // version 6
        case 3: d[0] = 0x44; reseal(); break;          // IHL 4: a 16-octet header
        case 4: d[2] = 0; d[3] = 19; reseal(); break;  // Total Length 19, below the 20-octet header
        case 5: d.resize(16); break;                   // shorter than any IP header
        case 6: d[6] = 0x20; reseal(); break;          // More Fragments: a first fragment whose rest never comes (IP-04)
        case 7: d[6] = 0x40; reseal(); break;          // Don't Fragment (RFC 791 section 3.1), with precedence 5
        case 8: {
            // IHL 6: four octets of options, No Operation three times and End of Option List (RFC
            // 791 section 3.1), which change nothing the Reply owes (RFC 1122 section 3.2.2.6
            // asks more only of Record Route, Timestamp and Source Route).
            static constexpr std::uint8_t kOptions[] = {0x01, 0x01, 0x01, 0x00};
            d.insert(d.begin() + 20, std::begin(kOptions), std::end(kOptions));
            d[0] = 0x46;
            const std::size_t total = d.size();
            d[2] = static_cast<std::uint8_t>(total >> 8);
            d[3] = static_cast<std::uint8_t>(total & 0xFFU);
            reseal();
            break;
        }
        case 10: d.insert(d.end(), 4, 0x00); break;  // RFC 1661 section 2: the Information field MAY be padded
        case 11: d[7] = 0x01; reseal(); break;       // Fragment Offset 1 (8 octets), More Fragments clear (IP-04)
        default: break;
    }
    return d;
}

// The network behaviour a net-answers-call, net-clears-call, net-never-answers or
// net-releases-at-once intent arms: the argument picks one in the order of the intent's meaning;
// none for an argument out of its range.
std::optional<wire::CallScript> network_script(const Intent& intent) {
    using S = wire::CallScript;
    static constexpr S kAnswers[] = {S::AnswerAlerting, S::AnswerProceedingAlerting, S::AnswerProgress, S::AnswerConnect,
                                     S::AnswerProceedingBare};
    static constexpr S kClears[] = {S::ClearDisconnect, S::ClearReleaseComplete, S::ClearAfterAlerting,
                                    S::WithdrawRelease, S::WithdrawDisconnect};
    static constexpr S kNever[] = {S::LoseSetups, S::ProceedingOnly, S::NoConnectAck, S::LoseReleases, S::AlertingOnly};
    auto pick = [&intent](const auto& table) -> std::optional<S> {
        if (intent.arg < 1 || intent.arg > static_cast<std::int64_t>(std::size(table))) return std::nullopt;
        return table[static_cast<std::size_t>(intent.arg - 1)];
    };
    switch (intent.kind) {
        case IntentKind::NetAnswersCall: return pick(kAnswers);
        case IntentKind::NetClearsCall: return pick(kClears);
        case IntentKind::NetNeverAnswers: return pick(kNever);
        case IntentKind::NetReleasesAtOnce: return S::ReleaseAfterDisconnect;
        default: return std::nullopt;
    }
}

}  // namespace

// One plan's run: the oracle judging the port, the fault injector on it, the intents applied.
struct Lab::Run {
    adapters::Bench& bench;
    adapters::Environment& environment;
    LabSetup setup;
    model::RouterSpec oracle;
    // A wall-clock port's latency lets a frame of the SUT cross a stimulus (PIXIT crossing_ms).
    model::CrossingWindow crossing;
    PlanOutcome outcome;

    // The environment's fault injector, a middleware on the SUT's port.
    adapters::FaultInjector injector;
    int last_b_channel = 0;  // channel of the latest B-channel frame
    std::uint16_t pings_to_sut = 0;  // Sequence Number of the latest peer-pings-sut
    Millis running_until = Millis::max();  // the target of the bench's run_until under way
    // wait-sut: the step ends at the SUT's next frame or message (sut_spoke), not at its length.
    bool until_sut_speaks = false;
    bool sut_spoke = false;

    Run(adapters::Bench& b, const LabSetup& s)
        : bench(b),
          environment(b.environment()),
          setup(s),
          oracle(s.bench.sut_role, s.profile, s.pixit),
          crossing(b.virtual_time() ? Millis{0} : s.pixit.tolerance.crossing) {
        const std::string& peer_number = s.bench.peer_number;
        injector.set_sut_is_client(s.bench.sut_role == CallbackRole::Client, wire::Bytes(peer_number.begin(), peer_number.end()));
    }

    void judge(const model::Judgement& j) {
        if (j.conforming) return;
        outcome.conforming = false;
        outcome.violations.insert(outcome.violations.end(), j.violations.begin(), j.violations.end());
    }

    // The message goes to the port log and the oracle as delivered. The log's copy is taken
    // before the decoding so that it does not hold it: keeping every decoding until the plan ends
    // doubled what this change costs the campaign in malloc's slow path (DESIGN.md section 8),
    // and only goals and failure reports read the log, decoding its copy once when they do.
    void log_and_judge(const PortMessage& m) {
        outcome.port_log.push_back(m);
        judge(crossing.on_event(oracle, m));
    }

    // The port tap: the injector may rewrite, drop or hold a stimulus; what reaches the SUT, and
    // everything the SUT sends, goes to the port log and the oracle.
    TapDecision on_port(PortMessage& m) {
        if (!m.d_channel()) last_b_channel = m.channel;
        if (!m.to_sut()) {
            log_and_judge(m);
            if (until_sut_speaks && !sut_spoke) {
                sut_spoke = true;
                bench.stop_soon();
            }
        }
        const TapDecision decision = injector.on_port(m);
        if (m.to_sut() && decision.kind == TapDecision::Kind::Pass) log_and_judge(m);
        // A frame the injector made due before the bench's current target (a duplicate 1 ms on,
        // a crossing RELEASE) goes out then, not at the end of the lab's step.
        if (const auto due = injector.next_due(); due && *due < running_until) bench.stop_soon();
        return decision;
    }

    using FrameFault = adapters::FaultInjector::FrameFault;
    void arm(FrameFault fault, IntentRecord& record, Millis delay = Millis{0}) {
        injector.arm(fault, delay);
        record.note = "armed for the next frame toward the SUT";
    }

    void inject_packet(std::uint16_t protocol, const wire::Bytes& information) {
        bench.inject(PortMessage::b_frame(bench.now(), Direction::ToSut, last_b_channel,
                                          reframe(wire::encode_ppp(protocol, information))));
    }
    void inject_lcp(const wire::LcpPacket& packet) { inject_packet(wire::proto::kLcp, wire::encode_lcp(packet)); }

    // The call reference of the latest call on the D-channel, with the flag the network's messages
    // on it carry; none once that call was released (RELEASE COMPLETE) or before any call.
    std::optional<std::pair<std::uint8_t, bool>> latest_call() const {
        for (auto it = outcome.port_log.rbegin(); it != outcome.port_log.rend(); ++it) {
            if (!it->d_channel()) continue;
            const auto& q = *it->decoded().q931;
            if (!q) continue;
            if (q.value().kind() == wire::Q931Type::ReleaseComplete) return std::nullopt;
            const bool flag = it->to_sut() ? q.value().from_destination : !q.value().from_destination;
            return std::make_pair(q.value().call_reference, flag);
        }
        return std::nullopt;
    }

    bool link_open() const {
        if (last_b_channel == 0) return false;
        const auto state = oracle.lcp_state(last_b_channel);
        return state && *state == model::LcpState::Opened;
    }
    // An LCP automaton is live on the latest B-channel, in whatever state (RFC 1661 section 4.1:
    // every event is defined in every state; the SUT's answer there is what a plan tests).
    bool link_live() const { return last_b_channel != 0 && oracle.lcp_state(last_b_channel).has_value(); }

    std::string phase() const { return last_b_channel == 0 ? std::string("Dead") : oracle.phase(last_b_channel); }

    // Applies one intent now, or records it as skipped with the reason.
    IntentRecord apply(const Intent& intent) {
        IntentRecord r{intent, bench.now(), true, ""};
        const bool sut_client = setup.bench.sut_role == CallbackRole::Client;
        const Side client = sut_client ? Side::Sut : Side::Peer;
        const Side server = sut_client ? Side::Peer : Side::Sut;
        // The next call goes to the client when a return call is due, else to the server.
        const std::string cb = oracle.callback_state();
        const Side next_callee = (cb == "AwaitReturn" || cb == "Pending" || cb == "CallingBack") ? client : server;
        auto skip = [&r](std::string why) {
            r.applied = false;
            r.note = std::move(why);
        };
        // The PIXIT's other destination the intent names (1-based), or a skip with the reason.
        auto other_destination = [&]() -> const pixit::OtherDestination* {
            const auto& others = setup.parameters.other_destinations;
            if (intent.arg < 1 || static_cast<std::size_t>(intent.arg) > others.size()) {
                skip("the PIXIT names " + std::to_string(others.size()) + " other destination(s), not " + std::to_string(intent.arg));
                return nullptr;
            }
            return &others[static_cast<std::size_t>(intent.arg) - 1];
        };
        auto forged = [&](wire::LcpCode code) {
            wire::LcpPacket p;
            p.code = static_cast<std::uint8_t>(code);
            p.identifier = injector.next_forged_id();
            return p;
        };
        // DESIGN.md section 7: what the attachment cannot carry is skipped, with the reason.
        const adapters::Capabilities can = bench.capabilities();
        const std::string attachment = bench.identify().name;
        if (!can.lan_traffic && (intent.kind == IntentKind::Ping || intent.kind == IntentKind::NonInterestingTraffic ||
                                 intent.kind == IntentKind::PingOther)) {
            skip("the attachment (" + attachment + ") has no LAN side to offer traffic at");
            return r;
        }
        const bool call_fault = intent.kind == IntentKind::NetBusy || intent.kind == IntentKind::NetNoAnswer ||
                                intent.kind == IntentKind::NetNoChannel || intent.kind == IntentKind::NetNoResponse ||
                                intent.kind == IntentKind::NetStatusEnquiry || intent.kind == IntentKind::NetIgnoresDisconnect ||
                                intent.kind == IntentKind::NetOffersBusyChannel || intent.kind == IntentKind::OtherCalls ||
                                intent.kind == IntentKind::OtherHangsUp ||
                                intent.kind == IntentKind::NetCrossesRelease || intent.kind == IntentKind::NetAssignsB2 ||
                                intent.kind == IntentKind::NetWithholdsCallingNumber ||
                                intent.kind == IntentKind::NetSlowConnect || intent.kind == IntentKind::NetAnswersCall ||
                                intent.kind == IntentKind::NetClearsCall || intent.kind == IntentKind::NetNeverAnswers ||
                                intent.kind == IntentKind::NetReleasesAtOnce;
        if (can.call_control == adapters::Capabilities::CallControl::None && call_fault) {
            skip("the attachment (" + attachment + ") has no call control: the line is up from the start, no call to refuse or slow");
            return r;
        }
        if (!can.bad_fcs && intent.kind == IntentKind::BadFcs) {
            skip("the attachment (" + attachment + ") cannot deliver a frame with a bad FCS");
            return r;
        }
        if (!can.forged_frames && forges_frames(intent.kind)) {
            skip("the attachment (" + attachment + ") delivers only what the environment's peer sends: no forged or rewritten frame");
            return r;
        }
        switch (intent.kind) {
            case IntentKind::Ping:
                outcome.pings.push_back(environment.ping(client, static_cast<int>(intent.arg)));
                r.note = "from the client toward the server";
                break;
            case IntentKind::PingOther: {
                const pixit::OtherDestination* other = other_destination();
                if (other == nullptr) break;
                outcome.pings.push_back(environment.ping_to(Side::Sut, other->address, 1));
                r.note = "from the SUT's LAN toward " + other->name + " " + other->number;
                break;
            }
            case IntentKind::NonInterestingTraffic:
                if (!environment.send_non_interesting(client, static_cast<int>(intent.arg))) {
                    skip("the dialer-list makes every packet the bench can send interesting");
                }
                break;
            case IntentKind::Wait:
            case IntentKind::WaitSut: break;  // time passes in Lab::run
            case IntentKind::ShowDialer: {
                const std::optional<std::string> text = can.show_dialer ? bench.show_dialer() : std::nullopt;
                if (!text) {
                    skip("the attachment (" + attachment + ") cannot read the SUT's show dialer");
                    break;
                }
                const model::DialerReport report = dialer_report(adapters::recording::parse_show_dialer(*text));
                judge(oracle.on_dialer_report(bench.now(), report));
                r.observed = dialer_report_summary(report);
                break;
            }
            case IntentKind::NetBusy: environment.fail_next_call(next_callee, wire::CallFault::Busy); break;
            case IntentKind::NetNoAnswer: environment.fail_next_call(next_callee, wire::CallFault::NoAnswer); break;
            case IntentKind::NetNoChannel: environment.fail_next_call(next_callee, wire::CallFault::NoChannel); break;
            case IntentKind::NetNoResponse: environment.fail_next_call(next_callee, wire::CallFault::NoResponse); break;
            case IntentKind::PeerLoopsMagic: injector.loop_magic(); break;
            case IntentKind::PeerStaysLooped: injector.loop_magic(static_cast<int>(intent.arg)); break;
            case IntentKind::PeerAsksAddress: injector.ask_address(); break;
            case IntentKind::PeerAltersIpcpAck: injector.alter_ipcp_ack(); break;
            case IntentKind::NetSlowConnect: environment.slow_connect(next_callee, Millis{intent.arg}); break;
            case IntentKind::NetAssignsB2: environment.assign_next_channel(Side::Sut, 2); break;
            case IntentKind::NetWithholdsCallingNumber:
                environment.withhold_calling_number(Side::Peer);
                r.note = "armed for the peer's next call";
                break;
            case IntentKind::NetDropLine:
                if (!can.line_drop) skip("the attachment (" + attachment + ") cannot drop the line (no modem control to hang up with)");
                else if (last_b_channel == 0) skip("no call to drop");
                else bench.drop_line();
                break;
            case IntentKind::BadFcs: arm(FrameFault::BadFcs, r); break;
            case IntentKind::BadControl: arm(FrameFault::ForeignControl, r); break;
            case IntentKind::Truncated: arm(FrameFault::Truncated, r); break;
            case IntentKind::BadLength: arm(FrameFault::BadLength, r); break;
            case IntentKind::DropNext: arm(FrameFault::Drop, r); break;
            case IntentKind::DuplicateNext: arm(FrameFault::Duplicate, r); break;
            case IntentKind::ReorderNext: arm(FrameFault::Reorder, r); break;
            case IntentKind::DelayNext: arm(FrameFault::Delay, r, Millis{intent.arg}); break;
            case IntentKind::PeerNaksCallback:
                if (!sut_client) skip("the peer is the callback client: it acks nothing of option 13");
                else injector.nak_callback(static_cast<std::uint8_t>(intent.arg));
                break;
            case IntentKind::PeerNaksChap: injector.nak_chap(); break;
            case IntentKind::PeerRefusesSut: injector.refuse_sut(); break;
            case IntentKind::PeerProposesOp:
                // A client SUT sees option 13 added to the peer's next CR.
                injector.propose_callback(static_cast<std::uint8_t>(intent.arg));
                break;
            case IntentKind::UnknownOption: injector.add_unknown_option(); break;
            case IntentKind::PeerRepeatsUnknownOption: injector.add_unknown_option(static_cast<int>(intent.arg)); break;
            case IntentKind::PeerRefusesCbcp: injector.refuse_cbcp(); break;
            case IntentKind::PeerGarblesCbcp: injector.garble_cbcp(); break;
            case IntentKind::SendEchoRequest: {
                // RFC 1661 section 5.8: outside Opened an Echo-Request is silently discarded (RXR).
                if (!link_live()) { skip("no LCP link is up"); break; }
                auto p = forged(wire::LcpCode::EchoReq);
                p.magic = injector.peer_magic();
                inject_lcp(p);
                break;
            }
            case IntentKind::SendCodeReject: {
                if (!link_live()) { skip("no LCP link is up"); break; }
                auto p = forged(wire::LcpCode::CodeRej);
                // RXJ+ material: a reject of Identification (code 12) is permitted (LCP-10).
                p.data = {0x0C, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00};
                inject_lcp(p);
                break;
            }
            case IntentKind::SendFatalCodeReject: {
                if (!link_live()) { skip("no LCP link is up"); break; }
                auto p = forged(wire::LcpCode::CodeRej);
                // RXJ-: the rejected packet is a Configure-Request (code 1), which LCP cannot do
                // without (RFC 1661 section 5.6): the SUT must tear the link down (LCP-10).
                p.data = {0x01, 0x01, 0x00, 0x04};
                inject_lcp(p);
                break;
            }
            case IntentKind::SendCodeRejectOf: {
                if (!link_live()) { skip("no LCP link is up"); break; }
                auto p = forged(wire::LcpCode::CodeRej);
                // The rejected packet's header: code N, an Identifier, Length 4 (RFC 1661 section 5.6:
                // the Rejected-Packet field starts with the Information field's code).
                p.data = {static_cast<std::uint8_t>(intent.arg), 0x01, 0x00, 0x04};
                inject_lcp(p);
                break;
            }
            case IntentKind::SendConfigureNak: {
                // RFC 1661 section 5.3: a Nak copies the Request's Identifier and names only options
                // of that Request; section 6.4: a Nak'd Magic-Number asks for another value.
                const auto request = injector.sut_request();
                if (!link_live()) { skip("no LCP link is up"); break; }
                if (!request || request->magic == 0) { skip("the SUT's latest Configure-Request carries no Magic-Number to Nak"); break; }
                wire::LcpPacket p = forged(wire::LcpCode::ConfNak);
                p.identifier = request->identifier;
                p.options = {wire::MagicNumber{request->magic ^ 0x5A5A5A5AU}};
                inject_lcp(p);
                break;
            }
            case IntentKind::SendTerminateAck: {
                if (!link_live()) { skip("no LCP link is up"); break; }
                inject_lcp(forged(wire::LcpCode::TermAck));
                break;
            }
            case IntentKind::SendProtocolReject: {
                if (!link_live()) { skip("no LCP link is up"); break; }
                auto p = forged(wire::LcpCode::ProtoRej);
                p.rejected_protocol = wire::proto::kCcp;  // RXJ+: an NCP the SUT may not even run
                inject_lcp(p);
                break;
            }
            case IntentKind::SendCbcpRequest: {
                if (!link_open()) { skip("LCP is not Opened"); break; }
                wire::CbcpPacket p;  // CBCP-02: a user-number offer, as an answerer sends it
                p.code = static_cast<std::uint8_t>(wire::CbcpCode::Request);
                p.identifier = injector.next_forged_id();
                wire::CbcpOption user;
                user.type = static_cast<std::uint8_t>(wire::CbcpType::UserNumber);
                user.has_delay = true;
                user.addresses.push_back({wire::kCbcpAddressPstn, ""});
                p.options.push_back(user);
                inject_packet(wire::proto::kCbcp, wire::encode_cbcp(p));
                break;
            }
            case IntentKind::UnknownCode: {
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                wire::LcpPacket p;
                p.code = 0x2A;  // RUC: the SUT owes a Code-Reject (LCP-10)
                p.identifier = injector.next_forged_id();
                p.data = {0xDE, 0xAD};
                inject_lcp(p);
                break;
            }
            case IntentKind::UnknownProtocol:
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                // A valid protocol number (high octet even, low odd: FR-11) that nothing assigns.
                inject_packet(kUnassignedProtocol, {0x01, 0x02, 0x03, 0x04});
                break;
            case IntentKind::InvalidProtocol:
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                inject_packet(kInvalidProtocol, {0x01, 0x01, 0x00, 0x04});
                break;
            case IntentKind::SendProtocol:
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                inject_packet(static_cast<std::uint16_t>(intent.arg), {0x01, 0x01, 0x00, 0x04});
                break;
            case IntentKind::PeerPingsSut:
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                inject_packet(wire::proto::kIp, echo_request_to_sut(setup.pixit, static_cast<int>(intent.arg), ++pings_to_sut));
                break;
            case IntentKind::NetIgnoresDisconnect:
                injector.lose_network_release();
                r.note = "armed for the SUT's next DISCONNECT";
                break;
            case IntentKind::NetCrossesRelease:
                injector.cross_network_release();
                r.note = "armed for the SUT's next DISCONNECT";
                break;
            case IntentKind::NetAnswersCall:
            case IntentKind::NetClearsCall:
            case IntentKind::NetNeverAnswers:
            case IntentKind::NetReleasesAtOnce:
                if (const auto script = network_script(intent)) {
                    environment.arm_script(Side::Sut, *script);
                    r.note = "armed for the SUT's next call";
                } else {
                    skip(std::string(intent_info(intent.kind).name) + " takes " + std::to_string(intent_info(intent.kind).min) +
                         ".." + std::to_string(intent_info(intent.kind).max) + ", not " + std::to_string(intent.arg));
                }
                break;
            case IntentKind::PeerIgnoresTerminate:
                injector.ignore_terminate();
                r.note = "the peer's Terminate-Acks are lost from now on";
                break;
            case IntentKind::PeerTerminateLost:
                injector.lose_terminate_request();
                r.note = "the peer's next LCP Terminate-Request is lost";
                break;
            case IntentKind::PeerAcksLost:
                injector.lose_configure_acks(static_cast<int>(intent.arg));
                r.note = "the peer's next " + std::to_string(intent.arg) + " Configure-Ack(s) are lost";
                break;
            case IntentKind::PeerRepeatsAuth:
                injector.repeat_auth();
                r.note = "armed for the peer's next CHAP Response or PAP Authenticate-Request";
                break;
            case IntentKind::PeerAuthLost:
                switch (intent.arg) {
                    case 1: injector.lose_verdict(); r.note = "armed for the peer's next verdict on the SUT's authentication"; break;
                    case 2:
                        injector.lose_auth_request();
                        r.note = "armed for the peer's next CHAP Response or PAP Authenticate-Request";
                        break;
                    case 3:
                        injector.lose_every_verdict();
                        r.note = "every verdict of the peer's on the SUT's authentication is lost from now on";
                        break;
                    default:
                        injector.lose_every_auth_request();
                        r.note = "every CHAP Response and PAP Authenticate-Request of the peer's is lost from now on";
                        break;
                }
                break;
            case IntentKind::PeerChoosesNoCallback:
                if (sut_client) {
                    skip("the SUT is the CBCP caller: it chooses, the peer only offers");
                } else {
                    injector.choose_no_callback();
                    r.note = "armed for the peer's next CBCP Response, if the SUT offers \"no callback\"";
                }
                break;
            case IntentKind::PeerAnswersCbcp:
                if (sut_client) {
                    skip("the SUT is the CBCP caller: it answers, the peer only offers");
                } else if (intent.arg < 1 || intent.arg > 5) {
                    skip("peer-answers-cbcp takes 1..5, not " + std::to_string(intent.arg));
                } else {
                    injector.answer_cbcp(static_cast<adapters::FaultInjector::CbcpAnswer>(intent.arg));
                    r.note = "armed for the peer's next CBCP Response";
                }
                break;
            case IntentKind::PeerSkipsChallenge:
                injector.skip_challenge(intent.arg == 1);
                r.note = "armed for the peer's next CHAP Challenge";
                break;
            case IntentKind::PeerGoesSilent:
                injector.go_silent();
                r.note = "nothing reaches the SUT's B-channels until its call is cleared";
                break;
            case IntentKind::PeerMisnumbersChapResult:
                injector.misnumber_chap_result();
                r.note = "armed for the peer's next CHAP Success or Failure";
                break;
            case IntentKind::PeerReplaysChapSuccess:
                injector.replay_chap_success();
                r.note = "armed for the peer's next CHAP Challenge after one of its Successes";
                break;
            case IntentKind::PeerNaksAuth: {
                // RFC 1994 section 3 (CHAP's algorithm octet), RFC 3748 section 7.2 (EAP: no data).
                static const wire::AuthProtocol kAsked[] = {{wire::proto::kPap, {}},
                                                            {wire::proto::kChap, {wire::kChapMd5}},
                                                            {wire::proto::kChap, {0x80}},
                                                            {kEapProtocol, {}}};
                injector.nak_auth(kAsked[intent.arg - 1]);
                r.note = "armed for the peer's next Configure-Ack of an Authentication-Protocol";
                break;
            }
            case IntentKind::PeerRequestsMagicZero:
                injector.request_magic_zero();
                r.note = "armed for the peer's next Configure-Request";
                break;
            case IntentKind::PeerRepeatsResponseAltered:
                injector.repeat_response_altered();
                r.note = "armed for the peer's next CHAP Response";
                break;
            case IntentKind::PeerRejectsSutOption:
                injector.reject_sut_option(intent.arg == 1 ? wire::lcp_opt::kMagicNumber : wire::lcp_opt::kAuthProtocol);
                r.note = intent.arg == 1 ? "armed for the peer's next Configure-Ack of a Magic-Number"
                                         : "armed for the peer's next Configure-Ack of an Authentication-Protocol";
                break;
            case IntentKind::SendIpcp: {
                if (last_b_channel == 0) { skip("no B-channel is up"); break; }
                wire::IpcpPacket p;
                p.identifier = injector.next_forged_id();
                // RFC 1661 section 5.5: a Terminate-Request's Data is optional; section 5.6: a code
                // the receiver does not know is Code-Rejected (RFC 1332 section 2: IPCP knows 1-7).
                p.code = intent.arg == 1   ? static_cast<std::uint8_t>(wire::LcpCode::TermReq)
                         : intent.arg == 2 ? kUnknownIpcpCode
                                           : static_cast<std::uint8_t>(wire::LcpCode::CodeRej);
                // Variant 3 rejects a Configure-Request (code 1): RXJ-, catastrophic for IPCP.
                p.data = intent.arg == 3 ? wire::Bytes{0x01, 0x01, 0x00, 0x04} : wire::Bytes{0xDE, 0xAD};
                inject_packet(wire::proto::kIpcp, wire::encode_ipcp(p));
                break;
            }
            case IntentKind::NetStatusEnquiry: {
                const auto call = latest_call();
                if (!call) { skip("no call in progress to ask about"); break; }
                wire::Q931Message enquiry;
                enquiry.call_reference = call->first;
                enquiry.from_destination = call->second;
                enquiry.type = static_cast<std::uint8_t>(wire::Q931Type::StatusEnquiry);
                bench.inject(PortMessage::q931(bench.now(), Direction::ToSut, wire::encode_q931(enquiry)));
                break;
            }
            case IntentKind::OtherCalls:
            case IntentKind::OtherHangsUp: {
                const pixit::OtherDestination* other = other_destination();
                if (other == nullptr) break;
                const std::size_t index = static_cast<std::size_t>(intent.arg) - 1;
                const bool calls = intent.kind == IntentKind::OtherCalls;
                if (!(calls ? environment.call_from_other(index, Side::Sut) : environment.other_hangs_up(index)))
                    skip(calls ? other->name + " has a call up already" : other->name + " has no call to hang up");
                else
                    r.note = other->name + (calls ? " calls the SUT" : " hung up");
                break;
            }
            case IntentKind::NetOffersBusyChannel:
                // Q.931 section 5.2.3.1 c): the network's own offer, made only while it holds the
                // SUT's call connected on that channel (ISDN-04: the SUT refuses it).
                if (!environment.offer_busy_channel(Side::Sut)) skip("the network holds no connected call of the SUT's");
                else r.note = "the network offered a second call on the B-channel in use";
                break;
            case IntentKind::Renegotiate: {
                if (!link_open()) { skip("LCP is not Opened (FSM-08)"); break; }
                wire::LcpPacket p = forged(wire::LcpCode::ConfReq);
                const std::uint32_t peer_magic = injector.peer_magic();
                p.options = {wire::MagicNumber{peer_magic != 0 ? peer_magic : 0x0BADCAFE}};
                inject_lcp(p);
                break;
            }
            case IntentKind::PeerTerminates: {
                static const char* const kPhases[] = {"Establish", "Authenticate", "Callback", "Network"};
                if (last_b_channel == 0 || phase() != kPhases[intent.arg]) {
                    skip("the link is in phase " + phase() + ", not " + kPhases[intent.arg]);
                    break;
                }
                auto p = forged(wire::LcpCode::TermReq);
                inject_lcp(p);
                break;
            }
            default:  // a configuration variant (is_configuration_variant), applied before the run
                r.note = "configuration variant, applied before the run";
                break;
        }
        return r;
    }

    // Moves time to `until`, stopping for scheduled injections; judges quiescence on the way.
    bool advance(Millis until) {
        while (true) {
            if (!bench.failure().empty()) return true;  // the run ends; Lab::run reports it
            const std::optional<Millis> due = injector.next_due();
            const Millis target = due && *due <= until ? *due : until;
            running_until = target;
            const bool bounded = target <= bench.now() || bench.run_until(target);
            running_until = Millis::max();
            if (!bounded) return false;
            judge(crossing.advance_to(oracle, bench.now()));
            // The bench may have stopped short of `target` for a frame made due meanwhile.
            injector.deliver_due(bench.now(), [this](const PortMessage& m) { bench.inject(m); });
            if (bench.now() >= until || sut_spoke) return true;
        }
    }
};

Lab::Lab(std::unique_ptr<adapters::Bench> bench)
    : environment_(std::make_unique<adapters::Environment>()), bench_(std::move(bench)) {
    bench_->attach(*environment_);
}
Lab::~Lab() = default;

PlanOutcome Lab::run(const LabSetup& base, const std::vector<Intent>& plan) {
    std::size_t next = 0;
    return run(base, plan, [&plan, &next](const model::RouterSpec&) -> std::optional<Intent> {
        if (next == plan.size()) return std::nullopt;
        return plan[next++];
    });
}

PlanOutcome Lab::run(const LabSetup& base, const std::vector<Intent>& configuration, const NextIntent& next) {
    LabSetup setup = base;
    std::vector<IntentRecord> config_records;
    apply_configuration_intents(setup, configuration, config_records, bench_->capabilities().configures_sut);
    // The environment's CBCP answerer ends the session after its Ack where the SUT's profile
    // expects the answerer to (AMB-12); else it leaves that to the SUT as caller.
    setup.bench.peer_cbcp_answerer_terminates = setup.profile.callback.cbcp_terminator == model::CbcpTerminator::Answerer;
    Run run(*bench_, setup);
    run.outcome.intents = config_records;

    if (const std::string error = bench_->reset(setup.bench); !error.empty()) {
        run.outcome.error = error;
        return std::move(run.outcome);
    }
    bench_->set_port_tap([&run](PortMessage& m) { return run.on_port(m); });
    bench_->set_traffic_tap([&run](const PortMessage& datagram) {
        run.outcome.traffic.push_back(datagram);
        run.outcome.traffic_after.push_back(run.outcome.port_log.size());
        // The SUT's own LAN side: only well-formed datagrams are offered.
        if (*datagram.decoded().ipv4) run.judge(run.crossing.on_event(run.oracle, datagram));
    });

    bool bounded = true;
    while (bench_->now() < setup.max_duration && bench_->failure().empty()) {
        // Drawn from the oracle's state after the previous step (generation from the model).
        const std::optional<Intent> intent = next(run.oracle);
        if (!intent) break;
        // A configuration variant was applied before the run (from `configuration`): time stands still.
        const bool config_variant = is_configuration_variant(intent->kind);
        if (!config_variant) run.outcome.intents.push_back(run.apply(*intent));
        const bool waits = intent->kind == IntentKind::Wait || intent->kind == IntentKind::WaitSut;
        const Millis span = waits ? Millis{intent->arg} : (config_variant ? Millis{0} : setup.step);
        run.until_sut_speaks = intent->kind == IntentKind::WaitSut;
        run.sut_spoke = false;
        const bool advanced = run.advance(std::min(bench_->now() + span, setup.max_duration));
        run.until_sut_speaks = false;
        if (!advanced) {
            bounded = false;
            break;
        }
    }
    if (bounded && bench_->failure().empty()) {
        bounded = run.advance(std::min(bench_->now() + setup.settle, setup.max_duration));
    }
    // A SUT that died or never came up: verdict error with the bench's reason (never a pass).
    if (const std::string failure = bench_->failure(); !failure.empty()) run.outcome.error = failure;
    if (!bounded) {
        run.outcome.livelock = true;
        run.outcome.conforming = false;
        run.outcome.error = "the run exceeded its step bound at " + std::to_string(bench_->now().count()) +
                            " ms: livelock";
    }
    for (const std::size_t id : run.outcome.pings) run.outcome.ping_outcomes.push_back(environment_->ping_outcome(id));
    run.outcome.calls = environment_->calls();
    run.outcome.end = bench_->now();
    run.outcome.callback_state = run.oracle.callback_state();
    for (const auto& note : run.oracle.notes()) {
        if (note.rfind("deviation:", 0) == 0 &&
            std::find(run.outcome.notes.begin(), run.outcome.notes.end(), note) == run.outcome.notes.end()) {
            run.outcome.notes.push_back(note);
        }
    }
    const auto& crossings = run.crossing.notes();
    run.outcome.notes.insert(run.outcome.notes.end(), crossings.begin(), crossings.end());
    if (const std::string summary = bench_->summary(); !summary.empty()) run.outcome.notes.push_back(summary);
    run.outcome.coverage = run.oracle.coverage_counts();
    bench_->set_port_tap({});
    bench_->set_traffic_tap({});
    return std::move(run.outcome);
}

std::string render_trace(const PlanOutcome& outcome, std::size_t max_lines) {
    struct Line {
        Millis at;
        std::string text;
    };
    std::vector<Line> lines;
    for (const auto& r : outcome.intents) {
        lines.push_back({r.at, std::string("   plan  ") + to_text(r.intent) +
                                   (!r.applied ? "  (skipped: " + r.note + ")"
                                    : r.observed.empty() ? std::string() : "  (" + r.observed + ")")});
    }
    for (const auto& m : outcome.port_log) {
        std::string text = m.to_sut() ? "-> SUT " : "<- SUT ";
        const wire::PortDecoding& decoded = m.decoded();
        if (m.d_channel()) {
            const auto& q = *decoded.q931;
            text += "D   " + (q ? wire::describe(q.value()) : "malformed Q.931: " + q.error().to_string());
        } else {
            text += "B" + std::to_string(m.channel) + "  ";
            if (!decoded.intact) {
                text += "bad FCS: " + wire::to_hex(m.bytes());
            } else {
                const auto f = decoded.frame();
                text += f ? wire::describe(f.value()) : "malformed: " + f.error().to_string();
            }
        }
        lines.push_back({m.at, std::move(text)});
    }
    for (const auto& v : outcome.violations) {
        std::string ids;
        for (const auto& id : v.requirements) ids += (ids.empty() ? "" : " ") + id;
        lines.push_back({v.at, "!! VIOLATION [" + ids + "] " + v.explanation});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.at < b.at; });
    std::string out;
    std::size_t n = 0;
    for (const auto& l : lines) {
        if (++n > max_lines) {
            out += "   ... " + std::to_string(lines.size() - max_lines) + " more lines\n";
            break;
        }
        char stamp[32];
        const long long ms = l.at.count();
        std::snprintf(stamp, sizeof stamp, "%7lld.%03lld ", ms / 1000, ms % 1000);
        out += stamp + l.text + '\n';
    }
    return out;
}

}  // namespace ppp::suites
