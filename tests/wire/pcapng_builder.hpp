#pragma once
// Writes pcapng files for tests, block by block, in either byte order (draft-ietf-opsawg-pcapng
// §3.1: Block Type, Block Total Length, body padded to 32 bits, Block Total Length again).
#include <cstdint>
#include <optional>
#include <string>

#include "ppp/wire/bytes.hpp"
#include "ppp/wire/pcapng.hpp"

namespace ppp::testing {

class PcapngBuilder {
public:
    explicit PcapngBuilder(bool big_endian = false) : big_(big_endian) {}

    // A Section Header Block, version 1.0, section length unknown (-1).
    PcapngBuilder& section(std::uint16_t major = 1, std::uint16_t minor = 0) {
        wire::Bytes body;
        put32(body, wire::pcapng::kByteOrderMagic);
        put16(body, major);
        put16(body, minor);
        put32(body, 0xFFFFFFFF);
        put32(body, 0xFFFFFFFF);
        return block(wire::pcapng::kSectionHeaderBlock, body);
    }
    PcapngBuilder& interface(std::uint16_t linktype, std::optional<std::uint8_t> tsresol = std::nullopt,
                             const std::string& name = "", std::uint32_t snaplen = 0) {
        wire::Bytes body;
        put16(body, linktype);
        put16(body, 0);
        put32(body, snaplen);
        if (!name.empty()) option(body, 2, wire::Bytes(name.begin(), name.end()));
        if (tsresol) option(body, 9, wire::Bytes{*tsresol});
        if (!name.empty() || tsresol) option(body, 0, {});
        return block(wire::pcapng::kInterfaceDescriptionBlock, body);
    }
    PcapngBuilder& enhanced(std::uint32_t interface_id, std::uint64_t timestamp, const wire::Bytes& data,
                            std::optional<std::uint32_t> flags = std::nullopt) {
        wire::Bytes body;
        put32(body, interface_id);
        put32(body, static_cast<std::uint32_t>(timestamp >> 32));
        put32(body, static_cast<std::uint32_t>(timestamp));
        put32(body, static_cast<std::uint32_t>(data.size()));
        put32(body, static_cast<std::uint32_t>(data.size()));
        padded(body, data);
        if (flags) {
            wire::Bytes value;
            put32(value, *flags);
            option(body, 2, value);
            option(body, 0, {});
        }
        return block(wire::pcapng::kEnhancedPacketBlock, body);
    }
    PcapngBuilder& simple(const wire::Bytes& data) {
        wire::Bytes body;
        put32(body, static_cast<std::uint32_t>(data.size()));
        padded(body, data);
        return block(wire::pcapng::kSimplePacketBlock, body);
    }
    PcapngBuilder& obsolete(std::uint16_t interface_id, std::uint64_t timestamp, const wire::Bytes& data) {
        wire::Bytes body;
        put16(body, interface_id);
        put16(body, 0);  // Drops Count
        put32(body, static_cast<std::uint32_t>(timestamp >> 32));
        put32(body, static_cast<std::uint32_t>(timestamp));
        put32(body, static_cast<std::uint32_t>(data.size()));
        put32(body, static_cast<std::uint32_t>(data.size()));
        padded(body, data);
        return block(wire::pcapng::kObsoletePacketBlock, body);
    }
    // Any block: the body is padded and framed by its lengths.
    PcapngBuilder& block(std::uint32_t type, const wire::Bytes& body) {
        const auto length = static_cast<std::uint32_t>(12 + (body.size() + 3) / 4 * 4);
        put32(out_, type);
        put32(out_, length);
        padded(out_, body);
        put32(out_, length);
        return *this;
    }
    PcapngBuilder& raw(const wire::Bytes& octets) {
        out_.insert(out_.end(), octets.begin(), octets.end());
        return *this;
    }

    const wire::Bytes& bytes() const { return out_; }

private:
    void put16(wire::Bytes& b, std::uint16_t v) const {
        const std::uint8_t hi = static_cast<std::uint8_t>(v >> 8), lo = static_cast<std::uint8_t>(v);
        if (big_) b.insert(b.end(), {hi, lo});
        else b.insert(b.end(), {lo, hi});
    }
    void put32(wire::Bytes& b, std::uint32_t v) const {
        if (big_) {
            put16(b, static_cast<std::uint16_t>(v >> 16));
            put16(b, static_cast<std::uint16_t>(v));
        } else {
            put16(b, static_cast<std::uint16_t>(v));
            put16(b, static_cast<std::uint16_t>(v >> 16));
        }
    }
    static void padded(wire::Bytes& b, const wire::Bytes& data) {
        b.insert(b.end(), data.begin(), data.end());
        while (b.size() % 4 != 0) b.push_back(0);
    }
    void option(wire::Bytes& body, std::uint16_t code, const wire::Bytes& value) const {
        put16(body, code);
        put16(body, static_cast<std::uint16_t>(value.size()));
        padded(body, value);
    }

    bool big_;
    wire::Bytes out_;
};

}  // namespace ppp::testing
