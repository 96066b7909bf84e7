// Shared by the browser tests and the developer helpers: the demo accounts
// (README), RFC 6238 TOTP, and Chromium launched without any download.
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';

export const BASE = process.env.GSP_BASE_URL || 'http://127.0.0.1:3000';

// administrators have fixed TOTP secrets in the demo data
export const DEMO = {
  sysadmin: { password: 'Demo-Sys-2026!', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  secadmin: { password: 'Demo-Sec-2026!', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
  auditor: { password: 'Demo-Audit-2026!', secret: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK' },
  reviewer: { password: 'Demo-Review-2026!' },
  supervisor: { password: 'Demo-Super-2026!' },
  operator: { password: 'Demo-Oper-2026!' },
  provider: { password: 'Demo-Prov-2026!' },
  payment: { password: 'Demo-Pay-2026!' },
};

function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 TOTP, SHA-1, 6 digits, 30 s
export function totp(secret, unix = Math.floor(Date.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unix / 30)));
  const h = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1e6).padStart(6, '0');
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A TOTP code is accepted once per 30-second step and account: a second
// sign-in of the same administrator waits for the next step.
const lastStep = {};
async function freshStep(user) {
  const step = () => Math.floor(Date.now() / 30000);
  while (lastStep[user] === step()) await new Promise((r) => setTimeout(r, 500));
  lastStep[user] = step();
}

// Signs a demo account in through the sign-in pages (password, then TOTP).
export async function signIn(page, user) {
  await page.goto(`${BASE}/login`);
  await page.fill('#username', user);
  await page.fill('#password', DEMO[user].password);
  await page.click('[data-testid=sign-in]');
  if (DEMO[user].secret) {
    await page.waitForURL(/\/login\/totp/);
    await freshStep(user);
    await page.fill('#code', totp(DEMO[user].secret));
    await page.click('[data-testid=verify-code]');
  }
  await page.waitForURL(`${BASE}/`);
}
