#pragma once
// Packet-capture evidence (libpcap format). The caller encodes frames for the link type it names
// (reports stays PPP-free): 204 is LINKTYPE_PPP_WITH_DIR (a direction octet, then the PPP
// frame), 203 is LINKTYPE_LAPD (a LAPD pseudo-header, then the frame). The capture is
// written to a unique temporary beside `<path>` and renamed into place by close() (OutputFile), so a
// capture file is always whole.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ppp::reports {

struct PcapRecord {
    std::uint64_t timestamp_us = 0;  // microseconds on the caller's time line
    std::vector<std::uint8_t> bytes;
};

class PcapWriter {
public:
    PcapWriter();
    ~PcapWriter();  // close()s a writer still open; errors there are dropped
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // False with error() set when libpcap refuses the link type or the file cannot be created.
    bool open(const std::string& path, int link_type, std::uint32_t snaplen = 65535);
    // A record longer than snaplen is cut to snaplen (its original length stays in the header).
    bool write(std::uint64_t timestamp_us, const std::uint8_t* data, std::size_t size);
    bool write(const PcapRecord& record);
    bool close();

    bool is_open() const;
    std::size_t records() const;       // written since open()
    const std::string& error() const;  // one line naming the file

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::reports
