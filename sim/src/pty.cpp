#include "stridecue/sim/pty.hpp"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace stridecue::sim {

Pty::Pty() {
  char name[256] = {};
  termios tio{};
  cfmakeraw(&tio);
  if (::openpty(&master_, &slave_, name, &tio, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "openpty");
  }
  path_ = name;
  const int flags = ::fcntl(master_, F_GETFL);
  if (flags < 0 || ::fcntl(master_, F_SETFL, flags | O_NONBLOCK) != 0) {
    const int err = errno;
    ::close(master_);
    ::close(slave_);
    throw std::system_error(err, std::generic_category(), "fcntl(O_NONBLOCK) on pty master");
  }
}

Pty::~Pty() {
  if (slave_ >= 0) ::close(slave_);
  if (master_ >= 0) ::close(master_);
}

std::size_t Pty::write_some(const std::uint8_t* data, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t w = ::write(master_, data + done, n - done);
    if (w > 0) {
      done += static_cast<std::size_t>(w);
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      throw std::system_error(errno, std::generic_category(), "write to pty " + path_);
    }
  }
  return done;
}

}  // namespace stridecue::sim
