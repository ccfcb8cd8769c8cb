// Reading captures: pcap with libpcap, pcapng with wire::pcapng behind one CaptureReader. Packets
// come back in order with their timestamps, link types and directions; a missing or broken file
// gives one line naming it; a truncated one gives its packets, then a note.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <unistd.h>

#include <pcap/pcap.h>

#include "ppp/adapters/capture_file.hpp"
#include "wire/pcapng_builder.hpp"

namespace {

using ppp::adapters::CaptureDirection;
using ppp::adapters::CaptureFormat;
using ppp::adapters::CaptureReader;
using ppp::adapters::CapturedPacket;
using ppp::adapters::PcapReader;
using ppp::testing::PcapngBuilder;
using ppp::wire::Bytes;

std::string temp_path(const char* name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr ? dir : "/tmp") + "/ppp-conform-" + std::to_string(getpid()) + "-" + name;
}

TEST(AdaptersCaptureFile, ReadsPacketsInOrderWithTimestamps) {
    const std::string path = temp_path("read.pcap");
    pcap_t* dead = pcap_open_dead(ppp::adapters::linktype::kPppWithDir, 65535);
    ASSERT_NE(dead, nullptr);
    pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(dumper, nullptr);
    const unsigned char first[] = {0x01, 0xff, 0x03, 0xc0, 0x21, 0x05, 0x02, 0x00, 0x04};
    const unsigned char second[] = {0x00, 0xff, 0x03, 0xc0, 0x21, 0x06, 0x02, 0x00, 0x04};
    pcap_pkthdr header{};
    header.ts.tv_sec = 10;
    header.ts.tv_usec = 250;
    header.caplen = header.len = sizeof first;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, first);
    header.ts.tv_sec = 13;
    pcap_dump(reinterpret_cast<u_char*>(dumper), &header, second);
    pcap_dump_close(dumper);
    pcap_close(dead);

    std::string error;
    auto reader = PcapReader::open(path, error);
    ASSERT_TRUE(reader) << error;
    EXPECT_EQ(reader->linktype(), ppp::adapters::linktype::kPppWithDir);
    auto a = reader->next();
    auto b = reader->next();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->time_us, 10'000'250);
    EXPECT_EQ(b->time_us, 13'000'250);
    EXPECT_EQ(a->data, ppp::wire::Bytes(std::begin(first), std::end(first)));
    EXPECT_EQ(b->data[5], 0x06);
    EXPECT_FALSE(reader->next());
    EXPECT_EQ(reader->error(), "");
    std::remove(path.c_str());
}

TEST(AdaptersCaptureFile, MissingFileNamesThePath) {
    std::string error;
    EXPECT_FALSE(PcapReader::open("/nonexistent/evidence.pcap", error));
    EXPECT_NE(error.find("/nonexistent/evidence.pcap"), std::string::npos) << error;
}

TEST(AdaptersCaptureFile, NotACaptureIsRefused) {
    const std::string path = temp_path("text.pcap");
    std::ofstream(path) << "this is not a capture\n";
    std::string error;
    EXPECT_FALSE(PcapReader::open(path, error));
    EXPECT_NE(error.find(path), std::string::npos) << error;
    std::remove(path.c_str());
}

// A file holding `bytes`, removed when the test ends.
class TempFile {
public:
    TempFile(const char* name, const Bytes& bytes) : path_(temp_path(name)) {
        std::ofstream out(path_, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    ~TempFile() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct ReadBack {
    std::vector<CapturedPacket> packets;
    std::string error;
    std::string truncation;
};

ReadBack read_back(const std::string& path) {
    std::string error;
    auto reader = CaptureReader::open(path, error);
    EXPECT_TRUE(reader) << error;
    ReadBack out;
    if (!reader) return out;
    while (auto packet = reader->next()) out.packets.push_back(std::move(*packet));
    EXPECT_FALSE(reader->next());
    out.error = reader->error();
    out.truncation = reader->truncation();
    return out;
}

const Bytes kLcp{0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
const Bytes kSetupLapd{0x00, 0x01, 0x00, 0x01, 0x08, 0x01, 0x01, 0x05, 0x04, 0x02, 0x88, 0x90};

Bytes with_direction(std::uint8_t direction, const Bytes& frame) {
    Bytes out{direction};
    out.insert(out.end(), frame.begin(), frame.end());
    return out;
}

// A B-channel (DLT 204) and a D-channel (DLT 203) in one file: libpcap refuses it.
Bytes b_and_d_channels(bool big_endian) {
    return PcapngBuilder(big_endian)
        .section()
        .interface(204, std::nullopt, "bri0:1")
        .interface(203, std::uint8_t{9}, "bri0")
        .enhanced(1, 1'000'000'123'456, kSetupLapd, 1u)
        .enhanced(0, 1'000'002, with_direction(1, kLcp), 2u)
        .enhanced(0, 1'000'003, with_direction(0, kLcp))
        .bytes();
}

TEST(AdaptersCaptureFile, PcapngWithTwoLinkTypesInEitherByteOrder) {
    for (const bool big : {false, true}) {
        const TempFile file(big ? "bd-be.pcapng" : "bd-le.pcapng", b_and_d_channels(big));
        std::string error;
        auto reader = CaptureReader::open(file.path(), error);
        ASSERT_TRUE(reader) << error;
        EXPECT_EQ(reader->format(), CaptureFormat::Pcapng);
        EXPECT_FALSE(reader->file_linktype());
        const ReadBack read = read_back(file.path());
        EXPECT_EQ(read.error, "");
        EXPECT_EQ(read.truncation, "");
        ASSERT_EQ(read.packets.size(), 3u);
        EXPECT_EQ(read.packets[0].frame, 1u);
        EXPECT_EQ(read.packets[0].linktype, 203);
        EXPECT_EQ(read.packets[0].interface_id, 1u);
        EXPECT_EQ(read.packets[0].time_us, 1'000'000'123);  // 10^-9 units
        EXPECT_EQ(read.packets[0].direction, CaptureDirection::Inbound);
        EXPECT_EQ(read.packets[0].data, kSetupLapd);
        EXPECT_EQ(read.packets[1].frame, 2u);
        EXPECT_EQ(read.packets[1].linktype, 204);
        EXPECT_EQ(read.packets[1].time_us, 1'000'002);
        EXPECT_EQ(read.packets[1].direction, CaptureDirection::Outbound);
        EXPECT_EQ(read.packets[1].data, with_direction(1, kLcp));  // DLT 204 direction octet kept
        EXPECT_EQ(read.packets[2].direction, CaptureDirection::Unknown);
    }
}

TEST(AdaptersCaptureFile, PcapngBinaryResolutionSimpleBlockUnknownBlockAndSecondSection) {
    PcapngBuilder builder;
    builder.section()
        .interface(9, std::uint8_t{0x80 | 10})  // 2^-10 s
        .block(0x80000001, Bytes(7, 0xEE))      // local-use block type: skipped
        .enhanced(0, 3 * 1024 + 512, kLcp)
        .simple(kLcp);
    builder.raw(PcapngBuilder(true).section().interface(50).enhanced(0, 7, kLcp).bytes());
    const TempFile file("mixed.pcapng", builder.bytes());
    const ReadBack read = read_back(file.path());
    EXPECT_EQ(read.error, "");
    ASSERT_EQ(read.packets.size(), 3u);
    EXPECT_EQ(read.packets[0].time_us, 3'500'000);
    EXPECT_TRUE(read.packets[0].has_time);
    EXPECT_FALSE(read.packets[1].has_time);
    EXPECT_EQ(read.packets[1].data, kLcp);
    EXPECT_EQ(read.packets[2].frame, 3u);
    EXPECT_EQ(read.packets[2].linktype, 50);
    EXPECT_EQ(read.packets[2].interface_id, 0u);
    EXPECT_EQ(read.packets[2].time_us, 7);
}

TEST(AdaptersCaptureFile, TruncatedPcapngGivesItsPacketsThenANote) {
    const Bytes whole = b_and_d_channels(false);
    for (const std::size_t cut : {std::size_t{5}, std::size_t{13}}) {
        const TempFile file("cut.pcapng", Bytes(whole.begin(), whole.end() - static_cast<std::ptrdiff_t>(cut)));
        const ReadBack read = read_back(file.path());
        EXPECT_EQ(read.error, "");
        EXPECT_EQ(read.packets.size(), 2u);
        EXPECT_NE(read.truncation.find(file.path() + ": truncated at offset "), std::string::npos) << read.truncation;
        EXPECT_NE(read.truncation.find("after frame 2"), std::string::npos) << read.truncation;
        EXPECT_EQ(read.truncation.find('\n'), std::string::npos);
    }
}

TEST(AdaptersCaptureFile, BrokenBlockLengthsAreErrorsWithTheOffset) {
    const Bytes whole = b_and_d_channels(false);
    const std::size_t epb = 28 + 36 + 40;  // SHB, IDB "bri0:1", IDB "bri0" + tsresol
    for (const std::uint32_t length : {0u, 12u + 2u, 0x40000000u}) {
        Bytes broken = whole;
        for (std::size_t i = 0; i < 4; ++i) broken[epb + 4 + i] = static_cast<std::uint8_t>(length >> (8 * i));
        const TempFile file("broken.pcapng", broken);
        const ReadBack read = read_back(file.path());
        EXPECT_TRUE(read.packets.empty());
        EXPECT_EQ(read.truncation, "");
        EXPECT_NE(read.error.find(file.path() + ": offset " + std::to_string(epb + 4) + ": Block Total Length"),
                  std::string::npos)
            << read.error;
    }
}

TEST(AdaptersCaptureFile, NotACaptureNamesWhatWasFoundAndWhatIsAccepted) {
    for (const Bytes& content : {Bytes{}, Bytes{0x0a, 0x0d}, Bytes{'t', 'e', 'x', 't', '\n'}}) {
        const TempFile file("nothing.cap", content);
        std::string error;
        EXPECT_FALSE(CaptureReader::open(file.path(), error));
        EXPECT_EQ(error.find(file.path() + " is not a capture: "), 0u) << error;
        EXPECT_NE(error.find("(accepted: pcap"), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos);
    }
    std::string error;
    EXPECT_FALSE(CaptureReader::open("/nonexistent/evidence.pcapng", error));
    EXPECT_NE(error.find("/nonexistent/evidence.pcapng"), std::string::npos) << error;
}

// A pcap written by libpcap still reads through libpcap, with frame numbers and its link type.
std::string write_pcap(const char* name, const std::vector<Bytes>& packets) {
    const std::string path = temp_path(name);
    pcap_t* dead = pcap_open_dead(ppp::adapters::linktype::kPppWithDir, 65535);
    pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
    pcap_pkthdr header{};
    for (std::size_t i = 0; i < packets.size(); ++i) {
        header.ts.tv_sec = static_cast<time_t>(i + 1);
        header.caplen = header.len = static_cast<bpf_u_int32>(packets[i].size());
        pcap_dump(reinterpret_cast<u_char*>(dumper), &header, packets[i].data());
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
    return path;
}

TEST(AdaptersCaptureFile, PcapStillReadsThroughLibpcap) {
    const std::string path = write_pcap("still.pcap", {with_direction(1, kLcp), with_direction(0, kLcp)});
    std::string error;
    auto reader = CaptureReader::open(path, error);
    ASSERT_TRUE(reader) << error;
    EXPECT_EQ(reader->format(), CaptureFormat::Pcap);
    EXPECT_EQ(reader->file_linktype(), 204);
    const ReadBack read = read_back(path);
    ASSERT_EQ(read.packets.size(), 2u);
    EXPECT_EQ(read.packets[1].frame, 2u);
    EXPECT_EQ(read.packets[1].linktype, 204);
    EXPECT_EQ(read.packets[1].time_us, 2'000'000);
    EXPECT_EQ(read.packets[1].data, with_direction(0, kLcp));

    // Cut inside the second packet: the first comes out, then a note.
    std::ifstream in(path, std::ios::binary);
    const Bytes whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const TempFile cut("cut.pcap", Bytes(whole.begin(), whole.end() - 3));
    const ReadBack partial = read_back(cut.path());
    EXPECT_EQ(partial.packets.size(), 1u);
    EXPECT_EQ(partial.error, "");
    EXPECT_NE(partial.truncation.find(cut.path() + ": truncated after frame 1"), std::string::npos)
        << partial.truncation;
    std::remove(path.c_str());
}

// tshark's reading of a pcapng this reader reads: the same packets, link types and times.
TEST(AdaptersCaptureFile, EditcapPcapngReadsAlike) {
    if (std::system("editcap -h >/dev/null 2>&1") != 0) GTEST_SKIP() << "editcap not installed";
    const std::string pcap = write_pcap("editcap.pcap", {with_direction(1, kLcp), with_direction(0, kLcp)});
    const std::string pcapng = temp_path("editcap.pcapng");
    ASSERT_EQ(std::system(("editcap -F pcapng '" + pcap + "' '" + pcapng + "' >/dev/null 2>&1").c_str()), 0);
    std::string error;
    auto reader = CaptureReader::open(pcapng, error);
    ASSERT_TRUE(reader) << error;
    EXPECT_EQ(reader->format(), CaptureFormat::Pcapng);
    const ReadBack read = read_back(pcapng);
    EXPECT_EQ(read.error, "");
    ASSERT_EQ(read.packets.size(), 2u);
    EXPECT_EQ(read.packets[0].linktype, 204);
    EXPECT_EQ(read.packets[0].time_us, 1'000'000);
    EXPECT_EQ(read.packets[1].data, with_direction(0, kLcp));
    std::remove(pcap.c_str());
    std::remove(pcapng.c_str());
}

}  // namespace
