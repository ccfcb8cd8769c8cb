#include "ppp/reports/report_data.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "ppp/reports/redact.hpp"

namespace ppp::reports {

NLOHMANN_JSON_SERIALIZE_ENUM(Verdict, {{Verdict::Pass, "pass"}, {Verdict::Fail, "fail"}, {Verdict::Inconc, "inconc"},
                                       {Verdict::Error, "error"}, {Verdict::None, "none"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Property, name, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TraceEvent, at_seconds, from, to, label, violation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RequirementRow, id, clause)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunInfo, name, timestamp, hostname, properties)

void to_json(nlohmann::json& j, const CaseResult& r) {
    j = nlohmann::json{{"suite", r.suite},     {"id", r.id},         {"title", r.title},
                       {"verdict", r.verdict}, {"seconds", r.seconds}, {"message", r.message},
                       {"detail", r.detail},   {"requirements", r.requirements},
                       {"properties", r.properties}, {"trace", r.trace}};
}
void from_json(const nlohmann::json& j, CaseResult& r) {
    j.at("suite").get_to(r.suite);
    j.at("id").get_to(r.id);
    j.at("title").get_to(r.title);
    j.at("verdict").get_to(r.verdict);
    j.at("seconds").get_to(r.seconds);
    j.at("message").get_to(r.message);
    j.at("detail").get_to(r.detail);
    j.at("requirements").get_to(r.requirements);
    j.at("properties").get_to(r.properties);
    j.at("trace").get_to(r.trace);
}
void to_json(nlohmann::json& j, const CoverageRow& row) {
    j = nlohmann::json{{"machine", row.machine}, {"name", row.name}, {"requirements", row.requirements}, {"hits", row.hits}};
}
void from_json(const nlohmann::json& j, CoverageRow& row) {
    j.at("machine").get_to(row.machine);
    j.at("name").get_to(row.name);
    j.at("requirements").get_to(row.requirements);
    j.at("hits").get_to(row.hits);
}

bool ReportDataWriter::open(const std::string& path, std::vector<std::string> secrets) {
    path_ = path;
    secrets_ = std::move(secrets);
    out_.open(path + ".tmp", std::ios::binary | std::ios::trunc);
    if (!out_) error_ = "cannot write " + path + ".tmp";
    return static_cast<bool>(out_);
}

bool ReportDataWriter::write_line(const nlohmann::json& j) {
    // The replacement, "<redacted>", is plain JSON string content: the line stays valid JSON.
    out_ << redact(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), secrets_) << '\n';
    if (!out_) error_ = "cannot write " + path_ + ".tmp";
    return static_cast<bool>(out_);
}

bool ReportDataWriter::add(const CaseResult& result) { return write_line({{"case", result}}); }

bool ReportDataWriter::close(const ReportInput& input) {
    const nlohmann::json run{{"run", input.run},
                             {"sut_identity", input.sut_identity},
                             {"pics", input.pics},
                             {"pixit", input.pixit},
                             {"requirements", input.requirements},
                             {"states", input.states},
                             {"transitions", input.transitions}};
    if (!write_line(run)) return false;
    out_.close();
    if (!out_ || std::rename((path_ + ".tmp").c_str(), path_.c_str()) != 0) {
        error_ = "cannot write " + path_;
        return false;
    }
    return true;
}

bool read_report_data(const std::string& path, const std::function<void(const CaseResult&)>& on_case,
                      ReportInput& input, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read (a folder written by `run --report-dir` holds " + kReportDataFile + ")";
        return false;
    }
    std::string line;
    std::size_t number = 0;
    bool closed = false;
    while (std::getline(in, line)) {
        ++number;
        const std::string where = path + ":" + std::to_string(number) + ": ";
        if (closed) {
            error = where + "a line after the closing run description";
            return false;
        }
        try {
            const auto j = nlohmann::json::parse(line);
            if (j.contains("case")) {
                on_case(j.at("case").get<CaseResult>());
                continue;
            }
            j.at("run").get_to(input.run);  // its secrets were never written
            j.at("sut_identity").get_to(input.sut_identity);
            j.at("pics").get_to(input.pics);
            j.at("pixit").get_to(input.pixit);
            j.at("requirements").get_to(input.requirements);
            j.at("states").get_to(input.states);
            j.at("transitions").get_to(input.transitions);
            closed = true;
        } catch (const nlohmann::json::exception& e) {
            error = where + "not a case or run line (" + e.what() + ")";
            return false;
        }
    }
    if (!closed) {
        error = path + ": no closing run description (the run did not finish)";
        return false;
    }
    return true;
}

}  // namespace ppp::reports
