// The pieces of --exec's command shells: the trailer that ends each command's output, and the
// variables written for sh to read (checked by a real /bin/sh).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupScript, jobScript, SKIPPED } from '../../../../src/core/exec/script.js';
import { TrailerSplitter } from '../../../../src/core/exec/trailer.js';

const MARKER = Buffer.from('mqcli-0123456789abcdef');

/** Feeds `chunks` through a splitter; what was passed on before the trailer, the trailer, and what waits. */
function split(chunks: Buffer[], extra = 3) {
  const splitter = new TrailerSplitter(MARKER, extra);
  const output: Buffer[] = [];
  let trailer: Buffer | undefined;
  for (const chunk of chunks) {
    const step = splitter.push(chunk);
    if (trailer === undefined) output.push(step.output);
    else expect(step.output.length).toBe(0);
    trailer ??= step.trailer;
  }
  return { output: Buffer.concat(output).toString(), trailer: trailer?.toString(), rest: splitter.rest().toString() };
}

/** Cuts `whole` into chunks at the given places. */
function cut(whole: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((n) => n % (whole.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(whole.subarray(from, point));
    from = point;
  }
  chunks.push(whole.subarray(from));
  return chunks;
}

/** Output with beginnings of the marker in it, where the splitter must not be fooled. */
const pieces = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 1, max: MARKER.length - 1 }).map((length) => MARKER.subarray(0, length)),
  ),
  { maxLength: 8 },
);

describe('TrailerSplitter', () => {
  it.each([
    ['output, then the trailer', ['hello\n', 'mqcli-0123456789abcdef000'], 'hello\n', '000', ''],
    ['no newline before the trailer', ['partialmqcli-0123456789abcdef003'], 'partial', '003', ''],
    ['the trailer cut in three', ['ab', 'mqcli-0123', '456789abcdef1', '27'], 'ab', '127', ''],
    ['what comes after waits', ['xmqcli-0123456789abcdef000late'], 'x', '000', 'late'],
    ['a near miss is output', ['mqcli-0123456789abcdeX\n', 'mqcli-0123456789abcdef000'], 'mqcli-0123456789abcdeX\n', '000', ''],
    // A command that runs on: its output is passed on at once, but for what may start a marker.
    ['no trailer yet', ['started\n'], 'started\n', undefined, ''],
    ['the start of a marker waits', ['startedmqcli-01'], 'started', undefined, 'mqcli-01'],
    ['a marker that starts over', ['mmqcli-0123456789abcdef', '042'], 'm', '042', ''],
  ])('%s', (_name, chunks, output, trailer, rest) => {
    const result = split(chunks.map((chunk) => Buffer.from(chunk)));
    expect(result).toEqual({ output, trailer, rest });
  });

  it('finds the output and the trailer however the stream is cut', () => {
    fc.assert(
      fc.property(pieces, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 0, max: 255 }), (parts, at, status) => {
        const output = Buffer.concat(parts);
        // Output never holds the marker: it is drawn at random for each shell.
        fc.pre(!output.includes(MARKER));
        const whole = Buffer.concat([output, MARKER, Buffer.from(String(status).padStart(3, '0'))]);
        const splitter = new TrailerSplitter(MARKER, 3);
        const passed: Buffer[] = [];
        let trailer: Buffer | undefined;
        for (const chunk of cut(whole, at)) {
          const step = splitter.push(chunk);
          passed.push(step.output);
          trailer ??= step.trailer;
        }
        expect(Buffer.concat(passed).equals(output)).toBe(true);
        expect(Number(trailer?.toString())).toBe(status);
      }),
    );
  });
});

describe('jobScript', () => {
  // Paths that need quoting, as a TMPDIR may.
  const dir = mkdtempSync(join(tmpdir(), "mqcli test's "));
  const body = join(dir, 'body');
  const stop = join(dir, 'stop');
  writeFileSync(body, 'the body\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the lines for some messages in a real `sh -s 0 <argv>`, as a command shell does. */
  const runJobs = (jobs: Record<string, string>[], argv: string[], stopOnFailure = true) =>
    spawnSync('/bin/sh', ['-s', '0', ...argv], {
      input: jobs.map((variables) => jobScript({ variables, body, marker: 'mqcli-M', stop, stopOnFailure })).join(''),
      env: { PATH: process.env.PATH as string },
    });

  it('hands sh every value back byte for byte, to the command alone', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).map((text) => text.replaceAll('\0', '')),
        (value) => {
          const result = runJobs([{ MQ_TYPE: value, MQ_APP_ID: 'a' }, { MQ_APP_ID: 'b' }], ['/bin/sh', '-c', 'printf "%s|" "$MQ_TYPE"']);
          expect(result.stdout.toString()).toBe(`${Buffer.from(value).toString()}|mqcli-M000|mqcli-M000`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ends each job with the trailers, the exit status on stdout', () => {
    const result = runJobs([{}], ['/bin/sh', '-c', 'cat; echo err >&2; exit 7'], false);
    expect(result.stdout.toString()).toBe('the body\nmqcli-M007');
    expect(result.stderr.toString()).toBe('err\nmqcli-M');
  });

  it('under --on-error stop, skips the jobs after a failure', () => {
    const result = runJobs([{ N: '0' }, { N: '3' }, { N: '0' }], ['/bin/sh', '-c', 'exit $N']);
    expect(result.stdout.toString()).toBe(`mqcli-M000mqcli-M003mqcli-M${SKIPPED}`);
  });

  it('otherwise goes on after a failure', () => {
    const result = runJobs([{ N: '3' }, { N: '0' }], ['/bin/sh', '-c', 'exit $N'], false);
    expect(result.stdout.toString()).toBe('mqcli-M003mqcli-M000');
  });

  it('runs nothing once the stop file exists', () => {
    writeFileSync(stop, '');
    try {
      const result = runJobs([{}], ['/bin/sh', '-c', 'echo ran'], false);
      expect(result.stdout.toString()).toBe(`mqcli-M${SKIPPED}`);
      expect(result.stderr.toString()).toBe('mqcli-M');
    } finally {
      rmSync(stop);
    }
  });

  it('quotes the single quote, newlines and $', () => {
    expect(jobScript({ variables: { MQ_TYPE: "it's\n$HOME" }, body: '/b', marker: 'M', stop: '/s', stopOnFailure: false })).toContain(
      `shift; MQ_TYPE='it'\\''s\n$HOME' "$@" <'/b';`,
    );
  });
});

describe('cleanupScript', () => {
  it('has the shell remove the directory when its stdin ends', () => {
    const dir = mkdtempSync(join(tmpdir(), "mqcli it's $(x) "));
    writeFileSync(join(dir, 'body'), 'x');
    const result = spawnSync('/bin/sh', ['-s', '0', 'true'], { input: cleanupScript(dir), env: { PATH: process.env.PATH as string } });
    expect(result.status).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('and when mqcli is gone from the other end of its stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqcli cleanup '));
    const script = join(dir, 'script');
    // The reader (`true`) is gone by the time the shell prints: SIGPIPE, as for a killed mqcli.
    writeFileSync(script, `${cleanupScript(dir)}sleep 0.3; printf x; printf y\n`);
    spawnSync('/bin/sh', ['-c', '/bin/sh -s 0 true <"$1" | true', 'test', script], { env: { PATH: process.env.PATH as string } });
    expect(existsSync(dir)).toBe(false);
  });
});
