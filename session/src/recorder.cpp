#include "stridecue/session/recorder.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <string_view>
#include <variant>

#include <spdlog/spdlog.h>

#include "schema.hpp"
#include "sqlite.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/session/sample_codec.hpp"

namespace stridecue::session {

namespace {

using detail::Db;
using detail::Stmt;

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr TimeNs kHealthEvery = kNsPerS;

std::string_view side_text(Side s) {
  return side_name(s);
}

const char* gap_reason(StreamGap::Reason r) {
  switch (r) {
    case StreamGap::Reason::kCounterGap:
      return "counter_gap";
    case StreamGap::Reason::kDisconnected:
      return "disconnected";
    case StreamGap::Reason::kRecordingOverflow:
      break;
  }
  return "recording_overflow";
}

double sym_si(const processing::SymmetrySnapshot& s, std::string_view name) {
  for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
    if (processing::kSymVarNames[i] == name) return s.vars[i].si_pct;
  }
  return processing::kNaN;
}

}  // namespace

std::string new_session_id() {
  std::array<std::uint8_t, 16> b{};
  std::ifstream rnd("/dev/urandom", std::ios::binary);
  rnd.read(reinterpret_cast<char*>(b.data()), b.size());
  if (!rnd) throw SessionError("/dev/urandom: cannot read random bytes for a session id");
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[b[i] >> 4];
    id += kHex[b[i] & 15];
  }
  return id;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The open file and its prepared statements; recorder thread only (after construction).
struct SessionRecorder::Writer {
  explicit Writer(const std::string& path) : db(path, true, false) {}

  Db db;
  std::unique_ptr<Stmt> chunk, request, gap, step, cue, symmetry, event, health, block_start,
      block_end, meta, baseline, step_baseline, adherence, cue_plan, preset;
  std::vector<std::uint8_t> buffer;  // the open chunk
  std::uint64_t next_item = 0;       // number of the next item (as processing counted them)
  std::uint64_t chunk_first = 0, chunk_items = 0;
  TimeNs chunk_t_first = 0, chunk_t_last = 0;
  bool in_transaction = false;

  void prepare() {
    chunk = std::make_unique<Stmt>(
        db, "INSERT INTO chunks(first_item, items, t_first_ns, t_last_ns, data) VALUES(?,?,?,?,?)");
    request = std::make_unique<Stmt>(
        db,
        "INSERT INTO requests(before_item, kind, duration_ns, t_ns, label, block, value) "
        "VALUES(?,?,?,?,?,?,?)");
    gap =
        std::make_unique<Stmt>(db, "INSERT INTO gaps(t_ns, device, lost, reason) VALUES(?,?,?,?)");
    step = std::make_unique<Stmt>(
        db,
        "INSERT INTO steps VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
        "?,?)");
    cue = std::make_unique<Stmt>(db, "INSERT INTO cues VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    cue_plan = std::make_unique<Stmt>(db, "INSERT INTO cue_plans VALUES(?,?,?,?,?,?)");
    adherence = std::make_unique<Stmt>(db, "INSERT INTO adherence VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    step_baseline = std::make_unique<Stmt>(db, "INSERT INTO step_baselines VALUES(?,?,?,?,?,?,?)");
    preset = std::make_unique<Stmt>(db, "INSERT INTO presets VALUES(?,?,?)");
    symmetry = std::make_unique<Stmt>(db, "INSERT INTO symmetry VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    event = std::make_unique<Stmt>(db, "INSERT INTO events VALUES(?,?,?,?)");
    health = std::make_unique<Stmt>(db, "INSERT INTO health VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    block_start = std::make_unique<Stmt>(
        db, "INSERT INTO blocks(idx, kind, name, t_start_ns) VALUES(?,?,?,?)");
    block_end = std::make_unique<Stmt>(
        db, "UPDATE blocks SET t_end_ns = ?, why_ended = ? WHERE idx = ? AND t_end_ns IS NULL");
    meta = std::make_unique<Stmt>(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    baseline = std::make_unique<Stmt>(db, "INSERT INTO baselines VALUES(?,?,?,?,?,?,?,?)");
  }

  /// One row per variable of a baseline.
  bool put_baseline(TimeNs t_ns, std::string_view origin, const processing::SymmetryBaseline& b) {
    for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
      baseline->bind(1, t_ns)
          .bind(2, origin)
          .bind(3, processing::kSymVarNames[i])
          .bind(4, b.mean_l[i])
          .bind(5, b.mean_r[i])
          .bind(6, static_cast<std::int64_t>(b.n_l[i]))
          .bind(7, static_cast<std::int64_t>(b.n_r[i]))
          .bind(8, std::string_view(b.lr_method.data()));
      if (!run(*baseline)) return false;
    }
    return true;
  }

  /// One row per metric and side with values.
  bool put_step_baseline(TimeNs t_ns, std::string_view origin, const processing::StepBaseline& b) {
    for (std::size_t m = 0; m < processing::kStepMetricCount; ++m) {
      for (std::size_t k = 0; k < 2; ++k) {
        const processing::StepStat& st = b.stats[m][k];
        if (st.n == 0) continue;
        step_baseline->bind(1, t_ns)
            .bind(2, origin)
            .bind(3, processing::kStepMetricNames[m])
            .bind(4, std::string_view(k == 0 ? "L" : "R"))
            .bind(5, st.mean)
            .bind(6, st.sd)
            .bind(7, static_cast<std::int64_t>(st.n));
        if (!run(*step_baseline)) return false;
      }
    }
    return true;
  }

  /// Runs a prepared insert; false (and the statement reset) on failure.
  static bool run(Stmt& s) {
    const int rc = s.step();
    s.reset();
    return rc == SQLITE_DONE;
  }

  bool put_meta(std::string_view key, std::string_view value) {
    meta->bind(1, key).bind(2, value);
    return run(*meta);
  }

  bool flush_chunk() {
    if (chunk_items == 0) return true;
    chunk->bind(1, static_cast<std::int64_t>(chunk_first))
        .bind(2, static_cast<std::int64_t>(chunk_items))
        .bind(3, chunk_t_first)
        .bind(4, chunk_t_last)
        .bind_blob(5, buffer);
    const bool ok = run(*chunk);
    buffer.clear();
    chunk_items = 0;
    return ok;
  }

  bool add_item(const SampleItem& item) {
    if (const auto* g = std::get_if<StreamGap>(&item)) {
      gap->bind(1, g->t_ns)
          .bind(2, static_cast<std::int64_t>(g->device))
          .bind(3, static_cast<std::int64_t>(g->lost_samples))
          .bind(4, gap_reason(g->reason));
      if (!run(*gap)) return false;
      // Items that never reached the recorder still had their numbers in processing.
      if (g->reason == StreamGap::Reason::kRecordingOverflow) {
        if (!flush_chunk()) return false;
        next_item += g->lost_samples;
        return true;
      }
    }
    if (chunk_items == 0) {
      chunk_first = next_item;
      chunk_t_first = item_time_ns(item);
    }
    if (!encode_item(item, buffer)) return true;
    chunk_t_last = item_time_ns(item);
    ++chunk_items;
    ++next_item;
    return buffer.size() < kChunkBytes || flush_chunk();
  }

  bool add_step(const processing::StepResult& s) {
    Stmt& q = *step;
    q.bind(1, static_cast<std::int64_t>(s.index))
        .bind(2, side_text(s.side))
        .bind(3, std::string_view(processing::side_source_name(s.side_source)))
        .bind(4, static_cast<std::int64_t>(s.plate))
        .bind(5, s.t_ic_ns)
        .bind(6, s.t_to_ns)
        .bind(7, s.t_peak_ns);
    int i = 8;
    for (const double v : {s.contact_ms, s.flight_ms, s.step_ms, s.stride_ms, s.cadence_spm,
                           s.peak_vgrf_bw, s.impact_peak_bw, s.valr_bw_s}) {
      q.bind(i++, v);
    }
    q.bind(i++, std::string_view(s.loading_rate_method.data()));
    for (const double v :
         {s.vilr_bw_s, s.impulse_bw_s, s.braking_impulse_bw_s, s.propulsive_impulse_bw_s, s.cop_y_m,
          s.cop_progression_m, s.free_moment_peak_nm, s.zero_offset_n}) {
      q.bind(i++, v);
    }
    q.bind(i++, static_cast<std::int64_t>(s.across_belts ? 1 : 0));
    const processing::PelvisStepMetrics& m = s.pelvis;
    for (const double v : {m.pelvic_drop_deg, m.pelvic_drop_static_deg, m.tilt_mean_deg,
                           m.tilt_peak_deg, m.late_stance_tilt_gain_deg, m.obliquity_range_deg,
                           m.tilt_range_deg, m.rotation_range_deg}) {
      q.bind(i++, v);
    }
    q.bind(i++, static_cast<std::int64_t>(m.flags));
    return run(q);
  }

  bool add_event(TimeNs t_ns, std::string_view kind, int ok, std::string_view detail) {
    event->bind(1, t_ns).bind(2, kind).bind(3, static_cast<std::int64_t>(ok)).bind(4, detail);
    return run(*event);
  }

  bool add(const station::GaitEvent& e) {
    using namespace processing;
    if (const auto* s = std::get_if<StepResult>(&e)) return add_step(*s);
    if (const auto* c = std::get_if<Cue>(&e)) {
      cue->bind(1, c->t_ns)
          .bind(2, std::string_view(c->text_c()))
          .bind(3, std::string_view(c->metric))
          .bind(4, c->value)
          .bind(5, static_cast<std::int64_t>(c->window_steps))
          .bind(6, side_text(c->side))
          .bind(7, std::string_view(c->kind == CueKind::kPraise ? "praise" : "correction"))
          .bind(8, std::string_view(c->rule_c()))
          .bind(9, static_cast<std::int64_t>(c->block))
          .bind(10, static_cast<std::int64_t>(c->symmetry))
          .bind(11, c->target_low)
          .bind(12, c->target_high)
          .bind(13, static_cast<std::int64_t>(c->modalities));
      return run(*cue);
    }
    if (const auto* a = std::get_if<CueAdherence>(&e)) {
      adherence->bind(1, a->t_ns)
          .bind(2, static_cast<std::int64_t>(a->block))
          .bind(3, std::string_view(a->rule_c()))
          .bind(4, std::string_view(a->metric))
          .bind(5, static_cast<std::int64_t>(a->judged))
          .bind(6, static_cast<std::int64_t>(a->inside))
          .bind(7, static_cast<std::int64_t>(a->cues))
          .bind(8, static_cast<std::int64_t>(a->praises))
          .bind(9, static_cast<std::int64_t>(a->withheld));
      if (a->first_cue_ns >= 0) {
        adherence->bind(10, a->first_cue_ns);
      } else {
        adherence->bind_null(10);
      }
      if (a->first_success_ns >= 0) {
        adherence->bind(11, a->first_success_ns);
      } else {
        adherence->bind_null(11);
      }
      adherence->bind(12, static_cast<std::int64_t>(a->final));
      return run(*adherence);
    }
    if (const auto* p = std::get_if<CuePlanEvent>(&e)) {
      cue_plan->bind(1, p->t_ns)
          .bind(2, static_cast<std::int64_t>(p->block))
          .bind(3, std::string_view(p->preset_c()))
          .bind(4, schedule_kind_name(p->schedule))
          .bind(5, p->feedback_pct)
          .bind(6, p->metronome_spm);
      return run(*cue_plan);
    }
    if (const auto* u = std::get_if<SymmetryUpdate>(&e)) {
      symmetry->bind(1, u->t_ns)
          .bind(2, static_cast<std::int64_t>(u->step_index))
          .bind(3, std::string_view(u->cue_metric))
          .bind(4, u->cue_si_pct)
          .bind(5, static_cast<std::int64_t>(u->cue_window_steps))
          .bind(6, u->cue_threshold_pct)
          .bind(7, static_cast<std::int64_t>(u->snapshot.window_full))
          .bind(8, static_cast<std::int64_t>(u->snapshot.has_baseline))
          .bind(9, sym_si(u->snapshot, "peak_vgrf_bw"))
          .bind(10, sym_si(u->snapshot, "contact_ms"))
          .bind(11, sym_si(u->snapshot, "valr_bw_s"))
          .bind(12, sym_si(u->snapshot, "impulse_bw_s"));
      return run(*symmetry);
    }
    if (const auto* b = std::get_if<BaselineEvent>(&e)) {
      const std::string detail = std::string(baseline_event_name(b->kind)) +
                                 (b->automatic ? " (automatic)" : "") + ", steps L " +
                                 std::to_string(b->steps_l) + " R " + std::to_string(b->steps_r) +
                                 (*b->reason ? std::string(": ") + b->reason : std::string());
      if (b->kind == BaselineEvent::Kind::kEnded &&
          (!put_baseline(b->t_ns, "set", b->baseline) ||
           !put_step_baseline(b->t_ns, "set", b->step_baseline))) {
        return false;
      }
      return add_event(b->t_ns, "baseline", b->kind != BaselineEvent::Kind::kRefused, detail);
    }
    if (const auto* t = std::get_if<TareResult>(&e)) {
      char detail[160];
      std::snprintf(detail, sizeof detail, "Fz zero %.1f N / %.1f N%s%s", t->fz_offset_n[0],
                    t->fz_offset_n[1], *t->reason ? ": " : "", t->reason);
      return add_event(t->t_ns, "tare", t->ok, detail);
    }
    if (const auto* c = std::get_if<StaticCalibration>(&e)) {
      char detail[200];
      std::snprintf(detail, sizeof detail, "|g| %.2f m/s2, gyro SD %.3f rad/s, %u samples%s%s",
                    c->gravity_mps2, c->gyro_sd_rads, c->samples, *c->reason ? ": " : "",
                    c->reason);
      return add_event(c->t_ns, "pelvis_calibration", c->ok, detail);
    }
    if (const auto* p = std::get_if<PelvisConfidence>(&e)) {
      return add_event(-1, "pelvis_status", (p->flags == 0), p->summary());
    }
    if (const auto* a = std::get_if<GaitAlarm>(&e)) {
      return add_event(a->t_ns, a->active ? "alarm" : "alarm_cleared", !a->active, a->text);
    }
    if (const auto* m = std::get_if<Marker>(&e))
      return add_event(m->t_ns, "marker", 1, m->label_view());
    if (const auto* l = std::get_if<station::GaitEventsLost>(&e)) {
      gap->bind(1, l->t_ns)
          .bind_null(2)
          .bind(3, static_cast<std::int64_t>(l->count))
          .bind(4, std::string_view("events_lost"));
      return run(*gap);
    }
    if (const auto* r = std::get_if<station::AppliedRequest>(&e)) {
      request->bind(1, static_cast<std::int64_t>(r->before_item))
          .bind(2, station::request_kind_name(r->kind))
          .bind(3, r->duration_ns)
          .bind(4, r->marker.t_ns);
      const bool labelled = r->kind == station::AppliedRequest::Kind::kMark ||
                            r->kind == station::AppliedRequest::Kind::kCues;
      if (labelled) {
        request->bind(5, r->marker.label_view());
      } else {
        request->bind_null(5);
      }
      if (r->kind == station::AppliedRequest::Kind::kCues) {
        request->bind(6, static_cast<std::int64_t>(r->block)).bind(7, r->feedback_pct);
      } else {
        request->bind_null(6).bind_null(7);
      }
      return run(*request);
    }
    return true;
  }
};

SessionRecorder::SessionRecorder(const std::filesystem::path& file, SessionMeta meta,
                                 station::RecordingQueues& queues, HealthFn health)
    : file_(file), meta_(std::move(meta)), queues_(queues), health_(std::move(health)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (file.has_parent_path()) {
    // Owner only: a session is a clinical record (the folder 0700, every file 0600).
    const mode_t old_mask = ::umask(077);
    fs::create_directories(file.parent_path(), ec);
    ::umask(old_mask);
    if (ec) {
      throw SessionError(file.parent_path().string() + ": cannot create the session folder: " +
                         ec.message() + "; check the path and its permissions");
    }
  }
  if (fs::exists(file, ec)) {
    throw SessionError(file.string() +
                       ": a session file is already there; sessions are never "
                       "overwritten (give another name, or delete it first)");
  }
  // The database and the -wal and -shm files SQLite creates beside it: owner only.
  const mode_t old_mask = ::umask(077);
  try {
    writer_ = std::make_unique<Writer>(file.string());
  } catch (...) {
    ::umask(old_mask);
    throw;
  }
  ::umask(old_mask);
  Db& db = writer_->db;
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
  db.exec("BEGIN");
  db.exec(detail::kSchemaV2);
  db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
  writer_->prepare();
  bool ok = true;
  for (const auto& [key, value] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"id", &meta_.id},
           {"station", &meta_.station},
           {"started_utc", &meta_.started_utc},
           {"software", &meta_.software},
           {"subject", &meta_.subject},
           {"protocol", &meta_.protocol},
           {"kind", &meta_.kind},
           {"settings_yaml", &meta_.settings_yaml},
           {"settings_sources", &meta_.settings_sources}}) {
    ok = ok && writer_->put_meta(key, *value);
  }
  if (meta_.initial_baseline) {
    ok = ok && writer_->put_baseline(-1, "restored from " + meta_.initial_baseline_from,
                                     *meta_.initial_baseline);
  }
  if (meta_.initial_step_baseline) {
    ok = ok && writer_->put_step_baseline(-1, "restored from " + meta_.initial_baseline_from,
                                          *meta_.initial_step_baseline);
  }
  for (const SessionMeta::PresetText& p : meta_.presets) {
    writer_->preset->bind(1, std::string_view(p.name))
        .bind(2, std::string_view(p.source))
        .bind(3, std::string_view(p.yaml));
    ok = ok && Writer::run(*writer_->preset);
  }
  if (!ok) db.fail("cannot write the session's description");
  db.exec("COMMIT");
  ::chmod(file.c_str(), 0600);
}

SessionRecorder::~SessionRecorder() {
  stop();
}

void SessionRecorder::start() {
  if (thread_.joinable() || stopped_) return;
  thread_ = std::thread([this] { run(); });
}

void SessionRecorder::stop() {
  if (stopped_) return;
  stopped_ = true;
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  } else {
    cycle(true);
  }
  if (ok_) {
    Db& db = writer_->db;
    if (!writer_->put_meta("ended_utc", utc_now())) fail("cannot write the end of the session");
    if (ok_ && writer_->in_transaction && db.try_exec("COMMIT") != SQLITE_OK) {
      fail("cannot commit the end of the session");
    }
    writer_->in_transaction = false;
    db.try_exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  writer_.reset();  // closes the file
}

std::string SessionRecorder::problem() const {
  std::lock_guard lock(mutex_);
  return problem_;
}

void SessionRecorder::block_started(int index, const std::string& kind, const std::string& name,
                                    TimeNs t_ns) {
  std::lock_guard lock(mutex_);
  blocks_.push_back({index, kind, name, t_ns, -1, ""});
}

void SessionRecorder::block_ended(int index, TimeNs t_ns, const std::string& why) {
  std::lock_guard lock(mutex_);
  blocks_.push_back({index, "", "", -1, t_ns, why});
}

void SessionRecorder::fail(const std::string& what) {
  if (!ok_) return;
  const std::string why = writer_ ? writer_->db.message() : std::string();
  const bool full = why.find("full") != std::string::npos || errno == ENOSPC || errno == EFBIG;
  std::string text = "Recording stopped: " + what + " in " + file_.string() + " (" + why + ")";
  text += full ? "; the disk is full: free space for the next session. " : "; check the drive. ";
  text += "Everything committed before is kept; live feedback goes on.";
  {
    std::lock_guard lock(mutex_);
    problem_ = text;
  }
  ok_ = false;
  spdlog::error("{}", text);
}

void SessionRecorder::run() {
  while (!stop_) {
    cycle(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  cycle(true);
}

void SessionRecorder::cycle(bool final) {
  Writer& w = *writer_;
  const TimeNs now = steady_now_ns();
  TimeNs& last_commit = last_commit_ns_;
  TimeNs& last_health = last_health_ns_;
  if (last_commit == 0) last_commit = last_health = now;
  // A failed recorder still drains, so the queues never look stalled.
  SampleItem item;
  station::GaitEvent event;
  if (!ok_) {
    while (queues_.samples.try_pop(item)) {
    }
    while (queues_.events.try_pop(event)) {
    }
    return;
  }
  if (!w.in_transaction) {
    if (w.db.try_exec("BEGIN") != SQLITE_OK) return fail("cannot start a transaction");
    w.in_transaction = true;
  }
  bool ok = true;
  while (ok && queues_.samples.try_pop(item)) ok = w.add_item(item);
  while (ok && queues_.events.try_pop(event)) ok = w.add(event);
  std::vector<BlockRow> blocks;
  {
    std::lock_guard lock(mutex_);
    blocks.swap(blocks_);
  }
  for (const BlockRow& b : blocks) {
    if (!ok) break;
    if (b.t_start_ns >= 0) {
      w.block_start->bind(1, static_cast<std::int64_t>(b.index))
          .bind(2, std::string_view(b.kind))
          .bind(3, std::string_view(b.name))
          .bind(4, b.t_start_ns);
      ok = Writer::run(*w.block_start);
    } else {
      w.block_end->bind(1, b.t_end_ns)
          .bind(2, std::string_view(b.why_ended))
          .bind(3, static_cast<std::int64_t>(b.index));
      ok = Writer::run(*w.block_end);
    }
  }
  if (ok && health_ && (final || now - last_health >= kHealthEvery)) {
    last_health = now;
    for (const HealthRow& h : health_()) {
      w.health->bind(1, now)
          .bind(2, static_cast<std::int64_t>(h.device))
          .bind(3, std::string_view(h.name))
          .bind(4, std::string_view(h.state));
      int i = 5;
      for (const std::uint64_t v : {h.frames, h.samples, h.crc_errors, h.other_errors,
                                    h.counter_gaps, h.lost_samples, h.reconnects}) {
        w.health->bind(i++, static_cast<std::int64_t>(v));
      }
      w.health->bind(12, std::string_view(h.identity));
      ok = ok && Writer::run(*w.health);
    }
  }
  if (!ok) return fail("cannot write");
  if (final || now - last_commit >= kCommitEvery) {
    if (!w.flush_chunk()) return fail("cannot write samples");
    if (w.db.try_exec("COMMIT") != SQLITE_OK) return fail("cannot commit");
    w.in_transaction = false;
    last_commit = now;
    committed_items_.store(w.next_item);
  }
}

}  // namespace stridecue::session
