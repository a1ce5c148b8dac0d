// Where the shipped YAML files (scenarios, protocols) are found: $STRIDECUE_CONFIG_DIR/<kind>,
// else the source tree's config/<kind> when it exists (a build run from its checkout), else the
// installed share/stridecue/config/<kind>. Header-only; callers pass their target's
// STRIDECUE_SOURCE_CONFIG_DIR and STRIDECUE_INSTALL_CONFIG_DIR (either may be null).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

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

}  // namespace stridecue
