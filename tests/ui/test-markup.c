/* test-markup.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>

/* Toasts, status page descriptions and preference rows read their text as Pango markup.
 * Titles, addresses, file names and error messages come from the web or the disk: each
 * must show as the very text it is, never as markup, a warning or a link.
 */

static const char * const titles[] = {
  "Fish & Chips",
  "<b>bold</b>",
  "<a href=\"https://evil.example/\">Click here</a>",
  "&amp;",
  "%s%n",
};

/* The label under @widget whose markup is @markup, or %NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *markup)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), markup) == 0)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkLabel *found = find_label (child, markup);

    if (found)
      return found;
  }
  return NULL;
}

/* The first label under @widget whose shown text contains @text, or %NULL. */
static GtkLabel *
find_label_showing (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkLabel *found = find_label_showing (child, text);

    if (found)
      return found;
  }
  return NULL;
}

/* Whether the toast that holds @label has slid all the way in: its show animation is over,
 * and taking it down now is what a user does. The toast rises from below the overlay until
 * its bottom margin touches the overlay's bottom edge.
 */
static gboolean
toast_shown (LecternWindow *window,
             GtkLabel      *label)
{
  GtkWidget *overlay = GTK_WIDGET (window->toast_overlay);
  GtkWidget *toast = GTK_WIDGET (label);
  graphene_rect_t bounds;
  GtkBorder margin;

  if (!label || !gtk_widget_get_mapped (toast))
    return FALSE;
  while (gtk_widget_get_parent (toast) != overlay)
    toast = gtk_widget_get_parent (toast);
  if (!gtk_widget_compute_bounds (toast, overlay, &bounds) || bounds.size.height <= 0)
    return FALSE;
  gtk_style_context_get_margin (gtk_widget_get_style_context (toast), &margin);
  return fabs (bounds.origin.y + bounds.size.height + margin.bottom -
               gtk_widget_get_height (overlay)) < 0.5;
}

/* The text a user reads in @label is @text, and the label holds no link. */
static void
assert_label_shows (GtkLabel   *label,
                    const char *text)
{
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  if (gtk_label_get_use_markup (label))
    g_assert_null (strstr (gtk_label_get_label (label), "<a"));
}

static LecternArticle *
get_article (LecternArticleStore *store,
             gint64               id)
{
  g_autoptr (GError) error = NULL;
  LecternArticle *article = lectern_article_store_get (store, id, &error);

  g_assert_no_error (error);
  return article;
}

typedef struct {
  gint64 ids[G_N_ELEMENTS (titles)];
  gint64 failed;
} Library;

static const char failed_error[] =
  "Could not reach fish&chips.example <a href=\"https://evil.example/\">Click here</a>";

static void
article_toasts (LecternApplication *app,
                gpointer            data)
{
  Library *library = data;
  LecternArticleStore *store = lectern_application_get_store (app);
  LecternWindow *window = lectern_window_new (app);
  GSettings *settings = lectern_application_get_settings (app);
  GtkLabel *label;

  g_settings_set_string (settings, "after-archive", "stay");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++) {
    g_autoptr (LecternArticle) archived = NULL;
    g_autofree char *shown = g_strdup_printf ("“%s” deleted", titles[i]);
    AdwToast *toast;

    lectern_window_show_article (window, library->ids[i]);
    g_assert_cmpint (lectern_window_get_current_article (window), ==, library->ids[i]);
    g_assert_cmpstr (adw_window_title_get_title (window->content_title), ==, titles[i]);

    /* Archiving says nothing in a toast, but goes through the same window. */
    gtk_widget_activate_action (GTK_WIDGET (window), "article.archive", NULL);
    lectern_test_ui_settle (store);
    archived = get_article (store, library->ids[i]);
    g_assert_true (lectern_article_get_archived (archived));

    gtk_widget_activate_action (GTK_WIDGET (window), "article.delete", NULL);
    lectern_test_ui_settle (store);
    g_assert_cmpuint (window->undo_toasts->len, ==, 1);
    toast = g_ptr_array_index (window->undo_toasts, 0);

    /* The toast's title is markup that reads as the title, and the label shows that. */
    lectern_test_wait_until (toast_shown (window, find_label (GTK_WIDGET (window->toast_overlay),
                                                              adw_toast_get_title (toast))));
    label = find_label (GTK_WIDGET (window->toast_overlay), adw_toast_get_title (toast));
    assert_label_shows (label, shown);

    adw_toast_dismiss (toast);
    lectern_test_wait_until (window->undo_toasts->len == 0 &&
                             !find_label_showing (GTK_WIDGET (window->toast_overlay), "deleted"));
    lectern_test_ui_settle (store);
  }

  /* An article that could not be saved says why, in its own words. */
  lectern_window_show_article (window, library->failed);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "failed");
  label = find_label_showing (GTK_WIDGET (window->failed_status), "Could not reach");
  assert_label_shows (label, failed_error);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_article_toasts (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) failed = NULL;
  g_autoptr (GError) error = NULL;
  Library library = { 0, };

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++) {
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *url = g_strdup_printf ("https://example.org/%u", i);

    article = lectern_test_article_new (titles[i], url, "<p>Words.</p>");
    library.ids[i] = lectern_article_store_add (store, article, &error);
    g_assert_no_error (error);
  }
  failed = lectern_test_article_new ("Fish & Chips, not saved", "https://example.org/fish&chips",
                                     "");
  lectern_article_set_save_state (failed, LECTERN_SAVE_STATE_FAILED);
  lectern_article_set_save_error (failed, failed_error);
  library.failed = lectern_article_store_add (store, failed, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (article_toasts, &library);
}

typedef struct {
  SoupServer *server;
  char       *base;
  char       *dir;
} Failures;

static void
not_found_handler (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The toast's close button under @widget, as a user sees it. */
static GtkWidget *
find_close_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkWidget *found = find_close_button (child);

    if (found)
      return found;
  }
  return NULL;
}

/* Saves with lectern_window_save_url() or lectern_window_save_file() and checks the toast
 * that says it failed, then closes it as a user does.
 */
static void
expect_save_toast (LecternWindow *window,
                   const char    *url,
                   GFile         *file,
                   const char    *shown)
{
  GtkWidget *overlay = GTK_WIDGET (window->toast_overlay);
  GtkLabel *label;
  GtkWidget *toast;

  if (url)
    lectern_window_save_url (window, url);
  else
    lectern_window_save_file (window, file);

  lectern_test_wait_until (toast_shown (window, find_label_showing (overlay,
                                                                    "could not be saved")));
  label = find_label_showing (overlay, "could not be saved");
  assert_label_shows (label, shown);

  toast = GTK_WIDGET (label);
  while (gtk_widget_get_parent (toast) != overlay)
    toast = gtk_widget_get_parent (toast);
  g_signal_emit_by_name (find_close_button (toast), "clicked");
  lectern_test_wait_until (!find_label_showing (overlay, "could not be saved"));
}

static void
save_failures (LecternApplication *app,
               gpointer            data)
{
  Failures *failures = data;
  LecternWindow *window = lectern_window_new (app);
  g_autofree char *url = g_strdup_printf ("%sfish&chips/%%3Cb%%3Ebold%%3C/b%%3E?a=1&amp;",
                                          failures->base);
  g_autofree char *shown = g_strdup_printf ("“%s” could not be saved: The server answered 404 "
                                            "Not Found", url);
  const char *name = "Fish & Chips <b>bold<b> &amp;.html";
  g_autofree char *path = g_build_filename (failures->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *file_shown = g_strdup_printf ("“%s” could not be saved: The file “%s” is "
                                                 "empty", name, name);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  expect_save_toast (window, url, NULL, shown);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  expect_save_toast (window, NULL, file, file_shown);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_save_failures (void)
{
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  Failures failures = { 0, };

  failures.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (failures.server, NULL, not_found_handler, &failures, NULL);
  soup_server_listen_local (failures.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (failures.server);
  failures.base = g_uri_to_string (uris->data);
  failures.dir = lectern_test_make_tmpdir ();

  lectern_test_ui_reset_library ();
  lectern_test_ui_run (save_failures, &failures);

  lectern_test_rm_rf (failures.dir);
  soup_server_disconnect (failures.server);
  g_clear_object (&failures.server);
  g_free (failures.base);
  g_free (failures.dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/markup/article-toasts", test_article_toasts);
  g_test_add_func ("/ui/markup/save-failures", test_save_failures);

  return g_test_run ();
}
