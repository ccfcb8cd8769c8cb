// pcapng evidence (draft-ietf-opsawg-pcapng): the blocks as the format lays them out, the writer's
// file equal to them, and Wireshark's reading of a B-channel, the D-channel and the LAN side in one file.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "ppp/adapters/capture_file.hpp"
#include "ppp/reports/pcapng_writer.hpp"

namespace {
using ppp::reports::PacketDirection;
using ppp::reports::PcapngInterface;
using ppp::reports::PcapngRecord;

std::uint32_t le32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s.at(at + static_cast<std::size_t>(i)));
    return v;
}
std::uint16_t le16(const std::string& s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s.at(at)) | (static_cast<unsigned char>(s.at(at + 1)) << 8));
}

const std::vector<PcapngInterface> kInterfaces = {{50, "B1"}, {203, "D"}, {228, "LAN"}};
std::vector<PcapngRecord> sample() {
    PcapngRecord lcp;  // LCP Echo-Request on B1, bad FCS, sent by the SUT
    lcp.interface = 0;
    lcp.timestamp_us = 0x100000002ULL;
    lcp.direction = PacketDirection::Outbound;
    lcp.crc_error = true;
    lcp.bytes = {0xff, 0x03, 0xc0, 0x21, 0x09, 0x01, 0x00, 0x08, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00};
    PcapngRecord setup;  // Q.931 SETUP from the network, in a LAPD I frame
    setup.interface = 1;
    setup.timestamp_us = 7;
    setup.direction = PacketDirection::Inbound;
    setup.bytes = {0x02, 0x81, 0x00, 0x00, 0x08, 0x01, 0x01, 0x05};
    return {lcp, setup};
}

// Section 4.1-4.3: SHB (byte-order magic, version 1.0), one IDB per interface (link type, if_name),
// EPB (interface, split timestamp, lengths, data padded to 32 bits, epb_flags).
TEST(ReportsPcapng, BlocksAreLaidOutAsTheFormatSays) {
    const std::string file = ppp::reports::pcapng_bytes(kInterfaces, sample());
    ASSERT_GE(file.size(), 28U);
    EXPECT_EQ(le32(file, 0), 0x0A0D0D0AU);
    EXPECT_EQ(le32(file, 4), 28U);
    EXPECT_EQ(le32(file, 8), 0x1A2B3C4DU);
    EXPECT_EQ(le16(file, 12), 1U);
    EXPECT_EQ(le32(file, 24), 28U);  // trailing length repeats the leading one
    std::size_t at = 28;
    for (const auto& i : kInterfaces) {
        ASSERT_EQ(le32(file, at), 1U);
        const std::uint32_t length = le32(file, at + 4);
        EXPECT_EQ(length % 4, 0U);
        EXPECT_EQ(le16(file, at + 8), i.link_type);
        EXPECT_EQ(le16(file, at + 16), 2U);  // if_name
        EXPECT_EQ(file.substr(at + 20, le16(file, at + 18)), i.name);
        EXPECT_EQ(le32(file, at + length - 4), length);
        at += length;
    }
    // The Echo-Request: timestamp high and low words, 14 octets padded to 16, then its flags.
    ASSERT_EQ(le32(file, at), 6U);
    const std::uint32_t length = le32(file, at + 4);
    EXPECT_EQ(le32(file, at + 8), 0U);
    EXPECT_EQ(le32(file, at + 12), 1U);
    EXPECT_EQ(le32(file, at + 16), 2U);
    EXPECT_EQ(le32(file, at + 20), 14U);
    EXPECT_EQ(le32(file, at + 24), 14U);
    EXPECT_EQ(le16(file, at + 28 + 16), 2U);  // epb_flags
    EXPECT_EQ(le32(file, at + 28 + 20), 2U | (1U << 24));  // outbound, CRC error
    EXPECT_EQ(le32(file, at + length - 4), length);
    EXPECT_EQ(at + length + le32(file, at + length + 4), file.size());
}

TEST(ReportsPcapng, TheWritersFileIsThoseBlocksAndRefusesAnUndescribedInterface) {
    const std::string path = ::testing::TempDir() + "evidence.pcapng";
    ppp::reports::PcapngWriter writer;
    ASSERT_TRUE(writer.open(path, kInterfaces)) << writer.error();
    for (const auto& r : sample()) ASSERT_TRUE(writer.write(r)) << writer.error();
    PcapngRecord stray;
    stray.interface = 3;
    EXPECT_FALSE(writer.write(stray));
    EXPECT_NE(writer.error().find("interface 3 was not described"), std::string::npos) << writer.error();
    ASSERT_TRUE(writer.close()) << writer.error();
    EXPECT_EQ(writer.records(), 2U);
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str(), ppp::reports::pcapng_bytes(kInterfaces, sample()));
}

TEST(ReportsPcapng, WiresharkReadsEachInterfaceDirectionAndTheFcsError) {
    if (std::system("command -v tshark > /dev/null 2>&1") != 0) {
        if (std::getenv("PPP_REQUIRE_TOOLS") != nullptr) FAIL() << "tshark is required (PPP_REQUIRE_TOOLS=1)";
        GTEST_SKIP() << "tshark not installed";
    }
    const std::string path = ::testing::TempDir() + "evidence-tshark.pcapng";
    {
        std::ofstream out(path, std::ios::binary);
        out << ppp::reports::pcapng_bytes(kInterfaces, sample());
    }
    const std::string listing = ::testing::TempDir() + "evidence-tshark.txt";
    ASSERT_EQ(std::system(("tshark -r '" + path + "' -T fields -e frame.interface_name -e frame.p2p_dir -e q931.message_type " +
                           "-e frame.packet_flags_crc_error > '" + listing + "' 2>/dev/null")
                              .c_str()),
              0);
    std::ifstream in(listing);
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    // Interface name, direction (frame.p2p_dir: 0 sent, 1 received), Q.931 type, CRC error flag.
    EXPECT_EQ(first, "B1\t0\t\t1");
    EXPECT_EQ(second, "D\t1\t0x05\t0");
}

// What `check` needs back from `run`'s evidence: each packet's interface name, link type and
// direction, the section comment, and where the capture ended (Interface Statistics Blocks).
TEST(ReportsPcapng, TheCaptureReaderReadsBackWhatTheWriterWrote) {
    const std::string path = ::testing::TempDir() + "evidence-roundtrip.pcapng";
    ppp::reports::PcapngWriter writer;
    ASSERT_TRUE(writer.open(path, kInterfaces, "ppp-conform evidence; purpose TP-X; profile p; plan: ping 1"));
    for (const auto& r : sample()) ASSERT_TRUE(writer.write(r)) << writer.error();
    ASSERT_TRUE(writer.close(std::uint64_t{90'000'500})) << writer.error();

    std::string error;
    auto reader = ppp::adapters::CaptureReader::open(path, error);
    ASSERT_TRUE(reader) << error;
    const auto first = reader->next();
    const auto second = reader->next();
    ASSERT_TRUE(first && second);
    EXPECT_FALSE(reader->next());
    EXPECT_EQ(first->interface_name, "B1");
    EXPECT_EQ(first->linktype, 50);
    EXPECT_EQ(first->direction, ppp::adapters::CaptureDirection::Outbound);
    EXPECT_EQ(first->time_us, 0x100000002LL);
    EXPECT_EQ(second->interface_name, "D");
    EXPECT_EQ(second->direction, ppp::adapters::CaptureDirection::Inbound);
    EXPECT_EQ(reader->section_comment(), "ppp-conform evidence; purpose TP-X; profile p; plan: ping 1");
    EXPECT_EQ(reader->linktypes(), (std::vector<int>{50, 203, 228}));
    ASSERT_TRUE(reader->capture_end_us());
    EXPECT_EQ(*reader->capture_end_us(), 90'000'500);
    EXPECT_TRUE(reader->error().empty()) << reader->error();
}

}  // namespace
