/* lectern-fetcher.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-fetch-result.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_FETCHER    (lectern_fetcher_get_type ())
#define LECTERN_TYPE_FETCH_KIND (lectern_fetch_kind_get_type ())
#define LECTERN_FETCHER_ERROR   (lectern_fetcher_error_quark ())

/* The defaults of the fetcher's properties. */
#define LECTERN_FETCHER_DEFAULT_TIMEOUT         30
#define LECTERN_FETCHER_DEFAULT_MAX_BODY_SIZE   (G_GUINT64_CONSTANT (30) * 1024 * 1024)
#define LECTERN_FETCHER_DEFAULT_MAX_IMAGE_SIZE  (G_GUINT64_CONSTANT (10) * 1024 * 1024)
#define LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS 6
#define LECTERN_FETCHER_DEFAULT_MAX_PER_HOST    3

/* How many redirects one fetch follows; the next one is an error. */
#define LECTERN_FETCHER_MAX_REDIRECTS 10

/**
 * LecternFetchKind:
 * @LECTERN_FETCH_KIND_PAGE: an article: HTML, XHTML or plain text
 * @LECTERN_FETCH_KIND_IMAGE: a picture of an article: a raster image, checked by its
 *   bytes, capped by #LecternFetcher:max-image-size
 */
typedef enum {
  LECTERN_FETCH_KIND_PAGE,
  LECTERN_FETCH_KIND_IMAGE,
} LecternFetchKind;

/**
 * LecternFetcherError:
 * @LECTERN_FETCHER_ERROR_INVALID_URL: the address (or a redirect's) is not valid
 * @LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME: the address (or a redirect's) is not http(s)
 * @LECTERN_FETCHER_ERROR_HTTP_STATUS: the server answered with an error status
 * @LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS: more than 10 redirects, or a loop
 * @LECTERN_FETCHER_ERROR_TOO_LARGE: the body is larger than the cap
 * @LECTERN_FETCHER_ERROR_TIMEOUT: the server was silent too long, or the whole fetch took
 *   too long
 * @LECTERN_FETCHER_ERROR_NOT_A_PAGE: a page was asked for but this is a PDF, an image, a
 *   video, an audio file, a feed or another file
 * @LECTERN_FETCHER_ERROR_NOT_AN_IMAGE: an image was asked for but the bytes are not a
 *   raster image (SVG included)
 * @LECTERN_FETCHER_ERROR_NETWORK: the host could not be reached, the connection broke,
 *   TLS failed or the answer could not be read
 * @LECTERN_FETCHER_ERROR_NOT_PUBLIC: a server on the Internet led to an address on this
 *   computer or its local network, which only the user may ask for
 *
 * Every message is short and meant for the reader; the underlying reason is logged with
 * g_debug(). Cancelling gives %G_IO_ERROR_CANCELLED instead.
 */
typedef enum {
  LECTERN_FETCHER_ERROR_INVALID_URL,
  LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME,
  LECTERN_FETCHER_ERROR_HTTP_STATUS,
  LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS,
  LECTERN_FETCHER_ERROR_TOO_LARGE,
  LECTERN_FETCHER_ERROR_TIMEOUT,
  LECTERN_FETCHER_ERROR_NOT_A_PAGE,
  LECTERN_FETCHER_ERROR_NOT_AN_IMAGE,
  LECTERN_FETCHER_ERROR_NETWORK,
  LECTERN_FETCHER_ERROR_NOT_PUBLIC,
} LecternFetcherError;

G_DECLARE_FINAL_TYPE (LecternFetcher, lectern_fetcher, LECTERN, FETCHER, GObject)

GQuark              lectern_fetcher_error_quark          (void);
GType               lectern_fetch_kind_get_type          (void) G_GNUC_CONST;

LecternFetcher     *lectern_fetcher_new                  (void);
guint               lectern_fetcher_get_timeout          (LecternFetcher       *self);
void                lectern_fetcher_set_timeout          (LecternFetcher       *self,
                                                          guint                 seconds);
guint64             lectern_fetcher_get_max_body_size    (LecternFetcher       *self);
void                lectern_fetcher_set_max_body_size    (LecternFetcher       *self,
                                                          guint64               max_body_size);
guint64             lectern_fetcher_get_max_image_size   (LecternFetcher       *self);
void                lectern_fetcher_set_max_image_size   (LecternFetcher       *self,
                                                          guint64               max_image_size);
guint               lectern_fetcher_get_max_connections  (LecternFetcher       *self);
guint               lectern_fetcher_get_max_per_host     (LecternFetcher       *self);
void                lectern_fetcher_fetch_async          (LecternFetcher       *self,
                                                          const char           *url,
                                                          LecternFetchKind      kind,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
void                lectern_fetcher_fetch_public_async   (LecternFetcher       *self,
                                                          const char           *url,
                                                          LecternFetchKind      kind,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
LecternFetchResult *lectern_fetcher_fetch_finish         (LecternFetcher       *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
gboolean            lectern_fetcher_is_public_address    (GInetAddress         *address);

G_END_DECLS
