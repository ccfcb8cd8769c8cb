// pcap evidence: what PcapWriter writes, libpcap reads back record for record.
#include <gtest/gtest.h>

#include <pcap/pcap.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ppp/reports/pcap_writer.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::PcapRecord;
using ppp::reports::PcapWriter;

struct ReadBack {
    std::string error;
    int link_type = -1;
    std::vector<PcapRecord> records;
    std::vector<std::uint32_t> original_lengths;
};

ReadBack read_capture(const std::string& path) {
    ReadBack out;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(path.c_str(), errbuf);
    if (p == nullptr) {
        out.error = errbuf;
        return out;
    }
    out.link_type = pcap_datalink(p);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &header, &data) == 1) {
        PcapRecord r;
        r.timestamp_us = static_cast<std::uint64_t>(header->ts.tv_sec) * 1000000u +
                         static_cast<std::uint64_t>(header->ts.tv_usec);
        r.bytes.assign(data, data + header->caplen);
        out.records.push_back(r);
        out.original_lengths.push_back(header->len);
    }
    pcap_close(p);
    return out;
}

TEST(ReportsPcapWriter, PppWithDirectionReadsBack) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("case.pcap");
    // Direction octet (1: sent by the capturing side), then an LCP Configure-Request.
    const PcapRecord first{1'700'000'000'123'456u, {0x01, 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04}};
    const PcapRecord second{1'700'000'001'000'001u, {0x00, 0xff, 0x03, 0xc0, 0x21, 0x02, 0x01, 0x00, 0x04}};
    PcapWriter writer;
    ASSERT_TRUE(writer.open(path, 204)) << writer.error();
    EXPECT_FALSE(std::filesystem::exists(path));  // whole or absent
    ASSERT_TRUE(writer.write(first));
    ASSERT_TRUE(writer.write(second.timestamp_us, second.bytes.data(), second.bytes.size()));
    EXPECT_EQ(writer.records(), 2U);
    ASSERT_TRUE(writer.close()) << writer.error();
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()),
              1);  // the capture, no temporary

    const ReadBack back = read_capture(path);
    ASSERT_EQ(back.error, "");
    EXPECT_EQ(back.link_type, 204);
    ASSERT_EQ(back.records.size(), 2U);
    EXPECT_EQ(back.records[0].timestamp_us, first.timestamp_us);
    EXPECT_EQ(back.records[0].bytes, first.bytes);
    EXPECT_EQ(back.records[1].timestamp_us, second.timestamp_us);
    EXPECT_EQ(back.records[1].bytes, second.bytes);
}

TEST(ReportsPcapWriter, LapdLinkTypeAndSnaplenCut) {
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    const std::string path = dir.file("d-channel.pcap");
    std::vector<std::uint8_t> long_frame(100);
    for (std::size_t i = 0; i < long_frame.size(); ++i) long_frame[i] = static_cast<std::uint8_t>(i);
    {
        PcapWriter writer;
        ASSERT_TRUE(writer.open(path, 203, 64)) << writer.error();
        ASSERT_TRUE(writer.write({5u, long_frame}));
        ASSERT_TRUE(writer.write({6u, {}}));
        // The destructor closes and renames.
    }
    const ReadBack back = read_capture(path);
    ASSERT_EQ(back.error, "");
    EXPECT_EQ(back.link_type, 203);
    ASSERT_EQ(back.records.size(), 2U);
    EXPECT_EQ(back.records[0].bytes, std::vector<std::uint8_t>(long_frame.begin(), long_frame.begin() + 64));
    EXPECT_EQ(back.original_lengths[0], 100U);
    EXPECT_TRUE(back.records[1].bytes.empty());
    EXPECT_EQ(back.records[1].timestamp_us, 6U);
}

TEST(ReportsPcapWriter, UnwritablePathIsAnErrorNamingIt) {
    PcapWriter writer;
    EXPECT_FALSE(writer.open("/nonexistent-ppp-conform-dir/x.pcap", 204));
    EXPECT_NE(writer.error().find("/nonexistent-ppp-conform-dir/x.pcap"), std::string::npos) << writer.error();
    EXPECT_FALSE(writer.is_open());
    EXPECT_FALSE(writer.write({0u, {0x01}}));
    EXPECT_TRUE(writer.close());
}

}  // namespace
