# shop_project_options(TARGET): the warnings and definitions every project target compiles with.
function(shop_project_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# shop_unit_tests(NAME SOURCES... LIBS ...): a GoogleTest executable, each TEST registered with ctest
# under the `unit` label.
function(shop_unit_tests name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT SHOP_BUILD_TESTS)
    return()
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  shop_project_options(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
