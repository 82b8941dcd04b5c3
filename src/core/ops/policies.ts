import { compare, filtered, type OpsApi, vhostGet } from './api.js';

/** A policy as the management API gives it. */
export interface ApiPolicy {
  name: string;
  vhost: string;
  pattern: string;
  'apply-to': string;
  priority: number;
  definition: Record<string, unknown>;
}

/** One row of `policy list`: `kind` tells a user policy from an operator policy. */
export interface PolicyRow {
  name: string;
  kind: 'policy' | 'operator';
  pattern: string;
  applyTo: string;
  priority: number;
  definition: Record<string, unknown>;
}

/** The vhost's user policies as the API gives them. */
export function apiPolicies(ops: OpsApi): Promise<ApiPolicy[]> {
  return vhostGet<ApiPolicy[]>(ops, 'policies');
}

/** `policy list`: the vhost's policies and operator policies, filtered by name. */
export async function policyList(ops: OpsApi, filter: string | undefined): Promise<PolicyRow[]> {
  const [user, operator] = await Promise.all([apiPolicies(ops), vhostGet<ApiPolicy[]>(ops, 'operator-policies')]);
  const row =
    (kind: PolicyRow['kind']) =>
    (p: ApiPolicy): PolicyRow => ({
      name: p.name,
      kind,
      pattern: p.pattern,
      applyTo: p['apply-to'],
      priority: p.priority,
      definition: p.definition,
    });
  const rows = [...user.map(row('policy')), ...operator.map(row('operator'))];
  return filtered(rows, (r) => r.name, filter).sort((a, b) => compare(a.name, b.name) || compare(a.kind, b.kind));
}
