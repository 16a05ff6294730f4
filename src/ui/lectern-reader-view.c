/* lectern-reader-view.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-view.h"

#include "lectern-highlight-popover.h"
#include "lectern-reader-scheme.h"
#include "lectern-reader-style.h"
#include "lectern-url.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <jsc/jsc.h>
#include <json-glib/json-glib.h>
#include <math.h>

/**
 * LecternReaderView:
 *
 * Shows one stored article in a #WebKitWebView loaded from `lectern://article/ID`. Page
 * scripts are off; Lectern's own script runs in an isolated world and reports scrolling.
 *
 * The view goes only where Lectern sends it: the article it was asked to show, and, when the
 * reader follows an in-page link, a place in that same article. A web link the
 * reader clicks opens in the browser (#LecternReaderView::activate-link); anything else a
 * page asks for (a refresh, a link to another `lectern:` page, a form) is refused.
 *
 * The article's highlights are drawn in the page by Lectern's script, from the library,
 * on every load and whenever they change. Selecting text shows a #LecternHighlightPopover
 * next to it; so does clicking a highlight; `h` highlights the selection in the colour
 * used last.
 *
 * When the web process drawing the article crashes, the article is loaded again where the
 * reader was; when that load crashes too, a page says so and offers to try again.
 */
struct _LecternReaderView
{
  GtkWidget                 parent_instance;

  /* Owned */
  WebKitUserContentManager *content_manager;

  /* Borrowed */
  WebKitWebView            *web_view;
  GtkWidget                *crash_page;
  LecternApplication       *application;
  GSettings                *settings;
  LecternHighlightPopover  *popover;

  /* Owned: the highlights of the article on display, and the selection the popover is
   * for (or the highlight, by its id).
   */
  GPtrArray                *highlights;
  LecternTextSelector      *selection;
  gint64                    popover_highlight;

  /* The highlight to take the reader to once the article has loaded, and the one the view
   * took them to.
   */
  gint64                    scroll_highlight;
  gint64                    shown_highlight;

  gint64                    article_id;
  double                    progress;
  char                     *anchor;

  /* Counts the loads of articles, so that an answer of a page that was replaced since is
   * told apart from the page on display.
   */
  guint                     load_serial;
  /* Whether the article on display was loaded again because its web process ended, and
   * has not answered yet.
   */
  gboolean                  recovering;

  /* The page Lectern itself asked the view to load, until it has been committed: the one
   * navigation that is not the reader's and is still allowed.
   */
  char                     *expected_uri;

  /* Where to take the reader once the article has loaded, and whether that is done: until
   * then, what the page reports is the top of the page, not where the reader is.
   */
  double                    restore_progress;
  char                     *restore_anchor;
  gboolean                  restored;
};

G_DEFINE_FINAL_TYPE (LecternReaderView, lectern_reader_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_ARTICLE_ID,
  PROP_PROGRESS,
  PROP_ANCHOR,
  PROP_LOADING,
  N_PROPS
};

enum {
  REACHED_END,
  ACTIVATE_LINK,
  HIGHLIGHT_REMOVED,
  HIGHLIGHT_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define LECTERN_SCRIPT_WORLD "lectern"

static void
lectern_reader_view_set_progress (LecternReaderView *self,
                                  double             progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
lectern_reader_view_set_anchor (LecternReaderView *self,
                                const char        *anchor)
{
  if (anchor && *anchor == '\0')
    anchor = NULL;
  if (g_strcmp0 (self->anchor, anchor) == 0)
    return;

  g_free (self->anchor);
  self->anchor = g_strdup (anchor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANCHOR]);
}

static void highlight_message (LecternReaderView *self,
                               const char        *type,
                               JSCValue          *message);

static void
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *message,
                   LecternReaderView        *self)
{
  g_autoptr (JSCValue) type = NULL;
  g_autoptr (JSCValue) value = NULL;
  g_autoptr (JSCValue) anchor = NULL;
  g_autofree char *type_string = NULL;

  if (!jsc_value_is_object (message) || !self->restored)
    return;

  type = jsc_value_object_get_property (message, "type");
  value = jsc_value_object_get_property (message, "value");
  anchor = jsc_value_object_get_property (message, "anchor");
  type_string = jsc_value_to_string (type);

  if (g_str_has_prefix (type_string, "selection") || g_str_has_prefix (type_string, "highlight")) {
    highlight_message (self, type_string, message);
    return;
  }

  /* The anchor first: whoever watches the progress reads both. */
  if (jsc_value_is_string (anchor)) {
    g_autofree char *anchor_string = jsc_value_to_string (anchor);

    /* An anchor is an index, an offset and a short snippet; anything longer is not ours. */
    if (strlen (anchor_string) < 512)
      lectern_reader_view_set_anchor (self, anchor_string);
  }
  if (jsc_value_is_number (value))
    lectern_reader_view_set_progress (self, jsc_value_to_double (value));

  if (g_strcmp0 (type_string, "end") == 0 && self->article_id > 0)
    g_signal_emit (self, signals[REACHED_END], 0, self->article_id);
}

static gboolean
lectern_reader_view_real_activate_link (LecternReaderView *self,
                                        const char        *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_debug ("Opening %s in the browser", uri);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  return TRUE;
}

static gboolean
is_web_uri (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return scheme && (lectern_url_scheme_is_web (scheme) ||
                    g_ascii_strcasecmp (scheme, "mailto") == 0);
}

/* A link the reader followed: a click or a key on a link, or Open Link in its context menu,
 * which WebKit reports with the button that opened the menu but as no gesture. Not a
 * refresh, a redirect, a form or a script of the page's: none of those is a link clicked
 * with a gesture or a mouse button.
 */
static gboolean
is_link_followed (WebKitNavigationAction *action)
{
  return webkit_navigation_action_get_navigation_type (action) ==
           WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
         (webkit_navigation_action_is_user_gesture (action) ||
          webkit_navigation_action_get_mouse_button (action) != 0) &&
         !webkit_navigation_action_is_redirect (action);
}

static void
open_link (LecternReaderView      *self,
           WebKitNavigationAction *action)
{
  const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  gboolean handled = FALSE;

  if (is_link_followed (action) && is_web_uri (uri))
    g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
  else
    g_debug ("Refused to open %s", uri);
}

/* Whether @uri is a place in the article on display: the same address exactly, parsed, with
 * a fragment. "lectern://article/1#x" is not a place in article 14.
 */
static gboolean
is_place_in_article (LecternReaderView *self,
                     const char        *uri)
{
  g_autoptr (GUri) target = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *article = NULL;
  g_autofree char *base = NULL;

  if (!target || !g_uri_get_fragment (target) || self->article_id <= 0)
    return FALSE;

  article = lectern_reader_scheme_dup_article_uri (self->article_id);
  base = g_uri_to_string_partial (target, G_URI_HIDE_FRAGMENT);
  return g_str_equal (base, article);
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  LecternReaderView        *self)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE) {
    WebKitResponsePolicyDecision *response = WEBKIT_RESPONSE_POLICY_DECISION (decision);

    /* Only our own pages are shown; nothing is ever downloaded. */
    if (webkit_response_policy_decision_is_mime_type_supported (response) &&
        g_str_has_prefix (webkit_uri_request_get_uri (
                            webkit_response_policy_decision_get_request (response)),
                          "lectern:"))
      webkit_policy_decision_use (decision);
    else
      webkit_policy_decision_ignore (decision);
    return TRUE;
  }

  action = webkit_navigation_policy_decision_get_navigation_action (
      WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  /* The page Lectern asked for. A page cannot ask for it in its place: its refresh or link
   * comes after the load was committed, when nothing is expected any more.
   */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      self->expected_uri && g_str_equal (uri, self->expected_uri) &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER &&
      !webkit_navigation_action_is_redirect (action)) {
    webkit_policy_decision_use (decision);
    return TRUE;
  }

  /* The reader's own jump to a place in the same article. */
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      is_link_followed (action) && is_place_in_article (self, uri)) {
    webkit_policy_decision_use (decision);
    return TRUE;
  }

  /* Everything else stays out of the view; a web link the reader clicked opens in the
   * browser. A link to another lectern: page is refused too: a stored article has none (its
   * links are the web's), and a page that names one is guessing at this library's ids.
   */
  webkit_policy_decision_ignore (decision);
  open_link (self, action);
  return TRUE;
}

static GtkWidget *
create_cb (WebKitWebView          *web_view,
           WebKitNavigationAction *action,
           LecternReaderView      *self)
{
  /* New windows are refused in decide-policy already; should one be asked for anyway, it
   * is treated as a link.
   */
  open_link (self, action);
  return NULL;
}

static const WebKitContextMenuAction removed_menu_actions[] = {
  WEBKIT_CONTEXT_MENU_ACTION_GO_BACK,
  WEBKIT_CONTEXT_MENU_ACTION_GO_FORWARD,
  WEBKIT_CONTEXT_MENU_ACTION_STOP,
  WEBKIT_CONTEXT_MENU_ACTION_RELOAD,
  WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW,
  WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW,
  WEBKIT_CONTEXT_MENU_ACTION_OPEN_FRAME_IN_NEW_WINDOW,
  WEBKIT_CONTEXT_MENU_ACTION_OPEN_VIDEO_IN_NEW_WINDOW,
  WEBKIT_CONTEXT_MENU_ACTION_OPEN_AUDIO_IN_NEW_WINDOW,
  WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK,
  WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK,
  WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_VIDEO_TO_DISK,
  WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_AUDIO_TO_DISK,
};

static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test,
                 LecternReaderView   *self)
{
  GList *items = webkit_context_menu_get_items (menu);

  /* Keep copying, selection and "Open Link"; drop what would navigate, reload or download. */
  for (GList *l = items; l; ) {
    WebKitContextMenuItem *item = l->data;
    WebKitContextMenuAction action = webkit_context_menu_item_get_stock_action (item);

    l = l->next;
    for (guint i = 0; i < G_N_ELEMENTS (removed_menu_actions); i++) {
      if (action == removed_menu_actions[i]) {
        webkit_context_menu_remove (menu, item);
        break;
      }
    }
  }
  return FALSE;
}

/* Highlights */

/* The library, or %NULL: none could be opened, or the view is being destroyed and may
 * outlive the application (a write it started still holds it).
 */
static LecternArticleStore *
get_store (LecternReaderView *self)
{
  return self->application ? lectern_application_get_store (self->application) : NULL;
}

/* The colour chosen last, which `h` uses. */
static LecternHighlightColor
get_last_color (LecternReaderView *self)
{
  g_autofree char *name = NULL;
  LecternHighlightColor color = LECTERN_HIGHLIGHT_YELLOW;

  if (self->settings)
    name = g_settings_get_string (self->settings, "highlight-color");
  if (name)
    lectern_highlight_color_from_string (name, &color);
  return color;
}

static void
set_last_color (LecternReaderView     *self,
                LecternHighlightColor  color)
{
  if (self->settings)
    g_settings_set_string (self->settings, "highlight-color",
                           lectern_highlight_color_to_string (color));
}

static LecternHighlight *
find_highlight (LecternReaderView *self,
                gint64             id)
{
  for (guint i = 0; self->highlights && i < self->highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (self->highlights, i);

    if (lectern_highlight_get_id (highlight) == id)
      return highlight;
  }
  return NULL;
}

static void
lectern_reader_view_read_highlights (LecternReaderView *self)
{
  LecternArticleStore *store = get_store (self);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  if (!store || self->article_id <= 0)
    return;

  self->highlights = lectern_article_store_list_highlights (store, self->article_id, NULL,
                                                            &error);
  if (!self->highlights)
    g_warning ("Could not read the highlights of article %" G_GINT64_FORMAT ": %s",
               self->article_id, error->message);
}

/* The highlights as the page's script takes them: a JSON string, never script text. */
static char *
lectern_reader_view_dup_highlights_json (LecternReaderView *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; self->highlights && i < self->highlights->len; i++) {
    LecternHighlight *highlight = g_ptr_array_index (self->highlights, i);
    const LecternTextSelector *selector = lectern_highlight_get_selector (highlight);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, lectern_highlight_get_id (highlight));
    json_builder_set_member_name (builder, "start");
    json_builder_add_int_value (builder, selector->start);
    json_builder_set_member_name (builder, "end");
    json_builder_add_int_value (builder, selector->end);
    json_builder_set_member_name (builder, "exact");
    json_builder_add_string_value (builder, selector->exact);
    json_builder_set_member_name (builder, "color");
    json_builder_add_string_value (builder, lectern_highlight_color_to_string (
                                              lectern_highlight_get_color (highlight)));
    json_builder_set_member_name (builder, "note");
    json_builder_add_boolean_value (builder, lectern_highlight_get_note (highlight) != NULL);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
lectern_reader_view_draw_highlights (LecternReaderView *self)
{
  g_autofree char *json = lectern_reader_view_dup_highlights_json (self);
  GVariantDict arguments;

  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "list", "s", json);
  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "if (window.lectern)"
                                                  "  window.lectern.setHighlights ("
                                                  "    JSON.parse (list));",
                                                  -1, g_variant_dict_end (&arguments),
                                                  LECTERN_SCRIPT_WORLD, NULL, NULL,
                                                  NULL, NULL);
}

static void
highlights_changed_cb (LecternArticleStore *store,
                       gint64               article_id,
                       LecternReaderView   *self)
{
  if (article_id != self->article_id || !self->restored)
    return;

  lectern_reader_view_read_highlights (self);
  lectern_reader_view_draw_highlights (self);
}

static void
clear_page_selection (LecternReaderView *self)
{
  webkit_web_view_evaluate_javascript (self->web_view,
                                       "window.getSelection ().removeAllRanges ();", -1,
                                       LECTERN_SCRIPT_WORLD, NULL, NULL, NULL, NULL);
}

typedef struct {
  LecternReaderView *self;
  gboolean           note;
} AddData;

static void
add_highlight_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  AddData *data = user_data;
  g_autoptr (LecternReaderView) self = data->self;
  g_autoptr (GError) error = NULL;
  gboolean note = data->note;
  gint64 id;

  g_free (data);
  id = lectern_article_store_add_highlight_finish (LECTERN_ARTICLE_STORE (source), result,
                                                   &error);
  if (id == 0) {
    g_signal_emit (self, signals[HIGHLIGHT_FAILED], 0, _("The highlight could not be added"),
                   error);
    return;
  }

  if (note && self->web_view) {
    self->popover_highlight = id;
    lectern_highlight_popover_show_note (self->popover, NULL);
  }
}

/* Highlights the selection the popover or `h` is for, in @color. */
static void
lectern_reader_view_add_highlight (LecternReaderView     *self,
                                   LecternHighlightColor  color,
                                   gboolean               note)
{
  LecternArticleStore *store = get_store (self);
  g_autoptr (LecternHighlight) highlight = NULL;
  AddData *data;

  if (!store || !self->selection || self->article_id <= 0)
    return;

  highlight = lectern_highlight_new (self->article_id, self->selection);
  lectern_highlight_set_color (highlight, color);
  set_last_color (self, color);
  g_clear_pointer (&self->selection, lectern_text_selector_free);
  clear_page_selection (self);

  data = g_new0 (AddData, 1);
  data->self = g_object_ref (self);
  data->note = note;
  lectern_article_store_add_highlight_async (store, highlight, NULL,
                                             add_highlight_done_cb, data);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (LecternReaderView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error))
    g_signal_emit (self, signals[HIGHLIGHT_FAILED], 0, _("The highlight could not be changed"),
                   error);
}

static void
popover_color_chosen_cb (LecternHighlightPopover *popover,
                         guint                    color,
                         LecternReaderView       *self)
{
  LecternArticleStore *store = get_store (self);
  LecternHighlight *highlight = find_highlight (self, self->popover_highlight);

  if (color >= LECTERN_N_HIGHLIGHT_COLORS || !store)
    return;

  if (lectern_highlight_popover_get_editing (popover)) {
    if (highlight)
      lectern_article_store_update_highlight_async (store, self->popover_highlight, color,
                                                    lectern_highlight_get_note (highlight),
                                                    NULL, write_done_cb,
                                                    g_object_ref (self));
    set_last_color (self, color);
  } else {
    lectern_reader_view_add_highlight (self, color, FALSE);
  }
}

static void
popover_note_requested_cb (LecternHighlightPopover *popover,
                           LecternReaderView       *self)
{
  LecternHighlight *highlight = find_highlight (self, self->popover_highlight);

  if (lectern_highlight_popover_get_editing (popover)) {
    if (highlight)
      lectern_highlight_popover_show_note (popover, lectern_highlight_get_note (highlight));
  } else {
    gtk_popover_popdown (GTK_POPOVER (popover));
    lectern_reader_view_add_highlight (self, get_last_color (self), TRUE);
  }
}

static void
popover_note_saved_cb (LecternHighlightPopover *popover,
                       const char              *note,
                       LecternReaderView       *self)
{
  LecternArticleStore *store = get_store (self);
  LecternHighlight *highlight = find_highlight (self, self->popover_highlight);

  if (store && highlight)
    lectern_article_store_update_highlight_async (store, self->popover_highlight,
                                                  lectern_highlight_get_color (highlight),
                                                  note, NULL, write_done_cb,
                                                    g_object_ref (self));
}

static void
popover_copy_cb (LecternHighlightPopover *popover,
                 LecternReaderView       *self)
{
  LecternHighlight *highlight = find_highlight (self, self->popover_highlight);
  const char *text = NULL;

  if (lectern_highlight_popover_get_editing (popover) && highlight)
    text = lectern_highlight_get_text (highlight);
  else if (self->selection)
    text = self->selection->exact;

  if (text)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

typedef struct {
  LecternReaderView *self;
  LecternHighlight  *highlight;
} RemoveData;

static void
remove_highlight_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  RemoveData *data = user_data;
  g_autoptr (LecternReaderView) self = data->self;
  g_autoptr (LecternHighlight) highlight = data->highlight;
  g_autoptr (GError) error = NULL;

  g_free (data);
  if (!lectern_article_store_write_finish (LECTERN_ARTICLE_STORE (source), result, &error)) {
    g_signal_emit (self, signals[HIGHLIGHT_FAILED], 0, _("The highlight could not be removed"),
                   error);
    return;
  }

  g_signal_emit (self, signals[HIGHLIGHT_REMOVED], 0, highlight);
}

static void
popover_remove_cb (LecternHighlightPopover *popover,
                   LecternReaderView       *self)
{
  LecternArticleStore *store = get_store (self);
  LecternHighlight *highlight = find_highlight (self, self->popover_highlight);
  RemoveData *data;

  if (!store || !highlight)
    return;

  data = g_new0 (RemoveData, 1);
  data->self = g_object_ref (self);
  data->highlight = lectern_highlight_copy (highlight);
  lectern_article_store_remove_highlight_async (store, self->popover_highlight, NULL,
                                                remove_highlight_done_cb, data);
}

static gboolean
get_number (JSCValue   *message,
            const char *name,
            double     *number)
{
  g_autoptr (JSCValue) value = jsc_value_object_get_property (message, name);

  if (!jsc_value_is_number (value))
    return FALSE;
  *number = jsc_value_to_double (value);
  return isfinite (*number);
}

static char *
dup_string (JSCValue   *message,
            const char *name)
{
  g_autoptr (JSCValue) value = jsc_value_object_get_property (message, name);
  char *string;

  if (!jsc_value_is_string (value))
    return NULL;
  string = jsc_value_to_string (value);
  if (!g_utf8_validate (string, -1, NULL))
    g_clear_pointer (&string, g_free);
  return string;
}

/* Points the popover at the rectangle @message gives, in the page's CSS pixels. */
static gboolean
point_popover (LecternReaderView *self,
               JSCValue          *message)
{
  double zoom = webkit_web_view_get_zoom_level (self->web_view);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double x, y, w, h;
  GdkRectangle rect;

  if (!get_number (message, "x", &x) || !get_number (message, "y", &y) ||
      !get_number (message, "width", &w) || !get_number (message, "height", &h))
    return FALSE;

  /* A selection longer than the view: the popover goes to the part that is in it. */
  x = CLAMP (x * zoom, 0, width);
  y = CLAMP (y * zoom, 0, height);
  w = CLAMP (w * zoom, 1, width - x);
  h = CLAMP (h * zoom, 1, height - y);
  rect.x = x;
  rect.y = y;
  rect.width = MAX (1, w);
  rect.height = MAX (1, h);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  return TRUE;
}

/* The selection a message of the page's script describes, or %NULL. */
static LecternTextSelector *
selection_from_message (JSCValue *message)
{
  g_autofree char *exact = dup_string (message, "exact");
  g_autofree char *prefix = dup_string (message, "prefix");
  g_autofree char *suffix = dup_string (message, "suffix");
  double start;
  double end;

  if (!exact || !*exact || !get_number (message, "start", &start) ||
      !get_number (message, "end", &end) || start < 0 || end <= start || end > G_MAXUINT)
    return NULL;

  return lectern_text_selector_new (exact, prefix ? prefix : "", suffix ? suffix : "",
                                    start, end);
}

static void
highlight_message (LecternReaderView *self,
                   const char        *type,
                   JSCValue          *message)
{
  if (g_str_equal (type, "selection-cleared")) {
    g_clear_pointer (&self->selection, lectern_text_selector_free);
    if (!lectern_highlight_popover_get_editing (self->popover))
      gtk_popover_popdown (GTK_POPOVER (self->popover));
  } else if (g_str_equal (type, "selection") || g_str_equal (type, "highlight-key")) {
    g_clear_pointer (&self->selection, lectern_text_selector_free);
    self->selection = selection_from_message (message);
    self->popover_highlight = 0;
    if (!self->selection)
      return;

    if (g_str_equal (type, "highlight-key")) {
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      lectern_reader_view_add_highlight (self, get_last_color (self), FALSE);
    } else if (point_popover (self, message)) {
      lectern_highlight_popover_show_colors (self->popover, FALSE, get_last_color (self));
    }
  } else if (g_str_equal (type, "highlight-clicked")) {
    LecternHighlight *highlight;
    double id;

    if (!get_number (message, "id", &id))
      return;
    highlight = find_highlight (self, (gint64) id);
    if (!highlight || !point_popover (self, message))
      return;

    self->popover_highlight = lectern_highlight_get_id (highlight);
    lectern_highlight_popover_show_colors (self->popover, TRUE,
                                           lectern_highlight_get_color (highlight));
  }
}

typedef struct {
  LecternReaderView *self;
  guint              load_serial;
} RestoreData;

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RestoreData *data = user_data;
  g_autoptr (LecternReaderView) self = data->self;
  g_autoptr (JSCValue) value = NULL;
  g_autoptr (GError) error = NULL;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source),
                                                                 result, &error);
  if (self->load_serial != data->load_serial || !self->web_view) {
    g_free (data);
    return;
  }
  g_free (data);

  if (!value)
    g_debug ("Could not restore the reading position: %s", error->message);
  else
    self->recovering = FALSE;

  /* From here on, what the page reports is where the reader is. */
  self->restored = TRUE;
  if (value && jsc_value_is_array (value)) {
    g_autoptr (JSCValue) fraction = jsc_value_object_get_property_at_index (value, 0);
    g_autoptr (JSCValue) shown = jsc_value_object_get_property_at_index (value, 1);

    if (jsc_value_is_number (fraction) && self->restore_progress > 0)
      lectern_reader_view_set_progress (self, jsc_value_to_double (fraction));
    if (jsc_value_is_number (shown) && jsc_value_to_double (shown) > 0)
      self->shown_highlight = self->scroll_highlight;
  }
  self->scroll_highlight = 0;
}

static void
lectern_reader_view_restore (LecternReaderView *self)
{
  g_autofree char *highlights = NULL;
  GVariantDict arguments;
  RestoreData *data;

  lectern_reader_view_read_highlights (self);
  highlights = lectern_reader_view_dup_highlights_json (self);

  /* The anchor goes in as an argument, never pasted into the script: its text comes from
   * the article.
   */
  g_variant_dict_init (&arguments, NULL);
  g_variant_dict_insert (&arguments, "anchor", "s",
                         self->restore_anchor ? self->restore_anchor : "");
  g_variant_dict_insert (&arguments, "fraction", "d", self->restore_progress);
  g_variant_dict_insert (&arguments, "highlights", "s", highlights);
  g_variant_dict_insert (&arguments, "highlight", "x", self->scroll_highlight);

  data = g_new0 (RestoreData, 1);
  data->self = g_object_ref (self);
  data->load_serial = self->load_serial;
  webkit_web_view_call_async_javascript_function (self->web_view,
                                                  "if (!window.lectern)"
                                                  "  return [0, 0];"
                                                  "window.lectern.setHighlights ("
                                                  "  JSON.parse (highlights));"
                                                  "if (highlight > 0 &&"
                                                  "    window.lectern.scrollToHighlight ("
                                                  "      highlight) !== -1)"
                                                  "  return [window.lectern.fraction (), 1];"
                                                  "return [window.lectern.restore (anchor,"
                                                  "                                fraction), 0];",
                                                  -1, g_variant_dict_end (&arguments),
                                                  LECTERN_SCRIPT_WORLD, NULL, NULL,
                                                  restore_done_cb, data);
}

static void
load_changed_cb (WebKitWebView     *web_view,
                 WebKitLoadEvent    event,
                 LecternReaderView *self)
{
  /* From now on the page on display is the one Lectern asked for, and whatever it asks for
   * is its own doing.
   */
  if (event == WEBKIT_LOAD_COMMITTED &&
      g_strcmp0 (webkit_web_view_get_uri (web_view), self->expected_uri) == 0)
    g_clear_pointer (&self->expected_uri, g_free);

  if (event == WEBKIT_LOAD_FINISHED && self->article_id > 0 && !self->restored)
    lectern_reader_view_restore (self);

  if (event == WEBKIT_LOAD_STARTED || event == WEBKIT_LOAD_FINISHED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
lectern_reader_view_show_crash_page (LecternReaderView *self,
                                     gboolean           show)
{
  gtk_widget_set_visible (self->crash_page, show);
  gtk_widget_set_visible (GTK_WIDGET (self->web_view), !show);
}

/* Loads the article on display again, where the reader was. */
static void
lectern_reader_view_reload_article (LecternReaderView *self)
{
  g_autofree char *anchor = g_strdup (self->restored ? self->anchor : self->restore_anchor);
  double progress = self->restored ? self->progress : self->restore_progress;
  gint64 highlight = self->scroll_highlight;

  lectern_reader_view_load_article (self, self->article_id, progress, anchor);
  self->scroll_highlight = highlight;
}

/* The web process drawing the article crashed or ran out of memory, and the view is blank.
 * The article is loaded again where the reader was, once: when that load ends the same way
 * before the page answers, the article itself may be what brings the process down, and
 * the reader is told so instead of watching it happen again.
 */
static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           LecternReaderView                 *self)
{
  if (reason == WEBKIT_WEB_PROCESS_TERMINATED_BY_API || self->article_id == 0)
    return;

  g_message ("The web process showing article %" G_GINT64_FORMAT " %s", self->article_id,
             reason == WEBKIT_WEB_PROCESS_CRASHED ? "crashed" : "used too much memory");

  if (self->recovering) {
    self->recovering = FALSE;
    lectern_reader_view_show_crash_page (self, TRUE);
    return;
  }

  lectern_reader_view_reload_article (self);
  self->recovering = TRUE;
}

static void
try_again_cb (GtkButton         *button,
              LecternReaderView *self)
{
  if (self->article_id > 0)
    lectern_reader_view_reload_article (self);
}

static void
lectern_reader_view_update_style (LecternReaderView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  LecternReaderStyle style;
  g_autofree char *script = NULL;
  GdkRGBA background;

  lectern_reader_style_init_from_settings (&style, self->settings,
                                           adw_style_manager_get_dark (style_manager));

  /* Everything changes in place: no reload, so the reader keeps its place. */
  gdk_rgba_parse (&background, lectern_reader_style_get_background (&style));
  webkit_web_view_set_background_color (self->web_view, &background);

  script = lectern_reader_style_dup_script (&style);
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, LECTERN_SCRIPT_WORLD, NULL,
                                       NULL, NULL, NULL);
}

static void
style_dark_cb (AdwStyleManager   *style,
               GParamSpec        *pspec,
               LecternReaderView *self)
{
  lectern_reader_view_update_style (self);
}

static void
settings_changed_cb (GSettings         *settings,
                     const char        *key,
                     LecternReaderView *self)
{
  if (g_str_equal (key, "theme") || g_str_has_prefix (key, "reader-"))
    lectern_reader_view_update_style (self);
}

static void
lectern_reader_view_constructed (GObject *object)
{
  LecternReaderView *self = LECTERN_READER_VIEW (object);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr (GBytes) script_bytes = NULL;
  g_autoptr (WebKitUserScript) script = NULL;
  GtkWidget *button;

  G_OBJECT_CLASS (lectern_reader_view_parent_class)->constructed (object);

  g_assert (LECTERN_IS_APPLICATION (self->application));
  self->settings = lectern_application_get_settings (self->application);
  g_assert (G_IS_SETTINGS (self->settings));

  self->content_manager = webkit_user_content_manager_new ();
  webkit_user_content_manager_register_script_message_handler (self->content_manager, "lectern",
                                                               LECTERN_SCRIPT_WORLD);
  g_signal_connect_object (self->content_manager, "script-message-received::lectern",
                           G_CALLBACK (script_message_cb), self, G_CONNECT_DEFAULT);

  script_bytes = g_resources_lookup_data ("/app/lectern/Lectern/reader/reader.js",
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (script_bytes);
  script = webkit_user_script_new_for_world (g_bytes_get_data (script_bytes, NULL),
                                             WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                             LECTERN_SCRIPT_WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (self->content_manager, script);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context",
                                 lectern_application_get_web_context (self->application),
                                 "network-session",
                                 lectern_application_get_network_session (self->application),
                                 "settings",
                                 lectern_application_get_web_settings (self->application),
                                 "user-content-manager", self->content_manager,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->web_view), GTK_WIDGET (self));

  button = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (try_again_cb), self, G_CONNECT_DEFAULT);
  self->crash_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->crash_page), "computer-fail-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->crash_page),
                             _("The Article Could Not Be Shown"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->crash_page),
                                   _("The part of Lectern that draws pages stopped twice while "
                                     "showing it. The article is safe in the library."));
  adw_status_page_set_child (ADW_STATUS_PAGE (self->crash_page), button);
  gtk_widget_set_visible (self->crash_page, FALSE);
  gtk_widget_set_parent (self->crash_page, GTK_WIDGET (self));

  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->web_view, "create",
                           G_CALLBACK (create_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->web_view, "context-menu",
                           G_CALLBACK (context_menu_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (style, "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_DEFAULT);
  lectern_reader_view_update_style (self);

  self->popover = LECTERN_HIGHLIGHT_POPOVER (lectern_highlight_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "color-chosen",
                           G_CALLBACK (popover_color_chosen_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->popover, "note-requested",
                           G_CALLBACK (popover_note_requested_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->popover, "note-saved",
                           G_CALLBACK (popover_note_saved_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->popover, "copy",
                           G_CALLBACK (popover_copy_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->popover, "remove",
                           G_CALLBACK (popover_remove_cb), self, G_CONNECT_DEFAULT);

  if (get_store (self))
    g_signal_connect_object (get_store (self), "highlights-changed", G_CALLBACK (highlights_changed_cb), self,
                             G_CONNECT_DEFAULT);
}

/* The view outlived its application (a write it started still holds it): it has no library
 * and no settings any more.
 */
static void
application_gone_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  LecternReaderView *self = data;

  self->application = NULL;
  self->settings = NULL;
}

static void
lectern_reader_view_dispose (GObject *object)
{
  LecternReaderView *self = LECTERN_READER_VIEW (object);

  if (self->popover) {
    gtk_widget_unparent (GTK_WIDGET (self->popover));
    self->popover = NULL;
  }
  if (self->application) {
    LecternArticleStore *store = get_store (self);

    if (store)
      g_signal_handlers_disconnect_by_data (store, self);
    g_object_weak_unref (G_OBJECT (self->application), application_gone_cb, self);
    self->application = NULL;
    self->settings = NULL;
  }
  if (self->web_view) {
    gtk_widget_unparent (GTK_WIDGET (self->web_view));
    self->web_view = NULL;
  }
  if (self->crash_page) {
    gtk_widget_unparent (self->crash_page);
    self->crash_page = NULL;
  }
  g_clear_object (&self->content_manager);

  G_OBJECT_CLASS (lectern_reader_view_parent_class)->dispose (object);
}

static void
lectern_reader_view_finalize (GObject *object)
{
  LecternReaderView *self = LECTERN_READER_VIEW (object);

  g_clear_pointer (&self->anchor, g_free);
  g_clear_pointer (&self->restore_anchor, g_free);
  g_clear_pointer (&self->expected_uri, g_free);
  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  g_clear_pointer (&self->selection, lectern_text_selector_free);

  G_OBJECT_CLASS (lectern_reader_view_parent_class)->finalize (object);
}

static void
lectern_reader_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LecternReaderView *self = LECTERN_READER_VIEW (object);

  switch (prop_id) {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_ARTICLE_ID:
      g_value_set_int64 (value, self->article_id);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_ANCHOR:
      g_value_set_string (value, self->anchor);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, lectern_reader_view_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_reader_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LecternReaderView *self = LECTERN_READER_VIEW (object);

  switch (prop_id) {
    case PROP_APPLICATION:
      self->application = g_value_get_object (value);
      if (self->application)
        g_object_weak_ref (G_OBJECT (self->application), application_gone_cb, self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_reader_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  LecternReaderView *self = LECTERN_READER_VIEW (widget);
  int page_minimum, page_natural;

  gtk_widget_measure (GTK_WIDGET (self->web_view), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  gtk_widget_measure (self->crash_page, orientation, for_size,
                      &page_minimum, &page_natural, NULL, NULL);
  *minimum = MAX (*minimum, page_minimum);
  *natural = MAX (*natural, page_natural);
}

static void
lectern_reader_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  LecternReaderView *self = LECTERN_READER_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->web_view), width, height, baseline, NULL);
  gtk_widget_allocate (self->crash_page, width, height, baseline, NULL);
  /* A popover is a surface of its own: it is placed, not allocated. */
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
lectern_reader_view_class_init (LecternReaderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lectern_reader_view_constructed;
  object_class->dispose = lectern_reader_view_dispose;
  object_class->finalize = lectern_reader_view_finalize;
  object_class->get_property = lectern_reader_view_get_property;
  object_class->set_property = lectern_reader_view_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         LECTERN_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE_ID] =
    g_param_spec_int64 ("article-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANCHOR] =
    g_param_spec_string ("anchor", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LecternReaderView::reached-end:
   * @self: the reader view
   * @id: the article whose end the reader scrolled to
   *
   * Emitted once per load, when the reader scrolls to the end of the article.
   */
  signals[REACHED_END] =
    g_signal_new ("reached-end",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * LecternReaderView::activate-link:
   * @self: the reader view
   * @uri: the web or mailto: address of the link
   *
   * Emitted when the reader clicks a link out of the article, and only then. The default
   * handler opens @uri in the user's browser; a handler that returns %TRUE stops it.
   *
   * Returns: %TRUE when the link has been taken care of
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (lectern_reader_view_real_activate_link),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  /**
   * LecternReaderView::highlight-removed:
   * @self: the reader view
   * @highlight: the highlight as it was, to add again for Undo
   *
   * Emitted when the reader removed a highlight from its popover, once it is removed.
   */
  /**
   * LecternReaderView::highlight-failed:
   * @self: the reader view
   * @what: what failed, for the reader
   * @error: why
   *
   * A highlight the reader added, changed or removed could not be written.
   */
  signals[HIGHLIGHT_FAILED] =
    g_signal_new ("highlight-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  signals[HIGHLIGHT_REMOVED] =
    g_signal_new ("highlight-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LECTERN_TYPE_HIGHLIGHT);

  widget_class->measure = lectern_reader_view_measure;
  widget_class->size_allocate = lectern_reader_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "readerview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lectern_reader_view_init (LecternReaderView *self)
{
}

/**
 * lectern_reader_view_new:
 * @application: the application whose web context the view uses
 *
 * Returns: (transfer floating): a new #LecternReaderView
 */
LecternReaderView *
lectern_reader_view_new (LecternApplication *application)
{
  return g_object_new (LECTERN_TYPE_READER_VIEW, "application", application, NULL);
}

/**
 * lectern_reader_view_get_web_view:
 *
 * Returns: (transfer none): the #WebKitWebView showing the article
 */
WebKitWebView *
lectern_reader_view_get_web_view (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), NULL);

  return self->web_view;
}

gint64
lectern_reader_view_get_article_id (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), 0);

  return self->article_id;
}

gboolean
lectern_reader_view_get_loading (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), FALSE);

  return webkit_web_view_is_loading (self->web_view);
}

/**
 * lectern_reader_view_get_progress:
 *
 * Returns: how far the reader has scrolled through the article, from 0 to 1
 */
double
lectern_reader_view_get_progress (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), 0.0);

  return self->progress;
}

/**
 * lectern_reader_view_get_anchor:
 *
 * Returns: (nullable): where the reader is, as text that finds the place again after the
 *   typography changed; %NULL at the top
 */
const char *
lectern_reader_view_get_anchor (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), NULL);

  return self->anchor;
}

/**
 * lectern_reader_view_get_restored:
 *
 * Returns: whether the article on display has loaded and been taken to where the reader
 *   stopped
 */
gboolean
lectern_reader_view_get_restored (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), FALSE);

  return self->article_id > 0 && self->restored;
}

/* Loads @uri: the only way anything gets into the view. */
static void
lectern_reader_view_load_uri (LecternReaderView *self,
                              const char        *uri)
{
  g_free (self->expected_uri);
  self->expected_uri = g_strdup (uri);
  webkit_web_view_load_uri (self->web_view, uri);
}

/**
 * lectern_reader_view_load_article:
 * @id: the id of a stored article
 * @progress: how far the reader got last time, from 0 to 1
 * @anchor: (nullable): where the reader stopped, as lectern_reader_view_get_anchor() gave it
 *
 * Shows article @id, at @anchor when the article still has that place, else at @progress.
 * Loading it again reloads it from the library.
 */
void
lectern_reader_view_load_article (LecternReaderView *self,
                                  gint64             id,
                                  double             progress,
                                  const char        *anchor)
{
  g_autofree char *uri = NULL;
  g_autofree char *restore_anchor = g_strdup (anchor);

  g_return_if_fail (LECTERN_IS_READER_VIEW (self));
  g_return_if_fail (id > 0);

  uri = lectern_reader_scheme_dup_article_uri (id);
  self->restored = FALSE;
  self->shown_highlight = 0;
  g_clear_pointer (&self->selection, lectern_text_selector_free);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  self->restore_progress = isnan (progress) ? 0.0 : CLAMP (progress, 0.0, 1.0);
  g_free (self->restore_anchor);
  self->restore_anchor = g_steal_pointer (&restore_anchor);

  self->load_serial++;
  self->recovering = FALSE;
  lectern_reader_view_show_crash_page (self, FALSE);

  if (self->article_id != id) {
    self->article_id = id;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
  }
  /* The bar shows the stored place while the article loads. */
  lectern_reader_view_set_anchor (self, self->restore_anchor);
  lectern_reader_view_set_progress (self, self->restore_progress);
  lectern_reader_view_load_uri (self, uri);
}

/**
 * lectern_reader_view_load_article_at_highlight:
 * @id: the id of a stored article
 * @highlight_id: the id of one of its highlights
 *
 * Shows article @id with highlight @highlight_id a third of the way down the view; where
 * the reader stopped when the article no longer has it.
 */
void
lectern_reader_view_load_article_at_highlight (LecternReaderView *self,
                                               gint64             id,
                                               gint64             highlight_id)
{
  LecternArticleStore *store;
  g_autoptr (LecternArticle) article = NULL;

  g_return_if_fail (LECTERN_IS_READER_VIEW (self));
  g_return_if_fail (id > 0);

  store = get_store (self);
  if (store)
    article = lectern_article_store_get_summary (store, id, NULL);

  lectern_reader_view_load_article (self, id,
                                    article ? lectern_article_get_progress (article) : 0.0,
                                    article ? lectern_article_get_progress_anchor (article)
                                            : NULL);
  self->scroll_highlight = highlight_id;
}

/**
 * lectern_reader_view_get_shown_highlight:
 *
 * Returns: the highlight lectern_reader_view_load_article_at_highlight() took the reader
 *   to, once it has; 0 until then, or when the article does not have it
 */
gint64
lectern_reader_view_get_shown_highlight (LecternReaderView *self)
{
  g_return_val_if_fail (LECTERN_IS_READER_VIEW (self), 0);

  return self->shown_highlight;
}

/**
 * lectern_reader_view_page:
 * @direction: 1 for the next page, -1 for the previous one
 *
 * Scrolls a page down or up, as Space and Shift+Space do in the page itself.
 */
void
lectern_reader_view_page (LecternReaderView *self,
                          int                direction)
{
  g_autofree char *script = NULL;

  g_return_if_fail (LECTERN_IS_READER_VIEW (self));

  if (self->article_id == 0)
    return;

  script = g_strdup_printf ("window.lectern ? window.lectern.page (%d) : 0",
                            direction < 0 ? -1 : 1);
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, LECTERN_SCRIPT_WORLD, NULL,
                                       NULL, NULL, NULL);
}

/**
 * lectern_reader_view_clear:
 *
 * Shows nothing: used when the article on display is deleted.
 */
void
lectern_reader_view_clear (LecternReaderView *self)
{
  g_return_if_fail (LECTERN_IS_READER_VIEW (self));

  if (self->article_id == 0)
    return;

  self->article_id = 0;
  self->load_serial++;
  self->recovering = FALSE;
  lectern_reader_view_show_crash_page (self, FALSE);
  self->restored = FALSE;
  self->shown_highlight = 0;
  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  g_clear_pointer (&self->selection, lectern_text_selector_free);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  lectern_reader_view_load_uri (self, "about:blank");
  lectern_reader_view_set_anchor (self, NULL);
  lectern_reader_view_set_progress (self, 0.0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}
