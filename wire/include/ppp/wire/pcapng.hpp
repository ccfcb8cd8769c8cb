#pragma once
// pcapng blocks (draft-ietf-opsawg-pcapng), decoded sans-IO: the caller reads the file (or holds
// it in memory) and hands over one block at a time, so memory stays bounded by one block. Issue
// #16: a capture with interfaces of different link types (a B- and a D-channel in one file),
// which libpcap refuses, is read here. Bad bytes give a DecodeError naming the offset in the
// file; nothing is read past what was given.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire::pcapng {

// Block Types, §3.2 (and Appendix A for the obsolete Packet Block).
inline constexpr std::uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
inline constexpr std::uint32_t kInterfaceDescriptionBlock = 1;
inline constexpr std::uint32_t kObsoletePacketBlock = 2;
inline constexpr std::uint32_t kSimplePacketBlock = 3;
inline constexpr std::uint32_t kInterfaceStatisticsBlock = 5;
inline constexpr std::uint32_t kEnhancedPacketBlock = 6;
inline constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;

// Block Type + Block Total Length + (in a Section Header Block) the Byte-Order Magic: what a
// reader needs before it knows how long the block is.
inline constexpr std::size_t kHeadBytes = 12;
// §3.1: Block Type, Block Total Length, trailing Block Total Length.
inline constexpr std::size_t kMinBlockBytes = 12;
// No block this project reads comes near it; a larger length is garbage, not a reason to
// allocate (the spec sets no maximum).
inline constexpr std::size_t kMaxBlockBytes = 16u * 1024 * 1024;
// Interfaces kept per section: each costs memory, and no ISDN capture has more.
inline constexpr std::size_t kMaxInterfaces = 4096;

enum class ByteOrder { Little, Big };
// §4.3.1 epb_flags bits 0-1 (and the OPB's pack_flags): 00 unknown, 01 inbound, 10 outbound.
enum class Direction { Unknown, Inbound, Outbound };

// §4.2 Interface Description Block.
struct Interface {
    std::uint16_t linktype = 0;
    std::uint32_t snaplen = 0;  // 0: no limit
    std::uint8_t tsresol = 6;   // if_tsresol as written: bit 7 clear 10^-n, set 2^-n; default 10^-6
    std::int64_t tsoffset = 0;  // if_tsoffset, seconds added to every timestamp
    std::string name;           // if_name, at most kMaxNameBytes kept
};
inline constexpr std::size_t kMaxNameBytes = 256;
inline constexpr std::size_t kMaxCommentBytes = 4096;  // of a Section Header Block's opt_comment

// A packet of an EPB, SPB or obsolete Packet Block. Its octets are data_size octets at
// data_offset in the block handed to decode_block (never past its end).
struct Packet {
    std::uint32_t interface_id = 0;
    std::uint16_t linktype = 0;
    std::optional<std::int64_t> time_us;  // none in an SPB; saturates far beyond any real clock
    Direction direction = Direction::Unknown;
    std::size_t data_offset = 0;
    std::size_t data_size = 0;       // Captured Packet Length
    std::uint32_t original_length = 0;
};

struct Block {
    std::uint32_t type = 0;
    std::size_t length = 0;         // Block Total Length
    std::optional<Packet> packet;   // for packet blocks; other blocks only update the decoder
};

// Timestamp units (per `tsresol`) to microseconds since 1970, with `tsoffset` seconds added;
// saturates instead of overflowing.
std::int64_t to_microseconds(std::uint64_t timestamp, std::uint8_t tsresol, std::int64_t tsoffset);

// One pass over a file's blocks. Call block_length on the first kHeadBytes of the next block,
// read that many octets, then decode_block on them. offset() is where the next block starts.
class Decoder {
public:
    // The Block Total Length of the block `head` starts (size >= kHeadBytes), or an error:
    // the first block is not a Section Header Block, an unknown Byte-Order Magic, or a length
    // below 12, not a multiple of 4, or above kMaxBlockBytes (§3.1).
    Decoded<std::size_t> block_length(const std::uint8_t* head, std::size_t size) const;
    // One whole block (`size` as block_length said). A Section Header Block starts a new
    // section (interface ids restart, §4.1); an Interface Description Block adds an interface;
    // packet blocks give a Packet; unknown block types are skipped by their length (§3.1).
    Decoded<Block> decode_block(const std::uint8_t* block, std::size_t size);

    std::uint64_t offset() const { return offset_; }
    std::size_t sections() const { return sections_; }
    const std::vector<Interface>& interfaces() const { return interfaces_; }
    // The current section's opt_comment (the first, at most kMaxCommentBytes), "" without one.
    const std::string& section_comment() const { return section_comment_; }
    // The latest end of capture an Interface Statistics Block gave (isb_endtime, else its
    // timestamp), in microseconds; nullopt without one.
    std::optional<std::int64_t> capture_end_us() const { return capture_end_us_; }

private:
    Decoded<Block> decode_section_header(const std::uint8_t* block, std::size_t size);
    Decoded<Block> decode_interface(const std::uint8_t* block, std::size_t size);
    Decoded<Block> decode_packet(std::uint32_t type, const std::uint8_t* block, std::size_t size);
    Decoded<Block> decode_statistics(const std::uint8_t* block, std::size_t size);
    std::uint16_t get16(const std::uint8_t* at) const;
    std::uint32_t get32(const std::uint8_t* at) const;

    ByteOrder order_ = ByteOrder::Little;
    std::uint64_t offset_ = 0;
    std::size_t sections_ = 0;
    std::vector<Interface> interfaces_;
    std::string section_comment_;
    std::optional<std::int64_t> capture_end_us_;
};

}  // namespace ppp::wire::pcapng
