#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"

namespace vern::query {

/// A person filter kept under a name, private to its owner or shared with every staff user.
struct SavedFilter {
  long long id = 0;
  std::string name;
  long long owner_user_id = 0;
  std::string owner;
  bool shared = false;
  nlohmann::json filter;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

}  // namespace vern::query
