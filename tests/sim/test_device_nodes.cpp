// Emulated device nodes and file streaming: what they put on the wire decodes back to the same
// samples, faults show up on the host exactly as injected, and load cells reproduce the COP.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stridecue/acquisition/wire_decoder.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"

using namespace stridecue;
using namespace stridecue::sim;

namespace {

struct Count : acquisition::SampleSink {
  std::size_t force = 0, cells = 0, imu = 0, infos = 0, gaps = 0;
  std::uint64_t lost = 0;
  double max_fz = 0, max_cell_sum = 0;
  void on_force(const ForceFrame& f) override {
    ++force;
    max_fz = std::max<double>(max_fz, f.plate[0].fz_n);
  }
  void on_load_cells(const LoadCellFrame& f) override {
    ++cells;
    max_cell_sum = std::max<double>(
        max_cell_sum, f.cell_n[0][0] + f.cell_n[0][1] + f.cell_n[0][2] + f.cell_n[0][3]);
  }
  void on_imu(const ImuSample&) override { ++imu; }
  void on_device_info(std::uint8_t, const acquisition::DeviceInfo&) override { ++infos; }
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t n, TimeNs) override {
    ++gaps;
    lost += n;
  }
};

std::vector<std::uint8_t> read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct Decoded {
  Count count;
  acquisition::HealthSnapshot health;
};

Decoded decode_file(const std::filesystem::path& p) {
  Decoded d;
  acquisition::DeviceHealth health;
  acquisition::WireDecoder dec(0, health);
  const auto bytes = read_all(p);
  // Feed in 4 KiB chunks, as reads from a port arrive, each "received" 1 ms later.
  for (std::size_t i = 0; i < bytes.size(); i += 4096) {
    dec.feed(bytes.data() + i, std::min<std::size_t>(4096, bytes.size() - i),
             static_cast<TimeNs>(i) * 1000, d.count);
  }
  d.health = health.snapshot();
  return d;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("stridecue-test-" + name);
  std::filesystem::remove_all(p);
  return p;
}

std::size_t csv_rows(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) ++n;
  return n - 1;  // header
}

}  // namespace

TEST(DeviceNodes, LoadCellsReproduceForceAndCentreOfPressure) {
  PlateWrench w;
  w.fz_n = 1500;
  const double x = 0.12, y = -0.05;  // COP
  w.mx_nm = static_cast<float>(y * w.fz_n);
  w.my_nm = static_cast<float>(-x * w.fz_n);
  const auto c = LoadCellNode::cell_forces(w, 0.8, 0.25, 0.0);
  EXPECT_NEAR(c[0] + c[1] + c[2] + c[3], 1500, 1e-6);
  // Cells at front-left (+a,+b), front-right (+a,−b), rear-right (−a,−b), rear-left (−a,+b).
  const double cop_x = 0.8 * (c[0] + c[1] - c[2] - c[3]) / 1500;
  const double cop_y = 0.25 * (c[0] - c[1] - c[2] + c[3]) / 1500;
  EXPECT_NEAR(cop_x, x, 1e-6);
  EXPECT_NEAR(cop_y, y, 1e-6);
}

TEST(DeviceNodes, DeviceClockDriftsAndJumpsAsConfigured) {
  NodeConfig nc{1000, 4, 1000, "X"};
  ImuNode node(nc);
  node.set_clock_faults(100.0, {{5.0, 250.0}});
  EXPECT_EQ(node.device_time_us(0), 1000u);
  EXPECT_EQ(node.device_time_us(s_to_ns(4.0)), 1000u + 4'000'400u);  // +100 ppm
  EXPECT_EQ(node.device_time_us(s_to_ns(6.0)), 1000u + 6'000'600u + 250'000u);
  node.reboot(s_to_ns(10.0));
  EXPECT_EQ(node.device_time_us(s_to_ns(10.0)), 1000u);
  EXPECT_EQ(node.counter(), 0u);
}

TEST(FileStreams, EverySampleDecodesBackWithoutErrorsAndTruthIsWritten) {
  EmulatorConfig c;
  c.duration_s = 10;
  const auto dir = temp_dir("files");
  const auto st = TreadmillEmulator::write_files(c, dir);
  const Decoded plates = decode_file(dir / "plates.bin");
  const Decoded imu = decode_file(dir / "imu.bin");
  EXPECT_EQ(plates.health.crc_errors + plates.health.other_errors, 0u);
  EXPECT_EQ(plates.health.counter_gaps, 0u);
  EXPECT_EQ(plates.count.force, 10'000u);
  EXPECT_EQ(imu.count.imu, 5'000u);
  EXPECT_EQ(plates.health.frames, st.plates.frames_written);
  EXPECT_GT(plates.count.max_fz, 2.0 * 70 * 9.81);
  EXPECT_GE(csv_rows(dir / "steps.csv"), 25u);     // ≈ 170 steps/min
  EXPECT_EQ(csv_rows(dir / "pelvis.csv"), 5000u);  // 500 Hz, t = 0 … 9.998 s
}

TEST(FileStreams, LoadCellPlatesCarryTheVerticalForce) {
  EmulatorConfig c;
  c.duration_s = 3;
  c.load_cell_plates = true;
  c.with_imu = false;
  const auto dir = temp_dir("cells");
  TreadmillEmulator::write_files(c, dir);
  const Decoded d = decode_file(dir / "plates.bin");
  EXPECT_EQ(d.count.cells, 3000u);
  EXPECT_EQ(d.count.force, 0u);
  EXPECT_GT(d.count.max_cell_sum, 2.0 * 70 * 9.81);
  EXPECT_FALSE(std::filesystem::exists(dir / "imu.bin"));
}

TEST(FileStreams, InjectedFaultsAreExactlyWhatTheHostSees) {
  EmulatorConfig c;
  c.duration_s = 30;
  c.with_imu = false;
  c.plates_faults.drop_frames_per_min = 20;
  c.plates_faults.corrupt_bytes_per_min = 20;
  c.plates_faults.stall = {{10.0, 0.5}};
  const auto dir = temp_dir("faults");
  const auto st = TreadmillEmulator::write_files(c, dir);
  const Decoded d = decode_file(dir / "plates.bin");
  EXPECT_GT(st.plates.frames_dropped, 3u);
  EXPECT_GT(st.plates.frames_corrupted, 3u);
  EXPECT_EQ(st.plates.frames_not_sent, 125u);  // 0.5 s at 250 frames/s
  // Every corrupted frame is rejected; a corrupted delimiter can take a neighbour with it.
  const std::uint64_t good_frames = st.plates.frames_written - st.plates.hellos_written;
  EXPECT_LE(d.count.force, (good_frames - st.plates.frames_corrupted) * 4);
  EXPECT_GE(d.count.force, (good_frames - 2 * st.plates.frames_corrupted) * 4);
  // Nothing is lost silently: the counter accounts for drops, the stall and rejected frames
  // (up to a frame at either end of the file, where no later counter can reveal it).
  EXPECT_NEAR(static_cast<double>(d.count.force + d.health.lost_samples), 30'000.0, 8.0);
}
