// What `stridecue analyze FILE` needs to know about a force recording made by another system,
// and the parsers for the command-line spellings of it (--map, --units, --time, --belt, --sep).
//
// Frame: the importer does no rotation. Each StrideCue target (lab frame of samples.hpp: X
// forward, Y left, Z up; force = ground reaction on the runner) takes the named column, scaled
// to SI and optionally negated ("fy=-Fz"). The map is therefore the frame change, and the user
// must make it a proper one. Example, Fukuchi RBDS (X forward, Y up, Z right, mm):
//   fx=Fx, fy=-Fz, fz=Fy, cop_x=COPx, cop_y=-COPz, tz=Ty   with --units length=mm,moment=N.mm
// (the "fy=Fz,cop_y=COPz" mirrors left and right: fine for vertical force and timing,
// wrong for anything that reads the sign of the mediolateral COP).
//
// All parsers throw ImportError(kOption) whose message quotes the option and the bad part.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue::offline {

/// Column separator. kAuto decides from the header line: a tab if it has one, else ';' if it
/// has one, else ',' if it has one, else runs of blanks (spaces/tabs).
enum class Separator : std::uint8_t { kAuto, kTab, kComma, kSemicolon, kWhitespace };

/// "auto" | "tab" | "comma" | "semicolon" | "whitespace" (also the characters "\t" "," ";" " ").
Separator parse_separator(std::string_view spec);
std::string_view separator_name(Separator sep) noexcept;

/// What a plate column means. COP columns are at the plate surface, in the plate/lab frame.
enum class Target : std::uint8_t { kFx, kFy, kFz, kMx, kMy, kMz, kCopX, kCopY, kTz };
inline constexpr int kTargetCount = 9;
/// "fx", "fy", "fz", "mx", "my", "mz", "cop_x", "cop_y", "tz".
std::string_view target_name(Target target) noexcept;

/// One `target=column` pair of --map. plate: 0 for an unprefixed map or `left.`, 1 for `right.`.
struct MapEntry {
  int plate = 0;
  Target target = Target::kFz;
  std::string column;   ///< header name, exact (case-sensitive) match
  bool negate = false;  ///< written "target=-column": the column's sign is flipped
};

/// Parsed --map. `split` when the pairs carry `left.` / `right.` prefixes (two plates, one per
/// belt: plate 0 = left, plate 1 = right); otherwise one plate.
struct ColumnMap {
  bool split = false;
  std::vector<MapEntry> entries;
  int n_plates() const { return split ? 2 : 1; }
  /// "left.fz" / "fz"
  std::string qualified_name(const MapEntry& e) const;
};

/// --map syntax: comma-separated `target=column` pairs, e.g.
///   fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz
///   left.fz=FzL,left.cop_x=CoPxL,left.cop_y=CoPyL,right.fz=FzR,...
/// Targets: fx fy fz mx my mz cop_x cop_y tz, optionally prefixed `left.` / `right.` (all pairs or
/// none). A `-` before the column negates it. Blanks around names are ignored. Each plate needs
/// fz; moments come either as mx,my[,mz] or as cop_x,cop_y[,tz] (not both); fx, fy, and the
/// moments may be omitted (they are then 0). A split map needs both plates.
ColumnMap parse_column_map(std::string_view spec);

enum class ForceUnit : std::uint8_t { kNewton, kKilonewton, kBodyWeight };
enum class LengthUnit : std::uint8_t { kMetre, kMillimetre };
enum class MomentUnit : std::uint8_t { kNewtonMetre, kNewtonMillimetre };

struct Units {
  ForceUnit force = ForceUnit::kNewton;
  LengthUnit length = LengthUnit::kMetre;        ///< COP columns
  MomentUnit moment = MomentUnit::kNewtonMetre;  ///< mx my mz tz columns
};

/// --units syntax: comma-separated `quantity=unit`, any subset, any order, e.g.
/// "force=kN,length=mm". force=N|kN|BW, length=m|mm, moment=N.m|N.mm (also Nm, Nmm).
/// Unit names are case-insensitive. Unnamed quantities keep the SI default.
Units parse_units(std::string_view spec);

enum class TimeUnit : std::uint8_t { kSeconds, kMilliseconds, kSampleIndex };

/// Which column carries time.
///  kAuto:  the first header cell that reads (case-insensitively) t, time or timestamp, with an
///          optional unit suffix `_s`, `_ms`, ` (s)`, `(ms)`, `[s]`, `[ms]` (none: seconds). It
///          is used only when no rate is given; with a rate it is ignored (and the summary says
///          so), because many exports (Fukuchi RBDS: `Time` = 1..9000) carry a sample index there.
///  kNone:  no time column; the rate must be given.
///  kNamed: this column, in this unit; with a rate given it is checked against the rate.
///          A kSampleIndex column needs a rate and must step by exactly 1 (gaps are reported).
struct TimeSpec {
  enum class Mode : std::uint8_t { kAuto, kNone, kNamed } mode = Mode::kAuto;
  std::string column;
  TimeUnit unit = TimeUnit::kSeconds;
};

/// --time syntax: "auto" | "none" | "COLUMN" (seconds) | "COLUMN:s" | "COLUMN:ms" |
/// "COLUMN:index". Only a final ":s", ":ms" or ":index" is read as the unit.
TimeSpec parse_time_spec(std::string_view spec);

/// kFromMap: single for an unprefixed map, split for a `left.`/`right.` map. An explicit value
/// must agree with the map.
enum class Belt : std::uint8_t { kFromMap, kSingle, kSplit };

/// "single" | "split".
Belt parse_belt(std::string_view spec);

struct ImportOptions {
  Separator separator = Separator::kAuto;
  /// 1-based line of the header; lines before it (a vendor preamble) are skipped unread.
  std::size_t header_line = 1;
  /// Sample rate in Hz; 0: derive it from the time column.
  double rate_hz = 0;
  TimeSpec time{};
  ColumnMap map{};
  Units units{};
  /// Runner's mass in kg; 0 = not given. Needed only for force=BW.
  double body_mass_kg = 0;
  Belt belt = Belt::kFromMap;
};

/// Throws ImportError(kOption) when the options cannot work together (before any file is read):
/// empty map, BW without a mass, a time index without a rate, belt vs map, bad rate or mass.
void validate(const ImportOptions& options);

}  // namespace stridecue::offline
