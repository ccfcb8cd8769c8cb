#pragma once
#include <string_view>

namespace ppp::spec::detail {
// The text of spec/requirements.md as it was at configure time.
std::string_view embedded_catalog();
}  // namespace ppp::spec::detail
