import express, { type Router } from 'express';
import { escapeHtml, page } from '../core/html';
import type { TwilioStore } from './twilio-store';

/** `/sms`: every text the Twilio emulator has sent or received, newest first, like the mail inbox. */
export function smsInboxRouter(store: TwilioStore): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to.trim() : '';
    const rows = store
      .list()
      .filter((m) => !to || m.to.includes(to))
      .map((m) => {
        const error = m.errorCode === null ? '' : `${m.errorCode}${m.errorMessage ? ` ${m.errorMessage}` : ''}`;
        return `<tr class="text"><td>${escapeHtml(new Date(m.createdMs).toISOString().slice(0, 19).replace('T', ' '))}</td>
        <td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.from ?? m.sender)}</td>
        <td style="white-space:pre-wrap">${escapeHtml(m.body)}</td>
        <td>${escapeHtml(m.status)}${m.direction === 'outbound-api' ? '' : ` <span class="muted">(${escapeHtml(m.direction)})</span>`}</td>
        <td>${escapeHtml(error)}</td></tr>`;
      })
      .join('');
    res.type('html').send(
      page(
        'SMS inbox',
        `<h1>SMS inbox</h1><form method="get"><input name="to" placeholder="Filter by recipient number" value="${escapeHtml(to)}"></form>
        <table><thead><tr><th>Time</th><th>To</th><th>From</th><th>Body</th><th>Status</th><th>Error</th></tr></thead>
        <tbody>${rows || '<tr><td colspan="6" class="muted">No texts yet.</td></tr>'}</tbody></table>
        <p class="muted">Texts sent through the Twilio emulator (/twilio), replies and Twilio's own keyword answers.
        JSON: <a href="/_sandbox/twilio/messages">/_sandbox/twilio/messages</a></p>`,
        'LeadFlow Sandbox — SMS',
      ),
    );
  });

  return router;
}
