// GET /v1/policies and GET /v2/policies: the account's policies the caller may read, filtered, sorted and
// paged as IBM's API does (account_id required; iam_id, access_group_id, type, service_type, service_name,
// service_group_id, tag_name/tag_value, state, sort, limit/start). Paging is by position in the sorted list;
// `start` is an opaque token holding it. Limit: 1..100, 50 by default (IBM's default and maximum are not
// documented).
import type { PageLink } from '../../wire/policies.js';
import type { Principal } from '../access.js';
import { servicesOfGroup } from './catalogue.js';
import { PolicyError, accessDenied, missingQuery } from './errors.js';
import type { PolicyEngine } from './engine.js';
import { toRecord, type PolicyRow } from './policy-store.js';
import type { PolicyRecord } from './shapes.js';

export const POLICY_LIMIT_DEFAULT = 50;
export const POLICY_LIMIT_MAX = 100;

const SORTABLE = ['id', 'type', 'href', 'created_at', 'created_by_id', 'last_modified_at', 'last_modified_by_id', 'state', 'last_permit_at', 'last_permit_frequency'];

export interface PolicyPage {
  items: PolicyRecord[];
  limit: number;
  first: PageLink;
  next?: PageLink;
  previous?: PageLink;
}

const bad = (param: string, value: string, valid?: string): PolicyError =>
  new PolicyError(400, 'invalid_query_parameter', `Invalid value '${value.slice(0, 60)}' for query parameter '${param}'.${valid ? ` Valid values are: ${valid}.` : ''}`);

export function listPolicies(pe: PolicyEngine, p: Principal, q: URLSearchParams, api: 1 | 2, base: string): PolicyPage {
  const account = q.get('account_id');
  if (!account) throw missingQuery('account_id');
  if (account !== p.account_id) throw accessDenied('iam.policy.read', p.iam_id, `a/${account}`);
  const limit = parseLimit(q.get('limit'));
  const start = parseStart(q.get('start'));
  const state = q.get('state') ?? 'active';
  if (state !== 'active' && state !== 'deleted') throw bad('state', state, 'active, deleted');
  const type = q.get('type');
  if (type !== null && type !== 'access' && type !== 'authorization') throw bad('type', type, 'access, authorization');
  const serviceType = q.get('service_type');
  if (serviceType !== null && serviceType !== 'service' && serviceType !== 'platform_service') throw bad('service_type', serviceType, 'service, platform_service');
  const groupServices = q.get('service_group_id') !== null && api === 2 ? servicesOfGroup(q.get('service_group_id')!) : undefined;
  const sort = q.get('sort');
  const sortKey = sort?.replace(/^-/, '');
  if (sortKey !== undefined && !SORTABLE.includes(sortKey)) throw bad('sort', sort!, SORTABLE.join(', '));

  const rows = pe.store.read(() => {
    const mine = pe.ps.activeOfSubject(p.iam_id);
    const iamId = q.get('iam_id');
    const candidates = iamId !== null ? pe.ps.policiesOfSubject(account, iamId) : pe.ps.policiesOf(account);
    return candidates.filter((row) =>
      (state === 'active' ? row.state === 'active' : row.state !== 'active')
      && (q.get('access_group_id') === null || row.subject_group_id === q.get('access_group_id'))
      && (type === null || row.type === type)
      && (serviceType === null || row.service_type === serviceType)
      && (q.get('service_name') === null || row.service_name === q.get('service_name'))
      && (groupServices === undefined || (row.service_name !== null && groupServices.includes(row.service_name)))
      && tagMatches(row, q.get('tag_name'), q.get('tag_value'))
      && pe.mayRead(p, row, mine));
  });
  // Only a sort needs every record parsed; otherwise only the page's rows are (an account may hold 4,020).
  let items: PolicyRecord[];
  if (sortKey) {
    const records = rows.map(toRecord);
    sortRecords(records, sortKey, sort!.startsWith('-'), base);
    items = records.slice(start, start + limit);
  } else {
    items = rows.slice(start, start + limit).map(toRecord);
  }
  const link = (s: number): string => {
    const u = new URLSearchParams(q);
    u.delete('start');
    if (s > 0) u.set('start', encodeStart(s));
    return `${base}?${u.toString()}`;
  };
  return {
    items, limit, first: { href: link(0) },
    ...(start + limit < rows.length ? { next: { href: link(start + limit), start: encodeStart(start + limit) } } : {}),
    ...(start > 0 ? { previous: { href: link(Math.max(0, start - limit)), ...(start - limit > 0 ? { start: encodeStart(start - limit) } : {}) } } : {}),
  };
}

function tagMatches(row: PolicyRow, name: string | null, value: string | null): boolean {
  if (name === null && value === null) return true;
  const doc = JSON.parse(row.doc) as { resources?: { tags?: { name: string; value: string }[] }[]; resource?: { tags?: { key: string; value: string }[] } };
  const tags = row.api === 1 ? (doc.resources?.[0]?.tags ?? []) : (doc.resource?.tags ?? []).map((t) => ({ name: t.key, value: t.value }));
  return tags.some((t) => (name === null || t.name === name) && (value === null || t.value === value));
}

function sortRecords(records: PolicyRecord[], key: string, desc: boolean, base: string): void {
  const value = (r: PolicyRecord): string | number => {
    switch (key) {
      case 'created_at': return r.created_at;
      case 'last_modified_at': return r.modified_at;
      case 'created_by_id': return r.created_by;
      case 'last_modified_by_id': return r.modified_by;
      case 'href': return `${base}/${r.id}`;
      case 'id': return r.id;
      case 'type': return r.type;
      case 'state': return r.state;
      default: return '';
    }
  };
  records.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  });
}

function parseLimit(v: string | null): number {
  if (v === null) return POLICY_LIMIT_DEFAULT;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > POLICY_LIMIT_MAX) throw bad('limit', v, `1 to ${POLICY_LIMIT_MAX}`);
  return n;
}

const encodeStart = (n: number): string => Buffer.from(`p:${n}`).toString('base64url');

function parseStart(v: string | null): number {
  if (v === null || v === '') return 0;
  const m = /^p:(\d{1,9})$/.exec(Buffer.from(v, 'base64url').toString('utf8'));
  if (!m) throw bad('start', v);
  return Number(m[1]);
}
