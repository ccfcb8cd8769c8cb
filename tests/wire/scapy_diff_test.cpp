// Differential test against scapy (PEERS.md section 3): seeded LCP Configure packets (with the
// Callback option) and CHAP packets go to ONE /usr/bin/python3 run of tests/tools/scapy_check.py,
// which builds each packet with scapy from its fields and parses the project's bytes. Both ways
// must agree with ppp::wire: scapy's build == our encoding, scapy's parse == our values.
//
// scapy 2.5 quirks the comparison respects (both narrow; anything else must match):
//   S1  scapy picks the option class by Type alone (MRU, ACCM, Auth, Quality, Magic, Callback) and
//       reads that class's fixed fields whatever the Length octet says, so options of those types
//       with a misfit length (our RawOption, e.g. `0D 02`, `01 03 05`) would be misparsed; they
//       are left out of the packets sent to scapy (tshark_diff_test covers them).
//   S2  scapy's Authentication-Protocol class fixes Length 5 for CHAP (algorithm octet only), so
//       CHAP with other data lengths is left out too. For other protocols scapy computes no
//       Length, the script passes it.
// Padding after Length is PPP framing, not LCP/CHAP: it is cleared before encoding.
#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/bytes.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "tools/subprocess.hpp"
#include "wire/generators.hpp"

namespace {

using namespace ppp::wire;
using nlohmann::json;
using ppp::test_tools::TempDir;

constexpr std::uint64_t kSeed = 0x1994C223u;
constexpr const char* kPython = "/usr/bin/python3";

std::string hex_plain(const Bytes& b) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t x : b) {
        out += digits[x >> 4];
        out += digits[x & 0x0F];
    }
    return out;
}

std::string script_path() { return std::string(PPP_SOURCE_DIR) + "/tests/tools/scapy_check.py"; }

// S1/S2: which options scapy can parse back faithfully.
bool scapy_representable(const LcpOption& o) {
    if (const auto* raw = std::get_if<RawOption>(&o)) {
        switch (raw->type) {
        case 1: case 2: case 3: case 4: case 5: case 13: return false;
        default: return true;
        }
    }
    if (const auto* auth = std::get_if<AuthProtocol>(&o)) {
        return auth->protocol != proto::kChap || auth->data.size() == 1;
    }
    return true;
}

// The request for one option and the class/fields scapy must report when parsing it.
std::pair<json, json> option_case(const LcpOption& o) {
    const Bytes encoded = encode_option(o);
    json request;
    json fields = json::object();
    std::string cls = "PPP_LCP_Option";
    if (const auto* mru = std::get_if<Mru>(&o)) {
        request = {{"kind", "mru"}, {"value", mru->value}};
        cls = "PPP_LCP_MRU_Option";
        fields = {{"max_recv_unit", mru->value}};
    } else if (const auto* accm = std::get_if<Accm>(&o)) {
        request = {{"kind", "accm"}, {"value", accm->map}};
        cls = "PPP_LCP_ACCM_Option";
        fields = {{"accm", accm->map}};
    } else if (const auto* magic = std::get_if<MagicNumber>(&o)) {
        request = {{"kind", "magic"}, {"value", magic->value}};
        cls = "PPP_LCP_Magic_Number_Option";
        fields = {{"magic_number", magic->value}};
    } else if (const auto* auth = std::get_if<AuthProtocol>(&o)) {
        request = {{"kind", "auth"}, {"protocol", auth->protocol}, {"data", hex_plain(auth->data)}};
        cls = "PPP_LCP_Auth_Protocol_Option";
        if (auth->protocol == proto::kChap) {
            fields = {{"auth_protocol", auth->protocol}, {"algorithm", auth->data.at(0)}};
        } else {
            fields = {{"auth_protocol", auth->protocol}, {"data", hex_plain(auth->data)}};
        }
    } else if (const auto* quality = std::get_if<QualityProtocol>(&o)) {
        request = {{"kind", "quality"}, {"protocol", quality->protocol}, {"data", hex_plain(quality->data)}};
        cls = "PPP_LCP_Quality_Protocol_Option";
        fields = {{"quality_protocol", quality->protocol}, {"data", hex_plain(quality->data)}};
    } else if (const auto* cb = std::get_if<Callback>(&o)) {
        request = {{"kind", "callback"}, {"operation", cb->operation}, {"message", hex_plain(cb->message)}};
        cls = "PPP_LCP_Callback_Option";
        fields = {{"operation", cb->operation}, {"message", hex_plain(cb->message)}};
    } else {
        // PFC, ACFC, FCS-Alternatives, SDP, Compound-Frames, unknown types: scapy's generic
        // `Type Len Data` option, built from our type and data octets.
        const Bytes data(encoded.begin() + 2, encoded.end());
        request = {{"kind", "generic"}, {"type", option_type(o)}, {"data", hex_plain(data)}};
        fields = {{"data", hex_plain(data)}};
    }
    json expected = {{"class", cls}, {"type", option_type(o)}, {"len", encoded.size()}, {"fields", fields}};
    return {request, expected};
}

struct LcpCase {
    std::string label;
    LcpPacket packet;
    Bytes bytes;
};
struct ChapCase {
    std::string label;
    ChapPacket packet;
    Bytes bytes;
};

LcpPacket conf(std::uint8_t code, std::uint8_t id, std::vector<LcpOption> options) {
    LcpPacket p;
    p.code = code;
    p.identifier = id;
    p.options = std::move(options);
    return p;
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::vector<LcpCase> lcp_cases() {
    std::vector<LcpCase> cases;
    auto add = [&cases](std::string label, LcpPacket p) {
        p.padding.clear();
        auto& opts = p.options;
        std::vector<LcpOption> kept;
        for (const auto& o : opts) {
            if (scapy_representable(o)) kept.push_back(o);
        }
        opts = kept;
        LcpCase c{std::move(label), p, encode_lcp(p)};
        cases.push_back(std::move(c));
    };
    add("TV-02", conf(1, 1, {MagicNumber{0x12345678}, Callback{0, {}}}));
    add("TV-03", conf(2, 1, {MagicNumber{0x12345678}, Callback{0, {}}}));
    add("TV-04", conf(4, 1, {Callback{0, {}}}));
    add("TV-08", conf(1, 0, {Accm{0xFFFFFFFF}, MagicNumber{0x1133515B}, Pfc{}, Acfc{}, Callback{6, {}}}));
    add("all options", conf(1, 9, {Mru{1500}, Accm{0}, AuthProtocol{proto::kChap, {kChapMd5}},
                                   QualityProtocol{proto::kLqr, {0, 0, 0x0B, 0xB8}}, MagicNumber{1}, Pfc{},
                                   Acfc{}, FcsAlternatives{6}, SelfDescribingPadding{4},
                                   Callback{3, text("5551234")}, CompoundFrames{}, RawOption{99, {1, 2}}}));
    add("PAP auth", conf(1, 10, {AuthProtocol{proto::kPap, {}}}));
    for (std::uint8_t op = 0; op <= 6; ++op) {
        add("Callback op " + std::to_string(op), conf(1, op, {Callback{op, {}}, MagicNumber{op}}));
        add("Callback op " + std::to_string(op) + " message",
            conf(3, op, {Callback{op, text(op == 4 ? "cn=router" : "0401123456")}}));
    }

    rc::Random random(kSeed);
    for (int i = 0; i < 300; ++i) {
        LcpPacket p;
        p.code = static_cast<std::uint8_t>(1 + i % 4);
        p.identifier = gen::pick8({0, 1, 0x7F, 0xFF})(random.split(), 0).value();
        p.identifier = static_cast<std::uint8_t>(p.identifier + i);
        p.options = gen::lcp_options(8)(random.split(), 10 + i % 90).value();
        // Every generated ConfReq carries a Callback option somewhere (the point of the test).
        if (i % 2 == 0) {
            const auto cb = gen::lcp_option()(random.split(), 50).value();
            if (std::holds_alternative<Callback>(cb)) p.options.push_back(cb);
            else p.options.insert(p.options.begin(), Callback{static_cast<std::uint8_t>(i % 7), text(std::to_string(i))});
        }
        add("generated #" + std::to_string(i), p);
    }
    return cases;
}

std::vector<ChapCase> chap_cases() {
    std::vector<ChapCase> cases;
    auto add = [&cases](std::string label, ChapPacket p) {
        p.padding.clear();
        ChapCase c{std::move(label), p, encode_chap(p)};
        cases.push_back(std::move(c));
    };
    ChapPacket challenge;
    challenge.code = 1;
    challenge.identifier = 1;
    for (std::uint8_t i = 0; i < 16; ++i) challenge.value.push_back(i);
    challenge.name = text("server");
    add("TV-10 challenge", challenge);
    ChapPacket response = challenge;
    response.code = 2;
    const auto md5 = chap_md5_response(1, "secret", challenge.value);
    response.value.assign(md5.begin(), md5.end());
    response.name = text("client");
    add("TV-10 response", response);
    ChapPacket success;
    success.code = 3;
    success.identifier = 1;
    success.message = text("Welcome");
    add("success", success);
    ChapPacket failure;
    failure.code = 4;
    failure.identifier = 1;
    add("failure, empty message", failure);

    rc::Random random(kSeed ^ 0xC223u);
    for (int i = 0; i < 150; ++i) {
        add("generated #" + std::to_string(i), gen::chap_packet()(random.split(), 10 + i % 90).value());
    }
    return cases;
}

json chap_expected_fields(const ChapPacket& p, std::size_t length) {
    if (p.code == 1 || p.code == 2) {
        return {{"code", p.code}, {"id", p.identifier}, {"len", length}, {"value_size", p.value.size()},
                {"value", hex_plain(p.value)}, {"optional_name", hex_plain(p.name)}};
    }
    return {{"code", p.code}, {"id", p.identifier}, {"len", length}, {"data", hex_plain(p.message)}};
}

TEST(ScapyDiff, LcpConfigureAndChapBuildAndParseLikeScapy) {
    const bool python = ::access(kPython, X_OK) == 0;
    PPP_REQUIRE_TOOL(python, std::string(kPython) + " not found");
    TempDir dir;
    ASSERT_TRUE(dir.ok()) << "mkdtemp failed";
    {
        const auto probe = ppp::test_tools::run_process({kPython, script_path(), "--version"}, dir);
        ASSERT_TRUE(probe.spawned) << probe.spawn_error;
        PPP_REQUIRE_TOOL(probe.exit_code != 3, "python3-scapy not installed: " + probe.err);
        ASSERT_EQ(probe.exit_code, 0) << "scapy_check.py --version failed: " << probe.err;
    }

    const auto lcps = lcp_cases();
    const auto chaps = chap_cases();
    json request = {{"lcp", json::array()}, {"chap", json::array()}};
    std::vector<json> lcp_expected;
    std::size_t callback_options = 0;
    for (const auto& c : lcps) {
        json options = json::array();
        json expected_options = json::array();
        for (const auto& o : c.packet.options) {
            auto [req, exp] = option_case(o);
            options.push_back(req);
            expected_options.push_back(exp);
            if (std::holds_alternative<Callback>(o)) ++callback_options;
        }
        request["lcp"].push_back({{"code", c.packet.code}, {"id", c.packet.identifier}, {"options", options},
                                  {"bytes", hex_plain(c.bytes)}});
        lcp_expected.push_back({{"class", "PPP_LCP_Configure"}, {"code", c.packet.code}, {"id", c.packet.identifier},
                                {"len", c.bytes.size()}, {"options", expected_options}, {"rest", ""}});
    }
    for (const auto& c : chaps) {
        request["chap"].push_back({{"code", c.packet.code}, {"id", c.packet.identifier},
                                   {"value", hex_plain(c.packet.value)}, {"name", hex_plain(c.packet.name)},
                                   {"message", hex_plain(c.packet.message)}, {"bytes", hex_plain(c.bytes)}});
    }
    ASSERT_GE(callback_options, 150u);

    const std::string input = dir.file("scapy_in.json");
    ASSERT_TRUE(ppp::test_tools::write_file(input, request.dump()));
    const auto run = ppp::test_tools::run_process({kPython, script_path(), input}, dir);
    ASSERT_TRUE(run.spawned) << run.spawn_error;
    ASSERT_EQ(run.exit_code, 0) << "scapy_check.py failed:\n" << run.err;
    const json answer = json::parse(run.out, nullptr, false);
    ASSERT_FALSE(answer.is_discarded()) << "scapy_check.py printed no JSON:\n" << run.out.substr(0, 2000);
    ASSERT_EQ(answer.at("lcp").size(), lcps.size());
    ASSERT_EQ(answer.at("chap").size(), chaps.size());

    std::vector<std::string> errors;
    auto check = [&errors](const std::string& context, const json& result, const Bytes& ours,
                           const json& expected_parse, const std::string& our_text) {
        if (result.contains("error")) {
            errors.push_back(context + ": scapy error " + result.at("error").get<std::string>() + " on [" +
                             to_hex(ours) + "]");
            return;
        }
        const std::string built = result.at("built").get<std::string>();
        if (built != hex_plain(ours)) {
            errors.push_back(context + " " + our_text + ": scapy builds " + built + ", we encode " + hex_plain(ours));
        }
        if (result.at("parsed") != expected_parse) {
            errors.push_back(context + " " + our_text + ": scapy parses [" + to_hex(ours) + "] as\n  " +
                             result.at("parsed").dump() + "\n ours:\n  " + expected_parse.dump());
        }
    };
    for (std::size_t i = 0; i < lcps.size(); ++i) {
        // Our own decoding of the bytes must give the packet back (the values compared above).
        const auto decoded = decode_lcp(lcps[i].bytes);
        if (!decoded || !(decoded.value() == lcps[i].packet)) {
            errors.push_back("LCP " + lcps[i].label + ": decode_lcp does not give the packet back for [" +
                             to_hex(lcps[i].bytes) + "]");
        }
        check("LCP " + lcps[i].label, answer["lcp"][i], lcps[i].bytes, lcp_expected[i], describe(lcps[i].packet));
    }
    for (std::size_t i = 0; i < chaps.size(); ++i) {
        const auto& c = chaps[i];
        const auto decoded = decode_chap(c.bytes);
        if (!decoded || !(decoded.value() == c.packet)) {
            errors.push_back("CHAP " + c.label + ": decode_chap does not give the packet back for [" +
                             to_hex(c.bytes) + "]");
        }
        const json expected = {{"class", c.packet.code == 1 || c.packet.code == 2 ? "PPP_CHAP_ChallengeResponse" : "PPP_CHAP"},
                               {"fields", chap_expected_fields(c.packet, c.bytes.size())},
                               {"rest", ""}};
        check("CHAP " + c.label, answer["chap"][i], c.bytes, expected, describe(c.packet));
    }

    std::cout << "[ scapy    ] scapy " << answer.value("scapy_version", "?") << " cross-checked " << lcps.size()
              << " LCP Configure packets (" << callback_options << " Callback options) and " << chaps.size()
              << " CHAP packets, both ways: " << errors.size() << " mismatches\n";
    std::ostringstream report;
    for (std::size_t i = 0; i < errors.size() && i < 30; ++i) report << errors[i] << '\n';
    EXPECT_TRUE(errors.empty()) << errors.size() << " mismatches with scapy:\n" << report.str();
}

}  // namespace
