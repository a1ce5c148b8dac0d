// `stridecue sim`: the runner simulator on pseudo-terminals (real time) or into files.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_sim_command(CLI::App& app);
}
