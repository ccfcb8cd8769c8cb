// The oracle's view of the PIXIT for one role, and where its tolerances come from (issue #14).
#include <string>

#include "ppp/model/router_spec.hpp"

namespace ppp::model {

Tolerance resolve_tolerance(const pixit::Pixit& parameters, const Profile& profile, std::string* notice) {
    Tolerance t;
    const pixit::Tolerance& given = parameters.tolerance;
    const auto legacy = profile.legacy_tolerance.value_or(Profile::LegacyTolerance{});
    std::string taken;  // the profile's values the PIXIT left open
    const auto pick = [&](const std::optional<Millis>& from_pixit, const std::optional<Millis>& from_profile,
                          const char* key, Millis& out) {
        if (from_pixit) {
            out = *from_pixit;
        } else if (from_profile) {
            out = *from_profile;
            taken += (taken.empty() ? "" : ", ") + std::string(key);
        }
    };
    pick(given.early, legacy.early, "early_ms", t.early);
    pick(given.late, legacy.late, "late_ms", t.late);
    pick(given.reply, legacy.reply, "reply_ms", t.reply);
    if (given.crossing) t.crossing = *given.crossing;  // a PIXIT key only: profiles never carried it
    if (notice != nullptr && profile.legacy_tolerance) {
        *notice = "notice: profile " + profile.name + " carries \"tolerance\", which belongs in the PIXIT now; " +
                  (taken.empty() ? std::string("the PIXIT's values are used")
                                 : "its " + taken + " used, since the PIXIT " + parameters.source + " gives none");
    }
    return t;
}

Pixit oracle_pixit(const pixit::Pixit& parameters, Role role, const Profile& profile) {
    const bool client = role == Role::Client;
    const pixit::Side& own = client ? static_cast<const pixit::Side&>(parameters.client) : parameters.server;
    const pixit::Side& peer = client ? static_cast<const pixit::Side&>(parameters.server) : parameters.client;
    Pixit p;
    p.own_name = own.name;
    p.peer_name = peer.name;
    p.own_number = own.number;
    p.peer_number = peer.number;
    p.own_address = own.address;
    p.peer_address = peer.address;
    // The SUT holds one secret for its peer (IOS `username PEER password S`, pppd chap-secrets) and
    // answers and checks CHAP and PAP with it, whichever name is asked.
    p.secrets = {{own.name, own.secret.value}, {peer.name, own.secret.value}};
    p.callback_numbers = parameters.server.callback_users;
    p.callback_request = parameters.client.callback_request;
    switch (own.authentication) {
        case pixit::Authentication::Chap: p.auth_methods = {wire::proto::kChap}; break;
        case pixit::Authentication::Pap: p.auth_methods = {wire::proto::kPap}; break;
        case pixit::Authentication::ChapPap: p.auth_methods = {wire::proto::kChap, wire::proto::kPap}; break;
        case pixit::Authentication::None: break;
    }
    for (const pixit::OtherDestination& d : parameters.other_destinations) p.other_dialer_maps[d.address] = d.number;
    p.tolerance = resolve_tolerance(parameters, profile);
    return p;
}

}  // namespace ppp::model
