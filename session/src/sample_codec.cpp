#include "stridecue/session/sample_codec.hpp"

#include <bit>
#include <cstring>
#include <type_traits>

namespace stridecue::session {

namespace {

static_assert(std::endian::native == std::endian::little,
              "session files are little-endian; add byte swapping for this machine");

template <typename T>
void put(std::vector<std::uint8_t>& out, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

template <typename T>
bool get(std::span<const std::uint8_t> bytes, std::size_t& pos, T& v) {
  if (bytes.size() - pos < sizeof(T)) return false;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  pos += sizeof(T);
  return true;
}

template <typename Sample>
void put_head(std::vector<std::uint8_t>& out, char tag, const Sample& s) {
  out.push_back(static_cast<std::uint8_t>(tag));
  put(out, s.t_ns);
  put(out, s.counter);
  put(out, s.device);
  put(out, s.flags);
}

template <typename Sample>
bool get_head(std::span<const std::uint8_t> b, std::size_t& pos, Sample& s) {
  return get(b, pos, s.t_ns) && get(b, pos, s.counter) && get(b, pos, s.device) &&
         get(b, pos, s.flags);
}

}  // namespace

bool encode_item(const SampleItem& item, std::vector<std::uint8_t>& out) {
  if (const auto* f = std::get_if<ForceFrame>(&item)) {
    put_head(out, 'F', *f);
    put(out, f->n_plates);
    for (std::size_t p = 0; p < f->n_plates && p < kMaxPlates; ++p) {
      const PlateWrench& w = f->plate[p];
      for (const float v : {w.fx_n, w.fy_n, w.fz_n, w.mx_nm, w.my_nm, w.mz_nm}) put(out, v);
    }
    return true;
  }
  if (const auto* l = std::get_if<LoadCellFrame>(&item)) {
    put_head(out, 'L', *l);
    put(out, l->n_plates);
    for (std::size_t p = 0; p < l->n_plates && p < kMaxPlates; ++p) {
      for (const float v : l->cell_n[p]) put(out, v);
    }
    return true;
  }
  if (const auto* s = std::get_if<ImuSample>(&item)) {
    put_head(out, 'I', *s);
    for (const float v : s->acc_mps2) put(out, v);
    for (const float v : s->gyro_rads) put(out, v);
    return true;
  }
  if (const auto* g = std::get_if<StreamGap>(&item)) {
    out.push_back(static_cast<std::uint8_t>('G'));
    put(out, g->t_ns);
    put(out, g->device);
    put(out, static_cast<std::uint8_t>(g->reason));
    put(out, g->lost_samples);
    return true;
  }
  return false;
}

std::optional<SampleItem> ChunkDecoder::next() {
  if (pos_ >= bytes_.size() || !error_.empty()) return std::nullopt;
  const std::size_t start = pos_;
  const char tag = static_cast<char>(bytes_[pos_++]);
  bool ok = false;
  SampleItem item;
  if (tag == 'F') {
    ForceFrame f;
    ok = get_head(bytes_, pos_, f) && get(bytes_, pos_, f.n_plates) && f.n_plates <= kMaxPlates;
    for (std::size_t p = 0; ok && p < f.n_plates; ++p) {
      PlateWrench& w = f.plate[p];
      ok = get(bytes_, pos_, w.fx_n) && get(bytes_, pos_, w.fy_n) && get(bytes_, pos_, w.fz_n) &&
           get(bytes_, pos_, w.mx_nm) && get(bytes_, pos_, w.my_nm) && get(bytes_, pos_, w.mz_nm);
    }
    item = f;
  } else if (tag == 'L') {
    LoadCellFrame l;
    ok = get_head(bytes_, pos_, l) && get(bytes_, pos_, l.n_plates) && l.n_plates <= kMaxPlates;
    for (std::size_t p = 0; ok && p < l.n_plates; ++p) {
      for (float& v : l.cell_n[p]) ok = ok && get(bytes_, pos_, v);
    }
    item = l;
  } else if (tag == 'I') {
    ImuSample s;
    ok = get_head(bytes_, pos_, s);
    for (float& v : s.acc_mps2) ok = ok && get(bytes_, pos_, v);
    for (float& v : s.gyro_rads) ok = ok && get(bytes_, pos_, v);
    item = s;
  } else if (tag == 'G') {
    StreamGap g;
    std::uint8_t reason = 0;
    ok = get(bytes_, pos_, g.t_ns) && get(bytes_, pos_, g.device) && get(bytes_, pos_, reason) &&
         get(bytes_, pos_, g.lost_samples) &&
         reason <= static_cast<std::uint8_t>(StreamGap::Reason::kRecordingOverflow);
    g.reason = static_cast<StreamGap::Reason>(reason);
    item = g;
  }
  if (!ok) {
    error_ =
        "damaged record at byte " + std::to_string(start) + " of " + std::to_string(bytes_.size());
    return std::nullopt;
  }
  return item;
}

}  // namespace stridecue::session
