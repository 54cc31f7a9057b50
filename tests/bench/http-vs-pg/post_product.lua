-- wrk: POST /api/products with a unique body per request (thread number and counter in the name).
-- Arguments after `--`: the bearer token, the category id.
local threads = 0
function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

local counter = 0
local headers
local category
function init(args)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1] }
  category = args[2]
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench product %d-%d","description":"warm light","price":"24.90","stock":%d,"category_id":"%s"}',
    thread_no, counter, counter % 1000 + 1, category)
  return wrk.format("POST", "/api/products", headers, body)
end
