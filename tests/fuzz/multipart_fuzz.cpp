// libFuzzer target for the multipart/form-data parser (admin uploads): the first line of the
// input is a Content-Type header, the rest the body. Whatever comes in, the parser either
// throws vern::Error or returns parts whose views lie inside the body.
// Built with clang++ by cmake/Fuzz.cmake and run by ctest for a bounded time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/error.hpp"
#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  try {
    if (!vern::http::is_multipart_form(content_type)) {
      return 0;
    }
    const std::string boundary = vern::http::multipart_boundary(content_type);
    vern::http::MultipartLimits limits;
    limits.max_parts = 20;
    for (const auto& part : vern::http::parse_multipart(body, boundary, limits)) {
      if (part.content.data() < body.data() ||
          part.content.data() + part.content.size() > body.data() + body.size()) {
        std::abort();  // a part's content must point into the body
      }
    }
  } catch (const vern::Error&) {
    // Refused with a reason: what bad input should get.
  }
  return 0;
}
