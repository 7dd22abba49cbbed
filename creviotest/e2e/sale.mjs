#!/usr/bin/env node
// End-to-end test of creviomock from outside Go: a full sale driven over
// HTTP with Node's built-in fetch, as a developer working in any language
// would drive it.
//
//   node creviotest/e2e/sale.mjs     (from the repository root; Node 18+)
//
// It builds creviomock (or runs $CREVIOMOCK when set), starts it on a free
// loopback port with -state, starts a webhook receiver, and then: creates
// a webhook endpoint, a product and a price variant, opens a checkout,
// completes it over the control plane, receives the order.paid delivery
// and verifies its Standard Webhooks signature (HMAC-SHA256 over
// "id.timestamp.payload", keyed with the base64 secret after "whsec_"),
// refunds the order, and finally restarts creviomock on the same state
// file to check the sale survived. It exits non-zero on the first failure.

import { spawn, execFileSync } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const TOKEN = "sk_test_e2e";
const work = mkdtempSync(join(tmpdir(), "creviomock-e2e-"));
const statePath = join(work, "state.json");
const children = new Set();

function fail(msg) {
  throw new Error(msg);
}

function check(cond, msg) {
  if (!cond) fail(msg);
}

function step(msg) {
  console.log(`e2e: ${msg}`);
}

// The whole run may take at most a minute.
const deadline = setTimeout(() => {
  console.error("e2e: FAILED: timed out");
  cleanup();
  process.exit(1);
}, 60_000);

function cleanup() {
  for (const c of children) c.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}

function binary() {
  if (process.env.CREVIOMOCK) return process.env.CREVIOMOCK;
  const bin = join(work, "creviomock");
  execFileSync("go", ["build", "-o", bin, "./cmd/creviomock"], { stdio: "inherit" });
  return bin;
}

// startMock runs creviomock and resolves with its base URL once it prints
// its settings.
function startMock(bin) {
  const child = spawn(bin, ["-addr", "127.0.0.1:0", "-token", TOKEN, "-state", statePath], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const log = [];
  child.stderr.on("data", (d) => log.push(String(d)));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => {
    children.delete(child);
    resolve({ code, signal, log: log.join("") });
  }));
  const lines = createInterface({ input: child.stdout });
  const stdout = [];
  const ready = new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      stdout.push(line);
      const m = line.match(/^export CREVIO_BASE_URL=(.*)$/);
      if (m) resolve(m[1]);
    });
    exited.then((r) => reject(new Error(`creviomock exited early (${r.code}): ${r.log}`)));
  });
  return { child, ready, exited, stdout };
}

async function stopMock(mock) {
  mock.child.kill("SIGTERM");
  const r = await mock.exited;
  check(r.code === 0, `creviomock exited with ${r.code} ${r.signal ?? ""}: ${r.log}`);
  return r;
}

// api calls the fake and returns the decoded answer, failing on a non-2xx.
async function api(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    fail(`${method} ${path}: ${res.status}, not JSON: ${text}`);
  }
  if (!res.ok) fail(`${method} ${path}: ${res.status} ${text}`);
  return json;
}

// startReceiver serves webhook deliveries on a loopback port; next()
// resolves with the next delivery (raw body and headers).
function startReceiver() {
  const queue = [];
  const waiters = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const d = { body: Buffer.concat(chunks).toString("utf8"), headers: req.headers };
      res.writeHead(204).end();
      const w = waiters.shift();
      if (w) w(d);
      else queue.push(d);
    });
  });
  const listening = new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
  return {
    listening,
    next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
    close: () => new Promise((r) => server.close(r)),
  };
}

// verify checks a Standard Webhooks signature and returns the event.
function verify(secret, d) {
  const id = d.headers["webhook-id"];
  const ts = d.headers["webhook-timestamp"];
  const sigs = d.headers["webhook-signature"];
  check(id && ts && sigs, `missing signature headers: ${JSON.stringify(d.headers)}`);
  check(Math.abs(Date.now() / 1000 - Number(ts)) < 300, `timestamp ${ts} is not within 5 minutes`);
  check(secret.startsWith("whsec_"), `secret ${secret.slice(0, 6)}… lacks whsec_`);
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${ts}.${d.body}`).digest();
  const ok = sigs.split(" ").some((s) => {
    const [version, b64] = s.split(",");
    const got = Buffer.from(b64 ?? "", "base64");
    return version === "v1" && got.length === expected.length && timingSafeEqual(got, expected);
  });
  check(ok, `no valid v1 signature in ${sigs}`);
  // The same check must refuse a tampered body.
  const tampered = createHmac("sha256", key).update(`${id}.${ts}.${d.body} `).digest("base64");
  check(!sigs.includes(tampered), "a tampered body verified");
  return JSON.parse(d.body);
}

async function main() {
  const bin = binary();
  const receiver = startReceiver();
  const port = await receiver.listening;

  let mock = startMock(bin);
  let base = await mock.ready;
  step(`creviomock at ${base}`);

  const endpoint = await api(base, "POST", "/webhook_endpoints", {
    url: `http://127.0.0.1:${port}/crevio`,
    events: ["order.paid"],
  });
  check(endpoint.secret?.startsWith("whsec_"), "the endpoint's create shows its secret");

  const product = await api(base, "POST", "/products", { name: "E2E Course", status: "active" });
  const variant = await api(base, "POST", "/price_variants", {
    product: product.id, name: "Full price", amount: 4900, currency: "usd",
  });
  step(`product ${product.id} with price variant ${variant.id}`);

  const checkout = await api(base, "POST", "/checkouts", {
    line_items: [{ price_variant: variant.id, quantity: 1 }],
    email: "buyer@example.com",
  });
  check(checkout.status === "open" && checkout.amount_total === 4900, `checkout: ${JSON.stringify(checkout)}`);

  const order = await api(base, "POST", `/test_helpers/checkouts/${checkout.id}/complete`);
  check(order.object === "order" && order.status === "paid", `order: ${JSON.stringify(order)}`);
  check(order.amount_total === 4900 && order.checkout === checkout.id, `order amounts: ${JSON.stringify(order)}`);
  step(`checkout ${checkout.id} completed: order ${order.id}`);

  const delivery = await receiver.next();
  const event = verify(endpoint.secret, delivery);
  check(event.type === "order.paid", `event type ${event.type}`);
  check(event.data.object.id === order.id, `event is about ${event.data.object.id}, not ${order.id}`);
  step(`order.paid ${event.id} received and verified`);

  await api(base, "POST", "/test_helpers/deliveries/wait?timeout=10s");
  const deliveries = await api(base, "GET", "/test_helpers/deliveries?type=order.paid");
  check(deliveries.data.length === 1, `deliveries: ${JSON.stringify(deliveries)}`);
  const d = deliveries.data[0];
  check(d.status === "delivered" && d.attempts === 1 && d.deliveries[0].response_status === 204,
    `delivery: ${JSON.stringify(d)}`);

  const refund = await api(base, "POST", "/refunds", { order: order.id, reason: "requested_by_customer" });
  check(refund.status === "succeeded" && refund.amount === 4900, `refund: ${JSON.stringify(refund)}`);
  const refunded = await api(base, "GET", `/orders/${order.id}`);
  check(refunded.status === "refunded" && refunded.amount_refunded === 4900, `refunded order: ${JSON.stringify(refunded)}`);
  step(`order refunded by ${refund.id}`);

  // -state: the sale survives a restart.
  await stopMock(mock);
  check(existsSync(statePath), "no state file after shutdown");
  mock = startMock(bin);
  base = await mock.ready;
  const again = await api(base, "GET", `/orders/${order.id}`);
  check(again.status === "refunded" && again.id === order.id, `after restart: ${JSON.stringify(again)}`);
  const refunds = await api(base, "GET", `/refunds?order=${order.id}`);
  check(refunds.data.length === 1 && refunds.data[0].id === refund.id, `refunds after restart: ${JSON.stringify(refunds)}`);
  step("state survived a restart");
  await stopMock(mock);
  await receiver.close();
}

try {
  await main();
  clearTimeout(deadline);
  cleanup();
  console.log("e2e: PASS");
} catch (err) {
  console.error(`e2e: FAILED: ${err.message}`);
  cleanup();
  process.exit(1);
}
