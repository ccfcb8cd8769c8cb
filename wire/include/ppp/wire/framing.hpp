#pragma once
// RFC 1662 HDLC-like framing: octet-stuffed async (pty) and synchronous (B-channel) frames,
// plus the PPP header with ACFC/PFC (SPEC FR-01..12).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/fcs.hpp"

namespace ppp::wire {

inline constexpr std::uint8_t kFlag = 0x7E;
inline constexpr std::uint8_t kEscape = 0x7D;
inline constexpr std::uint8_t kAllStations = 0xFF;
inline constexpr std::uint8_t kUi = 0x03;
inline constexpr std::uint32_t kDefaultAsyncAccm = 0xFFFFFFFF;  // FR-09

// One HDLC frame as received: the octets between flags after un-escaping, FCS still attached.
struct RawFrame {
    Bytes octets;          // Address .. FCS (FCS included, as received)
    bool fcs_ok = false;   // residue check over `octets` (FR-04/05)
    bool aborted = false;  // 7D 7E abort sequence (FR-08) or bit-sync abort (FR-07)
    bool too_short = false;  // fewer than FCS + 2 octets, i.e. < 4 with FCS-16 (FR-07, RFC 1662 §4.3)

    // Address .. Padding: the octets the FCS covers, without the FCS.
    Bytes body(FcsKind fcs) const;
};

// Octet-stuffed async framing, sender side (FR-08): FCS over `body`, then escape 7E, 7D and
// every octet < 0x20 whose bit is set in `accm`; a flag opens and closes the frame.
Bytes async_encode(const Bytes& body, std::uint32_t accm = kDefaultAsyncAccm,
                   FcsKind fcs = FcsKind::Fcs16, bool opening_flag = true);

// Streaming async deframer (FR-01, FR-08): accepts any chunking of the byte stream, drops
// flagged control octets (received ACCM), empty frames (adjacent flags), and yields every frame
// with an FCS verdict. Octets before the first flag are discarded as line noise. A frame aborted
// by 7D 7E is yielded with `aborted` set (never fcs_ok); one longer than `max_frame` is dropped
// at its closing flag and counted in oversize_dropped().
class AsyncDeframer {
public:
    explicit AsyncDeframer(FcsKind fcs = FcsKind::Fcs16, std::uint32_t rx_accm = kDefaultAsyncAccm,
                           std::size_t max_frame = 4096);
    void set_rx_accm(std::uint32_t accm) { rx_accm_ = accm; }
    void set_fcs(FcsKind fcs) { fcs_ = fcs; }
    void feed(const std::uint8_t* data, std::size_t size);
    void feed(const Bytes& bytes) { feed(bytes.data(), bytes.size()); }
    std::optional<RawFrame> next();  // frames in arrival order
    std::size_t pending() const { return ready_.size() - ready_head_; }
    std::size_t oversize_dropped() const { return oversize_dropped_; }

private:
    void finish_frame();
    FcsKind fcs_;
    std::uint32_t rx_accm_;
    std::size_t max_frame_;
    bool in_frame_ = false;
    bool escaped_ = false;
    bool oversize_ = false;
    Bytes current_;
    std::vector<RawFrame> ready_;
    std::size_t ready_head_ = 0;
    std::size_t oversize_dropped_ = 0;
};

// Synchronous frame as carried by a simulated B-channel (the card does flags and bit stuffing,
// PEERS.md section 4): body + FCS, least significant octet first.
Bytes sync_encode(const Bytes& body, FcsKind fcs = FcsKind::Fcs16);
RawFrame sync_decode(const Bytes& octets, FcsKind fcs = FcsKind::Fcs16);

// Bit-synchronous HDLC (FR-06/07): zero insertion after five ones, flags 0x7E around the frame.
// Bits are one per element (0/1), first transmitted bit first, LSB of each octet first.
std::vector<std::uint8_t> bit_stuff(const Bytes& frame_with_fcs);
// Finds frames between flags in a bit stream; a run of seven or more ones aborts (FR-07): the
// partial frame is returned with `aborted` set. Empty frames, frames that are not whole octets
// and frames shorter than FCS + 2 octets are silently dropped (FR-01, FR-07).
std::vector<RawFrame> bit_unstuff(const std::vector<std::uint8_t>& bits, FcsKind fcs = FcsKind::Fcs16);

// PPP protocol numbers (SPEC section 1).
namespace proto {
inline constexpr std::uint16_t kIp = 0x0021;
inline constexpr std::uint16_t kIpcp = 0x8021;
inline constexpr std::uint16_t kCcp = 0x80FD;
inline constexpr std::uint16_t kLcp = 0xC021;
inline constexpr std::uint16_t kPap = 0xC023;
inline constexpr std::uint16_t kLqr = 0xC025;
inline constexpr std::uint16_t kCbcp = 0xC029;
inline constexpr std::uint16_t kChap = 0xC223;
}  // namespace proto

// FR-11, RFC 1661 section 2: "All Protocols MUST be odd; the least significant bit of the least
// significant octet MUST equal 1. Also, all Protocols MUST be assigned such that the least
// significant bit of the most significant octet equals 0." 0x00FF is reserved (assigned numbers).
// "Frames received which don't comply with these rules MUST be treated as having an unrecognized
// Protocol": they decode, and a receiver Protocol-Rejects them like any unknown protocol.
constexpr bool protocol_number_valid(std::uint16_t protocol) {
    return (protocol & 0x0001U) != 0 && (protocol & 0x0100U) == 0 && protocol != 0x00FF;
}

// A PPP frame body decoded from Address/Control/Protocol.
struct PppFrame {
    std::uint16_t protocol = 0;
    Bytes information;            // Information + Padding
    bool address_control = true;  // FF 03 present (absent = ACFC, FR-10)
    bool protocol_compressed = false;  // 1-octet protocol (PFC)

    friend bool operator==(const PppFrame& a, const PppFrame& b) {
        return a.protocol == b.protocol && a.information == b.information &&
               a.address_control == b.address_control &&
               a.protocol_compressed == b.protocol_compressed;
    }
};

// Header compression the sender may use (negotiated by the peer's ACFC/PFC acks).
struct HeaderCompression {
    bool acfc = false;
    bool pfc = false;
};

// Builds Address..Padding. LCP is never compressed (FR-10, LCP-01); PFC only for protocols < 0x100.
Bytes encode_ppp(std::uint16_t protocol, const Bytes& information, HeaderCompression hc = {});
Bytes encode_ppp(const PppFrame& frame);  // keeps the frame's own compression flags
// FR-02 (address/control), FR-10 (ACFC), FR-11 (a Protocol field present: one octet when odd,
// else two). A protocol number of the wrong shape is no decoding error (protocol_number_valid).
Decoded<PppFrame> decode_ppp(const Bytes& body);

}  // namespace ppp::wire
