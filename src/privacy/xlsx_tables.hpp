#pragma once

// The person data package as the sheets of a workbook: typed cells in the package's language.
// privacy/ only (xlsx_export.cpp writes them with libxlsxwriter).

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <xlsxwriter.h>

#include "privacy/person_data_package.hpp"

namespace vern::privacy::xlsx {

// Excel's limit of characters in a cell.
inline constexpr std::size_t kMaxCellCharacters = 32767;

struct NumberCell {
  double value;
  std::size_t width;
};
struct DateCell {
  lxw_datetime value;
  bool with_time;
};
using Cell = std::variant<std::monostate, std::string, NumberCell, DateCell>;

/// One sheet: its name, header labels and rows of cells.
struct Table {
  std::string_view name;
  std::vector<std::string_view> headers;
  std::vector<std::vector<Cell>> rows;
};

/// The sheets in the order a person reads them: their data first, who holds it last.
std::vector<Table> tables_of(const PersonDataPackage& package);

}  // namespace vern::privacy::xlsx
