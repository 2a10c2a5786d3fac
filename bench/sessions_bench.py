#!/usr/bin/env python3
"""Helpers for bench/sessions.sh: tokens, seeding over HTTP, wrk Lua and pgbench scripts, latency figures.

Sessions are named bench-<tenant>-<n>; tenant t is organization 00000000-0000-4000-8000-<t as 12 digits>,
so pgbench can address the same rows the HTTP run uses. Session n is autosaved on stage n % 5, like a
person typing into one stage: repeated PATCHes on a session are plain autosaves.
"""
import base64, hashlib, hmac, http.client, json, os, re, statistics, sys, time, datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGES = ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup"]
COLUMNS = ["organizer_data", "event_data", "ticket_data", "venue_data", "payment_data"]


def org(t):
    return "00000000-0000-4000-8000-%012d" % t


def user(t):
    return "00000000-0000-4000-9000-%012d" % t


# pgbench's tenant t, as org(t) and user(t) name it: the SQL expressions and the tenant setting every script starts with.
PG_ORG = "('00000000-0000-4000-8000-' || lpad(cast(:t as text), 12, '0'))::uuid"
PG_USER = "('00000000-0000-4000-9000-' || lpad(cast(:t as text), 12, '0'))::uuid"
PG_SET_TENANT = ("select set_config('app.current_org', '00000000-0000-4000-8000-' || lpad(cast(:t as text), 12, '0'), true), "
                 + "set_config('app.current_user', '00000000-0000-4000-9000-' || lpad(cast(:t as text), 12, '0'), true)")


def settings():
    for name in ("local.settings.json", "local.settings.sample.json"):
        path = os.path.join(ROOT, name)
        if os.path.exists(path):
            return json.load(open(path))["Values"]
    raise SystemExit("local.settings.sample.json not found")


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(t):
    s = settings()
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": user(t), "org_id": org(t), "iss": s["Auth__Issuer"], "aud": s["Auth__Audience"],
              "iat": now, "nbf": now, "exp": now + 3 * 3600}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = hmac.new(s["Auth__SigningKey"].encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


def payloads():
    date = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    return [
        {"name": "Ann Lee", "email": "ann@example.com", "phone": "+1 555 0100", "website": "https://ann.example.com"},
        {"title": "Spring show", "type": "fashion_show", "date": date, "startTime": "18:00", "endTime": "21:00",
         "timezone": "America/New_York", "description": "An evening of new collections."},
        {"tiers": [{"name": "GA", "price": 0, "quantity": 200}, {"name": "Friends", "price": 0, "quantity": 50}],
         "totalCapacity": 250},
        {"mode": "hybrid", "name": "Hall 1", "address": {"line1": "1 Main St", "city": "New York", "country": "US"},
         "url": "https://meet.example.com/spring"},
        {"enabled": False},
    ]


def seed(port, tenants, sessions):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    created = 0
    for t in range(1, tenants + 1):
        headers = {"Authorization": "Bearer " + token(t), "Content-Type": "application/json"}
        for n in range(sessions):
            conn.request("POST", "/api/wizard-session", json.dumps({"sessionId": "bench-%d-%d" % (t, n)}), headers)
            response = conn.getresponse()
            response.read()
            if response.status not in (200, 201):
                raise SystemExit("seeding failed: %d" % response.status)
            created += 1
    print("seeded %d sessions for %d tenants" % (created, tenants))


def lua(kind, tenants, sessions, out):
    tokens = ",\n".join('  "%s"' % token(t) for t in range(1, tenants + 1))
    bodies = ",\n".join("  [[%s]]" % json.dumps(p, separators=(",", ":")) for p in payloads())
    stages = ", ".join('"%s"' % s for s in STAGES)
    common = f"""
local tokens = {{
{tokens}
}}
local payloads = {{
{bodies}
}}
local stages = {{ {stages} }}
local tenants, sessions = {tenants}, {sessions}
-- tid is the global that setup() gives each thread: a local of that name would hide it, and both threads would draw
-- the same sessions and create the same ids.
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + tid)
end
local function headers(t)
  return {{ ["Authorization"] = "Bearer " .. tokens[t], ["Content-Type"] = "application/json" }}
end
"""
    if kind == "patch":
        body = """
request = function()
  local t = math.random(1, tenants)
  local n = math.random(0, sessions - 1)
  local k = n % 5 + 1
  local body = '{"sessionId":"bench-' .. t .. '-' .. n .. '","stage":"' .. stages[k] .. '","data":' .. payloads[k] .. '}'
  return wrk.format("PATCH", "/api/wizard-session", headers(t), body)
end
"""
    elif kind == "get":
        body = """
request = function()
  local t = math.random(1, tenants)
  local n = math.random(0, sessions - 1)
  return wrk.format("GET", "/api/wizard-session/bench-" .. t .. "-" .. n, headers(t))
end
"""
    elif kind == "resume":
        # POST of a seeded session's id: what the reference page sends on every reload (createOrResume).
        body = """
request = function()
  local t = math.random(1, tenants)
  local n = math.random(0, sessions - 1)
  return wrk.format("POST", "/api/wizard-session", headers(t), '{"sessionId":"bench-' .. t .. '-' .. n .. '"}')
end
"""
    elif kind == "health":
        # The floor under every route: HTTP, the request boundary, one pooled query (the schema version), no token.
        body = """
request = function()
  return wrk.format("GET", "/api/health")
end
"""
    elif kind == "create":
        # "Start a new event" on the reference page: a POST without an id (createOrResume()); the server makes the id.
        body = """
request = function()
  local t = math.random(1, tenants)
  return wrk.format("POST", "/api/wizard-session", headers(t), "{}")
end
"""
    elif kind == "create_with_id":
        # A POST of an id the organization does not have yet (a frontend that makes its ids itself): create-or-resume.
        body = """
request = function()
  counter = counter + 1
  local t = math.random(1, tenants)
  local body = '{"sessionId":"new-' .. tid .. '-' .. os.time() .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/wizard-session", headers(t), body)
end
"""
    else:
        raise SystemExit("unknown request kind: " + kind)
    open(out, "w").write(common + body)


def fast_sql():
    """The one-statement autosave exactly as SessionAutosave sends it (read from the source)."""
    source = open(os.path.join(ROOT, "Shared/Sessions/SessionAutosave.cs")).read()
    payloads = re.search(r'const string SaveAssignments = """\n(.*?)"""', source, re.S).group(1)
    sql = source_sql("Shared/Sessions/SessionAutosave.cs", "OneStatementSql")
    return sql.replace("{SaveAssignments}", payloads.strip())


def source_sql(path, name):
    """A const SQL string of a C# source file, with its {SessionRow.Columns} and {GetSql} filled in."""
    source = open(os.path.join(ROOT, path)).read()
    sql = re.search(r'const string %s = \$?"""\n(.*?)"""' % name, source, re.S).group(1)
    row = open(os.path.join(ROOT, "Shared/Sessions/SessionRow.cs")).read()
    columns = re.search(r'const string Columns = """\n(.*?)"""', row, re.S).group(1)
    if "{GetSql}" in sql:
        sql = sql.replace("{GetSql}", source_sql(path, "GetSql"))
    return sql.replace("{SessionRow.Columns}", columns.strip())


def pgbench_create_script(tenants, directory):
    """The create of a new session (no id in the request) as SessionStore sends it: the tenant setting and its one
    statement, one round trip, for -M prepared. Ids are pgbench-<client>-<random 63-bit number>, new every time."""
    values = {
        "@OrganizationId": PG_ORG,
        "@UserId": PG_USER,
        "@SessionId": "('pgbench-' || :client_id || '-' || :n)",
    }
    body = source_sql("Shared/Sessions/SessionStore.cs", "InsertNewSql")
    for name in sorted(values, key=len, reverse=True):
        body = body.replace(name, values[name])
    body = " ".join(line.strip() for line in body.strip().splitlines())
    path = os.path.join(directory, "create_prepared.sql")
    open(path, "w").write(
        "\\set t random(1, %d)\n" % tenants
        + "\\set n random(1, 9000000000000000000)\n"
        + "\\startpipeline\n"
        + PG_SET_TENANT + ";\n"
        + body + ";\n"
        + "\\endpipeline\n")
    print(path)


def pgbench_scripts(tenants, sessions, directory):
    """One script per stage (run with equal weights): the tenant setting and the autosave statement in one round trip."""
    files = []
    sql = fast_sql()
    for k, stage in enumerate(STAGES):
        # ": " so that pgbench does not read `:false` inside the JSON as a variable (prepared mode does).
        data = json.dumps(payloads()[k], separators=(",", ": ")).replace("'", "''")
        values = {
            "@OrganizationId": PG_ORG,
            "@SessionId": "('bench-' || :t || '-' || :n)",
            "@Target": "'%s'" % stage, "@TargetPosition": str(k + 1),
            "@CheckVersion": "false", "@IfMatch": "array[]::int[]",
            "@AllStages": "array['%s']" % "','".join(STAGES + ["reviewPublish"]),
        }
        for i, column in enumerate(COLUMNS):
            parameter = "@" + "".join(word.capitalize() for word in column.split("_"))
            values[parameter] = ("'%s'" % data) if i == k else "null"
        body = sql
        for name in sorted(values, key=len, reverse=True):
            body = body.replace(name, values[name])
        body = " ".join(line.strip() for line in body.strip().splitlines())
        script = (
            "\\set t random(1, %d)\n" % tenants
            + "\\set n 5 * random(0, %d) + %d\n" % ((sessions - 1 - k) // 5, k)
            + PG_SET_TENANT + " \\;\n"
            + body + "\n"
        )
        path = os.path.join(directory, "autosave_%d.sql" % k)
        open(path, "w").write(script)
        files.append(path)
        # The same two statements as one pipeline (one round trip, one implicit transaction) for -M prepared:
        # what the autosave would cost PostgreSQL with prepared statements (Npgsql's Max Auto Prepare).
        lines = script.splitlines()
        prepared = "\n".join(lines[:2] + ["\\startpipeline", lines[2].replace(" \\;", ";"), lines[3] + ";", "\\endpipeline"]) + "\n"
        open(os.path.join(directory, "autosave_prepared_%d.sql" % k), "w").write(prepared)
    print(" ".join(files))


def percentiles(log_glob_dir):
    """p50/p99 (ms) from pgbench -l per-transaction logs (3rd field: latency in microseconds)."""
    latencies = []
    for name in os.listdir(log_glob_dir):
        if name.startswith("pgbench_log"):
            for line in open(os.path.join(log_glob_dir, name)):
                parts = line.split()
                if len(parts) >= 3:
                    latencies.append(int(parts[2]))
    latencies.sort()
    if not latencies:
        print("n/a n/a")
        return
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000.0
    print("%.2f %.2f" % (pick(0.50), pick(0.99)))


def targets(runs_file):
    """bench/sessions.sh's runs (BENCH_RUNS) against issue 18's targets: each run's figures, how many runs met each, medians."""
    columns = ["run", "patch", "patch_p99", "prepared", "get", "get_p99", "create", "create_p99", "create_prepared",
               "create_with_id"]
    runs = [dict(zip(columns, map(float, line.split()))) for line in open(runs_file) if line.strip()]
    checks = [  # name, figure of a run, format, whether it meets its target
        ("autosave / pgbench prepared (>= 0.5)", lambda r: r["patch"] / r["prepared"], "%.2f", lambda v: v >= 0.5),
        ("autosave p99 ms (< 20)", lambda r: r["patch_p99"], "%.2f", lambda v: v < 20),
        ("create / autosave (>= 1)", lambda r: r["create"] / r["patch"], "%.2f", lambda v: v >= 1),
        ("get / autosave (>= 1)", lambda r: r["get"] / r["patch"], "%.2f", lambda v: v >= 1),
        ("autosave req/s", lambda r: r["patch"], "%.0f", None),
        ("create / its pgbench prepared", lambda r: r["create"] / r["create_prepared"], "%.2f", None),
        ("create p99 ms", lambda r: r["create_p99"], "%.2f", None),
        ("get p99 ms", lambda r: r["get_p99"], "%.2f", None),
        ("create / autosave, pgbench", lambda r: r["create_prepared"] / r["prepared"], "%.2f", None),
        ("create with an id / autosave", lambda r: r["create_with_id"] / r["patch"], "%.2f", None),
    ]
    print()
    print("%-38s %s   %-9s %s" % ("target, per run", "  ".join("%7s" % ("run %d" % r["run"]) for r in runs), "met", "median"))
    for name, figure, fmt, meets in checks:
        values = [figure(r) for r in runs]
        met = "%d of %d" % (sum(map(meets, values)), len(values)) if meets else ""
        print("%-38s %s   %-9s %s" % (name, "  ".join("%7s" % (fmt % v) for v in values), met, fmt % statistics.median(values)))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "seed":
        seed(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "lua":
        lua(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif command == "pgbench":
        pgbench_scripts(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif command == "pgbench-create":
        pgbench_create_script(int(sys.argv[2]), sys.argv[3])
    elif command == "percentiles":
        percentiles(sys.argv[2])
    elif command == "targets":
        targets(sys.argv[2])
    elif command == "token":
        print(token(int(sys.argv[2])))
