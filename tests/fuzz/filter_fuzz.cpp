// libFuzzer target for the filter parser: parse + validate against fixed field definitions.
// Built with clang++ by cmake/Fuzz.cmake and run by ctest for a bounded time.
#include <cstddef>
#include <cstdint>

#include "fuzz/filter_fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vern::fuzz::check_filter_input(data, size);
  return 0;
}
