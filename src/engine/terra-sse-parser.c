/* terra-sse-parser.c — incremental Server-Sent Events framing
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A "\r" may be the first half of a "\r\n" split across two reads, so the
 * line ends at the "\r" and a "\n" that comes next is skipped: the same
 * events come out whichever byte the stream was split at.
 */

#define G_LOG_DOMAIN "terra-sse"

#include "config.h"

#include <string.h>

#include "terra-sse-parser.h"

#define UTF8_BOM "\xEF\xBB\xBF"

struct _TerraSseParser
{
  GString  *line;        /* the line being read, without its ending */
  GString  *data;        /* the event's data lines so far */
  char     *event_name;  /* the event's name so far; NULL for "message" */
  char     *last_id;
  GQueue    events;      /* TerraSseEvent, ready to be taken */
  gboolean  has_data;    /* a data line was seen (it may be empty) */
  gboolean  skip_lf;     /* the last byte was a "\r" */
  gboolean  first_line;  /* a byte-order mark may open the stream */
};

/* Returns (transfer full) a parser at the start of a stream. */
TerraSseParser *
terra_sse_parser_new (void)
{
  TerraSseParser *self = g_new0 (TerraSseParser, 1);

  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  g_queue_init (&self->events);
  self->first_line = TRUE;
  return self;
}

void
terra_sse_parser_free (TerraSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_free (self->event_name);
  g_free (self->last_id);
  g_queue_clear_full (&self->events, (GDestroyNotify)terra_sse_event_free);
  g_free (self);
}

void
terra_sse_event_free (TerraSseEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->event);
  g_free (event->data);
  g_free (event->id);
  g_free (event);
}

/* A blank line: the event so far is complete. */
static void
dispatch_event (TerraSseParser *self)
{
  TerraSseEvent *event;

  g_assert (self != NULL);

  /* The standard: an event without data is dropped, and its name with it. */
  if (self->has_data)
    {
      event = g_new0 (TerraSseEvent, 1);
      event->event = g_strdup (self->event_name != NULL ? self->event_name : "message");
      event->data = g_strndup (self->data->str, self->data->len);
      event->id = g_strdup (self->last_id);
      g_queue_push_tail (&self->events, event);
    }

  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event_name, g_free);
  self->has_data = FALSE;
}

static void
process_field (TerraSseParser *self,
               const char     *field,
               gsize           field_length,
               const char     *value,
               gsize           value_length)
{
  g_assert (self != NULL);

#define FIELD_IS(name) (field_length == strlen (name) && memcmp (field, name, field_length) == 0)

  if (FIELD_IS ("data"))
    {
      if (self->has_data)
        g_string_append_c (self->data, '\n');
      g_string_append_len (self->data, value, value_length);
      self->has_data = TRUE;
    }
  else if (FIELD_IS ("event"))
    {
      g_free (self->event_name);
      self->event_name = g_strndup (value, value_length);
    }
  else if (FIELD_IS ("id"))
    {
      /* The standard ignores an id holding a NUL. */
      if (memchr (value, '\0', value_length) == NULL)
        {
          g_free (self->last_id);
          self->last_id = g_strndup (value, value_length);
        }
    }
  /* "retry" and unknown fields mean nothing to a client that never
   * reconnects by itself. */

#undef FIELD_IS
}

static void
process_line (TerraSseParser *self)
{
  const char *line = self->line->str;
  gsize length = self->line->len;
  const char *colon;

  g_assert (self != NULL);

  if (self->first_line)
    {
      self->first_line = FALSE;
      if (length >= 3 && memcmp (line, UTF8_BOM, 3) == 0)
        {
          line += 3;
          length -= 3;
        }
    }

  if (length == 0)
    {
      dispatch_event (self);
      return;
    }

  if (line[0] == ':')
    return;

  colon = memchr (line, ':', length);
  if (colon == NULL)
    {
      process_field (self, line, length, "", 0);
      return;
    }

  {
    const char *value = colon + 1;
    gsize value_length = length - (value - line);

    if (value_length > 0 && value[0] == ' ')
      {
        value++;
        value_length--;
      }

    process_field (self, line, colon - line, value, value_length);
  }
}

/* Takes the next length bytes of the stream, split at any byte. */
void
terra_sse_parser_feed (TerraSseParser *self,
                       const char     *data,
                       gsize           length)
{
  gsize start = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (c == '\n')
            {
              start = i + 1;
              continue;
            }
        }

      if (c != '\r' && c != '\n')
        continue;

      g_string_append_len (self->line, data + start, i - start);
      process_line (self);
      g_string_truncate (self->line, 0);
      self->skip_lf = (c == '\r');
      start = i + 1;
    }

  g_string_append_len (self->line, data + start, length - start);
}

/* The stream has ended. A last line or event left without its ending is
 * taken as if it had one — as the providers' Python SDKs do — so a final
 * "data: [DONE]" without a blank line still counts; a stream cut inside
 * JSON fails when that JSON is parsed. Returns TRUE if nothing was left
 * unterminated. */
gboolean
terra_sse_parser_finish (TerraSseParser *self)
{
  gboolean clean;

  g_return_val_if_fail (self != NULL, FALSE);

  clean = (self->line->len == 0 && !self->has_data);

  if (self->line->len > 0)
    {
      process_line (self);
      g_string_truncate (self->line, 0);
    }
  dispatch_event (self);
  self->skip_lf = FALSE;

  return clean;
}

/* Returns (transfer full) the next complete event, or NULL when there is
 * none yet. */
TerraSseEvent *
terra_sse_parser_next (TerraSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_queue_pop_head (&self->events);
}
