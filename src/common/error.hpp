#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace vern {

/// What kind of expected failure happened; http/ maps each to one status code.
enum class ErrorKind {
  kBadRequest,          // malformed input (not JSON, wrong shape)
  kUnauthorized,        // no or bad credentials
  kForbidden,           // the actor's role may not do this
  kNotFound,            // no such thing
  kConflict,            // the state does not allow it (e.g. a duplicate name)
  kGone,                // it existed but has expired or was revoked
  kPreconditionFailed,  // a stale version
  kTooLarge,            // a body over the limit
  kInvalid,             // well-formed but invalid values; carries field errors
  kThrottled,           // too many attempts
  kUnavailable,         // a dependency (the database) is down
};

/// One invalid field: its key and a message for people.
struct FieldError {
  std::string field;
  std::string message;
};

/// The one error type that services throw for expected failures. Anything else that escapes a
/// handler is a bug and answers a plain 500.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string detail, std::vector<FieldError> field_errors = {})
      : std::runtime_error(detail), kind_(kind), field_errors_(std::move(field_errors)) {}

  ErrorKind kind() const { return kind_; }
  const std::vector<FieldError>& field_errors() const { return field_errors_; }

  static Error not_found(std::string what) { return {ErrorKind::kNotFound, std::move(what)}; }
  static Error forbidden(std::string what) { return {ErrorKind::kForbidden, std::move(what)}; }
  static Error invalid(std::vector<FieldError> errors) {
    return {ErrorKind::kInvalid, "The input is not valid.", std::move(errors)};
  }
  static Error invalid_field(std::string field, std::string message) {
    return invalid({{std::move(field), std::move(message)}});
  }

 private:
  ErrorKind kind_;
  std::vector<FieldError> field_errors_;
};

/// Collects field errors and throws them together, so a form shows every problem at once.
class FieldErrors {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  void throw_if_any() const {
    if (!errors_.empty()) {
      throw Error::invalid(errors_);
    }
  }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace vern
