#include "ppp/reports/junit.hpp"

#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "junit_format.hpp"
#include "ppp/reports/redact.hpp"

namespace ppp::reports {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
    }
    return length;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

std::string escape(std::string_view safe, bool in_attribute) {
    std::string out;
    out.reserve(safe.size());
    for (char ch : safe) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += in_attribute ? "&quot;" : "\""; break;
            // Character references keep CR (and tab/newline in attributes) through the parser's
            // end-of-line and attribute-value normalisation.
            case '\r': out += "&#13;"; break;
            case '\n': out += in_attribute ? "&#10;" : "\n"; break;
            case '\t': out += in_attribute ? "&#9;" : "\t"; break;
            default: out += ch;
        }
    }
    return out;
}

std::string property_line(const char* indent, const std::string& name, const std::string& value,
                          const std::vector<std::string>& secrets) {
    return std::string(indent) + "<property name=\"" + junit_format::attribute(name, secrets) + "\" value=\"" +
           junit_format::attribute(value, secrets) + "\"/>\n";
}

std::string counts_attributes(const junit_format::Counts& counts) {
    return " tests=\"" + std::to_string(counts.tests) + "\" failures=\"" + std::to_string(counts.failures) +
           "\" errors=\"" + std::to_string(counts.errors) + "\" skipped=\"" + std::to_string(counts.skipped) +
           "\" time=\"" + junit_format::seconds_text(counts.seconds) + "\"";
}

}  // namespace

namespace junit_format {

void Counts::add(const CaseResult& c) {
    ++tests;
    switch (c.verdict) {
        case Verdict::Pass: break;
        case Verdict::Fail: ++failures; break;
        case Verdict::Error: ++errors; break;
        case Verdict::Inconc:
        case Verdict::None: ++skipped; break;
    }
    seconds += c.seconds;
}

void Counts::add(const Counts& other) {
    tests += other.tests;
    failures += other.failures;
    errors += other.errors;
    skipped += other.skipped;
    seconds += other.seconds;
}

std::string text(std::string_view raw, const std::vector<std::string>& secrets) {
    return escape(xml_safe(redact(raw, secrets)), false);
}

std::string attribute(std::string_view raw, const std::vector<std::string>& secrets) {
    return escape(xml_safe(redact(raw, secrets)), true);
}

std::string seconds_text(double seconds) {
    // The schema's xs:decimal has no NaN, infinity or sign games: a bad duration reads as 0.
    if (!std::isfinite(seconds) || seconds < 0.0) seconds = 0.0;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", seconds);
    return buffer;
}

std::string document_open(const RunInfo& run, const Counts& total) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" + attribute(run.name, run.secrets) +
           "\"" + counts_attributes(total) + ">\n";
}

std::string document_close() { return "</testsuites>\n"; }

std::string suite_open(const RunInfo& run, const std::string& suite, const Counts& counts) {
    std::string out = "  <testsuite name=\"" + attribute(suite, run.secrets) + "\"" + counts_attributes(counts);
    if (!run.timestamp.empty()) out += " timestamp=\"" + attribute(run.timestamp, run.secrets) + "\"";
    if (!run.hostname.empty()) out += " hostname=\"" + attribute(run.hostname, run.secrets) + "\"";
    out += ">\n";
    if (!run.properties.empty()) {
        out += "    <properties>\n";
        for (const auto& p : run.properties) out += property_line("      ", p.name, p.value, run.secrets);
        out += "    </properties>\n";
    }
    return out;
}

std::string suite_close() { return "  </testsuite>\n"; }

std::string testcase(const CaseResult& c, const std::vector<std::string>& secrets) {
    const std::string name = c.title.empty() ? c.id : c.id + " " + c.title;
    std::string out = "    <testcase classname=\"" + attribute(c.suite, secrets) + "\" name=\"" +
                      attribute(name, secrets) + "\" time=\"" + seconds_text(c.seconds) + "\">\n";
    out += "      <properties>\n";
    out += property_line("        ", "verdict", verdict_name(c.verdict), secrets);
    if (!c.requirements.empty()) out += property_line("        ", "requirements", join(c.requirements, " "), secrets);
    for (const auto& p : c.properties) out += property_line("        ", p.name, p.value, secrets);
    out += "      </properties>\n";
    const std::string message = attribute(c.message, secrets);
    switch (c.verdict) {
        case Verdict::Pass: break;
        case Verdict::Fail:
            out += "      <failure message=\"" + message + "\" type=\"" +
                   (c.requirements.empty() ? std::string("nonconformance")
                                           : attribute(join(c.requirements, " "), secrets)) +
                   "\">" + text(c.detail, secrets) + "</failure>\n";
            break;
        case Verdict::Error:
            out += "      <error message=\"" + message + "\" type=\"harness\">" + text(c.detail, secrets) +
                   "</error>\n";
            break;
        case Verdict::Inconc:
            out += "      <skipped message=\"" + attribute("inconc: " + c.message, secrets) + "\"/>\n";
            break;
        case Verdict::None:
            out += "      <skipped message=\"" + attribute("not applicable: " + c.message, secrets) + "\"/>\n";
            break;
    }
    if (!c.detail.empty()) out += "      <system-out>" + text(c.detail, secrets) + "</system-out>\n";
    out += "    </testcase>\n";
    return out;
}

}  // namespace junit_format

std::string xml_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) {
            ++i;  // not UTF-8: dropped
            continue;
        }
        // C1 controls (U+0080..U+009F) are discouraged in XML 1.0: dropped too.
        const bool c1 = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        // U+FFFE and U+FFFF are not XML characters at all.
        const bool nonchar = length == 3 && c == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                             static_cast<unsigned char>(text[i + 2]) >= 0xBE;
        // Encoded surrogates (ED A0..BF xx) are not UTF-8.
        const bool surrogate = length == 3 && c == 0xED && static_cast<unsigned char>(text[i + 1]) >= 0xA0;
        // Overlong 3- and 4-byte forms and code points past U+10FFFF.
        const bool overlong = (length == 3 && c == 0xE0 && static_cast<unsigned char>(text[i + 1]) < 0xA0) ||
                              (length == 4 && c == 0xF0 && static_cast<unsigned char>(text[i + 1]) < 0x90) ||
                              (length == 4 && c == 0xF4 && static_cast<unsigned char>(text[i + 1]) >= 0x90);
        if (!c1 && !nonchar && !surrogate && !overlong) out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string render_junit(const RunInfo& run, const std::vector<CaseResult>& cases) {
    // Suites in first-seen order; cases keep their order inside a suite.
    std::vector<std::string> order;
    std::unordered_map<std::string, std::vector<const CaseResult*>> by_suite;
    std::unordered_map<std::string, junit_format::Counts> counts;
    junit_format::Counts total;
    for (const auto& c : cases) {
        auto& list = by_suite[c.suite];
        if (list.empty()) order.push_back(c.suite);
        list.push_back(&c);
        counts[c.suite].add(c);
        total.add(c);
    }
    std::string out = junit_format::document_open(run, total);
    for (const auto& suite : order) {
        out += junit_format::suite_open(run, suite, counts[suite]);
        for (const CaseResult* c : by_suite[suite]) out += junit_format::testcase(*c, run.secrets);
        out += junit_format::suite_close();
    }
    out += junit_format::document_close();
    return out;
}

const char* verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass: return "pass";
        case Verdict::Fail: return "fail";
        case Verdict::Inconc: return "inconc";
        case Verdict::Error: return "error";
        case Verdict::None: return "none";
    }
    return "error";
}

}  // namespace ppp::reports
