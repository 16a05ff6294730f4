/* test-fetcher.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-fetcher-private.h"
#include "lectern-fetcher.h"
#include "lectern-sniff.h"
#include "lectern-test-resolver.h"
#include "lectern-test-utils.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#define PAGE_HTML \
  "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>A page</title></head>" \
  "<body><article><h1>A page</h1><p>Some words to read.</p></article></body></html>\n"

/* A 1×1 transparent PNG. */
static const guint8 png_bytes[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
  0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
  0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00,
  0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* "中文" and "测试" in GBK, in a page that names its charset only in the HTTP header. */
static const char gbk_page[] =
  "<html><head><title>\xd6\xd0\xce\xc4</title></head><body><p>\xb2\xe2\xca\xd4</p></body></html>";

static const char pdf_bytes[] =
  "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n";

static const char svg_with_script[] =
  "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
  "<script>alert(document.cookie)</script><rect width=\"10\" height=\"10\"/></svg>\n";

static const guint8 mp4_bytes[] = {
  0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0x00, 0x00, 0x02, 0x00,
  'i', 's', 'o', 'm', 'm', 'p', '4', '1', 0x00, 0x00, 0x00, 0x08, 'f', 'r', 'e', 'e',
};

static const guint8 mp3_bytes[] = {
  'I', 'D', '3', 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x00,
};

static const guint8 zip_bytes[] = {
  'P', 'K', 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
};

typedef struct
{
  SoupServer *server;
  LecternFetcher *fetcher;
  GSocketService *raw_service;
  SoupServerMessage *trickle_message;
  char *user_agent;
  char *accept;
  char *accept_language;
  char *accept_encoding;
  guint16 port;
  guint16 raw_port;
  guint trickle_id;
  guint64 endless_written;
  gboolean endless_finished;
  guint images_active;
  guint images_max_active;
  guint images_asked;
  GPtrArray *images_held;
  guint silent_requests;
} Fixture;

typedef struct
{
  LecternFetchResult *result;
  GError *error;
  gboolean done;
} Outcome;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const void        *body,
         gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  if (content_type) {
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
  } else {
    /* No Content-Type header at all. */
    soup_message_body_append (soup_server_message_get_response_body (msg),
                              SOUP_MEMORY_COPY, body, length);
  }
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  g_autoptr (GZlibCompressor) compressor = NULL;
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) converter = NULL;
  g_autoptr (GError) error = NULL;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  converter = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_output_stream_write_all (converter, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (converter, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static gboolean
trickle_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  soup_message_body_append (soup_server_message_get_response_body (fixture->trickle_message),
                            SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (fixture->trickle_message);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished_cb (SoupServerMessage *msg,
                     Fixture           *fixture)
{
  g_clear_handle_id (&fixture->trickle_id, g_source_remove);
  fixture->trickle_message = NULL;
}

#define ENDLESS_CHUNK (64 * 1024)
#define ENDLESS_LIMIT (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

static void
endless_wrote_chunk_cb (SoupServerMessage *msg,
                        Fixture           *fixture)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  static char chunk[ENDLESS_CHUNK];

  fixture->endless_written += ENDLESS_CHUNK;
  if (fixture->endless_written >= ENDLESS_LIMIT) {
    soup_message_body_complete (body);
    return;
  }

  memset (chunk, 'x', sizeof chunk);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, chunk, sizeof chunk);
}

static void
endless_finished_cb (SoupServerMessage *msg,
                     Fixture           *fixture)
{
  fixture->endless_finished = TRUE;
}

static void
image_finished_cb (SoupServerMessage *msg,
                   Fixture           *fixture)
{
  fixture->images_active--;
}

static gboolean
image_respond_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  respond (msg, SOUP_STATUS_OK, "image/png", png_bytes, sizeof png_bytes);
  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/page")) {
    g_free (fixture->user_agent);
    g_free (fixture->accept);
    g_free (fixture->accept_language);
    fixture->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));
    fixture->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
    fixture->accept_language = g_strdup (soup_message_headers_get_one (request_headers,
                                                                       "Accept-Language"));
    respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", PAGE_HTML, strlen (PAGE_HTML));
  } else if (g_str_equal (path, "/r301")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/r302");
  } else if (g_str_equal (path, "/r302")) {
    g_autofree char *next = g_strdup_printf ("http://127.0.0.1:%u/r307", fixture->port);

    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, next);
  } else if (g_str_equal (path, "/r307")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_TEMPORARY_REDIRECT, "page");
  } else if (g_str_has_prefix (path, "/hop/")) {
    guint64 n = g_ascii_strtoull (path + strlen ("/hop/"), NULL, 10);

    if (n == 0) {
      respond (msg, SOUP_STATUS_OK, "text/html", PAGE_HTML, strlen (PAGE_HTML));
    } else {
      g_autofree char *next = g_strdup_printf ("/hop/%" G_GUINT64_FORMAT, n - 1);

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, next);
    }
  } else if (g_str_equal (path, "/loop/a")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop/b");
  } else if (g_str_equal (path, "/loop/b")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/loop/a");
  } else if (g_str_equal (path, "/redirect/ftp")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "ftp://127.0.0.1/file");
  } else if (g_str_equal (path, "/redirect/javascript")) {
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "javascript:alert(1)");
  } else if (g_str_equal (path, "/cookie/set")) {
    soup_message_headers_append (response_headers, "Set-Cookie", "session=42; Path=/");
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/cookie/check");
  } else if (g_str_equal (path, "/cookie/check")) {
    const char *cookie = soup_message_headers_get_one (request_headers, "Cookie");

    if (g_strcmp0 (cookie, "session=42") == 0)
      respond (msg, SOUP_STATUS_OK, "text/html", PAGE_HTML, strlen (PAGE_HTML));
    else
      respond (msg, SOUP_STATUS_FORBIDDEN, "text/html", "no", 2);
  } else if (g_str_equal (path, "/status/404")) {
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<html><p>Gone</p></html>", 24);
  } else if (g_str_equal (path, "/status/500")) {
    respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html", "<p>Oops</p>", 11);
  } else if (g_str_equal (path, "/status/599")) {
    respond (msg, 599, "text/html", "<p>Odd</p>", 10);
  } else if (g_str_equal (path, "/silent")) {
    /* Never answered. */
    fixture->silent_requests++;
    soup_server_message_pause (msg);
  } else if (g_str_equal (path, "/trickle")) {
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_set_content_type (response_headers, "text/html", NULL);
    soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
    g_assert_null (fixture->trickle_message);
    fixture->trickle_message = msg;
    fixture->trickle_id = g_timeout_add (200, trickle_cb, fixture);
    g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished_cb), fixture);
  } else if (g_str_equal (path, "/endless")) {
    static char first[ENDLESS_CHUNK];

    memset (first, ' ', sizeof first);
    memcpy (first, "<!DOCTYPE html><html><body>", 27);
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_set_content_type (response_headers, "text/html", NULL);
    soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
    soup_message_body_append (soup_server_message_get_response_body (msg),
                              SOUP_MEMORY_STATIC, first, sizeof first);
    g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_wrote_chunk_cb), fixture);
    g_signal_connect (msg, "finished", G_CALLBACK (endless_finished_cb), fixture);
  } else if (g_str_equal (path, "/big") || g_str_equal (path, "/big-chunked") ||
             g_str_equal (path, "/exact")) {
    /* 64 KiB and one byte, or exactly 64 KiB. */
    gsize length = g_str_equal (path, "/exact") ? 64 * 1024 : 64 * 1024 + 1;
    g_autofree char *body = g_malloc (length);

    memset (body, ' ', length);
    memcpy (body, "<!DOCTYPE html>", 15);
    respond (msg, SOUP_STATUS_OK, "text/html", body, length);
    if (g_str_equal (path, "/big-chunked"))
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
  } else if (g_str_equal (path, "/no-type")) {
    respond (msg, SOUP_STATUS_OK, NULL, PAGE_HTML, strlen (PAGE_HTML));
  } else if (g_str_equal (path, "/no-type-text")) {
    respond (msg, SOUP_STATUS_OK, NULL, "Just some words.\n", 17);
  } else if (g_str_equal (path, "/octet-html")) {
    respond (msg, SOUP_STATUS_OK, "application/octet-stream", PAGE_HTML, strlen (PAGE_HTML));
  } else if (g_str_equal (path, "/pdf-as-html")) {
    respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", pdf_bytes, sizeof pdf_bytes - 1);
  } else if (g_str_equal (path, "/pdf")) {
    respond (msg, SOUP_STATUS_OK, "application/pdf", pdf_bytes, sizeof pdf_bytes - 1);
  } else if (g_str_equal (path, "/png-page")) {
    respond (msg, SOUP_STATUS_OK, "image/png", png_bytes, sizeof png_bytes);
  } else if (g_str_equal (path, "/mp4")) {
    respond (msg, SOUP_STATUS_OK, "video/mp4", mp4_bytes, sizeof mp4_bytes);
  } else if (g_str_equal (path, "/mp3-as-octet")) {
    respond (msg, SOUP_STATUS_OK, "application/octet-stream", mp3_bytes, sizeof mp3_bytes);
  } else if (g_str_equal (path, "/zip")) {
    respond (msg, SOUP_STATUS_OK, "application/zip", zip_bytes, sizeof zip_bytes);
  } else if (g_str_equal (path, "/empty")) {
    respond (msg, SOUP_STATUS_OK, "text/html", "", 0);
  } else if (g_str_equal (path, "/text")) {
    respond (msg, SOUP_STATUS_OK, "text/plain; charset=utf-8", "Plain words.\n", 13);
  } else if (g_str_equal (path, "/gbk")) {
    respond (msg, SOUP_STATUS_OK, "text/html; charset=GBK", gbk_page, sizeof gbk_page - 1);
  } else if (g_str_equal (path, "/gzip")) {
    g_autoptr (GBytes) compressed = gzip_bytes (PAGE_HTML, strlen (PAGE_HTML));

    g_free (fixture->accept_encoding);
    fixture->accept_encoding = g_strdup (soup_message_headers_get_one (request_headers,
                                                                       "Accept-Encoding"));
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_replace (response_headers, "Content-Encoding", "gzip");
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (compressed, NULL),
                                      g_bytes_get_size (compressed));
  } else if (g_str_equal (path, "/img/png")) {
    respond (msg, SOUP_STATUS_OK, "image/png", png_bytes, sizeof png_bytes);
  } else if (g_str_equal (path, "/img/mislabelled")) {
    respond (msg, SOUP_STATUS_OK, "text/html", png_bytes, sizeof png_bytes);
  } else if (g_str_equal (path, "/img/html")) {
    respond (msg, SOUP_STATUS_OK, "image/png", PAGE_HTML, strlen (PAGE_HTML));
  } else if (g_str_equal (path, "/img/svg")) {
    respond (msg, SOUP_STATUS_OK, "image/svg+xml", svg_with_script, strlen (svg_with_script));
  } else if (g_str_equal (path, "/img/big")) {
    gsize length = 8 * 1024 + 1;
    g_autofree guint8 *body = g_malloc0 (length);

    memcpy (body, png_bytes, sizeof png_bytes);
    respond (msg, SOUP_STATUS_OK, "image/png", body, length);
  } else if (g_str_equal (path, "/img/404")) {
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<p>No picture</p>", 17);
  } else if (g_str_has_prefix (path, "/img/held/")) {
    /* Answered once three are asked for at a time, or once all ten have been: a fetcher that
     * asks for more at a time is caught with a fourth.
     */
    fixture->images_asked++;
    fixture->images_active++;
    fixture->images_max_active = MAX (fixture->images_max_active, fixture->images_active);
    g_signal_connect (msg, "finished", G_CALLBACK (image_finished_cb), fixture);
    soup_server_message_pause (msg);
    g_ptr_array_add (fixture->images_held, g_object_ref (msg));
    if (fixture->images_active >= 3 || fixture->images_asked == 10) {
      for (guint i = 0; i < fixture->images_held->len; i++)
        image_respond_cb (g_ptr_array_index (fixture->images_held, i));
      g_ptr_array_set_size (fixture->images_held, 0);
    }
  } else if (g_str_has_prefix (path, "/img/slower/")) {
    fixture->images_active++;
    fixture->images_max_active = MAX (fixture->images_max_active, fixture->images_active);
    g_signal_connect (msg, "finished", G_CALLBACK (image_finished_cb), fixture);
    soup_server_message_pause (msg);
    g_timeout_add_full (G_PRIORITY_DEFAULT, 700, image_respond_cb, g_object_ref (msg),
                        g_object_unref);
  } else {
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "?", 1);
  }
}

/* A server that speaks just enough HTTP to break off: it answers with a Content-Length
 * of 100000, sends a few bytes of the body and closes the connection, normally (/cut)
 * or with a TCP reset (/reset).
 */
static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  static const char response[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Length: 100000\r\n"
    "\r\n"
    "<!DOCTYPE html><html><body><p>This page stops here";
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char request[4096];
  gsize length = 0;

  while (length < sizeof request - 1) {
    gssize n = g_input_stream_read (input, request + length, sizeof request - 1 - length,
                                    NULL, NULL);

    if (n <= 0)
      break;
    length += n;
    request[length] = '\0';
    if (strstr (request, "\r\n\r\n"))
      break;
  }
  request[length] = '\0';

  g_output_stream_write_all (output, response, sizeof response - 1, NULL, NULL, NULL);
  g_output_stream_flush (output, NULL, NULL);

  if (g_str_has_prefix (request, "GET /reset ")) {
    GSocket *socket = g_socket_connection_get_socket (connection);
    struct linger linger = { 1, 0 };

    /* The reset follows the bytes written: Linux keeps what arrived before it readable, so
     * the client reads the headers and the start of the body, then meets the reset.
     */
    g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                                 &linger, sizeof linger), ==, 0);
  }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fixture->raw_service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fixture->raw_service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  fixture->raw_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fixture->raw_service, "run", G_CALLBACK (raw_run_cb), NULL);
  g_socket_service_start (fixture->raw_service);

  fixture->fetcher = lectern_fetcher_new ();
  fixture->images_held = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_handle_id (&fixture->trickle_id, g_source_remove);
  g_assert_finalize_object (fixture->fetcher);
  g_clear_pointer (&fixture->images_held, g_ptr_array_unref);

  g_socket_service_stop (fixture->raw_service);
  g_socket_listener_close (G_SOCKET_LISTENER (fixture->raw_service));
  g_clear_object (&fixture->raw_service);

  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);

  /* Let the last callbacks of closed connections run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&fixture->user_agent, g_free);
  g_clear_pointer (&fixture->accept, g_free);
  g_clear_pointer (&fixture->accept_language, g_free);
  g_clear_pointer (&fixture->accept_encoding, g_free);
}

static char *
server_url (Fixture    *fixture,
            const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = lectern_fetcher_fetch_finish (LECTERN_FETCHER (object), result,
                                                  &outcome->error);
  outcome->done = TRUE;
}

/* Fetches @url through the main loop, failing the test if it takes too long. */
static LecternFetchResult *
fetch_url (Fixture           *fixture,
           const char        *url,
           LecternFetchKind   kind,
           GCancellable      *cancellable,
           GError           **error)
{
  Outcome outcome = { NULL, NULL, FALSE };

  lectern_fetcher_fetch_async (fixture->fetcher, url, kind, cancellable, fetch_cb, &outcome);
  g_assert_false (outcome.done);
  lectern_test_wait_until (outcome.done);

  g_assert_true ((outcome.result == NULL) != (outcome.error == NULL));
  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

static LecternFetchResult *
fetch_path (Fixture          *fixture,
            const char       *path,
            LecternFetchKind  kind,
            GError          **error)
{
  g_autofree char *url = server_url (fixture, path);

  return fetch_url (fixture, url, kind, NULL, error);
}

static void
assert_fetch_fails (Fixture          *fixture,
                    const char       *path,
                    LecternFetchKind  kind,
                    int               code,
                    const char       *message)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;

  g_test_message ("fetching %s", path);
  result = fetch_path (fixture, path, kind, &error);
  g_assert_null (result);
  g_assert_error (error, LECTERN_FETCHER_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_body (LecternFetchResult *result,
             const void         *expected,
             gsize               expected_length)
{
  GBytes *body = lectern_fetch_result_get_body (result);
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  g_assert_cmpmem (data, length, expected, expected_length);
}

static void
test_fetcher_properties (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr (LecternFetcher) limited = NULL;
  guint timeout;
  guint64 max_body_size;

  g_assert_cmpuint (lectern_fetcher_get_timeout (fixture->fetcher), ==, 30);
  g_assert_cmpuint (lectern_fetcher_get_max_body_size (fixture->fetcher), ==, 30 * 1024 * 1024);
  g_assert_cmpuint (lectern_fetcher_get_max_image_size (fixture->fetcher), ==, 10 * 1024 * 1024);
  g_assert_cmpuint (lectern_fetcher_get_max_connections (fixture->fetcher), ==, 6);
  g_assert_cmpuint (lectern_fetcher_get_max_per_host (fixture->fetcher), ==, 3);

  g_object_set (fixture->fetcher, "timeout", 5, "max-body-size", (guint64)1000, NULL);
  g_object_get (fixture->fetcher, "timeout", &timeout, "max-body-size", &max_body_size, NULL);
  g_assert_cmpuint (timeout, ==, 5);
  g_assert_cmpuint (max_body_size, ==, 1000);

  limited = g_object_new (LECTERN_TYPE_FETCHER, "max-connections", 2, "max-per-host", 1, NULL);
  g_assert_cmpuint (lectern_fetcher_get_max_connections (limited), ==, 2);
  g_assert_cmpuint (lectern_fetcher_get_max_per_host (limited), ==, 1);
}

static void
test_fetcher_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = server_url (fixture, "/page");

  result = fetch_path (fixture, "/page", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lectern_fetch_result_get_uri (result), ==, url);
  g_assert_cmpuint (lectern_fetch_result_get_status (result), ==, 200);
  g_assert_cmpint (lectern_fetch_result_get_content (result), ==, LECTERN_FETCH_CONTENT_HTML);
  g_assert_cmpstr (lectern_fetch_result_get_content_type (result), ==, "text/html");
  g_assert_cmpstr (lectern_fetch_result_get_charset (result), ==, "utf-8");
  assert_body (result, PAGE_HTML, strlen (PAGE_HTML));

  /* What the server saw. */
  g_assert_true (g_str_has_prefix (fixture->user_agent, "Mozilla/5.0 "));
  g_assert_nonnull (strstr (fixture->user_agent, "Lectern/" PACKAGE_VERSION));
  g_assert_true (g_str_has_prefix (fixture->accept, "text/html,application/xhtml+xml"));
  g_assert_nonnull (fixture->accept_language);
  g_assert_cmpstr (fixture->accept_language, !=, "");
}

static void
test_fetcher_redirects (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *final = server_url (fixture, "/page");

  /* 301 to a path, 302 to an absolute URL, 307 to a relative one. */
  result = fetch_path (fixture, "/r301", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lectern_fetch_result_get_uri (result), ==, final);
  g_assert_cmpuint (lectern_fetch_result_get_status (result), ==, 200);
  assert_body (result, PAGE_HTML, strlen (PAGE_HTML));
}

static void
test_fetcher_redirect_limit (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *final = server_url (fixture, "/hop/0");

  /* Ten redirects are followed... */
  result = fetch_path (fixture, "/hop/10", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lectern_fetch_result_get_uri (result), ==, final);

  /* ...the eleventh is not. */
  assert_fetch_fails (fixture, "/hop/11", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS,
                      "The page redirects too many times");
}

static void
test_fetcher_redirect_loop (Fixture       *fixture,
                            gconstpointer  data)
{
  assert_fetch_fails (fixture, "/loop/a", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS,
                      "The page redirects in a loop");
}

static void
test_fetcher_redirect_scheme (Fixture       *fixture,
                              gconstpointer  data)
{
  assert_fetch_fails (fixture, "/redirect/ftp", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME,
                      "The page redirects to an address Lectern cannot open");
  assert_fetch_fails (fixture, "/redirect/javascript", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME,
                      "The page redirects to an address Lectern cannot open");
}

static void
test_fetcher_cookies (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;

  /* The cookie set by the redirect is sent to its target. */
  result = fetch_path (fixture, "/cookie/set", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lectern_fetch_result_get_status (result), ==, 200);
}

static void
test_fetcher_http_status (Fixture       *fixture,
                          gconstpointer  data)
{
  assert_fetch_fails (fixture, "/status/404", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_HTTP_STATUS, "The server answered 404 Not Found");
  assert_fetch_fails (fixture, "/status/500", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_HTTP_STATUS,
                      "The server answered 500 Internal Server Error");
  assert_fetch_fails (fixture, "/status/599", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_HTTP_STATUS, "The server answered 599");
}

static void
test_fetcher_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  lectern_fetcher_set_timeout (fixture->fetcher, 1);
  assert_fetch_fails (fixture, "/silent", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TIMEOUT, "127.0.0.1 took too long to answer");

  elapsed = g_get_monotonic_time () - start;
  g_test_message ("gave up after %.1f s", elapsed / (double)G_TIME_SPAN_SECOND);
  g_assert_cmpint (elapsed, <, 6 * G_TIME_SPAN_SECOND);
}

static void
test_fetcher_deadline (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  /* A byte every 200 ms never trips the 1 s timeout; the deadline of four times the
   * timeout stops the fetch anyway.
   */
  lectern_fetcher_set_timeout (fixture->fetcher, 1);
  assert_fetch_fails (fixture, "/trickle", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TIMEOUT, "127.0.0.1 took too long to answer");

  elapsed = g_get_monotonic_time () - start;
  g_test_message ("gave up after %.1f s", elapsed / (double)G_TIME_SPAN_SECOND);
  g_assert_cmpint (elapsed, >=, 3 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (elapsed, <, 8 * G_TIME_SPAN_SECOND);
}

static void
test_fetcher_cancel (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = server_url (fixture, "/silent");
  Outcome outcome = { NULL, NULL, FALSE };

  /* Cancelled while the server has the request and says nothing. */
  lectern_fetcher_fetch_async (fixture->fetcher, url, LECTERN_FETCH_KIND_PAGE, cancellable,
                               fetch_cb, &outcome);
  lectern_test_wait_until (fixture->silent_requests == 1);
  g_assert_false (outcome.done);
  g_cancellable_cancel (cancellable);
  lectern_test_wait_until (outcome.done);
  g_assert_null (outcome.result);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);

  /* Already cancelled. */
  result = fetch_url (fixture, url, LECTERN_FETCH_KIND_PAGE, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_fetcher_connection_cut (Fixture       *fixture,
                             gconstpointer  data)
{
  const char * const paths[] = { "/cut", "/reset" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", fixture->raw_port, paths[i]);

    g_test_message ("fetching %s", url);
    result = fetch_url (fixture, url, LECTERN_FETCH_KIND_PAGE, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK);
    g_assert_cmpstr (error->message, ==, "The connection was cut off");
  }
}

static void
test_fetcher_unreachable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was just free and that nobody listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  result = fetch_url (fixture, url, LECTERN_FETCH_KIND_PAGE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "Could not reach 127.0.0.1");
  g_clear_error (&error);

  /* A name that never resolves (RFC 2606). Without a resolver this may time out instead;
   * either way the message names the host.
   */
  lectern_fetcher_set_timeout (fixture->fetcher, 2);
  result = fetch_url (fixture, "http://example.invalid/", LECTERN_FETCH_KIND_PAGE, NULL, &error);
  g_assert_null (result);
  if (g_error_matches (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_TIMEOUT)) {
    g_assert_cmpstr (error->message, ==, "example.invalid took too long to answer");
  } else {
    g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK);
    g_assert_cmpstr (error->message, ==, "Could not reach example.invalid");
  }
}

static void
test_fetcher_too_large (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;

  lectern_fetcher_set_max_body_size (fixture->fetcher, 64 * 1024);

  /* Refused by its Content-Length, and while reading a chunked body. */
  assert_fetch_fails (fixture, "/big", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_LARGE, "The page is larger than 64 KB");
  assert_fetch_fails (fixture, "/big-chunked", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_LARGE, "The page is larger than 64 KB");

  /* Exactly the cap is fine. */
  result = fetch_path (fixture, "/exact", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (lectern_fetch_result_get_body (result)), ==, 64 * 1024);

  lectern_fetcher_set_max_body_size (fixture->fetcher, 30 * 1024 * 1024);
  assert_fetch_fails (fixture, "/endless", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_LARGE, "The page is larger than 30 MB");
}

static void
test_fetcher_endless (Fixture       *fixture,
                      gconstpointer  data)
{
  lectern_fetcher_set_max_body_size (fixture->fetcher, 256 * 1024);
  assert_fetch_fails (fixture, "/endless", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_TOO_LARGE, "The page is larger than 256 KB");

  /* The fetcher dropped the connection instead of reading on: the server stops writing
   * long before its limit, with only what fits in the socket buffers sent.
   */
  lectern_test_wait_until (fixture->endless_finished);
  g_test_message ("the server wrote %" G_GUINT64_FORMAT " bytes", fixture->endless_written);
  g_assert_cmpuint (fixture->endless_written, <, 128 * 1024 * 1024);
}

static void
test_fetcher_content_type (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *path;
    LecternFetchContent content;
    const char *content_type;
  } pages[] = {
    { "/no-type", LECTERN_FETCH_CONTENT_HTML, "text/html" },
    { "/octet-html", LECTERN_FETCH_CONTENT_HTML, "text/html" },
    { "/no-type-text", LECTERN_FETCH_CONTENT_TEXT, "text/plain" },
    { "/text", LECTERN_FETCH_CONTENT_TEXT, "text/plain" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (pages); i++) {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;

    g_test_message ("fetching %s", pages[i].path);
    result = fetch_path (fixture, pages[i].path, LECTERN_FETCH_KIND_PAGE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lectern_fetch_result_get_content (result), ==, pages[i].content);
    g_assert_cmpstr (lectern_fetch_result_get_content_type (result), ==, pages[i].content_type);
  }
}

static void
test_fetcher_not_a_page (Fixture       *fixture,
                         gconstpointer  data)
{
  assert_fetch_fails (fixture, "/pdf-as-html", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is a PDF document, not a web page");
  assert_fetch_fails (fixture, "/pdf", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is a PDF document, not a web page");
  assert_fetch_fails (fixture, "/png-page", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is an image, not a web page");
  assert_fetch_fails (fixture, "/img/svg", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is an image, not a web page");
  assert_fetch_fails (fixture, "/mp4", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is a video, not a web page");
  assert_fetch_fails (fixture, "/mp3-as-octet", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is an audio file, not a web page");
  assert_fetch_fails (fixture, "/zip", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                      "This link is a file to download, not a web page");
  assert_fetch_fails (fixture, "/empty", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_NOT_A_PAGE, "The page is empty");
}

static void
test_fetcher_charset (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;

  result = fetch_path (fixture, "/gbk", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lectern_fetch_result_get_content (result), ==, LECTERN_FETCH_CONTENT_HTML);
  g_assert_cmpstr (lectern_fetch_result_get_charset (result), ==, "GBK");
  /* The bytes are untouched: converting them is the extractor's job. */
  assert_body (result, gbk_page, sizeof gbk_page - 1);
}

static void
test_fetcher_gzip (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;

  result = fetch_path (fixture, "/gzip", LECTERN_FETCH_KIND_PAGE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fixture->accept_encoding, "gzip"));
  g_assert_cmpint (lectern_fetch_result_get_content (result), ==, LECTERN_FETCH_CONTENT_HTML);
  assert_body (result, PAGE_HTML, strlen (PAGE_HTML));
}

static void
test_fetcher_unsupported (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const urls[] = {
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://127.0.0.1/file",
    "data:text/html,<p>hi</p>",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++) {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;

    result = fetch_url (fixture, urls[i], LECTERN_FETCH_KIND_PAGE, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME);
    g_assert_cmpstr (error->message, ==, "Only web addresses (http and https) can be saved");
  }

  {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;

    result = fetch_url (fixture, "http://", LECTERN_FETCH_KIND_PAGE, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL);
    g_assert_cmpstr (error->message, ==, "This is not a valid web address");
  }
}

static void
test_fetcher_image (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const paths[] = { "/img/png", "/img/mislabelled" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;

    result = fetch_path (fixture, paths[i], LECTERN_FETCH_KIND_IMAGE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lectern_fetch_result_get_content (result), ==, LECTERN_FETCH_CONTENT_IMAGE);
    g_assert_cmpstr (lectern_fetch_result_get_content_type (result), ==, "image/png");
    g_assert_null (lectern_fetch_result_get_charset (result));
    assert_body (result, png_bytes, sizeof png_bytes);
  }
}

static void
test_fetcher_image_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  lectern_fetcher_set_max_image_size (fixture->fetcher, 8 * 1024);

  assert_fetch_fails (fixture, "/img/html", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_NOT_AN_IMAGE, "This link is not an image");
  assert_fetch_fails (fixture, "/img/svg", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_NOT_AN_IMAGE, "This link is not an image");
  assert_fetch_fails (fixture, "/pdf", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_NOT_AN_IMAGE, "This link is not an image");
  assert_fetch_fails (fixture, "/img/big", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_TOO_LARGE, "The image is larger than 8 KB");
  assert_fetch_fails (fixture, "/img/404", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_HTTP_STATUS, "The server answered 404 Not Found");

  /* The page cap does not apply to images, nor the image cap to pages. */
  lectern_fetcher_set_max_body_size (fixture->fetcher, 16);
  {
    g_autoptr (LecternFetchResult) result = NULL;
    g_autoptr (GError) error = NULL;

    result = fetch_path (fixture, "/img/png", LECTERN_FETCH_KIND_IMAGE, &error);
    g_assert_no_error (error);
  }
}

typedef struct
{
  guint done;
  guint failed;
} ImagesOutcome;

static void
image_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ImagesOutcome *outcome = user_data;
  g_autoptr (LecternFetchResult) fetched = NULL;
  g_autoptr (GError) error = NULL;

  fetched = lectern_fetcher_fetch_finish (LECTERN_FETCHER (object), result, &error);
  if (!fetched) {
    g_test_message ("an image failed: %s", error->message);
    outcome->failed++;
  }
  outcome->done++;
}

static void
test_fetcher_per_host_limit (Fixture       *fixture,
                             gconstpointer  data)
{
  ImagesOutcome outcome = { 0, 0 };
  guint i;

  /* Ten images from one host, which answers only when three are asked for at a time: three
   * are, and never more.
   */
  for (i = 0; i < 10; i++) {
    g_autofree char *path = g_strdup_printf ("/img/held/%u", i);
    g_autofree char *url = server_url (fixture, path);

    lectern_fetcher_fetch_async (fixture->fetcher, url, LECTERN_FETCH_KIND_IMAGE, NULL,
                                 image_fetched_cb, &outcome);
  }

  lectern_test_wait_until (outcome.done == 10);
  g_assert_cmpuint (outcome.failed, ==, 0);
  g_assert_cmpuint (fixture->images_max_active, ==, 3);
}

static void
test_fetcher_queued_deadline (Fixture       *fixture,
                              gconstpointer  data)
{
  ImagesOutcome outcome = { 0, 0 };
  guint i;

  /* One connection at a time and a 1 s timeout, so a 4 s deadline: seven images of
   * 0.7 s each take about 5 s in all. Waiting in the queue does not count against an
   * image's deadline, so every one of them arrives.
   */
  g_assert_finalize_object (fixture->fetcher);
  fixture->fetcher = g_object_new (LECTERN_TYPE_FETCHER,
                                   "max-per-host", 1,
                                   "timeout", 1,
                                   NULL);

  for (i = 0; i < 7; i++) {
    g_autofree char *path = g_strdup_printf ("/img/slower/%u", i);
    g_autofree char *url = server_url (fixture, path);

    lectern_fetcher_fetch_async (fixture->fetcher, url, LECTERN_FETCH_KIND_IMAGE, NULL,
                                 image_fetched_cb, &outcome);
  }

  lectern_test_wait_until (outcome.done == 7);
  g_assert_cmpuint (outcome.failed, ==, 0);
  g_assert_cmpuint (fixture->images_max_active, ==, 1);
}

static void
test_sniff (void)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F' };
  static const guint8 webp[] = { 'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P',
                                 'V', 'P', '8', 'L', 0x0d, 0, 0, 0 };
  static const guint8 avif[] = { 0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'm', 'i', 'f', '1',
                                 0, 0, 0, 0, 'a', 'v', 'i', 'f', 'm', 'i', 'f', '1',
                                 'm', 'i', 'a', 'f' };
  static const guint8 ico[] = { 0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0 };
  static const guint8 bmp[] = { 'B', 'M', 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0,
                                40, 0, 0, 0 };
  static const guint8 utf16_html[] = { 0xff, 0xfe, '<', 0, 'h', 0, 't', 0, 'm', 0,
                                       'l', 0, '>', 0 };
  static const char xhtml[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";
  static const char rss[] = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>";

  g_assert_cmpstr (lectern_sniff_image (png_bytes, sizeof png_bytes), ==, "image/png");
  g_assert_cmpstr (lectern_sniff_image (jpeg, sizeof jpeg), ==, "image/jpeg");
  g_assert_cmpstr (lectern_sniff_image ((const guint8 *)"GIF89a\1\0\1\0", 10), ==, "image/gif");
  g_assert_cmpstr (lectern_sniff_image (webp, sizeof webp), ==, "image/webp");
  g_assert_cmpstr (lectern_sniff_image (avif, sizeof avif), ==, "image/avif");
  g_assert_cmpstr (lectern_sniff_image (ico, sizeof ico), ==, "image/x-icon");
  g_assert_cmpstr (lectern_sniff_image (bmp, sizeof bmp), ==, "image/bmp");
  g_assert_null (lectern_sniff_image ((const guint8 *)svg_with_script, strlen (svg_with_script)));
  g_assert_null (lectern_sniff_image ((const guint8 *)PAGE_HTML, strlen (PAGE_HTML)));
  g_assert_null (lectern_sniff_image ((const guint8 *)"BM is a text", 12));
  g_assert_null (lectern_sniff_image (png_bytes, 4));
  g_assert_null (lectern_sniff_image (NULL, 0));

#define SNIFF_TEXT(text) lectern_sniff_document ((const guint8 *)(text), strlen (text))
  g_assert_cmpstr (SNIFF_TEXT (PAGE_HTML), ==, "text/html");
  g_assert_cmpstr (SNIFF_TEXT ("\xef\xbb\xbf  \n<HTML lang=en>"), ==, "text/html");
  g_assert_cmpstr (SNIFF_TEXT ("<!-- a comment --><p>x"), ==, "text/html");
  g_assert_cmpstr (SNIFF_TEXT (xhtml), ==, "text/html");
  g_assert_cmpstr (SNIFF_TEXT (svg_with_script), ==, "image/svg+xml");
  g_assert_cmpstr (SNIFF_TEXT (rss), ==, "application/rss+xml");
  g_assert_cmpstr (SNIFF_TEXT ("Just words.\n"), ==, "text/plain");
  g_assert_cmpstr (SNIFF_TEXT ("ID3 tags are metadata in text"), ==, "text/plain");
  g_assert_cmpstr (SNIFF_TEXT ("OTTO was here"), ==, "text/plain");
  g_assert_cmpstr (SNIFF_TEXT (pdf_bytes), ==, "application/pdf");
  g_assert_cmpstr (lectern_sniff_document (utf16_html, sizeof utf16_html), ==, "text/html");
  g_assert_cmpstr (lectern_sniff_document (mp4_bytes, sizeof mp4_bytes), ==, "video/mp4");
  g_assert_cmpstr (lectern_sniff_document (mp3_bytes, sizeof mp3_bytes), ==, "audio/mpeg");
  g_assert_cmpstr (lectern_sniff_document (zip_bytes, sizeof zip_bytes), ==, "application/zip");
  g_assert_cmpstr (lectern_sniff_document ((const guint8 *)"\0\1\2\3", 4), ==,
                   "application/octet-stream");
  g_assert_null (lectern_sniff_document (NULL, 0));
#undef SNIFF_TEXT
}

/* Answers every request with a redirect to an address that GUri parses but cannot write
 * out again: it ends the host at ';' and keeps ";x/…" as a path. /unwritable/lenient
 * sends the fetcher to lenient_run_cb () below, which answers even the odd request line
 * such an address makes; the rest go to this server, which answers those with 400.
 */
static void
unwritable_handler (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  guint16 port = GPOINTER_TO_UINT (user_data);
  g_autofree char *next = g_strdup_printf ("http://127.0.0.1:%u;x%s", port, path);

  /* Straight into the header: libsoup's own helper cannot write this address either. */
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                next);
}

/* A server that redirects whatever it is asked for to "http://127.0.0.1:PORT;x/next", over
 * and over on one connection, as a careless or hostile server would.
 */
static gboolean
lenient_run_cb (GThreadedSocketService *service,
                GSocketConnection      *connection,
                GObject                *source_object,
                gpointer                user_data)
{
  guint16 port = GPOINTER_TO_UINT (user_data);
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *response = NULL;

  response = g_strdup_printf ("HTTP/1.1 302 Found\r\n"
                              "Location: http://127.0.0.1:%u;x/next\r\n"
                              "Content-Length: 0\r\n"
                              "\r\n", port);

  for (;;) {
    char request[4096];
    gsize length = 0;

    while (length < sizeof request - 1) {
      gssize n = g_input_stream_read (input, request + length, sizeof request - 1 - length,
                                      NULL, NULL);

      if (n <= 0)
        return TRUE;
      length += n;
      request[length] = '\0';
      if (strstr (request, "\r\n\r\n"))
        break;
    }

    if (!g_output_stream_write_all (output, response, strlen (response), NULL, NULL, NULL))
      return TRUE;
  }
}

static void
test_fetcher_redirect_unwritable (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GSocketService) lenient = g_threaded_socket_service_new (4);
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 lenient_port;

  g_socket_listener_add_address (G_SOCKET_LISTENER (lenient), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  lenient_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (lenient, "run", G_CALLBACK (lenient_run_cb),
                    GUINT_TO_POINTER (lenient_port));
  g_socket_service_start (lenient);

  soup_server_add_handler (fixture->server, "/unwritable", unwritable_handler,
                           GUINT_TO_POINTER (fixture->port), NULL);
  soup_server_add_handler (fixture->server, "/lenient", unwritable_handler,
                           GUINT_TO_POINTER (lenient_port), NULL);

  /* A page and an image that redirect there fail with a reason, and nothing crashes:
   * neither after one such redirect nor after eleven.
   */
  assert_fetch_fails (fixture, "/unwritable/page", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_INVALID_URL,
                      "The page redirects to an address that is not valid");
  assert_fetch_fails (fixture, "/lenient/page", LECTERN_FETCH_KIND_PAGE,
                      LECTERN_FETCHER_ERROR_INVALID_URL,
                      "The page redirects to an address that is not valid");
  assert_fetch_fails (fixture, "/lenient/image.png", LECTERN_FETCH_KIND_IMAGE,
                      LECTERN_FETCHER_ERROR_INVALID_URL,
                      "The page redirects to an address that is not valid");

  /* Given such an address to begin with, the fetcher refuses it at once. */
  url = g_strdup_printf ("http://127.0.0.1:%u;x/page", lenient_port);
  result = fetch_url (fixture, url, LECTERN_FETCH_KIND_PAGE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL);
  g_assert_cmpstr (error->message, ==, "This is not a valid web address");

  g_socket_service_stop (lenient);
  g_socket_listener_close (G_SOCKET_LISTENER (lenient));
}

static void
test_public_address (void)
{
  static const struct {
    const char *address;
    gboolean public;
  } cases[] = {
    { "93.184.216.34", TRUE },
    { "8.8.8.8", TRUE },
    { "100.63.255.255", TRUE },
    { "100.128.0.1", TRUE },
    { "172.15.255.255", TRUE },
    { "172.32.0.1", TRUE },
    { "192.169.0.1", TRUE },
    { "223.255.255.255", TRUE },
    { "0.0.0.0", FALSE },
    { "0.1.2.3", FALSE },
    { "10.0.0.1", FALSE },
    { "100.64.0.1", FALSE },
    { "100.127.255.255", FALSE },
    { "127.0.0.1", FALSE },
    { "127.255.255.254", FALSE },
    { "169.254.169.254", FALSE },
    { "172.16.0.1", FALSE },
    { "172.31.255.255", FALSE },
    { "192.0.0.8", FALSE },
    { "192.168.1.1", FALSE },
    { "198.18.0.1", FALSE },
    { "224.0.0.1", FALSE },
    { "239.255.255.250", FALSE },
    { "240.0.0.1", FALSE },
    { "255.255.255.255", FALSE },
    { "2606:2800:220:1:248:1893:25c8:1946", TRUE },
    { "2001:4860:4860::8888", TRUE },
    { "::ffff:93.184.216.34", TRUE },
    { "64:ff9b::808:808", TRUE },
    { "::", FALSE },
    { "::1", FALSE },
    { "::ffff:127.0.0.1", FALSE },
    { "::ffff:10.1.2.3", FALSE },
    { "::ffff:169.254.169.254", FALSE },
    { "::127.0.0.1", FALSE },
    { "64:ff9b::7f00:1", FALSE },
    { "64:ff9b::c0a8:101", FALSE },
    { "2002:7f00:1::1", FALSE },
    { "2002:c0a8:101::1", FALSE },
    { "fc00::1", FALSE },
    { "fd12:3456:789a::1", FALSE },
    { "fe80::1", FALSE },
    { "febf::1", FALSE },
    { "fec0::1", FALSE },
    { "ff02::1", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GInetAddress) address = g_inet_address_new_from_string (cases[i].address);

    g_test_message ("classifying %s", cases[i].address);
    g_assert_nonnull (address);
    g_assert_cmpint (lectern_fetcher_is_public_address (address), ==, cases[i].public);
  }
}

static void
count_request_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  guint             *n_requests)
{
  (*n_requests)++;
}

static LecternFetchResult *
fetch_public (Fixture     *fixture,
              const char  *url,
              GError     **error)
{
  Outcome outcome = { NULL, NULL, FALSE };

  lectern_fetcher_fetch_public_async (fixture->fetcher, url, LECTERN_FETCH_KIND_IMAGE, NULL,
                                      fetch_cb, &outcome);
  lectern_test_wait_until (outcome.done);

  g_assert_true ((outcome.result == NULL) != (outcome.error == NULL));
  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

static void
test_fetcher_public_only (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *hosts[] = {
    "127.0.0.1", "0.0.0.0", "[::ffff:127.0.0.1]", "here.test", "mapped.test",
  };
  g_autoptr (GResolver) system_resolver = g_resolver_get_default ();
  g_autoptr (GResolver) resolver = NULL;
  g_autoptr (LecternFetchResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = server_url (fixture, "/img/png");
  guint n_requests = 0;

  /* Names of the test's own that lead to this computer, as a hostile name server's
   * would.
   */
  resolver = lectern_test_resolver_new ("here.test", "127.0.0.1",
                                        "mapped.test", "::ffff:127.0.0.1",
                                        NULL);
  g_resolver_set_default (resolver);

  g_signal_connect (fixture->server, "request-started", G_CALLBACK (count_request_cb),
                    &n_requests);

  /* The user's own fetch may go to this computer, and says so. */
  result = fetch_path (fixture, "/img/png", LECTERN_FETCH_KIND_IMAGE, &error);
  g_assert_no_error (error);
  g_assert_true (lectern_fetch_result_get_local (result));
  g_assert_cmpuint (n_requests, ==, 1);
  g_clear_pointer (&result, lectern_fetch_result_unref);

  /* A fetch for a page from the Internet may not, by any of its names; nothing is sent.
   * The fetches are done, so each had its chance to reach the server.
   */
  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++) {
    g_autofree char *address = g_strdup_printf ("http://%s:%u/img/png", hosts[i],
                                                fixture->port);

    g_test_message ("fetching %s", address);
    result = fetch_public (fixture, address, &error);
    g_assert_null (result);
    g_assert_error (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_PUBLIC);
    g_assert_cmpstr (error->message, ==, "A page from the Internet may not load images from "
                                         "this computer or its local network");
    g_clear_error (&error);
  }
  g_assert_cmpuint (n_requests, ==, 1);

  /* With this computer taken for a public server, it may: the check is on the address
   * connected to.
   */
  _lectern_fetcher_add_public_address (fixture->fetcher, "127.0.0.1");
  result = fetch_public (fixture, url, &error);
  g_assert_no_error (error);
  g_assert_false (lectern_fetch_result_get_local (result));
  g_clear_pointer (&result, lectern_fetch_result_unref);
  g_assert_cmpuint (n_requests, ==, 2);

  g_signal_handlers_disconnect_by_func (fixture->server, count_request_cb, &n_requests);
  g_resolver_set_default (system_resolver);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests talk to 127.0.0.1 only; a proxy from the environment must not get in the
   * way.
   */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/fetcher/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("properties", test_fetcher_properties);
  ADD ("page", test_fetcher_page);
  ADD ("redirects", test_fetcher_redirects);
  ADD ("redirect-limit", test_fetcher_redirect_limit);
  ADD ("redirect-loop", test_fetcher_redirect_loop);
  ADD ("redirect-scheme", test_fetcher_redirect_scheme);
  ADD ("cookies", test_fetcher_cookies);
  ADD ("http-status", test_fetcher_http_status);
  ADD ("timeout", test_fetcher_timeout);
  ADD ("deadline", test_fetcher_deadline);
  ADD ("cancel", test_fetcher_cancel);
  ADD ("connection-cut", test_fetcher_connection_cut);
  ADD ("unreachable", test_fetcher_unreachable);
  ADD ("too-large", test_fetcher_too_large);
  ADD ("endless", test_fetcher_endless);
  ADD ("content-type", test_fetcher_content_type);
  ADD ("not-a-page", test_fetcher_not_a_page);
  ADD ("charset", test_fetcher_charset);
  ADD ("gzip", test_fetcher_gzip);
  ADD ("unsupported", test_fetcher_unsupported);
  ADD ("image", test_fetcher_image);
  ADD ("image-errors", test_fetcher_image_errors);
  ADD ("per-host-limit", test_fetcher_per_host_limit);
  ADD ("queued-deadline", test_fetcher_queued_deadline);
  ADD ("redirect-unwritable", test_fetcher_redirect_unwritable);
  ADD ("public-only", test_fetcher_public_only);

#undef ADD

  g_test_add_func ("/core/fetcher/sniff", test_sniff);
  g_test_add_func ("/core/fetcher/public-address", test_public_address);

  return g_test_run ();
}
