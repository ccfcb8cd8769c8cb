#include "ppp/reports/junit.hpp"

#include <cstdio>
#include <map>

#include <tinyxml2.h>

namespace ppp::reports {
namespace {

std::string seconds_text(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", seconds);
    return buffer;
}

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

void add_property(tinyxml2::XMLElement* properties, const std::string& name, const std::string& value) {
    auto* p = properties->InsertNewChildElement("property");
    p->SetAttribute("name", xml_safe(name).c_str());
    p->SetAttribute("value", xml_safe(value).c_str());
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

}  // namespace

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
        if (!c1) out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

std::string render_junit(const RunInfo& run, const std::vector<CaseResult>& cases) {
    tinyxml2::XMLDocument doc;
    doc.InsertEndChild(doc.NewDeclaration());
    auto* root = doc.NewElement("testsuites");
    doc.InsertEndChild(root);
    root->SetAttribute("name", xml_safe(run.name).c_str());

    // Suites in first-seen order; cases keep their order inside a suite.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const CaseResult*>> by_suite;
    for (const auto& c : cases) {
        auto& list = by_suite[c.suite];
        if (list.empty()) order.push_back(c.suite);
        list.push_back(&c);
    }

    std::size_t total = 0, failures = 0, errors = 0, skipped = 0;
    double total_time = 0.0;
    for (const auto& suite_name : order) {
        const auto& list = by_suite[suite_name];
        auto* suite = root->InsertNewChildElement("testsuite");
        suite->SetAttribute("name", xml_safe(suite_name).c_str());
        std::size_t s_fail = 0, s_error = 0, s_skip = 0;
        double s_time = 0.0;
        if (!run.timestamp.empty()) suite->SetAttribute("timestamp", xml_safe(run.timestamp).c_str());
        if (!run.hostname.empty()) suite->SetAttribute("hostname", xml_safe(run.hostname).c_str());
        if (!run.properties.empty()) {
            auto* properties = suite->InsertNewChildElement("properties");
            for (const auto& p : run.properties) add_property(properties, p.name, p.value);
        }
        for (const CaseResult* c : list) {
            auto* tc = suite->InsertNewChildElement("testcase");
            tc->SetAttribute("classname", xml_safe(c->suite).c_str());
            tc->SetAttribute("name", xml_safe(c->id + " " + c->title).c_str());
            tc->SetAttribute("time", seconds_text(c->seconds).c_str());
            auto* properties = tc->InsertNewChildElement("properties");
            add_property(properties, "verdict", verdict_name(c->verdict));
            if (!c->requirements.empty()) add_property(properties, "requirements", join(c->requirements, " "));
            for (const auto& p : c->properties) add_property(properties, p.name, p.value);
            const std::string message = xml_safe(c->message);
            switch (c->verdict) {
                case Verdict::Pass: break;
                case Verdict::Fail: {
                    auto* f = tc->InsertNewChildElement("failure");
                    f->SetAttribute("message", message.c_str());
                    f->SetAttribute("type", c->requirements.empty() ? "nonconformance"
                                                                   : xml_safe(join(c->requirements, " ")).c_str());
                    f->SetText(xml_safe(c->detail).c_str());
                    ++s_fail;
                    break;
                }
                case Verdict::Error: {
                    auto* e = tc->InsertNewChildElement("error");
                    e->SetAttribute("message", message.c_str());
                    e->SetAttribute("type", "harness");
                    e->SetText(xml_safe(c->detail).c_str());
                    ++s_error;
                    break;
                }
                case Verdict::Inconc:
                    tc->InsertNewChildElement("skipped")->SetAttribute("message", ("inconc: " + message).c_str());
                    ++s_skip;
                    break;
                case Verdict::None:
                    tc->InsertNewChildElement("skipped")->SetAttribute("message",
                                                                       ("not applicable: " + message).c_str());
                    ++s_skip;
                    break;
            }
            if (!c->detail.empty()) tc->InsertNewChildElement("system-out")->SetText(xml_safe(c->detail).c_str());
            s_time += c->seconds;
        }
        suite->SetAttribute("tests", static_cast<unsigned>(list.size()));
        suite->SetAttribute("failures", static_cast<unsigned>(s_fail));
        suite->SetAttribute("errors", static_cast<unsigned>(s_error));
        suite->SetAttribute("skipped", static_cast<unsigned>(s_skip));
        suite->SetAttribute("time", seconds_text(s_time).c_str());
        total += list.size();
        failures += s_fail;
        errors += s_error;
        skipped += s_skip;
        total_time += s_time;
    }
    root->SetAttribute("tests", static_cast<unsigned>(total));
    root->SetAttribute("failures", static_cast<unsigned>(failures));
    root->SetAttribute("errors", static_cast<unsigned>(errors));
    root->SetAttribute("skipped", static_cast<unsigned>(skipped));
    root->SetAttribute("time", seconds_text(total_time).c_str());

    tinyxml2::XMLPrinter printer;
    doc.Print(&printer);
    return std::string(printer.CStr(), static_cast<std::size_t>(printer.CStrSize() - 1));
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
