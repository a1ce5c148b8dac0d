// Meaning of the columns: the --map and --time names looked up in the header, with the scale of
// each mapped column to SI. Internal to sc_offline.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "stridecue/core/samples.hpp"
#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/import_options.hpp"
#include "time_base.hpp"

namespace stridecue::offline::detail {

/// One mapped column: SI value = scale · cell.
struct Binding {
  std::size_t col = 0;  // 0-based
  int plate = 0;        // 0 for IMU targets
  Target target = Target::kFz;
  double scale = 1.0;  // SI per cell unit, sign included
};

struct ColumnBinding {
  std::vector<Binding> bindings;  // in --map order
  std::array<bool, kMaxPlates> plate_has_cop{false, false};
  std::optional<TimeColumn> time;
  std::optional<std::string> ignored_auto;  // an auto-detected time column a rate overrides
};

/// Binds --map and --time to summary.header (read from line `header_line`) and fills
/// summary.columns. Throws ImportError(kHeader) for a missing or repeated mapped column, a missing
/// --time column, or no time column and no rate.
ColumnBinding bind_columns(const ImportOptions& options, ImportSummary& summary,
                           std::size_t header_line);

}  // namespace stridecue::offline::detail
