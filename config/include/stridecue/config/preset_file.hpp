// Cue preset files (config/presets/*.yaml): the rules a retraining block cues by and the schedule
// that delivers them, read into processing::CuePreset (the types and what each field means:
// processing/cue_preset.hpp; the rules of the file: docs/validation.md, "Cue preset file").
// Read like protocol files — every mistake of a file at once, each at its file:line:col with the
// setting, the value as typed and the fix — and then checked by processing::preset_problems()
// too, so a file the loader accepts is one the cue engine runs.
//
// Not for hot paths: everything here allocates and reads files.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/processing/cue_preset.hpp"

namespace stridecue::config {

/// Limits of the file beyond processing::preset_limits (docs/validation.md, "Cue preset file").
namespace preset_file_limits {
inline constexpr double kMaxPctOfBaseline = 1000;  ///< *_pct_of_baseline: above 0, at most this
inline constexpr double kMaxSdFromBaseline = 10;   ///< *_sd_from_baseline: ±this
inline constexpr double kMaxSiPct = 200;           ///< max_si_pct: above 0 (|SI| ≤ 200 % always)
}  // namespace preset_file_limits

/// A cue preset file that cannot be used. The message names the file, line and column, the
/// setting, the value as typed and the fix, one mistake per line, e.g.
/// "p.yaml:7:12: rules[0].persist: '5 of 4' is not usable; use k of n with 1 <= k <= n <= 32 …".
class PresetFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses YAML text; `source` names it in errors (a file name) and its stem is the preset's name
/// when the file gives none. Reports every mistake at once; the preset returned passes
/// processing::preset_problems(). Throws PresetFileError.
processing::CuePreset parse_preset(const std::string& yaml_text, const std::string& source);

/// Reads and parses a file (a regular file of at most 1 MiB). Throws PresetFileError.
processing::CuePreset load_preset(const std::filesystem::path& file);

/// Where the shipped presets are: $STRIDECUE_CONFIG_DIR/presets, the source tree's
/// config/presets, or the installed share/stridecue/config/presets, first that exists.
std::filesystem::path default_preset_dir();

/// Names of the *.yaml presets in `dir`, sorted.
std::vector<std::string> list_presets(const std::filesystem::path& dir = default_preset_dir());

/// Resolves a regular file, or "level-hips" / "level-hips.yaml" in `dir` (a shipped name wins
/// over a folder of that name in the working directory). Throws PresetFileError listing the
/// presets in `dir` when a bare name is found nowhere; a path (with a '/') is returned as is, for
/// load_preset to refuse with the reason.
std::filesystem::path find_preset(std::string_view name_or_path,
                                  const std::filesystem::path& dir = default_preset_dir());

}  // namespace stridecue::config
