// The streaming reader: header, look-ahead, then rows on demand. Lines come from
// line_framer.cpp, cells and numbers from row_decoder.cpp, the meaning of the columns from
// column_binding.cpp and the time base from time_base.cpp; this file turns decoded rows into
// frames and samples and keeps the order of the checks.
#include "stridecue/offline/force_table_reader.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "column_binding.hpp"
#include "delimited_text.hpp"
#include "line_framer.hpp"
#include "row_decoder.hpp"
#include "stridecue/offline/import_error.hpp"
#include "time_base.hpp"

namespace stridecue::offline {

struct ForceTableReader::Impl {
  Impl(detail::LineFramer framer, std::string file_name, const ImportOptions& o,
       const ReaderBuffers& buffers);

  std::size_t read(std::span<ForceFrame> frames, std::span<ImuSample> imu);

  /// Reads up to the header line and binds the columns.
  void read_header(const ImportOptions& o);
  /// Reads the look-ahead rows and resolves the rate.
  void read_ahead(std::size_t max_rows);
  /// The next data row; false at the end of the data (only blank lines left). Throws for a
  /// blank line with data after it.
  bool next_data_line(std::string_view& row, std::size_t& line_no);
  /// Decodes `row` as the next data row into *f / *s (either may be null: not wanted); returns
  /// its time value (0 without a time column).
  double decode_row(std::string_view row, std::size_t line_no, ForceFrame* f, ImuSample* s);
  TimeNs time_of_row(std::size_t i) const {
    return static_cast<TimeNs>(std::llround(static_cast<double>(i) * 1e9 / rate_hz));
  }

  std::string file;
  detail::LineFramer lines;
  ImportSummary summary;
  detail::ColumnBinding binding;
  std::optional<detail::RowDecoder> decoder;
  std::optional<detail::TimeBase> time;
  int n_plates = 0;
  bool has_imu = false;
  bool split = false;
  std::size_t header_line_no = 0;
  double rate_hz = 0;
  TimeNs sample_period_ns = 0;

  // Look-ahead rows, decoded, waiting to be handed out.
  std::vector<ForceFrame> ahead_frames;
  std::vector<ImuSample> ahead_imu;
  std::vector<double> ahead_time;
  std::size_t ahead_rows = 0;
  std::size_t ahead_next = 0;

  std::size_t rows_decoded = 0;  // data rows decoded: the index of the next one
  std::size_t rows_out = 0;      // rows handed out
  std::size_t blank_line = 0;    // line of a blank line after the last data row seen (0: none)
  bool input_done = false;       // no rows left and the end checks passed
  std::exception_ptr failure;    // the error every later read() rethrows
  std::size_t estimated_rows = 0;
};

ForceTableReader::Impl::Impl(detail::LineFramer framer, std::string file_name,
                             const ImportOptions& o, const ReaderBuffers& buffers)
    : file(std::move(file_name)), lines(std::move(framer)) {
  summary.file = file;
  summary.header_line = o.header_line;
  n_plates = o.map.n_plates();
  has_imu = o.map.has_imu();
  split = o.map.split;
  read_header(o);
  time.emplace(o, binding.time, binding.ignored_auto, file);
  read_ahead(std::max<std::size_t>(buffers.lookahead_rows, 2));
}

void ForceTableReader::Impl::read_header(const ImportOptions& o) {
  std::string_view line;
  std::size_t line_no = 0;
  bool have_header = false;
  while (lines.next(line, line_no)) {
    if (line_no == o.header_line) {
      have_header = true;
      break;
    }
  }
  if (!have_header) {
    if (line_no == 0) {
      throw ImportError(ImportErrorKind::kFile,
                        file + ": the file is empty; expected a header line and data rows", file);
    }
    throw ImportError(ImportErrorKind::kFile,
                      file + ": has " + std::to_string(line_no) +
                          " lines, but the header was expected on line " +
                          std::to_string(o.header_line),
                      file);
  }
  if (detail::is_blank(line)) {
    throw ImportError(ImportErrorKind::kFile,
                      file + ":" + std::to_string(line_no) +
                          ": blank line where the header (column names) was expected; remove "
                          "the blank lines above the header",
                      file, line_no);
  }
  const Separator sep =
      o.separator == Separator::kAuto ? detail::detect_separator(line) : o.separator;
  summary.separator = sep;
  std::vector<std::string_view> cells;
  detail::split_cells(line, sep, cells);
  summary.header.assign(cells.begin(), cells.end());
  header_line_no = line_no;

  binding = detail::bind_columns(o, summary, line_no);
  std::vector<std::size_t> needed;
  for (const detail::Binding& b : binding.bindings) needed.push_back(b.col);
  if (binding.time) needed.push_back(binding.time->col);
  decoder.emplace(summary.header, sep, std::move(needed), file, line_no);
}

void ForceTableReader::Impl::read_ahead(std::size_t max_rows) {
  if (n_plates > 0) ahead_frames.resize(max_rows);
  if (has_imu) ahead_imu.resize(max_rows);
  if (time->has_column()) ahead_time.reserve(max_rows);
  const std::uint64_t data_start = lines.consumed_bytes();
  std::string_view row;
  std::size_t line_no = 0;
  bool end_of_data = false;
  while (ahead_rows < max_rows) {
    if (!next_data_line(row, line_no)) {
      end_of_data = true;
      break;
    }
    const double t = decode_row(row, line_no, n_plates > 0 ? &ahead_frames[ahead_rows] : nullptr,
                                has_imu ? &ahead_imu[ahead_rows] : nullptr);
    if (time->has_column()) ahead_time.push_back(t);
    ++ahead_rows;
  }
  if (ahead_rows == 0) {
    throw ImportError(
        ImportErrorKind::kFile,
        file + ": no data rows after the header (line " + std::to_string(header_line_no) + ")",
        file, header_line_no);
  }
  rate_hz = time->resolve(ahead_time, header_line_no + 1, summary);
  sample_period_ns = static_cast<TimeNs>(std::llround(1e9 / rate_hz));
  for (std::size_t i = 0; i < ahead_rows; ++i) {
    if (n_plates > 0) ahead_frames[i].t_ns = time_of_row(i);
    if (has_imu) ahead_imu[i].t_ns = time_of_row(i);
  }
  if (end_of_data) {
    time->finish();
    input_done = true;
    estimated_rows = ahead_rows;
  } else if (const auto total = lines.total_bytes()) {
    const std::uint64_t done = lines.consumed_bytes();
    const double bytes_per_row = static_cast<double>(done - data_start) / ahead_rows;
    const double left = static_cast<double>(*total > done ? *total - done : 0);
    estimated_rows = ahead_rows + static_cast<std::size_t>(left / bytes_per_row);
  }
}

bool ForceTableReader::Impl::next_data_line(std::string_view& row, std::size_t& line_no) {
  std::string_view line;
  std::size_t n = 0;
  while (lines.next(line, n)) {
    if (blank_line == 0) {
      if (!detail::is_blank(line)) {
        row = line;
        line_no = n;
        return true;
      }
      blank_line = n;  // the end of the data, unless something other than blanks follows
    } else if (!detail::is_blank_or_cr(line)) {
      throw ImportError(ImportErrorKind::kRowLength,
                        file + ":" + std::to_string(blank_line) +
                            ": blank line inside the data (more rows follow); remove it",
                        file, blank_line);
    }
  }
  return false;
}

double ForceTableReader::Impl::decode_row(std::string_view row, std::size_t line_no, ForceFrame* f,
                                          ImuSample* s) {
  decoder->decode(row, line_no);
  // IMU targets are unprefixed: they land in v[0].
  std::array<std::array<double, kTargetCount>, kMaxPlates> v{};
  for (const detail::Binding& b : binding.bindings) {
    v[static_cast<std::size_t>(b.plate)][static_cast<std::size_t>(b.target)] =
        decoder->value(b.col) * b.scale;
  }
  const auto counter = static_cast<std::uint32_t>(rows_decoded);
  ++rows_decoded;
  if (s != nullptr) {
    auto at = [&](Target t) { return static_cast<float>(v[0][static_cast<std::size_t>(t)]); };
    *s = make_sample<ImuSample>(0, counter, kImuDevice, 0);
    s->acc_mps2 = {at(Target::kAccX), at(Target::kAccY), at(Target::kAccZ)};
    s->gyro_rads = {at(Target::kGyroX), at(Target::kGyroY), at(Target::kGyroZ)};
  }
  if (f != nullptr) {
    ForceFrame frame;
    frame.counter = counter;
    frame.n_plates = static_cast<std::uint8_t>(n_plates);
    for (std::size_t p = 0; p < static_cast<std::size_t>(n_plates); ++p) {
      const auto& c = v[p];
      auto at = [&](Target t) { return c[static_cast<std::size_t>(t)]; };
      const double fx = at(Target::kFx), fy = at(Target::kFy), fz = at(Target::kFz);
      double mx = at(Target::kMx), my = at(Target::kMy), mz = at(Target::kMz);
      if (binding.plate_has_cop[p]) {
        // M = r × F + Tz·ẑ, r = (COPx, COPy, 0) at the surface (force_table_import.hpp).
        const double cx = at(Target::kCopX), cy = at(Target::kCopY);
        mx = cy * fz;
        my = -cx * fz;
        mz = at(Target::kTz) + cx * fy - cy * fx;
      }
      PlateWrench& w = frame.plate[p];
      w.fx_n = static_cast<float>(fx);
      w.fy_n = static_cast<float>(fy);
      w.fz_n = static_cast<float>(fz);
      w.mx_nm = static_cast<float>(mx);
      w.my_nm = static_cast<float>(my);
      w.mz_nm = static_cast<float>(mz);
    }
    *f = frame;
  }
  return time->has_column() ? decoder->value(time->column()) : 0.0;
}

std::size_t ForceTableReader::Impl::read(std::span<ForceFrame> frames, std::span<ImuSample> imu) {
  if (failure) std::rethrow_exception(failure);
  std::size_t room = std::numeric_limits<std::size_t>::max();
  if (n_plates > 0) room = std::min(room, frames.size());
  if (has_imu) room = std::min(room, imu.size());
  if (room == 0) {
    throw std::invalid_argument(
        "ForceTableReader::read: no room for a row (" + std::to_string(frames.size()) +
        " frames, " + std::to_string(imu.size()) + " IMU samples); pass spans of at least 1");
  }
  std::size_t k = 0;
  for (; k < room && ahead_next < ahead_rows; ++k, ++ahead_next) {
    if (n_plates > 0) frames[k] = ahead_frames[ahead_next];
    if (has_imu) imu[k] = ahead_imu[ahead_next];
  }
  try {
    std::string_view row;
    std::size_t line_no = 0;
    while (k < room && !input_done) {
      if (!next_data_line(row, line_no)) {
        if (k > 0) break;  // hand these out; the end checks come with the next call
        time->finish();
        input_done = true;
        break;
      }
      ForceFrame* f = n_plates > 0 ? &frames[k] : nullptr;
      ImuSample* s = has_imu ? &imu[k] : nullptr;
      const std::size_t i = rows_decoded;
      const double t = decode_row(row, line_no, f, s);
      time->check(t, line_no);
      if (f != nullptr) f->t_ns = time_of_row(i);
      if (s != nullptr) s->t_ns = time_of_row(i);
      ++k;
    }
  } catch (const ImportError&) {
    failure = std::current_exception();
    if (k == 0) throw;  // else: hand out the good rows before it; the next call throws
  }
  rows_out += k;
  summary.rows = rows_out;
  summary.duration_s = static_cast<double>(rows_out) / rate_hz;
  return k;
}

ForceTableReader::ForceTableReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ForceTableReader::ForceTableReader(const std::string& path, const ImportOptions& options,
                                   const ReaderBuffers& buffers) {
  validate(options);
  impl_ =
      std::make_unique<Impl>(detail::LineFramer(path, buffers.block_bytes), path, options, buffers);
}

ForceTableReader ForceTableReader::from_text(std::string_view text, std::string_view name,
                                             const ImportOptions& options,
                                             const ReaderBuffers& buffers) {
  validate(options);
  return ForceTableReader(
      std::make_unique<Impl>(detail::LineFramer(text), std::string(name), options, buffers));
}

ForceTableReader::ForceTableReader(ForceTableReader&&) noexcept = default;
ForceTableReader& ForceTableReader::operator=(ForceTableReader&&) noexcept = default;
ForceTableReader::~ForceTableReader() = default;

const ImportSummary& ForceTableReader::summary() const noexcept {
  return impl_->summary;
}
int ForceTableReader::n_plates() const noexcept {
  return impl_->n_plates;
}
std::array<Side, kMaxPlates> ForceTableReader::plate_side() const noexcept {
  if (impl_->split) return {Side::kLeft, Side::kRight};
  return {Side::kUnknown, Side::kUnknown};
}
bool ForceTableReader::has_imu() const noexcept {
  return impl_->has_imu;
}
double ForceTableReader::rate_hz() const noexcept {
  return impl_->rate_hz;
}
TimeNs ForceTableReader::sample_period_ns() const noexcept {
  return impl_->sample_period_ns;
}
std::size_t ForceTableReader::read(std::span<ForceFrame> frames, std::span<ImuSample> imu) {
  return impl_->read(frames, imu);
}
std::size_t ForceTableReader::rows_read() const noexcept {
  return impl_->rows_out;
}
std::size_t ForceTableReader::estimated_rows() const noexcept {
  return impl_->estimated_rows;
}
std::size_t ForceTableReader::buffer_bytes() const noexcept {
  const Impl& m = *impl_;
  return m.lines.buffer_bytes() + m.ahead_frames.capacity() * sizeof(ForceFrame) +
         m.ahead_imu.capacity() * sizeof(ImuSample) + m.ahead_time.capacity() * sizeof(double);
}

}  // namespace stridecue::offline
