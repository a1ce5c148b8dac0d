// `stridecue analyze` on a single-belt walking recording with a pelvis IMU, as a lab would run
// it: a CSV of one plate's six channels and the IMU, written from the simulator (feet 2 cm apart,
// so the COP alone cannot name every side), through the real binary. Every step is found, the
// double supports are counted, and the IMU names the sides the COP could not.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Writes 60 s of narrow walking on a single belt (5 s standing first) at 500 Hz; returns the
/// number of true steps after the IMU's heading window (from 15 s).
std::size_t write_walk(const std::string& path) {
  sim::RunnerConfig rc = sim::walking_config();
  rc.belt = sim::Belt::kSingle;
  rc.foot_y_m = 0.01;
  rc.standing_s = 5.0;
  rc.imu_rate_hz = 500;
  sim::Runner runner(rc, 41);
  std::ofstream csv(path);
  csv << "t,Fx,Fy,Fz,Mx,My,Mz,Ax,Ay,Az,Gx,Gy,Gz\n";
  constexpr double kDegPerRad = 180.0 / std::numbers::pi;
  std::array<PlateWrench, kMaxPlates> plate{};
  char line[400];
  const TimeNs end = s_to_ns(60);
  for (TimeNs t = 0; t <= end; t += 2 * kNsPerMs) {
    runner.plates_at(t, std::span(plate.data(), 1));
    const sim::ImuReading imu = runner.imu_at(t);
    const auto& p = plate[0];
    std::snprintf(line, sizeof line,
                  "%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.4f,%.6f,%.6f,%.6f,%.5f,%.5f,%.5f\n", ns_to_s(t),
                  p.fx_n, p.fy_n, p.fz_n, p.mx_nm, p.my_nm, p.mz_nm, imu.acc_mps2[0],
                  imu.acc_mps2[1], imu.acc_mps2[2], imu.gyro_rads[0] * kDegPerRad,
                  imu.gyro_rads[1] * kDegPerRad, imu.gyro_rads[2] * kDegPerRad);
    csv << line;
  }
  std::vector<sim::StepTruth> truth;
  runner.take_completed_steps(end, truth);
  std::size_t n = 0;
  for (const auto& s : truth) n += s.t_ic_ns >= s_to_ns(15);
  return n;
}

/// "name": N from a flat JSON object, or -1.
long json_count(const std::string& json, const std::string& name) {
  const auto at = json.find("\"" + name + "\": ");
  if (at == std::string::npos) return -1;
  return std::strtol(json.c_str() + at + name.size() + 4, nullptr, 10);
}

}  // namespace

TEST(AnalyzeWalking, SingleBeltWalkingWithAnImuThroughTheBinary) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string path =
      (dir / ("stridecue_walk_" + std::to_string(::getpid()) + ".csv")).string();
  const std::size_t truth_after_15s = write_walk(path);
  const std::string steps = path + ".steps.csv", json = path + ".json";
  const std::string cmd = std::string(STRIDECUE_APP) + " analyze '" + path +
                          "' --map fx=Fx,fy=Fy,fz=Fz,mx=Mx,my=My,mz=Mz,acc_x=Ax,acc_y=Ay,acc_z=Az,"
                          "gyro_x=Gx,gyro_y=Gy,gyro_z=Gz --units gyro=dps --belt single --mass 70 "
                          "--json --steps-csv '" +
                          steps + "' > '" + json + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string summary = slurp(json);
  EXPECT_GT(json_count(summary, "double_support_steps"), 90) << summary;
  EXPECT_GT(json_count(summary, "imu"), 20) << summary;  // "side_from": {..., "imu": N, ...}

  // Step rows after 15 s: as many as the truth, sides alternating, each named by the COP or IMU.
  std::ifstream in(steps);
  std::string header, row;
  std::getline(in, header);
  EXPECT_NE(header.find(",side_from,"), std::string::npos) << header;
  std::size_t rows = 0;
  std::string prev_side;
  std::size_t alternations = 0;
  while (std::getline(in, row)) {
    const std::string side = row.substr(0, row.find(','));
    const double t_ic = std::strtod(row.c_str() + row.find(',') + 1, nullptr);
    if (t_ic < 15.0) continue;
    ++rows;
    alternations += !prev_side.empty() && side != prev_side;
    prev_side = side;
    EXPECT_TRUE(row.find(",imu,") != std::string::npos || row.find(",cop,") != std::string::npos)
        << row;
  }
  EXPECT_GE(rows + 1, truth_after_15s);  // the last may end after the data
  EXPECT_LE(rows, truth_after_15s);
  EXPECT_EQ(alternations + 1, rows);  // never two of a side in a row

  std::error_code ec;
  for (const std::string& p : {path, steps, json}) std::filesystem::remove(p, ec);
}
