/* lectern-url.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LECTERN_URL_ERROR (lectern_url_error_quark ())

/**
 * LecternUrlError:
 * @LECTERN_URL_ERROR_INVALID: the text is not a web address
 * @LECTERN_URL_ERROR_UNSUPPORTED_SCHEME: the address is not http or https
 *   (`javascript:`, `file:`, `ftp:`, `data:`, `about:`, …)
 */
typedef enum {
  LECTERN_URL_ERROR_INVALID,
  LECTERN_URL_ERROR_UNSUPPORTED_SCHEME,
} LecternUrlError;

GQuark    lectern_url_error_quark     (void);

char     *lectern_url_normalize       (const char  *url,
                                       GError     **error);
gboolean  lectern_url_is_fetchable    (const char  *url,
                                       GError     **error);
gboolean  lectern_url_scheme_is_web   (const char  *scheme);
char     *lectern_url_from_uri        (GUri          *uri,
                                       GUriHideFlags  flags);
char     *lectern_url_for_display     (const char  *url);
char     *lectern_url_dup_display_host (GUri        *uri);
char     *lectern_url_guess_from_text (const char  *text);

G_END_DECLS
