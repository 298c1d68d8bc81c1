-- wrk script for the availability benchmark: the request stays wrk's own static GET (no request() or
-- response() here, so wrk spends no time in Lua per request); done() only prints one parsable line:
--   read-result requests=N ok=N rate=R p50_ms=X p99_ms=Y non_2xx=N socket_errors=N
-- rate counts the answers below 400 only (wrk counts 4xx and 5xx as "non-2xx or 3xx").

function done(summary, latency, _)
   local errors = summary.errors
   local ok = summary.requests - errors.status
   io.write(string.format(
      "read-result requests=%d ok=%d rate=%.1f p50_ms=%.3f p99_ms=%.3f non_2xx=%d socket_errors=%d\n",
      summary.requests, ok, ok / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
