// The live dashboard window. No Qt types in this header, so the app's command-line code
// compiles without Qt.
#pragma once

#include <functional>
#include <string>

namespace stridecue::runtime {
class Station;
}

namespace stridecue::display {

/// Creates the Qt application and the live window over a started station, runs its event loop
/// on the calling thread until the window is closed or `run_over()` turns true (then the station
/// is stopped and the window closes a second later). Returns the exit code. If
/// STRIDECUE_SCREENSHOT is set, saves a PNG of the window there just before closing (used by GUI
/// checks under Xvfb).
int run_live_window(runtime::Station& station, std::function<bool()> run_over,
                    const std::string& title);

}  // namespace stridecue::display
