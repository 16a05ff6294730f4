/* lectern-reader-scheme.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-reader-scheme.h"

#include "lectern-database.h"
#include "lectern-url.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/**
 * LecternReaderScheme:
 *
 * Serves the `lectern:` URI scheme to the reader view:
 *
 * - `lectern://article/ID`: the stored, sanitised article inside the reader template;
 * - `lectern://style/reader.css`: the reader's style sheet, from GResource;
 * - `lectern://style/typography.css`: the classes of every text size, line spacing and
 *   width the settings allow (lectern_reader_style_dup_sheet());
 * - `lectern://image/SHA256`: an image stored with an article, by the hash of its bytes.
 *
 * Every answer carries a Content-Security-Policy that lets nothing but our style sheets
 * and stored images load, so a saved page can neither run, nor restyle the reader, nor
 * reach the network.
 */
struct _LecternReaderScheme
{
  GObject              parent_instance;

  /* Owned */
  LecternArticleStore *store;
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (LecternReaderScheme, lectern_reader_scheme, G_TYPE_OBJECT)

#define LECTERN_READER_RESOURCE_PATH "/app/lectern/Lectern/reader/"
#define LECTERN_READER_STYLE_URI "lectern://style/reader.css"
#define LECTERN_READER_TYPOGRAPHY_URI "lectern://style/typography.css"

static void
lectern_reader_scheme_finalize (GObject *object)
{
  LecternReaderScheme *self = LECTERN_READER_SCHEME (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lectern_reader_scheme_parent_class)->finalize (object);
}

static void
lectern_reader_scheme_class_init (LecternReaderSchemeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lectern_reader_scheme_finalize;
}

static void
lectern_reader_scheme_init (LecternReaderScheme *self)
{
}

/**
 * lectern_reader_scheme_new:
 * @store: (nullable): the library to read articles from
 *
 * Returns: (transfer full): a new #LecternReaderScheme
 */
LecternReaderScheme *
lectern_reader_scheme_new (LecternArticleStore *store)
{
  LecternReaderScheme *self = g_object_new (LECTERN_TYPE_READER_SCHEME, NULL);

  g_set_object (&self->store, store);
  return self;
}

/**
 * lectern_reader_scheme_set_settings:
 * @settings: (nullable): the application's settings
 *
 * Makes articles render with the typography and colours @settings choose, so the first paint
 * is already right and the reader view only has to follow later changes.
 */
void
lectern_reader_scheme_set_settings (LecternReaderScheme *self,
                                    GSettings           *settings)
{
  g_return_if_fail (LECTERN_IS_READER_SCHEME (self));

  g_set_object (&self->settings, settings);
}

/**
 * lectern_reader_scheme_dup_article_uri:
 * @id: an article id
 *
 * Returns: (transfer full): the URI the reader view loads to show article @id
 */
char *
lectern_reader_scheme_dup_article_uri (gint64 id)
{
  return g_strdup_printf ("lectern://article/%" G_GINT64_FORMAT, id);
}

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (html, escaped);
}

/* A date as the header shows it. A day the page gave without a time of day is stored as
 * midnight UTC of that day and shows as that day in every zone (in local time it would be
 * the day before west of UTC); a date with a time is an instant, shown in the reader's
 * zone. An article made without a precision has it told from the time, as the library
 * does.
 */
static char *
format_date (gint64               time,
             LecternDatePrecision precision)
{
  g_autoptr (GDateTime) date = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  if (time <= 0)
    return NULL;

  if (precision == LECTERN_DATE_PRECISION_NONE)
    precision = lectern_date_precision_guess (time);
  if (precision == LECTERN_DATE_PRECISION_DAY)
    date = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  else
    date = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);
  if (!date)
    return NULL;

  /* This year's dates need no year, as a newspaper prints them. */
  if (g_date_time_get_year (date) == g_date_time_get_year (now))
    /* Translators: the date an article was published this year, as strftime format; e.g.
     * "%-d %B" gives "19 March", and "%-m月%-d日" gives "3月19日".
     */
    return g_date_time_format (date, _("%-d %B"));

  /* Translators: the date an article was published, as strftime format; e.g. "%-d %B %Y"
   * gives "19 March 2025", and "%Y年%-m月%-d日" gives "2025年3月19日".
   */
  return g_date_time_format (date, _("%-d %B %Y"));
}

/* The header's date: when the article was published. A change the page dates on a later
 * day than that is told quietly, in the date's tooltip (@updated); one the same day is not
 * worth a word. A page that dates only its last change shows that, said as such.
 */
static char *
dup_header_date (LecternArticle  *article,
                 char           **updated)
{
  gint64 published_at = lectern_article_get_published_at (article);
  gint64 modified_at = lectern_article_get_modified_at (article);
  g_autofree char *published = NULL;
  g_autofree char *modified = NULL;

  *updated = NULL;
  published = format_date (published_at, lectern_article_get_published_precision (article));
  if (modified_at > published_at)
    modified = format_date (modified_at, lectern_article_get_modified_precision (article));
  if (!modified || g_strcmp0 (modified, published) == 0)
    return g_steal_pointer (&published);

  /* Translators: when the page says the article last changed: the tooltip of the date it
   * was published, or the header's date when the page gives only this one; %s is a date in
   * the form of "%-d %B %Y" above, such as "20 March 2025".
   */
  *updated = g_strdup_printf (_("Updated %s"), modified);
  if (!published)
    return g_steal_pointer (updated);

  return g_steal_pointer (&published);
}

/**
 * lectern_reader_scheme_render_article:
 * @article: a stored article
 * @style: how to show it
 *
 * Puts @article into the reader template. The body is the sanitised HTML the library keeps;
 * every other field is escaped here.
 *
 * Returns: (transfer full): the complete HTML document
 */
char *
lectern_reader_scheme_render_article (LecternArticle           *article,
                                      const LecternReaderStyle *style)
{
  GString *html = g_string_sized_new (4096 + strlen (lectern_article_get_body_html (article)
                                                     ? lectern_article_get_body_html (article)
                                                     : ""));
  g_autofree char *title = lectern_article_dup_display_title (article);
  g_autofree char *site = lectern_article_dup_display_site (article);
  g_autofree char *updated = NULL;
  g_autofree char *date = dup_header_date (article, &updated);
  const char *language = lectern_article_get_language (article);
  const char *byline = lectern_article_get_byline (article);
  const char *body = lectern_article_get_body_html (article);
  const char *url = lectern_article_get_url (article);
  guint minutes = lectern_article_get_reading_minutes (article);
  g_autoptr (GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  gboolean web_url = uri && lectern_url_scheme_is_web (g_uri_get_scheme (uri));
  g_autofree char *classes = lectern_reader_style_dup_classes (style);

  g_string_append (html, "<!DOCTYPE html>\n<html");
  if (language && *language) {
    g_string_append (html, " lang=\"");
    append_escaped (html, language);
    g_string_append_c (html, '"');
  }
  /* The page's first paint already has the reader's colours and typography: the classes
   * are there, and style sheets in the head hold the paint until they are in.
   */
  g_string_append_printf (html, " dir=\"%s\" class=\"%s\">\n",
                          lectern_text_direction_to_string (lectern_article_get_direction (article)),
                          classes);
  g_string_append (html,
                   "<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"" LECTERN_READER_CSP "\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<link rel=\"stylesheet\" href=\"" LECTERN_READER_STYLE_URI "\">\n"
                   "<link rel=\"stylesheet\" href=\"" LECTERN_READER_TYPOGRAPHY_URI "\">\n"
                   "<title>");
  append_escaped (html, title);
  g_string_append (html, "</title>\n</head>\n<body>\n<article id=\"lectern-article\">\n"
                         "<header class=\"lectern-header\">\n<h1 class=\"lectern-title\" dir=\"auto\">");
  append_escaped (html, title);
  g_string_append (html, "</h1>\n<p class=\"lectern-meta\">");

  if (web_url) {
    g_string_append (html, "<a class=\"lectern-site\" href=\"");
    append_escaped (html, url);
    g_string_append (html, "\" rel=\"noopener noreferrer\">");
    append_escaped (html, site);
    g_string_append (html, "</a>");
  } else {
    g_string_append (html, "<span class=\"lectern-site\">");
    append_escaped (html, site);
    g_string_append (html, "</span>");
  }
  if (byline && *byline) {
    g_string_append (html, "<span class=\"lectern-byline\" dir=\"auto\">");
    append_escaped (html, byline);
    g_string_append (html, "</span>");
  }
  if (date) {
    g_string_append (html, "<span class=\"lectern-date\"");
    if (updated) {
      g_string_append (html, " title=\"");
      append_escaped (html, updated);
      g_string_append_c (html, '"');
    }
    g_string_append_c (html, '>');
    append_escaped (html, date);
    g_string_append (html, "</span>");
  }
  if (minutes > 0) {
    g_autofree char *reading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u min read",
                                                             "%u min read",
                                                             minutes),
                                                minutes);

    g_string_append (html, "<span class=\"lectern-reading-time\">");
    append_escaped (html, reading);
    g_string_append (html, "</span>");
  }
  g_string_append (html, "</p>\n</header>\n<div class=\"lectern-body\">\n");

  if (body && *body) {
    g_string_append (html, body);
  } else {
    g_string_append (html, "<p class=\"lectern-empty\">");
    append_escaped (html, _("This article has no text. Open the original to read it on the web."));
    g_string_append (html, "</p>");
  }
  g_string_append (html, "\n</div>\n</article>\n</body>\n</html>\n");

  return g_string_free (html, FALSE);
}

static void
finish_with_bytes (WebKitURISchemeRequest *request,
                   GBytes                 *bytes,
                   const char             *content_type)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (WebKitURISchemeResponse) response = NULL;
  SoupMessageHeaders *headers;

  response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  webkit_uri_scheme_response_set_content_type (response, content_type);
  webkit_uri_scheme_response_set_status (response, 200, NULL);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  soup_message_headers_append (headers, "Content-Security-Policy", LECTERN_READER_CSP);
  soup_message_headers_append (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  /* These headers take the place of the response's own: without the type among them, a
   * style sheet has none, and a page in standards mode ignores it.
   */
  if (content_type)
    soup_message_headers_set_content_type (headers, content_type, NULL);
  webkit_uri_scheme_response_set_http_headers (response, headers);

  webkit_uri_scheme_request_finish_with_response (request, response);
}

static void
finish_with_error (WebKitURISchemeRequest *request,
                   GQuark                  domain,
                   int                     code,
                   const char             *message)
{
  g_autoptr (GError) error = g_error_new_literal (domain, code, message);

  webkit_uri_scheme_request_finish_error (request, error);
}

static void
handle_article (LecternReaderScheme    *self,
                WebKitURISchemeRequest *request,
                const char             *id_string)
{
  g_autoptr (LecternArticle) article = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  LecternReaderStyle style;
  char *html;
  gint64 id;

  if (!g_ascii_string_to_signed (id_string, 10, 1, G_MAXINT64, &id, NULL)) {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("This is not the address of an article"));
    return;
  }

  if (self->store)
    article = lectern_article_store_get (self->store, id, &error);
  if (!article) {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       error ? error->message : _("The library is not open"));
    return;
  }

  if (self->settings)
    lectern_reader_style_init_from_settings (&style, self->settings,
                                             adw_style_manager_get_dark (style_manager));
  else
    lectern_reader_style_init_default (&style, adw_style_manager_get_dark (style_manager));
  html = lectern_reader_scheme_render_article (article, &style);
  bytes = g_bytes_new_take (html, strlen (html));
  finish_with_bytes (request, bytes, "text/html");
}

static gboolean
is_sha256 (const char *string)
{
  gsize i;

  for (i = 0; string[i]; i++)
    if (!g_ascii_isxdigit (string[i]) || g_ascii_isupper (string[i]))
      return FALSE;
  return i == 64;
}

static void
handle_image (LecternReaderScheme    *self,
              WebKitURISchemeRequest *request,
              const char             *sha256)
{
  g_autofree char *content_type = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  if (!is_sha256 (sha256) || !self->store) {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such image"));
    return;
  }

  bytes = lectern_article_store_get_image (self->store, sha256, &content_type, &error);
  if (!bytes) {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       error ? error->message : _("No such image"));
    return;
  }
  finish_with_bytes (request, bytes, content_type);
}

static void
handle_style (WebKitURISchemeRequest *request,
              const char             *name)
{
  g_autoptr (GBytes) bytes = NULL;

  /* Only the two sheets of the template: nothing else of GResource is served. */
  if (g_str_equal (name, "reader.css")) {
    bytes = g_resources_lookup_data (LECTERN_READER_RESOURCE_PATH "reader.css",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    g_assert (bytes);
  } else if (g_str_equal (name, "typography.css")) {
    char *sheet = lectern_reader_style_dup_sheet ();

    bytes = g_bytes_new_take (sheet, strlen (sheet));
  } else {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such page"));
    return;
  }
  finish_with_bytes (request, bytes, "text/css");
}

/**
 * lectern_reader_scheme_handle_request:
 * @request: a request for a `lectern:` URI
 * @user_data: the #LecternReaderScheme
 *
 * The #WebKitURISchemeRequestCallback of the `lectern:` scheme.
 */
void
lectern_reader_scheme_handle_request (WebKitURISchemeRequest *request,
                                      gpointer                user_data)
{
  LecternReaderScheme *self = LECTERN_READER_SCHEME (user_data);
  g_autoptr (GUri) uri = NULL;
  const char *host;
  const char *path;

  uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request), G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  path = uri ? g_uri_get_path (uri) : NULL;

  if (!host || !path || path[0] != '/') {
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Malformed address"));
    return;
  }

  if (g_str_equal (host, "article"))
    handle_article (self, request, path + 1);
  else if (g_str_equal (host, "image"))
    handle_image (self, request, path + 1);
  else if (g_str_equal (host, "style"))
    handle_style (request, path + 1);
  else
    finish_with_error (request, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such page"));
}
