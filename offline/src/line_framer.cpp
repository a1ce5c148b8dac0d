#include "line_framer.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <sys/stat.h>

#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::detail {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}  // namespace

LineFramer::LineFramer(std::string_view text)
    : data_(text.data()), end_(text.size()), total_(text.size()), eof_(true) {}

LineFramer::LineFramer(const std::string& path, std::size_t block_bytes) : path_(path) {
  file_.reset(std::fopen(path.c_str(), "rb"));
  if (!file_) {
    throw ImportError(ImportErrorKind::kFile,
                      path + ": cannot open it for reading; check the path and permissions", path);
  }
  struct stat st {};
  if (fstat(fileno(file_.get()), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
    const char* what = S_ISDIR(st.st_mode) ? "a directory" : "a device, not a file";
    throw ImportError(ImportErrorKind::kFile,
                      path + ": is " + std::string(what) + "; give the table's file", path);
  }
  // Blocks go straight from read(2) into buffer_, not through a stdio buffer.
  std::setvbuf(file_.get(), nullptr, _IONBF, 0);
  if (std::fseek(file_.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file_.get());
    if (size >= 0) total_ = static_cast<std::uint64_t>(size);
  }
  std::rewind(file_.get());  // also clears the error a pipe's failed seek left
  buffer_.resize(std::max<std::size_t>(block_bytes, 1));
  data_ = buffer_.data();
}

void LineFramer::refill() {
  const std::size_t rest = end_ - pos_;
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, rest);
    consumed_ += pos_;
    pos_ = 0;
    end_ = rest;
  }
  if (end_ == buffer_.size()) {  // one line fills the buffer
    if (buffer_.size() >= kMaxLineBytes) {
      throw ImportError(ImportErrorKind::kFile,
                        path_ + ":" + std::to_string(line_no_ + 1) + ": line longer than " +
                            std::to_string(kMaxLineBytes >> 20) +
                            " MB; a table's rows are short: is this a text table?",
                        path_, line_no_ + 1);
    }
    buffer_.resize(buffer_.size() * 2);
  }
  data_ = buffer_.data();
  const std::size_t want = buffer_.size() - end_;
  const std::size_t got = std::fread(buffer_.data() + end_, 1, want, file_.get());
  end_ += got;
  if (got < want) {
    if (std::ferror(file_.get())) {
      throw ImportError(ImportErrorKind::kFile, path_ + ": read error; check the file", path_);
    }
    eof_ = true;
  }
}

bool LineFramer::next(std::string_view& line, std::size_t& line_no) {
  if (!started_) {
    started_ = true;
    while (!eof_ && end_ - pos_ < kBom.size()) refill();
    if (std::string_view(data_ + pos_, std::min(end_ - pos_, kBom.size())) == kBom) {
      pos_ += kBom.size();
    }
  }
  while (true) {
    const std::size_t avail = end_ - pos_;
    const void* nl = avail > 0 ? std::memchr(data_ + pos_, '\n', avail) : nullptr;
    if (nl != nullptr) {
      const auto stop = static_cast<std::size_t>(static_cast<const char*>(nl) - data_);
      line = std::string_view(data_ + pos_, stop - pos_);
      pos_ = stop + 1;
      break;
    }
    if (eof_) {
      if (avail == 0) return false;
      line = std::string_view(data_ + pos_, avail);
      pos_ = end_;
      break;
    }
    refill();
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line_no = ++line_no_;
  return true;
}

}  // namespace stridecue::offline::detail
