// PPP link on one B-channel. Requirement IDs in comments are SPEC.md's.
#include <algorithm>
#include <cstdio>

#include "ppp/sut/ppp_link.hpp"

#include "ppp/wire/auth.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"

namespace ppp::sut {

using wire::LcpCode;
using wire::LcpOption;
using wire::LcpPacket;
namespace proto = wire::proto;

namespace {

const char* ios_code(std::uint8_t code) {
    static const char* kNames[] = {"CODE-0",  "CONFREQ", "CONFACK", "CONFNAK", "CONFREJ",
                                   "TERMREQ", "TERMACK", "CODEREJ", "PROTREJ", "ECHOREQ",
                                   "ECHOREP", "DISCREQ", "IDENTIFY", "TIMEREMAIN"};
    return code < 14 ? kNames[code] : "UNKNOWN";
}

std::string hex_upper(const Bytes& b) {
    std::string s;
    char buf[4];
    for (const auto x : b) {
        std::snprintf(buf, sizeof buf, "%02X", x);
        s += buf;
    }
    return s;
}

std::string ios_option(const LcpOption& o) {
    char buf[64];
    const std::string raw = " (0x" + hex_upper(wire::encode_option(o)) + ")";
    if (const auto* m = std::get_if<wire::Mru>(&o)) {
        std::snprintf(buf, sizeof buf, "MRU %u", m->value);
    } else if (const auto* a = std::get_if<wire::Accm>(&o)) {
        std::snprintf(buf, sizeof buf, "ACCM 0x%08X", a->map);
    } else if (const auto* p = std::get_if<wire::AuthProtocol>(&o)) {
        std::snprintf(buf, sizeof buf, "AuthProto %s",
                      p->protocol == proto::kChap ? "CHAP" : p->protocol == proto::kPap ? "PAP" : "?");
    } else if (const auto* g = std::get_if<wire::MagicNumber>(&o)) {
        std::snprintf(buf, sizeof buf, "MagicNumber 0x%08X", g->value);
    } else if (std::holds_alternative<wire::Pfc>(o)) {
        std::snprintf(buf, sizeof buf, "PFC");
    } else if (std::holds_alternative<wire::Acfc>(o)) {
        std::snprintf(buf, sizeof buf, "ACFC");
    } else if (const auto* c = std::get_if<wire::Callback>(&o)) {
        std::snprintf(buf, sizeof buf, "CallbackOpt %u", c->operation);
    } else {
        std::snprintf(buf, sizeof buf, "Unknown type %u", wire::option_type(o));
    }
    return buf + raw;
}

// An option whose length does not fit its type, answered by a Nak with a correct one (LCP-08).
std::optional<LcpOption> sized_default(std::uint8_t type, std::uint32_t magic) {
    switch (type) {
        case wire::lcp_opt::kMru: return LcpOption{wire::Mru{1500}};
        case wire::lcp_opt::kAccm: return LcpOption{wire::Accm{0}};
        case wire::lcp_opt::kAuthProtocol: return LcpOption{wire::AuthProtocol{proto::kChap, Bytes{wire::kChapMd5}}};
        case wire::lcp_opt::kMagicNumber: return LcpOption{wire::MagicNumber{magic}};
        case wire::lcp_opt::kCallback: return LcpOption{wire::Callback{0, {}}};
        default: return std::nullopt;
    }
}

// FSM-01: the restart timer; fault restart-timer-short runs it at a third (units confused).
FsmTimers fsm_timers(const PppKnobs& knobs, const Faults& faults) {
    FsmTimers t = knobs.timers;
    if (faults.has(Fault::RestartTimerShort)) t.restart = t.restart / 3;
    return t;
}

std::uint32_t nonzero(Rng& rng) {
    std::uint32_t v = 0;
    while (v == 0) v = rng.next32();
    return v;
}

}  // namespace

const char* link_phase_name(LinkPhase p) {
    static const char* kNames[] = {"DOWN", "ESTABLISHING", "AUTHENTICATING", "CALLBACK", "UP",
                                   "TERMINATING"};
    return kNames[static_cast<int>(p)];
}

// ---- FSM action forwarding ----------------------------------------------------------------

void PppLink::Acts::tlu(Millis now) {
    if (lcp_) {
        link_.lcp_tlu(now);
        return;
    }
    link_.peer_ip_ = link_.pending_peer_ip_;
    if (link_.log_.ppp()) link_.log_.line(now, link_.prefix() + " IPCP: State is Open");
    link_.set_phase(now, LinkPhase::Network);
    link_.emit(LinkEvent::Kind::NetworkUp);
}
void PppLink::Acts::tld(Millis now) {
    if (lcp_) {
        link_.lcp_tld(now);
        return;
    }
    link_.emit(LinkEvent::Kind::NetworkDown);
}
void PppLink::Acts::tls(Millis) {}
void PppLink::Acts::tlf(Millis now) {
    if (lcp_) link_.lcp_tlf(now);
}
void PppLink::Acts::scr(Millis now) {
    if (lcp_) link_.lcp_scr(now); else link_.ipcp_scr(now);
}
void PppLink::Acts::sca(Millis now) {
    if (lcp_) {
        link_.naks_without_ack_ = 0;
        link_.peer_terms_ = link_.pending_terms_;
        link_.server_cb_ = link_.pending_terms_.callback;
        if (link_.log_.ppp()) {
            auto p = wire::decode_lcp(link_.reply_raw_);
            if (p) link_.log_packet(now, "LCP", true, 2, p.value().identifier, link_.reply_raw_.size(),
                                    link_.lcp_.state(), &p.value().options);
        }
        link_.send_frame(proto::kLcp, link_.reply_raw_);
        return;
    }
    const Bytes info = wire::encode_ipcp(link_.ipcp_reply_);
    if (link_.log_.ppp()) link_.log_ipcp(now, info.size());
    link_.send_frame(proto::kIpcp, info);
}
void PppLink::Acts::scn(Millis now) {
    if (lcp_) {
        // FSM-03: Max-Failure counts "Configure-Nak packets sent" (RFC 1661 section 4.6), not Rejects.
        if (link_.reply_.kind() == LcpCode::ConfNak) ++link_.naks_without_ack_;
        link_.send_lcp(now, link_.reply_);
        return;
    }
    const Bytes info = wire::encode_ipcp(link_.ipcp_reply_);
    if (link_.log_.ppp()) link_.log_ipcp(now, info.size());
    link_.send_frame(proto::kIpcp, info);
}
void PppLink::Acts::str(Millis now) {
    const std::uint16_t p = lcp_ ? proto::kLcp : proto::kIpcp;
    if (lcp_) {
        link_.set_phase(now, LinkPhase::Terminate);
        link_.send_lcp(now, wire::make_term(LcpCode::TermReq, ++link_.lcp_id_));
    } else {
        wire::IpcpPacket t;
        t.code = static_cast<std::uint8_t>(LcpCode::TermReq);
        t.identifier = ++link_.ipcp_id_;
        link_.send_frame(p, wire::encode_ipcp(t));
    }
}
void PppLink::Acts::sta(Millis now) {
    if (lcp_) {
        // Fault no-terminate-ack: a TR goes unanswered (breaks LCP-09).
        if (link_.rx_code_ == static_cast<std::uint8_t>(LcpCode::TermReq) &&
            link_.faults_.has(Fault::NoTerminateAck)) {
            return;
        }
        // Fault terminate-ack-new-id: a fresh Identifier instead of the Request's (LCP-09).
        const bool fresh = link_.faults_.has(Fault::TerminateAckNewId);
        link_.send_lcp(now, wire::make_term(LcpCode::TermAck, fresh ? ++link_.lcp_id_ : link_.rx_id_));
    } else {
        wire::IpcpPacket t;
        t.code = static_cast<std::uint8_t>(LcpCode::TermAck);
        t.identifier = link_.rx_id_;
        link_.send_frame(proto::kIpcp, wire::encode_ipcp(t));
    }
}
void PppLink::Acts::scj(Millis now) {
    // LCP-10: Code-Reject with a new Id, carrying the rejected packet truncated to the peer MRU.
    Bytes copy = link_.rx_info_;
    const std::size_t limit = link_.peer_terms_.mru > 4 ? link_.peer_terms_.mru - 4U : 0U;
    if (copy.size() > limit) copy.resize(limit);
    if (lcp_) {
        LcpPacket p;
        p.code = static_cast<std::uint8_t>(LcpCode::CodeRej);
        p.identifier = ++link_.lcp_id_;
        p.data = copy;
        link_.send_lcp(now, p);
    } else {
        wire::IpcpPacket p;
        p.code = static_cast<std::uint8_t>(LcpCode::CodeRej);
        p.identifier = ++link_.ipcp_id_;
        p.data = copy;
        link_.send_frame(proto::kIpcp, wire::encode_ipcp(p));
    }
}
void PppLink::Acts::ser(Millis now) {
    if (!lcp_ || link_.rx_code_ != static_cast<std::uint8_t>(LcpCode::EchoReq)) return;
    LcpPacket p;  // LCP-12: Id copied, our Magic (0 until negotiated), data echoed
    p.code = static_cast<std::uint8_t>(LcpCode::EchoReply);
    p.identifier = link_.rx_id_;
    p.magic = link_.want_magic_ && !link_.faults_.has(Fault::EchoReplyZeroMagic) ? link_.magic_ : 0;
    auto req = wire::decode_lcp(link_.rx_info_);
    if (req) p.data = req.value().data;
    link_.send_lcp(now, p);
}
void PppLink::Acts::illegal_event(const char* event) {
    ++link_.counters_.discarded;  // FSM-05: no transition
    (void)event;
}

// ---- construction and lifecycle -----------------------------------------------------------

PppLink::PppLink(int channel, const RouterConfig& config, const Faults& faults,
                 const PppKnobs& knobs, Logger& log, std::deque<Action>& out, Rng& rng)
    : channel_(channel), config_(config), faults_(faults), knobs_(knobs), log_(log), out_(out),
      rng_(rng), lcp_acts_(*this, true), ipcp_acts_(*this, false), lcp_(lcp_acts_, fsm_timers(knobs, faults)),
      ipcp_(ipcp_acts_, fsm_timers(knobs, faults)) {}

std::string PppLink::prefix() const { return "BR0:" + std::to_string(channel_); }

void PppLink::emit(LinkEvent::Kind kind) {
    LinkEvent e;
    e.kind = kind;
    e.peer_name = peer_name_;
    events_.push_back(std::move(e));
}

std::optional<LinkEvent> PppLink::poll_event() {
    if (events_.empty()) return std::nullopt;
    LinkEvent e = std::move(events_.front());
    events_.pop_front();
    return e;
}

void PppLink::set_phase(Millis now, LinkPhase p) {
    if (phase_ == p) return;
    phase_ = p;
    if (!log_.ppp()) return;
    std::string text = prefix() + " PPP: Phase is " + link_phase_name(p);
    if (p == LinkPhase::Authenticate) {
        const bool us = we_auth_ == AuthState::Pending, them = they_auth_ == AuthState::Pending;
        text += us && them ? ", by both" : us ? ", by this end" : ", by the peer";
    }
    log_.line(now, text);
}

void PppLink::start(Millis now, const LinkSetup& setup) {
    setup_ = setup;
    lcp_.reset();
    ipcp_.reset();
    events_.clear();
    phase_ = LinkPhase::Dead;
    magic_ = nonzero(rng_);
    want_magic_ = true;
    auth_choice_ = 0;
    want_auth_ = !setup_.authenticate_peer.empty();
    want_callback_ = setup_.request_callback;
    want_mru_.reset();
    last_cr_options_.clear();
    cr_fresh_ = true;
    naks_without_ack_ = 0;
    unoffered_nak_sent_ = false;
    pending_terms_ = PeerTerms{};
    peer_terms_ = PeerTerms{};
    auth_peer_proto_ = 0;
    server_cb_.reset();
    client_cb_agreed_ = false;
    we_auth_ = they_auth_ = AuthState::None;
    chap_answered_id_.reset();
    chap_response_id_.reset();
    auth_deadline_.reset();
    pap_deadline_.reset();
    peer_name_.clear();
    challenger_name_.clear();
    cbcp_server_ = false;
    cbcp_done_ = false;
    cbcp_deadline_.reset();
    cbcp_request_deadline_.reset();
    cbcp_offer_.clear();
    cbcp_client_answer_.reset();
    ipcp_want_addr_ = true;
    ipcp_addr_ = setup_.local_ip;
    peer_ip_ = 0;
    pending_peer_ip_ = 0;
    ipcp_rejected_ = false;
    set_phase(now, LinkPhase::Establish);
    lcp_.open(now);  // Initial -> Starting
    lcp_.up(now);    // Starting -> irc, scr / Req-Sent (PH-01)
}

void PppLink::lower_down(Millis now) {
    if (ipcp_.state() != FsmState::Initial && ipcp_.state() != FsmState::Starting) ipcp_.down(now);
    if (lcp_.state() != FsmState::Initial && lcp_.state() != FsmState::Starting) lcp_.down(now);
    lcp_.reset();
    ipcp_.reset();
    auth_deadline_.reset();
    pap_deadline_.reset();
    cbcp_deadline_.reset();
    cbcp_request_deadline_.reset();
    set_phase(now, LinkPhase::Dead);
}

void PppLink::close(Millis now) {
    const FsmState st = lcp_.state();
    if (st == FsmState::ReqSent || st == FsmState::AckRcvd || st == FsmState::AckSent || st == FsmState::Opened) {
        set_phase(now, LinkPhase::Terminate);
    }
    auth_deadline_.reset();
    pap_deadline_.reset();
    cbcp_deadline_.reset();
    cbcp_request_deadline_.reset();
    lcp_.close(now);
}

std::uint8_t PppLink::agreed_callback_op() const {
    return server_cb_ ? server_cb_->operation : setup_.callback_op;
}

const Bytes& PppLink::agreed_callback_message() const {
    static const Bytes kEmpty;
    return server_cb_ ? server_cb_->message : kEmpty;
}

// ---- frames -------------------------------------------------------------------------------

void PppLink::send_frame(std::uint16_t protocol, const Bytes& info) {
    ++counters_.frames_out;
    // LCP-01/FR-10: no header compression for LCP; the reference never compresses at all.
    // Same octets as sync_encode(encode_ppp(protocol, info)), built in one buffer (hot path).
    Bytes f;
    f.reserve(info.size() + 6);
    // Fault address-control-omitted: ACFC applied, LCP included, though never agreed (LCP-01).
    if (!faults_.has(Fault::AddressControlOmitted) || lcp_.state() != FsmState::Opened) {
        f.push_back(wire::kAllStations);
        f.push_back(wire::kUi);
    }
    const std::size_t protocol_at = f.size();
    f.push_back(static_cast<std::uint8_t>(protocol >> 8));
    f.push_back(static_cast<std::uint8_t>(protocol & 0xFFU));
    f.insert(f.end(), info.begin(), info.end());
    // FR-03: the FCS covers Address .. Information; fault fcs-over-wrong-span starts at Protocol.
    const std::size_t fcs_from = faults_.has(Fault::FcsOverWrongSpan) ? protocol_at : 0;
    const std::uint16_t fcs = wire::fcs16(f.data() + fcs_from, f.size() - fcs_from);
    const bool msb_first = faults_.has(Fault::FcsMsbFirst);  // fault: FR-04 says LS octet first
    f.push_back(static_cast<std::uint8_t>(msb_first ? fcs >> 8 : fcs & 0xFFU));
    f.push_back(static_cast<std::uint8_t>(msb_first ? fcs & 0xFFU : fcs >> 8));
    out_.emplace_back(SendFrame{channel_, std::move(f)});
}

void PppLink::log_packet(Millis now, const char* proto_name, bool out, std::uint8_t code,
                         std::uint8_t id, std::size_t len, FsmState st,
                         const std::vector<LcpOption>* options) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " %s: %s %s [%s] id %u len %zu", proto_name, out ? "O" : "I",
                  ios_code(code), ios_state_label(st), id, len);
    log_.line(now, prefix() + buf);
    if (options) {
        for (const auto& o : *options) log_.line(now, prefix() + " " + proto_name + ":    " + ios_option(o));
    }
}

void PppLink::send_lcp(Millis now, const LcpPacket& p, const char* proto_name) {
    const Bytes info = wire::encode_lcp(p);
    if (log_.ppp()) log_packet(now, proto_name, true, p.code, p.identifier, info.size(), lcp_.state(),
                               p.has_options() ? &p.options : nullptr);
    send_frame(proto::kLcp, info);
}

void PppLink::send_proto_reject(Millis now, std::uint16_t protocol, const Bytes& info) {
    LcpPacket p;  // LCP-11: only in Opened
    p.code = static_cast<std::uint8_t>(LcpCode::ProtoRej);
    p.identifier = ++lcp_id_;
    p.rejected_protocol = protocol;
    p.data = info;
    const std::size_t limit = peer_terms_.mru > 6 ? peer_terms_.mru - 6U : 0U;
    if (p.data.size() > limit) p.data.resize(limit);
    send_lcp(now, p);
}

void PppLink::on_frame(Millis now, const Bytes& octets) {
    if (phase_ == LinkPhase::Dead) {
        ++counters_.discarded;
        return;
    }
    // Hot path: an IPv4 datagram in an uncompressed frame with a good FCS-16 (FR-04) goes to
    // the router with one copy; everything else takes the general decoder below.
    if (octets.size() >= 6 && octets[0] == wire::kAllStations && octets[1] == wire::kUi &&
        octets[2] == 0x00 && octets[3] == 0x21 && ipcp_.state() == FsmState::Opened &&
        wire::fcs16_update(wire::kFcs16Init, octets.data(), octets.size()) == wire::kFcs16Good) {
        ++counters_.frames_in;
        LinkEvent e;
        e.kind = LinkEvent::Kind::Datagram;
        e.datagram.assign(octets.begin() + 4, octets.end() - 2);
        events_.push_back(std::move(e));
        return;
    }
    const wire::RawFrame raw = wire::sync_decode(octets);
    if (raw.aborted || raw.too_short) {  // FR-07: silently dropped, not an FCS error
        ++counters_.discarded;
        return;
    }
    if (!raw.fcs_ok) {
        ++counters_.fcs_errors;
        return;
    }
    auto frame = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
    if (!frame) {
        ++counters_.malformed;  // FR-02/FR-11
        return;
    }
    ++counters_.frames_in;
    const std::uint16_t protocol = frame.value().protocol;
    const Bytes& info = frame.value().information;
    if (protocol == proto::kLcp) {
        on_lcp(now, info);
        return;
    }
    if (lcp_.state() != FsmState::Opened) {  // LCP-17
        ++counters_.discarded;
        return;
    }
    if (phase_ == LinkPhase::Authenticate && protocol != proto::kChap && protocol != proto::kPap &&
        protocol != proto::kLqr) {
        // PH-03, RFC 1661 section 3.5: while authenticating, packets of any other protocol are
        // silently discarded (not Protocol-Rejected).
        ++counters_.discarded;
        return;
    }
    switch (protocol) {
        case proto::kChap: on_chap(now, info); return;
        case proto::kPap: on_pap(now, info); return;
        case proto::kCbcp:
            if ((server_cb_ && server_cb_->operation == 6) ||
                (client_cb_agreed_ && setup_.callback_op == 6)) {
                on_cbcp(now, info);
            } else {
                send_proto_reject(now, protocol, info);
            }
            return;
        case proto::kIpcp:
            // PH-03, CBCP-01, SEQ-01: no NCP before authentication and callback are settled.
            if (phase_ != LinkPhase::Network) {
                ++counters_.discarded;
                return;
            }
            on_ipcp(now, info);
            return;
        case proto::kIp:
            if (ipcp_.state() != FsmState::Opened) {
                ++counters_.discarded;
                return;
            }
            {
                LinkEvent e;
                e.kind = LinkEvent::Kind::Datagram;
                e.datagram = info;
                events_.push_back(std::move(e));
            }
            return;
        default:
            send_proto_reject(now, protocol, info);
    }
}

// ---- LCP ----------------------------------------------------------------------------------

std::vector<LcpOption> PppLink::build_lcp_request() const {
    std::vector<LcpOption> o;
    if (want_mru_) o.emplace_back(wire::Mru{*want_mru_});
    if (want_auth_ && auth_choice_ < setup_.authenticate_peer.size()) {
        if (setup_.authenticate_peer[auth_choice_] == AuthKind::Chap) {
            o.emplace_back(wire::AuthProtocol{proto::kChap, Bytes{wire::kChapMd5}});
        } else {
            o.emplace_back(wire::AuthProtocol{proto::kPap, {}});
        }
    }
    if (want_magic_) o.emplace_back(wire::MagicNumber{magic_});
    if (want_callback_) o.emplace_back(wire::Callback{setup_.callback_op, setup_.callback_message});
    return o;
}

void PppLink::lcp_scr(Millis now) {
    LcpPacket p;
    p.code = static_cast<std::uint8_t>(LcpCode::ConfReq);
    p.options = build_lcp_request();
    const Bytes opts = wire::encode_options(p.options);
    // LCP-04: a retransmission of unchanged options may reuse the Id.
    if (cr_fresh_ || opts != last_cr_options_) {
        last_cr_id_ = ++lcp_id_;
        cr_fresh_ = false;
    }
    p.identifier = last_cr_id_;
    last_cr_options_ = opts;
    send_lcp(now, p);
}

bool PppLink::evaluate_lcp_request(const LcpPacket& p, const Bytes& info) {
    std::vector<LcpOption> naks, rejects;
    PeerTerms terms;
    bool seen_auth = false;
    for (const auto& o : p.options) {
        if (const auto* m = std::get_if<wire::Mru>(&o)) {
            if (m->value >= 64) terms.mru = m->value; else naks.emplace_back(wire::Mru{1500});
        } else if (std::holds_alternative<wire::Accm>(o)) {
            // FR-09: a synchronous link acks ACCM and maps nothing.
        } else if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) {
            if (seen_auth) {  // LCP-15: one Auth-Protocol per CR
                rejects.push_back(o);
            } else if ((a->protocol == proto::kChap && a->data == Bytes{wire::kChapMd5}) ||
                       (a->protocol == proto::kPap && a->data.empty())) {
                terms.auth = a->protocol;
            } else {
                naks.emplace_back(wire::AuthProtocol{proto::kChap, Bytes{wire::kChapMd5}});
            }
            seen_auth = true;
        } else if (const auto* g = std::get_if<wire::MagicNumber>(&o)) {
            // LCP-16: zero is illegal; our own value suggests a looped-back line.
            const bool looped = want_magic_ && g->value == magic_ && !faults_.has(Fault::MagicLoopNotDetected);
            if (g->value == 0 || looped) {
                naks.emplace_back(wire::MagicNumber{nonzero(rng_)});
            } else {
                terms.magic = g->value;
            }
        } else if (std::holds_alternative<wire::Pfc>(o) || std::holds_alternative<wire::Acfc>(o)) {
            // accepted: we may compress toward the peer (we choose not to)
        } else if (const auto* c = std::get_if<wire::Callback>(&o)) {
            const std::uint8_t op = c->operation;
            const bool supported = op == 0 || op == 1 || op == 3 || op == 6;  // CCB-02, CB-08
            if (!setup_.accept_callback) {
                rejects.push_back(o);  // CCB-08, and never on a return call (CB-04)
            } else if (!supported) {
                if (knobs_.reject_unsupported_op) rejects.push_back(o);  // AMB-04
                else naks.emplace_back(wire::Callback{0, {}});
            } else if (op == 0 && setup_.authenticate_peer.empty() && knobs_.reject_op0_without_auth) {
                rejects.push_back(o);  // AMB-03: location from authentication needs authentication
            } else {
                terms.callback = *c;
            }
        } else if (const auto* r = std::get_if<wire::RawOption>(&o)) {
            auto fix = sized_default(r->type, nonzero(rng_));  // LCP-08
            if (fix) naks.push_back(*fix); else rejects.push_back(o);
        } else {
            rejects.push_back(o);  // LQR, FCS-Alternatives, SDP, Compound-Frames: not offered
        }
    }
    reply_ = LcpPacket{};
    reply_.identifier = p.identifier;
    if (!rejects.empty()) {  // LCP-07: Reject beats Nak
        reply_.code = static_cast<std::uint8_t>(LcpCode::ConfRej);
        reply_.options = std::move(rejects);
        return false;
    }
    if (!naks.empty()) {
        // FSM-03: after Max-Failure Naks without an Ack, Naks turn into Rejects.
        if (naks_without_ack_ >= knobs_.max_failure) {
            reply_.code = static_cast<std::uint8_t>(LcpCode::ConfRej);
            for (const auto& n : naks) {
                for (const auto& o : p.options) {
                    if (wire::option_type(o) == wire::option_type(n)) reply_.options.push_back(o);
                }
            }
        } else {
            reply_.code = static_cast<std::uint8_t>(LcpCode::ConfNak);
            reply_.options = std::move(naks);
        }
        return false;
    }
    if (faults_.has(Fault::NakUnofferedOption) && !unoffered_nak_sent_) {
        // Fault: a good first Request gets a Nak of an option it never carried (LCP-06).
        unoffered_nak_sent_ = true;
        reply_.code = static_cast<std::uint8_t>(LcpCode::ConfNak);
        reply_.options = {LcpOption{wire::Mru{1500}}};
        return false;
    }
    pending_terms_ = terms;
    // LCP-05: the Ack echoes the Request byte for byte, up to its Length.
    const std::size_t length = info.size() >= 4 ? (static_cast<std::size_t>(info[2]) << 8 | info[3]) : 0;
    reply_raw_.assign(info.begin(), info.begin() + static_cast<std::ptrdiff_t>(std::min(length, info.size())));
    reply_raw_[0] = static_cast<std::uint8_t>(LcpCode::ConfAck);
    if (faults_.has(Fault::AckReordersOptions) && p.options.size() > 1) {
        LcpPacket ack;  // fault: options listed in reverse order (breaks LCP-05)
        ack.code = static_cast<std::uint8_t>(LcpCode::ConfAck);
        ack.identifier = p.identifier;
        ack.options.assign(p.options.rbegin(), p.options.rend());
        reply_raw_ = wire::encode_lcp(ack);
    }
    if (faults_.has(Fault::AckWrongIdentifier)) ++reply_raw_[1];  // fault: breaks LCP-05
    return true;
}

void PppLink::on_lcp_nak(Millis, const LcpPacket& p) {
    for (const auto& o : p.options) {
        if (const auto* m = std::get_if<wire::Mru>(&o)) {
            if (m->value >= 64 && m->value <= 1500) want_mru_ = m->value;
        } else if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) {
            if (!want_auth_) continue;
            // LCP-15: take the peer's suggestion if we allow it, else try our next method.
            bool moved = false;
            for (std::size_t i = 0; i < setup_.authenticate_peer.size(); ++i) {
                const bool chap = setup_.authenticate_peer[i] == AuthKind::Chap;
                if ((chap && a->protocol == proto::kChap) || (!chap && a->protocol == proto::kPap)) {
                    if (i != auth_choice_) {
                        auth_choice_ = i;
                        moved = true;
                    }
                }
            }
            if (!moved && auth_choice_ + 1 < setup_.authenticate_peer.size()) ++auth_choice_;
        } else if (std::holds_alternative<wire::MagicNumber>(o)) {
            magic_ = nonzero(rng_);  // LCP-16: pick a new magic
        } else if (std::holds_alternative<wire::Callback>(o)) {
            want_callback_ = false;  // AMB-05 on_nak: Cisco requests op 0 only, so drop it
        }
    }
}

bool PppLink::on_lcp_reject(const LcpPacket& p) {
    // LCP-07: a Reject must list only options of our last Request.
    auto sent = wire::decode_options(last_cr_options_);
    if (!sent) return false;
    for (const auto& o : p.options) {
        bool found = false;
        for (const auto& s : sent.value()) found = found || s == o;
        if (!found) return false;
    }
    for (const auto& o : p.options) {
        switch (wire::option_type(o)) {
            case wire::lcp_opt::kMru: want_mru_.reset(); break;
            case wire::lcp_opt::kMagicNumber: want_magic_ = false; break;
            case wire::lcp_opt::kAuthProtocol: want_auth_ = false; break;  // checked at tlu
            case wire::lcp_opt::kCallback: want_callback_ = false; break;
            default: break;
        }
    }
    return true;
}

void PppLink::on_lcp(Millis now, const Bytes& info) {
    auto decoded = wire::decode_lcp(info);
    if (!decoded) {
        ++counters_.malformed;  // LCP-02: drop, no FSM event
        return;
    }
    const LcpPacket& p = decoded.value();
    rx_id_ = p.identifier;
    rx_code_ = p.code;
    rx_info_ = info;
    if (log_.ppp()) {
        const std::size_t len = info.size() >= 4 ? (static_cast<std::size_t>(info[2]) << 8 | info[3]) : 0;
        log_packet(now, "LCP", false, p.code, p.identifier, len, lcp_.state(),
                   p.has_options() ? &p.options : nullptr);
    }
    switch (p.kind()) {
        case LcpCode::ConfReq: {
            const bool good = evaluate_lcp_request(p, info);
            if (good && lcp_.state() == FsmState::Opened && faults_.has(Fault::RenegotiationWithoutRequest)) {
                lcp_acts_.sca(now);  // fault: Ack only, no tld and no Request of our own (FSM-08)
                return;
            }
            lcp_.rcr(now, good);
            return;
        }
        case LcpCode::ConfAck: {
            // LCP-03/05: Id and options must match the last Request exactly.
            if (p.identifier != last_cr_id_ || wire::encode_options(p.options) != last_cr_options_) {
                ++counters_.discarded;
                return;
            }
            cr_fresh_ = true;
            auth_peer_proto_ = 0;
            client_cb_agreed_ = false;
            for (const auto& o : p.options) {
                if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) auth_peer_proto_ = a->protocol;
                if (std::holds_alternative<wire::Callback>(o)) client_cb_agreed_ = true;  // CB-02
            }
            lcp_.rca(now);
            return;
        }
        case LcpCode::ConfNak:
            if (p.identifier != last_cr_id_) {
                ++counters_.discarded;
                return;
            }
            cr_fresh_ = true;
            on_lcp_nak(now, p);
            lcp_.rcn(now);
            return;
        case LcpCode::ConfRej:
            if (p.identifier != last_cr_id_ || !on_lcp_reject(p)) {
                ++counters_.discarded;
                return;
            }
            cr_fresh_ = true;
            if (!want_callback_ && setup_.request_callback && !knobs_.continue_on_callback_reject) {
                lcp_.close(now);  // AMB-05: callback required
                return;
            }
            lcp_.rcn(now);
            return;
        case LcpCode::TermReq:
            if (lcp_.state() == FsmState::Opened) set_phase(now, LinkPhase::Terminate);
            lcp_.rtr(now);
            return;
        case LcpCode::TermAck: lcp_.rta(now); return;
        case LcpCode::CodeRej: {
            // LCP-10: rejecting a core code is catastrophic; 12/13 are permitted; 8-11 per AMB-21.
            const std::uint8_t rejected = p.data.empty() ? 0 : p.data[0];
            bool permitted = rejected >= 12;
            if (rejected >= 8 && rejected <= 11) permitted = knobs_.coderej_8_11_permitted;
            lcp_.rxj(now, permitted);
            return;
        }
        case LcpCode::ProtoRej:
            if (lcp_.state() != FsmState::Opened) return;  // LCP-11: ignored elsewhere
            if (p.rejected_protocol == proto::kLcp) {
                lcp_.rxj(now, false);
            } else {
                if (p.rejected_protocol == proto::kCbcp && cbcp_server_ && !cbcp_done_) {
                    // LCP-11: no more CBCP; the callback cannot be agreed, as when the peer never
                    // answers (CBCP-05): the link is closed.
                    cbcp_deadline_.reset();
                    cbcp_done_ = true;
                    lcp_.close(now);
                }
                if (p.rejected_protocol == proto::kIpcp) {
                    ipcp_rejected_ = true;
                    if (ipcp_.state() != FsmState::Initial && ipcp_.state() != FsmState::Starting) ipcp_.down(now);
                    ipcp_.reset();
                }
                lcp_.rxj(now, true);
            }
            return;
        case LcpCode::EchoReq: case LcpCode::EchoReply: case LcpCode::DiscardReq:
            lcp_.rxr(now);  // LCP-12: only Opened answers (ser)
            return;
        case LcpCode::Identification: return;  // LCP-13: any state, no reply
        case LcpCode::TimeRemaining: return;
        default:
            if (faults_.has(Fault::NoCodeReject)) return;  // fault: unknown code dropped (LCP-10)
            lcp_.ruc(now);
            return;
    }
}

void PppLink::lcp_tlu(Millis now) {
    if (log_.ppp()) log_.line(now, prefix() + " LCP: State is Open");
    emit(LinkEvent::Kind::LcpOpened);
    // Authentication the peer refused (Reject of Auth-Protocol) leaves us unable to
    // authenticate it: terminate (PH-03: the refusing side starts termination).
    if (!setup_.authenticate_peer.empty() && auth_peer_proto_ == 0) {
        auth_fail(now, "peer refused to authenticate");
        return;
    }
    start_auth(now);
}

void PppLink::lcp_tld(Millis now) {
    if (ipcp_.state() != FsmState::Initial && ipcp_.state() != FsmState::Starting) ipcp_.down(now);
    ipcp_.reset();
    auth_deadline_.reset();
    pap_deadline_.reset();
    cbcp_deadline_.reset();
    cbcp_request_deadline_.reset();
    if (phase_ != LinkPhase::Terminate) set_phase(now, LinkPhase::Establish);
}

void PppLink::lcp_tlf(Millis now) {
    set_phase(now, LinkPhase::Dead);
    emit(LinkEvent::Kind::Finished);
}

// ---- Authentication -----------------------------------------------------------------------

void PppLink::start_auth(Millis now) {
    we_auth_ = auth_peer_proto_ != 0 ? AuthState::Pending : AuthState::None;
    they_auth_ = peer_terms_.auth != 0 ? AuthState::Pending : AuthState::None;
    // RFC 1994 section 4.2: a Success or Failure copies the Identifier of the Response that caused
    // it. A new Authenticate phase (a renegotiation, FSM-08) has had no Response of ours yet, so a
    // verdict from the phase before answers nothing here (CHAP-04, AMB-22).
    if (!faults_.has(Fault::StaleChapSuccessTaken)) chap_response_id_.reset();
    if (we_auth_ == AuthState::None && they_auth_ == AuthState::None) {
        auth_maybe_done(now);
        return;
    }
    set_phase(now, LinkPhase::Authenticate);
    auth_tries_ = 0;
    pap_tries_ = 0;
    if (we_auth_ == AuthState::Pending) {
        if (auth_peer_proto_ == proto::kChap) {
            // CHAP-02: a random first Id; a re-authentication on the same link continues from the
            // last one, so a new Challenge never repeats the previous Identifier.
            if (!chap_id_chosen_) chap_id_ = rng_.next8();
            chap_id_chosen_ = true;
            send_challenge(now);
        } else {
            auth_deadline_ = now + knobs_.auth_retry * knobs_.auth_max_tries;  // wait for AUTH-REQ
        }
    }
    if (they_auth_ == AuthState::Pending && peer_terms_.auth == proto::kPap) send_pap_request(now);
}

void PppLink::send_challenge(Millis now) {
    // CHAP-02: a new Id and a new value for every Challenge; fault chap-same-challenge repeats
    // both on a retransmission and on a re-authentication.
    if (!(faults_.has(Fault::ChapSameChallenge) && !chap_challenge_.empty())) {
        ++chap_id_;
        chap_challenge_.resize(16);
        for (auto& b : chap_challenge_) b = rng_.next8();
    }
    chap_answered_id_.reset();
    wire::ChapPacket c;
    c.code = static_cast<std::uint8_t>(wire::ChapCode::Challenge);
    c.identifier = chap_id_;
    c.value = chap_challenge_;
    c.name.assign(setup_.hostname.begin(), setup_.hostname.end());
    const Bytes info = wire::encode_chap(c);
    if (log_.ppp()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " CHAP: O CHALLENGE id %u len %zu from \"", c.identifier, info.size());
        log_.line(now, prefix() + buf + setup_.hostname + "\"");
    }
    send_frame(proto::kChap, info);
    ++auth_tries_;
    auth_deadline_ = now + knobs_.auth_retry;
    if (faults_.has(Fault::SuccessBeforeResponse) && auth_tries_ == 1) {
        wire::ChapPacket early;  // fault: Success before any Response (CHAP-04)
        early.code = static_cast<std::uint8_t>(wire::ChapCode::Success);
        early.identifier = chap_id_;
        send_frame(proto::kChap, wire::encode_chap(early));
    }
}

void PppLink::send_pap_request(Millis now) {
    wire::PapPacket p;  // PAP-02: new Id per Request
    p.code = static_cast<std::uint8_t>(wire::PapCode::AuthReq);
    p.identifier = ++pap_id_;
    p.peer_id.assign(setup_.hostname.begin(), setup_.hostname.end());
    p.password.assign(setup_.pap_password.begin(), setup_.pap_password.end());
    const Bytes info = wire::encode_pap(p);
    if (log_.ppp()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " PAP: O AUTH-REQ id %u len %zu from \"", p.identifier, info.size());
        log_.line(now, prefix() + buf + setup_.hostname + "\"");
    }
    send_frame(proto::kPap, info);
    ++pap_tries_;
    pap_deadline_ = now + knobs_.auth_retry;
}

void PppLink::auth_fail(Millis now, const char* why) {
    if (log_.ppp()) log_.line(now, prefix() + " PPP: Authentication failed: " + why);
    auth_deadline_.reset();
    pap_deadline_.reset();
    emit(LinkEvent::Kind::AuthFailed);
    lcp_.close(now);  // FSM-09, CHAP-04, PAP-03: terminate
}

void PppLink::auth_maybe_done(Millis now) {
    if (we_auth_ == AuthState::Pending || they_auth_ == AuthState::Pending) return;
    if (we_auth_ == AuthState::Failed || they_auth_ == AuthState::Failed) return;
    auth_deadline_.reset();
    if (!faults_.has(Fault::PapRetriedForever)) pap_deadline_.reset();
    if (peer_name_.empty()) peer_name_ = challenger_name_;
    // CB-03/CB-08/CBCP-01: with callback agreed the router decides; NCPs wait.
    if (server_cb_ || client_cb_agreed_) set_phase(now, LinkPhase::Callback);
    emit(LinkEvent::Kind::AuthDone);
}

void PppLink::on_chap(Millis now, const Bytes& info) {
    auto decoded = wire::decode_chap(info);
    if (!decoded) {
        ++counters_.malformed;
        return;
    }
    const wire::ChapPacket& c = decoded.value();
    const auto code = static_cast<wire::ChapCode>(c.code);
    const std::string name(c.name.begin(), c.name.end());
    char buf[80];
    switch (code) {
        case wire::ChapCode::Challenge: {
            if (peer_terms_.auth != proto::kChap) {
                ++counters_.discarded;
                return;
            }
            challenger_name_ = name;
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " CHAP: I CHALLENGE id %u len %zu from \"", c.identifier, info.size());
                log_.line(now, prefix() + buf + name + "\"");
            }
            // Cisco answers with the password configured for the challenger's name.
            const auto secret = config_.secret(name);
            if (!secret || secret->empty()) {
                if (log_.ppp()) log_.line(now, prefix() + " CHAP: Unable to authenticate for peer");
                return;
            }
            wire::ChapPacket r;
            r.code = static_cast<std::uint8_t>(wire::ChapCode::Response);
            r.identifier = c.identifier;  // CHAP-03
            if (faults_.has(Fault::ChapResponseWrongId)) ++r.identifier;
            if (faults_.has(Fault::ChapWrongHashOrder)) {
                // Fault: MD5(secret || Id || challenge). chap_md5_response(x0, rest, {}) is
                // MD5 of any octet string x0 || rest.
                std::string tail = secret->substr(1);
                tail.push_back(static_cast<char>(c.identifier));
                tail.append(c.value.begin(), c.value.end());
                const auto h = wire::chap_md5_response(static_cast<std::uint8_t>((*secret)[0]), tail, {});
                r.value.assign(h.begin(), h.end());
            } else {
                const auto h = wire::chap_md5_response(c.identifier, *secret, c.value);
                r.value.assign(h.begin(), h.end());
            }
            r.name.assign(setup_.hostname.begin(), setup_.hostname.end());
            chap_response_id_ = r.identifier;
            const Bytes out = wire::encode_chap(r);
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " CHAP: O RESPONSE id %u len %zu from \"", r.identifier, out.size());
                log_.line(now, prefix() + buf + setup_.hostname + "\"");
            }
            send_frame(proto::kChap, out);
            return;
        }
        case wire::ChapCode::Response: {
            if (auth_peer_proto_ != proto::kChap || we_auth_ == AuthState::None) {
                ++counters_.discarded;
                return;
            }
            if (c.identifier != chap_id_) {
                ++counters_.discarded;  // CHAP-05: other Ids dropped
                return;
            }
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " CHAP: I RESPONSE id %u len %zu from \"", c.identifier, info.size());
                log_.line(now, prefix() + buf + name + "\"");
            }
            bool ok = false;
            if (chap_answered_id_ && *chap_answered_id_ == c.identifier) {
                ok = chap_answered_ok_;  // CHAP-05: a repeated Response gets the same code
            } else {
                const auto secret = config_.secret(name);
                if (secret && !secret->empty() && c.value.size() == 16) {
                    const auto h = wire::chap_md5_response(chap_id_, *secret, chap_challenge_);
                    ok = std::equal(h.begin(), h.end(), c.value.begin());
                }
                if (faults_.has(Fault::ChapAcceptsAnyResponse)) ok = true;  // fault: hash unchecked
            }
            chap_answered_id_ = c.identifier;
            chap_answered_ok_ = ok;
            wire::ChapPacket reply;
            reply.code = static_cast<std::uint8_t>(ok ? wire::ChapCode::Success : wire::ChapCode::Failure);
            reply.identifier = c.identifier;  // CHAP-04
            if (!ok) {
                const std::string msg = "Authentication failure";
                reply.message.assign(msg.begin(), msg.end());
            }
            const Bytes out = wire::encode_chap(reply);
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " CHAP: O %s id %u len %zu", ok ? "SUCCESS" : "FAILURE",
                              reply.identifier, out.size());
                log_.line(now, prefix() + buf);
            }
            send_frame(proto::kChap, out);
            if (we_auth_ != AuthState::Pending) return;
            auth_deadline_.reset();
            if (ok) {
                we_auth_ = AuthState::Done;
                peer_name_ = name;
                auth_maybe_done(now);
            } else {
                we_auth_ = AuthState::Failed;
                auth_fail(now, "CHAP response did not match");
            }
            return;
        }
        case wire::ChapCode::Success:
        case wire::ChapCode::Failure: {
            if (they_auth_ != AuthState::Pending || peer_terms_.auth != proto::kChap) {
                ++counters_.discarded;
                return;
            }
            // RFC 1994 section 4.2: "The Identifier field MUST be copied from the Identifier field
            // of the Response which caused this reply." One that answers no Response of ours is
            // not the authenticator's verdict on it (CHAP-04): silently discarded.
            if (!chap_response_id_ || c.identifier != *chap_response_id_) {
                ++counters_.discarded;
                return;
            }
            const bool ok = code == wire::ChapCode::Success;
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " CHAP: I %s id %u len %zu", ok ? "SUCCESS" : "FAILURE",
                              c.identifier, info.size());
                log_.line(now, prefix() + buf);
            }
            if (ok) {
                they_auth_ = AuthState::Done;
                auth_maybe_done(now);
            } else {
                they_auth_ = AuthState::Failed;
                auth_fail(now, "peer sent CHAP Failure");
            }
            return;
        }
        default: ++counters_.discarded; return;
    }
}

void PppLink::on_pap(Millis now, const Bytes& info) {
    auto decoded = wire::decode_pap(info);
    if (!decoded) {
        ++counters_.malformed;
        return;
    }
    const wire::PapPacket& p = decoded.value();
    char buf[80];
    switch (static_cast<wire::PapCode>(p.code)) {
        case wire::PapCode::AuthReq: {
            if (auth_peer_proto_ != proto::kPap || we_auth_ == AuthState::None) {
                ++counters_.discarded;  // PAP-03: Requests in other phases dropped
                return;
            }
            const std::string user(p.peer_id.begin(), p.peer_id.end());
            const std::string pass(p.password.begin(), p.password.end());
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " PAP: I AUTH-REQ id %u len %zu from \"", p.identifier, info.size());
                log_.line(now, prefix() + buf + user + "\"");
            }
            bool ok;
            if (we_auth_ == AuthState::Pending) {
                const auto secret = config_.secret(user);
                ok = secret && !secret->empty() && *secret == pass;
            } else {
                ok = we_auth_ == AuthState::Done;  // PAP-03: repeats get the same code
            }
            wire::PapPacket r;
            r.code = static_cast<std::uint8_t>(ok ? wire::PapCode::AuthAck : wire::PapCode::AuthNak);
            r.identifier = p.identifier;
            const Bytes out = wire::encode_pap(r);
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " PAP: O %s id %u len %zu", ok ? "AUTH-ACK" : "AUTH-NAK",
                              r.identifier, out.size());
                log_.line(now, prefix() + buf);
            }
            send_frame(proto::kPap, out);
            if (we_auth_ != AuthState::Pending) return;
            auth_deadline_.reset();
            if (ok) {
                we_auth_ = AuthState::Done;
                peer_name_ = user;
                auth_maybe_done(now);
            } else {
                we_auth_ = AuthState::Failed;
                auth_fail(now, "PAP password did not match");
            }
            return;
        }
        case wire::PapCode::AuthAck:
        case wire::PapCode::AuthNak: {
            if (they_auth_ != AuthState::Pending || p.identifier != pap_id_) {
                ++counters_.discarded;
                return;
            }
            const bool ok = p.code == static_cast<std::uint8_t>(wire::PapCode::AuthAck);
            if (log_.ppp()) {
                std::snprintf(buf, sizeof buf, " PAP: I %s id %u len %zu", ok ? "AUTH-ACK" : "AUTH-NAK",
                              p.identifier, info.size());
                log_.line(now, prefix() + buf);
            }
            // Fault pap-retried-forever: the retransmission timer survives the Ack (PAP-02).
            if (!faults_.has(Fault::PapRetriedForever)) pap_deadline_.reset();
            if (ok) {
                they_auth_ = AuthState::Done;
                auth_maybe_done(now);
            } else {
                they_auth_ = AuthState::Failed;
                auth_fail(now, "peer sent PAP Nak");
            }
            return;
        }
        default: ++counters_.discarded; return;
    }
}

// ---- CBCP (SPEC section 7) ----------------------------------------------------------------

void PppLink::start_cbcp_server(Millis now, bool offer_admin, bool offer_none) {
    std::vector<std::uint8_t> types{static_cast<std::uint8_t>(wire::CbcpType::UserNumber)};
    if (offer_admin) types.push_back(static_cast<std::uint8_t>(wire::CbcpType::AdminNumber));
    if (offer_none) types.push_back(static_cast<std::uint8_t>(wire::CbcpType::NoCallback));
    start_cbcp_server(now, types);
}

void PppLink::start_cbcp_server(Millis now, const std::vector<std::uint8_t>& types) {
    cbcp_server_ = true;
    cbcp_done_ = false;
    cbcp_offer_.clear();
    for (const std::uint8_t type : types) {
        wire::CbcpOption option;
        option.type = type;
        if (type == static_cast<std::uint8_t>(wire::CbcpType::UserNumber)) {
            option.has_delay = true;  // CBCP-02: type 2 as `02 05 00 01 00`
            option.addresses.push_back({wire::kCbcpAddressPstn, ""});
        } else if (type == static_cast<std::uint8_t>(wire::CbcpType::AdminNumber)) {
            option.has_delay = true;
        }
        cbcp_offer_.push_back(option);
    }
    cbcp_tries_ = 0;
    send_cbcp_request(now);
}

void PppLink::send_cbcp_request(Millis now) {
    wire::CbcpPacket p;
    p.code = static_cast<std::uint8_t>(wire::CbcpCode::Request);
    // CBCP-02: a new Id on every Request, retransmissions included (not with cbcp-request-same-id).
    if (!(faults_.has(Fault::CbcpRequestSameId) && cbcp_tries_ > 0)) ++cbcp_id_;
    p.identifier = cbcp_id_;
    p.options = cbcp_offer_;
    const Bytes info = wire::encode_cbcp(p);
    if (log_.ppp()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " CBCP: O REQUEST id %u len %zu", p.identifier, info.size());
        log_.line(now, prefix() + buf);
    }
    send_frame(proto::kCbcp, info);
    ++cbcp_tries_;
    cbcp_deadline_ = now + knobs_.cbcp_retry;  // CBCP-05
}

void PppLink::await_cbcp_request(Millis now) {
    if (knobs_.cbcp_request_wait.count() > 0) cbcp_request_deadline_ = now + knobs_.cbcp_request_wait;
}

void PppLink::on_cbcp(Millis now, const Bytes& info) {
    if (phase_ != LinkPhase::Callback) {
        ++counters_.discarded;  // CBCP-01: after authentication only
        return;
    }
    auto decoded = wire::decode_cbcp(info);
    if (!decoded) {
        ++counters_.malformed;  // CBCP-03/04: malformed dropped
        return;
    }
    const wire::CbcpPacket& p = decoded.value();
    char buf[80];
    if (log_.ppp()) {
        static const char* kCodes[] = {"?", "REQUEST", "RESPONSE", "ACK"};
        std::snprintf(buf, sizeof buf, " CBCP: I %s id %u len %zu", p.code <= 3 ? kCodes[p.code] : "?",
                      p.identifier, info.size());
        log_.line(now, prefix() + buf);
    }
    if (cbcp_server_) {
        if (p.code != static_cast<std::uint8_t>(wire::CbcpCode::Response) || cbcp_done_) return;
        if (p.identifier != cbcp_id_) return;  // CBCP-04: wrong Id dropped
        bool valid = p.options.size() == 1;
        if (valid) {
            const auto& o = p.options[0];
            bool offered = false;
            for (const auto& off : cbcp_offer_) offered = offered || off.type == o.type;
            valid = offered;
            if (o.type == static_cast<std::uint8_t>(wire::CbcpType::UserNumber)) {
                valid = valid && !o.addresses.empty() && !o.addresses[0].number.empty();
            }
        }
        if (!valid) {
            send_cbcp_request(now);  // CBCP-04: resend the Request
            return;
        }
        wire::CbcpPacket ack = p;  // CBCP-04: Ack echoes Id, type, delay, address
        ack.code = static_cast<std::uint8_t>(wire::CbcpCode::Ack);
        if (faults_.has(Fault::CbcpAckWrongId)) ++ack.identifier;  // fault: breaks CBCP-04
        ack.padding.clear();
        const Bytes out = wire::encode_cbcp(ack);
        if (log_.ppp()) {
            std::snprintf(buf, sizeof buf, " CBCP: O ACK id %u len %zu", ack.identifier, out.size());
            log_.line(now, prefix() + buf);
        }
        send_frame(proto::kCbcp, out);
        cbcp_done_ = true;
        cbcp_deadline_.reset();
        const auto& o = p.options[0];
        LinkEvent e;
        e.peer_name = peer_name_;
        if (o.type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)) {
            e.kind = LinkEvent::Kind::CbcpNone;  // CBCP-06: type 1 -> NCP phase
        } else {
            e.kind = LinkEvent::Kind::CbcpAgreed;
            if (!o.addresses.empty()) e.number = o.addresses[0].number;
            e.delay = Millis{static_cast<long long>(o.delay) * 1000};
        }
        events_.push_back(std::move(e));
        return;
    }
    // Client (caller) side.
    if (p.code == static_cast<std::uint8_t>(wire::CbcpCode::Request)) {
        cbcp_request_deadline_.reset();
        cbcp_request_deadline_.reset();
        // CBCP-03: answer one option; prefer our own number, then the admin's, then none.
        const wire::CbcpOption* user = nullptr;
        const wire::CbcpOption* admin = nullptr;
        const wire::CbcpOption* none = nullptr;
        for (const auto& o : p.options) {
            if (o.type == static_cast<std::uint8_t>(wire::CbcpType::UserNumber)) user = &o;
            if (o.type == static_cast<std::uint8_t>(wire::CbcpType::AdminNumber)) admin = &o;
            if (o.type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)) none = &o;
        }
        wire::CbcpOption answer;
        if (user && !setup_.own_number.empty()) {
            answer.type = user->type;
            answer.has_delay = true;
            answer.delay = user->delay;
            answer.addresses.push_back({wire::kCbcpAddressPstn, setup_.own_number});
        } else if (admin) {
            answer.type = admin->type;
            answer.has_delay = true;
            answer.delay = admin->delay;
        } else if (none) {
            answer.type = none->type;
        } else {
            ++counters_.malformed;  // nothing we can answer: treat as malformed, drop
            return;
        }
        wire::CbcpPacket r;
        r.code = static_cast<std::uint8_t>(wire::CbcpCode::Response);
        r.identifier = p.identifier;  // CBCP-03
        r.options.push_back(answer);
        cbcp_client_answer_ = answer;
        const Bytes out = wire::encode_cbcp(r);
        if (log_.ppp()) {
            std::snprintf(buf, sizeof buf, " CBCP: O RESPONSE id %u len %zu", r.identifier, out.size());
            log_.line(now, prefix() + buf);
        }
        send_frame(proto::kCbcp, out);
        return;
    }
    if (p.code == static_cast<std::uint8_t>(wire::CbcpCode::Ack) && cbcp_client_answer_ && !cbcp_done_) {
        if (p.options.size() != 1 || p.options[0].type != cbcp_client_answer_->type) return;
        cbcp_done_ = true;
        LinkEvent e;
        e.peer_name = peer_name_;
        e.kind = p.options[0].type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)
                     ? LinkEvent::Kind::CbcpNone : LinkEvent::Kind::CbcpAgreed;
        e.delay = Millis{static_cast<long long>(p.options[0].delay) * 1000};
        events_.push_back(std::move(e));
    }
}

// ---- IPCP ---------------------------------------------------------------------------------

void PppLink::log_ipcp(Millis now, std::size_t len) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " IPCP: O %s [%s] id %u len %zu", ios_code(ipcp_reply_.code),
                  ios_state_label(ipcp_.state()), ipcp_reply_.identifier, len);
    log_.line(now, prefix() + buf);
    for (const auto& o : ipcp_reply_.options) {
        if (const auto* a = std::get_if<wire::IpAddressOption>(&o)) {
            std::snprintf(buf, sizeof buf, " IPCP:    Address %s (0x0306%08X)", format_ipv4(a->address).c_str(),
                          a->address);
            log_.line(now, prefix() + buf);
        }
    }
}

void PppLink::start_network(Millis now) {
    if (ipcp_rejected_) return;
    set_phase(now, LinkPhase::Network);
    ipcp_.open(now);
    ipcp_.up(now);
}

void PppLink::ipcp_scr(Millis now) {
    wire::IpcpPacket p;
    p.code = static_cast<std::uint8_t>(LcpCode::ConfReq);
    if (ipcp_want_addr_) p.options.emplace_back(wire::IpAddressOption{ipcp_addr_});
    const Bytes info = wire::encode_ipcp(p);
    p.identifier = ++ipcp_id_;
    ipcp_last_id_ = p.identifier;
    ipcp_last_options_ = Bytes(info.begin() + 4, info.end());
    if (log_.ppp()) {
        char buf[96];
        std::snprintf(buf, sizeof buf, " IPCP: O CONFREQ [%s] id %u len %zu", ios_state_label(ipcp_.state()),
                      p.identifier, info.size());
        log_.line(now, prefix() + buf);
        if (ipcp_want_addr_) {
            std::snprintf(buf, sizeof buf, " IPCP:    Address %s (0x0306%08X)", format_ipv4(ipcp_addr_).c_str(),
                          ipcp_addr_);
            log_.line(now, prefix() + buf);
        }
    }
    send_frame(proto::kIpcp, wire::encode_ipcp(p));
}

void PppLink::on_ipcp(Millis now, const Bytes& info) {
    auto decoded = wire::decode_ipcp(info);
    if (!decoded) {
        ++counters_.malformed;
        return;
    }
    const wire::IpcpPacket& p = decoded.value();
    rx_id_ = p.identifier;
    rx_info_ = info;
    if (log_.ppp()) {
        char buf[96];
        std::snprintf(buf, sizeof buf, " IPCP: I %s [%s] id %u len %zu", ios_code(p.code),
                      ios_state_label(ipcp_.state()), p.identifier, info.size());
        log_.line(now, prefix() + buf);
    }
    if (ipcp_.state() == FsmState::Initial || ipcp_.state() == FsmState::Starting) {
        // The peer started IPCP first: open ours (RFC 1661 section 3.6 network phase).
        ipcp_.open(now);
        ipcp_.up(now);
    }
    switch (static_cast<LcpCode>(p.code)) {
        case LcpCode::ConfReq: {
            std::vector<wire::IpcpOption> naks, rejects;
            std::uint32_t addr = 0;
            for (const auto& o : p.options) {
                if (const auto* a = std::get_if<wire::IpAddressOption>(&o)) {
                    if (a->address == 0 && !faults_.has(Fault::IpcpZeroAddressAcked)) {
                        if (setup_.peer_ip_hint != 0) naks.emplace_back(wire::IpAddressOption{setup_.peer_ip_hint});
                        else rejects.push_back(o);
                    } else {
                        addr = a->address;
                    }
                } else {
                    rejects.push_back(o);  // IP-Compression and unknown options: not offered
                }
            }
            ipcp_reply_ = wire::IpcpPacket{};
            ipcp_reply_.identifier = p.identifier;
            if (!rejects.empty()) {
                ipcp_reply_.code = static_cast<std::uint8_t>(LcpCode::ConfRej);
                ipcp_reply_.options = rejects;
                ipcp_.rcr(now, false);
            } else if (!naks.empty()) {
                ipcp_reply_.code = static_cast<std::uint8_t>(LcpCode::ConfNak);
                ipcp_reply_.options = naks;
                ipcp_.rcr(now, false);
            } else {
                ipcp_reply_.code = static_cast<std::uint8_t>(LcpCode::ConfAck);
                ipcp_reply_.options = p.options;
                pending_peer_ip_ = addr;
                ipcp_.rcr(now, true);
            }
            return;
        }
        case LcpCode::ConfAck: {
            // RFC 1661 section 5.2 (RFC 1332 section 2: IPCP is LCP's exchange): "If the Identifier
            // field or the Configuration Options in the Configure-Ack do not match those of the
            // last transmitted Configure-Request, the packet is invalid and MUST be silently
            // discarded." (IP-08)
            wire::IpcpPacket options_only;
            options_only.code = static_cast<std::uint8_t>(LcpCode::ConfReq);
            options_only.options = p.options;
            const Bytes acked = wire::encode_ipcp(options_only);
            const bool same_options =
                faults_.has(Fault::IpcpAckAnyOptions) || Bytes(acked.begin() + 4, acked.end()) == ipcp_last_options_;
            if (p.identifier != ipcp_last_id_ || !same_options) return;
            ipcp_.rca(now);
            return;
        }
        case LcpCode::ConfNak:
            if (p.identifier != ipcp_last_id_) return;
            for (const auto& o : p.options) {
                if (const auto* a = std::get_if<wire::IpAddressOption>(&o)) {
                    if (a->address != 0) ipcp_addr_ = a->address;
                }
            }
            ipcp_.rcn(now);
            return;
        case LcpCode::ConfRej:
            if (p.identifier != ipcp_last_id_) return;
            for (const auto& o : p.options) {
                if (std::holds_alternative<wire::IpAddressOption>(o)) ipcp_want_addr_ = false;
            }
            ipcp_.rcn(now);
            return;
        case LcpCode::TermReq: ipcp_.rtr(now); return;
        case LcpCode::TermAck: ipcp_.rta(now); return;
        case LcpCode::CodeRej: {
            const std::uint8_t rejected = p.data.empty() ? 0 : p.data[0];
            ipcp_.rxj(now, rejected > 7);
            return;
        }
        default: ipcp_.ruc(now); return;
    }
}

bool PppLink::send_ip(Millis, const Bytes& datagram) {
    if (ipcp_.state() != FsmState::Opened) return false;
    send_frame(proto::kIp, datagram);
    return true;
}

// ---- timers -------------------------------------------------------------------------------

void PppLink::on_timer(Millis now) {
    lcp_.on_timer(now);
    ipcp_.on_timer(now);
    if (auth_deadline_ && *auth_deadline_ <= now) {
        auth_deadline_.reset();
        if (we_auth_ == AuthState::Pending) {
            if (auth_peer_proto_ == proto::kChap && auth_tries_ < knobs_.auth_max_tries) {
                send_challenge(now);  // CHAP-02: resend until a valid Response
            } else {
                we_auth_ = AuthState::Failed;
                auth_fail(now, "no valid response from the peer");
            }
        }
    }
    if (pap_deadline_ && *pap_deadline_ <= now) {
        pap_deadline_.reset();
        if (they_auth_ == AuthState::Pending) {
            if (pap_tries_ < knobs_.auth_max_tries || faults_.has(Fault::PapRetriedForever)) {
                send_pap_request(now);  // PAP-02
            } else {
                they_auth_ = AuthState::Failed;
                auth_fail(now, "no PAP reply");
            }
        } else if (faults_.has(Fault::PapRetriedForever) && lcp_.state() == FsmState::Opened) {
            send_pap_request(now);
        }
    }
    if (cbcp_deadline_ && *cbcp_deadline_ <= now) {
        cbcp_deadline_.reset();
        if (cbcp_server_ && !cbcp_done_) {
            if (cbcp_tries_ < knobs_.cbcp_max_tries) send_cbcp_request(now);
            else lcp_.close(now);
        }
    }
    if (cbcp_request_deadline_ && *cbcp_request_deadline_ <= now) {
        cbcp_request_deadline_.reset();
        if (!cbcp_done_) {
            if (log_.ppp()) log_.line(now, prefix() + " CBCP: no Callback-Request from the answerer, closing");
            lcp_.close(now);
        }
    }
}

std::optional<Millis> PppLink::next_deadline() const {
    std::optional<Millis> d;
    auto take = [&d](const std::optional<Millis>& x) {
        if (x && (!d || *x < *d)) d = x;
    };
    take(lcp_.deadline());
    take(ipcp_.deadline());
    take(auth_deadline_);
    take(pap_deadline_);
    take(cbcp_deadline_);
    take(cbcp_request_deadline_);
    return d;
}

}  // namespace ppp::sut
