#!/usr/bin/env python3
"""The memory benchmark's measuring half (tests/bench/memory/run starts the platform and calls
this): idle RSS of each process, then a steady mixed load through the gateway while RSS is
sampled, then the table. Prints figures, asserts nothing about them; fails only when a step fails.

  memory_bench.py GATEWAY_URL ADMIN_EMAIL ADMIN_PASSWORD NAME=PID...

Environment: SHOP_BENCH_DURATION (600 s; "90s", "10m"), SHOP_BENCH_RATE (requests/s, 100),
SHOP_BENCH_SAMPLE (seconds between RSS samples, 10), SHOP_BENCH_SETTLE (seconds after start-up
before the idle figures, 20), SHOP_BENCH_PRODUCTS (20)."""
from __future__ import annotations

import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse
import uuid


def seconds(text: str) -> float:
    text = text.strip()
    for suffix, factor in (("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)):
        if text.endswith(suffix) and text[: -len(suffix)].replace(".", "", 1).isdigit():
            return float(text[: -len(suffix)]) * factor
    return float(text)


def memory(pid: int) -> dict[str, int]:
    """kB figures of one process: VmRSS, RssAnon, RssFile, Pss (smaps_rollup), Threads."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "Threads"):
                found[key] = int(value.split()[0])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    found["Pss"] = int(line.split()[1])
    except OSError:
        pass
    return found


class Client:
    """One keep-alive connection to the gateway."""

    def __init__(self, base: str):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def call(self, method: str, path: str, body=None, token: str = "") -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                if attempt:
                    return 0, b""
        return 0, b""


def must(result: tuple[int, bytes], what: str, ok=(200, 201)) -> dict:
    status, body = result
    if status not in ok:
        sys.exit(f"[bench/memory] error: {what}: HTTP {status} {body[:300]!r}")
    return json.loads(body) if body else {}


def setup(base: str, email: str, password: str, products: int, connections: int):
    c = Client(base)
    admin = must(c.call("POST", "/auth/login", {"email": email, "password": password}),
                 "admin login")["access_token"]
    category = must(c.call("POST", "/api/categories", {"name": "Bench lamps"}, admin),
                    "create category")["id"]
    ids = []
    for i in range(products):
        deadline = time.monotonic() + 30  # product-service learns the category from its events
        while True:
            status, body = c.call("POST", "/api/products",
                                  {"name": f"Lamp {i}", "price": "24.90", "stock": 1000000,
                                   "category_id": category}, admin)
            if status == 201:
                ids.append(json.loads(body)["id"])
                break
            if time.monotonic() > deadline:
                sys.exit(f"[bench/memory] error: create product: HTTP {status} {body[:300]!r}")
            time.sleep(0.2)
    users = []
    for _ in range(connections):  # one shopper per connection: each walks its own cart
        user_email = f"bench-{uuid.uuid4().hex[:8]}@shop.test"
        credentials = {"email": user_email, "password": "bench-password-1"}
        must(c.call("POST", "/auth/register", credentials), "register")
        users.append(must(c.call("POST", "/auth/login",
                                 {"email": user_email, "password": "bench-password-1"}),
                          "user login")["access_token"])
    return admin, users, category, ids


def load(base, admin, user, category, ids, rate, stop, counts, lock):
    """Paced requests, one connection: 70% GET a product, 10% the list, 10% a category rename,
    10% cart (add an item, or remove it again)."""
    c = Client(base)
    interval = 1.0 / rate
    next_at = time.monotonic()
    n = 0
    in_cart = set()
    while not stop.is_set():
        n += 1
        pick = n % 10
        if pick < 7:
            key, result = "get product", c.call("GET", f"/api/products/{random.choice(ids)}")
        elif pick == 7:
            key, result = "list products", c.call("GET", "/api/products?limit=20")
        elif pick == 8:
            key, result = "rename category", c.call(
                "PATCH", f"/api/categories/{category}", {"name": f"Bench lamps {n}"}, admin)
        else:
            product = random.choice(ids)
            if product in in_cart:
                key, result = "cart remove", c.call("DELETE", f"/cart/items/{product}", None, user)
                in_cart.discard(product)
            else:
                key, result = "cart add", c.call("POST", "/cart/items",
                                                 {"product_id": product, "quantity": 1}, user)
                in_cart.add(product)
        with lock:
            counts[(key, result[0])] = counts.get((key, result[0]), 0) + 1
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            stop.wait(delay)
        elif delay < -1:  # fell behind (a slow machine): do not burst to catch up
            next_at = time.monotonic()


def slope(samples: list[tuple[float, int]]) -> float:
    """Least-squares slope, kB per minute."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mv = sum(v for _, v in samples) / n
    den = sum((t - mt) ** 2 for t, _ in samples)
    return 60 * sum((t - mt) * (v - mv) for t, v in samples) / den if den else 0.0


def mb(kb: float) -> str:
    return f"{kb / 1024:.1f}"


def main(argv: list[str]) -> int:
    base, email, password = argv[:3]
    procs = [(p.split("=", 1)[0], int(p.split("=", 1)[1])) for p in argv[3:]]
    duration = seconds(os.environ.get("SHOP_BENCH_DURATION", "600"))
    rate = float(os.environ.get("SHOP_BENCH_RATE", "100"))
    every = seconds(os.environ.get("SHOP_BENCH_SAMPLE", "10"))
    settle = seconds(os.environ.get("SHOP_BENCH_SETTLE", "20"))
    products = int(os.environ.get("SHOP_BENCH_PRODUCTS", "20"))

    print(f"[bench/memory] idle: waiting {settle:.0f} s after start-up", file=sys.stderr)
    time.sleep(settle)
    idle = {name: memory(pid) for name, pid in procs}

    connections = max(1, min(8, int(rate // 25) or 1))
    admin, users, category, ids = setup(base, email, password, products, connections)
    stop = threading.Event()
    counts: dict = {}
    lock = threading.Lock()
    threads = [threading.Thread(target=load, daemon=True,
                                args=(base, admin, user, category, ids, rate / connections, stop,
                                      counts, lock)) for user in users]
    print(f"[bench/memory] load: {rate:.0f} requests/s over {connections} connections for "
          f"{duration:.0f} s, RSS every {every:.0f} s", file=sys.stderr)
    started = time.monotonic()
    for t in threads:
        t.start()
    samples: dict[str, list[tuple[float, dict]]] = {name: [] for name, _ in procs}
    while True:
        now = time.monotonic() - started
        for name, pid in procs:
            samples[name].append((now, memory(pid)))
        if now >= duration:
            break
        time.sleep(min(every, max(0.0, duration - now)))
    stop.set()
    for t in threads:
        t.join(timeout=15)
    elapsed = time.monotonic() - started

    total = sum(counts.values())
    print(f"load: {total} requests in {elapsed:.0f} s ({total / elapsed:.0f}/s); "
          "by kind and status:")
    for (kind, status), count in sorted(counts.items()):
        print(f"  {kind:16s} {status:3d}  {count}")
    print()
    print("RSS in MB (VmRSS; PSS and anonymous at idle; threads); under load: first sample, last, "
          "max; slope over the whole load and over its second half, MB/min; anonymous RSS at "
          "the first and the last sample")
    header = (f"{'process':13s} {'idle':>6s} {'pss':>6s} {'anon':>6s} {'thr':>4s} | {'start':>6s} "
              f"{'end':>6s} {'max':>6s} {'slope':>7s} {'slope2':>7s} | {'anon0':>6s} {'anon1':>6s}")
    print(header)
    for name, _ in procs:
        i = idle[name]
        s = [(t, m["VmRSS"]) for t, m in samples[name]]
        half = [x for x in s if x[0] >= s[-1][0] / 2]
        print(f"{name:13s} {mb(i['VmRSS']):>6s} {mb(i.get('Pss', 0)):>6s} {mb(i['RssAnon']):>6s} "
              f"{i['Threads']:>4d} | {mb(s[0][1]):>6s} {mb(s[-1][1]):>6s} "
              f"{mb(max(v for _, v in s)):>6s} {slope(s) / 1024:>7.2f} "
              f"{slope(half) / 1024:>7.2f} | "
              f"{mb(samples[name][0][1]['RssAnon']):>6s} {mb(samples[name][-1][1]['RssAnon']):>6s}")
    with open("/proc/loadavg") as f:
        print(f"load average at the end: {' '.join(f.read().split()[:3])}")
    errors = sum(c for (kind, status), c in counts.items() if status == 0 or status >= 500)
    if errors:
        print(f"[bench/memory] note: {errors} requests failed (status 0 or 5xx)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
