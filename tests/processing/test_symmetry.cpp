// Symmetry index and angle against hand-computed values (docs/science.md §4).
#include <gtest/gtest.h>

#include <cmath>

#include "stridecue/processing/symmetry.hpp"

using namespace stridecue::processing;

TEST(Symmetry, IndexIsSignedRightPositive) {
  EXPECT_NEAR(symmetry_index_pct(2.0, 2.2), 9.5238, 1e-3);  // 0.2 / 2.1
  EXPECT_NEAR(symmetry_index_pct(2.2, 2.0), -9.5238, 1e-3);
  EXPECT_DOUBLE_EQ(symmetry_index_pct(1.0, 1.0), 0.0);
  EXPECT_TRUE(std::isnan(symmetry_index_pct(0.0, 0.0)));
}

TEST(Symmetry, AngleMatchesZifchockDefinition) {
  EXPECT_NEAR(symmetry_angle_pct(1.0, 1.0), 0.0, 1e-12);
  // atan(2.0/2.2) = 42.2737°; (45 − 42.2737)/90·100 = 3.0292 %
  EXPECT_NEAR(symmetry_angle_pct(2.0, 2.2), 3.0292, 1e-3);
  EXPECT_NEAR(symmetry_angle_pct(2.2, 2.0), -3.0292, 1e-3);
  EXPECT_TRUE(std::isnan(symmetry_angle_pct(1.0, 0.0)));
}
