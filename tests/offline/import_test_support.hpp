// Helpers for the sc_offline tests: run an import that must fail and hand back the error.
#pragma once

#include <gtest/gtest.h>

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

}  // namespace stridecue::offline::test
