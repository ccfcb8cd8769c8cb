#include "ppp/reports/report_data.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ppp/reports/junit.hpp"
#include "ppp/reports/redact.hpp"
#include "report_tables.hpp"

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
// "unreachable_reason" only on the rows marked unreachable; data written before it had none.
void to_json(nlohmann::json& j, const CoverageRow& row) {
    j = nlohmann::json{{"machine", row.machine}, {"name", row.name}, {"requirements", row.requirements}, {"hits", row.hits}};
    if (!row.unreachable_reason.empty()) j["unreachable_reason"] = row.unreachable_reason;
    if (row.sut_choice) j["sut_choice"] = true;
}
void from_json(const nlohmann::json& j, CoverageRow& row) {
    j.at("machine").get_to(row.machine);
    j.at("name").get_to(row.name);
    j.at("requirements").get_to(row.requirements);
    j.at("hits").get_to(row.hits);
    row.unreachable_reason = j.value("unreachable_reason", std::string());
    row.sut_choice = j.value("sut_choice", false);
}

namespace {

// The report's per-machine figures, for readers of the data alone (a reader of the data
// recomputes them from the rows: they are written, never read).
nlohmann::json model_coverage(const ReportInput& input) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : report_tables::machine_coverage(input))
        out.push_back({{"machine", m.machine},
                       {"reachable_transitions", m.transitions},
                       {"reachable_transitions_taken", m.transitions_hit},
                       {"reachable_states", m.states},
                       {"reachable_states_visited", m.states_hit},
                       {"unreachable", m.unreachable},
                       {"sut_choice", m.sut_choice}});
    return out;
}

}  // namespace

bool ReportDataWriter::open(const std::string& path, std::vector<std::string> secrets) {
    secrets_ = std::move(secrets);
    if (out_.open(path)) return true;
    error_ = out_.error();
    return false;
}

bool ReportDataWriter::write_line(const nlohmann::json& j) {
    // The replacement, "<redacted>", is plain JSON string content: the line stays valid JSON.
    if (out_.write(redact(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), secrets_) + '\n')) {
        return true;
    }
    error_ = out_.error();
    return false;
}

bool ReportDataWriter::add(const CaseResult& result) { return write_line({{"case", result}}); }

bool ReportDataWriter::close(const ReportInput& input) {
    const nlohmann::json run{{"run", input.run},
                             {"sut_identity", input.sut_identity},
                             {"pics", input.pics},
                             {"pixit", input.pixit},
                             {"requirements", input.requirements},
                             {"states", input.states},
                             {"transitions", input.transitions},
                             {"model_coverage", model_coverage(input)}};
    if (!write_line(run)) return false;
    if (out_.commit()) return true;
    error_ = out_.error();
    return false;
}

bool read_report_data(const std::string& path, const std::string& shown_path,
                      const std::function<void(const CaseResult&)>& on_case, ReportInput& input, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        error = shown_path + ": cannot read (accepted: a folder written by `run --report-dir`, which holds " +
                kReportDataFile + ")";
        return false;
    }
    const std::string too_large = shown_path + ": larger than " + std::to_string(kMaxMergeInputBytes >> 20) +
                                  " MiB (accepted: report data of at most that size)";
    if (static_cast<std::uint64_t>(st.st_size) > kMaxMergeInputBytes) {
        error = too_large;
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = shown_path + ": cannot read (" + std::strerror(errno) + ")";
        return false;
    }
    std::string line;
    std::size_t number = 0;
    std::uint64_t bytes = 0;
    bool closed = false;
    while (std::getline(in, line)) {
        ++number;
        bytes += line.size() + 1;
        const std::string where = shown_path + ":" + std::to_string(number) + ": ";
        if (bytes > kMaxMergeInputBytes) {  // grew while being read
            error = too_large;
            return false;
        }
        if (closed) {
            error = where + "a line after the closing run description (accepted: report data as `run` writes it)";
            return false;
        }
        // A shard killed while writing leaves its last line cut: no newline after it.
        const bool cut = in.eof();
        try {
            const auto j = nlohmann::json::parse(line);
            if (j.contains("case")) {
                on_case(j.at("case").get<CaseResult>());
                if (cut) break;
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
        } catch (const nlohmann::json::exception&) {
            error = where + (cut ? "the line is cut: this shard's run did not finish"
                                 : "not a case or run line (accepted: report data as `run` writes it)");
            return false;
        }
    }
    if (in.bad()) {
        error = shown_path + ": read error";
        return false;
    }
    if (!closed) {
        error = shown_path + ": no closing run description: this shard's run did not finish";
        return false;
    }
    return true;
}

}  // namespace ppp::reports
