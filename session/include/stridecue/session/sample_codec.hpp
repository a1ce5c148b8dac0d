// The sample records of a session file: the items the processing thread took, in its order,
// packed into chunks. Each record is a tag byte then little-endian fields (docs/sessions.md):
//   'F' force:     t_ns i64, counter u32, device u8, flags u8, n_plates u8, n_plates × 6 f32
//   'L' load cell: t_ns i64, counter u32, device u8, flags u8, n_plates u8, n_plates × 4 f32
//   'I' IMU:       t_ns i64, counter u32, device u8, flags u8, 3 f32 acc, 3 f32 gyro
//   'G' gap:       t_ns i64, device u8, reason u8, lost u64
// Floats are stored as they were decoded (IEEE-754 binary32), so a replay feeds the engine the
// very same numbers. Any thread; encode appends without allocating once the buffer has grown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stridecue/core/sample_item.hpp"

namespace stridecue::session {

/// Appends one record; EndOfStream is not recorded (returns false).
bool encode_item(const SampleItem& item, std::vector<std::uint8_t>& out);

/// Decodes the records of one chunk. Returns nothing and says why in `why` when the bytes are not
/// whole records (a damaged chunk): the reader then names the chunk.
class ChunkDecoder {
 public:
  explicit ChunkDecoder(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  /// The next item, or nothing at the end (or on damage: then error() says why).
  std::optional<SampleItem> next();
  const std::string& error() const { return error_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace stridecue::session
