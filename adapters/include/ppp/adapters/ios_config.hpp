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

// What a plan sets in one router's configuration beyond the PIXIT (configuration intents). The
// timers, when given, become their `dialer` lines in whole seconds, rounded up; without them the
// router keeps the IOS defaults.
struct RouterSettings {
    std::optional<std::chrono::milliseconds> idle_timeout;    // `dialer idle-timeout` (DDR-03)
    std::optional<std::chrono::milliseconds> enable_timeout;  // `dialer enable-timeout` (DDR-06)
    std::optional<std::chrono::milliseconds> fast_idle;       // `dialer fast-idle` (DDR-04)
    std::optional<std::chrono::milliseconds> wait_for_carrier;  // `dialer wait-for-carrier-time` (DDR-05)
    bool auth_callin = false;  // `ppp authentication ... callin`: the peer authenticated on answered calls only (AMB-16)
    int hold_queue = 0;        // `dialer hold-queue N` (DDR-07): packets held while dialling; 0 none
    std::optional<std::chrono::milliseconds> hold_queue_timeout;  // `dialer hold-queue N timeout S` (DDR-07)
};

// The configuration of the router playing `role`, in the subset sut/ accepts (DESIGN.md section 6).
// The SUT's configuration (`sut`) also maps the PIXIT's other destinations (DDR-04); the peer's
// has its one dialer map.
std::string render_ios_config(const pixit::Pixit& parameters, wire::CallbackRole role, bool sut = false,
                              const RouterSettings& settings = {});

}  // namespace ppp::adapters
