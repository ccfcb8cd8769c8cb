#pragma once
// One PPP link on one B-channel: LCP (RFC 1661, SPEC LCP/FSM/PH), PAP/CHAP either direction
// (SPEC PAP/CHAP), the Callback option (RFC 1570, SPEC CB), CBCP both roles (SPEC section 7),
// IPCP (RFC 1332) and IPv4 datagrams. Sans-IO: frames in, frames and events out.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ppp/sut/actions.hpp"
#include "ppp/sut/common.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/fsm.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"

namespace ppp::sut {

enum class LinkPhase : std::uint8_t { Dead, Establish, Authenticate, Callback, Network, Terminate };
const char* link_phase_name(LinkPhase p);

// Profile knobs for behaviour the SPEC's AMB table leaves open; defaults are Cisco's.
struct PppKnobs {
    FsmTimers timers{};            // AMB-14: Restart 3 s, Max-Configure 10, Max-Terminate 2
    int max_failure = 5;           // FSM-03
    bool reject_unsupported_op = true;   // AMB-04: CJ (unconfigured Cisco) instead of CN
    bool reject_op0_without_auth = true; // AMB-03
    bool continue_on_callback_reject = true;  // AMB-05 on_reject: go on without callback
    bool coderej_8_11_permitted = true;  // AMB-21
    Millis auth_retry{3000};       // PAP/CHAP retransmission interval
    int auth_max_tries = 10;       // AUTH-01 (pppd: 10 challenges)
    Millis cbcp_retry{2000};       // CBCP-05
    int cbcp_max_tries = 10;
    // AMB-41: how long a CBCP caller waits for the answerer's Callback-Request after
    // authentication before it ends the link (0: forever). The reference gives the answerer as
    // long as its dialer gives a call to come up (wait-for-carrier, DDR-05).
    Millis cbcp_request_wait{30000};
};

// What this call negotiates; set by the router per call.
struct LinkSetup {
    std::string hostname;             // our CHAP name / PAP peer-id
    bool outgoing = false;
    bool request_callback = false;    // CCB-01: client asks on outgoing calls only
    std::uint8_t callback_op = 0;     // 0 Cisco, 6 = CBCP (pppd style client)
    Bytes callback_message;
    bool accept_callback = false;     // CCB-02 server role on this call
    std::vector<AuthKind> authenticate_peer;  // empty: we do not ask the peer to authenticate
    std::string pap_password;         // password we send if the peer asks for PAP
    std::uint32_t local_ip = 0;
    std::uint32_t peer_ip_hint = 0;   // offered in an IPCP Nak when the peer asks for 0.0.0.0
    std::string own_number;           // our number for a CBCP user-number answer
};

struct LinkEvent {
    enum class Kind : std::uint8_t {
        LcpOpened,     // Establish done (tlu)
        AuthDone,      // both directions done: peer_name set (PH-03)
        AuthFailed,    // the link is being terminated (CHAP-04, PAP-03)
        Finished,      // tlf: hang up the call (PH-04)
        NetworkUp,     // IPCP Opened
        NetworkDown,
        CbcpAgreed,    // CBCP Ack: number/delay set (CBCP-06); the link should now drop
        CbcpNone,      // CBCP "no callback" agreed: network phase
        Datagram,      // an IPv4 datagram arrived
    };
    Kind kind = Kind::LcpOpened;
    std::string peer_name;
    std::string number;
    Millis delay{0};
    Bytes datagram;
};

class PppLink {
public:
    PppLink(int channel, const RouterConfig& config, const Faults& faults, const PppKnobs& knobs,
            Logger& log, std::deque<Action>& out, Rng& rng);
    PppLink(const PppLink&) = delete;
    PppLink& operator=(const PppLink&) = delete;

    void start(Millis now, const LinkSetup& setup);  // B-channel up: LCP Open + Up (PH-01)
    void lower_down(Millis now);                     // B-channel gone: LCP Down
    void close(Millis now);                          // LCP Close: Terminate-Request
    void start_network(Millis now);                  // IPCP Open + Up
    void start_cbcp_server(Millis now, bool offer_admin, bool offer_none);  // CBCP-02
    // CB-08: as the caller, authenticated with op 6 agreed, wait for the answerer's Request for
    // at most knobs.cbcp_request_wait, then close the link (AMB-41).
    void await_cbcp_request(Millis now);
    // CBCP-02 with the offer given as types: 1 no callback, 2 user number, 3 admin number, in
    // this order (a harness playing the answerer offers them one at a time, PEERS.md section 2).
    void start_cbcp_server(Millis now, const std::vector<std::uint8_t>& types);
    bool send_ip(Millis now, const Bytes& datagram);  // false unless IPCP is Opened

    void on_frame(Millis now, const Bytes& octets);
    void on_timer(Millis now);
    std::optional<Millis> next_deadline() const;
    std::optional<LinkEvent> poll_event();

    // Queries.
    LinkPhase phase() const { return phase_; }
    FsmState lcp_state() const { return lcp_.state(); }
    bool network_up() const { return ipcp_.state() == FsmState::Opened; }
    bool callback_agreed_as_server() const { return server_cb_.has_value(); }
    bool callback_agreed_as_client() const { return client_cb_agreed_; }
    std::uint8_t agreed_callback_op() const;
    const Bytes& agreed_callback_message() const;
    const std::string& peer_name() const { return peer_name_; }
    std::uint32_t peer_ip() const { return peer_ip_; }
    std::uint32_t magic() const { return magic_; }
    const LinkSetup& setup() const { return setup_; }
    // IP-07: the address to offer a peer that asks for one, once its authenticated name found its
    // dialer map (a caller whose number was withheld has none before).
    void learn_peer_ip_hint(std::uint32_t next_hop) {
        if (setup_.peer_ip_hint == 0) setup_.peer_ip_hint = next_hop;
    }

    struct Counters {
        std::size_t fcs_errors = 0, malformed = 0, discarded = 0, frames_in = 0, frames_out = 0;
    };
    const Counters& counters() const { return counters_; }

private:
    class Acts : public FsmActions {
    public:
        Acts(PppLink& link, bool lcp) : link_(link), lcp_(lcp) {}
        void tlu(Millis now) override;
        void tld(Millis now) override;
        void tls(Millis now) override;
        void tlf(Millis now) override;
        void scr(Millis now) override;
        void sca(Millis now) override;
        void scn(Millis now) override;
        void str(Millis now) override;
        void sta(Millis now) override;
        void scj(Millis now) override;
        void ser(Millis now) override;
        void illegal_event(const char* event) override;

    private:
        PppLink& link_;
        bool lcp_;
    };

    // LCP
    void on_lcp(Millis now, const Bytes& info);
    bool evaluate_lcp_request(const wire::LcpPacket& p, const Bytes& info);
    void on_lcp_nak(Millis now, const wire::LcpPacket& p);
    bool on_lcp_reject(const wire::LcpPacket& p);
    std::vector<wire::LcpOption> build_lcp_request() const;
    void lcp_tlu(Millis now);
    void lcp_tld(Millis now);
    void lcp_tlf(Millis now);
    void lcp_scr(Millis now);
    void send_lcp(Millis now, const wire::LcpPacket& p, const char* proto = "LCP");
    void send_proto_reject(Millis now, std::uint16_t protocol, const Bytes& info);
    // IPCP
    void on_ipcp(Millis now, const Bytes& info);
    void ipcp_scr(Millis now);
    void log_ipcp(Millis now, std::size_t len);  // the prepared Ack/Nak/Reject
    // Auth
    void start_auth(Millis now);
    void on_chap(Millis now, const Bytes& info);
    void on_pap(Millis now, const Bytes& info);
    void send_challenge(Millis now);
    void send_pap_request(Millis now);
    void auth_maybe_done(Millis now);
    void auth_fail(Millis now, const char* why);
    // CBCP
    void on_cbcp(Millis now, const Bytes& info);
    void send_cbcp_request(Millis now);
    // Plumbing
    void send_frame(std::uint16_t protocol, const Bytes& info);
    void set_phase(Millis now, LinkPhase p);
    void emit(LinkEvent::Kind kind);
    std::string prefix() const;
    void log_packet(Millis now, const char* proto, bool out, std::uint8_t code, std::uint8_t id,
                    std::size_t len, FsmState st, const std::vector<wire::LcpOption>* options);

    int channel_;
    const RouterConfig& config_;
    const Faults& faults_;
    const PppKnobs& knobs_;
    Logger& log_;
    std::deque<Action>& out_;
    Rng& rng_;
    LinkSetup setup_;
    LinkPhase phase_ = LinkPhase::Dead;
    Acts lcp_acts_;
    Acts ipcp_acts_;
    Fsm lcp_;
    Fsm ipcp_;
    std::deque<LinkEvent> events_;
    Counters counters_;

    // LCP: our side of the negotiation.
    std::uint32_t magic_ = 0;
    bool want_magic_ = true;
    std::size_t auth_choice_ = 0;   // index in setup_.authenticate_peer
    bool want_auth_ = false;
    bool want_callback_ = false;
    std::optional<std::uint16_t> want_mru_;
    std::uint8_t lcp_id_ = 0;
    std::uint8_t last_cr_id_ = 0;
    Bytes last_cr_options_;
    bool cr_fresh_ = true;          // LCP-04: new Id after a reply or an option change
    // LCP: the packet being handled (for sta/scj/ser) and the reply prepared for sca/scn.
    std::uint8_t rx_id_ = 0;
    std::uint8_t rx_code_ = 0;
    Bytes rx_info_;
    wire::LcpPacket reply_;
    Bytes reply_raw_;               // CA bytes echoed exactly (LCP-05)
    int naks_without_ack_ = 0;      // FSM-03 Max-Failure
    bool unoffered_nak_sent_ = false;  // fault nak-unoffered-option: once per call
    // Agreed with the peer (commit on sca).
    struct PeerTerms {
        std::uint16_t mru = 1500;
        std::uint32_t magic = 0;
        std::uint16_t auth = 0;     // protocol we must authenticate with (0 none)
        std::optional<wire::Callback> callback;
    };
    PeerTerms pending_terms_;
    PeerTerms peer_terms_;
    std::uint16_t auth_peer_proto_ = 0;  // what the peer acked in our CR (0 none)
    std::optional<wire::Callback> server_cb_;  // we acked the peer's Callback (server role)
    bool client_cb_agreed_ = false;            // the peer acked our Callback (client role)
    // Auth state.
    enum class AuthState : std::uint8_t { None, Pending, Done, Failed };
    AuthState we_auth_ = AuthState::None;    // we authenticate the peer
    AuthState they_auth_ = AuthState::None;  // the peer authenticates us
    std::uint8_t chap_id_ = 0;
    bool chap_id_chosen_ = false;  // CHAP-02: re-authentication continues the Id sequence
    Bytes chap_challenge_;
    std::optional<std::uint8_t> chap_answered_id_;  // CHAP-05: repeated Response, same code
    std::optional<std::uint8_t> chap_response_id_;  // CHAP-04: our latest Response's Identifier
    bool chap_answered_ok_ = false;
    std::uint8_t pap_id_ = 0;
    int auth_tries_ = 0;
    std::optional<Millis> auth_deadline_;
    std::optional<Millis> pap_deadline_;
    int pap_tries_ = 0;
    std::string peer_name_;
    std::string challenger_name_;
    // CBCP.
    bool cbcp_server_ = false;
    bool cbcp_done_ = false;
    std::uint8_t cbcp_id_ = 0;
    int cbcp_tries_ = 0;
    std::optional<Millis> cbcp_deadline_;
    std::optional<Millis> cbcp_request_deadline_;  // AMB-41: the caller's wait for a Request
    std::vector<wire::CbcpOption> cbcp_offer_;
    std::optional<wire::CbcpOption> cbcp_client_answer_;
    // IPCP.
    std::uint8_t ipcp_id_ = 0;
    std::uint8_t ipcp_last_id_ = 0;
    Bytes ipcp_last_options_;
    bool ipcp_want_addr_ = true;
    std::uint32_t ipcp_addr_ = 0;
    std::uint32_t peer_ip_ = 0;
    std::uint32_t pending_peer_ip_ = 0;
    wire::IpcpPacket ipcp_reply_;
    bool ipcp_rejected_ = false;  // peer Protocol-Rejected IPCP
};

}  // namespace ppp::sut
