#include "ppp/reports/pcap_writer.hpp"

#include <pcap/pcap.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ppp/reports/output_file.hpp"

namespace ppp::reports {

struct PcapWriter::Impl {
    pcap_t* handle = nullptr;  // a "dead" handle: only carries link type and snaplen
    pcap_dumper_t* dumper = nullptr;
    std::string path;
    OutputFile file;  // pcap writes through a duplicate of its descriptor
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
    s.release();
    s.file.abandon();
    s.records = 0;
    s.error.clear();
    s.path = path;
    s.snaplen = snaplen == 0 ? 65535 : snaplen;
    if (s.snaplen > 262144) s.snaplen = 262144;  // libpcap's MAXIMUM_SNAPLEN
    s.handle = pcap_open_dead(link_type, static_cast<int>(s.snaplen));
    if (s.handle == nullptr) {
        s.error = path + ": libpcap refused link type " + std::to_string(link_type);
        return false;
    }
    if (!s.file.open(path)) {
        s.error = s.file.error();
        s.release();
        return false;
    }
    // pcap_dump_close() closes the stream it was given: give it its own descriptor.
    const int fd = ::dup(::fileno(s.file.stream()));
    std::FILE* stream = fd < 0 ? nullptr : ::fdopen(fd, "wb");
    if (stream == nullptr) {
        s.error = path + ": cannot open: " + std::strerror(errno);
        if (fd >= 0) ::close(fd);
        s.file.abandon();
        s.release();
        return false;
    }
    s.dumper = pcap_dump_fopen(s.handle, stream);
    if (s.dumper == nullptr) {
        s.error = path + ": " + pcap_geterr(s.handle);
        std::fclose(stream);
        s.file.abandon();
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
        s.file.abandon();
        s.error = s.path + ": write: " + std::strerror(flush_errno);
        return false;
    }
    if (!s.file.commit()) {
        s.error = s.file.error();
        return false;
    }
    return true;
}

bool PcapWriter::is_open() const { return impl_->dumper != nullptr; }

std::size_t PcapWriter::records() const { return impl_->records; }

const std::string& PcapWriter::error() const { return impl_->error; }

}  // namespace ppp::reports
