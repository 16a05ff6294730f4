/* lectern-article-store.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article.h"
#include "lectern-core-types.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_ARTICLE_STORE (lectern_article_store_get_type ())
#define LECTERN_TYPE_STORED_IMAGE  (lectern_stored_image_get_type ())

G_DECLARE_FINAL_TYPE (LecternArticleStore, lectern_article_store, LECTERN, ARTICLE_STORE, GObject)

/**
 * LecternArticleChange:
 * @LECTERN_ARTICLE_CHANGE_READ: mark read (%TRUE) or unread (%FALSE)
 * @LECTERN_ARTICLE_CHANGE_STARRED: star or unstar
 * @LECTERN_ARTICLE_CHANGE_ARCHIVED: archive or unarchive
 *
 * The flags of an article that lectern_article_store_set_flag() changes.
 */
typedef enum {
  LECTERN_ARTICLE_CHANGE_READ,
  LECTERN_ARTICLE_CHANGE_STARRED,
  LECTERN_ARTICLE_CHANGE_ARCHIVED,
} LecternArticleChange;

#define LECTERN_TYPE_ARTICLE_CHANGE (lectern_article_change_get_type ())

GType                lectern_article_change_get_type      (void) G_GNUC_CONST;

/* How many saves of an article may start and never end (Lectern crashed or was killed
 * meanwhile) before it is left failed, for the user to try again.
 */
#define LECTERN_ARTICLE_STORE_MAX_SAVE_ATTEMPTS 3

/**
 * LecternSaveClaim:
 * @LECTERN_SAVE_CLAIM_CLAIMED: this store may save the article now
 * @LECTERN_SAVE_CLAIM_SAVED: the article is saved: nothing to do
 * @LECTERN_SAVE_CLAIM_BUSY: another store that still runs, in this process or another,
 *   is saving it
 * @LECTERN_SAVE_CLAIM_FAILED: its save failed, and only the user may try again
 * @LECTERN_SAVE_CLAIM_GAVE_UP: its saves kept being cut off; it is failed now
 *
 * What lectern_article_store_claim_save() found.
 */
typedef enum {
  LECTERN_SAVE_CLAIM_CLAIMED,
  LECTERN_SAVE_CLAIM_SAVED,
  LECTERN_SAVE_CLAIM_BUSY,
  LECTERN_SAVE_CLAIM_FAILED,
  LECTERN_SAVE_CLAIM_GAVE_UP,
} LecternSaveClaim;

#define LECTERN_TYPE_SAVE_CLAIM (lectern_save_claim_get_type ())

GType                lectern_save_claim_get_type          (void) G_GNUC_CONST;

/**
 * LecternStoredImage:
 * @sha256: the SHA-256 of @data, in lower-case hex; the image's name in the library
 * @content_type: the image's MIME type, found from its bytes
 * @data: the image's bytes
 *
 * One image of an article, as lectern_article_store_finish_save() stores it.
 */
typedef struct {
  char *sha256;
  char *content_type;
  GBytes *data;
} LecternStoredImage;

GType                lectern_stored_image_get_type        (void) G_GNUC_CONST;
LecternStoredImage  *lectern_stored_image_new             (const char            *sha256,
                                                           const char            *content_type,
                                                           GBytes                *data);
LecternStoredImage  *lectern_stored_image_copy            (const LecternStoredImage *image);
void                 lectern_stored_image_free            (LecternStoredImage    *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecternStoredImage, lectern_stored_image_free)

LecternArticleStore *lectern_article_store_new            (const char            *path,
                                                           GError               **error);
const char          *lectern_article_store_get_path       (LecternArticleStore   *self);
const char          *lectern_article_store_get_moved_aside (LecternArticleStore  *self);
LecternDatabase     *lectern_article_store_get_database   (LecternArticleStore   *self);
void                 lectern_article_store_close          (LecternArticleStore   *self);
gboolean             lectern_article_store_check_external_change (LecternArticleStore *self);

/* Reads: on the calling thread, from their own connection, never blocked by a write. */
LecternArticle      *lectern_article_store_get            (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
LecternArticle      *lectern_article_store_get_summary    (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
GArray              *lectern_article_store_list_ids       (LecternArticleStore   *self,
                                                           LecternFilter          filter,
                                                           LecternSort            sort,
                                                           GError               **error);
GPtrArray           *lectern_article_store_list           (LecternArticleStore   *self,
                                                           LecternFilter          filter,
                                                           LecternSort            sort,
                                                           GError               **error);
guint                lectern_article_store_count          (LecternArticleStore   *self,
                                                           LecternFilter          filter,
                                                           GError               **error);
gboolean             lectern_article_store_counts         (LecternArticleStore   *self,
                                                           guint                  counts[LECTERN_N_FILTERS],
                                                           GError               **error);
gint64               lectern_article_store_find_by_url    (LecternArticleStore   *self,
                                                           const char            *normalized_url,
                                                           GError               **error);
GArray              *lectern_article_store_list_pending   (LecternArticleStore   *self,
                                                           GError               **error);
GBytes              *lectern_article_store_get_image      (LecternArticleStore   *self,
                                                           const char            *sha256,
                                                           char                 **content_type,
                                                           GError               **error);

/* Writes: the sync forms run on the calling thread; the async forms on the store's one
 * worker thread. Both emit the change signals on the thread that started them once the
 * change is committed.
 */
gint64               lectern_article_store_add            (LecternArticleStore   *self,
                                                           LecternArticle        *article,
                                                           GError               **error);
gboolean             lectern_article_store_set_flag       (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           LecternArticleChange   change,
                                                           gboolean               value,
                                                           GError               **error);
gboolean             lectern_article_store_set_progress   (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           double                 progress,
                                                           const char            *anchor,
                                                           GError               **error);
gboolean             lectern_article_store_delete         (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
gboolean             lectern_article_store_undelete       (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
gboolean             lectern_article_store_purge_deleted  (LecternArticleStore   *self,
                                                           GError               **error);
gint64               lectern_article_store_add_pending    (LecternArticleStore   *self,
                                                           const char            *url,
                                                           const char            *normalized_url,
                                                           GError               **error);
gboolean             lectern_article_store_mark_pending   (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
gboolean             lectern_article_store_finish_save    (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           LecternArticle        *article,
                                                           GPtrArray             *images,
                                                           GError               **error);
gboolean             lectern_article_store_fail_save      (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           const char            *reason,
                                                           GError               **error);
gboolean             lectern_article_store_discard        (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);
gboolean             lectern_article_store_claim_save     (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           gboolean               try_again,
                                                           const char            *give_up_reason,
                                                           LecternSaveClaim      *claim,
                                                           GError               **error);
gboolean             lectern_article_store_release_save   (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);

void                 lectern_article_store_add_async      (LecternArticleStore   *self,
                                                           LecternArticle        *article,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gint64               lectern_article_store_add_finish     (LecternArticleStore   *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_set_flag_async (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           LecternArticleChange   change,
                                                           gboolean               value,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_set_progress_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           double                 progress,
                                                           const char            *anchor,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_delete_async   (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_undelete_async (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_purge_deleted_async (LecternArticleStore *self,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_add_pending_async (LecternArticleStore *self,
                                                           const char            *url,
                                                           const char            *normalized_url,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gint64               lectern_article_store_add_pending_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_mark_pending_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_finish_save_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           LecternArticle        *article,
                                                           GPtrArray             *images,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_fail_save_async (LecternArticleStore  *self,
                                                           gint64                 id,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_discard_async  (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_claim_save_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           gboolean               try_again,
                                                           const char            *give_up_reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean             lectern_article_store_claim_save_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
                                                           LecternSaveClaim      *claim,
                                                           GError               **error);
void                 lectern_article_store_release_save_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean             lectern_article_store_write_finish   (LecternArticleStore   *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_flush          (LecternArticleStore   *self);

G_END_DECLS
