-- wrk-totals.lua — scenarios (i) and (j): wrk's own static request (headers
-- given with -H), plus the exact totals wrk's summary rounds: report.py checks
-- the bytes per response against the answer run.sh verified (a 304 head, the
-- listing page), so a server that answers 200 with a body to a revalidation is
-- caught even though wrk counts any 2xx or 3xx as a success.
done = function (summary, latency, requests)
  io.write (string.format ("wrk_requests=%d\nwrk_bytes=%d\nwrk_duration_us=%d\n",
                           summary.requests, summary.bytes, summary.duration))
end
