// Command-line checks shared by the subcommands.
#pragma once

#include <cmath>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

namespace stridecue::app {

/// A number within [lo, hi] — and a number at all: CLI::Range lets NaN through (every
/// comparison with NaN is false), and `--duration nan` then never ended a run.
inline CLI::Validator finite_range(double lo, double hi) {
  const std::string range =
      "[" + CLI::detail::to_string(lo) + " - " + CLI::detail::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(v)) {
          return "'" + text + "' is not a number; give one in " + range;
        }
        if (v < lo || v > hi) return "Value " + text + " not in range " + range;
        return {};
      },
      "NUMBER in " + range);
}

}  // namespace stridecue::app
