// Echoing what a user typed or a file held (a setting's value, a table cell, a command word) in
// a message: short and printable. Header-only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stridecue {

/// Length of the UTF-8 sequence at the start of `s` (2..4), or 0 when it is not one.
inline std::size_t utf8_sequence(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = b(0);
  const std::size_t n = lead >= 0xF0 && lead <= 0xF4   ? 4
                        : lead >= 0xE0 && lead <= 0xEF ? 3
                        : lead >= 0xC2 && lead <= 0xDF ? 2
                                                       : 0;
  if (n == 0 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && lead == 0xC2 && b(1) < 0xA0) return 0;  // U+0080..U+009F: C1 control characters
  return n;
}

/// What a user typed or a file held (a value, a cell, a command word), made fit for a one-line
/// message: at most `max_chars` characters of it, control characters (C0, DEL,
/// C1) and bytes that are not UTF-8 written as \xNN, and a cut text ending in
/// "… (N bytes)" (N: the length of `s`). Never longer than max_chars · 4 + 20 bytes.
inline std::string printable(std::string_view s, std::size_t max_chars = 60) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? utf8_sequence(s.substr(i)) : 0;
    if (n > 0) {
      out.append(s.substr(i, n));
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      n = 1;
    }
    i += n;
    ++chars;
  }
  if (i < s.size()) out += "… (" + std::to_string(s.size()) + " bytes)";
  return out;
}

}  // namespace stridecue
