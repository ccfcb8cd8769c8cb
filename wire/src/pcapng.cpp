#include "ppp/wire/pcapng.hpp"

#include <algorithm>
#include <limits>

namespace ppp::wire::pcapng {
namespace {

// Clauses of draft-ietf-opsawg-pcapng a refusal names.
constexpr const char* kBlockClause = "pcapng 3.1";
constexpr const char* kOptionClause = "pcapng 3.5";
constexpr const char* kShbClause = "pcapng 4.1";
constexpr const char* kIdbClause = "pcapng 4.2";
constexpr const char* kEpbClause = "pcapng 4.3";
constexpr const char* kSpbClause = "pcapng 4.4";
constexpr const char* kIsbClause = "pcapng 4.6";

// Option codes (§3.5, §4.2, §4.3).
constexpr std::uint16_t kOptEndOfOpt = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kOptIfName = 2;
constexpr std::uint16_t kOptIfTsresol = 9;
constexpr std::uint16_t kOptIfTsoffset = 14;
constexpr std::uint16_t kOptEpbFlags = 2;
constexpr std::uint16_t kOptIsbEndtime = 3;  // also the obsolete Packet Block's pack_flags

std::uint32_t read32(const std::uint8_t* at, ByteOrder order) {
    if (order == ByteOrder::Big) {
        return std::uint32_t{at[0]} << 24 | std::uint32_t{at[1]} << 16 | std::uint32_t{at[2]} << 8 | at[3];
    }
    return std::uint32_t{at[3]} << 24 | std::uint32_t{at[2]} << 16 | std::uint32_t{at[1]} << 8 | at[0];
}

std::string hex32(std::uint32_t value) {
    static const char* digits = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
    return out;
}

std::size_t round4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

std::int64_t saturate(std::uint64_t value) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(std::min(value, kMax));
}

}  // namespace

std::int64_t to_microseconds(std::uint64_t timestamp, std::uint8_t tsresol, std::int64_t tsoffset) {
    constexpr std::uint64_t kMillion = 1'000'000;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    const unsigned n = tsresol & 0x7Fu;
    std::uint64_t us = 0;
    if ((tsresol & 0x80u) != 0) {
        // §4.2 if_tsresol, MSB set: units of 2^-n seconds. Whole seconds and the fraction are
        // scaled apart; the fraction keeps 40 bits so that times 10^6 it fits 64.
        const std::uint64_t seconds = n >= 64 ? 0 : timestamp >> n;
        std::uint64_t fraction = n >= 64 ? timestamp : timestamp & ((std::uint64_t{1} << n) - 1);
        unsigned shift = n;
        if (shift > 40) {
            fraction = shift - 40 >= 64 ? 0 : fraction >> (shift - 40);
            shift = 40;
        }
        std::uint64_t whole = 0;
        if (__builtin_mul_overflow(seconds, kMillion, &whole)) whole = kMax;
        if (__builtin_add_overflow(whole, (fraction * kMillion) >> shift, &us)) us = kMax;
    } else {
        // MSB clear: units of 10^-n seconds.
        std::uint64_t scale = 1;
        for (unsigned i = 0; i < (n <= 6 ? 6 - n : std::min(n - 6, 20u)); ++i) {
            if (__builtin_mul_overflow(scale, std::uint64_t{10}, &scale)) scale = 0;
        }
        if (n <= 6) {
            if (__builtin_mul_overflow(timestamp, scale, &us)) us = kMax;
        } else {
            us = scale == 0 ? 0 : timestamp / scale;  // 10^20 and beyond: below a microsecond
        }
    }
    std::int64_t offset_us = 0;
    std::int64_t out = saturate(us);
    if (__builtin_mul_overflow(tsoffset, std::int64_t{1'000'000}, &offset_us) ||
        __builtin_add_overflow(out, offset_us, &out)) {
        out = tsoffset < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    }
    return out;
}

std::uint16_t Decoder::get16(const std::uint8_t* at) const {
    return order_ == ByteOrder::Big ? static_cast<std::uint16_t>(at[0] << 8 | at[1])
                                    : static_cast<std::uint16_t>(at[1] << 8 | at[0]);
}

std::uint32_t Decoder::get32(const std::uint8_t* at) const { return read32(at, order_); }

Decoded<std::size_t> Decoder::block_length(const std::uint8_t* head, std::size_t size) const {
    const auto at = static_cast<std::size_t>(offset_);
    if (size < kHeadBytes) {
        return DecodeError{at, "block header needs " + std::to_string(kHeadBytes) + " octets, " +
                                   std::to_string(size) + " left", kBlockClause};
    }
    const bool section_header = read32(head, ByteOrder::Big) == kSectionHeaderBlock;
    ByteOrder order = order_;
    if (section_header) {
        // §4.1: the Byte-Order Magic, not the reader, says how every number of the section reads.
        if (read32(head + 8, ByteOrder::Big) == kByteOrderMagic) order = ByteOrder::Big;
        else if (read32(head + 8, ByteOrder::Little) == kByteOrderMagic) order = ByteOrder::Little;
        else {
            return DecodeError{at + 8, "Section Header Block Byte-Order Magic " + hex32(read32(head + 8, ByteOrder::Big)) +
                                           " (accepted: 1a2b3c4d in either byte order)", kShbClause};
        }
    } else if (sections_ == 0) {
        // §3.3: every section starts with a Section Header Block, the file with a section.
        return DecodeError{at, "block type " + hex32(read32(head, ByteOrder::Big)) +
                                   " before any Section Header Block (accepted: a file starting 0a 0d 0d 0a)",
                           kShbClause};
    }
    const std::uint32_t length = read32(head + 4, order);
    if (length < kMinBlockBytes || length % 4 != 0 || length > kMaxBlockBytes) {
        return DecodeError{at + 4, "Block Total Length " + std::to_string(length) +
                                       " (accepted: a multiple of 4 from 12 to " + std::to_string(kMaxBlockBytes) + ")",
                           kBlockClause};
    }
    if (section_header && length < 28) {
        return DecodeError{at + 4, "Section Header Block Total Length " + std::to_string(length) + " below 28",
                           kShbClause};
    }
    return std::size_t{length};
}

Decoded<Block> Decoder::decode_block(const std::uint8_t* block, std::size_t size) {
    auto length = block_length(block, size);
    if (!length) return length.error();
    const auto at = static_cast<std::size_t>(offset_);
    if (length.value() != size) {
        return DecodeError{at + 4, "Block Total Length " + std::to_string(length.value()) + " but " +
                                       std::to_string(size) + " octets given", kBlockClause};
    }
    Decoded<Block> decoded = DecodeError{};
    const std::uint32_t type = read32(block, ByteOrder::Big) == kSectionHeaderBlock ? kSectionHeaderBlock : get32(block);
    if (type == kSectionHeaderBlock) {
        decoded = decode_section_header(block, size);
    } else {
        // §3.1: the trailing Block Total Length repeats the leading one; a section header's
        // is checked once its byte order is known.
        if (get32(block + size - 4) != size) {
            return DecodeError{at + size - 4, "trailing Block Total Length " + std::to_string(get32(block + size - 4)) +
                                                  " differs from the leading " + std::to_string(size),
                               kBlockClause};
        }
        switch (type) {
            case kInterfaceDescriptionBlock: decoded = decode_interface(block, size); break;
            case kEnhancedPacketBlock:
            case kSimplePacketBlock:
            case kObsoletePacketBlock: decoded = decode_packet(type, block, size); break;
            case kInterfaceStatisticsBlock: decoded = decode_statistics(block, size); break;
            default: decoded = Block{type, size, std::nullopt}; break;  // §3.1: skipped by its length
        }
    }
    if (decoded) offset_ += size;
    return decoded;
}

namespace {

// §3.5: options fill [begin, end) of a block: Option Code, Option Length, the value padded to
// 32 bits; opt_endofopt ends them. `visit(code, value, length)` sees each.
template <class Get16, class Visit>
std::optional<DecodeError> walk_options(const std::uint8_t* block, std::size_t begin, std::size_t end,
                                        std::size_t block_offset, Get16 get16, Visit visit) {
    std::size_t at = begin;
    while (end - at >= 4) {
        const std::uint16_t code = get16(block + at);
        const std::uint16_t length = get16(block + at + 2);
        if (code == kOptEndOfOpt) break;
        if (round4(length) > end - at - 4) {
            return DecodeError{block_offset + at + 2, "option " + std::to_string(code) + " Option Length " +
                                                          std::to_string(length) + " past the end of its block",
                               kOptionClause};
        }
        visit(code, block + at + 4, std::size_t{length});
        at += 4 + round4(length);
    }
    return std::nullopt;
}

}  // namespace

Decoded<Block> Decoder::decode_section_header(const std::uint8_t* block, std::size_t size) {
    const auto at = static_cast<std::size_t>(offset_);
    const ByteOrder order = read32(block + 8, ByteOrder::Big) == kByteOrderMagic ? ByteOrder::Big : ByteOrder::Little;
    if (read32(block + size - 4, order) != size) {
        return DecodeError{at + size - 4, "trailing Block Total Length " + std::to_string(read32(block + size - 4, order)) +
                                              " differs from the leading " + std::to_string(size),
                           kBlockClause};
    }
    order_ = order;
    const std::uint16_t major = get16(block + 12);
    const std::uint16_t minor = get16(block + 14);
    // §4.1: a reader refuses a Major Version it does not know; minor versions stay readable.
    if (major != 1) {
        return DecodeError{at + 12, "Section Header Block version " + std::to_string(major) + "." +
                                        std::to_string(minor) + " (accepted: 1.x)", kShbClause};
    }
    // §3.5 opt_comment: the section's first comment (ppp-conform's evidence says what ran there).
    std::string comment;
    auto get = [order](const std::uint8_t* p) {
        return static_cast<std::uint16_t>(order == ByteOrder::Big ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]));
    };
    const auto bad = walk_options(block, 24, size - 4, at, get, [&](std::uint16_t code, const std::uint8_t* value,
                                                                   std::size_t length) {
        if (code == kOptComment && comment.empty()) comment.assign(value, value + std::min(length, kMaxCommentBytes));
    });
    if (bad) return *bad;
    section_comment_ = std::move(comment);
    ++sections_;
    interfaces_.clear();  // §4.1: interface ids count from 0 in each section
    return Block{kSectionHeaderBlock, size, std::nullopt};
}


Decoded<Block> Decoder::decode_interface(const std::uint8_t* block, std::size_t size) {
    const auto at = static_cast<std::size_t>(offset_);
    if (size < 20) {
        return DecodeError{at + 4, "Interface Description Block Total Length " + std::to_string(size) + " below 20",
                           kIdbClause};
    }
    if (interfaces_.size() >= kMaxInterfaces) {
        return DecodeError{at, "more than " + std::to_string(kMaxInterfaces) + " interfaces in one section",
                           kIdbClause};
    }
    Interface iface;
    iface.linktype = get16(block + 8);
    iface.snaplen = get32(block + 12);
    auto get = [this](const std::uint8_t* p) { return get16(p); };
    const auto bad = walk_options(block, 16, size - 4, at, get, [&](std::uint16_t code, const std::uint8_t* value,
                                                                   std::size_t length) {
        if (code == kOptIfName) {
            iface.name.assign(value, value + std::min(length, kMaxNameBytes));
        } else if (code == kOptIfTsresol && length == 1) {
            iface.tsresol = value[0];
        } else if (code == kOptIfTsoffset && length == 8) {
            const std::uint64_t high = get32(value + (order_ == ByteOrder::Big ? 0 : 4));
            const std::uint64_t low = get32(value + (order_ == ByteOrder::Big ? 4 : 0));
            iface.tsoffset = static_cast<std::int64_t>(high << 32 | low);
        }
    });
    if (bad) return *bad;
    interfaces_.push_back(std::move(iface));
    return Block{kInterfaceDescriptionBlock, size, std::nullopt};
}

// §4.6 Interface Statistics Block: the capture's end on that interface (isb_endtime, else the
// block's own timestamp), which says how long silence was observed after the last packet.
Decoded<Block> Decoder::decode_statistics(const std::uint8_t* block, std::size_t size) {
    const auto at = static_cast<std::size_t>(offset_);
    if (size < 24) {
        return DecodeError{at + 4, "Interface Statistics Block Total Length " + std::to_string(size) + " below 24",
                           kIsbClause};
    }
    const std::uint32_t id = get32(block + 8);
    std::uint64_t stamp = std::uint64_t{get32(block + 12)} << 32 | get32(block + 16);
    auto get = [this](const std::uint8_t* p) { return get16(p); };
    const auto bad = walk_options(block, 20, size - 4, at, get, [&](std::uint16_t code, const std::uint8_t* value,
                                                                   std::size_t length) {
        if (code == kOptIsbEndtime && length == 8) stamp = std::uint64_t{get32(value)} << 32 | get32(value + 4);
    });
    if (bad) return *bad;
    if (id < interfaces_.size()) {
        const Interface& i = interfaces_[id];
        const std::int64_t end = to_microseconds(stamp, i.tsresol, i.tsoffset);
        capture_end_us_ = capture_end_us_ ? std::max(*capture_end_us_, end) : end;
    }
    return Block{kInterfaceStatisticsBlock, size, std::nullopt};
}

Decoded<Block> Decoder::decode_packet(std::uint32_t type, const std::uint8_t* block, std::size_t size) {
    const auto at = static_cast<std::size_t>(offset_);
    Packet packet;
    if (type == kSimplePacketBlock) {
        // §4.4: no interface id (always 0), no timestamp; the captured length is the original
        // length cut to the interface's SnapLen and to the block.
        if (size < 16) {
            return DecodeError{at + 4, "Simple Packet Block Total Length " + std::to_string(size) + " below 16",
                               kSpbClause};
        }
        if (interfaces_.empty()) {
            return DecodeError{at, "Simple Packet Block before any Interface Description Block", kSpbClause};
        }
        packet.original_length = get32(block + 8);
        std::size_t captured = std::min<std::size_t>(packet.original_length, size - 16);
        if (interfaces_[0].snaplen != 0) captured = std::min<std::size_t>(captured, interfaces_[0].snaplen);
        packet.linktype = interfaces_[0].linktype;
        packet.data_offset = 12;
        packet.data_size = captured;
        return Block{type, size, packet};
    }
    // §4.3 Enhanced Packet Block; Appendix A's obsolete Packet Block has the same layout with a
    // 16-bit Interface ID and a 16-bit Drops Count in the EPB's 32-bit Interface ID.
    if (size < 32) {
        return DecodeError{at + 4, "packet block Total Length " + std::to_string(size) + " below 32", kEpbClause};
    }
    packet.interface_id = type == kObsoletePacketBlock ? get16(block + 8) : get32(block + 8);
    if (packet.interface_id >= interfaces_.size()) {
        return DecodeError{at + 8, "Interface ID " + std::to_string(packet.interface_id) + " not described (" +
                                       std::to_string(interfaces_.size()) + " interfaces in this section)",
                           kEpbClause};
    }
    const Interface& iface = interfaces_[packet.interface_id];
    const std::uint64_t timestamp = std::uint64_t{get32(block + 12)} << 32 | get32(block + 16);
    const std::uint32_t captured = get32(block + 20);
    packet.original_length = get32(block + 24);
    if (captured > size - 32) {
        return DecodeError{at + 20, "Captured Packet Length " + std::to_string(captured) + " past the " +
                                        std::to_string(size - 32) + " octets of its block",
                           kEpbClause};
    }
    packet.linktype = iface.linktype;
    packet.time_us = to_microseconds(timestamp, iface.tsresol, iface.tsoffset);
    packet.data_offset = 28;
    packet.data_size = captured;
    auto get = [this](const std::uint8_t* p) { return get16(p); };
    const auto bad = walk_options(block, 28 + round4(captured), size - 4, at, get,
                                  [&](std::uint16_t code, const std::uint8_t* value, std::size_t length) {
                                      if (code != kOptEpbFlags || length != 4) return;
                                      // §4.3.1: bits 0-1, 01 inbound, 10 outbound.
                                      switch (get32(value) & 0x3u) {
                                          case 1: packet.direction = Direction::Inbound; break;
                                          case 2: packet.direction = Direction::Outbound; break;
                                          default: packet.direction = Direction::Unknown; break;
                                      }
                                  });
    if (bad) return *bad;
    return Block{type, size, packet};
}

}  // namespace ppp::wire::pcapng
