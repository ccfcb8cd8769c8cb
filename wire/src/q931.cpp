#include "ppp/wire/q931.hpp"

#include <algorithm>
#include <array>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

using detail::error;
constexpr const char* kClause = "ISDN-02";  // Q.931 §4 message format, as used by ISDN-02..05

// Typed IE slots of Q931Message.
enum Slot : int { kBearer, kCause, kChannel, kCalling, kCalled, kDisplay, kSlots, kNone = -1 };

int slot_of(std::uint8_t id) {
    switch (id) {
    case q931_ie::kBearerCapability: return kBearer;
    case q931_ie::kCause: return kCause;
    case q931_ie::kChannelId: return kChannel;
    case q931_ie::kCallingNumber: return kCalling;
    case q931_ie::kCalledNumber: return kCalled;
    case q931_ie::kDisplay: return kDisplay;
    default: return kNone;
    }
}

bool present(const Q931Message& m, int slot) {
    switch (slot) {
    case kBearer: return m.bearer.has_value();
    case kCause: return m.cause.has_value();
    case kChannel: return m.channel.has_value();
    case kCalling: return m.calling.has_value();
    case kCalled: return m.called.has_value();
    case kDisplay: return m.display.has_value();
    default: return false;
    }
}

// One IE in transmission order: a typed slot, or an entry of `others`.
struct IeRef {
    int slot = kNone;
    const RawIe* raw = nullptr;
};

// The order in which encode writes IEs: first as `ie_order` says (the first occurrence of a
// typed id is the typed IE, later ones come from `others`), then whatever is left in Q.931
// order: single-octet IEs, then variable IEs by ascending id (Q.931 §4.5.1).
template <class F>
void for_each_ie(const Q931Message& m, F&& f) {
    std::array<bool, kSlots> emitted{};
    std::array<bool, 256> seen{};
    std::vector<bool> used(m.others.size(), false);
    auto take_raw = [&](std::uint8_t id) {
        for (std::size_t k = 0; k < m.others.size(); ++k) {
            if (!used[k] && m.others[k].id == id) {
                used[k] = true;
                f(IeRef{kNone, &m.others[k]});
                return;
            }
        }
    };
    for (const auto id : m.ie_order) {
        const int slot = slot_of(id);
        const bool first = !seen[id];
        seen[id] = true;
        if (slot != kNone && first && present(m, slot) && !emitted[static_cast<std::size_t>(slot)]) {
            emitted[static_cast<std::size_t>(slot)] = true;
            f(IeRef{slot, nullptr});
        } else {
            take_raw(id);
        }
    }
    for (std::size_t k = 0; k < m.others.size(); ++k) {
        if (!used[k] && (m.others[k].id & 0x80) != 0) {
            used[k] = true;
            f(IeRef{kNone, &m.others[k]});
        }
    }
    // Only the ids with something left to write are visited in full (encode runs for every
    // message the lab's network and routers send).
    std::array<bool, 0x80> pending{};
    for (const std::uint8_t id : {q931_ie::kBearerCapability, q931_ie::kCause, q931_ie::kChannelId, q931_ie::kCallingNumber,
                                  q931_ie::kCalledNumber, q931_ie::kDisplay}) {
        const int slot = slot_of(id);
        if (id < 0x80 && present(m, slot) && !emitted[static_cast<std::size_t>(slot)]) pending[id] = true;
    }
    for (std::size_t k = 0; k < m.others.size(); ++k)
        if (!used[k] && m.others[k].id < 0x80) pending[m.others[k].id] = true;
    for (unsigned id = 0; id < 0x80; ++id) {
        if (!pending[id]) continue;
        const int slot = slot_of(static_cast<std::uint8_t>(id));
        if (slot != kNone && present(m, slot) && !emitted[static_cast<std::size_t>(slot)]) {
            emitted[static_cast<std::size_t>(slot)] = true;
            f(IeRef{slot, nullptr});
        }
        for (std::size_t k = 0; k < m.others.size(); ++k) {
            if (!used[k] && m.others[k].id == id) {
                used[k] = true;
                f(IeRef{kNone, &m.others[k]});
            }
        }
    }
}

// `id len contents`; contents longer than 255 octets are cut to keep the IE well formed.
void put_ie(Bytes& b, std::uint8_t id, const Bytes& contents) {
    const std::size_t n = std::min<std::size_t>(contents.size(), 255);
    b.push_back(id);
    b.push_back(static_cast<std::uint8_t>(n));
    b.insert(b.end(), contents.begin(), contents.begin() + static_cast<std::ptrdiff_t>(n));
}

Bytes party_contents(const PartyNumber& n) {
    Bytes c;
    c.reserve(n.digits.size() + 2);
    // Octet 3 extension bit: 0 when octet 3a (presentation/screening) follows.
    c.push_back(static_cast<std::uint8_t>((n.type_plan & 0x7F) | (n.presentation ? 0x00 : 0x80)));
    if (n.presentation) c.push_back(*n.presentation);
    c.insert(c.end(), n.digits.begin(), n.digits.end());
    return c;
}

void put_typed(Bytes& b, const Q931Message& m, int slot) {
    switch (slot) {
    case kBearer: put_ie(b, q931_ie::kBearerCapability, m.bearer->octets); break;
    case kCause: {
        const auto& c = *m.cause;
        Bytes contents{static_cast<std::uint8_t>(0x80 | ((c.coding_standard & 3) << 5) | (c.location & 0x0F)),
                       static_cast<std::uint8_t>(0x80 | (c.value & 0x7F))};
        detail::append(contents, c.diagnostics);
        put_ie(b, q931_ie::kCause, contents);
        break;
    }
    case kChannel: {
        const auto& c = *m.channel;
        Bytes contents{static_cast<std::uint8_t>(0x80 | (c.exclusive ? 0x08 : 0x00) | (c.channel & 0x03))};
        detail::append(contents, c.extra);
        put_ie(b, q931_ie::kChannelId, contents);
        break;
    }
    case kCalling: put_ie(b, q931_ie::kCallingNumber, party_contents(*m.calling)); break;
    case kCalled: put_ie(b, q931_ie::kCalledNumber, party_contents(*m.called)); break;
    case kDisplay: put_ie(b, q931_ie::kDisplay, Bytes(m.display->begin(), m.display->end())); break;
    default: break;
    }
}

// Fills the typed slot when the contents have the shape the type describes; false -> raw.
bool decode_typed(Q931Message& m, std::uint8_t id, const Bytes& c) {
    switch (slot_of(id)) {
    case kBearer: m.bearer = BearerCapability{c}; return true;
    case kCause:
        // Octet 3 `1 cs(2) 0 loc(4)` without octet 3a, octet 4 `1 value(7)`, then diagnostics.
        if (c.size() < 2 || (c[0] & 0x80) == 0 || (c[0] & 0x10) != 0 || (c[1] & 0x80) == 0) return false;
        m.cause = CauseIe{static_cast<std::uint8_t>((c[0] >> 5) & 3), static_cast<std::uint8_t>(c[0] & 0x0F),
                          static_cast<std::uint8_t>(c[1] & 0x7F), Bytes(c.begin() + 2, c.end())};
        return true;
    case kChannel:
        // BRI form `1 0 0 0 excl 0 ch(2)`: no interface id, basic interface, not the D-channel.
        if (c.empty() || (c[0] & 0xF4) != 0x80) return false;
        m.channel = ChannelId{static_cast<std::uint8_t>(c[0] & 0x03), (c[0] & 0x08) != 0, Bytes(c.begin() + 1, c.end())};
        return true;
    case kCalling:
    case kCalled: {
        if (c.empty()) return false;
        PartyNumber n;
        n.type_plan = c[0];
        std::size_t digits_at = 1;
        if ((c[0] & 0x80) == 0) {  // octet 3a follows
            if (c.size() < 2) return false;
            n.presentation = c[1];
            digits_at = 2;
        }
        n.digits.assign(c.begin() + static_cast<std::ptrdiff_t>(digits_at), c.end());
        (id == q931_ie::kCallingNumber ? m.calling : m.called) = std::move(n);
        return true;
    }
    case kDisplay: m.display = std::string(c.begin(), c.end()); return true;
    default: return false;
    }
}

const char* location_name(std::uint8_t loc) {
    switch (loc) {
    case 0: return "user";
    case 1: return "private-local";
    case 2: return "public-local";
    case 3: return "transit";
    case 4: return "public-remote";
    case 5: return "private-remote";
    case 7: return "international";
    case 10: return "beyond-interworking";
    default: return nullptr;
    }
}

const char* raw_ie_name(std::uint8_t id) {
    switch (id) {
    case q931_ie::kSendingComplete: return "Sending-Complete";
    case 0xA0: return "More-Data";
    case q931_ie::kCallState: return "Call-State";
    case 0x1C: return "Facility";
    case q931_ie::kProgress: return "Progress";
    case 0x27: return "Notification";
    case q931_ie::kKeypad: return "Keypad";
    case q931_ie::kSignal: return "Signal";
    case q931_ie::kCallingSubaddress: return "Calling-Subaddr";
    case q931_ie::kCalledSubaddress: return "Called-Subaddr";
    case q931_ie::kLowLayerCompatibility: return "LLC";
    case q931_ie::kHighLayerCompatibility: return "HLC";
    default: return nullptr;
    }
}

std::string describe_party(const char* what, const PartyNumber& n) {
    std::string s = std::string("<") + what + " " + detail::quoted(n.digits);
    if ((n.type_plan & 0x7F) != 0) s += " ton/npi=" + detail::hex8(static_cast<std::uint8_t>(n.type_plan & 0x7F));
    if (n.presentation) s += " pi=" + detail::hex8(*n.presentation);
    return s + ">";
}

std::string describe_ie(const Q931Message& m, const IeRef& ie) {
    switch (ie.slot) {
    case kBearer: return "<Bearer " + to_hex(m.bearer->octets) + ">";
    case kCause: {
        const auto& c = *m.cause;
        std::string s = "<Cause #" + std::to_string(c.value) + " " + detail::quoted(std::string(cause_name(c.value)));
        const char* loc = location_name(c.location);
        s += loc != nullptr ? std::string(" loc=") + loc : " loc=" + std::to_string(c.location);
        if (c.coding_standard != 0) s += " cs=" + std::to_string(c.coding_standard);
        if (!c.diagnostics.empty()) s += " diag=0x" + detail::compact_hex(c.diagnostics);
        return s + ">";
    }
    case kChannel: {
        const auto& c = *m.channel;
        static const char* const kNames[] = {"none", "B1", "B2", "any"};
        std::string s = std::string("<Channel ") + kNames[c.channel & 3];
        if (c.exclusive) s += " excl";
        if (!c.extra.empty()) s += " +0x" + detail::compact_hex(c.extra);
        return s + ">";
    }
    case kCalling: return describe_party("Calling", *m.calling);
    case kCalled: return describe_party("Called", *m.called);
    case kDisplay: return "<Display " + detail::quoted(*m.display) + ">";
    default: break;
    }
    const RawIe& raw = *ie.raw;
    const char* name = raw_ie_name(raw.id);
    if ((raw.id & 0xF0) == 0x90) {
        return std::string((raw.id & 0x08) != 0 ? "<Shift-Once " : "<Shift ") + std::to_string(raw.id & 7) + ">";
    }
    std::string s = name != nullptr ? std::string("<") + name : "<IE " + detail::hex8(raw.id);
    if ((raw.id & 0x80) == 0 && !raw.contents.empty()) s += " " + to_hex(raw.contents);
    return s + ">";
}

}  // namespace

const char* q931_type_name(std::uint8_t type) {
    switch (type) {
    case 0x01: return "ALERTING";
    case 0x02: return "CALL_PROC";
    case 0x03: return "PROGRESS";
    case 0x05: return "SETUP";
    case 0x07: return "CONNECT";
    case 0x0D: return "SETUP_ACK";
    case 0x0F: return "CONNECT_ACK";
    case 0x45: return "DISCONNECT";
    case 0x46: return "RESTART";
    case 0x4D: return "RELEASE";
    case 0x4E: return "RESTART_ACK";
    case 0x5A: return "RELEASE_COMP";
    case 0x6E: return "NOTIFY";
    case 0x75: return "STATUS_ENQ";
    case 0x7B: return "INFORMATION";
    case 0x7D: return "STATUS";
    default: return "UNKNOWN";
    }
}

const char* cause_name(std::uint8_t value) {
    switch (value) {  // Q.850 Table 1
    case 1: return "Unallocated (unassigned) number";
    case 2: return "No route to specified transit network";
    case 3: return "No route to destination";
    case 6: return "Channel unacceptable";
    case 16: return "Normal call clearing";
    case 17: return "User busy";
    case 18: return "No user responding";
    case 19: return "No answer from user (user alerted)";
    case 21: return "Call rejected";
    case 22: return "Number changed";
    case 26: return "Non-selected user clearing";
    case 27: return "Destination out of order";
    case 28: return "Invalid number format (address incomplete)";
    case 29: return "Facility rejected";
    case 30: return "Response to STATUS ENQUIRY";
    case 31: return "Normal, unspecified";
    case 34: return "No circuit/channel available";
    case 38: return "Network out of order";
    case 41: return "Temporary failure";
    case 42: return "Switching equipment congestion";
    case 44: return "Requested circuit/channel not available";
    case 47: return "Resource unavailable, unspecified";
    case 57: return "Bearer capability not authorized";
    case 58: return "Bearer capability not presently available";
    case 63: return "Service or option not available, unspecified";
    case 65: return "Bearer capability not implemented";
    case 79: return "Service or option not implemented, unspecified";
    case 81: return "Invalid call reference value";
    case 88: return "Incompatible destination";
    case 96: return "Mandatory information element is missing";
    case 97: return "Message type non-existent or not implemented";
    case 100: return "Invalid information element contents";
    case 101: return "Message not compatible with call state";
    case 102: return "Recovery on timer expiry";
    case 111: return "Protocol error, unspecified";
    case 127: return "Interworking, unspecified";
    default: return "Unknown cause";
    }
}

bool operator==(const Q931Message& a, const Q931Message& b) {
    // By encoding: the same octets in the same order (ie_order only matters through them).
    return encode_q931(a) == encode_q931(b);
}

Bytes encode_q931(const Q931Message& m) {
    Bytes b;
    b.reserve(32);
    b.push_back(kQ931Discriminator);
    if (m.dummy_call_reference) {
        b.push_back(0);
    } else {
        b.push_back(1);  // BRI: one-octet call reference
        b.push_back(static_cast<std::uint8_t>((m.from_destination ? 0x80 : 0x00) | (m.call_reference & 0x7F)));
    }
    b.push_back(m.type);
    for_each_ie(m, [&b, &m](const IeRef& ie) {
        if (ie.slot != kNone) {
            put_typed(b, m, ie.slot);
        } else if ((ie.raw->id & 0x80) != 0) {
            b.push_back(ie.raw->id);  // single-octet IE (Q.931 §4.5.1)
        } else {
            put_ie(b, ie.raw->id, ie.raw->contents);
        }
    });
    return b;
}

Decoded<Q931Message> decode_q931(const Bytes& in) {
    if (in.empty()) return error(0, "empty Q.931 message", kClause);
    if (in[0] != kQ931Discriminator) {
        return error(0, "protocol discriminator " + detail::hex8(in[0]) + " is not Q.931 (0x08)", kClause);
    }
    if (in.size() < 2) return error(1, "call reference length missing", kClause);
    if ((in[1] & 0xF0) != 0) return error(1, "call reference length octet " + detail::hex8(in[1]) + " has spare bits set", kClause);
    const std::size_t cr_len = in[1] & 0x0FU;
    if (cr_len > 1) return error(1, "call reference length " + std::to_string(cr_len) + " (BRI uses 1)", kClause);
    Q931Message m;
    std::size_t pos = 2;
    if (cr_len == 0) {
        m.dummy_call_reference = true;
    } else {
        if (in.size() < 3) return error(2, "call reference missing", kClause);
        m.from_destination = (in[2] & 0x80) != 0;
        m.call_reference = static_cast<std::uint8_t>(in[2] & 0x7F);
        pos = 3;
    }
    if (pos >= in.size()) return error(pos, "message type missing", kClause);
    m.type = in[pos++];

    std::array<bool, 128> seen{};  // typed slots take only the first occurrence of an id
    unsigned locked_codeset = 0;   // Q.931 §4.5.2-4.5.3 codeset shifts
    int shift_once = -1;
    while (pos < in.size()) {
        const std::uint8_t id = in[pos];
        const unsigned codeset = shift_once >= 0 ? static_cast<unsigned>(shift_once) : locked_codeset;
        shift_once = -1;
        m.ie_order.push_back(id);
        if ((id & 0x80) != 0) {  // single-octet IE: no length, no contents
            m.others.push_back(RawIe{id, {}});
            if ((id & 0xF0) == 0x90) {
                if ((id & 0x08) != 0) {
                    shift_once = id & 0x07;
                } else {
                    locked_codeset = id & 0x07U;
                }
            }
            ++pos;
            continue;
        }
        if (in.size() - pos < 2) return error(pos, "IE " + detail::hex8(id) + " without a length octet", kClause);
        const std::size_t len = in[pos + 1];
        if (len > in.size() - pos - 2) {
            return error(pos + 1, "IE " + detail::hex8(id) + " length " + std::to_string(len) + " runs past the end (" +
                                      std::to_string(in.size() - pos - 2) + " octets left)",
                         kClause);
        }
        Bytes contents(in.begin() + static_cast<std::ptrdiff_t>(pos + 2),
                       in.begin() + static_cast<std::ptrdiff_t>(pos + 2 + len));
        const bool first = !seen[id];
        seen[id] = true;
        if (!(codeset == 0 && first && decode_typed(m, id, contents))) m.others.push_back(RawIe{id, std::move(contents)});
        pos += 2 + len;
    }
    return m;
}

std::string describe(const Q931Message& m) {
    std::string s = "Q.931 ";
    const char* name = q931_type_name(m.type);
    s += std::string(name) == "UNKNOWN" ? "type=" + detail::hex8(m.type) : std::string(name);
    if (m.dummy_call_reference) {
        s += " callref=dummy";
    } else {
        s += " callref=" + detail::hex8(static_cast<std::uint8_t>((m.from_destination ? 0x80 : 0) | (m.call_reference & 0x7F)));
    }
    for_each_ie(m, [&s, &m](const IeRef& ie) { s += " " + describe_ie(m, ie); });
    return s;
}

Bytes lapd_wrap(const Bytes& q931, bool network_side, std::uint8_t tei, std::uint8_t ns, std::uint8_t nr) {
    // Q.921 §3.3: SAPI 0 (call control) with C/R = 1 for commands from the network, 0 from the
    // user; EA bits 0 then 1. I-frame control: N(S) << 1, N(R) << 1 with P = 0.
    Bytes b;
    b.reserve(q931.size() + 4);
    b.push_back(static_cast<std::uint8_t>(network_side ? 0x02 : 0x00));
    b.push_back(static_cast<std::uint8_t>((tei << 1) | 0x01));
    b.push_back(static_cast<std::uint8_t>((ns & 0x7F) << 1));
    b.push_back(static_cast<std::uint8_t>((nr & 0x7F) << 1));
    detail::append(b, q931);
    return b;
}

}  // namespace ppp::wire
