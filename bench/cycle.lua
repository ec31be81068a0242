-- wrk script: ask for many addresses in turn, so that no answer is simply the previous one again.
-- Usage: wrk ... -s bench/cycle.lua http://127.0.0.1:PORT -- PATHS_FILE   (one path per line)
-- Each thread starts at a different place in the list; headers given with -H apply to every request.

local paths = {}
local position = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
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
