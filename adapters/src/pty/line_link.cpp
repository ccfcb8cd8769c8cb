// The reference's PPP side on an asynchronous line (see line_link.hpp).
#include "line_link.hpp"

#include <utility>

#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"

namespace ppp::adapters {

namespace {

// The LCP packet a synchronous frame carries, if it has a good FCS and is LCP.
std::optional<wire::LcpPacket> lcp_of_frame(const wire::Bytes& frame) {
    const auto raw = wire::sync_decode(frame);
    if (!raw.fcs_ok) return std::nullopt;
    auto decoded = wire::decode_frame_body(raw.body(wire::FcsKind::Fcs16));
    if (!decoded) return std::nullopt;
    if (const auto* lcp = std::get_if<wire::LcpPacket>(&decoded.value().payload)) return *lcp;
    return std::nullopt;
}

}  // namespace

std::optional<wire::Bytes> AsyncLineCodec::next_frame() {
    while (auto raw = deframer_.next()) {
        if (raw->aborted || raw->too_short) continue;  // FR-07/FR-08: not a frame
        return std::move(raw->octets);                 // Address .. FCS: the synchronous shape
    }
    return std::nullopt;
}

wire::Bytes AsyncLineCodec::encode(const wire::Bytes& frame) {
    track_accm(frame);
    return wire::async_encode(frame, accm_for(frame), wire::FcsKind::None);
}

std::uint32_t AsyncLineCodec::accm_for(const wire::Bytes& frame) const {
    const auto raw = wire::sync_decode(frame);
    const auto ppp = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
    if (!ppp || ppp.value().protocol == wire::proto::kLcp) return wire::kDefaultAsyncAccm;
    return tx_accm_;
}

void AsyncLineCodec::track_accm(const wire::Bytes& frame) {
    const auto lcp = lcp_of_frame(frame);
    if (!lcp) return;
    if (lcp->kind() == wire::LcpCode::ConfAck) {
        for (const auto& o : lcp->options) {
            if (const auto* a = std::get_if<wire::Accm>(&o)) tx_accm_ = a->map;
        }
    } else if (lcp->kind() == wire::LcpCode::TermReq || lcp->kind() == wire::LcpCode::TermAck ||
               lcp->kind() == wire::LcpCode::ConfReq) {
        tx_accm_ = wire::kDefaultAsyncAccm;  // a new negotiation starts from the default
    }
}

LineLink::LineLink(sut::RouterConfig config, LineLinkSetup setup)
    : config_(std::move(config)),
      setup_(std::move(setup)),
      log_(sut::LogOptions{}, out_),
      rng_(setup_.seed ^ 0x5DEECE66DULL),
      link_(1, config_, setup_.faults, knobs_, log_, out_, rng_) {}

void LineLink::start(Millis now) {
    const auto& b = config_.bri;
    sut::LinkSetup s;
    s.hostname = setup_.own_name;
    // The client opened the line (it is the caller); the server answers. As the reference
    // router: the client asks for callback (CCB-01) and, with `callin`, does not ask the server
    // to authenticate; the server accepts the option (CCB-02).
    s.outgoing = setup_.client;
    s.request_callback = setup_.client && b.callback_request;
    s.callback_op = setup_.callback_op;
    if (s.request_callback && (s.callback_op == 1 || s.callback_op == 3)) {
        s.callback_message.assign(setup_.own_number.begin(), setup_.own_number.end());
    }
    s.accept_callback = !setup_.client && b.callback_accept;
    if (setup_.challenge_peer && !(setup_.client && b.auth_callin)) s.authenticate_peer = b.authentication;
    if (auto secret = config_.secret(setup_.peer_name)) s.pap_password = *secret;
    s.local_ip = b.ip_address;
    if (const sut::DialerMap* m = config_.map_for_name(setup_.peer_name)) s.peer_ip_hint = m->next_hop;
    s.own_number = setup_.own_number;
    link_.start(now, s);
    pump(now);
}

void LineLink::on_frame(Millis now, const wire::Bytes& frame) {
    link_.on_frame(now, frame);
    pump(now);
}

void LineLink::on_timer(Millis now) {
    link_.on_timer(now);
    pump(now);
}

void LineLink::close(Millis now) {
    link_.close(now);
    pump(now);
}

bool LineLink::terminating() const {
    using S = sut::FsmState;
    const S state = link_.lcp_state();
    return finished_ || state == S::Closing || state == S::Stopping || state == S::Closed || state == S::Stopped;
}

std::optional<wire::Bytes> LineLink::next_frame() {
    while (!out_.empty()) {
        sut::Action a = std::move(out_.front());
        out_.pop_front();
        if (auto* f = std::get_if<sut::SendFrame>(&a)) return std::move(f->frame);
    }
    return std::nullopt;
}

// What the reference router does on link events (sut/src/router.cpp on_link_event), for a line
// with no dialer and no call to place.
void LineLink::pump(Millis now) {
    while (auto e = link_.poll_event()) {
        using K = sut::LinkEvent::Kind;
        switch (e->kind) {
            case K::AuthDone: on_auth_done(now); break;
            case K::CbcpNone: link_.start_network(now); break;  // CBCP-06: type 1
            case K::CbcpAgreed:
                link_.close(now);  // CBCP-06: types 2, 3 end the session (AMB-12: as the reference router)
                break;
            case K::Finished: finished_ = true; break;
            default: break;
        }
    }
}

void LineLink::on_auth_done(Millis now) {
    if (setup_.client && link_.callback_agreed_as_client()) {
        // CB-08: with CBCP the server's Request drives what follows. With an RFC 1570 operation
        // the client disconnects and waits for the return call (CB-03), which a line never brings.
        if (setup_.callback_op != 6) link_.close(now);
        else link_.await_cbcp_request(now);  // AMB-41
        return;
    }
    if (!setup_.client && link_.callback_agreed_as_server()) {
        if (link_.agreed_callback_op() == 6) {
            link_.start_cbcp_server(now, cbcp_offer());  // CB-08, CBCP-02
        } else {
            link_.close(now);  // RFC 1570 operations: the return call would follow (CB-03)
        }
        return;
    }
    link_.start_network(now);
}

std::vector<std::uint8_t> LineLink::cbcp_offer() const {
    // As the reference router: the user's own number, the configured number for a callback
    // user, no callback unless callback-secure.
    std::vector<std::uint8_t> types{2};
    const sut::DialerMap* m = config_.map_for_name(setup_.peer_name);
    const sut::MapClass* mc = m && !m->map_class.empty() ? config_.find_class(m->map_class) : nullptr;
    if (mc && mc->callback_server != sut::CallbackServerMode::None && !m->number.empty()) types.push_back(3);
    if (!config_.bri.callback_secure) types.push_back(1);
    return types;
}

}  // namespace ppp::adapters
