#include "ppp/reports/report_stream.hpp"

#include <unordered_map>

#include "ppp/reports/conformance_report.hpp"
#include "ppp/reports/output_file.hpp"
#include "ppp/reports/redact.hpp"
#include "report_format.hpp"
#include "report_tables.hpp"
#include "spool.hpp"

namespace ppp::reports {
namespace {

constexpr std::size_t kHtml = 0, kMarkdown = 1, kFormats = 2;

std::unique_ptr<report_format::Format> make_format(std::size_t which, const std::vector<std::string>& secrets) {
    return which == kHtml ? report_format::html_format(secrets) : report_format::markdown_format(secrets);
}

}  // namespace

struct ReportStream::Impl {
    std::vector<std::string> secrets;
    std::unique_ptr<report_format::Format> formats[kFormats];
    Spool rows[kFormats];      // verdict table rows
    Spool problems[kFormats];  // one block per failing case
    Spool matrix[kFormats];    // key: the requirement's key; one entry per citing case
    Spool lines;               // the terminal summary's lines
    Tally tally;
    struct Requirement {
        std::size_t key = 0;
        std::size_t cases = 0;
        Verdict worst = Verdict::None;
    };
    std::unordered_map<std::string, Requirement> requirements;  // one per distinct ID
    std::vector<std::string> cited_order;                        // IDs cases cite, first-seen order
    std::string error;

    bool failed(const Spool& spool) {
        error = spool.error();
        return false;
    }

    // The document in format `which`, piece by piece to `sink`.
    bool assemble(std::size_t which, const ReportInput& input, const Sink& sink) {
        std::vector<std::string> all_secrets = secrets;
        all_secrets.insert(all_secrets.end(), input.run.secrets.begin(), input.run.secrets.end());
        const auto format = make_format(which, all_secrets);
        if (!sink(format->head(input, tally))) return false;
        if (!rows[which].copy(0, sink)) return failed(rows[which]);
        if (!sink(format->verdicts_end(tally))) return false;

        // The catalog's requirements in its order, then those only cases cite (first-seen order).
        std::vector<report_format::RequirementStatus> matrix_rows;
        std::unordered_map<std::string, bool> listed;
        for (const RequirementRow& r : input.requirements) {
            if (listed.emplace(r.id, true).second) matrix_rows.push_back({r.id, r.clause, true, 0, {}});
        }
        for (const std::string& id : cited_order) {
            if (listed.emplace(id, true).second) matrix_rows.push_back({id, {}, false, 0, {}});
        }
        std::size_t exercised = 0;
        for (auto& row : matrix_rows) {
            const auto it = requirements.find(row.id);
            row.cases = it == requirements.end() ? 0 : it->second.cases;
            row.status = row.cases == 0 ? "untested" : verdict_name(it->second.worst);
            exercised += row.cases > 0 ? 1U : 0U;
        }
        if (!sink(format->matrix_head(exercised, matrix_rows.size()))) return false;
        for (const auto& row : matrix_rows) {
            if (!sink(format->matrix_row_open(row))) return false;
            if (row.cases > 0 && !matrix[which].copy(requirements.at(row.id).key, sink, format->matrix_separator())) {
                return failed(matrix[which]);
            }
            if (!sink(format->matrix_row_close(row))) return false;
        }
        if (!sink(format->matrix_end(matrix_rows.size()))) return false;

        if (!sink(format->middle(input, tally))) return false;
        if (!problems[which].copy(0, sink)) return failed(problems[which]);
        return sink(format->tail());
    }

    std::string to_string(std::size_t which, const ReportInput& input) {
        std::string out;
        assemble(which, input, [&out](std::string_view bytes) {
            out.append(bytes.data(), bytes.size());
            return true;
        });
        return out;
    }

    bool write_file(std::size_t which, const std::string& path, const ReportInput& input) {
        error.clear();
        OutputFile out;
        if (!out.open(path)) {
            error = out.error();
            return false;
        }
        const bool ok = assemble(which, input, [&out](std::string_view bytes) { return out.write(bytes); }) &&
                        out.commit();
        if (!ok && error.empty()) error = out.error();
        return ok;
    }
};

ReportStream::ReportStream(std::vector<std::string> secrets) : impl_(std::make_unique<Impl>()) {
    impl_->secrets = std::move(secrets);
    for (std::size_t which = 0; which < kFormats; ++which) impl_->formats[which] = make_format(which, impl_->secrets);
}

ReportStream::~ReportStream() = default;

bool ReportStream::open() {
    Impl& s = *impl_;
    for (std::size_t which = 0; which < kFormats; ++which) {
        for (Spool* spool : {&s.rows[which], &s.problems[which], &s.matrix[which]}) {
            if (!spool->open()) return s.failed(*spool);
        }
    }
    return s.lines.open() || s.failed(s.lines);
}

bool ReportStream::add(const CaseResult& c) {
    Impl& s = *impl_;
    const std::size_t index = s.tally.total();  // the case's anchor in the documents
    for (std::size_t which = 0; which < kFormats; ++which) {
        const auto& format = *s.formats[which];
        if (!s.rows[which].append(0, format.verdict_row(c, index))) return s.failed(s.rows[which]);
        if (report_tables::is_problem(c.verdict) && !s.problems[which].append(0, format.problem(c, index))) {
            return s.failed(s.problems[which]);
        }
    }
    for (std::size_t i = 0; i < c.requirements.size(); ++i) {
        const std::string& id = c.requirements[i];
        bool listed_before = false;  // a purpose counts once per requirement
        for (std::size_t k = 0; k < i && !listed_before; ++k) listed_before = c.requirements[k] == id;
        if (listed_before) continue;
        auto [it, inserted] = s.requirements.emplace(id, Impl::Requirement{s.requirements.size(), 0, c.verdict});
        if (inserted) s.cited_order.push_back(id);
        Impl::Requirement& r = it->second;
        ++r.cases;
        if (report_tables::severity(c.verdict) > report_tables::severity(r.worst)) r.worst = c.verdict;
        for (std::size_t which = 0; which < kFormats; ++which) {
            if (!s.matrix[which].append(r.key, s.formats[which]->matrix_entry(c, index))) {
                return s.failed(s.matrix[which]);
            }
        }
    }
    if (!s.lines.append(0, redact(summary_line(c), s.secrets))) return s.failed(s.lines);
    s.tally.add(c.verdict);
    return true;
}

const Tally& ReportStream::tally() const { return impl_->tally; }

bool ReportStream::write_html(const std::string& path, const ReportInput& input) {
    return impl_->write_file(kHtml, path, input);
}

bool ReportStream::write_markdown(const std::string& path, const ReportInput& input) {
    return impl_->write_file(kMarkdown, path, input);
}

bool ReportStream::print_text_summary(std::ostream& out) {
    Impl& s = *impl_;
    const bool ok = s.lines.copy(0, [&out](std::string_view bytes) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return static_cast<bool>(out);
    });
    if (!ok) return s.failed(s.lines);
    out << summary_end(s.tally);
    return static_cast<bool>(out);
}

std::string ReportStream::html(const ReportInput& input) { return impl_->to_string(kHtml, input); }

std::string ReportStream::markdown(const ReportInput& input) { return impl_->to_string(kMarkdown, input); }

const std::string& ReportStream::error() const { return impl_->error; }

// The in-memory renderers are the streaming ones fed every case at once.
std::string render_html(const ReportInput& input, const std::vector<CaseResult>& cases) {
    ReportStream stream(input.run.secrets);
    if (!stream.open()) return {};
    for (const CaseResult& c : cases) stream.add(c);
    return stream.html(input);
}

std::string render_markdown(const ReportInput& input, const std::vector<CaseResult>& cases) {
    ReportStream stream(input.run.secrets);
    if (!stream.open()) return {};
    for (const CaseResult& c : cases) stream.add(c);
    return stream.markdown(input);
}

}  // namespace ppp::reports
