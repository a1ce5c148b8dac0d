// IMU columns beside (or instead of) the force columns (issue 6: `stridecue analyze` accepts
// `--map acc_x=…,gyro_x=…` with `--units acc=g|mps2,gyro=dps|rads`). Each IMU row becomes an
// ImuSample on the force frames' timeline, converted to m/s² and rad/s; a map with part of the
// six IMU targets, a missing IMU column and a bad IMU cell fail with a typed error that names
// the target, the column and the line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numbers>
#include <string>

#include "import_test_support.hpp"

using namespace stridecue::offline;
using stridecue::ImuSample;
using stridecue::offline::test::expect_import_error;
using stridecue::offline::test::import_text;
using stridecue::offline::test::with_map;
using ::testing::HasSubstr;

namespace {

constexpr const char* kImuMap = "acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=Gy,gyro_z=Gz";

std::string force_and_imu_map() {
  return std::string("fz=Fz,") + kImuMap;
}

// t (s), Fz (N), accelerometer (g), gyroscope (deg/s); 1 kHz.
const std::string kHeader = "t,Fz,Ax,Ay,Az,Gx,Gy,Gz\n";
std::string row(int i, const std::string& gy = "-45") {
  return std::to_string(i * 0.001) + "," + std::to_string(700 + i) + ",0.5,-0.25,1," + "90," + gy +
         ",180\n";
}

}  // namespace

TEST(ImportImu, ColumnsAreMappedAndConvertedToSi) {
  ImportOptions o = with_map(force_and_imu_map());
  o.units = parse_units("acc=g,gyro=dps");
  const ImportedRecording rec = import_text(kHeader + row(0) + row(1) + row(2), o);
  ASSERT_EQ(rec.frames.size(), 3u);
  ASSERT_EQ(rec.imu.size(), 3u);
  EXPECT_EQ(rec.n_plates, 1);
  constexpr double g = kStandardGravity_mps2;
  constexpr double rad_per_deg = std::numbers::pi / 180.0;
  for (std::size_t i = 0; i < rec.imu.size(); ++i) {
    const ImuSample& s = rec.imu[i];
    EXPECT_EQ(s.t_ns, rec.frames[i].t_ns) << i;  // one timeline
    EXPECT_EQ(s.counter, rec.frames[i].counter) << i;
    EXPECT_EQ(s.device, kImuDevice);
    EXPECT_EQ(s.flags, 0);
    EXPECT_FLOAT_EQ(s.acc_mps2[0], static_cast<float>(0.5 * g));
    EXPECT_FLOAT_EQ(s.acc_mps2[1], static_cast<float>(-0.25 * g));
    EXPECT_FLOAT_EQ(s.acc_mps2[2], static_cast<float>(g));
    EXPECT_FLOAT_EQ(s.gyro_rads[0], static_cast<float>(90 * rad_per_deg));
    EXPECT_FLOAT_EQ(s.gyro_rads[1], static_cast<float>(-45 * rad_per_deg));
    EXPECT_FLOAT_EQ(s.gyro_rads[2], static_cast<float>(std::numbers::pi));
  }
  EXPECT_EQ(rec.imu[2].t_ns, 2'000'000);
  EXPECT_FLOAT_EQ(rec.frames[1].plate[0].fz_n, 701.0f);
  // The summary lists the IMU columns with their scale.
  EXPECT_THAT(rec.summary.to_text(), HasSubstr("acc_x='Ax'(3)x9.80665"));
  EXPECT_THAT(rec.summary.to_text(), HasSubstr("gyro_z='Gz'(8)x0.0174533"));
}

TEST(ImportImu, DefaultUnitsAreMetresPerSecondSquaredAndRadiansPerSecond) {
  const ImportedRecording rec =
      import_text(kHeader + row(0) + row(1), with_map(force_and_imu_map()));
  ASSERT_EQ(rec.imu.size(), 2u);
  EXPECT_FLOAT_EQ(rec.imu[0].acc_mps2[0], 0.5f);
  EXPECT_FLOAT_EQ(rec.imu[0].acc_mps2[2], 1.0f);
  EXPECT_FLOAT_EQ(rec.imu[0].gyro_rads[0], 90.0f);
}

TEST(ImportImu, NegatedImuColumnFlipsTheSign) {
  ImportOptions o = with_map("fz=Fz,acc_x=Ax,acc_y=-Ay,acc_z=Az,gyro_x=Gx,gyro_y=-Gy,gyro_z=Gz");
  o.units = parse_units("acc=g,gyro=dps");
  const ImportedRecording rec = import_text(kHeader + row(0) + row(1), o);
  EXPECT_FLOAT_EQ(rec.imu[0].acc_mps2[1], static_cast<float>(0.25 * kStandardGravity_mps2));
  EXPECT_FLOAT_EQ(rec.imu[0].gyro_rads[1], static_cast<float>(45 * std::numbers::pi / 180));
}

TEST(ImportImu, WithoutImuColumnsThereAreNoImuSamples) {
  const ImportedRecording rec = import_text(kHeader + row(0) + row(1), with_map("fz=Fz"));
  EXPECT_EQ(rec.frames.size(), 2u);
  EXPECT_TRUE(rec.imu.empty());
}

TEST(ImportImu, AnImuOnlyFileIsAccepted) {
  const ImportedRecording rec = import_text(kHeader + row(0) + row(1) + row(2), with_map(kImuMap));
  EXPECT_EQ(rec.n_plates, 0);
  EXPECT_TRUE(rec.frames.empty());
  ASSERT_EQ(rec.imu.size(), 3u);
  EXPECT_EQ(rec.summary.rows, 3u);
  EXPECT_DOUBLE_EQ(rec.rate_hz, 1000.0);
  EXPECT_EQ(rec.imu[1].t_ns, 1'000'000);
  EXPECT_EQ(rec.imu[1].counter, 1u);
}

TEST(ImportImu, SplitBeltMapTakesUnprefixedImuTargets) {
  const ColumnMap m = parse_column_map(std::string("left.fz=FzL,right.fz=FzR,") + kImuMap);
  EXPECT_TRUE(m.split);
  EXPECT_EQ(m.n_plates(), 2);
  EXPECT_TRUE(m.has_imu());
  EXPECT_EQ(m.qualified_name(m.entries.back()), "gyro_z");
  EXPECT_EQ(parse_column_map(kImuMap).n_plates(), 0);
}

TEST(ImportImu, MissingImuTargetInTheMapIsNamed) {
  const ImportError e = expect_import_error(
      [] { parse_column_map("fz=Fz,acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_z=Gz"); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kOption);
  EXPECT_THAT(e.what(), HasSubstr("IMU columns are mapped, but not gyro_y;"));
  EXPECT_THAT(e.what(), HasSubstr("needs all six: acc_x acc_y acc_z gyro_x gyro_y gyro_z"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=Fz,gyro_x=Gx"); }).what(),
              HasSubstr("but not acc_x, acc_y, acc_z, gyro_y, gyro_z;"));
}

TEST(ImportImu, MissingImuColumnInTheHeaderIsNamed) {
  const std::string header = "t,Fz,Ax,Ay,Az,Gx,Gy\n";
  const ImportError e = expect_import_error(
      [&] { import_text(header + "0,700,0,0,1,0,0\n", with_map(force_and_imu_map())); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_EQ(e.column(), "Gz");
  EXPECT_THAT(e.what(), HasSubstr("run.txt:1: column 'Gz' (for gyro_z in --map) is not in the "
                                  "header; the header has: t, Fz, Ax, Ay, Az, Gx, Gy"));
}

TEST(ImportImu, NonNumericImuCellNamesLineAndColumn) {
  const std::string text = kHeader + row(0) + row(1) + row(2, "n/a") + row(3);
  const ImportError e = expect_import_error([&] { import_text(text, with_map(kImuMap)); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kCell);
  EXPECT_EQ(e.line(), 4u);  // header line 1, third data row
  EXPECT_EQ(e.column(), "Gy");
  EXPECT_EQ(e.column_index(), 7u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:4: column 'Gy' (7): 'n/a' is not a number"));
}

TEST(ImportImu, PrefixedImuTargetIsRejected) {
  EXPECT_THAT(expect_import_error([] {
                parse_column_map(
                    "left.fz=A,right.fz=B,left.acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=Gy,"
                    "gyro_z=Gz");
              }).what(),
              HasSubstr("the IMU is not on a belt; write acc_x=… without the left./right. prefix"));
}

TEST(ImportImu, PartialForceMapWithImuStillNeedsFz) {
  EXPECT_THAT(expect_import_error([] { parse_column_map(std::string("fx=A,") + kImuMap); }).what(),
              HasSubstr("no fz; the vertical force is required"));
}

TEST(ImportImu, UnitSpellingsAndErrors) {
  EXPECT_EQ(parse_units("acc=G,gyro=DPS").acc, AccUnit::kStandardGravity);
  EXPECT_EQ(parse_units("acc=m/s^2").acc, AccUnit::kMetrePerSecond2);
  EXPECT_EQ(parse_units("gyro=deg/s").gyro, GyroUnit::kDegreePerSecond);
  EXPECT_EQ(parse_units("gyro=rad/s").gyro, GyroUnit::kRadianPerSecond);
  const Units d = parse_units("");
  EXPECT_EQ(d.acc, AccUnit::kMetrePerSecond2);
  EXPECT_EQ(d.gyro, GyroUnit::kRadianPerSecond);
  EXPECT_THAT(expect_import_error([] { parse_units("acc=ft/s2"); }).what(),
              HasSubstr("acc unit 'ft/s2' in 'acc=ft/s2' is not one of mps2 (m/s²), g"));
  EXPECT_THAT(expect_import_error([] { parse_units("gyro=rpm"); }).what(),
              HasSubstr("gyro unit 'rpm' in 'gyro=rpm' is not one of rads (rad/s), dps (deg/s)"));
  EXPECT_THAT(expect_import_error([] { parse_units("gyro=dps,gyro=rads"); }).what(),
              HasSubstr("'gyro' is given twice"));
}
