// `ppp-conform decode`: the FrameDecoder library and the command's exit codes (DESIGN.md
// section 9: 0 clean, 1 a malformed frame or bad FCS, 2 unusable input).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "ppp/suites/decode.hpp"

namespace {

using ppp::suites::DecodeOptions;
using ppp::suites::FrameDecoder;
using ppp::suites::FrameLine;
using ppp::suites::InputFraming;

// TV-06: TV-02 octet-stuffed with ACCM 0xFFFFFFFF.
const std::string kTv06 =
    "7e ff 7d 23 c0 21 7d 21 7d 21 7d 20 7d 2d 7d 25 7d 26 7d 32 34 56 78 7d 2d 7d 23 7d 20 e8 cb 7e";

std::vector<FrameLine> decode(const std::string& hex, DecodeOptions options = {}) {
    FrameDecoder decoder(options);
    std::vector<FrameLine> out;
    std::string error;
    EXPECT_TRUE(decoder.decode_hex(hex, "test", out, error)) << error;
    return out;
}

TEST(SuitesDecode, Tv06IsConfReqWithMagicAndCallbackOp0) {
    const auto lines = decode(kTv06);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].fcs, "ok");
    EXPECT_EQ(lines[0].error, "");
    EXPECT_NE(lines[0].description.find("LCP ConfReq id=1"), std::string::npos) << lines[0].description;
    EXPECT_NE(lines[0].description.find("0x12345678"), std::string::npos) << lines[0].description;
    EXPECT_NE(lines[0].description.find("Callback op=0"), std::string::npos) << lines[0].description;
}

TEST(SuitesDecode, AutoTakesSyncFrameWhenResidueIsGood) {
    // TV-04: Configure-Reject of the Callback option with its FCS-16.
    const auto lines = decode("ff 03 c0 21 04 01 00 07 0d 03 00 b0 57");
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].fcs, "ok");
    EXPECT_NE(lines[0].description.find("LCP ConfRej id=1"), std::string::npos) << lines[0].description;
}

TEST(SuitesDecode, BadFcsInAsyncStreamIsReportedAsProblem) {
    std::string corrupted = kTv06;
    corrupted.replace(corrupted.find("e8 cb"), 5, "e8 cc");  // FR-04: residue no longer F0B8
    const auto lines = decode(corrupted);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].fcs, "bad");
    EXPECT_TRUE(lines[0].problem());
}

TEST(SuitesDecode, AutoRecognisesQ931Setup) {
    // TV-11 SETUP to 5551234.
    const auto lines = decode("08 01 05 05 04 02 88 90 18 01 83 70 08 80 35 35 35 31 32 33 34");
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].channel, "q931");
    EXPECT_NE(lines[0].description.find("SETUP"), std::string::npos) << lines[0].description;
    EXPECT_NE(lines[0].description.find("5551234"), std::string::npos) << lines[0].description;
}

TEST(SuitesDecode, TruncatedLcpNamesOffsetAndRequirement) {
    // Length field says 13 octets but only 8 follow the protocol: LCP-02.
    DecodeOptions options;
    options.framing = InputFraming::Body;
    const auto lines = decode("ff 03 c0 21 01 01 00 0d 05 06 12 34", options);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_TRUE(lines[0].problem());
    EXPECT_NE(lines[0].error.find("LCP-02"), std::string::npos) << lines[0].error;
    EXPECT_NE(lines[0].error.find("offset"), std::string::npos) << lines[0].error;
}

TEST(SuitesDecode, NonHexInputIsRejectedWithItsPlace) {
    FrameDecoder decoder({});
    std::vector<FrameLine> out;
    std::string error;
    EXPECT_FALSE(decoder.decode_hex("ff 03 zz", "stdin line 4", out, error));
    EXPECT_NE(error.find("stdin line 4"), std::string::npos) << error;
    EXPECT_TRUE(out.empty());
}

TEST(SuitesDecode, JsonLineCarriesFields) {
    DecodeOptions options;
    options.json = true;
    FrameDecoder decoder(options);
    std::vector<FrameLine> out;
    std::string error;
    ASSERT_TRUE(decoder.decode_hex(kTv06, "arguments", out, error));
    ASSERT_EQ(out.size(), 1U);
    const std::string json = decoder.render(out[0]);
    EXPECT_NE(json.find("\"fcs\":\"ok\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"decoded\":\"LCP ConfReq"), std::string::npos) << json;
}

TEST(SuitesDecode, UnsupportedLinkTypeIsAnError) {
    FrameDecoder decoder({});
    std::vector<FrameLine> out;
    std::string error;
    EXPECT_FALSE(decoder.decode_captured(1, {0x00}, "x.pcap packet 1", out, error));
    EXPECT_NE(error.find("link type 1"), std::string::npos) << error;
}

#ifdef PPP_CONFORM_BIN
// Runs the real command through the shell; returns its exit status and output.
int run_command(const std::string& arguments, std::string& output) {
    const std::string command = std::string("'") + PPP_CONFORM_BIN + "' " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::array<char, 512> buffer{};
    output.clear();
    while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) output += buffer.data();
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SuitesDecodeCommand, IssueExampleDecodesAndExitsZero) {
    std::string output;
    EXPECT_EQ(run_command("decode " + kTv06, output), 0) << output;
    EXPECT_NE(output.find("Callback op=0"), std::string::npos) << output;
    EXPECT_NE(output.find("0x12345678"), std::string::npos) << output;
}

TEST(SuitesDecodeCommand, BadFramingValueExitsTwoWithOneLine) {
    std::string output;
    EXPECT_EQ(run_command("decode --framing hdlc ff 03", output), 2) << output;
    EXPECT_NE(output.find("--framing hdlc"), std::string::npos) << output;
}

TEST(SuitesDecodeCommand, BadHexExitsTwo) {
    std::string output;
    EXPECT_EQ(run_command("decode ff 03 c0 2g", output), 2) << output;
}

TEST(SuitesDecodeCommand, MalformedFrameExitsOne) {
    std::string output;
    EXPECT_EQ(run_command("decode --framing body ff 03 c0 21 01 01 00 0d", output), 1) << output;
}

TEST(SuitesDecodeCommand, MissingCaptureExitsTwo) {
    std::string output;
    EXPECT_EQ(run_command("decode --pcap /nonexistent/x.pcap", output), 2) << output;
    EXPECT_NE(output.find("/nonexistent/x.pcap"), std::string::npos) << output;
}

TEST(SuitesDecodeCommand, BundledExamplesDecodeCleanly) {
    std::string output;
    EXPECT_EQ(run_command(std::string("decode < '") + PPP_SOURCE_DIR + "/examples/frames.hex'", output), 0)
        << output;
    EXPECT_EQ(output.find("malformed"), std::string::npos) << output;
}
#endif

}  // namespace
