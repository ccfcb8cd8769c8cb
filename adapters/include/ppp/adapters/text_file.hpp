#pragma once
// Reading a user's text file (configuration, profile, scenario, PIXIT) with the limits of
// ppp/wire/input_text.hpp: a regular file or a device read up to a cap, never a directory, never
// unbounded (`--profile /dev/zero` is refused, not read until memory runs out).
#include <cstddef>
#include <string>

#include "ppp/wire/input_text.hpp"

namespace ppp::adapters {

struct TextFile {
    bool ok = false;
    std::string text;   // line ends normalised (CRLF, a byte-order mark), when ok
    std::string error;  // one line naming the path and what is accepted, when !ok
};

// `what` names the file's role in messages ("profile", "scenario", "configuration").
TextFile read_text_file(const std::string& path, const std::string& what,
                        std::size_t max_bytes = wire::kMaxTextFileBytes);

}  // namespace ppp::adapters
