import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { removeBody, writeBody } from './body-file.js';
import { type CommandResult, type CommandSpec, KILL_GRACE_MS, signalGroup } from './command.js';
import { cleanupScript, jobScript, SKIPPED } from './script.js';
import { TrailerSplitter } from './trailer.js';

/** The exit status's digits after the marker on stdout. */
const STATUS_DIGITS = 3;

/** A shell runs one command and holds the next, so it starts without waiting for mqcli. */
export const JOBS_PER_SHELL = 2;

interface Job {
  spec: CommandSpec;
  /** The file holding its body, removed when it is done. */
  body: string;
  kept: Buffer[];
  /** Its exit status, once its trailer came on stdout. */
  status: number | undefined;
  stderrDone: boolean;
  timedOut: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve: (result: CommandResult) => void;
}

/** How a job ended that never ran: the shell skipped it (mqcli stops) or was killed first. */
const NOT_RUN: Omit<CommandResult, 'output'> = { ok: false, code: null, signal: null, timedOut: false, failedToStart: undefined, skipped: true };

/**
 * A small long-lived `sh` that runs the --exec command for one slot, reading its script from
 * stdin (see script.ts). Forking Node, a big process, costs several times what a shell's vfork
 * does, and was most of the time per message. The shell has a process group of its own, which
 * its commands share: a Ctrl-C at the terminal reaches mqcli alone, and a kill (a timeout, Ctrl-C's
 * grace run out) takes the whole group, shell included. A killed shell takes no more jobs.
 */
export class CommandShell {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly marker: string;
  private readonly stdout: TrailerSplitter;
  private readonly stderr: TrailerSplitter;
  /** In order: the one running (or about to), then the one held. */
  private readonly jobs: Job[] = [];
  private next = 0;
  private killTimer: NodeJS.Timeout | undefined;
  /** Gone or going: give it no more jobs. */
  done = false;

  constructor(
    /** The directory of the messages' files, which the shell removes if mqcli is killed. */
    dir: string,
    /** Where its bodies' files go, each as `<files>.<n>` (in `dir`). */
    private readonly files: string,
    /** The stop file: once it exists, the shell runs no more commands. */
    private readonly stop: string,
    private readonly stopOnFailure: boolean,
    argv: [string, string[]],
    /** The environment every command starts from (no message variables). */
    env: Record<string, string>,
  ) {
    // Drawn afresh for each shell, and never told to a command. Plain characters: it goes through printf.
    this.marker = `mqcli-${randomBytes(16).toString('hex')}`;
    this.stdout = new TrailerSplitter(Buffer.from(this.marker), STATUS_DIGITS);
    this.stderr = new TrailerSplitter(Buffer.from(this.marker), 0);
    const [file, args] = argv;
    // "$1" holds the last exit status (0 to begin with); the rest is what to exec.
    this.process = spawn('/bin/sh', ['-s', '0', file, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.process.stdin.write(cleanupScript(dir));
    this.process.stdin.on('error', () => {
      // The shell is gone; 'close' says so.
    });
    this.read(this.process.stdout, 'stdout');
    this.read(this.process.stderr, 'stderr');
    this.process.on('error', (error: NodeJS.ErrnoException) => {
      const failedToStart = error.code === 'ENOENT' ? '/bin/sh: not found' : error.message;
      this.gone((job) => ({ ...NOT_RUN, skipped: false, failedToStart, output: Buffer.concat(job.kept) }));
    });
    this.process.on('close', (code, signal) => {
      this.deliver(this.stdout.rest(), 'stdout');
      this.deliver(this.stderr.rest(), 'stderr');
      // The shell went with its command (a kill, or the command took its process group down):
      // the first job unfinished on stdout was running, any after it never ran.
      let first = true;
      this.gone((job) => {
        const ran = job.status !== undefined || first;
        first &&= job.status !== undefined;
        if (!ran) return { ...NOT_RUN, output: Buffer.alloc(0) };
        if (job.status !== undefined) return this.settled(job, job.status);
        // Never a success: the shell did not say how the command ended.
        return { ok: false, code, signal, timedOut: job.timedOut, failedToStart: undefined, skipped: false, output: Buffer.concat(job.kept) };
      });
    });
  }

  /** Jobs it can take now. */
  get room(): number {
    return this.done ? 0 : JOBS_PER_SHELL - this.jobs.length;
  }

  /** Commands running now (not held). */
  get running(): number {
    return this.jobs.length === 0 ? 0 : 1;
  }

  /** Runs the command on one message; `variables` are the message's, added to the shell's environment. */
  run(spec: CommandSpec, variables: Record<string, string>): Promise<CommandResult> {
    return new Promise((resolve) => {
      const body = `${this.files}.${this.next++}`;
      const job: Job = { spec, body, kept: [], status: undefined, stderrDone: false, timedOut: false, timer: undefined, resolve };
      try {
        writeBody(body, spec.input);
      } catch (error) {
        removeBody(body);
        resolve({ ...NOT_RUN, skipped: false, failedToStart: `cannot hand it the message: ${(error as Error).message}`, output: Buffer.alloc(0) });
        return;
      }
      this.jobs.push(job);
      if (this.jobs.length === 1) {
        // One listener for the shell while it has jobs (the same listener twice would be one).
        if (this.process.pid !== undefined) spec.groups.add(this.process.pid);
        if (spec.kill.aborted) this.kill();
        else spec.kill.addEventListener('abort', this.kill, { once: true });
      }
      // Nothing before it still runs (the one before may wait for its stderr's trailer alone).
      if (this.jobs.every((other) => other === job || other.status !== undefined)) this.started(job);
      this.process.stdin.write(jobScript({ variables, body, marker: this.marker, stop: this.stop, stopOnFailure: this.stopOnFailure }));
    });
  }

  /** No more jobs: the shell ends when its stdin does. */
  close(): void {
    this.done = true;
    this.process.stdin.end();
  }

  /** The job's command starts now (as far as mqcli can tell): its --exec-timeout starts too. */
  private started(job: Job): void {
    const { timeoutMs } = job.spec;
    if (timeoutMs === undefined) return;
    job.timer = setTimeout(() => {
      job.timedOut = true;
      this.kill();
    }, timeoutMs);
  }

  /** SIGTERM to the group, SIGKILL if it is not gone after the grace; the shell goes too. */
  private readonly kill = (): void => {
    this.done = true;
    signalGroup(this.process.pid, 'SIGTERM');
    this.killTimer ??= setTimeout(() => signalGroup(this.process.pid, 'SIGKILL'), KILL_GRACE_MS);
  };

  /** Reads one of the shell's streams; a command printing faster than mqcli's output takes it waits. */
  private read(from: Readable, stream: 'stdout' | 'stderr'): void {
    const splitter = stream === 'stdout' ? this.stdout : this.stderr;
    from.on('data', (chunk: Buffer) => {
      let waits: Promise<void> | undefined;
      // After a trailer, what follows is the next job's: it is looked at at once.
      for (let input = chunk; ; input = Buffer.alloc(0)) {
        const { output, trailer } = splitter.push(input);
        waits = this.deliver(output, stream) ?? waits;
        if (trailer === undefined) break;
        this.trailer(stream, trailer);
      }
      if (waits === undefined) return;
      from.pause();
      void waits.then(() => from.resume());
    });
  }

  /** The job a stream is on now: the first whose trailer has not come on it. */
  private current(stream: 'stdout' | 'stderr'): Job | undefined {
    return this.jobs.find((job) => (stream === 'stdout' ? job.status === undefined : !job.stderrDone));
  }

  private trailer(stream: 'stdout' | 'stderr', trailer: Buffer): void {
    const job = this.current(stream);
    if (job === undefined) return;
    if (stream === 'stdout') {
      job.status = Number(trailer.toString('latin1'));
      // Its command is over: a timeout now would kill the next one.
      clearTimeout(job.timer);
      const held = this.jobs[this.jobs.indexOf(job) + 1];
      if (held !== undefined) this.started(held);
    } else job.stderrDone = true;
    for (let done = this.jobs[0]; done?.status !== undefined && done.stderrDone; done = this.jobs[0]) {
      this.finish(done.status === SKIPPED ? { ...NOT_RUN, output: Buffer.alloc(0) } : this.settled(done, done.status));
    }
  }

  /** Passes output to the sink of the job the stream is on; a promise when the sink wants the shell to wait. */
  private deliver(output: Buffer, stream: 'stdout' | 'stderr'): Promise<void> | undefined {
    const job = this.current(stream);
    if (job === undefined || output.length === 0) return undefined;
    const sink = stream === 'stdout' ? job.spec.stdout : job.spec.stderr;
    if (sink === 'keep') {
      job.kept.push(Buffer.from(output));
      return undefined;
    }
    return sink.push(output) ? undefined : sink.drained();
  }

  /** The status as the shell says it: 128 + n for a command killed by signal n, as for `exit 128+n` (see describeEnd). */
  private settled(job: Job, status: number): CommandResult {
    const ok = status === 0 && !job.timedOut;
    return { ok, code: status, signal: null, timedOut: job.timedOut, failedToStart: undefined, skipped: false, output: Buffer.concat(job.kept) };
  }

  /** The shell is gone: every job it held ends, as `how` says. */
  private gone(how: (job: Job) => CommandResult): void {
    this.done = true;
    clearTimeout(this.killTimer);
    while (this.jobs[0] !== undefined) this.finish(how(this.jobs[0]));
  }

  /** Ends the first job. */
  private finish(result: CommandResult): void {
    const job = this.jobs.shift();
    if (job === undefined) return;
    clearTimeout(job.timer);
    // A process the command left behind that has the body open keeps it; no later one finds it.
    removeBody(job.body);
    const { spec } = job;
    if (this.jobs.length === 0) {
      spec.kill.removeEventListener('abort', this.kill);
      if (this.process.pid !== undefined) spec.groups.delete(this.process.pid);
    }
    if (spec.stdout !== 'keep') spec.stdout.end();
    spec.stderr.end();
    job.resolve(result);
  }
}
