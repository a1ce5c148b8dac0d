// Cue preset files: read with the project's YamlReader like protocol files — every mistake at
// once, each at its file:line:col with the setting, the value as typed and the fix — then checked
// by processing::preset_problems() as well, so the loader and the cue engine never disagree on
// what a usable preset is. The rules and their targets: preset_rule.cpp.
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>

#include "preset_read.hpp"
#include "stridecue/core/config_dir.hpp"

namespace stridecue::config {

namespace fs = std::filesystem;
namespace P = stridecue::processing;

namespace {

using namespace preset_read;
namespace lim = P::preset_limits;

const std::vector<std::string> kScheduleWords = {"continuous", "bandwidth", "summary", "faded"};

P::ScheduleKind schedule_kind(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  const auto it = std::find(kScheduleWords.begin(), kScheduleWords.end(), w);
  if (it == kScheduleWords.end()) {
    ctx.fail(n, key,
             "'" + printable(w) + "' is not a schedule" + suggestion(w, kScheduleWords) +
                 " (schedules: " + join_list(kScheduleWords) + ")");
  }
  return static_cast<P::ScheduleKind>(it - kScheduleWords.begin());  // ScheduleKind order
}

/// The share of feedback time in each of the subject's sessions (a faded schedule), %.
std::vector<double> read_session_pcts(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::string how =
      "1 to " + std::to_string(lim::kMaxSessions) +
      " percentages, one per session, e.g. [100, 100, 100, 100, 80, 60, 40, 20]";
  if (!n.IsSequence()) ctx.fail(n, key, "expected a list of " + how);
  if (n.size() == 0) ctx.fail(n, key, "empty; give " + how);
  if (n.size() > lim::kMaxSessions) {
    ctx.fail(n, key, std::to_string(n.size()) + " sessions; give " + how);
  }
  ctx.remember(n, key);
  std::vector<double> pcts;
  for (std::size_t i = 0; i < n.size(); ++i) {
    ctx.attempt([&] {
      pcts.push_back(ctx.in_range(n[i], key + "[" + std::to_string(i) + "]", 0, 100, "%",
                                  "the share of the block with feedback in that session"));
    });
  }
  return pcts;
}

/// `schedule: bandwidth`, or a map with its kind and the settings of that kind.
P::CueSchedule read_schedule(const Entry& e, const Ctx& ctx) {
  P::CueSchedule s;
  if (e.value.IsScalar()) {
    s.kind = schedule_kind(e.value, e.key, ctx);
    return s;
  }
  if (!e.value.IsMap()) {
    ctx.fail(e.value.IsNull() ? e.at : e.value, e.key,
             "expected " + join_list(kScheduleWords) +
                 ", or a map such as {kind: summary, every_strides: 10}");
  }
  bool have_kind = false, kind_known = false;
  bool have_every = false, have_cycle = false, have_pcts = false;
  ctx.each(e.value, e.key, [&](const Entry& f) {
    if (f.name == "kind") {
      have_kind = true;
      s.kind = schedule_kind(f.value, f.key, ctx);
      kind_known = true;
    } else if (f.name == "every_strides") {
      have_every = true;
      s.summary_strides =
          static_cast<std::uint32_t>(ctx.whole(f.value, f.key, 1, lim::kMaxSummaryStrides));
    } else if (f.name == "cycle_s") {
      have_cycle = true;
      s.fade_cycle_s = ctx.in_range(f.value, f.key, lim::kMinFadeCycleS, lim::kMaxFadeCycleS, "s",
                                    "feedback is on for the first share of every cycle");
    } else if (f.name == "feedback_pct_by_session") {
      have_pcts = true;
      s.feedback_pct_by_session = read_session_pcts(f.value, f.key, ctx);
    } else {
      unknown(ctx, f, {"kind", "every_strides", "cycle_s", "feedback_pct_by_session"});
    }
  });
  if (!have_kind) {
    ctx.attempt([&] { ctx.fail(e.value, e.key, "give kind (" + join_list(kScheduleWords) + ")"); });
  }
  if (!kind_known) return s;
  const std::string kind(P::schedule_kind_name(s.kind));
  const auto only_for = [&](bool have, const char* name, P::ScheduleKind for_kind) {
    if (have && s.kind != for_kind) {
      ctx.problem_at(e.key + "." + name,
                     "is for kind: " + std::string(P::schedule_kind_name(for_kind)) +
                         "; leave it out of a " + kind + " schedule");
    }
  };
  only_for(have_every, "every_strides", P::ScheduleKind::kSummary);
  only_for(have_cycle, "cycle_s", P::ScheduleKind::kFaded);
  only_for(have_pcts, "feedback_pct_by_session", P::ScheduleKind::kFaded);
  return s;
}

/// Keeps what preset_problems() still finds (nothing, when the checks above are complete) at the
/// line of its setting, else at its rule's line.
void report_left_over(const std::string& problems, const std::vector<ReadRule>& rules,
                      const Ctx& ctx) {
  std::istringstream lines(problems);
  for (std::string line; std::getline(lines, line);) {
    const auto colon = line.find(": ");
    const std::string field = line.substr(0, colon);
    const std::string why = colon == std::string::npos ? line : line.substr(colon + 2);
    std::size_t i = 0;
    if (!ctx.find(field) && std::sscanf(field.c_str(), "rules[%zu]", &i) == 1 && i < rules.size()) {
      ctx.problems.push_back(ctx.source + ":" + std::to_string(rules[i].line) + ":" +
                             std::to_string(rules[i].column) + ": " + field + ": " + why);
    } else {
      ctx.problem_at(field, why);
    }
  }
}

/// Puts the kept mistakes in file order (by line, then column): the checks made once a rule or
/// the schedule has been read come after the mistakes of its single settings otherwise.
void sort_by_place(const Ctx& ctx) {
  const auto place = [&](const std::string& m) {
    int line = 0, column = 0;
    if (m.compare(0, ctx.source.size(), ctx.source) == 0) {
      std::sscanf(m.c_str() + ctx.source.size(), ":%d:%d:", &line, &column);
    }
    return std::pair{line, column};
  };
  std::stable_sort(ctx.problems.begin(), ctx.problems.end(),
                   [&](const std::string& a, const std::string& b) { return place(a) < place(b); });
}

}  // namespace

P::CuePreset parse_preset(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) {
    ctx.fail(root, "(top level)",
             "expected name:, description:, schedule:, rules: (see docs/validation.md, \"Cue "
             "preset file\")");
  }
  P::CuePreset p;
  p.source = source;
  bool have_rules = false;
  std::vector<ReadRule> rules;
  ctx.each(root, "", [&](const Entry& e) {
    if (e.name == "name") {
      p.name = name_word(e.value, e.key, ctx);
    } else if (e.name == "description") {
      p.description = ctx.text(e.value, e.key);
    } else if (e.name == "schedule") {
      p.schedule = read_schedule(e, ctx);
    } else if (e.name == "max_per_minute") {
      p.max_per_minute = static_cast<std::uint32_t>(ctx.whole(e.value, e.key, 1, 60));
    } else if (e.name == "min_gap_s") {
      p.min_gap_s = ctx.in_range(e.value, e.key, 0, lim::kMaxMinGapS, "s",
                                 "no message within this long of the previous one");
    } else if (e.name == "metronome_pct") {
      p.metronome_pct = ctx.number(e.value, e.key);
      if (!(p.metronome_pct == 0 || (p.metronome_pct >= lim::kMinMetronomePct &&
                                     p.metronome_pct <= lim::kMaxMetronomePct))) {
        ctx.fail(e.value, e.key,
                 "'" + printable(e.value.Scalar()) +
                     "' is out of range; use 80 .. 130 % of the runner's preferred cadence, or 0 "
                     "for no metronome");
      }
    } else if (e.name == "rules") {
      have_rules = true;
      if (!e.value.IsSequence()) {
        ctx.fail(e.value.IsNull() ? e.at : e.value, e.key,
                 "expected a list of rules, e.g. [{name: level-hips, metric: pelvic_drop_deg, "
                 "target: {max: 6}}], or [] to measure without cues");
      }
      if (e.value.size() > lim::kMaxRules) {
        ctx.fail(e.value, e.key,
                 std::to_string(e.value.size()) + " rules; at most " +
                     std::to_string(lim::kMaxRules) + " (one cue at a time: keep them few)");
      }
      for (std::size_t i = 0; i < e.value.size(); ++i) {
        ctx.attempt([&] { rules.push_back(parse_rule(e.value[i], i, ctx)); });
      }
    } else {
      unknown(ctx, e,
              {"name", "description", "schedule", "max_per_minute", "min_gap_s", "metronome_pct",
               "rules"});
    }
  });
  if (!have_rules) {
    ctx.attempt([&] {
      ctx.fail(root, "rules", "give rules: a list of cue rules, or [] to measure without cues");
    });
  }
  for (std::size_t j = 0; j < rules.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      if (rules[i].have_name && rules[j].have_name && rules[i].rule.name == rules[j].rule.name) {
        ctx.problem_at("rules[" + std::to_string(j) + "].name",
                       "'" + rules[j].rule.name + "' names the rule on line " +
                           std::to_string(rules[i].line) + " too; give each rule its own name");
        break;
      }
    }
  }
  sort_by_place(ctx);
  ctx.finish();
  for (auto& r : rules) p.rules.push_back(std::move(r.rule));
  if (p.name.empty()) p.name = fs::path(source).stem().string();
  report_left_over(P::preset_problems(p), rules, ctx);
  sort_by_place(ctx);
  ctx.finish();
  return p;
}

P::CuePreset load_preset(const fs::path& file) {
  const std::string text = read_settings_text<PresetFileError>(
      file, "cue preset file", "the shipped ones are in config/presets");
  return parse_preset(text, file.filename().string());
}

fs::path default_preset_dir() {
  return STRIDECUE_SHIPPED_DIR("presets");
}

std::vector<std::string> list_presets(const fs::path& dir) {
  return yaml_names(dir);
}

fs::path find_preset(std::string_view name_or_path, const fs::path& dir) {
  if (auto found = find_yaml(name_or_path, dir)) return *found;
  const std::string known = join_list(list_presets(dir));
  throw PresetFileError(
      "cue preset '" + printable(name_or_path) + "' not found in " + dir.string() +
      (known.empty() ? std::string(" (no presets there)") : "; shipped presets: " + known) +
      "; or give the path of a cue preset file");
}

}  // namespace stridecue::config
