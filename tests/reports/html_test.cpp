// The HTML conformance report: self-contained, well-formed, every purpose listed, failures drawn
// as sequence diagrams, all text escaped and secrets redacted.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include <tinyxml2.h>

#include "ppp/reports/conformance_report.hpp"
#include "reports/sample_results.hpp"
#include "reports/xml_tools.hpp"
#include "tools/subprocess.hpp"

namespace {

using ppp::reports::CaseResult;
using ppp::reports::ReportInput;
using ppp::reports::Verdict;
using ppp::reports_test::make_case;

ReportInput sample_input() {
    ReportInput in;
    in.run.timestamp = "2026-11-24T05:00:00Z";
    in.run.hostname = "lab-3";
    in.run.properties = {{"seed", "42"}};
    in.sut_identity = {{"vendor", "Example Networks"}, {"product", "BRI-router 2000"}, {"version", "15.1(4)M"}};
    in.pics = {{"role.callback-server", "yes"}, {"callback.op0", "yes"}};
    in.pixit = {{"number.server", "5557777"}, {"chap.secret", "CCIE"}};
    in.requirements = {{"LCP-05", "RFC 1661 section 5.2"}, {"CB-03", "RFC 1570 section 2.3"},
                       {"CCB-05", "MS-CBCP section 3.1"}};
    in.states = {{"callback-server", "Idle", {}, 4}, {"callback-server", "Authenticated", {"CB-03"}, 2},
                 {"callback-server", "WaitingToCallBack", {"CB-03"}, 0}};
    in.transitions = {{"callback-server", "Idle --Answer--> Negotiating", {}, 4},
                      {"callback-server", "Authenticated --Drop--> WaitingToCallBack", {"CB-03"}, 0}};
    return in;
}

std::vector<CaseResult> sample_cases() {
    auto cases = ppp::reports_test::sample();
    cases.push_back(ppp::reports_test::failing_case_with_trace());
    return cases;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(ReportsHtml, EveryTestPurposeAndSectionAppears) {
    const auto cases = sample_cases();
    const std::string html = ppp::reports::render_html(sample_input(), cases);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0U);
    for (const CaseResult& c : cases) EXPECT_NE(html.find(">" + c.id + "<"), std::string::npos) << c.id;
    for (const char* section : {"id=\"sut\"", "id=\"profile\"", "id=\"summary\"", "id=\"verdicts\"",
                                "id=\"requirements\"", "id=\"model\"", "id=\"failures\""}) {
        EXPECT_NE(html.find(section), std::string::npos) << section;
    }
    EXPECT_NE(html.find("BRI-router 2000"), std::string::npos);
    EXPECT_NE(html.find("role.callback-server"), std::string::npos);
    EXPECT_NE(html.find("number.server"), std::string::npos);
    EXPECT_NE(html.find("1 passed, 3 failed, 2 skipped"), std::string::npos);
}

TEST(ReportsHtml, FailureHasSequenceDiagram) {
    const std::string html = ppp::reports::render_html(sample_input(), sample_cases());
    // Only the failing case with a trace gets a diagram; its six events are six arrows.
    ASSERT_EQ(count(html, "<svg "), 1U);
    const std::string svg = html.substr(html.find("<svg "), html.find("</svg>") - html.find("<svg "));
    EXPECT_EQ(count(svg, "<g class=\"arrow"), 6U);
    EXPECT_EQ(count(svg, "<g class=\"arrow violation\">"), 1U);
    for (const char* lane : {">peer</text>", ">SUT</text>", ">network</text>"}) {
        EXPECT_NE(svg.find(lane), std::string::npos) << lane;
    }
    // The violation is red, arrow and label.
    const std::string violation = svg.substr(svg.find("<g class=\"arrow violation\">"));
    EXPECT_NE(violation.find("stroke=\"#c0392b\""), std::string::npos);
    EXPECT_NE(violation.find("fill=\"#c0392b\""), std::string::npos);
    EXPECT_NE(violation.find("IPCP Configure-Request"), std::string::npos);
    // The reproduce command from the case's properties.
    EXPECT_NE(html.find("<pre class=\"reproduce\">ppp-conform run --tp TP-CB-SRV-007 --seed 42</pre>"),
              std::string::npos);
}

TEST(ReportsHtml, ArrowsAreDrawnInTimeOrder) {
    CaseResult c = make_case("lcp", "TP-LCP-010", Verdict::Fail, "late");
    c.trace = {{3.0, "SUT", "peer", "third"}, {1.0, "peer", "SUT", "first"}, {2.0, "SUT", "peer", "second"}};
    const std::string html = ppp::reports::render_html({}, {c});
    const std::size_t first = html.find("first</text>");
    const std::size_t second = html.find("second</text>");
    const std::size_t third = html.find("third</text>");
    ASSERT_NE(third, std::string::npos);
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    // And downwards: each arrow's y grows.
    const std::regex y_of_line("<line x1=\"\\d+\" y1=\"(\\d+)\" x2=\"\\d+\" y2=\"\\d+\" stroke=\"#222222\"");
    std::vector<int> ys;
    for (std::sregex_iterator it(html.begin(), html.end(), y_of_line), end; it != end; ++it) {
        ys.push_back(std::stoi((*it)[1]));
    }
    ASSERT_EQ(ys.size(), 3U);
    EXPECT_LT(ys[0], ys[1]);
    EXPECT_LT(ys[1], ys[2]);
}

TEST(ReportsHtml, NothingIsFetched) {
    const std::string html = ppp::reports::render_html(sample_input(), sample_cases());
    std::string rest = html;
    const std::string svg_ns = "xmlns=\"http://www.w3.org/2000/svg\"";
    for (std::size_t at = rest.find(svg_ns); at != std::string::npos; at = rest.find(svg_ns)) {
        rest.erase(at, svg_ns.size());
    }
    EXPECT_EQ(rest.find("http://"), std::string::npos);
    EXPECT_EQ(rest.find("https://"), std::string::npos);
    EXPECT_EQ(rest.find("<script"), std::string::npos);
    EXPECT_EQ(rest.find("<link"), std::string::npos);
    EXPECT_EQ(rest.find(" src="), std::string::npos);
    EXPECT_EQ(rest.find("url("), std::string::npos);
    EXPECT_EQ(rest.find("@import"), std::string::npos);
}

TEST(ReportsHtml, TextIsEscapedAndControlBytesStripped) {
    CaseResult c = make_case("lcp", "TP-LCP-<b>", Verdict::Fail, "<script>alert('x')</script> & \x01\x1b[31m");
    c.detail = std::string("raw \x00\x07 bytes \xff", 14);
    c.trace = {{0.0, "peer", "SUT", "<img src=x onerror=alert(1)>"}};
    c.properties = {{"reproduce", "ppp-conform run --tp \"TP-LCP-<b>\""}};
    const std::string html = ppp::reports::render_html({}, {c});
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; [31m"), std::string::npos);
    EXPECT_NE(html.find("TP-LCP-&lt;b&gt;"), std::string::npos);
    for (char ch : html) {
        const auto u = static_cast<unsigned char>(ch);
        EXPECT_TRUE(u >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') << "control byte " << int(u);
        EXPECT_NE(u, 0xFFU);
    }
    tinyxml2::XMLDocument doc;
    EXPECT_EQ(doc.Parse(html.c_str(), html.size()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
}

TEST(ReportsHtml, SecretsAreRedacted) {
    ReportInput in = sample_input();
    in.run.secrets = {"CCIE"};
    auto cases = sample_cases();
    cases.back().detail += "\nusername R1 password CCIE";
    cases.back().trace.push_back({3.0, "peer", "SUT", "PAP Authenticate-Request R2/CCIE"});
    const std::string html = ppp::reports::render_html(in, cases);
    EXPECT_EQ(html.find("CCIE"), std::string::npos);
    EXPECT_NE(html.find("&lt;redacted&gt;"), std::string::npos);
}

TEST(ReportsHtml, CoverageShowsMatrixAndWhatWasNeverExercised) {
    const std::string html = ppp::reports::render_html(sample_input(), sample_cases());
    const std::string requirements = html.substr(html.find("id=\"requirements\""), html.find("id=\"model\"") -
                                                                                     html.find("id=\"requirements\""));
    // CB-03 is covered by the failing purpose only; CCB-05 by none.
    const std::string cb03 = requirements.substr(requirements.find("<td>CB-03</td>"));
    EXPECT_NE(cb03.substr(0, cb03.find("</tr>")).find("TP-CB-SRV-007"), std::string::npos);
    EXPECT_NE(cb03.substr(0, cb03.find("</tr>")).find("v-fail"), std::string::npos);
    const std::string ccb05 = requirements.substr(requirements.find("<td>CCB-05</td>"));
    EXPECT_NE(ccb05.substr(0, ccb05.find("</tr>")).find("untested"), std::string::npos);
    EXPECT_NE(requirements.find("2 of 3 requirements exercised"), std::string::npos);

    const std::string model = html.substr(html.find("id=\"model\""), html.find("id=\"failures\"") -
                                                                        html.find("id=\"model\""));
    EXPECT_NE(model.find("2 / 3 (67%)"), std::string::npos);
    EXPECT_NE(model.find("1 / 2 (50%)"), std::string::npos);
    const std::string never_states = model.substr(model.find("Reachable states never visited"));
    EXPECT_NE(never_states.find("<li>callback-server: WaitingToCallBack [CB-03]</li>"), std::string::npos);
    EXPECT_NE(model.find("<li>callback-server: Authenticated --Drop--&gt; WaitingToCallBack [CB-03]</li>"),
              std::string::npos);
}

// Issue #15: the figure counts reachable rows only; the unreachable ones are listed apart with
// their reasons, and in the table of all rows.
TEST(ReportsHtml, ModelCoverageListsUnreachableRowsApartWithTheirReasons) {
    ReportInput in = sample_input();
    in.transitions.push_back({"callback-server", "Idle --Close--> Idle", {}, 0, "Close <never> inferred"});
    const std::string html = ppp::reports::render_html(in, sample_cases());
    const std::string model = html.substr(html.find("id=\"model\""), html.find("id=\"failures\"") -
                                                                        html.find("id=\"model\""));
    EXPECT_NE(model.find("<td>callback-server</td><td class=\"num\">1 / 2 (50%)</td><td class=\"num\">2 / 3 "
                         "(67%)</td><td class=\"num\">1</td><td class=\"num\">0 (0)</td>"),
              std::string::npos)
        << model;
    const std::size_t apart = model.find("<h3>Unreachable, left out of the figures</h3>");
    ASSERT_NE(apart, std::string::npos);
    EXPECT_GT(apart, model.find("<h3>Reachable transitions never taken</h3>"));
    EXPECT_NE(model.find("<li>callback-server: Idle --Close--&gt; Idle: Close &lt;never&gt; inferred</li>", apart),
              std::string::npos);
    EXPECT_EQ(model.substr(0, apart).find("<li>callback-server: Idle --Close"), std::string::npos);
    EXPECT_NE(model.find("<td>Close &lt;never&gt; inferred</td></tr>"), std::string::npos);
}

TEST(ReportsHtml, StrictXmlParsersAcceptIt) {
    const auto xmllint = ppp::reports_test::xmllint();
    const auto python = ppp::reports_test::python3();
    PPP_REQUIRE_TOOL(xmllint && python, "xmllint (libxml2-utils) or /usr/bin/python3 not found");
    ppp::test_tools::TempDir dir;
    ASSERT_TRUE(dir.ok());
    auto cases = sample_cases();
    cases.push_back(make_case("lcp", "TP-LCP-011", Verdict::Error, std::string("\x02 <&> \xc3\xa9 \xc2\x85")));
    cases.back().trace = {{0.5, "R1-console", "SUT", "show dialer"}};  // a lane of its own
    const std::string file = dir.file("report.html");
    ASSERT_TRUE(ppp::test_tools::write_file(file, ppp::reports::render_html(sample_input(), cases)));
    EXPECT_EQ(ppp::reports_test::xmllint_complaint(*xmllint, file, "", dir), "");
    const auto parsed = ppp::reports_test::python_parse(*python, file, dir);
    ASSERT_TRUE(parsed.spawned) << parsed.spawn_error;
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    EXPECT_EQ(parsed.out, "html 0\n");
}

TEST(ReportsHtml, EmptyRunStillRenders) {
    const std::string html = ppp::reports::render_html({}, {});
    tinyxml2::XMLDocument doc;
    EXPECT_EQ(doc.Parse(html.c_str(), html.size()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
    EXPECT_NE(html.find("No test purposes ran."), std::string::npos);
    EXPECT_NE(html.find("0 passed, 0 failed"), std::string::npos);
}

}  // namespace
