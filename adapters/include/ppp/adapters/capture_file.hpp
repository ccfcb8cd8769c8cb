#pragma once
// Packet captures (pcap) as a source of recorded frames: read with libpcap, one packet at a time
// so memory stays flat however long the capture is (DESIGN.md section 8).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::adapters {

// pcap link types that carry what the project speaks (PEERS.md section 3).
namespace linktype {
inline constexpr int kPpp = 9;            // DLT_PPP: frame starts ff 03, no FCS
inline constexpr int kPppSerial = 50;     // DLT_PPP_SERIAL: frame + FCS-16, LSB first
inline constexpr int kLinuxLapd = 177;    // DLT_LINUX_LAPD: 16-octet pseudo header + LAPD
inline constexpr int kLapd = 203;         // DLT_LAPD: Q.921 address + control, then Q.931
inline constexpr int kPppWithDir = 204;   // DLT_PPP_WITH_DIR: direction octet, then as DLT_PPP
}  // namespace linktype

struct CapturedPacket {
    std::int64_t time_us = 0;  // timestamp, microseconds since the epoch of the capture
    wire::Bytes data;
};

class PcapReader {
public:
    // Opens `path`; on failure returns nullptr and sets `error` to one line naming the file.
    static std::unique_ptr<PcapReader> open(const std::string& path, std::string& error);
    ~PcapReader();
    PcapReader(const PcapReader&) = delete;
    PcapReader& operator=(const PcapReader&) = delete;

    int linktype() const { return linktype_; }
    // The next packet, or nullopt at the end; a read error sets error() and ends the stream.
    std::optional<CapturedPacket> next();
    const std::string& error() const { return error_; }

private:
    struct Handle;
    explicit PcapReader(std::unique_ptr<Handle> handle, int linktype);
    std::unique_ptr<Handle> handle_;
    int linktype_;
    std::string error_;
};

}  // namespace ppp::adapters
