#include "delimited_text.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace stridecue::offline::detail {

namespace {
constexpr bool is_blank_char(char c) noexcept {
  return c == ' ' || c == '\t';
}
}  // namespace

bool is_blank(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_blank_char(c)) return false;
  }
  return true;
}

bool is_blank_or_cr(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_blank_char(c) && c != '\r') return false;
  }
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
  return s;
}

Separator detect_separator(std::string_view header_line) noexcept {
  if (header_line.find('\t') != std::string_view::npos) return Separator::kTab;
  if (header_line.find(';') != std::string_view::npos) return Separator::kSemicolon;
  if (header_line.find(',') != std::string_view::npos) return Separator::kComma;
  return Separator::kWhitespace;
}

namespace {
std::string_view clean_cell(std::string_view cell) noexcept {
  cell = trim(cell);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
    cell = trim(cell.substr(1, cell.size() - 2));
  }
  return cell;
}
}  // namespace

void split_cells(std::string_view line, Separator sep, std::vector<std::string_view>& cells) {
  cells.clear();
  if (sep == Separator::kWhitespace) {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_blank_char(line[i])) ++i;
      if (i == line.size()) break;
      const std::size_t start = i;
      while (i < line.size() && !is_blank_char(line[i])) ++i;
      cells.push_back(clean_cell(line.substr(start, i - start)));
    }
    return;
  }
  const char c = sep == Separator::kTab ? '\t' : (sep == Separator::kSemicolon ? ';' : ',');
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(c, start);
    if (end == std::string_view::npos) {
      cells.push_back(clean_cell(line.substr(start)));
      return;
    }
    cells.push_back(clean_cell(line.substr(start, end - start)));
    start = end + 1;
  }
}

NumberStatus parse_number(std::string_view cell, double& value) noexcept {
  if (cell.empty()) return NumberStatus::kEmpty;
  std::string_view digits = cell;
  // from_chars rejects a leading '+', which spreadsheets write.
  if (digits.front() == '+' && digits.size() > 1 && digits[1] != '-') digits.remove_prefix(1);
  double v = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), v, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) return NumberStatus::kNotFinite;
  if (ec != std::errc{} || end != digits.data() + digits.size()) return NumberStatus::kNotANumber;
  if (!std::isfinite(v)) return NumberStatus::kNotFinite;
  value = v;
  return NumberStatus::kOk;
}

}  // namespace stridecue::offline::detail
