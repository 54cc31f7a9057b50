# shop_project_options(TARGET): the warnings and definitions every project target compiles with.
function(shop_project_options target)
  # -Wmismatched-new-delete misfires at -O2 on Asio's coroutine frames (awaitable_frame_base's
  # sized operator delete paired with the frame allocation): a known g++ 12 false positive.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-mismatched-new-delete)
endfunction()

# shop_unit_tests(NAME SOURCES... LIBS ...): a GoogleTest executable, each TEST registered with ctest
# under the `unit` label. SHOP_SOURCE_DIR names the checkout, for tests that read its files (schemas,
# deploy/local/kafka/topics.txt).
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
  target_compile_definitions(${name} PRIVATE SHOP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
