// Cue preset files: the shipped presets load with the rules they promise and pass the cue
// engine's own check; every target form reads into the CueTarget it means; every mistake is
// refused at its line with the setting and the fix, all of a file's mistakes at once; the rows
// of docs/validation.md's "Cue preset file" table hold in the loader.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include "stridecue/config/preset_file.hpp"
#include "stridecue/config/protocol.hpp"

using namespace stridecue;
using namespace stridecue::config;
using namespace stridecue::processing;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(STRIDECUE_SOURCE_DIR) / "config" / "presets";

std::string error_of(const std::string& yaml) {
  try {
    parse_preset(yaml, "p.yaml");
  } catch (const PresetFileError& e) {
    return e.what();
  }
  return "(no error)";
}

/// `error` holds `want`; on failure, shows both.
void expect_has(const std::string& error, const std::string& want) {
  EXPECT_NE(error.find(want), std::string::npos) << "want: " << want << "\ngot:  " << error;
}

/// Every line of `error` starts with the file, a line and a column.
void expect_every_line_placed(const std::string& error, const std::string& yaml) {
  std::istringstream lines(error);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(std::regex_search(line, std::regex(R"(^p\.yaml:[0-9]+:[0-9]+: )")))
        << "no line:col in: " << line << "\nfor:\n"
        << yaml;
  }
}

/// A file with one rule: its name and then `body` (lines indented by four spaces).
std::string one_rule(const std::string& body) {
  return "rules:\n  - name: r\n" + body;
}

const std::string kStep = "    metric: pelvic_drop_deg\n    target: {max: 6}\n";

}  // namespace

// ---- the shipped presets ------------------------------------------------------------------

TEST(PresetFile, ShippedPresetsLoadAndPassTheEngineCheck) {
  const auto names = list_presets(kDir);
  for (const char* want :
       {"assessment", "cadence-plus-10", "cadence-plus-5", "even-loading", "hips-under-you",
        "level-hips", "level-hips-faded", "neutral-pelvis", "soft-landing"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  for (const auto& name : names) {  // the ones above and any other shipped preset
    SCOPED_TRACE(name);
    const CuePreset p = load_preset(find_preset(name, kDir));
    EXPECT_EQ(p.name, name);
    EXPECT_EQ(p.source, name + ".yaml");
    EXPECT_FALSE(p.description.empty());
    EXPECT_EQ(preset_problems(p), "");
    for (const auto& r : p.rules) {
      EXPECT_FALSE(r.words.empty()) << r.name;
      EXPECT_LE(r.words.size(), kMaxCueWords) << r.name;
    }
    // Every shipped file opens with a comment saying what it treats and why.
    std::ifstream in(kDir / (name + ".yaml"));
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first.rfind("# ", 0), 0u) << "starts with: " << first;
  }
  EXPECT_EQ(find_preset("level-hips.yaml", kDir), kDir / "level-hips.yaml");
  EXPECT_EQ(find_preset((kDir / "level-hips.yaml").string(), kDir), kDir / "level-hips.yaml");
  if (std::getenv("STRIDECUE_CONFIG_DIR") == nullptr) {
    EXPECT_EQ(fs::weakly_canonical(default_preset_dir()), fs::weakly_canonical(kDir));
  }
}

TEST(PresetFile, AssessmentMeasuresOnly) {
  const CuePreset p = load_preset(kDir / "assessment.yaml");
  EXPECT_TRUE(p.rules.empty());
  EXPECT_EQ(p.metronome_pct, 0);
}

TEST(PresetFile, LevelHipsCuesPelvicDropAboveSixDegrees) {
  const CuePreset p = load_preset(kDir / "level-hips.yaml");
  ASSERT_EQ(p.rules.size(), 1u);
  const CueRule& r = p.rules[0];
  EXPECT_EQ(r.metric, StepMetric::kPelvicDropDeg);
  EXPECT_EQ(r.value, CueValueKind::kStep);
  EXPECT_EQ(r.sides, CueSides::kBoth);
  EXPECT_EQ(r.target.ref, TargetRef::kAbsolute);
  EXPECT_EQ(r.target.high, 6);
  EXPECT_TRUE(std::isinf(r.target.low));
  EXPECT_EQ(r.persist_k, 3u);
  EXPECT_EQ(r.persist_n, 4u);
  EXPECT_EQ(r.words, "Level your hips");
  EXPECT_EQ(r.praise, "Hips level, good");
  EXPECT_EQ(r.modalities, kCueText | kCueSpeech);
  EXPECT_EQ(p.schedule.kind, ScheduleKind::kBandwidth);
}

TEST(PresetFile, LevelHipsFadedWithdrawsFeedbackInSessionsFiveToEight) {
  const CuePreset p = load_preset(kDir / "level-hips-faded.yaml");
  EXPECT_EQ(p.schedule.kind, ScheduleKind::kFaded);
  EXPECT_EQ(p.schedule.fade_cycle_s, 60);
  EXPECT_EQ(p.schedule.feedback_pct_by_session,
            (std::vector<double>{100, 100, 100, 100, 80, 60, 40, 20}));
  for (std::uint32_t s = 1; s <= 4; ++s) EXPECT_EQ(faded_feedback_pct(p.schedule, s), 100);
  EXPECT_EQ(faded_feedback_pct(p.schedule, 8), 20);
  EXPECT_EQ(faded_feedback_pct(p.schedule, 12), 20);
  const CuePreset plain = load_preset(kDir / "level-hips.yaml");
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_EQ(p.rules[0].target.high, plain.rules[0].target.high);
  EXPECT_EQ(p.rules[0].words, plain.rules[0].words);
}

TEST(PresetFile, TheOtherShippedPresetsHoldWhatTheyPromise) {
  const CuePreset tilt = load_preset(kDir / "neutral-pelvis.yaml");
  ASSERT_EQ(tilt.rules.size(), 1u);
  EXPECT_EQ(tilt.rules[0].metric, StepMetric::kTiltMeanDeg);
  EXPECT_EQ(tilt.rules[0].words, "Run tall");

  const CuePreset late = load_preset(kDir / "hips-under-you.yaml");
  ASSERT_EQ(late.rules.size(), 1u);
  EXPECT_EQ(late.rules[0].metric, StepMetric::kLateStanceTiltGainDeg);
  EXPECT_EQ(late.rules[0].words, "Hips under you");

  const CuePreset even = load_preset(kDir / "even-loading.yaml");
  ASSERT_GE(even.rules.size(), 1u);
  EXPECT_EQ(even.rules[0].metric, StepMetric::kPeakVgrfBw);
  for (const auto& r : even.rules) {
    EXPECT_EQ(r.value, CueValueKind::kSymmetry) << r.name;
    EXPECT_TRUE(r.target.from_table) << r.name;
    EXPECT_EQ(r.words, "Even out your steps");
  }

  const CuePreset soft = load_preset(kDir / "soft-landing.yaml");
  ASSERT_EQ(soft.rules.size(), 1u);
  EXPECT_EQ(soft.rules[0].metric, StepMetric::kValrBwS);
  EXPECT_EQ(soft.rules[0].target.ref, TargetRef::kBaselinePct);
  EXPECT_EQ(soft.rules[0].target.high, 80);
  EXPECT_EQ(soft.rules[0].words, "Land softer");

  for (const auto& [name, metronome, min_pct] :
       {std::tuple{"cadence-plus-5", 105.0, 103.0}, std::tuple{"cadence-plus-10", 110.0, 108.0}}) {
    const CuePreset c = load_preset(kDir / (std::string(name) + ".yaml"));
    EXPECT_EQ(c.metronome_pct, metronome) << name;
    ASSERT_EQ(c.rules.size(), 1u);
    EXPECT_EQ(c.rules[0].metric, StepMetric::kCadenceSpm);
    EXPECT_EQ(c.rules[0].target.ref, TargetRef::kBaselinePct);
    EXPECT_EQ(c.rules[0].target.low, min_pct) << name;
    EXPECT_TRUE(std::isinf(c.rules[0].target.high));
    EXPECT_EQ(c.rules[0].words, "Quick feet");
  }
}

TEST(PresetFile, TheEightSessionProtocolNamesTheFadedPreset) {
  const fs::path file =
      fs::path(STRIDECUE_SOURCE_DIR) / "config" / "protocols" / "clinic-8-session.yaml";
  const Protocol protocol = load_protocol(file);
  std::size_t retraining = 0;
  for (const auto& b : protocol.blocks) {
    if (b.kind != BlockKind::kRetraining) continue;
    ++retraining;
    EXPECT_EQ(b.cue_preset, "level-hips-faded");
    EXPECT_EQ(load_preset(find_preset(b.cue_preset, kDir)).schedule.kind, ScheduleKind::kFaded);
  }
  EXPECT_EQ(retraining, 1u);
  EXPECT_NE(protocol.description.find("8-session"), std::string::npos);
}

// ---- what a file says is what the preset holds --------------------------------------------

TEST(PresetFile, DefaultsWhenAFileSaysLittle) {
  const CuePreset p = parse_preset(one_rule(kStep), "my-preset.yaml");
  EXPECT_EQ(p.name, "my-preset");  // the file's stem
  EXPECT_EQ(p.source, "my-preset.yaml");
  EXPECT_EQ(p.schedule.kind, ScheduleKind::kBandwidth);
  EXPECT_EQ(p.max_per_minute, 6u);
  EXPECT_EQ(p.min_gap_s, 3);
  EXPECT_EQ(p.metronome_pct, 0);
  ASSERT_EQ(p.rules.size(), 1u);
  const CueRule& r = p.rules[0];
  EXPECT_EQ(r.value, CueValueKind::kStep);
  EXPECT_EQ(r.sides, CueSides::kBoth);
  EXPECT_EQ(r.persist_k, 3u);
  EXPECT_EQ(r.persist_n, 4u);
  EXPECT_EQ(r.cooldown_s, 10);
  EXPECT_EQ(r.cooldown_steps, 0u);
  EXPECT_EQ(r.priority, 5);
  EXPECT_EQ(r.words, default_cue_words(CueValueKind::kStep, StepMetric::kPelvicDropDeg));
  EXPECT_EQ(r.praise, "");
  EXPECT_EQ(r.modalities, kCueText | kCueSpeech);
  // A symmetry rule's default words, and no target: the table's threshold.
  const CuePreset s =
      parse_preset("rules:\n  - {name: s, metric: contact_ms, value: symmetry}\n", "s.yaml");
  EXPECT_EQ(s.rules[0].words, "Even out your steps");
  EXPECT_TRUE(s.rules[0].target.from_table);
}

TEST(PresetFile, EveryKeyIsRead) {
  const CuePreset p = parse_preset(R"(name: Every_key-1
description: |
  two
  lines
schedule: {kind: summary, every_strides: 25}
max_per_minute: 12
min_gap_s: 1.5
metronome_pct: 80
rules:
  - name: left-only
    metric: contact_ms
    value: step
    side: left
    target: {min: 180, max: 320}
    persist: 2 of 7
    cooldown_s: 0
    cooldown_steps: 40
    priority: 9
    words: Quick off the ground
    praise: Better
    modalities: [tone]
  - name: pelvis-sym
    metric: pelvic_drop_deg
    value: symmetry
    target: {max_si_pct: 25}
    window_steps: 64
    modalities: [speech, text, tone]
)",
                                   "x.yaml");
  EXPECT_EQ(p.name, "Every_key-1");
  EXPECT_EQ(p.description, "two\nlines\n");
  EXPECT_EQ(p.schedule.kind, ScheduleKind::kSummary);
  EXPECT_EQ(p.schedule.summary_strides, 25u);
  EXPECT_EQ(p.max_per_minute, 12u);
  EXPECT_EQ(p.min_gap_s, 1.5);
  EXPECT_EQ(p.metronome_pct, 80);
  ASSERT_EQ(p.rules.size(), 2u);
  const CueRule& a = p.rules[0];
  EXPECT_EQ(a.name, "left-only");
  EXPECT_EQ(a.metric, StepMetric::kContactMs);
  EXPECT_EQ(a.sides, CueSides::kLeft);
  EXPECT_EQ(a.target.low, 180);
  EXPECT_EQ(a.target.high, 320);
  EXPECT_EQ(a.persist_k, 2u);
  EXPECT_EQ(a.persist_n, 7u);
  EXPECT_EQ(a.cooldown_s, 0);
  EXPECT_EQ(a.cooldown_steps, 40u);
  EXPECT_EQ(a.priority, 9);
  EXPECT_EQ(a.words, "Quick off the ground");
  EXPECT_EQ(a.praise, "Better");
  EXPECT_EQ(a.modalities, kCueTone);
  const CueRule& b = p.rules[1];
  EXPECT_EQ(b.value, CueValueKind::kSymmetry);
  EXPECT_FALSE(b.target.from_table);
  EXPECT_EQ(b.target.high, 25);
  EXPECT_EQ(b.window_steps, 64u);
  EXPECT_EQ(b.modalities, kCueText | kCueTone | kCueSpeech);
  EXPECT_EQ(preset_problems(p), "");
}

TEST(PresetFile, EveryTargetFormReadsIntoWhatItMeans) {
  const double none = kNoBound;
  struct Case {
    std::string rule;  // value, metric and target lines
    TargetRef ref;
    double low, high;
    bool from_table;
  };
  const std::vector<Case> cases = {
      {"metric: pelvic_drop_deg, target: {max: 5}", TargetRef::kAbsolute, -none, 5, false},
      {"metric: cadence_spm, target: {min: 170}", TargetRef::kAbsolute, 170, none, false},
      {"metric: contact_ms, target: {min: 200, max: 300}", TargetRef::kAbsolute, 200, 300, false},
      {"metric: valr_bw_s, target: {max_pct_of_baseline: 80}", TargetRef::kBaselinePct, -none, 80,
       false},
      {"metric: cadence_spm, target: {min_pct_of_baseline: 103, max_pct_of_baseline: 110}",
       TargetRef::kBaselinePct, 103, 110, false},
      {"metric: tilt_mean_deg, target: {max_sd_from_baseline: 1}", TargetRef::kBaselineSd, -none, 1,
       false},
      {"metric: step_ms, target: {min_sd_from_baseline: -1}", TargetRef::kBaselineSd, -1, none,
       false},
      {"metric: step_ms, target: {min_sd_from_baseline: -1.5, max_sd_from_baseline: 2}",
       TargetRef::kBaselineSd, -1.5, 2, false},
      {"metric: peak_vgrf_bw, value: symmetry, target: {max_si_pct: 10}", TargetRef::kAbsolute,
       -none, 10, false},
      {"metric: pelvic_drop_deg, value: symmetry, target: {max_si_pct: 30}", TargetRef::kAbsolute,
       -none, 30, false},
      {"metric: peak_vgrf_bw, value: symmetry, target: table", TargetRef::kAbsolute, -none, none,
       true},
      {"metric: valr_bw_s, value: symmetry", TargetRef::kAbsolute, -none, none, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule);
    const CuePreset p = parse_preset("rules:\n  - {name: r, " + c.rule + "}\n", "t.yaml");
    ASSERT_EQ(p.rules.size(), 1u);
    const CueTarget& t = p.rules[0].target;
    EXPECT_EQ(t.ref, c.ref);
    EXPECT_EQ(t.low, c.low);
    EXPECT_EQ(t.high, c.high);
    EXPECT_EQ(t.from_table, c.from_table);
    EXPECT_EQ(preset_problems(p), "");
  }
}

TEST(PresetFile, ScheduleForms) {
  for (const auto& [text, kind] :
       {std::pair{"continuous", ScheduleKind::kContinuous},
        std::pair{"bandwidth", ScheduleKind::kBandwidth},
        std::pair{"summary", ScheduleKind::kSummary}, std::pair{"faded", ScheduleKind::kFaded},
        std::pair{"{kind: faded}", ScheduleKind::kFaded}}) {
    const CuePreset p = parse_preset(std::string("schedule: ") + text + "\nrules: []\n", "s.yaml");
    EXPECT_EQ(p.schedule.kind, kind) << text;
  }
  const CuePreset f = parse_preset(
      "schedule:\n  kind: faded\n  cycle_s: 120\n  feedback_pct_by_session: [100, 50, 0]\n"
      "rules: []\n",
      "f.yaml");
  EXPECT_EQ(f.schedule.fade_cycle_s, 120);
  EXPECT_EQ(f.schedule.feedback_pct_by_session, (std::vector<double>{100, 50, 0}));
}

// ---- mistakes -----------------------------------------------------------------------------

TEST(PresetFile, EveryMistakeOfAFileAtOnceInFileOrder) {
  const std::string yaml = R"(name: hips
max_per_minute: 0
rules:
  - name: a
    metric: pelvic_drop_deg
    target: {max: 6}
    persist: 5 of 4
  - name: b
    metric: pelvic_drop
    words: Level your hips, squeeze your glutes, run tall
  - name: c
    metric: cadence_spm
    target: {min: 180, max: 170}
)";
  const std::string error = error_of(yaml);
  expect_every_line_placed(error, yaml);
  const std::vector<std::string> want = {
      "p.yaml:2:17: max_per_minute: '0' is not a whole number within 1..60",
      "p.yaml:7:14: rules[0].persist: '5 of 4' is not usable; use k of n with 1 <= k <= n <= 32",
      "p.yaml:9:13: rules[1].metric: 'pelvic_drop' is not a step metric; did you mean "
      "pelvic_drop_deg?",
      "p.yaml:10:12: rules[1].words: 'Level your hips, squeeze your glutes, run tall' is 46 bytes",
      "p.yaml:13:13: rules[2].target: min 180 is above max 170",
  };
  std::istringstream lines(error);
  std::vector<std::string> got;
  for (std::string l; std::getline(lines, l);) got.push_back(l);
  ASSERT_EQ(got.size(), want.size()) << error;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].rfind(want[i], 0), 0u) << "want: " << want[i] << "\ngot:  " << got[i];
  }
}

TEST(PresetFile, UnknownSettingsGetASuggestionAndTheList) {
  expect_has(error_of("rule: []\n"),
             "p.yaml:1:1: rule: unknown setting; did you mean rules? (settings: name, description, "
             "schedule, max_per_minute, min_gap_s, metronome_pct, rules)");
  expect_has(error_of(one_rule(kStep + "    cooldown: 5\n")),
             "p.yaml:5:5: rules[0].cooldown: unknown setting; did you mean cooldown_s?");
  expect_has(
      error_of(one_rule("    metric: valr_bw_s\n    target: {max_pct_baseline: 80}\n")),
      "rules[0].target.max_pct_baseline: unknown setting; did you mean max_pct_of_baseline?");
  expect_has(error_of("schedule: {kind: faded, cycles_s: 60}\nrules: []\n"),
             "schedule.cycles_s: unknown setting; did you mean cycle_s?");
}

/// Broken preset files, each refused with the mistake named at its line. The table covers every
/// rule of docs/validation.md's "Cue preset file" section that a number range does not.
TEST(PresetFile, BrokenFilesAreRefusedWithTheRightMessage) {
  const std::string sym = "    metric: peak_vgrf_bw\n    value: symmetry\n";
  std::string nine_rules = "rules:\n";
  for (int i = 0; i < 9; ++i) {
    nine_rules +=
        "  - {name: r" + std::to_string(i) + ", metric: contact_ms, target: {max: 300}}\n";
  }
  std::string sessions_33 = "[";  // one more session than a faded schedule takes
  for (int i = 0; i < 33; ++i) sessions_33 += (i ? ", " : "") + std::string("50");
  sessions_33 += "]";
  struct Case {
    std::string yaml, want;
  };
  const std::vector<Case> cases = {
      // rules[].metric, value, side
      {one_rule("    metric: pelvis_drop_deg\n    target: {max: 6}\n"),
       "p.yaml:3:13: rules[0].metric: 'pelvis_drop_deg' is not a step metric; did you mean "
       "pelvic_drop_deg?"},
      {one_rule("    target: {max: 6}\n"), "rules[0]: give metric (contact_ms, "},
      {"rules:\n  - {metric: contact_ms, target: {max: 300}}\n", "rules[0]: give name"},
      {one_rule("    metric: contact_ms\n    value: symetry\n"),
       "rules[0].value: 'symetry' is not a value kind; did you mean symmetry?"},
      {one_rule(kStep + "    side: middle\n"), "rules[0].side: 'middle' is not a side"},
      {one_rule(sym + "    side: left\n"),
       "p.yaml:5:11: rules[0].side: a symmetry rule compares both sides; leave side out"},
      // persist
      {one_rule(kStep + "    persist: 5 of 4\n"),
       "p.yaml:5:14: rules[0].persist: '5 of 4' is not usable; use k of n with 1 <= k <= n <= 32"},
      {one_rule(kStep + "    persist: 0 of 3\n"), "rules[0].persist: '0 of 3' is not usable"},
      {one_rule(kStep + "    persist: 3 of 40\n"), "rules[0].persist: '3 of 40' is not usable"},
      {one_rule(kStep + "    persist: 3\n"), "rules[0].persist: '3' is not k of n; use k of n"},
      {one_rule(kStep + "    persist: three of four\n"), "'three of four' is not k of n"},
      // targets
      {one_rule("    metric: pelvic_drop_deg\n"),
       "p.yaml:2:5: rules[0]: give target: a step rule cues when pelvic_drop_deg is outside it"},
      {one_rule("    metric: pelvic_drop_deg\n    target: {min: 8, max: 4}\n"),
       "p.yaml:4:13: rules[0].target: min 8 is above max 4; nothing would be inside the target"},
      {one_rule("    metric: valr_bw_s\n    target: {max: 60, max_pct_of_baseline: 80}\n"),
       "rules[0].target: mixes max and max_pct_of_baseline; a target reads all its bounds one way"},
      {one_rule("    metric: valr_bw_s\n    target: {min: 1, max_sd_from_baseline: 2}\n"),
       "rules[0].target: mixes min and max_sd_from_baseline"},
      {one_rule("    metric: valr_bw_s\n    target: {max_pct_of_baseline: 0}\n"),
       "p.yaml:4:35: rules[0].target.max_pct_of_baseline: '0' is out of range; a % of the "
       "runner's baseline mean is above 0"},
      {one_rule("    metric: valr_bw_s\n    target: {min_pct_of_baseline: -20}\n"),
       "rules[0].target.min_pct_of_baseline: '-20' is out of range"},
      {one_rule("    metric: tilt_mean_deg\n    target: {max_sd_from_baseline: 11}\n"),
       "rules[0].target.max_sd_from_baseline: '11' is out of range; use -10 .. 10 SD"},
      {one_rule(sym + "    target: {max_pct_of_baseline: 80}\n"),
       "rules[0].target: max_pct_of_baseline is for step rules; a symmetry rule's target is the "
       "|symmetry index| in %: {max_si_pct: 10} or table"},
      {one_rule(sym + "    target: {max: 10}\n"), "rules[0].target: max is for step rules"},
      {one_rule(sym + "    target: {max_si_pct: 0}\n"),
       "rules[0].target.max_si_pct: '0' is out of range"},
      {one_rule("    metric: contact_ms\n    target: {max_si_pct: 10}\n"),
       "rules[0].target: max_si_pct is for symmetry rules (value: symmetry)"},
      {one_rule("    metric: pelvic_drop_deg\n    value: symmetry\n    target: table\n"),
       "p.yaml:5:13: rules[0].target: 'table': pelvic_drop_deg is not in the symmetry table"},
      {one_rule("    metric: pelvic_drop_deg\n    value: symmetry\n"),
       "rules[0]: no target, so the table's; pelvic_drop_deg is not in the symmetry table"},
      {one_rule("    metric: pelvic_drop_deg\n    target: table\n"),
       "rules[0].target: 'table' is the symmetry table's threshold, for symmetry rules"},
      {one_rule("    metric: pelvic_drop_deg\n    target: 5\n"),
       "rules[0].target: '5' is not a target; write bounds such as {max: 5}"},
      {one_rule("    metric: pelvic_drop_deg\n    target: {}\n"), "rules[0].target: no bound"},
      // window_steps
      {one_rule("    metric: pelvic_drop_deg\n    value: symmetry\n    target: {max_si_pct: "
                "20}\n    window_steps: 21\n"),
       "p.yaml:6:19: rules[0].window_steps: '21' is odd; use an even number"},
      {one_rule(sym + "    window_steps: 20\n"),
       "rules[0].window_steps: peak_vgrf_bw symmetry comes from the symmetry table"},
      {one_rule(kStep + "    window_steps: 20\n"),
       "rules[0].window_steps: only symmetry rules gather a window of steps"},
      // words, praise, modalities
      {one_rule(kStep + "    words: \"\"\n"),
       "p.yaml:5:12: rules[0].words: empty; give the runner 1 to 40 bytes"},
      {one_rule(kStep + "    words: " + std::string(41, 'a') + "\n"),
       "rules[0].words: '" + std::string(41, 'a') + "' is 41 bytes; at most 40"},
      {one_rule(kStep + "    words: \"Level\\nyour hips\"\n"),
       "rules[0].words: 'Level\\x0Ayour hips' runs over several lines; the runner's words are one "
       "line"},
      {one_rule(kStep + "    words: \"Level your hips\n    praise: ok\n"),
       "is a closing quote missing?"},
      {one_rule(kStep + "    words: \"Level\\tyour hips\"\n"),
       "rules[0].words: 'Level\\x09your hips' holds a control character"},
      {one_rule(kStep + "    praise: Your hips are level now, that is very good\n"),
       "rules[0].praise: 'Your hips are level now, that is very good' is 42 bytes; at most 40"},
      {one_rule(kStep + "    modalities: []\n"),
       "p.yaml:5:17: rules[0].modalities: empty; name one or more of text, tone, speech"},
      {one_rule(kStep + "    modalities: [text, vibrate]\n"),
       "rules[0].modalities[1]: 'vibrate' is not a modality (modalities: text, tone, speech)"},
      {one_rule(kStep + "    modalities: [speach]\n"),
       "rules[0].modalities[0]: 'speach' is not a modality; did you mean speech?"},
      {one_rule(kStep + "    modalities: [text, text]\n"),
       "rules[0].modalities[1]: 'text' named twice"},
      {one_rule(kStep + "    modalities: speech\n"), "rules[0].modalities: expected a list"},
      // numbers of a rule
      {one_rule(kStep + "    priority: 0\n"),
       "p.yaml:5:15: rules[0].priority: '0' is not a whole number within 1..9"},
      {one_rule(kStep + "    priority: 10\n"), "rules[0].priority: '10' is not a whole number"},
      {one_rule(kStep + "    cooldown_s: -1\n"),
       "rules[0].cooldown_s: '-1' is out of range; use 0 .. 600 s"},
      {one_rule(kStep + "    cooldown_s: 601\n"),
       "rules[0].cooldown_s: '601' is out of range; use 0 .. 600 s"},
      {one_rule(kStep + "    cooldown_steps: 1001\n"),
       "rules[0].cooldown_steps: '1001' is not a whole number within 0..1000"},
      // names and the list of rules
      {"rules:\n  - {name: a, metric: contact_ms, target: {max: 300}}\n"
       "  - {name: a, metric: step_ms, target: {max: 400}}\n",
       "p.yaml:3:12: rules[1].name: 'a' names the rule on line 2 too; give each rule its own name"},
      {"rules:\n  - {name: level hips, metric: contact_ms, target: {max: 300}}\n",
       "rules[0].name: 'level hips' is not a name"},
      {"rules:\n  - {name: " + std::string(32, 'r') + ", metric: contact_ms, target: {max: 1}}\n",
       "is not a name; use 1 to 31 letters, digits, - and _"},
      {nine_rules, "p.yaml:2:3: rules: 9 rules; at most 8"},
      {"rules: {name: a}\n", "p.yaml:1:8: rules: expected a list of rules"},
      {"rules:\n", "rules: expected a list of rules"},
      {"rules: [level-hips]\n",
       "p.yaml:1:9: rules[0]: expected a mapping of settings (key: value)"},
      {"name: hips\n", "p.yaml:1:1: rules: give rules: a list of cue rules, or [] to measure"},
      // schedule
      {"schedule: bandwith\nrules: []\n",
       "p.yaml:1:11: schedule: 'bandwith' is not a schedule; did you mean bandwidth? (schedules: "
       "continuous, bandwidth, summary, faded)"},
      {"schedule: {every_strides: 10}\nrules: []\n", "schedule: give kind (continuous,"},
      {"schedule: {kind: summary, every_strides: 0}\nrules: []\n",
       "schedule.every_strides: '0' is not a whole number within 1..200"},
      {"schedule: {kind: bandwidth, every_strides: 10}\nrules: []\n",
       "schedule.every_strides: is for kind: summary; leave it out of a bandwidth schedule"},
      {"schedule: {kind: summary, cycle_s: 60}\nrules: []\n",
       "schedule.cycle_s: is for kind: faded; leave it out of a summary schedule"},
      {"schedule:\n  kind: faded\n  feedback_pct_by_session: [100, 80, 101]\nrules: []\n",
       "p.yaml:3:38: schedule.feedback_pct_by_session[2]: '101' is out of range; use 0 .. 100 %"},
      {"schedule:\n  kind: faded\n  feedback_pct_by_session: []\nrules: []\n",
       "schedule.feedback_pct_by_session: empty; give 1 to 32 percentages"},
      {"schedule: {kind: faded, feedback_pct_by_session: " + sessions_33 + "}\nrules: []\n",
       "schedule.feedback_pct_by_session: 33 sessions; give 1 to 32 percentages"},
      {"schedule: {kind: faded, cycle_s: 5}\nrules: []\n",
       "schedule.cycle_s: '5' is out of range; use 10 .. 1800 s"},
      // top level
      {"metronome_pct: 50\nrules: []\n",
       "p.yaml:1:16: metronome_pct: '50' is out of range; use 80 .. 130 % of the runner's "
       "preferred cadence, or 0 for no metronome"},
      {"max_per_minute: 0\nrules: []\n", "max_per_minute: '0' is not a whole number within 1..60"},
      {"min_gap_s: nan\nrules: []\n", "p.yaml:1:12: min_gap_s: 'nan' is not a finite number"},
      {"name: level hips\nrules: []\n",
       "p.yaml:1:7: name: 'level hips' is not a name; use 1 to 31 letters, digits, - and _"},
      {"rules: []\n---\nrules: []\n",
       "(document 2): a second YAML document (after ---) would be ignored"},
      {"rulez: []\n", "p.yaml:1:1: rulez: unknown setting; did you mean rules?"},
      {"- rules\n", "p.yaml:1:1: (top level): expected name:, description:, schedule:, rules:"},
      {"rules: []\nrules: []\n", "rules: written twice (first on line 1); keep one"},
  };
  EXPECT_GE(cases.size(), 30u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    const std::string error = error_of(c.yaml);
    expect_has(error, c.want);
    expect_every_line_placed(error, c.yaml);
  }
}

TEST(PresetFile, FilesThatAreNotPresetFilesAreRefusedWithTheFix) {
  const fs::path dir = fs::temp_directory_path() / ("preset_file_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  EXPECT_THROW(load_preset(dir / "missing.yaml"), PresetFileError);
  try {
    load_preset(dir);
    ADD_FAILURE() << "a directory was read";
  } catch (const PresetFileError& e) {
    expect_has(e.what(), "is not a regular file");
  }
  {
    std::ofstream big(dir / "big.yaml");
    big << std::string((1 << 20) + 1, '#');
  }
  try {
    load_preset(dir / "big.yaml");
    ADD_FAILURE() << "a file over 1 MiB was read";
  } catch (const PresetFileError& e) {
    expect_has(e.what(), "at most 1 MiB");
  }
  {
    std::ofstream bad(dir / "bad.yaml");
    bad << "rules:\n  - {name: a, metric: contact_ms, persist: 4 of 3, target: {max: 300}}\n";
  }
  try {
    load_preset(dir / "bad.yaml");
    ADD_FAILURE() << "a bad file was read";
  } catch (const PresetFileError& e) {
    expect_has(e.what(), "bad.yaml:2:44: rules[0].persist: '4 of 3' is not usable");
  }
  try {
    find_preset("level-hipz", kDir);
    ADD_FAILURE() << "an unknown name was found";
  } catch (const PresetFileError& e) {
    expect_has(e.what(), "cue preset 'level-hipz' not found in");
    expect_has(e.what(), "shipped presets: assessment, ");
  }
  EXPECT_EQ(find_preset("no/such/preset.yaml", kDir), fs::path("no/such/preset.yaml"));
  EXPECT_EQ(list_presets(dir), (std::vector<std::string>{"bad", "big"}));
  fs::remove_all(dir);
}

// ---- docs/validation.md, "Cue preset file" ------------------------------------------------

namespace {

struct DocRule {
  std::string setting, valid, example;
};

std::string read_doc() {
  std::ifstream in(std::string(STRIDECUE_SOURCE_DIR) + "/docs/validation.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<DocRule> preset_rows(const std::string& doc) {
  const auto begin = doc.find("<!-- preset-rules:");
  const auto end = doc.find("<!-- /preset-rules -->");
  std::vector<DocRule> out;
  if (begin == std::string::npos || end == std::string::npos) return out;
  std::istringstream lines(doc.substr(begin, end - begin));
  const std::regex row(R"(^\| `([^`]+)` \| (.+) \| (.+) \|$)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) out.push_back({m[1], m[2], m[3]});
  }
  return out;
}

/// A preset file setting `setting` to `value`, and the key its messages name.
std::pair<std::string, std::string> preset_with(const std::string& setting,
                                                const std::string& value) {
  const std::string target = "rules[].target.";
  if (setting.rfind(target, 0) == 0) {
    const std::string bound = setting.substr(target.size());
    const std::string rule =
        bound == "max_si_pct" ? "metric: pelvic_drop_deg, value: symmetry" : "metric: contact_ms";
    return {"rules:\n  - {name: r, " + rule + ", target: {" + bound + ": " + value + "}}\n",
            "rules[0].target." + bound};
  }
  if (setting.rfind("rules[].", 0) == 0) {
    const std::string field = setting.substr(8);
    const std::string rule = field == "window_steps"
                                 ? "    metric: pelvic_drop_deg\n    value: symmetry\n"
                                   "    target: {max_si_pct: 20}\n"
                                 : kStep;
    return {one_rule(rule + "    " + field + ": " + value + "\n"), "rules[0]." + field};
  }
  if (setting.rfind("schedule.", 0) == 0) {
    std::string field = setting.substr(9);
    const std::string kind = field == "every_strides" ? "summary" : "faded";
    if (field == "feedback_pct_by_session[]") {
      return {"schedule:\n  kind: faded\n  feedback_pct_by_session: [" + value + "]\nrules: []\n",
              "schedule.feedback_pct_by_session[0]"};
    }
    return {"schedule:\n  kind: " + kind + "\n  " + field + ": " + value + "\nrules: []\n",
            "schedule." + field};
  }
  return {setting + ": " + value + "\nrules: []\n", setting};
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

void expect_refused(const std::string& key, const std::string& typed) {
  const auto [yaml, k] = preset_with(key, typed);
  const std::string error = error_of(yaml);
  const std::regex want(
      "p\\.yaml:[0-9]+:[0-9]+: " + std::regex_replace(k, std::regex(R"([.\[\]])"), R"(\$&)") +
      ": '" + std::regex_replace(typed, std::regex(R"([.+])"), R"(\$&)") + "'");
  EXPECT_TRUE(std::regex_search(error, want)) << key << " = " << typed << " gave:\n"
                                              << error << "\nfor:\n"
                                              << yaml;
}

}  // namespace

TEST(PresetFile, EveryDocumentedRuleHoldsInTheLoader) {
  const auto table = preset_rows(read_doc());
  ASSERT_GE(table.size(), 12u);
  const std::regex lohi(R"((-?[0-9.e+]+) \.\. (-?[0-9.e+]+))");
  for (const DocRule& r : table) {
    SCOPED_TRACE(r.setting);
    EXPECT_EQ(error_of(preset_with(r.setting, r.example).first), "(no error)")
        << "the example " << r.example << " is refused";
    expect_refused(r.setting, "nan");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.valid, m, lohi)) << r.valid;
    const double lo = std::stod(m[1]), hi = std::stod(m[2]);
    const double step = r.valid.rfind("whole", 0) == 0 ? 1.0 : (hi - lo) * 0.01;
    expect_refused(r.setting, number(lo - step));
    expect_refused(r.setting, number(hi + step));
    EXPECT_EQ(error_of(preset_with(r.setting, number(hi)).first), "(no error)") << hi;
  }
}

TEST(PresetFile, EverySettingTheLoaderKnowsIsOnThePage) {
  const std::string all = read_doc();
  const auto begin = all.find("## Cue preset file");
  ASSERT_NE(begin, std::string::npos);
  const std::string doc = all.substr(begin, all.find("\n## ", begin + 1) - begin);
  for (const std::string& yaml : std::vector<std::string>{
           "zzz_unknown: 1\nrules: []\n", one_rule(kStep + "    zzz_unknown: 1\n"),
           one_rule("    metric: contact_ms\n    target: {zzz_unknown: 1}\n"),
           "schedule: {kind: faded, zzz_unknown: 1}\nrules: []\n"}) {
    std::smatch m;
    const std::string error = error_of(yaml);
    ASSERT_TRUE(std::regex_search(error, m, std::regex(R"(\(settings: ([a-z_, ]+)\))"))) << error;
    std::istringstream list(m[1].str());
    for (std::string name; std::getline(list, name, ',');) {
      name = name.substr(name.find_first_not_of(' '));
      EXPECT_NE(doc.find("`" + name + "`"), std::string::npos)
          << name << " is read but not in docs/validation.md's cue preset section";
    }
  }
}
