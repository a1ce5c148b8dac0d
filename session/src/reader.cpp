#include "stridecue/session/reader.hpp"

#include <algorithm>
#include <cstring>

#include "sqlite.hpp"
#include "stridecue/session/sample_codec.hpp"
#include "stridecue/station/processing_loop.hpp"

namespace stridecue::session {

namespace {

using detail::Db;
using detail::Stmt;

Side side_from_text(const std::string& s) {
  return s == "L" || s == "left"    ? Side::kLeft
         : s == "R" || s == "right" ? Side::kRight
                                    : Side::kUnknown;
}

}  // namespace

struct SessionReader::Impl {
  explicit Impl(const std::string& path) : db(path, false, false) {}
  Db db;
};

SessionReader::SessionReader(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw SessionError(file.string() +
                       ": no such session file; `stridecue sessions list` shows the sessions");
  }
  impl_ = std::make_unique<Impl>(file.string());
  Db& db = impl_->db;
  const auto pragma = [&](const char* name) -> std::int64_t {
    try {
      Stmt q(db, std::string("PRAGMA ") + name);
      return q.step() == SQLITE_ROW ? q.int64(0) : 0;
    } catch (const SessionError&) {
      throw SessionError(file.string() +
                         ": not a StrideCue session file (not an SQLite database, or damaged)");
    }
  };
  const std::int64_t app = pragma("application_id");
  if (app != kApplicationId) {
    throw SessionError(file.string() + ": not a StrideCue session file (application id " +
                       std::to_string(app) + ")");
  }
  const std::int64_t version = pragma("user_version");
  if (version > kSchemaVersion) {
    throw SessionError(file.string() + ": written by a newer StrideCue (schema " +
                       std::to_string(version) + ", this one reads up to " +
                       std::to_string(kSchemaVersion) + "); update StrideCue to open it");
  }
  if (version < 1) throw SessionError(file.string() + ": an unfinished session file (no schema)");
  // Older schemas are read as they are (the reader opens files read-only): version 1 lacks the
  // cue tables and columns of version 2, and the queries below ask for them only in version 2.
  version_ = static_cast<int>(version);
  try {
    Stmt q(db, "SELECT key, value FROM meta");
    while (q.step() == SQLITE_ROW) {
      const std::string key = q.text(0), value = q.text(1);
      if (key == "id") meta_.id = value;
      if (key == "station") meta_.station = value;
      if (key == "started_utc") meta_.started_utc = value;
      if (key == "ended_utc") meta_.ended_utc = value;
      if (key == "software") meta_.software = value;
      if (key == "subject") meta_.subject = value;
      if (key == "protocol") meta_.protocol = value;
      if (key == "kind") meta_.kind = value;
      if (key == "settings_yaml") meta_.settings_yaml = value;
      if (key == "settings_sources") meta_.settings_sources = value;
    }
  } catch (const SessionError& e) {
    throw SessionError(file.string() + ": damaged session file: " + e.what());
  }
  if (meta_.id.empty()) throw SessionError(file.string() + ": damaged session file (no id)");
}

SessionReader::~SessionReader() = default;

std::string SessionReader::integrity() const {
  Stmt q(impl_->db, "PRAGMA integrity_check");
  std::string out;
  while (q.step() == SQLITE_ROW) out += (out.empty() ? "" : "; ") + q.text(0);
  return out;
}

SessionSummary SessionReader::summary() const {
  Db& db = impl_->db;
  SessionSummary s;
  s.meta = meta_;
  const auto count = [&](const char* sql) -> std::int64_t {
    Stmt q(db, sql);
    return q.step() == SQLITE_ROW ? q.int64(0) : 0;
  };
  s.items = static_cast<std::uint64_t>(count("SELECT COALESCE(SUM(items), 0) FROM chunks"));
  s.chunks = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM chunks"));
  s.t_first_ns = count("SELECT COALESCE(MIN(t_first_ns), 0) FROM chunks");
  s.t_last_ns = count("SELECT COALESCE(MAX(t_last_ns), 0) FROM chunks");
  s.steps = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM steps"));
  s.cues = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM cues"));
  s.requests = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM requests"));
  s.markers = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM events WHERE kind='marker'"));
  s.alarms = static_cast<std::uint64_t>(count("SELECT COUNT(*) FROM events WHERE kind='alarm'"));
  s.samples_lost = static_cast<std::uint64_t>(
      count("SELECT COALESCE(SUM(lost), 0) FROM gaps WHERE reason != 'events_lost'"));
  {
    Stmt q(db,
           "SELECT idx, kind, name, t_start_ns, t_end_ns, why_ended FROM blocks ORDER BY rowid");
    while (q.step() == SQLITE_ROW) {
      s.blocks.push_back({static_cast<int>(q.int64(0)), q.text(1), q.text(2), q.int64(3),
                          q.is_null(4) ? -1 : q.int64(4), q.text(5)});
    }
  }
  {
    Stmt q(db,
           "SELECT device, name, state, frames, samples, crc_errors, other_errors, counter_gaps, "
           "lost_samples, reconnects, identity FROM health WHERE rowid IN "
           "(SELECT MAX(rowid) FROM health GROUP BY device) ORDER BY device");
    while (q.step() == SQLITE_ROW) {
      HealthRow h;
      h.device = static_cast<std::uint8_t>(q.int64(0));
      h.name = q.text(1);
      h.state = q.text(2);
      h.frames = static_cast<std::uint64_t>(q.int64(3));
      h.samples = static_cast<std::uint64_t>(q.int64(4));
      h.crc_errors = static_cast<std::uint64_t>(q.int64(5));
      h.other_errors = static_cast<std::uint64_t>(q.int64(6));
      h.counter_gaps = static_cast<std::uint64_t>(q.int64(7));
      h.lost_samples = static_cast<std::uint64_t>(q.int64(8));
      h.reconnects = static_cast<std::uint64_t>(q.int64(9));
      h.identity = q.text(10);
      s.health.push_back(std::move(h));
    }
  }
  return s;
}

std::vector<processing::StepResult> SessionReader::steps() const {
  Stmt q(impl_->db,
         "SELECT idx, side, plate, t_ic_ns, t_to_ns, t_peak_ns, contact_ms, flight_ms, step_ms, "
         "stride_ms, cadence_spm, peak_vgrf_bw, impact_peak_bw, loading_rate_bw_s, "
         "loading_rate_method, vilr_bw_s, impulse_bw_s, braking_impulse_bw_s, "
         "propulsive_impulse_bw_s, cop_y_m, cop_progression_m, free_moment_peak_nm, "
         "zero_offset_n, across_belts, pelvic_drop_deg, pelvic_drop_static_deg, tilt_mean_deg, "
         "tilt_peak_deg, late_stance_tilt_gain_deg, obliquity_range_deg, tilt_range_deg, "
         "rotation_range_deg, pelvis_flags FROM steps ORDER BY rowid");
  std::vector<processing::StepResult> out;
  while (q.step() == SQLITE_ROW) {
    processing::StepResult s;
    int c = 0;
    s.index = static_cast<std::uint32_t>(q.int64(c++));
    s.side = side_from_text(q.text(c++));
    s.plate = static_cast<std::uint8_t>(q.int64(c++));
    s.t_ic_ns = q.int64(c++);
    s.t_to_ns = q.int64(c++);
    s.t_peak_ns = q.int64(c++);
    for (double* v : {&s.contact_ms, &s.flight_ms, &s.step_ms, &s.stride_ms, &s.cadence_spm,
                      &s.peak_vgrf_bw, &s.impact_peak_bw, &s.valr_bw_s}) {
      *v = q.real(c++);
    }
    const std::string method = q.text(c++);
    std::strncpy(s.loading_rate_method.data(), method.c_str(), s.loading_rate_method.size() - 1);
    for (double* v :
         {&s.vilr_bw_s, &s.impulse_bw_s, &s.braking_impulse_bw_s, &s.propulsive_impulse_bw_s,
          &s.cop_y_m, &s.cop_progression_m, &s.free_moment_peak_nm, &s.zero_offset_n}) {
      *v = q.real(c++);
    }
    s.across_belts = q.int64(c++) != 0;
    processing::PelvisStepMetrics& m = s.pelvis;
    for (double* v : {&m.pelvic_drop_deg, &m.pelvic_drop_static_deg, &m.tilt_mean_deg,
                      &m.tilt_peak_deg, &m.late_stance_tilt_gain_deg, &m.obliquity_range_deg,
                      &m.tilt_range_deg, &m.rotation_range_deg}) {
      *v = q.real(c++);
    }
    m.flags = static_cast<std::uint16_t>(q.int64(c++));
    out.push_back(s);
  }
  return out;
}

std::vector<SessionReader::GapRow> SessionReader::gaps() const {
  Stmt q(impl_->db, "SELECT t_ns, device, lost, reason FROM gaps ORDER BY rowid");
  std::vector<GapRow> out;
  while (q.step() == SQLITE_ROW) {
    out.push_back({q.int64(0), q.is_null(1) ? -1 : static_cast<int>(q.int64(1)),
                   static_cast<std::uint64_t>(q.int64(2)), q.text(3)});
  }
  return out;
}

std::vector<SessionReader::CueRow> SessionReader::cues() const {
  Stmt q(impl_->db, version_ >= 2 ? "SELECT t_ns, text, metric, value, window_steps, side, kind, "
                                    "rule, block FROM cues ORDER BY rowid"
                                  : "SELECT t_ns, text, metric, value, window_steps, larger_side, "
                                    "'correction', '', -1 FROM cues ORDER BY rowid");
  std::vector<CueRow> out;
  while (q.step() == SQLITE_ROW) {
    out.push_back({q.int64(0), q.text(1), q.text(2), q.text(5), q.real(3),
                   static_cast<int>(q.int64(4)), q.text(6), q.text(7),
                   q.is_null(8) ? -1 : static_cast<int>(q.int64(8))});
  }
  return out;
}

std::vector<SessionReader::AdherenceRow> SessionReader::final_adherence() const {
  std::vector<AdherenceRow> out;
  if (version_ < 2) return out;
  Stmt q(impl_->db,
         "SELECT t_ns, block, rule, metric, judged, inside, cues, praises, withheld, first_cue_ns, "
         "first_success_ns FROM adherence WHERE final = 1 ORDER BY rowid");
  while (q.step() == SQLITE_ROW) {
    AdherenceRow r;
    r.t_ns = q.int64(0);
    r.block = q.is_null(1) ? -1 : static_cast<int>(q.int64(1));
    r.rule = q.text(2);
    r.metric = q.text(3);
    r.judged = static_cast<std::uint64_t>(q.int64(4));
    r.inside = static_cast<std::uint64_t>(q.int64(5));
    r.cues = static_cast<std::uint64_t>(q.int64(6));
    r.praises = static_cast<std::uint64_t>(q.int64(7));
    r.withheld = static_cast<std::uint64_t>(q.int64(8));
    r.first_cue_ns = q.is_null(9) ? -1 : q.int64(9);
    r.first_success_ns = q.is_null(10) ? -1 : q.int64(10);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<SessionMeta::PresetText> SessionReader::presets() const {
  std::vector<SessionMeta::PresetText> out;
  if (version_ < 2) return out;
  Stmt q(impl_->db, "SELECT name, source, yaml FROM presets ORDER BY rowid");
  while (q.step() == SQLITE_ROW) out.push_back({q.text(0), q.text(1), q.text(2)});
  return out;
}

namespace {
/// The per-step baseline of the rows with the latest t_ns/origin matching `where`.
std::optional<processing::StepBaseline> read_step_baseline(Db& db, const std::string& where) {
  Stmt last(db, "SELECT MAX(rowid) FROM step_baselines WHERE " + where);
  if (last.step() != SQLITE_ROW || last.is_null(0)) return std::nullopt;
  Stmt key(db, "SELECT t_ns, origin FROM step_baselines WHERE rowid = ?");
  key.bind(1, last.int64(0));
  if (key.step() != SQLITE_ROW) return std::nullopt;
  const std::int64_t t_ns = key.is_null(0) ? -1 : key.int64(0);
  const std::string origin = key.text(1);
  Stmt q(db,
         "SELECT metric, side, mean, sd, n FROM step_baselines WHERE IFNULL(t_ns, -1) = ? AND "
         "origin = ?");
  q.bind(1, t_ns).bind(2, std::string_view(origin));
  processing::StepBaseline b;
  while (q.step() == SQLITE_ROW) {
    const auto metric = processing::step_metric_from_name(q.text(0));
    if (!metric) continue;  // a metric this build does not know
    processing::StepStat& st = b.stats[static_cast<std::size_t>(*metric)][q.text(1) == "R" ? 1 : 0];
    st.mean = q.real(2);
    st.sd = q.real(3);
    st.n = static_cast<std::uint32_t>(q.int64(4));
  }
  return b;
}
}  // namespace

std::optional<processing::StepBaseline> SessionReader::final_step_baseline() const {
  if (version_ < 2) return std::nullopt;
  return read_step_baseline(impl_->db, "1");
}

std::optional<processing::StepBaseline> SessionReader::initial_step_baseline() const {
  if (version_ < 2) return std::nullopt;
  return read_step_baseline(impl_->db, "origin LIKE 'restored%'");
}

namespace {
/// The baseline whose rows match `where` (an SQL condition on the baselines table), the latest.
std::optional<processing::SymmetryBaseline> read_baseline(Db& db, const std::string& where,
                                                          std::string* origin) {
  Stmt last(db, "SELECT MAX(rowid) FROM baselines WHERE " + where);
  if (last.step() != SQLITE_ROW || last.is_null(0)) return std::nullopt;
  const std::int64_t end = last.int64(0);
  const auto n = static_cast<std::int64_t>(processing::kSymVarNames.size());
  Stmt q(db,
         "SELECT origin, variable, mean_l, mean_r, n_l, n_r, lr_method FROM baselines WHERE "
         "rowid > ? AND rowid <= ? ORDER BY rowid");
  q.bind(1, end - n).bind(2, end);
  processing::SymmetryBaseline b;
  int rows = 0;
  while (q.step() == SQLITE_ROW) {
    if (origin) *origin = q.text(0);
    const std::string var = q.text(1);
    for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
      if (processing::kSymVarNames[i] != var) continue;
      b.mean_l[i] = q.real(2);
      b.mean_r[i] = q.real(3);
      b.n_l[i] = static_cast<std::uint32_t>(q.int64(4));
      b.n_r[i] = static_cast<std::uint32_t>(q.int64(5));
    }
    const std::string method = q.text(6);
    std::strncpy(b.lr_method.data(), method.c_str(), b.lr_method.size() - 1);
    ++rows;
  }
  if (rows != n) db.fail("a damaged baseline (" + std::to_string(rows) + " rows)");
  return b;
}
}  // namespace

std::optional<processing::SymmetryBaseline> SessionReader::final_baseline(std::string* from) const {
  return read_baseline(impl_->db, "1", from);
}

std::optional<processing::SymmetryBaseline> SessionReader::initial_baseline() const {
  return read_baseline(impl_->db, "origin LIKE 'restored%'", nullptr);
}

std::vector<station::AppliedRequest> SessionReader::requests() const {
  std::vector<station::AppliedRequest> out;
  Stmt q(impl_->db, version_ >= 2 ? "SELECT before_item, kind, duration_ns, t_ns, label, block, "
                                    "value FROM requests ORDER BY rowid"
                                  : "SELECT before_item, kind, duration_ns, t_ns, label, -1, NULL "
                                    "FROM requests ORDER BY rowid");
  while (q.step() == SQLITE_ROW) {
    station::AppliedRequest r;
    using K = station::AppliedRequest::Kind;
    r.before_item = static_cast<std::uint64_t>(q.int64(0));
    const std::string kind = q.text(1);
    r.kind = station::request_kind_from_name(kind).value_or(K::kMark);
    r.duration_ns = q.int64(2);
    r.marker = processing::Marker::with_label(q.text(4));
    r.marker.t_ns = q.int64(3);
    r.block = q.is_null(5) ? -1 : static_cast<std::int32_t>(q.int64(5));
    r.feedback_pct = q.real(6);
    out.push_back(r);
  }
  return out;
}

void SessionReader::for_each(
    const std::function<void(const SampleItem&)>& item,
    const std::function<void(const station::AppliedRequest&)>& request) const {
  Db& db = impl_->db;
  const std::vector<station::AppliedRequest> recorded = requests();
  std::size_t next_request = 0;
  const auto requests_before = [&](std::uint64_t n) {
    while (next_request < recorded.size() && recorded[next_request].before_item <= n) {
      request(recorded[next_request++]);
    }
  };
  Stmt q(db, "SELECT id, first_item, items, data FROM chunks ORDER BY first_item");
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    std::uint64_t n = static_cast<std::uint64_t>(q.int64(1));
    const auto expected = static_cast<std::uint64_t>(q.int64(2));
    ChunkDecoder decoder(q.blob(3));
    std::uint64_t decoded = 0;
    while (const auto it = decoder.next()) {
      requests_before(n);
      item(*it);
      ++n;
      ++decoded;
    }
    if (!decoder.error().empty() || decoded != expected) {
      throw SessionError(db.path() + ": chunk " + std::to_string(q.int64(0)) + " is damaged (" +
                         (decoder.error().empty() ? std::to_string(decoded) + " of " +
                                                        std::to_string(expected) + " items"
                                                  : decoder.error()) +
                         "); the items before it are good");
    }
  }
  if (rc != SQLITE_DONE) db.fail("cannot read the samples (damaged file?)");
  requests_before(UINT64_MAX);
}

void replay_session(const SessionReader& reader, const processing::GaitEngineConfig& config,
                    processing::GaitSink& sink) {
  processing::GaitEngineConfig c = config;
  if (!c.initial_baseline) c.initial_baseline = reader.initial_baseline();
  if (!c.initial_step_baseline) c.initial_step_baseline = reader.initial_step_baseline();
  auto engine = std::make_unique<processing::GaitEngine>(c);  // ≈ 1 MB: heap
  reader.for_each([&](const SampleItem& item) { engine->process(item, sink); },
                  [&](const station::AppliedRequest& r) { station::apply_request(r, *engine); });
  engine->process(SampleItem{EndOfStream{}}, sink);
}

}  // namespace stridecue::session
