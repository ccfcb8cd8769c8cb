#include "ppp/reports/pcapng_writer.hpp"

#include "ppp/reports/output_file.hpp"

namespace ppp::reports {
namespace {

// Blocks are written little-endian; the Section Header's byte-order magic says so to readers.
constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kInterfaceStatistics = 0x00000005;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEnd = 0, kOptComment = 1, kIfName = 2, kEpbFlags = 2, kIsbEndtime = 3;
constexpr std::size_t kMaxRecord = 16u << 20;

void put16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
    put16(out, static_cast<std::uint16_t>(v >> 16));
}
void pad4(std::string& out) {
    while (out.size() % 4 != 0) out += '\0';
}
void option(std::string& out, std::uint16_t code, const std::string& value) {
    put16(out, code);
    put16(out, static_cast<std::uint16_t>(value.size()));
    out += value;
    pad4(out);
}

// Type, total length, body, total length again (section 3.1).
std::string block(std::uint32_t type, const std::string& body) {
    std::string out;
    const auto total = static_cast<std::uint32_t>(12 + body.size());
    put32(out, type);
    put32(out, total);
    out += body;
    put32(out, total);
    return out;
}

std::string header_blocks(const std::vector<PcapngInterface>& interfaces, const std::string& comment) {
    std::string shb;
    put32(shb, kByteOrderMagic);
    put16(shb, 1);  // version 1.0
    put16(shb, 0);
    put32(shb, 0xFFFFFFFF);  // section length not given
    put32(shb, 0xFFFFFFFF);
    if (!comment.empty()) {
        option(shb, kOptComment, comment.substr(0, 0xFFFF));
        option(shb, kOptEnd, "");
    }
    std::string out = block(kSectionHeader, shb);
    for (const PcapngInterface& i : interfaces) {
        std::string idb;
        put16(idb, i.link_type);
        put16(idb, 0);
        put32(idb, 0);  // no snapshot limit
        if (!i.name.empty()) option(idb, kIfName, i.name.substr(0, 0xFFFF));
        option(idb, kOptEnd, "");
        out += block(kInterfaceDescription, idb);
    }
    return out;
}

std::string packet_block(const PcapngRecord& r) {
    std::string epb;
    put32(epb, r.interface);
    put32(epb, static_cast<std::uint32_t>(r.timestamp_us >> 32));
    put32(epb, static_cast<std::uint32_t>(r.timestamp_us & 0xFFFFFFFF));
    put32(epb, static_cast<std::uint32_t>(r.bytes.size()));
    put32(epb, static_cast<std::uint32_t>(r.bytes.size()));
    epb.append(r.bytes.begin(), r.bytes.end());
    pad4(epb);
    const std::uint32_t flags = static_cast<std::uint32_t>(r.direction) | (r.crc_error ? 1u << 24 : 0u);
    if (flags != 0) {
        std::string value;
        put32(value, flags);
        option(epb, kEpbFlags, value);
        option(epb, kOptEnd, "");
    }
    return block(kEnhancedPacket, epb);
}

// One Interface Statistics Block per interface (section 4.6): stamped, and isb_endtime, at `end_us`.
std::string statistics_blocks(std::size_t interfaces, std::uint64_t end_us) {
    std::string out;
    for (std::size_t i = 0; i < interfaces; ++i) {
        std::string isb;
        put32(isb, static_cast<std::uint32_t>(i));
        put32(isb, static_cast<std::uint32_t>(end_us >> 32));
        put32(isb, static_cast<std::uint32_t>(end_us & 0xFFFFFFFF));
        std::string end;
        put32(end, static_cast<std::uint32_t>(end_us >> 32));
        put32(end, static_cast<std::uint32_t>(end_us & 0xFFFFFFFF));
        option(isb, kIsbEndtime, end);
        option(isb, kOptEnd, "");
        out += block(kInterfaceStatistics, isb);
    }
    return out;
}

}  // namespace

struct PcapngWriter::Impl {
    OutputFile file;
    std::string path;
    std::size_t interfaces = 0;
    std::size_t records = 0;
    std::string error;
};

PcapngWriter::PcapngWriter() : impl_(std::make_unique<Impl>()) {}
PcapngWriter::~PcapngWriter() = default;  // OutputFile abandons what was not committed

bool PcapngWriter::open(const std::string& path, const std::vector<PcapngInterface>& interfaces, const std::string& comment) {
    Impl& s = *impl_;
    s.file.abandon();
    s.path = path;
    s.interfaces = interfaces.size();
    s.records = 0;
    s.error.clear();
    if (!s.file.open(path)) {
        s.error = s.file.error();
        return false;
    }
    if (!s.file.write(header_blocks(interfaces, comment))) {
        s.error = s.file.error();
        return false;
    }
    return true;
}

bool PcapngWriter::write(const PcapngRecord& record) {
    Impl& s = *impl_;
    if (!s.file.is_open()) {
        s.error = "pcapng writer: write() before open()";
        return false;
    }
    if (record.interface >= s.interfaces) {
        s.error = s.path + ": interface " + std::to_string(record.interface) + " was not described";
        return false;
    }
    if (record.bytes.size() > kMaxRecord) {
        s.error = s.path + ": record of " + std::to_string(record.bytes.size()) + " bytes is over 16 MiB";
        return false;
    }
    if (!s.file.write(packet_block(record))) {
        s.error = s.file.error();
        return false;
    }
    ++s.records;
    return true;
}

bool PcapngWriter::close(std::optional<std::uint64_t> end_us) {
    Impl& s = *impl_;
    if (!s.file.is_open()) return true;
    if (end_us && !s.file.write(statistics_blocks(s.interfaces, *end_us))) {
        s.error = s.file.error();
        s.file.abandon();
        return false;
    }
    if (!s.file.commit()) {
        s.error = s.file.error();
        return false;
    }
    return true;
}

std::size_t PcapngWriter::records() const { return impl_->records; }
const std::string& PcapngWriter::error() const { return impl_->error; }

std::string pcapng_bytes(const std::vector<PcapngInterface>& interfaces, const std::vector<PcapngRecord>& records,
                         const std::string& comment, std::optional<std::uint64_t> end_us) {
    std::string out = header_blocks(interfaces, comment);
    for (const PcapngRecord& r : records) out += packet_block(r);
    if (end_us) out += statistics_blocks(interfaces.size(), *end_us);
    return out;
}

}  // namespace ppp::reports
