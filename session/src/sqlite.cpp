#include "sqlite.hpp"

#include <cmath>
#include <limits>

namespace stridecue::session::detail {

Db::Db(const std::string& path, bool create, bool read_only) : path_(path) {
  const int flags =
      read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SessionError(path + ": cannot open the session file: " + why);
  }
  sqlite3_busy_timeout(db_, 2000);
}

Db::~Db() {
  sqlite3_close(db_);
}

void Db::exec(const std::string& sql) {
  if (try_exec(sql) != SQLITE_OK) fail(sql.substr(0, 40));
}

int Db::try_exec(const std::string& sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
}

void Db::fail(const std::string& what) const {
  throw SessionError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

Stmt::Stmt(Db& db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) {
    db.fail("not a StrideCue session file, or a damaged one (" + sql.substr(0, 30) + "…)");
  }
}

Stmt::~Stmt() {
  sqlite3_finalize(s_);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  if (std::isnan(v)) {
    sqlite3_bind_null(s_, i);
  } else {
    sqlite3_bind_double(s_, i, v);
  }
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_blob(int i, std::span<const std::uint8_t> v) {
  sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

int Stmt::step() {
  return sqlite3_step(s_);
}

void Stmt::reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

double Stmt::real(int col) const {
  return is_null(col) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(s_, col);
}

std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(s_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
           : std::string();
}

std::span<const std::uint8_t> Stmt::blob(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, col));
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
}

}  // namespace stridecue::session::detail
