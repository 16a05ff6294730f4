/* main.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr (LecternApplication) app = NULL;
  const char *localedir;

  /* A build that was never installed has its catalogues in the build directory, and
   * `meson devenv` (./run) names it here; anything else reads the installed ones. */
  localedir = g_getenv ("LECTERN_LOCALEDIR");
  if (!localedir || !*localedir)
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lectern_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
