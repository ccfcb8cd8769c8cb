#include "ppp/wire/lcp.hpp"

#include <algorithm>
#include <type_traits>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

using detail::error;

template <class... Fs>
struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// `Type Len Data`; data longer than an option can say (253 octets) is cut so the output stays
// well formed.
void put_tlv(Bytes& b, std::uint8_t type, const std::uint8_t* prefix, std::size_t prefix_size,
             const Bytes& data) {
    const std::size_t room = 255 - 2 - prefix_size;
    const std::size_t n = std::min(data.size(), room);
    b.push_back(type);
    b.push_back(static_cast<std::uint8_t>(2 + prefix_size + n));
    b.insert(b.end(), prefix, prefix + prefix_size);
    b.insert(b.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
}

void append_option(Bytes& b, const LcpOption& option) {
    std::visit(
        Overloaded{
            [&b](const Mru& o) {
                b.insert(b.end(), {lcp_opt::kMru, 4});
                detail::put16(b, o.value);
            },
            [&b](const Accm& o) {
                b.insert(b.end(), {lcp_opt::kAccm, 6});
                detail::put32(b, o.map);
            },
            [&b](const AuthProtocol& o) {
                const std::uint8_t p[2] = {static_cast<std::uint8_t>(o.protocol >> 8),
                                           static_cast<std::uint8_t>(o.protocol)};
                put_tlv(b, lcp_opt::kAuthProtocol, p, 2, o.data);
            },
            [&b](const QualityProtocol& o) {
                const std::uint8_t p[2] = {static_cast<std::uint8_t>(o.protocol >> 8),
                                           static_cast<std::uint8_t>(o.protocol)};
                put_tlv(b, lcp_opt::kQualityProtocol, p, 2, o.data);
            },
            [&b](const MagicNumber& o) {
                b.insert(b.end(), {lcp_opt::kMagicNumber, 6});
                detail::put32(b, o.value);
            },
            [&b](const Pfc&) { b.insert(b.end(), {lcp_opt::kPfc, 2}); },
            [&b](const Acfc&) { b.insert(b.end(), {lcp_opt::kAcfc, 2}); },
            [&b](const FcsAlternatives& o) { b.insert(b.end(), {lcp_opt::kFcsAlternatives, 3, o.bits}); },
            [&b](const SelfDescribingPadding& o) {
                b.insert(b.end(), {lcp_opt::kSelfDescribingPadding, 3, o.max});
            },
            [&b](const Callback& o) { put_tlv(b, lcp_opt::kCallback, &o.operation, 1, o.message); },
            [&b](const CompoundFrames&) { b.insert(b.end(), {lcp_opt::kCompoundFrames, 2}); },
            [&b](const RawOption& o) { put_tlv(b, o.type, nullptr, 0, o.data); },
        },
        option);
}

// One option whose header was already checked: typed when the length fits the type, else raw.
LcpOption typed_option(const std::uint8_t* p, std::size_t len) {
    const std::uint8_t type = p[0];
    const std::uint8_t* d = p + 2;
    const std::size_t n = len - 2;
    auto be16 = [d] { return static_cast<std::uint16_t>((d[0] << 8) | d[1]); };
    auto be32 = [d] {
        return (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) | (std::uint32_t{d[2]} << 8) |
               std::uint32_t{d[3]};
    };
    switch (type) {
    case lcp_opt::kMru: if (n == 2) return Mru{be16()}; break;
    case lcp_opt::kAccm: if (n == 4) return Accm{be32()}; break;
    case lcp_opt::kAuthProtocol:
        if (n >= 2) return AuthProtocol{be16(), Bytes(d + 2, d + n)};
        break;
    case lcp_opt::kQualityProtocol:
        if (n >= 2) return QualityProtocol{be16(), Bytes(d + 2, d + n)};
        break;
    case lcp_opt::kMagicNumber: if (n == 4) return MagicNumber{be32()}; break;
    case lcp_opt::kPfc: if (n == 0) return Pfc{}; break;
    case lcp_opt::kAcfc: if (n == 0) return Acfc{}; break;
    case lcp_opt::kFcsAlternatives: if (n == 1) return FcsAlternatives{d[0]}; break;
    case lcp_opt::kSelfDescribingPadding: if (n == 1) return SelfDescribingPadding{d[0]}; break;
    case lcp_opt::kCallback:  // CB-01: Length >= 3, message = Length - 3 opaque octets
        if (n >= 1) return Callback{d[0], Bytes(d + 1, d + n)};
        break;
    case lcp_opt::kCompoundFrames: if (n == 0) return CompoundFrames{}; break;
    default: break;
    }
    return RawOption{type, Bytes(d, d + n)};
}

// RFC 1661 §6 option list in [begin, end) of `b`; errors point into `b` plus `base`.
Decoded<std::vector<LcpOption>> decode_option_range(const Bytes& b, std::size_t begin,
                                                    std::size_t end, std::size_t base) {
    std::vector<LcpOption> options;
    std::size_t pos = begin;
    while (pos < end) {
        if (end - pos < 2) {
            return error(base + pos, "option header truncated: 1 octet left", "LCP-02");
        }
        const std::size_t len = b[pos + 1];
        if (len < 2) {
            return error(base + pos + 1, "option type " + std::to_string(b[pos]) + " Length " +
                                             std::to_string(len) + " below 2", "LCP-02");
        }
        if (len > end - pos) {
            return error(base + pos + 1, "option type " + std::to_string(b[pos]) + " Length " +
                                             std::to_string(len) + " runs past the end (" +
                                             std::to_string(end - pos) + " octets left)", "LCP-02");
        }
        options.push_back(typed_option(b.data() + pos, len));
        pos += len;
    }
    return options;
}

bool equal_options(const std::vector<LcpOption>& a, const std::vector<LcpOption>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i])) return false;
    }
    return true;
}

}  // namespace

const char* code_name(LcpCode code) {
    switch (code) {
    case LcpCode::ConfReq: return "ConfReq";
    case LcpCode::ConfAck: return "ConfAck";
    case LcpCode::ConfNak: return "ConfNak";
    case LcpCode::ConfRej: return "ConfRej";
    case LcpCode::TermReq: return "TermReq";
    case LcpCode::TermAck: return "TermAck";
    case LcpCode::CodeRej: return "CodeRej";
    case LcpCode::ProtoRej: return "ProtoRej";
    case LcpCode::EchoReq: return "EchoReq";
    case LcpCode::EchoReply: return "EchoReply";
    case LcpCode::DiscardReq: return "DiscardReq";
    case LcpCode::Identification: return "Identification";
    case LcpCode::TimeRemaining: return "TimeRemaining";
    }
    return "Unknown";
}

const char* callback_op_name(std::uint8_t op) {
    switch (op) {
    case 0: return "auth";
    case 1: return "dial-string";
    case 2: return "location-id";
    case 3: return "E.164";
    case 4: return "distinguished-name";
    case 6: return "cbcp";
    default: return "unassigned";
    }
}

std::uint8_t option_type(const LcpOption& option) {
    return std::visit(Overloaded{
                          [](const Mru&) { return lcp_opt::kMru; },
                          [](const Accm&) { return lcp_opt::kAccm; },
                          [](const AuthProtocol&) { return lcp_opt::kAuthProtocol; },
                          [](const QualityProtocol&) { return lcp_opt::kQualityProtocol; },
                          [](const MagicNumber&) { return lcp_opt::kMagicNumber; },
                          [](const Pfc&) { return lcp_opt::kPfc; },
                          [](const Acfc&) { return lcp_opt::kAcfc; },
                          [](const FcsAlternatives&) { return lcp_opt::kFcsAlternatives; },
                          [](const SelfDescribingPadding&) { return lcp_opt::kSelfDescribingPadding; },
                          [](const Callback&) { return lcp_opt::kCallback; },
                          [](const CompoundFrames&) { return lcp_opt::kCompoundFrames; },
                          [](const RawOption& o) { return o.type; },
                      },
                      option);
}

bool operator==(const LcpOption& a, const LcpOption& b) {
    // By encoding: RawOption{1, {05 dc}} is the same option as Mru{1500}.
    Bytes ea;
    Bytes eb;
    append_option(ea, a);
    append_option(eb, b);
    return ea == eb;
}

bool operator==(const LcpPacket& a, const LcpPacket& b) {
    // Only the fields the code carries (see LcpPacket) take part.
    if (a.code != b.code || a.identifier != b.identifier || a.padding != b.padding) return false;
    switch (a.code) {
    case 1: case 2: case 3: case 4: return equal_options(a.options, b.options);
    case 8: return a.rejected_protocol == b.rejected_protocol && a.data == b.data;
    case 9: case 10: case 11: case 12: return a.magic == b.magic && a.data == b.data;
    case 13:
        return a.magic == b.magic && a.seconds_remaining == b.seconds_remaining && a.data == b.data;
    default: return a.data == b.data;
    }
}

Bytes encode_option(const LcpOption& option) {
    Bytes b;
    append_option(b, option);
    return b;
}

Bytes encode_options(const std::vector<LcpOption>& options) {
    Bytes b;
    for (const auto& o : options) append_option(b, o);
    return b;
}

Decoded<std::vector<LcpOption>> decode_options(const Bytes& bytes, std::size_t base) {
    return decode_option_range(bytes, 0, bytes.size(), base);
}

Decoded<Callback> decode_callback(const Bytes& b, std::size_t at) {
    if (at >= b.size() || b.size() - at < 3) return error(at, "Callback option shorter than 3 octets", "CB-01");
    if (b[at] != lcp_opt::kCallback) {
        return error(at, "option type " + std::to_string(b[at]) + " is not Callback (13)", "CB-01");
    }
    const std::size_t len = b[at + 1];
    if (len < 3 || len > b.size() - at) return error(at + 1, "Callback Length " + std::to_string(len), "CB-01");
    return Callback{b[at + 2], Bytes(b.begin() + static_cast<std::ptrdiff_t>(at + 3),
                                     b.begin() + static_cast<std::ptrdiff_t>(at + len))};
}

Bytes encode_lcp(const LcpPacket& p) {
    Bytes b = detail::start_header(p.code, p.identifier, p.data.size() + 16 + p.options.size() * 6);
    switch (p.code) {
    case 1: case 2: case 3: case 4:
        for (const auto& o : p.options) append_option(b, o);
        break;
    case 8:
        detail::put16(b, p.rejected_protocol);
        detail::append(b, p.data);
        break;
    case 9: case 10: case 11: case 12:
        detail::put32(b, p.magic);
        detail::append(b, p.data);
        break;
    case 13:
        detail::put32(b, p.magic);
        detail::put32(b, p.seconds_remaining);
        detail::append(b, p.data);
        break;
    default: detail::append(b, p.data); break;
    }
    detail::finish_header(b, p.padding);
    return b;
}

Decoded<LcpPacket> decode_lcp(const Bytes& in) {
    auto header = detail::decode_header(in, "LCP", "LCP-02");
    if (!header) return header.error();
    const auto h = header.value();
    LcpPacket p;
    p.code = h.code;
    p.identifier = h.identifier;
    const auto at = [&in](std::size_t i) { return in.begin() + static_cast<std::ptrdiff_t>(i); };
    // Fixed fields each code carries before its data (RFC 1661 §5.7-5.9, RFC 1570 §1.1-1.2).
    std::size_t fixed = 0;
    switch (h.code) {
    case 8: fixed = 2; break;
    case 9: case 10: case 11: case 12: fixed = 4; break;
    case 13: fixed = 8; break;
    default: break;
    }
    if (h.length < 4 + fixed) {
        return error(2, std::string("LCP ") + code_name(p.kind()) + " Length " + std::to_string(h.length) +
                            " too short for its " + std::to_string(fixed) + "-octet fields", "LCP-02");
    }
    switch (h.code) {
    case 1: case 2: case 3: case 4: {
        auto options = decode_option_range(in, 4, h.length, 0);
        if (!options) return options.error();
        p.options = std::move(options).value();
        break;
    }
    case 8: p.rejected_protocol = detail::get16(in, 4); break;
    case 9: case 10: case 11: case 12: p.magic = detail::get32(in, 4); break;
    case 13:
        p.magic = detail::get32(in, 4);
        p.seconds_remaining = detail::get32(in, 8);
        break;
    default: break;
    }
    if (!p.has_options()) p.data.assign(at(4 + fixed), at(h.length));
    p.padding.assign(at(h.length), in.end());
    return p;
}

LcpPacket make_conf(LcpCode code, std::uint8_t id, std::vector<LcpOption> options) {
    LcpPacket p;
    p.code = static_cast<std::uint8_t>(code);
    p.identifier = id;
    p.options = std::move(options);
    return p;
}

LcpPacket make_term(LcpCode code, std::uint8_t id, Bytes data) {
    LcpPacket p;
    p.code = static_cast<std::uint8_t>(code);
    p.identifier = id;
    p.data = std::move(data);
    return p;
}

std::string describe(const LcpOption& option) {
    using detail::compact_hex;
    using detail::hex16;
    using detail::hex32;
    using detail::text_or_hex;
    return std::visit(
        Overloaded{
            [](const Mru& o) { return "<MRU " + std::to_string(o.value) + ">"; },
            [](const Accm& o) { return "<ACCM " + hex32(o.map) + ">"; },
            [](const AuthProtocol& o) -> std::string {
                if (o.protocol == 0xC023 && o.data.empty()) return "<Auth PAP>";
                if (o.protocol == 0xC223 && o.data.size() == 1) {
                    switch (o.data[0]) {
                    case 5: return "<Auth CHAP MD5>";
                    case 0x80: return "<Auth MS-CHAP>";
                    case 0x81: return "<Auth MS-CHAPv2>";
                    default: return "<Auth CHAP alg=" + detail::hex8(o.data[0]) + ">";
                    }
                }
                if (o.protocol == 0xC227 && o.data.empty()) return "<Auth EAP>";
                return "<Auth " + hex16(o.protocol) + (o.data.empty() ? "" : " 0x" + compact_hex(o.data)) + ">";
            },
            [](const QualityProtocol& o) -> std::string {
                if (o.protocol == 0xC025 && o.data.size() == 4) {
                    const std::uint32_t period = (std::uint32_t{o.data[0]} << 24) |
                                                 (std::uint32_t{o.data[1]} << 16) |
                                                 (std::uint32_t{o.data[2]} << 8) | o.data[3];
                    return "<Quality LQR period=" + std::to_string(period) + ">";
                }
                return "<Quality " + hex16(o.protocol) + (o.data.empty() ? "" : " 0x" + compact_hex(o.data)) + ">";
            },
            [](const MagicNumber& o) { return "<Magic " + hex32(o.value) + ">"; },
            [](const Pfc&) { return std::string("<PFC>"); },
            [](const Acfc&) { return std::string("<ACFC>"); },
            [](const FcsAlternatives& o) { return "<FCS-Alt " + detail::hex8(o.bits) + ">"; },
            [](const SelfDescribingPadding& o) { return "<SDP max=" + std::to_string(o.max) + ">"; },
            [](const Callback& o) {
                std::string s = "<Callback op=" + std::to_string(o.operation) + " (" +
                                callback_op_name(o.operation) + ")";
                if (!o.message.empty()) s += " " + text_or_hex(o.message);
                return s + ">";
            },
            [](const CompoundFrames&) { return std::string("<Compound-Frames>"); },
            [](const RawOption& o) {
                return "<Option " + std::to_string(o.type) + " len=" + std::to_string(o.data.size() + 2) +
                       (o.data.empty() ? "" : " 0x" + compact_hex(o.data)) + ">";
            },
        },
        option);
}

std::string describe(const LcpPacket& p) {
    std::string s = "LCP ";
    s += p.code >= 1 && p.code <= 13 ? std::string(code_name(p.kind())) : "Code-" + std::to_string(p.code);
    s += " id=" + std::to_string(p.identifier);
    switch (p.code) {
    case 1: case 2: case 3: case 4:
        for (const auto& o : p.options) s += " " + describe(o);
        break;
    case 7:
        if (!p.data.empty()) s += " rejected=0x" + detail::compact_hex(p.data);
        break;
    case 8:
        s += " proto=" + detail::hex16(p.rejected_protocol);
        if (!p.data.empty()) s += " data=0x" + detail::compact_hex(p.data);
        break;
    case 9: case 10: case 11:
        s += " magic=" + detail::hex32(p.magic);
        if (!p.data.empty()) s += " data=" + detail::text_or_hex(p.data);
        break;
    case 12:
        s += " magic=" + detail::hex32(p.magic) + " msg=" + detail::quoted(p.data);
        break;
    case 13:
        s += " magic=" + detail::hex32(p.magic) + " seconds=" + std::to_string(p.seconds_remaining);
        if (!p.data.empty()) s += " msg=" + detail::quoted(p.data);
        break;
    default:
        if (!p.data.empty()) s += " data=" + detail::text_or_hex(p.data);
        break;
    }
    return s + detail::padding_note(p.padding);
}

}  // namespace ppp::wire
