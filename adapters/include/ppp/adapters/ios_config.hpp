#pragma once
// The reference routers' IOS-style configurations, rendered from the PIXIT (DESIGN.md section 7a):
// the PIXIT is the one source of names, numbers, addresses and secrets, so the environment's router
// and a reference SUT are configured from exactly what the oracle judges by. The bundled default
// PIXIT renders suites/scenarios/callback/r1.cfg and r2.cfg byte for byte.
#include <chrono>
#include <optional>
#include <string>

#include "ppp/pixit/pixit.hpp"
#include "ppp/wire/port_terms.hpp"

namespace ppp::adapters {

// The configuration of the router playing `role`, in the subset sut/ accepts (DESIGN.md section 6).
// The SUT's configuration (`sut`) also maps the PIXIT's other destinations (DDR-04); the peer's
// has its one dialer map. `idle_timeout`, when given, becomes `dialer idle-timeout` in whole
// seconds, rounded up (DDR-03); without it the router keeps the IOS default.
std::string render_ios_config(const pixit::Pixit& parameters, wire::CallbackRole role, bool sut = false,
                              std::optional<std::chrono::milliseconds> idle_timeout = std::nullopt);

}  // namespace ppp::adapters
