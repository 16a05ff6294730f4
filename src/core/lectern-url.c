/* lectern-url.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-url.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

/* How web addresses are parsed everywhere in this module. The path and query keep their
 * percent-encoding (GLib only upper-cases the hex digits, decodes the unreserved
 * characters and encodes bytes that may not appear raw), so "%2F" never turns into a "/"
 * that would change the address. The host is decoded and an internationalised name is
 * converted to its ASCII (punycode) form. Relaxed parsing forgives the stray spaces of
 * addresses copied from text.
 */
#define WEB_URI_FLAGS (G_URI_FLAGS_PARSE_RELAXED | \
                       G_URI_FLAGS_ENCODED_PATH | \
                       G_URI_FLAGS_ENCODED_QUERY | \
                       G_URI_FLAGS_ENCODED_FRAGMENT)

/* Query parameters that only tell a site where a visitor came from. Removing them makes
 * the links that a newsletter, a search ad and a social network give for one article
 * compare equal. Only names that never select content belong here.
 *   utm_*            Google Analytics campaigns (any utm_ prefix)
 *   fbclid           Facebook
 *   gclid, gclsrc, dclid, gbraid, wbraid, _ga, _gl
 *                    Google Ads, DoubleClick and Analytics linkers
 *   msclkid          Microsoft Advertising
 *   twclid, ref_src  Twitter/X
 *   ttclid           TikTok
 *   li_fat_id        LinkedIn
 *   igshid           Instagram
 *   yclid            Yandex
 *   mc_cid, mc_eid   Mailchimp
 *   _hsenc, _hsmi    HubSpot
 *   mkt_tok          Marketo
 */
static const char * const tracking_parameters[] = {
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "_ga",
  "_gl",
  "msclkid",
  "twclid",
  "ref_src",
  "ttclid",
  "li_fat_id",
  "igshid",
  "yclid",
  "mc_cid",
  "mc_eid",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
};

G_DEFINE_QUARK (lectern-url-error-quark, lectern_url_error)

/**
 * lectern_url_scheme_is_web:
 * @scheme: (nullable): the scheme of an address, as GUri gives it
 *
 * The one test for the schemes of the web: http and https are what Lectern saves, fetches
 * and opens in the browser. Schemes compare without regard to case.
 *
 * Returns: whether @scheme is http or https
 */
gboolean
lectern_url_scheme_is_web (const char *scheme)
{
  return scheme && (g_ascii_strcasecmp (scheme, "http") == 0 ||
                    g_ascii_strcasecmp (scheme, "https") == 0);
}

static gboolean
is_valid_host (const char *host)
{
  const char *p;

  if (!host || *host == '\0')
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  /* After GLib's decoding and punycode conversion a DNS name is dot-separated labels of
   * ASCII letters, digits and inner hyphens; one trailing dot is allowed. Underscores are
   * not valid in host names but real sites use them, and browsers accept them.
   */
  for (p = host; *p; ) {
    const char *label = p;
    gsize length;

    while (*p && *p != '.') {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
      p++;
    }

    length = p - label;
    if (length == 0 || length > 63 || label[0] == '-' || label[length - 1] == '-')
      return FALSE;

    if (*p == '.')
      p++;
  }

  return TRUE;
}

/* Whether GUri can write @uri out again. Relaxed parsing lets through addresses it then
 * refuses to join, with a critical warning and %NULL: "http://host;x/a" ends the host at
 * ';' and keeps ";x/a" as a path, which no URI with a host can have.
 */
static gboolean
is_writable (GUri *uri)
{
  const char *path = g_uri_get_path (uri);

  if (g_uri_get_host (uri))
    return path[0] == '\0' || path[0] == '/';

  return path[0] != '/' || path[1] != '/';
}

static void
set_invalid_error (GError     **error,
                   const char  *url,
                   const char  *reason)
{
  g_debug ("Not a web address: “%s”: %s", url, reason);
  g_set_error_literal (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID,
                       _("This is not a valid web address"));
}

/* Parses @url, which must be an http or https address with a host. */
static GUri *
parse_web_url (const char  *url,
               GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (url));
  const char *scheme;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GUri) uri = NULL;

  if (*stripped == '\0') {
    set_invalid_error (error, url, "empty");
    return NULL;
  }

  scheme = g_uri_peek_scheme (stripped);
  if (!scheme) {
    set_invalid_error (error, url, "no scheme");
    return NULL;
  }

  if (!lectern_url_scheme_is_web (scheme)) {
    g_debug ("Refusing the %s: address “%s”", scheme, url);
    g_set_error_literal (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_UNSUPPORTED_SCHEME,
                         _("Only web addresses (http and https) can be saved"));
    return NULL;
  }

  uri = g_uri_parse (stripped, WEB_URI_FLAGS, &local_error);
  if (!uri) {
    set_invalid_error (error, url, local_error->message);
    return NULL;
  }

  if (!is_valid_host (g_uri_get_host (uri))) {
    set_invalid_error (error, url, "no valid host");
    return NULL;
  }

  if (!is_writable (uri)) {
    set_invalid_error (error, url, "the host is followed by a relative path");
    return NULL;
  }

  return g_steal_pointer (&uri);
}

static gboolean
is_tracking_parameter (const char *name,
                       gsize       length)
{
  gsize i;

  if (length > 4 && g_ascii_strncasecmp (name, "utm_", 4) == 0)
    return TRUE;

  for (i = 0; i < G_N_ELEMENTS (tracking_parameters); i++) {
    if (strlen (tracking_parameters[i]) == length &&
        g_ascii_strncasecmp (name, tracking_parameters[i], length) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Returns @query without empty and tracking parameters, in their order, or %NULL when
 * none is left. The query is still percent-encoded, so a "&" or "=" inside a value is
 * "%26" or "%3D" and cannot be mistaken for a separator.
 */
static char *
filter_query (const char *query)
{
  g_auto (GStrv) parameters = NULL;
  g_autoptr (GString) kept = NULL;
  guint i;

  if (!query || *query == '\0')
    return NULL;

  kept = g_string_new (NULL);
  parameters = g_strsplit (query, "&", -1);
  for (i = 0; parameters[i]; i++) {
    const char *parameter = parameters[i];
    const char *equals = strchr (parameter, '=');
    gsize name_length = equals ? (gsize)(equals - parameter) : strlen (parameter);

    if (*parameter == '\0' || is_tracking_parameter (parameter, name_length))
      continue;

    if (kept->len > 0)
      g_string_append_c (kept, '&');
    g_string_append (kept, parameter);
  }

  if (kept->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

/**
 * lectern_url_normalize:
 * @url: a web address
 * @error: return location for a #LecternUrlError
 *
 * Gives the canonical form of @url that duplicate detection compares, so that two links
 * to one article give the same string. It
 *
 * - lower-cases the scheme and the host, and turns an internationalised host into its
 *   ASCII form (`münchen.de` becomes `xn--mnchen-3ya.de`);
 * - drops a default port (80 for http, 443 for https) and a trailing dot of the host;
 * - drops the fragment;
 * - removes the tracking parameters of the query (`utm_*`, `fbclid`, `gclid`, … the list
 *   is in lectern-url.c) and empty ones, keeping the others in their order, and drops a
 *   query that is left empty;
 * - turns an empty path into "/" and resolves "." and ".." segments.
 *
 * Percent-encoded bytes in the path and query stay encoded.
 *
 * Returns: (transfer full) (nullable): the normalised address, or %NULL with @error set to
 *   %LECTERN_URL_ERROR_UNSUPPORTED_SCHEME for anything but http and https, or to
 *   %LECTERN_URL_ERROR_INVALID when @url is not a valid web address
 */
char *
lectern_url_normalize (const char  *url,
                       GError     **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *query = NULL;
  const char *path;
  int port;
  gsize host_length;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_web_url (url, error);
  if (!uri)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  /* "example.org." names the same host as "example.org". */
  host_length = strlen (host);
  if (host_length > 1 && host[host_length - 1] == '.')
    host[host_length - 1] = '\0';

  port = g_uri_get_port (uri);
  if ((port == 80 && g_str_equal (scheme, "http")) ||
      (port == 443 && g_str_equal (scheme, "https")))
    port = -1;

  path = g_uri_get_path (uri);
  if (*path == '\0')
    path = "/";

  query = filter_query (g_uri_get_query (uri));

  return g_uri_join (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                     scheme, g_uri_get_userinfo (uri), host, port, path, query, NULL);
}

/**
 * lectern_url_is_fetchable:
 * @url: an address
 * @error: return location for a #LecternUrlError
 *
 * Checks that @url is an http or https address with a host, the only kind Lectern
 * downloads.
 *
 * Returns: %TRUE if @url can be fetched; otherwise %FALSE with @error set as
 *   lectern_url_normalize() sets it
 */
gboolean
lectern_url_is_fetchable (const char  *url,
                          GError     **error)
{
  g_autoptr (GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = parse_web_url (url, error);
  return uri != NULL;
}

/**
 * lectern_url_from_uri:
 * @uri: a parsed address
 * @flags: the parts to leave out, as for g_uri_to_string_partial()
 *
 * Writes @uri out as g_uri_to_string_partial() does, but tells when that cannot be done
 * instead of logging a critical warning. Relaxed parsing accepts addresses GUri then
 * cannot write: "http://host;x/a" has the host "host" and the path ";x/a", which no
 * address with a host can have. Use this for any address that came from a page or a
 * server.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL if @uri cannot be written
 */
char *
lectern_url_from_uri (GUri          *uri,
                      GUriHideFlags  flags)
{
  g_return_val_if_fail (uri != NULL, NULL);

  if (!is_writable (uri))
    return NULL;

  return g_uri_to_string_partial (uri, flags);
}

/* @host as people write it: an internationalised name that is stored in its ASCII
 * form ("xn--mnchen-3ya.de") in Unicode ("münchen.de"), in lower case. An IP address
 * stays as it is.
 */
static char *
dup_host_for_display (const char *host)
{
  g_autofree char *unicode = NULL;

  if (g_hostname_is_ip_address (host))
    return g_strdup (host);

  /* Punycode keeps the case it was written in ("Xn--Mnchen-3ya" is "München"). */
  unicode = g_hostname_to_unicode (host);
  if (!unicode)
    unicode = g_utf8_make_valid (host, -1);
  return g_utf8_strdown (unicode, -1);
}

/**
 * lectern_url_for_display:
 * @url: an address
 *
 * Gives @url as a reader would like to see it: its host as
 * lectern_url_dup_display_host() writes it, but whole (`www.` and the port stay, since
 * this is the address, not the site). An internationalised host that is stored in its
 * ASCII form (`xn--mnchen-3ya.de`) is shown in Unicode (`münchen.de`). The result is for
 * showing only; never fetch or compare it.
 *
 * Returns: (transfer full): the address to show; a copy of @url when it cannot be parsed
 *   or has nothing to convert
 */
char *
lectern_url_for_display (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (!uri || !g_uri_get_host (uri) || !*g_uri_get_host (uri) || !is_writable (uri))
    return g_strdup (url);

  host = dup_host_for_display (g_uri_get_host (uri));
  if (strcmp (host, g_uri_get_host (uri)) == 0)
    return g_strdup (url);

  return g_uri_join (G_URI_FLAGS_ENCODED,
                     g_uri_get_scheme (uri),
                     g_uri_get_userinfo (uri),
                     host,
                     g_uri_get_port (uri),
                     g_uri_get_path (uri),
                     g_uri_get_query (uri),
                     g_uri_get_fragment (uri));
}

/**
 * lectern_url_dup_display_host:
 * @uri: an address
 *
 * Gives the host of @uri the way Lectern names a site wherever it shows one: in the list
 * and the reader when a page gives no site name, and in messages about a fetch. An
 * internationalised name is shown in Unicode (`xn--bcher-kva.example` is
 * `bücher.example`), in lower case, without a leading `www.` (`www.example.org` is
 * `example.org`, but `www.org` stays), and without the port, which names no site. An
 * IPv6 address is shown in brackets (`[::1]`), as it is written in an address.
 *
 * Returns: (transfer full) (nullable): the host to show, or %NULL if @uri has none
 */
char *
lectern_url_dup_display_host (GUri *uri)
{
  const char *host;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  host = g_uri_get_host (uri);
  if (!host || !*host)
    return NULL;

  if (strchr (host, ':'))
    return g_strdup_printf ("[%s]", host);

  shown = dup_host_for_display (host);
  if (g_str_has_prefix (shown, "www.") && strchr (shown + 4, '.'))
    return g_strdup (shown + 4);

  return g_steal_pointer (&shown);
}

/* Whether @host ends in a known top-level domain (or is an IPv4 address), so that a word
 * with a dot such as "e.g", "3.14" or "notes.txt" is not taken for a site.
 */
static gboolean
has_public_suffix (const char *host)
{
  const char *last_dot;

  if (g_hostname_is_ip_address (host))
    return strchr (host, ':') == NULL;

  last_dot = strrchr (host, '.');
  if (!last_dot || last_dot == host || last_dot[1] == '\0')
    return FALSE;

  return soup_tld_domain_is_public_suffix (last_dot + 1);
}

/**
 * lectern_url_guess_from_text:
 * @text: text a user typed, pasted or dropped
 *
 * Finds the web address in @text, for the add-article entry and the clipboard. Leading
 * and trailing white space is ignored. An http or https address is returned as it is;
 * a bare host with a known top-level domain, with or without a path
 * (`example.org/page`, `www.example.org:8080/`), gets `https://` in front. Anything else
 * (several words, an e-mail address, another scheme, "notes.txt") gives %NULL.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL if @text is not one
 */
char *
lectern_url_guess_from_text (const char *text)
{
  g_autofree char *trimmed = NULL;
  const char *scheme;
  g_autofree char *candidate = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *p;

  if (!text)
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    return NULL;

  for (p = trimmed; *p; p++) {
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return NULL;
  }

  scheme = g_uri_peek_scheme (trimmed);
  if (lectern_url_scheme_is_web (scheme)) {
    if (!lectern_url_is_fetchable (trimmed, NULL))
      return NULL;
    return g_steal_pointer (&trimmed);
  }

  /* "example.org:8080/page" looks like a URI whose scheme is "example.org"; a port after
   * the colon tells it apart from "mailto:" or "javascript:".
   */
  if (scheme) {
    gsize length = strlen (scheme);

    if (trimmed[length] != ':' || !g_ascii_isdigit (trimmed[length + 1]))
      return NULL;
  }

  if (strstr (trimmed, "://"))
    return NULL;

  candidate = g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (candidate, WEB_URI_FLAGS, NULL);
  if (!uri || g_uri_get_userinfo (uri) || !is_valid_host (g_uri_get_host (uri)) ||
      !is_writable (uri))
    return NULL;

  if (!has_public_suffix (g_uri_get_host (uri)))
    return NULL;

  return g_steal_pointer (&candidate);
}
