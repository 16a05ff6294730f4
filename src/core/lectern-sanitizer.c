/* lectern-sanitizer.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-sanitizer.h"

#include "lectern-url.h"
#include "lectern-xml-private.h"

#include <libxml/HTMLtree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* An allow-list sanitizer. A saved page is hostile input, so nothing passes
 * unless it is listed here: every element is kept, renamed to a harmless
 * block, unwrapped (its children stay), or dropped with everything inside;
 * every attribute not listed for its element goes; every URL is resolved to
 * an absolute http(s) URL (mailto: for links, raster data: for images) or
 * removed. Unknown elements are unwrapped rather than kept, so a tag nobody
 * has heard of yet cannot smuggle anything in.
 *
 * The walk over the tree is iterative: a page of 100,000 nested elements
 * must not exhaust the stack.
 */

typedef enum {
  ACTION_UNWRAP,
  ACTION_KEEP,
  ACTION_DROP,
  ACTION_DIV,
  ACTION_PRE,
  ACTION_HOIST,
  ACTION_KEEP_VOID,
} Action;

/* ACTION_HOIST and ACTION_KEEP_VOID are for elements that are void in HTML
 * but that libxml2 2.9's parser does not know as void (embed, source,
 * track, wbr …): it makes everything after them their children. Those
 * children are the page's own content, so the element goes (or, for
 * ACTION_KEEP_VOID, stays empty) and its children move up after it.
 */

typedef enum {
  ATTR_NONE     = 0,
  ATTR_HREF     = 1 << 0,
  ATTR_TITLE    = 1 << 1,
  ATTR_IMAGE    = 1 << 2,  /* src, srcset, alt, width, height */
  ATTR_CELL     = 1 << 3,  /* colspan, rowspan, headers */
  ATTR_SCOPE    = 1 << 4,
  ATTR_DATETIME = 1 << 5,
  ATTR_LIST     = 1 << 6,  /* start, reversed, type */
  ATTR_VALUE    = 1 << 7,
  ATTR_CITE     = 1 << 8,
  ATTR_SPAN     = 1 << 9,
  ATTR_OPEN     = 1 << 10,
  ATTR_MATH     = 1 << 11, /* how MathML lays out a formula: display, mathvariant… */
} AttrSet;

typedef struct {
  const char *name;
  Action      action;
  AttrSet     attrs;
} ElementRule;

/* Sorted by name for bsearch(). Elements not listed are unwrapped. */
static const ElementRule element_rules[] = {
  { "a", ACTION_KEEP, ATTR_HREF | ATTR_TITLE },
  { "abbr", ACTION_KEEP, ATTR_TITLE },
  { "address", ACTION_DIV, ATTR_NONE },
  { "annotation", ACTION_DROP, ATTR_NONE },
  { "annotation-xml", ACTION_DROP, ATTR_NONE },
  { "applet", ACTION_DROP, ATTR_NONE },
  { "area", ACTION_DROP, ATTR_NONE },
  { "article", ACTION_KEEP, ATTR_NONE },
  { "aside", ACTION_DIV, ATTR_NONE },
  { "audio", ACTION_DROP, ATTR_NONE },
  { "b", ACTION_KEEP, ATTR_NONE },
  { "base", ACTION_DROP, ATTR_NONE },
  { "basefont", ACTION_DROP, ATTR_NONE },
  { "bdi", ACTION_KEEP, ATTR_NONE },
  { "bdo", ACTION_KEEP, ATTR_NONE },
  { "bgsound", ACTION_HOIST, ATTR_NONE },
  { "blockquote", ACTION_KEEP, ATTR_CITE },
  { "br", ACTION_KEEP, ATTR_NONE },
  { "button", ACTION_DROP, ATTR_NONE },
  { "canvas", ACTION_DROP, ATTR_NONE },
  { "caption", ACTION_KEEP, ATTR_NONE },
  { "center", ACTION_DIV, ATTR_NONE },
  { "cite", ACTION_KEEP, ATTR_NONE },
  { "code", ACTION_KEEP, ATTR_NONE },
  { "col", ACTION_KEEP, ATTR_SPAN },
  { "colgroup", ACTION_KEEP, ATTR_SPAN },
  { "command", ACTION_HOIST, ATTR_NONE },
  { "datalist", ACTION_DROP, ATTR_NONE },
  { "dd", ACTION_KEEP, ATTR_NONE },
  { "del", ACTION_KEEP, ATTR_CITE | ATTR_DATETIME },
  { "details", ACTION_KEEP, ATTR_OPEN },
  { "dfn", ACTION_KEEP, ATTR_TITLE },
  { "dialog", ACTION_DROP, ATTR_NONE },
  { "div", ACTION_KEEP, ATTR_NONE },
  { "dl", ACTION_KEEP, ATTR_NONE },
  { "dt", ACTION_KEEP, ATTR_NONE },
  { "em", ACTION_KEEP, ATTR_NONE },
  { "embed", ACTION_HOIST, ATTR_NONE },
  { "fencedframe", ACTION_DROP, ATTR_NONE },
  { "fieldset", ACTION_DROP, ATTR_NONE },
  { "figcaption", ACTION_KEEP, ATTR_NONE },
  { "figure", ACTION_KEEP, ATTR_NONE },
  { "footer", ACTION_DIV, ATTR_NONE },
  { "form", ACTION_UNWRAP, ATTR_NONE },
  { "frame", ACTION_DROP, ATTR_NONE },
  { "frameset", ACTION_DROP, ATTR_NONE },
  { "h1", ACTION_KEEP, ATTR_NONE },
  { "h2", ACTION_KEEP, ATTR_NONE },
  { "h3", ACTION_KEEP, ATTR_NONE },
  { "h4", ACTION_KEEP, ATTR_NONE },
  { "h5", ACTION_KEEP, ATTR_NONE },
  { "h6", ACTION_KEEP, ATTR_NONE },
  { "head", ACTION_DROP, ATTR_NONE },
  { "header", ACTION_DIV, ATTR_NONE },
  { "hgroup", ACTION_DIV, ATTR_NONE },
  { "hr", ACTION_KEEP, ATTR_NONE },
  { "i", ACTION_KEEP, ATTR_NONE },
  { "iframe", ACTION_DROP, ATTR_NONE },
  { "image", ACTION_HOIST, ATTR_NONE },
  { "img", ACTION_KEEP, ATTR_IMAGE | ATTR_TITLE },
  { "input", ACTION_DROP, ATTR_NONE },
  { "ins", ACTION_KEEP, ATTR_CITE | ATTR_DATETIME },
  { "isindex", ACTION_DROP, ATTR_NONE },
  { "kbd", ACTION_KEEP, ATTR_NONE },
  { "keygen", ACTION_HOIST, ATTR_NONE },
  { "legend", ACTION_DROP, ATTR_NONE },
  { "li", ACTION_KEEP, ATTR_VALUE },
  { "link", ACTION_DROP, ATTR_NONE },
  { "listing", ACTION_PRE, ATTR_NONE },
  { "main", ACTION_DIV, ATTR_NONE },
  { "map", ACTION_DROP, ATTR_NONE },
  { "mark", ACTION_KEEP, ATTR_NONE },
  { "math", ACTION_KEEP, ATTR_MATH },
  { "menclose", ACTION_KEEP, ATTR_MATH },
  { "menuitem", ACTION_HOIST, ATTR_NONE },
  { "merror", ACTION_KEEP, ATTR_MATH },
  { "meta", ACTION_DROP, ATTR_NONE },
  { "meter", ACTION_DROP, ATTR_NONE },
  { "mfrac", ACTION_KEEP, ATTR_MATH },
  { "mglyph", ACTION_DROP, ATTR_NONE },
  { "mi", ACTION_KEEP, ATTR_MATH },
  { "mmultiscripts", ACTION_KEEP, ATTR_MATH },
  { "mn", ACTION_KEEP, ATTR_MATH },
  { "mo", ACTION_KEEP, ATTR_MATH },
  { "mover", ACTION_KEEP, ATTR_MATH },
  { "mpadded", ACTION_KEEP, ATTR_MATH },
  { "mphantom", ACTION_KEEP, ATTR_MATH },
  { "mprescripts", ACTION_KEEP, ATTR_NONE },
  { "mroot", ACTION_KEEP, ATTR_MATH },
  { "mrow", ACTION_KEEP, ATTR_MATH },
  { "ms", ACTION_KEEP, ATTR_MATH },
  { "mspace", ACTION_KEEP, ATTR_MATH },
  { "msqrt", ACTION_KEEP, ATTR_MATH },
  { "mstyle", ACTION_KEEP, ATTR_MATH },
  { "msub", ACTION_KEEP, ATTR_MATH },
  { "msubsup", ACTION_KEEP, ATTR_MATH },
  { "msup", ACTION_KEEP, ATTR_MATH },
  { "mtable", ACTION_KEEP, ATTR_MATH },
  { "mtd", ACTION_KEEP, ATTR_MATH },
  { "mtext", ACTION_KEEP, ATTR_MATH },
  { "mtr", ACTION_KEEP, ATTR_MATH },
  { "munder", ACTION_KEEP, ATTR_MATH },
  { "munderover", ACTION_KEEP, ATTR_MATH },
  { "nav", ACTION_DIV, ATTR_NONE },
  { "noembed", ACTION_DROP, ATTR_NONE },
  { "noframes", ACTION_DROP, ATTR_NONE },
  { "none", ACTION_KEEP, ATTR_NONE },
  { "noscript", ACTION_DROP, ATTR_NONE },
  { "object", ACTION_DROP, ATTR_NONE },
  { "ol", ACTION_KEEP, ATTR_LIST },
  { "optgroup", ACTION_DROP, ATTR_NONE },
  { "option", ACTION_DROP, ATTR_NONE },
  { "output", ACTION_DROP, ATTR_NONE },
  { "p", ACTION_KEEP, ATTR_NONE },
  { "param", ACTION_DROP, ATTR_NONE },
  { "plaintext", ACTION_PRE, ATTR_NONE },
  { "portal", ACTION_DROP, ATTR_NONE },
  { "pre", ACTION_KEEP, ATTR_NONE },
  { "progress", ACTION_DROP, ATTR_NONE },
  { "q", ACTION_KEEP, ATTR_CITE },
  { "rb", ACTION_KEEP, ATTR_NONE },
  { "rp", ACTION_KEEP, ATTR_NONE },
  { "rt", ACTION_KEEP, ATTR_NONE },
  { "rtc", ACTION_KEEP, ATTR_NONE },
  { "ruby", ACTION_KEEP, ATTR_NONE },
  { "s", ACTION_KEEP, ATTR_NONE },
  { "samp", ACTION_KEEP, ATTR_NONE },
  { "script", ACTION_DROP, ATTR_NONE },
  { "search", ACTION_DIV, ATTR_NONE },
  { "section", ACTION_KEEP, ATTR_NONE },
  { "select", ACTION_DROP, ATTR_NONE },
  { "semantics", ACTION_KEEP, ATTR_NONE },
  { "small", ACTION_KEEP, ATTR_NONE },
  { "source", ACTION_HOIST, ATTR_NONE },
  { "span", ACTION_KEEP, ATTR_NONE },
  { "strong", ACTION_KEEP, ATTR_NONE },
  { "style", ACTION_DROP, ATTR_NONE },
  { "sub", ACTION_KEEP, ATTR_NONE },
  { "summary", ACTION_KEEP, ATTR_NONE },
  { "sup", ACTION_KEEP, ATTR_NONE },
  { "svg", ACTION_DROP, ATTR_NONE },
  { "table", ACTION_KEEP, ATTR_NONE },
  { "tbody", ACTION_KEEP, ATTR_NONE },
  { "td", ACTION_KEEP, ATTR_CELL },
  { "template", ACTION_DROP, ATTR_NONE },
  { "textarea", ACTION_DROP, ATTR_NONE },
  { "tfoot", ACTION_KEEP, ATTR_NONE },
  { "th", ACTION_KEEP, ATTR_CELL | ATTR_SCOPE },
  { "thead", ACTION_KEEP, ATTR_NONE },
  { "time", ACTION_KEEP, ATTR_DATETIME },
  { "title", ACTION_DROP, ATTR_NONE },
  { "tr", ACTION_KEEP, ATTR_NONE },
  { "track", ACTION_HOIST, ATTR_NONE },
  { "u", ACTION_KEEP, ATTR_NONE },
  { "ul", ACTION_KEEP, ATTR_NONE },
  { "var", ACTION_KEEP, ATTR_NONE },
  { "video", ACTION_DROP, ATTR_NONE },
  { "wbr", ACTION_KEEP_VOID, ATTR_NONE },
  { "xmp", ACTION_PRE, ATTR_NONE },
};

typedef enum {
  URL_LINK,
  URL_IMAGE,
  URL_CITE,
} UrlKind;

/* The raster image types a data: URL may carry. SVG is not among them: it
 * can hold script and load other resources.
 */
static const char * const data_image_types[] = {
  "avif", "bmp", "gif", "jpeg", "png", "webp",
};

/* Last path segments of spacer and tracking images. */
static const char * const tracking_files[] = {
  "1x1.gif", "1x1.png", "blank.gif", "blank.png", "clear.gif", "pixel.gif", "pixel.png",
  "spacer.gif", "spacer.png", "trans.gif", "transparent.gif", "transparent.png", "__utm.gif",
};

/* Hosts and paths that serve nothing but tracking pixels. */
static const char * const tracking_patterns[] = {
  "://b.scorecardresearch.com/",
  "://bat.bing.com/",
  "://hm.baidu.com/hm.gif",
  "://mc.yandex.ru/watch",
  "://pixel.quantserve.com/",
  "://pixel.wp.com/",
  "://sb.scorecardresearch.com/",
  "://stats.wp.com/",
  "://www.facebook.com/tr",
  "://www.google-analytics.com/",
  "doubleclick.net/",
  "feeds.feedburner.com/~r/",
  "google-analytics.com/collect",
};

/* A GIF or PNG header declaring a 1×1 image, in base64. */
static const char * const tiny_image_prefixes[] = {
  "R0lGODlhAQABA",
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB",
};

typedef struct {
  GUri *base;
} Context;

static int
compare_rule_cb (const void *key,
                 const void *member)
{
  const ElementRule *rule = member;

  return g_ascii_strcasecmp (key, rule->name);
}

static const ElementRule *
find_rule (const xmlChar *name)
{
  return bsearch (name, element_rules, G_N_ELEMENTS (element_rules), sizeof (ElementRule),
                  compare_rule_cb);
}

/* URLs. */

static gboolean
is_c0_or_space (guchar c)
{
  return c <= 0x20;
}

/* Does what a browser's URL parser does before it looks at a URL: strip
 * leading and trailing C0 controls and spaces, and remove every tab and
 * newline, so that "java\tscript:" or " javascript:" is seen for what it
 * is. Other control characters have no business in a URL at all.
 */
static char *
normalize_url (const char *value)
{
  g_autoptr (GString) url = NULL;
  const guchar *start = (const guchar *)value;
  const guchar *end = start + strlen (value);

  while (start < end && is_c0_or_space (*start))
    start++;
  while (end > start && is_c0_or_space (end[-1]))
    end--;

  url = g_string_sized_new (end - start);
  for (const guchar *p = start; p < end; p++) {
    if (*p == '\t' || *p == '\n' || *p == '\r')
      continue;
    if (*p < 0x20 || *p == 0x7f)
      return NULL;
    g_string_append_c (url, *p);
  }

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* A host name (GUri has already turned an IDN into punycode) or an IPv4
 * address. IPv6 literals go: libxml2's serialiser percent-encodes their
 * brackets, which would break them anyway.
 */
static gboolean
is_valid_host (const char *host)
{
  if (*host == '\0')
    return FALSE;

  for (const char *p = host; *p; p++) {
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
      return FALSE;
  }

  return TRUE;
}

/* What every URL we write must look like: printable ASCII, nothing that
 * could end an attribute or a tag, and nothing a browser would re-interpret.
 */
static gboolean
is_clean_url (const char *url)
{
  for (const guchar *p = (const guchar *)url; *p; p++) {
    switch (*p) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return FALSE;
    default:
      if (*p <= 0x20 || *p >= 0x7f)
        return FALSE;
    }
  }

  return TRUE;
}

/* Checks an absolute http(s) URL and returns it in GUri's normal form. The
 * checks come first: g_uri_to_string() itself fails on some of what
 * G_URI_FLAGS_PARSE_RELAXED lets through.
 */
static char *
check_http_uri (GUri *uri)
{
  const char *path;

  if (!uri || !lectern_url_scheme_is_web (g_uri_get_scheme (uri)))
    return NULL;
  if (!g_uri_get_host (uri) || !is_valid_host (g_uri_get_host (uri)))
    return NULL;

  /* GUri ends a host at ';', leaving a path it then refuses to join. */
  path = g_uri_get_path (uri);
  if (path[0] != '\0' && path[0] != '/')
    return NULL;

  return g_uri_to_string (uri);
}

static char *
check_data_url (const char *url)
{
  const char *type = url + strlen ("data:");
  const char *payload = NULL;
  g_autoptr (GString) result = NULL;
  const char *subtype = NULL;

  if (g_ascii_strncasecmp (type, "image/", 6) != 0)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (data_image_types); i++) {
    gsize n = strlen (data_image_types[i]);

    if (g_ascii_strncasecmp (type + 6, data_image_types[i], n) == 0 &&
        g_ascii_strncasecmp (type + 6 + n, ";base64,", 8) == 0) {
      subtype = data_image_types[i];
      payload = type + 6 + n + 8;
      break;
    }
  }
  if (!subtype)
    return NULL;

  result = g_string_new ("data:image/");
  g_string_append (result, subtype);
  g_string_append (result, ";base64,");
  for (const char *p = payload; *p; p++) {
    if (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=')
      g_string_append_c (result, *p);
    else if (*p != ' ')
      return NULL;
  }

  return g_string_free (g_steal_pointer (&result), FALSE);
}

static char *
sanitize_url_unchecked (const Context *ctx,
                        const char    *value,
                        UrlKind        kind)
{
  g_autofree char *normalized = normalize_url (value);
  g_autofree char *escaped = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (!normalized || normalized[0] == '\0')
    return NULL;

  /* A link within the document stays as it is; it cannot load anything. */
  if (kind == URL_LINK && normalized[0] == '#') {
    escaped = g_uri_escape_string (normalized + 1, "!$&'()*+,;=:@/?-._~%", FALSE);
    return g_strconcat ("#", escaped, NULL);
  }

  /* Turn an IRI into a URI and quote what must never appear raw in an
   * attribute; keep the reserved characters and existing escapes.
   */
  escaped = g_uri_escape_string (normalized, "!#$&'()*+,/:;=?@[]~%", FALSE);
  scheme = g_uri_peek_scheme (escaped);

  if (scheme) {
    if (strcmp (scheme, "mailto") == 0)
      return kind == URL_LINK ? g_steal_pointer (&escaped) : NULL;
    if (strcmp (scheme, "data") == 0)
      return kind == URL_IMAGE ? check_data_url (escaped) : NULL;
    if (!lectern_url_scheme_is_web (scheme))
      return NULL;
    uri = g_uri_parse (escaped, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
    return check_http_uri (uri);
  }

  /* Relative: only meaningful against an http(s) base. */
  if (!ctx->base)
    return NULL;

  uri = g_uri_parse_relative (ctx->base, escaped,
                              G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  return check_http_uri (uri);
}

/* Returns the safe, absolute form of @value, or %NULL when it has to go. */
static char *
sanitize_url (const Context *ctx,
              const char    *value,
              UrlKind        kind)
{
  g_autofree char *url = sanitize_url_unchecked (ctx, value, kind);

  if (!url || !is_clean_url (url))
    return NULL;

  return g_steal_pointer (&url);
}

static gboolean
is_srcset_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static gboolean
is_valid_descriptor (const char *start,
                     gsize       length)
{
  gsize i = 0;

  if (length == 0)
    return TRUE;
  for (; i < length - 1; i++) {
    if (!g_ascii_isdigit (start[i]) && start[i] != '.')
      return FALSE;
  }

  return i > 0 && (start[i] == 'w' || start[i] == 'x' || start[i] == 'h');
}

/* Parses @value as a srcset (the HTML "parse a srcset attribute" steps,
 * simplified) and returns it with every URL made safe and absolute, or
 * %NULL when any candidate is unsafe or malformed.
 */
static char *
sanitize_srcset (const Context *ctx,
                 const char    *value,
                 char         **first_url)
{
  g_autoptr (GString) result = g_string_new (NULL);
  const char *p = value;

  for (;;) {
    g_autofree char *url = NULL;
    g_autofree char *safe = NULL;
    const char *url_start;
    const char *desc_start;
    gsize url_length;
    gboolean had_comma = FALSE;

    while (*p && (is_srcset_space (*p) || *p == ','))
      p++;
    if (!*p)
      break;

    url_start = p;
    while (*p && !is_srcset_space (*p))
      p++;
    url_length = p - url_start;
    while (url_length > 0 && url_start[url_length - 1] == ',') {
      url_length--;
      had_comma = TRUE;
    }
    if (url_length == 0)
      return NULL;

    url = g_strndup (url_start, url_length);
    safe = sanitize_url (ctx, url, URL_IMAGE);
    if (!safe)
      return NULL;

    while (*p && is_srcset_space (*p))
      p++;
    desc_start = p;
    if (!had_comma) {
      while (*p && *p != ',')
        p++;
    }

    {
      const char *desc_end = p;

      while (desc_end > desc_start && is_srcset_space (desc_end[-1]))
        desc_end--;
      if (!is_valid_descriptor (desc_start, desc_end - desc_start))
        return NULL;

      if (result->len > 0)
        g_string_append (result, ", ");
      g_string_append (result, safe);
      if (desc_end > desc_start) {
        g_string_append_c (result, ' ');
        g_string_append_len (result, desc_start, desc_end - desc_start);
      }
    }

    if (first_url && !*first_url)
      *first_url = g_steal_pointer (&safe);
  }

  if (result->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* Plain attribute values. */

static gboolean
is_digits (const char *value,
           gsize       max_length)
{
  gsize n = strlen (value);

  if (n == 0 || n > max_length)
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    if (!g_ascii_isdigit (value[i]))
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_integer (const char *value)
{
  return is_digits (value[0] == '-' ? value + 1 : value, 9);
}

static gboolean
is_language_tag (const char *value)
{
  gsize n = strlen (value);

  if (n == 0 || n > 35)
    return FALSE;
  for (gsize i = 0; i < n; i++) {
    if (!g_ascii_isalnum (value[i]) && value[i] != '-' && value[i] != '_')
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_one_of (const char *value,
           const char *first,
           ...)
{
  va_list args;
  gboolean found = FALSE;

  va_start (args, first);
  for (const char *s = first; s && !found; s = va_arg (args, const char *))
    found = g_ascii_strcasecmp (value, s) == 0;
  va_end (args);

  return found;
}

/* The pixel size in a width or height attribute, or -1. */
static long
parse_dimension (const char *value)
{
  char *end = NULL;
  long n;

  while (g_ascii_isspace (*value))
    value++;
  if (!g_ascii_isdigit (*value))
    return -1;
  n = strtol (value, &end, 10);
  if (*end == '%')
    return -1;

  return n;
}

static gboolean
is_tracking_url (const char *url)
{
  g_autofree char *lower = NULL;
  const char *last;
  const char *query;

  if (g_ascii_strncasecmp (url, "data:", 5) == 0) {
    const char *payload = strchr (url, ',');

    for (gsize i = 0; payload && i < G_N_ELEMENTS (tiny_image_prefixes); i++) {
      if (g_str_has_prefix (payload + 1, tiny_image_prefixes[i]))
        return TRUE;
    }
    return FALSE;
  }

  lower = g_ascii_strdown (url, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (tracking_patterns); i++) {
    if (strstr (lower, tracking_patterns[i]))
      return TRUE;
  }

  query = strpbrk (lower, "?#");
  if (query)
    *(char *)query = '\0';
  last = strrchr (lower, '/');
  last = last ? last + 1 : lower;
  for (gsize i = 0; i < G_N_ELEMENTS (tracking_files); i++) {
    if (strcmp (last, tracking_files[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Decides the new value of one attribute: %NULL removes it. */
/* The MathML attributes that say how a formula is laid out; none of them links, loads
 * or styles anything (href, src, style and the colours are not among them).
 */
static gboolean
is_listed_math_attribute (const char *name)
{
  static const char * const names[] = {
    "accent", "accentunder", "alttext", "bevelled", "close", "columnalign", "columnlines",
    "columnspacing", "columnspan", "denomalign", "depth", "display", "displaystyle", "fence",
    "form", "frame", "framespacing", "height", "largeop", "linethickness", "lspace",
    "mathsize", "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "numalign",
    "open", "rowalign", "rowlines", "rowspacing", "rowspan", "rspace", "scriptlevel",
    "separator", "stretchy", "subscriptshift", "superscriptshift", "symmetric", "voffset",
    "width", NULL
  };

  for (guint i = 0; names[i]; i++) {
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Whether @value is a plain MathML value: words, numbers, lengths and lists of them
 * ("true", "0.2em", "center left", "-1", "100%"), or a short text (alttext); nothing
 * that could be a URL or a function.
 */
static gboolean
is_math_value (const char *value)
{
  gsize length = 0;

  for (const char *p = value; *p; p++, length++) {
    if (!g_ascii_isalnum (*p) && !strchr (" .%+-#", *p))
      return FALSE;
  }

  return length <= 64;
}

static char *
sanitize_attribute (const Context *ctx,
                    AttrSet        allowed,
                    const char    *name,
                    const char    *value,
                    char         **srcset_first)
{
  if (strcmp (name, "lang") == 0)
    return is_language_tag (value) ? g_strdup (value) : NULL;
  if (strcmp (name, "dir") == 0)
    return is_one_of (value, "ltr", "rtl", "auto", NULL) ? g_ascii_strdown (value, -1) : NULL;

  if ((allowed & ATTR_HREF) && strcmp (name, "href") == 0)
    return sanitize_url (ctx, value, URL_LINK);
  if ((allowed & ATTR_TITLE) && strcmp (name, "title") == 0)
    return g_strdup (value);
  if ((allowed & ATTR_CITE) && strcmp (name, "cite") == 0)
    return sanitize_url (ctx, value, URL_CITE);
  if ((allowed & ATTR_DATETIME) && strcmp (name, "datetime") == 0)
    return strlen (value) <= 64 ? g_strdup (value) : NULL;

  if (allowed & ATTR_IMAGE) {
    if (strcmp (name, "src") == 0)
      return sanitize_url (ctx, value, URL_IMAGE);
    if (strcmp (name, "srcset") == 0)
      return sanitize_srcset (ctx, value, srcset_first);
    if (strcmp (name, "alt") == 0)
      return g_strdup (value);
    if (strcmp (name, "width") == 0 || strcmp (name, "height") == 0)
      return is_digits (value, 5) ? g_strdup (value) : NULL;
  }

  if (allowed & ATTR_CELL) {
    if (strcmp (name, "colspan") == 0 || strcmp (name, "rowspan") == 0)
      return is_digits (value, 4) ? g_strdup (value) : NULL;
    if (strcmp (name, "headers") == 0)
      return g_strdup (value);
  }
  if ((allowed & ATTR_SCOPE) && strcmp (name, "scope") == 0)
    return is_one_of (value, "row", "col", "rowgroup", "colgroup", NULL) ?
           g_ascii_strdown (value, -1) : NULL;

  if (allowed & ATTR_LIST) {
    if (strcmp (name, "start") == 0)
      return is_integer (value) ? g_strdup (value) : NULL;
    if (strcmp (name, "reversed") == 0)
      return g_strdup ("");
    if (strcmp (name, "type") == 0)
      return is_one_of (value, "1", "a", "i", NULL) ? g_strdup (value) : NULL;
  }
  if ((allowed & ATTR_VALUE) && strcmp (name, "value") == 0)
    return is_integer (value) ? g_strdup (value) : NULL;
  if ((allowed & ATTR_SPAN) && strcmp (name, "span") == 0)
    return is_digits (value, 4) ? g_strdup (value) : NULL;
  if ((allowed & ATTR_OPEN) && strcmp (name, "open") == 0)
    return g_strdup ("");
  if ((allowed & ATTR_MATH) && is_listed_math_attribute (name))
    return is_math_value (value) ? g_strdup (value) : NULL;

  return NULL;
}

/* Tracking pixels and spacers: an image one pixel wide or high, or one
 * whose URL is a known tracker. Called before the attributes are cleaned,
 * since "1px" would not survive that, and again after, on the absolute URL.
 */
static gboolean
is_tracking_image (xmlNode *img)
{
  g_autoptr (LecternXmlString) src = xmlGetProp (img, (const xmlChar *)"src");
  const char *sizes[] = { "width", "height" };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autoptr (LecternXmlString) value = xmlGetProp (img, (const xmlChar *)sizes[i]);
    long pixels = value ? parse_dimension ((const char *)value) : -1;

    if (pixels >= 0 && pixels <= 1)
      return TRUE;
  }

  return src && is_tracking_url ((const char *)src);
}

/* Rewrites the attributes of @element to the allowed ones. */
static void
sanitize_attributes (const Context *ctx,
                     xmlNode       *element,
                     AttrSet        allowed)
{
  g_autofree char *srcset_first = NULL;
  gboolean is_img = g_ascii_strcasecmp ((const char *)element->name, "img") == 0;
  xmlAttr *attr = element->properties;

  while (attr) {
    xmlAttr *next = attr->next;
    g_autoptr (LecternXmlString) value = NULL;
    g_autofree char *name = NULL;
    g_autofree char *safe = NULL;

    name = g_ascii_strdown ((const char *)attr->name, -1);
    if (!attr->ns) {
      value = xmlNodeGetContent ((xmlNode *)attr);
      safe = sanitize_attribute (ctx, allowed, name,
                                 value ? (const char *)value : "", &srcset_first);
    }

    if (safe && strcmp (name, (const char *)attr->name) == 0)
      xmlSetProp (element, attr->name, (const xmlChar *)safe);
    else
      xmlRemoveProp (attr);

    /* A differently cased duplicate would be set under its lower-case name
     * here, but libxml2's HTML parser already lower-cases attribute names.
     */
    attr = next;
  }

  if (is_img && srcset_first && !xmlHasProp (element, (const xmlChar *)"src"))
    xmlSetProp (element, (const xmlChar *)"src", (const xmlChar *)srcset_first);
}

/* Tree surgery. */

static xmlNode *
drop_node (xmlNode *node)
{
  xmlNode *next = node->next;

  xmlUnlinkNode (node);
  xmlFreeNode (node);
  return next;
}

/* Replaces @node by its children. Returns the first of them, or the node
 * that followed @node when it had none.
 */
static xmlNode *
unwrap_node (xmlNode *node)
{
  xmlNode *parent = node->parent;
  xmlNode *first = node->children;
  xmlNode *last = node->last;

  if (!first)
    return drop_node (node);

  /* Spliced by hand: xmlAddPrevSibling() merges adjacent text nodes, which
   * would free nodes under the walk's feet.
   */
  for (xmlNode *child = first; child; child = child->next)
    child->parent = parent;

  first->prev = node->prev;
  if (node->prev)
    node->prev->next = first;
  else
    parent->children = first;

  last->next = node->next;
  if (node->next)
    node->next->prev = last;
  else
    parent->last = last;

  node->children = NULL;
  node->last = NULL;
  node->prev = NULL;
  node->next = NULL;
  node->parent = NULL;
  xmlFreeNode (node);

  return first;
}

/* Moves the children of @node to follow it, leaving it empty. */
static void
hoist_children (xmlNode *node)
{
  xmlNode *first = node->children;
  xmlNode *last = node->last;

  if (!first)
    return;

  for (xmlNode *child = first; child; child = child->next)
    child->parent = node->parent;

  last->next = node->next;
  if (node->next)
    node->next->prev = last;
  else
    node->parent->last = last;

  first->prev = node;
  node->next = first;
  node->children = NULL;
  node->last = NULL;
}

static void
rename_node (xmlNode    *node,
             const char *name)
{
  xmlNodeSetName (node, (const xmlChar *)name);
}

/* The action for one element, after looking at what survived of it. */
static Action
sanitize_element (const Context *ctx,
                  xmlNode       *element)
{
  const ElementRule *rule;
  const char *name = (const char *)element->name;

  if (element->ns || strchr (name, ':'))
    return ACTION_UNWRAP;

  rule = find_rule (element->name);
  if (!rule)
    return ACTION_UNWRAP;

  switch (rule->action) {
    case ACTION_DROP:
    case ACTION_UNWRAP:
      return rule->action;
    case ACTION_HOIST:
      /* With the element gone, its children take its place: the same as
       * moving them after it.
       */
      return ACTION_UNWRAP;
    case ACTION_DIV:
      rename_node (element, "div");
      break;
    case ACTION_PRE:
      rename_node (element, "pre");
      break;
    case ACTION_KEEP:
    case ACTION_KEEP_VOID:
      if (strcmp (name, rule->name) != 0)
        rename_node (element, rule->name);
      break;
    default:
      g_assert_not_reached ();
  }

  if (strcmp (rule->name, "img") == 0 && is_tracking_image (element))
    return ACTION_DROP;

  sanitize_attributes (ctx, element, rule->attrs);

  if (strcmp (rule->name, "img") == 0) {
    if (!xmlHasProp (element, (const xmlChar *)"src") || is_tracking_image (element))
      return ACTION_DROP;
  } else if (strcmp (rule->name, "a") == 0) {
    if (!xmlHasProp (element, (const xmlChar *)"href"))
      return ACTION_UNWRAP;
    xmlSetProp (element, (const xmlChar *)"rel", (const xmlChar *)"noopener noreferrer");
  }

  return rule->action == ACTION_KEEP_VOID ? ACTION_KEEP_VOID : ACTION_KEEP;
}

/* The next node after @node's subtree, not leaving @root. */
static xmlNode *
next_outside (xmlNode *node,
              xmlNode *root)
{
  while (node && node != root) {
    if (node->next)
      return node->next;
    node = node->parent;
  }

  return NULL;
}

static void
sanitize_tree (const Context *ctx,
               xmlNode       *root)
{
  xmlNode *node = root->children;

  while (node) {
    xmlNode *parent = node->parent;
    xmlNode *resume;
    Action action;

    if (node->type == XML_TEXT_NODE) {
      node = next_outside (node, root);
      continue;
    }

    action = node->type == XML_ELEMENT_NODE ? sanitize_element (ctx, node) : ACTION_DROP;

    switch (action) {
      case ACTION_KEEP:
        node = node->children ? node->children : next_outside (node, root);
        continue;
      case ACTION_KEEP_VOID:
        hoist_children (node);
        node = next_outside (node, root);
        continue;
      case ACTION_UNWRAP:
        resume = unwrap_node (node);
        break;
      case ACTION_DROP:
      case ACTION_DIV:
      case ACTION_PRE:
      case ACTION_HOIST:
      default:
        resume = drop_node (node);
        break;
    }

    /* The node is gone; go on with what took its place, or after its
     * parent's subtree.
     */
    node = resume ? resume : next_outside (parent, root);
  }
}

static void
context_init (Context    *ctx,
              const char *base_url)
{
  g_autofree char *normalized = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *checked = NULL;

  ctx->base = NULL;

  if (!base_url)
    return;

  normalized = normalize_url (base_url);
  if (!normalized)
    return;
  escaped = g_uri_escape_string (normalized, "!#$&'()*+,/:;=?@[]~%", FALSE);

  /* The base must pass the same checks as the URLs resolved against it. */
  ctx->base = g_uri_parse (escaped, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  checked = check_http_uri (ctx->base);
  if (!checked)
    g_clear_pointer (&ctx->base, g_uri_unref);
}

static void
context_clear (Context *ctx)
{
  g_clear_pointer (&ctx->base, g_uri_unref);
}

/**
 * lectern_sanitize_node:
 * @root: an element of an HTML document
 * @base_url: (nullable): the absolute http(s) URL relative URLs are resolved
 *   against; without one, relative URLs are removed
 *
 * Cleans the subtree under @root in place against an allow-list: elements a
 * reader needs stay, harmless unknown containers are replaced by their
 * children, and everything that can run script, load a resource, submit
 * data or restyle the reader (script, style, iframe, object, form controls,
 * svg, math, media, meta, base, link, comments …) is removed with its
 * content. A form itself goes but its text stays: some pages put the whole
 * article in one. Attributes are reduced to a short list per element, URLs
 * become absolute http(s) URLs (mailto: for links, raster data: for
 * images), links get rel="noopener noreferrer" and tracking pixels are
 * dropped. @root itself stays, keeping only the attributes allowed for it.
 *
 * The walk is iterative, so any depth of nesting is safe. A <base> element
 * in the tree is ignored: @base_url is the only base.
 */
void
lectern_sanitize_node (xmlNode    *root,
                       const char *base_url)
{
  Context ctx;
  const ElementRule *rule;

  g_return_if_fail (root != NULL);

  if (root->type != XML_ELEMENT_NODE)
    return;

  context_init (&ctx, base_url);

  rule = find_rule (root->name);
  if (rule && rule->action == ACTION_KEEP)
    sanitize_attributes (&ctx, root, rule->attrs);
  else
    sanitize_attributes (&ctx, root, ATTR_NONE);

  sanitize_tree (&ctx, root);

  context_clear (&ctx);
}

/**
 * lectern_sanitize_html:
 * @html: an HTML fragment or document, in UTF-8
 * @base_url: (nullable): the absolute http(s) URL relative URLs are resolved
 *   against
 *
 * Parses @html, cleans its body with lectern_sanitize_node() and serialises
 * the result. Invalid UTF-8 in @html is replaced with U+FFFD first.
 *
 * Returns: (transfer full): the inner HTML of the cleaned body, in UTF-8;
 *   an empty string when nothing is left
 */
char *
lectern_sanitize_html (const char *html,
                       const char *base_url)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_autofree char *valid = NULL;
  xmlNode *body;
  gsize length;

  g_return_val_if_fail (html != NULL, NULL);

  length = strlen (html);
  if (!g_utf8_validate_len (html, length, NULL)) {
    valid = g_utf8_make_valid (html, length);
    html = valid;
    length = strlen (html);
  }

  if (length == 0 || length > G_MAXINT)
    return g_strdup ("");

  doc = lectern_xml_read_html (html, length, NULL);
  if (!doc)
    return g_strdup ("");

  body = lectern_xml_find_body (doc);
  if (!body)
    return g_strdup ("");

  lectern_sanitize_node (body, base_url);
  return lectern_xml_serialize_children (doc, body);
}
