// Golden values from a real recording none of us made: Fukuchi RBDS001, 2.5 m/s, 300 Hz,
// one belt (tests/data/README.md). The importer's numbers are checked against
// the independent iostream reader in fukuchi_reference.hpp, sample by sample.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "fukuchi_reference.hpp"
#include "import_test_support.hpp"

using namespace stridecue;
using namespace stridecue::offline;
namespace ref = stridecue::test::fukuchi;
using stridecue::offline::test::expect_import_error;
using ::testing::HasSubstr;

namespace {

// The map of the issue text, verbatim, with --units length=mm and --rate 300.
ImportOptions issue_options() {
  ImportOptions o;
  o.map = parse_column_map("fz=Fy,fx=Fx,fy=Fz,cop_x=COPx,cop_y=COPz");
  o.units = parse_units("length=mm");
  o.rate_hz = 300;
  return o;
}

const ref::Samples& reference_samples() {
  static const ref::Samples s = ref::read_samples(ref::forces_path());
  return s;
}

}  // namespace

TEST(FukuchiImport, IssueMapGivesAllRowsAtTheGivenRate) {
  const ImportedRecording r = import_force_table(ref::forces_path(), issue_options());
  ASSERT_EQ(r.frames.size(), 9000u);
  EXPECT_EQ(r.n_plates, 1);
  EXPECT_EQ(r.plate_side[0], Side::kUnknown);
  EXPECT_EQ(r.rate_hz, 300.0);
  EXPECT_EQ(r.summary.separator, Separator::kTab);
  EXPECT_NEAR(r.summary.duration_s, 30.0, 1e-9);
  EXPECT_EQ(r.frames.front().t_ns, 0);
  EXPECT_EQ(r.frames.back().t_ns, 29'996'666'667);  // round(8999 / 300 s)
  EXPECT_THAT(r.summary.time_source, HasSubstr("time column 'Time' (1) ignored"));
  float max_fz = 0;
  for (const ForceFrame& f : r.frames) max_fz = std::max(max_fz, f.plate[0].fz_n);
  const double bw_n = ref::kBodyMass_kg * ref::kGravity_mps2;
  EXPECT_GT(max_fz / bw_n, 2.1);
  EXPECT_LT(max_fz / bw_n, 2.45);
}

TEST(FukuchiImport, EverySampleMatchesTheIndependentReader) {
  const ImportedRecording r = import_force_table(ref::forces_path(), issue_options());
  const ref::Samples& s = reference_samples();
  ASSERT_EQ(s.fy_n.size(), r.frames.size());
  std::size_t loaded = 0;
  for (std::size_t i = 0; i < r.frames.size(); ++i) {
    const PlateWrench& w = r.frames[i].plate[0];
    ASSERT_EQ(w.fz_n, static_cast<float>(s.fy_n[i])) << i;  // fz = Fy (vertical)
    ASSERT_EQ(w.fx_n, static_cast<float>(s.fx_n[i])) << i;
    ASSERT_EQ(w.fy_n, static_cast<float>(s.fz_n[i])) << i;  // fy = Fz, as the issue maps it
    // Moments consistent with the COP: −My/Fz = COPx, Mx/Fz = COPy (= the file's COPz), in m.
    if (s.fy_n[i] > 50) {
      ++loaded;
      ASSERT_NEAR(-w.my_nm / w.fz_n, s.copx_mm[i] * 1e-3, 1e-5) << i;
      ASSERT_NEAR(w.mx_nm / w.fz_n, s.copz_mm[i] * 1e-3, 1e-5) << i;
      // No tz mapped: Mz is the moment of the shear about the COP origin only.
      ASSERT_NEAR(w.mz_nm, s.copx_mm[i] * 1e-3 * s.fz_n[i] - s.copz_mm[i] * 1e-3 * s.fx_n[i], 1e-3)
          << i;
    }
  }
  EXPECT_GT(loaded, 5000u);  // ≈ 77 contacts × ≈ 85 samples
}

TEST(FukuchiImport, FreeMomentAndTheSignCorrectedMap) {
  // StrideCue's frame is X forward, Y left, Z up; Fukuchi's is X forward, Y up, Z right. The
  // proper map negates Z. Ty is assumed to be in N·mm (README: "units not stated").
  ImportOptions o = issue_options();
  o.map = parse_column_map("fx=Fx,fy=-Fz,fz=Fy,cop_x=COPx,cop_y=-COPz,tz=Ty");
  o.units = parse_units("length=mm,moment=N.mm");
  const ImportedRecording r = import_force_table(ref::forces_path(), o);
  const ref::Samples& s = reference_samples();
  for (std::size_t i = 0; i < r.frames.size(); ++i) {
    const PlateWrench& w = r.frames[i].plate[0];
    if (s.fy_n[i] <= 50) continue;
    const double cx = -w.my_nm / w.fz_n, cy = w.mx_nm / w.fz_n;
    ASSERT_NEAR(cy, -s.copz_mm[i] * 1e-3, 1e-5) << i;
    // Tz = Mz − COPx·Fy + COPy·Fx (DOMAIN.md §3, dz = 0) gives the file's Ty back.
    ASSERT_NEAR(w.mz_nm - cx * w.fy_n + cy * w.fx_n, s.ty[i] * 1e-3, 5e-3) << i;
  }
  // Right-foot contacts (higher COPz, README) now lie to the right: lower COP y than the
  // neighbouring left contacts.
  std::vector<double> fz(r.frames.size()), cop_y_m(r.frames.size());
  for (std::size_t i = 0; i < r.frames.size(); ++i) {
    fz[i] = r.frames[i].plate[0].fz_n;
    cop_y_m[i] = r.frames[i].plate[0].fz_n > 1 ? r.frames[i].plate[0].mx_nm / fz[i] : 0.0;
  }
  const auto by_copz = ref::detect_contacts(s.fy_n, s.copz_mm);
  const auto by_cop_y = ref::detect_contacts(fz, cop_y_m);  // "higher" now means left
  ASSERT_EQ(by_copz.size(), by_cop_y.size());
  for (std::size_t k = 0; k < by_copz.size(); ++k) {
    EXPECT_EQ(by_cop_y[k].side, other_side(by_copz[k].side)) << k;
  }
}

TEST(FukuchiImport, ContactsFromImportedDataEqualTheReference) {
  const ImportedRecording r = import_force_table(ref::forces_path(), issue_options());
  std::vector<double> fz, cop_y;
  for (const ForceFrame& f : r.frames) {
    fz.push_back(f.plate[0].fz_n);
    cop_y.push_back(f.plate[0].fz_n > 1 ? 1e3 * f.plate[0].mx_nm / f.plate[0].fz_n : 0.0);
  }
  const auto mine = ref::detect_contacts(fz, cop_y);
  const auto theirs = ref::reference_contacts(ref::forces_path());
  ASSERT_EQ(mine.size(), theirs.size());
  for (std::size_t k = 0; k < mine.size(); ++k) {
    EXPECT_NEAR(mine[k].t_ic_s, theirs[k].t_ic_s, 1e-6) << k;
    EXPECT_NEAR(mine[k].t_to_s, theirs[k].t_to_s, 1e-6) << k;
    EXPECT_NEAR(mine[k].peak_bw, theirs[k].peak_bw, 1e-6) << k;
    EXPECT_EQ(mine[k].side, theirs[k].side) << k;
  }
  EXPECT_NEAR(ns_to_s(r.frames[300].t_ns), 1.0, 1e-9);
}

TEST(FukuchiImport, TimeColumnAsIndexIsCheckedAndAsSecondsIsRefused) {
  ImportOptions o = issue_options();
  o.time = parse_time_spec("Time:index");
  const ImportedRecording r = import_force_table(ref::forces_path(), o);
  EXPECT_EQ(r.frames.size(), 9000u);
  EXPECT_THAT(r.summary.time_source, HasSubstr("'Time' (1) checked as a sample index"));
  o.rate_hz = 0;
  o.time = {};
  const ImportError e = expect_import_error([&] { import_force_table(ref::forces_path(), o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_THAT(e.what(), HasSubstr("if it is a sample index, give --rate HZ"));
}
