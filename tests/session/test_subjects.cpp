// Subjects: added, found in any case, edited field by field, listed, erased with every session
// of theirs (and nobody else's); every value out of its rule refused with the value and the rule;
// the file owner-only; a file that is not a subjects file, damaged or newer refused by name.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "stridecue/session/recorder.hpp"
#include "stridecue/session/subjects.hpp"

using namespace stridecue;
using namespace stridecue::session;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("stridecue-subjects-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

Subject subject(const std::string& id, double mass_kg = 64) {
  Subject s;
  s.id = id;
  s.body_mass_kg = mass_kg;
  return s;
}

/// Records an (empty) session of `subject_id` into the library of `data_dir`; returns its file.
fs::path record_session(const fs::path& data_dir, const std::string& subject_id) {
  SessionMeta m;
  m.id = new_session_id();
  m.station = "test-station";
  m.started_utc = utc_now();
  m.software = "stridecue test";
  m.kind = "test";
  m.subject = subject_id;
  const fs::path file = SessionLibrary(data_dir).new_session_file(m);
  station::RecordingQueues queues(64, 64);
  SessionRecorder recorder(file, m, queues);
  recorder.start();
  recorder.stop();
  return file;
}

/// The message of the SubjectError `f` throws, or "(no error)".
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const SubjectError& e) {
    return e.what();
  }
  return "(no error)";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Subjects, AreAddedFoundInAnyCaseEditedFieldByFieldAndListedById) {
  const fs::path dir = temp_dir("crud");
  SubjectStore store(dir);
  EXPECT_TRUE(store.list().empty());
  EXPECT_FALSE(fs::exists(store.file())) << "nothing is created before the first add";

  Subject a = subject("P-017", 64);
  a.height_m = 1.72;
  a.leg_length_m = 0.9;
  a.affected_side = AffectedSide::kLeft;
  a.complaint = "Lower back pain after 5 km";
  a.notes = "Ran a half marathon in May.\nPain 3/10 at rest.";
  const Subject added = store.add(a);
  EXPECT_FALSE(added.created_utc.empty());
  EXPECT_EQ(added.created_utc, added.updated_utc);
  store.add(subject("A_2", 80.5));

  // A second store (another process) sees both; ids in any case find the subject.
  const SubjectStore again(dir);
  const Subject got = again.get("p-017");
  EXPECT_EQ(got.id, "P-017");
  EXPECT_EQ(got.body_mass_kg, 64);
  EXPECT_EQ(got.height_m, 1.72);
  EXPECT_EQ(got.leg_length_m, 0.9);
  EXPECT_EQ(got.affected_side, AffectedSide::kLeft);
  EXPECT_EQ(got.complaint, a.complaint);
  EXPECT_EQ(got.notes, a.notes);
  EXPECT_FALSE(again.get("A_2").height_m.has_value());
  EXPECT_FALSE(again.find("P-999").has_value());
  const auto all = again.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "A_2");
  EXPECT_EQ(all[1].id, "P-017");

  // Only the given fields change.
  SubjectEdit e;
  e.body_mass_kg = 66;
  e.affected_side = AffectedSide::kBoth;
  const Subject edited = store.edit("P-017", e);
  EXPECT_EQ(edited.body_mass_kg, 66);
  EXPECT_EQ(edited.affected_side, AffectedSide::kBoth);
  EXPECT_EQ(edited.height_m, 1.72);
  EXPECT_EQ(edited.complaint, a.complaint);
  EXPECT_EQ(edited.notes, a.notes);
  EXPECT_EQ(edited.created_utc, added.created_utc);
  EXPECT_EQ(store.get("P-017").body_mass_kg, 66);
  SubjectEdit clear;
  clear.notes = "";
  EXPECT_EQ(store.edit("P-017", clear).notes, "");
  fs::remove_all(dir);
}

TEST(Subjects, ValuesOutOfTheirRulesAreRefusedWithTheValueAndTheRule) {
  const fs::path dir = temp_dir("rules");
  SubjectStore store(dir);
  const auto add_error = [&](const Subject& s) { return error_of([&] { store.add(s); }); };

  // Ids: a pseudonym of 1-32 letters, digits, '-' or '_'.
  EXPECT_TRUE(has(add_error(subject("")), "the subject id is empty"));
  const std::string name = add_error(subject("Jane Doe"));
  EXPECT_TRUE(has(name, "subject id 'Jane Doe': ' ' at character 5 is not allowed")) << name;
  EXPECT_TRUE(has(name, "1 to 32 letters, digits, '-' or '_'")) << name;
  EXPECT_TRUE(has(add_error(subject("Zoë")), "'ë' at character 3")) << add_error(subject("Zoë"));
  EXPECT_TRUE(has(add_error(subject("P/../x")), "'/' at character 2"));
  EXPECT_TRUE(has(add_error(subject("a\x1b[2J")), "'\\x1B' at character 2"))
      << add_error(subject("a\x1b[2J"));
  EXPECT_TRUE(has(add_error(subject(std::string(33, 'x'))), "has 33 characters"));
  EXPECT_EQ(add_error(subject(std::string(32, 'x'))), "(no error)");

  // Numbers: in range and numbers at all.
  const std::string heavy = add_error(subject("P-1", 300));
  EXPECT_TRUE(has(heavy, "body mass 300 kg is out of range; give 20 to 250 kg")) << heavy;
  EXPECT_TRUE(has(add_error(subject("P-1", std::nan(""))), "body mass nan is not a number"));
  EXPECT_TRUE(has(add_error(subject("P-1", std::numeric_limits<double>::infinity())),
                  "body mass inf is not a number"));
  Subject tall = subject("P-1");
  tall.height_m = 2.5;
  EXPECT_TRUE(has(add_error(tall), "height 2.5 m is out of range; give 1 to 2.3 m"));
  Subject leg = subject("P-1");
  leg.leg_length_m = 0.2;
  EXPECT_TRUE(has(add_error(leg), "leg length 0.2 m is out of range; give 0.5 to 1.3 m"));

  // Texts: a one-line complaint of ≤ 200 characters (not bytes), notes ≤ 4000, no control bytes.
  Subject c = subject("P-1");
  c.complaint = "knee\npain";
  EXPECT_TRUE(has(add_error(c), "complaint has a line break at character 5"));
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "é";
  c.complaint = accents;
  EXPECT_EQ(add_error(c), "(no error)") << "200 characters are 400 bytes here";
  c.id = "P-2";
  c.complaint = accents + "é";
  EXPECT_TRUE(has(add_error(c), "complaint has 201 characters; keep it to 200"));
  c.complaint = "bad \xff byte";
  EXPECT_TRUE(has(add_error(c), "not UTF-8")) << add_error(c);
  c.complaint = "";
  c.notes = std::string(4001, 'n');
  EXPECT_TRUE(has(add_error(c), "notes has 4001 characters; keep it to 4000"));
  c.notes = "line\nline\tcolumn";
  c.id = "P-3";
  EXPECT_EQ(add_error(c), "(no error)") << "new lines and tabs are fine in notes";
  c.id = "P-4";
  c.notes = "bell\x07";
  EXPECT_TRUE(has(add_error(c), "notes has the control character (\\x07) at character 5"));

  // Sides: the four words, with a suggestion.
  EXPECT_EQ(parse_affected_side("right"), AffectedSide::kRight);
  const std::string side = error_of([] { parse_affected_side("lft"); });
  EXPECT_TRUE(has(side, "affected side 'lft': use left, right, both or none; did you mean left?"))
      << side;

  // Taken ids (in any case), unknown ids, empty edits.
  store.add(subject("P-017"));
  const std::string taken = add_error(subject("p-017"));
  EXPECT_TRUE(has(taken, "subject 'p-017' is already there (as P-017)")) << taken;
  const std::string unknown = error_of([&] { store.edit("P-018", SubjectEdit{}); });
  EXPECT_TRUE(has(unknown, "no subject 'P-018' in " + store.file().string())) << unknown;
  EXPECT_TRUE(has(unknown, "did you mean P-017?")) << unknown;
  EXPECT_TRUE(has(error_of([&] { store.edit("P-017", SubjectEdit{}); }),
                  "nothing to change for subject P-017"));
  SubjectEdit too_light;
  too_light.body_mass_kg = 5;
  EXPECT_TRUE(has(error_of([&] { store.edit("P-017", too_light); }), "body mass 5 kg"));
  EXPECT_EQ(store.get("P-017").body_mass_kg, 64) << "a refused edit changes nothing";
  EXPECT_TRUE(has(error_of([&] { store.erase("Q-1"); }), "no subject 'Q-1'"));
  EXPECT_TRUE(has(error_of([&] { store.get("no way"); }), "is not allowed"));

  // An empty library: the message says how to add one.
  const SubjectStore empty(dir / "none");
  EXPECT_TRUE(has(error_of([&] { empty.get("P-1"); }), "no subjects yet in"));
  fs::remove_all(dir);
}

TEST(Subjects, EraseDeletesTheSubjectAndEverySessionOfTheirsAndNobodyElses) {
  const fs::path dir = temp_dir("erase");
  SubjectStore store(dir);
  store.add(subject("P-017"));
  store.add(subject("P-018"));
  const fs::path mine1 = record_session(dir, "P-017");
  const fs::path mine2 = record_session(dir, "p-017");  // the same subject, typed in lower case
  const fs::path theirs = record_session(dir, "P-018");
  const fs::path nobody = record_session(dir, "");
  // A damaged file: whose it is cannot be told, so it is reported and left.
  const fs::path damaged =
      store.library().sessions_dir() / "2026-01-01_000000_x_deadbeef.stridecue";
  { std::ofstream(damaged) << "not a session"; }

  EXPECT_EQ(store.sessions_of("P-017").size(), 2u);
  // A -wal beside one of them goes too.
  { std::ofstream(mine1.string() + "-wal") << "x"; }

  const auto erased = store.erase("P-017");
  ASSERT_TRUE(erased.subject.has_value());
  EXPECT_EQ(erased.subject->id, "P-017");
  EXPECT_EQ(erased.sessions.size(), 2u);
  ASSERT_EQ(erased.unreadable.size(), 1u);
  EXPECT_EQ(erased.unreadable[0].file, damaged);
  EXPECT_FALSE(fs::exists(mine1));
  EXPECT_FALSE(fs::exists(mine1.string() + "-wal"));
  EXPECT_FALSE(fs::exists(mine2));
  EXPECT_TRUE(fs::exists(theirs));
  EXPECT_TRUE(fs::exists(nobody));
  EXPECT_TRUE(fs::exists(damaged));
  EXPECT_FALSE(store.find("P-017").has_value());
  EXPECT_TRUE(SubjectStore(dir).find("P-018").has_value());
  EXPECT_TRUE(has(error_of([&] { store.erase("P-017"); }), "no subject 'P-017'"));

  // Sessions that name a subject with no record are still theirs to erase.
  const fs::path orphan = record_session(dir, "P-099");
  const auto orphans = store.erase("P-099");
  EXPECT_FALSE(orphans.subject.has_value());
  EXPECT_EQ(orphans.sessions.size(), 1u);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(theirs));
  fs::remove_all(dir);
}

TEST(Subjects, TheFileAndTheFolderMadeForItAreTheOwnersOnly) {
  const fs::path dir = temp_dir("perms");
  const mode_t old_mask = ::umask(022);
  {
    SubjectStore store(dir);
    store.add(subject("P-017"));
  }
  ::umask(old_mask);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "subjects.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // WAL, with the application id and schema version of a subjects file.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "subjects.db").c_str(), &db), SQLITE_OK);
  const auto pragma = [&](const char* sql) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
    sqlite3_step(q);
    const std::string v = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
  };
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("PRAGMA application_id"), std::to_string(kSubjectsApplicationId));
  EXPECT_EQ(pragma("PRAGMA user_version"), std::to_string(kSubjectsSchemaVersion));
  sqlite3_close(db);
  fs::remove_all(dir);
}

TEST(Subjects, AFileThatIsNotASubjectsFileDamagedOrNewerIsRefusedByName) {
  const fs::path dir = temp_dir("bad");
  fs::create_directories(dir);
  const fs::path file = dir / "subjects.db";
  const auto open_error = [&] {
    return error_of([&] {
      SubjectStore store(dir);
      store.list();
    });
  };

  { std::ofstream(file) << "id,mass\nP-017,64\n"; }
  std::string e = open_error();
  EXPECT_TRUE(has(e, file.string() + ": not a StrideCue subjects file")) << e;

  // A session file where the subjects file should be.
  fs::remove(file);
  fs::copy_file(record_session(dir / "other", "P-1"), file);
  e = open_error();
  EXPECT_TRUE(has(e, file.string() + ": not a StrideCue subjects file (application id")) << e;

  // A real subjects file from a newer StrideCue, then one cut short.
  fs::remove(file);
  SubjectStore(dir).add(subject("P-017"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  e = open_error();
  EXPECT_TRUE(has(e, file.string() + ": written by a newer StrideCue (subjects schema 7")) << e;

  fs::remove(file);
  SubjectStore(dir).add(subject("P-017"));
  fs::resize_file(file, 100);
  e = open_error();
  EXPECT_TRUE(has(e, file.string() + ":")) << e;
  EXPECT_NE(e, "(no error)");

  // A file with its table gone.
  fs::remove(file);
  SubjectStore(dir).add(subject("P-017"));
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "DROP TABLE subjects", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  e = open_error();
  EXPECT_TRUE(has(e, file.string() + ": damaged subjects file")) << e;

  // An empty file (a creation cut short) becomes a subjects file.
  fs::remove(file);
  { std::ofstream{file}; }
  EXPECT_EQ(error_of([&] { SubjectStore(dir).add(subject("P-017")); }), "(no error)");
  EXPECT_EQ(SubjectStore(dir).list().size(), 1u);
  fs::remove_all(dir);
}
