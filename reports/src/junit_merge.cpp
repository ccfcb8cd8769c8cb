#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <unordered_map>
#include <utility>

#include <tinyxml2.h>

#include "junit_format.hpp"
#include "ppp/reports/junit.hpp"

namespace ppp::reports {
namespace {

using tinyxml2::XMLElement;

bool is_count_attribute(const char* name) {
    for (const char* count : {"name", "tests", "failures", "errors", "skipped", "time"}) {
        if (std::strcmp(name, count) == 0) return true;
    }
    return false;
}

std::string one_line(std::string text) {
    for (char& ch : text) {
        if (ch == '\n' || ch == '\r') ch = ' ';
    }
    return text;
}

struct MergedSuite {
    XMLElement* element = nullptr;
    XMLElement* properties = nullptr;
    std::set<std::pair<std::string, std::string>> property_seen;
    junit_format::Counts counts;
};

class Merger {
public:
    Merger() {
        doc_.InsertEndChild(doc_.NewDeclaration());
        root_ = doc_.NewElement("testsuites");
        doc_.InsertEndChild(root_);
    }

    std::string add(const JUnitDocument& input) {
        tinyxml2::XMLDocument in;
        if (in.Parse(input.xml.data(), input.xml.size()) != tinyxml2::XML_SUCCESS) {
            return input.name + ":" + std::to_string(in.ErrorLineNum()) + ": malformed XML (" +
                   one_line(in.ErrorStr()) + ")";
        }
        const XMLElement* top = in.RootElement();
        if (top == nullptr) return input.name + ": no root element, expected <testsuites> or <testsuite>";
        const std::string tag = top->Name();
        if (tag == "testsuite") return add_suite(input, *top);
        if (tag != "testsuites") {
            return input.name + ":" + std::to_string(top->GetLineNum()) + ": root element <" + tag +
                   ">, expected <testsuites> or <testsuite>";
        }
        if (!named_ && top->Attribute("name") != nullptr) {
            root_->SetAttribute("name", top->Attribute("name"));
            named_ = true;
        }
        for (const XMLElement* s = top->FirstChildElement("testsuite"); s != nullptr;
             s = s->NextSiblingElement("testsuite")) {
            std::string error = add_suite(input, *s);
            if (!error.empty()) return error;
        }
        return {};
    }

    std::string finish() {
        if (!named_) root_->SetAttribute("name", RunInfo{}.name.c_str());
        junit_format::Counts total;
        for (const MergedSuite& s : suites_) {
            set_counts(s.element, s.counts);
            total.add(s.counts);
        }
        set_counts(root_, total);
        tinyxml2::XMLPrinter printer;
        doc_.Print(&printer);
        // Re-checked: TinyXML-2 decodes character references and writes the result raw.
        return xml_safe(std::string_view(printer.CStr(), static_cast<std::size_t>(printer.CStrSize() - 1)));
    }

private:
    static void set_counts(XMLElement* e, const junit_format::Counts& c) {
        e->SetAttribute("tests", static_cast<std::uint64_t>(c.tests));
        e->SetAttribute("failures", static_cast<std::uint64_t>(c.failures));
        e->SetAttribute("errors", static_cast<std::uint64_t>(c.errors));
        e->SetAttribute("skipped", static_cast<std::uint64_t>(c.skipped));
        e->SetAttribute("time", junit_format::seconds_text(c.seconds).c_str());
    }

    MergedSuite& suite_named(const std::string& name, const XMLElement& first) {
        const auto found = index_.find(name);
        if (found != index_.end()) return suites_[found->second];
        MergedSuite s;
        s.element = root_->InsertNewChildElement("testsuite");
        s.element->SetAttribute("name", name.c_str());
        set_counts(s.element, {});  // zeros for now: keeps the counts next to the name
        for (const auto* a = first.FirstAttribute(); a != nullptr; a = a->Next()) {
            if (!is_count_attribute(a->Name())) s.element->SetAttribute(a->Name(), a->Value());
        }
        index_.emplace(name, suites_.size());
        suites_.push_back(std::move(s));
        return suites_.back();
    }

    std::string add_suite(const JUnitDocument& input, const XMLElement& in) {
        const char* raw_name = in.Attribute("name");
        MergedSuite& out = suite_named(raw_name != nullptr ? raw_name : "", in);
        double case_seconds = 0.0;
        for (const XMLElement* child = in.FirstChildElement(); child != nullptr; child = child->NextSiblingElement()) {
            const std::string tag = child->Name();
            if (tag == "properties") {
                merge_properties(out, *child);
                continue;
            }
            out.element->InsertEndChild(child->DeepClone(&doc_));
            if (tag != "testcase") continue;
            ++out.counts.tests;
            if (child->FirstChildElement("failure") != nullptr) ++out.counts.failures;
            else if (child->FirstChildElement("error") != nullptr) ++out.counts.errors;
            else if (child->FirstChildElement("skipped") != nullptr) ++out.counts.skipped;
            double t = 0.0;
            if (child->Attribute("time") != nullptr &&
                child->QueryDoubleAttribute("time", &t) != tinyxml2::XML_SUCCESS) {
                return input.name + ":" + std::to_string(child->GetLineNum()) + ": testcase time \"" +
                       child->Attribute("time") + "\" is not a number";
            }
            case_seconds += t;
        }
        double suite_seconds = case_seconds;
        if (in.Attribute("time") != nullptr &&
            in.QueryDoubleAttribute("time", &suite_seconds) != tinyxml2::XML_SUCCESS) {
            return input.name + ":" + std::to_string(in.GetLineNum()) + ": testsuite time \"" + in.Attribute("time") +
                   "\" is not a number";
        }
        out.counts.seconds += suite_seconds;
        return {};
    }

    void merge_properties(MergedSuite& out, const XMLElement& properties) {
        for (const XMLElement* p = properties.FirstChildElement("property"); p != nullptr;
             p = p->NextSiblingElement("property")) {
            const char* name = p->Attribute("name");
            const char* value = p->Attribute("value");
            if (!out.property_seen.emplace(name != nullptr ? name : "", value != nullptr ? value : "").second) continue;
            if (out.properties == nullptr) {
                // Before any testcase, as the schema wants.
                out.properties = doc_.NewElement("properties");
                out.element->InsertFirstChild(out.properties);
            }
            out.properties->InsertEndChild(p->DeepClone(&doc_));
        }
    }

    tinyxml2::XMLDocument doc_;
    XMLElement* root_ = nullptr;
    bool named_ = false;
    std::vector<MergedSuite> suites_;
    std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

MergeResult merge_junit(const std::vector<JUnitDocument>& inputs) {
    Merger merger;
    for (const JUnitDocument& input : inputs) {
        std::string error = merger.add(input);
        if (!error.empty()) return {{}, std::move(error)};
    }
    return {merger.finish(), {}};
}

MergeResult merge_junit_files(const std::vector<std::string>& paths) {
    std::vector<JUnitDocument> inputs;
    inputs.reserve(paths.size());
    for (const std::string& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return {{}, path + ": cannot open for reading"};
        inputs.push_back({path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())});
        if (in.bad()) return {{}, path + ": read error"};
    }
    return merge_junit(inputs);
}

}  // namespace ppp::reports
