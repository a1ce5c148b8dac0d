// The subjects of this user's sessions: one SQLite file beside the session library,
//   <data_dir>/subjects.db   (WAL; the folder 0700 when created here, the file 0600)
// holding each subject's pseudonym, body mass, height, leg length, affected side, complaint and
// notes. Erasing a subject erases every session file of theirs too (a patient's right to
// erasure). Every value is checked before it is stored; a refusal names the value and the rule.
// Not for the processing hot path: every method does file I/O, allocates and may block up to 2 s
// on a file another process holds. One store per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/session/library.hpp"
#include "stridecue/session/session_file.hpp"

namespace stridecue::session {

/// A subject refused (a value out of its range, an unknown or taken id) or a subjects file that
/// cannot be read or written; the message names the value or the file and what is valid.
class SubjectError : public SessionError {
 public:
  using SessionError::SessionError;
};

/// The subjects file's schema; older files are migrated on open, a newer one is refused.
inline constexpr int kSubjectsSchemaVersion = 1;
/// SQLite application_id of subjects files ("SCSJ").
inline constexpr std::int32_t kSubjectsApplicationId = 0x5343534A;

/// The side that is injured or painful.
enum class AffectedSide { kNone, kLeft, kRight, kBoth };
std::string_view affected_side_name(AffectedSide s);  ///< "none", "left", "right", "both"
/// "left", "right", "both" or "none"; else SubjectError with the choices (and a "did you mean").
AffectedSide parse_affected_side(std::string_view text);

/// The valid ranges (inclusive) and lengths.
struct SubjectLimits {
  static constexpr std::size_t kIdMaxChars = 32;
  static constexpr double kMassMinKg = 20, kMassMaxKg = 250;
  static constexpr double kHeightMinM = 1.0, kHeightMaxM = 2.3;
  static constexpr double kLegMinM = 0.5, kLegMaxM = 1.3;
  static constexpr std::size_t kComplaintMaxChars = 200;  ///< characters, not bytes
  static constexpr std::size_t kNotesMaxChars = 4000;
};

struct Subject {
  /// A pseudonym (never a name): 1–32 letters, digits, '-' or '_'. Unique regardless of case:
  /// "p-017" finds "P-017", and both cannot be added.
  std::string id;
  double body_mass_kg = 0;             ///< 20..250, required
  std::optional<double> height_m;      ///< 1.0..2.3
  std::optional<double> leg_length_m;  ///< 0.5..1.3, as the clinic measures it
  AffectedSide affected_side = AffectedSide::kNone;
  std::string complaint;    ///< one line, ≤ 200 characters of UTF-8
  std::string notes;        ///< ≤ 4000 characters of UTF-8; new lines and tabs allowed
  std::string created_utc;  ///< ISO 8601, set by add()
  std::string updated_utc;  ///< ISO 8601, set by add() and edit()
};

/// The fields an edit changes; the others stay as they are.
struct SubjectEdit {
  std::optional<double> body_mass_kg, height_m, leg_length_m;
  std::optional<AffectedSide> affected_side;
  std::optional<std::string> complaint, notes;  ///< "" clears
  bool empty() const {
    return !body_mass_kg && !height_m && !leg_length_m && !affected_side && !complaint && !notes;
  }
};

/// Throws SubjectError naming the first value that breaks its rule (and the rule).
void check_subject_id(std::string_view id);
void check_subject(const Subject& s);

class SubjectStore {
 public:
  /// The store of `data_dir` (its subjects.db; its sessions/ through a SessionLibrary). Opens
  /// the file when it exists — SubjectError naming it when it is not a subjects file, damaged or
  /// newer — and otherwise creates nothing until the first add().
  explicit SubjectStore(std::filesystem::path data_dir = session::data_dir());
  ~SubjectStore();
  SubjectStore(const SubjectStore&) = delete;
  SubjectStore& operator=(const SubjectStore&) = delete;

  std::filesystem::path file() const { return data_dir_ / "subjects.db"; }
  const SessionLibrary& library() const { return library_; }

  /// Adds a subject (created/updated times set here) and returns it as stored. Refuses an id
  /// that is taken (in any case) and values out of their ranges.
  Subject add(Subject s);
  /// Changes only the given fields; refuses an unknown id (with "did you mean"), an empty edit
  /// and values out of range. Returns the subject as stored.
  Subject edit(std::string_view id, const SubjectEdit& changes);
  /// The subject (id in any case), or nothing. SubjectError for an id that breaks the rule.
  std::optional<Subject> find(std::string_view id) const;
  /// The subject, or SubjectError: no such subject, did you mean …, how to list them.
  Subject get(std::string_view id) const;
  /// Every subject, by id.
  std::vector<Subject> list() const;

  /// The session files of the library whose subject is `id` (in any case), newest first.
  std::vector<SessionLibrary::Entry> sessions_of(std::string_view id) const;

  struct Erasure {
    std::optional<Subject> subject;               ///< the record deleted (none: there was none)
    std::vector<std::filesystem::path> sessions;  ///< the session files deleted
    /// Session files that could not be read, so whose subject is unknown: left in place.
    std::vector<SessionLibrary::Entry> unreadable;
  };
  /// Deletes every session file of the subject (with its -wal and -shm), then the subject: a
  /// failure part-way leaves the subject in place, so erase can be run again. Refuses an id
  /// that is neither a subject nor the subject of a session (with "did you mean").
  Erasure erase(std::string_view id);

 private:
  struct Impl;
  void open_existing();
  void create();
  [[noreturn]] void unknown(std::string_view id) const;

  std::filesystem::path data_dir_;
  SessionLibrary library_;
  std::unique_ptr<Impl> impl_;  // null until the file exists
};

}  // namespace stridecue::session
