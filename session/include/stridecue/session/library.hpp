// The session library: every session file of this user, in one folder of their data directory,
// found by id (or its first characters), listed newest first, deleted on request.
//   $STRIDECUE_DATA_DIR, else $XDG_DATA_HOME/stridecue, else ~/.local/share/stridecue
//     sessions/2026-12-06_0730_<station>_<id8>.stridecue   (0700 folder, 0600 files)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "stridecue/session/session_file.hpp"

namespace stridecue::session {

/// The data directory (see above); not created here.
std::filesystem::path data_dir();

class SessionLibrary {
 public:
  explicit SessionLibrary(std::filesystem::path root = data_dir());

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path sessions_dir() const { return root_ / "sessions"; }
  /// Where a session that starts now goes (date, time, station, the id's first 8 characters).
  std::filesystem::path new_session_file(const SessionMeta& meta) const;

  struct Entry {
    std::filesystem::path file;
    SessionSummary summary;  ///< meta and counts (empty when the file could not be read)
    std::string problem;     ///< why it could not be read, or ""
  };
  /// Every session file, newest first; one that cannot be read is listed with its problem.
  std::vector<Entry> list() const;
  /// The session with this id, id prefix (≥ 4 characters) or file path, or "latest" (the newest).
  /// Throws SessionError:
  /// unknown, or a prefix that matches several.
  std::filesystem::path find(const std::string& id_or_file) const;
  /// Deletes a session file (and the -wal and -shm beside it). Throws SessionError.
  void remove(const std::filesystem::path& file) const;

 private:
  std::filesystem::path root_;
};

}  // namespace stridecue::session
