// An empty or absurd result says why (issue 12): a table whose force is in body weights read as
// newtons, or whose time column is in the wrong unit, used to "succeed" with 0 steps and no hint;
// newtons read as kN gave 2000-BW steps with exit 0. Tables are written here: a runner's
// half-sine contacts at 100 Hz, 250 ms contact, 120 ms flight, COP alternating sides.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "stridecue/offline/analysis.hpp"
#include "stridecue/offline/force_table_reader.hpp"

using namespace stridecue;
using namespace stridecue::offline;

namespace {

constexpr double kMass_kg = 70;

/// `pairs` of steps and a last flight: columns t (s · time_scale), Fz (N · force_scale), COPx,
/// COPy (m).
std::string running_table(int pairs, double force_scale = 1.0, double time_scale = 1.0) {
  std::string text = "t,Fz,COPx,COPy\n";
  char line[96];
  int row = 0;
  for (int p = 0; p < 2 * pairs; ++p) {
    const double cop_y = p % 2 == 0 ? 0.1 : -0.1;
    for (int i = 0; i < 37; ++i, ++row) {
      const double fz = i < 12 ? 0.0 : 1800.0 * std::sin(std::numbers::pi * (i - 11.5) / 25.0);
      std::snprintf(line, sizeof line, "%.6g,%.6g,0,%.2f\n", row * 0.01 * time_scale,
                    fz * force_scale, i < 12 ? 0.0 : cop_y);
      text += line;
    }
  }
  for (int i = 0; i < 12; ++i, ++row) {  // the last flight: the last contact ends in the table
    std::snprintf(line, sizeof line, "%.6g,0,0,0\n", row * 0.01 * time_scale);
    text += line;
  }
  return text;
}

AnalysisResult analyze_text(const std::string& text, const ImportOptions& io) {
  ForceTableReader reader = ForceTableReader::from_text(text, "run.csv", io);
  AnalysisConfig ac;
  ac.force.body_mass_kg = kMass_kg;
  return analyze_table(reader, ac);
}

ImportOptions options(const char* time = "auto", const char* units = "") {
  ImportOptions io;
  io.map = parse_column_map("fz=Fz,cop_x=COPx,cop_y=COPy");
  io.time = parse_time_spec(time);
  if (*units != '\0') io.units = parse_units(units);
  io.body_mass_kg = kMass_kg;
  return io;
}

}  // namespace

TEST(AnalyzeUnusable, AGoodTableIsUsable) {
  const AnalysisResult r = analyze_text(running_table(8), options());
  EXPECT_EQ(r.steps.size(), 16u);
  EXPECT_EQ(r.unusable_reason, "");
  EXPECT_EQ(r.frames, 8u * 74u + 12u);
  EXPECT_NEAR(r.fz_max_n, 1800, 20);
  EXPECT_EQ(r.fz_min_n, 0);
}

TEST(AnalyzeUnusable, ForceInBodyWeightsReadAsNewtonsAsksForTheUnit) {
  const std::string bw = running_table(8, 1.0 / (kMass_kg * 9.80665));
  const AnalysisResult r = analyze_text(bw, options());
  EXPECT_TRUE(r.steps.empty());
  EXPECT_NE(r.unusable_reason.find("peak force 2.62"), std::string::npos) << r.unusable_reason;
  EXPECT_NE(r.unusable_reason.find("--units force=BW"), std::string::npos) << r.unusable_reason;
  // The fix it names works.
  EXPECT_EQ(analyze_text(bw, options("auto", "force=BW")).steps.size(), 16u);
}

TEST(AnalyzeUnusable, ForceInKilonewtonsReadAsNewtonsAsksForTheUnitToo) {
  const AnalysisResult r = analyze_text(running_table(8, 1e-3), options());
  EXPECT_TRUE(r.steps.empty());
  EXPECT_NE(r.unusable_reason.find("force=kN"), std::string::npos) << r.unusable_reason;
}

TEST(AnalyzeUnusable, NewtonsReadAsKilonewtonsGiveStepsNoFootCanMake) {
  const AnalysisResult r = analyze_text(running_table(8), options("auto", "force=kN"));
  EXPECT_EQ(r.steps.size(), 16u);
  EXPECT_NE(r.unusable_reason.find("no foot lands that hard"), std::string::npos)
      << r.unusable_reason;
}

TEST(AnalyzeUnusable, ForcePointingDownAsksToFlipItsSign) {
  ImportOptions io = options();
  io.map = parse_column_map("fz=-Fz,cop_x=COPx,cop_y=COPy");
  const AnalysisResult r = analyze_text(running_table(8), io);
  EXPECT_TRUE(r.steps.empty());
  EXPECT_NE(r.unusable_reason.find("never positive"), std::string::npos) << r.unusable_reason;
}

TEST(AnalyzeUnusable, AForceThatNeverUnloadsIsNamed) {
  std::string text = "t,Fz,COPx,COPy\n";
  for (int i = 0; i < 300; ++i) text += std::to_string(i * 0.01) + ",700,0,0\n";
  const AnalysisResult r = analyze_text(text, options());
  EXPECT_TRUE(r.steps.empty());
  EXPECT_NE(r.unusable_reason.find("never fell below the toe-off threshold"), std::string::npos)
      << r.unusable_reason;
}

TEST(AnalyzeUnusable, SecondsReadAsMillisecondsNameTheRateAndTheFix) {
  // --time t:ms on a column in seconds: 100 kHz, every contact 2.5 ms long.
  const AnalysisResult r = analyze_text(running_table(8), options("t:ms"));
  EXPECT_TRUE(r.steps.empty());
  EXPECT_NE(r.unusable_reason.find("sample rate 100000 Hz"), std::string::npos)
      << r.unusable_reason;
  EXPECT_NE(r.unusable_reason.find("use --time t:s"), std::string::npos) << r.unusable_reason;
}

TEST(AnalyzeUnusable, ImplausibleRatesSayWhereTheRateCameFrom) {
  ImportSummary s;
  EXPECT_EQ(implausible_rate_reason(s, 1000), "");
  EXPECT_EQ(implausible_rate_reason(s, kPlausibleRateMinHz), "");
  EXPECT_EQ(implausible_rate_reason(s, kPlausibleRateMaxHz), "");
  s.time_column = "Time";
  s.time_unit = TimeUnit::kSeconds;
  EXPECT_NE(implausible_rate_reason(s, 30).find("in ms? use --time Time:ms"), std::string::npos);
  s.time_unit = TimeUnit::kMilliseconds;
  EXPECT_NE(implausible_rate_reason(s, 1e6).find("in s? use --time Time:s"), std::string::npos);
  s.rate_given = true;
  EXPECT_NE(implausible_rate_reason(s, 1e5).find("check --rate"), std::string::npos);
  // A header name is echoed printable.
  s.rate_given = false;
  s.time_column = std::string("T\x1b", 2);
  EXPECT_NE(implausible_rate_reason(s, 1e6).find("T\\x1B:s"), std::string::npos);
}

TEST(AnalyzeUnusable, TheJsonSummaryCarriesTheReason) {
  const std::string bw = running_table(8, 1.0 / (kMass_kg * 9.80665));
  const std::string j = summary_json(analyze_text(bw, options()));
  EXPECT_NE(j.find("\"unusable\": \"peak force"), std::string::npos) << j;
  const std::string good = summary_json(analyze_text(running_table(8), options()));
  EXPECT_NE(good.find("\"unusable\": null"), std::string::npos) << good;
}
