#include "ports_command.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "stridecue/acquisition/port_list.hpp"

namespace stridecue::app {

void add_ports_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "ports", "List serial ports: path, USB VID:PID, manufacturer, product, serial number");
  cmd->add_flag("--json", *json, "Print JSON instead of a table");
  cmd->callback([json] {
    const auto ports = acquisition::list_ports();
    const std::string text =
        *json ? acquisition::format_port_json(ports) : acquisition::format_port_table(ports);
    std::fputs(text.c_str(), stdout);
  });
}

}  // namespace stridecue::app
