// Internals of sc_offline's text path (offline/src): the line framer that reads files in blocks,
// and the number fast path of the row decoder. Both must be invisible: the same lines as text in
// memory, whatever the block size, and the same doubles as std::from_chars, bit for bit.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "delimited_text.hpp"
#include "import_test_support.hpp"
#include "line_framer.hpp"
#include "stridecue/offline/import_error.hpp"

using namespace stridecue::offline;
using namespace stridecue::offline::detail;
using stridecue::offline::test::TempFile;

namespace {

struct Line {
  std::string text;
  std::size_t no = 0;
  bool operator==(const Line&) const = default;
};

std::vector<Line> all_lines(LineFramer& framer) {
  std::vector<Line> out;
  std::string_view line;
  std::size_t no = 0;
  while (framer.next(line, no)) out.push_back({std::string(line), no});
  return out;
}

/// from_chars on the whole of `s`; false when it does not take all of it.
bool reference_parse(std::string_view s, double& v) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

}  // namespace

TEST(LineFramer, FileInTinyBlocksGivesTheSameLinesAsMemory) {
  const std::string texts[] = {
      "\xEF\xBB\xBFt,Fz\r\n0,1\r\n0.001,2\r\n",  // BOM, CRLF
      "a\nbb\n\nccc",                            // blank line, no final newline
      "\n\n",                                    // only line breaks
      "",                                        // nothing
      "\xEF\xBB",                                // a cut BOM is text
      std::string(5000, 'x') + "\n" + "short\n" + std::string(300, 'y'),
  };
  int k = 0;
  for (const std::string& text : texts) {
    LineFramer memory(text);
    const std::vector<Line> want = all_lines(memory);
    EXPECT_EQ(memory.consumed_bytes(), text.size());
    const TempFile file("framer_" + std::to_string(k++) + ".txt", text);
    for (const std::size_t block : {1u, 2u, 3u, 7u, 64u, 4096u, 1u << 20}) {
      LineFramer framer(file.path, block);
      EXPECT_EQ(all_lines(framer), want) << "text " << k << ", block " << block;
      EXPECT_EQ(framer.consumed_bytes(), text.size());
      EXPECT_EQ(framer.total_bytes(), text.size());
      std::string_view line;
      std::size_t no = 0;
      EXPECT_FALSE(framer.next(line, no));  // and stays at the end
    }
  }
}

TEST(LineFramer, BufferGrowsOnlyForALineLongerThanIt) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",0.5,-1.25\n";
  const TempFile file("framer_long.txt", text);
  LineFramer framer(file.path, 256);
  EXPECT_EQ(framer.buffer_bytes(), 256u);
  EXPECT_EQ(all_lines(framer).size(), 20000u);
  EXPECT_EQ(framer.buffer_bytes(), 256u);  // 20000 lines, ≈ 260 kB: the buffer did not grow

  const TempFile long_file("framer_one_long.txt", "a\n" + std::string(1000, 'z'));
  LineFramer one(long_file.path, 256);
  const std::vector<Line> lines = all_lines(one);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text.size(), 1000u);
  EXPECT_EQ(one.buffer_bytes(), 1024u);  // doubled until the line fit
}

TEST(LineFramer, MissingFileNamesThePath) {
  try {
    LineFramer f("/nonexistent/x.csv", 64);
    FAIL() << "no error";
  } catch (const ImportError& e) {
    EXPECT_EQ(e.kind(), ImportErrorKind::kFile);
    EXPECT_EQ(e.file(), "/nonexistent/x.csv");
  }
}

TEST(PlainDecimal, GivesTheDoubleFromCharsGivesBitForBit) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> magnitude(-7, 7);
  std::uniform_int_distribution<int> decimals(0, 12);
  std::array<char, 64> buf{};
  int fast = 0;
  for (int i = 0; i < 300000; ++i) {
    const double x = (i % 2 ? -1 : 1) * std::pow(10.0, magnitude(rng));
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed,
                                   decimals(rng));
    const std::string_view s(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    double want = 0, got = 0;
    ASSERT_TRUE(reference_parse(s, want)) << s;
    const char* end = parse_plain_decimal(s.data(), s.data() + s.size(), got);
    if (end == nullptr) continue;  // another shape: the caller uses from_chars
    ++fast;
    ASSERT_EQ(end, s.data() + s.size()) << s;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want)) << s;
  }
  EXPECT_GT(fast, 250000);  // the usual export shapes take the fast path
}

TEST(PlainDecimal, EdgeShapes) {
  struct Case {
    std::string_view text;
    bool fast;          // parse_plain_decimal takes it
    std::size_t taken;  // characters it consumes
  };
  const Case cases[] = {
      {"0", true, 1},
      {"-0.000", true, 6},
      {"1.", true, 2},
      {".5", true, 2},
      {"-.25", true, 4},
      {"700,5", true, 3},                   // stops at the separator
      {"9007199254740992", true, 16},       // 2^53
      {"9007199254740993", false, 0},       // beyond 2^53: from_chars rounds it
      {"0.1234567890123456789", false, 0},  // 20 digits
      {"1e5", false, 0},
      {"1.5E-3", false, 0},
      {"+1", false, 0},
      {"-", false, 0},
      {".", false, 0},
      {"nan", false, 0},
      {"inf", false, 0},
      {"", false, 0},
  };
  for (const Case& c : cases) {
    double v = 0;
    const char* end = parse_plain_decimal(c.text.data(), c.text.data() + c.text.size(), v);
    EXPECT_EQ(end != nullptr, c.fast) << c.text;
    if (end == nullptr || !c.fast) continue;
    EXPECT_EQ(static_cast<std::size_t>(end - c.text.data()), c.taken) << c.text;
    double want = 0;
    const auto ref = std::from_chars(c.text.data(), c.text.data() + c.text.size(), want);
    EXPECT_EQ(ref.ptr, end) << c.text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(v), std::bit_cast<std::uint64_t>(want)) << c.text;
  }
}
