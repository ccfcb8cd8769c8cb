#include "ppp/wire/framing.hpp"

#include <algorithm>
#include <iterator>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

// RFC 1662 §4.3 / §5.3: frames shorter than 4 octets with FCS-16 (address, control, FCS) are
// invalid; the same margin of two octets beyond the FCS is applied to FCS-32 and no FCS.
std::size_t min_frame(FcsKind fcs) { return fcs_size(fcs) + 2; }

// FR-04/05: the residue over data + FCS is a constant when the frame is intact.
bool fcs_good(const std::uint8_t* data, std::size_t size, FcsKind fcs) {
    switch (fcs) {
    case FcsKind::Fcs16: return size >= 2 && fcs16_update(kFcs16Init, data, size) == kFcs16Good;
    case FcsKind::Fcs32: return size >= 4 && fcs32_update(kFcs32Init, data, size) == kFcs32Good;
    case FcsKind::None: return true;
    }
    return false;
}

// Appends the transmitted FCS, least significant octet first (FR-04/05).
template <class Put>
void put_fcs(const Bytes& body, FcsKind fcs, Put&& put) {
    if (fcs == FcsKind::Fcs16) {
        const std::uint16_t v = fcs16(body.data(), body.size());
        put(static_cast<std::uint8_t>(v));
        put(static_cast<std::uint8_t>(v >> 8));
    } else if (fcs == FcsKind::Fcs32) {
        const std::uint32_t v = fcs32(body.data(), body.size());
        for (int shift = 0; shift < 32; shift += 8) put(static_cast<std::uint8_t>(v >> shift));
    }
}

RawFrame make_frame(Bytes octets, FcsKind fcs) {
    RawFrame f;
    f.too_short = octets.size() < min_frame(fcs);
    f.fcs_ok = !f.too_short && fcs_good(octets.data(), octets.size(), fcs);
    f.octets = std::move(octets);
    return f;
}

}  // namespace

Bytes RawFrame::body(FcsKind fcs) const {
    const std::size_t n = fcs_size(fcs);
    if (octets.size() <= n) return {};
    return Bytes(octets.begin(), octets.end() - static_cast<std::ptrdiff_t>(n));
}

Bytes async_encode(const Bytes& body, std::uint32_t accm, FcsKind fcs, bool opening_flag) {
    Bytes out;
    out.reserve(body.size() + body.size() / 4 + 12);
    if (opening_flag) out.push_back(kFlag);
    // FR-08: 7E and 7D always escaped; control octets < 0x20 when their ACCM bit is set.
    auto put = [&out, accm](std::uint8_t c) {
        if (c == kFlag || c == kEscape || (c < 0x20 && ((accm >> c) & 1U) != 0)) {
            out.push_back(kEscape);
            out.push_back(static_cast<std::uint8_t>(c ^ 0x20));
        } else {
            out.push_back(c);
        }
    };
    for (const auto c : body) put(c);
    put_fcs(body, fcs, put);
    out.push_back(kFlag);
    return out;
}

AsyncDeframer::AsyncDeframer(FcsKind fcs, std::uint32_t rx_accm, std::size_t max_frame)
    : fcs_(fcs), rx_accm_(rx_accm), max_frame_(max_frame) {
    current_.reserve(std::min<std::size_t>(max_frame_, 1600));
}

void AsyncDeframer::feed(const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        std::uint8_t c = data[i];
        if (c == kFlag) {
            if (in_frame_) finish_frame();  // a flag both closes and opens (FR-01)
            in_frame_ = true;
            continue;
        }
        if (!in_frame_) continue;  // line noise before the first flag
        // FR-08: flagged control octets were inserted by the link, drop them before un-escaping.
        if (c < 0x20 && ((rx_accm_ >> c) & 1U) != 0) continue;
        if (c == kEscape) {
            escaped_ = true;
            continue;
        }
        if (escaped_) {
            c = static_cast<std::uint8_t>(c ^ 0x20);
            escaped_ = false;
        }
        if (current_.size() >= max_frame_) {
            oversize_ = true;  // keep hunting for the closing flag, drop the frame there
            continue;
        }
        current_.push_back(c);
    }
}

void AsyncDeframer::finish_frame() {
    if (oversize_) {
        ++oversize_dropped_;
    } else if (escaped_) {
        // FR-08: 7D 7E aborts the frame; reported so a tap can show it, never with a good FCS.
        RawFrame f;
        f.octets = current_;
        f.aborted = true;
        f.too_short = current_.size() < min_frame(fcs_);
        ready_.push_back(std::move(f));
    } else if (!current_.empty()) {  // adjacent flags: empty frame, dropped (FR-01)
        // Copy rather than move: one exact allocation, and current_ keeps its capacity.
        ready_.push_back(make_frame(current_, fcs_));
    }
    current_.clear();
    escaped_ = false;
    oversize_ = false;
}

std::optional<RawFrame> AsyncDeframer::next() {
    if (ready_head_ >= ready_.size()) return std::nullopt;
    RawFrame f = std::move(ready_[ready_head_++]);
    if (ready_head_ == ready_.size()) {
        ready_.clear();
        ready_head_ = 0;
    }
    return f;
}

Bytes sync_encode(const Bytes& body, FcsKind fcs) {
    Bytes out;
    out.reserve(body.size() + fcs_size(fcs));
    out.insert(out.end(), body.begin(), body.end());
    put_fcs(body, fcs, [&out](std::uint8_t c) { out.push_back(c); });
    return out;
}

RawFrame sync_decode(const Bytes& octets, FcsKind fcs) { return make_frame(octets, fcs); }

std::vector<std::uint8_t> bit_stuff(const Bytes& frame_with_fcs) {
    std::vector<std::uint8_t> bits;
    bits.reserve(frame_with_fcs.size() * 10 + 16);
    auto flag = [&bits] {
        static constexpr std::uint8_t kFlagBits[] = {0, 1, 1, 1, 1, 1, 1, 0};  // 0x7E, LSB first
        bits.insert(bits.end(), std::begin(kFlagBits), std::end(kFlagBits));
    };
    flag();
    int ones = 0;
    for (const auto octet : frame_with_fcs) {
        for (int i = 0; i < 8; ++i) {  // LSB first
            const auto bit = static_cast<std::uint8_t>((octet >> i) & 1U);
            bits.push_back(bit);
            if (bit == 0) {
                ones = 0;
            } else if (++ones == 5) {  // FR-06: zero after five ones
                bits.push_back(0);
                ones = 0;
            }
        }
    }
    flag();
    return bits;
}

std::vector<RawFrame> bit_unstuff(const std::vector<std::uint8_t>& bits, FcsKind fcs) {
    std::vector<RawFrame> frames;
    std::vector<std::uint8_t> acc;  // data bits of the frame being received
    bool in_frame = false;
    unsigned ones = 0;

    auto pack = [&acc] {
        Bytes octets(acc.size() / 8, 0);
        for (std::size_t i = 0; i < octets.size() * 8; ++i) {
            octets[i / 8] = static_cast<std::uint8_t>(octets[i / 8] | (acc[i] << (i % 8)));
        }
        return octets;
    };
    auto drop_tail = [&acc](std::size_t n) { acc.resize(acc.size() - std::min(n, acc.size())); };

    for (const auto raw : bits) {
        if ((raw & 1U) != 0) {
            ++ones;
            if (ones == 7) {
                // FR-07: seven ones abort the frame (the six before were buffered as data).
                if (in_frame) {
                    drop_tail(6);
                    if (!acc.empty()) {
                        RawFrame f;
                        f.octets = pack();
                        f.aborted = true;
                        f.too_short = f.octets.size() < min_frame(fcs);
                        frames.push_back(std::move(f));
                    }
                }
                in_frame = false;
                acc.clear();
                continue;
            }
            if (ones > 7) continue;  // mark idle
            if (in_frame) acc.push_back(1);
            continue;
        }
        if (ones == 6) {
            // Flag 0111 1110: its leading zero and six ones were buffered as data.
            if (in_frame) {
                drop_tail(7);
                // Empty (FR-01), not whole octets, or short (FR-07): silently dropped.
                if (!acc.empty() && acc.size() % 8 == 0) {
                    Bytes octets = pack();
                    if (octets.size() >= min_frame(fcs)) frames.push_back(make_frame(std::move(octets), fcs));
                }
            }
            in_frame = true;
            acc.clear();
            ones = 0;
            continue;
        }
        const bool stuffed = ones == 5;  // FR-06: the transmitter's inserted zero
        ones = 0;
        if (!stuffed && in_frame) acc.push_back(0);
    }
    return frames;
}

Bytes encode_ppp(std::uint16_t protocol, const Bytes& information, HeaderCompression hc) {
    const bool lcp = protocol == proto::kLcp;  // FR-10, LCP-01: LCP is never compressed
    Bytes b;
    b.reserve(information.size() + 4);
    if (!hc.acfc || lcp) {
        b.push_back(kAllStations);
        b.push_back(kUi);
    }
    if (hc.pfc && !lcp && protocol < 0x100) {
        b.push_back(static_cast<std::uint8_t>(protocol));
    } else {
        detail::put16(b, protocol);
    }
    detail::append(b, information);
    return b;
}

Bytes encode_ppp(const PppFrame& frame) {
    Bytes b;
    b.reserve(frame.information.size() + 4);
    if (frame.address_control) {
        b.push_back(kAllStations);
        b.push_back(kUi);
    }
    if (frame.protocol_compressed && frame.protocol < 0x100) {
        b.push_back(static_cast<std::uint8_t>(frame.protocol));
    } else {
        detail::put16(b, frame.protocol);
    }
    detail::append(b, frame.information);
    return b;
}

Decoded<PppFrame> decode_ppp(const Bytes& body) {
    using detail::error;
    PppFrame f;
    std::size_t pos = 0;
    if (body.empty()) return error(0, "empty frame body", "FR-02");
    if (body[0] == kAllStations) {
        if (body.size() < 2) return error(1, "Control field missing", "FR-02");
        if (body[1] != kUi) return error(1, "Control " + detail::hex8(body[1]) + " is not UI (0x03)", "FR-02");
        pos = 2;
    } else {
        f.address_control = false;  // FR-10: no FF 03 means ACFC (0xFF is never a protocol octet)
    }
    if (pos >= body.size()) return error(pos, "Protocol field missing", "FR-11");
    if ((body[pos] & 1U) != 0) {  // odd first octet: PFC, one-octet protocol
        f.protocol = body[pos];
        f.protocol_compressed = true;
        pos += 1;
    } else {
        // Two octets even when the low one is even too (ISO 3309 would extend further): such a
        // number is an unrecognized protocol, not an undecodable frame (protocol_number_valid).
        if (pos + 1 >= body.size()) return error(pos, "Protocol field truncated", "FR-11");
        f.protocol = detail::get16(body, pos);
        pos += 2;
    }
    f.information.assign(body.begin() + static_cast<std::ptrdiff_t>(pos), body.end());
    return f;
}

}  // namespace ppp::wire
