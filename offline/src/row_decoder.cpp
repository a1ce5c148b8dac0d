#include "row_decoder.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>
#include <utility>

#include "delimited_text.hpp"
#include "messages.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::detail {

namespace {

/// Parses one needed cell or throws naming line and column.
double cell_value(std::string_view cell, const Place& where, Separator sep) {
  double v = 0;
  switch (parse_number(cell, v)) {
    case NumberStatus::kOk:
      return v;
    case NumberStatus::kEmpty:
      where.fail(ImportErrorKind::kCell,
                 " is empty; every cell of a mapped column needs a number: fill it or cut the "
                 "row");
    case NumberStatus::kNotFinite:
      where.fail(ImportErrorKind::kCell,
                 ": " + quoted(cell) +
                     " is not a finite number; StrideCue needs every mapped cell filled: fill "
                     "the gap or cut the rows (NaN in unmapped columns is fine)");
    case NumberStatus::kNotANumber:
      break;
  }
  std::string hint;
  if (sep == Separator::kSemicolon && cell.find(',') != std::string_view::npos) {
    hint = " (decimal commas are not supported: export with a decimal point)";
  }
  where.fail(ImportErrorKind::kCell, ": " + quoted(cell) + " is not a number" + hint);
}

}  // namespace

RowDecoder::RowDecoder(std::vector<std::string> header, Separator sep,
                       std::vector<std::size_t> needed, std::string file, std::size_t header_line)
    : header_(std::move(header)),
      sep_(sep),
      needed_(std::move(needed)),
      is_needed_(header_.size(), 0),
      values_(header_.size(), 0.0),
      file_(std::move(file)),
      header_line_(header_line) {
  for (const std::size_t col : needed_) is_needed_[col] = 1;
  switch (sep_) {
    case Separator::kComma:
      sep_char_ = ',';
      fast_ = true;
      break;
    case Separator::kTab:
      sep_char_ = '\t';
      fast_ = true;
      break;
    case Separator::kSemicolon:
      sep_char_ = ';';
      fast_ = true;
      break;
    default:
      fast_ = false;
      break;
  }
  cells_.reserve(header_.size() + 1);
}

void RowDecoder::decode(std::string_view line, std::size_t line_no) {
  if (fast_ && decode_fast(line)) return;
  decode_checked(line, line_no);
}

bool RowDecoder::decode_fast(std::string_view line) noexcept {
  const char* p = line.data();
  const char* const end = p + line.size();
  const std::size_t n_cols = header_.size();
  for (std::size_t col = 0; col < n_cols; ++col) {
    const char* cell_end = nullptr;
    if (is_needed_[col]) {
      double v = 0;
      const char* ptr = parse_plain_decimal(p, end, v);
      if (ptr == nullptr) {
        const auto res = std::from_chars(p, end, v, std::chars_format::general);
        if (res.ec != std::errc{} || !std::isfinite(v)) return false;
        ptr = res.ptr;
      }
      if (ptr != end && *ptr != sep_char_) return false;
      values_[col] = v;
      cell_end = ptr;
    } else {
      const void* s = std::memchr(p, sep_char_, static_cast<std::size_t>(end - p));
      cell_end = s != nullptr ? static_cast<const char*>(s) : end;
    }
    if (col + 1 == n_cols) return cell_end == end;  // else: more cells than the header
    if (cell_end == end) return false;              // fewer cells than the header
    p = cell_end + 1;
  }
  return false;  // no columns: cannot happen, the header has at least one cell
}

void RowDecoder::decode_checked(std::string_view line, std::size_t line_no) {
  split_cells(line, sep_, cells_);
  if (cells_.size() != header_.size()) fail_row_length(line_no);
  for (const std::size_t col : needed_) {
    values_[col] = cell_value(cells_[col], Place{file_, line_no, header_[col], col + 1}, sep_);
  }
}

void RowDecoder::fail_row_length(std::size_t line_no) const {
  const std::size_t n_cols = header_.size();
  const Place where{file_, line_no, {}, 0};
  std::string detail_text;
  std::string col_name;
  std::size_t col_index = 0;
  if (cells_.size() < n_cols) {
    col_index = cells_.size() + 1;
    col_name = header_[cells_.size()];
    detail_text = "the row has no cell for column " + quoted(col_name) + " (" +
                  std::to_string(col_index) + ")";
  } else {
    col_index = n_cols + 1;
    detail_text = "extra cell " + quoted(cells_[n_cols]) + " after column " +
                  quoted(header_[n_cols - 1]) + " (" + std::to_string(n_cols) + ")";
  }
  throw ImportError(ImportErrorKind::kRowLength,
                    where.prefix() + std::to_string(cells_.size()) +
                        " cells where the header (line " + std::to_string(header_line_) + ") has " +
                        std::to_string(n_cols) + ": " + detail_text +
                        "; every row needs one cell per header column (check the separator: " +
                        std::string(separator_name(sep_)) + ")",
                    file_, line_no, col_name, col_index);
}

}  // namespace stridecue::offline::detail
