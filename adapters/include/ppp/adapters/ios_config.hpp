#pragma once
// The reference routers' IOS-style configurations, rendered from the PIXIT (DESIGN.md section 7a):
// the PIXIT is the one source of names, numbers, addresses and secrets, so the environment's router
// and a reference SUT are configured from exactly what the oracle judges by. The bundled default
// PIXIT renders suites/scenarios/callback/r1.cfg and r2.cfg byte for byte.
#include <string>

#include "ppp/pixit/pixit.hpp"

namespace ppp::adapters {

enum class PixitSide : unsigned char { Client, Server };

// The configuration of the router on `side`, in the subset sut/ accepts (DESIGN.md section 6).
std::string render_ios_config(const pixit::Pixit& parameters, PixitSide side);

}  // namespace ppp::adapters
