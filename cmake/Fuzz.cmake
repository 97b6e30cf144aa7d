# The libFuzzer target for the filter parser (tests/fuzz/filter_fuzz.cpp): parse, validate against
# fixed field definitions, compile to SQL. libFuzzer needs clang and the main build may use g++,
# so a custom command runs clang++ on the harness and the few sources it needs (SOCI's core is
# linked only for DynamicQuery), and ctest runs the target for a bounded time on the checked-in
# seed corpus. Crashes are written to the build folder: keep them in
# tests/fuzz/regressions/filter/, where tests/query/filter_fuzz_regression_test.cpp replays them.
find_program(VERN_FUZZ_CXX NAMES clang++ clang++-14 REQUIRED)

set(VERN_FUZZ_SOURCES
    ${CMAKE_SOURCE_DIR}/tests/fuzz/filter_fuzz.cpp
    ${CMAKE_SOURCE_DIR}/src/query/filter.cpp
    ${CMAKE_SOURCE_DIR}/src/query/filter_fields.cpp
    ${CMAKE_SOURCE_DIR}/src/query/filter_values.cpp
    ${CMAKE_SOURCE_DIR}/src/query/filter_compiler.cpp
    ${CMAKE_SOURCE_DIR}/src/storage/dynamic_query.cpp
    ${CMAKE_SOURCE_DIR}/src/common/time_format.cpp
    ${CMAKE_SOURCE_DIR}/src/common/validation.cpp)
file(GLOB VERN_FUZZ_HEADERS CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/src/query/*.hpp ${CMAKE_SOURCE_DIR}/src/common/*.hpp
     ${CMAKE_SOURCE_DIR}/src/storage/*.hpp ${CMAKE_SOURCE_DIR}/src/crm/field_definition.hpp
     ${CMAKE_SOURCE_DIR}/tests/fuzz/*.hpp ${CMAKE_SOURCE_DIR}/tests/query/test_fields.hpp)

set(VERN_FUZZ_INCLUDES -I${CMAKE_SOURCE_DIR}/src -I${CMAKE_SOURCE_DIR}/tests)
if(NOT SOCI_INCLUDE_DIR STREQUAL "/usr/include")
  # Naming the system folder again would break #include_next in the C++ headers.
  list(APPEND VERN_FUZZ_INCLUDES -I${SOCI_INCLUDE_DIR})
endif()

set(VERN_FUZZ_DIR ${CMAKE_BINARY_DIR}/fuzz)
set(VERN_FILTER_FUZZ ${VERN_FUZZ_DIR}/filter_fuzz)
add_custom_command(
  OUTPUT ${VERN_FILTER_FUZZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VERN_FUZZ_DIR}/filter-corpus
  COMMAND ${VERN_FUZZ_CXX} -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
          -fno-sanitize-recover=undefined ${VERN_FUZZ_INCLUDES} ${VERN_FUZZ_SOURCES}
          ${SOCI_CORE_LIB} -o ${VERN_FILTER_FUZZ}
  DEPENDS ${VERN_FUZZ_SOURCES} ${VERN_FUZZ_HEADERS}
  COMMENT "Building the filter fuzz target with clang++ (libFuzzer, ASan, UBSan)"
  VERBATIM)
add_custom_target(filter_fuzz ALL DEPENDS ${VERN_FILTER_FUZZ})

# New inputs go to the build folder's corpus; the checked-in seeds are only read.
add_test(NAME filter_fuzz
         COMMAND ${VERN_FILTER_FUZZ} -max_total_time=20 -rss_limit_mb=2048 -timeout=10
                 -max_len=4096 -print_final_stats=1 -dict=${CMAKE_SOURCE_DIR}/tests/fuzz/filter.dict
                 -artifact_prefix=${VERN_FUZZ_DIR}/ ${VERN_FUZZ_DIR}/filter-corpus
                 ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/filter)
set_tests_properties(filter_fuzz PROPERTIES TIMEOUT 120 ENVIRONMENT
                     "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1")
