/* lectern-test-resolver.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lectern-test-resolver.h"

/**
 * LecternTestResolver:
 *
 * A name server for tests: it knows the names it was given, each with one address, and
 * no other. Set as the default resolver, it lets a test give a name of its own to an
 * address (say one on this computer) without depending on /etc/hosts.
 */
struct _LecternTestResolver
{
  GResolver parent_instance;

  /* Owned: name → GInetAddress */
  GHashTable *names;
};

G_DEFINE_FINAL_TYPE (LecternTestResolver, lectern_test_resolver, G_TYPE_RESOLVER)

static GList *
lookup (LecternTestResolver       *self,
        const char                *hostname,
        GResolverNameLookupFlags   flags,
        GError                   **error)
{
  GInetAddress *address = g_hash_table_lookup (self->names, hostname);
  GSocketFamily family = address ? g_inet_address_get_family (address) : G_SOCKET_FAMILY_INVALID;

  if (!address ||
      ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) && family != G_SOCKET_FAMILY_IPV4) ||
      ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) && family != G_SOCKET_FAMILY_IPV6)) {
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No address for %s",
                 hostname);
    return NULL;
  }

  return g_list_append (NULL, g_object_ref (address));
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  return lookup (LECTERN_TEST_RESOLVER (resolver), hostname, flags, error);
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup (LECTERN_TEST_RESOLVER (resolver), hostname,
                 G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr (GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  GList *addresses;

  addresses = lookup (LECTERN_TEST_RESOLVER (resolver), hostname, flags, &error);
  if (addresses)
    g_task_return_pointer (task, addresses, (GDestroyNotify)g_resolver_free_addresses);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lectern_test_resolver_finalize (GObject *object)
{
  LecternTestResolver *self = LECTERN_TEST_RESOLVER (object);

  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (lectern_test_resolver_parent_class)->finalize (object);
}

static void
lectern_test_resolver_class_init (LecternTestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = lectern_test_resolver_finalize;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
}

static void
lectern_test_resolver_init (LecternTestResolver *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * lectern_test_resolver_new:
 * @first_name: a host name
 * @...: its address in text, then more names and addresses, then %NULL
 *
 * Returns: (transfer full): a resolver that knows these names only
 */
GResolver *
lectern_test_resolver_new (const char *first_name,
                           ...)
{
  LecternTestResolver *self = g_object_new (LECTERN_TYPE_TEST_RESOLVER, NULL);
  const char *name = first_name;
  va_list ap;

  va_start (ap, first_name);
  while (name) {
    const char *address = va_arg (ap, const char *);
    GInetAddress *inet = g_inet_address_new_from_string (address);

    g_assert (inet != NULL);
    g_hash_table_insert (self->names, g_strdup (name), inet);
    name = va_arg (ap, const char *);
  }
  va_end (ap);

  return G_RESOLVER (self);
}
