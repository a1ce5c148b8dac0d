// `stridecue live`: run a station — real devices (or anything that speaks our protocols on a
// serial port) — with live cues, in the dashboard or the terminal.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_live_command(CLI::App& app);
}
