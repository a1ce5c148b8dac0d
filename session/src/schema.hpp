// The session file schema, version 2 (docs/sessions.md describes every table). Internal.
// Version 1 files (before cue presets) are read as they are: their cues table names the side
// `larger_side`, and the cue plan, adherence and per-step baseline tables are absent.
#pragma once

namespace stridecue::session::detail {

inline constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY, first_item INTEGER NOT NULL, items INTEGER NOT NULL,
  t_first_ns INTEGER NOT NULL, t_last_ns INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE requests (
  before_item INTEGER NOT NULL, kind TEXT NOT NULL, duration_ns INTEGER, t_ns INTEGER,
  label TEXT, block INTEGER, value REAL);
CREATE TABLE gaps (
  t_ns INTEGER NOT NULL, device INTEGER, lost INTEGER NOT NULL, reason TEXT NOT NULL);
CREATE TABLE steps (
  idx INTEGER NOT NULL, side TEXT NOT NULL, side_from TEXT, plate INTEGER,
  t_ic_ns INTEGER NOT NULL, t_to_ns INTEGER NOT NULL, t_peak_ns INTEGER,
  contact_ms REAL, flight_ms REAL, step_ms REAL, stride_ms REAL, cadence_spm REAL,
  peak_vgrf_bw REAL, impact_peak_bw REAL, loading_rate_bw_s REAL, loading_rate_method TEXT,
  vilr_bw_s REAL, impulse_bw_s REAL, braking_impulse_bw_s REAL, propulsive_impulse_bw_s REAL,
  cop_y_m REAL, cop_progression_m REAL, free_moment_peak_nm REAL, zero_offset_n REAL,
  across_belts INTEGER,
  pelvic_drop_deg REAL, pelvic_drop_static_deg REAL, tilt_mean_deg REAL, tilt_peak_deg REAL,
  late_stance_tilt_gain_deg REAL, obliquity_range_deg REAL, tilt_range_deg REAL,
  rotation_range_deg REAL, pelvis_flags INTEGER);
CREATE TABLE cues (
  t_ns INTEGER NOT NULL, text TEXT NOT NULL, metric TEXT, value REAL, window_steps INTEGER,
  side TEXT, kind TEXT, rule TEXT, block INTEGER, symmetry INTEGER, target_low REAL,
  target_high REAL, modalities INTEGER);
CREATE TABLE cue_plans (
  t_ns INTEGER NOT NULL, block INTEGER, preset TEXT, schedule TEXT, feedback_pct REAL,
  metronome_spm REAL);
CREATE TABLE adherence (
  t_ns INTEGER NOT NULL, block INTEGER, rule TEXT NOT NULL, metric TEXT, judged INTEGER,
  inside INTEGER, cues INTEGER, praises INTEGER, withheld INTEGER, first_cue_ns INTEGER,
  first_success_ns INTEGER, final INTEGER);
CREATE TABLE presets (name TEXT NOT NULL, source TEXT, yaml TEXT NOT NULL);
CREATE TABLE step_baselines (
  t_ns INTEGER, origin TEXT NOT NULL, metric TEXT NOT NULL, side TEXT NOT NULL, mean REAL,
  sd REAL, n INTEGER);
CREATE TABLE symmetry (
  t_ns INTEGER NOT NULL, step_idx INTEGER, cue_metric TEXT, cue_si_pct REAL,
  cue_window_steps INTEGER, cue_threshold_pct REAL, window_full INTEGER, has_baseline INTEGER,
  peak_vgrf_si_pct REAL, contact_si_pct REAL, loading_rate_si_pct REAL, impulse_si_pct REAL);
CREATE TABLE events (t_ns INTEGER, kind TEXT NOT NULL, ok INTEGER, detail TEXT);
CREATE TABLE health (
  t_ns INTEGER NOT NULL, device INTEGER NOT NULL, name TEXT, state TEXT, frames INTEGER,
  samples INTEGER, crc_errors INTEGER, other_errors INTEGER, counter_gaps INTEGER,
  lost_samples INTEGER, reconnects INTEGER, identity TEXT);
CREATE TABLE blocks (
  idx INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT, t_start_ns INTEGER NOT NULL,
  t_end_ns INTEGER, why_ended TEXT);
CREATE TABLE baselines (
  t_ns INTEGER, origin TEXT NOT NULL, variable TEXT NOT NULL, mean_l REAL, mean_r REAL,
  n_l INTEGER, n_r INTEGER, lr_method TEXT);
CREATE INDEX chunks_by_item ON chunks(first_item);
)sql";

}  // namespace stridecue::session::detail
