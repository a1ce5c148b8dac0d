// Decoding of one data row: the numbers of the columns the import needs, or an ImportError that
// names the line and the column (STYLE.md rule 7). Internal to sc_offline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline::detail {

/// Parses the cells of the needed columns of a row and checks the row's length; the cells of
/// every other column are counted, never parsed (text and NaN there are fine).
///
/// Two paths give the same numbers. The fast one, for comma, tab and semicolon separators,
/// walks the row once: a needed cell is parsed in place (parse_plain_decimal, std::from_chars
/// for other shapes) and must end at a separator or the end of the row; any other cell is
/// skipped up to the next separator. A row it cannot take as it is — blanks or quotes around a
/// cell, a leading '+', whitespace separators, a bad cell, too few or too many cells — goes
/// through the checked path: split into cells (split_cells), count them, then parse the needed
/// ones, throwing on the first problem. So a row's error is the one the checked path finds: its
/// length first, then its cells in the order given to the constructor.
///
/// Contract: one thread; decode() does not allocate for a good row (only to throw, or for the
/// cells of a row longer than the header).
class RowDecoder {
 public:
  /// `needed`: 0-based columns to parse, in the order their cells are checked (a column may
  /// appear more than once). `file` and `header_line` are for messages.
  RowDecoder(std::vector<std::string> header, Separator sep, std::vector<std::size_t> needed,
             std::string file, std::size_t header_line);

  /// Decodes the data row `line`, physical line `line_no` of the file. Afterwards value(col)
  /// holds the number of each needed column. Throws ImportError(kRowLength or kCell).
  void decode(std::string_view line, std::size_t line_no);

  double value(std::size_t col) const noexcept { return values_[col]; }

 private:
  bool decode_fast(std::string_view line) noexcept;
  void decode_checked(std::string_view line, std::size_t line_no);
  [[noreturn]] void fail_row_length(std::size_t line_no) const;

  std::vector<std::string> header_;
  Separator sep_;
  char sep_char_ = ',';  // for the fast path
  bool fast_ = false;    // the fast path applies to this separator
  std::vector<std::size_t> needed_;
  std::vector<std::uint8_t> is_needed_;  // per column
  std::vector<double> values_;           // per column
  std::vector<std::string_view> cells_;  // the checked path's split
  std::string file_;
  std::size_t header_line_;
};

}  // namespace stridecue::offline::detail
