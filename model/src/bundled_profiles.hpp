#pragma once
#include <string>
#include <vector>

namespace ppp::model::detail {

struct BundledProfile {
    const char* name;
    const char* json;
};
const std::vector<BundledProfile>& bundled_profiles();

}  // namespace ppp::model::detail
