// RouterSpec's rows as generation reads them (issue #15): each row's machine, source state and
// event, the rows leaving the live machines' current states, and the rows a profile cannot reach.
#include <map>
#include <string_view>
#include <utility>

#include "router_spec_impl.hpp"

namespace ppp::model {

using detail::coverage_layout;
using detail::CoverageLayout;

const std::vector<RouterSpec::RowShape>& RouterSpec::row_shapes() {
    static const std::vector<RowShape> shapes = [] {
        std::vector<RowShape> out;
        for (const CoverageItem& item : coverage_layout().names.transitions) {
            RowShape shape{item.machine, "", ""};
            const auto arrow = item.name.find(" --");
            const auto head = item.name.find("--> ", arrow == std::string::npos ? 0 : arrow);
            if (item.machine == "rules" || arrow == std::string::npos || head == std::string::npos) {
                shape.event = item.requirements.empty() ? item.name : item.requirements.front();
            } else {
                shape.source = item.name.substr(0, arrow);
                std::string event = item.name.substr(arrow + 3, head - arrow - 3);
                if (const auto guard = event.find('['); guard != std::string::npos) event.resize(guard);
                shape.event = std::move(event);
            }
            out.push_back(std::move(shape));
        }
        return out;
    }();
    return shapes;
}

std::vector<CoverageItem> RouterSpec::out_of_profile(const Profile& profile) {
    std::vector<CoverageItem> out;
    const auto& names = coverage_layout().names.transitions;
    const auto& shapes = row_shapes();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const CoverageItem& row = names[i];
        if (!row.reachable()) continue;
        const std::string& name = row.name;
        const bool guard_r = row.machine == "lcp" && name.find("[r]--> ") != std::string::npos;
        const bool guard_p = row.machine == "lcp" && name.find("[p]--> ") != std::string::npos;
        const char* reason = nullptr;
        if (guard_r && !profile.lcp.restart_option) {
            reason = "needs a profile with the LCP restart option [r] (lcp.restart_option), which this profile leaves off";
        } else if (guard_p && !profile.lcp.passive) {
            reason = "needs a profile with the LCP passive option [p] (lcp.passive), which this profile leaves off";
        } else if (row.machine == "callback" && shapes[i].event == "return call failed, retry" &&
                   profile.callback.return_retries == 0) {
            reason = "needs a profile whose server retries a failed return call (callback.return_retries > 0); "
                     "this profile's is 0";
        }
        if (reason != nullptr) out.push_back({row.machine, row.name, row.requirements, 0, reason});
    }
    return out;
}

namespace {

// The rows leaving each state, by (first row of the machine's segment, state name), built once:
// enabled_rows() runs at every step of a model-drawn plan.
const std::map<std::pair<std::size_t, std::string_view>, std::vector<std::size_t>>& rows_by_source() {
    static const auto table = [] {
        std::map<std::pair<std::size_t, std::string_view>, std::vector<std::size_t>> out;
        const CoverageLayout& at = coverage_layout();
        const auto& shapes = RouterSpec::row_shapes();
        const std::size_t firsts[] = {at.lcp_rows, at.q931_rows, at.callback_rows, at.dialer_rows, at.authr_rows, at.authee_rows};
        for (std::size_t i = 0; i < at.rule_rows; ++i) {
            std::size_t first = 0;
            for (const std::size_t f : firsts)
                if (f <= i && f >= first) first = f;
            out[{first, shapes[i].source}].push_back(i);
        }
        return out;
    }();
    return table;
}

}  // namespace

std::vector<std::size_t> RouterSpec::enabled_rows() const {
    const Impl& m = *impl_;
    const CoverageLayout& at = coverage_layout();
    const std::size_t row_count = row_shapes().size();
    std::vector<char> seen(row_count, 0);
    std::vector<std::size_t> out;
    // Rows of the machine laid out from `first` leaving `state` (two links in one state list them once).
    auto leaving = [&](std::size_t first, const char* state) {
        const auto it = rows_by_source().find({first, std::string_view(state)});
        if (it == rows_by_source().end()) return;
        for (const std::size_t row : it->second)
            if (!std::exchange(seen[row], 1)) out.push_back(row);
    };
    for (const auto& [ch, link] : m.links) {
        leaving(at.lcp_rows, lcp_state_name(link.fsm.state()));
        leaving(at.authr_rows, link.authr.name(link.authr.state()));
        leaving(at.authee_rows, link.authee.name(link.authee.state()));
    }
    leaving(at.q931_rows, q931_state_name(Q931State::U0));
    for (const auto& [k, call] : m.calls) leaving(at.q931_rows, q931_state_name(call.q.state()));
    leaving(at.callback_rows, m.coord.name(m.coord.state()));
    leaving(at.dialer_rows, m.dialer.name(m.dialer.state()));
    for (std::size_t i = at.rule_rows; i < row_count; ++i) out.push_back(i);
    return out;
}

}  // namespace ppp::model
