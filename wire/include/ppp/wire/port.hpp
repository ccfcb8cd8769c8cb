#pragma once
// The vocabulary of the SUT's port (DESIGN.md sections 4 and 7), one for sut/, adapters/, model/
// and suites/: a message crossing the port with its decoding done once (the small enums every
// side names the same way are in port_terms.hpp).
#include <cstdint>
#include <memory>
#include <optional>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/call_event.hpp"
#include "ppp/wire/ipv4.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/port_terms.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::wire {

enum class PortKind : std::uint8_t {
    BFrame,  // a synchronous frame on a B-channel: Address .. Padding + FCS-16 (sync_encode)
    Q931,    // one Q.931 message on the D-channel
    Ipv4,    // a datagram at the SUT's LAN side: offered to it (ToSut) or delivered by it (FromSut)
    Call,    // an abstract call event (call_event.hpp), for call control without Q.931
};

// What a port message's octets decode to. Each stage keeps its own result because the oracle
// judges each differently (FR-04 FCS, FR-02/FR-11 header, LCP-02 packet).
struct PortDecoding {
    // PortKind::BFrame
    Bytes body;           // Address .. Padding: the octets the FCS covers
    bool intact = false;  // long enough and the FCS is good (FR-04)
    std::optional<Decoded<PppFrame>> ppp;        // the header, decoded whatever the FCS says
    std::optional<Decoded<PppPayload>> payload;  // once the header decoded; offsets into Information
    // PortKind::Q931
    std::optional<Decoded<Q931Message>> q931;
    // PortKind::Ipv4
    std::optional<Decoded<Ipv4Packet>> ipv4;
    // PortKind::Call
    std::optional<Decoded<CallEvent>> call;

    // The protocol of a frame whose header decoded (even with a bad FCS), else 0.
    std::uint16_t protocol() const;
    // The packet of an intact frame that decoded completely, else null.
    template <class Packet>
    const Packet* packet() const {
        if (!intact || !payload || !*payload) return nullptr;
        return std::get_if<Packet>(&payload->value());
    }
    // The whole frame's decoding, errors pointing into `body` (decode_frame_body's convention).
    Decoded<DecodedFrame> frame() const;
};

// One message crossing the SUT's port. The octets are private so that a rewrite (fault injection
// edits stimuli in place) always drops the decoding; the decoding is made on first use and shared
// by copies (the port log keeps one per message).
class PortMessage {
public:
    PortMessage() = default;
    PortMessage(Millis when, Direction way, PortKind kind, int b_channel, Bytes bytes)
        : at(when), direction(way), channel(b_channel), kind_(kind), bytes_(std::move(bytes)) {}
    static PortMessage b_frame(Millis at, Direction direction, int channel, Bytes frame) {
        return {at, direction, PortKind::BFrame, channel, std::move(frame)};
    }
    static PortMessage q931(Millis at, Direction direction, Bytes message) {
        return {at, direction, PortKind::Q931, 0, std::move(message)};
    }
    static PortMessage ipv4(Millis at, Direction direction, Bytes datagram) {
        return {at, direction, PortKind::Ipv4, 0, std::move(datagram)};
    }
    // `event` as encode_call_event() wrote it; `channel` the B-channel it concerns, 0 if none.
    static PortMessage call(Millis at, Direction direction, int channel, Bytes event) {
        return {at, direction, PortKind::Call, channel, std::move(event)};
    }

    Millis at{0};
    Direction direction = Direction::ToSut;
    int channel = 0;  // 1 or 2 for B-channel frames and call events on a B-channel, else 0

    PortKind kind() const { return kind_; }
    bool to_sut() const { return direction == Direction::ToSut; }
    bool d_channel() const { return kind_ == PortKind::Q931; }
    bool b_frame() const { return kind_ == PortKind::BFrame; }
    const Bytes& bytes() const { return bytes_; }
    void set_bytes(Bytes bytes) {
        bytes_ = std::move(bytes);
        decoding_.reset();
    }
    Bytes take_bytes() {  // leaves the message empty
        decoding_.reset();
        return std::move(bytes_);
    }
    const PortDecoding& decoded() const;

private:
    PortKind kind_ = PortKind::BFrame;
    Bytes bytes_;
    mutable std::shared_ptr<const PortDecoding> decoding_;
};

}  // namespace ppp::wire
