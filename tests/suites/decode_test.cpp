// `ppp-conform decode`: the FrameDecoder library and the command's exit codes (DESIGN.md
// section 9: 0 clean, 1 a malformed frame or bad FCS, 2 unusable input).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "ppp/adapters/recording.hpp"
#include "ppp/suites/decode.hpp"
#include "command_helpers.hpp"
#include "wire/pcapng_builder.hpp"

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

// ----- text recordings (issue #16) ---------------------------------------------------------

namespace rec = ppp::adapters::recording;

std::vector<FrameLine> decode_recording(const std::string& text, DecodeOptions options = {}) {
    std::istringstream in(text);
    const auto reader = rec::make_reader(rec::sniff_format(text), in, "r.log");
    EXPECT_TRUE(reader);
    FrameDecoder decoder(options);
    std::vector<FrameLine> out;
    if (!reader) return out;
    while (auto record = reader->next()) decoder.decode_record(*record, out);
    return out;
}

TEST(SuitesDecode, APacketTheLogGivesWholeDecodesLikeACapturedOne) {
    const auto lines = decode_recording(
        "Dec  3 21:04:05 r2 pppd[704]: sent [LCP ConfReq id=0x1 <asyncmap 0x0> <callback CBCP> <magic 0xc3a4c73b>]\n");
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].channel, "ppp");
    EXPECT_EQ(lines[0].direction, "sent");
    EXPECT_EQ(lines[0].time, "21:04:05");
    EXPECT_EQ(lines[0].line_ref, "line 1");
    EXPECT_EQ(lines[0].source, "r.log line 1");
    EXPECT_EQ(lines[0].error, "");
    EXPECT_NE(lines[0].description.find("LCP ConfReq id=1"), std::string::npos) << lines[0].description;
    EXPECT_NE(lines[0].description.find("Callback op=6"), std::string::npos) << lines[0].description;
    EXPECT_EQ(lines[0].hex, "ff 03 c0 21 01 01 00 13 02 06 00 00 00 00 0d 03 06 05 06 c3 a4 c7 3b");
    FrameDecoder decoder({});
    EXPECT_EQ(decoder.render(lines[0]).rfind("#1 (line 1) 21:04:05 >> LCP ConfReq id=1", 0), 0U)
        << decoder.render(lines[0]);
}

TEST(SuitesDecode, APacketTheLogCutsIsShownIncompleteNeverCompleted) {
    // pppd prints at most 32 octets of data, then " ..." (utils.c format_packet).
    const auto lines = decode_recording(
        "rcvd [LCP EchoReq id=0x5 magic=0x11223344 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 "
        "15 16 17 18 19 1a 1b 1c 1d 1e 1f ...]\n");
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].direction, "received");
    EXPECT_EQ(lines[0].error, "");
    EXPECT_FALSE(lines[0].problem());  // what the text lacks is no fault of the SUT's
    EXPECT_NE(lines[0].description.find("protocol 0xc021 code 9 id 5, incomplete:"), std::string::npos)
        << lines[0].description;
    EXPECT_NE(lines[0].description.find("cut after"), std::string::npos) << lines[0].description;
}

TEST(SuitesDecode, CallStateAndShowDialerLinesReadAsEvents) {
    const auto lines = decode_recording(
        "02:45:42: BR0:1 DDR: Callback negotiated - Disconnecting now\n"
        "02:45:42: DDR: Callback client for R1 5557777 created\n"
        "02:45:43: BR0:1 LCP: State is Open\n"
        "23:59:59: %LINK-3-UPDOWN: Interface BRI0:1, changed state to down\n"
        "00:00:01: %LINK-3-UPDOWN: Interface BRI0:1, changed state to up\n");
    ASSERT_EQ(lines.size(), 5U);
    for (const FrameLine& line : lines) EXPECT_EQ(line.channel, "event");
    EXPECT_EQ(lines[0].description, "BR0:1 callback-negotiated");
    EXPECT_EQ(lines[1].description, "callback-client-created 5557777 R1");  // the line names no interface
    EXPECT_EQ(lines[2].description, "BR0:1 LCP state Open");
    EXPECT_EQ(lines[3].time, "23:59:59");
    EXPECT_EQ(lines[4].time, "+1d 00:00:01");  // past midnight: the next day
    FrameDecoder json_decoder({InputFraming::Auto, true});
    const std::string json = json_decoder.render(lines[1]);
    EXPECT_NE(json.find("\"time\":\"02:45:42\""), std::string::npos) << json;
    EXPECT_EQ(json.find("\"hex\""), std::string::npos) << json;  // an event has no octets
}

TEST(SuitesDecode, AQ931MessageFromItsIeLinesDecodes) {
    const auto lines = decode_recording(
        "ISDN BR0: TX ->  SETUP pd = 8  callref = 0x2E\n"
        "        Bearer Capability i = 0x8890\n"
        "        Channel ID i = 0x83\n"
        "ISDN BR0: RX <-  RELEASE_COMP pd = 8  callref = 0xAE\n");
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0].channel, "q931");
    EXPECT_EQ(lines[0].direction, "sent");
    EXPECT_NE(lines[0].description.find("SETUP"), std::string::npos) << lines[0].description;
    EXPECT_EQ(lines[1].direction, "received");
    EXPECT_NE(lines[1].description.find("RELEASE_COMP callref=0xae"), std::string::npos) << lines[1].description;
}

#ifdef PPP_CONFORM_BIN
using ppp::test::run_command;

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

TEST(SuitesDecodeCommand, TheSeedTranscriptReadsAsATimelineOfEvents) {
    std::string output;
    EXPECT_EQ(run_command(std::string("decode --recording '") + PPP_TEST_DATA_DIR +
                              "/recordings/seed-r2-callback-ios.txt'",
                          output),
              0)
        << output;
    EXPECT_NE(output.find("02:45:42 BR0:1 callback-negotiated"), std::string::npos) << output;
    EXPECT_NE(output.find("02:45:57 BR0:1 callback-received 5557777 R1"), std::string::npos) << output;
    EXPECT_NE(output.find("(line 50) show dialer BRI0:1, idle 120 s, fast idle 20 s"), std::string::npos) << output;
    EXPECT_NE(output.find("reason Callback return call"), std::string::npos) << output;
    EXPECT_NE(output.find("ios-debug, "), std::string::npos) << output;  // the counts on stderr
    EXPECT_NE(output.find(" recognised, "), std::string::npos) << output;
}

TEST(SuitesDecodeCommand, ARecordingOnStandardInputReadsAsFromAFile) {
    const std::string file = std::string(PPP_TEST_DATA_DIR) + "/recordings/pppd-2.4.9-cbcp-client.log";
    std::string from_file, from_stdin;
    EXPECT_EQ(run_command("decode --recording '" + file + "'", from_file), 0) << from_file;
    EXPECT_EQ(run_command("decode --recording - < '" + file + "'", from_stdin), 0) << from_stdin;
    EXPECT_NE(from_file.find("<< CHAP Challenge id=65"), std::string::npos) << from_file;
    // The same records; only the name in the closing counts differs.
    const auto records = [](const std::string& out) {  // all but the last line
        return out.substr(0, out.size() < 2 ? 0 : out.rfind('\n', out.size() - 2) + 1);
    };
    EXPECT_EQ(records(from_stdin), records(from_file));
    EXPECT_NE(from_stdin.find("standard input: pppd-log, "), std::string::npos) << from_stdin;
}

// A pipe cannot be rewound: the 8 KiB read to tell the format are replayed, then the rest follows.
TEST(SuitesDecodeCommand, ARecordingThroughAPipeLosesNothingPastWhatWasReadToTellItsFormat) {
    std::string big;
    for (int i = 0; i < 400; ++i) big += "sent [LCP EchoReq id=0x" + std::to_string(i % 10) + " magic=0x11223344]\n";
    ASSERT_GT(big.size(), 8192U);
    const std::string path = ::testing::TempDir() + "decode-big.log";
    std::ofstream(path) << big;
    const std::string command = "cat '" + path + "' | '" + std::string(PPP_CONFORM_BIN) + "' decode --recording - 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) out += buffer.data();
    EXPECT_EQ(pclose(pipe), 0) << out;
    EXPECT_NE(out.find("#400 (line 400) >> LCP EchoReq id=9"), std::string::npos) << out;
    EXPECT_NE(out.find("standard input: pppd-log, 400 lines, 400 recognised, 0 skipped"), std::string::npos) << out;
}

TEST(SuitesDecodeCommand, ARecordingOfNoKnownFormatExitsTwoWithOneLine) {
    const std::string path = ::testing::TempDir() + "decode-junk.bin";
    {
        std::ofstream junk(path, std::ios::binary);
        for (int i = 0; i < 4096; ++i) junk.put(static_cast<char>((i * 37) & 0xFF));
    }
    std::string output;
    EXPECT_EQ(run_command("decode --recording '" + path + "'", output), 2) << output;
    EXPECT_NE(output.find("no line of its first 8 KiB is of a known format (accepted: a pppd debug log"),
              std::string::npos)
        << output;
    EXPECT_EQ(run_command("decode --recording /nonexistent/r.log", output), 2) << output;
    EXPECT_NE(output.find("--recording /nonexistent/r.log cannot be read"), std::string::npos) << output;
    EXPECT_EQ(run_command("decode --recording '" + path + "' --pcap x.pcap", output), 2) << output;
    EXPECT_NE(output.find("given together"), std::string::npos) << output;
}

TEST(SuitesDecodeCommand, BundledExamplesDecodeCleanly) {
    std::string output;
    EXPECT_EQ(run_command(std::string("decode < '") + PPP_SOURCE_DIR + "/examples/frames.hex'", output), 0)
        << output;
    EXPECT_EQ(output.find("malformed"), std::string::npos) << output;
}

// A pcapng holding a B-channel (DLT 204) and a D-channel (DLT 203), which libpcap refuses
// (issue #16): each packet decodes by its own interface's link type.
ppp::wire::Bytes b_and_d_pcapng() {
    const ppp::wire::Bytes conf_req{0x01, 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04};
    const ppp::wire::Bytes conf_ack{0x00, 0xff, 0x03, 0xc0, 0x21, 0x02, 0x01, 0x00, 0x04};
    const ppp::wire::Bytes setup{0x00, 0x01, 0x00, 0x01, 0x08, 0x01, 0x01, 0x05, 0x04, 0x02, 0x88, 0x90};
    return ppp::testing::PcapngBuilder()
        .section()
        .interface(204, std::nullopt, "bri0:1")
        .interface(203, std::nullopt, "bri0")
        .enhanced(1, 1'000'000, setup, 1u)  // epb_flags inbound
        .enhanced(0, 2'000'000, conf_req)
        .enhanced(0, 3'000'000, conf_ack)
        .bytes();
}

std::string write_file(const std::string& name, const ppp::wire::Bytes& bytes) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
}

TEST(SuitesDecodeCommand, APcapngWithBAndDChannelsDecodesEachByItsLinkType) {
    const std::string path = write_file("decode-bd.pcapng", b_and_d_pcapng());
    std::string output;
    EXPECT_EQ(run_command("decode --pcap '" + path + "'", output), 0) << output;
    EXPECT_NE(output.find("<< Q.931 SETUP"), std::string::npos) << output;
    EXPECT_NE(output.find("LCP ConfReq id=1"), std::string::npos) << output;
    EXPECT_NE(output.find("LCP ConfAck id=1"), std::string::npos) << output;
    std::remove(path.c_str());
}

TEST(SuitesDecodeCommand, ATruncatedPcapngDecodesItsPacketsThenNotesTheCut) {
    const ppp::wire::Bytes whole = b_and_d_pcapng();
    const std::string path = write_file("decode-cut.pcapng", ppp::wire::Bytes(whole.begin(), whole.end() - 6));
    std::string output;
    EXPECT_EQ(run_command("decode --pcap '" + path + "'", output), 0) << output;
    EXPECT_NE(output.find("LCP ConfReq id=1"), std::string::npos) << output;
    EXPECT_EQ(output.find("ConfAck"), std::string::npos) << output;
    EXPECT_NE(output.find("ppp-conform decode: note: " + path + ": truncated at offset "), std::string::npos)
        << output;

    // Cut inside its first block: nothing could be read.
    const std::string head = write_file("decode-head.pcapng", ppp::wire::Bytes(whole.begin(), whole.begin() + 20));
    EXPECT_EQ(run_command("decode --pcap '" + head + "'", output), 2) << output;
    EXPECT_NE(output.find(head + ": truncated at offset 0"), std::string::npos) << output;
    std::remove(path.c_str());
    std::remove(head.c_str());
}

TEST(SuitesDecodeCommand, NotACaptureExitsTwoNamingWhatIsAccepted) {
    const std::string path = write_file("decode-text.pcap", {'h', 'e', 'l', 'l', 'o', '\n'});
    std::string output;
    EXPECT_EQ(run_command("decode --pcap '" + path + "'", output), 2) << output;
    EXPECT_NE(output.find(path + " is not a capture: it starts 68 65 6c 6c (accepted: pcap"), std::string::npos)
        << output;
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
    std::remove(path.c_str());
}

#endif

}  // namespace
