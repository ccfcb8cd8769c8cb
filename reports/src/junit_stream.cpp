#include "ppp/reports/junit_stream.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "junit_format.hpp"
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
    std::string spool_path;
    std::string temp_path;
    RunInfo run;
    Spool spool;  // key: the suite's index
    std::vector<Suite> suites;  // first-seen order
    std::unordered_map<std::string, std::size_t> suite_index;
    junit_format::Counts total;
    bool flushed_once = false;
    double last_flush = 0.0;
    std::string error;

    bool fail(const std::string& file, const char* what, int err) {
        error = file + ": " + what + ": " + std::strerror(err);
        return false;
    }

    bool write_all(std::FILE* f, const std::string& data) {
        return data.empty() || std::fwrite(data.data(), 1, data.size(), f) == data.size();
    }

    bool rewrite() {
        error.clear();
        std::FILE* out = std::fopen(temp_path.c_str(), "wb");
        if (out == nullptr) return fail(temp_path, "cannot create", errno);
        const Sink to_out = [&](std::string_view bytes) {
            return bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
        };
        bool ok = write_all(out, junit_format::document_open(run, total));
        for (std::size_t i = 0; ok && i < suites.size(); ++i) {
            ok = write_all(out, junit_format::suite_open(run, suites[i].name, suites[i].counts));
            if (ok && !spool.copy(i, to_out)) {
                error = spool.error().empty() ? temp_path + ": write: " + std::strerror(errno) : spool.error();
                ok = false;
            }
            ok = ok && write_all(out, junit_format::suite_close());
        }
        ok = ok && write_all(out, junit_format::document_close());
        // fsync before rename: after a crash the name points at either the old or the new file.
        ok = ok && std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
        if (!ok && error.empty()) fail(temp_path, "write", errno);
        if (std::fclose(out) != 0 && ok) ok = fail(temp_path, "close", errno);
        if (!ok) {
            std::remove(temp_path.c_str());
            return false;
        }
        if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
            const int rename_errno = errno;
            std::remove(temp_path.c_str());
            return fail(path, "cannot rename into place", rename_errno);
        }
        return true;
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
    s.spool_path = path + ".spool";
    s.temp_path = path + ".tmp";
    s.run = run;
    if (!s.spool.open(s.spool_path)) {
        s.error = s.spool.error();
        return false;
    }
    if (!s.rewrite()) {
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
    if (s.flushed_once && now_seconds - s.last_flush < s.policy.min_interval_seconds) return true;
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
    return s.rewrite();
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
