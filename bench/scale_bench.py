#!/usr/bin/env python3
"""Helpers for bench/scale.sh: the rows the measured routes read, and publish latency measured one at a time.

Everything happens in tenant 1 (organization 00000000-0000-4000-8000-000000000001), the organization that holds
300,000 sessions once bench/scale-fixture.sql has run, over HTTP with real tokens (bench/sessions_bench.py).
"""
import http.client, json, sys, time

from sessions_bench import STAGES, payloads, token


class Api:
    def __init__(self, port, tenant=1):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.headers = {"Authorization": "Bearer " + token(tenant), "Content-Type": "application/json"}

    def call(self, method, path, body=None, expect=(200, 201)):
        self.conn.request(method, path, None if body is None else json.dumps(body), self.headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status not in expect:
            raise SystemExit("%s %s answered %d: %s" % (method, path, response.status, data[:300]))
        return json.loads(data) if data else None

    def complete_session(self, session_id):
        self.call("POST", "/api/wizard-session", {"sessionId": session_id})
        for stage, data in zip(STAGES, payloads()):
            self.call("PATCH", "/api/wizard-session", {"sessionId": session_id, "stage": stage, "data": data})


def prepare(port, run):
    """A published event (the public page) and a session with 150 interactions (the tail reads the last 100)."""
    api = Api(port)
    api.complete_session("scale-published-%s" % run)
    event = api.call("POST", "/api/publish-event", {"sessionId": "scale-published-%s" % run})
    tail = "scale-tail-%s" % run
    api.call("POST", "/api/wizard-session", {"sessionId": tail})
    ids = []
    for n in range(150):
        role = "user" if n % 2 == 0 else "assistant"
        row = api.call("POST", "/api/wizard-session/%s/interactions" % tail,
                       {"role": role, "stage": "eventSetup", "text": "Turn %d of the conversation." % n,
                        "tokensUsed": 120, "model": "gpt-4o", "latencyMs": 800})
        ids.append(row["id"])
    print(event["slug"], tail, ids[49])


def publish(port, run, count, warmup):
    """Publishes count complete sessions, one request at a time, after warmup more not counted; prints the counted
    calls' p50 and p99 in ms."""
    api = Api(port)
    names = ["scale-publish-%s-%d" % (run, n) for n in range(warmup + count)]
    for name in names:
        api.complete_session(name)
    took = []
    for name in names:
        start = time.perf_counter()
        api.call("POST", "/api/publish-event", {"sessionId": name}, expect=(201,))
        took.append((time.perf_counter() - start) * 1000)
    took = sorted(took[warmup:])
    print("%.2f %.2f" % (took[len(took) // 2], took[min(len(took) - 1, int(len(took) * 0.99))]))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        prepare(int(sys.argv[2]), sys.argv[3])
    elif command == "publish":
        publish(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
