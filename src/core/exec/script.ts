/** The status a shell reports for a job it did not run (mqcli stops, or an earlier one failed under --on-error stop). */
export const SKIPPED = 999;

export interface JobScript {
  /** The message's variables, for its command alone. */
  variables: Record<string, string>;
  /** The file holding the body. */
  body: string;
  /** The shell's marker, which starts each trailer. */
  marker: string;
  /** Once this file exists, no command starts. */
  stop: string;
  /** --on-error stop: a failure in the same shell skips the jobs after it. */
  stopOnFailure: boolean;
}

/**
 * What a command shell (`sh -s 0 <command words>`) reads from its stdin to run the command on one
 * message. The command is a simple command, which sh starts with a vfork where a subshell would
 * take a full fork; the message's variables are assignments before it, so they reach that command
 * alone, and the body is on its stdin. "$1" carries the last exit status from job to job (the
 * shell has no variable of its own that a command could see); the rest of "$@" is what to exec.
 * Then the trailer: on stdout the marker and the status (SKIPPED when it did not run), on stderr
 * the marker. Whatever came before it on each stream was the command's.
 */
export function jobScript(job: JobScript): string {
  const assignments = Object.entries(job.variables).map(([name, value]) => `${name}=${quote(value)} `);
  const go = `${job.stopOnFailure ? '[ "$1" = 0 ] && ' : ''}[ ! -e ${quote(job.stop)} ]`;
  const run = `shift; ${assignments.join('')}"$@" <${quote(job.body)}; set -- "$?" "$@"; printf '${job.marker}%03d' "$1"`;
  return `if ${go}; then ${run}; else printf '${job.marker}${SKIPPED}'; fi; printf '${job.marker}' >&2\n`;
}

/**
 * The shell's first line: it removes the directory of the messages' files when it ends, so a
 * killed mqcli (SIGKILL leaves it no time) leaves nothing behind: its stdin ends, or its next
 * trailer meets a closed pipe (SIGPIPE, caught here; a caught signal is the default again in
 * the commands, where an ignored one would not be).
 */
export function cleanupScript(dir: string): string {
  const remove = `rm -rf ${quote(dir)}`;
  return `trap ${quote(remove)} EXIT; trap ${quote(`${remove}; exit 141`)} PIPE\n`;
}

/** In single quotes sh keeps every byte as it is; a single quote itself is closed, escaped and reopened. */
function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
