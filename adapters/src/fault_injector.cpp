// The environment's fault injector on the SUT's port (ppp/adapters/fault_injector.hpp).
#include "ppp/adapters/fault_injector.hpp"

#include <algorithm>
#include <variant>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::adapters {
namespace {

using wire::PortMessage;
using wire::TapDecision;

wire::Bytes reframe(const wire::Bytes& body) { return wire::sync_encode(body); }

constexpr std::uint8_t kUiWithPoll = wire::kUi | 0x10U;  // ISO 3309's P/F bit set (FR-02)

bool is_protocol(const PortMessage& m, std::uint16_t protocol) { return m.decoded().protocol() == protocol; }

bool is_lcp_code(const PortMessage& m, wire::LcpCode code) {
    const auto* lcp = m.decoded().packet<wire::LcpPacket>();
    return lcp != nullptr && lcp->kind() == code;
}

bool clears_call(const PortMessage& m) {
    const auto& q = *m.decoded().q931;
    if (!q) return false;
    const auto type = q.value().kind();
    return type == wire::Q931Type::Disconnect || type == wire::Q931Type::Release || type == wire::Q931Type::ReleaseComplete;
}

// The frame with its information field replaced, its address/control and protocol compression kept.
void replace_information(PortMessage& m, const wire::Bytes& information) {
    const wire::PppFrame& frame = m.decoded().ppp->value();
    m.set_bytes(reframe(wire::encode_ppp(frame.protocol, information, {!frame.address_control, frame.protocol_compressed})));
}

// What the peer sends to be authenticated: a CHAP Response or a PAP Authenticate-Request.
bool is_auth_request(const PortMessage& m) {
    if (const auto* chap = m.decoded().packet<wire::ChapPacket>()) return chap->code == 2;
    if (const auto* pap = m.decoded().packet<wire::PapPacket>()) return pap->code == 1;
    return false;
}

// What the peer answers an authentication with: CHAP Success/Failure, PAP Authenticate-Ack/Nak.
bool is_auth_verdict(const PortMessage& m) {
    if (const auto* chap = m.decoded().packet<wire::ChapPacket>()) return chap->code == 3 || chap->code == 4;
    if (const auto* pap = m.decoded().packet<wire::PapPacket>()) return pap->code == 2 || pap->code == 3;
    return false;
}

}  // namespace

void FaultInjector::arm(FrameFault fault, Millis delay) { frame_faults_.emplace_back(fault, delay); }

TapDecision FaultInjector::on_port(PortMessage& m) {
    if (release_fault_ != ReleaseFault::None && m.d_channel()) {
        if (const TapDecision d = apply_release_fault(m); d.kind != TapDecision::Kind::Pass) return d;
    }
    if (m.d_channel() && clears_call(m)) {
        silent_ = false;  // the silence lasts the call
        last_chap_success_.reset();  // a replayed Success belongs to the same call
    }
    if (!m.to_sut()) {
        if (!m.d_channel() && is_lcp_code(m, wire::LcpCode::ConfReq)) note_sut_request(m);
        if (!m.d_channel() && is_protocol(m, wire::proto::kCbcp)) note_cbcp_offer(m);
        // The peer does not speak CBCP: none of the SUT's reaches it; a Protocol-Reject answers each.
        if (cbcp_ == CbcpFault::Refuse && !m.d_channel() && is_protocol(m, wire::proto::kCbcp)) {
            answer_with_protocol_reject(m);
            return TapDecision::drop();
        }
        return TapDecision::pass();
    }
    const auto bypassed = std::find(bypass_.begin(), bypass_.end(), m.bytes());
    const bool redelivery = bypassed != bypass_.end();
    if (redelivery) bypass_.erase(bypassed);
    TapDecision decision;
    if (!m.d_channel() && !redelivery) {
        if (silent_) return TapDecision::drop();
        if (ignore_terminate_ && is_lcp_code(m, wire::LcpCode::TermAck)) return TapDecision::drop();
        if (lose_terminate_request_ && is_lcp_code(m, wire::LcpCode::TermReq)) {
            lose_terminate_request_ = false;
            return TapDecision::drop();
        }
        if (lost_acks_ > 0 && is_lcp_code(m, wire::LcpCode::ConfAck)) {
            --lost_acks_;
            return TapDecision::drop();
        }
        if (is_protocol(m, wire::proto::kLcp)) rewrite_peer_lcp(m);
        if (cbcp_ == CbcpFault::Garble && is_protocol(m, wire::proto::kCbcp)) {
            cbcp_ = CbcpFault::None;
            garble(m);
        }
        if (choose_no_callback_ && is_protocol(m, wire::proto::kCbcp)) answer_no_callback(m);
        if (cbcp_answer_ && is_protocol(m, wire::proto::kCbcp)) answer_cbcp(m);
        if (misnumber_chap_result_ && is_protocol(m, wire::proto::kChap)) misnumber(m);
        if (ask_address_ && is_protocol(m, wire::proto::kIpcp)) ask_for_address(m);
        if (alter_ipcp_ack_ && is_protocol(m, wire::proto::kIpcp)) alter_ack(m);
        if (refuse_sut_ && (is_protocol(m, wire::proto::kChap) || is_protocol(m, wire::proto::kPap))) refuse(m);
        if ((lose_auth_ == LoseAuth::Verdict && is_auth_verdict(m)) || (lose_auth_ == LoseAuth::Request && is_auth_request(m))) {
            lose_auth_ = LoseAuth::None;
            return TapDecision::drop();
        }
        if ((lose_auth_ == LoseAuth::EveryVerdict && is_auth_verdict(m)) || (lose_auth_ == LoseAuth::EveryRequest && is_auth_request(m)))
            return TapDecision::drop();
        if (skip_challenge_ != 0 && is_protocol(m, wire::proto::kChap)) verdict_for_challenge(m);
        if (replay_success_ && last_chap_success_ && is_protocol(m, wire::proto::kChap)) replay_success_before(m);
        if (is_protocol(m, wire::proto::kChap)) {
            if (const auto* chap = m.decoded().packet<wire::ChapPacket>(); chap != nullptr && chap->code == 3)
                last_chap_success_ = m.bytes();
        }
        if (repeat_auth_ && is_auth_request(m)) {
            repeat_auth_ = false;
            PortMessage repeat = m;
            if (repeat_altered_) alter_response_value(repeat);
            repeat_altered_ = false;
            schedule(m.at + Millis{1}, std::move(repeat));
        }
        if (!frame_faults_.empty()) decision = apply_frame_fault(m);
    }
    if (decision.kind == TapDecision::Kind::Pass && held_for_reorder_ && !redelivery) {
        // The held frame now follows this one.
        PortMessage held = std::move(*held_for_reorder_);
        held_for_reorder_.reset();
        schedule(m.at + Millis{1}, std::move(held));
    }
    return decision;
}

std::optional<FaultInjector::Millis> FaultInjector::next_due() const {
    std::optional<Millis> due;
    for (const auto& s : scheduled_) due = due ? std::min(*due, s.first) : s.first;
    return due;
}

void FaultInjector::deliver_due(Millis now, const std::function<void(const PortMessage&)>& inject) {
    std::vector<PortMessage> now_due;
    for (auto it = scheduled_.begin(); it != scheduled_.end();) {
        if (it->first <= now) {
            now_due.push_back(std::move(it->second));
            it = scheduled_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& m : now_due) {
        m.at = now;
        bypass_.push_back(m.bytes());
        inject(m);
    }
}

void FaultInjector::schedule(Millis at, PortMessage message) { scheduled_.emplace_back(at, std::move(message)); }

TapDecision FaultInjector::apply_frame_fault(PortMessage& m) {
    const auto [fault, delay] = frame_faults_.front();
    frame_faults_.pop_front();
    switch (fault) {
        case FrameFault::BadFcs:
            if (!m.bytes().empty()) {
                wire::Bytes bad = m.take_bytes();
                bad.back() ^= 0x5A;
                m.set_bytes(std::move(bad));
            }
            break;
        case FrameFault::Truncated: {
            wire::Bytes body = m.decoded().body;
            if (body.size() > 6) body.resize(body.size() - std::max<std::size_t>(2, (body.size() - 4) / 2));
            m.set_bytes(reframe(body));
            break;
        }
        case FrameFault::BadLength: {
            wire::Bytes body = m.decoded().body;
            if (body.size() >= 8) {
                const std::size_t len_at = body[0] == wire::kAllStations ? 6 : 4;
                if (len_at + 1 < body.size()) {
                    body[len_at] = 0x05;
                    body[len_at + 1] = 0xDC;  // 1500
                }
            }
            m.set_bytes(reframe(body));
            break;
        }
        case FrameFault::ForeignControl: {
            // RFC 1662 section 3.1: "Frames with other Control field values SHOULD be silently
            // discarded." The FCS is recomputed, so only the Control field is wrong.
            wire::Bytes body = m.decoded().body;
            if (body.size() >= 2 && body[0] == wire::kAllStations) body[1] = kUiWithPoll;
            else body.insert(body.begin(), {wire::kAllStations, kUiWithPoll});  // a compressed header, written out wrong
            m.set_bytes(reframe(body));
            break;
        }
        case FrameFault::Drop: return TapDecision::drop();
        case FrameFault::Duplicate: schedule(m.at + Millis{1}, m); break;
        case FrameFault::Delay: schedule(m.at + delay, m); return TapDecision::drop();
        case FrameFault::Reorder:
            held_for_reorder_ = m;
            return TapDecision::drop();
    }
    return TapDecision::pass();
}

// Rewrites of the peer's LCP that stand for peer behaviours (DESIGN.md section 4 intents).
void FaultInjector::rewrite_peer_lcp(PortMessage& m) {
    const wire::LcpPacket* seen = m.decoded().packet<wire::LcpPacket>();
    if (seen == nullptr) return;
    if (seen->kind() == wire::LcpCode::ConfReq) {
        for (const auto& option : seen->options) {
            if (const auto* magic = std::get_if<wire::MagicNumber>(&option)) peer_magic_ = magic->value;
        }
    }
    const bool rewrite_armed = nak_callback_op_ || nak_auth_ || propose_op_ || loops_left_ > 0 || unknown_options_ > 0 ||
                               magic_zero_ || reject_option_;
    if (!rewrite_armed) return;  // the common case: no copy of the packet
    wire::LcpPacket lcp = *seen;
    bool changed = false;
    if (nak_callback_op_ && lcp.kind() == wire::LcpCode::ConfAck) {
        for (const auto& option : lcp.options) {
            if (std::holds_alternative<wire::Callback>(option)) {
                // LCP-06: a Nak carries only the offending option, with the value wanted.
                lcp.code = static_cast<std::uint8_t>(wire::LcpCode::ConfNak);
                lcp.options = {wire::Callback{*nak_callback_op_, {}}};
                nak_callback_op_.reset();
                changed = true;
                break;
            }
        }
    }
    if (nak_auth_ && !changed && lcp.kind() == wire::LcpCode::ConfAck) {
        for (const auto& option : lcp.options) {
            const auto* auth = std::get_if<wire::AuthProtocol>(&option);
            if (auth != nullptr && (nak_auth_->of_any || auth->protocol == wire::proto::kChap)) {
                // LCP-06: only the offending option, with the value wanted.
                lcp.code = static_cast<std::uint8_t>(wire::LcpCode::ConfNak);
                lcp.options = {nak_auth_->wanted};
                nak_auth_.reset();
                changed = true;
                break;
            }
        }
    }
    if (reject_option_ && !changed && lcp.kind() == wire::LcpCode::ConfAck) {
        for (const auto& option : lcp.options) {
            if (wire::option_type(option) == *reject_option_) {
                // RFC 1661 section 5.4: a Reject lists the options not acceptable, unmodified.
                lcp.code = static_cast<std::uint8_t>(wire::LcpCode::ConfRej);
                lcp.options = {option};
                reject_option_.reset();
                changed = true;
                break;
            }
        }
    }
    if (magic_zero_ && lcp.kind() == wire::LcpCode::ConfReq) {
        bool carried = false;
        for (auto& option : lcp.options) {
            if (auto* magic = std::get_if<wire::MagicNumber>(&option)) {
                magic->value = 0;
                carried = true;
            }
        }
        if (!carried) lcp.options.push_back(wire::MagicNumber{0});
        magic_zero_ = false;
        changed = true;
    }
    if (propose_op_ && lcp.kind() == wire::LcpCode::ConfReq) {
        for (auto& option : lcp.options) {
            if (auto* cb = std::get_if<wire::Callback>(&option)) {
                cb->operation = *propose_op_;
                propose_op_.reset();
                changed = true;
            }
        }
        if (propose_op_ && sut_is_client_) {
            // The peer (a server) asks the client SUT for callback: a client that claims no
            // server role must Configure-Reject it (CCB-08, PEERS.md section 2).
            const std::uint8_t op = *propose_op_;
            lcp.options.push_back(wire::Callback{op, op >= 1 && op <= 4 ? peer_number_ : wire::Bytes{}});
            propose_op_.reset();
            changed = true;
        }
    }
    if (loops_left_ > 0 && sut_magic_ != 0 && lcp.kind() == wire::LcpCode::ConfReq) {
        for (auto& option : lcp.options) {
            if (auto* magic = std::get_if<wire::MagicNumber>(&option)) {
                magic->value = sut_magic_;  // LCP-16: as if the line were looped back
                --loops_left_;
                changed = true;
            }
        }
    }
    if (unknown_options_ > 0 && lcp.kind() == wire::LcpCode::ConfReq) {
        lcp.options.push_back(wire::RawOption{0xE7, {0x01, 0x02}});  // LCP-07: must be rejected
        --unknown_options_;
        changed = true;
    }
    if (changed) replace_information(m, wire::encode_lcp(lcp));
}

void FaultInjector::note_sut_request(const PortMessage& m) {
    const auto* lcp = m.decoded().packet<wire::LcpPacket>();
    if (lcp == nullptr || lcp->kind() != wire::LcpCode::ConfReq) return;
    SutRequest request{lcp->identifier, 0};
    for (const auto& option : lcp->options) {
        if (const auto* magic = std::get_if<wire::MagicNumber>(&option)) {
            request.magic = magic->value;
            // LCP-16's looped line copies the Magic-Number the SUT sent since the loop was armed.
            if (loops_left_ > 0) sut_magic_ = magic->value;
        }
    }
    sut_request_ = request;
}

void FaultInjector::garble(PortMessage& m) {  // CBCP-03: an option whose Length runs past the packet
    wire::Bytes body = m.decoded().body;
    const std::size_t first_option = (body.size() > 1 && body[0] == wire::kAllStations ? 4 : 2) + 4;
    if (first_option + 1 < body.size()) body[first_option + 1] = 0xF0;
    m.set_bytes(reframe(body));
}

// RFC 1332 section 3.3: "If all four octets are set to zero, it indicates a request that the peer
// provide the IP-address information."
void FaultInjector::ask_for_address(PortMessage& m) {
    const auto* ipcp = m.decoded().packet<wire::IpcpPacket>();
    if (ipcp == nullptr || ipcp->code != static_cast<std::uint8_t>(wire::LcpCode::ConfReq)) return;
    wire::IpcpPacket request = *ipcp;
    bool asked = false;
    for (auto& option : request.options) {
        if (auto* address = std::get_if<wire::IpAddressOption>(&option)) {
            address->address = 0;
            asked = true;
        }
    }
    if (!asked) request.options.insert(request.options.begin(), wire::IpAddressOption{0});
    ask_address_ = false;
    replace_information(m, wire::encode_ipcp(request));
}

// RFC 1661 section 5.2: options in a Configure-Ack that do not match the Request make it invalid.
void FaultInjector::alter_ack(PortMessage& m) {
    const auto* ipcp = m.decoded().packet<wire::IpcpPacket>();
    if (ipcp == nullptr || ipcp->code != static_cast<std::uint8_t>(wire::LcpCode::ConfAck)) return;
    wire::IpcpPacket ack = *ipcp;
    bool altered = false;
    for (auto& option : ack.options) {
        if (auto* address = std::get_if<wire::IpAddressOption>(&option); address != nullptr && !altered) {
            address->address ^= 0x01;
            altered = true;
        }
    }
    if (!altered) ack.options.push_back(wire::IpAddressOption{0xC0000201});  // an option the Request lacked
    alter_ipcp_ack_ = false;
    replace_information(m, wire::encode_ipcp(ack));
}

void FaultInjector::misnumber(PortMessage& m) {
    const auto* chap = m.decoded().packet<wire::ChapPacket>();
    if (chap == nullptr || (chap->code != 3 && chap->code != 4)) return;  // Success, Failure
    wire::ChapPacket result = *chap;
    ++result.identifier;
    misnumber_chap_result_ = false;
    replace_information(m, wire::encode_chap(result));
}

void FaultInjector::alter_response_value(PortMessage& m) {
    const auto* chap = m.decoded().packet<wire::ChapPacket>();
    if (chap == nullptr || chap->code != 2 || chap->value.empty()) return;  // a Response with a Value
    wire::ChapPacket response = *chap;
    response.value.back() ^= 0x01;  // a near-miss: one bit of the digest
    replace_information(m, wire::encode_chap(response));
}

void FaultInjector::refuse(PortMessage& m) {
    static const std::string kMessage = "refused by the plan";
    const wire::Bytes message(kMessage.begin(), kMessage.end());
    wire::Bytes information;
    if (const auto* chap = m.decoded().packet<wire::ChapPacket>(); chap != nullptr && chap->code == 3) {
        wire::ChapPacket failure = *chap;  // RFC 1994 section 4.2: Failure, the Response's Identifier
        failure.code = 4;
        failure.message = message;
        information = wire::encode_chap(failure);
    } else if (const auto* pap = m.decoded().packet<wire::PapPacket>(); pap != nullptr && pap->code == 2) {
        wire::PapPacket nak = *pap;  // RFC 1334 section 2.2.2: Authenticate-Nak, the Request's Identifier
        nak.code = 3;
        nak.message = message;
        information = wire::encode_pap(nak);
    } else {
        return;
    }
    refuse_sut_ = false;
    replace_information(m, information);
}

void FaultInjector::verdict_for_challenge(PortMessage& m) {
    const auto* chap = m.decoded().packet<wire::ChapPacket>();
    if (chap == nullptr || chap->code != 1) return;  // Challenge
    static const std::string kMessage = "no challenge";
    wire::ChapPacket verdict;
    verdict.code = skip_challenge_;
    verdict.identifier = chap->identifier;
    verdict.message = wire::Bytes(kMessage.begin(), kMessage.end());
    skip_challenge_ = 0;
    replace_information(m, wire::encode_chap(verdict));
}

void FaultInjector::replay_success_before(PortMessage& m) {
    const auto* chap = m.decoded().packet<wire::ChapPacket>();
    if (chap == nullptr || chap->code != 1) return;  // Challenge
    replay_success_ = false;
    schedule(m.at + Millis{100}, m);  // the Challenge itself, 100 ms behind the old Success
    m.set_bytes(*last_chap_success_);
}

void FaultInjector::note_cbcp_offer(const PortMessage& m) {
    const auto* cbcp = m.decoded().packet<wire::CbcpPacket>();
    if (cbcp == nullptr || cbcp->code != static_cast<std::uint8_t>(wire::CbcpCode::Request)) return;
    offered_no_callback_.reset();
    offered_admin_.reset();
    for (const auto& o : cbcp->options) {
        if (o.type == static_cast<std::uint8_t>(wire::CbcpType::NoCallback)) offered_no_callback_ = o;
        if (o.type == static_cast<std::uint8_t>(wire::CbcpType::AdminNumber)) offered_admin_ = o;
    }
}

void FaultInjector::answer_no_callback(PortMessage& m) {
    const auto* cbcp = m.decoded().packet<wire::CbcpPacket>();
    if (cbcp == nullptr || cbcp->code != static_cast<std::uint8_t>(wire::CbcpCode::Response) || !offered_no_callback_) return;
    wire::CbcpPacket response = *cbcp;
    response.options = {*offered_no_callback_};  // the offered option, as the SUT encoded it
    choose_no_callback_ = false;
    replace_information(m, wire::encode_cbcp(response));
}

void FaultInjector::answer_cbcp(PortMessage& m) {
    const auto* cbcp = m.decoded().packet<wire::CbcpPacket>();
    if (cbcp == nullptr || cbcp->code != static_cast<std::uint8_t>(wire::CbcpCode::Response)) return;
    wire::CbcpPacket response = *cbcp;
    wire::CbcpOption option;
    switch (*cbcp_answer_) {
        case CbcpAnswer::NoCallback:
            option.type = static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
            response.options = {option};
            break;
        case CbcpAnswer::EmptyNumber:
            option.type = static_cast<std::uint8_t>(wire::CbcpType::UserNumber);
            option.has_delay = true;
            option.addresses.push_back({wire::kCbcpAddressPstn, ""});
            response.options = {option};
            break;
        case CbcpAnswer::AdminNumber:
            option.type = static_cast<std::uint8_t>(wire::CbcpType::AdminNumber);
            option.has_delay = true;
            option.delay = offered_admin_ ? offered_admin_->delay : 0;
            response.options = {option};
            break;
        case CbcpAnswer::TwoOptions:
            option.type = static_cast<std::uint8_t>(wire::CbcpType::NoCallback);
            response.options.push_back(option);
            break;
        case CbcpAnswer::LongDelay:
            for (auto& o : response.options) {
                o.has_delay = true;
                o.delay = 20;
            }
            break;
    }
    cbcp_answer_.reset();
    replace_information(m, wire::encode_cbcp(response));
}

// The network's RELEASE messages toward the SUT are kept from it until the SUT releases the call
// itself; then Lose forgets them and Cross delivers the latest, 1 ms after the SUT's own RELEASE.
TapDecision FaultInjector::apply_release_fault(PortMessage& m) {
    const auto& q = *m.decoded().q931;
    const auto type = q ? q.value().kind() : wire::Q931Type::Information;
    if (m.to_sut()) {
        if (type != wire::Q931Type::Release) return TapDecision::pass();
        if (release_fault_ == ReleaseFault::Cross) held_release_ = m;
        return TapDecision::drop();
    }
    if (type != wire::Q931Type::Release && type != wire::Q931Type::ReleaseComplete) return TapDecision::pass();
    if (release_fault_ == ReleaseFault::Cross && held_release_ && type == wire::Q931Type::Release)
        schedule(m.at + Millis{1}, *held_release_);
    held_release_.reset();
    release_fault_ = ReleaseFault::None;
    return TapDecision::pass();
}

void FaultInjector::answer_with_protocol_reject(const PortMessage& rejected) {
    const auto& frame = *rejected.decoded().ppp;
    if (!frame) return;
    wire::LcpPacket reject;
    reject.code = static_cast<std::uint8_t>(wire::LcpCode::ProtoRej);
    reject.identifier = next_forged_id();
    reject.rejected_protocol = frame.value().protocol;
    reject.data = frame.value().information;
    schedule(rejected.at + Millis{1},
             PortMessage::b_frame(rejected.at, wire::Direction::ToSut, rejected.channel,
                                  reframe(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(reject)))));
}

}  // namespace ppp::adapters
