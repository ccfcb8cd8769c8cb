#include "ppp/adapters/recording.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "ppp/adapters/ios_debug.hpp"
#include "ppp/adapters/pppd_log.hpp"
#include "recording/common.hpp"

namespace ppp::adapters::recording {

bool RebuiltPacket::known(std::size_t offset, std::size_t size) const {
    if (offset > octets.size() || size > octets.size() - offset) return false;
    for (const auto& u : unknown) {
        if (u.offset < offset + size && offset < u.offset + u.size) return false;
    }
    return true;
}

std::optional<std::uint8_t> RebuiltPacket::code() const {
    if (!known(0, 1)) return std::nullopt;
    return octets[0];
}

std::optional<std::uint8_t> RebuiltPacket::identifier() const {
    if (!known(1, 1)) return std::nullopt;
    return octets[1];
}

std::optional<wire::PppPayload> decode_complete(const RebuiltPacket& packet) {
    if (!packet.complete()) return std::nullopt;
    auto decoded = wire::decode_payload(packet.protocol, packet.octets);
    if (!decoded) return std::nullopt;
    return std::move(decoded).value();
}

const char* side_name(Side side) {
    switch (side) {
        case Side::None: return "none";
        case Side::Recorder: return "recorder";
        case Side::Peer: return "peer";
    }
    return "none";
}

const char* call_event_name(CallEventKind kind) {
    switch (kind) {
        case CallEventKind::DialCause: return "dial-cause";
        case CallEventKind::DialAttempt: return "dial-attempt";
        case CallEventKind::DialFailed: return "dial-failed";
        case CallEventKind::Connected: return "connected";
        case CallEventKind::Disconnected: return "disconnected";
        case CallEventKind::LinkUp: return "link-up";
        case CallEventKind::LinkDown: return "link-down";
        case CallEventKind::LineProtocolUp: return "line-protocol-up";
        case CallEventKind::LineProtocolDown: return "line-protocol-down";
        case CallEventKind::Layer2Up: return "layer2-up";
        case CallEventKind::Layer2Down: return "layer2-down";
        case CallEventKind::CallbackNegotiated: return "callback-negotiated";
        case CallEventKind::CallbackClientCreated: return "callback-client-created";
        case CallEventKind::CallbackReceived: return "callback-received";
        case CallEventKind::CallbackFreed: return "callback-freed";
        case CallEventKind::CallbackTimerExpired: return "callback-timer-expired";
        case CallEventKind::CallbackStarting: return "callback-starting";
        case CallEventKind::CallbackNotConfigured: return "callback-not-configured";
        case CallEventKind::CallbackPending: return "callback-pending";
        case CallEventKind::Disconnecting: return "disconnecting";
        case CallEventKind::IdleTimeout: return "idle-timeout";
        case CallEventKind::DialerProtocolUp: return "dialer-protocol-up";
        case CallEventKind::AuthenticationFailed: return "authentication-failed";
        case CallEventKind::AuthenticationSucceeded: return "authentication-succeeded";
    }
    return "unknown";
}

const char* format_name(RecordingFormat format) {
    switch (format) {
        case RecordingFormat::Unknown: return "unknown";
        case RecordingFormat::PppdLog: return "pppd-log";
        case RecordingFormat::IosDebug: return "ios-debug";
    }
    return "unknown";
}

std::unique_ptr<RecordReader> make_reader(RecordingFormat format, std::istream& in, std::string file) {
    switch (format) {
        case RecordingFormat::PppdLog: return std::make_unique<PppdLogReader>(in, std::move(file));
        case RecordingFormat::IosDebug: return std::make_unique<IosDebugReader>(in, std::move(file));
        case RecordingFormat::Unknown: break;
    }
    return nullptr;
}

std::vector<Record> read_all(RecordReader& reader) {
    std::vector<Record> out;
    while (auto r = reader.next()) out.push_back(std::move(*r));
    return out;
}

namespace {
// How many lines of `head` a reader of `format` recognises.
std::size_t recognised_lines(RecordingFormat format, std::string_view head) {
    std::istringstream in{std::string(head)};
    auto reader = make_reader(format, in, "");
    while (reader->next()) {
    }
    return reader->stats().recognised;
}
}  // namespace

RecordingFormat sniff_format(std::string_view head) {
    const std::size_t pppd = recognised_lines(RecordingFormat::PppdLog, head);
    const std::size_t ios = recognised_lines(RecordingFormat::IosDebug, head);
    if (pppd == 0 && ios == 0) return RecordingFormat::Unknown;
    return pppd > ios ? RecordingFormat::PppdLog : RecordingFormat::IosDebug;
}

namespace {
bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }
bool space(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string redact_secrets(std::string_view text) {
    using detail::ifind;
    if (ifind(text, "password") == std::string_view::npos && ifind(text, "secret") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const std::size_t p = ifind(text, "password", i), s = ifind(text, "secret", i);
        const std::size_t k = std::min(p, s);
        if (k == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        std::size_t j = k + (k == p ? 8 : 6);
        out.append(text.substr(i, j - i));
        i = j;
        // Whole words only (`passwords` and `nosecret` are not keywords).
        if ((k > 0 && word_char(text[k - 1])) || (j < n && word_char(text[j]))) continue;
        if (j < n && text[j] == '=') {  // pppd PAP: password="..." (or <hidden>)
            ++j;
            std::size_t e = j;
            if (e < n && text[e] == '"') {
                ++e;
                while (e < n && text[e] != '"') e += (text[e] == '\\' && e + 1 < n) ? 2U : 1U;
                if (e < n) ++e;
            } else {
                while (e < n && !space(text[e]) && text[e] != ']') ++e;
            }
            const std::string_view value = text.substr(j, e - j);
            out += '=';
            out += value == "<hidden>" ? "<hidden>" : "<redacted>";
            i = e;
            continue;
        }
        std::size_t v = j;
        while (v < n && space(text[v])) ++v;
        if (v == j || v == n) continue;  // `password` at the end, or not followed by a value
        // IOS keeps an encryption type before the value: `password 7 0822455D0A16`.
        if (std::isdigit(static_cast<unsigned char>(text[v])) != 0 && v + 1 < n && space(text[v + 1])) {
            std::size_t after = v + 1;
            while (after < n && space(text[after])) ++after;
            if (after < n) {
                out.append(text.substr(j, after - j));
                j = v = after;
            }
        }
        out.append(text.substr(j, v - j));
        std::size_t e = v;
        while (e < n && !space(text[e])) ++e;
        out += "<redacted>";
        i = e;
    }
    return out;
}

std::vector<Record> merge_by_time(std::vector<std::vector<Record>> files, const std::vector<std::int64_t>& offsets_ms) {
    struct Cursor {
        std::size_t next = 0;
        std::int64_t key = std::numeric_limits<std::int64_t>::min();  // a record without a stamp
    };                                                                 // follows the one before it
    std::vector<Cursor> cursors(files.size());
    auto key_of = [&](std::size_t f) {
        const Record& r = files[f][cursors[f].next];
        if (!r.time) return cursors[f].key;
        return r.time->ms + (f < offsets_ms.size() ? offsets_ms[f] : 0);
    };
    std::size_t total = 0;
    for (const auto& f : files) total += f.size();
    std::vector<Record> out;
    out.reserve(total);
    while (out.size() < total) {
        std::size_t best = files.size();
        std::int64_t best_key = 0;
        for (std::size_t f = 0; f < files.size(); ++f) {
            if (cursors[f].next >= files[f].size()) continue;
            const std::int64_t key = key_of(f);
            if (best == files.size() || key < best_key) {
                best = f;
                best_key = key;
            }
        }
        cursors[best].key = best_key;
        out.push_back(std::move(files[best][cursors[best].next++]));
    }
    return out;
}

std::optional<SharedPacket> first_shared_packet(const std::vector<Record>& a, const std::vector<Record>& b) {
    // (sender is a's recorder, protocol, octets) -> a's first such record
    std::map<std::tuple<bool, std::uint16_t, wire::Bytes>, std::size_t> logged;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto* packet = std::get_if<RebuiltPacket>(&a[i].body);
        if (packet == nullptr || !packet->complete() || a[i].side == Side::None) continue;
        logged.emplace(std::make_tuple(a[i].side == Side::Recorder, packet->protocol, packet->octets), i);
    }
    for (std::size_t j = 0; j < b.size(); ++j) {
        const auto* packet = std::get_if<RebuiltPacket>(&b[j].body);
        if (packet == nullptr || !packet->complete() || b[j].side == Side::None) continue;
        // Sent by b's recorder = received by a's, and the other way round.
        const auto it = logged.find(std::make_tuple(b[j].side != Side::Recorder, packet->protocol, packet->octets));
        if (it != logged.end()) return SharedPacket{it->second, j};
    }
    return std::nullopt;
}

}  // namespace ppp::adapters::recording
