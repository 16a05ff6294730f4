/* lectern-fetcher-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lectern-fetcher.h"

G_BEGIN_DECLS

/* Test hook. Makes @self take @address (an IP address in text) for a public one, as if
 * it were on the Internet. Tests have only loopback addresses; with one of them public,
 * they serve a "page from the Internet" from it and check what it may make Lectern fetch.
 */
void _lectern_fetcher_add_public_address (LecternFetcher     *self,
                                          const char         *address);

/* The fetcher tells its results where they came from before handing them out. */
void _lectern_fetch_result_set_local     (LecternFetchResult *self,
                                          gboolean            local);

G_END_DECLS
