// The PIXIT (DESIGN.md section 7a): the bundled files, secrets from the file, a variable or a
// file beside it, relations between the sides, the report's rows, and the oracle's view of it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "ppp/model/router_spec.hpp"
#include "ppp/pixit/pixit.hpp"

namespace {

using ppp::pixit::load_pixit;
using ppp::pixit::SecretLookup;
using namespace std::chrono_literals;

std::string source_file(const std::string& relative) {
    std::ifstream in(std::string(PPP_SOURCE_DIR) + "/" + relative, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

nlohmann::json default_document() { return nlohmann::json::parse(source_file("pixit/default.json")); }

std::optional<std::string> fake_environment(const std::string& name) {
    if (name == "PIXIT_TEST_SECRET") return std::string("from-the-environment");
    return std::nullopt;
}

TEST(PixitBundled, DefaultHoldsTheSeedScenario) {
    const ppp::pixit::Pixit& p = ppp::pixit::default_pixit();
    EXPECT_EQ(p.client.name, "R2");
    EXPECT_EQ(p.client.number, "5558888");
    EXPECT_EQ(p.client.address, 0xC0000202U);
    EXPECT_EQ(p.server.name, "R1");
    EXPECT_EQ(p.server.number, "5557777");
    EXPECT_EQ(p.server.address, 0xC0000201U);
    EXPECT_EQ(p.server.callback_users.at("R2"), "5558888");
    EXPECT_EQ(p.server.callback_class, "CALL_R2_BACK");
    EXPECT_TRUE(p.server.callback_secure);
    EXPECT_EQ(p.client.secret.origin, "inline");
    EXPECT_EQ(p.tolerance.reply, 2000ms);
    EXPECT_EQ(p.tolerance.crossing, 20ms);
    EXPECT_EQ(p.source, "bundled default");
}

TEST(PixitBundled, EveryBundledFileLoads) {
    for (const auto& name : ppp::pixit::bundled_pixit_names()) {
        const auto text = source_file("pixit/" + name + ".json");
        const auto loaded = load_pixit(text, name, SecretLookup{});
        EXPECT_TRUE(loaded.has_value()) << name << ": " << (loaded ? "" : loaded.error().message);
        EXPECT_TRUE(ppp::pixit::bundled_pixit(name).has_value()) << name;
    }
    EXPECT_EQ(ppp::pixit::bundled_pixit("pppd-uml")->tolerance.reply, 5000ms);
    EXPECT_EQ(ppp::pixit::bundled_pixit("pppd-uml")->tolerance.crossing, 50ms);  // a guest's jitter
    EXPECT_FALSE(ppp::pixit::bundled_pixit("nosuch").has_value());
}

TEST(PixitSecrets, ComeFromAnEnvironmentVariable) {
    auto doc = default_document();
    doc["client"].erase("secret");
    doc["client"]["secret_env"] = "PIXIT_TEST_SECRET";
    SecretLookup lookup;
    lookup.environment = fake_environment;
    const auto loaded = load_pixit(doc.dump(), "env.json", lookup);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_EQ(loaded.value().client.secret.value, "from-the-environment");
    EXPECT_EQ(loaded.value().client.secret.origin, "environment PIXIT_TEST_SECRET");
}

TEST(PixitSecrets, ComeFromAFileBesideThePixitWithoutItsLineEnd) {
    const auto folder = std::filesystem::temp_directory_path() / ("pixit-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "r1.secret") << "file-secret\r\n";
    auto doc = default_document();
    doc["server"].erase("secret");
    doc["server"]["secret_file"] = "r1.secret";
    SecretLookup lookup;
    lookup.folder = folder.string();
    const auto loaded = load_pixit(doc.dump(), "file.json", lookup);
    std::filesystem::remove_all(folder);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_EQ(loaded.value().server.secret.value, "file-secret");
    EXPECT_EQ(loaded.value().server.secret.origin, "file r1.secret");
}

TEST(PixitSecrets, AMessageNeverShowsTheSecret) {
    auto doc = default_document();
    doc["client"]["secret"] = std::string(2000, 'k');  // too long: refused without its value
    const auto loaded = load_pixit(doc.dump(), "long.json", SecretLookup{});
    ASSERT_FALSE(loaded.has_value());
    EXPECT_EQ(loaded.error().message.find("kkkk"), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("/client/secret: the secret is 2000 bytes"), std::string::npos)
        << loaded.error().message;
}

TEST(PixitReport, RowsShowEveryParameterAndRedactSecrets) {
    auto doc = default_document();
    doc["client"]["secret"] = "client-secret-value";
    doc["server"]["secret"] = "server-secret-value";
    const auto loaded = load_pixit(doc.dump(), "mine.json", SecretLookup{});
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    const auto rows = ppp::pixit::report_rows(loaded.value());
    std::map<std::string, std::string> by_key(rows.begin(), rows.end());
    for (const auto& [key, value] : rows) {
        EXPECT_EQ(value.find("secret-value"), std::string::npos) << key;
    }
    // Every value the file gives appears under its key.
    for (const char* side : {"client", "server"}) {
        for (auto it = doc[side].begin(); it != doc[side].end(); ++it) {
            const std::string key = std::string(side) + "." + it.key();
            if (it.key() == "secret") {
                EXPECT_EQ(by_key.at(key), "<redacted> (inline)");
            } else if (it.value().is_string()) {
                EXPECT_EQ(by_key.at(key), it.value().get<std::string>()) << key;
            } else if (it.value().is_boolean()) {
                EXPECT_EQ(by_key.at(key), it.value().get<bool>() ? "true" : "false") << key;
            }
        }
    }
    EXPECT_EQ(by_key.at("server.callback_users.R2"), "5558888");
    EXPECT_EQ(by_key.at("netmask"), "255.255.255.0");
    EXPECT_EQ(by_key.at("tolerance.reply_ms"), "2000");
    EXPECT_EQ(by_key.at("tolerance.crossing_ms"), "20");
    EXPECT_EQ(by_key.at("source"), "mine.json");
}

TEST(PixitOracle, TheSutChecksAndAnswersWithTheSecretItHolds) {
    auto p = ppp::pixit::default_pixit();
    p.client.secret.value = "client-holds";
    p.server.secret.value = "server-holds";
    const auto profile = ppp::model::load_bundled_profile("cisco-ios").value();
    const auto client = ppp::model::oracle_pixit(p, ppp::model::Role::Client, profile);
    EXPECT_EQ(client.own_name, "R2");
    EXPECT_EQ(client.peer_number, "5557777");
    EXPECT_EQ(client.secrets.at("R1"), "client-holds");
    EXPECT_EQ(client.secrets.at("R2"), "client-holds");
    const auto server = ppp::model::oracle_pixit(p, ppp::model::Role::Server, profile);
    EXPECT_EQ(server.own_name, "R1");
    EXPECT_EQ(server.own_address, 0xC0000201U);
    EXPECT_EQ(server.secrets.at("R2"), "server-holds");
    EXPECT_EQ(server.callback_numbers.at("R2"), "5558888");
}

TEST(PixitOracle, AProfileThatStillCarriesTolerancesFillsWhatThePixitLeavesOpen) {
    auto profile_doc = nlohmann::json::parse(source_file("model/profiles/cisco-ios.json"));
    profile_doc["tolerance"] = {{"early_ms", 7}, {"late_ms", 8}, {"reply_ms", 9}};
    const auto profile = ppp::model::load_profile(profile_doc.dump(), "old.json").value();
    auto p = ppp::pixit::default_pixit();
    p.tolerance.late.reset();
    p.tolerance.reply.reset();
    std::string notice;
    const auto t = ppp::model::resolve_tolerance(p, profile, &notice);
    EXPECT_EQ(t.early, 200ms);  // the PIXIT's
    EXPECT_EQ(t.late, 8ms);     // the profile's, since the PIXIT gives none
    EXPECT_EQ(t.reply, 9ms);
    EXPECT_EQ(notice, "notice: profile cisco-ios carries \"tolerance\", which belongs in the PIXIT now; its late_ms, "
                      "reply_ms used, since the PIXIT bundled default gives none");
    std::string none;
    ppp::model::resolve_tolerance(p, ppp::model::load_bundled_profile("cisco-ios").value(), &none);
    EXPECT_EQ(none, "");  // bundled profiles carry none
}

}  // namespace

namespace {

// Issue #14: the PIXIT is the one source of test parameters. The seed scenario's values appear
// nowhere in the oracle, the suites' code or the attachments (purposes and scenario files may
// name them: they are data a user reads).
TEST(PixitSource, NoSeedValueIsWrittenIntoTheCode) {
    namespace fs = std::filesystem;
    const std::string root = PPP_SOURCE_DIR;
    std::vector<std::string> found;
    for (const char* folder : {"model", "suites", "adapters"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root + "/" + folder)) {
            const std::string path = entry.path().string();
            if (!entry.is_regular_file() || path.find("/scenarios/") != std::string::npos ||
                path.find("/purposes/") != std::string::npos)
                continue;
            std::ifstream in(path, std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            for (const char* literal : {"CCIE", "5558888", "5557777"}) {
                if (text.find(literal) != std::string::npos) found.push_back(path.substr(root.size() + 1) + ": " + literal);
            }
        }
    }
    EXPECT_TRUE(found.empty()) << ::testing::PrintToString(found);
}

}  // namespace
