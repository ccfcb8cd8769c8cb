// `ppp-conform decode`: frames in, one line per frame in RFC vocabulary out.
#include <array>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli.hpp"
#include "ppp/adapters/capture_file.hpp"
#include "ppp/adapters/recording.hpp"
#include "ppp/suites/decode.hpp"
#include "ppp/wire/input_text.hpp"

namespace ppp::cli {
namespace {

struct DecodeArgs {
    std::vector<std::string> hex;
    std::string pcap;
    std::string recording;
    std::string framing = "auto";
    bool json = false;
};

// The octets already read to tell the format, then the rest of the source: a pipe cannot be
// rewound.
class HeadThenRest final : public std::streambuf {
public:
    HeadThenRest(std::string head, std::streambuf* rest) : head_(std::move(head)), rest_(rest) {
        setg(head_.data(), head_.data(), head_.data() + head_.size());
    }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        const std::streamsize n = rest_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (n <= 0) return traits_type::eof();
        setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::string head_;
    std::streambuf* rest_;
    std::array<char, 64 * 1024> buffer_{};
};

// Writes the decoded lines to standard output and empties `lines`; `problem` notes a bad one.
void print_lines(const suites::FrameDecoder& decoder, std::vector<suites::FrameLine>& lines, bool& problem) {
    for (const auto& line : lines) {
        problem = problem || line.problem();
        std::cout << decoder.render(line) << '\n';
    }
    lines.clear();
}

// A text recording (issue #16): the records of a pppd debug log or a Cisco IOS debug transcript
// (`-`: standard input), one line each, then the reader's line counts on standard error. Exit 2
// when the file cannot be read or no line of either format is in its first 8 KiB.
int decode_recording(const std::string& path, suites::FrameDecoder& decoder, bool& problem) {
    namespace rec = adapters::recording;
    SniffedInput input;
    if (!open_sniffed(path, 8192, input)) {
        std::cerr << "ppp-conform decode: --recording " << input.name << " cannot be read\n";
        return kExitUsage;
    }
    const std::string& name = input.name;
    std::istream& source = *input.in;
    std::string& head = input.head;
    const rec::RecordingFormat format = rec::sniff_format(head);
    if (format == rec::RecordingFormat::Unknown) {
        std::cerr << "ppp-conform decode: --recording " << name
                  << ": no line of its first 8 KiB is of a known format (accepted: a pppd debug log, "
                     "a Cisco IOS debug transcript)\n";
        return kExitUsage;
    }
    HeadThenRest replay(std::move(head), source.rdbuf());
    std::istream in(&replay);
    auto reader = rec::make_reader(format, in, name);
    std::vector<suites::FrameLine> lines;
    while (auto record = reader->next()) {
        decoder.decode_record(*record, lines);
        print_lines(decoder, lines, problem);
    }
    const rec::ReadStats& stats = reader->stats();
    std::cerr << name << ": " << rec::format_name(format) << ", " << stats.lines << " lines, "
              << stats.recognised << " recognised, " << stats.skipped << " skipped (" << stats.blank << " blank, "
              << stats.too_long << " over " << rec::kMaxRecordingLineBytes / 1024 << " KiB), " << stats.records
              << " records\n";
    return problem ? kExitFail : kExitPass;
}

// A capture, pcap or pcapng (issue #16): one line per packet, each decoded by its own link type
// (a pcapng may hold a B- and a D-channel). A file cut inside a packet is a note after the
// packets before the cut; exit 2 when it is no capture, is broken, or nothing could be read.
int decode_capture(const std::string& path, suites::FrameDecoder& decoder, bool& problem) {
    std::string error;
    auto reader = adapters::CaptureReader::open(path, error);
    if (!reader) {
        std::cerr << "ppp-conform decode: " << error << '\n';
        return kExitUsage;
    }
    // pcap: refused up front, so a capture of another link type fails even when it holds no
    // packet. pcapng: each interface has its own link type, checked packet by packet.
    if (const auto type = reader->file_linktype()) {
        if (const std::string refused = suites::FrameDecoder::check_linktype(*type, shown(path)); !refused.empty()) {
            std::cerr << "ppp-conform decode: " << refused << '\n';
            return kExitUsage;
        }
    }
    std::vector<suites::FrameLine> lines;
    std::size_t read = 0;
    while (auto packet = reader->next()) {
        ++read;
        // pcapng epb_flags (§4.3.1): outbound is what the capturing side sent.
        const char* direction = packet->direction == adapters::CaptureDirection::Outbound  ? "sent"
                                : packet->direction == adapters::CaptureDirection::Inbound ? "received"
                                                                                           : "";
        if (!decoder.decode_captured(packet->linktype, packet->data, path + " packet " + std::to_string(packet->frame),
                                     lines, error, direction)) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        print_lines(decoder, lines, problem);
    }
    if (!reader->error().empty()) {
        std::cerr << "ppp-conform decode: " << reader->error() << '\n';
        return kExitUsage;
    }
    if (!reader->truncation().empty()) {
        std::cerr << "ppp-conform decode: " << (read == 0 ? "" : "note: ") << reader->truncation() << '\n';
        if (read == 0) return kExitUsage;
    }
    return problem ? kExitFail : kExitPass;
}

// Prints every frame; returns the exit code: 0 all frames decoded with good FCS, 1 some frame is
// malformed or has a bad FCS, 2 the input itself is unusable (not hex, unreadable capture).
int run_decode(const DecodeArgs& args) {
    suites::DecodeOptions options;
    if (!suites::parse_input_framing(args.framing, options.framing)) {
        std::cerr << "ppp-conform decode: --framing " << args.framing
                  << " is not accepted (auto, async, sync, body, q931)\n";
        return kExitUsage;
    }
    options.json = args.json;
    suites::FrameDecoder decoder(options);
    std::vector<suites::FrameLine> lines;
    std::string error;
    bool problem = false;
    auto flush = [&] { print_lines(decoder, lines, problem); };

    std::vector<std::string> inputs;
    if (!args.pcap.empty()) inputs.push_back("--pcap " + shown(args.pcap));
    if (!args.recording.empty()) inputs.push_back("--recording " + shown(args.recording));
    if (!args.hex.empty()) inputs.push_back("hex arguments");
    if (inputs.size() > 1) {
        std::cerr << "ppp-conform decode: " << inputs[0] << " and " << inputs[1]
                  << " given together (accepted: one input: hex arguments, --pcap FILE, --recording FILE, or "
                     "standard input)\n";
        return kExitUsage;
    }
    if (!args.recording.empty()) return decode_recording(args.recording, decoder, problem);
    if (!args.pcap.empty()) return decode_capture(args.pcap, decoder, problem);
    if (!args.hex.empty()) {
        // Arguments together are one frame or one async stream ("7e ff 03 ..." split by the shell).
        std::string joined;
        for (const auto& word : args.hex) joined += word + ' ';
        if (!decoder.decode_hex(joined, "arguments", lines, error)) {
            std::cerr << "ppp-conform decode: " << error << '\n';
            return kExitUsage;
        }
        flush();
    } else {
        std::string text;
        std::size_t line_number = 0;
        // Lines are bounded (a frame in hex is at most a few KiB): /dev/zero is refused, not read
        // until memory runs out.
        char c = 0;
        bool at_end = false;
        while (!at_end) {
            text.clear();
            while (!(at_end = !std::cin.get(c)) && c != '\n') {
                if (text.size() == wire::kMaxLineBytes) {
                    std::cerr << "ppp-conform decode: stdin line " << line_number + 1 << " is longer than "
                              << wire::kMaxLineBytes / 1024 << " KiB (accepted: one frame in hex per line)\n";
                    return kExitUsage;
                }
                text += c;
            }
            if (at_end && text.empty()) break;
            ++line_number;
            if (!text.empty() && text.back() == '\r') text.pop_back();
            if (text.empty() || text[0] == '#') continue;
            if (!decoder.decode_hex(text, "stdin line " + std::to_string(line_number), lines, error)) {
                std::cerr << "ppp-conform decode: " << error << '\n';
                return kExitUsage;
            }
            flush();
        }
        if (std::cin.bad()) {
            std::cerr << "ppp-conform decode: standard input cannot be read\n";
            return kExitUsage;
        }
    }
    return problem ? kExitFail : kExitPass;
}

}  // namespace

void add_decode_command(CLI::App& app, int& exit_code) {
    auto decode_args = std::make_shared<DecodeArgs>();
    auto* decode = app.add_subcommand(
        "decode", "Decode PPP frames (hex, a pcap or pcapng file, or a pppd or IOS debug recording) into one line per "
                  "frame in RFC vocabulary");
    decode->add_option("hex", decode_args->hex,
                       "Frame octets in hex; without them, one frame (or async stream) per line "
                       "of standard input");
    decode->add_option("--pcap", decode_args->pcap,
                       "Read a capture, pcap or pcapng (link types 9, 50, 204 for PPP; 203, 177 for Q.931; a pcapng "
                       "may mix them, one per interface)");
    decode->add_option("--recording", decode_args->recording,
                       "Read a text recording (- for standard input): a pppd debug log or a Cisco IOS "
                       "debug transcript (debug ppp negotiation/authentication, debug isdn q931, debug "
                       "dialer, show dialer)");
    decode->add_option("--framing", decode_args->framing,
                       "How hex input is framed: auto, async (7E flags, octet-stuffed), sync "
                       "(with FCS-16), body (no FCS), q931")
        ->capture_default_str();
    decode->add_flag("--json", decode_args->json, "One JSON object per frame");
    decode->callback([decode_args, &exit_code] { exit_code = run_decode(*decode_args); });
}

}  // namespace ppp::cli
