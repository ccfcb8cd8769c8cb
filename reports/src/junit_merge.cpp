#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
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

// A name read from an input, for a one-line message: quoted, controls escaped, at most 80 bytes.
std::string quoted(const char* raw) {
    static constexpr std::size_t kShown = 80;
    const std::string_view text = raw == nullptr ? std::string_view() : std::string_view(raw);
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < kShown; ++i) {
        const auto ch = static_cast<unsigned char>(text[i]);
        if (ch < 0x20 || ch == 0x7F || ch == '"' || ch == '\\') {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[ch >> 4];
            out += kHex[ch & 0xF];
        } else {
            out += static_cast<char>(ch);
        }
    }
    out += text.size() > kShown ? "\"..." : "\"";
    return out;
}

// JUnit `time`: a finite, non-negative decimal number of seconds ("12", "0.25"); no sign, no
// exponent, no unit (strtod alone would take "1.5s", "nan", "inf" or "1e999").
bool parse_seconds(const char* text, double& seconds) {
    const char* p = text;
    std::size_t digits = 0;
    while (*p >= '0' && *p <= '9') ++p, ++digits;
    if (*p == '.') {
        ++p;
        std::size_t fraction = 0;
        while (*p >= '0' && *p <= '9') ++p, ++fraction;
        if (fraction == 0) return false;
    }
    if (digits == 0 || *p != '\0') return false;
    seconds = std::strtod(text, nullptr);
    return std::isfinite(seconds);
}

// The properties naming the campaign a shard belongs to: shards whose values differ are not one
// campaign. Run properties every ppp-conform JUnit file carries (`run` writes them).
constexpr const char* kCampaignProperties[] = {"harness_version", "profile", "seed", "sut"};
constexpr const char* kRequiredCampaignProperties[] = {"harness_version", "profile", "seed"};

bool is_campaign_property(const char* name) {
    for (const char* key : kCampaignProperties) {
        if (name != nullptr && std::strcmp(name, key) == 0) return true;
    }
    return false;
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
        input_properties_.clear();
        std::string error = add_document(input);
        if (!error.empty()) return error;
        std::string missing;
        for (const char* key : kRequiredCampaignProperties) {
            if (input_properties_.count(key) == 0) missing += std::string(missing.empty() ? "" : ", ") + key;
        }
        if (!missing.empty()) {
            warnings_.push_back(input.name + ": no " + missing +
                                " run property; merged without checking that it belongs to the same campaign");
        }
        return {};
    }

    std::vector<std::string> take_warnings() { return std::move(warnings_); }

private:
    std::string add_document(const JUnitDocument& input) {
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

public:
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

    static std::string at(const JUnitDocument& input, const XMLElement& e) {
        return input.name + ":" + std::to_string(e.GetLineNum()) + ": ";
    }

    std::string add_suite(const JUnitDocument& input, const XMLElement& in) {
        const char* raw_name = in.Attribute("name");
        if (raw_name == nullptr || *raw_name == '\0') {
            return at(input, in) + "a testsuite without a name (accepted: every testsuite and testcase named)";
        }
        MergedSuite& out = suite_named(raw_name, in);
        double case_seconds = 0.0;
        for (const XMLElement* child = in.FirstChildElement(); child != nullptr; child = child->NextSiblingElement()) {
            const std::string tag = child->Name();
            if (tag == "properties") {
                std::string error = merge_properties(input, out, *child);
                if (!error.empty()) return error;
                continue;
            }
            if (tag == "testcase") {
                std::string error = check_case(input, raw_name, *child);
                if (!error.empty()) return error;
            }
            out.element->InsertEndChild(child->DeepClone(&doc_));
            if (tag != "testcase") continue;
            ++out.counts.tests;
            if (child->FirstChildElement("failure") != nullptr) ++out.counts.failures;
            else if (child->FirstChildElement("error") != nullptr) ++out.counts.errors;
            else if (child->FirstChildElement("skipped") != nullptr) ++out.counts.skipped;
            double t = 0.0;
            if (child->Attribute("time") != nullptr && !parse_seconds(child->Attribute("time"), t)) {
                return at(input, *child) + "testcase time " + quoted(child->Attribute("time")) +
                       " is not accepted (a finite decimal number of seconds, such as 0.25)";
            }
            case_seconds += t;
        }
        double suite_seconds = case_seconds;
        if (in.Attribute("time") != nullptr && !parse_seconds(in.Attribute("time"), suite_seconds)) {
            return at(input, in) + "testsuite time " + quoted(in.Attribute("time")) +
                   " is not accepted (a finite decimal number of seconds, such as 0.25)";
        }
        out.counts.seconds += suite_seconds;
        return {};
    }

    // A case must be named, and must not be in the merge already: the same shard given twice, or
    // overlapping shards, would count it twice.
    std::string check_case(const JUnitDocument& input, const char* suite, const XMLElement& testcase) {
        const char* name = testcase.Attribute("name");
        if (name == nullptr || *name == '\0') {
            return at(input, testcase) + "a testcase without a name (accepted: every testsuite and testcase named)";
        }
        const char* classname = testcase.Attribute("classname");
        std::string key = std::string(suite) + '\0' + (classname != nullptr ? classname : "") + '\0' + name;
        const auto [it, inserted] = case_source_.emplace(std::move(key), input.name);
        if (inserted) return {};
        return at(input, testcase) + "testcase " + quoted(name) + " of testsuite " + quoted(suite) +
               " is already in " + it->second + " (a shard given twice, or shards of overlapping runs)";
    }

    std::string merge_properties(const JUnitDocument& input, MergedSuite& out, const XMLElement& properties) {
        for (const XMLElement* p = properties.FirstChildElement("property"); p != nullptr;
             p = p->NextSiblingElement("property")) {
            const char* name = p->Attribute("name");
            const char* value = p->Attribute("value");
            if (is_campaign_property(name)) {
                const std::string v = value != nullptr ? value : "";
                input_properties_.insert(name);
                const auto [it, inserted] = campaign_.emplace(name, std::make_pair(v, input.name));
                if (!inserted && it->second.first != v) {
                    return at(input, *p) + "run property " + name + " " + quoted(v.c_str()) + " differs from " +
                           quoted(it->second.first.c_str()) + " in " + it->second.second +
                           " (accepted: shards of one campaign)";
                }
            }
            if (!out.property_seen.emplace(name != nullptr ? name : "", value != nullptr ? value : "").second) continue;
            if (out.properties == nullptr) {
                // Before any testcase, as the schema wants.
                out.properties = doc_.NewElement("properties");
                out.element->InsertFirstChild(out.properties);
            }
            out.properties->InsertEndChild(p->DeepClone(&doc_));
        }
        return {};
    }

    tinyxml2::XMLDocument doc_;
    XMLElement* root_ = nullptr;
    bool named_ = false;
    std::vector<MergedSuite> suites_;
    std::unordered_map<std::string, std::size_t> index_;
    std::unordered_map<std::string, std::string> case_source_;          // suite, classname, name -> input
    std::map<std::string, std::pair<std::string, std::string>> campaign_; // property -> value, input
    std::set<std::string> input_properties_;                           // campaign properties of this input
    std::vector<std::string> warnings_;
};

}  // namespace

MergeResult merge_junit(const std::vector<JUnitDocument>& inputs) {
    Merger merger;
    for (const JUnitDocument& input : inputs) {
        std::string error = merger.add(input);
        if (!error.empty()) return {{}, std::move(error), {}};
    }
    std::string xml = merger.finish();
    return {std::move(xml), {}, merger.take_warnings()};
}

namespace {
std::string read_junit_file(const JUnitFile& file, std::string& xml) {
    struct stat st {};
    if (::stat(file.path.c_str(), &st) != 0) return file.name + ": cannot open for reading (" + std::strerror(errno) + ")";
    if (S_ISDIR(st.st_mode)) return file.name + " is a folder (accepted: a JUnit XML file)";
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return file.name + ": cannot open for reading (" + std::strerror(errno) + ")";
    // Read in pieces up to the limit: a device or FIFO has no size to check first.
    xml.clear();
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        if (xml.size() + static_cast<std::size_t>(in.gcount()) > kMaxMergeInputBytes) {
            return file.name + ": larger than " + std::to_string(kMaxMergeInputBytes >> 20) +
                   " MiB (accepted: a JUnit file of at most that size)";
        }
        xml.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return file.name + ": read error";
    return {};
}
}  // namespace

MergeResult merge_junit_files(const std::vector<JUnitFile>& files) {
    std::vector<JUnitDocument> inputs;
    inputs.reserve(files.size());
    for (const JUnitFile& file : files) {
        JUnitDocument document{file.name, {}};
        std::string error = read_junit_file(file, document.xml);
        if (!error.empty()) return {{}, std::move(error), {}};
        inputs.push_back(std::move(document));
    }
    return merge_junit(inputs);
}

MergeResult merge_junit_files(const std::vector<std::string>& paths) {
    std::vector<JUnitFile> files;
    for (const std::string& path : paths) files.push_back({path, path});
    return merge_junit_files(files);
}

}  // namespace ppp::reports
