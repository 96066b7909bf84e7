// Developer helper: load a page many times as a demo user and count hydration errors.
//   node end2end/hydration-check.mjs <path> <user> [times]
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
const BASE = process.env.GSP_BASE_URL || 'http://127.0.0.1:3000';
const [path = '/', user = 'reviewer', times = '12'] = process.argv.slice(2);
const PW = { sysadmin: 'Demo-Sys-2026!', secadmin: 'Demo-Sec-2026!', auditor: 'Demo-Audit-2026!', reviewer: 'Demo-Review-2026!', supervisor: 'Demo-Super-2026!', operator: 'Demo-Oper-2026!', provider: 'Demo-Prov-2026!' };
const SECRET = { sysadmin: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', secadmin: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU', auditor: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK' };
function totp(secret) {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = '';
  for (const c of secret) bits += a.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const ctr = Buffer.alloc(8); ctr.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const h = crypto.createHmac('sha1', key).update(ctr).digest(); const o = h[19] & 0xf;
  return String((((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1e6).padStart(6, '0');
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
let errs = 0;
page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('hydration error')) { errs++; if (errs === 1) console.log(m.text().slice(0, 400)); } });
await page.goto(`${BASE}/login`);
await page.fill('#username', user); await page.fill('#password', PW[user]);
await page.click('[data-testid=sign-in]');
if (SECRET[user]) { await page.waitForURL(/totp/); await page.fill('#code', totp(SECRET[user])); await page.click('[data-testid=verify-code]'); }
await page.waitForURL(`${BASE}/`);
for (let i = 0; i < Number(times); i++) {
  await page.goto(`${BASE}${path}`);
  await page.waitForSelector('html[data-hydrated="true"]');
  await page.waitForLoadState('networkidle');
}
console.log(path, user, `hydration errors in ${times} loads:`, errs);
await browser.close();
