#include "lcp_rules.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

#include "ppp/wire/framing.hpp"

namespace ppp::model::detail {

bool is_boolean_option(std::uint8_t type) {
    return type == wire::lcp_opt::kPfc || type == wire::lcp_opt::kAcfc || type == wire::lcp_opt::kCompoundFrames;
}

const wire::Callback* find_callback(const std::vector<wire::LcpOption>& options) {
    for (const auto& o : options)
        if (const auto* c = std::get_if<wire::Callback>(&o)) return c;
    return nullptr;
}

const wire::AuthProtocol* find_auth(const std::vector<wire::LcpOption>& options) {
    for (const auto& o : options)
        if (const auto* a = std::get_if<wire::AuthProtocol>(&o)) return a;
    return nullptr;
}

std::optional<std::uint32_t> find_magic(const std::vector<wire::LcpOption>& options) {
    for (const auto& o : options)
        if (const auto* m = std::get_if<wire::MagicNumber>(&o)) return m->value;
    return std::nullopt;
}

std::optional<std::uint16_t> find_mru(const std::vector<wire::LcpOption>& options) {
    for (const auto& o : options)
        if (const auto* m = std::get_if<wire::Mru>(&o)) return m->value;
    return std::nullopt;
}

std::string auth_name(std::uint16_t protocol) {
    if (protocol == wire::proto::kChap) return "CHAP";
    if (protocol == wire::proto::kPap) return "PAP";
    char hex[24];
    std::snprintf(hex, sizeof hex, "protocol 0x%04X", static_cast<unsigned>(protocol));
    return hex;
}

std::string describe_options(const std::vector<wire::LcpOption>& options) {
    if (options.empty()) return "{}";
    std::string out = "{";
    for (const auto& o : options) out += (out.size() > 1 ? " " : "") + wire::describe(o);
    return out + "}";
}

namespace {
std::vector<wire::Bytes> option_bytes(const std::vector<wire::LcpOption>& options) {
    std::vector<wire::Bytes> out;
    for (const auto& o : options) out.push_back(wire::encode_option(o));
    return out;
}
}  // namespace

std::optional<RuleBreach> check_ack(const wire::LcpPacket& request, const wire::LcpPacket& ack) {
    if (ack.identifier != request.identifier)
        return RuleBreach{{"LCP-05"}, "expected Configure-Ack id=" + std::to_string(request.identifier) +
                                          " (the Request's Identifier), observed id=" + std::to_string(ack.identifier)};
    const auto want = option_bytes(request.options);
    const auto got = option_bytes(ack.options);
    if (want == got) return std::nullopt;
    auto sorted_want = want, sorted_got = got;
    std::sort(sorted_want.begin(), sorted_want.end());
    std::sort(sorted_got.begin(), sorted_got.end());
    const std::string how = sorted_want == sorted_got ? "the same options reordered" : "different options";
    return RuleBreach{{"LCP-05"}, "expected the Ack to echo the Request byte for byte in order " +
                                      describe_options(request.options) + ", observed " + how + " " +
                                      describe_options(ack.options)};
}

std::optional<RuleBreach> check_nak(const wire::LcpPacket& request, const wire::LcpPacket& nak, bool hints_allowed) {
    const std::string ctx = " (Request " + describe_options(request.options) + ", Nak " + describe_options(nak.options) + ")";
    if (nak.identifier != request.identifier)
        return RuleBreach{{"LCP-06"}, "expected Configure-Nak id=" + std::to_string(request.identifier) +
                                          ", observed id=" + std::to_string(nak.identifier)};
    std::size_t pos = 0;  // next acceptable index in the Request (order kept)
    bool offered_seen = false;
    bool in_hints = false;
    for (const auto& o : nak.options) {
        const std::uint8_t type = wire::option_type(o);
        if (is_boolean_option(type))
            return RuleBreach{{"LCP-06"}, "boolean option " + wire::describe(o) + " Nak'd; it can only be rejected" + ctx};
        std::size_t found = request.options.size();
        for (std::size_t i = pos; i < request.options.size(); ++i)
            if (wire::option_type(request.options[i]) == type) {
                found = i;
                break;
            }
        if (found < request.options.size() && !in_hints) {
            // RFC 1661 section 5.3: "Each Configuration Option's Value is modified to a value
            // acceptable to the Configure-Nak sender"; a value it found acceptable is not Nak'd.
            if (o == request.options[found])
                return RuleBreach{{"LCP-06"}, "Nak of " + wire::describe(o) + " with the very value the Request carried" + ctx};
            pos = found + 1;
            offered_seen = true;
            continue;
        }
        const bool offered_anywhere = std::any_of(request.options.begin(), request.options.end(),
                                                  [&](const wire::LcpOption& r) { return wire::option_type(r) == type; });
        if (offered_anywhere)
            return RuleBreach{{"LCP-06"}, "Nak'd options out of the Request's order at " + wire::describe(o) + ctx};
        if (!hints_allowed)
            return RuleBreach{{"LCP-06", "FSM-03"}, "hint " + wire::describe(o) + " after Max-Failure Naks" + ctx};
        in_hints = true;
    }
    if (!offered_seen)
        return RuleBreach{{"LCP-06"}, "expected a Nak of offered options only, observed a Nak of option(s) never offered" + ctx};
    return std::nullopt;
}

std::optional<RuleBreach> check_reject(const wire::LcpPacket& request, const wire::LcpPacket& reject) {
    const std::string ctx = " (Request " + describe_options(request.options) + ", Reject " + describe_options(reject.options) + ")";
    if (reject.identifier != request.identifier)
        return RuleBreach{{"LCP-07"}, "expected Configure-Reject id=" + std::to_string(request.identifier) +
                                          ", observed id=" + std::to_string(reject.identifier)};
    const auto want = option_bytes(request.options);
    std::size_t pos = 0;
    for (const auto& o : reject.options) {
        const wire::Bytes b = wire::encode_option(o);
        auto it = std::find(want.begin() + static_cast<std::ptrdiff_t>(pos), want.end(), b);
        if (it == want.end())
            return RuleBreach{{"LCP-07"}, "expected only offered options, unmodified and in order; " + wire::describe(o) +
                                              " is not" + ctx};
        pos = static_cast<std::size_t>(it - want.begin()) + 1;
    }
    if (reject.options.empty()) return RuleBreach{{"LCP-07"}, "Configure-Reject with no option" + ctx};
    return std::nullopt;
}

std::vector<RuleBreach> check_own_request(const wire::LcpPacket& request, const wire::LcpPacket* previous,
                                          bool reply_since_previous, const std::set<std::uint8_t>& rejected_types) {
    std::vector<RuleBreach> out;
    int auths = 0;
    for (const auto& o : request.options) {
        const std::uint8_t type = wire::option_type(o);
        auths += type == wire::lcp_opt::kAuthProtocol;
        if (rejected_types.count(type))
            out.push_back({{"LCP-07"}, "expected the next Request to omit rejected " + wire::describe(o) + ", observed it again"});
    }
    if (auths > 1) out.push_back({{"LCP-15"}, "expected one Authentication-Protocol option per Request, observed " + std::to_string(auths)});
    if (auto magic = find_magic(request.options); magic && *magic == 0)
        out.push_back({{"LCP-16"}, "Magic-Number 0 is illegal in a Configure-Request"});
    if (previous) {
        const bool same = wire::encode_options(previous->options) == wire::encode_options(request.options);
        if (request.identifier == previous->identifier && (!same || reply_since_previous))
            out.push_back({{"LCP-04"}, std::string("expected a new Identifier (") +
                                           (same ? "a valid reply arrived" : "the options changed") + "), observed id=" +
                                           std::to_string(request.identifier) + " again"});
    }
    return out;
}

}  // namespace ppp::model::detail
