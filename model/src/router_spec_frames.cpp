// RouterSpec, frames at the SUT's port: FCS and header checks (FR-04, FR-11), what each phase
// allows (PH-03, LCP-17, LCP-11), and the dispatch of each decoded packet to its concern.
#include "router_spec_impl.hpp"

namespace ppp::model {

// ----- B-channel frames --------------------------------------------------------------------
void RouterSpec::Impl::on_frame(const wire::PortMessage& f, bool obs) {
    if (obs) exercise({"FR-04", "FR-11", "LCP-02", "ISDN-07"});
    const wire::PortDecoding& decoded = f.decoded();
    if (!decoded.intact) {
        if (obs) violate({"FR-04"}, "frame on " + bname(f.channel) + " with a bad FCS or too short: " + wire::to_hex(f.bytes()));
        else note("stimulus with bad FCS on " + bname(f.channel) + ": the SUT must drop it (FR-04)");
        return;
    }
    const auto& ppp = *decoded.ppp;
    if (!ppp) {
        if (obs) violate({ppp.error().clause.empty() ? "FR-02" : ppp.error().clause}, "undecodable frame: " + ppp.error().to_string());
        // RFC 1662 section 3.1: such a frame is silently discarded; anything the SUT does with it
        // (a delivery, an answer) has no stimulus the oracle knows and fails there.
        else note("undecodable stimulus (" + ppp.error().to_string() + "): the SUT must drop it");
        return;
    }
    if (obs && !wire::protocol_number_valid(ppp.value().protocol)) {
        violate({"FR-11"}, "frame on " + bname(f.channel) + " with protocol number 0x" + hex16(ppp.value().protocol) +
                               ": RFC 1661 section 2 wants the low octet odd and the high octet even");
        return;
    }
    auto it = links.find(f.channel);
    if (it == links.end()) {
        if (obs) violate({"ISDN-07"}, "PPP frame on " + bname(f.channel) + " which is not through-connected");
        else note("frame on " + bname(f.channel) + " with no call: ignored");
        return;
    }
    Link& link = it->second;
    const wire::PppFrame& frame = ppp.value();
    const auto& payload = *decoded.payload;
    if (!payload) {
        if (obs) violate({payload.error().clause.empty() ? "LCP-02" : payload.error().clause},
                         "undecodable packet on " + bname(f.channel) + ": " + payload.error().to_string());
        else {
            if (frame.protocol == wire::proto::kIp) remember_unanswered_echo(link, frame.information, "IP-02");
            note("malformed stimulus on " + bname(f.channel) + " (" + payload.error().to_string() + "): the SUT must drop it, no event");
        }
        return;
    }
    if (obs && frame.information.size() > link.peer_mru)
        violate({"LCP-02", "LCP-14"}, "information field of " + std::to_string(frame.information.size()) +
                                          " octets exceeds the peer's MRU " + std::to_string(link.peer_mru));
    if (obs && link.second_ack) {
        const auto* lcp = std::get_if<wire::LcpPacket>(&payload.value());
        settle_second_ack(link, lcp && lcp->kind() == wire::LcpCode::ConfReq);
    }
    std::visit([&](const auto& p) { packet(link, frame, p, obs); }, payload.value());
}

// Non-LCP packets outside the phases that allow them (LCP-17, PH-03, SEQ-01).
bool RouterSpec::Impl::phase_allows(Link& link, std::uint16_t protocol, bool obs) {
    if (obs) exercise({"LCP-17", "PH-03"});
    if (obs && link.no_ncp) exercise({"SEQ-01"});
    if (obs && protocol == wire::proto::kCbcp) exercise({"CBCP-01"});
    const bool opened = link.fsm.state() == LcpState::Opened;
    const bool auth_proto = protocol == wire::proto::kPap || protocol == wire::proto::kChap;
    if (!opened) {
        if (obs) violate({"LCP-17"}, "non-LCP packet (protocol 0x" + hex16(protocol) + ") sent in LCP state " +
                                         lcp_state_name(link.fsm.state()) + " on " + bname(link.channel));
        else note("non-LCP stimulus before Opened: the SUT must discard it (LCP-17)");
        return false;
    }
    if (auth_proto) return true;
    if (protocol == wire::proto::kCbcp) {
        if (obs && link.proto_rejected.count(protocol)) {
            // RFC 1661 section 5.7: "Upon reception of a Protocol-Reject, the implementation MUST
            // stop sending packets of the indicated protocol at the earliest opportunity."
            violate({"LCP-11", "CBCP-01"}, "CBCP sent again after the peer's Protocol-Reject of it on " + bname(link.channel));
            return false;
        }
        if (!link.auth_complete || !link.cbcp_active) {
            if (obs) violate({"CBCP-01"}, "CBCP sent without an agreed op 6 after authentication on " + bname(link.channel));
            return false;
        }
        return true;
    }
    if (is_ncp_or_data(protocol)) {
        if (obs && link.proto_rejected.count(protocol))
            violate({"LCP-11"}, "protocol 0x" + hex16(protocol) + " sent again after the peer's Protocol-Reject");
        if (!link.auth_complete) {
            if (obs) {
                std::vector<std::string> ids{"PH-03"};
                if (link.no_ncp) ids.push_back("SEQ-01");
                if (link.misnumbered_result_rcvd) ids.push_back("CHAP-04");
                if (link.verdict_before_response_rcvd) ids.push_back("AMB-22");
                violate(ids, "NCP/network packet (protocol 0x" + hex16(protocol) + ") before authentication completed on " +
                                 bname(link.channel) +
                                 (link.misnumbered_result_rcvd ? " (the only CHAP Success answered no Response of the SUT's)" : ""));
            } else {
                note("NCP stimulus before authentication: the SUT must drop it (PH-03)");
            }
            return false;
        }
        if (obs && required_auth_refused(link)) {
            // PH-03, "no NCP before auth completes": RFC 1661 section 3.5, "If an implementation
            // desires that the peer authenticate ..., then it MUST request the use of that
            // authentication protocol"; a peer that refuses the request is authenticated by nothing.
            violate({"PH-03"}, "NCP/network packet (protocol 0x" + hex16(protocol) + ") on " + bname(link.channel) +
                                   " although the peer Configure-Rejected the Authentication-Protocol the SUT is configured "
                                   "to authenticate it with: the peer is not authenticated");
            return false;
        }
        if (obs && link.cbcp_active && network_on_response(link)) {
            note("deviation: NCP/network packet after the CBCP Response 'no callback', before the answerer's Ack "
                 "(MS-CBCP section 3.1.5.3 waits for it; AMB-40)");
            cbcp_done(link, static_cast<std::uint8_t>(wire::CbcpType::NoCallback), *link.cbcp_response);
        }
        if (link.no_ncp || link.cbcp_active) {
            if (obs) violate(link.cbcp_active ? std::vector<std::string>{"SEQ-01", "CBCP-01"} : std::vector<std::string>{"SEQ-01"},
                             "NCP/network packet (protocol 0x" + hex16(protocol) + ") on the first call after callback was agreed");
            else note("NCP stimulus on the first call after callback agreement: the SUT must drop it (SEQ-01)");
            return false;
        }
    }
    return true;
}

// AMB-40: a caller that answered "no callback" may start its network phase without waiting
// for the answerer's Ack (pppd).
bool RouterSpec::Impl::network_on_response(const Link& link) const {
    return role == Role::Client && profile.callback.cbcp_network_on_response && link.cbcp_response &&
           link.cbcp_response->options.size() == 1 &&
           link.cbcp_response->options.front().type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
}

std::string RouterSpec::Impl::hex16(std::uint16_t v) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (int shift = 12; shift >= 0; shift -= 4) s += d[(v >> shift) & 0xF];
    return s;
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame& frame, const wire::LcpPacket& p, bool obs) {
    if (obs) {
        observe_lcp(link, frame, p);
        return;
    }
    link.stimulus_lcp_info = frame.information;
    stimulus_lcp(link, p);
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame&, const wire::ChapPacket& p, bool obs) {
    if (!phase_allows(link, wire::proto::kChap, obs)) return;
    if (obs) observe_chap(link, p);
    else stimulus_chap(link, p);
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame&, const wire::PapPacket& p, bool obs) {
    if (!phase_allows(link, wire::proto::kPap, obs)) return;
    if (obs) observe_pap(link, p);
    else stimulus_pap(link, p);
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame&, const wire::CbcpPacket& p, bool obs) {
    if (!phase_allows(link, wire::proto::kCbcp, obs)) return;
    if (obs) observe_cbcp(link, p);
    else stimulus_cbcp(link, p);
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame&, const wire::IpcpPacket& p, bool obs) {
    if (!phase_allows(link, wire::proto::kIpcp, obs)) return;
    if (obs) observe_ipcp(link, p);
    else stimulus_ipcp(link, p);
}

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame& frame, const wire::UnknownProtocol& p, bool obs) {
    if (obs) {
        phase_allows(link, p.protocol, obs);
        return;
    }
    if (link.fsm.state() != LcpState::Opened) return;  // LCP-11: nothing is rejected outside Opened
    if (!link.auth_complete) {
        // RFC 1661 section 3.5: "Only Link Control Protocol, authentication protocol, and link
        // quality monitoring packets are allowed during this phase. All other packets received
        // during this phase MUST be silently discarded." (PH-03) A Link-Quality-Report (RFC 1989)
        // is allowed: a SUT that does not run LQR may take it as an unknown protocol and
        // Protocol-Reject it, or drop it.
        if (p.protocol == wire::proto::kLqr) {
            note("Link-Quality-Report while authenticating: allowed in this phase (RFC 1661 section 3.5); a Protocol-Reject or nothing");
            return;
        }
        link.discarded_while_authenticating.insert(p.protocol);
        note("packet of protocol 0x" + hex16(p.protocol) + " while authenticating: the SUT must discard it (PH-03)");
        return;
    }
    // RFC 1661 section 5.7: an unknown protocol in Opened gets a Protocol-Reject (LCP-11).
    owe(OutputKind::LcpProtoRej, link.channel, -1, reply_by(), {"LCP-11"},
        "Protocol-Reject of 0x" + hex16(p.protocol) + " on " + bname(link.channel));
    owed.back().rejected = {static_cast<std::uint8_t>(p.protocol >> 8), static_cast<std::uint8_t>(p.protocol & 0xFF)};
    owed.back().rejected.insert(owed.back().rejected.end(), frame.information.begin(), frame.information.end());
}

}  // namespace ppp::model
