#!/usr/bin/env python3
"""Latency of prefix search, of a three-condition filter and of consent filters through the API,
sequentially.

Usage: search_latency.py BASE_URL TOKEN
Prints p50/p95 per scenario; docs/BENCHMARKS.md records the figures."""
import json
import sys
import time
import urllib.request

BASE, TOKEN = sys.argv[1], sys.argv[2]
# 2 to 5 letters, as people type them: names, places, companies, e-mail parts.
PREFIXES = ["an", "ma", "jo", "li", "be", "kar", "han", "ols", "nie", "lar", "osl", "sto", "berg",
            "hans", "joha", "mari", "lindq", "ander", "johan", "svens"]


def call(path, body=None):
    request = urllib.request.Request(
        BASE + path, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"},
        method="GET" if body is None else "POST")
    start = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        data = json.loads(response.read())
    return (time.perf_counter() - start) * 1000, data


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name, times):
    print(f"{name}: n={len(times)} p50={percentile(times, 50):.1f} ms "
          f"p95={percentile(times, 95):.1f} ms max={max(times):.1f} ms")


for prefix in PREFIXES:  # warm-up round, not counted
    call(f"/api/v1/persons?q={prefix}&limit=20")
times = [call(f"/api/v1/persons?q={p}&limit=20")[0] for _ in range(10) for p in PREFIXES]
report("prefix search, limit 20", times)
times = [call(f"/api/v1/persons?q={p}&limit=20&count=true")[0] for _ in range(3) for p in PREFIXES]
report("prefix search with count", times)
# The next page, from the cursor of the first.
cursors = [call(f"/api/v1/persons?q={p}&limit=20")[1].get("next") for p in PREFIXES]
times = [call(f"/api/v1/persons?q={p}&limit=20&after={c}")[0]
         for _ in range(3) for p, c in zip(PREFIXES, cursors) if c]
report("prefix search, second page", times)

FILTER = {"and": [{"field": "city", "op": "eq", "value": "Oslo"},
                  {"field": "customer_status", "op": "eq", "value": "customer"},
                  {"activity": 1, "status": "any"}]}
call("/api/v1/persons/search", {"filter": FILTER, "count": True, "limit": 20})
results = [call("/api/v1/persons/search", {"filter": FILTER, "count": True, "limit": 20})
           for _ in range(10)]
report(f"filter city + custom option + activity, with count ({results[0][1].get('total')} matches)",
       [t for t, _ in results])

# Consent states (issue 4): one consent condition over every person, with the count, alone and
# with a place; the demo's newsletter type.
CONSENT_FILTERS = [
    ("consent newsletter granted", {"consent": "newsletter", "state": "granted"}),
    ("consent newsletter withdrawn", {"consent": "newsletter", "state": "withdrawn"}),
    ("consent newsletter none", {"consent": "newsletter", "state": "none"}),
    ("consent newsletter granted AND city Oslo",
     {"and": [{"consent": "newsletter", "state": "granted"},
              {"field": "city", "op": "eq", "value": "Oslo"}]}),
]
for name, consent_filter in CONSENT_FILTERS:
    call("/api/v1/persons/search", {"filter": consent_filter, "count": True, "limit": 20})
    results = [call("/api/v1/persons/search", {"filter": consent_filter, "count": True, "limit": 20})
               for _ in range(5)]
    report(f"{name}, with count ({results[0][1].get('total')} matches)", [t for t, _ in results])
