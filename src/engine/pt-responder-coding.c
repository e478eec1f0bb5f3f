/* pt-responder-coding.c — the responder's choice of a precompressed file (layer 1) */
#define G_LOG_DOMAIN "pt-engine"

#include "pt-responder-coding.h"

#include "pt-http-accept.h"

/* The file cache's variants, in the order of PtFileCacheEntry.variants, and
 * the coding each one is. */
static const PtFileCacheVariant variants[] = {
  { ".br", "br" },
  { ".gz", "gzip" },
};
static const PtHttpCoding variant_coding[] = {
  PT_HTTP_CODING_BR,
  PT_HTTP_CODING_GZIP,
};

G_STATIC_ASSERT (G_N_ELEMENTS (variants) == G_N_ELEMENTS (variant_coding));
G_STATIC_ASSERT (G_N_ELEMENTS (variants) <= PT_FILE_CACHE_MAX_VARIANTS);

void
pt_responder_coding_enable (PtFileCache *cache)
{
  pt_file_cache_set_variants (cache, variants, G_N_ELEMENTS (variants), PT_RESPONDER_CODING_VARY);
}

PtFileCacheEntry *
pt_responder_coding_choose (const PtHttpRequest *req,
                            PtFileCacheEntry    *entry)
{
  PtHttpAcceptEncoding ae;
  PtHttpCoding chosen;
  unsigned available = 0;

  if (entry->vary == NULL ||
      PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_RANGE) ||
      !PT_HTTP_HAS_HEADER (req, PT_HTTP_HEADER_ACCEPT_ENCODING))
    return entry;

  for (gsize i = 0; i < G_N_ELEMENTS (variants); i++)
    if (entry->variants[i] != NULL)
      available |= PT_HTTP_CODING_BIT (variant_coding[i]);

  pt_http_accept_encoding_parse (req->headers[PT_HTTP_HEADER_ACCEPT_ENCODING].ptr,
                                 req->headers[PT_HTTP_HEADER_ACCEPT_ENCODING].len, &ae);
  chosen = pt_http_accept_encoding_choose (&ae, available);

  for (gsize i = 0; i < G_N_ELEMENTS (variants); i++)
    if (variant_coding[i] == chosen && entry->variants[i] != NULL)
      {
        PtFileCacheEntry *variant = pt_file_cache_entry_ref (entry->variants[i]);

        pt_file_cache_entry_unref (entry);
        return variant;
      }
  return entry;
}
