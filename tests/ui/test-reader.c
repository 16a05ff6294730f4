/* test-reader.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The reader's own defences, behind the sanitizer: these bodies are written into the library
 * directly, as if the sanitizer had missed something. Nothing in them may run, load from
 * the network, or take the view away from the article.
 */

typedef struct {
  SoupServer *server;
  char       *base;
  guint       requests;
  gint64      id;
  /* Where the page tried to take the view: every navigation the reader decided on. */
  GPtrArray  *navigations;
  /* What the reader handed to the browser. */
  char       *opened;
} Hostile;

static void
count_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Hostile *hostile = user_data;

  hostile->requests++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "x", 1);
}

/* Takes the place of the browser: the link the reader clicked is only noted. */
static gboolean
activate_link_cb (LecternReaderView *reader,
                  const char        *uri,
                  Hostile           *hostile)
{
  g_free (hostile->opened);
  hostile->opened = g_strdup (uri);
  return TRUE;
}

/* Sees every navigation decision of a web view, before any handler makes it. */
static gboolean
decide_policy_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  Hostile *hostile = data;
  WebKitPolicyDecision *decision = g_value_get_object (&values[1]);
  WebKitPolicyDecisionType type = g_value_get_enum (&values[2]);
  WebKitNavigationAction *action;
  WebKitURIRequest *request;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return TRUE;

  action = webkit_navigation_policy_decision_get_navigation_action (
      WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  g_ptr_array_add (hostile->navigations, g_strdup (webkit_uri_request_get_uri (request)));
  return TRUE;
}

/* Whether the reader has decided on a navigation to @path of the server. */
static gboolean
navigation_decided (Hostile    *hostile,
                    const char *path)
{
  g_autofree char *uri = g_strconcat (hostile->base, path, NULL);

  for (guint i = 0; i < hostile->navigations->len; i++)
    if (g_str_equal (g_ptr_array_index (hostile->navigations, i), uri))
      return TRUE;
  return FALSE;
}

static void
hostile_reader (LecternApplication *app,
                gpointer            data)
{
  Hostile *hostile = data;
  LecternWindow *window = lectern_window_new (app);
  WebKitWebView *web_view;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *script = NULL;
  g_autofree char *image = NULL;
  guint hook_id;
  guint signal_id = g_signal_lookup ("decide-policy", WEBKIT_TYPE_WEB_VIEW);
  double width;

  hook_id = g_signal_add_emission_hook (signal_id, 0, decide_policy_hook, hostile, NULL);
  g_signal_connect (lectern_window_get_reader_view (window), "activate-link",
                    G_CALLBACK (activate_link_cb), hostile);
  gtk_window_present (GTK_WINDOW (window));
  lectern_window_show_article (window, hostile->id);
  web_view = lectern_reader_view_get_web_view (lectern_window_get_reader_view (window));
  uri = lectern_reader_scheme_dup_article_uri (hostile->id);
  lectern_test_ui_wait_load (web_view, uri);

  /* Everything the page loads has loaded or failed by now; its meta refresh comes once it
   * has, and the reader refuses it.
   */
  lectern_test_wait_until (navigation_decided (hostile, "refresh.html"));
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);

  /* No script of the page ran: not inline, not a handler, not a javascript: URL. */
  title = lectern_test_ui_eval (web_view, "document.title");
  g_assert_cmpstr (title, ==, "A hostile page");
  marks = lectern_test_ui_eval (web_view, "JSON.stringify (document.body.dataset)");
  g_assert_cmpstr (marks, ==, "{}");

  /* Nothing was fetched from the network, and an image added later cannot be either: it
   * fails, without asking the server.
   */
  g_assert_cmpuint (hostile->requests, ==, 0);
  script = g_strdup_printf ("var i = document.createElement ('img');"
                            "i.onload = () => window.lecternTestImage = 'loaded';"
                            "i.onerror = () => window.lecternTestImage = 'failed';"
                            "i.src = '%spixel.png'; document.body.appendChild (i); ''",
                            hostile->base);
  lectern_test_ui_eval (web_view, script);
  lectern_test_wait_until (lectern_test_ui_eval_boolean (web_view, "'lecternTestImage' in window"));
  image = lectern_test_ui_eval (web_view, "window.lecternTestImage");
  g_assert_cmpstr (image, ==, "failed");
  width = lectern_test_ui_eval_number (web_view,
                                       "document.images[document.images.length - 1].naturalWidth");
  g_assert_cmpfloat (width, ==, 0);
  g_assert_cmpuint (hostile->requests, ==, 0);

  /* A link goes to the browser, never into the view: the reader decides so when it is
   * clicked.
   */
  lectern_test_ui_eval (web_view, "document.getElementById ('out').click (); ''");
  lectern_test_wait_until (navigation_decided (hostile, "page.html"));
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);
  g_assert_true (g_str_has_suffix (hostile->opened, "/page.html"));
  g_assert_cmpuint (hostile->requests, ==, 0);
  g_signal_remove_emission_hook (signal_id, hook_id);
}

static void
test_hostile_body (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *body = NULL;
  Hostile hostile = { 0, };

  hostile.navigations = g_ptr_array_new_with_free_func (g_free);

  hostile.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hostile.server, NULL, count_handler, &hostile, NULL);
  soup_server_listen_local (hostile.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile.server);
  hostile.base = g_uri_to_string (uris->data);

  body = g_strdup_printf ("<p>Words.</p>"
                          "<script>document.title = 'ran'; document.body.dataset.script = 1</script>"
                          "<img src=\"%simage.png\" onerror=\"document.body.dataset.onerror = 1\">"
                          "<iframe src=\"%sframe.html\"></iframe>"
                          "<link rel=\"stylesheet\" href=\"%sstyle.css\">"
                          "<div style=\"background: url(%sbackground.png)\">styled</div>"
                          "<svg onload=\"document.body.dataset.svg = 1\"></svg>"
                          "<a href=\"javascript:document.body.dataset.link = 1\">js</a>"
                          "<a id=\"out\" href=\"%spage.html\">out</a>"
                          "<meta http-equiv=\"refresh\" content=\"0; url=%srefresh.html\">",
                          hostile.base, hostile.base, hostile.base, hostile.base, hostile.base,
                          hostile.base);

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  article = lectern_test_article_new ("A hostile page", "https://example.org/hostile", body);
  hostile.id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);

  lectern_test_ui_run (hostile_reader, &hostile);

  soup_server_disconnect (hostile.server);
  g_clear_object (&hostile.server);
  g_free (hostile.base);
  g_ptr_array_unref (hostile.navigations);
  g_free (hostile.opened);
}

/* A day the page gave without a time is stored as midnight UTC and shown as that day in
 * every time zone; a date with a time is shown in the reader's own, even at midnight UTC.
 */
static void
test_published_day (void)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  g_autofree char *html = NULL;
  LecternReaderStyle style = { 0, };

  article = lectern_test_article_new ("A dated page", "https://example.org/dated", "<p>Words.</p>");
  /* 2025-03-19T00:00:00Z */
  lectern_article_set_published_at (article, (gint64) 1742342400 * G_USEC_PER_SEC);
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_DAY);

  g_setenv ("TZ", "America/Los_Angeles", TRUE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "<span class=\"lectern-date\">19 March 2025</span>"));
  g_clear_pointer (&html, g_free);

  /* The same instant given as a time is the evening of the 18th in Los Angeles. */
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_MINUTE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "18 March 2025"));
  g_clear_pointer (&html, g_free);

  /* An article without a precision has it told from the time: midnight UTC is a day. */
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_NONE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "19 March 2025"));
  g_clear_pointer (&html, g_free);

  /* 2025-03-19T01:00:00Z */
  lectern_article_set_published_at (article, (gint64) 1742346000 * G_USEC_PER_SEC);
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_MINUTE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "18 March 2025"));

  if (old_tz)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
}

/* A change the page dates on a later day than the publication is in the date's tooltip;
 * one the same day is not worth a word. A page that dates only its change shows that.
 */
static void
test_modified (void)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  g_autofree char *html = NULL;
  LecternReaderStyle style = { 0, };

  g_setenv ("TZ", "UTC", TRUE);
  article = lectern_test_article_new ("A changed page", "https://example.org/changed",
                                      "<p>Words.</p>");
  /* 2025-03-19T09:32:00Z, changed 2025-03-20 */
  lectern_article_set_published_at (article, (gint64) 1742376720 * G_USEC_PER_SEC);
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_MINUTE);
  lectern_article_set_modified_at (article, (gint64) 1742428800 * G_USEC_PER_SEC);
  lectern_article_set_modified_precision (article, LECTERN_DATE_PRECISION_DAY);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "<span class=\"lectern-date\" title=\"Updated 20 March 2025\">"
                                  "19 March 2025</span>"));
  g_clear_pointer (&html, g_free);

  /* Changed at 20:00 the same day. */
  lectern_article_set_modified_at (article, (gint64) 1742414400 * G_USEC_PER_SEC);
  lectern_article_set_modified_precision (article, LECTERN_DATE_PRECISION_MINUTE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "<span class=\"lectern-date\">19 March 2025</span>"));
  g_assert_null (strstr (html, "Updated"));
  g_clear_pointer (&html, g_free);

  /* No date published. */
  lectern_article_set_published_at (article, 0);
  lectern_article_set_published_precision (article, LECTERN_DATE_PRECISION_NONE);
  html = lectern_reader_scheme_render_article (article, &style);
  g_assert_nonnull (strstr (html, "<span class=\"lectern-date\">Updated 19 March 2025</span>"));

  if (old_tz)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
}

/* The web processes this test started, at any depth (the sandbox stands between). */
static GArray *
find_web_processes (void)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr (GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) web = g_hash_table_new (NULL, NULL);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (GPid));
  GHashTableIter iter;
  gpointer key, value;
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc))) {
    g_autofree char *path = NULL;
    g_autofree char *stat = NULL;
    const char *end;
    int pid = atoi (name), parent;

    if (pid <= 0)
      continue;
    path = g_strdup_printf ("/proc/%d/stat", pid);
    /* "PID (COMM) STATE PPID …": the command may hold spaces and brackets. */
    if (!g_file_get_contents (path, &stat, NULL, NULL) || !(end = strrchr (stat, ')')) ||
        sscanf (end + 1, " %*c %d", &parent) != 1)
      continue;
    g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (parent));
    if (strstr (stat, "(WebKitWebProces"))
      g_hash_table_add (web, GINT_TO_POINTER (pid));
  }

  g_hash_table_iter_init (&iter, web);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    int pid = GPOINTER_TO_INT (key);

    while (pid > 1 && pid != getpid ())
      pid = GPOINTER_TO_INT (g_hash_table_lookup (parents, GINT_TO_POINTER (pid)));
    if (pid == getpid ()) {
      GPid web_pid = GPOINTER_TO_INT (key);

      g_array_append_val (found, web_pid);
    }
  }
  return found;
}

/* Ends the reader's web process as a crash would. */
static void
crash_web_process (void)
{
  g_autoptr (GArray) pids = find_web_processes ();

  g_assert_cmpuint (pids->len, >, 0);
  for (guint i = 0; i < pids->len; i++)
    g_assert_cmpint (kill (g_array_index (pids, GPid, i), SIGKILL), ==, 0);
}

typedef struct {
  guint    finished;
  guint    terminated;
  gboolean crash_next_start;
} CrashWatch;

static void
crash_load_changed_cb (WebKitWebView   *web_view,
                       WebKitLoadEvent  event,
                       CrashWatch      *watch)
{
  if (event == WEBKIT_LOAD_FINISHED)
    watch->finished++;
  if (event == WEBKIT_LOAD_STARTED && watch->crash_next_start) {
    watch->crash_next_start = FALSE;
    crash_web_process ();
  }
}

static void
crash_terminated_cb (WebKitWebView                     *web_view,
                     WebKitWebProcessTerminationReason  reason,
                     CrashWatch                        *watch)
{
  g_assert_cmpint (reason, ==, WEBKIT_WEB_PROCESS_CRASHED);
  watch->terminated++;
}

static GtkWidget *
find_status_page (LecternReaderView *reader)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (reader)); child;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_STATUS_PAGE (child))
      return child;
  return NULL;
}

static void
crash_reader (LecternApplication *app,
              gpointer            data)
{
  LecternArticle *article = data;
  gint64 id = lectern_article_get_id (article);
  LecternWindow *window = lectern_window_new (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);
  g_autofree char *title = NULL;
  GtkWidget *status_page;
  CrashWatch watch = { 0, };
  double progress;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_window_show_article (window, id);
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));
  status_page = find_status_page (reader);
  g_assert_nonnull (status_page);
  g_assert_false (gtk_widget_get_visible (status_page));

  /* The reader is a third of the way down when the page's process crashes. */
  lectern_test_ui_eval (web_view, "window.scrollTo (0, document.documentElement.scrollHeight / 3); ''");
  lectern_test_wait_until (lectern_reader_view_get_progress (reader) > 0.2);
  progress = lectern_reader_view_get_progress (reader);

  g_signal_connect (web_view, "load-changed", G_CALLBACK (crash_load_changed_cb), &watch);
  g_signal_connect (web_view, "web-process-terminated", G_CALLBACK (crash_terminated_cb), &watch);
  crash_web_process ();

  /* The article comes back by itself, where the reader was. */
  lectern_test_wait_until (watch.terminated == 1 && watch.finished == 1 &&
                           lectern_reader_view_get_restored (reader));
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, uri);
  title = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-title').textContent");
  g_assert_cmpstr (title, ==, lectern_article_get_title (article));
  g_assert_cmpfloat (fabs (lectern_reader_view_get_progress (reader) - progress), <, 0.02);
  g_assert_false (gtk_widget_get_visible (status_page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (web_view)));

  /* A crash again, while that load is on its way: the reader is told, and not shown a blank
   * page or the same crash over and over.
   */
  crash_web_process ();
  watch.crash_next_start = TRUE;
  lectern_test_wait_until (watch.terminated == 3);
  lectern_test_wait_until (gtk_widget_get_visible (status_page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (web_view)));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "The Article Could Not Be Shown");

  /* Try Again shows the article, still where the reader was. */
  gtk_widget_activate (adw_status_page_get_child (ADW_STATUS_PAGE (status_page)));
  lectern_test_wait_until (!gtk_widget_get_visible (status_page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (web_view)));
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));
  g_assert_cmpfloat (fabs (lectern_reader_view_get_progress (reader) - progress), <, 0.02);
  g_assert_cmpuint (watch.terminated, ==, 3);

  g_signal_handlers_disconnect_by_data (web_view, &watch);
}

static void
test_web_process_crash (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternArticle) article = lectern_test_ui_seed_article_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  lectern_article_store_close (store);
  lectern_article_set_id (article, id);

  lectern_test_ui_run (crash_reader, article);
}

/* A formula of a saved page is drawn by the reader as MathML: a fraction stands with its
 * numerator above its denominator, and a root has its radical.
 */
static void
formula_reader (LecternApplication *app,
                gpointer            data)
{
  gint64 id = *(gint64 *)data;
  LecternWindow *window = lectern_window_new (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);
  const char *dir = g_getenv ("LECTERN_SCREENSHOT_DETAILS");

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_window_show_article (window, id);
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));

  g_assert_cmpfloat (lectern_test_ui_eval_number (web_view,
                                                  "document.querySelectorAll ('math').length"),
                     ==, 5);
  g_assert_true (lectern_test_ui_eval_boolean (web_view,
    "(() => { const f = document.querySelector ('math[display=\"block\"] mfrac');"
    "  const top = f.firstElementChild.getBoundingClientRect ();"
    "  const bottom = f.lastElementChild.getBoundingClientRect ();"
    "  return f instanceof MathMLElement && top.height > 0 && top.bottom <= bottom.top + 1; })()"));
  g_assert_true (lectern_test_ui_eval_boolean (web_view,
    "document.querySelector ('msqrt').getBoundingClientRect ().width >"
    " document.querySelector ('msqrt mn').getBoundingClientRect ().width"));

  if (dir) {
    g_autofree char *path = g_build_filename (dir, "lectern-formulas.png", NULL);

    lectern_test_ui_wait_painted (web_view);
    lectern_test_ui_screenshot (GTK_WIDGET (window), path);
  }
}

static void
test_formula (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  gint64 id;

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();
  id = lectern_test_ui_save_page (store, "screenshot-site", "/formulas.html");
  lectern_article_store_close (store);

  lectern_test_ui_run (formula_reader, &id);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/reader/hostile-body", test_hostile_body);
  g_test_add_func ("/ui/reader/published-day", test_published_day);
  g_test_add_func ("/ui/reader/modified", test_modified);
  g_test_add_func ("/ui/reader/web-process-crash", test_web_process_crash);
  g_test_add_func ("/ui/reader/formula", test_formula);

  return g_test_run ();
}
