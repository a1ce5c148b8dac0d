// --map, --units, --time, --belt, --sep parsing and the cross-option checks: the syntax the
// integrator wires to `stridecue analyze`, and the message of every way it can be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import_test_support.hpp"
#include "stridecue/offline/import_options.hpp"

using namespace stridecue::offline;
using stridecue::offline::test::expect_import_error;
using ::testing::HasSubstr;

namespace {

const MapEntry* find(const ColumnMap& m, int plate, Target t) {
  for (const MapEntry& e : m.entries) {
    if (e.plate == plate && e.target == t) return &e;
  }
  return nullptr;
}

}  // namespace

TEST(ColumnMap, ParsesTheIssueExampleExactly) {
  const ColumnMap m = parse_column_map("fz=Fy,fx=Fx,fy=Fz,cop_x=COPx,cop_y=COPz");
  EXPECT_FALSE(m.split);
  EXPECT_EQ(m.n_plates(), 1);
  ASSERT_EQ(m.entries.size(), 5u);
  const std::pair<Target, const char*> expected[] = {{Target::kFz, "Fy"},
                                                     {Target::kFx, "Fx"},
                                                     {Target::kFy, "Fz"},
                                                     {Target::kCopX, "COPx"},
                                                     {Target::kCopY, "COPz"}};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(m.entries[i].plate, 0);
    EXPECT_EQ(m.entries[i].target, expected[i].first) << i;
    EXPECT_EQ(m.entries[i].column, expected[i].second) << i;
    EXPECT_FALSE(m.entries[i].negate);
  }
}

TEST(ColumnMap, SplitBeltPrefixesNegationAndBlanks) {
  const ColumnMap m = parse_column_map(
      " left.fz = Fz L , left.mx=MxL,left.my=-MyL, right.fz=FzR,right.cop_x=Cx,right.cop_y=- Cy,"
      "right.tz=T");
  EXPECT_TRUE(m.split);
  EXPECT_EQ(m.n_plates(), 2);
  ASSERT_NE(find(m, 0, Target::kFz), nullptr);
  EXPECT_EQ(find(m, 0, Target::kFz)->column, "Fz L");  // inner blanks belong to the name
  EXPECT_TRUE(find(m, 0, Target::kMy)->negate);
  EXPECT_EQ(find(m, 0, Target::kMy)->column, "MyL");
  EXPECT_FALSE(find(m, 0, Target::kMx)->negate);
  EXPECT_EQ(find(m, 1, Target::kCopY)->column, "Cy");
  EXPECT_TRUE(find(m, 1, Target::kCopY)->negate);
  EXPECT_EQ(find(m, 1, Target::kTz)->column, "T");
  EXPECT_EQ(m.qualified_name(*find(m, 1, Target::kTz)), "right.tz");
  EXPECT_EQ(find(m, 1, Target::kMx), nullptr);
}

TEST(ColumnMap, EveryTargetNameIsAccepted) {
  const ColumnMap a = parse_column_map("fx=a,fy=b,fz=c,mx=d,my=e,mz=f");
  EXPECT_EQ(a.entries.size(), 6u);
  const ColumnMap b = parse_column_map("fz=c,cop_x=g,cop_y=h,tz=i");
  EXPECT_EQ(b.entries.size(), 4u);
  EXPECT_EQ(target_name(Target::kCopY), "cop_y");
}

TEST(ColumnMap, UnknownTargetNamesItAndListsTheTargets) {
  const ImportError e = expect_import_error([] { parse_column_map("fz=Fy,fzz=Fz"); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kOption);
  EXPECT_THAT(e.what(), HasSubstr("--map: unknown target 'fzz' in 'fzz=Fz'"));
  EXPECT_THAT(e.what(), HasSubstr("fx fy fz mx my mz cop_x cop_y tz"));
  const ImportError p = expect_import_error([] { parse_column_map("middle.fz=Fy"); });
  EXPECT_THAT(p.what(), HasSubstr("unknown target 'middle.fz'"));
}

TEST(ColumnMap, SyntaxErrorsSayWhatToWrite) {
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz"); }).what(),
              HasSubstr("'fz' has no '='"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz="); }).what(),
              HasSubstr("'fz=' needs a name before and a value after '='"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=Fy,,fx=Fx"); }).what(),
              HasSubstr("empty item"));
  EXPECT_THAT(expect_import_error([] { parse_column_map(""); }).what(),
              HasSubstr("--map is empty"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=-"); }).what(),
              HasSubstr("'-' but no column name"));
}

TEST(ColumnMap, InconsistentMapsAreRejected) {
  EXPECT_THAT(expect_import_error([] { parse_column_map("left.fz=A,fx=B"); }).what(),
              HasSubstr("some targets have a left./right. prefix and some do not"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=A,fz=B"); }).what(),
              HasSubstr("target 'fz' is mapped twice"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fx=A"); }).what(),
              HasSubstr("no fz; the vertical force is required"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("left.fz=A"); }).what(),
              HasSubstr("no right.fz"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=A,mx=B,cop_x=C,cop_y=D"); }).what(),
              HasSubstr("mix moments (mx my mz) with COP"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=A,cop_x=C"); }).what(),
              HasSubstr("only part of cop_x, cop_y"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=A,mz=C"); }).what(),
              HasSubstr("only part of mx, my"));
  EXPECT_THAT(expect_import_error([] { parse_column_map("fz=A,tz=C"); }).what(),
              HasSubstr("only part of cop_x, cop_y"));
}

TEST(Units, DefaultsAreSiAndEveryUnitParses) {
  const Units d = parse_units("");
  EXPECT_EQ(d.force, ForceUnit::kNewton);
  EXPECT_EQ(d.length, LengthUnit::kMetre);
  EXPECT_EQ(d.moment, MomentUnit::kNewtonMetre);
  const Units a = parse_units("force=kN,length=mm,moment=N.mm");
  EXPECT_EQ(a.force, ForceUnit::kKilonewton);
  EXPECT_EQ(a.length, LengthUnit::kMillimetre);
  EXPECT_EQ(a.moment, MomentUnit::kNewtonMillimetre);
  const Units b = parse_units(" length = m , force = bw ");
  EXPECT_EQ(b.force, ForceUnit::kBodyWeight);
  EXPECT_EQ(b.length, LengthUnit::kMetre);
  EXPECT_EQ(parse_units("force=N,moment=Nm").moment, MomentUnit::kNewtonMetre);
  EXPECT_EQ(parse_units("moment=Nmm").moment, MomentUnit::kNewtonMillimetre);
}

TEST(Units, BadSyntaxNamesThePart) {
  const ImportError e = expect_import_error([] { parse_units("force:N"); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kOption);
  EXPECT_THAT(e.what(), HasSubstr("--units: 'force:N' has no '='"));
  EXPECT_THAT(expect_import_error([] { parse_units("force=lb"); }).what(),
              HasSubstr("force unit 'lb' in 'force=lb' is not one of N, kN, BW"));
  EXPECT_THAT(expect_import_error([] { parse_units("length=in"); }).what(),
              HasSubstr("length unit 'in' in 'length=in' is not one of m, mm"));
  EXPECT_THAT(expect_import_error([] { parse_units("moment=kNm"); }).what(),
              HasSubstr("moment unit 'kNm'"));
  EXPECT_THAT(expect_import_error([] { parse_units("weight=N"); }).what(),
              HasSubstr("unknown quantity 'weight'"));
  EXPECT_THAT(expect_import_error([] { parse_units("force=N,force=kN"); }).what(),
              HasSubstr("'force' is given twice"));
}

TEST(TimeSpec, ParsesModesAndUnits) {
  EXPECT_EQ(parse_time_spec("auto").mode, TimeSpec::Mode::kAuto);
  EXPECT_EQ(parse_time_spec("none").mode, TimeSpec::Mode::kNone);
  const TimeSpec a = parse_time_spec("Time:index");
  EXPECT_EQ(a.mode, TimeSpec::Mode::kNamed);
  EXPECT_EQ(a.column, "Time");
  EXPECT_EQ(a.unit, TimeUnit::kSampleIndex);
  const TimeSpec b = parse_time_spec("t_ms:ms");
  EXPECT_EQ(b.column, "t_ms");
  EXPECT_EQ(b.unit, TimeUnit::kMilliseconds);
  const TimeSpec c = parse_time_spec("clock");
  EXPECT_EQ(c.column, "clock");
  EXPECT_EQ(c.unit, TimeUnit::kSeconds);
  const TimeSpec d = parse_time_spec("a:b");  // not a unit: part of the name
  EXPECT_EQ(d.column, "a:b");
  EXPECT_THAT(expect_import_error([] { parse_time_spec(":s"); }).what(),
              HasSubstr("no column name before ':'"));
}

TEST(BeltAndSeparator, Parse) {
  EXPECT_EQ(parse_belt("single"), Belt::kSingle);
  EXPECT_EQ(parse_belt("Split"), Belt::kSplit);
  EXPECT_THAT(expect_import_error([] { parse_belt("double"); }).what(),
              HasSubstr("--belt 'double': use single or split"));
  EXPECT_EQ(parse_separator("tab"), Separator::kTab);
  EXPECT_EQ(parse_separator(","), Separator::kComma);
  EXPECT_EQ(parse_separator("semicolon"), Separator::kSemicolon);
  EXPECT_EQ(parse_separator(" "), Separator::kWhitespace);
  EXPECT_EQ(parse_separator("auto"), Separator::kAuto);
  EXPECT_THAT(expect_import_error([] { parse_separator("|"); }).what(), HasSubstr("--sep '|'"));
}

TEST(Validate, CrossOptionChecks) {
  ImportOptions bw;
  bw.map = parse_column_map("fz=Fz");
  bw.units = parse_units("force=BW");
  EXPECT_THAT(expect_import_error([&] { validate(bw); }).what(),
              HasSubstr("--units force=BW needs the runner's body mass"));
  bw.body_mass_kg = 62;
  EXPECT_NO_THROW(validate(bw));

  ImportOptions index;
  index.map = parse_column_map("fz=Fz");
  index.time = parse_time_spec("Time:index");
  EXPECT_THAT(expect_import_error([&] { validate(index); }).what(),
              HasSubstr("--time Time:index says the column counts samples"));
  index.rate_hz = 300;
  EXPECT_NO_THROW(validate(index));

  ImportOptions none;
  none.map = parse_column_map("fz=Fz");
  none.time = parse_time_spec("none");
  EXPECT_THAT(expect_import_error([&] { validate(none); }).what(),
              HasSubstr("--time none needs the sample rate"));

  ImportOptions belt;
  belt.map = parse_column_map("left.fz=A,right.fz=B");
  belt.belt = Belt::kSingle;
  EXPECT_THAT(expect_import_error([&] { validate(belt); }).what(),
              HasSubstr("--belt single, but --map uses left./right. prefixes"));
  belt.map = parse_column_map("fz=A");
  belt.belt = Belt::kSplit;
  EXPECT_THAT(expect_import_error([&] { validate(belt); }).what(),
              HasSubstr("--belt split, but --map has no left./right. prefixes"));

  ImportOptions empty;
  EXPECT_THAT(expect_import_error([&] { validate(empty); }).what(), HasSubstr("--map is missing"));

  ImportOptions rate;
  rate.map = parse_column_map("fz=Fz");
  rate.rate_hz = -5;
  EXPECT_THAT(expect_import_error([&] { validate(rate); }).what(), HasSubstr("--rate"));
}
