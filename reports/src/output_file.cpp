#include "ppp/reports/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>

namespace ppp::reports {
namespace {

// Temporaries not yet renamed or removed, for remove_pending_temporaries() in a signal handler:
// fixed storage, a slot marked used only once its path is complete.
constexpr int kSlots = 32;
char g_pending_path[kSlots][PATH_MAX];
volatile std::sig_atomic_t g_pending_used[kSlots];

int claim_slot(const std::string& path) {
    if (path.size() >= PATH_MAX) return -1;
    for (int i = 0; i < kSlots; ++i) {
        if (g_pending_used[i] != 0) continue;
        std::memcpy(g_pending_path[i], path.c_str(), path.size() + 1);
        g_pending_used[i] = 1;
        return i;
    }
    return -1;  // more temporaries open than slots: that one is only removed on orderly exits
}

void release_slot(int& slot) {
    if (slot >= 0) g_pending_used[slot] = 0;
    slot = -1;
}

std::string folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows symlinks to what they name (which may not exist yet). Empty with `err` set on a loop.
std::string resolve_links(const std::string& path, int& err) {
    std::string current = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
        std::string target(PATH_MAX, '\0');
        const ssize_t n = ::readlink(current.c_str(), target.data(), target.size() - 1);
        if (n < 0) {
            err = errno;
            return {};
        }
        target.resize(static_cast<std::size_t>(n));
        // A relative link is relative to the folder holding the link.
        current = target.front() == '/' ? target : folder_of(current) + "/" + target;
    }
    err = ELOOP;
    return {};
}

std::string creation_problem(const std::string& folder) {
    const std::string why = folder_write_problem(folder);
    return why.empty() ? "" : "is in a folder that cannot be written (" + why + ")";
}

mode_t new_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

}  // namespace

std::string folder_write_problem(const std::string& folder) {
    std::string probe = folder + "/.ppp-conform-probe.XXXXXX";
    const int fd = ::mkstemp(probe.data());
    if (fd < 0) return std::strerror(errno);
    ::close(fd);
    ::unlink(probe.c_str());
    return "";
}

std::string output_file_problem(const std::string& path) {
    if (path.empty()) return "is empty";
    int err = 0;
    const std::string target = resolve_links(path, err);
    if (target.empty()) return std::string("cannot be resolved (") + std::strerror(err) + ")";
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return "is a folder";
        if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
            return "is neither a file, a character device nor a FIFO";
        }
        if (!S_ISREG(st.st_mode) && ::access(target.c_str(), W_OK) != 0) {
            return std::string("cannot be written (") + std::strerror(errno) + ")";
        }
        return S_ISREG(st.st_mode) ? creation_problem(folder_of(target)) : "";
    }
    const std::string folder = folder_of(target);
    if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return "is in a folder that does not exist";
    return creation_problem(folder);
}

std::string spool_folder_for(const std::string& path) {
    int err = 0;
    const std::string target = resolve_links(path, err);
    struct stat st {};
    if (target.empty() || (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode))) return "";  // default temp folder
    return folder_of(target);
}

void remove_pending_temporaries() {
    for (int i = 0; i < kSlots; ++i) {
        if (g_pending_used[i] != 0) ::unlink(g_pending_path[i]);
    }
}

OutputFile::~OutputFile() { abandon(); }

bool OutputFile::fail(const std::string& what, int err) {
    error_ = path_ + ": " + what + ": " + std::strerror(err);
    return false;
}

bool OutputFile::open(const std::string& path) {
    abandon();
    path_ = path;
    error_.clear();
    int err = 0;
    target_ = resolve_links(path, err);
    if (target_.empty()) return fail("cannot resolve", err);
    struct stat st {};
    const bool exists = ::stat(target_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) return fail("cannot write", EISDIR);
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        in_place_ = true;
        file_ = std::fopen(target_.c_str(), "wb");
        return file_ != nullptr || fail("cannot open", errno);
    }
    if (exists && !S_ISREG(st.st_mode)) return fail("cannot write", EINVAL);
    in_place_ = false;
    temporary_ = folder_of(target_) + "/." + name_of(target_) + ".XXXXXX";
    const int fd = ::mkstemp(temporary_.data());
    if (fd < 0) {
        const int create_errno = errno;
        temporary_.clear();
        return fail("cannot create a temporary file beside it", create_errno);
    }
    slot_ = claim_slot(temporary_);
    // mkstemp makes 0600; the result gets the mode the replaced file had, or the usual one.
    ::fchmod(fd, exists ? (st.st_mode & 07777) : new_file_mode());
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        const int open_errno = errno;
        ::close(fd);
        abandon();
        return fail("cannot open", open_errno);
    }
    return true;
}

bool OutputFile::write(std::string_view bytes) {
    if (file_ == nullptr) return fail("write", EBADF);
    if (failed_) return false;
    if (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size()) return true;
    failed_ = true;
    return fail("write", errno != 0 ? errno : EIO);
}

bool OutputFile::commit() {
    if (file_ == nullptr) return fail("commit", EBADF);
    if (failed_) {  // error_ already names the first failed write
        abandon();
        return false;
    }
    bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
    int err = errno;
    // fsync before rename: after a crash the name points at either the old or the new file.
    if (ok && !in_place_ && ::fsync(::fileno(file_)) != 0) {
        ok = false;
        err = errno;
    }
    if (std::fclose(file_) != 0 && ok) {
        ok = false;
        err = errno;
    }
    file_ = nullptr;
    if (ok && !in_place_ && std::rename(temporary_.c_str(), target_.c_str()) != 0) {
        err = errno;
        ok = false;
        abandon();
        return fail("cannot rename into place", err);
    }
    if (!ok) {
        abandon();
        return fail("write", err != 0 ? err : EIO);
    }
    release_slot(slot_);
    temporary_.clear();
    return true;
}

void OutputFile::abandon() {
    failed_ = false;
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    release_slot(slot_);
    temporary_.clear();
}

}  // namespace ppp::reports
