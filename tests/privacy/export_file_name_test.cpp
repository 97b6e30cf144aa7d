#include "privacy/export_file_name.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace vern::privacy {
namespace {

constexpr UnixTime kExportedAt = 1773480413;  // 2026-03-14T09:26:53Z

std::string file_name_of(std::string name, std::string_view extension = "xlsx") {
  PersonDataPackage package;
  package.person_id = 42;
  package.exported_at = kExportedAt;
  package.person_name = std::move(name);
  return export_file_name(package, extension);
}

TEST(ExportFileName, FoldsNordicLettersAndJoinsWordsWithOneDash) {
  EXPECT_EQ(file_name_of("Åse Ødegård"), "vern-export-ase-odegard-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of("Ærlig Hæhre"), "vern-export-aerlig-haehre-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of("Märta Öberg-Björk"), "vern-export-marta-oberg-bjork-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of("José Müller", "json"), "vern-export-jose-muller-2026-03-14.json");
  EXPECT_EQ(file_name_of("  --Ola   Nordmann!! "), "vern-export-ola-nordmann-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of("O'Brien \"/../etc\""), "vern-export-o-brien-etc-2026-03-14.xlsx");
}

TEST(ExportFileName, NothingLeftGivesThePersonsId) {
  EXPECT_EQ(file_name_of(""), "vern-export-person-42-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of("李小龙"), "vern-export-person-42-2026-03-14.xlsx");
  EXPECT_EQ(file_name_of(" -- "), "vern-export-person-42-2026-03-14.xlsx");
}

TEST(ExportFileName, AtMostSixtyCharactersOfName) {
  const std::string name = file_name_of(std::string(50, 'a') + " " + std::string(50, 'b'));
  EXPECT_EQ(name, std::string("vern-export-")
                      .append(50, 'a')
                      .append("-")
                      .append(9, 'b')
                      .append("-2026-03-14.xlsx"));
  // A cut that ends on a separator leaves no dash behind.
  EXPECT_EQ(file_name_of(std::string(60, 'a') + " b"),
            std::string("vern-export-").append(60, 'a').append("-2026-03-14.xlsx"));
}

TEST(ExportFileName, TheDateIsTheExportDayInUtc) {
  PersonDataPackage package;
  package.person_name = "Ola";
  package.exported_at = 1705363199;  // 2024-01-15T23:59:59Z, already the 16th in Oslo
  EXPECT_EQ(export_file_name(package, "json"), "vern-export-ola-2024-01-15.json");
  package.exported_at += 1;
  EXPECT_EQ(export_file_name(package, "json"), "vern-export-ola-2024-01-16.json");
}

}  // namespace
}  // namespace vern::privacy
