#include "ppp/adapters/capture_file.hpp"

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <optional>

namespace ppp::adapters {
namespace {

// The link type field of a classic pcap file header (octets 20..23, in the byte order the magic
// number shows), or nothing for pcapng and anything unreadable.
std::optional<std::uint32_t> header_linktype(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return std::nullopt;
    unsigned char header[24];
    const std::size_t n = std::fread(header, 1, sizeof header, file);
    std::fclose(file);
    if (n != sizeof header) return std::nullopt;
    auto big = [&](std::size_t at) {
        return std::uint32_t{header[at]} << 24 | std::uint32_t{header[at + 1]} << 16 |
               std::uint32_t{header[at + 2]} << 8 | header[at + 3];
    };
    auto little = [&](std::size_t at) {
        return std::uint32_t{header[at + 3]} << 24 | std::uint32_t{header[at + 2]} << 16 |
               std::uint32_t{header[at + 1]} << 8 | header[at];
    };
    const std::uint32_t magic = big(0);
    if (magic == 0xA1B2C3D4u || magic == 0xA1B23C4Du) return big(20);
    if (magic == 0xD4C3B2A1u || magic == 0x4D3CB2A1u) return little(20);
    return std::nullopt;
}

}  // namespace

struct PcapReader::Handle {
    pcap_t* pcap = nullptr;
    ~Handle() {
        if (pcap != nullptr) pcap_close(pcap);
    }
};

PcapReader::PcapReader(std::unique_ptr<Handle> handle, int type)
    : handle_(std::move(handle)), linktype_(type) {}

PcapReader::~PcapReader() = default;

std::unique_ptr<PcapReader> PcapReader::open(const std::string& path, std::string& error) {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    auto handle = std::make_unique<Handle>();
    handle->pcap = pcap_open_offline(path.c_str(), errbuf);
    if (handle->pcap == nullptr) {
        error = "cannot read capture " + path + ": " + errbuf;
        return nullptr;
    }
    int type = pcap_datalink(handle->pcap);
    // libpcap keeps only the low 26 bits of a pcap header's link type (0x7fffffff reads as
    // 67108863): a type it does not know is named as the file spells it.
    if (pcap_datalink_val_to_name(type) == nullptr) {
        if (const auto raw = header_linktype(path)) type = static_cast<int>(*raw & 0x7FFFFFFFu);
    }
    return std::unique_ptr<PcapReader>(new PcapReader(std::move(handle), type));
}

std::optional<CapturedPacket> PcapReader::next() {
    if (!error_.empty()) return std::nullopt;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(handle_->pcap, &header, &data);
    if (rc == PCAP_ERROR_BREAK) return std::nullopt;  // end of file
    if (rc != 1) {
        error_ = std::string("capture read error: ") + pcap_geterr(handle_->pcap);
        return std::nullopt;
    }
    CapturedPacket packet;
    packet.time_us = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000 +
                     static_cast<std::int64_t>(header->ts.tv_usec);
    packet.data.assign(data, data + header->caplen);
    return packet;
}

}  // namespace ppp::adapters
