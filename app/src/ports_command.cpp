#include "ports_command.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "stridecue/acquisition/port_list.hpp"

namespace stridecue::app {

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

void print_json(const std::vector<acquisition::PortInfo>& ports) {
  std::printf("[");
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const auto& p = ports[i];
    std::printf(
        "%s\n  {\"path\": \"%s\", \"transport\": \"%s\", \"usb_id\": \"%s\", "
        "\"manufacturer\": \"%s\", \"product\": \"%s\", \"serial_number\": \"%s\", "
        "\"description\": \"%s\", \"latency_timer_ms\": %s}",
        i ? "," : "", json_escape(p.path).c_str(), p.transport.c_str(), p.usb_id().c_str(),
        json_escape(p.manufacturer).c_str(), json_escape(p.product).c_str(),
        json_escape(p.serial_number).c_str(), json_escape(p.description).c_str(),
        p.latency_timer_ms ? std::to_string(*p.latency_timer_ms).c_str() : "null");
  }
  std::printf("%s]\n", ports.empty() ? "" : "\n");
}

void print_table(const std::vector<acquisition::PortInfo>& ports) {
  if (ports.empty()) {
    std::printf(
        "No serial ports found on this machine. Plug in the treadmill's or the IMU's "
        "USB adapter, or run `stridecue demo` to use emulated devices.\n");
    return;
  }
  std::printf("%-18s %-9s %-10s %-20s %-24s %-16s %s\n", "PATH", "TRANSPORT", "USB ID",
              "MANUFACTURER", "PRODUCT", "SERIAL", "LATENCY");
  for (const auto& p : ports) {
    std::string latency = "-";
    if (p.latency_timer_ms) {
      latency = std::to_string(*p.latency_timer_ms) + " ms";
      if (*p.latency_timer_ms > 1) latency += " (set low latency: opened ports get it)";
    }
    std::printf("%-18s %-9s %-10s %-20s %-24s %-16s %s\n", p.path.c_str(), p.transport.c_str(),
                p.usb_id().empty() ? "-" : p.usb_id().c_str(),
                p.manufacturer.empty() ? "-" : p.manufacturer.c_str(),
                p.product.empty() ? (p.description.empty() ? "-" : p.description.c_str())
                                  : p.product.c_str(),
                p.serial_number.empty() ? "-" : p.serial_number.c_str(), latency.c_str());
  }
}

}  // namespace

void add_ports_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "ports", "List serial ports: path, USB VID:PID, manufacturer, product, serial number");
  cmd->add_flag("--json", *json, "Print JSON instead of a table");
  cmd->callback([json] {
    const auto ports = acquisition::list_ports();
    if (*json)
      print_json(ports);
    else
      print_table(ports);
  });
}

}  // namespace stridecue::app
