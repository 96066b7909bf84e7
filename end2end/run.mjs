// Browser tests: Playwright (core) driving Debian's Chromium against a running
// server (GSP_BASE_URL, started by scripts/e2e.sh with the demo data).
import fs from 'node:fs';
import crypto from 'node:crypto';
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

// axe-core (WCAG 2.1 A/AA rules, which GB/T 37668 follows) on the page as
// shown; serious and critical violations fail the test (issue #16)
const AXE = fs.readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
async function accessible(page, where) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert(found.length === 0, `${where}: accessibility violations:\n    ${found.join('\n    ')}`);
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
  assert(accounts.trim() === '8', `accounts card shows ${accounts}`);
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
  // the checkpoint exported at start is checked too (issue #14.2)
  assert(/[1-9]\d*$/.test((await page.textContent('[data-testid=verify-checkpoints]')).trim()), 'exported checkpoints met');
  const rows = await page.locator('[data-testid=audit-table] tbody tr').count();
  assert(rows > 5, `audit rows: ${rows}`);
  await page.screenshot({ path: `${SHOTS}/audit.png`, fullPage: true });

  // filter by action
  // every action and object type reads in Chinese, changes as field: before → after (issue #16)
  const raw = await page.$$eval('[data-testid=audit-table] td[data-labelled=false]', (tds) => tds.map((td) => td.dataset.action));
  assert(raw.length === 0, `actions without a label: ${raw}`);
  const changes = await page.textContent('[data-testid=audit-table]');
  assert(!changes.includes('{"'), 'no raw JSON in 变更内容');

  // filter by action: a dropdown of labels
  await page.selectOption('#f-action', { label: '登录' });
  await page.click('[data-testid=audit-filter]');
  await page.waitForFunction(() => location.search.includes('action=auth.sign_in'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=audit-table] tbody tr[data-seq]')]
    .every((tr) => tr.querySelector('td[data-action="auth.sign_in"]') && tr.textContent.includes('登录')));

  // sign out ends the session: the dashboard is no longer reachable
  await page.click('[data-testid=sign-out]');
  await page.waitForURL(/\/login/);
  await page.goto(`${BASE}/`);
  assert(page.url().startsWith(`${BASE}/login`), `after sign-out / went to ${page.url()}`);
  await page.context().close();
});

test('workbench: each role starts from what waits for it', async () => {
  // the reviewer: one queue of what waits for review, oldest first, each row opens it
  const rv = await newPage();
  await signIn(rv, 'reviewer');
  await rv.waitForSelector('[data-testid=workbench] tr[data-work=application]');
  await hydrated(rv);
  const kinds = await rv.$$eval('[data-testid=workbench] tr[data-work]', (rs) => rs.map((r) => r.dataset.work));
  assert(kinds.includes('seal_system'), `reviewer's queue: ${kinds}`);
  assert(!kinds.includes('suspension'), 'a reviewer does not supervise');
  await rv.screenshot({ path: `${SHOTS}/workbench-reviewer.png`, fullPage: true });
  await rv.click('[data-testid=workbench] tr[data-work=application] a');
  await rv.waitForURL(/\/applications\/[0-9a-f-]{36}/);
  await rv.context().close();
  // the supervisor: the suspended payment service
  const sup = await newPage();
  await signIn(sup, 'supervisor');
  await sup.waitForSelector('[data-testid=workbench] tr[data-work=suspension] >> text=统一公共支付（缴费）');
  await sup.context().close();
  // the provider: its suspended service, to apply for restoration
  const pay = await newPage();
  await signIn(pay, 'payment');
  await pay.waitForSelector('[data-testid=workbench] tr[data-work=restoration_needed]');
  await pay.context().close();
  // the operator starts a new application from the workbench
  const op = await newPage();
  await signIn(op, 'operator');
  await op.waitForSelector('[data-testid=workbench-new-application]');
  await hydrated(op);
  await op.screenshot({ path: `${SHOTS}/workbench-operator.png`, fullPage: true });
  await op.context().close();
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
  // the security administrator reads it in the login log: failures, the lock, the browser (issue #16)
  const sec = await newPage();
  await signIn(sec, 'secadmin');
  await sec.goto(`${BASE}/sign-ins?failures=1&account=provider`);
  await sec.waitForSelector('[data-testid=sign-ins-table] tr[data-result="auth.locked"]');
  const log = await sec.textContent('[data-testid=sign-ins-table]');
  assert(log.includes('账号锁定') && log.includes('登录失败') && log.includes('密码错误'), `login log: ${log.slice(0, 300)}`);
  assert(log.includes('Chrome'), 'the browser is named');
  assert(!(await sec.isVisible('[data-testid=sign-ins-table] tr[data-result="auth.sign_in"]')), 'failures only');
  await sec.screenshot({ path: `${SHOTS}/sign-ins.png`, fullPage: true });
  await sec.context().close();
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

const PDF = (what) => ({ name: `${what}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${what}\n`) });
function inDays(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}
async function toast(page, text) {
  await page.waitForSelector(`[role=status] >> text=${text}`, { timeout: 15000 });
}
async function state(page) {
  return (await page.getAttribute('h1[data-testid=page-title] + [data-state]', 'data-state'));
}
async function waitState(page, s) {
  await page.waitForSelector(`h1[data-testid=page-title] + [data-state="${s}"]`, { timeout: 15000 });
}

test('access application: drafted with evidence, returned, fixed, approved, credential issued, audited', async () => {
  // the operator sees only its own organisation's party and opens an application
  const op = await newPage();
  await signIn(op, 'operator');
  await op.click('a[href="/parties"]');
  await op.waitForSelector('[data-testid=parties-table]');
  await hydrated(op);
  const names = await op.locator('[data-testid=parties-table] tbody tr[data-party]').evaluateAll((rs) => rs.map((r) => r.dataset.party));
  assert(names.length === 1 && names[0] === '杭州市政务服务平台', `operator sees ${names}`);
  await op.click('a:has-text("杭州市政务服务平台")');
  await op.waitForSelector('[data-testid=party-overview]');
  await hydrated(op);
  await op.click('[data-testid=tab-applications]');
  await op.waitForSelector('[data-testid=new-application]');
  await hydrated(op);
  await op.click('[data-testid=new-application]');
  await op.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
  await op.waitForSelector('[data-testid=plan-form]');
  await hydrated(op);
  await waitState(op, 'draft');
  const appUrl = op.url();
  const appId = appUrl.split('/').pop();

  // a wrong address is named, and nothing typed is lost
  await op.check('[data-testid="scope-service-items"]');
  await op.check('[data-testid="scope-operations"]');
  await op.fill('[data-testid=plan-topology]', '经电子政务外网专线接入省平台，主备双链路');
  await op.fill('[data-testid=plan-addresses]', '59.202.10.0/24\n59.202.300.1');
  await op.fill('[data-testid=plan-domains]', 'zwfw.hangzhou.gov.cn');
  await op.fill('[data-testid=plan-location]', '杭州市政务云（萧山机房）');
  await op.fill('[data-testid=plan-security_plan]', '按等保三级要求部署防火墙、入侵防御与日志审计，传输全程加密。');
  await op.fill('[data-testid=plan-cloud_platform]', '杭州市政务云');
  await op.check('[data-testid="interfaces-cases"]');
  await op.fill('[data-testid=plan-daily_calls]', '50000');
  await op.click('[data-testid=save-plan]');
  await op.waitForSelector('[data-field-error="network.addresses"]');
  assert((await op.inputValue('[data-testid=plan-topology]')).includes('主备双链路'), 'typed text kept after a refusal');
  await op.fill('[data-testid=plan-addresses]', '59.202.10.0/24');
  await op.click('[data-testid=save-plan]');
  await toast(op, '已保存');

  // evidence: a file that is not what its name says is refused
  await op.selectOption('[data-testid=ev-kind]', 'mp');
  await op.setInputFiles('[data-testid=ev-file]', { name: '密评.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not a pdf') });
  await op.fill('[data-testid=ev-number]', 'MP-330100-2026-01');
  await op.fill('[data-testid=ev-until]', inDays(400));
  await op.click('[data-testid=upload-evidence]');
  await op.waitForSelector('[data-field-error=file]');
  for (const [kind, fill] of [
    ['assessment-report', async () => { await op.fill('[data-testid=ev-issuer]', '浙江省信息安全测评中心'); }],
    ['djcp', async () => {
      // the level is left at the form's default (第三级), as staff do
      await op.fill('[data-testid=ev-number]', '33010099001-26001');
      await op.fill('[data-testid=ev-issuer]', '浙江省信息安全测评中心');
      await op.fill('[data-testid=ev-until]', inDays(500));
    }],
    ['mp', async () => {
      await op.fill('[data-testid=ev-number]', 'MP-330100-2026-01');
      await op.fill('[data-testid=ev-until]', inDays(400));
    }],
  ]) {
    await op.selectOption('[data-testid=ev-kind]', kind);
    await op.setInputFiles('[data-testid=ev-file]', PDF(kind));
    await fill();
    await op.click('[data-testid=upload-evidence]');
    await op.waitForSelector(`[data-testid=download-${kind}]`);
    // after an upload the form is back at one consistent state (issue #16:
    // it showed the report type with the certificate fields and level 1)
    await op.waitForFunction(() => document.querySelector('[data-testid=ev-kind]').value === 'djcp');
    assert((await op.inputValue('[data-testid=ev-level]')) === '3', `level after upload: ${await op.inputValue('[data-testid=ev-level]')}`);
    assert(await op.isVisible('[data-testid=ev-level]'), 'the level shown for a 等保 certificate');
    assert((await op.inputValue('[data-testid=ev-number]')) === '', 'the certificate number cleared');
  }
  assert((await op.textContent('[data-evidence=djcp]')).includes('第三级'), 'the 等保 certificate filed at level 3');
  await op.screenshot({ path: `${SHOTS}/application-draft.png`, fullPage: true });
  await op.click('[data-testid=submit-application]');
  await waitState(op, 'submitted');

  // the reviewer starts the review, comments on the network section and returns it
  const rv = await newPage();
  await signIn(rv, 'reviewer');
  await rv.click('a[href="/applications"]');
  await rv.waitForSelector('[data-testid=applications-table]');
  await rv.click(`a[href="/applications/${appId}"]`);
  await rv.waitForSelector('[data-testid=actions]');
  await hydrated(rv);
  await rv.click('[data-testid=act-start-review]');
  await waitState(rv, 'under-review');
  await hydrated(rv);
  await rv.fill('[data-testid=comment-network]', '请补充备用链路的地址段');
  await rv.click('[data-testid=send-comment-network]');
  await rv.waitForSelector('[data-section=network] [data-testid=section-comments] >> text=备用链路');
  await rv.click('[data-testid=act-return]');
  await rv.fill('dialog[open] textarea[name=reason]', '网络环境不完整');
  await rv.click('dialog[open] [data-testid=confirm-ok]');
  await waitState(rv, 'returned');

  // the operator sees the comment where it applies, fixes and resubmits
  await op.reload();
  await hydrated(op);
  await waitState(op, 'returned');
  await op.waitForSelector('[data-section=network] [data-testid=section-comments] >> text=备用链路');
  await op.fill('[data-testid=plan-addresses]', '59.202.10.0/24\n59.202.11.0/24');
  await op.click('[data-testid=submit-application]');
  await waitState(op, 'submitted');
  await op.context().close();

  // the reviewer sees what changed and approves
  await rv.reload();
  await hydrated(rv);
  await rv.click('[data-testid=act-start-review]');
  await waitState(rv, 'under-review');
  await rv.waitForSelector('[data-testid=changes] [data-change="network.addresses"]');
  await rv.screenshot({ path: `${SHOTS}/application-review.png`, fullPage: true });
  await hydrated(rv);
  await rv.click('[data-testid=act-approve]');
  await waitState(rv, 'approved');
  const events = await rv.locator('[data-testid=timeline] [data-event]').evaluateAll((es) => es.map((e) => e.dataset.event));
  for (const e of ['create', 'upload', 'submit', 'start-review', 'comment', 'return', 'approve']) {
    assert(events.includes(e), `timeline has ${e}: ${events}`);
  }
  const partyHref = await rv.getAttribute('h1[data-testid=page-title] ~ a[href^="/parties/"]', 'href');
  await rv.context().close();

  // the security administrator issues the credential; the secret is shown once
  const sec = await newPage();
  await signIn(sec, 'secadmin');
  await sec.goto(`${BASE}${partyHref}?tab=credentials`);
  await sec.waitForSelector('[data-testid=credentials-table]');
  await hydrated(sec);
  await sec.click('[data-testid=issue-credential]');
  await sec.waitForSelector('[data-testid=issued-credential]');
  const keyId = (await sec.textContent('[data-testid=key-id]')).trim();
  const secret = (await sec.textContent('[data-testid=secret]')).trim();
  assert(/^AK[0-9A-F]{20}$/.test(keyId) && /^[0-9a-f]{64}$/.test(secret), `credential ${keyId} ${secret}`);
  await sec.waitForSelector(`[data-testid=credentials-table] tr[data-key="${keyId}"]`);
  await sec.screenshot({ path: `${SHOTS}/credential.png`, fullPage: true });
  // revoked, its secret is no longer shown (issue #16: the panel kept it)
  await sec.click(`[data-testid=credentials-table] tr[data-key="${keyId}"] [data-testid=revoke]`);
  await sec.fill('dialog[open] textarea[name=reason]', '测试后收回');
  await sec.click('dialog[open] [data-testid=confirm-ok]');
  await sec.waitForSelector(`[data-testid=credentials-table] tr[data-key="${keyId}"] [data-state=revoked]`);
  await sec.waitForSelector('[data-testid=issued-credential]', { state: 'detached' });
  assert(!(await sec.content()).includes(secret), 'the revoked secret is gone from the page');
  await sec.context().close();

  // the audit trail shows every step
  const au = await newPage();
  await signIn(au, 'auditor');
  await au.goto(`${BASE}/audit?object_id=${appId}`);
  await au.waitForSelector('[data-testid=audit-table]');
  const text = await au.textContent('[data-testid=audit-table]');
  for (const [a, label] of [['application.create', '新建接入申请'], ['evidence.upload', '上传证明材料'], ['application.submit', '提交接入申请'],
    ['application.comment', '填写审核意见'], ['application.return', '退回接入申请'], ['application.approve', '批准接入申请']]) {
    assert(await au.isVisible(`[data-testid=audit-table] td[data-action="${a}"]`), `audit shows ${a}`);
    assert(text.includes(label), `audit labels ${a} as ${label}`);
  }
  // the return reads as a state change: 状态：… → 退回修改
  const ret = await au.textContent('[data-testid=audit-table] tr:has(td[data-action="application.return"]) [data-field=state]');
  assert(ret.includes('→') && ret.includes('退回修改'), `return shown as ${ret}`);
  await au.screenshot({ path: `${SHOTS}/audit-application.png`, fullPage: true });
  await au.goto(`${BASE}/audit?action=credential.issue`);
  await au.waitForSelector(`[data-testid=audit-table] >> text=${keyId}`);
  await au.context().close();
});

test('certificates: expiring ones listed, an expired one marks its party for rectification', async () => {
  const page = await newPage();
  await signIn(page, 'supervisor');
  await hydrated(page);
  const n = Number((await page.textContent('[data-testid=stat-certificates] div:last-child')).trim());
  assert(n >= 2, `dashboard counts expiring certificates: ${n}`);
  await page.click('[data-testid=stat-certificates]');
  await page.waitForSelector('[data-testid=certificates-table]');
  const rows = await page.locator('[data-testid=certificates-table] tbody tr[data-cert]').count();
  assert(rows === n, `${rows} rows for ${n} counted`);
  await page.goto(`${BASE}/parties`);
  await page.waitForSelector('tr[data-party="城市速递物流寄递服务"] [data-testid=rectification]');
  await page.screenshot({ path: `${SHOTS}/parties.png`, fullPage: true });
  await page.context().close();
});

test('case data: search masked, statistics by day and by item, filters', async () => {
  const page = await newPage();
  await signIn(page, 'supervisor');
  await page.click('a[href="/cases"]');
  await page.waitForSelector('[data-testid=cases-table] tbody tr[data-case]');
  await hydrated(page);
  const names = await page.locator('[data-testid=applicant]').allTextContents();
  assert(names.length === 50, `first page of 50: ${names.length}`);
  assert(names.filter((n) => !n.includes('公司')).every((n) => /^.\*+$/.test(n.trim())), `persons masked: ${names.slice(0, 5)}`);
  const total = Number(await page.textContent('[data-testid=total-received]'));
  assert(total === 360, `received ${total}`);
  assert(/%$/.test((await page.textContent('[data-testid=on-time-rate]')).trim()), 'on-time rate shown');
  await page.screenshot({ path: `${SHOTS}/cases.png`, fullPage: true });
  await page.click('[data-testid=by-item]');
  await page.waitForSelector('[data-testid=case-chart] [data-group="居住证办理"]');
  await page.selectOption('#c-status', 'completed');
  await page.click('[data-testid=cases-filter]');
  await page.waitForFunction(() => location.search.includes('status=completed') && location.search.includes('by=item'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=cases-table] tbody tr[data-case] [data-state]')]
    .every((s) => s.dataset.state === 'completed'));
  // the next page keeps the filters
  await page.click('text=下一页');
  await page.waitForFunction(() => location.search.includes('after='));
  assert(page.url().includes('status=completed'), 'filter kept when paging');
  // the page size is the user's choice (issue #15): 20 rows, kept when filtering
  await page.click('[data-testid=page-size-20]');
  await page.waitForFunction(() => location.search.includes('size=20') && !location.search.includes('after='));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cases-table] tbody tr[data-case]').length === 20);
  assert((await page.getAttribute('[data-testid=page-size-20]', 'aria-current')) === 'true', '20 marked current');
  await page.selectOption('#c-status', 'in-progress');
  await page.click('[data-testid=cases-filter]');
  await page.waitForFunction(() => location.search.includes('status=in-progress'));
  assert(page.url().includes('size=20'), `size kept when filtering: ${page.url()}`);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=cases-table] tbody tr[data-case] [data-state]')]
    .every((s) => s.dataset.state === 'in-progress'));
  assert((await page.locator('[data-testid=cases-table] tbody tr[data-case]').count()) <= 20, 'at most 20 rows');
  // a size outside 20/50/100 is refused naming the field, not silently changed
  await page.goto(`${BASE}/cases?size=5000`);
  await page.waitForSelector('text=每页条数只能是 20、50 或 100');
  assert((await page.locator('[data-testid=cases-table] tbody tr[data-case]').count()) === 0, 'no rows for a refused size');
  await page.context().close();
});

test('basic catalog: a reviewer adds an item, publishes a version, a party syncs the increment', async () => {
  const page = await newPage();
  await signIn(page, 'reviewer');
  await page.click('a[href="/catalog"]');
  await page.waitForSelector('[data-testid=catalog-table] tr[data-item="000117002000"]');
  await hydrated(page);
  const before = (await page.textContent('[data-testid=catalog-version]')).trim();
  // a bad code names the field; nothing is lost
  await page.fill('[data-testid=ci-code]', '123');
  await page.fill('[data-testid=ci-name]', '道路运输经营许可');
  await page.fill('[data-testid=ci-dept]', '交通运输局');
  await page.fill('[data-testid=ci-basis]', '《中华人民共和国道路运输条例》第十条');
  await page.fill('[data-testid=ci-limit]', '20');
  await page.check('[data-testid=levels-municipal]');
  await page.check('[data-testid=objects-legal-person]');
  await page.click('[data-testid=save-item]');
  await page.waitForSelector('[data-field-error=basic_code]');
  assert((await page.inputValue('[data-testid=ci-name]')) === '道路运输经营许可', 'typed name kept');
  await page.fill('[data-testid=ci-code]', '000901002000');
  await page.click('[data-testid=save-item]');
  await page.waitForSelector('[data-testid=drafts] tr[data-draft="000901002000"]');
  await page.screenshot({ path: `${SHOTS}/catalog.png`, fullPage: true });
  // after a save the form is empty again; 修改 loads every field of the item
  // opened, whatever was typed before (issue #16: it kept the typed fields)
  await page.waitForFunction(() => document.querySelector('[data-testid=ci-code]').value === '');
  assert((await page.inputValue('[data-testid=ci-name]')) === '', 'the saved item left the form');
  await page.fill('[data-testid=ci-name]', '临时输入');
  await page.fill('[data-testid=ci-limit]', '99');
  await page.check('[data-testid=objects-other]');
  await page.click('[data-testid=catalog-table] tr[data-item="000118003000"] [data-testid=edit-item]');
  await page.waitForFunction(() => document.querySelector('[data-testid=ci-code]').value === '000118003000');
  const field = (id) => page.inputValue(`[data-testid=${id}]`);
  assert((await field('ci-name')) === '食品经营许可', `name ${await field('ci-name')}`);
  assert((await field('ci-dept')) === '市场监督管理局', `department ${await field('ci-dept')}`);
  assert((await field('ci-limit')) === '20', `limit ${await field('ci-limit')}`);
  assert((await field('ci-basis')).includes('食品安全法'), `basis ${await field('ci-basis')}`);
  assert(await page.isChecked('[data-testid=objects-person]'), 'its objects checked');
  assert(!(await page.isChecked('[data-testid=objects-other]')), 'no object of the other form');
  await page.fill('[data-testid=ci-limit]', '15');
  await page.click('[data-testid=save-item]');
  await page.waitForSelector('[data-testid=drafts] tr[data-draft="000118003000"]');
  assert((await page.textContent('[data-testid=drafts] tr[data-draft="000118003000"]')).includes('食品经营许可'), 'the edited item drafted under its own name');
  assert((await page.textContent('[data-testid=drafts] tr[data-draft="000901002000"]')).includes('道路运输经营许可'), 'the new item kept');
  // import: a file with a bad row imports nothing, then only its valid rows
  const csv = '基本编码,事项名称,事项类型,主管部门,设定依据,行使层级,服务对象,法定办结时限,时限单位\n'
    + '000902003000,道路货物运输许可,行政许可,交通运输局,条例第二十二条,市级、县级,法人,20,工作日\n'
    + 'X1,坏行,行政许可,交通运输局,依据,市级,法人,,\n';
  await page.setInputFiles('[data-testid=import-file]', { name: '目录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('[data-testid=import]');
  await page.waitForSelector('[data-testid=import-report] [data-import-row="3"]');
  assert((await page.locator('[data-testid=drafts] tr[data-draft="000902003000"]').count()) === 0, 'nothing imported from a file with errors');
  await page.check('[data-testid=import-valid-only]');
  await page.click('[data-testid=import]');
  await page.waitForSelector('[data-testid=drafts] tr[data-draft="000902003000"]');
  await page.click('[data-testid=publish]');
  // publishing cannot be undone: it asks first, in a dialog named for it
  assert((await page.textContent('dialog[open] h2')).trim() === '发布新版本', 'the dialog names its action');
  await page.click('dialog[open] [data-testid=confirm-ok]');
  await page.waitForSelector('[data-testid=catalog-table] tr[data-item="000901002000"]');
  const after = (await page.textContent('[data-testid=catalog-version]')).trim();
  assert(after !== before && /v2$/.test(after), `version ${before} → ${after}`);
  await page.context().close();
});

test('implementation lists: a reviewer approves part and returns the rest with a reason', async () => {
  const page = await newPage();
  await signIn(page, 'reviewer');
  await page.click('a[href="/implementation-lists"]');
  await page.waitForSelector('[data-party-queue="宁波市政务服务平台"] tr[data-impl]');
  await hydrated(page);
  const rows = page.locator('[data-party-queue="宁波市政务服务平台"] tr[data-impl]');
  assert((await rows.count()) === 3, `three waiting: ${await rows.count()}`);
  await rows.nth(0).locator('[data-testid=choose]').check();
  await rows.nth(1).locator('[data-testid=choose]').check();
  await page.screenshot({ path: `${SHOTS}/impl-review.png`, fullPage: true });
  await page.click('[data-testid=approve-selected]');
  assert((await page.textContent('dialog[open] h2')).trim() === '批准所选', 'the dialog names its action');
  assert((await page.textContent('dialog[open] p')).includes('所选 2 项'), 'the dialog says how many');
  await page.click('dialog[open] [data-testid=confirm-ok]');
  await page.waitForFunction(() => document.querySelectorAll('[data-party-queue] tr[data-impl]').length === 1);
  await page.locator('[data-party-queue] tr[data-impl] [data-testid=choose]').check();
  await page.click('[data-testid=return-selected]');
  await page.fill('dialog[open] textarea[name=reason]', '承诺时限与窗口实际不符，请核实后重报');
  await page.click('dialog[open] [data-testid=confirm-ok]');
  await page.waitForSelector('[data-testid=queue-empty]');
  await page.context().close();

  // the supervisor (no review right) sees the outcomes, with the reason
  const sup = await newPage();
  await signIn(sup, 'supervisor');
  await sup.click('a[href="/implementation-lists"]');
  await sup.waitForSelector('[data-testid=impl-outcomes] tr[data-impl]');
  const states = await sup.locator('[data-testid=impl-outcomes] [data-state]').evaluateAll((es) => es.map((e) => e.dataset.state));
  assert(states.filter((s) => s === 'returned').length === 1 && !states.includes('pending'), `outcomes ${states}`);
  assert((await sup.textContent('[data-testid=impl-outcomes]')).includes('承诺时限与窗口实际不符'), 'reason shown');
  // the published lists: 鄞州's social insurance registration, found by region and name
  await sup.click('[data-testid=tab-published]');
  await sup.waitForSelector('[data-testid=published-table] tr[data-published]');
  await hydrated(sup);
  await sup.fill('#pub-region', '330212');
  await sup.fill('#pub-name', '社会保险');
  await sup.click('[data-testid=search-published]');
  await sup.waitForFunction(() => document.querySelectorAll('[data-testid=published-table] tr[data-published]').length === 1);
  assert((await sup.textContent('[data-testid=published-table]')).includes('社会保险登记（宁波市）'), 'found by region and name');
  assert(sup.url().includes('region=330212'), `the search has an address: ${sup.url()}`);
  await sup.screenshot({ path: `${SHOTS}/impl-published.png`, fullPage: true });
  await sup.context().close();
});

test('an operator uploads an implementation list: a bad row stops the file, the valid rows go when asked', async () => {
  const op = await newPage();
  await signIn(op, 'operator');
  await op.goto(`${BASE}/implementation-lists`);
  await op.waitForSelector('[data-testid=report-form]');
  await hydrated(op);
  const csv = '实施编码,基本编码,事项类型,事项名称,实施主体,实施主体统一社会信用代码,行政区划代码,法定办结时限,法定时限单位,承诺办结时限,承诺时限单位,网上办理地址\n'
    + '11330100MB1234567E000603002000330102,000603002000,行政确认,社会保险登记（上城）,杭州市上城区人力资源和社会保障局,11330100MB1234567E,330102,15,工作日,3,工作日,https://zwfw.hangzhou.gov.cn/x\n'
    + '11330100MB1234567E000603002000330106,000603002000,行政确认,社会保险登记（西湖）,杭州市西湖区人力资源和社会保障局,11330100MB1234567E,330106,15,工作日,30,自然日,http://zwfw.hangzhou.gov.cn/x\n';
  const file = { name: '实施清单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await op.setInputFiles('[data-testid=report-file]', file);
  await op.click('[data-testid=report-upload]');
  await op.waitForSelector('[data-testid=import-report] tr[data-import-row="3"]');
  const report = await op.textContent('[data-testid=import-report]');
  assert(report.includes('承诺时限不能超过法定时限') && report.includes('须为 https 地址'), `row 3 named: ${report}`);
  assert((await op.locator('[data-testid=impl-outcomes] tr[data-impl="11330100MB1234567E000603002000330102"]').count()) === 1, 'the published item is listed');
  assert(!(await op.textContent('[data-testid=impl-outcomes]')).includes('待审核'), 'nothing stored from a file with errors');
  await op.setInputFiles('[data-testid=report-file]', file);
  await op.check('[data-testid=report-valid-only]');
  await op.click('[data-testid=report-upload]');
  await op.waitForSelector('[data-testid=impl-outcomes] tr[data-impl="11330100MB1234567E000603002000330102"] [data-state=pending]');
  await op.screenshot({ path: `${SHOTS}/impl-upload.png`, fullPage: true });
  await op.context().close();
});

test('a hostile workbook is refused with its limit named and the server keeps serving (issue #14)', async () => {
  const op = await newPage();
  await signIn(op, 'operator');
  await op.goto(`${BASE}/implementation-lists`);
  await op.waitForSelector('[data-testid=report-form]');
  await hydrated(op);
  // 1.5 KB, one cell at XFD1048576: once made the server allocate 512 GB and die
  await op.setInputFiles('[data-testid=report-file]', {
    name: '实施清单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: fs.readFileSync(new URL('./fixtures/far-cell.xlsx', import.meta.url)),
  });
  await op.click('[data-testid=report-upload]');
  await op.waitForSelector('[data-field-error=file] >> text=表格超过 256 列');
  const again = await op.goto(`${BASE}/implementation-lists`);
  assert(again.status() === 200, `the server still answers: ${again.status()}`);
  await op.context().close();
});

test('emergency suspension: a supervisor suspends a payment service, the provider applies with a test report, the supervisor restores it', async () => {
  const SERVICE = '移动支付（扫码缴费）';
  const sup = await newPage();
  await signIn(sup, 'supervisor');
  await sup.click('a[href="/providers"]');
  await sup.click('[data-provider="浙里缴统一公共支付服务"] a');
  await sup.click(`[data-service="${SERVICE}"] a`);
  await sup.waitForSelector('[data-testid=suspend]');
  await hydrated(sup);
  const serviceUrl = sup.url();
  const serviceId = serviceUrl.split('/').pop();
  await sup.click('[data-testid=suspend]');
  // a reason is required
  await sup.click('[data-testid=confirm-suspend]');
  await sup.waitForSelector('[data-testid=suspend-form] >> text=请填写操作原因');
  await sup.fill('#suspend-reason', '扫码支付下单接口大量超时，缴费无法完成');
  await sup.fill('#alarm-ref', 'ALM-20261128-0101');
  await sup.click('[data-testid=confirm-suspend]');
  await sup.waitForSelector('[data-testid=suspension-history] [data-suspension=active]');
  assert(await sup.isVisible('[data-testid=progress] >> text=已暂停'), 'the progress line shows the suspension');
  await sup.screenshot({ path: `${SHOTS}/suspended.png`, fullPage: true });
  await sup.context().close();

  // the provider is told, brings a new test report and applies
  const prov = await newPage();
  await signIn(prov, 'payment');
  await prov.waitForSelector(`[data-testid=notices] >> text=${SERVICE}`);
  await prov.goto(serviceUrl);
  await prov.waitForSelector('[data-testid=restoration-form]');
  await hydrated(prov);
  await prov.fill('[data-testid=release-version]', '2.0.1');
  await prov.selectOption('[data-testid=release-kind]', 'restoration');
  await prov.fill('[data-testid=release-date]', '2026-11-28');
  await prov.fill('[data-testid=release-scope]', '下单接口回归与压力测试');
  await prov.fill('[data-testid=release-results]', '用例 30 个全部通过，超时率 0');
  await prov.setInputFiles('[data-testid=release-file]', { name: '测试报告-2.0.1.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% restoration test report\n') });
  await prov.click('[data-testid=submit-release]');
  await prov.waitForSelector('[data-testid=releases] tr[data-release="2.0.1"]');
  await prov.fill('#failure', '数据库连接池耗尽导致下单超时');
  await prov.fill('#fix', '连接池扩容并增加熔断与限流');
  const option = await prov.locator('#restoration-release option', { hasText: '2.0.1' }).getAttribute('value');
  await prov.selectOption('#restoration-release', option);
  await prov.click('[data-testid=apply-restoration]');
  await prov.waitForSelector('[data-restoration=submitted]');
  await prov.screenshot({ path: `${SHOTS}/restoration-applied.png`, fullPage: true });
  await prov.context().close();

  // the supervisor sees it waiting and restores
  const sup2 = await newPage();
  await signIn(sup2, 'supervisor');
  await sup2.waitForSelector('[data-testid=current-suspensions]');
  await sup2.click('a[href="/suspensions"]');
  await sup2.waitForSelector(`[data-suspended^="${SERVICE}"] [data-state=submitted]`);
  await sup2.screenshot({ path: `${SHOTS}/suspensions.png`, fullPage: true });
  await sup2.click(`[data-suspended^="${SERVICE}"] a`);
  await sup2.waitForSelector('[data-testid=restore]');
  await hydrated(sup2);
  await sup2.click('[data-testid=restore]');
  assert((await sup2.textContent('dialog[open] h2')).trim() === '批准恢复', 'the dialog names its action');
  await sup2.click('dialog[open] [data-testid=confirm-ok]');
  await sup2.waitForSelector('[data-testid=suspension-history] [data-suspension=restored]');
  assert(!(await sup2.isVisible('[data-testid=progress] >> text=已暂停')), 'no longer suspended');
  assert(await sup2.isVisible('[data-testid=releases] tr[data-release="2.0.1"] [data-state=accepted]'), 'the test report is accepted with the restoration');
  await sup2.context().close();

  // the audit trail tells the whole story of the service
  const au = await newPage();
  await signIn(au, 'auditor');
  await au.goto(`${BASE}/audit?object_id=${serviceId}`);
  await au.waitForSelector('[data-testid=audit-table]');
  for (const a of ['suspension.suspend', 'release.submit', 'suspension.apply', 'release.accept', 'suspension.restore']) {
    assert(await au.isVisible(`[data-testid=audit-table] td[data-action="${a}"]`), `audit shows ${a}`);
  }
  // after all these journeys, no action anywhere in the trail lacks a label
  await au.goto(`${BASE}/audit?size=100`);
  await au.waitForSelector('[data-testid=audit-table]');
  const unlabelled = await au.$$eval('td[data-labelled=false]', (tds) => tds.map((td) => td.dataset.action));
  assert(unlabelled.length === 0, `actions without a label: ${unlabelled}`);
  await au.context().close();
});

test('operations: a supervisor opens the overview, drills into a server with a high alarm, acknowledges it and opens a ticket', async () => {
  const page = await newPage();
  await signIn(page, 'supervisor');
  await page.click('a[href="/operations"]');
  await page.waitForSelector('[data-health="宁波市政务服务平台"] [data-severity], [data-health="宁波市政务服务平台"] a');
  await hydrated(page);
  const first = await page.locator('[data-testid=health-table] tbody tr').first().getAttribute('data-health');
  assert(first === '宁波市政务服务平台', `worst first: ${first}`);
  assert(await page.isVisible('[data-health="城市速递物流寄递服务"] [data-testid=nodes-lost]'), 'a lost node is shown');
  await page.screenshot({ path: `${SHOTS}/ops-overview.png`, fullPage: true });
  await page.click('[data-health="宁波市政务服务平台"] td a');
  await page.waitForSelector('[data-resource="政务服务网应用主机 01"]');
  await page.click('[data-resource="政务服务网应用主机 01"] a');
  await page.waitForSelector('[data-testid=series-chart]');
  await hydrated(page);
  const points = Number(await page.getAttribute('[data-testid=series-chart]', 'data-points'));
  assert(points > 200, `a day of 5-minute points: ${points}`);
  await page.click('[data-range="1h"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=series-chart]').dataset.points) < 20);
  await page.screenshot({ path: `${SHOTS}/ops-resource.png`, fullPage: true });
  const alarm = page.locator('[data-alarm="CPU 使用率持续高于 95%"]');
  await alarm.locator('[data-testid=ack]').click();
  await page.fill('#ack-message', '已通知宁波值班人员扩容');
  await page.click('[data-testid=ack-ok]');
  await page.waitForSelector('[data-alarm="CPU 使用率持续高于 95%"] [data-state=acknowledged]');
  await page.locator('[data-alarm="CPU 使用率持续高于 95%"] [data-testid=open-ticket]').click();
  await page.fill('#ticket-description', '应用主机 01 CPU 持续高于 95%，请宁波协助排查并扩容');
  await page.click('[data-testid=ticket-ok]');
  await page.waitForURL(/\/operations\/tickets\//);
  await page.waitForSelector('[data-testid=page-title]');
  await hydrated(page);
  assert((await page.textContent('[data-testid=page-title]')).includes('CPU 使用率持续高于 95%'), 'the ticket is titled after the alarm');
  await page.click('[data-to=in-progress]');
  await page.waitForSelector('[data-testid=ticket-messages] >> text=in-progress');
  await page.screenshot({ path: `${SHOTS}/ops-ticket.png`, fullPage: true });
  await page.context().close();
});

/// A signed machine-API call (HMAC-SHA256, docs/api.md) with a credential
/// issued from the command line.
function credentialFor(partyName) {
  const bin = process.env.GSP_BIN;
  const data = process.env.GSP_DATA_DIR;
  const parties = JSON.parse(execFileSync(bin, ['--data-dir', data, 'party', 'list', '--json']).toString());
  const uscc = parties.find((p) => p.name === partyName).uscc;
  return JSON.parse(execFileSync(bin, ['--data-dir', data, 'credential', 'issue', '--party', uscc, '--json']).toString());
}
async function signedCall(cred, method, path, body) {
  const bytes = Buffer.from(body ? JSON.stringify(body) : '');
  const ts = Math.floor(Date.now() / 1000).toString();
  const nonce = crypto.randomBytes(16).toString('hex');
  const canonical = [method, path, '', ts, nonce, crypto.createHash('sha256').update(bytes).digest('hex')].join('\n');
  const signature = crypto.createHmac('sha256', cred.secret).update(canonical).digest('hex');
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      'content-type': 'application/json', accept: 'application/json',
      'x-gsp-key': cred.key_id, 'x-gsp-timestamp': ts, 'x-gsp-nonce': nonce,
      'x-gsp-signature-method': 'HMAC-SHA256', 'x-gsp-signature': signature,
    },
    body: body ? bytes : undefined,
  });
  return r.json();
}

test('seals: a reviewer approves a seal system, a filing arrives through the API, a supervisor finds it and revokes it', async () => {
  const rv = await newPage();
  await signIn(rv, 'reviewer');
  await rv.click('a[href="/seals"]');
  await rv.waitForSelector('[data-system="宁波电子印章发布系统"] [data-action=approve]');
  await hydrated(rv);
  assert((await rv.textContent('[data-system="宁波电子印章发布系统"] [data-testid=cert-algorithm]')).trim() === 'SM2-with-SM3', 'the certificate is read');
  await rv.click('[data-system="宁波电子印章发布系统"] [data-action=approve]');
  assert((await rv.textContent('dialog[open] h2')).trim() === '审核通过', 'the dialog names its action');
  await rv.click('dialog[open] [data-testid=confirm-ok]');
  await rv.waitForSelector('[data-system="宁波电子印章发布系统"] [data-state=docking-test]');
  await rv.click('[data-system="宁波电子印章发布系统"] [data-action=connect]');
  assert((await rv.textContent('dialog[open] h2')).trim() === '对接完成', 'the dialog names its action');
  await rv.click('dialog[open] [data-testid=confirm-ok]');
  await rv.waitForSelector('[data-system="宁波电子印章发布系统"] [data-state=connected]');
  await rv.screenshot({ path: `${SHOTS}/seal-systems.png`, fullPage: true });
  await rv.click('[data-testid=tab-units]');
  await rv.waitForSelector('[data-unit="宁波市华信印章厂"] [data-testid=unit-expiring]');
  await rv.context().close();

  // the making system files a seal
  const cred = credentialFor('宁波市政务服务平台');
  const esId = `E2E${Date.now()}`;
  const now = new Date();
  const filing = {
    es_id: esId, name: '宁波端到端测试有限公司合同专用章', seal_type: 'contract',
    owner_name: '宁波端到端测试有限公司', owner_uscc: '91330100MA2BCDE12N',
    making_unit_uscc: await (async () => {
      const page = await newPage();
      await signIn(page, 'supervisor');
      const u = await page.evaluate(async () => {
        const r = await fetch('/console/seal_units', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: '' });
        return (await r.json())[0].find((x) => x.name === '宁波甬印印章有限公司').uscc;
      });
      await page.context().close();
      return u;
    })(),
    maker_system: 'NB-SEAL-MAKER', signer_certs: ['5EA100000000E2E0'],
    made_at: now.toISOString(), valid_from: now.toISOString(), valid_to: new Date(now.getTime() + 365 * 86400000).toISOString(),
    image: fs.readFileSync(new URL('./seal.png', import.meta.url)).toString('base64'),
    maker_cert_serial: '0EF987659EE2C44A', signature_algorithm: 'SM2',
  };
  const filed = await signedCall(cred, 'POST', '/api/v1/seals', { records: [filing] });
  assert(filed.code === 0 && filed.data.filed === 1, `filed: ${JSON.stringify(filed)}`);

  // the supervisor finds it and revokes it with a reason
  const sup = await newPage();
  await signIn(sup, 'supervisor');
  await sup.goto(`${BASE}/seals?tab=seals`);
  await sup.waitForSelector('[data-testid=seals-table]');
  await hydrated(sup);
  await sup.fill('#seal-q', esId);
  await sup.click('[data-testid=search-seals]');
  await sup.waitForSelector(`[data-seal="${esId}"] [data-testid=revoke-seal]`);
  await sup.click(`[data-seal="${esId}"] [data-testid=revoke-seal]`);
  await sup.fill('dialog[open] textarea[name=reason]', '用章单位申请注销，印章停止使用');
  await sup.click('dialog[open] [data-testid=confirm-ok]');
  await sup.waitForSelector(`[data-seal="${esId}"] [data-state=revoked]`);
  await sup.screenshot({ path: `${SHOTS}/seals.png`, fullPage: true });
  // every filed seal is reachable through the pager (issue #16: the list
  // stopped at 200 of 240 with no pager), and 挂失 says 挂失
  await sup.goto(`${BASE}/seals?tab=seals`);
  await sup.waitForSelector('[data-testid=seals-table] tr[data-seal]');
  await hydrated(sup);
  const seen = new Set();
  for (let pages = 0; ; pages++) {
    assert(pages < 20, 'the pager ends');
    const ids = await sup.locator('[data-testid=seals-table] tr[data-seal]').evaluateAll((rs) => rs.map((r) => r.dataset.seal));
    assert(ids.length <= 50, `a page of ${ids.length}`);
    ids.forEach((i) => seen.add(i));
    if ((await sup.locator('[data-testid=next-page]').count()) === 0) break;
    const first = ids[0];
    await sup.click('[data-testid=next-page]');
    await sup.waitForFunction((f) => document.querySelector('[data-testid=seals-table] tr[data-seal]')?.dataset.seal !== f, first);
  }
  assert(seen.size > 200, `all seals reached: ${seen.size}`);
  await sup.goto(`${BASE}/seals?tab=seals&state=active`);
  await sup.waitForSelector('[data-testid=seals-table] tr[data-seal] [data-testid=lose-seal]');
  await hydrated(sup);
  await sup.locator('[data-testid=seals-table] tr[data-seal] [data-testid=lose-seal]').first().click();
  assert((await sup.textContent('dialog[open] h2')).trim() === '挂失', 'the dialog names its action');
  // the native modal dialog: focus moves in, Tab stays in, Esc closes, focus returns (issue #16)
  assert(await sup.evaluate(() => !!document.activeElement.closest('dialog[open]')), 'focus is in the dialog');
  for (let i = 0; i < 5; i++) {
    await sup.keyboard.press('Tab');
    // the page behind is inert: focus is in the dialog (or, past its end, in the browser's own UI)
    assert(await sup.evaluate(() => { const a = document.activeElement; return !a || a === document.body || !!a.closest('dialog[open]'); }),
      `Tab ${i + 1} never reaches the page behind the dialog`);
  }
  await sup.keyboard.press('Escape');
  await sup.waitForSelector('dialog[open]', { state: 'detached' });
  assert(await sup.evaluate(() => document.activeElement?.dataset.testid === 'lose-seal'), 'focus returns to 挂失');
  await sup.context().close();
  const v = await signedCall(cred, 'GET', `/api/v1/seals/${esId}`);
  assert(v.code === 0 && v.data.filed === true && v.data.valid === false && v.data.state === 'revoked', `validity after revocation: ${JSON.stringify(v)}`);

  // an operator uploads filings in the console: a system not registered for the party is refused, and listed
  const op = await newPage();
  await signIn(op, 'operator');
  await op.goto(`${BASE}/seals?tab=seals`);
  await op.waitForSelector('[data-testid=filing-upload]');
  await hydrated(op);
  const upload = { records: [{ ...filing, es_id: `${esId}-OP` }] };
  await op.setInputFiles('[data-testid=filing-upload] input[type=file]', { name: '备案.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(upload)) });
  await op.click('[data-testid=filing-upload] button[type=submit]');
  await op.waitForSelector('[data-testid=filing-report]');
  assert((await op.textContent('[data-testid=filing-report]')).includes('印章制作系统未登记'), 'the refusal is named');
  await op.context().close();
  const sup2 = await newPage();
  await signIn(sup2, 'supervisor');
  await sup2.goto(`${BASE}/seals?tab=refusals`);
  await sup2.waitForSelector(`[data-testid=seal-refusals] >> text=${esId}-OP`);
  await sup2.context().close();
});

test('个人中心: a wrong current password is named at its field; another sign-in of mine is signed out', async () => {
  const other = await newPage();
  await signIn(other, 'supervisor');
  const me = await newPage();
  await signIn(me, 'supervisor');
  await me.click('[data-testid=whoami]');
  await me.waitForSelector('[data-testid=change-password]');
  await hydrated(me);
  await me.fill('#current-password', 'not-my-password');
  await me.fill('#new-password', 'Another-Strong-2026!');
  await me.fill('#confirm-password', 'Another-Strong-2026!');
  await me.click('[data-testid=change-password-submit]');
  await me.waitForSelector('[data-field-error=current_password]');
  assert((await me.textContent('[data-field-error=current_password]')).includes('当前密码不正确'), 'the field says why');
  // two sessions: this one (当前) and the other browser's
  const rows = me.locator('[data-testid=my-sessions] tr[data-session]');
  assert((await rows.count()) >= 2, `my sessions: ${await rows.count()}`);
  await me.screenshot({ path: `${SHOTS}/profile.png`, fullPage: true });
  const before = await rows.count();
  await me.locator('[data-testid=end-my-session]').first().click();
  assert((await me.textContent('dialog[open] h2')).trim() === '退出该会话', 'the dialog names its action');
  await me.click('dialog[open] [data-testid=confirm-ok]');
  await me.waitForFunction((n) => document.querySelectorAll('[data-testid=my-sessions] tr[data-session]').length === n - 1, before);
  await me.context().close();
  await other.context().close();
});

test('every page hydrates on repeated direct loads (filters and forms included)', async () => {
  const page = await newPage();
  await signIn(page, 'reviewer');
  const party = await page.evaluate(async () => {
    const r = await fetch('/console/list_parties', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'q=宁波' });
    return (await r.json()).items[0].id;
  });
  const apps = await page.evaluate(async () => {
    const r = await fetch('/console/list_applications', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'state=under-review' });
    return (await r.json()).items.map((a) => a.id);
  });
  const prov = await page.evaluate(async () => {
    const r = await fetch('/console/list_providers', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: '' });
    return (await r.json())[0].party_id;
  });
  const svc = await page.evaluate(async (p) => {
    const r = await fetch('/console/get_provider', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: `party_id=${p}` });
    return (await r.json()).services[0].id;
  }, prov);
  const paths = ['/', '/parties', '/parties?kind=city-platform&status=connected', `/parties/${party}`,
    `/parties/${party}?tab=applications`, `/parties/${party}?tab=credentials`, `/parties/${party}?tab=certificates`,
    `/parties/${party}?tab=history`, `/parties/${party}?tab=api`, '/applications', '/applications?state=under-review', `/applications/${apps[0]}`, '/certificates', '/cases', '/cases?status=completed&by=item', '/catalog', '/catalog?item_type=licensing', '/implementation-lists', '/implementation-lists?tab=catalog', '/implementation-lists?tab=published&region=330200&item_type=licensing', '/providers', `/providers/${prov}`, `/services/${svc}`, '/operations', '/operations/resources?category=server', '/operations/alarms?min=2', '/operations/tickets', '/seals', '/seals?tab=units', '/seals?tab=seals&seal_type=official', '/seals?tab=refusals'];
  const titles = new Set();
  for (const p of paths) {
    for (let i = 0; i < 3; i++) {
      await page.goto(`${BASE}${p}`);
      await hydrated(page);
      await page.waitForLoadState('networkidle');
    }
    if (scriptErrors.length) throw new Error(`${p}: ${scriptErrors[0].slice(0, 200)}`);
    await accessible(page, p);
    titles.add((await page.title()).split(' - ')[0]);
  }
  // every page names itself in the tab: one title per page, not one per console
  assert(titles.size >= 15, `page titles: ${[...titles].join(', ')}`);
  // a skip link leads past the navigation
  await page.goto(`${BASE}/parties`);
  await hydrated(page);
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement?.dataset.testid === 'skip-link'), 'the first Tab reaches the skip link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main' && document.activeElement?.id === 'main');
  // at 1024 px the side navigation folds behind a menu button
  await page.setViewportSize({ width: 1024, height: 800 });
  assert(!(await page.isVisible('#side-nav')), 'the side navigation is folded at 1024 px');
  await page.click('[data-testid=nav-toggle]');
  await page.waitForSelector('#side-nav', { state: 'visible' });
  await page.screenshot({ path: `${SHOTS}/nav-1024.png` });
  await page.context().close();

  // the administrators' pages, and the sign-in page, pass too
  for (const [user, list] of [['auditor', ['/audit', '/sign-ins', '/profile']], ['secadmin', ['/accounts', '/sessions', '/sign-ins?failures=1']], ['sysadmin', ['/monitor']]]) {
    const admin = await newPage();
    await signIn(admin, user);
    for (const p of list) {
      await admin.goto(`${BASE}${p}`);
      await hydrated(admin);
      await accessible(admin, p);
      if (p === '/monitor') {
        // 服务监控 shows real figures of this instance
        assert(/\d/.test(await admin.textContent('[data-testid=m-db-size]')), 'database size shown');
        assert(/\d/.test(await admin.textContent('[data-testid=m-rss]')), 'process memory shown');
        await admin.screenshot({ path: `${SHOTS}/monitor.png`, fullPage: true });
      }
    }
    await admin.context().close();
  }
  const anon = await newPage();
  await anon.goto(`${BASE}/login`);
  await accessible(anon, '/login');
  await anon.context().close();
});

let passed = 0;
let failed = 0;
// GSP_E2E_ONLY=<part of a name> runs only the tests whose name contains it
const only = process.env.GSP_E2E_ONLY;
for (const t of tests.filter((t) => !only || t.name.includes(only))) {
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
