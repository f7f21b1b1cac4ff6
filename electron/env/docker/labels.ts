// Every Docker object nslab creates carries these labels, so cleanup never guesses.
export const LABEL_SESSION = 'nslab.session';
export const LABEL_LAB = 'nslab.lab';
/** what a container of a session is when it is not the lab box itself */
export const LABEL_ROLE = 'nslab.role';
export const PROBE_ROLE = 'probe';

export function sessionLabels(sessionId: string, labId: string): Record<string, string> {
  return { [LABEL_SESSION]: sessionId, [LABEL_LAB]: labId };
}

/** Docker API label filter: every nslab object, or one session's. */
export function labelFilter(sessionId?: string): { label: string[] } {
  return { label: [sessionId ? `${LABEL_SESSION}=${sessionId}` : LABEL_SESSION] };
}
