import type { Run } from '../../core/context.js';
import { DepthHistory } from '../../core/queue/depth-history.js';
import { type WatchFrame, watchQueues } from '../../core/queue/watch.js';
import { onStopSignal, SIGNAL_EXIT } from '../../core/signals.js';
import { RuntimeError } from '../../core/errors.js';
import { LiveScreen } from '../../ui/live-screen.js';
import { renderWatchJson, renderWatchScreen, renderWatchTable } from './watch-present.js';

export interface WatchOptions {
  filter: string | undefined;
  intervalSeconds: number;
  json: boolean;
}

/**
 * `queue list --watch`: a live table on a terminal until `q` or Ctrl-C (exit 0, or 130 for
 * Ctrl-C as for a signal); in a pipe, one table (or JSON line) per refresh until a signal or
 * until the reader goes away (exit 0).
 */
export async function runQueueWatch(run: Run, options: WatchOptions): Promise<number> {
  const { vhost } = (await run.settings()).connection;
  const controller = new AbortController();
  let exit = 0;
  let failure: Error | undefined;
  const stop = (code: number) => {
    if (controller.signal.aborted) return;
    exit = code;
    controller.abort();
  };
  const live = run.stdout.isTTY === true && !options.json;
  const screen = live ? new LiveScreen(run.stdout, run.stdin, (key) => stop(key === 'quit' ? 0 : SIGNAL_EXIT.SIGINT)) : undefined;
  const history = new DepthHistory();
  let last: WatchFrame | undefined;
  const draw = () => {
    if (screen !== undefined && last !== undefined && !controller.signal.aborted)
      screen.draw(renderWatchScreen(last, history, { ...options, vhost, ...screen.size, style: run.stdoutStyle }));
  };
  const show = (frame: WatchFrame) => {
    if (controller.signal.aborted) return;
    history.record(frame.at, frame.rows);
    last = frame;
    if (screen !== undefined) return draw();
    if (frame.problem !== undefined) run.log.warn(`${frame.problem}; trying again in ${options.intervalSeconds} s`);
    else run.stdout.write(options.json ? renderWatchJson(frame) : renderWatchTable(frame));
  };
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED')
      failure = new RuntimeError(`cannot write to stdout: ${error.message}`, { cause: error });
    stop(0);
  };
  // A second signal exits at once: the terminal is restored first.
  const removeSignals = onStopSignal(
    (reason) => stop(SIGNAL_EXIT[reason]),
    run.exit,
    () => screen?.leave(),
  );
  run.stdout.on('error', onOutputError);
  // A resized terminal is redrawn at once, not at the next refresh.
  run.stdout.on('resize', draw);
  try {
    await watchQueues(run, options.filter, options.intervalSeconds * 1000, controller.signal, show);
  } finally {
    removeSignals();
    screen?.leave();
    run.stdout.off('error', onOutputError);
    run.stdout.off('resize', draw);
  }
  if (failure !== undefined) throw failure;
  return exit;
}
