// The conformance report as one self-contained HTML file (inline CSS and SVG, no scripts), written
// in XHTML syntax so it is also well-formed XML.
#include <string_view>

#include "ppp/reports/conformance_report.hpp"
#include "ppp/reports/junit.hpp"
#include "ppp/reports/redact.hpp"
#include "ppp/reports/text.hpp"
#include "report_format.hpp"
#include "report_tables.hpp"

namespace ppp::reports {
namespace {

namespace rt = report_tables;

constexpr std::size_t max_drawn_events = 400;  // a shrunk trace is short; a runaway one is cut

const char* const style_sheet = R"(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 75em; color: #222; padding: 0 1em; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; }
td:first-child, .v { white-space: nowrap; }  /* IDs such as TP-CB-SRV-009 never break at a hyphen */
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
.run { color: #555; }
.closing { font-weight: bold; }
.v { font-weight: bold; padding: 0 0.3em; border-radius: 3px; }
.v-pass { background: #d4edda; color: #155724; }
.v-fail { background: #f8d7da; color: #721c24; }
.v-error { background: #f5c6cb; color: #491217; }
.v-inconc { background: #fff3cd; color: #6b5200; }
.v-none { background: #e2e3e5; color: #383d41; }
.v-untested { background: #ffffff; color: #721c24; border: 1px dashed #721c24; }
article.problem { border: 1px solid #e0b4b4; border-radius: 6px; padding: 0 1em 1em; margin: 1.5em 0; }
svg.sequence { display: block; margin: 0.5em 0; background: #fff; border: 1px solid #eee; }
svg.sequence text { font-family: ui-monospace, monospace; font-size: 12px; }
ul.never { columns: 2; }
)";

class Page {
public:
    explicit Page(const std::vector<std::string>& secrets) : secrets_(secrets) {}

    // Redacted, stripped of control bytes and invalid UTF-8, HTML-escaped.
    std::string esc(std::string_view raw) const { return escape(xml_safe(redact(raw, secrets_))); }

    // As esc(), but cut to `limit` characters (not bytes) with an ellipsis.
    std::string esc_cut(std::string_view raw, std::size_t limit) const {
        std::string safe = xml_safe(redact(raw, secrets_));
        std::size_t chars = 0;
        for (std::size_t i = 0; i < safe.size(); ++i) {
            if ((static_cast<unsigned char>(safe[i]) & 0xC0) == 0x80) continue;  // continuation byte
            if (++chars > limit) {
                safe.resize(i);
                safe += "\xE2\x80\xA6";
                break;
            }
        }
        return escape(safe);
    }

    static std::string verdict_badge(const std::string& name) {
        return "<span class=\"v v-" + name + "\">" + name + "</span>";
    }

    std::string property_table(const std::vector<Property>& rows, const char* empty_note) const {
        if (rows.empty()) return std::string("<p>") + empty_note + "</p>\n";
        std::string out = "<table>\n<tr><th>Item</th><th>Value</th></tr>\n";
        for (const Property& p : rows) out += "<tr><td>" + esc(p.name) + "</td><td>" + esc(p.value) + "</td></tr>\n";
        return out + "</table>\n";
    }

    std::string sequence_diagram(const CaseResult& c) const;

private:
    static std::string escape(std::string_view safe) {
        std::string out;
        out.reserve(safe.size());
        for (char ch : safe) {
            switch (ch) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                case '\'': out += "&#39;"; break;
                default: out += ch;
            }
        }
        return out;
    }

    const std::vector<std::string>& secrets_;
};

std::string n(long value) { return std::to_string(value); }

std::string Page::sequence_diagram(const CaseResult& c) const {
    const std::vector<std::string> lanes = rt::lanes(c.trace);
    const std::vector<TraceEvent> events = rt::in_time_order(c.trace);
    const std::size_t drawn = events.size() < max_drawn_events ? events.size() : max_drawn_events;
    // Times sit in a column left of the lanes, so labels get the whole arrow span; notes on a
    // lane write to its right, hence the extra room there.
    constexpr long margin = 130, gap = 300, top = 20, head = 30, row = 36, note_room = 220;
    bool notes = false;
    for (std::size_t k = 0; k < drawn; ++k) notes = notes || events[k].from == events[k].to;
    const long width = 2 * margin + gap * static_cast<long>(lanes.size() - 1) + (notes ? note_room : 0);
    const long first_row = top + head + 30;
    const long bottom = first_row + row * static_cast<long>(drawn) + (drawn < events.size() ? row : 0);
    const long height = bottom + 10;
    auto lane_x = [&](const std::string& name) {
        for (std::size_t i = 0; i < lanes.size(); ++i) {
            if (lanes[i] == name) return margin + gap * static_cast<long>(i);
        }
        return margin;
    };

    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"" + n(width) +
                      "\" height=\"" + n(height) + "\" viewBox=\"0 0 " + n(width) + " " + n(height) +
                      "\" role=\"img\" aria-label=\"Sequence diagram of " + esc(c.id) + "\">\n";
    out += "<title>" + esc(c.id + ": " + c.message) + "</title>\n";
    for (const std::string& name : lanes) {
        const long x = lane_x(name);
        out += "<g class=\"lane\"><rect x=\"" + n(x - 65) + "\" y=\"" + n(top) + "\" width=\"130\" height=\"" +
               n(head) + "\" rx=\"4\" fill=\"#eef2f7\" stroke=\"#6b7b8c\"/><text x=\"" + n(x) + "\" y=\"" +
               n(top + 20) + "\" text-anchor=\"middle\">" + esc_cut(name, 16) + "</text><line x1=\"" + n(x) +
               "\" y1=\"" + n(top + head) + "\" x2=\"" + n(x) + "\" y2=\"" + n(bottom) +
               "\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 4\"/></g>\n";
    }
    for (std::size_t k = 0; k < drawn; ++k) {
        const TraceEvent& e = events[k];
        const long y = first_row + row * static_cast<long>(k);
        const long x1 = lane_x(e.from), x2 = lane_x(e.to);
        const char* colour = e.violation ? "#c0392b" : "#222222";
        const std::string& label = e.label;
        out += std::string("<g class=\"arrow") + (e.violation ? " violation" : "") + "\"><title>" +
               esc("t=" + rt::seconds_text(e.at_seconds) + " s  " + e.from + " to " + e.to + ": " + label +
                   (e.violation ? "  (violation)" : "")) +
               "</title><text x=\"6\" y=\"" + n(y + 4) + "\" fill=\"#555555\">" + rt::seconds_text(e.at_seconds) +
               " s</text>";
        if (x1 == x2) {
            // A note on one lane (a timer, a local decision): a small loop back to the lifeline.
            out += "<path d=\"M " + n(x1) + " " + n(y - 6) + " h 28 v 14 h -20\" fill=\"none\" stroke=\"" + colour +
                   "\" stroke-width=\"1.5\"/><polygon points=\"" + n(x1) + "," + n(y + 8) + " " + n(x1 + 9) + "," +
                   n(y + 4) + " " + n(x1 + 9) + "," + n(y + 12) + "\" fill=\"" + colour + "\"/><text x=\"" +
                   n(x1 + 34) + "\" y=\"" + n(y + 4) + "\" fill=\"" + colour + "\"" +
                   (e.violation ? " font-weight=\"bold\"" : "") + ">" + esc_cut(label, 28) + "</text>";
        } else {
            const long dir = x2 > x1 ? 1 : -1;
            const long span = (x2 - x1) * dir;
            out += "<line x1=\"" + n(x1) + "\" y1=\"" + n(y) + "\" x2=\"" + n(x2 - dir * 9) + "\" y2=\"" + n(y) +
                   "\" stroke=\"" + colour + "\" stroke-width=\"" + (e.violation ? "2.5" : "1.5") +
                   "\"/><polygon points=\"" + n(x2) + "," + n(y) + " " + n(x2 - dir * 10) + "," + n(y - 5) + " " +
                   n(x2 - dir * 10) + "," + n(y + 5) + "\" fill=\"" + colour + "\"/><text x=\"" + n((x1 + x2) / 2) +
                   "\" y=\"" + n(y - 6) + "\" text-anchor=\"middle\" fill=\"" + colour + "\"" +
                   (e.violation ? " font-weight=\"bold\"" : "") + ">" +
                   esc_cut(label, static_cast<std::size_t>(span / 7) - 1) + "</text>";
        }
        out += "</g>\n";
    }
    if (drawn < events.size()) {
        out += "<text x=\"" + n(margin) + "\" y=\"" + n(first_row + row * static_cast<long>(drawn)) + "\">" +
               n(static_cast<long>(events.size() - drawn)) + " later events not drawn (see the detail)</text>\n";
    }
    return out + "</svg>\n";
}

std::string join_escaped(const Page& page, const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += ' ';
        out += page.esc(item);
    }
    return out;
}

class HtmlFormat final : public report_format::Format {
public:
    explicit HtmlFormat(const std::vector<std::string>& secrets) : page_(secrets) {}

    std::string head(const ReportInput& input, const Tally& t) const override {
        std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
        out += "<title>Conformance report: " + page_.esc(input.run.name) + "</title>\n";
        out += std::string("<style>") + style_sheet + "</style>\n</head>\n<body>\n";

        out += "<header>\n<h1>Conformance report</h1>\n<p class=\"run\">" + page_.esc(input.run.name);
        if (!input.run.timestamp.empty()) out += " | " + page_.esc(input.run.timestamp);
        if (!input.run.hostname.empty()) out += " | " + page_.esc(input.run.hostname);
        out += "</p>\n</header>\n";

        out += "<section id=\"sut\">\n<h2>System under test</h2>\n";
        out += page_.property_table(input.sut_identity, "No identity given.");
        out += "</section>\n";

        out += "<section id=\"profile\">\n<h2>Profile</h2>\n<h3>PICS (implementation claims)</h3>\n";
        out += page_.property_table(input.pics, "No PICS given.");
        out += "<h3>PIXIT (test parameters)</h3>\n" + page_.property_table(input.pixit, "No PIXIT given.");
        out += "</section>\n";

        out += "<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n<tr><th>pass</th><th>fail</th><th>inconc</th>"
               "<th>error</th><th>none</th><th>total</th></tr>\n<tr>";
        for (std::size_t count : {t.pass, t.fail, t.inconc, t.error, t.none, t.total()}) {
            out += "<td class=\"num\">" + std::to_string(count) + "</td>";
        }
        out += "</tr>\n</table>\n<p class=\"closing\">" + page_.esc(closing_line(t)) + "</p>\n";
        if (!input.run.properties.empty()) out += "<h3>Run</h3>\n" + page_.property_table(input.run.properties, "");
        out += "</section>\n";

        out += "<section id=\"verdicts\">\n<h2>Verdicts</h2>\n";
        if (t.total() > 0) {
            out += "<table>\n<tr><th>Test purpose</th><th>Title</th><th>Suite</th><th>Verdict</th>"
                   "<th>Requirements</th><th>Time (s)</th><th>Why</th></tr>\n";
        }
        return out;
    }

    std::string verdict_row(const CaseResult& c, std::size_t index) const override {
        std::string id = page_.esc(c.id);
        if (rt::is_problem(c.verdict)) id = "<a href=\"#problem-" + std::to_string(index) + "\">" + id + "</a>";
        return "<tr id=\"tp-" + std::to_string(index) + "\"><td>" + id + "</td><td>" + page_.esc(c.title) +
               "</td><td>" + page_.esc(c.suite) + "</td><td>" + Page::verdict_badge(verdict_name(c.verdict)) +
               "</td><td>" + join_escaped(page_, c.requirements) + "</td><td class=\"num\">" +
               rt::seconds_text(c.seconds) + "</td><td>" + page_.esc(c.message) + "</td></tr>\n";
    }

    std::string verdicts_end(const Tally& t) const override {
        return std::string(t.total() > 0 ? "</table>\n" : "<p>No test purposes ran.</p>\n") + "</section>\n";
    }

    std::string matrix_head(std::size_t exercised, std::size_t requirements) const override {
        std::string out = "<section id=\"requirements\">\n<h2>Requirement coverage</h2>\n<p>" +
                          std::to_string(exercised) + " of " + std::to_string(requirements) +
                          " requirements exercised (" + rt::percent(exercised, requirements) + ").</p>\n";
        if (requirements > 0) {
            out += "<table>\n<tr><th>Requirement</th><th>Clause</th><th>Test purposes</th><th>Status</th></tr>\n";
        }
        return out;
    }

    std::string matrix_row_open(const report_format::RequirementStatus& r) const override {
        const std::string clause = r.in_catalog ? page_.esc(r.clause) : std::string("<em>not in catalog</em>");
        return "<tr><td>" + page_.esc(r.id) + "</td><td>" + clause + "</td><td>";
    }

    std::string matrix_entry(const CaseResult& c, std::size_t index) const override {
        return "<a href=\"#tp-" + std::to_string(index) + "\">" + page_.esc(c.id) + "</a> " +
               Page::verdict_badge(verdict_name(c.verdict));
    }

    std::string matrix_separator() const override { return "<br/>"; }

    std::string matrix_row_close(const report_format::RequirementStatus& r) const override {
        return "</td><td>" + Page::verdict_badge(r.status) + "</td></tr>\n";
    }

    std::string matrix_end(std::size_t requirements) const override {
        return std::string(requirements > 0 ? "</table>\n" : "") + "</section>\n";
    }

    std::string middle(const ReportInput& input, const Tally& t) const override {
        std::string out = "<section id=\"model\">\n<h2>Model coverage</h2>\n";
        const auto machines = rt::machine_coverage(input);
        if (machines.empty()) {
            out += "<p>No model coverage recorded.</p>\n";
        } else {
            out += "<p>Each figure counts the reachable rows (and states) only; those no black-box tester can reach, "
                   "or that need a profile knob the campaign's profile leaves off, "
                   "are listed apart, with the reason, as are those only the SUT's own choice takes.</p>\n<table>\n"
                   "<tr><th>Machine</th><th>Reachable transitions taken</th><th>Reachable states visited</th>"
                   "<th>Unreachable</th><th>SUT's choice (taken)</th></tr>\n";
            for (const auto& m : machines) {
                out += "<tr><td>" + page_.esc(m.machine) + "</td><td class=\"num\">" + std::to_string(m.transitions_hit) +
                       " / " + std::to_string(m.transitions) + " (" + rt::percent(m.transitions_hit, m.transitions) +
                       ")</td><td class=\"num\">" + std::to_string(m.states_hit) + " / " + std::to_string(m.states) +
                       " (" + rt::percent(m.states_hit, m.states) + ")</td><td class=\"num\">" +
                       std::to_string(m.unreachable) + "</td><td class=\"num\">" + std::to_string(m.sut_choice) + " (" +
                       std::to_string(m.sut_choice_hit) + ")</td></tr>\n";
            }
            out += "</table>\n<p>" + page_.esc(rt::coverage_statement(machines)) + "</p>\n";
            const rt::CoverageLists lists = rt::coverage_lists(input);
            auto section = [&](const char* heading, const std::vector<const CoverageRow*>& rows) {
                std::string items;
                for (const CoverageRow* r : rows) {
                    items += "<li>" + page_.esc(r->machine) + ": " + page_.esc(r->name);
                    if (!r->requirements.empty()) items += " [" + join_escaped(page_, r->requirements) + "]";
                    if (!r->unreachable_reason.empty())
                        items += ": " + page_.esc(r->unreachable_reason) + page_.esc(rt::unreachable_taken_note(*r));
                    items += "</li>\n";
                }
                out += std::string("<h3>") + heading + "</h3>\n";
                out += items.empty() ? "<p>None.</p>\n" : "<ul class=\"never\">\n" + items + "</ul>\n";
            };
            section("Reachable transitions never taken", lists.untaken);
            section("Reachable states never visited", lists.unvisited);
            section("Unreachable, left out of the figures", lists.unreachable);
            section("Taken only if the SUT chooses, left out of the figures", lists.sut_choice);
            for (const auto* rows : {&input.transitions, &input.states}) {
                if (rows->empty()) continue;
                const bool states = rows == &input.states;
                out += std::string("<details><summary>All ") + (states ? "states" : "transitions") +
                       " with hit counts</summary>\n<table>\n<tr><th>Machine</th><th>" +
                       (states ? "State" : "Transition") +
                       "</th><th>Requirements</th><th>Hits</th><th>Unreachable because</th></tr>\n";
                for (const CoverageRow& r : *rows) {
                    out += "<tr><td>" + page_.esc(r.machine) + "</td><td>" + page_.esc(r.name) + "</td><td>" +
                           join_escaped(page_, r.requirements) + "</td><td class=\"num\">" + std::to_string(r.hits) +
                           "</td><td>" + page_.esc(r.unreachable_reason) + "</td></tr>\n";
                }
                out += "</table>\n</details>\n";
            }
        }
        out += "</section>\n";
        out += "<section id=\"failures\">\n<h2>Failures and errors</h2>\n";
        if (t.fail + t.error == 0) out += "<p>None.</p>\n";
        return out;
    }

    std::string problem(const CaseResult& c, std::size_t index) const override {
        std::string out = "<article class=\"problem\" id=\"problem-" + std::to_string(index) + "\">\n<h3>" +
                          page_.esc(c.id) + " " + page_.esc(c.title) + " " +
                          Page::verdict_badge(verdict_name(c.verdict)) + "</h3>\n";
        out += "<p>" + page_.esc(c.message) + "</p>\n";
        if (!c.requirements.empty()) out += "<p>Requirements: " + join_escaped(page_, c.requirements) + "</p>\n";
        if (const std::string* command = rt::property(c, "reproduce")) {
            out += "<h4>Reproduce</h4>\n<pre class=\"reproduce\">" + page_.esc(*command) + "</pre>\n";
        }
        if (!c.trace.empty()) out += "<h4>Sequence</h4>\n" + page_.sequence_diagram(c);
        if (!c.detail.empty()) out += "<h4>Detail</h4>\n<pre>" + page_.esc(c.detail) + "</pre>\n";
        if (!c.properties.empty()) out += "<h4>Properties</h4>\n" + page_.property_table(c.properties, "");
        return out + "</article>\n";
    }

    std::string tail() const override { return "</section>\n</body>\n</html>\n"; }

private:
    Page page_;
};

}  // namespace

namespace report_format {
std::unique_ptr<Format> html_format(const std::vector<std::string>& secrets) {
    return std::make_unique<HtmlFormat>(secrets);
}
}  // namespace report_format

}  // namespace ppp::reports
