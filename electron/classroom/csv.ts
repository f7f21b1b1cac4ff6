// The class table as CSV for a spreadsheet: one line per learner × step (the
// long form, which sorts and filters well), RFC 4180 quoting, and no cell a
// spreadsheet would run as a formula. Pure.
import { cellKey, type ClassTable } from '../shared/classroom';

const HEADER = ['learner', 'lab', 'lab_title', 'step', 'step_title', 'status', 'checked_at', 'problems'];

export function tableCsv(table: ClassTable): string {
  const lines = [HEADER];
  for (const row of table.rows) {
    for (const lab of table.labs) {
      for (const step of lab.steps) {
        const cell = row.cells[cellKey(lab.id, step.id)];
        lines.push([row.learner, lab.id, lab.title, step.id, step.title, cell?.status ?? 'not checked', cell?.checkedAt ?? '', cell?.problems.join(' | ') ?? '']);
      }
    }
  }
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Learner names and check messages come from learners: a cell that starts like
 * a formula (= + - @, or a tab or carriage return before one) is prefixed with
 * an apostrophe so the spreadsheet shows it as text (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
