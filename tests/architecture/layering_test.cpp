// The folder graph of src/ is one-way (STYLE.md, rule 13; docs/ARCHITECTURE.md, "The dependency
// rule"): entry -> handlers -> http and domains -> storage -> common, the domains in one order.
// These tests read every #include of src/ and fail, naming the file and the include, on an include
// the wrong way and on any circle between folders.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace vern {
namespace {

/// The tiers of src/ and the tiers each may include from. The HTTP layer knows no domain and the
/// domains know no HTTP: handlers join the two.
enum Tier { kCommon, kStorage, kDomain, kHttp, kHandlers, kRoot, kEntry };

const std::map<Tier, std::set<Tier>>& lower_tiers() {
  static const std::map<Tier, std::set<Tier>> kLower = {
      {kCommon, {}},
      {kStorage, {kCommon}},
      {kDomain, {kCommon, kStorage}},
      {kHttp, {kCommon}},
      {kHandlers, {kCommon, kDomain, kHttp}},
      {kRoot, {kCommon, kStorage, kDomain, kHttp, kHandlers}},
      {kEntry, {kRoot}}};
  return kLower;
}

/// The folders of src/, each in its tier. A domain may include the domains listed before it, so
/// the domains can form no circle; `api` and `web` include neither the other.
struct Folder {
  std::string name;
  Tier tier;
};

const std::vector<Folder>& folders() {
  static const std::vector<Folder> kFolders = {
      {"common", kCommon},  {"storage", kStorage}, {"audit", kDomain},   {"auth", kDomain},
      {"crm", kDomain},     {"consent", kDomain},  {"query", kDomain},   {"mail", kDomain},
      {"privacy", kDomain}, {"portal", kDomain},   {"imports", kDomain}, {"demo", kDomain},
      {"http", kHttp},      {"api", kHandlers},    {"web", kHandlers},   {"app", kRoot},
      {"main.cpp", kEntry}};
  return kFolders;
}

struct Include {
  std::string file;    // as under src/: "crm/person_service.cpp"
  std::string target;  // as written: "consent/consent_store.hpp"
};

std::string folder_of(const std::string& path) {
  const auto slash = path.find('/');
  return slash == std::string::npos ? path : path.substr(0, slash);
}

std::optional<std::size_t> position_of(const std::string& folder) {
  const auto& all = folders();
  const auto found = std::find_if(
      all.begin(), all.end(), [&](const Folder& candidate) { return candidate.name == folder; });
  if (found == all.end()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(found - all.begin());
}

/// Why `include` goes the wrong way, or nothing when it may stand.
std::optional<std::string> wrong_way(const Include& include) {
  const std::string from = folder_of(include.file);
  const std::string to = folder_of(include.target);
  if (from == to) {
    return std::nullopt;
  }
  const auto from_position = position_of(from);
  const auto to_position = position_of(to);
  if (!from_position || !to_position) {
    return "the folder " + (from_position ? to : from) +
           " has no place in the layers: add it to folders() in "
           "tests/architecture/layering_test.cpp"
           " and to docs/ARCHITECTURE.md";
  }
  const Folder& source = folders()[*from_position];
  const Folder& target = folders()[*to_position];
  const bool lower_tier = lower_tiers().at(source.tier).contains(target.tier);
  const bool lower_domain =
      source.tier == kDomain && target.tier == kDomain && *to_position < *from_position;
  if (lower_tier || lower_domain) {
    return std::nullopt;
  }
  return from + " may not include " + to + " (" + to + " is not below " + from + ")";
}

/// Every circle between folders, each as the folders in order ("crm -> query -> crm").
std::vector<std::string> circles(const std::vector<Include>& includes) {
  std::map<std::string, std::set<std::string>> edges;
  for (const Include& include : includes) {
    const std::string from = folder_of(include.file);
    const std::string to = folder_of(include.target);
    if (from != to) {
      edges[from].insert(to);
    }
  }
  std::set<std::string> reported;
  std::vector<std::string> found;
  // A depth-first walk from each folder; a path that comes back to its start is a circle.
  std::vector<std::string> path;
  std::function<void(const std::string&)> walk = [&](const std::string& folder) {
    for (const std::string& next : edges[folder]) {
      if (next == path.front()) {
        std::vector<std::string> circle = path;
        std::rotate(circle.begin(), std::min_element(circle.begin(), circle.end()), circle.end());
        std::string text;
        for (const std::string& step : circle) {
          text += step + " -> ";
        }
        text += circle.front();
        if (reported.insert(text).second) {
          found.push_back(text);
        }
      } else if (std::find(path.begin(), path.end(), next) == path.end() && next > path.front()) {
        path.push_back(next);
        walk(next);
        path.pop_back();
      }
    }
  };
  for (const auto& [folder, targets] : edges) {
    path = {folder};
    walk(folder);
  }
  return found;
}

/// The quoted includes of every source file under `root`.
std::vector<Include> includes_under(const std::filesystem::path& root) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s+"([^"]+)")re");
  std::vector<Include> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) {
      continue;
    }
    const std::string file = std::filesystem::relative(entry.path(), root).generic_string();
    std::ifstream in(entry.path());
    std::string line;
    std::smatch match;
    while (std::getline(in, line)) {
      if (std::regex_search(line, match, kInclude)) {
        found.push_back({file, match[1]});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Include& a, const Include& b) {
    return std::tie(a.file, a.target) < std::tie(b.file, b.target);
  });
  return found;
}

std::vector<Include> source_includes() {
  return includes_under(std::filesystem::path(VERN_SOURCE_DIR) / "src");
}

TEST(Layering, SourceTreeIsReadAndHasIncludes) {
  const auto includes = source_includes();
  EXPECT_GT(includes.size(), 500U);
  const bool reads_main = std::any_of(includes.begin(), includes.end(), [](const Include& include) {
    return include.file == "main.cpp";
  });
  EXPECT_TRUE(reads_main);
}

TEST(Layering, NoIncludeGoesTheWrongWay) {
  for (const Include& include : source_includes()) {
    if (const auto why = wrong_way(include)) {
      ADD_FAILURE() << "src/" << include.file << ": #include \"" << include.target
                    << "\": " << *why;
    }
  }
}

TEST(Layering, NoCircleBetweenFolders) {
  for (const std::string& circle : circles(source_includes())) {
    ADD_FAILURE() << "a circle between folders: " << circle;
  }
}

// The checker itself, on includes made up for the purpose.

TEST(Layering, AnIncludeDownwardsMayStand) {
  EXPECT_FALSE(wrong_way({"web/person_pages.cpp", "crm/person_service.hpp"}));
  EXPECT_FALSE(wrong_way({"crm/person_service.cpp", "storage/database.hpp"}));
  EXPECT_FALSE(wrong_way({"consent/consent_service.cpp", "crm/person_store.hpp"}));
  EXPECT_FALSE(wrong_way({"main.cpp", "app/cli.hpp"}));
  EXPECT_FALSE(wrong_way({"crm/person.cpp", "crm/person.hpp"}));
}

TEST(Layering, ADomainIncludingAHandlerIsNamed) {
  const auto why = wrong_way({"portal/subject_service.cpp", "api/person_json.hpp"});
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "portal may not include api (api is not below portal)");
}

TEST(Layering, IncludesUpwardsAndSidewaysAreWrong) {
  EXPECT_TRUE(wrong_way({"http/pipeline.hpp", "auth/access_service.hpp"}));  // a domain
  EXPECT_TRUE(wrong_way({"api/system_api.cpp", "storage/database.hpp"}));    // skips the domains
  EXPECT_TRUE(wrong_way({"web/audit_pages.cpp", "api/audit_api.hpp"}));      // a sibling
  EXPECT_TRUE(wrong_way({"crm/person_service.cpp", "consent/consent_store.hpp"}));
  EXPECT_TRUE(wrong_way({"common/error.hpp", "storage/database.hpp"}));
}

TEST(Layering, AnUnknownFolderMustBePlaced) {
  const auto why = wrong_way({"breach/incident.cpp", "crm/person.hpp"});
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("the folder breach has no place in the layers"), std::string::npos);
}

TEST(Layering, CirclesAreFoundAndEachNamedOnce) {
  const std::vector<Include> includes = {{"audit/audit_log.hpp", "auth/actor.hpp"},
                                         {"auth/access_service.hpp", "audit/audit_log.hpp"},
                                         {"crm/person.cpp", "query/filter.hpp"},
                                         {"query/filter.hpp", "consent/consent.hpp"},
                                         {"consent/consent.hpp", "crm/person.hpp"},
                                         {"storage/database.hpp", "common/error.hpp"},
                                         {"auth/user_service.hpp", "audit/audit_log.hpp"}};
  EXPECT_EQ(circles(includes), (std::vector<std::string>{"audit -> auth -> audit",
                                                         "consent -> crm -> query -> consent"}));
  EXPECT_TRUE(circles({{"crm/person.cpp", "storage/database.hpp"}}).empty());
}

}  // namespace
}  // namespace vern
