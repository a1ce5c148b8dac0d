// A pseudo-terminal pair: the simulator writes the master side, and acquisition opens the slave
// path exactly as it opens a USB serial adapter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stridecue::sim {

class Pty {
 public:
  /// Opens a pty in raw mode with a non-blocking master. Throws std::system_error naming the
  /// failing call.
  Pty();
  ~Pty();
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;

  /// Path of the slave side, e.g. /dev/pts/7.
  const std::string& path() const { return path_; }

  /// Writes as much as the pty takes without blocking. Returns bytes written (may be fewer than
  /// n when the pty buffer is full, as a UART would overrun). Throws std::system_error on a
  /// real error.
  std::size_t write_some(const std::uint8_t* data, std::size_t n);

  int master_fd() const { return master_; }

 private:
  int master_ = -1;
  int slave_ = -1;  // kept open so the pty does not hang up while no reader is attached
  std::string path_;
};

}  // namespace stridecue::sim
