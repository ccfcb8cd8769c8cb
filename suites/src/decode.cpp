#include "ppp/suites/decode.hpp"

#include <nlohmann/json.hpp>

#include "ppp/adapters/capture_file.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/packet.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::suites {
namespace {

constexpr std::size_t kLapdHeader = 4;        // Q.921 address (2) + I-frame control (2)
constexpr std::size_t kLinuxLapdHeader = 16;  // sll-style pseudo header before LAPD

bool looks_like_q931(const wire::Bytes& octets) {
    return !octets.empty() && octets[0] == wire::kQ931Discriminator && wire::decode_q931(octets);
}

}  // namespace

bool parse_input_framing(const std::string& text, InputFraming& framing) {
    if (text == "auto") framing = InputFraming::Auto;
    else if (text == "async") framing = InputFraming::Async;
    else if (text == "sync") framing = InputFraming::Sync;
    else if (text == "body") framing = InputFraming::Body;
    else if (text == "q931") framing = InputFraming::Q931;
    else return false;
    return true;
}

bool FrameDecoder::decode_hex(const std::string& text, const std::string& source,
                              std::vector<FrameLine>& out, std::string& error) {
    auto bytes = wire::from_hex(text);
    if (!bytes) {
        error = source + ": " + bytes.error().what + " (accepted: hex octets such as \"7e ff 03\", "
                "\"7eff03\", \"7e:ff:03\" or \"0x7e 0xff\")";
        return false;
    }
    const wire::Bytes& octets = bytes.value();
    if (octets.empty()) return true;
    InputFraming framing = options_.framing;
    if (framing == InputFraming::Auto) {
        bool has_flag = false;
        for (auto b : octets) has_flag = has_flag || b == wire::kFlag;
        // A PPP body starts FF 03 or, with ACFC, a protocol; 08 would be a compressed
        // unknown protocol 0x08xx, so a valid Q.931 message wins there.
        if (has_flag) framing = InputFraming::Async;
        else if (looks_like_q931(octets)) framing = InputFraming::Q931;
        else if (wire::sync_decode(octets).fcs_ok) framing = InputFraming::Sync;
        else framing = InputFraming::Body;
    }
    switch (framing) {
        case InputFraming::Async: {
            wire::AsyncDeframer deframer;
            deframer.feed(octets);
            // A stream cut after its last frame still ends that frame: flush with a flag.
            if (octets.back() != wire::kFlag) deframer.feed(&wire::kFlag, 1);
            while (auto frame = deframer.next()) {
                const std::string fcs = frame->aborted ? "aborted" : frame->fcs_ok ? "ok" : "bad";
                decode_body(frame->too_short ? frame->octets : frame->body(wire::FcsKind::Fcs16),
                            source, fcs, "", out);
            }
            break;
        }
        case InputFraming::Sync: {
            const auto frame = wire::sync_decode(octets);
            decode_body(frame.too_short ? frame.octets : frame.body(wire::FcsKind::Fcs16), source,
                        frame.fcs_ok ? "ok" : "bad", "", out);
            break;
        }
        case InputFraming::Body: decode_body(octets, source, "", "", out); break;
        case InputFraming::Q931: decode_q931(octets, source, out); break;
        case InputFraming::Auto: break;  // resolved above
    }
    return true;
}

std::string FrameDecoder::check_linktype(int type, const std::string& source) {
    switch (type) {
        case adapters::linktype::kPpp:
        case adapters::linktype::kPppSerial:
        case adapters::linktype::kPppWithDir:
        case adapters::linktype::kLapd:
        case adapters::linktype::kLinuxLapd: return "";
        default:
            return source + ": pcap link type " + std::to_string(type) +
                   " is not supported (accepted: 9 PPP, 50 PPP serial, 204 PPP with direction, 203 LAPD, 177 Linux LAPD)";
    }
}

bool FrameDecoder::decode_captured(int type, const wire::Bytes& data, const std::string& source,
                                   std::vector<FrameLine>& out, std::string& error) {
    switch (type) {
        case adapters::linktype::kPpp: decode_body(data, source, "", "", out); return true;
        case adapters::linktype::kPppSerial: {
            const auto frame = wire::sync_decode(data);
            decode_body(frame.too_short ? frame.octets : frame.body(wire::FcsKind::Fcs16), source,
                        frame.fcs_ok ? "ok" : "bad", "", out);
            return true;
        }
        case adapters::linktype::kPppWithDir: {
            if (data.empty()) {
                decode_body(data, source, "", "", out);
                return true;
            }
            // PEERS.md section 3: 1 = sent by the capturing side, 0 = received.
            const std::string direction = data[0] != 0 ? "sent" : "received";
            decode_body(wire::Bytes(data.begin() + 1, data.end()), source, "", direction, out);
            return true;
        }
        case adapters::linktype::kLapd:
        case adapters::linktype::kLinuxLapd: {
            const std::size_t skip = kLapdHeader + (type == adapters::linktype::kLinuxLapd ? kLinuxLapdHeader : 0);
            if (data.size() < skip) {
                FrameLine line;
                line.index = ++count_;
                line.source = source;
                line.channel = "q931";
                line.error = "offset 0: LAPD frame shorter than its " + std::to_string(skip) +
                             "-octet header (ISDN-02)";
                line.hex = wire::to_hex(data);
                out.push_back(std::move(line));
                return true;
            }
            decode_q931(wire::Bytes(data.begin() + static_cast<std::ptrdiff_t>(skip), data.end()),
                        source, out);
            return true;
        }
        default:
            error = check_linktype(type, source);
            return false;
    }
}

void FrameDecoder::decode_body(const wire::Bytes& body, const std::string& source,
                               const std::string& fcs, const std::string& direction,
                               std::vector<FrameLine>& out) {
    FrameLine line;
    line.index = ++count_;
    line.source = source;
    line.channel = "ppp";
    line.fcs = fcs;
    line.direction = direction;
    line.hex = wire::to_hex(body);
    auto decoded = wire::decode_frame_body(body);
    if (decoded) line.description = wire::describe(decoded.value());
    else line.error = decoded.error().to_string();
    out.push_back(std::move(line));
}

void FrameDecoder::decode_q931(const wire::Bytes& octets, const std::string& source,
                               std::vector<FrameLine>& out) {
    FrameLine line;
    line.index = ++count_;
    line.source = source;
    line.channel = "q931";
    line.hex = wire::to_hex(octets);
    auto decoded = wire::decode_q931(octets);
    if (decoded) line.description = wire::describe(decoded.value());
    else line.error = decoded.error().to_string();
    out.push_back(std::move(line));
}

std::string FrameDecoder::render(const FrameLine& line) const {
    if (options_.json) {
        nlohmann::json j;
        j["index"] = line.index;
        j["source"] = line.source;
        j["channel"] = line.channel;
        if (!line.fcs.empty()) j["fcs"] = line.fcs;
        if (!line.direction.empty()) j["direction"] = line.direction;
        if (!line.description.empty()) j["decoded"] = line.description;
        if (!line.error.empty()) j["error"] = line.error;
        j["hex"] = line.hex;
        // A file name need not be UTF-8: invalid bytes become U+FFFD rather than an exception.
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    std::string text = "#" + std::to_string(line.index);
    if (!line.direction.empty()) text += line.direction == "sent" ? " >>" : " <<";
    if (!line.fcs.empty()) text += " [fcs " + line.fcs + "]";
    text += ' ';
    text += line.error.empty() ? line.description : "malformed: " + line.error + " | " + line.hex;
    return text;
}

}  // namespace ppp::suites
