// Reading hand-written YAML files (scenarios, stations) with errors a user can act on: every
// failure names the file, line and column, the setting's path, what is wrong and the fix, and
// a misspelt key gets a "did you mean" — e.g.
//   "station.yaml:14:11: devices[1].baud: 1500000 is not supported; use 1152000 or 2000000".
// Header-only; link the sc_yaml target (yaml-cpp). Not for hot paths: it allocates freely.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stridecue {

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

/// "; did you mean X?" for the closest of `known` within 3 edits, else "".
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
  return best.empty() ? std::string() : "; did you mean " + best + "?";
}

/// The text of a settings file (station, scenario) that `what` names in messages. Refuses, with
/// the file and the fix, what is not a regular file (a named pipe would block forever, a device
/// such as /dev/zero would never end) and a file over 1 MiB. Throws Error.
template <typename Error>
std::string read_settings_text(const std::filesystem::path& file, const std::string& what,
                               const std::string& fix) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw Error(file.string() + ": cannot read the " + what + "; check the path (" + fix + ")");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw Error(file.string() + ": is not a regular file (a pipe, device or directory); give the " +
                what + " itself (" + fix + ")");
  }
  constexpr std::uintmax_t kMaxBytes = 1 << 20;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxBytes) {
    throw Error(file.string() + ": " +
                (ec ? std::string("cannot read its size") : std::to_string(size) + " bytes") +
                " is not a " + what + " (at most 1 MiB); check the path (" + fix + ")");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(file.string() + ": cannot read the " + what + "; check the path (" + fix + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Checked access to YAML nodes; every failure throws Error (constructible from std::string).
template <typename Error>
struct YamlReader {
  std::string source;  ///< the file name, as it appears at the start of every message

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& what) const {
    std::ostringstream m;
    m << source;
    if (node.IsDefined() && node.Mark().line >= 0) {
      m << ':' << node.Mark().line + 1 << ':' << node.Mark().column + 1;
    }
    m << ": " << key << ": " << what;
    throw Error(m.str());
  }

  /// A finite number: NaN and infinities are refused here, where the line is known (a NaN
  /// threshold or mass would pass every later range check and give wrong results).
  double number(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected a number");
    const std::string text = n.Scalar();
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') fail(n, key, "'" + text + "' is not a number");
    if (!std::isfinite(v)) fail(n, key, "'" + text + "' is not a finite number; give a value");
    return v;
  }

  /// A whole number within lo..hi, refused at its line with the value as typed (a cast of -6 to
  /// an unsigned count would otherwise show up later as 18446744073709551610, with no line).
  double whole(const YAML::Node& n, const std::string& key, double lo, double hi) const {
    const double v = number(n, key);
    if (v != std::floor(v) || v < lo || v > hi) {
      std::ostringstream range;
      range << lo << ".." << hi;
      fail(n, key, "'" + n.Scalar() + "' is not a whole number within " + range.str());
    }
    return v;
  }

  /// true/false (YAML's yes/no, on/off too); anything else fails instead of falling back.
  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      fail(n, key, "'" + (n.IsScalar() ? n.Scalar() : std::string("?")) + "' is not true or false");
    }
    return value;
  }

  std::string word(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected a word");
    return n.Scalar();
  }

  void require_map(const YAML::Node& n, const std::string& key) const {
    if (!n.IsMap()) fail(n, key, "expected a mapping of settings (key: value)");
    check_keys(n, key);
  }

  /// Every key of a mapping is a word, and none is written twice (YAML lets the later silently
  /// win). `key` names the mapping ("" at the top level).
  void check_keys(const YAML::Node& map, const std::string& key) const {
    std::vector<std::pair<std::string, int>> seen;  // key, line
    for (const auto& kv : map) {
      const std::string where = key.empty() ? std::string("(top level)") : key;
      if (!kv.first.IsScalar()) fail(kv.first, where, "a setting's name must be a word");
      const std::string name = kv.first.Scalar();
      const std::string full = key.empty() ? name : key + "." + name;
      for (const auto& [other, line] : seen) {
        if (other == name) {
          fail(kv.first, full,
               "written twice (first on line " + std::to_string(line) + "); keep one");
        }
      }
      seen.emplace_back(name, kv.first.Mark().line + 1);
    }
  }

  /// Parses text; a syntax error becomes Error with the position.
  YAML::Node load(const std::string& text) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      throw Error(source + ":" + std::to_string(e.mark.line + 1) + ":" +
                  std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
    }
  }
};

}  // namespace stridecue
