// docs/validation.md against the loaders: every row of its station, scenario and protocol tables is
// tried
// (its example is accepted; just below its range, just above it and `nan` are refused at their
// line, naming the setting), and every setting the loaders know appears on the page. A rule
// changed in code and not in the docs (or the reverse) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "stridecue/config/protocol.hpp"
#include "stridecue/config/station_file.hpp"
#include "stridecue/sim/scenario.hpp"

using namespace stridecue;

namespace {

struct Rule {
  std::string setting;  // e.g. "processing.lowpass.cutoff_hz", "devices[].baud"
  std::string valid;    // e.g. "1 .. 500 Hz, or 0 for off"
  std::string example;  // a valid value
};

std::string read_doc() {
  std::ifstream in(std::string(STRIDECUE_SOURCE_DIR) + "/docs/validation.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The rows between <!-- NAME: … --> and <!-- /NAME -->.
std::vector<Rule> rules(const std::string& doc, const std::string& table) {
  const auto begin = doc.find("<!-- " + table + ":");
  const auto end = doc.find("<!-- /" + table + " -->");
  EXPECT_NE(begin, std::string::npos) << table;
  EXPECT_NE(end, std::string::npos) << table;
  std::vector<Rule> out;
  if (begin == std::string::npos || end == std::string::npos) return out;
  std::istringstream lines(doc.substr(begin, end - begin));
  const std::regex row(R"(^\| `([^`]+)` \| (.+) \| (.+) \|$)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) out.push_back({m[1], m[2], m[3]});
  }
  return out;
}

struct Range {
  double lo, hi;
  bool whole;
};

std::optional<Range> range_of(const Rule& r) {
  std::smatch m;
  const std::regex lohi(R"((-?[0-9.e+]+) \.\. (-?[0-9.e+]+))");
  if (!std::regex_search(r.valid, m, lohi)) return std::nullopt;
  return Range{std::stod(m[1]), std::stod(m[2]), r.valid.rfind("whole", 0) == 0};
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

// ---- station files ------------------------------------------------------------------------

/// Settings that are only valid with another, as the page says.
std::string station_companion(const std::string& setting) {
  if (setting == "processing.contact_on_bw") return "  contact_off_bw: 0.02\n";
  if (setting == "processing.contact_off_bw") return "  contact_on_bw: 0.1\n";
  if (setting == "processing.baseline.start_s") return "    duration_s: 60\n";
  return "";
}

/// A station file setting `setting` (dotted, "devices[]" for the one device) to `value`.
std::string station_with(const std::string& setting, const std::string& value) {
  const std::string text_device =
      "devices:\n  - port: /dev/x\n    protocol: text\n    text:\n      kind: force6\n"
      "      header: true\n      columns:\n        t: {name: ms, unit: ms}\n        plate1.fz: "
      "{name: a}\n";
  if (setting.rfind("devices[].text.", 0) == 0) {
    return text_device + "      " + setting.substr(15) + ": " + value + "\n";
  }
  if (setting.rfind("devices[].", 0) == 0) {
    return "devices:\n  - port: /dev/x\n    " + setting.substr(10) + ": " + value + "\n";
  }
  std::string yaml = "devices:\n  - {port: /dev/x}\n";
  std::string path = std::regex_replace(setting, std::regex("VARIABLE"), "peak_vgrf_bw");
  std::string indent;
  for (std::size_t dot; (dot = path.find('.')) != std::string::npos;) {
    yaml += indent + path.substr(0, dot) + ":\n";
    path = path.substr(dot + 1);
    indent += "  ";
  }
  yaml += indent + path + ": " + value + "\n";
  const std::string companion = station_companion(setting);
  if (!companion.empty()) yaml += companion;
  return yaml;
}

std::string station_error(const std::string& yaml) {
  try {
    config::parse_station(yaml, "station.yaml");
  } catch (const config::StationFileError& e) {
    return e.what();
  }
  return "";
}

/// The message names the file with line and column, the setting (with its index) and the value
/// as typed.
void expect_refused_at_line(const std::string& error, const std::string& setting,
                            const std::string& typed, const std::string& yaml) {
  std::string key = std::regex_replace(setting, std::regex(R"(\[\])"), "[0]");
  key = std::regex_replace(key, std::regex("VARIABLE"), "peak_vgrf_bw");
  const std::regex want("[a-z]+\\.yaml:[0-9]+:[0-9]+: " +
                        std::regex_replace(key, std::regex(R"([.\[\]])"), R"(\$&)") + ": '" +
                        std::regex_replace(typed, std::regex(R"([.+])"), R"(\$&)") + "'");
  EXPECT_TRUE(std::regex_search(error, want))
      << setting << " = " << typed << " gave:\n"
      << (error.empty() ? "(accepted)" : error) << "\nfor:\n"
      << yaml;
}

TEST(ValidationDoc, EveryStationRuleHoldsInTheLoader) {
  const auto table = rules(read_doc(), "station-rules");
  ASSERT_GE(table.size(), 25u);
  for (const Rule& r : table) {
    const std::string ok = station_with(r.setting, r.example);
    EXPECT_EQ(station_error(ok), "")
        << r.setting << ": the example " << r.example << " is refused:\n"
        << ok;
    const std::string nan = station_with(r.setting, "nan");
    expect_refused_at_line(station_error(nan), r.setting, "nan", nan);
    const auto range = range_of(r);
    if (!range) continue;
    const double step = range->whole ? 1.0 : (range->hi - range->lo) * 0.01;
    for (const double v : {range->lo - step, range->hi + step}) {
      const std::string yaml = station_with(r.setting, number(v));
      expect_refused_at_line(station_error(yaml), r.setting, number(v), yaml);
    }
  }
}

// ---- scenario files -----------------------------------------------------------------------

std::string scenario_with(const std::string& setting, const std::string& value) {
  std::string yaml, path = setting, indent;
  for (std::size_t dot; (dot = path.find('.')) != std::string::npos;) {
    yaml += indent + path.substr(0, dot) + ":\n";
    path = path.substr(dot + 1);
    indent += "  ";
  }
  return yaml + indent + path + ": " + value + "\n";
}

std::string scenario_error(const std::string& yaml) {
  try {
    sim::parse_scenario(yaml, "scenario.yaml");
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(ValidationDoc, EveryScenarioRuleHoldsInTheLoader) {
  const auto table = rules(read_doc(), "scenario-rules");
  ASSERT_GE(table.size(), 30u);
  for (const Rule& r : table) {
    const std::string ok = scenario_with(r.setting, r.example);
    EXPECT_EQ(scenario_error(ok), "")
        << r.setting << ": the example " << r.example << " is refused:\n"
        << ok;
    const std::string nan = scenario_with(r.setting, "nan");
    expect_refused_at_line(scenario_error(nan), r.setting, "nan", nan);
    const auto range = range_of(r);
    if (!range) continue;
    const double step = range->whole ? 1.0 : (range->hi - range->lo) * 0.01;
    for (const double v : {range->lo - step, range->hi + step}) {
      const std::string yaml = scenario_with(r.setting, number(v));
      expect_refused_at_line(scenario_error(yaml), r.setting, number(v), yaml);
    }
  }
}

// ---- protocol files -----------------------------------------------------------------------

/// A protocol file setting `setting` to `value`, and the key its messages name. "KIND.duration_s"
/// is the duration of a block of that kind (a post_test after a retraining block, as the order
/// rules want); "blocks[].X" is X of a warm-up block.
struct ProtocolCase {
  std::string yaml, key;
};

ProtocolCase protocol_with(const std::string& setting, const std::string& value) {
  if (setting.rfind("blocks[].", 0) == 0) {
    return {"blocks:\n  - kind: warmup\n    until: next\n    " + setting.substr(9) + ": " + value +
                "\n",
            "blocks[0]." + setting.substr(9)};
  }
  const std::string kind = setting.substr(0, setting.find('.'));
  const std::string field = setting.substr(setting.find('.') + 1);
  const bool after_retraining = kind == "post_test";
  std::string yaml = "blocks:\n";
  if (after_retraining) yaml += "  - {kind: retraining, duration_s: 60}\n";
  yaml += "  - kind: " + kind + "\n    " + field + ": " + value + "\n";
  return {yaml, std::string(after_retraining ? "blocks[1]." : "blocks[0].") + field};
}

std::string protocol_error(const std::string& yaml) {
  try {
    config::parse_protocol(yaml, "protocol.yaml");
  } catch (const config::ProtocolFileError& e) {
    return e.what();
  }
  return "";
}

/// Refused at a line and column, naming the block's setting and the value as typed.
void expect_protocol_refused(const std::string& error, const std::string& key,
                             const std::string& typed, const std::string& yaml) {
  const std::regex want("protocol\\.yaml:[0-9]+:[0-9]+: " +
                        std::regex_replace(key, std::regex(R"([.\[\]])"), R"(\$&)") + ": '" +
                        std::regex_replace(typed, std::regex(R"([.+])"), R"(\$&)") + "'");
  EXPECT_TRUE(std::regex_search(error, want))
      << key << " = " << typed << " gave:\n"
      << (error.empty() ? "(accepted)" : error) << "\nfor:\n"
      << yaml;
}

TEST(ValidationDoc, EveryProtocolRuleHoldsInTheLoader) {
  const auto table = rules(read_doc(), "protocol-rules");
  ASSERT_GE(table.size(), 8u);
  for (const Rule& r : table) {
    const ProtocolCase ok = protocol_with(r.setting, r.example);
    EXPECT_EQ(protocol_error(ok.yaml), "")
        << r.setting << ": the example " << r.example << " is refused:\n"
        << ok.yaml;
    const ProtocolCase nan = protocol_with(r.setting, "nan");
    expect_protocol_refused(protocol_error(nan.yaml), nan.key, "nan", nan.yaml);
    const auto range = range_of(r);
    if (!range) continue;
    const double step = range->whole ? 1.0 : (range->hi - range->lo) * 0.01;
    for (const double v : {range->lo - step, range->hi + step}) {
      const ProtocolCase c = protocol_with(r.setting, number(v));
      expect_protocol_refused(protocol_error(c.yaml), c.key, number(v), c.yaml);
    }
    // Both ends are valid.
    for (const double v : {range->lo, range->hi}) {
      const ProtocolCase c = protocol_with(r.setting, number(v));
      EXPECT_EQ(protocol_error(c.yaml), "") << r.setting << " = " << number(v);
    }
  }
  // Every kind has its row, and what the rows say about `until: next` holds.
  for (const auto kind : config::kBlockKindNames) {
    const std::string setting = std::string(kind) + ".duration_s";
    const auto row = std::find_if(table.begin(), table.end(),
                                  [&](const Rule& r) { return r.setting == setting; });
    ASSERT_NE(row, table.end()) << setting << " has no row";
    const ProtocolCase until = protocol_with(std::string(kind) + ".until", "next");
    const bool allowed = row->valid.find("or `until: next`") != std::string::npos;
    EXPECT_EQ(protocol_error(until.yaml).empty(), allowed) << kind << ": " << until.yaml;
  }
}

// ---- the other direction: what the loaders know is on the page ----------------------------

/// The settings the loader lists when a section holds an unknown one.
std::vector<std::string> known_settings(const std::string& error) {
  std::smatch m;
  std::vector<std::string> out;
  if (!std::regex_search(error, m, std::regex(R"(\(settings: ([a-z_, ]+)\))"))) return out;
  std::istringstream list(m[1].str());
  for (std::string name; std::getline(list, name, ',');) {
    out.push_back(name.substr(name.find_first_not_of(' ')));
  }
  return out;
}

TEST(ValidationDoc, EveryStationSettingTheLoaderKnowsIsOnThePage) {
  const std::string doc = read_doc();
  for (const std::string section :
       {"runner", "devices[]", "devices[].text", "processing", "processing.lowpass",
        "processing.load_cells", "processing.symmetry", "processing.symmetry_cue",
        "processing.baseline", "pelvis"}) {
    const std::string yaml = station_with(section + ".zzz_unknown", "1");
    const auto names = known_settings(station_error(yaml));
    EXPECT_FALSE(names.empty()) << section << ": no list of settings in\n" << station_error(yaml);
    for (const std::string& name : names) {
      const bool listed = doc.find("`" + section + "." + name + "`") != std::string::npos ||
                          doc.find("`" + name + "`") != std::string::npos;
      EXPECT_TRUE(listed) << section << "." << name << " is read but not in docs/validation.md";
    }
  }
}

TEST(ValidationDoc, EveryProtocolSettingTheLoaderKnowsIsOnThePage) {
  const std::string all = read_doc();
  const auto begin = all.find("## Protocol file");
  ASSERT_NE(begin, std::string::npos);
  const std::string doc = all.substr(begin, all.find("\n## ", begin + 1) - begin);
  for (const std::string yaml : {"zzz_unknown: 1\nblocks: [{kind: free, until: next}]\n",
                                 "blocks: [{kind: free, until: next, zzz_unknown: 1}]\n"}) {
    const auto names = known_settings(protocol_error(yaml));
    EXPECT_FALSE(names.empty()) << "no list of settings in\n" << protocol_error(yaml);
    for (const std::string& name : names) {
      const bool listed = doc.find("`" + name + "`") != std::string::npos ||
                          doc.find("`blocks[]." + name + "`") != std::string::npos ||
                          doc.find("." + name + "`") != std::string::npos;
      EXPECT_TRUE(listed) << name << " is read but not in docs/validation.md's protocol section";
    }
  }
}

}  // namespace
