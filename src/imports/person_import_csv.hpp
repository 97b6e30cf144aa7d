#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vern::imports {

/// The longest record the reader accepts (a record may span lines inside quotes).
inline constexpr std::size_t kMaxCsvRecordBytes = 64 * 1024;

/// Malformed CSV, at a line of the input.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, const std::string& message)
      : std::runtime_error("line " + std::to_string(line) + ": " + message),
        line_(line),
        message_(message) {}
  std::size_t line() const { return line_; }
  /// What is wrong, without the line.
  const std::string& message() const { return message_; }

 private:
  std::size_t line_;
  std::string message_;
};

/// Reads CSV as RFC 4180 has it, one record at a time from a stream, so a file of any length
/// needs memory for one record only: fields separated by commas (or by semicolons when the first
/// line has no comma but a semicolon, as spreadsheets in the Nordics write it), optionally in
/// double quotes with "" for a quote and line breaks inside, records ending in CRLF or LF, and a
/// UTF-8 byte order mark at the start skipped. Empty lines are skipped.
class CsvReader {
 public:
  explicit CsvReader(std::istream& input, std::size_t max_record_bytes = kMaxCsvRecordBytes);

  /// Reads the next record into `fields`; false at the end of the input. Throws CsvError for a
  /// quote left open, text after a closing quote, or a record over the limit.
  bool next(std::vector<std::string>& fields);

  /// The line the last record read starts on, counting from 1.
  std::size_t line() const { return record_line_; }
  /// How many bytes of the input have been read, for progress.
  std::uint64_t bytes_read() const { return bytes_read_; }
  char delimiter() const { return delimiter_; }

 private:
  static constexpr int kEnd = -1;

  int get();
  int peek();
  bool fill();
  void start();

  std::istream& input_;
  std::size_t max_record_bytes_;
  std::string buffer_;
  std::size_t position_ = 0;
  bool started_ = false;
  char delimiter_ = ',';
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace vern::imports
