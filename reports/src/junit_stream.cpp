#include "ppp/reports/junit_stream.hpp"

#include <sys/stat.h>

#include <unordered_map>
#include <vector>

#include "junit_format.hpp"
#include "ppp/reports/output_file.hpp"
#include "spool.hpp"

namespace ppp::reports {
namespace {

struct Suite {
    std::string name;
    junit_format::Counts counts;
};

}  // namespace

struct JUnitStream::Impl {
    FlushPolicy policy;
    std::string path;
    bool in_place = false;  // a device or FIFO: written once, at close()
    RunInfo run;
    Spool spool;  // key: the suite's index
    std::vector<Suite> suites;  // first-seen order
    std::unordered_map<std::string, std::size_t> suite_index;
    junit_format::Counts total;
    bool flushed_once = false;
    double last_flush = 0.0;
    std::string error;

    // The whole document from the spool, put in place by OutputFile (a temporary renamed over a
    // regular file; a device or FIFO streamed).
    bool rewrite() {
        error.clear();
        OutputFile out;
        if (!out.open(path)) {
            error = out.error();
            return false;
        }
        in_place = out.in_place();
        const Sink to_out = [&](std::string_view bytes) { return out.write(bytes); };
        bool ok = out.write(junit_format::document_open(run, total));
        for (std::size_t i = 0; ok && i < suites.size(); ++i) {
            ok = out.write(junit_format::suite_open(run, suites[i].name, suites[i].counts));
            if (ok && !spool.copy(i, to_out)) {
                error = spool.error().empty() ? out.error() : spool.error();
                ok = false;
            }
            ok = ok && out.write(junit_format::suite_close());
        }
        ok = ok && out.write(junit_format::document_close()) && out.commit();
        if (!ok && error.empty()) error = out.error();
        return ok;
    }
};

JUnitStream::JUnitStream(FlushPolicy policy) : impl_(std::make_unique<Impl>()) { impl_->policy = policy; }

JUnitStream::~JUnitStream() {
    if (is_open()) close();
}

bool JUnitStream::open(const std::string& path, const RunInfo& run) {
    if (is_open()) close();
    const FlushPolicy policy = impl_->policy;
    impl_ = std::make_unique<Impl>();
    Impl& s = *impl_;
    s.policy = policy;
    s.path = path;
    s.run = run;
    if (const std::string problem = output_file_problem(path); !problem.empty()) {
        s.error = path + " " + problem;
        return false;
    }
    if (!s.spool.open(spool_folder_for(path))) {
        s.error = s.spool.error();
        return false;
    }
    struct stat st {};
    s.in_place = ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
    if (!s.in_place && !s.rewrite()) {
        s.spool.close();
        return false;
    }
    return true;
}

bool JUnitStream::add(const CaseResult& result, double now_seconds) {
    Impl& s = *impl_;
    if (!s.spool.is_open()) {
        s.error = "JUnit stream: add() before open()";
        return false;
    }
    auto [it, inserted] = s.suite_index.emplace(result.suite, s.suites.size());
    if (inserted) s.suites.push_back({result.suite, {}});
    const std::string fragment = junit_format::testcase(result, s.run.secrets);
    if (!s.spool.append(it->second, fragment)) {
        s.error = s.spool.error();
        return false;
    }
    s.suites[it->second].counts.add(result);
    s.total.add(result);
    if (s.in_place || (s.flushed_once && now_seconds - s.last_flush < s.policy.min_interval_seconds)) return true;
    s.flushed_once = true;
    s.last_flush = now_seconds;
    return s.rewrite();
}

bool JUnitStream::flush() {
    Impl& s = *impl_;
    if (!s.spool.is_open()) {
        s.error = "JUnit stream: flush() before open()";
        return false;
    }
    return s.in_place || s.rewrite();
}

bool JUnitStream::close() {
    Impl& s = *impl_;
    if (!s.spool.is_open()) return true;
    const bool ok = s.rewrite();
    if (!s.spool.close() && ok) {
        s.error = s.spool.error();
        return false;
    }
    return ok;
}

bool JUnitStream::is_open() const { return impl_->spool.is_open(); }

std::size_t JUnitStream::case_count() const { return impl_->total.tests; }

const std::string& JUnitStream::error() const { return impl_->error; }

}  // namespace ppp::reports
