// Names as people type them: compared without regard to case, and "did you mean …?" for a
// mistyped one (a setting, a command, a scenario, a subject). Header-only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stridecue {

/// Equal, ignoring ASCII case ("p-017" and "P-017", "BW" and "bw").
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// Levenshtein distance (for suggestions).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// "; did you mean X?" for the closest of `known` within 3 edits, or one that begins with `bad`;
/// else "".
inline std::string suggestion(std::string_view bad, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = 4;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(bad, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  // A name cut short ("pelvic_drop" for pelvic_drop_deg) is too far in edits but plain to see.
  if (best.empty() && bad.size() >= 4) {
    for (const auto& k : known) {
      if (k.size() > bad.size() && std::string_view(k).substr(0, bad.size()) == bad) {
        best = k;
        break;
      }
    }
  }
  return best.empty() ? std::string() : "; did you mean " + best + "?";
}

/// "a, b, c": the words of a list in a message.
inline std::string join_list(const std::vector<std::string>& words) {
  std::string list;
  for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
  return list;
}

}  // namespace stridecue
