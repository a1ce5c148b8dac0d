/*
 * Little-endian field access for the wire format, byte by byte: no struct casts, no alignment
 * assumptions, no dependence on the host's byte order. Compilers turn these into single loads
 * and stores on little-endian targets. Private to sc_protocol (not installed).
 */
#ifndef STRIDECUE_PROTOCOL_BYTE_ORDER_H
#define STRIDECUE_PROTOCOL_BYTE_ORDER_H

#include <stdint.h>

static inline void sc_put_u16(uint8_t* p, uint16_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)(v >> 8);
}

static inline void sc_put_u32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)((v >> 8) & 0xFFu);
  p[2] = (uint8_t)((v >> 16) & 0xFFu);
  p[3] = (uint8_t)(v >> 24);
}

static inline uint16_t sc_get_u16(const uint8_t* p) {
  return (uint16_t)((uint16_t)p[0] | (uint16_t)((uint16_t)p[1] << 8));
}

static inline uint32_t sc_get_u32(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Two's complement conversions are spelled out: converting an out-of-range unsigned value to a
   signed type is implementation-defined in C11 (6.3.1.3), so do it arithmetically. */
static inline void sc_put_i16(uint8_t* p, int16_t v) {
  sc_put_u16(p, (uint16_t)v);
}

static inline void sc_put_i32(uint8_t* p, int32_t v) {
  sc_put_u32(p, (uint32_t)v);
}

static inline int16_t sc_get_i16(const uint8_t* p) {
  uint16_t u = sc_get_u16(p);
  return u < 0x8000u ? (int16_t)u : (int16_t)((int32_t)u - 0x10000);
}

static inline int32_t sc_get_i32(const uint8_t* p) {
  uint32_t u = sc_get_u32(p);
  return u < 0x80000000u ? (int32_t)u : (int32_t)(u - 0x80000000u) + INT32_MIN;
}

#endif /* STRIDECUE_PROTOCOL_BYTE_ORDER_H */
