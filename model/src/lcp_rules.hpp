#pragma once
// Packet rules checked on every LCP packet the SUT sends (SPEC LCP-04..08, LCP-15, LCP-16):
// pure functions of the packets involved, judged by relation, never by value.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ppp/wire/lcp.hpp"

namespace ppp::model::detail {

struct RuleBreach {
    std::vector<std::string> requirements;
    std::string text;
};

bool is_boolean_option(std::uint8_t type);  // PFC, ACFC, Compound-Frames: never Nak'd (LCP-06)
const wire::Callback* find_callback(const std::vector<wire::LcpOption>& options);
const wire::AuthProtocol* find_auth(const std::vector<wire::LcpOption>& options);
std::optional<std::uint32_t> find_magic(const std::vector<wire::LcpOption>& options);
std::optional<std::uint16_t> find_mru(const std::vector<wire::LcpOption>& options);
std::string describe_options(const std::vector<wire::LcpOption>& options);
std::string auth_name(std::uint16_t protocol);  // "CHAP", "PAP", else "protocol 0xC227"

// LCP-05: the Ack copies the Identifier and echoes the Request's options byte for byte, in order.
std::optional<RuleBreach> check_ack(const wire::LcpPacket& request, const wire::LcpPacket& ack);
// LCP-06 (+ FSM-03 Max-Failure): only offered options in order, booleans never, hints appended.
std::optional<RuleBreach> check_nak(const wire::LcpPacket& request, const wire::LcpPacket& nak, bool hints_allowed);
// LCP-07: only offered options, unmodified, in order.
std::optional<RuleBreach> check_reject(const wire::LcpPacket& request, const wire::LcpPacket& reject);
// LCP-04/07/15/16 on the SUT's own Configure-Request.
std::vector<RuleBreach> check_own_request(const wire::LcpPacket& request, const wire::LcpPacket* previous,
                                          bool reply_since_previous, const std::set<std::uint8_t>& rejected_types);

}  // namespace ppp::model::detail
