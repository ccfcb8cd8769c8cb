#pragma once
// RFC 1661 section 4.1 option negotiation automaton (SPEC section 3, FSM-01..09) as a pure value:
// events in, RFC actions out. The Boost.MSM tables live in model/src; this header is MSM-free.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ppp/model/coverage.hpp"

namespace ppp::model {

// Numbered as in SPEC section 3.
enum class LcpState : std::uint8_t {
    Initial = 0, Starting, Closed, Stopped, Closing, Stopping, ReqSent, AckRcvd, AckSent, Opened,
};
enum class LcpEvent : std::uint8_t {
    Up, Down, Open, Close, TimeoutPlus, TimeoutMinus, RcrGood, RcrBad, Rca, Rcn, Rtr, Rta, Ruc,
    RxjGood, RxjBad, Rxr,
};
enum class LcpAction : std::uint8_t { tlu, tld, tls, tlf, irc, zrc, scr, sca, scn, str, sta, scj, ser };

inline constexpr int kLcpStateCount = 10;
inline constexpr int kLcpEventCount = 16;

const char* lcp_state_name(LcpState s);    // RFC 1661 section 4.2 names: "Req-Sent"
const char* lcp_event_name(LcpEvent e);    // section 4.3 names: "RCR+"
const char* lcp_action_name(LcpAction a);  // section 4.4 verbs: "scr"
bool lcp_timer_state(LcpState s);          // FSM-01: states 4..8 run the restart timer

struct LcpFsmOptions {
    bool passive = false;   // [p] FSM-06
    bool restart = false;   // [r] FSM-07
    int max_configure = 10; // FSM-03
    int max_terminate = 2;
    int max_failure = 5;
};

struct LcpStep {
    LcpState from = LcpState::Initial;
    LcpState to = LcpState::Initial;
    LcpEvent event = LcpEvent::Up;
    std::vector<LcpAction> actions;  // in table order
    bool legal = true;               // false: FSM-05 illegal event, no transition
    bool crossed = false;            // [x] crossed connection noticed (FSM-07)
    bool timer_started = false;      // scr/str/zrc restarted the restart timer (FSM-01)
    std::string cell;                // "RCA 6: irc/7"
};

class LcpFsm {
public:
    explicit LcpFsm(LcpFsmOptions options = {});
    ~LcpFsm();
    LcpFsm(const LcpFsm& other);
    LcpFsm& operator=(const LcpFsm& other);
    LcpFsm(LcpFsm&&) noexcept;
    LcpFsm& operator=(LcpFsm&&) noexcept;

    LcpStep fire(LcpEvent event);  // exactly the cell of the table
    // RCR- whose scn is a Configure-Nak or a Configure-Reject: the table's scn is either (RFC 1661
    // section 4.4), but Max-Failure counts "Configure-Nak packets sent" only (section 4.6, FSM-03).
    LcpStep fire_rcr_bad(bool answered_with_nak);
    LcpStep timeout();             // TO+ if the restart counter is > 0, else TO- (FSM-02)

    LcpState state() const;
    int restart_counter() const;
    bool timer_running() const;    // FSM-01
    int naks_without_ack() const;  // Configure-Naks sent since the last sca (Max-Failure, FSM-03)
    const LcpFsmOptions& options() const;
    // Test hook and resynchronisation: jump to a state without actions.
    void reset_to(LcpState state, int restart_counter = 0);

    Coverage coverage() const;
    // Rows the RouterSpec never makes the automaton take, as marked beside the tables.
    std::vector<UnreachableMark> unreachable() const;
    // The hits of coverage(), in its order, added to `states` and `rows` (CoverageCounts).
    void add_hits(std::uint64_t* states, std::uint64_t* rows) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::model
