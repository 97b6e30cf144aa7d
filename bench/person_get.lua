-- wrk script: GET /api/v1/persons/{id} for random ids from 1 to VERN_BENCH_PERSONS.
local persons = tonumber(os.getenv("VERN_BENCH_PERSONS") or "1000000")
local token = os.getenv("VERN_BENCH_TOKEN")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(seed * 7919)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  return wrk.format("GET", "/api/v1/persons/" .. math.random(1, persons))
end

local non_200 = 0
function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end
