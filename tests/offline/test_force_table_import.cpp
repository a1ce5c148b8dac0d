// Import of synthetic tables with known content: split belt with a seconds column, separators,
// units, COP → moments, time-column rules, and the text quirks of real exports (BOM, CRLF,
// quotes, a preamble, trailing blank lines).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "import_test_support.hpp"
#include "stridecue/offline/force_table_import.hpp"

using namespace stridecue;
using namespace stridecue::offline;
using stridecue::offline::test::fmt;
using stridecue::offline::test::import_text;
using stridecue::offline::test::with_map;
using ::testing::HasSubstr;

namespace {

// Split belt at 1 kHz, 40 rows, COP in m and a free moment; a text column that is not mapped.
struct SplitBeltCsv {
  static constexpr int kRows = 40;
  static double fz_l(int i) { return 600 + 10 * i; }
  static double fz_r(int i) { return 20 + i; }
  static double fx_l(int i) { return -50 + 2 * i; }
  static double fy_l(int i) { return 5 - 0.5 * i; }
  static double cx_l(int i) { return 0.10 + 0.001 * i; }
  static double cy_l(int) { return 0.25; }
  static double cx_r(int i) { return -0.05 * i / kRows; }
  static double cy_r(int) { return -0.2; }
  static double tz_l(int i) { return 0.5 * std::sin(i); }

  static std::string text() {
    std::string s = "time_s,FzL,FxL,FyL,CxL,CyL,TzL,FzR,CxR,CyR,note\n";
    for (int i = 0; i < kRows; ++i) {
      s += fmt("%.3f", 12.5 + i / 1000.0) + "," + fmt("%.6g", fz_l(i)) + "," +
           fmt("%.6g", fx_l(i)) + "," + fmt("%.6g", fy_l(i)) + "," + fmt("%.6g", cx_l(i)) + "," +
           fmt("%.6g", cy_l(i)) + "," + fmt("%.9g", tz_l(i)) + "," + fmt("%.6g", fz_r(i)) + "," +
           fmt("%.6g", cx_r(i)) + "," + fmt("%.6g", cy_r(i)) + ",walking? no\n";
    }
    return s;
  }
  static constexpr const char* kMap =
      "left.fz=FzL,left.fx=FxL,left.fy=FyL,left.cop_x=CxL,left.cop_y=CyL,left.tz=TzL,"
      "right.fz=FzR,right.cop_x=CxR,right.cop_y=CyR";
};

}  // namespace

TEST(ForceTableImport, SplitBeltCsvWithSecondsColumn) {
  const ImportedRecording r = import_text(SplitBeltCsv::text(), with_map(SplitBeltCsv::kMap));
  EXPECT_EQ(r.n_plates, 2);
  EXPECT_EQ(r.plate_side[0], Side::kLeft);
  EXPECT_EQ(r.plate_side[1], Side::kRight);
  ASSERT_EQ(r.frames.size(), 40u);
  EXPECT_NEAR(r.rate_hz, 1000.0, 1e-6);
  EXPECT_EQ(r.sample_period_ns, 1'000'000);
  EXPECT_EQ(r.summary.separator, Separator::kComma);
  EXPECT_EQ(r.summary.rows, 40u);
  EXPECT_NEAR(r.summary.duration_s, 0.040, 1e-9);
  EXPECT_NEAR(r.summary.first_time_s, 12.5, 1e-12);
  EXPECT_THAT(r.summary.time_source, HasSubstr("column 'time_s' (1) in s: 1000 Hz"));
  ASSERT_EQ(r.summary.columns.size(), 9u);
  EXPECT_EQ(r.summary.columns[6].target, "right.fz");
  EXPECT_EQ(r.summary.columns[6].column, "FzR");
  EXPECT_EQ(r.summary.columns[6].index, 8u);
  for (int i = 0; i < SplitBeltCsv::kRows; ++i) {
    const ForceFrame& f = r.frames[static_cast<std::size_t>(i)];
    EXPECT_EQ(f.t_ns, i * kNsPerMs) << i;  // from 0, not from the column's 12.5 s
    EXPECT_EQ(f.counter, static_cast<std::uint32_t>(i));
    EXPECT_EQ(f.n_plates, 2);
    const PlateWrench& l = f.plate[0];
    const PlateWrench& rt = f.plate[1];
    using C = SplitBeltCsv;
    EXPECT_FLOAT_EQ(l.fz_n, C::fz_l(i));
    EXPECT_FLOAT_EQ(l.fx_n, C::fx_l(i));
    EXPECT_FLOAT_EQ(l.fy_n, C::fy_l(i));
    // M = r × F + Tz ẑ with r = (COPx, COPy, 0).
    EXPECT_NEAR(l.mx_nm, C::cy_l(i) * C::fz_l(i), 1e-3);
    EXPECT_NEAR(l.my_nm, -C::cx_l(i) * C::fz_l(i), 1e-3);
    EXPECT_NEAR(l.mz_nm, C::tz_l(i) + C::cx_l(i) * C::fy_l(i) - C::cy_l(i) * C::fx_l(i), 1e-4);
    EXPECT_FLOAT_EQ(rt.fz_n, C::fz_r(i));
    EXPECT_EQ(rt.fx_n, 0.0f);  // not mapped
    EXPECT_NEAR(rt.mx_nm, C::cy_r(i) * C::fz_r(i), 1e-4);
    EXPECT_NEAR(rt.my_nm, -C::cx_r(i) * C::fz_r(i), 1e-4);
    EXPECT_NEAR(rt.mz_nm, 0.0, 1e-6);
    // And the DOMAIN.md §3 inverse (dz = 0) gives the COP back.
    EXPECT_NEAR(-l.my_nm / l.fz_n, C::cx_l(i), 1e-6);
    EXPECT_NEAR(l.mx_nm / l.fz_n, C::cy_l(i), 1e-6);
  }
}

TEST(ForceTableImport, SeparatorsGiveTheSameFrames) {
  const std::vector<std::vector<std::string>> rows = {
      {"t", "Fz", "Fx", "Mx", "My"},
      {"0", "100.5", "-3", "1.5", "2"},
      {"0.002", "101", "-2.5", "1.25", "-2"},
      {"0.004", "99.75", "1e1", "0", "+3.5"},
  };
  auto render = [&](const std::string& sep) {
    std::string s;
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) s += (c ? sep : "") + row[c];
      s += "\n";
    }
    return s;
  };
  const ImportOptions o = with_map("fz=Fz,fx=Fx,mx=Mx,my=My");
  const ImportedRecording csv = import_text(render(","), o);
  const ImportedRecording tsv = import_text(render("\t"), o);
  const ImportedRecording semi = import_text(render(";"), o);
  const ImportedRecording ws = import_text(render("  \t "), o);
  EXPECT_EQ(csv.summary.separator, Separator::kComma);
  EXPECT_EQ(tsv.summary.separator, Separator::kTab);
  EXPECT_EQ(semi.summary.separator, Separator::kSemicolon);
  EXPECT_EQ(ws.summary.separator, Separator::kTab);  // a tab in the header wins
  const ImportedRecording spaces = import_text(render("   "), o);
  EXPECT_EQ(spaces.summary.separator, Separator::kWhitespace);
  for (const ImportedRecording* r : {&tsv, &semi, &spaces}) {
    ASSERT_EQ(r->frames.size(), 3u);
    EXPECT_NEAR(r->rate_hz, 500.0, 1e-9);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(r->frames[i].t_ns, csv.frames[i].t_ns);
      EXPECT_EQ(r->frames[i].plate[0].fz_n, csv.frames[i].plate[0].fz_n);
      EXPECT_EQ(r->frames[i].plate[0].fx_n, csv.frames[i].plate[0].fx_n);
      EXPECT_EQ(r->frames[i].plate[0].my_nm, csv.frames[i].plate[0].my_nm);
    }
  }
  EXPECT_FLOAT_EQ(csv.frames[2].plate[0].fx_n, 10.0f);   // 1e1
  EXPECT_FLOAT_EQ(csv.frames[2].plate[0].my_nm, 3.5f);   // "+3.5"
  EXPECT_FLOAT_EQ(csv.frames[1].plate[0].mx_nm, 1.25f);  // moments passed through
}

TEST(ForceTableImport, ExplicitSeparatorOverridesDetection) {
  // A whitespace file whose header happens to contain a semicolon in a column name.
  const std::string text = "t Fz;raw\n0 10\n0.01 11\n";
  ImportOptions o = with_map("fz=Fz;raw");
  o.separator = Separator::kWhitespace;
  const ImportedRecording r = import_text(text, o);
  EXPECT_FLOAT_EQ(r.frames[1].plate[0].fz_n, 11.0f);
}

TEST(ForceTableImport, UnitsKilonewtonMillimetreNewtonMillimetre) {
  const std::string text =
      "t,Fz,Fx,Fy,COPx,COPy,Tz\n"
      "0,1.2,0.1,-0.05,100,-50,2500\n"
      "0.001,1.0,0,0,0,0,0\n";
  ImportOptions o = with_map("fz=Fz,fx=Fx,fy=Fy,cop_x=COPx,cop_y=COPy,tz=Tz");
  o.units = parse_units("force=kN,length=mm,moment=N.mm");
  const ImportedRecording r = import_text(text, o);
  const PlateWrench& w = r.frames[0].plate[0];
  EXPECT_FLOAT_EQ(w.fz_n, 1200.0f);
  EXPECT_FLOAT_EQ(w.fx_n, 100.0f);
  EXPECT_FLOAT_EQ(w.fy_n, -50.0f);
  EXPECT_FLOAT_EQ(w.mx_nm, -0.05f * 1200.0f);                          // COPy·Fz
  EXPECT_FLOAT_EQ(w.my_nm, -0.1f * 1200.0f);                           // −COPx·Fz
  EXPECT_FLOAT_EQ(w.mz_nm, 2.5f + 0.1f * -50.0f - (-0.05f) * 100.0f);  // Tz + COPx·Fy − COPy·Fx
  EXPECT_NEAR(r.summary.columns[0].scale_to_si, 1000.0, 1e-12);
  EXPECT_NEAR(r.summary.columns[3].scale_to_si, 1e-3, 1e-15);

  ImportOptions mm = with_map("fz=Fz,mx=Mx,my=My,mz=Mz");
  mm.units = parse_units("moment=N.mm");
  const ImportedRecording m =
      import_text("t,Fz,Mx,My,Mz\n0,500,1000,-2000,300\n0.001,500,0,0,0\n", mm);
  EXPECT_FLOAT_EQ(m.frames[0].plate[0].mx_nm, 1.0f);
  EXPECT_FLOAT_EQ(m.frames[0].plate[0].my_nm, -2.0f);
  EXPECT_FLOAT_EQ(m.frames[0].plate[0].mz_nm, 0.3f);
}

TEST(ForceTableImport, BodyWeightUnitsUseTheMass) {
  ImportOptions o = with_map("fz=vGRF");
  o.units = parse_units("force=BW");
  o.body_mass_kg = 70;
  o.rate_hz = 100;
  const ImportedRecording r = import_text("vGRF\n0\n2.5\n1\n", o);
  ASSERT_EQ(r.frames.size(), 3u);
  EXPECT_NEAR(r.frames[1].plate[0].fz_n, 2.5 * 70 * 9.80665, 1e-3);
  EXPECT_NEAR(r.frames[2].plate[0].fz_n, 70 * 9.80665, 1e-3);
  EXPECT_THAT(r.summary.time_source, HasSubstr("--rate 100 Hz; no time column"));
}

TEST(ForceTableImport, NegatedColumnsFlipTheSign) {
  // A lab with Y up and Z right maps its Z to StrideCue's Y (left) with a minus.
  const ImportedRecording r =
      import_text("t,Fy,Fz,COPx,COPz\n0,800,12,0.3,0.1\n0.001,800,12,0.3,0.1\n",
                  with_map("fz=Fy,fy=-Fz,cop_x=COPx,cop_y=-COPz"));
  const PlateWrench& w = r.frames[0].plate[0];
  EXPECT_FLOAT_EQ(w.fy_n, -12.0f);
  EXPECT_FLOAT_EQ(w.mx_nm / w.fz_n, -0.1f);  // COP y = −COPz: the foot is on the right
  EXPECT_LT(r.summary.columns[1].scale_to_si, 0.0);
}

TEST(ForceTableImport, TimeColumnAutoDetectionRule) {
  const std::string rows = "0,10\n5,11\n10,12\n";
  for (const char* name : {"time_ms", "Time (ms)", "t[ms]", "T_MS"}) {
    const ImportedRecording r = import_text(std::string(name) + ",Fz\n" + rows, with_map("fz=Fz"));
    EXPECT_NEAR(r.rate_hz, 200.0, 1e-9) << name;  // 5 ms steps
  }
  for (const char* name :
       {"t", "time", "Time", "TIMESTAMP", "time_s", "Time (s)", "t[s]", "time_sec"}) {
    const ImportedRecording r =
        import_text(std::string(name) + ",Fz\n0,10\n0.005,11\n0.01,12\n", with_map("fz=Fz"));
    EXPECT_NEAR(r.rate_hz, 200.0, 1e-9) << name;
  }
  // "times" or "tz" are not time columns: without a rate that is an error.
  ImportOptions o = with_map("fz=Fz");
  EXPECT_THROW(import_text("times,Fz\n" + rows, o), ImportError);
  // The first matching column wins.
  const ImportedRecording two = import_text("t_ms,time,Fz\n0,0,1\n1,0.1,1\n2,0.2,1\n", o);
  EXPECT_NEAR(two.rate_hz, 1000.0, 1e-9);
}

TEST(ForceTableImport, RateOverridesAnAutoTimeColumnAndSaysSo) {
  // The Fukuchi case: `Time` counts samples. With --rate it is ignored, not read as seconds.
  ImportOptions o = with_map("fz=Fy");
  o.rate_hz = 300;
  const ImportedRecording r = import_text("Time\tFy\n1\t10\n2\t11\n3\t12\n", o);
  EXPECT_NEAR(r.rate_hz, 300.0, 0);
  EXPECT_EQ(r.frames[2].t_ns, 6'666'667);  // round(2 · 1e9 / 300)
  EXPECT_EQ(r.sample_period_ns, 3'333'333);
  EXPECT_THAT(r.summary.time_source, HasSubstr("--rate 300 Hz; time column 'Time' (1) ignored"));
  // Named as an index, it is checked and reported as such.
  o.time = parse_time_spec("Time:index");
  const ImportedRecording idx = import_text("Time\tFy\n1\t10\n2\t11\n3\t12\n", o);
  EXPECT_THAT(idx.summary.time_source, HasSubstr("column 'Time' (1) checked as a sample index"));
}

TEST(ForceTableImport, NamedSecondsColumnMustAgreeWithTheRate) {
  ImportOptions o = with_map("fz=Fz");
  o.rate_hz = 100;
  o.time = parse_time_spec("clock:ms");
  const std::string ok = "clock,Fz\n1000,1\n1010,1\n1020,1\n1030,1\n";
  const ImportedRecording r = import_text(ok, o);
  EXPECT_THAT(r.summary.time_source, HasSubstr("column 'clock' (1) in ms agrees with it"));
  EXPECT_NEAR(r.summary.first_time_s, 1.0, 1e-12);
  o.rate_hz = 105;  // 5 % off: each step is within half a period, the average is not
  const ImportError e = stridecue::offline::test::expect_import_error([&] { import_text(ok, o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_THAT(e.what(), HasSubstr("column 'clock' (1): the time column averages 100 Hz over the "
                                  "file, but --rate says 105 Hz"));
}

TEST(ForceTableImport, RoundedTimeStampsStillGiveTheRate) {
  // 300 Hz written with 3 decimals: steps alternate 0.003 / 0.004 s.
  std::string text = "time,Fz\n";
  for (int i = 0; i < 3000; ++i) text += fmt("%.3f", i / 300.0) + ",700\n";
  const ImportedRecording r = import_text(text, with_map("fz=Fz"));
  EXPECT_NEAR(r.rate_hz, 300.0, 0.05);
  EXPECT_EQ(r.frames.size(), 3000u);
}

TEST(ForceTableImport, TextQuirksOfRealExports) {
  // UTF-8 BOM, CRLF, quoted header and cells, a two-line preamble, trailing blank lines, and
  // NaN and text in a column that is not mapped.
  const std::string text =
      "Exported by LabTool 3.1\r\n"
      "Subject: S01\r\n"
      "\"time\",\"Fz\",\"Marker\"\r\n"
      "0.000,\"812.5\",NaN\r\n"
      "0.001,813,heel\r\n"
      "\r\n"
      "  \n";
  ImportOptions o = with_map("fz=Fz");
  o.header_line = 3;
  const ImportedRecording r = import_text("\xEF\xBB\xBF" + text, o);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_FLOAT_EQ(r.frames[0].plate[0].fz_n, 812.5f);
  EXPECT_EQ(r.summary.header.at(0), "time");  // BOM and quotes gone
  EXPECT_EQ(r.summary.header_line, 3u);
}

TEST(ForceTableImport, ReadsFromAFileAndSummarises) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "sc_offline_split.csv";
  {
    std::ofstream out(path);
    out << SplitBeltCsv::text();
  }
  const ImportedRecording r = import_force_table(path.string(), with_map(SplitBeltCsv::kMap));
  EXPECT_EQ(r.frames.size(), 40u);
  EXPECT_EQ(r.summary.file, path.string());
  const std::string text = r.summary.to_text();
  EXPECT_THAT(text, HasSubstr("40 rows, 0.04 s, comma-separated"));
  EXPECT_THAT(text, HasSubstr("right.fz='FzR'(8)"));
  std::filesystem::remove(path);
}
