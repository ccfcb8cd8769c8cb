// Rendering the reference routers' configurations from the PIXIT (see ios_config.hpp).
#include "ppp/adapters/ios_config.hpp"

#include "ppp/wire/ipcp.hpp"

namespace ppp::adapters {
namespace {

std::string authentication_line(pixit::Authentication a, bool callin) {
    const char* methods = nullptr;
    switch (a) {
        case pixit::Authentication::Chap: methods = "chap"; break;
        case pixit::Authentication::Pap: methods = "pap"; break;
        case pixit::Authentication::ChapPap: methods = "chap pap"; break;
        case pixit::Authentication::None: return "";
    }
    return std::string(" ppp authentication ") + methods + (callin ? " callin\n" : "\n");
}

// Whole seconds, rounded up: the configuration's unit.
std::string seconds(std::chrono::milliseconds t) { return std::to_string((t.count() + 999) / 1000); }

}  // namespace

std::string render_ios_config(const pixit::Pixit& p, wire::CallbackRole role, bool sut, const RouterSettings& settings) {
    const bool server = role == wire::CallbackRole::Server;
    const pixit::Side& own = server ? static_cast<const pixit::Side&>(p.server) : p.client;
    const pixit::Side& peer = server ? static_cast<const pixit::Side&>(p.client) : p.server;
    // CCB-03: the server calls back the user its dialer map binds to a callback class.
    const auto user = p.server.callback_users.find(p.client.name);
    const bool callback_user = server && user != p.server.callback_users.end();

    std::string c = "! " + own.name + ", callback " + (server ? "server" : "client") + ", directory number " + own.number + "\n";
    // IOS answers and checks CHAP with the entry for the peer's name (the secret this side holds).
    c += "username " + peer.name + " password " + own.secret.value + "\n";
    c += "interface BRI0\n";
    c += " ip address " + wire::ipv4_to_string(own.address) + " " + wire::ipv4_to_string(p.netmask) + "\n";
    c += " encapsulation ppp\n";
    if (server && p.server.callback_secure) c += " dialer callback-secure\n";
    c += " dialer map ip " + wire::ipv4_to_string(peer.address) + " name " + peer.name;
    if (callback_user) c += " class " + p.server.callback_class;
    c += " broadcast " + (callback_user ? user->second : peer.number) + "\n";
    if (sut)
        for (const pixit::OtherDestination& d : p.other_destinations)
            c += " dialer map ip " + wire::ipv4_to_string(d.address) + " name " + d.name + " broadcast " + d.number + "\n";
    c += " dialer-group 1\n";
    if (settings.idle_timeout) c += " dialer idle-timeout " + seconds(*settings.idle_timeout) + "\n";
    if (settings.enable_timeout) c += " dialer enable-timeout " + seconds(*settings.enable_timeout) + "\n";
    if (settings.fast_idle) c += " dialer fast-idle " + seconds(*settings.fast_idle) + "\n";
    if (settings.wait_for_carrier) c += " dialer wait-for-carrier-time " + seconds(*settings.wait_for_carrier) + "\n";
    if (settings.hold_queue > 0)
        c += " dialer hold-queue " + std::to_string(settings.hold_queue) +
             (settings.hold_queue_timeout ? " timeout " + seconds(*settings.hold_queue_timeout) : std::string()) + "\n";
    c += " isdn switch-type " + p.isdn_switch_type + "\n";
    if (server ? p.server.callback_accept : p.client.callback_request)
        c += server ? " ppp callback accept\n" : " ppp callback request\n";
    c += authentication_line(own.authentication, settings.auth_callin);
    if (callback_user) {
        c += "map-class dialer " + p.server.callback_class + "\n";
        c += std::string(" dialer callback-server ") +
             (p.server.callback_server == pixit::CallbackServerMode::Username ? "username" : "dialstring") + "\n";
    }
    c += "dialer-list 1 protocol ip permit\n";
    return c;
}

}  // namespace ppp::adapters
