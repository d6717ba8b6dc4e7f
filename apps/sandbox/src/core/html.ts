export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A plain page shell shared by hosted pages, the consent page and the inbox. */
export function page(title: string, body: string, brand = 'LeadFlow Sandbox'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f8fa;color:#1f2328;margin:0}
header{background:#24292f;color:#fff;padding:10px 20px;font-size:14px}
main{max-width:760px;margin:24px auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:24px}
label{display:block;margin:12px 0 4px;font-weight:600;font-size:14px}
input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #d0d7de;border-radius:6px;font-size:16px}
.row{display:flex;gap:12px}.row>div{flex:1}
button,.button{margin-top:16px;padding:10px 18px;border:0;border-radius:6px;background:#635bff;color:#fff;font-size:15px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#6e7781}
.error{background:#ffebe9;border:1px solid #ff8182;padding:10px;border-radius:6px;margin:12px 0}
.ok{background:#dafbe1;border:1px solid #4ac26b;padding:10px;border-radius:6px;margin:12px 0}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:6px;border-bottom:1px solid #eaeef2;font-size:14px}
.muted{color:#656d76;font-size:13px}
</style></head>
<body><header>${escapeHtml(brand)} — test mode</header><main>${body}</main></body></html>`;
}

export function formatMoney(minor: number, currency: string): string {
  const major = (minor / 100).toFixed(2);
  const symbol: Record<string, string> = { gbp: '£', usd: '$', eur: '€' };
  const s = symbol[currency.toLowerCase()];
  return s ? `${s}${major}` : `${major} ${currency.toUpperCase()}`;
}
