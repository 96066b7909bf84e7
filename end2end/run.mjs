// Browser tests: Playwright (core) driving Debian's Chromium against a running
// server (GSP_BASE_URL, started by scripts/e2e.sh with the demo data).
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BASE, DEMO, launch, signIn, totp } from './lib.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
fs.mkdirSync(SHOTS, { recursive: true });

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${BASE}/readyz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${BASE} not ready`);
}

const browser = await (async () => {
  await waitForServer();
  return launch();
})();

let current = null;
let scriptErrors = [];
async function newPage(opts = {}) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 }, ...opts });
  const page = await ctx.newPage();
  current = page;
  // any script error fails the test that caused it (hydration errors above all)
  page.on('pageerror', (e) => {
    console.log('  [page error]', e.message);
    scriptErrors.push(e.message);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('Failed to load resource')) {
      console.log('  [console error]', m.text().slice(0, 2000));
      scriptErrors.push(m.text());
    }
  });
  return page;
}

async function hydrated(page) {
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('sign in with password and TOTP, dashboard in Chinese with real counts', async () => {
  const page = await newPage();
  await signIn(page, 'auditor');
  await hydrated(page);
  const title = await page.textContent('[data-testid=page-title]');
  assert(title.trim() === '工作台', `title was ${title}`);
  const accounts = await page.textContent('[data-testid=stat-accounts] div:last-child');
  assert(accounts.trim() === '7', `accounts card shows ${accounts}`);
  assert((await page.getAttribute('html', 'lang')) === 'zh-CN', 'html lang is zh-CN');
  await page.screenshot({ path: `${SHOTS}/dashboard-zh.png`, fullPage: true });

  // switch to English; it persists across a reload
  await page.click('[data-testid=lang-switch]');
  await page.waitForSelector('text=Dashboard');
  await hydrated(page);
  assert((await page.textContent('[data-testid=page-title]')).trim() === 'Dashboard', 'English title');
  await page.reload();
  assert((await page.textContent('[data-testid=page-title]')).trim() === 'Dashboard', 'English after reload');
  await page.screenshot({ path: `${SHOTS}/dashboard-en.png`, fullPage: true });
  await page.click('[data-testid=lang-switch]');
  await page.waitForSelector('text=工作台');

  // the audit administrator verifies the chain
  await page.click('a[href="/audit"]');
  await page.waitForSelector('[data-testid=audit-table]');
  await hydrated(page);
  await page.click('[data-testid=verify-chain]');
  await page.waitForSelector('[data-testid=verify-result]');
  assert((await page.getAttribute('[data-testid=verify-result]', 'data-ok')) === 'true', 'chain verified');
  const rows = await page.locator('[data-testid=audit-table] tbody tr').count();
  assert(rows > 5, `audit rows: ${rows}`);
  await page.screenshot({ path: `${SHOTS}/audit.png`, fullPage: true });

  // filter by action
  await page.fill('#f-action', 'auth.sign_in');
  await page.click('[data-testid=audit-filter]');
  await page.waitForFunction(() => location.search.includes('action=auth.sign_in'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=audit-table] tbody tr[data-seq]')]
    .every((tr) => tr.textContent.includes('auth.sign_in')));

  // sign out ends the session: the dashboard is no longer reachable
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(/\/login/);
  await page.goto(`${BASE}/`);
  assert(page.url().startsWith(`${BASE}/login`), `after sign-out / went to ${page.url()}`);
  await page.context().close();
});

test('five wrong passwords lock the account', async () => {
  const page = await newPage();
  for (let i = 0; i < 5; i++) {
    await page.goto(`${BASE}/login`);
    await page.fill('#username', 'provider');
    await page.fill('#password', `Wrong-Password-${i}`);
    await page.click('[data-testid=sign-in]');
    await page.waitForSelector('[data-testid=auth-error]');
  }
  const msg = await page.textContent('[data-testid=auth-error]');
  assert(msg.includes('锁定'), `5th failure message: ${msg}`);
  // the right password is refused while locked
  await page.fill('#password', DEMO.provider.password);
  await page.click('[data-testid=sign-in]');
  await page.waitForSelector('[data-testid=auth-error]');
  assert((await page.textContent('[data-testid=auth-error]')).includes('锁定'), 'still locked');
  await page.screenshot({ path: `${SHOTS}/locked.png` });
  await page.context().close();
});

test('sign-in works before hydration (no JavaScript)', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, 'supervisor');
  const title = await page.textContent('[data-testid=page-title]');
  assert(title.trim() === '工作台', `no-JS dashboard title ${title}`);
  await page.context().close();
});

test('system administrator creates an account; security administrator assigns its role', async () => {
  const page = await newPage();
  await signIn(page, 'sysadmin');
  await page.click('a[href="/accounts"]');
  await page.waitForSelector('[data-testid=accounts-table]');
  await hydrated(page);
  await page.click('summary');
  // a bad username names the field
  await page.fill('#new-username', 'X!');
  await page.fill('#new-display-name', '王芳');
  await page.click('[data-testid=create-account]');
  await page.waitForSelector('[data-field-error=username]');
  await page.fill('#new-username', 'wangfang');
  await page.click('[data-testid=create-account]');
  await page.waitForSelector('[data-testid=one-time-password]');
  const otp = (await page.textContent('[data-testid=one-time-password]')).trim();
  assert(otp.length >= 10, `one-time password ${otp}`);
  await page.waitForSelector('tr[data-username=wangfang]');
  await page.screenshot({ path: `${SHOTS}/accounts.png`, fullPage: true });
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(/\/login/);
  await page.context().close();

  const sec = await newPage();
  await signIn(sec, 'secadmin');
  await sec.goto(`${BASE}/accounts?q=wangfang`);
  await hydrated(sec);
  await sec.click('tr[data-username=wangfang] >> text=分配角色');
  await sec.check('[data-testid=role-editor] input[value=reviewer]');
  await sec.fill('#role-reason', '新入职审核员');
  await sec.click('[data-testid=save-roles]');
  await sec.waitForSelector('[data-testid=role-editor]', { state: 'detached' });
  await sec.waitForSelector('tr[data-username=wangfang] >> text=审核员');
  await sec.screenshot({ path: `${SHOTS}/roles.png`, fullPage: true });
  await sec.context().close();
});

test('a new administrator changes the one-time password and enrols TOTP at first sign-in', async () => {
  // created from the command line, as on a real installation
  const out = execFileSync(process.env.GSP_BIN, ['--data-dir', process.env.GSP_DATA_DIR, 'admin', 'create',
    '--username', 'newadmin', '--role', 'security-admin'], { encoding: 'utf8' });
  const otp = out.match(/one-time password: (\S+)/)[1];
  const page = await newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', 'newadmin');
  await page.fill('#password', otp);
  await page.click('[data-testid=sign-in]');
  await page.waitForURL(/\/login\/password/);
  // a weak password is refused with the rule it breaks
  await page.fill('#new_password', 'abcdefghijk');
  await page.fill('#confirm', 'abcdefghijk');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=auth-error]');
  const policy = await page.textContent('[data-testid=auth-error]');
  assert(policy.includes('三类'), `policy message names the rule: ${policy}`);
  await page.fill('#new_password', 'Strong-Passw0rd!');
  await page.fill('#confirm', 'Strong-Passw0rd!');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/login\/enrol/);
  await page.waitForSelector('svg');
  const secret = (await page.textContent('[data-testid=totp-secret]')).trim();
  await page.screenshot({ path: `${SHOTS}/enrol.png` });
  await page.fill('#code', totp(secret));
  await page.click('form[action="/auth/enrol"] button[type=submit]');
  await page.waitForURL(`${BASE}/`);
  assert((await page.textContent('[data-testid=whoami]')).includes('newadmin'), 'signed in as newadmin');
  await page.context().close();
});

let passed = 0;
let failed = 0;
for (const t of tests) {
  const start = Date.now();
  try {
    scriptErrors = [];
    await t.fn();
    if (scriptErrors.length) throw new Error(`script errors in the page: ${scriptErrors[0].slice(0, 300)}`);
    passed++;
    console.log(`ok   ${t.name} (${Date.now() - start} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name}: ${e.message}`);
    if (current && !current.isClosed()) {
      console.log(`     at ${current.url()} (screenshot end2end/screenshots/failed-${failed}.png)`);
      await current.screenshot({ path: `${SHOTS}/failed-${failed}.png`, fullPage: true }).catch(() => {});
    }
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
