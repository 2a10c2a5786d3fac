import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** clients/typescript (the tests run from test-build/test/). */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const repositoryRoot = join(packageRoot, "..", "..");

test("the checked-in generated types are what openapi-typescript makes of docs/openapi.json (else: npm run generate)", async () => {
  const scratch = await mkdtemp(join(tmpdir(), "event-wizard-types-"));
  try {
    const fresh = join(scratch, "openapi.ts");
    // The same command as the package's `generate` script, written elsewhere.
    await promisify(execFile)(process.execPath, [
      join(packageRoot, "node_modules", "openapi-typescript", "bin", "cli.js"),
      join(repositoryRoot, "docs", "openapi.json"), "--empty-objects-unknown", "--output", fresh,
    ], { cwd: packageRoot });
    const checkedIn = await readFile(join(packageRoot, "src", "generated", "openapi.ts"), "utf8");
    assert.ok(checkedIn === await readFile(fresh, "utf8"),
      "src/generated/openapi.ts is stale against docs/openapi.json: run 'npm run generate' in clients/typescript and commit it");
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});

test("web/client holds the client as the sources compile it (else: npm run build && npm run web)", async () => {
  const compiled = (await readdir(join(packageRoot, "dist"), { recursive: true, encoding: "utf8" })).filter(file => file.endsWith(".js")).sort();
  const copied = (await readdir(join(repositoryRoot, "web", "client"), { recursive: true, encoding: "utf8" })).filter(file => file.endsWith(".js")).sort();
  assert.deepEqual(copied, compiled);
  for (const file of compiled) {
    assert.ok(await readFile(join(packageRoot, "dist", file), "utf8") === await readFile(join(repositoryRoot, "web", "client", file), "utf8"),
      `web/client/${file} is stale: run 'npm run build && npm run web' in clients/typescript and commit web/client`);
  }
});
