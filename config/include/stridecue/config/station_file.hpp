// Station configuration files (config/station*.yaml): which devices, on which ports (a path or
// a USB identity), speaking which protocol, and the processing settings for the runner.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "stridecue/config/station_config.hpp"

namespace stridecue::config {

/// A station file that cannot be used. The message names the file, line and column, the
/// setting, what is wrong and the fix, e.g.
/// "station.yaml:14:11: devices[1].baud: 1500000 is not supported; use 1152000 or 2000000".
class StationFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses YAML text; `source` names it in errors. Validates everything, including each text
/// device's column map, so a bad line is reported before any port is opened.
StationConfig parse_station(const std::string& yaml_text, const std::string& source);

/// Reads and parses a file. Throws StationFileError.
StationConfig load_station(const std::filesystem::path& file);

}  // namespace stridecue::config
