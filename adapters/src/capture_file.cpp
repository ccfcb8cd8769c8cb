#include "ppp/adapters/capture_file.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace ppp::adapters {
namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// The first `n` octets of `path` (fewer when it is shorter), or nothing when it cannot be read.
std::optional<wire::Bytes> read_head(const std::string& path, std::size_t n) {
    const File file(std::fopen(path.c_str(), "rb"));
    if (!file) return std::nullopt;
    wire::Bytes head(n);
    head.resize(std::fread(head.data(), 1, n, file.get()));
    if (std::ferror(file.get())) return std::nullopt;
    return head;
}

// The link type field of a classic pcap file header (octets 20..23, in the byte order the magic
// number shows), or nothing for pcapng and anything unreadable.
std::optional<std::uint32_t> header_linktype(const std::string& path) {
    const auto head = read_head(path, 24);
    if (!head || head->size() != 24) return std::nullopt;
    const wire::Bytes& header = *head;
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
    packet.frame = ++frames_;
    packet.linktype = linktype_;
    return packet;
}

namespace {

std::string hex_head(const wire::Bytes& head) {
    return wire::to_hex(head.data(), std::min<std::size_t>(head.size(), 4));
}

constexpr const char* kAccepted =
    "(accepted: pcap, starting a1 b2 c3 d4 or a1 b2 3c 4d in either byte order; pcapng, starting 0a 0d 0d 0a)";

// pcap through libpcap, as `decode` always read it; a file cut inside a packet is a note.
class PcapCapture final : public CaptureReader {
public:
    PcapCapture(std::unique_ptr<PcapReader> reader, std::string path)
        : reader_(std::move(reader)), path_(std::move(path)) {}
    CaptureFormat format() const override { return CaptureFormat::Pcap; }
    std::optional<int> file_linktype() const override { return reader_->linktype(); }
    std::vector<int> linktypes() const override { return {reader_->linktype()}; }
    std::optional<CapturedPacket> next() override {
        auto packet = reader_->next();
        if (packet) {
            frames_ = packet->frame;
        } else if (!reader_->error().empty() && error_.empty() && truncation_.empty()) {
            // libpcap (sf-pcap.c) says "truncated dump file; tried to read N ... bytes, only got M".
            if (reader_->error().find("truncated dump file") != std::string::npos) {
                truncation_ = path_ + ": truncated after frame " + std::to_string(frames_) + " (" +
                              reader_->error() + ")";
            } else {
                error_ = path_ + ": " + reader_->error();
            }
        }
        return packet;
    }

private:
    std::unique_ptr<PcapReader> reader_;
    std::string path_;
    std::size_t frames_ = 0;
};

// pcapng through wire::pcapng, read block by block: memory holds one block at most.
class PcapngCapture final : public CaptureReader {
public:
    PcapngCapture(File file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}
    CaptureFormat format() const override { return CaptureFormat::Pcapng; }
    std::optional<int> file_linktype() const override { return std::nullopt; }
    std::string section_comment() const override { return decoder_.section_comment(); }
    std::vector<int> linktypes() const override {
        std::vector<int> out;
        for (const auto& i : decoder_.interfaces()) out.push_back(i.linktype);
        return out;
    }
    std::optional<std::int64_t> capture_end_us() const override { return decoder_.capture_end_us(); }
    std::optional<CapturedPacket> next() override {
        while (!done_) {
            const std::uint64_t at = decoder_.offset();
            block_.resize(wire::pcapng::kHeadBytes);
            const std::size_t head = std::fread(block_.data(), 1, block_.size(), file_.get());
            if (head < block_.size()) return stop_short(at, head, head == 0 ? 0 : wire::pcapng::kHeadBytes);
            const auto length = decoder_.block_length(block_.data(), block_.size());
            if (!length) return stop(length.error());
            block_.resize(length.value());
            const std::size_t rest = std::fread(block_.data() + head, 1, block_.size() - head, file_.get());
            if (head + rest < block_.size()) return stop_short(at, head + rest, block_.size());
            const auto block = decoder_.decode_block(block_.data(), block_.size());
            if (!block) return stop(block.error());
            if (const auto& found = block.value().packet) {
                CapturedPacket packet;
                const auto begin = block_.begin() + static_cast<std::ptrdiff_t>(found->data_offset);
                packet.data.assign(begin, begin + static_cast<std::ptrdiff_t>(found->data_size));
                packet.frame = ++frames_;
                packet.linktype = found->linktype;
                packet.interface_id = found->interface_id;
                packet.has_time = found->time_us.has_value();
                packet.time_us = found->time_us.value_or(0);
                packet.direction = found->direction;
                if (found->interface_id < decoder_.interfaces().size())
                    packet.interface_name = decoder_.interfaces()[found->interface_id].name;
                return packet;
            }
        }
        return std::nullopt;
    }

private:
    std::optional<CapturedPacket> stop(const wire::DecodeError& error) {
        done_ = true;
        error_ = path_ + ": " + error.to_string();
        return std::nullopt;
    }
    // End of file: clean between blocks, a truncation inside one. `wanted` is what the block
    // needed (0 at a clean end).
    std::optional<CapturedPacket> stop_short(std::uint64_t at, std::size_t got, std::size_t wanted) {
        done_ = true;
        if (std::ferror(file_.get())) {
            error_ = path_ + ": read error at offset " + std::to_string(at + got);
        } else if (wanted > 0) {
            truncation_ = path_ + ": truncated at offset " + std::to_string(at) + ": " + std::to_string(got) +
                          " octets present of the " + std::to_string(wanted) + " the block there needs, after frame " +
                          std::to_string(frames_);
        }
        return std::nullopt;
    }

    File file_;
    std::string path_;
    wire::pcapng::Decoder decoder_;
    wire::Bytes block_;
    std::size_t frames_ = 0;
    bool done_ = false;
};

}  // namespace

std::optional<CaptureFormat> capture_format(std::string_view head) {
    if (head.size() < 4) return std::nullopt;
    const auto octet = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(head[i])}; };
    const std::uint32_t magic = octet(0) << 24 | octet(1) << 16 | octet(2) << 8 | octet(3);
    if (magic == wire::pcapng::kSectionHeaderBlock) return CaptureFormat::Pcapng;
    // pcap with microsecond or nanosecond stamps, in either byte order.
    if (magic == 0xA1B2C3D4u || magic == 0xA1B23C4Du || magic == 0xD4C3B2A1u || magic == 0x4D3CB2A1u) return CaptureFormat::Pcap;
    return std::nullopt;
}

std::unique_ptr<CaptureReader> CaptureReader::open(const std::string& path, std::string& error) {
    const auto head = read_head(path, 4);
    if (!head) {
        error = "cannot read capture " + path;
        return nullptr;
    }
    if (head->size() < 4) {
        error = path + " is not a capture: " +
                (head->empty() ? std::string("it is empty ") : "it holds only " + hex_head(*head) + " ") + kAccepted;
        return nullptr;
    }
    const auto format = capture_format(std::string_view(reinterpret_cast<const char*>(head->data()), head->size()));
    if (format == CaptureFormat::Pcapng) {
        File file(std::fopen(path.c_str(), "rb"));
        if (!file) {
            error = "cannot read capture " + path;
            return nullptr;
        }
        return std::make_unique<PcapngCapture>(std::move(file), path);
    }
    if (format == CaptureFormat::Pcap) {
        auto reader = PcapReader::open(path, error);
        if (!reader) return nullptr;
        return std::make_unique<PcapCapture>(std::move(reader), path);
    }
    error = path + " is not a capture: it starts " + hex_head(*head) + " " + kAccepted;
    return nullptr;
}

}  // namespace ppp::adapters
