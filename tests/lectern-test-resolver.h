/* lectern-test-resolver.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LECTERN_TYPE_TEST_RESOLVER (lectern_test_resolver_get_type ())

G_DECLARE_FINAL_TYPE (LecternTestResolver, lectern_test_resolver, LECTERN, TEST_RESOLVER,
                      GResolver)

GResolver *lectern_test_resolver_new (const char *first_name,
                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
