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
 * On every store signal the list reads the ids again and emits one
 * #GListModel::items-changed covering only the range that differs. On
 * #LecternArticleStore::external-change it also reads again the articles it handed out.
 */

struct _LecternArticleList
{
  GObject parent_instance;

  /* Owned */
  LecternArticleStore *store;
  GArray *ids;
  /* id → CachedItem, whose weak reference is to the article last handed out. */
  GHashTable *items;
  LecternFilter filter;
  LecternSort sort;
};

typedef struct {
  gint64 id;
  GWeakRef article;
} CachedItem;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LecternArticleList, lectern_article_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILTER,
  PROP_SORT,
  PROP_N_ITEMS,
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

/* Reads the ids again and tells the views what changed: one items-changed over the range
 * between the common prefix and the common suffix of the old and new lists.
 */
static void
refresh (LecternArticleList *self)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  const gint64 *old_ids;
  const gint64 *new_ids;
  guint old_len;
  guint new_len;
  guint prefix = 0;
  guint suffix = 0;

  ids = lectern_article_store_list_ids (self->store, self->filter, self->sort, &error);
  if (!ids) {
    /* At exit, callbacks of the last writes may still arrive after the store closed. */
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      g_warning ("Could not list the articles: %s", error->message);
    return;
  }

  old_ids = (const gint64 *)self->ids->data;
  new_ids = (const gint64 *)ids->data;
  old_len = self->ids->len;
  new_len = ids->len;

  while (prefix < old_len && prefix < new_len && old_ids[prefix] == new_ids[prefix])
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old_ids[old_len - 1 - suffix] == new_ids[new_len - 1 - suffix])
    suffix++;

  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);

  /* Forget articles nobody holds any more, so the table does not grow with scrolling. */
  g_hash_table_foreach_remove (self->items, cached_item_is_dead, NULL);

  if (old_len - prefix - suffix > 0 || new_len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix,
                                new_len - prefix - suffix);

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
article_added_cb (LecternArticleStore *store,
                  gint64               id,
                  LecternArticleList  *self)
{
  refresh (self);
}

static void
article_removed_cb (LecternArticleStore *store,
                    gint64               id,
                    LecternArticleList  *self)
{
  refresh (self);
}

static void
article_changed_cb (LecternArticleStore *store,
                    gint64               id,
                    LecternArticleList  *self)
{
  g_autoptr (LecternArticle) article = dup_cached_article (self, id);

  if (article) {
    g_autoptr (LecternArticle) summary = NULL;
    g_autoptr (GError) error = NULL;

    summary = lectern_article_store_get_summary (store, id, &error);
    if (summary)
      lectern_article_update_from (article, summary);
    else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) &&
             !g_error_matches (error, LECTERN_DATABASE_ERROR, LECTERN_DATABASE_ERROR_NOT_FOUND))
      g_warning ("Could not reload article %" G_GINT64_FORMAT ": %s", id, error->message);
  }

  /* A flag change can move the article into or out of this list. */
  refresh (self);
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

  refresh (self);
}

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
  if (article)
    return article;

  article = lectern_article_store_get_summary (self->store, id, &error);
  if (!article) {
    /* The article went away after the ids were read; its removal signal is on the way.
     * A view asking for this position still needs an object until then.
     */
    g_debug ("Article %" G_GINT64_FORMAT " could not be loaded: %s", id, error->message);
    article = lectern_article_new ();
    lectern_article_set_id (article, id);
  }

  item = g_hash_table_lookup (self->items, &id);
  if (!item) {
    item = g_new0 (CachedItem, 1);
    item->id = id;
    g_weak_ref_init (&item->article, article);
    g_hash_table_insert (self->items, &item->id, item);
  } else {
    g_weak_ref_set (&item->article, article);
  }

  return article;
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
  g_autoptr (GError) error = NULL;

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

  self->ids = lectern_article_store_list_ids (self->store, self->filter, self->sort, &error);
  if (!self->ids) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      g_warning ("Could not list the articles: %s", error->message);
    self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  }
}

static void
lectern_article_list_dispose (GObject *object)
{
  LecternArticleList *self = (LecternArticleList *)object;

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
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self)));
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
   * LecternArticleList:n-items:
   *
   * The number of articles in the list.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_article_list_init (LecternArticleList *self)
{
  self->filter = LECTERN_FILTER_UNREAD;
  self->sort = LECTERN_SORT_NEWEST;
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cached_item_free);
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
