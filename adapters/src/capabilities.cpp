// What an attachment declares it can carry, in one line for JUnit and the report (ppp/adapters/bench.hpp).
#include <string>
#include <utility>

#include "ppp/adapters/bench.hpp"

namespace ppp::adapters {

std::string describe(const Capabilities& c) {
    using C = Capabilities;
    std::string out = c.channels == C::Channels::TwoBChannels ? "two B-channels (synchronous)" : "one async line (RFC 1662)";
    out += c.call_control == C::CallControl::Q931         ? ", Q.931"
           : c.call_control == C::CallControl::CallEvents ? ", call events"
                                                          : ", no call control";
    out += c.time == C::Time::Virtual ? ", virtual time" : ", wall-clock time";
    const std::pair<bool, const char*> features[] = {
        {c.bad_fcs, "bad FCS"},         {c.forged_frames, "forged frames"}, {c.lan_traffic, "LAN traffic"},
        {c.line_drop, "line drop"},     {c.configures_sut, "configures the SUT"}, {c.console, "console"},
        {c.show_dialer, "show dialer"}};
    for (const auto& [has, name] : features) {
        if (has) out += std::string(", ") + name;
    }
    return out;
}

}  // namespace ppp::adapters
