// Reading recordings for `check` (issue #16): lines per second of the pppd debug log reader and
// the Cisco IOS debug transcript reader, over a session's lines repeated to a file of about
// 10,000 lines, parsed into records (packets rebuilt with the wire codecs, Q.931 messages encoded);
// and of `check` as a whole on a pppd log: read, then judged by the oracle.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "ppp/adapters/ios_debug.hpp"
#include "ppp/adapters/pppd_log.hpp"
#include "ppp/model/profile.hpp"
#include "ppp/pixit/pixit.hpp"
#include "ppp/suites/check.hpp"

namespace {

namespace rec = ppp::adapters::recording;

// pppd 2.4.9 as a CBCP caller, syslog stamps (what `/var/log/syslog` holds).
constexpr const char* kPppdSession =
    "Dec  3 21:04:05 r2 pppd[704]: Connect: ppp0 <--> /dev/pts/0\n"
    "Dec  3 21:04:05 r2 pppd[704]: sent [LCP ConfReq id=0x1 <asyncmap 0x0> <callback CBCP> <magic 0xc3a4c73b> "
    "<pcomp> <accomp>]\n"
    "Dec  3 21:04:05 r2 pppd[704]: rcvd [LCP ConfReq id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n"
    "Dec  3 21:04:05 r2 pppd[704]: sent [LCP ConfAck id=0x1 <auth chap MD5> <magic 0xbdfb4c33>]\n"
    "Dec  3 21:04:05 r2 pppd[704]: rcvd [LCP ConfAck id=0x1 <asyncmap 0x0> <callback CBCP> <magic 0xc3a4c73b> "
    "<pcomp> <accomp>]\n"
    "Dec  3 21:04:05 r2 pppd[704]: rcvd [CHAP Challenge id=0x41 <cbb7d64db90bfc5e204c6814b94e5260>, name = \"R1\"]\n"
    "Dec  3 21:04:05 r2 pppd[704]: sent [CHAP Response id=0x41 <a79fa08d71c72a02e06a7455acf79755>, name = \"R2\"]\n"
    "Dec  3 21:04:05 r2 pppd[704]: rcvd [CHAP Success id=0x41 \"\"]\n"
    "Dec  3 21:04:05 r2 pppd[704]: CHAP authentication succeeded\n"
    "Dec  3 21:04:06 r2 pppd[704]: rcvd [CBCP Request id=0x1 < UserDefined delay = 0 number = >] 00\n"
    "Dec  3 21:04:06 r2 pppd[704]: sent [CBCP Response id=0x1 < UserDefined delay = 5 number = 5550100>] 35 35 35 30 "
    "31 30 30 00\n"
    "Dec  3 21:04:06 r2 pppd[704]: rcvd [CBCP Ack id=0x1 < UserDefined delay = 5 number = 5550100>] 35 35 35 30 31 30 "
    "30 00\n"
    "Dec  3 21:04:06 r2 pppd[704]: peer will call: 5550100\n"
    "Dec  3 21:04:06 r2 pppd[704]: sent [LCP TermReq id=0x2 \"Call me back, please\"]\n"
    "Dec  3 21:04:06 r2 pppd[704]: rcvd [LCP TermAck id=0x2]\n"
    "Dec  3 21:04:06 r2 pppd[704]: Connection terminated.\n";

// A Cisco router's `debug isdn q931`, `debug ppp negotiation` and `debug dialer` of one call.
constexpr const char* kIosSession =
    "*Mar  1 00:01:02.100: BR0 DDR: Dialing cause ip (s=192.0.2.2, d=192.0.2.1)\n"
    "*Mar  1 00:01:02.100: BR0 DDR: Attempting to dial 5550100\n"
    "*Mar  1 00:01:02.101: ISDN BR0: TX ->  SETUP pd = 8  callref = 0x2E\n"
    "*Mar  1 00:01:02.101:         Bearer Capability i = 0x8890\n"
    "*Mar  1 00:01:02.101:         Channel ID i = 0x83\n"
    "*Mar  1 00:01:02.101:         Called Party Number i = 0x80, '5550100'\n"
    "*Mar  1 00:01:02.110: ISDN BR0: RX <-  CALL_PROC pd = 8  callref = 0xAE\n"
    "*Mar  1 00:01:02.110:         Channel ID i = 0x89\n"
    "*Mar  1 00:01:02.120: %LINK-3-UPDOWN: Interface BRI0:1, changed state to up\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP: O CONFREQ [Closed] id 1 len 18\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    MagicNumber 0x1234ABCD (0x05061234ABCD)\n"
    "*Mar  1 00:01:02.123: BR0:1 LCP:    CallbackOpt 0 (0x0D0300)\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP: I CONFACK [REQsent] id 1 len 18\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP:    AuthProto CHAP (0x0305C22305)\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP:    MagicNumber 0x1234ABCD (0x05061234ABCD)\n"
    "*Mar  1 00:01:02.135: BR0:1 LCP:    CallbackOpt 0 (0x0D0300)\n"
    "*Mar  1 00:01:02.140: BR0:1 LCP: State is Open\n"
    "*Mar  1 00:01:02.141: BR0:1 PPP: Phase is AUTHENTICATING, by both\n"
    "*Mar  1 00:01:02.150: BR0:1 DDR: Callback negotiated - Disconnecting now\n"
    "*Mar  1 00:01:02.160: ISDN BR0: RX <-  DISCONNECT pd = 8  callref = 0xAE\n"
    "*Mar  1 00:01:02.160:         Cause i = 0x8290 - Normal call clearing\n"
    "*Mar  1 00:01:02.161: ISDN BR0: TX ->  RELEASE pd = 8  callref = 0x2E\n"
    "*Mar  1 00:01:02.170: ISDN BR0: RX <-  RELEASE_COMP pd = 8  callref = 0xAE\n"
    "*Mar  1 00:01:02.171: %LINK-3-UPDOWN: Interface BRI0:1, changed state to down\n";

std::string repeated(const char* session, std::size_t lines_wanted) {
    std::string one(session);
    std::size_t lines_per_session = 0;
    for (char c : one) lines_per_session += c == '\n';
    std::string out;
    for (std::size_t lines = 0; lines < lines_wanted; lines += lines_per_session) out += one;
    return out;
}

template <class Reader>
void read_lines(benchmark::State& state, const char* session) {
    const std::string text = repeated(session, 10000);
    std::size_t lines = 0;
    for (auto _ : state) {
        std::istringstream in(text);
        Reader reader(in, "bench.log");
        while (auto record = reader.next()) benchmark::DoNotOptimize(record);
        lines += reader.stats().lines;
        if (reader.stats().skipped != 0) state.SkipWithError("lines of the sample were not recognised");
    }
    state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}

void BM_PppdLogLines(benchmark::State& state) { read_lines<rec::PppdLogReader>(state, kPppdSession); }
BENCHMARK(BM_PppdLogLines)->Unit(benchmark::kMillisecond);

void BM_IosDebugLines(benchmark::State& state) { read_lines<rec::IosDebugReader>(state, kIosSession); }
BENCHMARK(BM_IosDebugLines)->Unit(benchmark::kMillisecond);

std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string hex_id(unsigned id) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%x", id % 256);
    return text;
}

// `sessions` CBCP calls of the pppd session above, one a minute, each with its own LCP
// Identifiers (RFC 1661 section 5: a new one for each new Request; LCP-04), as a daemon that
// keeps running numbers them: a log `check` judges as conforming.
std::string pppd_sessions(std::size_t sessions) {
    std::string out;
    for (std::size_t k = 0; k < sessions; ++k) {
        const unsigned minute = 21 * 60 + 4 + static_cast<unsigned>(k);  // from Dec 3, 21:04
        char stamp[32];
        std::snprintf(stamp, sizeof stamp, "Dec %2u %02u:%02u:0", 3 + minute / 1440, minute / 60 % 24, minute % 60);
        const unsigned id = 2 * static_cast<unsigned>(k) + 1;
        std::string one = replaced_all(kPppdSession, "Dec  3 21:04:0", stamp);
        one = replaced_all(one, "LCP TermReq id=0x2 ", "LCP TermReq id=" + hex_id(id + 1) + " ");
        one = replaced_all(one, "LCP TermAck id=0x2]", "LCP TermAck id=" + hex_id(id + 1) + "]");
        one = replaced_all(one, "LCP ConfReq id=0x1 <asyncmap", "LCP ConfReq id=" + hex_id(id) + " <asyncmap");
        one = replaced_all(one, "LCP ConfAck id=0x1 <asyncmap", "LCP ConfAck id=" + hex_id(id) + " <asyncmap");
        out += one;
    }
    return out;
}

// `check` on a pppd log: read, then judged as pppd 2.4.9 on the UML pty (the PIXIT's secrets
// complete the CHAP Responses), about 10,000 lines. What it costs a lab per line of a log.
void BM_CheckPppdLogLines(benchmark::State& state) {
    const std::string text = pppd_sessions(625);  // 16 lines a session
    ppp::suites::CheckSetup setup;
    setup.profile = ppp::model::load_bundled_profile("pppd-2.4.9").value();
    setup.parameters = *ppp::pixit::bundled_pixit("pppd-uml");
    setup.role = ppp::model::Role::Client;
    std::size_t lines = 0, messages = 0;
    for (auto _ : state) {
        std::istringstream in(text);
        rec::PppdLogReader reader(in, "bench.log");
        const auto records = rec::read_all(reader);
        setup.stamp_resolution = ppp::suites::coarsest_stamp(records);
        setup.call_control = ppp::suites::has_call_control(records);
        const auto result = ppp::suites::check_records(records, setup, ppp::suites::SutSide::Recorder);
        lines += reader.stats().lines;
        messages += result.messages;
        if (result.failed()) state.SkipWithError("the sample log was judged to break a requirement");
    }
    state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
    state.counters["messages/s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckPppdLogLines)->Unit(benchmark::kMillisecond);

}  // namespace
