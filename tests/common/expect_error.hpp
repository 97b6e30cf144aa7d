#pragma once

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace vern::testing {

/// The vern::Error that `work` throws; fails the test (and returns a kBadRequest stand-in) when it
/// throws none.
template <typename Work>
Error error_from(Work&& work) {
  try {
    std::forward<Work>(work)();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a vern::Error";
  return Error(ErrorKind::kBadRequest, "no error was thrown");
}

/// The fields named by an error's field errors, in order.
inline std::vector<std::string> fields_of(const Error& error) {
  std::vector<std::string> fields;
  for (const FieldError& field_error : error.field_errors()) {
    fields.push_back(field_error.field);
  }
  return fields;
}

}  // namespace vern::testing
