// Decoding of delimited text, kept apart from what the columns mean (STYLE.md rule 2):
// separators, cells and numbers (line_framer.hpp cuts the lines). Internal to sc_offline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline::detail {

/// Only blanks (spaces, tabs), or empty.
bool is_blank(std::string_view s) noexcept;
/// Only blanks and carriage returns, or empty: what may follow the last data row.
bool is_blank_or_cr(std::string_view s) noexcept;
std::string_view trim(std::string_view s) noexcept;

/// The rule of Separator::kAuto (import_options.hpp), applied to the header line.
Separator detect_separator(std::string_view header_line) noexcept;

/// Splits a line into cells. Delimited: every separator splits (empty cells are kept); blanks
/// around a cell and one pair of surrounding double quotes are removed (quoted cells cannot
/// contain the separator). Whitespace: runs of blanks split, leading/trailing blanks ignored.
/// Reuses `cells`' storage: no allocation once it has grown to the row width.
void split_cells(std::string_view line, Separator sep, std::vector<std::string_view>& cells);

/// The common shape of an exported number, `[-]digits[.digits]` without an exponent, parsed
/// from `p` up to the first character that cannot continue it. Returns the end of the number,
/// or nullptr when the text has another shape (exponent, no digits, more than 19 digits, '+',
/// inf/nan, …) or a value outside the exact range below: the caller then uses std::from_chars.
/// The value is m / 10^k with the digits m ≤ 2^53 and k ≤ 19 decimals, both exact doubles, so
/// the one rounded division gives the correctly rounded value (Clinger, "How to read floating
/// point numbers accurately", PLDI 1990): the same double std::from_chars gives. No allocation.
inline const char* parse_plain_decimal(const char* p, const char* end, double& value) noexcept {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                                      1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;  // wraps past 19 digits, but such numbers are refused below
  const char* const int_start = p;
  while (p != end && static_cast<unsigned char>(*p - '0') <= 9) m = m * 10 + unsigned(*p++ - '0');
  auto digits = static_cast<std::size_t>(p - int_start);
  std::size_t decimals = 0;
  if (p != end && *p == '.') {
    const char* const frac_start = ++p;
    while (p != end && static_cast<unsigned char>(*p - '0') <= 9) {
      m = m * 10 + unsigned(*p++ - '0');
    }
    decimals = static_cast<std::size_t>(p - frac_start);
    digits += decimals;
  }
  if (digits == 0 || digits > 19 || m > (std::uint64_t{1} << 53)) return nullptr;
  if (p != end && (*p == 'e' || *p == 'E')) return nullptr;
  const double v = static_cast<double>(m) / kPow10[decimals];
  value = negative ? -v : v;
  return p;
}

enum class NumberStatus { kOk, kEmpty, kNotANumber, kNotFinite };

/// Parses a whole cell as a decimal floating-point number (std::from_chars, locale-free; a
/// leading '+' is allowed). kNotFinite for nan/inf spellings. No allocation.
NumberStatus parse_number(std::string_view cell, double& value) noexcept;

}  // namespace stridecue::offline::detail
