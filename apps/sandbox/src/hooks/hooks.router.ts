import express, { type Router } from 'express';
import { escapeHtml, page } from '../core/html';

export interface CaughtHook {
  id: number;
  name: string;
  receivedAt: string;
  headers: Record<string, string>;
  body: string;
}

/** A catch hook in the manner of Zapier's: anything POSTed to /hooks/catch/<name> is kept (the last 500) and answered 200. */
export class HookStore {
  private items: CaughtHook[] = [];
  private next = 1;

  add(name: string, headers: Record<string, string>, body: string): CaughtHook {
    const hook = { id: this.next++, name, receivedAt: new Date().toISOString(), headers, body };
    this.items.push(hook);
    if (this.items.length > 500) this.items.shift();
    return hook;
  }

  list(name?: string): CaughtHook[] {
    return this.items.filter((h) => !name || h.name === name).reverse();
  }

  clear(): void {
    this.items = [];
  }
}

function eventType(body: string): string {
  try {
    return String((JSON.parse(body) as { type?: string }).type ?? '');
  } catch {
    return '(not JSON)';
  }
}

export function hooksRouter(store: HookStore): Router {
  const router = express.Router();

  router.post('/catch/:name', express.text({ type: () => true, limit: '1mb' }), (req, res) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k]) => k.startsWith('webhook-') || k === 'content-type' || k === 'user-agent')
        .map(([k, v]) => [k, String(v)]),
    );
    const hook = store.add(req.params.name!, headers, typeof req.body === 'string' ? req.body : '');
    res.json({ status: 'success', id: String(hook.id) });
  });

  router.get('/', (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : undefined;
    if (req.accepts(['html', 'json']) === 'json') return res.json(store.list(name));
    const rows = store
      .list(name)
      .map((h) => {
        const type = eventType(h.body);
        return `<tr><td>${escapeHtml(h.receivedAt.slice(0, 19).replace('T', ' '))}</td><td>${escapeHtml(h.name)}</td><td>${escapeHtml(type)}</td>
          <td><code>${escapeHtml(h.headers['webhook-id'] ?? '')}</code></td><td><details><summary>body</summary><pre>${escapeHtml(h.body)}</pre></details></td></tr>`;
      })
      .join('');
    res.type('html').send(
      page(
        'Caught webhooks',
        `<h1>Caught webhooks</h1><p class="muted">POST anything to <code>/hooks/catch/&lt;name&gt;</code> (e.g. a LeadFlow webhook endpoint); it shows here.</p>
        <table><thead><tr><th>Received</th><th>Hook</th><th>Type</th><th>webhook-id</th><th></th></tr></thead>
        <tbody>${rows || '<tr><td colspan="5" class="muted">Nothing caught yet.</td></tr>'}</tbody></table>`,
      ),
    );
  });

  return router;
}
