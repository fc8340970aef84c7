// Browser test of the "CRM Connector" page of the Felix Web Console (/system/console/crm):
// the assembled server (distribution/target/server), started from a temporary copy, driven by
// headless Debian Chromium through playwright-core.
//
//   cd distribution/src/test/browser-console && npm ci && node --test
//
// Environment: CRM_TEST_PORT (default 19390), CRM_SERVER_DIR (default ../../../target/server),
// CHROMIUM_PATH (default /usr/bin/chromium), CRM_STARTUP_TIMEOUT_MS (default 120000),
// CRM_ADAPTER_V2_JAR (a Salesforce adapter jar built with -Dcrm.build.tag=v2; when unset the test
// builds one itself from a temporary copy of the sources with `mvn -o`).
//
// The server is started as in production (no --demo): no demo tenant, no demo CRM. A hostile page
// served from another origin posts into the console with the browser's cached credentials and is
// refused. The console password is checked to be nowhere in `ps` or the System Properties page.
//
// How the dead letter is made: the server copy gets an outbox configuration with max.attempts=1
// and a Salesforce adapter instance 'sf-down' whose instance and login URLs point at a loopback
// port nothing listens on. The tenant created through the Configuration tab uses 'sf-down'; a call
// finished through the softphone API stores its log in the outbox, the one delivery attempt fails
// (token endpoint unreachable: RETRY), and with no attempts left the log becomes a dead letter,
// exactly as a log would after twelve failures in production.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { TestServer, get, launchChromium } from '../browser-support/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = resolve(here, '../../..');
const repo = resolve(distribution, '..');
const serverDir = resolve(process.env.CRM_SERVER_DIR || join(distribution, 'target/server'));
const artifacts = join(distribution, 'target/browser-artifacts');
const port = Number(process.env.CRM_TEST_PORT || 19390);
const origin = `http://127.0.0.1:${port}`;
const console_ = `${origin}/system/console`;
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const startupTimeout = Number(process.env.CRM_STARTUP_TIMEOUT_MS || 120000);
const user = 'admin';
const password = randomBytes(12).toString('hex');
const basic = { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') };
const TENANT = 'console-test';
const TENANT_KEY = 'console-test-key-' + randomBytes(6).toString('hex');

let workDir;
let server;
let browser;
let page;
let closedPort;
let v2Jar;
let hostile;
let hostilePort;




/** A loopback port that nothing listens on: taken, then released. */
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}



async function shot(name) {
  if (page) { await page.screenshot({ path: join(artifacts, name), fullPage: true }); }
}

/** The real adapter rebuilt with another build tag, from a temporary copy of the sources. */
function buildV2Jar() {
  if (process.env.CRM_ADAPTER_V2_JAR) { return resolve(process.env.CRM_ADAPTER_V2_JAR); }
  const src = join(workDir, 'src');
  cpSync(repo, src, { recursive: true,
    filter: (p) => !/(^|\/)(target|node_modules|\.git|felix-cache)(\/|$)/.test(p.slice(repo.length)) });
  // -am: a fresh machine's local repository has no api-bundle snapshot (CI runs verify, not install)
  const r = spawnSync('mvn', ['-B', '-q', '-o', '-pl', 'crm-salesforce-bundle', '-am', 'package', '-DskipTests',
    '-DskipITs', '-Dcrm.build.tag=v2'], { cwd: src, encoding: 'utf8', timeout: 600000 });
  assert.equal(r.status, 0, `building the v2 adapter failed:\n${r.stdout}\n${r.stderr}`);
  const dir = join(src, 'crm-salesforce-bundle/target');
  const jar = readdirSync(dir).find((f) => /^crm-salesforce-bundle-[^-]+(-SNAPSHOT)?\.jar$/.test(f));
  assert.ok(jar, 'the v2 build left no jar');
  return join(dir, jar);
}

/**
 * Another site, as an attacker's: /stop/<id> posts "stop bundle <id>" to the console, /plant posts a new
 * tenant to the Configuration tab, both as self-submitting forms, so the browser adds the operator's
 * cached Basic credentials exactly as it would on a real visit.
 */
function serveHostilePage(listenPort) {
  const html = (action, fields) => `<!doctype html><form method="post" action="${action}">`
    + Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('')
    + '</form><script>document.forms[0].submit()</script>';
  const server = createHttpServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    const stop = /^\/stop\/(\d+)$/.exec(req.url);
    if (stop) {
      res.end(html(`${console_}/bundles/${stop[1]}`, { action: 'stop' }));
    } else if (req.url === '/plant') {
      res.end(html(`${console_}/configMgr/__Temporary%20PID%20replaced%20by%20real%20PID%20upon%20save__`, {
        apply: 'true', action: 'ajaxConfigManager', factoryPid: 'org.crmconnector.tenant',
        propertylist: 'tenant.id,adapter.instance,.api.key', 'tenant.id': 'planted', 'adapter.instance': 'sf-down',
        '.api.key': 'planted-key-0123456789abcdefABCD' }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((res) => server.listen(listenPort, '127.0.0.1', () => res(server)));
}

async function bundleState(symbolicName) {
  const all = await (await get(`${console_}/bundles.json`, basic)).json();
  return all.data.find((b) => b.symbolicName === symbolicName);
}

async function openConsole(hash = '') {
  await page.goto(`${console_}/crm${hash}`);
  await page.waitForSelector('#crm-console');
}

/** Reloads the plugin page until {@code check} holds there. */
async function untilOnPage(what, check, timeoutMs = 60000) {
  await server.waitFor(what, async () => { await openConsole(); return check(); }, timeoutMs);
}

before(async () => {
  assert.ok(existsSync(join(serverDir, 'bin/crm-connector')),
    `no assembled server at ${serverDir}; build it first: mvn -B -q install -DskipTests`);
  assert.ok(existsSync(chromiumPath), `no Chromium at ${chromiumPath} (Debian: apt-get install chromium)`);
  assert.equal(await get(`${origin}/health`), null, `something already answers on port ${port}; not testing it`);
  mkdirSync(artifacts, { recursive: true });

  workDir = mkdtempSync(join(tmpdir(), 'crm-console-test-'));
  v2Jar = buildV2Jar();
  closedPort = await freePort();
  const srv = join(workDir, 'server');
  cpSync(serverDir, srv, { recursive: true,
    filter: (p) => !/^\/(felix-cache|data|conf\/configadmin)(\/|$)/.test(p.slice(serverDir.length)) });
  // one attempt, so a failing delivery becomes a dead letter at once (see the comment at the top)
  writeFileSync(join(srv, 'deploy/org.crmconnector.outbox.config'), 'max.attempts=I"1"\n');
  writeFileSync(join(srv, 'deploy/org.crmconnector.crm.salesforce-down.config'), [
    'crm.instance="sf-down"',
    `instance.url="http://127.0.0.1:${closedPort}"`,
    `login.url="http://127.0.0.1:${closedPort}"`,
    'client.id="console-test"',
    '.client.secret="not-a-secret"', ''].join('\n'));

  server = new TestServer(workDir);
  server.start(srv, { CRM_PORT: String(port), CRM_CONSOLE_USER: user, CRM_CONSOLE_PASSWORD: password,
    JAVA_OPTS: process.env.JAVA_OPTS || '-Xmx384m' });
  await server.waitFor('/health', async () => (await get(`${origin}/health`))?.ok, startupTimeout);
  await server.waitFor('the CRM Connector console page', async () => (await get(`${console_}/crm`, basic))?.status === 200, 60000);

  hostilePort = await freePort();
  hostile = await serveHostilePage(hostilePort);
  browser = await launchChromium(chromium, chromiumPath);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 },
    httpCredentials: { username: user, password } });
  page = await context.newPage();
});

after(async () => {
  try {
    if (browser) { await browser.close(); }
    if (hostile) { hostile.close(); }
  } finally {
    if (server) { await server.stop(); }
    if (workDir && !process.env.CRM_KEEP_WORKDIR) { rmSync(workDir, { recursive: true, force: true }); }
  }
});

test('the Web Console authenticates the plugin page and its actions', async () => {
  assert.equal((await get(`${console_}/crm`)).status, 401);
  assert.equal((await get(`${console_}/crm`, { Authorization: 'Basic ' + Buffer.from('admin:wrong').toString('base64') })).status, 401);
  const post = await fetch(`${console_}/crm`, { method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=retryAll&tenant=demo' });
  assert.equal(post.status, 401);
});

test('the plugin page sits inside the Web Console frame; a production start runs no demo', async () => {
  await openConsole();
  assert.match(await page.title(), /CRM Connector/);
  // the Web Console drew its navigation around our content
  assert.ok(await page.locator('#navmenu, #navigation, .navMenu').count() > 0, 'Web Console navigation present');
  for (const id of ['tenants', 'adapters', 'interactions', 'delivery', 'deploy']) {
    await page.locator(`h2#${id}`).waitFor();
  }
  // FileInstall binds the Salesforce instance of this test a moment after the start: reload until it is listed
  await untilOnPage('the sf-down adapter instance listed', async () =>
    (await page.locator('#crm-adapters tr[data-instance="sf-down"]').count()) > 0);
  assert.ok(await page.locator('#crm-adapters tr[data-bundle="org.crmconnector.crm.salesforce"]').count() > 0);
  assert.match(await page.textContent('#crm-deploy-folder'), /deploy$/);
  // started without --demo: neither the demo tenant nor the demo CRM (unauthenticated, writable) is there
  assert.equal(await page.locator("#crm-tenants tr[data-tenant='demo']").count(), 0, 'no demo tenant');
  assert.equal((await get(`${origin}/demo-crm/`)).status, 404, 'no demo CRM');
  assert.equal((await get(`${origin}/api/v1/tenants/demo/interactions`, { Authorization: 'Bearer demo-key' })).status, 401);
  assert.ok(!(await bundleState('org.crmconnector.democrm')), 'the demo CRM bundle is not installed');
  await shot('console-01-overview.png');
});

test('a hostile page cannot post into the Web Console with the operator\'s credentials', async () => {
  await openConsole(); // the browser now holds the operator's Basic credentials for the console
  const target = await bundleState('org.apache.felix.eventadmin');
  assert.equal(target.state, 'Active');
  for (const [path, consolePath] of [[`/stop/${target.id}`, `/bundles/${target.id}`], ['/plant', '/configMgr/']]) {
    // the answer to the form's POST (not a 401 challenge, should the browser send one first)
    const answered = page.waitForResponse((r) => r.url().startsWith(`${console_}${consolePath}`)
      && r.request().method() === 'POST' && r.status() !== 401);
    await page.goto(`http://localhost:${hostilePort}${path}`);
    const response = await answered;
    assert.equal(response.status(), 403, `${path}: the cross-site POST is refused`);
  }
  assert.equal((await bundleState('org.apache.felix.eventadmin')).state, 'Active', 'the bundle still runs');
  await openConsole();
  assert.equal(await page.locator("#crm-tenants tr[data-tenant='planted']").count(), 0, 'no tenant was planted');
  assert.equal((await get(`${origin}/api/v1/tenants/planted/interactions`,
    { Authorization: 'Bearer planted-key-0123456789abcdefABCD' })).status, 401);
});

test('the console password is in no command line and no system property', async () => {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  assert.equal(ps.status, 0);
  assert.ok(ps.stdout.includes('felix.jar'), 'ps lists the server');
  assert.ok(!ps.stdout.includes(password), 'ps shows the password');
  assert.ok(!readFileSync(`/proc/${server.process.pid}/cmdline`, 'utf8').includes(password));
  // the Status tab's System Properties page, found through the console's own navigation
  await openConsole();
  const link = page.locator('a', { hasText: 'System Properties' }).first();
  const href = await link.getAttribute('href');
  assert.ok(href, 'the console links its System Properties page');
  await page.goto(new URL(href, `${console_}/`).toString());
  const text = await page.textContent('body');
  assert.ok(text.includes('java.version'), 'the System Properties page');
  assert.ok(!text.includes(password), 'the System Properties page shows the password');
  assert.ok(!text.includes('felix.webconsole.password'), 'nor names it');
  // what the start script wrote for Felix holds only the password's hash, readable by its owner alone
  const runtime = join(workDir, 'server/conf/runtime.properties');
  assert.equal(statSync(runtime).mode & 0o777, 0o600);
  const written = readFileSync(runtime, 'utf8');
  assert.ok(!written.includes(password));
  assert.match(written, /^felix\.webconsole\.password=\{sha-256\}/m);
});

test('a tenant created with the Configuration tab form appears on the page', async () => {
  await page.goto(`${console_}/configMgr`);
  await page.click('tr[fpid="CRM connector: tenant"] li[title="Create new factory configuration"]');
  const form = page.locator('#editorForm');
  await form.waitFor();
  await form.locator('[name="tenant.id"]').fill(TENANT);
  await form.locator('[name="display.name"]').fill('Console <test> & co');
  await form.locator('[name="adapter.instance"]').fill('sf-down');
  await form.locator('[name=".api.key"]').fill(TENANT_KEY);
  await shot('console-02-configuration-form.png');
  await page.click('.ui-dialog button:has-text("Save")');
  await untilOnPage(`tenant ${TENANT} listed`, async () => (await page.locator(`#crm-tenants tr[data-tenant='${TENANT}']`).count()) > 0);
  const row = page.locator(`#crm-tenants tr[data-tenant='${TENANT}']`);
  assert.match(await row.textContent(), /Console <test> & co/, 'the name shown as text, escaped');
  assert.match(await row.textContent(), /bound \(service \d+\)/);
  // its edit link leads to its own configuration
  const href = await row.locator('a', { hasText: 'tenant' }).getAttribute('href');
  assert.match(href, /^\/system\/console\/configMgr\/org\.crmconnector\.tenant[~.]/);
  const adapterHref = await row.locator('a', { hasText: 'adapter' }).getAttribute('href');
  assert.match(adapterHref, /configMgr\/org\.crmconnector\.crm\.salesforce/);
  await shot('console-03-tenant-created.png');
});

async function softphone(event, body) {
  const r = await fetch(`${origin}/api/v1/tenants/${TENANT}/softphone/${event}`, { method: 'POST',
    headers: { Authorization: `Bearer ${TENANT_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, `${event}: ${r.status} ${await r.text()}`);
}

test('a live interaction is listed masked and opens with its data', async () => {
  await softphone('incomingCall', { conversationId: 'ct-live-1', callerANI: '+15551234567', agentId: 'agent-9' });
  await page.goto(`${console_}/crm?tenant=${TENANT}&agent=agent-9#interactions`);
  const row = page.locator('#crm-interactions tbody tr', { hasText: 'ct-live-1' });
  await row.waitFor();
  const text = await row.textContent();
  assert.ok(text.includes('4567') && !text.includes('5551234567'), `ANI masked: ${text}`);
  await row.locator('a').click();
  await page.locator('#crm-interaction').waitFor();
  assert.ok(!(await page.textContent('#crm-interaction')).includes('5551234567'));
  await shot('console-04-interaction.png');
  await page.click('text=Reveal personal data');
  await page.locator('#crm-interaction').waitFor();
  assert.ok((await page.textContent('#crm-interaction')).includes('+15551234567'));
});

test('a dead letter is shown with the CRM error and retried from the page', async () => {
  await softphone('outboundCallInitiated', { conversationId: 'ct-call-1', dialledTo: '+15550001234', agentId: 'agent-1' });
  await softphone('callEnded', { conversationId: 'ct-call-1', agentId: 'agent-1', duration: 30 });
  await softphone('callNotesSubmitted', { conversationId: 'ct-call-1', agentId: 'agent-1', notes: 'done' });
  const deadRow = () => page.locator(`#crm-deadletters tr[data-tenant='${TENANT}']`);
  await untilOnPage('the dead letter', async () => (await deadRow().count()) > 0);
  assert.match(await deadRow().first().textContent(), /Gave up after 1 attempts/);
  const failedBefore = Number(await page.locator(`#crm-delivery tr[data-tenant='${TENANT}'] td`).nth(5).textContent());
  await shot('console-05-dead-letter.png');

  // without the page's token the same request is refused
  const refused = await page.evaluate(async (tenant) => {
    const r = await fetch(window.location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `action=retryAll&tenant=${tenant}` });
    return { status: r.status, body: await r.json() };
  }, TENANT);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error, 'missing CSRF token');

  let question;
  page.once('dialog', (d) => { question = d.message(); d.accept(); });
  await Promise.all([page.waitForNavigation(), deadRow().first().locator('button.crm-retry').click()]);
  assert.match(question, /Send dead letter \d+ of tenant console-test again\?/);
  assert.match(await page.textContent('#crm-flash'), /queued again/);
  // the retry really went to the adapter: one more failed attempt, and (the CRM still down) a dead letter again
  await untilOnPage('the retried attempt', async () =>
    Number(await page.locator(`#crm-delivery tr[data-tenant='${TENANT}'] td`).nth(5).textContent()) > failedBefore
    && (await deadRow().count()) > 0);
  await shot('console-06-dead-letter-retried.png');
});

test('an uploaded adapter version is deployed and its tenants move to it', async () => {
  await openConsole('#deploy');
  const sfRow = page.locator('#crm-adapters tr[data-bundle="org.crmconnector.crm.salesforce"]').first();
  const tagBefore = (await sfRow.locator('.crm-tag').textContent()).trim();
  assert.notEqual(tagBefore, 'v2');
  await page.setInputFiles('#crm-upload-file', v2Jar);
  page.once('dialog', (d) => d.accept());
  await page.click('#crm-upload');
  await page.waitForFunction(() => /Deployed|Refused|Failed/.test(document.getElementById('crm-upload-result').textContent));
  assert.match(await page.textContent('#crm-upload-result'), /Deployed org\.crmconnector\.crm\.salesforce .*build tag v2/);
  await shot('console-07-upload.png');
  await untilOnPage('the v2 adapter bound', async () => {
    const tag = await page.locator('#crm-adapters tr[data-bundle="org.crmconnector.crm.salesforce"] .crm-tag').first().textContent();
    const binding = await page.locator(`#crm-bindings tr[data-tenant='${TENANT}']`).textContent();
    return tag.trim() === 'v2' && binding.includes('v2')
      && /bound/.test(await page.locator(`#crm-tenants tr[data-tenant='${TENANT}']`).textContent());
  }, 90000);
  await page.locator('#adapters').scrollIntoViewIfNeeded();
  await shot('console-08-adapter-v2.png');
});
