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
#include "lectern-highlight.h"
#include "lectern-tag.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_ARTICLE_STORE (lectern_article_store_get_type ())
#define LECTERN_TYPE_STORED_IMAGE  (lectern_stored_image_get_type ())

G_DECLARE_FINAL_TYPE (LecternArticleStore, lectern_article_store, LECTERN, ARTICLE_STORE, GObject)

/* Declared again in lectern-query.h, which the store's users include for its functions. */
typedef struct _LecternQuery LecternQuery;

/* The marks around a match in a snippet (lectern_article_store_get_snippet()): U+E000 and
 * U+E001, characters of Unicode's private use area, which no page's text holds once the
 * extractor is done with it.
 */
#define LECTERN_SNIPPET_MATCH_START "\xee\x80\x80"
#define LECTERN_SNIPPET_MATCH_END   "\xee\x80\x81"

/* How many articles each transaction of lectern_article_store_build_index_async() adds to
 * the search index.
 */
#define LECTERN_ARTICLE_STORE_INDEX_BATCH 2000

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
/**
 * LecternImportOutcome:
 * @id: the article an import entry became or was merged into; 0 when it was skipped
 * @added: %TRUE for a new article, %FALSE when the library had its address already
 *
 * What lectern_article_store_import() did with one entry.
 */
typedef struct {
  gint64 id;
  gboolean added;
} LecternImportOutcome;

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
char                *lectern_article_store_dup_carried_body (LecternArticleStore *self,
                                                           gint64                 id,
                                                           GError               **error);
char               **lectern_article_store_list_images    (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);

/* Tags (reads, on the calling thread).
 *
 * list_tags: every tag that at least one visible article has, in name order
 *   (g_utf8_collate_key ()), each with how many articles under @filter have it (possibly
 *   0). (transfer full) (element-type LecternTagCount)
 * get_tags: the names of article @id's tags, in name order; an empty array for none;
 *   %LECTERN_DATABASE_ERROR_NOT_FOUND for an article that does not exist or is deleted.
 */
GPtrArray           *lectern_article_store_list_tags      (LecternArticleStore   *self,
                                                           LecternFilter          filter,
                                                           GError               **error);
char               **lectern_article_store_get_tags       (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           GError               **error);

/* Search.
 *
 * search_ids: the ids of the visible articles that @query and @filter select. With words
 *   in @query (lectern_query_get_match ()), best first: bm25 over the search index, the
 *   title weighted highest, then tags, byline, site and address, the body lowest; ties
 *   saved last first. Only the 2,000 matches saved last are ranked; more matches (a
 *   common word in a big library) follow them, saved last first. Without words (only tag:, site:, is: or -word), and for an empty or
 *   %NULL query, in @sort order like lectern_article_store_list_ids (). tag: and -tag:
 *   compare lectern_tag_key ()s; several tag: all apply. site: matches the host and its
 *   subdomains; several site: are alternatives. @limit 0 means all. No query text ever
 *   gives an SQL error: a query FTS5 cannot run gives an empty array. While the index of
 *   an older library is being built (lectern_article_store_get_index_progress ()), word
 *   searches see only the articles indexed so far.
 *   (transfer full) (element-type gint64)
 * search_ids_async: the same on a thread of its own with a connection of its own, so
 *   neither the main loop nor the store's other reads wait for it. Cancelling
 *   @cancellable stops the query at once (%G_IO_ERROR_CANCELLED).
 * get_snippet: about 20 words of article @id's text around the matches of @query's
 *   words, each match between %LECTERN_SNIPPET_MATCH_START and
 *   %LECTERN_SNIPPET_MATCH_END, "…" where text was cut. %NULL without error when @query
 *   has no words or the body has none of them (the match is in the title, say). Plain text:
 *   escape it before putting it in markup.
 */
GArray              *lectern_article_store_search_ids     (LecternArticleStore   *self,
                                                           LecternQuery          *query,
                                                           LecternFilter          filter,
                                                           LecternSort            sort,
                                                           guint                  limit,
                                                           GError               **error);
void                 lectern_article_store_search_ids_async (LecternArticleStore *self,
                                                           LecternQuery          *query,
                                                           LecternFilter          filter,
                                                           LecternSort            sort,
                                                           guint                  limit,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GArray              *lectern_article_store_search_ids_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
char                *lectern_article_store_get_snippet    (LecternArticleStore   *self,
                                                           LecternQuery          *query,
                                                           gint64                 id,
                                                           GError               **error);

/* The search index of a library made before it had one (schema 4), built a batch of
 * %LECTERN_ARTICLE_STORE_INDEX_BATCH articles per transaction, so the library is never
 * locked for long; a kill loses at most the batch under way, and the next build goes on
 * from there.
 *
 * get_index_progress: %TRUE when every article is indexed. @done and @total (optional)
 *   count the articles of the build; both 0 when there is nothing to build. The
 *   #LecternArticleStore:index-progress property (0…1, 1 when complete) notifies as
 *   batches finish.
 * build_index_step: indexes at most @batch articles (0: the default) in one transaction;
 *   @complete tells whether the index is complete now.
 * build_index_async: batch after batch on the store's worker thread, between other
 *   writes, until complete or cancelled; the window starts it at start-up.
 */
gboolean             lectern_article_store_get_index_progress (LecternArticleStore *self,
                                                           guint64               *done,
                                                           guint64               *total);
gboolean             lectern_article_store_build_index_step (LecternArticleStore *self,
                                                           guint                  batch,
                                                           gboolean              *complete,
                                                           GError               **error);
void                 lectern_article_store_build_index_async (LecternArticleStore *self,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean             lectern_article_store_build_index_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
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
gint64               lectern_article_store_add_pending_with_tags (LecternArticleStore *self,
                                                           const char            *url,
                                                           const char            *normalized_url,
                                                           const char * const    *tags,
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
/* Tags (writes). Names are checked with lectern_tag_normalize () (a #LecternTagError
 * for a bad one, and nothing changes); tags compare by lectern_tag_key (). Each keeps the
 * search index in step and emits #LecternArticleStore::tags-changed, and
 * #LecternArticleStore::article-changed for every article whose tags changed.
 *
 * add_pending_with_tags: add_pending, with the article's tags; they stay even if its
 *   save fails.
 * set_tags: article @id's tags become exactly @names (%NULL or empty: none).
 * add_tags: adds @names to the tags article @id has.
 * rename_tag: renames the tag @name (any case) on every article; if @new_name is another
 *   tag's, the two become one. %LECTERN_DATABASE_ERROR_NOT_FOUND for no such tag.
 * delete_tag: removes the tag from every article; @article_ids (optional) gets the ids
 *   that had it, for restore_tag () to undo it.
 * restore_tag: gives the tag @name back to those of @article_ids that still exist.
 *
 * The _async forms run on the worker and finish with lectern_article_store_write_finish ()
 * (add_pending_with_tags with lectern_article_store_add_pending_finish (), delete_tag with
 * lectern_article_store_delete_tag_finish (), which gives the ids).
 */
GArray              *lectern_article_store_import         (LecternArticleStore   *self,
                                                           GPtrArray             *entries,
                                                           GPtrArray             *images,
                                                           GError               **error);
void                 lectern_article_store_import_async   (LecternArticleStore   *self,
                                                           GPtrArray             *entries,
                                                           GPtrArray             *images,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GArray              *lectern_article_store_import_finish  (LecternArticleStore   *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
gboolean             lectern_article_store_fail_saves     (LecternArticleStore   *self,
                                                           GArray                *ids,
                                                           const char            *reason,
                                                           GError               **error);
void                 lectern_article_store_fail_saves_async (LecternArticleStore *self,
                                                           GArray                *ids,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean             lectern_article_store_set_tags       (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           const char * const    *names,
                                                           GError               **error);
gboolean             lectern_article_store_add_tags       (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           const char * const    *names,
                                                           GError               **error);
gboolean             lectern_article_store_rename_tag     (LecternArticleStore   *self,
                                                           const char            *name,
                                                           const char            *new_name,
                                                           GError               **error);
gboolean             lectern_article_store_delete_tag     (LecternArticleStore   *self,
                                                           const char            *name,
                                                           GArray               **article_ids,
                                                           GError               **error);
gboolean             lectern_article_store_restore_tag    (LecternArticleStore   *self,
                                                           const char            *name,
                                                           GArray                *article_ids,
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
void                 lectern_article_store_add_pending_with_tags_async (LecternArticleStore *self,
                                                           const char            *url,
                                                           const char            *normalized_url,
                                                           const char * const    *tags,
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
void                 lectern_article_store_set_tags_async (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           const char * const    *names,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_add_tags_async (LecternArticleStore   *self,
                                                           gint64                 id,
                                                           const char * const    *names,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_rename_tag_async (LecternArticleStore *self,
                                                           const char            *name,
                                                           const char            *new_name,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_delete_tag_async (LecternArticleStore *self,
                                                           const char            *name,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GArray              *lectern_article_store_delete_tag_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_restore_tag_async (LecternArticleStore *self,
                                                           const char            *name,
                                                           GArray                *article_ids,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
/* Highlights (lectern-highlight.h).
 *
 * add_highlight: stores @highlight (its article id, selector, colour and note) and sets its
 *   id and times; returns the id, 0 on error. %LECTERN_DATABASE_ERROR_NOT_FOUND when the
 *   article does not exist.
 * update_highlight: sets the colour and note (%NULL or blank for none) of highlight @id.
 * remove_highlight: removes highlight @id; adding the removed highlight again undoes it.
 * list_highlights: the highlights of article @article_id (0: of every article that is not
 *   deleted), newest first, with their article's title; @query (nullable) keeps those whose
 *   text or note match its words.
 *
 * Every change emits #LecternArticleStore::highlights-changed with the article's id.
 */
gint64               lectern_article_store_add_highlight  (LecternArticleStore   *self,
                                                           LecternHighlight      *highlight,
                                                           GError               **error);
gboolean             lectern_article_store_update_highlight (LecternArticleStore *self,
                                                           gint64                 id,
                                                           LecternHighlightColor  color,
                                                           const char            *note,
                                                           GError               **error);
gboolean             lectern_article_store_remove_highlight (LecternArticleStore *self,
                                                           gint64                 id,
                                                           GError               **error);
GPtrArray           *lectern_article_store_list_highlights (LecternArticleStore  *self,
                                                           gint64                 article_id,
                                                           LecternQuery          *query,
                                                           GError               **error);
void                 lectern_article_store_add_highlight_async (LecternArticleStore *self,
                                                           LecternHighlight      *highlight,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gint64               lectern_article_store_add_highlight_finish (LecternArticleStore *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_update_highlight_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           LecternHighlightColor  color,
                                                           const char            *note,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                 lectern_article_store_remove_highlight_async (LecternArticleStore *self,
                                                           gint64                 id,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean             lectern_article_store_write_finish   (LecternArticleStore   *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                 lectern_article_store_flush          (LecternArticleStore   *self);

G_END_DECLS
