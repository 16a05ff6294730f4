/* test-search.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-row.h"
#include "lectern-database.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <math.h>

/* Searching the library from the sidebar, as a user types: the rows that match with the
 * words in bold, in English and in Chinese; a search that finds nothing says so; Escape
 * gives the list back as it was.
 */

/* Articles besides the four below, so the list scrolls. */
#define N_FILLERS 40

typedef struct {
  LecternApplication  *app;
  LecternWindow       *window;
  LecternArticleStore *store;
  gint64               lighthouse;
  gint64               bread;
  gint64               garden;
  gint64               chinese;
  guint                keys_released;
} Fixture;

typedef void (*FixtureFunc) (Fixture *fixture);

static gint64
add_article (LecternArticleStore *store,
             const char          *title,
             const char          *url,
             const char          *text,
             gint64               saved_at)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *body = g_strdup_printf ("<p>%s</p>", escaped);
  g_autoptr (LecternArticle) article = lectern_test_article_new (title, url, body);
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_article_set_plain_text (article, text);
  lectern_article_set_excerpt (article, "An excerpt that a search replaces with a snippet.");
  lectern_article_set_saved_at (article, saved_at * G_USEC_PER_SEC);
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
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
fixture_fill (Fixture *fixture)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) chinese = NULL;
  g_autoptr (GError) error = NULL;

  lectern_test_ui_reset_library ();
  reset_settings ();
  store = lectern_test_ui_open_library ();

  for (guint i = 0; i < N_FILLERS; i++) {
    g_autofree char *title = g_strdup_printf ("Filler article %u", i);
    g_autofree char *url = g_strdup_printf ("https://example.org/filler/%u", i);

    add_article (store, title, url, "Nothing much happens in this one, on purpose.", 1000 + i);
  }
  fixture->garden = add_article (store, "A Garden in Winter", "https://example.org/garden",
                                 "The beds sleep under straw until March, and the robin "
                                 "keeps the gardener company.", 2000);
  /* Text that looks like markup is text: a search shows it as it is written. */
  fixture->bread = add_article (store, "Bread at Home", "https://example.org/bread",
                                "A sourdough starter <b>needs</b> flour & water, fed "
                                "every day like a pet.", 2001);
  fixture->lighthouse = add_article (store, "The Lighthouse Notebooks",
                                     "https://example.org/lighthouse",
                                     "The keeper wrote every evening what the sea had done "
                                     "that day, by the light of the lighthouse lamp.", 2002);
  chinese = lectern_test_ui_seed_article_new ();
  fixture->chinese = lectern_article_store_add (store, chinese, &error);
  g_assert_no_error (error);
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
run_test (gconstpointer data)
{
  Fixture fixture = { 0, };
  Run run = { &fixture, (FixtureFunc)data };

  fixture_fill (&fixture);
  lectern_test_ui_run (fixture_activate, &run);
}

static guint
n_items (Fixture *fixture)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);

  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static gint64
item_id (Fixture *fixture,
         guint    position)
{
  LecternArticleList *list = lectern_window_get_article_list (fixture->window);
  g_autoptr (LecternArticle) article = g_list_model_get_item (G_LIST_MODEL (list), position);

  return article ? lectern_article_get_id (article) : 0;
}

/* Whether the list shows exactly the one article @id. */
static gboolean
shows_only (Fixture *fixture,
            gint64   id)
{
  return n_items (fixture) == 1 && item_id (fixture, 0) == id;
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

/* Runs xdotool, then waits until the window has had the @n_keys keys it typed. */
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

/* Gives the window the X server's keyboard focus, for real key presses. */
static gboolean
focus_for_keys (Fixture    *fixture,
                const char *title)
{
  GtkEventController *keys;
  g_autofree char *arguments = NULL;

  if (!have_xdotool (GTK_WIDGET (fixture->window)))
    return FALSE;

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb),
                    &fixture->keys_released);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);

  gtk_window_set_title (GTK_WINDOW (fixture->window), title);
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (fixture->window)));
  arguments = g_strdup_printf ("search --sync --name '^%s$' windowfocus --sync", title);
  xdotool (fixture, arguments, 0);
  lectern_test_wait_until (gtk_window_is_active (GTK_WINDOW (fixture->window)));
  return TRUE;
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static LecternArticleRow *
find_row (GtkWidget *widget,
          gint64     id)
{
  if (LECTERN_IS_ARTICLE_ROW (widget)) {
    LecternArticle *article = lectern_article_row_get_article (LECTERN_ARTICLE_ROW (widget));

    if (article && lectern_article_get_id (article) == id)
      return LECTERN_ARTICLE_ROW (widget);
  }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    LecternArticleRow *row = find_row (child, id);

    if (row)
      return row;
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

/* The snippet the row of article @id shows, once the list has laid the row out. */
static GtkLabel *
wait_snippet_label (Fixture *fixture,
                    gint64   id)
{
  GtkWidget *list_view = GTK_WIDGET (fixture->window->list_view);
  LecternArticleRow *row = NULL;
  GtkLabel *label = NULL;

  lectern_test_wait_until ((row = find_row (list_view, id)) &&
                           (label = find_label_with_class (GTK_WIDGET (row), "snippet")) &&
                           gtk_widget_get_mapped (GTK_WIDGET (label)));
  return label;
}

/* Whether @label shows @word in bold, and nothing else in bold. */
static gboolean
shows_in_bold (GtkLabel   *label,
               const char *word)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  PangoAttrList *layout_attributes = pango_layout_get_attributes (layout);
  const char *text = pango_layout_get_text (layout);
  PangoAttrIterator *iterator;
  gboolean found = FALSE;
  gboolean other = FALSE;

  g_assert_nonnull (layout_attributes);
  iterator = pango_attr_list_get_iterator (layout_attributes);
  do {
    PangoAttribute *weight = pango_attr_iterator_get (iterator, PANGO_ATTR_WEIGHT);
    int start, end;

    pango_attr_iterator_range (iterator, &start, &end);
    if (weight && ((PangoAttrInt *)weight)->value >= PANGO_WEIGHT_BOLD && end > start) {
      g_autofree char *bold = g_strndup (text + start, MIN ((gsize)end, strlen (text)) - start);
      g_autofree char *folded = g_utf8_casefold (bold, -1);
      g_autofree char *wanted = g_utf8_casefold (word, -1);

      if (g_str_equal (folded, wanted))
        found = TRUE;
      else if (!strstr (folded, wanted))
        other = TRUE;
    }
  } while (pango_attr_iterator_next (iterator));
  pango_attr_iterator_destroy (iterator);
  return found && !other;
}

static void
open_search (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->window->search_entry)) &&
                           has_focus_within (GTK_WIDGET (fixture->window->search_entry)));
}

static void
search_for (Fixture    *fixture,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->window->search_entry), text);
}

static void
check_english (Fixture *fixture)
{
  GtkLabel *snippet;
  guint all = n_items (fixture);
  g_autofree char *text = NULL;

  g_assert_cmpuint (all, ==, N_FILLERS + 4);

  if (!focus_for_keys (fixture, "lectern-search-english")) {
    g_test_skip ("Real key presses need xdotool and an X display");
    return;
  }

  /* Ctrl+K, then the first letters of a word: the article with it, at once. */
  /* Two keys: the K and the Ctrl are both let go. */
  xdotool (fixture, "key ctrl+k", 2);
  lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->window->search_entry)) &&
                           has_focus_within (GTK_WIDGET (fixture->window->search_entry)));
  xdotool (fixture, "type lighth", 6);
  lectern_test_wait_until (shows_only (fixture, fixture->lighthouse));

  /* The row says where the word is, in bold. */
  snippet = wait_snippet_label (fixture, fixture->lighthouse);
  text = g_utf8_casefold (gtk_label_get_text (snippet), -1);
  g_assert_nonnull (strstr (text, "lighthouse lamp"));
  g_assert_true (shows_in_bold (snippet, "lighthouse"));

  /* Text in the article that looks like markup shows as written. */
  xdotool (fixture, "key ctrl+a", 2);
  xdotool (fixture, "type sourdough", 9);
  lectern_test_wait_until (shows_only (fixture, fixture->bread));
  snippet = wait_snippet_label (fixture, fixture->bread);
  g_assert_nonnull (strstr (gtk_label_get_text (snippet), "<b>needs</b> flour & water"));
  g_assert_true (shows_in_bold (snippet, "sourdough"));

  /* Enter reads the best match. */
  xdotool (fixture, "key Return", 1);
  lectern_test_wait_until (lectern_window_get_current_article (fixture->window) ==
                           fixture->bread);

  /* The search ends with Escape, and the list is whole again. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->search_entry));
  xdotool (fixture, "key Escape", 1);
  g_assert_false (gtk_search_bar_get_search_mode (fixture->window->search_bar));
  lectern_test_wait_until (n_items (fixture) == all);
}

static void
test_english (void)
{
  run_test (check_english);
}

static void
check_chinese (Fixture *fixture)
{
  GtkLabel *snippet;

  open_search (fixture);
  /* Chinese comes through an input method, which commits whole words into the entry. */
  search_for (fixture, "模型");
  lectern_test_wait_until (shows_only (fixture, fixture->chinese));
  snippet = wait_snippet_label (fixture, fixture->chinese);
  g_assert_nonnull (strstr (gtk_label_get_text (snippet), "模型"));
  g_assert_true (shows_in_bold (snippet, "模型"));

  /* One character finds it too. */
  search_for (fixture, "模");
  lectern_test_wait_until (shows_only (fixture, fixture->chinese));
}

static void
test_chinese (void)
{
  run_test (check_chinese);
}

static void
check_no_results (Fixture *fixture)
{
  const char *query = "<i>zebra</i> & “quokka”";
  g_autofree char *expected = NULL;
  g_autofree char *escaped = NULL;

  open_search (fixture);
  search_for (fixture, query);
  lectern_test_wait_until (n_items (fixture) == 0);

  /* It says so, with the query exactly as typed: never as markup. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sidebar_stack), ==,
                   "empty");
  g_assert_cmpstr (adw_status_page_get_title (fixture->window->empty_status), ==, "No Results");
  escaped = g_markup_escape_text (query, -1);
  expected = g_strdup_printf ("No articles match “%s”", escaped);
  g_assert_cmpstr (adw_status_page_get_description (fixture->window->empty_status), ==,
                   expected);
  g_assert_false (gtk_widget_get_visible (fixture->window->empty_add_button));

  /* Hostile queries are queries: the worst they do is find nothing. */
  search_for (fixture, "NEAR( \" * AND - -");
  lectern_test_wait_until (n_items (fixture) == 0 && g_str_has_prefix (
                             adw_status_page_get_description (fixture->window->empty_status),
                             "No articles match “NEAR("));

  /* Something that matches again: the rows come back. */
  search_for (fixture, "garden");
  lectern_test_wait_until (shows_only (fixture, fixture->garden));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->sidebar_stack), ==,
                   "list");
}

static void
test_no_results (void)
{
  run_test (check_no_results);
}

/* While the index of a library from an older Lectern is built, the search says how far it
 * got, and that what is not indexed yet is not found; the line goes once it is built.
 */
static void
check_index_progress (Fixture *fixture)
{
  LecternDatabase *db = lectern_article_store_get_database (fixture->store);
  GtkWidget *label = GTK_WIDGET (fixture->window->index_label);
  g_autoptr (GError) error = NULL;

  open_search (fixture);
  search_for (fixture, "garden");
  lectern_test_wait_until (shows_only (fixture, fixture->garden));
  g_assert_false (gtk_widget_get_visible (label));

  /* The library as a migration leaves it: an empty index, every article waiting. */
  g_assert_true (lectern_database_exec (db,
                                        "INSERT INTO search (search) VALUES ('delete-all');"
                                        "INSERT INTO search_backlog (id, done_id, last_id, done,"
                                        "  total)"
                                        " SELECT 1, 0, max (id), 0, count (*) FROM articles",
                                        &error));
  g_assert_no_error (error);
  g_object_notify (G_OBJECT (fixture->store), "index-progress");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Preparing search: 0% of the library is indexed. Articles not indexed yet "
                   "are not found.");

  /* Closed, the search says nothing; opened again, it does. */
  gtk_search_bar_set_search_mode (fixture->window->search_bar, FALSE);
  g_assert_false (gtk_widget_get_visible (label));
  open_search (fixture);
  g_assert_true (gtk_widget_get_visible (label));

  lectern_test_build_index (fixture->store);
  g_assert_false (gtk_widget_get_visible (label));
  search_for (fixture, "garden");
  lectern_test_wait_until (shows_only (fixture, fixture->garden));
}

static void
check_escape_restores (Fixture *fixture)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
    fixture->window->list_scroller);
  gint64 middle = item_id (fixture, 20);
  guint all = n_items (fixture);
  double scrolled;

  /* An article on display, and the list scrolled part way down. */
  lectern_window_show_article (fixture->window, middle);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));
  lectern_test_wait_until (gtk_adjustment_get_upper (adjustment) -
                           gtk_adjustment_get_page_size (adjustment) > 300);
  gtk_adjustment_set_value (adjustment, 300);
  /* The list measures the rows it scrolled to, and settles near there. */
  lectern_test_ui_flush (GTK_WIDGET (fixture->window->list_view));
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 200);

  open_search (fixture);
  search_for (fixture, "robin");
  lectern_test_wait_until (shows_only (fixture, fixture->garden));
  g_assert_cmpuint (gtk_single_selection_get_selected (fixture->window->selection), ==,
                    GTK_INVALID_LIST_POSITION);

  /* Escape: the whole list, the same article selected, scrolled where it was. */
  g_signal_emit_by_name (fixture->window->search_entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (fixture->window->search_bar));
  lectern_test_wait_until (n_items (fixture) == all);
  lectern_test_wait_until (gtk_single_selection_get_selected (fixture->window->selection) == 20);
  g_assert_cmpint (lectern_window_get_current_article (fixture->window), ==, middle);
  lectern_test_wait_until (fabs (gtk_adjustment_get_value (adjustment) - scrolled) <= 2);
  g_assert_true (has_focus_within (GTK_WIDGET (fixture->window->list_view)));
  /* The entry starts empty next time. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->search_entry)), ==, "");
}

static void
test_escape_restores (void)
{
  run_test (check_escape_restores);
}

static void
check_type_to_search (Fixture *fixture)
{
  gint64 first;

  if (!focus_for_keys (fixture, "lectern-type-to-search")) {
    g_test_skip ("Real key presses need xdotool and an X display");
    return;
  }

  /* j in the list still goes to the next article: it is the list's key, not a search. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "key j", 1);
  first = item_id (fixture, 0);
  lectern_test_wait_until (lectern_window_get_current_article (fixture->window) == first);
  g_assert_false (gtk_search_bar_get_search_mode (fixture->window->search_bar));

  /* Another letter typed in the list starts a search with it. */
  gtk_widget_grab_focus (GTK_WIDGET (fixture->window->list_view));
  xdotool (fixture, "type robi", 4);
  lectern_test_wait_until (gtk_search_bar_get_search_mode (fixture->window->search_bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->window->search_entry)), ==,
                   "robi");
  lectern_test_wait_until (shows_only (fixture, fixture->garden));

  /* Down goes to the results. */
  xdotool (fixture, "key Down", 1);
  g_assert_true (has_focus_within (GTK_WIDGET (fixture->window->list_view)));
}

static void
test_type_to_search (void)
{
  run_test (check_type_to_search);
}

static void
resize (Fixture *fixture,
        int      width,
        int      height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));
  /* A leaflet that has not folded yet asks for its wide minimum: asked again, the window
   * takes the width.
   */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height + 1);
  lectern_test_wait_until (gdk_surface_get_width (surface) == width);
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));
  lectern_test_ui_flush (GTK_WIDGET (fixture->window));
}

static void
take_screenshot (Fixture    *fixture,
                 const char *dir,
                 const char *name,
                 int         width,
                 int         height)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  resize (fixture, width, height);
  lectern_test_ui_screenshot (GTK_WIDGET (fixture->window), path);
  g_test_message ("Wrote %s", path);
}

static void
check_screenshots (Fixture *fixture)
{
  const char *dir = g_getenv ("LECTERN_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct {
    const char *query;
    const char *name;
  } shots[] = {
    { "lighthouse", "search-english" },
    { "模型", "search-chinese" },
    { "quokka", "search-none" },
  };

  static const char * const sea[] = { "Sea", "Stories", NULL };
  static const char * const ai[] = { "人工智能", "Stories", NULL };
  static const char * const bread[] = { "Kitchen", NULL };

  g_assert_true (lectern_article_store_set_tags (fixture->store, fixture->lighthouse, sea, NULL));
  g_assert_true (lectern_article_store_set_tags (fixture->store, fixture->chinese, ai, NULL));
  g_assert_true (lectern_article_store_set_tags (fixture->store, fixture->bread, bread, NULL));
  lectern_test_ui_settle (fixture->store);

  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  lectern_window_show_article (fixture->window, fixture->lighthouse);
  for (guint dark = 0; dark < 2; dark++) {
    adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                    : ADW_COLOR_SCHEME_FORCE_LIGHT);
    for (guint i = 0; i < G_N_ELEMENTS (shots); i++) {
      g_autofree char *wide = g_strdup_printf ("%s%s.png", shots[i].name, dark ? "-dark" : "");
      g_autofree char *narrow = g_strdup_printf ("%s-narrow%s.png", shots[i].name,
                                                 dark ? "-dark" : "");

      open_search (fixture);
      search_for (fixture, shots[i].query);
      if (i == 0) {
        lectern_test_wait_until (shows_only (fixture, fixture->lighthouse));
        wait_snippet_label (fixture, fixture->lighthouse);
      } else if (i == 1) {
        lectern_test_wait_until (shows_only (fixture, fixture->chinese));
        wait_snippet_label (fixture, fixture->chinese);
      } else {
        lectern_test_wait_until (n_items (fixture) == 0);
      }
      take_screenshot (fixture, dir, wide, 1100, 700);
      resize (fixture, 360, 700);
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
      lectern_test_wait_until (!adw_leaflet_get_child_transition_running (
                                 fixture->window->leaflet));
      take_screenshot (fixture, dir, narrow, 360, 700);
      resize (fixture, 1100, 700);
    }

    /* The article's tags, in their popover. */
    g_signal_emit_by_name (fixture->window->search_entry, "stop-search");
    lectern_window_show_article (fixture->window, fixture->lighthouse);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "article.tags", NULL);
    lectern_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->window->tag_popover)));
    gtk_editable_set_text (GTK_EDITABLE (lectern_tag_popover_get_entry (
                             fixture->window->tag_popover)), "ki");
    {
      g_autofree char *name = g_strdup_printf ("tags-popover%s.png", dark ? "-dark" : "");
      g_autofree char *path = g_build_filename (dir, name, NULL);

      /* A popover is a surface of its own: it is not in the window's picture. */
      take_screenshot (fixture, dir, "tags-window.png", 1100, 700);
      lectern_test_ui_flush (GTK_WIDGET (fixture->window->tag_popover));
      lectern_test_ui_screenshot (GTK_WIDGET (fixture->window->tag_popover), path);
    }
    gtk_popover_popdown (GTK_POPOVER (fixture->window->tag_popover));
  }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_index_progress (void)
{
  run_test (check_index_progress);
}

static void
test_screenshots (void)
{
  if (!g_getenv ("LECTERN_SCREENSHOT_DIR")) {
    g_test_skip ("Set LECTERN_SCREENSHOT_DIR to write the screenshots");
    return;
  }
  run_test (check_screenshots);
}

static void
test_snippet_markup (void)
{
  static const struct {
    const char *snippet;
    const char *markup;
  } cases[] = {
    { "plain", "plain" },
    { "a \xee\x80\x80word\xee\x80\x81 here", "a <b>word</b> here" },
    { "<b>&amp;</b> \xee\x80\x80x\xee\x80\x81", "&lt;b&gt;&amp;amp;&lt;/b&gt; <b>x</b>" },
    /* Marks that do not pair up never make markup that does not parse. */
    { "\xee\x80\x81stray end", "stray end" },
    { "open \xee\x80\x80to the end", "open <b>to the end</b>" },
    { "\xee\x80\x80" "a\xee\x80\x80" "b\xee\x80\x81" "c\xee\x80\x81", "<b>ab</b>c" },
    { "bad \xff utf-8", "bad \xef\xbf\xbd utf-8" },
    /* A match far into the snippet: the row starts a little before it, at a word. */
    { "The keeper wrote every evening what the sea had done that day, by the light of the "
      "\xee\x80\x80lighthouse\xee\x80\x81 lamp.",
      "…day, by the light of the <b>lighthouse</b> lamp." },
    { "以小博大、逆袭吊打,曾是修仙爽文、微短剧里让人上头却略显荒诞的剧情,而今,DeepSeek让它在真实"
      "世界里发生了。大\xee\x80\x80模型\xee\x80\x81也开始免费开放",
      "…荒诞的剧情,而今,DeepSeek让它在真实世界里发生了。大<b>模型</b>也开始免费开放" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *markup = lectern_article_row_dup_snippet_markup (cases[i].snippet);

    g_assert_cmpstr (markup, ==, cases[i].markup);
    g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/search/snippet-markup", test_snippet_markup);
  g_test_add_func ("/ui/search/english", test_english);
  g_test_add_func ("/ui/search/chinese", test_chinese);
  g_test_add_func ("/ui/search/no-results", test_no_results);
  g_test_add_func ("/ui/search/escape-restores", test_escape_restores);
  g_test_add_func ("/ui/search/index-progress", test_index_progress);
  g_test_add_func ("/ui/search/type-to-search", test_type_to_search);
  g_test_add_func ("/ui/search/screenshots", test_screenshots);

  return g_test_run ();
}
