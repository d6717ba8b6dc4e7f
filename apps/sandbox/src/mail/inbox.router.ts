import express, { type Router } from 'express';
import { escapeHtml, page } from '../core/html';
import type { MailStore } from './mail-store';

/** The mail catcher's web inbox: a list, one message, and the HTML body served for a sandboxed iframe. */
export function inboxRouter(store: MailStore): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    const rows = store
      .list({ to })
      .map(
        (m) => `<tr class="message"><td>${escapeHtml(m.receivedAt.slice(0, 19).replace('T', ' '))}</td>
        <td>${escapeHtml(m.to.join(', '))}</td><td><a href="/inbox/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>
        <td>${escapeHtml(m.from)}</td></tr>`,
      )
      .join('');
    res.type('html').send(
      page(
        'Inbox',
        `<h1>Inbox</h1><form method="get"><input name="to" placeholder="Filter by recipient" value="${escapeHtml(to ?? '')}"></form>
        <table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th></tr></thead>
        <tbody>${rows || '<tr><td colspan="4" class="muted">No messages yet.</td></tr>'}</tbody></table>
        <p class="muted">SMTP catcher — every message sent to it lands here. JSON: <a href="/_sandbox/mail">/_sandbox/mail</a></p>`,
        'LeadFlow Sandbox — mail',
      ),
    );
  });

  router.get('/:id', (req, res) => {
    const m = store.get(req.params.id);
    if (!m) return res.status(404).type('html').send(page('Not found', '<h1>Message not found</h1>'));
    const links = m.links.map((l) => `<li><a href="${escapeHtml(l)}" target="_blank" rel="noopener">${escapeHtml(l)}</a></li>`).join('');
    res.type('html').send(
      page(
        m.subject,
        `<p><a href="/inbox">← Inbox</a></p><h1 id="subject">${escapeHtml(m.subject)}</h1>
        <p><strong>From:</strong> ${escapeHtml(m.from)}<br><strong>To:</strong> ${escapeHtml(m.to.join(', '))}
        ${m.cc.length ? `<br><strong>Cc:</strong> ${escapeHtml(m.cc.join(', '))}` : ''}<br><span class="muted">${escapeHtml(m.receivedAt)}</span></p>
        ${
          m.html
            ? `<iframe title="HTML body" src="/inbox/${m.id}/html" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" style="width:100%;height:480px;border:1px solid #d0d7de;border-radius:6px"></iframe>`
            : ''
        }
        ${links ? `<h2>Links</h2><ul id="links">${links}</ul>` : ''}
        <h2>Text</h2><pre style="white-space:pre-wrap">${escapeHtml(m.text)}</pre>`,
        'LeadFlow Sandbox — mail',
      ),
    );
  });

  router.get('/:id/html', (req, res) => {
    const m = store.get(req.params.id);
    if (!m || !m.html) return res.status(404).send('not found');
    // Scripts never run; links open outside the frame.
    res.set(
      'Content-Security-Policy',
      "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; script-src 'none'",
    );
    res.type('html').send(m.html.includes('<base') ? m.html : `<base target="_blank">${m.html}`);
  });

  return router;
}
