#include "ppp/wire/port.hpp"

#include "ppp/wire/framing.hpp"

namespace ppp::wire {

std::uint16_t PortDecoding::protocol() const { return ppp && *ppp ? ppp->value().protocol : 0; }

Decoded<DecodedFrame> PortDecoding::frame() const {
    if (!ppp) return DecodeError{0, "not a B-channel frame", ""};
    if (!*ppp) return ppp->error();
    if (!payload) return DecodeError{0, "no payload decoded", ""};
    if (!*payload) {
        DecodeError e = payload->error();
        e.offset += body.size() - ppp->value().information.size();
        return e;
    }
    return DecodedFrame{ppp->value(), payload->value()};
}

const PortDecoding& PortMessage::decoded() const {
    if (decoding_) return *decoding_;
    auto d = std::make_shared<PortDecoding>();
    switch (kind_) {
        case PortKind::BFrame: {
            const RawFrame raw = sync_decode(bytes_, FcsKind::Fcs16);
            d->intact = !raw.too_short && !raw.aborted && raw.fcs_ok;
            d->body = raw.body(FcsKind::Fcs16);
            d->ppp = decode_ppp(d->body);
            if (*d->ppp) d->payload = decode_payload(d->ppp->value().protocol, d->ppp->value().information);
            break;
        }
        case PortKind::Q931: d->q931 = decode_q931(bytes_); break;
        case PortKind::Ipv4: d->ipv4 = decode_ipv4(bytes_); break;
        case PortKind::Call: d->call = decode_call_event(bytes_); break;
    }
    decoding_ = std::move(d);
    return *decoding_;
}

}  // namespace ppp::wire
