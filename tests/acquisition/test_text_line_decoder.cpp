// TextLineDecoder: text lines from Arduino-style devices → scaled samples on the host timeline,
// with header mapping, units, bad lines, counter gaps and device restarts accounted for. No port.
//
// A stream's first line may be the tail of a line joined mid-way, so the decoder only uses it if
// it is a header. Streams here therefore start with a header, a partial line or a bare "\n".
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/acquisition/text_line_decoder.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;

namespace {

struct Gap {
  std::uint32_t counter;
  std::uint64_t lost;
  TimeNs t_ns;
};

struct Recorder : SampleSink {
  std::vector<ForceFrame> force;
  std::vector<LoadCellFrame> cells;
  std::vector<ImuSample> imu;
  std::vector<DeviceInfo> infos;
  std::vector<Gap> gaps;
  void on_force(const ForceFrame& f) override { force.push_back(f); }
  void on_load_cells(const LoadCellFrame& f) override { cells.push_back(f); }
  void on_imu(const ImuSample& s) override { imu.push_back(s); }
  void on_device_info(std::uint8_t, const DeviceInfo& i) override { infos.push_back(i); }
  void on_gap(std::uint8_t, std::uint32_t counter, std::uint64_t lost, TimeNs t) override {
    gaps.push_back({counter, lost, t});
  }
};

// Counts without storing, so feeding into it cannot allocate.
struct CountingSink : SampleSink {
  std::uint64_t samples = 0, gaps = 0, infos = 0;
  float last_fz = 0;
  void on_force(const ForceFrame& f) override {
    ++samples;
    last_fz = f.plate[0].fz_n;
  }
  void on_load_cells(const LoadCellFrame&) override { ++samples; }
  void on_imu(const ImuSample&) override { ++samples; }
  void on_device_info(std::uint8_t, const DeviceInfo&) override { ++infos; }
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t, TimeNs) override { ++gaps; }
};

struct Rig {
  DeviceHealth health;
  TextLineDecoder dec;
  Recorder rec;
  explicit Rig(TextLineConfig config, std::uint8_t device = 0)
      : dec(device, health, std::move(config)) {}
  void feed(std::string_view text, TimeNs host_rx_ns = 0) {
    dec.feed(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), host_rx_ns, rec);
  }
};

// One plate, columns by index: t (ms), fx, fz.
TextLineConfig indexed_force() {
  TextLineConfig c;
  c.kind = DeviceKind::kForce6;
  c.channels = {column_at("t", 0, "ms"), column_at("fx", 1), column_at("fz", 2)};
  return c;
}

std::string error_of(const TextLineConfig& config) {
  DeviceHealth health;
  try {
    TextLineDecoder d(0, health, config);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(TextLineDecoder, CsvHeaderMapsColumnsByNameInAnyOrder) {
  TextLineConfig c;
  c.header = true;
  c.rate_hz = 1000;
  c.channels = {column_named("fz", "Fz"), column_named("fx", "Fx"),
                column_named("t", "millis", "ms")};
  Rig r(c, 4);
  r.feed("millis,Fx,Fz,status\n10,1.5,700.25,ok\n", 50 * kNsPerMs);
  r.feed("11,-2,702,ok\n", 51 * kNsPerMs);

  ASSERT_EQ(r.rec.infos.size(), 1u);
  EXPECT_EQ(r.rec.infos[0].kind, DeviceKind::kForce6);
  EXPECT_EQ(r.rec.infos[0].serial_view(), "TEXT");
  EXPECT_EQ(r.rec.infos[0].n_plates, 1);
  EXPECT_EQ(r.rec.infos[0].sample_rate_hz, 1000u);
  EXPECT_EQ(r.health.declared_rate_hz.load(), 1000u);
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_EQ(r.rec.force[0].device, 4);
  EXPECT_EQ(r.rec.force[0].n_plates, 1);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fx_n, 1.5f);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 700.25f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fx_n, -2.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fy_n, 0.0f);  // unmapped
  EXPECT_EQ(r.rec.force[1].t_ns - r.rec.force[0].t_ns, kNsPerMs);
  EXPECT_FALSE(r.dec.waiting_for_header());
  EXPECT_EQ(r.health.frames.load(), 2u);
  EXPECT_EQ(r.health.samples.load(), 2u);
  EXPECT_EQ(r.health.other_errors.load(), 0u);
}

TEST(TextLineDecoder, CsvMapsColumnsByIndex) {
  Rig r(indexed_force());
  r.feed("\n100,3,800\n101,4,801\n");
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fx_n, 3.0f);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 800.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fz_n, 801.0f);
  EXPECT_EQ(r.rec.force[0].counter, 0u);  // no counter column: counts accepted lines
  EXPECT_EQ(r.rec.force[1].counter, 1u);
}

TEST(TextLineDecoder, HeaderIsSkippedWhenColumnsAreMappedByIndex) {
  TextLineConfig c = indexed_force();
  c.header = true;
  Rig r(c);
  r.feed("\nt,fx,fz\n100,3,800\n");
  ASSERT_EQ(r.rec.force.size(), 1u);
  EXPECT_EQ(r.health.other_errors.load(), 0u);
}

TEST(TextLineDecoder, NamedColumnsWaitForTheHeaderWithoutCountingErrors) {
  TextLineConfig c;
  c.header = true;
  c.rate_hz = 100;
  c.channels = {column_named("fz", "Fz")};
  Rig r(c);
  r.feed("\n1\n2\n");
  EXPECT_TRUE(r.dec.waiting_for_header());
  EXPECT_EQ(r.dec.lines_before_header(), 2u);
  EXPECT_EQ(r.health.other_errors.load(), 0u);
  r.feed("Fz\n3\n");
  ASSERT_EQ(r.rec.force.size(), 1u);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 3.0f);
}

TEST(TextLineDecoder, NewHeaderAfterRebootRemapsColumns) {
  TextLineConfig c;
  c.header = true;
  c.rate_hz = 100;
  c.channels = {column_named("fx", "Fx"), column_named("fz", "Fz")};
  Rig r(c);
  r.feed("Fx,Fz\n1,500\nBooting v2...\n\"Fz\", \"Fx\"\n600,2\n");
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fz_n, 600.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fx_n, 2.0f);
  // "Booting v2..." looks like a header but names no mapped column: rejected, map kept.
  EXPECT_EQ(r.health.other_errors.load(), 1u);
  EXPECT_EQ(r.dec.last_error(), TextLineError::kBadHeader);
}

TEST(TextLineDecoder, WhitespaceSeparatedColumns) {
  TextLineConfig c = indexed_force();
  c.separator = TextSeparator::kWhitespace;
  Rig r(c);
  r.feed("\n  100 \t 3   800\t\n101\t4\t801\n");
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fx_n, 3.0f);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 800.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fz_n, 801.0f);
}

TEST(TextLineDecoder, AutoSeparatorTakesCommasAndWhitespace) {
  Rig r(indexed_force());  // kAuto is the default
  r.feed("\n100, 3 ,800\n101 4 801\n102,,802\n");
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 800.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fx_n, 4.0f);
  // "102,,802": the empty middle column is fx, which must parse.
  EXPECT_EQ(r.health.other_errors.load(), 1u);
  EXPECT_EQ(r.dec.last_error(), TextLineError::kNotANumber);
  EXPECT_EQ(r.dec.last_error_column(), 1);
}

TEST(TextLineDecoder, SemicolonAndTabSeparators) {
  TextLineConfig c = indexed_force();
  c.separator = TextSeparator::kSemicolon;
  Rig semi(c);
  semi.feed("\n100; 3;+800\n");
  ASSERT_EQ(semi.rec.force.size(), 1u);
  EXPECT_FLOAT_EQ(semi.rec.force[0].plate[0].fz_n, 800.0f);

  c.separator = TextSeparator::kTab;
  Rig tab(c);
  tab.feed("\n100\t3\t800\n100,3,800\n");
  ASSERT_EQ(tab.rec.force.size(), 1u);
  EXPECT_EQ(tab.health.other_errors.load(), 1u);  // commas are not separators here
}

TEST(TextLineDecoder, UnitsConvertToSi) {
  TextLineConfig c;
  c.n_plates = 2;
  c.channels = {column_at("t", 0, "ms"), column_at("fz", 1, "kN"), column_at("fx", 2, "lbf"),
                column_at("mx", 3, "N.mm"), column_at("plate2.fz", 4, "kgf"),
                // an amplifier output in volts: 500 N/V after removing a 0.01 V zero offset
                column_at("plate2.fy", 5, "N", 500, -0.01)};
  Rig r(c);
  r.feed("\n0,1.5,100,2500,70,1.01\n", 10 * kNsPerMs);
  r.feed("2,1.5,100,2500,70,1.01\n", 12 * kNsPerMs);
  ASSERT_EQ(r.rec.force.size(), 2u);
  const ForceFrame& f = r.rec.force[0];
  EXPECT_FLOAT_EQ(f.plate[0].fz_n, 1500.0f);
  EXPECT_NEAR(f.plate[0].fx_n, 444.822162f, 1e-3);
  EXPECT_FLOAT_EQ(f.plate[0].mx_nm, 2.5f);
  EXPECT_NEAR(f.plate[1].fz_n, 686.4655f, 1e-3);
  EXPECT_NEAR(f.plate[1].fy_n, 500.0f, 1e-3);
  EXPECT_EQ(r.rec.force[1].t_ns - r.rec.force[0].t_ns, 2 * kNsPerMs);  // ms column

  TextLineConfig imu;
  imu.kind = DeviceKind::kImu;
  imu.rate_hz = 100;
  imu.channels = {column_at("acc_z", 0, "g"), column_at("gyro_x", 1, "deg/s")};
  Rig ri(imu);
  ri.feed("\n1,180\n");
  ASSERT_EQ(ri.rec.imu.size(), 1u);
  EXPECT_FLOAT_EQ(ri.rec.imu[0].acc_mps2[2], 9.80665f);
  EXPECT_FLOAT_EQ(ri.rec.imu[0].gyro_rads[0], static_cast<float>(M_PI));
}

TEST(TextLineDecoder, UnitFactorsAreTheConventionalOnes) {
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kForce, "kN"), 1000.0);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kForce, "lbf"), 0.45359237 * 9.80665);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kForce, "kgf"), 9.80665);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kMoment, "N.mm"), 1e-3);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kAcceleration, "g"), 9.80665);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kAngularRate, "deg/s"), M_PI / 180);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kTime, "us"), 1e-6);
  EXPECT_DOUBLE_EQ(*si_factor(Quantity::kTime, ""), 1.0);
  EXPECT_FALSE(si_factor(Quantity::kForce, "BW"));
  EXPECT_FALSE(si_factor(Quantity::kForce, "g"));  // an acceleration unit
}

TEST(TextLineDecoder, SplitBeltTwoPlates) {
  TextLineConfig c;
  c.n_plates = 2;
  c.header = true;
  c.rate_hz = 1000;
  c.channels = {column_named("plate1.fz", "fz_left"), column_named("plate2.fz", "fz_right"),
                column_named("plate2.fx", "fx_right")};
  Rig r(c);
  r.feed("fz_left fz_right fx_right\n612.5 0 0\n0 587.25 -40\n");
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_EQ(r.rec.force[0].n_plates, 2);
  EXPECT_EQ(r.rec.infos.at(0).n_plates, 2);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 612.5f);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[1].fz_n, 0.0f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[1].fz_n, 587.25f);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[1].fx_n, -40.0f);
}

TEST(TextLineDecoder, LoadCellsTwoPlates) {
  TextLineConfig c;
  c.kind = DeviceKind::kLoadCell;
  c.n_plates = 2;
  c.rate_hz = 500;
  for (int p = 0; p < 2; ++p) {
    for (int k = 0; k < 4; ++k) {
      const std::string prefix = p == 0 ? "" : "plate2.";
      c.channels.push_back(column_at(prefix + "cell" + std::to_string(k + 1), 4 * p + k, "kgf"));
    }
  }
  Rig r(c);
  r.feed("\n1,2,3,4,5,6,7,8\n");
  ASSERT_EQ(r.rec.cells.size(), 1u);
  EXPECT_EQ(r.rec.infos.at(0).kind, DeviceKind::kLoadCell);
  EXPECT_EQ(r.rec.cells[0].n_plates, 2);
  for (int p = 0; p < 2; ++p) {
    for (int k = 0; k < 4; ++k) {
      EXPECT_NEAR(r.rec.cells[0].cell_n[p][k], (4 * p + k + 1) * 9.80665f, 1e-4)
          << "plate " << p << " cell " << k;
    }
  }
}

TEST(TextLineDecoder, Imu) {
  TextLineConfig c;
  c.kind = DeviceKind::kImu;
  c.rate_hz = 200;
  const char* names[] = {"acc_x", "acc_y", "acc_z", "gyro_x", "gyro_y", "gyro_z"};
  for (int i = 0; i < 6; ++i) c.channels.push_back(column_at(names[i], i + 1));
  c.channels.push_back(column_at("counter", 0));
  Rig r(c);
  r.feed("\n7 0.1 0.2 9.8 -0.5 0.25 1.5\n");
  ASSERT_EQ(r.rec.imu.size(), 1u);
  EXPECT_EQ(r.rec.infos.at(0).kind, DeviceKind::kImu);
  EXPECT_EQ(r.rec.infos.at(0).n_plates, 0);
  const ImuSample& s = r.rec.imu[0];
  EXPECT_EQ(s.counter, 7u);
  EXPECT_FLOAT_EQ(s.acc_mps2[0], 0.1f);
  EXPECT_FLOAT_EQ(s.acc_mps2[1], 0.2f);
  EXPECT_FLOAT_EQ(s.acc_mps2[2], 9.8f);
  EXPECT_FLOAT_EQ(s.gyro_rads[0], -0.5f);
  EXPECT_FLOAT_EQ(s.gyro_rads[1], 0.25f);
  EXPECT_FLOAT_EQ(s.gyro_rads[2], 1.5f);
}

// Without a time column, sample times come from the declared rate: arrival jitter (up to 8 ms,
// lines in bursts) above the first line's latency must not reach them.
TEST(TextLineDecoder, NoTimeColumnSpacesSamplesExactlyAtTheDeclaredRate) {
  TextLineConfig c;
  c.rate_hz = 250;
  c.channels = {column_at("fz", 0)};
  Rig r(c);
  std::mt19937 rng(7);
  std::uniform_int_distribution<TimeNs> jitter(0, 8 * kNsPerMs);
  const TimeNs t0 = 5 * kNsPerS;
  r.feed("\n", t0);
  for (int i = 0; i < 250; ++i) {
    const TimeNs arrival = t0 + i * 4 * kNsPerMs + (i == 0 ? 0 : jitter(rng));
    r.feed(std::to_string(i) + "\n", arrival);
  }
  ASSERT_EQ(r.rec.force.size(), 250u);
  bool arrival_jittered = false;
  for (std::size_t i = 0; i < r.rec.force.size(); ++i) {
    EXPECT_EQ(r.rec.force[i].t_ns - r.rec.force[0].t_ns, static_cast<TimeNs>(i) * 4 * kNsPerMs)
        << "sample " << i;
  }
  for (int i = 0; i < 10; ++i) arrival_jittered = arrival_jittered || jitter(rng) > 0;
  EXPECT_TRUE(arrival_jittered);
  EXPECT_EQ(r.rec.force[0].t_ns, t0);
}

TEST(TextLineDecoder, TimeColumnWithArrivalJitterMapsToTheDeviceTimes) {
  TextLineConfig c;
  c.rate_hz = 1000;
  c.channels = {column_at("t", 0, "us"), column_at("fz", 1)};
  Rig r(c);
  std::mt19937 rng(11);
  std::uniform_int_distribution<TimeNs> jitter(0, 5 * kNsPerMs);
  // The device clock starts at 123.456789 s and its samples are not evenly spaced.
  const std::int64_t dev0_us = 123'456'789;
  const TimeNs host0 = 40 * kNsPerS;
  std::vector<std::int64_t> dev_us;
  r.feed("\n", host0);
  std::int64_t t_us = dev0_us;
  for (int i = 0; i < 1000; ++i) {
    t_us += 900 + (i % 3) * 100;  // 0.9, 1.0 or 1.1 ms
    dev_us.push_back(t_us);
    const TimeNs true_host = host0 + (t_us - dev0_us) * kNsPerUs;
    const TimeNs arrival = true_host + 2 * kNsPerMs + (i == 0 ? 0 : jitter(rng));
    r.feed(std::to_string(t_us) + ",1\n", arrival);
  }
  ASSERT_EQ(r.rec.force.size(), 1000u);
  for (std::size_t i = 1; i < dev_us.size(); ++i) {
    EXPECT_EQ(r.rec.force[i].t_ns - r.rec.force[0].t_ns, (dev_us[i] - dev_us[0]) * kNsPerUs)
        << "sample " << i;
  }
  EXPECT_EQ(r.health.clock_jumps.load(), 0u);
}

TEST(TextLineDecoder, BadLinesAreRejectedAndCountedWhileGoodOnesDecode) {
  Rig r(indexed_force());
  r.feed("\n100,1,800\n");
  r.feed("hello world\n");                          // garbage
  r.feed("101,abc,801\n");                          // non-numeric cell
  r.feed("102,1\n");                                // missing column
  r.feed("103,1," + std::string(600, '9') + "\n");  // too long
  r.feed("104,1,80O\n");                            // letter O for zero
  r.feed("105,1,nan\n");                            // not finite
  r.feed("106,2,806\r\n107,3,807\n");
  ASSERT_EQ(r.rec.force.size(), 3u);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fz_n, 806.0f);
  EXPECT_FLOAT_EQ(r.rec.force[2].plate[0].fz_n, 807.0f);
  EXPECT_EQ(r.health.other_errors.load(), 6u);
  EXPECT_EQ(r.dec.too_long_lines(), 1u);
  EXPECT_EQ(r.health.resyncs.load(), 1u);
  EXPECT_EQ(r.health.frames.load(), 3u);
  EXPECT_EQ(r.health.samples.load(), 3u);
}

TEST(TextLineDecoder, RejectionReasonNamesTheColumn) {
  Rig r(indexed_force());
  r.feed("\n102,1\n");
  EXPECT_EQ(r.dec.last_error(), TextLineError::kMissingColumn);
  EXPECT_EQ(r.dec.last_error_column(), 2);
  r.feed(std::string(700, 'x') + "\n");
  EXPECT_EQ(r.dec.last_error(), TextLineError::kTooLong);
}

TEST(TextLineDecoder, CommentsAndBlankLinesAreIgnored) {
  Rig r(indexed_force());
  r.feed("\n# tare done\n\n   \n\r\n100,1,800\n  # another\n");
  EXPECT_EQ(r.rec.force.size(), 1u);
  EXPECT_EQ(r.health.other_errors.load(), 0u);
}

TEST(TextLineDecoder, PartialFirstLineIsNotCountedNorDecoded) {
  Rig r(indexed_force());
  // Joined mid-line: "3,800" is the tail of "100,3,800" and looks like a short line; "0,4,801" is
  // the tail of "100,4,801" and would decode with a wrong time if it were taken.
  r.feed("3,800\n101,1,801\n");
  EXPECT_EQ(r.health.other_errors.load(), 0u);
  ASSERT_EQ(r.rec.force.size(), 1u);
  EXPECT_FLOAT_EQ(r.rec.force[0].plate[0].fz_n, 801.0f);

  r.dec.reset();
  r.feed("0,4,801\n102,1,802\n");
  EXPECT_EQ(r.health.other_errors.load(), 0u);
  ASSERT_EQ(r.rec.force.size(), 2u);
  EXPECT_FLOAT_EQ(r.rec.force[1].plate[0].fz_n, 802.0f);
  EXPECT_TRUE(r.rec.force[1].flags & kSampleGapBefore);  // reset marks a gap

  Rig garbage(indexed_force());
  garbage.feed(std::string(900, '\x7f') + "\n101,1,801\n");  // a too-long tail at start
  EXPECT_EQ(garbage.health.other_errors.load(), 0u);
  EXPECT_EQ(garbage.dec.too_long_lines(), 0u);
  EXPECT_EQ(garbage.rec.force.size(), 1u);
}

TEST(TextLineDecoder, CrLfEqualsLf) {
  const std::string lf = "\n100,1,800\n101,2,801\n";
  std::string crlf;
  for (char ch : lf) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  Rig a(indexed_force()), b(indexed_force());
  a.feed(lf, kNsPerS);
  b.feed(crlf, kNsPerS);
  ASSERT_EQ(a.rec.force.size(), 2u);
  ASSERT_EQ(b.rec.force.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(a.rec.force[i].t_ns, b.rec.force[i].t_ns);
    EXPECT_FLOAT_EQ(a.rec.force[i].plate[0].fz_n, b.rec.force[i].plate[0].fz_n);
  }
  EXPECT_EQ(b.health.other_errors.load(), 0u);
}

TEST(TextLineDecoder, ByteAtATimeEqualsWholeFeed) {
  TextLineConfig c;
  c.header = true;
  c.channels = {column_named("t", "ms", "ms"), column_named("counter", "n"),
                column_named("fz", "Fz")};
  std::string text = "s,600\r\nms,n,Fz\r\n# comment\r\n";
  for (int i = 0; i < 40; ++i) {
    if (i == 20) text += "junk,,\r\n" + std::string(530, '1') + "\r\n";
    if (i == 25) continue;  // a lost line: counter gap
    text += std::to_string(1000 + i) + "," + std::to_string(i) + "," + std::to_string(500 + i) +
            ".5\r\n";
  }
  Rig whole(c), bytes(c);
  whole.feed(text, 3 * kNsPerS);
  for (char ch : text) bytes.feed(std::string_view(&ch, 1), 3 * kNsPerS);

  ASSERT_EQ(whole.rec.force.size(), 39u);
  ASSERT_EQ(bytes.rec.force.size(), whole.rec.force.size());
  for (std::size_t i = 0; i < whole.rec.force.size(); ++i) {
    const ForceFrame &w = whole.rec.force[i], &b = bytes.rec.force[i];
    EXPECT_EQ(w.t_ns, b.t_ns);
    EXPECT_EQ(w.counter, b.counter);
    EXPECT_EQ(w.flags, b.flags);
    EXPECT_EQ(w.plate[0].fz_n, b.plate[0].fz_n);
  }
  EXPECT_EQ(whole.rec.gaps.size(), 1u);
  EXPECT_EQ(bytes.rec.gaps.size(), 1u);
  const HealthSnapshot hw = whole.health.snapshot(), hb = bytes.health.snapshot();
  EXPECT_EQ(hw.bytes, text.size());
  EXPECT_EQ(hb.bytes, hw.bytes);
  EXPECT_EQ(hb.frames, hw.frames);
  EXPECT_EQ(hb.other_errors, hw.other_errors);
  EXPECT_EQ(hw.other_errors, 2u);
  EXPECT_EQ(hb.counter_gaps, hw.counter_gaps);
}

TEST(TextLineDecoder, CounterGapIsReportedAndFlagged) {
  TextLineConfig c;
  c.rate_hz = 100;
  c.channels = {column_at("counter", 0), column_at("fz", 1)};
  Rig r(c);
  r.feed("\n10,1\n", kNsPerS);
  r.feed("11,1\n", kNsPerS + 10 * kNsPerMs);
  r.feed("14,1\n15,1\n", kNsPerS + 50 * kNsPerMs);  // late, in one chunk
  ASSERT_EQ(r.rec.force.size(), 4u);
  ASSERT_EQ(r.rec.gaps.size(), 1u);
  EXPECT_EQ(r.rec.gaps[0].counter, 14u);
  EXPECT_EQ(r.rec.gaps[0].lost, 2u);
  EXPECT_EQ(r.rec.force[2].counter, 14u);
  EXPECT_EQ(r.rec.force[2].flags, kSampleGapBefore);
  EXPECT_EQ(r.rec.force[1].flags, 0);
  EXPECT_EQ(r.rec.force[3].flags, 0);
  EXPECT_EQ(r.health.counter_gaps.load(), 1u);
  EXPECT_EQ(r.health.lost_samples.load(), 2u);
  // Without a time column, the lost lines still took their period: 10 ms each.
  EXPECT_EQ(r.rec.force[2].t_ns - r.rec.force[1].t_ns, 30 * kNsPerMs);
  EXPECT_EQ(r.rec.gaps[0].t_ns, r.rec.force[2].t_ns);
}

TEST(TextLineDecoder, SixteenBitCounterWrapIsNotAGap) {
  TextLineConfig c;
  c.rate_hz = 100;
  c.counter_bits = 16;
  c.channels = {column_at("counter", 0), column_at("fz", 1)};
  Rig r(c);
  r.feed("\n65534,1\n65535,1\n0,1\n1,1\n3,1\n");
  ASSERT_EQ(r.rec.force.size(), 5u);
  ASSERT_EQ(r.rec.gaps.size(), 1u);
  EXPECT_EQ(r.rec.gaps[0].lost, 1u);
  EXPECT_EQ(r.rec.force[2].counter, 0u);
}

TEST(TextLineDecoder, FractionalCounterIsRejected) {
  TextLineConfig c;
  c.rate_hz = 100;
  c.channels = {column_at("counter", 0), column_at("fz", 1)};
  Rig r(c);
  r.feed("\n1.5,1\n-2,1\n");
  EXPECT_TRUE(r.rec.force.empty());
  EXPECT_EQ(r.health.other_errors.load(), 2u);
  EXPECT_EQ(r.dec.last_error(), TextLineError::kBadCounter);
}

// Regression guard: an Arduino that reboots (watchdog, brown-out) prints millis() from 0 again.
// Taking that at face value would map its samples seconds into the past; it must be a restart.
TEST(TextLineDecoder, DeviceRestartResetsTheClockAndMarksAGap) {
  Rig r(indexed_force());
  const TimeNs host0 = 100 * kNsPerS;
  r.feed("\n", host0);
  for (int i = 0; i < 5; ++i) {
    r.feed(std::to_string(60'000 + i) + ",0,700\n", host0 + i * kNsPerMs);
  }
  const TimeNs host1 = host0 + 2 * kNsPerS;  // rebooted; prints from 0 ms
  for (int i = 0; i < 5; ++i) {
    r.feed(std::to_string(i) + ",0,710\n", host1 + i * kNsPerMs);
  }
  ASSERT_EQ(r.rec.force.size(), 10u);
  EXPECT_EQ(r.dec.restarts(), 1u);
  EXPECT_EQ(r.health.clock_jumps.load(), 1u);
  ASSERT_EQ(r.rec.gaps.size(), 1u);
  EXPECT_EQ(r.rec.gaps[0].lost, 0u);  // unknown
  EXPECT_EQ(r.rec.force[5].flags, kSampleGapBefore);
  EXPECT_EQ(r.rec.force[6].flags, 0);
  // After the restart the new device times map onto their own arrival times.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(r.rec.force[5 + i].t_ns, host1 + i * kNsPerMs) << "sample " << i;
  }
  EXPECT_EQ(r.health.frames.load(), 10u);
}

TEST(TextLineDecoder, TimeColumnWrapIsUnrolledNotARestart) {
  TextLineConfig c;
  c.time_wrap = 4294967296.0;  // Arduino micros()
  c.channels = {column_at("t", 0, "us"), column_at("fz", 1)};
  Rig r(c);
  r.feed("\n4294966296,1\n", kNsPerS);  // 1000 µs before the wrap
  r.feed("4294967000,1\n", kNsPerS + 704 * kNsPerUs);
  r.feed("1000,1\n", kNsPerS + 2000 * kNsPerUs);  // 2000 µs after the first
  ASSERT_EQ(r.rec.force.size(), 3u);
  EXPECT_EQ(r.dec.restarts(), 0u);
  EXPECT_TRUE(r.rec.gaps.empty());
  EXPECT_EQ(r.rec.force[2].t_ns - r.rec.force[0].t_ns, 2000 * kNsPerUs);
}

TEST(TextLineDecoder, ConfigErrorsNameTheFieldAndTheFix) {
  auto expect_error = [](const TextLineConfig& c, const std::string& field,
                         const std::string& fix) {
    const std::string msg = error_of(c);
    EXPECT_NE(msg.find(field), std::string::npos) << msg;
    EXPECT_NE(msg.find(fix), std::string::npos) << msg;
  };
  TextLineConfig c = indexed_force();
  c.channels[1].target = "fzz";
  expect_error(c, "channels[1].target: 'fzz'", "use fx, fy, fz");

  c = indexed_force();
  c.channels.push_back(column_at("plate1.fz", 5));
  expect_error(c, "channels[3].target: 'plate1.fz' is the same channel as channels[2]",
               "map each channel once");

  c = indexed_force();
  c.channels.erase(c.channels.begin());  // no "t"
  expect_error(c, "rate_hz: required", "set rate_hz");

  c = indexed_force();
  c.channels[2].unit = "BW";
  expect_error(c, "channels[2].unit: 'BW' is not a unit of force", "use N, kN, lbf, kgf");

  c = indexed_force();
  c.channels[0].unit = "min";
  expect_error(c, "channels[0].unit: 'min' is not a unit of time", "use s, ms, us");

  c = indexed_force();
  c.channels[2].target = "plate2.fz";
  expect_error(c, "channels[2].target: 'plate2.fz' names plate 2 but n_plates is 1",
               "set n_plates: 2");

  c = indexed_force();
  c.channels[2] = column_named("fz", "Fz");
  expect_error(c, "channels[2].name: 'Fz'", "set header: true");

  c = indexed_force();
  c.channels.pop_back();  // no fz
  expect_error(c, "channels: plate 1 has no fz", "'plate1.fz'");

  c = indexed_force();
  c.channels[1].index = -1;
  expect_error(c, "channels[1] (fx): no column given", "set name");

  c = indexed_force();
  c.n_plates = 3;
  expect_error(c, "n_plates: 3", "use 1, or 2");

  c = indexed_force();
  c.channels[2].scale = 0;
  expect_error(c, "channels[2].scale", "non-zero");

  c.kind = DeviceKind::kImu;
  c.channels = {column_at("acc_x", 0, "N")};
  c.rate_hz = 100;
  expect_error(c, "channels[0].unit: 'N' is not a unit of acceleration", "m/s2, g");

  c.kind = DeviceKind::kLoadCell;
  c.channels = {column_at("cell1", 0)};
  expect_error(c, "plate 1 has no cell2", "'plate1.cell2'");

  EXPECT_EQ(error_of(indexed_force()), "(no error)");
}

// feed() is the acquisition hot path: it must not allocate, whatever the input.
TEST(TextLineDecoder, FeedDoesNotAllocate) {
  TextLineConfig c;
  c.header = true;
  c.n_plates = 2;
  c.time_wrap = 4294967296.0;
  c.channels = {column_named("t", "us", "us"), column_named("counter", "n"),
                column_named("fz", "L", "kgf"), column_named("plate2.fz", "R", "kN")};
  DeviceHealth health;
  TextLineDecoder d(0, health, c);
  CountingSink sink;
  std::string text = "us,n,L,R\n";
  for (int i = 0; i < 200; ++i) {
    if (i == 50) text += "garbage line\n1,2\n" + std::string(1000, 'z') + "\n";
    if (i == 60) text += "\"us\" \"n\" \"R\" \"L\"\n";  // new header, swapped columns
    if (i == 70) continue;                              // counter gap
    if (i == 100) text += "5,0,1,1\n";                  // device restart
    text += std::to_string(1000 * i + 10) + "," + std::to_string(i) + ",61.5,0.6\r\n";
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const stridecue::test::AllocationScope scope;
  d.feed(bytes, text.size() / 2, kNsPerS, sink);
  d.feed(bytes + text.size() / 2, text.size() - text.size() / 2, 2 * kNsPerS, sink);
  for (std::size_t i = 0; i < 300; ++i) d.feed(bytes + i, 1, 3 * kNsPerS, sink);
  d.reset();
  d.feed(bytes, text.size(), 4 * kNsPerS, sink);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(sink.samples, 300u);
  EXPECT_GT(sink.gaps, 0u);
  EXPECT_EQ(sink.infos, 1u);
  EXPECT_GT(health.other_errors.load(), 0u);
}
