// Starts a throw-away Vern server for one test file: a fresh SQLite database in a temp folder,
// an admin user, and `vern serve` on a port the kernel picks. The binary comes from VERN_BIN.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'correct horse battery';

const READY_LINE = /^vern: listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/;
const COMMAND_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const KEPT_OUTPUT_LINES = 200;

function vernBinary() {
  const bin = process.env.VERN_BIN;
  if (!bin) {
    throw new Error('VERN_BIN is not set: it must name the vern binary to test (e.g. build/ci/vern)');
  }
  return path.resolve(bin);
}

// The server must see only what the test gives it: a VERN_SMTP_URL or VERN_DB from the caller's
// environment would send mail or write data elsewhere.
function hermeticEnv() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VERN_') && name !== 'VERN_BIN' && !name.startsWith('VERN_TEST_')) continue;
    env[name] = value;
  }
  return env;
}

/** Runs `bin args...` to completion, writing `input` to its stdin; rejects on failure. */
function runCommand(bin, args, { input = '', env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${bin}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`vern ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
      }
    });
    child.stdin.on('error', () => {}); // the command may exit before reading stdin
    child.stdin.end(input);
  });
}

/** Keeps the last lines a stream printed, for error messages. */
function tailOf(stream, lines, onLine) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    lines.push(line);
    if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
    onLine?.(line);
  });
}

/**
 * Starts the server and resolves once it printed its address.
 * Returns { baseUrl, dbUrl, mailDir, tmpDir, output(), stop() }; stop() ends the server and
 * deletes the temp folder, and is safe to call twice. With `smtp`, the server sends its mail to
 * the real SMTP server the test command started (VERN_TEST_SMTP_URL; it writes each message to
 * VERN_TEST_SMTP_DIR, which `mailDir` then names); without one, that is an error, not a skip.
 */
export async function startServer({ smtp = false } = {}) {
  const bin = vernBinary();
  const env = hermeticEnv();
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'vern-e2e-'));
  const dbUrl = `sqlite:${path.join(tmpDir, 'vern.db')}`;
  if (smtp && !(process.env.VERN_TEST_SMTP_URL && process.env.VERN_TEST_SMTP_DIR)) {
    throw new Error('VERN_TEST_SMTP_URL and VERN_TEST_SMTP_DIR are not set: run the browser tests through scripts/test.sh, which starts the SMTP server');
  }
  const mailDir = smtp ? process.env.VERN_TEST_SMTP_DIR : path.join(tmpDir, 'mail');
  const mailOptions = smtp ? ['--smtp', process.env.VERN_TEST_SMTP_URL] : ['--mail-dir', mailDir];
  let child;
  let exited;
  const isRunning = () => child?.pid !== undefined && child.exitCode === null && child.signalCode === null;

  const removeTmpDir = () => rm(tmpDir, { recursive: true, force: true });
  // A test runner that dies must not leave a server running.
  const killOnExit = () => child?.kill('SIGKILL');

  try {
    if (!smtp) await mkdir(mailDir);
    await runCommand(bin, ['migrate', '--db', dbUrl], { env });
    await runCommand(bin, ['user', 'add', ADMIN_USERNAME, '--role', 'admin', '--password-stdin', '--db', dbUrl], {
      env,
      input: `${ADMIN_PASSWORD}\n`,
    });

    const stdoutLines = [];
    const stderrLines = [];
    child = spawn(bin, ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', ...mailOptions], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    process.once('exit', killOnExit);
    exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    const output = () => [...stdoutLines, ...stderrLines].join('\n');

    const baseUrl = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`vern serve printed no "vern: listening on" line within ${START_TIMEOUT_MS} ms:\n${output()}`));
      }, START_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${bin}: ${error.message}`));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`vern serve exited (${signal ?? `exit ${code}`}) before it was ready:\n${output()}`));
      });
      tailOf(child.stderr, stderrLines);
      tailOf(child.stdout, stdoutLines, (line) => {
        const match = READY_LINE.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });

    let stopped;
    const stop = () => {
      stopped ??= (async () => {
        if (isRunning()) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', killOnExit);
        await removeTmpDir();
        return exited;
      })();
      return stopped;
    };

    return { baseUrl, dbUrl, mailDir, tmpDir, output, stop };
  } catch (error) {
    if (isRunning()) {
      child.kill('SIGKILL');
      await exited;
    }
    process.removeListener('exit', killOnExit);
    await removeTmpDir();
    throw error;
  }
}
