/* test-text-selector.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-text-selector.h"

#include <string.h>

/* Passages of an article's text, and finding them again when the text has changed. */

static void
assert_anchored (const LecternTextSelector *selector,
                 const char                *text,
                 const char                *expected_text,
                 guint                      expected_start)
{
  guint start = 0;
  guint end = 0;
  g_autofree char *found = NULL;

  g_assert_true (lectern_text_selector_anchor (selector, text, &start, &end));
  g_assert_cmpuint (start, ==, expected_start);
  found = g_utf8_substring (text, start, end);
  g_assert_cmpstr (found, ==, expected_text);
}

static void
test_range (void)
{
  const char *text = "The quick brown fox jumps over the lazy dog, and then it runs far away "
                     "into the forest.";
  g_autoptr (LecternTextSelector) selector = NULL;
  g_autoptr (LecternTextSelector) copy = NULL;

  selector = lectern_text_selector_new_for_range (text, 10, 19);
  g_assert_nonnull (selector);
  g_assert_cmpstr (selector->exact, ==, "brown fox");
  g_assert_cmpstr (selector->prefix, ==, "The quick ");
  /* At most 32 characters of context. */
  g_assert_cmpstr (selector->suffix, ==, " jumps over the lazy dog, and th");
  g_assert_cmpuint (g_utf8_strlen (selector->suffix, -1), ==, LECTERN_TEXT_SELECTOR_CONTEXT);
  g_assert_cmpuint (selector->start, ==, 10);
  g_assert_cmpuint (selector->end, ==, 19);

  copy = lectern_text_selector_copy (selector);
  g_assert_cmpstr (copy->exact, ==, selector->exact);
  g_assert_cmpstr (copy->suffix, ==, selector->suffix);

  /* Unchanged text: where it was. */
  assert_anchored (selector, text, "brown fox", 10);

  /* The whole text is a passage too. */
  g_clear_pointer (&copy, lectern_text_selector_free);
  copy = lectern_text_selector_new_for_range (text, 0, g_utf8_strlen (text, -1));
  g_assert_cmpstr (copy->exact, ==, text);
  g_assert_cmpstr (copy->prefix, ==, "");
  g_assert_cmpstr (copy->suffix, ==, "");
  assert_anchored (copy, text, text, 0);
}

/* Text added or removed before the passage moves it: its quote finds it. */
static void
test_text_changed_around (void)
{
  const char *before = "An introduction. The passage that matters is here. The end.";
  const char *after = "A much longer introduction, written again. The passage that matters "
                      "is here. The end.";
  const char *shorter = "Intro. The passage that matters is here.";
  g_autoptr (LecternTextSelector) selector = NULL;

  selector = lectern_text_selector_new_for_range (before, 17, 50);
  g_assert_cmpstr (selector->exact, ==, "The passage that matters is here.");

  assert_anchored (selector, after, "The passage that matters is here.", 43);
  assert_anchored (selector, shorter, "The passage that matters is here.", 7);
}

static void
test_text_removed (void)
{
  g_autoptr (LecternTextSelector) selector = NULL;
  guint start = 7;
  guint end = 7;

  selector = lectern_text_selector_new_for_range ("Keep this. Remove that sentence.", 11, 32);
  g_assert_cmpstr (selector->exact, ==, "Remove that sentence.");

  g_assert_false (lectern_text_selector_anchor (selector, "Keep this. Something else.", &start,
                                                &end));
  g_assert_false (lectern_text_selector_anchor (selector, "", &start, &end));
  /* Nothing is set when nothing is found. */
  g_assert_cmpuint (start, ==, 7);
  g_assert_cmpuint (end, ==, 7);
}

/* A phrase that stands several times: the one whose surroundings were the passage's. */
static void
test_repeated_phrase (void)
{
  const char *text = "First, the cat sat. Then the cat ran away. At last the cat slept.";
  const char *moved = "Added at the start. First, the cat sat. Then the cat ran away. At last "
                      "the cat slept.";
  const char *nearest = "the cat and the cat and the cat";
  g_autoptr (LecternTextSelector) second = NULL;
  g_autoptr (LecternTextSelector) third = NULL;
  g_autoptr (LecternTextSelector) no_context = NULL;

  second = lectern_text_selector_new_for_range (text, 25, 32);
  g_assert_cmpstr (second->exact, ==, "the cat");
  third = lectern_text_selector_new_for_range (text, 51, 58);
  g_assert_cmpstr (third->exact, ==, "the cat");

  assert_anchored (second, moved, "the cat", 45);
  assert_anchored (third, moved, "the cat", 71);

  /* No surroundings to go by: the nearest to where it was. */
  no_context = lectern_text_selector_new ("the cat", NULL, NULL, 17, 24);
  assert_anchored (no_context, nearest, "the cat", 12);
}

static void
test_cjk (void)
{
  const char *text = "据了解，DeepSeek的模型在多项测试中表现出色。"
                     "模型还会继续改进。";
  const char *changed = "今天的新闻：据了解，DeepSeek的模型在多项测试中表现出色。"
                        "模型还会继续改进。";
  g_autoptr (LecternTextSelector) first = NULL;
  g_autoptr (LecternTextSelector) second = NULL;

  first = lectern_text_selector_new_for_range (text, 13, 15);
  g_assert_cmpstr (first->exact, ==, "模型");
  g_assert_cmpstr (first->prefix, ==, "据了解，DeepSeek的");
  second = lectern_text_selector_new_for_range (text, 26, 28);
  g_assert_cmpstr (second->exact, ==, "模型");

  assert_anchored (first, text, "模型", 13);
  /* Six characters added before: offsets count characters, not bytes. */
  assert_anchored (first, changed, "模型", 19);
  assert_anchored (second, changed, "模型", 32);
}

static void
test_rtl (void)
{
  const char *text = "هذا نص عربي قصير. والجملة الثانية هنا.";
  const char *changed = "مقدمة جديدة. "
                        "هذا نص عربي قصير. والجملة الثانية هنا.";
  g_autoptr (LecternTextSelector) selector = NULL;

  selector = lectern_text_selector_new_for_range (text, 18, 34);
  g_assert_cmpstr (selector->exact, ==, "والجملة الثانية ");
  assert_anchored (selector, changed, "والجملة الثانية ", 31);
}

/* Emoji of several code points and letters with combining marks count as the code
 * points they are.
 */
static void
test_emoji_and_combining (void)
{
  /* "Cafe" with U+0301, a woman technologist (U+1F469 U+200D U+1F4BB), a flag. */
#define PASSAGE "e\xcc\x81 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb codes " \
                "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
  const char *text = "Caf" PASSAGE " here";
  const char *changed = "New: Caf" PASSAGE " here";
  g_autoptr (LecternTextSelector) selector = NULL;

  /* From the combining accent's letter to the end of the flag. */
  selector = lectern_text_selector_new_for_range (text, 3, 18);
  g_assert_cmpstr (selector->exact, ==, PASSAGE);
  g_assert_cmpstr (selector->prefix, ==, "Caf");
  g_assert_cmpstr (selector->suffix, ==, " here");
  assert_anchored (selector, changed, PASSAGE, 8);
#undef PASSAGE
}

/* What the library may hold that cannot be: offsets out of range, an empty passage,
 * text that is not UTF-8.
 */
static void
test_bad_input (void)
{
  g_autoptr (LecternTextSelector) far = NULL;
  g_autoptr (LecternTextSelector) empty = NULL;
  guint start = 0;
  guint end = 0;

  g_assert_null (lectern_text_selector_new_for_range ("short", 3, 3));
  g_assert_null (lectern_text_selector_new_for_range ("short", 4, 2));
  g_assert_null (lectern_text_selector_new_for_range ("short", 2, 9));
  g_assert_null (lectern_text_selector_new_for_range ("bad \xff byte", 0, 3));

  /* Offsets far past the end: found by its quote. */
  far = lectern_text_selector_new ("quote", "the ", " here", 1000000, 1000005);
  assert_anchored (far, "And the quote here.", "quote", 8);
  g_assert_false (lectern_text_selector_anchor (far, "bad \xff quote", &start, &end));

  empty = lectern_text_selector_new ("", NULL, NULL, 0, 0);
  g_assert_false (lectern_text_selector_anchor (empty, "any text", &start, &end));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-selector/range", test_range);
  g_test_add_func ("/text-selector/text-changed-around", test_text_changed_around);
  g_test_add_func ("/text-selector/text-removed", test_text_removed);
  g_test_add_func ("/text-selector/repeated-phrase", test_repeated_phrase);
  g_test_add_func ("/text-selector/cjk", test_cjk);
  g_test_add_func ("/text-selector/rtl", test_rtl);
  g_test_add_func ("/text-selector/emoji-and-combining", test_emoji_and_combining);
  g_test_add_func ("/text-selector/bad-input", test_bad_input);

  return g_test_run ();
}
