// What `ppp-conform run` leaves behind, checked the way a lab and a CI system use it: the HTML
// report renders in headless Chromium and fetches nothing, an interrupted run leaves a valid JUnit
// file with the finished cases and no temporary file, every case can leave pcap evidence, no
// output of a campaign holds a secret, and shards merged give one unsharded run's verdicts
// (DESIGN.md section 9). External tools are skipped when missing, failures under
// PPP_REQUIRE_TOOLS=1.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <tinyxml2.h>

#include "ppp/adapters/capture_file.hpp"
#include "reports/xml_tools.hpp"
#include "tools/subprocess.hpp"

namespace {

#ifdef PPP_CONFORM_BIN

using ppp::test_tools::RunResult;
using ppp::test_tools::TempDir;
using ppp::test_tools::find_in_path;
using ppp::test_tools::read_file;

// The sharding variables of the test process itself must not split the campaigns started here.
const std::vector<std::string> kUnsharded = {"GTEST_SHARD_INDEX", "GTEST_TOTAL_SHARDS", "GTEST_SHARD_STATUS_FILE"};

std::vector<std::string> conform_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{PPP_CONFORM_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

RunResult conform(const std::vector<std::string>& args, const TempDir& logs,
                  const std::vector<std::string>& env = kUnsharded) {
    return ppp::test_tools::run_process(conform_argv(args), logs, "", env);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// One testcase of a JUnit file as CI reads it.
struct JunitCase {
    std::string verdict;  // pass, or failure/error/skipped followed by ": message"
    std::map<std::string, std::string> properties;
};

// "classname/name" -> case; empty with `error` set when the file does not parse.
std::map<std::string, JunitCase> junit_cases(const std::string& path, std::string& error) {
    std::map<std::string, JunitCase> out;
    tinyxml2::XMLDocument doc;
    if (doc.LoadFile(path.c_str()) != tinyxml2::XML_SUCCESS) {
        error = path + ": " + doc.ErrorStr();
        return out;
    }
    const auto* root = doc.FirstChildElement("testsuites");
    if (root == nullptr) {
        error = path + ": no <testsuites> root";
        return out;
    }
    for (const auto* suite = root->FirstChildElement("testsuite"); suite; suite = suite->NextSiblingElement("testsuite")) {
        for (const auto* tc = suite->FirstChildElement("testcase"); tc; tc = tc->NextSiblingElement("testcase")) {
            JunitCase c;
            c.verdict = "pass";
            for (const char* outcome : {"failure", "error", "skipped"}) {
                if (const auto* e = tc->FirstChildElement(outcome)) {
                    c.verdict = std::string(outcome) + ": " + (e->Attribute("message") ? e->Attribute("message") : "");
                }
            }
            if (const auto* props = tc->FirstChildElement("properties")) {
                for (const auto* p = props->FirstChildElement("property"); p; p = p->NextSiblingElement("property")) {
                    c.properties[p->Attribute("name") ? p->Attribute("name") : ""] =
                        p->Attribute("value") ? p->Attribute("value") : "";
                }
            }
            const std::string key = std::string(tc->Attribute("classname") ? tc->Attribute("classname") : "") + "/" +
                                    (tc->Attribute("name") ? tc->Attribute("name") : "");
            if (!out.emplace(key, std::move(c)).second) error = path + ": testcase " + key + " twice";
        }
    }
    return out;
}

std::optional<std::string> chromium() {
    for (const char* name : {"chromium", "chromium-browser"}) {
        if (auto path = find_in_path(name)) return path;
    }
    return std::nullopt;
}

// A campaign with one failure, so the report holds a sequence diagram (CB-04: no Callback option
// on the return call).
RunResult failing_campaign(const TempDir& out, const TempDir& logs) {
    return conform({"run", "--seed", "3", "--tp", "TP-CB-SRV-009", "--fault", "callback-option-on-return-call",
                    "--junit", out.file("j.xml"), "--report-dir", out.path()},
                   logs);
}

TEST(SuitesCampaignOutputs, HtmlReportNamesNothingOutsideItself) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const RunResult run = failing_campaign(out, logs);
    ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
    const std::string html = read_file(out.file("report.html"));
    ASSERT_NE(html.find("<svg"), std::string::npos) << "the failing case has no sequence diagram";
    // Every link is an anchor inside the page; nothing is loaded from elsewhere.
    const std::regex reference(R"re(\b(src|href|xlink:href|action|poster|srcset|data)\s*=\s*"([^"]*)")re");
    std::size_t links = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), reference), end; it != end; ++it) {
        ++links;
        EXPECT_EQ((*it)[2].str().rfind('#', 0), 0U) << (*it)[0].str();
    }
    EXPECT_GT(links, 0U);
    for (const char* fetching : {"<script", "<link", "<iframe", "<img", "<object", "<embed", "url(", "@import"}) {
        EXPECT_EQ(html.find(fetching), std::string::npos) << fetching;
    }
}

TEST(SuitesCampaignOutputs, HtmlReportRendersInHeadlessChromium) {
    TempDir out, logs, profile;  // profile: Chromium's new, empty user data dir
    ASSERT_TRUE(out.ok() && logs.ok() && profile.ok());
    const RunResult run = failing_campaign(out, logs);
    ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
    const auto browser = chromium();
    const auto pdftotext = find_in_path("pdftotext");
    PPP_REQUIRE_TOOL(browser && pdftotext, "chromium or pdftotext (poppler-utils) not found");

    // Printed to PDF with the network closed: a report needing a fetch would render without it.
    const std::string pdf = out.file("report.pdf");
    const RunResult print = ppp::test_tools::run_process(
        {*browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile.path(), "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + out.file("report.html")},
        logs);
    ASSERT_TRUE(print.spawned) << print.spawn_error;
    ASSERT_EQ(print.exit_code, 0) << print.err;
    const std::string text_path = out.file("report.txt");
    const RunResult extract = ppp::test_tools::run_process({*pdftotext, "-layout", pdf, text_path}, logs);
    ASSERT_EQ(extract.exit_code, 0) << extract.err;
    const std::vector<std::string> lines = lines_of(read_file(text_path));

    // The verdict table: its header cells side by side, the failing purpose's row with its verdict.
    auto line_matching = [&lines](const std::regex& pattern) -> const std::string* {
        for (const std::string& line : lines) {
            if (std::regex_search(line, pattern)) return &line;
        }
        return nullptr;
    };
    // (The failure's own heading also holds the ID and "fail", but not in the Verdict column.)
    const std::string* header = line_matching(std::regex(R"(Test purpose\s+Title\s+Suite\s+Verdict\s+Requirements)"));
    const std::string* row = line_matching(std::regex(R"(TP-CB-SRV-009\s+.*\bfail\s+AMB-07\b)"));
    ASSERT_TRUE(header != nullptr && row != nullptr) << "no verdict table in the rendered page";
    const auto verdict_column = static_cast<long>(header->find("Verdict"));
    const auto fail_column = static_cast<long>(std::regex_replace(*row, std::regex(R"(\bfail\s+AMB-07.*)"), "").size());
    // Within the Verdict heading's span (pdftotext's columns shift by a few characters with the
    // page's content), well before the Requirements column.
    EXPECT_GE(fail_column, verdict_column - 3) << *header << "\n" << *row;
    EXPECT_LE(fail_column, verdict_column + static_cast<long>(std::string("Verdict").size())) << *header << "\n" << *row;

    // The sequence diagram: three lane heads on one line, B-channel arrows labelled between the
    // peer and SUT lanes, Q.931 arrows between the SUT and network lanes.
    const std::string* heads = line_matching(std::regex(R"(^\s*peer\s+SUT\s+network\s*$)"));
    ASSERT_NE(heads, nullptr) << "no lane heads of the sequence diagram in the rendered page";
    const std::size_t sut_column = heads->find("SUT");
    const std::string* lcp = line_matching(std::regex(R"(B1 LCP ConfReq)"));
    const std::string* q931 = line_matching(std::regex(R"(Q\.931 SETUP)"));
    ASSERT_TRUE(lcp != nullptr && q931 != nullptr) << "arrow labels missing from the rendered diagram";
    EXPECT_LT(lcp->find("B1 LCP"), sut_column);
    EXPECT_GT(q931->find("Q.931"), sut_column);
    EXPECT_NE(line_matching(std::regex(R"(expected no Callback)")), nullptr);
}

TEST(SuitesCampaignOutputs, SigintLeavesValidJunitWithTheFinishedCases) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const std::string junit = out.file("j.xml");
    // Many plans per property purpose: the campaign is still running when the signal comes.
    const auto started = ppp::test_tools::start_process(
        conform_argv({"run", "--seed", "4", "--plans", "2000", "--junit", junit}), logs, "", kUnsharded);
    ASSERT_GE(started.pid, 0) << started.spawn_error;
    // Interrupt once the first finished case is on disk (bounded wait, not a timing assertion).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (read_file(junit).find("<testcase") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(::kill(started.pid, SIGINT), 0);
    const RunResult run = ppp::test_tools::finish_process(started, logs);
    ASSERT_TRUE(run.spawned) << run.spawn_error;

    // DESIGN.md section 9: an interrupted campaign gave no verdict on the SUT: exit 3.
    EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(run.out, m, std::regex(R"(interrupted after (\d+) of (\d+) purposes)"))) << run.out;
    const std::size_t finished = std::stoul(m[1]), selected = std::stoul(m[2]);
    EXPECT_GE(finished, 1U);
    EXPECT_LT(finished, selected);

    std::string error;
    const auto cases = junit_cases(junit, error);
    ASSERT_EQ(error, "");
    EXPECT_EQ(cases.size(), finished);
    EXPECT_NE(read_file(junit).find("tests=\"" + std::to_string(finished) + "\""), std::string::npos);
    const auto xmllint = ppp::reports_test::xmllint();
    if (xmllint) {
        EXPECT_EQ(ppp::reports_test::xmllint_complaint(*xmllint, junit, ppp::reports_test::junit_schema_path(), logs),
                  "");
    }
    // The spool and temporary files are gone: the folder holds the JUnit file alone.
    for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
        EXPECT_EQ(entry.path().filename().string(), "j.xml") << "left behind: " << entry.path();
    }
    PPP_REQUIRE_TOOL(xmllint, "xmllint (libxml2-utils) not found: schema check skipped");
}

// Processes whose command line names `marker` (a campaign's workers share their parent's).
std::vector<int> processes_naming(const std::string& marker) {
    std::vector<int> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string cmdline = read_file(entry.path().string() + "/cmdline");
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(marker) != std::string::npos) found.push_back(std::stoi(name));
    }
    return found;
}

// Waits (bounded) until no process names `marker`; returns those still there.
std::vector<int> wait_until_gone(const std::string& marker) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    auto left = processes_naming(marker);
    while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        left = processes_naming(marker);
    }
    return left;
}

// Starts the lcp suite with a million plans per property purpose, waits (bounded) until it has
// begun so the signals land in the middle of a purpose, sends them and waits for the end.
RunResult interrupt_long_campaign(const TempDir& out, const TempDir& logs, const std::string& jobs,
                                  std::initializer_list<int> signals) {
    const auto started = ppp::test_tools::start_process(
        // Only the property purposes: the signal must find plans under way, however long the fixed
        // purposes take on a loaded or sanitized build.
        conform_argv({"run", "--seed", "5", "--plans", "1000000", "--tp", "TP-LCP-P*", "--jobs", jobs, "--junit",
                      out.file("j.xml")}),
        logs, "", kUnsharded);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (read_file(logs.file("stdout.txt")).find("purposes, sut") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the property purposes' plans
    RunResult failed;
    if (started.pid < 0) {
        failed.spawn_error = started.spawn_error;
        return failed;
    }
    for (const int sig : signals) ::kill(started.pid, sig);
    return ppp::test_tools::finish_process(started, logs);
}

// D24: a signal stops a property purpose between two plans (not after its million plans); the
// purpose cut short is an `error` saying how far it got.
TEST(SuitesCampaignOutputs, SigintStopsAPropertyPurposeBetweenPlans) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const RunResult run = interrupt_long_campaign(out, logs, "1", {SIGINT});
    ASSERT_TRUE(run.spawned) << run.spawn_error;
    EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
    std::string error;
    const auto cases = junit_cases(out.file("j.xml"), error);
    ASSERT_EQ(error, "");
    std::smatch m;
    bool cut_short = false;
    for (const auto& [name, c] : cases) {
        if (!std::regex_search(c.verdict, m, std::regex(R"(^error: interrupted after (\d+) of 1000000 plans)"))) continue;
        cut_short = true;
        EXPECT_LT(std::stoul(m[1]), 1000000UL) << name;
    }
    EXPECT_TRUE(cut_short) << "no purpose reports being interrupted between plans:\n" << run.out;
}

// D24: the second signal ends the run at once; the JUnit file on disk is whole, no worker stays.
TEST(SuitesCampaignOutputs, SecondSignalEndsTheRunAtOnceAndTakesTheWorkers) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const RunResult run = interrupt_long_campaign(out, logs, "2", {SIGINT, SIGINT});
    ASSERT_TRUE(run.spawned) << run.spawn_error;
    EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
    std::string error;
    junit_cases(out.file("j.xml"), error);
    EXPECT_EQ(error, "") << "the JUnit file is not whole";
    EXPECT_EQ(wait_until_gone(out.file("j.xml")), std::vector<int>{}) << "workers outlived the run";
}

// D10: SIGHUP (a closed terminal) ends a campaign like SIGTERM, workers included.
TEST(SuitesCampaignOutputs, SighupStopsTheCampaignAndItsWorkers) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const RunResult run = interrupt_long_campaign(out, logs, "2", {SIGHUP});
    ASSERT_TRUE(run.spawned) << run.spawn_error;
    EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
    EXPECT_NE(run.out.find("interrupted after"), std::string::npos) << run.out;
    EXPECT_EQ(wait_until_gone(out.file("j.xml")), std::vector<int>{}) << "workers outlived the run";
}

// D10: `run | head -1`: the closed pipe stops terminal output only; JUnit and the report are
// still complete, and the exit code says something went wrong (3).
TEST(SuitesCampaignOutputs, ClosedPipeOnStdoutStillCompletesJunitAndReport) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const std::string command = std::string("'") + PPP_CONFORM_BIN + "' run --seed 2 --suite lcp --plans 20 --junit '" +
                                out.file("j.xml") + "' --report-dir '" + out.file("rep") +
                                "' | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}";
    const RunResult run = ppp::test_tools::run_process({"/bin/bash", "-c", command}, logs, "", kUnsharded);
    ASSERT_TRUE(run.spawned) << run.spawn_error;
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("standard output cannot be written"), std::string::npos) << run.err;
    std::string error;
    const auto cases = junit_cases(out.file("j.xml"), error);
    ASSERT_EQ(error, "");
    EXPECT_GT(cases.size(), 5U);
    EXPECT_NE(read_file(out.file("rep/report.html")).find("TP-LCP-001"), std::string::npos);
}

TEST(SuitesCampaignOutputs, EvidenceAllLeavesPcapsForEveryCaseThatRan) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    // --evidence all is the default.
    const RunResult run = conform({"run", "--seed", "3", "--plans", "5", "--suite", "auth", "--suite", "lcp",
                                   "--junit", out.file("j.xml"), "--report-dir", out.path()},
                                  logs);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    std::string error;
    const auto cases = junit_cases(out.file("j.xml"), error);
    ASSERT_EQ(error, "");
    std::size_t passing_with_evidence = 0;
    for (const auto& [name, c] : cases) {
        if (c.verdict.rfind("skipped: not applicable", 0) == 0) continue;  // nothing ran
        // An inconclusive purpose may never have placed a call: nothing at the port to capture.
        const bool may_lack = c.verdict.rfind("skipped: inconc", 0) == 0;
        for (const auto& [property, link_type] : {std::pair<std::string, int>{"evidence_b_channel", 204},
                                                  std::pair<std::string, int>{"evidence_d_channel", 203}}) {
            const auto path = c.properties.find(property);
            if (path == c.properties.end() && may_lack) continue;
            ASSERT_NE(path, c.properties.end()) << name << " has no " << property;
            auto reader = ppp::adapters::PcapReader::open(path->second, error);
            ASSERT_TRUE(reader) << name << ": " << error;
            EXPECT_EQ(reader->linktype(), link_type) << path->second;
            std::size_t records = 0;
            while (reader->next()) ++records;
            EXPECT_GT(records, 0U) << path->second;
        }
        if (c.verdict == "pass") ++passing_with_evidence;
    }
    EXPECT_GT(passing_with_evidence, 5U);

    // With --evidence failing only failing cases leave captures: this all-pass campaign leaves none.
    TempDir quiet;
    ASSERT_EQ(conform({"run", "--seed", "3", "--plans", "5", "--suite", "auth", "--evidence", "failing", "--report-dir",
                       quiet.path()},
                      logs)
                  .exit_code,
              0);
    for (const auto& entry : std::filesystem::directory_iterator(quiet.path())) {
        EXPECT_NE(entry.path().extension(), ".pcap") << entry.path();
    }
}

TEST(SuitesCampaignOutputs, EvidenceOfAnUnknownKindIsRefused) {
    TempDir logs;
    const RunResult run = conform({"run", "--tp", "TP-AUTH-001", "--evidence", "some"}, logs);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("--evidence some is not accepted (failing, all)"), std::string::npos) << run.err;
}

TEST(SuitesCampaignOutputs, NoOutputOfACampaignHoldsASecret) {
    // A failing campaign with every case's captures: traces, reproduce lines, PAP exchanges
    // (TP-AUTH-004 carries a password in clear on the wire, PAP-02) and logs.
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const RunResult run = conform({"run", "--seed", "3", "--plans", "20", "--fault", "chap-wrong-hash-order",
                                   "--evidence", "all", "--junit", out.file("j.xml"), "--report-dir", out.path()},
                                  logs);
    ASSERT_EQ(run.exit_code, 1) << run.err;
    const std::string pap_capture = read_file(out.file("TP-AUTH-004-b.pcap"));
    ASSERT_NE(pap_capture.find("<redacted>"), std::string::npos) << "the PAP password was not replaced in the capture";
    std::map<std::string, std::string> outputs{{"stdout", run.out}, {"stderr", run.err}};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(out.path())) {
        if (entry.is_regular_file()) outputs[entry.path().string()] = read_file(entry.path().string());
    }
    EXPECT_GT(outputs.size(), 60U);
    for (const auto& [name, text] : outputs) {
        if (name != "stderr") {
            EXPECT_FALSE(text.empty()) << name;
        }
        for (const char* secret : {"CCIE", "WRONG-SECRET"}) {
            EXPECT_EQ(text.find(secret), std::string::npos) << name << " shows the secret " << secret;
        }
    }
}

// Shards split the purposes; merged, they must give every case the verdict (and message) of one
// unsharded run, whether split by --shard or by GoogleTest's variables.
TEST(SuitesCampaignOutputs, MergedShardsGiveTheVerdictsOfOneRun) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    const std::vector<std::string> campaign = {"run", "--seed", "5", "--plans", "10", "--fault",
                                               "callback-option-on-return-call"};
    auto with = [&campaign](std::vector<std::string> more) {
        std::vector<std::string> args = campaign;
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    std::filesystem::create_directories(out.file("all"));
    ASSERT_EQ(conform(with({"--junit", out.file("all.xml"), "--report-dir", out.file("all")}), logs).exit_code, 1);
    std::string error;
    const auto all = junit_cases(out.file("all.xml"), error);
    ASSERT_EQ(error, "");
    std::set<std::string> verdict_kinds;
    for (const auto& [name, c] : all) verdict_kinds.insert(c.verdict.substr(0, c.verdict.find(':')));
    EXPECT_GE(verdict_kinds.size(), 3U) << "the campaign should mix pass, failure and skipped";

    struct Split {
        const char* label;
        std::size_t shards;
        bool by_environment;
    };
    for (const Split split : {Split{"--shard", 2, false}, Split{"GTEST_*", 3, true}}) {
        std::vector<std::string> merge_args = {"merge", out.file("merged.xml")};
        std::vector<std::string> report_args;  // --shard also writes each shard's report
        for (std::size_t i = 0; i < split.shards; ++i) {
            if (!split.by_environment) std::filesystem::create_directories(out.file("r" + std::to_string(i)));
            const std::string file = out.file("shard" + std::to_string(i) + ".xml");
            const std::string shard = std::to_string(i) + "/" + std::to_string(split.shards);
            const RunResult r =
                split.by_environment
                    ? conform(with({"--junit", file}), logs,
                              {"GTEST_SHARD_INDEX=" + std::to_string(i), "GTEST_TOTAL_SHARDS=" + std::to_string(split.shards)})
                    : conform(with({"--shard", shard, "--junit", file, "--report-dir", out.file("r" + std::to_string(i))}), logs);
            ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << split.label << " " << shard << ": " << r.err;
            const auto part = junit_cases(file, error);
            ASSERT_EQ(error, "");
            EXPECT_GT(part.size(), 0U) << split.label << " " << shard;
            EXPECT_LT(part.size(), all.size()) << split.label << " " << shard << " ran everything";
            merge_args.push_back(file);
            if (!split.by_environment) {
                report_args.push_back("--report-data");
                report_args.push_back(out.file("r" + std::to_string(i)));
            }
        }
        if (!split.by_environment) {
            std::filesystem::create_directories(out.file("joined"));
            merge_args.push_back("--report-dir");
            merge_args.push_back(out.file("joined"));
            merge_args.insert(merge_args.end(), report_args.begin(), report_args.end());
        }
        ASSERT_EQ(conform(merge_args, logs).exit_code, 0) << split.label;
        const auto merged = junit_cases(out.file("merged.xml"), error);
        ASSERT_EQ(error, "");
        EXPECT_EQ(merged.size(), all.size()) << split.label;
        for (const auto& [name, c] : all) {
            const auto it = merged.find(name);
            ASSERT_NE(it, merged.end()) << split.label << ": " << name << " missing";
            EXPECT_EQ(it->second.verdict, c.verdict) << split.label << ": " << name;
        }
        if (split.by_environment) continue;
        // The joined report: the same verdict rows (times aside) and the same model coverage,
        // hit counts summed over the shards, as the unsharded run's report.
        auto verdict_rows = [](const std::string& markdown) {
            std::set<std::string> rows;
            for (const auto& line : lines_of(markdown)) {
                if (line.rfind("| TP-", 0) != 0) continue;
                rows.insert(std::regex_replace(line, std::regex(R"(\| [0-9.]+ \|)"), "| t |"));
            }
            return rows;
        };
        const auto joined_rows = verdict_rows(read_file(out.file("joined/summary.md")));
        EXPECT_EQ(joined_rows, verdict_rows(read_file(out.file("all/summary.md"))));
        EXPECT_EQ(joined_rows.size(), all.size());
        auto model_coverage = [](const std::string& html) {
            const auto from = html.find("<h2>Model coverage</h2>");
            const auto to = html.find("<h2>", from + 1);
            return from == std::string::npos ? std::string() : html.substr(from, to - from);
        };
        const std::string joined_coverage = model_coverage(read_file(out.file("joined/report.html")));
        EXPECT_NE(joined_coverage.find("Reachable transitions taken"), std::string::npos);
        EXPECT_NE(joined_coverage.find("Unreachable, left out of the figures"), std::string::npos);
        EXPECT_EQ(joined_coverage, model_coverage(read_file(out.file("all/report.html"))));
    }
}

// Issue #12 D9: two runs writing the same --junit and --report-dir never share a temporary: both
// finish, the files are whole (the last rename wins) and nothing is left beside them.
TEST(SuitesCampaignOutputs, TwoRunsSharingOutputsBothComplete) {
    TempDir out, logs_a, logs_b;
    ASSERT_TRUE(out.ok() && logs_a.ok() && logs_b.ok());
    const std::vector<std::string> args = {"run", "--seed", "5", "--plans", "200", "--suite", "lcp", "--jobs", "1",
                                           "--evidence", "failing", "--junit", out.file("j.xml"), "--report-dir", out.file("rep")};
    const auto a = ppp::test_tools::start_process(conform_argv(args), logs_a, "", kUnsharded);
    const auto b = ppp::test_tools::start_process(conform_argv(args), logs_b, "", kUnsharded);
    ASSERT_GE(a.pid, 0) << a.spawn_error;
    ASSERT_GE(b.pid, 0) << b.spawn_error;
    const RunResult run_a = ppp::test_tools::finish_process(a, logs_a);
    const RunResult run_b = ppp::test_tools::finish_process(b, logs_b);
    EXPECT_EQ(run_a.exit_code, 0) << run_a.err;
    EXPECT_EQ(run_b.exit_code, 0) << run_b.err;
    std::string error;
    const auto cases = junit_cases(out.file("j.xml"), error);
    EXPECT_EQ(error, "");
    EXPECT_FALSE(cases.empty());
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(out.path())) {
        names.push_back(entry.path().lexically_relative(out.path()).string());
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"j.xml", "rep", "rep/report-data.jsonl", "rep/report.html",
                                               "rep/summary.md"}));
    // Each file is one run's whole document.
    const std::string data = read_file(out.file("rep/report-data.jsonl"));
    EXPECT_EQ(std::count(data.begin(), data.end(), '\n'), static_cast<long>(cases.size()) + 1);
    EXPECT_NE(read_file(out.file("rep/report.html")).find("</html>"), std::string::npos);
}

// The joined report needs every shard's data: a shard that did not finish is named, not merged.
TEST(SuitesCampaignOutputs, MergeRefusesATruncatedShardReport) {
    TempDir out, logs;
    ASSERT_TRUE(out.ok() && logs.ok());
    std::filesystem::create_directories(out.file("r0"));
    std::filesystem::create_directories(out.file("joined"));
    ASSERT_EQ(conform({"run", "--seed", "2", "--plans", "5", "--suite", "lcp", "--junit", out.file("s0.xml"),
                       "--report-dir", out.file("r0")},
                      logs)
                  .exit_code,
              0);
    const std::string data = read_file(out.file("r0/report-data.jsonl"));
    ASSERT_FALSE(data.empty());
    {
        std::ofstream cut(out.file("r0/report-data.jsonl"), std::ios::trunc);
        cut << data.substr(0, data.rfind('\n', data.size() - 2) + 1);  // the closing run line lost
    }
    const RunResult r = conform({"merge", out.file("m.xml"), out.file("s0.xml"), "--report-dir", out.file("joined"),
                                 "--report-data", out.file("r0")},
                                logs);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("report-data.jsonl: no closing run description: this shard's run did not finish"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(out.file("m.xml")));  // nothing written on refusal
    const RunResult alone = conform({"merge", out.file("m.xml"), out.file("s0.xml"), "--report-dir", out.file("joined")}, logs);
    EXPECT_EQ(alone.exit_code, 2);
    EXPECT_NE(alone.err.find("--report-dir and --report-data go together"), std::string::npos) << alone.err;
}

#endif  // PPP_CONFORM_BIN

}  // namespace
