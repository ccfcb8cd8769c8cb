#pragma once
// What the LCP group machines share (MSM-free): the outbox, counters and row coverage.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ppp/model/lcp_fsm.hpp"

namespace ppp::model::detail {

struct LcpRowInfo {
    std::string source, event, target, guard, cell;
    std::vector<std::string> requirements;
    std::uint64_t hits = 0;
    std::string key() const { return source + " --" + event + (guard.empty() ? "" : "[" + guard + "]") + "--> " + target; }
};

struct LcpContext {
    LcpFsmOptions options;
    std::vector<LcpAction> outbox;  // recorded, never performed
    int restart_counter = 0;
    bool timer_running = false;
    bool timer_started = false;
    bool crossed = false;
    bool illegal = false;
    int naks = 0;
    bool scn_is_nak = true;  // the scn about to be performed sends a Nak, not a Reject
    const std::string* cell = nullptr;  // text of the row that fired (built once per row)
    int row = -1;                       // its position in its group's table
};

// One machine per event group keeps every table under the 50-row MPL limit; each covers all ten
// states so the shared current state can be handed from one to the next.
class LcpGroup {
public:
    virtual ~LcpGroup() = default;
    virtual bool handles(LcpEvent event) const = 0;
    // Sets the machine to `state`, processes the event, returns the resulting state.
    virtual LcpState dispatch(LcpEvent event, LcpState state, LcpContext& ctx) = 0;
    virtual std::vector<LcpRowInfo> rows() const = 0;
    // Adds the hits of rows() to `rows`; returns how many rows the table has.
    virtual std::size_t add_hits(std::uint64_t* rows) const = 0;
    // Rows of the table no black-box tester can reach, as marked beside it (DESIGN.md section 5).
    virtual std::vector<UnreachableMark> unreachable() const = 0;
    virtual std::unique_ptr<LcpGroup> clone() const = 0;
};

std::unique_ptr<LcpGroup> make_lcp_admin_group();      // Open, Close, TO+, TO-
std::unique_ptr<LcpGroup> make_lcp_configure_group();  // Up, RCR+, RCR-, RCA, RCN, RXR
std::unique_ptr<LcpGroup> make_lcp_terminate_group();  // Down, RTR, RTA, RUC, RXJ+, RXJ-

}  // namespace ppp::model::detail
