// Session files: what the processing thread took is recorded and replays to the very same steps
// and cues; other settings give what `analyze` gives; a kill at any moment loses at most the
// last 250 ms and never corrupts the file; a full disk stops the recording, not the feedback;
// files that are not sessions, damaged or from a newer StrideCue are refused by name.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <span>
#include <thread>
#include <variant>
#include <vector>

#include "simulated_recording.hpp"
#include "stridecue/offline/analysis.hpp"
#include "stridecue/session/reader.hpp"
#include "stridecue/session/recorder.hpp"
#include "stridecue/sim/runner.hpp"
#include "stridecue/station/processing_loop.hpp"

using namespace stridecue;
using namespace stridecue::session;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Recording = test_support::SimulatedRecording;

Recording record(double seconds) {
  return test_support::simulated_recording(seconds, 23);
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("stridecue-session-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

SessionMeta meta_for(const std::string& kind) {
  SessionMeta m;
  m.id = new_session_id();
  m.station = "test-station";
  m.started_utc = utc_now();
  m.software = "stridecue test";
  m.kind = kind;
  return m;
}

processing::GaitEngineConfig engine_config() {
  processing::GaitEngineConfig c;
  c.baseline = {8.0, 8.0};
  c.cue.threshold_pct = 8.0;
  return c;
}

/// What a sink saw.
struct Collect final : processing::GaitSink {
  std::vector<processing::StepResult> steps;
  std::vector<processing::Cue> cues;
  std::vector<processing::Marker> markers;
  void on_step(const processing::StepResult& s) override { steps.push_back(s); }
  void on_cue(const processing::Cue& c) override { cues.push_back(c); }
  void on_marker(const processing::Marker& m) override { markers.push_back(m); }
};

void expect_same(const std::vector<processing::StepResult>& a,
                 const std::vector<processing::StepResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].side, b[i].side) << i;
    EXPECT_EQ(a[i].t_ic_ns, b[i].t_ic_ns) << i;
    EXPECT_EQ(a[i].t_to_ns, b[i].t_to_ns) << i;
    EXPECT_EQ(a[i].peak_vgrf_bw, b[i].peak_vgrf_bw) << i;
    EXPECT_EQ(a[i].impulse_bw_s, b[i].impulse_bw_s) << i;
    const double da = a[i].pelvis.pelvic_drop_deg, db = b[i].pelvis.pelvic_drop_deg;
    EXPECT_TRUE(da == db || (std::isnan(da) && std::isnan(db))) << i;
  }
}

/// Records `rec` through a processing loop (the live path) with requests from "the clinician"
/// midway, and returns what the loop emitted live.
Collect record_live(const Recording& rec, const processing::GaitEngineConfig& cfg,
                    const fs::path& file) {
  acquisition::SampleQueue unused(16);
  station::LiveOutputs display;
  station::RecordingQueues queues;
  station::ProcessingLoop loop(unused, cfg, display, &queues);
  SessionRecorder recorder(file, meta_for("test"), queues);
  recorder.start();
  std::size_t fi = 0, ii = 0, n = 0;
  while (fi < rec.frames.size() || ii < rec.imu.size()) {
    if (n == 4000) loop.request_tare(200 * kNsPerMs);  // while standing
    if (n == 9000) loop.mark("right knee sore, 3/10");
    ++n;
    if (ii < rec.imu.size() &&
        (fi == rec.frames.size() || rec.imu[ii].t_ns <= rec.frames[fi].t_ns)) {
      loop.process(SampleItem{rec.imu[ii++]});
    } else {
      loop.process(SampleItem{rec.frames[fi++]});
    }
    if (n % 2000 == 0) std::this_thread::yield();
  }
  loop.process(SampleItem{EndOfStream{}});
  recorder.stop();
  EXPECT_TRUE(recorder.ok()) << recorder.problem();
  Collect live;
  processing::StepResult s;
  while (display.steps.pop(s)) live.steps.push_back(s);
  processing::Cue c;
  while (display.cues.pop(c)) live.cues.push_back(c);
  return live;
}

}  // namespace

TEST(Session, AReplayWithTheRecordedSettingsReproducesTheLiveStepsAndCuesExactly) {
  const fs::path dir = temp_dir("replay");
  const fs::path file = dir / "s.stridecue";
  const Recording rec = record(40.0);
  const auto cfg = engine_config();
  const Collect live = record_live(rec, cfg, file);
  ASSERT_GT(live.steps.size(), 80u);
  ASSERT_FALSE(live.cues.empty());

  SessionReader reader(file);
  EXPECT_EQ(reader.integrity(), "ok");
  const SessionSummary sum = reader.summary();
  EXPECT_EQ(sum.items, rec.frames.size() + rec.imu.size());
  EXPECT_EQ(sum.steps, live.steps.size());
  EXPECT_EQ(sum.cues, live.cues.size());
  EXPECT_EQ(sum.requests, 2u);
  EXPECT_EQ(sum.markers, 1u);
  EXPECT_FALSE(sum.meta.ended_utc.empty());
  expect_same(reader.steps(), live.steps);

  Collect replayed;
  replay_session(reader, cfg, replayed);
  expect_same(replayed.steps, live.steps);
  ASSERT_EQ(replayed.cues.size(), live.cues.size());
  for (std::size_t i = 0; i < live.cues.size(); ++i) {
    EXPECT_EQ(replayed.cues[i].t_ns, live.cues[i].t_ns);
    EXPECT_EQ(replayed.cues[i].value, live.cues[i].value);
  }
  ASSERT_EQ(replayed.markers.size(), 1u);
  EXPECT_EQ(replayed.markers[0].label_view(), "right knee sore, 3/10");
  fs::remove_all(dir);
}

TEST(Session, AReplayWithOtherThresholdsGivesWhatAnalyzeGivesOnTheSameData) {
  const fs::path dir = temp_dir("rethreshold");
  const fs::path file = dir / "s.stridecue";
  const Recording rec = record(30.0);
  record_live(rec, engine_config(), file);

  processing::GaitEngineConfig other = engine_config();
  other.force.thresholds.on_n = 80;
  other.force.thresholds.off_n = 50;
  other.cue.threshold_pct = 5;
  Collect replayed;
  replay_session(SessionReader(file), other, replayed);
  // analyze applies no tare; the recorded one is a request, so compare without it.
  const offline::AnalysisResult analyzed = offline::analyze_recording(rec.frames, rec.imu, other);
  ASSERT_EQ(replayed.steps.size(), analyzed.steps.size());
  for (std::size_t i = 0; i < analyzed.steps.size(); ++i) {
    EXPECT_EQ(replayed.steps[i].t_ic_ns, analyzed.steps[i].t_ic_ns) << i;
    EXPECT_EQ(replayed.steps[i].side, analyzed.steps[i].side) << i;
    EXPECT_NEAR(replayed.steps[i].peak_vgrf_bw, analyzed.steps[i].peak_vgrf_bw, 0.01) << i;
  }
  fs::remove_all(dir);
}

TEST(Session, FilesAndTheirFolderAreTheOwnersOnly) {
  const fs::path dir = temp_dir("perms");
  const fs::path file = dir / "lib" / "s.stridecue";
  station::RecordingQueues queues(64, 64);
  {
    SessionRecorder recorder(file, meta_for("test"), queues);
    recorder.start();
    recorder.stop();
  }
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(file.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  // Never overwritten.
  EXPECT_THROW(SessionRecorder(file, meta_for("test"), queues), SessionError);
  fs::remove_all(dir);
}

TEST(Session, NotASessionADamagedOneOrANewerOneIsRefusedByName) {
  const fs::path dir = temp_dir("bad");
  const auto error_of = [](const fs::path& f) -> std::string {
    try {
      SessionReader r(f);
      r.summary();
      Collect c;
      replay_session(r, engine_config(), c);
    } catch (const SessionError& e) {
      return e.what();
    }
    return "(opened)";
  };
  EXPECT_NE(error_of(dir / "nope.stridecue").find("no such session file"), std::string::npos);
  { std::ofstream(dir / "text.stridecue") << "station: lab\n"; }
  EXPECT_NE(error_of(dir / "text.stridecue").find("text.stridecue: not a StrideCue session file"),
            std::string::npos)
      << error_of(dir / "text.stridecue");

  // A real session, then damaged: truncated mid-file, and a newer schema.
  const fs::path good = dir / "good.stridecue";
  record_live(record(12.0), engine_config(), good);
  const auto size = fs::file_size(good);
  fs::copy_file(good, dir / "cut.stridecue");
  fs::resize_file(dir / "cut.stridecue", size / 2);
  const std::string cut = error_of(dir / "cut.stridecue");
  EXPECT_NE(cut.find("cut.stridecue"), std::string::npos) << cut;
  EXPECT_NE(cut, "(opened)");

  fs::copy_file(good, dir / "newer.stridecue");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "newer.stridecue").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_NE(error_of(dir / "newer.stridecue").find("written by a newer StrideCue (schema 99"),
            std::string::npos);

  // A chunk whose bytes were overwritten: named, with the items before it kept.
  fs::copy_file(good, dir / "chunk.stridecue");
  ASSERT_EQ(sqlite3_open((dir / "chunk.stridecue").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "UPDATE chunks SET data = X'46FFFF' WHERE id = 3", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string chunk = error_of(dir / "chunk.stridecue");
  EXPECT_NE(chunk.find("chunk 3 is damaged"), std::string::npos) << chunk;
  fs::remove_all(dir);
}

namespace {

/// The child of the kill test: records items made in real time (3 per ms, as two 2 kHz plates
/// and a 1 kHz IMU would) until killed; each item's production time goes to shared memory
/// before the item is queued.
[[noreturn]] void produce_until_killed(const fs::path& file, TimeNs* produced_at,
                                       std::size_t capacity) {
  station::RecordingQueues queues;
  SessionRecorder recorder(file, meta_for("kill"), queues);
  recorder.start();
  for (std::size_t i = 0; i < capacity; ++i) {
    ForceFrame f;
    f.n_plates = 2;
    f.counter = static_cast<std::uint32_t>(i);
    f.t_ns = steady_now_ns();
    f.plate[0].fz_n = static_cast<float>(i);
    produced_at[i] = f.t_ns;
    queues.push_sample(SampleItem{f}, f.t_ns);
    if (i % 3 == 2) std::this_thread::sleep_for(1ms);
  }
  std::_Exit(0);
}

}  // namespace

TEST(Session, AKillAtAnyMomentLosesAtMostTheLast250msAndNeverCorruptsTheFile) {
  const fs::path dir = temp_dir("kill");
  constexpr std::size_t kCapacity = 1 << 16;
  auto* produced_at =
      static_cast<TimeNs*>(::mmap(nullptr, kCapacity * sizeof(TimeNs), PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(produced_at, MAP_FAILED);
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> wait_ms(150, 1200);
  for (int round = 0; round < 22; ++round) {
    std::fill(produced_at, produced_at + kCapacity, TimeNs{0});
    const fs::path file = dir / ("kill-" + std::to_string(round) + ".stridecue");
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) produce_until_killed(file, produced_at, kCapacity);
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms(rng)));
    const TimeNs killed_at = steady_now_ns();
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round;

    if (!fs::exists(file)) continue;  // killed before the file was created: nothing to lose
    SessionReader reader(file);
    EXPECT_EQ(reader.integrity(), "ok") << "round " << round;
    // Items in order, none missing, every one produced ≥ 250 ms before the kill present.
    std::uint32_t next = 0;
    reader.for_each(
        [&](const SampleItem& item) {
          const auto& f = std::get<ForceFrame>(item);
          EXPECT_EQ(f.counter, next) << "round " << round;
          EXPECT_EQ(f.plate[0].fz_n, static_cast<float>(next));
          ++next;
        },
        [](const station::AppliedRequest&) {});
    for (std::size_t i = next; i < kCapacity && produced_at[i] != 0; ++i) {
      ASSERT_GT(produced_at[i], killed_at - 250 * kNsPerMs)
          << "round " << round << ": item " << i << " was produced "
          << ns_to_ms(killed_at - produced_at[i]) << " ms before the kill and is missing (" << next
          << " recorded)";
    }
  }
  ::munmap(produced_at, kCapacity * sizeof(TimeNs));
  fs::remove_all(dir);
}

TEST(Session, AFullDiskStopsTheRecordingWithAnAlarmWhileFeedbackGoesOnAndTheFileStaysReadable) {
  const fs::path dir = temp_dir("full");
  const fs::path file = dir / "full.stridecue";
  const Recording rec = record(30.0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A file-size limit stands in for a full disk: writes past it fail with EFBIG.
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{2 << 20, 2 << 20};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    acquisition::SampleQueue unused(16);
    station::LiveOutputs display;
    station::RecordingQueues queues;
    station::ProcessingLoop loop(unused, engine_config(), display, &queues);
    SessionRecorder recorder(file, meta_for("full"), queues);
    recorder.start();
    std::size_t fi = 0, ii = 0;
    while (fi < rec.frames.size() || ii < rec.imu.size()) {
      if (ii < rec.imu.size() &&
          (fi == rec.frames.size() || rec.imu[ii].t_ns <= rec.frames[fi].t_ns)) {
        loop.process(SampleItem{rec.imu[ii++]});
      } else {
        loop.process(SampleItem{rec.frames[fi++]});
      }
      if ((fi + ii) % 50 == 0) std::this_thread::sleep_for(1ms);  // ≈ 20× real time
    }
    loop.process(SampleItem{EndOfStream{}});
    recorder.stop();
    // Exit codes: 0 as expected; 2 the recording did not stop; 3 no alarm; 4 feedback stopped.
    if (recorder.ok()) std::_Exit(2);
    if (recorder.problem().find("the disk is full") == std::string::npos) std::_Exit(3);
    if (loop.steps() < 40) std::_Exit(4);
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  SessionReader reader(file);
  EXPECT_EQ(reader.integrity(), "ok");
  const SessionSummary sum = reader.summary();
  EXPECT_GT(sum.items, 1000u);  // what was committed before the disk filled is kept
  std::uint64_t n = 0;
  reader.for_each([&](const SampleItem&) { ++n; }, [](const station::AppliedRequest&) {});
  EXPECT_EQ(n, sum.items);
  fs::remove_all(dir);
}

TEST(Session, TheRunnersBaselineIsSavedAndStartsTheNextSessionAndItsReplay) {
  const fs::path dir = temp_dir("baseline");
  const Recording rec = record(30.0);
  record_live(rec, engine_config(), dir / "first.stridecue");  // baseline block 8..16 s
  std::string from;
  const auto saved = SessionReader(dir / "first.stridecue").final_baseline(&from);
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(from, "set");
  EXPECT_GT(saved->n_l[0], 5u);
  EXPECT_TRUE(std::isfinite(saved->mean_l[0]));

  // The next session starts from it: its symmetry has a baseline from the first step.
  processing::GaitEngineConfig next = engine_config();
  next.baseline = {};
  next.initial_baseline = saved;
  struct FirstUpdate final : processing::GaitSink {
    std::optional<bool> has_baseline;
    void on_symmetry(const processing::SymmetryUpdate& u) override {
      if (!has_baseline) has_baseline = u.snapshot.has_baseline;
    }
  } live;
  {
    acquisition::SampleQueue unused(16);
    station::LiveOutputs display;
    station::RecordingQueues queues;
    station::ProcessingLoop loop(unused, next, display, &queues);
    SessionMeta meta = meta_for("test");
    meta.initial_baseline = saved;
    meta.initial_baseline_from = "first";
    SessionRecorder recorder(dir / "second.stridecue", meta, queues);
    recorder.start();
    for (const auto& f : rec.frames) loop.process(SampleItem{f});
    loop.process(SampleItem{EndOfStream{}});
    recorder.stop();
  }
  SessionReader second(dir / "second.stridecue");
  const auto restored = second.initial_baseline();
  ASSERT_TRUE(restored.has_value());
  for (std::size_t i = 0; i < saved->mean_l.size(); ++i) {
    const double a = restored->mean_l[i], b = saved->mean_l[i];
    EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << i;  // exactly, as saved
  }
  EXPECT_EQ(restored->n_r, saved->n_r);
  // A replay with the recorded settings (no baseline given) starts from it too.
  processing::GaitEngineConfig replay_cfg = next;
  replay_cfg.initial_baseline.reset();
  replay_session(second, replay_cfg, live);
  ASSERT_TRUE(live.has_baseline.has_value());
  EXPECT_TRUE(*live.has_baseline);
  fs::remove_all(dir);
}

namespace {
/// A preset for the cue tests: the right stance's 8° drop (above 6°) and the loading asymmetry.
processing::CuePreset cue_test_preset() {
  processing::CuePreset p;
  p.name = "test-hips";
  processing::CueRule hips;
  hips.name = "level-hips";
  hips.metric = processing::StepMetric::kPelvicDropDeg;
  hips.target.high = 6;
  hips.priority = 1;
  hips.words = "Level your hips";
  processing::CueRule even;
  even.name = "even-loading";
  even.value = processing::CueValueKind::kSymmetry;
  even.metric = processing::StepMetric::kPeakVgrfBw;
  even.target.high = 5;
  even.priority = 2;
  even.words = "Even out your steps";
  p.rules = {hips, even};
  p.min_gap_s = 1;
  return p;
}
}  // namespace

TEST(Session, CuesByBlockTheirAdherenceAndThePresetsAreRecordedAndReplayedExactly) {
  // A protocol's shape on the live path: no cues until the retraining block selects the preset
  // (by request, recorded), none after it; the baseline block gives the per-step reference.
  const fs::path dir = temp_dir("cues");
  const fs::path file = dir / "s.stridecue";
  const Recording rec = record(60.0);
  processing::GaitEngineConfig cfg = engine_config();
  cfg.baseline = {};
  cfg.cue_presets = {cue_test_preset()};
  cfg.initial_cue_preset = processing::CueEngine::kNoPreset;
  SessionMeta meta = meta_for("test");
  meta.presets = {{"test-hips", "test", "name: test-hips\n"}};

  acquisition::SampleQueue unused(16);
  station::LiveOutputs display;
  station::RecordingQueues queues;
  station::ProcessingLoop loop(unused, cfg, display, &queues);
  SessionRecorder recorder(file, meta, queues);
  recorder.start();
  std::size_t fi = 0, ii = 0;
  TimeNs retrain_ns = -1, post_ns = -1;
  std::vector<processing::Cue> live;
  const auto drain = [&] {
    processing::Cue c;
    while (display.cues.pop(c)) live.push_back(c);
  };
  while (fi < rec.frames.size() || ii < rec.imu.size()) {
    const bool imu =
        ii < rec.imu.size() && (fi == rec.frames.size() || rec.imu[ii].t_ns <= rec.frames[fi].t_ns);
    const TimeNs t = imu ? rec.imu[ii].t_ns : rec.frames[fi].t_ns;
    if (t >= s_to_ns(10.0) && fi == 10000) loop.begin_baseline();
    if (fi == 25000 && !imu) loop.end_baseline();
    if (fi == 25000 && !imu) {
      loop.select_cues(0, 3, processing::kNaN);
      retrain_ns = t;
    }
    if (fi == 50000 && !imu) {
      loop.select_cues(processing::CueEngine::kNoPreset, 4, processing::kNaN);
      post_ns = t;
    }
    loop.process(SampleItem{imu ? SampleItem{rec.imu[ii++]} : SampleItem{rec.frames[fi++]}});
    drain();
    if ((fi + ii) % 2000 == 0) std::this_thread::yield();
  }
  loop.process(SampleItem{EndOfStream{}});
  drain();
  recorder.stop();
  ASSERT_TRUE(recorder.ok()) << recorder.problem();
  ASSERT_FALSE(live.empty());
  bool hips = false;
  for (const auto& c : live) {
    EXPECT_GE(c.t_ns, retrain_ns);
    EXPECT_LT(c.t_ns, post_ns + s_to_ns(0.5));
    EXPECT_EQ(c.block, 3);
    if (std::string_view(c.rule_c()) == "level-hips") {
      hips = true;
      EXPECT_EQ(c.side, Side::kRight);
    }
  }
  EXPECT_TRUE(hips);

  const SessionReader reader(file);
  const auto cues = reader.cues();
  ASSERT_EQ(cues.size(), live.size());
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_EQ(cues[i].t_ns, live[i].t_ns);
    EXPECT_EQ(cues[i].rule, live[i].rule_c());
    EXPECT_EQ(cues[i].block, 3);
    EXPECT_EQ(cues[i].kind, "correction");
  }
  const auto adherence = reader.final_adherence();
  ASSERT_EQ(adherence.size(), 2u);  // both rules, when block 3 ended
  EXPECT_EQ(adherence[0].rule, "level-hips");
  EXPECT_EQ(adherence[0].block, 3);
  EXPECT_GT(adherence[0].judged, 30u);
  EXPECT_LT(adherence[0].inside, adherence[0].judged);  // the right stances are outside
  EXPECT_GE(adherence[0].cues, 1u);
  ASSERT_EQ(reader.presets().size(), 1u);
  EXPECT_EQ(reader.presets()[0].name, "test-hips");
  const auto steps = reader.final_step_baseline();
  ASSERT_TRUE(steps.has_value());
  EXPECT_NEAR(steps->of(processing::StepMetric::kPeakVgrfBw, Side::kRight).mean, 2.8, 0.15);
  EXPECT_GT(steps->of(processing::StepMetric::kPeakVgrfBw, Side::kRight).n, 10u);
  const auto requests = reader.requests();
  const auto selections = std::count_if(requests.begin(), requests.end(), [](const auto& r) {
    return r.kind == station::AppliedRequest::Kind::kCues;
  });
  EXPECT_EQ(selections, 2);

  // The replay selects the preset by its recorded name at the recorded item: the same cues.
  Collect replayed;
  replay_session(reader, cfg, replayed);
  ASSERT_EQ(replayed.cues.size(), live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(replayed.cues[i].t_ns, live[i].t_ns) << i;
    EXPECT_STREQ(replayed.cues[i].rule_c(), live[i].rule_c()) << i;
    EXPECT_EQ(replayed.cues[i].value, live[i].value) << i;
  }
  fs::remove_all(dir);
}
