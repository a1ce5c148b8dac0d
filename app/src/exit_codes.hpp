// The exit statuses of stridecue, shared by every command (and listed in `stridecue --help`).
#pragma once

namespace stridecue::app {

inline constexpr int kExitOk = 0;
/// An input was refused: a settings file, an option or a recording with a mistake, named.
inline constexpr int kExitRefused = 1;
/// The first word is not a stridecue command.
inline constexpr int kExitUnknownCommand = 2;
/// The input was read but nothing in it could be used: a replay or table with no decodable
/// frame or row. The reason is printed.
inline constexpr int kExitNothingReadable = 3;

}  // namespace stridecue::app
