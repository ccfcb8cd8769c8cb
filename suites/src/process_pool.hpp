#pragma once
// `run --jobs N`: test purposes spread over N forked worker processes. Processes, not threads:
// RapidCheck keeps its generation and shrinking state in process-global implicit parameters, so
// two properties cannot be checked at once in one process.
#include <cstddef>
#include <functional>
#include <string>

namespace ppp::suites::detail {

struct PoolWork {
    // In a worker: the message for item i (one test purpose), and a closing message after the
    // worker's last item (e.g. its coverage). Both are plain text sent through a pipe.
    std::function<std::string(std::size_t)> item;
    std::function<std::string()> closing;
    // Asked before each item, in the workers and in the parent (SIGINT/SIGTERM end a campaign
    // between cases; the parent forwards SIGTERM to its workers).
    std::function<bool()> stop;
};

struct PoolDelivery {
    // In the parent, in item order 0, 1, 2... whatever order workers finish in.
    std::function<void(std::size_t, std::string)> item;
    // An item whose worker died before reporting it: `reason` names the exit status or signal.
    std::function<void(std::size_t, const std::string& reason)> lost;
    std::function<void(std::string)> closing;  // once per worker that finished normally
};

// Item i runs on worker i % jobs. Returns "" or one line naming what failed (pipe, fork), in
// which case nothing was delivered; after a stop, items not finished are neither delivered nor lost.
std::string run_in_processes(std::size_t count, int jobs, const PoolWork& work, const PoolDelivery& deliver);

}  // namespace ppp::suites::detail
