// The live dashboard window of the demo. No Qt types in this header, so the app's command-line
// code compiles without Qt.
#pragma once

namespace stridecue::runtime {
class DemoRig;
}

namespace stridecue::display {

/// Creates the Qt application and the live window, runs its event loop on the calling thread
/// until the window is closed or the emulator has finished `duration_s` (+1 s). Returns the
/// exit code. If STRIDECUE_SCREENSHOT is set, saves a PNG of the window there just before
/// closing (used by GUI checks under Xvfb).
int run_live_window(runtime::DemoRig& rig, double duration_s);

}  // namespace stridecue::display
