/* test-xml.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-encoding.h"
#include "lectern-test-utils.h"
#include "lectern-xml-private.h"

#include <string.h>

static xmlDoc *
read_html (const char *html)
{
  xmlDoc *doc = lectern_xml_read_html (html, strlen (html), NULL);

  g_assert_nonnull (doc);
  g_assert_nonnull (xmlDocGetRootElement (doc));

  return doc;
}

static xmlNode *
find_element (xmlDoc     *doc,
              const char *name)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  for (xmlNode *node = root; node; node = lectern_xml_next_node (node, root, FALSE)) {
    if (lectern_xml_is_element (node, name))
      return node;
  }

  return NULL;
}

static guint
count_attributes (xmlNode *node)
{
  guint n = 0;

  for (xmlAttr *attr = node->properties; attr; attr = attr->next)
    n++;

  return n;
}

/* How deep the elements nest, <html> counting as one, and the largest number of
 * attributes one of them has.
 */
static void
measure_tree (xmlDoc *doc,
              guint  *depth,
              guint  *attributes)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  *depth = 0;
  *attributes = 0;

  for (xmlNode *node = root; node; node = lectern_xml_next_node (node, root, FALSE)) {
    guint d = 0;

    if (node->type != XML_ELEMENT_NODE)
      continue;
    for (xmlNode *p = node; p && p->type == XML_ELEMENT_NODE; p = p->parent)
      d++;
    *depth = MAX (*depth, d);
    *attributes = MAX (*attributes, count_attributes (node));
  }
}

static char *
text_of (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  GString *text = g_string_new (NULL);

  for (xmlNode *node = root; node; node = lectern_xml_next_node (node, root, FALSE)) {
    if (node->type == XML_TEXT_NODE && node->content)
      g_string_append (text, (const char *)node->content);
  }

  return g_string_free (text, FALSE);
}

static void
assert_text (xmlDoc     *doc,
             const char *needle)
{
  g_autofree char *text = text_of (doc);

  if (!strstr (text, needle))
    g_error ("“%s” lost from the tree", needle);
}

static char *
prepare (const char        *html,
         guint              max_attributes,
         LecternXmlNesting  nesting,
         guint              max_depth)
{
  gsize length = 0;
  char *prepared = lectern_xml_prepare_html (html, strlen (html), max_attributes, nesting,
                                             max_depth, &length);

  if (!prepared) {
    g_assert_cmpuint (length, ==, strlen (html));
    return g_strdup (html);
  }

  g_assert_cmpuint (length, ==, strlen (prepared));
  return prepared;
}

/* @pattern with every "%%" replaced by @value. */
static void
append_replaced (GString    *out,
                 const char *pattern,
                 const char *value)
{
  for (const char *p = pattern; *p; p++) {
    if (p[0] == '%' && p[1] == '%') {
      g_string_append (out, value);
      p++;
    } else {
      g_string_append_c (out, *p);
    }
  }
}

static void
test_attributes (void)
{
  const guint counts[] = { 300, 80000, 1000000 };

  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++) {
    g_autoptr (GString) html = g_string_new ("<p id=first");
    g_autoptr (xmlDoc) doc = NULL;
    g_autoptr (LecternXmlString) last = NULL;
    xmlNode *p;

    for (guint j = 1; j < counts[i]; j++)
      g_string_append_printf (html, " a%u=\"%u\"", j, j);
    g_string_append (html, ">after the attributes</p><p>and the next paragraph</p>");

    doc = read_html (html->str);
    p = find_element (doc, "p");
    g_assert_cmpuint (count_attributes (p), ==, LECTERN_XML_MAX_ATTRIBUTES);
    last = xmlGetProp (p, (const xmlChar *)"a255");
    g_assert_cmpstr ((const char *)last, ==, "255");
    g_assert_false (xmlHasProp (p, (const xmlChar *)"a256"));
    g_assert_cmpstr ((const char *)p->children->content, ==, "after the attributes");
    assert_text (doc, "and the next paragraph");
  }
}

/* Quotes, '>' in values, values without quotes, bogus attributes and names longer than
 * libxml2 reads at once: wherever libxml2 sees an attribute, the pre-pass counts one.
 */
static void
test_attribute_syntax (void)
{
  const char * const kinds[] = {
    " q%%=\"a > b 'c' x=y\"",
    " s%%='a > \"b\" x=y'",
    " u%%=a/b",
    " v%% = \"spaced\"",
    " w%%",
    " \"bogus%%\"=x",
    " 1x%%=y",
    " n%%=\"1\"m%%='2'",
    " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxx%%=long",
    " <x%%>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_autoptr (GString) html = g_string_new ("<div><p");
    g_autoptr (xmlDoc) doc = NULL;
    guint depth;
    guint attributes;

    for (guint j = 0; j < 1000; j++) {
      char number[16];

      g_snprintf (number, sizeof number, "%u", j);
      append_replaced (html, kinds[i], number);
    }
    g_string_append (html, ">after the attributes</p><p title=\"x\">next</p></div>");

    g_test_message ("%s", kinds[i]);
    doc = read_html (html->str);
    measure_tree (doc, &depth, &attributes);
    g_assert_cmpuint (attributes, <=, LECTERN_XML_MAX_ATTRIBUTES);
    g_assert_cmpuint (attributes, >, 0);
    assert_text (doc, "after the attributes");
    assert_text (doc, "next");
  }
}

/* Markup the pre-pass must not count, and markup it has no reason to touch. */
static void
test_unchanged (void)
{
  const char * const pages[] = {
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>A page</title>"
    "<script>if (a < b && c > d) document.write ('<p title=\"x\">' + '</p>');</script>"
    "<style>p > a::before { content: \"<embed>\"; }</style></head>"
    "<body><!-- <embed src=x> --><p class=a title='b > c'>text &amp; more &lt;embed&gt;</p>"
    "<img src=x.png alt=\"<embed>\"><br><hr/><source/><wbr/><!----><!-- x --!>"
    "<?xml-stylesheet href=\"a\"?><p>a < b</p></body></html>",
    "plain text",
    "",
    "<",
    "<!-- never closed <embed> <br x y z>",
    "<script>never closed </scrip",
    "<p title=\"never closed > <embed>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++) {
    gsize length = 0;
    g_autofree char *prepared = lectern_xml_prepare_html (pages[i], strlen (pages[i]), 2,
                                                          LECTERN_XML_NESTING_FOLLOW, 4,
                                                          &length);

    g_test_message ("%s", pages[i]);
    g_assert_null (prepared);
    g_assert_cmpuint (length, ==, strlen (pages[i]));
  }
}

static void
test_rewrites (void)
{
  const struct {
    const char *html;
    const char *prepared;
  } cases[] = {
    /* HTML's void elements that libxml2 2.9 would fill with what follows. */
    { "<p>a<embed src=x>b</p>", "<p>a<embed src=x></embed>b</p>" },
    { "<p>a<EMBED SRC=x>b<wbr>c<source src=y><track><keygen><bgsound><command><image>d",
      "<p>a<EMBED SRC=x></embed>b<wbr></wbr>c<source src=y></source><track></track>"
      "<keygen></keygen><bgsound></bgsound><command></command><image></image>d" },
    { "a</br>b</BR >c</br", "a<br>b<br>c</br" },
    /* Attributes beyond the limit of 2. */
    { "<p a b c d>x</p>", "<p a b  >x</p>" },
    { "<p a=\"1\"b='2'c=3 d>x</p>", "<p a=\"1\"b='2' >x</p>" },
    { "<p a b=2 c/>", "<p a b=2  />" },
    { "<p a b c", "<p a b  " },
    /* Doctypes libxml2 reads differently from a browser go. */
    { "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\"><p>x</p>",
      "<!----><p>x</p>" },
    { "<!doctype html system \"a>b\"><p>x</p>", "<!---->b\"><p>x</p>" },
    { "<!DOCTYPE html><p>x</p>", NULL },
    /* So do processing instructions without a name, bogus comments and nameless end tags. */
    { "<? <b>x</b> ?>y", "<!---->x</b> ?>y" },
    { "<?xml version=\"1.0\"?><p>x</p>", NULL },
    { "a<![if !IE]>b<![endif]>c<!x y>d<![CDATA[e]]>f<!g",
      "a<!---->b<!---->c<!---->d<!---->f<!---->" },
    { "a</ b>c</>d</3", "a<!---->c<!---->d<!---->" },
    /* What is removed cannot join what was around it into a tag. */
    { "<<!>p a b c>", "<<!---->p a b c>" },
    /* Raw text libxml2 would read as markup. */
    { "<script></div>x</script>", "<script><\\/div>x</script>" },
    { "<script><noscript>x</script>", "<script><\\noscript>x</script>" },
    { "<style><body>x</style>", "<style><\\body>x</style>" },
    { "<script>a</scripts>b</SCRIPT >c", "<script>a<\\/scripts>b</SCRIPT >c" },
    { "<script>a</script-x>b</script>c", "<script>a<\\/script-x>b</script>c" },
    { "<script>a</style>b</script>", NULL },
    { "<script/><embed>", "<script/><embed></embed>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    gsize length = 0;
    g_autofree char *prepared = lectern_xml_prepare_html (cases[i].html, strlen (cases[i].html),
                                                          2, LECTERN_XML_NESTING_KEEP, 0,
                                                          &length);

    g_test_message ("%s", cases[i].html);
    g_assert_cmpstr (prepared, ==, cases[i].prepared);
  }
}

static void
test_void_elements (void)
{
  g_autoptr (xmlDoc) doc = read_html ("<p>a<embed src=x>b<source>c<wbr>d<image src=y>e</p>");
  g_autoptr (GString) wbrs = g_string_new ("<p>");
  g_autoptr (xmlDoc) many = NULL;
  xmlNode *p = find_element (doc, "p");
  g_autoptr (GString) names = g_string_new (NULL);
  guint depth;
  guint attributes;

  for (xmlNode *child = p->children; child; child = child->next) {
    g_assert_null (child->children);
    g_string_append (names, child->type == XML_TEXT_NODE ? (const char *)child->content
                                                          : (const char *)child->name);
    g_string_append_c (names, ' ');
  }
  g_assert_cmpstr (names->str, ==, "a embed b source c wbr d image e ");

  /* libxml2 2.9 would nest 1000 levels deep, and give up on the rest after 256. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (wbrs, "long<wbr>word");
  g_string_append (wbrs, "</p><p>after the breaks</p>");
  many = read_html (wbrs->str);
  measure_tree (many, &depth, &attributes);
  g_assert_cmpuint (depth, ==, 4);
  assert_text (many, "after the breaks");
}

static void
test_end_br (void)
{
  g_autoptr (xmlDoc) doc = read_html ("<p>line one</br>line two</p>");
  xmlNode *p = find_element (doc, "p");

  g_assert_cmpstr ((const char *)p->children->content, ==, "line one");
  g_assert_true (lectern_xml_is_element (p->children->next, "br"));
  g_assert_cmpstr ((const char *)p->children->next->next->content, ==, "line two");
}

static char *
children_names (xmlNode *parent)
{
  GString *names = g_string_new (NULL);

  for (xmlNode *child = parent->children; child; child = child->next) {
    if (names->len)
      g_string_append_c (names, ' ');
    if (child->type == XML_TEXT_NODE)
      g_string_append_printf (names, "\"%s\"", (const char *)child->content);
    else
      g_string_append (names, (const char *)child->name);
  }

  return g_string_free (names, FALSE);
}

static void
test_foreign (void)
{
  const struct {
    const char *html;
    const char *children;
  } cases[] = {
    /* What a browser reads as HTML leaves the drawing, and everything after it too. */
    { "<div><svg><g><circle><p>x</p>y</circle>z</g>w</svg></div>",
      "svg p \"y\" \"z\" \"w\"" },
    { "<div><math><mi>x</mi><mo>=</mo><ul><li>y</li></ul>z</math></div>",
      "math ul \"z\"" },
    { "<div><svg><font color=red>f</font></svg></div>", "svg font" },
    { "<div><svg><font>f</font><span>s</span></svg></div>", "svg span" },
    /* HTML may live in these; a drawing that holds none stays whole. */
    { "<div><svg><foreignObject><p>x</p></foreignObject><desc><b>d</b></desc>"
      "<title><i>t</i></title><text>y</text></svg><p>after</p></div>",
      "svg p" },
    { "<div><math><mi><b>x</b></mi><mtext><p>y</p></mtext></math>z</div>", "math \"z\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (xmlDoc) doc = read_html (cases[i].html);
    g_autoptr (xmlDoc) page = lectern_xml_read_page (cases[i].html, strlen (cases[i].html), NULL);
    g_autofree char *names = children_names (find_element (doc, "div"));
    g_autofree char *page_names = children_names (find_element (page, "div"));

    g_test_message ("%s", cases[i].html);
    g_assert_cmpstr (names, ==, cases[i].children);
    g_assert_cmpstr (page_names, ==, cases[i].children);
  }
}

static void
test_deep (void)
{
  const struct {
    const char *open;
    const char *middle;
    const char *close;
  } shapes[] = {
    { "<div>", "", "</div>" },
    { "<div>", "", NULL },
    { "<b>", "", "</x>" },
    { "<table><tr><td>", "", "</td></tr></table>" },
    { "<div><td>", "</div>", NULL },
    { "<p><span>", "", "</p>" },
    { "<li><ul>", "", NULL },
    { "<html><body><div>", "", "</body></html>" },
    { "<svg><g>", "", NULL },
    { "<a href=x>", "", "</a>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++) {
    g_autoptr (GString) html = g_string_new ("<p>before the deep part</p>");
    g_autoptr (xmlDoc) doc = NULL;
    guint depth;
    guint attributes;

    for (guint j = 0; j < 5000; j++) {
      g_string_append (html, shapes[i].open);
      g_string_append (html, shapes[i].middle);
    }
    g_string_append (html, "deep text");
    for (guint j = 0; shapes[i].close && j < 5000; j++)
      g_string_append (html, shapes[i].close);
    g_string_append (html, "<p>after the deep part</p>");

    g_test_message ("%s%s … %s", shapes[i].open, shapes[i].middle, shapes[i].close);
    doc = read_html (html->str);
    measure_tree (doc, &depth, &attributes);
    g_assert_cmpuint (depth, <=, LECTERN_XML_MAX_DEPTH);
    assert_text (doc, "before the deep part");
    assert_text (doc, "deep text");
    assert_text (doc, "after the deep part");
    g_clear_pointer (&doc, xmlFreeDoc);

    /* A page read for its article, which learns its depth while it is read. */
    doc = lectern_xml_read_page (html->str, html->len, NULL);
    g_assert_nonnull (doc);
    measure_tree (doc, &depth, &attributes);
    g_assert_cmpuint (depth, <=, LECTERN_XML_MAX_DEPTH);
    assert_text (doc, "before the deep part");
    assert_text (doc, "deep text");
    assert_text (doc, "after the deep part");
  }
}

/* Even with its own rules outwitted, counting every element keeps the tree shallow. */
static void
test_deep_count (void)
{
  g_autoptr (GString) html = g_string_new (NULL);
  g_autofree char *prepared = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  guint depth;
  guint attributes;

  for (guint i = 0; i < 1000; i++)
    g_string_append (html, "<div><p>x</p><td><span>y</span></div><b><i>");
  g_string_append (html, "<p>after</p>");

  prepared = prepare (html->str, 100, LECTERN_XML_NESTING_COUNT, 20);
  doc = htmlReadMemory (prepared, strlen (prepared), NULL, NULL, LECTERN_HTML_PARSE_OPTIONS);
  measure_tree (doc, &depth, &attributes);
  g_assert_cmpuint (depth, <=, 20 + 4);
  assert_text (doc, "after");
}

/* libxml2 gives up on a page at a run of text, or a script, of more than 10 MB. */
static void
test_long_text (void)
{
  const char * const shapes[] = {
    "<p>%%</p><p>after the long text</p>",
    "<p>%%<b>x</b>%%</p><p>after the long text</p>",
    "<script>var s = \"%%\";</script><p>after the long text</p>",
    "<style>%%</style><p>after the long text</p>",
  };
  gsize n = 12 * 1024 * 1024;
  g_autofree char *run = g_malloc (n + 1);

  for (gsize i = 0; i < n; i++)
    run[i] = "ab c<\xc3\xa9"[i % 7];
  /* No '<' before a letter or '/', which would start markup. */
  for (gsize i = 0; i < n; i++) {
    if (run[i] == '<')
      run[i] = '.';
  }
  run[n] = '\0';

  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++) {
    g_autoptr (GString) html = g_string_new (NULL);
    g_autoptr (xmlDoc) doc = NULL;

    append_replaced (html, shapes[i], run);
    g_test_message ("%.30s", shapes[i]);
    doc = read_html (html->str);
    assert_text (doc, "after the long text");
    g_clear_pointer (&doc, xmlFreeDoc);

    /* A page read for its article, which leaves comments out, keeps the pieces apart too. */
    doc = lectern_xml_read_page (html->str, html->len, NULL);
    g_assert_nonnull (doc);
    assert_text (doc, "after the long text");
  }
}

/* Every page of the test data, the hostile ones included, and tricky shapes: with a limit of
 * one attribute, no element libxml2 makes may have two, which shows that the pre-pass found
 * every start tag where libxml2 found it; and counting elements keeps the tree shallow.
 */
static void
check_agrees (const char *html,
              gsize       length,
              const char *what)
{
  const LecternXmlNesting nestings[] = { LECTERN_XML_NESTING_FOLLOW, LECTERN_XML_NESTING_COUNT };

  for (gsize i = 0; i < G_N_ELEMENTS (nestings); i++) {
    g_autofree char *prepared = NULL;
    g_autoptr (xmlDoc) doc = NULL;
    gsize prepared_length = 0;
    guint depth;
    guint attributes;

    prepared = lectern_xml_prepare_html (html, length, 1, nestings[i], 12, &prepared_length);
    doc = htmlReadMemory (prepared ? prepared : html, (int)prepared_length, NULL, NULL,
                          LECTERN_HTML_PARSE_OPTIONS);
    if (!doc || !xmlDocGetRootElement (doc))
      continue;

    measure_tree (doc, &depth, &attributes);
    if (attributes > 1)
      g_error ("%s: an element kept %u attributes", what, attributes);
    if (nestings[i] == LECTERN_XML_NESTING_COUNT && depth > 12 + 4)
      g_error ("%s: the tree is %u deep", what, depth);
  }
}

/* Random markup made of the pieces libxml2 2.9 reads in its own way: the pre-pass must
 * agree with it on every one.
 */
static void
test_agrees_on_random_markup (void)
{
  const char * const pieces[] = {
    "<p", "<p ", "<b", "<div", "<script", "<style", "<svg", "<math", "<embed", "<wbr",
    "<title", "<textarea", "<x", "</p", "</script", "</scripts", "</style", "</b", "</",
    "</ ", "<!--", "-->", "--!>", "<!-->", "<!", "<!DOCTYPE", "<!doctype html", "<?", "<?x",
    "<![CDATA[", "]]>", ">", "/>", "/", " ", "\n", "\t", "=", "\"", "'", "`", "a", "b",
    "c", "on", " a", " b=", " c='", " d=\"", "x", "1", "-", "_", ":", ".", "&", "&amp;",
    "&#x3c;", "<<", "SYSTEM", "PUBLIC", "\xc3\xa9", "\xe4\xb8\xad", "<html", "<body",
    "<head", "</body", "</html", "<table", "<td", "</div", "<br", "<img", "<source", "<!-",
    "--", "!", "<noscript", "<iframe", "<plaintext", "<SCRIPT", "</SCRIPT", "<?xml", "<frameset",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260201);

  for (guint i = 0; i < 20000; i++) {
    g_autoptr (GString) html = g_string_new (NULL);
    guint n = g_rand_int_range (rand, 1, 40);

    for (guint j = 0; j < n; j++)
      g_string_append (html, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
    check_agrees (html->str, html->len, html->str);
  }
}

static void
check_data_dir (const char *dir_path,
                guint      *n_files)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir))) {
    g_autofree char *path = g_build_filename (dir_path, name, NULL);
    g_autofree char *data = NULL;
    g_autofree char *text = NULL;
    gsize length = 0;
    gsize text_length = 0;

    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      check_data_dir (path, n_files);
      continue;
    }
    if (!g_str_has_suffix (name, ".html") && !g_str_has_suffix (name, ".htm"))
      continue;

    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    text = lectern_decode_html (data, length, NULL, NULL, &text_length);
    check_agrees (text, text_length, path);
    (*n_files)++;
  }
}

static void
test_agrees_with_libxml2 (void)
{
  const char * const shapes[] = {
    "<p a b c>x</p><!-- <p a b c> --><p a b>y</p>",
    "<!-- a --!><p a b c>",
    "<!--><p a b c>--><p a b c>",
    "<!---><p a b c>--><p a b c>",
    "<!----><p a b c>",
    "<!DOCTYPE x SYSTEM \"<p a=\"><p a b c>\"><p a b c>",
    "<!DOCTYPE x PUBLIC \"a\" '<p a b c>'><p a b c>",
    "<!doctype html\"<p a b c>\"><p a b c>",
    "<?x <p a b c=\"><p a b c>\"><p a b c>",
    "<? <p a b c=\"><p a b c>\"><p a b c>",
    "<?\xc3\xa9 <p a b c=\"><p a b c>\"><p a b c>",
    "<! <p a b c=\"><p a b c>\">",
    "<![CDATA[<p a b c>]]><p a b c>",
    "<script><p a b c=\"</script><p a b c>\">",
    "<script></scriptx><p a b c=\"</script><p a b c>\">",
    "<div><scripts><script></scripts><p a b c=\"</script><p a b c>\">",
    "<script></div><p a b c>x</script><p a b c>",
    "<style><body a b c><p a b c></style><p a b c>",
    "<SCRIPT>x</Script\t><p a b c>",
    "<script/><p a b c>",
    "<p a=\"x\"b=\"y\"c><p a='\"' b c>",
    "<p a=x>y b c><p a b c>",
    "<p \"a b c><p a b c>",
    "<p a b c/>x<p a b c>",
    "<p a = \"b\" c = d e>",
    "</p a=\"><p a b c>\"><p a b c>",
    "</ p><p a b c>",
    "</_x a=\"><p a b c>",
    "<textarea><p a b c></textarea><title><p a b c></title><xmp><p a b c></xmp>",
    "<noscript><p a b c></noscript><iframe><p a b c></iframe><plaintext><p a b c>",
    "<html a b c><head a b c></head><body a b c><p a b c></body></html><body a b c>",
    "<p" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxx a b>",
    "<p a" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>",
    "<p a" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxx=1 b>",
  };
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  guint n_files = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (shapes); i++) {
    g_test_message ("%s", shapes[i]);
    check_agrees (shapes[i], strlen (shapes[i]), shapes[i]);
  }

  check_data_dir (data_dir, &n_files);
  g_assert_cmpuint (n_files, >=, 40);
}

/* A page read for its article leaves out the whitespace a browser never shows, and only
 * that: the spaces between words, inline boxes, scripts and character references stay.
 * Comments are left out too.
 */
static void
test_layout_space (void)
{
  static const struct {
    const char *html;
    const char *body;
  } cases[] = {
    { "<div>\n  <p>a</p>\n  <p>b</p>\n</div>", "<div><p>a</p><p>b</p></div>" },
    { "<ul>\n<li><a href=\"/x\">x</a>\n</li>\n</ul>", "<ul><li><a href=\"/x\">x</a></li></ul>" },
    { "<div><p>a</p> <span>b</span></div>", "<div><p>a</p><span>b</span></div>" },
    { "<div>\n<!-- c -->\n<p>a</p></div>", "<div><p>a</p></div>" },
    { "<table>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</table>",
      "<table><tr><td>a</td><td>b</td></tr></table>" },
    /* Kept: between words and inline boxes, */
    { "<p>a <b>b</b> <i>c</i> d</p>", "<p>a <b>b</b> <i>c</i> d</p>" },
    { "<p>&#8211; &#8222;Ok.&#8220;</p>", "<p>\xe2\x80\x93 \xe2\x80\x9eOk.\xe2\x80\x9c</p>" },
    /* around what makes no box, */
    { "<p><span>a</span> <script></script> <span>b</span></p>",
      "<p><span>a</span> <script></script> <span>b</span></p>" },
    /* before an end tag that closes nothing, */
    { "<p><b>a</b> </span><i>b</i></p>", "<p><b>a</b> <i>b</i></p>" },
    /* and in preformatted text. */
    { "<pre><b>a</b>\n  <b>b</b>\n</pre>", "<pre><b>a</b>\n  <b>b</b>\n</pre>" },
    { "<div><pre><code>\n<div>x</div>\n</code></pre></div>",
      "<div><pre><code>\n<div>x</div>\n</code></pre></div>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (xmlDoc) doc = lectern_xml_read_page (cases[i].html, strlen (cases[i].html), NULL);
    g_autofree char *body = NULL;

    g_test_message ("%s", cases[i].html);
    g_assert_nonnull (doc);
    body = lectern_xml_serialize_children (doc, lectern_xml_find_body (doc));
    g_assert_cmpstr (body, ==, cases[i].body);
  }
}

/* A page read for its article leaves out the text of styles and of scripts that cannot hold
 * JSON-LD, before libxml2 reads it; the markup after them is read as before.
 */
static void
test_page_raw_text (void)
{
  static const struct {
    const char *html;
    const char *body;
  } cases[] = {
    { "<script>var a = \"<p>x</p>\";</script><p>after</p>", "<script></script><p>after</p>" },
    { "<style>p { color: red }</style><p>after</p>", "<style></style><p>after</p>" },
    { "<script type=\"text/javascript\">{ a(); }</script><p>after</p>",
      "<script type=\"text/javascript\"></script><p>after</p>" },
    { "<script>a = '</scripts>';</script><p>after</p>", "<script></script><p>after</p>" },
    { "<SCRIPT>a();</Script ><p>after</p>", "<script></script><p>after</p>" },
    { "<script><p>x</p></script><p>after</p>", "<script></script><p>after</p>" },
    { "<p>before</p><script>a(); // no end", "<p>before</p><script></script>" },
    /* Kept: what may be JSON-LD. */
    { "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script>",
      "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script>" },
    { "<script type=application/json>[1]</script>", "<script type=\"application/json\">[1]</script>" },
    { "<script>\n {\"@context\": \"https://schema.org\"}</script>",
      "<script>\n {\"@context\": \"https://schema.org\"}</script>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    /* In the body: a script before it goes to the head. */
    g_autofree char *html = g_strconcat ("<p>x</p>", cases[i].html, NULL);
    g_autofree char *expected = g_strconcat ("<p>x</p>", cases[i].body, NULL);
    g_autoptr (xmlDoc) doc = lectern_xml_read_page (html, strlen (html), NULL);
    g_autoptr (xmlDoc) whole = read_html (html);
    xmlNode *script = find_element (whole, "script");
    g_autofree char *body = NULL;

    g_test_message ("%s", html);
    g_assert_nonnull (doc);
    body = lectern_xml_serialize_children (doc, lectern_xml_find_body (doc));
    g_assert_cmpstr (body, ==, expected);

    /* lectern_xml_read_html() keeps the text. */
    if (!script)
      script = find_element (whole, "style");
    g_assert_nonnull (script);
    g_assert_nonnull (script->children);
  }
}

/* The attributes nothing reads (an SVG path's outline, event handlers, data-* other than
 * a lazy loader's image or a date, aria-* other than hidden and modal, target, tabindex, a
 * style that says nothing of display or visibility)
 * are left out of a page read for its article; the elements that show media keep all
 * theirs.
 */
static void
test_page_unread_attributes (void)
{
  static const struct {
    const char *html;
    const char *body;
  } cases[] = {
    { "<svg viewBox=\"0 0 9 9\"><path d=\"M0 0L9 9Z\" fill=\"red\"/><path fill=\"blue\" d=M1,1/></svg>",
      "<svg viewbox=\"0 0 9 9\"><path fill=\"red\"></path><path fill=\"blue\"></path></svg>" },
    { "<div class=\"a\" onclick=\"go()\" ONMOUSEOVER='x()' data-track=\"1\" DATA-id=2 id=b>t</div>",
      "<div class=\"a\" id=\"b\">t</div>" },
    { "<div data-src=\"/a.jpg\" data-lazy-srcset=\"/b.jpg 2x\" data-time=\"2025-03-19\" data-x>t</div>",
      "<div data-src=\"/a.jpg\" data-lazy-srcset=\"/b.jpg 2x\" data-time=\"2025-03-19\">t</div>" },
    { "<span on=\"2\" data-=\"3\">t</span>", "<span on=\"2\" data-=\"3\">t</span>" },
    { "<a href=\"/x\" target=\"_blank\" tabindex=0 aria-label=\"x\" aria-hidden=\"true\">t</a>",
      "<a href=\"/x\" aria-hidden=\"true\">t</a>" },
    { "<div role=\"dialog\" aria-modal=\"true\" aria-describedby=\"d\">t</div>",
      "<div role=\"dialog\" aria-modal=\"true\">t</div>" },
    /* A style is only asked whether it hides. */
    { "<div style=\"color: red; margin: 0\" class=a>t</div>", "<div class=\"a\">t</div>" },
    { "<div style=\"display:none\">t</div><div style='VISIBILITY: hidden'>u</div>",
      "<div style=\"display:none\">t</div><div style=\"VISIBILITY: hidden\">u</div>" },
    { "<img src=\"/a.jpg\" data-big=\"/b.jpg\" onload=\"x()\">",
      "<img src=\"/a.jpg\" data-big=\"/b.jpg\" onload=\"x()\">" },
    { "<iframe src=\"/v\" data-video=\"youtube\"></iframe>",
      "<iframe src=\"/v\" data-video=\"youtube\"></iframe>" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *html = g_strconcat ("<p>x</p>", cases[i].html, "<p>after</p>", NULL);
    g_autofree char *expected = g_strconcat ("<p>x</p>", cases[i].body, "<p>after</p>", NULL);
    g_autoptr (xmlDoc) page = lectern_xml_read_page (html, strlen (html), NULL);
    g_autoptr (xmlDoc) doc = read_html (html);
    g_autofree char *body = NULL;
    g_autofree char *whole = NULL;

    g_test_message ("%s", html);
    g_assert_nonnull (page);
    body = lectern_xml_serialize_children (page, lectern_xml_find_body (page));
    g_assert_cmpstr (body, ==, expected);

    /* lectern_xml_read_html() keeps them all. */
    whole = lectern_xml_serialize_children (doc, lectern_xml_find_body (doc));
    g_assert_cmpuint (strlen (whole), >=, strlen (body));
  }
}

/* Attributes left out before and after the limit on their number, and in start tags the
 * pre-pass removes for depth: each change to the page comes in order, and the text stays.
 */
static void
test_page_unread_limits (void)
{
  g_autoptr (GString) html = g_string_new ("<p id=first onclick=\"a()\" data-x=1");
  g_autoptr (GString) deep = g_string_new ("<p>before the deep part</p>");
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (xmlDoc) deep_doc = NULL;
  xmlNode *p;
  guint depth;
  guint attributes;

  /* Unread attributes on both sides of the 256th. */
  for (guint j = 1; j < 400; j++)
    g_string_append_printf (html, j % 50 == 0 ? " data-n%u=\"%u\"" : " a%u=\"%u\"", j, j);
  g_string_append (html, ">after the attributes</p><p>and the next paragraph</p>");

  doc = lectern_xml_read_page (html->str, html->len, NULL);
  g_assert_nonnull (doc);
  p = find_element (doc, "p");
  g_assert_false (xmlHasProp (p, (const xmlChar *)"onclick"));
  g_assert_false (xmlHasProp (p, (const xmlChar *)"data-x"));
  g_assert_false (xmlHasProp (p, (const xmlChar *)"data-n50"));
  g_assert_true (xmlHasProp (p, (const xmlChar *)"a49"));
  g_assert_cmpuint (count_attributes (p), <=, LECTERN_XML_MAX_ATTRIBUTES);
  g_assert_cmpstr ((const char *)p->children->content, ==, "after the attributes");
  assert_text (doc, "and the next paragraph");

  /* Unread attributes on start tags too deep to keep. */
  for (guint j = 0; j < 5000; j++)
    g_string_append (deep, "<div onclick=\"x()\" data-a=\"1\" class=\"c\" style=\"color: red\">");
  g_string_append (deep, "deep text<p>after the deep part</p>");

  deep_doc = lectern_xml_read_page (deep->str, deep->len, NULL);
  g_assert_nonnull (deep_doc);
  measure_tree (deep_doc, &depth, &attributes);
  g_assert_cmpuint (depth, <=, LECTERN_XML_MAX_DEPTH);
  g_assert_cmpuint (attributes, ==, 1);
  assert_text (deep_doc, "deep text");
  assert_text (deep_doc, "after the deep part");
}

/* The head holds no whitespace, and a page without a charset is read as the UTF-8 it was
 * decoded to, not taken for Latin-1 at its first accented letter; lectern_xml_read_html()
 * keeps every run.
 */
static void
test_layout_space_page (void)
{
  const char *html = "<html>\n<head>\n<title>t</title>\n<meta name=\"a\" content=\"b\">\n</head>\n"
                     "<body>\n<p>Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87</p>\n</body>\n</html>";
  g_autoptr (xmlDoc) page = lectern_xml_read_page (html, strlen (html), NULL);
  g_autoptr (xmlDoc) doc = read_html (html);
  xmlNode *head = find_element (page, "head");
  g_autoptr (LecternXmlString) text = xmlNodeGetContent (find_element (page, "p"));
  guint page_nodes = 0;
  guint doc_nodes = 0;

  g_assert_nonnull (head);
  for (xmlNode *child = head->children; child; child = child->next)
    g_assert_cmpint (child->type, ==, XML_ELEMENT_NODE);
  g_assert_cmpstr ((const char *)text, ==, "Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87");

  for (xmlNode *n = xmlDocGetRootElement (page); n;
       n = lectern_xml_next_node (n, xmlDocGetRootElement (page), FALSE))
    page_nodes++;
  for (xmlNode *n = xmlDocGetRootElement (doc); n;
       n = lectern_xml_next_node (n, xmlDocGetRootElement (doc), FALSE))
    doc_nodes++;
  g_assert_cmpuint (page_nodes, ==, 8);
  g_assert_cmpuint (doc_nodes, >, page_nodes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/xml/attributes", test_attributes);
  g_test_add_func ("/core/xml/attribute-syntax", test_attribute_syntax);
  g_test_add_func ("/core/xml/unchanged", test_unchanged);
  g_test_add_func ("/core/xml/rewrites", test_rewrites);
  g_test_add_func ("/core/xml/void-elements", test_void_elements);
  g_test_add_func ("/core/xml/end-br", test_end_br);
  g_test_add_func ("/core/xml/foreign", test_foreign);
  g_test_add_func ("/core/xml/deep", test_deep);
  g_test_add_func ("/core/xml/deep-count", test_deep_count);
  g_test_add_func ("/core/xml/long-text", test_long_text);
  g_test_add_func ("/core/xml/agrees-with-libxml2", test_agrees_with_libxml2);
  g_test_add_func ("/core/xml/agrees-on-random-markup", test_agrees_on_random_markup);
  g_test_add_func ("/core/xml/layout-space", test_layout_space);
  g_test_add_func ("/core/xml/layout-space-page", test_layout_space_page);
  g_test_add_func ("/core/xml/page-raw-text", test_page_raw_text);
  g_test_add_func ("/core/xml/page-unread-attributes", test_page_unread_attributes);
  g_test_add_func ("/core/xml/page-unread-limits", test_page_unread_limits);

  return g_test_run ();
}
