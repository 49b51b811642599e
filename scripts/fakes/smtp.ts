/**
 * A local SMTP server for the notification center's email channel: nodemailer connects to it
 * through SMTP_URL (`smtp://127.0.0.1:<port>`). It accepts any sender and login, parses every
 * message with mailparser, and can be told to refuse the next messages with an SMTP reply code
 * (4xx transient, 5xx permanent). Run alone: `bun scripts/fakes/smtp.ts` (PORT, default 2525).
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createFailures, createRecorder, type Recorder } from "./notify-recorder.ts";

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** Lower-cased names, unfolded raw values. */
  headers: Record<string, string>;
  parsed: ParsedMail;
};

export type FakeSmtp = {
  url: string;
  port: number;
  mail: Recorder<ReceivedMail>;
  /** The next `count` messages are refused with this reply code (e.g. 451 or 550). */
  fail(count: number, code: number): void;
  close(): Promise<void>;
};

export async function startFakeSmtp(options: { port?: number } = {}): Promise<FakeSmtp> {
  const mail = createRecorder<ReceivedMail>();
  const failures = createFailures();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: "fake" }),
    onData(stream, session, callback) {
      const code = failures.take();
      simpleParser(stream)
        .then((parsed) => {
          if (code) return callback(Object.assign(new Error(`scripted failure ${code}`), { responseCode: code }));
          mail.add(toReceived(parsed, session.envelope));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mail,
    fail: (count, code) => failures.fail(count, code),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Envelope = { mailFrom: false | { address: string }; rcptTo: Array<{ address: string }> };

function toReceived(parsed: ParsedMail, envelope: Envelope): ReceivedMail {
  // Raw header lines: mailparser's structured map folds some headers (List-* into "list").
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) headers[key] = line.slice(line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim();
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : "",
    to: envelope.rcptTo.map((r) => r.address),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    headers,
    parsed,
  };
}

if (import.meta.main) {
  const smtp = await startFakeSmtp({ port: Number(process.env.PORT ?? 2525) });
  console.log(`fake SMTP on ${smtp.url} (SMTP_URL=${smtp.url})`);
}
