// Session protocols (config/protocols/*.yaml): an ordered list of blocks — plate zero, static
// pelvis calibration, warm-up, baseline, retraining, post-test, free running — each with a
// duration or "until the clinician moves on", a belt speed to tell the runner, the instruction
// shown and the cue preset of a retraining block. docs/protocols.md describes them for a PT or a
// coach; docs/validation.md lists the rules. station::ProtocolRunner runs one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/core/time.hpp"

namespace stridecue::config {

/// What a block is for, and so what the station does in it (docs/protocols.md).
enum class BlockKind : std::uint8_t {
  kTare,        ///< plate zero: nobody on the belt, belt still; the plates are zeroed over it
  kStatic,      ///< static pelvis calibration: the runner stands still on the belt
  kWarmup,      ///< running to settle in; nothing measured against anything
  kBaseline,    ///< the runner's own reference: the engine's baseline block over it
  kRetraining,  ///< running with cues on (its cue_preset)
  kPostTest,    ///< cues off, measured like the baseline to compare with it
  kFree,        ///< free running: measured, no cue, no reference
};

/// The words of the file, in BlockKind order.
inline constexpr std::array<std::string_view, 7> kBlockKindNames = {
    "tare", "static", "warmup", "baseline", "retraining", "post_test", "free"};

/// "tare", "post_test", …
std::string_view block_kind_name(BlockKind kind);
/// The kind a file's word names, if any.
std::optional<BlockKind> block_kind_from_name(std::string_view word);
/// A block's name when the file gives none: "Plate zero", "Static calibration", "Warm-up",
/// "Baseline", "Retraining", "Post-test", "Free running".
std::string_view default_block_name(BlockKind kind);

/// Limits of the file (docs/validation.md, "Protocol file").
namespace protocol_limits {
inline constexpr std::size_t kMaxBlocks = 64;
inline constexpr std::size_t kMaxInstructionChars = 120;  ///< UTF-8 characters, one line
inline constexpr std::size_t kMaxNameChars = 40;          ///< block and protocol names
inline constexpr std::size_t kMaxCuePresetChars = 40;
inline constexpr double kMaxSpeedKmh = 30;
inline constexpr double kSetupMinS = 1, kSetupMaxS = 60;          ///< tare, static
inline constexpr double kBaselineMinS = 5, kBaselineMaxS = 3600;  ///< as processing.baseline
inline constexpr double kRunMinS = 1, kRunMaxS = 4 * 3600.0;      ///< warm-up, retraining, …
}  // namespace protocol_limits

struct ProtocolBlock {
  BlockKind kind = BlockKind::kFree;
  std::string name;  ///< one line; default_block_name(kind) when the file gives none
  /// How long the block lasts on the session clock; none: until the clinician moves on
  /// (`until: next`). Always set for tare and static blocks.
  std::optional<TimeNs> duration_ns;
  std::optional<double> speed_kmh;  ///< the belt speed to tell the runner, if the file says
  std::string instruction;          ///< one line for the runner and clinician ("" for none)
  /// A retraining block's cue preset (config/presets/<name>.yaml, docs/cues.md), stored as
  /// written; "" for none: the station's own symmetry cue. The session setup loads it.
  std::string cue_preset;
  /// A retraining block's feedback share for a faded schedule, % (none: the preset's share for
  /// the subject's session number).
  std::optional<double> feedback_pct;
  int line = 0;  ///< where the block starts in its file (1-based; 0 when built in code)
};

struct Protocol {
  std::string name;         ///< from `name:`, else the file's stem
  std::string description;  ///< free text, several lines allowed
  std::vector<ProtocolBlock> blocks;
  std::string source;  ///< the file it came from, as named in messages ("" when built in code)
};

/// A protocol file that cannot be used. The message names the file, line and column, the
/// setting, the value as typed and the fix, one mistake per line, e.g.
/// "p.yaml:7:17: blocks[1].duration_s: '0' is out of range; use 1 .. 60 s (…)".
class ProtocolFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses YAML text; `source` names it in errors (a file name). Reports every mistake at once.
/// Throws ProtocolFileError.
Protocol parse_protocol(const std::string& yaml_text, const std::string& source);

/// Reads and parses a file (a regular file of at most 1 MiB). Throws ProtocolFileError.
Protocol load_protocol(const std::filesystem::path& file);

/// Where the shipped protocols are: $STRIDECUE_CONFIG_DIR/protocols, the source tree's
/// config/protocols, or the installed share/stridecue/config/protocols, first that exists.
std::filesystem::path default_protocol_dir();

/// Names of the *.yaml protocols in `dir`, sorted.
std::vector<std::string> list_protocols(const std::filesystem::path& dir = default_protocol_dir());

/// Resolves a regular file, or "clinic-assessment" / "clinic-assessment.yaml" in `dir` (a
/// shipped name wins over a folder of that name in the working directory). Throws
/// ProtocolFileError listing the protocols in `dir` when a bare name is found nowhere; a path
/// (with a '/') is returned as is, for load_protocol to refuse with the reason.
std::filesystem::path find_protocol(std::string_view name_or_path,
                                    const std::filesystem::path& dir = default_protocol_dir());

}  // namespace stridecue::config
