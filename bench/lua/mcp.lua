-- wrk script for the MCP workloads of bench/run.sh. Settings come from the environment:
--   BENCH_MODE  call | read | lifecycle
--   BENCH_ERA   2026 (stateless: _meta envelope + Mcp-Method/Mcp-Name headers) | 2025 (session)
--   BENCH_SSE   1: ask for progress (progressToken), which makes an mcpkit response SSE
--   BENCH_SID   the 2025 session every connection shares (call/read modes; run.sh opens it)
--   BENCH_TOKEN a bearer token for every 2026 request (workload f, the guarded contender)
-- Every request gets a unique JSON-RPC id. lifecycle needs one connection per thread (-t N -c N):
-- wrk keeps Lua state per thread, and a lifecycle is a chain of four requests on one connection.
-- done() prints one machine-readable RESULT line. Every answer is checked as it arrives (status,
-- echoed text or resource size, session id); `check` looks at the full answers before the run.
local mode = os.getenv("BENCH_MODE") or "call"
local era = os.getenv("BENCH_ERA") or "2026"
local sse = os.getenv("BENCH_SSE") == "1"
local shared_sid = os.getenv("BENCH_SID")
local token = os.getenv("BENCH_TOKEN") -- workload (f): the bearer token of the guarded contender
local MSG = "hello-bench"

local META = '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
  .. '"io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"1"},'
  .. '"io.modelcontextprotocol/clientCapabilities":{}' .. (sse and ',"progressToken":"p1"' or '') .. '}'
local LEGACY_META = sse and ',"_meta":{"progressToken":"p1"}' or ''

local function modern_headers(method, name)
  local h = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = method }
  if name then h["Mcp-Name"] = name end
  if token then h["Authorization"] = "Bearer " .. token end
  return h
end

local function legacy_headers(sid)
  local h = { ["Content-Type"] = "application/json", ["Accept"] = "application/json, text/event-stream" }
  if sid then h["Mcp-Session-Id"] = sid; h["MCP-Protocol-Version"] = "2025-11-25" end
  return h
end

local threads = {}
local next_tid = 1
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

local H_CALL_2026 = modern_headers("tools/call", "echo")
local H_READ_2026 = modern_headers("resources/read", "bench://blob")
local H_SHARED = legacy_headers(shared_sid)

function init(args)
  n = 0
  cycles = 0
  bad = 0
  state = 0
  sid = nil
end

local function next_id()
  n = n + 1
  return tid * 1000000000 + n
end

local function call_body(id)
  if era == "2026" then
    return '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"echo","arguments":{"message":"'
      .. MSG .. '"},' .. META .. '}}'
  end
  return '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"echo","arguments":{"message":"'
    .. MSG .. '"}' .. LEGACY_META .. '}}'
end

local function read_body(id)
  if era == "2026" then
    return '{"jsonrpc":"2.0","id":' .. id .. ',"method":"resources/read","params":{"uri":"bench://blob",' .. META .. '}}'
  end
  return '{"jsonrpc":"2.0","id":' .. id .. ',"method":"resources/read","params":{"uri":"bench://blob"}}'
end

local lifecycle_request = function()
  if state == 0 then
    return wrk.format("POST", nil, legacy_headers(nil), '{"jsonrpc":"2.0","id":' .. next_id()
      .. ',"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},'
      .. '"clientInfo":{"name":"wrk","version":"1"}}}')
  elseif state == 1 then
    return wrk.format("POST", nil, legacy_headers(sid), '{"jsonrpc":"2.0","method":"notifications/initialized"}')
  elseif state == 2 then
    era = "2025"
    return wrk.format("POST", nil, legacy_headers(sid), call_body(next_id()))
  else
    return wrk.format("DELETE", nil, legacy_headers(sid), nil)
  end
end

if mode == "lifecycle" then
  request = lifecycle_request
  response = function(status, headers, body)
    if state == 0 then
      sid = nil
      for k, v in pairs(headers) do
        if string.lower(k) == "mcp-session-id" then sid = v end
      end
      if status ~= 200 or not sid then bad = bad + 1; state = 0; return end
      state = 1
    elseif state == 1 then
      if status ~= 202 and status ~= 200 then bad = bad + 1; state = 0; return end
      state = 2
    elseif state == 2 then
      if status ~= 200 or not string.find(body, MSG, 1, true) then bad = bad + 1; state = 0; return end
      state = 3
    else
      if status < 200 or status > 299 then bad = bad + 1 else cycles = cycles + 1 end
      state = 0
    end
  end
elseif mode == "read" then
  request = function()
    return wrk.format("POST", nil, era == "2026" and H_READ_2026 or H_SHARED, read_body(next_id()))
  end
  -- every answer is checked: HTTP 200 and the whole 1 MiB text (plus the JSON-RPC envelope)
  response = function(status, headers, body)
    if status ~= 200 or #body < 1048576 or not string.find(body, '"result"', 1, true) then bad = bad + 1 end
  end
else
  request = function()
    return wrk.format("POST", nil, era == "2026" and H_CALL_2026 or H_SHARED, call_body(next_id()))
  end
  -- every answer is checked: HTTP 200 and the echoed text in a result (a JSON-RPC error at HTTP
  -- 200 would otherwise count as a fast success)
  response = function(status, headers, body)
    if status ~= 200 or not string.find(body, '"text":"' .. MSG .. '"', 1, true) then bad = bad + 1 end
  end
end

function done(summary, latency, requests)
  local c, b = 0, 0
  for _, t in ipairs(threads) do
    c = c + (t:get("cycles") or 0)
    b = b + (t:get("bad") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f cps=%.1f p50_us=%d p90_us=%d p99_us=%d requests=%d errors=%d bad=%d\n",
    summary.requests / secs, c / secs, latency:percentile(50), latency:percentile(90), latency:percentile(99), summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, b))
end
