/* pt-http-accept.h — Accept-Encoding evaluation (layer 0)
 *
 * RFC 9110 §12.5.3 for the three codings Portico can serve: br and gzip
 * (precompressed sidecar files) and identity.  Pure: no allocation.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef enum
{
  PT_HTTP_CODING_NONE = -1,   /* nothing acceptable (identity excluded too) */
  PT_HTTP_CODING_IDENTITY = 0,
  PT_HTTP_CODING_GZIP,
  PT_HTTP_CODING_BR,
  PT_HTTP_N_CODINGS
} PtHttpCoding;

#define PT_HTTP_CODING_BIT(c) (1u << (c))

/* Weights are thousandths: qvalue "0.5" is 500, "1" is 1000. */
#define PT_HTTP_Q_MAX       1000
#define PT_HTTP_Q_DECIMALS  3      /* "0.001" is valid, "0.0001" is not */
/* identity that the field does not mention (and no "*"): acceptable, but
 * behind every coding the client listed with a weight above 0. */
#define PT_HTTP_Q_IDENTITY_IMPLIED 1

typedef struct
{
  uint16_t q[PT_HTTP_N_CODINGS];   /* 0 = not acceptable .. PT_HTTP_Q_MAX */
} PtHttpAcceptEncoding;

/* Evaluates an Accept-Encoding field value value[0..len).  value == NULL
 * means the field is absent: identity only (RFC 9110 allows any coding
 * then, but a client that says nothing gets the plain file).
 *
 *   Accept-Encoding = #( codings [ weight ] )
 *   codings = content-coding / "identity" / "*"      (case-insensitive;
 *             "x-gzip" is gzip, RFC 9110 §8.4.1.3)
 *   weight  = OWS ";" OWS "q=" qvalue                 ("Q=" too)
 *   qvalue  = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 *
 * An element that does not match this (an invalid qvalue such as "1.5",
 * "0.0001", ".5" or "q=", a parameter other than q, a stray byte) is
 * ignored; the others still count.  Unknown codings are ignored.  The
 * first element naming a coding wins over later ones; an explicit coding
 * wins over "*", which covers every coding not named.  An empty value (or
 * one where every element was ignored) leaves identity acceptable and
 * nothing else; identity is excluded only by "identity;q=0" or by
 * "*;q=0" without an identity element. */
void pt_http_accept_encoding_parse (const char           *value,
                                    size_t                len,
                                    PtHttpAcceptEncoding *out);

/* Chooses the coding to send among those available (a mask of
 * PT_HTTP_CODING_BIT; identity is always available, whatever the mask
 * says): the highest weight above 0 wins, ties prefer br, then gzip, then
 * identity.  PT_HTTP_CODING_NONE when no available coding is acceptable
 * (the engine then sends identity anyway, RFC 9110 §12.5.3 allows it, or
 * answers 406). */
PtHttpCoding pt_http_accept_encoding_choose (const PtHttpAcceptEncoding *ae,
                                             unsigned                    available);
