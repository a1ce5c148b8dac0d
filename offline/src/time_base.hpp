// The time base of an imported table: which column is time (the auto-detect rule of
// TimeSpec::Mode::kAuto), and the sample rate from --rate and/or that column, with the checks
// that make the data evenly sampled (no gaps, no steps back, rate agreeing with the column).
// Internal to sc_offline.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline::detail {

/// The time column as read.
struct TimeColumn {
  std::size_t col = 0;  // 0-based
  std::string name;
  TimeUnit unit = TimeUnit::kSeconds;
  std::vector<double> values;  // as written, in `unit`
};

/// The unit of `cell` if it names a time column by the auto-detect rule, else nothing.
std::optional<TimeUnit> auto_time_unit(std::string_view cell);

/// Decides the rate from the options and the time column `tc` (if any), checks the column,
/// and fills summary.time_source and summary.first_time_s. `ignored_auto` names an
/// auto-detected time column that a given rate overrides. Throws ImportError(kTime / kFile).
double resolve_rate(const ImportOptions& o, const std::optional<TimeColumn>& tc,
                    const std::optional<std::string>& ignored_auto, ImportSummary& summary,
                    std::size_t first_data_line);

}  // namespace stridecue::offline::detail
