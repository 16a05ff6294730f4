/* lectern-test-utils.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lectern-article.h"
#include "lectern-article-store.h"
#include "lectern-database.h"

G_BEGIN_DECLS

/* Three paragraphs the extractor takes for the text of an article. */
#define LECTERN_TEST_PARAGRAPHS \
  "<p>Reading later is a habit many people have, and saving an article keeps it for " \
  "the quiet hour after work, when there is time to read it properly, with attention, " \
  "and without the noise of the page around it.</p>" \
  "<p>The article goes on for a while, so that the extractor sees enough words, " \
  "commas, and sentences to decide that this block, and not the navigation, is the " \
  "content of the page that a reader wants to keep.</p>" \
  "<p>A third paragraph ends the piece, with a few more words about images, which " \
  "must come along with the text, because an article without its pictures is often " \
  "hard to follow, and sometimes makes no sense at all.</p>"

/* A page the extractor takes for an article titled @title, with @extra after its text. */
#define LECTERN_TEST_ARTICLE_PAGE(title, extra) \
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" title "</title></head>" \
  "<body><nav><a href=\"/\">Home</a></nav><article><h1>" title "</h1>" LECTERN_TEST_PARAGRAPHS \
  extra "</article><footer>Footer</footer></body></html>"

char           *lectern_test_make_tmpdir     (void);
void            lectern_test_rm_rf           (const char *path);
char           *lectern_test_read_data       (const char *name,
                                              gsize      *length);
LecternArticle *lectern_test_article_new     (const char *title,
                                              const char *url,
                                              const char *body_html);
GHashTable     *lectern_test_read_zip        (GBytes     *bytes);
char           *lectern_test_dup_shown       (const char *text);
LecternHighlight *lectern_test_highlight_new (gint64      article_id,
                                              const char *body_html,
                                              const char *passage,
                                              guint       nth);
gint64          lectern_test_query_int       (LecternDatabase *database,
                                              const char      *sql);
void            lectern_test_build_index     (LecternArticleStore *store);
void            lectern_test_finalize_object (gpointer object);

/**
 * lectern_test_wait_until:
 * @condition: an expression
 *
 * Runs the default main context until @condition holds. It has no time limit of its own: a
 * test that waits forever is ended by meson's timeout (which `--timeout-multiplier` scales),
 * and the log then names the condition and the line that waited for it.
 *
 * The condition is checked after every event the main context dispatches, and at least every
 * few milliseconds, so it may also look at what another thread or process changes.
 */
#define lectern_test_wait_until(condition) \
  G_STMT_START { \
    LecternTestWait *lectern_test_wait_ = lectern_test_wait_begin (#condition, \
                                                                   __FILE__, __LINE__); \
    while (!(condition)) \
      g_main_context_iteration (NULL, TRUE); \
    lectern_test_wait_end (lectern_test_wait_); \
  } G_STMT_END

typedef struct _LecternTestWait LecternTestWait;

LecternTestWait *lectern_test_wait_begin     (const char *condition,
                                              const char *file,
                                              int         line);
void            lectern_test_wait_end        (LecternTestWait *wait);
G_END_DECLS
