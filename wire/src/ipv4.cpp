#include "ppp/wire/ipv4.hpp"

#include <algorithm>
#include <charconv>

#include "codec_util.hpp"
#include "ppp/wire/ipcp.hpp"

namespace ppp::wire {

namespace {
using detail::error;
constexpr std::size_t kIpHeader = 20;
constexpr std::size_t kIcmpHeader = 8;
}  // namespace

bool operator==(const Ipv4Packet& a, const Ipv4Packet& b) {
    return a.tos == b.tos && a.identification == b.identification && a.ttl == b.ttl &&
           a.protocol == b.protocol && a.source == b.source && a.destination == b.destination &&
           a.payload == b.payload;
}

bool operator==(const IcmpEcho& a, const IcmpEcho& b) {
    return a.type == b.type && a.identifier == b.identifier && a.sequence == b.sequence && a.data == b.data;
}

// RFC 1071: ones-complement sum of 16-bit words, an odd last octet padded with zero.
std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t size) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 1 < size; i += 2) sum += static_cast<std::uint32_t>((data[i] << 8) | data[i + 1]);
    if (i < size) sum += static_cast<std::uint32_t>(data[i] << 8);
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

Bytes encode_ipv4(const Ipv4Packet& p) {
    const std::size_t n = std::min<std::size_t>(p.payload.size(), 0xFFFF - kIpHeader);
    Bytes b;
    b.reserve(kIpHeader + n);
    b.push_back(0x45);  // version 4, IHL 5: no options
    b.push_back(p.tos);
    detail::put16(b, static_cast<std::uint16_t>(kIpHeader + n));
    detail::put16(b, p.identification);
    detail::put16(b, 0);  // flags and fragment offset: DF clear, not fragmented
    b.push_back(p.ttl);
    b.push_back(p.protocol);
    detail::put16(b, 0);
    detail::put32(b, p.source);
    detail::put32(b, p.destination);
    detail::set16(b, 10, internet_checksum(b.data(), kIpHeader));
    b.insert(b.end(), p.payload.begin(), p.payload.begin() + static_cast<std::ptrdiff_t>(n));
    return b;
}

// RFC 791 §3.1. Errors name IP-03 (a well-formed datagram); on a stimulus the oracle reads them as IP-02.
Decoded<Ipv4Packet> decode_ipv4(const Bytes& in) {
    if (in.size() < kIpHeader) {
        return error(in.size(), "IPv4 header truncated: " + std::to_string(in.size()) + " octets", "IP-03");
    }
    if ((in[0] >> 4) != 4) return error(0, "IP version " + std::to_string(in[0] >> 4) + " is not 4", "IP-03");
    const std::size_t header = std::size_t{in[0] & 0x0FU} * 4;
    if (header < kIpHeader) return error(0, "IHL " + std::to_string(header / 4) + " below 5", "IP-03");
    const std::size_t total = detail::get16(in, 2);
    if (header > in.size() || total < header || total > in.size()) {
        return error(2, "Total Length " + std::to_string(total) + " does not fit header " + std::to_string(header) +
                            " and " + std::to_string(in.size()) + " octets",
                     "IP-03");
    }
    if (internet_checksum(in.data(), header) != 0) return error(10, "IPv4 header checksum mismatch", "IP-03");
    Ipv4Packet p;
    p.tos = in[1];
    p.identification = detail::get16(in, 4);
    p.ttl = in[8];
    p.protocol = in[9];
    p.source = detail::get32(in, 12);
    p.destination = detail::get32(in, 16);
    p.payload.assign(in.begin() + static_cast<std::ptrdiff_t>(header), in.begin() + static_cast<std::ptrdiff_t>(total));
    return p;
}

Bytes encode_icmp_echo(const IcmpEcho& e) {
    Bytes b;
    b.reserve(kIcmpHeader + e.data.size());
    b.push_back(e.type);
    b.push_back(0);  // code
    detail::put16(b, 0);
    detail::put16(b, e.identifier);
    detail::put16(b, e.sequence);
    detail::append(b, e.data);
    detail::set16(b, 2, internet_checksum(b.data(), b.size()));
    return b;
}

Decoded<IcmpEcho> decode_icmp_echo(const Bytes& in) {
    if (in.size() < kIcmpHeader) {
        return error(in.size(), "ICMP echo truncated: " + std::to_string(in.size()) + " octets", "IP-03");
    }
    if (in[0] != kIcmpEchoRequest && in[0] != kIcmpEchoReply) {
        return error(0, "ICMP type " + std::to_string(in[0]) + " is not an echo", "IP-03");
    }
    if (in[1] != 0) return error(1, "ICMP echo code " + std::to_string(in[1]) + " is not 0", "IP-03");
    if (internet_checksum(in.data(), in.size()) != 0) return error(2, "ICMP checksum mismatch", "IP-03");
    IcmpEcho e;
    e.type = in[0];
    e.identifier = detail::get16(in, 4);
    e.sequence = detail::get16(in, 6);
    e.data.assign(in.begin() + kIcmpHeader, in.end());
    return e;
}

std::string describe(const Ipv4Packet& p) {
    // Built in one string without temporaries: the oracle describes packets on its per-event path.
    std::string s;
    s.reserve(80);
    auto number = [&s](unsigned long long v) {
        char digits[20];
        s.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
    };
    s += "IP ";
    s += ipv4_to_string(p.source);
    s += " > ";
    s += ipv4_to_string(p.destination);
    if (p.protocol != kIpProtoIcmp) {
        s += " proto=";
        number(p.protocol);
        s += " len=";
        number(p.payload.size());
        return s;
    }
    const auto echo = decode_icmp_echo(p.payload);
    if (!echo) {
        s += " ICMP (";
        s += echo.error().what;
        s += ") len=";
        number(p.payload.size());
        return s;
    }
    const auto& e = echo.value();
    s += " ICMP echo ";
    s += e.type == kIcmpEchoRequest ? "request" : "reply";
    s += " id=";
    number(e.identifier);
    s += " seq=";
    number(e.sequence);
    s += " len=";
    number(e.data.size());
    return s;
}

}  // namespace ppp::wire
