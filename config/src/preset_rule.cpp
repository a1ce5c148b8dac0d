// One rule of a cue preset file and its target (docs/validation.md, "Cue preset file"). The
// checks that need several keys of a rule (the target against the value kind and the metric,
// side and window_steps of a symmetry rule) run once every key is read, so keys come in any
// order; each mistake is kept at the line of the setting it is about. Also the small helpers
// preset_file.cpp shares (join, unknown, name_word).
#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <sstream>
#include <string_view>

#include "preset_read.hpp"
#include "stridecue/processing/cue_engine.hpp"  // sym_var_for: the symmetry table's metrics

namespace stridecue::config::preset_read {

namespace P = stridecue::processing;
namespace lim = P::preset_limits;
namespace flim = preset_file_limits;

void unknown(const Ctx& ctx, const Entry& e, const std::vector<std::string>& known) {
  ctx.fail(e.at, printable(e.key),
           "unknown setting" + suggestion(e.name, known) + " (settings: " + join_list(known) + ")");
}

std::string name_word(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  const bool ok =
      !w.empty() && w.size() <= P::kMaxRuleName && std::all_of(w.begin(), w.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
      });
  if (!ok) {
    ctx.fail(n, key,
             "'" + printable(w) + "' is not a name; use 1 to " + std::to_string(P::kMaxRuleName) +
                 " letters, digits, - and _ (e.g. level-hips)");
  }
  return w;
}

namespace {

std::string number_text(double v) {
  std::ostringstream m;
  m << v;
  return m.str();
}

/// How the bounds of a target read their numbers.
enum class Family { kAbsolute, kPct, kSd, kSi };

struct BoundKey {
  std::string_view name;
  Family family;
  bool high;  ///< a max (else a min)
};

constexpr std::array<BoundKey, 7> kBoundKeys = {{
    {"min", Family::kAbsolute, false},
    {"max", Family::kAbsolute, true},
    {"min_pct_of_baseline", Family::kPct, false},
    {"max_pct_of_baseline", Family::kPct, true},
    {"min_sd_from_baseline", Family::kSd, false},
    {"max_sd_from_baseline", Family::kSd, true},
    {"max_si_pct", Family::kSi, true},
}};

/// A target as written, judged once the rule's value kind and metric are known.
struct RawTarget {
  bool present = false;
  bool table = false;     ///< the word `table`
  bool complete = false;  ///< every bound was read (a bad one is its own mistake)
  std::vector<std::pair<const BoundKey*, double>> bounds;
};

RawTarget read_target(const Entry& e, const Ctx& ctx) {
  RawTarget t;
  t.present = true;
  const YAML::Node& n = e.value;
  ctx.remember(n, e.key);
  const std::string forms =
      "write bounds such as {max: 5}, {max_pct_of_baseline: 80}, {max_sd_from_baseline: 1}, or "
      "for a symmetry rule {max_si_pct: 10} or table";
  if (n.IsScalar() && n.Scalar() == "table") {
    t.table = true;
    return t;
  }
  if (n.IsNull()) ctx.fail(e.at, e.key, "empty; " + forms);
  if (!n.IsMap()) {
    ctx.fail(n, e.key,
             "'" + (n.IsScalar() ? printable(n.Scalar()) : std::string("(a list)")) +
                 "' is not a target; " + forms);
  }
  if (n.size() == 0) ctx.fail(n, e.key, "no bound; " + forms);
  std::vector<std::string> names;
  for (const auto& k : kBoundKeys) names.emplace_back(k.name);
  ctx.each(n, e.key, [&](const Entry& b) {
    const auto* k = std::find_if(kBoundKeys.begin(), kBoundKeys.end(),
                                 [&](const BoundKey& bk) { return bk.name == b.name; });
    if (k == kBoundKeys.end()) unknown(ctx, b, names);
    const double v = ctx.number(b.value, b.key);
    const std::string typed = "'" + printable(b.value.Scalar()) + "' is out of range; ";
    if (k->family == Family::kPct && !(v > 0 && v <= flim::kMaxPctOfBaseline)) {
      ctx.fail(b.value, b.key,
               typed + "a % of the runner's baseline mean is above 0 and at most " +
                   number_text(flim::kMaxPctOfBaseline) + " (80 = 20 % below the mean)");
    } else if (k->family == Family::kSd) {
      ctx.in_range(b.value, b.key, -flim::kMaxSdFromBaseline, flim::kMaxSdFromBaseline, "SD",
                   "standard deviations from the runner's baseline mean, + = above it");
    } else if (k->family == Family::kSi && !(v > 0 && v <= flim::kMaxSiPct)) {
      ctx.fail(b.value, b.key,
               typed + "the |symmetry index| a runner may reach is above 0 and at most " +
                   number_text(flim::kMaxSiPct) + " %");
    }
    t.bounds.emplace_back(&*k, v);
  });
  t.complete = t.bounds.size() == n.size();
  return t;
}

/// "contact_ms, flight_ms, …": the step metrics the symmetry table shows.
std::string table_metrics() {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < P::kStepMetricCount; ++i) {
    const auto m = static_cast<P::StepMetric>(i);
    if (P::sym_var_for(m)) names.emplace_back(P::step_metric_name(m));
  }
  return join_list(names);
}

/// Puts the target in the rule, or keeps the mistake: a step rule needs bounds of one kind; a
/// symmetry rule takes max_si_pct, or the table's threshold (`table`, or no target) on a metric
/// the table shows.
void resolve_target(P::CueRule& r, const RawTarget& t, const std::string& rule_key,
                    const YAML::Node& rule_node, const Ctx& ctx) {
  const std::string key = rule_key + ".target";
  const bool sym = r.value == P::CueValueKind::kSymmetry;
  const std::string metric(P::step_metric_name(r.metric));
  if (!t.present && !sym) {
    ctx.attempt([&] {
      ctx.fail(rule_node, rule_key,
               "give target: a step rule cues when " + metric +
                   " is outside it, e.g. {max: 5} (in the metric's unit), {max_pct_of_baseline: "
                   "80} or {max_sd_from_baseline: 1}");
    });
    return;
  }
  if (!t.present || t.table) {
    if (!sym) {
      ctx.problem_at(key,
                     "'table' is the symmetry table's threshold, for symmetry rules (value: "
                     "symmetry); a step rule needs bounds, e.g. {max: 5}");
    } else if (!P::sym_var_for(r.metric)) {
      const std::string why = metric + " is not in the symmetry table (it shows " +
                              table_metrics() + "); give target: {max_si_pct: N}";
      if (t.present) {
        ctx.problem_at(key, "'table': " + why);
      } else {
        ctx.attempt([&] { ctx.fail(rule_node, rule_key, "no target, so the table's; " + why); });
      }
    } else {
      r.target.from_table = true;
    }
    return;
  }
  if (!t.complete) return;
  const BoundKey* first = t.bounds.front().first;
  for (const auto& [k, v] : t.bounds) {
    if (k->family != first->family) {
      ctx.problem_at(key, "mixes " + std::string(first->name) + " and " + std::string(k->name) +
                              "; a target reads all its bounds one way: min/max (the metric's "
                              "unit), *_pct_of_baseline or *_sd_from_baseline");
      return;
    }
  }
  if (sym && first->family != Family::kSi) {
    ctx.problem_at(key, std::string(first->name) +
                            " is for step rules; a symmetry rule's target is the |symmetry "
                            "index| in %: {max_si_pct: 10}" +
                            (P::sym_var_for(r.metric) ? " or table" : ""));
    return;
  }
  if (!sym && first->family == Family::kSi) {
    ctx.problem_at(key,
                   "max_si_pct is for symmetry rules (value: symmetry); a step rule's bounds are "
                   "min/max, *_pct_of_baseline or *_sd_from_baseline");
    return;
  }
  r.target.ref = first->family == Family::kPct  ? P::TargetRef::kBaselinePct
                 : first->family == Family::kSd ? P::TargetRef::kBaselineSd
                                                : P::TargetRef::kAbsolute;
  for (const auto& [k, v] : t.bounds) (k->high ? r.target.high : r.target.low) = v;
  if (r.target.low > r.target.high) {
    ctx.problem_at(key, "min " + number_text(r.target.low) + " is above max " +
                            number_text(r.target.high) + "; nothing would be inside the target");
  }
}

/// "k of n": cue when the value was outside on k of the last n judged steps.
void read_persist(const YAML::Node& n, const std::string& key, P::CueRule& r, const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  const std::string how = "use k of n with 1 <= k <= n <= " + std::to_string(lim::kMaxPersistN) +
                          " (cue when outside on k of the last n judged steps, e.g. 3 of 4)";
  const std::regex form(R"(^\s*([0-9]{1,6})\s+of\s+([0-9]{1,6})\s*$)");
  std::smatch m;
  if (!std::regex_match(w, m, form))
    ctx.fail(n, key, "'" + printable(w) + "' is not k of n; " + how);
  const unsigned long k = std::stoul(m[1]), of = std::stoul(m[2]);
  if (!(k >= 1 && k <= of && of <= lim::kMaxPersistN)) {
    ctx.fail(n, key, "'" + printable(w) + "' is not usable; " + how);
  }
  r.persist_k = static_cast<std::uint32_t>(k);
  r.persist_n = static_cast<std::uint32_t>(of);
}

/// Runner-facing words: one line of printable UTF-8, `min_bytes`..kMaxCueWords bytes.
std::string cue_text(const YAML::Node& n, const std::string& key, std::size_t min_bytes,
                     const Ctx& ctx) {
  if (!n.IsScalar() && !n.IsNull()) ctx.fail(n, key, "expected one line of text");
  const std::string w = n.IsNull() ? std::string() : n.Scalar();
  if (w.find('\n') != std::string::npos || !ctx.quote_closes_on_its_line(n)) {
    ctx.fail(n, key,
             "'" + printable(w, 30) +
                 "' runs over several lines; the runner's words are one line (is a closing "
                 "quote missing?)");
  }
  for (std::size_t i = 0; i < w.size();) {
    const auto c = static_cast<unsigned char>(w[i]);
    const std::size_t len = c >= 0x20 && c < 0x7F ? 1
                            : c >= 0x80           ? utf8_sequence(std::string_view(w).substr(i))
                                                  : 0;
    if (len == 0) {
      ctx.fail(n, key,
               "'" + printable(w) + "' holds a control character or a byte that is not UTF-8; " +
                   "write plain text");
    }
    i += len;
  }
  const std::string range = std::to_string(min_bytes) + " to " + std::to_string(P::kMaxCueWords);
  if (w.size() < min_bytes) {
    ctx.fail(n, key,
             "empty; give the runner " + range +
                 " bytes (e.g. Level your hips), or leave words out for the metric's default");
  }
  if (w.size() > P::kMaxCueWords) {
    ctx.fail(n, key,
             "'" + printable(w) + "' is " + std::to_string(w.size()) + " bytes; at most " +
                 std::to_string(P::kMaxCueWords) + " (read at a glance on the belt, said briefly)");
  }
  ctx.remember(n, key);
  return w;
}

std::uint8_t read_modalities(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::vector<std::string> names = {"text", "tone", "speech"};
  if (!n.IsSequence()) {
    ctx.fail(n, key, "expected a list of text, tone and speech, e.g. [text, speech]");
  }
  if (n.size() == 0) {
    ctx.fail(n, key,
             "empty; name one or more of text, tone, speech (or leave it out for [text, speech])");
  }
  ctx.remember(n, key);
  std::uint8_t bits = 0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string item = key + "[" + std::to_string(i) + "]";
    const std::string w = ctx.word(n[i], item);
    const auto it = std::find(names.begin(), names.end(), w);
    if (it == names.end()) {
      ctx.fail(n[i], item,
               "'" + printable(w) + "' is not a modality" + suggestion(w, names) +
                   " (modalities: " + join_list(names) + ")");
    }
    const auto bit = static_cast<std::uint8_t>(1u << (it - names.begin()));  // CueModality order
    if (bits & bit) ctx.fail(n[i], item, "'" + w + "' named twice; keep one");
    bits |= bit;
  }
  return bits;
}

/// An enum word of `words` (in the enum's order), refused with the closest.
template <typename Enum>
Enum word_of(const Entry& e, const std::vector<std::string>& words, const std::string& what,
             const Ctx& ctx) {
  const std::string w = ctx.word(e.value, e.key);
  const auto it = std::find(words.begin(), words.end(), w);
  if (it == words.end()) {
    ctx.fail(e.value, e.key,
             "'" + printable(w) + "' is not " + what + suggestion(w, words) + " (" +
                 join_list(words) + ")");
  }
  return static_cast<Enum>(it - words.begin());
}

}  // namespace

ReadRule parse_rule(const YAML::Node& node, std::size_t i, const Ctx& ctx) {
  const std::string key = "rules[" + std::to_string(i) + "]";
  ReadRule r;
  P::CueRule& rule = r.rule;
  r.line = node.Mark().line + 1;
  r.column = node.Mark().column + 1;
  RawTarget target;
  bool value_known = true, target_read = true;
  bool have_metric = false, have_side = false, have_window = false, have_words = false;
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "name") {
      rule.name = name_word(e.value, e.key, ctx);
      r.have_name = true;
    } else if (e.name == "metric") {
      have_metric = true;
      const std::vector<std::string> names(P::kStepMetricNames.begin(), P::kStepMetricNames.end());
      rule.metric = word_of<P::StepMetric>(e, names, "a step metric", ctx);
      r.metric_known = true;
    } else if (e.name == "value") {
      value_known = false;
      rule.value = word_of<P::CueValueKind>(e, {"step", "symmetry"}, "a value kind", ctx);
      value_known = true;
    } else if (e.name == "side") {
      have_side = true;
      rule.sides = word_of<P::CueSides>(e, {"both", "left", "right"}, "a side", ctx);
    } else if (e.name == "target") {
      target_read = false;
      target = read_target(e, ctx);
      target_read = true;
    } else if (e.name == "persist") {
      read_persist(e.value, e.key, rule, ctx);
    } else if (e.name == "cooldown_s") {
      rule.cooldown_s = ctx.in_range(e.value, e.key, 0, lim::kMaxCooldownS, "s",
                                     "the rule is quiet this long after a cue");
    } else if (e.name == "cooldown_steps") {
      rule.cooldown_steps =
          static_cast<std::uint32_t>(ctx.whole(e.value, e.key, 0, lim::kMaxCooldownSteps));
    } else if (e.name == "priority") {
      rule.priority = static_cast<std::uint8_t>(ctx.whole(e.value, e.key, 1, 9));
    } else if (e.name == "words") {
      have_words = true;
      rule.words = cue_text(e.value, e.key, 1, ctx);
    } else if (e.name == "praise") {
      rule.praise = cue_text(e.value, e.key, 0, ctx);
    } else if (e.name == "modalities") {
      rule.modalities = read_modalities(e.value, e.key, ctx);
    } else if (e.name == "window_steps") {
      have_window = true;
      const double w = ctx.whole(e.value, e.key, lim::kMinWindowSteps, lim::kMaxWindowSteps);
      if (static_cast<std::uint32_t>(w) % 2 != 0) {
        ctx.fail(e.value, e.key,
                 "'" + printable(e.value.Scalar()) +
                     "' is odd; use an even number (as many left as right steps) within 2..64");
      }
      rule.window_steps = static_cast<std::uint32_t>(w);
    } else {
      unknown(ctx, e,
              {"name", "metric", "value", "side", "target", "persist", "cooldown_s",
               "cooldown_steps", "priority", "words", "praise", "modalities", "window_steps"});
    }
  });
  if (!r.have_name) {
    ctx.attempt([&] {
      ctx.fail(node, key,
               "give name (1 to " + std::to_string(P::kMaxRuleName) +
                   " letters, digits, - and _; unique in the preset)");
    });
  }
  if (!have_metric) {
    ctx.attempt([&] {
      ctx.fail(node, key,
               "give metric (" +
                   join_list({P::kStepMetricNames.begin(), P::kStepMetricNames.end()}) + ")");
    });
  }
  if (!r.metric_known || !value_known) return r;  // what follows depends on both

  const bool sym = rule.value == P::CueValueKind::kSymmetry;
  const bool in_table = P::sym_var_for(rule.metric).has_value();
  const std::string metric(P::step_metric_name(rule.metric));
  if (sym && have_side) {
    ctx.problem_at(key + ".side", "a symmetry rule compares both sides; leave side out");
  }
  if (have_window && !sym) {
    ctx.problem_at(key + ".window_steps",
                   "only symmetry rules gather a window of steps; leave it out of a step rule");
  } else if (have_window && in_table) {
    ctx.problem_at(key + ".window_steps",
                   metric +
                       " symmetry comes from the symmetry table, over its own window (the "
                       "station's processing.symmetry.window_strides); leave it out");
  }
  if (target_read) resolve_target(rule, target, key, node, ctx);
  if (!have_words) rule.words = std::string(P::default_cue_words(rule.value, rule.metric));
  return r;
}

}  // namespace stridecue::config::preset_read
