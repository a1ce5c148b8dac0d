// The valid ranges of the processing settings a user types (station file, `analyze` options),
// in one place: the pipelines refuse a config outside them, and the loaders refuse the value
// where it was typed, with its line, using the same numbers.
#pragma once

namespace stridecue::processing::limits {

/// Runner body mass, kg.
inline constexpr double kBodyMassMinKg = 20.0, kBodyMassMaxKg = 250.0;
/// Contact thresholds in newtons: above the noise of an unloaded plate, below any foot strike
/// (a runner's stance peaks at 2–3 BW, a walker's at about 1 BW).
inline constexpr double kContactMinN = 1.0, kContactMaxN = 1000.0;
/// Contact thresholds as a fraction of body weight (0 = use the newton thresholds).
inline constexpr double kContactMaxBw = 0.5;
/// Shortest contact and flight kept, ms (a running contact lasts 150–300 ms).
inline constexpr double kMinPhaseMaxMs = 500.0;
/// Depth of a plate's origin below its surface, m (a few centimetres on real plates).
inline constexpr double kPlateOriginDepthMaxM = 0.1;

}  // namespace stridecue::processing::limits
