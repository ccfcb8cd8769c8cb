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
endif()
