// `stridecue analyze` on real data made by others: RBDS001 (Fukuchi, Fukuchi & Duarte 2017,
// PeerJ 5:e3298, CC BY 4.0), single-belt treadmill, 300 Hz, forefoot striker. The pipeline must
// find every complete contact, alternate sides by the mediolateral COP, and agree with an
// independent offline computation written in the test (same thresholds) to within one sample
// and 1 % — and the real binary must write the step CSV a lab expects.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fukuchi_reference.hpp"
#include "stridecue/offline/analysis.hpp"
#include "stridecue/offline/force_table_import.hpp"

using namespace stridecue;
namespace fk = stridecue::test::fukuchi;

namespace {

offline::ImportedRecording import_rbds001() {
  offline::ImportOptions io;
  io.rate_hz = 300;
  io.map = offline::parse_column_map("fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz");
  io.units = offline::parse_units("length=mm");
  return offline::import_force_table(fk::forces_path(), io);
}

offline::AnalysisResult analyze(double threshold_n, bool drift_correction) {
  processing::ForcePipelineConfig pc;
  pc.body_mass_kg = fk::kBodyMass_kg;
  pc.belt = processing::BeltLayout::kSingle;
  pc.thresholds.on_n = threshold_n;  // the reference has no hysteresis: on = off
  pc.thresholds.off_n = threshold_n;
  pc.thresholds.min_contact_ns = 100 * kNsPerMs;
  pc.drift.enabled = drift_correction;
  return offline::analyze_frames(import_rbds001().frames, pc);
}

void expect_matches_reference(double threshold_n, bool drift_correction) {
  fk::Options opt;
  opt.threshold_n = threshold_n;
  const auto ref = fk::reference_contacts(fk::forces_path(), opt);
  const auto r = analyze(threshold_n, drift_correction);
  ASSERT_EQ(r.steps.size(), ref.size()) << "threshold " << threshold_n << " N";
  const double one_sample_s = 1.0 / fk::kRate_hz;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const auto& s = r.steps[i];
    EXPECT_NEAR(ns_to_s(s.t_ic_ns), ref[i].t_ic_s, one_sample_s) << i;
    EXPECT_NEAR(ns_to_s(s.t_to_ns), ref[i].t_to_s, one_sample_s) << i;
    EXPECT_NEAR(s.contact_ms / 1000, ref[i].contact_s, one_sample_s) << i;
    EXPECT_NEAR(s.peak_vgrf_bw, ref[i].peak_bw, 0.01 * ref[i].peak_bw) << i;
    if (i > 0) {
      EXPECT_EQ(s.side, ref[i].side) << i;  // the first contact has no predecessor
    }
  }
  // Regression: the first single-belt walking detector read the 5–10 cm COP jitter of these
  // running contacts' lightly loaded first and last milliseconds as double supports and split
  // contacts into "walking" steps (flight_ms < 0). Running has flight before every contact.
  for (std::size_t i = 1; i < r.steps.size(); ++i) EXPECT_GT(r.steps[i].flight_ms, 0.0) << i;
  // Sides alternate (the reference's and ours).
  for (std::size_t i = 2; i < r.steps.size(); ++i) {
    EXPECT_NE(r.steps[i].side, r.steps[i - 1].side) << i;
  }
}

}  // namespace

TEST(AnalyzeRbds001, MatchesTheIndependentComputationAt20N) {
  expect_matches_reference(20, false);
}

TEST(AnalyzeRbds001, MatchesTheIndependentComputationAt50N) {
  expect_matches_reference(50, false);
}

TEST(AnalyzeRbds001, DriftCorrectionDoesNotMoveEventsOnAWellZeroedPlate) {
  expect_matches_reference(20, true);
}

TEST(AnalyzeRbds001, ALowPassTheDataCannotTakeIsReportedNotSilentlySkipped) {
  processing::ForcePipelineConfig pc;
  pc.body_mass_kg = fk::kBodyMass_kg;
  pc.belt = processing::BeltLayout::kSingle;
  pc.filter.cutoff_hz = 200;  // the recording is 300 Hz
  const auto r = offline::analyze_frames(import_rbds001().frames, pc);
  EXPECT_NE(r.filter_problem.find("0.45"), std::string::npos) << r.filter_problem;
  const std::string json = offline::summary_json(r);
  EXPECT_NE(json.find("\"applied\": false"), std::string::npos) << json;
  pc.filter.cutoff_hz = 50;
  const auto ok = offline::analyze_frames(import_rbds001().frames, pc);
  EXPECT_TRUE(ok.filter_problem.empty());
  EXPECT_NE(offline::summary_json(ok).find("\"applied\": true"), std::string::npos);
  EXPECT_GT(ok.filter_delay_ms, 5.0);  // 4th order 50 Hz at 300 Hz: ≈ 7.5 ms
}

TEST(AnalyzeRbds001, SanityValuesOfTheValidationReadme) {
  const auto r = analyze(50, true);
  EXPECT_EQ(r.steps.size(), 77u);
  EXPECT_NEAR(r.contact_ms.left, 276, 8);
  EXPECT_NEAR(0.5 * (r.step_ms.left + r.step_ms.right), 382, 6);
  EXPECT_GT(r.peak_vgrf_bw.left, r.peak_vgrf_bw.right);  // authors' curves: L 22.2, R 21.3 N/kg
  EXPECT_NEAR(r.peak_vgrf_bw.si_pct, -4.0, 2.0);
}

TEST(AnalyzeCommand, WritesTheStepCsvWithTheIssueColumns) {
  const std::string csv = (std::filesystem::temp_directory_path() / "rbds001_steps.csv").string();
  const std::string cmd = std::string(STRIDECUE_APP) + " analyze '" + fk::forces_path() +
                          "' --rate 300 --map fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz "
                          "--units length=mm --mass 62 --json --steps-csv '" +
                          csv + "' > '" + csv + ".json'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("side,t_ic_s,t_to_s,contact_ms,flight_ms,step_ms,peak_vgrf_bw,"
                         "impact_peak_bw,loading_rate_bw_s,loading_rate_method,impulse_bw_s",
                         0),
            0u)
      << header;
  int rows = 0;
  for (std::string line; std::getline(in, line);) ++rows;
  EXPECT_EQ(rows, 77);
  std::ifstream js(csv + ".json");
  std::stringstream j;
  j << js.rdbuf();
  EXPECT_NE(j.str().find("\"rejected_contacts\""), std::string::npos);
  EXPECT_NE(j.str().find("\"si_pct\""), std::string::npos);
  EXPECT_NE(j.str().find("\"loading_rate_methods\""), std::string::npos);
}

TEST(AnalyzeCommand, ABadFileIsReportedWithLineAndColumn) {
  const auto bad = std::filesystem::temp_directory_path() / "bad_forces.csv";
  std::ofstream(bad) << "t,Fz\n0.000,10\n0.001,abc\n";
  const std::string cmd = std::string(STRIDECUE_APP) + " analyze " + bad.string() +
                          " --map fz=Fz --mass 70 2> " + bad.string() + ".err";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  std::ifstream err(bad.string() + ".err");
  std::stringstream e;
  e << err.rdbuf();
  EXPECT_NE(e.str().find(":3"), std::string::npos) << e.str();
  EXPECT_NE(e.str().find("Fz"), std::string::npos) << e.str();
}

namespace {
/// Runs `stridecue analyze` on RBDS001 with `extra` arguments; returns stdout + stderr and sets
/// `status`.
/// (Each test's output file is its own: ctest runs tests of this executable in parallel.)
std::string analyze_rbds001(const std::string& map, const std::string& extra, int& status) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto out = std::filesystem::temp_directory_path() /
                   (std::string("rbds001_analyze_") + test->name() + ".txt");
  const std::string cmd = std::string(STRIDECUE_APP) + " analyze '" + fk::forces_path() +
                          "' --rate 300 --map " + map + " --units length=mm --mass 62 " + extra +
                          " > '" + out.string() + "' 2>&1";
  status = std::system(cmd.c_str());
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  return text.str();
}
}  // namespace

TEST(AnalyzeCommand, TheCueRuleCanWatchAnyStepMetric) {
  int status = 0;
  const std::string full = "fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz";
  // RBDS001's contact time differs by ~1–2 % between sides over the symmetry table's 10-stride
  // window: a 1.5 % rule on it cues, in the JSON with the metric named; the default (peak
  // force, 10 %) does not.
  const std::string cued =
      analyze_rbds001(full, "--cue-metric contact_ms --cue-threshold 1.5 --json", status);
  ASSERT_EQ(status, 0) << cued;
  EXPECT_NE(cued.find("\"metric\": \"contact_ms\""), std::string::npos) << cued;
  EXPECT_NE(cued.find("\"text\": \"Even out your steps\""), std::string::npos) << cued;
  const std::string quiet = analyze_rbds001(full, "--json", status);
  ASSERT_EQ(status, 0);
  EXPECT_NE(quiet.find("\"cues\": []"), std::string::npos) << quiet;
  // A name that is not a step metric is refused with the list of names.
  const std::string bad = analyze_rbds001(full, "--cue-metric pelvic_drop", status);
  EXPECT_NE(status, 0);
  EXPECT_NE(bad.find("pelvic_drop_deg"), std::string::npos) << bad;
}

TEST(AnalyzeCommand, ASingleBeltWithoutCopOrImuSaysSidesAreUnknownNotNan) {
  // Regression (a real recording a user brought): one plate, only its vertical force mapped —
  // every variable printed as "L nan R nan SI +nan %".
  int status = 0;
  const std::string text = analyze_rbds001("fz=Fy", "", status);
  ASSERT_EQ(status, 0) << text;
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
  EXPECT_NE(text.find("sides unknown"), std::string::npos) << text;
  EXPECT_NE(text.find("map cop_y"), std::string::npos) << text;
  EXPECT_NE(text.find("all steps"), std::string::npos) << text;
  const std::string json = analyze_rbds001("fz=Fy", "--json", status);
  EXPECT_NE(json.find("\"sides_unknown\": \"sides unknown"), std::string::npos) << json;
}

TEST(AnalyzeCommand, NotANumberOnTheCommandLineIsRefused) {
  // Regression: CLI11's Range lets NaN through (every comparison with NaN is false); `demo
  // --duration nan` then never stopped. Every numeric option of every subcommand now uses
  // app::finite_range.
  int status = 0;
  const std::string full = "fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz";
  for (const char* option : {"--lowpass nan", "--cue-threshold inf", "--static-s nan"}) {
    const std::string text = analyze_rbds001(full, option, status);
    EXPECT_NE(status, 0) << option << ": " << text;
    EXPECT_NE(text.find("is not a number"), std::string::npos) << option << ": " << text;
  }
  const std::string cmd = std::string(STRIDECUE_APP) + " demo --headless --duration nan";
  EXPECT_NE(std::system(cmd.c_str()), 0);
}
