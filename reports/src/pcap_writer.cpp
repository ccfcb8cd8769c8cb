#include "ppp/reports/pcap_writer.hpp"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ppp::reports {

struct PcapWriter::Impl {
    pcap_t* handle = nullptr;  // a "dead" handle: only carries link type and snaplen
    pcap_dumper_t* dumper = nullptr;
    std::string path;
    std::string temp_path;
    std::uint32_t snaplen = 0;
    std::size_t records = 0;
    std::string error;

    void release() {
        if (dumper != nullptr) pcap_dump_close(dumper);
        if (handle != nullptr) pcap_close(handle);
        dumper = nullptr;
        handle = nullptr;
    }
};

PcapWriter::PcapWriter() : impl_(std::make_unique<Impl>()) {}

PcapWriter::~PcapWriter() {
    if (is_open()) close();
}

bool PcapWriter::open(const std::string& path, int link_type, std::uint32_t snaplen) {
    if (is_open()) close();
    Impl& s = *impl_;
    s = Impl{};
    s.path = path;
    s.temp_path = path + ".tmp";
    s.snaplen = snaplen == 0 ? 65535 : snaplen;
    if (s.snaplen > 262144) s.snaplen = 262144;  // libpcap's MAXIMUM_SNAPLEN
    s.handle = pcap_open_dead(link_type, static_cast<int>(s.snaplen));
    if (s.handle == nullptr) {
        s.error = path + ": libpcap refused link type " + std::to_string(link_type);
        return false;
    }
    s.dumper = pcap_dump_open(s.handle, s.temp_path.c_str());
    if (s.dumper == nullptr) {
        s.error = s.temp_path + ": " + pcap_geterr(s.handle);
        s.release();
        return false;
    }
    return true;
}

bool PcapWriter::write(std::uint64_t timestamp_us, const std::uint8_t* data, std::size_t size) {
    Impl& s = *impl_;
    if (s.dumper == nullptr) {
        s.error = "pcap writer: write() before open()";
        return false;
    }
    if (size > 0xFFFFFFFFu) {
        s.error = s.path + ": record of " + std::to_string(size) + " bytes is too long for pcap";
        return false;
    }
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(timestamp_us / 1000000u);
    header.ts.tv_usec = static_cast<suseconds_t>(timestamp_us % 1000000u);
    header.len = static_cast<bpf_u_int32>(size);
    header.caplen = static_cast<bpf_u_int32>(size < s.snaplen ? size : s.snaplen);
    // pcap_dump's first argument is the dumper in disguise (its pcap_handler signature).
    pcap_dump(reinterpret_cast<u_char*>(s.dumper), &header, data);
    ++s.records;
    return true;
}

bool PcapWriter::write(const PcapRecord& record) {
    return write(record.timestamp_us, record.bytes.data(), record.bytes.size());
}

bool PcapWriter::close() {
    Impl& s = *impl_;
    if (s.dumper == nullptr) return true;
    // pcap_dump reports no errors itself: a failed buffered write shows up here.
    const bool flushed = pcap_dump_flush(s.dumper) == 0;
    const int flush_errno = errno;
    s.release();
    if (!flushed) {
        std::remove(s.temp_path.c_str());
        s.error = s.temp_path + ": write: " + std::strerror(flush_errno);
        return false;
    }
    if (std::rename(s.temp_path.c_str(), s.path.c_str()) != 0) {
        s.error = s.path + ": cannot rename into place: " + std::strerror(errno);
        std::remove(s.temp_path.c_str());
        return false;
    }
    return true;
}

bool PcapWriter::is_open() const { return impl_->dumper != nullptr; }

std::size_t PcapWriter::records() const { return impl_->records; }

const std::string& PcapWriter::error() const { return impl_->error; }

}  // namespace ppp::reports
