#pragma once
// IPCP (RFC 1332): LCP packet format over protocol 0x8021, codes 1-7, IP-Address option 3.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/lcp.hpp"

namespace ppp::wire {

namespace ipcp_opt {
inline constexpr std::uint8_t kIpCompression = 2, kIpAddress = 3;
}

struct IpAddressOption { std::uint32_t address = 0; };  // host order
struct IpcpRawOption { std::uint8_t type = 0; Bytes data; };
using IpcpOption = std::variant<IpAddressOption, IpcpRawOption>;

struct IpcpPacket {
    std::uint8_t code = 0;   // LcpCode 1-7
    std::uint8_t identifier = 0;
    std::vector<IpcpOption> options;  // codes 1-4
    Bytes data;                       // codes 5-7 and unknown codes
    Bytes padding;
    // Compares the fields the code carries; options by encoding.
    friend bool operator==(const IpcpPacket& a, const IpcpPacket& b);
    friend bool operator!=(const IpcpPacket& a, const IpcpPacket& b) { return !(a == b); }
};

Bytes encode_ipcp(const IpcpPacket& packet);
Decoded<IpcpPacket> decode_ipcp(const Bytes& information);
std::string describe(const IpcpPacket& packet);  // "IPCP ConfReq id=1 <IP-Address 192.0.2.1>"
std::string ipv4_to_string(std::uint32_t address);

}  // namespace ppp::wire
