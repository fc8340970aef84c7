// What both browser tests need around the browser: the assembled server started from a
// temporary copy in its own process group, plain HTTP probes, bounded waits, and Chromium
// launched with the flags this machine needs. Dependency-free; playwright's `chromium` is
// passed in by each test, since node_modules live beside the tests.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** A GET (or other request) that answers null instead of throwing when nothing listens. */
export async function get(url, headers = {}, timeoutMs = 5000) {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch {
    return null;
  }
}

/** The flags Chromium needs here: no sandbox as root, and no background traffic to a closed network. */
export function launchChromium(chromium, executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** The server of one test run, started from a copy in {@code workDir}. */
export class TestServer {
  constructor(workDir) {
    this.workDir = workDir;
    this.process = null;
    // a test runner killed mid-run must not leave the server behind
    process.on('exit', () => this.kill('SIGKILL'));
  }

  /** Starts {@code serverCopy}/bin/crm-connector with {@code env} added, logging to workDir/server.log. */
  start(serverCopy, env) {
    const log = openSync(join(this.workDir, 'server.log'), 'a');
    this.process = spawn(join(serverCopy, 'bin/crm-connector'), [], {
      cwd: serverCopy,
      env: { ...process.env, ...env },
      detached: true, // its own process group, so stopping it stops everything it started
      stdio: ['ignore', log, log],
    });
    closeSync(log);
  }

  /** Polls {@code check} until it holds, failing at the deadline or as soon as the server exits. */
  async waitFor(what, check, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.process && this.process.exitCode !== null) {
        throw new Error(`the server exited (code ${this.process.exitCode}) while waiting for ${what}; `
          + `see ${this.workDir}/server.log`);
      }
      if (await check()) { return; }
      if (Date.now() > deadline) { throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`); }
      await sleep(500);
    }
  }

  kill(signal) {
    if (this.process && this.process.exitCode === null) {
      try { process.kill(-this.process.pid, signal); } catch { /* already gone */ }
    }
  }

  /** SIGTERM to the process group, SIGKILL if it is still there after 15 s. */
  stop() {
    if (!this.process || this.process.exitCode !== null) { return Promise.resolve(); }
    const exited = new Promise((r) => this.process.once('exit', r));
    this.kill('SIGTERM');
    const hard = setTimeout(() => this.kill('SIGKILL'), 15000);
    return exited.finally(() => clearTimeout(hard));
  }
}
