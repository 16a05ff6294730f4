/* lectern-fetcher.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-fetcher.h"

#include "lectern-fetcher-private.h"
#include "lectern-sniff.h"
#include "lectern-url.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

/* Sites serve their normal pages to browsers and sometimes something else (a bare error,
 * a "please enable JavaScript" shell) to unknown clients, so the user agent starts with
 * the token every browser sends, then names Lectern and its version.
 */
#define USER_AGENT "Mozilla/5.0 (X11; Linux x86_64) Lectern/" PACKAGE_VERSION

#define PAGE_ACCEPT \
  "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
#define IMAGE_ACCEPT \
  "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8,*/*;q=0.5"

/* Bodies are read in pieces of this size, and never more than one byte past the cap. */
#define READ_CHUNK_SIZE (64 * 1024)

/* The session's timeout cuts off a server that stays silent; a server that trickles a
 * byte now and then never trips it. So a whole fetch, redirects and body included, also
 * has a deadline of this many times the timeout: two minutes by default, plenty for a
 * 30 MB page on a slow line. The clock starts when the request leaves the session's
 * queue, so images waiting for a free connection do not use up their time.
 */
#define DEADLINE_FACTOR 4

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

/**
 * LecternFetcher:
 *
 * Downloads pages and images for the saver, through a #SoupSession that holds every
 * limit: a timeout, a size cap, at most 10 redirects, a connection limit overall and per
 * host (further requests wait in the session's queue), the system proxy, and cookies in
 * memory only. Only http and https are fetched. What comes back is checked by its bytes,
 * not only by its Content-Type, so a PDF, a video or an HTML error page passed off as an
 * image gives a clear error instead of a bad article.
 *
 * A page from the Internet must not use Lectern to reach into the user's computer or
 * network (a router's admin page, a service on localhost): whatever a server on a public
 * address leads to, by a redirect or as an image of its page, may only be fetched from a
 * public address too. The address checked is the one each connection is about to be made
 * to, after the name was resolved and before anything is sent, so a name that resolves
 * to 127.0.0.1 (or to a public address first and a private one later) gets nowhere.
 * Those fetches run on a session of their own, whose every connection was checked, so a
 * connection opened for the user's own fetch of a local address is never reused for
 * them. See lectern_fetcher_is_public_address().
 *
 * Use it from the thread that created it.
 */
struct _LecternFetcher
{
  GObject parent_instance;

  /* Owned */
  /* The user's own fetches, until a public server answers, and the images of pages from
   * this computer or its network.
   */
  SoupSession *session;
  /* Fetches that may reach public addresses only; every connection is checked as it is
   * made.
   */
  SoupSession *public_session;
  GPtrArray *public_addresses;
  guint64 max_body_size;
  guint64 max_image_size;
  guint timeout;
  guint max_connections;
  guint max_per_host;
};

G_DEFINE_FINAL_TYPE (LecternFetcher, lectern_fetcher, G_TYPE_OBJECT)

G_DEFINE_QUARK (lectern-fetcher-error-quark, lectern_fetcher_error)

G_DEFINE_ENUM_TYPE (LecternFetchKind, lectern_fetch_kind,
  G_DEFINE_ENUM_VALUE (LECTERN_FETCH_KIND_PAGE, "page"),
  G_DEFINE_ENUM_VALUE (LECTERN_FETCH_KIND_IMAGE, "image"))

enum {
  PROP_0,
  PROP_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  PROP_MAX_IMAGE_SIZE,
  PROP_MAX_CONNECTIONS,
  PROP_MAX_PER_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The state of one fetch, the task data of its GTask. */
typedef struct
{
  /* Borrowed: the task's source object. */
  LecternFetcher *self;

  /* Owned */
  /* Always an address lectern_url_from_uri () can write out: both the address asked for
   * and every redirect's are checked before they get here.
   */
  GUri *uri;
  GPtrArray *visited;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  GCancellable *cancellable;
  GCancellable *outer_cancellable;
  GSource *deadline;
  GMainContext *context;
  gulong outer_cancelled_id;
  gsize body_length;
  guint64 max_size;
  guint redirects;
  guint deadline_ms;
  LecternFetchKind kind;
  gboolean timed_out;
  /* Set once a public server answered, or from the start for a fetch on behalf of a
   * page from the Internet: the next requests may only go to public addresses.
   */
  gboolean public_only;
  /* A connection to an address that is not public was refused. */
  gboolean refused;
  /* The first request left the session's queue. */
  gboolean started;
  LecternFetchStartedFunc started_func;
  gpointer started_data;
  /* The last answer came from this computer or its local network. */
  gboolean local;
} Fetch;

/* Drops a response body without reading the rest of it. Closing a libsoup stream that is
 * not at its end would otherwise read (and throw away) everything left, which for an
 * endless or huge body never ends; with a cancelled cancellable the connection is simply
 * dropped.
 */
static void
discard_stream (GInputStream *stream)
{
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, cancelled, NULL, NULL);
  g_object_unref (stream);
}

static void
fetch_free (Fetch *fetch)
{
  if (fetch->outer_cancellable)
    g_cancellable_disconnect (fetch->outer_cancellable, fetch->outer_cancelled_id);
  g_clear_object (&fetch->outer_cancellable);

  if (fetch->deadline) {
    g_source_destroy (fetch->deadline);
    g_clear_pointer (&fetch->deadline, g_source_unref);
  }

  if (fetch->stream)
    discard_stream (g_steal_pointer (&fetch->stream));

  if (fetch->message)
    g_signal_handlers_disconnect_by_data (fetch->message, fetch);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->cancellable);
  g_clear_pointer (&fetch->context, g_main_context_unref);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_clear_pointer (&fetch->visited, g_ptr_array_unref);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_free (fetch);
}

static SoupSession *
session_new (LecternFetcher *self)
{
  return soup_session_new_with_options ("user-agent", USER_AGENT,
                                        "accept-language-auto", TRUE,
                                        "max-conns", self->max_connections,
                                        "max-conns-per-host", self->max_per_host,
                                        "timeout", self->timeout,
                                        "idle-timeout", self->timeout,
                                        NULL);
}

static void
lectern_fetcher_constructed (GObject *object)
{
  LecternFetcher *self = (LecternFetcher *)object;
  g_autoptr (SoupCookieJar) cookie_jar = NULL;

  G_OBJECT_CLASS (lectern_fetcher_parent_class)->constructed (object);

  /* accept-language-auto turns the user's languages into a header such as
   * "zh-cn, zh;q=0.9, en;q=0.8". The proxy resolver is left at its default, the system's.
   * The session's content decoder handles gzip and deflate, and brotli when libsoup was
   * built with it.
   */
  self->session = session_new (self);
  self->public_session = session_new (self);

  /* Cookies live in memory only, for consent pages and redirect dances, and are gone
   * when Lectern quits. Both sessions share them: a redirect dance that starts on one
   * goes on on the other.
   */
  cookie_jar = soup_cookie_jar_new ();
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (cookie_jar));
  soup_session_add_feature (self->public_session, SOUP_SESSION_FEATURE (cookie_jar));
}

static void
lectern_fetcher_dispose (GObject *object)
{
  LecternFetcher *self = (LecternFetcher *)object;

  if (self->session)
    soup_session_abort (self->session);
  if (self->public_session)
    soup_session_abort (self->public_session);
  g_clear_object (&self->session);
  g_clear_object (&self->public_session);
  g_clear_pointer (&self->public_addresses, g_ptr_array_unref);

  G_OBJECT_CLASS (lectern_fetcher_parent_class)->dispose (object);
}

static void
lectern_fetcher_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LecternFetcher *self = LECTERN_FETCHER (object);

  switch (prop_id) {
    case PROP_TIMEOUT:
      g_value_set_uint (value, lectern_fetcher_get_timeout (self));
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, lectern_fetcher_get_max_body_size (self));
      break;
    case PROP_MAX_IMAGE_SIZE:
      g_value_set_uint64 (value, lectern_fetcher_get_max_image_size (self));
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, lectern_fetcher_get_max_connections (self));
      break;
    case PROP_MAX_PER_HOST:
      g_value_set_uint (value, lectern_fetcher_get_max_per_host (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_fetcher_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LecternFetcher *self = LECTERN_FETCHER (object);

  switch (prop_id) {
    case PROP_TIMEOUT:
      lectern_fetcher_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BODY_SIZE:
      lectern_fetcher_set_max_body_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_IMAGE_SIZE:
      lectern_fetcher_set_max_image_size (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_CONNECTIONS:
      self->max_connections = g_value_get_uint (value);
      break;
    case PROP_MAX_PER_HOST:
      self->max_per_host = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lectern_fetcher_class_init (LecternFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lectern_fetcher_constructed;
  object_class->dispose = lectern_fetcher_dispose;
  object_class->get_property = lectern_fetcher_get_property;
  object_class->set_property = lectern_fetcher_set_property;

  /**
   * LecternFetcher:timeout:
   *
   * How many seconds a server may stay silent before the fetch fails; a whole fetch may
   * take four times as long. 0 means no limit.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, 3600, LECTERN_FETCHER_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternFetcher:max-body-size:
   *
   * The largest page, in bytes after decompression, that is downloaded. Reading stops
   * as soon as a page is larger.
   */
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL,
                         1, G_MAXUINT32, LECTERN_FETCHER_DEFAULT_MAX_BODY_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternFetcher:max-image-size:
   *
   * The largest image, in bytes, that is downloaded.
   */
  properties[PROP_MAX_IMAGE_SIZE] =
    g_param_spec_uint64 ("max-image-size", NULL, NULL,
                         1, G_MAXUINT32, LECTERN_FETCHER_DEFAULT_MAX_IMAGE_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternFetcher:max-connections:
   *
   * How many connections the fetcher opens at most; further requests wait their turn.
   */
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL,
                       1, 64, LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * LecternFetcher:max-per-host:
   *
   * How many connections the fetcher opens at most to one host.
   */
  properties[PROP_MAX_PER_HOST] =
    g_param_spec_uint ("max-per-host", NULL, NULL,
                       1, 64, LECTERN_FETCHER_DEFAULT_MAX_PER_HOST,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lectern_fetcher_init (LecternFetcher *self)
{
  self->timeout = LECTERN_FETCHER_DEFAULT_TIMEOUT;
  self->max_body_size = LECTERN_FETCHER_DEFAULT_MAX_BODY_SIZE;
  self->max_image_size = LECTERN_FETCHER_DEFAULT_MAX_IMAGE_SIZE;
  self->max_connections = LECTERN_FETCHER_DEFAULT_MAX_CONNECTIONS;
  self->max_per_host = LECTERN_FETCHER_DEFAULT_MAX_PER_HOST;
}

/**
 * lectern_fetcher_new:
 *
 * Returns: (transfer full): a new #LecternFetcher with the default limits
 */
LecternFetcher *
lectern_fetcher_new (void)
{
  return g_object_new (LECTERN_TYPE_FETCHER, NULL);
}

/**
 * lectern_fetcher_get_timeout:
 * @self: a #LecternFetcher
 *
 * Returns: the #LecternFetcher:timeout in seconds
 */
guint
lectern_fetcher_get_timeout (LecternFetcher *self)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), 0);

  return self->timeout;
}

/**
 * lectern_fetcher_set_timeout:
 * @self: a #LecternFetcher
 * @seconds: how long a server may stay silent; 0 for no limit
 *
 * Sets the #LecternFetcher:timeout. Fetches that have started keep their deadline.
 */
void
lectern_fetcher_set_timeout (LecternFetcher *self,
                             guint           seconds)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session)
    g_object_set (self->session, "timeout", seconds, "idle-timeout", seconds, NULL);
  if (self->public_session)
    g_object_set (self->public_session, "timeout", seconds, "idle-timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * lectern_fetcher_get_max_body_size:
 * @self: a #LecternFetcher
 *
 * Returns: the #LecternFetcher:max-body-size in bytes
 */
guint64
lectern_fetcher_get_max_body_size (LecternFetcher *self)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), 0);

  return self->max_body_size;
}

/**
 * lectern_fetcher_set_max_body_size:
 * @self: a #LecternFetcher
 * @max_body_size: the largest page in bytes, at least 1
 *
 * Sets the #LecternFetcher:max-body-size.
 */
void
lectern_fetcher_set_max_body_size (LecternFetcher *self,
                                   guint64         max_body_size)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (max_body_size > 0 && max_body_size <= G_MAXUINT32);

  if (self->max_body_size == max_body_size)
    return;

  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

/**
 * lectern_fetcher_get_max_image_size:
 * @self: a #LecternFetcher
 *
 * Returns: the #LecternFetcher:max-image-size in bytes
 */
guint64
lectern_fetcher_get_max_image_size (LecternFetcher *self)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), 0);

  return self->max_image_size;
}

/**
 * lectern_fetcher_set_max_image_size:
 * @self: a #LecternFetcher
 * @max_image_size: the largest image in bytes, at least 1
 *
 * Sets the #LecternFetcher:max-image-size.
 */
void
lectern_fetcher_set_max_image_size (LecternFetcher *self,
                                    guint64         max_image_size)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (max_image_size > 0 && max_image_size <= G_MAXUINT32);

  if (self->max_image_size == max_image_size)
    return;

  self->max_image_size = max_image_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IMAGE_SIZE]);
}

/**
 * lectern_fetcher_get_max_connections:
 * @self: a #LecternFetcher
 *
 * Returns: the #LecternFetcher:max-connections
 */
guint
lectern_fetcher_get_max_connections (LecternFetcher *self)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), 0);

  return self->max_connections;
}

/**
 * lectern_fetcher_get_max_per_host:
 * @self: a #LecternFetcher
 *
 * Returns: the #LecternFetcher:max-per-host
 */
guint
lectern_fetcher_get_max_per_host (LecternFetcher *self)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), 0);

  return self->max_per_host;
}

/* Whether an IPv4 address, in network order, is one a server on the Internet can have. */
static gboolean
is_public_ipv4 (const guint8 *b)
{
  return !(b[0] == 0 ||                                /* 0/8: this host, 0.0.0.0 */
           b[0] == 10 ||                               /* 10/8: private */
           (b[0] == 100 && (b[1] & 0xc0) == 64) ||     /* 100.64/10: carrier-grade NAT */
           b[0] == 127 ||                              /* 127/8: loopback */
           (b[0] == 169 && b[1] == 254) ||             /* 169.254/16: link-local */
           (b[0] == 172 && (b[1] & 0xf0) == 16) ||     /* 172.16/12: private */
           (b[0] == 192 && b[1] == 0 && b[2] == 0) ||  /* 192.0.0/24: IETF protocols */
           (b[0] == 192 && b[1] == 168) ||             /* 192.168/16: private */
           (b[0] == 198 && (b[1] & 0xfe) == 18) ||     /* 198.18/15: benchmarks */
           b[0] >= 224);                               /* multicast, reserved, broadcast */
}

/**
 * lectern_fetcher_is_public_address:
 * @address: an IPv4 or IPv6 address
 *
 * Tells whether @address can belong to a server on the Internet. Not public: the
 * unspecified address and 0.0.0.0/8, loopback (127/8, ::1), the private ranges (10/8,
 * 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), carrier-grade
 * NAT (100.64/10), multicast and the reserved ranges, and IPv6 addresses that carry one
 * of those IPv4 addresses (IPv4-mapped `::ffff:127.0.0.1`, IPv4-compatible, NAT64 and
 * 6to4).
 *
 * Returns: %TRUE if @address is public
 */
gboolean
lectern_fetcher_is_public_address (GInetAddress *address)
{
  const guint8 *b;
  static const guint8 zeros[12] = { 0 };
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  static const guint8 nat64[12] = { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  b = g_inet_address_to_bytes (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return is_public_ipv4 (b);

  /* These lead to an IPv4 address, which decides; "::" and "::1" are among them. */
  if (memcmp (b, zeros, 12) == 0 || memcmp (b, mapped, 12) == 0 || memcmp (b, nat64, 12) == 0)
    return is_public_ipv4 (b + 12);
  if (b[0] == 0x20 && b[1] == 0x02)                    /* 2002::/16: 6to4 */
    return is_public_ipv4 (b + 2);

  return !((b[0] & 0xfe) == 0xfc ||                    /* fc00::/7: unique local */
           (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||  /* fe80::/10: link-local */
           (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||  /* fec0::/10: site-local */
           b[0] == 0xff);                              /* ff00::/8: multicast */
}

static gboolean
is_public (LecternFetcher *self,
           GInetAddress   *address)
{
  for (guint i = 0; self->public_addresses && i < self->public_addresses->len; i++) {
    if (g_inet_address_equal (address, g_ptr_array_index (self->public_addresses, i)))
      return TRUE;
  }

  return lectern_fetcher_is_public_address (address);
}

/* Whether a connection to @address reaches a public server. Through a proxy only the
 * proxy knows where a name leads, and its own address says nothing, so only an address
 * written out in the URL is checked then. Anything that is not an IP address (a Unix
 * socket from a strange proxy setting) counts as local.
 */
static gboolean
is_public_socket_address (LecternFetcher *self,
                          GSocketAddress *address)
{
  if (G_IS_PROXY_ADDRESS (address)) {
    const char *host = g_proxy_address_get_destination_hostname (G_PROXY_ADDRESS (address));
    g_autofree char *bare = NULL;
    g_autoptr (GInetAddress) literal = NULL;

    if (!host)
      return TRUE;

    bare = host[0] == '[' ? g_strndup (host + 1, strcspn (host + 1, "]")) : g_strdup (host);
    literal = g_inet_address_new_from_string (bare);
    return !literal || is_public (self, literal);
  }

  if (G_IS_INET_SOCKET_ADDRESS (address))
    return is_public (self,
                      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));

  return FALSE;
}

void
_lectern_fetcher_add_public_address (LecternFetcher *self,
                                     const char     *address)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);

  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (inet != NULL);

  if (!self->public_addresses)
    self->public_addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->public_addresses, g_steal_pointer (&inet));
}

/* The host as a reader would recognise it, for messages. */
static char *
dup_display_host (GUri *uri)
{
  char *host = lectern_url_dup_display_host (uri);

  return host ? host : g_strdup (g_uri_get_scheme (uri));
}

static char *
format_size (guint64 size)
{
  if (size >= MIB && size % MIB == 0)
    return g_strdup_printf (_("%u MB"), (guint)(size / MIB));
  if (size >= 1024 && size % 1024 == 0)
    return g_strdup_printf (_("%u KB"), (guint)(size / 1024));
  return g_format_size (size);
}

static GError *
too_large_error_new (Fetch *fetch)
{
  g_autofree char *size = format_size (fetch->max_size);
  g_autofree char *uri = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);

  g_debug ("%s is larger than the cap of %" G_GUINT64_FORMAT " bytes", uri, fetch->max_size);

  if (fetch->kind == LECTERN_FETCH_KIND_IMAGE)
    return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_TOO_LARGE,
                        _("The image is larger than %s"), size);
  return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_TOO_LARGE,
                      _("The page is larger than %s"), size);
}

static GError *
timeout_error_new (Fetch *fetch)
{
  g_autofree char *host = dup_display_host (fetch->uri);

  return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_TIMEOUT,
                      _("%s took too long to answer"), host);
}

static GError *
not_public_error_new (Fetch *fetch)
{
  if (fetch->kind == LECTERN_FETCH_KIND_IMAGE)
    return g_error_new_literal (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_PUBLIC,
                                _("A page from the Internet may not load images from this "
                                  "computer or its local network"));

  /* Only a redirect can lead a page there: the user's own address is always fetched. */
  return g_error_new_literal (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_PUBLIC,
                              _("The page redirects to this computer or its local network"));
}

/* Turns a libsoup, GIO, resolver or TLS error into one a reader understands. */
static GError *
network_error_new (Fetch        *fetch,
                   const GError *error)
{
  g_autofree char *host = dup_display_host (fetch->uri);
  g_autofree char *uri = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);

  g_debug ("Fetching %s failed: %s (%s %d)", uri, error->message,
           g_quark_to_string (error->domain), error->code);

  if (fetch->refused)
    return not_public_error_new (fetch);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    if (fetch->timed_out)
      return timeout_error_new (fetch);
    return g_error_copy (error);
  }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return timeout_error_new (fetch);

  if (error->domain == G_TLS_ERROR) {
    if (error->code == G_TLS_ERROR_BAD_CERTIFICATE)
      return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                          _("The security certificate of %s is not valid"), host);
    return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                        _("The secure connection to %s failed"), host);
  }

  if (error->domain == G_IO_ERROR) {
    switch (error->code) {
      case G_IO_ERROR_CONNECTION_CLOSED:
      case G_IO_ERROR_PARTIAL_INPUT:
      case G_IO_ERROR_NOT_CONNECTED:
        return g_error_new_literal (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                                    _("The connection was cut off"));
      case G_IO_ERROR_PROXY_FAILED:
      case G_IO_ERROR_PROXY_AUTH_FAILED:
      case G_IO_ERROR_PROXY_NEED_AUTH:
      case G_IO_ERROR_PROXY_NOT_ALLOWED:
        return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                            _("The proxy server would not connect to %s"), host);
      case G_IO_ERROR_INVALID_DATA:
        return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                            _("%s sent an answer that cannot be read"), host);
      default:
        break;
    }
  }

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                        _("%s sent an answer that cannot be read"), host);

  /* Resolver errors, refused connections, unreachable hosts and networks. */
  return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NETWORK,
                      _("Could not reach %s"), host);
}

static GError *
http_status_error_new (Fetch *fetch,
                       guint  status)
{
  g_autofree char *uri = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);
  const char *phrase = soup_status_get_phrase (status);

  g_debug ("%s answered %u %s", uri, status,
           soup_message_get_reason_phrase (fetch->message));

  /* The phrase comes from libsoup's table, never from the server, which could send
   * anything. An unknown code only shows its number.
   */
  if (!phrase || g_str_equal (phrase, "Unknown Error"))
    return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_HTTP_STATUS,
                        _("The server answered %u"), status);
  return g_error_new (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_HTTP_STATUS,
                      _("The server answered %u %s"), status, phrase);
}

static gboolean
fetch_deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  /* The pending operation fails as cancelled, and this flag turns that into a timeout. */
  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);
  return G_SOURCE_REMOVE;
}

/* Starts the deadline of the whole fetch, once, when its first request leaves the queue,
 * and tells whoever asked to know.
 */
static void
fetch_start_deadline (Fetch *fetch)
{
  if (fetch->started)
    return;

  fetch->started = TRUE;
  if (fetch->started_func)
    fetch->started_func (fetch->started_data);

  if (fetch->deadline_ms == 0)
    return;

  fetch->deadline = g_timeout_source_new (fetch->deadline_ms);
  g_source_set_callback (fetch->deadline, fetch_deadline_cb, fetch, NULL);
  g_source_set_static_name (fetch->deadline, "[lectern] fetch deadline");
  g_source_attach (fetch->deadline, fetch->context);
}

static void
fetch_message_starting_cb (SoupMessage *message,
                           gpointer     user_data)
{
  fetch_start_deadline (user_data);
}

/* Refuses a connection about to be made to an address that is not public, for a fetch
 * that may only reach public ones. GSocketClient knows the address it connects to when it
 * reports G_SOCKET_CLIENT_CONNECTING, just before it calls connect (): the socket is
 * closed there, so nothing at all reaches that address, and the fetch is cancelled.
 */
static void
fetch_check_connection (Fetch             *fetch,
                        GSocketConnection *connection)
{
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  if (!fetch->public_only)
    return;

  address = g_socket_connection_get_remote_address (connection, &error);
  if (address && is_public_socket_address (fetch->self, address))
    return;

  if (address && G_IS_INET_SOCKET_ADDRESS (address)) {
    g_autofree char *text = NULL;

    text = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
    g_debug ("Refusing to connect to %s for %s: it is not a public address", text,
             g_uri_get_host (fetch->uri));
  } else {
    g_debug ("Refusing a connection for %s whose address is unknown: %s",
             g_uri_get_host (fetch->uri), error ? error->message : "not an IP address");
  }

  fetch->refused = TRUE;
  g_socket_close (g_socket_connection_get_socket (connection), NULL);
  g_cancellable_cancel (fetch->cancellable);
}

/* A new connection reports its first event (resolving the host name) before the
 * message starts; a hung name server is covered by the deadline too.
 */
static void
fetch_message_network_event_cb (SoupMessage        *message,
                                GSocketClientEvent  event,
                                GIOStream          *connection,
                                gpointer            user_data)
{
  Fetch *fetch = user_data;

  fetch_start_deadline (fetch);

  if (event == G_SOCKET_CLIENT_CONNECTING && G_IS_SOCKET_CONNECTION (connection))
    fetch_check_connection (fetch, G_SOCKET_CONNECTION (connection));
}

static void
fetch_outer_cancelled_cb (GCancellable *outer,
                          gpointer      user_data)
{
  Fetch *fetch = user_data;

  g_cancellable_cancel (fetch->cancellable);
}

/* Whether @type is something other than a page, whatever the headers say. */
static gboolean
is_sniffed_non_page (const char *type)
{
  return !g_str_equal (type, "text/html") &&
         !g_str_equal (type, "text/plain") &&
         !g_str_equal (type, "application/xml") &&
         !g_str_equal (type, "application/octet-stream");
}

/* Whether a Content-Type says nothing about the content. */
static gboolean
is_generic_type (const char *type)
{
  static const char * const generic[] = {
    "application/octet-stream",
    "binary/octet-stream",
    "application/binary",
    "application/unknown",
    "application/x-unknown",
    "unknown/unknown",
    "application/x-download",
    "application/force-download",
    "*/*",
  };
  gsize i;

  if (!type)
    return TRUE;

  for (i = 0; i < G_N_ELEMENTS (generic); i++) {
    if (g_str_equal (type, generic[i]))
      return TRUE;
  }

  return FALSE;
}

static gboolean
is_feed_type (const char *type)
{
  return g_strcmp0 (type, "application/rss+xml") == 0 ||
         g_strcmp0 (type, "application/atom+xml") == 0 ||
         g_strcmp0 (type, "application/rdf+xml") == 0 ||
         g_strcmp0 (type, "application/feed+json") == 0;
}

/* Whether a text/ type can be read as an article in plain text. */
static gboolean
is_readable_text_type (const char *type)
{
  return g_str_has_prefix (type, "text/") &&
         !g_str_equal (type, "text/xml") &&
         !g_str_equal (type, "text/css") &&
         !g_str_equal (type, "text/javascript") &&
         !g_str_equal (type, "text/ecmascript") &&
         !g_str_equal (type, "text/calendar") &&
         !g_str_equal (type, "text/vcard");
}

static GError *
not_a_page_error_new (const char *type)
{
  const char *message;

  if (g_strcmp0 (type, "application/pdf") == 0)
    message = _("This link is a PDF document, not a web page");
  else if (type && g_str_has_prefix (type, "image/"))
    message = _("This link is an image, not a web page");
  else if (type && g_str_has_prefix (type, "video/"))
    message = _("This link is a video, not a web page");
  else if (type && g_str_has_prefix (type, "audio/"))
    message = _("This link is an audio file, not a web page");
  else if (is_feed_type (type))
    message = _("This link is a news feed, not a web page");
  else
    message = _("This link is a file to download, not a web page");

  return g_error_new_literal (LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_A_PAGE, message);
}

static LecternFetchResult *
fetch_classify (Fetch   *fetch,
                GBytes  *body,
                GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  g_autoptr (GHashTable) parameters = NULL;
  g_autofree char *uri = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);
  g_autofree char *declared = NULL;
  const guint8 *data;
  const char *header_type;
  const char *sniffed;
  const char *charset = NULL;
  guint status = soup_message_get_status (fetch->message);
  gsize length;

  data = g_bytes_get_data (body, &length);

  if (fetch->kind == LECTERN_FETCH_KIND_IMAGE) {
    const char *image_type = lectern_sniff_image (data, length);

    if (!image_type) {
      g_debug ("%s is not a raster image but %s", uri,
               length > 0 ? lectern_sniff_document (data, length) : "empty");
      g_set_error_literal (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_AN_IMAGE,
                           _("This link is not an image"));
      return NULL;
    }

    return lectern_fetch_result_new (uri, status, LECTERN_FETCH_CONTENT_IMAGE, image_type,
                                     NULL, body);
  }

  if (length == 0) {
    g_debug ("%s has an empty body", uri);
    g_set_error_literal (error, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_NOT_A_PAGE,
                         _("The page is empty"));
    return NULL;
  }

  header_type = soup_message_headers_get_content_type (headers, &parameters);
  if (header_type)
    declared = g_ascii_strdown (header_type, -1);
  if (parameters)
    charset = g_hash_table_lookup (parameters, "charset");
  if (charset && *charset == '\0')
    charset = NULL;

  sniffed = lectern_sniff_document (data, length);
  g_debug ("%s: Content-Type %s, charset %s, bytes look like %s",
           uri, declared ? declared : "(none)", charset ? charset : "(none)", sniffed);

  /* Signatures win over headers: a PDF labelled text/html is still a PDF. */
  if (is_sniffed_non_page (sniffed)) {
    g_propagate_error (error, not_a_page_error_new (sniffed));
    return NULL;
  }

  if (g_strcmp0 (declared, "text/html") == 0 ||
      g_strcmp0 (declared, "application/xhtml+xml") == 0)
    return lectern_fetch_result_new (uri, status, LECTERN_FETCH_CONTENT_HTML, declared,
                                     charset, body);

  /* A missing or wrong Content-Type on bytes that are plainly HTML. */
  if (g_str_equal (sniffed, "text/html"))
    return lectern_fetch_result_new (uri, status, LECTERN_FETCH_CONTENT_HTML, "text/html",
                                     charset, body);

  if (g_str_equal (sniffed, "text/plain")) {
    if (declared && is_readable_text_type (declared))
      return lectern_fetch_result_new (uri, status, LECTERN_FETCH_CONTENT_TEXT, declared,
                                       charset, body);
    if (is_generic_type (declared))
      return lectern_fetch_result_new (uri, status, LECTERN_FETCH_CONTENT_TEXT, "text/plain",
                                       charset, body);
  }

  g_propagate_error (error, not_a_page_error_new (is_generic_type (declared) ? sniffed : declared));
  return NULL;
}

static void fetch_send (GTask *task);

/* Classifies the whole body and completes the fetch. Takes the reference on @owned_task. */
static void
fetch_finish_body (GTask *owned_task)
{
  g_autoptr (GTask) task = owned_task;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  LecternFetchResult *result;

  if (fetch->stream)
    discard_stream (g_steal_pointer (&fetch->stream));

  g_byte_array_set_size (fetch->body, fetch->body_length);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));

  result = fetch_classify (fetch, body, &error);
  if (!result) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }

  _lectern_fetch_result_set_local (result, fetch->local);

  g_task_return_pointer (task, result, (GDestroyNotify)lectern_fetch_result_unref);
}

static void fetch_read (GTask *task);

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  Fetch *fetch = g_task_get_task_data (task);
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0) {
    g_task_return_error (task, network_error_new (fetch, error));
    return;
  }

  fetch->body_length += n_read;
  g_byte_array_set_size (fetch->body, fetch->body_length);

  if (fetch->body_length > fetch->max_size) {
    g_task_return_error (task, too_large_error_new (fetch));
    return;
  }

  if (n_read == 0) {
    fetch_finish_body (g_steal_pointer (&task));
    return;
  }

  fetch_read (g_steal_pointer (&task));
}

/* Reads the next piece of the body, asking for no more than one byte past the cap, so a
 * body over the cap is noticed without ever being held whole.
 */
static void
fetch_read (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  gsize want;

  g_assert (fetch->body_length <= fetch->max_size);

  want = (gsize)MIN ((guint64)READ_CHUNK_SIZE, fetch->max_size + 1 - fetch->body_length);
  g_byte_array_set_size (fetch->body, fetch->body_length + want);

  g_input_stream_read_async (fetch->stream,
                             fetch->body->data + fetch->body_length,
                             want,
                             G_PRIORITY_DEFAULT,
                             fetch->cancellable,
                             fetch_read_cb,
                             task);
}

static gboolean
is_followed_redirect (guint status)
{
  return status == SOUP_STATUS_MULTIPLE_CHOICES ||
         status == SOUP_STATUS_MOVED_PERMANENTLY ||
         status == SOUP_STATUS_FOUND ||
         status == SOUP_STATUS_SEE_OTHER ||
         status == SOUP_STATUS_TEMPORARY_REDIRECT ||
         status == SOUP_STATUS_PERMANENT_REDIRECT;
}

static gboolean
was_visited (Fetch      *fetch,
             const char *uri)
{
  guint i;

  for (i = 0; i < fetch->visited->len; i++) {
    if (g_str_equal (g_ptr_array_index (fetch->visited, i), uri))
      return TRUE;
  }

  return FALSE;
}

/* Follows a redirect to @location, or says why not. Takes the reference on @owned_task. */
static void
fetch_redirect (GTask      *owned_task,
                const char *location)
{
  g_autoptr (GTask) task = owned_task;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GUri) target = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *from = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);
  g_autofree char *target_string = NULL;
  const char *scheme;

  target = g_uri_parse_relative (fetch->uri, location,
                                 SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED, &error);
  if (!target) {
    g_debug ("%s redirects to an invalid address “%s”: %s", from, location, error->message);
    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL,
                             _("The page redirects to an address that is not valid"));
    return;
  }

  scheme = g_uri_get_scheme (target);
  if (!lectern_url_scheme_is_web (scheme)) {
    g_debug ("%s redirects to the %s: address “%s”", from, scheme, location);
    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME,
                             _("The page redirects to an address Lectern cannot open"));
    return;
  }

  if (!g_uri_get_host (target) || *g_uri_get_host (target) == '\0') {
    g_debug ("%s redirects to “%s”, which has no host", from, location);
    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL,
                             _("The page redirects to an address that is not valid"));
    return;
  }

  /* A host followed by ";x/…" parses, but is no address: nothing could be sent to it. */
  target_string = lectern_url_from_uri (target, G_URI_HIDE_FRAGMENT);
  if (!target_string) {
    g_debug ("%s redirects to “%s”, which cannot be written as an address", from, location);
    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL,
                             _("The page redirects to an address that is not valid"));
    return;
  }

  fetch->redirects++;
  if (fetch->redirects > LECTERN_FETCHER_MAX_REDIRECTS) {
    gboolean loop = was_visited (fetch, target_string);

    g_debug ("%s redirects to %s, redirect %u%s", from, target_string, fetch->redirects,
             loop ? ", which was visited before" : "");
    if (loop)
      g_task_return_new_error (task, LECTERN_FETCHER_ERROR,
                               LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS,
                               _("The page redirects in a loop"));
    else
      g_task_return_new_error (task, LECTERN_FETCHER_ERROR,
                               LECTERN_FETCHER_ERROR_TOO_MANY_REDIRECTS,
                               _("The page redirects too many times"));
    return;
  }

  g_debug ("%s redirects to %s", from, target_string);
  g_uri_unref (fetch->uri);
  fetch->uri = g_steal_pointer (&target);
  fetch_send (g_steal_pointer (&task));
}

static void
fetch_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GSocketAddress *remote;
  const char *location;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (!stream) {
    g_task_return_error (task, network_error_new (fetch, error));
    return;
  }

  /* Where this answer came from decides where the next request may go: once a public
   * server had its say, only public addresses. Every connection a public-only request can
   * use was checked as it was made; this is a second look.
   */
  remote = soup_message_get_remote_address (fetch->message);
  fetch->local = remote && !is_public_socket_address (fetch->self, remote);
  if (fetch->local && fetch->public_only) {
    g_debug ("%s answered from an address that is not public", g_uri_get_host (fetch->uri));
    discard_stream (g_steal_pointer (&stream));
    g_task_return_error (task, not_public_error_new (fetch));
    return;
  }
  if (!fetch->local)
    fetch->public_only = TRUE;

  status = soup_message_get_status (fetch->message);
  headers = soup_message_get_response_headers (fetch->message);
  location = soup_message_headers_get_one (headers, "Location");

  if (is_followed_redirect (status) && location && *location != '\0') {
    discard_stream (g_steal_pointer (&stream));
    fetch_redirect (g_steal_pointer (&task), location);
    return;
  }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status)) {
    discard_stream (g_steal_pointer (&stream));
    g_task_return_error (task, http_status_error_new (fetch, status));
    return;
  }

  /* A declared length over the cap fails at once. With a Content-Encoding the length is
   * that of the compressed body, so only the reading below can tell.
   */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      !soup_message_headers_get_one (headers, "Content-Encoding") &&
      (guint64)soup_message_headers_get_content_length (headers) > fetch->max_size) {
    g_debug ("Content-Length: %" G_GINT64_FORMAT " is over the cap",
             soup_message_headers_get_content_length (headers));
    discard_stream (g_steal_pointer (&stream));
    g_task_return_error (task, too_large_error_new (fetch));
    return;
  }

  fetch->stream = g_steal_pointer (&stream);
  fetch->body = g_byte_array_new ();
  fetch->body_length = 0;
  fetch_read (g_steal_pointer (&task));
}

/* Sends the request for fetch->uri. Takes the reference on @task. */
static void
fetch_send (GTask *task)
{
  LecternFetcher *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_ptr_array_add (fetch->visited, lectern_url_from_uri (fetch->uri, G_URI_HIDE_FRAGMENT));

  /* Redirects are followed here rather than by libsoup, to count them, to refuse one to
   * a scheme other than http(s), and to tell a loop from a long chain.
   */
  if (fetch->message)
    g_signal_handlers_disconnect_by_data (fetch->message, fetch);
  g_clear_object (&fetch->message);
  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);
  soup_message_add_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (fetch->message, "starting",
                    G_CALLBACK (fetch_message_starting_cb), fetch);
  g_signal_connect (fetch->message, "network-event",
                    G_CALLBACK (fetch_message_network_event_cb), fetch);

  headers = soup_message_get_request_headers (fetch->message);
  soup_message_headers_replace (headers, "Accept",
                                fetch->kind == LECTERN_FETCH_KIND_IMAGE ? IMAGE_ACCEPT
                                                                        : PAGE_ACCEPT);

  soup_session_send_async (fetch->public_only ? self->public_session : self->session,
                           fetch->message,
                           G_PRIORITY_DEFAULT,
                           fetch->cancellable,
                           fetch_send_cb,
                           task);
}

static void
fetch_start (LecternFetcher          *self,
             const char              *url,
             LecternFetchKind         kind,
             gboolean                 public_only,
             LecternFetchStartedFunc  started_func,
             gpointer                 started_data,
             GCancellable            *cancellable,
             GAsyncReadyCallback      callback,
             gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *written = NULL;
  Fetch *fetch;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lectern_fetcher_fetch_async);
  g_task_set_name (task, "[lectern] fetch");

  if (!lectern_url_is_fetchable (url, &error)) {
    LecternFetcherError code = g_error_matches (error, LECTERN_URL_ERROR,
                                                LECTERN_URL_ERROR_UNSUPPORTED_SCHEME)
                               ? LECTERN_FETCHER_ERROR_UNSUPPORTED_SCHEME
                               : LECTERN_FETCHER_ERROR_INVALID_URL;

    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, code, "%s", error->message);
    return;
  }

  fetch = g_new0 (Fetch, 1);
  fetch->self = self;
  fetch->kind = kind;
  fetch->public_only = public_only;
  fetch->started_func = started_func;
  fetch->started_data = started_data;
  fetch->max_size = kind == LECTERN_FETCH_KIND_IMAGE ? self->max_image_size : self->max_body_size;
  fetch->visited = g_ptr_array_new_with_free_func (g_free);
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify)fetch_free);

  stripped = g_strstrip (g_strdup (url));
  fetch->uri = g_uri_parse (stripped, SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED, &error);
  if (fetch->uri)
    written = lectern_url_from_uri (fetch->uri, G_URI_HIDE_NONE);
  if (!written) {
    g_debug ("Cannot fetch “%s”: %s", url, error ? error->message : "cannot be written");
    g_task_return_new_error (task, LECTERN_FETCHER_ERROR, LECTERN_FETCHER_ERROR_INVALID_URL,
                             _("This is not a valid web address"));
    return;
  }

  if (cancellable) {
    fetch->outer_cancellable = g_object_ref (cancellable);
    fetch->outer_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (fetch_outer_cancelled_cb),
                                                       fetch, NULL);
  }

  fetch->context = g_main_context_ref (g_task_get_context (task));
  fetch->deadline_ms = self->timeout * DEADLINE_FACTOR * 1000;

  fetch_send (g_steal_pointer (&task));
}


/**
 * lectern_fetcher_fetch_async:
 * @self: a #LecternFetcher
 * @url: an http or https address
 * @kind: whether @url should be a page or an image
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the fetch is done
 * @user_data: data for @callback
 *
 * Downloads @url, following up to 10 redirects, and checks what came back: for
 * %LECTERN_FETCH_KIND_PAGE an HTML or XHTML page or plain text, for
 * %LECTERN_FETCH_KIND_IMAGE a raster image. The body is capped by
 * #LecternFetcher:max-body-size or #LecternFetcher:max-image-size, and the fetch by
 * #LecternFetcher:timeout.
 *
 * This is for an address the user gave: it may be on this computer or its local
 * network. Once a server on a public address answers, though, its redirects may only
 * lead to public addresses (%LECTERN_FETCHER_ERROR_NOT_PUBLIC otherwise), and
 * lectern_fetch_result_get_local() tells where the content came from in the end.
 *
 * Call lectern_fetcher_fetch_finish() in @callback.
 */
void
lectern_fetcher_fetch_async (LecternFetcher      *self,
                             const char          *url,
                             LecternFetchKind     kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (kind == LECTERN_FETCH_KIND_PAGE || kind == LECTERN_FETCH_KIND_IMAGE);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  fetch_start (self, url, kind, FALSE, NULL, NULL, cancellable, callback, user_data);
}

/**
 * lectern_fetcher_fetch_public_async:
 * @self: a #LecternFetcher
 * @url: an http or https address
 * @kind: whether @url should be a page or an image
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the fetch is done
 * @user_data: data for @callback
 *
 * Does what lectern_fetcher_fetch_async() does, for something a page from the Internet
 * asks for (its images): neither @url nor any redirect may lead to an address that is
 * not public (see lectern_fetcher_is_public_address()). The address each connection is
 * about to be made to is checked, after the host name was resolved; such a connection is
 * never made, and the fetch fails with %LECTERN_FETCHER_ERROR_NOT_PUBLIC.
 *
 * Call lectern_fetcher_fetch_finish() in @callback.
 */
void
lectern_fetcher_fetch_public_async (LecternFetcher      *self,
                                    const char          *url,
                                    LecternFetchKind     kind,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (kind == LECTERN_FETCH_KIND_PAGE || kind == LECTERN_FETCH_KIND_IMAGE);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  fetch_start (self, url, kind, TRUE, NULL, NULL, cancellable, callback, user_data);
}

void
_lectern_fetcher_fetch_page_async (LecternFetcher          *self,
                                   const char              *url,
                                   LecternFetchStartedFunc  started_func,
                                   gpointer                 started_data,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  g_return_if_fail (LECTERN_IS_FETCHER (self));
  g_return_if_fail (url != NULL);

  fetch_start (self, url, LECTERN_FETCH_KIND_PAGE, FALSE, started_func, started_data,
               cancellable, callback, user_data);
}

/**
 * lectern_fetcher_fetch_finish:
 * @self: a #LecternFetcher
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #LecternFetcherError, or %G_IO_ERROR_CANCELLED
 *
 * Finishes lectern_fetcher_fetch_async().
 *
 * Returns: (transfer full) (nullable): what was fetched, or %NULL with @error set; its
 *   message is meant for the reader
 */
LecternFetchResult *
lectern_fetcher_fetch_finish (LecternFetcher  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (LECTERN_IS_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lectern_fetcher_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
