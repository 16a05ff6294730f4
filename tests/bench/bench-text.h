/* bench-text.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages of a generated library, with the share of articles in each. */
typedef enum {
  BENCH_LANG_EN,
  BENCH_LANG_ZH,
  BENCH_LANG_JA,
  BENCH_LANG_RU,
  BENCH_LANG_AR,
  BENCH_LANG_TH,
  BENCH_LANG_FR,
  BENCH_LANG_KO,
  BENCH_N_LANGS
} BenchLang;

typedef struct _BenchText BenchText;

/* One generated article: what the store keeps of a saved page. */
typedef struct {
  BenchLang lang;
  char *url;
  char *title;
  char *byline;
  char *site_name;
  char *language;
  char *excerpt;
  char *body_html;
  char *plain_text;
  char **tags;
  gint64 saved_at;
  gint64 read_at;
  gboolean archived;
  gboolean starred;
  guint word_count;
  guint char_count;
  guint reading_minutes;
} BenchArticle;

/* The vocabularies, made from the fixtures under @data_dir (tests/data) and words made of
 * their syllables: the same for the same @seed, so a benchmark can ask for the words a
 * library holds.
 */
BenchText   *bench_text_new          (const char  *data_dir,
                                      guint32      seed,
                                      GError     **error);
void         bench_text_free         (BenchText   *text);

/* Article @index of @n: @short_text gives about 1,000 characters, otherwise 1,000 to
 * 30,000 (most around 5,000). saved_at grows with @index over six years before @now.
 */
BenchArticle *bench_text_article     (BenchText   *text,
                                      guint64      index,
                                      guint64      n,
                                      gboolean     short_text,
                                      gint64       now);
void          bench_article_free     (BenchArticle *article);

/* The word of rank @rank (0: the most common) in @lang's vocabulary. */
const char   *bench_text_word        (BenchText   *text,
                                      BenchLang    lang,
                                      guint        rank);
guint         bench_text_n_words     (BenchText   *text,
                                      BenchLang    lang);
const char   *bench_text_tag         (BenchText   *text,
                                      guint        rank);
const char   *bench_text_host        (BenchLang    lang,
                                      guint        rank);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchText, bench_text_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchArticle, bench_article_free)

G_END_DECLS
