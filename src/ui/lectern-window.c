/* lectern-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-window.h"

#include "lectern-article-row.h"
#include "lectern-database.h"
#include "lectern-preferences-window.h"
#include "lectern-query.h"
#include "lectern-reader-scheme.h"
#include "lectern-tag.h"
#include "lectern-text.h"
#include "lectern-url.h"
#include "lectern-window-private.h"

#include <glib/gi18n.h>

/**
 * LecternWindow:
 *
 * The main window: a sidebar with the filter switcher and the list of articles, and a
 * reading pane with the article's actions in its header bar. It folds to one pane when
 * narrow, with a back button to return to the list.
 */
G_DEFINE_FINAL_TYPE (LecternWindow, lectern_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  PROP_FILTER,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void lectern_window_queue_update_tags   (LecternWindow *self);
static void lectern_window_select_current_full (LecternWindow *self,
                                                gboolean       scroll);
static void lectern_window_restore_scroll      (LecternWindow *self,
                                                double         value);
static LecternQuery *lectern_window_build_query (LecternWindow *self);
static void lectern_window_show_article_at     (LecternWindow *self,
                                                gint64         id,
                                                gint64         highlight_id);
static void lectern_window_apply_query         (LecternWindow *self);

/* Progress is written at most this often while the reader scrolls, and when leaving. */
#define PROGRESS_SAVE_DELAY_MS 3000

/* The list follows what is typed in the search entry once typing pauses this long: one
 * search per pause, not one per key.
 */
#define SEARCH_DELAY_MS 150

/* How many frames a restored scroll position is held while the list measures its rows. */
#define RESTORE_SCROLL_MAX_FRAMES 12

static const struct {
  const char *icon_name;
  const char *title;
  const char *description;
} empty_states[LECTERN_N_FILTERS] = {
  [LECTERN_FILTER_UNREAD] = {
    "object-select-symbolic",
    N_("All Read"),
    N_("Articles you save wait here until you have read them"),
  },
  [LECTERN_FILTER_FAVOURITES] = {
    "starred-symbolic",
    N_("No Favourites"),
    N_("Star an article to keep it here"),
  },
  [LECTERN_FILTER_ARCHIVE] = {
    "lectern-archive-symbolic",
    N_("Nothing Archived"),
    N_("Archive the articles you are done with to keep your list short"),
  },
  [LECTERN_FILTER_ALL] = {
    "x-office-document-symbolic",
    N_("No Articles"),
    N_("Every article you save shows here"),
  },
};

/* What the search entry asks for, trimmed: "" when the search bar is closed. */
static char *
lectern_window_dup_search_text (LecternWindow *self)
{
  char *text;

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return g_strdup ("");
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  return g_strstrip (text);
}

static void
lectern_window_update_empty_state (LecternWindow *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  LecternFilter filter = self->filter;
  g_autofree char *text = NULL;
  gboolean library_empty;

  /* The highlights have their own empty state. */
  if (self->show_highlights)
    return;

  gtk_stack_set_visible_child_name (self->sidebar_stack, n_items > 0 ? "list" : "empty");
  if (n_items > 0)
    return;

  /* A search or a tag that finds nothing says so, with what was looked for. */
  text = lectern_window_dup_search_text (self);
  if (*text || self->tag) {
    g_autofree char *description = NULL;

    if (*text) {
      adw_status_page_set_icon_name (self->empty_status, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_status, _("No Results"));
      /* Translators: %s is what the user typed in the search entry. */
      description = g_markup_printf_escaped (_("No articles match “%s”"), text);
    } else {
      adw_status_page_set_icon_name (self->empty_status, "lectern-tag-symbolic");
      adw_status_page_set_title (self->empty_status, _("No Tagged Articles"));
      /* Translators: %s is the name of a tag. */
      description = g_markup_printf_escaped (_("No articles in this list are tagged “%s”"),
                                             self->tag);
    }
    adw_status_page_set_description (self->empty_status, description);
    gtk_widget_set_visible (self->empty_add_button, FALSE);
    return;
  }

  /* A new library says how to begin, whatever the filter. */
  library_empty = lectern_article_store_count (self->store, LECTERN_FILTER_ALL, NULL) == 0;
  if (library_empty) {
    adw_status_page_set_icon_name (self->empty_status, "x-office-document-symbolic");
    adw_status_page_set_title (self->empty_status, _("Save Your First Article"));
    adw_status_page_set_description (self->empty_status,
                                     _("Paste a link with Ctrl+L or drop it here: Lectern keeps "
                                       "the article on this computer, to read later, even offline"));
  } else {
    adw_status_page_set_icon_name (self->empty_status, empty_states[filter].icon_name);
    adw_status_page_set_title (self->empty_status, _(empty_states[filter].title));
    adw_status_page_set_description (self->empty_status, _(empty_states[filter].description));
  }
  gtk_widget_set_visible (self->empty_add_button,
                          library_empty || filter == LECTERN_FILTER_UNREAD);
}

static void
lectern_window_update_counts (LecternWindow *self)
{
  guint counts[LECTERN_N_FILTERS] = { 0, };
  g_autoptr (GError) error = NULL;
  g_autofree char *unread = NULL;
  g_autofree char *tooltip = NULL;

  if (!lectern_article_store_counts (self->store, counts, &error)) {
    g_warning ("Could not count articles: %s", error->message);
    return;
  }

  /* The badge keeps to a few characters so "Unread" beside it keeps its room, however
   * large the library; the exact number is in its tooltip.
   */
  unread = lectern_text_format_count (counts[LECTERN_FILTER_UNREAD]);
  tooltip = g_strdup_printf (ngettext ("%u unread article", "%u unread articles",
                                       counts[LECTERN_FILTER_UNREAD]),
                             counts[LECTERN_FILTER_UNREAD]);
  gtk_label_set_text (self->unread_count_label, unread);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->unread_count_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_count_label),
                          counts[LECTERN_FILTER_UNREAD] > 0);
}

static void
lectern_window_update_title (LecternWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *site = NULL;

  if (!self->current) {
    adw_window_title_set_title (self->content_title, "");
    adw_window_title_set_subtitle (self->content_title, "");
    gtk_window_set_title (GTK_WINDOW (self), _("Lectern"));
    return;
  }

  title = lectern_article_dup_display_title (self->current);
  site = lectern_article_dup_display_site (self->current);
  adw_window_title_set_title (self->content_title, title);
  adw_window_title_set_subtitle (self->content_title, site);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Whether the reader shows the current article, and has taken it to where the reader stopped:
 * only then is what it reports the reader's place.
 */
static gboolean
lectern_window_reader_shows_current (LecternWindow *self)
{
  gint64 id = self->current ? lectern_article_get_id (self->current) : 0;

  return id > 0 &&
         lectern_reader_view_get_article_id (self->reader) == id &&
         lectern_reader_view_get_restored (self->reader);
}

static void
lectern_window_save_progress (LecternWindow *self)
{
  const char *anchor;
  double progress;

  g_clear_handle_id (&self->progress_save_id, g_source_remove);
  if (!self->current || !self->store)
    return;

  if (lectern_window_reader_shows_current (self)) {
    lectern_article_set_progress (self->current, lectern_reader_view_get_progress (self->reader));
    lectern_article_set_progress_anchor (self->current,
                                         lectern_reader_view_get_anchor (self->reader));
  }

  progress = lectern_article_get_progress (self->current);
  anchor = lectern_article_get_progress_anchor (self->current);
  if (progress == self->saved_progress && g_strcmp0 (anchor, self->saved_anchor) == 0)
    return;

  self->saved_progress = progress;
  g_free (self->saved_anchor);
  self->saved_anchor = g_strdup (anchor);
  lectern_article_store_set_progress_async (self->store,
                                            lectern_article_get_id (self->current),
                                            progress, anchor, NULL, NULL, NULL);
}

static gboolean
save_progress_cb (gpointer user_data)
{
  LecternWindow *self = user_data;

  self->progress_save_id = 0;
  lectern_window_save_progress (self);
  return G_SOURCE_REMOVE;
}

static void
reader_progress_cb (LecternReaderView *reader,
                    GParamSpec        *pspec,
                    LecternWindow     *self)
{
  double progress = lectern_reader_view_get_progress (reader);

  gtk_progress_bar_set_fraction (self->reading_progress, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->reading_progress), progress > 0.0);

  if (!lectern_window_reader_shows_current (self))
    return;

  lectern_article_set_progress (self->current, progress);
  lectern_article_set_progress_anchor (self->current, lectern_reader_view_get_anchor (reader));
  if (self->progress_save_id == 0)
    self->progress_save_id = g_timeout_add (PROGRESS_SAVE_DELAY_MS, save_progress_cb, self);
}

static void
restore_highlight_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (LecternWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_add_highlight_finish (LECTERN_ARTICLE_STORE (source), result,
                                                   &error))
    _lectern_window_report_error (self, _("The highlight could not be brought back"), error);
}

static void
undo_remove_highlight_cb (AdwToast         *toast,
                          LecternHighlight *highlight)
{
  LecternWindow *self = g_object_get_data (G_OBJECT (toast), "lectern-window");

  if (self && self->store)
    lectern_article_store_add_highlight_async (self->store, highlight, NULL,
                                               restore_highlight_done_cb,
                                               g_object_ref (self));
}

/* A highlight removed in the reader: Undo adds it back as it was, note and all. */
static void
reader_highlight_removed_cb (LecternReaderView *reader,
                             LecternHighlight  *highlight,
                             LecternWindow     *self)
{
  AdwToast *toast = adw_toast_new (_("Highlight removed"));

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "lectern-window", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_highlight_cb),
                         g_object_ref (highlight), (GClosureNotify) g_object_unref,
                         G_CONNECT_DEFAULT);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
reader_reached_end_cb (LecternReaderView *reader,
                       gint64             id,
                       LecternWindow     *self)
{
  if (!g_settings_get_boolean (self->settings, "mark-read-at-end"))
    return;
  if (!self->current || lectern_article_get_id (self->current) != id ||
      lectern_article_get_is_read (self->current))
    return;

  g_action_group_change_action_state (G_ACTION_GROUP (self->article_actions), "read",
                                      g_variant_new_boolean (TRUE));
}

static void
lectern_window_reload_current (LecternWindow *self)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->current)
    return;

  article = lectern_article_store_get_summary (self->store,
                                               lectern_article_get_id (self->current),
                                               &error);
  if (!article) {
    g_debug ("The current article is gone: %s", error->message);
    return;
  }
  /* The reader knows better than the library where the reader is: it writes only every
   * few seconds.
   */
  if (lectern_window_reader_shows_current (self)) {
    lectern_article_set_progress (article, lectern_reader_view_get_progress (self->reader));
    lectern_article_set_progress_anchor (article, lectern_reader_view_get_anchor (self->reader));
  }
  if (lectern_article_get_save_state (article) != lectern_article_get_save_state (self->current)) {
    lectern_article_update_from (self->current, article);
    _lectern_window_show_current (self);
  } else {
    lectern_article_update_from (self->current, article);
  }
  lectern_window_update_title (self);
  _lectern_window_update_actions (self);
}

/**
 * _lectern_window_show_current:
 *
 * Shows the current article as its save state allows: the reader for a stored article,
 * a spinner while it is saving, or why it failed with a way to try again.
 */
void
_lectern_window_show_current (LecternWindow *self)
{
  gint64 id = lectern_article_get_id (self->current);
  g_autofree char *reason = NULL;

  gtk_spinner_set_spinning (self->pending_spinner, FALSE);

  switch (lectern_article_get_save_state (self->current)) {
    case LECTERN_SAVE_STATE_PENDING:
      lectern_reader_view_clear (self->reader);
      gtk_spinner_set_spinning (self->pending_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->content_stack, "pending");
      break;
    case LECTERN_SAVE_STATE_FAILED:
      lectern_reader_view_clear (self->reader);
      /* The description is markup, and the reason can quote an address or a file name. */
      reason = g_markup_escape_text (lectern_article_get_save_error (self->current)
                                     ? lectern_article_get_save_error (self->current) : "", -1);
      adw_status_page_set_description (self->failed_status, reason);
      gtk_stack_set_visible_child_name (self->content_stack, "failed");
      break;
    case LECTERN_SAVE_STATE_SAVED:
    default:
      if (self->opening_highlight != 0)
        lectern_reader_view_load_article_at_highlight (self->reader, id,
                                                       self->opening_highlight);
      else
        lectern_reader_view_load_article (self->reader, id,
                                          lectern_article_get_progress (self->current),
                                          lectern_article_get_progress_anchor (self->current));
      gtk_stack_set_visible_child_name (self->content_stack, "reader");
      break;
  }
}

/**
 * _lectern_window_clear_article:
 *
 * Shows no article: after the one on display is deleted.
 */
void
_lectern_window_clear_article (LecternWindow *self)
{
  lectern_window_save_progress (self);
  g_clear_object (&self->current);
  lectern_tag_popover_set_article_id (self->tag_popover, 0);
  lectern_reader_view_clear (self->reader);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  lectern_window_update_title (self);
  _lectern_window_update_actions (self);
}

static void
store_article_added_cb (LecternArticleStore *store,
                        gint64               id,
                        LecternWindow       *self)
{
  lectern_window_update_counts (self);
  lectern_window_queue_update_tags (self);
}

static void
store_article_changed_cb (LecternArticleStore *store,
                          gint64               id,
                          LecternWindow       *self)
{
  lectern_window_update_counts (self);
  lectern_window_queue_update_tags (self);
  if (self->current && lectern_article_get_id (self->current) == id)
    lectern_window_reload_current (self);
}

static void
store_article_removed_cb (LecternArticleStore *store,
                          gint64               id,
                          LecternWindow       *self)
{
  lectern_window_update_counts (self);
  lectern_window_queue_update_tags (self);
  if (self->current && lectern_article_get_id (self->current) == id)
    _lectern_window_clear_article (self);
}

/* Another process changed the library (`lectern --save` from a script): the list has read
 * its articles again by now; the counts, the empty state and the article on display follow.
 * Where the reader is stays as it is.
 */
static void
store_external_change_cb (LecternArticleStore *store,
                          LecternWindow       *self)
{
  g_autoptr (LecternArticle) current = NULL;

  lectern_window_update_counts (self);
  lectern_window_update_empty_state (self);
  lectern_window_queue_update_tags (self);

  if (!self->current)
    return;

  current = lectern_article_store_get_summary (store, lectern_article_get_id (self->current),
                                               NULL);
  if (current)
    lectern_window_reload_current (self);
  else
    _lectern_window_clear_article (self);
}

/* Coming back to the window is when its user looks: it shows what changed meanwhile
 * without waiting for the application's next look.
 */
static void
window_active_cb (LecternWindow *self,
                  GParamSpec    *pspec,
                  gpointer       user_data)
{
  if (self->store && gtk_window_is_active (GTK_WINDOW (self)))
    lectern_article_store_check_external_change (self->store);
}

/* The results of a new query replace the list: the article on display is selected in
 * them, and a list coming back from a search goes back to where it was; again as the rest
 * of a long list comes, until all of it has.
 */
static void
lectern_window_restore_after_query (LecternWindow *self)
{
  if (!self->restore_after_query)
    return;

  lectern_window_select_current_full (self, FALSE);
  if (self->search_restore_pending)
    lectern_window_restore_scroll (self, self->search_scroll);
  if (!lectern_article_list_is_loading (self->articles)) {
    self->restore_after_query = FALSE;
    self->search_restore_pending = FALSE;
  }
}

static void
list_items_changed_cb (GListModel    *model,
                       guint          position,
                       guint          removed,
                       guint          added,
                       LecternWindow *self)
{
  lectern_window_update_empty_state (self);
  lectern_window_restore_after_query (self);
}

static void
list_loading_cb (LecternWindow *self)
{
  if (!lectern_article_list_is_loading (self->articles))
    lectern_window_restore_after_query (self);
}

static void
lectern_window_select_current_full (LecternWindow *self,
                                    gboolean       scroll)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->current)
    position = lectern_article_list_find (self->articles, lectern_article_get_id (self->current));
  if (position == G_MAXUINT)
    position = GTK_INVALID_LIST_POSITION;

  gtk_single_selection_set_selected (self->selection, position);
  if (scroll && position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
lectern_window_select_current (LecternWindow *self)
{
  lectern_window_select_current_full (self, TRUE);
}

/**
 * _lectern_window_get_neighbour:
 *
 * Returns: the article after the current one in the list, or the one before it when it is
 *   the last; 0 when there is neither
 */
gint64
_lectern_window_get_neighbour (LecternWindow *self)
{
  guint n_items, position;
  g_autoptr (LecternArticle) article = NULL;

  if (!self->current || !self->articles)
    return 0;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  position = lectern_article_list_find (self->articles, lectern_article_get_id (self->current));
  if (position == G_MAXUINT)
    return 0;

  if (position + 1 < n_items)
    article = g_list_model_get_item (G_LIST_MODEL (self->articles), position + 1);
  else if (position > 0)
    article = g_list_model_get_item (G_LIST_MODEL (self->articles), position - 1);
  return article ? lectern_article_get_id (article) : 0;
}

/**
 * _lectern_window_move:
 * @offset: 1 for the next article in the list, -1 for the previous one
 *
 * Shows the article next to the current one in the list; with none on display, the first
 * (or last) one.
 */
void
_lectern_window_move (LecternWindow *self,
                      int            offset)
{
  g_autoptr (LecternArticle) article = NULL;
  guint n_items, position;
  gint64 target;

  if (!self->articles)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->articles));
  if (n_items == 0)
    return;

  position = self->current ? lectern_article_list_find (self->articles,
                                                        lectern_article_get_id (self->current))
                           : G_MAXUINT;
  if (position == G_MAXUINT) {
    /* The current article left the list (read, say): go on from where it was selected. */
    position = gtk_single_selection_get_selected (self->selection);
    if (position == GTK_INVALID_LIST_POSITION || position >= n_items)
      target = offset > 0 ? 0 : n_items - 1;
    else
      target = offset > 0 ? position : (gint64)position - 1;
  } else {
    target = (gint64)position + offset;
  }
  if (target < 0 || target >= n_items)
    return;

  article = g_list_model_get_item (G_LIST_MODEL (self->articles), target);
  lectern_window_show_article (self, lectern_article_get_id (article));
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      LecternWindow      *self)
{
  LecternArticle *article = gtk_single_selection_get_selected_item (selection);

  /* An article that leaves the list (archived from Unread, say) stays on display. */
  if (!article)
    return;
  if (self->current && lectern_article_get_id (self->current) == lectern_article_get_id (article))
    return;

  lectern_window_show_article (self, lectern_article_get_id (article));
}

static void
list_activate_cb (GtkListView   *list_view,
                  guint          position,
                  LecternWindow *self)
{
  g_autoptr (LecternArticle) article = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                              position);

  if (!article)
    return;
  if (!self->current || lectern_article_get_id (self->current) != lectern_article_get_id (article))
    lectern_window_show_article (self, lectern_article_get_id (article));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  /* Enter on a row means "read it": the keys go to the article, Space pages it. */
  gtk_widget_grab_focus (GTK_WIDGET (lectern_reader_view_get_web_view (self->reader)));
}

/* A highlight chosen in the sidebar: its article, scrolled to it. Folded, the reading
 * pane comes forward, as for an article chosen in the list.
 */
static void
highlight_activated_cb (LecternHighlightsView *view,
                        gint64                 article_id,
                        gint64                 highlight_id,
                        LecternWindow         *self)
{
  lectern_window_show_article_at (self, article_id, highlight_id);
}

/* Enter on a highlight means "read it there", as on an article: the keys go to the page. */
static void
highlights_list_activate_cb (GtkListView   *list_view,
                             guint          position,
                             LecternWindow *self)
{
  if (self->current)
    gtk_widget_grab_focus (GTK_WIDGET (lectern_reader_view_get_web_view (self->reader)));
}

static void
store_highlights_changed_cb (LecternArticleStore *store,
                             gint64               article_id,
                             LecternWindow       *self)
{
  if (self->current && lectern_article_get_id (self->current) == article_id)
    _lectern_window_update_actions (self);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (item, lectern_article_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  lectern_article_row_set_article (LECTERN_ARTICLE_ROW (gtk_list_item_get_child (item)),
                                   gtk_list_item_get_item (item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  lectern_article_row_set_article (LECTERN_ARTICLE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Runs before each frame's layout, while the list is on screen. The first frame after the
 * list changed lays it out at its new length; from the next one it can be scrolled there.
 * Scrolling earlier is clamped to the old length, and GTK warns. The list only estimates
 * the height of rows it has not shown yet, and corrects the place once it has measured
 * them: the place is set again until it holds, for a few frames at most.
 */
static gboolean
restore_scroll_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  LecternWindow *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  guint frame = self->restore_scroll_frames++;
  double value = gtk_adjustment_get_value (adjustment);
  double target = MIN (self->restore_scroll_value,
                       gtk_adjustment_get_upper (adjustment) -
                       gtk_adjustment_get_page_size (adjustment));

  if (frame == 0)
    return G_SOURCE_CONTINUE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->articles)) > 0 &&
      ABS (value - target) >= 1 && frame < RESTORE_SCROLL_MAX_FRAMES) {
    gtk_adjustment_set_value (adjustment, self->restore_scroll_value);
    return G_SOURCE_CONTINUE;
  }

  self->restore_scroll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
lectern_window_cancel_restore_scroll (LecternWindow *self)
{
  if (self->restore_scroll_id == 0)
    return;

  gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->restore_scroll_id);
  self->restore_scroll_id = 0;
}

/* Scrolls the list to @value once it has its new length: at the next layout. */
static void
lectern_window_restore_scroll (LecternWindow *self,
                               double         value)
{
  lectern_window_cancel_restore_scroll (self);
  self->restore_scroll_value = value;
  self->restore_scroll_frames = 0;
  self->restore_scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view),
                                                          restore_scroll_cb, self, NULL);
}

/* The sidebar shows every highlight of the library in place of the list. The list keeps
 * its filter, tag, search and place for coming back, and the search entry searches the
 * highlights meanwhile.
 */
static void
lectern_window_show_highlights (LecternWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  GtkListView *list_view = lectern_highlights_view_get_list_view (self->highlights_view);
  g_autofree char *text = NULL;

  if (self->show_highlights)
    return;

  self->list_scroll = self->restore_scroll_id != 0 ? self->restore_scroll_value
                                                   : gtk_adjustment_get_value (adjustment);
  lectern_window_cancel_restore_scroll (self);
  self->show_highlights = TRUE;

  /* What is typed and not searched for yet is searched for in the highlights. */
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  text = lectern_window_dup_search_text (self);
  lectern_highlights_view_set_query_text (self->highlights_view, text);
  g_object_set (self->search_entry, "placeholder-text", _("Search highlights"), NULL);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (list_view));

  gtk_stack_set_visible_child_name (self->sidebar_stack, "highlights");
  gtk_widget_set_visible (GTK_WIDGET (self->tags_scroller), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/* Back to the list from the highlights, as it was left. A search typed or closed meanwhile
 * is the list's search now.
 */
static void
lectern_window_leave_highlights (LecternWindow *self)
{
  g_autoptr (LecternQuery) query = NULL;
  LecternQuery *shown;

  if (!self->show_highlights)
    return;

  self->show_highlights = FALSE;
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  g_object_set (self->search_entry, "placeholder-text", _("Search articles"), NULL);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->list_view));
  lectern_window_update_empty_state (self);
  _lectern_window_update_tags (self);
  if (!self->articles)
    return;

  query = lectern_window_build_query (self);
  shown = lectern_article_list_get_query (self->articles);
  if (g_strcmp0 (query ? lectern_query_get_text (query) : "",
                 shown ? lectern_query_get_text (shown) : "") == 0) {
    lectern_window_select_current_full (self, FALSE);
    lectern_window_restore_scroll (self, self->list_scroll);
    return;
  }

  lectern_window_apply_query (self);
  /* The search ended while the highlights showed: the list goes back to where it was
   * before it began, as when the search ends over the list.
   */
  if (!gtk_search_bar_get_search_mode (self->search_bar)) {
    lectern_window_restore_scroll (self, self->search_scroll);
    self->search_restore_pending = self->restore_after_query;
  }
}

static void
lectern_window_set_filter (LecternWindow *self,
                           LecternFilter  filter)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);

  if (self->show_highlights) {
    /* Back from the highlights: the list as it was left, tag and all. */
    self->filter_scroll[self->filter] = self->list_scroll;
    lectern_window_leave_highlights (self);
    if (self->filter == filter) {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
      return;
    }
    self->search_restore_pending = FALSE;
  } else if (self->filter == filter) {
    /* Choosing the filter on show again leaves the tag chosen in it. */
    if (self->tag && self->articles)
      _lectern_window_choose_tag (self, NULL);
    return;
  } else if (self->restore_scroll_id == 0) {
    /* Each list keeps its place: coming back to a filter shows what it showed before. */
    self->filter_scroll[self->filter] = gtk_adjustment_get_value (adjustment);
  }

  self->filter = filter;
  if (self->articles) {
    lectern_article_list_set_filter (self->articles, filter);
    lectern_window_update_empty_state (self);
    lectern_window_select_current_full (self, FALSE);
    lectern_window_restore_scroll (self, self->filter_scroll[filter]);
    lectern_window_queue_update_tags (self);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
lectern_window_set_sort (LecternWindow *self,
                         LecternSort    sort)
{
  if (self->sort == sort)
    return;

  self->sort = sort;
  if (self->articles) {
    lectern_article_list_set_sort (self->articles, sort);
    lectern_window_select_current (self);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

typedef struct {
  LecternWindow *window;
  char          *what;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_weak_pointer (&data->window);
  g_free (data->what);
  g_free (data);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr (GError) error = NULL;
  gboolean duplicate = FALSE;
  gint64 id;

  id = lectern_saver_save_finish (LECTERN_SAVER (source), result, &duplicate, &error);
  if (!data->window) {
    save_data_free (data);
    return;
  }

  if (duplicate) {
    lectern_window_show_article (data->window, id);
    lectern_window_add_toast (data->window, _("This article is already saved"));
  } else if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    /* A failed save also stays in the list with its reason and Try Again. */
    g_autofree char *message = g_strdup_printf (_("“%s” could not be saved: %s"),
                                                data->what, error->message);

    lectern_window_add_toast (data->window, message);
    g_message ("Could not save %s: %s", data->what, error->message);
  }
  save_data_free (data);
}

static SaveData *
save_data_new (LecternWindow *self,
               const char    *what)
{
  SaveData *data = g_new0 (SaveData, 1);

  g_set_weak_pointer (&data->window, self);
  data->what = g_strdup (what);
  return data;
}

/**
 * lectern_window_save_url:
 * @url: a link to save
 *
 * Saves the article at @url. It shows in the list at once as "Saving…"; a link already
 * saved opens the article instead.
 */
void
lectern_window_save_url (LecternWindow *self,
                         const char    *url)
{
  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  lectern_window_save_url_with_tags (self, url, NULL);
}

/**
 * lectern_window_save_url_with_tags:
 * @url: a link to save
 * @tags: (array zero-terminated=1) (nullable): valid tag names (lectern_tag_normalize())
 *
 * Saves the article at @url, as lectern_window_save_url() does, with @tags.
 */
void
lectern_window_save_url_with_tags (LecternWindow      *self,
                                   const char         *url,
                                   const char * const *tags)
{
  LecternSaver *saver;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  saver = lectern_application_get_saver (self->application);
  if (!saver)
    return;

  if (tags && tags[0])
    lectern_saver_save_url_with_tags_async (saver, url, tags, self->cancellable, save_done_cb,
                                            save_data_new (self, url));
  else
    lectern_saver_save_url_async (saver, url, self->cancellable, save_done_cb,
                                  save_data_new (self, url));
}

/**
 * lectern_window_parse_tags:
 * @text: tag names as typed, separated by commas
 * @error: why a name cannot be a tag
 *
 * Returns: (transfer full) (nullable): the names, each normalized, without repeats; %NULL
 *   with @error set when one of them is refused
 */
char **
lectern_window_parse_tags (const char  *text,
                           GError     **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) separated = g_string_new (text ? text : "");

  /* Chinese and Japanese writers separate with their own commas. */
  g_string_replace (separated, "\xef\xbc\x8c", ",", 0);  /* U+FF0C FULLWIDTH COMMA */
  g_string_replace (separated, "\xe3\x80\x81", ",", 0);  /* U+3001 IDEOGRAPHIC COMMA */
  parts = g_strsplit (separated->str, ",", -1);
  for (guint i = 0; parts[i]; i++) {
    g_autoptr (GError) local_error = NULL;
    g_autofree char *name = NULL;
    g_autofree char *trimmed = g_strstrip (g_strdup (parts[i]));
    char *key;

    /* "a, b," and "a,,b" are two tags, not an error. */
    if (*trimmed == '\0')
      continue;
    name = lectern_tag_normalize (parts[i], &local_error);
    if (!name) {
      /* Translators: the first %s is a tag name as typed, the second why it is refused. */
      g_set_error (error, local_error->domain, local_error->code, _("“%s”: %s"),
                   trimmed, local_error->message);
      return NULL;
    }
    key = lectern_tag_key (name);
    if (g_hash_table_add (seen, key))
      g_strv_builder_add (builder, name);
  }
  return g_strv_builder_end (builder);
}

/**
 * lectern_window_save_file:
 * @file: a local HTML file
 *
 * Saves the article in @file, with its local images.
 */
void
lectern_window_save_file (LecternWindow *self,
                          GFile         *file)
{
  g_autofree char *name = NULL;
  LecternSaver *saver;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  saver = lectern_application_get_saver (self->application);
  if (!saver)
    return;

  name = g_file_get_basename (file);
  lectern_saver_save_file_async (saver, file, self->cancellable, save_done_cb,
                                 save_data_new (self, name));
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (LecternWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  g_autofree char *url = text ? lectern_url_guess_from_text (text) : NULL;

  /* Only offer what the user has not started typing over. */
  if (!url || gtk_entry_get_text_length (self->add_entry) > 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), url);
  gtk_editable_select_region (GTK_EDITABLE (self->add_entry), 0, -1);
}

static void
add_popover_show_cb (LecternWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
  if (gtk_entry_get_text_length (self->add_entry) == 0)
    gdk_clipboard_read_text_async (clipboard, self->cancellable, clipboard_text_cb,
                                   g_object_ref (self));
}

static void
add_entry_activate_cb (LecternWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_entry));
  g_autofree char *url = lectern_url_guess_from_text (text);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = NULL;

  /* What was typed stays in the entry until it is something Lectern can save. */
  if (!url || !lectern_url_is_fetchable (url, &error)) {
    gtk_label_set_text (self->add_error_label,
                        error ? error->message : _("This is not a valid web address"));
    gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), TRUE);
    gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
    return;
  }

  tags = lectern_window_parse_tags (gtk_editable_get_text (GTK_EDITABLE (self->add_tags_entry)),
                                    &error);
  if (!tags) {
    gtk_label_set_text (self->add_error_label, error->message);
    gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), TRUE);
    gtk_widget_grab_focus (GTK_WIDGET (self->add_tags_entry));
    return;
  }

  gtk_popover_popdown (self->add_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->add_tags_entry), "");
  lectern_window_save_url_with_tags (self, url, (const char * const *)tags);
}

static gboolean
is_html_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

  return lower && (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
                   g_str_has_suffix (lower, ".xhtml"));
}

static guint
save_dropped_text (LecternWindow *self,
                   const char    *text)
{
  g_auto (GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  guint n_saved = 0;

  /* text/uri-list has one link a line and # comments; plain text is often one link. */
  for (guint i = 0; lines[i]; i++) {
    g_autofree char *url = NULL;

    if (lines[i][0] == '#')
      continue;
    url = lectern_url_guess_from_text (lines[i]);
    if (url) {
      lectern_window_save_url (self, url);
      n_saved++;
    }
  }
  return n_saved;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LecternWindow *self)
{
  guint n_saved = 0;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST)) {
    GSList *files = g_value_get_boxed (value);

    for (GSList *l = files; l; l = l->next) {
      GFile *file = l->data;

      if (g_file_is_native (file) && _lectern_window_is_import_file (file)) {
        /* An export (bookmarks are HTML too) is imported, whatever its name. */
        lectern_window_import_file (self, file);
        n_saved++;
      } else if (g_file_is_native (file) && is_html_file (file)) {
        lectern_window_save_file (self, file);
        n_saved++;
      } else if (!g_file_is_native (file)) {
        g_autofree char *uri = g_file_get_uri (file);

        n_saved += save_dropped_text (self, uri);
      }
    }
  } else if (G_VALUE_HOLDS_STRING (value)) {
    n_saved = save_dropped_text (self, g_value_get_string (value));
  }

  if (n_saved == 0)
    lectern_window_add_toast (self, _("Only links, saved web pages (.html) and exports from "
                                      "other apps can be dropped here"));
  return n_saved > 0;
}

/* Search and tags in the sidebar */

/* A tag as the query language writes it: tag:name, or tag:"two words". */
static char *
lectern_window_quote_tag (const char *name)
{
  g_autoptr (GString) quoted = NULL;
  gboolean bare = TRUE;

  /* The parser ends a bare name where it ends a word. */
  for (const char *p = name; *p && bare; p = g_utf8_next_char (p))
    bare = *p != '"' && !g_unichar_isspace (g_utf8_get_char (p));
  if (bare)
    return g_strconcat ("tag:", name, NULL);

  /* A double quote cannot be written inside a quoted name: the query language has no
   * escape for it, so it reads as a space (and such a tag finds nothing).
   */
  quoted = g_string_new ("tag:\"");
  for (const char *p = name; *p; p++)
    g_string_append_c (quoted, *p == '"' ? ' ' : *p);
  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

/* The query the list shows: what is typed, and the tag chosen in the sidebar. */
static LecternQuery *
lectern_window_build_query (LecternWindow *self)
{
  g_autofree char *text = lectern_window_dup_search_text (self);
  g_autoptr (GString) string = g_string_new (text);
  g_autoptr (LecternQuery) query = NULL;

  if (self->tag) {
    g_autofree char *quoted = lectern_window_quote_tag (self->tag);

    /* The tag goes first: the word typed last stays last, a prefix while it is typed. */
    g_string_prepend (string, " ");
    g_string_prepend (string, quoted);
  }

  query = lectern_query_parse (string->str);
  if (lectern_query_is_empty (query))
    return NULL;
  return g_steal_pointer (&query);
}

static void
lectern_window_apply_query (LecternWindow *self)
{
  g_autoptr (LecternQuery) query = NULL;

  g_clear_handle_id (&self->search_timeout_id, g_source_remove);

  /* Over the highlights, the search is theirs; the list gets it when it shows again. */
  if (self->show_highlights) {
    g_autofree char *text = lectern_window_dup_search_text (self);

    lectern_highlights_view_set_query_text (self->highlights_view, text);
    return;
  }

  self->search_restore_pending = FALSE;
  if (!self->articles)
    return;

  query = lectern_window_build_query (self);
  /* Results come from another thread; when they arrive, the current article is selected
   * in them again.
   */
  self->restore_after_query = TRUE;
  lectern_article_list_set_query (self->articles, query);
  lectern_window_update_empty_state (self);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  LecternWindow *self = user_data;

  self->search_timeout_id = 0;
  lectern_window_apply_query (self);
  return G_SOURCE_REMOVE;
}

static void
search_entry_changed_cb (LecternWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return;

  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  self->search_timeout_id = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);
}

static void
search_entry_activate_cb (LecternWindow *self)
{
  g_autoptr (LecternArticle) first = NULL;

  /* Enter reads the best match, without waiting for the pause after typing. */
  if (self->search_timeout_id != 0)
    lectern_window_apply_query (self);
  if (self->show_highlights) {
    lectern_highlights_view_activate_first (self->highlights_view);
    return;
  }
  first = g_list_model_get_item (G_LIST_MODEL (self->articles), 0);
  if (!first)
    return;
  lectern_window_show_article (self, lectern_article_get_id (first));
}

static void
search_entry_stop_cb (LecternWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static gboolean
search_entry_key_pressed_cb (GtkEventControllerKey *controller,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             LecternWindow         *self)
{
  GtkListView *list_view = self->list_view;
  GListModel *model = G_LIST_MODEL (self->articles);

  /* Down goes from the entry to the results. */
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if (self->show_highlights) {
    list_view = lectern_highlights_view_get_list_view (self->highlights_view);
    model = lectern_highlights_view_get_model (self->highlights_view);
  }
  if (!model || g_list_model_get_n_items (model) == 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (list_view), "list.scroll-to-item", "u", 0);
  gtk_widget_child_focus (GTK_WIDGET (list_view), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/* While the search index of a library from an older Lectern is being built, the search
 * says how far it got, and that what is not indexed yet is not found.
 */
static void
lectern_window_update_index_progress (LecternWindow *self)
{
  g_autofree char *text = NULL;
  double progress = 1.0;

  if (self->store)
    g_object_get (self->store, "index-progress", &progress, NULL);

  if (progress >= 1.0 || !gtk_search_bar_get_search_mode (self->search_bar)) {
    gtk_widget_set_visible (GTK_WIDGET (self->index_label), FALSE);
    return;
  }

  /* Translators: %d is a percentage; “%%” is the percent sign. */
  text = g_strdup_printf (_("Preparing search: %d%% of the library is indexed. Articles not "
                            "indexed yet are not found."),
                          (int)(progress * 100));
  gtk_label_set_text (self->index_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->index_label), TRUE);
}

static void
search_mode_cb (GtkSearchBar  *bar,
                GParamSpec    *pspec,
                LecternWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);

  lectern_window_update_index_progress (self);

  if (gtk_search_bar_get_search_mode (bar)) {
    /* Where the list was, to come back to when the search ends. */
    self->search_scroll = self->show_highlights ? self->list_scroll
                                                : gtk_adjustment_get_value (adjustment);
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
      lectern_window_apply_query (self);
    return;
  }

  /* Closed: the list as it was before, on the article on display. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  lectern_window_apply_query (self);
  if (self->show_highlights) {
    GtkListView *list_view = lectern_highlights_view_get_list_view (self->highlights_view);

    if (g_list_model_get_n_items (lectern_highlights_view_get_model (self->highlights_view)) > 0)
      gtk_widget_grab_focus (GTK_WIDGET (list_view));
    return;
  }
  lectern_window_select_current_full (self, FALSE);
  lectern_window_restore_scroll (self, self->search_scroll);
  /* The list may come back later, from another thread: then again. */
  self->search_restore_pending = self->restore_after_query;
  if (self->articles && g_list_model_get_n_items (G_LIST_MODEL (self->articles)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/**
 * _lectern_window_open_search:
 *
 * Shows the search entry, with what it holds selected, and puts the keys in it.
 */
void
_lectern_window_open_search (LecternWindow *self)
{
  if (!self->store)
    return;

  /* Folded, the entry is on the list's page. */
  gtk_widget_set_visible (self->sidebar, TRUE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
tag_row_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      LecternWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lectern-tag");
  g_autofree char *key = name ? lectern_tag_key (name) : NULL;
  g_autofree char *chosen = self->tag ? lectern_tag_key (self->tag) : NULL;

  /* The chosen tag again: back to the whole list. */
  _lectern_window_choose_tag (self, g_strcmp0 (key, chosen) == 0 ? NULL : name);
}

/**
 * _lectern_window_choose_tag:
 * @name: (nullable): a tag, or %NULL to leave the one chosen
 *
 * Shows only the articles with tag @name, in the filter on show and with what is typed
 * in the search entry.
 */
void
_lectern_window_choose_tag (LecternWindow *self,
                            const char    *name)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  gboolean had_tag = self->tag != NULL;

  if (g_strcmp0 (self->tag, name) == 0)
    return;

  /* Leaving the tag comes back to where the list was before it. */
  if (!had_tag && !gtk_search_bar_get_search_mode (self->search_bar))
    self->search_scroll = gtk_adjustment_get_value (adjustment);
  g_free (self->tag);
  self->tag = g_strdup (name);
  lectern_window_apply_query (self);
  _lectern_window_update_tags (self);
  if (!name && !gtk_search_bar_get_search_mode (self->search_bar)) {
    lectern_window_select_current_full (self, FALSE);
    lectern_window_restore_scroll (self, self->search_scroll);
    self->search_restore_pending = self->restore_after_query;
  }
}

/* How many articles have a tag, exactly: its row's description and tooltip. */
static char *
lectern_window_dup_tag_count_text (guint count)
{
  return g_strdup_printf (ngettext ("%u article", "%u articles", count), count);
}

static GtkWidget *
lectern_window_tag_row_new (LecternWindow         *self,
                            const LecternTagCount *tag,
                            gboolean               chosen)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("lectern-tag-symbolic");
  GtkWidget *name = gtk_label_new (tag->name);
  g_autofree char *count_text = lectern_text_format_count (tag->count);
  GtkWidget *count = gtk_label_new (count_text);
  g_autofree char *description = NULL;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "tag-count");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "lectern-tag", g_strdup (tag->name), g_free);
  g_object_set_data (G_OBJECT (row), "lectern-tag-count", GUINT_TO_POINTER (tag->count));

  if (chosen)
    gtk_widget_add_css_class (row, "chosen");
  description = lectern_window_dup_tag_count_text (tag->count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tag->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, chosen, -1);
  return row;
}

/**
 * _lectern_window_update_tags:
 *
 * Lists the library's tags in the sidebar, each with how many articles of the filter on
 * show have it.
 */
void
_lectern_window_update_tags (LecternWindow *self)
{
  g_autoptr (GPtrArray) tags = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *chosen = self->tag ? lectern_tag_key (self->tag) : NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean had_focus = focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->tags_list));
  GtkWidget *child;
  guint n = 0;

  g_clear_handle_id (&self->tags_refresh_id, g_source_remove);
  if (!self->store)
    return;

  tags = lectern_article_store_list_tags (self->store, self->filter, &error);
  if (!tags) {
    g_warning ("Could not list the tags: %s", error ? error->message : "unknown error");
    return;
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_list))))
    gtk_list_box_remove (self->tags_list, child);

  for (guint i = 0; i < tags->len; i++) {
    const LecternTagCount *tag = g_ptr_array_index (tags, i);
    g_autofree char *key = lectern_tag_key (tag->name);
    gboolean is_chosen = g_strcmp0 (key, chosen) == 0;
    GtkWidget *row;

    /* A tag with nothing in this filter is left out, unless it is the one chosen. */
    if (tag->count == 0 && !is_chosen)
      continue;
    row = lectern_window_tag_row_new (self, tag, is_chosen);
    gtk_list_box_append (self->tags_list, row);
    if (is_chosen) {
      /* The name as the library writes it now (after a rename, say). */
      g_free (self->tag);
      self->tag = g_strdup (tag->name);
      if (had_focus)
        gtk_widget_grab_focus (row);
    }
    n++;
  }
  /* The highlights are of every article, whatever its tags. */
  gtk_widget_set_visible (GTK_WIDGET (self->tags_scroller), n > 0 && !self->show_highlights);
}

static gboolean
update_tags_cb (gpointer user_data)
{
  LecternWindow *self = user_data;

  self->tags_refresh_id = 0;
  _lectern_window_update_tags (self);
  return G_SOURCE_REMOVE;
}

/* Counts change with every flag, tag and article: they are read again once per burst. */
static void
lectern_window_queue_update_tags (LecternWindow *self)
{
  if (self->tags_refresh_id == 0)
    self->tags_refresh_id = g_idle_add (update_tags_cb, self);
}

static void
store_tags_changed_cb (LecternArticleStore *store,
                       LecternWindow       *self)
{
  lectern_window_queue_update_tags (self);
}

static GtkListBoxRow *
lectern_window_get_focused_tag_row (LecternWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  while (focus && !GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_parent (focus);
  if (!focus || gtk_widget_get_parent (focus) != GTK_WIDGET (self->tags_list))
    return NULL;
  return GTK_LIST_BOX_ROW (focus);
}

/* The exact number of a tag's articles, over its row. One handler for the list: setting a
 * tooltip on each row asks the display where the pointer is, every time (17 ms for 52
 * tags, whenever they are listed again).
 */
static gboolean
tags_list_query_tooltip_cb (GtkWidget     *widget,
                            int            x,
                            int            y,
                            gboolean       keyboard_mode,
                            GtkTooltip    *tooltip,
                            LecternWindow *self)
{
  GtkListBoxRow *row = keyboard_mode ? lectern_window_get_focused_tag_row (self)
                                     : gtk_list_box_get_row_at_y (self->tags_list, y);
  g_autofree char *text = NULL;
  guint count;

  if (!row || !g_object_get_data (G_OBJECT (row), "lectern-tag"))
    return FALSE;

  count = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lectern-tag-count"));
  text = lectern_window_dup_tag_count_text (count);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
lectern_window_popup_tag_menu (LecternWindow *self,
                               GtkListBoxRow *row,
                               double         x,
                               double         y)
{
  const char *name = g_object_get_data (G_OBJECT (row), "lectern-tag");
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) rename = g_menu_item_new (_("_Rename Tag…"), NULL);
  g_autoptr (GMenuItem) delete = g_menu_item_new (_("_Delete Tag"), NULL);
  graphene_point_t point;

  if (!name)
    return;

  g_menu_item_set_action_and_target_value (rename, "win.rename-tag", g_variant_new_string (name));
  g_menu_item_set_action_and_target_value (delete, "win.delete-tag", g_variant_new_string (name));
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, delete);

  if (!self->tag_menu) {
    self->tag_menu = gtk_popover_menu_new_from_model (NULL);
    gtk_widget_set_parent (self->tag_menu, GTK_WIDGET (self->tags_list));
    gtk_popover_set_has_arrow (GTK_POPOVER (self->tag_menu), FALSE);
    gtk_widget_set_halign (self->tag_menu, GTK_ALIGN_START);
  }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->tag_menu), G_MENU_MODEL (menu));
  if (x < 0 &&
      gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self->tags_list),
                                &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (row)) / 2,
                                                      gtk_widget_get_height (GTK_WIDGET (row))),
                                &point)) {
    x = point.x;
    y = point.y;
  }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->tag_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->tag_menu));
}

static void
tags_list_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      LecternWindow   *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->tags_list, (int) y);

  if (!row)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  lectern_window_popup_tag_menu (self, row, x, y);
}

static void
tags_list_long_pressed_cb (GtkGestureLongPress *gesture,
                           double               x,
                           double               y,
                           LecternWindow       *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->tags_list, (int) y);

  if (row)
    lectern_window_popup_tag_menu (self, row, x, y);
}

static gboolean
tags_list_menu_key_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  LecternWindow *self = user_data;
  GtkListBoxRow *row = lectern_window_get_focused_tag_row (self);

  if (!row)
    return FALSE;
  lectern_window_popup_tag_menu (self, row, -1, -1);
  return TRUE;
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  LecternWindow *self = user_data;

  /* Escape steps back: out of the search first (its entry handles that), then out of
   * the tag, which the highlights do not show.
   */
  if (!self->tag || self->show_highlights || gtk_search_bar_get_search_mode (self->search_bar))
    return FALSE;
  _lectern_window_choose_tag (self, NULL);
  return TRUE;
}

/* Phone-wide, the tags button makes room for the popover only while it is open. */
static void
tag_popover_closed_cb (LecternWindow *self)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->tags_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->read_toggle), TRUE);
}

/**
 * _lectern_window_show_tags:
 *
 * Opens the tags of the article on display. Phone-wide, where the header has no room for
 * the tags button, the button takes the read toggle's place while its popover is open.
 */
void
_lectern_window_show_tags (LecternWindow *self)
{
  if (!self->current)
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  if (adw_leaflet_get_folded (self->leaflet)) {
    gtk_widget_set_visible (GTK_WIDGET (self->read_toggle), FALSE);
    gtk_widget_set_visible (GTK_WIDGET (self->tags_button), TRUE);
  }
  gtk_menu_button_popup (self->tags_button);
}

static void
lectern_window_setup_search (LecternWindow *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* GNOME's type-to-search: a key typed in the list starts a search, except the keys
   * that act on the article (those are taken before the list sees them).
   */
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->list_view));

  /* Before the entry's text, which would take Down for itself. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (search_entry_key_pressed_cb),
                           self, G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->tags_list), TRUE);
  g_signal_connect_object (self->tags_list, "query-tooltip",
                           G_CALLBACK (tags_list_query_tooltip_cb), self, G_CONNECT_DEFAULT);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (tags_list_pressed_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self->tags_list), GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (tags_list_long_pressed_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_widget_add_controller (GTK_WIDGET (self->tags_list), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            "<Shift>F10|Menu"),
                                                          gtk_callback_action_new (
                                                            tags_list_menu_key_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->tags_list), controller);

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_callback_action_new (escape_cb,
                                                                                   self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->tag_popover = LECTERN_TAG_POPOVER (lectern_tag_popover_new ());
  gtk_menu_button_set_popover (self->tags_button, GTK_WIDGET (self->tag_popover));
  g_signal_connect_object (self->tag_popover, "closed", G_CALLBACK (tag_popover_closed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Find in the article */

static void
lectern_window_update_find_label (LecternWindow *self)
{
  g_autofree char *label = NULL;

  if (!self->find_text || !*self->find_text) {
    gtk_label_set_text (self->find_label, "");
    gtk_widget_remove_css_class (GTK_WIDGET (self->find_entry), "error");
    return;
  }
  if (self->find_count == 0) {
    gtk_label_set_text (self->find_label, _("No results"));
    gtk_widget_add_css_class (GTK_WIDGET (self->find_entry), "error");
    return;
  }

  gtk_widget_remove_css_class (GTK_WIDGET (self->find_entry), "error");
  /* Translators: which match of the text searched for is highlighted, and how many there are:
   * "3 of 12".
   */
  label = g_strdup_printf (_("%u of %u"), self->find_index, self->find_count);
  gtk_label_set_text (self->find_label, label);
}

static void
counted_matches_cb (WebKitFindController *controller,
                    guint                 count,
                    LecternWindow        *self)
{
  self->find_count = count;
  self->find_index = count > 0 ? MAX (1, MIN (self->find_index, count)) : 0;
  lectern_window_update_find_label (self);
}

static void
failed_to_find_cb (WebKitFindController *controller,
                   LecternWindow        *self)
{
  self->find_count = 0;
  self->find_index = 0;
  lectern_window_update_find_label (self);
}

static WebKitFindController *
lectern_window_get_find_controller (LecternWindow *self)
{
  return webkit_web_view_get_find_controller (lectern_reader_view_get_web_view (self->reader));
}

static void
lectern_window_search (LecternWindow *self)
{
  WebKitFindController *controller = lectern_window_get_find_controller (self);
  const guint32 options = WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE | WEBKIT_FIND_OPTIONS_WRAP_AROUND;

  g_free (self->find_text);
  self->find_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->find_entry)));
  self->find_count = 0;
  self->find_index = 1;

  if (!*self->find_text) {
    webkit_find_controller_search_finish (controller);
    lectern_window_update_find_label (self);
    return;
  }
  webkit_find_controller_count_matches (controller, self->find_text, options, G_MAXUINT);
  webkit_find_controller_search (controller, self->find_text, options, G_MAXUINT);
}

/**
 * _lectern_window_find:
 * @direction: 1 for the next match, -1 for the previous one
 *
 * Highlights the next or previous match of the text in the find bar.
 */
void
_lectern_window_find (LecternWindow *self,
                      int            direction)
{
  WebKitFindController *controller = lectern_window_get_find_controller (self);

  if (!self->find_text || !*self->find_text) {
    gtk_search_bar_set_search_mode (self->find_bar, TRUE);
    return;
  }
  if (self->find_count == 0)
    return;

  if (direction > 0) {
    webkit_find_controller_search_next (controller);
    self->find_index = self->find_index % self->find_count + 1;
  } else {
    webkit_find_controller_search_previous (controller);
    self->find_index = self->find_index > 1 ? self->find_index - 1 : self->find_count;
  }
  lectern_window_update_find_label (self);
}

static void
find_entry_changed_cb (LecternWindow *self)
{
  lectern_window_search (self);
}

static void
find_entry_next_cb (LecternWindow *self)
{
  _lectern_window_find (self, 1);
}

static void
find_entry_previous_cb (LecternWindow *self)
{
  _lectern_window_find (self, -1);
}

static void
find_entry_stop_cb (LecternWindow *self)
{
  gtk_search_bar_set_search_mode (self->find_bar, FALSE);
}

static void
find_mode_cb (GtkSearchBar  *bar,
              GParamSpec    *pspec,
              LecternWindow *self)
{
  if (gtk_search_bar_get_search_mode (bar)) {
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
    gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
    return;
  }

  webkit_find_controller_search_finish (lectern_window_get_find_controller (self));
  g_clear_pointer (&self->find_text, g_free);
  self->find_count = 0;
  lectern_window_update_find_label (self);
  /* Back to the article, where the reader was. */
  if (self->current)
    gtk_widget_grab_focus (GTK_WIDGET (lectern_reader_view_get_web_view (self->reader)));
}

static void
reader_loading_cb (LecternReaderView *reader,
                   GParamSpec        *pspec,
                   LecternWindow     *self)
{
  /* A new article is searched for the same text. */
  if (!lectern_reader_view_get_loading (reader) && gtk_search_bar_get_search_mode (self->find_bar))
    lectern_window_search (self);
}

/**
 * _lectern_window_update_zoom:
 *
 * Shows the text size in the reading menu, and which way it can still change.
 */
void
_lectern_window_update_zoom (LecternWindow *self)
{
  int size = g_settings_get_int (self->settings, "reader-text-size");
  g_autofree char *label = NULL;

  /* Translators: the text size of the reader, in percent: "100%". */
  label = g_strdup_printf (_("%d%%"), size);
  gtk_label_set_text (self->zoom_label, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 size < LECTERN_READER_TEXT_SIZE_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 size > LECTERN_READER_TEXT_SIZE_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset",
                                 size != LECTERN_READER_TEXT_SIZE_DEFAULT);
}

static void
text_size_changed_cb (GSettings     *settings,
                      const char    *key,
                      LecternWindow *self)
{
  _lectern_window_update_zoom (self);
}

static gboolean
lectern_window_close_request (GtkWindow *window)
{
  LecternWindow *self = LECTERN_WINDOW (window);
  int width, height;

  lectern_window_save_progress (self);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window)) {
    g_settings_set_int (self->settings, "window-width", width);
    g_settings_set_int (self->settings, "window-height", height);
  }
  g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (lectern_window_parent_class)->close_request (window);
}

static void
lectern_window_show_store_error (LecternWindow *self,
                                 const GError  *error)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autofree char *description = NULL;

  /* The description is markup: the message and the path are text. */
  description = g_markup_printf_escaped (_("%s\n\nNothing was changed. The library is %s"),
                                         error ? error->message : _("Unknown error"), path);
  adw_status_page_set_description (self->error_status, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
moved_aside_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
lectern_window_tell_moved_aside (LecternWindow *self,
                                 const char    *moved_to)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Your Library Could Not Be Read"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Lectern could not read its library file, so it moved it "
                                    "to %s, where nothing in it is lost, and started a new, "
                                    "empty library."),
                                  moved_to);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  g_signal_connect (dialog, "response", G_CALLBACK (moved_aside_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* How high a row of the list is with a title of one line and an excerpt of two. */
#define TYPICAL_ROW_HEIGHT 96

/* The list view of GTK 4.8 to 4.10 makes and measures the rows of 200 articles before its
 * first frame, whatever its height: 0.8 s. Until that frame it sees the rows that fill it:
 * as many as typical rows the window's height has room for, and more in the same frame
 * should they not reach the bottom (see first_layout_cb ()); all of them after it (see
 * first_frame_cb ()).
 */
static guint
lectern_window_guess_screenful (LecternWindow *self)
{
  int height = g_settings_get_int (self->settings, "window-height");

  return (guint) MAX (height, 0) / TYPICAL_ROW_HEIGHT + 1;
}

static void
first_layout_cb (GdkFrameClock *clock,
                 LecternWindow *self)
{
  GtkWidget *list = GTK_WIDGET (self->list_view);
  guint shown = gtk_slice_list_model_get_size (self->first_rows);
  int height = gtk_widget_get_height (list);
  double bottom = 0;

  if (shown >= g_list_model_get_n_items (G_LIST_MODEL (self->articles)) || height <= 0)
    return;

  /* A row that does not fit is not child-visible: then the rows fill the list. */
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row)) {
    graphene_rect_t bounds;

    if (!gtk_widget_get_child_visible (row))
      return;
    if (gtk_widget_compute_bounds (row, list, &bounds))
      bottom = MAX (bottom, bounds.origin.y + bounds.size.height);
  }

  /* Once: the list view then asks for another layout, which the frame clock runs before
   * it paints, and it runs only so many.
   */
  g_signal_handlers_disconnect_by_func (clock, first_layout_cb, self);
  if (bottom > 0 && bottom < height)
    gtk_slice_list_model_set_size (self->first_rows,
                                   shown + (guint) ((height - bottom) * shown / bottom) + 1);
}

static void
first_frame_cb (GdkFrameClock *clock,
                LecternWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_layout_cb, self);
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  gtk_slice_list_model_set_size (self->first_rows, G_MAXUINT);
}

static void
list_view_realize_cb (LecternWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view));

  if (!self->first_rows)
    return;

  /* After the window's own layout, which was connected when the window was realized. */
  g_signal_connect_object (clock, "layout", G_CALLBACK (first_layout_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_cb), self,
                           G_CONNECT_DEFAULT);
}

static void
lectern_window_constructed (GObject *object)
{
  LecternWindow *self = LECTERN_WINDOW (object);
  GtkListItemFactory *factory;
  LecternFilter filter = LECTERN_FILTER_UNREAD;
  LecternSort sort = LECTERN_SORT_NEWEST;
  g_autofree char *filter_string = NULL;
  g_autofree char *sort_string = NULL;

  G_OBJECT_CLASS (lectern_window_parent_class)->constructed (object);

  g_assert (LECTERN_IS_APPLICATION (self->application));
  gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (self->application));

  self->settings = g_object_ref (lectern_application_get_settings (self->application));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->reader = lectern_reader_view_new (self->application);
  gtk_overlay_set_child (self->reader_overlay, GTK_WIDGET (self->reader));
  g_signal_connect_object (self->reader, "notify::progress",
                           G_CALLBACK (reader_progress_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->reader, "reached-end",
                           G_CALLBACK (reader_reached_end_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->reader, "highlight-removed",
                           G_CALLBACK (reader_highlight_removed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->reader, "highlight-failed",
                           G_CALLBACK (_lectern_window_report_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "notify::loading",
                           G_CALLBACK (reader_loading_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (lectern_window_get_find_controller (self), "counted-matches",
                           G_CALLBACK (counted_matches_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (lectern_window_get_find_controller (self), "failed-to-find-text",
                           G_CALLBACK (failed_to_find_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->settings, "changed::reader-text-size",
                           G_CALLBACK (text_size_changed_cb), self, G_CONNECT_DEFAULT);
  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));

  /* A phone-wide header has room for the everyday actions only; the reading menu has the
   * rest.
   */
  g_object_bind_property (self->leaflet, "folded", self->open_original_button, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->leaflet, "folded", self->delete_button, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->leaflet, "folded", self->find_button, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->leaflet, "folded", self->tags_button, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_widget_set_visible (GTK_WIDGET (self->reading_progress), FALSE);

  lectern_window_setup_search (self);
  _lectern_window_actions_init (self);

  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
    GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_STRING };

    gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
    g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_DEFAULT);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  self->store = lectern_application_get_store (self->application);
  if (!self->store) {
    lectern_window_show_store_error (self, lectern_application_get_store_error (self->application));
    _lectern_window_update_actions (self);
    return;
  }
  g_object_ref (self->store);

  filter_string = g_settings_get_string (self->settings, "filter");
  sort_string = g_settings_get_string (self->settings, "sort");
  lectern_filter_from_string (filter_string, &filter);
  lectern_sort_from_string (sort_string, &sort);
  self->filter = filter;
  self->sort = sort;

  self->articles = lectern_article_list_new (self->store, self->filter, self->sort);
  if (gtk_get_minor_version () < 12) {
    self->first_rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->articles)),
                                                 0, lectern_window_guess_screenful (self));
    self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->first_rows)));
  } else {
    self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->articles)));
  }
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "realize", G_CALLBACK (list_view_realize_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->list_view, "activate",
                           G_CALLBACK (list_activate_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->articles, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->articles, "notify::loading",
                           G_CALLBACK (list_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "article-added",
                           G_CALLBACK (store_article_added_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "article-changed",
                           G_CALLBACK (store_article_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "article-removed",
                           G_CALLBACK (store_article_removed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "external-change",
                           G_CALLBACK (store_external_change_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "tags-changed",
                           G_CALLBACK (store_tags_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->store, "notify::index-progress",
                           G_CALLBACK (lectern_window_update_index_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "highlights-changed",
                           G_CALLBACK (store_highlights_changed_cb), self, G_CONNECT_DEFAULT);
  lectern_tag_popover_set_store (self->tag_popover, self->store);
  lectern_highlights_view_set_store (self->highlights_view, self->store);
  g_signal_connect_object (self->highlights_view, "highlight-activated",
                           G_CALLBACK (highlight_activated_cb), self, G_CONNECT_DEFAULT);
  /* After the view's own handler, which opens the article. */
  g_signal_connect_object (lectern_highlights_view_get_list_view (self->highlights_view),
                           "activate", G_CALLBACK (highlights_list_activate_cb), self,
                           G_CONNECT_AFTER);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (window_active_cb), NULL);
  _lectern_window_setup_saving (self);

  g_settings_bind (self->settings, "filter", self, "filter", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sort", self, "sort", G_SETTINGS_BIND_DEFAULT);

  lectern_window_update_counts (self);
  lectern_window_update_empty_state (self);
  lectern_window_update_title (self);
  _lectern_window_update_tags (self);
  _lectern_window_update_actions (self);

  if (lectern_article_store_get_moved_aside (self->store))
    lectern_window_tell_moved_aside (self, lectern_article_store_get_moved_aside (self->store));

  if (lectern_database_is_read_only (lectern_article_store_get_database (self->store))) {
    g_autofree char *title = g_markup_escape_text (_("The library is read-only: you can read, "
                                                     "but changes cannot be saved"), -1);
    AdwToast *toast = adw_toast_new (title);

    adw_toast_set_timeout (toast, 0);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
}

static void
lectern_window_dispose (GObject *object)
{
  LecternWindow *self = LECTERN_WINDOW (object);

  /* Leaving: the place in the article is kept, however the window goes. */
  if (self->reader)
    lectern_window_save_progress (self);
  g_clear_handle_id (&self->progress_save_id, g_source_remove);
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  g_clear_handle_id (&self->tags_refresh_id, g_source_remove);
  lectern_window_cancel_restore_scroll (self);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);

  g_clear_pointer (&self->tag_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), LECTERN_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->first_rows);
  g_clear_object (&self->articles);
  g_clear_object (&self->current);
  g_clear_object (&self->article_actions);
  g_clear_object (&self->reader_actions);
  g_clear_pointer (&self->undo_toasts, g_ptr_array_unref);
  g_clear_pointer (&self->saved_anchor, g_free);
  g_clear_pointer (&self->find_text, g_free);
  g_clear_pointer (&self->tag, g_free);
  g_clear_object (&self->import_report);
  g_clear_pointer (&self->import_report_name, g_free);
  g_clear_pointer (&self->import_report_summary, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lectern_window_parent_class)->dispose (object);
}

static void
lectern_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LecternWindow *self = LECTERN_WINDOW (object);

  switch (prop_id) {
    case PROP_APPLICATION_OBJECT:
      g_value_set_object (value, self->application);
      break;
    case PROP_FILTER:
      g_value_set_string (value, self->show_highlights ? "highlights"
                                                       : lectern_filter_to_string (self->filter));
      break;
    case PROP_SORT:
      g_value_set_string (value, lectern_sort_to_string (self->sort));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LecternWindow *self = LECTERN_WINDOW (object);
  LecternFilter filter;
  LecternSort sort;

  switch (prop_id) {
    case PROP_APPLICATION_OBJECT:
      self->application = g_value_get_object (value);
      break;
    case PROP_FILTER:
      if (g_strcmp0 (g_value_get_string (value), "highlights") == 0)
        lectern_window_show_highlights (self);
      else if (lectern_filter_from_string (g_value_get_string (value), &filter))
        lectern_window_set_filter (self, filter);
      break;
    case PROP_SORT:
      if (lectern_sort_from_string (g_value_get_string (value), &sort))
        lectern_window_set_sort (self, sort);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_window_class_init (LecternWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lectern_window_constructed;
  object_class->dispose = lectern_window_dispose;
  object_class->get_property = lectern_window_get_property;
  object_class->set_property = lectern_window_set_property;
  window_class->close_request = lectern_window_close_request;

  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("lectern-application", NULL, NULL,
                         LECTERN_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL,
                         "unread",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "newest",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LECTERN_TYPE_ARTICLE_ROW);
  g_type_ensure (LECTERN_TYPE_HIGHLIGHTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/lectern/Lectern/lectern-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, unread_count_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, saving_revealer);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, saving_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, saving_progress);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, saving_pause_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, empty_status);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, content);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, reader_overlay);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, reading_progress);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, star_toggle);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, read_toggle);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, archive_toggle);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, add_popover);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, add_entry);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, add_error_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, pending_status);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, pending_spinner);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, failed_status);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, find_entry);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, find_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, find_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, reader_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, open_original_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, index_label);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, tags_scroller);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, tags_list);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, add_tags_entry);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, tags_button);
  gtk_widget_class_bind_template_child (widget_class, LecternWindow, highlights_view);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, find_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, tag_row_activated_cb);

  _lectern_window_class_actions_init (widget_class);
  _lectern_window_class_import_init (widget_class);
}

/* For tests/bench/startup-bench: with LECTERN_BENCH_FIRST_PAINT set, the window prints
 * the monotonic time of its first painted frame and the rows its list has then, and a
 * second line once the main loop has nothing left to do after it: start-up is over.
 */
static gboolean
bench_idle_cb (gpointer user_data)
{
  g_print ("lectern-bench: idle %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  return G_SOURCE_REMOVE;
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      LecternWindow *self)
{
  g_print ("lectern-bench: first-paint %" G_GINT64_FORMAT " rows %u\n", g_get_monotonic_time (),
           self->articles ? g_list_model_get_n_items (G_LIST_MODEL (self->articles)) : 0);
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  g_idle_add_full (G_PRIORITY_LOW, bench_idle_cb, NULL, NULL);
}

static void
bench_realize_cb (GtkWidget *widget)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), widget, G_CONNECT_DEFAULT);
}

static void
lectern_window_init (LecternWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->filter = LECTERN_FILTER_UNREAD;
  self->sort = LECTERN_SORT_NEWEST;
  self->saved_progress = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_getenv ("LECTERN_BENCH_FIRST_PAINT"))
    g_signal_connect (self, "realize", G_CALLBACK (bench_realize_cb), NULL);
}

/**
 * lectern_window_new:
 * @application: the application
 *
 * Returns: (transfer floating): a new window on the application's library
 */
LecternWindow *
lectern_window_new (LecternApplication *application)
{
  return g_object_new (LECTERN_TYPE_WINDOW, "lectern-application", application, NULL);
}

/**
 * lectern_window_get_article_list:
 *
 * Returns: (transfer none) (nullable): the list the sidebar shows
 */
LecternArticleList *
lectern_window_get_article_list (LecternWindow *self)
{
  g_return_val_if_fail (LECTERN_IS_WINDOW (self), NULL);

  return self->articles;
}

/**
 * lectern_window_get_reader_view:
 *
 * Returns: (transfer none): the reading pane's view
 */
LecternReaderView *
lectern_window_get_reader_view (LecternWindow *self)
{
  g_return_val_if_fail (LECTERN_IS_WINDOW (self), NULL);

  return self->reader;
}

/**
 * lectern_window_get_current_article:
 *
 * Returns: the id of the article on display, or 0
 */
gint64
lectern_window_get_current_article (LecternWindow *self)
{
  g_return_val_if_fail (LECTERN_IS_WINDOW (self), 0);

  return self->current ? lectern_article_get_id (self->current) : 0;
}

/* Shows article @id, at highlight @highlight_id when it is not 0, else where the reader
 * left it.
 */
static void
lectern_window_show_article_at (LecternWindow *self,
                                gint64         id,
                                gint64         highlight_id)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->store)
    return;

  article = lectern_article_store_get_summary (self->store, id, &error);
  if (!article) {
    _lectern_window_report_error (self, _("The article could not be opened"), error);
    return;
  }

  lectern_window_save_progress (self);
  g_set_object (&self->current, article);
  lectern_tag_popover_set_article_id (self->tag_popover, id);
  self->saved_progress = lectern_article_get_progress (article);
  g_free (self->saved_anchor);
  self->saved_anchor = g_strdup (lectern_article_get_progress_anchor (article));

  /* The list hidden behind the highlights keeps its place. */
  lectern_window_select_current_full (self, !self->show_highlights);
  self->opening_highlight = highlight_id;
  _lectern_window_show_current (self);
  self->opening_highlight = 0;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);

  lectern_window_update_title (self);
  _lectern_window_update_actions (self);
}

/**
 * lectern_window_show_article:
 * @id: the id of a stored article
 *
 * Shows article @id in the reading pane, selects it in the list when it is there, and
 * moves to the reading pane when the window is folded.
 */
void
lectern_window_show_article (LecternWindow *self,
                             gint64         id)
{
  g_return_if_fail (LECTERN_IS_WINDOW (self));

  lectern_window_show_article_at (self, id, 0);
}

/**
 * lectern_window_show_preferences:
 *
 * Presents the preferences window over this window.
 */
void
lectern_window_show_preferences (LecternWindow *self)
{
  GtkWidget *preferences;

  g_return_if_fail (LECTERN_IS_WINDOW (self));

  preferences = lectern_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

/**
 * lectern_window_add_toast:
 * @message: what to tell the user, as plain text
 *
 * Shows @message in a toast at the bottom of the window, exactly as written: a title, an
 * address or a file name in it never reads as markup.
 */
void
lectern_window_add_toast (LecternWindow *self,
                          const char    *message)
{
  g_autofree char *title = NULL;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* A toast's title is Pango markup. */
  title = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/**
 * _lectern_window_report_error:
 * @what: what failed, in words for the user
 * @error: (nullable): why
 *
 * Tells the user in a toast, and logs the exact reason.
 */
void
_lectern_window_report_error (LecternWindow *self,
                              const char    *what,
                              const GError  *error)
{
  g_autofree char *message = NULL;

  if (error && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("%s: %s", what, error ? error->message : "unknown error");
  /* Translators: the first %s says what failed, the second why. */
  message = error ? g_strdup_printf (_("%s: %s"), what, error->message) : g_strdup (what);
  lectern_window_add_toast (self, message);
}
