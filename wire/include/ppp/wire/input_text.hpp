#pragma once
// Text that came from a user (configurations, profiles, scenarios, PIXIT, command-line values):
// the limits every reader applies, how a value is echoed back in a one-line message, and the
// line ends and byte-order mark that editors leave (DESIGN.md section 9).
#include <cstddef>
#include <string>
#include <string_view>

namespace ppp::wire {

// Limits that every reader of user input applies (README, "Limits").
inline constexpr std::size_t kMaxTextFileBytes = 1024 * 1024;          // configuration, profile, scenario, PIXIT
inline constexpr std::size_t kMaxLineBytes = 64 * 1024;                 // one line of any text input
inline constexpr std::size_t kMaxEchoedChars = 80;                     // a value quoted in a message

// The value as it may appear in a one-line message: control characters, DEL and bytes that are not
// valid UTF-8 escaped (\n, \t, \x1b, \xff), cut after `max_chars` characters with "..." and the
// full length, so a 12 MB value or a terminal escape never reaches the user's terminal raw.
std::string quote_value(std::string_view value, std::size_t max_chars = kMaxEchoedChars);

// The value as one POSIX shell word ('it'\''s'), for the command lines the harness prints
// (reproduce lines) and the ones it runs (--command templates).
std::string shell_word(std::string_view value);

// Removes a leading UTF-8 byte-order mark and turns CRLF (and a lone CR) line ends into LF.
std::string normalize_line_ends(std::string_view text);

}  // namespace ppp::wire
