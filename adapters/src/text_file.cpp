#include "ppp/adapters/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ppp::adapters {

TextFile read_text_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
    TextFile out;
    const std::string shown = wire::quote_value(path);
    if (path.empty()) {
        out.error = what + " path is empty (accepted: a readable file of at most " +
                    std::to_string(max_bytes / 1024) + " KiB)";
        return out;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        out.error = what + " " + shown + ": cannot open (" + std::strerror(errno) + ")";
        return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        out.error = what + " " + shown + " is a directory (accepted: a readable file)";
        return out;
    }
    // A FIFO or terminal blocks like a file should: only the open was non-blocking.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::string data;
    char buffer[65536];
    while (data.size() <= max_bytes) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            out.error = what + " " + shown + ": cannot read (" + std::strerror(e) + ")";
            return out;
        }
        if (n == 0) break;
        data.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (data.size() > max_bytes) {
        out.error = what + " " + shown + " is larger than " + std::to_string(max_bytes / 1024) +
                    " KiB (accepted: a text file of at most " + std::to_string(max_bytes / 1024) + " KiB)";
        return out;
    }
    out.text = wire::normalize_line_ends(data);
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i <= out.text.size(); ++i) {
        if (i < out.text.size() && out.text[i] != '\n') continue;
        if (i - line_start > wire::kMaxLineBytes) {
            out.error = what + " " + shown + " line " + std::to_string(line) + " is longer than " +
                        std::to_string(wire::kMaxLineBytes / 1024) + " KiB (accepted: lines of at most " +
                        std::to_string(wire::kMaxLineBytes / 1024) + " KiB)";
            out.text.clear();
            return out;
        }
        ++line;
        line_start = i + 1;
    }
    out.ok = true;
    return out;
}

}  // namespace ppp::adapters
