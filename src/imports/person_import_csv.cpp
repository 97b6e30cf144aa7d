#include "imports/person_import_csv.hpp"

#include <string_view>

namespace vern::imports {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kBytesPerKib = 1024;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

enum class FieldState { kStart, kUnquoted, kQuoted, kAfterQuote };

}  // namespace

CsvReader::CsvReader(std::istream& input, std::size_t max_record_bytes)
    : input_(input), max_record_bytes_(max_record_bytes) {}

bool CsvReader::fill() {
  buffer_.erase(0, position_);
  position_ = 0;
  if (!input_) {
    return false;
  }
  const std::size_t kept = buffer_.size();
  buffer_.resize(kept + kChunkBytes);
  input_.read(buffer_.data() + kept, static_cast<std::streamsize>(kChunkBytes));
  buffer_.resize(kept + static_cast<std::size_t>(input_.gcount()));
  return buffer_.size() > kept;
}

int CsvReader::get() {
  if (position_ >= buffer_.size() && !fill()) {
    return kEnd;
  }
  ++bytes_read_;
  return static_cast<unsigned char>(buffer_[position_++]);
}

int CsvReader::peek() {
  if (position_ >= buffer_.size() && !fill()) {
    return kEnd;
  }
  return static_cast<unsigned char>(buffer_[position_]);
}

void CsvReader::start() {
  started_ = true;
  // The first line decides the delimiter, so it is read into the buffer whole (up to the limit).
  while (buffer_.find('\n', position_) == std::string::npos &&
         buffer_.size() - position_ <= max_record_bytes_ && fill()) {
  }
  if (std::string_view(buffer_).substr(position_).starts_with(kByteOrderMark)) {
    position_ += kByteOrderMark.size();
    bytes_read_ += kByteOrderMark.size();
  }
  const std::string_view rest = std::string_view(buffer_).substr(position_);
  const std::string_view first_line = rest.substr(0, rest.find('\n'));
  if (first_line.find(',') == std::string_view::npos &&
      first_line.find(';') != std::string_view::npos) {
    delimiter_ = ';';
  }
}

bool CsvReader::next(std::vector<std::string>& fields) {
  if (!started_) {
    start();
  }
  fields.clear();
  for (int first = peek(); first == '\n' || first == '\r'; first = peek()) {
    get();
    if (first == '\r' && peek() == '\n') {
      get();
    }
    ++line_;
  }
  if (peek() == kEnd) {
    return false;
  }
  record_line_ = line_;
  std::string field;
  std::size_t record_bytes = 0;
  FieldState state = FieldState::kStart;
  for (;;) {
    const int next_byte = get();
    if (next_byte == kEnd) {
      if (state == FieldState::kQuoted) {
        throw CsvError(record_line_, "a quoted field is not closed before the end of the file");
      }
      fields.push_back(std::move(field));
      return true;
    }
    if (++record_bytes > max_record_bytes_) {
      throw CsvError(record_line_, "the record is longer than " +
                                       std::to_string(max_record_bytes_ / kBytesPerKib) + " KiB");
    }
    const char c = static_cast<char>(next_byte);
    if (state == FieldState::kQuoted) {
      if (c != '"') {
        line_ += c == '\n' ? 1 : 0;
        field += c;
      } else if (peek() == '"') {
        get();
        field += '"';
      } else {
        state = FieldState::kAfterQuote;
      }
      continue;
    }
    if (c == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      state = FieldState::kStart;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && peek() == '\n') {
        get();
      }
      ++line_;
      fields.push_back(std::move(field));
      return true;
    }
    if (state == FieldState::kAfterQuote) {
      throw CsvError(line_,
                     "text after the closing quote of a field; quote the whole field and write "
                     "a quote inside it as \"\"");
    }
    if (c == '"' && state == FieldState::kStart) {
      state = FieldState::kQuoted;
      continue;
    }
    field += c;
    state = FieldState::kUnquoted;
  }
}

}  // namespace vern::imports
