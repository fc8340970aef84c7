// Browser test of the demo agent page: the assembled server (distribution/target/server),
// started from a temporary copy, driven by headless Debian Chromium through playwright-core.
//
//   cd distribution/src/test/browser && npm ci && node --test
//
// Environment: CRM_TEST_PORT (default 19180), CRM_SERVER_DIR (default ../../../target/server),
// CHROMIUM_PATH (default /usr/bin/chromium), CRM_STARTUP_TIMEOUT_MS (default 120000).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { TestServer, get, launchChromium } from '../browser-support/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = resolve(here, '../../..');
const serverDir = resolve(process.env.CRM_SERVER_DIR || join(distribution, 'target/server'));
const artifacts = join(distribution, 'target/browser-artifacts');
const port = Number(process.env.CRM_TEST_PORT || 19180);
const origin = `http://127.0.0.1:${port}`;
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const startupTimeout = Number(process.env.CRM_STARTUP_TIMEOUT_MS || 120000);
const api = `${origin}/api/v1/tenants/demo`;
const auth = { Authorization: 'Bearer demo-key' };

let workDir;
let server;
let browser;
let page;
const state = {};






async function shot(name) {
  if (page) { await page.screenshot({ path: join(artifacts, name), fullPage: true }); }
}

before(async () => {
  assert.ok(existsSync(join(serverDir, 'bin/crm-connector')),
    `no assembled server at ${serverDir}; build it first: mvn -B -q install -DskipTests`);
  assert.ok(existsSync(chromiumPath), `no Chromium at ${chromiumPath} (Debian: apt-get install chromium)`);
  assert.equal(await get(`${origin}/health`), null, `something already answers on port ${port}; not testing it`);
  mkdirSync(artifacts, { recursive: true });

  // a fresh copy per run: no felix-cache, configuration or log leaks from one run into the next
  workDir = mkdtempSync(join(tmpdir(), 'crm-browser-test-'));
  cpSync(serverDir, join(workDir, 'server'), { recursive: true, filter: (src) => !src.includes('felix-cache') });
  server = new TestServer(workDir);
  server.start(join(workDir, 'server'), { CRM_PORT: String(port),
    CRM_CONSOLE_PASSWORD: randomBytes(12).toString('hex'), JAVA_OPTS: process.env.JAVA_OPTS || '-Xmx256m' });
  await server.waitFor('/health', async () => (await get(`${origin}/health`))?.ok, startupTimeout);
  // the pages' components may register a moment after the API
  await server.waitFor('/agent/', async () => {
    const r = await get(`${origin}/agent/`);
    return r?.ok && (await r.text()).includes('crm-connect.js');
  }, 30000);

  browser = await launchChromium(chromium, chromiumPath);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => { state.pageErrors = (state.pageErrors || []).concat(String(e)); });
});

after(async () => {
  try {
    if (browser) { await browser.close(); }
  } finally {
    if (server) { await server.stop(); }
    if (workDir && !process.env.CRM_KEEP_WORKDIR) { rmSync(workDir, { recursive: true, force: true }); }
  }
});

test('the server serves the agent page, the client and the demo CRM', async () => {
  const redirect = await get(`${origin}/agent`);
  assert.equal(redirect.status, 302);
  const js = await get(`${origin}/agent/crm-connect.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  const found = await (await get(`${origin}/demo-crm/api/contacts?phone=${encodeURIComponent('555-123-4567')}`)).json();
  assert.deepEqual(found.results.map((c) => c.id), ['c1']);
});

test('the agent connects and receives the softphone callbacks', async () => {
  await page.goto(`${origin}/agent/`);
  assert.equal(await page.inputValue('#tenant'), 'demo');
  assert.equal(await page.inputValue('#apiKey'), 'demo-key');
  assert.equal(await page.inputValue('#agentId'), 'agent-1');
  await page.click('#connect');
  await page.waitForSelector('#agentStream.on');
  await page.waitForSelector('#softphoneStream.on');
  await page.waitForFunction(() => [...document.querySelectorAll('#disposition option')].some((o) => o.value === 'Resolved'));
  // watch pops from here on, as an embedding page would
  await page.evaluate(() => { window.__pops = []; window.demoAgent.client.on('screenPop', (p) => window.__pops.push(p)); });
});

test('a ringing call pops to the agent', async () => {
  await page.fill('#callerNumber', '+1 (555) 123-4567');
  await page.click('#ring');
  await page.waitForFunction(() => window.__pops.length > 0, null, { timeout: 15000 });
  const pop = await page.evaluate(() => window.__pops[0]);
  state.pop = pop;
  state.interactionId = pop.interactionId;
  assert.ok(pop.interactionId, 'the pop names its interaction');
  assert.equal(await page.textContent('#interactionId'), pop.interactionId);
  await page.waitForSelector('#log li[data-kind="screenPop"]');
  const status = await page.getAttribute('#popStatus', 'data-status');
  assert.equal(status, pop.status);
  if (pop.status === 'ok' && pop.url && pop.target === 'request-tab') {
    // the demo adapter is bound and the demo CRM knows the caller: the contact opens in a request tab
    const frame = page.locator('#popPanes iframe');
    await frame.waitFor();
    assert.match(await frame.getAttribute('src'), /\/demo-crm\/contacts\/c1$/);
    assert.equal(await page.textContent('#popTabs .tab.active'), pop.title || 'CRM');
    await page.frameLocator('#popPanes iframe').locator('#contact-name').waitFor();
  } else {
    // no adapter (or no match): the pop still arrives and says why, clearly
    const text = await page.textContent('#popStatus');
    if (pop.status === 'adapter_unavailable') {
      assert.match(text, /Adapter unavailable/);
      assert.match(text, /not available/);
    } else {
      assert.ok(text.length > 0);
    }
  }
  await shot('01-screen-pop.png');
});

test('accept, hang up and submit notes with a disposition finish the interaction', async () => {
  await page.click('#accept');
  await page.waitForFunction(() => document.getElementById('callState').textContent === 'talking');
  await page.fill('#duration', '42');
  await page.fill('#notes', 'Customer asked about the demo <script>alert(1)</script>');
  await page.click('#hangup');
  await page.waitForFunction(() => document.getElementById('callState').textContent === 'wrap-up');
  await page.selectOption('#disposition', 'Resolved');
  await page.click('#submitNotes');
  await page.waitForFunction(() => document.getElementById('callState').textContent === 'finished', null, { timeout: 15000 });
  const r = await get(`${api}/interactions/${encodeURIComponent(state.interactionId)}`, auth);
  assert.equal(r.status, 410);
  assert.equal((await r.json()).error.code, 'INTERACTION_FINISHED');
  await shot('02-call-finished.png');
});

test('the client runs only locally mapped commands and trusts only the configured origin', async () => {
  const result = await page.evaluate(async () => {
    const sources = [];
    class FakeEventSource {
      constructor(url) { this.url = url; this.listeners = {}; sources.push(this); }
      addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
      close() {}
      fire(type, data) { (this.listeners[type] || []).forEach((fn) => fn({ data: JSON.stringify(data), lastEventId: '7' })); }
    }
    const posted = [];
    const fakeFetch = (url, init) => { posted.push({ url, body: JSON.parse(init.body) });
      return Promise.resolve(new Response('{"status":"ok"}', { status: 200 })); };
    const ran = [];
    const refused = [];
    const c = window.CrmConnect({ tenantId: 'demo', apiKey: 'demo-key', agentId: 'agent-x',
      allowedOrigin: 'https://crm.example.com', EventSource: FakeEventSource, fetch: fakeFetch,
      commands: { ddesend: (args) => ran.push(args) } });
    c.on('commandRefused', (d) => refused.push(d.command));
    c.connect();
    const agent = sources.find((s) => s.url.includes('/agents/agent-x/events'));
    for (const command of ['ddesend', 'rm', 'constructor', '__proto__', 'toString']) {
      agent.fire('screenPop', { status: 'ok', command, args: ['2149'] });
    }
    const message = { type: 'CRMConnectMessage', action: 'requestPerformInteractionScreenPop',
      data: { aniValues: ['+15551234567'], allowScreenPop: true } };
    window.dispatchEvent(new MessageEvent('message', { data: message, origin: 'https://evil.example.com' }));
    window.dispatchEvent(new MessageEvent('message', { data: { ...message, type: 'Other' }, origin: 'https://crm.example.com' }));
    window.dispatchEvent(new MessageEvent('message', { data: message, origin: 'https://crm.example.com' }));
    await new Promise((r) => setTimeout(r, 50));
    c.disconnect();
    return { urls: sources.map((s) => s.url), ran, refused, posted };
  });
  assert.ok(result.urls.every((u) => u.includes('access_token=demo-key')));
  assert.ok(result.urls.some((u) => u.includes('/softphone/callbacks?') && u.includes('agentId=agent-x')));
  assert.deepEqual(result.ran, [['2149']]);
  assert.deepEqual(result.refused, ['rm', 'constructor', '__proto__', 'toString']);
  assert.equal(result.posted.length, 1, 'only the CRMConnectMessage from the allowed origin is forwarded');
  assert.match(result.posted[0].url, /\/api\/v1\/tenants\/demo\/crm-connect\/messages\?agentId=agent-x$/);
  assert.equal(result.posted[0].body.action, 'requestPerformInteractionScreenPop');
});

test('the demo CRM shows the contact card', async () => {
  await page.goto(`${origin}/demo-crm/contacts/c1`);
  assert.equal(await page.textContent('#contact-name'), 'Ada Lovelace');
  await shot('03-demo-crm-contact.png');
  assert.deepEqual(state.pageErrors || [], [], 'no script errors on the pages');
});
