/** Every email's words, in one place. Each has a plain-text and an HTML body. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escape(p)}</p>`).join('');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escape(action.url)}" style="background:#1f4fd1;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escape(action.label)}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1f24;max-width:560px;margin:auto;padding:24px"><h1 style="font-size:20px">${escape(title)}</h1>${body}${button}<p style="color:#667;font-size:12px">LeadFlow</p></body></html>`;
}

export function welcomeEmail(input: { firstName: string; appUrl: string }): EmailContent {
  const url = `${input.appUrl}/`;
  const lines = [
    `Hi ${input.firstName},`,
    'Welcome to LeadFlow. Finish setting up your account — business details, the leads you want, and a card — and leads start arriving.',
  ];
  return {
    subject: 'Welcome to LeadFlow',
    text: `${lines.join('\n\n')}\n\nContinue: ${url}\n`,
    html: layout('Welcome to LeadFlow', lines, { label: 'Continue setting up', url }),
  };
}

export function passwordResetEmail(input: { firstName: string; link: string; validMinutes: number }): EmailContent {
  const lines = [
    `Hi ${input.firstName},`,
    `Someone asked to reset your LeadFlow password. The link works once, for ${input.validMinutes} minutes.`,
    "If it wasn't you, ignore this email: your password stays as it is.",
  ];
  return {
    subject: 'Reset your LeadFlow password',
    text: `${lines.join('\n\n')}\n\nReset your password: ${input.link}\n`,
    html: layout('Reset your password', lines, { label: 'Choose a new password', url: input.link }),
  };
}
