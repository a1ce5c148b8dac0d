// A decoder for devices that print one sample per text line: Arduino sketches, amplifiers with a
// "print" output, anything that writes `1234,512.3,498.1\r\n`. Columns are separated by commas,
// semicolons, tabs or whitespace; a configured column map says which column feeds which channel
// and how to scale it to SI units. No I/O: the transport hands it bytes and their host receive
// time, as for WireDecoder, so everything here is testable without a port.
//
// Line rules: LF or CR LF ends a line; a line whose first non-blank character is '#' is a
// comment; blank lines are ignored; a line longer than kMaxLineBytes is discarded and counted.
// The first line after start or reset() may be the tail of a line we joined mid-way, so it is
// used only if it is a header; otherwise it is dropped without being counted (one sample lost).
//
// Timing: with a "t" channel, the device time of each line is mapped to the host clock with a
// ClockMapper (observation = the line's device time and the receive time of the chunk that
// completed it); a backward step of the device time is taken as a device restart. Without a
// "t" channel, the device time is synthetic, line index / rate_hz, so arrival jitter does not
// reach sample times (only the lower envelope of the latency does, see clock_mapper.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stridecue/acquisition/clock_mapper.hpp"
#include "stridecue/acquisition/decoder.hpp"
#include "stridecue/acquisition/device_info.hpp"
#include "stridecue/acquisition/health.hpp"
#include "stridecue/core/samples.hpp"

namespace stridecue::acquisition {

enum class TextSeparator : std::uint8_t {
  kAuto,        ///< commas and/or runs of spaces and tabs ("1, 2 3" is three columns)
  kComma,       ///< one ',' between columns; spaces around a value are ignored
  kSemicolon,   ///< one ';' between columns; spaces around a value are ignored
  kTab,         ///< one tab between columns; spaces around a value are ignored
  kWhitespace,  ///< runs of spaces and tabs
};

/// One channel of the device, read from one column: value_SI = (raw + offset) × scale × unit,
/// where unit is the SI factor of `unit` (1 when empty: the column is already in SI).
struct TextColumn {
  /// Channel fed by the column (see TextLineDecoder for the names): "fz", "plate2.fz", "cell3",
  /// "plate2.cell1", "acc_x", "gyro_z", "t" (device time) or "counter" (sample counter).
  std::string target;
  /// Header name of the column (needs TextLineConfig::header); empty → `index` is used.
  std::string name;
  /// 0-based column index, when `name` is empty; -1 = not given.
  int index = -1;
  /// Unit of (raw + offset) × scale: force N kN lbf kgf; moment N.m N.mm; acceleration m/s2 g;
  /// angular rate rad/s deg/s; time s ms us. Empty = SI. "counter" takes no unit.
  std::string unit;
  double scale = 1.0;   ///< e.g. an amplifier's N/V when the column is in volts (with unit "N")
  double offset = 0.0;  ///< added to the raw value before scaling (a zero offset in raw units)
};

/// Column `index` (0-based) feeds `target`; `unit` as in TextColumn.
inline TextColumn column_at(std::string target, int index, std::string unit = {},
                            double scale = 1.0, double offset = 0.0) {
  return {std::move(target), {}, index, std::move(unit), scale, offset};
}

/// The header column called `name` feeds `target`; `unit` as in TextColumn.
inline TextColumn column_named(std::string target, std::string name, std::string unit = {},
                               double scale = 1.0, double offset = 0.0) {
  return {std::move(target), std::move(name), -1, std::move(unit), scale, offset};
}

struct TextLineConfig {
  /// kForce6 (6-axis plates → ForceFrame), kLoadCell (4 cells per plate → LoadCellFrame) or
  /// kImu (→ ImuSample).
  DeviceKind kind = DeviceKind::kForce6;
  /// Plates, 1 or 2 (split-belt); ignored for kImu.
  int n_plates = 1;
  TextSeparator separator = TextSeparator::kAuto;
  /// The device prints a line naming its columns (at boot; again after a reboot). Required for
  /// columns mapped by name; with index-only maps the header is recognised and skipped.
  bool header = false;
  std::vector<TextColumn> channels;
  /// Lines per second. Required without a "t" channel (sample times come from it); otherwise
  /// optional. Reported as DeviceInfo::sample_rate_hz (0 = not declared). Without "t" it must
  /// be the true rate: a sketch paced by delay() runs slow by its print time, and the mapped
  /// times then lag arrival by up to (rate error × 2 s clock window) before snapping forward.
  /// Such devices should print millis()/micros() as "t".
  std::uint32_t rate_hz = 0;
  /// Raw value at which the "t" column wraps to 0, e.g. 4294967296 for Arduino micros();
  /// 0 = never wraps (a backward step is then a device restart).
  double time_wrap = 0;
  /// Width of the "counter" column's counter in bits (8..32): a 16-bit counter wraps at 65536.
  int counter_bits = 32;
};

enum class Quantity : std::uint8_t { kForce, kMoment, kAcceleration, kAngularRate, kTime, kCount };

/// SI factor of `unit` for quantity q (e.g. kForce "kN" → 1000), or nullopt when the unit is
/// unknown or measures something else. "" is the SI unit of every quantity.
std::optional<double> si_factor(Quantity q, std::string_view unit);

/// The units si_factor accepts for q, for error messages: "N, kN, lbf, kgf".
std::string_view unit_choices(Quantity q);

/// Why the latest rejected line was rejected (diagnostics; health counts them in other_errors).
enum class TextLineError : std::uint8_t {
  kNone,
  kTooLong,        ///< longer than kMaxLineBytes
  kMissingColumn,  ///< a mapped column is not in the line
  kNotANumber,     ///< a mapped column does not parse fully as a finite number
  kBadTime,        ///< the time value is out of range (|t| ≥ 9e9 s)
  kBadCounter,     ///< the counter is negative, fractional or too large
  kBadHeader,      ///< a non-numeric line that does not name every mapped column
};

/// Channel names by kind (plates and cells are 1-based; "plateN." may be left out for plate 1):
///   kForce6:   fx fy fz (N) mx my mz (N·m), "plate2.fz" etc.; every plate needs fz.
///   kLoadCell: cell1..cell4 (N; 1 front-left, 2 front-right, 3 rear-right, 4 rear-left, seen
///              from above), "plate2.cell1" etc.; every plate needs all four cells.
///   kImu:      acc_x acc_y acc_z (m/s²), gyro_x gyro_y gyro_z (rad/s); at least one.
///   any:       t (device time, s), counter (sample counter; gaps are reported).
/// Unmapped channels are 0. Each line is one sample; DeviceInfo (serial "TEXT") is emitted once,
/// before the first sample. Health: accepted data lines count as frames and samples (header lines
/// do not); rejected lines as other_errors; device restarts as clock_jumps.
///
/// Memory: the column map (and the names a header is matched against, which stay in the owned
/// config) is built in the constructor; a header line is matched in place and only fills fixed
/// column indices, so feed() never allocates.
class TextLineDecoder final : public Decoder {
 public:
  static constexpr std::size_t kMaxLineBytes = 512;
  /// Columns a line may have that can be mapped; further columns are ignored.
  static constexpr std::size_t kMaxColumns = 64;

  /// Validates config; throws std::invalid_argument naming the field and the fix. Allocates
  /// (the column map); feed() then never does.
  TextLineDecoder(std::uint8_t device_index, DeviceHealth& health, TextLineConfig config);

  /// Feeds bytes read at host time host_rx_ns. Acquisition thread; no allocation; never throws
  /// on bad input; never blocks except inside the sink.
  void feed(const std::uint8_t* data, std::size_t n, TimeNs host_rx_ns, SampleSink& sink) override;

  /// Forgets the partial line, counters and clock (after a reconnect). The header's column
  /// positions are kept, since a device that is not reset by the port opening will not print
  /// it again; a new header replaces them.
  void reset() override;

  const TextLineConfig& config() const { return config_; }
  const ClockMapper& clock() const { return clock_; }
  /// True while columns mapped by name wait for the header line.
  bool waiting_for_header() const;
  /// Data lines dropped because the header had not been seen yet.
  std::uint64_t lines_before_header() const { return lines_before_header_; }
  /// Times the device time stepped backwards (device restarts; also in health.clock_jumps).
  std::uint64_t restarts() const { return restarts_; }
  /// Lines longer than kMaxLineBytes (also in health.other_errors).
  std::uint64_t too_long_lines() const { return too_long_lines_; }
  /// The reason for the latest rejected line, and the 0-based column involved (-1 if none).
  TextLineError last_error() const { return last_error_; }
  int last_error_column() const { return last_error_column_; }

 private:
  enum class Target : std::uint8_t { kValue, kTime, kCounter };
  // Each channel is mapped at most once: 2 plates × 6 channels, t and counter.
  static constexpr std::size_t kMaxSlots = 2 * 6 + 2;
  // One mapped column, resolved from a TextColumn in the constructor.
  struct Slot {
    Target target = Target::kValue;
    std::uint8_t plate = 0;    // 0-based
    std::uint8_t channel = 0;  // 0-based: fx..mz, cell1..4, acc_x..gyro_z
    int column = -1;           // -1 until the header names it
    std::size_t config_index = 0;
    double offset = 0;
    double factor = 1;  // scale × unit
  };

  void end_line();
  void process_line(std::string_view line);
  std::size_t split(std::string_view line);
  bool is_header(std::size_t n_fields) const;
  void handle_header(std::size_t n_fields);
  void accept_data(std::size_t n_fields);
  void reject(TextLineError why, int column);
  bool next_time(double raw_t, TimeNs& device_ns, double& wraps) const;
  bool check_counter(std::uint32_t counter, TimeNs t_ns);
  void publish_sample(TimeNs t_ns, std::uint32_t counter, std::uint8_t flags);

  std::uint8_t device_;
  DeviceHealth& health_;
  TextLineConfig config_;
  std::vector<Slot> slots_;          // built in the constructor, never resized
  std::array<double, 12> values_{};  // per plate × channel (or IMU channel), SI, this line
  DeviceInfo info_{};
  bool info_sent_ = false;
  bool has_time_ = false;
  bool has_counter_ = false;
  std::uint32_t counter_mask_ = 0xFFFFFFFFu;
  double time_offset_ = 0;  // of the "t" column, raw units
  double time_factor_ = 1;  // of the "t" column, s per raw unit

  // Line assembly.
  std::array<char, kMaxLineBytes> line_{};
  std::size_t len_ = 0;
  bool overflow_ = false;
  std::array<std::string_view, kMaxColumns> fields_{};

  ClockMapper clock_{};
  SampleSink* sink_ = nullptr;  // valid during feed()
  TimeNs host_rx_ns_ = 0;       // valid during feed()
  bool synced_ = false;         // a line end has been seen since (re)start
  bool error_since_good_ = false;
  bool have_counter_ = false;
  std::uint32_t next_counter_ = 0;
  std::uint8_t pending_flags_ = 0;
  std::uint32_t sample_counter_ = 0;  // sample counter when there is no "counter" column
  std::uint64_t line_index_ = 0;      // synthetic device time in periods (no "t" channel)
  bool have_time_ = false;
  double last_raw_t_ = 0;
  double time_wraps_ = 0;
  TimeNs last_device_ns_ = 0;

  std::uint64_t lines_before_header_ = 0;
  std::uint64_t restarts_ = 0;
  std::uint64_t too_long_lines_ = 0;
  TextLineError last_error_ = TextLineError::kNone;
  int last_error_column_ = -1;
};

}  // namespace stridecue::acquisition
