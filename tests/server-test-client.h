/* server-test-client.h — a plain HTTP/1.1 client over loopback sockets
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server tests speak raw HTTP so they can also send what no polite
 * client would: broken bodies, thousands of headers, half a request.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  status;   /* 0 when the connection failed or closed without an answer */
  char  *headers;  /* the header block, lines joined by \r\n */
  char  *body;
  gsize  body_length;
} TestReply;

void       test_reply_free        (TestReply   *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestReply, test_reply_free)

/* The value of header @name (case-insensitive), or NULL. (transfer full) */
char      *test_reply_header      (TestReply   *reply,
                                   const char  *name);
/* The body parsed as JSON; asserts that it is. (transfer full) */
JsonNode  *test_reply_json        (TestReply   *reply);
/* The "error"."code" of a JSON error body; asserts the shape. */
char      *test_reply_error_code  (TestReply   *reply);

/* Sends @raw (a whole request) on a new connection and reads the answer
 * until the server closes it or the body is complete. */
TestReply *test_http_raw          (guint        port,
                                   const char  *raw,
                                   gsize        length);
/* A request with Connection: close; @api_key (may be NULL) as a bearer
 * token; @extra_headers (may be NULL) lines ending in \r\n. */
TestReply *test_http              (guint        port,
                                   const char  *method,
                                   const char  *path,
                                   const char  *api_key,
                                   const char  *extra_headers,
                                   const char  *body,
                                   gssize       length);
/* POST /api/v1/messages with the given fields (NULL ones left out). */
TestReply *test_post_message      (guint        port,
                                   const char  *api_key,
                                   const char  *from,
                                   const char  *text,
                                   const char  *external_id);

G_END_DECLS
