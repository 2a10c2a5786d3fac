// Copies the compiled client (dist/*.js, ESM) into web/client/, where the reference page imports it without a bundler.
// The copy is checked in so that the DevHost serves the page from a fresh clone without Node; test/web-copy.test.ts
// fails when it differs from what the sources compile to.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(root, "..", "..", "web", "client");
rmSync(target, { recursive: true, force: true });
for (const file of readdirSync(join(root, "dist"), { recursive: true, encoding: "utf8" })) {
  if (file.endsWith(".js")) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(root, "dist", file), join(target, file));
  }
}
