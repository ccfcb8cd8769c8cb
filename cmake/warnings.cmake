# ppp::warnings: the project's warning set, linked PRIVATE by every target (STYLE.md section 9).
add_library(ppp_warnings INTERFACE)
add_library(ppp::warnings ALIAS ppp_warnings)
target_compile_options(ppp_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion)
if(PPP_WARNINGS_AS_ERRORS)
  target_compile_options(ppp_warnings INTERFACE -Werror)
endif()

if(PPP_SANITIZE)
  add_compile_options(-fsanitize=${PPP_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${PPP_SANITIZE})
  # Position-dependent executables: a sanitized PIE of this size spends about half of each
  # process start relocating itself (ppp_tests: 1.1 s -> 0.55 s); the tests that start
  # ppp-conform start it hundreds of times (ppp_tests itself starts once per group of cases under
  # the asan preset, tests/CMakeLists.txt).
  add_compile_options(-fno-pie)
  add_link_options(-no-pie)
endif()
