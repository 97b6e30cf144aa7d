#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "crm/field_definition.hpp"

namespace vern::crm {

/// A kind of history note ("note", "call", ...), with its labels. Built-in kinds cannot be
/// deleted.
struct HistoryType {
  std::string key;
  Labels labels;
  bool builtin = false;
  UnixTime created_at = 0;
};

/// A history note on a person: what happened (type), on which day, written by whom.
struct HistoryEntry {
  long long id = 0;
  long long person_id = 0;
  std::string type;  // a HistoryType key
  std::string date;  // YYYY-MM-DD
  std::string text;
  std::optional<long long> author_user_id;  // unset when the system wrote it
  std::string author;                       // the author's username, kept if the user goes
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

/// What staff send to add a note.
struct NewHistoryEntry {
  std::string type;
  std::string date;
  std::string text;
};

/// A change to a note; unset members stay as they are.
struct HistoryChanges {
  std::optional<std::string> type;
  std::optional<std::string> date;
  std::optional<std::string> text;
};

/// A page of a person's notes, newest first; `after` is the `next` of the previous page.
struct HistoryQuery {
  std::string after;
  int limit = 50;
};

using HistoryPage = Page<HistoryEntry>;

}  // namespace vern::crm
