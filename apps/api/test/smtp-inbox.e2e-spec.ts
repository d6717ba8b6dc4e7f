import { connect } from 'node:net';
import { SmtpInbox } from './utils/smtp-inbox';

/** The tests' mail server outlives a sender killed mid-message (the worker-kill suite does that). */
describe('the test SMTP inbox', () => {
  it('notes a connection reset in the middle of a message instead of ending the test process', async () => {
    const inbox = await new SmtpInbox().start();
    try {
      const socket = connect(inbox.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('data', () => resolve())); // the greeting
      socket.write('EHLO worker\r\nMAIL FROM:<billing@leadflow.test>\r\nRCPT TO:<owner@example.co.uk>\r\nDATA\r\n');
      await new Promise((r) => setTimeout(r, 100));
      // A large message (a receipt with its PDF, say) still being sent when the sender dies: a TCP reset.
      socket.write(`Subject: Receipt\r\n\r\n${'a line of the message\r\n'.repeat(100_000)}`);
      socket.resetAndDestroy();
      const deadline = Date.now() + 5_000;
      while (inbox.connectionErrors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(inbox.connectionErrors).toEqual([expect.stringMatching(/ECONNRESET/)]);
      expect(inbox.messages).toEqual([]);
    } finally {
      await inbox.stop();
    }
  });
});
