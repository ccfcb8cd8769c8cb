// End-to-end behaviour of the reference routers in the DESIGN.md section 1 callback scenario and
// its failure branches (SPEC section 10 SEQ, CCB, DDR).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ppp/sut/scenario.hpp"
#include "ppp/sut/testbed.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/q931.hpp"
#include "sut/router_options.hpp"

namespace ppp::sut {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

const std::string kDir = std::string(PPP_SOURCE_DIR) + "/suites/scenarios/";

FileLoader loader_for(const std::string& dir) {
    return [dir](const std::string& p) {
        std::ifstream f(dir + p);
        if (!f) return LoadedFile{std::nullopt, "configuration '" + p + "': cannot open"};
        std::stringstream ss;
        ss << f.rdbuf();
        return LoadedFile{ss.str(), ""};
    };
}

// A loader that gives every configuration path the same text.
FileLoader loader_giving(const std::string& text) {
    return [text](const std::string&) { return LoadedFile{text, ""}; };
}

bool has_raw_control(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

RouterConfig config_of(const std::string& file) {
    auto r = parse_config(read_file(kDir + "callback/" + file));
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
    return r.config.value_or(RouterConfig{});
}

// What the taps saw at R2's port, per call.
struct Capture {
    struct Frame {
        Millis at;
        bool to_router;
        std::uint16_t protocol;
        Bytes info;
    };
    std::vector<Frame> frames;
    std::vector<std::pair<Millis, wire::Q931Message>> q931;
};

struct Lab {
    Testbed tb;
    std::size_t r1 = 0, r2 = 0;
    Capture cap;

    explicit Lab(Faults r1_faults = {}, RouterConfig r1_config = config_of("r1.cfg")) {
        RouterOptions o1 = test::r1_options();
        o1.seed = 11;
        o1.faults = r1_faults;
        RouterOptions o2 = test::r2_options();
        o2.seed = 22;
        r1 = tb.add_router(std::move(r1_config), o1);
        r2 = tb.add_router(config_of("r2.cfg"), o2);
        tb.set_tap(r2, [this](PortMessage& ev) {
            const wire::PortDecoding& decoded = ev.decoded();
            if (ev.d_channel()) {
                if (*decoded.q931) cap.q931.emplace_back(ev.at, decoded.q931->value());
            } else if (decoded.intact && *decoded.ppp) {
                const wire::PppFrame& f = decoded.ppp->value();
                cap.frames.push_back({ev.at, ev.to_sut(), f.protocol, f.information});
            }
            return TapDecision::pass();
        });
    }
    std::uint32_t r1_ip() const { return 0xC0000201; }
};

bool has_callback_option(const Bytes& info) {
    auto p = wire::decode_lcp(info);
    if (!p || p.value().code != 1) return false;
    for (const auto& o : p.value().options) {
        if (std::holds_alternative<wire::Callback>(o)) return true;
    }
    return false;
}

TEST(SutScenario, CallbackFirstPingsFailAndReturnCallCarriesTraffic) {
    Lab lab;
    const auto first = lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(12s);
    // DESIGN.md section 1: the first call is dropped for callback, "Success rate is 0 percent (0/5)".
    EXPECT_TRUE(lab.tb.ping(first).done);
    EXPECT_EQ(lab.tb.ping(first).received, 0);
    EXPECT_EQ(lab.tb.ping(first).summary(), "Success rate is 0 percent (0/5)");
    EXPECT_TRUE(lab.tb.router(lab.r2).callback_pending());

    lab.tb.run_until(20s);
    const auto second = lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(30s);
    EXPECT_EQ(lab.tb.ping(second).received, 5);
    EXPECT_FALSE(lab.tb.router(lab.r2).callback_pending());
}

TEST(SutScenario, CallbackNoIpcpOnFirstCallAndNoOptionOnReturnCall) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(60s);
    // The first call ends before the return call's SETUP: split the frames at that point.
    Millis second_setup{-1};
    for (const auto& [at, m] : lab.cap.q931) {
        if (m.kind() == wire::Q931Type::Setup && at > 1s) second_setup = at;
    }
    ASSERT_GT(second_setup.count(), 0);
    bool cb_first = false, ipcp_first = false, cb_second = false, ipcp_second = false;
    for (const auto& f : lab.cap.frames) {
        const bool first = f.at < second_setup;
        if (f.protocol == wire::proto::kIpcp) (first ? ipcp_first : ipcp_second) = true;
        if (f.protocol == wire::proto::kLcp && has_callback_option(f.info)) (first ? cb_first : cb_second) = true;
    }
    EXPECT_TRUE(cb_first);       // CCB-01: op 0 requested on the outgoing call
    EXPECT_FALSE(ipcp_first);    // SEQ-01
    EXPECT_FALSE(cb_second);     // SEQ-02, CB-04 (both directions captured at R2's port)
    EXPECT_TRUE(ipcp_second);
}

TEST(SutScenario, ServerDialsMapNumberAfterEnableTimeout) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(60s);
    Millis first_disconnect{-1}, return_setup{-1};
    for (const auto& [at, m] : lab.cap.q931) {
        if (m.kind() == wire::Q931Type::Disconnect && first_disconnect.count() < 0) first_disconnect = at;
        if (m.kind() == wire::Q931Type::Setup && at > 1s && return_setup.count() < 0) {
            return_setup = at;
            ASSERT_TRUE(m.calling.has_value());
            EXPECT_EQ(m.calling->digits, "5557777");
            ASSERT_TRUE(m.called.has_value());
            EXPECT_EQ(m.called->digits, "5558888");  // CCB-03: from the dialer map of user R2
        }
    }
    ASSERT_GE(first_disconnect.count(), 0);
    ASSERT_GE(return_setup.count(), 0);
    const auto gap = return_setup - first_disconnect;  // OBS-02, DDR-06: about 15 s
    EXPECT_GE(gap, 15s);
    EXPECT_LT(gap, 15s + 100ms);
    EXPECT_EQ(lab.tb.router(lab.r1).counters().return_calls_placed, 1);
}

TEST(SutScenario, ShowDialerOnServerDescribesReturnCall) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(20s);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(40s);
    const std::string s = lab.tb.router(lab.r1).show_dialer(lab.tb.now());
    EXPECT_NE(s.find("Dial reason: Callback return call"), std::string::npos) << s;
    EXPECT_NE(s.find("Connected to 5558888 (R2)"), std::string::npos) << s;
    EXPECT_NE(s.find("Dialer state is data link layer up"), std::string::npos);
    EXPECT_NE(s.find("0 incoming call(s) have been screened."), std::string::npos);
    EXPECT_NE(s.find("0 incoming call(s) rejected for callback."), std::string::npos);
    EXPECT_NE(s.find("Idle timer (120 secs), Fast idle timer (20 secs)"), std::string::npos);
    EXPECT_NE(s.find("Wait for carrier (30 secs), Re-enable (15 secs)"), std::string::npos);
    EXPECT_NE(s.find("Time until disconnect 100 secs"), std::string::npos) << s;
    EXPECT_NE(s.find("5558888                  1          0"), std::string::npos) << s;
}

TEST(SutScenario, BillingChargesCallerForConnectedTime) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(20s);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(300s);
    const auto& recs = lab.tb.network().records();
    ASSERT_EQ(recs.size(), 2U);
    EXPECT_EQ(recs[0].caller, "5558888");
    EXPECT_EQ(recs[1].caller, "5557777");
    // R2 pays only the seconds of the short first call; R1 pays the return call.
    EXPECT_EQ(lab.tb.network().billed_seconds("5558888"), recs[0].billed_seconds());
    EXPECT_LE(recs[0].billed_seconds(), 1);
    EXPECT_EQ(lab.tb.network().billed_seconds("5557777"), recs[1].billed_seconds());
    // DDR-03: the return call ends 120 s after the last interesting packet (t = 20 s).
    ASSERT_TRUE(recs[1].disconnected_at.has_value());
    EXPECT_GE(*recs[1].disconnected_at, 140s);
    EXPECT_LT(*recs[1].disconnected_at, 141s);
    EXPECT_EQ(recs[1].cause, wire::cause::kNormalClearing);
}

TEST(SutScenario, IdleTimeoutEndsReturnCallWithoutTraffic) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(134s);
    EXPECT_TRUE(lab.tb.router(lab.r1).channel_connected(1) || lab.tb.router(lab.r1).channel_connected(2));
    lab.tb.run_until(136s);  // return call connected at ~15 s: idle expires at ~135 s
    EXPECT_FALSE(lab.tb.router(lab.r1).channel_connected(1));
    EXPECT_FALSE(lab.tb.router(lab.r1).channel_connected(2));
}

TEST(SutScenario, CallbackSecureDropsUnconfiguredUser) {
    // R1 knows R2's password but has no callback class for it: CCB-05.
    auto cfg = config_of("r1.cfg");
    cfg.bri.dialer_maps[0].map_class.clear();
    Lab lab({}, cfg);
    const auto p = lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(120s);
    EXPECT_EQ(lab.tb.ping(p).received, 0);
    EXPECT_EQ(lab.tb.router(lab.r1).counters().rejected_for_callback, 1);
    EXPECT_EQ(lab.tb.router(lab.r1).counters().return_calls_placed, 0);
    EXPECT_EQ(lab.tb.network().records().size(), 1U);
    EXPECT_NE(lab.tb.router(lab.r1).show_dialer(lab.tb.now()).find("1 incoming call(s) rejected for callback."),
              std::string::npos);
}

TEST(SutScenario, FaultCallbackIgnoresSecureCallsBackAnyway) {
    auto cfg = config_of("r1.cfg");
    cfg.bri.dialer_maps[0].map_class.clear();
    Faults f;
    f.add(Fault::CallbackIgnoresSecure);
    Lab lab(f, cfg);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(60s);
    EXPECT_EQ(lab.tb.router(lab.r1).counters().return_calls_placed, 1);  // breaks CCB-05
}

TEST(SutScenario, BusyReturnCallIsNotRetried) {
    Lab lab;
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(5s);
    lab.tb.network().fail_next_call("5558888", CallFault::Busy);
    lab.tb.run_until(200s);
    // CCB-06: one failed return call, no second attempt.
    EXPECT_EQ(lab.tb.router(lab.r1).counters().return_calls_placed, 1);
    const auto& st = lab.tb.router(lab.r1).dial_stats().at("5558888");
    EXPECT_EQ(st.failures, 1);
    EXPECT_EQ(st.successes, 0);
    ASSERT_EQ(lab.tb.network().records().size(), 2U);
    EXPECT_EQ(lab.tb.network().records()[1].cause, wire::cause::kUserBusy);
    EXPECT_FALSE(lab.tb.network().records()[1].connected_at.has_value());
}

TEST(SutScenario, FaultRetryBusyReturnCallRetries) {
    Faults f;
    f.add(Fault::RetryBusyReturnCall);
    Lab lab(f);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 5);
    lab.tb.run_until(5s);
    lab.tb.network().fail_next_call("5558888", CallFault::Busy);
    lab.tb.run_until(200s);
    EXPECT_EQ(lab.tb.router(lab.r1).counters().return_calls_placed, 2);
}

TEST(SutScenario, FaultIpcpOnFirstCallIsVisibleAtTheTap) {
    // The fault sits in the client here.
    Testbed tb;
    RouterOptions o1 = test::r1_options();
    RouterOptions o2 = test::r2_options();
    o2.faults.add(Fault::IpcpOnFirstCall);
    tb.add_router(config_of("r1.cfg"), o1);
    const auto r2 = tb.add_router(config_of("r2.cfg"), o2);
    bool ipcp_before_return = false;
    tb.set_tap(r2, [&](PortMessage& ev) {
        if (!ev.d_channel() && !ev.to_sut() && ev.at < 1s) {
            if (ev.decoded().protocol() == wire::proto::kIpcp) ipcp_before_return = true;
        }
        return TapDecision::pass();
    });
    tb.offer_ping(r2, 0xC0000201, 1);
    tb.run_until(5s);
    EXPECT_TRUE(ipcp_before_return);  // breaks SEQ-01
}

TEST(SutScenario, FaultCallbackOptionOnReturnCall) {
    Faults f;
    f.add(Fault::CallbackOptionOnReturnCall);
    Lab lab(f);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 1);
    lab.tb.run_until(30s);
    bool cb_in_return = false;
    for (const auto& fr : lab.cap.frames) {
        if (fr.at > 10s && fr.to_router && fr.protocol == wire::proto::kLcp && has_callback_option(fr.info)) {
            cb_in_return = true;
        }
    }
    EXPECT_TRUE(cb_in_return);  // breaks SEQ-02
}

TEST(SutScenario, FaultEarlyReturnCallSkipsEnableTimeout) {
    Faults f;
    f.add(Fault::EarlyReturnCall);
    Lab lab(f);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 1);
    lab.tb.run_until(3s);
    ASSERT_GE(lab.tb.network().records().size(), 2U);
    EXPECT_LT(lab.tb.network().records()[1].setup_at, 1s);  // breaks DDR-06
}

TEST(SutScenario, FaultKeepFirstCallRunsIpcp) {
    Faults f;
    f.add(Fault::KeepFirstCall);
    Lab lab(f);
    lab.tb.offer_ping(lab.r2, lab.r1_ip(), 1);
    lab.tb.run_until(2s);
    bool ipcp_from_r1 = false;
    for (const auto& fr : lab.cap.frames) {
        if (fr.to_router && fr.protocol == wire::proto::kIpcp) ipcp_from_r1 = true;
    }
    EXPECT_TRUE(ipcp_from_r1);  // breaks CB-03 / SEQ-01
    EXPECT_EQ(lab.tb.router(lab.r1).scheduled_return_calls(), 0U);
}

TEST(SutScenario, ScenarioFileRunsAndPrintsDesignLines) {
    const auto run = run_scenario_text(read_file(kDir + "callback/callback.scn"), loader_for(kDir + "callback/"));
    ASSERT_TRUE(run.ok) << run.error;
    const std::string& out = run.output;
    for (const char* line : {"BR0 DDR: Dialing cause ip (s=192.0.2.2, d=192.0.2.1)",
                             "BR0 DDR: Attempting to dial 5557777",
                             "%LINK-3-UPDOWN: Interface BRI0:1, changed state to up",
                             "BR0:1 DDR: Callback negotiated - Disconnecting now",
                             "%ISDN-6-CONNECT: Interface BRI0:1 is now connected to 5557777 R1",
                             "DDR: Callback client for R1 5557777 created",
                             "Success rate is 0 percent (0/5)",
                             "BR0:1 DDR: Callback received from R1 5557777",
                             "DDR: Freeing callback to R1 5557777",
                             "BR0:1 DDR: dialer protocol up",
                             "%LINEPROTO-5-UPDOWN: Line protocol on Interface BRI0:1, changed state to up",
                             "Dial reason: Callback return call",
                             "Connected to 5558888 (R2)",
                             "Success rate is 100 percent (5/5)",
                             "total 5558888: 1 s"}) {
        EXPECT_NE(out.find(line), std::string::npos) << "missing: " << line;
    }
    // The DESIGN.md order on R2.
    EXPECT_LT(out.find("Callback negotiated"), out.find("Callback client for R1"));
    EXPECT_LT(out.find("Success rate is 0 percent"), out.find("Callback received from R1"));
}

TEST(SutScenario, EveryBundledScenarioRuns) {
    for (const char* name : {"callback/callback.scn", "callback-secure/callback-secure.scn",
                             "busy-return/busy-return.scn", "idle/idle.scn", "cbcp/cbcp.scn"}) {
        const std::string path = kDir + name;
        const std::string dir = path.substr(0, path.rfind('/') + 1);
        const auto run = run_scenario_text(read_file(path), loader_for(dir));
        EXPECT_TRUE(run.ok) << name << ": " << run.error;
    }
}

TEST(SutScenario, CbcpClientAndServerAgreeOnUserNumber) {
    const std::string path = kDir + "cbcp/cbcp.scn";
    const auto run = run_scenario_text(read_file(path), loader_for(kDir + "cbcp/"));
    ASSERT_TRUE(run.ok) << run.error;
    const auto& tb = *run.testbed;
    ASSERT_GE(tb.network().records().size(), 2U);
    EXPECT_EQ(tb.network().records()[1].caller, "5557777");
    EXPECT_EQ(tb.network().records()[1].callee, "5558888");  // CBCP-03: the caller's own number
    EXPECT_NE(run.output.find("CBCP: O RESPONSE"), std::string::npos);
    EXPECT_NE(run.output.find("Success rate is 100 percent"), std::string::npos) << run.output;
}

TEST(SutScenario, ParseErrorsNameTheLine) {
    auto r = parse_scenario("router R1 number 1 config x.cfg\nrun until 10\n", loader_for(kDir));
    EXPECT_FALSE(r.scenario);
    EXPECT_NE(r.error.find("line 1"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("x.cfg"), std::string::npos);

    r = parse_scenario("router R1 number 1 config {\n interface BRI0\n frobnicate\n}\nrun until 5\n", loader_for(kDir));
    EXPECT_FALSE(r.scenario);
    EXPECT_NE(r.error.find("line 3"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("frobnicate"), std::string::npos);

    r = parse_scenario("router R1 number 1 config {\ninterface BRI0\n}\nat soon ping R1 192.0.2.1\nrun until 5\n", loader_for(kDir));
    EXPECT_NE(r.error.find("line 4"), std::string::npos) << r.error;

    r = parse_scenario("router R1 number 1 config {\ninterface BRI0\n}\noption R1 fault bogus\nrun until 5\n", loader_for(kDir));
    EXPECT_NE(r.error.find("unknown fault 'bogus'"), std::string::npos) << r.error;

    const auto run = run_scenario_text("nonsense\n", loader_for(kDir));
    EXPECT_FALSE(run.ok);
    EXPECT_EQ(run.output.rfind("error: line 1", 0), 0U) << run.output;
}

// One router with the smallest configuration the reference accepts, then `rest`.
std::string one_router(const std::string& rest) {
    return "router R1 number 5557777 config {\ninterface BRI0\n}\n" + rest;
}

TEST(SutScenario, UsernameLineOutsideAConfigurationIsRedacted) {
    const auto r = parse_scenario(one_router("username R2 password 0 CCIE\nrun until 5\n"), loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.find("CCIE"), std::string::npos) << r.error;  // DESIGN.md section 9
    EXPECT_EQ(r.error.rfind("line 4: ", 0), 0U) << r.error;
}

TEST(SutScenario, InlineConfigurationErrorsRedactSecrets) {
    const auto r = parse_scenario(
        "router R1 number 5557777 config {\nusername R2 password 0 CCIE extra\ninterface BRI0\n}\nrun until 5\n",
        loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.find("CCIE"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.rfind("line 2: 'username R2 password <redacted>': expected username NAME password", 0), 0U) << r.error;
    EXPECT_NE(r.error.find("(inline configuration of R1)"), std::string::npos) << r.error;
}

TEST(SutScenario, ConfigurationFileThatIsNoConfigurationIsNotShown) {
    const auto r = parse_scenario("router R1 number 5557777 config /etc/passwd\nrun until 5\n",
                                  loader_giving("root:x:0:0:root:/root:/bin/bash\n"));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.find("root"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.rfind("line 1: configuration '/etc/passwd': line 1: ", 0), 0U) << r.error;
}

TEST(SutScenario, ScenarioLineOfAFileThatIsNoScenarioIsNotShown) {
    const auto r = parse_scenario("root:x:0:0:root:/root:/bin/bash\n", loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.find("root"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.rfind("line 1: expected router, option, at, run until", 0), 0U) << r.error;
}

TEST(SutScenario, LoaderErrorIsTheMessage) {
    const FileLoader refusing = [](const std::string&) {
        return LoadedFile{std::nullopt, "configuration '/s/.' is a directory (accepted: a readable file)"};
    };
    const auto r = parse_scenario("router R1 number 5557777 config .\nrun until 5\n", refusing);
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error, "line 1: configuration '/s/.' is a directory (accepted: a readable file)");
}

TEST(SutScenario, ConfigurationWithoutInterfaceIsRefused) {
    auto r = parse_scenario("router R1 number 5557777 config {\nusername R2 password CCIE\n}\nrun until 5\n", loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.rfind("line 1: 'router R1 number 5557777 config {': expected an 'interface BRI0' section: it is required", 0), 0U)
        << r.error;
    r = parse_scenario("router R1 number 5557777 config r.cfg\nrun until 5\n", loader_giving(""));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.rfind("line 1: configuration 'r.cfg': expected an 'interface BRI0' section: it is required", 0), 0U)
        << r.error;
}

TEST(SutScenario, UnknownFaultIsNamedWithWhatIsAccepted) {
    const auto r = parse_scenario(one_router("option R1 fault keep-first-call,bogus\nrun until 5\n"), loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error.rfind("line 4: 'option R1 fault keep-first-call,bogus': unknown fault 'bogus' (accepted: "
                            "callback-ignores-secure, ipcp-on-first-call, ",
                            0),
              0U)
        << r.error;
    EXPECT_NE(r.error.find("43 names in all, listed by `ppp-conform list --faults`)"), std::string::npos) << r.error;
    EXPECT_LE(r.error.size(), 300U) << r.error;
}

TEST(SutScenario, TimesUpToTheMaximumWhateverTheDigits) {
    auto until = [](const std::string& t) {
        const auto r = parse_scenario(one_router("run until " + t + "\n"), {});
        return r.scenario ? std::optional<Millis>(r.scenario->until) : std::nullopt;
    };
    EXPECT_EQ(until("0000000000000000000015"), Millis{15000});
    EXPECT_EQ(until("2147483"), Millis{2147483000});
    EXPECT_EQ(until("2147483000ms"), Millis{2147483000});
    EXPECT_EQ(until("2.5s"), Millis{2500});
    EXPECT_EQ(until("0.001"), Millis{1});
    for (const char* bad : {"99999999999ms", "2147483001ms", "2147483.001", "2147484", "-5", "1.0001",
                            "99999999999999999999999999999999", ".", "s", "ms", "1e3", "+5"}) {
        EXPECT_EQ(until(bad), std::nullopt) << bad;
    }
    const auto r = parse_scenario(one_router("run until 99999999999ms\n"), {});
    EXPECT_NE(r.error.find("expected run until SECONDS (0..2147483 s"), std::string::npos) << r.error;
}

TEST(SutScenario, SecondRunUntilIsRefused) {
    const auto r = parse_scenario(one_router("run until 5\nrun until 10\n"), {});
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error, "line 5: 'run until 10': expected a single 'run until' line (one is on line 4)");
}

TEST(SutScenario, AtMostThirtyTwoRouters) {
    std::string text;
    for (int i = 1; i <= 33; ++i) {
        text += "router R" + std::to_string(i) + " number " + std::to_string(5550000 + i) + " config {\ninterface BRI0\n}\n";
    }
    auto r = parse_scenario(text + "run until 1\n", {});
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error, "line 97: 'router R33 number 5550033 config {': expected at most 32 routers");
    r = parse_scenario(text.substr(0, text.find("router R33")) + "run until 1\n", {});
    EXPECT_TRUE(r.scenario) << r.error;
}

TEST(SutScenario, AtLinesPingsAndEchoesAreBounded) {
    // The testbed's work per step grows with the pings in flight: 30 000 ping lines ran for hours.
    std::string pings;
    for (int i = 0; i < 100; ++i) pings += "at 0 ping R1 192.0.2.2 1000\n";
    auto r = parse_scenario(one_router(pings + "run until 5\n"), {});
    EXPECT_TRUE(r.scenario) << r.error;
    r = parse_scenario(one_router(pings + "at 0 ping R1 192.0.2.2 1\nrun until 5\n"), {});
    EXPECT_EQ(r.error, "line 104: 'at 0 ping R1 192.0.2.2 1': expected at most 100 ping lines and 100000 echoes in all (100000 so far)");
    const std::string ninety_five = pings.substr(0, pings.size() / 100 * 95);  // 95 000 echoes
    r = parse_scenario(one_router(ninety_five + "at 0 ping R1 192.0.2.2 10000\nrun until 5\n"), {});
    EXPECT_EQ(r.error, "line 99: 'at 0 ping R1 192.0.2.2 10000': expected at most 100 ping lines and 100000 echoes in all (95000 so far)");
    std::string shows;
    for (int i = 0; i < 1000; ++i) shows += "at 0 show calls\n";
    r = parse_scenario(one_router(shows + "run until 5\n"), {});
    EXPECT_TRUE(r.scenario) << r.error;
    r = parse_scenario(one_router(shows + "at 1 show calls\nrun until 5\n"), {});
    EXPECT_EQ(r.error, "line 1004: 'at 1 show calls': expected at most 1000 'at' lines");
}

TEST(SutScenario, UnterminatedInlineBlockNamesItsFirstLine) {
    const auto r = parse_scenario("# x\nrouter R1 number 1 config {\ninterface BRI0\nrun until 5\n", {});
    ASSERT_FALSE(r.scenario);
    EXPECT_EQ(r.error, "line 2: 'router R1 number 1 config {': expected a line '}' closing the inline configuration");
}

TEST(SutScenario, ControlCharactersAndNulBytesAreEscaped) {
    static const char kText[] = "at 0 ping R1 192.0.2.1\0\x1b[2J\nrun until 5\n";
    const auto r = parse_scenario(one_router(std::string(kText, sizeof kText - 1)), loader_for(kDir));
    ASSERT_FALSE(r.scenario);
    EXPECT_FALSE(has_raw_control(r.error)) << r.error;
    EXPECT_NE(r.error.find("192.0.2.1\\x00\\x1b[2J"), std::string::npos) << r.error;
    const auto long_line = parse_scenario(one_router("at 0 ping R1 " + std::string(70000, 'x') + "\n"), {});
    EXPECT_LE(long_line.error.size(), 300U) << long_line.error;
}

TEST(SutScenario, CrlfAndByteOrderMarkAreAccepted) {
    const auto r = parse_scenario(
        "\xEF\xBB\xBFrouter R1 number 5557777 config {\r\nusername R2 password CCIE\r\ninterface BRI0\r\n}\r\n"
        "at 1 show dialer R1\r\nrun until 2\r\n",
        {});
    ASSERT_TRUE(r.scenario) << r.error;
    EXPECT_EQ(r.scenario->routers.at(0).config.secret("R2"), "CCIE");
    EXPECT_EQ(r.scenario->until, Millis{2000});
}

}  // namespace
}  // namespace ppp::sut

namespace ppp::sut {
namespace {

const wire::PppFrame* ppp_of(const PortMessage& m) {
    const auto& f = *m.decoded().ppp;
    return f ? &f.value() : nullptr;
}

TEST(SutScenario, CbcpRequestRetransmittedWithNewIdEveryTwoSeconds) {
    Testbed tb;
    RouterOptions o1 = test::r1_options();
    RouterOptions o2 = test::r2_options();
    o2.callback_request_op = 6;
    const auto r1 = tb.add_router(config_of("r1.cfg"), o1);
    const auto r2 = tb.add_router(config_of("r2.cfg"), o2);
    (void)r1;
    std::vector<std::pair<Millis, std::uint8_t>> requests;
    int responses_dropped = 0;
    tb.set_tap(r2, [&](PortMessage& ev) {
        if (ev.d_channel()) return TapDecision::pass();
        const auto* f = ppp_of(ev);
        if (!f || f->protocol != wire::proto::kCbcp || f->information.size() < 2) return TapDecision::pass();
        if (ev.to_sut() && f->information[0] == 1) requests.emplace_back(ev.at, f->information[1]);
        if (!ev.to_sut() && f->information[0] == 2 && responses_dropped < 2) {
            ++responses_dropped;
            return TapDecision::drop();
        }
        return TapDecision::pass();
    });
    tb.offer_ping(r2, 0xC0000201, 1);
    tb.run_until(10s);
    ASSERT_EQ(requests.size(), 3U);
    EXPECT_NE(requests[0].second, requests[1].second);  // CBCP-02: a new Id on retransmission
    EXPECT_NE(requests[1].second, requests[2].second);
    EXPECT_EQ(requests[1].first - requests[0].first, 2s);  // CBCP-05
    EXPECT_EQ(tb.router(r2).callback_pending(), true);
}

TEST(SutScenario, UnansweredTerminateRequestSentTwiceThreeSecondsApart) {
    // R1 never acknowledges a Terminate-Request (fault): R2 sends Max-Terminate = 2 TRs, 3 s
    // apart, then hangs up anyway (FSM-03, OBS-01, PH-04).
    // AMB-01 terminate_initiator = client: only R2 sends a TR.
    Testbed tb;
    RouterOptions o1 = test::r1_options();
    o1.faults.add(Fault::NoTerminateAck);
    o1.terminate_initiator = TerminateInitiator::Client;
    RouterOptions o2 = test::r2_options();
    o2.terminate_initiator = TerminateInitiator::Client;
    tb.add_router(config_of("r1.cfg"), o1);
    const auto r2 = tb.add_router(config_of("r2.cfg"), o2);
    std::vector<Millis> trs;
    tb.set_tap(r2, [&](PortMessage& ev) {
        if (!ev.d_channel() && !ev.to_sut()) {
            const auto* f = ppp_of(ev);
            if (f && f->protocol == wire::proto::kLcp && !f->information.empty() && f->information[0] == 5) {
                trs.push_back(ev.at);
            }
        }
        return TapDecision::pass();
    });
    tb.offer_ping(r2, 0xC0000201, 1);
    tb.run_until(10s);
    ASSERT_EQ(trs.size(), 2U);
    EXPECT_EQ(trs[1] - trs[0], 3s);
    EXPECT_FALSE(tb.router(r2).channel_connected(1));
}

}  // namespace
}  // namespace ppp::sut

namespace ppp::sut {
namespace {

TEST(SutScenario, DialstringServerCallsNumberFromOption) {
    // CCB-03: `dialer callback-server dialstring` takes the number from the negotiation (op 3).
    auto cfg = config_of("r1.cfg");
    cfg.map_classes["CALL_R2_BACK"].callback_server = CallbackServerMode::Dialstring;
    cfg.bri.dialer_maps[0].number = "5550000";  // not where the client asks to be called
    Testbed tb;
    RouterOptions o1 = test::r1_options();
    RouterOptions o2 = test::r2_options();
    o2.callback_request_op = 3;
    tb.add_router(cfg, o1);
    const auto r2 = tb.add_router(config_of("r2.cfg"), o2);
    tb.offer_ping(r2, 0xC0000201, 1);
    tb.run_until(30s);
    ASSERT_EQ(tb.network().records().size(), 2U);
    EXPECT_EQ(tb.network().records()[1].callee, "5558888");
    EXPECT_TRUE(tb.network().records()[1].connected_at.has_value());
}

TEST(SutScenario, UsernameServerIgnoresNumberInOption) {
    Testbed tb;
    RouterOptions o1 = test::r1_options();
    RouterOptions o2 = test::r2_options();
    o2.callback_request_op = 3;
    auto cfg1 = config_of("r1.cfg");
    cfg1.bri.dialer_maps[0].number = "5550000";
    tb.add_router(cfg1, o1);
    const auto r2 = tb.add_router(config_of("r2.cfg"), o2);
    tb.offer_ping(r2, 0xC0000201, 1);
    tb.run_until(30s);
    ASSERT_EQ(tb.network().records().size(), 2U);
    EXPECT_EQ(tb.network().records()[1].callee, "5550000");  // CCB-03: from the dialer map
    EXPECT_EQ(tb.network().records()[1].cause, wire::cause::kUnallocated);
}

}  // namespace
}  // namespace ppp::sut
