#pragma once
// Q.931 user side of one BRI D-channel (SPEC section 9: ISDN-02..07, timers T303/T305/T308/
// T310/T313). Owns call references and U-states; tells its router about calls via events.
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "ppp/sut/actions.hpp"
#include "ppp/sut/common.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::sut {

enum class UState : std::uint8_t {
    Null = 0, CallInitiated = 1, OutgoingProceeding = 3, CallDelivered = 4, CallPresent = 6,
    ConnectRequest = 8, IncomingProceeding = 9, Active = 10, DisconnectRequest = 11,
    DisconnectIndication = 12, ReleaseRequest = 19,
};

struct Q931Timers {  // SPEC section 9 user-side values
    Millis t303{4000};
    Millis t305{30000};
    Millis t308{4000};
    Millis t310{30000};
    Millis t313{4000};
};

struct Q931Event {
    enum class Kind : std::uint8_t {
        Incoming,   // SETUP received: router must accept() or reject()
        Proceeding, // CALL PROC / ALERTING for our call (channel now known)
        Connected,  // B-channel through-connected (ISDN-07: LCP Up)
        Down,       // first clearing message either way (ISDN-07: LCP Down)
        Released,   // call reference freed (U0)
    };
    Kind kind = Kind::Incoming;
    int call = -1;          // call slot
    int channel = 0;        // 1 or 2, 0 unknown
    std::uint8_t cause = 0; // Down / Released
    bool cause_from_network = false;
    std::string calling;    // Incoming
    std::string called;     // Incoming
};

// The SETUP a user places a call with (Q.931 section 5.1.1): 64 kbit/s unrestricted digital, any
// B-channel, its own number as calling party when it has one, the number it calls.
wire::Q931Message user_setup(std::uint8_t call_reference, const std::string& calling, const std::string& called);

class Q931User {
public:
    static constexpr int kMaxCalls = 4;

    // `faults`, when given, outlives the object (the router's options): ISDN faults of the table.
    Q931User(Logger& log, std::deque<Action>& out, Q931Timers timers = {}, const Faults* faults = nullptr);

    // ISDN-02: SETUP(BC 64k, channel any, called, calling). Returns the call slot, -1 if none.
    int place_call(Millis now, const std::string& called, const std::string& calling);
    void accept(Millis now, int call);                      // ISDN-03: CALL PROC, CONNECT (T313)
    void reject(Millis now, int call, std::uint8_t cause);  // ISDN-04: RELEASE COMPLETE + cause
    void disconnect(Millis now, int call, std::uint8_t cause);  // ISDN-05: DISCONNECT (T305)

    void on_message(Millis now, const Bytes& octets);
    void on_timer(Millis now);
    std::optional<Millis> next_deadline() const;
    std::optional<Q931Event> poll_event();

    UState state(int call) const { return calls_[static_cast<std::size_t>(call)].state; }
    int channel(int call) const { return calls_[static_cast<std::size_t>(call)].channel; }
    bool originated(int call) const { return calls_[static_cast<std::size_t>(call)].originated; }
    int active_calls() const;
    std::size_t malformed() const { return malformed_; }
    void reset();

private:
    struct Call {
        UState state = UState::Null;
        std::uint8_t cr = 0;
        bool originated = false;
        int channel = 0;
        bool down_reported = false;
        int expiries = 0;
        std::optional<Millis> deadline;
        wire::Q931Message setup;  // kept for the T303 retransmission
        std::optional<std::uint8_t> disconnect_cause;  // of our DISCONNECT: a RELEASE at T305 repeats it
    };

    void send(Millis now, Call& c, wire::Q931Type type, std::optional<std::uint8_t> cause = {},
              bool with_channel = false);
    void send_raw(Millis now, const wire::Q931Message& m);
    void answer_status_enquiry(Millis now, const Call& c);
    void to_null(Millis now, int slot, std::uint8_t cause, bool from_network);
    void enter_active(int slot, Call& c);
    void report_down(int slot, std::uint8_t cause, bool from_network);
    int find(std::uint8_t cr, bool ours) const;
    void log_message(Millis now, bool tx, const wire::Q931Message& m);

    Logger& log_;
    std::deque<Action>& out_;
    Q931Timers timers_;
    bool has(Fault f) const { return faults_ != nullptr && faults_->has(f); }
    const Faults* faults_;
    std::array<Call, kMaxCalls> calls_{};
    std::deque<Q931Event> events_;
    std::uint8_t next_cr_ = 1;
    std::size_t malformed_ = 0;
};

}  // namespace ppp::sut
