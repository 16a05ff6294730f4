/* test-highlight.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-highlight.h"
#include "lectern-highlight-private.h"
#include "lectern-xml-private.h"

#include <string.h>

/* Highlights: the text they are anchored in, the <mark> elements the exports draw them
 * with, their notes, and the object itself.
 */

#define MARK_YELLOW "<mark class=\"lectern-highlight lectern-highlight-yellow\">"
#define MARK_GREEN "<mark class=\"lectern-highlight lectern-highlight-green\">"
#define MARK_BLUE "<mark class=\"lectern-highlight lectern-highlight-blue\">"

static void
assert_text (const char *html,
             const char *expected)
{
  g_autofree char *text = lectern_highlight_text_from_html (html);

  g_assert_cmpstr (text, ==, expected);
}

/* Where the @nth (from 0) @exact is in @text, in characters. */
static guint
find_offset (const char *text,
             const char *exact,
             guint       nth)
{
  const char *at = strstr (text, exact);

  g_assert_nonnull (at);
  for (guint i = 0; i < nth; i++) {
    at = strstr (g_utf8_next_char (at), exact);
    g_assert_nonnull (at);
  }

  return g_utf8_pointer_to_offset (text, at);
}

/* A highlight of the @nth @exact in the text of @html, as the reader would make it. */
static LecternHighlight *
highlight_in (const char            *html,
              const char            *exact,
              guint                  nth,
              LecternHighlightColor  color,
              const char            *note)
{
  g_autofree char *text = lectern_highlight_text_from_html (html);
  guint start = find_offset (text, exact, nth);
  g_autoptr (LecternTextSelector) selector = NULL;
  LecternHighlight *highlight;

  selector = lectern_text_selector_new_for_range (text, start, start + g_utf8_strlen (exact, -1));
  g_assert_nonnull (selector);
  g_assert_cmpstr (selector->exact, ==, exact);

  highlight = lectern_highlight_new (1, selector);
  lectern_highlight_set_color (highlight, color);
  lectern_highlight_set_note (highlight, note);
  return highlight;
}

/* The body @html with @highlights marked, serialised. */
static char *
mark_html (const char *html,
           GPtrArray  *highlights)
{
  g_autoptr (xmlDoc) doc = lectern_xml_read_html (html, strlen (html), NULL);
  xmlNode *body = lectern_xml_find_body (doc);

  g_assert_nonnull (body);
  _lectern_highlight_mark (body, highlights);
  return lectern_xml_serialize_children (doc, body);
}

static void
test_text_whitespace (void)
{
  assert_text (NULL, "");
  assert_text ("", "");
  assert_text ("<p>  Hello \n\t world  </p>", "Hello world");
  assert_text ("<p>a<span> </span>b</p>", "a b");
  assert_text ("<p>a <span> b</span></p>", "a b");
  assert_text ("<p> x</p>  ", "x");
  assert_text ("<p>x </p>\n\n", "x");
  /* Only ASCII white space collapses: a no-break space is a character. */
  assert_text ("<p>a&nbsp;&nbsp;b &nbsp;c</p>", "a\u00a0\u00a0b \u00a0c");
  assert_text ("<p>a\r\n\fb</p>", "a b");
}

static void
test_text_blocks (void)
{
  assert_text ("<p>a</p>\n\n<p>b</p>", "a\nb");
  assert_text ("<p>a</p> x <p>b</p>", "a\nx\nb");
  assert_text ("<p>a <br> b</p>", "a\nb");
  /* Breaks do not add up. */
  assert_text ("<p>a<br><br><br>b</p>", "a\nb");
  assert_text ("<div><p></p><p>x</p></div>", "x");
  assert_text ("<p>a</p><hr><p>b</p>", "a\nb");
  assert_text ("<h2>Title</h2><section><p>Text <em>in</em> it.</p></section>",
               "Title\nText in it.");
  assert_text ("<ul><li>one</li><li>two <em>2</em></li></ul><ol><li>three</li></ol>",
               "one\ntwo 2\nthree");
  assert_text ("<table><tr><th>a</th><td>b</td></tr><tr><td>c</td></tr></table>",
               "a\nb\nc");
  assert_text ("<blockquote><p>q</p></blockquote>after", "q\nafter");
  /* Other elements are inline, whatever a style sheet would make them. */
  assert_text ("<p>a<span>b</span><code>c</code><img src=\"x.png\" alt=\"ALT\">d</p>",
               "abcd");
  assert_text ("<p>a<script>var x;</script><style>p {}</style>b</p>", "ab");
}

static void
test_text_inline (void)
{
  const char *html = "<p>Some <em>emphasis</em>, <strong>strong <a href=\"https://e.org/\">"
                     "link</a></strong> and<b> bold</b>.</p>";
  g_autofree char *text = lectern_highlight_text_from_html (html);

  g_assert_cmpstr (text, ==, "Some emphasis, strong link and bold.");
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 36);
}

static void
test_text_pre (void)
{
  assert_text ("<p>x</p><pre>  a\n    b  c</pre><p>y</p>", "x\n  a\n    b  c\ny");
  assert_text ("<pre><code>if (x)\n\t y;</code></pre>", "if (x)\n\t y;");
  /* A line feed at the end of <pre> is kept, and the break still comes after it. */
  assert_text ("<pre>a\n</pre><p>b</p>", "a\n\nb");
  assert_text ("<p>before <span>  </span></p><pre> p</pre>", "before\n p");

  /* As a browser reads the same HTML: no line feed right after <pre>, line feeds for
   * carriage returns.
   */
  assert_text ("<pre>\ncode\n  more</pre>", "code\n  more");
  assert_text ("<pre>\r\n\nx</pre>", "\nx");
  assert_text ("<pre><b>b</b>\nc</pre>", "b\nc");
  assert_text ("<pre>a\r\nb\rc</pre>", "a\nb\nc");
}

static void
test_text_scripts (void)
{
  const char *html = "<p>中文 <b>文本</b></p><p>مرحبا <em>بالعالم</em></p><p>שלום עולם</p>"
                     "<p>👨‍👩‍👧 cafe\u0301 👍🏽</p>";
  g_autofree char *text = lectern_highlight_text_from_html (html);
  guint start;
  guint end;
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autofree char *found = NULL;

  g_assert_cmpstr (text, ==, "中文 文本\nمرحبا بالعالم\nשלום עולם\n👨‍👩‍👧 cafe\u0301 👍🏽");

  /* Counted in code points: 5 + 1 + 13 + 1 + 9 + 1 characters before the emoji family,
   * which is five (three people and two joiners).
   */
  g_assert_cmpuint (find_offset (text, "بالعالم", 0), ==, 12);
  g_assert_cmpuint (find_offset (text, "עולם", 0), ==, 25);
  g_assert_cmpuint (find_offset (text, "👨‍👩‍👧", 0), ==, 30);
  g_assert_cmpuint (find_offset (text, "cafe\u0301", 0), ==, 36);
  g_assert_cmpuint (find_offset (text, "👍🏽", 0), ==, 42);
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 44);

  /* The combining accent is part of the passage, and found again where it was. */
  selector = lectern_text_selector_new_for_range (text, 36, 41);
  g_assert_cmpstr (selector->exact, ==, "cafe\u0301");
  g_assert_true (lectern_text_selector_anchor (selector, text, &start, &end));
  g_assert_cmpuint (start, ==, 36);
  g_assert_cmpuint (end, ==, 41);
  found = g_utf8_substring (text, start, end);
  g_assert_cmpstr (found, ==, "cafe\u0301");
}

static void
test_mark_scripts (void)
{
  const char *html = "<p>中文 <b>文本</b></p><p dir=\"rtl\">مرحبا <em>بالعالم</em></p>"
                     "<p>שלום עולם</p><p>👨‍👩‍👧 cafe\u0301 👍🏽</p>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;

  g_ptr_array_add (highlights, highlight_in (html, "文 文", 0, LECTERN_HIGHLIGHT_YELLOW, NULL));
  g_ptr_array_add (highlights, highlight_in (html, "بالعالم\nשלום", 0,
                                             LECTERN_HIGHLIGHT_GREEN, NULL));
  g_ptr_array_add (highlights, highlight_in (html, "👨‍👩‍👧 cafe\u0301", 0,
                                             LECTERN_HIGHLIGHT_BLUE, NULL));
  marked = mark_html (html, highlights);

  g_assert_cmpstr (marked, ==,
                   "<p>中" MARK_YELLOW "文 </mark><b>" MARK_YELLOW "文</mark>本</b></p>"
                   "<p dir=\"rtl\">مرحبا <em>" MARK_GREEN "بالعالم</mark></em></p>"
                   "<p>" MARK_GREEN "שלום</mark> עולם</p>"
                   "<p>" MARK_BLUE "👨‍👩‍👧 cafe\u0301</mark> 👍🏽</p>");
}

static void
test_anchor_text_changed (void)
{
  const char *before = "<p>The quick brown fox.</p><p>It jumps over the lazy dog.</p>";
  const char *after = "<h2>Update</h2><p>The quick brown fox, <em>again</em>.</p>"
                      "<p>It jumps over the <em>lazy</em>   dog.</p>";
  const char *gone = "<p>The quick brown fox.</p><p>It sleeps.</p>";
  g_autofree char *text = lectern_highlight_text_from_html (before);
  g_autofree char *changed = lectern_highlight_text_from_html (after);
  g_autofree char *removed = lectern_highlight_text_from_html (gone);
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autofree char *found = NULL;
  guint start;
  guint end;

  selector = lectern_text_selector_new_for_range (text, find_offset (text, "lazy dog", 0),
                                                  find_offset (text, "lazy dog", 0) + 8);
  g_assert_cmpstr (selector->exact, ==, "lazy dog");
  g_assert_cmpuint (selector->start, ==, 39);

  /* Where it was. */
  g_assert_true (lectern_text_selector_anchor (selector, text, &start, &end));
  g_assert_cmpuint (start, ==, 39);

  /* The text changed around it, the emphasis and the extra spaces add nothing: found by
   * its quote.
   */
  g_assert_cmpstr (changed, ==, "Update\nThe quick brown fox, again.\nIt jumps over the lazy dog.");
  g_assert_true (lectern_text_selector_anchor (selector, changed, &start, &end));
  g_assert_cmpuint (start, ==, 53);
  found = g_utf8_substring (changed, start, end);
  g_assert_cmpstr (found, ==, "lazy dog");

  g_assert_false (lectern_text_selector_anchor (selector, removed, &start, &end));
}

static void
test_anchor_repeated (void)
{
  const char *html = "<p>the cat sat. the cat ran.</p><p>the cat slept.</p>";
  const char *changed_html = "<p>Once, the cat ate. the cat sat. the cat ran.</p>"
                             "<p>the cat slept.</p>";
  g_autoptr (LecternHighlight) highlight = highlight_in (html, "the cat", 1,
                                                         LECTERN_HIGHLIGHT_YELLOW, NULL);
  g_autoptr (GPtrArray) highlights = g_ptr_array_new ();
  g_autofree char *changed = lectern_highlight_text_from_html (changed_html);
  g_autofree char *marked = NULL;
  g_autofree char *marked_changed = NULL;
  guint start;
  guint end;

  g_assert_cmpuint (lectern_highlight_get_selector (highlight)->start, ==, 13);

  /* Of the four "the cat" now, the one between "sat. " and " ran." */
  g_assert_true (lectern_text_selector_anchor (lectern_highlight_get_selector (highlight),
                                               changed, &start, &end));
  g_assert_cmpuint (start, ==, find_offset (changed, "the cat", 2));
  g_assert_cmpuint (start, ==, 32);

  g_ptr_array_add (highlights, highlight);
  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==,
                   "<p>the cat sat. " MARK_YELLOW "the cat</mark> ran.</p><p>the cat slept.</p>");
  marked_changed = mark_html (changed_html, highlights);
  g_assert_cmpstr (marked_changed, ==,
                   "<p>Once, the cat ate. the cat sat. " MARK_YELLOW "the cat</mark> ran.</p>"
                   "<p>the cat slept.</p>");
}

static void
test_mark_paragraphs (void)
{
  const char *html = "<p>First paragraph ends here.</p>\n<p>Second one starts here.</p>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;
  g_autofree char *text = lectern_highlight_text_from_html (html);
  g_autofree char *marked_text = NULL;

  g_ptr_array_add (highlights, highlight_in (html, "ends here.\nSecond one", 0,
                                             LECTERN_HIGHLIGHT_YELLOW, NULL));
  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==,
                   "<p>First paragraph " MARK_YELLOW "ends here.</mark></p>\n"
                   "<p>" MARK_YELLOW "Second one</mark> starts here.</p>");

  /* Marks add nothing to the text. */
  marked_text = lectern_highlight_text_from_html (marked);
  g_assert_cmpstr (marked_text, ==, text);
}

static void
test_mark_inline (void)
{
  const char *html = "<ul><li>Item <em>one</em> has <a href=\"https://example.com/\">a link"
                     "</a></li><li>Item <strong>two</strong></li></ul>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;

  g_ptr_array_add (highlights, highlight_in (html, "one has a link\nItem tw", 0,
                                             LECTERN_HIGHLIGHT_BLUE, NULL));
  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==,
                   "<ul><li>Item <em>" MARK_BLUE "one</mark></em>" MARK_BLUE " has </mark>"
                   "<a href=\"https://example.com/\">" MARK_BLUE "a link</mark></a></li>"
                   "<li>" MARK_BLUE "Item </mark><strong>" MARK_BLUE "tw</mark>o</strong></li>"
                   "</ul>");
}

static void
test_mark_note (void)
{
  const char *html = "<p>Alpha <em>beta</em> gamma.</p><p>Delta.</p>"
                     "<ul><li>In a list</li></ul><table><tr><td>cell</td></tr></table>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;

  g_ptr_array_add (highlights, highlight_in (html, "beta", 0, LECTERN_HIGHLIGHT_YELLOW,
                                             "First line\r\n\nSecond <line> & more"));
  g_ptr_array_add (highlights, highlight_in (html, "gamma", 0, LECTERN_HIGHLIGHT_PINK,
                                             "Another note"));
  g_ptr_array_add (highlights, highlight_in (html, "list", 0, LECTERN_HIGHLIGHT_GREEN,
                                             "On the item"));
  g_ptr_array_add (highlights, highlight_in (html, "cell", 0, LECTERN_HIGHLIGHT_GREEN,
                                             "On the cell"));
  marked = mark_html (html, highlights);

  /* After the paragraph, in the order of the passages; inside the list item and the cell,
   * where a quote may stand.
   */
  g_assert_cmpstr (marked, ==,
                   "<p>Alpha <em>" MARK_YELLOW "beta</mark></em> "
                   "<mark class=\"lectern-highlight lectern-highlight-pink\">gamma</mark>.</p>"
                   "<blockquote class=\"lectern-note\"><p>First line</p>"
                   "<p>Second &lt;line&gt; &amp; more</p></blockquote>"
                   "<blockquote class=\"lectern-note\"><p>Another note</p></blockquote>"
                   "<p>Delta.</p>"
                   "<ul><li>In a " MARK_GREEN "list</mark>"
                   "<blockquote class=\"lectern-note\"><p>On the item</p></blockquote></li></ul>"
                   "<table><tr><td>" MARK_GREEN "cell</mark>"
                   "<blockquote class=\"lectern-note\"><p>On the cell</p></blockquote></td></tr>"
                   "</table>");
}

static void
test_mark_overlapping (void)
{
  const char *html = "<p>one two three four</p>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;

  /* Listed newest first, as the library lists them; drawn in the order of the text. */
  g_ptr_array_add (highlights, highlight_in (html, "two three four", 0,
                                             LECTERN_HIGHLIGHT_GREEN, NULL));
  g_ptr_array_add (highlights, highlight_in (html, "one two three", 0,
                                             LECTERN_HIGHLIGHT_YELLOW, NULL));
  g_ptr_array_add (highlights, highlight_in (html, "three", 0, LECTERN_HIGHLIGHT_BLUE, NULL));
  marked = mark_html (html, highlights);

  g_assert_cmpstr (marked, ==,
                   "<p>" MARK_YELLOW "one </mark>"
                   MARK_YELLOW MARK_GREEN "two </mark></mark>"
                   MARK_YELLOW MARK_GREEN MARK_BLUE "three</mark></mark></mark>"
                   MARK_GREEN " four</mark></p>");
}

static void
test_mark_not_found (void)
{
  const char *html = "<p>Only this text.</p>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LecternTextSelector) selector = NULL;
  LecternHighlight *highlight;
  g_autofree char *marked = NULL;

  selector = lectern_text_selector_new ("nowhere", "", "", 3, 10);
  highlight = lectern_highlight_new (1, selector);
  lectern_highlight_set_note (highlight, "Its note is left out too");
  g_ptr_array_add (highlights, highlight);
  g_ptr_array_add (highlights, highlight_in (html, "text", 0, LECTERN_HIGHLIGHT_YELLOW, NULL));

  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==, "<p>Only this " MARK_YELLOW "text</mark>.</p>");

  /* Nothing to mark: nothing changes. */
  g_clear_pointer (&marked, g_free);
  g_ptr_array_set_size (highlights, 1);
  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==, "<p>Only this text.</p>");
}

static void
test_mark_pre (void)
{
  const char *html = "<pre>line one\n  line two\n</pre>";
  g_autoptr (GPtrArray) highlights = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *marked = NULL;

  g_ptr_array_add (highlights, highlight_in (html, "one\n  line", 0,
                                             LECTERN_HIGHLIGHT_YELLOW, "Code"));
  marked = mark_html (html, highlights);
  g_assert_cmpstr (marked, ==,
                   "<pre>line " MARK_YELLOW "one\n  line</mark> two\n</pre>"
                   "<blockquote class=\"lectern-note\"><p>Code</p></blockquote>");

  /* A carriage return is a line feed of the text, and marked whole. */
  g_clear_pointer (&marked, g_free);
  g_ptr_array_set_size (highlights, 0);
  g_ptr_array_add (highlights, highlight_in ("<pre>\na\r\nb\r\nc</pre>", "a\nb\n", 0,
                                             LECTERN_HIGHLIGHT_YELLOW, NULL));
  marked = mark_html ("<pre>\na\r\nb\r\nc</pre>", highlights);
  g_assert_cmpstr (marked, ==, "<pre>\n" MARK_YELLOW "a\r\nb\r\n</mark>c</pre>");
}

static void
test_clean_note (void)
{
  g_autofree char *crlf = lectern_highlight_clean_note ("one\r\ntwo\rthree\n");
  g_autofree char *controls = lectern_highlight_clean_note ("a\x01" "b\x1b[0m\tc\x7f");
  g_autofree char *blank = lectern_highlight_clean_note (" \n\t\r\n ");
  g_autofree char *only_controls = lectern_highlight_clean_note ("\x01\x02");
  g_autofree char *invalid = lectern_highlight_clean_note ("bad \xff\xfe bytes");
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  g_autofree char *big_clean = NULL;

  g_assert_cmpstr (crlf, ==, "one\ntwo\nthree\n");
  g_assert_cmpstr (controls, ==, "ab[0m\tc");
  g_assert_null (blank);
  g_assert_null (only_controls);
  g_assert_null (invalid);
  g_assert_null (lectern_highlight_clean_note (NULL));
  g_assert_null (lectern_highlight_clean_note (""));

  big[1000] = '\n';
  big_clean = lectern_highlight_clean_note (big);
  g_assert_nonnull (big_clean);
  g_assert_cmpuint (strlen (big_clean), ==, 1024 * 1024);
  g_assert_cmpstr (big_clean, ==, big);
}

static void
test_object (void)
{
  g_autoptr (LecternTextSelector) selector = lectern_text_selector_new ("passage", "the ", ".",
                                                                        4, 11);
  g_autoptr (LecternHighlight) highlight = lectern_highlight_new (42, selector);
  g_autoptr (LecternHighlight) copy = NULL;
  LecternHighlightColor color = LECTERN_HIGHLIGHT_YELLOW;
  g_autofree char *note = NULL;

  /* New: yellow, no note, found, not stored. */
  g_assert_cmpint (lectern_highlight_get_article_id (highlight), ==, 42);
  g_assert_cmpint (lectern_highlight_get_id (highlight), ==, 0);
  g_assert_cmpint (lectern_highlight_get_color (highlight), ==, LECTERN_HIGHLIGHT_YELLOW);
  g_assert_null (lectern_highlight_get_note (highlight));
  g_assert_true (lectern_highlight_get_found (highlight));
  g_assert_cmpstr (lectern_highlight_get_text (highlight), ==, "passage");
  g_assert_true (lectern_highlight_get_selector (highlight) != selector);
  g_assert_cmpstr (lectern_highlight_get_selector (highlight)->prefix, ==, "the ");
  g_assert_cmpuint (lectern_highlight_get_selector (highlight)->end, ==, 11);

  lectern_highlight_set_id (highlight, 7);
  lectern_highlight_set_color (highlight, LECTERN_HIGHLIGHT_PURPLE);
  lectern_highlight_set_note (highlight, "  a note\r\n");
  lectern_highlight_set_found (highlight, FALSE);
  lectern_highlight_set_created_at (highlight, 1000);
  lectern_highlight_set_updated_at (highlight, 2000);
  lectern_highlight_set_article_title (highlight, "Title");

  g_assert_cmpint (lectern_highlight_get_id (highlight), ==, 7);
  g_assert_cmpint (lectern_highlight_get_color (highlight), ==, LECTERN_HIGHLIGHT_PURPLE);
  g_assert_cmpstr (lectern_highlight_get_note (highlight), ==, "  a note\n");
  g_assert_false (lectern_highlight_get_found (highlight));

  /* The note goes through the same cleaning as a property. */
  g_object_set (highlight, "note", " \t ", NULL);
  g_assert_null (lectern_highlight_get_note (highlight));
  g_object_set (highlight, "note", "kept", "color", LECTERN_HIGHLIGHT_BLUE, NULL);
  g_object_get (highlight, "note", &note, "color", &color, NULL);
  g_assert_cmpstr (note, ==, "kept");
  g_assert_cmpint (color, ==, LECTERN_HIGHLIGHT_BLUE);

  copy = lectern_highlight_copy (highlight);
  g_assert_true (copy != highlight);
  g_assert_cmpint (lectern_highlight_get_id (copy), ==, 7);
  g_assert_cmpint (lectern_highlight_get_article_id (copy), ==, 42);
  g_assert_cmpint (lectern_highlight_get_color (copy), ==, LECTERN_HIGHLIGHT_BLUE);
  g_assert_cmpstr (lectern_highlight_get_note (copy), ==, "kept");
  g_assert_false (lectern_highlight_get_found (copy));
  g_assert_cmpint (lectern_highlight_get_created_at (copy), ==, 1000);
  g_assert_cmpint (lectern_highlight_get_updated_at (copy), ==, 2000);
  g_assert_cmpstr (lectern_highlight_get_article_title (copy), ==, "Title");
  g_assert_cmpstr (lectern_highlight_get_text (copy), ==, "passage");
  g_assert_true (lectern_highlight_get_selector (copy) !=
                 lectern_highlight_get_selector (highlight));

  /* The copy is its own. */
  lectern_highlight_set_note (highlight, "changed");
  g_assert_cmpstr (lectern_highlight_get_note (copy), ==, "kept");

  /* Colours by name. */
  for (guint i = 0; i < LECTERN_N_HIGHLIGHT_COLORS; i++) {
    LecternHighlightColor back;

    g_assert_true (lectern_highlight_color_from_string (lectern_highlight_color_to_string (i),
                                                        &back));
    g_assert_cmpint (back, ==, i);
  }
  g_assert_cmpstr (lectern_highlight_color_to_string (LECTERN_HIGHLIGHT_PINK), ==, "pink");
  g_assert_true (lectern_highlight_color_from_string ("Green", &color));
  g_assert_cmpint (color, ==, LECTERN_HIGHLIGHT_GREEN);
  g_assert_false (lectern_highlight_color_from_string ("orange", &color));
  g_assert_false (lectern_highlight_color_from_string (NULL, &color));
  g_assert_cmpint (color, ==, LECTERN_HIGHLIGHT_GREEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/highlight/text/whitespace", test_text_whitespace);
  g_test_add_func ("/highlight/text/blocks", test_text_blocks);
  g_test_add_func ("/highlight/text/inline", test_text_inline);
  g_test_add_func ("/highlight/text/pre", test_text_pre);
  g_test_add_func ("/highlight/text/scripts", test_text_scripts);
  g_test_add_func ("/highlight/anchor/text-changed", test_anchor_text_changed);
  g_test_add_func ("/highlight/anchor/repeated", test_anchor_repeated);
  g_test_add_func ("/highlight/mark/paragraphs", test_mark_paragraphs);
  g_test_add_func ("/highlight/mark/inline", test_mark_inline);
  g_test_add_func ("/highlight/mark/scripts", test_mark_scripts);
  g_test_add_func ("/highlight/mark/note", test_mark_note);
  g_test_add_func ("/highlight/mark/overlapping", test_mark_overlapping);
  g_test_add_func ("/highlight/mark/not-found", test_mark_not_found);
  g_test_add_func ("/highlight/mark/pre", test_mark_pre);
  g_test_add_func ("/highlight/clean-note", test_clean_note);
  g_test_add_func ("/highlight/object", test_object);

  return g_test_run ();
}
