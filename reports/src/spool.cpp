#include "spool.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <unistd.h>

namespace ppp::reports {
namespace {

// Record header, then `size` bytes. Native byte order: a spool lives only as long as its owner.
struct RecordHeader {
    std::uint64_t key;
    std::uint64_t size;
};

}  // namespace

Spool::~Spool() { close(); }

bool Spool::fail(const char* what, int err) {
    error_ = "temporary spool" + (folder_.empty() ? std::string() : " in " + folder_) + ": " + what + ": " +
             std::strerror(err);
    return false;
}

bool Spool::open(const std::string& folder) {
    close();
    folder_ = folder;
    error_.clear();
    if (folder.empty()) {
        file_ = std::tmpfile();
        return file_ != nullptr || fail("cannot create", errno);
    }
    std::string name = folder + "/.ppp-conform-spool.XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return fail("cannot create", errno);
    ::unlink(name.c_str());
    file_ = ::fdopen(fd, "w+b");
    if (file_ == nullptr) {
        const int err = errno;
        ::close(fd);
        return fail("cannot open", err);
    }
    return true;
}

bool Spool::append(std::uint64_t key, std::string_view bytes) {
    if (file_ == nullptr) return fail("append", EBADF);
    const RecordHeader header{key, static_cast<std::uint64_t>(bytes.size())};
    // Seeking also separates a copy()'s reads from these writes, as C stdio requires.
    if (std::fseek(file_, 0, SEEK_END) != 0) return fail("seek", errno);
    if (std::fwrite(&header, sizeof header, 1, file_) != 1 ||
        (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())) {
        return fail("write", errno);
    }
    return true;
}

bool Spool::copy(std::uint64_t key, const Sink& sink, std::string_view separator) {
    if (file_ == nullptr) return fail("read", EBADF);
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) return fail("seek", errno);
    RecordHeader header{};
    std::vector<char> buffer(1 << 16);
    bool first = true, ok = true;
    while (ok && std::fread(&header, sizeof header, 1, file_) == 1) {
        if (header.key != key) {
            if (std::fseek(file_, static_cast<long>(header.size), SEEK_CUR) != 0) return fail("seek", errno);
            continue;
        }
        if (!first && !separator.empty()) ok = sink(separator);
        first = false;
        for (std::uint64_t left = header.size; ok && left > 0;) {
            const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
            if (std::fread(buffer.data(), 1, chunk, file_) != chunk) return fail("read", EIO);
            ok = sink(std::string_view(buffer.data(), chunk));
            left -= chunk;
        }
    }
    if (std::ferror(file_) != 0) return fail("read", EIO);
    return ok;
}

bool Spool::close() {
    if (file_ == nullptr) return true;
    std::fclose(file_);
    file_ = nullptr;
    return true;
}

}  // namespace ppp::reports
