#pragma once
// A result file written so that a reader never sees half of it and two runs never share a
// temporary (DESIGN.md section 9). Where the path leads decides how:
// - a regular file, a missing one, or a symlink to either: a uniquely named temporary beside the
//   resolved target (`.NAME.XXXXXX`, mkstemp), flushed to disk, then renamed over the target, so
//   the link stays a link and the file keeps its permissions;
// - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe to a collector): written in
//   place, streamed, never replaced;
// - a folder, or anything else: refused.
// A temporary is removed when the file is abandoned (destructor, error) and, when the process is
// ended at once by a second signal, by remove_pending_temporaries() from that signal handler.
#include <cstdio>
#include <string>
#include <string_view>

namespace ppp::reports {

class OutputFile {
public:
    OutputFile() = default;
    ~OutputFile();  // abandons a file not committed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // False with error() naming the path and the system error.
    bool open(const std::string& path);
    // After a failed write, later writes do nothing and commit() fails with the first error.
    bool write(std::string_view bytes);
    // Flushes (and fsyncs a temporary) and puts the file in place. False with error() on failure,
    // the temporary then removed.
    bool commit();
    // Closes and removes the temporary; the target is left as it was.
    void abandon();

    bool is_open() const { return file_ != nullptr; }
    // Written in place: a device or FIFO, which can be written once, not rewritten.
    bool in_place() const { return in_place_; }
    std::FILE* stream() { return file_; }
    const std::string& path() const { return path_; }
    const std::string& error() const { return error_; }

private:
    bool fail(const std::string& what, int err);
    std::FILE* file_ = nullptr;
    bool in_place_ = false;
    bool failed_ = false;  // a write failed: commit() refuses
    int slot_ = -1;  // in the table of pending temporaries
    std::string path_;       // as given
    std::string target_;     // symlinks resolved
    std::string temporary_;  // empty when in place
    std::string error_;
};

// Why `path` cannot be written as an output file, or "" when it can (a regular file, a missing
// file in an existing folder, a device, a FIFO, a symlink to one of these). For checks before a
// run starts, so a bad path is a usage error, not a failure at the end.
std::string output_file_problem(const std::string& path);

// Why no file can be created in `folder` (the system's words), or "". Tried, not asked with
// access(), which says yes to root where creating fails (/proc, a read-only mount).
std::string folder_write_problem(const std::string& folder);

// Removes every temporary an OutputFile still holds. Async-signal-safe (unlink only): for a
// signal handler that ends the process with _exit.
void remove_pending_temporaries();

// A folder for spool files next to `path`'s resolved target (unique names, unlinked at once).
std::string spool_folder_for(const std::string& path);

}  // namespace ppp::reports
