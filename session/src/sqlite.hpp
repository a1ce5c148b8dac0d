// A thin RAII layer over the SQLite C API for the session files: a connection, prepared
// statements with typed binds, and errors that name the file. Internal to sc_session.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "stridecue/session/session_file.hpp"

namespace stridecue::session::detail {

class Db {
 public:
  /// Opens `path` (read-write, created when `create`; read-only otherwise). Throws SessionError.
  Db(const std::string& path, bool create, bool read_only);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }
  /// Runs SQL without results; throws SessionError naming the file and what failed.
  void exec(const std::string& sql);
  /// The same, returning the SQLite result code instead of throwing (for the recorder, which
  /// must keep running on a full disk).
  int try_exec(const std::string& sql);
  [[noreturn]] void fail(const std::string& what) const;
  std::string message() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt(Db& db, const std::string& sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, double v);  ///< NaN is stored as NULL
  Stmt& bind(int i, std::string_view v);
  Stmt& bind_blob(int i, std::span<const std::uint8_t> v);
  Stmt& bind_null(int i);
  /// Executes; returns the SQLite code (SQLITE_ROW, SQLITE_DONE or an error).
  int step();
  void reset();

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  double real(int col) const;  ///< NULL reads as NaN
  std::string text(int col) const;
  std::span<const std::uint8_t> blob(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_ = nullptr;
  Db& db_;
};

}  // namespace stridecue::session::detail
