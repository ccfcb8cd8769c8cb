#include "ppp/wire/cbcp.hpp"

#include <algorithm>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

using detail::error;

void append_option(Bytes& b, const CbcpOption& o) {
    const std::size_t start = b.size();
    b.push_back(o.type);
    b.push_back(0);
    // The delay octet precedes any address, so it is written whenever something follows it.
    if (o.has_delay || !o.addresses.empty() || !o.trailing.empty()) b.push_back(o.delay);
    for (const auto& a : o.addresses) {
        b.push_back(a.type);
        b.insert(b.end(), a.number.begin(), a.number.end());
        b.push_back(0);  // CBCP §2.2.3: NUL-terminated ASCII address
    }
    detail::append(b, o.trailing);
    if (b.size() - start > 255) b.resize(start + 255);  // keep the one-octet Length in range
    b[start + 1] = static_cast<std::uint8_t>(b.size() - start);
}

const char* type_name(std::uint8_t type) {
    switch (type) {
    case 1: return "no-callback";
    case 2: return "user-number";
    case 3: return "admin-number";
    case 4: return "list";
    default: return nullptr;
    }
}

}  // namespace

bool operator==(const CbcpOption& a, const CbcpOption& b) {
    Bytes ea;
    Bytes eb;
    append_option(ea, a);
    append_option(eb, b);
    return ea == eb;  // by encoding: a delay without `has_delay` is not on the wire
}

bool operator==(const CbcpPacket& a, const CbcpPacket& b) {
    return a.code == b.code && a.identifier == b.identifier && a.padding == b.padding && a.options == b.options;
}

Bytes encode_cbcp(const CbcpPacket& p) {
    Bytes b = detail::start_header(p.code, p.identifier, p.options.size() * 16);
    for (const auto& o : p.options) append_option(b, o);
    detail::finish_header(b, p.padding);
    return b;
}

Decoded<CbcpPacket> decode_cbcp(const Bytes& in) {
    auto header = detail::decode_header(in, "CBCP", "CBCP-03");
    if (!header) return header.error();
    const auto h = header.value();
    CbcpPacket p;
    p.code = h.code;
    p.identifier = h.identifier;
    std::size_t pos = 4;
    while (pos < h.length) {
        if (h.length - pos < 2) return error(pos, "CBCP option header truncated: 1 octet left", "CBCP-03");
        const std::size_t len = in[pos + 1];
        if (len < 2 || len > h.length - pos) {
            return error(pos + 1, "CBCP option type " + std::to_string(in[pos]) + " Length " + std::to_string(len) +
                                      (len < 2 ? " below 2" : " runs past the end"),
                         "CBCP-03");
        }
        CbcpOption o;
        o.type = in[pos];
        const std::size_t end = pos + len;
        std::size_t r = pos + 2;
        if (r < end) {  // `01 02` (no callback) is the only form without a delay
            o.has_delay = true;
            o.delay = in[r++];
        }
        // `AddrType Address NUL` items; what does not end in a NUL is kept as trailing octets.
        while (end - r >= 2) {
            const auto first = in.begin() + static_cast<std::ptrdiff_t>(r + 1);
            const auto last = in.begin() + static_cast<std::ptrdiff_t>(end);
            const auto nul = std::find(first, last, std::uint8_t{0});
            if (nul == last) break;
            o.addresses.push_back(CbcpOption::Address{in[r], std::string(first, nul)});
            r = static_cast<std::size_t>(nul - in.begin()) + 1;
        }
        o.trailing.assign(in.begin() + static_cast<std::ptrdiff_t>(r), in.begin() + static_cast<std::ptrdiff_t>(end));
        p.options.push_back(std::move(o));
        pos = end;
    }
    p.padding.assign(in.begin() + static_cast<std::ptrdiff_t>(h.length), in.end());
    return p;
}

std::string describe(const CbcpPacket& p) {
    static const char* const kCodes[] = {"Request", "Response", "Ack"};
    std::string s = "CBCP ";
    s += p.code >= 1 && p.code <= 3 ? std::string(kCodes[p.code - 1]) : "Code-" + std::to_string(p.code);
    s += " id=" + std::to_string(p.identifier);
    for (const auto& o : p.options) {
        const char* name = type_name(o.type);
        s += name != nullptr ? std::string(" <") + name : " <type-" + std::to_string(o.type);
        if (o.has_delay || !o.addresses.empty() || !o.trailing.empty()) s += " delay=" + std::to_string(o.delay);
        for (const auto& a : o.addresses) {
            s += a.type == kCbcpAddressPstn ? std::string(" addr=") : " addr(type=" + detail::hex8(a.type) + ")=";
            s += detail::quoted(a.number);
        }
        if (!o.trailing.empty()) s += " trailing=0x" + detail::compact_hex(o.trailing);
        s += ">";
    }
    return s + detail::padding_note(p.padding);
}

}  // namespace ppp::wire
