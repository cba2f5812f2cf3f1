-- wrk script for bench/run.py: request the paths listed in a file in turn (one per line),
-- count answers other than 200 (a redirect to the login page would otherwise pass unnoticed),
-- and print a JSON summary with the percentiles wrk keeps.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  counter = math.random(#paths)
  not_ok = 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("not_ok") end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.2f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, ' ..
    '"not_ok": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, wrong, errors.connect + errors.read + errors.write + errors.timeout))
end
