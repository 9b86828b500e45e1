-- wrk script (LuaJIT, Lua 5.1: no integer division operator) for the Rampart benchmark: fixed request headers from WRK_HEADERS (name=value;;...),
-- an optional distinct X-Forwarded-For per request (WRK_DISTINCT_XFF=1, scenario 5),
-- and a JSON summary on stdout when the run ends.
for pair in string.gmatch(os.getenv("WRK_HEADERS") or "", "([^;]+);;") do
  local name, value = string.match(pair, "^([^=]+)=(.*)$")
  if name then wrk.headers[name] = value end
end

if os.getenv("WRK_DISTINCT_XFF") == "1" then
  -- wrk runs one thread here (-t 1); the offset lets successive runs continue the address sequence.
  local counter = tonumber(os.getenv("WRK_XFF_OFFSET") or "0")
  function request()
    counter = counter + 1
    wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
      math.floor(counter / 65536) % 256, math.floor(counter / 256) % 256, counter % 256)
    return wrk.format()
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '\nWRK_JSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"socketErrors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
