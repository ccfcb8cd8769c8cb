// Abstract call events (call_event.hpp): a small, bounded encoding so they travel as port messages.
#include "ppp/wire/call_event.hpp"

namespace ppp::wire {

const char* call_event_kind_name(CallEventKind kind) {
    switch (kind) {
        case CallEventKind::Offered: return "offered";
        case CallEventKind::Connected: return "connected";
        case CallEventKind::Cleared: return "cleared";
        case CallEventKind::CallbackAgreed: return "callback agreed";
    }
    return "?";
}

namespace {
constexpr std::uint8_t kHasCause = 0x01;

bool known_kind(std::uint8_t kind) { return kind >= 1 && kind <= 4; }
}  // namespace

Decoded<Bytes> encode_call_event(const CallEvent& event) {
    if (event.number.size() > CallEvent::kMaxNumber)
        return DecodeError{0, "a call event's number of " + std::to_string(event.number.size()) + " digits (at most " +
                                  std::to_string(CallEvent::kMaxNumber) + ")", ""};
    if (event.cause && *event.cause > 0x7F)
        return DecodeError{0, "a call event's cause " + std::to_string(*event.cause) + " (Q.850 values are 0-127)", ""};
    if (event.name.size() > CallEvent::kMaxName)
        return DecodeError{0, "a call event's name of " + std::to_string(event.name.size()) + " octets (at most " +
                                  std::to_string(CallEvent::kMaxName) + ")", ""};
    Bytes out;
    out.reserve(5 + event.number.size() + event.name.size());
    out.push_back(static_cast<std::uint8_t>(event.kind));
    out.push_back(event.cause ? kHasCause : 0);
    out.push_back(event.cause.value_or(0));
    out.push_back(static_cast<std::uint8_t>(event.number.size()));
    out.insert(out.end(), event.number.begin(), event.number.end());
    out.push_back(static_cast<std::uint8_t>(event.name.size()));
    out.insert(out.end(), event.name.begin(), event.name.end());
    return out;
}

Decoded<CallEvent> decode_call_event(const Bytes& octets) {
    if (octets.size() < 5) return DecodeError{octets.size(), "a call event shorter than its 5 header octets", ""};
    if (!known_kind(octets[0])) return DecodeError{0, "unknown call event kind " + std::to_string(octets[0]), ""};
    if ((octets[1] & ~kHasCause) != 0) return DecodeError{1, "unknown call event flags " + std::to_string(octets[1]), ""};
    CallEvent event;
    event.kind = static_cast<CallEventKind>(octets[0]);
    // Q.850 section 2.2.5: a cause value has 7 bits; without one the octet is 0.
    if (octets[2] > 0x7F || ((octets[1] & kHasCause) == 0 && octets[2] != 0))
        return DecodeError{2, "call event cause octet " + std::to_string(octets[2]), ""};
    if (octets[1] & kHasCause) event.cause = octets[2];
    std::size_t at = 3;
    const std::size_t number = octets[at++];
    if (number > CallEvent::kMaxNumber) return DecodeError{3, "call event number length " + std::to_string(number), ""};
    if (at + number + 1 > octets.size()) return DecodeError{at, "call event number runs past the end", ""};
    event.number.assign(octets.begin() + static_cast<std::ptrdiff_t>(at), octets.begin() + static_cast<std::ptrdiff_t>(at + number));
    at += number;
    const std::size_t name = octets[at++];
    if (at + name != octets.size()) return DecodeError{at, "call event name length " + std::to_string(name) + " does not fit", ""};
    event.name.assign(octets.begin() + static_cast<std::ptrdiff_t>(at), octets.end());
    return event;
}

std::string describe(const CallEvent& event) {
    std::string out = std::string("call ") + call_event_kind_name(event.kind);
    if (event.kind == CallEventKind::CallbackAgreed) out = "callback agreed";
    if (!event.number.empty()) out += " " + event.number;
    if (!event.name.empty()) out += " (" + event.name + ")";
    if (event.cause) out += " cause #" + std::to_string(*event.cause);
    return out;
}

}  // namespace ppp::wire
