/* test-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-markdown.h"

#include <string.h>

/* Articles written as Markdown: each construct, what must be escaped, and pages that
 * could exhaust the stack.
 */

/* lectern://image/abc was saved, every other image was not. */
static char *
image_path_cb (const char *src,
               gpointer    user_data)
{
  guint *n_calls = user_data;

  (*n_calls)++;
  if (strcmp (src, "lectern://image/abc") == 0)
    return g_strdup ("images/abc.png");

  return NULL;
}

static void
assert_markdown (const char *html,
                 const char *expected)
{
  g_autofree char *markdown = NULL;
  guint n_calls = 0;

  markdown = lectern_markdown_from_html (html, image_path_cb, &n_calls);
  g_assert_cmpstr (markdown, ==, expected);
}

static void
test_empty (void)
{
  g_autofree char *from_null = lectern_markdown_from_html (NULL, NULL, NULL);
  g_autofree char *from_empty = lectern_markdown_from_html ("", NULL, NULL);

  g_assert_cmpstr (from_null, ==, "");
  g_assert_cmpstr (from_empty, ==, "");

  assert_markdown ("   \n\t ", "");
  assert_markdown ("<p></p><div> </div><em></em><p><br></p>", "");
}

static void
test_paragraphs (void)
{
  /* White space collapses as in a browser; none is left at the start or the end. */
  assert_markdown ("<p>  One\n   paragraph\twith   spaces. </p>\n\n<p>Two</p>",
                   "One paragraph with spaces.\n\nTwo\n");
  assert_markdown ("<div><div>a</div>b<p>c</p></div>", "a\n\nb\n\nc\n");
  assert_markdown ("Loose text<br>on two lines", "Loose text\\\non two lines\n");

  /* Line breaks: none at the start or the end of a paragraph. */
  assert_markdown ("<p><br>a<br><br>b<br></p>", "a\\\n\\\nb\n");
  assert_markdown ("<p>x&nbsp;y</p>", "x\xc2\xa0y\n");

  /* Never more than one blank line, and one line break at the end. */
  assert_markdown ("<p>a</p><div> </div><p></p><section><div>\n</div></section><p>b</p>\n\n",
                   "a\n\nb\n");
}

static void
test_headings (void)
{
  assert_markdown ("<h1>Title</h1><p>Text</p><h3>Sub <em>title</em></h3>",
                   "# Title\n\nText\n\n### Sub *title*\n");
  assert_markdown ("<h2>One<br>line</h2><h6> Six </h6>", "## One line\n\n###### Six\n");

  /* "#" at the end after a space would be a closing sequence. */
  assert_markdown ("<h2>Issue #</h2><h2>C#</h2>", "## Issue \\#\n\n## C#\n");
  assert_markdown ("<h2></h2><p>a</p>", "a\n");
}

static void
test_emphasis (void)
{
  assert_markdown ("<p><em>em</em> <i>i</i> <strong>strong</strong> <b>b</b> "
                   "<s>s</s> <del>del</del> <cite>cite</cite></p>",
                   "*em* *i* **strong** **b** ~~s~~ ~~del~~ *cite*\n");

  /* Empty emphasis goes; white space moves outside the delimiters. */
  assert_markdown ("<p>a<em></em>b <strong> </strong>c</p>", "ab c\n");
  assert_markdown ("<p>a<em> spaced </em>b<strong>x </strong>y</p>", "a *spaced* b**x** y\n");

  /* Nested emphasis. */
  assert_markdown ("<p><strong><em>both</em></strong> <em>a <strong>b</strong></em> "
                   "<em>x <em>y</em> z</em></p>",
                   "***both*** *a **b*** *x y z*\n");

  /* Where Markdown would not see the delimiters as such, the HTML tags. */
  assert_markdown ("<p>a<em>\"quoted\"</em>b</p>", "a<em>\"quoted\"</em>b\n");
  assert_markdown ("<p><strong>Note:</strong> text, <strong>Note:</strong>text</p>",
                   "**Note:** text, <strong>Note:</strong>text\n");
  assert_markdown ("<p><em>x</em><strong>y</strong> <s>a</s><del>b</del></p>",
                   "*x*<strong>y</strong> ~~a~~<del>b</del>\n");
  assert_markdown ("<p><em>a.</em>b <strong>b,</strong>c <strong>d</strong>!</p>",
                   "<em>a.</em>b <strong>b,</strong>c **d**!\n");
  assert_markdown ("<p><del>a</del><em>(b)</em> (<em>\"c\"</em>)</p>",
                   "~~a~~<em>(b)</em> (<em>\"c\"</em>)\n");

  /* Emphasis around blocks applies to each of them. */
  assert_markdown ("<em><p>a</p><p>b</p></em>", "*a*\n\n*b*\n");

  /* Delimiters that could close the emphasis around them. */
  assert_markdown ("<p><em><strong>a</strong> b <u><strong>- !</strong></u></em></p>",
                   "***a** b <u><strong>- !</strong></u>*\n");
  assert_markdown ("<p>中文<em>强调</em>中文 <strong>中文<em>强调</em>中文</strong></p>",
                   "中文*强调*中文 **中文<em>强调</em>中文**\n");
}

static void
test_code (void)
{
  assert_markdown ("<p>Run <code>make  install</code> now.</p>", "Run `make install` now.\n");

  /* The fence is longer than any run of backticks inside. */
  assert_markdown ("<p><code>a`b</code> <code>``x``</code> <code>`tick</code></p>",
                   "``a`b`` ``` ``x`` ``` `` `tick ``\n");

  /* Markdown is not escaped in code; white space at its ends moves outside. */
  assert_markdown ("<p>a<code> *x_y* </code>b</p>", "a `*x_y*` b\n");

  /* Two code spans in a row would run together. */
  assert_markdown ("<p><code>x</code><code>y*</code></p>", "`x`<code>y\\*</code>\n");
}

static void
test_code_blocks (void)
{
  assert_markdown ("<pre><code class=\"language-c\">int\nmain (void)\n{\n  return 0;\n}\n"
                   "</code></pre>",
                   "```c\nint\nmain (void)\n{\n  return 0;\n}\n```\n");

  /* Verbatim: white space, blank lines and Markdown characters. */
  assert_markdown ("<p>Before</p><pre>\n  *a*  \n\n# b\n</pre><p>After</p>",
                   "Before\n\n```\n  *a*  \n\n# b\n```\n\nAfter\n");

  /* Backticks inside make the fence longer. */
  assert_markdown ("<pre class=\"language-markdown\">```\ncode\n```</pre>",
                   "````markdown\n```\ncode\n```\n````\n");
  assert_markdown ("<pre>a<br>b</pre>", "```\na\nb\n```\n");
}

static void
test_links (void)
{
  assert_markdown ("<p>See <a href=\"https://example.com/a\">the page</a>.</p>",
                   "See [the page](https://example.com/a).\n");
  assert_markdown ("<p><a href=\"mailto:me@example.com\">mail</a> "
                   "<a href=\"http://example.com/a b\">space</a> "
                   "<a href=\"https://example.com/(x)\">parens</a></p>",
                   "[mail](mailto:me@example.com) [space](<http://example.com/a b>) "
                   "[parens](<https://example.com/(x)>)\n");

  /* Only http, https and mailto links are written as links. */
  assert_markdown ("<p><a href=\"javascript:alert(1)\">click</a> "
                   "<a href=\"ftp://example.com/\">ftp</a> <a>none</a></p>",
                   "click ftp none\n");

  /* A link without text goes; one around an image holds the image. */
  assert_markdown ("<p>a<a href=\"https://example.com/\"> </a>b</p>", "a b\n");
  assert_markdown ("<p><a href=\"https://example.com/\"><img src=\"lectern://image/abc\" "
                   "alt=\"Logo\"></a></p>",
                   "[![Logo](images/abc.png)](https://example.com/)\n");

  /* Link text is escaped; "!" before a link would make it an image. */
  assert_markdown ("<p>Wow!<a href=\"https://example.com/\">[1]</a></p>",
                   "Wow\\![\\[1\\]](https://example.com/)\n");

  /* A link around blocks links each of them. */
  assert_markdown ("<a href=\"https://example.com/\"><h2>Title</h2><p>Summary</p></a>",
                   "## [Title](https://example.com/)\n\n[Summary](https://example.com/)\n");
}

static void
test_images (void)
{
  g_autofree char *unmapped = NULL;
  g_autofree char *counted = NULL;
  guint n_calls = 0;

  assert_markdown ("<p><img src=\"lectern://image/abc\" alt=\"A  cat\"></p>",
                   "![A cat](images/abc.png)\n");

  /* Images that are not available: their alt text, or nothing. */
  assert_markdown ("<p>a <img src=\"lectern://image/def\" alt=\"A dog\"> b "
                   "<img src=\"lectern://image/def\"> c</p>",
                   "a *A dog* b c\n");
  assert_markdown ("<p>Before <span class=\"lectern-missing-image\">A chart</span></p>",
                   "Before *A chart*\n");

  /* Without a function, the src as it is. */
  unmapped = lectern_markdown_from_html ("<img src=\"lectern://image/abc\" alt=\"[x]\">",
                                         NULL, NULL);
  g_assert_cmpstr (unmapped, ==, "![\\[x\\]](lectern://image/abc)\n");

  /* The function is asked once for each image that has a src. */
  counted = lectern_markdown_from_html ("<p><img alt=\"none\"> <img src=\"lectern://image/abc\">"
                                        " <img src=\"https://example.com/a.png\" alt=\"a\"></p>",
                                        image_path_cb, &n_calls);
  g_assert_cmpstr (counted, ==, "*none* ![](images/abc.png) *a*\n");
  g_assert_cmpuint (n_calls, ==, 2);
}

static void
test_inline_tags (void)
{
  assert_markdown ("<p>H<sub>2</sub>O, E=mc<sup>2</sup>, <mark>hi</mark>, <u>u</u>, "
                   "<ins>new</ins>, <kbd>Ctrl</kbd>+<kbd>C</kbd></p>",
                   "H<sub>2</sub>O, E=mc<sup>2</sup>, ==hi==, <u>u</u>, "
                   "<ins>new</ins>, <kbd>Ctrl</kbd>+<kbd>C</kbd>\n");
  assert_markdown ("<p><q>Quoted</q> <small>small</small> <abbr>ABBR</abbr> "
                   "<time>today</time> <span>span</span><wbr></p>",
                   "\"Quoted\" small ABBR today span\n");
  /* A formula is written as its text. */
  assert_markdown ("<p>so <math><mi>x</mi><mo>=</mo><mn>2</mn></math> holds</p>",
                   "so x=2 holds\n");
}

static void
test_quotes (void)
{
  assert_markdown ("<blockquote><p>One</p><p>Two</p></blockquote><p>After</p>",
                   "> One\n>\n> Two\n\nAfter\n");

  /* Nested quotes, and lists and code in a quote. */
  assert_markdown ("<blockquote><p>quote</p><blockquote><p>nested</p></blockquote>"
                   "<ul><li>item</li></ul><pre>x\n\ny</pre><p>end</p></blockquote>",
                   "> quote\n>\n> > nested\n>\n> - item\n>\n> ```\n> x\n>\n> y\n> ```\n>\n"
                   "> end\n");
  assert_markdown ("<blockquote>text<br>more</blockquote><blockquote></blockquote>",
                   "> text\\\n> more\n");
}

static void
test_lists (void)
{
  /* Tight lists, nested by the width of the marker. */
  assert_markdown ("<ul><li>one</li><li>two<ul><li>nested</li><li>more</li></ul></li>"
                   "<li>three</li></ul>",
                   "- one\n- two\n  - nested\n  - more\n- three\n");
  assert_markdown ("<ol start=\"9\"><li>nine</li><li>ten<ol><li>a</li></ol></li></ol>",
                   "9. nine\n10. ten\n    1. a\n");
  assert_markdown ("<ol><li><p>one</p></li><li>two</li></ol><p>After</p>",
                   "1. one\n2. two\n\nAfter\n");

  /* A loose list: an item with two paragraphs. */
  assert_markdown ("<ul><li><p>para one</p><p>para two</p></li><li>simple</li></ul>",
                   "- para one\n\n  para two\n\n- simple\n");

  /* Items that start with a block, and an empty one. */
  assert_markdown ("<ol><li><pre>code</pre></li><li><h3>Head</h3><p>text</p></li><li></li>"
                   "<li><blockquote>q</blockquote></li></ol>",
                   "1. ```\n   code\n   ```\n\n2. ### Head\n\n   text\n\n3.\n\n4. > q\n");
  assert_markdown ("<ul><li><ul><li>a</li></ul></li></ul>", "- - a\n");
  assert_markdown ("<ul><li><hr></li></ul>", "- ___\n");

  /* An ordered list not starting at 1 cannot follow the item's text on the next line. */
  assert_markdown ("<ul><li>text<ol start=\"3\"><li>three</li></ol></li></ul>",
                   "- text\n\n  3. three\n");

  /* A list right inside a list goes with the item before it. */
  assert_markdown ("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>", "- a\n  - b\n- c\n");

  /* Two lists in a row get other markers, or they would be one. */
  assert_markdown ("<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>",
                   "- a\n\n* b\n\n1. c\n\n1) d\n");

  /* A loose list inside a tight one. */
  assert_markdown ("<ul><li>a<ul><li><p>b</p><p>b2</p></li><li>c</li></ul></li><li>d</li></ul>",
                   "- a\n  - b\n\n    b2\n\n  - c\n- d\n");

  /* Lists in a quote and quotes in a list. */
  assert_markdown ("<blockquote><ol><li>one</li><li>two<blockquote>inner</blockquote></li></ol>"
                   "</blockquote>",
                   "> 1. one\n>\n> 2. two\n>\n>    > inner\n");
}

static void
test_rules_figures_definitions (void)
{
  assert_markdown ("<p>a</p><hr><p>b</p>", "a\n\n---\n\nb\n");
  assert_markdown ("<figure><img src=\"lectern://image/abc\" alt=\"Fig\">"
                   "<figcaption>The <em>caption</em></figcaption></figure>",
                   "![Fig](images/abc.png)\n\n*The caption*\n");

  /* A term in bold, its definitions as paragraphs. */
  assert_markdown ("<dl><dt>Term</dt><dd>Definition one</dd><dd><p>Two</p></dd>"
                   "<dt>Other</dt><dd>Three</dd></dl>",
                   "**Term**\n\nDefinition one\n\nTwo\n\n**Other**\n\nThree\n");
  assert_markdown ("<details><summary>More</summary><p>Hidden</p></details>",
                   "**More**\n\nHidden\n");
}

static void
test_tables (void)
{
  assert_markdown ("<table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
                   "<tbody><tr><td>a</td><td><em>1</em></td></tr>"
                   "<tr><td>b</td><td>2</td></tr></tbody></table>",
                   "| Name | Value |\n| --- | --- |\n| a | *1* |\n| b | 2 |\n");

  /* Pipes escaped, line breaks as <br>, colspan and short rows padded. */
  assert_markdown ("<table><tr><th>A</th><th>B|pipe</th><th>C</th></tr>"
                   "<tr><td colspan=\"2\">span</td></tr>"
                   "<tr><td>x<br>y</td><td><code>a|b</code></td><td></td></tr></table>",
                   "| A | B\\|pipe | C |\n| --- | --- | --- |\n| span | | |\n"
                   "| x<br>y | `a\\|b` | |\n");

  /* The first row is the header, th or not; paragraphs in a cell are joined. */
  assert_markdown ("<p>Before</p><table><tr><td>h1</td><td>h2</td></tr>"
                   "<tr><td><p>p1</p><p>p2</p></td><td>v</td></tr></table><p>After</p>",
                   "Before\n\n| h1 | h2 |\n| --- | --- |\n| p1<br>p2 | v |\n\nAfter\n");

  /* Cells with lists cannot be in a pipe table: their content as paragraphs. */
  assert_markdown ("<table><tr><td>one</td></tr><tr><td><ul><li>x</li></ul></td></tr></table>",
                   "one\n\n- x\n");
}

static void
test_cjk_and_rtl (void)
{
  assert_markdown ("<p>据了解，DeepSeek的模型在多项测试中表现出色。</p>",
                   "据了解，DeepSeek的模型在多项测试中表现出色。\n");
  assert_markdown ("<p>日本語の<strong>文章</strong>です。</p>", "日本語の**文章**です。\n");

  /* A line break between two CJK characters is no space; elsewhere it is. */
  assert_markdown ("<p>中文<em>强调</em>\n中文\n换行 English\nwords 한국어\n한국어</p>",
                   "中文*强调*中文换行 English words 한국어 한국어\n");

  assert_markdown ("<p>مرحبا بالعالم، هذه <strong>مقالة</strong> للقراءة لاحقا.</p>",
                   "مرحبا بالعالم، هذه **مقالة** للقراءة لاحقا.\n");
  assert_markdown ("<h2>שלום עולם</h2>", "## שלום עולם\n");
}

static void
test_escaping (void)
{
  assert_markdown ("<p>1. not a list</p><p># not a heading</p><p>*stars*</p>"
                   "<p>text with [brackets](x)</p>",
                   "1\\. not a list\n\n\\# not a heading\n\n\\*stars\\*\n\n"
                   "text with \\[brackets\\](x)\n");
  assert_markdown ("<p>- dash</p><p>+ plus</p><p>&gt; quote</p><p>2) two</p><p>=</p>",
                   "\\- dash\n\n\\+ plus\n\n\\> quote\n\n2\\) two\n\n\\=\n");

  /* Only at the start of a line. */
  assert_markdown ("<p>-5 degrees, 1.5 million, a - b # c 1. d &gt; e</p>",
                   "-5 degrees, 1.5 million, a - b # c 1. d > e\n");
  assert_markdown ("<p>Line<br>1. next<br># h<br>- d<br>=== x</p>",
                   "Line\\\n1\\. next\\\n\\# h\\\n\\- d\\\n\\=\\=\\= x\n");

  /* Everywhere. */
  assert_markdown ("<p>snake_case a|b ~x back\\slash `tick` &lt;div&gt;</p>",
                   "snake\\_case a\\|b \\~x back\\\\slash \\`tick\\` \\<div>\n");

  /* An "&" only where it would start an entity. */
  assert_markdown ("<p>AT&amp;T &amp; &amp;amp; &amp;#42;</p>", "AT&T & \\&amp; \\&#42;\n");
}

/* 100,000 nested elements: the text comes out, without exhausting the stack. */
static void
test_deep (void)
{
  const guint depth = 100000;
  g_autoptr (GString) divs = g_string_new (NULL);
  g_autoptr (GString) quotes = g_string_new (NULL);
  g_autofree char *from_divs = NULL;
  g_autofree char *from_quotes = NULL;
  const char *line;

  for (guint i = 0; i < depth; i++) {
    g_string_append (divs, "<div>");
    g_string_append (quotes, "<blockquote>");
  }
  g_string_append (divs, "inner");
  g_string_append (quotes, "inner");
  for (guint i = 0; i < depth; i++) {
    g_string_append (divs, "</div>");
    g_string_append (quotes, "</blockquote>");
  }

  from_divs = lectern_markdown_from_html (divs->str, NULL, NULL);
  g_assert_cmpstr (from_divs, ==, "inner\n");

  /* As many quote levels as the parser keeps, then the text. */
  from_quotes = lectern_markdown_from_html (quotes->str, NULL, NULL);
  g_assert_true (g_str_has_prefix (from_quotes, "> > > "));
  for (line = from_quotes; g_str_has_prefix (line, "> "); line += 2)
    ;
  g_assert_cmpstr (line, ==, "inner\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/empty", test_empty);
  g_test_add_func ("/markdown/paragraphs", test_paragraphs);
  g_test_add_func ("/markdown/headings", test_headings);
  g_test_add_func ("/markdown/emphasis", test_emphasis);
  g_test_add_func ("/markdown/code", test_code);
  g_test_add_func ("/markdown/code-blocks", test_code_blocks);
  g_test_add_func ("/markdown/links", test_links);
  g_test_add_func ("/markdown/images", test_images);
  g_test_add_func ("/markdown/inline-tags", test_inline_tags);
  g_test_add_func ("/markdown/quotes", test_quotes);
  g_test_add_func ("/markdown/lists", test_lists);
  g_test_add_func ("/markdown/rules-figures-definitions", test_rules_figures_definitions);
  g_test_add_func ("/markdown/tables", test_tables);
  g_test_add_func ("/markdown/cjk-and-rtl", test_cjk_and_rtl);
  g_test_add_func ("/markdown/escaping", test_escaping);
  g_test_add_func ("/markdown/deep", test_deep);

  return g_test_run ();
}
