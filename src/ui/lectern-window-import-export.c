/* lectern-window-import-export.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-window-private.h"

#include "lectern-export.h"
#include "lectern-import.h"

#include <glib/gi18n.h>

/* Moving a library in and out through the window: Import… in the main menu, an export
 * file dropped on the window, the report of what came of it and the line that follows
 * the saving of what it added; Export… in the main menu, which writes the whole library
 * as CSV or bookmarks; the highlights as Markdown, of the article on display to the
 * clipboard and of the whole library to a file.
 */

typedef struct {
  LecternWindow *window;
  LecternImport *import;
  char *name;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_weak_pointer (&data->window);
  g_clear_object (&data->import);
  g_free (data->name);
  g_free (data);
}

/* Copy: the heading, what came of the import, and the entries left out. */
static void
report_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GtkTextBuffer    *buffer)
{
  g_autofree char *entries = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (!g_str_equal (response, "copy"))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  entries = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  text = g_strdup_printf ("%s\n%s\n\n%s", adw_message_dialog_get_heading (dialog),
                          adw_message_dialog_get_body (dialog), entries);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), text);
}

static void
show_import_report_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkWidget *dialog;
  GtkWidget *view;
  GtkWidget *scrolled;

  if (!self->import_report)
    return;

  /* Translators: the heading of an import's report; %s is the file's name. */
  heading = g_strdup_printf (_("Import of “%s”"), self->import_report_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), self->import_report_summary);

  text = lectern_import_dup_report (self->import_report);
  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, text, -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "copy", _("_Copy"),
                                    "close", _("C_lose"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (report_response_cb), buffer,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportData *data = user_data;
  LecternImport *import = LECTERN_IMPORT (object);
  LecternWindow *self = data->window;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  gboolean ok;
  AdwToast *toast;

  ok = lectern_import_run_finish (import, result, &error);

  if (!self || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    import_data_free (data);
    return;
  }

  summary = lectern_import_dup_summary (import);
  if (!ok) {
    g_message ("Could not import %s: %s", data->name, error->message);
    /* Translators: the file's name, why it could not be read (whole), and what was
     * imported from it all the same.
     */
    title = g_strdup_printf (_("“%s” could not be imported: %s (%s)"), data->name,
                             error->message, summary);
  } else {
    /* Translators: the file's name, and what came of its import. */
    title = g_strdup_printf (_("“%s”: %s"), data->name, summary);
  }

  /* The report, for Details and for the tests. */
  g_set_object (&self->import_report, import);
  g_free (self->import_report_name);
  self->import_report_name = g_strdup (data->name);
  g_free (self->import_report_summary);
  self->import_report_summary = g_strdup (ok ? summary : title);

  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  if (!ok || lectern_import_get_n_skipped (import) > 0) {
    adw_toast_set_button_label (toast, _("_Details"));
    adw_toast_set_action_name (toast, "win.show-import-report");
  }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* The new rows are saved now, a few at a time per site. */
  if (lectern_import_get_n_added (import) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.resume-saves", NULL);

  import_data_free (data);
}

/**
 * lectern_window_import_file:
 * @file: an export file (Pocket, Instapaper, Omnivore, wallabag, bookmarks, links)
 *
 * Imports @file into the library in the background: its rows come into the list batch
 * by batch, a toast says what came of it (with the details of what was left out), and
 * the new articles are then saved.
 */
void
lectern_window_import_file (LecternWindow *self,
                            GFile         *file)
{
  ImportData *data;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!self->store)
    return;

  data = g_new0 (ImportData, 1);
  g_set_weak_pointer (&data->window, self);
  data->import = lectern_import_new (self->store);
  data->name = g_file_get_basename (file);

  /* The rows coming into the list batch by batch say it is under way; a toast says what
   * came of it.
   */
  lectern_import_run_async (data->import, file, self->cancellable, import_done_cb, data);
}

/**
 * _lectern_window_is_import_file:
 * @file: a local file
 *
 * Returns: whether @file is an export Lectern imports, from its first bytes
 */
gboolean
_lectern_window_is_import_file (GFile *file)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (4096);
  gsize length = 0;

  stream = g_file_read (file, NULL, NULL);
  if (!stream ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, 4096, &length, NULL, NULL))
    return FALSE;

  return lectern_import_detect_format (buffer, length) != LECTERN_IMPORT_FORMAT_UNKNOWN;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     LecternWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

    for (guint i = 0; i < g_list_model_get_n_items (files); i++) {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);

      lectern_window_import_file (self, file);
    }
  }

  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *exports;
  GtkFileFilter *all;

  chooser = gtk_file_chooser_native_new (_("Import"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  exports = gtk_file_filter_new ();
  gtk_file_filter_set_name (exports, _("Exports from Pocket, Instapaper, Omnivore, wallabag "
                                       "and browsers"));
  gtk_file_filter_add_suffix (exports, "csv");
  gtk_file_filter_add_suffix (exports, "zip");
  gtk_file_filter_add_suffix (exports, "json");
  gtk_file_filter_add_suffix (exports, "html");
  gtk_file_filter_add_suffix (exports, "htm");
  gtk_file_filter_add_suffix (exports, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), exports);

  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Export… */

typedef struct {
  LecternWindow *window;
  char *name;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_weak_pointer (&data->window);
  g_free (data->name);
  g_free (data);
}

/* What to write, where: the articles @ids lists, or those @filter and @query select in
 * @sort order.
 */
typedef struct {
  LecternArticleStore *store;
  LecternExportFormat format;
  GArray *ids;
  LecternFilter filter;
  LecternQuery *query;
  LecternSort sort;
  char *title;
  GFile *file;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->query, lectern_query_unref);
  g_free (job->title);
  g_clear_object (&job->file);
  g_free (job);
}

/* On a worker: the store's reads are safe from any thread. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  guint n_written = 0;

  if (job->ids)
    ids = g_array_ref (job->ids);
  else
    ids = lectern_article_store_search_ids (job->store, job->query, job->filter, job->sort, 0,
                                            &error);
  if (!ids) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  if (!lectern_export_write_file (job->store, job->format, ids, job->title, job->file,
                                  &n_written, cancellable, &error)) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  g_task_return_int (task, n_written);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n_written;

  n_written = g_task_propagate_int (G_TASK (result), &error);
  if (data->window)
    data->window->n_exports--;
  if (!data->window || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    export_data_free (data);
    return;
  }

  if (n_written < 0) {
    g_message ("Could not export to %s: %s", data->name, error->message);
    message = g_strdup_printf (_("“%s” could not be written: %s"), data->name, error->message);
  } else {
    message = g_strdup_printf (ngettext ("%u article written to “%s”",
                                         "%u articles written to “%s”", n_written),
                               (guint)n_written, data->name);
  }

  lectern_window_add_toast (data->window, message);
  export_data_free (data);
}

static void
export_job_run (LecternWindow *self,
                ExportJob     *job)
{
  g_autoptr (GTask) task = NULL;
  ExportData *data;

  data = g_new0 (ExportData, 1);
  g_set_weak_pointer (&data->window, self);
  data->name = g_file_get_basename (job->file);

  self->n_exports++;
  task = g_task_new (NULL, self->cancellable, export_done_cb, data);
  g_task_set_source_tag (task, export_job_run);
  g_task_set_task_data (task, job, (GDestroyNotify)export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * lectern_window_export_file:
 * @format: what to write
 * @whole_library: %TRUE for every article, %FALSE for those of the list on display (its
 *   filter, tag and search), in its order
 * @file: where
 *
 * Writes the articles to @file in @format, in the background; a toast says how many, or
 * why the file could not be written. A file that exists is replaced only once the new
 * one is whole.
 */
void
lectern_window_export_file (LecternWindow       *self,
                            LecternExportFormat  format,
                            gboolean             whole_library,
                            GFile               *file)
{
  ExportJob *job;
  LecternQuery *query;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!self->store)
    return;

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->format = format;
  job->file = g_object_ref (file);
  job->filter = LECTERN_FILTER_ALL;
  job->sort = LECTERN_SORT_NEWEST;
  if (!whole_library && self->articles) {
    query = lectern_article_list_get_query (self->articles);
    job->filter = lectern_article_list_get_filter (self->articles);
    job->sort = lectern_article_list_get_sort (self->articles);
    job->query = query ? lectern_query_ref (query) : NULL;
    /* A book of a tag or a search is called after it. */
    if (self->tag)
      job->title = g_strdup (self->tag);
    else if (query && !lectern_query_is_empty (query))
      job->title = g_strdup (lectern_query_get_text (query));
  }

  export_job_run (self, job);
}

/**
 * lectern_window_export_article:
 * @format: what to write
 * @id: the article
 * @file: where
 *
 * Writes one article to @file in @format, as lectern_window_export_file() does.
 */
void
lectern_window_export_article (LecternWindow       *self,
                               LecternExportFormat  format,
                               gint64               id,
                               GFile               *file)
{
  ExportJob *job;

  g_return_if_fail (LECTERN_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!self->store)
    return;

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (self->store);
  job->format = format;
  job->file = g_object_ref (file);
  job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (job->ids, id);

  export_job_run (self, job);
}

static void
export_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            LecternWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
    const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
    const char *articles = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "articles");
    LecternExportFormat format = LECTERN_EXPORT_FORMAT_BACKUP;

    if (choice)
      lectern_export_format_from_name (choice, &format);
    if (file)
      lectern_window_export_file (self, format, g_strcmp0 (articles, "list") != 0, file);
  }

  g_object_unref (chooser);
}

/* Export…: the format and the articles are the dialog's choices. A backup is what most
 * want from it, and takes every article.
 */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  const char *format_ids[] = { "backup", "epub", "markdown", "html", "csv", "bookmarks", NULL };
  const char *format_labels[] = {
    _("Lectern backup, with everything"),
    _("EPUB book, for e-readers"),
    _("Markdown files, with their images"),
    _("HTML files"),
    _("CSV, for Pocket importers and spreadsheets"),
    _("Bookmarks, for browsers"),
    NULL
  };
  const char *article_ids[] = { "all", "list", NULL };
  const char *article_labels[] = { _("All articles"), _("The articles in the list"), NULL };
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export the Library"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "backup");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "articles", _("Articles"),
                               article_ids, article_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "articles", "all");
  /* Translators: the name an export file is given at first; keep the extension. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Lectern backup.zip"));

  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chooser_response_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  LecternWindow *window;
  LecternExportFormat format;
  gint64 id;
} ArticleExport;

static void
article_chooser_response_cb (GtkNativeDialog *chooser,
                             int              response,
                             ArticleExport   *export)
{
  if (response == GTK_RESPONSE_ACCEPT && export->window) {
    g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

    if (file)
      lectern_window_export_article (export->window, export->format, export->id, file);
  }

  g_clear_weak_pointer (&export->window);
  g_free (export);
  g_object_unref (chooser);
}

/**
 * _lectern_window_export_current:
 * @format: EPUB, Markdown or HTML
 *
 * Asks where to write the article on display, named after its title, and writes it.
 */
void
_lectern_window_export_current (LecternWindow       *self,
                                LecternExportFormat  format)
{
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  ArticleExport *export;

  if (!self->current)
    return;

  export = g_new0 (ArticleExport, 1);
  g_set_weak_pointer (&export->window, self);
  export->format = format;
  export->id = lectern_article_get_id (self->current);

  title = lectern_article_dup_display_title (self->current);
  g_strdelimit (title, "/\\:*?\"<>|\n\r\t", ' ');
  name = g_strdup_printf ("%.80s.%s", g_strstrip (title),
                          lectern_export_format_get_extension (format, 1));

  chooser = gtk_file_chooser_native_new (_("Export the Article"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (article_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Highlights */

/**
 * _lectern_window_current_has_highlights:
 *
 * Returns: whether the article on display has highlights
 */
gboolean
_lectern_window_current_has_highlights (LecternWindow *self)
{
  g_autoptr (GPtrArray) highlights = NULL;
  g_autoptr (GError) error = NULL;

  if (!self->current || !self->store)
    return FALSE;

  highlights = lectern_article_store_list_highlights (self->store,
                                                      lectern_article_get_id (self->current),
                                                      NULL, &error);
  if (!highlights) {
    g_debug ("Could not list the highlights of the article: %s", error->message);
    return FALSE;
  }
  return highlights->len > 0;
}

/**
 * _lectern_window_copy_highlights:
 *
 * Puts the highlights of the article on display on the clipboard, as Markdown.
 */
void
_lectern_window_copy_highlights (LecternWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *markdown = NULL;

  if (!self->current || !self->store)
    return;

  markdown = lectern_export_highlights_markdown (self->store,
                                                 lectern_article_get_id (self->current),
                                                 &error);
  if (!markdown) {
    _lectern_window_report_error (self, _("The highlights could not be copied"), error);
    return;
  }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), markdown);
  lectern_window_add_toast (self, _("Highlights copied"));
}

typedef struct {
  LecternArticleStore *store;
  GFile *file;
} HighlightsJob;

static void
highlights_job_free (HighlightsJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->file);
  g_free (job);
}

/* On a worker, as the other exports. */
static void
highlights_export_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  HighlightsJob *job = task_data;
  g_autoptr (GError) error = NULL;

  if (!lectern_export_highlights_write_file (job->store, 0, job->file, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
highlights_export_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (data->window)
    data->window->n_exports--;
  if (!data->window || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    export_data_free (data);
    return;
  }

  if (!ok) {
    g_message ("Could not export the highlights to %s: %s", data->name, error->message);
    message = g_strdup_printf (_("“%s” could not be written: %s"), data->name, error->message);
  } else {
    /* Translators: %s is the name of the file the highlights were written to. */
    message = g_strdup_printf (_("Highlights written to “%s”"), data->name);
  }

  lectern_window_add_toast (data->window, message);
  export_data_free (data);
}

/**
 * _lectern_window_export_highlights:
 * @file: where
 *
 * Writes every highlight of the library to @file as Markdown, in the background; a toast
 * says where, or why the file could not be written.
 */
void
_lectern_window_export_highlights (LecternWindow *self,
                                   GFile         *file)
{
  g_autoptr (GTask) task = NULL;
  HighlightsJob *job;
  ExportData *data;

  if (!self->store)
    return;

  job = g_new0 (HighlightsJob, 1);
  job->store = g_object_ref (self->store);
  job->file = g_object_ref (file);

  data = g_new0 (ExportData, 1);
  g_set_weak_pointer (&data->window, self);
  data->name = g_file_get_basename (file);

  self->n_exports++;
  task = g_task_new (NULL, self->cancellable, highlights_export_done_cb, data);
  g_task_set_source_tag (task, _lectern_window_export_highlights);
  g_task_set_task_data (task, job, (GDestroyNotify)highlights_job_free);
  g_task_run_in_thread (task, highlights_export_thread);
}

static void
highlights_chooser_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                LecternWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

    if (file)
      _lectern_window_export_highlights (self, file);
  }

  g_object_unref (chooser);
}

/* Export Highlights…: every highlight of the library, one Markdown file. */
static void
export_highlights_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  g_autoptr (GPtrArray) highlights = NULL;
  GtkFileChooserNative *chooser;
  GtkFileFilter *markdown;

  if (!self->store)
    return;

  /* An empty file would tell less than this. */
  highlights = lectern_article_store_list_highlights (self->store, 0, NULL, NULL);
  if (highlights && highlights->len == 0) {
    lectern_window_add_toast (self, _("The library has no highlights yet"));
    return;
  }

  chooser = gtk_file_chooser_native_new (_("Export the Highlights"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  markdown = gtk_file_filter_new ();
  gtk_file_filter_set_name (markdown, _("Markdown"));
  gtk_file_filter_add_suffix (markdown, "md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), markdown);
  /* Translators: the name the file of the exported highlights is given at first; keep the
   * extension.
   */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Highlights.md"));

  g_signal_connect_object (chooser, "response", G_CALLBACK (highlights_chooser_response_cb),
                           self, G_CONNECT_DEFAULT);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Saving what an import added: a line under the list while the saver works through
 * them, "Saving 12 of 2,000", with Pause (Continue) and Stop.
 */
static void
lectern_window_update_saving (LecternWindow *self)
{
  LecternSaver *saver = lectern_application_get_saver (self->application);
  g_autofree char *text = NULL;
  gboolean paused;
  guint total = 0;
  guint done = 0;

  /* The saver outlives the window's widgets. */
  if (!saver || !self->saving_revealer)
    return;

  g_object_get (saver, "resume-total", &total, "resume-done", &done,
                "resumes-paused", &paused, NULL);

  /* A few resumed at start-up need no line; an import's many do. */
  gtk_revealer_set_reveal_child (self->saving_revealer, total > 1);
  if (total == 0)
    return;

  if (paused)
    /* Translators: how many of the articles an import added are saved so far. */
    text = g_strdup_printf (ngettext ("Paused: %u of %u saved", "Paused: %u of %u saved", total),
                            done, total);
  else
    text = g_strdup_printf (ngettext ("Saving %u of %u", "Saving %u of %u", total),
                            MIN (done + 1, total), total);
  gtk_label_set_text (self->saving_label, text);
  gtk_progress_bar_set_fraction (self->saving_progress, (double)done / total);

  gtk_button_set_icon_name (self->saving_pause_button,
                            paused ? "media-playback-start-symbolic"
                                   : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->saving_pause_button),
                               paused ? _("Continue Saving") : _("Pause Saving"));
}

void
_lectern_window_setup_saving (LecternWindow *self)
{
  LecternSaver *saver = lectern_application_get_saver (self->application);

  if (!saver)
    return;

  g_signal_connect_object (saver, "notify::resume-total",
                           G_CALLBACK (lectern_window_update_saving), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (saver, "notify::resume-done",
                           G_CALLBACK (lectern_window_update_saving), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (saver, "notify::resumes-paused",
                           G_CALLBACK (lectern_window_update_saving), self, G_CONNECT_SWAPPED);
  lectern_window_update_saving (self);
}

static void
pause_saving_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  LecternSaver *saver = lectern_application_get_saver (self->application);

  if (saver)
    lectern_saver_set_resumes_paused (saver, !lectern_saver_get_resumes_paused (saver));
}

static void
stop_saving_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LecternWindow *self = LECTERN_WINDOW (widget);
  LecternSaver *saver = lectern_application_get_saver (self->application);

  if (saver)
    lectern_saver_stop_resumes (saver);
}

void
_lectern_window_class_import_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-report", NULL,
                                   show_import_report_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-highlights", NULL,
                                   export_highlights_action);
  gtk_widget_class_install_action (widget_class, "win.pause-saving", NULL, pause_saving_action);
  gtk_widget_class_install_action (widget_class, "win.stop-saving", NULL, stop_saving_action);
}
