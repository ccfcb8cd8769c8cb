#include "ppp/reports/junit_stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "junit_format.hpp"

namespace ppp::reports {
namespace {

// Spool record: this header, then `size` bytes of one <testcase> element. Native byte order:
// the spool lives only as long as the stream.
struct RecordHeader {
    std::uint64_t suite;
    std::uint64_t size;
};

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
    std::FILE* spool = nullptr;
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

    // Copies suite `index`'s records from the spool to `out`, in the order they were added.
    bool copy_suite(std::uint64_t index, std::FILE* out) {
        if (std::fseek(spool, 0, SEEK_SET) != 0) return fail(spool_path, "seek", errno);
        RecordHeader header{};
        std::vector<char> buffer(1 << 16);
        while (std::fread(&header, sizeof header, 1, spool) == 1) {
            if (header.suite != index) {
                if (std::fseek(spool, static_cast<long>(header.size), SEEK_CUR) != 0) {
                    return fail(spool_path, "seek", errno);
                }
                continue;
            }
            for (std::uint64_t left = header.size; left > 0;) {
                const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
                if (std::fread(buffer.data(), 1, chunk, spool) != chunk) return fail(spool_path, "read", EIO);
                if (std::fwrite(buffer.data(), 1, chunk, out) != chunk) return fail(temp_path, "write", errno);
                left -= chunk;
            }
        }
        if (std::ferror(spool) != 0) return fail(spool_path, "read", EIO);
        return std::fseek(spool, 0, SEEK_END) == 0 || fail(spool_path, "seek", errno);
    }

    bool rewrite() {
        error.clear();
        if (spool != nullptr && std::fflush(spool) != 0) return fail(spool_path, "write", errno);
        std::FILE* out = std::fopen(temp_path.c_str(), "wb");
        if (out == nullptr) return fail(temp_path, "cannot create", errno);
        bool ok = write_all(out, junit_format::document_open(run, total));
        for (std::size_t i = 0; ok && i < suites.size(); ++i) {
            ok = write_all(out, junit_format::suite_open(run, suites[i].name, suites[i].counts)) &&
                 copy_suite(i, out) && write_all(out, junit_format::suite_close());
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
    Impl& s = *impl_;
    const FlushPolicy policy = s.policy;
    s = Impl{};
    s.policy = policy;
    s.path = path;
    s.spool_path = path + ".spool";
    s.temp_path = path + ".tmp";
    s.run = run;
    s.spool = std::fopen(s.spool_path.c_str(), "w+b");
    if (s.spool == nullptr) return s.fail(s.spool_path, "cannot create", errno);
    if (!s.rewrite()) {
        std::fclose(s.spool);
        s.spool = nullptr;
        std::remove(s.spool_path.c_str());
        return false;
    }
    return true;
}

bool JUnitStream::add(const CaseResult& result, double now_seconds) {
    Impl& s = *impl_;
    if (s.spool == nullptr) {
        s.error = "JUnit stream: add() before open()";
        return false;
    }
    auto [it, inserted] = s.suite_index.emplace(result.suite, s.suites.size());
    if (inserted) s.suites.push_back({result.suite, {}});
    const std::string fragment = junit_format::testcase(result, s.run.secrets);
    const RecordHeader header{static_cast<std::uint64_t>(it->second), static_cast<std::uint64_t>(fragment.size())};
    if (std::fwrite(&header, sizeof header, 1, s.spool) != 1 ||
        std::fwrite(fragment.data(), 1, fragment.size(), s.spool) != fragment.size()) {
        return s.fail(s.spool_path, "write", errno);
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
    if (s.spool == nullptr) {
        s.error = "JUnit stream: flush() before open()";
        return false;
    }
    return s.rewrite();
}

bool JUnitStream::close() {
    Impl& s = *impl_;
    if (s.spool == nullptr) return true;
    const bool ok = s.rewrite();
    std::fclose(s.spool);
    s.spool = nullptr;
    if (std::remove(s.spool_path.c_str()) != 0 && ok) return s.fail(s.spool_path, "cannot remove", errno);
    return ok;
}

bool JUnitStream::is_open() const { return impl_->spool != nullptr; }

std::size_t JUnitStream::case_count() const { return impl_->total.tests; }

const std::string& JUnitStream::error() const { return impl_->error; }

}  // namespace ppp::reports
