/* lectern-fetch-result.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-fetch-result.h"

#include "lectern-fetcher-private.h"

/**
 * LecternFetchResult:
 *
 * What lectern_fetcher_fetch_finish() brings back: the address after redirects, the HTTP
 * status, the kind of content with its media type and charset, the body, and whether it
 * came from this computer or its local network. It is immutable once the fetcher hands
 * it out and reference counted (atomically), so it can be handed to a worker thread.
 */
struct _LecternFetchResult
{
  /* Owned */
  char *uri;
  char *content_type;
  char *charset;
  GBytes *body;
  guint status;
  LecternFetchContent content;
  gboolean local;
};

G_DEFINE_ENUM_TYPE (LecternFetchContent, lectern_fetch_content,
  G_DEFINE_ENUM_VALUE (LECTERN_FETCH_CONTENT_HTML, "html"),
  G_DEFINE_ENUM_VALUE (LECTERN_FETCH_CONTENT_TEXT, "text"),
  G_DEFINE_ENUM_VALUE (LECTERN_FETCH_CONTENT_IMAGE, "image"))

G_DEFINE_BOXED_TYPE (LecternFetchResult, lectern_fetch_result,
                     lectern_fetch_result_ref, lectern_fetch_result_unref)

/**
 * lectern_fetch_result_new:
 * @uri: the address the content came from, after redirects
 * @status: the HTTP status, or 0 when the content did not come over HTTP
 * @content: what the content is
 * @content_type: its media type, lower case, without parameters ("text/html")
 * @charset: (nullable): the charset the server named, if any
 * @body: the bytes, as they came (after content decoding)
 *
 * Makes a result. The fetcher makes them; the saver may make one for a local file.
 *
 * Returns: (transfer full): a new #LecternFetchResult
 */
LecternFetchResult *
lectern_fetch_result_new (const char          *uri,
                          guint                status,
                          LecternFetchContent  content,
                          const char          *content_type,
                          const char          *charset,
                          GBytes              *body)
{
  LecternFetchResult *self;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (content_type != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_atomic_rc_box_new0 (LecternFetchResult);
  self->uri = g_strdup (uri);
  self->status = status;
  self->content = content;
  self->content_type = g_strdup (content_type);
  self->charset = g_strdup (charset);
  self->body = g_bytes_ref (body);

  return self;
}

static void
lectern_fetch_result_clear (LecternFetchResult *self)
{
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->charset, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
}

/**
 * lectern_fetch_result_ref:
 * @self: a #LecternFetchResult
 *
 * Returns: (transfer full): @self, with one more reference
 */
LecternFetchResult *
lectern_fetch_result_ref (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * lectern_fetch_result_unref:
 * @self: (transfer full): a #LecternFetchResult
 *
 * Drops a reference, freeing the result with the last one.
 */
void
lectern_fetch_result_unref (LecternFetchResult *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify)lectern_fetch_result_clear);
}

/**
 * lectern_fetch_result_get_uri:
 * @self: a #LecternFetchResult
 *
 * Returns: (transfer none): the address the content came from, after redirects; use it
 *   as the base for relative links
 */
const char *
lectern_fetch_result_get_uri (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uri;
}

/**
 * lectern_fetch_result_get_status:
 * @self: a #LecternFetchResult
 *
 * Returns: the HTTP status of the last response (a 2xx code), or 0 for local content
 */
guint
lectern_fetch_result_get_status (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/**
 * lectern_fetch_result_get_content:
 * @self: a #LecternFetchResult
 *
 * Returns: what the content is
 */
LecternFetchContent
lectern_fetch_result_get_content (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, LECTERN_FETCH_CONTENT_HTML);

  return self->content;
}

/**
 * lectern_fetch_result_get_content_type:
 * @self: a #LecternFetchResult
 *
 * The media type of the content, lower case and without parameters. For a page it is
 * the server's type when the bytes agree ("text/html", "application/xhtml+xml",
 * "text/plain"), else the sniffed one; for an image it is always the type its bytes
 * show ("image/png"), whatever the server said.
 *
 * Returns: (transfer none): the media type
 */
const char *
lectern_fetch_result_get_content_type (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->content_type;
}

/**
 * lectern_fetch_result_get_charset:
 * @self: a #LecternFetchResult
 *
 * The charset parameter of the Content-Type header, exactly as the server spelled it
 * ("utf-8", "GBK", "Shift_JIS"). It is a hint for the extractor; the body has not been
 * converted.
 *
 * Returns: (transfer none) (nullable): the charset, or %NULL if the server named none
 */
const char *
lectern_fetch_result_get_charset (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->charset;
}

/**
 * lectern_fetch_result_get_body:
 * @self: a #LecternFetchResult
 *
 * Returns: (transfer none): the body, decompressed if the server compressed it, but
 *   otherwise untouched
 */
GBytes *
lectern_fetch_result_get_body (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body;
}

/**
 * lectern_fetch_result_get_local:
 * @self: a #LecternFetchResult
 *
 * Tells whether the content came from this computer or its local network, not from a
 * public address (see lectern_fetcher_is_public_address()). The images of such a page
 * may come from there too; those of a page from the Internet may not.
 *
 * Returns: %TRUE if the content came from an address that is not public
 */
gboolean
lectern_fetch_result_get_local (LecternFetchResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->local;
}

void
_lectern_fetch_result_set_local (LecternFetchResult *self,
                                 gboolean            local)
{
  self->local = !!local;
}
