#include "ppp/wire/packet.hpp"

#include <type_traits>

#include "codec_util.hpp"

namespace ppp::wire {

Decoded<PppPayload> decode_payload(std::uint16_t protocol, const Bytes& information) {
    // Each branch converts the codec's own result into the variant.
    auto wrap = [](auto decoded) -> Decoded<PppPayload> {
        if (!decoded) return decoded.error();
        return PppPayload{std::move(decoded).value()};
    };
    switch (protocol) {
    case proto::kLcp: return wrap(decode_lcp(information));
    case proto::kPap: return wrap(decode_pap(information));
    case proto::kChap: return wrap(decode_chap(information));
    case proto::kCbcp: return wrap(decode_cbcp(information));
    case proto::kIpcp: return wrap(decode_ipcp(information));
    case proto::kIp: return wrap(decode_ipv4(information));
    default: return PppPayload{UnknownProtocol{protocol, information}};
    }
}

Decoded<DecodedFrame> decode_frame_body(const Bytes& body) {
    auto frame = decode_ppp(body);
    if (!frame) return frame.error();
    auto payload = decode_payload(frame.value().protocol, frame.value().information);
    if (!payload) {
        // Offsets point into `body`: add the Address/Control/Protocol octets before Information.
        DecodeError e = payload.error();
        e.offset += body.size() - frame.value().information.size();
        return e;
    }
    return DecodedFrame{std::move(frame).value(), std::move(payload).value()};
}

Bytes encode_payload(const PppPayload& payload) {
    return std::visit(
        [](const auto& p) -> Bytes {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, LcpPacket>) return encode_lcp(p);
            else if constexpr (std::is_same_v<T, PapPacket>) return encode_pap(p);
            else if constexpr (std::is_same_v<T, ChapPacket>) return encode_chap(p);
            else if constexpr (std::is_same_v<T, CbcpPacket>) return encode_cbcp(p);
            else if constexpr (std::is_same_v<T, IpcpPacket>) return encode_ipcp(p);
            else if constexpr (std::is_same_v<T, Ipv4Packet>) return encode_ipv4(p);
            else return p.information;
        },
        payload);
}

std::uint16_t payload_protocol(const PppPayload& payload) {
    return std::visit(
        [](const auto& p) -> std::uint16_t {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, LcpPacket>) return proto::kLcp;
            else if constexpr (std::is_same_v<T, PapPacket>) return proto::kPap;
            else if constexpr (std::is_same_v<T, ChapPacket>) return proto::kChap;
            else if constexpr (std::is_same_v<T, CbcpPacket>) return proto::kCbcp;
            else if constexpr (std::is_same_v<T, IpcpPacket>) return proto::kIpcp;
            else if constexpr (std::is_same_v<T, Ipv4Packet>) return proto::kIp;
            else return p.protocol;
        },
        payload);
}

std::string describe(const PppPayload& payload) {
    return std::visit(
        [](const auto& p) -> std::string {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, UnknownProtocol>) {
                std::string s = "PPP proto=" + detail::hex16(p.protocol) + " len=" + std::to_string(p.information.size());
                if (!protocol_number_valid(p.protocol)) s += " (invalid protocol number, FR-11)";
                return s;
            } else {
                return describe(p);
            }
        },
        payload);
}

std::string describe(const DecodedFrame& frame) {
    std::string s = describe(frame.payload);
    if (!frame.frame.address_control) s += " [acfc]";
    if (frame.frame.protocol_compressed) s += " [pfc]";
    return s;
}

}  // namespace ppp::wire
