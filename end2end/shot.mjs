// Developer helper: sign in as a demo account and screenshot a page.
//   node end2end/shot.mjs <user> <path> <out.png>
import { BASE, launch, signIn } from './lib.mjs';

const [user, path, out] = process.argv.slice(2);
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
page.on('console', (m) => console.log('[console]', m.type(), m.text()));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await signIn(page, user);
await page.goto(`${BASE}${path}`);
await page.waitForTimeout(2500);
await page.screenshot({ path: out, fullPage: true });
console.log(page.url());
await browser.close();
