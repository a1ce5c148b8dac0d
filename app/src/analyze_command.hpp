// `stridecue analyze FILE`: the force (and pelvis IMU) pipelines over a recording made by
// another system.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_analyze_command(CLI::App& app);
}
