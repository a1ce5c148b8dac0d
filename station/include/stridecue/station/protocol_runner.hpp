// Runs a session protocol (config::Protocol) block by block on the session clock: when each block
// starts and ends, and the station actions a block needs — a tare block zeroes the plates, a
// static block calibrates the pelvis, a baseline block is the engine's baseline block. Pure
// logic: no threads, no I/O, no clock of its own; the caller passes the time and maps the
// actions onto the station (StationControls in live_view.hpp has the same names).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/config/protocol.hpp"
#include "stridecue/core/time.hpp"

namespace stridecue::station {

/// Why a block ended.
enum class BlockEnd : std::uint8_t {
  kTimeUp,   ///< its duration passed
  kMovedOn,  ///< the clinician moved on (next())
  kStopped,  ///< the session stopped (stop())
};

/// "time up", "moved on", "stopped".
std::string_view block_end_name(BlockEnd why);

/// A block has started. The views point into the runner and live as long as it does.
struct BlockStarted {
  std::size_t index = 0;  ///< 0-based
  std::size_t count = 0;  ///< blocks in the protocol
  config::BlockKind kind = config::BlockKind::kFree;
  std::string_view name, instruction, cue_preset;
  std::optional<double> feedback_pct;  ///< a retraining block's own feedback share, %
  std::optional<double> speed_kmh;
  std::optional<TimeNs> duration_ns;  ///< none: until the clinician moves on
  TimeNs t_ns = 0;                    ///< session clock
};

/// A block has ended.
struct BlockEnded {
  std::size_t index = 0;
  config::BlockKind kind = config::BlockKind::kFree;
  std::string_view name;
  BlockEnd why = BlockEnd::kTimeUp;
  TimeNs t_ns = 0;       ///< session clock: the block's own end when its time was up
  TimeNs lasted_ns = 0;  ///< t_ns − the block's start
};

/// Where a protocol's events and actions go. Called only from inside ProtocolRunner's
/// advance/next/stop, on the caller's thread. For one block, in order: block_started, mark(its
/// start label), its start action (tare / calibrate / begin_baseline) … then its end action
/// (end_baseline), block_ended, mark(its end label); after the last block (or a stop),
/// finished.
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  virtual void block_started(const BlockStarted& block) = 0;
  virtual void block_ended(const BlockEnded& block) = 0;
  /// Zero the plates from the next `duration_ns` of data (StationControls::request_tare).
  virtual void tare(TimeNs duration_ns) = 0;
  /// A static pelvis calibration (StationControls::request_calibration).
  virtual void calibrate() = 0;
  virtual void begin_baseline() = 0;
  virtual void end_baseline() = 0;
  /// The cues of block `block`: a retraining block's preset name (its cue_preset, or "" for the
  /// station's own symmetry cue) with its feedback share; `cues_on` false for every other block
  /// and after the last (no cues). Called at each block start, after block_started, and once
  /// when the protocol finishes.
  virtual void select_cues(bool cues_on, std::string_view preset, std::size_t block,
                           std::optional<double> feedback_pct) {
    (void)cues_on, (void)preset, (void)block, (void)feedback_pct;
  }
  /// A marker for the session record: "block 2 start: Baseline", "block 2 end, time up:
  /// Baseline" — at most processing::Marker::kMaxLabel bytes, cut at a character boundary.
  virtual void mark(std::string_view label) = 0;
  /// The protocol is over: every block ran (`completed`), or it was stopped.
  virtual void finished(TimeNs t_ns, bool completed) = 0;
};

/// Runs one protocol once. Not thread-safe: one thread calls everything (the console loop or the
/// GUI timer). advance/next/stop never allocate and never block; the constructor allocates.
class ProtocolRunner {
 public:
  /// Throws std::invalid_argument for no block or a duration ≤ 0 (a file's protocol has
  /// neither: parse_protocol refuses them).
  explicit ProtocolRunner(config::Protocol protocol);

  /// The session clock is now `now_ns` (the data time of the latest sample): the first call
  /// starts the first block; a block whose time is up ends at its own end time and the next
  /// starts then — so a jump over several blocks still starts and ends each, in order. A time
  /// earlier than the last one changes nothing.
  void advance(TimeNs now_ns, ActionSink& sink);

  /// The clinician moves on: catches up to `now_ns`, then ends the current block (kMovedOn)
  /// and starts the next. Before the first advance it starts the first block; after the last,
  /// nothing.
  void next(TimeNs now_ns, ActionSink& sink);

  /// The session stops: catches up to `now_ns`, ends the current block (kStopped) and finishes.
  /// A baseline block stopped this way gets no end_baseline: cut short, it is not the runner's
  /// reference. Before the first advance it only finishes; after the last block, nothing.
  void stop(TimeNs now_ns, ActionSink& sink);

  bool started() const { return state_ != State::kNotStarted; }
  bool finished() const { return state_ == State::kFinished; }
  /// The running block's index (0 before the start; block_count() once finished).
  std::size_t current_index() const { return index_; }
  std::size_t block_count() const { return protocol_.blocks.size(); }
  /// The running block, or nullptr before the start and once finished.
  const config::ProtocolBlock* current_block() const;
  /// Session time the running block started at (0 when none runs).
  TimeNs block_start_ns() const { return running() ? block_start_ns_ : 0; }
  /// Time since the running block started (0 when none runs; never negative).
  TimeNs time_in_block_ns(TimeNs now_ns) const;
  /// Time until the running block's end (never negative); none for an until-next block or when
  /// no block runs.
  std::optional<TimeNs> time_left_ns(TimeNs now_ns) const;
  const config::Protocol& protocol() const { return protocol_; }

 private:
  enum class State : std::uint8_t { kNotStarted, kRunning, kFinished };
  /// A block's markers, made once: start, then end for each BlockEnd.
  struct Labels {
    std::string start;
    std::array<std::string, 3> end;
  };

  bool running() const { return state_ == State::kRunning; }
  void start_block(std::size_t index, TimeNs t_ns, ActionSink& sink);
  void end_block(BlockEnd why, TimeNs t_ns, ActionSink& sink);
  /// After the current block ended at t_ns: starts the next one, or finishes.
  void start_next_or_finish(TimeNs t_ns, ActionSink& sink);

  config::Protocol protocol_;
  std::vector<Labels> labels_;
  State state_ = State::kNotStarted;
  std::size_t index_ = 0;
  TimeNs block_start_ns_ = 0;
};

}  // namespace stridecue::station
