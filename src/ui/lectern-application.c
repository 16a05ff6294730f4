/* lectern-application.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-application.h"

#include "lectern-database.h"
#include "lectern-export.h"
#include "lectern-import.h"
#include "lectern-query.h"
#include "lectern-reader-scheme.h"
#include "lectern-tag.h"
#include "lectern-text.h"
#include "lectern-url.h"
#include "lectern-window.h"

#include <glib/gi18n.h>
#include <stdio.h>

/**
 * LecternApplication:
 *
 * The one Lectern instance: owns the library, the WebKit context every reader view shares,
 * the settings, and the application-wide actions and accelerators.
 */
struct _LecternApplication
{
  AdwApplication        parent_instance;

  /* Owned */
  LecternArticleStore  *store;
  GError               *store_error;
  LecternFetcher       *fetcher;
  LecternSaver         *saver;
  GSettings            *settings;
  WebKitWebContext     *web_context;
  WebKitNetworkSession *network_session;
  WebKitSettings       *web_settings;
  LecternReaderScheme  *reader_scheme;
  guint                 external_check_id;

  /* The command line, as GOptionContext parsed it. */
  gboolean              option_save;
  gboolean              option_import;
  char                 *option_export;
  char                 *option_output;
  gboolean              option_version;
  char                 *option_search;
  char                **option_tags;
  char                **option_arguments;
  gboolean              usage_error;
};

G_DEFINE_FINAL_TYPE (LecternApplication, lectern_application, ADW_TYPE_APPLICATION)

/* How often the library is looked at for what another process changed (`lectern --save`
 * from a script or a browser): a look costs microseconds whatever the library's size, and
 * a new article is in the list about as soon as the script says it is saved.
 */
#define EXTERNAL_CHECK_SECONDS 2

static const struct {
  const char *action;
  const char *accels[4];
} accels[] = {
  { "app.quit", { "<Primary>q", NULL } },
  { "app.preferences", { "<Primary>comma", NULL } },
  { "window.close", { "<Primary>w", NULL } },
  { "win.show-help-overlay", { "<Primary>question", NULL } },
  { "win.toggle-sidebar", { "F9", NULL } },
  { "win.go-back", { "<Alt>Left", NULL } },
  { "win.add-article", { "<Primary>l", NULL } },
  { "win.next-article", { "<Alt>Down", NULL } },
  { "win.previous-article", { "<Alt>Up", NULL } },
  { "win.search", { "<Primary>k", NULL } },
  { "win.find", { "<Primary>f", NULL } },
  { "win.find-next", { "<Primary>g", NULL } },
  { "win.find-previous", { "<Primary><Shift>g", NULL } },
  { "win.zoom-in", { "<Primary>plus", "<Primary>equal", "<Primary>KP_Add", NULL } },
  { "win.zoom-out", { "<Primary>minus", "<Primary>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Primary>0", "<Primary>KP_0", NULL } },
  { "article.star", { "<Primary><Alt>f", NULL } },
  { "article.read", { "<Primary><Alt>r", NULL } },
  { "article.archive", { "<Primary><Alt>a", NULL } },
  { "article.open-original", { "<Primary>o", NULL } },
};

/* Keys without a modifier (j, k, s, m, a, o, t, Delete, Space) are not application
 * accelerators: those would fire while typing in an entry. The window handles them after the
 * focused widget had its turn (lectern-window-actions.c).
 */

/**
 * lectern_application_dup_library_path:
 *
 * Returns: (transfer full): the path of the user's library file
 */
char *
lectern_application_dup_library_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "lectern", "library.sqlite3", NULL);
}

static void
lectern_application_open_store (LecternApplication *self)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0) {
    int saved_errno = errno;

    g_set_error (&self->store_error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("The folder for the library, %s, could not be made: %s"),
                 dir, g_strerror (saved_errno));
    g_warning ("%s", self->store_error->message);
    return;
  }

  self->store = lectern_article_store_new (path, &error);
  if (!self->store) {
    g_warning ("Could not open the library %s: %s", path, error->message);
    self->store_error = g_steal_pointer (&error);
  } else if (lectern_article_store_get_moved_aside (self->store)) {
    g_warning ("The library %s could not be read and was moved to %s",
               path, lectern_article_store_get_moved_aside (self->store));
  }
}

/* `<link rel=preconnect>` and its kin open connections from the page's markup, and the
 * Content-Security-Policy does not govern them: WebKit connects to a preconnect's host
 * whatever the policy says. Stored bodies never hold a <link>; the reader refuses them anyway.
 */
static void
lectern_application_disable_link_hints (WebKitSettings *settings)
{
#if WEBKIT_CHECK_VERSION (2, 42, 0)
  static const char * const hints[] = {
    "LinkPreconnect", "LinkPreconnectEarlyHints", "LinkDNSPrefetch", "LinkPrefetch",
    "LinkPreload",
  };
  g_autoptr (WebKitFeatureList) features = webkit_settings_get_all_features ();

  for (gsize i = 0; i < webkit_feature_list_get_length (features); i++) {
    WebKitFeature *feature = webkit_feature_list_get (features, i);

    for (guint j = 0; j < G_N_ELEMENTS (hints); j++)
      if (g_strcmp0 (webkit_feature_get_identifier (feature), hints[j]) == 0)
        webkit_settings_set_feature_enabled (settings, feature, FALSE);
  }
#endif
}

static void
lectern_application_setup_web (LecternApplication *self)
{
  WebKitSecurityManager *security;

  /* The reader never touches the network: everything it shows comes from the lectern:
   * scheme. An ephemeral session keeps no cookies, cache or storage on disk.
   */
  self->network_session = webkit_network_session_new_ephemeral ();
  self->web_context = webkit_web_context_new ();
  webkit_web_context_set_cache_model (self->web_context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);

  self->web_settings = webkit_settings_new_with_settings (
      "enable-javascript-markup", FALSE,
      "enable-html5-local-storage", FALSE,
      "enable-html5-database", FALSE,
      "enable-webgl", FALSE,
      "enable-webaudio", FALSE,
      "enable-media", FALSE,
      "enable-page-cache", FALSE,
      "enable-back-forward-navigation-gestures", FALSE,
      "auto-load-images", TRUE,
      "default-charset", "utf-8",
      "enable-developer-extras", g_strcmp0 (PROFILE, "development") == 0,
      NULL);
  lectern_application_disable_link_hints (self->web_settings);

  self->reader_scheme = lectern_reader_scheme_new (self->store);
  webkit_web_context_register_uri_scheme (self->web_context, "lectern",
                                          lectern_reader_scheme_handle_request,
                                          g_object_ref (self->reader_scheme),
                                          g_object_unref);
  security = webkit_web_context_get_security_manager (self->web_context);
  webkit_security_manager_register_uri_scheme_as_local (security, "lectern");
  webkit_security_manager_register_uri_scheme_as_secure (security, "lectern");
}

static void
lectern_application_apply_theme (LecternApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *theme = g_settings_get_string (self->settings, "theme");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  /* The window takes the libadwaita style nearest the reading theme: sepia is a light one.
   * The reader view follows the window's style, so both change together.
   */
  if (g_strcmp0 (theme, "light") == 0 || g_strcmp0 (theme, "sepia") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (theme, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (style, scheme);
}

static void
theme_changed_cb (GSettings          *settings,
                  const char         *key,
                  LecternApplication *self)
{
  lectern_application_apply_theme (self);
}

static void
lectern_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  LecternApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows one by one so each saves its state. */
  for (GList *l = windows; l; ) {
    GtkWindow *window = l->data;

    l = l->next;
    gtk_window_close (window);
  }
  g_application_quit (G_APPLICATION (self));
}

static void
lectern_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  LecternApplication *self = user_data;
  static const char *developers[] = { "The Lectern authors", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-icon", APP_ID,
                        "application-name", _("Lectern"),
                        "developer-name", _("The Lectern authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Save articles and read them later, offline"),
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "copyright", _("© 2026 The Lectern authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
lectern_application_preferences_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  LecternApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (LECTERN_IS_WINDOW (window))
    lectern_window_show_preferences (LECTERN_WINDOW (window));
}

/* `lectern --import` added rows to the library: they are saved now. */
static void
lectern_application_resume_saves_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  LecternApplication *self = user_data;

  if (!self->store)
    return;

  lectern_article_store_check_external_change (self->store);
  lectern_saver_resume_pending (self->saver);
}

static const GActionEntry app_actions[] = {
  { "quit", lectern_application_quit_action },
  { "resume-saves", lectern_application_resume_saves_action },
  { "about", lectern_application_about_action },
  { "preferences", lectern_application_preferences_action },
};

static gboolean
check_external_change_cb (gpointer user_data)
{
  LecternApplication *self = user_data;

  lectern_article_store_check_external_change (self->store);
  return G_SOURCE_CONTINUE;
}

static void
index_built_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!lectern_article_store_build_index_finish (LECTERN_ARTICLE_STORE (object), result,
                                                 &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The search index could not be built: %s", error->message);
}

static void
lectern_application_startup (GApplication *application)
{
  LecternApplication *self = LECTERN_APPLICATION (application);

  G_APPLICATION_CLASS (lectern_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  self->settings = g_settings_new (SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::theme",
                           G_CALLBACK (theme_changed_cb), self, G_CONNECT_DEFAULT);
  lectern_application_apply_theme (self);
  lectern_application_open_store (self);
  lectern_application_setup_web (self);
  lectern_reader_scheme_set_settings (self->reader_scheme, self->settings);

  if (self->store) {
    self->fetcher = lectern_fetcher_new ();
    g_settings_bind (self->settings, "fetch-timeout", self->fetcher, "timeout",
                     G_SETTINGS_BIND_GET);
    self->saver = lectern_saver_new (self->store, self->fetcher);
    g_settings_bind (self->settings, "download-images", self->saver, "download-images",
                     G_SETTINGS_BIND_GET);

    /* Links saved before the last quit, or while offline, go on saving now. */
    lectern_saver_resume_pending (self->saver);

    /* A library from before search gets its index now, a batch at a time, while it is
     * used; the store's index-progress tells how far it got.
     */
    lectern_article_store_build_index_async (self->store, NULL, index_built_cb, NULL);

    self->external_check_id = g_timeout_add_seconds (EXTERNAL_CHECK_SECONDS,
                                                     check_external_change_cb, self);
  }
}

static void
lectern_application_activate (GApplication *application)
{
  LecternApplication *self = LECTERN_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!window)
    window = GTK_WINDOW (lectern_window_new (self));
  gtk_window_present (window);
}

static void
lectern_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  LecternApplication *self = LECTERN_APPLICATION (application);
  GtkWindow *window;

  g_application_activate (application);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!LECTERN_IS_WINDOW (window))
    return;

  for (int i = 0; i < n_files; i++) {
    if (g_file_is_native (files[i])) {
      lectern_window_save_file (LECTERN_WINDOW (window), files[i]);
    } else {
      g_autofree char *uri = g_file_get_uri (files[i]);

      lectern_window_save_url (LECTERN_WINDOW (window), uri);
    }
  }
}

/* The command line.
 *
 * `lectern [URL|FILE…]` hands the links and files to the running instance (or starts one)
 * through GApplication's open; `lectern --save URL|FILE…` saves them here, with no window
 * and no running instance. GOptionContext parses both; an option it does not know is an
 * error, never a link.
 */

/* Exit statuses, as `lectern --help` tells them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

static char *
escape (const char *text)
{
  return lectern_text_escape_controls (text ? text : "", -1);
}

/* Opens the library at @path for a command with no window (making its folder first when
 * @create), or says on standard error why it cannot be opened.
 */
static LecternArticleStore *
open_library_or_say_why (const char *path,
                         gboolean    create)
{
  g_autoptr (GError) error = NULL;
  LecternArticleStore *store;

  if (create) {
    g_autofree char *dir = g_path_get_dirname (path);

    g_mkdir_with_parents (dir, 0700);
  }

  store = lectern_article_store_new (path, &error);
  if (!store) {
    g_autofree char *shown_path = escape (path);
    g_autofree char *reason = escape (error->message);

    g_printerr (_("The library %s could not be opened: %s\n"), shown_path, reason);
  }

  return store;
}

/* GLib's own parse errors (an unknown option, a missing value) and the checks of
 * check_options_cb () all end here: the message, escaped since it quotes what the user
 * typed, then how to use lectern. GApplication prints it and ends with status 1, which
 * local_command_line () turns into EXIT_USAGE.
 */
static void
option_error_cb (GOptionContext  *context,
                 GOptionGroup    *group,
                 gpointer         user_data,
                 GError         **error)
{
  LecternApplication *self = user_data;
  g_autofree char *message = NULL;
  g_autofree char *usage = NULL;

  self->usage_error = TRUE;
  if (!error || !*error)
    return;

  message = escape ((*error)->message);
  usage = g_option_context_get_help (context, TRUE, NULL);
  g_free ((*error)->message);
  (*error)->message = g_strdup_printf ("%s: %s\n\n%s", g_get_prgname (), message,
                                       g_strchomp (usage));
}

/* Options that parse but make no sense together. */
static gboolean
check_options_cb (GOptionContext  *context,
                  GOptionGroup    *group,
                  gpointer         user_data,
                  GError         **error)
{
  LecternApplication *self = user_data;

  if (self->option_search && self->option_save) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--search and --save cannot be used together"));
    return FALSE;
  }

  if (self->option_import && (self->option_save || self->option_search)) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--import cannot be used with --save or --search"));
    return FALSE;
  }

  if (self->option_import && !self->option_version &&
      (!self->option_arguments || !self->option_arguments[0])) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("Give the export files to import: lectern --import FILE…"));
    return FALSE;
  }

  if (self->option_export) {
    LecternExportFormat format;

    if (!lectern_export_format_from_name (self->option_export, &format)) {
      g_autofree char *name = escape (self->option_export);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Lectern cannot export “%s”: the formats are backup, epub, markdown, "
                     "html, csv and bookmarks"), name);
      return FALSE;
    }
    if (!self->option_output) {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say where to write: lectern --export FORMAT --output FILE"));
      return FALSE;
    }
    if (self->option_save || self->option_import ||
        (self->option_arguments && self->option_arguments[0])) {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--export takes no links or files, and cannot be used with "
                             "--save or --import"));
      return FALSE;
    }
  } else if (self->option_output) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--output goes with --export: lectern --export FORMAT --output FILE"));
    return FALSE;
  }

  if (self->option_tags && !self->option_save && !self->option_export) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--tag goes with --save or --export: lectern --save --tag NAME "
                           "URL…"));
    return FALSE;
  }

  /* A bad tag name stops everything before a link is saved without it. */
  for (guint i = 0; self->option_tags && self->option_tags[i]; i++) {
    g_autofree char *name = lectern_tag_normalize (self->option_tags[i], error);

    if (!name) {
      g_autofree char *quoted = escape (self->option_tags[i]);

      /* Translators: followed by why the tag name was refused. */
      g_prefix_error (error, _("The tag “%s” cannot be used: "), quoted);
      return FALSE;
    }
  }

  if (self->option_save && !self->option_version &&
      (!self->option_arguments || !self->option_arguments[0])) {
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("Give the links or files to save: lectern --save URL…"));
    return FALSE;
  }

  return TRUE;
}

static void
lectern_application_add_options (LecternApplication *self)
{
  /* Each option is one entry here, then one case in handle_local_options (). */
  const GOptionEntry entries[] = {
    { "save", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &self->option_save,
      N_("Save the links and files given, with no window, and exit when done"), NULL },
    { "tag", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &self->option_tags,
      N_("With --save, give the saved articles this tag; with --export, export the articles "
         "that have it; may be repeated"), N_("NAME") },
    { "import", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &self->option_import,
      N_("Import the export files given (a Lectern backup, Pocket, Instapaper, Omnivore, "
         "wallabag, browser bookmarks, a list of links), with no window; the running Lectern "
         "saves their articles"), NULL },
    { "export", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &self->option_export,
      N_("Write the library's articles to --output as FORMAT (backup, epub, markdown, html, "
         "csv or bookmarks); --tag and --search choose which"), N_("FORMAT") },
    { "output", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &self->option_output,
      N_("With --export, the file to write (for markdown and html, a folder to write the "
         "files in)"), N_("FILE") },
    { "search", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &self->option_search,
      N_("Print the articles that match QUERY, best first: title, a tab, the link"),
      N_("QUERY") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &self->option_version,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY,
      &self->option_arguments, NULL, NULL },
    { NULL }
  };
  GOptionGroup *checks;

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[URL…] [FILE.html…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Save web articles and read them later, offline."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Exit status: 0 when everything went well, 1 "
                                                  "when a link or file could not be saved, "
                                                  "imported or written, 2 "
                                                  "when the command line is wrong or, for "
                                                  "--search, when the library cannot be "
                                                  "opened. --search exits with 0 whether "
                                                  "anything matched or not."));

  /* A group with no options of its own, for its hooks: GApplication owns the main group. */
  checks = g_option_group_new ("lectern", "", "", self, NULL);
  g_option_group_set_parse_hooks (checks, NULL, check_options_cb);
  g_option_group_set_error_hook (checks, option_error_cb);
  g_application_add_option_group (G_APPLICATION (self), checks);
}

/* What an argument names: a local file (@file) or a link (@url). A name with no scheme is
 * a file when it exists, or when it cannot be a link either; a relative one is resolved
 * against the folder lectern runs in.
 */
static void
resolve_argument (const char  *argument,
                  GFile      **file,
                  char       **url)
{
  g_autofree char *scheme = g_uri_parse_scheme (argument);
  g_autofree char *guessed = NULL;

  *file = NULL;
  *url = NULL;

  if (scheme) {
    if (g_ascii_strcasecmp (scheme, "file") == 0)
      *file = g_file_new_for_uri (argument);
    else
      *url = g_strdup (argument);
    return;
  }

  if (!g_file_test (argument, G_FILE_TEST_EXISTS))
    guessed = lectern_url_guess_from_text (argument);
  if (guessed)
    *url = g_steal_pointer (&guessed);
  else
    *file = g_file_new_for_commandline_arg (argument);
}

typedef struct {
  char    *argument;
  char    *line;
  gboolean failed;
  gboolean done;
} HeadlessSave;

static void
headless_save_free (gpointer data)
{
  HeadlessSave *save = data;

  g_free (save->argument);
  g_free (save->line);
  g_free (save);
}

typedef struct {
  LecternArticleStore *store;
  HeadlessSave        *save;
  /* The tags a saved file gets; links get theirs from the saver. */
  const char * const  *file_tags;
} HeadlessCall;

static void
headless_save_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  HeadlessCall *call = user_data;
  HeadlessSave *save = call->save;
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  gboolean duplicate = FALSE;
  gint64 id;

  id = lectern_saver_save_finish (LECTERN_SAVER (source), result, &duplicate, &error);
  if (id > 0 && call->file_tags &&
      !lectern_article_store_add_tags (call->store, id, call->file_tags, &error)) {
    g_warning ("Could not tag article %" G_GINT64_FORMAT ": %s", id, error->message);
    g_clear_error (&error);
  }
  if (id > 0)
    article = lectern_article_store_get_summary (call->store, id, NULL);

  /* The line quotes the argument, the page's title or an error about the link: text from
   * outside, which must not reach the terminal as escape sequences.
   */
  if (!article) {
    g_autofree char *argument = escape (save->argument);
    g_autofree char *reason = escape (error ? error->message : _("Unknown error"));

    save->failed = TRUE;
    /* Translators: a line printed by "lectern --save": the link, and why it failed. */
    save->line = g_strdup_printf (_("%s: %s"), argument, reason);
  } else {
    g_autofree char *display_title = lectern_article_dup_display_title (article);
    g_autofree char *title = escape (display_title);

    /* Translators: printed by "lectern --save" for a link that was saved before. */
    save->line = duplicate ? g_strdup_printf (_("%s (already saved)"), title)
                           : g_steal_pointer (&title);
  }
  save->done = TRUE;
  g_free (call);
}

/* Prints a line for each row in @pending, the saves an earlier run left waiting and
 * lectern_saver_resume_pending() took up: its title once saved, or its link and why it
 * failed. Rows still pending (no network, or another Lectern is saving them) are counted
 * in one line on standard error.
 */
static void
print_resumed (LecternArticleStore *store,
               GArray              *pending)
{
  guint n_waiting = 0;

  for (guint i = 0; i < pending->len; i++) {
    gint64 id = g_array_index (pending, gint64, i);
    g_autoptr (LecternArticle) article = lectern_article_store_get_summary (store, id, NULL);
    g_autofree char *line = NULL;

    /* Deleted from the window meanwhile: nothing to tell. */
    if (!article)
      continue;

    switch (lectern_article_get_save_state (article)) {
      case LECTERN_SAVE_STATE_SAVED:
        {
          g_autofree char *display_title = lectern_article_dup_display_title (article);
          g_autofree char *title = escape (display_title);

          /* Translators: printed by "lectern --save" for a link an earlier save left
           * waiting (it was cut off, or offline) and that is saved now: its title.
           */
          line = g_strdup_printf (_("%s (resumed from an earlier save)"), title);
        }
        break;
      case LECTERN_SAVE_STATE_FAILED:
        {
          g_autofree char *url = escape (lectern_article_get_url (article));
          g_autofree char *reason = escape (lectern_article_get_save_error (article));

          /* Translators: printed by "lectern --save" for a link an earlier save left
           * waiting, which failed now: the link, and why.
           */
          line = g_strdup_printf (_("%s: %s (resumed from an earlier save)"), url, reason);
        }
        break;
      case LECTERN_SAVE_STATE_PENDING:
      default:
        n_waiting++;
        break;
    }

    if (line) {
      printf ("%s\n", line);
      fflush (stdout);
    }
  }

  if (n_waiting > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%u link saved earlier is still waiting; open Lectern to finish it\n",
                             "%u links saved earlier are still waiting; open Lectern to finish "
                             "them\n",
                             n_waiting),
                n_waiting);
}

/* `lectern --save URL…`: save with no window and no running instance, print a line per
 * link (its title, or why it failed), and exit with EXIT_FAILED if any failed. Saves an
 * earlier run left waiting are finished too, each with its line; they do not change the
 * exit status, which is about the links given.
 */
static int
lectern_application_save_headless (LecternApplication *self,
                                   const char * const *arguments)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternFetcher) fetcher = NULL;
  g_autoptr (LecternSaver) saver = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GPtrArray) saves = g_ptr_array_new_with_free_func (headless_save_free);
  g_autoptr (GArray) pending = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_OK;

  g_assert (arguments && arguments[0]);

  store = open_library_or_say_why (path, TRUE);
  if (!store)
    return EXIT_FAILED;

  fetcher = lectern_fetcher_new ();
  saver = lectern_saver_new (store, fetcher);

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            SCHEMA_ID, TRUE);
  if (schema) {
    settings = g_settings_new (SCHEMA_ID);
    lectern_fetcher_set_timeout (fetcher, g_settings_get_uint (settings, "fetch-timeout"));
    lectern_saver_set_download_images (saver, g_settings_get_boolean (settings, "download-images"));
  }

  /* A save killed half-way, or started offline, left its row pending. With no window to
   * take it up, it would wait until Lectern next opens: go on with it here. Listed and
   * started before the links given, whose rows are not to be taken for such leftovers.
   */
  pending = lectern_article_store_list_pending (store, &error);
  if (!pending) {
    g_autofree char *reason = escape (error->message);

    g_printerr (_("The saves left waiting could not be listed: %s\n"), reason);
    g_clear_error (&error);
  } else if (pending->len > 0) {
    lectern_saver_resume_pending (saver);
  }

  for (guint i = 0; arguments[i]; i++) {
    HeadlessSave *save = g_new0 (HeadlessSave, 1);
    HeadlessCall *call = g_new0 (HeadlessCall, 1);
    g_autoptr (GFile) file = NULL;
    g_autofree char *url = NULL;

    save->argument = g_strdup (arguments[i]);
    g_ptr_array_add (saves, save);
    call->store = store;
    call->save = save;

    resolve_argument (arguments[i], &file, &url);
    if (file) {
      call->file_tags = (const char * const *)self->option_tags;
      lectern_saver_save_file_async (saver, file, NULL, headless_save_done_cb, call);
    } else {
      lectern_saver_save_url_with_tags_async (saver, url,
                                              (const char * const *)self->option_tags,
                                              NULL, headless_save_done_cb, call);
    }
  }

  for (guint i = 0; i < saves->len; i++) {
    HeadlessSave *save = g_ptr_array_index (saves, i);

    while (!save->done)
      g_main_context_iteration (NULL, TRUE);
    printf ("%s\n", save->line);
    fflush (stdout);
    if (save->failed)
      status = EXIT_FAILED;
  }

  if (pending && pending->len > 0) {
    while (lectern_saver_get_n_running (saver) > 0)
      g_main_context_iteration (NULL, TRUE);
    print_resumed (store, pending);
  }

  lectern_article_store_close (store);
  return status;
}

/* `lectern --search QUERY [MORE…]`: the articles that match, best first, one line each:
 * the title, a tab, the link. Words after the option belong to the query, so
 * `lectern --search tag:rust borrow` needs no quotes. Exits with EXIT_OK whether anything
 * matched or not, and with EXIT_USAGE when the library cannot be opened.
 */
static int
lectern_application_search_headless (LecternApplication *self,
                                     const char * const *arguments)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternQuery) query = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (self->option_search);
  guint64 done = 0;
  guint64 total = 0;

  for (guint i = 0; arguments && arguments[i]; i++)
    g_string_append_printf (text, " %s", arguments[i]);

  /* No library yet: nothing was ever saved, so nothing matches. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return EXIT_OK;

  store = open_library_or_say_why (path, FALSE);
  if (!store)
    return EXIT_USAGE;

  if (!lectern_article_store_get_index_progress (store, &done, &total))
    g_printerr (_("The search index is still being built (%u%%): open Lectern to finish it. "
                  "Articles not indexed yet are not found.\n"),
                (guint)(total > 0 ? done * 100 / total : 0));

  query = lectern_query_parse (text->str);
  ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, &error);
  if (!ids) {
    g_autofree char *reason = escape (error->message);

    g_printerr (_("The library could not be searched: %s\n"), reason);
    lectern_article_store_close (store);
    return EXIT_USAGE;
  }

  for (guint i = 0; i < ids->len; i++) {
    g_autoptr (LecternArticle) article = NULL;
    g_autofree char *display_title = NULL;
    g_autofree char *title = NULL;
    g_autofree char *url = NULL;

    article = lectern_article_store_get_summary (store, g_array_index (ids, gint64, i), NULL);
    if (!article)
      continue;

    /* Titles and links come from the web: no escape sequence, tab or newline of theirs
     * reaches the terminal or breaks a line in two.
     */
    display_title = lectern_article_dup_display_title (article);
    title = escape (display_title);
    url = escape (lectern_article_get_url (article));
    printf ("%s\t%s\n", title, url);
  }
  fflush (stdout);

  lectern_article_store_close (store);
  return EXIT_OK;
}

/* The running Lectern, if any, saves what an import added: told over D-Bus, as its own
 * "resume-saves" action. Without one, the next start does.
 */
static void
tell_running_instance (LecternApplication *self)
{
  const char *app_id = g_application_get_application_id (G_APPLICATION (self));
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autofree char *object_path = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (!bus)
    return;

  object_path = g_strconcat ("/", app_id, NULL);
  g_strdelimit (object_path, ".", '/');

  /* No auto-start: an import never opens a window. */
  reply = g_dbus_connection_call_sync (bus, app_id, object_path, "org.gtk.Actions", "Activate",
                                       g_variant_new ("(s@av@a{sv})", "resume-saves",
                                                      g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                                           NULL, 0),
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"),
                                                                           NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL);
}

/* `lectern --import FILE…`: each file's entries become rows of the library, and one line
 * per file says what came of it, followed by a line for each entry left out. Exits with
 * EXIT_FAILED if a file could not be read at all (what it held up to a fault is imported
 * all the same), EXIT_USAGE when the library cannot be opened.
 */
static int
lectern_application_import_headless (LecternApplication *self,
                                     const char * const *arguments)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autoptr (LecternArticleStore) store = NULL;
  gboolean added = FALSE;
  int status = EXIT_OK;

  store = open_library_or_say_why (path, TRUE);
  if (!store)
    return EXIT_USAGE;

  for (guint i = 0; arguments[i]; i++) {
    g_autoptr (GFile) file = g_file_new_for_commandline_arg (arguments[i]);
    g_autoptr (LecternImport) import = lectern_import_new (store);
    g_autoptr (GError) import_error = NULL;
    g_autofree char *name = escape (arguments[i]);
    g_autofree char *summary = NULL;
    g_autofree char *report = NULL;
    g_auto (GStrv) lines = NULL;

    if (!lectern_import_run_file (import, file, NULL, &import_error)) {
      g_autofree char *reason = escape (import_error->message);

      /* Translators: a file given to --import, and why it could not be read. */
      g_printerr (_("%s: %s\n"), name, reason);
      status = EXIT_FAILED;
    }

    summary = lectern_import_dup_summary (import);
    if (lectern_import_get_format (import) != LECTERN_IMPORT_FORMAT_UNKNOWN)
      /* Translators: a file given to --import, its format, and what came of it. */
      printf (_("%s (%s): %s\n"), name,
              lectern_import_format_get_name (lectern_import_get_format (import)), summary);

    report = lectern_import_dup_report (import);
    lines = g_strsplit (report, "\n", -1);
    for (guint j = 0; lines[j] && *lines[j]; j++) {
      g_autofree char *line = escape (lines[j]);

      printf ("  %s\n", line);
    }

    added |= lectern_import_get_n_added (import) > 0;
  }
  fflush (stdout);

  lectern_article_store_close (store);

  if (added)
    tell_running_instance (self);

  return status;
}

/* `lectern --export FORMAT --output FILE [--tag NAME…] [--search QUERY]`: the articles
 * chosen (all, by default), newest first. A file that exists is replaced only once the
 * new one is whole. Markdown and HTML go into FILE, file by file, when it is a folder. Exits with EXIT_FAILED when the file cannot be written,
 * EXIT_USAGE when the library cannot be opened.
 */
static int
lectern_application_export_headless (LecternApplication *self)
{
  g_autofree char *path = lectern_application_dup_library_path ();
  g_autoptr (LecternArticleStore) store = NULL;
  g_autoptr (LecternQuery) query = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GFile) output = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *shown_output = NULL;
  LecternExportFormat format;
  gboolean written = FALSE;
  guint n_written = 0;

  g_assert (lectern_export_format_from_name (self->option_export, &format));

  store = open_library_or_say_why (path, TRUE);
  if (!store)
    return EXIT_USAGE;

  /* --tag and --search choose, as the search entry would: tag:"name" words… */
  for (guint i = 0; self->option_tags && self->option_tags[i]; i++) {
    g_autoptr (GString) name = g_string_new (self->option_tags[i]);

    g_string_replace (name, "\"", " ", 0);
    g_string_append_printf (text, "tag:\"%s\" ", name->str);
  }
  if (self->option_search)
    g_string_append (text, self->option_search);
  query = lectern_query_parse (text->str);

  output = g_file_new_for_commandline_arg (self->option_output);
  shown_output = escape (self->option_output);
  ids = lectern_article_store_search_ids (store, query, LECTERN_FILTER_ALL, LECTERN_SORT_NEWEST,
                                          0, &error);
  /* Markdown and HTML go into a folder given as the output, file by file. */
  if (ids &&
      (format == LECTERN_EXPORT_FORMAT_MARKDOWN || format == LECTERN_EXPORT_FORMAT_HTML) &&
      g_file_query_file_type (output, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    written = lectern_export_write_folder (store, format, ids, output, &n_written, NULL, &error);
  else if (ids)
    written = lectern_export_write_file (store, format, ids, NULL, output, &n_written, NULL,
                                         &error);
  if (!written) {
    g_autofree char *reason = escape (error->message);

    /* Translators: the file given to --output, and why it could not be written. */
    g_printerr (_("%s could not be written: %s\n"), shown_output, reason);
    lectern_article_store_close (store);
    return EXIT_FAILED;
  }

  printf (ngettext ("%u article written to %s\n", "%u articles written to %s\n", n_written),
          n_written, shown_output);
  fflush (stdout);

  lectern_article_store_close (store);
  return EXIT_OK;
}

/* `lectern URL…`: the links and files go to the running instance, which starts if there is
 * none, as GApplication does with the arguments it opens.
 */
static int
lectern_application_open_arguments (LecternApplication *self,
                                    const char * const *arguments)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;

  if (!g_application_register (G_APPLICATION (self), NULL, &error)) {
    g_autofree char *message = escape (error->message);

    g_printerr (_("Lectern could not start: %s\n"), message);
    return EXIT_FAILED;
  }

  for (guint i = 0; arguments[i]; i++) {
    g_autoptr (GFile) file = NULL;
    g_autofree char *url = NULL;

    resolve_argument (arguments[i], &file, &url);
    g_ptr_array_add (files, file ? g_steal_pointer (&file) : g_file_new_for_uri (url));
  }

  g_application_open (G_APPLICATION (self), (GFile **)files->pdata, files->len, "");
  return EXIT_OK;
}

static int
lectern_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  LecternApplication *self = LECTERN_APPLICATION (application);
  const char * const *arguments = (const char * const *)self->option_arguments;

  if (self->option_version) {
    g_print ("lectern %s\n", PACKAGE_VERSION);
    return EXIT_OK;
  }

  if (self->option_save)
    return lectern_application_save_headless (self, arguments);

  if (self->option_export)
    return lectern_application_export_headless (self);

  if (self->option_search)
    return lectern_application_search_headless (self, arguments);

  if (self->option_import)
    return lectern_application_import_headless (self, arguments);

  if (arguments && arguments[0])
    return lectern_application_open_arguments (self, arguments);

  /* Go on as usual: activate the running instance, or start one. */
  return -1;
}

static gboolean
lectern_application_local_command_line (GApplication   *application,
                                        char         ***arguments,
                                        int            *exit_status)
{
  LecternApplication *self = LECTERN_APPLICATION (application);
  gboolean handled;

  handled = G_APPLICATION_CLASS (lectern_application_parent_class)->local_command_line (application,
                                                                                      arguments,
                                                                                      exit_status);
  if (self->usage_error)
    *exit_status = EXIT_USAGE;
  return handled;
}

static void
lectern_application_shutdown (GApplication *application)
{
  LecternApplication *self = LECTERN_APPLICATION (application);

  g_clear_handle_id (&self->external_check_id, g_source_remove);

  /* Deleted articles stay restorable while their Undo toast shows; at exit they go. */
  if (self->store) {
    LecternDatabase *database = lectern_article_store_get_database (self->store);
    g_autoptr (GError) error = NULL;

    lectern_article_store_flush (self->store);
    /* Nothing can have been deleted in a library that cannot be written. */
    if (!lectern_database_is_read_only (database) &&
        !lectern_article_store_purge_deleted (self->store, &error))
      g_warning ("Could not purge deleted articles: %s", error->message);
    lectern_article_store_close (self->store);
  }

  G_APPLICATION_CLASS (lectern_application_parent_class)->shutdown (application);
}

static void
lectern_application_dispose (GObject *object)
{
  LecternApplication *self = LECTERN_APPLICATION (object);

  g_clear_handle_id (&self->external_check_id, g_source_remove);
  g_clear_object (&self->saver);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->reader_scheme);
  g_clear_object (&self->web_settings);
  g_clear_object (&self->web_context);
  g_clear_object (&self->network_session);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (lectern_application_parent_class)->dispose (object);
}

static void
lectern_application_finalize (GObject *object)
{
  LecternApplication *self = LECTERN_APPLICATION (object);

  g_clear_pointer (&self->option_arguments, g_strfreev);
  g_clear_pointer (&self->option_tags, g_strfreev);
  g_clear_pointer (&self->option_search, g_free);
  g_clear_pointer (&self->option_export, g_free);
  g_clear_pointer (&self->option_output, g_free);

  G_OBJECT_CLASS (lectern_application_parent_class)->finalize (object);
}

static void
lectern_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (lectern_application_parent_class)->constructed (object);

  /* The Devel profile has another app id; its resources stay where the code looks. */
  g_application_set_resource_base_path (G_APPLICATION (object), "/app/lectern/Lectern");
}

static void
lectern_application_class_init (LecternApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = lectern_application_constructed;
  object_class->dispose = lectern_application_dispose;
  object_class->finalize = lectern_application_finalize;
  app_class->startup = lectern_application_startup;
  app_class->activate = lectern_application_activate;
  app_class->open = lectern_application_open;
  app_class->local_command_line = lectern_application_local_command_line;
  app_class->handle_local_options = lectern_application_handle_local_options;
  app_class->shutdown = lectern_application_shutdown;
}

static void
lectern_application_init (LecternApplication *self)
{
  lectern_application_add_options (self);
}

/**
 * lectern_application_new:
 *
 * Returns: (transfer full): a new #LecternApplication
 */
LecternApplication *
lectern_application_new (void)
{
  return g_object_new (LECTERN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * lectern_application_get_store:
 *
 * Returns: (transfer none) (nullable): the library, or %NULL when it could not be opened
 */
LecternArticleStore *
lectern_application_get_store (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * lectern_application_get_store_error:
 *
 * Returns: (transfer none) (nullable): why the library could not be opened
 */
const GError *
lectern_application_get_store_error (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * lectern_application_get_saver:
 *
 * Returns: (transfer none) (nullable): the save pipeline, or %NULL without a library
 */
LecternSaver *
lectern_application_get_saver (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->saver;
}

WebKitWebContext *
lectern_application_get_web_context (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->web_context;
}

WebKitNetworkSession *
lectern_application_get_network_session (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->network_session;
}

WebKitSettings *
lectern_application_get_web_settings (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->web_settings;
}

GSettings *
lectern_application_get_settings (LecternApplication *self)
{
  g_return_val_if_fail (LECTERN_IS_APPLICATION (self), NULL);

  return self->settings;
}
