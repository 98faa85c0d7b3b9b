-- wrk script: requests the paths listed in a file (one per line) in turn, so every request is not
-- the same cached row, and ends with one machine-readable RESULT line (wrk's own report has no p95).
--   wrk -s rotate.lua http://127.0.0.1:8080 -- paths.txt

local paths = {}
local next_index = 0

function init(args)
  local file = assert(io.open(args[1] or "", "r"), "rotate.lua: give a file of paths after --")
  for line in file:lines() do
    if line ~= "" then paths[#paths + 1] = line end
  end
  file:close()
  assert(#paths > 0, "rotate.lua: no paths in " .. args[1])
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  -- Percentiles come in microseconds; printed in milliseconds.
  io.write(string.format(
    "RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d timeouts=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.timeout, e.connect + e.read + e.write))
end
