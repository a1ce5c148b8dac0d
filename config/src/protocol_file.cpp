// Protocol files: read with the project's YamlReader like station files — every mistake at once,
// each at its file:line:col with the setting, the value as typed and the fix.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "stridecue/config/protocol.hpp"
#include "stridecue/core/config_dir.hpp"
#include "stridecue/core/yaml_reader.hpp"

namespace stridecue::config {

namespace fs = std::filesystem;

std::string_view block_kind_name(BlockKind kind) {
  return kBlockKindNames[static_cast<std::size_t>(kind)];
}

std::optional<BlockKind> block_kind_from_name(std::string_view word) {
  for (std::size_t i = 0; i < kBlockKindNames.size(); ++i) {
    if (kBlockKindNames[i] == word) return static_cast<BlockKind>(i);
  }
  return std::nullopt;
}

std::string_view default_block_name(BlockKind kind) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "Plate zero", "Static calibration", "Warm-up",     "Baseline",
      "Retraining", "Post-test",          "Free running"};
  return kNames[static_cast<std::size_t>(kind)];
}

namespace {

using Ctx = YamlReader<ProtocolFileError>;
using Entry = Ctx::Entry;
namespace lim = protocol_limits;

/// "unknown setting; did you mean X? (settings: a, b, c)".
[[noreturn]] void unknown(const Ctx& ctx, const Entry& e, const std::vector<std::string>& known) {
  ctx.fail(e.at, printable(e.key),
           "unknown setting" + suggestion(e.name, known) + " (settings: " + join_list(known) + ")");
}

std::string range_text(double lo, double hi) {
  std::ostringstream m;
  m << lo << " .. " << hi;
  return m.str();
}

/// One line of printable text of at most `max_chars` UTF-8 characters (a name, an instruction):
/// what the runner's screen shows must be short, and a control character (an escape, a tab)
/// would garble it.
std::string line_text(const YAML::Node& n, const std::string& key, std::size_t max_chars,
                      const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < w.size(); ++chars) {
    const auto c = static_cast<unsigned char>(w[i]);
    const std::size_t len = c >= 0x20 && c < 0x7F ? 1
                            : c >= 0x80           ? utf8_sequence(std::string_view(w).substr(i))
                                                  : 0;
    if (len == 0) {
      ctx.fail(n, key,
               "'" + printable(w) + "' holds a control character or a byte that is not UTF-8 " +
                   printable(w.substr(i, 1)) + "; write plain text");
    }
    i += len;
  }
  if (chars > max_chars) {
    ctx.fail(n, key,
             "'" + printable(w, 40) + "' is " + std::to_string(chars) + " characters; at most " +
                 std::to_string(max_chars) + " (one line on the runner's screen)");
  }
  return w;
}

/// The valid durations of a block of `kind`, for messages.
struct DurationRule {
  double lo, hi;
  bool until_next_allowed;
  const char* why;
};

DurationRule duration_rule(BlockKind kind) {
  switch (kind) {
    case BlockKind::kTare:
      return {lim::kSetupMinS, lim::kSetupMaxS, false,
              "the plates are zeroed over the whole block, with nobody on the belt"};
    case BlockKind::kStatic:
      return {lim::kSetupMinS, lim::kSetupMaxS, false,
              "the runner stands still for it; make it at least the station's pelvis.static_s"};
    case BlockKind::kBaseline:
      return {lim::kBaselineMinS, lim::kBaselineMaxS, true,
              "a shorter block holds too few steps per side to compare against"};
    default:
      return {lim::kRunMinS, lim::kRunMaxS, true, "at most 4 h"};
  }
}

/// One block; its checks that depend on the kind run once every key of it is read, so the keys
/// may come in any order. Problems are kept in ctx; the block is returned as far as it was read.
struct ReadBlock {
  ProtocolBlock block;
  bool kind_known = false;
};

ReadBlock parse_block(const YAML::Node& node, std::size_t i, const Ctx& ctx) {
  const std::string key = "blocks[" + std::to_string(i) + "]";
  ReadBlock r;
  ProtocolBlock& b = r.block;
  b.line = node.Mark().line + 1;
  std::optional<double> duration_s;
  bool have_kind = false, until_next = false, have_name = false, have_duration_key = false;
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "kind") {
      have_kind = true;
      const std::string w = ctx.word(e.value, e.key);
      const auto kind = block_kind_from_name(w);
      if (!kind) {
        const std::vector<std::string> kinds(kBlockKindNames.begin(), kBlockKindNames.end());
        ctx.fail(e.value, e.key,
                 "'" + printable(w) + "' is not a block kind" + suggestion(w, kinds) +
                     " (kinds: " + join_list(kinds) + ")");
      }
      b.kind = *kind;
      r.kind_known = true;
    } else if (e.name == "name") {
      b.name = line_text(e.value, e.key, lim::kMaxNameChars, ctx);
      if (b.name.empty()) ctx.fail(e.value, e.key, "empty; give a name or leave the line out");
      have_name = true;
    } else if (e.name == "duration_s") {
      have_duration_key = true;                 // a bad value is its own mistake, not "give one"
      duration_s = ctx.number(e.value, e.key);  // the range depends on the kind: checked below
    } else if (e.name == "until") {
      const std::string w = ctx.word(e.value, e.key);
      if (w != "next") {
        ctx.fail(e.value, e.key,
                 "'" + printable(w) +
                     "' is not understood; write `until: next` (the block lasts until the "
                     "clinician moves on) or give duration_s");
      }
      until_next = true;
    } else if (e.name == "speed_kmh") {
      b.speed_kmh = ctx.in_range(e.value, e.key, 0, lim::kMaxSpeedKmh, "km/h",
                                 "the belt speed to tell the runner");
    } else if (e.name == "instruction") {
      b.instruction = line_text(e.value, e.key, lim::kMaxInstructionChars, ctx);
    } else if (e.name == "cue_preset") {
      b.cue_preset = ctx.word(e.value, e.key);
      const bool ok =
          !b.cue_preset.empty() && b.cue_preset.size() <= lim::kMaxCuePresetChars &&
          std::all_of(b.cue_preset.begin(), b.cue_preset.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
          });
      if (!ok) {
        ctx.fail(e.value, e.key,
                 "'" + printable(b.cue_preset) +
                     "' is not a preset name; use up to 40 lowercase letters, digits, _ and - "
                     "(e.g. level-hips)");
      }
    } else if (e.name == "feedback_pct") {
      b.feedback_pct = ctx.in_range(e.value, e.key, 0, 100, "%",
                                    "the share of time with feedback in a faded schedule");
    } else {
      unknown(ctx, e,
              {"kind", "name", "duration_s", "until", "speed_kmh", "instruction", "cue_preset",
               "feedback_pct"});
    }
  });
  if (!have_kind) {
    ctx.attempt([&] {
      ctx.fail(node, key,
               "give kind (" + join_list({kBlockKindNames.begin(), kBlockKindNames.end()}) + ")");
    });
  }
  if (!r.kind_known) return r;

  const DurationRule rule = duration_rule(b.kind);
  const std::string kind_word(block_kind_name(b.kind));
  const std::string range = range_text(rule.lo, rule.hi) + " s";
  if (duration_s && until_next) {
    ctx.problem_at(key + ".until", "give either duration_s or `until: next`, not both");
  } else if (until_next && !rule.until_next_allowed) {
    ctx.problem_at(key + ".until",
                   "a " + kind_word + " block needs duration_s (" + range + "): " + rule.why);
  } else if (!have_duration_key && !until_next) {
    ctx.attempt([&] {
      ctx.fail(node, key,
               "give duration_s (" + range + ")" +
                   (rule.until_next_allowed ? " or `until: next` (until the clinician moves on)"
                                            : ": " + std::string(rule.why)));
    });
  }
  if (duration_s && !until_next) {
    if (!(*duration_s >= rule.lo && *duration_s <= rule.hi)) {
      const std::string k = key + ".duration_s";
      ctx.problem_at(k, "'" + ctx.typed_text(k) + "' is out of range; use " + range + " for a " +
                            kind_word + " block (" + rule.why + ")");
    } else {
      b.duration_ns = s_to_ns(*duration_s);
    }
  }
  if ((b.kind == BlockKind::kTare || b.kind == BlockKind::kStatic) && b.speed_kmh &&
      *b.speed_kmh > 0) {
    const std::string k = key + ".speed_kmh";
    ctx.problem_at(k, "'" + ctx.typed_text(k) + "' km/h: the belt stands still in a " + kind_word +
                          " block; give 0 or leave it out");
  }
  if (!b.cue_preset.empty() && b.kind != BlockKind::kRetraining) {
    ctx.problem_at(key + ".cue_preset",
                   "cues are on only in retraining blocks, not in a " + kind_word +
                       " block; move it to a retraining block or leave it out");
  }
  if (b.feedback_pct && b.kind != BlockKind::kRetraining) {
    ctx.problem_at(key + ".feedback_pct",
                   "feedback is given only in retraining blocks, not in a " + kind_word +
                       " block; move it to a retraining block or leave it out");
  }
  if (!have_name) b.name = std::string(default_block_name(b.kind));
  return r;
}

/// Rules between blocks: one baseline, measured before any cueing; a post-test after retraining.
void check_order(const std::vector<ProtocolBlock>& blocks, const Ctx& ctx) {
  int baseline_line = 0, retraining_line = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const ProtocolBlock& b = blocks[i];
    const std::string key = "blocks[" + std::to_string(i) + "].kind";
    if (b.kind == BlockKind::kBaseline) {
      if (baseline_line > 0) {
        ctx.problem_at(key, "a second baseline block (the first is on line " +
                                std::to_string(baseline_line) +
                                "); a protocol has one reference — measure again with post_test");
      } else if (retraining_line > 0) {
        ctx.problem_at(key, "a baseline after retraining (line " + std::to_string(retraining_line) +
                                ") measures the retrained gait; put it before the first "
                                "retraining block, or use post_test");
      }
      if (baseline_line == 0) baseline_line = b.line;
    } else if (b.kind == BlockKind::kRetraining) {
      if (retraining_line == 0) retraining_line = b.line;
    } else if (b.kind == BlockKind::kPostTest && retraining_line == 0) {
      ctx.problem_at(key,
                     "a post_test measures the runner after retraining; put a retraining block "
                     "before it (or make this one a baseline or free block)");
    }
  }
}

}  // namespace

Protocol parse_protocol(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) {
    ctx.fail(root, "(top level)", "expected name:, description:, blocks: (see docs/protocols.md)");
  }
  Protocol p;
  p.source = source;
  bool have_blocks = false;
  bool every_kind_read = false;  // the order rules need the whole list
  ctx.each(root, "", [&](const Entry& e) {
    if (e.name == "name") {
      p.name = line_text(e.value, e.key, lim::kMaxNameChars, ctx);
      if (p.name.empty()) ctx.fail(e.value, e.key, "empty; give a name or leave the line out");
    } else if (e.name == "description") {
      p.description = ctx.text(e.value, e.key);
    } else if (e.name == "blocks") {
      have_blocks = true;
      if (!e.value.IsSequence() || e.value.size() == 0) {
        ctx.fail(e.value.IsNull() ? e.at : e.value, e.key,
                 "expected a list of blocks, e.g. [{kind: baseline, duration_s: 120}]");
      }
      if (e.value.size() > lim::kMaxBlocks) {
        ctx.fail(
            e.value, e.key,
            std::to_string(e.value.size()) + " blocks; at most " + std::to_string(lim::kMaxBlocks));
      }
      for (std::size_t i = 0; i < e.value.size(); ++i) {
        ctx.attempt([&] {
          ReadBlock r = parse_block(e.value[i], i, ctx);
          if (r.kind_known) p.blocks.push_back(std::move(r.block));
        });
      }
      every_kind_read = p.blocks.size() == e.value.size();
    } else {
      unknown(ctx, e, {"name", "description", "blocks"});
    }
  });
  if (!have_blocks) {
    ctx.attempt([&] {
      ctx.fail(root, "blocks", "a protocol needs at least one block (see docs/protocols.md)");
    });
  }
  // The order rules are judged only when every block's kind was read: with one unknown, "post_test
  // before retraining" could be that block's fault.
  if (every_kind_read) check_order(p.blocks, ctx);
  ctx.finish();
  if (p.name.empty()) p.name = fs::path(source).stem().string();
  return p;
}

Protocol load_protocol(const fs::path& file) {
  const std::string text = read_settings_text<ProtocolFileError>(
      file, "protocol file", "the shipped ones are in config/protocols");
  return parse_protocol(text, file.filename().string());
}

fs::path default_protocol_dir() {
  return STRIDECUE_SHIPPED_DIR("protocols");
}

std::vector<std::string> list_protocols(const fs::path& dir) {
  return yaml_names(dir);
}

fs::path find_protocol(std::string_view name_or_path, const fs::path& dir) {
  if (auto found = find_yaml(name_or_path, dir)) return *found;
  const std::string known = join_list(list_protocols(dir));
  throw ProtocolFileError(
      "protocol '" + printable(name_or_path) + "' not found in " + dir.string() +
      (known.empty() ? std::string(" (no protocols there)") : "; shipped protocols: " + known) +
      "; or give the path of a protocol file");
}

}  // namespace stridecue::config
