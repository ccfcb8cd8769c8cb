#pragma once
// A pure, virtual-time lab: routers attached to one simulated ISDN network, every message routed
// through a tap at each router port, time jumping to the next deadline (STYLE.md section 1).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "ppp/sut/common.hpp"
#include "ppp/sut/config.hpp"
#include "ppp/sut/isdn_network.hpp"
#include "ppp/sut/router.hpp"
#include "ppp/sut/terminal_adapter.hpp"
#include "ppp/wire/port.hpp"

namespace ppp::sut {

using wire::PortMessage;
using wire::TapDecision;

// Sees (and may rewrite) every message at a router's port (OBS-01 B-channel tap, OBS-02 D-channel
// tap), the tapped router being the port's SUT: ToSut is network -> router. Replace = set_bytes()
// and return pass().
using TapHook = std::function<TapDecision(PortMessage&)>;

struct TestbedOptions {
    Millis q931_latency{5};
    Millis frame_latency{1};
    std::size_t max_steps = 5'000'000;  // livelock guard (STYLE.md section 1)
    NetworkOptions network{};
};

struct PingOptions {
    std::size_t size = 100;  // IOS default datagram size
    Millis timeout{2000};    // IOS default
};

struct PingResult {
    std::size_t router = 0;
    std::uint32_t destination = 0;
    int count = 0;
    int sent = 0;
    int received = 0;
    std::string marks;             // "!!.!!" as IOS prints them
    std::vector<Millis> rtts;
    bool done = false;
    Millis started{0};
    std::string summary() const;   // "Success rate is 0 percent (0/5)" (+ round-trip)
    std::string transcript() const;  // the whole IOS ping output
};

struct TimelineEntry {
    Millis at{0};
    std::string source;  // router name or "net"
    std::string text;
};

struct RunResult {
    std::size_t steps = 0;
    bool step_limit_hit = false;
    bool stopped_early = false;  // stop_soon() was asked: now() is the time of the last step
};

class Testbed {
public:
    explicit Testbed(TestbedOptions options = {});

    std::size_t add_router(RouterConfig config, RouterOptions options);  // options.hostname names it
    Router& router(std::size_t index) { return *routers_[index].router; }
    const Router& router(std::size_t index) const { return *routers_[index].router; }
    // A terminal adapter on a port of the network, its line side driven from outside (a SUT on
    // an asynchronous line): frames for the line go to `to_line`, a hang-up of the line (the
    // call cleared under it) to `hang_up`. Slots are numbered with the routers'.
    struct LineHooks {
        std::function<void(const Bytes& frame)> to_line;
        std::function<void()> hang_up;
    };
    std::size_t add_terminal_adapter(TerminalAdapterOptions options, LineHooks hooks);
    TerminalAdapter& terminal_adapter(std::size_t index) { return *routers_[index].adapter; }
    void line_up(std::size_t adapter);
    void line_down(std::size_t adapter);
    void line_frame(std::size_t adapter, const Bytes& frame);  // from the SUT on the line
    std::optional<std::size_t> find_router(const std::string& name) const;
    IsdnNetwork& network() { return network_; }
    const IsdnNetwork& network() const { return network_; }
    void set_tap(std::size_t router, TapHook hook);
    // Sees IPv4 at a router's LAN side: offered to it (pings, ToSut) or delivered by it (replies).
    using TrafficHook = std::function<void(const PortMessage& datagram)>;
    void set_traffic_tap(std::size_t router, TrafficHook hook);

    // Lab stimuli: a forged message delivered to a router now (no tap: it is the lab's own), an
    // IPv4 datagram offered at its LAN side, a line drop by directory number.
    void inject(std::size_t router, const PortMessage& stimulus);  // B-channel frame or Q.931
    void offer_traffic(std::size_t router, const Bytes& datagram);
    void drop_line(const std::string& number);
    bool offer_busy_channel(const std::string& number);  // IsdnNetwork::offer_busy_channel
    // An unattended number (a port no router sits behind) calls `callee`, or hangs up the call it
    // placed (DISCONNECT #16, then RELEASE COMPLETE to the network's RELEASE): the user side of
    // that port, played by the bench, one call at a time. False when the number is no port or a
    // router's, when it already has a call up (calling) or none (hanging up).
    bool call_from_unattended(const std::string& caller, const std::string& callee);
    bool hang_up_unattended(const std::string& caller);
    // When the next thing happens (delivery, timer or ping), if anything is pending.
    std::optional<Millis> next_event() const { return next_time(); }

    // Offers `count` ICMP echoes from the router's interface address; the next is sent when a
    // reply arrives or the timeout passes, as IOS does. Returns the ping id.
    std::size_t offer_ping(std::size_t router, std::uint32_t destination, int count, PingOptions options = {});
    const PingResult& ping(std::size_t id) const { return pings_[id].result; }

    // Processes everything due up to and including `until`, then sets now = until.
    RunResult run_until(Millis until);
    // Asked from inside a step (a port tap): run_until returns after the current step, leaving
    // now() there, so the caller can act before `until` (a frame to re-deliver 1 ms later).
    void stop_soon() { stop_soon_ = true; }
    Millis now() const { return now_; }
    std::size_t steps() const { return steps_; }

    const std::vector<TimelineEntry>& timeline() const { return timeline_; }
    void note(const std::string& source, const std::string& text);  // adds to the timeline
    bool record_timeline = true;

private:
    std::optional<std::size_t> unattended_port(const std::string& number) const;
    bool unattended_call_up(const std::string& number) const;
    struct Slot {  // a router or a terminal adapter
        std::unique_ptr<Router> router;
        std::unique_ptr<TerminalAdapter> adapter;
        LineHooks line;
        const std::string& name() const { return router ? router->hostname() : adapter->name(); }
        std::optional<Millis> next_deadline() const { return router ? router->next_deadline() : adapter->next_deadline(); }
        std::size_t port = 0;
        TapHook tap;
        TrafficHook traffic;
    };
    struct Ping {
        PingResult result;
        PingOptions options;
        std::uint16_t ident = 0;
        std::optional<Millis> deadline;  // waiting for the current echo until
        bool pending_send = false;
    };
    struct Delivery {
        Millis at{0};
        std::uint64_t seq = 0;
        bool to_network = false;
        std::size_t router = 0;   // target (to router) or source (to network)
        bool d_channel = false;
        int channel = 0;
        bool tapped = false;
        Bytes bytes;
        bool operator>(const Delivery& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    void drain_router(std::size_t r);
    void drain_line(Slot& slot);
    void drain_network();
    void enqueue(Delivery d);
    void deliver(Delivery d);
    void send_echo(std::size_t id);
    void on_local(std::size_t router, const Bytes& datagram);
    std::optional<Millis> next_time() const;

    TestbedOptions options_;
    IsdnNetwork network_;
    std::vector<Slot> routers_;
    std::vector<Ping> pings_;
    std::vector<std::size_t> active_pings_;  // not done yet: the only ones the loop looks at
    std::priority_queue<Delivery, std::vector<Delivery>, std::greater<Delivery>> queue_;
    std::vector<TimelineEntry> timeline_;
    Millis now_{0};
    std::uint64_t seq_ = 0;
    std::size_t steps_ = 0;
    bool stop_soon_ = false;
};

}  // namespace ppp::sut
