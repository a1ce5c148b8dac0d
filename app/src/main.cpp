// stridecue: the command-line entry point. Each subcommand lives in its own file.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "analyze_command.hpp"
#include "demo_command.hpp"
#include "live_command.hpp"
#include "ports_command.hpp"
#include "sim_command.hpp"

int main(int argc, char** argv) {
  // Logs and errors go to stderr: stdout carries what a command produces (tables, --json).
  spdlog::set_default_logger(spdlog::stderr_color_mt("stridecue"));
  CLI::App app{"StrideCue — real-time treadmill biofeedback for runners"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stridecue 0.1.0");
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.parse_complete_callback([&] { spdlog::set_level(spdlog::level::from_str(log_level)); });

  stridecue::app::add_demo_command(app);
  stridecue::app::add_analyze_command(app);
  stridecue::app::add_live_command(app);
  stridecue::app::add_ports_command(app);
  stridecue::app::add_sim_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
