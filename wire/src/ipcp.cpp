#include "ppp/wire/ipcp.hpp"

#include <algorithm>
#include <charconv>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

using detail::error;

void append_option(Bytes& b, const IpcpOption& option) {
    if (const auto* ip = std::get_if<IpAddressOption>(&option)) {
        b.push_back(ipcp_opt::kIpAddress);
        b.push_back(6);
        detail::put32(b, ip->address);
        return;
    }
    const auto& raw = std::get<IpcpRawOption>(option);
    const std::size_t n = std::min<std::size_t>(raw.data.size(), 253);  // keep Length in range
    b.push_back(raw.type);
    b.push_back(static_cast<std::uint8_t>(n + 2));
    b.insert(b.end(), raw.data.begin(), raw.data.begin() + static_cast<std::ptrdiff_t>(n));
}

bool same_option(const IpcpOption& a, const IpcpOption& b) {
    Bytes ea;
    Bytes eb;
    append_option(ea, a);
    append_option(eb, b);
    return ea == eb;  // by encoding, as for LCP options
}

const char* raw_option_name(std::uint8_t type) {
    switch (type) {
    case 1: return "IP-Addresses";  // RFC 1172, deprecated
    case ipcp_opt::kIpCompression: return "IP-Compression";
    case ipcp_opt::kIpAddress: return "IP-Address";
    case 129: return "Primary-DNS";  // RFC 1877
    case 130: return "Primary-NBNS";
    case 131: return "Secondary-DNS";
    case 132: return "Secondary-NBNS";
    default: return nullptr;
    }
}

}  // namespace

bool operator==(const IpcpPacket& a, const IpcpPacket& b) {
    if (a.code != b.code || a.identifier != b.identifier || a.padding != b.padding) return false;
    if (a.code >= 1 && a.code <= 4) {
        if (a.options.size() != b.options.size()) return false;
        for (std::size_t i = 0; i < a.options.size(); ++i) {
            if (!same_option(a.options[i], b.options[i])) return false;
        }
        return true;
    }
    return a.data == b.data;
}

Bytes encode_ipcp(const IpcpPacket& p) {
    Bytes b = detail::start_header(p.code, p.identifier, p.data.size() + p.options.size() * 6);
    if (p.code >= 1 && p.code <= 4) {
        for (const auto& o : p.options) append_option(b, o);
    } else {
        detail::append(b, p.data);
    }
    detail::finish_header(b, p.padding);
    return b;
}

// RFC 1332 §2: the LCP packet format, so the LCP-02 rules for Length and options apply.
Decoded<IpcpPacket> decode_ipcp(const Bytes& in) {
    auto header = detail::decode_header(in, "IPCP", "LCP-02");
    if (!header) return header.error();
    const auto h = header.value();
    IpcpPacket p;
    p.code = h.code;
    p.identifier = h.identifier;
    const auto at = [&in](std::size_t i) { return in.begin() + static_cast<std::ptrdiff_t>(i); };
    if (h.code >= 1 && h.code <= 4) {
        std::size_t pos = 4;
        while (pos < h.length) {
            if (h.length - pos < 2) return error(pos, "IPCP option header truncated: 1 octet left", "LCP-02");
            const std::size_t len = in[pos + 1];
            if (len < 2 || len > h.length - pos) {
                return error(pos + 1, "IPCP option type " + std::to_string(in[pos]) + " Length " +
                                          std::to_string(len) + (len < 2 ? " below 2" : " runs past the end"),
                             "LCP-02");
            }
            if (in[pos] == ipcp_opt::kIpAddress && len == 6) {
                p.options.push_back(IpAddressOption{detail::get32(in, pos + 2)});
            } else {
                p.options.push_back(IpcpRawOption{in[pos], Bytes(at(pos + 2), at(pos + len))});
            }
            pos += len;
        }
    } else {
        p.data.assign(at(4), at(h.length));
    }
    p.padding.assign(at(h.length), in.end());
    return p;
}

std::string ipv4_to_string(std::uint32_t address) {
    // One small string, no temporaries: the oracle describes packets on its per-event path.
    char text[16];  // "255.255.255.255"
    char* at = text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        if (shift != 24) *at++ = '.';
        at = std::to_chars(at, text + sizeof text, (address >> shift) & 0xFFU).ptr;
    }
    return std::string(text, at);
}

std::string describe(const IpcpPacket& p) {
    std::string s = "IPCP ";
    s += p.code >= 1 && p.code <= 7 ? std::string(code_name(static_cast<LcpCode>(p.code)))
                                     : "Code-" + std::to_string(p.code);
    s += " id=" + std::to_string(p.identifier);
    if (p.code >= 1 && p.code <= 4) {
        for (const auto& o : p.options) {
            if (const auto* ip = std::get_if<IpAddressOption>(&o)) {
                s += " <IP-Address " + ipv4_to_string(ip->address) + ">";
                continue;
            }
            const auto& raw = std::get<IpcpRawOption>(o);
            const char* name = raw_option_name(raw.type);
            s += name != nullptr ? std::string(" <") + name : " <Option " + std::to_string(raw.type);
            if (raw.type == 129 || raw.type == 131 || raw.type == 130 || raw.type == 132) {
                if (raw.data.size() == 4) {
                    s += " " + ipv4_to_string((std::uint32_t{raw.data[0]} << 24) | (std::uint32_t{raw.data[1]} << 16) |
                                              (std::uint32_t{raw.data[2]} << 8) | raw.data[3]) + ">";
                    continue;
                }
            }
            s += " len=" + std::to_string(raw.data.size() + 2);
            if (!raw.data.empty()) s += " 0x" + detail::compact_hex(raw.data);
            s += ">";
        }
    } else if (!p.data.empty()) {
        s += (p.code == 7 ? " rejected=0x" + detail::compact_hex(p.data) : " data=" + detail::text_or_hex(p.data));
    }
    return s + detail::padding_note(p.padding);
}

}  // namespace ppp::wire
