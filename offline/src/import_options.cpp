// Parsers for the command-line spellings of ImportOptions. Every error quotes the option and
// the part that is wrong, and lists what would be accepted.
#include "stridecue/offline/import_options.hpp"
#include "stridecue/core/suggestion.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>

#include "delimited_text.hpp"
#include "messages.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline {

namespace {

using detail::trim;

constexpr std::array<std::string_view, kTargetCount> kTargetNames{
    "fx", "fy",    "fz",    "mx",    "my",     "mz",     "cop_x", "cop_y",
    "tz", "acc_x", "acc_y", "acc_z", "gyro_x", "gyro_y", "gyro_z"};

constexpr std::string_view kTargetList =
    "fx fy fz mx my mz cop_x cop_y tz, optionally prefixed left. or right.; IMU (never "
    "prefixed, all six or none): acc_x acc_y acc_z gyro_x gyro_y gyro_z";

[[noreturn]] void option_error(const std::string& message) {
  throw ImportError(ImportErrorKind::kOption, message);
}

/// An option's text echoed back: longer than a cell's (a --map is often 60–100 characters).
std::string quoted(std::string_view s) {
  constexpr std::size_t kOptionEchoChars = 120;
  return detail::quoted(s, kOptionEchoChars);
}

/// Splits "a,b,c" on commas, trimming blanks; an empty item (",," or a comma at an end) is an
/// error of `option`. A blank spec gives no items.
std::vector<std::string_view> split_list(std::string_view spec, std::string_view option) {
  std::vector<std::string_view> items;
  if (detail::is_blank(spec)) return items;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = spec.find(',', start);
    const std::string_view item = trim(
        spec.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (item.empty()) {
      option_error(std::string(option) + " " + quoted(spec) +
                   ": empty item (two commas in a row, or a comma at an end); separate the "
                   "name=value pairs by single commas");
    }
    items.push_back(item);
    if (end == std::string_view::npos) return items;
    start = end + 1;
  }
}

/// Splits "name=value" of `option`; both sides trimmed and non-empty.
std::pair<std::string_view, std::string_view> split_pair(std::string_view item,
                                                         std::string_view option,
                                                         std::string_view example) {
  const std::size_t eq = item.find('=');
  if (eq == std::string_view::npos) {
    option_error(std::string(option) + ": " + quoted(item) + " has no '='; write it as " +
                 std::string(example));
  }
  const std::string_view name = trim(item.substr(0, eq));
  const std::string_view value = trim(item.substr(eq + 1));
  if (name.empty() || value.empty()) {
    option_error(std::string(option) + ": " + quoted(item) + " needs a name before and a value " +
                 "after '='; write it as " + std::string(example));
  }
  return {name, value};
}

bool has_target(const ColumnMap& map, int plate, Target t) {
  for (const MapEntry& e : map.entries) {
    if (e.plate == plate && e.target == t) return true;
  }
  return false;
}

void check_plate_targets(const ColumnMap& map, int plate, std::string_view spec) {
  const std::string where =
      map.split ? std::string(plate == 0 ? "left." : "right.") + " targets" : "targets";
  auto has = [&](Target t) { return has_target(map, plate, t); };
  auto fail = [&](const std::string& what) { option_error("--map " + quoted(spec) + ": " + what); };
  if (!has(Target::kFz)) {
    fail(map.split ? "no " + std::string(plate == 0 ? "left" : "right") +
                         ".fz; a split-belt map needs the vertical force of both belts "
                         "(left.fz=… and right.fz=…)"
                   : "no fz; the vertical force is required (e.g. fz=Fz)");
  }
  const bool any_moment = has(Target::kMx) || has(Target::kMy) || has(Target::kMz);
  const bool any_cop = has(Target::kCopX) || has(Target::kCopY) || has(Target::kTz);
  if (any_moment && any_cop) {
    fail(where + " mix moments (mx my mz) with COP (cop_x cop_y tz); map one or the other");
  }
  if (any_moment && !(has(Target::kMx) && has(Target::kMy))) {
    fail(where + " give only part of mx, my; map both (mz is optional)");
  }
  if (any_cop && !(has(Target::kCopX) && has(Target::kCopY))) {
    fail(where + " give only part of cop_x, cop_y; map both (tz is optional)");
  }
}

/// IMU targets: none, or all six.
void check_imu_targets(const ColumnMap& map, std::string_view spec) {
  if (!map.has_imu()) return;
  std::string missing;
  for (int t = kPlateTargetCount; t < kTargetCount; ++t) {
    if (!has_target(map, 0, static_cast<Target>(t))) {
      missing += (missing.empty() ? "" : ", ") + std::string(kTargetNames[t]);
    }
  }
  if (!missing.empty()) {
    option_error("--map " + quoted(spec) + ": IMU columns are mapped, but not " + missing +
                 "; the pelvis IMU needs all six: acc_x acc_y acc_z gyro_x gyro_y gyro_z");
  }
}

}  // namespace

std::string_view separator_name(Separator sep) noexcept {
  switch (sep) {
    case Separator::kTab:
      return "tab";
    case Separator::kComma:
      return "comma";
    case Separator::kSemicolon:
      return "semicolon";
    case Separator::kWhitespace:
      return "whitespace";
    default:
      return "auto";
  }
}

Separator parse_separator(std::string_view spec) {
  const std::string_view s = spec == " " ? spec : trim(spec);
  if (iequals(s, "auto")) return Separator::kAuto;
  if (iequals(s, "tab") || s == "\t" || s == "\\t") return Separator::kTab;
  if (iequals(s, "comma") || s == ",") return Separator::kComma;
  if (iequals(s, "semicolon") || s == ";") return Separator::kSemicolon;
  if (iequals(s, "whitespace") || iequals(s, "space") || s == " ") return Separator::kWhitespace;
  option_error("--sep " + quoted(spec) + ": use auto, tab, comma, semicolon or whitespace");
}

std::string_view target_name(Target target) noexcept {
  return kTargetNames[static_cast<std::size_t>(target)];
}

bool ColumnMap::has_plates() const {
  for (const MapEntry& e : entries) {
    if (!is_imu_target(e.target)) return true;
  }
  return false;
}

bool ColumnMap::has_imu() const {
  for (const MapEntry& e : entries) {
    if (is_imu_target(e.target)) return true;
  }
  return false;
}

int ColumnMap::n_plates() const {
  if (!has_plates()) return 0;
  return split ? 2 : 1;
}

std::string ColumnMap::qualified_name(const MapEntry& e) const {
  std::string prefix = split && !is_imu_target(e.target) ? (e.plate == 0 ? "left." : "right.") : "";
  return prefix + std::string(target_name(e.target));
}

ColumnMap parse_column_map(std::string_view spec) {
  constexpr std::string_view kExample = "target=column, e.g. fz=Fz or left.fz=FzL";
  const std::vector<std::string_view> items = split_list(spec, "--map");
  if (items.empty()) {
    option_error("--map is empty; map at least the vertical force, e.g. --map fz=Fz");
  }
  ColumnMap map;
  int n_prefixed = 0, n_plate_entries = 0;
  for (const std::string_view item : items) {
    auto [target_text, column_text] = split_pair(item, "--map", kExample);
    MapEntry e;
    std::string_view name = target_text;
    bool prefixed = false;
    if (name.starts_with("left.")) {
      e.plate = 0;
      name.remove_prefix(5);
      prefixed = true;
    } else if (name.starts_with("right.")) {
      e.plate = 1;
      name.remove_prefix(6);
      prefixed = true;
    }
    bool known = false;
    for (std::size_t t = 0; t < kTargetNames.size(); ++t) {
      if (name == kTargetNames[t]) {
        e.target = static_cast<Target>(t);
        known = true;
      }
    }
    if (!known) {
      option_error("--map: unknown target " + quoted(target_text) + " in " + quoted(item) +
                   "; targets are " + std::string(kTargetList));
    }
    if (prefixed && is_imu_target(e.target)) {
      option_error("--map: " + quoted(item) + ": the IMU is not on a belt; write " +
                   std::string(name) + "=… without the left./right. prefix");
    }
    if (column_text.front() == '-') {
      e.negate = true;
      column_text = trim(column_text.substr(1));
      if (column_text.empty()) {
        option_error("--map: " + quoted(item) + " has '-' but no column name after it");
      }
    }
    e.column = std::string(column_text);
    n_prefixed += prefixed ? 1 : 0;
    n_plate_entries += is_imu_target(e.target) ? 0 : 1;
    map.entries.push_back(std::move(e));
  }
  if (n_prefixed != 0 && n_prefixed != n_plate_entries) {
    option_error("--map " + quoted(spec) +
                 ": some targets have a left./right. prefix and some do not; prefix all of them "
                 "(split belt) or none (single plate)");
  }
  map.split = n_prefixed != 0;
  for (std::size_t i = 0; i < map.entries.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (map.entries[i].plate == map.entries[j].plate &&
          map.entries[i].target == map.entries[j].target) {
        option_error("--map " + quoted(spec) + ": target " +
                     quoted(map.qualified_name(map.entries[i])) +
                     " is mapped twice; keep one column for it");
      }
    }
  }
  check_imu_targets(map, spec);
  if (map.has_imu() && !map.has_plates()) return map;  // IMU-only recording
  for (int plate = 0; plate < (map.split ? 2 : 1); ++plate) check_plate_targets(map, plate, spec);
  return map;
}

Units parse_units(std::string_view spec) {
  constexpr std::string_view kExample = "quantity=unit, e.g. --units force=N,length=mm";
  Units units;
  bool seen[5] = {false, false, false, false, false};
  for (const std::string_view item : split_list(spec, "--units")) {
    const auto [quantity, unit] = split_pair(item, "--units", kExample);
    auto once = [&](int k) {
      if (seen[k]) {
        option_error("--units " + quoted(spec) + ": " + quoted(quantity) +
                     " is given twice; keep one");
      }
      seen[k] = true;
    };
    if (iequals(quantity, "force")) {
      once(0);
      if (iequals(unit, "N")) {
        units.force = ForceUnit::kNewton;
      } else if (iequals(unit, "kN")) {
        units.force = ForceUnit::kKilonewton;
      } else if (iequals(unit, "BW")) {
        units.force = ForceUnit::kBodyWeight;
      } else {
        option_error("--units: force unit " + quoted(unit) + " in " + quoted(item) +
                     " is not one of N, kN, BW");
      }
    } else if (iequals(quantity, "length")) {
      once(1);
      if (iequals(unit, "m")) {
        units.length = LengthUnit::kMetre;
      } else if (iequals(unit, "mm")) {
        units.length = LengthUnit::kMillimetre;
      } else {
        option_error("--units: length unit " + quoted(unit) + " in " + quoted(item) +
                     " is not one of m, mm");
      }
    } else if (iequals(quantity, "moment")) {
      once(2);
      if (iequals(unit, "N.m") || iequals(unit, "Nm")) {
        units.moment = MomentUnit::kNewtonMetre;
      } else if (iequals(unit, "N.mm") || iequals(unit, "Nmm")) {
        units.moment = MomentUnit::kNewtonMillimetre;
      } else {
        option_error("--units: moment unit " + quoted(unit) + " in " + quoted(item) +
                     " is not one of N.m, N.mm");
      }
    } else if (iequals(quantity, "acc")) {
      once(3);
      if (iequals(unit, "mps2") || iequals(unit, "m/s2") || iequals(unit, "m/s^2")) {
        units.acc = AccUnit::kMetrePerSecond2;
      } else if (iequals(unit, "g")) {
        units.acc = AccUnit::kStandardGravity;
      } else {
        option_error("--units: acc unit " + quoted(unit) + " in " + quoted(item) +
                     " is not one of mps2 (m/s²), g");
      }
    } else if (iequals(quantity, "gyro")) {
      once(4);
      if (iequals(unit, "rads") || iequals(unit, "rad/s")) {
        units.gyro = GyroUnit::kRadianPerSecond;
      } else if (iequals(unit, "dps") || iequals(unit, "deg/s")) {
        units.gyro = GyroUnit::kDegreePerSecond;
      } else {
        option_error("--units: gyro unit " + quoted(unit) + " in " + quoted(item) +
                     " is not one of rads (rad/s), dps (deg/s)");
      }
    } else {
      option_error("--units: unknown quantity " + quoted(quantity) + " in " + quoted(item) +
                   "; quantities are force (N, kN, BW), length (m, mm), moment (N.m, N.mm), "
                   "acc (mps2, g), gyro (rads, dps)");
    }
  }
  return units;
}

TimeSpec parse_time_spec(std::string_view spec) {
  const std::string_view s = trim(spec);
  TimeSpec t;
  if (s.empty()) {
    option_error("--time is empty; give auto, none, or COLUMN[:s|:ms|:index]");
  }
  if (s == "auto") return t;
  if (s == "none") {
    t.mode = TimeSpec::Mode::kNone;
    return t;
  }
  t.mode = TimeSpec::Mode::kNamed;
  std::string_view column = s;
  const std::size_t colon = s.rfind(':');
  if (colon != std::string_view::npos) {
    const std::string_view unit = s.substr(colon + 1);
    bool is_unit = true;
    if (unit == "s") {
      t.unit = TimeUnit::kSeconds;
    } else if (unit == "ms") {
      t.unit = TimeUnit::kMilliseconds;
    } else if (unit == "index") {
      t.unit = TimeUnit::kSampleIndex;
    } else {
      is_unit = false;
    }
    if (is_unit) column = trim(s.substr(0, colon));
  }
  if (column.empty()) {
    option_error("--time " + quoted(spec) + ": no column name before ':'; write COLUMN:unit");
  }
  t.column = std::string(column);
  return t;
}

Belt parse_belt(std::string_view spec) {
  const std::string_view s = trim(spec);
  if (iequals(s, "single")) return Belt::kSingle;
  if (iequals(s, "split")) return Belt::kSplit;
  option_error("--belt " + quoted(spec) + ": use single or split");
}

void validate(const ImportOptions& o) {
  if (o.map.entries.empty()) {
    option_error("--map is missing; map at least the vertical force, e.g. --map fz=Fz");
  }
  if (o.belt == Belt::kSingle && o.map.split) {
    option_error(
        "--belt single, but --map uses left./right. prefixes (two plates); drop the prefixes "
        "or use --belt split");
  }
  if (o.belt == Belt::kSplit && !o.map.split) {
    option_error(
        "--belt split, but --map has no left./right. prefixes; map each belt, e.g. "
        "left.fz=FzL,right.fz=FzR");
  }
  if (!(std::isfinite(o.rate_hz) && o.rate_hz >= 0)) {
    option_error("--rate " + std::to_string(o.rate_hz) + ": give the sample rate in Hz (> 0)");
  }
  if (!(std::isfinite(o.body_mass_kg) && o.body_mass_kg >= 0 && o.body_mass_kg <= 500)) {
    option_error("--mass " + std::to_string(o.body_mass_kg) +
                 ": give the runner's mass in kilograms");
  }
  if (o.units.force == ForceUnit::kBodyWeight && !(o.body_mass_kg > 0)) {
    option_error(
        "--units force=BW needs the runner's body mass to convert to newtons; give --mass KG");
  }
  if (o.time.mode == TimeSpec::Mode::kNamed && o.time.unit == TimeUnit::kSampleIndex &&
      o.rate_hz <= 0) {
    option_error("--time " + detail::printable(o.time.column) +
                 ":index says the column counts samples, so the rate must come from --rate HZ");
  }
  if (o.time.mode == TimeSpec::Mode::kNone && o.rate_hz <= 0) {
    option_error("--time none needs the sample rate: give --rate HZ");
  }
  if (o.header_line < 1) {
    option_error("header line 0: lines are numbered from 1");
  }
}

}  // namespace stridecue::offline
