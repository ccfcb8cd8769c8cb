// What both recording readers share: secret redaction, the format sniffer, the merge of several
// files on one time line, and the packet helpers the oracle reads them through.
#include <gtest/gtest.h>

#include "adapters/recording_helpers.hpp"
#include "ppp/adapters/ios_debug.hpp"
#include "ppp/adapters/pppd_log.hpp"

namespace {

using namespace recording_test;

TEST(AdaptersRecording, RedactsIosAndPppdSecrets) {
    EXPECT_EQ(rec::redact_secrets("username R2 password CCIE"), "username R2 password <redacted>");
    EXPECT_EQ(rec::redact_secrets(" ppp chap password 7 0822455D0A16 "), " ppp chap password 7 <redacted> ");
    EXPECT_EQ(rec::redact_secrets("username R1 secret 0 CCIE"), "username R1 secret 0 <redacted>");
    EXPECT_EQ(rec::redact_secrets("PASSWORD 7"), "PASSWORD <redacted>") << "a lone type digit is the value";
    EXPECT_EQ(rec::redact_secrets("user=\"R2\" password=\"p w\\\"d\"] 00"), "user=\"R2\" password=<redacted>] 00");
    EXPECT_EQ(rec::redact_secrets("password=<hidden>]"), "password=<hidden>]");
    EXPECT_EQ(rec::redact_secrets("passwords are long; nosecret here"), "passwords are long; nosecret here");
    EXPECT_EQ(rec::redact_secrets("no password"), "no password");
    EXPECT_EQ(rec::redact_secrets("a password b password c"), "a password <redacted> password <redacted>");
}

TEST(AdaptersRecording, SniffsTheFormatFromTheFirstLines) {
    EXPECT_EQ(rec::sniff_format(data_file("pppd-2.4.9-cbcp-client.log")), rec::RecordingFormat::PppdLog);
    EXPECT_EQ(rec::sniff_format(data_file("seed-r2-callback-ios.txt")), rec::RecordingFormat::IosDebug);
    EXPECT_EQ(rec::sniff_format("Dec  3 21:04:05 gw pppd[1]: sent [LCP TermAck id=0x2]\n"), rec::RecordingFormat::PppdLog);
    EXPECT_EQ(rec::sniff_format("Lorem ipsum dolor sit amet.\nNothing here.\n"), rec::RecordingFormat::Unknown);
    EXPECT_EQ(rec::sniff_format(std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8)), rec::RecordingFormat::Unknown);
    EXPECT_EQ(rec::sniff_format(""), rec::RecordingFormat::Unknown);
    EXPECT_STREQ(rec::format_name(rec::RecordingFormat::IosDebug), "ios-debug");
    std::istringstream in("x");
    EXPECT_EQ(rec::make_reader(rec::RecordingFormat::Unknown, in, "x"), nullptr);
}

rec::Record stamped(std::int64_t ms, const std::string& text) {
    rec::Record r;
    r.text = text;
    if (ms >= 0) r.time = rec::Stamp{ms, 1, rec::ClockKind::Calendar};
    return r;
}

std::vector<std::string> texts(const std::vector<rec::Record>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.text);
    return out;
}

TEST(AdaptersRecording, MergesFilesByTimeKeepingEachFilesOrder) {
    const std::vector<rec::Record> r1{stamped(0, "a0"), stamped(2000, "a2"), stamped(-1, "a-unstamped"), stamped(5000, "a5")};
    const std::vector<rec::Record> r2{stamped(1000, "b1"), stamped(2000, "b2")};
    EXPECT_EQ(texts(rec::merge_by_time({r1, r2})),
              (std::vector<std::string>{"a0", "b1", "a2", "a-unstamped", "b2", "a5"}));
    // R2's clock runs 10 s behind R1's: the offset puts it on R1's scale.
    EXPECT_EQ(texts(rec::merge_by_time({r1, r2}, {0, 10'000})),
              (std::vector<std::string>{"a0", "a2", "a-unstamped", "a5", "b1", "b2"}));
    EXPECT_TRUE(rec::merge_by_time({}).empty());
}

rec::Record packet(rec::Side side, std::uint16_t protocol, ppp::wire::Bytes octets, bool complete = true) {
    rec::Record r;
    r.side = side;
    rec::RebuiltPacket p;
    p.protocol = protocol;
    p.octets = std::move(octets);
    p.truncated = !complete;
    r.body = p;
    return r;
}

TEST(AdaptersRecording, TheFirstPacketBothEndsLogTiesTwoEndsLogs) {
    using rec::Side;
    const ppp::wire::Bytes req_a{0x01, 0x01, 0x00, 0x0a, 0x05, 0x06, 0x11, 0x22, 0x33, 0x44};
    const ppp::wire::Bytes req_b{0x01, 0x01, 0x00, 0x0a, 0x05, 0x06, 0x55, 0x66, 0x77, 0x88};
    const std::vector<rec::Record> a{stamped(0, "call"), packet(Side::Recorder, 0xc021, req_a), packet(Side::Peer, 0xc021, req_b)};
    // b logs a's request as received (Peer), after its own: the match is on b's order.
    const std::vector<rec::Record> b{packet(Side::Recorder, 0xc021, req_b), packet(Side::Peer, 0xc021, req_a)};
    const auto shared = rec::first_shared_packet(a, b);
    ASSERT_TRUE(shared);
    EXPECT_EQ(shared->a, 2U);
    EXPECT_EQ(shared->b, 0U);
    // The same packet on the same side is a log in parts of one end, not the other end's.
    EXPECT_FALSE(rec::first_shared_packet(a, {packet(Side::Recorder, 0xc021, req_a)}));
    // A packet printed in part proves nothing, nor does another protocol's octets.
    EXPECT_FALSE(rec::first_shared_packet(a, {packet(Side::Peer, 0xc021, req_a, false)}));
    EXPECT_FALSE(rec::first_shared_packet(a, {packet(Side::Peer, 0x8021, req_a)}));
    EXPECT_FALSE(rec::first_shared_packet({}, b));
}

TEST(AdaptersRecording, PacketHelpersKnowWhatIsUnknown) {
    rec::RebuiltPacket p;
    p.protocol = 0xC021;
    p.octets = hex("05 02 00 04");
    p.length = 4;
    EXPECT_TRUE(p.complete());
    EXPECT_TRUE(rec::decode_complete(p));
    EXPECT_FALSE(p.known(3, 2)) << "past the octets";
    p.unknown.push_back(rec::OctetRange{1, 1});
    EXPECT_FALSE(p.identifier());
    EXPECT_EQ(p.code(), 5);
    EXPECT_FALSE(rec::decode_complete(p));
    EXPECT_STREQ(rec::call_event_name(rec::CallEventKind::CallbackClientCreated), "callback-client-created");
    EXPECT_STREQ(rec::side_name(rec::Side::Peer), "peer");
}

}  // namespace
