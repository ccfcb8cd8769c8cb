#pragma once
// The embedded catalog (generated from suites/purposes/*.json by suites/CMakeLists.txt).
#include <string_view>
#include <vector>

namespace ppp::suites::detail {

struct BundledFile {
    std::string_view name;  // "purposes/lcp.json"
    std::string_view text;
};

const std::vector<BundledFile>& bundled_purpose_files();

}  // namespace ppp::suites::detail
