// A config value refused by the code that uses it, naming the setting by the name a user types
// (e.g. "cadence_spm", "left.impact_peak_bw"), so a file loader can point at the line where that
// setting was typed even though the check ran after parsing.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace stridecue {

class SettingError : public std::invalid_argument {
 public:
  /// `what`: the whole message; `reason`: what is wrong with the value and the fix, without the
  /// setting's name or value (the loader adds the value as typed).
  SettingError(std::string setting, std::string reason, const std::string& what)
      : std::invalid_argument(what), setting_(std::move(setting)), reason_(std::move(reason)) {}

  const std::string& setting() const noexcept { return setting_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string setting_;
  std::string reason_;
};

}  // namespace stridecue
