/* terra-rate-limiter.h — token buckets per client address or API key
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each key (a client address, an API key's fingerprint) has a bucket that
 * holds up to `burst` tokens and refills at `rate` tokens a second; a
 * request takes one. An empty bucket says how long to wait, which the server
 * sends as Retry-After with a 429. Safe to use from any thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TerraRateLimiter TerraRateLimiter;

/* A rate of 0 means no limit. */
TerraRateLimiter *terra_rate_limiter_new      (double            rate_per_second,
                                               double            burst);
void              terra_rate_limiter_free     (TerraRateLimiter *self);
void              terra_rate_limiter_set_rate (TerraRateLimiter *self,
                                               double            rate_per_second,
                                               double            burst);
gboolean          terra_rate_limiter_is_limited (TerraRateLimiter *self);

/* Takes a token from @key's bucket at monotonic time @now_us. Returns
 * FALSE when there is none, with the whole seconds until there is one in
 * @retry_after (at least 1). */
gboolean          terra_rate_limiter_take     (TerraRateLimiter *self,
                                               const char       *key,
                                               gint64            now_us,
                                               guint            *retry_after);

/* How many keys have a bucket (tests check that the table stays bounded). */
guint             terra_rate_limiter_get_size (TerraRateLimiter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraRateLimiter, terra_rate_limiter_free)

G_END_DECLS
