#pragma once
// Packet captures (pcap, pcapng) as a source of recorded frames, one packet at a time so memory
// stays flat however long the capture is (DESIGN.md section 8). pcap goes through libpcap;
// pcapng through wire::pcapng, since libpcap refuses a pcapng whose interfaces differ in link
// type (a B- and a D-channel in one file, issue #16).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/pcapng.hpp"

namespace ppp::adapters {

// pcap link types that carry what the project speaks (PEERS.md section 3).
namespace linktype {
inline constexpr int kPpp = 9;            // DLT_PPP: frame starts ff 03, no FCS
inline constexpr int kPppSerial = 50;     // DLT_PPP_SERIAL: frame + FCS-16, LSB first
inline constexpr int kLinuxLapd = 177;    // DLT_LINUX_LAPD: 16-octet pseudo header + LAPD
inline constexpr int kLapd = 203;         // DLT_LAPD: Q.921 address + control, then Q.931
inline constexpr int kPppWithDir = 204;   // DLT_PPP_WITH_DIR: direction octet, then as DLT_PPP
inline constexpr int kRaw = 101;          // LINKTYPE_RAW: an IP datagram, no header (the LAN side)
inline constexpr int kIpv4 = 228;         // LINKTYPE_IPV4: an IPv4 datagram (the LAN side)
}  // namespace linktype

using CaptureDirection = wire::pcapng::Direction;

struct CapturedPacket {
    std::int64_t time_us = 0;  // timestamp, microseconds since the epoch of the capture
    // The octets as captured. For DLT 204 they still start with the direction octet (1 sent,
    // 0 received), as in a pcap file, so one decoder serves both formats.
    wire::Bytes data;
    std::size_t frame = 0;            // 1-based position in the file, over all interfaces
    int linktype = 0;                 // of this packet's interface (pcapng interfaces differ)
    std::uint32_t interface_id = 0;   // pcapng: within its section; pcap: 0
    bool has_time = true;             // false for a pcapng Simple Packet Block (time_us 0)
    CaptureDirection direction = CaptureDirection::Unknown;  // pcapng epb_flags bits 0-1
    std::string interface_name;       // pcapng if_name ("B1"), "" without one
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
    std::size_t frames_ = 0;
    std::string error_;
};

enum class CaptureFormat { Pcap, Pcapng };
// Which capture format a file's first octets begin (its magic number), nullopt for neither.
std::optional<CaptureFormat> capture_format(std::string_view head);

// One reader for both formats, told apart by the file's first four octets.
class CaptureReader {
public:
    // Opens `path`. When it is no capture (or cannot be opened) returns nullptr and sets `error`
    // to one line: the file, what was found, what is accepted.
    static std::unique_ptr<CaptureReader> open(const std::string& path, std::string& error);
    virtual ~CaptureReader() = default;
    CaptureReader(const CaptureReader&) = delete;
    CaptureReader& operator=(const CaptureReader&) = delete;

    virtual CaptureFormat format() const = 0;
    // pcap: the link type of the whole file; pcapng: none, each packet carries its interface's.
    virtual std::optional<int> file_linktype() const = 0;
    // The next packet, or nullopt at the end of what could be read; then error() or
    // truncation() may say why it stopped early.
    virtual std::optional<CapturedPacket> next() = 0;
    // pcapng: the current section's opt_comment (`run` names its evidence's purpose and plan there).
    virtual std::string section_comment() const { return ""; }
    // The link types of the capture's interfaces (pcap: its one; pcapng: those described so far),
    // so a reader knows which channels the capture watched even where they stayed silent.
    virtual std::vector<int> linktypes() const = 0;
    // pcapng: where the capture ended (an Interface Statistics Block), in microseconds.
    virtual std::optional<std::int64_t> capture_end_us() const { return std::nullopt; }
    // The file is broken (a block that does not decode, a read error): one line naming the file
    // and where. Packets before it came out.
    const std::string& error() const { return error_; }
    // The file ends inside a packet or block: one line naming the file and where, a note. The
    // packets before the cut came out.
    const std::string& truncation() const { return truncation_; }

protected:
    CaptureReader() = default;
    std::string error_;
    std::string truncation_;
};

}  // namespace ppp::adapters
