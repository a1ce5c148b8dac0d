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

/// What a mapped column means. Plate targets (fx … tz): COP columns are at the plate surface,
/// in the plate/lab frame. IMU targets (acc_x … gyro_z): the pelvis IMU's own sensor axes, as
/// the file gives them: the pelvis pipeline finds "up" by its static calibration and "forward"
/// from the running, so any mounting works. Accelerometer and gyroscope must share one
/// right-handed set of axes (negate columns, "acc_y=-Ay", when the file's do not).
// clang-format off
enum class Target : std::uint8_t {
  kFx, kFy, kFz, kMx, kMy, kMz, kCopX, kCopY, kTz,  // one per plate
  kAccX, kAccY, kAccZ, kGyroX, kGyroY, kGyroZ,      // the pelvis IMU
};
// clang-format on
inline constexpr int kTargetCount = 15;
inline constexpr int kPlateTargetCount = 9;  ///< kFx … kTz; the rest are IMU targets
/// "fx", "fy", "fz", "mx", "my", "mz", "cop_x", "cop_y", "tz", "acc_x", "acc_y", "acc_z",
/// "gyro_x", "gyro_y", "gyro_z".
std::string_view target_name(Target target) noexcept;
constexpr bool is_imu_target(Target target) noexcept {
  return static_cast<int>(target) >= kPlateTargetCount;
}

/// One `target=column` pair of --map. plate: 0 for an unprefixed map or `left.`, 1 for `right.`
/// (always 0 for an IMU target, which takes no prefix).
struct MapEntry {
  int plate = 0;
  Target target = Target::kFz;
  std::string column;   ///< header name, exact (case-sensitive) match
  bool negate = false;  ///< written "target=-column": the column's sign is flipped
};

/// Parsed --map. `split` when the plate pairs carry `left.` / `right.` prefixes (two plates, one
/// per belt: plate 0 = left, plate 1 = right); otherwise one plate. IMU pairs are never prefixed.
struct ColumnMap {
  bool split = false;
  std::vector<MapEntry> entries;
  /// 2 split, 1 single, 0 when the map has no plate targets (an IMU-only recording).
  int n_plates() const;
  bool has_plates() const;
  bool has_imu() const;
  /// "left.fz" / "fz" / "acc_x"
  std::string qualified_name(const MapEntry& e) const;
};

/// --map syntax: comma-separated `target=column` pairs, e.g.
///   fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz
///   left.fz=FzL,left.cop_x=CoPxL,left.cop_y=CoPyL,right.fz=FzR,...
///   fz=Fz,acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=Gy,gyro_z=Gz
/// Plate targets: fx fy fz mx my mz cop_x cop_y tz, optionally prefixed `left.` / `right.` (all
/// plate pairs or none). IMU targets: acc_x acc_y acc_z gyro_x gyro_y gyro_z, never prefixed;
/// optional, but when one is mapped all six are. A `-` before the column negates it. Blanks
/// around names are ignored. Each plate needs fz; moments come either as mx,my[,mz] or as
/// cop_x,cop_y[,tz] (not both); fx, fy, and the moments may be omitted (they are then 0). A split
/// map needs both plates. A map of the six IMU targets alone is an IMU-only recording.
ColumnMap parse_column_map(std::string_view spec);

enum class ForceUnit : std::uint8_t { kNewton, kKilonewton, kBodyWeight };
enum class LengthUnit : std::uint8_t { kMetre, kMillimetre };
enum class MomentUnit : std::uint8_t { kNewtonMetre, kNewtonMillimetre };

/// Accelerometer: metres per second squared, or standard gravities (1 g = 9.80665 m/s²).
enum class AccUnit : std::uint8_t { kMetrePerSecond2, kStandardGravity };
/// Gyroscope: radians or degrees per second.
enum class GyroUnit : std::uint8_t { kRadianPerSecond, kDegreePerSecond };

struct Units {
  ForceUnit force = ForceUnit::kNewton;
  LengthUnit length = LengthUnit::kMetre;        ///< COP columns
  MomentUnit moment = MomentUnit::kNewtonMetre;  ///< mx my mz tz columns
  AccUnit acc = AccUnit::kMetrePerSecond2;       ///< acc_x acc_y acc_z columns
  GyroUnit gyro = GyroUnit::kRadianPerSecond;    ///< gyro_x gyro_y gyro_z columns
};

/// --units syntax: comma-separated `quantity=unit`, any subset, any order, e.g.
/// "force=kN,length=mm,acc=g,gyro=dps". force=N|kN|BW, length=m|mm, moment=N.m|N.mm (also Nm,
/// Nmm), acc=mps2|g (also m/s2, m/s^2), gyro=rads|dps (also rad/s, deg/s).
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
