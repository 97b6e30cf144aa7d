#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vern {

/// How long a list may be, for every list of the API and the pages (API.md's ?limit=).
inline constexpr int kDefaultListLimit = 50;
inline constexpr int kMaxListLimit = 500;

/// `limit` held to 1 .. kMaxListLimit.
inline int bounded_limit(int limit) {
  return std::clamp(limit, 1, kMaxListLimit);
}

/// One page of a list in keyset order: the items, the cursor of the page after (none on the
/// last), and how many there are in all when that was asked for.
template <typename Item>
struct Page {
  std::vector<Item> items;
  std::optional<std::string> next;
  std::optional<long long> total;
};

/// A page from rows read with one more than `limit`: the extra row only tells that another page
/// follows, and `cursor_of` the last item kept gives its cursor.
template <typename Item, typename CursorOf>
Page<Item> page_of(std::vector<Item> rows, int limit, CursorOf&& cursor_of) {
  Page<Item> page;
  page.items = std::move(rows);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next = cursor_of(page.items.back());
  }
  return page;
}

}  // namespace vern
