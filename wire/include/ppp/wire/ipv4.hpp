#pragma once
// IPv4 (RFC 791) with ICMP echo (RFC 792): enough for a ping to cross a PPP link.
#include <cstdint>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

inline constexpr std::uint8_t kIpProtoIcmp = 1;
inline constexpr std::uint8_t kIcmpEchoReply = 0;
inline constexpr std::uint8_t kIcmpEchoRequest = 8;

struct Ipv4Packet {
    std::uint8_t tos = 0;
    std::uint16_t identification = 0;
    std::uint8_t ttl = 255;
    std::uint8_t protocol = kIpProtoIcmp;
    std::uint32_t source = 0;       // host order
    std::uint32_t destination = 0;  // host order
    Bytes payload;
    friend bool operator==(const Ipv4Packet& a, const Ipv4Packet& b);
    friend bool operator!=(const Ipv4Packet& a, const Ipv4Packet& b) { return !(a == b); }
};

// No options, DF clear, checksum computed. Decoding checks version 4, IHL >= 5, lengths and the
// header checksum; options are skipped. Errors name "RFC 791"/"RFC 792" (no SPEC ID covers IP).
Bytes encode_ipv4(const Ipv4Packet& packet);
Decoded<Ipv4Packet> decode_ipv4(const Bytes& datagram);

struct IcmpEcho {
    std::uint8_t type = kIcmpEchoRequest;  // 8 request, 0 reply
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    Bytes data;
    friend bool operator==(const IcmpEcho& a, const IcmpEcho& b);
    friend bool operator!=(const IcmpEcho& a, const IcmpEcho& b) { return !(a == b); }
};

Bytes encode_icmp_echo(const IcmpEcho& echo);
Decoded<IcmpEcho> decode_icmp_echo(const Bytes& message);  // checks the ICMP checksum

std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t size);
// "IP 192.0.2.2 > 192.0.2.1 ICMP echo request id=1 seq=0 len=100"
std::string describe(const Ipv4Packet& packet);

}  // namespace ppp::wire
