// Where the shipped YAML files (scenarios, protocols, cue presets) are found, and how a name
// finds its file: $STRIDECUE_CONFIG_DIR/<kind>, else the source tree's config/<kind> when it
// exists (a build run from its checkout), else the installed share/stridecue/config/<kind>.
// Header-only; callers pass their target's STRIDECUE_SOURCE_CONFIG_DIR and
// STRIDECUE_INSTALL_CONFIG_DIR (either may be null), or use STRIDECUE_SHIPPED_DIR.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue {

inline std::filesystem::path shipped_config_dir(const std::string& kind, const char* source_dir,
                                                const char* install_dir) {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("STRIDECUE_CONFIG_DIR"); env && *env) {
    return fs::path(env) / kind;
  }
  std::error_code ec;
  if (source_dir && fs::exists(fs::path(source_dir) / kind, ec)) return fs::path(source_dir) / kind;
  if (install_dir) return fs::path(install_dir) / kind;
  return fs::path("config") / kind;
}

/// The *.yaml names (stems) in `dir`, sorted; none when it cannot be read.
inline std::vector<std::string> yaml_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// A regular file as named, else "name" / "name.yaml" in `dir` (a shipped name wins over a
/// folder of that name in the working directory: "demo" run from the source tree). Nothing when
/// a bare name is found nowhere (the caller says so, listing yaml_names(dir)); a path with a '/'
/// comes back as is, for the loader to refuse with its reason.
inline std::optional<std::filesystem::path> find_yaml(std::string_view name_or_path,
                                                      const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path direct(name_or_path);
  std::error_code ec;
  if (fs::is_regular_file(direct, ec)) return direct;
  if (name_or_path.empty() || name_or_path.find('/') != std::string_view::npos) return direct;
  fs::path in_dir = dir / direct;
  if (in_dir.extension() != ".yaml") in_dir += ".yaml";
  if (fs::exists(in_dir, ec)) return in_dir;
  if (fs::exists(fs::symlink_status(direct, ec))) return direct;
  return std::nullopt;
}

}  // namespace stridecue

/// shipped_config_dir(kind) with the including target's STRIDECUE_SOURCE_CONFIG_DIR and
/// STRIDECUE_INSTALL_CONFIG_DIR compile definitions (CMake sets both for sc_config and sc_sim).
#define STRIDECUE_SHIPPED_DIR(kind) \
  ::stridecue::shipped_config_dir((kind), STRIDECUE_SOURCE_CONFIG_DIR, STRIDECUE_INSTALL_CONFIG_DIR)
