/* test-sidebar.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-article-row.h"
#include "lectern-database.h"
#include "lectern-statement.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

/* The sidebar's filter switcher: its labels stay readable whatever the counts. */

/* Fills the library with @n unread articles in one transaction, straight through SQL. */
static void
fill_library (guint n)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternStatement) stmt = NULL;
  g_autoptr (GError) error = NULL;
  LecternDatabase *db;

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  db = lectern_article_store_get_database (store);

  g_assert_true (lectern_database_begin (db, &error));
  stmt = lectern_database_prepare (db,
                                   "INSERT INTO articles (url, title, saved_at, updated_at)"
                                   " VALUES (?1, ?2, ?3, ?3)",
                                   &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++) {
    g_autofree char *url = g_strdup_printf ("https://example.com/%u", i);
    g_autofree char *title = g_strdup_printf ("Article %u", i);

    lectern_statement_bind_text (stmt, 0, url);
    lectern_statement_bind_text (stmt, 1, title);
    lectern_statement_bind_int64 (stmt, 2, 1000 + i);
    g_assert_true (lectern_statement_run (stmt, &error));
    g_assert_no_error (error);
    lectern_statement_reset (stmt);
  }
  g_clear_object (&stmt);
  g_assert_true (lectern_database_commit (db, &error));
  g_assert_no_error (error);
  lectern_article_store_close (store);
}

typedef struct {
  int         width;
  const char *count;
  const char *tooltip;
} BadgeTest;

static void
assert_full_width (GtkWidget *label)
{
  graphene_rect_t bounds;
  int natural;

  /* The natural width counts the CSS padding (the badge's pill has some), as bounds do. */
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_true (gtk_widget_compute_bounds (label, label, &bounds));
  if (graphene_rect_get_width (&bounds) < natural)
    g_error ("The label “%s” is %g pixels wide, and needs %d",
             gtk_label_get_text (GTK_LABEL (label)), graphene_rect_get_width (&bounds), natural);
}

static void
check_badge (LecternApplication *app,
             gpointer            data)
{
  const BadgeTest *test = data;
  GtkSettings *settings = gtk_settings_get_default ();
  LecternWindow *window;
  g_autofree char *layout = NULL;
  GdkSurface *surface;
  GtkLabel *badge;
  GtkLabel *title;

  /* GNOME's own title bar has a close button only; with it the window fits a phone. Set
   * before the window is made, since its first size request sets how small it can go.
   */
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", "appmenu:close", NULL);
  window = lectern_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), test->width, 700);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));
  /* The leaflet asks for its unfolded minimum until it has folded, which can keep a narrow
   * window from its first size: asked again (another height makes it a new request), the
   * window takes the width.
   */
  gtk_window_set_default_size (GTK_WINDOW (window), test->width, 701);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  lectern_test_wait_until (gdk_surface_get_width (surface) == test->width);
  lectern_test_ui_flush (GTK_WIDGET (window));

  /* The badge is the label after "Unread" in the Unread button. */
  badge = window->unread_count_label;
  title = GTK_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Unread");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (title)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (badge)));

  /* "Unread" and its count are whole, each with all the width it asks for. */
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (title)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (badge)));
  assert_full_width (GTK_WIDGET (title));
  assert_full_width (GTK_WIDGET (badge));
  g_assert_cmpstr (gtk_label_get_text (badge), ==, test->count);
  /* The exact number is a tooltip away. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (badge)), ==, test->tooltip);

  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

static void
test_large_unread_count (void)
{
  static const BadgeTest wide = { 1100, "99k+", "100000 unread articles" };
  static const BadgeTest narrow = { 360, "99k+", "100000 unread articles" };

  fill_library (100000);
  lectern_test_ui_run (check_badge, (gpointer)&wide);
  lectern_test_ui_run (check_badge, (gpointer)&narrow);
}

static void
test_thousands (void)
{
  static const BadgeTest narrow = { 360, "1.2k", "1234 unread articles" };
  static const BadgeTest wide = { 1100, "1.2k", "1234 unread articles" };

  fill_library (1234);
  lectern_test_ui_run (check_badge, (gpointer)&narrow);
  lectern_test_ui_run (check_badge, (gpointer)&wide);
}

/* An excerpt is one paragraph in its row, so its two lines are all the row shows of it. */
static void
test_excerpt_one_paragraph (void)
{
  g_autoptr (GString) long_excerpt = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_autofree char *cut = NULL;

  shown = lectern_article_row_dup_excerpt_text ("First paragraph.\n\n  Second\tparagraph,"
                                                "\u2029third.\r\n");
  g_assert_cmpstr (shown, ==, "First paragraph. Second paragraph, third.");
  g_clear_pointer (&shown, g_free);
  shown = lectern_article_row_dup_excerpt_text ("\n 大模型也开始免费开放 \n");
  g_assert_cmpstr (shown, ==, "大模型也开始免费开放");

  for (guint i = 0; i < 1000; i++)
    g_string_append (long_excerpt, "模型 ");
  cut = lectern_article_row_dup_excerpt_text (long_excerpt->str);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), <=, 240);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), >=, 200);
  g_assert_true (g_str_has_prefix (cut, "模型 模型"));
}

typedef struct {
  GtkTextDirection direction;
  gboolean         starred;
} RowTest;

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
  return bounds;
}

static void
assert_two_lines (GtkWidget *label)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));

  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_cmpint (pango_layout_get_line_count (layout), ==, 2);
  g_assert_true (pango_layout_is_ellipsized (layout));
}

/* A row lays out the unread dot, the text and the star itself: the text takes all the
 * width between them (mirrored right to left), two lines each of title and excerpt.
 */
static void
check_row_layout (LecternApplication *app,
                  gpointer            data)
{
  const RowTest *test = data;
  g_autoptr (LecternArticle) article = lectern_article_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = lectern_article_row_new ();
  GtkWidget *dot, *column, *star, *title, *excerpt;
  graphene_rect_t row_box, dot_box, column_box, star_box, excerpt_box;
  int width;

  for (guint i = 0; i < 40; i++)
    g_string_append (text, i % 2 ? "大模型也开始免费开放 " : "a long line of words ");
  lectern_article_set_url (article, "https://example.com/a");
  lectern_article_set_title (article, text->str);
  lectern_article_set_excerpt (article, text->str);
  lectern_article_set_starred (article, test->starred);
  lectern_article_set_save_state (article, LECTERN_SAVE_STATE_SAVED);
  lectern_article_row_set_article (LECTERN_ARTICLE_ROW (row), article);
  gtk_widget_set_direction (row, test->direction);

  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_set_default_size (GTK_WINDOW (window), 320, 10);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (window);

  dot = gtk_widget_get_first_child (row);
  column = gtk_widget_get_next_sibling (dot);
  star = gtk_widget_get_next_sibling (column);
  title = gtk_widget_get_first_child (column);
  excerpt = gtk_widget_get_prev_sibling (gtk_widget_get_last_child (column));
  g_assert_true (GTK_IS_LABEL (title));
  g_assert_true (GTK_IS_LABEL (excerpt));
  g_assert_true (gtk_widget_get_mapped (dot));
  g_assert_cmpint (gtk_widget_get_mapped (star), ==, test->starred);

  assert_two_lines (title);
  assert_two_lines (excerpt);

  /* Children are placed in the row's content box, which starts at 0, 0. */
  width = gtk_widget_get_width (row);
  row_box = bounds_in (row, row);
  dot_box = bounds_in (dot, row);
  column_box = bounds_in (column, row);
  excerpt_box = bounds_in (excerpt, row);
  g_assert_cmpfloat (dot_box.size.width, >, 0);
  /* The text's last line is inside the row, and nothing overlaps. */
  g_assert_cmpfloat (excerpt_box.origin.y + excerpt_box.size.height, <=,
                     gtk_widget_get_height (row));
  g_assert_cmpfloat (row_box.size.width, >=, width);

  if (test->direction == GTK_TEXT_DIR_RTL) {
    g_assert_cmpfloat (dot_box.origin.x + dot_box.size.width, ==, width);
    g_assert_cmpfloat (dot_box.origin.x, ==, column_box.origin.x + column_box.size.width + 10);
  } else {
    g_assert_cmpfloat (dot_box.origin.x, ==, 0);
    g_assert_cmpfloat (column_box.origin.x, ==, dot_box.size.width + 10);
  }

  if (test->starred) {
    star_box = bounds_in (star, row);
    g_assert_cmpfloat (star_box.size.width, >, 0);
    if (test->direction == GTK_TEXT_DIR_RTL) {
      g_assert_cmpfloat (star_box.origin.x, ==, 0);
      g_assert_cmpfloat (column_box.origin.x, ==, star_box.size.width + 10);
    } else {
      g_assert_cmpfloat (star_box.origin.x + star_box.size.width, ==, width);
      g_assert_cmpfloat (star_box.origin.x, ==, column_box.origin.x + column_box.size.width + 10);
    }
  } else {
    /* Without a star, the text goes to the row's edge. */
    if (test->direction == GTK_TEXT_DIR_RTL)
      g_assert_cmpfloat (column_box.origin.x, ==, 0);
    else
      g_assert_cmpfloat (column_box.origin.x + column_box.size.width, ==, width);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_row_layout (void)
{
  static const RowTest tests[] = {
    { GTK_TEXT_DIR_LTR, TRUE },
    { GTK_TEXT_DIR_LTR, FALSE },
    { GTK_TEXT_DIR_RTL, TRUE },
    { GTK_TEXT_DIR_RTL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    lectern_test_ui_run (check_row_layout, (gpointer)&tests[i]);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/sidebar/large-unread-count", test_large_unread_count);
  g_test_add_func ("/ui/sidebar/thousands", test_thousands);
  g_test_add_func ("/ui/sidebar/excerpt-one-paragraph", test_excerpt_one_paragraph);
  g_test_add_func ("/ui/sidebar/row-layout", test_row_layout);

  return g_test_run ();
}
