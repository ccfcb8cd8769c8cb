# ppp_add_test_groups(<target> GROUP_SIZE <n> [LEAVE_OUT <regex>] [ENVIRONMENT <var=value>])
#
# Registers the GoogleTest cases of <target> with CTest in groups: one CTest test per run of at
# most <n> consecutive cases of one test suite, named after the suite (`Suite#2` when the suite
# takes several groups). For builds whose process start-up dwarfs a test case: under ASan each
# start of ppp_tests costs about 0.6 s (registering its globals, shadow memory, the leak check at
# exit) against a median case of 0.3 s, so one process per case spends most of the pass starting.
# Cases matching LEAVE_OUT (a regex over `Suite.Case`) are not registered. Like
# gtest_discover_tests(... DISCOVERY_MODE PRE_TEST), the cases are listed when ctest starts, so
# the list follows the executable without a re-configure.
function(ppp_add_test_groups target)
  cmake_parse_arguments(arg "" "GROUP_SIZE;LEAVE_OUT;ENVIRONMENT" "" ${ARGN})
  if(NOT arg_GROUP_SIZE MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "ppp_add_test_groups: GROUP_SIZE must be a positive integer, got '${arg_GROUP_SIZE}'")
  endif()
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_test_groups.cmake")
  file(GENERATE OUTPUT "${include_file}" CONTENT
"set(ppp_groups_target [==[${target}]==])
set(ppp_groups_executable [==[$<TARGET_FILE:${target}>]==])
set(ppp_groups_size ${arg_GROUP_SIZE})
set(ppp_groups_leave_out [==[${arg_LEAVE_OUT}]==])
set(ppp_groups_environment [==[${arg_ENVIRONMENT}]==])
include([==[${PROJECT_SOURCE_DIR}/cmake/test_groups_add.cmake]==])
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
