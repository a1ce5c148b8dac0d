// The one exception type of the offline importer. Its message names the input (file, line,
// column name and 1-based column index, or the command-line option) and says how to fix it
// (STYLE.md rule 7). The fields are there so a caller can point at the place without parsing
// the message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace stridecue::offline {

enum class ImportErrorKind : std::uint8_t {
  kOption,     ///< a bad --map / --units / --time / --rate / --mass / --belt value
  kFile,       ///< cannot open, empty, no header, no data rows
  kHeader,     ///< a mapped column is missing or ambiguous, no time column and no rate
  kCell,       ///< a mapped cell is empty, not a number, or not finite (NaN, inf)
  kRowLength,  ///< a row has more or fewer cells than the header
  kTime,       ///< time column not increasing, gaps, uneven, or an implausible rate
};

class ImportError : public std::runtime_error {
 public:
  /// `line` is the 1-based physical line of the file (0: not about a line); `column_index` is
  /// 1-based (0: not about a column).
  ImportError(ImportErrorKind kind, const std::string& message, std::string file = {},
              std::size_t line = 0, std::string column = {}, std::size_t column_index = 0)
      : std::runtime_error(message),
        kind_(kind),
        file_(std::move(file)),
        line_(line),
        column_(std::move(column)),
        column_index_(column_index) {}

  ImportErrorKind kind() const noexcept { return kind_; }
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& column() const noexcept { return column_; }
  std::size_t column_index() const noexcept { return column_index_; }

 private:
  ImportErrorKind kind_;
  std::string file_;
  std::size_t line_;
  std::string column_;
  std::size_t column_index_;
};

}  // namespace stridecue::offline
