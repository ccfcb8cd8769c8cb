#pragma once
// Abstract call events at the SUT's port (DESIGN.md section 7: "call control: raw Q.931 messages,
// abstract call events (offer, answer, clear with a Q.850 cause), or none"). An attachment or a
// recording that shows calls but not their Q.931 messages (a CAPI controller, a router's `debug
// dialer` and `%LINK`/`%ISDN` lines) speaks this vocabulary; the oracle judges it by the dialer and
// callback rules (DDR, CCB, CB, SEQ), never by the Q.931 rows it cannot see.
//
// The direction of a port message tells who acted: FromSut, the SUT placed, answered or cleared
// the call (or, for a report, the SUT said it); ToSut, the far end or the network did.
#include <cstdint>
#include <optional>
#include <string>

#include "ppp/wire/bytes.hpp"

namespace ppp::wire {

enum class CallEventKind : std::uint8_t {
    Offered = 1,    // a call placed (FromSut: the SUT dials `number`; ToSut: a call from `number`)
    Connected = 2,  // the call is through-connected on the port message's B-channel
    Cleared = 3,    // the call is cleared, with `cause` when the evidence gives one
    // A report of the callback procedure by one end (a router's console: `Callback negotiated -
    // Disconnecting now`): RFC 1570 callback was agreed on the call on this B-channel and the
    // authentication that follows it passed; `name` is the authenticated peer when known.
    CallbackAgreed = 4,
};
const char* call_event_kind_name(CallEventKind kind);  // "offered", "connected", ...

struct CallEvent {
    CallEventKind kind = CallEventKind::Offered;
    std::string number;  // Offered: the called (FromSut) or calling (ToSut) number; empty: not shown
    std::string name;    // CallbackAgreed: the peer's authenticated name; empty: not shown
    std::optional<std::uint8_t> cause;  // Cleared: the Q.850 cause value, when shown

    // Bounds of the encoding: an E.164 number has at most 15 digits (ITU-T E.164 section 6), a
    // Called party number IE at most 32 octets of digits; a CHAP/PAP name fits in 255 octets.
    static constexpr std::size_t kMaxNumber = 32;
    static constexpr std::size_t kMaxName = 255;
    friend bool operator==(const CallEvent& a, const CallEvent& b) {
        return a.kind == b.kind && a.number == b.number && a.name == b.name && a.cause == b.cause;
    }
};

// The octets a PortMessage of PortKind::Call carries: kind, flags (bit 0: a cause follows), the
// cause, the number's length and digits, the name's length and octets. Lengths beyond the bounds
// above are refused (encode cuts nothing: it returns an error).
Decoded<Bytes> encode_call_event(const CallEvent& event);
Decoded<CallEvent> decode_call_event(const Bytes& octets);
std::string describe(const CallEvent& event);  // "call offered to 5557777", "callback agreed (R1)"

}  // namespace ppp::wire
