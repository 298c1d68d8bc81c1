-- wrk script for the holds benchmark: every request asks for a hold (POST /api/v1/appointments) on a slot of
-- its own, for an identity and an email of its own, so that no request loses to another on slot_full,
-- duplicate_identity or duplicate_email.
--
-- Environment (set by bench/run.sh):
--   BENCH_FIRST_SLOT, BENCH_LAST_SLOT  the consecutive ids of the released slots, capacity 1 each
--   BENCH_THREADS                      the same number as wrk's -t, to split the ids into one range per thread
--   BENCH_PROCEDURE                    the procedure the slots belong to (default "bench")
--   BENCH_ALTCHA_FILE                  optional: solved proofs of work, one `Altcha` header value per line
--                                      (bench/challenges.py); each request sends a line of its own, the lines
--                                      split into one range per thread like the slot ids
--
-- A thread that runs out of slots or of proofs stops (its last request is never counted).
-- Prints, from done():
--   hold-result accepted=N others=N rate=R p50_ms=X p99_ms=Y socket_errors=N exhausted_threads=N
--               proofless_threads=N
--   hold-status STATUS COUNT     one line per status other than 202
--   hold-sample STATUS BODY      the first few bodies answered with another status, to see why
-- Latencies cover every response, 202 or not; rate counts 202s only.

local function required_number(name)
   local value = tonumber(os.getenv(name) or "")
   if value == nil then
      io.stderr:write("hold.lua: set " .. name .. " to a number\n")
      os.exit(2)
   end
   return value
end

-- Read in every Lua state wrk makes (the main one and one per thread), so an error shows at once.
local first_slot = required_number("BENCH_FIRST_SLOT")
local last_slot = required_number("BENCH_LAST_SLOT")
local thread_count = required_number("BENCH_THREADS")
local procedure = os.getenv("BENCH_PROCEDURE") or "bench"
local altcha_file = os.getenv("BENCH_ALTCHA_FILE")
if altcha_file == "" then
   altcha_file = nil
end
local path = "/api/v1/appointments"
local headers = { ["Content-Type"] = "application/json" }
local spread = os.getenv("BENCH_SPREAD") == "1"
local max_samples = 3

-- Main state: give thread number i the i-th of thread_count disjoint ranges of slot ids (and of proof lines).
local threads = {}
local altcha_count = nil -- lines in BENCH_ALTCHA_FILE, counted once

-- The index-th (0-based) of thread_count disjoint ranges of first..last; the last range takes the remainder.
local function share(first, last, index)
   local per_thread = math.floor((last - first + 1) / thread_count)
   if index >= thread_count or per_thread < 1 then
      return nil
   end
   local range_first = first + index * per_thread
   if index == thread_count - 1 then
      return range_first, last
   end
   return range_first, range_first + per_thread - 1
end

function setup(thread)
   local index = #threads -- 0-based
   local range_first, range_last = share(first_slot, last_slot, index)
   if range_first == nil then
      io.stderr:write("hold.lua: BENCH_THREADS does not match wrk -t, or fewer slots than threads\n")
      os.exit(2)
   end
   thread:set("range_first", range_first)
   thread:set("range_last", range_last)
   local altcha_first, altcha_last = 1, 0 -- no proofs: an empty range
   if altcha_file then
      if altcha_count == nil then
         local file = io.open(altcha_file, "r")
         if file == nil then
            io.stderr:write("hold.lua: cannot read BENCH_ALTCHA_FILE " .. altcha_file .. "\n")
            os.exit(2)
         end
         altcha_count = 0
         for _ in file:lines() do
            altcha_count = altcha_count + 1
         end
         file:close()
      end
      altcha_first, altcha_last = share(1, altcha_count, index)
      if altcha_first == nil then
         io.stderr:write("hold.lua: fewer lines in BENCH_ALTCHA_FILE than threads\n")
         os.exit(2)
      end
   end
   thread:set("altcha_first", altcha_first)
   thread:set("altcha_last", altcha_last)
   table.insert(threads, thread)
end

-- Thread states. Globals, not locals: done() reads them through thread:get(), which copies numbers and
-- strings safely but mishandles tables (wrk 4.1 pops one value too many), so no table crosses over:
-- each status has its own counter "status_<code>", listed in the string seen_statuses.
function init(args)
   next_slot = range_first
   accepted = 0
   others = 0
   seen_statuses = ""
   sample_count = 0
   exhausted = false
   proofless = false
   -- This thread's proofs, lines altcha_first..altcha_last of the file (none without BENCH_ALTCHA_FILE).
   proofs = nil
   if altcha_file then
      proofs = {}
      local file = assert(io.open(altcha_file, "r"))
      local line_number = 0
      for line in file:lines() do
         line_number = line_number + 1
         if line_number > altcha_last then
            break
         end
         if line_number >= altcha_first then
            proofs[#proofs + 1] = line
         end
      end
      file:close()
      next_proof = 1
   end
end

-- Names may only hold letters, so the number becomes letters (0-9 -> a-j). The leading "k" (not in a-j)
-- keeps the word at two letters or more and never one letter repeated, which the name rules refuse.
local function letters(n)
   return "k" .. (string.gsub(string.format("%d", n), "%d", function(digit)
      return string.char(97 + tonumber(digit))
   end))
end

function request()
   local out_of_proofs = proofs ~= nil and next_proof > #proofs
   if next_slot > range_last or out_of_proofs then
      -- Out of slots (or proofs): stop this thread rather than ask twice for one slot (or spend a proof twice).
      -- wrk still wants a request back; the thread's loop ends before it could read an answer, so this one is
      -- never counted.
      if out_of_proofs then
         proofless = true
      else
         exhausted = true
      end
      wrk.thread:stop()
      return wrk.format("GET", "/healthz")
   end
   local slot = next_slot
   next_slot = slot + 1
   local body = string.format(
      '{"procedure":"%s","slotId":%d,"applicant":{"familyName":"Benchmark","givenNames":"Client %s",'
         .. '"birthDate":"1990-01-01","nationality":"FRA","email":"bench%d@example.org"}}',
      procedure, slot, letters(slot), slot)
   if proofs == nil then
      return wrk.format("POST", path, headers, body)
   end
   local proof = proofs[next_proof]
   next_proof = next_proof + 1
   local with_proof = { ["Content-Type"] = "application/json", ["Altcha"] = proof }
   if spread then
      -- An address of its own per hold, 256 to a /24, believed through GUICHET_TRUSTED_PROXY=127.0.0.1.
      with_proof["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(slot / 65536) % 256,
         math.floor(slot / 256) % 256, slot % 256)
   end
   return wrk.format("POST", path, with_proof, body)
end

function response(status, _, body)
   if status == 202 then
      accepted = accepted + 1
      return
   end
   others = others + 1
   local counter = "status_" .. status
   if _G[counter] == nil then
      _G[counter] = 0
      seen_statuses = seen_statuses .. " " .. status
   end
   _G[counter] = _G[counter] + 1
   if sample_count < max_samples then
      sample_count = sample_count + 1
      _G["sample_" .. sample_count] = status .. " " .. string.sub(body or "", 1, 300)
   end
end

-- Main state again, after every thread has stopped.
function done(summary, latency, _)
   local total = { accepted = 0, others = 0, exhausted = 0, proofless = 0 }
   local statuses, samples = {}, {}
   for _, thread in ipairs(threads) do
      total.accepted = total.accepted + thread:get("accepted")
      total.others = total.others + thread:get("others")
      if thread:get("exhausted") then
         total.exhausted = total.exhausted + 1
      end
      if thread:get("proofless") then
         total.proofless = total.proofless + 1
      end
      for status in string.gmatch(thread:get("seen_statuses"), "%d+") do
         statuses[status] = (statuses[status] or 0) + thread:get("status_" .. status)
      end
      for i = 1, thread:get("sample_count") do
         if #samples < max_samples then
            table.insert(samples, thread:get("sample_" .. i))
         end
      end
   end
   local errors = summary.errors
   local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
   io.write(string.format(
      "hold-result accepted=%d others=%d rate=%.1f p50_ms=%.3f p99_ms=%.3f socket_errors=%d exhausted_threads=%d"
         .. " proofless_threads=%d\n",
      total.accepted, total.others, total.accepted / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, socket_errors, total.exhausted,
      total.proofless))
   for status, count in pairs(statuses) do
      io.write(string.format("hold-status %s %d\n", status, count))
   end
   for _, sample in ipairs(samples) do
      io.write("hold-sample " .. string.gsub(sample, "%s+", " ") .. "\n")
   end
end
