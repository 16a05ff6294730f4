/* test-tags.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-tag.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

/* Tags in the window: tagging an article from the keyboard, the sidebar's tags with their
 * counts, choosing one (with a filter and a search), renaming one, deleting one and undoing
 * it, and tags given when saving.
 */

typedef struct {
  LecternApplication  *app;
  LecternWindow       *window;
  LecternArticleStore *store;
  gint64               lighthouse;
  gint64               bread;
  gint64               chinese;
  guint                keys_released;
} Fixture;

typedef void (*FixtureFunc) (Fixture *fixture);

static gint64
add_article (LecternArticleStore *store,
             const char          *title,
             const char          *url,
             const char          *text,
             const char * const  *tags,
             gint64               saved_at)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *body = g_strdup_printf ("<p>%s</p>", escaped);
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, body);
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_article_set_plain_text (article, text);
  lectern_article_set_saved_at (article, saved_at * G_USEC_PER_SEC);
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  if (tags) {
    g_assert_true (lectern_article_store_set_tags (store, id, tags, &error));
    g_assert_no_error (error);
  }
  return id;
}

static void
reset_settings (void)
{
  g_autoptr (GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

static void
fixture_fill (Fixture *fixture,
              gboolean tagged)
{
  static const char * const sea[] = { "Sea", "Stories", NULL };
  static const char * const food[] = { "food", NULL };
  static const char * const ai[] = { "人工智能", "Stories", NULL };
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) chinese = NULL;
  g_autoptr (GError) error = NULL;

  lectern_test_ui_reset_library ();
  reset_settings ();
  store = lectern_test_ui_open_library ();

  add_article (store, "Untagged", "https://example.org/untagged",
               "An article without a tag.", NULL, 1000);
  fixture->bread = add_article (store, "Bread at Home", "https://example.org/bread",
                                "A sourdough starter needs flour and water.",
                                tagged ? food : NULL, 2001);
  fixture->lighthouse = add_article (store, "The Lighthouse Notebooks",
                                     "https://example.org/lighthouse",
                                     "The keeper wrote every evening what the sea had done.",
                                     tagged ? sea : NULL, 2002);
  chinese = lectern_test_ui_seed_article_new ();
  fixture->chinese = lectern_article_store_add (store, chinese, &error);
  g_assert_no_error (error);
  if (tagged) {
    g_assert_true (lectern_article_store_set_tags (store, fixture->chinese, ai, &error));
    g_assert_no_error (error);
  }
  lectern_article_store_close (store);
}

typedef struct {
  Fixture     *fixture;
  FixtureFunc  body;
} Run;

static void
fixture_activate (LecternApplication *app,
                  gpointer            user_data)
{
  Run *run = user_data;
  Fixture *fixture = run->fixture;

  fixture->app = app;
  fixture->store = lectern_application_get_store (app);
  g_assert_nonnull (fixture->store);
  fixture->window = lectern_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 740);
  gtk_window_present (GTK_WINDOW (fixture->window));
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));

  run->body (fixture);
  lectern_test_ui_settle (fixture->store);
}

static void
run_test (FixtureFunc body,
          gboolean    tagged)
{
  Fixture fixture = { 0, };
  Run run = { &fixture, body };

  fixture_fill (&fixture, tagged);
  lectern_test_ui_run (fixture_activate, &run);
}

static guint
n_items (Fixture *fixture)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);

  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

/* Whether the list shows exactly the articles @ids, in any order. */
static gboolean
shows (Fixture      *fixture,
       const gint64 *ids,
       guint         n_ids)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);

  if (n_items (fixture) != n_ids)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    if (lectern_article_list_find (list, ids[i]) == G_MAXUINT)
      return FALSE;
  return TRUE;
}

/* The tags of article @id, joined with commas. */
static char *
dup_tags (Fixture *fixture,
          gint64   id)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = lectern_article_store_get_tags (fixture->store, id, &error);

  g_assert_no_error (error);
  return g_strjoinv (",", tags);
}

static gboolean
tags_are (Fixture    *fixture,
          gint64      id,
          const char *expected)
{
  g_autofree char *tags = dup_tags (fixture, id);

  return g_str_equal (tags, expected);
}

static GtkListBoxRow *
find_tag_row (Fixture    *fixture,
              const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (fixture->window->tags_list));
       row; row = gtk_widget_get_next_sibling (row)) {
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "lectern-tag"), name) == 0)
      return GTK_LIST_BOX_ROW (row);
  }
  return NULL;
}

static GtkLabel *
find_label_with_class (GtkWidget  *widget,
                       const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkLabel *label = find_label_with_class (child, css_class);

    if (label)
      return label;
  }
  return NULL;
}

/* Whether the sidebar shows tag @name, with @count beside it. */
static gboolean
sidebar_shows_tag (Fixture    *fixture,
                   const char *name,
                   const char *count)
{
  GtkListBoxRow *row = find_tag_row (fixture, name);
  GtkLabel *label = row ? find_label_with_class (GTK_WIDGET (row), "tag-count") : NULL;

  return label && gtk_widget_get_mapped (GTK_WIDGET (row)) &&
         g_str_equal (gtk_label_get_text (label), count);
}

/* Whether the row of tag @name has a tooltip over it (the exact count). */
static gboolean
tag_row_has_tooltip (Fixture    *fixture,
                     const char *name)
{
  GtkWidget *list = GTK_WIDGET (fixture->window->tags_list);
  GtkListBoxRow *row = find_tag_row (fixture, name);
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  graphene_point_t point;
  gboolean handled = FALSE;

  /* Where the row is once the list has been laid out again. */
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_has_tooltip (list));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row), list, &GRAPHENE_POINT_INIT (4, 4),
                                           &point));
  g_signal_emit_by_name (list, "query-tooltip", (int) point.x, (int) point.y, FALSE, tooltip,
                         &handled);
  g_object_unref (tooltip);
  return handled;
}

static char *
dup_sidebar_tags (Fixture *fixture)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (fixture->window->tags_list));
       row; row = gtk_widget_get_next_sibling (row)) {
    const char *name = g_object_get_data (G_OBJECT (row), "lectern-tag");

    if (!name)
      continue;
    g_string_append_printf (names, "%s%s", names->len ? "," : "", name);
  }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
have_xdotool (GtkWidget *widget)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path && g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_display (widget)),
                              "GdkX11Display");
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 guint                 *released)
{
  (*released)++;
}

static void
xdotool (Fixture    *fixture,
         const char *arguments,
         guint       n_keys)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", arguments);
  g_autoptr (GError) error = NULL;
  guint expected = fixture->keys_released + n_keys;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lectern_test_wait_until (fixture->keys_released >= expected);
}

static gboolean
focus_for_keys (Fixture    *fixture,
                const char *title)
{
  GtkEventController *keys;
  g_autofree char *arguments = NULL;
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (fixture->window));

  if (!have_xdotool (GTK_WIDGET (fixture->window)))
    return FALSE;

  /* Every key the window and its popovers get, before anything handles it. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb),
                    &fixture->keys_released);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb),
                    &fixture->keys_released);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window->tag_popover), keys);

  gtk_window_set_title (GTK_WINDOW (fixture->window), title);
  gdk_display_sync (display);
  arguments = g_strdup_printf ("search --sync --name '^%s$' windowfocus --sync", title);
  xdotool (fixture, arguments, 0);
  lectern_test_wait_until (gtk_window_is_active (GTK_WINDOW (fixture->window)));
  return TRUE;
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static GtkWidget *
find_with_tooltip (GtkWidget  *widget,
                   const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_with_tooltip (child, tooltip);

    if (found)
      return found;
  }
  return NULL;
}

static void
check_tag_with_keyboard (Fixture *fixture)
{
  GtkWidget *popover = GTK_WIDGET (fixture->window->tag_popover);
  GtkEntry *entry = lectern_tag_popover_get_entry (fixture->window->tag_popover);
  GtkLabel *error_label = lectern_tag_popover_get_error_label (fixture->window->tag_popover);
  g_autoptr (GError) error = NULL;
  g_autofree char *too_long = NULL;
  GtkWidget *remove;
  const gint64 lighthouse[] = { fixture->lighthouse };
  const gint64 both[] = { fixture->lighthouse, fixture->chinese };

  /* A library without tags shows no tag section. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->window->tags_scroller)));

  if (!focus_for_keys (fixture, "lectern-tag-keys")) {
    g_test_skip ("Real key presses need xdotool and an X display");
    return;
  }

  /* t on an article opens its tags, with the keys in the entry. */
  lectern_window_show_article (fixture->window, fixture->lighthouse);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "key t", 1);
  lectern_test_wait_until (gtk_widget_get_mapped (popover) &&
                           has_focus_within (GTK_WIDGET (entry)));

  /* Type a name, Enter: the article has the tag, and the sidebar shows it with its count. */
  xdotool (fixture, "type Coast", 5);
  xdotool (fixture, "key Return", 1);
  lectern_test_wait_until (tags_are (fixture, fixture->lighthouse, "Coast"));
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Coast", "1"));
  lectern_test_wait_until (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), ""));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->tags_scroller)));
  g_assert_true (lectern_tag_popover_get_tags (fixture->window->tag_popover) != NULL);
  g_assert_cmpstr (lectern_tag_popover_get_tags (fixture->window->tag_popover)[0], ==, "Coast");

  /* A name that cannot be a tag says why, under the entry, and what was typed stays. */
  xdotool (fixture, "type '   '", 3);
  xdotool (fixture, "key Return", 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_null (lectern_tag_normalize ("   ", &error));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, error->message);
  g_clear_error (&error);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "   ");

  too_long = g_strnfill (LECTERN_TAG_MAX_LENGTH + 1, 'x');
  gtk_editable_set_text (GTK_EDITABLE (entry), too_long);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  xdotool (fixture, "key Return", 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_null (lectern_tag_normalize (too_long, &error));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, error->message);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, too_long);
  g_assert_true (tags_are (fixture, fixture->lighthouse, "Coast"));

  /* Escape closes the popover. */
  xdotool (fixture, "key Escape", 1);
  lectern_test_wait_until (!gtk_widget_get_visible (popover));

  /* The same tag on another article, whatever its case: one tag, counted twice. */
  lectern_window_show_article (fixture->window, fixture->chinese);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "key t", 1);
  lectern_test_wait_until (gtk_widget_get_mapped (popover) &&
                           has_focus_within (GTK_WIDGET (entry)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  xdotool (fixture, "type coast", 5);
  xdotool (fixture, "key Return", 1);
  lectern_test_wait_until (tags_are (fixture, fixture->chinese, "Coast"));
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Coast", "2"));
  g_assert_true (tag_row_has_tooltip (fixture, "Coast"));
  xdotool (fixture, "key Escape", 1);
  lectern_test_wait_until (!gtk_widget_get_visible (popover));

  /* Choosing the tag shows only its articles. */
  gtk_widget_activate (GTK_WIDGET (find_tag_row (fixture, "Coast")));
  lectern_test_wait_until (shows (fixture, both, 2));
  g_assert_cmpstr (fixture->window->tag, ==, "Coast");

  /* The tag removed from one article: it leaves the list, and the count goes down. */
  lectern_window_show_article (fixture->window, fixture->chinese);
  gtk_menu_button_popup (fixture->window->tags_button);
  lectern_test_wait_until (gtk_widget_get_mapped (popover));
  remove = find_with_tooltip (popover, "Remove “Coast”");
  g_assert_nonnull (remove);
  gtk_widget_activate (remove);
  lectern_test_wait_until (tags_are (fixture, fixture->chinese, ""));
  lectern_test_wait_until (shows (fixture, lighthouse, 1));
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Coast", "1"));
  gtk_popover_popdown (GTK_POPOVER (popover));
  g_assert_cmpstr (fixture->window->tag, ==, "Coast");
}

static void
test_tag_with_keyboard (void)
{
  run_test (check_tag_with_keyboard, FALSE);
}

static void
check_choose_tag (Fixture *fixture)
{
  const gint64 stories[] = { fixture->lighthouse, fixture->chinese };
  const gint64 lighthouse[] = { fixture->lighthouse };
  g_autofree char *names = NULL;
  guint all = n_items (fixture);

  /* Every tag, in name order, with its count. */
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Stories", "2"));
  names = dup_sidebar_tags (fixture);
  g_assert_cmpstr (names, ==, "food,Sea,Stories,人工智能");
  g_assert_true (sidebar_shows_tag (fixture, "food", "1"));
  g_assert_true (sidebar_shows_tag (fixture, "Sea", "1"));
  g_assert_true (sidebar_shows_tag (fixture, "人工智能", "1"));

  /* Choose one: only its articles. */
  gtk_widget_activate (GTK_WIDGET (find_tag_row (fixture, "Stories")));
  lectern_test_wait_until (shows (fixture, stories, 2));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_tag_row (fixture, "Stories")),
                                           "chosen"));

  /* With the search: both must hold. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->search_entry), "keeper");
  lectern_test_wait_until (shows (fixture, lighthouse, 1));
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->search_entry), "sourdough");
  lectern_test_wait_until (n_items (fixture) == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sidebar_stack), ==,
                   "empty");

  /* Escape leaves the search, then the tag. */
  g_signal_emit_by_name (fixture->window->search_entry, "stop-search");
  lectern_test_wait_until (shows (fixture, stories, 2));
  g_assert_cmpstr (fixture->window->tag, ==, "Stories");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "unread");
  g_assert_cmpstr (fixture->window->tag, ==, NULL);
  lectern_test_wait_until (n_items (fixture) == all);

  /* With a filter: the counts are the filter's, and the tag keeps to it. */
  lectern_article_store_set_flag (fixture->store, fixture->lighthouse,
                                  LECTERN_ARTICLE_CHANGE_ARCHIVED, TRUE, NULL);
  lectern_test_ui_settle (fixture->store);
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Stories", "1"));
  lectern_test_wait_until (find_tag_row (fixture, "Sea") == NULL);
  gtk_widget_activate (GTK_WIDGET (find_tag_row (fixture, "Stories")));
  {
    const gint64 chinese[] = { fixture->chinese };

    lectern_test_wait_until (shows (fixture, chinese, 1));
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.filter", "s", "archive");
  lectern_test_wait_until (shows (fixture, lighthouse, 1));
  g_assert_cmpstr (fixture->window->tag, ==, "Stories");

  /* Choosing the chosen tag again leaves it. */
  gtk_widget_activate (GTK_WIDGET (find_tag_row (fixture, "Stories")));
  g_assert_cmpstr (fixture->window->tag, ==, NULL);
  lectern_test_wait_until (n_items (fixture) == 1);
}

static void
test_choose_tag (void)
{
  run_test (check_choose_tag, TRUE);
}

static AdwMessageDialog *
find_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++) {
    g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

    if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
      return ADW_MESSAGE_DIALOG (window);
  }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_widget (child, type);

    if (found)
      return found;
  }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_button (child, label);

    if (found)
      return found;
  }
  return NULL;
}

/* The Undo button of the toast on show. */
static GtkWidget *
find_undo_button (Fixture *fixture)
{
  GtkWidget *overlay = GTK_WIDGET (fixture->window->toast_overlay);
  GtkWidget *toast = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast"))
      toast = child;
  return toast ? find_button (toast, "_Undo") : NULL;
}

static void
check_rename_and_delete (Fixture *fixture)
{
  AdwMessageDialog *dialog = NULL;
  GtkEditable *entry;
  GtkLabel *error_label;
  GtkWidget *undo = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *names = NULL;
  const gint64 stories[] = { fixture->lighthouse, fixture->chinese };

  lectern_test_wait_until (sidebar_shows_tag (fixture, "Stories", "2"));
  gtk_widget_activate (GTK_WIDGET (find_tag_row (fixture, "Stories")));
  lectern_test_wait_until (shows (fixture, stories, 2));

  /* Rename: a name that cannot be a tag says why, and cannot be chosen. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rename-tag", "s", "Stories");
  lectern_test_wait_until ((dialog = find_dialog (fixture)) != NULL);
  entry = GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY));
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Stories");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (entry, " \t ");
  error_label = GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (entry)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_null (lectern_tag_normalize (" \t ", &error));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, error->message);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));

  gtk_editable_set_text (entry, "Long Reads");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  /* Enter in the entry renames: its text activates the dialog's default button. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (entry), GTK_TYPE_TEXT), "activate");
  lectern_test_wait_until (find_dialog (fixture) == NULL);
  lectern_test_wait_until (tags_are (fixture, fixture->lighthouse, "Long Reads,Sea"));
  g_assert_true (tags_are (fixture, fixture->chinese, "Long Reads,人工智能"));

  /* The sidebar and the list follow the new name. */
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Long Reads", "2"));
  g_assert_null (find_tag_row (fixture, "Stories"));
  g_assert_cmpstr (fixture->window->tag, ==, "Long Reads");
  lectern_test_wait_until (shows (fixture, stories, 2));

  /* Delete, then Undo: the tag is back on the same articles. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-tag", "s", "Long Reads");
  lectern_test_wait_until (tags_are (fixture, fixture->lighthouse, "Sea"));
  g_assert_true (tags_are (fixture, fixture->chinese, "人工智能"));
  g_assert_null (fixture->window->tag);
  lectern_test_wait_until (find_tag_row (fixture, "Long Reads") == NULL);
  lectern_test_wait_until (n_items (fixture) == 4);
  lectern_test_wait_until ((undo = find_undo_button (fixture)) != NULL);
  gtk_widget_activate (undo);
  lectern_test_wait_until (tags_are (fixture, fixture->lighthouse, "Long Reads,Sea"));
  g_assert_true (tags_are (fixture, fixture->chinese, "Long Reads,人工智能"));
  g_assert_true (tags_are (fixture, fixture->bread, "food"));
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Long Reads", "2"));

  /* Renamed into another tag: the two become one. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rename-tag", "s", "food");
  lectern_test_wait_until ((dialog = find_dialog (fixture)) != NULL &&
                           g_str_equal (gtk_editable_get_text (GTK_EDITABLE (
                             find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY))), "food"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)),
                         "long reads");
  gtk_widget_activate (find_button (GTK_WIDGET (dialog), "_Rename"));
  lectern_test_wait_until (find_dialog (fixture) == NULL);
  lectern_test_wait_until (sidebar_shows_tag (fixture, "Long Reads", "3"));
  names = dup_sidebar_tags (fixture);
  g_assert_cmpstr (names, ==, "Long Reads,Sea,人工智能");
}

static void
test_rename_and_delete (void)
{
  run_test (check_rename_and_delete, TRUE);
}

static void
check_save_with_bad_tags (Fixture *fixture)
{
  GtkEditable *url = GTK_EDITABLE (fixture->window->add_entry);
  GtkEditable *tags = GTK_EDITABLE (fixture->window->add_tags_entry);
  g_autofree char *too_long = g_strnfill (LECTERN_TAG_MAX_LENGTH + 1, 'y');
  g_autofree char *typed = g_strdup_printf ("fine, %s", too_long);
  guint all = lectern_article_store_count (fixture->store, LECTERN_FILTER_ALL, NULL);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-article", NULL);
  lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->window->add_popover)));
  gtk_editable_set_text (url, "https://example.org/a-new-article");
  gtk_editable_set_text (tags, typed);
  g_signal_emit_by_name (url, "activate");

  /* Nothing is saved, and nothing typed is lost: the message names the tag at fault. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->add_error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->window->add_error_label), too_long));
  g_assert_cmpstr (gtk_editable_get_text (url), ==, "https://example.org/a-new-article");
  g_assert_cmpstr (gtk_editable_get_text (tags), ==, typed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->add_popover)));
  lectern_test_ui_settle (fixture->store);
  g_assert_cmpuint (lectern_article_store_count (fixture->store, LECTERN_FILTER_ALL, NULL), ==,
                    all);
}

static void
test_save_with_bad_tags (void)
{
  run_test (check_save_with_bad_tags, FALSE);
}

static void
test_parse_tags (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = NULL;
  g_autofree char *joined = NULL;

  tags = lectern_window_parse_tags (" News , 新闻，科技、news,, ", &error);
  g_assert_no_error (error);
  joined = g_strjoinv ("|", tags);
  g_assert_cmpstr (joined, ==, "News|新闻|科技");
  g_clear_pointer (&tags, g_strfreev);

  tags = lectern_window_parse_tags ("", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tags), ==, 0);
  g_clear_pointer (&tags, g_strfreev);

  tags = lectern_window_parse_tags ("ok, bad\x01name", &error);
  g_assert_null (tags);
  g_assert_error (error, LECTERN_TAG_ERROR, LECTERN_TAG_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/tags/parse", test_parse_tags);
  g_test_add_func ("/ui/tags/keyboard", test_tag_with_keyboard);
  g_test_add_func ("/ui/tags/choose", test_choose_tag);
  g_test_add_func ("/ui/tags/rename-and-delete", test_rename_and_delete);
  g_test_add_func ("/ui/tags/save-with-bad-tags", test_save_with_bad_tags);

  return g_test_run ();
}
