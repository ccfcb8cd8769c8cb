// IOS-style configuration subset (DESIGN.md section 6; errors per section 9).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ppp/sut/config.hpp"
#include "ppp/sut/faults.hpp"

namespace ppp::sut {
namespace {

std::string read(const std::string& name) {
    std::ifstream f(std::string(PPP_SOURCE_DIR) + "/suites/scenarios/callback/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

TEST(SutConfig, ParsesDesignServerConfigUnchanged) {
    const auto r = parse_config(read("r1.cfg"));
    ASSERT_TRUE(r.ok()) << r.error->to_string();
    const auto& c = *r.config;
    EXPECT_EQ(c.secret("R2"), "CCIE");
    EXPECT_EQ(c.bri.ip_address, 0xC0000201U);
    EXPECT_TRUE(c.bri.encapsulation_ppp);
    EXPECT_TRUE(c.bri.callback_secure);
    EXPECT_TRUE(c.bri.callback_accept);
    EXPECT_FALSE(c.bri.callback_request);
    ASSERT_EQ(c.bri.dialer_maps.size(), 1U);
    const auto& m = c.bri.dialer_maps[0];
    EXPECT_EQ(m.next_hop, 0xC0000202U);
    EXPECT_EQ(m.name, "R2");
    EXPECT_EQ(m.map_class, "CALL_R2_BACK");
    EXPECT_TRUE(m.broadcast);
    EXPECT_EQ(m.number, "5558888");
    ASSERT_NE(c.find_class("CALL_R2_BACK"), nullptr);
    EXPECT_EQ(c.find_class("CALL_R2_BACK")->callback_server, CallbackServerMode::Username);
    EXPECT_EQ(c.bri.dialer_group, 1);
    EXPECT_TRUE(c.dialer_lists.at(1).ip_permit);
    ASSERT_EQ(c.bri.authentication.size(), 1U);
    EXPECT_EQ(c.bri.authentication[0], AuthKind::Chap);
    // DDR-03..06 defaults.
    EXPECT_EQ(c.bri.idle_timeout, Millis{120000});
    EXPECT_EQ(c.bri.fast_idle, Millis{20000});
    EXPECT_EQ(c.bri.wait_for_carrier, Millis{30000});
    EXPECT_EQ(c.bri.enable_timeout, Millis{15000});
}

TEST(SutConfig, ParsesDesignClientConfigUnchanged) {
    const auto r = parse_config(read("r2.cfg"));
    ASSERT_TRUE(r.ok()) << r.error->to_string();
    EXPECT_TRUE(r.config->bri.callback_request);
    EXPECT_EQ(r.config->bri.dialer_maps.at(0).number, "5557777");
    EXPECT_TRUE(r.config->bri.dialer_maps.at(0).map_class.empty());
}

TEST(SutConfig, IndentationIsOptionalAndTimersParse) {
    const auto r = parse_config(
        "interface BRI0\r\nencapsulation ppp\n  dialer idle-timeout 30\ndialer fast-idle 5\n"
        "dialer wait-for-carrier-time 10\ndialer enable-timeout 2\ndialer hold-queue 10 timeout 20\n"
        "ppp authentication chap pap callin\n! comment\n\nmap-class dialer X\ndialer callback-server dialstring\n");
    ASSERT_TRUE(r.ok()) << r.error->to_string();
    const auto& b = r.config->bri;
    EXPECT_EQ(b.idle_timeout, Millis{30000});
    EXPECT_EQ(b.fast_idle, Millis{5000});
    EXPECT_EQ(b.wait_for_carrier, Millis{10000});
    EXPECT_EQ(b.enable_timeout, Millis{2000});
    EXPECT_EQ(b.hold_queue, 10);
    EXPECT_EQ(b.hold_queue_timeout, Millis{20000});
    EXPECT_TRUE(b.auth_callin);
    EXPECT_EQ(b.authentication.size(), 2U);
    EXPECT_EQ(r.config->find_class("X")->callback_server, CallbackServerMode::Dialstring);
}

TEST(SutConfig, UnknownLineNamesLineTextAndExpectation) {
    const auto r = parse_config("username R1 password CCIE\ninterface BRI0\n ip routing magic\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->line, 3);
    const std::string msg = r.error->to_string();
    EXPECT_EQ(msg.rfind("line 3: 'ip routing magic': expected ip address", 0), 0U) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos);  // one line
}

TEST(SutConfig, MalformedValuesAreRejected) {
    const char* bad[] = {
        "interface BRI1\n",
        "interface BRI0\n dialer idle-timeout soon\n",
        "interface BRI0\n dialer idle-timeout 0\n",
        "interface BRI0\n dialer map ip 192.0.2.300 5551234\n",
        "interface BRI0\n dialer map ip 192.0.2.1 name\n",
        "interface BRI0\n dialer map ip 192.0.2.1 name R1 broadcast\n",
        "interface BRI0\n ppp authentication chap chap\n",
        "interface BRI0\n ppp callback maybe\n",
        "interface BRI0\n dialer hold-queue 101\n",
        "dialer-list 1 protocol ipx permit\n",
        "username R1\n",
        "encapsulation ppp\n",
        "map-class dialer X\n dialer idle-timeout 5\n",
        "interface BRI0\n dialer map ip 192.0.2.1 class NOPE 5551234\n",
        "interface BRI0\n isdn switch-type primary-4ess\n",
    };
    for (const char* text : bad) {
        const auto r = parse_config(text);
        EXPECT_FALSE(r.ok()) << text;
        if (r.error) {
            EXPECT_GE(r.error->line, 1) << text;
        }
    }
}

TEST(SutConfig, UndefinedMapClassNamesTheDialerMapLine) {
    const auto r = parse_config("interface BRI0\n encapsulation ppp\n dialer map ip 192.0.2.2 name R2 class CB 5558888\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->line, 3);
    EXPECT_NE(r.error->expected.find("map-class dialer CB"), std::string::npos);
}

TEST(SutConfig, ErrorsNeverShowSecrets) {
    const auto r = parse_config("username R1 password CCIE extra\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->to_string().find("CCIE"), std::string::npos);  // DESIGN.md section 9
    EXPECT_NE(r.error->to_string().find("<redacted>"), std::string::npos);
}

TEST(SutConfig, ArbitraryBytesNeverThrow) {
    std::string junk;
    for (int i = 0; i < 2000; ++i) junk.push_back(static_cast<char>((i * 7919) % 256));
    EXPECT_NO_THROW({
        const auto r = parse_config(junk);
        EXPECT_FALSE(r.ok());
    });
}

TEST(SutFaults, ParsesKnownNamesAndRejectsUnknown) {
    Faults f;
    std::string err;
    ASSERT_TRUE(Faults::parse("callback-ignores-secure, no-terminate-ack", f, err)) << err;
    EXPECT_TRUE(f.has(Fault::CallbackIgnoresSecure));
    EXPECT_TRUE(f.has(Fault::NoTerminateAck));
    EXPECT_FALSE(f.has(Fault::KeepFirstCall));
    EXPECT_EQ(f.names().size(), 2U);
    Faults g;
    EXPECT_FALSE(Faults::parse("keep-first-call,frobnicate", g, err));
    EXPECT_TRUE(g.empty());  // unchanged on error
    EXPECT_NE(err.find("unknown fault 'frobnicate'"), std::string::npos);
    EXPECT_NE(err.find("chap-wrong-hash-order"), std::string::npos);  // lists what is accepted
    for (std::size_t i = 0; i < kFaultCount; ++i) {
        Faults h;
        EXPECT_TRUE(Faults::parse(fault_name(static_cast<Fault>(i)), h, err));
        EXPECT_TRUE(h.has(static_cast<Fault>(i)));
    }
}

}  // namespace
}  // namespace ppp::sut
