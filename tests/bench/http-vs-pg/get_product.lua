-- wrk: GET /api/products/{id} over the seeded products (ids 00000000-0000-4000-8000-<12 digits>).
-- Argument after `--`: how many were seeded.
local products
function init(args)
  products = tonumber(args[1])
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", string.format("/api/products/00000000-0000-4000-8000-%012d",
                                         math.random(1, products)))
end
