// The pppd log reader against pppd 2.4.9's own lines (tests/data/recordings: logs the pppd suite
// left, pppd in User-Mode Linux): each packet rebuilt to the octets pppd sent or received and
// read back with the wire decoders, what pppd's text cannot tell marked unknown, stamps, secrets,
// and garbage.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdio>

#include "adapters/recording_helpers.hpp"
#include "ppp/adapters/pppd_log.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"

namespace {

using namespace recording_test;
using ppp::wire::Bytes;
namespace wire = ppp::wire;
namespace proto = ppp::wire::proto;
using rec::PppdLogReader;
using rec::RebuiltPacket;

RebuiltPacket rebuild(const std::string& text) {
    auto p = rec::rebuild_pppd_packet(text);
    EXPECT_TRUE(p) << text;
    return p ? *p : RebuiltPacket{};
}

template <class Packet>
Packet decoded(const RebuiltPacket& p) {
    auto payload = rec::decode_complete(p);
    EXPECT_TRUE(payload) << "not complete or not decodable";
    if (!payload || !std::holds_alternative<Packet>(*payload)) {
        ADD_FAILURE() << "decoded to another protocol";
        return Packet{};
    }
    return std::get<Packet>(*payload);
}

// The invariants every rebuilt packet keeps, whatever text it came from.
void expect_well_formed(const RebuiltPacket& p) {
    for (const auto& u : p.unknown) EXPECT_LE(u.offset + u.size, p.octets.size());
    if (p.complete()) {
        ASSERT_TRUE(p.length);
        ASSERT_GE(p.octets.size(), *p.length);
        if (p.octets.size() >= 4 && p.protocol != proto::kIp) {
            EXPECT_EQ(std::size_t{p.octets[2]} * 256 + p.octets[3], *p.length);
        }
    }
}

TEST(AdaptersPppdLog, ConfReqWithCbcpCallbackRebuildsItsOctets) {
    const auto p = rebuild("[LCP ConfReq id=0x1 <asyncmap 0x0> <callback CBCP> <magic 0xc3a4c73b> <pcomp> <accomp>]");
    EXPECT_EQ(p.protocol, proto::kLcp);
    EXPECT_EQ(p.octets, hex("01 01 00 17 02 06 00 00 00 00 0d 03 06 05 06 c3 a4 c7 3b 07 02 08 02"));
    EXPECT_TRUE(p.complete());
    EXPECT_EQ(p.length, 23U);
    const auto lcp = decoded<wire::LcpPacket>(p);
    ASSERT_EQ(lcp.options.size(), 5U);
    EXPECT_EQ(std::get<wire::Callback>(lcp.options[1]).operation, 6);  // RFC 1570 op 6 = CBCP
    EXPECT_EQ(std::get<wire::MagicNumber>(lcp.options[2]).value, 0xc3a4c73bU);
}

TEST(AdaptersPppdLog, OptionsPrintedAsRawOctetsAndValuesWithTails) {
    // lcp_printpkt prints an unknown type (MRRU here would be named; 0x11 with a bad length is
    // not) as its octets, type and length included; a Callback message follows its operation.
    const auto p = rebuild("[LCP ConfReq id=0x5 <mru 1500> < 20 04 05 dc> <auth chap MD5> <callback 0x2 35 35 35 37>]");
    EXPECT_EQ(p.octets, hex("01 05 00 18 01 04 05 dc 20 04 05 dc 03 05 c2 23 05 0d 07 02 35 35 35 37"));
    const auto lcp = decoded<wire::LcpPacket>(p);
    ASSERT_EQ(lcp.options.size(), 4U);
    EXPECT_EQ(std::get<wire::Mru>(lcp.options[0]).value, 1500);
    EXPECT_EQ(std::get<wire::RawOption>(lcp.options[1]).type, 0x20);
    EXPECT_EQ(std::get<wire::AuthProtocol>(lcp.options[2]).protocol, proto::kChap);
    EXPECT_EQ(std::get<wire::AuthProtocol>(lcp.options[2]).data, Bytes{wire::kChapMd5});
    EXPECT_EQ(std::get<wire::Callback>(lcp.options[3]).message, hex("35 35 35 37"));
}

TEST(AdaptersPppdLog, RejectedDialStringCallbackFromARealLog) {
    const auto p = rebuild("[LCP ConfRej id=0x1 <callback 0x2 35 35 35 37 37 37 37>]");
    EXPECT_EQ(p.octets, hex("04 01 00 0e 0d 0a 02 35 35 35 37 37 37 37"));
    const auto lcp = decoded<wire::LcpPacket>(p);
    EXPECT_EQ(std::get<wire::Callback>(lcp.options.at(0)).operation, 2);
}

TEST(AdaptersPppdLog, TermReqCodeRejProtRejAndUnknownCodes) {
    const std::string why = "Call me back, please";
    EXPECT_EQ(decoded<wire::LcpPacket>(rebuild("[LCP TermReq id=0x2 \"Call me back, please\"]")).data,
              Bytes(why.begin(), why.end()));
    const auto code_rej = decoded<wire::LcpPacket>(rebuild("[LCP CodeRej id=0x2 2a a0 00 06 de ad]"));
    EXPECT_EQ(code_rej.code, 7);
    EXPECT_EQ(code_rej.data, hex("2a a0 00 06 de ad"));
    const auto prot_rej = decoded<wire::LcpPacket>(rebuild("[LCP ProtRej id=0x2 c0 29 01 a0 00 09 02 05 00 01 00]"));
    EXPECT_EQ(prot_rej.rejected_protocol, proto::kCbcp);
    const auto unknown = rebuild("[LCP code=0x2a id=0xa0 de ad]");
    EXPECT_EQ(unknown.octets, hex("2a a0 00 06 de ad"));
    EXPECT_TRUE(unknown.complete());
    // Escapes of print_string come back as the octets.
    EXPECT_EQ(rebuild("[LCP TermAck id=0x3 \"a\\\"b\\\\c\\n\\001\"]").octets, hex("06 03 00 0b 61 22 62 5c 63 0a 01"));
}

TEST(AdaptersPppdLog, DataCutAfter32OctetsIsTruncatedNotGuessed) {
    std::string text = "[LCP EchoReq id=0x7 magic=0x11223344";
    for (int i = 0; i < 32; ++i) {
        char b[4];
        std::snprintf(b, sizeof b, " %02x", i);
        text += b;
    }
    text += " ...]";
    const auto p = rebuild(text);
    EXPECT_TRUE(p.truncated);
    EXPECT_FALSE(p.complete());
    EXPECT_FALSE(p.length);
    EXPECT_EQ(p.octets.size(), 4U + 4U + 32U);
    EXPECT_FALSE(p.known(2, 2)) << "Length is not printed and the data was cut";
    EXPECT_TRUE(p.known(4, 36));
    EXPECT_EQ(p.code(), 9);
    EXPECT_EQ(p.identifier(), 7);
    EXPECT_FALSE(rec::decode_complete(p));
    // Shorter data is whole.
    const auto echo = decoded<wire::LcpPacket>(rebuild("[LCP EchoReq id=0x0 magic=0x5f2e3c1a 01 02]"));
    EXPECT_EQ(echo.magic, 0x5f2e3c1aU);
    EXPECT_EQ(echo.data, hex("01 02"));
}

TEST(AdaptersPppdLog, ChapChallengeResponseSuccessFailure) {
    const auto challenge = rebuild("[CHAP Challenge id=0x41 <cbb7d64db90bfc5e204c6814b94e5260>, name = \"R1\"]");
    EXPECT_EQ(challenge.protocol, proto::kChap);
    EXPECT_EQ(challenge.octets, hex("01 41 00 17 10 cb b7 d6 4d b9 0b fc 5e 20 4c 68 14 b9 4e 52 60 52 31"));
    const auto c = decoded<wire::ChapPacket>(challenge);
    EXPECT_EQ(c.value, hex("cb b7 d6 4d b9 0b fc 5e 20 4c 68 14 b9 4e 52 60"));
    EXPECT_EQ(c.name, hex("52 31"));
    EXPECT_EQ(decoded<wire::ChapPacket>(rebuild("[CHAP Success id=0x5d \"\"]")).code, 3);
    const auto failure = decoded<wire::ChapPacket>(rebuild("[CHAP Failure id=0xef \"Authentication failure\"]"));
    EXPECT_EQ(failure.code, 4);
    EXPECT_EQ(failure.message.size(), 22U);
}

TEST(AdaptersPppdLog, PapPasswordIsNeverKept) {
    // pppd's default: the password is hidden, so its length and everything after is unknown.
    const auto hidden = rebuild("[PAP AuthReq id=0x1 user=\"R2\" password=<hidden>]");
    EXPECT_EQ(hidden.protocol, proto::kPap);
    EXPECT_TRUE(hidden.truncated);
    EXPECT_EQ(hidden.octets, hex("01 01 00 00 02 52 32"));
    EXPECT_FALSE(hidden.known(2, 2));
    EXPECT_TRUE(hidden.known(4, 3));
    // `show-password`: its length is told, its octets are not kept.
    const auto shown = rebuild("[PAP AuthReq id=0x1 user=\"R2\" password=\"CCIE\"]");
    EXPECT_EQ(shown.octets, hex("01 01 00 0c 02 52 32 04 00 00 00 00"));
    ASSERT_EQ(shown.unknown.size(), 1U);
    EXPECT_EQ(shown.unknown[0], (rec::OctetRange{8, 4}));
    EXPECT_EQ(decoded<wire::PapPacket>(rebuild("[PAP AuthAck id=0x1 \"Login ok\"]")).message.size(), 8U);

    const auto read = read_text<PppdLogReader>("sent [PAP AuthReq id=0x1 user=\"R2\" password=\"CCIE\"]\n");
    ASSERT_EQ(read.records.size(), 1U);
    EXPECT_EQ(read.records[0].text, "sent [PAP AuthReq id=0x1 user=\"R2\" password=<redacted>]");
    EXPECT_EQ(read.records[0].text.find("CCIE"), std::string::npos);
}

TEST(AdaptersPppdLog, CbcpResponseTakesTheNumberPrintedAfterTheBracket) {
    // cbcp_printpkt prints the number but does not move past it: format_packet prints its
    // octets again after ']'. Length comes back; the address type is never printed.
    const auto p = rebuild("[CBCP Response id=0x1 < UserDefined delay = 5 number = 5558888>] 35 35 35 38 38 38 38 00");
    EXPECT_EQ(p.protocol, proto::kCbcp);
    EXPECT_EQ(p.octets, hex("02 01 00 10 02 0c 05 00 35 35 35 38 38 38 38 00"));
    EXPECT_EQ(p.length, 16U);
    EXPECT_FALSE(p.truncated);
    ASSERT_EQ(p.unknown.size(), 1U);
    EXPECT_EQ(p.unknown[0], (rec::OctetRange{7, 1}));
    EXPECT_FALSE(p.complete());
    // The rest decodes: the oracle's CBCP rules read type, delay and number.
    const auto cbcp = wire::decode_cbcp(p.octets).value();
    ASSERT_EQ(cbcp.options.size(), 1U);
    EXPECT_EQ(cbcp.options[0].type, 2);
    EXPECT_EQ(cbcp.options[0].delay, 5);
    ASSERT_EQ(cbcp.options[0].addresses.size(), 1U);
    EXPECT_EQ(cbcp.options[0].addresses[0].number, "5558888");
}

TEST(AdaptersPppdLog, CbcpRequestWhoseAddressWasReadAgainAsAnOption) {
    // The harness sent UserDefined (empty number) and AdminDefined; pppd printed the empty
    // number's NUL and the next option as `< option=0x0 delay = 3>`.
    const auto p = rebuild("[CBCP Request id=0x1 < UserDefined delay = 0 number = > < option=0x0 delay = 3>] 00");
    EXPECT_EQ(p.octets, hex("01 01 00 0c 02 05 00 00 00 03 03 00"));
    const auto cbcp = wire::decode_cbcp(p.octets).value();
    ASSERT_EQ(cbcp.options.size(), 2U);
    EXPECT_EQ(cbcp.options[0].type, 2);
    EXPECT_EQ(cbcp.options[1].type, 3);
    EXPECT_EQ(decoded<wire::CbcpPacket>(rebuild("[CBCP Request id=0x1 < NoCallback>]")).options.at(0).type, 1);
    EXPECT_EQ(decoded<wire::CbcpPacket>(rebuild("[CBCP Ack id=0x2 < AdminDefined delay = 5>]")).options.at(0).delay, 5);
}

TEST(AdaptersPppdLog, CbcpPrinterThatLostOctetsGivesATruncatedPacket) {
    // The option loop broke after reading two octets it never printed.
    const auto p = rebuild("[CBCP Request id=0xa0 < UserDefined delay = 0 number = > 02 03 03 00 b4]");
    EXPECT_TRUE(p.truncated);
    EXPECT_FALSE(p.known(2, 2));
    EXPECT_EQ(p.code(), 1);
}

TEST(AdaptersPppdLog, IpcpOptionsAndVjCompression) {
    const auto p = rebuild("[IPCP ConfReq id=0x1 <compress VJ 0f 01> <addr 192.0.2.2>]");
    EXPECT_EQ(p.protocol, proto::kIpcp);
    EXPECT_EQ(p.octets, hex("01 01 00 10 02 06 00 2d 0f 01 03 06 c0 00 02 02"));
    const auto ipcp = decoded<wire::IpcpPacket>(p);
    ASSERT_EQ(ipcp.options.size(), 2U);
    EXPECT_EQ(std::get<wire::IpAddressOption>(ipcp.options[1]).address, 0xC0000202U);
}

TEST(AdaptersPppdLog, PaddingAfterTheBracketAndRefusedHeaders) {
    const auto padded = rebuild("[LCP TermAck id=0x2] 00 00");
    EXPECT_EQ(padded.octets, hex("06 02 00 04 00 00"));
    EXPECT_EQ(padded.length, 4U);
    // lcp_printpkt refused a Length past the frame: the octets follow as they are.
    const auto refused = rebuild("[LCP] 01 01 00 ff 01");
    EXPECT_EQ(refused.octets, hex("01 01 00 ff 01"));
    EXPECT_TRUE(refused.complete());
    EXPECT_FALSE(rec::decode_complete(refused));  // LCP-02: the decoder refuses it, as it should
    const auto other = rebuild("[proto=0x80fd] 01 01 00 04");
    EXPECT_EQ(other.protocol, 0x80fd);
    // Printers not inverted here leave code and identifier known, the rest cut.
    const auto ccp = rebuild("[CCP ConfReq id=0x1 <deflate 15> <deflate(old#) 15>]");
    EXPECT_EQ(ccp.code(), 1);
    EXPECT_TRUE(ccp.truncated);
    // An option whose octets cannot be recovered cuts the packet there.
    const auto endpoint = rebuild("[LCP ConfReq id=0x1 <mru 1500> <endpoint [local:12.34]> <magic 0x1>]");
    EXPECT_TRUE(endpoint.truncated);
    EXPECT_EQ(endpoint.octets, hex("01 01 00 00 01 04 05 dc"));
}

TEST(AdaptersPppdLog, MalformedPacketTextsAreRefused) {
    for (const char* text : {"", "[", "[LCP", "[LCP ConfReq", "[LCP ConfReq id=", "[LCP ConfReq id=0x100]",
                             "[LCP Bogus id=0x1]", "[FOO ConfReq id=0x1]", "[LCP ConfReq id=0x1] zz"}) {
        EXPECT_FALSE(rec::rebuild_pppd_packet(text)) << text;
    }
    // A line cut by pppd's log buffer loses its ']': the packet is truncated, not refused.
    const auto cut = rebuild("[LCP ConfReq id=0x1 <mru 1500>");
    EXPECT_TRUE(cut.truncated);
}

TEST(AdaptersPppdLog, RealCbcpClientSessionEveryLineAccountedFor) {
    const auto read = read_text<PppdLogReader>(data_file("pppd-2.4.9-cbcp-client.log"), "pppd.log");
    EXPECT_TRUE(accounted(read.stats));
    EXPECT_EQ(read.stats.skipped, 0U) << "every line of a real pppd 2.4.9 log is one pppd writes";
    EXPECT_EQ(read.stats.records, read.stats.recognised);
    const auto packets = with_body<RebuiltPacket>(read.records);
    ASSERT_EQ(packets.size(), 12U);
    EXPECT_EQ(packets[0]->side, rec::Side::Recorder);  // sent
    EXPECT_EQ(packets[1]->side, rec::Side::Peer);      // rcvd
    EXPECT_EQ(packets[0]->source.file, "pppd.log");
    EXPECT_EQ(packets[0]->source.line, 4U);
    EXPECT_FALSE(packets[0]->time) << "pppd's logfile lines carry no stamp";
    EXPECT_EQ(packets[0]->channel, 0);
    for (const auto* r : packets) expect_well_formed(std::get<RebuiltPacket>(r->body));
    // The CBCP exchange: Request, Response with the number, Ack, then pppd's Terminate-Request.
    const auto& response = std::get<RebuiltPacket>(packets[8]->body);
    EXPECT_EQ(response.protocol, proto::kCbcp);
    EXPECT_EQ(wire::decode_cbcp(response.octets).value().options.at(0).addresses.at(0).number, "5558888");
    const auto term = decoded<wire::LcpPacket>(std::get<RebuiltPacket>(packets[10]->body));
    EXPECT_EQ(term.code, 5);
    const auto events = with_body<rec::CallEvent>(read.records);
    bool pending = false, link_up = false;
    for (const auto* e : events) {
        const auto& ev = std::get<rec::CallEvent>(e->body);
        if (ev.kind == rec::CallEventKind::CallbackPending) pending = ev.number == "5558888";
        if (ev.kind == rec::CallEventKind::LinkUp) link_up = true;
    }
    EXPECT_TRUE(pending);
    EXPECT_TRUE(link_up);
}

TEST(AdaptersPppdLog, RealLogsRebuildEveryPacketLine) {
    for (const char* name : {"pppd-2.4.9-cbcp-client.log", "pppd-2.4.9-cbcp-unsupported.log",
                             "pppd-2.4.9-callback-rejected.log", "pppd-2.4.9-ipcp-coderej.log"}) {
        const std::string text = data_file(name);
        std::size_t packet_lines = 0;
        for (std::size_t at = 0; (at = text.find("\nsent [", at)) != std::string::npos; ++at) ++packet_lines;
        for (std::size_t at = 0; (at = text.find("\nrcvd [", at)) != std::string::npos; ++at) ++packet_lines;
        const auto read = read_text<PppdLogReader>(text, name);
        EXPECT_EQ(with_body<RebuiltPacket>(read.records).size(), packet_lines) << name;
        EXPECT_EQ(read.stats.skipped, 0U) << name;
        for (const auto* r : with_body<RebuiltPacket>(read.records)) {
            const auto& p = std::get<RebuiltPacket>(r->body);
            expect_well_formed(p);
            // LCP, CHAP and IPCP from pppd always come back whole and decodable.
            if (p.protocol == proto::kLcp || p.protocol == proto::kChap || p.protocol == proto::kIpcp) {
                EXPECT_TRUE(rec::decode_complete(p)) << r->text;
            }
        }
    }
}

TEST(AdaptersPppdLog, SyslogStampsRollOverTheYear) {
    const auto read = read_text<PppdLogReader>(
        "Dec 31 23:59:59 gw pppd[812]: sent [LCP EchoReq id=0x1 magic=0x5f2e3c1a]\n"
        "Jan  1 00:00:01 gw pppd[812]: rcvd [LCP EchoRep id=0x1 magic=0x11111111]\n"
        "Jan  1 00:00:01 gw chat[813]: send (ATDT5557777^M)\n"
        "Jan  1 00:00:02 gw pppd[812]: Script /etc/ppp/ip-up finished (pid 900), status = 0x0\n");
    ASSERT_EQ(read.records.size(), 3U);
    ASSERT_TRUE(read.records[0].time && read.records[1].time);
    EXPECT_EQ(read.records[0].time->ms, 86'399'000);
    EXPECT_EQ(read.records[1].time->ms, 86'401'000);
    EXPECT_EQ(read.records[1].time->resolution_ms, 1000);
    EXPECT_EQ(read.records[1].time->clock, rec::ClockKind::Calendar);
    EXPECT_EQ(read.stats.skipped, 1U) << "another program's syslog line";
    EXPECT_EQ(read.records[0].recorder, "gw");
    EXPECT_TRUE(std::holds_alternative<rec::Note>(read.records[2].body));
}

TEST(AdaptersPppdLog, Rfc3339StampsKeepMillisecondsAndTheirOffset) {
    const auto read = read_text<PppdLogReader>(
        "2026-12-03T21:04:05.123456+01:00 gw pppd[812]: sent [LCP TermReq id=0x2 \"Call back\"]\n"
        "2026-12-03T20:04:06Z gw pppd[812]: rcvd [LCP TermAck id=0x2]\n");
    ASSERT_EQ(read.records.size(), 2U);
    EXPECT_EQ(read.records[0].time->ms, 20 * 3'600'000 + 4 * 60'000 + 5'123);
    EXPECT_EQ(read.records[0].time->resolution_ms, 1);
    EXPECT_EQ(read.records[1].time->ms, 20 * 3'600'000 + 4 * 60'000 + 6'000);
    EXPECT_EQ(read.records[1].time->resolution_ms, 1000);
}

TEST(AdaptersPppdLog, GarbageBinaryAndOverlongLinesAreSkipped) {
    std::string text = "not a log line\n";
    text += std::string("\x00\x01\xff\xfe sent [\x7f\n", 13);
    text += std::string(70 * 1024, 'x') + "\n";
    text += "sent [LCP ConfReq id=0x1 <mru 1500>]\r\n";  // CRLF
    text += "\n";
    const auto read = read_text<PppdLogReader>(text);
    EXPECT_TRUE(accounted(read.stats));
    EXPECT_EQ(read.stats.lines, 5U);
    EXPECT_EQ(read.stats.too_long, 1U);
    EXPECT_EQ(read.stats.blank, 1U);
    EXPECT_EQ(read.stats.recognised, 1U);
    ASSERT_EQ(read.records.size(), 1U);
    EXPECT_TRUE(rec::decode_complete(std::get<RebuiltPacket>(read.records[0].body)));
    EXPECT_EQ(read.records[0].source.line, 4U);
}

TEST(AdaptersPppdLog, TextWithoutPppdLinesIsNotAPppdLog) {
    const auto read = read_text<PppdLogReader>(data_file("seed-r2-callback-ios.txt"));
    EXPECT_EQ(read.stats.recognised, 0U);
    EXPECT_TRUE(read.records.empty());
}

// ---- properties -------------------------------------------------------------------------------

RC_GTEST_PROP(AdaptersPppdLog, ArbitraryBytesAreCountedNeverCrash, ()) {
    const auto text = *rc::gen::container<std::string>(rc::gen::arbitrary<char>());
    std::istringstream in(text);
    PppdLogReader reader(in, "fuzz");
    std::size_t records = 0;
    while (auto r = reader.next()) {
        ++records;
        if (const auto* p = std::get_if<RebuiltPacket>(&r->body)) {
            for (const auto& u : p->unknown) RC_ASSERT(u.offset + u.size <= p->octets.size());
        }
    }
    RC_ASSERT(accounted(reader.stats()));
    RC_ASSERT(reader.stats().records == records);
}

RC_GTEST_PROP(AdaptersPppdLog, MutatedRealLinesAreAccountedFor, ()) {
    static const std::vector<std::string> lines = [] {
        std::vector<std::string> out;
        for (const char* name : {"pppd-2.4.9-cbcp-client.log", "pppd-2.4.9-cbcp-unsupported.log",
                                 "pppd-2.4.9-callback-rejected.log", "pppd-2.4.9-ipcp-coderej.log"}) {
            std::istringstream in(data_file(name));
            for (std::string l; std::getline(in, l);) out.push_back(l);
        }
        return out;
    }();
    std::string line = *rc::gen::elementOf(lines);
    const int edits = *rc::gen::inRange(1, 4);
    for (int i = 0; i < edits; ++i) {
        const auto at = *rc::gen::inRange<std::size_t>(0, line.size() + 1);
        switch (*rc::gen::inRange(0, 4)) {
            case 0: line.insert(at, 1, *rc::gen::arbitrary<char>()); break;
            case 1: if (at < line.size()) line.erase(at, 1); break;
            case 2: if (at < line.size()) line[at] = *rc::gen::elementOf(std::string("[]<>\" 0x.=\\")); break;
            default: line.resize(at); break;
        }
    }
    std::istringstream in(line + "\n" + line);
    PppdLogReader reader(in, "mutated");
    while (auto r = reader.next()) {
        if (const auto* p = std::get_if<RebuiltPacket>(&r->body)) {
            for (const auto& u : p->unknown) RC_ASSERT(u.offset + u.size <= p->octets.size());
            if (p->complete()) {
                RC_ASSERT(p->length.has_value());
                RC_ASSERT(*p->length <= p->octets.size());
            }
            rec::decode_complete(*p);  // never crashes
        }
    }
    RC_ASSERT(accounted(reader.stats()));
}

// lcp_printpkt's format for the options pppd names (lcp.c), written out for generated packets:
// the reader must give back exactly the octets encode_lcp makes.
std::string pppd_text(const wire::LcpPacket& p) {
    static const char* kNames[] = {"ConfReq", "ConfAck", "ConfNak", "ConfRej"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "[LCP %s id=0x%x", kNames[p.code - 1], p.identifier);
    std::string s = buf;
    for (const auto& o : p.options) {
        if (const auto* m = std::get_if<wire::Mru>(&o)) std::snprintf(buf, sizeof buf, " <mru %d>", m->value);
        else if (const auto* a = std::get_if<wire::Accm>(&o)) std::snprintf(buf, sizeof buf, " <asyncmap 0x%x>", a->map);
        else if (const auto* g = std::get_if<wire::MagicNumber>(&o)) std::snprintf(buf, sizeof buf, " <magic 0x%x>", g->value);
        else if (std::holds_alternative<wire::Pfc>(o)) std::snprintf(buf, sizeof buf, " <pcomp>");
        else if (std::holds_alternative<wire::Acfc>(o)) std::snprintf(buf, sizeof buf, " <accomp>");
        else if (const auto* c = std::get_if<wire::Callback>(&o)) {
            std::string t = c->operation == 6 ? " <callback CBCP" : " <callback 0x" + [&] {
                char h[8];
                std::snprintf(h, sizeof h, "%x", c->operation);
                return std::string(h);
            }();
            for (const auto b : c->message) {
                std::snprintf(buf, sizeof buf, " %.2x", b);
                t += buf;
            }
            s += t + ">";
            continue;
        }
        s += buf;
    }
    return s + "]";
}

RC_GTEST_PROP(AdaptersPppdLog, GeneratedConfigurePacketsComeBackOctetForOctet, ()) {
    wire::LcpPacket p;
    p.code = *rc::gen::inRange<std::uint8_t>(1, 5);
    p.identifier = *rc::gen::arbitrary<std::uint8_t>();
    const auto count = *rc::gen::inRange(0, 6);
    for (int i = 0; i < count; ++i) {
        switch (*rc::gen::inRange(0, 6)) {
            case 0: p.options.push_back(wire::Mru{*rc::gen::arbitrary<std::uint16_t>()}); break;
            case 1: p.options.push_back(wire::Accm{*rc::gen::arbitrary<std::uint32_t>()}); break;
            case 2: p.options.push_back(wire::MagicNumber{*rc::gen::arbitrary<std::uint32_t>()}); break;
            case 3: p.options.push_back(wire::Pfc{}); break;
            case 4: p.options.push_back(wire::Acfc{}); break;
            default: {
                wire::Callback c;
                c.operation = *rc::gen::inRange<std::uint8_t>(0, 7);
                if (c.operation != 6) c.message = *rc::gen::container<Bytes>(*rc::gen::inRange<std::size_t>(0, 10), rc::gen::arbitrary<std::uint8_t>());
                p.options.push_back(c);
            }
        }
    }
    const std::string text = pppd_text(p);
    const auto rebuilt = rec::rebuild_pppd_packet(text);
    RC_ASSERT(rebuilt.has_value());
    RC_ASSERT(rebuilt->complete());
    RC_ASSERT(rebuilt->octets == wire::encode_lcp(p));
}

}  // namespace
