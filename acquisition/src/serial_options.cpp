#include "serial_options.hpp"

#include <linux/serial.h>
#include <sys/file.h>
#include <sys/ioctl.h>

#include <termios.h>
#include <cerrno>

namespace stridecue::acquisition {

namespace asio = boost::asio;

boost::system::error_code configure_serial(asio::serial_port& port, unsigned baud) {
  boost::system::error_code ec;
  port.set_option(asio::serial_port::baud_rate(baud), ec);
  if (ec) return ec;
  port.set_option(asio::serial_port::character_size(8), ec);
  if (ec) return ec;
  port.set_option(asio::serial_port::parity(asio::serial_port::parity::none), ec);
  if (ec) return ec;
  port.set_option(asio::serial_port::stop_bits(asio::serial_port::stop_bits::one), ec);
  if (ec) return ec;
  port.set_option(asio::serial_port::flow_control(asio::serial_port::flow_control::none), ec);
  if (ec) return ec;

  const int fd = port.native_handle();
  // Exclusive, twice over: TIOCEXCL makes a second open() fail with EBUSY (except for root,
  // which the kernel lets through), and an advisory flock() stops a second StrideCue even as
  // root. Two readers would each get part of the bytes and both streams would look corrupted.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    return {errno == EWOULDBLOCK ? EBUSY : errno, boost::system::system_category()};
  }
  if (::ioctl(fd, TIOCEXCL) != 0) {
    return {errno, boost::system::system_category()};
  }
  // FTDI and similar adapters hold bytes up to 16 ms by default (docs/science.md §8).
  // ASYNC_LOW_LATENCY asks the driver to push each USB packet at once. A pty has no serial_struct:
  // ENOTTY, skip.
  serial_struct ss{};
  if (::ioctl(fd, TIOCGSERIAL, &ss) == 0) {
    ss.flags |= ASYNC_LOW_LATENCY;
    ::ioctl(fd, TIOCSSERIAL, &ss);  // best effort; ports command reports the latency timer
  }
  return {};
}

}  // namespace stridecue::acquisition
