#include "common/assets.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace vern::assets {

std::optional<std::string_view> find(std::string_view path) {
  const auto& assets = all();
  auto it =
      std::lower_bound(assets.begin(), assets.end(), path,
                       [](const Asset& asset, std::string_view key) { return asset.path < key; });
  if (it == assets.end() || it->path != path) {
    return std::nullopt;
  }
  return it->content;
}

std::string_view get(std::string_view path) {
  auto content = find(path);
  if (!content) {
    throw std::logic_error("missing embedded asset: " + std::string(path));
  }
  return *content;
}

}  // namespace vern::assets
