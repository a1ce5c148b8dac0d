// Echoing what a user typed (a setting's value, a table cell, a command word) in a message.
// Header-only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stridecue {

/// A text the user typed, fit for a one-line message: control and non-ASCII bytes as \xNN, and
/// cut after `max` characters with the full length named (a 1 MB cell is not echoed back).
inline std::string printable(std::string_view text, std::size_t max = 60) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max) {
      out += "... (" + std::to_string(text.size()) + " bytes)";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace stridecue
