/*
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, init 0xFFFFFFFF, final XOR 0xFFFFFFFF.
 * Slicing-by-8 (Intel, Kounavis & Berry 2005): eight bytes per step through eight const
 * 256-entry tables (8 KiB of flash/rodata), then byte-wise for the tail. Define
 * SC_CRC32C_BYTEWISE to use only the first table (1 KiB, about 4x slower) on small devices;
 * both give identical results.
 * Reentrant, no state, any thread, no allocation.
 */
#include "stridecue/protocol/wire.h"

#include "byte_order.h"
#include "crc32c_table.inc"

uint32_t sc_crc32c(const uint8_t* data, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  const uint32_t(*const t)[256] = sc_crc32c_table;
#ifndef SC_CRC32C_BYTEWISE
  while (n >= 8) {
    /* Bytes 0..3 are folded with the register, bytes 4..7 enter unmodified; byte j of the
       block is looked up in table 7 - j (it is followed by 7 - j more bytes of this block). */
    const uint32_t lo = sc_get_u32(data) ^ crc;
    const uint32_t hi = sc_get_u32(data + 4);
    crc = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
          t[3][hi & 0xFFu] ^ t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
    data += 8;
    n -= 8;
  }
#endif
  while (n > 0) {
    crc = (crc >> 8) ^ t[0][(crc ^ *data) & 0xFFu];
    ++data;
    --n;
  }
  return crc ^ 0xFFFFFFFFu;
}
