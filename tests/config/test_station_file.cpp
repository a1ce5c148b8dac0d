// Station files: shipped examples load; mistakes are reported with file, line, setting and fix;
// and a station read from a file runs a text-protocol device end to end over a real pty.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <thread>

#include <sys/stat.h>

#include "stridecue/config/station_file.hpp"
#include "stridecue/config/station_yaml.hpp"
#include "stridecue/sim/pty.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"
#include "stridecue/station/station.hpp"

using namespace stridecue;
using namespace stridecue::station;
using namespace stridecue::config;
using namespace std::chrono_literals;

namespace {
const std::filesystem::path kConfig = std::filesystem::path(STRIDECUE_SOURCE_DIR) / "config";

std::string error_of(const std::string& yaml) {
  try {
    parse_station(yaml, "station.yaml");
  } catch (const StationFileError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(StationFile, ShippedExamplesLoad) {
  const auto sim = load_station(kConfig / "station-sim.yaml");
  ASSERT_EQ(sim.devices.size(), 2u);
  EXPECT_EQ(sim.devices[0].path, "/tmp/stridecue/plates");
  EXPECT_FALSE(sim.devices[0].make_decoder);  // wire protocol
  const auto lab = load_station(kConfig / "station-split-belt.yaml");
  EXPECT_EQ(lab.devices[0].usb_identity, "2e8a:000a:PLATES-01");
  EXPECT_EQ(lab.devices[0].baud, 2000000u);
  const auto arduino = load_station(kConfig / "station-arduino.yaml");
  ASSERT_EQ(arduino.devices.size(), 1u);
  EXPECT_TRUE(arduino.devices[0].make_decoder);  // text protocol
  EXPECT_EQ(arduino.engine.force.plate_side[1], Side::kRight);
}

TEST(StationFile, ErrorsNameTheLineTheSettingAndTheFix) {
  const std::string baud =
      error_of("devices:\n  - name: plates\n    port: /dev/ttyUSB0\n    baud: 1500000\n");
  EXPECT_NE(baud.find("station.yaml:4:11: devices[0].baud: 1500000 is not supported; use "
                      "1152000 or 2000000"),
            std::string::npos)
      << baud;
  EXPECT_NE(error_of("devices:\n  - name: x\n").find("give exactly one of port"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x, protocol: morse}\n").find("use wire or text"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x, protocol: text}\n").find("needs a text:"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x, sped: 3}\n").find("devices[0].sped: unknown"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x, buad: 921600}\n").find("did you mean baud?"),
            std::string::npos);
  EXPECT_NE(
      error_of("runner: {body_mass_kg: 7}\ndevices:\n  - {port: /dev/x}\n").find("body_mass_kg"),
      std::string::npos);
  EXPECT_NE(error_of("station: x\n").find("at least one device"), std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x}\nprocessing: {plate_sides: [left, up]}\n")
                .find("use left or right"),
            std::string::npos);
}

TEST(StationFile, ProcessingSettingsReachThePipeline) {
  const std::string identity =
      "[1,0,0,0,0,0, 0,1,0,0,0,0, 0,0,2,0,0,0, 0,0,0,1,0,0, 0,0,0,0,1,0, 0,0,0,0,0,1]";
  const auto s = parse_station(
      "devices:\n  - {port: /dev/x}\n"
      "processing:\n"
      "  belt: single\n"
      "  contact_on_bw: 0.05\n"
      "  contact_off_bw: 0.03\n"
      "  drift_correction: false\n"
      "  plate_origin_depth_m: 0.04\n"
      "  load_cells: {half_length_m: 0.7, half_width_m: 0.3}\n"
      "  calibration: [" +
          identity +
          "]\n"
          "  symmetry:\n"
          "    window_strides: 8\n"
          "    thresholds:\n"
          "      peak_vgrf_bw: {abs_si_pct: 15, delta_from_baseline_si_pct: 5}\n"
          "      contact_ms: {abs_si_pct: off}\n",
      "station.yaml");
  EXPECT_EQ(s.engine.symmetry.window_strides, 8u);
  EXPECT_DOUBLE_EQ(
      s.engine.symmetry.thresholds[processing::sym_index(processing::SymVar::kPeakVgrfBw)]
          .delta_from_baseline_si_pct,
      5.0);
  EXPECT_EQ(s.engine.symmetry.thresholds[processing::sym_index(processing::SymVar::kContactMs)]
                .abs_si_pct,
            processing::kThresholdOff);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  symmetry:\n    thresholds:\n"
                     "      peak_force: {abs_si_pct: 10}\n")
                .find("peak_force: unknown setting (settings: contact_ms"),
            std::string::npos);
  EXPECT_EQ(s.engine.force.belt, processing::BeltLayout::kSingle);
  EXPECT_DOUBLE_EQ(s.engine.force.on_bw_fraction, 0.05);
  EXPECT_FALSE(s.engine.force.drift.enabled);
  EXPECT_DOUBLE_EQ(s.engine.force.plate_origin_depth_m, 0.04);
  EXPECT_DOUBLE_EQ(s.engine.force.load_cells.half_width_m, 0.3);
  ASSERT_TRUE(s.engine.force.calibration[0].has_value());
  EXPECT_DOUBLE_EQ((*s.engine.force.calibration[0])[14], 2.0);
  EXPECT_FALSE(s.engine.force.calibration[1].has_value());
  const std::string bad =
      error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  calibration: [[1, 2, 3]]\n");
  EXPECT_NE(bad.find("processing.calibration[0]: expected 36 numbers"), std::string::npos) << bad;
}

TEST(StationFile, TheLowPassAndSingleBeltWalkingSettingsReachThePipeline) {
  const auto s = parse_station(
      "devices:\n  - {port: /dev/x}\n"
      "processing:\n"
      "  belt: single\n"
      "  single_belt_walking: false\n"
      "  lowpass: {cutoff_hz: 50, order: 2}\n",
      "station.yaml");
  EXPECT_FALSE(s.engine.force.walk.enabled);
  EXPECT_DOUBLE_EQ(s.engine.force.filter.cutoff_hz, 50.0);
  EXPECT_EQ(s.engine.force.filter.order, 2);
  EXPECT_TRUE(parse_station("devices:\n  - {port: /dev/x}\n", "s.yaml").engine.force.walk.enabled);
  EXPECT_EQ(parse_station("devices:\n  - {port: /dev/x}\n", "s.yaml").engine.force.filter.cutoff_hz,
            0.0);
  const std::string order =
      error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  lowpass: {cutoff_hz: 50, order: 3}\n");
  EXPECT_NE(
      order.find("station.yaml:4:35: processing.lowpass.order: '3' is not supported; use 2, 4 "
                 "or 6"),
      std::string::npos)
      << order;
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  single_belt_walking: maybe\n")
                .find("processing.single_belt_walking: 'maybe' is not true or false"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  lowpass: {cutoff_hz: 5000}\n")
                .find("use 1 .. 500"),
            std::string::npos);
  EXPECT_NE(error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  lowpass: {cutof_hz: 50}\n")
                .find("did you mean cutoff_hz?"),
            std::string::npos);
}

TEST(StationFile, PelvisSettingsReachThePipeline) {
  const auto s = parse_station(
      "runner: {body_mass_kg: 81}\n"
      "devices:\n  - {port: /dev/x}\n"
      "pelvis:\n"
      "  calibrate_at_start: false\n"
      "  static_s: 2\n"
      "  max_calibration_age_min: 45\n"
      "  acc_range_g: 8\n"
      "  gyro_range_dps: 1000\n"
      "  mount_moved_deg: 4\n",
      "station.yaml");
  EXPECT_FALSE(s.engine.pelvis.calibrate_at_start);
  EXPECT_EQ(s.engine.pelvis.calibration.duration_ns, 2 * kNsPerS);
  EXPECT_LE(s.engine.pelvis.calibration.min_duration_ns, 2 * kNsPerS);
  EXPECT_DOUBLE_EQ(s.engine.pelvis.max_calibration_age_s, 45 * 60.0);
  EXPECT_DOUBLE_EQ(s.engine.pelvis.acc_range_g, 8.0);
  EXPECT_DOUBLE_EQ(s.engine.pelvis.gyro_range_dps, 1000.0);
  EXPECT_DOUBLE_EQ(s.engine.pelvis.mount_moved_deg, 4.0);
  EXPECT_DOUBLE_EQ(s.engine.pelvis.body_mass_kg, 81.0);  // IMU-only steps use the runner's mass

  const std::string range = error_of("devices:\n  - {port: /dev/x}\npelvis:\n  static_s: 0.2\n");
  EXPECT_NE(range.find("station.yaml:4"), std::string::npos) << range;
  EXPECT_NE(range.find("pelvis.static_s"), std::string::npos) << range;
  EXPECT_NE(range.find("'0.2' is out of range; use 1 .. 60 s"), std::string::npos) << range;
  const std::string unknown =
      error_of("devices:\n  - {port: /dev/x}\npelvis:\n  static_seconds: 5\n");
  EXPECT_NE(unknown.find("unknown setting (settings: calibrate_at_start, static_s"),
            std::string::npos)
      << unknown;
}

TEST(StationFile, TheBaselineBlockReachesTheStationAndBadValuesNameTheFix) {
  const auto s = parse_station(
      "devices:\n  - {port: /dev/x}\n"
      "processing:\n"
      "  baseline: {start_s: 30, duration_s: 60}\n",
      "station.yaml");
  EXPECT_DOUBLE_EQ(s.engine.baseline.start_s, 30.0);
  EXPECT_DOUBLE_EQ(s.engine.baseline.duration_s, 60.0);
  EXPECT_TRUE(s.engine.baseline.enabled());
  EXPECT_FALSE(parse_station("devices:\n  - {port: /dev/x}\n", "s.yaml").engine.baseline.enabled());

  const std::string prefix = "devices:\n  - {port: /dev/x}\nprocessing:\n  baseline:\n";
  const std::string short_block = error_of(prefix + "    start_s: 30\n    duration_s: 2\n");
  EXPECT_NE(short_block.find("station.yaml:6:17: processing.baseline.duration_s: '2' is out of "
                             "range; use 5 .. 3600 s"),
            std::string::npos)
      << short_block;
  const std::string negative = error_of(prefix + "    start_s: -5\n    duration_s: 60\n");
  EXPECT_NE(negative.find("station.yaml:5:14: processing.baseline.start_s: '-5' is out of range; "
                          "use 0 .. 86400 s (seconds of data from the start"),
            std::string::npos)
      << negative;
  const std::string typo = error_of(prefix + "    strat_s: 30\n    duration_s: 60\n");
  EXPECT_NE(typo.find("station.yaml:5:5: processing.baseline.strat_s: unknown setting; did you "
                      "mean start_s?"),
            std::string::npos)
      << typo;
  const std::string missing = error_of(prefix + "    start_s: 30\n");
  EXPECT_NE(missing.find("processing.baseline: give duration_s, e.g. {start_s: 30, duration_s: "
                         "60}"),
            std::string::npos)
      << missing;
  const std::string scalar =
      error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  baseline: 30\n");
  EXPECT_NE(scalar.find("station.yaml:4:13: processing.baseline: expected a mapping"),
            std::string::npos)
      << scalar;
  const std::string word = error_of(prefix + "    start_s: soon\n    duration_s: 60\n");
  EXPECT_NE(word.find("processing.baseline.start_s: 'soon' is not a number"), std::string::npos)
      << word;
}

TEST(StationFile, ABaselineFromTheFileIsRecordedAndPrintedByLive) {
  // A recorded run replayed as fast as possible through `stridecue live` with a station file
  // whose first block is the baseline: the console reports the block and the symmetry lines
  // compare against it.
  const auto dir = std::filesystem::temp_directory_path() / "stridecue-baseline-live";
  std::filesystem::remove_all(dir);
  sim::EmulatorConfig c;
  c.duration_s = 30.0;
  c.runner.right.active_peak_bw = 2.8;
  sim::TreadmillEmulator::write_files(c, dir);
  const auto station = dir / "station.yaml";
  std::ofstream(station) << "devices:\n  - {port: /dev/null}\n"
                            "processing:\n  baseline: {start_s: 4, duration_s: 8}\n";
  const auto out = dir / "console.txt";
  const std::string cmd = std::string(STRIDECUE_APP) + " live --station '" + station.string() +
                          "' --replay '" + dir.string() + "' --speed 0 --headless > '" +
                          out.string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  const std::string console = text.str();
  EXPECT_NE(console.find("block begun (automatic)"), std::string::npos) << console;
  EXPECT_NE(console.find(" L + "), std::string::npos) << console;
  const auto set = console.find("BASELINE");
  ASSERT_NE(set, std::string::npos) << console;
  EXPECT_NE(console.find("set from", set), std::string::npos) << console;
  std::istringstream lines(console);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("BASELINE", 0) == 0) {
      EXPECT_EQ(line.find("refused"), std::string::npos) << line;
    }
  }
  // Symmetry lines, the later ones against the baseline.
  EXPECT_NE(console.find("SYM "), std::string::npos) << console;
  EXPECT_NE(console.find("SI % (Δ from baseline):  contact_ms"), std::string::npos) << console;
  EXPECT_NE(console.find("peak_vgrf_bw +"), std::string::npos) << console;  // right heavier
}

TEST(StationFile, TextDeviceMistakesAreCaughtBeforeAnyPortOpens) {
  const std::string e = error_of(
      "devices:\n"
      "  - port: /dev/ttyACM0\n"
      "    protocol: text\n"
      "    text:\n"
      "      kind: force6\n"
      "      header: true\n"
      "      rate_hz: 500\n"
      "      columns:\n"
      "        fz: { name: load, unit: BW }\n");
  EXPECT_NE(e.find("station.yaml:5:7: devices[0].text:"), std::string::npos) << e;
  EXPECT_NE(e.find("BW"), std::string::npos) << e;
}

TEST(StationFile, AnArduinoStyleTextDeviceRunsEndToEnd) {
  // An Arduino printing "millis,fz_left,fz_right" in kgf at 500 Hz: alternating 0.25 s
  // half-sine contacts of 170 kgf, one every 0.35 s.
  sim::Pty pty;
  const std::string yaml =
      "station: arduino\n"
      "runner: {body_mass_kg: 70}\n"
      "devices:\n"
      "  - name: plates\n"
      "    port: " +
      pty.path() +
      "\n"
      "    baud: 115200\n"
      "    protocol: text\n"
      "    text:\n"
      "      kind: force6\n"
      "      plates: 2\n"
      "      header: true\n"
      "      rate_hz: 500\n"
      "      columns:\n"
      "        t: { name: millis, unit: ms }\n"
      "        plate1.fz: { name: fz_left, unit: kgf }\n"
      "        plate2.fz: { name: fz_right, unit: kgf }\n";
  Station station(parse_station(yaml, "arduino.yaml"));
  station.start();
  ASSERT_TRUE(station.wait_connected(2 * kNsPerS));
  const std::string header = "millis,fz_left,fz_right\r\n";
  pty.write_some(reinterpret_cast<const std::uint8_t*>(header.data()), header.size());
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 2500; ++i) {  // 5 s at 500 Hz, written in 10 ms bursts
    const double t = i / 500.0;
    const int k = static_cast<int>(std::floor((t - 0.05) / 0.35));
    const double u = (t - 0.05 - k * 0.35) / 0.25;
    double fz[2] = {0, 0};
    if (k >= 0 && u > 0 && u < 1) fz[k % 2] = 170.0 * std::sin(std::numbers::pi * u);
    char line[64];
    const int n = std::snprintf(line, sizeof line, "%d,%.2f,%.2f\r\n", i * 2, fz[0], fz[1]);
    pty.write_some(reinterpret_cast<const std::uint8_t*>(line), static_cast<std::size_t>(n));
    if (i % 5 == 4) std::this_thread::sleep_until(t0 + std::chrono::milliseconds(2 * (i + 1)));
  }
  std::this_thread::sleep_for(100ms);
  station.stop();
  std::vector<processing::StepResult> steps;
  processing::StepResult s;
  while (station.outputs().steps.pop(s)) steps.push_back(s);
  ASSERT_GE(steps.size(), 12u);  // contacts end before 5 s: k = 0..13, minus the first line
  for (const auto& st : steps) {
    EXPECT_NEAR(st.contact_ms, 250 - 2 * 1.4, 3.0);    // 30/20 N thresholds
    EXPECT_NEAR(st.peak_vgrf_bw, 170.0 / 70.0, 0.01);  // kgf → N → BW
  }
  EXPECT_EQ(station.device_health(0).other_errors, 0u);
}

TEST(StationFile, ReplayingASingleBeltRecordingUsesItsOnePlate) {
  // Regression: `stridecue live --replay DIR` of a single-belt recording (one plate) ran the
  // split-belt default, so every step came out "L". The recording's HELLO now decides, and a
  // station file that says otherwise is named.
  const auto dir = std::filesystem::temp_directory_path() / "stridecue-replay-single";
  std::filesystem::remove_all(dir);
  sim::EmulatorConfig c;
  c.duration_s = 12.0;
  c.runner.belt = sim::Belt::kSingle;
  sim::TreadmillEmulator::write_files(c, dir);
  const auto info = acquisition::first_device_info(dir / "plates.bin");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->n_plates, 1);

  const auto out = dir / "console.txt";
  const std::string cmd = std::string(STRIDECUE_APP) + " live --replay '" + dir.string() +
                          "' --speed 0 --headless > '" + out.string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  const std::string console = text.str();
  EXPECT_NE(console.find("single-belt recording"), std::string::npos) << console;
  int left = 0, right = 0;
  std::istringstream lines(console);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
    std::istringstream cells(line);
    std::string index, t, side;
    cells >> index >> t >> side;
    left += side == "L";
    right += side == "R";
  }
  EXPECT_GT(left, 5);
  EXPECT_GT(right, 5);

  const auto station = dir / "split.yaml";
  std::ofstream(station) << "devices:\n  - {port: /dev/null}\nprocessing:\n  belt: split\n";
  const std::string cmd2 = std::string(STRIDECUE_APP) + " live --station '" + station.string() +
                           "' --replay '" + dir.string() + "' --speed 0 --headless > '" +
                           out.string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd2.c_str()), 0) << cmd2;
  std::stringstream text2;
  text2 << std::ifstream(out).rdbuf();
  EXPECT_NE(text2.str().find("has 1 plate(s) but"), std::string::npos) << text2.str();
}

TEST(StationFile, NotANumberAndInfinityAreRefusedWhereTheyStand) {
  // Regression: strtod reads "nan" and "inf", and a NaN passes every later range check — a NaN
  // contact threshold ran with wrong results and exit 0.
  for (const char* bad : {"nan", ".nan", "inf", "-inf"}) {
    const std::string text = std::string("devices:\n  - {port: /dev/x}\nprocessing:\n") +
                             "  contact_on_n: " + bad + "\n";
    try {
      parse_station(text, "s.yaml");
      ADD_FAILURE() << bad << " accepted";
    } catch (const StationFileError& e) {
      EXPECT_NE(std::string(e.what()).find("s.yaml:4:17: processing.contact_on_n"),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("' is not a"), std::string::npos) << e.what();
    }
  }
}

TEST(StationFile, APipeADeviceOrAHugeFileIsRefusedNotReadForever) {
  // Regression: a named pipe given as the station file blocked forever; /dev/zero was read until
  // memory ran out (std::bad_alloc).
  const auto dir = std::filesystem::temp_directory_path() / "stridecue-station-not-a-file";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto fifo = dir / "fifo.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::filesystem::path& p : {fifo, std::filesystem::path("/dev/zero"), dir}) {
    try {
      load_station(p);
      ADD_FAILURE() << p << " accepted";
    } catch (const StationFileError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos) << e.what();
    }
  }
  const auto huge = dir / "huge.yaml";
  std::ofstream(huge) << std::string(2 << 20, '#');
  try {
    load_station(huge);
    ADD_FAILURE() << "a 2 MiB station file accepted";
  } catch (const StationFileError& e) {
    EXPECT_NE(std::string(e.what()).find("at most 1 MiB"), std::string::npos) << e.what();
  }
  try {
    load_station(dir / "missing.yaml");
    ADD_FAILURE() << "a missing file accepted";
  } catch (const StationFileError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read the station file"), std::string::npos)
        << e.what();
  }
}

TEST(StationFile, AKeyWrittenTwiceIsAnErrorNotASilentOverride) {
  // Regression: YAML let the later of two equal keys silently win.
  const auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_station(text, "s.yaml");
    } catch (const StationFileError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string nested = error_of(
      "devices:\n  - {port: /dev/x}\nprocessing:\n  contact_on_n: 30\n  contact_on_n: 300\n");
  EXPECT_NE(nested.find("s.yaml:5:3: processing.contact_on_n: written twice (first on line 4)"),
            std::string::npos)
      << nested;
  const std::string top = error_of("devices:\n  - {port: /dev/x}\ndevices:\n  - {port: /dev/y}\n");
  EXPECT_NE(top.find("s.yaml:3:1: devices: written twice (first on line 1)"), std::string::npos)
      << top;
  const std::string in_device = error_of("devices:\n  - {port: /dev/x, port: /dev/y}\n");
  EXPECT_NE(in_device.find("devices[0].port: written twice"), std::string::npos) << in_device;
  const std::string list_key = error_of("devices:\n  - {port: /dev/x}\n[a, b]: 1\n");
  EXPECT_NE(list_key.find("a setting's name must be a word"), std::string::npos) << list_key;
}

TEST(StationFile, ACountThatIsNegativeOrFractionalIsRefusedAsTyped) {
  // Regression: "-6" was cast to an unsigned count and reported later, with no line, as
  // 18446744073709551610.
  const auto error_of = [](const std::string& processing) -> std::string {
    try {
      parse_station("devices:\n  - {port: /dev/x}\nprocessing:\n" + processing, "s.yaml");
    } catch (const StationFileError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string neg = error_of("  symmetry_cue: {window_steps: -6}\n");
  EXPECT_NE(neg.find("s.yaml:4:32: processing.symmetry_cue.window_steps: '-6' is not a whole "
                     "number within 2..64"),
            std::string::npos)
      << neg;
  const std::string frac = error_of("  symmetry: {window_strides: 7.5}\n");
  EXPECT_NE(frac.find("processing.symmetry.window_strides: '7.5' is not a whole number"),
            std::string::npos)
      << frac;
  EXPECT_EQ(error_of("  symmetry_cue: {window_steps: 8, hold_off_steps: 0}\n"), "(no error)");
}

TEST(StationFile, EveryMistakeOfAFileIsReportedAtOnceEachAtItsLine) {
  const std::string e = error_of(
      "runner: {body_mass_kg: 7000}\n"                         // 1
      "devices:\n"                                             // 2
      "  - {name: plates, port: /dev/a, baud: 12}\n"           // 3
      "processing:\n"                                          // 4
      "  contact_on_n: 1e9\n"                                  // 5
      "  min_contact_ms: -80\n"                                // 6
      "  plate_origin_depth_m: 1e300\n"                        // 7
      "  symmetry_cue: {window_steps: 7, threshold_pct: 0}\n"  // 8
      "pelvis:\n"                                              // 9
      "  static_s: nan\n");                                    // 10
  for (const char* want : {
           "station.yaml:1:24: runner.body_mass_kg: '7000' is out of range; use 20 .. 250 kg",
           "station.yaml:3:40: devices[0].baud: 12 is not supported",
           "station.yaml:5:17: processing.contact_on_n: '1e9' is out of range; use 1 .. 1000 N",
           "station.yaml:6:19: processing.min_contact_ms: '-80' is out of range; use 0 .. 500 ms",
           "station.yaml:7:25: processing.plate_origin_depth_m: '1e300' is out of range",
           "station.yaml:8:32: processing.symmetry_cue.window_steps: '7' is odd",
           "station.yaml:8:50: processing.symmetry_cue.threshold_pct: '0' is out of range",
           "station.yaml:10:13: pelvis.static_s: 'nan' is not a finite number",
       }) {
    EXPECT_NE(e.find(want), std::string::npos) << want << "\n in:\n" << e;
  }
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 7) << e;  // eight mistakes, one per line
}

TEST(StationFile, SettingsOnlyValidTogetherAreNamedAtTheLaterLine) {
  const std::string off_above_on = error_of(
      "devices:\n  - {port: /dev/x}\nprocessing:\n  contact_on_n: 20\n"
      "  contact_off_n: 40\n");
  EXPECT_NE(off_above_on.find("station.yaml:5:18: processing.contact_off_n: contact_off_n (40 N) "
                              "must not exceed contact_on_n (20 N)"),
            std::string::npos)
      << off_above_on;
  const std::string half_bw =
      error_of("devices:\n  - {port: /dev/x}\nprocessing:\n  contact_on_bw: 0.05\n");
  EXPECT_NE(half_bw.find("station.yaml:4:18: processing.contact_on_bw: give both contact_on_bw "
                         "and contact_off_bw"),
            std::string::npos)
      << half_bw;
}

TEST(StationFile, TwoDevicesWithOneNamePortOrUsbIdAreRefused) {
  const std::string e = error_of(
      "devices:\n"
      "  - {name: plates, port: /dev/ttyUSB0}\n"
      "  - {name: plates, port: /dev/ttyUSB0}\n"
      "  - {name: a, usb: '0403:6001'}\n"
      "  - {name: b, usb: '0403:6001'}\n");
  EXPECT_NE(e.find("station.yaml:3:12: devices[1].name: 'plates' is also the name of devices[0]"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("station.yaml:3:26: devices[1].port: '/dev/ttyUSB0' is also the port of "
                   "devices[0] (plates); one device per port"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("station.yaml:5:20: devices[3].usb: '0403:6001' is also the usb of devices[2]"),
            std::string::npos)
      << e;
}

TEST(StationFile, AMalformedUsbIdentityIsRefusedInsteadOfWaitedFor) {
  for (const char* bad : {"0403", "0403:xyz1", "-1:-1", "12345:1", "0403:6001:", " 403:6001"}) {
    const std::string e = error_of(std::string("devices:\n  - {name: a, usb: '") + bad + "'}\n");
    EXPECT_NE(e.find("station.yaml:2:20: devices[0].usb: '"), std::string::npos)
        << bad << ": " << e;
    EXPECT_NE(e.find("is not a USB identity"), std::string::npos) << bad << ": " << e;
  }
  EXPECT_NO_THROW(parse_station("devices:\n  - {usb: '0403:6001:A10K'}\n", "s.yaml"));
}

TEST(StationFile, OneColumnReadAsTwoTargetsIsRefused) {
  const std::string e = error_of(
      "devices:\n  - port: /dev/x\n    protocol: text\n    text:\n      kind: force6\n"
      "      plates: 2\n      columns:\n"
      "        left.fz: {name: Fz}\n"
      "        right.fz: {name: Fz}\n");
  EXPECT_NE(e.find("station.yaml:9:26: devices[0].text.columns.right.fz.name: 'Fz' is also read "
                   "as left.fz"),
            std::string::npos)
      << e;
}

TEST(StationFile, ASecondDocumentAnUnclosedQuoteOrDeepNestingIsRefused) {
  const std::string two = error_of("devices:\n  - {port: /dev/x}\n---\nstation: other\n");
  EXPECT_NE(two.find("station.yaml:4:1: (document 2): a second YAML document"), std::string::npos)
      << two;
  const std::string quote = error_of("station: \"lab 2\ndevices:\n  - {port: /dev/x}\n");
  EXPECT_NE(quote.find("station.yaml:1:10: station: 'lab 2 devices:"), std::string::npos) << quote;
  EXPECT_NE(quote.find("is a closing quote missing?"), std::string::npos) << quote;
  const std::string deep = error_of("devices: " + std::string(5000, '[') + "\n");
  EXPECT_NE(deep.find("nested too deeply"), std::string::npos) << deep;
}

TEST(StationFile, EchoedValuesAreCutAndEscaped) {
  const std::string e =
      error_of("devices:\n  - {port: /dev/x, protocol: \"" + std::string(5000, 'w') + "\\x01\"}\n");
  EXPECT_NE(e.find("… (5001 bytes)"), std::string::npos) << e;
  EXPECT_LT(e.size(), 300u) << e;
  const std::string ctl = error_of("devices:\n  - {port: /dev/x, protocol: \"a\\x07b\"}\n");
  EXPECT_NE(ctl.find("'a\\x07b' is not a protocol"), std::string::npos) << ctl;
}

TEST(StationYaml, TheSettingsAsRunReadBackToTheSameSettings) {
  std::vector<StationConfig> configs;
  for (const char* f : {"station-sim.yaml", "station-split-belt.yaml", "station-arduino.yaml"}) {
    configs.push_back(load_station(kConfig / f));
  }
  StationConfig odd = configs.front();  // every setting away from its default
  odd.engine.force.body_mass_kg = 63.3;
  odd.engine.force.on_bw_fraction = 0.07;
  odd.engine.force.off_bw_fraction = 0.04;
  odd.engine.force.belt = processing::BeltLayout::kSingle;
  odd.engine.force.filter = {37.5, 6};
  odd.engine.force.plate_origin_depth_m = 0.041;
  odd.engine.force.calibration[1] = processing::CalibrationMatrix{};
  (*odd.engine.force.calibration[1])[0] = 1.0000001;
  odd.engine.symmetry.window_strides = 7;
  odd.engine.symmetry.thresholds[2].abs_si_pct = 12.5;
  odd.engine.cue = {processing::StepMetric::kPelvicDropDeg, 8, 33.3, 4};
  odd.engine.baseline = {20, 45};
  odd.engine.pelvis.calibrate_at_start = false;
  odd.engine.pelvis.mount_moved_deg = 4.5;
  configs.push_back(odd);
  for (const auto& c : configs) {
    const std::string yaml = station_yaml(c);
    StationConfig back;
    try {
      back = parse_station(yaml, "as-run.yaml");
    } catch (const StationFileError& e) {
      FAIL() << e.what() << "\n" << yaml;
    }
    EXPECT_EQ(station_yaml(back), yaml);  // a fixed point: nothing lost or rounded
    EXPECT_EQ(back.engine.force.body_mass_kg, c.engine.force.body_mass_kg);
    EXPECT_EQ(back.engine.force.thresholds.on_n, c.engine.force.thresholds.on_n);
    EXPECT_EQ(back.engine.cue.metric, c.engine.cue.metric);
    EXPECT_EQ(back.engine.cue.threshold_pct, c.engine.cue.threshold_pct);
    EXPECT_EQ(back.engine.force.calibration[1].has_value(),
              c.engine.force.calibration[1].has_value());
  }
}
