import type { Run } from '../core/context.js';
import type { OpsApi } from '../core/ops/api.js';
import type { Change } from '../core/ops/plan.js';

/** Reads the file (exit 2 before any connection when it is bad), then the broker, and plans. */
export async function planFor(
  run: Run,
  file: string,
  prune: boolean,
  name: string,
  before?: (ops: OpsApi) => Promise<unknown>,
): Promise<{ ops: OpsApi; changes: Change[]; counts: ReturnType<typeof import('../core/ops/plan.js').summary> }> {
  const [{ readTopologyFile }, { opsApi }, { readTopology }, { plan, summary }] = await Promise.all([
    import('../core/ops/topology-file.js'),
    import('../core/ops/api.js'),
    import('../core/ops/topology-read.js'),
    import('../core/ops/plan.js'),
  ]);
  const desired = await readTopologyFile(file);
  const ops = await opsApi(run, name);
  await before?.(ops);
  const withPasswordHashes = desired.users?.some((user) => user.passwordHash !== undefined) === true;
  const actual = await readTopology(ops, { withUsers: desired.users !== undefined || desired.permissions !== undefined, withPasswordHashes });
  const changes = plan(desired, actual, prune);
  return { ops, changes, counts: summary(changes) };
}
