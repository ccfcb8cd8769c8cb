// The reference routers' configurations rendered from the PIXIT (DESIGN.md section 7a).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "ppp/adapters/ios_config.hpp"
#include "ppp/model/router_spec.hpp"
#include "ppp/sut/config.hpp"

namespace {

using ppp::wire::CallbackRole;
using ppp::adapters::render_ios_config;

std::string source_file(const std::string& relative) {
    std::ifstream in(std::string(PPP_SOURCE_DIR) + "/" + relative, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(AdaptersIosConfig, DefaultPixitRendersTheBundledConfigurationsByteForByte) {
    const auto& p = ppp::pixit::default_pixit();
    EXPECT_EQ(render_ios_config(p, CallbackRole::Server), source_file("suites/scenarios/callback/r1.cfg"));
    EXPECT_EQ(render_ios_config(p, CallbackRole::Client), source_file("suites/scenarios/callback/r2.cfg"));
}

TEST(AdaptersIosConfig, EditsOfThePixitShowInTheConfiguration) {
    auto p = ppp::pixit::default_pixit();
    p.server.callback_users.clear();  // R2 no longer a callback user (CCB-03)
    p.server.callback_secure = false;
    p.server.authentication = ppp::pixit::Authentication::Pap;
    p.server.secret.value = "OTHER";
    const std::string server = render_ios_config(p, CallbackRole::Server);
    EXPECT_NE(server.find(" dialer map ip 192.0.2.2 name R2 broadcast 5558888\n"), std::string::npos) << server;
    EXPECT_EQ(server.find("map-class"), std::string::npos) << server;
    EXPECT_EQ(server.find("callback-secure"), std::string::npos) << server;
    EXPECT_NE(server.find(" ppp authentication pap\n"), std::string::npos) << server;
    EXPECT_NE(server.find("username R2 password OTHER\n"), std::string::npos) << server;
    p.client.callback_request = false;
    p.client.authentication = ppp::pixit::Authentication::None;
    const std::string client = render_ios_config(p, CallbackRole::Client);
    EXPECT_EQ(client.find("ppp callback"), std::string::npos) << client;
    EXPECT_EQ(client.find("ppp authentication"), std::string::npos) << client;
}

TEST(AdaptersIosConfig, EveryRenderingIsAcceptedByTheReferenceParser) {
    auto p = ppp::pixit::default_pixit();
    for (const bool users : {true, false}) {
        if (!users) p.server.callback_users.clear();
        p.server.callback_server = users ? ppp::pixit::CallbackServerMode::Dialstring : ppp::pixit::CallbackServerMode::Username;
        for (const CallbackRole side : {CallbackRole::Client, CallbackRole::Server}) {
            for (const bool sut : {false, true}) {
                const auto parsed = ppp::sut::parse_config(render_ios_config(p, side, sut));
                EXPECT_TRUE(parsed.ok()) << (parsed.error ? parsed.error->to_string() : "");
            }
        }
    }
}

// DDR-04: the SUT's configuration maps the PIXIT's other destinations; the peer keeps one map.
TEST(AdaptersIosConfig, OnlyTheSutMapsTheOtherDestinations) {
    const auto& p = ppp::pixit::default_pixit();
    ASSERT_EQ(p.other_destinations.size(), 2U);
    for (const CallbackRole side : {CallbackRole::Client, CallbackRole::Server}) {
        const std::string sut = render_ios_config(p, side, true);
        EXPECT_NE(sut.find(" dialer map ip 192.0.2.3 name R3 broadcast 5559999\n"), std::string::npos) << sut;
        EXPECT_NE(sut.find(" dialer map ip 192.0.2.4 name R4 broadcast 5556666\n"), std::string::npos) << sut;
        EXPECT_EQ(render_ios_config(p, side).find("R3"), std::string::npos);
        const auto oracle = ppp::model::oracle_pixit(p, side == CallbackRole::Client ? ppp::model::Role::Client : ppp::model::Role::Server,
                                                     ppp::model::load_bundled_profile("cisco-ios").value());
        EXPECT_EQ(oracle.other_dialer_maps.at(0xC0000203U), "5559999");
    }
}

}  // namespace

// DDR-03: an idle timeout given to the renderer becomes `dialer idle-timeout` in whole seconds
// (rounded up, never shorter than asked), under the interface; the parser reads it back.
TEST(AdaptersIosConfig, AnIdleTimeoutIsRenderedInWholeSecondsRoundedUp) {
    const auto& p = ppp::pixit::default_pixit();
    EXPECT_EQ(render_ios_config(p, CallbackRole::Server).find("idle-timeout"), std::string::npos);
    ppp::adapters::RouterSettings settings;
    settings.idle_timeout = std::chrono::milliseconds{600'001};
    const std::string c = render_ios_config(p, CallbackRole::Server, false, settings);
    EXPECT_NE(c.find(" dialer idle-timeout 601\n"), std::string::npos) << c;
    const auto parsed = ppp::sut::parse_config(c);
    ASSERT_TRUE(parsed.ok()) << (parsed.error ? parsed.error->to_string() : "");
    EXPECT_EQ(parsed.config->bri.idle_timeout, std::chrono::milliseconds{601'000});
}

// DDR-04..07 and AMB-16: the dialer timers, `callin` and the hold queue a plan sets are rendered
// and read back.
TEST(AdaptersIosConfig, AnEnableTimeoutAndCallinAreRenderedAndReadBack) {
    const auto& p = ppp::pixit::default_pixit();
    ppp::adapters::RouterSettings settings;
    settings.enable_timeout = std::chrono::milliseconds{19'500};
    settings.auth_callin = true;
    settings.hold_queue = 100;
    settings.fast_idle = std::chrono::milliseconds{9'000};
    settings.wait_for_carrier = std::chrono::milliseconds{19'000};
    const std::string c = render_ios_config(p, CallbackRole::Server, true, settings);
    EXPECT_NE(c.find(" dialer hold-queue 100\n"), std::string::npos) << c;
    EXPECT_NE(c.find(" dialer enable-timeout 20\n"), std::string::npos) << c;
    EXPECT_NE(c.find(" ppp authentication chap callin\n"), std::string::npos) << c;
    const auto parsed = ppp::sut::parse_config(c);
    ASSERT_TRUE(parsed.ok()) << (parsed.error ? parsed.error->to_string() : "");
    EXPECT_EQ(parsed.config->bri.enable_timeout, std::chrono::milliseconds{20'000});
    EXPECT_TRUE(parsed.config->bri.auth_callin);
    EXPECT_EQ(parsed.config->bri.hold_queue, 100);
    EXPECT_EQ(parsed.config->bri.fast_idle, std::chrono::milliseconds{9'000});
    EXPECT_EQ(parsed.config->bri.wait_for_carrier, std::chrono::milliseconds{19'000});
    EXPECT_EQ(render_ios_config(p, CallbackRole::Server, true).find("callin"), std::string::npos);
}
