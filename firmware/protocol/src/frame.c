/*
 * Whole frames: body = header (12) | payload | CRC-32C (4), little-endian, then COBS and 0x00.
 * Layout, field ranges and the order of checks are documented in docs/protocol.md; encoder
 * and decoder share one set of validation rules, so every frame the decoder accepts
 * re-encodes to the same bytes and every message the encoder accepts decodes back unchanged.
 * Reentrant, no globals, no allocation; encode and decode each use one body buffer of
 * SC_MAX_BODY_BYTES on the stack. No floating-point arithmetic: HELLO scale factors are
 * copied bit for bit.
 */
#include <string.h>

#include "byte_order.h"
#include "stridecue/protocol/check.h"
#include "stridecue/protocol/wire.h"

_Static_assert(sizeof(float) == 4, "HELLO scale factors travel as IEEE-754 binary32");

enum {
  HELLO_PAYLOAD_BYTES = 56,
  STATUS_PAYLOAD_BYTES = 12,
  COMMAND_PAYLOAD_BYTES = 4,
  ACK_PAYLOAD_BYTES = 2,
  PLATE_PREFIX_BYTES = 2, /* FORCE6/LOADCELL: n_plates u8, reserved u8 */
  FORCE6_PLATE_SAMPLE_BYTES = SC_FORCE6_CHANNELS * 2,
  LOADCELL_PLATE_SAMPLE_BYTES = SC_LOADCELL_CHANNELS * 4,
  IMU_SAMPLE_BYTES = SC_IMU_CHANNELS * 2
};

/* ---- Shapes -------------------------------------------------------------------------------- */

static size_t fit_payload(size_t bytes) {
  return bytes <= SC_MAX_PAYLOAD_BYTES ? bytes : 0;
}

static bool valid_sample_count(unsigned n_samples) {
  return n_samples >= 1 && n_samples <= SC_MAX_SAMPLES_PER_FRAME;
}

static bool valid_plate_count(unsigned n_plates) {
  return n_plates >= 1 && n_plates <= SC_MAX_PLATES;
}

size_t sc_force6_payload_bytes(unsigned n_plates, unsigned n_samples) {
  if (!valid_plate_count(n_plates) || !valid_sample_count(n_samples)) return 0;
  return fit_payload(PLATE_PREFIX_BYTES + (size_t)n_samples * n_plates * FORCE6_PLATE_SAMPLE_BYTES);
}

size_t sc_loadcell_payload_bytes(unsigned n_plates, unsigned n_samples) {
  if (!valid_plate_count(n_plates) || !valid_sample_count(n_samples)) return 0;
  return fit_payload(PLATE_PREFIX_BYTES +
                     (size_t)n_samples * n_plates * LOADCELL_PLATE_SAMPLE_BYTES);
}

size_t sc_imu_payload_bytes(unsigned n_samples) {
  if (!valid_sample_count(n_samples)) return 0;
  return fit_payload((size_t)n_samples * IMU_SAMPLE_BYTES);
}

/* ---- Validation (shared by encoder and decoder) ------------------------------------------ */

static sc_status check_hello(const sc_hello* h) {
  size_t frame_payload = 0; /* a sample frame of the announced shape must fit */
  switch (h->kind) {
    case SC_DEVICE_FORCE6:
      frame_payload = sc_force6_payload_bytes(h->n_plates, h->samples_per_frame);
      break;
    case SC_DEVICE_LOADCELL:
      frame_payload = sc_loadcell_payload_bytes(h->n_plates, h->samples_per_frame);
      break;
    case SC_DEVICE_IMU:
      if (h->n_plates != 0) return SC_ERR_FIELD;
      frame_payload = sc_imu_payload_bytes(h->samples_per_frame);
      break;
    default:
      return SC_ERR_FIELD;
  }
  if (frame_payload == 0 || h->sample_rate_hz == 0) return SC_ERR_FIELD;
  return SC_OK;
}

static bool valid_command(uint8_t command) {
  return command >= SC_CMD_START && command <= SC_CMD_IDENTIFY;
}

static sc_status check_payload(const sc_message* m) {
  switch (m->header.type) {
    case SC_MSG_HELLO:
      return check_hello(&m->msg.hello);
    case SC_MSG_FORCE6:
      return sc_force6_payload_bytes(m->msg.force6.n_plates, m->msg.force6.n_samples) != 0
                 ? SC_OK
                 : SC_ERR_FIELD;
    case SC_MSG_LOADCELL:
      return sc_loadcell_payload_bytes(m->msg.loadcell.n_plates, m->msg.loadcell.n_samples) != 0
                 ? SC_OK
                 : SC_ERR_FIELD;
    case SC_MSG_IMU:
      return sc_imu_payload_bytes(m->msg.imu.n_samples) != 0 ? SC_OK : SC_ERR_FIELD;
    case SC_MSG_STATUS:
      return SC_OK; /* every value is meaningful (level > capacity is the device's business) */
    case SC_MSG_COMMAND:
      /* arg is not range-checked here: the device answers SC_ACK_BAD_ARGUMENT. */
      return valid_command(m->msg.command.command) ? SC_OK : SC_ERR_FIELD;
    case SC_MSG_ACK:
      return valid_command(m->msg.ack.command) && m->msg.ack.result <= SC_ACK_BUSY ? SC_OK
                                                                                   : SC_ERR_FIELD;
    default:
      return SC_ERR_TYPE;
  }
}

sc_status sc_check_message(const sc_message* msg) {
  if (msg == NULL) return SC_ERR_FIELD;
  return check_payload(msg);
}

/* ---- Encoding -------------------------------------------------------------------------------- */

/* Writes the payload of a message that passed check_payload; returns its length and sets
 *n_samples to the header value. p has room for SC_MAX_PAYLOAD_BYTES. */
static size_t put_payload(const sc_message* m, uint8_t* p, uint8_t* n_samples) {
  *n_samples = 0;
  switch (m->header.type) {
    case SC_MSG_HELLO: {
      const sc_hello* h = &m->msg.hello;
      p[0] = h->kind;
      p[1] = h->fw_major;
      p[2] = h->fw_minor;
      p[3] = h->fw_patch;
      memcpy(p + 4, h->serial, SC_SERIAL_BYTES);
      sc_put_u32(p + 20, h->calibration_id);
      sc_put_u16(p + 24, h->sample_rate_hz);
      p[26] = h->n_plates;
      p[27] = h->samples_per_frame;
      for (int c = 0; c < 6; ++c) {
        uint32_t bits;
        memcpy(&bits, &h->scale[c], sizeof bits);
        sc_put_u32(p + 28 + 4 * c, bits);
      }
      sc_put_u16(p + 52, h->accel_range_g);
      sc_put_u16(p + 54, h->gyro_range_dps);
      return HELLO_PAYLOAD_BYTES;
    }
    case SC_MSG_FORCE6: {
      const sc_force6* f = &m->msg.force6;
      *n_samples = f->n_samples;
      p[0] = f->n_plates;
      p[1] = 0;
      uint8_t* q = p + PLATE_PREFIX_BYTES;
      for (unsigned s = 0; s < f->n_samples; ++s) {
        for (unsigned k = 0; k < f->n_plates; ++k) {
          for (unsigned c = 0; c < SC_FORCE6_CHANNELS; ++c, q += 2) {
            sc_put_i16(q, f->counts[s][k][c]);
          }
        }
      }
      return (size_t)(q - p);
    }
    case SC_MSG_LOADCELL: {
      const sc_loadcell* l = &m->msg.loadcell;
      *n_samples = l->n_samples;
      p[0] = l->n_plates;
      p[1] = 0;
      uint8_t* q = p + PLATE_PREFIX_BYTES;
      for (unsigned s = 0; s < l->n_samples; ++s) {
        for (unsigned k = 0; k < l->n_plates; ++k) {
          for (unsigned c = 0; c < SC_LOADCELL_CHANNELS; ++c, q += 4) {
            sc_put_i32(q, l->counts[s][k][c]);
          }
        }
      }
      return (size_t)(q - p);
    }
    case SC_MSG_IMU: {
      const sc_imu* u = &m->msg.imu;
      *n_samples = u->n_samples;
      uint8_t* q = p;
      for (unsigned s = 0; s < u->n_samples; ++s) {
        for (unsigned c = 0; c < SC_IMU_CHANNELS; ++c, q += 2) sc_put_i16(q, u->counts[s][c]);
      }
      return (size_t)(q - p);
    }
    case SC_MSG_STATUS: {
      const sc_status_msg* st = &m->msg.status;
      sc_put_u32(p, st->overruns);
      sc_put_u16(p + 4, st->buffer_level);
      sc_put_u16(p + 6, st->buffer_capacity);
      sc_put_i16(p + 8, st->temperature_centi_c);
      sc_put_u16(p + 10, st->status_flags);
      return STATUS_PAYLOAD_BYTES;
    }
    case SC_MSG_COMMAND:
      p[0] = m->msg.command.command;
      p[1] = 0;
      sc_put_u16(p + 2, m->msg.command.arg);
      return COMMAND_PAYLOAD_BYTES;
    case SC_MSG_ACK:
      p[0] = m->msg.ack.command;
      p[1] = m->msg.ack.result;
      return ACK_PAYLOAD_BYTES;
    default:
      return 0; /* unreachable: check_payload rejected the type */
  }
}

size_t sc_encode_frame(const sc_message* msg, uint8_t* out, size_t cap) {
  if (msg == NULL || out == NULL || cap < 2) return 0;
  if (check_payload(msg) != SC_OK) return 0;

  uint8_t body[SC_MAX_BODY_BYTES];
  uint8_t n_samples = 0;
  const size_t payload_n = put_payload(msg, body + SC_HEADER_BYTES, &n_samples);
  body[0] = SC_PROTOCOL_VERSION;
  body[1] = msg->header.type;
  body[2] = msg->header.flags;
  body[3] = n_samples;
  sc_put_u32(body + 4, msg->header.counter);
  sc_put_u32(body + 8, msg->header.t_device_us);
  const size_t crc_at = SC_HEADER_BYTES + payload_n;
  sc_put_u32(body + crc_at, sc_crc32c(body, crc_at));

  const size_t k = sc_cobs_encode(body, crc_at + SC_CRC_BYTES, out, cap - 1);
  if (k == 0) return 0;
  out[k] = 0;
  return k + 1;
}

/* ---- Decoding -------------------------------------------------------------------------------- */

static sc_status get_hello(const uint8_t* p, size_t n, sc_hello* h) {
  if (n != HELLO_PAYLOAD_BYTES) return SC_ERR_LENGTH;
  h->kind = p[0];
  h->fw_major = p[1];
  h->fw_minor = p[2];
  h->fw_patch = p[3];
  memcpy(h->serial, p + 4, SC_SERIAL_BYTES);
  h->calibration_id = sc_get_u32(p + 20);
  h->sample_rate_hz = sc_get_u16(p + 24);
  h->n_plates = p[26];
  h->samples_per_frame = p[27];
  for (int c = 0; c < 6; ++c) {
    const uint32_t bits = sc_get_u32(p + 28 + 4 * c);
    memcpy(&h->scale[c], &bits, sizeof bits);
  }
  h->accel_range_g = sc_get_u16(p + 52);
  h->gyro_range_dps = sc_get_u16(p + 54);
  return check_hello(h);
}

/* FORCE6 and LOADCELL share the prefix: n_plates u8, reserved u8 (must be 0). */
static sc_status get_plate_prefix(const uint8_t* p, size_t n, uint8_t* n_plates) {
  if (n < PLATE_PREFIX_BYTES) return SC_ERR_LENGTH;
  if (!valid_plate_count(p[0]) || p[1] != 0) return SC_ERR_FIELD;
  *n_plates = p[0];
  return SC_OK;
}

static sc_status get_force6(const uint8_t* p, size_t n, uint8_t n_samples, sc_force6* f) {
  const sc_status st = get_plate_prefix(p, n, &f->n_plates);
  if (st != SC_OK) return st;
  const size_t want = sc_force6_payload_bytes(f->n_plates, n_samples);
  if (want == 0) return SC_ERR_FIELD;
  if (n != want) return SC_ERR_LENGTH;
  f->n_samples = n_samples;
  const uint8_t* q = p + PLATE_PREFIX_BYTES;
  for (unsigned s = 0; s < n_samples; ++s) {
    for (unsigned k = 0; k < f->n_plates; ++k) {
      for (unsigned c = 0; c < SC_FORCE6_CHANNELS; ++c, q += 2) f->counts[s][k][c] = sc_get_i16(q);
    }
  }
  return SC_OK;
}

static sc_status get_loadcell(const uint8_t* p, size_t n, uint8_t n_samples, sc_loadcell* l) {
  const sc_status st = get_plate_prefix(p, n, &l->n_plates);
  if (st != SC_OK) return st;
  const size_t want = sc_loadcell_payload_bytes(l->n_plates, n_samples);
  if (want == 0) return SC_ERR_FIELD;
  if (n != want) return SC_ERR_LENGTH;
  l->n_samples = n_samples;
  const uint8_t* q = p + PLATE_PREFIX_BYTES;
  for (unsigned s = 0; s < n_samples; ++s) {
    for (unsigned k = 0; k < l->n_plates; ++k) {
      for (unsigned c = 0; c < SC_LOADCELL_CHANNELS; ++c, q += 4) {
        l->counts[s][k][c] = sc_get_i32(q);
      }
    }
  }
  return SC_OK;
}

static sc_status get_imu(const uint8_t* p, size_t n, uint8_t n_samples, sc_imu* u) {
  if (n != (size_t)n_samples * IMU_SAMPLE_BYTES) return SC_ERR_LENGTH;
  u->n_samples = n_samples;
  for (unsigned s = 0; s < n_samples; ++s) {
    for (unsigned c = 0; c < SC_IMU_CHANNELS; ++c, p += 2) u->counts[s][c] = sc_get_i16(p);
  }
  return SC_OK;
}

static sc_status get_status(const uint8_t* p, size_t n, sc_status_msg* st) {
  if (n != STATUS_PAYLOAD_BYTES) return SC_ERR_LENGTH;
  st->overruns = sc_get_u32(p);
  st->buffer_level = sc_get_u16(p + 4);
  st->buffer_capacity = sc_get_u16(p + 6);
  st->temperature_centi_c = sc_get_i16(p + 8);
  st->status_flags = sc_get_u16(p + 10);
  return SC_OK;
}

static sc_status get_command(const uint8_t* p, size_t n, sc_command* c) {
  if (n != COMMAND_PAYLOAD_BYTES) return SC_ERR_LENGTH;
  if (!valid_command(p[0]) || p[1] != 0) return SC_ERR_FIELD;
  c->command = p[0];
  c->arg = sc_get_u16(p + 2);
  return SC_OK;
}

static sc_status get_ack(const uint8_t* p, size_t n, sc_ack* a) {
  if (n != ACK_PAYLOAD_BYTES) return SC_ERR_LENGTH;
  if (!valid_command(p[0]) || p[1] > SC_ACK_BUSY) return SC_ERR_FIELD;
  a->command = p[0];
  a->result = p[1];
  return SC_OK;
}

sc_status sc_decode_frame(const uint8_t* frame, size_t n, sc_message* msg) {
  if (n == 0) return SC_ERR_EMPTY;
  if (n > SC_MAX_FRAME_BYTES - 1) return SC_ERR_TOO_LONG; /* the limit includes the 0x00 */

  uint8_t body[SC_MAX_BODY_BYTES];
  size_t body_n = 0;
  const sc_status cobs = sc_cobs_decode(frame, n, body, sizeof body, &body_n);
  if (cobs != SC_OK) return cobs;
  if (body_n < SC_HEADER_BYTES + SC_CRC_BYTES) return SC_ERR_TOO_SHORT;
  const size_t crc_at = body_n - SC_CRC_BYTES;
  if (sc_get_u32(body + crc_at) != sc_crc32c(body, crc_at)) return SC_ERR_CRC;
  if (body[0] != SC_PROTOCOL_VERSION) return SC_ERR_VERSION;

  sc_header* h = &msg->header;
  h->version = body[0];
  h->type = body[1];
  h->flags = body[2]; /* bits other than SC_FLAG_OVERRUN are passed through, not checked */
  h->n_samples = body[3];
  h->counter = sc_get_u32(body + 4);
  h->t_device_us = sc_get_u32(body + 8);

  const uint8_t* p = body + SC_HEADER_BYTES;
  const size_t pn = crc_at - SC_HEADER_BYTES;
  const bool sample_msg =
      h->type == SC_MSG_FORCE6 || h->type == SC_MSG_LOADCELL || h->type == SC_MSG_IMU;
  switch (h->type) {
    case SC_MSG_HELLO:
    case SC_MSG_FORCE6:
    case SC_MSG_LOADCELL:
    case SC_MSG_IMU:
    case SC_MSG_STATUS:
    case SC_MSG_COMMAND:
    case SC_MSG_ACK:
      break;
    default:
      return SC_ERR_TYPE;
  }
  if (sample_msg ? !valid_sample_count(h->n_samples) : h->n_samples != 0) return SC_ERR_FIELD;

  switch (h->type) {
    case SC_MSG_HELLO:
      return get_hello(p, pn, &msg->msg.hello);
    case SC_MSG_FORCE6:
      return get_force6(p, pn, h->n_samples, &msg->msg.force6);
    case SC_MSG_LOADCELL:
      return get_loadcell(p, pn, h->n_samples, &msg->msg.loadcell);
    case SC_MSG_IMU:
      return get_imu(p, pn, h->n_samples, &msg->msg.imu);
    case SC_MSG_STATUS:
      return get_status(p, pn, &msg->msg.status);
    case SC_MSG_COMMAND:
      return get_command(p, pn, &msg->msg.command);
    default: /* SC_MSG_ACK */
      return get_ack(p, pn, &msg->msg.ack);
  }
}

const char* sc_status_name(sc_status status) {
  switch (status) {
    case SC_OK:
      return "OK";
    case SC_ERR_EMPTY:
      return "empty frame";
    case SC_ERR_COBS:
      return "invalid COBS encoding";
    case SC_ERR_TOO_SHORT:
      return "frame shorter than header and CRC";
    case SC_ERR_TOO_LONG:
      return "frame too long";
    case SC_ERR_CRC:
      return "CRC mismatch";
    case SC_ERR_VERSION:
      return "unsupported protocol version";
    case SC_ERR_TYPE:
      return "unknown message type";
    case SC_ERR_LENGTH:
      return "payload length does not match header";
    case SC_ERR_FIELD:
      return "field out of range";
    case SC_ERR_BUFFER:
      return "output buffer too small";
  }
  return "unknown status";
}
