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
// how long the log of a finished call may take to reach the demo CRM and come back as logSaved
const logTimeout = Number(process.env.CRM_LOG_TIMEOUT_MS || 30000);

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
  // a demo start (bin/crm-connector --demo): the demo tenant and the demo CRM run only then
  server.start(join(workDir, 'server'), { CRM_PORT: String(port), CRM_DEMO: '1',
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
  const response = await page.goto(`${origin}/agent/`);
  assert.equal(response.headers()['content-security-policy'], "frame-ancestors 'self'");
  assert.equal(await page.inputValue('#tenant'), 'demo');
  assert.equal(await page.inputValue('#apiKey'), 'demo-key');
  assert.equal(await page.inputValue('#agentId'), 'agent-1');
  assert.equal(await page.textContent('#allowedOrigin'), 'none');
  const requested = [];
  const watch = (r) => requested.push({ method: r.method(), url: r.url() });
  page.on('request', watch);
  await page.click('#connect');
  await page.waitForSelector('#agentStream.on');
  await page.waitForSelector('#softphoneStream.on');
  page.off('request', watch);
  // the streams carry a stream token the page asked for; the tenant key is in no URL
  assert.ok(requested.some((r) => r.method === 'POST' && r.url === `${api}/agents/agent-1/stream-tokens`),
    JSON.stringify(requested));
  const streams = requested.filter((r) => r.url.includes('/events?') || r.url.includes('/callbacks?'));
  assert.equal(streams.length, 2, JSON.stringify(requested));
  assert.ok(streams.every((r) => /access_token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(r.url)), JSON.stringify(streams));
  assert.deepEqual(requested.filter((r) => r.url.includes('demo-key')), []);
  await page.waitForFunction(() => [...document.querySelectorAll('#disposition option')].some((o) => o.value === 'Resolved'));
  // watch pops and the interactions' outcomes from here on, as an embedding page would
  await page.evaluate(() => {
    window.__pops = [];
    window.__outcomes = [];
    const client = window.demoAgent.client;
    client.on('screenPop', (p) => window.__pops.push(p));
    for (const type of ['logSaved', 'logFailed', 'interactionFinished']) {
      client.on(type, (d) => window.__outcomes.push({ type, data: d }));
    }
  });
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

test('after wrap-up the page shows the CRM record the log was written to', async () => {
  const id = state.interactionId;
  // the log's final stage (wrap-up): with a quick wrap-up it may be the only one; a logFailed ends the wait early
  await page.waitForFunction((iid) => window.__outcomes.some((o) => o.data && o.data.interactionId === iid
      && (o.type === 'logFailed' || (o.type === 'logSaved' && o.data.stage === 'final'))), id, { timeout: logTimeout })
    .catch(async (e) => {
      const seen = await page.evaluate(() => window.__outcomes);
      throw new Error(`no logSaved (stage final) for ${id} within ${logTimeout} ms; outcomes seen: ${JSON.stringify(seen)}`,
        { cause: e });
    });
  const outcomes = (await page.evaluate(() => window.__outcomes)).filter((o) => o.data.interactionId === id);
  assert.deepEqual(outcomes.filter((o) => o.type !== 'logSaved'), [], 'no logFailed or interactionFinished for this call');
  const saved = outcomes.map((o) => o.data);
  assert.ok(saved.every((d) => ['ended', 'final'].includes(d.stage) && d.legId === undefined), JSON.stringify(saved));
  assert.deepEqual(saved.map((d) => d.stage).filter((s) => s === 'final'), ['final'], 'one final log');
  // the generic REST demo config: log.record.type "Activity", the id from the demo CRM's answer ("a" + number),
  // and no log.record.url.template, so no url; the ended and the final stage name the same record
  const record = saved.find((d) => d.stage === 'final').record;
  assert.equal(record.type, 'Activity');
  assert.match(record.id, /^a\d+$/);
  assert.equal(record.url, undefined);
  for (const d of saved) { assert.deepEqual(d.record, record, `stage ${d.stage} names the same record`); }

  // the demo CRM holds exactly that one activity for the call, updated at wrap-up with the disposition
  const activities = (await (await get(`${origin}/demo-crm/api/activities`)).json()).results
    .filter((a) => a.interactionId === id);
  assert.deepEqual(activities.map((a) => a.id), [record.id]);
  assert.equal(activities[0].disposition, 'Resolved');

  // the call's area shows one line for this call's log, replaced by the final stage, without a link
  const line = await page.evaluate((iid) => [...document.querySelectorAll('#outcomes li')]
    .filter((li) => li.dataset.interactionId === iid)
    .map((li) => ({ kind: li.dataset.kind, stage: li.dataset.stage, what: li.querySelector('.what').textContent,
      links: li.querySelectorAll('a').length })), id);
  assert.deepEqual(line, [{ kind: 'logSaved', stage: 'final', what: `Logged in CRM: Activity ${record.id}`, links: 0 }]);
  assert.equal(await page.isVisible('#outcomes'), true);
  await page.waitForSelector('#log li[data-kind="logSaved"]');
  await shot('02b-call-logged.png');
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
      streamToken: (agentId) => Promise.resolve({ token: 'tok.' + agentId, expiresAt: '2030-01-01T00:00:00Z' }),
      allowedOrigin: 'https://crm.example.com', EventSource: FakeEventSource, fetch: fakeFetch,
      commands: { ddesend: (args) => ran.push(args) } });
    c.on('commandRefused', (d) => refused.push(d.command));
    c.connect();
    await new Promise((r) => setTimeout(r, 0));
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
  assert.equal(result.urls.length, 2);
  assert.ok(result.urls.every((u) => u.includes('access_token=tok.agent-x') && !u.includes('demo-key')), result.urls.join());
  assert.ok(result.urls.some((u) => u.includes('/softphone/callbacks?') && u.includes('agentId=agent-x')));
  assert.deepEqual(result.ran, [['2149']]);
  assert.deepEqual(result.refused, ['rm', 'constructor', '__proto__', 'toString']);
  assert.equal(result.posted.length, 1, 'only the CRMConnectMessage from the allowed origin is forwarded');
  assert.match(result.posted[0].url, /\/api\/v1\/tenants\/demo\/crm-connect\/messages\?agentId=agent-x$/);
  assert.equal(result.posted[0].body.action, 'requestPerformInteractionScreenPop');
});

test('the client emits the outcome events and relays the log outcomes to the embedding page only', async () => {
  const result = await page.evaluate(async () => {
    const sources = [];
    class FakeEventSource {
      constructor(url) { this.url = url; this.listeners = {}; sources.push(this); }
      addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
      close() {}
      fire(type, data) { (this.listeners[type] || []).forEach((fn) => fn({ data: JSON.stringify(data), lastEventId: '9' })); }
    }
    const relayed = [];
    const parent = { postMessage: (message, targetOrigin) => relayed.push({ message, targetOrigin }) };
    const fakeWindow = { parent, addEventListener() {}, removeEventListener() {} };
    const emitted = [];
    const c = window.CrmConnect({ tenantId: 'demo', agentId: 'agent-x', streamToken: () => 'tok',
      allowedOrigin: 'https://crm.example.com', EventSource: FakeEventSource, window: fakeWindow,
      fetch: () => Promise.reject(new Error('no requests expected')) });
    for (const type of ['logSaved', 'logFailed', 'interactionFinished']) {
      c.on(type, (d, meta) => emitted.push({ type, d, id: meta.id }));
    }
    c.connect();
    await new Promise((r) => setTimeout(r, 0));
    const agent = sources.find((s) => s.url.includes('/agents/agent-x/events'));
    const saved = { interactionId: 'i-1', stage: 'final', record: { type: 'Task', id: '00T1', url: 'https://crm.example.com/00T1' } };
    const failed = { interactionId: 'i-2', legId: 2, stage: 'ended', deadLetterId: 17, error: 'CRM refused it: no' };
    const finished = { interactionId: 'i-3', reason: 'wrap-up-timeout', disposition: 'No wrap-up' };
    agent.fire('logSaved', saved);
    agent.fire('logFailed', failed);
    agent.fire('interactionFinished', finished);
    c.disconnect();
    return { emitted, relayed, saved, failed, finished };
  });
  assert.deepEqual(result.emitted, [{ type: 'logSaved', d: result.saved, id: '9' },
    { type: 'logFailed', d: result.failed, id: '9' }, { type: 'interactionFinished', d: result.finished, id: '9' }]);
  assert.deepEqual(result.relayed, [
    { message: { type: 'CRMConnectMessage', action: 'logSaved', data: result.saved }, targetOrigin: 'https://crm.example.com' },
    { message: { type: 'CRMConnectMessage', action: 'logFailed', data: result.failed }, targetOrigin: 'https://crm.example.com' }]);
});

test('the client takes a pop URL that is not http(s) out of the pop, for handlers and the parent alike', async () => {
  const result = await page.evaluate(async () => {
    const sources = [];
    class FakeEventSource {
      constructor(url) { this.url = url; this.listeners = {}; sources.push(this); }
      addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
      close() {}
      fire(type, data) { (this.listeners[type] || []).forEach((fn) => fn({ data: JSON.stringify(data), lastEventId: '3' })); }
    }
    const relayed = [];
    const fakeWindow = { parent: { postMessage: (message) => relayed.push(message.data) },
      location: { href: 'https://agent.example.com/agent/' }, addEventListener() {}, removeEventListener() {} };
    const pops = [];
    const refused = [];
    const c = window.CrmConnect({ tenantId: 'demo', agentId: 'agent-x', streamToken: () => 'tok',
      allowedOrigin: 'https://crm.example.com', EventSource: FakeEventSource, window: fakeWindow });
    c.on('screenPop', (p) => pops.push(p));
    c.on('popRefused', (d) => refused.push(d.url));
    c.connect();
    await new Promise((r) => setTimeout(r, 0));
    const agent = sources.find((s) => s.url.includes('/agents/agent-x/events'));
    for (const url of ['javascript:alert(document.domain)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)', 'https://crm.example.com/c/1', '/contacts/2']) {
      agent.fire('screenPop', { status: 'ok', interactionId: 'i-1', url, target: '_blank' });
    }
    c.disconnect();
    return { pops, relayed, refused };
  });
  assert.deepEqual(result.refused, ['javascript:alert(document.domain)', ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']);
  assert.deepEqual(result.pops.map((p) => p.url), [undefined, undefined, undefined, undefined,
    'https://crm.example.com/c/1', '/contacts/2']);
  assert.ok(result.pops.every((p) => p.interactionId === 'i-1' && p.status === 'ok'), 'the rest of the pop stays');
  assert.deepEqual(result.relayed, result.pops);
});

test('the client asks for a fresh token when the server refuses a reconnect, and resumes after the last event', async () => {
  const result = await page.evaluate(async () => {
    const sources = [];
    class FakeEventSource {
      constructor(url) { this.url = url; this.listeners = {}; this.readyState = 0; sources.push(this); }
      addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
      close() { this.readyState = 2; }
      fire(type, data, id) { (this.listeners[type] || []).forEach((fn) => fn({ data: JSON.stringify(data), lastEventId: id })); }
    }
    let issued = 0;
    const errors = [];
    const c = window.CrmConnect({ tenantId: 'demo', agentId: 'agent-x', streamToken: () => 'tok' + (++issued),
      EventSource: FakeEventSource, window: { addEventListener() {}, removeEventListener() {} } });
    c.on('streamError', (d) => errors.push(d));
    c.connect();
    await new Promise((r) => setTimeout(r, 0));
    const first = sources.find((s) => s.url.includes('/agents/agent-x/events'));
    first.readyState = 1;
    first.onopen();
    first.fire('agentStatus', { agentId: 'agent-x' }, '41');
    // the token expired and the browser's own reconnect was refused: EventSource gives up (CLOSED)
    first.readyState = 2;
    first.onerror();
    await new Promise((r) => setTimeout(r, 0));
    const second = sources.filter((s) => s.url.includes('/agents/agent-x/events'))[1];
    // a stream that never opened is not renewed: no loop against a server that refuses every token
    second.readyState = 2;
    second.onerror();
    await new Promise((r) => setTimeout(r, 0));
    c.disconnect();
    return { urls: sources.map((s) => s.url), errors, issued };
  });
  const agentUrls = result.urls.filter((u) => u.includes('/events'));
  assert.equal(agentUrls.length, 2, result.urls.join('\n'));
  assert.match(agentUrls[0], /access_token=tok[12]$/);
  assert.match(agentUrls[1], /access_token=tok3&lastEventId=41$/);
  assert.equal(result.issued, 3);
  assert.deepEqual(result.errors, [{ stream: 'agent', closed: false }, { stream: 'agent', closed: true }]);
});

test('every answer says nosniff, and only this server may frame the agent page', async () => {
  for (const url of [`${origin}/agent/`, `${origin}/agent/crm-connect.js`, `${origin}/api/v1/openapi.json`,
    `${api}/interactions`, `${origin}/health`, `${origin}/demo-crm/contacts/c1`]) {
    const r = await get(url);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', url);
  }
  assert.match((await get(`${origin}/demo-crm/contacts/c1`)).headers.get('content-security-policy'),
    new RegExp(`^frame-ancestors 'self' http://localhost:${port} http://127\\.0\\.0\\.1:${port}$`));

  // a page of another site frames the agent page: the browser refuses; a page of this server may
  const framer = (src) => `<!doctype html><iframe id="f" src="${src}" width="800" height="600"></iframe>`;
  const serveFramer = (route) => route.fulfill({ contentType: 'text/html', body: framer(`${origin}/agent/?tenant=demo`) });
  await page.route((url) => url.hostname === 'crm.evil.test', serveFramer);
  await page.route((url) => url.href === `${origin}/framing-test`, serveFramer);
  const framed = async (url) => {
    await page.goto(url);
    const frame = await (await page.waitForSelector('#f')).contentFrame();
    await frame.waitForLoadState('load').catch(() => {});
    return frame.evaluate(() => !!document.getElementById('connect')).catch(() => false);
  };
  assert.equal(await framed('http://crm.evil.test/'), false, 'another site may not frame the agent page');
  assert.equal(await framed(`${origin}/framing-test`), true, 'a page of this server may');
  await page.unrouteAll();
});

test('the demo CRM shows the contact card', async () => {
  await page.goto(`${origin}/demo-crm/contacts/c1`);
  assert.equal(await page.textContent('#contact-name'), 'Ada Lovelace');
  await shot('03-demo-crm-contact.png');
  assert.deepEqual(state.pageErrors || [], [], 'no script errors on the pages');
});
