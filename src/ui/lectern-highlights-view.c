/* lectern-highlights-view.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlights-view.h"

#include "lectern-highlight.h"
#include "lectern-query.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* How much of a highlight's text and note a row is given. Its labels show four and two
 * lines of it, ellipsized; Pango would lay out all of a passage of a whole article for
 * them, on every bind.
 */
#define SHOWN_TEXT_CHARS 600
#define SHOWN_NOTE_CHARS 300

/**
 * LecternHighlightsView:
 *
 * Every highlight of the library in the sidebar, newest first: each with its colour, its
 * text, its note and the title of its article, and "Not found in the text" when the
 * article no longer has the passage. What is typed in the search keeps the highlights
 * whose text or note has its words. Choosing one emits
 * #LecternHighlightsView::highlight-activated, for the window to open the article there.
 *
 * The list follows the library: it is read again when highlights are added, changed or
 * removed, and when articles come, go or are renamed (a deleted article's highlights are
 * not listed); while the view is not on screen, once it is shown again.
 */
struct _LecternHighlightsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *list_view;
  AdwStatusPage       *empty_status;

  /* Owned */
  LecternArticleStore *store;
  GListStore          *highlights;
  GtkSingleSelection  *selection;
  char                *query_text;

  guint                refresh_id;
  /* The library changed while the view was not on screen. */
  gboolean             dirty;
  /* The list is being replaced: its selection changes are not the user's. */
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (LecternHighlightsView, lectern_highlights_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  HIGHLIGHT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row's widgets, found again on bind by their names. */
#define ROW_SWATCH  "highlight-swatch"
#define ROW_TEXT    "highlight-text"
#define ROW_NOTE    "highlight-note"
#define ROW_TITLE   "highlight-title"
#define ROW_MISSING "highlight-missing"

/* @text as a row shows it: each run of spaces and line breaks as one space, and cut after
 * @max_chars characters, with an ellipsis.
 */
static char *
dup_shown_text (const char *text,
                guint       max_chars)
{
  g_autoptr (GString) shown = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    /* Control characters (a note pasted from a terminal, say) show as the space they
     * stand for, or not at all.
     */
    if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029) {
      space = shown->len > 0;
      continue;
    }
    if (n_chars >= max_chars) {
      g_string_append (shown, "…");
      break;
    }
    if (space) {
      g_string_append_c (shown, ' ');
      n_chars++;
      space = FALSE;
    }
    g_string_append_unichar (shown, c);
    n_chars++;
  }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

static GtkWidget *
find_child (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found;

    if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      return child;
    if ((found = find_child (child, name)))
      return found;
  }
  return NULL;
}

static GtkWidget *
wrapping_label_new (const char *name,
                    guint       lines)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* The row's width is the sidebar's: the label wraps in it rather than asking for more. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *text = wrapping_label_new (ROW_TEXT, 4);
  GtkWidget *note = wrapping_label_new (ROW_NOTE, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *missing = gtk_label_new (_("Not found in the text"));

  gtk_widget_add_css_class (row, "highlight-row");
  gtk_widget_set_name (swatch, ROW_SWATCH);

  gtk_widget_add_css_class (text, "highlight-text");
  gtk_widget_add_css_class (note, "highlight-note");
  gtk_widget_add_css_class (note, "dim-label");

  gtk_widget_set_name (title, ROW_TITLE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 1);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");

  gtk_widget_set_name (missing, ROW_MISSING);
  gtk_label_set_xalign (GTK_LABEL (missing), 0);
  gtk_label_set_wrap (GTK_LABEL (missing), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (missing), 1);
  gtk_widget_add_css_class (missing, "caption");
  gtk_widget_add_css_class (missing, "warning");

  gtk_box_append (GTK_BOX (column), text);
  gtk_box_append (GTK_BOX (column), note);
  gtk_box_append (GTK_BOX (column), title);
  gtk_box_append (GTK_BOX (column), missing);
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), column);
  gtk_list_item_set_child (item, row);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  LecternHighlight *highlight = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  const char *note = lectern_highlight_get_note (highlight);
  const char *title = lectern_highlight_get_article_title (highlight);
  g_autofree char *color_class = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown_note = NULL;
  gboolean found = lectern_highlight_get_found (highlight);

  color_class = g_strconcat ("highlight-",
                             lectern_highlight_color_to_string (
                               lectern_highlight_get_color (highlight)),
                             NULL);
  gtk_widget_set_css_classes (find_child (row, ROW_SWATCH),
                              (const char *[]) { "highlight-swatch", color_class, NULL });

  text = dup_shown_text (lectern_highlight_get_text (highlight), SHOWN_TEXT_CHARS);
  gtk_label_set_text (GTK_LABEL (find_child (row, ROW_TEXT)), text);

  shown_note = dup_shown_text (note, SHOWN_NOTE_CHARS);
  gtk_label_set_text (GTK_LABEL (find_child (row, ROW_NOTE)), shown_note);
  gtk_widget_set_visible (find_child (row, ROW_NOTE), *shown_note != '\0');

  gtk_label_set_text (GTK_LABEL (find_child (row, ROW_TITLE)), title ? title : "");
  gtk_widget_set_visible (find_child (row, ROW_TITLE), title && *title);
  gtk_widget_set_visible (find_child (row, ROW_MISSING), !found);

}

static void
lectern_highlights_view_emit (LecternHighlightsView *self,
                              LecternHighlight      *highlight)
{
  g_signal_emit (self, signals[HIGHLIGHT_ACTIVATED], 0,
                 lectern_highlight_get_article_id (highlight),
                 lectern_highlight_get_id (highlight));
}

/* A click selects the row, as in the list of articles: that opens it. */
static void
selection_changed_cb (GtkSingleSelection    *selection,
                      GParamSpec            *pspec,
                      LecternHighlightsView *self)
{
  LecternHighlight *highlight = gtk_single_selection_get_selected_item (selection);

  if (highlight && !self->updating)
    lectern_highlights_view_emit (self, highlight);
}

/* Enter (or a double click) opens the row again, scrolled to the highlight once more. */
static void
list_activate_cb (GtkListView           *list_view,
                  guint                  position,
                  LecternHighlightsView *self)
{
  g_autoptr (LecternHighlight) highlight = NULL;

  highlight = g_list_model_get_item (G_LIST_MODEL (self->highlights), position);
  if (highlight)
    lectern_highlights_view_emit (self, highlight);
}

static gboolean
highlight_same (LecternHighlight *a,
                LecternHighlight *b)
{
  return lectern_highlight_get_id (a) == lectern_highlight_get_id (b) &&
         lectern_highlight_get_updated_at (a) == lectern_highlight_get_updated_at (b) &&
         lectern_highlight_get_color (a) == lectern_highlight_get_color (b) &&
         lectern_highlight_get_found (a) == lectern_highlight_get_found (b) &&
         g_strcmp0 (lectern_highlight_get_note (a), lectern_highlight_get_note (b)) == 0 &&
         g_strcmp0 (lectern_highlight_get_text (a), lectern_highlight_get_text (b)) == 0 &&
         g_strcmp0 (lectern_highlight_get_article_title (a),
                    lectern_highlight_get_article_title (b)) == 0;
}

static void
lectern_highlights_view_update_empty_state (LecternHighlightsView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->highlights));
  g_autofree char *description = NULL;

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
  if (n_items > 0)
    return;

  if (self->query_text && *self->query_text) {
    adw_status_page_set_icon_name (self->empty_status, "edit-find-symbolic");
    adw_status_page_set_title (self->empty_status, _("No Highlights Found"));
    /* Translators: %s is what the user typed in the search entry. */
    description = g_markup_printf_escaped (_("No highlight or note has “%s”"),
                                           self->query_text);
    adw_status_page_set_description (self->empty_status, description);
  } else {
    adw_status_page_set_icon_name (self->empty_status, "lectern-highlight-symbolic");
    adw_status_page_set_title (self->empty_status, _("No Highlights"));
    adw_status_page_set_description (self->empty_status,
                                     _("Select text in an article to highlight it"));
  }
}

/**
 * lectern_highlights_view_refresh:
 *
 * Reads the highlights from the library now. Only the rows that changed are replaced, so
 * the list stays where it was scrolled to, and the highlight chosen stays chosen.
 */
void
lectern_highlights_view_refresh (LecternHighlightsView *self)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (LecternQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  LecternHighlight *selected;
  gint64 selected_id;
  guint n_old, n_new, prefix = 0, suffix = 0;

  g_return_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;

  if (self->store) {
    query = lectern_query_parse (self->query_text ? self->query_text : "");
    highlights = lectern_article_store_list_highlights (self->store, 0,
                                                        lectern_query_is_empty (query)
                                                        ? NULL : query,
                                                        &error);
    /* Words the search index cannot take (a lone quote mark, say) find nothing. */
    if (!highlights)
      g_debug ("Could not list the highlights: %s", error->message);
  }
  if (!highlights)
    highlights = g_ptr_array_new_with_free_func (g_object_unref);

  selected = gtk_single_selection_get_selected_item (self->selection);
  selected_id = selected ? lectern_highlight_get_id (selected) : 0;

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->highlights));
  n_new = highlights->len;
  while (prefix < n_old && prefix < n_new) {
    g_autoptr (LecternHighlight) old = g_list_model_get_item (G_LIST_MODEL (self->highlights),
                                                              prefix);

    if (!highlight_same (old, g_ptr_array_index (highlights, prefix)))
      break;
    prefix++;
  }
  while (suffix < n_old - prefix && suffix < n_new - prefix) {
    g_autoptr (LecternHighlight) old = NULL;

    old = g_list_model_get_item (G_LIST_MODEL (self->highlights), n_old - 1 - suffix);
    if (!highlight_same (old, g_ptr_array_index (highlights, n_new - 1 - suffix)))
      break;
    suffix++;
  }

  self->updating = TRUE;
  if (prefix + suffix < MAX (n_old, n_new))
    g_list_store_splice (self->highlights, prefix, n_old - prefix - suffix,
                         highlights->pdata + prefix, n_new - prefix - suffix);
  if (selected_id != 0) {
    guint position = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < n_new && position == GTK_INVALID_LIST_POSITION; i++)
      if (lectern_highlight_get_id (g_ptr_array_index (highlights, i)) == selected_id)
        position = i;
    gtk_single_selection_set_selected (self->selection, position);
  }
  self->updating = FALSE;

  lectern_highlights_view_update_empty_state (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  LecternHighlightsView *self = user_data;

  self->refresh_id = 0;
  lectern_highlights_view_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (an import adds articles by the hundred): the list is read again
 * once the burst is over, and only while it is on screen.
 */
static void
lectern_highlights_view_queue_refresh (LecternHighlightsView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self))) {
    g_clear_handle_id (&self->refresh_id, g_source_remove);
    self->dirty = TRUE;
    return;
  }
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static gboolean
lectern_highlights_view_lists_article (LecternHighlightsView *self,
                                       gint64                 article_id)
{
  GListModel *model = G_LIST_MODEL (self->highlights);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++) {
    g_autoptr (LecternHighlight) highlight = g_list_model_get_item (model, i);

    if (lectern_highlight_get_article_id (highlight) == article_id)
      return TRUE;
  }
  return FALSE;
}

static void
store_changed_cb (LecternHighlightsView *self)
{
  lectern_highlights_view_queue_refresh (self);
}

static void
store_article_changed_cb (LecternArticleStore   *store,
                          gint64                 id,
                          LecternHighlightsView *self)
{
  /* Only a title listed here matters; the reader's progress changes articles every few
   * seconds.
   */
  if (self->dirty || lectern_highlights_view_lists_article (self, id))
    lectern_highlights_view_queue_refresh (self);
}

static void
store_article_id_cb (LecternArticleStore   *store,
                     gint64                 id,
                     LecternHighlightsView *self)
{
  lectern_highlights_view_queue_refresh (self);
}

static void
lectern_highlights_view_map (GtkWidget *widget)
{
  LecternHighlightsView *self = LECTERN_HIGHLIGHTS_VIEW (widget);

  GTK_WIDGET_CLASS (lectern_highlights_view_parent_class)->map (widget);

  if (self->dirty)
    lectern_highlights_view_refresh (self);
}

static void
lectern_highlights_view_dispose (GObject *object)
{
  LecternHighlightsView *self = LECTERN_HIGHLIGHTS_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), LECTERN_TYPE_HIGHLIGHTS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->highlights);

  G_OBJECT_CLASS (lectern_highlights_view_parent_class)->dispose (object);
}

static void
lectern_highlights_view_finalize (GObject *object)
{
  LecternHighlightsView *self = LECTERN_HIGHLIGHTS_VIEW (object);

  g_free (self->query_text);

  G_OBJECT_CLASS (lectern_highlights_view_parent_class)->finalize (object);
}

static void
lectern_highlights_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LecternHighlightsView *self = LECTERN_HIGHLIGHTS_VIEW (object);

  switch (prop_id) {
    case PROP_STORE:
      g_value_set_object (value, lectern_highlights_view_get_store (self));
      break;
    case PROP_QUERY_TEXT:
      g_value_set_string (value, lectern_highlights_view_get_query_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_highlights_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LecternHighlightsView *self = LECTERN_HIGHLIGHTS_VIEW (object);

  switch (prop_id) {
    case PROP_STORE:
      lectern_highlights_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_QUERY_TEXT:
      lectern_highlights_view_set_query_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_highlights_view_class_init (LecternHighlightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lectern_highlights_view_dispose;
  object_class->finalize = lectern_highlights_view_finalize;
  object_class->get_property = lectern_highlights_view_get_property;
  object_class->set_property = lectern_highlights_view_set_property;
  widget_class->map = lectern_highlights_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         LECTERN_TYPE_ARTICLE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY_TEXT] =
    g_param_spec_string ("query-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LecternHighlightsView::highlight-activated:
   * @self: the view
   * @article_id: the article the highlight is in
   * @highlight_id: the highlight
   *
   * A highlight was chosen: with a click, the keyboard, or Enter in the search.
   */
  signals[HIGHLIGHT_ACTIVATED] =
    g_signal_new ("highlight-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/lectern/Lectern/lectern-highlights-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LecternHighlightsView, stack);
  gtk_widget_class_bind_template_child (widget_class, LecternHighlightsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, LecternHighlightsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, LecternHighlightsView, empty_status);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "highlightsview");
}

static void
lectern_highlights_view_init (LecternHighlightsView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->highlights = g_list_store_new (LECTERN_TYPE_HIGHLIGHT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->highlights)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_DEFAULT);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  lectern_highlights_view_update_empty_state (self);
}

/**
 * lectern_highlights_view_new:
 *
 * Returns: (transfer floating): a view of no library's highlights, until it is given a store
 */
GtkWidget *
lectern_highlights_view_new (void)
{
  return g_object_new (LECTERN_TYPE_HIGHLIGHTS_VIEW, NULL);
}

/**
 * lectern_highlights_view_get_store:
 *
 * Returns: (transfer none) (nullable): the library whose highlights the view lists
 */
LecternArticleStore *
lectern_highlights_view_get_store (LecternHighlightsView *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self), NULL);

  return self->store;
}

/**
 * lectern_highlights_view_set_store:
 * @store: (nullable): a library
 *
 * Lists the highlights of @store, and follows its changes.
 */
void
lectern_highlights_view_set_store (LecternHighlightsView *self,
                                   LecternArticleStore   *store)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self));
  g_return_if_fail (!store || LECTERN_IS_ARTICLE_STORE (store));

  if (self->store == store)
    return;

  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store) {
    g_signal_connect_object (store, "highlights-changed", G_CALLBACK (store_article_id_cb),
                             self, G_CONNECT_DEFAULT);
    /* Undo of a deleted article brings its highlights back with it. */
    g_signal_connect_object (store, "article-added", G_CALLBACK (store_article_id_cb),
                             self, G_CONNECT_DEFAULT);
    g_signal_connect_object (store, "article-removed", G_CALLBACK (store_article_id_cb),
                             self, G_CONNECT_DEFAULT);
    g_signal_connect_object (store, "article-changed", G_CALLBACK (store_article_changed_cb),
                             self, G_CONNECT_DEFAULT);
    g_signal_connect_object (store, "external-change", G_CALLBACK (store_changed_cb),
                             self, G_CONNECT_SWAPPED);
  }

  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lectern_highlights_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * lectern_highlights_view_get_query_text:
 *
 * Returns: (nullable): what the highlights are searched for
 */
const char *
lectern_highlights_view_get_query_text (LecternHighlightsView *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self), NULL);

  return self->query_text;
}

/**
 * lectern_highlights_view_set_query_text:
 * @text: (nullable): words, in the query language of the search (lectern_query_parse());
 *   %NULL or "" for every highlight
 *
 * Lists only the highlights whose text or note has the words of @text.
 */
void
lectern_highlights_view_set_query_text (LecternHighlightsView *self,
                                        const char            *text)
{
  g_return_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self));

  if (text && !*text)
    text = NULL;
  if (g_strcmp0 (self->query_text, text) == 0)
    return;

  g_free (self->query_text);
  self->query_text = g_strdup (text);
  /* The window waits for a pause in the typing before it asks. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lectern_highlights_view_refresh (self);
  else
    self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY_TEXT]);
}

/**
 * lectern_highlights_view_get_model:
 *
 * Returns: (transfer none): the highlights listed, #LecternHighlight objects
 */
GListModel *
lectern_highlights_view_get_model (LecternHighlightsView *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->highlights);
}

/**
 * lectern_highlights_view_get_list_view:
 *
 * Returns: (transfer none): the list of the highlights
 */
GtkListView *
lectern_highlights_view_get_list_view (LecternHighlightsView *self)
{
  g_return_val_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self), NULL);

  return self->list_view;
}

/**
 * lectern_highlights_view_activate_first:
 *
 * Chooses the first highlight listed, as a click on it does: Enter in the search.
 *
 * Returns: whether there was one
 */
gboolean
lectern_highlights_view_activate_first (LecternHighlightsView *self)
{
  g_autoptr (LecternHighlight) first = NULL;

  g_return_val_if_fail (LECTERN_IS_HIGHLIGHTS_VIEW (self), FALSE);

  if (self->dirty)
    lectern_highlights_view_refresh (self);
  first = g_list_model_get_item (G_LIST_MODEL (self->highlights), 0);
  if (!first)
    return FALSE;

  self->updating = TRUE;
  gtk_single_selection_set_selected (self->selection, 0);
  self->updating = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  lectern_highlights_view_emit (self, first);
  return TRUE;
}
