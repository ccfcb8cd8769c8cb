#pragma once
// RapidCheck generators for every typed packet of ppp::wire, shared by the wire unit tests, the
// differential tests (tshark, scapy), the fuzzers' seed corpus and the engine's commands.
//
// Every generated value is well formed: encode() gives bytes that decode() returns as an equal
// value (decode(encode(p)) == p). In particular
//   - RawOption / IpcpRawOption carry an unknown type or a length that does not fit the type;
//   - CBCP options without a delay carry no address, and `trailing` never parses as an address;
//   - Q.931 RawIe ids never collide with the typed IEs nor with codeset shifts (0x9n), and
//     PartyNumber::type_plan carries the extension bit that matches `presentation`.
// Include <rapidcheck.h> (and <gtest/gtest.h> first when used with rapidcheck/gtest.h).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::wire::gen {

// One of a few listed octets / 16-bit values (rc::gen::element would narrow int literals).
inline rc::Gen<std::uint8_t> pick8(std::initializer_list<std::uint8_t> values) {
    return rc::gen::elementOf(std::vector<std::uint8_t>(values));
}
inline rc::Gen<std::uint16_t> pick16(std::initializer_list<std::uint16_t> values) {
    return rc::gen::elementOf(std::vector<std::uint16_t>(values));
}

// Octet strings of 0..max_size octets (shrink towards shorter and smaller).
inline rc::Gen<Bytes> bytes(std::size_t max_size = 16) {
    return rc::gen::exec([max_size] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max_size + 1);
        return *rc::gen::container<Bytes>(n, rc::gen::arbitrary<std::uint8_t>());
    });
}

// Mostly printable ASCII text (names, messages), 0..max_size characters, never NUL.
inline rc::Gen<std::string> text(std::size_t max_size = 12) {
    return rc::gen::exec([max_size] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max_size + 1);
        return *rc::gen::container<std::string>(
            n, rc::gen::weightedOneOf<char>({{8, rc::gen::inRange<char>(' ', '~' + 1)},
                                             {1, rc::gen::map(rc::gen::inRange<int>(1, 256), [](int c) {
                                                  return static_cast<char>(static_cast<unsigned char>(c));
                                              })}}));
    });
}

inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// Dial digits as carried by Callback messages, CBCP addresses and Q.931 numbers.
inline rc::Gen<std::string> digits(std::size_t max_size = 12) {
    return rc::gen::exec([max_size] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max_size + 1);
        return *rc::gen::container<std::string>(
            n, rc::gen::elementOf(std::string("0123456789*#")));
    });
}

// ---------------------------------------------------------------------------------------- LCP

// One LCP option of every kind, incl. RawOption for unknown types and misfit lengths.
inline rc::Gen<LcpOption> lcp_option() {
    using rc::gen::arbitrary;
    return rc::gen::oneOf(
        rc::gen::exec([]() -> LcpOption { return Mru{*arbitrary<std::uint16_t>()}; }),
        rc::gen::exec([]() -> LcpOption { return Accm{*arbitrary<std::uint32_t>()}; }),
        rc::gen::exec([]() -> LcpOption {
            switch (*rc::gen::inRange(0, 3)) {
            case 0: return AuthProtocol{proto::kPap, {}};
            case 1: return AuthProtocol{proto::kChap, {kChapMd5}};
            default: return AuthProtocol{*arbitrary<std::uint16_t>(), *bytes(6)};
            }
        }),
        rc::gen::exec([]() -> LcpOption {
            return QualityProtocol{*pick16({proto::kLqr, 0xC02B}),
                                   *bytes(8)};
        }),
        rc::gen::exec([]() -> LcpOption { return MagicNumber{*arbitrary<std::uint32_t>()}; }),
        rc::gen::just<LcpOption>(Pfc{}),
        rc::gen::just<LcpOption>(Acfc{}),
        rc::gen::exec([]() -> LcpOption {
            return FcsAlternatives{*pick8({1, 2, 4, 6, 7})};
        }),
        rc::gen::exec([]() -> LcpOption { return SelfDescribingPadding{*arbitrary<std::uint8_t>()}; }),
        rc::gen::exec([]() -> LcpOption {
            const auto op = *rc::gen::inRange<std::uint8_t>(0, 8);
            const bool numeric = op == 1 || op == 3;
            return Callback{op, numeric ? to_bytes(*digits()) : *bytes(12)};
        }),
        rc::gen::just<LcpOption>(CompoundFrames{}),
        rc::gen::exec([]() -> LcpOption {
            // Unknown option types keep any data.
            const auto type = *pick8({0, 6, 11, 12, 14, 16, 17, 18, 19,
                                                              23, 27, 30, 0x80, 0xFF});
            return RawOption{type, *bytes(12)};
        }),
        rc::gen::exec([]() -> LcpOption {
            // Known types whose length does not fit: decoded as RawOption, kept byte for byte.
            switch (*rc::gen::inRange(0, 6)) {
            case 0: return RawOption{lcp_opt::kMru, *rc::gen::element(Bytes{}, Bytes{5}, Bytes{5, 0xDC, 0})};
            case 1: return RawOption{lcp_opt::kMagicNumber, *rc::gen::element(Bytes{}, Bytes{1, 2, 3}, Bytes{1, 2, 3, 4, 5})};
            case 2: return RawOption{lcp_opt::kCallback, {}};  // `0D 02` (FreeBSD CN, AMB-03)
            case 3: return RawOption{lcp_opt::kAuthProtocol, *rc::gen::element(Bytes{}, Bytes{0xC0})};
            case 4: return RawOption{lcp_opt::kPfc, Bytes{*arbitrary<std::uint8_t>()}};
            default: return RawOption{lcp_opt::kFcsAlternatives, {}};
            }
        }));
}

inline rc::Gen<std::vector<LcpOption>> lcp_options(std::size_t max_count = 6) {
    return rc::gen::exec([max_count] {
        const auto n = *rc::gen::inRange<std::size_t>(0, max_count + 1);
        return *rc::gen::container<std::vector<LcpOption>>(n, lcp_option());
    });
}

// Padding past Length (LCP-02): usually none.
inline rc::Gen<Bytes> padding() {
    return rc::gen::weightedOneOf<Bytes>({{6, rc::gen::just(Bytes{})}, {1, bytes(4)}});
}

// LCP packets of every code 1-13 plus unknown codes; fields the code does not carry stay default.
inline rc::Gen<LcpPacket> lcp_packet() {
    return rc::gen::exec([] {
        LcpPacket p;
        p.code = *rc::gen::weightedOneOf<std::uint8_t>(
            {{13, rc::gen::inRange<std::uint8_t>(1, 14)},
             {1, pick8({0, 14, 15, 0x80, 0xFF})}});
        p.identifier = *rc::gen::arbitrary<std::uint8_t>();
        switch (p.code) {
        case 1: case 2: case 3: case 4: p.options = *lcp_options(); break;
        case 8:
            p.rejected_protocol = *pick16({proto::kIpcp, proto::kCbcp,
                                                                    proto::kCcp, 0x8057});
            p.data = *bytes(12);
            break;
        case 9: case 10: case 11: case 12:
            p.magic = *rc::gen::arbitrary<std::uint32_t>();
            p.data = p.code == 12 ? to_bytes(*text(20)) : *bytes(12);
            break;
        case 13:
            p.magic = *rc::gen::arbitrary<std::uint32_t>();
            p.seconds_remaining = *rc::gen::arbitrary<std::uint32_t>();
            p.data = to_bytes(*text(16));
            break;
        default: p.data = *bytes(16); break;
        }
        p.padding = *padding();
        return p;
    });
}

// --------------------------------------------------------------------------------- PAP / CHAP

inline rc::Gen<PapPacket> pap_packet() {
    return rc::gen::exec([] {
        PapPacket p;
        p.code = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, rc::gen::inRange<std::uint8_t>(1, 4)}, {1, pick8({0, 4, 0xFF})}});
        p.identifier = *rc::gen::arbitrary<std::uint8_t>();
        if (p.code == 1) {
            p.peer_id = to_bytes(*text());
            p.password = to_bytes(*text());
        } else if (p.code == 2 || p.code == 3) {
            p.message = to_bytes(*text(20));
        }
        // Known codes: octets inside Length after the fields; unknown codes: the whole body.
        p.data = *rc::gen::weightedOneOf<Bytes>({{5, rc::gen::just(Bytes{})}, {1, bytes(6)}});
        p.padding = *padding();
        return p;
    });
}

inline rc::Gen<ChapPacket> chap_packet() {
    return rc::gen::exec([] {
        ChapPacket p;
        p.code = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, rc::gen::inRange<std::uint8_t>(1, 5)}, {1, pick8({0, 5, 0xFF})}});
        p.identifier = *rc::gen::arbitrary<std::uint8_t>();
        if (p.code == 1 || p.code == 2) {
            p.value = *rc::gen::weightedOneOf<Bytes>(
                {{3, rc::gen::container<Bytes>(16, rc::gen::arbitrary<std::uint8_t>())}, {1, bytes(40)}});
            p.name = to_bytes(*text());
        } else {
            p.message = to_bytes(*text(20));
        }
        p.padding = *padding();
        return p;
    });
}

// ---------------------------------------------------------------------------------------- CBCP

inline rc::Gen<CbcpOption::Address> cbcp_address() {
    return rc::gen::exec([] {
        CbcpOption::Address a;
        a.type = *rc::gen::weightedOneOf<std::uint8_t>(
            {{6, rc::gen::just(kCbcpAddressPstn)}, {1, rc::gen::arbitrary<std::uint8_t>()}});
        a.number = *digits();
        return a;
    });
}

inline rc::Gen<CbcpOption> cbcp_option() {
    return rc::gen::exec([] {
        CbcpOption o;
        o.type = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, rc::gen::inRange<std::uint8_t>(1, 5)}, {1, rc::gen::arbitrary<std::uint8_t>()}});
        // Only `01 02` (no callback) may lack the delay; pppd 1999 sent `01 03 00` (AMB-11).
        o.has_delay = o.type != 1 || *rc::gen::arbitrary<bool>();
        if (!o.has_delay) return o;
        o.delay = *rc::gen::arbitrary<std::uint8_t>();
        if (o.type == 2 || o.type == 4 || o.type > 4) {
            const auto n = *rc::gen::inRange<std::size_t>(o.type == 2 ? 1 : 0, o.type == 2 ? 2 : 4);
            o.addresses = *rc::gen::container<std::vector<CbcpOption::Address>>(n, cbcp_address());
        }
        // Trailing octets that cannot parse as `AddrType Address NUL`: one octet, or no NUL
        // after the first octet.
        if (*rc::gen::inRange(0, 8) == 0) {
            o.trailing.push_back(*rc::gen::arbitrary<std::uint8_t>());
            const auto more = *rc::gen::container<Bytes>(
                *rc::gen::inRange<std::size_t>(0, 4), rc::gen::inRange<std::uint8_t>(1, 255));
            o.trailing.insert(o.trailing.end(), more.begin(), more.end());
        }
        return o;
    });
}

inline rc::Gen<CbcpPacket> cbcp_packet() {
    return rc::gen::exec([] {
        CbcpPacket p;
        p.code = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, rc::gen::inRange<std::uint8_t>(1, 4)}, {1, pick8({0, 4, 0xFF})}});
        p.identifier = *rc::gen::arbitrary<std::uint8_t>();
        const auto n = *rc::gen::inRange<std::size_t>(0, 4);
        p.options = *rc::gen::container<std::vector<CbcpOption>>(n, cbcp_option());
        p.padding = *padding();
        return p;
    });
}

// ---------------------------------------------------------------------------------------- IPCP

inline rc::Gen<IpcpOption> ipcp_option() {
    return rc::gen::oneOf(
        rc::gen::exec([]() -> IpcpOption { return IpAddressOption{*rc::gen::arbitrary<std::uint32_t>()}; }),
        rc::gen::exec([]() -> IpcpOption {
            // Van Jacobson compression (2), old IP-Addresses (1), DNS (129/131): kept raw.
            return IpcpRawOption{*pick8({1, 2, 4, 129, 130, 131, 132}),
                                 *bytes(10)};
        }),
        rc::gen::exec([]() -> IpcpOption {
            return IpcpRawOption{ipcp_opt::kIpAddress,
                                 *rc::gen::element(Bytes{}, Bytes{192, 0, 2}, Bytes{192, 0, 2, 1, 0})};
        }));
}

inline rc::Gen<IpcpPacket> ipcp_packet() {
    return rc::gen::exec([] {
        IpcpPacket p;
        p.code = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, rc::gen::inRange<std::uint8_t>(1, 8)}, {1, pick8({0, 8, 0xFF})}});
        p.identifier = *rc::gen::arbitrary<std::uint8_t>();
        if (p.code >= 1 && p.code <= 4) {
            const auto n = *rc::gen::inRange<std::size_t>(0, 4);
            p.options = *rc::gen::container<std::vector<IpcpOption>>(n, ipcp_option());
        } else {
            p.data = *bytes(12);
        }
        p.padding = *padding();
        return p;
    });
}

// ---------------------------------------------------------------------------------- IPv4 / ICMP

inline rc::Gen<IcmpEcho> icmp_echo() {
    return rc::gen::exec([] {
        IcmpEcho e;
        e.type = *rc::gen::element(kIcmpEchoRequest, kIcmpEchoReply);
        e.identifier = *rc::gen::arbitrary<std::uint16_t>();
        e.sequence = *rc::gen::arbitrary<std::uint16_t>();
        e.data = *bytes(64);
        return e;
    });
}

// An IPv4 datagram carrying an ICMP echo request or reply (checksums computed by encode).
inline rc::Gen<Ipv4Packet> ipv4_icmp_packet() {
    return rc::gen::exec([] {
        Ipv4Packet p;
        p.tos = *rc::gen::arbitrary<std::uint8_t>();
        p.identification = *rc::gen::arbitrary<std::uint16_t>();
        p.ttl = *rc::gen::arbitrary<std::uint8_t>();
        p.protocol = kIpProtoIcmp;
        p.source = *rc::gen::arbitrary<std::uint32_t>();
        p.destination = *rc::gen::arbitrary<std::uint32_t>();
        p.payload = encode_icmp_echo(*icmp_echo());
        return p;
    });
}

// --------------------------------------------------------------------------------------- Q.931

inline rc::Gen<PartyNumber> party_number(bool calling) {
    return rc::gen::exec([calling] {
        PartyNumber n;
        if (calling && *rc::gen::arbitrary<bool>()) {
            n.presentation = *pick8({0x80, 0x81, 0xA0, 0xA3});
        }
        const auto ton_npi = *pick8({0x00, 0x01, 0x21, 0x41, 0x11});
        n.type_plan = static_cast<std::uint8_t>(ton_npi | (n.presentation ? 0x00 : 0x80));
        n.digits = *digits();
        return n;
    });
}

inline rc::Gen<CauseIe> cause_ie() {
    return rc::gen::exec([] {
        CauseIe c;
        c.coding_standard = *rc::gen::weightedOneOf<std::uint8_t>(
            {{6, rc::gen::just<std::uint8_t>(0)}, {1, rc::gen::inRange<std::uint8_t>(0, 4)}});
        c.location = *rc::gen::weightedOneOf<std::uint8_t>(
            {{6, pick8({0, 2})}, {1, rc::gen::inRange<std::uint8_t>(0, 16)}});
        c.value = *rc::gen::weightedOneOf<std::uint8_t>(
            {{6, pick8({16, 17, 18, 19, 21, 34, 88})},
             {1, rc::gen::inRange<std::uint8_t>(0, 128)}});
        c.diagnostics = *rc::gen::weightedOneOf<Bytes>({{4, rc::gen::just(Bytes{})}, {1, bytes(3)}});
        return c;
    });
}

inline rc::Gen<ChannelId> channel_id() {
    return rc::gen::exec([] {
        ChannelId c;
        c.channel = *rc::gen::inRange<std::uint8_t>(0, 4);
        c.exclusive = *rc::gen::arbitrary<bool>();
        c.extra = *rc::gen::weightedOneOf<Bytes>({{6, rc::gen::just(Bytes{})}, {1, bytes(2)}});
        return c;
    });
}

// IEs kept raw: single-octet IEs other than codeset shifts, and variable IEs without a type here.
inline rc::Gen<RawIe> raw_ie() {
    return rc::gen::oneOf(
        rc::gen::exec([] {
            return RawIe{*pick8({q931_ie::kSendingComplete, 0xA0, 0xA2,
                                                         0xB1, 0xD1, 0x81}),
                         {}};
        }),
        rc::gen::exec([] {
            return RawIe{*pick8({0x14, 0x1C, 0x1E, 0x27, 0x2C, 0x34, 0x6D,
                                                         0x71, 0x74, 0x7C, 0x7D, 0x7E}),
                         *bytes(8)};
        }));
}

inline rc::Gen<Q931Message> q931_message() {
    return rc::gen::exec([] {
        Q931Message m;
        m.dummy_call_reference = *rc::gen::weightedOneOf<bool>(
            {{12, rc::gen::just(false)}, {1, rc::gen::just(true)}});
        if (!m.dummy_call_reference) {
            m.call_reference = *rc::gen::inRange<std::uint8_t>(0, 128);
            m.from_destination = *rc::gen::arbitrary<bool>();
        }
        m.type = *rc::gen::weightedOneOf<std::uint8_t>(
            {{8, pick8({0x01, 0x02, 0x03, 0x05, 0x07, 0x0D, 0x0F, 0x45,
                                                0x4D, 0x5A, 0x7B, 0x7D, 0x75, 0x46, 0x4E, 0x6E})},
             {1, rc::gen::inRange<std::uint8_t>(0, 0x80)}});
        if (*rc::gen::arbitrary<bool>()) {
            m.bearer = BearerCapability{*rc::gen::element(Bytes{0x88, 0x90}, Bytes{0x80, 0x90, 0xA3},
                                                          Bytes{0x88, 0x90, 0x21, 0x8F})};
        }
        if (*rc::gen::arbitrary<bool>()) m.cause = *cause_ie();
        if (*rc::gen::arbitrary<bool>()) m.channel = *channel_id();
        if (*rc::gen::arbitrary<bool>()) m.calling = *party_number(true);
        if (*rc::gen::arbitrary<bool>()) m.called = *party_number(false);
        if (*rc::gen::arbitrary<bool>()) m.display = *text();
        m.others = *rc::gen::container<std::vector<RawIe>>(*rc::gen::inRange<std::size_t>(0, 3),
                                                           raw_ie());
        // Sometimes an explicit, shuffled IE order (as a decoder would record it).
        if (*rc::gen::arbitrary<bool>()) {
            std::vector<std::uint8_t> order;
            if (m.bearer) order.push_back(q931_ie::kBearerCapability);
            if (m.cause) order.push_back(q931_ie::kCause);
            if (m.channel) order.push_back(q931_ie::kChannelId);
            if (m.display) order.push_back(q931_ie::kDisplay);
            if (m.calling) order.push_back(q931_ie::kCallingNumber);
            if (m.called) order.push_back(q931_ie::kCalledNumber);
            for (const auto& ie : m.others) order.push_back(ie.id);
            for (std::size_t i = order.size(); i > 1; --i) {
                std::swap(order[i - 1], order[*rc::gen::inRange<std::size_t>(0, i)]);
            }
            m.ie_order = order;
        }
        return m;
    });
}

// ------------------------------------------------------------------------------ any PPP payload

inline rc::Gen<PppPayload> ppp_payload() {
    return rc::gen::oneOf(
        rc::gen::map(lcp_packet(), [](LcpPacket p) { return PppPayload{std::move(p)}; }),
        rc::gen::map(pap_packet(), [](PapPacket p) { return PppPayload{std::move(p)}; }),
        rc::gen::map(chap_packet(), [](ChapPacket p) { return PppPayload{std::move(p)}; }),
        rc::gen::map(cbcp_packet(), [](CbcpPacket p) { return PppPayload{std::move(p)}; }),
        rc::gen::map(ipcp_packet(), [](IpcpPacket p) { return PppPayload{std::move(p)}; }),
        rc::gen::map(ipv4_icmp_packet(), [](Ipv4Packet p) { return PppPayload{std::move(p)}; }));
}

// A frame body (Address .. Information) for a generated payload; LCP never compressed (FR-10).
inline rc::Gen<Bytes> ppp_frame_body() {
    return rc::gen::exec([] {
        const auto payload = *ppp_payload();
        HeaderCompression hc;
        hc.acfc = *rc::gen::arbitrary<bool>();
        hc.pfc = *rc::gen::arbitrary<bool>();
        return encode_ppp(payload_protocol(payload), encode_payload(payload), hc);
    });
}

}  // namespace ppp::wire::gen

// RapidCheck prints counterexamples through showValue (found by ADL): RFC vocabulary + hex.
namespace ppp::wire {
inline void showValue(const LcpOption& o, std::ostream& os) { os << describe(o) << " [" << to_hex(encode_option(o)) << ']'; }
inline void showValue(const LcpPacket& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_lcp(p)) << ']'; }
inline void showValue(const PapPacket& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_pap(p)) << ']'; }
inline void showValue(const ChapPacket& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_chap(p)) << ']'; }
inline void showValue(const CbcpPacket& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_cbcp(p)) << ']'; }
inline void showValue(const IpcpPacket& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_ipcp(p)) << ']'; }
inline void showValue(const Ipv4Packet& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_ipv4(p)) << ']'; }
inline void showValue(const Q931Message& m, std::ostream& os) { os << describe(m) << " [" << to_hex(encode_q931(m)) << ']'; }
inline void showValue(const PppPayload& p, std::ostream& os) { os << describe(p) << " [" << to_hex(encode_payload(p)) << ']'; }
}  // namespace ppp::wire
