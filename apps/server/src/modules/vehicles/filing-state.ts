import type { FilingStatus } from '@cargo-window/contracts';

/** What can be done to a filing: 暂存 again (edit), 申报 (declare), 审核通过 (approve), 退回 (return). */
export type FilingAction = 'edit' | 'declare' | 'approve' | 'return';

export type FilingRefusal = 'FILING_NOT_EDITABLE' | 'FILING_NOT_DECLARABLE' | 'FILING_NOT_REVIEWABLE';

export type FilingTransition = { ok: true; to: FilingStatus } | { ok: false; code: FilingRefusal };

const refusals: Record<FilingAction, FilingRefusal> = {
  edit: 'FILING_NOT_EDITABLE',
  declare: 'FILING_NOT_DECLARABLE',
  approve: 'FILING_NOT_REVIEWABLE',
  return: 'FILING_NOT_REVIEWABLE',
};

const to = (status: FilingStatus): FilingTransition => ({ ok: true, to: status });
const refuse = (action: FilingAction): FilingTransition => ({ ok: false, code: refusals[action] });

/**
 * The filing state machine: draft → declared → approved | returned; returned → declared,
 * optionally edited first (an edit keeps it returned). Approved is final.
 */
export function filingTransition(status: FilingStatus, action: FilingAction): FilingTransition {
  switch (status) {
    case 'draft':
      if (action === 'edit') return to('draft');
      if (action === 'declare') return to('declared');
      return refuse(action);
    case 'returned':
      if (action === 'edit') return to('returned');
      if (action === 'declare') return to('declared');
      return refuse(action);
    case 'declared':
      if (action === 'approve') return to('approved');
      if (action === 'return') return to('returned');
      return refuse(action);
    case 'approved':
      return refuse(action);
    default: {
      const unknown: never = status;
      throw new Error(`unknown filing status ${String(unknown)}`);
    }
  }
}
