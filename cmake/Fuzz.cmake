# libFuzzer targets for the parsers of untrusted input. libFuzzer needs clang and the main build
# may use g++, so a custom command runs clang++ on each harness and the few sources it needs, and
# ctest runs each target for a bounded time on its checked-in seed corpus. Crashes are written
# to the build folder: keep them as regression tests. UBSan's vptr check is off, as in the asan
# preset: SOCI's shared libraries do not export the type information it needs.
find_program(VERN_FUZZ_CXX NAMES clang++ clang++-14 REQUIRED)

set(VERN_FUZZ_INCLUDES -I${CMAKE_SOURCE_DIR}/src -I${CMAKE_SOURCE_DIR}/tests)
if(NOT SOCI_INCLUDE_DIR STREQUAL "/usr/include")
  # Naming the system folder again would break #include_next in the C++ headers.
  list(APPEND VERN_FUZZ_INCLUDES -I${SOCI_INCLUDE_DIR})
endif()
set(VERN_FUZZ_DIR ${CMAKE_BINARY_DIR}/fuzz)
file(GLOB VERN_FUZZ_HEADERS CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/src/*/*.hpp ${CMAKE_SOURCE_DIR}/tests/fuzz/*.hpp
     ${CMAKE_SOURCE_DIR}/tests/query/test_fields.hpp)

# vern_fuzz_target(NAME SOURCES ... [LIBRARIES ...] [OPTIONS ...]): builds
# tests/fuzz/NAME.cpp with the sources it needs, and a ctest test NAME that runs it for 20 s on
# the seeds in tests/fuzz/corpus/NAME (new inputs go to the build folder's corpus; the
# checked-in seeds are only read).
function(vern_fuzz_target name)
  cmake_parse_arguments(FUZZ "" "" "SOURCES;LIBRARIES;OPTIONS" ${ARGN})
  set(sources ${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.cpp)
  foreach(source IN LISTS FUZZ_SOURCES)
    list(APPEND sources ${CMAKE_SOURCE_DIR}/${source})
  endforeach()
  set(binary ${VERN_FUZZ_DIR}/${name})
  add_custom_command(
    OUTPUT ${binary}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${VERN_FUZZ_DIR}/${name}-corpus
    COMMAND ${VERN_FUZZ_CXX} -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
            -fno-sanitize-recover=undefined -fno-sanitize=vptr ${VERN_FUZZ_INCLUDES} ${sources} ${FUZZ_LIBRARIES}
            -o ${binary}
    DEPENDS ${sources} ${VERN_FUZZ_HEADERS}
    COMMENT "Building the ${name} target with clang++ (libFuzzer, ASan, UBSan)"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${binary})
  add_test(NAME ${name}
           COMMAND ${binary} -max_total_time=20 -rss_limit_mb=2048 -timeout=10
                   -print_final_stats=1 ${FUZZ_OPTIONS} -artifact_prefix=${VERN_FUZZ_DIR}/${name}-
                   ${VERN_FUZZ_DIR}/${name}-corpus ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 120 ENVIRONMENT
                       "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1")
endfunction()

# The filter language: parse, validate against fixed field definitions, compile to SQL (SOCI is
# linked only for DynamicQuery and its statement cache). Crashes found: tests/fuzz/regressions/filter/, replayed
# by tests/query/filter_fuzz_regression_test.cpp.
vern_fuzz_target(filter_fuzz
  SOURCES src/query/filter.cpp src/query/filter_fields.cpp src/query/filter_values.cpp
          src/query/filter_compiler.cpp src/consent/consent_state_sql.cpp src/common/text.cpp
          src/storage/dynamic_query.cpp src/storage/row.cpp
          src/storage/statement_cache.cpp src/common/time_format.cpp src/common/validation.cpp
  LIBRARIES ${SOCI_SQLITE_LIB} ${SOCI_CORE_LIB} ${SQLITE_LINK_LIBRARIES}
  OPTIONS -max_len=4096 -dict=${CMAKE_SOURCE_DIR}/tests/fuzz/filter.dict)

# Uploads: the multipart/form-data parser of admin pages (src/http/multipart.cpp).
vern_fuzz_target(multipart_fuzz
  SOURCES src/http/multipart.cpp src/http/request.cpp src/common/validation.cpp src/common/text.cpp
          src/common/actor.cpp
  OPTIONS -max_len=8192)
