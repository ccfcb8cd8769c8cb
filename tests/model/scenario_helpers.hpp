#pragma once
// Frame builders and a labelled trace for the DESIGN.md section 1 scenario, written out by hand
// with the wire encoders (no model code involved in building the expected traffic).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ppp/model/router_spec.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/port.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::model::test {

using wire::Bytes;
using namespace std::chrono_literals;

inline Bytes frame(std::uint16_t protocol, const Bytes& information) {
    return wire::sync_encode(wire::encode_ppp(protocol, information), wire::FcsKind::Fcs16);
}
inline Bytes lcp(std::uint8_t code, std::uint8_t id, std::vector<wire::LcpOption> options = {}) {
    return frame(wire::proto::kLcp, wire::encode_lcp(wire::make_conf(static_cast<wire::LcpCode>(code), id, std::move(options))));
}
inline Bytes lcp_term(std::uint8_t code, std::uint8_t id) {
    return frame(wire::proto::kLcp, wire::encode_lcp(wire::make_term(static_cast<wire::LcpCode>(code), id)));
}
inline Bytes chap(std::uint8_t code, std::uint8_t id, Bytes value, const std::string& name, const std::string& message = "") {
    wire::ChapPacket p;
    p.code = code;
    p.identifier = id;
    p.value = std::move(value);
    p.name = Bytes(name.begin(), name.end());
    p.message = Bytes(message.begin(), message.end());
    return frame(wire::proto::kChap, wire::encode_chap(p));
}
inline Bytes md5(std::uint8_t id, const std::string& secret, const Bytes& challenge) {
    const auto h = wire::chap_md5_response(id, secret, challenge);
    return Bytes(h.begin(), h.end());
}
inline Bytes ipcp(std::uint8_t code, std::uint8_t id, std::uint32_t address) {
    wire::IpcpPacket p;
    p.code = code;
    p.identifier = id;
    p.options.push_back(wire::IpAddressOption{address});
    return frame(wire::proto::kIpcp, wire::encode_ipcp(p));
}
inline wire::Ipv4Packet ping(std::uint32_t from, std::uint32_t to, std::uint8_t type, std::uint16_t seq) {
    wire::Ipv4Packet p;
    p.identification = seq;
    p.source = from;
    p.destination = to;
    p.payload = wire::encode_icmp_echo(wire::IcmpEcho{type, 1, seq, Bytes(36, 0xAB)});
    return p;
}
inline Bytes ip(const wire::Ipv4Packet& p) { return frame(wire::proto::kIp, wire::encode_ipv4(p)); }

// Q.931 (SPEC section 9 layouts).
inline Bytes q931(wire::Q931Type type, std::uint8_t cref, bool from_destination, int channel = -1, bool exclusive = true,
                  const std::string& called = "", const std::string& calling = "", int cause = -1) {
    wire::Q931Message m;
    m.call_reference = cref;
    m.from_destination = from_destination;
    m.type = static_cast<std::uint8_t>(type);
    if (type == wire::Q931Type::Setup) m.bearer = wire::BearerCapability{Bytes{0x88, 0x90}};
    if (channel >= 0) m.channel = wire::ChannelId{static_cast<std::uint8_t>(channel), exclusive, {}};
    if (!calling.empty()) m.calling = wire::PartyNumber{0x80, std::nullopt, calling};
    if (!called.empty()) m.called = wire::PartyNumber{0x80, std::nullopt, called};
    if (cause >= 0) m.cause = wire::CauseIe{0, 0, static_cast<std::uint8_t>(cause), {}};
    return wire::encode_q931(m);
}

// What a step sends, in the trace's shorthand: to_sut(at, BFrame{1, lcp(...)}) is one
// wire::PortMessage, as the lab would feed it to the oracle.
struct BFrame {
    int channel = 1;
    Bytes frame;
};
struct DChannel {
    Bytes q931;
};

struct Step {
    std::string label;
    wire::PortMessage event;
};

inline wire::PortMessage to_sut(Millis at, BFrame f) { return wire::PortMessage::b_frame(at, Direction::ToSut, f.channel, std::move(f.frame)); }
inline wire::PortMessage from_sut(Millis at, BFrame f) { return wire::PortMessage::b_frame(at, Direction::FromSut, f.channel, std::move(f.frame)); }
inline wire::PortMessage to_sut(Millis at, DChannel d) { return wire::PortMessage::q931(at, Direction::ToSut, std::move(d.q931)); }
inline wire::PortMessage from_sut(Millis at, DChannel d) { return wire::PortMessage::q931(at, Direction::FromSut, std::move(d.q931)); }
// IPv4 at the SUT's LAN side: offered to it, or delivered by it.
inline wire::PortMessage offered(Millis at, const wire::Ipv4Packet& p) { return wire::PortMessage::ipv4(at, Direction::ToSut, wire::encode_ipv4(p)); }
inline wire::PortMessage delivered(Millis at, const wire::Ipv4Packet& p) { return wire::PortMessage::ipv4(at, Direction::FromSut, wire::encode_ipv4(p)); }

struct Trace {
    std::vector<Step> steps;
    void add(std::string label, wire::PortMessage e) { steps.push_back({std::move(label), std::move(e)}); }
    std::size_t index(const std::string& label) const {
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (steps[i].label == label) return i;
        ADD_FAILURE() << "no step " << label;
        return steps.size();
    }
    void replace(const std::string& label, wire::PortMessage e) { steps[index(label)].event = std::move(e); }
    void remove(const std::string& label) { steps.erase(steps.begin() + static_cast<std::ptrdiff_t>(index(label))); }
    void insert_after(const std::string& label, std::string new_label, wire::PortMessage e) {
        steps.insert(steps.begin() + static_cast<std::ptrdiff_t>(index(label)) + 1, {std::move(new_label), std::move(e)});
    }
    void cut_after(const std::string& label) { steps.resize(index(label) + 1); }
};

// Feeds every step, then lets time pass to `end`; the judgements are joined.
inline Judgement run(RouterSpec& spec, const Trace& trace, std::optional<Millis> end = std::nullopt) {
    Judgement all;
    auto join = [&](const Judgement& j, const std::string& label) {
        if (!j.conforming) {
            all.conforming = false;
            for (const auto& r : j.requirements)
                if (!all.violates(r)) all.requirements.push_back(r);
            all.explanation += (all.explanation.empty() ? "" : "\n") + label + ": " + j.explanation;
        }
    };
    for (const Step& s : trace.steps) join(spec.on_event(s.event), s.label);
    if (end) join(spec.advance_to(*end), "advance");
    return all;
}

}  // namespace ppp::model::test
