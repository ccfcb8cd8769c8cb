// Cisco IOS debug transcripts (issue #16; SPEC OBS-03..08, section 17 OBS-05). A packet is a
// header line (`BR0:1 LCP: O CONFREQ [Closed] id 1 len 13`) and the option lines after it, a
// Q.931 message a header line and its IE lines, a `show dialer` section its header and the lines
// up to the next prompt, stamp or debug line; each is handed out when the next line shows it is
// complete, so the reader holds at most one record in progress.
#include "ppp/adapters/ios_debug.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <iterator>
#include <utility>

#include "ppp/wire/framing.hpp"
#include "ppp/wire/q931.hpp"
#include "recording/common.hpp"

namespace ppp::adapters::recording {

using wire::Bytes;
namespace proto = wire::proto;
using namespace detail;

namespace {

// `show dialer`'s Last DNIS column: the time since the last call as hh:mm:ss, in seconds (past a
// day IOS prints `1d02h`, which is not read).
std::optional<std::int64_t> hms_seconds(std::string_view text) {
    std::string_view t = text;
    const auto clock = take_clock(t);
    if (!clock || !t.empty()) return std::nullopt;
    return clock->ms / 1000;
}

// A record in progress never grows past this many continuation lines (a pasted transcript cannot
// make the reader hold an unbounded Q.931 message or show section).
constexpr std::size_t kMaxContinuationLines = 64;

struct ProtocolWord {
    const char* word;
    std::uint16_t number;
};
constexpr ProtocolWord kPacketProtocols[] = {
    {"LCP", proto::kLcp},   {"IPCP", proto::kIpcp}, {"CCP", proto::kCcp},   {"IPV6CP", 0x8057},
    {"CDPCP", 0x8207},      {"CHAP", proto::kChap}, {"PAP", proto::kPap},   {"CBCP", proto::kCbcp},
};
// Words before ':' that mark a line of a PPP or dialer debug (with the packet protocols above).
constexpr const char* kOtherFacilities[] = {"PPP", "DDR", "MLP", "MCB", "AAA/AUTHOR/LCP", "AAA/AUTHOR/FSM", "AAA/BIND"};

std::optional<std::uint16_t> packet_protocol(std::string_view word) {
    for (const auto& p : kPacketProtocols) {
        if (word == p.word) return p.number;
    }
    return std::nullopt;
}

bool is_facility(std::string_view word) {
    if (packet_protocol(word)) return true;
    for (const char* f : kOtherFacilities) {
        if (word == f) return true;
    }
    return false;
}

// IOS spellings of the LCP-format codes (RFC 1661 section 5; the reference prints the same).
std::optional<std::uint8_t> lcp_code(std::string_view name) {
    static constexpr const char* kNames[] = {"CONFREQ", "CONFACK", "CONFNAK", "CONFREJ", "TERMREQ",
                                             "TERMACK", "CODEREJ", "PROTREJ", "ECHOREQ", "ECHOREP",
                                             "DISCREQ", "IDENTIFY", "TIMEREMAIN"};
    for (std::size_t i = 0; i < std::size(kNames); ++i) {
        if (name == kNames[i]) return static_cast<std::uint8_t>(i + 1);
    }
    if (name == "IDENT") return 12;
    if (name == "TIMEREM") return 13;
    return std::nullopt;
}

std::optional<std::uint8_t> auth_code(std::uint16_t protocol, std::string_view name) {
    if (protocol == proto::kChap) {
        if (name == "CHALLENGE") return 1;
        if (name == "RESPONSE") return 2;
        if (name == "SUCCESS") return 3;
        if (name == "FAILURE") return 4;
    } else if (protocol == proto::kPap) {
        if (name == "AUTH-REQ") return 1;
        if (name == "AUTH-ACK") return 2;
        if (name == "AUTH-NAK") return 3;
    } else if (protocol == proto::kCbcp) {
        if (name == "REQUEST") return 1;
        if (name == "RESPONSE") return 2;
        if (name == "ACK") return 3;
    }
    return std::nullopt;
}

// `"R1"` at the start of `s`: the text between the quotes (IOS does not escape).
std::optional<std::string> quoted_name(std::string_view s) {
    s = trim(s);
    if (s.size() < 2 || s.front() != '"') return std::nullopt;
    const auto close = s.find('"', 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(s.substr(1, close - 1));
}

// The hex in parentheses at the end of an option line: `CallbackOpt 0 (0x0D0300)` -> 0D 03 00.
// The label varies by release; the hex is the option (OBS-05).
std::optional<Bytes> option_hex(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.back() != ')') return std::nullopt;
    const auto open = line.rfind("(0x");
    if (open == std::string_view::npos) return std::nullopt;
    return parse_hex_run(line.substr(open + 1, line.size() - open - 2));
}

// A packet header in progress and the option lines that follow it.
struct PendingPacket {
    std::uint16_t protocol = 0;
    std::uint8_t code = 0, identifier = 0;
    std::size_t length = 0;         // `len N`
    Bytes body;                     // what the header line itself gave (magic, CHAP/PAP fields)
    std::vector<OctetRange> body_unknown;
    bool body_told = false;         // the header line accounts for the whole body
    Bytes options;                  // option lines' octets
    bool option_missing = false;    // an option line without its hex
    std::string state;
};

struct PendingQ931 {
    wire::Q931Message message;
    std::vector<std::string> unrebuilt;
};

struct Pending {
    Record record;  // source, time, side, interface, text of the first line
    std::variant<PendingPacket, PendingQ931, DialerShow> what;
    std::size_t continuation_lines = 0;
};

RebuiltPacket finish_packet(const PendingPacket& p) {
    RebuiltPacket out;
    out.protocol = p.protocol;
    out.fsm_state = p.state;
    out.length = p.length;
    out.octets = {p.code, p.identifier, static_cast<std::uint8_t>((p.length >> 8) & 0xFFU),
                  static_cast<std::uint8_t>(p.length & 0xFFU)};
    const bool lcp_format = p.protocol != proto::kChap && p.protocol != proto::kPap && p.protocol != proto::kCbcp;
    if (lcp_format && p.code >= 1 && p.code <= 4) {
        out.octets.insert(out.octets.end(), p.options.begin(), p.options.end());
        out.truncated = p.option_missing || out.octets.size() < p.length;
        return out;
    }
    if (p.body_told) {
        out.octets.insert(out.octets.end(), p.body.begin(), p.body.end());
        for (const auto& u : p.body_unknown) out.unknown.push_back(OctetRange{u.offset + 4, u.size});
        out.truncated = out.octets.size() < p.length;
        return out;
    }
    out.octets.insert(out.octets.end(), p.body.begin(), p.body.end());  // a known start (magic)
    out.truncated = out.octets.size() < p.length;
    return out;
}

// The packet header after `PROTO:`: `O CONFREQ [Closed] id 1 len 13` and the per-protocol tail.
std::optional<PendingPacket> packet_header(std::uint16_t protocol, std::string_view rest, Side& side) {
    std::string_view t = trim(rest);
    const auto direction = take_word(t);
    if (direction != "O" && direction != "I") return std::nullopt;
    side = direction == "O" ? Side::Recorder : Side::Peer;
    PendingPacket p;
    p.protocol = protocol;
    const auto name = take_word(t);
    const bool auth_like = protocol == proto::kChap || protocol == proto::kPap || protocol == proto::kCbcp;
    const auto code = auth_like ? auth_code(protocol, name) : lcp_code(name);
    if (!code) return std::nullopt;
    p.code = *code;
    t = trim(t);
    if (!t.empty() && t.front() == '[') {
        const auto close = t.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        p.state = std::string(t.substr(1, close - 1));
        t.remove_prefix(close + 1);
    }
    if (take_word(t) != "id") return std::nullopt;
    const auto id = parse_uint(take_word(t), 0xFF);
    if (!id || take_word(t) != "len") return std::nullopt;
    const auto len = parse_uint(take_word(t), 0xFFFF);
    if (!len || *len < 4) return std::nullopt;
    p.identifier = static_cast<std::uint8_t>(*id);
    p.length = static_cast<std::size_t>(*len);
    t = trim(t);

    if (protocol == proto::kChap && (p.code == 1 || p.code == 2)) {
        // `from "R1"`: Value-Size follows from len; the value itself is never printed.
        if (!starts_with(t, "from ")) return p;
        const auto name_text = quoted_name(t.substr(5));
        if (!name_text || p.length < 5 + name_text->size()) return p;
        const std::size_t value_size = p.length - 5 - name_text->size();
        if (value_size > 0xFF) return p;
        p.body.push_back(static_cast<std::uint8_t>(value_size));
        p.body_unknown.push_back(OctetRange{1, value_size});
        p.body.insert(p.body.end(), value_size, 0);
        p.body.insert(p.body.end(), name_text->begin(), name_text->end());
        p.body_told = true;
    } else if (protocol == proto::kChap && (p.code == 3 || p.code == 4)) {
        if (p.length == 4) p.body_told = true;
        const auto at = t.find("msg is ");
        if (at != std::string_view::npos) {
            if (const auto message = quoted_name(t.substr(at + 7)); message && 4 + message->size() == p.length) {
                p.body.assign(message->begin(), message->end());
                p.body_told = true;
            }
        }
    } else if (protocol == proto::kPap && p.code == 1) {
        // `from "R2"`: the peer-id; the password's length follows from len, its octets never.
        if (!starts_with(t, "from ")) return p;
        const auto user = quoted_name(t.substr(5));
        if (!user || user->size() > 0xFF || p.length < 6 + user->size()) return p;
        const std::size_t password_size = p.length - 6 - user->size();
        if (password_size > 0xFF) return p;
        p.body.push_back(static_cast<std::uint8_t>(user->size()));
        p.body.insert(p.body.end(), user->begin(), user->end());
        p.body.push_back(static_cast<std::uint8_t>(password_size));
        p.body_unknown.push_back(OctetRange{p.body.size(), password_size});
        p.body.insert(p.body.end(), password_size, 0);
        p.body_told = true;
    } else if (protocol == proto::kPap && (p.code == 2 || p.code == 3)) {
        if (p.length >= 5 && p.length - 5 <= 0xFF) {  // Msg-Length follows from len
            p.body.push_back(static_cast<std::uint8_t>(p.length - 5));
            if (p.length > 5) p.body_unknown.push_back(OctetRange{1, p.length - 5});
            p.body.insert(p.body.end(), p.length - 5, 0);
            p.body_told = true;
        }
    } else if (p.code >= 9 && p.code <= 11 && protocol == proto::kLcp) {
        if (starts_with(t, "magic ")) {  // `LCP: I ECHOREQ [Open] id 1 len 12 magic 0x1234ABCD`
            std::string_view m = t.substr(6);
            if (const auto magic = parse_uint(take_word(m), 0xFFFFFFFF)) {
                for (int shift = 24; shift >= 0; shift -= 8) {
                    p.body.push_back(static_cast<std::uint8_t>((*magic >> shift) & 0xFFU));
                }
                p.body_told = p.length == 8;
            }
        }
    } else if (p.length == 4) {
        p.body_told = true;  // nothing after the header
    }
    return p;
}

// ---- Q.931 (OBS-04) ------------------------------------------------------------------------------

struct IeName {
    const char* name;
    std::uint8_t id;
    enum Shape { Hex, Text, Number, Single } shape;
};
constexpr IeName kIes[] = {
    {"Bearer Capability", wire::q931_ie::kBearerCapability, IeName::Hex},
    {"Cause", wire::q931_ie::kCause, IeName::Hex},
    {"Call State", wire::q931_ie::kCallState, IeName::Hex},
    {"Channel ID", wire::q931_ie::kChannelId, IeName::Hex},
    {"Progress Ind", wire::q931_ie::kProgress, IeName::Hex},
    {"Signal", wire::q931_ie::kSignal, IeName::Hex},
    {"Low Layer Compat", wire::q931_ie::kLowLayerCompatibility, IeName::Hex},
    {"High Layer Compat", wire::q931_ie::kHighLayerCompatibility, IeName::Hex},
    {"Display", wire::q931_ie::kDisplay, IeName::Text},
    {"Keypad Facility", wire::q931_ie::kKeypad, IeName::Text},
    {"Calling Party Number", wire::q931_ie::kCallingNumber, IeName::Number},
    {"Called Party Number", wire::q931_ie::kCalledNumber, IeName::Number},
    {"Sending Complete", wire::q931_ie::kSendingComplete, IeName::Single},
};

// `Cause i = 0x8290 - Normal call clearing`: the IE's contents, or nullopt when not rebuilt.
std::optional<wire::RawIe> ie_of(const IeName& ie, std::string_view value) {
    value = trim(value);
    wire::RawIe raw{ie.id, {}};
    switch (ie.shape) {
        case IeName::Single:
            return value.empty() ? std::optional<wire::RawIe>{raw} : std::nullopt;
        case IeName::Hex: {
            const auto end = value.find(' ');
            const auto octets = parse_hex_run(value.substr(0, end));
            if (!octets) return std::nullopt;
            raw.contents = *octets;
            return raw;
        }
        case IeName::Text: {
            if (value.size() < 2 || value.front() != '\'' || value.back() != '\'') return std::nullopt;
            raw.contents = Bytes(value.begin() + 1, value.end() - 1);
            return raw;
        }
        case IeName::Number: {  // `0x80, '<number>'` (octet 3, or 3 and 3a as 0x2181), then digits
            const auto comma = value.find(',');
            if (comma == std::string_view::npos) return std::nullopt;
            const auto octets = parse_hex_run(trim(value.substr(0, comma)));
            std::string_view digits = trim(value.substr(comma + 1));
            if (!octets || octets->size() > 2 || digits.empty() || digits.front() != '\'') return std::nullopt;
            // Octet 3 without its extension bit says octet 3a follows (Q.931 4.5.10): when the
            // line does not print it, it is not known.
            if (octets->size() == 1 && ((*octets)[0] & 0x80U) == 0) return std::nullopt;
            const auto close = digits.find('\'', 1);
            if (close == std::string_view::npos) return std::nullopt;
            raw.contents = *octets;
            raw.contents.insert(raw.contents.end(), digits.begin() + 1, digits.begin() + static_cast<std::ptrdiff_t>(close));
            return raw;
        }
    }
    return std::nullopt;
}

// An IE line: `<name> i = <value>` or a known single-octet IE. nullopt when not an IE line.
// `rebuilt` is empty when the line is an IE line the reader cannot rebuild.
std::optional<std::optional<wire::RawIe>> ie_line(std::string_view line) {
    line = trim(line);
    for (const auto& ie : kIes) {
        if (!starts_with(line, ie.name)) continue;
        std::string_view rest = line.substr(std::char_traits<char>::length(ie.name));
        if (ie.shape == IeName::Single) return std::optional<wire::RawIe>{ie_of(ie, rest)};
        rest = trim(rest);
        if (!starts_with(rest, "i = ")) continue;
        return std::optional<wire::RawIe>{ie_of(ie, rest.substr(4))};
    }
    if (starts_with(line, "Locking Shift") || starts_with(line, "Non-Locking Shift") || starts_with(line, "Codeset ")) {
        return std::optional<wire::RawIe>{};  // codeset shifts and what follows them: not rebuilt
    }
    const auto at = line.find(" i = ");
    if (at != std::string_view::npos && at > 0 && std::isalpha(static_cast<unsigned char>(line.front())) != 0) {
        return std::optional<wire::RawIe>{};  // an IE this reader does not rebuild
    }
    return std::nullopt;
}

std::optional<std::uint8_t> q931_type(std::string_view name) {
    for (unsigned t = 0; t < 0x80; ++t) {
        if (name == wire::q931_type_name(static_cast<std::uint8_t>(t)) && name != "UNKNOWN") {
            return static_cast<std::uint8_t>(t);
        }
    }
    return std::nullopt;
}

Q931Record finish_q931(const PendingQ931& p) {
    Q931Record out;
    out.unrebuilt = p.unrebuilt;
    out.octets = wire::encode_q931(p.message);
    auto decoded = wire::decode_q931(out.octets);  // the typed fields, as the oracle's decoder sees them
    if (decoded) {
        out.message = std::move(decoded).value();
    } else {
        out.message = p.message;
        out.unrebuilt.push_back("decode: " + decoded.error().to_string());
    }
    return out;
}

// ---- `show dialer` (OBS-08) ---------------------------------------------------------------------

std::optional<std::int64_t> number_before(std::string_view s, std::string_view after_word) {
    const auto at = s.find(after_word);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view t = s.substr(at + after_word.size());
    const auto v = take_uint(t, 1'000'000'000);
    if (!v) return std::nullopt;
    return static_cast<std::int64_t>(*v);
}

// One line of a section; false when it is none of `show dialer`'s lines.
bool show_dialer_line(DialerShow& d, std::string_view line) {
    line = trim(line);
    if (starts_with(line, "Dial String") && line.find("Successes") != std::string_view::npos) return true;
    if (line.find("incoming call(s) have been screened") != std::string_view::npos) {
        std::string_view t = line;
        if (const auto v = take_uint(t, 1'000'000'000)) d.screened_calls = static_cast<std::int64_t>(*v);
        return true;
    }
    if (line.find("incoming call(s) rejected for callback") != std::string_view::npos) {
        std::string_view t = line;
        if (const auto v = take_uint(t, 1'000'000'000)) d.rejected_for_callback = static_cast<std::int64_t>(*v);
        return true;
    }
    if (starts_with(line, "Idle timer (")) {
        d.idle_timer_s = number_before(line, "Idle timer (");
        d.fast_idle_s = number_before(line, "Fast idle timer (");
        return true;
    }
    if (starts_with(line, "Wait for carrier (")) {
        d.wait_for_carrier_s = number_before(line, "Wait for carrier (");
        d.re_enable_s = number_before(line, "Re-enable (");
        return true;
    }
    if (starts_with(line, "Dialer state is ")) {
        d.dialer_state = redact_secrets(line.substr(16));
        return true;
    }
    if (starts_with(line, "Dial reason: ")) {
        d.dial_reason = redact_secrets(line.substr(13));
        return true;
    }
    if (starts_with(line, "Time until disconnect ")) {
        d.time_until_disconnect_s = number_before(line, "Time until disconnect ");
        return true;
    }
    if (starts_with(line, "Connected to ")) {  // `Connected to <number> (R2)`
        std::string_view t = line.substr(13);
        // A caller whose number the router was not given (CLIR): no number, the name may follow.
        static constexpr std::string_view kUnknown = "<unknown phone number>";
        if (starts_with(t, kUnknown)) t.remove_prefix(kUnknown.size());
        else if (!starts_with(trim(t), "(")) d.connected_number = std::string(take_word(t));
        t = trim(t);
        if (t.size() >= 2 && t.front() == '(' && t.back() == ')') d.connected_name = std::string(t.substr(1, t.size() - 2));
        return true;
    }
    // A dial string row: `<number> 2 4 00:00:20 successful`.
    std::string_view t = line;
    const auto number = take_word(t);
    if (number.empty() || !std::all_of(number.begin(), number.end(), [](char c) { return is_digit(c) || c == '#' || c == '*'; })) {
        return false;
    }
    const auto successes = parse_uint(take_word(t), 1'000'000'000);
    const auto failures = parse_uint(take_word(t), 1'000'000'000);
    if (!successes || !failures) return false;
    DialStringStats row;
    row.number = std::string(number);
    row.successes = static_cast<std::int64_t>(*successes);
    row.failures = static_cast<std::int64_t>(*failures);
    row.last_called = std::string(take_word(t));
    row.last_called_s = hms_seconds(row.last_called);
    row.last_status = redact_secrets(trim(t));
    d.dial_strings.push_back(std::move(row));
    return true;
}

// `BRI0 - dialer type = ISDN`
std::optional<DialerShow> show_dialer_header(std::string_view line) {
    line = trim(line);
    const auto at = line.find(" - dialer type = ");
    if (at == std::string_view::npos || !looks_like_interface(line.substr(0, at))) return std::nullopt;
    DialerShow d;
    d.interface = std::string(line.substr(0, at));
    d.dialer_type = std::string(trim(line.substr(at + 17)));
    return d;
}

// ---- DDR and syslog lines (OBS-03, OBS-07) --------------------------------------------------------

// `NAME NUMBER` after a phrase (`Callback client for R1 <number> created`).
void name_and_number(CallEvent& e, std::string_view s) {
    e.name = std::string(take_word(s));
    e.number = std::string(take_word(s));
}

void strip_trailing_dots(std::string_view& s) {
    s = trim(s);
    while (!s.empty() && s.back() == '.') s.remove_suffix(1);
    s = trim(s);
}

std::optional<CallEvent> dialer_event(std::string_view rest) {
    std::string_view t = trim(rest);
    strip_trailing_dots(t);
    CallEvent e;
    auto after = [&](std::string_view phrase) -> std::optional<std::string_view> {
        const auto at = ifind(t, phrase);
        if (at == std::string_view::npos) return std::nullopt;
        return t.substr(at + phrase.size());
    };
    if (auto a = after("Dialing cause ")) {  // `ip (s=192.0.2.2, d=192.0.2.1)`, pasted `(s=, d=`
        e.kind = CallEventKind::DialCause;
        std::string_view s = *a;
        e.protocol = std::string(take_word(s));
        auto field = [&](std::string_view key) {
            const auto k = s.find(key);
            if (k == std::string_view::npos) return std::string();
            std::string_view v = s.substr(k + key.size());
            std::size_t n = 0;
            while (n < v.size() && v[n] != ',' && v[n] != ')' && v[n] != ' ') ++n;
            return std::string(v.substr(0, n));
        };
        e.source_address = field("s=");
        e.destination_address = field("d=");
        return e;
    }
    if (auto a = after("Attempting to dial ")) {
        e.kind = CallEventKind::DialAttempt;
        e.number = std::string(take_word(*a));
        return e;
    }
    if (ifind(t, "Callback negotiated") != std::string_view::npos) {
        e.kind = CallEventKind::CallbackNegotiated;
        return e;
    }
    if (auto a = after("Callback client for ")) {
        e.kind = CallEventKind::CallbackClientCreated;
        name_and_number(e, *a);
        return e;
    }
    if (auto a = after("Callback received from ")) {
        e.kind = CallEventKind::CallbackReceived;
        name_and_number(e, *a);
        return e;
    }
    if (auto a = after("Freeing callback to ")) {
        e.kind = CallEventKind::CallbackFreed;
        name_and_number(e, *a);
        return e;
    }
    if (auto a = after("beginning callback to ")) {
        e.kind = CallEventKind::CallbackStarting;
        name_and_number(e, *a);
        return e;
    }
    if (auto a = after("Callback server starting to ")) {
        e.kind = CallEventKind::CallbackStarting;
        name_and_number(e, *a);
        return e;
    }
    if (ifind(t, "Callback timer expired") != std::string_view::npos) {
        e.kind = CallEventKind::CallbackTimerExpired;
        return e;
    }
    if (auto a = after("Callback client ")) {  // `Callback client R2 not configured, disconnecting`
        if (ifind(*a, "not configured") == std::string_view::npos) return std::nullopt;
        e.kind = CallEventKind::CallbackNotConfigured;
        e.name = std::string(take_word(*a));
        return e;
    }
    if (ifind(t, "authentication failed") != std::string_view::npos) {
        e.kind = CallEventKind::AuthenticationFailed;
        return e;
    }
    if (auto a = after("call to ")) {  // `call to <number> failed, cause 17 (User busy)`, after a carrier timeout too
        if (ifind(*a, "failed") == std::string_view::npos) return std::nullopt;
        e.kind = CallEventKind::DialFailed;
        e.number = std::string(take_word(*a));
        if (const auto c = ifind(*a, "cause "); c != std::string_view::npos) {
            std::string_view v = a->substr(c + 6);
            if (const auto value = take_uint(v, 127)) e.cause = static_cast<std::uint8_t>(*value);
        }
        e.reason = redact_secrets(trim(*a));
        return e;
    }
    if (ifind(t, "disconnecting call") != std::string_view::npos) {
        e.kind = CallEventKind::Disconnecting;
        return e;
    }
    if (ifind(t, "idle timeout") != std::string_view::npos) {
        e.kind = CallEventKind::IdleTimeout;
        return e;
    }
    if (ifind(t, "dialer protocol up") != std::string_view::npos) {
        e.kind = CallEventKind::DialerProtocolUp;
        return e;
    }
    return std::nullopt;
}

// `%LINK-3-UPDOWN: Interface BRI0:1, changed state to up` and the other OBS-03 messages.
std::optional<CallEvent> syslog_event(std::string_view mnemonic, std::string_view text, std::string& interface) {
    CallEvent e;
    auto interface_after = [&](std::string_view key) {
        const auto at = text.find(key);
        if (at == std::string_view::npos) return;
        std::string_view t = text.substr(at + key.size());
        std::string_view w = take_word(t);
        while (!w.empty() && (w.back() == ',' || w.back() == ':')) w.remove_suffix(1);
        interface = std::string(w);
    };
    const bool up = ends_with(trim(text), "to up"), down = ends_with(trim(text), "to down");
    if (mnemonic == "LINK-3-UPDOWN" && (up || down)) {
        interface_after("Interface ");
        e.kind = up ? CallEventKind::LinkUp : CallEventKind::LinkDown;
        return e;
    }
    if (mnemonic == "LINEPROTO-5-UPDOWN" && (up || down)) {
        interface_after("Interface ");
        e.kind = up ? CallEventKind::LineProtocolUp : CallEventKind::LineProtocolDown;
        return e;
    }
    if (mnemonic == "ISDN-6-LAYER2UP" || mnemonic == "ISDN-6-LAYER2DOWN") {
        interface_after("Interface ");
        e.kind = mnemonic == "ISDN-6-LAYER2UP" ? CallEventKind::Layer2Up : CallEventKind::Layer2Down;
        return e;
    }
    if (mnemonic == "ISDN-6-CONNECT") {  // `Interface BRI0:1 is now connected to <number> R1`
        interface_after("Interface ");
        const auto at = text.find("connected to ");
        if (at == std::string_view::npos) return std::nullopt;
        e.kind = CallEventKind::Connected;
        name_and_number(e, text.substr(at + 13));
        std::swap(e.name, e.number);  // number first, then the name
        return e;
    }
    if (mnemonic == "ISDN-6-DISCONNECT") {  // `... disconnected from <number> R1, call lasted 12 seconds`
        interface_after("Interface ");
        const auto at = text.find("disconnected from ");
        if (at == std::string_view::npos) return std::nullopt;
        e.kind = CallEventKind::Disconnected;
        std::string_view t = text.substr(at + 18);
        const auto comma = t.find(',');
        std::string_view who = t.substr(0, comma);
        e.number = std::string(take_word(who));
        e.name = std::string(trim(who));
        if (const auto lasted = ifind(t, "call lasted "); lasted != std::string_view::npos) {
            std::string_view v = t.substr(lasted + 12);
            if (const auto seconds = take_uint(v, 1'000'000'000)) e.call_seconds = static_cast<std::int64_t>(*seconds);
        }
        return e;
    }
    return std::nullopt;
}

// `R1#show dialer`, `R2>`, `R1(config)#`: a router prompt, possibly with a command.
bool is_prompt(std::string_view line) {
    std::size_t i = 0;
    if (line.empty() || std::isalpha(static_cast<unsigned char>(line[0])) == 0) return false;
    auto host_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.'; };
    while (i < line.size() && host_char(line[i])) ++i;
    if (i < line.size() && line[i] == '(') {
        const auto close = line.find(')', i);
        if (close == std::string_view::npos) return false;
        i = close + 1;
    }
    return i < line.size() && (line[i] == '#' || line[i] == '>') && (i + 1 == line.size() || line[i + 1] != '>');
}

}  // namespace

std::vector<DialerShow> parse_show_dialer(std::string_view text) {
    std::vector<DialerShow> sections;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (auto header = show_dialer_header(line)) sections.push_back(std::move(*header));
        else if (!sections.empty()) show_dialer_line(sections.back(), line);
    }
    return sections;
}

// ---- the reader --------------------------------------------------------------------------------

struct IosDebugReader::State {
    State(std::istream& in, std::string name) : lines(in, kMaxRecordingLineBytes), file(std::move(name)) {}
    LineSource lines;
    std::string file;
    ReadStats stats;
    Timeline timeline;
    std::optional<Pending> pending;
    std::deque<Record> ready;
    std::string recorder;  // the current line's router name, when it has one

    void flush();
    bool continue_pending(std::string_view body, bool stamped, const std::string& line);
    bool start(std::string_view body, const std::optional<Stamp>& time, const std::string& line);
    Record base(const std::optional<Stamp>& time, const std::string& line) const {
        Record r;
        r.source = Source{file, lines.line_number(), lines.line_number()};
        r.recorder = recorder;
        r.time = time;
        r.text = redact_secrets(line);
        return r;
    }
    // A new record ends the one in progress; an unrecognised line does not (IOS interleaves
    // other debugs and pasted transcripts carry stray text).
    void emit(Record r) {
        flush();
        ++stats.records;
        ready.push_back(std::move(r));
    }
};

IosDebugReader::IosDebugReader(std::istream& in, std::string file) : state_(std::make_unique<State>(in, std::move(file))) {}
IosDebugReader::~IosDebugReader() = default;

const ReadStats& IosDebugReader::stats() const { return state_->stats; }

std::optional<Record> IosDebugReader::next() {
    State& s = *state_;
    std::string line;
    bool too_long = false;
    while (s.ready.empty()) {
        if (!s.lines.next(line, too_long)) {
            s.flush();
            break;
        }
        ++s.stats.lines;
        if (too_long) {
            ++s.stats.too_long;
            ++s.stats.skipped;
            continue;
        }
        const std::string plain = unpaste(line);
        std::string_view body = trim(plain);
        if (body.empty()) {  // pasted transcripts put blank lines anywhere: they end nothing
            ++s.stats.blank;
            ++s.stats.skipped;
            continue;
        }
        std::optional<Stamp> time;
        std::string recorder;
        if (auto raw = take_ios_stamp(body)) {
            time = s.timeline.place(*raw);
        } else {
            // `R2 00:00:00.020: ...`: several routers in one file, each line led by its name
            // (the reference's `simulate` output, issue #16 item 2).
            std::string_view rest = body;
            const auto name = take_word(rest);
            rest = trim(rest);
            if (!name.empty() && name.size() <= 64 && std::isalpha(static_cast<unsigned char>(name.front())) != 0 &&
                name.find(':') == std::string_view::npos) {
                if (auto named = take_ios_stamp(rest)) {
                    time = s.timeline.place(*named);
                    recorder = std::string(name);
                    body = rest;
                }
            }
        }
        body = trim(body);
        s.recorder = recorder;
        if (s.continue_pending(body, time.has_value(), line) || s.start(body, time, line)) {
            ++s.stats.recognised;
        } else {
            ++s.stats.skipped;
        }
    }
    if (s.ready.empty()) return std::nullopt;
    Record r = std::move(s.ready.front());
    s.ready.pop_front();
    return r;
}

void IosDebugReader::State::flush() {
    if (!pending) return;
    Record r = std::move(pending->record);
    if (auto* p = std::get_if<PendingPacket>(&pending->what)) r.body = finish_packet(*p);
    else if (auto* q = std::get_if<PendingQ931>(&pending->what)) r.body = finish_q931(*q);
    else r.body = std::get<DialerShow>(pending->what);
    pending.reset();
    emit(std::move(r));
}

bool IosDebugReader::State::continue_pending(std::string_view body, bool stamped, const std::string& line) {
    if (!pending || pending->continuation_lines >= kMaxContinuationLines) return false;
    if (pending->record.recorder != recorder) return false;  // another router's line
    auto extend = [&] {
        ++pending->continuation_lines;
        pending->record.source.last_line = lines.line_number();
        pending->record.text += '\n';
        pending->record.text += redact_secrets(line);
    };
    if (auto* q = std::get_if<PendingQ931>(&pending->what)) {
        const auto ie = ie_line(body);
        if (!ie) return false;
        if (*ie) {
            q->message.others.push_back(**ie);
            q->message.ie_order.push_back((*ie)->id);
        } else {
            q->unrebuilt.push_back(redact_secrets(trim(body)));
        }
        extend();
        return true;
    }
    if (auto* p = std::get_if<PendingPacket>(&pending->what)) {
        // `BR0:1 LCP:    AuthProto CHAP (0x0305C22305)`: same interface and protocol, indented.
        std::string_view t = body;
        std::string_view first = take_word(t);
        if (looks_like_interface(first)) {
            if (first != pending->record.interface) return false;
            first = take_word(t);
        }
        if (first == "PPP:") first = take_word(t);
        if (!ends_with(first, ":") || packet_protocol(first.substr(0, first.size() - 1)) != p->protocol) return false;
        const bool indented = starts_with(t, "  ");
        const auto hex = option_hex(t);
        if (!indented && !hex) return false;
        if (hex) p->options.insert(p->options.end(), hex->begin(), hex->end());
        else p->option_missing = true;
        extend();
        return true;
    }
    auto& show = std::get<DialerShow>(pending->what);
    if (stamped || is_prompt(body) || show_dialer_header(body)) return false;
    if (!show_dialer_line(show, body)) return false;
    extend();
    return true;
}

bool IosDebugReader::State::start(std::string_view body, const std::optional<Stamp>& time, const std::string& line) {
    Record r = base(time, line);
    if (is_prompt(body)) {  // a prompt or a command echo: part of the transcript
        r.body = Note{redact_secrets(body)};
        emit(std::move(r));
        return true;
    }
    if (auto show = show_dialer_header(body)) {
        r.interface = show->interface;
        r.channel = b_channel_of(show->interface);
        flush();
        pending = Pending{std::move(r), std::move(*show), 0};
        return true;
    }
    if (body.front() == '%') {  // `%FACILITY-SEVERITY-MNEMONIC: text`
        const auto colon = body.find(": ");
        if (colon == std::string_view::npos || body.find('-') > colon) return false;
        const std::string_view mnemonic = body.substr(1, colon - 1);
        const std::string_view text = body.substr(colon + 2);
        std::string interface;
        if (auto e = syslog_event(mnemonic, text, interface)) {
            r.interface = interface;
            r.channel = b_channel_of(interface);
            r.body = std::move(*e);
        } else {
            r.body = Note{redact_secrets(body)};
        }
        emit(std::move(r));
        return true;
    }
    std::string_view t = body;
    std::string_view first = take_word(t);
    if (first == "ISDN") {  // `ISDN BR0: TX ->  SETUP pd = 8  callref = 0x2E`, IOS-XE `ISDN BR0 Q931: TX -> ...`
        std::string_view w = take_word(t);
        std::string interface(w);
        if (!interface.empty() && interface.back() == ':') interface.pop_back();
        if (!ends_with(w, ":")) {
            if (take_word(t) != "Q931:") return false;
        }
        const auto direction = take_word(t);
        const auto arrow = take_word(t);
        if (!((direction == "TX" && arrow == "->") || (direction == "RX" && arrow == "<-"))) {
            r.interface = interface;
            r.body = Note{redact_secrets(body)};
            emit(std::move(r));
            return true;
        }
        PendingQ931 q;
        const auto type_name = take_word(t);
        if (const auto type = q931_type(type_name)) q.message.type = *type;
        else q.unrebuilt.push_back("message type " + std::string(type_name));
        std::string_view fields = t;
        if (const auto pd = ifind(fields, "pd = "); pd != std::string_view::npos) {
            std::string_view v = fields.substr(pd + 5);
            const auto word = take_word(v);
            const auto value = parse_uint(word, 0xFF);
            if (!value || *value != wire::kQ931Discriminator) {
                q.unrebuilt.push_back("protocol discriminator " + std::string(word));
            }
        }
        if (const auto cr = ifind(fields, "callref = "); cr != std::string_view::npos) {
            std::string_view v = fields.substr(cr + 10);
            const auto word = take_word(v);
            const auto octets = parse_hex_run(word);
            if (octets && octets->size() == 1) {  // BRI: one octet, the flag in its top bit
                q.message.from_destination = ((*octets)[0] & 0x80U) != 0;
                q.message.call_reference = static_cast<std::uint8_t>((*octets)[0] & 0x7FU);
            } else {
                q.unrebuilt.push_back("call reference " + std::string(word));
            }
        } else {
            q.unrebuilt.push_back("call reference not printed");
        }
        r.interface = interface;
        r.side = direction == "TX" ? Side::Recorder : Side::Peer;
        flush();
        pending = Pending{std::move(r), std::move(q), 0};
        return true;
    }

    // `[iface] [PPP:] PROTO: rest`, `iface: rest` (OBS-07 `BRI0: Dialing cause ...`), `rest`.
    std::string interface;
    std::string facility;
    std::string_view rest = body;
    {
        std::string_view u = body;
        std::string_view w = take_word(u);
        if (ends_with(w, ":") && looks_like_interface(w.substr(0, w.size() - 1)) &&
            !is_facility(w.substr(0, w.size() - 1))) {
            interface = std::string(w.substr(0, w.size() - 1));
            rest = u;
        } else {
            if (looks_like_interface(w)) {
                interface = std::string(w);
                w = take_word(u);
            }
            if (w == "PPP:") {  // `PPP: Vi2.1 LCP: ...` (IOS-XE)
                std::string_view v = u;
                std::string_view x = take_word(v);
                if (looks_like_interface(x)) {
                    interface = std::string(x);
                    x = take_word(v);
                }
                if (ends_with(x, ":") && is_facility(x.substr(0, x.size() - 1)) && x != "PPP:") {
                    w = x;
                    u = v;
                }
            }
            if (ends_with(w, ":") && is_facility(w.substr(0, w.size() - 1))) {
                facility = std::string(w.substr(0, w.size() - 1));
                rest = u;
            } else {
                interface.clear();
                rest = body;
            }
        }
    }
    r.interface = interface;
    r.channel = b_channel_of(interface);
    const std::string_view trimmed = trim(rest);

    if (const auto protocol = packet_protocol(facility)) {
        Side side = Side::None;
        if (auto header = packet_header(*protocol, trimmed, side)) {
            r.side = side;
            flush();
        pending = Pending{std::move(r), std::move(*header), 0};
            return true;
        }
    }
    if (!facility.empty()) {
        StateChange change;
        change.protocol = facility;
        if (starts_with(trimmed, "State is ")) {
            change.kind = StateChange::Kind::State;
            change.to = std::string(trim(trimmed.substr(9)));
            r.body = std::move(change);
            emit(std::move(r));
            return true;
        }
        if (starts_with(trimmed, "Phase is ")) {
            change.kind = StateChange::Kind::Phase;
            std::string_view v = trimmed.substr(9);
            const auto comma = v.find(',');
            change.to = std::string(trim(v.substr(0, comma)));
            if (comma != std::string_view::npos) change.detail = redact_secrets(trim(v.substr(comma + 1)));
            r.body = std::move(change);
            emit(std::move(r));
            return true;
        }
        if (starts_with(trimmed, "Event[")) {  // IOS-XE: `Event[Receive ConfReq+] State[Stopped to ACKsent]`
            const auto close = trimmed.find(']');
            const auto state = trimmed.find("State[");
            if (close != std::string_view::npos && state != std::string_view::npos) {
                change.kind = StateChange::Kind::Transition;
                change.event = redact_secrets(trimmed.substr(6, close - 6));
                std::string_view v = trimmed.substr(state + 6);
                v = v.substr(0, v.find(']'));
                const auto to = v.find(" to ");
                change.from = std::string(v.substr(0, to));
                if (to != std::string_view::npos) change.to = std::string(v.substr(to + 4));
                r.body = std::move(change);
                emit(std::move(r));
                return true;
            }
        }
    }
    if (facility.empty() || facility == "DDR" || facility == "PPP") {
        // Without a facility or an interface only a line about dialing or callback is taken: a
        // stray `disconnecting call` in prose is not an event.
        const bool about_dialing = ifind(trimmed, "callback") != std::string_view::npos ||
                                   ifind(trimmed, "dial") != std::string_view::npos;
        if (auto e = dialer_event(trimmed); e && (!facility.empty() || !interface.empty() || about_dialing)) {
            r.body = std::move(*e);
            emit(std::move(r));
            return true;
        }
    }
    if (!facility.empty()) {  // another line of a known debug: kept as a note
        r.body = Note{redact_secrets(trimmed)};
        emit(std::move(r));
        return true;
    }
    // The ping a transcript shows around a dial (the seed): its result is worth keeping.
    if (starts_with(trimmed, "Success rate is ") || starts_with(trimmed, "Sending ") ||
        starts_with(trimmed, "Type escape sequence")) {
        r.body = Note{redact_secrets(trimmed)};
        emit(std::move(r));
        return true;
    }
    return false;
}

}  // namespace ppp::adapters::recording
