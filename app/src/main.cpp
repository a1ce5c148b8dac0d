// stridecue: the command-line entry point. Each subcommand lives in its own file.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/core/printable.hpp"
#include "stridecue/core/suggestion.hpp"

#include "analyze_command.hpp"
#include "check_command.hpp"
#include "demo_command.hpp"
#include "exit_codes.hpp"
#include "live_command.hpp"
#include "ports_command.hpp"
#include "sessions_command.hpp"
#include "sim_command.hpp"
#include "subjects_command.hpp"

int main(int argc, char** argv) {
  // Logs and errors go to stderr: stdout carries what a command produces (tables, --json).
  spdlog::set_default_logger(spdlog::stderr_color_mt("stridecue"));
  CLI::App app{"StrideCue — real-time treadmill biofeedback for runners"};
  app.footer(
      "Exit status: 0 done; 1 an input was refused (the message names it and the fix); 2 not a "
      "command; 3 an input held nothing usable (a replay or table with no readable frame or "
      "row); other: a command-line mistake.");
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
  stridecue::app::add_check_command(app);
  stridecue::app::add_sessions_command(app);
  stridecue::app::add_subjects_command(app);

  // CLI11 reads an unknown first word as a missing subcommand ("A subcommand is required"):
  // name it instead, with the commands there are.
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--log-level") {
      ++i;
      continue;
    }
    if (arg.empty() || arg.front() == '-') continue;
    std::vector<std::string> names;
    std::string list;
    for (const CLI::App* sub : app.get_subcommands({})) {
      names.push_back(sub->get_name());
      list += (list.empty() ? "" : ", ") + sub->get_name();
    }
    if (std::find(names.begin(), names.end(), arg) == names.end()) {
      std::fprintf(stderr, "'%s' is not a stridecue command%s (commands: %s; --help)\n",
                   stridecue::printable(arg).c_str(),
                   stridecue::suggestion(std::string(arg), names).c_str(), list.c_str());
      return stridecue::app::kExitUnknownCommand;
    }
    break;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return stridecue::app::kExitRefused;
  }
  return 0;
}
