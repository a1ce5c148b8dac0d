// Transport and framing of a delimited text table (STYLE.md rule 2): bytes come either from text
// already in memory or from a file read in fixed-size blocks, and are cut into lines. What the
// cells of a line mean is delimited_text.hpp's and the reader's business. Internal to sc_offline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue::offline::detail {

/// Cuts a byte stream into lines: '\n' ends a line, one trailing '\r' is dropped, a UTF-8 BOM at
/// the very start is skipped, and a last line without '\n' still counts. Lines are numbered from
/// 1 in the order they are handed out.
///
/// Memory: over text in memory nothing is copied or allocated. Over a file, one buffer of
/// block_bytes is allocated by the constructor and reused for every block; it grows (doubling)
/// only while a single line is longer than the buffer, so its size depends on the longest line,
/// never on the length of the file.
///
/// Contract: one thread; next() blocks on file reads and allocates only to grow the buffer for
/// a long line. A line handed out stays valid until the next call to next().
class LineFramer {
 public:
  /// Longest line read from a file: a table row is at most a few kB; a 1 MB cell still fits.
  static constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

  /// Over `text`, which must outlive the framer.
  explicit LineFramer(std::string_view text);
  /// Over `path`, read in blocks of `block_bytes` (≥ 1). Throws ImportError(kFile) naming the
  /// path when it cannot be opened, or is a directory or a device (/dev/zero would be read until
  /// memory ran out): regular files and pipes only.
  LineFramer(const std::string& path, std::size_t block_bytes);

  /// The next line and its 1-based number; false at the end of the input. Throws
  /// ImportError(kFile) on a read error, and for a line longer than kMaxLineBytes (no table has
  /// one: the input is not text, and reading on would only grow the buffer).
  bool next(std::string_view& line, std::size_t& line_no);

  /// Bytes of the input handed out so far (lines and their line breaks, the BOM).
  std::uint64_t consumed_bytes() const noexcept { return consumed_ + pos_; }
  /// Size of the whole input in bytes; nothing when it is not known (a pipe).
  std::optional<std::uint64_t> total_bytes() const noexcept { return total_; }
  /// Bytes of the text buffer (0 over text in memory).
  std::size_t buffer_bytes() const noexcept { return buffer_.size(); }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };

  /// Keeps the unread part of the buffer, moved to its front, and reads behind it.
  void refill();

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;  // null over text in memory
  std::vector<char> buffer_;                     // file blocks; empty over text in memory
  const char* data_ = nullptr;                   // the text or buffer_.data()
  std::size_t pos_ = 0;                          // next unread byte of data_
  std::size_t end_ = 0;                          // bytes of data_ that hold input
  std::uint64_t consumed_ = 0;                   // input bytes dropped from the buffer's front
  std::optional<std::uint64_t> total_;
  bool eof_ = false;      // nothing more behind data_[end_]
  bool started_ = false;  // the BOM check is done
  std::size_t line_no_ = 0;
};

}  // namespace stridecue::offline::detail
