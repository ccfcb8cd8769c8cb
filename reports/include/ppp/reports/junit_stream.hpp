#pragma once
// JUnit written as cases finish (DESIGN.md section 9): an interrupted run leaves a valid file with
// the cases already flushed. Memory stays flat in the number of cases: each case is serialized
// once into an anonymous spool file beside the target, and each flush rewrites the whole document
// from the spool through OutputFile (a unique temporary renamed over `<path>`, atomic on POSIX).
// A device or FIFO as `<path>` is written once, at close().
// Reports never read a clock: the caller passes `now` (seconds on any monotonic clock).
#include <cstddef>
#include <memory>
#include <string>

#include "ppp/reports/case_result.hpp"

namespace ppp::reports {

struct FlushPolicy {
    // add() rewrites the document when at least this long passed since the last rewrite (the
    // first add always does); 0 rewrites after every case.
    double min_interval_seconds = 0.5;
};

class JUnitStream {
public:
    explicit JUnitStream(FlushPolicy policy = {});
    ~JUnitStream();  // close()s a stream still open; errors there are dropped
    JUnitStream(const JUnitStream&) = delete;
    JUnitStream& operator=(const JUnitStream&) = delete;

    // Creates the spool and writes an empty document at `path`. False with error() set on failure.
    bool open(const std::string& path, const RunInfo& run);
    // Spools `result`; rewrites the document if the flush policy says so at `now_seconds`.
    bool add(const CaseResult& result, double now_seconds);
    // Rewrites the document now.
    bool flush();
    // Final rewrite, then removes the spool. The stream can be opened again afterwards.
    bool close();

    bool is_open() const;
    std::size_t case_count() const;   // cases added since open()
    const std::string& error() const; // one line naming the file and the system error

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::reports
