// A station's settings written back as a station file: every value the station file can set,
// exactly (17 significant digits), so that parse_station(station_yaml(c)) rebuilds the same
// gait engine settings. A session records it as "the settings as run"; a replay with the
// recorded settings parses it. Devices are written by name, port and baud only (a text device's
// column map is in the station file the session also keeps).
#pragma once

#include <string>

#include "stridecue/config/station_config.hpp"

namespace stridecue::config {

std::string station_yaml(const StationConfig& config);

}  // namespace stridecue::config
