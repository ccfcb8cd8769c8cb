// The conformance report for terminals, CI logs and job summaries.
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

std::string one_line(std::string text) {
    for (char& ch : text) {
        if (ch == '\n' || ch == '\r') ch = ' ';
    }
    return text;
}

class Doc {
public:
    explicit Doc(const std::vector<std::string>& secrets) : secrets_(secrets) {}

    std::string clean(std::string_view raw) const { return xml_safe(redact(raw, secrets_)); }

    // One table cell or inline text: one line, and nothing a renderer would take as markup (a
    // pipe ends the cell, angle brackets would open raw HTML).
    std::string cell(std::string_view raw) const {
        std::string out;
        for (char ch : clean(raw)) {
            switch (ch) {
                case '\n':
                case '\r':
                case '\t': out += ' '; break;
                case '|':
                case '\\':
                case '`':
                case '*':
                case '<':
                case '>':
                    out += '\\';
                    out += ch;
                    break;
                default: out += ch;
            }
        }
        return out;
    }

    // A fenced block longer than any backtick run inside, so the content cannot close it.
    std::string block(std::string_view raw, const char* info) const {
        const std::string body = clean(raw);
        std::size_t longest = 0, run = 0;
        for (char ch : body) {
            run = ch == '`' ? run + 1 : 0;
            if (run > longest) longest = run;
        }
        const std::string fence(longest < 3 ? 3 : longest + 1, '`');
        std::string out = fence + info + "\n" + body;
        if (out.back() != '\n') out += '\n';
        return out + fence + "\n";
    }

    std::string cells(const std::vector<std::string>& items) const {
        std::string out;
        for (const std::string& item : items) {
            if (!out.empty()) out += ' ';
            out += cell(item);
        }
        return out;
    }

    std::string property_table(const std::vector<Property>& rows, const char* empty_note) const {
        if (rows.empty()) return std::string(empty_note) + "\n\n";
        std::string out = "| Item | Value |\n|---|---|\n";
        for (const Property& p : rows) out += "| " + cell(p.name) + " | " + cell(p.value) + " |\n";
        return out + "\n";
    }

private:
    const std::vector<std::string>& secrets_;
};

class MarkdownFormat final : public report_format::Format {
public:
    explicit MarkdownFormat(const std::vector<std::string>& secrets) : doc_(secrets) {}

    std::string head(const ReportInput& input, const Tally& t) const override {
        std::string out = "# Conformance report: " + doc_.cell(input.run.name) + "\n\n";
        if (!input.run.timestamp.empty() || !input.run.hostname.empty()) {
            out += doc_.cell(input.run.timestamp);
            if (!input.run.hostname.empty()) out += " on " + doc_.cell(input.run.hostname);
            out += "\n\n";
        }
        out += "## System under test\n\n" + doc_.property_table(input.sut_identity, "No identity given.");
        out += "## Profile\n\n### PICS\n\n" + doc_.property_table(input.pics, "No PICS given.");
        out += "### PIXIT\n\n" + doc_.property_table(input.pixit, "No PIXIT given.");

        out += "## Summary\n\n| pass | fail | inconc | error | none | total |\n|---:|---:|---:|---:|---:|---:|\n|";
        for (std::size_t count : {t.pass, t.fail, t.inconc, t.error, t.none, t.total()}) {
            out += " " + std::to_string(count) + " |";
        }
        out += "\n\n**" + closing_line(t) + "**\n\n";
        if (!input.run.properties.empty()) out += doc_.property_table(input.run.properties, "");

        out += "## Verdicts\n\n";
        if (t.total() > 0) {
            out += "| Test purpose | Title | Verdict | Requirements | Time (s) | Why |\n|---|---|---|---|---:|---|\n";
        }
        return out;
    }

    std::string verdict_row(const CaseResult& c, std::size_t) const override {
        return "| " + doc_.cell(c.id) + " | " + doc_.cell(c.title) + " | " + verdict_name(c.verdict) + " | " +
               doc_.cells(c.requirements) + " | " + rt::seconds_text(c.seconds) + " | " + doc_.cell(c.message) +
               " |\n";
    }

    std::string verdicts_end(const Tally& t) const override {
        return t.total() > 0 ? "\n" : "No test purposes ran.\n\n";
    }

    std::string matrix_head(std::size_t exercised, std::size_t requirements) const override {
        std::string out = "## Requirement coverage\n\n" + std::to_string(exercised) + " of " +
                          std::to_string(requirements) + " requirements exercised (" +
                          rt::percent(exercised, requirements) + ").\n\n";
        if (requirements > 0) out += "| Requirement | Clause | Test purposes | Status |\n|---|---|---|---|\n";
        return out;
    }

    std::string matrix_row_open(const report_format::RequirementStatus& r) const override {
        const std::string clause = r.in_catalog ? doc_.cell(r.clause) : std::string("_not in catalog_");
        return "| " + doc_.cell(r.id) + " | " + clause + " | ";
    }

    std::string matrix_entry(const CaseResult& c, std::size_t) const override {
        return doc_.cell(c.id) + " " + verdict_name(c.verdict);
    }

    std::string matrix_separator() const override { return ", "; }

    std::string matrix_row_close(const report_format::RequirementStatus& r) const override {
        return " | " + r.status + " |\n";
    }

    std::string matrix_end(std::size_t requirements) const override { return requirements > 0 ? "\n" : ""; }

    std::string middle(const ReportInput& input, const Tally& t) const override {
        std::string out = "## Model coverage\n\n";
        const auto machines = rt::machine_coverage(input);
        if (machines.empty()) {
            out += "No model coverage recorded.\n\n";
        } else {
            out += "Each figure counts the reachable rows (and states) only; those no black-box tester can reach, "
                   "or that need a profile knob the campaign's profile leaves off, "
                   "are listed apart, with the reason, as are those only the SUT's own choice takes.\n\n"
                   "| Machine | Reachable transitions taken | Reachable states visited | Unreachable | SUT's choice (taken) |\n"
                   "|---|---:|---:|---:|---:|\n";
            for (const auto& m : machines) {
                out += "| " + doc_.cell(m.machine) + " | " + std::to_string(m.transitions_hit) + " / " +
                       std::to_string(m.transitions) + " (" + rt::percent(m.transitions_hit, m.transitions) + ") | " +
                       std::to_string(m.states_hit) + " / " + std::to_string(m.states) + " (" +
                       rt::percent(m.states_hit, m.states) + ") | " + std::to_string(m.unreachable) + " | " +
                       std::to_string(m.sut_choice) + " (" + std::to_string(m.sut_choice_hit) + ") |\n";
            }
            out += "\n" + doc_.cell(rt::coverage_statement(machines)) + "\n\n";
            const rt::CoverageLists lists = rt::coverage_lists(input);
            auto section = [&](const char* heading, const std::vector<const CoverageRow*>& rows) {
                std::string items;
                for (const CoverageRow* r : rows) {
                    items += "- " + doc_.cell(r->machine) + ": " + doc_.cell(r->name);
                    if (!r->requirements.empty()) items += " (" + doc_.cells(r->requirements) + ")";
                    if (!r->unreachable_reason.empty())
                        items += ": " + doc_.cell(r->unreachable_reason) + doc_.cell(rt::unreachable_taken_note(*r));
                    items += "\n";
                }
                out += std::string("### ") + heading + "\n\n" + (items.empty() ? "None.\n" : items) + "\n";
            };
            section("Reachable transitions never taken", lists.untaken);
            section("Reachable states never visited", lists.unvisited);
            section("Unreachable, left out of the figures", lists.unreachable);
            section("Taken only if the SUT chooses, left out of the figures", lists.sut_choice);
        }
        out += "## Failures and errors\n\n";
        if (t.fail + t.error == 0) out += "None.\n";
        return out;
    }

    std::string problem(const CaseResult& c, std::size_t) const override {
        std::string out = "### " + doc_.cell(c.id) + " " + doc_.cell(c.title) + " (" + verdict_name(c.verdict) + ")\n\n";
        if (!c.message.empty()) out += doc_.cell(c.message) + "\n\n";
        if (!c.requirements.empty()) out += "Requirements: " + doc_.cells(c.requirements) + "\n\n";
        if (const std::string* command = rt::property(c, "reproduce")) {
            out += "Reproduce:\n\n" + doc_.block(*command, "sh") + "\n";
        }
        if (!c.trace.empty()) {
            std::string lines;
            for (const TraceEvent& e : rt::in_time_order(c.trace)) {
                lines += std::string(e.violation ? "!! " : "   ") + rt::seconds_text(e.at_seconds) + " s  " +
                         one_line(e.from) + " -> " + one_line(e.to) + "  " + one_line(e.label) +
                         (e.violation ? "  <- violation" : "") + "\n";
            }
            out += "Sequence (!! marks a violation):\n\n" + doc_.block(lines, "text") + "\n";
        }
        if (!c.detail.empty()) out += "Detail:\n\n" + doc_.block(c.detail, "text") + "\n";
        return out;
    }

    std::string tail() const override { return ""; }

private:
    Doc doc_;
};

}  // namespace

namespace report_format {
std::unique_ptr<Format> markdown_format(const std::vector<std::string>& secrets) {
    return std::make_unique<MarkdownFormat>(secrets);
}
}  // namespace report_format

}  // namespace ppp::reports
