/* terra-rate-limiter.c — token buckets per client address or API key
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bucket is refilled lazily when it is used, so an idle key costs
 * nothing but its table entry; entries of buckets that would be full again
 * are dropped when the table grows, which keeps it bounded however many
 * addresses knock.
 */
#define G_LOG_DOMAIN "terra-server"

#include "config.h"

#include <math.h>

#include "terra-rate-limiter.h"

/* Past this many keys, full buckets are dropped; a flood of distinct
 * addresses beyond it only resets the limits, it never eats memory. */
#define MAX_BUCKETS 65536

typedef struct
{
  double tokens;
  gint64 updated_us;
} Bucket;

struct _TerraRateLimiter
{
  GMutex      mutex;
  double      rate;   /* tokens a second; 0 for no limit */
  double      burst;
  GHashTable *buckets; /* char* → Bucket* */
};

TerraRateLimiter *
terra_rate_limiter_new (double rate_per_second,
                        double burst)
{
  TerraRateLimiter *self = g_new0 (TerraRateLimiter, 1);

  g_mutex_init (&self->mutex);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  terra_rate_limiter_set_rate (self, rate_per_second, burst);
  return self;
}

void
terra_rate_limiter_free (TerraRateLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->buckets);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
terra_rate_limiter_set_rate (TerraRateLimiter *self,
                             double            rate_per_second,
                             double            burst)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->rate = MAX (rate_per_second, 0.0);
  self->burst = MAX (burst, 1.0);
  g_hash_table_remove_all (self->buckets);
  g_mutex_unlock (&self->mutex);
}

gboolean
terra_rate_limiter_is_limited (TerraRateLimiter *self)
{
  gboolean limited;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  limited = self->rate > 0.0;
  g_mutex_unlock (&self->mutex);
  return limited;
}

static double
refilled (TerraRateLimiter *self,
          const Bucket     *bucket,
          gint64            now_us)
{
  double elapsed = (double)MAX (now_us - bucket->updated_us, 0) / G_USEC_PER_SEC;

  return MIN (self->burst, bucket->tokens + elapsed * self->rate);
}

static void
prune (TerraRateLimiter *self,
       gint64            now_us)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (refilled (self, value, now_us) >= self->burst)
      g_hash_table_iter_remove (&iter);

  if (g_hash_table_size (self->buckets) >= MAX_BUCKETS)
    g_hash_table_remove_all (self->buckets);
}

gboolean
terra_rate_limiter_take (TerraRateLimiter *self,
                         const char       *key,
                         gint64            now_us,
                         guint            *retry_after)
{
  Bucket *bucket;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  g_mutex_lock (&self->mutex);

  if (self->rate <= 0.0)
    {
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      if (g_hash_table_size (self->buckets) >= MAX_BUCKETS)
        prune (self, now_us);
      bucket = g_new (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->updated_us = now_us;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  bucket->tokens = refilled (self, bucket, now_us);
  bucket->updated_us = MAX (now_us, bucket->updated_us);
  ok = bucket->tokens >= 1.0;
  if (ok)
    bucket->tokens -= 1.0;
  else if (retry_after != NULL)
    *retry_after = (guint)MAX (1.0, ceil ((1.0 - bucket->tokens) / self->rate));

  g_mutex_unlock (&self->mutex);
  return ok;
}

guint
terra_rate_limiter_get_size (TerraRateLimiter *self)
{
  guint size;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  size = g_hash_table_size (self->buckets);
  g_mutex_unlock (&self->mutex);
  return size;
}
