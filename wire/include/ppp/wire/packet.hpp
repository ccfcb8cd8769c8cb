#pragma once
// One decoded PPP frame of any protocol the project speaks, and its one-line description.
#include <string>
#include <variant>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/lcp.hpp"

namespace ppp::wire {

struct UnknownProtocol {
    std::uint16_t protocol = 0;
    Bytes information;
    friend bool operator==(const UnknownProtocol& a, const UnknownProtocol& b) {
        return a.protocol == b.protocol && a.information == b.information;
    }
};

using PppPayload = std::variant<LcpPacket, PapPacket, ChapPacket, CbcpPacket, IpcpPacket,
                                Ipv4Packet, UnknownProtocol>;

struct DecodedFrame {
    PppFrame frame;
    PppPayload payload;
    friend bool operator==(const DecodedFrame& a, const DecodedFrame& b) {
        return a.frame == b.frame && a.payload == b.payload;
    }
};

// Protocol dispatch on an already deframed body (Address .. Padding); error offsets point into
// `body`. Protocols without a codec here become UnknownProtocol.
Decoded<DecodedFrame> decode_frame_body(const Bytes& body);
Decoded<PppPayload> decode_payload(std::uint16_t protocol, const Bytes& information);
Bytes encode_payload(const PppPayload& payload);  // Information field
std::uint16_t payload_protocol(const PppPayload& payload);
std::string describe(const PppPayload& payload);
std::string describe(const DecodedFrame& frame);  // adds "[acfc]"/"[pfc]" marks when compressed

}  // namespace ppp::wire
