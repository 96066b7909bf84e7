// Developer helper: load a page many times as a demo user and count hydration errors.
//   node end2end/hydration-check.mjs <path> <user> [times]
import { BASE, launch, signIn } from './lib.mjs';

const [path = '/', user = 'reviewer', times = '12'] = process.argv.slice(2);
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
let errs = 0;
page.on('console', async (m) => {
  if (m.type() === 'error' && m.text().includes('hydration error') && ++errs === 1) {
    console.log(m.text().slice(0, 400));
    for (const a of m.args()) {
      const d = await a.evaluate((n) => (n && n.nodeType ? `${n.nodeType} ${n.nodeName} ${(n.outerHTML || n.textContent || '').slice(0, 300)} parent=${n.parentNode && n.parentNode.outerHTML ? n.parentNode.outerHTML.slice(0, 200) : ''}` : String(n).slice(0, 100))).catch((e) => 'n/a');
      console.log('  arg:', d);
    }
  }
});
await signIn(page, user);
for (let i = 0; i < Number(times); i++) {
  await page.goto(`${BASE}${path}`);
  await page.waitForSelector('html[data-hydrated="true"]');
  await page.waitForLoadState('networkidle');
}
console.log(path, user, `hydration errors in ${times} loads:`, errs);
await browser.close();
