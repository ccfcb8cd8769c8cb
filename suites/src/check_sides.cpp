// Which end sent each PPP frame of a capture that records no direction (DLT 9 and 50 in a pcap,
// a pcapng interface without epb_flags): told from the packets themselves, never guessed.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>
#include <optional>
#include <utility>

#include "ppp/suites/check.hpp"
#include "ppp/wire/framing.hpp"

namespace ppp::suites {

namespace {

// The packet of a frame whose header and payload decoded, whatever its FCS says (a frame sent
// with a bad FCS still came from one end).
template <class Packet>
const Packet* payload_of(const wire::PortDecoding& d) {
    if (!d.payload || !*d.payload) return nullptr;
    return std::get_if<Packet>(&d.payload->value());
}

std::optional<std::uint32_t> magic_option(const wire::LcpPacket& lcp) {
    for (const auto& option : lcp.options)
        if (const auto* magic = std::get_if<wire::MagicNumber>(&option)) return magic->value;
    return std::nullopt;
}

// The Type-Length-Value options after a packet's four-octet header, as far as they are well formed.
std::vector<std::pair<std::uint8_t, wire::Bytes>> options_of(const wire::Bytes& information) {
    std::vector<std::pair<std::uint8_t, wire::Bytes>> options;
    if (information.size() < 4) return options;
    const std::size_t end = std::min<std::size_t>(information.size(), (std::size_t{information[2]} << 8) | information[3]);
    for (std::size_t at = 4; at + 2 <= end;) {
        const std::size_t length = information[at + 1];
        if (length < 2 || at + length > end) break;
        options.emplace_back(information[at], wire::Bytes(information.begin() + static_cast<std::ptrdiff_t>(at),
                                                          information.begin() + static_cast<std::ptrdiff_t>(at + length)));
        at += length;
    }
    return options;
}

// Whether `answer` (code 2 Ack, 3 Nak, 4 Reject) fits `request` (RFC 1661 sections 5.2-5.4).
bool answers_request(std::uint8_t code, const wire::Bytes& answer, const wire::Bytes& request) {
    if (answer.size() < 4 || request.size() < 4) return false;
    const auto answered = options_of(answer);
    const auto asked = options_of(request);
    if (code == 2) return answered == asked;
    if (answered.empty()) return false;
    for (const auto& [type, octets] : answered) {
        const bool found = std::any_of(asked.begin(), asked.end(), [&](const auto& option) {
            return code == 4 ? option.second == octets : option.first == type;
        });
        if (!found) return false;
    }
    return true;
}

}  // namespace

struct FrameSides::Impl {
    SideClues clues;
    bool first_seen = false;
    // RFC 1661 section 6.4: each end's Magic-Number, in its Configure-Requests and the magic field of
    // its Echo and Discard packets.
    std::map<std::uint32_t, bool> magic_is_sut;
    // The last request of each end per (channel, protocol, request code, identifier), as sent
    // (RFC 1661 section 5: an answer carries its request's Identifier, a retransmission repeats it).
    using RequestKey = std::tuple<int, std::uint16_t, std::uint8_t, std::uint8_t>;
    std::map<RequestKey, std::map<bool, wire::Bytes>> requests;  // from_sut -> Information
    // RFC 1661 section 6.2: the end whose Configure-Request carries Authentication-Protocol P is
    // P's authenticator. RFC 1570 section 2: the end that asks for the Callback option is the
    // callback client, so the other end is the CBCP server.
    std::map<std::uint16_t, std::optional<bool>> authenticator_is_sut;  // nullopt: both ends ask
    std::optional<bool> cbcp_server_is_sut;
    bool cbcp_server_ambiguous = false;  // a Callback option was asked by an end not told
    // Requests whose sender was not told, as sent: an answer with their key may answer them.
    std::map<RequestKey, std::vector<wire::Bytes>> untold;
    // An end changes its Magic-Number only when Nak'd on it (RFC 1661 section 6.4, loopback
    // detection): until then, a Configure-Request with another end's number than the one end known
    // is the other end's.
    bool magic_naked = false;
    // RFC 1994 section 4.1: a Challenge's or Response's Name identifies the system transmitting it;
    // RFC 1334 section 2.2.1: a PAP Peer-ID, the peer sending the Authenticate-Request.
    std::map<wire::Bytes, bool> name_is_sut;
    std::optional<bool> by_name(const wire::Bytes& name) const {
        const auto it = name_is_sut.find(name);
        if (name.empty() || it == name_is_sut.end()) return std::nullopt;
        return it->second;
    }

    std::optional<bool> by_magic(std::uint32_t magic) const {
        if (magic == 0) return std::nullopt;  // RFC 1661 section 5.8: zero when not negotiated
        if (clues.sut_magic && *clues.sut_magic == magic) return true;
        const auto it = magic_is_sut.find(magic);
        if (it != magic_is_sut.end()) return it->second;
        return std::nullopt;
    }
    // A Configure-Request's number that no end is known by: the end whose number is unknown.
    std::optional<bool> by_other_magic(std::uint32_t magic) const {
        if (magic == 0 || magic_naked || by_magic(magic)) return std::nullopt;
        std::set<bool> known;
        if (clues.sut_magic) known.insert(true);
        for (const auto& entry : magic_is_sut) known.insert(entry.second);
        if (known.size() != 1) return std::nullopt;
        return !*known.begin();
    }
    // The end that answers: the other end than the request's. When both ends sent a request of this
    // Identifier, the answer's options decide (RFC 1661 sections 5.2-5.4): an Ack repeats its
    // request's options, a Reject holds some of them as sent, a Nak names some of their types.
    std::optional<bool> answering(const RequestKey& key, std::uint8_t answer_code, const wire::Bytes& answer) const {
        const auto it = requests.find(key);
        if (it == requests.end()) return std::nullopt;
        const bool by_options = (std::get<1>(key) == wire::proto::kLcp || std::get<1>(key) == wire::proto::kIpcp) &&
                                std::get<2>(key) == 1;
        const auto not_told = untold.find(key);
        // Both ends asked, or one end not told did: only the options can tell.
        if ((it->second.size() > 1 || not_told != untold.end()) && !by_options) return std::nullopt;
        // An answer that fits a request whose sender is not told may be its answer.
        if (not_told != untold.end())
            for (const wire::Bytes& request : not_told->second)
                if (answers_request(answer_code, answer, request)) return std::nullopt;
        std::optional<bool> asker;
        for (const auto& [from_sut, request] : it->second) {
            if (by_options && !answers_request(answer_code, answer, request)) continue;
            if (asker) return std::nullopt;  // both requests fit: not told
            asker = from_sut;
        }
        if (!asker) return std::nullopt;
        return !*asker;
    }
    std::optional<bool> retransmitting(const RequestKey& key, const wire::Bytes& information) const {
        const auto it = requests.find(key);
        if (it == requests.end()) return std::nullopt;
        std::optional<bool> sender;
        for (const auto& [from_sut, request] : it->second) {
            if (request != information) continue;
            if (sender) return std::nullopt;  // both ends sent these very octets
            sender = from_sut;
        }
        return sender;
    }
    std::optional<bool> authenticator(std::uint16_t protocol) const {
        const auto it = authenticator_is_sut.find(protocol);
        return it == authenticator_is_sut.end() ? std::nullopt : it->second;
    }
    static std::optional<bool> other(std::optional<bool> side) {
        if (!side) return std::nullopt;
        return !*side;
    }
};

FrameSides::FrameSides(SideClues clues) : impl_(std::make_unique<Impl>()) { impl_->clues = clues; }
FrameSides::~FrameSides() = default;

std::optional<bool> FrameSides::from_sut(const wire::PortMessage& message, std::string& why) {
    Impl& s = *impl_;
    const wire::PortDecoding& d = message.decoded();
    const bool first = !s.first_seen;
    s.first_seen = true;
    if (!d.ppp || !*d.ppp) {
        why = "its sender is not told: the frame's header does not decode";
        return std::nullopt;
    }
    const std::uint16_t protocol = d.ppp->value().protocol;
    const wire::Bytes& information = d.ppp->value().information;
    // Per packet: the code that asks, the code an answer answers, and the clues in order of strength.
    std::optional<bool> side;
    std::optional<std::uint8_t> request_code;  // this packet is a request of this code
    std::uint8_t identifier = 0;
    const auto key = [&](std::uint8_t code) { return Impl::RequestKey{message.channel, protocol, code, identifier}; };
    const std::uint8_t code = information.empty() ? 0 : information[0];
    const auto answers = [&](std::uint8_t asked) { return s.answering(key(asked), code, information); };
    const auto repeats = [&](std::uint8_t asked) { return s.retransmitting(key(asked), information); };
    if (const auto* lcp = payload_of<wire::LcpPacket>(d); lcp && protocol == wire::proto::kLcp) {
        identifier = lcp->identifier;
        using C = wire::LcpCode;
        switch (static_cast<C>(lcp->code)) {
            case C::ConfReq:
                request_code = lcp->code;
                if (const auto magic = magic_option(*lcp)) side = s.by_magic(*magic);
                if (!side) side = repeats(lcp->code);
                if (const auto magic = magic_option(*lcp); !side && magic) side = s.by_other_magic(*magic);
                break;
            case C::ConfAck:
            case C::ConfNak:
            case C::ConfRej: side = answers(static_cast<std::uint8_t>(C::ConfReq)); break;
            case C::TermReq:
                request_code = lcp->code;
                side = repeats(lcp->code);
                break;
            case C::TermAck: side = answers(static_cast<std::uint8_t>(C::TermReq)); break;
            case C::EchoReq:
            case C::DiscardReq:
            case C::Identification:
            case C::TimeRemaining:
                request_code = lcp->code;
                side = s.by_magic(lcp->magic);
                if (!side) side = repeats(lcp->code);
                break;
            case C::EchoReply:
                side = s.by_magic(lcp->magic);
                if (!side) side = answers(static_cast<std::uint8_t>(C::EchoReq));
                break;
            default: break;  // Code-Reject, Protocol-Reject: the rejected packet's sender is not stored
        }
    } else if (const auto* ipcp = payload_of<wire::IpcpPacket>(d); ipcp && protocol == wire::proto::kIpcp) {
        identifier = ipcp->identifier;
        if (ipcp->code == 1 || ipcp->code == 5) {  // Configure-Request, Terminate-Request
            request_code = ipcp->code;
            side = repeats(ipcp->code);
        } else if (ipcp->code >= 2 && ipcp->code <= 4) {
            side = answers(1);
        } else if (ipcp->code == 6) {
            side = answers(5);
        }
    } else if (const auto* chap = payload_of<wire::ChapPacket>(d); chap && protocol == wire::proto::kChap) {
        // RFC 1994 section 4: the authenticator sends Challenge, Success and Failure; the peer the Response.
        identifier = chap->identifier;
        const auto authenticator = s.authenticator(wire::proto::kChap);
        if (chap->code == 1) {
            request_code = chap->code;
            side = authenticator ? authenticator : s.by_name(chap->name);
            if (!side) side = repeats(chap->code);
        } else if (chap->code == 2) {
            request_code = chap->code;
            side = authenticator ? Impl::other(authenticator) : s.by_name(chap->name);
            if (!side) side = answers(1);
        } else if (chap->code == 3 || chap->code == 4) {
            side = authenticator ? authenticator : answers(2);
        }
    } else if (const auto* pap = payload_of<wire::PapPacket>(d); pap && protocol == wire::proto::kPap) {
        // RFC 1334 section 2.2: the peer sends Authenticate-Request, the authenticator Ack and Nak.
        identifier = pap->identifier;
        const auto authenticator = s.authenticator(wire::proto::kPap);
        if (pap->code == 1) {
            request_code = pap->code;
            side = authenticator ? Impl::other(authenticator) : s.by_name(pap->peer_id);
            if (!side) side = repeats(pap->code);
        } else if (pap->code == 2 || pap->code == 3) {
            side = authenticator ? authenticator : answers(1);
        }
    } else if (const auto* cbcp = payload_of<wire::CbcpPacket>(d); cbcp && protocol == wire::proto::kCbcp) {
        // SPEC CBCP: the server sends Callback Request and Ack, the client the Response.
        identifier = cbcp->identifier;
        const auto server = s.cbcp_server_ambiguous ? std::nullopt : s.cbcp_server_is_sut;
        if (cbcp->code == 1 || cbcp->code == 3) side = server;
        else if (cbcp->code == 2) side = Impl::other(server);
        if (!side && cbcp->code == 1) side = repeats(1);
        if (!side && cbcp->code == 2) side = answers(1);
        if (!side && cbcp->code == 3) side = answers(2);
        if (cbcp->code == 1 || cbcp->code == 2) request_code = cbcp->code;
    }
    if (!side && first && s.clues.first_is_sut) side = s.clues.first_is_sut;
    if (!side) {
        // What an untold packet still says: its request may be answered, the roles it asks for
        // may be either end's.
        if (request_code) s.untold[key(*request_code)].push_back(information);
        const auto* lcp = payload_of<wire::LcpPacket>(d);
        if (lcp && protocol == wire::proto::kLcp && lcp->code == static_cast<std::uint8_t>(wire::LcpCode::ConfReq)) {
            for (const auto& option : lcp->options) {
                if (const auto* auth = std::get_if<wire::AuthProtocol>(&option)) s.authenticator_is_sut[auth->protocol].reset();
                if (std::holds_alternative<wire::Callback>(option)) s.cbcp_server_ambiguous = true;
            }
        }
        why = "its sender is not told (no Magic-Number of a known end, no request of a known end that it answers or "
              "repeats, no role of a known end)";
        return std::nullopt;
    }
    // What this packet teaches about its sender, for the packets after it.
    if (request_code) s.requests[key(*request_code)][*side] = information;
    if (const auto* lcp = payload_of<wire::LcpPacket>(d); lcp && protocol == wire::proto::kLcp) {
        const bool request = lcp->code == static_cast<std::uint8_t>(wire::LcpCode::ConfReq);
        std::optional<std::uint32_t> magic = request ? magic_option(*lcp) : std::nullopt;
        if (lcp->code >= static_cast<std::uint8_t>(wire::LcpCode::EchoReq) && lcp->magic != 0) magic = lcp->magic;
        if (magic && *magic != 0) s.magic_is_sut.emplace(*magic, *side);
        if (lcp->code == static_cast<std::uint8_t>(wire::LcpCode::ConfNak) && magic_option(*lcp)) s.magic_naked = true;
        if (request) {
            for (const auto& option : lcp->options) {
                if (const auto* auth = std::get_if<wire::AuthProtocol>(&option)) {
                    const auto known = s.authenticator_is_sut.find(auth->protocol);
                    if (known == s.authenticator_is_sut.end()) s.authenticator_is_sut.emplace(auth->protocol, *side);
                    else if (known->second && *known->second != *side) known->second.reset();  // both ends authenticate
                }
                if (std::holds_alternative<wire::Callback>(option)) s.cbcp_server_is_sut = !*side;
            }
        }
    }
    if (const auto* chap = payload_of<wire::ChapPacket>(d); chap && protocol == wire::proto::kChap && chap->code <= 2)
        s.name_is_sut.emplace(chap->name, *side);
    if (const auto* pap = payload_of<wire::PapPacket>(d); pap && protocol == wire::proto::kPap && pap->code == 1)
        s.name_is_sut.emplace(pap->peer_id, *side);
    if (protocol == wire::proto::kCbcp && !s.cbcp_server_is_sut) {
        if (const auto* cbcp = payload_of<wire::CbcpPacket>(d)) {
            if (cbcp->code == 1 || cbcp->code == 3) s.cbcp_server_is_sut = *side;
            if (cbcp->code == 2) s.cbcp_server_is_sut = !*side;
        }
    }
    return side;
}

}  // namespace ppp::suites
