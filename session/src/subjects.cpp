#include "stridecue/session/subjects.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cmath>
#include <cstdio>

#include "sqlite.hpp"
#include "stridecue/core/printable.hpp"
#include "stridecue/core/suggestion.hpp"

namespace stridecue::session {

namespace fs = std::filesystem;
using detail::Db;
using detail::Stmt;

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE subjects (
  id TEXT PRIMARY KEY COLLATE NOCASE, body_mass_kg REAL NOT NULL, height_m REAL,
  leg_length_m REAL, affected_side TEXT NOT NULL, complaint TEXT NOT NULL, notes TEXT NOT NULL,
  created_utc TEXT NOT NULL, updated_utc TEXT NOT NULL);
)sql";

constexpr const char* kColumns =
    "id, body_mass_kg, height_m, leg_length_m, affected_side, complaint, notes, created_utc, "
    "updated_utc";

/// Older schemas are brought up to kSubjectsSchemaVersion here, one version at a time, inside
/// one transaction (none yet: version 1 is the first).
void migrate(Db& db, int from) {
  if (from == kSubjectsSchemaVersion) return;
  throw SubjectError(db.path() + ": subjects schema version " + std::to_string(from) +
                     " has no migration path");
}

/// The wrapper speaks of session files; these are subjects files.
[[noreturn]] void rethrow_as_subject_error(const SessionError& e) {
  std::string what = e.what();
  for (std::size_t at; (at = what.find("session file")) != std::string::npos;) {
    what.replace(at, 12, "subjects file");
  }
  throw SubjectError(what);
}

/// Runs `f`, turning the SQLite wrapper's errors into SubjectErrors about the subjects file.
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SubjectError&) {
    throw;
  } catch (const SessionError& e) {
    rethrow_as_subject_error(e);
  }
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_range(const Subject& s, const char* what, double v, double lo, double hi,
                 const char* unit) {
  const std::string rule =
      "; give " + number(lo) + " to " + number(hi) + " " + unit + " (subject " + s.id + ")";
  if (!std::isfinite(v))
    throw SubjectError(std::string(what) + " " + number(v) + " is not a number" + rule);
  if (v < lo || v > hi) {
    throw SubjectError(std::string(what) + " " + number(v) + " " + unit + " is out of range" +
                       rule);
  }
}

/// Checks a text: valid UTF-8, no control characters (but new lines and tabs where
/// `multi_line`), at most `max_chars` characters.
void check_text(const Subject& s, const char* what, std::string_view text, std::size_t max_chars,
                bool multi_line) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::string at = " at character " + std::to_string(chars + 1) + " (subject " + s.id + ")";
    if (c == '\n' && !multi_line) {
      throw SubjectError(std::string(what) + " has a line break" + at +
                         "; it is one line (longer text goes in the notes)");
    }
    if (c == '\n' || c == '\t' || (c == '\r' && multi_line)) {
      ++i;
      continue;
    }
    std::size_t n = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? utf8_sequence(text.substr(i)) : 0;
    if (n == 0) {
      throw SubjectError(std::string(what) + " has " +
                         (c >= 0x80 ? "a byte that is not UTF-8 or a control character ("
                                    : "the control character (") +
                         printable(text.substr(i, 1)) + ")" + at + "; give plain text");
    }
    i += n;
  }
  if (chars > max_chars) {
    throw SubjectError(std::string(what) + " has " + std::to_string(chars) +
                       " characters; keep it to " + std::to_string(max_chars) + " (subject " +
                       s.id + ")" + (multi_line ? "" : "; longer text goes in the notes"));
  }
}

Subject read_row(const Stmt& q, const std::string& file) {
  Subject s;
  s.id = q.text(0);
  s.body_mass_kg = q.real(1);
  if (!q.is_null(2)) s.height_m = q.real(2);
  if (!q.is_null(3)) s.leg_length_m = q.real(3);
  try {
    s.affected_side = parse_affected_side(q.text(4));
  } catch (const SubjectError& e) {
    throw SubjectError(file + ": damaged subjects file: subject " + printable(s.id) + ": " +
                       e.what());
  }
  s.complaint = q.text(5);
  s.notes = q.text(6);
  s.created_utc = q.text(7);
  s.updated_utc = q.text(8);
  return s;
}

void bind_values(Stmt& q, const Subject& s) {
  q.bind(1, std::string_view(s.id))
      .bind(2, s.body_mass_kg)
      .bind(5, affected_side_name(s.affected_side))
      .bind(6, std::string_view(s.complaint))
      .bind(7, std::string_view(s.notes))
      .bind(8, std::string_view(s.created_utc))
      .bind(9, std::string_view(s.updated_utc));
  if (s.height_m) {
    q.bind(3, *s.height_m);
  } else {
    q.bind_null(3);
  }
  if (s.leg_length_m) {
    q.bind(4, *s.leg_length_m);
  } else {
    q.bind_null(4);
  }
}

}  // namespace

std::string_view affected_side_name(AffectedSide s) {
  switch (s) {
    case AffectedSide::kLeft:
      return "left";
    case AffectedSide::kRight:
      return "right";
    case AffectedSide::kBoth:
      return "both";
    case AffectedSide::kNone:
      break;
  }
  return "none";
}

AffectedSide parse_affected_side(std::string_view text) {
  for (const AffectedSide s :
       {AffectedSide::kLeft, AffectedSide::kRight, AffectedSide::kBoth, AffectedSide::kNone}) {
    if (text == affected_side_name(s)) return s;
  }
  throw SubjectError("affected side '" + printable(text) + "': use left, right, both or none" +
                     suggestion(text, {"left", "right", "both", "none"}));
}

void check_subject_id(std::string_view id) {
  const std::string rule =
      "; a subject id is a pseudonym (never a name) of 1 to 32 letters, digits, '-' or '_', "
      "e.g. P-017";
  if (id.empty()) throw SubjectError("the subject id is empty" + rule);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < id.size(); ++i, ++chars) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (std::isalnum(c) || c == '-' || c == '_') continue;
    const std::size_t n = c >= 0x80 ? utf8_sequence(id.substr(i)) : 0;
    throw SubjectError("subject id '" + printable(id, 40) + "': '" +
                       printable(id.substr(i, n > 0 ? n : 1)) + "' at character " +
                       std::to_string(chars + 1) + " is not allowed" + rule);
  }
  if (id.size() > SubjectLimits::kIdMaxChars) {
    throw SubjectError("subject id '" + printable(id, 40) + "' has " + std::to_string(id.size()) +
                       " characters" + rule);
  }
}

void check_subject(const Subject& s) {
  using L = SubjectLimits;
  check_subject_id(s.id);
  check_range(s, "body mass", s.body_mass_kg, L::kMassMinKg, L::kMassMaxKg, "kg");
  if (s.height_m) check_range(s, "height", *s.height_m, L::kHeightMinM, L::kHeightMaxM, "m");
  if (s.leg_length_m) {
    check_range(s, "leg length", *s.leg_length_m, L::kLegMinM, L::kLegMaxM, "m");
  }
  check_text(s, "complaint", s.complaint, L::kComplaintMaxChars, false);
  check_text(s, "notes", s.notes, L::kNotesMaxChars, true);
}

struct SubjectStore::Impl {
  explicit Impl(const std::string& path, bool create) : db(path, create, false) {}
  Db db;
};

SubjectStore::SubjectStore(fs::path data_dir)
    : data_dir_(std::move(data_dir)), library_(data_dir_) {
  std::error_code ec;
  if (fs::exists(file(), ec)) guarded([&] { open_existing(); });
}

SubjectStore::~SubjectStore() = default;

void SubjectStore::open_existing() {
  const std::string path = file().string();
  std::error_code ec;
  if (!fs::is_regular_file(file(), ec)) {
    throw SubjectError(path +
                       ": not a file; move it aside so StrideCue can keep its subjects here");
  }
  auto impl = std::make_unique<Impl>(path, false);
  Db& db = impl->db;
  const auto pragma = [&](const char* sql) -> std::int64_t {
    try {
      Stmt q(db, sql);
      return q.step() == SQLITE_ROW ? q.int64(0) : 0;
    } catch (const SessionError&) {
      throw SubjectError(path +
                         ": not a StrideCue subjects file (not an SQLite database, or damaged); "
                         "restore it from a backup, or move it aside to start a new one");
    }
  };
  const std::int64_t app = pragma("PRAGMA application_id");
  const std::int64_t version = pragma("PRAGMA user_version");
  if (app == 0 && version == 0 && pragma("SELECT COUNT(*) FROM sqlite_master") == 0) {
    impl_ = std::move(impl);  // an empty file (a creation cut short): made a subjects file
    create();
    return;
  }
  if (app != kSubjectsApplicationId) {
    throw SubjectError(path + ": not a StrideCue subjects file (application id " +
                       std::to_string(app) + "); move it aside to start a new one");
  }
  if (version > kSubjectsSchemaVersion) {
    throw SubjectError(path + ": written by a newer StrideCue (subjects schema " +
                       std::to_string(version) + ", this one reads up to " +
                       std::to_string(kSubjectsSchemaVersion) + "); update StrideCue to open it");
  }
  if (version < 1) throw SubjectError(path + ": an unfinished subjects file (no schema)");
  db.exec("BEGIN IMMEDIATE");
  try {
    migrate(db, static_cast<int>(version));
    db.exec("COMMIT");
  } catch (...) {
    db.try_exec("ROLLBACK");
    throw;
  }
  try {
    Stmt q(db, std::string("SELECT ") + kColumns + " FROM subjects LIMIT 1");
  } catch (const SessionError&) {
    throw SubjectError(path + ": damaged subjects file (" + db.message() + ")");
  }
  impl_ = std::move(impl);
}

void SubjectStore::create() {
  const std::string path = file().string();
  // Owner only, as the session files: the folder (when made here) 0700, the file 0600; SQLite
  // gives the -wal and -shm files the database file's permissions.
  const mode_t old_mask = ::umask(077);
  std::error_code ec;
  fs::create_directories(data_dir_, ec);
  if (!ec && !impl_) {
    try {
      impl_ = std::make_unique<Impl>(path, true);
    } catch (...) {
      ::umask(old_mask);
      throw;
    }
  }
  ::umask(old_mask);
  if (ec) {
    throw SubjectError(data_dir_.string() + ": cannot create the data folder: " + ec.message() +
                       "; check the path (STRIDECUE_DATA_DIR) and its permissions");
  }
  ::chmod(path.c_str(), 0600);
  Db& db = impl_->db;
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA application_id=" + std::to_string(kSubjectsApplicationId));
  db.exec("BEGIN IMMEDIATE");
  db.exec(kSchemaV1);
  db.exec("PRAGMA user_version=" + std::to_string(kSubjectsSchemaVersion));
  db.exec("COMMIT");
}

Subject SubjectStore::add(Subject s) {
  check_subject(s);
  return guarded([&] {
    if (!impl_) create();
    if (const auto old = find(s.id)) {
      throw SubjectError("subject '" + s.id + "' is already there" +
                         (old->id != s.id ? " (as " + old->id + ")" : std::string()) + ", added " +
                         old->created_utc + "; change it with `stridecue subjects edit " + old->id +
                         "`");
    }
    s.created_utc = s.updated_utc = utc_now();
    Stmt q(impl_->db,
           std::string("INSERT INTO subjects(") + kColumns + ") VALUES(?,?,?,?,?,?,?,?,?)");
    bind_values(q, s);
    if (q.step() != SQLITE_DONE) impl_->db.fail("cannot add subject " + s.id);
    return s;
  });
}

Subject SubjectStore::edit(std::string_view id, const SubjectEdit& changes) {
  Subject s = get(id);
  if (changes.empty()) {
    throw SubjectError(
        "nothing to change for subject " + s.id +
        " (give a body mass, height, leg length, affected side, complaint or notes)");
  }
  if (changes.body_mass_kg) s.body_mass_kg = *changes.body_mass_kg;
  if (changes.height_m) s.height_m = changes.height_m;
  if (changes.leg_length_m) s.leg_length_m = changes.leg_length_m;
  if (changes.affected_side) s.affected_side = *changes.affected_side;
  if (changes.complaint) s.complaint = *changes.complaint;
  if (changes.notes) s.notes = *changes.notes;
  check_subject(s);
  s.updated_utc = utc_now();
  return guarded([&] {
    Stmt q(impl_->db,
           "UPDATE subjects SET id = ?1, body_mass_kg = ?2, height_m = ?3, leg_length_m = ?4, "
           "affected_side = ?5, complaint = ?6, notes = ?7, created_utc = ?8, updated_utc = ?9 "
           "WHERE id = ?1");
    bind_values(q, s);
    if (q.step() != SQLITE_DONE) impl_->db.fail("cannot change subject " + s.id);
    return s;
  });
}

std::optional<Subject> SubjectStore::find(std::string_view id) const {
  check_subject_id(id);
  if (!impl_) return std::nullopt;
  return guarded([&]() -> std::optional<Subject> {
    Stmt q(impl_->db, std::string("SELECT ") + kColumns + " FROM subjects WHERE id = ?");
    q.bind(1, id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return read_row(q, impl_->db.path());
    if (rc != SQLITE_DONE) impl_->db.fail("cannot read subject " + std::string(id));
    return std::nullopt;
  });
}

Subject SubjectStore::get(std::string_view id) const {
  if (auto s = find(id)) return *s;
  unknown(id);
}

std::vector<Subject> SubjectStore::list() const {
  if (!impl_) return {};
  return guarded([&] {
    std::vector<Subject> out;
    Stmt q(impl_->db, std::string("SELECT ") + kColumns + " FROM subjects ORDER BY id");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_row(q, impl_->db.path()));
    if (rc != SQLITE_DONE) impl_->db.fail("cannot list the subjects");
    return out;
  });
}

void SubjectStore::unknown(std::string_view id) const {
  if (!impl_) {
    throw SubjectError("no subject '" + std::string(id) + "': no subjects yet in " +
                       file().string() + " (add one with `stridecue subjects add " +
                       std::string(id) + " --mass KG`)");
  }
  std::vector<std::string> ids;
  for (const auto& s : list()) ids.push_back(s.id);
  throw SubjectError("no subject '" + std::string(id) + "' in " + file().string() +
                     suggestion(id, ids) + " (`stridecue subjects list` shows them)");
}

std::vector<SessionLibrary::Entry> SubjectStore::sessions_of(std::string_view id) const {
  check_subject_id(id);
  std::vector<SessionLibrary::Entry> out;
  for (auto& e : library_.list()) {
    if (e.problem.empty() && iequals(e.summary.meta.subject, id)) out.push_back(std::move(e));
  }
  return out;
}

SubjectStore::Erasure SubjectStore::erase(std::string_view id) {
  Erasure result;
  result.subject = find(id);
  std::vector<fs::path> theirs;
  for (auto& e : library_.list()) {
    if (!e.problem.empty()) {
      result.unreadable.push_back(std::move(e));
    } else if (iequals(e.summary.meta.subject, id)) {
      theirs.push_back(e.file);
    }
  }
  if (!result.subject && theirs.empty()) unknown(id);
  // The sessions first: should one fail, the subject is still there and erase can run again.
  for (const auto& f : theirs) {
    library_.remove(f);
    result.sessions.push_back(f);
  }
  if (result.subject) {
    guarded([&] {
      Stmt q(impl_->db, "DELETE FROM subjects WHERE id = ?");
      q.bind(1, std::string_view(result.subject->id));
      if (q.step() != SQLITE_DONE) impl_->db.fail("cannot erase subject " + result.subject->id);
    });
  }
  return result;
}

}  // namespace stridecue::session
