#pragma once
// Secrets out of reports, logs and capture comments (DESIGN.md section 9).
#include <string>
#include <string_view>
#include <vector>

namespace ppp::reports {

// Replaces every occurrence of each non-empty secret with "<redacted>". Occurrences are found in
// the original text, so overlapping or adjacent ones (of one secret or several) become a single
// "<redacted>" and no byte of any occurrence survives; the replacement itself is never searched.
std::string redact(std::string_view text, const std::vector<std::string>& secrets);

// What stands in for a secret in every output (texts, captures, recordings).
inline constexpr const char* kRedacted = "<redacted>";

}  // namespace ppp::reports
