/**
 * A horizontal stacked bar chart for the terminal: one row per bar, segments drawn with different fill
 * characters (so it reads without color), an optional threshold marker, and a legend. Fits `width`
 * columns (80 by default).
 */
import stringWidth from 'string-width';

export interface ChartSegment {
  label: string;
  fill: string;
  /** Colors the fill when color is on. */
  color?: (s: string) => string;
}

export interface ChartRow {
  label: string;
  /** One value per segment, each ≥ 0; stacked left to right. */
  values: number[];
  /** Text after the bar (e.g. the total). */
  note: string;
  /** A threshold drawn as `marker` where the bar does not reach it. */
  threshold?: number | undefined;
}

export interface ChartOptions {
  segments: ChartSegment[];
  width?: number;
  marker?: { char: string; label: string } | undefined;
}

const charWidth = (s: string) => [...s].length;

/** Cells of a value on a scale, rounding so that any positive value shows at least one cell. */
function cells(value: number, scale: number): number {
  if (value <= 0 || scale <= 0) return 0;
  return Math.max(1, Math.round(value * scale));
}

export function renderStackedBars(rows: readonly ChartRow[], options: ChartOptions): string {
  const width = options.width ?? 80;
  const labelWidth = Math.min(24, Math.max(0, ...rows.map((r) => charWidth(r.label))));
  const noteWidth = Math.min(28, Math.max(0, ...rows.map((r) => charWidth(r.note))));
  const barWidth = Math.max(10, width - labelWidth - noteWidth - 4);
  const max = Math.max(0, ...rows.map((r) => Math.max(r.values.reduce((s, v) => s + Math.max(0, v), 0), r.threshold ?? 0)));
  const scale = max > 0 ? barWidth / max : 0;
  const lines: string[] = [];
  for (const row of rows) {
    let bar = '';
    let used = 0;
    // Cumulative rounding keeps each bar's total length proportional to its total.
    let cumulative = 0;
    row.values.forEach((v, i) => {
      const seg = options.segments[i];
      if (!seg || v <= 0) return;
      cumulative += v;
      const end = Math.min(barWidth, Math.max(used + 1, cells(cumulative, scale)));
      const n = end - used;
      if (n <= 0) return;
      const text = seg.fill.repeat(n);
      bar += seg.color ? seg.color(text) : text;
      used = end;
    });
    let rest = ' '.repeat(barWidth - used);
    if (row.threshold !== undefined && options.marker && row.threshold > 0) {
      const at = Math.min(barWidth - 1, Math.max(0, Math.round(row.threshold * scale) - 1));
      if (at >= used) rest = `${' '.repeat(at - used)}${options.marker.char}${' '.repeat(barWidth - at - 1)}`;
    }
    const label = truncate(row.label, labelWidth).padEnd(labelWidth);
    lines.push(`${label}  ${bar}${rest}  ${truncate(row.note, noteWidth)}`.trimEnd());
  }
  const legend = options.segments.map((s) => `${s.color ? s.color(s.fill) : s.fill} ${s.label}`);
  if (options.marker) legend.push(`${options.marker.char} ${options.marker.label}`);
  // Under the bars when it fits there, else from the left edge (a narrow terminal).
  const legendText = legend.join('   ');
  const legendWidth = stringWidth(legendText);
  lines.push(labelWidth + 2 + legendWidth <= width ? `${' '.repeat(labelWidth)}  ${legendText}` : legendText);
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
