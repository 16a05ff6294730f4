/* test-navigation.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-scheme.h"
#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window-private.h"

#include <gdk/x11/gdkx.h>
#include <libsoup/soup.h>

/* The reader's navigation policy, with real pages in the real view. The bodies are written
 * into the library directly, as if the sanitizer had let them through: the view shows its
 * article and nothing else, follows in-page links, and sends a link out of Lectern to the
 * browser only when the reader clicks it.
 *
 * Every check that the view stayed waits first for the sign that the navigation had its
 * chance: WebKit asked the view's decide-policy about it, or the page's policy refused it.
 */

#define N_FILLERS 13

typedef struct {
  SoupServer *server;
  char       *base;
  guint       requests;

  gint64      fillers[N_FILLERS];
  gint64      links;
  gint64      refresh_other;
  gint64      refresh_self;
  gint64      refresh_web;

  /* Every navigation decide-policy was asked about, in order. */
  GPtrArray  *decisions;
  gpointer    web_view_class;
  gulong      hook_id;
  guint       loads_started;
  GPtrArray  *opened;
} Site;

static Site site;

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  g_test_message ("the server was asked for %s", path);
  site.requests++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<p>x</p>", 8);
}

/* An emission hook runs before any handler, so it sees each navigation the view's own
 * decide-policy handler is about to decide.
 */
static gboolean
decide_policy_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  WebKitPolicyDecision *decision = g_value_get_object (&values[1]);
  WebKitPolicyDecisionType type = g_value_get_enum (&values[2]);
  WebKitNavigationAction *action;
  WebKitURIRequest *request;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return TRUE;

  action = webkit_navigation_policy_decision_get_navigation_action (
      WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  g_test_message ("decide-policy: %s", webkit_uri_request_get_uri (request));
  g_ptr_array_add (site.decisions, g_strdup (webkit_uri_request_get_uri (request)));
  return TRUE;
}

/* How many times decide-policy was asked about @uri since the article was shown. */
static guint
decided (const char *uri)
{
  guint n = 0;

  for (guint i = 0; i < site.decisions->len; i++)
    if (g_str_equal (g_ptr_array_index (site.decisions, i), uri))
      n++;
  return n;
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_STARTED)
    site.loads_started++;
}

/* Takes the place of the browser: records the link instead of opening it. */
static gboolean
activate_link_cb (LecternReaderView *reader,
                  const char        *uri,
                  gpointer           user_data)
{
  g_ptr_array_add (site.opened, g_strdup (uri));
  return TRUE;
}

static char *
page_with_links (void)
{
  GString *body = g_string_new (NULL);

  g_string_append_printf (body,
                          "<p><a id=\"fragment\" href=\"#far\">Down</a></p>"
                          "<p><a id=\"other\" href=\"lectern://article/%" G_GINT64_FORMAT "\">"
                          "Another article</a></p>"
                          "<p><a id=\"other-fragment\" href=\"lectern://article/%" G_GINT64_FORMAT
                          "#x\">Another article, further down</a></p>"
                          "<p><a id=\"web\" href=\"%sweb.html\">Out</a></p>"
                          "<p><a id=\"web-blank\" target=\"_blank\" href=\"%sblank.html\">"
                          "Out, in a new window</a></p>"
                          "<form id=\"form\" action=\"lectern://article/%" G_GINT64_FORMAT "\">"
                          "<button id=\"submit\">Go</button></form>"
                          "<form id=\"web-form\" action=\"%sform.html\">"
                          "<button id=\"web-submit\">Send</button></form>",
                          site.fillers[0], site.fillers[0], site.base, site.base, site.fillers[0],
                          site.base);
  for (guint i = 0; i < 200; i++)
    g_string_append (body, "<p>A paragraph that takes room, so that the end is far below.</p>");
  g_string_append (body, "<h2 id=\"far\">Far below</h2><p>The end.</p>");
  return g_string_free (body, FALSE);
}

static gint64
add (LecternArticleStore *store,
     const char          *title,
     const char          *body)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://example.org/%s", title);
  gint64 id;

  article = lectern_test_article_new (title, url, body);
  id = lectern_article_store_add (store, article, &error);
  g_assert_no_error (error);
  return id;
}

static void
site_setup (void)
{
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autofree char *links = NULL;
  g_autofree char *refresh = NULL;

  site.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (site.server, NULL, server_handler, NULL, NULL);
  soup_server_listen_local (site.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (site.server);
  site.base = g_uri_to_string (uris->data);

  lectern_test_ui_reset_library ();
  store = lectern_test_ui_open_library ();

  /* The page under test is article 14, so that "lectern://article/1" starts its address. */
  for (guint i = 0; i < N_FILLERS; i++) {
    g_autofree char *title = g_strdup_printf ("Filler %u", i + 1);

    site.fillers[i] = add (store, title, "<p>Another article.</p>");
  }
  g_assert_cmpint (site.fillers[0], ==, 1);

  links = page_with_links ();
  site.links = add (store, "Links", links);
  g_assert_cmpint (site.links, ==, 14);

  refresh = g_strdup_printf ("<meta http-equiv=\"refresh\" content=\"0; url=lectern://article/%"
                             G_GINT64_FORMAT "\"><p>Refreshes to another article.</p>",
                             site.fillers[0]);
  site.refresh_other = add (store, "Refresh to another", refresh);
  g_clear_pointer (&refresh, g_free);

  refresh = g_strdup_printf ("<meta http-equiv=\"refresh\" content=\"0; url=lectern://article/%"
                             G_GINT64_FORMAT "\"><p>Refreshes to itself.</p>",
                             site.refresh_other + 1);
  site.refresh_self = add (store, "Refresh to itself", refresh);
  g_assert_cmpint (site.refresh_self, ==, site.refresh_other + 1);
  g_clear_pointer (&refresh, g_free);

  refresh = g_strdup_printf ("<meta http-equiv=\"refresh\" content=\"0; url=%srefresh.html\">"
                             "<p>Refreshes to the web.</p>", site.base);
  site.refresh_web = add (store, "Refresh to the web", refresh);

  lectern_article_store_close (store);

  site.decisions = g_ptr_array_new_with_free_func (g_free);
  site.opened = g_ptr_array_new_with_free_func (g_free);
  site.web_view_class = g_type_class_ref (WEBKIT_TYPE_WEB_VIEW);
  site.hook_id = g_signal_add_emission_hook (g_signal_lookup ("decide-policy",
                                                              WEBKIT_TYPE_WEB_VIEW),
                                             0, decide_policy_hook, NULL, NULL);
}

static void
site_teardown (void)
{
  g_signal_remove_emission_hook (g_signal_lookup ("decide-policy", WEBKIT_TYPE_WEB_VIEW),
                                 site.hook_id);
  g_type_class_unref (site.web_view_class);
  soup_server_disconnect (site.server);
  g_clear_object (&site.server);
  g_clear_pointer (&site.base, g_free);
  g_clear_pointer (&site.decisions, g_ptr_array_unref);
  g_clear_pointer (&site.opened, g_ptr_array_unref);
  g_assert_cmpuint (site.requests, ==, 0);
  memset (&site, 0, sizeof site);
}

/* Shows article @id and waits until the reader has it in place. */
static WebKitWebView *
show (LecternWindow *window,
      gint64         id)
{
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);

  /* Counted from here, so that a refresh as soon as the page is in is counted too. */
  site.loads_started = 0;
  g_ptr_array_set_size (site.decisions, 0);
  g_ptr_array_set_size (site.opened, 0);

  lectern_window_show_article (window, id);
  lectern_test_ui_wait_load (web_view, uri);
  lectern_test_wait_until (lectern_reader_view_get_restored (reader));
  return web_view;
}

/* The view still shows article @id, titled @title, and began no load but its own. */
static void
assert_stayed (WebKitWebView *web_view,
               gint64         id,
               const char    *title)
{
  g_autofree char *uri = lectern_reader_scheme_dup_article_uri (id);
  g_autofree char *href = NULL;
  g_autofree char *shown = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *base = NULL;

  /* A round trip through the page: a load the view had allowed would have started by the
   * time the answer is back.
   */
  href = lectern_test_ui_eval (web_view, "location.href");
  parsed = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (parsed);
  base = g_uri_to_string_partial (parsed, G_URI_HIDE_FRAGMENT);
  g_assert_cmpstr (base, ==, uri);
  shown = lectern_test_ui_eval (web_view, "document.querySelector ('.lectern-title').textContent");
  g_assert_cmpstr (shown, ==, title);
  g_assert_false (webkit_web_view_is_loading (web_view));
  g_assert_cmpuint (site.loads_started, ==, 1);
}

static void
click (WebKitWebView *web_view,
       const char    *id)
{
  g_autofree char *script = g_strdup_printf ("document.getElementById ('%s').click (); ''", id);

  /* Scripts the application runs count as the reader's own gestures, as a click does. */
  lectern_test_ui_eval (web_view, script);
}

/* Whether the page's policy refused to submit a form to an address starting with @prefix. */
static gboolean
form_refusals (WebKitWebView *web_view,
               const char    *prefix)
{
  g_autofree char *script = g_strdup_printf ("window.violations.some (v => v.directive == "
                                             "'form-action' && v.uri.startsWith ('%s'))",
                                             prefix);

  return lectern_test_ui_eval_number (web_view, script) != 0;
}

static LecternWindow *
open_window (LecternApplication *app)
{
  LecternWindow *window = lectern_window_new (app);
  WebKitWebView *web_view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 740);
  gtk_window_present (GTK_WINDOW (window));
  lectern_test_ui_flush (GTK_WIDGET (window));

  web_view = lectern_reader_view_get_web_view (lectern_window_get_reader_view (window));
  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  return window;
}

static void
article_links (LecternApplication *app,
               gpointer            data)
{
  LecternWindow *window = open_window (app);
  WebKitWebView *web_view;
  g_autofree char *other = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT,
                                            site.fillers[0]);
  g_autofree char *other_fragment = g_strdup_printf ("%s#x", other);
  g_autofree char *fragment = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT "#far",
                                               site.links);
  double top;

  /* An in-page link scrolls the article. */
  web_view = show (window, site.links);
  g_assert_cmpfloat (lectern_test_ui_eval_number (web_view, "document.scrollingElement.scrollTop"),
                     ==, 0);
  click (web_view, "fragment");
  lectern_test_wait_until (decided (fragment));
  lectern_test_wait_until ((top = lectern_test_ui_eval_number (web_view,
                                                               "document.scrollingElement"
                                                               ".scrollTop")) > 0);
  assert_stayed (web_view, site.links, "Links");

  /* A lectern: link to another article, with or without a fragment, opens nothing: no
   * page has a reason to know the ids of this library.
   */
  web_view = show (window, site.links);
  click (web_view, "other-fragment");
  lectern_test_wait_until (decided (other_fragment));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpint (lectern_window_get_current_article (window), ==, site.links);

  click (web_view, "other");
  lectern_test_wait_until (decided (other));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpint (lectern_window_get_current_article (window), ==, site.links);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_article_links (void)
{
  site_setup ();
  lectern_test_ui_run (article_links, NULL);
  site_teardown ();
}

static void
refreshes (LecternApplication *app,
           gpointer            data)
{
  LecternWindow *window = open_window (app);
  WebKitWebView *web_view;
  g_autofree char *other = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT,
                                            site.fillers[0]);
  g_autofree char *self = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT,
                                           site.refresh_self);
  g_autofree char *web = g_strdup_printf ("%srefresh.html", site.base);

  /* A refresh is no reader's doing: the article stays, whatever it points to. */
  web_view = show (window, site.refresh_other);
  lectern_test_wait_until (decided (other));
  assert_stayed (web_view, site.refresh_other, "Refresh to another");

  /* The first decision about its address was the view's own load. */
  web_view = show (window, site.refresh_self);
  lectern_test_wait_until (decided (self) == 2);
  assert_stayed (web_view, site.refresh_self, "Refresh to itself");

  web_view = show (window, site.refresh_web);
  lectern_test_wait_until (decided (web));
  assert_stayed (web_view, site.refresh_web, "Refresh to the web");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_refreshes (void)
{
  site_setup ();
  lectern_test_ui_run (refreshes, NULL);
  site_teardown ();
}

static void
links_out (LecternApplication *app,
           gpointer            data)
{
  LecternWindow *window = open_window (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view;
  g_autofree char *web = g_strdup_printf ("%sweb.html", site.base);
  g_autofree char *blank = g_strdup_printf ("%sblank.html", site.base);
  g_autofree char *refresh = g_strdup_printf ("%srefresh.html", site.base);
  g_autofree char *other = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT,
                                            site.fillers[0]);

  g_signal_connect (reader, "activate-link", G_CALLBACK (activate_link_cb), NULL);

  /* A click on a web link goes to the browser, in a new window or not. */
  web_view = show (window, site.links);
  click (web_view, "web");
  lectern_test_wait_until (decided (web));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpuint (site.opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (site.opened, 0), ==, web);

  click (web_view, "web-blank");
  lectern_test_wait_until (decided (blank));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpuint (site.opened->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (site.opened, 1), ==, blank);

  /* A form submits nothing, to Lectern or to the web: the page's policy stops it before
   * it becomes a navigation.
   */
  lectern_test_ui_eval (web_view,
                        "window.violations = [];"
                        "document.addEventListener ('securitypolicyviolation', "
                        "  e => window.violations.push ({ directive: e.violatedDirective, "
                        "                                uri: e.blockedURI })); ''");
  click (web_view, "submit");
  lectern_test_wait_until (form_refusals (web_view, other));
  assert_stayed (web_view, site.links, "Links");
  click (web_view, "web-submit");
  lectern_test_wait_until (form_refusals (web_view, site.base));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpuint (site.opened->len, ==, 2);

  /* A refresh to the web is no click: nothing opens. */
  web_view = show (window, site.refresh_web);
  lectern_test_wait_until (decided (refresh));
  assert_stayed (web_view, site.refresh_web, "Refresh to the web");
  g_assert_cmpuint (site.opened->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_links_out (void)
{
  site_setup ();
  lectern_test_ui_run (links_out, NULL);
  site_teardown ();
}

/* The context menu's Open Link, chosen by the reader: its GAction, found when the menu is
 * made, and activated once the menu shows, as a click on the item does.
 */
static GAction *open_link_action;

static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test,
                 gpointer             user_data)
{
  for (GList *l = webkit_context_menu_get_items (menu); l; l = l->next)
    if (webkit_context_menu_item_get_stock_action (l->data) ==
        WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK)
      g_set_object (&open_link_action, webkit_context_menu_item_get_gaction (l->data));
  return FALSE;
}

/* The menu popped up over @widget, or %NULL. */
static GtkPopover *
find_menu_shown (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return GTK_POPOVER (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child)) {
    GtkPopover *found = find_menu_shown (child);

    if (found)
      return found;
  }
  return NULL;
}

/* Right-clicks the element @id with the X server's pointer, and chooses Open Link. */
static void
open_link_from_menu (LecternWindow *window,
                     WebKitWebView *web_view,
                     const char    *id)
{
  g_autofree char *script = NULL;
  g_autofree char *command = NULL;
  g_autoptr (GError) error = NULL;
  graphene_point_t point;
  double x, y, surface_x, surface_y;
  int status = 0;

  script = g_strdup_printf ("document.getElementById ('%s').getBoundingClientRect ().left + 4",
                            id);
  x = lectern_test_ui_eval_number (web_view, script);
  g_clear_pointer (&script, g_free);
  script = g_strdup_printf ("document.getElementById ('%s').getBoundingClientRect ().top + 4",
                            id);
  y = lectern_test_ui_eval_number (web_view, script);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (web_view), GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);

  g_clear_object (&open_link_action);
  command = g_strdup_printf ("xdotool search --sync --name '^lectern-navigation$' "
                             "windowfocus --sync mousemove --window %%1 %d %d click 3",
                             (int)(point.x + surface_x), (int)(point.y + surface_y));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lectern_test_wait_until (open_link_action && find_menu_shown (GTK_WIDGET (web_view)));
  g_action_activate (open_link_action, NULL);
  g_clear_object (&open_link_action);

  /* A click on the item would also take the menu down. */
  gtk_popover_popdown (find_menu_shown (GTK_WIDGET (web_view)));
  lectern_test_wait_until (!find_menu_shown (GTK_WIDGET (web_view)));
}

static void
context_menu (LecternApplication *app,
              gpointer            data)
{
  LecternWindow *window = open_window (app);
  LecternReaderView *reader = lectern_window_get_reader_view (window);
  WebKitWebView *web_view = lectern_reader_view_get_web_view (reader);
  g_autofree char *web = g_strdup_printf ("%sweb.html", site.base);
  g_autofree char *other = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT,
                                            site.fillers[0]);
  g_autofree char *fragment = g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT "#far",
                                               site.links);

  g_signal_connect (reader, "activate-link", G_CALLBACK (activate_link_cb), NULL);
  g_signal_connect_after (web_view, "context-menu", G_CALLBACK (context_menu_cb), NULL);

  /* Open Link on a web link opens it in the browser. */
  web_view = show (window, site.links);
  /* A title of its own, for xdotool to find the window by; showing an article sets it. */
  gtk_window_set_title (GTK_WINDOW (window), "lectern-navigation");
  open_link_from_menu (window, web_view, "web");
  lectern_test_wait_until (decided (web));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpuint (site.opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (site.opened, 0), ==, web);

  /* On a lectern: link to another article it opens nothing. */
  open_link_from_menu (window, web_view, "other");
  lectern_test_wait_until (decided (other));
  assert_stayed (web_view, site.links, "Links");
  g_assert_cmpuint (site.opened->len, ==, 1);

  /* On an in-page link it goes there. */
  open_link_from_menu (window, web_view, "fragment");
  lectern_test_wait_until (decided (fragment));
  lectern_test_wait_until (lectern_test_ui_eval_number (web_view, "document.scrollingElement"
                                                                  ".scrollTop") > 0);
  assert_stayed (web_view, site.links, "Links");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_context_menu (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (!xdotool || !GDK_IS_X11_DISPLAY (gdk_display_get_default ())) {
    g_test_skip ("A real right-click needs xdotool and an X display");
    return;
  }

  site_setup ();
  lectern_test_ui_run (context_menu, NULL);
  site_teardown ();
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/navigation/article-links", test_article_links);
  g_test_add_func ("/ui/navigation/refreshes", test_refreshes);
  g_test_add_func ("/ui/navigation/links-out", test_links_out);
  g_test_add_func ("/ui/navigation/context-menu", test_context_menu);

  return g_test_run ();
}
