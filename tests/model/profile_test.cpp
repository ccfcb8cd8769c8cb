#include <gtest/gtest.h>

#include "ppp/model/profile.hpp"

namespace ppp::model {
namespace {

TEST(ModelProfile, BundledProfilesLoad) {
    const auto names = bundled_profile_names();
    ASSERT_EQ(names.size(), 4U);
    for (const std::string& n : names) {
        const ProfileResult r = load_bundled_profile(n);
        EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().message);
    }
}

TEST(ModelProfile, PppdIsClientOnlyWithCbcp) {
    const Profile p = load_bundled_profile("pppd-2.4.9").value();
    EXPECT_EQ(p.roles, std::vector<Role>{Role::Client});
    EXPECT_EQ(p.callback.client_ops, std::vector<std::uint8_t>{6});
    EXPECT_FALSE(p.callback.server_accepts);
    EXPECT_EQ(p.callback.cbcp_delay_s, 5);
    EXPECT_FALSE(p.dialer.enabled);
}

TEST(ModelProfile, CiscoAndFreeBsdKnobs) {
    const Profile c = load_bundled_profile("cisco-ios").value();
    // CCB-02 operations plus CBCP (op 6): Cisco implements the CBCP server (CBCP-07).
    EXPECT_EQ(c.callback.server_ops, (std::vector<std::uint8_t>{0, 1, 3, 6}));
    EXPECT_EQ(c.dialer.enable_timeout, Millis{15000});
    EXPECT_EQ(c.callback.terminate_initiator, TerminateInitiator::Both);
    const Profile f = load_bundled_profile("freebsd-ppp").value();
    EXPECT_EQ(f.lcp.max_configure, 5);
    EXPECT_EQ(f.callback.on_nak, OnCallbackNak::NextOp);
    EXPECT_EQ(f.callback.client_ops, (std::vector<std::uint8_t>{0, 6, 3}));
}

TEST(ModelProfile, BadValueNamesJsonPathAndWhatIsAccepted) {
    const ProfileResult r = load_profile(R"({"timers": {"restart_ms": -5}})", "cisco-ios.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile cisco-ios.json: /timers/restart_ms: -5 is not accepted (an integer 100..60000)");
}

TEST(ModelProfile, UnknownKeyIsRejected) {
    const ProfileResult r = load_profile(R"({"callback": {"secure": true, "colour": "red"}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("profile x.json: /callback/colour: unknown key (accepted: client_ops"), std::string::npos)
        << r.error().message;
}

TEST(ModelProfile, BadEnumListsChoices) {
    const ProfileResult r = load_profile(R"({"callback": {"terminate_initiator": "nobody"}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /callback/terminate_initiator: \"nobody\" is not accepted (one of \"client\", \"server\", \"both\", \"either\")");
}

TEST(ModelProfile, BadArrayElementNamesIndex) {
    const ProfileResult r = load_profile(R"({"callback": {"client_ops": [0, 5]}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("/callback/client_ops/1: 5 is not accepted"), std::string::npos) << r.error().message;
}

TEST(ModelProfile, NestedCbcpAndBusyCause) {
    ProfileResult r = load_profile(R"({"isdn": {"bri_busy_cause": 18}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile x.json: /isdn/bri_busy_cause: 18 is not accepted (one of 17, 34)");
    r = load_profile(R"({"callback": {"cbcp": {"delay_s": "five"}}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile x.json: /callback/cbcp/delay_s: \"five\" is not accepted (an integer 0..255)");
}

TEST(ModelProfile, InvalidJsonIsOneLine) {
    const ProfileResult r = load_profile("{\n  \"name\": \"x\",\n  oops\n}", "broken.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("profile broken.json: not valid JSON at line 3"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
}

TEST(ModelProfile, UnknownBundledProfileListsKnownOnes) {
    const ProfileResult r = load_bundled_profile("cisco");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("cisco-ios"), std::string::npos);
}

TEST(ModelProfile, EmptyObjectGivesRfcDefaults) {
    const Profile p = load_profile("{}", "empty.json").value();
    EXPECT_EQ(p.lcp.restart, Millis{3000});
    EXPECT_EQ(p.lcp.max_configure, 10);
    EXPECT_EQ(p.lcp.max_terminate, 2);
    EXPECT_EQ(p.lcp.max_failure, 5);
}

}  // namespace
}  // namespace ppp::model
