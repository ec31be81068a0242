-- wrk script: ask for many addresses in turn, so that no answer is simply the previous one again.
-- Usage: wrk ... -s bench/cycle.lua http://127.0.0.1:PORT -- PATHS_FILE   (one path per line)
-- Each thread starts at a different place in the list; headers given with -H apply to every request.

local paths = {}
local position = 0
local threads = {}
-- In each thread, how many answers had each status other than 2xx (summed over the threads at the end).
statuses = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  position = ((thread_number or 1) - 1) * math.floor(#paths / 2)
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local line = "statuses:"
  for status, count in pairs(total) do
    line = line .. " " .. status .. "=" .. count
  end
  print(line)
end
