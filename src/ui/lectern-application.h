/* lectern-application.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "lectern-article-store.h"
#include "lectern-saver.h"

G_BEGIN_DECLS

#define LECTERN_TYPE_APPLICATION (lectern_application_get_type ())
#define LECTERN_APPLICATION_DEFAULT (LECTERN_APPLICATION (g_application_get_default ()))

G_DECLARE_FINAL_TYPE (LecternApplication, lectern_application, LECTERN, APPLICATION, AdwApplication)

LecternApplication  *lectern_application_new             (void);
LecternArticleStore *lectern_application_get_store       (LecternApplication *self);
const GError        *lectern_application_get_store_error (LecternApplication *self);
LecternSaver        *lectern_application_get_saver       (LecternApplication *self);
WebKitWebContext    *lectern_application_get_web_context (LecternApplication *self);
WebKitNetworkSession *lectern_application_get_network_session (LecternApplication *self);
WebKitSettings      *lectern_application_get_web_settings (LecternApplication *self);
GSettings           *lectern_application_get_settings    (LecternApplication *self);
char                *lectern_application_dup_library_path (void);

G_END_DECLS
