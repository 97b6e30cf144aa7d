#pragma once

#include <string>
#include <vector>

namespace vern::web {

/// One part of a bar: its value, its legend label and its style class (the colours are in
/// vern.css, so that the chart follows the page's theme).
struct BarSegment {
  std::string label;
  long long value = 0;
  std::string css_class;
};

/// One bar: its label and its parts, left to right.
struct BarRow {
  std::string label;
  std::vector<BarSegment> segments;
};

/// A horizontal stacked bar chart as inline SVG, drawn on the server: each row's bar spans the
/// largest row total, each part is as wide as its share, and each part carries its label and
/// value as a tooltip. The SVG is an image named by `title` and described by `description`
/// (role="img"); pages put the same numbers in a table beside it for screen readers and
/// copying. Every text is XML-escaped.
std::string stacked_bar_chart(const std::string& title, const std::string& description,
                              const std::vector<BarRow>& rows);

}  // namespace vern::web
