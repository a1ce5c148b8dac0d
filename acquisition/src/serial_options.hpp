// Line settings for a serial device opened with Boost.Asio: 8N1, no flow control, the baud,
// exclusive open, and low-latency mode on USB-serial adapters. Internal to acquisition.
#pragma once

#include "asio.hpp"

namespace stridecue::acquisition {

/// Applies the settings to an open port. Returns the first error that matters; settings that
/// a pseudo-terminal does not have (low latency) are skipped silently.
boost::system::error_code configure_serial(boost::asio::serial_port& port, unsigned baud);

}  // namespace stridecue::acquisition
