// Helpers for the sc_offline tests: run an import that must fail and hand back the error.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::test {

/// Runs `f`, which must throw ImportError; returns it (a failed test and a dummy otherwise).
template <typename F>
ImportError expect_import_error(F&& f) {
  try {
    f();
  } catch (const ImportError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected ImportError, got another exception: " << e.what();
    return ImportError(ImportErrorKind::kFile, "wrong exception type");
  }
  ADD_FAILURE() << "expected ImportError, nothing was thrown";
  return ImportError(ImportErrorKind::kFile, "nothing thrown");
}

/// Options with a parsed --map and the rest defaulted.
inline ImportOptions with_map(std::string_view map_spec) {
  ImportOptions o;
  o.map = parse_column_map(map_spec);
  return o;
}

inline ImportedRecording import_text(std::string_view text, const ImportOptions& o,
                                     std::string_view name = "run.txt") {
  return import_force_table_text(text, name, o);
}

/// printf-formats one number (for building table rows).
inline std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// A file in the test temp directory, removed when it goes out of scope.
struct TempFile {
  TempFile(const std::string& name, const std::string& text)
      : path((std::filesystem::path(::testing::TempDir()) / name).string()) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path;
};

}  // namespace stridecue::offline::test
