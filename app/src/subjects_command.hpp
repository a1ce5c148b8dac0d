// `stridecue subjects`: the subjects of the sessions — add, edit, list, show one (with their
// sessions), erase one with every session of theirs (a patient's right to erasure).
#pragma once

namespace CLI {
class App;
}

namespace stridecue::app {
void add_subjects_command(CLI::App& app);
}
