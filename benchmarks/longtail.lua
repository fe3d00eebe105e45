-- wrk walks a list of paths, each thread its own slice, each path requested once.
--
--   wrk -t2 -c4 -d60s --latency -s benchmarks/longtail.lua http://127.0.0.1:8150 -- urls.txt 2
--
-- The arguments: the file of paths (one a line) and wrk's number of threads (its -t).
-- Thread k of n takes the paths k, k + n, k + 2n, ... of the file (one path a line);
-- its connections share that slice. A thread that reaches the end of its slice starts
-- it again, and the summary says how many paths were requested more than once (those
-- may come from the page cache). Every answer that is not 2xx is counted and printed.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("index", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local file = args[1]
   if not file then
      error("longtail.lua: the URL file is missing: wrk ... -s longtail.lua URL -- urls.txt")
   end
   local all = {}
   for line in io.lines(file) do
      if line ~= "" then
         table.insert(all, line)
      end
   end
   paths = {}
   local step = tonumber(args[2] or "1")
   for i = index + 1, #all, step do
      table.insert(paths, all[i])
   end
   slice_size = #paths
   position = 0
   requested = 0
   repeats = 0
   bad = 0
   statuses = ""
end

function request()
   position = position + 1
   if position > #paths then
      position = 1
   end
   requested = requested + 1
   if requested > #paths then
      repeats = repeats + 1
   end
   return wrk.format("GET", paths[position])
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      bad = bad + 1
      if bad <= 5 then
         statuses = statuses .. " " .. status
      end
   end
end

function done(summary, latency, requests)
   local distinct, repeated, wrong, shown = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      local slice = thread:get("slice_size")
      local sent = thread:get("requested")
      repeated = repeated + thread:get("repeats")
      distinct = distinct + math.min(sent, slice)
      wrong = wrong + thread:get("bad")
      shown = shown .. thread:get("statuses")
   end
   io.write(string.format("longtail: %d distinct paths, %d repeated, %d not 2xx\n", distinct, repeated, wrong))
   if wrong > 0 then
      io.write("longtail: first statuses not 2xx:" .. shown .. "\n")
   end
end
