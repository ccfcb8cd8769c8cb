#pragma once
// The reference's PPP side on an asynchronous line (RFC 1662): what the line benches put at the
// harness end of a pty or serial line as the environment's peer, and what `ppp-conform serve`
// puts on a tty as a known-good SUT. A reference PPP link (sut::PppLink) driven as the reference
// router drives its links, minus the dialer and ISDN: there is no call to place on a line.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"
#include "ppp/sut/ppp_link.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/framing.hpp"

namespace ppp::adapters {

using Millis = std::chrono::milliseconds;

// RFC 1662 octet stuffing both ways, with the transmit ACCM tracked from this end's own LCP
// answers (section 7.1: LCP always goes with every control octet escaped; the rest with the ACCM
// the far end asked for, once this end acked it).
class AsyncLineCodec {
public:
    void feed(const std::uint8_t* data, std::size_t size) { deframer_.feed(data, size); }
    // The next received frame in the synchronous shape (Address .. FCS), aborted and runt
    // frames skipped (FR-07, FR-08: not frames).
    std::optional<wire::Bytes> next_frame();
    // `frame` (synchronous shape, FCS as given: a forged bad FCS stays bad) stuffed for the line.
    wire::Bytes encode(const wire::Bytes& frame);

private:
    std::uint32_t accm_for(const wire::Bytes& frame) const;
    void track_accm(const wire::Bytes& frame);

    wire::AsyncDeframer deframer_;
    std::uint32_t tx_accm_ = wire::kDefaultAsyncAccm;
};

struct LineLinkSetup {
    bool client = false;          // the callback client (asks, authenticates itself) or the server
    std::string own_name;         // CHAP name (hostname)
    std::string peer_name;        // whose secret answers and checks CHAP
    std::string own_number;       // for a CBCP user-number answer and RFC 1570 ops 1, 3
    std::uint8_t callback_op = 0;          // client: 0 Cisco (RFC 1570), 6 CBCP (pppd style)
    bool challenge_peer = true;   // false: authenticate ourselves only, whatever the configuration
    sut::Faults faults;           // named faults that act on a PPP link (sut::fault_acts_on_link)
    std::uint64_t seed = 1;
};

class LineLink {
public:
    LineLink(sut::RouterConfig config, LineLinkSetup setup);
    LineLink(const LineLink&) = delete;
    LineLink& operator=(const LineLink&) = delete;

    void start(Millis now);  // the line is up: LCP Open + Up (PH-01)
    void on_frame(Millis now, const wire::Bytes& frame);
    void on_timer(Millis now);
    void close(Millis now);  // LCP Close: Terminate-Request
    std::optional<Millis> next_deadline() const { return link_.next_deadline(); }
    // Frames the link wants on the line (synchronous shape, FCS-16 attached).
    std::optional<wire::Bytes> next_frame();
    // The session is over (tlf: the Terminate exchange or its counter ran out, PH-04).
    bool finished() const { return finished_; }
    // The session is ending or over: LCP has left the negotiation for a Terminate exchange
    // (Closing, Stopping) or has stopped (Closed, Stopped), RFC 1661 section 4.2.
    bool terminating() const;
    bool opened() const { return link_.lcp_state() == sut::FsmState::Opened; }
    std::string phase() const { return sut::link_phase_name(link_.phase()); }

private:
    void pump(Millis now);
    void on_auth_done(Millis now);
    std::vector<std::uint8_t> cbcp_offer() const;

    sut::RouterConfig config_;
    LineLinkSetup setup_;
    sut::PppKnobs knobs_;
    std::deque<sut::Action> out_;
    sut::Logger log_;
    sut::Rng rng_;
    sut::PppLink link_;
    bool finished_ = false;
};

}  // namespace ppp::adapters
