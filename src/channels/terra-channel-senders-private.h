/* terra-channel-senders-private.h — what the channel adapters share
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Twilio, WhatsApp Cloud and Telegram adapters each have two halves:
 * a webhook half on the server thread (verify, parse, ingest, answer) and
 * a send half on the outbox thread (one HTTP request to the provider).
 * These helpers are the pieces both halves of every adapter need, so each
 * adapter file holds only its provider's own rules.
 */
#pragma once

#include <libsoup/soup.h>

#include "terra-channel-context.h"
#include "terra-channel-senders.h"
#include "terra-secrets.h"

G_BEGIN_DECLS

/* One name=value pair of an application/x-www-form-urlencoded body, in
 * the order received (repeated names are kept: signatures cover them). */
typedef struct
{
  char *name;
  char *value;
} TerraFormField;

void        _terra_form_field_free            (TerraFormField *field);

/* Parses @body (not NUL-terminated) into an array of TerraFormField.
 * Returns NULL with G_IO_ERROR_INVALID_DATA on broken percent-escapes or
 * names and values that are not UTF-8. */
GPtrArray  *_terra_form_parse                 (const char     *body,
                                               gsize           length,
                                               GError        **error);
/* The first value of @name, or NULL. */
const char *_terra_form_get                   (GPtrArray      *fields,
                                               const char     *name);

/* Constant-time comparison of two NUL-terminated strings: a signature
 * check must not tell an attacker how many leading bytes were right. */
gboolean    _terra_channel_strings_equal      (const char     *a,
                                               const char     *b);

/* The workspace's secret @name, or NULL with
 * TERRA_CHANNEL_ERROR_NOT_CONFIGURED saying which secret is missing. */
char       *_terra_channel_get_secret         (const char     *workspace_id,
                                               const char     *name,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* The same, with the workspace id read from @store. */
char       *_terra_channel_get_store_secret   (TerraStore     *store,
                                               const char     *name,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* The non-empty value of setting @key, or NULL with
 * TERRA_CHANNEL_ERROR_NOT_CONFIGURED naming it. */
char       *_terra_channel_require_setting    (TerraStore     *store,
                                               const char     *key,
                                               GError        **error);
/* @base with one trailing slash removed. */
char       *_terra_channel_base_url           (TerraStore     *store,
                                               const char     *key,
                                               GError        **error);

/* Sends @message and reads the whole answer. Network failures come back
 * as G_IO_ERROR_* (G_IO_ERROR_CANCELLED when cancelled). *@status is the
 * HTTP status. */
GBytes     *_terra_channel_send_message       (SoupSession    *session,
                                               SoupMessage    *message,
                                               guint          *status,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* Sets @error from a provider's failure answer: 429 and 5xx →
 * TERRA_CHANNEL_ERROR_RETRY, other statuses → _PERMANENT, with
 * @provider_detail (the provider's own words, may be NULL) in the
 * message. Always returns FALSE. */
gboolean    _terra_channel_fail_for_status    (GError        **error,
                                               const char     *provider,
                                               guint           status,
                                               const char     *provider_detail);
/* Checks @text before anything is sent. */
gboolean    _terra_channel_check_text         (const char     *text,
                                               GError        **error);

/* Type-checked reads of parsed JSON: NULL (or @fallback) when @object is
 * NULL, the member is missing, or it has another type. Providers' payloads
 * are untrusted input. */
JsonObject *_terra_json_object                (JsonObject     *object,
                                               const char     *name);
JsonArray  *_terra_json_array                 (JsonObject     *object,
                                               const char     *name);
const char *_terra_json_string                (JsonObject     *object,
                                               const char     *name);
/* An integer member, also when written as a string of digits. */
gint64      _terra_json_int                   (JsonObject     *object,
                                               const char     *name,
                                               gint64          fallback);
/* Parses @body as JSON whose root is an object; NULL with
 * G_IO_ERROR_INVALID_DATA otherwise. */
JsonParser *_terra_json_parse_object          (GBytes         *body,
                                               JsonObject    **root,
                                               GError        **error);

/* Webhook answers. Errors use Terra's {"error": {"code", "message"}}. */
void        _terra_channel_answer             (SoupServerMessage *message,
                                               guint              status,
                                               const char        *content_type,
                                               const char        *body);
void        _terra_channel_answer_error       (SoupServerMessage *message,
                                               guint              status,
                                               const char        *code,
                                               const char        *text);
/* The request body, whole; never NULL. */
GBytes     *_terra_channel_request_body       (SoupServerMessage *message);

/* Work done in the same transaction as a batch of messages (delivery
 * reports, Telegram's update offset). */
typedef gboolean (*TerraChannelBatchHook) (TerraStore  *store,
                                           gpointer     user_data,
                                           GError     **error);

/* Stores @messages (TerraInboundMessage, all of one webhook delivery or
 * one poll) in one durable transaction, together with what @hook (may be
 * NULL) writes. A message the store refuses as invalid is skipped with a
 * warning, so one odd message does not make the provider retry the others
 * forever. On success @conversations (gint64, may be NULL) receives the
 * conversations that got a new message, once each, to be queued for the
 * engine after the commit. */
gboolean    _terra_channel_ingest_batch       (TerraStore            *store,
                                               GArray                *messages,
                                               TerraChannelBatchHook  hook,
                                               gpointer               hook_data,
                                               GArray                *conversations,
                                               GError               **error);
/* Queues each of @conversations (gint64) with the engine of @context. */
void        _terra_channel_enqueue_all        (TerraChannelContext   *context,
                                               GArray                *conversations);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TerraFormField, _terra_form_field_free)

G_END_DECLS
