// pppd 2.4.9 debug logs (issue #16). The packet texts are inverted from pppd's own printers
// (pppd/utils.c format_packet, lcp.c lcp_printpkt, ipcp.c ipcp_printpkt, upap.c upap_printpkt,
// chap-new.c chap_print_pkt, cbcp.c cbcp_printpkt); the comments name the printer behaviour each
// step relies on.
#include "ppp/adapters/pppd_log.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"
#include "recording/common.hpp"

namespace ppp::adapters::recording {

using wire::Bytes;
namespace proto = wire::proto;
using namespace detail;

namespace {

// ---- the packet text: a cursor over `[NAME ...] hh hh` ---------------------------------------

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    std::string_view rest() const { return s_; }
    bool done() const { return s_.empty(); }
    void skip_spaces() {
        while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
    }
    bool peek(char c) const { return !s_.empty() && s_.front() == c; }
    bool eat(std::string_view literal) {
        if (!starts_with(s_, literal)) return false;
        s_.remove_prefix(literal.size());
        return true;
    }
    // Up to a space, ']', '>' or ','.
    std::string_view word() {
        std::size_t i = 0;
        while (i < s_.size() && s_[i] != ' ' && s_[i] != ']' && s_[i] != '>' && s_[i] != ',') ++i;
        const auto w = s_.substr(0, i);
        s_.remove_prefix(i);
        return w;
    }
    // The inside of `<...>` at the cursor (the first '>' closes it).
    std::optional<std::string_view> angle_group() {
        if (!peek('<')) return std::nullopt;
        const auto close = s_.find('>');
        if (close == std::string_view::npos) return std::nullopt;
        const auto inside = s_.substr(1, close - 1);
        s_.remove_prefix(close + 1);
        return inside;
    }
    // A string as utils.c print_string writes it: "..." with \\ \" \n \r \t \ooo escapes.
    std::optional<Bytes> quoted() {
        if (!peek('"')) return std::nullopt;
        Bytes out;
        std::size_t i = 1;
        while (i < s_.size() && s_[i] != '"') {
            if (s_[i] != '\\') {
                out.push_back(static_cast<std::uint8_t>(s_[i++]));
                continue;
            }
            if (i + 1 >= s_.size()) return std::nullopt;
            const char e = s_[i + 1];
            if (e == 'n' || e == 'r' || e == 't' || e == '\\' || e == '"') {
                out.push_back(static_cast<std::uint8_t>(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e));
                i += 2;
            } else if (i + 3 < s_.size() && e >= '0' && e <= '3' && s_[i + 2] >= '0' && s_[i + 2] <= '7' &&
                       s_[i + 3] >= '0' && s_[i + 3] <= '7') {
                out.push_back(static_cast<std::uint8_t>((e - '0') * 64 + (s_[i + 2] - '0') * 8 + (s_[i + 3] - '0')));
                i += 4;
            } else {
                return std::nullopt;
            }
        }
        if (i >= s_.size()) return std::nullopt;  // no closing quote: the line was cut
        s_.remove_prefix(i + 1);
        return out;
    }
    // ` hh hh ...`: octets printed with %.2x, and whether a " ..." (cut) follows them.
    Bytes hex_octets(bool& cut) {
        Bytes out;
        cut = false;
        for (;;) {
            std::string_view t = s_;
            while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
            if (starts_with(t, "...")) {
                cut = true;
                s_ = t.substr(3);
                return out;
            }
            if (t.size() >= 2 && is_hex(t[0]) && is_hex(t[1]) && (t.size() == 2 || t[2] == ' ' || t[2] == ']' || t[2] == '>')) {
                out.push_back((*parse_hex_run(t.substr(0, 2)))[0]);
                s_ = t.substr(2);
                continue;
            }
            return out;
        }
    }

private:
    std::string_view s_;
};

Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

void put16(Bytes& b, std::uint64_t v) {
    b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFFU));
    b.push_back(static_cast<std::uint8_t>(v & 0xFFU));
}
void put32(Bytes& b, std::uint64_t v) {
    put16(b, v >> 16);
    put16(b, v & 0xFFFFU);
}

// The codecs write whole packets; the printers' bodies follow a 4-octet header.
Bytes body_of(Bytes packet) {
    packet.erase(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(4, packet.size())));
    return packet;
}

// What a protocol's printer said, before the header is put on.
struct Body {
    Bytes octets;
    std::vector<OctetRange> unknown;  // offsets into `octets`
    bool cut = false;                 // the packet goes on past `octets` (Length then unknown)
};

std::optional<std::uint32_t> ipv4_of(std::string_view s) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        const auto part = take_uint(s, 255);
        if (!part) return std::nullopt;
        v = (v << 8) | static_cast<std::uint32_t>(*part);
        if (i < 3) {
            if (s.empty() || s.front() != '.') return std::nullopt;
            s.remove_prefix(1);
        }
    }
    if (!s.empty()) return std::nullopt;
    return v;
}

// Hex octets after an option's printed value (the printer's `while (p < optend)` loop).
std::optional<Bytes> hex_words(std::string_view rest) {
    Bytes out;
    for (auto w = take_word(rest); !w.empty(); w = take_word(rest)) {
        if (w.size() != 2) return std::nullopt;
        const auto b = parse_hex_run(w);
        if (!b) return std::nullopt;
        out.push_back((*b)[0]);
    }
    return out;
}

// An option printed as its raw octets (`< 11 04 05 dc>`: type and length included), the form of
// unknown types and of known types whose length does not fit.
std::optional<Bytes> raw_option(std::string_view inside) {
    const auto octets = hex_words(inside);
    if (!octets || octets->size() < 2) return std::nullopt;
    return octets;
}

// One LCP option from lcp_printpkt's `<...>`; nullopt when it cannot be rebuilt (`endpoint`,
// whose printed form loses octets).
std::optional<Bytes> lcp_option(std::string_view inside) {
    inside = trim(inside);
    if (auto raw = raw_option(inside)) return raw;
    std::string_view rest = inside;
    const auto name = take_word(rest);
    wire::LcpOption option;
    if (name == "mru" || name == "mrru") {
        const auto v = parse_uint(take_word(rest), 0xFFFF);
        if (!v) return std::nullopt;
        if (name == "mru") {
            option = wire::Mru{static_cast<std::uint16_t>(*v)};
        } else {  // RFC 1990 MRRU, type 17: no typed option in wire
            Bytes d;
            put16(d, *v);
            option = wire::RawOption{17, d};
        }
    } else if (name == "asyncmap" || name == "magic") {
        const auto v = parse_uint(take_word(rest), 0xFFFFFFFF);
        if (!v) return std::nullopt;
        if (name == "asyncmap") option = wire::Accm{static_cast<std::uint32_t>(*v)};
        else option = wire::MagicNumber{static_cast<std::uint32_t>(*v)};
    } else if (name == "auth" || name == "quality") {
        const auto which = take_word(rest);
        std::optional<std::uint64_t> protocol;
        Bytes data;
        if (which == "pap") protocol = proto::kPap;
        else if (which == "eap") protocol = 0xC227;
        else if (which == "lqr") protocol = proto::kLqr;
        else if (which == "chap") {
            protocol = proto::kChap;
            std::string_view peek = rest;
            const auto algorithm = take_word(peek);
            if (algorithm == "MD5" || algorithm == "MS" || algorithm == "MS-v2") {
                // RFC 1994 MD5 (5); Microsoft's CHAP 0x80 and 0x81 (RFC 2433, 2759)
                data.push_back(static_cast<std::uint8_t>(algorithm == "MD5" ? wire::kChapMd5 : algorithm == "MS" ? 0x80 : 0x81));
                rest = peek;
            }
        } else {
            protocol = parse_uint(which, 0xFFFF);
        }
        if (!protocol) return std::nullopt;
        const auto tail = hex_words(rest);
        if (!tail) return std::nullopt;
        data.insert(data.end(), tail->begin(), tail->end());
        rest = {};
        if (name == "auth") option = wire::AuthProtocol{static_cast<std::uint16_t>(*protocol), data};
        else option = wire::QualityProtocol{static_cast<std::uint16_t>(*protocol), data};
    } else if (name == "callback") {  // RFC 1570: operation, then the message as hex
        const auto op_word = take_word(rest);
        const auto op = op_word == "CBCP" ? std::optional<std::uint64_t>{6} : parse_uint(op_word, 0xFF);
        if (!op) return std::nullopt;
        const auto message = hex_words(rest);
        if (!message) return std::nullopt;
        rest = {};
        option = wire::Callback{static_cast<std::uint8_t>(*op), *message};
    } else if (name == "pcomp") {
        option = wire::Pfc{};
    } else if (name == "accomp") {
        option = wire::Acfc{};
    } else if (name == "ssnhf") {
        option = wire::RawOption{18, {}};  // RFC 1990 short sequence number header format
    } else {
        return std::nullopt;  // `endpoint [...]` and anything newer: octets not recoverable
    }
    if (!trim(rest).empty()) return std::nullopt;  // exact-length values print nothing after
    return wire::encode_option(option);
}

// One IPCP option from ipcp_printpkt's `<...>`.
std::optional<wire::IpcpOption> ipcp_option(std::string_view inside) {
    inside = trim(inside);
    if (auto raw = raw_option(inside)) {
        return wire::IpcpRawOption{(*raw)[0], Bytes(raw->begin() + 2, raw->end())};
    }
    std::string_view rest = inside;
    const auto name = take_word(rest);
    if (name == "addr") {
        const auto a = ipv4_of(take_word(rest));
        if (!a || !trim(rest).empty()) return std::nullopt;
        return wire::IpAddressOption{*a};
    }
    if (name == "addrs" || name == "ms-dns1" || name == "ms-dns2") {  // RFC 1332 type 1, RFC 1877
        Bytes data;
        for (int i = 0; i < (name == "addrs" ? 2 : 1); ++i) {
            const auto a = ipv4_of(take_word(rest));
            if (!a) return std::nullopt;
            put32(data, *a);
        }
        if (!trim(rest).empty()) return std::nullopt;
        const auto type = static_cast<std::uint8_t>(name == "addrs" ? 1 : name == "ms-dns1" ? 129 : 131);
        return wire::IpcpRawOption{type, data};
    }
    if (name == "compress") {
        const auto which = take_word(rest);
        const auto protocol = which == "VJ" ? std::optional<std::uint64_t>{0x002D}
                              : which == "old-VJ" ? std::optional<std::uint64_t>{0x0037}
                                                  : parse_uint(which, 0xFFFF);
        const auto tail = hex_words(rest);
        if (!protocol || !tail) return std::nullopt;
        Bytes data;
        put16(data, *protocol);
        data.insert(data.end(), tail->begin(), tail->end());
        return wire::IpcpRawOption{wire::ipcp_opt::kIpCompression, data};
    }
    return std::nullopt;  // `ms-wins` prints the same for types 130 and 132
}

// The "print the rest of the bytes" loops: hex inside the brackets, " ..." when pppd cut them.
void rest_octets(Cursor& c, Body& body) {
    bool cut = false;
    const Bytes rest = c.hex_octets(cut);
    body.octets.insert(body.octets.end(), rest.begin(), rest.end());
    body.cut = body.cut || cut;
}

// LCP and the NCPs that share its packet format (RFC 1661 section 5).
Body lcp_like_body(Cursor& c, std::uint16_t protocol, std::uint8_t code) {
    Body body;
    const bool lcp = protocol == proto::kLcp, ipcp = protocol == proto::kIpcp;
    if (code >= 1 && code <= 4 && (lcp || ipcp)) {
        std::vector<wire::IpcpOption> ipcp_options;
        for (;;) {
            c.skip_spaces();
            const auto inside = c.angle_group();
            if (!inside) break;
            if (lcp) {
                const auto option = lcp_option(*inside);
                if (!option) {  // everything from here on sits at unknown offsets
                    body.cut = true;
                    return body;
                }
                body.octets.insert(body.octets.end(), option->begin(), option->end());
            } else {
                const auto option = ipcp_option(*inside);
                if (!option) {
                    body.cut = true;
                    break;
                }
                ipcp_options.push_back(*option);
            }
        }
        if (ipcp) {
            wire::IpcpPacket p;
            p.code = code;
            p.options = ipcp_options;
            const Bytes encoded = body_of(wire::encode_ipcp(p));
            body.octets.insert(body.octets.begin(), encoded.begin(), encoded.end());
            if (body.cut) return body;
        }
    } else if ((code == 5 || code == 6) && (lcp || ipcp)) {
        c.skip_spaces();
        if (auto text = c.quoted()) body.octets = *text;  // printed only when it starts printable
    } else if (lcp && code >= 9 && code <= 13) {
        c.skip_spaces();
        if (c.eat("magic=")) {
            const auto magic = parse_uint(c.word(), 0xFFFFFFFF);
            if (!magic) {
                body.cut = true;
                return body;
            }
            put32(body.octets, *magic);
            c.skip_spaces();
            if (code == 13 && c.eat("seconds=")) {
                const auto seconds = parse_uint(c.word(), 0xFFFFFFFF);
                if (!seconds) {
                    body.cut = true;
                    return body;
                }
                put32(body.octets, *seconds);
                c.skip_spaces();
            }
            if (code >= 12) {
                if (auto text = c.quoted()) body.octets.insert(body.octets.end(), text->begin(), text->end());
            }
        }
    } else if (!lcp && !ipcp) {
        body.cut = true;  // CCP, IPV6CP, ECP, ...: printers not inverted here
        return body;
    }
    rest_octets(c, body);
    return body;
}

Body chap_body(Cursor& c, std::uint8_t code) {
    Body body;
    c.skip_spaces();
    wire::ChapPacket p;
    p.code = code;
    if (code == 1 || code == 2) {  // ` <value>, name = "name"`
        const auto value = c.angle_group();
        if (!value) {  // chap_print_pkt prints nothing when Length is 4 or Value-Size does not fit
            body.cut = true;
            return body;
        }
        const auto octets = value->empty() ? std::optional<Bytes>{Bytes{}} : parse_hex_run(*value);
        if (!octets || !c.eat(", name = ")) {
            body.cut = true;
            return body;
        }
        const auto name = c.quoted();
        if (!name) {
            body.cut = true;
            return body;
        }
        p.value = *octets;
        p.name = *name;
        body.octets = body_of(wire::encode_chap(p));
        return body;
    }
    if (code == 3 || code == 4) {
        const auto message = c.quoted();
        if (!message) {
            body.cut = true;
            return body;
        }
        p.message = *message;
        body.octets = body_of(wire::encode_chap(p));
        return body;
    }
    rest_octets(c, body);
    return body;
}

Body pap_body(Cursor& c, std::uint8_t code) {
    Body body;
    c.skip_spaces();
    if (code == 1 && c.eat("user=")) {
        const auto user = c.quoted();
        if (!user || !c.eat(" password=")) {
            body.cut = true;
            return body;
        }
        body.octets.push_back(static_cast<std::uint8_t>(user->size()));
        body.octets.insert(body.octets.end(), user->begin(), user->end());
        const auto password = c.quoted();
        if (!password) {  // `<hidden>`: its length and the octets after it are unknown
            body.cut = true;
            return body;
        }
        // A password pppd printed (`show-password`) is never kept: its octets stay unknown.
        body.octets.push_back(static_cast<std::uint8_t>(password->size()));
        body.unknown.push_back(OctetRange{body.octets.size(), password->size()});
        body.octets.insert(body.octets.end(), password->size(), 0);
    } else if ((code == 2 || code == 3) && c.peek('"')) {
        const auto message = c.quoted();
        if (!message) {
            body.cut = true;
            return body;
        }
        wire::PapPacket p;
        p.code = code;
        p.message = *message;
        body.octets = body_of(wire::encode_pap(p));
    }
    rest_octets(c, body);
    return body;
}

// cbcp_printpkt reads Type, Length, Delay (Length > 2) and Address-Type (Length > 3) of an option
// and prints the address without moving past it, so the address octets are read again as the
// next "option" or printed after ']' by format_packet. The octets are therefore all in the text,
// in order; what it never prints is each Length and Address-Type. Length follows from the
// printed shape (2: no delay, 3: delay and no number); the one option with a number (more than
// one cannot be told apart) gets what is left, taking the frame to end at the packet's Length
// (pppd prints every octet of the frame; CBCP senders pad nothing). Address-Type stays unknown.
struct CbcpPrinted {
    std::uint8_t type = 0;
    bool has_delay = false;
    std::uint8_t delay = 0;
    bool has_number = false;
    Bytes number;
    std::size_t at = 0;  // offset of Type in the body
};

std::optional<CbcpPrinted> cbcp_printed_option(std::string_view inside) {
    static constexpr std::array<const char*, 4> kNames{"NoCallback", "UserDefined", "AdminDefined", "List"};
    CbcpPrinted o;
    std::string_view rest = inside;
    const auto name = take_word(rest);
    if (starts_with(name, "option=")) {
        const auto v = parse_uint(name.substr(7), 0xFF);
        if (!v) return std::nullopt;
        o.type = static_cast<std::uint8_t>(*v);
    } else {
        for (std::size_t i = 0; i < kNames.size(); ++i) {
            if (name == kNames[i]) o.type = static_cast<std::uint8_t>(i + 1);
        }
        if (o.type == 0) return std::nullopt;
    }
    std::string_view t = rest;  // `number = ` may end in a space when the number is empty
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    if (starts_with(t, "delay = ")) {
        t.remove_prefix(8);
        const auto d = take_uint(t, 255);
        if (!d) return std::nullopt;
        o.has_delay = true;
        o.delay = static_cast<std::uint8_t>(*d);
        if (starts_with(t, " number = ")) {
            o.has_number = true;
            o.number = to_bytes(t.substr(10));
            t = {};
        }
    }
    if (!trim(t).empty()) return std::nullopt;
    return o;
}

// CBCP: the header is put on by the caller; here Length is computed too, so the body comes back
// with `length_of_body` set when it could be told.
Body cbcp_body(Cursor& c, std::uint8_t code, std::optional<std::size_t>& length_of_body, Bytes& outer) {
    Body body;
    std::vector<CbcpPrinted> printed;
    if (code >= 1 && code <= 3) {
        for (;;) {
            c.skip_spaces();
            const auto inside = c.angle_group();
            if (!inside) break;
            auto o = cbcp_printed_option(*inside);
            if (!o) {
                body.cut = true;
                return body;
            }
            o->at = body.octets.size();
            body.octets.push_back(o->type);
            body.unknown.push_back(OctetRange{body.octets.size(), 1});  // Length, fixed below
            body.octets.push_back(0);
            if (o->has_delay) body.octets.push_back(o->delay);
            if (o->has_number) {
                body.unknown.push_back(OctetRange{body.octets.size(), 1});  // Address-Type: never printed
                body.octets.push_back(0);
            }
            printed.push_back(*o);
        }
    }
    bool cut = false;
    const Bytes inner = c.hex_octets(cut);
    const bool has_options = code >= 1 && code <= 3;
    if (cut || (has_options && inner.size() >= 2)) {
        // Two or more octets left inside the brackets: the option loop broke on a bad Length
        // after reading two octets it never printed. The packet is not recoverable from there.
        body.cut = true;
        return body;
    }
    if (!c.eat("]")) {
        body.cut = true;
        return body;
    }
    Cursor after_bracket(c.rest());
    const Bytes after = after_bracket.hex_octets(cut);
    if (cut || !trim(after_bracket.rest()).empty()) {
        body.cut = true;
        return body;
    }
    c = Cursor({});
    body.octets.insert(body.octets.end(), inner.begin(), inner.end());
    body.octets.insert(body.octets.end(), after.begin(), after.end());
    outer.clear();
    // Lengths: fixed by the printed shape, the numbered option takes the rest.
    std::size_t fixed = 0, numbered = 0;
    for (const auto& o : printed) {
        if (o.has_number) ++numbered;
        else fixed += o.has_delay ? 3 : 2;
    }
    if (numbered > 1) {
        body.cut = true;  // Lengths not recoverable
        return body;
    }
    const std::size_t options_total = body.octets.size() - inner.size();
    std::size_t length = 4 + body.octets.size();
    std::size_t numbered_length = 0;
    if (numbered == 1) {
        if (options_total < fixed + 4) {
            body.cut = true;
            return body;
        }
        numbered_length = options_total - fixed;
    } else {
        length = 4 + fixed + inner.size();  // octets after it are padding (format_packet)
    }
    for (const auto& o : printed) {
        const std::size_t olen = o.has_number ? numbered_length : (o.has_delay ? 3U : 2U);
        if (olen > 0xFF) {
            body.cut = true;
            return body;
        }
        body.octets[o.at + 1] = static_cast<std::uint8_t>(olen);
        if (o.has_number) {
            // The address as printed (up to its NUL) must be the octets after Address-Type.
            const std::size_t from = o.at + 4;
            if (from + o.number.size() > body.octets.size() ||
                !std::equal(o.number.begin(), o.number.end(), body.octets.begin() + static_cast<std::ptrdiff_t>(from))) {
                body.cut = true;
                return body;
            }
            // Printed up to a NUL: a shorter number than the option holds ends in one.
            if (o.number.size() < olen - 4 &&
                (from + o.number.size() >= body.octets.size() || body.octets[from + o.number.size()] != 0)) {
                body.cut = true;
                return body;
            }
        }
    }
    body.unknown.erase(std::remove_if(body.unknown.begin(), body.unknown.end(),
                                      [&](const OctetRange& u) {
                                          for (const auto& o : printed) {
                                              if (u.offset == o.at + 1) return true;  // a Length now known
                                          }
                                          return false;
                                      }),
                       body.unknown.end());
    length_of_body = length - 4;
    return body;
}

struct ProtocolName {
    const char* name;
    std::uint16_t number;
};
constexpr ProtocolName kProtocols[] = {{"LCP", proto::kLcp},
                                                   {"PAP", proto::kPap},
                                                   {"CHAP", proto::kChap},
                                                   {"CBCP", proto::kCbcp},
                                                   {"IPCP", proto::kIpcp},
                                                   {"CCP", proto::kCcp},
                                                   {"IPV6CP", 0x8057},
                                                   {"ECP", 0x8053},
                                                   {"EAP", 0xC227},
                                                   {"IPXCP", 0x802B}};
// format_packet's `[%s data]` for the data protocols of the NCPs above.
constexpr ProtocolName kDataProtocols[] = {
    {"IP", proto::kIp}, {"IPV6", 0x0057}, {"Compressed", 0x00FD}, {"IPX", 0x002B}};

std::optional<std::uint8_t> code_of(std::uint16_t protocol, std::string_view name) {
    static constexpr std::array<const char*, 13> kLcp{"ConfReq", "ConfAck", "ConfNak", "ConfRej", "TermReq",
                                                      "TermAck", "CodeRej", "ProtRej", "EchoReq", "EchoRep",
                                                      "DiscReq", "Ident",   "TimeRem"};
    static constexpr std::array<const char*, 4> kChap{"Challenge", "Response", "Success", "Failure"};
    static constexpr std::array<const char*, 3> kPap{"AuthReq", "AuthAck", "AuthNak"};
    static constexpr std::array<const char*, 3> kCbcp{"Request", "Response", "Ack"};
    auto find = [&](const auto& names) -> std::optional<std::uint8_t> {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (name == names[i]) return static_cast<std::uint8_t>(i + 1);
        }
        return std::nullopt;
    };
    if (starts_with(name, "code=")) {
        const auto v = parse_uint(name.substr(5), 0xFF);
        if (!v) return std::nullopt;
        return static_cast<std::uint8_t>(*v);
    }
    if (protocol == proto::kChap) return find(kChap);
    if (protocol == proto::kPap) return find(kPap);
    if (protocol == proto::kCbcp) return find(kCbcp);
    return find(kLcp);
}

}  // namespace

std::optional<RebuiltPacket> rebuild_pppd_packet(std::string_view text) {
    Cursor c(text);
    if (!c.eat("[")) return std::nullopt;
    RebuiltPacket packet;
    const auto name = c.word();
    bool protocol_known = false;
    for (const auto& p : kProtocols) {
        if (name == p.name) {
            packet.protocol = p.number;
            protocol_known = true;
        }
    }
    bool cut = false;
    if (!protocol_known) {
        // `[proto=0x80fd] 01 02 ...` and `[IP data] 45 00 ...`: the octets after ']' are the packet.
        if (starts_with(name, "proto=")) {
            const auto v = parse_uint(name.substr(6), 0xFFFF);
            if (!v || !c.eat("]")) return std::nullopt;
            packet.protocol = static_cast<std::uint16_t>(*v);
        } else {
            bool data = false;
            for (const auto& p : kDataProtocols) {
                if (name == p.name && c.eat(" data]")) {
                    packet.protocol = p.number;
                    data = true;
                }
            }
            if (!data) return std::nullopt;
        }
        packet.octets = c.hex_octets(cut);
        packet.truncated = cut;
        if (!trim(c.rest()).empty()) return std::nullopt;
        if (!cut) packet.length = packet.octets.size();
        return packet;
    }
    if (c.eat("]")) {
        // The printer refused the header (Length < 4 or past the frame): all octets follow as hex.
        packet.octets = c.hex_octets(cut);
        packet.truncated = cut;
        if (!trim(c.rest()).empty()) return std::nullopt;
        if (!cut) packet.length = packet.octets.size();
        return packet;
    }
    if (!c.eat(" ")) return std::nullopt;
    const auto code = code_of(packet.protocol, c.word());
    if (!code || !c.eat(" id=")) return std::nullopt;
    const auto id = parse_uint(c.word(), 0xFF);
    if (!id) return std::nullopt;

    Body body;
    Bytes outer;
    std::optional<std::size_t> cbcp_length;
    if (packet.protocol == proto::kChap) body = chap_body(c, *code);
    else if (packet.protocol == proto::kPap) body = pap_body(c, *code);
    else if (packet.protocol == proto::kCbcp) body = cbcp_body(c, *code, cbcp_length, outer);
    else body = lcp_like_body(c, packet.protocol, *code);

    packet.octets = {*code, static_cast<std::uint8_t>(*id), 0, 0};
    packet.octets.insert(packet.octets.end(), body.octets.begin(), body.octets.end());
    for (const auto& u : body.unknown) packet.unknown.push_back(OctetRange{u.offset + 4, u.size});
    if (body.cut) {
        // The text stops telling the packet somewhere: Length is unknown, the rest is cut.
        packet.truncated = true;
        packet.unknown.insert(packet.unknown.begin(), OctetRange{2, 2});
        return packet;
    }
    std::size_t length = packet.octets.size();
    if (packet.protocol == proto::kCbcp) {
        length = 4 + cbcp_length.value_or(body.octets.size());
    } else {
        // format_packet prints the octets past Length (padding) after ']'.
        if (!c.eat("]")) {  // cut by pppd's 1,024-octet log buffer
            packet.truncated = true;
            packet.unknown.insert(packet.unknown.begin(), OctetRange{2, 2});
            return packet;
        }
        const Bytes padding = c.hex_octets(cut);
        if (!trim(c.rest()).empty()) return std::nullopt;
        packet.octets.insert(packet.octets.end(), padding.begin(), padding.end());
        packet.truncated = cut;
    }
    if (length > 0xFFFF) return std::nullopt;
    packet.octets[2] = static_cast<std::uint8_t>(length >> 8);
    packet.octets[3] = static_cast<std::uint8_t>(length & 0xFFU);
    packet.length = length;
    return packet;
}

// ---- the log's lines ---------------------------------------------------------------------------

namespace {

// pppd's messages about its line that `check` can use, and the ones only worth a note. Without a
// syslog tag naming pppd, only these make a line recognised (a bare `logfile` has no tag).
struct Message {
    const char* prefix;
    std::optional<CallEventKind> event;
};
constexpr Message kMessages[] = {
    {"Connect: ", CallEventKind::LinkUp},
    {"Connection terminated", CallEventKind::LinkDown},
    {"CHAP authentication succeeded", CallEventKind::AuthenticationSucceeded},
    {"PAP authentication succeeded", CallEventKind::AuthenticationSucceeded},
    {"CHAP peer authentication succeeded", CallEventKind::AuthenticationSucceeded},
    {"PAP peer authentication succeeded", CallEventKind::AuthenticationSucceeded},
    {"CHAP authentication failed", CallEventKind::AuthenticationFailed},
    {"PAP authentication failed", CallEventKind::AuthenticationFailed},
    {"CHAP peer authentication failed", CallEventKind::AuthenticationFailed},
    {"PAP peer authentication failed", CallEventKind::AuthenticationFailed},
    {"peer will call: ", CallEventKind::CallbackPending},
    {"Modem hangup", std::nullopt},
    {"Using interface ", std::nullopt},
    {"using channel ", std::nullopt},
    {"local  IP address ", std::nullopt},
    {"remote IP address ", std::nullopt},
    {"Terminating on signal ", std::nullopt},
    {"Connect time ", std::nullopt},
    {"Sent ", std::nullopt},
    {"LCP terminated by peer", std::nullopt},
    {"Hangup (SIGHUP)", std::nullopt},
    {"Waiting for ", std::nullopt},
    {"Script ", std::nullopt},
    {"Serial connection established", std::nullopt},
    {"Serial link appears to be disconnected", std::nullopt},
    {"No response to ", std::nullopt},
    {"Unsupported protocol ", std::nullopt},
    {"Protocol-Reject for ", std::nullopt},
    {"Discarded non-LCP packet", std::nullopt},
    {"LCP: Rcvd Code-Reject", std::nullopt},
    {"Received bad configure-", std::nullopt},
    {"cbcp_", std::nullopt},  // cbcp.c's own debug lines (pppd 2.4.9 prints them unconditionally)
    {"want: ", std::nullopt},
    {"length: ", std::nullopt},
    {"user callback allowed", std::nullopt},
    {"no callback allowed", std::nullopt},
    {"user admin defined allowed", std::nullopt},
    {"script ", std::nullopt},
    {"No CHAP secret found", std::nullopt},
    {"No network protocols running", std::nullopt},
    {"pppd 2.", std::nullopt},
    {"Exit.", std::nullopt},
    {"Peer is not authorized", std::nullopt},
    {"Call me back", std::nullopt},
};

}  // namespace

struct PppdLogReader::State {
    State(std::istream& in, std::string name) : lines(in, kMaxRecordingLineBytes), file(std::move(name)) {}
    LineSource lines;
    std::string file;
    ReadStats stats;
    Timeline timeline;

    std::optional<Record> read_line(const std::string& line);
};

PppdLogReader::PppdLogReader(std::istream& in, std::string file) : state_(std::make_unique<State>(in, std::move(file))) {}
PppdLogReader::~PppdLogReader() = default;

const ReadStats& PppdLogReader::stats() const { return state_->stats; }

std::optional<Record> PppdLogReader::next() {
    std::string line;
    bool too_long = false;
    while (state_->lines.next(line, too_long)) {
        ReadStats& s = state_->stats;
        ++s.lines;
        if (too_long) {
            ++s.too_long;
            ++s.skipped;
            continue;
        }
        if (trim(line).empty()) {
            ++s.blank;
            ++s.skipped;
            continue;
        }
        auto record = state_->read_line(line);
        if (!record) {
            ++s.skipped;
            continue;
        }
        ++s.recognised;
        ++s.records;
        return record;
    }
    return std::nullopt;
}

std::optional<Record> PppdLogReader::State::read_line(const std::string& line) {
    std::string_view rest = line;
    std::optional<RawStamp> raw = take_syslog_stamp(rest);
    if (!raw) raw = take_rfc3339_stamp(rest);
    // `host pppd[1234]: ` after a stamp; `pppd[1234]: ` alone (logger, journalctl -o cat).
    bool tagged = false;
    std::string_view host;
    {
        std::string_view t = rest;
        if (raw) {
            if (t.empty() || t.front() != ' ') return std::nullopt;
            host = take_word(t);
        }
        std::string_view tag = take_word(t);
        if (ends_with(tag, ":") && starts_with(tag, "pppd") &&
            (tag.size() == 5 || (tag[4] == '[' && ends_with(tag, "]:")))) {
            tagged = true;
            rest = t;
        } else if (raw) {
            return std::nullopt;  // another program's syslog line
        }
    }
    rest = trim(rest);  // `  script pppd (charshunt), pid 704`

    Record record;
    record.source = Source{file, lines.line_number(), lines.line_number()};
    record.recorder = std::string(host);  // the syslog host: several machines' logs in one file
    if (raw) record.time = timeline.place(*raw);
    record.text = redact_secrets(line);

    const bool sent = starts_with(rest, "sent ["), rcvd = starts_with(rest, "rcvd [");
    if (sent || rcvd) {
        auto packet = rebuild_pppd_packet(rest.substr(5));
        if (packet) {
            record.side = sent ? Side::Recorder : Side::Peer;
            record.body = std::move(*packet);
            return record;
        }
        if (!tagged) return std::nullopt;
    }
    for (const auto& m : kMessages) {
        if (!starts_with(rest, m.prefix)) continue;
        if (m.event) {
            CallEvent e;
            e.kind = *m.event;
            if (e.kind == CallEventKind::CallbackPending) e.number = std::string(trim(rest.substr(16)));
            if (e.kind == CallEventKind::AuthenticationFailed) {
                const auto colon = rest.find(": ");
                if (colon != std::string_view::npos) e.reason = redact_secrets(rest.substr(colon + 2));
            }
            if (e.kind == CallEventKind::LinkUp) e.reason = redact_secrets(rest.substr(9));
            record.body = std::move(e);
        } else {
            record.body = Note{redact_secrets(rest)};
        }
        return record;
    }
    if (!tagged) return std::nullopt;
    record.body = Note{redact_secrets(rest)};
    return record;
}

}  // namespace ppp::adapters::recording
