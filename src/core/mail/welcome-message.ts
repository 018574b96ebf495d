import type { MailContent } from './mail-message.js';
import { greeting, type Recipient, SERVICE_NAME, signature, singleLine, subjectLine } from './mail-text.js';

/** Sent once a user has signed up. */
export function welcomeMessage(user: Recipient): MailContent {
  return {
    to: user.email,
    subject: subjectLine(`Welcome to ${SERVICE_NAME}, ${user.firstName}`),
    text: [
      greeting(user),
      '',
      `Your ${SERVICE_NAME} account for ${singleLine(user.firstName)} ${singleLine(user.lastName)} is ready.`,
      `Sign in with this address: ${user.email}`,
      '',
      'If you did not sign up, you can ignore this message.',
      '',
      signature,
    ].join('\n'),
  };
}
