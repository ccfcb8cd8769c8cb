// pcapng blocks (draft-ietf-opsawg-pcapng): both byte orders, timestamp resolutions, several
// interfaces and sections, packet block kinds, and lengths that must be refused with an offset.
#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ppp/wire/pcapng.hpp"
#include "wire/pcapng_builder.hpp"

namespace {

using namespace ppp::wire;
using ppp::testing::PcapngBuilder;

struct Read {
    std::vector<pcapng::Packet> packets;
    std::vector<Bytes> data;
    std::optional<DecodeError> error;
    std::size_t left = 0;  // octets after the last whole block
};

// The blocks of `file` in order, as a reader of a file would hand them over.
Read read_all(const Bytes& file, pcapng::Decoder& decoder) {
    Read out;
    std::size_t at = 0;
    while (file.size() - at >= pcapng::kHeadBytes) {
        auto length = decoder.block_length(file.data() + at, file.size() - at);
        if (!length) {
            out.error = length.error();
            return out;
        }
        if (length.value() > file.size() - at) break;
        auto block = decoder.decode_block(file.data() + at, length.value());
        if (!block) {
            out.error = block.error();
            return out;
        }
        if (const auto& packet = block.value().packet) {
            out.packets.push_back(*packet);
            const auto* begin = file.data() + at + packet->data_offset;
            out.data.emplace_back(begin, begin + packet->data_size);
        }
        at += length.value();
    }
    out.left = file.size() - at;
    return out;
}

Read read_all(const Bytes& file) {
    pcapng::Decoder decoder;
    return read_all(file, decoder);
}

const Bytes kLcp{0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
const Bytes kSetup{0x02, 0x01, 0x00, 0x00, 0x08, 0x01, 0x01, 0x05};

TEST(WirePcapng, LittleAndBigEndianReadAlike) {
    for (const bool big : {false, true}) {
        const Bytes file = PcapngBuilder(big).section().interface(9).enhanced(0, 1'500'000, kLcp).bytes();
        const Read read = read_all(file);
        ASSERT_FALSE(read.error) << read.error->to_string();
        ASSERT_EQ(read.packets.size(), 1u) << big;
        EXPECT_EQ(read.packets[0].linktype, 9);
        EXPECT_EQ(read.packets[0].time_us, 1'500'000);
        EXPECT_EQ(read.data[0], kLcp);
        EXPECT_EQ(read.left, 0u);
    }
}

TEST(WirePcapng, TsresolDecimalAndBinary) {
    const Bytes file = PcapngBuilder()
                           .section()
                           .interface(9)                   // default 10^-6
                           .interface(9, std::uint8_t{9})  // 10^-9
                           .interface(9, std::uint8_t{0x80 | 20})  // 2^-20
                           .interface(9, std::uint8_t{3})  // 10^-3
                           .enhanced(0, 2'000'001, kLcp)
                           .enhanced(1, 2'000'001'999, kLcp)
                           .enhanced(2, (std::uint64_t{5} << 20) | (1u << 19), kLcp)
                           .enhanced(3, 7'250, kLcp)
                           .bytes();
    const Read read = read_all(file);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 4u);
    EXPECT_EQ(read.packets[0].time_us, 2'000'001);
    EXPECT_EQ(read.packets[1].time_us, 2'000'001);
    EXPECT_EQ(read.packets[2].time_us, 5'500'000);
    EXPECT_EQ(read.packets[3].time_us, 7'250'000);
}

TEST(WirePcapng, TimestampsSaturateInsteadOfOverflowing) {
    EXPECT_EQ(pcapng::to_microseconds(~std::uint64_t{0}, 0, 0), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(pcapng::to_microseconds(~std::uint64_t{0}, 0x80 | 127, 0), 0);
    EXPECT_EQ(pcapng::to_microseconds(~std::uint64_t{0}, 127, 0), 0);
    EXPECT_EQ(pcapng::to_microseconds(1, 6, -5), -4'999'999);
    EXPECT_EQ(pcapng::to_microseconds(1, 0x80 | 64, 0), 0);
    EXPECT_EQ(pcapng::to_microseconds(std::uint64_t{3} << 62, 0x80 | 64, 0), 750'000);
}

TEST(WirePcapng, TwoInterfacesOfDifferentLinkTypes) {
    const Bytes file = PcapngBuilder()
                           .section()
                           .interface(204, std::nullopt, "isdn-b1")
                           .interface(203, std::nullopt, "isdn-d")
                           .enhanced(1, 10, kSetup)
                           .enhanced(0, 20, Bytes{0x01, 0xff, 0x03})
                           .bytes();
    pcapng::Decoder decoder;
    const Read read = read_all(file, decoder);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 2u);
    EXPECT_EQ(read.packets[0].linktype, 203);
    EXPECT_EQ(read.packets[0].interface_id, 1u);
    EXPECT_EQ(read.data[0], kSetup);
    EXPECT_EQ(read.packets[1].linktype, 204);
    ASSERT_EQ(decoder.interfaces().size(), 2u);
    EXPECT_EQ(decoder.interfaces()[0].name, "isdn-b1");
    EXPECT_EQ(decoder.interfaces()[1].name, "isdn-d");
}

TEST(WirePcapng, EpbFlagsGiveTheDirection) {
    const Bytes file = PcapngBuilder()
                           .section()
                           .interface(9)
                           .enhanced(0, 1, kLcp, 1u)
                           .enhanced(0, 2, kLcp, 2u)
                           .enhanced(0, 3, kLcp, 0x100u)
                           .enhanced(0, 4, kLcp)
                           .bytes();
    const Read read = read_all(file);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 4u);
    EXPECT_EQ(read.packets[0].direction, pcapng::Direction::Inbound);
    EXPECT_EQ(read.packets[1].direction, pcapng::Direction::Outbound);
    EXPECT_EQ(read.packets[2].direction, pcapng::Direction::Unknown);
    EXPECT_EQ(read.packets[3].direction, pcapng::Direction::Unknown);
}

TEST(WirePcapng, SimpleAndObsoletePacketBlocks) {
    const Bytes file = PcapngBuilder(true)
                           .section()
                           .interface(50, std::nullopt, "", 5)
                           .simple(kLcp)
                           .obsolete(0, 42, kLcp)
                           .bytes();
    const Read read = read_all(file);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 2u);
    EXPECT_FALSE(read.packets[0].time_us);
    EXPECT_EQ(read.data[0], Bytes(kLcp.begin(), kLcp.begin() + 5));  // SnapLen 5
    EXPECT_EQ(read.packets[0].original_length, kLcp.size());
    EXPECT_EQ(read.packets[1].time_us, 42);
    EXPECT_EQ(read.data[1], kLcp);
}

TEST(WirePcapng, UnknownBlocksAreSkipped) {
    const Bytes file = PcapngBuilder()
                           .section()
                           .block(0x0BAD, Bytes(10, 0xEE))
                           .interface(9)
                           .block(5, Bytes(20, 0))  // Interface Statistics Block: not needed
                           .enhanced(0, 1, kLcp)
                           .bytes();
    const Read read = read_all(file);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 1u);
    EXPECT_EQ(read.data[0], kLcp);
}

TEST(WirePcapng, ASecondSectionRestartsInterfacesInItsOwnByteOrder) {
    PcapngBuilder first;
    first.section().interface(9).enhanced(0, 1, kLcp);
    const Bytes second = PcapngBuilder(true).section().interface(203).enhanced(0, 2, kSetup).bytes();
    first.raw(second);
    pcapng::Decoder decoder;
    const Read read = read_all(first.bytes(), decoder);
    ASSERT_FALSE(read.error) << read.error->to_string();
    ASSERT_EQ(read.packets.size(), 2u);
    EXPECT_EQ(read.packets[1].linktype, 203);
    EXPECT_EQ(read.packets[1].interface_id, 0u);
    EXPECT_EQ(decoder.sections(), 2u);
    EXPECT_EQ(decoder.interfaces().size(), 1u);

    // Interface 1 of the first section is gone in the second.
    const Bytes stale = PcapngBuilder().section().interface(9).interface(9).section().interface(9).enhanced(1, 1, kLcp).bytes();
    const Read refused = read_all(stale);
    ASSERT_TRUE(refused.error);
    EXPECT_NE(refused.error->what.find("Interface ID 1 not described"), std::string::npos);
}

TEST(WirePcapng, TruncatedFileStopsAfterTheLastWholeBlock) {
    const Bytes file = PcapngBuilder().section().interface(9).enhanced(0, 1, kLcp).enhanced(0, 2, kLcp).bytes();
    const Bytes cut(file.begin(), file.end() - 5);
    const Read read = read_all(cut);
    ASSERT_FALSE(read.error) << read.error->to_string();
    EXPECT_EQ(read.packets.size(), 1u);
    EXPECT_GT(read.left, 0u);
}

// A file whose third block (offset 48: SHB 28 + IDB 20) has `length` as its Block Total Length.
Bytes with_epb_length(std::uint32_t length) {
    Bytes file = PcapngBuilder().section().interface(9).enhanced(0, 1, kLcp).bytes();
    for (int i = 0; i < 4; ++i) file[52 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(length >> (8 * i));
    return file;
}

TEST(WirePcapng, BadBlockLengthsAreRefusedWithTheirOffset) {
    for (const std::uint32_t length : {0u, 8u, 13u, 0x7FFFFFFCu, 0xFFFFFFFFu}) {
        const Read read = read_all(with_epb_length(length));
        ASSERT_TRUE(read.error) << length;
        EXPECT_EQ(read.error->offset, 52u) << length;
        EXPECT_NE(read.error->what.find("Block Total Length " + std::to_string(length)), std::string::npos)
            << read.error->to_string();
        EXPECT_EQ(read.packets.size(), 0u);
    }
    // A leading length that is plausible but disagrees with the trailing one.
    const Read read = read_all(with_epb_length(36));
    ASSERT_TRUE(read.error);
    EXPECT_NE(read.error->what.find("trailing Block Total Length"), std::string::npos) << read.error->to_string();
}

TEST(WirePcapng, CapturedLengthPastItsBlockIsRefused) {
    Bytes file = PcapngBuilder().section().interface(9).enhanced(0, 1, kLcp).bytes();
    file[48 + 20] = 0xFF;  // Captured Packet Length 255 in a block with 8 octets of data
    const Read read = read_all(file);
    ASSERT_TRUE(read.error);
    EXPECT_EQ(read.error->offset, 68u);
}

TEST(WirePcapng, OptionPastItsBlockIsRefused) {
    Bytes file = PcapngBuilder().section().interface(9, std::uint8_t{9}).bytes();
    file[28 + 16 + 2] = 0x40;  // if_tsresol Option Length 64
    const Read read = read_all(file);
    ASSERT_TRUE(read.error);
    EXPECT_EQ(read.error->offset, 46u);
}

TEST(WirePcapng, NotASectionFirstIsRefused) {
    const Bytes pcap{0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};
    const Read read = read_all(pcap);
    ASSERT_TRUE(read.error);
    EXPECT_EQ(read.error->offset, 0u);
    EXPECT_NE(read.error->what.find("before any Section Header Block"), std::string::npos);

    Bytes bad_magic = PcapngBuilder().section().bytes();
    bad_magic[8] = 0x00;
    const Read magic = read_all(bad_magic);
    ASSERT_TRUE(magic.error);
    EXPECT_EQ(magic.error->offset, 8u);

    const Read version = read_all(PcapngBuilder().section(2, 0).bytes());
    ASSERT_TRUE(version.error);
    EXPECT_NE(version.error->what.find("version 2.0 (accepted: 1.x)"), std::string::npos);
}

}  // namespace
