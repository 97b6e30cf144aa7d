// Replays the inputs kept for the filter fuzz target (tests/fuzz/): every file that once found a
// bug, and the seed corpus, through the same checks the fuzzer runs.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/filter_fuzz_input.hpp"

namespace vern::query {
namespace {

namespace fs = std::filesystem;

// From the build, not __FILE__: ccache's base_dir makes __FILE__ relative to the build folder.
fs::path fuzz_folder() {
  return fs::path(VERN_FUZZ_SOURCE_DIR);
}

std::vector<fs::path> inputs_in(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") {
      files.push_back(entry.path());
    }
  }
  return files;
}

/// Runs one saved input as the fuzzer does; returns whether it was a valid filter.
bool replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return vern::fuzz::check_filter_input(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                        bytes.size());
}

TEST(FilterFuzzRegressions, SavedCrashInputsAreHandled) {
  const auto files = inputs_in(fuzz_folder() / "regressions" / "filter");
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(replay(file));
  }
}

TEST(FilterFuzzRegressions, SeedCorpusIsHandledAndMostlyValid) {
  const auto files = inputs_in(fuzz_folder() / "corpus" / "filter_fuzz");
  ASSERT_GE(files.size(), 10U);
  int valid = 0;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(valid += replay(file) ? 1 : 0);
  }
  EXPECT_GE(valid * 2, static_cast<int>(files.size()));
}

}  // namespace
}  // namespace vern::query
