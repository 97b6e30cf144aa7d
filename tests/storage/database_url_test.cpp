#include "storage/database_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error.hpp"

namespace vern::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The field error a rejected URL carries.
FieldError rejection_of(std::string_view text) {
  try {
    DatabaseUrl::parse(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
    if (error.field_errors().size() == 1) {
      return error.field_errors().front();
    }
    ADD_FAILURE() << "expected one field error for " << text;
    return {};
  }
  ADD_FAILURE() << "expected " << text << " to be rejected";
  return {};
}

TEST(DatabaseUrl, ParsesASqlitePath) {
  const DatabaseUrl url = DatabaseUrl::parse("sqlite:vern.db");
  EXPECT_EQ(url.backend, Backend::kSqlite);
  EXPECT_EQ(url.sqlite_path, "vern.db");
  EXPECT_TRUE(url.postgres_conninfo.empty());
}

TEST(DatabaseUrl, AcceptsSqliteUrlsWithSlashes) {
  EXPECT_EQ(DatabaseUrl::parse("sqlite:///var/lib/vern/vern.db").sqlite_path,
            "/var/lib/vern/vern.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:/var/lib/vern/vern.db").sqlite_path,
            "/var/lib/vern/vern.db");
}

TEST(DatabaseUrl, RejectsSqliteWithoutAPath) {
  EXPECT_EQ(rejection_of("sqlite:").field, "db");
  EXPECT_EQ(rejection_of("sqlite://").field, "db");
}

TEST(DatabaseUrl, KeepsAPostgresqlUrlAsLibpqTakesIt) {
  const std::string text = "postgresql://vern:secret@db.example:5432/vern?sslmode=require";
  const DatabaseUrl url = DatabaseUrl::parse(text);
  EXPECT_EQ(url.backend, Backend::kPostgresql);
  EXPECT_EQ(url.postgres_conninfo, text);
  EXPECT_TRUE(url.sqlite_path.empty());
}

TEST(DatabaseUrl, AcceptsTheShortPostgresScheme) {
  EXPECT_EQ(DatabaseUrl::parse("postgres://vern@localhost/vern").backend, Backend::kPostgresql);
}

TEST(DatabaseUrl, RejectsPostgresqlWithoutAHost) {
  EXPECT_THAT(rejection_of("postgresql://").message, HasSubstr("needs a host"));
  EXPECT_THAT(rejection_of("postgresql:///vern").message, HasSubstr("needs a host"));
}

TEST(DatabaseUrl, RejectsOtherSchemesNamingBothSupportedForms) {
  for (const char* text : {"mysql://localhost/vern", "vern.db", "", "SQLITE:vern.db"}) {
    const FieldError error = rejection_of(text);
    EXPECT_EQ(error.field, "db") << text;
    EXPECT_THAT(error.message, HasSubstr("sqlite:PATH")) << text;
    EXPECT_THAT(error.message, HasSubstr("postgresql://")) << text;
  }
}

TEST(DatabaseUrl, RedactsThePasswordOfAPostgresqlUrl) {
  const DatabaseUrl url = DatabaseUrl::parse("postgresql://vern:s3cret@db.example:5432/vern");
  EXPECT_EQ(url.redacted(), "postgresql://vern:***@db.example:5432/vern");
}

TEST(DatabaseUrl, RedactsAPasswordGivenAsAQueryParameter) {
  const DatabaseUrl url =
      DatabaseUrl::parse("postgresql://vern@db.example/vern?sslmode=require&password=s3cret");
  EXPECT_THAT(url.redacted(), Not(HasSubstr("s3cret")));
  EXPECT_THAT(url.redacted(), HasSubstr("sslmode=require"));
  EXPECT_THAT(url.redacted(), HasSubstr("password=***"));
}

TEST(DatabaseUrl, LeavesAUrlWithoutPasswordAsItIs) {
  const std::string text = "postgresql://vern@db.example:5432/vern";
  EXPECT_EQ(DatabaseUrl::parse(text).redacted(), text);
  EXPECT_EQ(DatabaseUrl::parse("sqlite:/tmp/vern.db").redacted(), "sqlite:/tmp/vern.db");
}

}  // namespace
}  // namespace vern::storage
