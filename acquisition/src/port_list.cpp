#include "stridecue/acquisition/port_list.hpp"

#include <libserialport.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace stridecue::acquisition {

namespace {
std::string str(const char* s) {
  return s ? std::string(s) : std::string();
}

std::string basename_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// 1–4 hex digits and nothing else (no sign, no spaces: "-1" would match every non-USB port).
bool parse_hex(std::string_view s, int& out) {
  if (s.empty() || s.size() > 4) return false;
  out = 0;
  for (const char c : s) {
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) return false;
    out = out * 16 + d;
  }
  return true;
}
}  // namespace

std::string PortInfo::usb_id() const {
  if (usb_vid < 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", usb_vid, usb_pid);
  return buf;
}

std::optional<int> read_latency_timer_ms(const std::string& tty_name) {
  std::ifstream f("/sys/bus/usb-serial/devices/" + tty_name + "/latency_timer");
  int ms = 0;
  if (f >> ms) return ms;
  return std::nullopt;
}

std::vector<PortInfo> list_ports() {
  sp_port** ports = nullptr;
  const sp_return rc = sp_list_ports(&ports);
  if (rc != SP_OK) {
    char* msg = sp_last_error_message();
    std::string text = msg ? msg : "unknown error";
    sp_free_error_message(msg);
    throw std::runtime_error("listing serial ports failed (libserialport): " + text);
  }
  std::vector<PortInfo> out;
  for (sp_port** p = ports; *p; ++p) {
    PortInfo info;
    info.path = str(sp_get_port_name(*p));
    info.description = str(sp_get_port_description(*p));
    switch (sp_get_port_transport(*p)) {
      case SP_TRANSPORT_USB: {
        info.transport = "usb";
        int vid = -1, pid = -1;
        if (sp_get_port_usb_vid_pid(*p, &vid, &pid) == SP_OK) {
          info.usb_vid = vid;
          info.usb_pid = pid;
        }
        info.manufacturer = str(sp_get_port_usb_manufacturer(*p));
        info.product = str(sp_get_port_usb_product(*p));
        info.serial_number = str(sp_get_port_usb_serial(*p));
        break;
      }
      case SP_TRANSPORT_NATIVE:
        info.transport = "native";
        break;
      case SP_TRANSPORT_BLUETOOTH:
        info.transport = "bluetooth";
        break;
      default:
        info.transport = "unknown";
        break;
    }
    info.latency_timer_ms = read_latency_timer_ms(basename_of(info.path));
    out.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  return out;
}

std::optional<UsbIdentity> parse_usb_identity(std::string_view text, std::string* why_not) {
  auto fail = [&](const char* why) -> std::optional<UsbIdentity> {
    if (why_not) *why_not = why;
    return std::nullopt;
  };
  const auto c1 = text.find(':');
  if (c1 == std::string_view::npos) {
    return fail("expected VID:PID or VID:PID:SERIAL in hex, e.g. 0403:6001");
  }
  const auto c2 = text.find(':', c1 + 1);
  UsbIdentity id;
  if (!parse_hex(text.substr(0, c1), id.vid) ||
      !parse_hex(
          text.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1),
          id.pid)) {
    return fail("VID and PID must be 1-4 hex digits, e.g. 0403:6001");
  }
  if (c2 != std::string_view::npos) {
    id.serial = std::string(text.substr(c2 + 1));
    if (id.serial.empty()) return fail("nothing after the second ':'; give the serial or drop it");
  }
  return id;
}

std::optional<std::string> find_port_by_usb_id(const std::vector<PortInfo>& ports,
                                               const std::string& usb_identity,
                                               std::string* why_not) {
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (why_not) *why_not = std::move(why);
    return std::nullopt;
  };
  const auto id = parse_usb_identity(usb_identity, why_not);
  if (!id) return std::nullopt;
  const int vid = id->vid, pid = id->pid;
  const std::string& serial = id->serial;
  std::vector<const PortInfo*> hits;
  for (const auto& p : ports) {
    if (p.usb_vid == vid && p.usb_pid == pid && (serial.empty() || p.serial_number == serial)) {
      hits.push_back(&p);
    }
  }
  if (hits.empty()) return fail("no connected USB serial device is " + usb_identity);
  if (hits.size() > 1) {
    return fail(std::to_string(hits.size()) + " devices match " + usb_identity +
                "; add the serial number (VID:PID:SERIAL) to choose one");
  }
  return hits.front()->path;
}

}  // namespace stridecue::acquisition
