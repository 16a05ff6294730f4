/* test-shortcuts.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-ui.h"
#include "lectern-test-utils.h"
#include "lectern-window.h"

#include <adwaita.h>

/* Every action with an accelerator appears in the shortcuts window, so no shortcut is a
 * secret; the shortcuts window and the About window open from their actions.
 */

static void
collect_shortcut_actions (GtkWidget  *widget,
                          GHashTable *actions)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget)) {
    g_autofree char *action_name = NULL;

    g_object_get (widget, "action-name", &action_name, NULL);
    if (action_name)
      g_hash_table_add (actions, g_steal_pointer (&action_name));
  }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcut_actions (child, actions);
}

static void
shortcuts_listed (LecternApplication *app,
                  gpointer            data)
{
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) with_accels = NULL;
  GtkWidget *overlay;
  GtkWidget *help;
  GtkWindow *window;
  guint checked = 0;

  builder = gtk_builder_new_from_resource ("/app/lectern/Lectern/gtk/help-overlay.ui");
  overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_nonnull (overlay);
  collect_shortcut_actions (overlay, listed);

  with_accels = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; with_accels[i]; i++) {
    g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                   with_accels[i]);

    if (!accels[0])
      continue;
    if (!g_hash_table_contains (listed, with_accels[i]))
      g_error ("%s has the accelerator %s but is not in the shortcuts window",
               with_accels[i], accels[0]);
    checked++;
  }
  g_assert_cmpuint (checked, >=, 10);
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* Ctrl+? opens the shortcuts window of the main window. */
  window = GTK_WINDOW (lectern_window_new (app));
  gtk_window_present (window);
  lectern_test_ui_flush (GTK_WIDGET (window));
  {
    g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                   "win.show-help-overlay");

    g_assert_cmpstr (accels[0], ==, "<Control>question");
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (help));
  lectern_test_ui_flush (help);
}

static void
test_shortcuts_listed (void)
{
  lectern_test_ui_reset_library ();
  lectern_test_ui_run (shortcuts_listed, NULL);
}

static void
about_window (LecternApplication *app,
              gpointer            data)
{
  GtkWindow *window = GTK_WINDOW (lectern_window_new (app));
  AdwAboutWindow *about = NULL;
  GList *toplevels;

  gtk_window_present (window);
  lectern_test_ui_flush (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_list_free (toplevels);

  g_assert_nonnull (about);
  lectern_test_ui_flush (GTK_WIDGET (about));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Lectern");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_developers (about));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_about_window (void)
{
  lectern_test_ui_reset_library ();
  lectern_test_ui_run (about_window, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!lectern_test_ui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/shortcuts/listed", test_shortcuts_listed);
  g_test_add_func ("/ui/shortcuts/about", test_about_window);

  return g_test_run ();
}
