#include "stridecue/processing/cue_engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace stridecue::processing {

namespace {
template <std::size_t N>
void copy_text(std::array<char, N>& out, const std::string& text) noexcept {
  const std::size_t n = std::min(text.size(), N - 1);
  std::memcpy(out.data(), text.data(), n);
  out[n] = '\0';
}

bool side_matches(CueSides sides, Side side) noexcept {
  switch (sides) {
    case CueSides::kLeft:
      return side == Side::kLeft;
    case CueSides::kRight:
      return side == Side::kRight;
    case CueSides::kBoth:
      break;
  }
  return side != Side::kUnknown;
}
}  // namespace

std::optional<SymVar> sym_var_for(StepMetric metric) noexcept {
  const std::string_view name = step_metric_name(metric);
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    if (kSymVarNames[i] == name) return static_cast<SymVar>(i);
  }
  return std::nullopt;
}

namespace {
std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string target_text(const Cue& c) {
  if (c.symmetry) return "target |SI| <= " + fixed(c.target_high, 1);
  const bool low = std::isfinite(c.target_low), high = std::isfinite(c.target_high);
  if (low && high) return "target " + fixed(c.target_low, 1) + " .. " + fixed(c.target_high, 1);
  if (high) return "target <= " + fixed(c.target_high, 1);
  return "target >= " + fixed(c.target_low, 1);
}

const char* side_word(Side s) {
  return s == Side::kLeft ? "left" : s == Side::kRight ? "right" : "";
}
}  // namespace

std::string describe_cue(const Cue& c) {
  std::string value;
  if (c.symmetry) {
    value = std::string(c.metric) + " symmetry " + (c.value >= 0 ? "+" : "") + fixed(c.value, 1) +
            " %" +
            (c.side == Side::kUnknown ? "" : std::string(" (") + side_word(c.side) + " larger)");
  } else {
    value =
        std::string(c.metric) + " " + fixed(c.value, 1) +
        (c.side == Side::kUnknown ? "" : std::string(" on the ") + side_word(c.side) + " stance");
  }
  if (c.kind == CueKind::kPraise) return "back inside: " + value + ", " + target_text(c);
  return value + ", " + target_text(c) + " (last " + std::to_string(c.window_steps) +
         (c.window_steps == 1 ? " step)" : " steps)");
}

CueEngine::CueEngine(std::vector<CuePreset> presets, const SymmetryTrackerConfig& table)
    : presets_(std::move(presets)), table_(table) {
  if (presets_.size() > kMaxPresets) {
    throw std::invalid_argument("cue presets: " + std::to_string(presets_.size()) +
                                " presets; at most " + std::to_string(kMaxPresets));
  }
  for (const CuePreset& p : presets_) {
    const std::string problems = preset_problems(p);
    if (!problems.empty()) {
      throw std::invalid_argument("cue preset '" + p.name + "': " + problems);
    }
  }
  if (table_.min_values_per_side == 0) {
    table_.min_values_per_side = (table_.window_strides + 1) / 2;
  }
  overrides_.fill(kNaN);
  rules_.resize(preset_limits::kMaxRules);
}

void CueEngine::select(int index, std::int32_t block, double feedback_pct,
                       std::uint32_t session_number, TimeNs t_ns, CueSink& sink) noexcept {
  if (selected_ != kNoPreset) {
    const std::size_t n = presets_[static_cast<std::size_t>(selected_)].rules.size();
    for (std::size_t i = 0; i < n; ++i) report(rules_[i], t_ns, true, sink);
  }
  if (index < 0 || static_cast<std::size_t>(index) >= presets_.size()) index = kNoPreset;
  selected_ = index;
  block_ = block;
  block_start_ns_ = t_ns;
  steps_since_summary_ = 0;
  overrides_.fill(kNaN);

  CuePlanEvent plan;
  plan.t_ns = t_ns;
  plan.block = block;
  plan.preset = index;
  if (index != kNoPreset) {
    const CuePreset& p = presets_[static_cast<std::size_t>(index)];
    feedback_pct_ = std::isfinite(feedback_pct) ? std::clamp(feedback_pct, 0.0, 100.0)
                    : p.schedule.kind == ScheduleKind::kFaded
                        ? faded_feedback_pct(p.schedule, session_number)
                        : 100.0;
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
      const CueRule& r = p.rules[i];
      RuleState& st = rules_[i];
      st = RuleState{};
      st.adherence.block = block;
      st.adherence.rule = static_cast<std::uint8_t>(i);
      copy_text(st.adherence.rule_name, r.name);
      st.adherence.metric = step_metric_name(r.metric).data();
      if (r.value == CueValueKind::kSymmetry && !r.target.from_table) {
        if (const auto var = sym_var_for(r.metric)) overrides_[sym_index(*var)] = r.target.high;
      }
    }
    copy_text(plan.preset_name, p.name);
    plan.schedule = p.schedule.kind;
    plan.metronome_spm = 0;
    if (p.metronome_pct > 0) {
      plan.metronome_spm = baseline_ ? baseline_->cadence_spm() * p.metronome_pct / 100 : kNaN;
    }
  } else {
    feedback_pct_ = 0;
  }
  plan.feedback_pct = feedback_pct_;
  sink.on_cue_plan(plan);
}

void CueEngine::begin_baseline() noexcept {
  baseline_open_ = true;
  block_stats_.clear();
}

std::optional<StepBaseline> CueEngine::end_baseline() noexcept {
  if (!baseline_open_) return std::nullopt;
  baseline_open_ = false;
  const StepBaseline b = block_stats_.result();
  // Steps on both sides: the same condition as the symmetry baseline.
  bool left = false, right = false;
  for (const auto& m : b.stats) {
    left = left || m[0].n > 0;
    right = right || m[1].n > 0;
  }
  if (!left || !right) return std::nullopt;
  baseline_ = b;
  return b;
}

std::uint32_t CueEngine::Persist::outside_of_last(std::uint32_t n) const noexcept {
  std::uint32_t out = 0;
  const std::uint32_t have = std::min(count, n);
  for (std::uint32_t j = 0; j < have; ++j) {
    out += outside[(head + preset_limits::kMaxPersistN - 1 - j) % preset_limits::kMaxPersistN];
  }
  return out;
}

bool CueEngine::judge(const CueRule& rule, RuleState& st, const StepResult& step,
                      const SymmetrySnapshot* table) noexcept {
  double value = kNaN, low = rule.target.low, high = rule.target.high;
  if (rule.value == CueValueKind::kSymmetry) {
    if (const auto var = sym_var_for(rule.metric)) {
      // The table's own number, judged exactly as the table flags it.
      if (table == nullptr) return false;
      const SymVarStats& v = (*table)[*var];
      st.value = v.si_pct;  // shown (symmetry_view) before it can be judged
      const auto min_n = static_cast<std::uint32_t>(table_.min_values_per_side);
      if (!table->window_full || v.n_l < min_n || v.n_r < min_n || !std::isfinite(v.si_pct)) {
        return false;
      }
      const double limit = std::isfinite(overrides_[sym_index(*var)])
                               ? overrides_[sym_index(*var)]
                               : table_.thresholds[sym_index(*var)].abs_si_pct;
      value = v.si_pct;
      low = -limit;
      high = limit;
    } else {
      // A window of the rule's own (pelvis, cadence): the table does not show these.
      const double x = step_metric_value(step, rule.metric);
      if (step.side == Side::kUnknown || !std::isfinite(x)) return false;
      if (st.win_count == rule.window_steps) {
        const auto& old = st.window[st.win_head];
        st.means.remove(old.first, old.second);
      } else {
        ++st.win_count;
      }
      st.window[st.win_head] = {step.side, x};
      st.means.add(step.side, x);
      st.win_head = (st.win_head + 1) % rule.window_steps;
      if (st.win_count < rule.window_steps || !st.means.both_sides()) return false;
      value = st.means.si_pct();
      if (!std::isfinite(value)) return false;
      low = -rule.target.high;
    }
  } else {
    if (!side_matches(rule.sides, step.side)) return false;
    value = step_metric_value(step, rule.metric);
    if (!std::isfinite(value)) return false;
    if (rule.target.ref != TargetRef::kAbsolute) {
      if (!baseline_) return false;
      const StepStat& b = baseline_->of(rule.metric, step.side);
      if (b.n < kMinBaselineSteps) return false;
      if (rule.target.ref == TargetRef::kBaselinePct) {
        if (!(b.mean > 0)) return false;  // a % of a mean at or below 0 means nothing
        low = std::isinf(low) ? low : b.mean * low / 100;
        high = std::isinf(high) ? high : b.mean * high / 100;
      } else {
        if (!std::isfinite(b.sd)) return false;
        // An SD below what the metric is measured to is resolution, not the runner's spread.
        const double sd = std::max(b.sd, step_metric_resolution(rule.metric));
        low = std::isinf(low) ? low : b.mean + low * sd;
        high = std::isinf(high) ? high : b.mean + high * sd;
      }
    }
  }
  const bool outside = value < low || value > high;
  st.last = rule.value == CueValueKind::kSymmetry || step.side != Side::kRight ? 0 : 1;
  st.persist[st.last].push(outside);
  st.value = value;
  st.low = low;
  st.high = high;
  ++st.judged_since_cue;
  ++st.adherence.judged;
  if (!outside) ++st.adherence.inside;
  ++st.sum_judged;
  if (outside) ++st.sum_outside;
  st.adherence.t_ns = step.t_to_ns;
  st.was_outside = outside;
  // Success: inside on k of the last n after the first correction.
  if (st.adherence.first_cue_ns >= 0 && st.adherence.first_success_ns < 0 &&
      st.persist[st.cued].inside_k_of_n(rule.persist_k, rule.persist_n)) {
    st.adherence.first_success_ns = step.t_to_ns;
  }
  return true;
}

bool CueEngine::feedback_on(TimeNs t_ns) const noexcept {
  if (feedback_pct_ >= 100) return true;
  if (feedback_pct_ <= 0) return false;
  const CueSchedule& s = presets_[static_cast<std::size_t>(selected_)].schedule;
  const double cycle_s = s.fade_cycle_s;
  const double into = std::fmod(static_cast<double>(t_ns - block_start_ns_) / 1e9, cycle_s);
  return into < cycle_s * feedback_pct_ / 100;
}

bool CueEngine::may_speak(TimeNs t_ns) const noexcept {
  const CuePreset& p = presets_[static_cast<std::size_t>(selected_)];
  if (last_message_ns_ >= 0 && t_ns - last_message_ns_ < s_to_ns(p.min_gap_s)) return false;
  if (spoken_count_ < p.max_per_minute) return true;
  // The max_per_minute-th message back must be a minute old.
  const std::size_t back = (spoken_head_ + spoken_.size() - p.max_per_minute) % spoken_.size();
  return t_ns - spoken_[back] >= 60 * kNsPerS;
}

void CueEngine::on_step(const StepResult& step, const SymmetrySnapshot* table,
                        CueSink& sink) noexcept {
  if (baseline_open_) block_stats_.add(step);
  if (selected_ == kNoPreset) return;
  const CuePreset& p = presets_[static_cast<std::size_t>(selected_)];
  const ScheduleKind kind = p.schedule.kind;
  const bool on = feedback_on(step.t_to_ns);
  ++steps_since_summary_;
  const bool summary_due =
      kind == ScheduleKind::kSummary && steps_since_summary_ >= 2 * p.schedule.summary_strides;

  std::optional<Candidate> best;
  std::array<std::size_t, preset_limits::kMaxRules> wanting{};  // rules wanting a correction
  std::size_t n_wanting = 0;
  const auto consider = [&](std::size_t i, CueKind k) {
    if (k == CueKind::kCorrection) wanting[n_wanting++] = i;
    const auto rank = [&](const Candidate& c) {
      return (c.kind == CueKind::kCorrection ? 0 : 100) + p.rules[c.rule].priority;
    };
    const Candidate c{i, k};
    if (!best || rank(c) < rank(*best)) best = c;
  };

  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const CueRule& r = p.rules[i];
    RuleState& st = rules_[i];
    const bool judged = judge(r, st, step, table);
    if (kind == ScheduleKind::kSummary) {
      if (!summary_due || st.sum_judged == 0) continue;
      // Outside on at least k/n of the stretch: correct it; otherwise praise it.
      const bool fault = st.sum_outside * r.persist_n >= st.sum_judged * r.persist_k;
      if (fault) {
        consider(i, CueKind::kCorrection);
      } else if (!r.praise.empty()) {
        consider(i, CueKind::kPraise);
      }
      continue;
    }
    if (!judged) continue;
    const bool persistent = kind == ScheduleKind::kContinuous
                                ? st.was_outside
                                : st.persist[st.last].outside_of_last(r.persist_n) >= r.persist_k;
    const bool cooled = kind == ScheduleKind::kContinuous || st.last_cue_ns < 0 ||
                        (step.t_to_ns - st.last_cue_ns >= s_to_ns(r.cooldown_s) &&
                         st.judged_since_cue > r.cooldown_steps);
    if (persistent && cooled) {
      if (on) {
        consider(i, CueKind::kCorrection);
      } else {
        ++st.adherence.withheld;
      }
      continue;
    }
    const bool back_inside = kind == ScheduleKind::kContinuous
                                 ? !st.was_outside
                                 : st.persist[st.cued].inside_k_of_n(r.persist_k, r.persist_n);
    if (st.awaiting_praise && back_inside && on) consider(i, CueKind::kPraise);
  }
  if (summary_due) {
    steps_since_summary_ = 0;
    for (std::size_t i = 0; i < p.rules.size(); ++i)
      rules_[i].sum_judged = rules_[i].sum_outside = 0;
  }

  if (best) {
    const bool spoken = may_speak(step.t_to_ns);
    if (spoken) deliver(*best, step, sink);
    // Every correction that wanted out and did not get it (arbitration, gap, ceiling).
    for (std::size_t i = 0; i < n_wanting; ++i) {
      if (!spoken || wanting[i] != best->rule) ++rules_[wanting[i]].adherence.withheld;
    }
  }
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    RuleState& st = rules_[i];
    if (st.adherence.judged >= st.since_report + kAdherenceEverySteps) {
      report(st, step.t_to_ns, false, sink);
    }
  }
}

void CueEngine::deliver(const Candidate& c, const StepResult& step, CueSink& sink) noexcept {
  const CuePreset& p = presets_[static_cast<std::size_t>(selected_)];
  const CueRule& r = p.rules[c.rule];
  RuleState& st = rules_[c.rule];
  Cue cue;
  cue.t_ns = step.t_to_ns;
  cue.kind = c.kind;
  cue.modalities = r.modalities;
  cue.rule = static_cast<std::uint8_t>(c.rule);
  cue.priority = r.priority;
  cue.symmetry = r.value == CueValueKind::kSymmetry;
  cue.block = block_;
  copy_text(cue.text, c.kind == CueKind::kPraise ? r.praise : r.words);
  copy_text(cue.rule_name, r.name);
  cue.metric = step_metric_name(r.metric).data();
  cue.value = st.value;
  cue.target_low = st.low;
  cue.target_high = st.high;
  cue.window_steps = p.schedule.kind == ScheduleKind::kContinuous ? 1 : r.persist_n;
  if (cue.symmetry) {
    cue.side = st.value > 0 ? Side::kRight : st.value < 0 ? Side::kLeft : Side::kUnknown;
  } else {
    // The stance side whose steps decided it (praise: the side that was corrected).
    const std::size_t ring = c.kind == CueKind::kCorrection ? st.last : st.cued;
    cue.side = ring == 1 ? Side::kRight : Side::kLeft;
  }
  if (c.kind == CueKind::kCorrection) {
    st.cued = st.last;
    st.last_cue_ns = step.t_to_ns;
    st.judged_since_cue = 0;
    st.awaiting_praise = !r.praise.empty();
    ++st.adherence.cues;
    if (st.adherence.first_cue_ns < 0) st.adherence.first_cue_ns = step.t_to_ns;
  } else {
    st.awaiting_praise = false;
    ++st.adherence.praises;
  }
  last_message_ns_ = step.t_to_ns;
  spoken_[spoken_head_] = step.t_to_ns;
  spoken_head_ = (spoken_head_ + 1) % spoken_.size();
  if (spoken_count_ < spoken_.size()) ++spoken_count_;
  sink.on_cue(cue);
}

void CueEngine::report(RuleState& st, TimeNs t_ns, bool final, CueSink& sink) noexcept {
  st.since_report = st.adherence.judged;
  CueAdherence a = st.adherence;
  a.final = final;
  if (final && t_ns > a.t_ns) a.t_ns = t_ns;
  sink.on_adherence(a);
}

CueEngine::SymmetryView CueEngine::symmetry_view() const noexcept {
  SymmetryView v;
  if (selected_ == kNoPreset) return v;
  const CuePreset& p = presets_[static_cast<std::size_t>(selected_)];
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const CueRule& r = p.rules[i];
    if (r.value != CueValueKind::kSymmetry) continue;
    const RuleState& st = rules_[i];
    v.metric = step_metric_name(r.metric).data();
    v.si_pct = st.value;
    const auto var = sym_var_for(r.metric);
    if (var) {
      const double o = overrides_[sym_index(*var)];
      v.threshold_pct = std::isfinite(o) ? o : table_.thresholds[sym_index(*var)].abs_si_pct;
      v.window_steps = static_cast<std::uint32_t>(2 * table_.window_strides);
    } else {
      v.threshold_pct = r.target.high;
      v.window_steps = r.window_steps;
    }
    break;
  }
  return v;
}

void CueEngine::finish(TimeNs t_ns, CueSink& sink) noexcept {
  if (selected_ == kNoPreset) return;
  const std::size_t n = presets_[static_cast<std::size_t>(selected_)].rules.size();
  for (std::size_t i = 0; i < n; ++i) report(rules_[i], t_ns, true, sink);
}

}  // namespace stridecue::processing
