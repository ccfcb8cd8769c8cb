#pragma once
// Keyed records on disk, so a document made of many cases is assembled without holding the cases
// in memory (DESIGN.md section 9: memory flat in the number of cases). Records of one key come
// back in the order they were appended.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace ppp::reports {

// Receives assembled output; false stops the copy (the sink keeps its own error).
using Sink = std::function<bool(std::string_view)>;

class Spool {
public:
    Spool() = default;
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    // An anonymous file (unlinked at once, so nothing is left behind even when the process is
    // killed, and two runs never share one) in `folder`, or in the system's temporary folder.
    bool open(const std::string& folder = "");
    bool append(std::uint64_t key, std::string_view bytes);
    // Sends the records of `key` to `sink` in order, `separator` between two records.
    bool copy(std::uint64_t key, const Sink& sink, std::string_view separator = {});
    bool close();

    bool is_open() const { return file_ != nullptr; }
    const std::string& error() const { return error_; }

private:
    bool fail(const char* what, int err);

    std::FILE* file_ = nullptr;
    std::string folder_;
    std::string error_;
};

}  // namespace ppp::reports
