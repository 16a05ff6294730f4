/* lectern-backup-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lectern's backup: a ZIP archive of the whole library that imports back as it was.
 *
 * - `lectern-backup.json`, first: `{"format": "lectern-backup", "version": 1,
 *   "created": "<ISO 8601>", "articles": N}`. A reader refuses a version it does not know.
 * - Then chunks of a few hundred articles each: first the images the chunk uses that no
 *   chunk before it had, `images/<sha256>` (the bytes, stored), then the chunk's articles,
 *   `articles/<n>.jsonl`, one JSON object a line. So every image comes before its first
 *   article, and an import keeps one chunk in memory.
 * - An article's object has every column of its row but the id, under the same names:
 *   texts as strings (absent when NULL), times as integers (microseconds since 1970, UTC;
 *   absent for none), `direction`, `save_state` and the dates' precisions
 *   (`published_precision`, `modified_precision`: "day" or "minute") as words, plus
 *   `tags` (names),
 *   `images` (SHA-256s) and, for an article not saved yet, `carried_html`: the body an
 *   import brought for it.
 * - And `highlights`, oldest first: `{"color": "yellow", "note": …, "exact": …,
 *   "prefix": …, "suffix": …, "start": n, "end": n, "found": true, "created_at": µs,
 *   "updated_at": µs}`, its selector's fields under their names (offsets in characters of
 *   the article's text), `note` absent for none. A backup without them (from a Lectern
 *   that had no highlights) has none to bring.
 *
 * A later feature adds its fields to the article's object (or its own members); a reader
 * ignores what it does not know.
 */

#define LECTERN_BACKUP_MANIFEST "lectern-backup.json"
#define LECTERN_BACKUP_FORMAT "lectern-backup"
#define LECTERN_BACKUP_VERSION 1
#define LECTERN_BACKUP_IMAGES_DIR "images/"
#define LECTERN_BACKUP_ARTICLES_DIR "articles/"

G_END_DECLS
