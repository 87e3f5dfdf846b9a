/**
 * A real SMTP server on loopback (npm smtp-server), keeping every message it accepts, parsed. It can
 * refuse recipients with a given reply code, to show retries and permanent failures.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { to: string[]; from: string; messageId: string; subject: string; text: string; language: string };

export async function startSmtp(opts: { refuse?: (to: string) => number | null; hold?: (to: string) => boolean } = {}) {
  const received: Received[] = [];
  let heldOne!: () => void;
  const held = new Promise<void>((resolve) => (heldOne = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = opts.refuse?.(address.address);
      if (code) return callback(Object.assign(new Error(`refused with ${code}`), { responseCode: code }));
      callback();
    },
    onData(stream, session, callback) {
      // Held: read the message and never answer, as a server that has not accepted it yet.
      if (opts.hold && session.envelope.rcptTo.some((r) => opts.hold!(r.address))) {
        stream.resume();
        stream.on('end', heldOne);
        return;
      }
      simpleParser(stream).then(
        (m) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: m.from?.text ?? '',
            messageId: m.messageId ?? '',
            subject: m.subject ?? '',
            text: m.text ?? '',
            language: String(m.headers.get('content-language') ?? ''),
          });
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves when a held message has been read in full (and left unanswered). */
    held,
    to: (email: string) => received.filter((m) => m.to.includes(email)),
    clear: () => void received.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
