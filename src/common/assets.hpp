#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace vern::assets {

/// One file from assets/, embedded into the binary at build time.
struct Asset {
  std::string_view path;  // relative to assets/, e.g. "static/vern.css"
  std::string_view content;
};

/// Every embedded asset, sorted by path.
const std::vector<Asset>& all();

/// The asset at `path` (relative to assets/), if there is one.
std::optional<std::string_view> find(std::string_view path);

/// The asset at `path`; a missing asset is a programmer error and throws std::logic_error.
std::string_view get(std::string_view path);

}  // namespace vern::assets
