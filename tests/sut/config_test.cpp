// IOS-style configuration subset (DESIGN.md section 6; errors per section 9).
#include <gtest/gtest.h>

#include <algorithm>
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
        // Numbers that overflow an int or a long, negative ones, and a duplicate map line.
        "interface BRI0\n dialer idle-timeout 99999999999999999999\n",
        "interface BRI0\n dialer idle-timeout 2147484\n",
        "interface BRI0\n dialer enable-timeout -5\n",
        "interface BRI0\n dialer hold-queue 5 timeout 99999999999\n",
        "interface BRI0\n dialer-group -1\n",
        "dialer-list 99999999999 protocol ip permit\ninterface BRI0\n",
        "interface BRI0\n dialer map ip 192.0.2.2 5551234\n dialer map ip 192.0.2.2 5551234\n",
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

TEST(SutConfig, PasswordTypeZeroIsThePlainSecret) {
    // IOS writes `password 0 SECRET` for a secret kept in plain text.
    const auto r = parse_config("username R2 password 0 CCIE\ninterface BRI0\n");
    ASSERT_TRUE(r.ok()) << r.error->to_string();
    EXPECT_EQ(r.config->secret("R2"), "CCIE");
}

TEST(SutConfig, ErrorsRedactEveryWordAfterPasswordOrSecret) {
    struct Case {
        const char* text;
        const char* secret;
    };
    const Case cases[] = {
        {"username R2 password 0 CCIE extra\ninterface BRI0\n", "CCIE"},
        {"username R2 password 7 0822455D0A16\ninterface BRI0\n", "0822455D0A16"},
        {"username R2 secret CCIE\ninterface BRI0\n", "CCIE"},
        {"username R2 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\ninterface BRI0\n", "hx5rVt7rPNoS4wqbXKX7m0"},
        {"username R2 Password CCIE\ninterface BRI0\n", "CCIE"},
        {"username R2 password\x01" "CCIE\ninterface BRI0\n", "CCIE"},
    };
    for (const auto& c : cases) {
        const auto r = parse_config(c.text);
        ASSERT_FALSE(r.ok()) << c.text;
        const std::string msg = r.error->to_string();
        EXPECT_EQ(msg.find(c.secret), std::string::npos) << msg;  // DESIGN.md section 9
        EXPECT_NE(msg.find("<redacted>"), std::string::npos) << msg;
        EXPECT_NE(msg.find("username NAME password [0] SECRET"), std::string::npos) << msg;
    }
}

TEST(SutConfig, RedactSecretsKeepsTheLineUpToTheKeyword) {
    EXPECT_EQ(redact_secrets("username R2 password 0 CCIE"), "username R2 password <redacted>");
    EXPECT_EQ(redact_secrets("username R2 secret 5 $1$abc"), "username R2 secret <redacted>");
    EXPECT_EQ(redact_secrets("ppp chap PASSWORD 7 0822455D0A16"), "ppp chap PASSWORD <redacted>");
    EXPECT_EQ(redact_secrets("username R2 passwordCCIE"), "username R2 password <redacted>");
    EXPECT_EQ(redact_secrets("username R2 password"), "username R2 password");
    EXPECT_EQ(redact_secrets("dialer map ip 192.0.2.2 name R2 5558888"), "dialer map ip 192.0.2.2 name R2 5558888");
}

TEST(SutConfig, LineOfAFileThatIsNoConfigurationIsNotShown) {
    // `config /etc/passwd`: the error names the line, never its content.
    const auto r = parse_config("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->line, 1);
    EXPECT_TRUE(r.error->text.empty());
    const std::string msg = r.error->to_string();
    EXPECT_EQ(msg.find("root"), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind("line 1: ", 0), 0U) << msg;
    EXPECT_NE(msg.find("expected a global command"), std::string::npos) << msg;
}

TEST(SutConfig, InterfaceBri0IsRequired) {
    // Without it the router has no port and clears every call as user busy.
    for (const char* text : {"", "username R2 password CCIE\n", "! nothing\ndialer-list 1 protocol ip permit\n"}) {
        const auto r = parse_config(text);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_EQ(r.error->line, 0);
        const std::string msg = r.error->to_string();
        EXPECT_NE(msg.find("'interface BRI0' section: it is required"), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos);
    }
}

TEST(SutConfig, CrlfAndByteOrderMarkAreAccepted) {
    for (const char* text : {"\xEF\xBB\xBFusername R2 password CCIE\r\ninterface BRI0\r\n encapsulation ppp\r\n",
                             "username R2 password CCIE\rinterface BRI0\r encapsulation ppp\r"}) {
        const auto r = parse_config(text);
        ASSERT_TRUE(r.ok()) << r.error->to_string();
        EXPECT_EQ(r.config->secret("R2"), "CCIE");  // no CR left on the secret
        EXPECT_TRUE(r.config->bri.encapsulation_ppp);
    }
}

TEST(SutConfig, EchoedValuesAreEscapedAndCut) {
    const std::string long_class(5000, 'C');
    static const char kNul[] = "interface BRI0\n encapsulation ppp\0 \x1b[2J\n";
    const std::string texts[] = {
        std::string(kNul, sizeof kNul - 1),
        "interface BRI0\n dialer idle-timeout " + std::string(3000, '9') + "\n",
        "interface BRI0\n dialer map ip 192.0.2.2 class \x1b[31m" + long_class + " 5558888\n",
    };
    for (const auto& text : texts) {
        const auto r = parse_config(text);
        ASSERT_FALSE(r.ok());
        const std::string msg = r.error->to_string();
        EXPECT_FALSE(std::any_of(msg.begin(), msg.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        })) << msg;
        EXPECT_LE(msg.size(), 400U) << msg;
    }
    EXPECT_NE(parse_config(texts[0]).error->to_string().find("'encapsulation ppp\\x00 \\x1b[2J'"), std::string::npos);
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
