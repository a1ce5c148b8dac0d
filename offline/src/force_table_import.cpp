// The whole-table import: everything a ForceTableReader hands out, collected into vectors.
#include "stridecue/offline/force_table_import.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "messages.hpp"
#include "stridecue/offline/force_table_reader.hpp"

namespace stridecue::offline {

namespace {

/// Asks the kernel to back the reserved storage of `v` with transparent huge pages (2 MiB). On
/// the project's virtual machine a 4 KiB page fault costs several µs: the 77 MB of frames of a
/// 10-minute 2 kHz table took ≈ 19,000 faults and doubled the import's time (docs/performance.md).
/// Advice only: without THP (or off Linux) nothing changes.
template <typename T>
void advise_huge_pages(const std::vector<T>& v) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
  const std::uintptr_t end = begin + v.capacity() * sizeof(T);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = end & ~(kHugePage - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)v;
#endif
}

ImportedRecording collect(ForceTableReader& reader) {
  ImportedRecording rec;
  rec.rate_hz = reader.rate_hz();
  rec.sample_period_ns = reader.sample_period_ns();
  rec.n_plates = reader.n_plates();
  rec.plate_side = reader.plate_side();
  const bool plates = rec.n_plates > 0;
  const bool imu = reader.has_imu();
  // A little over the estimate: pages reserved and never written are not resident.
  const std::size_t expected = reader.estimated_rows() + reader.estimated_rows() / 20 + 16;
  if (plates) {
    rec.frames.reserve(expected);
    advise_huge_pages(rec.frames);
  }
  if (imu) {
    rec.imu.reserve(expected);
    advise_huge_pages(rec.imu);
  }
  constexpr std::size_t kChunkRows = 4096;
  std::vector<ForceFrame> frames(plates ? kChunkRows : 0);
  std::vector<ImuSample> samples(imu ? kChunkRows : 0);
  while (const std::size_t n = reader.read(frames, samples)) {
    const auto rows = static_cast<std::ptrdiff_t>(n);
    if (plates) rec.frames.insert(rec.frames.end(), frames.begin(), frames.begin() + rows);
    if (imu) rec.imu.insert(rec.imu.end(), samples.begin(), samples.begin() + rows);
  }
  rec.summary = reader.summary();
  return rec;
}

}  // namespace

std::string ImportSummary::to_text() const {
  std::ostringstream s;
  s << file << ": " << rows << " rows, " << detail::num_g(duration_s) << " s, "
    << separator_name(separator) << "-separated, header on line " << header_line << "\n";
  s << "  time: " << time_source << "\n";
  s << "  columns:";
  for (const UsedColumn& c : columns) {
    s << " " << c.target << "=" << detail::quoted(c.column) << "(" << c.index << ")";
    if (c.scale_to_si != 1.0) s << "x" << detail::num_g(c.scale_to_si);
  }
  s << "\n";
  return s.str();
}

ImportedRecording import_force_table(const std::string& path, const ImportOptions& options) {
  ForceTableReader reader(path, options);
  return collect(reader);
}

ImportedRecording import_force_table_text(std::string_view text, std::string_view name,
                                          const ImportOptions& options) {
  ForceTableReader reader = ForceTableReader::from_text(text, name, options);
  return collect(reader);
}

}  // namespace stridecue::offline
