// The streaming ForceTableReader (issue 11). Round trips: whatever the chunk size of read(), the
// size of the file blocks and of the look-ahead, the rows equal import_force_table's on the same
// tables (and, for RBDS001, the independent reader of fukuchi_reference.hpp). Corrupt input
// beyond the look-ahead: the good rows come out first, then an ImportError naming the bad line.
// Memory: the reader's buffers do not grow with the length of the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "fukuchi_reference.hpp"
#include "import_test_support.hpp"
#include "stridecue/offline/force_table_reader.hpp"

using namespace stridecue;
using namespace stridecue::offline;
namespace ref = stridecue::test::fukuchi;
using stridecue::offline::test::expect_import_error;
using stridecue::offline::test::fmt;
using stridecue::offline::test::TempFile;
using stridecue::offline::test::with_map;
using ::testing::HasSubstr;

namespace {

struct Streamed {
  std::vector<ForceFrame> frames;
  std::vector<ImuSample> imu;
  std::vector<std::size_t> chunk_rows;  // what each read() returned, the final 0 included
};

/// Reads everything, `chunk` rows per read(), through spans of exactly that size.
Streamed read_all(ForceTableReader& reader, std::size_t chunk) {
  Streamed out;
  std::vector<ForceFrame> frames(reader.n_plates() > 0 ? chunk : 0);
  std::vector<ImuSample> imu(reader.has_imu() ? chunk : 0);
  while (true) {
    const std::size_t n = reader.read(frames, imu);
    out.chunk_rows.push_back(n);
    if (n == 0) return out;
    EXPECT_LE(n, chunk);
    if (reader.n_plates() > 0) {
      out.frames.insert(out.frames.end(), frames.begin(), frames.begin() + std::ptrdiff_t(n));
    }
    if (reader.has_imu()) {
      out.imu.insert(out.imu.end(), imu.begin(), imu.begin() + std::ptrdiff_t(n));
    }
  }
}

void expect_same_frames(const std::vector<ForceFrame>& want, const std::vector<ForceFrame>& got) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const ForceFrame& a = want[i];
    const ForceFrame& b = got[i];
    ASSERT_EQ(b.t_ns, a.t_ns) << i;
    ASSERT_EQ(b.counter, a.counter) << i;
    ASSERT_EQ(b.device, a.device) << i;
    ASSERT_EQ(b.n_plates, a.n_plates) << i;
    ASSERT_EQ(b.flags, a.flags) << i;
    for (std::size_t p = 0; p < kMaxPlates; ++p) {
      const PlateWrench& x = a.plate[p];
      const PlateWrench& y = b.plate[p];
      ASSERT_EQ(y.fx_n, x.fx_n) << i;
      ASSERT_EQ(y.fy_n, x.fy_n) << i;
      ASSERT_EQ(y.fz_n, x.fz_n) << i;
      ASSERT_EQ(y.mx_nm, x.mx_nm) << i;
      ASSERT_EQ(y.my_nm, x.my_nm) << i;
      ASSERT_EQ(y.mz_nm, x.mz_nm) << i;
    }
  }
}

void expect_same_imu(const std::vector<ImuSample>& want, const std::vector<ImuSample>& got) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].t_ns, want[i].t_ns) << i;
    ASSERT_EQ(got[i].counter, want[i].counter) << i;
    ASSERT_EQ(got[i].device, want[i].device) << i;
    ASSERT_EQ(got[i].flags, want[i].flags) << i;
    ASSERT_EQ(got[i].acc_mps2, want[i].acc_mps2) << i;
    ASSERT_EQ(got[i].gyro_rads, want[i].gyro_rads) << i;
  }
}

struct Table {
  std::string name;
  std::string text;
  ImportOptions options;
};

/// Tables in the shapes the other import tests use: split belt with a seconds column and a text
/// column, units and COP, IMU beside the force, IMU alone, export quirks (BOM, CRLF, quotes,
/// preamble, trailing blanks), whitespace and semicolon separators, an index column.
std::vector<Table> tables() {
  std::vector<Table> t;
  {
    std::string s = "time_s,FzL,FxL,FyL,CxL,CyL,TzL,FzR,CxR,CyR,note\n";
    for (int i = 0; i < 300; ++i) {
      s += fmt("%.3f", 12.5 + i / 1000.0) + "," + fmt("%.6g", 600 + 10.0 * i) + "," +
           fmt("%.6g", -50 + 2.0 * i) + "," + fmt("%.6g", 5 - 0.5 * i) + "," +
           fmt("%.6g", 0.10 + 0.001 * i) + ",0.25," + fmt("%.9g", 0.5 * std::sin(i)) + "," +
           fmt("%.6g", 20.0 + i) + "," + fmt("%.6g", -0.05 * i / 300) + ",-0.2,walking? no\n";
    }
    t.push_back({"split", s,
                 with_map("left.fz=FzL,left.fx=FxL,left.fy=FyL,left.cop_x=CxL,left.cop_y=CyL,"
                          "left.tz=TzL,right.fz=FzR,right.cop_x=CxR,right.cop_y=CyR")});
  }
  {
    std::string s = "t,Fz,Ax,Ay,Az,Gx,Gy,Gz\n";
    for (int i = 0; i < 257; ++i) {
      s += std::to_string(i * 0.001) + "," + std::to_string(700 + i) + ",0.5,-0.25,1,90," +
           fmt("%.4f", std::cos(i)) + ",180\n";
    }
    ImportOptions o = with_map("fz=Fz,acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=-Gy,gyro_z=Gz");
    o.units = parse_units("acc=g,gyro=dps");
    t.push_back({"imu", s, o});
    t.push_back(
        {"imu_only", s, with_map("acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=Gy,gyro_z=Gz")});
  }
  {
    ImportOptions o = with_map("fz=Fz");
    o.header_line = 3;
    t.push_back({"quirks",
                 "\xEF\xBB\xBF"
                 "Exported by LabTool 3.1\r\nSubject: S01\r\n\"time\",\"Fz\",\"Marker\"\r\n"
                 "0.000,\"812.5\",NaN\r\n0.001,813,heel\r\n0.002, +814 ,toe\r\n\r\n  \n",
                 o});
  }
  {
    std::string ws = "t   Fz  Fx   Mx My\n";
    std::string semi = "t;Fz;Fx;Mx;My\n";
    for (int i = 0; i < 50; ++i) {
      const std::string time = fmt("%.3f", i * 0.002), fz = fmt("%.2f", 100 + std::sin(i));
      ws += "  " + time + "\t" + fz + "  -3  1.5e-1   2\n";
      semi += time + ";" + fz + ";-3;1.5e-1;+2\n";
    }
    t.push_back({"whitespace", ws, with_map("fz=Fz,fx=Fx,mx=Mx,my=My")});
    t.push_back({"semicolon", semi, with_map("fz=Fz,fx=Fx,mx=Mx,my=My")});
  }
  {
    std::string s = "Time\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy\n";
    for (int i = 1; i <= 400; ++i) {
      s += std::to_string(i) + "\t1\t" + fmt("%.2f", 700 + 100 * std::sin(i / 30.0)) +
           "\t2\t2500\t0\t1100\t5\n";
    }
    ImportOptions o = with_map("fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz,tz=Ty");
    o.units = parse_units("length=mm,moment=N.mm");
    o.rate_hz = 300;
    o.time = parse_time_spec("Time:index");
    t.push_back({"index", s, o});
  }
  return t;
}

/// A long table made on the spot: `rows` rows of `t_ms,Fz,Fx,note` at 1 kHz (time in ms, exact),
/// `edit` may change a row's text before it is added.
template <typename Edit>
std::string long_table(std::size_t rows, Edit edit) {
  std::string s = "t_ms,Fz,Fx,note\n";
  for (std::size_t i = 0; i < rows; ++i) {
    std::string row = std::to_string(i) + "," + fmt("%.3f", 700 + 300 * std::sin(i * 0.01)) + "," +
                      fmt("%.3f", -20 * std::cos(i * 0.01)) + ",ok\n";
    edit(i, row);
    s += row;
  }
  return s;
}
std::string long_table(std::size_t rows) {
  return long_table(rows, [](std::size_t, std::string&) {});
}

/// Reads with 4096-row chunks until read() throws; `rows` gets what was handed out before.
ImportError read_until_error(ForceTableReader& reader, std::size_t& rows,
                             std::vector<std::size_t>* calls = nullptr) {
  std::vector<ForceFrame> frames(4096);
  rows = 0;
  return expect_import_error([&] {
    while (const std::size_t n = reader.read(frames, {})) {
      rows += n;
      if (calls) calls->push_back(n);
    }
  });
}

}  // namespace

TEST(ForceTableReader, RowsEqualImportForceTableInAnyChunkAndBlockSize) {
  for (const Table& t : tables()) {
    SCOPED_TRACE(t.name);
    const TempFile file("reader_" + t.name + ".txt", t.text);
    const std::string& path = file.path;
    const ImportedRecording want = import_force_table_text(t.text, path, t.options);
    for (const std::size_t block : {std::size_t{7}, std::size_t{64}, ReaderBuffers{}.block_bytes}) {
      for (const std::size_t chunk : {1u, 7u, 4096u}) {
        SCOPED_TRACE("block " + std::to_string(block) + ", chunk " + std::to_string(chunk));
        ForceTableReader reader(path, t.options, ReaderBuffers{block, 4096});
        EXPECT_EQ(reader.n_plates(), want.n_plates);
        EXPECT_EQ(reader.plate_side(), want.plate_side);
        EXPECT_EQ(reader.rate_hz(), want.rate_hz);
        EXPECT_EQ(reader.sample_period_ns(), want.sample_period_ns);
        EXPECT_EQ(reader.estimated_rows(), want.summary.rows);  // fits in the look-ahead
        const Streamed got = read_all(reader, chunk);
        expect_same_frames(want.frames, got.frames);
        expect_same_imu(want.imu, got.imu);
        EXPECT_EQ(reader.summary().to_text(), want.summary.to_text());
        EXPECT_EQ(reader.summary().first_time_s, want.summary.first_time_s);
        EXPECT_EQ(reader.rows_read(), want.summary.rows);
      }
    }
  }
}

TEST(ForceTableReader, LookAheadShorterThanTheTableChangesNothing) {
  // --rate with an index column, and time stamps exact to their 6 decimals: whatever the
  // look-ahead, every row gets the same t_ns, so the rows are equal bit for bit.
  for (const Table& t : tables()) {
    if (t.name != "index" && t.name != "imu") continue;
    SCOPED_TRACE(t.name);
    const ImportedRecording want = import_force_table_text(t.text, t.name, t.options);
    for (const std::size_t ahead : {2u, 5u, 64u}) {
      for (const std::size_t chunk : {1u, 7u, 4096u}) {
        ForceTableReader reader =
            ForceTableReader::from_text(t.text, t.name, t.options, ReaderBuffers{64, ahead});
        const Streamed got = read_all(reader, chunk);
        expect_same_frames(want.frames, got.frames);
        expect_same_imu(want.imu, got.imu);
        EXPECT_EQ(reader.summary().rows, want.summary.rows);
      }
    }
  }
}

TEST(ForceTableReader, Rbds001EqualsImportAndTheIndependentReader) {
  ImportOptions o;
  o.map = parse_column_map("fz=Fy,fx=Fx,fy=Fz,cop_x=COPx,cop_y=COPz");
  o.units = parse_units("length=mm");
  o.rate_hz = 300;
  const ImportedRecording want = import_force_table(ref::forces_path(), o);
  const ref::Samples s = ref::read_samples(ref::forces_path());
  for (const std::size_t chunk : {1u, 7u, 4096u}) {
    SCOPED_TRACE(chunk);
    ForceTableReader reader(ref::forces_path(), o, ReaderBuffers{4096, 4096});
    EXPECT_NEAR(static_cast<double>(reader.estimated_rows()), 9000.0, 9000 * 0.05);
    const Streamed got = read_all(reader, chunk);
    expect_same_frames(want.frames, got.frames);
    ASSERT_EQ(got.frames.size(), s.fy_n.size());
    for (std::size_t i = 0; i < got.frames.size(); ++i) {
      const PlateWrench& w = got.frames[i].plate[0];
      ASSERT_EQ(w.fz_n, static_cast<float>(s.fy_n[i])) << i;
      ASSERT_EQ(w.fx_n, static_cast<float>(s.fx_n[i])) << i;
      ASSERT_EQ(w.fy_n, static_cast<float>(s.fz_n[i])) << i;
    }
    EXPECT_EQ(reader.summary().rows, 9000u);
    EXPECT_NEAR(reader.summary().duration_s, 30.0, 1e-9);
  }
}

TEST(ForceTableReader, AGapLateInTheFileComesAfterTheRowsBeforeIt) {
  // Row 15000 (line 15002) jumps 4 ms: rows 0 … 14999 are good and are all handed out first.
  const std::string text = long_table(20000, [](std::size_t i, std::string& row) {
    if (i >= 15000) row = std::to_string(i + 3) + row.substr(row.find(','));
  });
  const TempFile file("reader_gap.csv", text);
  const std::string& path = file.path;
  ForceTableReader reader(path, with_map("fz=Fz,fx=Fx"), ReaderBuffers{4096, 4096});
  EXPECT_EQ(reader.rate_hz(), 1000.0);
  std::size_t rows = 0;
  std::vector<std::size_t> calls;
  const ImportError e = read_until_error(reader, rows, &calls);
  EXPECT_EQ(rows, 15000u);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), 15000u % 4096u);  // the call that met the bad row returned those before
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.line(), 15002u);
  EXPECT_EQ(e.column(), "t_ms");
  EXPECT_THAT(e.what(), HasSubstr(":15002: column 't_ms' (1): time goes from 14999 ms to 15003 ms, "
                                  "a step of 4 sample periods at 1000 Hz (the median step) (3 "
                                  "samples missing)"));
  EXPECT_EQ(reader.rows_read(), 15000u);
  // The error stays: every later read() throws it again.
  std::vector<ForceFrame> frames(8);
  const ImportError again = expect_import_error([&] { reader.read(frames, {}); });
  EXPECT_EQ(again.line(), 15002u);
  // The whole-table import reports the same error.
  const ImportError whole =
      expect_import_error([&] { import_force_table(path, with_map("fz=Fz,fx=Fx")); });
  EXPECT_EQ(std::string(whole.what()), e.what());
}

TEST(ForceTableReader, LateCellRowLengthAndBlankLineErrorsNameTheirLine) {
  const ImportOptions o = with_map("fz=Fz,fx=Fx");
  struct Case {
    std::size_t bad_row;
    std::string row;  // replaces the row
    ImportErrorKind kind;
    std::string message;
  };
  const Case cases[] = {
      {17000, "17000,abc,1,ok\n", ImportErrorKind::kCell,
       ":17002: column 'Fz' (2): 'abc' is not a number"},
      {9000, "9000,700,1\n", ImportErrorKind::kRowLength,
       ":9002: 3 cells where the header (line 1) has 4: the row has no cell for column 'note' (4)"},
      {12345, "\n", ImportErrorKind::kRowLength, ":12347: blank line inside the data"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    const std::string text = long_table(20000, [&](std::size_t i, std::string& row) {
      if (i == c.bad_row) row = c.row;
    });
    ForceTableReader reader = ForceTableReader::from_text(text, "run.csv", o);
    std::size_t rows = 0;
    const ImportError e = read_until_error(reader, rows);
    EXPECT_EQ(rows, c.bad_row);
    EXPECT_EQ(e.kind(), c.kind);
    EXPECT_EQ(e.line(), c.bad_row + 2);
    EXPECT_THAT(e.what(), HasSubstr("run.csv" + c.message));
  }
  // Blank lines at the very end are not an error.
  const std::string trailing_text = long_table(5000) + "\n  \r\n\n";
  ForceTableReader trailing = ForceTableReader::from_text(trailing_text, "run.csv", o);
  EXPECT_EQ(read_all(trailing, 4096).frames.size(), 5000u);
}

TEST(ForceTableReader, AnErrorInTheLookAheadComesFromTheConstructor) {
  const std::string text = long_table(20000, [](std::size_t i, std::string& row) {
    if (i == 100) row = "100,\n";
  });
  const ImportError e = expect_import_error([&] {
    ForceTableReader r = ForceTableReader::from_text(text, "run.csv", with_map("fz=Fz"));
  });
  EXPECT_EQ(e.kind(), ImportErrorKind::kRowLength);
  EXPECT_EQ(e.line(), 102u);
}

TEST(ForceTableReader, ARateThatChangesAfterTheLookAheadIsAnErrorAtTheEnd) {
  // 1 kHz for the first 5000 rows, then 0.4 % slower: every step is within half a period of the
  // look-ahead's, but the file's mean rate is not the rate the first rows gave.
  std::string text = "time,Fz\n";
  double t = 0;
  for (int i = 0; i < 12000; ++i) {
    text += fmt("%.7f", t) + ",700\n";
    t += i < 5000 ? 0.001 : 0.001004;
  }
  ForceTableReader reader = ForceTableReader::from_text(text, "run.csv", with_map("fz=Fz"));
  EXPECT_NEAR(reader.rate_hz(), 1000.0, 1e-6);
  std::size_t rows = 0;
  const ImportError e = read_until_error(reader, rows);
  EXPECT_EQ(rows, 12000u);  // every row was handed out; the check needs them all
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.line(), 0u);
  EXPECT_THAT(e.what(), HasSubstr("run.csv: column 'time' (1): the time column averages 997.6"));
  EXPECT_THAT(e.what(), HasSubstr("but its first 4096 rows step at 1000 Hz; the sample rate "
                                  "changes within the file"));
  // With --rate the column is checked against it, to 1 % as always: 0.24 % passes.
  ImportOptions o = with_map("fz=Fz");
  o.rate_hz = 1000;
  o.time = parse_time_spec("time");
  EXPECT_EQ(import_force_table_text(text, "run.csv", o).frames.size(), 12000u);
}

TEST(ForceTableReader, ReadContract) {
  const std::string text = long_table(10);
  ForceTableReader reader = ForceTableReader::from_text(text, "run.csv", with_map("fz=Fz"));
  EXPECT_FALSE(reader.has_imu());
  EXPECT_EQ(reader.summary().rows, 0u);  // counts rows handed out
  EXPECT_THROW(reader.read({}, {}), std::invalid_argument);
  std::vector<ForceFrame> frames(4);
  EXPECT_EQ(reader.read(frames, {}), 4u);
  EXPECT_EQ(frames[3].counter, 3u);
  EXPECT_EQ(frames[3].t_ns, 3'000'000);
  EXPECT_EQ(reader.summary().rows, 4u);
  EXPECT_NEAR(reader.summary().duration_s, 0.004, 1e-12);
  ForceTableReader moved = std::move(reader);  // carries on where it was
  EXPECT_EQ(moved.read(frames, {}), 4u);
  EXPECT_EQ(frames[0].counter, 4u);
  EXPECT_EQ(moved.read(frames, {}), 2u);
  EXPECT_EQ(moved.read(frames, {}), 0u);
  EXPECT_EQ(moved.read(frames, {}), 0u);
  EXPECT_EQ(moved.summary().rows, 10u);

  // IMU only: no frames wanted, the IMU span bounds the rows.
  std::string imu_text = "t,Ax,Ay,Az,Gx,Gy,Gz\n";
  for (int i = 0; i < 5; ++i) imu_text += std::to_string(i * 0.002) + ",0,0,9.8,0,0,0\n";
  ForceTableReader imu = ForceTableReader::from_text(
      imu_text, "imu.csv", with_map("acc_x=Ax,acc_y=Ay,acc_z=Az,gyro_x=Gx,gyro_y=Gy,gyro_z=Gz"));
  EXPECT_EQ(imu.n_plates(), 0);
  std::vector<ImuSample> samples(3);
  EXPECT_THROW(imu.read(frames, {}), std::invalid_argument);
  EXPECT_EQ(imu.read({}, samples), 3u);
  EXPECT_EQ(samples[2].t_ns, 4'000'000);
  EXPECT_EQ(imu.read({}, samples), 2u);
  EXPECT_EQ(imu.read({}, samples), 0u);
}

TEST(ForceTableReader, BuffersDoNotGrowWithTheFile) {
  // The same buffers for 200 rows and for 400,000 rows (≈ 12 MB), read in blocks of 64 KiB.
  const ReaderBuffers buffers{std::size_t{64} * 1024, 1024};
  const ImportOptions o = with_map("fz=Fz,fx=Fx");
  const TempFile small_file("reader_small.csv", long_table(200));
  const TempFile large_file("reader_large.csv", long_table(400000));
  ForceTableReader small(small_file.path, o, buffers);
  ForceTableReader large(large_file.path, o, buffers);
  const std::size_t held = large.buffer_bytes();
  EXPECT_EQ(small.buffer_bytes(), held);
  EXPECT_LE(held, buffers.block_bytes + buffers.lookahead_rows * (sizeof(ForceFrame) + 8));
  // The first rows have shorter indices: an estimate a little high, as a reserve should be.
  EXPECT_NEAR(static_cast<double>(large.estimated_rows()), 400000.0, 400000 * 0.2);
  std::vector<ForceFrame> frames(1000);
  std::size_t rows = 0;
  while (const std::size_t n = large.read(frames, {})) {
    rows += n;
    ASSERT_EQ(large.buffer_bytes(), held) << rows;
  }
  EXPECT_EQ(rows, 400000u);

  // A line longer than the block makes the text buffer grow to hold it, and only then.
  const std::string wide = long_table(3000, [](std::size_t i, std::string& row) {
    if (i == 2000) row = "2000,700,1," + std::string(200000, 'x') + "\n";
  });
  ForceTableReader reader = ForceTableReader::from_text(wide, "wide.csv", o);
  EXPECT_EQ(read_all(reader, 4096).frames.size(), 3000u);
  const TempFile wide_file("reader_wide.csv", wide);
  ForceTableReader from_file(wide_file.path, o, ReaderBuffers{4096, 1024});
  const std::size_t before = from_file.buffer_bytes();
  EXPECT_EQ(read_all(from_file, 4096).frames.size(), 3000u);
  EXPECT_GE(from_file.buffer_bytes() - before, 200000u - 4096u);
}
