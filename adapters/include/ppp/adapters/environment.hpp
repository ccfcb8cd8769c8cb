#pragma once
// The environment every SUT meets (DESIGN.md sections 4, 7): the ISDN network simulator with its
// billing, the reference router of the opposite role on it, and the SUT's access to that network.
// It belongs to the lab and is the same for every attachment; the attachment only moves what
// crosses the SUT's port. The access is one of:
// - an in-process reference router (the `reference` attachment, virtual time): the lab's port tap
//   sits on its port to the network;
// - a terminal adapter (sut::TerminalAdapter) whose asynchronous line an attachment carries (a
//   daemon on a pty, equipment on a serial port, wall-clock time): it dials the peer when the
//   line comes up and relays the SUT's frames over the B-channel.
// The fault injector is the other part of the environment, a middleware on the port the lab arms
// (fault_injector.hpp).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ppp/adapters/bench.hpp"

namespace ppp::adapters {

class Environment {
public:
    Environment();
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

    // A fresh network with the peer router (the opposite role, setup.peer_config) on it. "" when
    // ready, else one line naming the bad value (a usage error, exit 2).
    std::string reset(const BenchSetup& setup);

    // The SUT's access, after reset: one of the two.
    // The reference SUT in process, from setup.sut_config with its named faults and mutant.
    std::string plug_reference_router();
    // A terminal adapter with the SUT's directory number; a callback client's line dials the
    // peer when it comes up (the SUT on a line is the caller: the environment's peer answers).
    struct LineHooks {
        std::function<void(const wire::Bytes& frame)> to_line;  // a frame for the SUT
        std::function<void()> hang_up;  // the adapter's call was cleared under the line
    };
    void plug_line(LineHooks hooks);
    void line_up();
    void line_down();
    void line_frame(const wire::Bytes& frame);  // a frame the SUT sent, synchronous shape
    bool line_connected() const;                 // the adapter's call is through-connected
    // The peer's session on the line's call is ending or over: its LCP left the negotiation for
    // a Terminate exchange (Closing, Stopping) or stopped (RFC 1661 section 4.2).
    bool peer_link_terminating() const;

    // The port of an in-process SUT (reference): where the lab's taps sit and forged stimuli go.
    void set_port_tap(PortTap tap);
    void set_traffic_tap(TrafficTap tap);
    void inject(const PortMessage& stimulus);

    // What the lab drives (intents).
    // Pings from a side's router toward the other's address; a side with no router (a SUT on a
    // line) has none to offer: the outcome says not done (the lab skips such intents first).
    std::size_t ping(Side from, int count);
    // Pings from `from`'s LAN to another address (a dialer map's next hop other than the peer).
    std::size_t ping_to(Side from, std::uint32_t destination, int count);
    PingOutcome ping_outcome(std::size_t id) const;
    // Traffic the dialer-list does not permit (DDR-01); false when there is none to offer.
    bool send_non_interesting(Side from, int count);
    void fail_next_call(Side callee, CallFault fault);
    void slow_connect(Side callee, Millis delay);
    void assign_next_channel(Side side, int channel);  // the side's next call on that B-channel
    void withhold_calling_number(Side caller);          // its next call offered without its number (CLIR)
    void drop_line(Side side);  // the network clears the side's call
    void arm_script(Side side, CallScript script);  // how the network handles the side's next call
    // The network offers the side a second call on the B-channel its connected call holds
    // (exclusive); false when it holds no connected call of the side's.
    bool offer_busy_channel(Side side);
    // A number with nothing behind it (the PIXIT's other destination `index`) calls the side, or
    // hangs up that call; false when the PIXIT names no such destination, or it already has a call
    // up (calling) or none (hanging up).
    bool call_from_other(std::size_t index, Side callee);
    bool other_hangs_up(std::size_t index);

    // Time: virtual for an in-process SUT (the lab jumps); a line attachment runs it to the wall
    // clock.
    Millis now() const;
    std::optional<Millis> next_event() const;
    bool run_until(Millis until);  // false when the step bound was hit (livelock)
    void stop_soon();              // from inside run_until: return after the current step

    // Evidence: the network's call history (billing), the routers' `show dialer`, log lines.
    std::vector<CallView> calls() const;
    std::string show_dialer(Side side) const;
    std::vector<LogLine> logs() const;

    void release();

private:
    void add_other_destinations();
    struct State;  // the network simulator and routers (sut/), kept out of this header
    std::unique_ptr<State> state_;
};

}  // namespace ppp::adapters
