#include "column_binding.hpp"

#include "messages.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::detail {

namespace {

/// The header's names for a message: each printable and cut, the list cut at about 160 bytes
/// (a header of binary garbage or 2000 columns must not flood the terminal).
std::string header_list(const std::vector<std::string>& header) {
  constexpr std::size_t kListBytes = 160;
  std::string s;
  std::size_t i = 0;
  for (; i < header.size() && s.size() < kListBytes; ++i) {
    if (i) s += ", ";
    s += header[i].empty() ? "(empty)" : printable(header[i], 24);
  }
  if (i < header.size()) s += ", … (" + std::to_string(header.size() - i) + " more)";
  return s;
}

/// Index of `name` in the header (0-based). Missing or repeated → ImportError(kHeader).
std::size_t find_column(const std::vector<std::string>& header, std::string_view name,
                        std::string_view what, std::string_view file, std::size_t header_line) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name) continue;
    if (found) {
      Place{file, header_line, name, i + 1}.fail(
          ImportErrorKind::kHeader, ": the header has this name twice (columns " +
                                        std::to_string(*found + 1) + " and " +
                                        std::to_string(i + 1) + "); rename one in the file");
    }
    found = i;
  }
  if (found) return *found;
  std::string hint;
  for (const std::string& h : header) {
    if (lower(h) == lower(name))
      hint = " (did you mean " + quoted(h) + "? names are case-sensitive)";
  }
  throw ImportError(ImportErrorKind::kHeader,
                    std::string(file) + ":" + std::to_string(header_line) + ": column " +
                        quoted(name) + " (" + std::string(what) +
                        ") is not in the header; the header has: " + header_list(header) + hint,
                    std::string(file), header_line, std::string(name), 0);
}

double scale_for(Target t, const ImportOptions& o) {
  constexpr double kRadPerDeg = 3.14159265358979323846 / 180.0;
  switch (t) {
    case Target::kAccX:
    case Target::kAccY:
    case Target::kAccZ:
      return o.units.acc == AccUnit::kStandardGravity ? kStandardGravity_mps2 : 1.0;
    case Target::kGyroX:
    case Target::kGyroY:
    case Target::kGyroZ:
      return o.units.gyro == GyroUnit::kDegreePerSecond ? kRadPerDeg : 1.0;
    case Target::kFx:
    case Target::kFy:
    case Target::kFz:
      switch (o.units.force) {
        case ForceUnit::kKilonewton:
          return 1e3;
        case ForceUnit::kBodyWeight:
          return o.body_mass_kg * kStandardGravity_mps2;
        default:
          return 1.0;
      }
    case Target::kCopX:
    case Target::kCopY:
      return o.units.length == LengthUnit::kMillimetre ? 1e-3 : 1.0;
    default:
      return o.units.moment == MomentUnit::kNewtonMillimetre ? 1e-3 : 1.0;
  }
}

}  // namespace

ColumnBinding bind_columns(const ImportOptions& o, ImportSummary& sum, std::size_t header_line) {
  const std::string& file = sum.file;
  ColumnBinding b;
  for (const MapEntry& e : o.map.entries) {
    const std::string qualified = o.map.qualified_name(e);
    const std::size_t col =
        find_column(sum.header, e.column, "for " + qualified + " in --map", file, header_line);
    const double scale = (e.negate ? -1.0 : 1.0) * scale_for(e.target, o);
    for (const UsedColumn& used : sum.columns) {
      if (used.index != col + 1) continue;
      Place{file, header_line, e.column, col + 1}.fail(
          ImportErrorKind::kHeader, ": mapped twice in --map (" + used.target + " and " +
                                        qualified + "); each column feeds one target: fix --map");
    }
    b.bindings.push_back(Binding{col, e.plate, e.target, scale});
    sum.columns.push_back(UsedColumn{qualified, e.column, col + 1, scale});
    if (e.target == Target::kCopX) b.plate_has_cop[static_cast<std::size_t>(e.plate)] = true;
  }
  if (o.time.mode == TimeSpec::Mode::kNamed) {
    const std::size_t col = find_column(sum.header, o.time.column, "for --time", file, header_line);
    for (const UsedColumn& used : sum.columns) {
      if (used.index != col + 1) continue;
      Place{file, header_line, o.time.column, col + 1}.fail(
          ImportErrorKind::kHeader, ": given as --time, but --map reads it as " + used.target +
                                        "; the time column must be a column of its own");
    }
    b.time = TimeColumn{col, o.time.column, o.time.unit};
  } else if (o.time.mode == TimeSpec::Mode::kAuto) {
    for (std::size_t i = 0; i < sum.header.size(); ++i) {
      if (auto unit = auto_time_unit(sum.header[i])) {
        if (o.rate_hz > 0) {
          b.ignored_auto = quoted(sum.header[i]) + " (" + std::to_string(i + 1) + ")";
        } else {
          b.time = TimeColumn{i, sum.header[i], *unit};
        }
        break;
      }
    }
  }
  if (!b.time && o.rate_hz <= 0) {
    throw ImportError(ImportErrorKind::kHeader,
                      file + ":" + std::to_string(header_line) +
                          ": no sample rate and no time column (looked for t, time or timestamp, "
                          "optionally with _s, _ms, (s), (ms), [s], [ms]); the header has: " +
                          header_list(sum.header) + "; give --rate HZ or --time COLUMN",
                      file, header_line);
  }
  return b;
}

}  // namespace stridecue::offline::detail
