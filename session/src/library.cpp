#include "stridecue/session/library.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "stridecue/session/reader.hpp"

namespace stridecue::session {

namespace fs = std::filesystem;

fs::path data_dir() {
  if (const char* d = std::getenv("STRIDECUE_DATA_DIR"); d && *d) return fs::path(d);
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "stridecue";
  if (const char* h = std::getenv("HOME"); h && *h) {
    return fs::path(h) / ".local" / "share" / "stridecue";
  }
  return fs::current_path() / "stridecue-data";
}

SessionLibrary::SessionLibrary(fs::path root) : root_(std::move(root)) {}

fs::path SessionLibrary::new_session_file(const SessionMeta& meta) const {
  // 2026-12-06T07:30:12Z → 2026-12-06_073012
  std::string when = meta.started_utc.substr(0, 19);
  std::replace(when.begin(), when.end(), 'T', '_');
  when.erase(std::remove(when.begin(), when.end(), ':'), when.end());
  std::string station;
  for (const char c : meta.station) {
    const auto u = static_cast<unsigned char>(c);
    station += std::isalnum(u) || c == '-' ? c : '-';
    if (station.size() == 24) break;
  }
  return sessions_dir() / (when + "_" + (station.empty() ? "station" : station) + "_" +
                           meta.id.substr(0, 8) + ".stridecue");
}

std::vector<SessionLibrary::Entry> SessionLibrary::list() const {
  std::vector<Entry> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(sessions_dir(), ec)) {
    if (e.path().extension() != ".stridecue") continue;
    Entry entry;
    entry.file = e.path();
    try {
      entry.summary = SessionReader(e.path()).summary();
    } catch (const SessionError& err) {
      entry.problem = err.what();
    }
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.file.filename().string() > b.file.filename().string();  // names start with the time
  });
  return out;
}

fs::path SessionLibrary::find(const std::string& id_or_file) const {
  std::error_code ec;
  if (id_or_file == "latest") {
    const auto all = list();
    if (all.empty()) {
      throw SessionError("no sessions yet in " + sessions_dir().string() +
                         " (`stridecue demo` records one)");
    }
    return all.front().file;
  }
  if (id_or_file.find('/') != std::string::npos || fs::is_regular_file(id_or_file, ec)) {
    return fs::path(id_or_file);
  }
  if (id_or_file.size() < 4) {
    throw SessionError("'" + id_or_file +
                       "': give at least 4 characters of a session id (`stridecue sessions "
                       "list` shows them)");
  }
  std::vector<fs::path> hits;
  for (const auto& e : fs::directory_iterator(sessions_dir(), ec)) {
    if (e.path().extension() != ".stridecue") continue;
    // The file name carries the id's first 8 characters; the file itself the whole id.
    const std::string name = e.path().stem().string();
    const std::string short_id = name.size() >= 8 ? name.substr(name.size() - 8) : name;
    const std::string want = id_or_file.substr(0, std::min<std::size_t>(8, id_or_file.size()));
    if (short_id.compare(0, want.size(), want) != 0) continue;
    if (id_or_file.size() > 8) {
      try {
        if (SessionReader(e.path()).meta().id.rfind(id_or_file, 0) != 0) continue;
      } catch (const SessionError&) {
        continue;
      }
    }
    hits.push_back(e.path());
  }
  if (hits.empty()) {
    throw SessionError("no session '" + id_or_file + "' in " + sessions_dir().string() +
                       " (`stridecue sessions list` shows them)");
  }
  if (hits.size() > 1) {
    throw SessionError("'" + id_or_file + "' matches " + std::to_string(hits.size()) +
                       " sessions; give more of the id");
  }
  return hits.front();
}

void SessionLibrary::remove(const fs::path& file) const {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw SessionError(file.string() + ": no such session file");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(fs::path(file.string() + suffix), ec);
    if (ec) throw SessionError(file.string() + suffix + ": cannot delete: " + ec.message());
  }
}

}  // namespace stridecue::session
