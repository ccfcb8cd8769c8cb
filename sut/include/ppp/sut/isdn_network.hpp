#pragma once
// Simulated ISDN network (sans-IO): directory numbers on BRI ports, two B-channels per BRI, the
// network side of Q.931 (SPEC section 9, TV-11), causes, call records with billing, and knobs
// for fault injection (busy, no answer, no channel, line drop, slow connect).
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ppp/sut/common.hpp"
#include "ppp/wire/port_terms.hpp"
#include "ppp/wire/q931.hpp"

namespace ppp::sut {

struct NetworkOptions {
    Millis no_answer{60000};             // network T301-like limit before #19
    Millis no_answer_fault_delay{10000}; // when the knob says "no answer"
    std::uint8_t bri_busy_cause = 17;    // AMB-18: both B-channels busy -> #17 (or #34)
};

// The port's vocabulary; NoResponse: the network ignores the SETUP as if it were lost on the
// D-channel (T303, ISDN-02).
using wire::CallFault;
using wire::CallScript;

struct CallRecord {
    int id = 0;
    std::string caller;   // calling number (billed party)
    std::string callee;   // called number as dialled
    int caller_channel = 0;
    int callee_channel = 0;
    Millis setup_at{0};
    std::optional<Millis> connected_at;
    std::optional<Millis> disconnected_at;
    std::uint8_t cause = 0;
    // Billing: the caller pays for the connected time, whole seconds rounded up.
    long long billed_seconds() const;
};

struct NetOut {
    std::size_t port = 0;
    Bytes message;
};

struct BEnd {
    std::size_t port = 0;
    int channel = 0;
};

class IsdnNetwork {
public:
    explicit IsdnNetwork(NetworkOptions options = {});

    std::size_t add_port(std::string number);
    std::optional<std::size_t> port_of(const std::string& number) const;

    void on_q931(Millis now, std::size_t port, const Bytes& message);
    void on_timer(Millis now);
    std::optional<Millis> next_deadline() const;
    std::optional<NetOut> poll();

    // The other end of a through-connected B-channel (frames are only carried while connected).
    std::optional<BEnd> b_peer(std::size_t port, int channel) const;
    int channels_in_use(std::size_t port) const;

    // Fault knobs.
    void fail_next_call(const std::string& number, CallFault fault);
    void drop_line(Millis now, const std::string& number);
    void set_connect_delay(const std::string& number, Millis delay);  // slow connect
    // The network picks the B-channel (Q.931 section 5.1.2, 5.2.3.1): the next call on that BRI
    // gets `channel` (1 or 2) when it is free, instead of the lowest free one.
    void assign_next_channel(const std::string& number, int channel);
    // CLIR (Q.931 section 4.5.10): the next call the port places is offered with its Calling party
    // number withheld: presentation restricted, no digits.
    void withhold_next_calling_number(const std::string& number);
    // How the network handles the port's next call, or its next message of a kind (wire::CallScript).
    void arm_script(const std::string& number, CallScript script);
    // A second call offered to the port on the B-channel its connected call holds, indicated
    // exclusive (Q.931 section 5.2.3.1 c): the user cannot accept it and refuses it (ISDN-04).
    // False, and nothing sent, when the port has no connected call.
    bool offer_busy_channel(const std::string& number);

    const std::vector<CallRecord>& records() const { return records_; }
    long long billed_seconds(const std::string& number) const;
    std::string billing_summary() const;
    std::size_t malformed() const { return malformed_; }

private:
    enum class Leg : std::uint8_t { None, Offered, Connected, Disconnecting, Releasing, Gone };
    struct Call {
        int record = -1;
        std::size_t a_port = 0;
        std::uint8_t a_cr = 0;
        int a_channel = 0;
        Leg a = Leg::None;
        std::size_t b_port = 0;
        std::uint8_t b_cr = 0;
        int b_channel = 0;
        Leg b = Leg::None;
        bool through = false;
        bool connect_names_channel = true;  // the caller's CONNECT repeats the B-channel (section 5.1.2)
        std::optional<Millis> no_answer_at;
        std::optional<Millis> connect_at;  // delayed CONNECT toward the caller (slow connect)
        std::uint8_t pending_cause = 0;
        std::optional<CallScript> callee_script;  // armed on the callee's port when it was offered
        bool b_answered = false;  // the callee answered the SETUP (CALL PROCEEDING, ALERTING, CONNECT)
    };
    // Messages of one kind from a port still to lose: one and its repetitions (same call reference).
    struct Losing {
        int left = 0;
        std::optional<std::uint8_t> cr;
    };
    struct Port {
        std::string number;
        std::array<bool, 2> busy{};
        std::optional<CallFault> next_fault;
        Millis connect_delay{0};
        int next_channel = 0;  // 0: the lowest free B-channel
        std::uint8_t next_cr = 1;
        std::optional<CallScript> caller_script;  // for the next call the port places
        std::optional<CallScript> callee_script;  // for the next call offered to the port
        Losing lose_setups;    // LoseSetups
        Losing lose_releases;  // LoseReleases
        bool release_after_disconnect = false;
        bool withhold_calling = false;  // its next call's number is withheld (CLIR)
    };

    void send(std::size_t port, std::uint8_t cr, bool to_originator, wire::Q931Type type,
              std::optional<std::uint8_t> cause = {}, int channel = 0);
    void on_setup(Millis now, std::size_t port, const wire::Q931Message& m);
    void clear_from(Millis now, Call& c, bool from_a, std::uint8_t cause);
    void disconnect_leg(Call& c, bool a, std::uint8_t cause);
    void withdraw(Millis now, Call& c);
    bool lost(std::size_t port, const wire::Q931Message& m);
    bool answer_to_busy_offer(std::size_t port, const wire::Q931Message& m);
    void connect_caller(Millis now, Call& c);
    void free_leg(Call& c, bool a);
    void end_record(Millis now, Call& c, std::uint8_t cause);
    int alloc_channel(std::size_t port);

    NetworkOptions options_;
    std::vector<Port> ports_;
    std::vector<Call> calls_;
    std::vector<std::pair<std::size_t, std::uint8_t>> busy_offers_;  // (port, call reference) offered busy
    std::vector<CallRecord> records_;
    std::deque<NetOut> out_;
    std::size_t malformed_ = 0;
};

}  // namespace ppp::sut
