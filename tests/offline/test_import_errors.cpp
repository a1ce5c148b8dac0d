// Corrupt and inconsistent input: every way a file can be wrong must fail with a typed
// ImportError whose message names the file, the line and the column (name and 1-based index)
// and says what to do (STYLE.md rule 7).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "import_test_support.hpp"

using namespace stridecue::offline;
using stridecue::offline::test::expect_import_error;
using stridecue::offline::test::import_text;
using stridecue::offline::test::with_map;
using ::testing::HasSubstr;

namespace {

// Fukuchi-like header: Time, Fx, Fy, Fz, COPx, COPy, COPz, Ty (tab-separated).
const std::string kHeader = "Time\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy\n";
std::string row(int i, const std::string& fy = "700") {
  return std::to_string(i) + "\t1\t" + fy + "\t2\t2500\t0\t1100\t5\n";
}
ImportOptions fukuchi_like() {
  ImportOptions o = with_map("fz=Fy,fx=Fx,fy=Fz,cop_x=COPx,cop_y=COPz");
  o.units = parse_units("length=mm");
  o.rate_hz = 300;
  return o;
}

}  // namespace

TEST(ImportErrors, MissingMappedColumnListsTheHeader) {
  ImportOptions o = fukuchi_like();
  o.map = parse_column_map("fz=FZ,cop_x=COPx,cop_y=COPz");
  const ImportError e = expect_import_error([&] { import_text(kHeader + row(1), o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_EQ(e.file(), "run.txt");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), "FZ");
  EXPECT_THAT(e.what(), HasSubstr("run.txt:1: column 'FZ' (for fz in --map) is not in the header; "
                                  "the header has: Time, Fx, Fy, Fz, COPx, COPy, COPz, Ty"));
  EXPECT_THAT(e.what(), HasSubstr("did you mean 'Fz'?"));
}

TEST(ImportErrors, NonNumericCellNamesLineAndColumn) {
  std::string text = kHeader;
  for (int i = 1; i <= 5; ++i) text += row(i, i == 4 ? "abc" : "700");
  const ImportError e = expect_import_error([&] { import_text(text, fukuchi_like()); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kCell);
  EXPECT_EQ(e.line(), 5u);  // header is line 1, row 4 is line 5
  EXPECT_EQ(e.column(), "Fy");
  EXPECT_EQ(e.column_index(), 3u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:5: column 'Fy' (3): 'abc' is not a number"));
}

TEST(ImportErrors, NumberWithTrailingGarbageIsNotANumber) {
  const ImportError e = expect_import_error(
      [&] { import_text(kHeader + row(1) + row(2, "70.5N") + row(3), fukuchi_like()); });
  EXPECT_THAT(e.what(), HasSubstr("run.txt:3: column 'Fy' (3): '70.5N' is not a number"));
}

TEST(ImportErrors, DecimalCommaGetsAHint) {
  ImportOptions o = with_map("fz=Fz");
  o.rate_hz = 100;
  const ImportError e = expect_import_error([&] { import_text("Fz;Fx\n700,5;1\n", o); });
  EXPECT_THAT(e.what(), HasSubstr("run.txt:2: column 'Fz' (1): '700,5' is not a number (decimal "
                                  "commas are not supported"));
}

TEST(ImportErrors, NaNIsRejectedInMappedColumnsOnly) {
  // NaN in Ty (unmapped) is fine …
  const std::string nan_ty = kHeader + "1\t1\t700\t2\t2500\t0\t1100\tNaN\n" + row(2);
  EXPECT_NO_THROW(import_text(nan_ty, fukuchi_like()));
  // … in COPz (mapped to cop_y) it is not.
  const std::string nan_cop = kHeader + row(1) + "2\t1\t700\t2\t2500\t0\tnan\t5\n";
  const ImportError e = expect_import_error([&] { import_text(nan_cop, fukuchi_like()); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kCell);
  EXPECT_EQ(e.column_index(), 7u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:3: column 'COPz' (7): 'nan' is not a finite number"));
  EXPECT_THAT(e.what(), HasSubstr("fill the gap or cut the rows"));
  const ImportError inf =
      expect_import_error([&] { import_text(kHeader + row(1, "-inf"), fukuchi_like()); });
  EXPECT_THAT(inf.what(), HasSubstr("'-inf' is not a finite number"));
}

TEST(ImportErrors, EmptyMappedCell) {
  const ImportError e = expect_import_error(
      [&] { import_text(kHeader + row(1) + "2\t1\t\t2\t2500\t0\t1100\t5\n", fukuchi_like()); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kCell);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:3: column 'Fy' (3) is empty"));
}

TEST(ImportErrors, TimeGapSaysHowManySamplesAreMissing) {
  // 250 Hz: 1.202 … 1.234, then 1.250 (4 periods later: 3 samples missing).
  std::string text = "time,Fz\n";
  for (int i = 0; i <= 8; ++i) text += std::to_string(1.202 + 0.004 * i).substr(0, 5) + ",700\n";
  text += "1.250,700\n1.254,700\n";
  const ImportError e = expect_import_error([&] { import_text(text, with_map("fz=Fz")); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.line(), 11u);
  EXPECT_EQ(e.column(), "time");
  EXPECT_EQ(e.column_index(), 1u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:11: column 'time' (1): time goes from 1.234 s to "
                                  "1.25 s, a step of 4 sample periods at 250 Hz"));
  EXPECT_THAT(e.what(), HasSubstr("(3 samples missing); StrideCue needs evenly sampled data"));
}

TEST(ImportErrors, TimeGoingBackwards) {
  const ImportError e = expect_import_error(
      [&] { import_text("t_ms,Fz\n0,1\n2,1\n4,1\n4,1\n6,1\n", with_map("fz=Fz")); });
  EXPECT_EQ(e.line(), 5u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:5: column 't_ms' (1): time goes from 4 ms to 4 ms: it "
                                  "must increase from row to row"));
}

TEST(ImportErrors, MostlyRepeatedTimeStampsAreAnOrderError) {
  // The median step is 0 here: the message must still be about the order, at the first repeat.
  const ImportError e = expect_import_error(
      [&] { import_text("t,Fz\n0,1\n0.01,1\n0.01,1\n0.01,1\n0.01,1\n", with_map("fz=Fz")); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.line(), 4u);
  EXPECT_THAT(e.what(), HasSubstr("time goes from 0.01 s to 0.01 s: it must increase"));
}

TEST(ImportErrors, UnevenTimeAgainstTheRate) {
  ImportOptions o = with_map("fz=Fz");
  o.rate_hz = 100;
  o.time = parse_time_spec("t");
  const ImportError e =
      expect_import_error([&] { import_text("t,Fz\n0,1\n0.01,1\n0.012,1\n0.03,1\n", o); });
  EXPECT_EQ(e.line(), 4u);
  EXPECT_THAT(e.what(), HasSubstr("a step of only 0.2 sample periods at 100 Hz (--rate)"));
}

TEST(ImportErrors, SampleIndexGap) {
  ImportOptions o = fukuchi_like();
  o.time = parse_time_spec("Time:index");
  const ImportError e = expect_import_error(
      [&] { import_text(kHeader + row(1) + row(2) + row(3) + row(8) + row(9), o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.line(), 5u);
  EXPECT_EQ(e.column_index(), 1u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:5: column 'Time' (1): sample index goes from 3 to 8, "
                                  "4 samples missing"));
}

TEST(ImportErrors, IndexReadAsSecondsIsCaughtAsImplausible) {
  // The Fukuchi trap: no --rate, `Time` auto-detected as seconds, 1 s steps.
  ImportOptions o = fukuchi_like();
  o.rate_hz = 0;
  const ImportError e =
      expect_import_error([&] { import_text(kHeader + row(1) + row(2) + row(3), o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kTime);
  EXPECT_EQ(e.column(), "Time");
  EXPECT_THAT(e.what(), HasSubstr("run.txt: column 'Time' (1): read as s it steps by 1 s (1 Hz), "
                                  "too slow for force data; if it is a sample index, give --rate"));
  EXPECT_THAT(e.what(), HasSubstr("--time Time:index --rate HZ"));
}

TEST(ImportErrors, RowWithTooFewOrTooManyCells) {
  const ImportError few = expect_import_error(
      [&] { import_text(kHeader + row(1) + "2\t1\t700\t2\t2500\t0\t1100\n", fukuchi_like()); });
  EXPECT_EQ(few.kind(), ImportErrorKind::kRowLength);
  EXPECT_EQ(few.line(), 3u);
  EXPECT_EQ(few.column(), "Ty");
  EXPECT_EQ(few.column_index(), 8u);
  EXPECT_THAT(few.what(), HasSubstr("run.txt:3: 7 cells where the header (line 1) has 8: the row "
                                    "has no cell for column 'Ty' (8)"));
  const ImportError many = expect_import_error(
      [&] { import_text(kHeader + "1\t1\t700\t2\t2500\t0\t1100\t5\t99\n", fukuchi_like()); });
  EXPECT_EQ(many.line(), 2u);
  EXPECT_EQ(many.column_index(), 9u);
  EXPECT_THAT(many.what(), HasSubstr("9 cells where the header (line 1) has 8: extra cell '99' "
                                     "after column 'Ty' (8)"));
}

TEST(ImportErrors, BlankLineInsideTheData) {
  const ImportError e =
      expect_import_error([&] { import_text(kHeader + row(1) + "\n" + row(2), fukuchi_like()); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kRowLength);
  EXPECT_EQ(e.line(), 3u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:3: blank line inside the data"));
}

TEST(ImportErrors, EmptyFileHeaderOnlyAndMissingHeaderLine) {
  const ImportError empty = expect_import_error([&] { import_text("", fukuchi_like()); });
  EXPECT_EQ(empty.kind(), ImportErrorKind::kFile);
  EXPECT_THAT(empty.what(), HasSubstr("run.txt: the file is empty"));
  const ImportError header_only =
      expect_import_error([&] { import_text(kHeader, fukuchi_like()); });
  EXPECT_THAT(header_only.what(), HasSubstr("run.txt: no data rows after the header (line 1)"));
  ImportOptions o = fukuchi_like();
  o.header_line = 5;
  const ImportError short_file = expect_import_error([&] { import_text(kHeader + row(1), o); });
  EXPECT_THAT(short_file.what(),
              HasSubstr("run.txt: has 2 lines, but the header was expected on line 5"));
  const ImportError blank_header =
      expect_import_error([&] { import_text("\n" + kHeader + row(1), fukuchi_like()); });
  EXPECT_THAT(blank_header.what(), HasSubstr("run.txt:1: blank line where the header"));
}

TEST(ImportErrors, NoRateAndNoTimeColumn) {
  const ImportError e =
      expect_import_error([&] { import_text("Fz,Fx\n1,2\n", with_map("fz=Fz")); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_EQ(e.line(), 1u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:1: no sample rate and no time column"));
  EXPECT_THAT(e.what(), HasSubstr("the header has: Fz, Fx; give --rate HZ or --time COLUMN"));
}

TEST(ImportErrors, OneRowCannotGiveARate) {
  const ImportError e = expect_import_error([&] { import_text("t,Fz\n0,2\n", with_map("fz=Fz")); });
  EXPECT_THAT(e.what(), HasSubstr("one data row cannot give a sample rate"));
}

TEST(ImportErrors, NamedTimeColumnMissing) {
  ImportOptions o = fukuchi_like();
  o.time = parse_time_spec("Frame:index");
  const ImportError e = expect_import_error([&] { import_text(kHeader + row(1), o); });
  EXPECT_THAT(e.what(), HasSubstr("run.txt:1: column 'Frame' (for --time) is not in the header"));
}

TEST(ImportErrors, RepeatedHeaderNameOfAMappedColumn) {
  ImportOptions o = with_map("fz=Fz");
  o.rate_hz = 100;
  const ImportError e = expect_import_error([&] { import_text("Fz,Fx,Fz\n1,2,3\n", o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_EQ(e.column_index(), 3u);
  EXPECT_THAT(e.what(), HasSubstr("run.txt:1: column 'Fz' (3): the header has this name twice "
                                  "(columns 1 and 3)"));
  // An unmapped repeated name does not matter.
  EXPECT_NO_THROW(import_text("Fz,x,x\n1,2,3\n", o));
}

TEST(ImportErrors, OptionErrorsSurfaceBeforeTheFileIsRead) {
  ImportOptions o = fukuchi_like();
  o.units = parse_units("force=BW");
  const ImportError e =
      expect_import_error([&] { import_force_table("/nonexistent/definitely/not/here.txt", o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kOption);
  EXPECT_THAT(e.what(), HasSubstr("force=BW needs the runner's body mass"));
}

TEST(ImportErrors, UnreadableFile) {
  const ImportError e = expect_import_error(
      [&] { import_force_table("/nonexistent/definitely/not/here.txt", fukuchi_like()); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kFile);
  EXPECT_THAT(e.what(), HasSubstr("/nonexistent/definitely/not/here.txt: cannot open"));
}
