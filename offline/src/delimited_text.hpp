// Framing and decoding of delimited text, kept apart from what the columns mean (STYLE.md
// rule 2): lines, separators, cells and numbers. Internal to sc_offline.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline::detail {

/// Walks the lines of a text buffer: '\n' ends a line, a trailing '\r' is dropped, a UTF-8 BOM
/// at the start is skipped. Views point into the buffer. No allocation.
class LineReader {
 public:
  explicit LineReader(std::string_view text);
  /// The next line and its 1-based number; false at the end of the text.
  bool next(std::string_view& line, std::size_t& line_no);
  /// True when nothing but blanks and line breaks is left.
  bool only_blank_left() const;

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_no_ = 0;
};

bool is_blank(std::string_view s) noexcept;
std::string_view trim(std::string_view s) noexcept;

/// The rule of Separator::kAuto (import_options.hpp), applied to the header line.
Separator detect_separator(std::string_view header_line) noexcept;

/// Splits a line into cells. Delimited: every separator splits (empty cells are kept); blanks
/// around a cell and one pair of surrounding double quotes are removed (quoted cells cannot
/// contain the separator). Whitespace: runs of blanks split, leading/trailing blanks ignored.
/// Reuses `cells`' storage: no allocation once it has grown to the row width.
void split_cells(std::string_view line, Separator sep, std::vector<std::string_view>& cells);

enum class NumberStatus { kOk, kEmpty, kNotANumber, kNotFinite };

/// Parses a whole cell as a decimal floating-point number (std::from_chars, locale-free; a
/// leading '+' is allowed). kNotFinite for nan/inf spellings. No allocation.
NumberStatus parse_number(std::string_view cell, double& value) noexcept;

}  // namespace stridecue::offline::detail
