// Reading captures with libpcap: packets come back in order with their timestamps; a missing or
// broken file gives one line naming it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

#include <pcap/pcap.h>

#include "ppp/adapters/capture_file.hpp"

namespace {

using ppp::adapters::PcapReader;

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

}  // namespace
