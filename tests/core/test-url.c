/* test-url.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-url.h"

#define NOT_WEB_MESSAGE "Only web addresses (http and https) can be saved"
#define INVALID_MESSAGE "This is not a valid web address"

static void
test_url_normalize (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    /* Scheme and host case; the path keeps its case. */
    { "HTTP://Example.ORG/Path", "http://example.org/Path" },
    { "HtTpS://WWW.EXAMPLE.ORG/A", "https://www.example.org/A" },
    /* Default ports go, others stay. */
    { "http://example.org:80/a", "http://example.org/a" },
    { "https://example.org:443/a", "https://example.org/a" },
    { "http://example.org:443/a", "http://example.org:443/a" },
    { "https://example.org:8443/a", "https://example.org:8443/a" },
    /* An empty path is "/"; dot segments are resolved. */
    { "https://example.org", "https://example.org/" },
    { "https://example.org?x=1", "https://example.org/?x=1" },
    { "https://example.org/a/../b/./c", "https://example.org/b/c" },
    /* Fragments go. */
    { "https://example.org/a#section-2", "https://example.org/a" },
    { "https://example.org/a?x=1#top", "https://example.org/a?x=1" },
    /* An empty query goes. */
    { "https://example.org/a?", "https://example.org/a" },
    { "https://example.org/a?#", "https://example.org/a" },
    { "https://example.org/a?&&", "https://example.org/a" },
    /* Tracking parameters go; the others keep their order. */
    { "https://example.org/a?utm_source=news&utm_medium=email&utm_campaign=x",
      "https://example.org/a" },
    { "https://example.org/a?id=3&utm_source=x&page=2&fbclid=abc&gclid=1",
      "https://example.org/a?id=3&page=2" },
    { "https://example.org/a?b=2&a=1&c", "https://example.org/a?b=2&a=1&c" },
    { "https://example.org/a?&&id=1&", "https://example.org/a?id=1" },
    { "https://example.org/a?UTM_Source=x&q=1", "https://example.org/a?q=1" },
    { "https://example.org/a?msclkid=1&dclid=2&mc_cid=3&mc_eid=4&igshid=5&yclid=6&_ga=7"
      "&_gl=8&ref_src=9&keep=yes",
      "https://example.org/a?keep=yes" },
    /* Look-alikes of tracking names stay. */
    { "https://example.org/a?utm=1&utm_=2&fbclid2=3&ref=4",
      "https://example.org/a?utm=1&utm_=2&fbclid2=3&ref=4" },
    /* Encoded separators are not separators. */
    { "https://example.org/a?q=a%26utm_source%3Dx", "https://example.org/a?q=a%26utm_source%3Dx" },
    /* Encoded bytes stay encoded, with upper-case hex; unreserved ones are decoded. */
    { "https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9" },
    { "https://example.org/a%2Fb", "https://example.org/a%2Fb" },
    { "https://example.org/%7Euser", "https://example.org/~user" },
    { "https://example.org/caf\xc3\xa9", "https://example.org/caf%C3%A9" },
    { "https://example.org/a b", "https://example.org/a%20b" },
    /* International hosts become punycode. */
    { "https://m\xc3\xbcnchen.de/", "https://xn--mnchen-3ya.de/" },
    { "https://M\xc3\x9cNCHEN.de/", "https://xn--mnchen-3ya.de/" },
    { "https://xn--mnchen-3ya.de/", "https://xn--mnchen-3ya.de/" },
    { "https://XN--MNCHEN-3YA.DE/", "https://xn--mnchen-3ya.de/" },
    { "https://\xe4\xbe\x8b\xe5\xad\x90.\xe6\xb5\x8b\xe8\xaf\x95/",
      "https://xn--fsqu00a.xn--0zwm56d/" },
    /* White space around, a trailing dot of the host, IP addresses, user info. */
    { "  https://example.org/a \n", "https://example.org/a" },
    { "https://example.org./a", "https://example.org/a" },
    { "http://127.0.0.1:80/x", "http://127.0.0.1/x" },
    { "http://[::1]:80/", "http://[::1]/" },
    { "http://[::1]:8080/", "http://[::1]:8080/" },
    { "https://reader@example.org/", "https://reader@example.org/" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *out = NULL;

    g_test_message ("normalising “%s”", cases[i].in);
    out = lectern_url_normalize (cases[i].in, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, cases[i].out);
  }
}

static void
test_url_normalize_equal (void)
{
  /* Pairs of links to one article. */
  static const char * const pairs[][2] = {
    { "https://m\xc3\xbcnchen.de/stadt", "https://xn--mnchen-3ya.de/stadt" },
    { "https://Example.org:443/post?id=7&utm_source=rss#comments",
      "https://example.org/post?id=7" },
    { "http://example.org/a?fbclid=IwAR0", "http://example.org:80/a" },
    { "https://example.org/caf%C3%A9", "https://example.org/caf\xc3\xa9" },
    { "https://example.org", "https://example.org/?" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (pairs); i++) {
    g_autofree char *a = lectern_url_normalize (pairs[i][0], NULL);
    g_autofree char *b = lectern_url_normalize (pairs[i][1], NULL);

    g_assert_nonnull (a);
    g_assert_cmpstr (a, ==, b);
  }

  /* And links to different articles stay different. */
  {
    g_autofree char *a = lectern_url_normalize ("https://example.org/a?id=1", NULL);
    g_autofree char *b = lectern_url_normalize ("https://example.org/a?id=2", NULL);
    g_autofree char *c = lectern_url_normalize ("http://example.org/a?id=1", NULL);
    g_autofree char *d = lectern_url_normalize ("https://example.org/A?id=1", NULL);

    g_assert_cmpstr (a, !=, b);
    g_assert_cmpstr (a, !=, c);
    g_assert_cmpstr (a, !=, d);
  }
}

static void
test_url_unsupported_scheme (void)
{
  static const char * const urls[] = {
    "javascript:alert(1)",
    "JAVASCRIPT:alert(document.cookie)",
    "file:///etc/passwd",
    "ftp://example.org/file.txt",
    "data:text/html,<script>alert(1)</script>",
    "about:blank",
    "mailto:reader@example.org",
    "chrome://settings",
    "ws://example.org/socket",
    "  vbscript:msgbox  ",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) fetchable_error = NULL;
    g_autofree char *out = NULL;

    g_test_message ("refusing “%s”", urls[i]);
    out = lectern_url_normalize (urls[i], &error);
    g_assert_null (out);
    g_assert_error (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_UNSUPPORTED_SCHEME);
    g_assert_cmpstr (error->message, ==, NOT_WEB_MESSAGE);

    g_assert_false (lectern_url_is_fetchable (urls[i], &fetchable_error));
    g_assert_error (fetchable_error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_UNSUPPORTED_SCHEME);
    g_assert_cmpstr (fetchable_error->message, ==, NOT_WEB_MESSAGE);

    g_assert_null (lectern_url_guess_from_text (urls[i]));
  }
}

static void
test_url_invalid (void)
{
  static const char * const urls[] = {
    "",
    "   ",
    "not a url",
    "example.org/page",
    "http://",
    "https://",
    "https:///path",
    "http:example.org",
    "http://exa mple.org/",
    "http://example.org:99999/",
    "http://example.org:port/",
    "http://[::1/",
    "https://%zz/",
    "https://-/",
    "https://.example.org/",
    "https://exa<mple.org/",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) fetchable_error = NULL;
    g_autofree char *out = NULL;

    g_test_message ("rejecting “%s”", urls[i]);
    out = lectern_url_normalize (urls[i], &error);
    g_assert_null (out);
    g_assert_error (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, INVALID_MESSAGE);

    g_assert_false (lectern_url_is_fetchable (urls[i], &fetchable_error));
    g_assert_error (fetchable_error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID);
  }
}

static void
test_url_is_fetchable (void)
{
  static const char * const urls[] = {
    "http://example.org",
    "https://example.org/a?b#c",
    "https://m\xc3\xbcnchen.de/",
    "http://127.0.0.1:8080/",
    "http://[::1]/",
    " https://example.org/ ",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (GError) error = NULL;

    g_assert_true (lectern_url_is_fetchable (urls[i], &error));
    g_assert_no_error (error);
  }
}

static void
test_url_for_display (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "https://xn--mnchen-3ya.de/a?b=1#c", "https://m\xc3\xbcnchen.de/a?b=1#c" },
    { "https://xn--fsqu00a.xn--0zwm56d/",
      "https://\xe4\xbe\x8b\xe5\xad\x90.\xe6\xb5\x8b\xe8\xaf\x95/" },
    { "https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9" },
    { "http://example.org:8080/x", "http://example.org:8080/x" },
    /* The host as the site is shown, but whole: the address keeps "www.". */
    { "https://WWW.Xn--Mnchen-3ya.DE/A", "https://www.m\xc3\xbcnchen.de/A" },
    { "not a url", "not a url" },
    { "", "" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *out = lectern_url_for_display (cases[i].in);

    g_assert_cmpstr (out, ==, cases[i].out);
  }
}

static void
test_url_display_host (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "https://example.org/a", "example.org" },
    /* "www." names no site of its own, unless nothing but a top-level domain is left. */
    { "https://www.example.co.uk/news", "example.co.uk" },
    { "https://www.org/", "www.org" },
    { "https://wwwexample.org/", "wwwexample.org" },
    { "https://news.www.example.org/", "news.www.example.org" },
    /* Lower case, and internationalised names in Unicode, "www." or not. */
    { "https://WWW.Example.ORG/", "example.org" },
    { "https://xn--bcher-kva.example/", "b\xc3\xbc" "cher.example" },
    { "https://www.xn--mnchen-3ya.de/", "m\xc3\xbcnchen.de" },
    { "https://xn--fsqu00a.xn--0zwm56d/", "\xe4\xbe\x8b\xe5\xad\x90.\xe6\xb5\x8b\xe8\xaf\x95" },
    /* No port, default or not; addresses as they are. */
    { "http://example.org:8080/x", "example.org" },
    { "https://user@example.org:443/", "example.org" },
    { "http://127.0.0.1:41234/post/518.html", "127.0.0.1" },
    { "http://[::1]:8080/", "[::1]" },
    /* No host, nothing to show. */
    { "file:///home/reader/page.html", NULL },
    { "mailto:someone@example.org", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GUri) uri = g_uri_parse (cases[i].in, G_URI_FLAGS_NONE, NULL);
    g_autofree char *host = NULL;

    g_test_message ("showing the host of “%s”", cases[i].in);
    g_assert_nonnull (uri);
    host = lectern_url_dup_display_host (uri);
    g_assert_cmpstr (host, ==, cases[i].out);
  }
}

static void
test_url_guess (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "https://example.org/a", "https://example.org/a" },
    { "  http://example.org/a?b=1\n", "http://example.org/a?b=1" },
    { "HTTPS://Example.org", "HTTPS://Example.org" },
    { "example.org", "https://example.org" },
    { "example.org/page", "https://example.org/page" },
    { "www.example.co.uk/news/1?x=2#y", "https://www.example.co.uk/news/1?x=2#y" },
    { "example.org:8080/x", "https://example.org:8080/x" },
    { "\texample.org/page  ", "https://example.org/page" },
    { "m\xc3\xbcnchen.de", "https://m\xc3\xbcnchen.de" },
    { "192.168.1.10/admin", "https://192.168.1.10/admin" },
    /* Not addresses. */
    { "", NULL },
    { "   ", NULL },
    { "hello world", NULL },
    { "see example.org", NULL },
    { "example", NULL },
    { "e.g.", NULL },
    { "notes.txt", NULL },
    { "3.14", NULL },
    { "example.", NULL },
    { ".org", NULL },
    { "someone@example.org", NULL },
    { "localhost:8080", NULL },
    { "http://", NULL },
    { "https://exa mple.org", NULL },
    { "ftp://example.org", NULL },
    { "mailto:someone@example.org", NULL },
    { "javascript:alert(1)", NULL },
    { "file:///home/reader/page.html", NULL },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *out = lectern_url_guess_from_text (cases[i].in);

    g_test_message ("guessing from “%s”", cases[i].in);
    g_assert_cmpstr (out, ==, cases[i].out);
  }

  g_assert_null (lectern_url_guess_from_text (NULL));
}

/* GUri ends a host at ';' and keeps the rest as a path it then refuses to write out
 * (g_uri_to_string () gives NULL). Such an address is not a web address.
 */
static void
test_url_unwritable (void)
{
  static const char * const urls[] = {
    "http://127.0.0.1;x/",
    "http://127.0.0.1:8080;x/a",
    "https://example.org;jsessionid=1/page",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *normalized = NULL;
    g_autofree char *shown = NULL;

    g_test_message ("checking “%s”", urls[i]);
    normalized = lectern_url_normalize (urls[i], &error);
    g_assert_null (normalized);
    g_assert_error (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, INVALID_MESSAGE);
    g_clear_error (&error);

    g_assert_false (lectern_url_is_fetchable (urls[i], &error));
    g_assert_error (error, LECTERN_URL_ERROR, LECTERN_URL_ERROR_INVALID);

    g_assert_null (lectern_url_guess_from_text (urls[i]));

    shown = lectern_url_for_display (urls[i]);
    g_assert_cmpstr (shown, ==, urls[i]);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/url/normalize", test_url_normalize);
  g_test_add_func ("/core/url/normalize-equal", test_url_normalize_equal);
  g_test_add_func ("/core/url/unsupported-scheme", test_url_unsupported_scheme);
  g_test_add_func ("/core/url/invalid", test_url_invalid);
  g_test_add_func ("/core/url/is-fetchable", test_url_is_fetchable);
  g_test_add_func ("/core/url/display-host", test_url_display_host);
  g_test_add_func ("/core/url/for-display", test_url_for_display);
  g_test_add_func ("/core/url/guess", test_url_guess);
  g_test_add_func ("/core/url/unwritable", test_url_unwritable);

  return g_test_run ();
}
