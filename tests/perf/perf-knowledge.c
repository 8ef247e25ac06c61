/* perf-knowledge.c — knowledge search over 50,000 passages
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Goal (engine issue): knowledge search over 50,000 chunks, median under
 * 5 ms. 5,000 items of about ten passages each, written from a vocabulary
 * of about 2,800 words (function words, real-estate words with a Zipf
 * distribution, made-up project and locality names), then 1,000 questions
 * of 3 to 8 words. Then the same with 384-dimension embeddings on every
 * passage: hybrid search, vector-only search, and a brute-force scan of all
 * vectors for comparison. Run with
 * `meson test -C _build --benchmark perf-knowledge -v`.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "terra-knowledge.h"
#include "terra-test-utils.h"

#define N_ITEMS 5000
#define BODY_TOKENS 3750  /* about ten passages with their overlaps */
#define N_NAMES 2500
#define N_SEARCHES 1000
#define N_BRUTE_FORCE 50
#define DIMS 384

static const char * const function_words[] = {
  "the", "a", "of", "and", "to", "in", "is", "for", "with", "on", "at", "by", "from", "are", "has",
  "it", "this", "that", "be", "as", "or", "an", "all", "our", "we", "you", "its", "your", "can",
  "will", "there", "which", "their", "also", "each", "more", "than", "into", "up", "about",
};

static const char * const domain_words[] = {
  "apartment", "apartments", "villa", "villas", "plot", "plots", "home", "homes", "tower", "towers",
  "floor", "floors", "bedroom", "bedrooms", "bathroom", "kitchen", "balcony", "terrace", "garden",
  "gardens", "clubhouse", "pool", "gym", "parking", "car", "basement", "lift", "lifts", "security",
  "gate", "gated", "community", "amenities", "playground", "jogging", "track", "tennis", "court",
  "badminton", "library", "lounge", "yoga", "deck", "spa", "sauna", "price", "prices", "lakh",
  "crore", "sq", "ft", "area", "carpet", "built", "super", "possession", "ready", "move",
  "construction", "stage", "launch", "prelaunch", "booking", "token", "amount", "refund",
  "cancellation", "payment", "plan", "installment", "loan", "loans", "bank", "emi", "interest",
  "rate", "approved", "approval", "rera", "registration", "stamp", "duty", "gst", "tax", "khata",
  "title", "deed", "documents", "agreement", "sale", "resale", "rent", "rental", "lease", "tenant",
  "owner", "owners", "buyer", "buyers", "nri", "visit", "visits", "site", "office", "hours",
  "sunday", "saturday", "weekday", "metro", "station", "airport", "highway", "road", "school",
  "schools", "hospital", "mall", "market", "park", "lake", "view", "facing", "east", "west",
  "north", "south", "corner", "vastu", "ventilation", "sunlight", "water", "supply", "borewell",
  "power", "backup", "generator", "solar", "rainwater", "harvesting", "sewage", "treatment",
  "maintenance", "charges", "deposit", "association", "fees", "brokerage", "commission", "discount",
  "offer", "festive", "scheme", "developer", "builder", "architect", "design", "interiors",
  "flooring", "marble", "vitrified", "tiles", "wardrobes", "modular", "fittings", "premium",
  "luxury", "affordable", "budget", "family", "families", "children", "senior", "citizens", "pets",
  "pet", "dog", "landscaped", "trees", "green", "open", "space", "acres", "acre",
  "density", "units", "storeys", "podium", "elevation", "facade", "cctv", "intercom", "fire",
  "safety", "sprinklers", "earthquake", "resistant", "structure", "warranty", "handover",
  "inspection", "snag", "list", "occupancy", "certificate", "completion", "delay", "penalty",
  "escalation", "cost", "total", "inclusive", "exclusive", "extra", "rise", "preferential",
  "location", "locality", "neighbourhood", "distance", "minutes", "kilometres", "drive", "walk",
  "bus", "stop", "connectivity", "traffic", "commute", "tech", "campus", "employers",
  "appreciation", "investment", "returns", "yield", "demand", "inventory", "sold", "available",
  "unsold", "phase", "block", "wing", "layout", "bmrda", "bda", "bbmp", "panchayat",
};

static const char * const syllables[] = {
  "ka", "ra", "vi", "shan", "dev", "pur", "hal", "li", "nag", "ar", "man", "gal", "sar", "jap",
  "ko", "ram", "in", "di", "ya", "wa", "ti", "hi", "be", "lan", "du", "ga", "ne", "si", "ta",
  "mo", "bel", "ur", "hen", "nur", "go", "pa", "lya", "vat", "mal", "les",
};

typedef struct
{
  GPtrArray *names;         /* made-up proper names */
  double    *cumulative;    /* Zipf over domain words */
  GRand     *rand;
} Vocabulary;

typedef struct
{
  const char *project;
  const char *locality;
  const char *focus[4];
} ItemTopic;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static void
vocabulary_init (Vocabulary *vocabulary)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;

  vocabulary->rand = g_rand_new_with_seed (20261122);
  vocabulary->names = g_ptr_array_new_with_free_func (g_free);

  while (vocabulary->names->len < N_NAMES)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      int n = g_rand_int_range (vocabulary->rand, 2, 5);

      for (int i = 0; i < n; i++)
        g_string_append (name, syllables[g_rand_int_range (vocabulary->rand, 0, G_N_ELEMENTS (syllables))]);
      name->str[0] = g_ascii_toupper (name->str[0]);
      if (g_hash_table_contains (seen, name->str))
        continue;
      g_hash_table_add (seen, name->str);
      g_ptr_array_add (vocabulary->names, g_string_free (g_steal_pointer (&name), FALSE));
    }

  vocabulary->cumulative = g_new (double, G_N_ELEMENTS (domain_words));
  for (guint i = 0; i < G_N_ELEMENTS (domain_words); i++)
    vocabulary->cumulative[i] = total += 1.0 / (i + 1);
}

static void
vocabulary_clear (Vocabulary *vocabulary)
{
  g_ptr_array_unref (vocabulary->names);
  g_free (vocabulary->cumulative);
  g_rand_free (vocabulary->rand);
}

/* A domain word, the common ones more often (Zipf). */
static const char *
domain_word (Vocabulary *vocabulary)
{
  guint n = G_N_ELEMENTS (domain_words);
  double x = g_rand_double (vocabulary->rand) * vocabulary->cumulative[n - 1];
  guint low = 0;
  guint high = n - 1;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (vocabulary->cumulative[mid] < x)
        low = mid + 1;
      else
        high = mid;
    }

  return domain_words[low];
}

static const char *
any_name (Vocabulary *vocabulary)
{
  return g_ptr_array_index (vocabulary->names, g_rand_int_range (vocabulary->rand, 0, N_NAMES));
}

static const char *
next_word (Vocabulary      *vocabulary,
           const ItemTopic *topic)
{
  int roll = g_rand_int_range (vocabulary->rand, 0, 100);

  if (roll < 45)
    return function_words[g_rand_int_range (vocabulary->rand, 0, G_N_ELEMENTS (function_words))];
  if (roll < 52)
    return topic->focus[g_rand_int_range (vocabulary->rand, 0, 4)];
  if (roll < 55)
    return g_rand_boolean (vocabulary->rand) ? topic->project : topic->locality;
  if (roll < 58)
    return any_name (vocabulary);
  return domain_word (vocabulary);
}

/* A brochure-like body of about BODY_TOKENS tokens about one project. */
static char *
item_body (Vocabulary      *vocabulary,
           const ItemTopic *topic)
{
  GString *body = g_string_new (NULL);
  guint tokens = 0;

  while (tokens < BODY_TOKENS)
    {
      int n_sentences = g_rand_int_range (vocabulary->rand, 3, 7);

      if (body->len > 0)
        g_string_append (body, "\n\n");
      for (int s = 0; s < n_sentences; s++)
        {
          int n_words = g_rand_int_range (vocabulary->rand, 6, 19);

          for (int w = 0; w < n_words; w++)
            {
              const char *word = next_word (vocabulary, topic);

              tokens += terra_knowledge_estimate_tokens (word, -1);
              if (w == 0 && s > 0)
                g_string_append_c (body, ' ');
              else if (w > 0)
                g_string_append_c (body, ' ');
              if (w == 0)
                {
                  g_string_append_c (body, g_ascii_toupper (word[0]));
                  g_string_append (body, word + 1);
                }
              else
                g_string_append (body, word);
            }
          g_string_append_c (body, '.');
        }
    }

  return g_string_free (body, FALSE);
}

static void
pick_topic (Vocabulary *vocabulary,
            ItemTopic  *topic)
{
  topic->project = any_name (vocabulary);
  topic->locality = any_name (vocabulary);
  for (int i = 0; i < 4; i++)
    topic->focus[i] = domain_words[g_rand_int_range (vocabulary->rand, 0, G_N_ELEMENTS (domain_words))];
}

static void
fill_knowledge_base (TerraStore *store,
                     Vocabulary *vocabulary,
                     ItemTopic  *topics,
                     gint64     *item_ids)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (terra_store_begin (store, &error));
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(TerraKnowledgeItem) item = terra_knowledge_item_new ();
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      pick_topic (vocabulary, &topics[i]);
      title = g_strdup_printf ("%s, %s: %s and %s", topics[i].project, topics[i].locality,
                               topics[i].focus[0], topics[i].focus[1]);
      body = item_body (vocabulary, &topics[i]);

      terra_knowledge_item_set_category (item, (TerraKnowledgeCategory)(i % 5));
      terra_knowledge_item_set_title (item, title);
      terra_knowledge_item_set_body (item, body);
      /* A few drafts, as in a real knowledge base. */
      terra_knowledge_item_set_published (item, i % 50 != 7);
      g_assert_true (terra_store_insert (store, item, &error));
      item_ids[i] = terra_knowledge_item_get_id (item);
    }
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
}

/* A question of 3 to 8 words about item target. */
static char *
make_question (Vocabulary      *vocabulary,
               const ItemTopic *topic)
{
  const char *d1 = domain_word (vocabulary);
  const char *d2 = domain_word (vocabulary);
  const char *d3 = topic->focus[g_rand_int_range (vocabulary->rand, 0, 4)];

  switch (g_rand_int_range (vocabulary->rand, 0, 8))
    {
    case 0: return g_strdup_printf ("is there a %s at %s?", d3, topic->project);
    case 1: return g_strdup_printf ("what is the %s of %s in %s", d1, d3, topic->project);
    case 2: return g_strdup_printf ("how far is %s from %s", topic->project, topic->locality);
    case 3: return g_strdup_printf ("do you have %s %s near %s?", d1, d3, topic->locality);
    case 4: return g_strdup_printf ("%s %s details please", topic->project, d3);
    case 5: return g_strdup_printf ("when is %s for %s %s?", d1, topic->project, d2);
    case 6: return g_strdup_printf ("can I get %s and %s in %s %s", d1, d3, topic->locality, topic->project);
    default: return g_strdup_printf ("tell me about %s %s %s", d1, d2, d3);
    }
}

typedef struct
{
  double median;
  double p95;
  double max;
  guint  answered;  /* questions with at least one hit */
  guint  on_target; /* … whose hits include the item asked about */
} Timings;

static void
summarize (GArray  *timings,
           Timings *result)
{
  g_array_sort (timings, compare_doubles);
  result->median = g_array_index (timings, double, timings->len / 2);
  result->p95 = g_array_index (timings, double, timings->len * 95 / 100);
  result->max = g_array_index (timings, double, timings->len - 1);
}

/* A unit vector per item ("what it is about"); each passage and each
 * question about the item is that plus noise. */
static void
noisy_vector (GRand       *rand,
              const float *topic,
              double       noise,
              float       *vector)
{
  double norm = 0;

  for (guint d = 0; d < DIMS; d++)
    {
      /* Box–Muller */
      double u = g_rand_double_range (rand, 1e-12, 1.0);
      double v = g_rand_double (rand);
      double gauss = sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);

      vector[d] = (topic ? topic[d] : 0) + noise * gauss / sqrt (DIMS);
      norm += (double)vector[d] * vector[d];
    }

  for (guint d = 0; d < DIMS; d++)
    vector[d] /= sqrt (norm);
}

static void
embed_everything (TerraStore *store,
                  gint64     *item_ids,
                  float      *topic_vectors)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (384);
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GHashTable) item_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  float vector[DIMS];

  for (guint i = 0; i < N_ITEMS; i++)
    {
      noisy_vector (rand, NULL, 1.0, &topic_vectors[i * DIMS]);
      g_hash_table_insert (item_index, &item_ids[i], GUINT_TO_POINTER (i));
    }

  chunks = terra_knowledge_chunks_missing_embeddings (store, "bench-embedder", G_MAXUINT, &error);
  g_assert_no_error (error);

  g_assert_true (terra_store_begin (store, &error));
  for (guint i = 0; i < chunks->len; i++)
    {
      const TerraKnowledgeChunk *chunk = &g_array_index (chunks, TerraKnowledgeChunk, i);
      guint item = GPOINTER_TO_UINT (g_hash_table_lookup (item_index, &chunk->item_id));

      noisy_vector (rand, &topic_vectors[item * DIMS], 0.8, vector);
      g_assert_true (terra_knowledge_set_embedding (store, chunk->id, vector, DIMS, "bench-embedder", &error));
    }
  g_assert_true (terra_store_commit (store, &error));
  g_assert_no_error (error);
}

static gboolean
hits_include (GPtrArray *hits,
              gint64     item_id)
{
  for (guint i = 0; i < hits->len; i++)
    if (((TerraKnowledgeHit *)g_ptr_array_index (hits, i))->item_id == item_id)
      return TRUE;
  return FALSE;
}

/* Runs n questions; text and/or vector per flags. */
static void
run_searches (TerraStore                        *store,
              Vocabulary                        *vocabulary,
              const ItemTopic                   *topics,
              const gint64                      *item_ids,
              const float                       *topic_vectors,
              guint                              n,
              gboolean                           with_text,
              gboolean                           with_vector,
              const TerraKnowledgeSearchOptions *options,
              Timings                           *result)
{
  g_autoptr(GArray) timings = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  float vector[DIMS];

  memset (result, 0, sizeof *result);

  for (guint i = 0; i < n; i++)
    {
      guint target = g_rand_int_range (rand, 0, N_ITEMS);
      g_autofree char *question = with_text ? make_question (vocabulary, &topics[target]) : NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GError) error = NULL;
      gint64 started;
      double elapsed;

      if (with_vector)
        noisy_vector (rand, &topic_vectors[target * DIMS], 0.8, vector);

      started = g_get_monotonic_time ();
      hits = terra_knowledge_search_full (store, question, with_vector ? vector : NULL, DIMS, 5,
                                          options, &error);
      elapsed = (g_get_monotonic_time () - started) / 1000.0;

      g_assert_no_error (error);
      g_array_append_val (timings, elapsed);
      result->answered += hits->len > 0;
      result->on_target += hits_include (hits, item_ids[target]);
    }

  summarize (timings, result);
}

static void
print_timings (const char    *what,
               guint          n,
               const Timings *timings)
{
  g_print ("# %s: %u searches, median %.3f ms, p95 %.3f ms, max %.3f ms; "
           "answered %u, the item asked about among the 5 hits %u\n",
           what, n, timings->median, timings->p95, timings->max, timings->answered, timings->on_target);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TerraTestWorkspace) workspace = terra_test_workspace_new ();
  TerraStore *store = terra_workspace_get_store (workspace);
  g_autofree ItemTopic *topics = g_new0 (ItemTopic, N_ITEMS);
  g_autofree gint64 *item_ids = g_new0 (gint64, N_ITEMS);
  g_autofree float *topic_vectors = g_new (float, N_ITEMS * DIMS);
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GError) error = NULL;
  TerraKnowledgeSearchOptions options;
  Vocabulary vocabulary;
  Timings lexical, hybrid, vector_only, brute_force;
  gint64 started;

  vocabulary_init (&vocabulary);

  started = g_get_monotonic_time ();
  fill_knowledge_base (store, &vocabulary, topics, item_ids);
  chunks = terra_knowledge_chunks_missing_embeddings (store, "bench-embedder", G_MAXUINT, &error);
  g_assert_no_error (error);
  g_print ("# perf-knowledge: %u items, %u passages, vocabulary of %u words, built in %.1f s\n",
           N_ITEMS, chunks->len,
           (guint)(G_N_ELEMENTS (function_words) + G_N_ELEMENTS (domain_words) + N_NAMES),
           (g_get_monotonic_time () - started) / 1e6);
  g_clear_pointer (&chunks, g_array_unref);

  run_searches (store, &vocabulary, topics, item_ids, NULL, N_SEARCHES, TRUE, FALSE, NULL, &lexical);
  print_timings ("lexical (FTS5 BM25), the goal: median < 5 ms", N_SEARCHES, &lexical);

  started = g_get_monotonic_time ();
  embed_everything (store, item_ids, topic_vectors);
  g_print ("# %u-dimension embeddings stored on every passage in %.1f s\n", DIMS,
           (g_get_monotonic_time () - started) / 1e6);

  terra_knowledge_search_options_init (&options);
  run_searches (store, &vocabulary, topics, item_ids, topic_vectors, N_SEARCHES, TRUE, TRUE, &options, &hybrid);
  print_timings ("hybrid (BM25 + cosine over the lexical candidates and the newest 1,024 passages, RRF)",
                 N_SEARCHES, &hybrid);

  run_searches (store, &vocabulary, topics, item_ids, topic_vectors, N_SEARCHES, FALSE, TRUE, &options,
                &vector_only);
  print_timings ("vector only (the newest 1,024 passages)", N_SEARCHES, &vector_only);

  options.vector_scan_bytes = 0;
  run_searches (store, &vocabulary, topics, item_ids, topic_vectors, N_BRUTE_FORCE, FALSE, TRUE, &options,
                &brute_force);
  print_timings ("vector only, brute force over all passages (not the default)", N_BRUTE_FORCE, &brute_force);

  g_print ("1..1\n%s 1 - median knowledge search over 50,000 passages under 5 ms\n",
           lexical.median < 5.0 ? "ok" : "not ok");

  vocabulary_clear (&vocabulary);
  return lexical.median < 5.0 ? 0 : 1;
}
