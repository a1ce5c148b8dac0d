/*
 * Stream splitter: cuts bytes at 0x00 into frames without decoding them.
 * One splitter per byte stream, used by one thread at a time (the reader of that stream); no
 * allocation, never blocks. A frame that lies wholly inside one sc_splitter_feed() call is
 * handed to the callback in place (a pointer into the caller's data, valid only during the
 * call); a frame split across calls is assembled in s->buf. The callback must not feed the
 * same splitter.
 */
#include <string.h>

#include "stridecue/protocol/wire.h"

void sc_splitter_init(sc_splitter* s) {
  s->len = 0;
  s->discarding = false;
  s->oversize_runs = 0;
  s->discarded_bytes = 0;
}

/* Starts discarding a run that has grown past SC_MAX_FRAME_BYTES; `bytes` is its length. */
static void drop_run(sc_splitter* s, size_t bytes) {
  s->oversize_runs += 1;
  s->discarded_bytes += bytes;
  s->len = 0;
  s->discarding = true;
}

size_t sc_splitter_feed(sc_splitter* s, const uint8_t* data, size_t n, sc_frame_fn on_frame,
                        void* ctx) {
  size_t frames = 0;
  while (n > 0) {
    const uint8_t* zero = (const uint8_t*)memchr(data, 0, n);
    const size_t run = zero != NULL ? (size_t)(zero - data) : n; /* bytes before the 0x00 */

    if (s->discarding) {
      s->discarded_bytes += run;
    } else if (s->len + run > SC_MAX_FRAME_BYTES) {
      drop_run(s, s->len + run);
    } else if (zero != NULL && s->len == 0) {
      on_frame(ctx, data, run); /* whole frame in this chunk: no copy */
      ++frames;
    } else {
      if (run > 0) memcpy(s->buf + s->len, data, run);
      s->len += run;
      if (zero != NULL) {
        on_frame(ctx, s->buf, s->len);
        ++frames;
        s->len = 0;
      }
    }

    if (zero == NULL) break;
    s->discarding = false; /* the delimiter ends any run, valid or not */
    data = zero + 1;
    n -= run + 1;
  }
  return frames;
}
