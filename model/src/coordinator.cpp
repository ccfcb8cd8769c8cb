#include "coordinator.hpp"

#include <cstring>
#include <sstream>

namespace ppp::model::detail {

const char* cb_name(Cb s) {
    static constexpr std::array<const char*, kCbStates> names{
        "Idle", "Dialing", "FirstCall", "Agreed", "Cbcp", "Dropping", "AwaitReturn",
        "Pending", "CallingBack", "ReturnCall", "Connected", "NoCallback", "Refused"};
    return names[static_cast<std::size_t>(s)];
}

bool Coordinator::go(const char* event, Cb to) {
    for (std::size_t i = 0; i < kCoordRows.size(); ++i) {
        const CoordRow& r = kCoordRows[i];
        if (r.from == state_ && r.to == to && std::strcmp(r.event, event) == 0) {
            ++hits_[i];
            state_ = to;
            ++visits_[static_cast<std::size_t>(to)];
            return true;
        }
    }
    return false;
}

Coverage Coordinator::coverage() const {
    Coverage c;
    for (std::size_t s = 0; s < kCbStates; ++s)
        c.states.push_back({"callback", cb_name(static_cast<Cb>(s)), {}, visits_[s]});
    for (std::size_t i = 0; i < kCoordRows.size(); ++i) {
        const CoordRow& r = kCoordRows[i];
        std::vector<std::string> reqs;
        std::stringstream ss(r.requirements);
        for (std::string id; std::getline(ss, id, ',');) reqs.push_back(id);
        c.transitions.push_back({"callback", std::string(cb_name(r.from)) + " --" + r.event + "--> " + cb_name(r.to),
                                 reqs, hits_[i]});
    }
    return c;
}

}  // namespace ppp::model::detail
