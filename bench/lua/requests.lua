-- One wrk script for every HTTP scenario of bench/run.py.
--
--   wrk -t T ... -s bench/lua/requests.lua URL -- <requests file> <expected statuses> <mode> <T> [rate]
--
-- The requests file has one request per line: METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY (the
-- cookie carries the session and CSRF cookies; the body is form-encoded and carries the
-- CSRF token). Threads take lines in turn: thread t sends lines t, t+T, t+2T, ...
-- mode "cycle" starts again at the end; mode "once" sends every line once (quiz
-- submissions, logins of distinct learners) and then sends nothing more, counting how
-- many were left unsent; "active_s" is then the time until the pool ran dry, the time the
-- rate is computed over (a few responses still in flight then are not counted).
-- With a rate (requests/s over all threads), each thread paces itself to an even
-- schedule: the "p95 at 70% of saturation" measurement.
-- done() prints one JSON line that run.py reads.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local lines = {}
local position = 1
local expected = {}
local mode = "cycle"
local interval = nil
local next_at = nil
started_at = 0
exhausted_at = 0
ok = 0
unexpected = 0
exhausted = 0
first_status = ""

function init(args)
  local path, statuses = args[1], args[2]
  mode = args[3] or "cycle"
  local thread_count = tonumber(args[4] or "1")
  local rate = tonumber(args[5] or "0")
  started_at = now_ms()
  for status in string.gmatch(statuses, "%d+") do
    expected[tonumber(status)] = true
  end
  local total = 0
  local count = 0
  for _ in io.lines(path) do count = count + 1 end
  for line in io.lines(path) do
    total = total + 1
    -- A file with fewer lines than threads (one URL, cycled) goes to every thread:
    -- a thread without requests would stall wrk.
    if (total - 1) % thread_count == id or (mode == "cycle" and count < thread_count) then
      local method, target, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = "http://127.0.0.1/"
      end
      table.insert(lines, wrk.format(method, target, headers, body ~= "" and body or nil))
    end
  end
  if rate > 0 then
    interval = 1000 * thread_count / rate
    next_at = now_ms()
  end
end

function delay()
  if interval == nil then return 0 end
  local now = now_ms()
  next_at = math.max(next_at + interval, now - interval)
  return math.max(0, next_at - now)
end

function request()
  if #lines == 0 then
    if exhausted == 0 then exhausted_at = now_ms() end
    exhausted = exhausted + 1
    return wrk.format("GET", "/healthz")
  end
  if position > #lines then
    if mode == "once" then
      if exhausted == 0 then exhausted_at = now_ms() end
      exhausted = exhausted + 1
      return wrk.format("GET", "/healthz")
    end
    position = 1
  end
  local req = lines[position]
  position = position + 1
  return req
end

function response(status, headers, body)
  if exhausted > 0 then return end
  if expected[status] then
    ok = ok + 1
  else
    unexpected = unexpected + 1
    if first_status == "" then first_status = tostring(status) end
  end
end

function done(summary, latency, requests)
  local ok_total, unexpected_total, exhausted_total, status = 0, 0, 0, ""
  local active = 0
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    unexpected_total = unexpected_total + thread:get("unexpected")
    exhausted_total = exhausted_total + thread:get("exhausted")
    if status == "" then status = thread:get("first_status") end
    local dry = thread:get("exhausted_at")
    local thread_active = summary.duration / 1e6
    if dry > 0 then thread_active = (dry - thread:get("started_at")) / 1000 end
    active = math.max(active, thread_active)
  end
  local errors = summary.errors
  io.write(string.format(
    '{"bench": true, "duration_s": %.3f, "active_s": %.3f, "requests": %d, "ok": %d, "unexpected": %d, ' ..
    '"first_unexpected_status": "%s", "exhausted": %d, "bytes": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.duration / 1e6, active, summary.requests, ok_total, unexpected_total, status,
    exhausted_total, summary.bytes, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
