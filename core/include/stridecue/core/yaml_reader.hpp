// Reading hand-written YAML files (scenarios, stations) with errors a user can act on: every
// failure names the file, line and column, the setting's path, what is wrong and the fix, and
// a misspelt key gets a "did you mean" — e.g.
//   "station.yaml:14:11: devices[1].baud: 1500000 is not supported; use 1152000 or 2000000".
// Header-only; link the sc_yaml target (yaml-cpp). Not for hot paths: it allocates freely.
#pragma once

#include <yaml-cpp/depthguard.h>
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

#include "stridecue/core/printable.hpp"
#include "stridecue/core/suggestion.hpp"

namespace stridecue {

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

/// Checked access to YAML nodes; every failure names the file, line, column and setting.
/// Mistakes are collected, not stopped at: `each` reads a mapping setting by setting and keeps
/// going past a bad one, so `finish` reports every mistake of a file at once. Where a value was
/// typed is remembered by its setting's path, so checks made after parsing (a range that depends
/// on another setting, two devices on one port) still point at the line.
template <typename Error>
struct YamlReader {
  std::string source;  ///< the file name, as it appears at the start of every message

  /// Where a setting's value stands in the file, and its text as typed.
  struct Typed {
    int line = -1, column = -1;
    std::string text;
  };
  /// One entry of a mapping being read by `each`.
  struct Entry {
    std::string name;  ///< the key, e.g. "contact_on_n"
    std::string key;   ///< its full path, e.g. "processing.contact_on_n"
    YAML::Node at;     ///< the key's node (for "unknown setting")
    YAML::Node value;  ///< the value's node
  };

  mutable std::vector<std::string> problems{};
  mutable std::vector<std::pair<std::string, Typed>> typed{};
  mutable std::vector<std::string>
      lines{};  // the text, kept by load() for quote checks  // in file order; few dozen entries

  static constexpr std::size_t kMaxProblems = 25;

  std::string place(const YAML::Node& node) const {
    std::string m = source;
    if (node.IsDefined() && node.Mark().line >= 0) {
      m +=
          ':' + std::to_string(node.Mark().line + 1) + ':' + std::to_string(node.Mark().column + 1);
    }
    return m;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& what) const {
    throw Error(place(node) + ": " + key + ": " + what);
  }

  /// Runs `read`; a mistake it throws is kept and reading goes on (up to kMaxProblems).
  template <typename Fn>
  void attempt(Fn&& read) const {
    try {
      read();
    } catch (const Error& e) {
      problems.emplace_back(e.what());
      if (problems.size() >= kMaxProblems) {
        problems.emplace_back("(stopped after " + std::to_string(kMaxProblems) + " mistakes)");
        finish();
      }
    }
  }

  /// Reads every entry of the mapping `map` (named `key`, "" at the top level), each in its own
  /// attempt. Refuses a node that is not a mapping, a key that is not a word, a key written twice.
  template <typename Fn>
  void each(const YAML::Node& map, const std::string& key, Fn&& read) const {
    require_map(map, key);
    for (const auto& kv : map) {
      const std::string name = kv.first.Scalar();
      const Entry e{name, key.empty() ? name : key + "." + name, kv.first, kv.second};
      attempt([&] { read(e); });
    }
  }

  /// Throws one Error holding every mistake kept so far, one per line, in file order.
  void finish() const {
    if (problems.empty()) return;
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
    problems.clear();
    throw Error(all);
  }

  /// Remembers where `key`'s value was typed (number, word and boolean do this themselves).
  void remember(const YAML::Node& n, const std::string& key) const {
    Typed t;
    if (n.IsDefined() && n.Mark().line >= 0) {
      t.line = n.Mark().line;
      t.column = n.Mark().column;
    }
    if (n.IsScalar()) t.text = n.Scalar();
    for (auto& [k, v] : typed) {
      if (k == key) {
        v = t;
        return;
      }
    }
    typed.emplace_back(key, std::move(t));
  }

  /// Where `key` was typed, if it was.
  const Typed* find(const std::string& key) const {
    for (const auto& [k, v] : typed) {
      if (k == key) return &v;
    }
    return nullptr;
  }

  /// Keeps a mistake found after parsing, at the line where `key` was typed (the file alone when
  /// the setting was left at its default); `what` may use the value as typed via typed_text().
  void problem_at(const std::string& key, const std::string& what) const {
    std::string m = source;
    if (const Typed* t = find(key); t && t->line >= 0) {
      m += ':' + std::to_string(t->line + 1) + ':' + std::to_string(t->column + 1);
    }
    problems.push_back(m + ": " + key + ": " + what);
  }

  /// The value of `key` as typed ("" when it was not).
  std::string typed_text(const std::string& key) const {
    const Typed* t = find(key);
    return t ? printable(t->text) : std::string();
  }

  /// A finite number: NaN and infinities are refused here, where the line is known (a NaN
  /// threshold or mass would pass every later range check and give wrong results).
  double number(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected a number");
    const std::string text = n.Scalar();
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') fail(n, key, "'" + printable(text) + "' is not a number");
    if (!std::isfinite(v)) {
      fail(n, key, "'" + printable(text) + "' is not a finite number; give a value");
    }
    remember(n, key);
    return v;
  }

  /// A number within lo..hi (both included), refused at its line with the value as typed and
  /// the valid range; `unit` follows the range ("N", "ms", "" for none), `hint` the range.
  double in_range(const YAML::Node& n, const std::string& key, double lo, double hi,
                  std::string_view unit, std::string_view hint = {}) const {
    const double v = number(n, key);
    if (!(v >= lo && v <= hi)) {
      std::ostringstream m;
      m << "'" << printable(n.Scalar()) << "' is out of range; use " << lo << " .. " << hi;
      if (!unit.empty()) m << ' ' << unit;
      if (!hint.empty()) m << " (" << hint << ")";
      fail(n, key, m.str());
    }
    return v;
  }

  /// A whole number within lo..hi, refused at its line with the value as typed (a cast of -6 to
  /// an unsigned count would otherwise show up later as 18446744073709551610, with no line).
  double whole(const YAML::Node& n, const std::string& key, double lo, double hi) const {
    const double v = number(n, key);
    if (v != std::floor(v) || v < lo || v > hi) {
      std::ostringstream range;
      range << lo << ".." << hi;
      fail(n, key, "'" + printable(n.Scalar()) + "' is not a whole number within " + range.str());
    }
    return v;
  }

  /// true/false (YAML's yes/no, on/off too); anything else fails instead of falling back.
  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      fail(n, key,
           "'" + (n.IsScalar() ? printable(n.Scalar()) : std::string("?")) +
               "' is not true or false");
    }
    remember(n, key);
    return value;
  }

  /// One line of text (a name, a port, a unit). A value running over several lines is refused:
  /// it is what an unclosed quote swallows (every setting after it).
  std::string word(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected a word");
    const std::string& w = n.Scalar();
    if (w.find('\n') != std::string::npos || !quote_closes_on_its_line(n)) {
      fail(n, key,
           "'" + printable(w, 30) +
               "' runs over several lines; is a closing quote missing? (a name is one line)");
    }
    remember(n, key);
    return w;
  }

  /// False when `n` is a quoted scalar whose opening quote has no closing quote on its line:
  /// YAML folds the lines that follow into the value, settings and all.
  bool quote_closes_on_its_line(const YAML::Node& n) const {
    const int line = n.Mark().line, column = n.Mark().column;
    if (line < 0 || static_cast<std::size_t>(line) >= lines.size()) return true;
    const std::string& l = lines[static_cast<std::size_t>(line)];
    if (column < 0 || static_cast<std::size_t>(column) >= l.size()) return true;
    const char q = l[static_cast<std::size_t>(column)];
    if (q != '"' && q != '\'') return true;
    return l.find(q, static_cast<std::size_t>(column) + 1) != std::string::npos;
  }

  /// Free text (a description): several lines allowed.
  std::string text(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(n, key, "expected text");
    remember(n, key);
    return n.Scalar();
  }

  void require_map(const YAML::Node& n, const std::string& key) const {
    if (!n.IsMap()) {
      fail(n, key.empty() ? std::string("(top level)") : key,
           "expected a mapping of settings (key: value)");
    }
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
          fail(kv.first, printable(full),
               "written twice (first on line " + std::to_string(line) + "); keep one");
        }
      }
      seen.emplace_back(name, kv.first.Mark().line + 1);
    }
  }

  /// Parses text holding one YAML document; a syntax error becomes Error with the position, and
  /// a second document (after ---) is refused rather than silently ignored.
  YAML::Node load(const std::string& text) const {
    lines.clear();
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(std::move(l));
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(text);
    } catch (const YAML::DeepRecursion& e) {
      throw Error(source + ":" + std::to_string(e.mark.line + 1) + ":" +
                  std::to_string(e.mark.column + 1) +
                  ": nested too deeply; a settings file nests a few levels at most");
    } catch (const YAML::ParserException& e) {
      throw Error(source + ":" + std::to_string(e.mark.line + 1) + ":" +
                  std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
    }
    if (docs.size() > 1) {
      fail(docs[1], "(document 2)",
           "a second YAML document (after ---) would be ignored; keep one document per file");
    }
    return docs.empty() ? YAML::Node() : docs.front();
  }
};

}  // namespace stridecue
