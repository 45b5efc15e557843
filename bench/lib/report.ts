/** One line of a scenario's table: ours next to the baseline, their ratio, and the target. */
export interface Row {
  metric: string;
  ours: number | string | null;
  baseline?: number | string | null;
  /** ours / baseline (for latencies the caller may leave it out). */
  ratio?: number | null;
  target?: string;
  /** Whether the target is met; null when there is none or numbers are not judged (quick mode). */
  met?: boolean | null;
}

export interface ScenarioReport {
  name: string;
  title: string;
  notes: string[];
  rows: Row[];
  /** Everything measured, for latest.json. */
  details: Record<string, unknown>;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return String(value);
};

export function tableLines(report: ScenarioReport, markdown = false): string[] {
  const header = ['metric', 'ours', 'baseline', 'ratio', 'target', 'met'];
  const rows = report.rows.map((r) => [
    r.metric,
    cell(r.ours),
    cell(r.baseline),
    r.ratio === null || r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '—',
    r.met === null || r.met === undefined ? '—' : r.met ? 'yes' : 'NO',
  ]);
  if (markdown) {
    return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  }
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function printReport(report: ScenarioReport): void {
  const out = [`\n== ${report.title} ==`, ...tableLines(report), ...report.notes.map((n) => `  · ${n}`), ''];
  process.stdout.write(out.join('\n') + '\n');
}

export const ratioOf = (ours: number, baseline: number): number | null => (baseline > 0 ? Math.round((ours / baseline) * 100) / 100 : null);
