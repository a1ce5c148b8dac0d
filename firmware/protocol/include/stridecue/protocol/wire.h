/*
 * StrideCue wire protocol, version 1 — shared by the device firmware and the host.
 *
 * Plain C11: no heap, no exceptions, no global state, no floating point in the framing path.
 * Every function is reentrant and may be called from any thread or an interrupt-free main loop.
 * The byte layout, message types and link budget are written down in docs/protocol.md.
 *
 * A frame on the wire is   COBS(body) 0x00
 * and a body is            header (12 bytes) | payload | CRC-32C (4 bytes) over header+payload.
 * All multi-byte fields are little-endian. COBS guarantees that 0x00 occurs only as the frame
 * delimiter, so a reader resynchronises at the next 0x00 after any corruption.
 */
#ifndef STRIDECUE_PROTOCOL_WIRE_H
#define STRIDECUE_PROTOCOL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  SC_PROTOCOL_VERSION = 1,
  SC_HEADER_BYTES = 12,
  SC_CRC_BYTES = 4,
  /* Largest body (header + payload + CRC) either side accepts. */
  SC_MAX_BODY_BYTES = 512,
  SC_MAX_PAYLOAD_BYTES = SC_MAX_BODY_BYTES - SC_HEADER_BYTES - SC_CRC_BYTES,
  /* COBS adds one byte per 254 bytes (rounded up) plus one; the delimiter adds one more. */
  SC_MAX_FRAME_BYTES = SC_MAX_BODY_BYTES + SC_MAX_BODY_BYTES / 254 + 2 + 1,
  SC_SERIAL_BYTES = 16,
  SC_MAX_PLATES = 2,
  SC_FORCE6_CHANNELS = 6,  /* Fx Fy Fz Mx My Mz per plate */
  SC_LOADCELL_CHANNELS = 4, /* four uniaxial cells per plate */
  SC_IMU_CHANNELS = 6,     /* ax ay az gx gy gz */
  /* Most samples one frame may carry (bounded again by SC_MAX_PAYLOAD_BYTES). */
  SC_MAX_SAMPLES_PER_FRAME = 16
};

/* Message types (header byte 1). */
typedef enum {
  SC_MSG_HELLO = 0x01,    /* device -> host: identity, channel layout, scaling, rate */
  SC_MSG_FORCE6 = 0x10,   /* device -> host: 6-axis plate samples, int16 counts */
  SC_MSG_LOADCELL = 0x11, /* device -> host: load-cell samples, int32 raw counts */
  SC_MSG_IMU = 0x12,      /* device -> host: accelerometer + gyroscope, int16 counts */
  SC_MSG_STATUS = 0x20,   /* device -> host: overruns, buffer level, temperature */
  SC_MSG_COMMAND = 0x30,  /* host -> device: start, stop, tare, set rate, identify */
  SC_MSG_ACK = 0x31       /* device -> host: result of one command */
} sc_msg_type;

typedef enum {
  SC_DEVICE_FORCE6 = 1,   /* one or two 6-axis force plates (amplifier channels) */
  SC_DEVICE_LOADCELL = 2, /* one or two plates of four uniaxial load cells */
  SC_DEVICE_IMU = 3       /* pelvis IMU: 3-axis accelerometer + 3-axis gyroscope */
} sc_device_kind;

typedef enum {
  SC_CMD_START = 1,
  SC_CMD_STOP = 2,
  SC_CMD_TARE = 3,     /* zero the plates now (treadmill must be unloaded) */
  SC_CMD_SET_RATE = 4, /* arg = new sample rate in Hz */
  SC_CMD_IDENTIFY = 5  /* device answers with HELLO (and blinks, where it has a LED) */
} sc_command_code;

typedef enum {
  SC_ACK_OK = 0,
  SC_ACK_UNSUPPORTED = 1,
  SC_ACK_BAD_ARGUMENT = 2,
  SC_ACK_BUSY = 3
} sc_ack_result;

/* Result of every decoding step; SC_OK is zero. */
typedef enum {
  SC_OK = 0,
  SC_ERR_EMPTY,         /* zero-length frame (two delimiters in a row) */
  SC_ERR_COBS,          /* COBS structure invalid (a code byte points past the end, or a 0x00) */
  SC_ERR_TOO_SHORT,     /* body shorter than header + CRC */
  SC_ERR_TOO_LONG,      /* body or encoded frame longer than the limits above */
  SC_ERR_CRC,           /* CRC-32C mismatch */
  SC_ERR_VERSION,       /* header version is not SC_PROTOCOL_VERSION */
  SC_ERR_TYPE,          /* unknown message type */
  SC_ERR_LENGTH,        /* payload length does not match what the header declares */
  SC_ERR_FIELD,         /* a field is out of its range (e.g. n_plates = 0, unknown kind) */
  SC_ERR_BUFFER         /* caller's output buffer is too small (encoding only) */
} sc_status;

/* Human-readable name of a status, e.g. "CRC mismatch". Never NULL. */
const char* sc_status_name(sc_status status);

/* ---- Header ----------------------------------------------------------------------------- */
typedef struct {
  uint8_t version;     /* SC_PROTOCOL_VERSION */
  uint8_t type;        /* sc_msg_type */
  uint8_t flags;       /* bit 0: SC_FLAG_OVERRUN (device lost samples before this frame) */
  uint8_t n_samples;   /* samples in the payload (0 for non-sample messages) */
  uint32_t counter;    /* sample messages: counter of the first sample (wraps at 2^32);
                          others: message sequence number (COMMAND/ACK: command sequence) */
  uint32_t t_device_us; /* device clock in microseconds when the first sample was taken (or
                           the message was made); wraps at 2^32 µs ≈ 71.6 min */
} sc_header;

enum { SC_FLAG_OVERRUN = 0x01 };

/* ---- Messages ---------------------------------------------------------------------------- */
typedef struct {
  uint8_t kind;               /* sc_device_kind */
  uint8_t fw_major, fw_minor, fw_patch;
  char serial[SC_SERIAL_BYTES]; /* NUL-padded, not necessarily NUL-terminated */
  uint32_t calibration_id;    /* identifies the calibration the device was built with */
  uint16_t sample_rate_hz;
  uint8_t n_plates;           /* FORCE6/LOADCELL: 1 or 2; IMU: 0 */
  uint8_t samples_per_frame;  /* what the device packs per sample frame */
  /* Physical value of one count, per channel of one plate (or of the IMU):
     FORCE6: Fx Fy Fz in N, Mx My Mz in N·m; LOADCELL: N per count for cells 0..3;
     IMU: ax ay az in m/s², gx gy gz in rad/s. */
  float scale[6];
  uint16_t accel_range_g;     /* IMU: ± full scale; 0 otherwise */
  uint16_t gyro_range_dps;    /* IMU: ± full scale; 0 otherwise */
} sc_hello;

/* Samples decoded in place from one frame; channel order per plate as in sc_hello.scale. */
typedef struct {
  uint8_t n_plates;
  uint8_t n_samples;
  int16_t counts[SC_MAX_SAMPLES_PER_FRAME][SC_MAX_PLATES][SC_FORCE6_CHANNELS];
} sc_force6;

typedef struct {
  uint8_t n_plates;
  uint8_t n_samples;
  int32_t counts[SC_MAX_SAMPLES_PER_FRAME][SC_MAX_PLATES][SC_LOADCELL_CHANNELS];
} sc_loadcell;

typedef struct {
  uint8_t n_samples;
  int16_t counts[SC_MAX_SAMPLES_PER_FRAME][SC_IMU_CHANNELS];
} sc_imu;

typedef struct {
  uint32_t overruns;          /* samples lost on the device since start */
  uint16_t buffer_level;      /* bytes or samples queued for the link, device's choice */
  uint16_t buffer_capacity;
  int16_t temperature_centi_c; /* INT16_MIN when unknown */
  uint16_t status_flags;      /* bit 0: sensor saturated since the last status */
} sc_status_msg;

enum { SC_STATUS_SATURATED = 0x0001 };

typedef struct {
  uint8_t command; /* sc_command_code */
  uint16_t arg;    /* SET_RATE: Hz; otherwise 0 */
} sc_command;

typedef struct {
  uint8_t command; /* the command acknowledged; header.counter carries its sequence */
  uint8_t result;  /* sc_ack_result */
} sc_ack;

/* One decoded frame: the header plus the message its type selects. */
typedef struct {
  sc_header header;
  union {
    sc_hello hello;
    sc_force6 force6;
    sc_loadcell loadcell;
    sc_imu imu;
    sc_status_msg status;
    sc_command command;
    sc_ack ack;
  } msg;
} sc_message;

/* ---- Checksums and byte stuffing --------------------------------------------------------- */
/* CRC-32C (Castagnoli, reflected poly 0x82F63B78, init and final XOR 0xFFFFFFFF).
   sc_crc32c(data, n) of "123456789" is 0xE3069283. */
uint32_t sc_crc32c(const uint8_t* data, size_t n);

/* COBS-encodes n bytes into out (no delimiter appended). Returns bytes written, or 0 when
   cap is too small. Worst case output: n + n/254 + 1. */
size_t sc_cobs_encode(const uint8_t* in, size_t n, uint8_t* out, size_t cap);

/* COBS-decodes n bytes (without delimiter) into out. Returns SC_OK and sets *out_n, or
   SC_ERR_COBS / SC_ERR_TOO_LONG / SC_ERR_EMPTY. in and out may not overlap. */
sc_status sc_cobs_decode(const uint8_t* in, size_t n, uint8_t* out, size_t cap, size_t* out_n);

/* ---- Whole frames ------------------------------------------------------------------------ */
/* Encodes msg (header.version/type/n_samples are filled in from the message) into a complete
   wire frame including the trailing 0x00. Returns bytes written, or 0 if the message is
   invalid or cap is too small. cap >= SC_MAX_FRAME_BYTES always suffices. */
size_t sc_encode_frame(const sc_message* msg, uint8_t* out, size_t cap);

/* Decodes one frame's bytes WITHOUT the trailing delimiter into *msg. Checks COBS, length,
   CRC, version, type and payload layout; on any error *msg is unspecified. */
sc_status sc_decode_frame(const uint8_t* frame, size_t n, sc_message* msg);

/* ---- Stream splitter --------------------------------------------------------------------- */
/* Cuts a byte stream at 0x00 delimiters into frames, without decoding them. Bytes before the
   first delimiter after start-up may be a partial frame: the caller's decoder rejects them.
   A run longer than SC_MAX_FRAME_BYTES without a delimiter is discarded (counted) and the
   splitter waits for the next delimiter. */
typedef struct {
  uint8_t buf[SC_MAX_FRAME_BYTES];
  size_t len;
  bool discarding;          /* inside an over-long run, waiting for a delimiter */
  uint64_t oversize_runs;   /* runs discarded because they were too long */
  uint64_t discarded_bytes; /* bytes thrown away in those runs */
} sc_splitter;

void sc_splitter_init(sc_splitter* s);

/* Feeds bytes; calls on_frame(ctx, frame, len) for each complete frame (delimiter removed;
   len may be 0 for back-to-back delimiters). Returns the number of frames delivered. */
typedef void (*sc_frame_fn)(void* ctx, const uint8_t* frame, size_t len);
size_t sc_splitter_feed(sc_splitter* s, const uint8_t* data, size_t n, sc_frame_fn on_frame,
                        void* ctx);

/* Payload bytes a sample message of this shape needs (0 if it cannot fit a frame). */
size_t sc_force6_payload_bytes(unsigned n_plates, unsigned n_samples);
size_t sc_loadcell_payload_bytes(unsigned n_plates, unsigned n_samples);
size_t sc_imu_payload_bytes(unsigned n_samples);

#ifdef __cplusplus
}
#endif

#endif /* STRIDECUE_PROTOCOL_WIRE_H */
