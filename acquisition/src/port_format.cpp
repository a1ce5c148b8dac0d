#include <cstdio>
#include <string>

#include "stridecue/acquisition/port_list.hpp"

namespace stridecue::acquisition {

namespace {

std::string json_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string or_dash(const std::string& s) {
  return s.empty() ? "-" : s;
}

}  // namespace

std::string format_port_json(const std::vector<PortInfo>& ports) {
  std::string out = "[";
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const auto& p = ports[i];
    out += std::string(i ? "," : "") + "\n  {\"path\": \"" + json_escape(p.path) +
           "\", \"transport\": \"" + p.transport + "\", \"usb_id\": \"" + p.usb_id() +
           "\", \"manufacturer\": \"" + json_escape(p.manufacturer) + "\", \"product\": \"" +
           json_escape(p.product) + "\", \"serial_number\": \"" + json_escape(p.serial_number) +
           "\", \"description\": \"" + json_escape(p.description) + "\", \"latency_timer_ms\": " +
           (p.latency_timer_ms ? std::to_string(*p.latency_timer_ms) : "null") + "}";
  }
  out += ports.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string format_port_table(const std::vector<PortInfo>& ports) {
  if (ports.empty()) {
    return "No serial ports found on this machine. Plug in the treadmill's or the IMU's USB "
           "adapter, or run `stridecue demo` to use emulated devices.\n";
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-18s %-9s %-10s %-20s %-24s %-16s %s\n", "PATH", "TRANSPORT",
                "USB ID", "MANUFACTURER", "PRODUCT", "SERIAL", "LATENCY");
  std::string out = line;
  for (const auto& p : ports) {
    std::string latency = "-";
    if (p.latency_timer_ms) {
      latency = std::to_string(*p.latency_timer_ms) + " ms";
      if (*p.latency_timer_ms > 1) latency += " (set low latency: opened ports get it)";
    }
    const std::string product = p.product.empty() ? or_dash(p.description) : p.product;
    std::snprintf(line, sizeof line, "%-18s %-9s %-10s %-20s %-24s %-16s %s\n", p.path.c_str(),
                  p.transport.c_str(), or_dash(p.usb_id()).c_str(), or_dash(p.manufacturer).c_str(),
                  product.c_str(), or_dash(p.serial_number).c_str(), latency.c_str());
    out += line;
  }
  return out;
}

}  // namespace stridecue::acquisition
