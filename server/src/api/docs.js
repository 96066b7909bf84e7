// The "try it" form of /api/docs: signs a request with HMAC-SHA256 in the
// browser (WebCrypto), exactly as docs/api.md describes, and shows the answer.
const enc = new TextEncoder();
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function canonicalQuery(q) {
  if (!q) return '';
  const pairs = q.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const dec = (x) => decodeURIComponent(x.replace(/\+/g, ' '));
    return i < 0 ? [dec(p), ''] : [dec(p.slice(0, i)), dec(p.slice(i + 1))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${rfc3986(n)}=${rfc3986(v)}`).join('&');
}

document.getElementById('try').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = document.getElementById('out');
  const [method, pathAndQuery] = document.getElementById('ep').value.split(' ');
  const [path, query = ''] = pathAndQuery.split('?');
  const fmt = document.getElementById('fmt').value;
  let body = method === 'POST' ? document.getElementById('body').value : '';
  if (method === 'POST' && fmt === 'application/xml' && body.trim().startsWith('{')) {
    try {
      const o = JSON.parse(body);
      body = '<ping>' + Object.entries(o).map(([k, v]) => `<${k}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k}>`).join('') + '</ping>';
    } catch (e) { /* send as typed */ }
  }
  const ts = Math.floor(Date.now() / 1000).toString();
  const nonce = crypto.randomUUID();
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', enc.encode(body)));
  const canonical = [method, path, canonicalQuery(query), ts, nonce, bodyHash].join('\n');
  const key = await crypto.subtle.importKey('raw', enc.encode(document.getElementById('secret').value),
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = hex(await crypto.subtle.sign('HMAC', key, enc.encode(canonical)));
  const headers = {
    'X-GSP-Key': document.getElementById('key').value.trim(),
    'X-GSP-Timestamp': ts,
    'X-GSP-Nonce': nonce,
    'X-GSP-Signature-Method': 'HMAC-SHA256',
    'X-GSP-Signature': sig,
    Accept: fmt,
  };
  if (method === 'POST') headers['Content-Type'] = fmt;
  const r = await fetch(pathAndQuery, { method, headers, body: method === 'POST' ? body : undefined });
  out.textContent = `canonical string:\n${canonical}\n\nHTTP ${r.status}\n${await r.text()}`;
});
