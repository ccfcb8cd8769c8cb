#include "ppp/suites/decode.hpp"

#include <cstdio>

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
        case adapters::linktype::kLinuxLapd:
        case adapters::linktype::kRaw:
        case adapters::linktype::kIpv4: return "";
        default:
            return source + ": pcap link type " + std::to_string(type) +
                   " is not supported (accepted: 9 PPP, 50 PPP serial, 204 PPP with direction, 203 LAPD, 177 Linux LAPD, "
                   "101 and 228 IPv4 at the LAN side)";
    }
}

bool FrameDecoder::decode_captured(int type, const wire::Bytes& data, const std::string& source,
                                   std::vector<FrameLine>& out, std::string& error, const std::string& direction) {
    const std::size_t first = out.size();
    if (!decode_link(type, data, source, out, error)) return false;
    for (std::size_t i = first; i < out.size(); ++i) {
        if (out[i].direction.empty()) out[i].direction = direction;
    }
    return true;
}

bool FrameDecoder::decode_link(int type, const wire::Bytes& data, const std::string& source,
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
        case adapters::linktype::kRaw:
        case adapters::linktype::kIpv4: {  // `run`'s evidence: the SUT's LAN side
            FrameLine line;
            line.index = ++count_;
            line.source = source;
            line.channel = "lan";
            const auto packet = wire::decode_ipv4(data);
            if (packet) line.description = "LAN " + wire::describe(packet.value());
            else line.error = packet.error().to_string();
            line.hex = wire::to_hex(data);
            out.push_back(std::move(line));
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

namespace {

namespace rec = adapters::recording;

// The stamp as the file's clock reads it: [+Nd ]HH:MM:SS, milliseconds when the stamp has them.
std::string hex16(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", value);
    return text;
}


std::string event_text(const rec::CallEvent& e) {
    std::string out = rec::call_event_name(e.kind);
    if (!e.protocol.empty()) out += ' ' + e.protocol;
    if (!e.source_address.empty() || !e.destination_address.empty())
        out += " s=" + e.source_address + " d=" + e.destination_address;
    if (!e.number.empty()) out += ' ' + e.number;
    if (!e.name.empty()) out += ' ' + e.name;
    if (e.cause) out += " cause #" + std::to_string(*e.cause);
    if (e.call_seconds) out += " after " + std::to_string(*e.call_seconds) + " s";
    if (!e.reason.empty()) out += " (" + e.reason + ")";
    return out;
}

std::string state_text(const rec::StateChange& s) {
    switch (s.kind) {
        case rec::StateChange::Kind::State: return s.protocol + " state " + s.to;
        case rec::StateChange::Kind::Phase:
            return s.protocol + " phase " + s.to + (s.detail.empty() ? "" : " (" + s.detail + ")");
        case rec::StateChange::Kind::Transition:
            return s.protocol + " event " + s.event + ": " + s.from + " -> " + s.to;
    }
    return s.to;
}

std::string show_text(const rec::DialerShow& d) {
    std::string out = "show dialer " + d.interface;
    auto add = [&](const char* what, const std::optional<std::int64_t>& seconds) {
        if (seconds) out += std::string(", ") + what + " " + std::to_string(*seconds) + " s";
    };
    add("idle", d.idle_timer_s);
    add("fast idle", d.fast_idle_s);
    add("wait for carrier", d.wait_for_carrier_s);
    add("re-enable", d.re_enable_s);
    add("until disconnect", d.time_until_disconnect_s);
    if (!d.dialer_state.empty()) out += ", state " + d.dialer_state;
    if (!d.dial_reason.empty()) out += ", reason " + d.dial_reason;
    if (!d.connected_number.empty()) out += ", connected to " + d.connected_number;
    for (const rec::DialStringStats& s : d.dial_strings)
        out += ", " + s.number + ": " + std::to_string(s.successes) + " successes " + std::to_string(s.failures) +
               " failures";
    return out;
}

}  // namespace

std::string stamp_text(const rec::Stamp& stamp) {
    constexpr std::int64_t kDay = 86'400'000;
    const std::int64_t days = stamp.ms / kDay;
    const std::int64_t in_day = stamp.ms % kDay;
    char text[48];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(in_day / 3'600'000),
                  static_cast<long long>(in_day / 60'000 % 60), static_cast<long long>(in_day / 1000 % 60));
    std::string out = days > 0 ? "+" + std::to_string(days) + "d " + text : std::string(text);
    if (stamp.resolution_ms < 1000) {
        std::snprintf(text, sizeof text, ".%03lld", static_cast<long long>(in_day % 1000));
        out += text;
    }
    return out;
}

std::string missing_part(const rec::RebuiltPacket& packet) {
    std::size_t unknown = 0;
    for (const rec::OctetRange& range : packet.unknown) unknown += range.size;
    std::string out;
    if (unknown > 0) out = std::to_string(unknown) + " octet" + (unknown == 1 ? "" : "s") + " not in the text";
    if (packet.truncated) {
        if (!out.empty()) out += ", ";
        out += "cut after " + std::to_string(packet.octets.size()) + " octets";
        if (packet.length) out += " of " + std::to_string(*packet.length);
    }
    return out;
}

void FrameDecoder::decode_record(const rec::Record& record, std::vector<FrameLine>& out) {
    const std::string source = record.source.file + " line " + std::to_string(record.source.line);
    const std::string direction = record.side == rec::Side::Recorder ? "sent"
                                  : record.side == rec::Side::Peer   ? "received"
                                                                     : "";
    const std::size_t first = out.size();
    auto new_line = [&](const char* channel) -> FrameLine& {
        FrameLine& line = out.emplace_back();
        line.index = ++count_;
        line.source = source;
        line.channel = channel;
        line.direction = direction;
        return line;
    };
    if (const auto* packet = std::get_if<rec::RebuiltPacket>(&record.body)) {
        if (packet->complete()) {
            decode_body(wire::encode_ppp(packet->protocol, packet->octets), source, "", direction, out);
        } else {
            FrameLine& line = new_line("ppp");
            line.description = "protocol " + hex16(packet->protocol);
            if (const auto code = packet->code()) line.description += " code " + std::to_string(*code);
            if (const auto id = packet->identifier()) line.description += " id " + std::to_string(*id);
            line.description += ", incomplete: " + missing_part(*packet);
            line.hex = wire::to_hex(packet->octets);
        }
    } else if (const auto* q931 = std::get_if<rec::Q931Record>(&record.body)) {
        decode_q931(q931->octets, source, out);
        if (!q931->complete())
            out.back().description += " (incomplete: " + std::to_string(q931->unrebuilt.size()) + " IE line" +
                                      (q931->unrebuilt.size() == 1 ? "" : "s") + " not rebuilt)";
        out.back().direction = direction;
    } else {
        FrameLine& line = new_line("event");
        if (const auto* e = std::get_if<rec::CallEvent>(&record.body)) line.description = event_text(*e);
        else if (const auto* s = std::get_if<rec::StateChange>(&record.body)) line.description = state_text(*s);
        else if (const auto* d = std::get_if<rec::DialerShow>(&record.body)) line.description = show_text(*d);
        else line.description = std::get<rec::Note>(record.body).message;
        // `show dialer` names its interface in its own text.
        if (!record.interface.empty() && !std::holds_alternative<rec::DialerShow>(record.body))
            line.description = record.interface + ' ' + line.description;
    }
    for (std::size_t i = first; i < out.size(); ++i) {
        out[i].line_ref = "line " + std::to_string(record.source.line);
        if (record.time) out[i].time = stamp_text(*record.time);
    }
}

std::string FrameDecoder::render(const FrameLine& line) const {
    if (options_.json) {
        nlohmann::json j;
        j["index"] = line.index;
        j["source"] = line.source;
        j["channel"] = line.channel;
        if (!line.fcs.empty()) j["fcs"] = line.fcs;
        if (!line.direction.empty()) j["direction"] = line.direction;
        if (!line.time.empty()) j["time"] = line.time;
        if (!line.description.empty()) j["decoded"] = line.description;
        if (!line.error.empty()) j["error"] = line.error;
        if (!line.hex.empty() || line.channel != "event") j["hex"] = line.hex;
        // A file name need not be UTF-8: invalid bytes become U+FFFD rather than an exception.
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    std::string text = "#" + std::to_string(line.index);
    if (!line.line_ref.empty()) text += " (" + line.line_ref + ")";
    if (!line.time.empty()) text += ' ' + line.time;
    if (!line.direction.empty()) text += line.direction == "sent" ? " >>" : " <<";
    if (!line.fcs.empty()) text += " [fcs " + line.fcs + "]";
    text += ' ';
    text += line.error.empty() ? line.description : "malformed: " + line.error + " | " + line.hex;
    return text;
}

}  // namespace ppp::suites
