// RouterSpec, IP traffic: the dialer's rules (DDR-01..06: interesting traffic, dial, deliver, idle
// and fast-idle) and the router's own IP (IP-01..06: Echo server, header validation, TTL, fragments,
// precedence, a Request's low TTL).
#include "router_spec_impl.hpp"

namespace ppp::model {

void RouterSpec::Impl::packet(Link& link, const wire::PppFrame& frame, const wire::Ipv4Packet& p, bool obs) {
    if (!phase_allows(link, wire::proto::kIp, obs)) return;
    const bool up = link.ipcp_sut_acked && link.ipcp_peer_acked;
    if (obs) {
        if (!up) {
            if (link.invalid_ipcp_ack_rcvd && link.ipcp_peer_acked)
                violate({"IP-08", "PH-03"}, "IP datagram sent on " + bname(link.channel) +
                                                " after an IPCP Configure-Ack that altered the SUT's Request, which it must discard: IPCP is not Opened");
            else
                violate({"PH-03"}, "IP datagram sent before IPCP reached Opened on " + bname(link.channel));
            return;
        }
        link.last_interesting = now;
        // RFC 1122 section 3.2.1.7: "A host MUST NOT send a datagram with a Time-to-Live (TTL) value of zero."
        if (p.ttl == 0) violate({"IP-03"}, "datagram sent with TTL 0: " + wire::describe(p));
        if (sent_on_another_destinations_link(link, p)) return;
        if (sent_after_drop(link, p)) return;
        if (!judge_echo_reply(link, p) && !take(OutputKind::IpDatagram, link.channel))
            note("IP datagram sent without a matching offered packet: " + wire::describe(p));
    } else {
        if (!up) {
            note("IP stimulus before IPCP Opened: the SUT must drop it");
            return;
        }
        peer_packets.push_back(p);
        if (p.destination == pixit.own_address) {
            // For the router itself: an Echo-Request is answered (IP-01), anything else goes to
            // its own stack. Delivery on the LAN is allowed, not owed.
            owe_echo_reply(link, p, frame.information);
            note("IP datagram for the SUT's own address: delivery allowed, not owed");
            return;
        }
        owe(OutputKind::Delivery, 0, -1, reply_by(), {"DDR-01"}, std::string());
        owed.back().delivery = p;
    }
}

// DDR-02: the dialer routes a datagram by its dialer map, to that map's number: one for another
// map's next hop (a third router sharing the BRI) never rides the link of a call to another number.
bool RouterSpec::Impl::sent_on_another_destinations_link(const Link& link, const wire::Ipv4Packet& p) {
    const auto other = pixit.other_dialer_maps.find(p.destination);
    if (other == pixit.other_dialer_maps.end()) return false;
    const auto call = std::find_if(calls.begin(), calls.end(), [&](const auto& c) { return c.second.channel == link.channel; });
    if (call == calls.end() || call->second.number.empty() || call->second.number == other->second) return false;
    violate({"DDR-02"}, "datagram for " + wire::ipv4_to_string(p.destination) + ", whose dialer map dials " + other->second +
                            ", sent on " + bname(link.channel) + ", the call with " + call->second.number + ": " + wire::describe(p));
    return true;
}

// ----- the router's own IP (IP-01..06) ---------------------------------------------------
namespace {
constexpr std::uint8_t kPrecedence = 0xE0;  // the TOS octet's top three bits (RFC 791 section 3.1)
}  // namespace

// RFC 1812 section 4.3.3.6: "A router MUST implement an ICMP Echo server function"; the Reply
// goes from the Request's destination to its source with its Identifier, Sequence Number and
// data ("Data received in an ICMP Echo Request MUST be entirely included").
void RouterSpec::Impl::owe_echo_reply(Link& link, const wire::Ipv4Packet& request, const wire::Bytes& datagram) {
    if (request.protocol != wire::kIpProtoIcmp) return;
    // RFC 1812 section 4.3.3.6: "receive, reassemble and echo": a fragment (More Fragments set
    // or an offset, RFC 791 section 3.1) is answered only as part of the whole datagram (IP-04).
    if ((static_cast<unsigned>(datagram[6] << 8 | datagram[7]) & 0x3FFFU) != 0) {
        remember_unanswered_echo(link, datagram, "IP-04");
        return;
    }
    const auto echo = wire::decode_icmp_echo(request.payload);
    if (!echo || echo.value().type != wire::kIcmpEchoRequest) return;
    exercise({"IP-01"});
    if ((request.tos & kPrecedence) != 0) exercise({"IP-05"});
    // RFC 1812 section 4.2.2.9: "A router MUST NOT discard a datagram just because it was received
    // with TTL equal to zero or one; if it is to the router and otherwise valid, the router MUST
    // attempt to receive it."
    const bool low_ttl = request.ttl < 2;
    if (low_ttl) exercise({"IP-06"});
    wire::IcmpEcho reply = echo.value();
    reply.type = wire::kIcmpEchoReply;
    wire::Ipv4Packet expected;
    expected.tos = request.tos;  // its precedence is owed (IP-05); the rest of the octet is not judged
    expected.protocol = wire::kIpProtoIcmp;
    expected.source = request.destination;
    expected.destination = request.source;
    expected.payload = wire::encode_icmp_echo(reply);
    owe(OutputKind::IcmpEchoReply, link.channel, -1, reply_by(), low_ttl ? ReqIds{"IP-01", "IP-06"} : ReqIds{"IP-01"},
        "ICMP Echo-Reply id=" + std::to_string(reply.identifier) + " seq=" + std::to_string(reply.sequence) + " to " +
            wire::ipv4_to_string(request.source) + " on " + bname(link.channel));
    owed.back().delivery = std::move(expected);
}

// An Echo-Request that must get no Reply (`requirement`: IP-02 a header that fails RFC 1812
// section 5.2.2's checks, IP-04 a fragment), remembered by the Identifier and Sequence Number
// it carries after a 20-octet header (as a careless parser reads them).
void RouterSpec::Impl::remember_unanswered_echo(Link& link, const wire::Bytes& datagram, const char* requirement) {
    exercise({requirement});
    constexpr std::size_t kIcmp = 20;
    if (datagram.size() < kIcmp + 8 || datagram[kIcmp] != wire::kIcmpEchoRequest) return;
    auto be16 = [&datagram](std::size_t at) { return static_cast<std::uint16_t>(datagram[at] << 8 | datagram[at + 1]); };
    if (link.unanswered_echoes.size() == 8) link.unanswered_echoes.pop_front();
    link.unanswered_echoes.push_back({be16(kIcmp + 4), be16(kIcmp + 6), requirement});
}

// An ICMP Echo-Reply the SUT sends from its own address: the answer owed to an Echo-Request
// (IP-01, its fields checked; IP-03 its checksum), or one to a Request it had to discard
// (IP-02). False for any other datagram.
bool RouterSpec::Impl::judge_echo_reply(Link& link, const wire::Ipv4Packet& p) {
    if (p.protocol != wire::kIpProtoIcmp || p.payload.size() < 8 || p.payload[0] != wire::kIcmpEchoReply) return false;
    const std::uint16_t id = static_cast<std::uint16_t>(p.payload[4] << 8 | p.payload[5]);
    const std::uint16_t seq = static_cast<std::uint16_t>(p.payload[6] << 8 | p.payload[7]);
    for (auto it = owed.begin(); it != owed.end(); ++it) {
        if (it->kind != OutputKind::IcmpEchoReply || !it->delivery) continue;
        const wire::Ipv4Packet& expected = *it->delivery;
        if (expected.destination != p.destination || expected.payload[4] != p.payload[4] || expected.payload[5] != p.payload[5] ||
            expected.payload[6] != p.payload[6] || expected.payload[7] != p.payload[7])
            continue;
        const wire::Ipv4Packet want = expected;
        owed.erase(it);
        if (p.source != want.source)
            violate({"IP-01"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + " sent from " +
                                   wire::ipv4_to_string(p.source) + ", not from the address the Request was sent to (" +
                                   wire::ipv4_to_string(want.source) + ")");
        // RFC 1812 section 4.3.2.5: "An ICMP reply message MUST have its IP Precedence field set to
        // the same value as the IP Precedence field in the ICMP request that provoked the reply."
        if ((p.tos & kPrecedence) != (want.tos & kPrecedence))
            violate({"IP-05"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + " has IP Precedence " +
                                   std::to_string(p.tos >> 5) + ", not the Request's " + std::to_string(want.tos >> 5));
        const auto echo = wire::decode_icmp_echo(p.payload);
        if (!echo) violate({"IP-03"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + ": " + echo.error().to_string());
        else if (p.payload != want.payload)
            violate({"IP-01"}, "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq) + " does not carry the Request's " +
                                   std::to_string(want.payload.size() - 8) + " data octets unchanged: expected " +
                                   wire::to_hex(want.payload) + ", observed " + wire::to_hex(p.payload));
        return true;
    }
    if (p.source != pixit.own_address || link.unanswered_echoes.empty()) return false;
    const auto it = std::find(link.unanswered_echoes.begin(), link.unanswered_echoes.end(), Link::UnansweredEcho{id, seq});
    const std::string reply = "Echo-Reply id=" + std::to_string(id) + " seq=" + std::to_string(seq);
    if (it == link.unanswered_echoes.end())
        violate({link.unanswered_echoes.back().requirement},
                reply + " answers no Echo-Request the SUT could answer, after Requests it must not answer (a broken IP header, IP-02, or a lone fragment, IP-04)");
    else if (std::string(it->requirement) == "IP-04")
        violate({"IP-04"}, reply + " answers a lone fragment of an Echo-Request: RFC 1812 section 4.3.3.6 wants the datagram reassembled first");
    else
        violate({"IP-02"}, reply + " answers an Echo-Request whose IP header is invalid: RFC 1812 section 5.2.2 wants it silently discarded");
    return true;
}

// DDR-03/04: when the SUT must hang up an idle call: idle-timeout after the last interesting
// packet; while another destination waits for the BRI (contention), fast-idle instead, and at
// once when the line has already been idle that long.
Millis RouterSpec::Impl::idle_deadline(const Link& link) const {
    if (contended()) return std::max(link.last_interesting + profile.dialer.fast_idle, contention_at + pixit.tolerance.reply);
    return link.last_interesting + profile.dialer.idle_timeout;
}

// DDR-03/04: an idle disconnect must not come before the idle timer ran out.
void RouterSpec::Impl::idle_check(const Call& call, const wire::Q931Message&) {
    exercise({"DDR-03"});
    if (contended()) exercise({"DDR-04"});
    auto lit = links.find(call.channel);
    if (lit == links.end()) return;
    idle_close_check(lit->second, "disconnected");
}

// DDR-03: an up link in the network phase is closed (Terminate-Request or DISCONNECT) for
// idleness only once the idle-timeout has run out; other reasons owe a DropCall.
void RouterSpec::Impl::idle_close_check(const Link& link, const char* what) {
    if (!(link.ipcp_sut_acked && link.ipcp_peer_acked)) return;
    if (link.fsm.state() != LcpState::Opened) return;
    const bool fast = contended();
    const Millis idle = fast ? profile.dialer.fast_idle : profile.dialer.idle_timeout;
    if (profile.dialer.enabled && now < link.last_interesting + idle - pixit.tolerance.early)
        violate({fast ? "DDR-04" : "DDR-03"}, std::string(what) + " " + ms(now - link.last_interesting) +
                                                 " after the last interesting packet; " +
                                                 (fast ? "fast-idle" : "idle-timeout") + " is " + ms(idle));
}

// ----- LAN side ----------------------------------------------------------------------------
void RouterSpec::Impl::on_offered(const wire::Ipv4Packet& packet) {
    const bool to_peer = packet.destination == pixit.peer_address;
    if (const auto other = pixit.other_dialer_maps.find(packet.destination); !to_peer && other != pixit.other_dialer_maps.end()) {
        other_destination(other->second);
        return;
    }
    if (!to_peer) {
        note("offered packet not routed over the dialer (destination " + wire::ipv4_to_string(packet.destination) + ")");
        return;
    }
    for (auto& [ch, link] : links) {
        if (link.ipcp_sut_acked && link.ipcp_peer_acked && link.fsm.state() == LcpState::Opened) {
            // Its idle timer restarts when the SUT sends it, on whichever link it chooses (DDR-03).
            owe(OutputKind::IpDatagram, ch, -1, reply_by(), {"DDR-01"}, "the offered packet sent on " + bname(ch));
            dial(DdrEvent::Interesting);
            return;
        }
    }
    if (!profile.dialer.enabled || !pixit.dialer_map_to_peer) return;
    dial(DdrEvent::Interesting);
    if (drops_in_enable_timeout()) {
        // DDR-06: the line is unusable until the enable-timeout ends; with no hold queue
        // (DDR-07) the packet is dropped and nothing is left to dial for.
        const Millis enable_end = *enable_timeout_end();
        if (now >= enable_end - pixit.tolerance.early) {
            may_dial_until = enable_end + pixit.tolerance.reply;
            note("interesting packet at the end of the enable-timeout: a call is allowed, not owed");
            return;
        }
        note("interesting packet during the enable-timeout: dropped, no call owed");
        return;
    }
    if (profile.dialer.hold_queue > 0) hold(packet);
    if (peer_call_in_progress()) {  // a call with the peer is already coming up
        // AMB-45: one the peer placed is the peer's only once it has authenticated (DDR-02); until
        // then the dialer may hold the packet for it or place a call of its own.
        if (!pending_return && unbound_incoming_call()) {
            exercise({"AMB-45"});
            may_dial_until = std::max(may_dial_until.value_or(now), now + pixit.tolerance.reply);
            note("interesting traffic while a call from the peer comes in unauthenticated: a call of the SUT's own is allowed, not owed (AMB-45)");
        }
        return;
    }
    if (pending_return) return;                       // the client waits for its return call
    if (channels_in_use() >= profile.isdn.channels) {  // DDR-04: the peer waits for the BRI
        wait_for_channel();
        return;
    }
    for (const Owed& o : owed)
        if (o.kind == OutputKind::Setup) return;
    const Millis earliest = std::max(now, enable_timeout_end().value_or(now));
    owe(OutputKind::Setup, 0, -1, earliest + pixit.tolerance.reply, {"DDR-01"},
        "SETUP to " + pixit.peer_number + " for interesting traffic", -1, earliest - pixit.tolerance.early);
}

// DDR-04: interesting traffic for another mapped destination. With a B-channel free the SUT may
// dial it; with none free the calls up are under contention and drop at fast-idle.
void RouterSpec::Impl::other_destination(const std::string& number) {
    exercise({"DDR-04"});
    if (!profile.dialer.enabled) return;
    // DDR-07: traffic for a destination the SUT is dialling is held with that call, not waiting.
    // An incoming call is bound to a dialer map by the name it authenticates with (DDR-02), not by
    // its calling number: until then it is no call of that destination's.
    const bool calling = std::any_of(calls.begin(), calls.end(), [&](const auto& kc) {
        return kc.second.in_progress() && kc.second.sut_allocated && kc.second.number == number;
    });
    if (calling) {
        note("interesting traffic for " + number + " while its call is in progress: held or dropped, no other call");
        return;
    }
    // As for the peer's traffic: while the enable-timeout runs the dialer cannot dial (DDR-06).
    const bool free_channel = channels_in_use() < profile.isdn.channels;
    if (drops_in_enable_timeout()) {
        if (!free_channel || now < *enable_timeout_end() - pixit.tolerance.early) {
            note("interesting traffic for " + number + " during the enable-timeout: dropped, nothing waits for the BRI");
            return;
        }
    }
    if (free_channel) {
        other_dials.insert(number);
        note("interesting traffic for " + number + " with a B-channel free: a SETUP to it is allowed, not owed");
        return;
    }
    wait_for_channel();
}

// DDR-06: interesting traffic while the enable-timeout runs, with no hold queue (DDR-07), is
// dropped; with no B-channel free the profile may have it wait for the BRI instead (AMB-47).
bool RouterSpec::Impl::drops_in_enable_timeout() {
    const std::optional<Millis> enable_end = enable_timeout_end();
    if (profile.dialer.hold_queue > 0 || !enable_end || now >= *enable_end) return false;
    exercise({"DDR-06"});
    if (channels_in_use() < profile.isdn.channels) return true;
    exercise({"AMB-47"});
    return !profile.dialer.contention_during_enable_timeout;
}

// ----- the hold queue (DDR-07) ----------------------------------------------------------------

// `dialer hold-queue N [timeout S]`: up to N packets wait while the dialer dials (or waits for the
// return call), each at most S seconds; a packet beyond N is dropped.
void RouterSpec::Impl::hold(const wire::Ipv4Packet& packet) {
    exercise({"DDR-07"});
    expire_held();
    if (static_cast<int>(hold_queue.size()) < profile.dialer.hold_queue) {
        hold_queue.push_back({packet, now});
        return;
    }
    // A held packet whose timeout may already have run out on the SUT's clock may have made room.
    if (std::any_of(hold_queue.begin(), hold_queue.end(), [this](const Held& h) { return expiry_uncertain(h.at, now); })) {
        note("packet offered with the hold queue full, as a held one may time out: holding it is allowed, not owed");
        return;
    }
    drop_for_good(packet, {"DDR-07"}, "offered with the hold queue full (" + std::to_string(profile.dialer.hold_queue) + " packets)");
}

void RouterSpec::Impl::expire_held() {
    const Millis timeout = profile.dialer.hold_queue_timeout;
    if (timeout.count() == 0) return;
    const auto gone = [&](const Held& h) { return h.at + timeout + pixit.tolerance.late <= now; };
    for (const Held& h : hold_queue)
        if (gone(h)) drop_for_good(h.packet, {"DDR-07"}, "held since " + ms(h.at) + ", past the hold-queue timeout (" + ms(timeout) + ")");
    hold_queue.erase(std::remove_if(hold_queue.begin(), hold_queue.end(), gone), hold_queue.end());
}

bool RouterSpec::Impl::expiry_uncertain(Millis at, Millis by) const {
    const Millis timeout = profile.dialer.hold_queue_timeout;
    if (timeout.count() == 0) return false;
    return at + timeout - pixit.tolerance.early <= by && by < at + timeout + pixit.tolerance.late;
}

void RouterSpec::Impl::drop_for_good(const wire::Ipv4Packet& packet, std::vector<std::string> requirements, std::string why) {
    if (dropped_packets.size() == kMaxDropped) dropped_packets.pop_front();
    dropped_packets.push_back({packet, std::move(requirements), std::move(why)});
}

bool RouterSpec::Impl::sent_after_drop(const Link& link, const wire::Ipv4Packet& packet) {
    const auto it = std::find_if(dropped_packets.begin(), dropped_packets.end(), [&packet](const Dropped& d) { return d.packet == packet; });
    if (it == dropped_packets.end()) return false;
    violate(it->requirements, "datagram " + wire::describe(packet) + " sent on " + bname(link.channel) +
                                  ", although the dialer had dropped it: " + it->why);
    dropped_packets.erase(it);
    return true;
}

// DDR-04: a destination waits with both B-channels busy: the calls up are under contention.
void RouterSpec::Impl::wait_for_channel() {
    exercise({"DDR-04"});
    if (!dialer.in(Ddr::Up) && !contended()) {
        contention_waiting = true;  // no call up to idle out yet: contention starts at the connect
        return;
    }
    if (!contended()) contention_at = now;
    dial(DdrEvent::Contention);
}

void RouterSpec::Impl::on_delivered(const wire::Ipv4Packet& packet) {
    auto it = std::find(peer_packets.begin(), peer_packets.end(), packet);
    if (it == peer_packets.end()) {
        violate({"DDR-01"}, "delivered " + wire::describe(packet) + ", which no peer sent over an up link");
        return;
    }
    peer_packets.erase(it);
    take(OutputKind::Delivery, 0);
}

}  // namespace ppp::model
