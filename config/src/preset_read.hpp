// Internals of the cue preset loader, shared by preset_file.cpp (the file, its schedule, finding
// files) and preset_rule.cpp (one rule and its target). Not installed; not for hot paths.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "stridecue/config/preset_file.hpp"
#include "stridecue/core/yaml_reader.hpp"

namespace stridecue::config::preset_read {

using Ctx = YamlReader<PresetFileError>;
using Entry = Ctx::Entry;

/// "a, b, c".

/// Refuses the entry: "unknown setting; did you mean X? (settings: a, b, c)".
[[noreturn]] void unknown(const Ctx& ctx, const Entry& e, const std::vector<std::string>& known);

/// A preset or rule name: 1..processing::kMaxRuleName bytes of ASCII letters, digits, '-' and
/// '_' (names go into recordings, logs and CSV columns, so no spaces or punctuation).
std::string name_word(const YAML::Node& n, const std::string& key, const Ctx& ctx);

/// One rule as read. `metric_known` is false when its metric was missing or misspelt (its target
/// could then not be judged); problems are kept in the reader either way.
struct ReadRule {
  processing::CueRule rule;
  bool metric_known = false;
  bool have_name = false;
  int line = 0, column = 0;  ///< where the rule starts (1-based)
};

/// Reads `node` as rules[i]: every key, then the checks that need several of them (the target
/// against the value kind and metric, side and window_steps of symmetry rules, default words).
ReadRule parse_rule(const YAML::Node& node, std::size_t i, const Ctx& ctx);

}  // namespace stridecue::config::preset_read
