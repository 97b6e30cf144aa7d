#include "web/svg_chart.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace vern::web {
namespace {

constexpr int kWidth = 640;
constexpr int kLabelWidth = 200;
constexpr int kBarWidth = kWidth - kLabelWidth - 70;  // room for the total on the right
constexpr int kRowHeight = 32;
constexpr int kBarHeight = 20;

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Class names come from code, but are checked anyway: letters, digits and dashes only.
std::string safe_class(const std::string& name) {
  std::string out;
  for (const char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

}  // namespace

std::string stacked_bar_chart(const std::string& title, const std::string& description,
                              const std::vector<BarRow>& rows) {
  // Ids unique on the page, for aria-labelledby.
  static std::atomic<unsigned> counter{0};
  const std::string id = "chart-" + std::to_string(++counter);
  long long largest = 0;
  for (const BarRow& row : rows) {
    long long total = 0;
    for (const BarSegment& segment : row.segments) {
      total += std::max(0LL, segment.value);
    }
    largest = std::max(largest, total);
  }
  const int height = std::max(1, static_cast<int>(rows.size())) * kRowHeight + 8;
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kWidth) +
                    " " + std::to_string(height) + "\" aria-labelledby=\"" + id + "-title " + id +
                    "-desc\" xmlns=\"http://www.w3.org/2000/svg\">";
  svg += "<title id=\"" + id + "-title\">" + escape(title) + "</title>";
  svg += "<desc id=\"" + id + "-desc\">" + escape(description) + "</desc>";
  int y = 4;
  for (const BarRow& row : rows) {
    const int text_y = y + kBarHeight - 5;
    svg += "<text class=\"chart-label\" x=\"0\" y=\"" + std::to_string(text_y) + "\">" +
           escape(row.label) + "</text>";
    double x = kLabelWidth;
    long long total = 0;
    for (const BarSegment& segment : row.segments) {
      const long long value = std::max(0LL, segment.value);
      total += value;
      if (value == 0 || largest == 0) {
        continue;
      }
      const double width = static_cast<double>(kBarWidth) * static_cast<double>(value) /
                           static_cast<double>(largest);
      svg += "<rect class=\"" + safe_class(segment.css_class) + "\" x=\"" + number(x) + "\" y=\"" +
             std::to_string(y) + "\" width=\"" + number(width) + "\" height=\"" +
             std::to_string(kBarHeight) + "\"><title>" + escape(segment.label) + ": " +
             std::to_string(value) + "</title></rect>";
      x += width;
    }
    svg += "<text class=\"chart-total\" x=\"" + number(x + 6) + "\" y=\"" + std::to_string(text_y) +
           "\">" + std::to_string(total) + "</text>";
    y += kRowHeight;
  }
  svg += "</svg>";
  return svg;
}

}  // namespace vern::web
