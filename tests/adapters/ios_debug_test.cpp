// The IOS debug reader against the seed article's transcript (tests/data/recordings, copied
// byte for byte with its en dashes and ellipses) and the debug wordings of SPEC OBS-03..08 and
// section 17 OBS-05: packets rebuilt from the hex IOS prints, Q.931 messages from their IE lines,
// DDR and link events, `show dialer`, stamps and their rollover, prompts, secrets, garbage.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "adapters/recording_helpers.hpp"
#include "ppp/adapters/ios_debug.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/q931.hpp"

namespace {

using namespace recording_test;
using ppp::wire::Bytes;
namespace wire = ppp::wire;
namespace proto = ppp::wire::proto;
using rec::CallEvent;
using rec::CallEventKind;
using rec::IosDebugReader;
using rec::RebuiltPacket;

Read read(const std::string& text) { return read_text<IosDebugReader>(text, "r1.txt"); }

const CallEvent& event(const rec::Record& r) { return std::get<CallEvent>(r.body); }
const RebuiltPacket& packet(const rec::Record& r) { return std::get<RebuiltPacket>(r.body); }

TEST(AdaptersIosDebug, SeedTranscriptGivesTheCallbackSequence) {
    const auto r = read(data_file("seed-r2-callback-ios.txt"));
    EXPECT_TRUE(accounted(r.stats));
    EXPECT_EQ(r.stats.skipped, r.stats.blank) << "every non-blank line of the transcript is recognised";
    const auto events = with_body<CallEvent>(r.records);
    std::vector<CallEventKind> kinds;
    for (const auto* e : events) kinds.push_back(event(*e).kind);
    const std::vector<CallEventKind> expected{
        CallEventKind::DialCause,          CallEventKind::DialAttempt,      CallEventKind::LinkUp,
        CallEventKind::CallbackNegotiated, CallEventKind::Disconnecting,    CallEventKind::Connected,
        CallEventKind::LinkDown,           CallEventKind::CallbackClientCreated, CallEventKind::Disconnecting,
        CallEventKind::LinkUp,             CallEventKind::CallbackReceived, CallEventKind::CallbackFreed,
        CallEventKind::DialerProtocolUp,   CallEventKind::LineProtocolUp};
    EXPECT_EQ(kinds, expected);
    ASSERT_EQ(events.size(), expected.size());

    // Addresses cut out of the pasted text stay empty, never guessed.
    EXPECT_EQ(event(*events[0]).protocol, "ip");
    EXPECT_EQ(event(*events[0]).source_address, "");
    EXPECT_EQ(event(*events[0]).destination_address, "");
    EXPECT_EQ(events[0]->interface, "BR0");
    EXPECT_EQ(event(*events[1]).number, "5557777");
    EXPECT_EQ(events[2]->interface, "BRI0:1");
    EXPECT_EQ(events[2]->channel, 1);
    EXPECT_EQ(events[3]->channel, 1) << "`BR0:1 DDR: Callback negotiated – Disconnecting now` (en dash)";
    EXPECT_EQ(event(*events[5]).number, "5557777");
    EXPECT_EQ(event(*events[5]).name, "R1");
    EXPECT_EQ(event(*events[7]).name, "R1");
    EXPECT_EQ(event(*events[7]).number, "5557777");
    EXPECT_EQ(event(*events[10]).name, "R1");

    // 02:45:42 to 02:45:57: the enable-timeout of 15 s, whole seconds.
    ASSERT_TRUE(events[7]->time && events[10]->time);
    EXPECT_EQ(events[7]->time->ms, 2 * 3'600'000 + 45 * 60'000 + 42'000);
    EXPECT_EQ(events[10]->time->ms - events[7]->time->ms, 15'000);
    EXPECT_EQ(events[10]->time->resolution_ms, 1000);
    EXPECT_EQ(events[10]->time->clock, rec::ClockKind::DayTime);
    EXPECT_EQ(events[0]->source.file, "r1.txt");
    EXPECT_EQ(events[0]->source.line, 5U);

    // R1's `show dialer` (OBS-08): two sections.
    const auto shows = with_body<rec::DialerShow>(r.records);
    ASSERT_EQ(shows.size(), 2U);
    const auto& bri = std::get<rec::DialerShow>(shows[0]->body);
    EXPECT_EQ(bri.interface, "BRI0");
    EXPECT_EQ(bri.dialer_type, "ISDN");
    ASSERT_EQ(bri.dial_strings.size(), 1U);
    EXPECT_EQ(bri.dial_strings[0].number, "5558888");
    EXPECT_EQ(bri.dial_strings[0].successes, 2);
    EXPECT_EQ(bri.dial_strings[0].failures, 4);
    EXPECT_EQ(bri.dial_strings[0].last_called, "00:00:20");
    EXPECT_EQ(bri.dial_strings[0].last_called_s, 20);
    EXPECT_EQ(bri.dial_strings[0].last_status, "successful");
    EXPECT_EQ(bri.screened_calls, 0);
    EXPECT_EQ(bri.rejected_for_callback, 0);
    const auto& channel = std::get<rec::DialerShow>(shows[1]->body);
    EXPECT_EQ(shows[1]->channel, 1);
    EXPECT_EQ(channel.idle_timer_s, 120);
    EXPECT_EQ(channel.fast_idle_s, 20);
    EXPECT_EQ(channel.wait_for_carrier_s, 30);
    EXPECT_EQ(channel.re_enable_s, 15);
    EXPECT_EQ(channel.dialer_state, "data link layer up");
    EXPECT_EQ(channel.dial_reason, "Callback return call");
    EXPECT_EQ(channel.time_until_disconnect_s, 99);
    EXPECT_EQ(channel.connected_number, "5558888");
    EXPECT_EQ(channel.connected_name, "R2");
    EXPECT_EQ(shows[1]->source.last_line - shows[1]->source.line, 12U);
}

// Last DNIS as IOS prints it: hh:mm:ss is read in seconds; `never` and the `1d02h` form past a
// day are kept as text only.
TEST(AdaptersIosDebug, LastDnisIsReadInSecondsWhenPrintedAsAClock) {
    for (const auto& [text, seconds] : std::vector<std::pair<std::string, std::optional<std::int64_t>>>{
             {"01:02:03", 3723}, {"00:00:00", 0}, {"never", std::nullopt}, {"1d02h", std::nullopt}, {"00:61:00", std::nullopt}}) {
        const auto r = rec::parse_show_dialer("BRI0 - dialer type = ISDN\n\nDial String      Successes   Failures    Last DNIS   Last status\n"
                                              "5558888                  1          0 " + text + "    successful\n");
        ASSERT_EQ(r.size(), 1U) << text;
        ASSERT_EQ(r[0].dial_strings.size(), 1U) << text;
        EXPECT_EQ(r[0].dial_strings[0].last_called, text);
        EXPECT_EQ(r[0].dial_strings[0].last_called_s, seconds) << text;
    }
}

TEST(AdaptersIosDebug, CrlfAndIndentedPasteReadTheSame) {
    std::string text = data_file("seed-r2-callback-ios.txt");
    std::string crlf;
    for (const char c : text) {
        if (c == '\n') crlf += "  \r\n";
        else crlf += c;
    }
    const auto a = read(text), b = read("   " + crlf);
    ASSERT_EQ(a.records.size(), b.records.size());
    for (std::size_t i = 0; i < a.records.size(); ++i) {
        EXPECT_EQ(a.records[i].body.index(), b.records[i].body.index()) << i;
        EXPECT_EQ(a.records[i].time.has_value(), b.records[i].time.has_value()) << i;
    }
}

constexpr const char* kClassicNegotiation =
    "*Mar  1 00:01:02.123: BR0:1 PPP: Phase is ESTABLISHING, Active Open\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP: O CONFREQ [Closed] id 1 len 18\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    MagicNumber 0x1234ABCD (0x05061234ABCD)\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    CallbackOpt 0 (0x0D0300)\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP: I CONFREJ [REQsent] id 1 len 7\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP:    CallbackOpt 0 (0x0D0300)\n"
    "*Mar  1 00:01:02.139: BR0:1 LCP: State is Open\n"
    "*Mar  1 00:01:02.139: BR0:1 PPP: Phase is AUTHENTICATING, by both\n"
    "*Mar  1 00:01:02.143: BR0:1 CHAP: O CHALLENGE id 1 len 23 from \"R1\"\n"
    "*Mar  1 00:01:02.171: BR0:1 CHAP: I RESPONSE id 1 len 23 from \"R2\"\n"
    "*Mar  1 00:01:02.175: BR0:1 CHAP: O SUCCESS id 1 len 4\n"
    "*Mar  1 00:01:02.179: BR0:1 LCP: O TERMREQ [Open] id 2 len 4\n"
    "*Mar  1 00:01:02.183: BR0:1 LCP: I TERMACK [TERMsent] id 2 len 4\n";

TEST(AdaptersIosDebug, ClassicNegotiationRebuildsPacketsFromTheHex) {
    const auto r = read(kClassicNegotiation);
    EXPECT_EQ(r.stats.recognised, 14U);
    EXPECT_EQ(r.stats.skipped, 0U);
    const auto packets = with_body<RebuiltPacket>(r.records);
    ASSERT_EQ(packets.size(), 7U);

    const auto& confreq = packet(*packets[0]);
    EXPECT_EQ(packets[0]->side, rec::Side::Recorder);
    EXPECT_EQ(packets[0]->channel, 1);
    EXPECT_EQ(confreq.fsm_state, "Closed");
    EXPECT_EQ(confreq.octets, hex("01 01 00 12 03 05 c2 23 05 05 06 12 34 ab cd 0d 03 00"));
    EXPECT_TRUE(confreq.complete());
    const auto lcp = std::get<wire::LcpPacket>(*rec::decode_complete(confreq));
    ASSERT_EQ(lcp.options.size(), 3U);
    EXPECT_EQ(std::get<wire::AuthProtocol>(lcp.options[0]).protocol, proto::kChap);
    EXPECT_EQ(std::get<wire::MagicNumber>(lcp.options[1]).value, 0x1234ABCDU);
    EXPECT_EQ(std::get<wire::Callback>(lcp.options[2]).operation, 0);  // RFC 1570 op 0
    EXPECT_EQ(packets[0]->source.line, 2U);
    EXPECT_EQ(packets[0]->source.last_line, 5U);
    ASSERT_TRUE(packets[0]->time);
    EXPECT_EQ(packets[0]->time->ms, 62'123);
    EXPECT_EQ(packets[0]->time->resolution_ms, 1);

    EXPECT_EQ(packets[1]->side, rec::Side::Peer);
    EXPECT_EQ(packet(*packets[1]).octets, hex("04 01 00 07 0d 03 00"));
    EXPECT_EQ(packet(*packets[1]).fsm_state, "REQsent");

    // CHAP: IOS prints the name, not the value: Value-Size follows from len, the value is unknown.
    const auto& challenge = packet(*packets[2]);
    EXPECT_EQ(challenge.protocol, proto::kChap);
    EXPECT_EQ(challenge.length, 23U);
    ASSERT_EQ(challenge.octets.size(), 23U);
    EXPECT_EQ(challenge.octets[4], 16);
    ASSERT_EQ(challenge.unknown.size(), 1U);
    EXPECT_EQ(challenge.unknown[0], (rec::OctetRange{5, 16}));
    EXPECT_FALSE(challenge.complete());
    EXPECT_TRUE(challenge.known(21, 2));
    EXPECT_EQ(wire::decode_chap(challenge.octets).value().name, hex("52 31"));
    EXPECT_EQ(packet(*packets[4]).octets, hex("03 01 00 04"));
    EXPECT_TRUE(packet(*packets[4]).complete());
    EXPECT_EQ(packet(*packets[5]).octets, hex("05 02 00 04"));
    EXPECT_EQ(packet(*packets[6]).fsm_state, "TERMsent");

    const auto states = with_body<rec::StateChange>(r.records);
    ASSERT_EQ(states.size(), 3U);
    const auto& phase = std::get<rec::StateChange>(states[2]->body);
    EXPECT_EQ(phase.kind, rec::StateChange::Kind::Phase);
    EXPECT_EQ(phase.to, "AUTHENTICATING");
    EXPECT_EQ(phase.detail, "by both");
    EXPECT_EQ(std::get<rec::StateChange>(states[1]->body).to, "Open");
}

TEST(AdaptersIosDebug, OptionLinesShortOfLenLeaveThePacketTruncated) {
    const auto r = read(
        "BR0:1 LCP: O CONFREQ [Closed] id 1 len 18\n"
        "BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
        "BR0:1 LCP: I CONFREQ [REQsent] id 9 len 13\n"
        "BR0:1 LCP:    AuthProto CHAP\n"
        "BR0:1 LCP:    MagicNumber 0x1234ABCD (0x05061234ABCD)\n"
        "BR0:1 LCP: I TERMREQ [Open] id 3 len 16\n"
        "BR0:1 PAP: I AUTH-REQ id 4 len 14 from \"R2\"\n");
    const auto packets = with_body<RebuiltPacket>(r.records);
    ASSERT_EQ(packets.size(), 4U);
    EXPECT_TRUE(packet(*packets[0]).truncated);
    EXPECT_EQ(packet(*packets[0]).length, 18U);
    EXPECT_EQ(packet(*packets[0]).octets, hex("01 01 00 12 03 05 c2 23 05"));
    EXPECT_TRUE(packet(*packets[1]).truncated) << "an option line without its hex";
    EXPECT_TRUE(packet(*packets[2]).truncated) << "Terminate data IOS does not print";
    EXPECT_EQ(packet(*packets[2]).octets, hex("05 03 00 10"));
    // PAP: the password's length follows from len; its octets are never in the record.
    const auto& pap = packet(*packets[3]);
    EXPECT_EQ(pap.octets.size(), 14U);
    EXPECT_EQ(pap.octets[7], 6);
    EXPECT_EQ(pap.unknown.at(0), (rec::OctetRange{8, 6}));
}

TEST(AdaptersIosDebug, IosXeWordingAndStateTransitions) {
    const auto r = read(
        "*Dec  3 21:04:05.001: Vi2 LCP: Event[OPEN] State[Initial to Starting]\n"
        "*Dec  3 21:04:05.002: PPP: Vi2 LCP: O CONFREQ [Stopped] id 1 len 10\n"
        "*Dec  3 21:04:05.002: Vi2 LCP:    MagicNumber 0x1234ABCD (0x05061234ABCD)\n"
        "*Dec  3 21:04:05.010: Vi2 LCP: I CONFREQ [REQsent] id 7 len 15\n"
        "*Dec  3 21:04:05.010: Vi2 LCP:    AuthProto CHAP (0x0305C22305)\n"
        "*Dec  3 21:04:05.010: Vi2 LCP:    MagicNumber 0x0A0B0C0D (0x05060A0B0C0D)\n"
        "*Dec  3 21:04:05.010: Vi2 LCP: Event[Receive ConfReq+] State[REQsent to ACKsent]\n"
        "*Dec  3 21:04:05.020: Se0/0 PPP: Phase is FORWARDING, Attempting Forward\n");
    EXPECT_EQ(r.stats.skipped, 0U);
    const auto packets = with_body<RebuiltPacket>(r.records);
    ASSERT_EQ(packets.size(), 2U);
    EXPECT_EQ(packets[0]->interface, "Vi2");
    EXPECT_EQ(packets[0]->channel, 0);
    EXPECT_EQ(packet(*packets[0]).fsm_state, "Stopped");
    EXPECT_EQ(packet(*packets[0]).octets, hex("01 01 00 0a 05 06 12 34 ab cd"));
    EXPECT_TRUE(packet(*packets[1]).complete());
    const auto states = with_body<rec::StateChange>(r.records);
    ASSERT_EQ(states.size(), 3U);
    const auto& t = std::get<rec::StateChange>(states[1]->body);
    EXPECT_EQ(t.kind, rec::StateChange::Kind::Transition);
    EXPECT_EQ(t.event, "Receive ConfReq+");
    EXPECT_EQ(t.from, "REQsent");
    EXPECT_EQ(t.to, "ACKsent");
    EXPECT_EQ(states[2]->interface, "Se0/0");
    EXPECT_EQ(std::get<rec::StateChange>(states[2]->body).to, "FORWARDING");
}

constexpr const char* kQ931 =
    "ISDN BR0: TX ->  SETUP pd = 8  callref = 0x2E\n"
    "        Bearer Capability i = 0x8890\n"
    "        Channel ID i = 0x83\n"
    "        Called Party Number i = 0x80, '5557777'\n"
    "ISDN BR0: RX <-  CALL_PROC pd = 8  callref = 0xAE\n"
    "        Channel ID i = 0x89\n"
    "ISDN BR0: RX <-  DISCONNECT pd = 8  callref = 0xAE\n"
    "        Cause i = 0x8290 - Normal call clearing\n"
    "ISDN BR0: TX ->  RELEASE pd = 8  callref = 0x2E\n"
    "ISDN BR0: RX <-  RELEASE_COMP pd = 8  callref = 0xAE\n";

TEST(AdaptersIosDebug, Q931MessagesFromTheirIeLines) {
    const auto r = read(kQ931);
    EXPECT_EQ(r.stats.recognised, 10U);
    const auto messages = with_body<rec::Q931Record>(r.records);
    ASSERT_EQ(messages.size(), 5U);
    const auto& setup = std::get<rec::Q931Record>(messages[0]->body);
    EXPECT_TRUE(setup.complete());
    EXPECT_EQ(messages[0]->side, rec::Side::Recorder);
    EXPECT_EQ(messages[0]->interface, "BR0");
    EXPECT_EQ(setup.octets, hex("08 01 2e 05 04 02 88 90 18 01 83 70 08 80 35 35 35 37 37 37 37"));
    EXPECT_EQ(setup.message.kind(), wire::Q931Type::Setup);
    EXPECT_FALSE(setup.message.from_destination);
    EXPECT_EQ(setup.message.call_reference, 0x2E);
    ASSERT_TRUE(setup.message.bearer && setup.message.channel && setup.message.called);
    EXPECT_EQ(setup.message.bearer->octets, hex("88 90"));
    EXPECT_EQ(setup.message.channel->channel, 3);  // any
    EXPECT_EQ(setup.message.called->digits, "5557777");
    EXPECT_EQ(wire::decode_q931(setup.octets).value(), setup.message);

    const auto& proceeding = std::get<rec::Q931Record>(messages[1]->body);
    EXPECT_EQ(messages[1]->side, rec::Side::Peer);
    EXPECT_TRUE(proceeding.message.from_destination) << "0xAE: flag set, value 0x2E";
    EXPECT_EQ(proceeding.message.call_reference, 0x2E);
    EXPECT_EQ(proceeding.message.channel->channel, 1);
    EXPECT_TRUE(proceeding.message.channel->exclusive);
    const auto& disconnect = std::get<rec::Q931Record>(messages[2]->body);
    ASSERT_TRUE(disconnect.message.cause);
    EXPECT_EQ(disconnect.message.cause->location, 2);
    EXPECT_EQ(disconnect.message.cause->value, wire::cause::kNormalClearing);
    EXPECT_EQ(std::get<rec::Q931Record>(messages[4]->body).message.kind(), wire::Q931Type::ReleaseComplete);
}

TEST(AdaptersIosDebug, Q931IesNotRebuiltMakeTheMessageIncomplete) {
    const auto r = read(
        "ISDN BR0: RX <-  SETUP pd = 8  callref = 0x01\n"
        "        Bearer Capability i = 0x8890\n"
        "        Facility i = 0x9F8B0100A10F02010106072A8648CE1500040A0100\n"
        "        Calling Party Number i = 0x2181, '5558888', Plan:ISDN, Type:National\n"
        "ISDN BR0: RX <-  SETUP pd = 9  callref = 0x8001\n");
    const auto messages = with_body<rec::Q931Record>(r.records);
    ASSERT_EQ(messages.size(), 2U);
    const auto& first = std::get<rec::Q931Record>(messages[0]->body);
    EXPECT_FALSE(first.complete());
    EXPECT_EQ(first.unrebuilt.size(), 1U);
    ASSERT_TRUE(first.message.calling);
    EXPECT_EQ(first.message.calling->digits, "5558888");
    EXPECT_EQ(first.message.calling->presentation, 0x81);
    const auto& second = std::get<rec::Q931Record>(messages[1]->body);
    EXPECT_EQ(second.unrebuilt.size(), 2U) << "protocol discriminator 9 and a two-octet call reference";
}

TEST(AdaptersIosDebug, ReferenceSimulateOutputNamesTheRouterOfEachLine) {
    // `ppp-conform simulate suites/scenarios/callback/callback.scn`, two routers interleaved.
    const auto r = read(
        "R2 00:00:00.000: ISDN BR0: TX ->  SETUP pd = 8  callref = 0x01\n"
        "R2 00:00:00.000:         Bearer Capability i = 0x8890\n"
        "R2 00:00:00.000:         Channel ID i = 0x83\n"
        "R2 00:00:00.000:         Calling Party Number i = 0x00, '5558888'\n"
        "R2 00:00:00.000:         Called Party Number i = 0x80, '5557777'\n"
        "R1 00:00:00.020: BR0:1 LCP: O CONFREQ [Closed] id 1 len 15\n"
        "R1 00:00:00.020: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
        "R2 00:00:00.020: BR0:1 LCP:    MagicNumber 0x03317BB4 (0x050603317BB4)\n"
        "R1 00:00:00.020: BR0:1 LCP:    MagicNumber 0x1CC152E4 (0x05061CC152E4)\n");
    ASSERT_EQ(r.records.size(), 4U);
    EXPECT_EQ(r.records[0].recorder, "R2");
    EXPECT_EQ(r.records[0].time->ms, 0);
    const auto& setup = std::get<rec::Q931Record>(r.records[0].body);
    // Octet 3 0x00 says octet 3a follows, and the line does not print it: not guessed.
    ASSERT_EQ(setup.unrebuilt.size(), 1U);
    EXPECT_NE(setup.unrebuilt[0].find("Calling Party Number"), std::string::npos);
    EXPECT_EQ(setup.message.called->digits, "5557777");
    // R2's option line is not R1's packet's: it ends R1's packet, which stays short of len, and
    // the option lines that follow no packet of their router are kept as notes, not attached.
    EXPECT_EQ(r.records[1].recorder, "R1");
    EXPECT_TRUE(packet(r.records[1]).truncated);
    EXPECT_EQ(packet(r.records[1]).octets, hex("01 01 00 0f 03 05 c2 23 05"));
    EXPECT_TRUE(std::holds_alternative<rec::Note>(r.records[2].body));
    EXPECT_EQ(r.records[2].recorder, "R2");
    EXPECT_TRUE(std::holds_alternative<rec::Note>(r.records[3].body));
    EXPECT_EQ(r.stats.skipped, 0U);
}

TEST(AdaptersIosDebug, SyslogEventsCarryTheirFields) {
    const auto r = read(
        "%ISDN-6-LAYER2UP: Layer 2 for Interface BR0, TEI 64 changed to up\n"
        "%ISDN-6-DISCONNECT: Interface BRI0:2  disconnected from 5558888 R2, call lasted 12 seconds\n"
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:2, changed state to down\n"
        "%SYS-5-CONFIG_I: Configured from console by console\n"
        "BR0 DDR: call to 5557777 failed, cause 17 (User busy)\n"
        "BRI0: Dialing cause ip (s=192.0.2.2, d=192.0.2.1)\n"
        "BR0 DDR: beginning callback to R2 5558888\n"
        "BR0:1 DDR: idle timeout\n");
    EXPECT_EQ(r.stats.skipped, 0U);
    ASSERT_EQ(r.records.size(), 8U);
    EXPECT_EQ(event(r.records[0]).kind, CallEventKind::Layer2Up);
    EXPECT_EQ(r.records[0].interface, "BR0");
    const auto& disconnected = event(r.records[1]);
    EXPECT_EQ(disconnected.kind, CallEventKind::Disconnected);
    EXPECT_EQ(disconnected.number, "5558888");
    EXPECT_EQ(disconnected.name, "R2");
    EXPECT_EQ(disconnected.call_seconds, 12);
    EXPECT_EQ(r.records[1].channel, 2);
    EXPECT_EQ(event(r.records[2]).kind, CallEventKind::LineProtocolDown);
    EXPECT_TRUE(std::holds_alternative<rec::Note>(r.records[3].body));
    EXPECT_EQ(event(r.records[4]).kind, CallEventKind::DialFailed);
    EXPECT_EQ(event(r.records[4]).cause, wire::cause::kUserBusy);
    EXPECT_EQ(event(r.records[5]).source_address, "192.0.2.2");
    EXPECT_EQ(event(r.records[5]).destination_address, "192.0.2.1");
    EXPECT_EQ(r.records[5].interface, "BRI0");
    EXPECT_EQ(event(r.records[6]).kind, CallEventKind::CallbackStarting);
    EXPECT_EQ(event(r.records[6]).name, "R2");
    EXPECT_EQ(event(r.records[6]).number, "5558888");
    EXPECT_EQ(event(r.records[7]).kind, CallEventKind::IdleTimeout);
}

TEST(AdaptersIosDebug, StampsResolutionAndMidnightRollover) {
    const auto r = read(
        "*Mar  1 23:59:59.900: BR0:1 LCP: State is Open\n"
        "*Mar  2 00:00:00.100: BR0:1 LCP: State is Closed\n"
        ".Mar  2 2026 00:00:01 UTC: BR0 DDR: Attempting to dial 5557777\n"
        "23:59:59: BR0:1 DDR: idle timeout\n"
        "00:00:01: BR0:1 DDR: disconnecting call\n"
        "1d02h: BR0 DDR: Attempting to dial 5557777\n"
        "2w3d: BR0 DDR: Attempting to dial 5557777\n"
        "BR0 DDR: Attempting to dial 5557777\n");
    ASSERT_EQ(r.records.size(), 8U);
    EXPECT_EQ(r.records[0].time->ms, 86'399'900);
    EXPECT_EQ(r.records[1].time->ms, 86'400'100);
    EXPECT_EQ(r.records[1].time->resolution_ms, 1);
    EXPECT_EQ(r.records[2].time->resolution_ms, 1000);
    EXPECT_EQ(r.records[3].time->ms, 86'399'000);
    EXPECT_EQ(r.records[4].time->ms, 86'401'000) << "an earlier clock time is the next day";
    EXPECT_EQ(r.records[4].time->clock, rec::ClockKind::DayTime);
    EXPECT_EQ(r.records[5].time->ms, 26LL * 3'600'000);
    EXPECT_EQ(r.records[5].time->resolution_ms, 3'600'000);
    EXPECT_EQ(r.records[5].time->clock, rec::ClockKind::Uptime);
    EXPECT_EQ(r.records[6].time->ms, 17LL * 86'400'000);
    EXPECT_EQ(r.records[6].time->resolution_ms, 86'400'000);
    EXPECT_FALSE(r.records[7].time);
}

TEST(AdaptersIosDebug, PromptsAndPastedConfigurationAreRedacted) {
    const auto r = read(
        "R1(config)#username R2 password 7 0822455D0A16\n"
        "R1(config)#enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n"
        "R1#show dialer\n");
    ASSERT_EQ(r.records.size(), 3U);
    EXPECT_EQ(r.records[0].text, "R1(config)#username R2 password 7 <redacted>");
    EXPECT_EQ(std::get<rec::Note>(r.records[0].body).message, "R1(config)#username R2 password 7 <redacted>");
    EXPECT_EQ(r.records[1].text, "R1(config)#enable secret 5 <redacted>");
    EXPECT_EQ(r.records[2].text, "R1#show dialer");
}

TEST(AdaptersIosDebug, GarbageIsSkippedAndAFileOfProseIsNotATranscript) {
    std::string text = std::string("\x00\xff\x7f\x1b[31m", 8) + "\n" + std::string(65 * 1024 + 1, 'A') + "\n";
    text += "This is an article about routers.\n";
    const auto r = read(text);
    EXPECT_TRUE(accounted(r.stats));
    EXPECT_EQ(r.stats.recognised, 0U);
    EXPECT_EQ(r.stats.too_long, 1U);
    EXPECT_TRUE(r.records.empty());
    const auto pppd = read(data_file("pppd-2.4.9-cbcp-client.log"));
    EXPECT_EQ(pppd.stats.recognised, 0U) << "a pppd log is not an IOS transcript";
}

// ---- properties -------------------------------------------------------------------------------

std::vector<std::string> corpus_lines() {
    std::vector<std::string> out;
    for (const std::string& text : {data_file("seed-r2-callback-ios.txt"), std::string(kClassicNegotiation), std::string(kQ931)}) {
        std::istringstream in(text);
        for (std::string l; std::getline(in, l);) out.push_back(l);
    }
    return out;
}

RC_GTEST_PROP(AdaptersIosDebug, ArbitraryBytesAreCountedNeverCrash, ()) {
    const auto text = *rc::gen::container<std::string>(rc::gen::arbitrary<char>());
    std::istringstream in(text);
    IosDebugReader reader(in, "fuzz");
    std::size_t records = 0;
    while (reader.next()) ++records;
    RC_ASSERT(accounted(reader.stats()));
    RC_ASSERT(reader.stats().records == records);
}

RC_GTEST_PROP(AdaptersIosDebug, ShuffledAndMutatedLinesAreAccountedFor, ()) {
    static const std::vector<std::string> lines = corpus_lines();
    auto picked = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(lines));
    std::string text;
    for (auto& line : picked) {
        if (*rc::gen::inRange(0, 3) == 0 && !line.empty()) {
            const auto at = *rc::gen::inRange<std::size_t>(0, line.size());
            switch (*rc::gen::inRange(0, 3)) {
                case 0: line.insert(at, 1, *rc::gen::arbitrary<char>()); break;
                case 1: line.erase(at, 1); break;
                default: line.resize(at); break;
            }
        }
        text += line + "\n";
    }
    std::istringstream in(text);
    IosDebugReader reader(in, "mutated");
    std::size_t records = 0;
    while (auto r = reader.next()) {
        ++records;
        RC_ASSERT(r->source.line >= 1 && r->source.last_line >= r->source.line);
        if (const auto* p = std::get_if<RebuiltPacket>(&r->body)) {
            for (const auto& u : p->unknown) RC_ASSERT(u.offset + u.size <= p->octets.size());
        }
    }
    RC_ASSERT(accounted(reader.stats()));
    RC_ASSERT(reader.stats().records == records);
    RC_ASSERT(reader.stats().lines >= picked.size());
}

}  // namespace

// A caller whose number the router was not given (CLIR) reads `<unknown phone number>` in IOS's
// `Connected to` line: no number, the authenticated name kept.
TEST(AdaptersIosDebug, AnUnknownPhoneNumberIsReadAsNoNumber) {
    for (const std::string& line : {std::string("Connected to <unknown phone number> (R2)"), std::string("Connected to  (R2)")}) {
        const auto r = rec::parse_show_dialer("BRI0:1 - dialer type = ISDN\nDialer state is data link layer up\n" + line + "\n");
        ASSERT_EQ(r.size(), 1U) << line;
        const auto& channel = r[0];
        EXPECT_EQ(channel.connected_number, "") << line;
        EXPECT_EQ(channel.connected_name, "R2") << line;
    }
}
