#pragma once
// The embedded catalog and lab configurations (generated from suites/purposes/*.json and
// suites/lab/*.cfg by suites/CMakeLists.txt).
#include <string_view>
#include <vector>

namespace ppp::suites::detail {

struct BundledFile {
    std::string_view name;  // "purposes/lcp.json", "lab/server.cfg"
    std::string_view text;
};

const std::vector<BundledFile>& bundled_purpose_files();
const std::vector<BundledFile>& bundled_lab_files();

}  // namespace ppp::suites::detail
