#include "process_pool.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <vector>

namespace ppp::suites::detail {
namespace {

// One message on a worker's pipe: kind ('I' item, 'C' closing), item index, payload length
// (both 8 octets, host order: the pipe never leaves the machine), payload.
constexpr std::size_t kHeader = 17;

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool send(int fd, char kind, std::uint64_t index, const std::string& payload) {
    char header[kHeader];
    const std::uint64_t size = payload.size();
    header[0] = kind;
    std::memcpy(header + 1, &index, 8);
    std::memcpy(header + 9, &size, 8);
    return write_all(fd, header, kHeader) && write_all(fd, payload.data(), payload.size());
}

[[noreturn]] void worker_main(int fd, std::size_t first, std::size_t count, int jobs, const PoolWork& work,
                              pid_t parent) {
    // A worker never outlives the run: whatever ends the parent (SIGKILL, a crash, a second
    // SIGINT's immediate exit) ends its workers too.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) std::_Exit(3);
    int code = 0;
    try {
        bool stopped = false;
        for (std::size_t i = first; i < count; i += static_cast<std::size_t>(jobs)) {
            if (work.stop && work.stop()) {
                stopped = true;
                break;
            }
            if (!send(fd, 'I', i, work.item(i))) std::_Exit(4);
        }
        if (!stopped && !send(fd, 'C', 0, work.closing ? work.closing() : std::string())) code = 4;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ppp-conform worker: %s\n", e.what());
        code = 3;
    }
    ::close(fd);
    // _Exit: the parent's buffers, atexit handlers and open report files belong to the parent.
    std::_Exit(code);
}

std::string describe_status(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = strsignal(sig);
        return "worker process killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
    }
    if (WIFEXITED(status)) return "worker process exited with status " + std::to_string(WEXITSTATUS(status));
    return "worker process ended abnormally";
}

struct Worker {
    pid_t pid = -1;
    int fd = -1;
    std::string buffer;
    bool closed = false;  // sent its closing message
};

}  // namespace

std::string run_in_processes(std::size_t count, int jobs, const PoolWork& work, const PoolDelivery& deliver) {
    if (jobs < 1) jobs = 1;
    if (static_cast<std::size_t>(jobs) > count) jobs = static_cast<int>(count);
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);  // the workers inherit the parent's unwritten buffers otherwise

    std::vector<Worker> workers(static_cast<std::size_t>(jobs));
    const pid_t parent = ::getpid();
    auto abandon = [&](const std::string& what) {
        for (auto& w : workers) {
            if (w.fd >= 0) ::close(w.fd);
            if (w.pid > 0) {
                ::kill(w.pid, SIGKILL);
                ::waitpid(w.pid, nullptr, 0);
            }
        }
        return what + ": " + std::strerror(errno);
    };
    for (int k = 0; k < jobs; ++k) {
        int fds[2];
        if (::pipe(fds) != 0) return abandon("pipe");
        const pid_t pid = ::fork();
        if (pid < 0) {
            ::close(fds[0]);
            ::close(fds[1]);
            return abandon("fork");
        }
        if (pid == 0) {
            ::close(fds[0]);
            for (int j = 0; j < k; ++j) ::close(workers[static_cast<std::size_t>(j)].fd);
            worker_main(fds[1], static_cast<std::size_t>(k), count, jobs, work, parent);
        }
        ::close(fds[1]);
        workers[static_cast<std::size_t>(k)].pid = pid;
        workers[static_cast<std::size_t>(k)].fd = fds[0];
    }

    // Items arrive in any order; they are delivered in item order so outputs do not depend on
    // scheduling. `lost` holds the reason for items whose worker died first.
    std::map<std::size_t, std::string> ready;
    std::map<std::size_t, std::string> lost;
    std::set<std::size_t> received;
    std::size_t next = 0;
    auto flush_in_order = [&] {
        for (;;) {
            if (auto it = ready.find(next); it != ready.end()) {
                deliver.item(next, std::move(it->second));
                ready.erase(it);
            } else if (auto l = lost.find(next); l != lost.end()) {
                deliver.lost(next, l->second);
                lost.erase(l);
            } else {
                return;
            }
            ++next;
        }
    };

    bool forwarded_stop = false;
    std::size_t open = workers.size();
    std::vector<pollfd> polled;
    char chunk[65536];
    while (open > 0) {
        if (!forwarded_stop && work.stop && work.stop()) {
            for (auto& w : workers) ::kill(w.pid, SIGTERM);  // a worker stops between cases too
            forwarded_stop = true;
        }
        polled.clear();
        for (const auto& w : workers)
            if (w.fd >= 0) polled.push_back({w.fd, POLLIN, 0});
        if (::poll(polled.data(), polled.size(), 200) < 0 && errno != EINTR) {
            const std::string reason = std::string("poll: ") + std::strerror(errno);
            for (auto& w : workers) {
                if (w.fd < 0) continue;
                ::close(w.fd);
                ::kill(w.pid, SIGKILL);
                ::waitpid(w.pid, nullptr, 0);
            }
            for (std::size_t i = next; i < count; ++i)
                if (received.count(i) == 0) lost.emplace(i, reason);
            flush_in_order();
            return "";
        }
        for (const auto& p : polled) {
            if ((p.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            std::size_t k = 0;
            while (workers[k].fd != p.fd) ++k;
            Worker& w = workers[k];
            const ssize_t n = ::read(w.fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n > 0) {
                w.buffer.append(chunk, static_cast<std::size_t>(n));
                while (w.buffer.size() >= kHeader) {
                    std::uint64_t index = 0, size = 0;
                    std::memcpy(&index, w.buffer.data() + 1, 8);
                    std::memcpy(&size, w.buffer.data() + 9, 8);
                    if (w.buffer.size() < kHeader + size) break;
                    std::string payload = w.buffer.substr(kHeader, size);
                    const char kind = w.buffer[0];
                    w.buffer.erase(0, kHeader + size);
                    if (kind == 'C') {
                        w.closed = true;
                        if (deliver.closing) deliver.closing(std::move(payload));
                    } else if (index < count) {
                        received.insert(index);
                        ready.emplace(index, std::move(payload));
                    }
                }
                flush_in_order();
                continue;
            }
            // End of file: the worker has finished or died.
            ::close(w.fd);
            w.fd = -1;
            --open;
            int status = 0;
            ::waitpid(w.pid, &status, 0);
            const bool stopped = forwarded_stop || (work.stop && work.stop());
            if (!w.closed && !stopped) {
                const std::string reason = describe_status(status);
                for (std::size_t i = k; i < count; i += workers.size())
                    if (received.count(i) == 0) lost.emplace(i, reason);
            }
            flush_in_order();
        }
    }
    // After a stop: the finished cases, in order, past the gaps left by unfinished ones.
    for (auto& [index, text] : ready) deliver.item(index, std::move(text));
    return "";
}

}  // namespace ppp::suites::detail
