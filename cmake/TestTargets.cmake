# How a test that needs real servers is built (tests/*/CMakeLists.txt): one call per executable.
#
# shop_test_binaries(TARGET PUBLIC|PRIVATE program...)
#   For each program target a definition <PROGRAM>_BIN="<its path>" (category-service ->
#   CATEGORY_SERVICE_BIN, outbox-relay -> OUTBOX_RELAY_BIN, shopctl -> SHOPCTL_BIN) and a build
#   dependency, so the test runs the binaries of the same build.
#
# shop_server_tests(NAME name
#                   SOURCES file...
#                   [LIBS target...]        besides shop_test_support and GoogleTest
#                   [BINARIES program...]   shop_test_binaries
#                   [LABEL e2e|integration] default e2e
#                   [TIMEOUT seconds])      per test; ctest's default otherwise
#   A GoogleTest executable whose tests are registered with ctest one by one, with
#   SHOP_SOURCE_DIR defined (schemas, reference DDL, scripts).
function(shop_test_binaries target scope)
  foreach(program ${ARGN})
    string(TOUPPER "${program}" variable)
    string(REPLACE "-" "_" variable "${variable}")
    target_compile_definitions(${target} ${scope} ${variable}_BIN="$<TARGET_FILE:${program}>")
  endforeach()
  if(ARGN)
    add_dependencies(${target} ${ARGN})
  endif()
endfunction()

function(shop_server_tests)
  cmake_parse_arguments(ARG "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBS;BINARIES" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "shop_server_tests: NAME and SOURCES are required")
  endif()
  if(NOT ARG_LABEL)
    set(ARG_LABEL e2e)
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  shop_project_options(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} shop_test_support GTest::gtest
                        GTest::gmock GTest::gtest_main)
  target_compile_definitions(${ARG_NAME} PRIVATE SHOP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  shop_test_binaries(${ARG_NAME} PRIVATE ${ARG_BINARIES})
  set(properties LABELS ${ARG_LABEL})
  if(ARG_TIMEOUT)
    list(APPEND properties TIMEOUT ${ARG_TIMEOUT})
  endif()
  gtest_discover_tests(${ARG_NAME} PROPERTIES ${properties} DISCOVERY_TIMEOUT 60)
endfunction()
