// `stridecue check`: read a station or scenario file and report every mistake in it (file, line,
// setting, fix) — or what it sets up — without opening a port or starting a run.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_check_command(CLI::App& app);
}
