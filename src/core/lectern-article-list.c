/* lectern-article-list.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-list.h"

#include "lectern-article.h"
#include "lectern-database.h"
#include "lectern-query.h"

/**
 * LecternArticleList:
 *
 * A #GListModel of the #LecternArticle s one filter selects, in one sort order, kept up to
 * date with the store's signals.
 *
 * It holds only the sorted ids (8 bytes an article) and loads an article's summary when
 * a position is asked for, so a list of 100,000 articles costs what the visible rows
 * cost. Loaded articles are remembered by id without being kept alive: as long as
 * something (a row of a list view) holds an item, the list hands out that same object,
 * and updates it in place when the article changes.
 *
 * A store signal about one article touches only that article's row: the list reads its
 * summary, decides whether it belongs under the filter, finds its place under the sort by
 * a binary search over the sort keys it knows (looking up those it does not), and emits
 * one #GListModel::items-changed there. Reading every id again would cost 10–20 ms per
 * change at 100,000 articles. Only #LecternArticleStore::external-change, after which
 * which articles changed is not known, reads the ids again (and the articles handed out).
 *
 * Reading the ids of a whole list takes a quarter of a second at a million articles, so
 * when the list is made, and for a new filter or sort, it reads the first 500 on the spot
 * and the others on the store's search thread, added after them with one more
 * #GListModel::items-changed (#LecternArticleList:loading says when). A change that
 * arrives meanwhile is made to the rows at once, and the ids are read again after.
 *
 * With a query (lectern_article_list_set_query()), the ids are the store's search results
 * under the filter, found on another thread, the first 500 and then all; the newest search
 * wins, and its results replace the list with one #GListModel::items-changed. Store
 * changes then run the search again, once for a burst of them. Articles handed out carry
 * the snippet of their match when the query has words.
 */

struct _LecternArticleList
{
  GObject parent_instance;

  /* Owned */
  LecternArticleStore *store;
  GArray *ids;
  /* id → CachedItem, whose weak reference is to the article last handed out. */
  GHashTable *items;
  /* id → SortKey, for the articles whose place under the sort is known: those looked up
   * by a binary search, and those handed out. Forgotten when the sort changes.
   */
  GHashTable *keys;
  /* The size of items after its last sweep of dead entries. */
  guint items_swept;

  /* With a query that is not empty, the ids are search results. */
  LecternQuery *query;
  /* Counts the queries set, so an article handed out for an older one gets a new snippet. */
  guint query_serial;
  /* The read of ids under way (a search's, or the whole list's), if any; whether the store
   * changed since it started; the idle that reads a query's results again; the idle that
   * starts reading all the ids after the first ones.
   */
  GCancellable *load_cancellable;
  gboolean load_again;
  guint load_idle;
  guint rest_idle;
  /* The ids of articles handed out whose snippet is still to be read, first asked first. */
  GArray *pending_snippets;
  guint snippet_idle;
  LecternFilter filter;
  LecternSort sort;
};

typedef struct {
  gint64 id;
  GWeakRef article;
  /* The query_serial the article's snippet was set for. */
  guint snippet_serial;
} CachedItem;

typedef struct {
  gint64 id;
  /* The sort's columns, packed so that comparing (key, id) orders like the store's
   * ORDER BY (descending sorts compare the other way round).
   */
  guint64 key;
} SortKey;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LecternArticleList, lectern_article_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILTER,
  PROP_SORT,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cached_item_free (gpointer data)
{
  CachedItem *item = data;

  g_weak_ref_clear (&item->article);
  g_free (item);
}

static gboolean
cached_item_is_dead (gpointer key,
                     gpointer value,
                     gpointer user_data)
{
  CachedItem *item = value;
  g_autoptr (LecternArticle) article = g_weak_ref_get (&item->article);

  return article == NULL;
}

static LecternArticle *
dup_cached_article (LecternArticleList *self,
                    gint64              id)
{
  CachedItem *item = g_hash_table_lookup (self->items, &id);

  if (!item)
    return NULL;

  return g_weak_ref_get (&item->article);
}

/* Forgets articles nobody holds any more, so the table does not grow with scrolling. */
static void
sweep_items (LecternArticleList *self)
{
  g_hash_table_foreach_remove (self->items, cached_item_is_dead, NULL);
  self->items_swept = g_hash_table_size (self->items);
}

/* Puts @ids in place of the list's ids and tells the views what changed: one
 * items-changed over the range between the common prefix and the common suffix of the
 * old and new lists.
 */
static void
replace_ids (LecternArticleList *self,
             GArray             *ids)
{
  const gint64 *old_ids = (const gint64 *)self->ids->data;
  const gint64 *new_ids = (const gint64 *)ids->data;
  guint old_len = self->ids->len;
  guint new_len = ids->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < old_len && prefix < new_len && old_ids[prefix] == new_ids[prefix])
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old_ids[old_len - 1 - suffix] == new_ids[new_len - 1 - suffix])
    suffix++;

  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);

  sweep_items (self);

  if (old_len - prefix - suffix > 0 || new_len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix,
                                new_len - prefix - suffix);

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static guint64
sort_key_of (LecternSort     sort,
             LecternArticle *article)
{
  switch (sort) {
    case LECTERN_SORT_NEWEST:
    case LECTERN_SORT_OLDEST:
      /* Flipping the sign bit orders signed times as unsigned numbers. */
      return (guint64)lectern_article_get_saved_at (article) ^ G_GUINT64_CONSTANT (1) << 63;
    case LECTERN_SORT_SHORTEST:
    case LECTERN_SORT_LONGEST:
    default:
      return (guint64)lectern_article_get_reading_minutes (article) << 32 |
             lectern_article_get_word_count (article);
  }
}

static void
remember_key (LecternArticleList *self,
              LecternArticle     *article)
{
  SortKey *entry = g_new (SortKey, 1);

  entry->id = lectern_article_get_id (article);
  entry->key = sort_key_of (self->sort, article);
  g_hash_table_replace (self->keys, &entry->id, entry);
}

/* Where (a_key, a_id) goes against (b_key, b_id) under the list's sort. */
static int
compare_keys (LecternSort sort,
              guint64     a_key,
              gint64      a_id,
              guint64     b_key,
              gint64      b_id)
{
  int order;

  if (a_key != b_key)
    order = a_key < b_key ? -1 : 1;
  else if (a_id != b_id)
    order = a_id < b_id ? -1 : 1;
  else
    order = 0;

  return sort == LECTERN_SORT_NEWEST || sort == LECTERN_SORT_LONGEST ? -order : order;
}

static gboolean
belongs (LecternFilter   filter,
         LecternArticle *article)
{
  switch (filter) {
    case LECTERN_FILTER_UNREAD:
      return lectern_article_get_read_at (article) == 0 && !lectern_article_get_archived (article);
    case LECTERN_FILTER_FAVOURITES:
      return lectern_article_get_starred (article);
    case LECTERN_FILTER_ARCHIVE:
      return lectern_article_get_archived (article);
    case LECTERN_FILTER_ALL:
    default:
      return TRUE;
  }
}

static gboolean
is_gone_error (const GError *error)
{
  return g_error_matches (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND);
}

/* The sort key of @id, from the keys known or else from the store. FALSE when the article
 * cannot be read (it is gone, and its removal signal is on the way).
 */
static gboolean
lookup_key (LecternArticleList *self,
            gint64              id,
            guint64            *key)
{
  g_autoptr (LecternArticle) summary = NULL;
  SortKey *entry = g_hash_table_lookup (self->keys, &id);

  if (entry) {
    *key = entry->key;
    return TRUE;
  }

  summary = lectern_article_store_get_summary (self->store, id, NULL);
  if (!summary)
    return FALSE;

  remember_key (self, summary);
  *key = sort_key_of (self->sort, summary);
  return TRUE;
}

/* The position the article (@key, @id) takes in the ids without the one at @skip
 * (G_MAXUINT for none): a binary search, so about 17 keys looked at for 100,000 rows.
 * FALSE if a key could not be read.
 */
static gboolean
find_position (LecternArticleList *self,
               guint64             key,
               gint64              id,
               guint               skip,
               guint              *position)
{
  const gint64 *ids = (const gint64 *)self->ids->data;
  guint low = 0;
  guint high = self->ids->len - (skip < self->ids->len ? 1 : 0);

  while (low < high) {
    guint middle = low + (high - low) / 2;
    gint64 other = ids[middle >= skip ? middle + 1 : middle];
    guint64 other_key;

    if (!lookup_key (self, other, &other_key))
      return FALSE;

    if (compare_keys (self->sort, other_key, other, key, id) < 0)
      low = middle + 1;
    else
      high = middle;
  }

  *position = low;
  return TRUE;
}

static gboolean
is_searching (LecternArticleList *self)
{
  return self->query && !lectern_query_is_empty (self->query);
}

/* How many ids a list reads at once, of a search's results or of a filter's articles:
 * a screen's worth and far more, read in a few milliseconds however large the library.
 * The others follow, read on another thread.
 */
#define FIRST_IDS 500

typedef struct {
  LecternArticleList *self;
  GCancellable *cancellable;
  guint limit;
} IdsRequest;

/* Sets the read of ids under way, or none, and tells whether one is. */
static void
set_loading (LecternArticleList *self,
             GCancellable       *cancellable)
{
  gboolean was_loading = self->load_cancellable != NULL;

  if (self->load_cancellable != cancellable)
    g_clear_handle_id (&self->rest_idle, g_source_remove);
  if (self->load_cancellable && self->load_cancellable != cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_set_object (&self->load_cancellable, cancellable);
  if (!cancellable) {
    g_clear_handle_id (&self->load_idle, g_source_remove);
    self->load_again = FALSE;
  }

  if (was_loading != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void ids_read_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

/* Asks the store, on its thread, for the first @limit ids of the list (0: all of them):
 * the query's results, or without one, the filter's articles in the sort.
 */
static void
request_ids (LecternArticleList *self,
             guint               limit)
{
  IdsRequest *request = g_new0 (IdsRequest, 1);

  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->load_cancellable);
  request->limit = limit;
  lectern_article_store_search_ids_async (self->store, self->query, self->filter, self->sort,
                                          limit, self->load_cancellable, ids_read_cb,
                                          request);
}

static gboolean
rest_idle_cb (gpointer data)
{
  LecternArticleList *self = data;

  self->rest_idle = 0;
  request_ids (self, 0);

  return G_SOURCE_REMOVE;
}

/* Starts reading the list's ids in place of any read under way: the first FIRST_IDS
 * when @first_ids, then all. All of them are read once the main loop has nothing more
 * urgent to do, so that at start-up the window draws the first ones before another
 * thread competes with it.
 */
static void
start_load (LecternArticleList *self,
            gboolean            first_ids)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  set_loading (self, cancellable);
  g_clear_handle_id (&self->load_idle, g_source_remove);
  self->load_again = FALSE;
  if (first_ids)
    request_ids (self, FIRST_IDS);
  else
    self->rest_idle = g_idle_add_full (G_PRIORITY_LOW, rest_idle_cb, self, NULL);
}

static void
ids_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IdsRequest *request = user_data;
  g_autoptr (LecternArticleList) self = request->self;
  g_autoptr (GCancellable) cancellable = request->cancellable;
  guint limit = request->limit;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  g_free (request);

  ids = lectern_article_store_search_ids_finish (LECTERN_ARTICLE_STORE (source), result, &error);

  /* Another read took its place (a newer query, filter or sort): only the newest one's
   * ids are shown.
   */
  if (cancellable != self->load_cancellable)
    return;

  if (!ids) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      g_warning ("Could not list the articles: %s", error->message);
  } else {
    replace_ids (self, ids);

    /* The first ids are shown; all of them follow, the same first, so that the list
     * only grows. Should the library have changed meanwhile, the read starts over.
     */
    if (limit > 0 && ids->len >= limit && !self->load_again) {
      request_ids (self, 0);
      return;
    }
  }

  if (ids && self->load_again)
    start_load (self, is_searching (self));
  else
    set_loading (self, NULL);
}

/* Reads the ids again: for a new filter or sort, and after another process changed the
 * library. The first FIRST_IDS are read at once, so the list never shows another
 * filter's articles or none meanwhile; the others follow. A query's results all come
 * from the other thread.
 */
static void
refresh (LecternArticleList *self)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  if (is_searching (self)) {
    start_load (self, TRUE);
    return;
  }

  ids = lectern_article_store_search_ids (self->store, NULL, self->filter, self->sort,
                                          FIRST_IDS, &error);
  if (!ids) {
    /* At exit, callbacks of the last writes may still arrive after the store closed. */
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      g_warning ("Could not list the articles: %s", error->message);
    set_loading (self, NULL);
    return;
  }

  replace_ids (self, ids);

  if (ids->len < FIRST_IDS)
    set_loading (self, NULL);
  else
    start_load (self, FALSE);
}

static gboolean
load_idle_cb (gpointer data)
{
  LecternArticleList *self = data;

  self->load_idle = 0;
  if (is_searching (self))
    start_load (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* The store changed while the list is a query's results, or while its ids are being
 * read: reads them again, once for a burst of changes, and after the read under way
 * rather than cutting it off, so a stream of writes cannot keep the ids from ever
 * arriving.
 */
static void
load_again (LecternArticleList *self)
{
  if (self->load_cancellable)
    self->load_again = TRUE;
  else if (!self->load_idle && is_searching (self))
    self->load_idle = g_idle_add (load_idle_cb, self);
}

/* Brings the row of article @id in line with the store, touching nothing else: it enters,
 * leaves, moves, or stays. Shown articles are updated in place first.
 */
static void
update_article (LecternArticleList *self,
                gint64              id)
{
  g_autoptr (LecternArticle) summary = NULL;
  g_autoptr (LecternArticle) shown = NULL;
  g_autoptr (GError) error = NULL;
  guint old_position;
  guint new_position = G_MAXUINT;
  guint n_items = self->ids->len;

  summary = lectern_article_store_get_summary (self->store, id, &error);
  if (!summary && !is_gone_error (error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      g_warning ("Could not reload article %" G_GINT64_FORMAT ": %s", id, error->message);
    return;
  }

  shown = dup_cached_article (self, id);
  if (shown && summary)
    lectern_article_update_from (shown, summary);

  old_position = lectern_article_list_find (self, id);

  if (is_searching (self)) {
    /* Which articles match is the store's to say; one that is gone goes at once, so
     * nothing shows it until the results come.
     */
    if (!summary && old_position != G_MAXUINT) {
      g_array_remove_index (self->ids, old_position);
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
    load_again (self);
    return;
  }

  /* The ids being read may not have this change: they are read again after. The row is
   * right meanwhile.
   */
  load_again (self);

  if (summary && belongs (self->filter, summary)) {
    guint64 key = sort_key_of (self->sort, summary);

    remember_key (self, summary);
    if (!find_position (self, key, id, old_position, &new_position)) {
      /* A neighbour went away meanwhile: this is no longer one row's change. */
      refresh (self);
      return;
    }
  }

  if (old_position == new_position)
    return;

  if (old_position == G_MAXUINT) {
    g_array_insert_val (self->ids, new_position, id);
    g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
  } else if (new_position == G_MAXUINT) {
    g_array_remove_index (self->ids, old_position);
    g_hash_table_remove (self->keys, &id);
    g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  } else {
    /* It moved (its length changed when its save finished): the rows between shift by one,
     * as one change, as reading the ids again would have said.
     */
    guint first = MIN (old_position, new_position);
    guint last = MAX (old_position, new_position);

    g_array_remove_index (self->ids, old_position);
    g_array_insert_val (self->ids, new_position, id);
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1,
                                last - first + 1);
  }

  if (n_items != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  /* Sweep now and then, when the table has doubled since the last time. */
  if (g_hash_table_size (self->items) > 2 * self->items_swept + 64)
    sweep_items (self);
}

static void
article_added_cb (LecternArticleStore *store,
                  gint64               id,
                  LecternArticleList  *self)
{
  update_article (self, id);
}

static void
article_removed_cb (LecternArticleStore *store,
                    gint64               id,
                    LecternArticleList  *self)
{
  update_article (self, id);
}

static void
article_changed_cb (LecternArticleStore *store,
                    gint64               id,
                    LecternArticleList  *self)
{
  /* A flag change can move the article into or out of this list. */
  update_article (self, id);
}

static void
external_change_cb (LecternArticleStore *store,
                    LecternArticleList  *self)
{
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  CachedItem *item;

  /* Another process changed the library, and which articles is not known. Those on show
   * are read again in place (the rows holding them update), then the ids.
   */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&item)) {
    LecternArticle *article = g_weak_ref_get (&item->article);

    if (article)
      g_ptr_array_add (shown, article);
  }

  for (guint i = 0; i < shown->len; i++) {
    LecternArticle *article = g_ptr_array_index (shown, i);
    g_autoptr (LecternArticle) summary = NULL;

    summary = lectern_article_store_get_summary (store, lectern_article_get_id (article), NULL);
    /* One that is gone leaves the list with the ids read next. */
    if (summary)
      lectern_article_update_from (article, summary);
  }

  /* Any article's place may have changed. */
  g_hash_table_remove_all (self->keys);
  if (is_searching (self))
    load_again (self);
  else
    refresh (self);
}

static void set_snippet (LecternArticleList *self,
                         LecternArticle     *article);

static GType
lectern_article_list_get_item_type (GListModel *model)
{
  return LECTERN_TYPE_ARTICLE;
}

static guint
lectern_article_list_get_n_items (GListModel *model)
{
  LecternArticleList *self = LECTERN_ARTICLE_LIST (model);

  return self->ids ? self->ids->len : 0;
}

static gpointer
lectern_article_list_get_item (GListModel *model,
                               guint       position)
{
  LecternArticleList *self = LECTERN_ARTICLE_LIST (model);
  g_autoptr (GError) error = NULL;
  LecternArticle *article;
  CachedItem *item;
  gint64 id;

  if (!self->ids || position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  article = dup_cached_article (self, id);
  if (article) {
    item = g_hash_table_lookup (self->items, &id);
    if (item->snippet_serial != self->query_serial) {
      item->snippet_serial = self->query_serial;
      set_snippet (self, article);
    }
    return article;
  }

  article = lectern_article_store_get_summary (self->store, id, &error);
  if (!article) {
    /* The article went away after the ids were read; its removal signal is on the way.
     * A view asking for this position still needs an object until then.
     */
    g_debug ("Article %" G_GINT64_FORMAT " could not be loaded: %s", id, error->message);
    article = lectern_article_new ();
    lectern_article_set_id (article, id);
  } else {
    remember_key (self, article);
  }

  set_snippet (self, article);

  item = g_hash_table_lookup (self->items, &id);
  if (!item) {
    item = g_new0 (CachedItem, 1);
    item->id = id;
    g_weak_ref_init (&item->article, article);
    g_hash_table_insert (self->items, &item->id, item);
  } else {
    g_weak_ref_set (&item->article, article);
  }
  item->snippet_serial = self->query_serial;

  return article;
}

static gboolean
has_words (LecternArticleList *self)
{
  return is_searching (self) && lectern_query_get_match (self->query);
}

static gboolean
snippet_idle_cb (gpointer data)
{
  LecternArticleList *self = data;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *snippet = NULL;
  CachedItem *item;
  gint64 id;

  if (self->pending_snippets->len == 0 || !has_words (self)) {
    g_array_set_size (self->pending_snippets, 0);
    self->snippet_idle = 0;
    return G_SOURCE_REMOVE;
  }

  id = g_array_index (self->pending_snippets, gint64, 0);
  g_array_remove_index (self->pending_snippets, 0);

  /* Only for an article still on show, for this query. */
  item = g_hash_table_lookup (self->items, &id);
  article = item ? g_weak_ref_get (&item->article) : NULL;
  if (!article || item->snippet_serial != self->query_serial)
    return G_SOURCE_CONTINUE;

  snippet = lectern_article_store_get_snippet (self->store, self->query, id, &error);
  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) && !is_gone_error (error))
    g_debug ("No snippet for article %" G_GINT64_FORMAT ": %s", id, error->message);
  lectern_article_set_snippet (article, snippet);

  return G_SOURCE_CONTINUE;
}

/* Gives @article the snippet of its match for the query when it has words, none otherwise.
 * Read only for articles a row asks for, so a search of 100,000 results reads a few; and
 * one at a time when the main loop is idle, after the rows are drawn: a snippet of a long
 * article takes milliseconds, and a screen of them must not hold up typing.
 */
static void
set_snippet (LecternArticleList *self,
             LecternArticle     *article)
{
  gint64 id = lectern_article_get_id (article);

  lectern_article_set_snippet (article, NULL);

  if (!has_words (self))
    return;

  g_array_append_val (self->pending_snippets, id);
  if (!self->snippet_idle) {
    self->snippet_idle = g_idle_add (snippet_idle_cb, self);
    g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->snippet_idle),
                              "[lectern] article list snippets");
  }
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lectern_article_list_get_item_type;
  iface->get_n_items = lectern_article_list_get_n_items;
  iface->get_item = lectern_article_list_get_item;
}

static void
lectern_article_list_constructed (GObject *object)
{
  LecternArticleList *self = (LecternArticleList *)object;

  G_OBJECT_CLASS (lectern_article_list_parent_class)->constructed (object);

  g_assert (LECTERN_IS_ARTICLE_STORE (self->store));

  g_signal_connect_object (self->store, "article-added",
                           G_CALLBACK (article_added_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "article-changed",
                           G_CALLBACK (article_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "article-removed",
                           G_CALLBACK (article_removed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "external-change",
                           G_CALLBACK (external_change_cb), self, G_CONNECT_DEFAULT);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  refresh (self);
}

static void
lectern_article_list_dispose (GObject *object)
{
  LecternArticleList *self = (LecternArticleList *)object;

  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->load_idle, g_source_remove);
  g_clear_handle_id (&self->rest_idle, g_source_remove);
  g_clear_handle_id (&self->snippet_idle, g_source_remove);

  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (lectern_article_list_parent_class)->dispose (object);
}

static void
lectern_article_list_finalize (GObject *object)
{
  LecternArticleList *self = (LecternArticleList *)object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->query, lectern_query_unref);
  g_clear_pointer (&self->pending_snippets, g_array_unref);

  G_OBJECT_CLASS (lectern_article_list_parent_class)->finalize (object);
}

static void
lectern_article_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LecternArticleList *self = LECTERN_ARTICLE_LIST (object);

  switch (prop_id) {
    case PROP_STORE:
      g_value_set_object (value, lectern_article_list_get_store (self));
      break;
    case PROP_FILTER:
      g_value_set_enum (value, lectern_article_list_get_filter (self));
      break;
    case PROP_SORT:
      g_value_set_enum (value, lectern_article_list_get_sort (self));
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, lectern_article_list_get_query (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, lectern_article_list_is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_list_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LecternArticleList *self = LECTERN_ARTICLE_LIST (object);

  switch (prop_id) {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      lectern_article_list_set_filter (self, g_value_get_enum (value));
      break;
    case PROP_SORT:
      lectern_article_list_set_sort (self, g_value_get_enum (value));
      break;
    case PROP_QUERY:
      lectern_article_list_set_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_article_list_class_init (LecternArticleListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lectern_article_list_constructed;
  object_class->dispose = lectern_article_list_dispose;
  object_class->finalize = lectern_article_list_finalize;
  object_class->get_property = lectern_article_list_get_property;
  object_class->set_property = lectern_article_list_set_property;

  /**
   * LecternArticleList:store:
   *
   * The store the articles come from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         LECTERN_TYPE_ARTICLE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticleList:filter:
   *
   * Which articles the list holds.
   */
  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL,
                       LECTERN_TYPE_FILTER, LECTERN_FILTER_UNREAD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticleList:sort:
   *
   * The order of the articles.
   */
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL,
                       LECTERN_TYPE_SORT, LECTERN_SORT_NEWEST,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticleList:query:
   *
   * The search whose results the list holds, under its filter; %NULL for none.
   */
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        LECTERN_TYPE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticleList:n-items:
   *
   * The number of articles in the list.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternArticleList:loading:
   *
   * Whether more of the list is still to come. After a new query, filter or sort, and
   * when the list is made, the first few hundred articles are in the list at once (a
   * query's, when its search comes back), and the others follow.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_article_list_init (LecternArticleList *self)
{
  self->filter = LECTERN_FILTER_UNREAD;
  self->sort = LECTERN_SORT_NEWEST;
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cached_item_free);
  self->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->pending_snippets = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * lectern_article_list_new:
 * @store: the store to list
 * @filter: which articles
 * @sort: in which order
 *
 * Returns: (transfer full): a list model of @store's articles
 */
LecternArticleList *
lectern_article_list_new (LecternArticleStore *store,
                          LecternFilter        filter,
                          LecternSort          sort)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_STORE (store), NULL);

  return g_object_new (LECTERN_TYPE_ARTICLE_LIST,
                       "store", store,
                       "filter", filter,
                       "sort", sort,
                       NULL);
}

/**
 * lectern_article_list_get_store:
 * @self: a #LecternArticleList
 *
 * Returns: (transfer none): the store the articles come from
 */
LecternArticleStore *
lectern_article_list_get_store (LecternArticleList *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), NULL);

  return self->store;
}

/**
 * lectern_article_list_get_filter:
 * @self: a #LecternArticleList
 *
 * Returns: which articles the list holds
 */
LecternFilter
lectern_article_list_get_filter (LecternArticleList *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), LECTERN_FILTER_ALL);

  return self->filter;
}

/**
 * lectern_article_list_set_filter:
 * @self: a #LecternArticleList
 * @filter: which articles
 *
 * Shows the articles @filter selects instead, with one #GListModel::items-changed.
 */
void
lectern_article_list_set_filter (LecternArticleList *self,
                                 LecternFilter       filter)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_LIST (self));
  g_return_if_fail (filter < LECTERN_N_FILTERS);

  if (self->filter == filter)
    return;

  self->filter = filter;

  /* While constructing, constructed () reads the ids once all properties are in. */
  if (self->ids)
    refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * lectern_article_list_get_sort:
 * @self: a #LecternArticleList
 *
 * Returns: the order of the articles
 */
LecternSort
lectern_article_list_get_sort (LecternArticleList *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), LECTERN_SORT_NEWEST);

  return self->sort;
}

/**
 * lectern_article_list_set_sort:
 * @self: a #LecternArticleList
 * @sort: the order
 *
 * Orders the articles by @sort instead, with one #GListModel::items-changed.
 */
void
lectern_article_list_set_sort (LecternArticleList *self,
                               LecternSort         sort)
{
  g_return_if_fail (LECTERN_IS_ARTICLE_LIST (self));
  g_return_if_fail (sort <= LECTERN_SORT_LONGEST);

  if (self->sort == sort)
    return;

  self->sort = sort;
  g_hash_table_remove_all (self->keys);

  if (self->ids)
    refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

/**
 * lectern_article_list_find:
 * @self: a #LecternArticleList
 * @id: an article's id
 *
 * Returns: the position of the article in the list, or %G_MAXUINT (the value of
 *   `GTK_INVALID_LIST_POSITION`) if it is not in it
 */
guint
lectern_article_list_find (LecternArticleList *self,
                           gint64              id)
{
  const gint64 *ids;

  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), G_MAXUINT);

  if (!self->ids)
    return G_MAXUINT;

  ids = (const gint64 *)self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    if (ids[i] == id)
      return i;

  return G_MAXUINT;
}

/**
 * lectern_article_list_set_query:
 * @self: a #LecternArticleList
 * @query: (nullable): a search, or %NULL for none
 *
 * Shows the articles that match @query under the list's filter, best first, in place of
 * the list: the search runs on another thread, and its first results replace the list
 * with one #GListModel::items-changed when they come; should there be more, the others
 * are added after them with another (see #LecternArticleList:loading). Setting another
 * query before then cancels it. An empty query, like %NULL, lists the filter's articles in
 * the list's sort again.
 */
void
lectern_article_list_set_query (LecternArticleList *self,
                                LecternQuery       *query)
{
  gboolean was_searching;

  g_return_if_fail (LECTERN_IS_ARTICLE_LIST (self));

  if (self->query == query ||
      (self->query && query &&
       g_strcmp0 (lectern_query_get_text (self->query), lectern_query_get_text (query)) == 0))
    return;

  was_searching = is_searching (self);
  g_clear_pointer (&self->query, lectern_query_unref);
  self->query = query ? lectern_query_ref (query) : NULL;
  self->query_serial++;
  g_array_set_size (self->pending_snippets, 0);

  if (is_searching (self)) {
    start_load (self, TRUE);
  } else {
    set_loading (self, NULL);
    if (was_searching && self->ids)
      refresh (self);
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * lectern_article_list_is_loading:
 * @self: a #LecternArticleList
 *
 * Returns: whether more of the list is still to come (#LecternArticleList:loading)
 */
gboolean
lectern_article_list_is_loading (LecternArticleList *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), FALSE);

  return self->load_cancellable != NULL;
}

/**
 * lectern_article_list_get_query:
 * @self: a #LecternArticleList
 *
 * Returns: (transfer none) (nullable): the search the list shows, or %NULL
 */
LecternQuery *
lectern_article_list_get_query (LecternArticleList *self)
{
  g_return_val_if_fail (LECTERN_IS_ARTICLE_LIST (self), NULL);

  return self->query;
}
