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
void _lectern_fetcher_add_public_address (LecternFetcher          *self,
                                          const char              *address);

/* Called once, when the first request of a fetch leaves the session's queue (it waits
 * there while the connections it may use are busy).
 */
typedef void (*LecternFetchStartedFunc) (gpointer user_data);

/* lectern_fetcher_fetch_async() of a page, calling @started_func, which must stay
 * callable until @callback runs, when the fetch starts. The saver starts a save's
 * deadline then, so a save waiting behind another one does not use up its time.
 */
void _lectern_fetcher_fetch_page_async   (LecternFetcher          *self,
                                          const char              *url,
                                          LecternFetchStartedFunc  started_func,
                                          gpointer                 started_data,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);

/* The fetcher tells its results where they came from before handing them out. */
void _lectern_fetch_result_set_local     (LecternFetchResult      *self,
                                          gboolean                 local);

G_END_DECLS
