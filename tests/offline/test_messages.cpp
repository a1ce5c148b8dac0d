// Messages that echo the input back stay short and printable (issue 12): a 1 MB cell or a header
// of binary garbage used to be echoed whole, control bytes included. And one column cannot feed
// two targets (cop_x and cop_y from one column used to be accepted silently).
#include <gtest/gtest.h>

#include <string>

#include "import_test_support.hpp"
#include "messages.hpp"
#include "stridecue/offline/force_table_import.hpp"

using namespace stridecue::offline;
using stridecue::offline::test::expect_import_error;
using stridecue::offline::test::import_text;
using stridecue::offline::test::with_map;

namespace {

/// No control byte and no byte outside printable ASCII / valid UTF-8 (the corpus also checks
/// line lengths of the real binary's output).
bool printable_text(const std::string& s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return false;
  }
  return true;
}

}  // namespace

TEST(Messages, ShortTextIsQuotedAsItIs) {
  EXPECT_EQ(detail::quoted("Fz"), "'Fz'");
  EXPECT_EQ(detail::quoted(""), "''");
  EXPECT_EQ(detail::quoted("Kraft µN"), "'Kraft µN'");  // valid UTF-8 kept
}

TEST(Messages, LongTextIsCutWithItsLength) {
  const std::string cell(1'000'000, '9');
  const std::string q = detail::quoted(cell);
  EXPECT_EQ(q, "'" + std::string(detail::kEchoChars, '9') + "… (1000000 bytes)'");
  // Cut by characters, not bytes: a multi-byte character is never split.
  std::string mu;
  for (int i = 0; i < 50; ++i) mu += "µ";
  const std::string p = detail::printable(mu);
  EXPECT_EQ(p.rfind("µ… (100 bytes)"), p.size() - std::string("µ… (100 bytes)").size()) << p;
}

TEST(Messages, ControlAndNonUtf8BytesAreEscaped) {
  EXPECT_EQ(detail::printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(detail::printable("a\tb\r\x1b[2J"), "a\\x09b\\x0D\\x1B[2J");
  EXPECT_EQ(detail::printable("\x7f"), "\\x7F");
  EXPECT_EQ(detail::printable("\xff\xfe"), "\\xFF\\xFE");        // never UTF-8
  EXPECT_EQ(detail::printable("\xc3"), "\\xC3");                 // a sequence cut short
  EXPECT_EQ(detail::printable("\xc2\x85"), "\\xC2\\x85");        // U+0085, a C1 control
  EXPECT_EQ(detail::printable("\xe2\x82\xac"), "\xe2\x82\xac");  // €
}

TEST(Messages, AHugeCellIsReportedInAShortLine) {
  const std::string text = "t,Fz\n0,1\n0.001," + std::string(1'000'000, 'x') + "\n";
  const ImportError e = expect_import_error([&] { import_text(text, with_map("fz=Fz")); });
  EXPECT_LT(std::string(e.what()).size(), 200u) << e.what();
  EXPECT_NE(std::string(e.what()).find("run.txt:3"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("(1000000 bytes)"), std::string::npos) << e.what();
}

TEST(Messages, BinaryGarbageIsEscapedAndTheHeaderListIsCut) {
  std::string header;
  for (int i = 0; i < 3000; ++i) header += static_cast<char>(i % 256 == 10 ? 11 : i % 256);
  const std::string text = header + "\n1,2\n";
  const ImportError e = expect_import_error([&] { import_text(text, with_map("fz=Fz")); });
  const std::string msg = e.what();
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_TRUE(printable_text(msg)) << msg;
  EXPECT_LT(msg.size(), 400u) << msg;
}

TEST(Messages, AnExtraCellIsEchoedShort) {
  const std::string text = "t,Fz\n0,1\n0.001,2," + std::string(5000, '\x01') + "\n";
  const ImportError e = expect_import_error([&] { import_text(text, with_map("fz=Fz")); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kRowLength);
  EXPECT_TRUE(printable_text(e.what())) << e.what();
  EXPECT_LT(std::string(e.what()).size(), 400u) << e.what();
}

TEST(ImportErrors, OneColumnMappedTwiceIsRefusedAtTheHeader) {
  const std::string text = "t,Fz,COP\n0,1,0\n0.001,2,0\n";
  const ImportError e =
      expect_import_error([&] { import_text(text, with_map("fz=Fz,cop_x=COP,cop_y=COP")); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), "COP");
  EXPECT_NE(std::string(e.what()).find("mapped twice"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("cop_x and cop_y"), std::string::npos) << e.what();
  // Both plates of a split belt from one column.
  const ImportError split =
      expect_import_error([&] { import_text(text, with_map("left.fz=Fz,right.fz=Fz")); });
  EXPECT_NE(std::string(split.what()).find("left.fz and right.fz"), std::string::npos)
      << split.what();
}

TEST(ImportErrors, TheTimeColumnCannotAlsoBeAForce) {
  const std::string text = "t,Fz\n0,1\n0.001,2\n";
  ImportOptions o = with_map("fz=Fz");
  o.time = parse_time_spec("Fz");
  const ImportError e = expect_import_error([&] { import_text(text, o); });
  EXPECT_EQ(e.kind(), ImportErrorKind::kHeader);
  EXPECT_NE(std::string(e.what()).find("--map reads it as fz"), std::string::npos) << e.what();
}
