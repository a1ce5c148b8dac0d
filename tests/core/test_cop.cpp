// The one COP formula against its definition: a force F applied at r = (x, y, +dz) from an
// origin dz below the surface (Z up) with a free moment Tz has the wrench M = r × F + Tz·ẑ;
// cop_from_wrench must give (x, y) back, for any depth. Regression: the processing and the
// simulator used r = (x, y, −dz) — the sign of a plate frame with Z pointing down — while
// stating Z up; consistent with each other, 2·Fx·dz/Fz off (≈ 1.6 cm of COPx at 4 cm depth)
// for a real Z-up plate.
#include <gtest/gtest.h>

#include <array>

#include "stridecue/core/samples.hpp"

using namespace stridecue;

namespace {
std::array<double, 3> cross(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
}  // namespace

TEST(CopFromWrench, GivesBackWhereTheForceActsForAnyOriginDepth) {
  const std::array<double, 3> f = {-180.0, 35.0, 1650.0};  // braking, toward the midline, down
  for (const double dz : {0.0, 0.02, 0.045, 0.1}) {
    for (const auto& [x, y] : {std::pair{0.12, -0.03}, std::pair{-0.25, 0.08}}) {
      const std::array<double, 3> r = {x, y, dz};
      std::array<double, 3> m = cross(r, f);
      m[2] += 2.5;  // free moment
      const Cop cop = cop_from_wrench(f[0], f[1], f[2], m[0], m[1], dz);
      EXPECT_NEAR(cop.x_m, x, 1e-12) << dz;
      EXPECT_NEAR(cop.y_m, y, 1e-12) << dz;
      EXPECT_NEAR(cop_y_times_fz(f[1], m[0], dz) / f[2], y, 1e-12);
    }
  }
}
