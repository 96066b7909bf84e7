// Manual check of issue #14.1: an operator uploads a hostile workbook (a cell at
// XFD1048576, a zip bomb) to the implementation-list report; the server answers
// with a refusal naming the limit and keeps serving.
//   GSP_BASE_URL=http://127.0.0.1:PORT node end2end/upload-check.mjs <file.xlsx> <out.png>
import { readFileSync } from 'node:fs';
import { BASE, launch, signIn } from './lib.mjs';

const [file, out] = process.argv.slice(2);
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await signIn(page, 'operator');
await page.goto(`${BASE}/implementation-lists`);
await page.waitForSelector('[data-testid=report-form]');
await page.waitForTimeout(1500);
await page.setInputFiles('[data-testid=report-file]', {
  name: '实施清单.xlsx',
  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  buffer: readFileSync(file),
});
await page.click('[data-testid=report-upload]');
await page.waitForSelector('[data-field-error=file]', { timeout: 15000 });
console.log('refusal:', await page.textContent('[data-field-error=file]'));
await page.screenshot({ path: out, fullPage: true });
const again = await page.goto(`${BASE}/implementation-lists`);
console.log('server still answers:', again.status());
await browser.close();
