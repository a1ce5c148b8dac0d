// `stridecue ports`: the serial ports on this machine and which USB device each one is.
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_ports_command(CLI::App& app);
}
