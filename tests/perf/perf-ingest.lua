-- perf-ingest.lua — wrk script for POST /api/v1/messages
--
-- Copyright 2026 The Terra developers
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Every request carries a unique external_id (thread, start time, counter)
-- so nothing is deduplicated; senders cycle through 1,000 leads so
-- conversations are found as well as started. The API key comes from
-- TERRA_BENCH_KEY.

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  prefix = string.format("bench-%d-%d-", thread_index or 0, os.time())
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TERRA_BENCH_KEY") or "")

function request()
  counter = counter + 1
  local lead = counter % 1000
  local body = string.format(
    '{"from":"+9198%08d","name":"Lead %d","text":"Hi, is the 2BHK in Indiranagar still available? (%d)","external_id":"%s%d"}',
    lead, lead, counter, prefix, counter)
  return wrk.format(nil, nil, nil, body)
end
