#include "common/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/expect_error.hpp"

namespace vern {
namespace {

using ::testing::ElementsAre;
using vern::testing::error_from;
using vern::testing::fields_of;

TEST(Error, CarriesItsKindAndDetail) {
  const Error error(ErrorKind::kGone, "The link has expired.");
  EXPECT_EQ(error.kind(), ErrorKind::kGone);
  EXPECT_STREQ(error.what(), "The link has expired.");
  EXPECT_TRUE(error.field_errors().empty());
}

TEST(Error, IsARuntimeError) {
  try {
    throw Error::not_found("No person with id 7.");
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "No person with id 7.");
  }
}

TEST(Error, NamedConstructorsChooseTheKind) {
  EXPECT_EQ(Error::not_found("x").kind(), ErrorKind::kNotFound);
  EXPECT_EQ(Error::forbidden("x").kind(), ErrorKind::kForbidden);
  EXPECT_EQ(Error::invalid({}).kind(), ErrorKind::kInvalid);
  EXPECT_EQ(Error::invalid_field("name", "x").kind(), ErrorKind::kInvalid);
}

TEST(Error, InvalidFieldNamesTheFieldAndItsProblem) {
  const Error error = Error::invalid_field("email", "Give a valid address.");
  ASSERT_EQ(error.field_errors().size(), 1U);
  EXPECT_EQ(error.field_errors().front().field, "email");
  EXPECT_EQ(error.field_errors().front().message, "Give a valid address.");
  EXPECT_STREQ(error.what(), "The input is not valid.");
}

TEST(FieldErrors, ThrowsNothingWhenEmpty) {
  FieldErrors errors;
  EXPECT_TRUE(errors.empty());
  EXPECT_NO_THROW(errors.throw_if_any());
}

TEST(FieldErrors, ThrowsEveryCollectedErrorInOrder) {
  FieldErrors errors;
  errors.add("name", "Give a name.");
  errors.add("email", "Give a valid address.");
  EXPECT_FALSE(errors.empty());
  const Error error = error_from([&] { errors.throw_if_any(); });
  EXPECT_EQ(error.kind(), ErrorKind::kInvalid);
  EXPECT_THAT(fields_of(error), ElementsAre("name", "email"));
  EXPECT_EQ(error.field_errors()[1].message, "Give a valid address.");
}

}  // namespace
}  // namespace vern
