// The live dashboard window. No Qt types in this header, so the app's command-line code
// compiles without Qt.
#pragma once

#include <functional>

namespace stridecue::station {
struct LiveView;
}

namespace stridecue::display {

/// Creates the Qt application and the live window over a started station's live view, runs its
/// event loop on the calling thread until the window is closed or `run_over()` turns true (then
/// the station is stopped through the view's controls and the window closes a second later).
/// Returns the exit code. If STRIDECUE_SCREENSHOT is set, saves a PNG of the window there just
/// before closing (used by GUI checks under Xvfb).
int run_live_window(const station::LiveView& view, std::function<bool()> run_over);

}  // namespace stridecue::display
