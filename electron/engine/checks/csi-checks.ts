// Pure: the csi.calls check over the call log of nslab's CSI driver. The
// volume is found by the CreateVolume that named the learner's claim (the
// external-provisioner passes its namespace and name), so the check still
// answers after the claim and its PV are gone: DeleteVolume is the lesson then.
import type { Check } from '../../shared/lab';
import type { CsiCall } from '../../shared/csi-call';
import type { Verdict } from './namespace-checks';

type CsiCallsCheck = Extract<Check, { check: 'csi.calls' }>;

/** Whether `wanted` appears in `seen` in order, others allowed between. */
export function inOrder(seen: readonly string[], wanted: readonly string[]): boolean {
  let next = 0;
  for (const method of seen) if (method === wanted[next]) next++;
  return next === wanted.length;
}

/** A → B → C, a call retried (the kubelet retries) shown once. */
const describeSequence = (methods: string[]) => methods.filter((m, i) => m !== methods[i - 1]).join(' → ') || 'no call';

/** The newest volume the driver made for this claim: the index of its CreateVolume, or -1. */
const createdFor = (calls: readonly CsiCall[], claim: string, before = calls.length) =>
  calls.slice(0, before).findLastIndex((c) => c.method === 'CreateVolume' && c.code === 'OK' && c.claim === claim);

/**
 * restoredFrom: the CreateVolume named a snapshot (its content source), and
 * that snapshot is one the driver took of the other claim's volume: a claim
 * made empty, or restored from another volume's snapshot, says so.
 */
function restoreVerdict(calls: readonly CsiCall[], created: number, source: string): { pass: boolean; found: string } {
  const restored = calls[created]!;
  if (!restored.snapshotId) return { pass: false, found: `CreateVolume made ${restored.volumeId} empty: it named no snapshot to restore (the claim has no dataSource)` };
  const taken = calls.find((c) => c.method === 'CreateSnapshot' && c.code === 'OK' && c.snapshotId === restored.snapshotId);
  const sourceCreated = createdFor(calls, source, created);
  const sourceVolume = sourceCreated < 0 ? undefined : calls[sourceCreated]!.volumeId;
  const from = taken ? `snapshot ${restored.snapshotId}, which the driver took of volume ${taken.volumeId}` : `snapshot ${restored.snapshotId}, which this driver never took`;
  return {
    pass: taken !== undefined && taken.volumeId === sourceVolume,
    found: `CreateVolume restored ${restored.volumeId} from ${from}${sourceVolume ? ` (claim ${source}'s volume is ${sourceVolume})` : ` (the driver made no volume for claim ${source})`}`,
  };
}

const describeRefusal = (c: CsiCall) => `${c.method} ${c.code}${c.error ? ` (${c.error})` : ''}`;

export function csiCalls(check: CsiCallsCheck, calls: readonly CsiCall[], namespace: string): Verdict {
  const claim = `${namespace}/${check.claim}`;
  const expected = [
    `the CSI driver's calls for the volume of claim ${check.claim}: ${check.sequence.join(' → ')}, each answered OK`,
    check.absent?.length ? `and no ${check.absent.join(' or ')}` : '',
    check.restoredFrom ? `with its CreateVolume restoring a snapshot of claim ${check.restoredFrom}'s volume` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const created = createdFor(calls, claim);
  if (created < 0) {
    const failed = calls.findLast((c) => c.method === 'CreateVolume' && c.claim === claim);
    return {
      pass: false,
      expected,
      found: failed
        ? `CreateVolume for claim ${claim} failed: ${failed.code} ${failed.error ?? ''}`.trim()
        : `the driver made no volume for claim ${claim} (its log holds ${calls.length} call(s); a claim of a class whose provisioner is csi.nslab.dev makes one)`,
    };
  }
  const volumeId = calls[created]!.volumeId;
  const answered = calls.slice(created).filter((c) => c.volumeId === volumeId && c.code === 'OK').map((c) => c.method);
  const refused = calls.slice(created).filter((c) => c.volumeId === volumeId && c.code !== 'OK');
  // ABORTED: refused while another call for the volume ran; its caller retries, so not a failure.
  const failures = refused.filter((c) => c.code !== 'ABORTED');
  const retried = refused.filter((c) => c.code === 'ABORTED');
  const forbidden = (check.absent ?? []).filter((m) => answered.includes(m));
  const restore = check.restoredFrom ? restoreVerdict(calls, created, `${namespace}/${check.restoredFrom}`) : undefined;
  return {
    pass: inOrder(answered, check.sequence) && forbidden.length === 0 && (restore?.pass ?? true),
    expected,
    found: [
      `for volume ${volumeId} the driver answered ${describeSequence(answered)}`,
      forbidden.length ? `(${forbidden.join(', ')} among them)` : '',
      failures.length ? `; failed: ${failures.slice(-3).map(describeRefusal).join(', ')}` : '',
      retried.length ? `; retried: ${retried.slice(-3).map(describeRefusal).join(', ')} (another call for the volume was running; the caller tried again)` : '',
      restore ? `; ${restore.found}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}
