#include "stridecue/processing/cue_preset.hpp"

#include <cmath>
#include <set>
#include <sstream>

#include "stridecue/processing/cue_engine.hpp"

namespace stridecue::processing {

std::string_view cue_value_kind_name(CueValueKind kind) noexcept {
  return kind == CueValueKind::kSymmetry ? "symmetry" : "step";
}

std::string_view cue_sides_name(CueSides sides) noexcept {
  switch (sides) {
    case CueSides::kLeft:
      return "left";
    case CueSides::kRight:
      return "right";
    case CueSides::kBoth:
      break;
  }
  return "both";
}

std::string_view target_ref_name(TargetRef ref) noexcept {
  switch (ref) {
    case TargetRef::kBaselinePct:
      return "baseline_pct";
    case TargetRef::kBaselineSd:
      return "baseline_sd";
    case TargetRef::kAbsolute:
      break;
  }
  return "absolute";
}

std::string_view schedule_kind_name(ScheduleKind kind) noexcept {
  switch (kind) {
    case ScheduleKind::kContinuous:
      return "continuous";
    case ScheduleKind::kSummary:
      return "summary";
    case ScheduleKind::kFaded:
      return "faded";
    case ScheduleKind::kBandwidth:
      break;
  }
  return "bandwidth";
}

std::string_view default_cue_words(CueValueKind value, StepMetric metric) noexcept {
  if (value == CueValueKind::kSymmetry) return "Even out your steps";
  switch (metric) {
    case StepMetric::kPelvicDropDeg:
      return "Level your hips";
    case StepMetric::kTiltMeanDeg:
    case StepMetric::kLateStanceTiltGainDeg:
      return "Run tall";
    case StepMetric::kPeakVgrfBw:
    case StepMetric::kImpactPeakBw:
    case StepMetric::kValrBwS:
    case StepMetric::kVilrBwS:
    case StepMetric::kImpulseBwS:
      return "Land softer";
    default:
      break;
  }
  return "Quick feet";
}

namespace {
bool finite_or_none(double v) {
  return std::isfinite(v) || std::isinf(v);
}
}  // namespace

std::string preset_problems(const CuePreset& p) {
  namespace L = preset_limits;
  std::ostringstream out;
  const auto problem = [&out](const std::string& field, const std::string& why) {
    out << field << ": " << why << "\n";
  };
  if (p.rules.size() > L::kMaxRules) {
    problem("rules", std::to_string(p.rules.size()) + " rules; at most " +
                         std::to_string(L::kMaxRules) + " (one cue at a time: keep it few)");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const CueRule& r = p.rules[i];
    const std::string at = "rules[" + std::to_string(i) + "].";
    if (r.name.empty() || r.name.size() > kMaxRuleName) {
      problem(at + "name", "give a name of 1 to " + std::to_string(kMaxRuleName) + " bytes");
    } else if (!names.insert(r.name).second) {
      problem(at + "name", "'" + r.name + "' names two rules; give each its own");
    }
    if (static_cast<std::size_t>(r.metric) >= kStepMetricCount) problem(at + "metric", "unknown");
    if (r.words.empty() || r.words.size() > kMaxCueWords) {
      problem(at + "words", "give the runner 1 to " + std::to_string(kMaxCueWords) + " bytes");
    }
    if (r.praise.size() > kMaxCueWords) {
      problem(at + "praise", "at most " + std::to_string(kMaxCueWords) + " bytes");
    }
    if (r.persist_k < 1 || r.persist_n < 1 || r.persist_n > L::kMaxPersistN) {
      problem(at + "persist", "k and n must be within 1.." + std::to_string(L::kMaxPersistN));
    } else if (r.persist_k > r.persist_n) {
      problem(at + "persist", "k " + std::to_string(r.persist_k) + " is more than n " +
                                  std::to_string(r.persist_n));
    }
    if (!(r.cooldown_s >= 0 && r.cooldown_s <= L::kMaxCooldownS)) {
      problem(at + "cooldown_s", "use 0 .. " + std::to_string(int(L::kMaxCooldownS)) + " s");
    }
    if (r.cooldown_steps > L::kMaxCooldownSteps) {
      problem(at + "cooldown_steps", "use 0 .. " + std::to_string(L::kMaxCooldownSteps));
    }
    if (r.priority < 1 || r.priority > 9) problem(at + "priority", "use 1 (first) .. 9");
    if ((r.modalities & (kCueText | kCueTone | kCueSpeech)) == 0 ||
        (r.modalities & ~(kCueText | kCueTone | kCueSpeech)) != 0) {
      problem(at + "modalities", "name one or more of text, tone, speech");
    }
    const CueTarget& t = r.target;
    if (!finite_or_none(t.low) || !finite_or_none(t.high) || std::isnan(t.low) ||
        std::isnan(t.high)) {
      problem(at + "target", "bounds must be numbers");
    } else if (!t.from_table && std::isinf(t.low) && std::isinf(t.high)) {
      problem(at + "target", "give a bound (min or max) the runner can be outside of");
    } else if (t.low > t.high) {
      problem(at + "target", "min is above max");
    }
    if (r.value == CueValueKind::kSymmetry) {
      if (t.ref != TargetRef::kAbsolute) {
        problem(at + "target", "a symmetry rule's target is the |symmetry index| in %; " +
                                   std::string(target_ref_name(t.ref)) + " is for step rules");
      }
      if (t.from_table && !sym_var_for(r.metric)) {
        problem(at + "target", std::string(step_metric_name(r.metric)) +
                                   " is not in the symmetry table; give max_si_pct");
      }
      if (!t.from_table && !(t.high > 0 && std::isinf(t.low))) {
        problem(at + "target", "a symmetry rule takes max_si_pct > 0 only");
      }
      if (r.sides != CueSides::kBoth) {
        problem(at + "side", "a symmetry rule compares both sides; leave side out");
      }
      if (r.window_steps < L::kMinWindowSteps || r.window_steps > L::kMaxWindowSteps ||
          r.window_steps % 2) {
        problem(at + "window_steps", "an even number within " + std::to_string(L::kMinWindowSteps) +
                                         ".." + std::to_string(L::kMaxWindowSteps));
      }
    } else if (t.ref == TargetRef::kBaselinePct &&
               ((std::isfinite(t.low) && t.low < 0) || (std::isfinite(t.high) && t.high <= 0))) {
      problem(at + "target", "a % of baseline is above 0");
    }
  }
  const CueSchedule& s = p.schedule;
  if (s.kind == ScheduleKind::kSummary &&
      (s.summary_strides < 1 || s.summary_strides > L::kMaxSummaryStrides)) {
    problem("schedule.every_strides", "use 1 .. " + std::to_string(L::kMaxSummaryStrides));
  }
  if (!(s.fade_cycle_s >= L::kMinFadeCycleS && s.fade_cycle_s <= L::kMaxFadeCycleS)) {
    problem("schedule.cycle_s", "use 10 .. 1800 s");
  }
  if (s.feedback_pct_by_session.empty() || s.feedback_pct_by_session.size() > L::kMaxSessions) {
    problem("schedule.feedback_pct_by_session",
            "give 1 to " + std::to_string(L::kMaxSessions) + " percentages");
  }
  for (double v : s.feedback_pct_by_session) {
    if (!(v >= 0 && v <= 100)) {
      problem("schedule.feedback_pct_by_session", "each share is 0 .. 100 %");
      break;
    }
  }
  if (p.max_per_minute < 1 || p.max_per_minute > 60) problem("max_per_minute", "use 1 .. 60");
  if (!(p.min_gap_s >= 0 && p.min_gap_s <= L::kMaxMinGapS)) problem("min_gap_s", "use 0 .. 60 s");
  if (!(p.metronome_pct == 0 ||
        (p.metronome_pct >= L::kMinMetronomePct && p.metronome_pct <= L::kMaxMetronomePct))) {
    problem("metronome_pct", "use 80 .. 130 % of the preferred cadence, or 0 for none");
  }
  return out.str();
}

double faded_feedback_pct(const CueSchedule& schedule, std::uint32_t session_number) noexcept {
  const auto& v = schedule.feedback_pct_by_session;
  if (v.empty()) return 100;
  const std::size_t i = session_number == 0 ? 0 : session_number - 1;
  return v[i < v.size() ? i : v.size() - 1];
}

CuePreset symmetry_preset(StepMetric metric, double threshold_pct, std::uint32_t window_steps,
                          std::uint32_t hold_off_steps) {
  CuePreset p;
  p.name = "station";
  p.description = "the station file's symmetry cue (processing.symmetry_cue)";
  CueRule r;
  r.name = "symmetry";
  r.value = CueValueKind::kSymmetry;
  r.metric = metric;
  r.target.high = threshold_pct;
  r.persist_k = 1;
  r.persist_n = 1;
  r.cooldown_s = 0;
  r.cooldown_steps = hold_off_steps;
  r.priority = 1;
  r.window_steps = window_steps;
  r.words = std::string(default_cue_words(CueValueKind::kSymmetry, metric));
  if (metric == StepMetric::kPelvicDropDeg) r.words = "Level your hips";
  if (metric == StepMetric::kTiltMeanDeg || metric == StepMetric::kLateStanceTiltGainDeg) {
    r.words = "Run tall";
  }
  r.modalities = kCueText | kCueSpeech;
  p.rules.push_back(std::move(r));
  p.max_per_minute = 60;
  p.min_gap_s = 0;
  return p;
}

}  // namespace stridecue::processing
