// Streaming import of a delimited force table (issue 11): the rows of the format described in
// force_table_import.hpp, converted the same way (frames, units, COP → moments, IMU columns),
// handed out in file order in chunks the caller sizes. Memory stays flat in the length of the
// file: one text block, the look-ahead rows and the header, whatever the number of rows.
//
// Time base. The constructor reads the first ReaderBuffers::lookahead_rows rows ahead (4096 by
// default: 2 s at 2 kHz, 13.7 s at 300 Hz) and keeps them, decoded (≤ 112 bytes a row, 460 kB),
// until read() hands them out. Without --rate, the rate comes from their time column: the median
// step is the period every step is checked against, and the rate a least-squares fit of time on
// row index over them. Every later row's time is checked as it is read: increasing, no gaps, even
// steps (an index column: +1 per row). At the end of the table the column's mean rate over the
// whole file is checked against the rate (1 % with --rate; 0.1 % for a rate from the look-ahead:
// the rate must not change after it). Details in offline/src/time_base.hpp.
//
// Errors: ImportError as in force_table_import.hpp, with file, line, column and the fix.
//  - The constructor throws for the options, the file, the header, and anything wrong in the
//    look-ahead rows. A table shorter than the look-ahead is checked entirely (end checks
//    included) by the constructor, in the order import_force_table has always used: the rows'
//    cells first, then the time column.
//  - Beyond the look-ahead, a bad row (cell, row length, time step, a blank line with rows after
//    it) is found when read() reaches it, and the error names its line. The rows before it are
//    good and are handed out first: the call that meets the bad row returns the rows before it,
//    and the next call throws. The end checks throw from the call that would return 0. Rows
//    handed out before an error have been handed out: a caller that streams them into an
//    analysis must drop that analysis when an ImportError comes (import_force_table, which
//    collects everything first, simply throws). After an error, every read() rethrows it.
//  - Error order differs from import_force_table's old whole-file passes only beyond the
//    look-ahead: there the first problem in file order wins.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline {

/// Buffer sizes of a ForceTableReader. The defaults suit any table; tests make them small to
/// cut lines across blocks and rows across the look-ahead.
struct ReaderBuffers {
  /// Bytes per file read, and the size of the text buffer. The buffer grows (doubling) only
  /// while one line is longer than it.
  std::size_t block_bytes = std::size_t{256} * 1024;
  /// Rows read ahead by the constructor to settle the rate (taken as at least 2). Fewer rows
  /// estimate a rate from rounded time stamps less well.
  std::size_t lookahead_rows = 4096;
};

/// Reads a force table row by row. See the file comment for the time base and the errors.
///
/// Contract: one thread at a time (not shared while in use; may be moved to another thread
/// between calls). The constructor allocates (text block, header, look-ahead) and blocks on file
/// I/O. read() blocks on file reads and does not allocate, except to throw and to grow the text
/// buffer for a line longer than it.
class ForceTableReader {
 public:
  /// Opens `path`, reads the header, binds the columns of `options`, reads the look-ahead and
  /// resolves the rate. Throws ImportError (options are checked before the file is opened).
  ForceTableReader(const std::string& path, const ImportOptions& options,
                   const ReaderBuffers& buffers = {});

  /// The same on text in memory (nothing copied: `text` must outlive the reader); `name` stands
  /// for the file in messages.
  static ForceTableReader from_text(std::string_view text, std::string_view name,
                                    const ImportOptions& options,
                                    const ReaderBuffers& buffers = {});

  ForceTableReader(ForceTableReader&&) noexcept;
  ForceTableReader& operator=(ForceTableReader&&) noexcept;
  ForceTableReader(const ForceTableReader&) = delete;
  ForceTableReader& operator=(const ForceTableReader&) = delete;
  ~ForceTableReader();

  /// File, separator, header, columns and time source as of construction; `rows` and
  /// `duration_s` count the rows handed out so far (final once read() has returned 0).
  const ImportSummary& summary() const noexcept;
  /// 1 single belt, 2 split belt, 0 IMU only (no frames).
  int n_plates() const noexcept;
  /// Split belt: {left, right}; single belt: unknown.
  std::array<Side, kMaxPlates> plate_side() const noexcept;
  /// True when --map has the IMU columns: read() then fills ImuSamples.
  bool has_imu() const noexcept;
  double rate_hz() const noexcept;
  /// Rounded 1e9 / rate_hz; exact times are in each sample's t_ns.
  TimeNs sample_period_ns() const noexcept;

  /// Hands out the next rows, in file order: up to frames.size() rows when n_plates() > 0, and
  /// up to imu.size() when has_imu() (a span that is not needed is ignored and may be empty).
  /// Row i (0-based over the table) becomes frames[k] and imu[k] exactly as ImportedRecording
  /// describes (t_ns = round(i · 1e9 / rate_hz), counter = i). Returns the rows written; 0 at the
  /// end of the table, and on every call after. Throws ImportError as the file comment says, and
  /// std::invalid_argument when the spans have room for no row.
  std::size_t read(std::span<ForceFrame> frames, std::span<ImuSample> imu);

  /// Rows handed out so far.
  std::size_t rows_read() const noexcept;
  /// Rows of the whole table, estimated from the input's size and the mean length of the
  /// look-ahead rows (exact when the table fits in the look-ahead; 0 when the size of the input
  /// is unknown, e.g. a pipe). For reserving; never a promise.
  std::size_t estimated_rows() const noexcept;
  /// Bytes the reader holds for text and look-ahead rows. Fixed by the constructor; it grows only
  /// to hold a line longer than the text block, never with the number of rows.
  std::size_t buffer_bytes() const noexcept;

 private:
  struct Impl;
  explicit ForceTableReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stridecue::offline
