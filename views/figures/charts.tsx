/**
 * Small SVG charts drawn on the server: no script, no library, nothing fetched. They scale to the
 * width of a 360 px phone (viewBox, width 100 %), print in black and white (the two series differ by
 * fill and outline, not by colour alone), and each carries its numbers as text for screen readers.
 */
import { formatNumber } from '../../src/i18n/format';
import type { Locale } from '../../src/i18n/catalogue';

const W = 320;
const DARK = '#1f4e79';
const LIGHT = '#c6dbef';

export type Bar = { label: string; value: number; href?: string };

/** Horizontal bars, one row per item: the label above its bar, the value at the bar's end. */
export function BarChart(props: { title: string; items: Bar[]; locale: Locale; empty: string }) {
  const max = Math.max(0, ...props.items.map((i) => i.value));
  if (props.items.length === 0 || max === 0) return <p class="muted">{props.empty}</p>;
  const row = 34;
  const h = props.items.length * row + 4;
  const summary = props.items.map((i) => `${i.label}: ${formatNumber(props.locale, i.value)}`).join('; ');
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      {/* With links to the devices behind each bar the chart is a group of links, not one picture (an image cannot hold controls). */}
      <svg viewBox={`0 0 ${W} ${h}`} width="100%" role={props.items.some((i) => i.href) ? 'group' : 'img'} aria-label={`${props.title}. ${summary}`} xmlns="http://www.w3.org/2000/svg">
        <title>{`${props.title}. ${summary}`}</title>
        {props.items.map((item, i) => {
          const y = i * row;
          const len = Math.max(1, (item.value / max) * (W - 60));
          const bar = (
            <>
              <text x="0" y={y + 11} font-size="11" fill="#1b1f24">
                {item.label}
              </text>
              <rect x="0" y={y + 15} width={len.toFixed(1)} height="13" fill={DARK} />
              <text x={(len + 4).toFixed(1)} y={y + 26} font-size="11" fill="#1b1f24">
                {formatNumber(props.locale, item.value)}
              </text>
            </>
          );
          return item.href ? <a href={item.href}>{bar}</a> : bar;
        })}
      </svg>
    </figure>
  );
}

/** Two series per period as side-by-side columns (received and reused per month). */
export function PairedColumns(props: { title: string; groups: { label: string; a: number; b: number }[]; legend: [string, string]; locale: Locale; empty: string }) {
  const max = Math.max(0, ...props.groups.flatMap((g) => [g.a, g.b]));
  if (max === 0) return <p class="muted">{props.empty}</p>;
  const top = 22;
  const plot = 120;
  const h = top + plot + 18;
  const gw = W / props.groups.length;
  const bw = Math.max(2, gw / 2 - 2);
  const summary = props.groups.map((g) => `${g.label}: ${formatNumber(props.locale, g.a)} / ${formatNumber(props.locale, g.b)}`).join('; ');
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} width="100%" role="img" aria-label={`${props.title} (${props.legend.join(', ')}). ${summary}`} xmlns="http://www.w3.org/2000/svg">
        <title>{`${props.title} (${props.legend.join(', ')}). ${summary}`}</title>
        <rect x="0" y="4" width="10" height="10" fill={DARK} />
        <text x="14" y="13" font-size="11" fill="#1b1f24">
          {props.legend[0]}
        </text>
        <rect x="110" y="4" width="10" height="10" fill={LIGHT} stroke={DARK} stroke-width="1" />
        <text x="124" y="13" font-size="11" fill="#1b1f24">
          {props.legend[1]}
        </text>
        <text x={W} y="13" font-size="10" fill="#4a5561" text-anchor="end">
          {`max ${formatNumber(props.locale, max)}`}
        </text>
        <line x1="0" y1={top + plot} x2={W} y2={top + plot} stroke="#4a5561" stroke-width="1" />
        {props.groups.map((g, i) => {
          const x = i * gw + 1;
          const ha = (g.a / max) * plot;
          const hb = (g.b / max) * plot;
          return (
            <>
              <rect x={x.toFixed(1)} y={(top + plot - ha).toFixed(1)} width={bw.toFixed(1)} height={ha.toFixed(1)} fill={DARK} />
              <rect x={(x + bw + 1).toFixed(1)} y={(top + plot - hb).toFixed(1)} width={bw.toFixed(1)} height={hb.toFixed(1)} fill={LIGHT} stroke={DARK} stroke-width="0.8" />
              <text x={(x + bw).toFixed(1)} y={top + plot + 13} font-size="9" fill="#1b1f24" text-anchor="middle">
                {g.label}
              </text>
            </>
          );
        })}
      </svg>
    </figure>
  );
}
