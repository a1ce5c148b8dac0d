// `stridecue sessions`: the session library — list (by subject, protocol, date), show one
// (blocks, steps, key metrics per block, device health, gaps), delete one.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_sessions_command(CLI::App& app);
}
