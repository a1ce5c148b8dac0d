/*
 * Message validation without encoding, for callers that need to say why sc_encode_frame
 * returned 0 (an invalid message rather than a small buffer). Same rules as the decoder
 * applies after the CRC check; see docs/protocol.md for each field's range.
 * Plain C11, reentrant, no allocation.
 */
#ifndef STRIDECUE_PROTOCOL_CHECK_H
#define STRIDECUE_PROTOCOL_CHECK_H

#include "stridecue/protocol/wire.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SC_OK if sc_encode_frame accepts msg; SC_ERR_TYPE for an unknown msg->header.type;
   SC_ERR_FIELD for a field out of range or a sample shape (n_plates x n_samples) that does
   not fit one frame. header.version and header.n_samples are ignored, as by the encoder. */
sc_status sc_check_message(const sc_message* msg);

#ifdef __cplusplus
}
#endif

#endif /* STRIDECUE_PROTOCOL_CHECK_H */
