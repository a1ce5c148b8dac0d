// Small text helpers for ImportError messages: quoting (short and printable: whatever a file
// holds is echoed cut and escaped), numbers, and the "file:line: column 'name' (index)" prefix.
// Internal to sc_offline.
#pragma once

#include <array>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "stridecue/core/printable.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::detail {

/// Characters of a cell, a header name or an option echoed back in a message; a longer text is
/// cut (messages are read by people, and a 1 MB cell must not become a 1 MB message).
inline constexpr std::size_t kEchoChars = 40;

/// `s` made printable and cut to offline's echo length (stridecue::printable).
inline std::string printable(std::string_view s, std::size_t max_chars = kEchoChars) {
  return stridecue::printable(s, max_chars);
}

/// `s` in single quotes, made printable and cut to `max_chars` (printable()).
inline std::string quoted(std::string_view s, std::size_t max_chars = kEchoChars) {
  return "'" + printable(s, max_chars) + "'";
}

/// Shortest text that reads back as `v` ("1.234", "300").
inline std::string num(double v) {
  std::array<char, 32> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

/// `v` with at most `sig` significant digits ("333.333").
inline std::string num_g(double v, int sig = 6) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.*g", sig, v);
  return buf.data();
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Where an error is: "run.txt:57: column 'Fy' (3)".
struct Place {
  std::string_view file;
  std::size_t line = 0;
  std::string_view column;
  std::size_t column_index = 0;  // 1-based, 0 = none

  std::string prefix() const {
    std::string s(file);
    if (line) s += ":" + std::to_string(line);
    s += ": ";
    if (column_index) s += "column " + quoted(column) + " (" + std::to_string(column_index) + ")";
    return s;
  }
  [[noreturn]] void fail(ImportErrorKind kind, const std::string& rest) const {
    throw ImportError(kind, prefix() + rest, std::string(file), line, std::string(column),
                      column_index);
  }
};

}  // namespace stridecue::offline::detail
