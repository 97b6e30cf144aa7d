#include "privacy/xlsx_export.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "common/error.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "privacy/xlsx_tables.hpp"

namespace vern::privacy {
namespace {

namespace fs = std::filesystem;
using xlsx::Cell;
using xlsx::DateCell;
using xlsx::NumberCell;
using xlsx::Table;
using xlsx::tables_of;

// ---- Column widths ----------------------------------------------------------------------------

// Column widths in characters: never narrower than a date, never wider than a screen's reading
// width; a text longer than the widest column wraps.
constexpr std::size_t kMinColumnWidth = 8;
constexpr std::size_t kMaxColumnWidth = 80;
constexpr std::size_t kColumnPadding = 2;
constexpr std::size_t kDateWidth = 10;
constexpr std::size_t kDateTimeWidth = 16;

struct ColumnLayout {
  std::size_t longest = 0;
  bool wraps = false;
};

std::size_t longest_line(std::string_view text) {
  std::size_t longest = 0;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    longest = std::max(longest, text::utf8_length(text.substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

std::vector<ColumnLayout> layout_of(const Table& table) {
  std::vector<ColumnLayout> columns(table.headers.size());
  for (std::size_t column = 0; column < columns.size(); ++column) {
    columns[column].longest = text::utf8_length(table.headers[column]);
  }
  for (const auto& row : table.rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      ColumnLayout& layout = columns[column];
      if (const auto* text = std::get_if<std::string>(&row[column])) {
        const std::size_t width = longest_line(*text);
        layout.longest = std::max(layout.longest, width);
        layout.wraps = layout.wraps || width + kColumnPadding > kMaxColumnWidth ||
                       text->find('\n') != std::string::npos;
      } else if (const auto* number = std::get_if<NumberCell>(&row[column])) {
        layout.longest = std::max(layout.longest, number->width);
      } else if (const auto* date = std::get_if<DateCell>(&row[column])) {
        layout.longest = std::max(layout.longest, date->with_time ? kDateTimeWidth : kDateWidth);
      }
    }
  }
  return columns;
}

// ---- The workbook -----------------------------------------------------------------------------

void check(lxw_error error, std::string_view step) {
  if (error != LXW_NO_ERROR) {
    std::string message = "Could not write the Excel export (";
    message.append(step).append("): ").append(lxw_strerror(error));
    throw Error(ErrorKind::kUnavailable, message);
  }
}

template <typename T>
T* check_created(T* created, std::string_view step) {
  if (created == nullptr) {
    std::string message = "Could not write the Excel export (";
    message.append(step).append(")");
    throw Error(ErrorKind::kUnavailable, message);
  }
  return created;
}

/// Frees a workbook that was never closed (closing frees it too).
struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

/// A libxlsxwriter workbook being filled, with the formats every sheet uses.
class Workbook {
 public:
  Workbook(const fs::path& file, const fs::path& scratch)
      : file_(file.string()), scratch_(scratch.string()) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = scratch_.data();
    workbook_.reset(
        check_created(workbook_new_opt(file_.c_str(), &options), "creating the workbook"));
    bold_ = new_format();
    format_set_bold(bold_);
    date_ = new_format();
    format_set_num_format(date_, "yyyy-mm-dd");
    date_time_ = new_format();
    format_set_num_format(date_time_, "yyyy-mm-dd hh:mm");
    wrap_ = new_format();
    format_set_text_wrap(wrap_);
  }

  void add(const Table& table) {
    const std::string name(table.name);
    lxw_worksheet* sheet =
        check_created(workbook_add_worksheet(workbook_.get(), name.c_str()), "adding a sheet");
    const std::vector<ColumnLayout> columns = layout_of(table);
    for (std::size_t column = 0; column < columns.size(); ++column) {
      const std::string header(table.headers[column]);
      check(worksheet_write_string(sheet, 0, to_column(column), header.c_str(), bold_),
            "writing a header");
      const std::size_t width =
          std::clamp(columns[column].longest + kColumnPadding, kMinColumnWidth, kMaxColumnWidth);
      check(worksheet_set_column(sheet, to_column(column), to_column(column),
                                 static_cast<double>(width), nullptr),
            "setting a column width");
    }
    worksheet_freeze_panes(sheet, 1, 0);
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
      for (std::size_t column = 0; column < table.rows[row].size(); ++column) {
        write(sheet, static_cast<lxw_row_t>(row + 1), to_column(column), table.rows[row][column],
              columns[column].wraps);
      }
    }
  }

  /// Writes the file; the workbook is gone afterwards, whatever the outcome.
  void close() { check(workbook_close(workbook_.release()), "saving the workbook"); }

 private:
  static lxw_col_t to_column(std::size_t column) { return static_cast<lxw_col_t>(column); }

  lxw_format* new_format() {
    return check_created(workbook_add_format(workbook_.get()), "adding a format");
  }

  void write(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const Cell& cell, bool wraps) {
    if (const auto* text = std::get_if<std::string>(&cell)) {
      // Always a string cell: "=1+2" stays the text it is and never runs as a formula.
      check(worksheet_write_string(sheet, row, column, text->c_str(), wraps ? wrap_ : nullptr),
            "writing a text");
    } else if (const auto* number = std::get_if<NumberCell>(&cell)) {
      check(worksheet_write_number(sheet, row, column, number->value, nullptr), "writing a number");
    } else if (const auto* date = std::get_if<DateCell>(&cell)) {
      lxw_datetime value = date->value;
      check(worksheet_write_datetime(sheet, row, column, &value,
                                     date->with_time ? date_time_ : date_),
            "writing a date");
    }
  }

  std::string file_;
  std::string scratch_;  // libxlsxwriter's own temporary files go here
  std::unique_ptr<lxw_workbook, WorkbookFree> workbook_;
  lxw_format* bold_ = nullptr;
  lxw_format* date_ = nullptr;
  lxw_format* date_time_ = nullptr;
  lxw_format* wrap_ = nullptr;
};

/// A directory only this process's user can enter (mode 0700), removed with all it holds when
/// the object goes, also when rendering fails half-way.
class PrivateDirectory {
 public:
  PrivateDirectory() {
    std::error_code error;
    const fs::path base = fs::temp_directory_path(error);  // $TMPDIR, else /tmp
    std::string pattern = (base / "vern-xlsx-XXXXXX").string();
    if (error || mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorKind::kUnavailable,
                  "Could not write the Excel export (creating a temporary directory)");
    }
    path_ = pattern;
  }
  ~PrivateDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;

  /// Creates an empty file of mode 0600 named `name` in the directory.
  fs::path new_file(std::string_view name) const {
    fs::path file = path_ / name;
    const int descriptor = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (descriptor < 0) {
      throw Error(ErrorKind::kUnavailable,
                  "Could not write the Excel export (creating a temporary file)");
    }
    ::close(descriptor);
    return file;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    throw Error(ErrorKind::kUnavailable, "Could not write the Excel export (reading it back)");
  }
  return bytes;
}

}  // namespace

std::string render_xlsx(const PersonDataPackage& package) {
  const std::vector<Table> tables = tables_of(package);
  const PrivateDirectory directory;
  const fs::path file = directory.new_file("export.xlsx");
  Workbook workbook(file, directory.path());
  for (const auto& table : tables) {
    workbook.add(table);
  }
  workbook.close();
  return read_all(file);
}

}  // namespace vern::privacy
