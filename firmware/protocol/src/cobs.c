/*
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, IEEE/ACM Trans. Networking 7(2), 1999).
 * Each block is a code byte c (1..255) followed by c - 1 non-zero data bytes; a block with
 * c < 255 stands for its data plus one 0x00, except the last block of the frame. A run of 254
 * non-zero bytes at the very end of the input is emitted as FF + 254 bytes with no trailing
 * 01 block (the canonical form on Wikipedia); the decoder also accepts the trailing 01.
 * Reentrant, no state, no allocation.
 */
#include <string.h>

#include "stridecue/protocol/wire.h"

size_t sc_cobs_encode(const uint8_t* in, size_t n, uint8_t* out, size_t cap) {
  if (cap == 0) return 0;
  size_t code_pos = 0; /* where the current block's code byte goes */
  size_t w = 1;
  uint8_t code = 1; /* 1 + data bytes in the current block */
  for (size_t i = 0; i < n; ++i) {
    const uint8_t b = in[i];
    if (b != 0) {
      if (w >= cap) return 0;
      out[w++] = b;
      ++code;
      if (code != 0xFF) continue;
      out[code_pos] = 0xFF; /* block full: 254 data bytes, no implied zero */
      if (i + 1 == n) return w;
    } else {
      out[code_pos] = code; /* block ends at this zero */
    }
    if (w >= cap) return 0;
    code_pos = w++;
    code = 1;
  }
  out[code_pos] = code;
  return w;
}

sc_status sc_cobs_decode(const uint8_t* in, size_t n, uint8_t* out, size_t cap, size_t* out_n) {
  if (n == 0) return SC_ERR_EMPTY;
  size_t r = 0;
  size_t w = 0;
  while (r < n) {
    const uint8_t code = in[r++];
    if (code == 0) return SC_ERR_COBS;
    const size_t len = (size_t)code - 1;
    if (len > n - r) return SC_ERR_COBS; /* block runs past the end of the frame */
    if (len > 0) {
      if (memchr(in + r, 0, len) != NULL) return SC_ERR_COBS; /* 0x00 is only a delimiter */
      if (len > cap - w) return SC_ERR_TOO_LONG;
      memcpy(out + w, in + r, len);
      w += len;
      r += len;
    }
    if (code != 0xFF && r < n) {
      if (w >= cap) return SC_ERR_TOO_LONG;
      out[w++] = 0;
    }
  }
  *out_n = w;
  return SC_OK;
}
