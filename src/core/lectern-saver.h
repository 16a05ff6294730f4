/* lectern-saver.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article-store.h"
#include "lectern-fetcher.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_SAVER (lectern_saver_get_type ())
#define LECTERN_SAVER_ERROR (lectern_saver_error_quark ())

/**
 * LecternSaverError:
 * @LECTERN_SAVER_ERROR_NOT_A_FILE: the dropped or named file cannot be read as a web page
 * @LECTERN_SAVER_ERROR_NO_ARTICLE: the page holds nothing article-like
 * @LECTERN_SAVER_ERROR_OFFLINE: there is no network; the link waits as pending
 * @LECTERN_SAVER_ERROR_TIMED_OUT: the page did not arrive within #LecternSaver:timeout
 * @LECTERN_SAVER_ERROR_STOPPED: Lectern stopped (crashed or was killed) while saving the
 *   page, time and again; the row is failed now, for the user to try again
 */
typedef enum {
  LECTERN_SAVER_ERROR_NOT_A_FILE,
  LECTERN_SAVER_ERROR_NO_ARTICLE,
  LECTERN_SAVER_ERROR_OFFLINE,
  LECTERN_SAVER_ERROR_TIMED_OUT,
  LECTERN_SAVER_ERROR_STOPPED,
} LecternSaverError;

/* How long a whole save may take by default, page and images, in seconds: half as long
 * again as a page alone may take with the fetcher's default timeout (two minutes).
 */
#define LECTERN_SAVER_DEFAULT_TIMEOUT 180

G_DECLARE_FINAL_TYPE (LecternSaver, lectern_saver, LECTERN, SAVER, GObject)

GQuark          lectern_saver_error_quark       (void);

LecternSaver   *lectern_saver_new               (LecternArticleStore  *store,
                                                 LecternFetcher       *fetcher);
LecternFetcher *lectern_saver_get_fetcher       (LecternSaver         *self);
gboolean        lectern_saver_get_download_images (LecternSaver       *self);
void            lectern_saver_set_download_images (LecternSaver       *self,
                                                 gboolean              download_images);
guint           lectern_saver_get_timeout       (LecternSaver         *self);
void            lectern_saver_set_timeout       (LecternSaver         *self,
                                                 guint                 seconds);

void            lectern_saver_save_url_async    (LecternSaver         *self,
                                                 const char           *url,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void            lectern_saver_save_url_with_tags_async (LecternSaver  *self,
                                                 const char           *url,
                                                 const char * const   *tags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void            lectern_saver_save_file_async   (LecternSaver         *self,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void            lectern_saver_retry_async       (LecternSaver         *self,
                                                 gint64                id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gint64          lectern_saver_save_finish       (LecternSaver         *self,
                                                 GAsyncResult         *result,
                                                 gboolean             *duplicate,
                                                 GError              **error);
void            lectern_saver_resume_pending    (LecternSaver         *self);
guint           lectern_saver_get_n_running     (LecternSaver         *self);
guint           lectern_saver_get_n_waiting     (LecternSaver         *self);
void            lectern_saver_set_resumes_paused (LecternSaver        *self,
                                                 gboolean             paused);
gboolean        lectern_saver_get_resumes_paused (LecternSaver        *self);
void            lectern_saver_stop_resumes      (LecternSaver         *self);

G_END_DECLS
