#include "ppp/adapters/capture_file.hpp"

#include <pcap/pcap.h>

namespace ppp::adapters {

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
    const int type = pcap_datalink(handle->pcap);
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
