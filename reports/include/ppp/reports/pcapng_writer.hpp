#pragma once
// Packet-capture evidence in pcapng (draft-ietf-opsawg-pcapng): one file for every channel of a
// port, each an interface with its own link type and name, each packet with its direction and a
// CRC-error flag (epb_flags). pcap can do neither: a B-channel and the D-channel need two files
// whose order within a timestamp is lost, and a frame sent with a bad FCS cannot be marked. The
// caller encodes packets for the link types it names (reports stays PPP-free). Written like
// every result file: to a unique temporary, renamed into place by close() (OutputFile).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ppp::reports {

struct PcapngInterface {
    std::uint16_t link_type = 0;  // LINKTYPE_* value
    std::string name;             // if_name, e.g. "B1"
};

// epb_flags bits 0-1 (section 4.3.1): 01 inbound, 10 outbound.
enum class PacketDirection : std::uint8_t { Unknown = 0, Inbound = 1, Outbound = 2 };

struct PcapngRecord {
    std::uint32_t interface = 0;  // index into the interfaces given to open()
    std::uint64_t timestamp_us = 0;
    PacketDirection direction = PacketDirection::Unknown;
    bool crc_error = false;  // epb_flags bit 24: the frame's FCS is not good
    std::vector<std::uint8_t> bytes;
};

class PcapngWriter {
public:
    PcapngWriter();
    ~PcapngWriter();  // abandons a writer still open
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;

    // Writes the Section Header (with `comment` as its opt_comment when not empty) and one Interface
    // Description per interface (microsecond stamps).
    bool open(const std::string& path, const std::vector<PcapngInterface>& interfaces, const std::string& comment = "");
    // False with error() for an interface not given to open() or a record over 16 MiB.
    bool write(const PcapngRecord& record);
    // With `end_us`, first an Interface Statistics Block per interface whose isb_endtime says the
    // capture watched until then: silence after the last packet is then part of the record.
    bool close(std::optional<std::uint64_t> end_us = std::nullopt);

    std::size_t records() const;
    const std::string& error() const;  // one line naming the file

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The file's octets for the same input, for tests and for callers that keep captures in memory.
std::string pcapng_bytes(const std::vector<PcapngInterface>& interfaces, const std::vector<PcapngRecord>& records,
                         const std::string& comment = "", std::optional<std::uint64_t> end_us = std::nullopt);

}  // namespace ppp::reports
