import type { View } from '../view';

/** A scanned tag that is a blank pre-printed label: what it is, and the way to put it to use. */
export function BlankLabelPage({ v, tag, hub, claimed, canIntake }: { v: View; tag: string; hub: string; claimed: boolean; canIntake: boolean }) {
  return (
    <article>
      <p class="muted">{v.t('labels.blank.page', { hub })}</p>
      <h1>
        <span class="tag tag-big">{tag}</span>
      </h1>
      <p>{claimed ? v.t('scan.blank.claimed', { hub }) : v.t('labels.blank.unclaimed')}</p>
      {!claimed && canIntake ? (
        <p>
          <a class="button big" href={`/donations/new?tag=${tag}`}>
            {v.t('labels.blank.useIt')}
          </a>
        </p>
      ) : null}
    </article>
  );
}
