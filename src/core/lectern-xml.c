/* lectern-xml.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-xml-private.h"

#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <string.h>

/* Reading hostile HTML with libxml2 2.9.
 *
 * Its HTML parser has weaknesses a page can use, on purpose or not:
 *
 * - it compares each attribute of a start tag with all the earlier ones, so one tag with
 *   80,000 attributes costs tens of seconds;
 * - it does not know the elements HTML5 made void (embed, source, track, wbr …): everything
 *   after one becomes its content, so that removing the element removes the text, and a
 *   paragraph with 300 <wbr> is 300 levels deep;
 * - its tree builder gives up on the whole rest of the page 256 levels deep, and on a run
 *   of text longer than 10 MB;
 * - it knows nothing of SVG and MathML, where a browser leaves the drawing at the first
 *   paragraph, so that the text after an unclosed <svg> ends up inside it.
 *
 * lectern_xml_prepare_html() rewrites the bytes so that the first three cannot happen, in
 * one linear pass that finds markup where libxml2 2.9 does: comments, doctypes and
 * processing instructions, start tags with quoted, unquoted and bogus attributes, end tags,
 * and the raw text of <script> and <style>. It has to agree with libxml2 only on where tags
 * are; where libxml2's reading is unusual enough that agreeing would take more than that (a
 * doctype with quoted identifiers, a processing instruction without a name, what looks like
 * an end tag inside a script), the construct is rewritten into one both read the same way,
 * which is also how a browser reads it. tests/core/test-xml.c and the fuzz target check
 * that the two agree. The pass builds no tree: at most, when a page turned out too deep, a
 * stack of the names libxml2 would hold open, as deep as the limit.
 *
 * lectern_xml_read_html() parses the result and moves the content a browser would not keep
 * inside an SVG or MathML element out of it. lectern_xml_read_page(), for the extractor,
 * also has the pre-pass leave out the text of styles and scripts (all but the JSON), nearly
 * half the bytes of a typical page, and the attributes nothing reads (SVG outlines, event
 * handlers, most data-*), and libxml2 leave out the whitespace between blocks and the
 * comments: what a reader of the article never sees, and libxml2 would read a character at
 * a time and every walk over the tree would pay for.
 */

/* libxml2 reads element and attribute names 100 bytes at a time. */
#define NAME_CHUNK 100

/* Longer runs of text are split, well below libxml2's limit of 10 MB per text node. */
#define TEXT_RUN_MAX (4 * 1024 * 1024)

/* What takes the place of markup the pre-pass removes: an empty comment, so that what was
 * before and what was after it cannot join into a new tag ("<" and "<!x>" and "p>").
 */
#define GONE "<!---->"

/* What the tree may hold beyond the elements the pre-pass counts: <html>, <head> or <body>,
 * a <p> libxml2 adds around loose text, a <script> being read.
 */
#define DEPTH_MARGIN 8

typedef struct {
  const char *name;
  int         priority;
} EndPriority;

/* libxml2's htmlEndPriority: an end tag closes the elements above its own only when none of
 * them has a higher priority than it.
 */
static const EndPriority end_priorities[] = {
  { "div", 150 },
  { "td", 160 },
  { "th", 160 },
  { "tr", 170 },
  { "thead", 180 },
  { "tbody", 180 },
  { "tfoot", 180 },
  { "table", 190 },
  { "head", 200 },
  { "body", 200 },
  { "html", 220 },
};

typedef struct {
  const char *open;
  const char *closers;
} AutoClose;

/* The start tags that make libxml2 2.9 close an open element (found by parsing each pair).
 * Only used to follow the depth of a page that is too deep: a rule missing here makes the
 * pre-pass flatten a little more than needed, and a page that still comes out too deep is
 * parsed once more, every element counted as open.
 */
static const AutoClose auto_closes[] = {
  { "a", " a fieldset table td th " },
  { "address", " dd dl dt form li ul " },
  { "b", " center p td th " },
  { "big", " p " },
  { "caption", " col colgroup tbody tfoot thead tr " },
  { "colgroup", " colgroup tbody tfoot thead tr " },
  { "dd", " dt " },
  { "dir", " dd dl dt form ul " },
  { "dl", " form li " },
  { "dt", " dd dl " },
  { "font", " center td th " },
  { "form", " form " },
  { "h1", " fieldset form li p table " },
  { "h2", " fieldset form li p table " },
  { "h3", " fieldset form li p table " },
  { "h4", " fieldset form li p table " },
  { "h5", " fieldset form li p table " },
  { "h6", " fieldset form li p table " },
  { "i", " center p td th " },
  { "legend", " fieldset " },
  { "li", " li " },
  { "menu", " dd dl dt form ul " },
  { "ol", " form ul " },
  { "option", " optgroup option " },
  { "p", " address blockquote caption center col colgroup dd dir div dl dt fieldset form "
         "frameset h1 h2 h3 h4 h5 h6 hr li menu ol p pre table tbody td tfoot th title tr ul " },
  { "pre", " dd dl dt fieldset form li table ul " },
  { "s", " p " },
  { "small", " p " },
  { "span", " td th " },
  { "strike", " p " },
  { "tbody", " tbody tfoot " },
  { "td", " tbody td tfoot th tr " },
  { "tfoot", " tbody " },
  { "th", " tbody td tfoot th tr " },
  { "thead", " tbody tfoot " },
  { "title", " frameset " },
  { "tr", " tbody tfoot tr " },
  { "tt", " p " },
  { "u", " p td th " },
  { "ul", " address form menu ol pre " },
};

/* Void in libxml2 2.9 already. */
static const char * const libxml_void_elements =
  " area base basefont br col frame hr img input isindex link meta param ";

/* What a flattened start tag leaves behind, so that blocks do not run into each other. */
static const char * const block_elements =
  " address article aside blockquote caption center dd details dialog dir div dl dt "
  "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup li listing main "
  "menu nav ol p pre section summary table tbody td tfoot th thead tr ul xmp ";

/* Whether @name is void in HTML, but not to libxml2 2.9: each gets its end tag right after
 * its start tag. Asked of every start tag of a page: the first letter rules out most names.
 */
static gboolean
is_html5_void (const char *name)
{
  switch (name[0]) {
  case 'b':
    return strcmp (name, "bgsound") == 0;
  case 'c':
    return strcmp (name, "command") == 0;
  case 'e':
    return strcmp (name, "embed") == 0;
  case 'i':
    return strcmp (name, "image") == 0;
  case 'k':
    return strcmp (name, "keygen") == 0;
  case 's':
    return strcmp (name, "source") == 0;
  case 't':
    return strcmp (name, "track") == 0;
  case 'w':
    return strcmp (name, "wbr") == 0;
  default:
    return FALSE;
  }
}

typedef struct {
  char name[NAME_CHUNK + 1];
  int  priority;
} OpenElement;

typedef struct {
  /* Borrowed */
  const char        *in;
  gsize              length;

  /* Owned */
  GString           *out;          /* NULL as long as nothing changed */
  OpenElement       *stack;

  gsize              copied;       /* in[0, copied) is accounted for in out */
  guint              max_attributes;
  LecternXmlNesting  nesting;
  guint              max_depth;
  guint              depth;
  gboolean           prolog;       /* nothing but blanks, comments and PIs so far */
  gboolean           page;         /* leaving out what the extractor never reads */
} Prepass;

/* Asked of every byte of a tag: inlined. */
static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':' || c == '.';
}

static inline gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '.' || c == '-';
}

static gboolean
in_word_list (const char *list,
              const char *name)
{
  gsize n = strlen (name);

  if (n == 0)
    return FALSE;

  for (const char *p = strstr (list, name); p; p = strstr (p + 1, name)) {
    if (p[-1] == ' ' && p[n] == ' ')
      return TRUE;
  }

  return FALSE;
}

static char
prepass_at (const Prepass *p,
            gsize          i)
{
  return i < p->length ? p->in[i] : '\0';
}

static gsize
prepass_skip_blanks (const Prepass *p,
                     gsize          i)
{
  while (i < p->length && is_blank (p->in[i]))
    i++;

  return i;
}

/* libxml2's htmlParseHTMLName(): up to NAME_CHUNK name characters, lower-cased into
 * @name (when not NULL). Returns how many bytes it read, 0 when there is no name.
 */
static gsize
prepass_name (const Prepass *p,
              gsize          i,
              char          *name)
{
  const char *in = p->in + i;
  gsize max = i < p->length ? MIN (p->length - i, NAME_CHUNK) : 0;
  gsize n = 0;

  if (max == 0 || !is_name_start (in[0])) {
    if (name)
      name[0] = '\0';
    return 0;
  }

  while (n < max && is_name_char (in[n]))
    n++;
  if (name) {
    for (gsize k = 0; k < n; k++)
      name[k] = in[k] >= 'A' && in[k] <= 'Z' ? in[k] + 'a' - 'A' : in[k];
    name[n] = '\0';
  }

  return n;
}

/* Replaces in[start, end) with @with (nothing when NULL). Changes come in order. */
static void
prepass_replace (Prepass    *p,
                 gsize       start,
                 gsize       end,
                 const char *with)
{
  g_assert (start >= p->copied && end >= start);

  if (!p->out)
    p->out = g_string_sized_new (p->length + p->length / 64 + 64);

  g_string_append_len (p->out, p->in + p->copied, start - p->copied);
  if (with)
    g_string_append (p->out, with);
  p->copied = end;
}

/* The start of the UTF-8 character at or after @i. */
static gsize
prepass_char_start (const Prepass *p,
                    gsize          i)
{
  while (i < p->length && ((guchar)p->in[i] & 0xC0) == 0x80)
    i++;

  return i;
}

/* Splits the text in[start, end) into runs libxml2 keeps whole, with empty comments,
 * preferably at a space.
 */
static void
prepass_split_text (Prepass *p,
                    gsize    start,
                    gsize    end)
{
  while (end - start > TEXT_RUN_MAX) {
    gsize at = start + TEXT_RUN_MAX;
    gsize limit = MIN (end, at + 64 * 1024);
    gsize space = at;

    while (space < limit && !is_blank (p->in[space]))
      space++;
    at = space < limit ? space : prepass_char_start (p, at);
    if (at >= end)
      return;

    prepass_replace (p, at, at, "<!---->");
    start = at;
  }
}

static int
end_priority (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (end_priorities); i++) {
    if (strcmp (end_priorities[i].name, name) == 0)
      return end_priorities[i].priority;
  }

  return 100;
}

static gboolean
closes (const char *name,
        const char *open)
{
  for (gsize i = 0; i < G_N_ELEMENTS (auto_closes); i++) {
    if (strcmp (auto_closes[i].open, open) == 0)
      return in_word_list (auto_closes[i].closers, name);
  }

  return FALSE;
}

static gboolean
is_document_element (const char *name)
{
  return strcmp (name, "html") == 0 || strcmp (name, "head") == 0 || strcmp (name, "body") == 0;
}

static gboolean
is_raw_text_element (const char *name)
{
  return strcmp (name, "script") == 0 || strcmp (name, "style") == 0;
}

/* Follows a start tag libxml2 would keep open. Returns FALSE when it would be one level
 * too deep: the tag is then left out.
 */
static gboolean
prepass_open (Prepass    *p,
              const char *name)
{
  guint depth = p->depth;

  if (p->nesting == LECTERN_XML_NESTING_KEEP || is_document_element (name))
    return TRUE;

  if (p->nesting == LECTERN_XML_NESTING_FOLLOW) {
    while (depth > 0 && closes (name, p->stack[depth - 1].name))
      depth--;
  }

  if (depth >= p->max_depth)
    return FALSE;

  if (p->nesting == LECTERN_XML_NESTING_FOLLOW) {
    memcpy (p->stack[depth].name, name, strlen (name) + 1);
    p->stack[depth].priority = end_priority (name);
  }
  p->depth = depth + 1;

  return TRUE;
}

/* Follows an end tag: libxml2 closes the element named and everything above it, unless
 * something above it has a higher priority.
 */
static void
prepass_close (Prepass    *p,
               const char *name)
{
  int priority;

  if (p->nesting != LECTERN_XML_NESTING_FOLLOW || is_document_element (name))
    return;

  priority = end_priority (name);
  for (guint i = p->depth; i > 0; i--) {
    if (strcmp (p->stack[i - 1].name, name) == 0) {
      p->depth = i - 1;
      return;
    }
    if (p->stack[i - 1].priority > priority)
      return;
  }
}

/* Does in[i…] end the raw text of @name, as libxml2 and a browser both see it: "</" and the
 * name, then something that cannot continue a name?
 */
static gboolean
prepass_is_raw_end (const Prepass *p,
                    gsize          i,
                    const char    *name)
{
  gsize n = strlen (name);

  return prepass_at (p, i) == '<' && prepass_at (p, i + 1) == '/' &&
         i + 2 + n <= p->length && g_ascii_strncasecmp (p->in + i + 2, name, n) == 0 &&
         !is_name_char (prepass_at (p, i + 2 + n));
}

/* Splits the raw text of @name at @at, in[run, at) being a run of it that is too long. */
static void
prepass_split_raw_text (Prepass    *p,
                        gsize       at,
                        const char *name)
{
  g_autofree char *split = NULL;

  /* A '<' right at the start of raw text would be read as markup: see below. */
  if (p->in[at] == '<') {
    split = g_strdup_printf ("</%s><%s><\\", name, name);
    prepass_replace (p, at, at + 1, split);
  } else {
    split = g_strdup_printf ("</%s><%s>", name, name);
    prepass_replace (p, at, at, split);
  }
}

/* Skips the raw text of a <script> or <style> that starts at @i and returns where its end
 * tag starts.
 */
static gsize
prepass_raw_text (Prepass    *p,
                  gsize       i,
                  const char *name)
{
  gsize n = strlen (name);
  gsize run = i;

  /* At the very start of the raw text, libxml2 still reads markup: an end tag there closes
   * elements, and some start tags close the script. After a backslash, it is text, as it is
   * in a browser.
   */
  if (prepass_at (p, i) == '<' && !prepass_is_raw_end (p, i, name)) {
    prepass_replace (p, i + 1, i + 1, "\\");
    i++;
  }

  while (i <= p->length) {
    const char *lt = i < p->length ? memchr (p->in + i, '<', p->length - i) : NULL;
    gsize next = lt ? (gsize)(lt - p->in) : p->length;

    /* libxml2 keeps raw text in one node, and gives up on the page beyond 10 MB: a longer
     * script becomes several. Every '<' before @next is text.
     */
    while (next - run > TEXT_RUN_MAX) {
      gsize at = MAX (prepass_char_start (p, run + TEXT_RUN_MAX), p->copied);

      if (at >= next)
        break;
      prepass_split_raw_text (p, at, name);
      run = at;
    }

    if (!lt)
      return p->length;
    i = next;

    if (prepass_at (p, i + 1) == '/' && i + 2 + n <= p->length &&
        g_ascii_strncasecmp (p->in + i + 2, name, n) == 0) {
      if (!is_name_char (prepass_at (p, i + 2 + n)))
        return i;

      /* libxml2 stops the raw text at any "</script…", then reads "</scripts>" as an end
       * tag that may close elements, and goes on with markup. A browser reads on as text.
       */
      prepass_replace (p, i + 1, i + 1, "\\");
    }
    i++;
  }

  return p->length;
}

/* Where the raw text of @name that starts at @i ends: its end tag as a browser finds it. */
static gsize
prepass_raw_end (const Prepass *p,
                 gsize          i,
                 const char    *name)
{
  while (i < p->length) {
    const char *lt = memchr (p->in + i, '<', p->length - i);

    if (!lt)
      break;
    i = lt - p->in;
    if (prepass_is_raw_end (p, i, name))
      return i;
    i++;
  }

  return p->length;
}

/* Whether the raw text of @name at @content is kept when raw text is dropped: the text of
 * a script that holds JSON, as one typed "application/ld+json" (or any type ending in
 * "json") does, or one without a type that starts with "{" or "[", the way JSON-LD left
 * untyped does. @type is the value of the script's type attribute, @type_length bytes, or
 * %NULL when it has none.
 */
static gboolean
prepass_keeps_raw_text (const Prepass *p,
                        const char    *name,
                        const char    *type,
                        gsize          type_length,
                        gsize          content)
{
  if (strcmp (name, "script") != 0)
    return FALSE;

  if (type) {
    while (type_length > 0 && is_blank (type[type_length - 1]))
      type_length--;

    return type_length >= 4 && g_ascii_strncasecmp (type + type_length - 4, "json", 4) == 0;
  }

  content = prepass_skip_blanks (p, content);

  return prepass_at (p, content) == '{' || prepass_at (p, content) == '[';
}

/* The most attributes of one start tag a page read for its article leaves out. */
#define UNREAD_MAX 16

/* The elements whose every attribute may name what they show (a lazy loader's image, a
 * player's video): they keep them all.
 */
static gboolean
is_media_element (const char *name)
{
  static const char * const media =
    " audio embed figure iframe img object param picture source track video ";

  return in_word_list (media, name);
}

/* Whether @bytes, @length of them, hold @word in any case. */
static gboolean
holds_word_ci (const char *bytes,
               gsize       length,
               const char *word)
{
  gsize n = strlen (word);

  for (gsize i = 0; i + n <= length; i++) {
    if ((bytes[i] | 0x20) == word[0] && g_ascii_strncasecmp (bytes + i, word, n) == 0)
      return TRUE;
  }

  return FALSE;
}

/* Whether the attribute @name (@length bytes, followed by @rest, its "=" and value, in
 * @rest_length bytes) of a <@element> is one the extractor never reads and the sanitizer
 * never keeps, long enough to be worth leaving out before libxml2 reads it a character at
 * a time: an SVG path's outline, an event handler, the data-* attributes other than the
 * ones that hold an image or a date, the aria-* ones other than aria-hidden and aria-modal,
 * target, tabindex, and a style that neither hides nor shows (the extractor only asks a
 * style for its display and visibility).
 */
static gboolean
is_unread_attribute (const char *element,
                     const char *name,
                     gsize       length,
                     const char *rest,
                     gsize       rest_length)
{
  static const char * const kept_data[] = {
    "data-src", "data-lazy", "data-orig", "data-actualsrc", "data-url", "data-hi-res",
    "data-echo", "data-time", NULL
  };

  /* The first letter rules out most names (class, href, id, src). */
  switch (name[0] | 0x20) {
  case 'a':
    return length > 5 && g_ascii_strncasecmp (name, "aria-", 5) == 0 &&
           !(length == 11 && g_ascii_strncasecmp (name, "aria-hidden", 11) == 0) &&
           !(length == 10 && g_ascii_strncasecmp (name, "aria-modal", 10) == 0);
  case 'd':
    if (length == 1)
      return strcmp (element, "path") == 0;
    if (length > 5 && g_ascii_strncasecmp (name, "data-", 5) == 0) {
      for (guint i = 0; kept_data[i]; i++) {
        gsize n = strlen (kept_data[i]);

        if (length >= n && g_ascii_strncasecmp (name, kept_data[i], n) == 0)
          return FALSE;
      }
      return TRUE;
    }
    return FALSE;
  case 'o':
    return length > 2 && (name[1] | 0x20) == 'n';
  case 's':
    return length == 5 && g_ascii_strncasecmp (name, "style", 5) == 0 &&
           !holds_word_ci (rest, rest_length, "display") &&
           !holds_word_ci (rest, rest_length, "visibility");
  case 't':
    return (length == 6 && g_ascii_strncasecmp (name, "target", 6) == 0) ||
           (length == 8 && g_ascii_strncasecmp (name, "tabindex", 8) == 0);
  default:
    return FALSE;
  }
}

/* Reads the start tag at @start ('<' and a letter) the way libxml2's htmlParseStartTag()
 * does, and returns where the content after it starts.
 */
static gsize
prepass_start_tag (Prepass *p,
                   gsize    start)
{
  char name[NAME_CHUNK + 1];
  gsize i = start + 1;
  gsize cut = 0;
  gsize attributes_end;
  gsize end;
  const char *type = NULL;
  gsize type_length = 0;
  gsize unread[2 * UNREAD_MAX];
  guint n_unread = 0;
  gboolean media = FALSE;
  guint n_attributes = 0;
  gboolean self_closing = FALSE;
  gboolean complete = FALSE;

  i += prepass_name (p, i, name);
  i = prepass_skip_blanks (p, i);
  media = p->page && is_media_element (name);

  while (i < p->length) {
    gsize attribute = i;
    gsize n;

    if (p->in[i] == '>') {
      complete = TRUE;
      break;
    }
    if (p->in[i] == '/' && prepass_at (p, i + 1) == '>') {
      complete = self_closing = TRUE;
      break;
    }

    n = prepass_name (p, i, NULL);
    if (n > 0) {
      gboolean is_type = n == 4 && g_ascii_strncasecmp (p->in + i, "type", 4) == 0;

      i = prepass_skip_blanks (p, i + n);
      if (prepass_at (p, i) == '=') {
        gsize value;
        char quote;

        i = prepass_skip_blanks (p, i + 1);
        quote = prepass_at (p, i);
        if (quote == '"' || quote == '\'') {
          const char *close = memchr (p->in + i + 1, quote, p->length - i - 1);

          value = i + 1;
          i = close ? (gsize)(close - p->in) + 1 : p->length;
          if (is_type && !type && close) {
            type = p->in + value;
            type_length = (gsize)(close - type);
          }
        } else {
          value = i;
          while (i < p->length && !is_blank (p->in[i]) && p->in[i] != '>')
            i++;
          if (is_type && !type) {
            type = p->in + value;
            type_length = i - value;
          }
        }
      } else if (is_type && !type) {
        type = "";
      }

      if (p->page && n_unread < UNREAD_MAX && !media &&
          is_unread_attribute (name, p->in + attribute, n, p->in + attribute + n,
                               i - attribute - n)) {
        unread[2 * n_unread] = attribute;
        unread[2 * n_unread + 1] = i;
        n_unread++;
      }

      if (++n_attributes == p->max_attributes + 1)
        cut = attribute;
    } else {
      /* libxml2 skips what cannot be an attribute up to a blank or the end of the tag. */
      while (i < p->length && !is_blank (p->in[i]) && p->in[i] != '>' &&
             !(p->in[i] == '/' && prepass_at (p, i + 1) == '>'))
        i++;
    }

    i = prepass_skip_blanks (p, i);
  }

  attributes_end = i;
  if (!complete)
    end = p->length;
  else
    end = i + (self_closing ? 2 : 1);

  /* A start tag libxml2 would keep open beyond the depth limit goes, its content stays. */
  if (complete && !self_closing && p->nesting != LECTERN_XML_NESTING_KEEP &&
      !in_word_list (libxml_void_elements, name) &&
      !is_html5_void (name) && !is_raw_text_element (name) &&
      !prepass_open (p, name)) {
    prepass_replace (p, start, end, in_word_list (block_elements, name) ? "<br>" : GONE);
    return end;
  }

  for (guint k = 0; k < n_unread && (!cut || unread[2 * k + 1] <= cut); k++)
    prepass_replace (p, unread[2 * k], unread[2 * k + 1], NULL);
  if (cut)
    prepass_replace (p, cut, attributes_end, " ");

  if (!complete || self_closing)
    return end;

  if (is_html5_void (name)) {
    g_autofree char *end_tag = g_strdup_printf ("</%s>", name);

    prepass_replace (p, end, end, end_tag);
  } else if (is_raw_text_element (name)) {
    if (p->page && !prepass_keeps_raw_text (p, name, type, type_length, end)) {
      gsize close = prepass_raw_end (p, end, name);

      if (close > end)
        prepass_replace (p, end, close, NULL);
      return close;
    }
    return prepass_raw_text (p, end, name);
  }

  return end;
}

static gsize
prepass_up_to_gt (const Prepass *p,
                  gsize          i)
{
  const char *close = memchr (p->in + i, '>', p->length - i);

  return close ? (gsize)(close - p->in) + 1 : p->length;
}

/* Reads the end tag at @start ("</"), as htmlParseEndTag() does. */
static gsize
prepass_end_tag (Prepass *p,
                 gsize    start)
{
  char name[NAME_CHUNK + 1];
  const char *close;
  gsize i = start + 2;
  gsize n = prepass_name (p, i, name);
  gsize end;

  /* Without a name, libxml2 drops the "</" and shows the rest as text; a browser skips all
   * of it up to the next '>', and so does Lectern.
   */
  if (n == 0) {
    end = prepass_up_to_gt (p, start);
    prepass_replace (p, start, end, GONE);
    return end;
  }

  close = memchr (p->in + i + n, '>', p->length - i - n);
  end = close ? (gsize)(close - p->in) + 1 : p->length;

  /* libxml2 drops "</br>"; a browser, and Lectern, read it as a line break. */
  if (close && strcmp (name, "br") == 0)
    prepass_replace (p, start, end, "<br>");
  else
    prepass_close (p, name);

  return end;
}

/* A comment ends at the first "-->" or "--!>" that starts after "<!--", or never. */
static gsize
prepass_comment (const Prepass *p,
                 gsize          start)
{
  gsize i = start + 4;

  while (i < p->length) {
    const char *dash = memchr (p->in + i, '-', p->length - i);

    if (!dash)
      break;
    i = dash - p->in;
    if (prepass_at (p, i + 1) == '-') {
      if (prepass_at (p, i + 2) == '>')
        return i + 3;
      if (prepass_at (p, i + 2) == '!' && prepass_at (p, i + 3) == '>')
        return i + 4;
    }
    i++;
  }

  return p->length;
}

/* "<!DOCTYPE": libxml2 honours quotes in its identifiers, a browser ends it at the first
 * '>'. Only a plain one at the top of the page stays: anywhere else, libxml2 reads the
 * "</" right after it as text.
 */
static gsize
prepass_doctype (Prepass *p,
                 gsize    start)
{
  gsize end = prepass_up_to_gt (p, start);
  gboolean plain = p->prolog;

  for (gsize i = start + 9; i < end && plain; i++) {
    char c = p->in[i];

    plain = g_ascii_isalnum (c) || is_blank (c) || (c == '>' && i == end - 1);
  }
  if (!plain)
    prepass_replace (p, start, end, GONE);

  return end;
}

/* "<?": libxml2 reads a processing instruction up to the first '>' when a name follows,
 * and otherwise skips only "<?"; a browser skips up to the first '>' either way. Without a
 * name, it goes.
 */
static gsize
prepass_processing_instruction (Prepass *p,
                                gsize    start)
{
  gsize end = prepass_up_to_gt (p, start);
  char c = prepass_at (p, start + 2);

  if (!g_ascii_isalpha (c) && c != '_' && c != ':')
    prepass_replace (p, start, end, GONE);

  return end;
}

/* "<!" that starts neither a comment nor a doctype: libxml2 shows it as text, a browser
 * skips it up to the first '>' as a bogus comment (conditional comments, CDATA, a DTD's
 * declarations). So does Lectern.
 */
static gsize
prepass_bogus_comment (Prepass *p,
                       gsize    start)
{
  gsize end = prepass_up_to_gt (p, start);

  prepass_replace (p, start, end, GONE);
  return end;
}

static char *
prepare_html (const char        *html,
              gsize              length,
              guint              max_attributes,
              LecternXmlNesting  nesting,
              guint              max_depth,
              gboolean           page,
              gsize             *prepared_length)
{
  Prepass p = { NULL, };
  gsize text_start = 0;
  gsize i = 0;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (prepared_length != NULL, NULL);

  p.in = html;
  p.length = length;
  p.max_attributes = max_attributes;
  p.nesting = nesting;
  p.max_depth = max_depth;
  p.prolog = TRUE;
  p.page = page;
  if (nesting == LECTERN_XML_NESTING_FOLLOW)
    p.stack = g_new (OpenElement, max_depth + 1);

  while (i < length) {
    const char *lt = memchr (html + i, '<', length - i);
    gsize start;
    char next;

    if (!lt) {
      prepass_split_text (&p, text_start, length);
      break;
    }

    start = lt - html;
    next = prepass_at (&p, start + 1);

    for (gsize j = text_start; j < start && p.prolog; j++)
      p.prolog = is_blank (html[j]);

    if (next == '/') {
      prepass_split_text (&p, text_start, start);
      i = prepass_end_tag (&p, start);
    } else if (g_ascii_isalpha (next)) {
      prepass_split_text (&p, text_start, start);
      i = prepass_start_tag (&p, start);
    } else if (next == '!' && prepass_at (&p, start + 2) == '-' &&
               prepass_at (&p, start + 3) == '-') {
      prepass_split_text (&p, text_start, start);
      i = prepass_comment (&p, start);
    } else if (next == '!' && start + 9 <= length &&
               g_ascii_strncasecmp (html + start + 2, "DOCTYPE", 7) == 0) {
      prepass_split_text (&p, text_start, start);
      i = prepass_doctype (&p, start);
    } else if (next == '?') {
      prepass_split_text (&p, text_start, start);
      i = prepass_processing_instruction (&p, start);
    } else if (next == '!') {
      prepass_split_text (&p, text_start, start);
      i = prepass_bogus_comment (&p, start);
    } else {
      /* A '<' that starts nothing is text. */
      i = start + 1;
      continue;
    }

    /* Only comments and processing instructions keep the page at its top. */
    if (next != '?' && !(next == '!' && prepass_at (&p, start + 2) == '-' &&
                         prepass_at (&p, start + 3) == '-'))
      p.prolog = FALSE;
    text_start = i;
  }

  g_free (p.stack);

  if (!p.out) {
    *prepared_length = length;
    return NULL;
  }

  g_string_append_len (p.out, html + p.copied, length - p.copied);
  *prepared_length = p.out->len;

  return g_string_free (p.out, FALSE);
}

/**
 * lectern_xml_prepare_html:
 * @html: (array length=length): an HTML page in UTF-8, without NUL bytes
 * @length: the number of bytes in @html
 * @max_attributes: how many attributes a start tag keeps
 * @nesting: whether and how to keep the tree shallow
 * @max_depth: with @nesting other than %LECTERN_XML_NESTING_KEEP, how many elements deep
 *   libxml2 may nest
 * @prepared_length: (out): the length of the result, or @length when %NULL is returned
 *
 * Rewrites @html so that libxml2 2.9 parses it quickly and loses none of its text (see
 * the top of this file): attributes beyond @max_attributes go, an end tag follows each
 * element HTML made void, "</br>" becomes "<br>", runs of text are split below libxml2's
 * limit, and doctypes, processing instructions, bogus comments, end tags without a name
 * and raw text, which libxml2 reads in its own way, are changed into what a browser sees.
 * With %LECTERN_XML_NESTING_FOLLOW or %LECTERN_XML_NESTING_COUNT, start tags that would
 * nest deeper than @max_depth are left out, their content kept. The pass is linear in
 * @length.
 *
 * Returns: (transfer full) (nullable): the rewritten page, or %NULL when nothing needed to
 *   change
 */
char *
lectern_xml_prepare_html (const char        *html,
                          gsize              length,
                          guint              max_attributes,
                          LecternXmlNesting  nesting,
                          guint              max_depth,
                          gsize             *prepared_length)
{
  return prepare_html (html, length, max_attributes, nesting, max_depth, FALSE, prepared_length);
}

/* Foreign content. */

/* The start tags that, in a browser, end an SVG or MathML element and go on as HTML. */
static const char * const breakout_elements =
  " b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
  "img li listing menu meta nobr ol p pre ruby s small span strike strong sub sup table tt u "
  "ul var ";

/* Where HTML may live inside SVG or MathML: there it stays. */
static const char * const integration_points =
  " annotation-xml desc foreignobject mi mn mo ms mtext title ";

static gboolean
is_foreign_root (xmlNode *node)
{
  return lectern_xml_is_element (node, "svg") || lectern_xml_is_element (node, "math");
}

static gboolean
is_breakout (xmlNode *node)
{
  g_autofree char *name = NULL;

  if (node->type != XML_ELEMENT_NODE || node->ns)
    return FALSE;

  name = g_ascii_strdown ((const char *)node->name, -1);
  if (in_word_list (breakout_elements, name))
    return TRUE;

  return strcmp (name, "font") == 0 &&
         (xmlHasProp (node, (const xmlChar *)"color") ||
          xmlHasProp (node, (const xmlChar *)"face") ||
          xmlHasProp (node, (const xmlChar *)"size"));
}

static gboolean
is_integration_point (xmlNode *node)
{
  g_autofree char *name = NULL;

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  name = g_ascii_strdown ((const char *)node->name, -1);
  return in_word_list (integration_points, name);
}

/**
 * lectern_xml_move_after:
 * @node: a node
 * @anchor: the node it goes after
 *
 * Moves @node to right after @anchor. Linked by hand: xmlAddNextSibling() merges adjacent
 * text nodes and would free the one being moved.
 */
void
lectern_xml_move_after (xmlNode *node,
                        xmlNode *anchor)
{
  xmlUnlinkNode (node);

  node->parent = anchor->parent;
  node->prev = anchor;
  node->next = anchor->next;
  if (anchor->next)
    anchor->next->prev = node;
  else if (anchor->parent)
    anchor->parent->last = node;
  anchor->next = node;
}

/* A browser ends an SVG or MathML element at the first HTML block in it, outside the
 * places HTML may live, and reads on as HTML. libxml2 knows neither, so that what follows
 * an unclosed <svg> stays inside it, where the sanitizer removes it. This moves the first
 * such element under @root, and everything after it up to the end of @root, to right after
 * @root, in order.
 */
static void
split_foreign (xmlNode *root)
{
  xmlNode *breakout = NULL;
  xmlNode *anchor = root;
  xmlNode *from;
  xmlNode *container;

  for (xmlNode *node = root->children; node; ) {
    if (is_breakout (node)) {
      breakout = node;
      break;
    }
    node = lectern_xml_next_node (node, root, is_integration_point (node));
  }

  if (!breakout)
    return;

  from = breakout;
  container = breakout->parent;
  while (TRUE) {
    xmlNode *next;

    for (xmlNode *node = from; node; node = next) {
      next = node->next;
      lectern_xml_move_after (node, anchor);
      anchor = node;
    }

    if (container == root)
      break;
    from = container->next;
    container = container->parent;
  }
}

/* Repairs the SVG and MathML elements under @root from @first, the first of them. */
static void
repair_foreign_content (xmlNode *root,
                        xmlNode *first)
{
  for (xmlNode *node = first; node; ) {
    if (is_foreign_root (node)) {
      split_foreign (node);
      node = lectern_xml_next_node (node, root, TRUE);
    } else {
      node = lectern_xml_next_node (node, root, FALSE);
    }
  }
}

/* Whether the elements under @root nest more than @max deep, @root counting as one. When
 * they do not, @first_foreign is the first SVG or MathML element, or %NULL.
 */
static gboolean
is_deeper_than (xmlNode  *root,
                guint     max,
                xmlNode **first_foreign)
{
  xmlNode *node = root;
  guint depth = 1;

  *first_foreign = is_foreign_root (root) ? root : NULL;

  while (TRUE) {
    if (node->type == XML_ELEMENT_NODE && node->children) {
      node = node->children;
      depth++;
    } else {
      while (node != root && !node->next) {
        node = node->parent;
        depth--;
      }
      if (node == root)
        return FALSE;
      node = node->next;
    }

    if (node->type == XML_ELEMENT_NODE && depth > max)
      return TRUE;
    if (!*first_foreign && node->type == XML_ELEMENT_NODE &&
        ((node->name[0] | 0x20) == 's' || (node->name[0] | 0x20) == 'm') &&
        is_foreign_root (node))
      *first_foreign = node;
  }
}

/* Whitespace between blocks.
 *
 * Two in five nodes of a typical page are runs of whitespace that only lay out its source:
 * the line breaks and indents between </div> and <div>. No browser shows them (a space at
 * the start or the end of a line is removed), and every walk over the tree pays for them.
 * A page read for its article leaves out a run that starts a line (first in a block box, or
 * after one) or ends one (before the start of a block box or the end of the block it is
 * in), and every run in <head>. Scripts, styles and comments are passed over: they make no
 * box. Runs inside <pre> and the like stay, and so does a run between two inline boxes.
 */

#define NAME_IS(name, literal) (strcmp ((const char *)(name), literal) == 0)

/* Whether the element @name makes a block box. Called for every run of text a page has:
 * the first letter picks the few names to compare.
 */
static gboolean
is_block_box (const xmlChar *name)
{
  switch (name[0]) {
  case 'a':
    return NAME_IS (name, "article") || NAME_IS (name, "aside") || NAME_IS (name, "address");
  case 'b':
    return NAME_IS (name, "body") || NAME_IS (name, "blockquote");
  case 'c':
    return NAME_IS (name, "center") || NAME_IS (name, "caption") || NAME_IS (name, "colgroup");
  case 'd':
    return NAME_IS (name, "div") || NAME_IS (name, "dd") || NAME_IS (name, "dt") ||
           NAME_IS (name, "dl") || NAME_IS (name, "details") || NAME_IS (name, "dialog") ||
           NAME_IS (name, "dir");
  case 'f':
    return NAME_IS (name, "footer") || NAME_IS (name, "form") || NAME_IS (name, "figure") ||
           NAME_IS (name, "figcaption") || NAME_IS (name, "fieldset");
  case 'h':
    return (name[1] >= '1' && name[1] <= '6' && name[2] == '\0') || NAME_IS (name, "header") ||
           NAME_IS (name, "hr") || NAME_IS (name, "head") || NAME_IS (name, "html") ||
           NAME_IS (name, "hgroup");
  case 'l':
    return NAME_IS (name, "li") || NAME_IS (name, "legend");
  case 'm':
    return NAME_IS (name, "main") || NAME_IS (name, "menu");
  case 'n':
    return NAME_IS (name, "nav");
  case 'o':
    return NAME_IS (name, "ol");
  case 'p':
    return name[1] == '\0';
  case 's':
    return NAME_IS (name, "section") || NAME_IS (name, "summary");
  case 't':
    return NAME_IS (name, "td") || NAME_IS (name, "tr") || NAME_IS (name, "table") ||
           NAME_IS (name, "th") || NAME_IS (name, "tbody") || NAME_IS (name, "thead") ||
           NAME_IS (name, "tfoot") || NAME_IS (name, "title");
  case 'u':
    return NAME_IS (name, "ul");
  default:
    return FALSE;
  }
}

/* Whether @node makes no box: a comment, a script, a style. */
static gboolean
is_boxless (xmlNode *node)
{
  if (node->type != XML_ELEMENT_NODE)
    return node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE;

  switch (node->name[0]) {
  case 's':
    return NAME_IS (node->name, "script") || NAME_IS (node->name, "style");
  case 'l':
    return NAME_IS (node->name, "link");
  case 'm':
    return NAME_IS (node->name, "meta");
  case 't':
    return NAME_IS (node->name, "template");
  default:
    return FALSE;
  }
}

static gboolean
is_open (htmlParserCtxt *ctxt,
         const char     *name)
{
  for (int i = ctxt->nameNr - 1; i >= 0; i--) {
    if (ctxt->nameTab[i][0] == name[0] && NAME_IS (ctxt->nameTab[i], name))
      return TRUE;
  }

  return FALSE;
}

/* Whether the markup at @p, after a run of whitespace, ends a line: the start tag of a
 * block box, or the end tag of an open one.
 */
static gboolean
ends_line_at (htmlParserCtxt *ctxt,
              const xmlChar  *p)
{
  gboolean end_tag;
  char name[16];
  gsize n = 0;

  if (!p || p[0] != '<')
    return FALSE;

  end_tag = p[1] == '/';
  for (p += end_tag ? 2 : 1; g_ascii_isalnum (*p); p++) {
    if (n == sizeof name - 1)
      return FALSE;
    name[n++] = g_ascii_tolower (*p);
  }
  name[n] = '\0';

  if (n == 0 || !(*p == '>' || *p == '/' || g_ascii_isspace (*p)) ||
      !is_block_box ((const xmlChar *)name))
    return FALSE;

  return !end_tag || is_open (ctxt, name);
}

static gboolean
is_blank_run (const xmlChar *ch,
              int            len)
{
  for (int i = 0; i < len; i++) {
    if (ch[i] != ' ' && ch[i] != '\n' && ch[i] != '\t' && ch[i] != '\r' && ch[i] != '\f')
      return FALSE;
  }

  return TRUE;
}

static gboolean
is_preformatted (htmlParserCtxt *ctxt)
{
  for (int i = 0; i < ctxt->nameNr; i++) {
    const xmlChar *name = ctxt->nameTab[i];

    if ((name[0] == 'p' && (NAME_IS (name, "pre") || NAME_IS (name, "plaintext"))) ||
        (name[0] == 't' && NAME_IS (name, "textarea")) ||
        (name[0] == 'l' && NAME_IS (name, "listing")) ||
        (name[0] == 'x' && NAME_IS (name, "xmp")))
      return TRUE;
  }

  return FALSE;
}

/* Whether a run of whitespace about to be added to the element being read is one a
 * browser never shows.
 */
static gboolean
is_layout_space (htmlParserCtxt *ctxt,
                 const xmlChar  *ch,
                 int             len)
{
  xmlNode *parent = ctxt->node;
  xmlNode *before;
  gboolean starts_line;

  if (!parent || parent->type != XML_ELEMENT_NODE || !is_blank_run (ch, len))
    return FALSE;

  if (strcmp ((const char *)parent->name, "head") == 0)
    return TRUE;

  before = parent->last;
  while (before && is_boxless (before))
    before = before->prev;
  starts_line = before ? before->type == XML_ELEMENT_NODE && is_block_box (before->name) :
                         is_block_box (parent->name);

  return (starts_line || ends_line_at (ctxt, ctxt->input ? ctxt->input->cur : NULL)) &&
         !is_preformatted (ctxt);
}

/* The SAX handler for the text of a page read for its article. */
static void
page_characters (void          *data,
                 const xmlChar *ch,
                 int            len)
{
  if (!is_layout_space (data, ch, len))
    xmlSAX2Characters (data, ch, len);
}

/* The SAX handler for comments in a page read for its article. The extractor reads none:
 * neither the page's nor the ones the pre-pass leaves where it removed markup (a million of
 * them, for a page of a million unclosed tags). One after text stays, though: it is what
 * keeps the pieces of a run of text the pre-pass split from joining again, into a node
 * longer than libxml2 takes.
 */
static void
page_comment (void          *data,
              const xmlChar *value)
{
  htmlParserCtxt *ctxt = data;

  if (ctxt->node && ctxt->node->last && ctxt->node->last->type == XML_TEXT_NODE)
    xmlSAX2Comment (data, value);
}

/* What reading a page for its article learns on the way, which a walk over the tree would
 * have to find after: whether it nests too deep, and its first SVG or MathML element.
 */
typedef struct {
  gboolean  too_deep;
  xmlNode  *first_foreign;
} PageReader;

/* The SAX handler for start tags in a page read for its article. */
static void
page_start_element (void           *data,
                    const xmlChar  *name,
                    const xmlChar **attributes)
{
  htmlParserCtxt *ctxt = data;
  PageReader *reader = ctxt->_private;

  xmlSAX2StartElement (data, name, attributes);

  /* The element just made is ctxt->node, <html> counting as one. */
  if (ctxt->nodeNr > LECTERN_XML_MAX_DEPTH)
    reader->too_deep = TRUE;
  else if (!reader->first_foreign && (NAME_IS (name, "svg") || NAME_IS (name, "math")))
    reader->first_foreign = ctxt->node;
}

/* Parses @html; for a @page, with the handlers above and @reader filled in. */
static xmlDoc *
read_html (const char *html,
           gsize       length,
           const char *url,
           PageReader *reader)
{
  htmlParserCtxt *ctxt;
  xmlDoc *doc;

  if (!reader)
    return htmlReadMemory (html, (int)length, url, NULL, LECTERN_HTML_PARSE_OPTIONS);

  /* What htmlReadMemory() does, with the handler in place. Its context reads UTF-8 from
   * the start; this one, left alone, would take a page without a <meta charset> for
   * Latin-1 at its first non-ASCII byte.
   */
  ctxt = htmlCreateMemoryParserCtxt (html, (int)length);
  if (!ctxt)
    return NULL;
  ctxt->charset = XML_CHAR_ENCODING_UTF8;
  ctxt->_private = reader;
  ctxt->sax->startElement = page_start_element;
  ctxt->sax->characters = page_characters;
  ctxt->sax->comment = page_comment;
  htmlCtxtUseOptions (ctxt, LECTERN_HTML_PARSE_OPTIONS);
  if (url && ctxt->input && !ctxt->input->filename)
    ctxt->input->filename = (char *)xmlStrdup ((const xmlChar *)url);
  htmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  htmlFreeParserCtxt (ctxt);

  return doc;
}

static xmlDoc *
read_document (const char *html,
               gsize       length,
               const char *url,
               gboolean    page)
{
  static const LecternXmlNesting nestings[] = {
    LECTERN_XML_NESTING_KEEP,
    LECTERN_XML_NESTING_FOLLOW,
    LECTERN_XML_NESTING_COUNT,
  };
  xmlDoc *doc = NULL;
  xmlNode *root = NULL;
  xmlNode *first_foreign = NULL;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (nestings); i++) {
    g_autofree char *prepared = NULL;
    gsize prepared_length;

    g_clear_pointer (&doc, xmlFreeDoc);
    prepared = prepare_html (html, length, LECTERN_XML_MAX_ATTRIBUTES, nestings[i],
                             LECTERN_XML_MAX_DEPTH - DEPTH_MARGIN, page, &prepared_length);
    if (prepared_length > G_MAXINT)
      return NULL;

    /* No encoding: the page is UTF-8 already, and naming it makes libxml2 2.9 "convert" a
     * second copy of it.
     */
    if (page) {
      PageReader reader = { FALSE, NULL };

      doc = read_html (prepared ? prepared : html, prepared_length, url, &reader);
      root = doc ? xmlDocGetRootElement (doc) : NULL;
      first_foreign = reader.first_foreign;
      if (!root || !reader.too_deep)
        break;
    } else {
      doc = read_html (prepared ? prepared : html, prepared_length, url, NULL);
      root = doc ? xmlDocGetRootElement (doc) : NULL;
      if (!root || !is_deeper_than (root, LECTERN_XML_MAX_DEPTH, &first_foreign))
        break;
    }
  }

  if (root && first_foreign)
    repair_foreign_content (root, first_foreign);

  return doc;
}

/**
 * lectern_xml_read_html:
 * @html: (array length=length): an HTML page in UTF-8, without NUL bytes
 * @length: the number of bytes in @html
 * @url: (nullable): the document's URL
 *
 * Parses @html with libxml2's HTML parser and #LECTERN_HTML_PARSE_OPTIONS, after
 * lectern_xml_prepare_html(), so that no start tag keeps more than
 * #LECTERN_XML_MAX_ATTRIBUTES attributes and the text after void and foreign elements
 * stays where a browser shows it. A page that would nest deeper than
 * #LECTERN_XML_MAX_DEPTH is parsed again, flattened beyond that depth, rather than cut
 * short where libxml2 gives up.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL when libxml2 made none
 */
xmlDoc *
lectern_xml_read_html (const char *html,
                       gsize       length,
                       const char *url)
{
  return read_document (html, length, url, FALSE);
}

/**
 * lectern_xml_read_page:
 * @html: (array length=length): a web page in UTF-8, without NUL bytes
 * @length: the number of bytes in @html
 * @url: (nullable): the page's URL
 *
 * Reads @html as lectern_xml_read_html() does, but leaves out the text of styles and of
 * scripts that hold no JSON, the attributes nothing reads, the runs of whitespace between
 * block boxes that no browser shows, and the comments: the tree of a page read for its
 * article.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL when libxml2 made none
 */
xmlDoc *
lectern_xml_read_page (const char *html,
                       gsize       length,
                       const char *url)
{
  return read_document (html, length, url, TRUE);
}

/**
 * lectern_xml_find_body:
 * @doc: a document libxml2's HTML parser made
 *
 * Returns: (transfer none) (nullable): its `<body>` element (the root, for a fragment
 *   parsed as one), or %NULL when it has none
 */
xmlNode *
lectern_xml_find_body (xmlDoc *doc)
{
  xmlNode *html = xmlDocGetRootElement (doc);

  if (!html)
    return NULL;
  if (lectern_xml_is_element (html, "body"))
    return html;

  for (xmlNode *child = html->children; child; child = child->next) {
    if (lectern_xml_is_element (child, "body"))
      return child;
  }

  return NULL;
}

/**
 * lectern_xml_serialize_children:
 * @doc: the document of @parent
 * @parent: an element
 *
 * Writes the children of @parent as HTML, without @parent itself.
 *
 * Returns: (transfer full): the HTML, or an empty string when it cannot be written
 */
char *
lectern_xml_serialize_children (xmlDoc  *doc,
                                xmlNode *parent)
{
  xmlOutputBuffer *out = xmlAllocOutputBuffer (NULL);
  char *result;

  if (!out)
    return g_strdup ("");

  for (xmlNode *child = parent->children; child; child = child->next)
    htmlNodeDumpFormatOutput (out, doc, child, NULL, 0);
  xmlOutputBufferFlush (out);

  if (out->error)
    result = g_strdup ("");
  else
    result = g_strndup ((const char *)xmlOutputBufferGetContent (out),
                        xmlOutputBufferGetSize (out));

  xmlOutputBufferClose (out);

  /* The HTML parser drops whitespace at the start of a body, so keeping it would make a
   * second pass over the result differ from the first.
   */
  return g_strstrip (result);
}
