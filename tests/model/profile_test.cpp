#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "ppp/model/profile.hpp"

namespace ppp::model {
namespace {

TEST(ModelProfile, BundledProfilesLoad) {
    const auto names = bundled_profile_names();
    ASSERT_EQ(names.size(), 5U);
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

TEST(ModelProfile, CbcpDelayAgainstTheEnableTimeoutIsAKnob) {  // AMB-43
    EXPECT_TRUE(load_bundled_profile("cisco-ios").value().callback.cbcp_delay_waits_enable_timeout);
    ProfileResult r = load_profile(R"({"callback": {"cbcp": {"delay_waits_enable_timeout": false}}})", "x.json");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_FALSE(r.value().callback.cbcp_delay_waits_enable_timeout);
    r = load_profile(R"({"callback": {"cbcp": {"delay_waits_enable_timeout": "later"}}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /callback/cbcp/delay_waits_enable_timeout: \"later\" is not accepted (true or false)");
}

TEST(ModelProfile, WhereTheEnableTimeoutStartsIsAKnob) {  // AMB-24
    using From = Profile::Dialer::EnableTimeoutFrom;
    EXPECT_EQ(load_bundled_profile("cisco-ios").value().dialer.enable_timeout_from, From::Disconnect);
    EXPECT_EQ(load_bundled_profile("rfc-strict").value().dialer.enable_timeout_from, From::Disconnect);
    ProfileResult r = load_profile(R"({"dialer": {"enable_timeout_from": "release"}})", "x.json");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r.value().dialer.enable_timeout_from, From::Release);
    r = load_profile(R"({"dialer": {"enable_timeout_from": "connect"}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /dialer/enable_timeout_from: \"connect\" is not accepted (one of \"disconnect\", \"release\")");
}

TEST(ModelProfile, ACodeRejectOfCodes8To11IsPermittedUnlessTheProfileSaysCatastrophic) {  // AMB-21
    for (const char* name : {"cisco-ios", "pppd-2.4.9", "rfc-strict", "freebsd-ppp", "windows-ras"})
        EXPECT_TRUE(load_bundled_profile(name).value().lcp.code_reject_8_11_permitted) << name;
    ProfileResult r = load_profile(R"({"fsm_options": {"code_reject_8_11_permitted": false}})", "x.json");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_FALSE(r.value().lcp.code_reject_8_11_permitted);
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

// Issue #12, hostile profiles: every message is one line naming the JSON path, the value cut and
// escaped (at most 80 characters, wire::quote_value), and what is accepted (DESIGN.md section 9).
bool one_short_line(const std::string& message) {
    return message.size() <= 400 &&
           std::none_of(message.begin(), message.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

TEST(ModelProfile, NumberBeyondTheDoubleRangeNamesKeyAndRange) {  // D2
    ProfileResult r = load_profile(R"({"timers":{"restart_ms":1e400}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile x.json: /timers/restart_ms: 1e400 is not accepted (an integer 100..60000)");
    r = load_profile(R"({"callback": {"client_ops": [0, -1E+999]}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /callback/client_ops/1: -1E+999 is not accepted (a callback operation 0-4 or 6 (CB table))");
    // An earlier key in reading order is judged first, as for any other bad value.
    r = load_profile(R"({"name": 7, "isdn": {"t303_ms": 2e308}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile x.json: /name: 7 is not accepted (a string)");
}

TEST(ModelProfile, IntegerBeyondSixtyFourBitsIsOutOfRange) {  // D2
    const ProfileResult r = load_profile(R"({"timers":{"max_configure":18446744073709551615}})", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /timers/max_configure: 18446744073709551615 is not accepted (an integer 1..255)");
}

TEST(ModelProfile, DeepNestingIsRefusedInOneLine) {  // D3: 100,000 levels crashed the loader
    const std::string deep = R"({"description": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
    const ProfileResult r = load_profile(deep, "deep.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("profile deep.json: /description/0/0/"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("nested deeper than 64 levels is not accepted"), std::string::npos)
        << r.error().message;
    EXPECT_TRUE(one_short_line(r.error().message)) << r.error().message;
}

TEST(ModelProfile, NestingWithinTheBoundReachesTheSchema) {  // D3: 64 levels parse, then are judged
    const std::string nested = R"({"description": )" + std::string(63, '[') + std::string(63, ']') + "}";
    const ProfileResult r = load_profile(nested, "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("profile x.json: /description: [[[[["), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("is not accepted (a string)"), std::string::npos) << r.error().message;
    EXPECT_TRUE(one_short_line(r.error().message)) << r.error().message;
}

TEST(ModelProfile, LargeBadValueIsCutInTheMessage) {  // D20: a 12 MB array was echoed whole
    std::string many = R"({"name": [)";
    for (int i = 0; i < 100000; ++i) many += i == 0 ? "\"client\"" : ",\"client\"";
    many += "]}";
    const ProfileResult r = load_profile(many, "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message.rfind("profile x.json: /name: [\"client\", \"client\"", 0), 0U) << r.error().message;
    EXPECT_NE(r.error().message.find("(an array of 100000 elements) is not accepted (a string)"), std::string::npos)
        << r.error().message;
    EXPECT_TRUE(one_short_line(r.error().message)) << r.error().message;
}

TEST(ModelProfile, ControlCharactersInValuesAndKeysAreEscaped) {  // D20: terminal escapes echoed raw
    ProfileResult r = load_profile("{\"callback\": {\"terminate_initiator\": \"\\u001b[2Jx\"}}", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile x.json: /callback/terminate_initiator: \"\\x1b[2Jx\" is not accepted (one of \"client\", "
              "\"server\", \"both\", \"either\")");
    r = load_profile("{\"\\u001b]0;owned\\u0007\": 1}", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message.rfind("profile x.json: /\\x1b]0;owned\\x07: unknown key (accepted: name,", 0), 0U)
        << r.error().message;
    const std::string long_key(5000, 'k');
    r = load_profile("{\"" + long_key + "\": 1}", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(one_short_line(r.error().message)) << r.error().message;
}

TEST(ModelProfile, SourceNameIsEscapedToo) {  // D20: the file name is the user's text as well
    const ProfileResult r = load_profile("[]", "a\x1b[31m.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile a\\x1b[31m.json: /: [] is not accepted (an object)");
}

TEST(ModelProfile, ByteOrderMarkAndCrLfAreAccepted) {  // D20: what editors leave
    const ProfileResult r = load_profile("\xEF\xBB\xBF{\r\n  \"name\": \"crlf\",\r\n  \"roles\": [\"client\"]\r\n}\r\n", "x.json");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r.value().roles, std::vector<Role>{Role::Client});
}

TEST(ModelProfile, LineOfASyntaxErrorCountsCarriageReturns) {  // D20: old Mac line ends
    const ProfileResult r = load_profile("{\r  \"name\": \"x\",\r  oops\r}", "broken.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("profile broken.json: not valid JSON at line 3"), std::string::npos)
        << r.error().message;
}

TEST(ModelProfile, EmptyTextSaysSo) {  // D21: not "not valid JSON at line 1 (byte 0)"
    const ProfileResult r = load_profile(" \n", "x.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile x.json: empty (a JSON object is accepted)");
}

TEST(ModelProfile, TextOverTheSizeLimitIsRefused) {  // D20: README limits, 1 MiB per text file
    const std::string big = R"({"description": ")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
    const ProfileResult r = load_profile(big, "big.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "profile big.json: " + std::to_string(big.size()) +
                                     " bytes is not accepted (at most 1048576 bytes)");
}

// AMB-30, AMB-31: the windows-ras profile's knobs; a longest restart interval below the shortest is
// refused with its path and what is accepted.
TEST(ModelProfile, WindowsRasVariesItsRestartTimerAndTakesOp6AsACapability) {
    const Profile w = load_bundled_profile("windows-ras").value();
    EXPECT_EQ(w.lcp.restart.count(), 2000);
    EXPECT_EQ(w.lcp.latest_restart().count(), 5000);
    EXPECT_TRUE(w.callback.op6_capability);
    const Profile c = load_bundled_profile("cisco-ios").value();
    EXPECT_EQ(c.lcp.latest_restart(), c.lcp.restart);
    EXPECT_FALSE(c.callback.op6_capability);
    const ProfileResult r = load_profile(R"({"timers": {"restart_ms": 3000, "restart_max_ms": 2000}})", "w.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message,
              "profile w.json: /timers/restart_max_ms: 2000 is not accepted (milliseconds no fewer than restart_ms, 3000)");
}

}  // namespace
}  // namespace ppp::model
