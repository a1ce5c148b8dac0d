#include "stridecue/acquisition/text_line_decoder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace stridecue::acquisition {

namespace {

// Conventional values: 1 lbf = 0.45359237 kg × g_n; g_n = 9.80665 m/s² (CGPM 1901).
constexpr double kStandardGravity = 9.80665;
constexpr double kPoundForceN = 4.4482216152605;
constexpr double kPi = 3.14159265358979323846;

struct UnitEntry {
  Quantity quantity;
  std::string_view name;
  double factor;
};

constexpr UnitEntry kUnits[] = {
    {Quantity::kForce, "N", 1.0},
    {Quantity::kForce, "kN", 1000.0},
    {Quantity::kForce, "lbf", kPoundForceN},
    {Quantity::kForce, "kgf", kStandardGravity},
    {Quantity::kMoment, "N.m", 1.0},
    {Quantity::kMoment, "Nm", 1.0},
    {Quantity::kMoment, "N*m", 1.0},
    {Quantity::kMoment, "N·m", 1.0},
    {Quantity::kMoment, "N.mm", 1e-3},
    {Quantity::kMoment, "Nmm", 1e-3},
    {Quantity::kMoment, "N*mm", 1e-3},
    {Quantity::kMoment, "N·mm", 1e-3},
    {Quantity::kAcceleration, "m/s2", 1.0},
    {Quantity::kAcceleration, "m/s^2", 1.0},
    {Quantity::kAcceleration, "m/s²", 1.0},
    {Quantity::kAcceleration, "g", kStandardGravity},
    {Quantity::kAngularRate, "rad/s", 1.0},
    {Quantity::kAngularRate, "deg/s", kPi / 180.0},
    {Quantity::kAngularRate, "dps", kPi / 180.0},
    {Quantity::kAngularRate, "°/s", kPi / 180.0},
    {Quantity::kTime, "s", 1.0},
    {Quantity::kTime, "ms", 1e-3},
    {Quantity::kTime, "us", 1e-6},
    {Quantity::kTime, "µs", 1e-6},
};

constexpr std::string_view kForceChannels[] = {"fx", "fy", "fz", "mx", "my", "mz"};
constexpr std::string_view kCellChannels[] = {"cell1", "cell2", "cell3", "cell4"};
constexpr std::string_view kImuChannels[] = {"acc_x",  "acc_y",  "acc_z",
                                             "gyro_x", "gyro_y", "gyro_z"};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// A header cell, with one pair of CSV double quotes removed.
std::string_view header_cell(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return s;
}

// The whole field must be a finite decimal number ("+1.5", "-2", "3e-4"). Never allocates
// (libstdc++ ≥ 12 parses decimal doubles with fast_float).
bool parse_number(std::string_view f, double& out) {
  // from_chars rejects a leading '+', which some amplifiers print; "+-1" stays invalid.
  if (f.size() >= 2 && f.front() == '+' && f[1] != '-' && f[1] != '+') f.remove_prefix(1);
  if (f.empty()) return false;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (ec != std::errc{} || ptr != f.data() + f.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += '\'';
  return out;
}

std::string field(std::size_t i, std::string_view name) {
  return "channels[" + std::to_string(i) + "]" + (name.empty() ? "" : ".") + std::string(name);
}

std::string_view channel_list(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kForce6:
      return "fx, fy, fz (N), mx, my, mz (N.m), prefixed 'plate2.' for the second plate";
    case DeviceKind::kLoadCell:
      return "cell1..cell4 (front-left, front-right, rear-right, rear-left), prefixed 'plate2.' "
             "for the second plate";
    default:
      return "acc_x, acc_y, acc_z (m/s2), gyro_x, gyro_y, gyro_z (rad/s)";
  }
}

std::string_view quantity_name(Quantity q) {
  switch (q) {
    case Quantity::kForce:
      return "force";
    case Quantity::kMoment:
      return "moment";
    case Quantity::kAcceleration:
      return "acceleration";
    case Quantity::kAngularRate:
      return "angular rate";
    case Quantity::kTime:
      return "time";
    case Quantity::kCount:
      return "count";
  }
  return "?";
}

// A target name resolved: which channel of which plate, and what it measures.
struct ParsedTarget {
  int kind = 0;  // 0 value, 1 time, 2 counter
  int plate = 0;
  int channel = 0;
  Quantity quantity = Quantity::kForce;
};

// Returns false when the name is not a channel of `kind`; plate is left 1-based and unchecked.
bool parse_target(std::string_view name, DeviceKind kind, ParsedTarget& out) {
  if (name == "t") {
    out = {1, 0, 0, Quantity::kTime};
    return true;
  }
  if (name == "counter") {
    out = {2, 0, 0, Quantity::kCount};
    return true;
  }
  int plate = 1;
  if (name.starts_with("plate")) {
    if (kind == DeviceKind::kImu) return false;
    const char* begin = name.data() + 5;
    const char* end = name.data() + name.size();
    const auto [ptr, ec] = std::from_chars(begin, end, plate);
    if (ec != std::errc{} || ptr == begin || ptr == end || *ptr != '.') return false;
    name.remove_prefix(static_cast<std::size_t>(ptr + 1 - name.data()));
  }
  auto find = [&](const auto& names, Quantity q_first, Quantity q_second, int split) {
    for (int c = 0; c < static_cast<int>(std::size(names)); ++c) {
      if (names[c] == name) {
        out = {0, plate, c, c < split ? q_first : q_second};
        return true;
      }
    }
    return false;
  };
  switch (kind) {
    case DeviceKind::kForce6:
      return find(kForceChannels, Quantity::kForce, Quantity::kMoment, 3);
    case DeviceKind::kLoadCell:
      return find(kCellChannels, Quantity::kForce, Quantity::kForce, 4);
    case DeviceKind::kImu:
      return find(kImuChannels, Quantity::kAcceleration, Quantity::kAngularRate, 3);
    default:
      return false;
  }
}

}  // namespace

std::optional<double> si_factor(Quantity q, std::string_view unit) {
  if (unit.empty()) return 1.0;
  for (const UnitEntry& u : kUnits) {
    if (u.quantity == q && u.name == unit) return u.factor;
  }
  return std::nullopt;
}

std::string_view unit_choices(Quantity q) {
  switch (q) {
    case Quantity::kForce:
      return "N, kN, lbf, kgf";
    case Quantity::kMoment:
      return "N.m, N.mm";
    case Quantity::kAcceleration:
      return "m/s2, g";
    case Quantity::kAngularRate:
      return "rad/s, deg/s";
    case Quantity::kTime:
      return "s, ms, us";
    case Quantity::kCount:
      return "none (leave unit empty)";
  }
  return "?";
}

TextLineDecoder::TextLineDecoder(std::uint8_t device_index, DeviceHealth& health,
                                 TextLineConfig config)
    : device_(device_index), health_(health), config_(std::move(config)) {
  using std::invalid_argument;
  const DeviceKind kind = config_.kind;
  if (kind != DeviceKind::kForce6 && kind != DeviceKind::kLoadCell && kind != DeviceKind::kImu) {
    throw invalid_argument(
        "kind: " + std::string(device_kind_name(kind)) +
        " is not a text-line device kind; use force plates (6-axis), load cells or IMU");
  }
  const int n_plates = kind == DeviceKind::kImu ? 1 : config_.n_plates;
  if (n_plates < 1 || n_plates > kMaxPlates) {
    throw invalid_argument("n_plates: " + std::to_string(config_.n_plates) +
                           " is not supported; use 1, or 2 for a split-belt treadmill");
  }
  if (config_.channels.empty()) {
    throw invalid_argument("channels: none mapped; map the device's columns to channels (" +
                           std::string(channel_list(kind)) + ", t, counter)");
  }
  if (config_.counter_bits < 8 || config_.counter_bits > 32) {
    throw invalid_argument("counter_bits: " + std::to_string(config_.counter_bits) +
                           " is out of range; use the device counter's width, 8 to 32");
  }
  if (config_.rate_hz > 1'000'000) {
    throw invalid_argument(
        "rate_hz: " + std::to_string(config_.rate_hz) +
        " lines per second is more than a serial line carries; give the device's line rate in Hz");
  }
  if (!std::isfinite(config_.time_wrap) || config_.time_wrap < 0) {
    throw invalid_argument(
        "time_wrap: must be 0 (never wraps) or the raw value at which the time column wraps, e.g. "
        "4294967296 for Arduino micros()");
  }

  slots_.reserve(config_.channels.size());
  for (std::size_t i = 0; i < config_.channels.size(); ++i) {
    const TextColumn& c = config_.channels[i];
    ParsedTarget t;
    if (!parse_target(c.target, kind, t)) {
      throw invalid_argument(field(i, "target") + ": " + quoted(c.target) +
                             " is not a channel of " + std::string(device_kind_name(kind)) +
                             "; use " + std::string(channel_list(kind)) + ", t or counter");
    }
    if (t.kind == 0 && (t.plate < 1 || t.plate > n_plates)) {
      throw invalid_argument(
          field(i, "target") + ": " + quoted(c.target) + " names plate " + std::to_string(t.plate) +
          " but n_plates is " + std::to_string(n_plates) +
          "; set n_plates: " + std::to_string(t.plate) + " or map it to plate 1");
    }
    Slot s;
    s.target = t.kind == 1 ? Target::kTime : (t.kind == 2 ? Target::kCounter : Target::kValue);
    s.plate = static_cast<std::uint8_t>(t.kind == 0 ? t.plate - 1 : 0);
    s.channel = static_cast<std::uint8_t>(t.channel);
    s.config_index = i;
    for (const Slot& other : slots_) {
      if (other.target == s.target && other.plate == s.plate && other.channel == s.channel) {
        const TextColumn& o = config_.channels[other.config_index];
        throw invalid_argument(field(i, "target") + ": " + quoted(c.target) +
                               " is the same channel as " + field(other.config_index, "") + " (" +
                               quoted(o.target) + "); map each channel once");
      }
    }

    if (!c.name.empty() && c.index >= 0) {
      throw invalid_argument(field(i, "") + " (" + c.target + "): both name " + quoted(c.name) +
                             " and index " + std::to_string(c.index) + " are given; keep one");
    }
    if (c.name.empty() && c.index < 0) {
      throw invalid_argument(field(i, "") + " (" + c.target +
                             "): no column given; set name (a header column) or index (0-based)");
    }
    if (!c.name.empty() && !config_.header) {
      throw invalid_argument(
          field(i, "name") + ": " + quoted(c.name) +
          " needs the device's header line; set header: true, or give the 0-based column as index");
    }
    if (c.index >= static_cast<int>(kMaxColumns)) {
      throw invalid_argument(field(i, "index") + ": " + std::to_string(c.index) +
                             " is beyond the " + std::to_string(kMaxColumns) +
                             " columns a line may have; give a 0-based column index");
    }
    s.column = c.name.empty() ? c.index : -1;

    const auto unit = si_factor(t.quantity, c.unit);
    if (!unit) {
      std::string msg = field(i, "unit") + ": " + quoted(c.unit) + " is not a unit of " +
                        std::string(quantity_name(t.quantity)) + "; use " +
                        std::string(unit_choices(t.quantity));
      if (c.unit == "BW") msg += " (body weight normalisation happens in processing)";
      throw invalid_argument(msg);
    }
    if (!std::isfinite(c.scale) || c.scale == 0) {
      throw invalid_argument(
          field(i, "scale") +
          ": must be a finite, non-zero factor (1 when the unit alone converts the column)");
    }
    if (!std::isfinite(c.offset)) {
      throw invalid_argument(field(i, "offset") + ": must be finite (0 for none)");
    }
    if (s.target == Target::kCounter && (c.scale != 1.0 || c.offset != 0.0)) {
      throw invalid_argument(field(i, "") +
                             " (counter): a counter is used as printed; remove scale and offset");
    }
    s.offset = c.offset;
    s.factor = c.scale * *unit;
    if (s.target == Target::kTime) {
      has_time_ = true;
      time_offset_ = s.offset;
      time_factor_ = s.factor;
    }
    if (s.target == Target::kCounter) has_counter_ = true;
    slots_.push_back(s);
  }

  // Required channels per kind.
  auto mapped = [&](int plate, int channel) {
    for (const Slot& s : slots_) {
      if (s.target == Target::kValue && s.plate == plate && s.channel == channel) return true;
    }
    return false;
  };
  for (int p = 0; p < n_plates && kind != DeviceKind::kImu; ++p) {
    const std::string prefix = "plate" + std::to_string(p + 1) + ".";
    if (kind == DeviceKind::kForce6 && !mapped(p, 2)) {
      throw invalid_argument("channels: plate " + std::to_string(p + 1) + " has no fz; map a " +
                             "column to " + quoted(prefix + "fz") +
                             " (gait events need vertical force)");
    }
    for (int c = 0; kind == DeviceKind::kLoadCell && c < 4; ++c) {
      if (!mapped(p, c)) {
        throw invalid_argument(
            "channels: plate " + std::to_string(p + 1) + " has no " +
            std::string(kCellChannels[c]) + "; map a column to " +
            quoted(prefix + std::string(kCellChannels[c])) +
            " (a load-cell plate needs all four cells to locate the centre of pressure)");
      }
    }
  }
  if (kind == DeviceKind::kImu) {
    bool any = false;
    for (const Slot& s : slots_) any = any || s.target == Target::kValue;
    if (!any) {
      throw invalid_argument(
          "channels: no IMU channel mapped; map acc_x..acc_z and/or gyro_x..gyro_z");
    }
  }
  if (!has_time_ && config_.rate_hz == 0) {
    throw invalid_argument(
        "rate_hz: required when no channel has target 't' (samples are then timed from the "
        "declared rate); set rate_hz to the device's lines per second, or map its time column to "
        "'t'");
  }
  if (!has_time_ && config_.time_wrap > 0) {
    throw invalid_argument(
        "time_wrap: set, but no channel has target 't'; map the time column to 't' or remove "
        "time_wrap");
  }

  counter_mask_ = config_.counter_bits == 32
                      ? 0xFFFFFFFFu
                      : static_cast<std::uint32_t>((std::uint64_t{1} << config_.counter_bits) - 1);

  info_.kind = kind;
  const std::string_view serial = "TEXT";
  std::copy(serial.begin(), serial.end(), info_.serial.begin());
  info_.sample_rate_hz = config_.rate_hz;
  info_.n_plates = static_cast<std::uint8_t>(kind == DeviceKind::kImu ? 0 : n_plates);
  info_.samples_per_frame = 1;
  info_.scale.fill(1.0f);  // values arrive in SI units already
}

bool TextLineDecoder::waiting_for_header() const {
  for (const Slot& s : slots_) {
    if (s.column < 0) return true;
  }
  return false;
}

void TextLineDecoder::reset() {
  len_ = 0;
  overflow_ = false;
  clock_.reset();
  synced_ = false;
  error_since_good_ = false;
  have_counter_ = false;
  pending_flags_ = kSampleGapBefore;
  line_index_ = 0;
  have_time_ = false;
  time_wraps_ = 0;
}

void TextLineDecoder::feed(const std::uint8_t* data, std::size_t n, TimeNs host_rx_ns,
                           SampleSink& sink) {
  DeviceHealth::bump(health_.bytes, n);
  sink_ = &sink;
  host_rx_ns_ = host_rx_ns;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\n') {
      end_line();
    } else if (!overflow_) {
      if (len_ == line_.size()) {
        overflow_ = true;  // keep reading to the end of the line, storing nothing
      } else {
        line_[len_++] = c;
      }
    }
  }
  sink_ = nullptr;
}

void TextLineDecoder::end_line() {
  if (overflow_) {
    if (synced_) ++too_long_lines_;
    reject(TextLineError::kTooLong, -1);
  } else {
    process_line({line_.data(), len_});
  }
  synced_ = true;  // whatever came before, the next line starts at a line boundary
  overflow_ = false;
  len_ = 0;
}

void TextLineDecoder::reject(TextLineError why, int column) {
  // Before the first line end, a failure is the tail of a line we joined mid-way.
  if (!synced_) return;
  DeviceHealth::bump(health_.other_errors);
  error_since_good_ = true;
  last_error_ = why;
  last_error_column_ = column;
}

void TextLineDecoder::process_line(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return;
  const std::size_t n_fields = split(line);
  if (config_.header && is_header(n_fields)) {
    handle_header(n_fields);
  } else if (synced_) {
    accept_data(n_fields);
  }
  // else: the first line may be the tail of a sample; drop it uncounted.
}

std::size_t TextLineDecoder::split(std::string_view line) {
  std::size_t n = 0;
  auto add = [&](std::string_view f) {
    if (n < fields_.size()) fields_[n++] = f;
  };
  const std::size_t len = line.size();
  const TextSeparator sep = config_.separator;
  if (sep == TextSeparator::kComma || sep == TextSeparator::kSemicolon ||
      sep == TextSeparator::kTab) {
    const char s =
        sep == TextSeparator::kComma ? ',' : (sep == TextSeparator::kSemicolon ? ';' : '\t');
    std::size_t start = 0;
    for (std::size_t i = 0; i <= len; ++i) {
      if (i == len || line[i] == s) {
        add(trim(line.substr(start, i - start)));
        start = i + 1;
      }
    }
    return n;
  }
  // kWhitespace and kAuto: runs of blanks separate; in kAuto one comma (with blanks around it)
  // also separates, so "1,,3" has an empty middle column.
  const bool commas = sep == TextSeparator::kAuto;
  auto skip_blanks = [&](std::size_t i) {
    while (i < len && is_blank(line[i])) ++i;
    return i;
  };
  std::size_t i = skip_blanks(0);
  while (i < len) {
    const std::size_t start = i;
    while (i < len && !is_blank(line[i]) && !(commas && line[i] == ',')) ++i;
    add(line.substr(start, i - start));
    i = skip_blanks(i);
    if (commas && i < len && line[i] == ',') {
      i = skip_blanks(i + 1);
      if (i == len) add({});  // trailing comma: an empty last column
    }
  }
  return n;
}

bool TextLineDecoder::is_header(std::size_t n_fields) const {
  // A header names columns: none of its cells is a number.
  double v = 0;
  for (std::size_t i = 0; i < n_fields; ++i) {
    if (parse_number(fields_[i], v)) return false;
  }
  return n_fields > 0;
}

void TextLineDecoder::handle_header(std::size_t n_fields) {
  // A header must cover every mapped column; resolve names without touching slots_ until the
  // whole header is known to fit, so a stray text line cannot break a working map.
  std::array<int, kMaxSlots> resolved{};
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    const Slot& s = slots_[k];
    const std::string_view name = config_.channels[s.config_index].name;
    int column = -1;
    if (name.empty()) {
      column = s.column;
    } else {
      for (std::size_t f = 0; f < n_fields; ++f) {
        if (header_cell(fields_[f]) == name) {
          column = static_cast<int>(f);
          break;
        }
      }
    }
    if (column < 0 || static_cast<std::size_t>(column) >= n_fields) {
      reject(TextLineError::kBadHeader, name.empty() ? column : -1);
      return;
    }
    resolved[k] = column;
  }
  for (std::size_t k = 0; k < slots_.size(); ++k) slots_[k].column = resolved[k];
  if (error_since_good_) DeviceHealth::bump(health_.resyncs);
  error_since_good_ = false;
}

bool TextLineDecoder::next_time(double raw_t, TimeNs& device_ns, double& wraps) const {
  // Device time of this line, with the time column's wraps unrolled. Nothing is committed: the
  // caller does that once the whole line is accepted.
  wraps = time_wraps_;
  const double wrap = config_.time_wrap;
  if (wrap > 0 && have_time_ && raw_t < last_raw_t_ - wrap / 2) wraps += 1;
  const double t_s = (raw_t + wraps * wrap + time_offset_) * time_factor_;
  if (!(std::fabs(t_s) < 9e9)) return false;  // beyond int64 ns
  device_ns = s_to_ns(t_s);
  return true;
}

void TextLineDecoder::accept_data(std::size_t n_fields) {
  if (waiting_for_header()) {
    ++lines_before_header_;
    return;
  }
  double raw_t = 0;
  double raw_counter = 0;
  for (const Slot& s : slots_) {
    const auto col = static_cast<std::size_t>(s.column);
    if (col >= n_fields) {
      reject(TextLineError::kMissingColumn, s.column);
      return;
    }
    double raw = 0;
    if (!parse_number(fields_[col], raw)) {
      reject(TextLineError::kNotANumber, s.column);
      return;
    }
    switch (s.target) {
      case Target::kValue:
        values_[s.plate * 6u + s.channel] = (raw + s.offset) * s.factor;
        break;
      case Target::kTime:
        raw_t = raw;
        break;
      case Target::kCounter:
        raw_counter = raw;
        break;
    }
  }
  std::uint32_t counter = sample_counter_;
  if (has_counter_) {
    if (raw_counter < 0 || raw_counter >= 9007199254740992.0 ||
        raw_counter != std::floor(raw_counter)) {
      reject(TextLineError::kBadCounter, -1);
      return;
    }
    counter = static_cast<std::uint32_t>(static_cast<std::uint64_t>(raw_counter) & counter_mask_);
  }
  TimeNs device_ns = 0;
  double wraps = 0;
  if (has_time_ && !next_time(raw_t, device_ns, wraps)) {
    reject(TextLineError::kBadTime, -1);
    return;
  }

  // The line is good: commit.
  if (error_since_good_) DeviceHealth::bump(health_.resyncs);
  error_since_good_ = false;
  std::uint8_t flags = pending_flags_;
  pending_flags_ = 0;

  bool restart = false;
  if (has_time_) {
    if (have_time_ && device_ns < last_device_ns_) {
      // The device time went backwards: the device restarted. Its clock and counter start over.
      restart = true;
      ++restarts_;
      clock_.reset();
      have_counter_ = false;
    }
    time_wraps_ = wraps;
    have_time_ = true;
    last_raw_t_ = raw_t;
    last_device_ns_ = device_ns;
  }

  bool gap = false;
  std::uint64_t lost = 0;
  if (has_counter_) {
    if (have_counter_ && counter != next_counter_) {
      // Modular difference handles the counter's wrap; a backwards jump counts as 0 lost.
      const std::uint32_t diff = (counter - next_counter_) & counter_mask_;
      lost = diff <= (counter_mask_ >> 1) ? diff : 0;
      gap = true;
    }
    have_counter_ = true;
    next_counter_ = (counter + 1) & counter_mask_;
  }

  if (!has_time_) {
    // Synthetic device time: lines lost according to the counter still took their period.
    line_index_ += lost;
    const std::uint64_t rate = config_.rate_hz;
    device_ns =
        static_cast<TimeNs>((line_index_ / rate) * kNsPerS + (line_index_ % rate) * kNsPerS / rate);
    ++line_index_;
  }
  clock_.observe(device_ns, host_rx_ns_);
  health_.clock_jumps.store(clock_.jumps() + restarts_, std::memory_order_relaxed);
  const TimeNs t_ns = clock_.to_host(device_ns);

  if (!info_sent_) {
    info_sent_ = true;
    health_.declared_rate_hz.store(config_.rate_hz, std::memory_order_relaxed);
    sink_->on_device_info(device_, info_);
  }
  if (restart) {
    sink_->on_gap(device_, counter, 0, t_ns);
    flags |= kSampleGapBefore;
  }
  if (gap) {
    DeviceHealth::bump(health_.counter_gaps);
    DeviceHealth::bump(health_.lost_samples, lost);
    sink_->on_gap(device_, counter, lost, t_ns);
    flags |= kSampleGapBefore;
  }
  DeviceHealth::bump(health_.frames);
  DeviceHealth::bump(health_.samples);
  ++sample_counter_;
  publish_sample(t_ns, counter, flags);
}

void TextLineDecoder::publish_sample(TimeNs t_ns, std::uint32_t counter, std::uint8_t flags) {
  auto v = [&](unsigned plate, unsigned channel) {
    return static_cast<float>(values_[plate * 6u + channel]);
  };
  switch (config_.kind) {
    case DeviceKind::kForce6: {
      auto out = make_sample<ForceFrame>(t_ns, counter, device_, flags);
      out.n_plates = info_.n_plates;
      for (unsigned p = 0; p < info_.n_plates; ++p) {
        out.plate[p] = {v(p, 0), v(p, 1), v(p, 2), v(p, 3), v(p, 4), v(p, 5)};
      }
      sink_->on_force(out);
      break;
    }
    case DeviceKind::kLoadCell: {
      auto out = make_sample<LoadCellFrame>(t_ns, counter, device_, flags);
      out.n_plates = info_.n_plates;
      for (unsigned p = 0; p < info_.n_plates; ++p) {
        for (unsigned c = 0; c < 4; ++c) out.cell_n[p][c] = v(p, c);
      }
      sink_->on_load_cells(out);
      break;
    }
    default: {
      auto out = make_sample<ImuSample>(t_ns, counter, device_, flags);
      out.acc_mps2 = {v(0, 0), v(0, 1), v(0, 2)};
      out.gyro_rads = {v(0, 3), v(0, 4), v(0, 5)};
      sink_->on_imu(out);
      break;
    }
  }
}

}  // namespace stridecue::acquisition
